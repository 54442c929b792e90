#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/change_file_writer.h"

namespace cdc::format {

// One row of a CSV file: its fields in order, each a string or NULL. A field is NULL when it was
// written unquoted and equals CsvNullValue; a quoted field is always a string, so with Rfc4180 a
// quoted "" is the empty string even when CsvNullValue is "". The views stay valid until the row
// is read into again.
class CsvRow {
 public:
  size_t size() const { return ends_.size(); }
  std::string_view field(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(begin, ends_[i] - begin);
  }
  bool is_null(size_t i) const { return (flags_[i] & kNull) != 0; }
  bool quoted(size_t i) const { return (flags_[i] & kQuoted) != 0; }

 private:
  friend class CsvReader;
  static constexpr uint8_t kNull = 1;
  static constexpr uint8_t kQuoted = 2;

  void Clear() {
    bytes_.clear();
    ends_.clear();
    flags_.clear();
  }

  std::string bytes_;         // the fields' bytes, unquoted, back to back
  std::vector<size_t> ends_;  // end offset of each field in bytes_
  std::vector<uint8_t> flags_;
};

// Reads a CSV file as written by a CsvSettings dialect -- ours or DMS's -- optionally gzip
// compressed (one or more gzip members), row by row, with bounded memory (one chunk of input
// plus the current row).
//
// The parse is strict, because the files are change data and a misread row is silent data loss:
// every row must end with CsvRowDelimiter (a file cut short is Corruption, not a shorter last
// row); under Rfc4180 a quote may only open a field, and a closing quote must be followed by a
// delimiter. Without Rfc4180 quotes are ordinary bytes. Carriage returns are data unless they
// belong to a delimiter. The header row (AddColumnName) is returned like any other row.
//
// Not thread-safe. Memory use does not depend on the file's size, only on its longest row.
class CsvReader {
 public:
  // Where the bytes come from (a file, memory, a gzip decoder over either); defined in the .cc.
  class Source;

  // Opens the file at `path`. InvalidArgument for a dialect that cannot be parsed back
  // (ValidateCsvSettings), IOError when the file cannot be opened.
  static Result<std::unique_ptr<CsvReader>> Open(const std::string& path, const CsvSettings& csv,
                                                 Compression compression);
  // Reads `bytes`, which must outlive the reader.
  static Result<std::unique_ptr<CsvReader>> FromBytes(std::string_view bytes, const CsvSettings& csv,
                                                      Compression compression);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next row into *row. false at the end of the file. Corruption for malformed input
  // (or malformed gzip), naming the row number, the line and the byte offset in the uncompressed
  // text; IOError when reading fails. After an error the reader is not usable.
  Result<bool> Next(CsvRow* row);

  // Rows returned so far.
  uint64_t rows_read() const { return rows_read_; }

 private:
  enum class FieldEnd : uint8_t { kField, kRow };

  CsvReader(std::string name, const CsvSettings& csv, std::unique_ptr<Source> source, size_t chunk);

  Result<FieldEnd> ReadField(CsvRow* row);
  Result<FieldEnd> ReadQuotedField(CsvRow* row);
  // At a field's end: consumes the delimiter or row delimiter at pos_ and finishes the field that
  // starts at row->bytes_[start]. nullopt when neither is at pos_; Corruption at the end of input.
  Result<std::optional<FieldEnd>> EndField(CsvRow* row, size_t start, bool quoted);
  // Ensures `need` bytes are buffered after pos_, unless the input ends first.
  Status Fill(size_t need);
  bool At(std::string_view text) const;
  void TakeData(CsvRow* row, size_t from, size_t to);
  void FinishField(CsvRow* row, size_t start, bool quoted);
  uint64_t offset() const { return base_offset_ + pos_; }
  Status Malformed(std::string_view what) const;

  const std::string name_;
  const CsvSettings csv_;
  std::unique_ptr<Source> source_;
  bool stop_[256] = {};  // bytes that end a run of plain field bytes
  size_t delimiter_newlines_ = 0;
  size_t row_delimiter_newlines_ = 0;

  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool input_ended_ = false;
  uint64_t base_offset_ = 0;  // stream offset of buffer_[0]
  uint64_t line_ = 1;         // line (1-based, counting '\n') at pos_
  uint64_t rows_read_ = 0;
  bool failed_ = false;
};

}  // namespace cdc::format
