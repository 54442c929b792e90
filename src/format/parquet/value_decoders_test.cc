#include "format/parquet/value_decoders.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "format/parquet/parquet_test_util.h"

namespace cdc::format::parquet {
namespace {

using testing::Bytes;

// Encodings.md, DELTA_BINARY_PACKED example 1: 1, 2, 3, 4, 5 -- header: block size 8, 1 miniblock,
// 5 values, first value 1 (zigzag 2); one block: min delta 1 (zigzag 2), bit width 0, no data.
TEST(ValueDecodersTest, DeltaBinaryPackedSpecExample1) {
  const std::string in = Bytes({0x08, 0x01, 0x05, 0x02, 0x02, 0x00});
  std::vector<uint64_t> values;
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked(in, 5, &values, &consumed).ok());
  EXPECT_EQ(values, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, in.size());
}

// Example 2: 7, 5, 3, 1, 2, 3, 4, 5 -- deltas -2 -2 -2 1 1 1 1, min delta -2 (zigzag 3), relative
// 0 0 0 3 3 3 3 (+ padding 0) in 2 bits each, least significant first: 0xc0 0x3f.
TEST(ValueDecodersTest, DeltaBinaryPackedSpecExample2AndTruncation) {
  const std::string in = Bytes({0x08, 0x01, 0x08, 0x0e, 0x03, 0x02, 0xc0, 0x3f});
  std::vector<uint64_t> values;
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaBinaryPacked(in, 8, &values, &consumed).ok());
  EXPECT_EQ(values, (std::vector<uint64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  for (size_t cut = 0; cut < in.size(); ++cut) {
    values.clear();
    EXPECT_TRUE(DecodeDeltaBinaryPacked(in.substr(0, cut), 8, &values, &consumed).IsCorruption()) << cut;
  }
  EXPECT_TRUE(DecodeDeltaBinaryPacked(in, 7, &values, &consumed).IsCorruption());  // more than expected
}

// Encodings.md, DELTA_LENGTH_BYTE_ARRAY: "Hello", "World", "Foobar", "ABCDEF" -- lengths 5 5 6 6
// (first 5 = zigzag 10; deltas 0 1 0, min 0, 1 bit each: 0b010), then the bytes back to back.
TEST(ValueDecodersTest, DeltaLengthByteArraySpecExample) {
  const std::string in = Bytes({0x08, 0x01, 0x04, 0x0a, 0x00, 0x01, 0x02}) + "HelloWorldFoobarABCDEF";
  std::vector<std::string> values;
  ASSERT_TRUE(DecodeDeltaLengthByteArray(in, 4, &values).ok());
  EXPECT_EQ(values, (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  values.clear();
  EXPECT_TRUE(DecodeDeltaLengthByteArray(in.substr(0, in.size() - 1), 4, &values).IsCorruption());
}

// Encodings.md, DELTA_BYTE_ARRAY: "axis", "axle", "babble", "babyhood" -- prefix lengths 0 2 0 3,
// suffixes "axis", "le", "babble", "yhood".
TEST(ValueDecodersTest, DeltaByteArraySpecExample) {
  // Prefixes: first 0; deltas 2 -2 3, min -2 (zigzag 3), relative 4 0 5 in 3 bits: 100 000 101 -> 0x44 0x01 0x00.
  const std::string prefixes = Bytes({0x08, 0x01, 0x04, 0x00, 0x03, 0x03, 0x44, 0x01, 0x00});
  // Suffix lengths 4 2 6 5: first 4 (zigzag 8); deltas -2 4 -1, min -2, relative 0 6 1 in 3 bits:
  // 000 110 001 -> 0x70 0x00 0x00.
  const std::string suffixes = Bytes({0x08, 0x01, 0x04, 0x08, 0x03, 0x03, 0x70, 0x00, 0x00}) + "axislebabbleyhood";
  std::vector<std::string> values;
  ASSERT_TRUE(DecodeDeltaByteArray(prefixes + suffixes, 4, &values).ok());
  EXPECT_EQ(values, (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
}

TEST(ValueDecodersTest, ByteStreamSplit) {
  // Two 4-byte values 0x04030201 and 0x08070605: stream k holds byte k of each value.
  const std::string in = Bytes({0x01, 0x05, 0x02, 0x06, 0x03, 0x07, 0x04, 0x08});
  std::string out;
  ASSERT_TRUE(DecodeByteStreamSplit(in, 2, 4, &out).ok());
  EXPECT_EQ(out, Bytes({0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08}));
  EXPECT_TRUE(DecodeByteStreamSplit(in, 3, 4, &out).IsCorruption());
}

}  // namespace
}  // namespace cdc::format::parquet
