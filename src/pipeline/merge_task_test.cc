#include "pipeline/merge_task.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "metrics/registry.h"
#include "store/mem_store.h"
#include "trigger/s3_event.h"

namespace cdc::pipeline {
namespace {

TEST(MergeTaskTest, SplitSqlStatementsAtSemicolonsOutsideQuotesAndComments) {
  const std::string sql =
      "-- the DMS tables; one per statement\n"
      "CREATE TABLE shop.a (id INT PRIMARY KEY, s ENUM('x;y', 'it''s') COMMENT \"a;b\");\n"
      "/* a comment; with a semicolon */ CREATE TABLE `shop`.`b;c` (id INT PRIMARY KEY) # trailing; comment\n"
      ";;\n"
      "  CREATE TABLE shop.d (s VARCHAR(5) DEFAULT 'a\\';b', id INT PRIMARY KEY)  ";
  const std::vector<std::string> statements = SplitSqlStatements(sql);
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE shop.a (id INT PRIMARY KEY, s ENUM('x;y', 'it''s') COMMENT \"a;b\")");
  EXPECT_EQ(statements[1], "CREATE TABLE `shop`.`b;c` (id INT PRIMARY KEY)");
  EXPECT_EQ(statements[2], "CREATE TABLE shop.d (s VARCHAR(5) DEFAULT 'a\\';b', id INT PRIMARY KEY)");
  EXPECT_TRUE(SplitSqlStatements(" ;\n-- nothing\n").empty());
}

TEST(MergeTaskTest, OptionsFromTheConfig) {
  TaskConfig config;
  config.target.settings.format = "parquet";
  config.target.settings.output.ordering_columns = false;
  config.capture.work_dir = "/var/lib/lakefeed/work/";
  config.merge.warehouse = "file:///tmp/wh";
  config.merge.max_batch_changes = 10;
  config.merge.compact_delete_files = 0;
  config.merge.source_flavor = "mysql";
  const std::string path =
      (std::filesystem::temp_directory_path() / ("merge_task_test_" + std::to_string(getpid()) + ".sql")).string();
  std::ofstream(path) << "CREATE TABLE s.t (id INT PRIMARY KEY);\nCREATE TABLE s.u (id INT PRIMARY KEY);\n";
  config.merge.schema_file = path;
  Result<merge::MergeOptions> options = MergeOptionsOf(config);
  std::filesystem::remove(path);
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->format.data_format, "parquet");
  EXPECT_FALSE(options->format.output.ordering_columns);
  EXPECT_EQ(options->spool_dir, "/var/lib/lakefeed/work/merge");
  EXPECT_EQ(options->max_batch_changes, 10u);
  EXPECT_EQ(options->compact_delete_files, 0u);
  EXPECT_EQ(options->flavor, mysql::ServerFlavor::kMySql);
  EXPECT_EQ(options->table_ddl.size(), 2u);
  config.merge.schema_file = path + ".missing";
  EXPECT_TRUE(MergeOptionsOf(config).status().IsIOError());
  config.merge.warehouse.clear();
  EXPECT_TRUE(OpenWarehouseStore(config).status().IsInvalidArgument());
}

// The merge handler's lag gauge is the age of the change a merge took, not of the event: an event whose file
// an earlier event's merge already took (a queue of events of one table) leaves it alone.
TEST(MergeTaskTest, TheLagIsSetByMergesThatReadChanges) {
  store::MemStore lake;
  ASSERT_TRUE(lake.Put("shop/t/20261201-000000001.csv", "I,1,apple\n").ok());
  ASSERT_TRUE(lake.Put("shop/t/20261201-000000002.csv", "U,1,pear\n").ok());
  merge::MergeOptions options;
  options.format.output.ordering_columns = false;  // DMS files: the table's columns come from table_ddl
  options.table_ddl = {"CREATE TABLE shop.t (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(20))"};
  options.spool_dir =
      (std::filesystem::temp_directory_path() / ("merge_task_test_" + std::to_string(getpid()))).string();
  metrics::Registry registry;
  std::unique_ptr<trigger::Handler> handler =
      NewMergeHandler(&lake, std::make_unique<store::MemStore>(), options, "", &registry);
  auto lag = [&] { return registry.Value("lakefeed_merge_lag_seconds", {{"table", "shop/t"}}).value_or(-1); };
  auto event = [](std::string key, int64_t age_seconds) {
    trigger::ObjectCreated created;
    created.key = std::move(key);
    created.time_ms = WallClockMs() - age_seconds * 1000;
    return created;
  };
  // The first event's merge takes both files: the lag is its file's age.
  ASSERT_TRUE(handler->Handle(event("shop/t/20261201-000000001.csv", 100), "").ok());
  EXPECT_EQ(registry.Value("lakefeed_merge_changes_total", {{"table", "shop/t"}}), 2.0);
  EXPECT_GE(lag(), 100.0);
  EXPECT_LT(lag(), 400.0);
  // The second file's event, older still in a queue, finds nothing new.
  ASSERT_TRUE(handler->Handle(event("shop/t/20261201-000000002.csv", 500), "").ok());
  EXPECT_LT(lag(), 400.0);
  ASSERT_TRUE(lake.Put("shop/t/20261201-000000003.csv", "D,1,pear\n").ok());
  ASSERT_TRUE(handler->Handle(event("shop/t/20261201-000000003.csv", 450), "").ok());
  EXPECT_GE(lag(), 450.0);
  EXPECT_EQ(registry.Value("lakefeed_merge_changes_total", {{"table", "shop/t"}}), 3.0);
  std::filesystem::remove_all(options.spool_dir);
}

}  // namespace
}  // namespace cdc::pipeline
