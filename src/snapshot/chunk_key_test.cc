#include "snapshot/chunk_key.h"

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

namespace cdc::snapshot {
namespace {

using model::ValueKind;

model::ColumnSchema Column(std::string name, ValueKind kind, uint16_t collation = 0, bool nullable = false) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.collation = collation;
  column.nullable = nullable;
  return column;
}

model::TableSchema OneColumn(model::ColumnSchema column) {
  model::TableSchema schema;
  schema.schema_name = "d";
  schema.table_name = "t";
  schema.columns.push_back(std::move(column));
  schema.primary_key = {0};
  return schema;
}

KeyPart Slot(uint64_t slot) { return KeyPart{slot, ""}; }
KeyPart Bytes(std::string bytes) { return KeyPart{0, std::move(bytes)}; }

// Each list is in strictly increasing server order; every pair is checked both ways.
void ExpectIncreasing(const model::ColumnSchema& column, const std::vector<KeyPart>& values) {
  model::TableSchema schema = OneColumn(column);
  ChunkingKey key = ChooseChunkingKey(schema, {});
  ASSERT_TRUE(key.orderable) << column.name;
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); ++j) {
      int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(CompareChunkKeys(schema, key, {values[i]}, {values[j]}), expected)
          << column.name << " values #" << i << " and #" << j;
    }
  }
}

TEST(ChunkKeyTest, OrdersEveryOrderableKindAsTheServerDoes) {
  // (ExpectIncreasing needs an orderable key: each column alone is the primary key.)
  ExpectIncreasing(Column("i", ValueKind::kInt64),
                   {Slot(uint64_t(INT64_MIN)), Slot(uint64_t(-1)), Slot(0), Slot(1), Slot(INT64_MAX)});
  ExpectIncreasing(Column("u", ValueKind::kUInt64), {Slot(0), Slot(1), Slot(uint64_t(INT64_MAX) + 1), Slot(UINT64_MAX)});
  ExpectIncreasing(Column("d", ValueKind::kDouble), {Slot(std::bit_cast<uint64_t>(-1e300)),
                                                     Slot(std::bit_cast<uint64_t>(-0.5)), Slot(std::bit_cast<uint64_t>(0.0)),
                                                     Slot(std::bit_cast<uint64_t>(2.5))});
  ExpectIncreasing(Column("f", ValueKind::kFloat),
                   {Slot(std::bit_cast<uint32_t>(-3.5f)), Slot(std::bit_cast<uint32_t>(0.1f)), Slot(std::bit_cast<uint32_t>(7.0f))});
  ExpectIncreasing(Column("dec", ValueKind::kDecimal),
                   {Bytes("-100.00"), Bytes("-99.99"), Bytes("-0.01"), Bytes("0.00"), Bytes("0.01"), Bytes("9.99"),
                    Bytes("10.00"), Bytes("123456789.00")});
  auto time = [](bool negative, uint32_t hours, uint8_t minutes) {
    return Slot(model::PackedTime{negative, hours, minutes, 0, 0}.Pack());
  };
  ExpectIncreasing(Column("t", ValueKind::kTime),
                   {time(true, 838, 0), time(true, 1, 30), time(true, 0, 1), time(false, 0, 0), time(false, 0, 1),
                    time(false, 838, 0)});
  auto datetime = [](uint16_t year, uint8_t month, uint8_t day, uint8_t hour) {
    return Slot(model::PackedDateTime{{year, month, day}, hour, 0, 0, 0}.Pack());
  };
  ExpectIncreasing(Column("dt", ValueKind::kDateTime),
                   {datetime(0, 0, 0, 0), datetime(2020, 0, 0, 0), datetime(2020, 1, 31, 23), datetime(2020, 2, 1, 0),
                    datetime(9999, 12, 31, 23)});
  ExpectIncreasing(Column("e", ValueKind::kEnum), {Slot(0), Slot(1), Slot(2)});
  // Binary strings: bytes, then length (a prefix sorts first).
  ExpectIncreasing(Column("b", ValueKind::kBinary),
                   {Bytes(""), Bytes(std::string("\0", 1)), Bytes("a"), Bytes("a\x01"), Bytes("\xff")});
  // utf8mb4_bin (PAD SPACE): trailing spaces do not count; a control character sorts below the pad.
  ExpectIncreasing(Column("s", ValueKind::kString, 46), {Bytes("a\t"), Bytes("a"), Bytes("a!"), Bytes("b"), Bytes("\xc3\xa9")});
  // utf8mb4_0900_bin (NO PAD): every byte counts.
  ExpectIncreasing(Column("s", ValueKind::kString, 309), {Bytes("a"), Bytes("a\t"), Bytes("a "), Bytes("b")});
}

TEST(ChunkKeyTest, PadSpaceMakesTrailingSpacesEqual) {
  model::TableSchema schema = OneColumn(Column("s", ValueKind::kString, 46));
  ChunkingKey key = ChooseChunkingKey(schema, {});
  EXPECT_EQ(CompareChunkKeys(schema, key, {Bytes("ab  ")}, {Bytes("ab")}), 0);
  model::TableSchema decimal = OneColumn(Column("d", ValueKind::kDecimal));
  EXPECT_EQ(CompareChunkKeys(decimal, ChooseChunkingKey(decimal, {}), {Bytes("-0.00")}, {Bytes("0.00")}), 0);
}

TEST(ChunkKeyTest, ChoosesThePrimaryKeyThenANotNullUniqueKey) {
  model::TableSchema schema;
  schema.columns = {Column("a", ValueKind::kInt64, 0, true), Column("b", ValueKind::kString, 45),
                    Column("c", ValueKind::kJson), Column("d", ValueKind::kBinary)};
  schema.primary_key = {1, 3};
  ChunkingKey key = ChooseChunkingKey(schema, {});
  EXPECT_EQ(key.columns, (std::vector<uint32_t>{1, 3}));
  EXPECT_FALSE(key.orderable);  // utf8mb4_general_ci: only the server knows its order

  schema.primary_key.clear();
  // A nullable unique key and one holding JSON are passed over.
  key = ChooseChunkingKey(schema, {{0}, {2}, {3, 1}});
  EXPECT_EQ(key.columns, (std::vector<uint32_t>{3, 1}));
  EXPECT_FALSE(key.orderable);  // a unique key: its updates are not split into D + I
  key = ChooseChunkingKey(schema, {{0}, {2}});
  EXPECT_TRUE(key.columns.empty());
  EXPECT_FALSE(key.orderable);

  schema.primary_key = {0, 3};
  EXPECT_TRUE(ChooseChunkingKey(schema, {}).orderable);
  model::ColumnSchema uuid = Column("u", ValueKind::kUuid);
  EXPECT_FALSE(KeyColumnOrderable(uuid));
}

TEST(ChunkKeyTest, WritesTypedLiteralsIntoAnExpandedCondition) {
  model::TableSchema schema;
  schema.columns = {Column("id`x", ValueKind::kInt64), Column("f", ValueKind::kFloat), Column("s", ValueKind::kString, 45),
                    Column("dt", ValueKind::kDateTime), Column("bin", ValueKind::kBinary), Column("e", ValueKind::kEnum)};
  schema.columns[3].meta = 0;
  schema.primary_key = {0, 1, 2, 3, 4, 5};
  ChunkingKey key = ChooseChunkingKey(schema, {});
  ChunkKey after = {Slot(uint64_t(-5)), Slot(std::bit_cast<uint32_t>(0.1f)), Bytes("it's"),
                    Slot(model::PackedDateTime{{2024, 2, 29}, 1, 2, 3, 0}.Pack()), Bytes("\x01\xab"), Slot(2)};
  EXPECT_EQ(KeyColumnList(schema, key), "`id``x`,`f`,`s`,`dt`,`bin`,`e`");
  EXPECT_EQ(KeyAfterCondition(schema, key, after),
            "(`id``x` > -5 OR (`id``x` = -5 AND (`f` > 0.10000000149011612 OR (`f` = 0.10000000149011612 AND "
            "(`s` > _utf8mb4 X'69742773' OR (`s` = _utf8mb4 X'69742773' AND "
            "(`dt` > '2024-02-29 01:02:03' OR (`dt` = '2024-02-29 01:02:03' AND "
            "(`bin` > X'01AB' OR (`bin` = X'01AB' AND (`e` > 2)))))))))))");
}

TEST(ChunkKeyTest, BoundsARangeFromAbove) {
  model::TableSchema schema;
  schema.columns = {Column("a", ValueKind::kInt64), Column("b", ValueKind::kUInt64)};
  schema.primary_key = {0, 1};
  ChunkingKey key = ChooseChunkingKey(schema, {});
  EXPECT_EQ(KeyAtMostCondition(schema, key, {Slot(7), Slot(9)}), "(`a` < 7 OR (`a` = 7 AND (`b` <= 9)))");
  model::TableSchema one = OneColumn(Column("id", ValueKind::kInt64));
  EXPECT_EQ(KeyAtMostCondition(one, ChooseChunkingKey(one, {}), {Slot(uint64_t(-3))}), "(`id` <= -3)");
}

TEST(ChunkKeyTest, EncodesKeysForTheCheckpointAndChecksThemOnTheWayBack) {
  model::TableSchema schema;
  schema.columns = {Column("a", ValueKind::kUInt64), Column("b", ValueKind::kBinary)};
  schema.primary_key = {0, 1};
  ChunkingKey key = ChooseChunkingKey(schema, {});
  ChunkKey value = {Slot(UINT64_MAX), Bytes(std::string("\0\xff", 2))};
  std::string json = EncodeChunkKey(schema, key, value);
  EXPECT_EQ(json, R"([18446744073709551615,"00FF"])");
  Result<ChunkKey> decoded = DecodeChunkKey(schema, key, json);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, value);
  for (const char* bad : {"", "[1]", R"([1,"0"])", R"(["1","00"])", R"([-1,"00"])", R"([1,"zz"])", "{}"}) {
    EXPECT_TRUE(DecodeChunkKey(schema, key, bad).status().IsCorruption()) << bad;
  }
}

TEST(ChunkKeyTest, ExtractsTheKeyOfAnImage) {
  auto schema = std::make_shared<model::TableSchema>();
  schema->columns = {Column("a", ValueKind::kInt64), Column("b", ValueKind::kString, 46)};
  schema->primary_key = {1, 0};
  model::ChangeBatch batch(schema);
  batch.column(0).AppendSlot(7);
  batch.column(1).AppendBytes("x");
  batch.FinishImage();
  batch.column(0).AppendNull();
  batch.column(1).AppendBytes("y");
  batch.FinishImage();
  ChunkingKey key = ChooseChunkingKey(*schema, {});
  Result<ChunkKey> first = ExtractChunkKey(batch, 0, key);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, (ChunkKey{Bytes("x"), Slot(7)}));
  EXPECT_TRUE(ExtractChunkKey(batch, 1, key).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cdc::snapshot
