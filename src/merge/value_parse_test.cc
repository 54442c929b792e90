#include "merge/value_parse.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "model/value.h"
#include "model/value_text.h"

namespace cdc::merge {
namespace {

using model::FieldType;
using model::ValueKind;

model::ColumnSchema Column(ValueKind kind, FieldType type = FieldType::kLongLong, uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = "c";
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

// Writes `text` back through AppendValueText after parsing it: the text form must survive.
void ExpectRoundTrip(const model::ColumnSchema& column_schema, std::string_view text) {
  model::ColumnVector column;
  ASSERT_TRUE(AppendCellFromText(column_schema, text, &column).ok()) << text;
  std::string again;
  model::AppendValueText(column_schema, column, 0, &again);
  EXPECT_EQ(again, text);
}

TEST(ValueParseTest, EveryKindReadsBackItsOwnText) {
  ExpectRoundTrip(Column(ValueKind::kInt64), "-9223372036854775808");
  ExpectRoundTrip(Column(ValueKind::kInt64), "42");
  ExpectRoundTrip(Column(ValueKind::kUInt64), "18446744073709551615");
  ExpectRoundTrip(Column(ValueKind::kFloat, FieldType::kFloat), "1.2345678");
  ExpectRoundTrip(Column(ValueKind::kFloat, FieldType::kFloat), "3.4e38");
  ExpectRoundTrip(Column(ValueKind::kDouble, FieldType::kDouble), "0.1");
  ExpectRoundTrip(Column(ValueKind::kDouble, FieldType::kDouble), "1e20");
  ExpectRoundTrip(Column(ValueKind::kDouble, FieldType::kDouble), "-0");
  ExpectRoundTrip(Column(ValueKind::kDouble, FieldType::kDouble), "5e-324");
  ExpectRoundTrip(Column(ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2), "-12.50");
  ExpectRoundTrip(Column(ValueKind::kYear, FieldType::kYear), "0000");
  ExpectRoundTrip(Column(ValueKind::kYear, FieldType::kYear), "2155");
  ExpectRoundTrip(Column(ValueKind::kDate, FieldType::kNewDate), "2024-02-29");
  ExpectRoundTrip(Column(ValueKind::kDate, FieldType::kNewDate), "0000-00-00");
  ExpectRoundTrip(Column(ValueKind::kDate, FieldType::kNewDate), "2020-05-00");
  ExpectRoundTrip(Column(ValueKind::kTime, FieldType::kTime2, 0), "-838:59:59");
  ExpectRoundTrip(Column(ValueKind::kTime, FieldType::kTime2, 3), "12:34:56.120");
  ExpectRoundTrip(Column(ValueKind::kTime, FieldType::kTime2, 6), "-00:00:00.500000");
  ExpectRoundTrip(Column(ValueKind::kDateTime, FieldType::kDateTime2, 6), "9999-12-31 23:59:59.999999");
  ExpectRoundTrip(Column(ValueKind::kDateTime, FieldType::kDateTime2, 0), "0000-00-00 00:00:00");
  ExpectRoundTrip(Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 0), "2038-01-19 03:14:08");
  ExpectRoundTrip(Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 3), "2106-02-07 06:28:15.250");
  ExpectRoundTrip(Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 0), "1970-01-01 00:00:01");
  ExpectRoundTrip(Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 0), "0000-00-00 00:00:00");
  ExpectRoundTrip(Column(ValueKind::kBit, FieldType::kBit), "5");
  ExpectRoundTrip(Column(ValueKind::kString, FieldType::kVarchar), "héllo, \"w\"");
  ExpectRoundTrip(Column(ValueKind::kString, FieldType::kVarchar), "");
  ExpectRoundTrip(Column(ValueKind::kBinary, FieldType::kBlob), "00FFAB10");
  ExpectRoundTrip(Column(ValueKind::kBinary, FieldType::kBlob), "");
  ExpectRoundTrip(Column(ValueKind::kGeometry, FieldType::kGeometry), "E6100000010100000000000000000000000000F03F");
  ExpectRoundTrip(Column(ValueKind::kJson, FieldType::kJson), "{\"a\": [1, 2.5]}");
  ExpectRoundTrip(Column(ValueKind::kUuid, FieldType::kString), "00112233-4455-6677-8899-aabbccddeeff");
  ExpectRoundTrip(Column(ValueKind::kInet4, FieldType::kString), "10.0.255.1");
  ExpectRoundTrip(Column(ValueKind::kInet6, FieldType::kString), "::ffff:1.2.3.4");
  ExpectRoundTrip(Column(ValueKind::kInet6, FieldType::kString), "fe80::1:0:0:0");
  ExpectRoundTrip(Column(ValueKind::kVector, FieldType::kVector), "[1.5,-0.25,1e20]");
  ExpectRoundTrip(Column(ValueKind::kVector, FieldType::kVector), "[]");
}

TEST(ValueParseTest, EnumAndSetByLabelOrNumber) {
  model::ColumnSchema e = Column(ValueKind::kEnum, FieldType::kEnum);
  e.labels = {"small", "medium", "large"};
  model::ColumnVector cells;
  ASSERT_TRUE(AppendCellFromText(e, "medium", &cells).ok());
  ASSERT_TRUE(AppendCellFromText(e, "", &cells).ok());
  ASSERT_TRUE(AppendCellFromText(e, "7", &cells).ok());  // an index past the labels prints as a number
  EXPECT_EQ(cells.slot(0), 2u);
  EXPECT_EQ(cells.slot(1), 0u);
  EXPECT_EQ(cells.slot(2), 7u);
  EXPECT_TRUE(AppendCellFromText(e, "huge", &cells).IsCorruption());

  model::ColumnSchema s = Column(ValueKind::kSet, FieldType::kSet);
  s.labels = {"a", "b", "c"};
  ExpectRoundTrip(s, "a,c");
  ExpectRoundTrip(s, "");
  model::ColumnVector set_cells;
  ASSERT_TRUE(AppendCellFromText(s, "b", &set_cells).ok());
  EXPECT_EQ(set_cells.slot(0), 2u);
  EXPECT_TRUE(AppendCellFromText(s, "a,", &set_cells).IsCorruption());
  EXPECT_TRUE(AppendCellFromText(s, "a,z", &set_cells).IsCorruption());
}

TEST(ValueParseTest, StoresWhatTheDecoderStores) {
  model::ColumnVector cells;
  ASSERT_TRUE(AppendCellFromText(Column(ValueKind::kTimestamp, FieldType::kTimestamp2, 6),
                                 "2038-01-19 03:14:07.000001", &cells)
                  .ok());
  const model::PackedTimestamp stamp = model::PackedTimestamp::Unpack(cells.slot(0));
  EXPECT_EQ(stamp.seconds, 2147483647u);
  EXPECT_EQ(stamp.micros, 1u);
  ASSERT_TRUE(AppendCellFromText(Column(ValueKind::kInet4, FieldType::kString), "1.2.3.4", &cells).ok());
  EXPECT_EQ(cells.slot(1), 0x01020304u);
  ASSERT_TRUE(AppendCellFromText(Column(ValueKind::kFloat, FieldType::kFloat), "0.1", &cells).ok());
  EXPECT_EQ(cells.slot(2), std::bit_cast<uint32_t>(0.1f));
}

TEST(ValueParseTest, RefusesMalformedTextAndLeavesTheColumnAlone) {
  const std::vector<std::pair<model::ColumnSchema, std::string>> bad = {
      {Column(ValueKind::kInt64), "12x"},
      {Column(ValueKind::kInt64), ""},
      {Column(ValueKind::kUInt64), "-1"},
      {Column(ValueKind::kFloat, FieldType::kFloat), "1..5"},
      {Column(ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2), "1.2.3"},
      {Column(ValueKind::kDate, FieldType::kNewDate), "2024-13-01"},
      {Column(ValueKind::kTime, FieldType::kTime2), "1:00:00"},
      {Column(ValueKind::kDateTime, FieldType::kDateTime2), "2024-01-01T00:00:00"},
      {Column(ValueKind::kTimestamp, FieldType::kTimestamp2), "2024-00-01 00:00:00"},
      {Column(ValueKind::kBinary, FieldType::kBlob), "ABC"},
      {Column(ValueKind::kBinary, FieldType::kBlob), "GG"},
      {Column(ValueKind::kUuid, FieldType::kString), "00112233-4455-6677-8899-aabbccddeefg"},
      {Column(ValueKind::kInet4, FieldType::kString), "1.2.3"},
      {Column(ValueKind::kInet4, FieldType::kString), "1.2.3.256"},
      {Column(ValueKind::kInet6, FieldType::kString), "::g"},
      {Column(ValueKind::kVector, FieldType::kVector), "[1,x]"},
  };
  for (const auto& [column_schema, text] : bad) {
    model::ColumnVector cells;
    cells.AppendBytes("keep");  // for bytes kinds: a cell before, whose bytes must survive
    EXPECT_TRUE(AppendCellFromText(column_schema, text, &cells).IsCorruption()) << text;
    EXPECT_EQ(cells.size(), 1u) << text;
    EXPECT_EQ(cells.bytes(0), "keep") << text;
  }
}

}  // namespace
}  // namespace cdc::merge
