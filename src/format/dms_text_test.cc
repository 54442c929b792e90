#include "format/dms_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace cdc::format {
namespace {

std::string Timestamp(int64_t micros) {
  std::string out;
  AppendUtcTimestamp(micros, &out);
  return out;
}

TEST(DmsTextTest, UtcTimestamp) {
  EXPECT_EQ(Timestamp(0), "1970-01-01 00:00:00.000000");
  EXPECT_EQ(Timestamp(1), "1970-01-01 00:00:00.000001");
  EXPECT_EQ(Timestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(Timestamp(1709210096789012), "2024-02-29 12:34:56.789012");
  EXPECT_EQ(Timestamp(951782400000000), "2000-02-29 00:00:00.000000");
  EXPECT_EQ(Timestamp(4107542400000000), "2100-03-01 00:00:00.000000");  // 2100 is not a leap year
  EXPECT_EQ(Timestamp(2147483647000000), "2038-01-19 03:14:07.000000");
  EXPECT_EQ(Timestamp(253402300799999999), "9999-12-31 23:59:59.999999");
  EXPECT_EQ(Timestamp(-62167219200000000), "0000-01-01 00:00:00.000000");
  EXPECT_EQ(Timestamp(-62167219200000001), "-0001-12-31 23:59:59.999999");
  (void)Timestamp(INT64_MIN);  // no overflow at the extremes (UBSan)
  (void)Timestamp(INT64_MAX);
}

TEST(DmsTextTest, ChangeSeqIs35Digits) {
  std::string out;
  ASSERT_TRUE(AppendChangeSeq(1709210096789012, 42, &out).ok());
  EXPECT_EQ(out, "20240229123456780000000000000000042");
  EXPECT_EQ(out.size(), 35u);
  out.clear();
  ASSERT_TRUE(AppendChangeSeq(0, 9999999999999999999ull, &out).ok());
  EXPECT_EQ(out, "19700101000000009999999999999999999");
  out.clear();
  EXPECT_TRUE(AppendChangeSeq(0, 10000000000000000000ull, &out).IsInvalidArgument());
  EXPECT_TRUE(AppendChangeSeq(253402300800000000, 1, &out).IsInvalidArgument());  // year 10000
  EXPECT_TRUE(AppendChangeSeq(-62167219200000001, 1, &out).IsInvalidArgument());  // year -1
}

}  // namespace
}  // namespace cdc::format
