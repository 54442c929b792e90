#include "binlog/table_map.h"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "binlog/event_type.h"

namespace cdc::binlog {
namespace {

using model::FieldType;
using model::ValueKind;

FormatDescription Format(std::string server_version, uint8_t table_map_post_header = 8) {
  FormatDescription format;
  format.server_version = std::move(server_version);
  format.post_header_lengths.assign(45, 0);
  format.post_header_lengths[static_cast<size_t>(EventType::kTableMap) - 1] = table_map_post_header;
  return format;
}

// A MySQL 8.0/9.x TABLE_MAP body with FULL row metadata. Columns:
//   0 a INT NOT NULL (PK)      1 b INT UNSIGNED INVISIBLE   2 c YEAR
//   3 d DECIMAL(10,2) UNSIGNED 4 e VARCHAR(255) utf8mb4 (PK prefix 10)
//   5 f ENUM('p','q','r') latin1   6 g SET('x','y') (2 bytes) latin1
//   7 h BLOB                   8 i POINT                    9 j VECTOR(1)
//   10 k BINARY(16)            11 l JSON
const std::vector<uint8_t> kMySqlTableMap = {
    0x2a, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 42 (6 bytes)
    0x01, 0x00,                          // flags = BIT_LEN_EXACT
    0x02, 'd', 'b', 0x00,                // schema: length 2, "db", NUL
    0x01, 't', 0x00,                     // table: length 1, "t", NUL
    0x0c,                                // column_count = 12
    0x03, 0x03, 0x0d, 0xf6,              // LONG, LONG, YEAR, NEWDECIMAL
    0x0f, 0xfe, 0xfe, 0xfc,              // VARCHAR, STRING, STRING, BLOB
    0xff, 0xf2, 0xfe, 0xf5,              // GEOMETRY, VECTOR, STRING, JSON
    0x0e,                                // metadata length = 14
    0x0a, 0x02,                          //   d: precision 10, scale 2
    0xfc, 0x03,                          //   e: max length 1020 (LE)
    0xf7, 0x01,                          //   f: real type ENUM, pack length 1
    0xf8, 0x02,                          //   g: real type SET, pack length 2
    0x02,                                //   h: 2 length bytes
    0x04,                                //   i: 4 length bytes
    0x04,                                //   j: 4 length bytes
    0xfe, 0x10,                          //   k: real type STRING, length 16
    0x04,                                //   l: 4 length bytes
    0xfe, 0x0f,                          // null bitmap: all nullable except column 0
    // optional metadata, type / packed length / value:
    0x01, 0x01, 0x60,                    // SIGNEDNESS: a signed, b unsigned, d unsigned (YEAR not numeric)
    0x02, 0x09,                          // DEFAULT_CHARSET (9 bytes):
    0xfc, 0xff, 0x00,                    //   default collation 255 (packed: 0xfc + u16)
    0x01, 0x3f,                          //   character column #1 (h) -> 63
    0x02, 0x3f,                          //   character column #2 (j, VECTOR) -> 63
    0x03, 0x3f,                          //   character column #3 (k) -> 63
    0x04, 0x18,                          // COLUMN_NAME (24 bytes): 12 x (length 1, name)
    0x01, 'a', 0x01, 'b', 0x01, 'c', 0x01, 'd', 0x01, 'e', 0x01, 'f',
    0x01, 'g', 0x01, 'h', 0x01, 'i', 0x01, 'j', 0x01, 'k', 0x01, 'l',
    0x05, 0x05, 0x02, 0x01, 'x', 0x01, 'y',              // SET_STR_VALUE: 2 labels
    0x06, 0x07, 0x03, 0x01, 'p', 0x01, 'q', 0x01, 'r',   // ENUM_STR_VALUE: 3 labels
    0x07, 0x01, 0x01,                    // GEOMETRY_TYPE: POINT
    0x09, 0x04, 0x00, 0x00, 0x04, 0x0a,  // PRIMARY_KEY_WITH_PREFIX: (a, 0), (e, 10)
    0x0b, 0x02, 0x08, 0x08,              // ENUM_AND_SET_COLUMN_CHARSET: latin1, latin1
    0x0c, 0x02, 0xbf, 0xf0,              // COLUMN_VISIBILITY: 1011 1111 1111 (MSB first)
    0x0d, 0x01, 0x01,                    // VECTOR_DIMENSIONALITY: 1
    0x80, 0x02, 0xaa, 0xbb,              // an unknown type 128, skipped by its length
};

// Offsets in kMySqlTableMap where a prefix is itself a complete TABLE_MAP: after the null
// bitmap and after each optional-metadata TLV.
std::vector<size_t> MySqlTlvBoundaries() {
  return {45, 48, 59, 85, 92, 101, 104, 110, 114, 118, 121};
}

TEST(TableMapTest, DecodesMySqlLayoutWithEveryOptionalField) {
  Result<TableMapEvent> map = DecodeTableMap(kMySqlTableMap, Format("8.0.36"));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->table_id, 42u);
  EXPECT_EQ(map->flags, kTableMapFlagBitLenExact);
  EXPECT_EQ(map->schema_name, "db");
  EXPECT_EQ(map->table_name, "t");
  EXPECT_FALSE(map->mariadb);
  ASSERT_EQ(map->column_count(), 12u);
  EXPECT_EQ(map->column_meta[3], 0x0a02);
  EXPECT_EQ(map->column_meta[4], 1020);
  EXPECT_EQ(map->column_meta[5], 0xf701);
  EXPECT_EQ(map->column_meta[10], 0xfe10);
  EXPECT_FALSE(map->nullable[0]);
  EXPECT_TRUE(map->nullable[11]);
  const OptionalMetadata& opt = map->optional;
  for (auto type : {OptionalMetadataType::kSignedness, OptionalMetadataType::kDefaultCharset,
                    OptionalMetadataType::kColumnName, OptionalMetadataType::kSetStrValue,
                    OptionalMetadataType::kEnumStrValue, OptionalMetadataType::kGeometryType,
                    OptionalMetadataType::kPrimaryKeyWithPrefix, OptionalMetadataType::kEnumAndSetColumnCharset,
                    OptionalMetadataType::kColumnVisibility, OptionalMetadataType::kVectorDimensionality}) {
    EXPECT_TRUE(opt.Has(type)) << ToString(type);
  }
  EXPECT_FALSE(opt.Has(OptionalMetadataType::kColumnCharset));
  EXPECT_FALSE(opt.Has(OptionalMetadataType::kSimplePrimaryKey));
  EXPECT_EQ(opt.default_charset.default_collation, 255u);
  EXPECT_EQ(opt.default_charset.overrides.size(), 3u);
  EXPECT_EQ(opt.unknown_types, (std::vector<uint8_t>{0x80}));
  EXPECT_EQ(opt.vector_dimensions, (std::vector<uint32_t>{1}));

  Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const auto& c = (*schema)->columns;
  EXPECT_EQ(c[0].name, "a");
  EXPECT_EQ(c[0].kind, ValueKind::kInt64);
  EXPECT_FALSE(c[0].nullable);
  EXPECT_TRUE(c[0].in_primary_key);
  EXPECT_EQ(c[1].kind, ValueKind::kUInt64);
  EXPECT_FALSE(c[1].visible);
  EXPECT_EQ(c[2].kind, ValueKind::kYear);
  EXPECT_FALSE(c[2].is_unsigned);  // MySQL: YEAR has no SIGNEDNESS bit
  EXPECT_TRUE(c[3].is_unsigned);
  EXPECT_EQ(c[3].kind, ValueKind::kDecimal);
  EXPECT_EQ(c[4].collation, 255);
  EXPECT_EQ(c[4].kind, ValueKind::kString);
  EXPECT_TRUE(c[4].in_primary_key);
  EXPECT_EQ(c[5].type, FieldType::kEnum);
  EXPECT_EQ(c[5].labels, (std::vector<std::string>{"p", "q", "r"}));
  EXPECT_EQ(c[5].collation, 8);
  EXPECT_EQ(c[6].type, FieldType::kSet);
  EXPECT_EQ(c[6].labels, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(c[6].kind, ValueKind::kSet);
  EXPECT_EQ(c[7].collation, 63);
  EXPECT_EQ(c[7].kind, ValueKind::kBinary);
  EXPECT_EQ(c[8].collation, 0);  // MySQL does not give GEOMETRY a charset
  EXPECT_EQ(c[8].geometry_type, 1u);
  EXPECT_EQ(c[8].kind, ValueKind::kGeometry);
  EXPECT_EQ(c[9].collation, 63);  // MySQL 9 counts VECTOR as a character column
  EXPECT_EQ(c[9].vector_dimensions, 1u);
  EXPECT_EQ(c[9].kind, ValueKind::kVector);
  EXPECT_EQ(c[10].kind, ValueKind::kBinary);
  EXPECT_EQ(StringMaxLength(c[10].meta), 16u);
  EXPECT_EQ(c[11].kind, ValueKind::kJson);
  for (size_t i = 0; i < c.size(); ++i) EXPECT_EQ(c[i].visible, i != 1) << i;
  EXPECT_EQ((*schema)->primary_key, (std::vector<uint32_t>{0, 4}));
}

TEST(TableMapTest, EveryTruncationIsCorruptionOrATlvBoundary) {
  std::vector<size_t> boundaries = MySqlTlvBoundaries();
  ASSERT_EQ(boundaries.back() + 4, kMySqlTableMap.size());
  for (size_t length = 0; length < kMySqlTableMap.size(); ++length) {
    Result<TableMapEvent> map = DecodeTableMap(ByteView(kMySqlTableMap).first(length), Format("8.0.36"));
    bool boundary = std::find(boundaries.begin(), boundaries.end(), length) != boundaries.end();
    if (boundary) {
      ASSERT_TRUE(map.ok()) << length << ": " << map.status().ToString();
      EXPECT_TRUE(MakeTableSchema(*map).ok()) << length;
    } else {
      ASSERT_FALSE(map.ok()) << length;
      EXPECT_TRUE(map.status().IsCorruption()) << length;
    }
  }
}

// The same table written by MariaDB 10.11 (no VECTOR: column 9 is a TIMESTAMP(3)). MariaDB
// counts YEAR in SIGNEDNESS and GEOMETRY among the character columns.
const std::vector<uint8_t> kMariaDbTableMap = {
    0x07, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 7
    0x01, 0x00,                          // flags
    0x02, 'd', 'b', 0x00,                // schema "db"
    0x01, 't', 0x00,                     // table "t"
    0x0c,                                // 12 columns
    0x03, 0x03, 0x0d, 0xf6,              // LONG, LONG, YEAR, NEWDECIMAL
    0x0f, 0xfe, 0xfe, 0xfc,              // VARCHAR, STRING(ENUM), STRING(SET), BLOB
    0xff, 0x11, 0xfe, 0xfc,              // GEOMETRY, TIMESTAMP2, STRING(BINARY), BLOB (MariaDB JSON)
    0x0e,                                // metadata length = 14
    0x0a, 0x02,                          //   DECIMAL(10,2)
    0xfc, 0x03,                          //   VARCHAR max 1020
    0xf7, 0x01,                          //   ENUM, 1 byte
    0xf8, 0x02,                          //   SET, 2 bytes
    0x02,                                //   BLOB, 2 length bytes
    0x04,                                //   GEOMETRY, 4 length bytes
    0x03,                                //   TIMESTAMP(3)
    0xfe, 0x10,                          //   BINARY(16)
    0x04,                                //   LONGTEXT, 4 length bytes
    0xfe, 0x0f,                          // null bitmap
    0x01, 0x01, 0x70,                    // SIGNEDNESS: a signed; b, YEAR, d unsigned
    0x03, 0x05, 0x2d, 0x3f, 0x3f, 0x3f, 0x2d,  // COLUMN_CHARSET: e 45, h 63, i 63 (GEOMETRY), k 63, l 45
    0x0a, 0x01, 0x08,                    // ENUM_AND_SET_DEFAULT_CHARSET: latin1
    0x08, 0x01, 0x00,                    // SIMPLE_PRIMARY_KEY: column 0
};

TEST(TableMapTest, DecodesMariaDbLayout) {
  Result<TableMapEvent> map = DecodeTableMap(kMariaDbTableMap, Format("10.11.6-MariaDB-log"));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_TRUE(map->mariadb);
  Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const auto& c = (*schema)->columns;
  EXPECT_FALSE(c[0].is_unsigned);
  EXPECT_TRUE(c[1].is_unsigned);
  EXPECT_TRUE(c[2].is_unsigned);  // YEAR carries a SIGNEDNESS bit in MariaDB
  EXPECT_TRUE(c[3].is_unsigned);
  EXPECT_EQ(c[4].collation, 45);
  EXPECT_EQ(c[5].collation, 8);
  EXPECT_EQ(c[6].collation, 8);
  EXPECT_EQ(c[7].collation, 63);
  EXPECT_EQ(c[8].collation, 63);  // GEOMETRY is a character column in MariaDB
  EXPECT_EQ(c[9].kind, ValueKind::kTimestamp);
  EXPECT_EQ(c[9].meta, 3);
  EXPECT_EQ(c[10].collation, 63);
  EXPECT_EQ(c[11].collation, 45);
  EXPECT_EQ(c[11].kind, ValueKind::kString);
  EXPECT_TRUE(c[0].name.empty());
  EXPECT_EQ((*schema)->primary_key, (std::vector<uint32_t>{0}));

  // Hints from information_schema change the kind: MariaDB's JSON is a LONGTEXT, UUID a BINARY(16).
  model::ColumnSchema json = c[11];
  json.sql_type = "json";
  EXPECT_EQ(ChooseValueKind(json), ValueKind::kJson);
  model::ColumnSchema uuid = c[10];
  uuid.sql_type = "UUID";
  EXPECT_EQ(ChooseValueKind(uuid), ValueKind::kUuid);
  uuid.sql_type = "inet6";
  EXPECT_EQ(ChooseValueKind(uuid), ValueKind::kInet6);
  uuid.sql_type = "inet4";  // wrong length for INET4: the hint is ignored
  EXPECT_EQ(ChooseValueKind(uuid), ValueKind::kBinary);

  for (size_t length = 0; length < kMariaDbTableMap.size(); ++length) {
    Result<TableMapEvent> cut = DecodeTableMap(ByteView(kMariaDbTableMap).first(length), Format("10.11.6-MariaDB"));
    bool boundary = length == 45 || length == 48 || length == 55 || length == 58;
    EXPECT_EQ(cut.ok(), boundary) << length;
    if (!cut.ok()) {
      EXPECT_TRUE(cut.status().IsCorruption()) << length;
    }
  }
}

// MariaDB 10.11, binlog_row_metadata=FULL, for CREATE TABLE t (id INT PRIMARY KEY,
// a VARCHAR(1000) COMPRESSED, b BLOB COMPRESSED, c TEXT COMPRESSED, d VARCHAR(10) COMPRESSED
// CHARACTER SET latin1, e TINYTEXT COMPRESSED, f LONGBLOB COMPRESSED, g VARBINARY(300) COMPRESSED)
// DEFAULT CHARSET=utf8mb4 -- captured from the server. Compressed columns have their own types
// and count as character columns in COLUMN_CHARSET.
const std::vector<uint8_t> kMariaDbCompressedTableMap = {
    0x12, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 18
    0x01, 0x00,                          // flags
    0x01, 'c', 0x00,                     // schema "c"
    0x01, 't', 0x00,                     // table "t"
    0x08,                                // 8 columns
    0x03, 0x8d, 0x8c, 0x8c,              // LONG, VARCHAR_COMPRESSED (141), BLOB_COMPRESSED (140) x 2
    0x8d, 0x8c, 0x8c, 0x8d,              // VARCHAR_COMPRESSED, BLOB_COMPRESSED x 2, VARCHAR_COMPRESSED
    0x0a,                                // metadata length = 10
    0xa1, 0x0f,                          //   a: max 4001 bytes (1000 x 4 + 1 header byte)
    0x02,                                //   b: BLOB, 2 length bytes
    0x02,                                //   c: TEXT, 2 length bytes
    0x0b, 0x00,                          //   d: max 11 bytes (10 latin1 + 1)
    0x01,                                //   e: TINYTEXT, 1 length byte
    0x04,                                //   f: LONGBLOB, 4 length bytes
    0x2d, 0x01,                          //   g: max 301 bytes
    0xfe,                                // null bitmap: all but id nullable
    0x01, 0x01, 0x00,                    // SIGNEDNESS: id signed
    0x03, 0x07,                          // COLUMN_CHARSET, 7 character columns:
    0x2d, 0x3f, 0x2d, 0x08,              //   a 45 (utf8mb4), b 63 (binary), c 45, d 8 (latin1)
    0x2d, 0x3f, 0x3f,                    //   e 45, f 63, g 63
    0x04, 0x11,                          // COLUMN_NAME (17 bytes)
    0x02, 'i', 'd', 0x01, 'a', 0x01, 'b', 0x01, 'c', 0x01, 'd', 0x01, 'e', 0x01, 'f', 0x01, 'g',
    0x08, 0x01, 0x00,                    // SIMPLE_PRIMARY_KEY: column 0
};

TEST(TableMapTest, DecodesMariaDbCompressedColumns) {
  Result<TableMapEvent> map = DecodeTableMap(kMariaDbCompressedTableMap, Format("10.11.19-MariaDB-log"));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->column_meta, (std::vector<uint16_t>{0, 4001, 2, 2, 11, 1, 4, 301}));
  Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const auto& c = (*schema)->columns;
  const FieldType types[] = {FieldType::kLong,           FieldType::kVarcharCompressed, FieldType::kBlobCompressed,
                             FieldType::kBlobCompressed, FieldType::kVarcharCompressed, FieldType::kBlobCompressed,
                             FieldType::kBlobCompressed, FieldType::kVarcharCompressed};
  const uint16_t collations[] = {0, 45, 63, 45, 8, 45, 63, 63};
  const ValueKind kinds[] = {ValueKind::kInt64,  ValueKind::kString, ValueKind::kBinary, ValueKind::kString,
                             ValueKind::kString, ValueKind::kString, ValueKind::kBinary, ValueKind::kBinary};
  for (size_t column_idx = 0; column_idx < 8; ++column_idx) {
    EXPECT_EQ(c[column_idx].type, types[column_idx]) << column_idx;
    EXPECT_EQ(c[column_idx].collation, collations[column_idx]) << column_idx;
    EXPECT_EQ(c[column_idx].kind, kinds[column_idx]) << column_idx;
  }
  EXPECT_EQ(c[7].name, "g");
  EXPECT_TRUE(IsCharacterColumn(0x8c, 2, true));
  EXPECT_TRUE(IsCharacterColumn(0x8d, 4001, true));
  EXPECT_FALSE(IsNumericColumn(0x8d, true));

  // Cut at every byte: Corruption, except at the TLV boundaries of the optional metadata.
  for (size_t length = 0; length < kMariaDbCompressedTableMap.size(); ++length) {
    Result<TableMapEvent> cut =
        DecodeTableMap(ByteView(kMariaDbCompressedTableMap).first(length), Format("10.11.19-MariaDB"));
    bool boundary = length == 35 || length == 38 || length == 47 || length == 66;
    EXPECT_EQ(cut.ok(), boundary) << length;
    if (!cut.ok()) {
      EXPECT_TRUE(cut.status().IsCorruption()) << length;
    } else {
      EXPECT_TRUE(MakeTableSchema(*cut).ok()) << length;
    }
  }
}

TEST(TableMapTest, FourByteTableIdWhenThePostHeaderIsSix) {
  const std::vector<uint8_t> body = {
      0x05, 0x00, 0x00, 0x01,  // table_id = 0x01000005 (4 bytes)
      0x00, 0x00,              // flags
      0x01, 's', 0x00,         // schema "s"
      0x01, 't', 0x00,         // table "t"
      0x01, 0x01,              // 1 column: TINY
      0x00,                    // no metadata
      0x01,                    // nullable
  };
  Result<TableMapEvent> map = DecodeTableMap(body, Format("5.1.3", 6));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  EXPECT_EQ(map->table_id, 0x01000005u);
  EXPECT_TRUE(map->nullable[0]);
  EXPECT_EQ(map->optional.present, 0u);
}

std::vector<uint8_t> OneColumnMap(uint8_t type, std::vector<uint8_t> meta) {
  std::vector<uint8_t> body = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x01, 's', 0, 0x01, 't', 0, 0x01, type,
                               static_cast<uint8_t>(meta.size())};
  body.insert(body.end(), meta.begin(), meta.end());
  body.push_back(0x01);  // null bitmap
  return body;
}

TEST(TableMapTest, RejectsUnknownTypesAndMetadataMismatches) {
  Result<TableMapEvent> map = DecodeTableMap(OneColumnMap(0x06 /* NULL */, {}), Format("8.0.36"));
  ASSERT_FALSE(map.ok());
  EXPECT_TRUE(map.status().IsCorruption());
  EXPECT_NE(map.status().message().find("`s`.`t`"), std::string::npos);
  EXPECT_NE(map.status().message().find("unknown type 6"), std::string::npos);

  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x8e /* 142: no such type */, {}), Format("10.11-MariaDB"))
                  .status()
                  .IsCorruption());
  // MariaDB's compressed types need the metadata of VARCHAR (2 bytes) and BLOB (1 byte).
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x8d /* VARCHAR_COMPRESSED */, {0x10}), Format("10.11-MariaDB"))
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x8d, {0x10, 0x00}), Format("10.11-MariaDB")).ok());
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x8c /* BLOB_COMPRESSED */, {}), Format("10.11-MariaDB"))
                  .status()
                  .IsCorruption());
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x8c, {0x02}), Format("10.11-MariaDB")).ok());
  // VARCHAR needs 2 metadata bytes; 1 is too short, 3 too long.
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x0f, {0x10}), Format("8.0")).status().IsCorruption());
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x0f, {0x10, 0x00, 0x00}), Format("8.0")).status().IsCorruption());
  EXPECT_TRUE(DecodeTableMap(OneColumnMap(0x0f, {0x10, 0x00}), Format("8.0")).ok());
}

TEST(TableMapTest, OptionalListsMustCoverTheirColumns) {
  std::vector<uint8_t> body = OneColumnMap(0x0f /* VARCHAR */, {0x10, 0x00});
  std::vector<uint8_t> two_charsets = body;
  two_charsets.insert(two_charsets.end(), {0x03, 0x02, 0x21, 0x21});  // COLUMN_CHARSET for 2 columns
  Result<TableMapEvent> map = DecodeTableMap(two_charsets, Format("8.0.36"));
  ASSERT_TRUE(map.ok());
  EXPECT_TRUE(MakeTableSchema(*map).status().IsCorruption());

  std::vector<uint8_t> names = body;
  names.insert(names.end(), {0x04, 0x04, 0x01, 'x', 0x01, 'y'});  // two names for one column
  EXPECT_TRUE(MakeTableSchema(DecodeTableMap(names, Format("8.0")).value()).status().IsCorruption());

  std::vector<uint8_t> bad_pk = body;
  bad_pk.insert(bad_pk.end(), {0x08, 0x01, 0x05});  // primary key column 5 of 1
  EXPECT_TRUE(MakeTableSchema(DecodeTableMap(bad_pk, Format("8.0")).value()).status().IsCorruption());

  std::vector<uint8_t> bad_default = body;
  bad_default.insert(bad_default.end(), {0x02, 0x03, 0x21, 0x01, 0x08});  // override for character column #1 of 1
  EXPECT_TRUE(MakeTableSchema(DecodeTableMap(bad_default, Format("8.0")).value()).status().IsCorruption());

  std::vector<uint8_t> label_overrun = body;
  label_overrun.insert(label_overrun.end(), {0x06, 0x03, 0x02, 0x05, 'x'});  // label length 5, 1 byte left
  EXPECT_TRUE(DecodeTableMap(label_overrun, Format("8.0")).status().IsCorruption());
}

TEST(TableMapTest, ColumnCharsetSettlesTheGeometryRule) {
  // A MySQL-flavoured map whose COLUMN_CHARSET counts GEOMETRY (as MariaDB does) is accepted.
  std::vector<uint8_t> body = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x01, 's', 0, 0x01, 't', 0,
                               0x02, 0xff, 0xfc,  // GEOMETRY, BLOB
                               0x02, 0x04, 0x02,  // metadata
                               0x03,              // null bitmap
                               0x03, 0x02, 0x3f, 0x21};  // COLUMN_CHARSET: 63, 33
  Result<model::TableSchemaPtr> schema = MakeTableSchema(DecodeTableMap(body, Format("8.0.36")).value());
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ((*schema)->columns[0].collation, 63);
  EXPECT_EQ((*schema)->columns[1].collation, 33);
}

TEST(TableMapTest, StringRealTypeAndLength) {
  EXPECT_EQ(RealType(0xfe, 0xfe08), FieldType::kString);
  EXPECT_EQ(StringMaxLength(0xfe08), 8u);
  EXPECT_EQ(RealType(0xfe, 0xde00), FieldType::kString);  // CHAR(128) utf8mb4: 512 bytes
  EXPECT_EQ(StringMaxLength(0xde00), 512u);
  EXPECT_EQ(StringMaxLength(0xcefc), 1020u);  // 0x3fc: both high bits folded
  EXPECT_EQ(RealType(0xfe, 0xf701), FieldType::kEnum);
  EXPECT_EQ(RealType(0xfe, 0xf808), FieldType::kSet);
  EXPECT_EQ(RealType(0x03, 0), FieldType::kLong);
  EXPECT_TRUE(IsCharacterColumn(0xfe, 0xfe10, false));
  EXPECT_FALSE(IsCharacterColumn(0xfe, 0xf701, false));
  EXPECT_TRUE(IsEnumOrSetColumn(0xfe, 0xf701));
  EXPECT_FALSE(IsCharacterColumn(0xf5, 4, false));  // JSON
  EXPECT_FALSE(IsNumericColumn(0x0d, false));
  EXPECT_TRUE(IsNumericColumn(0x0d, true));
  EXPECT_FALSE(IsNumericColumn(0x10, true));  // BIT
}

}  // namespace
}  // namespace cdc::binlog

namespace cdc::binlog {
namespace {

TEST(TableMapTest, EnumAndSetLabelsAreConvertedFromTheirCharset) {
  // Column f is ENUM('p','q','r') in latin1 (collation 8). MySQL's latin1 is cp1252: byte 0x80 is the euro sign.
  std::vector<uint8_t> body = kMySqlTableMap;
  const uint8_t enum_labels[] = {0x06, 0x07, 0x03, 0x01, 'p', 0x01, 'q', 0x01, 'r'};
  auto at = std::search(body.begin(), body.end(), std::begin(enum_labels), std::end(enum_labels));
  ASSERT_NE(at, body.end());
  *(at + 8) = 0x80;  // 'r' -> the euro sign
  Result<TableMapEvent> map = DecodeTableMap(body, Format("8.0.28"));
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ((*schema)->columns[5].labels, (std::vector<std::string>{"p", "q", "\xE2\x82\xAC"}));
}

}  // namespace
}  // namespace cdc::binlog
