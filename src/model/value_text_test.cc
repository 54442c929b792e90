#include "model/value_text.h"

#include <gtest/gtest.h>

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace cdc::model {
namespace {

ColumnSchema Column(ValueKind kind, FieldType type = FieldType::kNull, uint16_t meta = 0) {
  ColumnSchema column;
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

std::string SlotText(const ColumnSchema& schema, uint64_t slot) {
  ColumnVector column;
  column.AppendSlot(slot);
  std::string out;
  AppendValueText(schema, column, 0, &out);
  return out;
}

std::string BytesText(const ColumnSchema& schema, std::string_view bytes) {
  ColumnVector column;
  column.AppendBytes(bytes);
  std::string out;
  AppendValueText(schema, column, 0, &out);
  return out;
}

std::string FloatText(float value) {
  return SlotText(Column(ValueKind::kFloat, FieldType::kFloat, 4), std::bit_cast<uint32_t>(value));
}
std::string DoubleText(double value) {
  return SlotText(Column(ValueKind::kDouble, FieldType::kDouble, 8), std::bit_cast<uint64_t>(value));
}

TEST(ValueTextTest, Integers) {
  ColumnSchema int64 = Column(ValueKind::kInt64, FieldType::kLongLong);
  EXPECT_EQ(SlotText(int64, 0), "0");
  EXPECT_EQ(SlotText(int64, static_cast<uint64_t>(int64_t{-1})), "-1");
  EXPECT_EQ(SlotText(int64, static_cast<uint64_t>(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(SlotText(int64, static_cast<uint64_t>(INT64_MAX)), "9223372036854775807");
  EXPECT_EQ(SlotText(int64, static_cast<uint64_t>(int64_t{-128})), "-128");
  ColumnSchema uint64 = Column(ValueKind::kUInt64, FieldType::kLongLong);
  EXPECT_EQ(SlotText(uint64, UINT64_MAX), "18446744073709551615");
  EXPECT_EQ(SlotText(uint64, 4294967295u), "4294967295");
}

TEST(ValueTextTest, DoubleUsesShortestDigitsInSelectLayout) {
  // Expected strings are what MariaDB 10.11 prints for a DOUBLE column holding the value.
  EXPECT_EQ(DoubleText(1.5), "1.5");
  EXPECT_EQ(DoubleText(0.1), "0.1");
  EXPECT_EQ(DoubleText(1.2345678), "1.2345678");
  EXPECT_EQ(DoubleText(16777217), "16777217");
  EXPECT_EQ(DoubleText(100), "100");
  EXPECT_EQ(DoubleText(1e14), "100000000000000");
  EXPECT_EQ(DoubleText(1e15), "1e15");
  EXPECT_EQ(DoubleText(1e20), "1e20");
  EXPECT_EQ(DoubleText(-1e20), "-1e20");
  EXPECT_EQ(DoubleText(1e-15), "0.000000000000001");
  EXPECT_EQ(DoubleText(1e-16), "1e-16");
  EXPECT_EQ(DoubleText(0.00001), "0.00001");
  EXPECT_EQ(DoubleText(2.5e-5), "0.000025");
  EXPECT_EQ(DoubleText(1.5e-7), "0.00000015");
  EXPECT_EQ(DoubleText(1234567890123456.0), "1.234567890123456e15");
  EXPECT_EQ(DoubleText(1234567890123456.7), "1234567890123456.8");
  EXPECT_EQ(DoubleText(DBL_MAX), "1.7976931348623157e308");
  EXPECT_EQ(DoubleText(-DBL_MAX), "-1.7976931348623157e308");
  EXPECT_EQ(DoubleText(4.9e-324), "5e-324");
  EXPECT_EQ(DoubleText(0.0), "0");
  // Our choices where SELECT cannot show the value (docs/value-text.md).
  EXPECT_EQ(DoubleText(-0.0), "-0");
  EXPECT_EQ(DoubleText(std::numeric_limits<double>::infinity()), "inf");
  EXPECT_EQ(DoubleText(-std::numeric_limits<double>::infinity()), "-inf");
  EXPECT_EQ(DoubleText(std::numeric_limits<double>::quiet_NaN()), "nan");
}

TEST(ValueTextTest, FloatUsesShortestFloatDigits) {
  EXPECT_EQ(FloatText(1.5f), "1.5");
  EXPECT_EQ(FloatText(0.1f), "0.1");  // not 0.10000000149011612
  EXPECT_EQ(FloatText(123456.0f), "123456");
  EXPECT_EQ(FloatText(3.4e38f), "3.4e38");
  EXPECT_EQ(FloatText(-3.4e38f), "-3.4e38");
  EXPECT_EQ(FloatText(1e15f), "1e15");
  EXPECT_EQ(FloatText(1e-3f), "0.001");
  EXPECT_EQ(FloatText(-0.0f), "-0");
  // Lossless where SELECT rounds to 6 digits (it shows 1.23457, 16777200, 1.4013e-45).
  EXPECT_EQ(FloatText(1.2345678f), "1.2345678");
  EXPECT_EQ(FloatText(16777217.0f), "16777216");
  EXPECT_EQ(FloatText(1e-45f), "1e-45");
}

TEST(ValueTextTest, FloatingTextReadsBackToTheSameBits) {
  std::mt19937_64 random(42);
  for (int round = 0; round < 20000; ++round) {
    uint64_t bits = random();
    double value = std::bit_cast<double>(bits);
    if (!std::isfinite(value)) continue;
    std::string text = DoubleText(value);
    EXPECT_EQ(std::bit_cast<uint64_t>(std::strtod(text.c_str(), nullptr)), bits) << text;
    float single = std::bit_cast<float>(static_cast<uint32_t>(bits));
    if (!std::isfinite(single)) continue;
    std::string float_text = FloatText(single);
    EXPECT_EQ(std::bit_cast<uint32_t>(std::strtof(float_text.c_str(), nullptr)), static_cast<uint32_t>(bits))
        << float_text;
  }
}

TEST(ValueTextTest, DecimalJsonAndStringsVerbatim) {
  EXPECT_EQ(BytesText(Column(ValueKind::kDecimal, FieldType::kNewDecimal), "-12.50"), "-12.50");
  EXPECT_EQ(
      BytesText(Column(ValueKind::kDecimal, FieldType::kNewDecimal), "0.000000000000000000000000000001"),
      "0.000000000000000000000000000001");
  EXPECT_EQ(BytesText(Column(ValueKind::kJson, FieldType::kJson), R"({"a": [1, 2.5, "x"]})"),
            R"({"a": [1, 2.5, "x"]})");
  ColumnSchema text = Column(ValueKind::kString, FieldType::kVarchar);
  EXPECT_EQ(BytesText(text, "h\xC3\xA9llo, \"w\"\n\xF0\x9F\x98\x80"),
            "h\xC3\xA9llo, \"w\"\n\xF0\x9F\x98\x80");
  EXPECT_EQ(BytesText(text, ""), "");
}

TEST(ValueTextTest, YearAndDate) {
  ColumnSchema year = Column(ValueKind::kYear, FieldType::kYear);
  EXPECT_EQ(SlotText(year, 0), "0000");
  EXPECT_EQ(SlotText(year, 1901), "1901");
  EXPECT_EQ(SlotText(year, 2155), "2155");
  ColumnSchema date = Column(ValueKind::kDate, FieldType::kNewDate);
  EXPECT_EQ(SlotText(date, PackedDate{2024, 2, 29}.Pack()), "2024-02-29");
  EXPECT_EQ(SlotText(date, PackedDate{0, 0, 0}.Pack()), "0000-00-00");
  EXPECT_EQ(SlotText(date, PackedDate{2020, 0, 0}.Pack()), "2020-00-00");
  EXPECT_EQ(SlotText(date, PackedDate{2020, 5, 0}.Pack()), "2020-05-00");
  EXPECT_EQ(SlotText(date, PackedDate{1, 1, 1}.Pack()), "0001-01-01");
  EXPECT_EQ(SlotText(date, PackedDate{9999, 12, 31}.Pack()), "9999-12-31");
}

TEST(ValueTextTest, TimeWithEveryFsp) {
  const uint64_t value = PackedTime{false, 12, 34, 56, 123456}.Pack();
  const char* expected[] = {"12:34:56",      "12:34:56.1",     "12:34:56.12",    "12:34:56.123",
                            "12:34:56.1234", "12:34:56.12345", "12:34:56.123456"};
  for (uint16_t fsp = 0; fsp <= 6; ++fsp) {
    EXPECT_EQ(SlotText(Column(ValueKind::kTime, FieldType::kTime2, fsp), value), expected[fsp]) << fsp;
  }
  ColumnSchema time3 = Column(ValueKind::kTime, FieldType::kTime2, 3);
  EXPECT_EQ(SlotText(time3, PackedTime{false, 0, 0, 0, 5000}.Pack()), "00:00:00.005");
  ColumnSchema time0 = Column(ValueKind::kTime, FieldType::kTime2, 0);
  EXPECT_EQ(SlotText(time0, PackedTime{true, 838, 59, 59, 0}.Pack()), "-838:59:59");
  EXPECT_EQ(SlotText(time0, PackedTime{false, 838, 59, 59, 0}.Pack()), "838:59:59");
  EXPECT_EQ(SlotText(time0, PackedTime{false, 100, 0, 0, 0}.Pack()), "100:00:00");
  EXPECT_EQ(SlotText(time0, PackedTime{false, 25, 1, 2, 0}.Pack()), "25:01:02");
  EXPECT_EQ(SlotText(time0, PackedTime{true, 1, 2, 3, 0}.Pack()), "-01:02:03");
  EXPECT_EQ(SlotText(time0, PackedTime{false, 0, 0, 0, 0}.Pack()), "00:00:00");
  ColumnSchema time6 = Column(ValueKind::kTime, FieldType::kTime2, 6);
  EXPECT_EQ(SlotText(time6, PackedTime{true, 0, 0, 0, 500000}.Pack()), "-00:00:00.500000");
  EXPECT_EQ(SlotText(time6, PackedTime{true, 838, 59, 59, 999999}.Pack()), "-838:59:59.999999");
  // The pre-5.6 TIME has no fraction, whatever its metadata.
  EXPECT_EQ(SlotText(Column(ValueKind::kTime, FieldType::kTime, 0), PackedTime{false, 1, 2, 3, 0}.Pack()),
            "01:02:03");
}

TEST(ValueTextTest, DateTime) {
  ColumnSchema dt0 = Column(ValueKind::kDateTime, FieldType::kDateTime2, 0);
  ColumnSchema dt6 = Column(ValueKind::kDateTime, FieldType::kDateTime2, 6);
  ColumnSchema dt2 = Column(ValueKind::kDateTime, FieldType::kDateTime2, 2);
  EXPECT_EQ(SlotText(dt0, PackedDateTime{}.Pack()), "0000-00-00 00:00:00");
  EXPECT_EQ(SlotText(dt6, PackedDateTime{}.Pack()), "0000-00-00 00:00:00.000000");
  EXPECT_EQ(SlotText(dt6, PackedDateTime{{9999, 12, 31}, 23, 59, 59, 999999}.Pack()),
            "9999-12-31 23:59:59.999999");
  EXPECT_EQ(SlotText(dt2, PackedDateTime{{2024, 1, 2}, 3, 4, 5, 60000}.Pack()), "2024-01-02 03:04:05.06");
  EXPECT_EQ(SlotText(dt0, PackedDateTime{{2020, 0, 0}, 0, 0, 0, 0}.Pack()), "2020-00-00 00:00:00");
  EXPECT_EQ(SlotText(Column(ValueKind::kDateTime, FieldType::kDateTime, 0),
                     PackedDateTime{{1999, 12, 31}, 23, 59, 59, 0}.Pack()),
            "1999-12-31 23:59:59");
}

TEST(ValueTextTest, TimestampInUtc) {
  ColumnSchema ts0 = Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 0);
  ColumnSchema ts3 = Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 3);
  ColumnSchema ts6 = Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 6);
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{0, 0}.Pack()), "0000-00-00 00:00:00");
  EXPECT_EQ(SlotText(ts6, PackedTimestamp{0, 0}.Pack()), "0000-00-00 00:00:00.000000");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{1, 0}.Pack()), "1970-01-01 00:00:01");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{951782400, 0}.Pack()), "2000-02-29 00:00:00");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{951868799, 0}.Pack()), "2000-02-29 23:59:59");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{1709251199, 0}.Pack()), "2024-02-29 23:59:59");
  EXPECT_EQ(SlotText(ts6, PackedTimestamp{2147483647, 999999}.Pack()), "2038-01-19 03:14:07.999999");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{2147483648u, 0}.Pack()), "2038-01-19 03:14:08");
  EXPECT_EQ(SlotText(ts0, PackedTimestamp{4294967295u, 0}.Pack()), "2106-02-07 06:28:15");
  EXPECT_EQ(SlotText(ts3, PackedTimestamp{1700000000, 123000}.Pack()), "2023-11-14 22:13:20.123");
  EXPECT_EQ(
      SlotText(Column(ValueKind::kTimestamp, FieldType::kTimestamp, 0), PackedTimestamp{86400, 0}.Pack()),
      "1970-01-02 00:00:00");
}

TEST(ValueTextTest, TimestampMatchesTheCalendarEveryDay) {
  // Walk the calendar day by day from 1970 to 2106 and compare with the conversion.
  int year = 1970, month = 1, day = 1;
  auto days_in_month = [](int y, int m) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : kDays[m - 1];
  };
  ColumnSchema ts = Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 0);
  for (uint64_t days = 1; days * 86400 < 4294967296u; ++days) {
    if (++day > days_in_month(year, month)) {
      day = 1;
      if (++month > 12) {
        month = 1;
        ++year;
      }
    }
    char expected[64];
    std::snprintf(expected, sizeof(expected), "%04d-%02d-%02d 00:00:00", year, month, day);
    ASSERT_EQ(SlotText(ts, PackedTimestamp{static_cast<uint32_t>(days * 86400), 0}.Pack()), expected) << days;
  }
}

TEST(ValueTextTest, BitEnumAndSet) {
  ColumnSchema bit = Column(ValueKind::kBit, FieldType::kBit);
  EXPECT_EQ(SlotText(bit, 0), "0");
  EXPECT_EQ(SlotText(bit, 5), "5");
  EXPECT_EQ(SlotText(bit, UINT64_MAX), "18446744073709551615");

  ColumnSchema enumeration = Column(ValueKind::kEnum, FieldType::kEnum);
  enumeration.labels = {"small", "medium", "x,y"};
  EXPECT_EQ(SlotText(enumeration, 0), "");
  EXPECT_EQ(SlotText(enumeration, 1), "small");
  EXPECT_EQ(SlotText(enumeration, 3), "x,y");
  EXPECT_EQ(SlotText(enumeration, 4), "4");  // out of range: the index
  enumeration.labels.clear();
  EXPECT_EQ(SlotText(enumeration, 2), "2");  // labels unknown: the index
  EXPECT_EQ(SlotText(enumeration, 0), "0");  // ... including the empty value, which is then not ambiguous

  ColumnSchema set = Column(ValueKind::kSet, FieldType::kSet);
  set.labels = {"a", "b", "c"};
  EXPECT_EQ(SlotText(set, 0), "");
  EXPECT_EQ(SlotText(set, 5), "a,c");
  EXPECT_EQ(SlotText(set, 7), "a,b,c");
  EXPECT_EQ(SlotText(set, 8), "8");  // a bit with no label: the bitmask
  set.labels.clear();
  EXPECT_EQ(SlotText(set, 5), "5");
  EXPECT_EQ(SlotText(set, 0), "0");
  for (int label_idx = 0; label_idx < 64; ++label_idx) set.labels.push_back("L" + std::to_string(label_idx));
  std::string all = SlotText(set, UINT64_MAX);
  EXPECT_EQ(all.substr(0, 9), "L0,L1,L2,");
  EXPECT_EQ(all.substr(all.size() - 8), ",L62,L63");
  EXPECT_EQ(SlotText(set, uint64_t{1} << 63), "L63");
}

TEST(ValueTextTest, BinaryAndGeometryAsUppercaseHex) {
  EXPECT_EQ(BytesText(Column(ValueKind::kBinary, FieldType::kBlob), std::string_view("\x00\xFF\xAB\x10", 4)),
            "00FFAB10");
  EXPECT_EQ(BytesText(Column(ValueKind::kBinary, FieldType::kString), ""), "");
  // SRID 4326 (LE) + WKB POINT(1 2), as SELECT HEX(g) shows.
  const std::string_view point(
      "\xE6\x10\x00\x00"
      "\x01\x01\x00\x00\x00"
      "\x00\x00\x00\x00\x00\x00\xF0\x3F"
      "\x00\x00\x00\x00\x00\x00\x00\x40",
      25);
  EXPECT_EQ(BytesText(Column(ValueKind::kGeometry, FieldType::kGeometry), point),
            "E61000000101000000000000000000F03F0000000000000040");
}

TEST(ValueTextTest, UuidAndInet4) {
  ColumnSchema uuid = Column(ValueKind::kUuid, FieldType::kString);
  EXPECT_EQ(BytesText(uuid, std::string_view(
                                "\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xAA\xBB\xCC\xDD\xEE\xFF", 16)),
            "00112233-4455-6677-8899-aabbccddeeff");
  EXPECT_EQ(BytesText(uuid, std::string(16, '\0')), "00000000-0000-0000-0000-000000000000");
  ColumnSchema inet4 = Column(ValueKind::kInet4, FieldType::kString);
  EXPECT_EQ(SlotText(inet4, 0x7F000001), "127.0.0.1");
  EXPECT_EQ(SlotText(inet4, 0), "0.0.0.0");
  EXPECT_EQ(SlotText(inet4, 0xFFFFFFFF), "255.255.255.255");
  EXPECT_EQ(SlotText(inet4, 0x0A00FF01), "10.0.255.1");
}

TEST(ValueTextTest, Inet6AsMariaDbPrintsIt) {
  // Input groups -> what MariaDB 10.11 prints for CAST(<input> AS INET6).
  struct Case {
    uint16_t groups[8];
    std::string_view text;
  };
  const Case cases[] = {
      {{0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304}, "::ffff:1.2.3.4"},
      {{0, 0, 0, 0, 0, 0, 0x0102, 0x0304}, "::1.2.3.4"},
      {{0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
      {{0, 0, 0, 0, 0, 0, 1, 0}, "::0.1.0.0"},
      {{0, 0, 0, 0, 0, 0, 0, 0}, "::"},
      {{1, 0, 0, 0, 0, 0, 0, 0}, "1::"},
      {{1, 0, 0, 1, 0, 0, 0, 1}, "1:0:0:1::1"},
      {{1, 0, 0, 1, 1, 0, 0, 1}, "1::1:1:0:0:1"},
      {{1, 0, 1, 1, 1, 1, 1, 1}, "1::1:1:1:1:1:1"},
      {{0, 0, 1, 0, 0, 0, 0, 0}, "0:0:1::"},
      {{0xfe80, 0, 0, 0, 1, 0, 0, 0}, "fe80::1:0:0:0"},
      {{0xabcd, 0xef01, 0, 0, 0, 0xffff, 0x0102, 0x0304}, "abcd:ef01::ffff:102:304"},
      {{0, 0, 0, 0, 0xffff, 0, 0x0102, 0x0304}, "::ffff:0:102:304"},
      {{0, 0, 0, 0, 0, 0xffff, 0, 0}, "::ffff:0.0.0.0"},
      {{0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304}, "::fffe:102:304"},
      {{1, 2, 3, 4, 5, 6, 7, 8}, "1:2:3:4:5:6:7:8"},
      {{1, 2, 3, 4, 5, 6, 7, 0}, "1:2:3:4:5:6:7::"},
      {{0, 1, 2, 3, 4, 5, 6, 7}, "::1:2:3:4:5:6:7"},
      {{1, 0, 2, 0, 3, 0, 4, 0}, "1::2:0:3:0:4:0"},
      {{1, 0, 0, 2, 0, 0, 3, 4}, "1::2:0:0:3:4"},
      {{0, 0, 0, 0, 0, 1, 0x0102, 0x0304}, "::1:102:304"},
      {{0, 0, 0, 0, 0, 0, 0, 0xffff}, "::ffff"},
      {{0, 0, 0, 0, 0xffff, 0, 0, 0}, "::ffff:0:0:0"},
      {{0xffff, 0, 0, 0, 0, 0, 0, 0}, "ffff::"},
      {{0, 0, 0, 0, 0, 0, 0x0a00, 0x0001}, "::10.0.0.1"},
      {{0x2001, 0xdb8, 0x85a3, 0x8d3, 0x1319, 0x8a2e, 0x370, 0x7348}, "2001:db8:85a3:8d3:1319:8a2e:370:7348"},
  };
  ColumnSchema inet6 = Column(ValueKind::kInet6, FieldType::kString);
  for (const Case& c : cases) {
    std::string bytes;
    for (uint16_t group : c.groups) {
      bytes.push_back(static_cast<char>(group >> 8));
      bytes.push_back(static_cast<char>(group & 0xff));
    }
    EXPECT_EQ(BytesText(inet6, bytes), c.text);
  }
}

TEST(ValueTextTest, VectorAsJsonArray) {
  ColumnSchema vector = Column(ValueKind::kVector, FieldType::kVector);
  std::string bytes;
  for (float value : {1.1f, 2.2f, -3.5f, 1e20f}) {
    uint32_t bits = std::bit_cast<uint32_t>(value);
    for (int k = 0; k < 4; ++k) bytes.push_back(static_cast<char>(bits >> (8 * k)));
  }
  EXPECT_EQ(BytesText(vector, bytes), "[1.1,2.2,-3.5,1e20]");
  EXPECT_EQ(BytesText(vector, ""), "[]");
}

TEST(ValueTextTest, MalformedBytesKeepEveryByte) {
  // Not produced by the decoders; rendered as hex rather than dropped.
  EXPECT_EQ(BytesText(Column(ValueKind::kUuid, FieldType::kString), "\x01\x02"), "0102");
  EXPECT_EQ(BytesText(Column(ValueKind::kInet6, FieldType::kString), "\xAB"), "AB");
  EXPECT_EQ(BytesText(Column(ValueKind::kVector, FieldType::kVector), "\x01\x02\x03"), "010203");
}

TEST(ValueTextTest, AppendsTheRequestedCell) {
  ColumnSchema text = Column(ValueKind::kString, FieldType::kVarchar);
  ColumnVector column;
  column.AppendBytes("first");
  column.AppendNull();
  column.AppendBytes("third");
  std::string out = "prefix|";
  AppendValueText(text, column, 2, &out);
  out.push_back('|');
  AppendValueText(text, column, 0, &out);
  EXPECT_EQ(out, "prefix|third|first");

  ColumnSchema number = Column(ValueKind::kInt64, FieldType::kLong);
  ColumnVector numbers;
  numbers.AppendSlot(7);
  numbers.AppendSlot(static_cast<uint64_t>(int64_t{-8}));
  out.clear();
  AppendValueText(number, numbers, 1, &out);
  EXPECT_EQ(out, "-8");
}

TEST(ValueTextTest, NoGrowthWhenCapacitySuffices) {
  // Rendering only appends: with enough capacity reserved, the string never reallocates.
  std::string out;
  out.reserve(256);
  const char* data = out.data();
  AppendValueText(
      Column(ValueKind::kDouble, FieldType::kDouble, 8),
      [] {
        ColumnVector column;
        column.AppendSlot(std::bit_cast<uint64_t>(1.7976931348623157e308));
        return column;
      }(),
      0, &out);
  AppendValueText(
      Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 6),
      [] {
        ColumnVector column;
        column.AppendSlot(PackedTimestamp{2147483647, 1}.Pack());
        return column;
      }(),
      0, &out);
  EXPECT_EQ(out, "1.7976931348623157e3082038-01-19 03:14:07.000001");
  EXPECT_EQ(out.data(), data);
}

}  // namespace
}  // namespace cdc::model
