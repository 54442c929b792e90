// The capture into Parquet change files (target.format: parquet): a full load and then inserts, updates
// (of the key too) and deletes, each `lakefeed sync` committing Parquet LOAD and change files. DuckDB, an
// independent reader, reads every file of the table, keeps each key's latest row by _lakefeed_seq and drops
// deleted keys; the result must equal SELECT on the source, value for value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "capture_check.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

// The rows of a query, as lines of tab-separated values (NULL as \N).
Result<std::vector<std::string>> DuckDbRows(const std::string& sql) {
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand({"node", LAKEFEED_DUCKDB_QUERY, sql}, std::chrono::minutes(2)));
  if (result.exit_code != 0) return Status::IOError("DuckDB query failed", result.stderr_text);
  std::vector<std::string> rows;
  size_t begin = 0;
  while (begin < result.stdout_text.size()) {
    size_t end = result.stdout_text.find('\n', begin);
    if (end == std::string::npos) end = result.stdout_text.size();
    rows.push_back(result.stdout_text.substr(begin, end - begin));
    begin = end + 1;
  }
  return rows;
}

Result<std::vector<std::string>> SourceRows(MariaDbSandbox& db, const std::string& sql) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, client->QueryRows(sql));
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::string line;
    for (size_t idx = 0; idx < row.size(); ++idx) {
      if (idx > 0) line += "\t";
      line += row[idx] ? *row[idx] : "\\N";
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

TEST(CaptureParquet, LoadAndChangesReadByDuckDbEqualSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE pq").ok());
  ASSERT_TRUE(db.Query("CREATE TABLE pq.t (id INT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(10,2), n BIGINT, "
                       "d DATE, note TEXT NULL)")
                  .ok());
  ASSERT_TRUE(db.Query("SET SESSION max_recursive_iterations = 1000000; INSERT INTO pq.t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) "
                       "SELECT i, CONCAT('name ', i, IF(i MOD 7 = 0, ' \xc3\xa9', '')), i * 1.25 - 100, i * 1000003, "
                       "DATE_ADD('2020-01-01', INTERVAL i DAY), IF(i MOD 5 = 0, NULL, REPEAT('n', i MOD 50)) FROM s")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {"pq.%"};
  options.start = "full-load-and-cdc";
  options.format = "parquet";
  options.settings = {{"CdcMaxBatchInterval", "1"}, {"RowGroupLength", "1000"}, {"ParquetCompression", "SNAPPY"}};
  options.extra_yaml = "full_load:\n  chunk_rows: 700\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> loaded = task->Run("sync");
  ASSERT_TRUE(loaded.ok());
  ASSERT_EQ(loaded->exit_code, 0) << DescribeRun(*loaded, *task);

  for (const char* sql : {"UPDATE pq.t SET amount = amount * 2, note = 'updated' WHERE id MOD 10 = 3",
                          "DELETE FROM pq.t WHERE id MOD 10 = 4",
                          "UPDATE pq.t SET id = id + 100000 WHERE id MOD 100 = 5",
                          "INSERT INTO pq.t VALUES (5000000, NULL, NULL, NULL, NULL, NULL)",
                          "UPDATE pq.t SET name = 'again' WHERE id MOD 10 = 3"}) {
    ASSERT_TRUE(db.Query(sql).ok()) << sql;
  }
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok());
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  EXPECT_GE(CountFiles(task->lake_dir() + "/pq/t"), 2u);

  const std::string files = task->lake_dir() + "/pq/t/**/*.parquet";
  Result<std::vector<std::string>> lake = DuckDbRows(
      "WITH latest AS (SELECT *, row_number() OVER (PARTITION BY id ORDER BY _lakefeed_seq DESC) AS rn "
      "FROM read_parquet('" + files + "', union_by_name = true)) "
      "SELECT id, name, amount, n, d, note FROM latest WHERE rn = 1 AND coalesce(Op, 'I') <> 'D' ORDER BY id");
  ASSERT_TRUE(lake.ok()) << lake.status().ToString();
  Result<std::vector<std::string>> source = SourceRows(db, "SELECT id, name, amount, n, d, note FROM pq.t ORDER BY id");
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  ASSERT_EQ(lake->size(), source->size());
  EXPECT_EQ(*lake, *source);
  // ParquetCompression reached the files.
  Result<std::vector<std::string>> codecs =
      DuckDbRows("SELECT DISTINCT compression FROM parquet_metadata('" + files + "')");
  ASSERT_TRUE(codecs.ok()) << codecs.status().ToString();
  EXPECT_EQ(*codecs, std::vector<std::string>{"SNAPPY"});
  // The LOAD files are Parquet too, and DuckDB sees the declared types.
  Result<std::vector<std::string>> types = DuckDbRows(
      "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('" + task->lake_dir() +
      "/pq/t/LOAD00000001.parquet')) ORDER BY column_name");
  ASSERT_TRUE(types.ok()) << types.status().ToString();
  EXPECT_EQ(*types, (std::vector<std::string>{"_lakefeed_commit_us\tBIGINT", "_lakefeed_seq\tBIGINT", "amount\tDECIMAL(10,2)",
                                              "d\tDATE", "id\tINTEGER", "n\tBIGINT", "name\tVARCHAR", "note\tVARCHAR"}));
}

}  // namespace
}  // namespace cdc::harness
