#include "capture/transaction_buffer.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "model/value_text.h"

namespace cdc::capture {
namespace {

using model::CellState;
using model::ChangeBatch;
using model::ChangeOp;
using model::RowChange;

model::TableSchemaPtr MakeSchema(std::string table, bool with_key = true) {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "db";
  schema->table_name = std::move(table);
  model::ColumnSchema id;
  id.name = "id";
  id.type = model::FieldType::kLong;
  id.kind = model::ValueKind::kInt64;
  id.in_primary_key = with_key;
  model::ColumnSchema text;
  text.name = "s";
  text.type = model::FieldType::kVarchar;
  text.kind = model::ValueKind::kString;
  schema->columns = {id, text};
  if (with_key) schema->primary_key = {0};
  return schema;
}

// One cell to append: a value, NULL or absent.
struct Cell {
  enum Kind { kValue, kNull, kAbsent } kind = kValue;
  int64_t id = 0;
  std::string text;
};
Cell V(int64_t id, std::string text) { return Cell{Cell::kValue, id, std::move(text)}; }
Cell Null() { return Cell{Cell::kNull, 0, {}}; }
Cell Absent() { return Cell{Cell::kAbsent, 0, {}}; }

// Appends an image (id column from `id_cell`, text column from `text_cell`).
uint32_t AddImage(ChangeBatch& batch, const Cell& id_cell, const Cell& text_cell) {
  switch (id_cell.kind) {
    case Cell::kValue: batch.column(0).AppendSlot(static_cast<uint64_t>(id_cell.id)); break;
    case Cell::kNull: batch.column(0).AppendNull(); break;
    case Cell::kAbsent: batch.column(0).AppendAbsent(); break;
  }
  switch (text_cell.kind) {
    case Cell::kValue: batch.column(1).AppendBytes(text_cell.text); break;
    case Cell::kNull: batch.column(1).AppendNull(); break;
    case Cell::kAbsent: batch.column(1).AppendAbsent(); break;
  }
  return batch.FinishImage();
}

// A rows event's batch: one origin, then changes appended with the helpers below.
struct BatchBuilder {
  explicit BatchBuilder(model::TableSchemaPtr schema, uint64_t offset = 100) : batch(std::move(schema)) {
    model::ChangeOrigin origin;
    origin.position = {"binlog.000001", offset, "0-1-7"};
    origin.timestamp = 1700000000;
    origin.end_log_pos = offset + 50;
    batch.AddOrigin(origin);
  }
  BatchBuilder& Insert(int64_t id, std::string text) {
    batch.AddChange(RowChange{ChangeOp::kInsert, RowChange::kNoImage, AddImage(batch, V(id, "x"), V(0, text)), 0});
    return *this;
  }
  BatchBuilder& Delete(int64_t id, std::string text) {
    batch.AddChange(RowChange{ChangeOp::kDelete, AddImage(batch, V(id, "x"), V(0, text)), RowChange::kNoImage, 0});
    return *this;
  }
  BatchBuilder& Update(Cell before_id, Cell before_text, Cell after_id, Cell after_text) {
    uint32_t before = AddImage(batch, before_id, before_text);
    uint32_t after = AddImage(batch, after_id, after_text);
    batch.AddChange(RowChange{ChangeOp::kUpdate, before, after, 0});
    return *this;
  }
  ChangeBatch batch;
};

std::string CellText(const ChangeBatch& batch, size_t column_idx, uint32_t image) {
  const model::ColumnVector& column = batch.column(column_idx);
  switch (column.state(image)) {
    case CellState::kNull: return "NULL";
    case CellState::kAbsent: return "-";
    case CellState::kValue: break;
  }
  std::string out;
  model::AppendValueText(batch.schema().columns[column_idx], column, image, &out);
  return out;
}

std::string ImageText(const ChangeBatch& batch, uint32_t image) {
  if (image == RowChange::kNoImage) return "()";
  std::string out = "(";
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    if (column_idx > 0) out += ",";
    out += CellText(batch, column_idx, image);
  }
  return out + ")";
}

// Every change of a batch as "table op before after @file:offset gtid".
std::vector<std::string> Render(const ChangeBatch& batch) {
  std::vector<std::string> lines;
  for (const RowChange& change : batch.changes()) {
    const model::ChangeOrigin& origin = batch.origins()[change.origin];
    lines.push_back(batch.schema().table_name + " " + model::OpCode(change.op) + " " + ImageText(batch, change.before) +
                    " " + ImageText(batch, change.after) + " @" + origin.position.file + ":" +
                    std::to_string(origin.position.offset) + " " + origin.position.gtid + " t" +
                    std::to_string(origin.timestamp) + " e" + std::to_string(origin.end_log_pos));
  }
  return lines;
}

// Collects a replay: one entry per change plus "DDL ..." lines and batch boundaries.
class Collector : public ReplayTarget {
 public:
  Status OnRows(const ChangeBatch& rows) override {
    batch_sizes.push_back(rows.size());
    for (std::string& line : Render(rows)) lines.push_back(std::move(line));
    return Status::OK();
  }
  Status OnDdl(std::string_view database, std::string_view sql, const model::SourcePosition& position) override {
    batch_sizes.push_back(0);
    lines.push_back("DDL " + std::string(database) + " " + std::string(sql) + " @" + position.file + ":" +
                    std::to_string(position.offset) + " " + position.gtid);
    return Status::OK();
  }
  std::vector<std::string> lines;
  std::vector<size_t> batch_sizes;  // 0 marks a DDL statement
};

std::vector<std::string> ReplayAll(TransactionBuffer& buffer, uint32_t batch_rows = 4096,
                                   std::vector<size_t>* sizes = nullptr) {
  BatchPool pool;
  Collector collector;
  Status status = buffer.Replay(batch_rows, &pool, &collector);
  EXPECT_TRUE(status.ok()) << status.ToString();
  if (sizes != nullptr) *sizes = collector.batch_sizes;
  return collector.lines;
}

TEST(TransactionBufferTest, KeepsValuesNullsAbsentCellsAndOriginsInMemory) {
  auto t = MakeSchema("t");
  BatchBuilder rows(t);
  rows.Insert(1, "one").Insert(2, "");
  rows.Update(V(1, ""), V(0, "one"), V(1, ""), Null());  // key unchanged: stays an update
  rows.Update(V(2, ""), V(0, ""), Absent(), V(0, "two"));  // key absent after: not a key change
  rows.Delete(1, "\x01\xff binary");

  TransactionBuffer buffer(64 << 20, "/tmp");
  ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());
  EXPECT_EQ(buffer.change_count(), 5u);
  EXPECT_EQ(buffer.ddl_count(), 0u);
  EXPECT_GT(buffer.memory_bytes(), 0u);
  EXPECT_EQ(buffer.disk_bytes(), 0u);  // small transactions never touch the disk

  const std::string at = " @binlog.000001:100 0-1-7 t1700000000 e150";
  EXPECT_EQ(ReplayAll(buffer), (std::vector<std::string>{
                                   "t I () (1,one)" + at,
                                   "t I () (2,)" + at,
                                   "t U (1,one) (1,NULL)" + at,
                                   "t U (2,) (-,two)" + at,
                                   "t D (1,\x01\xff binary) ()" + at,
                               }));
}

TEST(TransactionBufferTest, PrimaryKeyUpdateBecomesDeleteThenInsert) {
  auto keyed = MakeSchema("keyed");
  auto unkeyed = MakeSchema("unkeyed", /*with_key=*/false);
  BatchBuilder a(keyed);
  a.Update(V(1, ""), V(0, "a"), V(10, ""), V(0, "a"));   // key 1 -> 10
  a.Update(V(2, ""), V(0, "b"), V(2, ""), V(0, "bb"));   // key kept
  BatchBuilder b(unkeyed);
  b.Update(V(1, ""), V(0, "a"), V(10, ""), V(0, "a"));   // no key known: an update

  TransactionBuffer buffer(64 << 20, "/tmp");
  ASSERT_TRUE(buffer.AppendRows(a.batch).ok());
  ASSERT_TRUE(buffer.AppendRows(b.batch).ok());
  EXPECT_EQ(buffer.change_count(), 4u);
  const std::string at = " @binlog.000001:100 0-1-7 t1700000000 e150";
  EXPECT_EQ(ReplayAll(buffer), (std::vector<std::string>{
                                   "keyed D (1,a) ()" + at,
                                   "keyed I () (10,a)" + at,
                                   "keyed U (2,b) (2,bb)" + at,
                                   "unkeyed U (1,a) (10,a)" + at,
                               }));
}

// Fills a buffer with `events` rows events over two tables and a DDL statement in the middle.
void Fill(TransactionBuffer& buffer, const model::TableSchemaPtr& t, const model::TableSchemaPtr& u, int events) {
  for (int event_idx = 0; event_idx < events; ++event_idx) {
    BatchBuilder rows(event_idx % 3 == 2 ? u : t, 1000 + static_cast<uint64_t>(event_idx) * 100);
    for (int row_idx = 0; row_idx < 7; ++row_idx) {
      const int64_t id = event_idx * 10 + row_idx;
      rows.Insert(id, std::string(static_cast<size_t>(row_idx) * 13, static_cast<char>('a' + row_idx)));
    }
    rows.Update(V(event_idx, ""), V(0, "k"), V(event_idx + 100000, ""), V(0, "k"));
    ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());
    if (event_idx == events / 2) {
      ASSERT_TRUE(buffer.AppendDdl("db", "ALTER TABLE t ADD c INT", {"binlog.000001", 777, "0-1-7"}).ok());
    }
  }
}

TEST(TransactionBufferTest, SpillsPastTheMemoryLimitAndReplaysTheSame) {
  auto t = MakeSchema("t");
  auto u = MakeSchema("u");
  TransactionBuffer in_memory(64 << 20, "/tmp");
  Fill(in_memory, t, u, 200);
  TransactionBuffer spilling(4096, "/tmp");
  Fill(spilling, t, u, 200);

  EXPECT_EQ(in_memory.disk_bytes(), 0u);
  EXPECT_GT(spilling.disk_bytes(), 0u);
  EXPECT_LE(spilling.memory_bytes(), 4096u);
  EXPECT_EQ(spilling.change_count(), in_memory.change_count());
  EXPECT_EQ(spilling.change_count(), 200u * 9);  // 7 inserts + a key update split in two
  EXPECT_EQ(spilling.ddl_count(), 1u);
  std::vector<std::string> expected = ReplayAll(in_memory);
  EXPECT_EQ(expected.size(), 200u * 9 + 1);
  EXPECT_EQ(ReplayAll(spilling), expected);
  // Replay leaves the contents in place.
  EXPECT_EQ(ReplayAll(spilling), expected);
}

TEST(TransactionBufferTest, BatchesHoldOneTableRunUpToBatchRows) {
  auto t = MakeSchema("t");
  auto u = MakeSchema("u");
  TransactionBuffer buffer(1 << 20, "/tmp");
  BatchBuilder t1(t);
  for (int i = 0; i < 5; ++i) t1.Insert(i, "x");
  BatchBuilder t2(t, 200);
  for (int i = 5; i < 9; ++i) t2.Insert(i, "x");
  BatchBuilder u1(u, 300);
  u1.Insert(1, "y");
  ASSERT_TRUE(buffer.AppendRows(t1.batch).ok());
  ASSERT_TRUE(buffer.AppendRows(t2.batch).ok());  // same table: joins the run
  ASSERT_TRUE(buffer.AppendDdl("db", "DROP TABLE v", {"binlog.000001", 250, ""}).ok());
  ASSERT_TRUE(buffer.AppendRows(u1.batch).ok());
  ASSERT_TRUE(buffer.AppendRows(t1.batch).ok());

  std::vector<size_t> sizes;
  std::vector<std::string> lines = ReplayAll(buffer, 4, &sizes);
  // 9 changes of t in batches of 4, 4, 1; the DDL; 1 of u; 5 of t in 4, 1.
  EXPECT_EQ(sizes, (std::vector<size_t>{4, 4, 1, 0, 1, 4, 1}));
  ASSERT_EQ(lines.size(), 9u + 1 + 1 + 5);
  EXPECT_EQ(lines[9], "DDL db DROP TABLE v @binlog.000001:250 ");
  EXPECT_EQ(lines[5], "t I () (5,x) @binlog.000001:200 0-1-7 t1700000000 e250");  // a batch spans two origins
}

TEST(TransactionBufferTest, ARecordLargerThanTheReadChunkComesBackWhole) {
  auto t = MakeSchema("t");
  TransactionBuffer buffer(1024, "/tmp");
  BatchBuilder big(t);
  const std::string large(3 << 20, 'z');
  big.Insert(1, large).Insert(2, "small");
  BatchBuilder small(t, 200);
  small.Insert(3, "s");
  ASSERT_TRUE(buffer.AppendRows(small.batch).ok());
  ASSERT_TRUE(buffer.AppendRows(big.batch).ok());
  ASSERT_TRUE(buffer.AppendRows(small.batch).ok());
  EXPECT_GT(buffer.disk_bytes(), large.size());
  std::vector<std::string> lines = ReplayAll(buffer);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[1].size(), std::string("t I () (1,) @binlog.000001:100 0-1-7 t1700000000 e150").size() + large.size());
  EXPECT_EQ(lines[2], "t I () (2,small) @binlog.000001:100 0-1-7 t1700000000 e150");
}

TEST(TransactionBufferTest, ClearAndSpillReuseTheBuffer) {
  auto t = MakeSchema("t");
  auto u = MakeSchema("u");
  TransactionBuffer buffer(2048, "/tmp");
  Fill(buffer, t, u, 50);
  EXPECT_GT(buffer.disk_bytes(), 0u);
  ASSERT_TRUE(buffer.Clear().ok());
  EXPECT_TRUE(buffer.empty());
  EXPECT_EQ(buffer.disk_bytes(), 0u);
  EXPECT_EQ(buffer.memory_bytes(), 0u);
  EXPECT_EQ(buffer.change_count(), 0u);
  EXPECT_TRUE(ReplayAll(buffer).empty());

  // Reused for a second transaction, then moved to disk entirely (a prepared XA waiting).
  BatchBuilder rows(t);
  rows.Insert(5, "five");
  ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());
  EXPECT_EQ(buffer.disk_bytes(), 0u);
  ASSERT_TRUE(buffer.Spill().ok());
  EXPECT_EQ(buffer.memory_bytes(), 0u);
  EXPECT_GT(buffer.disk_bytes(), 0u);
  ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());  // appending after a spill works too
  EXPECT_EQ(ReplayAll(buffer), (std::vector<std::string>(2, "t I () (5,five) @binlog.000001:100 0-1-7 t1700000000 e150")));
}

TEST(TransactionBufferTest, RollbackToAMarkInMemoryOrInTheSpillFile) {
  auto t = MakeSchema("t");
  for (uint64_t limit : {uint64_t{64} << 20, uint64_t{300}}) {
    SCOPED_TRACE("memory limit " + std::to_string(limit));
    TransactionBuffer buffer(limit, "/tmp");
    auto append = [&](int64_t id) {
      BatchBuilder rows(t);
      rows.Insert(id, std::string(100, 'a'));
      ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());
    };
    append(1);
    const TransactionBuffer::Mark first = buffer.GetMark();
    append(2);
    append(3);
    const TransactionBuffer::Mark second = buffer.GetMark();
    append(4);
    ASSERT_TRUE(buffer.RollbackTo(second).ok());
    EXPECT_EQ(buffer.change_count(), 3u);
    append(5);
    ASSERT_TRUE(buffer.RollbackTo(first).ok());
    EXPECT_EQ(buffer.change_count(), 1u);
    if (limit == 300) {
      EXPECT_GT(buffer.disk_bytes(), 0u);  // the first record went to disk before the mark
    }
    append(6);
    std::vector<std::string> lines = ReplayAll(buffer);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].substr(0, 8), "t I () (");
    EXPECT_EQ(lines[0][8], '1');
    EXPECT_EQ(lines[1][8], '6');
  }
}

TEST(TransactionBufferTest, SpillDirectoryErrorsAreIOErrors) {
  auto t = MakeSchema("t");
  TransactionBuffer buffer(16, "/nonexistent/lakefeed-spill-dir");
  BatchBuilder rows(t);
  rows.Insert(1, "one");
  ASSERT_TRUE(buffer.AppendRows(rows.batch).ok());  // the first record stays in memory
  Status status = buffer.AppendRows(rows.batch);
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_NE(status.message().find("/nonexistent/lakefeed-spill-dir"), std::string::npos) << status.ToString();
}

TEST(TransactionBufferTest, RejectsAHalfWrittenImage) {
  auto t = MakeSchema("t");
  ChangeBatch batch(t);
  batch.column(0).AppendSlot(1);  // the text column has no cell
  batch.AddChange(RowChange{ChangeOp::kInsert, RowChange::kNoImage, 0, 0});
  TransactionBuffer buffer(1 << 20, "/tmp");
  EXPECT_TRUE(buffer.AppendRows(batch).IsInvalidArgument());
}

TEST(BatchPoolTest, ReusesBatchesPerSchemaAndEvictsTheLeastRecentlyUsed) {
  BatchPool pool(2);
  auto a = MakeSchema("a");
  auto b = MakeSchema("b");
  auto c = MakeSchema("c");
  ChangeBatch* batch_a = pool.Get(a);
  batch_a->column(0).AppendSlot(1);
  EXPECT_EQ(pool.Get(a), batch_a);
  EXPECT_EQ(batch_a->column(0).size(), 0u);  // handed out empty
  ChangeBatch* batch_b = pool.Get(b);
  EXPECT_NE(batch_b, batch_a);
  pool.Get(a);                       // b is now the least recently used
  ChangeBatch* batch_c = pool.Get(c);
  EXPECT_EQ(batch_c, batch_b);       // b's batch was reset for c
  EXPECT_EQ(&batch_c->schema(), c.get());
}

}  // namespace
}  // namespace cdc::capture
