#include "lake/layout.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace cdc::lake {
namespace {

// 2022-10-23T14:05:00Z and 2024-02-29T23:59:59.999999Z (a leap day, the last µs of it).
constexpr int64_t kOct23Us = 1'666'533'900'000'000;
constexpr int64_t kLeapDayEndUs = 1'709'251'199'999'999;

TEST(DatePartitioningTest, FolderForEverySequenceAndDelimiter) {
  struct Case {
    const char* sequence;
    const char* delimiter;
    const char* folder;
  };
  const Case cases[] = {
      {"YYYYMMDD", "SLASH", "2022/10/23"},         {"YYYYMMDD", "DASH", "2022-10-23"},
      {"YYYYMMDD", "UNDERSCORE", "2022_10_23"},    {"YYYYMMDD", "NONE", "20221023"},
      {"YYYYMMDDHH", "SLASH", "2022/10/23/14"},    {"YYYYMMDDHH", "DASH", "2022-10-23-14"},
      {"YYYYMMDDHH", "UNDERSCORE", "2022_10_23_14"}, {"YYYYMMDDHH", "NONE", "2022102314"},
      {"YYYYMM", "SLASH", "2022/10"},              {"YYYYMM", "DASH", "2022-10"},
      {"YYYYMM", "UNDERSCORE", "2022_10"},         {"YYYYMM", "NONE", "202210"},
      {"MMYYYYDD", "SLASH", "10/2022/23"},         {"MMYYYYDD", "DASH", "10-2022-23"},
      {"MMYYYYDD", "UNDERSCORE", "10_2022_23"},    {"MMYYYYDD", "NONE", "10202223"},
      {"DDMMYYYY", "SLASH", "23/10/2022"},         {"DDMMYYYY", "DASH", "23-10-2022"},
      {"DDMMYYYY", "UNDERSCORE", "23_10_2022"},    {"DDMMYYYY", "NONE", "23102022"},
  };
  for (const Case& test : cases) {
    Result<DatePartitionSequence> sequence = ParseDatePartitionSequence(test.sequence);
    Result<DatePartitionDelimiter> delimiter = ParseDatePartitionDelimiter(test.delimiter);
    ASSERT_TRUE(sequence.ok() && delimiter.ok()) << test.sequence << " " << test.delimiter;
    EXPECT_EQ(ToString(*sequence), test.sequence);
    EXPECT_EQ(ToString(*delimiter), test.delimiter);
    DatePartitioning partitioning{*sequence, *delimiter};
    EXPECT_EQ(partitioning.Folder(kOct23Us), test.folder) << test.sequence << " " << test.delimiter;
  }
}

TEST(DatePartitioningTest, SettingValuesAreCaseInsensitiveAndCheckedWithTheirName) {
  EXPECT_EQ(ParseDatePartitionSequence("yyyymmddhh").value(), DatePartitionSequence::kYyyyMmDdHh);
  EXPECT_EQ(ParseDatePartitionDelimiter("Dash").value(), DatePartitionDelimiter::kDash);
  Result<DatePartitionSequence> bad_sequence = ParseDatePartitionSequence("YYYY");
  ASSERT_FALSE(bad_sequence.ok());
  EXPECT_TRUE(bad_sequence.status().IsInvalidArgument());
  EXPECT_NE(bad_sequence.status().message().find("DatePartitionSequence"), std::string::npos);
  Result<DatePartitionDelimiter> bad_delimiter = ParseDatePartitionDelimiter("");
  ASSERT_FALSE(bad_delimiter.ok());
  EXPECT_NE(bad_delimiter.status().message().find("DatePartitionDelimiter"), std::string::npos);
}

TEST(DatePartitioningTest, PeriodChangesExactlyWhenTheFolderDoes) {
  for (DatePartitionSequence sequence :
       {DatePartitionSequence::kYyyyMmDd, DatePartitionSequence::kYyyyMmDdHh, DatePartitionSequence::kYyyyMm,
        DatePartitionSequence::kMmYyyyDd, DatePartitionSequence::kDdMmYyyy}) {
    DatePartitioning partitioning{sequence, DatePartitionDelimiter::kSlash};
    // Walk across a leap day, a month end and a year end in 17-minute steps (not a divisor of an hour).
    const int64_t step_us = 17 * 60 * 1'000'000LL;
    int64_t time_us = kLeapDayEndUs - int64_t{40} * 24 * 3600 * 1'000'000;
    for (int step = 0; step < 8000; ++step, time_us += step_us) {
      int64_t next_us = time_us + step_us;
      bool same_folder = partitioning.Folder(time_us) == partitioning.Folder(next_us);
      bool same_period = partitioning.Period(time_us) == partitioning.Period(next_us);
      ASSERT_EQ(same_folder, same_period) << ToString(sequence) << " at " << time_us;
    }
  }
  DatePartitioning days{DatePartitionSequence::kYyyyMmDd, DatePartitionDelimiter::kDash};
  EXPECT_EQ(days.Folder(kLeapDayEndUs), "2024-02-29");
  EXPECT_EQ(days.Folder(kLeapDayEndUs + 1), "2024-03-01");
  EXPECT_EQ(days.Folder(0), "1970-01-01");
  EXPECT_EQ(days.Folder(-1), "1969-12-31");  // floor, not truncation towards zero
}

TEST(CdcStemTest, FormatsUtcMillisecondsAndParsesBack) {
  EXPECT_EQ(FormatCdcStem(1'795'500'902'123).value(), "20261124-061502123");
  EXPECT_EQ(FormatCdcStem(0).value(), "19700101-000000000");
  EXPECT_EQ(FormatCdcStem(kLeapDayEndUs / 1000).value(), "20240229-235959999");
  for (int64_t ms : {int64_t{0}, int64_t{1}, int64_t{999}, int64_t{1'795'500'902'123}, kLeapDayEndUs / 1000,
                     int64_t{253'402'300'799'999}}) {
    Result<std::string> stem = FormatCdcStem(ms);
    ASSERT_TRUE(stem.ok()) << ms;
    EXPECT_EQ(ParseCdcStem(*stem), ms) << *stem;
  }
  EXPECT_TRUE(FormatCdcStem(-1).status().IsInvalidArgument());
  EXPECT_TRUE(FormatCdcStem(253'402'300'800'000).status().IsInvalidArgument());  // year 10000
}

TEST(CdcStemTest, StemsSortAsTheirTimes) {
  int64_t previous_ms = 946'684'799'998;  // 1999-12-31T23:59:59.998Z
  std::string previous = FormatCdcStem(previous_ms).value();
  for (int64_t delta : {1, 1, 1000, 59'000, 3'600'000, 86'400'000, 1}) {
    int64_t ms = previous_ms + delta;
    std::string stem = FormatCdcStem(ms).value();
    EXPECT_LT(previous, stem);
    previous = stem;
    previous_ms = ms;
  }
}

TEST(CdcStemTest, RejectsAnythingButTheExactShape) {
  for (const char* bad : {"", "20261124-06150212", "20261124-0615021234", "20261124_061502123", "2026112a-061502123",
                          "20261324-061502123", "20260230-061502123", "20261124-241502123", "20261124-066002123",
                          "20261124-061560123", "19691231-235959999", "LOAD0000001"}) {
    EXPECT_FALSE(ParseCdcStem(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseCdcStem("20240229-000000000").has_value());
}

TEST(LoadFileNameTest, EightUpperHexDigits) {
  EXPECT_EQ(LoadFileName(1, "csv"), "LOAD00000001.csv");
  EXPECT_EQ(LoadFileName(9, "csv"), "LOAD00000009.csv");
  EXPECT_EQ(LoadFileName(10, "csv"), "LOAD0000000A.csv");
  EXPECT_EQ(LoadFileName(15, "csv.gz"), "LOAD0000000F.csv.gz");
  EXPECT_EQ(LoadFileName(16, "parquet"), "LOAD00000010.parquet");
  EXPECT_EQ(LoadFileName(0xFFFFFFFF, "csv"), "LOADFFFFFFFF.csv");
}

TEST(TableFolderTest, AcceptsNamesAndRejectsWhatBreaksTheLayout) {
  EXPECT_EQ(TableFolder("shop", "orders").value(), "shop/orders");
  EXPECT_EQ(TableFolder("_lakefeed_x", "t").value(), "_lakefeed_x/t");
  for (auto [schema, table] : {std::pair{"", "t"}, std::pair{"s", ""}, std::pair{".", "t"}, std::pair{"s", ".."},
                               std::pair{"a/b", "t"}, std::pair{"s", "t/u"}, std::pair{"_lakefeed", "t"}}) {
    Result<std::string> folder = TableFolder(schema, table);
    EXPECT_TRUE(folder.status().IsInvalidArgument()) << schema << "." << table;
  }
  EXPECT_TRUE(TableFolder("s", std::string_view("t\0u", 3)).status().IsInvalidArgument());
  EXPECT_EQ(*TableFolderOfKey("a/b/2024/01/01/x.csv"), "a/b");
  EXPECT_TRUE(TableFolderOfKey("a/x.csv").status().IsInvalidArgument());
}

TEST(KeysTest, CheckpointKeysSortByNumberAndParseBack) {
  EXPECT_EQ(CheckpointKey(12), "_lakefeed/checkpoints/00000000000000000012.json");
  EXPECT_LT(CheckpointKey(9), CheckpointKey(10));
  EXPECT_EQ(ParseCheckpointKey(CheckpointKey(0)), 0u);
  EXPECT_EQ(ParseCheckpointKey(CheckpointKey(UINT64_MAX)), UINT64_MAX);
  for (const char* bad :
       {"_lakefeed/checkpoints/12.json", "_lakefeed/checkpoints/0000000000000000001x.json",
        "_lakefeed/checkpoints/00000000000000000012.jsn", "_lakefeed/checkpoints/99999999999999999999.json",
        "checkpoints/00000000000000000012.json", "_lakefeed/checkpoints/00000000000000000012.json.tmp"}) {
    EXPECT_FALSE(ParseCheckpointKey(bad).has_value()) << bad;
  }
}

TEST(KeysTest, SchemaRecordKeysSortBySeqThenIndex) {
  EXPECT_EQ(SchemaRecordKey(42, 3), "_lakefeed/schema/00000000000000000042-000003.json");
  EXPECT_LT(SchemaRecordKey(42, 9), SchemaRecordKey(42, 10));
  EXPECT_LT(SchemaRecordKey(42, 999999), SchemaRecordKey(43, 0));
  EXPECT_EQ(ParseSchemaRecordKey(SchemaRecordKey(42, 3)), 42u);
  for (const char* bad : {"_lakefeed/schema/42.json", "_lakefeed/schema/00000000000000000042_000003.json",
                          "_lakefeed/schema/00000000000000000042-00000x.json", "_lakefeed/schema/x"}) {
    EXPECT_FALSE(ParseSchemaRecordKey(bad).has_value()) << bad;
  }
}

TEST(KeysTest, StagingPrefixAndSequencers) {
  EXPECT_EQ(StagingPrefix(7, "abc"), "_lakefeed/staging/00000000000000000007-abc/");
  EXPECT_EQ(EventSequencer(1, 0), "000000000000000100000000");
  EXPECT_LT(EventSequencer(1, 0xFFFFFFFF), EventSequencer(2, 0));
  EXPECT_LT(EventSequencer(0xF, 1), EventSequencer(0x10, 0));
}

TEST(LayoutTest, ReloadRequestKeysEscapeTheTableName) {
  EXPECT_EQ(ReloadRequestKey("shop.orders"), "_lakefeed/requests/reload/shop.orders");
  EXPECT_EQ(ReloadRequestKey("a b/c%.t"), "_lakefeed/requests/reload/a%20b%2Fc%25.t");
  for (const char* table : {"shop.orders", "a b/c%.t", "\xc3\xa9.\x01"}) {
    EXPECT_EQ(ParseReloadRequestKey(ReloadRequestKey(table)), std::optional<std::string>(table)) << table;
  }
  EXPECT_EQ(ParseReloadRequestKey("_lakefeed/requests/reload/"), std::nullopt);
  EXPECT_EQ(ParseReloadRequestKey("_lakefeed/requests/reload/a%2"), std::nullopt);
  EXPECT_EQ(ParseReloadRequestKey("_lakefeed/requests/reload/a%zz"), std::nullopt);
  EXPECT_EQ(ParseReloadRequestKey("_lakefeed/checkpoints/1"), std::nullopt);
}

}  // namespace
}  // namespace cdc::lake
