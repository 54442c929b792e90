// The merge into Iceberg (docs/merge.md) under the capture tests' random workload (capture_workload.h: varied
// types and keys, primary-key updates, delete-then-reinsert, multi-table transactions, rollbacks, DDL), with
// the built-in merge trigger (merge.enabled). The oracle is SELECT on the source: every merged table, read by
// icebird (tests/node/iceberg/read-exact.mjs, an independent reader that applies the equality deletes, made
// exact for every type), must hold the source's rows, every column, every value.
//
//  - RandomWorkloadMergedEqualsSelect: `lakefeed sync` (a full load, then CDC) after each of several rounds of
//    the workload; after each round every table equals SELECT, and `lakefeed merge` then commits nothing (no
//    table gets a new metadata version): a replay changes nothing.
//  - KillNineDuringMergeCommits: `lakefeed run` under the workload in the background, killed with SIGKILL 8
//    times at moments inside the merge's commits (a new data file in the warehouse, a new manifest or manifest
//    list, a new v<N>.metadata.json, or a random delay), restarted each time. At the end (workload stopped,
//    `lakefeed sync`) every table equals SELECT, a further merge commits nothing, and the raw change files
//    still replay to SELECT (capture_check.h).
//
// The canonical form of a value (both sides agree on it): the exact text of read-exact.mjs for the Iceberg
// type docs/iceberg.md "Types" gives the column, and SELECT made into the same text here (SourceText): integers
// (BIGINT UNSIGNED is decimal(20,0), INT UNSIGNED long, BIT(n) long) in decimal; DECIMAL with its scale's
// digits; DATE as YYYY-MM-DD and DATETIME / TIMESTAMP with six fraction digits (the server runs in UTC, so
// TIMESTAMP prints as the UTC value Iceberg keeps), zero dates null; TIME as signed microseconds; binary
// strings, BLOB and GEOMETRY (WKB without SRID) as upper-case hex; ENUM/SET labels, JSON and text as UTF-8.
// DOUBLE as printed: the workload's doubles are quarters, which SELECT and JavaScript print alike.
//
// Which DDL the workload runs: everything the merge supports. Column adds, drops and renames evolve the
// Iceberg schema; TRUNCATE, CREATE and DROP TABLE are resets. The workload never changes a column's type nor
// a primary key (docs/merge.md: type changes other than widening stop a table with NotSupported). RENAME
// TABLE is off (CaptureWorkload::Options::table_renames): its files go to a new lake folder, so the new
// Iceberg table holds only the changes after the rename ("Known gaps") and cannot equal SELECT.
//
// The merge applies a table's DDL with the table's next change (docs/merge.md "Schema evolution"), so before
// each comparison one row of every non-empty table is deleted and reinserted as it was (TouchEveryTable):
// every Iceberg table must then have the source's current columns. An emptied table (TRUNCATE, no row since)
// gets no such change: its reset must be applied all the same (the table empty, with the columns of the reset's
// time; a DDL after the reset, with no row, is not compared).
//
// Tables whose source is gone: a DROP TABLE is a reset record ("TRUNCATE, reload, DROP and CREATE": the rows
// before it are gone), so the Iceberg table of a dropped table must hold no rows once the merge has caught up.
//
// The workload seed is printed; LAKEFEED_WORKLOAD_SEED=<seed> replays the same statements (the kill moments
// depend on timing and cannot be replayed exactly).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "capture_check.h"
#include "capture_workload.h"
#include "harness/column_info.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ------------------------------------------------------------------------------------------ canonical rows

// One table in canonical form: column names (sorted) and rows by primary key.
struct CanonicalTable {
  std::set<std::string> columns;
  std::vector<std::string> key_columns;  // source side: the primary key, in ordinal order
  std::map<std::string, std::map<std::string, std::optional<std::string>>> rows;  // key text -> column -> value
};

// "YYYY-MM-DD HH:MM:SS[.f]" with the fraction made six digits.
std::string SixDigitFraction(const std::string& text) {
  const size_t dot = text.find('.');
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  fraction.resize(6, '0');
  return text.substr(0, dot) + "." + fraction;
}

// A TIME value "[-]H+:MM:SS[.f]" as signed microseconds (docs/iceberg.md: TIME is a long).
std::string TimeMicros(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  unsigned hours = 0, minutes = 0, seconds = 0;
  char fraction[16] = {0};
  std::sscanf(text.c_str() + (negative ? 1 : 0), "%u:%u:%u.%6[0-9]", &hours, &minutes, &seconds, fraction);
  std::string digits = fraction;
  digits.resize(6, '0');
  const int64_t micros = (int64_t{hours} * 3600 + minutes * 60 + seconds) * 1000000 + std::stoll(digits);
  return std::to_string(negative ? -micros : micros);
}

// The SELECT expression of a column (binary kinds as hex, BIT as a number).
std::string CanonicalSelect(const ColumnInfo& column) {
  const std::string quoted = "`" + column.name + "`";
  if (column.IsGeometry()) return "HEX(ST_AsBinary(" + quoted + "))";
  if (column.IsBinary()) return "HEX(" + quoted + ")";
  if (column.data_type == "bit") return "CAST(" + quoted + " AS UNSIGNED)";
  return quoted;
}

// A selected cell in the canonical form (see the header comment).
std::optional<std::string> SourceText(const ColumnInfo& column, const std::optional<std::string>& cell) {
  if (!cell) return std::nullopt;
  const std::string& text = *cell;
  const std::string& type = column.data_type;
  if (type == "date" || type == "datetime" || type == "timestamp") {
    // A zero date, or one with a zero month or day, has no Iceberg value: null.
    if (text.size() < 10 || text.compare(0, 4, "0000") == 0 || text.compare(5, 2, "00") == 0 ||
        text.compare(8, 2, "00") == 0) {
      return std::nullopt;
    }
    return type == "date" ? text : SixDigitFraction(text);
  }
  if (type == "time") return TimeMicros(text);
  return text;
}

// Every base table of `database` on the source, in canonical form.
Result<std::map<std::string, CanonicalTable>> SelectTables(MariaDbSandbox& db, const std::string& database) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> names,
                       client->QueryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                                         database + "' AND TABLE_TYPE = 'BASE TABLE'"));
  std::map<std::string, CanonicalTable> tables;
  for (const Row& name_row : names) {
    const std::string name = name_row[0].value_or("");
    CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(*client, database, name));
    CanonicalTable& table = tables[name];
    std::string select;
    for (const ColumnInfo& column : info.columns) {
      table.columns.insert(column.name);
      select += (select.empty() ? "" : ", ") + CanonicalSelect(column);
    }
    for (int key_idx : info.PrimaryKey()) table.key_columns.push_back(info.columns[key_idx].name);
    CDC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         client->QueryRows("SELECT " + select + " FROM `" + database + "`.`" + name + "`"));
    for (const Row& row : rows) {
      std::map<std::string, std::optional<std::string>> values;
      for (size_t column_idx = 0; column_idx < info.columns.size(); ++column_idx) {
        values[info.columns[column_idx].name] = SourceText(info.columns[column_idx], row[column_idx]);
      }
      std::string key;
      for (const std::string& key_column : table.key_columns) key += values[key_column].value_or("\\N") + "\x1f";
      table.rows[key] = std::move(values);
    }
  }
  return tables;
}

// The merged tables of `database` in the warehouse (table name -> table dir).
std::map<std::string, std::string> WarehouseTables(const std::string& warehouse, const std::string& database) {
  std::map<std::string, std::string> tables;
  std::error_code error;
  for (fs::directory_iterator it(warehouse + "/" + database, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    if (fs::exists(it->path() / "metadata")) tables[it->path().filename().string()] = it->path().string();
  }
  return tables;
}

// The highest N of the table's metadata/v<N>.metadata.json (0 when none).
int LatestVersion(const std::string& table_dir) {
  int latest = 0;
  std::error_code error;
  for (fs::directory_iterator it(table_dir + "/metadata", error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    int version = 0;
    const std::string name = it->path().filename().string();
    if (std::sscanf(name.c_str(), "v%d.metadata.json", &version) == 1 && name == "v" + std::to_string(version) + ".metadata.json") {
      latest = std::max(latest, version);
    }
  }
  return latest;
}

// The merged tables read by icebird (read-exact.mjs), keyed like the source's `key_columns` of the same
// table (tables the source lacks: by all columns).
Result<std::map<std::string, CanonicalTable>> IcebirdTables(const std::map<std::string, std::string>& table_dirs,
                                                            const std::map<std::string, CanonicalTable>& source) {
  std::map<std::string, CanonicalTable> tables;
  if (table_dirs.empty()) return tables;
  std::vector<std::string> argv = {"node", LAKEFEED_ICEBERG_READ_EXACT};
  for (const auto& [name, dir] : table_dirs) argv.push_back("file://" + dir);
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, std::chrono::minutes(3)));
  if (result.exit_code != 0) return Status::IOError("icebird failed", result.stderr_text.substr(0, 3000));
  const Json parsed = Json::parse(result.stdout_text, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("tables")) {
    return Status::Corruption("icebird output", result.stdout_text.substr(0, 300));
  }
  std::vector<std::string> names;
  for (const auto& [name, dir] : table_dirs) names.push_back(name);
  if (!parsed["tables"].is_array() || parsed["tables"].size() != names.size()) {
    return Status::Corruption("icebird output", "not one result per table");
  }
  for (size_t table_idx = 0; table_idx < names.size(); ++table_idx) {
    const std::string& name = names[table_idx];
    const Json& read = parsed["tables"][table_idx];
    CanonicalTable& table = tables[name];
    for (const Json& column : read["columns"]) table.columns.insert(column.get<std::string>());
    auto known = source.find(name);
    const std::vector<std::string> key_columns =
        known != source.end() ? known->second.key_columns
                              : std::vector<std::string>(table.columns.begin(), table.columns.end());
    for (const Json& row : read["rows"]) {
      std::map<std::string, std::optional<std::string>> values;
      for (const auto& [column, value] : row.items()) {
        values[column] = value.is_null() ? std::nullopt : std::optional<std::string>(value.get<std::string>());
      }
      std::string key;
      for (const std::string& key_column : key_columns) key += values[key_column].value_or("\\N") + "\x1f";
      if (!table.rows.emplace(key, std::move(values)).second) {
        return Status::Corruption("icebird read of table " + name, "the key " + key + " twice");
      }
    }
  }
  return tables;
}

std::string ShowRow(const std::map<std::string, std::optional<std::string>>& row) {
  std::string out;
  for (const auto& [column, value] : row) {
    std::string text = value ? "'" + value->substr(0, 60) + (value->size() > 60 ? "...'" : "'") : "NULL";
    out += (out.empty() ? "" : ", ") + column + "=" + text;
  }
  return "{" + out + "}";
}

// Every merged table equals SELECT: the same tables (a source table without an Iceberg table must be empty,
// an Iceberg table without a source table -- a dropped one -- must be empty), the same columns, the same keys
// and every value.
::testing::AssertionResult MergedEqualsSelect(MariaDbSandbox& db, const std::string& warehouse,
                                              const std::string& database) {
  Result<std::map<std::string, CanonicalTable>> source = SelectTables(db, database);
  if (!source.ok()) return ::testing::AssertionFailure() << "SELECT: " << source.status().ToString();
  const std::map<std::string, std::string> dirs = WarehouseTables(warehouse, database);
  Result<std::map<std::string, CanonicalTable>> merged = IcebirdTables(dirs, *source);
  if (!merged.ok()) return ::testing::AssertionFailure() << merged.status().ToString();
  std::set<std::string> names;
  for (const auto& [name, table] : *source) names.insert(name);
  for (const auto& [name, table] : *merged) names.insert(name);
  std::string problems;
  size_t differences = 0;
  uint64_t rows_compared = 0;
  for (const std::string& name : names) {
    auto want_it = source->find(name);
    auto got_it = merged->find(name);
    const CanonicalTable empty;
    const CanonicalTable& want = want_it != source->end() ? want_it->second : empty;
    const CanonicalTable& got = got_it != merged->end() ? got_it->second : empty;
    // Per table: a summary line, then the first few differences.
    size_t missing = 0, extra = 0, changed = 0;
    std::string examples;
    auto example = [&](const std::string& line) {
      if (missing + extra + changed <= 4) examples += "    " + line + "\n";
    };
    if (want_it == source->end()) {
      if (!got.rows.empty()) {
        problems += "  " + name + ": the source table is gone (dropped), the Iceberg table holds " +
                    std::to_string(got.rows.size()) + " rows\n";
        ++differences;
      }
      continue;
    }
    // A table's DDL reaches its Iceberg table with the table's next change (docs/merge.md), or with a reset; an
    // empty source table got none after its last DDL (TouchEveryTable has no row to touch), so only its rows count.
    if (got_it != merged->end() && got.columns != want.columns && !want.rows.empty()) {
      std::string got_columns, want_columns;
      for (const std::string& column : got.columns) got_columns += column + " ";
      for (const std::string& column : want.columns) want_columns += column + " ";
      problems += "  " + name + ": Iceberg columns [" + got_columns + "], source columns [" + want_columns + "]\n";
      ++differences;
      continue;
    }
    for (const auto& [key, row] : want.rows) {
      ++rows_compared;
      auto found = got.rows.find(key);
      if (found == got.rows.end()) {
        ++missing;
        example("missing row " + ShowRow(row));
      } else if (found->second != row) {
        ++changed;
        for (const auto& [column, value] : row) {
          auto got_value = found->second.find(column);
          if (got_value == found->second.end() || got_value->second != value) {
            example("row " + ShowRow(row) + " column " + column + ": Iceberg has " +
                    (got_value == found->second.end() || !got_value->second ? "NULL" : "'" + *got_value->second + "'"));
          }
        }
      }
    }
    for (const auto& [key, row] : got.rows) {
      if (!want.rows.contains(key)) {
        ++extra;
        example("extra row " + ShowRow(row));
      }
    }
    if (missing + extra + changed > 0) {
      problems += "  " + name + ": " + std::to_string(want.rows.size()) + " rows in the source, " +
                  std::to_string(got.rows.size()) + " in Iceberg; " + std::to_string(missing) + " missing, " +
                  std::to_string(extra) + " extra, " + std::to_string(changed) + " differ\n" + examples;
      differences += missing + extra + changed;
    }
  }
  if (differences == 0) {
    std::printf("%s: %zu tables, %" PRIu64 " rows equal SELECT\n", database.c_str(), names.size(), rows_compared);
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << differences << " differences between the merged tables and SELECT:\n" << problems;
}

// The metadata version of every merged table.
std::map<std::string, int> Versions(const std::string& warehouse, const std::string& database) {
  std::map<std::string, int> versions;
  for (const auto& [name, dir] : WarehouseTables(warehouse, database)) versions[name] = LatestVersion(dir);
  return versions;
}

// `lakefeed merge` after everything is merged: no commit, no table gets a new metadata version.
::testing::AssertionResult ReplayCommitsNothing(LakefeedTask& task, const std::string& warehouse,
                                                const std::string& database) {
  const std::map<std::string, int> before = Versions(warehouse, database);
  Result<CommandResult> again = task.Run("merge");
  if (!again.ok()) return ::testing::AssertionFailure() << again.status().ToString();
  if (again->exit_code != 0) return ::testing::AssertionFailure() << DescribeRun(*again, task);
  if (again->stdout_text.find(" in 0 commits") == std::string::npos) {
    return ::testing::AssertionFailure() << "a merge after the sync committed: " << again->stdout_text;
  }
  if (Versions(warehouse, database) != before) return ::testing::AssertionFailure() << "a table got a new version";
  return ::testing::AssertionSuccess();
}

// Deletes and reinserts one row of every non-empty table of `database` in one transaction (the row comes
// back as it was, so the workload's model of the keys still holds). The merge applies a table's DDL with the
// table's next change (docs/merge.md "Schema evolution": the next batch's first commit evolves the schema), so
// this makes every table's schema current in the Iceberg table before the comparison.
Status TouchEveryTable(MariaDbSandbox& db, const std::string& database) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> names,
                       client->QueryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                                         database + "' AND TABLE_TYPE = 'BASE TABLE'"));
  CDC_RETURN_IF_ERROR(client->Query("USE `" + database + "`"));  // the multi-table DELETE needs it
  for (const Row& name_row : names) {
    const std::string table = "`" + database + "`.`" + name_row[0].value_or("") + "`";
    CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(*client, database, name_row[0].value_or("")));
    std::string join;
    for (int key_idx : info.PrimaryKey()) {
      const std::string column = "`" + info.columns[key_idx].name + "`";
      join += (join.empty() ? "" : " AND ") + std::string("t.") + column + " = k." + column;
    }
    CDC_RETURN_IF_ERROR(client->Query("CREATE TEMPORARY TABLE `" + database + "`.mw_touch AS SELECT * FROM " + table + " LIMIT 1"));
    CDC_RETURN_IF_ERROR(client->Query("BEGIN; DELETE t FROM " + table + " t JOIN `" + database + "`.mw_touch k ON " + join +
                                      "; INSERT INTO " + table + " SELECT * FROM `" + database + "`.mw_touch; COMMIT"));
    CDC_RETURN_IF_ERROR(client->Query("DROP TEMPORARY TABLE `" + database + "`.mw_touch"));
  }
  return Status::OK();
}

uint64_t PrintedSeed() {
  const uint64_t seed = WorkloadSeed();
  std::printf("workload seed %" PRIu64 " (LAKEFEED_WORKLOAD_SEED=%" PRIu64 " replays it)\n", seed, seed);
  std::fflush(stdout);
  ::testing::Test::RecordProperty("workload_seed", std::to_string(seed));
  return seed;
}

std::string MergeYaml(const std::string& warehouse, int max_batch_changes, int compact_delete_files) {
  return "merge:\n  enabled: true\n  warehouse: file://" + warehouse + "\n  max_batch_changes: " +
         std::to_string(max_batch_changes) + "\n  compact_delete_files: " + std::to_string(compact_delete_files) + "\n";
}

// ------------------------------------------------------------------------------------------------- tests

TEST(MergeWorkload, RandomWorkloadMergedEqualsSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintedSeed();
  const std::string database = "mw_rounds";
  CaptureWorkload::Options workload_options;
  workload_options.database = database;
  workload_options.table_renames = false;
  workload_options.initial_tables = 6;
  CaptureWorkload workload(seed, workload_options);
  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  Status ran = workload.Setup(**client);
  if (ran.ok()) ran = workload.Run(**client, 80);  // rows for the full load
  ASSERT_TRUE(ran.ok()) << ran.ToString() << "\n" << workload.RecentStatements();

  LakefeedTaskOptions options;
  options.include = {database + ".%"};
  options.start = "full-load-and-cdc";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string warehouse = task->dir() + "/warehouse";
  // Small batches (a round's changes of a table take several commits, the full load is split) and a
  // compaction every few delete files, so that both happen under schema changes.
  options.extra_yaml = "full_load:\n  chunk_rows: 200\n" + MergeYaml(warehouse, 150, 4);
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());

  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", workload seed " + std::to_string(seed));
    if (round > 0) {
      ran = workload.Run(**client, 120);
      ASSERT_TRUE(ran.ok()) << ran.ToString() << "\n" << workload.RecentStatements();
    }
    Status touched = TouchEveryTable(db, database);
    ASSERT_TRUE(touched.ok()) << touched.ToString();
    Result<CommandResult> synced = task->Run("sync");
    ASSERT_TRUE(synced.ok()) << synced.status().ToString();
    ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
    ::testing::AssertionResult equal = MergedEqualsSelect(db, warehouse, database);
    if (!equal) task->Keep();
    ASSERT_TRUE(equal) << "task dir: " << task->dir() << "\nrecent statements:\n" << workload.RecentStatements();
    ASSERT_TRUE(ReplayCommitsNothing(*task, warehouse, database));
  }
  const CaptureWorkload::Counts& counts = workload.counts();
  std::printf("workload: %" PRIu64 " steps, %" PRIu64 " transactions, %" PRIu64 " rollbacks, %" PRIu64
              " inserts, %" PRIu64 " updates, %" PRIu64 " deletes, %" PRIu64 " key updates, %" PRIu64 " DDL\n",
              counts.steps, counts.transactions, counts.rollbacks, counts.inserts, counts.updates, counts.deletes,
              counts.key_updates, counts.ddls);
  EXPECT_GT(counts.ddls, 0u);
}

// The moments the kill test aims at: files the merge writes into the warehouse, in the order of a commit.
enum class Moment : uint8_t { kDataFile, kManifest, kMetadata, kRandomDelay };

const char* ToString(Moment moment) {
  switch (moment) {
    case Moment::kDataFile:
      return "a new data or delete file";
    case Moment::kManifest:
      return "a new manifest or manifest list";
    case Moment::kMetadata:
      return "a new v<N>.metadata.json (the commit point)";
    case Moment::kRandomDelay:
      return "a random delay";
  }
  return "?";
}

// The warehouse's files of `moment`'s kind (paths).
std::set<std::string> WarehouseFiles(const std::string& warehouse, Moment moment) {
  std::set<std::string> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(warehouse, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string folder = it->path().parent_path().filename().string();
    bool wanted = false;
    switch (moment) {
      case Moment::kDataFile:
        wanted = folder == "data" && name.ends_with(".parquet");
        break;
      case Moment::kManifest:
        wanted = folder == "metadata" && name.ends_with(".avro");
        break;
      case Moment::kMetadata:
        wanted = folder == "metadata" && name.ends_with(".metadata.json");
        break;
      case Moment::kRandomDelay:
        break;
    }
    if (wanted) files.insert(it->path().string());
  }
  return files;
}

TEST(MergeWorkload, KillNineDuringMergeCommits) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintedSeed();
  const std::string database = "mw_kill";
  CaptureWorkload::Options workload_options;
  workload_options.database = database;
  workload_options.table_renames = false;
  BackgroundWorkload workload(seed, workload_options);
  Status setup = workload.Setup(db);
  ASSERT_TRUE(setup.ok()) << setup.ToString();

  LakefeedTaskOptions options;
  options.include = {database + ".%"};
  options.start = "full-load-and-cdc";
  options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CdcMinFileSize", "8"}};
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string warehouse = task->dir() + "/warehouse";
  options.extra_yaml = MergeYaml(warehouse, 40, 3);
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());

  // The full load first, whole: a load killed while the workload alters its table cannot resume, and the
  // kills here are aimed at the merge.
  Result<CommandResult> loaded = task->Run("sync");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->exit_code, 0) << DescribeRun(*loaded, *task);

  ASSERT_TRUE(workload.Start(db).ok());
  std::mt19937_64 random(seed);
  constexpr int kKills = 8;
  const Moment kMoments[] = {Moment::kDataFile, Moment::kManifest, Moment::kMetadata, Moment::kRandomDelay};
  int seen = 0;
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const Moment moment = kMoments[kill_idx % 4];
    SCOPED_TRACE("kill " + std::to_string(kill_idx) + " at " + ToString(moment));
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    bool hit = false;
    if (moment == Moment::kRandomDelay) {
      std::this_thread::sleep_for(milliseconds(200 + random() % 2500));
    } else {
      // After a random delay (so that kills fall on merges of the catch-up and of the steady state, and on
      // compactions), poll for the next file of the kind this run writes (up to 15 s), then kill at once.
      std::this_thread::sleep_for(milliseconds(random() % 1500));
      const std::set<std::string> before = WarehouseFiles(warehouse, moment);
      const auto deadline = Clock::now() + std::chrono::seconds(15);
      while (!hit && Clock::now() < deadline && run->Running()) {
        const std::set<std::string> now = WarehouseFiles(warehouse, moment);
        hit = std::any_of(now.begin(), now.end(), [&](const std::string& file) { return !before.contains(file); });
        if (!hit) std::this_thread::sleep_for(std::chrono::microseconds(300));
      }
      seen += hit ? 1 : 0;
    }
    ASSERT_TRUE(run->Running()) << "lakefeed run exited by itself; log:\n" << TailOfFile(task->log_path(), 4000);
    run->Kill();
    std::printf("kill %d at %s%s\n", kill_idx, ToString(moment),
                moment == Moment::kRandomDelay || hit ? "" : " (not seen in 15 s)");
  }
  std::fflush(stdout);
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
  EXPECT_GE(seen, 4) << "too few kills hit a merge commit";
  Status touched = TouchEveryTable(db, database);
  ASSERT_TRUE(touched.ok()) << touched.ToString();

  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  ::testing::AssertionResult equal = MergedEqualsSelect(db, warehouse, database);
  if (!equal) task->Keep();
  ASSERT_TRUE(equal) << "task dir: " << task->dir();
  EXPECT_TRUE(ReplayCommitsNothing(*task, warehouse, database));
  EXPECT_TRUE(LakeMatchesSource(*task, db, {database}));
}

}  // namespace
}  // namespace cdc::harness
