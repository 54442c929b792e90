// Parquet change files read back by two independent readers, DuckDB and hyparquet
// (tests/node/parquet/readback.mjs): a table with a column of every value kind, edge values and
// NULLs, written with each codec, dictionary and plain encodings, both format versions and the
// alternative mappings; then many rows over several row groups and pages. Every value must come
// back exactly (hyparquet's DECIMAL is a JS number: within its rounding). DuckDB must also see the
// column types of docs/parquet.md. The last test goes the other way: files DuckDB writes, read by
// lakefeed's ParquetFileReader. Needs node and the npm packages that scripts/install-deps puts
// in tests/node/parquet.
#include <gtest/gtest.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "format/csv/csv_test_util.h"
#include "format/parquet/parquet_reader.h"
#include "format/parquet/parquet_test_util.h"
#include "format/parquet/parquet_writer.h"
#include "model/value.h"

namespace cdc::format {
namespace {

using model::FieldType;
using model::ValueKind;
using testing::Cell;
using testing::TempDir;

constexpr int64_t kCommitUs = 1733443200654321;  // 2024-12-06 00:00:00.654321 UTC
constexpr uint64_t kFirstSeq = 1000;
constexpr size_t kRows = 6;  // ops I I I I U D

// One column of the type table: its schema, its six cells, and what the readers must return.
struct TypeColumn {
  model::ColumnSchema schema;
  std::vector<Cell> cells;                        // kRows
  std::string duck_type;   // DuckDB's name of the column type
  std::string duck_sql;    // $c: the quoted column name; empty: CAST($c AS VARCHAR)
  std::string duck_check;  // "text" (empty), "num"
  std::string hyp_check;   // "text" (empty), "num", "approx"
  std::vector<std::optional<std::string>> expected;       // kRows
  std::vector<std::optional<std::string>> hyp_expected;   // empty: same as expected
};

model::ColumnSchema Schema(std::string name, ValueKind kind, FieldType type, uint16_t meta = 0, bool is_unsigned = false) {
  model::ColumnSchema column = testing::Column(std::move(name), kind, type, meta);
  column.is_unsigned = is_unsigned;
  return column;
}

using Expected = std::vector<std::optional<std::string>>;
const std::nullopt_t kNull = std::nullopt;

Cell Float(float value) { return Cell::Slot(std::bit_cast<uint32_t>(value)); }
Cell Double(double value) { return Cell::Slot(std::bit_cast<uint64_t>(value)); }
Cell Date(uint16_t year, uint8_t month, uint8_t day) { return Cell::Slot(model::PackedDate{year, month, day}.Pack()); }
Cell DateTime(uint16_t year, uint8_t month, uint8_t day, uint8_t hour, uint8_t minute, uint8_t second, uint32_t micros) {
  return Cell::Slot(model::PackedDateTime{{year, month, day}, hour, minute, second, micros}.Pack());
}
Cell Timestamp(uint32_t seconds, uint32_t micros) { return Cell::Slot(model::PackedTimestamp{seconds, micros}.Pack()); }
Cell Time(bool negative, uint32_t hours, uint8_t minutes, uint8_t seconds, uint32_t micros) {
  return Cell::Slot(model::PackedTime{negative, hours, minutes, seconds, micros}.Pack());
}
using parquet::testing::Bytes;

// The type table with the default mapping (docs/parquet.md).
std::vector<TypeColumn> TypeTable(bool timestamp_millis) {
  std::vector<TypeColumn> t;
  auto add = [&](TypeColumn column) { t.push_back(std::move(column)); };
  add({Schema("i8", ValueKind::kInt64, FieldType::kTiny), {Cell::Int(-128), Cell::Int(127), Cell::Int(0), Cell::Int(-1), Cell::Null(), Cell::Int(5)},
       "TINYINT", {}, {}, {}, {"-128", "127", "0", "-1", kNull, "5"}, {}});
  add({Schema("u8", ValueKind::kUInt64, FieldType::kTiny, 0, true), {Cell::Slot(0), Cell::Slot(255), Cell::Slot(1), Cell::Null(), Cell::Slot(128), Cell::Slot(7)},
       "UTINYINT", {}, {}, {}, {"0", "255", "1", kNull, "128", "7"}, {}});
  add({Schema("i16", ValueKind::kInt64, FieldType::kShort), {Cell::Int(-32768), Cell::Int(32767), Cell::Null(), Cell::Int(0), Cell::Int(1), Cell::Int(-2)},
       "SMALLINT", {}, {}, {}, {"-32768", "32767", kNull, "0", "1", "-2"}, {}});
  add({Schema("u16", ValueKind::kUInt64, FieldType::kShort, 0, true), {Cell::Slot(65535), Cell::Slot(0), Cell::Slot(32768), Cell::Null(), Cell::Slot(1), Cell::Slot(2)},
       "USMALLINT", {}, {}, {}, {"65535", "0", "32768", kNull, "1", "2"}, {}});
  add({Schema("i24", ValueKind::kInt64, FieldType::kInt24), {Cell::Int(-8388608), Cell::Int(8388607), Cell::Int(0), Cell::Null(), Cell::Int(3), Cell::Int(-3)},
       "INTEGER", {}, {}, {}, {"-8388608", "8388607", "0", kNull, "3", "-3"}, {}});
  add({Schema("u32", ValueKind::kUInt64, FieldType::kLong, 0, true), {Cell::Slot(4294967295u), Cell::Slot(0), Cell::Slot(2147483648u), Cell::Null(), Cell::Slot(9), Cell::Slot(10)},
       "UINTEGER", {}, {}, {}, {"4294967295", "0", "2147483648", kNull, "9", "10"}, {}});
  add({Schema("i32", ValueKind::kInt64, FieldType::kLong), {Cell::Int(INT32_MIN), Cell::Int(INT32_MAX), Cell::Int(0), Cell::Null(), Cell::Int(-9), Cell::Int(9)},
       "INTEGER", {}, {}, {}, {"-2147483648", "2147483647", "0", kNull, "-9", "9"}, {}});
  add({Schema("i64", ValueKind::kInt64, FieldType::kLongLong), {Cell::Int(INT64_MIN), Cell::Int(INT64_MAX), Cell::Int(0), Cell::Int(-1), Cell::Null(), Cell::Int(42)},
       "BIGINT", {}, {}, {}, {"-9223372036854775808", "9223372036854775807", "0", "-1", kNull, "42"}, {}});
  add({Schema("u64", ValueKind::kUInt64, FieldType::kLongLong, 0, true), {Cell::Slot(UINT64_MAX), Cell::Slot(uint64_t{1} << 63), Cell::Slot(0), Cell::Null(), Cell::Slot(1), Cell::Slot(2)},
       "UBIGINT", {}, {}, {}, {"18446744073709551615", "9223372036854775808", "0", kNull, "1", "2"}, {}});
  add({Schema("f32", ValueKind::kFloat, FieldType::kFloat),
       {Float(1.5f), Float(-0.0f), Float(FLT_MAX), Float(std::numeric_limits<float>::denorm_min()), Float(NAN), Float(-INFINITY)},
       "FLOAT", "$c", "num", "num",
       {"1.5", "-0", "3.4028234663852886e+38", "1.401298464324817e-45", "NaN", "-Infinity"}, {}});
  add({Schema("f64", ValueKind::kDouble, FieldType::kDouble),
       {Double(0.1), Double(DBL_MAX), Double(-DBL_MIN), Double(NAN), Double(INFINITY), Cell::Null()},
       "DOUBLE", "$c", "num", "num",
       {"0.1", "1.7976931348623157e+308", "-2.2250738585072014e-308", "NaN", "Infinity", kNull}, {}});
  add({Schema("dec5", ValueKind::kDecimal, FieldType::kNewDecimal, 5 << 8 | 2),
       {Cell::Bytes("-999.99"), Cell::Bytes("999.99"), Cell::Bytes("0.00"), Cell::Bytes("-0.01"), Cell::Null(), Cell::Bytes("12.50")},
       "DECIMAL(5,2)", {}, {}, "approx", {"-999.99", "999.99", "0.00", "-0.01", kNull, "12.50"}, {}});
  add({Schema("dec18", ValueKind::kDecimal, FieldType::kNewDecimal, 18 << 8 | 4),
       {Cell::Bytes("-99999999999999.9999"), Cell::Bytes("12345678901234.5678"), Cell::Bytes("0.0000"), Cell::Null(), Cell::Bytes("1.0001"), Cell::Bytes("-0.0001")},
       "DECIMAL(18,4)", {}, {}, "approx", {"-99999999999999.9999", "12345678901234.5678", "0.0000", kNull, "1.0001", "-0.0001"}, {}});
  add({Schema("dec38", ValueKind::kDecimal, FieldType::kNewDecimal, 38 << 8 | 10),
       {Cell::Bytes("9999999999999999999999999999.9999999999"), Cell::Bytes("-9999999999999999999999999999.9999999999"), Cell::Bytes("0.0000000000"),
        Cell::Bytes("-0.0000000001"), Cell::Bytes("123.4567890123"), Cell::Null()},
       "DECIMAL(38,10)", {}, {}, "approx",
       {"9999999999999999999999999999.9999999999", "-9999999999999999999999999999.9999999999", "0.0000000000", "-0.0000000001", "123.4567890123", kNull}, {}});
  add({Schema("dec20", ValueKind::kDecimal, FieldType::kNewDecimal, 20 << 8 | 0),
       {Cell::Bytes("-12345678901234567890"), Cell::Bytes("99999999999999999999"), Cell::Bytes("0"), Cell::Null(), Cell::Bytes("1"), Cell::Bytes("-1")},
       "DECIMAL(20,0)", {}, {}, "approx", {"-12345678901234567890", "99999999999999999999", "0", kNull, "1", "-1"}, {}});
  const std::string dec65 = "-" + std::string(35, '9') + "." + std::string(30, '9');
  add({Schema("dec65", ValueKind::kDecimal, FieldType::kNewDecimal, 65 << 8 | 30),
       {Cell::Bytes(dec65), Cell::Bytes("0." + std::string(30, '0')), Cell::Null(), Cell::Bytes("1." + std::string(29, '0') + "1"), Cell::Bytes("2." + std::string(30, '0')), Cell::Bytes("-3." + std::string(30, '5'))},
       "VARCHAR", {}, {}, {}, {dec65, "0." + std::string(30, '0'), kNull, "1." + std::string(29, '0') + "1", "2." + std::string(30, '0'), "-3." + std::string(30, '5')}, {}});
  add({Schema("d", ValueKind::kDate, FieldType::kNewDate),
       {Date(1000, 1, 1), Date(9999, 12, 31), Date(1970, 1, 1), Date(2024, 2, 29), Date(0, 0, 0), Date(2020, 5, 0)},
       "DATE", "CAST($c - DATE '1970-01-01' AS VARCHAR)", {}, {}, {"-354285", "2932896", "0", "19782", kNull, kNull}, {}});
  add({Schema("dt", ValueKind::kDateTime, FieldType::kDateTime2, 6),
       {DateTime(1000, 1, 1, 0, 0, 0, 0), DateTime(9999, 12, 31, 23, 59, 59, 999999), DateTime(1969, 12, 31, 23, 59, 59, 999999), DateTime(0, 0, 0, 0, 0, 0, 0), Cell::Null(), DateTime(2024, 12, 6, 1, 2, 3, 4)},
       "TIMESTAMP", "CAST(epoch_us($c) AS VARCHAR)", {}, {},
       {"-30610224000000000", "253402300799999999", "-1", kNull, kNull, "1733446923000004"}, {}});
  const auto ts = [&](int64_t micros) -> std::optional<std::string> {
    return std::to_string(timestamp_millis ? micros / 1000 * 1000 : micros);
  };
  add({Schema("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 6),
       {Timestamp(1, 0), Timestamp(2147483647, 999999), Timestamp(0, 0), Timestamp(1733443200, 123456), Cell::Null(), Timestamp(86400, 1)},
       "TIMESTAMP WITH TIME ZONE", "CAST(epoch_us($c) AS VARCHAR)", {}, {},
       {ts(1000000), ts(2147483647999999), kNull, ts(1733443200123456), kNull, ts(86400000001)}, {}});
  if (timestamp_millis) t.back().duck_type = "TIMESTAMP WITH TIME ZONE";
  add({Schema("t", ValueKind::kTime, FieldType::kTime2, 6),
       {Time(true, 838, 59, 59, 0), Time(false, 838, 59, 59, 999999), Time(false, 0, 0, 0, 0), Time(false, 23, 59, 59, 500000), Cell::Null(), Time(true, 0, 0, 0, 1)},
       "BIGINT", {}, {}, {}, {"-3020399000000", "3020399999999", "0", "86399500000", kNull, "-1"}, {}});
  add({Schema("y", ValueKind::kYear, FieldType::kYear), {Cell::Slot(0), Cell::Slot(1901), Cell::Slot(2155), Cell::Null(), Cell::Slot(2024), Cell::Slot(1999)},
       "INTEGER", {}, {}, {}, {"0", "1901", "2155", kNull, "2024", "1999"}, {}});
  add({Schema("b", ValueKind::kBit, FieldType::kBit, 8 << 8), {Cell::Slot(UINT64_MAX), Cell::Slot(0), Cell::Slot(5), Cell::Null(), Cell::Slot(uint64_t{1} << 63), Cell::Slot(1)},
       "BIGINT", {}, {}, {}, {"-1", "0", "5", kNull, "-9223372036854775808", "1"}, {}});
  TypeColumn e{Schema("e", ValueKind::kEnum, FieldType::kEnum), {Cell::Slot(1), Cell::Slot(2), Cell::Slot(3), Cell::Slot(0), Cell::Null(), Cell::Slot(1)},
               "VARCHAR", {}, {}, {}, {"a", "b,c", "\xc3\xbc", "", kNull, "a"}, {}};
  e.schema.labels = {"a", "b,c", "\xc3\xbc"};
  add(std::move(e));
  TypeColumn s{Schema("s", ValueKind::kSet, FieldType::kSet), {Cell::Slot(5), Cell::Slot(0), Cell::Slot(7), Cell::Null(), Cell::Slot(2), Cell::Slot(1)},
               "VARCHAR", {}, {}, {}, {"x,z", "", "x,y,z", kNull, "y", "x"}, {}};
  s.schema.labels = {"x", "y", "z"};
  add(std::move(s));
  add({Schema("str", ValueKind::kString, FieldType::kVarchar),
       {Cell::Bytes(""), Cell::Bytes("h\xc3\xa9llo"), Cell::Bytes("emoji \xf0\x9f\x98\x80"), Cell::Bytes("line\nbreak,\"quoted\""), Cell::Null(), Cell::Bytes("NULL")},
       "VARCHAR", {}, {}, {}, {"", "h\xc3\xa9llo", "emoji \xf0\x9f\x98\x80", "line\nbreak,\"quoted\"", kNull, "NULL"}, {}});
  add({Schema("bin", ValueKind::kBinary, FieldType::kBlob),
       {Cell::Bytes(Bytes({0x00, 0xff})), Cell::Bytes(""), Cell::Bytes(Bytes({0x80})), Cell::Null(), Cell::Bytes("abc"), Cell::Bytes(std::string(300, '\x01'))},
       "BLOB", "hex($c)", {}, {}, {"00FF", "", "80", kNull, "616263", kNull}, {}});
  t.back().expected[5] = std::string();
  for (int byte_idx = 0; byte_idx < 300; ++byte_idx) t.back().expected[5]->append("01");
  add({Schema("j", ValueKind::kJson, FieldType::kJson),
       {Cell::Bytes("{\"a\": 1, \"b\": [true, null]}"), Cell::Bytes("[]"), Cell::Bytes("null"), Cell::Null(), Cell::Bytes("\"x\""), Cell::Bytes("1.5")},
       "JSON", {}, {}, {}, {"{\"a\": 1, \"b\": [true, null]}", "[]", "null", kNull, "\"x\"", "1.5"}, {}});
  const std::string point = Bytes({0x01, 0x01, 0x00, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40});  // POINT(1 2)
  add({Schema("g", ValueKind::kGeometry, FieldType::kGeometry),
       {Cell::Bytes(Bytes({0xe6, 0x10, 0, 0}) + point), Cell::Bytes(std::string(4, '\0') + point), Cell::Null(), Cell::Null(), Cell::Bytes(std::string(4, '\0') + point), Cell::Null()},
       "BLOB", "hex($c)", {}, {},
       {"0101000000000000000000F03F0000000000000040", "0101000000000000000000F03F0000000000000040", kNull, kNull,
        "0101000000000000000000F03F0000000000000040", kNull}, {}});
  TypeColumn u{Schema("u", ValueKind::kUuid, FieldType::kString),
               {Cell::Bytes(Bytes({0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00})),
                Cell::Bytes(std::string(16, '\0')), Cell::Bytes(std::string(16, '\xff')), Cell::Null(), Cell::Bytes(std::string(16, '\x01')), Cell::Null()},
               "UUID", {}, {}, {},
               {"123e4567-e89b-12d3-a456-426614174000", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", kNull,
                "01010101-0101-0101-0101-010101010101", kNull}, {}};
  u.schema.sql_type = "uuid";
  add(std::move(u));
  add({Schema("ip4", ValueKind::kInet4, FieldType::kLong), {Cell::Slot(0xC0A80101), Cell::Slot(0), Cell::Slot(0xFFFFFFFF), Cell::Null(), Cell::Slot(0x7F000001), Cell::Slot(1)},
       "VARCHAR", {}, {}, {}, {"192.168.1.1", "0.0.0.0", "255.255.255.255", kNull, "127.0.0.1", "0.0.0.1"}, {}});
  add({Schema("ip6", ValueKind::kInet6, FieldType::kString),
       {Cell::Bytes(std::string(15, '\0') + "\x01"), Cell::Bytes(Bytes({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01})), Cell::Null(),
        Cell::Bytes(std::string(16, '\0')), Cell::Null(), Cell::Null()},
       "VARCHAR", {}, {}, {}, {"::1", "2001:db8::1", kNull, "::", kNull, kNull}, {}});
  add({Schema("v", ValueKind::kVector, FieldType::kVector),
       {Cell::Bytes(Bytes({0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0})), Cell::Bytes(""), Cell::Null(), Cell::Null(), Cell::Null(), Cell::Null()},
       "BLOB", "hex($c)", {}, {}, {"0000803F000000C0", "", kNull, kNull, kNull, kNull}, {}});
  return t;
}

std::string SpecCase(const std::string& file, size_t rows, const std::vector<TypeColumn>& columns) {
  nlohmann::json spec_case;
  spec_case["file"] = file;
  spec_case["rows"] = rows;
  for (const TypeColumn& column : columns) {
    nlohmann::json entry;
    entry["name"] = column.schema.name;
    entry["duck_type"] = column.duck_type;
    entry["duck_sql"] = column.duck_sql.empty() ? "CAST($c AS VARCHAR)" : column.duck_sql;
    entry["duck_check"] = column.duck_check.empty() ? "text" : column.duck_check;
    entry["hyp_check"] = column.hyp_check.empty() ? "text" : column.hyp_check;
    auto values = [](const Expected& expected) {
      nlohmann::json array = nlohmann::json::array();
      for (const std::optional<std::string>& value : expected) {
        array.push_back(value ? nlohmann::json(*value) : nlohmann::json(nullptr));
      }
      return array;
    };
    entry["expected"] = values(column.expected);
    if (!column.hyp_expected.empty()) entry["hyp_expected"] = values(column.hyp_expected);
    spec_case["columns"].push_back(entry);
  }
  return spec_case.dump();
}

// Runs the node script on the cases; returns its output, and its success in *ok.
std::string RunReaders(const TempDir& dir, const std::vector<std::string>& cases, bool* ok) {
  std::string spec = "{\"cases\": [";
  for (size_t case_idx = 0; case_idx < cases.size(); ++case_idx) spec += (case_idx ? "," : "") + cases[case_idx];
  spec += "]}";
  testing::WriteFile(dir.File("spec.json"), spec);
  const std::string command = "node '" LAKEFEED_PARQUET_READBACK "' '" + dir.File("spec.json") + "' > '" +
                              dir.File("readers.out") + "' 2>&1";
  const int status = std::system(command.c_str());
  *ok = status == 0;
  return testing::ReadFile(dir.File("readers.out"));
}

// Writes the type table into `file` with `settings`; appends the DuckDB/hyparquet spec case.
void WriteTypeTable(const TempDir& dir, const std::string& name, const ParquetSettings& settings,
                    std::vector<std::string>* cases) {
  std::vector<TypeColumn> columns = TypeTable(settings.timestamp_in_millisecond);
  std::vector<model::ColumnSchema> schemas;
  for (const TypeColumn& column : columns) schemas.push_back(column.schema);
  model::TableSchemaPtr table = testing::Table("db", "types", schemas);
  auto projection = std::make_shared<model::TableProjection>(*testing::AllColumns(table));
  // Extra projection sources: the before image of i64, $AR_H_OPERATION, a constant and a NULL one.
  model::OutputColumn before;
  before.name = "i64_before";
  before.source = model::OutputSource::kBeforeColumn;
  before.column = 7;
  projection->columns.push_back(before);
  model::OutputColumn operation;
  operation.name = "ar_op";
  operation.source = model::OutputSource::kOperation;
  projection->columns.push_back(operation);
  model::OutputColumn constant;
  constant.name = "const";
  constant.source = model::OutputSource::kConstant;
  constant.constant = "k";
  projection->columns.push_back(constant);
  model::OutputColumn null_constant = constant;
  null_constant.name = "const_null";
  null_constant.constant_is_null = true;
  projection->columns.push_back(null_constant);

  model::ChangeBatch batch(table);
  auto image = [&](size_t row) {
    testing::Image cells;
    for (const TypeColumn& column : columns) cells.push_back(column.cells[row]);
    return cells;
  };
  for (size_t row = 0; row < 4; ++row) testing::AddInsert(&batch, image(row));
  testing::AddUpdate(&batch, image(3), image(4));
  testing::AddDelete(&batch, image(5));

  OutputSettings output;
  output.timestamp_column_name = "commit_ts";
  const std::string path = dir.File(name);
  auto writer = OpenParquetWriter(path, FileKind::kCdc, projection, output, settings);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ChangeContext context;
  context.first_seq = kFirstSeq;
  context.commit_time_us = kCommitUs;
  // Two appends (two transactions with the same commit time), to cross an Append boundary.
  ASSERT_TRUE((*writer)->Append(batch, 0, 2, context).ok());
  context.first_seq += 2;
  ASSERT_TRUE((*writer)->Append(batch, 2, kRows, context).ok());
  ASSERT_TRUE((*writer)->Finish().ok());

  // The writer's columns and the extra sources, in file order.
  std::vector<TypeColumn> all;
  all.push_back({testing::Column("Op", ValueKind::kString), {}, "VARCHAR", {}, {}, {}, {"I", "I", "I", "I", "U", "D"}, {}});
  const std::string commit = std::to_string(settings.timestamp_in_millisecond ? kCommitUs / 1000 * 1000 : kCommitUs);
  all.push_back({testing::Column("commit_ts", ValueKind::kString), {}, "TIMESTAMP WITH TIME ZONE", "CAST(epoch_us($c) AS VARCHAR)",
                 {}, {}, Expected(kRows, commit), {}});
  for (TypeColumn& column : columns) all.push_back(std::move(column));
  all.push_back({testing::Column("i64_before", ValueKind::kString), {}, "BIGINT", {}, {}, {}, {kNull, kNull, kNull, kNull, "-1", "42"}, {}});
  all.push_back({testing::Column("ar_op", ValueKind::kString), {}, "VARCHAR", {}, {}, {},
                 {"INSERT", "INSERT", "INSERT", "INSERT", "UPDATE", "DELETE"}, {}});
  all.push_back({testing::Column("const", ValueKind::kString), {}, "VARCHAR", {}, {}, {}, Expected(kRows, "k"), {}});
  all.push_back({testing::Column("const_null", ValueKind::kString), {}, "VARCHAR", {}, {}, {}, Expected(kRows, kNull), {}});
  Expected seqs;
  for (uint64_t row = 0; row < kRows; ++row) seqs.push_back(std::to_string(kFirstSeq + row));
  all.push_back({testing::Column("_lakefeed_seq", ValueKind::kString), {}, "BIGINT", {}, {}, {}, seqs, {}});
  all.push_back({testing::Column("_lakefeed_commit_us", ValueKind::kString), {}, "BIGINT", {}, {}, {},
                 Expected(kRows, std::to_string(kCommitUs)), {}});
  cases->push_back(SpecCase(path, kRows, all));
}

TEST(ParquetReadbackTest, EveryTypeEveryCodecAndEncoding) {
  TempDir dir;
  std::vector<std::string> cases;
  for (parquet::Codec codec : {parquet::Codec::kUncompressed, parquet::Codec::kSnappy, parquet::Codec::kGzip,
                               parquet::Codec::kZstd}) {
    for (bool dictionary : {true, false}) {
      ParquetSettings settings;
      settings.codec = codec;
      settings.encoding_type = dictionary ? ParquetEncodingType::kRleDictionary : ParquetEncodingType::kPlain;
      // Both versions with both encodings: 2.0 names the index pages RLE_DICTIONARY.
      const bool v2 = (codec == parquet::Codec::kSnappy || codec == parquet::Codec::kZstd) == dictionary;
      settings.parquet_version = v2 ? ParquetVersion::kV2_0 : ParquetVersion::kV1_0;
      settings.enable_statistics = dictionary;
      settings.timestamp_in_millisecond = codec == parquet::Codec::kZstd && !dictionary;
      settings.row_group_length = codec == parquet::Codec::kGzip ? 4 : 10000;  // gzip: two row groups
      WriteTypeTable(dir,
                     "types-" + std::string(ToString(codec)) + (dictionary ? "-dict" : "-plain") + (v2 ? "-v2" : "-v1") +
                         ".parquet",
                     settings, &cases);
    }
  }
  bool ok = false;
  const std::string output = RunReaders(dir, cases, &ok);
  EXPECT_TRUE(ok) << output;
  std::printf("%s", output.c_str());
}

TEST(ParquetReadbackTest, AlternativeMappings) {
  TempDir dir;
  model::TableSchemaPtr table = testing::Table(
      "db", "alt",
      {Schema("u64", ValueKind::kUInt64, FieldType::kLongLong, 0, true), Schema("t", ValueKind::kTime, FieldType::kTime2, 6)});
  model::ChangeBatch batch(table);
  testing::AddInsert(&batch, {Cell::Slot(UINT64_MAX), Time(false, 23, 59, 59, 999999)});
  testing::AddInsert(&batch, {Cell::Slot(0), Time(false, 0, 0, 0, 0)});
  testing::AddInsert(&batch, {Cell::Null(), Cell::Null()});
  ParquetSettings settings;
  settings.uint64_mapping = ParquetUInt64Mapping::kDecimal20;
  settings.time_mapping = ParquetTimeMapping::kTimeOfDay;
  OutputSettings output;
  output.ordering_columns = false;
  output.cdc_inserts_only = true;  // no Op column
  const std::string path = dir.File("alt.parquet");
  auto writer = OpenParquetWriter(path, FileKind::kCdc, testing::AllColumns(table), output, settings);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(batch, 0, batch.size(), ChangeContext()).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  std::vector<TypeColumn> columns;
  columns.push_back({table->columns[0], {}, "DECIMAL(20,0)", {}, {}, "approx", {"18446744073709551615", "0", kNull}, {}});
  columns.push_back({table->columns[1], {}, "TIME", {}, {}, {}, {"23:59:59.999999", "00:00:00", kNull}, {"86399999999", "0", kNull}});
  bool ok = false;
  const std::string readers = RunReaders(dir, {SpecCase(path, 3, columns)}, &ok);
  EXPECT_TRUE(ok) << readers;
  std::printf("%s", readers.c_str());
}

TEST(ParquetReadbackTest, ManyRowsManyGroupsAndPages) {
  TempDir dir;
  model::TableSchemaPtr table = testing::Table(
      "db", "many", {Schema("id", ValueKind::kInt64, FieldType::kLongLong), Schema("name", ValueKind::kString, FieldType::kVarchar),
                     Schema("amount", ValueKind::kDecimal, FieldType::kNewDecimal, 12 << 8 | 2)});
  model::ChangeBatch batch(table);
  constexpr size_t kMany = 30000;
  Expected ids, names, amounts;
  for (size_t row = 0; row < kMany; ++row) {
    const bool null_name = row % 11 == 0;
    const std::string name = "customer-" + std::to_string(row % 997);  // a dictionary that fits
    const std::string amount = std::to_string(row) + "." + std::to_string(10 + row % 90);
    testing::AddInsert(&batch, {Cell::Int(static_cast<int64_t>(row * 7) - 1000), null_name ? Cell::Null() : Cell::Bytes(name),
                                Cell::Bytes(amount)});
    ids.push_back(std::to_string(static_cast<int64_t>(row * 7) - 1000));
    names.push_back(null_name ? std::optional<std::string>() : name);
    amounts.push_back(amount);
  }
  std::vector<std::string> cases;
  for (parquet::Codec codec : {parquet::Codec::kSnappy, parquet::Codec::kZstd}) {
    ParquetSettings settings;
    settings.codec = codec;
    settings.row_group_length = 7000;
    settings.data_page_size = 4096;
    settings.dict_page_size_limit = 32 * 1024;  // the ids fall back to PLAIN, the names keep a dictionary
    OutputSettings output;
    output.ordering_columns = false;
    output.cdc_inserts_only = true;
    const std::string path = dir.File("many-" + std::string(ToString(codec)) + ".parquet");
    auto writer = OpenParquetWriter(path, FileKind::kCdc, testing::AllColumns(table), output, settings);
    ASSERT_TRUE(writer.ok());
    for (size_t begin = 0; begin < kMany; begin += 2500) {
      ASSERT_TRUE((*writer)->Append(batch, begin, std::min(kMany, begin + 2500), ChangeContext()).ok());
    }
    ASSERT_TRUE((*writer)->Finish().ok());
    std::vector<TypeColumn> columns;
    columns.push_back({table->columns[0], {}, "BIGINT", {}, {}, {}, ids, {}});
    columns.push_back({table->columns[1], {}, "VARCHAR", {}, {}, {}, names, {}});
    columns.push_back({table->columns[2], {}, "DECIMAL(12,2)", {}, {}, "approx", amounts, {}});
    cases.push_back(SpecCase(path, kMany, columns));
  }
  bool ok = false;
  const std::string readers = RunReaders(dir, cases, &ok);
  EXPECT_TRUE(ok) << readers;
  std::printf("%s", readers.c_str());
}

// The other direction: files DuckDB writes (tests/node/parquet/duckdb-write.mjs), one per codec with
// format version 1.0 (dictionary and PLAIN pages, data page v1) and two with 2.0 (delta encodings,
// BYTE_STREAM_SPLIT, data page v2), read by lakefeed's ParquetFileReader.
TEST(ParquetReadbackTest, OurReaderReadsDuckDbFiles) {
  TempDir dir;
  const std::string command = "node '" LAKEFEED_PARQUET_DUCKDB_WRITE "' '" + dir.File("") + "' > '" +
                              dir.File("writer.out") + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << testing::ReadFile(dir.File("writer.out"));
  constexpr size_t kDuckRows = 20000;
  for (const char* name : {"uncompressed", "snappy", "gzip", "zstd", "v2-snappy", "v2-zstd"}) {
    SCOPED_TRACE(name);
    Result<parquet::ParquetFileReader> reader =
        parquet::ParquetFileReader::Open(testing::ReadFile(dir.File(std::string("duckdb-") + name + ".parquet")));
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ASSERT_EQ(reader->column_count(), 7u);
    EXPECT_EQ(reader->metadata().num_rows, static_cast<int64_t>(kDuckRows));
    EXPECT_EQ(reader->metadata().row_groups.size(), 4u);
    std::vector<parquet::ColumnValues> columns;
    for (size_t column_idx = 0; column_idx < 7; ++column_idx) {
      Result<parquet::ColumnValues> values = reader->ReadColumn(column_idx);
      ASSERT_TRUE(values.ok()) << reader->column_schema(column_idx).name << ": " << values.status().ToString();
      ASSERT_EQ(values->present.size(), kDuckRows);
      columns.push_back(std::move(values).value());
    }
    size_t string_idx = 0;
    for (size_t row = 0; row < kDuckRows; ++row) {
      ASSERT_EQ(columns[0].numbers[row], row);
      ASSERT_EQ(static_cast<int64_t>(columns[1].numbers[row]), static_cast<int64_t>(row % 1000) - 500);
      ASSERT_EQ(columns[2].present[row], row % 5 != 0) << row;
      if (row % 5 != 0) {
        ASSERT_EQ(columns[2].bytes[string_idx++], "v" + std::to_string(row % 37)) << row;
      }
      ASSERT_EQ(std::bit_cast<double>(columns[3].numbers[row]), static_cast<double>(row) * 1.25);
      ASSERT_EQ(columns[4].bytes[row], std::string({static_cast<char>(row % 65536 >> 8), static_cast<char>(row % 256)}));
      ASSERT_EQ(columns[5].numbers[row], row % 3 == 0 ? 1u : 0u);
      ASSERT_EQ(std::bit_cast<float>(static_cast<uint32_t>(columns[6].numbers[row])), static_cast<float>(row % 100) / 4);
    }
    EXPECT_EQ(string_idx, columns[2].bytes.size());
    EXPECT_GT(columns[2].dictionary_pages, 0u);  // DuckDB dictionary-encodes the 37 strings
    // Which encodings DuckDB chose for the ids (the version 2.0 files use the delta encoding).
    std::string encodings;  // " column:ENCODING" for each encoding a column's pages use
    for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      for (parquet::Encoding encoding : columns[column_idx].page_encodings) {
        const std::string entry = " " + reader->column_schema(column_idx).name + ":" + std::string(ToString(encoding));
        if (encodings.find(entry) == std::string::npos) encodings += entry;
      }
    }
    std::printf("%s:%s\n", name, encodings.c_str());
    if (std::string_view(name).starts_with("v2")) {
      EXPECT_NE(encodings.find(" id:DELTA_BINARY_PACKED"), std::string::npos);
      EXPECT_NE(encodings.find(" d:BYTE_STREAM_SPLIT"), std::string::npos);
      EXPECT_NE(encodings.find(" b:DELTA_LENGTH_BYTE_ARRAY"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace cdc::format
