// The CSV change-file writer: DMS's dialect (docs/change-files.md), rows formatted straight into
// one reused buffer that goes to the file (through zlib when gzip) in 256 KiB chunks. Nothing is
// allocated per row or per value once the buffer has grown to its working size.
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "format/output_file.h"
#include "format/change_file_writer.h"
#include "format/csv/csv_dialect.h"
#include "format/dms_text.h"
#include "model/value_text.h"

namespace cdc::format {
namespace {

using model::ChangeOp;
using model::OutputSource;
using model::ValueKind;

// Rows are gathered up to this size before they go to zlib or write(2).
constexpr size_t kChunkBytes = 256 * 1024;
// zlib's fastest level. Deflate is the costliest step of a gzip file by far; measured on
// sysbench-shaped and mixed-type rows, level 6 (zlib's default) takes about 4x the CPU of level 1
// for files only 6-20% smaller.
constexpr int kGzipLevel = 1;
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip wrapper (RFC 1952)
constexpr int kGzipMemLevel = 8;

// DMS's name for the operation column (Parquet and AddColumnName headers).
constexpr std::string_view kOpColumnName = "Op";

size_t OpIndex(ChangeOp op) {
  return static_cast<size_t>(op);
}

// The bytes the text form of a kind can contain (docs/value-text.md), or nullopt when any byte can.
// Values of a kind whose alphabet holds none of the bytes that force quoting are never scanned.
std::optional<std::string_view> TextAlphabet(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInt64:
      return "-0123456789";
    case ValueKind::kUInt64:
    case ValueKind::kBit:
    case ValueKind::kYear:
      return "0123456789";
    case ValueKind::kFloat:
    case ValueKind::kDouble:
      return "-0123456789.einaf";  // digits, exponent, "nan", "inf"
    case ValueKind::kDecimal:
      return "-0123456789.";
    case ValueKind::kDate:
    case ValueKind::kTime:
    case ValueKind::kDateTime:
    case ValueKind::kTimestamp:
      return "-0123456789:. ";
    case ValueKind::kInet4:
      return "0123456789.";
    case ValueKind::kUuid:
    case ValueKind::kInet6:
      return "0123456789abcdefABCDEF:.-";  // upper-case hex only for malformed lengths
    case ValueKind::kBinary:
    case ValueKind::kGeometry:
      return "0123456789ABCDEF";
    case ValueKind::kVector:
      return "-0123456789.einaf[],";
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kString:
    case ValueKind::kJson:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string ColumnLabel(const model::TableSchema& schema, uint32_t column) {
  const std::string& name = schema.columns[column].name;
  return name.empty() ? "@" + std::to_string(column + 1) : name;
}

std::string TableLabel(const model::TableSchema& schema) {
  return schema.schema_name + "." + schema.table_name;
}

// 16 bytes compared at once when scanning a field for bytes that force quoting.
typedef int8_t ByteVector __attribute__((vector_size(16)));  // NOLINT(modernize-use-using): GCC attribute

// One output column, resolved once when the file is opened.
struct ColumnPlan {
  OutputSource source = OutputSource::kColumn;
  uint32_t column = 0;  // kColumn, kBeforeColumn
  bool scan = true;     // the value text may hold a byte that forces quoting
  // The finished field (quoted if needed, or the null marker) for the sources whose text depends
  // only on the op: kConstant, kOperation, kOperationIndicator, kSourceSchema, kSourceTable.
  std::array<std::string, 3> by_op;
};

// Writes one CSV change file. Errors are sticky: after a failed Append the file is incomplete,
// and every later call returns the same error (the caller discards the file).
class CsvWriter final : public ChangeFileWriter {
 public:
  CsvWriter(std::string path, FileKind kind, model::TableProjectionPtr projection,
            const OutputSettings& output, const CsvSettings& csv, const FileOptions& file_options)
      : path_(std::move(path)),
        kind_(kind),
        projection_(std::move(projection)),
        output_(output),
        csv_(csv),
        file_(path_, file_options) {}

  ~CsvWriter() override {
    if (zlib_ready_) deflateEnd(&zstream_);
  }

  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  Status Open();

  Status Append(const model::ChangeBatch& rows, size_t begin, size_t end,
                const ChangeContext& context) override;
  Status Finish() override;

  uint64_t rows_written() const override { return rows_written_; }
  // Compressed: what zlib has produced (it holds back up to a chunk of rows). Plain: the file's
  // length once the buffer is written.
  uint64_t bytes_written() const override { return gzip_ ? file_.bytes() : file_.bytes() + buffer_.size(); }
  std::string_view extension() const override { return gzip_ ? "csv.gz" : "csv"; }

 private:
  Status PrepareContext(const ChangeContext& context);
  Status AppendRow(const model::ChangeBatch& rows, const model::RowChange& change, uint64_t seq);
  Status AppendSourceCell(const model::ChangeBatch& rows, const ColumnPlan& plan,
                          const model::RowChange& change);
  Status AppendStreamPosition(const model::ChangeBatch& rows, uint32_t origin);

  void AppendDelimiter() {
    if (delimiter_is_byte_) {
      buffer_.push_back(csv_.delimiter[0]);
    } else {
      buffer_.append(csv_.delimiter);
    }
  }
  // Appends `text` as one field, quoted when the dialect needs it.
  void AppendText(std::string_view text) {
    size_t start = buffer_.size();
    buffer_.append(text);
    FinishField(start, true);
  }
  // `text` as a finished field, for the texts computed once.
  std::string FieldText(std::string_view text) {
    std::string saved;
    saved.swap(buffer_);
    AppendText(text);
    std::string field;
    field.swap(buffer_);
    buffer_.swap(saved);
    return field;
  }
  // Quotes the field that starts at buffer_[start] if it must be (Rfc4180 only): when it holds a
  // byte of `special_`, or reads exactly like the null marker (so NULL and that text stay apart).
  void FinishField(size_t start, bool scan) {
    if (!csv_.rfc4180) return;
    std::string_view field(buffer_.data() + start, buffer_.size() - start);
    if (field == csv_.null_value || (scan && HasSpecialByte(field))) QuoteFrom(start);
  }
  // 16 bytes at a time against each special byte (GCC/Clang vector extensions: SSE2 on x86-64, NEON
  // on ARM), the tail byte by byte. Long string values are most of a row's bytes.
  bool HasSpecialByte(std::string_view field) const {
    const char* p = field.data();
    size_t left = field.size();
    for (; left >= sizeof(ByteVector); p += sizeof(ByteVector), left -= sizeof(ByteVector)) {
      ByteVector bytes;
      std::memcpy(&bytes, p, sizeof(bytes));
      ByteVector hits = bytes == special_vectors_[0];
      for (size_t special_idx = 1; special_idx < special_vectors_.size(); ++special_idx) {
        hits |= bytes == special_vectors_[special_idx];
      }
      uint64_t halves[2];
      std::memcpy(halves, &hits, sizeof(halves));
      if ((halves[0] | halves[1]) != 0) return true;
    }
    for (; left > 0; ++p, --left) {
      if (special_[static_cast<unsigned char>(*p)]) return true;
    }
    return false;
  }
  void QuoteFrom(size_t start);

  Status Drain(bool finish);
  Status Fail(Status status) {
    failed_ = status;
    return status;
  }

  const std::string path_;
  const FileKind kind_;
  const model::TableProjectionPtr projection_;
  const OutputSettings output_;
  const CsvSettings csv_;

  bool op_column_ = false;
  bool timestamp_column_ = false;
  bool delimiter_is_byte_ = false;
  bool ordering_scan_ = false;  // digits can force quoting (a digit or '-' in a delimiter)
  std::array<bool, 256> special_{};
  // The special bytes, each repeated across a vector (a set of fewer than five repeats one).
  std::array<ByteVector, 5> special_vectors_{};
  std::array<std::string, 3> op_field_;
  std::vector<ColumnPlan> plans_;
  bool has_change_seq_ = false;

  // Texts derived from the ChangeContext, recomputed when the commit time changes.
  bool context_ready_ = false;
  int64_t context_commit_us_ = 0;
  std::string timestamp_field_;
  std::string commit_us_field_;
  std::string change_seq_prefix_;  // the 16 time digits of $AR_H_CHANGE_SEQ
  Status change_seq_status_;
  // "file:offset" of the last origin written, for kStreamPosition; reset on every Append.
  uint32_t stream_origin_ = UINT32_MAX;
  std::string stream_field_;

  OutputFile file_;
  bool gzip_ = false;
  bool zlib_ready_ = false;
  z_stream zstream_{};
  std::unique_ptr<char[]> zlib_out_;
  std::string buffer_;
  uint64_t rows_written_ = 0;
  bool finished_ = false;
  Status failed_;
};

Status CsvWriter::Open() {
  CDC_RETURN_IF_ERROR(ValidateCsvSettings(csv_));
  CDC_RETURN_IF_ERROR(output_.Validate());
  if (projection_ == nullptr || projection_->schema == nullptr) {
    return Status::InvalidArgument("CSV change file " + path_, "no table projection");
  }
  const model::TableSchema& schema = *projection_->schema;
  op_column_ = output_.HasOpColumn(kind_);
  timestamp_column_ = !output_.timestamp_column_name.empty();
  delimiter_is_byte_ = csv_.delimiter.size() == 1;
  gzip_ = output_.compression == Compression::kGzip;

  // Quoting (Rfc4180): a quote, CR, LF, or the first byte of either delimiter. For a one-byte
  // delimiter that is exact; for a longer one it also quotes fields that hold only part of it,
  // which a reader parses the same and which keeps a delimiter from straddling a field's end.
  special_['"'] = true;
  special_['\r'] = true;
  special_['\n'] = true;
  special_[static_cast<unsigned char>(csv_.delimiter[0])] = true;
  special_[static_cast<unsigned char>(csv_.row_delimiter[0])] = true;
  const std::array<char, 5> specials = {'"', '\r', '\n', csv_.delimiter[0], csv_.row_delimiter[0]};
  for (size_t special_idx = 0; special_idx < specials.size(); ++special_idx) {
    for (size_t lane = 0; lane < sizeof(ByteVector); ++lane) {
      special_vectors_[special_idx][lane] = static_cast<int8_t>(specials[special_idx]);
    }
  }
  auto alphabet_is_special = [this](std::string_view alphabet) {
    return std::any_of(alphabet.begin(), alphabet.end(),
                       [this](char c) { return special_[static_cast<unsigned char>(c)]; });
  };
  ordering_scan_ = alphabet_is_special("-0123456789");

  for (ChangeOp op : {ChangeOp::kInsert, ChangeOp::kUpdate, ChangeOp::kDelete}) {
    const char code = model::OpCode(op);
    op_field_[OpIndex(op)] = FieldText(std::string_view(&code, 1));
  }

  plans_.reserve(projection_->columns.size());
  for (const model::OutputColumn& column : projection_->columns) {
    ColumnPlan plan;
    plan.source = column.source;
    plan.column = column.column;
    switch (column.source) {
      case OutputSource::kColumn:
      case OutputSource::kBeforeColumn: {
        if (column.column >= schema.columns.size()) {
          return Status::InvalidArgument(
              "table " + TableLabel(schema) + " output column " + column.name,
              "source column index " + std::to_string(column.column) + " out of range");
        }
        std::optional<std::string_view> alphabet = TextAlphabet(schema.columns[column.column].kind);
        plan.scan = !alphabet.has_value() || alphabet_is_special(*alphabet);
        break;
      }
      case OutputSource::kConstant:
        for (std::string& text : plan.by_op) {
          text = column.constant_is_null ? csv_.null_value : FieldText(column.constant);
        }
        break;
      case OutputSource::kOperation:
        plan.by_op[OpIndex(ChangeOp::kInsert)] = FieldText("INSERT");
        plan.by_op[OpIndex(ChangeOp::kUpdate)] = FieldText("UPDATE");
        plan.by_op[OpIndex(ChangeOp::kDelete)] = FieldText("DELETE");
        break;
      case OutputSource::kOperationIndicator:
        plan.by_op[OpIndex(ChangeOp::kDelete)] = FieldText(column.indicator[0]);
        plan.by_op[OpIndex(ChangeOp::kUpdate)] = FieldText(column.indicator[1]);
        plan.by_op[OpIndex(ChangeOp::kInsert)] = FieldText(column.indicator[2]);
        break;
      case OutputSource::kSourceSchema:
        for (std::string& text : plan.by_op) text = FieldText(schema.schema_name);
        break;
      case OutputSource::kSourceTable:
        for (std::string& text : plan.by_op) text = FieldText(schema.table_name);
        break;
      case OutputSource::kChangeSeq:
        has_change_seq_ = true;
        break;
      case OutputSource::kCommitTimestamp:
      case OutputSource::kStreamPosition:
        break;
    }
    plans_.push_back(std::move(plan));
  }

  CDC_RETURN_IF_ERROR(file_.Create());
  if (gzip_) {
    if (deflateInit2(&zstream_, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
      return Status::IOError("gzip " + path_, "deflateInit2 failed");
    }
    zlib_ready_ = true;
    zlib_out_ = std::make_unique_for_overwrite<char[]>(kChunkBytes);
  }
  buffer_.reserve(kChunkBytes + kChunkBytes / 4);

  if (csv_.add_column_name) {
    bool first = true;
    auto name = [&](std::string_view text) {
      if (!first) AppendDelimiter();
      first = false;
      AppendText(text);
    };
    if (op_column_) name(kOpColumnName);
    if (timestamp_column_) name(output_.timestamp_column_name);
    for (const model::OutputColumn& column : projection_->columns) name(column.name);
    if (output_.ordering_columns) {
      name(output_.seq_column_name);
      name(output_.commit_time_column_name);
    }
    buffer_.append(csv_.row_delimiter);
  }
  return Status::OK();
}

Status CsvWriter::PrepareContext(const ChangeContext& context) {
  if (context_ready_ && context.commit_time_us == context_commit_us_) return Status::OK();
  context_ready_ = true;
  context_commit_us_ = context.commit_time_us;
  std::string text;
  AppendUtcTimestamp(context.commit_time_us, &text);
  timestamp_field_ = FieldText(text);
  text.clear();
  text.append(std::to_string(context.commit_time_us));
  commit_us_field_ = FieldText(text);
  if (has_change_seq_) {
    text.clear();
    change_seq_status_ = AppendChangeSeq(context.commit_time_us, 0, &text);
    change_seq_prefix_ = text.substr(0, 16);
  }
  return Status::OK();
}

Status CsvWriter::Append(const model::ChangeBatch& rows, size_t begin, size_t end,
                         const ChangeContext& context) {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::InvalidArgument("CSV change file " + path_, "Append after Finish");
  const model::TableSchema& schema = *projection_->schema;
  if (rows.column_count() != schema.columns.size()) {
    return Fail(Status::InvalidArgument("table " + TableLabel(schema),
                                        "batch has " + std::to_string(rows.column_count()) +
                                            " columns, the projection's schema " +
                                            std::to_string(schema.columns.size())));
  }
  if (begin > end || end > rows.size()) {
    return Fail(Status::InvalidArgument("CSV change file " + path_, "change range out of the batch"));
  }
  CDC_RETURN_IF_ERROR(PrepareContext(context));
  stream_origin_ = UINT32_MAX;  // the batch may have been refilled since the last call

  const std::vector<model::RowChange>& changes = rows.changes();
  for (size_t change_idx = begin; change_idx < end; ++change_idx) {
    const model::RowChange& change = changes[change_idx];
    if (!output_.Keeps(kind_, change.op)) continue;
    const uint64_t seq = context.first_seq + (change_idx - begin);
    const size_t row_start = buffer_.size();
    Status status = AppendRow(rows, change, seq);
    if (!status.ok()) {
      buffer_.resize(row_start);
      return Fail(status);
    }
    ++rows_written_;
    if (buffer_.size() >= kChunkBytes) {
      status = Drain(false);
      if (!status.ok()) return Fail(status);
    }
  }
  return Status::OK();
}

Status CsvWriter::AppendRow(const model::ChangeBatch& rows, const model::RowChange& change, uint64_t seq) {
  const size_t op = OpIndex(change.op);
  bool first = true;
  auto next_field = [&] {
    if (!first) AppendDelimiter();
    first = false;
  };
  if (op_column_) {
    next_field();
    buffer_.append(op_field_[op]);
  }
  if (timestamp_column_) {
    next_field();
    buffer_.append(timestamp_field_);
  }
  for (const ColumnPlan& plan : plans_) {
    next_field();
    switch (plan.source) {
      case OutputSource::kColumn:
      case OutputSource::kBeforeColumn:
        CDC_RETURN_IF_ERROR(AppendSourceCell(rows, plan, change));
        break;
      case OutputSource::kConstant:
      case OutputSource::kOperation:
      case OutputSource::kOperationIndicator:
      case OutputSource::kSourceSchema:
      case OutputSource::kSourceTable:
        buffer_.append(plan.by_op[op]);
        break;
      case OutputSource::kCommitTimestamp:
        buffer_.append(timestamp_field_);
        break;
      case OutputSource::kChangeSeq: {
        CDC_RETURN_IF_ERROR(change_seq_status_);
        if (seq > 9999999999999999999ull) {
          return Status::InvalidArgument("$AR_H_CHANGE_SEQ", "seq has more than 19 digits");
        }
        const size_t start = buffer_.size();
        buffer_.append(change_seq_prefix_);
        char digits[24];
        auto result = std::to_chars(digits, digits + sizeof(digits), seq);
        buffer_.append(19 - static_cast<size_t>(result.ptr - digits), '0');
        buffer_.append(digits, result.ptr);
        FinishField(start, ordering_scan_);
        break;
      }
      case OutputSource::kStreamPosition:
        CDC_RETURN_IF_ERROR(AppendStreamPosition(rows, change.origin));
        break;
    }
  }
  if (output_.ordering_columns) {
    next_field();
    const size_t start = buffer_.size();
    char digits[24];
    auto result = std::to_chars(digits, digits + sizeof(digits), seq);
    buffer_.append(digits, result.ptr);
    FinishField(start, ordering_scan_);
    AppendDelimiter();
    buffer_.append(commit_us_field_);
  }
  buffer_.append(csv_.row_delimiter);
  return Status::OK();
}

Status CsvWriter::AppendSourceCell(const model::ChangeBatch& rows, const ColumnPlan& plan,
                                   const model::RowChange& change) {
  uint32_t image;
  if (plan.source == OutputSource::kBeforeColumn) {
    if (change.op == ChangeOp::kInsert) {  // an insert has no before image: the column is NULL
      buffer_.append(csv_.null_value);
      return Status::OK();
    }
    image = change.before;
  } else {
    image = change.op == ChangeOp::kDelete ? change.before : change.after;
  }
  const model::TableSchema& schema = *projection_->schema;
  if (image == model::RowChange::kNoImage) {
    bool before = plan.source == OutputSource::kBeforeColumn || change.op == ChangeOp::kDelete;
    return Status::InvalidArgument("table " + TableLabel(schema),
                                   std::string("a ") + model::OpCode(change.op) + " change without its " +
                                       (before ? "before" : "after") + " image");
  }
  const model::ColumnVector& cells = rows.column(plan.column);
  switch (cells.state(image)) {
    case model::CellState::kValue: {
      const size_t start = buffer_.size();
      model::AppendValueText(schema.columns[plan.column], cells, image, &buffer_);
      FinishField(start, plan.scan);
      return Status::OK();
    }
    case model::CellState::kNull:
      buffer_.append(csv_.null_value);
      return Status::OK();
    case model::CellState::kAbsent:
      // A minimal row image left the column out. Its value is unknown, and a DMS-style row has no
      // way to say so: writing NULL would state something false.
      return Status::InvalidArgument(
          "table " + TableLabel(schema) + " column " + ColumnLabel(schema, plan.column),
          "absent from the row image (binlog_row_image is not FULL); a change file needs every column");
  }
  return Status::OK();
}

Status CsvWriter::AppendStreamPosition(const model::ChangeBatch& rows, uint32_t origin) {
  if (origin != stream_origin_) {
    if (origin >= rows.origins().size()) {
      return Status::InvalidArgument(
          "table " + TableLabel(*projection_->schema),
          "change names origin " + std::to_string(origin) + " which the batch lacks");
    }
    const model::SourcePosition& position = rows.origins()[origin].position;
    std::string text = position.file;
    text.push_back(':');
    text.append(std::to_string(position.offset));
    stream_field_ = FieldText(text);
    stream_origin_ = origin;
  }
  buffer_.append(stream_field_);
  return Status::OK();
}

void CsvWriter::QuoteFrom(size_t start) {
  const size_t length = buffer_.size() - start;
  const size_t quotes = static_cast<size_t>(
      std::count(buffer_.begin() + static_cast<std::ptrdiff_t>(start), buffer_.end(), '"'));
  buffer_.resize(buffer_.size() + 2 + quotes);
  // Shift right from the end, doubling each quote, then close with the opening quote.
  char* base = buffer_.data() + start;
  const char* from = base + length;
  char* to = base + length + 2 + quotes;
  *--to = '"';
  while (from != base) {
    const char c = *--from;
    *--to = c;
    if (c == '"') *--to = '"';
  }
  *--to = '"';
}

Status CsvWriter::Drain(bool finish) {
  if (!gzip_) {
    CDC_RETURN_IF_ERROR(file_.Write(buffer_.data(), buffer_.size()));
    buffer_.clear();
    return Status::OK();
  }
  zstream_.next_in = reinterpret_cast<Bytef*>(buffer_.data());
  zstream_.avail_in = static_cast<uInt>(buffer_.size());
  const int flush = finish ? Z_FINISH : Z_NO_FLUSH;
  while (true) {
    zstream_.next_out = reinterpret_cast<Bytef*>(zlib_out_.get());
    zstream_.avail_out = static_cast<uInt>(kChunkBytes);
    const int result = deflate(&zstream_, flush);
    if (result == Z_STREAM_ERROR) return Status::IOError("gzip " + path_, "deflate failed");
    CDC_RETURN_IF_ERROR(file_.Write(zlib_out_.get(), kChunkBytes - zstream_.avail_out));
    if (finish ? result == Z_STREAM_END : (zstream_.avail_in == 0 && zstream_.avail_out != 0)) break;
  }
  buffer_.clear();
  return Status::OK();
}

Status CsvWriter::Finish() {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::InvalidArgument("CSV change file " + path_, "Finish called twice");
  Status status = Drain(true);
  if (!status.ok()) return Fail(status);
  finished_ = true;
  status = file_.Close();
  if (!status.ok()) return Fail(status);
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<ChangeFileWriter>> OpenCsvWriter(const std::string& path, FileKind kind,
                                                        model::TableProjectionPtr projection,
                                                        const OutputSettings& output,
                                                        const CsvSettings& csv,
                                                        const FileOptions& file_options) {
  auto writer = std::make_unique<CsvWriter>(path, kind, std::move(projection), output, csv, file_options);
  CDC_RETURN_IF_ERROR(writer->Open());
  return std::unique_ptr<ChangeFileWriter>(std::move(writer));
}

}  // namespace cdc::format
