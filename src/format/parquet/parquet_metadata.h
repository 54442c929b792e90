#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

// Parquet's footer and page-header structs as lakefeed uses them. parquet_metadata.thrift beside
// this file is the IDL they follow (field ids and enum values are the format's); the encoding is
// hand-written compact protocol (thrift_compact.h). Plain value types: copy freely.
namespace cdc::format::parquet {

// Serialized enums: the values are the format's.
enum class PhysicalType : int32_t {
  kBoolean = 0, kInt32 = 1, kInt64 = 2, kInt96 = 3, kFloat = 4, kDouble = 5, kByteArray = 6, kFixedLenByteArray = 7,
};
enum class ConvertedType : int32_t {
  kUtf8 = 0, kDecimal = 5, kDate = 6, kTimeMillis = 7, kTimeMicros = 8, kTimestampMillis = 9,
  kTimestampMicros = 10, kUint8 = 11, kUint16 = 12, kUint32 = 13, kUint64 = 14, kInt8 = 15, kInt16 = 16,
  kInt32 = 17, kInt64 = 18, kJson = 19,
};
enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };
enum class Encoding : int32_t {
  kPlain = 0, kPlainDictionary = 2, kRle = 3, kBitPacked = 4, kDeltaBinaryPacked = 5, kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7, kRleDictionary = 8, kByteStreamSplit = 9,
};
enum class Codec : int32_t {
  kUncompressed = 0, kSnappy = 1, kGzip = 2, kLzo = 3, kBrotli = 4, kLz4 = 5, kZstd = 6, kLz4Raw = 7,
};
enum class PageKind : int32_t { kDataPage = 0, kIndexPage = 1, kDictionaryPage = 2, kDataPageV2 = 3 };
enum class TimeUnit : uint8_t { kMillis = 1, kMicros = 2, kNanos = 3 };  // the union's field ids

std::string_view ToString(PhysicalType type);
std::string_view ToString(ConvertedType type);
std::string_view ToString(Repetition repetition);
std::string_view ToString(Encoding encoding);
std::string_view ToString(Codec codec);
std::string_view ToString(PageKind kind);
std::string_view ToString(TimeUnit unit);

// The LogicalType union: `kind` says which member is set (its field id); the parameters of the
// other members are ignored.
struct LogicalType {
  enum class Kind : uint8_t {
    kString = 1, kEnum = 4, kDecimal = 5, kDate = 6, kTime = 7, kTimestamp = 8, kInteger = 10, kUnknown = 11,
    kJson = 12, kBson = 13, kUuid = 14,
  };
  Kind kind = Kind::kString;
  int32_t scale = 0;       // kDecimal
  int32_t precision = 0;   // kDecimal
  bool adjusted_to_utc = false;            // kTime, kTimestamp
  TimeUnit unit = TimeUnit::kMicros;       // kTime, kTimestamp
  int8_t bit_width = 64;   // kInteger
  bool is_signed = true;   // kInteger

  bool operator==(const LogicalType&) const = default;
};
std::string_view ToString(LogicalType::Kind kind);

struct SchemaElement {
  std::optional<PhysicalType> type;
  std::optional<int32_t> type_length;
  std::optional<Repetition> repetition;
  std::string name;
  std::optional<int32_t> num_children;
  std::optional<ConvertedType> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<int32_t> field_id;
  std::optional<LogicalType> logical_type;

  bool operator==(const SchemaElement&) const = default;
};

struct Statistics {
  std::optional<std::string> legacy_max;
  std::optional<std::string> legacy_min;
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;

  bool operator==(const Statistics&) const = default;
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeader&) const = default;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  std::optional<bool> is_sorted;

  bool operator==(const DictionaryPageHeader&) const = default;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
  std::optional<Statistics> statistics;

  bool operator==(const DataPageHeaderV2&) const = default;
};

struct PageHeader {
  PageKind type = PageKind::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<int32_t> crc;
  std::optional<DataPageHeader> data_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;

  bool operator==(const PageHeader&) const = default;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;

  bool operator==(const KeyValue&) const = default;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kInt32;
  std::vector<Encoding> encodings;
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  std::vector<KeyValue> key_value_metadata;  // written when non-empty
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;

  bool operator==(const ColumnMetaData&) const = default;
};

struct ColumnChunk {
  std::optional<std::string> file_path;
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;

  bool operator==(const ColumnChunk&) const = default;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;

  bool operator==(const RowGroup&) const = default;
};

struct FileMetaData {
  int32_t version = 1;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;  // written when non-empty
  std::optional<std::string> created_by;
  // Written when non-empty: one per leaf column; every entry is TypeDefinedOrder.
  int32_t type_defined_column_orders = 0;

  bool operator==(const FileMetaData&) const = default;
};

// Bytes of one PLAIN value of a fixed-width physical type (FIXED_LEN_BYTE_ARRAY: `type_length`,
// 0 when not positive); 0 for BYTE_ARRAY and BOOLEAN, whose PLAIN values have no fixed width.
size_t PlainWidth(PhysicalType type, int32_t type_length);

// Appends the compact-protocol encoding of the struct to *out.
void EncodeFileMetaData(const FileMetaData& metadata, std::string* out);
void EncodePageHeader(const PageHeader& header, std::string* out);

// Decodes a struct from the start of `in`; *consumed (when not null) gets the bytes it took.
// Unknown fields are skipped. Corruption when the bytes are truncated or malformed, or a required
// field is missing.
Result<FileMetaData> DecodeFileMetaData(std::string_view in);
Result<PageHeader> DecodePageHeader(std::string_view in, size_t* consumed);

}  // namespace cdc::format::parquet
