// lakefeed's own description of the Parquet metadata it reads and writes: the subset of the
// Parquet format's Thrift definitions that lakefeed uses, written from the format specification
// (apache/parquet-format: README "Metadata" and "Data Pages", LogicalTypes.md, Encodings.md).
// The field ids and enum numbers are the format's (they are what makes a file readable); the
// names, grouping and comments are ours. Fields lakefeed neither writes nor needs are left out;
// the decoder skips any field it does not list here.
//
// Nothing generates code from this file: src/format/parquet/parquet_metadata.cc encodes and
// decodes these structs by hand with the compact protocol (thrift_compact.h), and this file is
// the reference that code follows. Keep the two in step.

namespace cpp cdc.format.parquet

// How values are laid out on disk (the "physical" type).
enum PhysicalType {
  BOOLEAN = 0;               // one bit per value in PLAIN
  INT32 = 1;                 // 4 bytes little-endian
  INT64 = 2;                 // 8 bytes little-endian
  INT96 = 3;                 // legacy 12-byte timestamps; read only
  FLOAT = 4;                 // IEEE-754 binary32
  DOUBLE = 5;                // IEEE-754 binary64
  BYTE_ARRAY = 6;            // 4-byte length then the bytes in PLAIN
  FIXED_LEN_BYTE_ARRAY = 7;  // SchemaElement.type_length bytes
}

// The older way of annotating a column ("converted type"), still read by many engines; written
// beside the logical type where one corresponds.
enum ConvertedType {
  UTF8 = 0;
  DECIMAL = 5;
  DATE = 6;
  TIME_MILLIS = 7;
  TIME_MICROS = 8;
  TIMESTAMP_MILLIS = 9;      // implies UTC-adjusted
  TIMESTAMP_MICROS = 10;     // implies UTC-adjusted
  UINT_8 = 11;
  UINT_16 = 12;
  UINT_32 = 13;
  UINT_64 = 14;
  INT_8 = 15;
  INT_16 = 16;
  INT_32 = 17;
  INT_64 = 18;
  JSON = 19;
}

enum Repetition {
  REQUIRED = 0;              // no definition levels
  OPTIONAL = 1;              // definition level 0 = null, 1 = value
  REPEATED = 2;              // not written by lakefeed
}

enum Encoding {
  PLAIN = 0;
  PLAIN_DICTIONARY = 2;      // Parquet 1.0 name for dictionary pages and dictionary-index pages
  RLE = 3;                   // the RLE / bit-packed hybrid (levels)
  BIT_PACKED = 4;            // deprecated levels encoding; read only
  DELTA_BINARY_PACKED = 5;
  DELTA_LENGTH_BYTE_ARRAY = 6;
  DELTA_BYTE_ARRAY = 7;
  RLE_DICTIONARY = 8;        // Parquet 2.0 name for dictionary-index pages
  BYTE_STREAM_SPLIT = 9;
}

enum Codec {
  UNCOMPRESSED = 0;
  SNAPPY = 1;                // raw snappy blocks (no framing)
  GZIP = 2;                  // RFC 1952
  LZO = 3;
  BROTLI = 4;
  LZ4 = 5;                   // Hadoop-framed LZ4; deprecated
  ZSTD = 6;                  // a zstd frame
  LZ4_RAW = 7;
}

enum PageKind {
  DATA_PAGE = 0;
  INDEX_PAGE = 1;
  DICTIONARY_PAGE = 2;
  DATA_PAGE_V2 = 3;
}

// Logical types: empty marker structs and the parameterised ones.
struct StringMarker {}
struct EnumMarker {}
struct DateMarker {}
struct JsonMarker {}
struct BsonMarker {}
struct UuidMarker {}
struct UnknownMarker {}      // a column that is always null

struct DecimalParams {
  1: required i32 scale;
  2: required i32 precision;
}

struct MillisUnit {}
struct MicrosUnit {}
struct NanosUnit {}
union TimeUnit {
  1: MillisUnit millis;
  2: MicrosUnit micros;
  3: NanosUnit nanos;
}

struct TimeParams {
  1: required bool adjusted_to_utc;
  2: required TimeUnit unit;
}

struct TimestampParams {
  1: required bool adjusted_to_utc;
  2: required TimeUnit unit;
}

struct IntegerParams {
  1: required i8 bit_width;  // 8, 16, 32 or 64
  2: required bool is_signed;
}

// Exactly one member is set. Ids 2 (MAP), 3 (LIST), 15 and up exist in the format; lakefeed
// writes none of them and skips them when reading.
union LogicalType {
  1: StringMarker string;
  4: EnumMarker enum_type;
  5: DecimalParams decimal;
  6: DateMarker date;
  7: TimeParams time;
  8: TimestampParams timestamp;
  10: IntegerParams integer;
  11: UnknownMarker unknown;
  12: JsonMarker json;
  13: BsonMarker bson;
  14: UuidMarker uuid;
}

// One node of the schema tree, flattened depth-first; the root has num_children set.
struct SchemaElement {
  1: optional PhysicalType type;          // leaves only
  2: optional i32 type_length;            // FIXED_LEN_BYTE_ARRAY width
  3: optional Repetition repetition;      // all but the root
  4: required string name;
  5: optional i32 num_children;           // groups only
  6: optional ConvertedType converted_type;
  7: optional i32 scale;                  // DECIMAL, with converted_type
  8: optional i32 precision;              // DECIMAL, with converted_type
  9: optional i32 field_id;
  10: optional LogicalType logical_type;
}

// Min and max are PLAIN-encoded values without a length prefix, compared in the column's sort
// order (signed for signed integers, unsigned for unsigned ones and for byte arrays). Ids 1 and 2
// are the old signed-order min/max, read only.
struct Statistics {
  1: optional binary legacy_max;
  2: optional binary legacy_min;
  3: optional i64 null_count;
  4: optional i64 distinct_count;
  5: optional binary max_value;
  6: optional binary min_value;
  7: optional bool is_max_value_exact;
  8: optional bool is_min_value_exact;
}

struct DataPageHeader {                   // data page v1
  1: required i32 num_values;             // including nulls
  2: required Encoding encoding;          // of the values
  3: required Encoding definition_level_encoding;
  4: required Encoding repetition_level_encoding;
  5: optional Statistics statistics;
}

struct DictionaryPageHeader {
  1: required i32 num_values;
  2: required Encoding encoding;          // PLAIN or PLAIN_DICTIONARY
  3: optional bool is_sorted;
}

struct DataPageHeaderV2 {                 // read only
  1: required i32 num_values;
  2: required i32 num_nulls;
  3: required i32 num_rows;
  4: required Encoding encoding;
  5: required i32 definition_levels_byte_length;
  6: required i32 repetition_levels_byte_length;
  7: optional bool is_compressed = true;
  8: optional Statistics statistics;
}

// Precedes every page; sizes exclude the header itself.
struct PageHeader {
  1: required PageKind type;
  2: required i32 uncompressed_page_size;
  3: required i32 compressed_page_size;
  4: optional i32 crc;
  5: optional DataPageHeader data_page_header;
  7: optional DictionaryPageHeader dictionary_page_header;
  8: optional DataPageHeaderV2 data_page_header_v2;
}

struct KeyValue {
  1: required string key;
  2: optional string value;
}

struct ColumnMetaData {
  1: required PhysicalType type;
  2: required list<Encoding> encodings;   // every encoding used in the chunk, levels included
  3: required list<string> path_in_schema;
  4: required Codec codec;
  5: required i64 num_values;
  6: required i64 total_uncompressed_size;  // page headers included
  7: required i64 total_compressed_size;    // page headers included
  8: optional list<KeyValue> key_value_metadata;
  9: required i64 data_page_offset;       // first data page
  10: optional i64 index_page_offset;
  11: optional i64 dictionary_page_offset;
  12: optional Statistics statistics;
}

struct ColumnChunk {
  1: optional string file_path;           // unset: this file
  2: required i64 file_offset;            // deprecated; lakefeed writes the chunk's first page offset
  3: optional ColumnMetaData meta_data;
}

struct RowGroup {
  1: required list<ColumnChunk> columns;
  2: required i64 total_byte_size;        // uncompressed
  3: required i64 num_rows;
  5: optional i64 file_offset;            // first page of the group
  6: optional i64 total_compressed_size;
  7: optional i16 ordinal;
}

struct TypeDefinedOrder {}
union ColumnOrder {
  1: TypeDefinedOrder type_order;          // min_value/max_value follow the logical type's order
}

// The footer: "PAR1" <pages> <FileMetaData> <4-byte little-endian length> "PAR1".
struct FileMetaData {
  1: required i32 version;                 // 1 or 2
  2: required list<SchemaElement> schema;
  3: required i64 num_rows;
  4: required list<RowGroup> row_groups;
  5: optional list<KeyValue> key_value_metadata;
  6: optional string created_by;
  7: optional list<ColumnOrder> column_orders;  // one per leaf column
}
