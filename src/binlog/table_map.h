#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "binlog/event_header.h"
#include "model/table_schema.h"

namespace cdc::binlog {

// TABLE_MAP_EVENT (type 19): maps a table id to a table definition for the rows events that
// follow. Layout (MySQL libbinlogevents/src/rows_event.cpp Table_map_event::Table_map_event,
// sql/log_event.cc Table_map_log_event::write_data_body; MariaDB sql/log_event.cc and
// sql/log_event_server.cc; the same in both servers):
//
//   post-header  table_id   u48 (u32 when the FDE gives this type a post-header of 6 bytes)
//                flags      u16
//   body         schema     u8 length, bytes, 0x00
//                table      u8 length, bytes, 0x00
//                column_count            packed int
//                column_types            column_count bytes (enum_field_types)
//                metadata_length         packed int
//                metadata                per column, by type (see kColumnMeta below)
//                null_bitmap             (column_count + 7) / 8 bytes, bit i = column i nullable
//                optional metadata       TLVs up to the end of the body:
//                                        type u8, length packed int, value `length` bytes
//
// Column metadata, decoded into one uint16_t per column (TableMapEvent::column_meta and
// model::ColumnSchema::meta):
//   FLOAT, DOUBLE        1 byte: pack length (4 / 8)
//   BLOB, GEOMETRY, JSON 1 byte: bytes of the length prefix (1..4)
//   BLOB_COMPRESSED      1 byte: bytes of the length prefix (1..4) (MariaDB; Field_blob_compressed
//                        binlog_type_info in sql/field.cc, as Field_blob)
//   VECTOR (MySQL 9)     1 byte: bytes of the length prefix
//   TIME2, DATETIME2, TIMESTAMP2   1 byte: fractional-second precision (fsp, 0..6)
//   VARCHAR, VAR_STRING  2 bytes LE: maximum length in bytes (< 256: 1-byte length prefix)
//   VARCHAR_COMPRESSED   2 bytes LE: as VARCHAR; the maximum counts the compression header byte
//                        (MariaDB Column_definition::create_length_to_internal_length_string adds 1:
//                        VARCHAR(1000) COMPRESSED in utf8mb4 has 4001)
//   BIT                  2 bytes: bits % 8, then whole bytes; decoded as (bytes << 8) | (bits % 8)
//   NEWDECIMAL           2 bytes: precision, scale; decoded as (precision << 8) | scale
//   STRING, ENUM, SET    2 bytes: real type, then length; decoded as (byte0 << 8) | byte1.
//                        The real type carries the high bits of a CHAR length above 255 (see
//                        StringRealType / StringMaxLength).
//   all other types      no metadata (0)
//
// Optional metadata (MySQL 8.0.1+ and MariaDB 10.5+, binlog_row_metadata=MINIMAL|FULL; MySQL
// libbinlogevents Table_map_event::Optional_metadata_field_type, sql/log_event.cc
// Table_map_log_event::init_*_field; MariaDB sql/log_event_server.cc). Per-column lists apply
// to a subset of the columns, in column order:
//   SIGNEDNESS          numeric columns: TINY SHORT INT24 LONG LONGLONG FLOAT DOUBLE NEWDECIMAL
//                       (MySQL sql/field.h is_numeric_type of Field::binlog_type()); MariaDB
//                       also counts YEAR (every Field_num has a signedness in its
//                       Binlog_type_info; Field_year derives from Field_tiny)
//   DEFAULT_CHARSET /   character columns: STRING with real type STRING, VARCHAR, VAR_STRING and
//   COLUMN_CHARSET      BLOB (MySQL is_character_type of Field::real_type(), which in MySQL 9
//                       also lists VECTOR); MariaDB: every field with a character set that is
//                       not ENUM/SET (is_character_field in log_event_server.cc), which adds
//                       GEOMETRY (Field_geom has the binary charset). Never JSON, ENUM or SET.
//                       MariaDB's VARCHAR_COMPRESSED and BLOB_COMPRESSED columns count (seen in
//                       10.11's COLUMN_CHARSET: one entry per compressed column, 63 for binary).
//   ENUM_AND_SET_*      ENUM and SET columns
//   SET_STR_VALUE       SET columns;  ENUM_STR_VALUE  ENUM columns
//   GEOMETRY_TYPE       GEOMETRY columns
//   VECTOR_DIMENSIONALITY  VECTOR columns
//   COLUMN_NAME, COLUMN_VISIBILITY  every column
// The exact membership rules are implemented by IsNumericColumn, IsCharacterColumn, ... below.

enum class OptionalMetadataType : uint8_t {
  kSignedness = 1,
  kDefaultCharset = 2,
  kColumnCharset = 3,
  kColumnName = 4,
  kSetStrValue = 5,
  kEnumStrValue = 6,
  kGeometryType = 7,
  kSimplePrimaryKey = 8,
  kPrimaryKeyWithPrefix = 9,
  kEnumAndSetDefaultCharset = 10,
  kEnumAndSetColumnCharset = 11,
  kColumnVisibility = 12,     // MySQL 8.0.23+
  kVectorDimensionality = 13, // MySQL 9.0+
};
std::string_view ToString(OptionalMetadataType type);

// DEFAULT_CHARSET / ENUM_AND_SET_DEFAULT_CHARSET: the most common collation plus the columns
// that differ. `column_index` counts only the columns the field applies to (character columns,
// resp. ENUM/SET columns), not all columns.
struct DefaultCharset {
  uint32_t default_collation = 0;
  std::vector<std::pair<uint32_t, uint32_t>> overrides;  // (column_index, collation)
};

// One primary key part: the column index and the prefix length in characters (0 = whole column).
struct PrimaryKeyPart {
  uint32_t column = 0;
  uint32_t prefix = 0;
};

// Everything the optional metadata block said. A field is meaningful only when Has(type) is
// true; per-column lists are in the order of the columns they apply to (see above).
struct OptionalMetadata {
  uint32_t present = 0;  // bit (1 << type) for each OptionalMetadataType seen
  bool Has(OptionalMetadataType type) const { return (present >> static_cast<unsigned>(type)) & 1; }

  std::vector<bool> is_unsigned;                   // SIGNEDNESS, per numeric column
  DefaultCharset default_charset;                  // DEFAULT_CHARSET
  std::vector<uint32_t> column_charsets;           // COLUMN_CHARSET, per character column
  std::vector<std::string> column_names;           // COLUMN_NAME, per column
  std::vector<std::vector<std::string>> set_labels;   // SET_STR_VALUE, per SET column
  std::vector<std::vector<std::string>> enum_labels;  // ENUM_STR_VALUE, per ENUM column
  std::vector<uint32_t> geometry_types;            // GEOMETRY_TYPE, per GEOMETRY column
  std::vector<PrimaryKeyPart> primary_key;         // SIMPLE_PRIMARY_KEY or PRIMARY_KEY_WITH_PREFIX
  DefaultCharset enum_and_set_default_charset;     // ENUM_AND_SET_DEFAULT_CHARSET
  std::vector<uint32_t> enum_and_set_column_charsets;  // ENUM_AND_SET_COLUMN_CHARSET
  std::vector<bool> visible;                       // COLUMN_VISIBILITY, per column
  std::vector<uint32_t> vector_dimensions;         // VECTOR_DIMENSIONALITY, per VECTOR column
  std::vector<uint8_t> unknown_types;              // types we did not know, skipped by length
};

// The TABLE_MAP flag bits (Table_map_event::enum_flag).
inline constexpr uint16_t kTableMapFlagNoFlags = 0;
inline constexpr uint16_t kTableMapFlagBitLenExact = 1;
inline constexpr uint16_t kTableMapFlagReferredFkDb = 2;

struct TableMapEvent {
  uint64_t table_id = 0;
  uint16_t flags = 0;
  std::string schema_name;
  std::string table_name;
  std::vector<uint8_t> column_types;   // wire codes (model::FieldType), one per column
  std::vector<uint16_t> column_meta;   // decoded metadata, one per column (see above)
  std::vector<bool> nullable;          // from the null bitmap
  OptionalMetadata optional;
  bool mariadb = false;                // written by MariaDB (FormatDescription::is_mariadb()):
                                       // decides which columns the optional lists cover

  size_t column_count() const { return column_types.size(); }
};

// Decodes a TABLE_MAP body: `body` starts at the post-header and ends before the checksum.
// Returns Corruption (naming the table when known) if a field is truncated, a length runs
// past the body, the metadata block does not match the column types, a column type is unknown
// (model::IsKnownRowFieldType), or an optional-metadata field is malformed. Unknown
// optional-metadata types are skipped by their length and listed in optional.unknown_types.
Result<TableMapEvent> DecodeTableMap(ByteView body, const FormatDescription& format);

// Column classification used by the optional metadata, from the wire type and metadata
// (MySQL sql/log_event.cc is_numeric_field/is_character_field/is_enum_or_set_field and their
// libbinlogevents counterparts is_numeric_type/is_character_type/is_enum_or_set_type).
model::FieldType RealType(uint8_t wire_type, uint16_t meta);  // ENUM/SET/STRING for STRING columns
bool IsNumericColumn(uint8_t wire_type, bool mariadb);
bool IsCharacterColumn(uint8_t wire_type, uint16_t meta, bool mariadb);
bool IsEnumOrSetColumn(uint8_t wire_type, uint16_t meta);

// For a STRING column (real type STRING): the maximum length in bytes of the value
// (Field_string::do_save_field_metadata folds bits 8-9 of the length into the real-type byte,
// inverted: real_type ^ ((length >> 4) & 0x30)).
uint32_t StringMaxLength(uint16_t meta);

// Builds the schema of the mapped table: names (COLUMN_NAME), types with the STRING real type
// resolved, meta, nullability, signedness, collations (from the charset fields; 0 when not
// given), ENUM/SET labels, geometry types, vector dimensions, visibility, primary key, and the
// ValueKind of each column (see RowDecoder for the storage of each kind).
// Returns Corruption if a per-column optional list does not have one entry per applicable
// column, or names a column out of range.
Result<model::TableSchemaPtr> MakeTableSchema(const TableMapEvent& map);

// Recomputes ColumnSchema::kind from its type, meta, signedness, collation and sql_type hint,
// for callers that enrich a schema from information_schema (collation, sql_type "uuid",
// "inet4", "inet6", "json"). Returns the kind.
model::ValueKind ChooseValueKind(const model::ColumnSchema& column);

}  // namespace cdc::binlog
