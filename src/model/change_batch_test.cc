#include "model/change_batch.h"

#include <gtest/gtest.h>

#include <memory>

namespace cdc::model {
namespace {

TableSchemaPtr TwoColumns() {
  auto schema = std::make_shared<TableSchema>();
  schema->schema_name = "d";
  schema->table_name = "t";
  ColumnSchema id;
  id.name = "id";
  id.kind = ValueKind::kInt64;
  ColumnSchema text;
  text.name = "s";
  text.kind = ValueKind::kString;
  schema->columns = {id, text};
  return schema;
}

TEST(ChangeBatchTest, AppendImageFromCopiesValuesNullsAndAbsentCells) {
  ChangeBatch source(TwoColumns());
  source.column(0).AppendSlot(7);
  source.column(1).AppendBytes("seven");
  source.FinishImage();
  source.column(0).AppendSlot(static_cast<uint64_t>(-3));
  source.column(1).AppendNull();
  source.FinishImage();
  source.column(0).AppendSlot(9);
  source.column(1).AppendAbsent();
  source.FinishImage();

  // Into a batch that already holds an image, in another order: offsets of the bytes column follow.
  ChangeBatch target(TwoColumns());
  target.column(0).AppendSlot(1);
  target.column(1).AppendBytes("one");
  target.FinishImage();
  EXPECT_EQ(target.AppendImageFrom(source, 2), 1u);
  EXPECT_EQ(target.AppendImageFrom(source, 0), 2u);
  EXPECT_EQ(target.AppendImageFrom(source, 1), 3u);

  ASSERT_EQ(target.image_count(), 4u);
  EXPECT_EQ(target.column(1).bytes(0), "one");
  EXPECT_EQ(target.column(0).slot(1), 9u);
  EXPECT_EQ(target.column(1).state(1), CellState::kAbsent);
  EXPECT_EQ(target.column(0).slot(2), 7u);
  EXPECT_EQ(target.column(1).bytes(2), "seven");
  EXPECT_EQ(static_cast<int64_t>(target.column(0).slot(3)), -3);
  EXPECT_EQ(target.column(1).state(3), CellState::kNull);
  EXPECT_EQ(target.column(1).bytes(3), "");
}

}  // namespace
}  // namespace cdc::model
