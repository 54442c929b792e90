#include "format/parquet/rle.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "format/parquet/parquet_test_util.h"

namespace cdc::format::parquet {
namespace {

using testing::Bytes;

TEST(RleHybridTest, SpecBitPackingExample) {
  // Encodings.md, bit-packing with bit width 3: the values 0..7 pack into 0x88 0xC6 0xFA
  // (10001000 11000110 11111010), preceded by the header of one group: (1 << 1) | 1 = 0x03.
  const std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string out;
  AppendRleHybrid(values, 3, &out);
  EXPECT_EQ(out, Bytes({0x03, 0x88, 0xc6, 0xfa}));
  std::vector<uint32_t> decoded;
  ASSERT_TRUE(DecodeRleHybrid(out, 3, values.size(), &decoded).ok());
  EXPECT_EQ(decoded, values);
}

TEST(RleHybridTest, RunsBecomeRleRuns) {
  // 100 ones with bit width 1: header 100 << 1 = 200 = 0xc8 0x01, value 1 in one byte.
  const std::vector<uint32_t> values(100, 1);
  std::string out;
  AppendRleHybrid(values, 1, &out);
  EXPECT_EQ(out, Bytes({0xc8, 0x01, 0x01}));
  // Width 9 takes two value bytes: 8 x 300 -> header 0x10, 0x2c 0x01.
  out.clear();
  AppendRleHybrid(std::vector<uint32_t>(8, 300), 9, &out);
  EXPECT_EQ(out, Bytes({0x10, 0x2c, 0x01}));
}

TEST(RleHybridTest, MixedShortTailIsPadded) {
  // 1,0,1 then ten 0s: no group of 8 starts a run of 8, so all 13 values are one bit-packed run
  // of two groups (header 2 << 1 | 1 = 0x05): 1,0,1,0,0,0,0,0 = 0x05, then five zeros and three
  // zeros of padding = 0x00.
  std::vector<uint32_t> values = {1, 0, 1};
  values.insert(values.end(), 10, 0);
  std::string out;
  AppendRleHybrid(values, 1, &out);
  EXPECT_EQ(out, Bytes({0x05, 0x05, 0x00}));
  std::vector<uint32_t> decoded;
  ASSERT_TRUE(DecodeRleHybrid(out, 1, values.size(), &decoded).ok());
  EXPECT_EQ(decoded, values);
}

TEST(RleHybridTest, RandomRoundTripsAndTruncation) {
  std::mt19937 rng(7);
  for (int width : {1, 2, 5, 8, 13, 20, 32}) {
    std::vector<uint32_t> values;
    const uint64_t limit = width == 32 ? 0xffffffffull : (uint64_t{1} << width) - 1;
    for (int block = 0; block < 50; ++block) {
      const auto value = static_cast<uint32_t>(rng() % (limit + 1));
      const size_t repeat = rng() % 3 == 0 ? rng() % 40 : 1;
      values.insert(values.end(), repeat, value);
    }
    std::string out;
    AppendRleHybrid(values, width, &out);
    std::vector<uint32_t> decoded;
    ASSERT_TRUE(DecodeRleHybrid(out, width, values.size(), &decoded).ok()) << width;
    EXPECT_EQ(decoded, values) << width;
    EXPECT_TRUE(DecodeRleHybrid(out.substr(0, out.size() - 1), width, values.size(), &decoded).IsCorruption());
  }
}

TEST(RleHybridTest, BitWidth) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(7), 3);
  EXPECT_EQ(BitWidth(8), 4);
  EXPECT_EQ(BitWidth(UINT32_MAX), 32);
}

}  // namespace
}  // namespace cdc::format::parquet
