#include "merge/reducer.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cdc::merge {
namespace {

// shop.t (id BIGINT, name VARCHAR NULL), key id.
model::TableSchemaPtr Table() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "t";
  model::ColumnSchema id;
  id.name = "id";
  id.type = model::FieldType::kLongLong;
  id.kind = model::ValueKind::kInt64;
  id.in_primary_key = true;
  model::ColumnSchema name;
  name.name = "name";
  name.type = model::FieldType::kVarchar;
  name.kind = model::ValueKind::kString;
  table->columns = {id, name};
  table->primary_key = {0};
  return table;
}

struct Change {
  char op;  // I, U, D
  int64_t id;
  std::optional<std::string> name;
  uint64_t order;
};

void AddImage(model::ChangeBatch* batch, int64_t id, const std::optional<std::string>& name) {
  batch->column(0).AppendSlot(static_cast<uint64_t>(id));
  if (name) {
    batch->column(1).AppendBytes(*name);
  } else {
    batch->column(1).AppendNull();
  }
}

model::ChangeBatch Batch(const std::vector<Change>& changes) {
  model::ChangeBatch batch(Table());
  batch.AddOrigin({});
  for (const Change& change : changes) {
    AddImage(&batch, change.id, change.name);
    const uint32_t image = batch.FinishImage();
    model::RowChange row;
    row.op = change.op == 'I' ? model::ChangeOp::kInsert
             : change.op == 'U' ? model::ChangeOp::kUpdate
                                : model::ChangeOp::kDelete;
    (change.op == 'D' ? row.before : row.after) = image;
    batch.AddChange(row);
  }
  return batch;
}

struct Outcome {
  std::map<int64_t, std::optional<std::string>> rows;  // the data file
  std::set<int64_t> touched;                           // the equality delete file
};

Outcome Reduce(const std::vector<Change>& changes) {
  model::ChangeBatch batch = Batch(changes);
  Reducer reducer(batch.schema_ptr());
  for (size_t change_idx = 0; change_idx < changes.size(); ++change_idx) {
    EXPECT_TRUE(reducer.Add(batch, change_idx, changes[change_idx].order).ok());
  }
  size_t upserts = 0;
  model::ChangeBatch out = reducer.Finish(&upserts);
  Outcome outcome;
  for (size_t change_idx = 0; change_idx < out.size(); ++change_idx) {
    const model::RowChange& change = out.changes()[change_idx];
    const bool is_upsert = change_idx < upserts;
    EXPECT_EQ(change.op, is_upsert ? model::ChangeOp::kInsert : model::ChangeOp::kDelete);
    const uint32_t image = is_upsert ? change.after : change.before;
    const int64_t id = static_cast<int64_t>(out.column(0).slot(image));
    outcome.touched.insert(id);
    if (is_upsert) {
      outcome.rows[id] = out.column(1).is_value(image) ? std::optional<std::string>(std::string(out.column(1).bytes(image)))
                                                       : std::nullopt;
    }
  }
  EXPECT_EQ(outcome.touched.size(), out.size()) << "one change per key";
  return outcome;
}

struct Case {
  std::string name;
  std::vector<Change> changes;
  std::map<int64_t, std::optional<std::string>> rows;
  std::set<int64_t> touched;
};

TEST(ReducerTest, LastChangePerKeyBySeq) {
  const std::vector<Case> cases = {
      {"inserts", {{'I', 1, "a", 1}, {'I', 2, "b", 2}}, {{1, "a"}, {2, "b"}}, {1, 2}},
      {"update keeps the last image", {{'I', 1, "a", 1}, {'U', 1, "b", 2}, {'U', 1, "c", 3}}, {{1, "c"}}, {1}},
      {"update of a row from an earlier batch is an upsert", {{'U', 7, "x", 5}}, {{7, "x"}}, {7}},
      {"delete that is last wins", {{'I', 1, "a", 1}, {'U', 1, "b", 2}, {'D', 1, "b", 3}}, {}, {1}},
      {"delete of an older row", {{'D', 4, "old", 9}}, {}, {4}},
      {"insert after a delete revives the row", {{'D', 1, "a", 1}, {'I', 1, "new", 2}}, {{1, "new"}}, {1}},
      {"delete, reinsert, delete", {{'I', 1, "a", 1}, {'D', 1, "a", 2}, {'I', 1, "b", 3}, {'D', 1, "b", 4}}, {}, {1}},
      {"a key update moves the row", {{'I', 1, "a", 1}, {'D', 1, "a", 2}, {'I', 2, "a", 3}}, {{2, "a"}}, {1, 2}},
      {"a key update onto a deleted key", {{'D', 2, "b", 1}, {'D', 1, "a", 2}, {'I', 2, "a", 3}}, {{2, "a"}}, {1, 2}},
      {"swap of two keys through a third",
       {{'D', 1, "a", 1}, {'I', 3, "a", 2}, {'D', 2, "b", 3}, {'I', 1, "b", 4}, {'D', 3, "a", 5}, {'I', 2, "a", 6}},
       {{1, "b"}, {2, "a"}},
       {1, 2, 3}},
      {"changes out of order: the highest seq wins", {{'U', 1, "late", 5}, {'U', 1, "early", 3}}, {{1, "late"}}, {1}},
      {"a stale delete does not undo a later insert", {{'I', 1, "a", 8}, {'D', 1, "a", 2}}, {{1, "a"}}, {1}},
      {"a replayed change (same seq) changes nothing", {{'U', 1, "a", 4}, {'D', 1, "a", 4}}, {{1, "a"}}, {1}},
      {"null values survive", {{'I', 1, std::nullopt, 1}}, {{1, std::nullopt}}, {1}},
  };
  for (const Case& test : cases) {
    SCOPED_TRACE(test.name);
    Outcome outcome = Reduce(test.changes);
    EXPECT_EQ(outcome.rows, test.rows);
    EXPECT_EQ(outcome.touched, test.touched);
  }
}

TEST(ReducerTest, DmsOrderIsFileThenRow) {
  // DMS files have no seq: the merge numbers changes in file order (LOAD files first), then row order,
  // so a later row of the same file wins, and a CDC file wins over the LOAD file.
  const std::vector<Change> load = {{'I', 1, "load", 1}, {'I', 2, "load", 2}};
  const std::vector<Change> cdc = {{'U', 1, "u1", 3}, {'U', 1, "u2", 4}, {'D', 2, "load", 5}, {'I', 2, "back", 6}};
  std::vector<Change> all = load;
  all.insert(all.end(), cdc.begin(), cdc.end());
  Outcome outcome = Reduce(all);
  EXPECT_EQ(outcome.rows, (std::map<int64_t, std::optional<std::string>>{{1, "u2"}, {2, "back"}}));
}

TEST(ReducerTest, MemoryFollowsDistinctKeysNotChanges) {
  model::ChangeBatch batch = Batch({});
  Reducer reducer(batch.schema_ptr());
  // 100k updates of 10 keys: the reducer keeps 10 entries and compacts away superseded images.
  model::ChangeBatch updates(batch.schema_ptr());
  updates.AddOrigin({});
  for (int change_idx = 0; change_idx < 100000; ++change_idx) {
    AddImage(&updates, change_idx % 10, "v" + std::to_string(change_idx));
    model::RowChange row;
    row.op = model::ChangeOp::kUpdate;
    row.after = updates.FinishImage();
    updates.AddChange(row);
  }
  for (size_t change_idx = 0; change_idx < updates.size(); ++change_idx) {
    ASSERT_TRUE(reducer.Add(updates, change_idx, change_idx + 1).ok());
  }
  EXPECT_EQ(reducer.key_count(), 10u);
  EXPECT_EQ(reducer.changes_added(), 100000u);
  size_t upserts = 0;
  model::ChangeBatch out = reducer.Finish(&upserts);
  ASSERT_EQ(upserts, 10u);
  for (size_t change_idx = 0; change_idx < out.size(); ++change_idx) {
    const uint32_t image = out.changes()[change_idx].after;
    const int64_t id = static_cast<int64_t>(out.column(0).slot(image));
    EXPECT_EQ(out.column(1).bytes(image), "v" + std::to_string(99990 + id));
  }
}

TEST(ReducerTest, RefusesChangesWithoutKey) {
  model::ChangeBatch batch(Table());
  batch.AddOrigin({});
  batch.column(0).AppendNull();
  batch.column(1).AppendBytes("x");
  model::RowChange row;
  row.after = batch.FinishImage();
  batch.AddChange(row);
  model::RowChange no_image;
  no_image.op = model::ChangeOp::kDelete;
  batch.AddChange(no_image);
  Reducer reducer(batch.schema_ptr());
  EXPECT_TRUE(reducer.Add(batch, 0, 1).IsInvalidArgument());
  EXPECT_TRUE(reducer.Add(batch, 1, 2).IsInvalidArgument());
  EXPECT_EQ(reducer.key_count(), 0u);
}

}  // namespace
}  // namespace cdc::merge
