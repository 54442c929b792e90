#include "harness/maxwell_fixture.h"

#include <gtest/gtest.h>

#include <map>

#include "harness/process.h"
#include "harness/value_oracle.h"

namespace cdc::harness {
namespace {

const std::string kMaxwellDir = std::string(LAKEFEED_TESTDATA_DIR) + "/maxwell";

TEST(MaxwellFixtureTest, EveryFixtureParses) {
  // Statement and expectation counts, counted from the files with an independent script of the README rules.
  const std::map<std::string, std::pair<size_t, size_t>> expected = {
      {"test_1j", {19, 10}},          {"test_bignum", {4, 1}},        {"test_bit", {14, 8}},
      {"test_blob", {8, 3}},         {"test_case_insensitive", {4, 1}}, {"test_charsets", {3, 1}},
      {"test_column_case", {4, 1}},  {"test_create_like", {4, 1}},   {"test_create_select", {5, 2}},
      {"test_enum", {6, 3}},         {"test_gis", {5, 2}},           {"test_invalid_time", {9, 3}},
      {"test_json", {5, 2}},         {"test_latin1", {4, 1}},        {"test_minimal", {10, 5}},
      {"test_row_query_log_is_on", {8, 6}}, {"test_set", {9, 5}},    {"test_time", {8, 4}},
      {"test_ucs2", {3, 1}},         {"test_zero_created_at", {4, 2}},
  };
  for (const auto& [name, counts] : expected) {
    SCOPED_TRACE(name);
    Result<std::string> text = ReadFile(kMaxwellDir + "/" + name);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    Result<MaxwellFixture> fixture = ParseMaxwellFixture(*text);
    ASSERT_TRUE(fixture.ok()) << fixture.status().ToString();
    EXPECT_EQ(fixture->statements.size(), counts.first);
    EXPECT_EQ(fixture->expectations.size(), counts.second);
    for (const nlohmann::json& expectation : fixture->expectations) {
      EXPECT_TRUE(expectation.contains("database")) << expectation.dump();
      EXPECT_TRUE(expectation.contains("table")) << expectation.dump();
      EXPECT_TRUE(expectation.contains("type")) << expectation.dump();
      EXPECT_TRUE(expectation.contains("data")) << expectation.dump();
    }
  }
}

TEST(MaxwellFixtureTest, ContinuationLinesAndBareKeys) {
  Result<MaxwellFixture> fixture = ParseMaxwellFixture(
      "create table t (i int)\n"
      "\n"
      "insert into t set i = 1;\n"
      "  -> {database:\"db\", table: \"t\", type: \"insert\", data: {\"i\": 1, s_x: \"a: b\"} }\n"
      "-> { \"database\": \"db\", \"table\": \"t\",\n"
      "     \"type\": \"insert\",\n"
      "     \"data\": { \"i\": 2 } }\n");
  ASSERT_TRUE(fixture.ok()) << fixture.status().ToString();
  ASSERT_EQ(fixture->statements.size(), 2u);
  ASSERT_EQ(fixture->expectations.size(), 2u);
  EXPECT_EQ(fixture->expectations[0]["data"]["s_x"], "a: b");
  EXPECT_EQ(fixture->expectations[1]["data"]["i"], 2);
  EXPECT_TRUE(ParseMaxwellFixture("-> {not json\n").status().IsCorruption());
  EXPECT_EQ(QuoteBareJsonKeys("{a: true, \"b\": null, c:[1]}"), "{\"a\": true, \"b\": null, \"c\":[1]}");
}

TEST(MaxwellFixtureTest, GeometryToWkt) {
  std::string bytes;
  // SRID 0; little-endian POINT(3 2).
  ASSERT_TRUE(FromHex("00000000" "01" "01000000" "0000000000000840" "0000000000000040", &bytes));
  EXPECT_EQ(MySqlGeometryToWkt(bytes).value(), "POINT (3 2)");
  // GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 1, 1 2.5)).
  ASSERT_TRUE(FromHex("00000000" "01" "07000000" "02000000"
                      "01" "01000000" "000000000000F03F" "000000000000F03F"
                      "01" "02000000" "02000000" "0000000000000000" "000000000000F03F" "000000000000F03F"
                      "0000000000000440",
                      &bytes));
  EXPECT_EQ(MySqlGeometryToWkt(bytes).value(), "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 1, 1 2.5))");
  EXPECT_TRUE(MySqlGeometryToWkt(bytes.substr(0, bytes.size() - 1)).status().IsCorruption());
  EXPECT_TRUE(MySqlGeometryToWkt("\x00\x00").status().IsCorruption());

  ASSERT_TRUE(DecodeBase64("AAECAw==", &bytes));
  EXPECT_EQ(bytes, std::string("\x00\x01\x02\x03", 4));
  EXPECT_FALSE(DecodeBase64("AAE", &bytes));
  EXPECT_FALSE(DecodeBase64("A=AA", &bytes));
}

}  // namespace
}  // namespace cdc::harness
