#include "format/csv/csv_reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "format/csv/csv_dialect.h"

namespace cdc::format {

class CsvReader::Source {
 public:
  virtual ~Source() = default;
  // Reads up to `capacity` bytes into dst; 0 at the end of the input.
  virtual Result<size_t> Read(char* dst, size_t capacity) = 0;
};

namespace {

// Input is read this much at a time; bytes already in memory that are shorter take a smaller
// buffer (at least kMinChunk).
constexpr size_t kReadChunk = 256 * 1024;
constexpr size_t kMinChunk = 4096;

class FileSource final : public CsvReader::Source {
 public:
  FileSource(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~FileSource() override { close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<size_t> Read(char* dst, size_t capacity) override {
    while (true) {
      ssize_t n = read(fd_, dst, capacity);
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return Status::IOError("read " + path_, std::strerror(errno));
    }
  }

 private:
  const std::string path_;
  const int fd_;
};

class MemorySource final : public CsvReader::Source {
 public:
  explicit MemorySource(std::string_view bytes) : rest_(bytes) {}

  Result<size_t> Read(char* dst, size_t capacity) override {
    size_t n = std::min(capacity, rest_.size());
    std::memcpy(dst, rest_.data(), n);
    rest_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view rest_;
};

// Inflates gzip (RFC 1952) from another source. Accepts several members back to back, as gzip -d
// does; anything after the last member that is not a member, and a member cut short, is
// Corruption.
class GzipSource final : public CsvReader::Source {
 public:
  GzipSource(std::string name, std::unique_ptr<CsvReader::Source> compressed, size_t chunk)
      : name_(std::move(name)),
        compressed_(std::move(compressed)),
        chunk_(chunk),
        input_(std::make_unique_for_overwrite<char[]>(chunk)) {}
  ~GzipSource() override {
    if (ready_) inflateEnd(&stream_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  Status Init() {
    if (inflateInit2(&stream_, 15 + 16) != Z_OK)
      return Status::IOError("gzip " + name_, "inflateInit2 failed");
    ready_ = true;
    return Status::OK();
  }

  Result<size_t> Read(char* dst, size_t capacity) override {
    if (done_ || capacity == 0) return size_t{0};
    stream_.next_out = reinterpret_cast<Bytef*>(dst);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, UINT32_MAX));
    const uInt room = stream_.avail_out;
    while (stream_.avail_out == room) {  // until some output, or the end
      if (stream_.avail_in == 0 && !compressed_ended_) {
        CDC_ASSIGN_OR_RETURN(size_t n, compressed_->Read(input_.get(), chunk_));
        if (n == 0) {
          compressed_ended_ = true;
        } else {
          stream_.next_in = reinterpret_cast<Bytef*>(input_.get());
          stream_.avail_in = static_cast<uInt>(n);
          fed_ += n;
        }
      }
      if (stream_.avail_in == 0 && compressed_ended_) {
        if (in_member_) return Corrupt("the compressed stream ends inside a gzip member (file cut short?)");
        if (members_ == 0) return Corrupt("no gzip data (empty file)");
        done_ = true;
        break;
      }
      if (!in_member_) {
        if (members_ > 0) inflateReset(&stream_);
        in_member_ = true;
      }
      const int result = inflate(&stream_, Z_NO_FLUSH);
      if (result == Z_STREAM_END) {
        in_member_ = false;
        ++members_;
      } else if (result != Z_OK && result != Z_BUF_ERROR) {
        return Corrupt(stream_.msg != nullptr ? stream_.msg : "inflate failed");
      }
    }
    return static_cast<size_t>(room - stream_.avail_out);
  }

 private:
  Status Corrupt(std::string_view what) const {
    return Status::Corruption(
        "gzip " + name_ + " at compressed byte " + std::to_string(fed_ - stream_.avail_in), what);
  }

  const std::string name_;
  std::unique_ptr<CsvReader::Source> compressed_;
  const size_t chunk_;
  std::unique_ptr<char[]> input_;
  z_stream stream_{};
  bool ready_ = false;
  bool compressed_ended_ = false;
  bool in_member_ = false;
  bool done_ = false;
  uint64_t members_ = 0;
  uint64_t fed_ = 0;  // compressed bytes handed to zlib
};

Result<std::unique_ptr<CsvReader::Source>> MaybeGunzip(std::string name,
                                                       std::unique_ptr<CsvReader::Source> source,
                                                       Compression compression, size_t chunk) {
  switch (compression) {
    case Compression::kNone:
      return source;
    case Compression::kGzip: {
      auto gzip = std::make_unique<GzipSource>(std::move(name), std::move(source), chunk);
      CDC_RETURN_IF_ERROR(gzip->Init());
      return std::unique_ptr<CsvReader::Source>(std::move(gzip));
    }
  }
  return Status::InvalidArgument("CSV reader", "unknown compression");
}

}  // namespace

CsvReader::CsvReader(std::string name, const CsvSettings& csv, std::unique_ptr<Source> source, size_t chunk)
    : name_(std::move(name)), csv_(csv), source_(std::move(source)) {
  stop_[static_cast<unsigned char>(csv_.delimiter[0])] = true;
  stop_[static_cast<unsigned char>(csv_.row_delimiter[0])] = true;
  if (csv_.rfc4180) stop_[static_cast<unsigned char>('"')] = true;
  delimiter_newlines_ = static_cast<size_t>(std::count(csv_.delimiter.begin(), csv_.delimiter.end(), '\n'));
  row_delimiter_newlines_ =
      static_cast<size_t>(std::count(csv_.row_delimiter.begin(), csv_.row_delimiter.end(), '\n'));
  capacity_ = std::max(chunk, 2 * std::max(csv_.delimiter.size(), csv_.row_delimiter.size()));
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
}

CsvReader::~CsvReader() = default;

Result<std::unique_ptr<CsvReader>> CsvReader::Open(const std::string& path, const CsvSettings& csv,
                                                   Compression compression) {
  CDC_RETURN_IF_ERROR(ValidateCsvSettings(csv));
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("open " + path, std::strerror(errno));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader::Source> source,
                       MaybeGunzip(path, std::make_unique<FileSource>(path, fd), compression, kReadChunk));
  return std::unique_ptr<CsvReader>(new CsvReader(path, csv, std::move(source), kReadChunk));
}

Result<std::unique_ptr<CsvReader>> CsvReader::FromBytes(std::string_view bytes, const CsvSettings& csv,
                                                        Compression compression) {
  CDC_RETURN_IF_ERROR(ValidateCsvSettings(csv));
  const size_t chunk = std::clamp(bytes.size(), kMinChunk, kReadChunk);
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader::Source> source,
                       MaybeGunzip("<memory>", std::make_unique<MemorySource>(bytes), compression, chunk));
  return std::unique_ptr<CsvReader>(new CsvReader("<memory>", csv, std::move(source), chunk));
}

Status CsvReader::Fill(size_t need) {
  if (end_ - pos_ >= need || input_ended_) return Status::OK();
  if (pos_ > 0) {  // keep only the unread tail, at the front
    std::memmove(buffer_.get(), buffer_.get() + pos_, end_ - pos_);
    base_offset_ += pos_;
    end_ -= pos_;
    pos_ = 0;
  }
  while (end_ < need && !input_ended_) {
    CDC_ASSIGN_OR_RETURN(size_t n, source_->Read(buffer_.get() + end_, capacity_ - end_));
    if (n == 0) input_ended_ = true;
    end_ += n;
  }
  return Status::OK();
}

bool CsvReader::At(std::string_view text) const {
  return end_ - pos_ >= text.size() && std::memcmp(buffer_.get() + pos_, text.data(), text.size()) == 0;
}

void CsvReader::TakeData(CsvRow* row, size_t from, size_t to) {
  const char* begin = buffer_.get() + from;
  const char* end = buffer_.get() + to;
  row->bytes_.append(begin, end);
  line_ += static_cast<uint64_t>(std::count(begin, end, '\n'));
}

void CsvReader::FinishField(CsvRow* row, size_t start, bool quoted) {
  uint8_t flags = quoted ? CsvRow::kQuoted : 0;
  if (!quoted && std::string_view(row->bytes_).substr(start) == csv_.null_value) {
    flags = CsvRow::kNull;
    row->bytes_.resize(start);  // a NULL field has no bytes
  }
  row->ends_.push_back(row->bytes_.size());
  row->flags_.push_back(flags);
}

Status CsvReader::Malformed(std::string_view what) const {
  return Status::Corruption("CSV " + name_ + " row " + std::to_string(rows_read_ + 1) + " (line " +
                                std::to_string(line_) + ", byte " + std::to_string(offset()) + ")",
                            what);
}

Result<bool> CsvReader::Next(CsvRow* row) {
  if (failed_) return Status::Corruption("CSV " + name_, "read after an error");
  row->Clear();
  Status status = Fill(1);
  if (status.ok() && pos_ == end_) return false;  // the end of the input, between rows
  while (status.ok()) {
    Result<FieldEnd> field_end = ReadField(row);
    if (!field_end.ok()) {
      status = field_end.status();
      break;
    }
    if (*field_end == FieldEnd::kRow) {
      ++rows_read_;
      return true;
    }
  }
  failed_ = true;
  return status;
}

Result<std::optional<CsvReader::FieldEnd>> CsvReader::EndField(CsvRow* row, size_t start, bool quoted) {
  CDC_RETURN_IF_ERROR(Fill(std::max(csv_.delimiter.size(), csv_.row_delimiter.size())));
  if (pos_ == end_) return Malformed("the file ends inside a row (no row delimiter; file cut short?)");
  if (At(csv_.delimiter)) {
    pos_ += csv_.delimiter.size();
    line_ += delimiter_newlines_;
    FinishField(row, start, quoted);
    return std::optional<FieldEnd>(FieldEnd::kField);
  }
  if (At(csv_.row_delimiter)) {
    pos_ += csv_.row_delimiter.size();
    line_ += row_delimiter_newlines_;
    FinishField(row, start, quoted);
    return std::optional<FieldEnd>(FieldEnd::kRow);
  }
  return std::optional<FieldEnd>();
}

Result<CsvReader::FieldEnd> CsvReader::ReadField(CsvRow* row) {
  CDC_RETURN_IF_ERROR(Fill(1));
  if (csv_.rfc4180 && pos_ < end_ && buffer_[pos_] == '"') return ReadQuotedField(row);
  const size_t start = row->bytes_.size();
  while (true) {
    size_t run_end = pos_;
    while (run_end < end_ && !stop_[static_cast<unsigned char>(buffer_[run_end])]) ++run_end;
    TakeData(row, pos_, run_end);
    pos_ = run_end;
    CDC_ASSIGN_OR_RETURN(std::optional<FieldEnd> field_end, EndField(row, start, false));
    if (field_end.has_value()) return *field_end;
    if (csv_.rfc4180 && buffer_[pos_] == '"') return Malformed("a quote inside an unquoted field");
    TakeData(row, pos_, pos_ + 1);  // the first byte of a delimiter, but not a delimiter
    ++pos_;
  }
}

Result<CsvReader::FieldEnd> CsvReader::ReadQuotedField(CsvRow* row) {
  const uint64_t open_line = line_;
  const uint64_t open_offset = offset();
  const size_t start = row->bytes_.size();
  ++pos_;  // the opening quote
  while (true) {
    const char* from = buffer_.get() + pos_;
    const char* quote = static_cast<const char*>(std::memchr(from, '"', end_ - pos_));
    if (quote == nullptr) {
      TakeData(row, pos_, end_);
      pos_ = end_;
      CDC_RETURN_IF_ERROR(Fill(1));
      if (pos_ == end_) {
        return Status::Corruption("CSV " + name_ + " row " + std::to_string(rows_read_ + 1) + " (line " +
                                      std::to_string(open_line) + ", byte " + std::to_string(open_offset) +
                                      ")",
                                  "a quoted field is never closed");
      }
      continue;
    }
    const size_t quote_pos = static_cast<size_t>(quote - buffer_.get());
    TakeData(row, pos_, quote_pos);
    pos_ = quote_pos + 1;
    CDC_RETURN_IF_ERROR(Fill(1));
    if (pos_ < end_ && buffer_[pos_] == '"') {  // "" inside quotes is one quote
      row->bytes_.push_back('"');
      ++pos_;
      continue;
    }
    break;
  }
  CDC_ASSIGN_OR_RETURN(std::optional<FieldEnd> field_end, EndField(row, start, true));
  if (field_end.has_value()) return *field_end;
  return Malformed("a closing quote not followed by a delimiter");
}

}  // namespace cdc::format
