#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "format/parquet/parquet_metadata.h"

namespace cdc::format::parquet {

// The values of one leaf column across all row groups, by physical type.
struct ColumnValues {
  std::vector<bool> present;         // per row: false = null
  std::vector<uint64_t> numbers;     // INT32 (sign-extended), INT64, FLOAT/DOUBLE bits: one per non-null value
  std::vector<std::string> bytes;    // BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY / INT96: one per non-null value
  std::vector<Encoding> page_encodings;  // encoding of each data page, in order
  size_t dictionary_pages = 0;
};

// The 12 bytes of an INT96 timestamp: nanoseconds of the day (8 bytes), then the Julian day number
// (4 bytes), both little-endian.
inline constexpr size_t kInt96Bytes = 12;
// Microseconds since 1970-01-01 00:00 UTC of an INT96 timestamp; the nanoseconds below a microsecond
// are dropped (rounded toward negative infinity). Corruption for a nanosecond count past a day.
Result<int64_t> Int96ToMicros(std::string_view int96);

// Reads a flat Parquet file held in memory: the footer, then whole columns. Handles what
// lakefeed writes and the common shapes of other writers' flat files: PLAIN and dictionary
// encodings (PLAIN_DICTIONARY, RLE_DICTIONARY), the 2.0 encodings DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT, BOOLEAN (PLAIN and RLE), data
// pages v1 and v2, RLE definition levels, UNCOMPRESSED/SNAPPY/GZIP/ZSTD. Nested schemas
// (repetition) are refused with NotSupported. BOOLEAN values come back as numbers 0/1; INT96 (the
// timestamps of Spark and Impala) as their 12 bytes, which Int96ToMicros reads.
// Not thread-safe; `contents` is copied in.
class ParquetFileReader {
 public:
  // Corruption when the magic, the footer length or the footer is malformed.
  static Result<ParquetFileReader> Open(std::string contents);

  const FileMetaData& metadata() const { return metadata_; }
  // Leaf columns in order (the schema minus its root).
  size_t column_count() const { return metadata_.schema.size() - 1; }
  const SchemaElement& column_schema(size_t column_idx) const { return metadata_.schema[column_idx + 1]; }

  // Decodes leaf column `column_idx` of every row group. Corruption on malformed pages, and when
  // the column holds more than max_values() values (rows, nulls included).
  Result<ColumnValues> ReadColumn(size_t column_idx) const;

  // A bound on what one ReadColumn decodes, so that a small malformed file cannot claim billions
  // of values (each page is also capped at kMaxPageBytes uncompressed).
  static constexpr size_t kMaxPageBytes = size_t{256} << 20;
  size_t max_values() const { return max_values_; }
  void set_max_values(size_t max_values) { max_values_ = max_values; }

 private:
  std::string contents_;
  size_t max_values_ = size_t{1} << 30;
  FileMetaData metadata_;
};

}  // namespace cdc::format::parquet
