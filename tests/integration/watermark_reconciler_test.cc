// The watermark method's reconciliation (src/pipeline/watermarks.h) against a real MariaDB, step by step: a
// chunk is read, then the source changes, then the chunk is reconciled with the binlog between its
// watermarks. The result must be the chunk's key range as SELECT shows it after the changes -- changes to
// keys outside the range left out, a primary-key update that leaves or enters the range honoured, a
// rolled-back transaction ignored. Deterministic, where FullLoad.WatermarksUnderConcurrentWritesThenStreamEquals-
// Select (full_load_test.cc) checks the whole method under random writes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "harness/sandbox_environment.h"
#include "mysql/binlog_stream.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"
#include "pipeline/watermarks.h"
#include "snapshot/chunk_key.h"
#include "snapshot/row_reader.h"

namespace cdc::harness {
namespace {

// A table's reading side: its definition, schema, key, and a connection set up as the full load's are.
struct TableUnderTest {
  std::unique_ptr<mysql::Connection> connection;
  mysql::TableHints definition;
  model::TableSchemaPtr schema;
  snapshot::ChunkingKey key;
};

class WatermarkReconcilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = MariaDbEnvironment::sandbox();
    ASSERT_NE(db_, nullptr) << "the MariaDB sandbox did not start";
    config_.source.host = db_->host();
    config_.source.port = db_->port();
    config_.source.user = db_->user();
    config_.source.password = db_->password();
    config_.capture.work_dir = db_->dir() + "/watermark-work";
    mkdir(config_.capture.work_dir.c_str(), 0700);
  }

  mysql::ConnectionOptions Options() const {
    mysql::ConnectionOptions options;
    options.host = config_.source.host;
    options.port = config_.source.port;
    options.user = config_.source.user;
    options.password = config_.source.password;
    return options;
  }

  Result<TableUnderTest> Open(const std::string& schema, const std::string& table) {
    TableUnderTest out;
    CDC_ASSIGN_OR_RETURN(out.connection, mysql::Connection::Connect(Options()));
    for (const std::string& statement : snapshot::RowReader::SessionSetup()) {
      CDC_RETURN_IF_ERROR(out.connection->Execute(statement));
    }
    CDC_ASSIGN_OR_RETURN(out.definition, mysql::ReadTableHints(*out.connection, schema, table));
    CDC_ASSIGN_OR_RETURN(out.schema, snapshot::SchemaFromDefinition(out.definition, out.connection->flavor()));
    std::vector<std::string> names;
    for (const model::ColumnSchema& column : out.schema->columns) names.push_back(column.name);
    CDC_ASSIGN_OR_RETURN(std::vector<std::vector<uint32_t>> unique_keys,
                         snapshot::ReadUniqueKeys(*out.connection, schema, table, names));
    out.key = snapshot::ChooseChunkingKey(*out.schema, unique_keys);
    return out;
  }

  // A reconciler whose low watermark is the binlog's end now (margin 0: nothing is being committed here).
  Result<std::unique_ptr<pipeline::BinlogReconciler>> Reconciler(TableUnderTest& table) {
    auto clock = std::make_shared<pipeline::WatermarkClock>(0);
    CDC_ASSIGN_OR_RETURN(mysql::BinlogEnd end, mysql::ReadBinlogEnd(*table.connection));
    clock->Add({end.file, end.position, end.gtid});
    auto reconciler =
        std::make_unique<pipeline::BinlogReconciler>(config_, clock, table.definition, table.schema, table.key);
    CDC_RETURN_IF_ERROR(reconciler->BeginChunk([] { return false; }));
    return reconciler;
  }

  // Reads `where_order` ("WHERE ... ORDER BY ...") of the table into the reconciler, as a chunk.
  Status ReadChunk(TableUnderTest& table, pipeline::BinlogReconciler& reconciler, const std::string& where_order) {
    snapshot::RowReader reader(table.schema);
    model::ChangeBatch rows(table.schema);
    rows.AddOrigin({});
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::RowCursor> cursor,
                         table.connection->OpenCursor("SELECT " + reader.select_list() + " FROM `" +
                                                      table.schema->schema_name + "`.`" + table.schema->table_name +
                                                      "` " + where_order));
    mysql::TextRow row;
    while (true) {
      CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
      if (!more) break;
      CDC_RETURN_IF_ERROR(reader.AppendInsert(row, 0, &rows));
    }
    return reconciler.Keep(rows);
  }

  // The reconciled rows as "<col>|<col>|..." lines (NULL as \N), in the order handed over.
  static Result<std::vector<std::string>> Reconciled(pipeline::BinlogReconciler& reconciler) {
    std::vector<std::string> lines;
    // Small batches (2 rows, 16 bytes of strings): the rows cross batch boundaries.
    CDC_RETURN_IF_ERROR(reconciler.Replay(2, 16, [&](model::ChangeBatch& rows) -> Status {
      for (const model::RowChange& change : rows.changes()) {
        std::string line;
        for (size_t column_idx = 0; column_idx < rows.column_count(); ++column_idx) {
          const model::ColumnVector& column = rows.column(column_idx);
          if (column_idx > 0) line += "|";
          if (!column.is_value(change.after)) {
            line += "\\N";
          } else if (model::IsBytesKind(rows.schema().columns[column_idx].kind)) {
            line += std::string(column.bytes(change.after));
          } else {
            line += std::to_string(static_cast<int64_t>(column.slot(change.after)));
          }
        }
        lines.push_back(std::move(line));
      }
      return Status::OK();
    }));
    return lines;
  }

  // The rows SELECT returns, as Reconciled prints them (integer and string columns only).
  Result<std::vector<std::string>> Select(const std::string& sql) {
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, mysql::Connection::Connect(Options()));
    CDC_ASSIGN_OR_RETURN(mysql::QueryResult result, connection->Query(sql));
    std::vector<std::string> lines;
    for (const auto& row : result.rows) {
      std::string line;
      for (size_t cell_idx = 0; cell_idx < row.size(); ++cell_idx) {
        if (cell_idx > 0) line += "|";
        line += row[cell_idx] ? *row[cell_idx] : "\\N";
      }
      lines.push_back(std::move(line));
    }
    return lines;
  }

  MariaDbSandbox* db_ = nullptr;
  pipeline::TaskConfig config_;
};

TEST_F(WatermarkReconcilerTest, OrderableChunkTakesTheChangesToItsKeyRange) {
  ASSERT_TRUE(db_->Query("CREATE DATABASE wmr_int").ok());
  ASSERT_TRUE(db_->Query("CREATE TABLE wmr_int.t (id INT PRIMARY KEY, v VARCHAR(20), n INT)").ok());
  ASSERT_TRUE(db_->Query("INSERT INTO wmr_int.t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 20) "
                         "SELECT i, 'a', i FROM s WHERE i <> 7").ok());
  Result<TableUnderTest> table = Open("wmr_int", "t");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_TRUE(table->key.orderable);
  Result<std::unique_ptr<pipeline::BinlogReconciler>> reconciler = Reconciler(*table);
  ASSERT_TRUE(reconciler.ok()) << reconciler.status().ToString();
  // The chunk: keys after 2, through 10.
  ASSERT_TRUE(ReadChunk(*table, **reconciler, "WHERE id > 2 AND id <= 10 ORDER BY id").ok());

  // Committed after the SELECT, so between the watermarks: the SELECT saw none of these.
  for (const char* sql : {
           "UPDATE wmr_int.t SET v = 'updated' WHERE id = 4",
           "DELETE FROM wmr_int.t WHERE id = 6",
           "INSERT INTO wmr_int.t VALUES (0, 'before the range', 0)",   // outside: the previous chunk's
           "INSERT INTO wmr_int.t VALUES (25, 'after the range', 0)",   // outside: the next chunk's
           "UPDATE wmr_int.t SET id = 30 WHERE id = 8",                 // leaves the range
           "UPDATE wmr_int.t SET id = 7, v = 'moved in' WHERE id = 12",  // enters it
           "UPDATE wmr_int.t SET n = n + 100 WHERE id BETWEEN 9 AND 11",
           "BEGIN; UPDATE wmr_int.t SET v = 'rolled back' WHERE id = 3; ROLLBACK",
           "UPDATE wmr_int.t SET v = 'twice' WHERE id = 5; UPDATE wmr_int.t SET v = 'last' WHERE id = 5",
       }) {
    ASSERT_TRUE(db_->Query(sql).ok()) << sql;
  }
  Result<snapshot::SnapshotPoint> high =
      (*reconciler)->EndChunk(snapshot::ChunkKey{{2, ""}}, snapshot::ChunkKey{{10, ""}});
  ASSERT_TRUE(high.ok()) << high.status().ToString();

  Result<std::vector<std::string>> reconciled = Reconciled(**reconciler);
  ASSERT_TRUE(reconciled.ok()) << reconciled.status().ToString();
  Result<std::vector<std::string>> expected = Select("SELECT id, v, n FROM wmr_int.t WHERE id > 2 AND id <= 10 ORDER BY id");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*reconciled, *expected);  // in key order too
  EXPECT_EQ(reconciled->size(), 6u);  // 3 4 5 7 9 10, no 6 or 8: the changes were applied
}

TEST_F(WatermarkReconcilerTest, TableReadWholeTakesEveryChangeByItsKeyBytes) {
  ASSERT_TRUE(db_->Query("CREATE DATABASE wmr_ci").ok());
  ASSERT_TRUE(db_->Query("CREATE TABLE wmr_ci.t (k VARCHAR(10) COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)").ok());
  ASSERT_TRUE(db_->Query("INSERT INTO wmr_ci.t VALUES ('a', 1), ('b', 2), ('C', 3), ('d ', 4)").ok());
  Result<TableUnderTest> table = Open("wmr_ci", "t");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_FALSE(table->key.orderable);  // a case-insensitive key: only the server orders it
  Result<std::unique_ptr<pipeline::BinlogReconciler>> reconciler = Reconciler(*table);
  ASSERT_TRUE(reconciler.ok()) << reconciler.status().ToString();
  ASSERT_TRUE(ReadChunk(*table, **reconciler, "").ok());
  for (const char* sql : {"UPDATE wmr_ci.t SET k = 'A' WHERE k = 'a'", "DELETE FROM wmr_ci.t WHERE k = 'b'",
                          "INSERT INTO wmr_ci.t VALUES ('e', 5)", "UPDATE wmr_ci.t SET v = 40 WHERE k = 'd'"}) {
    ASSERT_TRUE(db_->Query(sql).ok()) << sql;
  }
  Result<snapshot::SnapshotPoint> high = (*reconciler)->EndChunk(std::nullopt, std::nullopt);
  ASSERT_TRUE(high.ok()) << high.status().ToString();
  Result<std::vector<std::string>> reconciled = Reconciled(**reconciler);
  ASSERT_TRUE(reconciled.ok()) << reconciled.status().ToString();
  std::sort(reconciled->begin(), reconciled->end());
  Result<std::vector<std::string>> expected = Select("SELECT k, v FROM wmr_ci.t ORDER BY BINARY k");
  ASSERT_TRUE(expected.ok());
  EXPECT_EQ(*reconciled, *expected);
  EXPECT_EQ(*reconciled, (std::vector<std::string>{"A|1", "C|3", "d |40", "e|5"}));
}

TEST_F(WatermarkReconcilerTest, KeylessTableChangedBetweenTheWatermarksIsReadAgain) {
  ASSERT_TRUE(db_->Query("CREATE DATABASE wmr_keyless").ok());
  ASSERT_TRUE(db_->Query("CREATE TABLE wmr_keyless.t (a INT, b INT)").ok());
  ASSERT_TRUE(db_->Query("CREATE TABLE wmr_keyless.other (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(db_->Query("INSERT INTO wmr_keyless.t VALUES (1, 1), (1, 1), (2, 2)").ok());
  Result<TableUnderTest> table = Open("wmr_keyless", "t");
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_TRUE(table->key.columns.empty());

  // Quiet between the watermarks (other tables may change): the rows as read.
  Result<std::unique_ptr<pipeline::BinlogReconciler>> quiet = Reconciler(*table);
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();
  ASSERT_TRUE(ReadChunk(*table, **quiet, "").ok());
  ASSERT_TRUE(db_->Query("INSERT INTO wmr_keyless.other VALUES (1)").ok());
  ASSERT_TRUE((*quiet)->EndChunk(std::nullopt, std::nullopt).ok());
  Result<std::vector<std::string>> rows = Reconciled(**quiet);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->size(), 3u);

  // Changed: the chunk must be read again.
  Result<std::unique_ptr<pipeline::BinlogReconciler>> changed = Reconciler(*table);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  ASSERT_TRUE(ReadChunk(*table, **changed, "").ok());
  ASSERT_TRUE(db_->Query("DELETE FROM wmr_keyless.t WHERE a = 1 LIMIT 1").ok());
  Result<snapshot::SnapshotPoint> high = (*changed)->EndChunk(std::nullopt, std::nullopt);
  ASSERT_FALSE(high.ok());
  EXPECT_TRUE(high.status().IsConflict()) << high.status().ToString();
}

}  // namespace
}  // namespace cdc::harness
