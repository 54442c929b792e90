// The Parquet change-file writer (docs/parquet.md). Rows are buffered by column for one row group
// -- fixed-width values as uint64_t, byte values back to back in one string -- and encoded when
// the group is full: a dictionary per column chunk (or PLAIN), data pages v1 with RLE/bit-packed
// definition levels, the chosen codec, statistics, and the footer at Finish. Every buffer is
// reused from one row group to the next, so nothing is allocated per value once they have grown.
#include "format/parquet/parquet_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <utility>
#include <vector>

#include "format/output_file.h"
#include "format/dms_text.h"
#include "format/parquet/page_codec.h"
#include "format/parquet/rle.h"
#include "model/value_text.h"

namespace cdc::format {

std::string_view ToString(ParquetVersion version) {
  switch (version) {
    case ParquetVersion::kV1_0: return "parquet-1-0";
    case ParquetVersion::kV2_0: return "parquet-2-0";
  }
  return "unknown";
}

std::string_view ToString(ParquetEncodingType type) {
  switch (type) {
    case ParquetEncodingType::kPlain: return "plain";
    case ParquetEncodingType::kPlainDictionary: return "plain-dictionary";
    case ParquetEncodingType::kRleDictionary: return "rle-dictionary";
  }
  return "unknown";
}

std::string_view ToString(ParquetTimeMapping mapping) {
  switch (mapping) {
    case ParquetTimeMapping::kMicrosInt64: return "micros-int64";
    case ParquetTimeMapping::kTimeOfDay: return "time-of-day";
  }
  return "unknown";
}

std::string_view ToString(ParquetUInt64Mapping mapping) {
  switch (mapping) {
    case ParquetUInt64Mapping::kUnsignedInt64: return "unsigned-int64";
    case ParquetUInt64Mapping::kDecimal20: return "decimal-20";
  }
  return "unknown";
}

Status ValidateParquetSettings(const ParquetSettings& settings) {
  if (settings.row_group_length == 0) return Status::InvalidArgument("RowGroupLength", "must be at least 1");
  if (settings.row_group_length > 64 * 1024 * 1024) {
    return Status::InvalidArgument("RowGroupLength", "at most 64*1024*1024 (DMS's limit)");
  }
  if (settings.data_page_size == 0) return Status::InvalidArgument("DataPageSize", "must be at least 1");
  if (settings.codec && !parquet::PageCodec::Supported(*settings.codec)) {
    return Status::InvalidArgument("parquet codec", ToString(*settings.codec));
  }
  return Status::OK();
}

namespace {

using model::ChangeOp;
using model::OutputSource;
using model::ValueKind;
using parquet::Codec;
using parquet::ConvertedType;
using parquet::Encoding;
using parquet::LogicalType;
using parquet::PhysicalType;

// Unscaled decimals up to 38 digits (GCC/Clang extension; __extension__ keeps -Wpedantic quiet).
__extension__ typedef __int128 Int128;  // NOLINT(modernize-use-using)

constexpr std::string_view kOpColumnName = "Op";
constexpr std::string_view kMagic = "PAR1";
// Encoded bytes are gathered up to this size before write(2).
constexpr size_t kWriteChunkBytes = 1024 * 1024;
// A row group is also cut when its buffered values reach this size (rows of large blobs).
constexpr size_t kMaxRowGroupBytes = 64 * 1024 * 1024;
// Rows are appended in slices of at most this many, so that the size cap is checked often.
constexpr size_t kSliceRows = 1024;
// Min/max statistics are left out for byte values longer than this (the null count stays).
constexpr size_t kMaxStatisticsValueBytes = 512;
// DECIMAL columns wider than this are written as their text (docs/parquet.md).
constexpr int kMaxDecimalPrecision = 38;
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

size_t OpIndex(ChangeOp op) {
  return static_cast<size_t>(op);
}

std::string TableLabel(const model::TableSchema& schema) {
  return schema.schema_name + "." + schema.table_name;
}

// How one output column's values are produced and stored.
enum class ValueMap : uint8_t {
  // from a source column (OutputSource kColumn / kBeforeColumn)
  kInt32Signed,      // slot int64 -> INT32
  kInt32Unsigned,    // slot uint64 -> INT32 bit pattern (UINT_8/16/32)
  kInt64,            // slot -> INT64 bit pattern (signed, UINT64 and BIT)
  kFloat,            // slot binary32 bits -> FLOAT
  kDouble,           // slot binary64 bits -> DOUBLE
  kYear,             // slot -> INT32
  kDate,             // PackedDate -> INT32 days since 1970-01-01; zero dates NULL
  kDateTime,         // PackedDateTime -> INT64 micros since 1970-01-01 00:00 (local); zero dates NULL
  kTimestamp,        // PackedTimestamp -> INT64 UTC micros or millis; the zero timestamp NULL
  kTimeMicros,       // PackedTime -> INT64 signed microseconds
  kTimeOfDay,        // PackedTime -> INT64 TIME(MICROS); out-of-day values fail
  kDecimalInt32,     // decimal text -> INT32 unscaled
  kDecimalInt64,     // decimal text -> INT64 unscaled
  kDecimalFixed,     // decimal text -> FIXED_LEN_BYTE_ARRAY big-endian two's complement
  kUInt64Decimal20,  // slot uint64 -> FIXED_LEN_BYTE_ARRAY(9) DECIMAL(20,0)
  kBytes,            // bytes as stored (strings, binary, JSON, decimal text, VECTOR)
  kValueText,        // lakefeed's text form (ENUM, SET, INET4, INET6)
  kGeometryWkb,      // bytes minus MySQL's 4-byte SRID prefix
  kUuid,             // 16 bytes -> FIXED_LEN_BYTE_ARRAY(16) UUID
  // columns that come from the change or the file's settings
  kOpCode,             // "I" / "U" / "D"
  kByOpText,           // constants, $AR_H_OPERATION, operation_indicator, schema and table names
  kCommitTimeText,     // $AR_H_COMMIT_TIMESTAMP text, as in CSV
  kChangeSeqText,      // $AR_H_CHANGE_SEQ digits
  kStreamPositionText, // $AR_H_STREAM_POSITION
  kTimestampColumn,    // TimestampColumnName: commit time as a UTC timestamp
  kSeq,                // ordering column: the change's seq
  kCommitUs,           // ordering column: commit time in microseconds
};

// The order min/max statistics follow (the logical type's order, as the format defines it).
enum class StatOrder : uint8_t { kSigned, kUnsigned, kFloat, kDouble, kBytes, kSignedBigEndian };

// One leaf column of the file, resolved when the file is opened.
struct LeafPlan {
  std::string name;
  ValueMap map = ValueMap::kBytes;
  OutputSource source = OutputSource::kColumn;
  uint32_t column = 0;  // kColumn, kBeforeColumn
  bool optional = true;
  PhysicalType physical = PhysicalType::kByteArray;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  std::optional<ConvertedType> converted;
  std::optional<LogicalType> logical;
  int32_t scale = 0;
  int32_t precision = 0;
  StatOrder order = StatOrder::kBytes;
  std::array<std::string, 3> by_op;  // kByOpText
  bool by_op_null = false;           // kByOpText: a NULL constant
  std::optional<int32_t> field_id;   // Iceberg files
};

// The values of one column for the open row group. Nulls have no value entry.
struct ColumnBuffer {
  std::vector<uint32_t> defined;  // one per row: 1 value, 0 null (definition levels)
  std::vector<uint64_t> numbers;  // INT32 (sign- or zero-extended), INT64, FLOAT and DOUBLE bits
  std::string bytes;              // BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values back to back
  std::vector<uint64_t> ends;     // end of each value in `bytes`
  void Clear() {
    defined.clear();
    numbers.clear();
    bytes.clear();
    ends.clear();
  }
  size_t value_count() const { return numbers.size() + ends.size(); }
  std::string_view value(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends[i - 1];
    return std::string_view(bytes).substr(begin, ends[i] - begin);
  }
};

LogicalType IntegerType(int bits, bool is_signed) {
  LogicalType type;
  type.kind = LogicalType::Kind::kInteger;
  type.bit_width = static_cast<int8_t>(bits);
  type.is_signed = is_signed;
  return type;
}

LogicalType Marker(LogicalType::Kind kind) {
  LogicalType type;
  type.kind = kind;
  return type;
}

LogicalType TimeType(LogicalType::Kind kind, bool utc, parquet::TimeUnit unit) {
  LogicalType type;
  type.kind = kind;
  type.adjusted_to_utc = utc;
  type.unit = unit;
  return type;
}

void SetString(LeafPlan* plan) {
  plan->physical = PhysicalType::kByteArray;
  plan->converted = ConvertedType::kUtf8;
  plan->logical = Marker(LogicalType::Kind::kString);
  plan->order = StatOrder::kBytes;
}

void SetDecimal(LeafPlan* plan, int precision, int scale) {
  plan->precision = precision;
  plan->scale = scale;
  plan->converted = ConvertedType::kDecimal;
  LogicalType type;
  type.kind = LogicalType::Kind::kDecimal;
  type.precision = precision;
  type.scale = scale;
  plan->logical = type;
}

// Bytes of the smallest two's complement integer that holds every `precision`-digit value.
int32_t DecimalBytes(int precision) {
  Int128 limit = 1;
  for (int digit_idx = 0; digit_idx < precision; ++digit_idx) limit *= 10;
  for (int32_t bytes = 1; bytes < 16; ++bytes) {
    if ((static_cast<Int128>(1) << (8 * bytes - 1)) >= limit) return bytes;
  }
  return 16;
}

// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// Parses lakefeed's decimal text ("-12.50": sign, digits, point) into its unscaled integer.
bool ParseDecimal(std::string_view text, Int128* out) {
  bool negative = false;
  size_t pos = 0;
  if (!text.empty() && text[0] == '-') {
    negative = true;
    pos = 1;
  }
  Int128 value = 0;
  int digits = 0;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c == '.') continue;
    if (c < '0' || c > '9') return false;
    if (++digits > kMaxDecimalPrecision) return false;
    value = value * 10 + (c - '0');
  }
  if (digits == 0) return false;
  *out = negative ? -value : value;
  return true;
}

void AppendBigEndian(Int128 value, int32_t bytes, std::string* out) {
  for (int32_t byte_idx = bytes - 1; byte_idx >= 0; --byte_idx) {
    out->push_back(static_cast<char>(static_cast<uint8_t>(value >> (8 * byte_idx))));
  }
}

void AppendLittleEndian(uint64_t value, int bytes, std::string* out) {
  char buffer[8];
  for (int byte_idx = 0; byte_idx < bytes; ++byte_idx) buffer[byte_idx] = static_cast<char>(value >> (8 * byte_idx));
  out->append(buffer, static_cast<size_t>(bytes));
}

// After this many values a dictionary is given up when most of them were distinct (it would save
// little, and hashing the rest of the chunk costs more than the PLAIN encoding), or when its growth
// so far projects past twice the limit.
constexpr size_t kDictionaryProbeValues = 1024;
constexpr size_t kDictionaryMaxDistinctPercent = 80;

// Maps value indexes to dictionary indexes with an open-addressing table of first occurrences.
// Reused across column chunks; allocation only when it grows.
class DictionaryBuilder {
 public:
  // Builds the dictionary of `buffer`'s values (numbers when `fixed`). Returns false, leaving
  // indexes() incomplete, when the PLAIN dictionary would exceed `limit_bytes`.
  bool Build(const ColumnBuffer& buffer, bool fixed, size_t fixed_width, size_t limit_bytes) {
    const size_t count = buffer.value_count();
    entries_.clear();
    indexes_.clear();
    indexes_.reserve(count);
    size_t capacity = 16;
    while (capacity < 2 * count) capacity *= 2;
    table_.assign(capacity, 0);
    const size_t mask = capacity - 1;
    size_t plain_bytes = 0;
    for (size_t value_idx = 0; value_idx < count; ++value_idx) {
      const uint64_t hash = fixed ? Mix(buffer.numbers[value_idx])
                                  : std::hash<std::string_view>{}(buffer.value(value_idx));
      size_t probe = hash & mask;
      while (true) {
        const uint32_t slot = table_[probe];
        if (slot == 0) {
          table_[probe] = static_cast<uint32_t>(entries_.size() + 1);
          indexes_.push_back(static_cast<uint32_t>(entries_.size()));
          entries_.push_back(static_cast<uint32_t>(value_idx));
          plain_bytes += fixed ? fixed_width : buffer.value(value_idx).size() + fixed_width;
          if (plain_bytes > limit_bytes) return false;
          break;
        }
        const uint32_t first = entries_[slot - 1];
        if (fixed ? buffer.numbers[first] == buffer.numbers[value_idx]
                  : buffer.value(first) == buffer.value(value_idx)) {
          indexes_.push_back(slot - 1);
          break;
        }
        probe = (probe + 1) & mask;
      }
      if (value_idx + 1 == kDictionaryProbeValues && count > kDictionaryProbeValues &&
          (entries_.size() * 100 > kDictionaryProbeValues * kDictionaryMaxDistinctPercent ||
           plain_bytes / kDictionaryProbeValues * count > 2 * limit_bytes)) {
        return false;
      }
    }
    return true;
  }
  // Value index of each dictionary entry's first occurrence, in dictionary order.
  const std::vector<uint32_t>& entries() const { return entries_; }
  // Dictionary index of each value.
  const std::vector<uint32_t>& indexes() const { return indexes_; }

 private:
  static uint64_t Mix(uint64_t x) {  // splitmix64's finalizer
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
  }

  std::vector<uint32_t> table_;  // entry index + 1; 0 is empty
  std::vector<uint32_t> entries_;
  std::vector<uint32_t> indexes_;
};

// Writes one Parquet change file. See OpenParquetWriter.
class ParquetWriter final : public ChangeFileWriter {
 public:
  ParquetWriter(std::string path, FileKind kind, model::TableProjectionPtr projection, const OutputSettings& output,
                const ParquetSettings& settings, const FileOptions& file_options)
      : path_(std::move(path)),
        kind_(kind),
        projection_(std::move(projection)),
        output_(output),
        settings_(settings),
        codec_(settings.codec.value_or(output.compression == Compression::kGzip ? Codec::kGzip
                                                                                   : Codec::kUncompressed),
               settings.zstd_level),
        file_(path_, file_options) {}

  ~ParquetWriter() override = default;
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  Status Open();

  Status Append(const model::ChangeBatch& rows, size_t begin, size_t end, const ChangeContext& context) override;
  Status Finish() override;

  uint64_t rows_written() const override { return rows_written_; }
  uint64_t bytes_written() const override { return file_.bytes() + out_.size() + buffered_bytes_; }
  std::string_view extension() const override { return "parquet"; }

 private:
  Status PlanSourceColumn(const model::ColumnSchema& column, LeafPlan* plan) const;
  void PrepareContext(const ChangeContext& context);
  Status AppendColumn(const LeafPlan& plan, ColumnBuffer& buffer, const model::ChangeBatch& rows,
                      std::span<const uint32_t> changes, const ChangeContext& context, size_t begin);
  template <typename Convert>
  Status AppendCells(const LeafPlan& plan, ColumnBuffer& buffer, const model::ChangeBatch& rows,
                     std::span<const uint32_t> changes, Convert&& convert);
  void AppendText(ColumnBuffer& buffer, std::string_view text) {
    buffer.defined.push_back(1);
    buffer.bytes.append(text);
    buffer.ends.push_back(buffer.bytes.size());
  }
  void AppendNumber(ColumnBuffer& buffer, uint64_t value) {
    buffer.defined.push_back(1);
    buffer.numbers.push_back(value);
  }

  Status FlushRowGroup();
  Status WriteColumnChunk(const LeafPlan& plan, const ColumnBuffer& buffer, parquet::ColumnChunk* chunk);
  void AppendPlainValue(const LeafPlan& plan, const ColumnBuffer& buffer, size_t value_idx, std::string* out) const;
  std::optional<parquet::Statistics> ChunkStatistics(const LeafPlan& plan, const ColumnBuffer& buffer) const;
  Status WritePage(parquet::PageHeader header, std::string_view body, int64_t* uncompressed, int64_t* compressed);
  uint64_t offset() const { return file_.bytes() + out_.size(); }
  Status Drain();
  Status Fail(Status status) {
    failed_ = status;
    return status;
  }

  const std::string path_;
  const FileKind kind_;
  const model::TableProjectionPtr projection_;
  const OutputSettings output_;
  const ParquetSettings settings_;
  parquet::PageCodec codec_;

  std::vector<LeafPlan> plans_;
  std::vector<ColumnBuffer> buffers_;
  size_t buffered_rows_ = 0;
  uint64_t buffered_bytes_ = 0;
  std::vector<parquet::RowGroup> row_groups_;
  std::vector<uint32_t> kept_;  // indexes of the changes of one Append that the filter keeps

  // Texts derived from the ChangeContext, recomputed when the commit time changes.
  bool context_ready_ = false;
  int64_t context_commit_us_ = 0;
  std::string commit_time_text_;
  std::string change_seq_prefix_;
  Status change_seq_status_;
  std::string scratch_;

  // Encoding scratch, reused.
  DictionaryBuilder dictionary_;
  std::string levels_;
  std::string body_;
  std::string compressed_;
  std::string header_;

  OutputFile file_;
  std::string out_;
  uint64_t rows_written_ = 0;
  int64_t total_rows_ = 0;
  bool finished_ = false;
  Status failed_;
};

Status ParquetWriter::PlanSourceColumn(const model::ColumnSchema& column, LeafPlan* plan) const {
  const bool iceberg = settings_.iceberg.has_value();
  const bool millis = settings_.timestamp_in_millisecond && !iceberg;
  switch (column.kind) {
    case ValueKind::kInt64:
    case ValueKind::kUInt64: {
      const bool is_signed = column.kind == ValueKind::kInt64;
      int bits = 64;
      switch (column.type) {
        case model::FieldType::kTiny: bits = 8; break;
        case model::FieldType::kShort: bits = 16; break;
        case model::FieldType::kInt24:
        case model::FieldType::kLong: bits = 32; break;
        default: break;
      }
      if (iceberg && !is_signed && bits < 64) {
        // Iceberg has no unsigned types: int up to MEDIUMINT UNSIGNED, long for INT UNSIGNED.
        const bool as_long = column.type == model::FieldType::kLong;
        plan->physical = as_long ? PhysicalType::kInt64 : PhysicalType::kInt32;
        plan->map = as_long ? ValueMap::kInt64 : ValueMap::kInt32Unsigned;
        plan->logical = IntegerType(as_long ? 64 : 32, true);
        plan->converted = as_long ? ConvertedType::kInt64 : ConvertedType::kInt32;
        plan->order = StatOrder::kSigned;
        return Status::OK();
      }
      if (bits == 64 && !is_signed && (iceberg || settings_.uint64_mapping == ParquetUInt64Mapping::kDecimal20)) {
        plan->map = ValueMap::kUInt64Decimal20;
        plan->physical = PhysicalType::kFixedLenByteArray;
        plan->type_length = 9;
        plan->order = StatOrder::kSignedBigEndian;
        SetDecimal(plan, 20, 0);
        return Status::OK();
      }
      plan->physical = bits == 64 ? PhysicalType::kInt64 : PhysicalType::kInt32;
      plan->map = bits == 64 ? ValueMap::kInt64 : (is_signed ? ValueMap::kInt32Signed : ValueMap::kInt32Unsigned);
      plan->logical = IntegerType(bits, is_signed);
      static constexpr ConvertedType kSigned[] = {ConvertedType::kInt8, ConvertedType::kInt16, ConvertedType::kInt32,
                                                  ConvertedType::kInt64};
      static constexpr ConvertedType kUnsigned[] = {ConvertedType::kUint8, ConvertedType::kUint16,
                                                    ConvertedType::kUint32, ConvertedType::kUint64};
      const int width_idx = std::countr_zero(static_cast<unsigned>(bits)) - 3;
      plan->converted = is_signed ? kSigned[width_idx] : kUnsigned[width_idx];
      plan->order = is_signed ? StatOrder::kSigned : StatOrder::kUnsigned;
      return Status::OK();
    }
    case ValueKind::kFloat:
      plan->map = ValueMap::kFloat;
      plan->physical = PhysicalType::kFloat;
      plan->order = StatOrder::kFloat;
      return Status::OK();
    case ValueKind::kDouble:
      plan->map = ValueMap::kDouble;
      plan->physical = PhysicalType::kDouble;
      plan->order = StatOrder::kDouble;
      return Status::OK();
    case ValueKind::kDecimal: {
      const int precision = column.meta >> 8;
      const int scale = column.meta & 0xff;
      if (precision > kMaxDecimalPrecision || precision == 0) {
        plan->map = ValueMap::kBytes;  // the exact text: no Parquet DECIMAL is that wide
        SetString(plan);
        return Status::OK();
      }
      SetDecimal(plan, precision, scale);
      if (precision <= 9) {
        plan->map = ValueMap::kDecimalInt32;
        plan->physical = PhysicalType::kInt32;
        plan->order = StatOrder::kSigned;
      } else if (precision <= 18) {
        plan->map = ValueMap::kDecimalInt64;
        plan->physical = PhysicalType::kInt64;
        plan->order = StatOrder::kSigned;
      } else {
        plan->map = ValueMap::kDecimalFixed;
        plan->physical = PhysicalType::kFixedLenByteArray;
        plan->type_length = DecimalBytes(precision);
        plan->order = StatOrder::kSignedBigEndian;
      }
      return Status::OK();
    }
    case ValueKind::kYear:
      plan->map = ValueMap::kYear;
      plan->physical = PhysicalType::kInt32;
      plan->order = StatOrder::kSigned;
      return Status::OK();
    case ValueKind::kDate:
      plan->map = ValueMap::kDate;
      plan->physical = PhysicalType::kInt32;
      plan->converted = ConvertedType::kDate;
      plan->logical = Marker(LogicalType::Kind::kDate);
      plan->order = StatOrder::kSigned;
      return Status::OK();
    case ValueKind::kTime:
      plan->physical = PhysicalType::kInt64;
      plan->order = StatOrder::kSigned;
      if (settings_.time_mapping == ParquetTimeMapping::kTimeOfDay && !iceberg) {
        plan->map = ValueMap::kTimeOfDay;
        plan->converted = ConvertedType::kTimeMicros;
        plan->logical = TimeType(LogicalType::Kind::kTime, false, parquet::TimeUnit::kMicros);
      } else {
        plan->map = ValueMap::kTimeMicros;
      }
      return Status::OK();
    case ValueKind::kDateTime:
      plan->map = ValueMap::kDateTime;
      plan->physical = PhysicalType::kInt64;
      plan->order = StatOrder::kSigned;
      plan->logical = TimeType(LogicalType::Kind::kTimestamp, false, parquet::TimeUnit::kMicros);
      return Status::OK();
    case ValueKind::kTimestamp:
      plan->map = ValueMap::kTimestamp;
      plan->physical = PhysicalType::kInt64;
      plan->order = StatOrder::kSigned;
      plan->converted = millis ? ConvertedType::kTimestampMillis : ConvertedType::kTimestampMicros;
      plan->logical = TimeType(LogicalType::Kind::kTimestamp, true,
                               millis ? parquet::TimeUnit::kMillis : parquet::TimeUnit::kMicros);
      return Status::OK();
    case ValueKind::kBit:
      plan->map = ValueMap::kInt64;
      plan->physical = PhysicalType::kInt64;
      plan->order = StatOrder::kSigned;
      return Status::OK();
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kInet4:
    case ValueKind::kInet6:
      plan->map = ValueMap::kValueText;
      SetString(plan);
      return Status::OK();
    case ValueKind::kString:
      plan->map = ValueMap::kBytes;
      SetString(plan);
      return Status::OK();
    case ValueKind::kJson:
      plan->map = ValueMap::kBytes;
      if (iceberg) {  // Iceberg has no JSON type: a string
        SetString(plan);
        return Status::OK();
      }
      plan->physical = PhysicalType::kByteArray;
      plan->converted = ConvertedType::kJson;
      plan->logical = Marker(LogicalType::Kind::kJson);
      plan->order = StatOrder::kBytes;
      return Status::OK();
    case ValueKind::kBinary:
    case ValueKind::kVector:
      plan->map = ValueMap::kBytes;
      plan->physical = PhysicalType::kByteArray;
      plan->order = StatOrder::kBytes;
      return Status::OK();
    case ValueKind::kGeometry:
      plan->map = ValueMap::kGeometryWkb;
      plan->physical = PhysicalType::kByteArray;
      plan->order = StatOrder::kBytes;
      return Status::OK();
    case ValueKind::kUuid:
      plan->map = ValueMap::kUuid;
      plan->physical = PhysicalType::kFixedLenByteArray;
      plan->type_length = 16;
      plan->logical = Marker(LogicalType::Kind::kUuid);
      plan->order = StatOrder::kBytes;
      return Status::OK();
  }
  return Status::NotSupported("parquet column " + column.name, model::ToString(column.kind));
}

Status ParquetWriter::Open() {
  CDC_RETURN_IF_ERROR(ValidateParquetSettings(settings_));
  if (!parquet::PageCodec::Supported(codec_.codec())) {
    return Status::InvalidArgument("parquet codec", ToString(codec_.codec()));
  }
  CDC_RETURN_IF_ERROR(output_.Validate());
  if (projection_ == nullptr || projection_->schema == nullptr) {
    return Status::InvalidArgument("Parquet change file " + path_, "no table projection");
  }
  const model::TableSchema& schema = *projection_->schema;
  const bool millis = settings_.timestamp_in_millisecond && !settings_.iceberg;
  if (output_.HasOpColumn(kind_)) {
    LeafPlan plan;
    plan.name = kOpColumnName;
    plan.map = ValueMap::kOpCode;
    plan.optional = false;
    SetString(&plan);
    plans_.push_back(std::move(plan));
  }
  if (!output_.timestamp_column_name.empty()) {
    LeafPlan plan;
    plan.name = output_.timestamp_column_name;
    plan.map = ValueMap::kTimestampColumn;
    plan.optional = false;
    plan.physical = PhysicalType::kInt64;
    plan.order = StatOrder::kSigned;
    plan.converted = millis ? ConvertedType::kTimestampMillis : ConvertedType::kTimestampMicros;
    plan.logical = TimeType(LogicalType::Kind::kTimestamp, true,
                            millis ? parquet::TimeUnit::kMillis : parquet::TimeUnit::kMicros);
    plans_.push_back(std::move(plan));
  }
  for (const model::OutputColumn& column : projection_->columns) {
    LeafPlan plan;
    plan.name = column.name;
    plan.source = column.source;
    plan.column = column.column;
    switch (column.source) {
      case OutputSource::kColumn:
      case OutputSource::kBeforeColumn:
        if (column.column >= schema.columns.size()) {
          return Status::InvalidArgument("table " + TableLabel(schema) + " output column " + column.name,
                                         "source column index " + std::to_string(column.column) + " out of range");
        }
        CDC_RETURN_IF_ERROR(PlanSourceColumn(schema.columns[column.column], &plan));
        break;
      case OutputSource::kConstant:
        plan.map = ValueMap::kByOpText;
        plan.by_op_null = column.constant_is_null;
        for (std::string& text : plan.by_op) text = column.constant;
        SetString(&plan);
        break;
      case OutputSource::kOperation:
        plan.map = ValueMap::kByOpText;
        plan.by_op[OpIndex(ChangeOp::kInsert)] = "INSERT";
        plan.by_op[OpIndex(ChangeOp::kUpdate)] = "UPDATE";
        plan.by_op[OpIndex(ChangeOp::kDelete)] = "DELETE";
        SetString(&plan);
        break;
      case OutputSource::kOperationIndicator:
        plan.map = ValueMap::kByOpText;
        plan.by_op[OpIndex(ChangeOp::kDelete)] = column.indicator[0];
        plan.by_op[OpIndex(ChangeOp::kUpdate)] = column.indicator[1];
        plan.by_op[OpIndex(ChangeOp::kInsert)] = column.indicator[2];
        SetString(&plan);
        break;
      case OutputSource::kSourceSchema:
      case OutputSource::kSourceTable:
        plan.map = ValueMap::kByOpText;
        for (std::string& text : plan.by_op) {
          text = column.source == OutputSource::kSourceSchema ? schema.schema_name : schema.table_name;
        }
        SetString(&plan);
        break;
      case OutputSource::kCommitTimestamp:
        plan.map = ValueMap::kCommitTimeText;
        SetString(&plan);
        break;
      case OutputSource::kChangeSeq:
        plan.map = ValueMap::kChangeSeqText;
        SetString(&plan);
        break;
      case OutputSource::kStreamPosition:
        plan.map = ValueMap::kStreamPositionText;
        SetString(&plan);
        break;
    }
    plans_.push_back(std::move(plan));
  }
  if (output_.ordering_columns) {
    for (const std::string* name : {&output_.seq_column_name, &output_.commit_time_column_name}) {
      LeafPlan plan;
      plan.name = *name;
      plan.map = name == &output_.seq_column_name ? ValueMap::kSeq : ValueMap::kCommitUs;
      plan.optional = false;
      plan.physical = PhysicalType::kInt64;
      plan.order = StatOrder::kSigned;
      plans_.push_back(std::move(plan));
    }
  }
  for (size_t column_idx = 0; column_idx < plans_.size(); ++column_idx) {
    for (size_t other_idx = 0; other_idx < column_idx; ++other_idx) {
      if (plans_[other_idx].name == plans_[column_idx].name) {
        return Status::InvalidArgument("table " + TableLabel(schema) + " Parquet column " + plans_[column_idx].name,
                                       "appears twice in the file's columns");
      }
    }
  }
  if (settings_.iceberg) {
    const ParquetIcebergOptions& iceberg = *settings_.iceberg;
    if (iceberg.field_ids.size() != plans_.size() ||
        (!iceberg.required.empty() && iceberg.required.size() != plans_.size())) {
      return Status::InvalidArgument("table " + TableLabel(schema) + " Iceberg Parquet file",
                                     std::to_string(plans_.size()) + " columns, " +
                                         std::to_string(iceberg.field_ids.size()) + " field ids, " +
                                         std::to_string(iceberg.required.size()) + " required flags");
    }
    for (size_t column_idx = 0; column_idx < plans_.size(); ++column_idx) {
      plans_[column_idx].field_id = iceberg.field_ids[column_idx];
      if (!iceberg.required.empty() && iceberg.required[column_idx]) plans_[column_idx].optional = false;
    }
  }
  buffers_.resize(plans_.size());
  for (ColumnBuffer& buffer : buffers_) buffer.defined.reserve(std::min<size_t>(settings_.row_group_length, 1 << 16));

  CDC_RETURN_IF_ERROR(file_.Create());
  out_.reserve(kWriteChunkBytes + kWriteChunkBytes / 4);
  out_.append(kMagic);
  return Status::OK();
}

void ParquetWriter::PrepareContext(const ChangeContext& context) {
  if (context_ready_ && context.commit_time_us == context_commit_us_) return;
  context_ready_ = true;
  context_commit_us_ = context.commit_time_us;
  commit_time_text_.clear();
  AppendUtcTimestamp(context.commit_time_us, &commit_time_text_);
  scratch_.clear();
  change_seq_status_ = AppendChangeSeq(context.commit_time_us, 0, &scratch_);
  change_seq_prefix_ = scratch_.substr(0, std::min<size_t>(16, scratch_.size()));
}

Status ParquetWriter::Append(const model::ChangeBatch& rows, size_t begin, size_t end, const ChangeContext& context) {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::InvalidArgument("Parquet change file " + path_, "Append after Finish");
  const model::TableSchema& schema = *projection_->schema;
  if (rows.column_count() != schema.columns.size()) {
    return Fail(Status::InvalidArgument("table " + TableLabel(schema),
                                        "batch has " + std::to_string(rows.column_count()) +
                                            " columns, the projection's schema " +
                                            std::to_string(schema.columns.size())));
  }
  if (begin > end || end > rows.size()) {
    return Fail(Status::InvalidArgument("Parquet change file " + path_, "change range out of the batch"));
  }
  PrepareContext(context);
  kept_.clear();
  for (size_t change_idx = begin; change_idx < end; ++change_idx) {
    if (output_.Keeps(kind_, rows.changes()[change_idx].op)) kept_.push_back(static_cast<uint32_t>(change_idx));
  }
  size_t pos = 0;
  while (pos < kept_.size()) {
    const size_t take = std::min({kept_.size() - pos, settings_.row_group_length - buffered_rows_, kSliceRows});
    const std::span<const uint32_t> slice(kept_.data() + pos, take);
    for (size_t column_idx = 0; column_idx < plans_.size(); ++column_idx) {
      ColumnBuffer& buffer = buffers_[column_idx];
      const size_t bytes_before = buffer.bytes.size() + 8 * buffer.numbers.size();
      Status status = AppendColumn(plans_[column_idx], buffer, rows, slice, context, begin);
      if (!status.ok()) return Fail(status);
      if (!plans_[column_idx].optional && buffer.value_count() != buffer.defined.size()) {
        return Fail(Status::InvalidArgument("table " + TableLabel(schema) + " column " + plans_[column_idx].name,
                                            "a null in a REQUIRED column"));
      }
      buffered_bytes_ += buffer.bytes.size() + 8 * buffer.numbers.size() - bytes_before;
    }
    buffered_rows_ += take;
    rows_written_ += take;
    pos += take;
    if (buffered_rows_ >= settings_.row_group_length || buffered_bytes_ >= kMaxRowGroupBytes) {
      Status status = FlushRowGroup();
      if (!status.ok()) return Fail(status);
    }
  }
  return Status::OK();
}

// Appends the cells of a source column for `changes`: resolves the image as the CSV writer does,
// then `convert(cells, image, &is_null)` appends the value (or sets is_null).
template <typename Convert>
Status ParquetWriter::AppendCells(const LeafPlan& plan, ColumnBuffer& buffer, const model::ChangeBatch& rows,
                                  std::span<const uint32_t> changes, Convert&& convert) {
  const model::ColumnVector& cells = rows.column(plan.column);
  const bool before_column = plan.source == OutputSource::kBeforeColumn;
  for (uint32_t change_idx : changes) {
    const model::RowChange& change = rows.changes()[change_idx];
    if (before_column && change.op == ChangeOp::kInsert) {  // an insert has no before image: NULL
      buffer.defined.push_back(0);
      continue;
    }
    const uint32_t image = before_column || change.op == ChangeOp::kDelete ? change.before : change.after;
    const model::TableSchema& schema = *projection_->schema;
    if (image == model::RowChange::kNoImage) {
      return Status::InvalidArgument("table " + TableLabel(schema), std::string("a ") + model::OpCode(change.op) +
                                                                        " change without the image it needs");
    }
    switch (cells.state(image)) {
      case model::CellState::kValue: {
        bool is_null = false;
        CDC_RETURN_IF_ERROR(convert(cells, image, &is_null));
        buffer.defined.push_back(is_null ? 0 : 1);
        break;
      }
      case model::CellState::kNull:
        buffer.defined.push_back(0);
        break;
      case model::CellState::kAbsent:
        return Status::InvalidArgument(
            "table " + TableLabel(schema) + " column " + plan.name,
            "absent from the row image (binlog_row_image is not FULL); a change file needs every column");
    }
  }
  return Status::OK();
}

Status ParquetWriter::AppendColumn(const LeafPlan& plan, ColumnBuffer& buffer, const model::ChangeBatch& rows,
                                   std::span<const uint32_t> changes, const ChangeContext& context, size_t begin) {
  const model::TableSchema& schema = *projection_->schema;
  std::vector<uint64_t>& numbers = buffer.numbers;
  std::string& bytes = buffer.bytes;
  auto finish_bytes = [&buffer] { buffer.ends.push_back(buffer.bytes.size()); };
  const bool millis = settings_.timestamp_in_millisecond && !settings_.iceberg;
  switch (plan.map) {
    case ValueMap::kInt32Signed:
    case ValueMap::kInt64:
    case ValueMap::kYear:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        numbers.push_back(cells.slot(image));
        return Status::OK();
      });
    case ValueMap::kInt32Unsigned:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        numbers.push_back(cells.slot(image) & 0xffffffffu);
        return Status::OK();
      });
    case ValueMap::kFloat:
    case ValueMap::kDouble:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        numbers.push_back(cells.slot(image));
        return Status::OK();
      });
    case ValueMap::kDate:
      return AppendCells(plan, buffer, rows, changes,
                         [&](const model::ColumnVector& cells, uint32_t image, bool* is_null) {
                           const model::PackedDate date = model::PackedDate::Unpack(cells.slot(image));
                           if (date.month == 0 || date.day == 0) {
                             *is_null = true;  // a zero or partly-zero date has no Parquet DATE
                             return Status::OK();
                           }
                           numbers.push_back(static_cast<uint64_t>(DaysFromCivil(date.year, date.month, date.day)));
                           return Status::OK();
                         });
    case ValueMap::kDateTime:
      return AppendCells(plan, buffer, rows, changes,
                         [&](const model::ColumnVector& cells, uint32_t image, bool* is_null) {
                           const model::PackedDateTime v = model::PackedDateTime::Unpack(cells.slot(image));
                           if (v.date.month == 0 || v.date.day == 0) {
                             *is_null = true;
                             return Status::OK();
                           }
                           const int64_t days = DaysFromCivil(v.date.year, v.date.month, v.date.day);
                           const int64_t micros = days * kMicrosPerDay +
                                                  (int64_t{v.hour} * 3600 + v.minute * 60 + v.second) * kMicrosPerSecond +
                                                  v.micros;
                           numbers.push_back(static_cast<uint64_t>(micros));
                           return Status::OK();
                         });
    case ValueMap::kTimestamp:
      return AppendCells(plan, buffer, rows, changes,
                         [&](const model::ColumnVector& cells, uint32_t image, bool* is_null) {
                           const model::PackedTimestamp v = model::PackedTimestamp::Unpack(cells.slot(image));
                           if (v.seconds == 0) {
                             *is_null = true;  // MySQL's zero timestamp
                             return Status::OK();
                           }
                           const int64_t value = millis ? int64_t{v.seconds} * 1000 + v.micros / 1000
                                                        : int64_t{v.seconds} * kMicrosPerSecond + v.micros;
                           numbers.push_back(static_cast<uint64_t>(value));
                           return Status::OK();
                         });
    case ValueMap::kTimeMicros:
    case ValueMap::kTimeOfDay: {
      const bool time_of_day = plan.map == ValueMap::kTimeOfDay;
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        const model::PackedTime v = model::PackedTime::Unpack(cells.slot(image));
        const int64_t magnitude =
            (int64_t{v.hours} * 3600 + v.minutes * 60 + v.seconds) * kMicrosPerSecond + v.micros;
        if (time_of_day && (v.negative || magnitude >= kMicrosPerDay)) {
          return Status::InvalidArgument("table " + TableLabel(schema) + " column " + plan.name,
                                         "TIME value outside one day; use the micros-int64 TIME mapping");
        }
        numbers.push_back(static_cast<uint64_t>(v.negative ? -magnitude : magnitude));
        return Status::OK();
      });
    }
    case ValueMap::kDecimalInt32:
    case ValueMap::kDecimalInt64:
    case ValueMap::kDecimalFixed: {
      const bool fixed = plan.map == ValueMap::kDecimalFixed;
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        Int128 value = 0;
        if (!ParseDecimal(cells.bytes(image), &value)) {
          return Status::InvalidArgument("table " + TableLabel(schema) + " column " + plan.name,
                                         "decimal value is not decimal text");
        }
        if (fixed) {
          AppendBigEndian(value, plan.type_length, &bytes);
          finish_bytes();
        } else {
          numbers.push_back(static_cast<uint64_t>(static_cast<int64_t>(value)));
        }
        return Status::OK();
      });
    }
    case ValueMap::kUInt64Decimal20:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        AppendBigEndian(static_cast<Int128>(cells.slot(image)), 9, &bytes);
        finish_bytes();
        return Status::OK();
      });
    case ValueMap::kBytes:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        bytes.append(cells.bytes(image));
        finish_bytes();
        return Status::OK();
      });
    case ValueMap::kValueText: {
      const model::ColumnSchema& column_schema = schema.columns[plan.column];
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        model::AppendValueText(column_schema, cells, image, &bytes);
        finish_bytes();
        return Status::OK();
      });
    }
    case ValueMap::kGeometryWkb:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        const std::string_view value = cells.bytes(image);
        bytes.append(value.size() >= 4 ? value.substr(4) : value);  // drop the SRID
        finish_bytes();
        return Status::OK();
      });
    case ValueMap::kUuid:
      return AppendCells(plan, buffer, rows, changes, [&](const model::ColumnVector& cells, uint32_t image, bool*) {
        const std::string_view value = cells.bytes(image);
        if (value.size() != 16) {
          return Status::InvalidArgument("table " + TableLabel(schema) + " column " + plan.name,
                                         "UUID value is not 16 bytes");
        }
        bytes.append(value);
        finish_bytes();
        return Status::OK();
      });
    case ValueMap::kOpCode:
      for (uint32_t change_idx : changes) {
        const char code = model::OpCode(rows.changes()[change_idx].op);
        AppendText(buffer, std::string_view(&code, 1));
      }
      return Status::OK();
    case ValueMap::kByOpText:
      for (uint32_t change_idx : changes) {
        if (plan.by_op_null) {
          buffer.defined.push_back(0);
        } else {
          AppendText(buffer, plan.by_op[OpIndex(rows.changes()[change_idx].op)]);
        }
      }
      return Status::OK();
    case ValueMap::kCommitTimeText:
      for (size_t row_idx = 0; row_idx < changes.size(); ++row_idx) AppendText(buffer, commit_time_text_);
      return Status::OK();
    case ValueMap::kChangeSeqText:
      CDC_RETURN_IF_ERROR(change_seq_status_);
      for (uint32_t change_idx : changes) {
        const uint64_t seq = context.first_seq + (change_idx - begin);
        if (seq > 9999999999999999999ull) {
          return Status::InvalidArgument("$AR_H_CHANGE_SEQ", "seq has more than 19 digits");
        }
        buffer.defined.push_back(1);
        bytes.append(change_seq_prefix_);
        char digits[24];
        auto result = std::to_chars(digits, digits + sizeof(digits), seq);
        bytes.append(19 - static_cast<size_t>(result.ptr - digits), '0');
        bytes.append(digits, result.ptr);
        finish_bytes();
      }
      return Status::OK();
    case ValueMap::kStreamPositionText:
      for (uint32_t change_idx : changes) {
        const uint32_t origin = rows.changes()[change_idx].origin;
        if (origin >= rows.origins().size()) {
          return Status::InvalidArgument("table " + TableLabel(schema),
                                         "change names origin " + std::to_string(origin) + " which the batch lacks");
        }
        const model::SourcePosition& position = rows.origins()[origin].position;
        buffer.defined.push_back(1);
        bytes.append(position.file);
        bytes.push_back(':');
        char digits[24];
        auto result = std::to_chars(digits, digits + sizeof(digits), position.offset);
        bytes.append(digits, result.ptr);
        finish_bytes();
      }
      return Status::OK();
    case ValueMap::kTimestampColumn: {
      const int64_t value = millis ? context.commit_time_us / 1000 : context.commit_time_us;
      for (size_t row_idx = 0; row_idx < changes.size(); ++row_idx) AppendNumber(buffer, static_cast<uint64_t>(value));
      return Status::OK();
    }
    case ValueMap::kSeq:
      for (uint32_t change_idx : changes) AppendNumber(buffer, context.first_seq + (change_idx - begin));
      return Status::OK();
    case ValueMap::kCommitUs:
      for (size_t row_idx = 0; row_idx < changes.size(); ++row_idx) {
        AppendNumber(buffer, static_cast<uint64_t>(context.commit_time_us));
      }
      return Status::OK();
  }
  return Status::OK();
}

// Bytes of one PLAIN value; for BYTE_ARRAY, of its length prefix.
size_t FixedWidth(const LeafPlan& plan) {
  return plan.physical == PhysicalType::kByteArray ? 4 : parquet::PlainWidth(plan.physical, plan.type_length);
}

bool IsNumeric(const LeafPlan& plan) {
  return plan.physical != PhysicalType::kByteArray && plan.physical != PhysicalType::kFixedLenByteArray;
}

void ParquetWriter::AppendPlainValue(const LeafPlan& plan, const ColumnBuffer& buffer, size_t value_idx,
                                     std::string* out) const {
  if (IsNumeric(plan)) {
    AppendLittleEndian(buffer.numbers[value_idx], static_cast<int>(FixedWidth(plan)), out);
    return;
  }
  const std::string_view value = buffer.value(value_idx);
  if (plan.physical == PhysicalType::kByteArray) AppendLittleEndian(value.size(), 4, out);
  out->append(value);
}

std::optional<parquet::Statistics> ParquetWriter::ChunkStatistics(const LeafPlan& plan,
                                                                  const ColumnBuffer& buffer) const {
  parquet::Statistics stats;
  stats.null_count = static_cast<int64_t>(buffer.defined.size() - buffer.value_count());
  const size_t count = buffer.value_count();
  auto less = [&](size_t a, size_t b) -> bool {
    switch (plan.order) {
      case StatOrder::kSigned:
        return static_cast<int64_t>(buffer.numbers[a]) < static_cast<int64_t>(buffer.numbers[b]);
      case StatOrder::kUnsigned:
        return buffer.numbers[a] < buffer.numbers[b];
      case StatOrder::kFloat:
        return std::bit_cast<float>(static_cast<uint32_t>(buffer.numbers[a])) <
               std::bit_cast<float>(static_cast<uint32_t>(buffer.numbers[b]));
      case StatOrder::kDouble:
        return std::bit_cast<double>(buffer.numbers[a]) < std::bit_cast<double>(buffer.numbers[b]);
      case StatOrder::kBytes:
        return buffer.value(a) < buffer.value(b);
      case StatOrder::kSignedBigEndian: {
        const std::string_view x = buffer.value(a);
        const std::string_view y = buffer.value(b);
        const auto x0 = static_cast<int8_t>(x[0]);
        const auto y0 = static_cast<int8_t>(y[0]);
        if (x0 != y0) return x0 < y0;
        return x.substr(1) < y.substr(1);
      }
    }
    return false;
  };
  auto is_nan = [&](size_t i) {
    if (plan.order == StatOrder::kFloat) return std::isnan(std::bit_cast<float>(static_cast<uint32_t>(buffer.numbers[i])));
    if (plan.order == StatOrder::kDouble) return std::isnan(std::bit_cast<double>(buffer.numbers[i]));
    return false;
  };
  std::optional<size_t> min_idx;
  std::optional<size_t> max_idx;
  for (size_t value_idx = 0; value_idx < count; ++value_idx) {
    if (is_nan(value_idx)) continue;  // NaN has no place in the order: left out, as the format says
    if (!IsNumeric(plan) && buffer.value(value_idx).size() > kMaxStatisticsValueBytes) return stats;
    if (!min_idx || less(value_idx, *min_idx)) min_idx = value_idx;
    if (!max_idx || less(*max_idx, value_idx)) max_idx = value_idx;
  }
  if (!min_idx) return stats;
  std::string min_value;
  std::string max_value;
  if (IsNumeric(plan)) {
    uint64_t min_bits = buffer.numbers[*min_idx];
    uint64_t max_bits = buffer.numbers[*max_idx];
    // The format asks for -0 as a zero minimum and +0 as a zero maximum.
    if (plan.order == StatOrder::kFloat) {
      if (std::bit_cast<float>(static_cast<uint32_t>(min_bits)) == 0) min_bits = std::bit_cast<uint32_t>(-0.0f);
      if (std::bit_cast<float>(static_cast<uint32_t>(max_bits)) == 0) max_bits = std::bit_cast<uint32_t>(0.0f);
    } else if (plan.order == StatOrder::kDouble) {
      if (std::bit_cast<double>(min_bits) == 0) min_bits = std::bit_cast<uint64_t>(-0.0);
      if (std::bit_cast<double>(max_bits) == 0) max_bits = std::bit_cast<uint64_t>(0.0);
    }
    AppendLittleEndian(min_bits, static_cast<int>(FixedWidth(plan)), &min_value);
    AppendLittleEndian(max_bits, static_cast<int>(FixedWidth(plan)), &max_value);
  } else {
    min_value = buffer.value(*min_idx);
    max_value = buffer.value(*max_idx);
  }
  stats.min_value = std::move(min_value);
  stats.max_value = std::move(max_value);
  return stats;
}

Status ParquetWriter::WritePage(parquet::PageHeader header, std::string_view body, int64_t* uncompressed,
                                int64_t* compressed) {
  std::string_view stored = body;  // UNCOMPRESSED pages go out as they are, without a copy
  if (codec_.codec() != Codec::kUncompressed) {
    CDC_RETURN_IF_ERROR(codec_.Compress(body, &compressed_));
    stored = compressed_;
  }
  if (body.size() > INT32_MAX || stored.size() > INT32_MAX) {
    return Status::InvalidArgument("parquet page", "larger than 2 GiB");
  }
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(stored.size());
  header_.clear();
  parquet::EncodePageHeader(header, &header_);
  out_.append(header_);
  out_.append(stored);
  *uncompressed += static_cast<int64_t>(header_.size() + body.size());
  *compressed += static_cast<int64_t>(header_.size() + stored.size());
  if (out_.size() >= kWriteChunkBytes) return Drain();
  return Status::OK();
}

Status ParquetWriter::WriteColumnChunk(const LeafPlan& plan, const ColumnBuffer& buffer, parquet::ColumnChunk* chunk) {
  const bool v1 = settings_.parquet_version == ParquetVersion::kV1_0;
  const bool numeric = IsNumeric(plan);
  const size_t width = FixedWidth(plan);
  const bool dictionary = settings_.encoding_type != ParquetEncodingType::kPlain &&
                          buffer.value_count() > 0 &&
                          dictionary_.Build(buffer, numeric, width, settings_.dict_page_size_limit);
  parquet::ColumnMetaData meta;
  meta.type = plan.physical;
  meta.path_in_schema = {plan.name};
  meta.codec = codec_.codec();
  meta.num_values = static_cast<int64_t>(buffer.defined.size());
  const int64_t chunk_start = static_cast<int64_t>(offset());
  int64_t uncompressed = 0;
  int64_t compressed = 0;
  const Encoding dictionary_page_encoding = v1 ? Encoding::kPlainDictionary : Encoding::kPlain;
  const Encoding index_encoding = v1 ? Encoding::kPlainDictionary : Encoding::kRleDictionary;
  int index_width = 1;
  if (dictionary) {
    const std::vector<uint32_t>& entries = dictionary_.entries();
    body_.clear();
    for (uint32_t first : entries) AppendPlainValue(plan, buffer, first, &body_);
    parquet::PageHeader header;
    header.type = parquet::PageKind::kDictionaryPage;
    header.dictionary_page_header.emplace();
    header.dictionary_page_header->num_values = static_cast<int32_t>(entries.size());
    header.dictionary_page_header->encoding = dictionary_page_encoding;
    meta.dictionary_page_offset = chunk_start;
    CDC_RETURN_IF_ERROR(WritePage(std::move(header), body_, &uncompressed, &compressed));
    index_width = std::max(1, parquet::BitWidth(entries.size() - 1));
    meta.encodings = {dictionary_page_encoding, Encoding::kRle};
    if (index_encoding != dictionary_page_encoding) meta.encodings.push_back(index_encoding);
  } else {
    meta.encodings = {Encoding::kPlain, Encoding::kRle};
  }

  // Data pages: rows [row, page_end) holding values [value, value_end), cut at DataPageSize.
  const size_t row_count = buffer.defined.size();
  size_t row = 0;
  size_t value = 0;
  bool first_page = true;
  while (row < row_count || first_page) {
    size_t page_end = row;
    size_t value_end = value;
    size_t estimate = 0;
    while (page_end < row_count && estimate < settings_.data_page_size) {
      if (buffer.defined[page_end] != 0) {
        estimate += dictionary ? static_cast<size_t>(index_width + 7) / 8
                               : (numeric || plan.physical == PhysicalType::kFixedLenByteArray
                                      ? width
                                      : width + buffer.value(value_end).size());
        ++value_end;
      }
      ++page_end;
    }
    body_.clear();
    if (plan.optional) {
      levels_.clear();
      parquet::AppendRleHybrid(std::span<const uint32_t>(buffer.defined).subspan(row, page_end - row), 1, &levels_);
      AppendLittleEndian(levels_.size(), 4, &body_);
      body_.append(levels_);
    }
    if (dictionary) {
      body_.push_back(static_cast<char>(index_width));
      parquet::AppendRleHybrid(std::span<const uint32_t>(dictionary_.indexes()).subspan(value, value_end - value),
                               index_width, &body_);
    } else {
      for (size_t value_idx = value; value_idx < value_end; ++value_idx) {
        AppendPlainValue(plan, buffer, value_idx, &body_);
      }
    }
    parquet::PageHeader header;
    header.type = parquet::PageKind::kDataPage;
    header.data_page_header.emplace();
    header.data_page_header->num_values = static_cast<int32_t>(page_end - row);
    header.data_page_header->encoding = dictionary ? index_encoding : Encoding::kPlain;
    header.data_page_header->definition_level_encoding = Encoding::kRle;
    header.data_page_header->repetition_level_encoding = Encoding::kRle;
    if (first_page) meta.data_page_offset = static_cast<int64_t>(offset());
    CDC_RETURN_IF_ERROR(WritePage(std::move(header), body_, &uncompressed, &compressed));
    first_page = false;
    row = page_end;
    value = value_end;
  }
  meta.total_uncompressed_size = uncompressed;
  meta.total_compressed_size = compressed;
  if (settings_.enable_statistics) meta.statistics = ChunkStatistics(plan, buffer);
  chunk->file_offset = chunk_start;
  chunk->meta_data = std::move(meta);
  return Status::OK();
}

Status ParquetWriter::FlushRowGroup() {
  if (buffered_rows_ == 0) return Status::OK();
  parquet::RowGroup group;
  group.num_rows = static_cast<int64_t>(buffered_rows_);
  group.file_offset = static_cast<int64_t>(offset());
  group.ordinal = static_cast<int16_t>(row_groups_.size());
  group.columns.resize(plans_.size());
  int64_t total_uncompressed = 0;
  int64_t total_compressed = 0;
  for (size_t column_idx = 0; column_idx < plans_.size(); ++column_idx) {
    CDC_RETURN_IF_ERROR(WriteColumnChunk(plans_[column_idx], buffers_[column_idx], &group.columns[column_idx]));
    total_uncompressed += group.columns[column_idx].meta_data->total_uncompressed_size;
    total_compressed += group.columns[column_idx].meta_data->total_compressed_size;
    buffers_[column_idx].Clear();
  }
  group.total_byte_size = total_uncompressed;
  group.total_compressed_size = total_compressed;
  row_groups_.push_back(std::move(group));
  total_rows_ += static_cast<int64_t>(buffered_rows_);
  buffered_rows_ = 0;
  buffered_bytes_ = 0;
  return Drain();
}

Status ParquetWriter::Drain() {
  CDC_RETURN_IF_ERROR(file_.Write(out_.data(), out_.size()));
  out_.clear();
  return Status::OK();
}

Status ParquetWriter::Finish() {
  if (!failed_.ok()) return failed_;
  if (finished_) return Status::InvalidArgument("Parquet change file " + path_, "Finish called twice");
  Status status = FlushRowGroup();
  if (!status.ok()) return Fail(status);

  parquet::FileMetaData metadata;
  metadata.version = settings_.parquet_version == ParquetVersion::kV1_0 ? 1 : 2;
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = static_cast<int32_t>(plans_.size());
  metadata.schema.push_back(std::move(root));
  for (const LeafPlan& plan : plans_) {
    parquet::SchemaElement element;
    element.name = plan.name;
    element.type = plan.physical;
    if (plan.physical == PhysicalType::kFixedLenByteArray) element.type_length = plan.type_length;
    element.repetition = plan.optional ? parquet::Repetition::kOptional : parquet::Repetition::kRequired;
    element.converted_type = plan.converted;
    if (plan.converted == ConvertedType::kDecimal) {
      element.scale = plan.scale;
      element.precision = plan.precision;
    }
    element.logical_type = plan.logical;
    element.field_id = plan.field_id;
    metadata.schema.push_back(std::move(element));
  }
  if (settings_.iceberg && !settings_.iceberg->schema_json.empty()) {
    metadata.key_value_metadata.push_back({"iceberg.schema", settings_.iceberg->schema_json});
  }
  metadata.num_rows = total_rows_;
  metadata.row_groups = std::move(row_groups_);
  metadata.created_by = "lakefeed";
  metadata.type_defined_column_orders = static_cast<int32_t>(plans_.size());
  const size_t footer_start = out_.size();
  parquet::EncodeFileMetaData(metadata, &out_);
  AppendLittleEndian(out_.size() - footer_start, 4, &out_);
  out_.append(kMagic);
  status = Drain();
  if (!status.ok()) return Fail(status);
  finished_ = true;
  status = file_.Close();
  if (!status.ok()) return Fail(status);
  return Status::OK();
}

}  // namespace

Result<std::unique_ptr<ChangeFileWriter>> OpenParquetWriter(const std::string& path, FileKind kind,
                                                            model::TableProjectionPtr projection,
                                                            const OutputSettings& output,
                                                            const ParquetSettings& parquet,
                                                            const FileOptions& file_options) {
  auto writer = std::make_unique<ParquetWriter>(path, kind, std::move(projection), output, parquet, file_options);
  CDC_RETURN_IF_ERROR(writer->Open());
  return std::unique_ptr<ChangeFileWriter>(std::move(writer));
}

}  // namespace cdc::format
