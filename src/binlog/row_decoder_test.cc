#include "binlog/row_decoder.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <zlib.h>

#include "binlog/decimal.h"
#include "binlog/table_map.h"
#include "binlog/temporal.h"

namespace cdc::binlog {
namespace {

using model::CellState;
using model::ChangeOp;
using model::FieldType;
using model::ValueKind;
using Bytes = std::vector<uint8_t>;

// ---------------------------------------------------------------------------------------------
// Helpers: a schema from column descriptions, a rows header with owned bitmaps, and a decode.

struct Col {
  FieldType type;
  uint16_t meta = 0;
  bool is_unsigned = false;
  uint16_t collation = 0;
  std::string sql_type = {};
  std::string name = {};
};

model::TableSchemaPtr MakeSchema(const std::vector<Col>& cols) {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "db";
  schema->table_name = "t";
  for (const Col& col : cols) {
    model::ColumnSchema column;
    column.type = col.type;
    column.meta = col.meta;
    column.is_unsigned = col.is_unsigned;
    column.collation = col.collation;
    column.sql_type = col.sql_type;
    column.name = col.name;
    column.kind = ChooseValueKind(column);
    schema->columns.push_back(column);
  }
  return schema;
}

// A rows event header over bitmaps it owns.
struct Event {
  Bytes before_bits, after_bits;
  RowsEventHeader header;
};

Event MakeEvent(ChangeOp op, size_t columns, Bytes before_bits = {}, Bytes after_bits = {}, bool partial = false) {
  Event event;
  size_t bytes = (columns + 7) / 8;
  if (before_bits.empty()) before_bits.assign(bytes, 0xff);
  if (after_bits.empty()) after_bits.assign(bytes, 0xff);
  event.before_bits = std::move(before_bits);
  event.after_bits = std::move(after_bits);
  event.header.op = op;
  event.header.partial = partial;
  event.header.type = partial ? EventType::kPartialUpdateRows : EventType::kWriteRowsV2;
  event.header.column_count = columns;
  if (op != ChangeOp::kInsert) event.header.before_columns = {event.before_bits, columns};
  if (op != ChangeOp::kDelete) event.header.after_columns = {event.after_bits, columns};
  return event;
}

struct Decoded {
  Status status;
  std::unique_ptr<model::ChangeBatch> batch;
};

Decoded DecodeWith(RowDecoder& decoder, const Event& event, const Bytes& rows) {
  Decoded out;
  out.batch = std::make_unique<model::ChangeBatch>(decoder.schema_ptr());
  out.status = decoder.Decode(event.header, rows, {}, out.batch.get());
  return out;
}

Decoded Decode(const std::vector<Col>& cols, ChangeOp op, const Bytes& rows) {
  RowDecoder decoder(MakeSchema(cols));
  return DecodeWith(decoder, MakeEvent(op, cols.size()), rows);
}

// One after image of one WRITE row with a single column: null bitmap byte 0 then `value`.
Decoded DecodeOne(const Col& col, const Bytes& value) {
  Bytes rows = {0x00};  // null bitmap: not NULL
  rows.insert(rows.end(), value.begin(), value.end());
  return Decode({col}, ChangeOp::kInsert, rows);
}

uint64_t Slot(const Decoded& d, size_t column = 0, size_t cell = 0) { return d.batch->column(column).slot(cell); }
std::string Text(const Decoded& d, size_t column = 0, size_t cell = 0) {
  return std::string(d.batch->column(column).bytes(cell));
}

// ---------------------------------------------------------------------------------------------
// Integers, floating point, YEAR, BIT

TEST(RowDecoderTest, IntegersSignedAndUnsignedMinMax) {
  std::vector<Col> cols = {{FieldType::kTiny},           {FieldType::kShort},          {FieldType::kInt24},
                           {FieldType::kLong},           {FieldType::kLongLong},       {FieldType::kTiny, 0, true},
                           {FieldType::kShort, 0, true}, {FieldType::kInt24, 0, true}, {FieldType::kLong, 0, true},
                           {FieldType::kLongLong, 0, true}};
  Bytes rows = {
      0x00, 0x00,                                      // row 1 null bitmap (10 columns): none NULL
      0x80,                                            // TINY -128
      0x00, 0x80,                                      // SHORT -32768
      0x00, 0x00, 0x80,                                // INT24 -8388608
      0x00, 0x00, 0x00, 0x80,                          // LONG -2147483648
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,  // LONGLONG min
      0xff,                                            // TINY UNSIGNED 255
      0xff, 0xff,                                      // SHORT UNSIGNED 65535
      0xff, 0xff, 0xff,                                // INT24 UNSIGNED 16777215
      0xff, 0xff, 0xff, 0xff,                          // LONG UNSIGNED 4294967295
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,  // LONGLONG UNSIGNED max
      0x00, 0x00,                                      // row 2 null bitmap
      0x7f,                                            // 127
      0xff, 0x7f,                                      // 32767
      0xff, 0xff, 0x7f,                                // 8388607
      0xff, 0xff, 0xff, 0x7f,                          // 2147483647
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,  // LONGLONG max
      0x00,                                            // TINY UNSIGNED 0
      0x00, 0x00,                                      // SHORT UNSIGNED 0
      0x00, 0x00, 0x00,                                // INT24 UNSIGNED 0
      0x00, 0x00, 0x00, 0x00,                          // LONG UNSIGNED 0
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // LONGLONG UNSIGNED 0
  };
  Decoded d = Decode(cols, ChangeOp::kInsert, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  ASSERT_EQ(d.batch->size(), 2u);
  const int64_t mins[] = {INT8_MIN, INT16_MIN, -8388608, INT32_MIN, INT64_MIN};
  const int64_t maxs[] = {INT8_MAX, INT16_MAX, 8388607, INT32_MAX, INT64_MAX};
  const uint64_t umaxs[] = {UINT8_MAX, UINT16_MAX, 16777215, UINT32_MAX, UINT64_MAX};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(static_cast<int64_t>(Slot(d, i, 0)), mins[i]) << i;
    EXPECT_EQ(static_cast<int64_t>(Slot(d, i, 1)), maxs[i]) << i;
    EXPECT_EQ(Slot(d, i + 5, 0), umaxs[i]) << i;
    EXPECT_EQ(Slot(d, i + 5, 1), 0u) << i;
  }
}

TEST(RowDecoderTest, FloatDoubleKeepBitPatterns) {
  float f = -1.5f;
  double g = 3.141592653589793;
  uint32_t fbits;
  uint64_t gbits;
  std::memcpy(&fbits, &f, 4);
  std::memcpy(&gbits, &g, 8);
  Bytes rows = {0x00};  // null bitmap
  for (int i = 0; i < 4; ++i) rows.push_back(static_cast<uint8_t>(fbits >> (8 * i)));  // FLOAT LE
  for (int i = 0; i < 8; ++i) rows.push_back(static_cast<uint8_t>(gbits >> (8 * i)));  // DOUBLE LE
  Decoded d = Decode({{FieldType::kFloat, 4}, {FieldType::kDouble, 8}}, ChangeOp::kInsert, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Slot(d, 0), fbits);
  EXPECT_EQ(Slot(d, 1), gbits);
}

TEST(RowDecoderTest, Year) {
  EXPECT_EQ(Slot(DecodeOne({FieldType::kYear}, {0x00})), 0u);  // zero year
  EXPECT_EQ(Slot(DecodeOne({FieldType::kYear}, {0x01})), 1901u);
  EXPECT_EQ(Slot(DecodeOne({FieldType::kYear}, {0xff})), 2155u);
}

TEST(RowDecoderTest, BitEveryWidth) {
  for (unsigned bits = 1; bits <= 64; ++bits) {
    uint16_t meta = static_cast<uint16_t>((bits / 8) << 8 | (bits % 8));
    size_t bytes = (bits + 7) / 8;
    uint64_t value = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
    value &= 0xa5a5a5a5a5a5a5a5ull | (uint64_t{1} << (bits - 1));  // a pattern with the top bit set
    Bytes be;
    for (size_t i = bytes; i-- > 0;) be.push_back(static_cast<uint8_t>(value >> (8 * i)));  // big-endian
    Decoded d = DecodeOne({FieldType::kBit, meta}, be);
    ASSERT_TRUE(d.status.ok()) << bits << ": " << d.status.ToString();
    EXPECT_EQ(Slot(d), value) << bits;
  }
  // BIT(0) and a bits-in-last-byte count above 7 are not valid metadata.
  EXPECT_TRUE(DecodeOne({FieldType::kBit, 0x0000}, {0x00}).status.IsCorruption());
  EXPECT_TRUE(DecodeOne({FieldType::kBit, 0x0009}, {0x00}).status.IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// DECIMAL against an independent string-based encoder

// Encodes the decimal text "[-]digits[.digits]" (exactly `scale` fraction digits) the way
// decimal2bin does, working on digit strings.
Bytes EncodeDecimal(const std::string& text, int precision, int scale) {
  bool negative = text[0] == '-';
  std::string body = negative ? text.substr(1) : text;
  size_t dot = body.find('.');
  std::string int_digits = dot == std::string::npos ? body : body.substr(0, dot);
  std::string frac_digits = dot == std::string::npos ? "" : body.substr(dot + 1);
  int intg = precision - scale;
  if (intg == 0) int_digits.clear();  // "0.5" in DECIMAL(1,1): no integer digits are stored
  int_digits = std::string(static_cast<size_t>(intg) - int_digits.size(), '0') + int_digits;
  static const int kWidth[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
  Bytes out;
  auto put = [&](const std::string& digits) {
    if (digits.empty()) return;
    uint32_t v = static_cast<uint32_t>(std::stoul(digits));
    int width = kWidth[digits.size()];
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  int lead = intg % 9;
  put(int_digits.substr(0, static_cast<size_t>(lead)));
  for (size_t i = static_cast<size_t>(lead); i < int_digits.size(); i += 9) put(int_digits.substr(i, 9));
  for (size_t i = 0; i < frac_digits.size(); i += 9) put(frac_digits.substr(i, 9));
  out[0] ^= 0x80;
  if (negative) {
    for (uint8_t& b : out) b = static_cast<uint8_t>(~b);
  }
  return out;
}

TEST(DecimalTest, EveryPrecisionAndSeveralScalesRoundTrip) {
  std::mt19937_64 rng(42);
  for (int precision = 1; precision <= kMaxDecimalPrecision; ++precision) {
    for (int scale : {0, 1, precision / 2, std::min(precision, 30), std::min(precision, kMaxDecimalScale)}) {
      if (scale > precision) continue;
      for (int trial = 0; trial < 20; ++trial) {
        int intg = precision - scale;
        // Random digits; trial 0 is all nines (the maximum), trial 1 is zero.
        std::string int_digits, frac_digits;
        for (int i = 0; i < intg; ++i) int_digits.push_back(trial == 0 ? '9' : trial == 1 ? '0' : char('0' + rng() % 10));
        for (int i = 0; i < scale; ++i) frac_digits.push_back(trial == 0 ? '9' : trial == 1 ? '0' : char('0' + rng() % 10));
        size_t nz = int_digits.find_first_not_of('0');
        std::string int_text = nz == std::string::npos ? "0" : int_digits.substr(nz);
        bool negative = trial % 2 == 0;
        std::string expected = (negative ? "-" : "") + int_text + (scale > 0 ? "." + frac_digits : "");
        Bytes bytes = EncodeDecimal(expected, precision, scale);
        ASSERT_EQ(bytes.size(), DecimalBinarySize(precision, scale)) << precision << "," << scale;
        std::string text;
        ASSERT_TRUE(AppendDecimalText(bytes, precision, scale, &text)) << expected;
        EXPECT_EQ(text, expected) << "DECIMAL(" << precision << "," << scale << ")";
      }
    }
  }
}

TEST(DecimalTest, KnownValuesAndNegativeZero) {
  // DECIMAL(10,5) 0.10000 (bin-log.000001): 5 integer digits in 3 bytes (80 00 00), 5 fraction
  // digits in 3 bytes (00 27 10 = 10000).
  Decoded d = DecodeOne({FieldType::kNewDecimal, 0x0a05}, {0x80, 0x00, 0x00, 0x00, 0x27, 0x10});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d), "0.10000");
  // -0.10000: every byte of the above inverted.
  d = DecodeOne({FieldType::kNewDecimal, 0x0a05}, {0x7f, 0xff, 0xff, 0xff, 0xd8, 0xef});
  EXPECT_EQ(Text(d), "-0.10000");
  // Negative zero keeps its sign, as decimal2string prints it.
  d = DecodeOne({FieldType::kNewDecimal, 0x0402}, {0x7f, 0xff});
  EXPECT_EQ(Text(d), "-0.00");
  // DECIMAL(4,2) 0.99 and DECIMAL(5,2) 20.99 (Sakila).
  EXPECT_EQ(Text(DecodeOne({FieldType::kNewDecimal, 0x0402}, {0x80, 0x63})), "0.99");
  EXPECT_EQ(Text(DecodeOne({FieldType::kNewDecimal, 0x0502}, {0x80, 0x14, 0x63})), "20.99");
  // A 9-digit group above 999999999 is not a decimal.
  EXPECT_TRUE(DecodeOne({FieldType::kNewDecimal, 0x0900}, {0xbb, 0x9a, 0xca, 0x00}).status.IsCorruption());
  // A 2-digit leading group holding 100.
  EXPECT_TRUE(DecodeOne({FieldType::kNewDecimal, 0x0200}, {0x80 | 0x64}).status.IsCorruption());
  // Precision 66 and scale > precision are invalid metadata.
  EXPECT_TRUE(DecodeOne({FieldType::kNewDecimal, 0x4200}, {0x80}).status.IsCorruption());
  EXPECT_TRUE(DecodeOne({FieldType::kNewDecimal, 0x0203}, {0x80}).status.IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// Temporals, with encoders written from MySQL's my_*_packed_to_binary

int64_t TimePacked(bool negative, uint32_t h, uint32_t m, uint32_t s, uint32_t us) {
  int64_t hms = int64_t{h} << 12 | int64_t{m} << 6 | s;
  int64_t packed = (hms << 24) + us;
  return negative ? -packed : packed;
}

Bytes EncodeTime2(int64_t packed, int fsp) {
  auto int_part = packed >> 24;                    // arithmetic shift, as MY_PACKED_TIME_GET_INT_PART
  auto frac_part = packed % (int64_t{1} << 24);    // C remainder, sign of the dividend
  Bytes out;
  auto be = [&](uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  switch (fsp) {
    case 0: be(static_cast<uint64_t>(int_part + 0x800000), 3); break;
    case 1:
    case 2:
      be(static_cast<uint64_t>(int_part + 0x800000), 3);
      out.push_back(static_cast<uint8_t>(static_cast<int8_t>(frac_part / 10000)));
      break;
    case 3:
    case 4:
      be(static_cast<uint64_t>(int_part + 0x800000), 3);
      be(static_cast<uint16_t>(static_cast<int16_t>(frac_part / 100)), 2);
      break;
    default: be(static_cast<uint64_t>(packed + 0x800000000000), 6); break;
  }
  return out;
}

uint32_t Truncate(uint32_t micros, int fsp) {
  uint32_t unit = 1;
  for (int i = fsp; i < 6; ++i) unit *= 10;
  return micros / unit * unit;
}

TEST(RowDecoderTest, Time2EveryFspNegativeAndBeyond24Hours) {
  struct Case {
    bool negative;
    uint32_t h, m, s, us;
  };
  for (int fsp = 0; fsp <= 6; ++fsp) {
    for (Case c : {Case{false, 0, 0, 0, 0}, Case{false, 12, 34, 56, 789012}, Case{true, 0, 0, 1, 500000},
                   Case{true, 838, 59, 59, 999999}, Case{false, 838, 59, 59, 999999}, Case{true, 507, 48, 27, 0},
                   Case{true, 0, 0, 0, 1}, Case{false, 25, 0, 0, 10}}) {
      uint32_t us = fsp == 1 ? Truncate(c.us, 2) / 100000 * 100000 : Truncate(c.us, fsp);
      if (c.negative && c.h == 0 && c.m == 0 && c.s == 0 && us == 0) continue;  // -0 is 0
      Bytes bytes = EncodeTime2(TimePacked(c.negative, c.h, c.m, c.s, us), fsp);
      ASSERT_EQ(bytes.size(), Time2Size(fsp));
      Decoded d = DecodeOne({FieldType::kTime2, static_cast<uint16_t>(fsp)}, bytes);
      ASSERT_TRUE(d.status.ok()) << fsp << ": " << d.status.ToString();
      model::PackedTime t = model::PackedTime::Unpack(Slot(d));
      EXPECT_EQ(t.negative, c.negative) << fsp;
      EXPECT_EQ(t.hours, c.h) << fsp;
      EXPECT_EQ(t.minutes, c.m) << fsp;
      EXPECT_EQ(t.seconds, c.s) << fsp;
      EXPECT_EQ(t.micros, us) << fsp << " " << c.h;
    }
  }
  // time_issue.000001: 60 43 e5 is -507:48:27.
  model::PackedTime t = model::PackedTime::Unpack(Slot(DecodeOne({FieldType::kTime2, 0}, {0x60, 0x43, 0xe5})));
  EXPECT_TRUE(t.negative);
  EXPECT_EQ(t.hours, 507u);
  // fsp 7 is invalid metadata; minute 60 is not a time.
  EXPECT_TRUE(DecodeOne({FieldType::kTime2, 7}, {0x80, 0, 0, 0, 0, 0, 0}).status.IsCorruption());
  EXPECT_TRUE(DecodeOne({FieldType::kTime2, 0}, EncodeTime2(TimePacked(false, 1, 60, 0, 0), 0)).status.IsCorruption());
}

TEST(RowDecoderTest, OldTime) {
  // -838:59:59 as the signed 3-byte integer -8385959 (LE).
  int32_t v = -8385959;
  Bytes bytes = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16)};
  model::PackedTime t = model::PackedTime::Unpack(Slot(DecodeOne({FieldType::kTime}, bytes)));
  EXPECT_TRUE(t.negative);
  EXPECT_EQ(t.hours, 838u);
  EXPECT_EQ(t.minutes, 59u);
  EXPECT_EQ(t.seconds, 59u);
  t = model::PackedTime::Unpack(Slot(DecodeOne({FieldType::kTime}, {0x30, 0xe2, 0x01})));  // 123440 = 12:34:40
  EXPECT_FALSE(t.negative);
  EXPECT_EQ(t.hours, 12u);
  EXPECT_EQ(t.minutes, 34u);
  EXPECT_EQ(t.seconds, 40u);
}

Bytes EncodeDateTime2(uint32_t y, uint32_t mo, uint32_t d, uint32_t h, uint32_t mi, uint32_t s, uint32_t us, int fsp) {
  uint64_t ymd = (uint64_t{y} * 13 + mo) << 5 | d;
  uint64_t hms = uint64_t{h} << 12 | uint64_t{mi} << 6 | s;
  uint64_t int_part = (ymd << 17 | hms) + 0x8000000000ull;
  Bytes out;
  for (int i = 4; i >= 0; --i) out.push_back(static_cast<uint8_t>(int_part >> (8 * i)));
  uint32_t frac = fsp <= 2 ? us / 10000 : fsp <= 4 ? us / 100 : us;
  int width = static_cast<int>(FractionBytes(fsp));
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(frac >> (8 * i)));
  return out;
}

TEST(RowDecoderTest, DateTime2EveryFspAndZeroDates) {
  struct Case {
    uint32_t y, mo, d, h, mi, s, us;
  };
  for (int fsp = 0; fsp <= 6; ++fsp) {
    for (Case c : {Case{2001, 2, 3, 4, 5, 6, 789012}, Case{0, 0, 0, 0, 0, 0, 0}, Case{2020, 0, 0, 0, 0, 0, 0},
                   Case{2020, 5, 0, 23, 59, 59, 999999}, Case{9999, 12, 31, 23, 59, 59, 999999},
                   Case{1000, 1, 1, 0, 0, 0, 1}}) {
      uint32_t us = fsp == 1 ? Truncate(c.us, 1) : Truncate(c.us, fsp);
      Bytes bytes = EncodeDateTime2(c.y, c.mo, c.d, c.h, c.mi, c.s, us, fsp);
      ASSERT_EQ(bytes.size(), DateTime2Size(fsp));
      Decoded d = DecodeOne({FieldType::kDateTime2, static_cast<uint16_t>(fsp)}, bytes);
      ASSERT_TRUE(d.status.ok()) << fsp << ": " << d.status.ToString();
      model::PackedDateTime t = model::PackedDateTime::Unpack(Slot(d));
      EXPECT_EQ(t.date.year, c.y);
      EXPECT_EQ(t.date.month, c.mo);
      EXPECT_EQ(t.date.day, c.d);
      EXPECT_EQ(t.hour, c.h);
      EXPECT_EQ(t.minute, c.mi);
      EXPECT_EQ(t.second, c.s);
      EXPECT_EQ(t.micros, us) << fsp;
    }
  }
  // Hour 24 is not a time of day; year 10000 is out of range.
  EXPECT_TRUE(DecodeOne({FieldType::kDateTime2, 0}, EncodeDateTime2(2020, 1, 1, 24, 0, 0, 0, 0)).status.IsCorruption());
  EXPECT_TRUE(DecodeOne({FieldType::kDateTime2, 0}, EncodeDateTime2(10000, 1, 1, 0, 0, 0, 0, 0)).status.IsCorruption());
}

TEST(RowDecoderTest, OldDateTimeDateAndZeroDates) {
  uint64_t v = 20010203040506ull;  // YYYYMMDDhhmmss
  Bytes bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<uint8_t>(v >> (8 * i)));
  model::PackedDateTime dt = model::PackedDateTime::Unpack(Slot(DecodeOne({FieldType::kDateTime}, bytes)));
  EXPECT_EQ(dt.date.year, 2001);
  EXPECT_EQ(dt.date.month, 2);
  EXPECT_EQ(dt.date.day, 3);
  EXPECT_EQ(dt.hour, 4);
  EXPECT_EQ(dt.minute, 5);
  EXPECT_EQ(dt.second, 6);
  dt = model::PackedDateTime::Unpack(Slot(DecodeOne({FieldType::kDateTime}, Bytes(8, 0))));  // 0000-00-00 00:00:00
  EXPECT_EQ(dt.date.year, 0);
  EXPECT_EQ(dt.date.month, 0);

  // DATE: day | month << 5 | year << 9, 3 bytes LE.
  uint32_t date = 3 | 2 << 5 | 2001 << 9;
  Bytes date_bytes = {static_cast<uint8_t>(date), static_cast<uint8_t>(date >> 8), static_cast<uint8_t>(date >> 16)};
  model::PackedDate pd = model::PackedDate::Unpack(Slot(DecodeOne({FieldType::kDate}, date_bytes)));
  EXPECT_EQ(pd.year, 2001);
  EXPECT_EQ(pd.month, 2);
  EXPECT_EQ(pd.day, 3);
  pd = model::PackedDate::Unpack(Slot(DecodeOne({FieldType::kDate}, {0x00, 0x00, 0x00})));  // '0000-00-00'
  EXPECT_EQ(pd.Pack(), 0u);
  date = 0 | 0 << 5 | 2020 << 9;  // '2020-00-00'
  pd = model::PackedDate::Unpack(Slot(DecodeOne(
      {FieldType::kDate}, {static_cast<uint8_t>(date), static_cast<uint8_t>(date >> 8), static_cast<uint8_t>(date >> 16)})));
  EXPECT_EQ(pd.year, 2020);
  EXPECT_EQ(pd.month, 0);
  EXPECT_EQ(pd.day, 0);
}

TEST(RowDecoderTest, TimestampsAround2038) {
  // TIMESTAMP2(6) '2038-01-19 03:14:07.999999' UTC = 2147483647 s: 7f ff ff ff, then 0f 42 3f.
  Decoded d = DecodeOne({FieldType::kTimestamp2, 6}, {0x7f, 0xff, 0xff, 0xff, 0x0f, 0x42, 0x3f});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  model::PackedTimestamp ts = model::PackedTimestamp::Unpack(Slot(d));
  EXPECT_EQ(ts.seconds, 2147483647u);
  EXPECT_EQ(ts.micros, 999999u);
  // fsp 1..4 store hundredths / hundreds of microseconds.
  for (int fsp = 1; fsp <= 4; ++fsp) {
    Bytes bytes = {0x7f, 0xff, 0xff, 0xfe};
    if (fsp <= 2) {
      bytes.push_back(50);  // 0.50
    } else {
      bytes.insert(bytes.end(), {0x13, 0x88});  // 5000 -> 0.5000
    }
    ts = model::PackedTimestamp::Unpack(Slot(DecodeOne({FieldType::kTimestamp2, static_cast<uint16_t>(fsp)}, bytes)));
    EXPECT_EQ(ts.seconds, 2147483646u);
    EXPECT_EQ(ts.micros, 500000u) << fsp;
  }
  // The zero timestamp and the old 4-byte LE TIMESTAMP.
  EXPECT_EQ(Slot(DecodeOne({FieldType::kTimestamp2, 0}, {0, 0, 0, 0})), 0u);
  ts = model::PackedTimestamp::Unpack(Slot(DecodeOne({FieldType::kTimestamp}, {0x49, 0xa1, 0xf2, 0x43})));
  EXPECT_EQ(ts.seconds, 1139974473u);  // Sakila actor 1
  // A fraction byte above 99 is not a TIMESTAMP(2).
  EXPECT_TRUE(DecodeOne({FieldType::kTimestamp2, 2}, {0, 0, 0, 1, 100}).status.IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// ENUM, SET, strings, blobs, JSON, GEOMETRY, VECTOR, UUID/INET

TEST(RowDecoderTest, EnumAndSet) {
  EXPECT_EQ(Slot(DecodeOne({FieldType::kEnum, 0xf701}, {0x00})), 0u);  // index 0: the '' error value
  EXPECT_EQ(Slot(DecodeOne({FieldType::kEnum, 0xf701}, {0x02})), 2u);
  EXPECT_EQ(Slot(DecodeOne({FieldType::kEnum, 0xf702}, {0x2c, 0x01})), 300u);  // 2-byte ENUM
  EXPECT_EQ(Slot(DecodeOne({FieldType::kSet, 0xf808}, Bytes(8, 0xff))), UINT64_MAX);  // 64 members, all set
  EXPECT_EQ(Slot(DecodeOne({FieldType::kSet, 0xf803}, {0x01, 0x02, 0x04})), 0x040201u);
  EXPECT_TRUE(DecodeOne({FieldType::kEnum, 0xf703}, {0, 0, 0}).status.IsCorruption());  // pack length 3
  EXPECT_TRUE(DecodeOne({FieldType::kSet, 0xf809}, Bytes(9, 0)).status.IsCorruption());
}

TEST(RowDecoderTest, StringsBlobsAndEmptyVersusNull) {
  std::vector<Col> cols = {
      {FieldType::kVarchar, 100, false, 45},   // VARCHAR(25) utf8mb4: 1-byte length
      {FieldType::kVarchar, 1200, false, 45},  // 2-byte length
      {FieldType::kString, 0xde00, false, 45},  // CHAR(128) utf8mb4 = 512 bytes: 2-byte length
      {FieldType::kString, 0xfe04, false, 63},  // BINARY(4): padded back with 0x00
      {FieldType::kBlob, 1, false, 63},         // TINYBLOB
      {FieldType::kBlob, 3, false, 45},         // MEDIUMTEXT
      {FieldType::kBlob, 4, false, 0},          // LONGTEXT, unknown collation: bytes as-is
      {FieldType::kVarchar, 20, false, 45},     // NULL in this row
      {FieldType::kVarchar, 20, false, 45},     // empty string
  };
  Bytes rows = {
      0x80, 0x00,                          // null bitmap: column 7 NULL (bit 7 of byte 0)
      0x02, 'h', 'i',                      // VARCHAR: 1-byte length 2, "hi"
      0x04, 0x00, 0xf0, 0x9f, 0x98, 0x80,  // VARCHAR: 2-byte length 4, U+1F600 (4-byte UTF-8)
  };
  rows.insert(rows.end(), {0x02, 0x00, 'a', 'b'});              // CHAR: 2-byte length 2, "ab"
  rows.insert(rows.end(), {0x02, 0x01, 0x02});                  // BINARY(4): stored 01 02
  rows.insert(rows.end(), {0x03, 0x00, 0xff, 0x00});            // TINYBLOB: 1-byte length 3
  rows.insert(rows.end(), {0x05, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o'});  // MEDIUMTEXT: 3-byte length 5
  rows.insert(rows.end(), {0x01, 0x00, 0x00, 0x00, 'x'});       // LONGTEXT: 4-byte length 1
  rows.insert(rows.end(), {0x00});                              // empty VARCHAR (column 7 is NULL)
  Decoded d = Decode(cols, ChangeOp::kInsert, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 0), "hi");
  EXPECT_EQ(Text(d, 1), "\xf0\x9f\x98\x80");
  EXPECT_EQ(Text(d, 2), "ab");
  EXPECT_EQ(Text(d, 3), std::string("\x01\x02\x00\x00", 4));
  EXPECT_EQ(Text(d, 4), std::string("\x00\xff\x00", 3));
  EXPECT_EQ(Text(d, 5), "hello");
  EXPECT_EQ(Text(d, 6), "x");
  EXPECT_EQ(d.batch->column(7).state(0), CellState::kNull);
  EXPECT_EQ(d.batch->column(8).state(0), CellState::kValue);
  EXPECT_EQ(Text(d, 8), "");
  EXPECT_EQ(d.batch->schema().columns[4].kind, ValueKind::kBinary);
}

TEST(RowDecoderTest, CharsetConversionToUtf8) {
  // latin1 (collation 8): 0xe9 is U+00E9.
  Decoded d = DecodeOne({FieldType::kVarchar, 20, false, 8}, {0x04, 'c', 'a', 'f', 0xe9});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d), "caf\xc3\xa9");
  // utf8mb4 with an invalid sequence: Corruption naming the table and column.
  d = DecodeOne({FieldType::kVarchar, 20, false, 45, "", "note"}, {0x02, 0xc3, 0x28});
  EXPECT_TRUE(d.status.IsCorruption());
  EXPECT_NE(d.status.message().find("`db`.`t`"), std::string::npos);
  EXPECT_NE(d.status.message().find("`note`"), std::string::npos);
  EXPECT_EQ(d.batch->image_count(), 0u);
  EXPECT_EQ(d.batch->column(0).size(), 0u);
  // ucs2 (collation 35) is not ASCII-compatible: "A" is 00 41.
  d = DecodeOne({FieldType::kVarchar, 20, false, 35}, {0x02, 0x00, 0x41});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d), "A");
}

// Binary JSON {"a": 1}: small object with one int16 member.
const Bytes kJsonA1 = {
    0x00,                    // type: small object
    0x01, 0x00,              // element count 1
    0x0c, 0x00,              // size 12
    0x0b, 0x00, 0x01, 0x00,  // key entry: offset 11, length 1
    0x05, 0x01, 0x00,        // value entry: int16, inline value 1
    'a',                     // key
};

TEST(RowDecoderTest, JsonGeometryVector) {
  Bytes rows = {0x00};  // null bitmap
  rows.insert(rows.end(), {static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0});  // JSON: 4-byte length
  rows.insert(rows.end(), kJsonA1.begin(), kJsonA1.end());
  // GEOMETRY POINT(1 2), SRID 0: 4-byte length 25, SRID, WKB (byte order 1, type 1, x, y).
  Bytes wkb = {0, 0, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0, 0x40};
  rows.insert(rows.end(), {static_cast<uint8_t>(wkb.size()), 0, 0, 0});
  rows.insert(rows.end(), wkb.begin(), wkb.end());
  rows.insert(rows.end(), {0x08, 0, 0, 0, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x80, 0xbf});  // VECTOR [1, -1]
  rows.insert(rows.end(), {0x00, 0, 0, 0});  // JSON of length 0: the JSON null literal
  Decoded d = Decode({{FieldType::kJson, 4}, {FieldType::kGeometry, 4}, {FieldType::kVector, 4}, {FieldType::kJson, 4}},
                     ChangeOp::kInsert, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 0), "{\"a\": 1}");
  EXPECT_EQ(Text(d, 1), std::string(wkb.begin(), wkb.end()));
  EXPECT_EQ(Text(d, 2), std::string("\x00\x00\x80\x3f\x00\x00\x80\xbf", 8));
  EXPECT_EQ(Text(d, 3), "null");
  // A VECTOR whose length is not a multiple of 4 bytes.
  EXPECT_TRUE(DecodeOne({FieldType::kVector, 4}, {0x03, 0, 0, 0, 1, 2, 3}).status.IsCorruption());
  // A malformed document: Corruption.
  EXPECT_TRUE(DecodeOne({FieldType::kJson, 4}, {0x02, 0, 0, 0, 0x77, 0x00}).status.IsCorruption());
}

TEST(RowDecoderTest, MariaDbUuidInet4Inet6) {
  const Bytes uuid_memory = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0x11, 0xde,
                             0x82, 0x34, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55};  // 12345678-9abc-11de-8234-001122334455
  // The same UUID in MariaDB's index order (node, clock, version+hi, mid, low).
  const Bytes uuid_record = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x82, 0x34,
                             0x11, 0xde, 0x9a, 0xbc, 0x12, 0x34, 0x56, 0x78};
  for (const Bytes* input : {&uuid_memory, &uuid_record}) {
    Bytes value = {0x10};  // 1-byte length 16
    value.insert(value.end(), input->begin(), input->end());
    Decoded d = DecodeOne({FieldType::kString, 0xfe10, false, 63, "uuid"}, value);
    ASSERT_TRUE(d.status.ok()) << d.status.ToString();
    EXPECT_EQ(d.batch->schema().columns[0].kind, ValueKind::kUuid);
    EXPECT_EQ(Text(d), std::string(uuid_memory.begin(), uuid_memory.end()));
  }
  // UUID v7 (version nibble 7) is never swapped.
  Bytes v7 = {0x10, 0x01, 0x8f, 0x00, 0x00, 0x00, 0x00, 0x70, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0x01};
  EXPECT_EQ(Text(DecodeOne({FieldType::kString, 0xfe10, false, 63, "uuid"}, v7)), std::string(v7.begin() + 1, v7.end()));

  Decoded inet4 = DecodeOne({FieldType::kString, 0xfe04, false, 63, "inet4"}, {0x04, 192, 168, 0, 1});
  ASSERT_TRUE(inet4.status.ok()) << inet4.status.ToString();
  EXPECT_EQ(Slot(inet4), 0xc0a80001u);  // host order
  // INET6 ::1 sent with its trailing zero bytes stripped... and in full.
  Decoded inet6 = DecodeOne({FieldType::kString, 0xfe10, false, 63, "inet6"}, {0x01, 0x20});
  ASSERT_TRUE(inet6.status.ok()) << inet6.status.ToString();
  EXPECT_EQ(Text(inet6), std::string("\x20", 1) + std::string(15, '\0'));
  EXPECT_TRUE(
      DecodeOne({FieldType::kString, 0xfe04, false, 63, "inet4"}, {0x05, 1, 2, 3, 4, 5}).status.IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// MariaDB compressed columns (VARCHAR_COMPRESSED 141, BLOB_COMPRESSED 140)

// A stored compressed value as MariaDB's compress_zlib writes it (sql/field_comp.cc): header
// 0x80 | (no wrapper ? 8 : 0) | n, the original length in n big-endian bytes, then zlib data made
// here by zlib's own deflate (an encoder independent of the decoder's inflate path).
Bytes ZlibStored(const std::string& original, bool wrapper, int level = 6) {
  const uint32_t length = static_cast<uint32_t>(original.size());
  const uint8_t n = length < 256 ? 1 : length < 65536 ? 2 : length < 16777216 ? 3 : 4;
  Bytes out = {static_cast<uint8_t>(0x80 | (wrapper ? 0 : 0x08) | n)};
  for (int i = n - 1; i >= 0; --i) out.push_back(static_cast<uint8_t>(length >> (8 * i)));
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, level, Z_DEFLATED, wrapper ? MAX_WBITS : -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  Bytes deflated(deflateBound(&stream, length));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(original.data()));
  stream.avail_in = length;
  stream.next_out = deflated.data();
  stream.avail_out = static_cast<uInt>(deflated.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  deflated.resize(stream.total_out);
  deflateEnd(&stream);
  out.insert(out.end(), deflated.begin(), deflated.end());
  return out;
}

// A stored value stored as-is: 0x00 and the bytes.
Bytes RawStored(const std::string& original) {
  Bytes out = {0x00};
  out.insert(out.end(), original.begin(), original.end());
  return out;
}

// `stored` behind a little-endian length prefix of `length_bytes` bytes.
Bytes Prefixed(const Bytes& stored, size_t length_bytes) {
  Bytes out;
  for (size_t i = 0; i < length_bytes; ++i) out.push_back(static_cast<uint8_t>(stored.size() >> (8 * i)));
  out.insert(out.end(), stored.begin(), stored.end());
  return out;
}

constexpr uint16_t kUtf8mb4 = 45, kLatin1 = 8, kBinary = 63;

// The row of `INSERT INTO t VALUES (1, REPEAT('wrap ',150) /*with column_compression_zlib_wrap=ON*/,
// 'x', REPEAT('q',255), REPEAT('z',300), 'é', NULL, '')` as MariaDB 10.11 logged it, for
// CREATE TABLE t (a VARCHAR(1000) COMPRESSED, b BLOB COMPRESSED, c TINYTEXT COMPRESSED,
// d VARBINARY(300) COMPRESSED, e VARCHAR(10) COMPRESSED CHARACTER SET latin1, f TEXT COMPRESSED,
// g TEXT COMPRESSED) DEFAULT CHARSET=utf8mb4 (the id column left out).
const std::vector<Col> kCompressedCols = {
    {FieldType::kVarcharCompressed, 4001, false, kUtf8mb4, "", "a"},  // 1000 x 4 bytes + 1 header byte
    {FieldType::kBlobCompressed, 2, false, kBinary, "", "b"},          // BLOB: 2 length bytes
    {FieldType::kBlobCompressed, 1, false, kUtf8mb4, "", "c"},         // TINYTEXT: 1 length byte
    {FieldType::kVarcharCompressed, 301, false, kBinary, "", "d"},     // VARBINARY(300): 300 + 1
    {FieldType::kVarcharCompressed, 11, false, kLatin1, "", "e"},      // VARCHAR(10) latin1: 10 + 1
    {FieldType::kBlobCompressed, 2, false, kUtf8mb4, "", "f"},         // TEXT
    {FieldType::kBlobCompressed, 2, false, kUtf8mb4, "", "g"},         // TEXT
};
const Bytes kCompressedRow = {
    0x20,                                            // null bitmap: f (bit 5) is NULL
    0x17, 0x00,                                      // a: 2-byte length 23 (meta 4001 > 255)
    0x82,                                            //   header: zlib (8), wrapper present, 2 length bytes
    0x02, 0xee,                                      //   original length 750, big-endian
    0x78, 0x9c,                                      //   zlib wrapper: CMF, FLG
    0x2b, 0x2f, 0x4a, 0x2c, 0x50, 0x28, 0x1f, 0x25,  //   deflate data
    0x46, 0x89, 0x91, 0x40, 0x00, 0x00,              //
    0xe3, 0x29, 0x15, 0xcc,                          //   Adler-32 of the 750 bytes
    0x02, 0x00,                                      // b: 2-byte length 2
    0x00, 'x',                                       //   header 0x00: stored as-is (below the threshold), "x"
    0x08,                                            // c: 1-byte length 8
    0x89,                                            //   header: zlib, no wrapper (raw deflate), 1 length byte
    0xff,                                            //   original length 255
    0x2b, 0x2c, 0x1c, 0xd1, 0x00, 0x00,              //   raw deflate of 255 x 'q'
    0x0a, 0x00,                                      // d: 2-byte length 10 (meta 301 > 255)
    0x8a,                                            //   header: zlib, no wrapper, 2 length bytes
    0x01, 0x2c,                                      //   original length 300
    0xab, 0xaa, 0x1a, 0x05, 0xc4, 0x02, 0x00,        //   raw deflate of 300 x 'z'
    0x02,                                            // e: 1-byte length 2 (meta 11)
    0x00, 0xe9,                                      //   stored as-is: latin1 "é"
                                                     // f: NULL, no bytes
    0x00, 0x00,                                      // g: 2-byte length 0: the empty string has no header
};

TEST(RowDecoderTest, MariaDbCompressedColumnsAsTheServerWritesThem) {
  Decoded d = Decode(kCompressedCols, ChangeOp::kInsert, kCompressedRow);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  std::string wrap;
  for (int i = 0; i < 150; ++i) wrap += "wrap ";
  EXPECT_EQ(Text(d, 0), wrap);
  EXPECT_EQ(Text(d, 1), "x");
  EXPECT_EQ(Text(d, 2), std::string(255, 'q'));
  EXPECT_EQ(Text(d, 3), std::string(300, 'z'));
  EXPECT_EQ(Text(d, 4), "\xc3\xa9");  // converted from latin1
  EXPECT_EQ(d.batch->column(5).state(0), CellState::kNull);
  EXPECT_EQ(d.batch->column(6).state(0), CellState::kValue);
  EXPECT_EQ(Text(d, 6), "");
  const auto& columns = d.batch->schema().columns;
  EXPECT_EQ(columns[0].kind, ValueKind::kString);
  EXPECT_EQ(columns[1].kind, ValueKind::kBinary);
  EXPECT_EQ(columns[3].kind, ValueKind::kBinary);
  EXPECT_EQ(columns[4].kind, ValueKind::kString);
}

TEST(RowDecoderTest, MariaDbCompressedUpdateImagesAndManyRows) {
  // UPDATE: before image compressed with a wrapper, after image stored as-is, then NULL -> value.
  std::vector<Col> cols = {{FieldType::kLong}, {FieldType::kBlobCompressed, 3, false, kUtf8mb4, "", "body"}};
  RowDecoder decoder(MakeSchema(cols));
  const std::string old_text(5000, 'o'), new_text = "short";
  Bytes rows;
  for (uint8_t id = 1; id <= 50; ++id) {
    rows.insert(rows.end(), {0x00, id, 0, 0, 0});                         // before: id, body present
    Bytes before = Prefixed(ZlibStored(old_text + std::to_string(id), id % 2 == 0), 3);  // MEDIUMTEXT
    rows.insert(rows.end(), before.begin(), before.end());
    rows.insert(rows.end(), {0x00, id, 0, 0, 0});                         // after
    Bytes after = Prefixed(RawStored(new_text), 3);
    rows.insert(rows.end(), after.begin(), after.end());
  }
  rows.insert(rows.end(), {0x02, 99, 0, 0, 0});  // before: id 99, body NULL
  rows.insert(rows.end(), {0x00, 99, 0, 0, 0});
  Bytes late = Prefixed(ZlibStored(old_text, false), 3);
  rows.insert(rows.end(), late.begin(), late.end());
  Decoded d = DecodeWith(decoder, MakeEvent(ChangeOp::kUpdate, 2), rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  ASSERT_EQ(d.batch->size(), 51u);
  for (size_t row_idx = 0; row_idx < 50; ++row_idx) {
    const model::RowChange& change = d.batch->changes()[row_idx];
    EXPECT_EQ(Text(d, 1, change.before), old_text + std::to_string(row_idx + 1)) << row_idx;
    EXPECT_EQ(Text(d, 1, change.after), new_text) << row_idx;
  }
  const model::RowChange& last = d.batch->changes()[50];
  EXPECT_EQ(d.batch->column(1).state(last.before), CellState::kNull);
  EXPECT_EQ(Text(d, 1, last.after), old_text);
}

TEST(RowDecoderTest, MariaDbCompressedLargeAndConvertedValues) {
  // Over 64 KiB: a highly compressible MEDIUMBLOB, an incompressible LONGBLOB stored as-is, a
  // LONGTEXT in latin1 (decompressed, then converted), and 1 MiB of zero bytes (ratio ~1000:1).
  std::string pattern;
  for (int i = 0; i < 100000; ++i) pattern += static_cast<char>('a' + i % 7);
  std::mt19937 random(7);
  std::string noise(70000, '\0');
  for (char& c : noise) c = static_cast<char>(random());
  std::string latin1;
  for (int i = 0; i < 70000; ++i) latin1 += i % 10 == 0 ? '\xe9' : 'e';
  std::string expected_utf8;
  for (char c : latin1) expected_utf8 += c == '\xe9' ? "\xc3\xa9" : "e";
  const std::string zeros(1 << 20, '\0');
  std::vector<Col> cols = {{FieldType::kBlobCompressed, 3, false, kBinary},
                           {FieldType::kBlobCompressed, 4, false, kBinary},
                           {FieldType::kBlobCompressed, 4, false, kLatin1},
                           {FieldType::kBlobCompressed, 4, false, kBinary},
                           {FieldType::kVarcharCompressed, 65533, false, kLatin1}};
  Bytes rows = {0x00};
  for (const Bytes& value : {Prefixed(ZlibStored(pattern, false, 9), 3), Prefixed(RawStored(noise), 4),
                             Prefixed(ZlibStored(latin1, true), 4), Prefixed(ZlibStored(zeros, false, 9), 4),
                             Prefixed(ZlibStored(latin1.substr(0, 65000), false), 2)}) {
    rows.insert(rows.end(), value.begin(), value.end());
  }
  EXPECT_LT(rows.size(), 80000u + 70000u) << "the compressible values are small in the event";
  Decoded d = Decode(cols, ChangeOp::kInsert, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 0), pattern);
  EXPECT_EQ(Text(d, 1), noise);
  EXPECT_EQ(Text(d, 2), expected_utf8);
  EXPECT_EQ(Text(d, 3), zeros);
  EXPECT_EQ(Text(d, 4), expected_utf8.substr(0, 65000 + 6500));
}

TEST(RowDecoderTest, MariaDbCompressedTruncationAtEveryByte) {
  // The whole row cut at every byte: Corruption, nothing of the row kept.
  for (size_t cut = 1; cut < kCompressedRow.size(); ++cut) {
    Decoded d = Decode(kCompressedCols, ChangeOp::kInsert, Bytes(kCompressedRow.begin(), kCompressedRow.begin() + cut));
    ASSERT_TRUE(d.status.IsCorruption()) << cut << ": " << d.status.ToString();
    EXPECT_NE(d.status.message().find("`db`.`t`"), std::string::npos) << d.status.ToString();
    EXPECT_EQ(d.batch->size(), 0u);
    for (size_t column_idx = 0; column_idx < kCompressedCols.size(); ++column_idx) {
      EXPECT_EQ(d.batch->column(column_idx).size(), 0u) << cut;
    }
  }
  // Each compressed value cut at every byte inside a consistent length prefix: the header, the
  // original length or the zlib data end early. Only the empty value (cut 0) is valid.
  std::string text;
  for (int i = 0; i < 40; ++i) text += "compressible text " + std::to_string(i % 3) + " ";
  for (bool wrapper : {false, true}) {
    const Bytes stored = ZlibStored(text, wrapper);
    for (const Col& col : {Col{FieldType::kBlobCompressed, 2, false, kUtf8mb4, "", "blob"},
                           Col{FieldType::kVarcharCompressed, 2001, false, kUtf8mb4, "", "vc"},
                           Col{FieldType::kBlobCompressed, 2, false, kLatin1, "", "latin"}}) {
      Decoded whole = DecodeOne(col, Prefixed(stored, 2));
      ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
      EXPECT_EQ(Text(whole), text);
      for (size_t cut = 0; cut < stored.size(); ++cut) {
        Decoded d = DecodeOne(col, Prefixed(Bytes(stored.begin(), stored.begin() + cut), 2));
        if (cut == 0) {
          ASSERT_TRUE(d.status.ok()) << d.status.ToString();
          EXPECT_EQ(Text(d), "");
          continue;
        }
        ASSERT_TRUE(d.status.IsCorruption()) << wrapper << " " << col.name << " cut " << cut;
        EXPECT_NE(d.status.message().find("`" + col.name + "`"), std::string::npos) << d.status.ToString();
        EXPECT_EQ(d.batch->column(0).size(), 0u);
        EXPECT_EQ(d.batch->column(0).bytes_buffer()->size(), 0u) << "inflated bytes were rolled back";
      }
    }
  }
}

TEST(RowDecoderTest, MariaDbCompressedCorruptValuesNameTheColumn) {
  const Col text_col{FieldType::kBlobCompressed, 2, false, kUtf8mb4, "", "note"};
  const std::string q255(255, 'q');
  const Bytes good = ZlibStored(q255, false);  // 89 ff <raw deflate>
  auto corrupt = [&](const Col& col, const Bytes& stored, std::string_view expected) {
    size_t length_bytes = col.type == FieldType::kBlobCompressed ? col.meta : col.meta > 255 ? 2 : 1;
    Decoded d = DecodeOne(col, Prefixed(stored, length_bytes));
    EXPECT_TRUE(d.status.IsCorruption()) << expected << ": " << d.status.ToString();
    EXPECT_NE(d.status.message().find("`db`.`t`"), std::string::npos) << d.status.ToString();
    EXPECT_NE(d.status.message().find("`" + col.name + "`"), std::string::npos) << d.status.ToString();
    EXPECT_NE(d.status.message().find(expected), std::string::npos) << d.status.ToString();
    EXPECT_EQ(d.batch->column(0).size(), 0u);
  };
  ASSERT_TRUE(DecodeOne(text_col, Prefixed(good, 2)).status.ok());

  Bytes bad = good;
  bad[0] = 0x99;  // method 9: not zlib (MariaDB's table has only zlib, at 8)
  corrupt(text_col, bad, "unknown column compression method 9");
  corrupt(text_col, {0x10, 'a'}, "unknown column compression method 1");
  corrupt(text_col, {0x01, 'a'}, "reserved bits");  // method 0 (as-is) with low bits set
  bad = good;
  bad[0] = 0x88;  // zlib with a 0-byte original length
  corrupt(text_col, bad, "length of 0 bytes");
  bad[0] = 0x8d;  // 5 bytes
  corrupt(text_col, bad, "length of 5 bytes");
  bad = good;
  bad[1] = 0xfe;  // declares 254 bytes: the data inflates to more
  corrupt(text_col, bad, "does not end within the declared 254 bytes");
  bad = Bytes{0x8a, 0x01, 0x00};  // declares 256 bytes: the data inflates to 255
  bad.insert(bad.end(), good.begin() + 2, good.end());
  corrupt(text_col, bad, "inflates to 255 bytes, not the declared 256");
  bad = good;
  bad.push_back(0x00);  // a byte after the end of the deflate stream
  corrupt(text_col, bad, "1 bytes follow the end of the zlib data");
  bad = good;
  bad[2] = 0x07;  // first deflate block: final, block type 3 (reserved)
  corrupt(text_col, bad, "corrupt zlib data: invalid block type");
  // A wrapped stream read as raw deflate, and a raw stream read as wrapped.
  bad = ZlibStored(q255, true);
  bad[0] |= 0x08;
  corrupt(text_col, bad, "corrupt zlib data");
  bad = good;
  bad[0] &= ~0x08;
  corrupt(text_col, bad, "corrupt zlib data");
  // A wrong Adler-32 at the end of a wrapped stream.
  bad = ZlibStored(q255, true);
  bad.back() ^= 0x01;
  corrupt(text_col, bad, "corrupt zlib data");
  // More than the column holds: VARCHAR(10) latin1 holds 11 bytes with the header (meta 11).
  const Col short_col{FieldType::kVarcharCompressed, 11, false, kLatin1, "", "code"};
  ASSERT_TRUE(DecodeOne(short_col, Prefixed(ZlibStored(std::string(11, 'a'), false), 1)).status.ok());
  corrupt(short_col, ZlibStored(std::string(12, 'a'), false), "more than the column holds (11)");
  // A TINYBLOB (meta 1) holds 255 bytes.
  corrupt({FieldType::kBlobCompressed, 1, false, kBinary, "", "tiny"}, ZlibStored(std::string(256, 'a'), false),
          "more than the column holds (255)");
  // A declared length that no deflate data of this size can reach is refused before inflating.
  corrupt({FieldType::kBlobCompressed, 4, false, kBinary, "", "huge"}, {0x8c, 0xff, 0xff, 0xff, 0xff, 0x03, 0x00},
          "more than 2 bytes of deflate data can hold");
  // Invalid UTF-8 after decompression in a utf8mb4 column (converted, then rejected).
  corrupt(text_col, ZlibStored(std::string(200, 'a') + "\xc3\x28", false), "note");
}

TEST(RowDecoderTest, MariaDbCompressedPreparedOps) {
  RowDecoder decoder(MakeSchema({{FieldType::kVarcharCompressed, 4001, false, kUtf8mb4},
                                 {FieldType::kVarcharCompressed, 101, false, kBinary},
                                 {FieldType::kBlobCompressed, 3, false, kLatin1},
                                 {FieldType::kBlobCompressed, 4, false, 0},
                                 {FieldType::kBlobCompressed, 5, false, kBinary}}));
  const auto& ops = decoder.ops();
  EXPECT_EQ(ops[0].op, RowDecoder::Op::kCompressedConvert);
  EXPECT_EQ(ops[0].length_bytes, 2);
  EXPECT_EQ(ops[0].max_length, 4001u);
  EXPECT_EQ(ops[1].op, RowDecoder::Op::kCompressedBytes);
  EXPECT_EQ(ops[1].length_bytes, 1);
  EXPECT_EQ(ops[2].op, RowDecoder::Op::kCompressedConvert);
  EXPECT_EQ(ops[2].length_bytes, 3);
  EXPECT_EQ(ops[3].op, RowDecoder::Op::kCompressedUtf8);  // unknown collation: bytes as they are
  EXPECT_EQ(ops[4].op, RowDecoder::Op::kUnsupported);     // a 5-byte BLOB length prefix does not exist
  EXPECT_EQ(ToString(ops[1].op), "compressed_bytes");
  EXPECT_EQ(model::ToString(FieldType::kVarcharCompressed), "VARCHAR_COMPRESSED");
  EXPECT_EQ(model::ToString(FieldType::kBlobCompressed), "BLOB_COMPRESSED");
  // MariaDB's JSON ... COMPRESSED is a compressed LONGTEXT: the information_schema hint makes it JSON.
  model::ColumnSchema json;
  json.type = FieldType::kBlobCompressed;
  json.meta = 4;
  json.collation = kUtf8mb4;
  json.sql_type = "json";
  EXPECT_EQ(ChooseValueKind(json), ValueKind::kJson);
}

// ---------------------------------------------------------------------------------------------
// Images: NULL bitmaps, minimal images, updates, deletes

TEST(RowDecoderTest, NullBitmapCountsOnlyPresentColumns) {
  // 10 INT columns; the image holds columns 0, 2, 4, 6, 8, 9 (bitmap 0x55 0x03). Its null
  // bitmap has 6 bits: present columns 2 and 9 are NULL (bits 1 and 5).
  std::vector<Col> cols(10, Col{FieldType::kTiny});
  Event event = MakeEvent(ChangeOp::kInsert, 10, {}, {0x55, 0x03});
  Bytes rows = {0x22, 0x00 + 10, 0x00 + 14, 0x00 + 16, 0x00 + 18};  // null bits, then columns 0, 4, 6, 8
  RowDecoder decoder(MakeSchema(cols));
  Decoded d = DecodeWith(decoder, event, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  std::vector<CellState> states;
  for (size_t i = 0; i < 10; ++i) states.push_back(d.batch->column(i).state(0));
  using S = CellState;
  EXPECT_EQ(states, (std::vector<S>{S::kValue, S::kAbsent, S::kNull, S::kAbsent, S::kValue, S::kAbsent, S::kValue,
                                    S::kAbsent, S::kValue, S::kNull}));
  EXPECT_EQ(Slot(d, 0), 10u);
  EXPECT_EQ(Slot(d, 4), 14u);
  EXPECT_EQ(Slot(d, 8), 18u);
}

TEST(RowDecoderTest, UpdateAndDeleteImages) {
  std::vector<Col> cols = {{FieldType::kLong}, {FieldType::kVarchar, 40, false, 45}};
  RowDecoder decoder(MakeSchema(cols));
  // UPDATE, minimal before image (column 0) and after image (column 1), two rows.
  Event update = MakeEvent(ChangeOp::kUpdate, 2, {0x01}, {0x02});
  Bytes rows = {
      0x00, 0x07, 0x00, 0x00, 0x00,  // before: id = 7
      0x00, 0x03, 'n', 'e', 'w',     // after: name = "new"
      0x00, 0x08, 0x00, 0x00, 0x00,  // before: id = 8
      0x01,                          // after: name NULL
  };
  Decoded d = DecodeWith(decoder, update, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  ASSERT_EQ(d.batch->size(), 2u);
  const model::RowChange& first = d.batch->changes()[0];
  EXPECT_EQ(first.op, ChangeOp::kUpdate);
  EXPECT_EQ(Slot(d, 0, first.before), 7u);
  EXPECT_EQ(d.batch->column(1).state(first.before), CellState::kAbsent);
  EXPECT_EQ(d.batch->column(0).state(first.after), CellState::kAbsent);
  EXPECT_EQ(Text(d, 1, first.after), "new");
  EXPECT_EQ(d.batch->column(1).state(d.batch->changes()[1].after), CellState::kNull);

  Event del = MakeEvent(ChangeOp::kDelete, 2);
  d = DecodeWith(decoder, del, {0x00, 0x09, 0x00, 0x00, 0x00, 0x01, 'z'});
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  ASSERT_EQ(d.batch->size(), 1u);
  EXPECT_EQ(d.batch->changes()[0].after, model::RowChange::kNoImage);
  EXPECT_EQ(Text(d, 1, d.batch->changes()[0].before), "z");
  // An empty WRITE body has no rows.
  d = DecodeWith(decoder, MakeEvent(ChangeOp::kInsert, 2), {});
  EXPECT_TRUE(d.status.ok());
  EXPECT_EQ(d.batch->size(), 0u);
}

TEST(RowDecoderTest, TruncationAtEveryByteRollsBackTheImage) {
  std::vector<Col> cols = {{FieldType::kLong},
                           {FieldType::kVarchar, 40, false, 45},
                           {FieldType::kNewDecimal, 0x0a05},
                           {FieldType::kDateTime2, 3},
                           {FieldType::kBlob, 2, false, 63},
                           {FieldType::kJson, 4}};
  Bytes row = {0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 'h', 'i', 0x80, 0x00, 0x00, 0x00, 0x27, 0x10};
  Bytes dt = EncodeDateTime2(2024, 2, 29, 12, 0, 0, 123000, 3);
  row.insert(row.end(), dt.begin(), dt.end());
  row.insert(row.end(), {0x03, 0x00, 1, 2, 3});
  row.insert(row.end(), {static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0});
  row.insert(row.end(), kJsonA1.begin(), kJsonA1.end());
  // UPDATE with both images full: the first row complete, the second cut at every byte.
  Bytes full_row_pair = row;
  full_row_pair.insert(full_row_pair.end(), row.begin(), row.end());
  RowDecoder decoder(MakeSchema(cols));
  Event update = MakeEvent(ChangeOp::kUpdate, cols.size());
  Decoded whole = DecodeWith(decoder, update, full_row_pair);
  ASSERT_TRUE(whole.status.ok()) << whole.status.ToString();
  EXPECT_EQ(Text(whole, 5, 1), "{\"a\": 1}");
  for (size_t cut = 1; cut < full_row_pair.size(); ++cut) {
    Bytes rows = full_row_pair;
    rows.insert(rows.end(), full_row_pair.begin(), full_row_pair.begin() + static_cast<std::ptrdiff_t>(cut));
    Decoded d = DecodeWith(decoder, update, rows);
    ASSERT_TRUE(d.status.IsCorruption()) << cut << ": " << d.status.ToString();
    EXPECT_NE(d.status.message().find("`db`.`t`"), std::string::npos) << d.status.ToString();
    // The complete first change stays; nothing of the cut one does.
    EXPECT_EQ(d.batch->size(), 1u);
    EXPECT_EQ(d.batch->image_count(), 2u);
    for (size_t column_idx = 0; column_idx < cols.size(); ++column_idx) {
      EXPECT_EQ(d.batch->column(column_idx).size(), 2u) << cut;
    }
    EXPECT_EQ(Text(d, 1, 1), "hi");
  }
}

TEST(RowDecoderTest, LengthBeyondTheEventAndBadSchemasAreCorruption) {
  Decoded d = DecodeOne({FieldType::kBlob, 2, false, 63, "", "payload"}, {0xff, 0x00, 'a'});
  EXPECT_TRUE(d.status.IsCorruption());
  EXPECT_NE(d.status.message().find("`payload`"), std::string::npos);
  EXPECT_NE(d.status.message().find("runs past"), std::string::npos);
  // VARCHAR longer than its declared maximum.
  EXPECT_TRUE(DecodeOne({FieldType::kVarchar, 3, false, 45}, {0x04, 'a', 'b', 'c', 'd'}).status.IsCorruption());
  // The pre-5.0 DECIMAL type cannot be decoded: Corruption naming the column.
  d = DecodeOne({FieldType::kDecimal, 0, false, 0, "", "old"}, {0x00});
  EXPECT_TRUE(d.status.IsCorruption());
  EXPECT_NE(d.status.message().find("`old`"), std::string::npos);
  // ...but a NULL in such a column is fine.
  EXPECT_TRUE(Decode({{FieldType::kDecimal}}, ChangeOp::kInsert, {0x01}).status.ok());
  // A row whose images hold no columns takes no bytes: Corruption, not an endless loop.
  {
    RowDecoder empty_decoder(MakeSchema({{FieldType::kTiny}}));
    Decoded d2 = DecodeWith(empty_decoder, MakeEvent(ChangeOp::kInsert, 1, {}, {0x00}), {0x01});
    EXPECT_TRUE(d2.status.IsCorruption()) << d2.status.ToString();
  }
  // The rows event's column count must match the TABLE_MAP's.
  RowDecoder decoder(MakeSchema({{FieldType::kTiny}}));
  EXPECT_TRUE(DecodeWith(decoder, MakeEvent(ChangeOp::kInsert, 2), {0x00, 0x01, 0x02}).status.IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// PARTIAL_UPDATE_ROWS

// REPLACE $.a with the int16 42: [op 0][path length 3]["$.a"][value length 3][int16 42].
const Bytes kReplaceA42 = {0x00, 0x03, '$', '.', 'a', 0x03, 0x05, 0x2a, 0x00};

Bytes PartialJsonValue(const Bytes& diffs) {
  Bytes out = {static_cast<uint8_t>(diffs.size()), 0, 0, 0};  // 4-byte length (JSON meta 4)
  out.insert(out.end(), diffs.begin(), diffs.end());
  return out;
}

TEST(RowDecoderTest, PartialJsonWithFullBeforeImage) {
  std::vector<Col> cols = {{FieldType::kLong}, {FieldType::kJson, 4}, {FieldType::kJson, 4}};
  RowDecoder decoder(MakeSchema(cols));
  Event partial = MakeEvent(ChangeOp::kUpdate, 3, {0x07}, {0x06}, true);
  Bytes rows = {0x00, 0x05, 0x00, 0x00, 0x00};  // before: id 5, then both documents
  for (int i = 0; i < 2; ++i) {
    rows.insert(rows.end(), {static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0});
    rows.insert(rows.end(), kJsonA1.begin(), kJsonA1.end());
  }
  rows.push_back(0x01);  // after: value_options = PARTIAL_JSON
  rows.push_back(0x01);  // partial bitmap over the 2 JSON columns: the first is a diff
  rows.push_back(0x00);  // null bitmap of the 2 present columns
  Bytes diff = PartialJsonValue(kReplaceA42);
  rows.insert(rows.end(), diff.begin(), diff.end());                   // column 1: diff
  rows.insert(rows.end(), {static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0});  // column 2: full value
  rows.insert(rows.end(), kJsonA1.begin(), kJsonA1.end());
  Decoded d = DecodeWith(decoder, partial, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 1, 0), "{\"a\": 1}");
  EXPECT_EQ(Text(d, 1, 1), "{\"a\": 42}");
  EXPECT_EQ(Text(d, 2, 1), "{\"a\": 1}");
}

TEST(RowDecoderTest, PartialJsonWithMinimalBeforeImageUsesTheRowCache) {
  std::vector<Col> cols = {{FieldType::kLong}, {FieldType::kJson, 4}};
  RowDecoder decoder(MakeSchema(cols));
  Bytes insert = {0x00, 0x07, 0x00, 0x00, 0x00, static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0};
  insert.insert(insert.end(), kJsonA1.begin(), kJsonA1.end());
  ASSERT_TRUE(DecodeWith(decoder, MakeEvent(ChangeOp::kInsert, 2), insert).status.ok());

  Event partial = MakeEvent(ChangeOp::kUpdate, 2, {0x01}, {0x02}, true);
  Bytes rows = {0x00, 0x07, 0x00, 0x00, 0x00,  // before: id 7 only
                0x01, 0x01, 0x00};              // value_options, partial bitmap, null bitmap
  Bytes diff = PartialJsonValue(kReplaceA42);
  rows.insert(rows.end(), diff.begin(), diff.end());
  Decoded d = DecodeWith(decoder, partial, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 1, 1), "{\"a\": 42}");
  // The patched document is cached too: a second diff applies to it.
  Bytes replace_a43 = {0x00, 0x03, '$', '.', 'a', 0x03, 0x05, 0x2b, 0x00};
  rows.resize(8);
  diff = PartialJsonValue(replace_a43);
  rows.insert(rows.end(), diff.begin(), diff.end());
  d = DecodeWith(decoder, partial, rows);
  ASSERT_TRUE(d.status.ok()) << d.status.ToString();
  EXPECT_EQ(Text(d, 1, 1), "{\"a\": 43}");

  // After a DELETE of id 7 the base is unknown: NotSupported, nothing guessed.
  ASSERT_TRUE(DecodeWith(decoder, MakeEvent(ChangeOp::kDelete, 2, {0x01}), {0x00, 0x07, 0x00, 0x00, 0x00}).status.ok());
  d = DecodeWith(decoder, partial, rows);
  EXPECT_TRUE(d.status.IsNotSupported()) << d.status.ToString();
  EXPECT_EQ(d.batch->image_count(), 0u);
  // Another id was never seen either.
  rows[1] = 0x08;
  EXPECT_TRUE(DecodeWith(decoder, partial, rows).status.IsNotSupported());
}

TEST(RowDecoderTest, PartialJsonTruncatedOptionsAndBitmap) {
  std::vector<Col> cols = {{FieldType::kLong}, {FieldType::kJson, 4}};
  RowDecoder decoder(MakeSchema(cols));
  Event partial = MakeEvent(ChangeOp::kUpdate, 2, {0x03}, {0x02}, true);
  Bytes before = {0x00, 0x07, 0x00, 0x00, 0x00, static_cast<uint8_t>(kJsonA1.size()), 0, 0, 0};
  before.insert(before.end(), kJsonA1.begin(), kJsonA1.end());
  Bytes rows = before;
  rows.insert(rows.end(), {0x01, 0x01, 0x00});
  Bytes diff = PartialJsonValue(kReplaceA42);
  rows.insert(rows.end(), diff.begin(), diff.end());
  ASSERT_TRUE(DecodeWith(decoder, partial, rows).status.ok());
  for (size_t cut = before.size(); cut < rows.size(); ++cut) {
    Decoded d = DecodeWith(decoder, partial, Bytes(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(cut)));
    EXPECT_FALSE(d.status.ok()) << cut;
    EXPECT_EQ(d.batch->image_count(), 0u) << cut;
  }
}

TEST(RowDecoderTest, PreparedOps) {
  RowDecoder decoder(MakeSchema({{FieldType::kLong, 0, true},
                                 {FieldType::kString, 0xfe78, false, 45},
                                 {FieldType::kString, 0xfe78, false, 0},
                                 {FieldType::kString, 0xfe10, false, 63},
                                 {FieldType::kTime2, 3}}));
  const auto& ops = decoder.ops();
  EXPECT_EQ(ops[0].op, RowDecoder::Op::kUInt32);
  EXPECT_EQ(ops[1].op, RowDecoder::Op::kStringConvert);
  EXPECT_TRUE(ops[1].ascii_compatible);
  EXPECT_EQ(ops[1].length_bytes, 1);
  EXPECT_EQ(ops[2].op, RowDecoder::Op::kStringUtf8);
  EXPECT_EQ(ops[3].op, RowDecoder::Op::kBytes);
  EXPECT_TRUE(ops[3].pad_binary);
  EXPECT_EQ(ops[4].op, RowDecoder::Op::kTime2);
  EXPECT_EQ(ops[4].width, 5);
  EXPECT_EQ(ToString(ops[4].op), "time2");
}

// ---------------------------------------------------------------------------------------------
// Rows event header

FormatDescription RowsFormat(uint8_t v1_length = 8, uint8_t v2_length = 10) {
  FormatDescription format;
  format.server_version = "8.0.36";
  format.post_header_lengths.assign(45, 0);
  for (EventType type : {EventType::kWriteRowsV1, EventType::kUpdateRowsV1, EventType::kDeleteRowsV1}) {
    format.post_header_lengths[static_cast<size_t>(type) - 1] = v1_length;
  }
  for (EventType type : {EventType::kWriteRowsV2, EventType::kUpdateRowsV2, EventType::kDeleteRowsV2,
                         EventType::kPartialUpdateRows}) {
    format.post_header_lengths[static_cast<size_t>(type) - 1] = v2_length;
  }
  return format;
}

TEST(RowsEventHeaderTest, UpdateV2WithExtraData) {
  const Bytes body = {
      0x7b, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 123
      0x01, 0x00,                          // flags = STMT_END_F
      0x0b, 0x00,                          // extra data length 11 (counts itself)
      0x00, 0x03, 0x01, 0xaa,              //   NDB info: type 0, length 3 (counts itself), format 1, 1 data byte
      0x01, 0x05, 0x00, 0x03, 0x00,        //   partition info: type 1, partition 5, source partition 3
      0x0a,                                // column_count = 10
      0xff, 0x03,                          // before-image bitmap: all 10 columns
      0x05, 0x00,                          // after-image bitmap: columns 0 and 2
      0xee,                                // first byte of the rows
  };
  ByteReader in(body);
  Result<RowsEventHeader> header = DecodeRowsHeader(in, EventType::kUpdateRowsV2, RowsFormat());
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->op, ChangeOp::kUpdate);
  EXPECT_EQ(header->version, 2);
  EXPECT_EQ(header->table_id, 123u);
  EXPECT_EQ(header->flags, kRowsFlagStmtEnd);
  EXPECT_EQ(header->extra_data.size(), 9u);
  EXPECT_EQ(header->partition_id, 5);
  EXPECT_EQ(header->source_partition_id, 3);
  EXPECT_EQ(header->column_count, 10u);
  EXPECT_EQ(header->before_columns.CountSet(), 10u);
  EXPECT_TRUE(header->before_columns.AllSet());
  EXPECT_EQ(header->after_columns.CountSet(), 2u);
  EXPECT_TRUE(header->after_columns.Test(2));
  EXPECT_FALSE(header->after_columns.Test(1));
  EXPECT_FALSE(header->partial);
  EXPECT_EQ(in.remaining(), 1u);  // left at the rows
  for (size_t length = 0; length + 1 < body.size(); ++length) {
    ByteReader cut(ByteView(body).first(length));
    Result<RowsEventHeader> r = DecodeRowsHeader(cut, EventType::kUpdateRowsV2, RowsFormat());
    EXPECT_TRUE(r.status().IsCorruption()) << length;
  }
}

TEST(RowsEventHeaderTest, V1WritePartialAndFourByteIds) {
  const Bytes write_v1 = {
      0x26, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 38
      0x00, 0x00,                          // flags
      0x05,                                // 5 columns
      0x1f,                                // after-image bitmap
  };
  ByteReader in(write_v1);
  Result<RowsEventHeader> header = DecodeRowsHeader(in, EventType::kWriteRowsV1, RowsFormat());
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->version, 1);
  EXPECT_EQ(header->op, ChangeOp::kInsert);
  EXPECT_EQ(header->after_columns.CountSet(), 5u);
  EXPECT_EQ(header->before_columns.column_count, 0u);
  EXPECT_TRUE(header->extra_data.empty());

  const Bytes partial = {
      0x77, 0x00, 0x00, 0x00, 0x00, 0x00,  // table_id = 119
      0x00, 0x00,                          // flags
      0x02, 0x00,                          // no extra data
      0x04,                                // 4 columns
      0x01,                                // before: id
      0x0e,                                // after: the other three
  };
  ByteReader partial_in(partial);
  header = DecodeRowsHeader(partial_in, EventType::kPartialUpdateRows, RowsFormat());
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_TRUE(header->partial);
  EXPECT_EQ(header->op, ChangeOp::kUpdate);
  EXPECT_EQ(header->after_columns.CountSet(), 3u);

  const Bytes delete_short_id = {
      0x09, 0x00, 0x00, 0x00,  // table_id = 9 (4 bytes: post-header length 6)
      0x00, 0x00,              // flags
      0x01,                    // 1 column
      0x01,                    // before-image bitmap
  };
  ByteReader short_in(delete_short_id);
  header = DecodeRowsHeader(short_in, EventType::kDeleteRowsV1, RowsFormat(6, 10));
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->table_id, 9u);
  EXPECT_EQ(header->op, ChangeOp::kDelete);
  EXPECT_EQ(header->before_columns.CountSet(), 1u);
}

TEST(RowsEventHeaderTest, Rejections) {
  const Bytes zero_columns = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x00};
  ByteReader in(zero_columns);
  EXPECT_TRUE(DecodeRowsHeader(in, EventType::kWriteRowsV2, RowsFormat()).status().IsCorruption());
  const Bytes extra_too_short = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x01, 0x01};
  ByteReader in2(extra_too_short);
  EXPECT_TRUE(DecodeRowsHeader(in2, EventType::kWriteRowsV2, RowsFormat()).status().IsCorruption());
  const Bytes extra_too_long = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x00, 0x01, 0x01};
  ByteReader in3(extra_too_long);
  EXPECT_TRUE(DecodeRowsHeader(in3, EventType::kWriteRowsV2, RowsFormat()).status().IsCorruption());
  const Bytes too_many = {0x01, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xfc, 0x01, 0x10};  // 4097 columns
  ByteReader in4(too_many);
  EXPECT_TRUE(DecodeRowsHeader(in4, EventType::kWriteRowsV2, RowsFormat()).status().IsCorruption());
  ByteReader in5(zero_columns);
  EXPECT_TRUE(DecodeRowsHeader(in5, EventType::kQuery, RowsFormat()).status().IsInvalidArgument());
  EXPECT_TRUE(IsRowsEventType(EventType::kPartialUpdateRows));
  EXPECT_FALSE(IsRowsEventType(EventType::kTableMap));
}

}  // namespace
}  // namespace cdc::binlog
