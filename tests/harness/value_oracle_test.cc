#include "harness/value_oracle.h"

#include <gtest/gtest.h>

#include "harness/binlog_dump.h"

namespace cdc::harness {
namespace {

ColumnInfo Column(std::string data_type, std::string column_type, std::string charset = "") {
  ColumnInfo column;
  column.name = "c";
  column.data_type = std::move(data_type);
  column.column_type = std::move(column_type);
  column.charset = std::move(charset);
  column.is_unsigned = column.column_type.find("unsigned") != std::string::npos;
  if (column.data_type == "enum" || column.data_type == "set") column.labels = ParseEnumLabels(column.column_type);
  return column;
}

VerboseValue Parse(const std::string& line) {
  Result<VerboseValue> value = ParseVerboseValue(line);
  EXPECT_TRUE(value.ok()) << value.status().ToString();
  return value.ok() ? *value : VerboseValue{};
}

TEST(ValueOracleTest, Conversions) {
  EXPECT_EQ(EpochToUtcText("1650493084"), "2022-04-20 22:18:04");
  EXPECT_EQ(EpochToUtcText("2147483647.999999"), "2038-01-19 03:14:07.999999");
  EXPECT_EQ(EpochToUtcText("0"), "0000-00-00 00:00:00");
  EXPECT_EQ(EpochToUtcText("0.000"), "0000-00-00 00:00:00.000");
  EXPECT_EQ(EpochToUtcText("12x"), std::nullopt);

  EXPECT_EQ(BitsToUnsigned("100", false), 4u);
  EXPECT_EQ(BitsToUnsigned(std::string(64, '1'), false), UINT64_MAX);
  // SET('a',...,'j') = 'a,i': bits 0 and 8, printed byte 0 first.
  EXPECT_EQ(BitsToUnsigned("0000000100000001", true), 0x101u);
  EXPECT_EQ(BitsToUnsigned("0000001000000010", true), 0x202u);
  EXPECT_EQ(BitsToUnsigned(std::string(65, '0'), false), std::nullopt);

  std::string latin1;
  ASSERT_TRUE(Utf8ToLatin1("caf\xc3\xa9 \xe2\x82\xac", &latin1));  // "café €"
  EXPECT_EQ(latin1, "caf\xe9 \x80");
  EXPECT_EQ(Latin1ToUtf8(latin1), "caf\xc3\xa9 \xe2\x82\xac");
  EXPECT_FALSE(Utf8ToLatin1("\xf0\x9f\x98\x80", &latin1));  // an emoji has no latin1 byte

  std::string bytes;
  ASSERT_TRUE(FromHex("00ff1A", &bytes));
  EXPECT_EQ(HexUpper(bytes), "00FF1A");
  EXPECT_FALSE(FromHex("0", &bytes));
  EXPECT_EQ(ExtendedTextToBytes("inet4", "1.2.3.4"), std::string("\x01\x02\x03\x04"));
  EXPECT_EQ(HexUpper(ExtendedTextToBytes("uuid", "00112233-4455-6677-8899-aabbccddeeff").value()),
            "00112233445566778899AABBCCDDEEFF");
  EXPECT_EQ(HexUpper(ExtendedTextToBytes("inet6", "::ffff:1.2.3.4").value()), "00000000000000000000FFFF01020304");
  EXPECT_EQ(ParseEnumLabels("enum('a','b''c','')"), std::vector<std::string>({"a", "b'c", ""}));
}

TEST(ValueOracleTest, VerboseMappingPerType) {
  auto same = [](const ColumnInfo& column, const std::string& line, const Cell& decoded) {
    return CompareWithVerbose(column, decoded, Parse(line), OracleMode{});
  };
  ColumnInfo tiny_unsigned = Column("tinyint", "tinyint(3) unsigned");
  EXPECT_EQ(same(tiny_unsigned, "@1=-1 (255) /* TINYINT meta=0 nullable=1 is_null=0 */", "255"), "");
  EXPECT_NE(same(tiny_unsigned, "@1=-1 (255) /* TINYINT meta=0 nullable=1 is_null=0 */", "-1"), "");
  ColumnInfo tiny = Column("tinyint", "tinyint(4)");
  EXPECT_EQ(same(tiny, "@1=-1 (255) /* TINYINT meta=0 nullable=1 is_null=0 */", "-1"), "");
  EXPECT_EQ(same(tiny, "@1=NULL /* TINYINT meta=0 nullable=1 is_null=1 */", std::nullopt), "");
  EXPECT_NE(same(tiny, "@1=NULL /* TINYINT meta=0 nullable=1 is_null=1 */", "0"), "");

  EXPECT_EQ(same(Column("float", "float"), "@1=3.40282e+38          /* FLOAT meta=4 nullable=1 is_null=0 */",
                 "3.4028235e+38"),
            "");
  EXPECT_EQ(same(Column("double", "double"), "@1=4.9406564584124654418e-324 /* DOUBLE meta=8 nullable=1 is_null=0 */",
                 "5e-324"),
            "");
  EXPECT_EQ(same(Column("bit", "bit(64)"), "@1=b'" + std::string(64, '1') + "' /* BIT(64) meta=2048 nullable=1 is_null=0 */",
                 "18446744073709551615"),
            "");
  EXPECT_EQ(same(Column("year", "year(4)"), "@1=1900 /* YEAR meta=0 nullable=1 is_null=0 */", "0000"), "");
  EXPECT_EQ(same(Column("date", "date"), "@1='2020:00:00' /* DATE meta=0 nullable=1 is_null=0 */", "2020-00-00"), "");
  EXPECT_EQ(same(Column("timestamp", "timestamp(6)"),
                 "@1=2147483647.999999 /* TIMESTAMP(6) meta=6 nullable=1 is_null=0 */", "2038-01-19 03:14:07.999999"),
            "");
  ColumnInfo enumeration = Column("enum", "enum('a','b')", "utf8mb4");
  EXPECT_EQ(same(enumeration, "@1=2 /* ENUM(1 byte) meta=63233 nullable=1 is_null=0 */", "b"), "");
  EXPECT_EQ(same(enumeration, "@1=0 /* ENUM(1 byte) meta=63233 nullable=1 is_null=0 */", ""), "");
  ColumnInfo set = Column("set", "set('a','b','c','d','e','f','g','h','i','j')", "utf8mb4");
  EXPECT_EQ(same(set, "@1=b'0000000100000001' /* SET(2 bytes) meta=63490 nullable=1 is_null=0 */", "a,i"), "");
  EXPECT_EQ(same(set, "@1=b'0000000000000000' /* SET(2 bytes) meta=63490 nullable=1 is_null=0 */", ""), "");

  ColumnInfo latin1 = Column("varchar", "varchar(10)", "latin1");
  EXPECT_EQ(same(latin1, "@1='caf\xe9\\x0a' /* VARSTRING(10) meta=10 nullable=1 is_null=0 */", "caf\xc3\xa9\n"), "");
  EXPECT_NE(same(latin1, "@1='cafe' /* VARSTRING(10) meta=10 nullable=1 is_null=0 */", "caf\xc3\xa9"), "");
  ColumnInfo binary8 = Column("binary", "binary(8)");
  EXPECT_EQ(same(binary8, "@1='\\x01\\x02' /* STRING(8) meta=65032 nullable=1 is_null=0 */", "0102000000000000"), "");
  ColumnInfo uuid = Column("uuid", "uuid");
  EXPECT_EQ(same(uuid, "@1='\\x00\\x11\"3DUfw\x88\x99\xaa\xbb\xcc\xdd\xee\xff' /* STRING(16) meta=65040 nullable=1 is_null=0 */",
                 "00112233-4455-6677-8899-aabbccddeeff"),
            "");
  EXPECT_EQ(CompareWithVerbose(uuid, "00112233445566778899AABBCCDDEEFF",
                               Parse("@1='\\x00\\x11\"3DUfw\x88\x99\xaa\xbb\xcc\xdd\xee\xff' /* STRING(16) meta=65040 "
                                     "nullable=1 is_null=0 */"),
                               OracleMode{ExtendedTypes::kAsBinary, true}),
            "");
}

TEST(ValueOracleTest, SelectComparison) {
  ColumnInfo dbl = Column("double", "double");
  EXPECT_EQ(CompareWithSelect(dbl, "1.7976931348623157e+308", "1.7976931348623157e308", OracleMode{}), "");
  EXPECT_NE(CompareWithSelect(dbl, "1.5", "1.25", OracleMode{}), "");
  ColumnInfo flt = Column("float", "float");
  EXPECT_EQ(CompareWithSelect(flt, "3.4028235e+38", "3.40282e38", OracleMode{}), "");
  ColumnInfo text = Column("varchar", "varchar(3)", "utf8mb4");
  EXPECT_EQ(CompareWithSelect(text, std::nullopt, std::nullopt, OracleMode{}), "");
  EXPECT_NE(CompareWithSelect(text, "", std::nullopt, OracleMode{}), "");  // empty string is not NULL
  ColumnInfo inet4 = Column("inet4", "inet4");
  EXPECT_EQ(CompareWithSelect(inet4, "01020304", "1.2.3.4", OracleMode{ExtendedTypes::kAsBinary, true}), "");
  ColumnInfo set = Column("set", "set('a','b','c')", "utf8mb4");
  EXPECT_EQ(CompareWithSelect(set, "5", "a,c", OracleMode{ExtendedTypes::kAsText, false}), "");
  EXPECT_EQ(CompareWithSelect(set, "a,c", "a,c", OracleMode{}), "");
  ColumnInfo enumeration = Column("enum", "enum('a','b')", "utf8mb4");
  EXPECT_EQ(CompareWithSelect(enumeration, "0", "", OracleMode{ExtendedTypes::kAsText, false}), "");
  EXPECT_EQ(CompareWithSelect(enumeration, "2", "b", OracleMode{ExtendedTypes::kAsText, false}), "");
  EXPECT_EQ(LabelsToNumber(enumeration, "zz"), std::nullopt);
  EXPECT_EQ(NumberToLabels(enumeration, 2, false), "b");
  EXPECT_EQ(NumberToLabels(enumeration, 0, false), "");
  EXPECT_EQ(NumberToLabels(enumeration, 7, false), "7");
  EXPECT_EQ(NumberToLabels(set, 5, false), "a,c");
  EXPECT_EQ(NumberToLabels(set, 9, false), "9");
  EXPECT_EQ(SelectExpression(Column("blob", "blob")), "HEX(`c`)");
  EXPECT_EQ(SelectExpression(Column("bit", "bit(3)")), "CAST(`c` AS UNSIGNED)");
}

TEST(BinlogDumpOutputTest, ParsesRowLinesAndRejectsBadOnes) {
  Result<std::vector<DumpRow>> rows = ParseDumpOutput(
      "# a comment line is skipped\n"
      "{\"event\":\"QUERY\",\"pos\":4}\n"
      "{\"op\":\"I\",\"schema\":\"db\",\"table\":\"t\",\"gtid\":\"0-1-5\",\"file\":\"binlog.000001\",\"pos\":1234,"
      "\"end_log_pos\":1300,\"ts\":1650493084,\"before\":null,\"after\":{\"id\":\"1\",\"name\":\"x\",\"c\":null}}\n"
      "{\"op\":\"D\",\"schema\":\"db\",\"table\":\"t\",\"gtid\":null,\"file\":\"binlog.000001\",\"pos\":1400,"
      "\"end_log_pos\":1500,\"ts\":1650493085,\"before\":{\"@1\":\"1\"},\"after\":null}\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  const DumpRow& insert = (*rows)[0];
  EXPECT_EQ(insert.op, 'I');
  EXPECT_EQ(insert.gtid, "0-1-5");
  EXPECT_EQ(insert.pos, 1234u);
  EXPECT_EQ(insert.end_log_pos, 1300u);
  ASSERT_EQ(insert.after.size(), 3u);
  EXPECT_EQ(insert.after[1].first, "name");
  EXPECT_EQ(insert.after[2].second, std::nullopt);
  EXPECT_EQ(*DumpRow::Find(insert.after, "id"), Cell("1"));
  EXPECT_EQ((*rows)[1].gtid, "");

  EXPECT_TRUE(ParseDumpOutput("{\"op\":\"I\",\"schema\":\"d\"\n").status().IsCorruption());
  EXPECT_TRUE(ParseDumpOutput("{\"op\":\"I\",\"schema\":\"d\",\"table\":\"t\",\"gtid\":\"\",\"file\":\"f\",\"pos\":1,"
                              "\"end_log_pos\":2,\"ts\":3,\"before\":null,\"after\":{\"a\":1}}")
                  .status()
                  .IsCorruption());  // a number where a string must be
  EXPECT_TRUE(ParseDumpOutput("{\"op\":\"U\",\"schema\":\"d\",\"table\":\"t\",\"gtid\":\"\",\"file\":\"f\",\"pos\":1,"
                              "\"end_log_pos\":2,\"ts\":3,\"before\":null,\"after\":{\"a\":\"1\"}}")
                  .status()
                  .IsCorruption());  // an update needs a before-image
}

}  // namespace
}  // namespace cdc::harness
