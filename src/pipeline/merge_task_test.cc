#include "pipeline/merge_task.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace cdc::pipeline
