#include "snapshot/row_reader.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "binlog/table_map.h"
#include "model/value_text.h"

namespace cdc::snapshot {
namespace {

using model::FieldType;
using model::ValueKind;
using mysql::ServerFlavor;

constexpr uint16_t kUtf8mb4GeneralCi = 45;
constexpr uint16_t kLatin1SwedishCi = 8;
constexpr uint16_t kUcs2GeneralCi = 35;
constexpr uint16_t kBinary = 63;
constexpr uint16_t kCp1250GeneralCi = 26;

mysql::ColumnHint Hint(std::string data_type, std::string column_type, uint16_t collation = 0) {
  mysql::ColumnHint hint;
  hint.name = "c";
  hint.data_type = std::move(data_type);
  hint.column_type = std::move(column_type);
  hint.is_unsigned = hint.column_type.find(" unsigned") != std::string::npos;
  hint.collation = collation;
  if (hint.data_type == "enum" || hint.data_type == "set") hint.labels = mysql::ParseEnumSetLabels(hint.column_type).value();
  return hint;
}

Result<model::TableSchemaPtr> OneColumn(const mysql::ColumnHint& hint, ServerFlavor flavor = ServerFlavor::kMariaDb) {
  mysql::TableHints table;
  table.schema_name = "db";
  table.table_name = "t";
  table.columns.push_back(hint);
  return SchemaFromDefinition(table, flavor);
}

// A TextRow over `cells` (std::nullopt = NULL).
struct Cells {
  explicit Cells(const std::vector<std::optional<std::string>>& cells) : storage(cells) {
    for (const auto& cell : storage) {
      values.push_back(cell ? cell->data() : nullptr);
      lengths.push_back(cell ? cell->size() : 0);
    }
  }
  mysql::TextRow row() const { return {values.data(), lengths.data(), static_cast<uint32_t>(values.size())}; }
  std::vector<std::optional<std::string>> storage;
  std::vector<const char*> values;
  std::vector<unsigned long> lengths;
};

// Reads one cell of a one-column table and renders it; "NULL" for NULL, "error: ..." on failure.
std::string ReadCell(const mysql::ColumnHint& hint, const std::optional<std::string>& cell,
                     ServerFlavor flavor = ServerFlavor::kMariaDb) {
  auto schema = OneColumn(hint, flavor);
  if (!schema.ok()) return "schema error: " + schema.status().ToString();
  RowReader reader(schema.value());
  model::ChangeBatch batch(schema.value());
  Cells cells({cell});
  Status status = reader.AppendInsert(cells.row(), batch.AddOrigin({}), &batch);
  if (!status.ok()) {
    EXPECT_EQ(batch.image_count(), 0u);
    EXPECT_EQ(batch.column(0).size(), 0u);
    EXPECT_TRUE(batch.empty());
    return "error: " + status.ToString();
  }
  EXPECT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch.changes()[0].op, model::ChangeOp::kInsert);
  if (!batch.column(0).is_value(0)) return "NULL";
  std::string text;
  model::AppendValueText(schema.value()->columns[0], batch.column(0), 0, &text);
  return text;
}

struct CellCase {
  std::string data_type;
  std::string column_type;
  uint16_t collation;
  std::optional<std::string> cell;
  std::string expected;  // rendered text, "NULL", or a prefix "error: Corruption"
};

std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int byte : bytes) out.push_back(static_cast<char>(byte));
  return out;
}

TEST(RowReaderTest, CellsReadAsTheDecoderStoresThem) {
  const std::vector<CellCase> cases = {
      {"tinyint", "tinyint(4)", 0, "-128", "-128"},
      {"tinyint", "tinyint(3) unsigned", 0, "255", "255"},
      {"smallint", "smallint(6)", 0, "-32768", "-32768"},
      {"mediumint", "mediumint(8) unsigned", 0, "16777215", "16777215"},
      {"int", "int(11)", 0, "-2147483648", "-2147483648"},
      {"int", "int(10) unsigned", 0, "4294967295", "4294967295"},
      {"bigint", "bigint(20)", 0, "-9223372036854775808", "-9223372036854775808"},
      {"bigint", "bigint(20) unsigned", 0, "18446744073709551615", "18446744073709551615"},
      {"int", "int(11)", 0, std::nullopt, "NULL"},
      {"float", "float", 0, "1.2345677614212036", "1.2345678"},
      {"float", "float", 0, "16777216", "16777216"},
      {"float", "float", 0, "-0", "-0"},
      {"float", "float", 0, "3.4028234663852886e38", "3.4028235e38"},
      {"float", "float", 0, "1.401298464324817e-45", "1e-45"},
      {"double", "double", 0, "0.1", "0.1"},
      {"double", "double(10,2)", 0, "1.55", "1.55"},
      {"double", "double", 0, "-1.7976931348623157e308", "-1.7976931348623157e308"},
      {"double", "double", 0, "5e-324", "5e-324"},
      {"double", "double", 0, "1e15", "1e15"},
      {"double", "double", 0, "-0", "-0"},
      {"decimal", "decimal(5,2)", 0, "-999.99", "-999.99"},
      {"decimal", "decimal(5,2)", 0, "0.00", "0.00"},
      {"decimal", "decimal(5,2)", 0, "-0.00", "-0.00"},
      {"decimal", "decimal(30,30)", 0, "0." + std::string(30, '9'), "0." + std::string(30, '9')},
      {"decimal", "decimal(65,0)", 0, std::string(65, '9'), std::string(65, '9')},
      {"year", "year(4)", 0, "0000", "0000"},
      {"year", "year(4)", 0, "2155", "2155"},
      {"date", "date", 0, "0000-00-00", "0000-00-00"},
      {"date", "date", 0, "2020-05-00", "2020-05-00"},
      {"date", "date", 0, "9999-12-31", "9999-12-31"},
      {"time", "time", 0, "-838:59:59", "-838:59:59"},
      {"time", "time(6)", 0, "-00:00:00.000001", "-00:00:00.000001"},
      {"time", "time(3)", 0, "100:00:00.500", "100:00:00.500"},
      {"datetime", "datetime(6)", 0, "9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999"},
      {"datetime", "datetime", 0, "0000-00-00 00:00:00", "0000-00-00 00:00:00"},
      {"datetime", "datetime(2)", 0, "2020-00-00 12:34:56.12", "2020-00-00 12:34:56.12"},
      {"timestamp", "timestamp", 0, "0000-00-00 00:00:00", "0000-00-00 00:00:00"},
      {"timestamp", "timestamp(6)", 0, "2038-01-19 03:14:07.999999", "2038-01-19 03:14:07.999999"},
      {"timestamp", "timestamp", 0, "1970-01-01 00:00:01", "1970-01-01 00:00:01"},
      {"timestamp", "timestamp(3)", 0, "2106-02-07 06:28:15.000", "2106-02-07 06:28:15.000"},
      {"bit", "bit(1)", 0, Bytes({0x01}), "1"},
      {"bit", "bit(9)", 0, Bytes({0x01, 0x55}), "341"},
      {"bit", "bit(64)", 0, std::string(8, '\xff'), "18446744073709551615"},
      {"enum", "enum('a','b','c')", kUtf8mb4GeneralCi, "2", "b"},
      {"enum", "enum('a','b','c')", kUtf8mb4GeneralCi, "0", ""},
      {"set", "set('x','y','z')", kUtf8mb4GeneralCi, "5", "x,z"},
      {"set", "set('x','y','z')", kUtf8mb4GeneralCi, "0", ""},
      {"varchar", "varchar(10)", kUtf8mb4GeneralCi, "h\xC3\xA9llo \xF0\x9F\x98\x80", "h\xC3\xA9llo \xF0\x9F\x98\x80"},
      {"varchar", "varchar(10)", kUtf8mb4GeneralCi, "", ""},
      {"varchar", "varchar(40)", kLatin1SwedishCi, Bytes({0x80, 0x81, 0x8D, 0x9F, 0xE9}),
       "\xE2\x82\xAC\xC2\x81\xC2\x8D\xC5\xB8\xC3\xA9"},
      {"char", "char(3)", kUcs2GeneralCi, Bytes({0x00, 'a', 0x20, 0xAC}), "a\xE2\x82\xAC"},
      {"text", "text /*M!100301 COMPRESSED*/", kUtf8mb4GeneralCi, "inflated", "inflated"},
      {"longtext", "longtext", 46, "{\"a\": 1}", "{\"a\": 1}"},  // MariaDB JSON (utf8mb4_bin)
      {"binary", "binary(4)", kBinary, Bytes({0x01, 0x00, 0x00, 0x00}), "01000000"},
      {"binary", "binary(4)", kBinary, Bytes({0x01}), "01000000"},
      {"varbinary", "varbinary(10)", kBinary, Bytes({0x00, 0xFF}), "00FF"},
      {"blob", "blob", kBinary, "", ""},
      {"point", "point", 0, Bytes({0xE6, 0x10, 0, 0, 1, 1, 0, 0, 0}), "E610000001010000"
                                                                         "00"},
      {"uuid", "uuid", 0, "00112233-4455-6677-8899-aabbccddeeff", "00112233-4455-6677-8899-aabbccddeeff"},
      {"uuid", "uuid", 0, "6CCD780C-BABA-1026-9564-5B8C656024DB", "6ccd780c-baba-1026-9564-5b8c656024db"},
      {"inet4", "inet4", 0, "10.0.255.1", "10.0.255.1"},
      {"inet6", "inet6", 0, "::ffff:1.2.3.4", "::ffff:1.2.3.4"},
      {"inet6", "inet6", 0, "fe80::1:0:0:0", "fe80::1:0:0:0"},
  };
  for (const CellCase& c : cases) {
    EXPECT_EQ(ReadCell(Hint(c.data_type, c.column_type, c.collation), c.cell), c.expected)
        << c.column_type << " cell '" << c.cell.value_or("NULL") << "'";
  }
}

TEST(RowReaderTest, MySqlJsonAndVector) {
  EXPECT_EQ(ReadCell(Hint("json", "json"), "{\"a\": [1, 2.5]}", ServerFlavor::kMySql), "{\"a\": [1, 2.5]}");
  EXPECT_EQ(ReadCell(Hint("vector", "vector(2)"), Bytes({0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0}), ServerFlavor::kMySql),
            "[1,-2]");
  EXPECT_TRUE(ReadCell(Hint("json", "json"), "\xFF", ServerFlavor::kMySql).starts_with("error: Corruption"));
  EXPECT_TRUE(ReadCell(Hint("vector", "vector(2)"), "abc", ServerFlavor::kMySql).starts_with("error: Corruption"));
}

TEST(RowReaderTest, MalformedCellsAreCorruption) {
  const std::vector<CellCase> cases = {
      {"tinyint", "tinyint(4)", 0, "128", ""},
      {"tinyint", "tinyint(3) unsigned", 0, "-1", ""},
      {"int", "int(11)", 0, "", ""},
      {"int", "int(11)", 0, "+1", ""},
      {"int", "int(11)", 0, "1x", ""},
      {"bigint", "bigint(20) unsigned", 0, "18446744073709551616", ""},
      {"float", "float", 0, "0.1", ""},  // not a binary32 value widened
      {"float", "float", 0, "nan", ""},
      {"double", "double", 0, "1e400", ""},
      {"double", "double", 0, "inf", ""},
      {"decimal", "decimal(5,2)", 0, "1.5", ""},
      {"decimal", "decimal(5,2)", 0, "1000.00", ""},
      {"decimal", "decimal(5,2)", 0, "01.00", ""},
      {"decimal", "decimal(5,2)", 0, "1,00", ""},
      {"year", "year(4)", 0, "1900", ""},
      {"date", "date", 0, "2020-13-01", ""},
      {"date", "date", 0, "2020-1-01", ""},
      {"time", "time(3)", 0, "12:00:00", ""},  // fsp digits missing
      {"time", "time", 0, "12:60:00", ""},
      {"datetime", "datetime", 0, "2020-01-01T00:00:00", ""},
      {"datetime", "datetime", 0, "2020-01-01 24:00:00", ""},
      {"timestamp", "timestamp", 0, "1969-12-31 23:59:59", ""},
      {"timestamp", "timestamp", 0, "2106-02-07 06:28:16", ""},
      {"timestamp", "timestamp", 0, "2020-00-01 00:00:00", ""},
      {"bit", "bit(9)", 0, Bytes({0x02, 0x00}), ""},
      {"bit", "bit(9)", 0, "", ""},
      {"enum", "enum('a','b','c')", kUtf8mb4GeneralCi, "4", ""},
      {"enum", "enum('a','b','c')", kUtf8mb4GeneralCi, "b", ""},
      {"set", "set('x','y','z')", kUtf8mb4GeneralCi, "8", ""},
      {"varchar", "varchar(10)", kUtf8mb4GeneralCi, Bytes({'a', 0xC3}), ""},
      {"varchar", "varchar(10)", kUtf8mb4GeneralCi, Bytes({0xED, 0xA0, 0x80}), ""},  // a surrogate
      {"varchar", "varchar(2)", kUtf8mb4GeneralCi, "123456789", ""},
      {"varchar", "varchar(10)", kCp1250GeneralCi, Bytes({0x81}), ""},  // undefined in cp1250
      {"varbinary", "varbinary(2)", kBinary, "abc", ""},
      {"uuid", "uuid", 0, "00112233-4455-6677-8899-aabbccddeef", ""},
      {"uuid", "uuid", 0, "00112233x4455-6677-8899-aabbccddeeff", ""},
      {"inet4", "inet4", 0, "1.2.3", ""},
      {"inet6", "inet6", 0, "1:2", ""},
      {"inet6", "inet6", 0, std::string(100, ':'), ""},
  };
  for (const CellCase& c : cases) {
    std::string got = ReadCell(Hint(c.data_type, c.column_type, c.collation), c.cell);
    EXPECT_TRUE(got.starts_with("error: Corruption: SELECT of db.t column c")) << c.column_type << " cell '"
                                                                               << c.cell.value_or("NULL") << "': "
                                                                               << got;
  }
}

TEST(RowReaderTest, ErrorShowsTheCellTruncatedAndEscaped) {
  std::string got = ReadCell(Hint("int", "int(11)"), std::string(100, '7') + "\x01");
  EXPECT_NE(got.find("cell '" + std::string(64, '7') + "...'"), std::string::npos) << got;
  got = ReadCell(Hint("int", "int(11)"), "\x01x");
  EXPECT_NE(got.find("cell '\\x01x'"), std::string::npos) << got;
}

TEST(RowReaderTest, FailedRowLeavesTheBatchAsBefore) {
  mysql::TableHints table;
  table.schema_name = "db";
  table.table_name = "t";
  table.columns = {Hint("int", "int(11)"), Hint("varchar", "varchar(10)", kUtf8mb4GeneralCi),
                   Hint("blob", "blob", kBinary), Hint("int", "int(11)")};
  table.columns[0].name = "id";
  table.columns[0].in_primary_key = true;
  table.primary_key = {0};
  auto schema = SchemaFromDefinition(table, ServerFlavor::kMariaDb).value();
  RowReader reader(schema);
  model::ChangeBatch batch(schema);
  uint32_t origin = batch.AddOrigin({});
  Cells good({"1", "abc", "xyz", std::nullopt});
  ASSERT_TRUE(reader.AppendInsert(good.row(), origin, &batch).ok());
  Cells bad({"2", "def", "uvw", "oops"});
  EXPECT_TRUE(reader.AppendInsert(bad.row(), origin, &batch).IsCorruption());
  Cells short_row({"3", "x"});
  EXPECT_TRUE(reader.AppendInsert(short_row.row(), origin, &batch).IsCorruption());
  Cells good2({"4", "ghi", "", "5"});
  ASSERT_TRUE(reader.AppendInsert(good2.row(), origin, &batch).ok());
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(batch.image_count(), 2u);
  EXPECT_EQ(batch.column(1).bytes(0), "abc");
  EXPECT_EQ(batch.column(1).bytes(1), "ghi");
  EXPECT_EQ(batch.column(2).bytes(1), "");
  EXPECT_EQ(batch.column(3).state(0), model::CellState::kNull);
  EXPECT_EQ(batch.column(3).slot(1), 5u);
  EXPECT_EQ(batch.changes()[1].after, 1u);
  EXPECT_EQ(batch.changes()[1].before, model::RowChange::kNoImage);
}

TEST(RowReaderTest, SelectList) {
  mysql::TableHints table;
  table.schema_name = "db";
  table.table_name = "t";
  table.columns = {Hint("int", "int(11)"), Hint("float", "float"), Hint("enum", "enum('a')", kUtf8mb4GeneralCi),
                   Hint("set", "set('a')", kUtf8mb4GeneralCi), Hint("varchar", "varchar(3)", kUtf8mb4GeneralCi),
                   Hint("varbinary", "varbinary(3)", kBinary), Hint("timestamp", "timestamp(3)")};
  const char* names[] = {"id", "f", "e", "s", "we`ird", "b", "ts"};
  for (size_t column_idx = 0; column_idx < table.columns.size(); ++column_idx) table.columns[column_idx].name = names[column_idx];
  RowReader reader(SchemaFromDefinition(table, ServerFlavor::kMariaDb).value());
  EXPECT_EQ(reader.select_list(),
            "`id`,IF(`f` = 0 AND ATAN2(`f`, -1) < 0, '-0', CAST(`f` AS DOUBLE)),`e`+0,`s`+0,"
            "CAST(`we``ird` AS BINARY),`b`,`ts`");
  EXPECT_FALSE(RowReader::SessionSetup().empty());
  EXPECT_EQ(RowReader::SessionSetup()[0], "SET time_zone = '+00:00'");
}

// A SET of 64 members: `s`+0 is a signed BIGINT, so the last member makes it negative.
TEST(RowReaderTest, SetOf64MembersReadsNegativeBigint) {
  std::string type = "set(";
  for (int label_idx = 0; label_idx < 64; ++label_idx) type += (label_idx ? ",'m" : "'m") + std::to_string(label_idx) + "'";
  type += ")";
  EXPECT_EQ(ReadCell(Hint("set", type, kUtf8mb4GeneralCi), "-9223372036854775808"), "m63");
  std::string all;
  for (int label_idx = 0; label_idx < 64; ++label_idx) all += (label_idx ? ",m" : "m") + std::to_string(label_idx);
  EXPECT_EQ(ReadCell(Hint("set", type, kUtf8mb4GeneralCi), "-1"), all);
}

struct SchemaCase {
  std::string data_type;
  std::string column_type;
  uint16_t collation;
  ServerFlavor flavor;
  FieldType type;
  uint16_t meta;
  ValueKind kind;
};

TEST(SchemaFromDefinitionTest, EveryTypeShape) {
  const auto maria = ServerFlavor::kMariaDb;
  const auto mysql = ServerFlavor::kMySql;
  const std::vector<SchemaCase> cases = {
      {"tinyint", "tinyint(1)", 0, maria, FieldType::kTiny, 0, ValueKind::kInt64},
      {"smallint", "smallint(5) unsigned", 0, maria, FieldType::kShort, 0, ValueKind::kUInt64},
      {"mediumint", "mediumint(9)", 0, maria, FieldType::kInt24, 0, ValueKind::kInt64},
      {"int", "int(11)", 0, maria, FieldType::kLong, 0, ValueKind::kInt64},
      {"int", "int unsigned", 0, mysql, FieldType::kLong, 0, ValueKind::kUInt64},
      {"bigint", "bigint(20) unsigned", 0, maria, FieldType::kLongLong, 0, ValueKind::kUInt64},
      {"float", "float(7,3)", 0, maria, FieldType::kFloat, 4, ValueKind::kFloat},
      {"double", "double", 0, maria, FieldType::kDouble, 8, ValueKind::kDouble},
      {"decimal", "decimal(65,30)", 0, maria, FieldType::kNewDecimal, 65 << 8 | 30, ValueKind::kDecimal},
      {"decimal", "decimal(10,0) unsigned", 0, maria, FieldType::kNewDecimal, 10 << 8, ValueKind::kDecimal},
      {"year", "year(4)", 0, maria, FieldType::kYear, 0, ValueKind::kYear},
      {"bit", "bit(1)", 0, maria, FieldType::kBit, 1, ValueKind::kBit},
      {"bit", "bit(17)", 0, maria, FieldType::kBit, 2 << 8 | 1, ValueKind::kBit},
      {"bit", "bit(64)", 0, maria, FieldType::kBit, 8 << 8, ValueKind::kBit},
      {"date", "date", 0, maria, FieldType::kDate, 0, ValueKind::kDate},
      {"time", "time", 0, maria, FieldType::kTime2, 0, ValueKind::kTime},
      {"time", "time(4)", 0, maria, FieldType::kTime2, 4, ValueKind::kTime},
      {"datetime", "datetime(6)", 0, maria, FieldType::kDateTime2, 6, ValueKind::kDateTime},
      {"timestamp", "timestamp(2)", 0, mysql, FieldType::kTimestamp2, 2, ValueKind::kTimestamp},
      {"enum", "enum('a','b')", kUtf8mb4GeneralCi, maria, FieldType::kEnum, 0xF701, ValueKind::kEnum},
      {"set", "set('a','b','c','d','e','f','g','h','i')", kUtf8mb4GeneralCi, maria, FieldType::kSet, 0xF802,
       ValueKind::kSet},
      {"char", "char(10)", kUtf8mb4GeneralCi, maria, FieldType::kString, 0xFE28, ValueKind::kString},
      {"char", "char(255)", kUtf8mb4GeneralCi, maria, FieldType::kString, 0xCEFC, ValueKind::kString},  // 1020
      {"char", "char(20)", kLatin1SwedishCi, maria, FieldType::kString, 0xFE14, ValueKind::kString},
      {"binary", "binary(8)", kBinary, maria, FieldType::kString, 0xFE08, ValueKind::kBinary},
      {"varchar", "varchar(100)", kUtf8mb4GeneralCi, maria, FieldType::kVarchar, 400, ValueKind::kString},
      {"varchar", "varchar(1000) /*M!100301 COMPRESSED*/", kUtf8mb4GeneralCi, maria, FieldType::kVarcharCompressed,
       4001, ValueKind::kString},
      {"varbinary", "varbinary(2000) /*M!100301 COMPRESSED*/", kBinary, maria, FieldType::kVarcharCompressed, 2001,
       ValueKind::kBinary},
      {"varbinary", "varbinary(100)", kBinary, mysql, FieldType::kVarchar, 100, ValueKind::kBinary},
      {"tinytext", "tinytext", kUtf8mb4GeneralCi, maria, FieldType::kBlob, 1, ValueKind::kString},
      {"text", "text", kUtf8mb4GeneralCi, maria, FieldType::kBlob, 2, ValueKind::kString},
      {"mediumblob", "mediumblob", kBinary, maria, FieldType::kBlob, 3, ValueKind::kBinary},
      {"longtext", "longtext", 46, maria, FieldType::kBlob, 4, ValueKind::kString},  // MariaDB JSON
      {"text", "text /*M!100301 COMPRESSED*/", kLatin1SwedishCi, maria, FieldType::kBlobCompressed, 2,
       ValueKind::kString},
      {"json", "json", 0, mysql, FieldType::kJson, 4, ValueKind::kJson},
      {"json", "json", 46, maria, FieldType::kBlob, 4, ValueKind::kString},
      {"geometry", "geometry", 0, maria, FieldType::kGeometry, 4, ValueKind::kGeometry},
      {"point", "point", 0, mysql, FieldType::kGeometry, 4, ValueKind::kGeometry},
      {"uuid", "uuid", 0, maria, FieldType::kString, 0xFE10, ValueKind::kUuid},
      {"inet4", "inet4", 0, maria, FieldType::kString, 0xFE04, ValueKind::kInet4},
      {"inet6", "inet6", 0, maria, FieldType::kString, 0xFE10, ValueKind::kInet6},
      {"vector", "vector(3)", 0, mysql, FieldType::kVector, 4, ValueKind::kVector},
  };
  for (const SchemaCase& c : cases) {
    auto schema = OneColumn(Hint(c.data_type, c.column_type, c.collation), c.flavor);
    ASSERT_TRUE(schema.ok()) << c.column_type << ": " << schema.status().ToString();
    const model::ColumnSchema& column = schema.value()->columns[0];
    EXPECT_EQ(column.type, c.type) << c.column_type;
    EXPECT_EQ(column.meta, c.meta) << c.column_type;
    EXPECT_EQ(column.kind, c.kind) << c.column_type;
    EXPECT_EQ(column.kind, binlog::ChooseValueKind(column)) << c.column_type;
  }
}

TEST(SchemaFromDefinitionTest, FlavorDetails) {
  auto year = OneColumn(Hint("year", "year(4)"), ServerFlavor::kMariaDb).value();
  EXPECT_TRUE(year->columns[0].is_unsigned);  // MariaDB's TABLE_MAP lists YEAR as unsigned
  EXPECT_FALSE(OneColumn(Hint("year", "year"), ServerFlavor::kMySql).value()->columns[0].is_unsigned);
  auto point = OneColumn(Hint("point", "point"), ServerFlavor::kMariaDb).value();
  EXPECT_EQ(point->columns[0].collation, kBinary);
  EXPECT_EQ(point->columns[0].geometry_type, 1u);
  EXPECT_EQ(OneColumn(Hint("point", "point"), ServerFlavor::kMySql).value()->columns[0].collation, 0);
  auto uuid = OneColumn(Hint("uuid", "uuid"), ServerFlavor::kMariaDb).value();
  EXPECT_EQ(uuid->columns[0].sql_type, "uuid");
  EXPECT_EQ(uuid->columns[0].collation, kBinary);
  auto e = OneColumn(Hint("enum", "enum('a','it''s')", kUtf8mb4GeneralCi)).value();
  EXPECT_EQ(e->columns[0].labels, (std::vector<std::string>{"a", "it's"}));
  // 256 ENUM labels need a 2-byte index; 33 SET members 8 bytes.
  std::string big_enum = "enum(", big_set = "set(";
  for (int label_idx = 0; label_idx < 256; ++label_idx) big_enum += (label_idx ? ",'" : "'") + std::to_string(label_idx) + "'";
  for (int label_idx = 0; label_idx < 33; ++label_idx) big_set += (label_idx ? ",'" : "'") + std::to_string(label_idx) + "'";
  EXPECT_EQ(OneColumn(Hint("enum", big_enum + ")", kUtf8mb4GeneralCi)).value()->columns[0].meta, 0xF702);
  EXPECT_EQ(OneColumn(Hint("set", big_set + ")", kUtf8mb4GeneralCi)).value()->columns[0].meta, 0xF808);
}

TEST(SchemaFromDefinitionTest, NamesKeyAndNullability) {
  mysql::TableHints table;
  table.schema_name = "db";
  table.table_name = "t";
  table.columns = {Hint("varchar", "varchar(5)", kUtf8mb4GeneralCi), Hint("int", "int(11)")};
  table.columns[0].name = "k";
  table.columns[0].nullable = false;
  table.columns[1].name = "v";
  table.primary_key = {1, 0};
  auto schema = SchemaFromDefinition(table, ServerFlavor::kMariaDb).value();
  EXPECT_EQ(schema->schema_name, "db");
  EXPECT_EQ(schema->table_name, "t");
  EXPECT_EQ(schema->columns[0].name, "k");
  EXPECT_FALSE(schema->columns[0].nullable);
  EXPECT_TRUE(schema->columns[1].nullable);
  EXPECT_TRUE(schema->columns[0].in_primary_key);
  EXPECT_EQ(schema->primary_key, (std::vector<uint32_t>{1, 0}));
}

TEST(SchemaFromDefinitionTest, UnknownShapesAreInvalidArgument) {
  const std::vector<mysql::ColumnHint> bad = {
      Hint("hologram", "hologram"),
      Hint("decimal", "decimal(66,2)"),
      Hint("decimal", "decimal(10"),
      Hint("bit", "bit(65)"),
      Hint("datetime", "datetime(7)"),
      Hint("varchar", "varchar(10)", 9999),  // unknown collation: its bytes per character are unknown
      Hint("char", "char(x)", kUtf8mb4GeneralCi),
  };
  for (const mysql::ColumnHint& hint : bad) {
    auto schema = OneColumn(hint);
    ASSERT_FALSE(schema.ok()) << hint.column_type;
    EXPECT_TRUE(schema.status().IsInvalidArgument()) << hint.column_type;
    EXPECT_NE(schema.status().ToString().find("column c"), std::string::npos) << schema.status().ToString();
  }
  mysql::TableHints empty;
  EXPECT_TRUE(SchemaFromDefinition(empty, ServerFlavor::kMySql).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cdc::snapshot
