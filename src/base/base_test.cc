#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/backoff.h"
#include "base/byte_reader.h"
#include "base/crc32.h"
#include "base/result.h"
#include "base/status.h"

namespace cdc {
namespace {

TEST(StatusTest, CodesAndContext) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = Status::Corruption("rows event", "truncated");
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.ToString(), "Corruption: rows event: truncated");
  EXPECT_EQ(s.WithContext("binlog.000001@120").message(), "binlog.000001@120: rows event: truncated");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

Result<int> Half(int v) {
  if (v % 2) return Status::InvalidArgument("odd");
  return v / 2;
}

Status Quarter(int v, int* out) {
  CDC_ASSIGN_OR_RETURN(int half, Half(v));
  CDC_ASSIGN_OR_RETURN(*out, Half(half));
  return Status::OK();
}

TEST(ResultTest, ValueOrStatus) {
  EXPECT_EQ(*Half(8), 4);
  EXPECT_TRUE(Half(3).status().IsInvalidArgument());
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_TRUE(Quarter(6, &out).IsInvalidArgument());
}

TEST(ByteReaderTest, LittleEndianAndBounds) {
  const uint8_t bytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};
  ByteReader in(bytes);
  uint16_t u16;
  uint32_t u24;
  uint64_t u64;
  ASSERT_TRUE(in.ReadU16(&u16));
  EXPECT_EQ(u16, 0x0201);
  ASSERT_TRUE(in.ReadU24(&u24));
  EXPECT_EQ(u24, 0x050403u);
  EXPECT_FALSE(in.ReadU64(&u64));  // 4 bytes left: fails and does not move
  EXPECT_EQ(in.remaining(), 4u);
  ASSERT_TRUE(in.ReadUIntBE(2, &u64));
  EXPECT_EQ(u64, 0x0607u);
  EXPECT_EQ(in.position(), 7u);
}

TEST(ByteReaderTest, PackedIntegers) {
  const uint8_t small[] = {0xfa};
  const uint8_t two[] = {0xfc, 0x34, 0x12};
  const uint8_t eight[] = {0xfe, 1, 0, 0, 0, 0, 0, 0, 0x80};
  const uint8_t truncated[] = {0xfd, 1, 2};
  const uint8_t null_marker[] = {0xfb};
  uint64_t v;
  ByteReader a(small), b(two), c(eight), d(truncated), e(null_marker);
  ASSERT_TRUE(a.ReadPackedInt(&v));
  EXPECT_EQ(v, 0xfau);
  ASSERT_TRUE(b.ReadPackedInt(&v));
  EXPECT_EQ(v, 0x1234u);
  ASSERT_TRUE(c.ReadPackedInt(&v));
  EXPECT_EQ(v, 0x8000000000000001u);
  EXPECT_FALSE(d.ReadPackedInt(&v));
  EXPECT_EQ(d.remaining(), 3u);
  EXPECT_FALSE(e.ReadPackedInt(&v));
}

TEST(Crc32Test, KnownVectors) {
  EXPECT_EQ(Crc32(AsBytes("")), 0u);
  EXPECT_EQ(Crc32(AsBytes("123456789")), 0xCBF43926u);
  std::string long_text(1000, 'a');
  // Chained computation equals one pass.
  uint32_t chained = Crc32(AsBytes(std::string_view(long_text).substr(0, 333)));
  chained = Crc32(AsBytes(std::string_view(long_text).substr(333)), chained);
  EXPECT_EQ(chained, Crc32(AsBytes(long_text)));
}

TEST(Crc32Test, AcceleratedPathEqualsTablePath) {
  std::vector<uint8_t> data(4096 + 63);
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  for (uint8_t& byte : data) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    byte = static_cast<uint8_t>(seed >> 56);
  }
  // Every length around the 16- and 64-byte fold boundaries, every alignment, and chaining.
  for (size_t length = 0; length <= 600; ++length) {
    for (size_t start : {size_t{0}, size_t{1}, size_t{7}}) {
      ByteView piece(data.data() + start, length);
      ASSERT_EQ(Crc32(piece), Crc32Portable(piece)) << "length " << length << " start " << start;
      ASSERT_EQ(Crc32(piece, 0x12345678u), Crc32Portable(piece, 0x12345678u)) << "length " << length;
    }
  }
  EXPECT_EQ(Crc32(data), Crc32Portable(data));
}

}  // namespace
}  // namespace cdc

TEST(BackoffTest, DoublesWithJitterUpToTheCapAndResets) {
  cdc::Backoff backoff(100, 1000, /*seed=*/42);
  uint32_t caps[] = {100, 200, 400, 800, 1000, 1000};
  for (uint32_t cap : caps) {
    uint32_t delay = backoff.NextDelayMs();
    EXPECT_GE(delay, cap / 2);
    EXPECT_LE(delay, cap);
  }
  EXPECT_EQ(backoff.attempts(), 6u);
  backoff.Reset();
  EXPECT_LE(backoff.NextDelayMs(), 100u);
  // Many attempts never overflow the shift.
  for (int i = 0; i < 100; ++i) EXPECT_LE(backoff.NextDelayMs(), 1000u);
}
