// `lakefeed sync` against a real MariaDB, for one binlog_row_metadata variant (this file is compiled twice:
// LAKEFEED_METADATA_FULL=1 and =0; with 0 the server runs binlog_row_metadata=NO_LOG, so names, keys and
// types come only from information_schema and the schema history, tracked across the workload's DDL).
//
// The random workload (capture_workload.h: inserts, updates, deletes, primary-key updates, multi-table
// transactions, rollbacks, savepoints, bulk statements, DDL mid-stream, binlog rotations) runs in chunks,
// each followed by a `lakefeed sync` that resumes from the lake's last checkpoint. After every sync the
// lake's change files and schema history, replayed by seq by an independent oracle
// (tests/oracle/replay_lake.py), must equal SELECT of every source table, with no seq twice and no change
// applied twice (capture_check.h).
//
// Then the errors a user meets first: a bad config, a start position the server has purged, and a user
// without REPLICATION SLAVE -- each a clear message and a non-zero exit, never a hang or a retry loop.
//
// The workload seed is printed; LAKEFEED_WORKLOAD_SEED=<seed> replays the same statements.
#include <gtest/gtest.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "harness/lake_oracle.h"
#include "harness/lakefeed_task.h"
#include "harness/mismatches.h"
#include "harness/process.h"
#include "harness/sandbox_environment.h"

#ifndef LAKEFEED_METADATA_FULL
#error "compile with LAKEFEED_METADATA_FULL=1 or 0"
#endif

namespace cdc::harness {
namespace {

MariaDbSandbox::Options ServerOptions() {
  MariaDbSandbox::Options options;
#if LAKEFEED_METADATA_FULL
  options.variant = MariaDbSandbox::Variant::kFullMetadata;
#else
  // The sandbox's MINIMAL variant, lowered further to NO_LOG by a later option: no signedness or charsets in
  // the TABLE_MAP either.
  options.variant = MariaDbSandbox::Variant::kMinimalMetadata;
  options.extra_args = {"--binlog-row-metadata=NO_LOG"};
#endif
  return options;
}

LAKEFEED_MARIADB_ENVIRONMENT(ServerOptions());

constexpr int kRounds = 4;
constexpr int kStepsPerRound = 150;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The error lakefeed exits with: its "lakefeed: error: ..." line on stderr ("" when there is none). Log lines
// before it do not count: the message itself must say what is wrong.
std::string ErrorLine(const std::string& stderr_text) {
  size_t at = stderr_text.rfind("lakefeed: error:");
  if (at == std::string::npos) return "";
  return stderr_text.substr(at, stderr_text.find('\n', at) - at);
}

// An RFC 4180 field: quoted when it holds the delimiter, a quote or a line break.
std::string CsvField(const Cell& cell) {
  if (!cell) return "NULL";
  if (cell->find_first_of(",\"\r\n") == std::string::npos) return *cell;
  std::string out = "\"";
  for (char c : *cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Writes a lake by hand from SELECT images: per table a create record and one change file of inserts (seqs
// counting up from 1), and a checkpoint -- what lakefeed would write for a capture that saw the tables
// created and filled.
Status WriteLakeFromImages(const TablesImage& tables, const std::string& lake) {
  uint64_t seq = 1;
  CDC_RETURN_IF_ERROR(
      RunCommand({"mkdir", "-p", lake + "/_lakefeed/schema", lake + "/_lakefeed/checkpoints"}).status());
  for (const auto& [name, image] : tables) {
    std::string schema = name.substr(0, name.find('.'));
    std::string table = name.substr(name.find('.') + 1);
    nlohmann::json definition = {{"columns", nlohmann::json::array()},
                                 {"primary_key", nlohmann::json::array()}};
    for (const std::string& column : image.columns) definition["columns"].push_back({{"name", column}});
    for (const std::string& key_column : image.primary_key) {
      for (size_t position = 0; position < image.columns.size(); ++position) {
        if (image.columns[position] == key_column) definition["primary_key"].push_back(position);
      }
    }
    nlohmann::json record = {
        {"kind", "create"}, {"seq", seq}, {"schema", schema}, {"table", table}, {"definition", definition}};
    CDC_RETURN_IF_ERROR(
        WriteFile(lake + "/_lakefeed/schema/" + std::to_string(seq) + ".json", record.dump()));
    ++seq;
    std::string csv = "Op";
    for (const std::string& column : image.columns) csv += "," + CsvField(column);
    csv += ",_lakefeed_seq,_lakefeed_commit_us\n";
    for (const auto& [key, row] : image.rows) {
      csv += "I";
      for (const Cell& cell : row) csv += "," + CsvField(cell);
      csv += "," + std::to_string(seq++) + ",1767225600000000\n";
    }
    CDC_RETURN_IF_ERROR(RunCommand({"mkdir", "-p", lake + "/" + schema + "/" + table}).status());
    CDC_RETURN_IF_ERROR(WriteFile(lake + "/" + schema + "/" + table + "/20260101-000000000.csv", csv));
  }
  nlohmann::json checkpoint = {{"number", 1}, {"next_seq", seq}};
  return WriteFile(lake + "/_lakefeed/checkpoints/00000000000000000001.json", checkpoint.dump());
}

// The oracle path itself, without lakefeed: a lake written by hand from SELECT replays to exactly SELECT
// (every type of the workload survives CSV, the replay and the comparison), and a changed value, a lost row
// and a change written twice are each reported.
TEST(CaptureOracle, LakeWrittenFromSelectReplaysToSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintWorkloadSeed();
  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  CaptureWorkload::Options workload_options;
  workload_options.database = "oracle_self";
  CaptureWorkload workload(seed, workload_options);
  Status ran = workload.Setup(**client);
  if (ran.ok()) ran = workload.Run(**client, 200);
  ASSERT_TRUE(ran.ok()) << ran.ToString() << "\n" << workload.RecentStatements();
  Result<TablesImage> source = DumpSourceTables(**client, {"oracle_self"});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  ASSERT_GE(source->size(), 3u);

  Result<TempDir> dir = TempDir::Create("lakefeed-oracle-self-");
  ASSERT_TRUE(dir.ok());
  const std::string lake = dir->path() + "/lake";
  ASSERT_TRUE(WriteLakeFromImages(*source, lake).ok());
  Result<LakeReplay> replay = ReplayLake(lake);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  ASSERT_TRUE(replay->errors.empty()) << replay->errors.front();
  Mismatches clean;
  CompareTables(*source, replay->tables, &clean);
  EXPECT_TRUE(clean.empty()) << clean.Report();

  // One value changed, one row lost: both found, with table, key and column.
  TablesImage changed = *source;
  auto biggest = changed.begin();
  for (auto it = changed.begin(); it != changed.end(); ++it) {
    if (it->second.rows.size() > biggest->second.rows.size()) biggest = it;
  }
  TableImage& victim = biggest->second;
  ASSERT_GE(victim.rows.size(), 2u);
  const size_t value_column = victim.columns.size() - 1;  // never a key column: keys come first
  auto first = victim.rows.begin();
  first->second[value_column] = first->second[value_column].value_or("") + "!";
  victim.rows.erase(std::next(first));
  const std::string changed_column = biggest->first + "." + victim.columns[value_column] + "=1";
  const std::string changed_file = lake + "/" + biggest->first.substr(0, biggest->first.find('.')) + "/" +
                                   biggest->first.substr(biggest->first.find('.') + 1) +
                                   "/20260101-000000000.csv";
  RemoveTree(lake);
  ASSERT_TRUE(WriteLakeFromImages(changed, lake).ok());
  replay = ReplayLake(lake);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  Mismatches found;
  CompareTables(*source, replay->tables, &found);
  EXPECT_TRUE(Contains(found.Report(), "2 mismatches")) << found.Report();
  EXPECT_TRUE(Contains(found.Report(), changed_column)) << found.Report();
  EXPECT_TRUE(Contains(found.Report(), "in the source only (lost)")) << found.Report();

  // The same change file twice (a publish redone under a new name): the replay reports it.
  RemoveTree(lake);
  ASSERT_TRUE(WriteLakeFromImages(*source, lake).ok());
  Result<std::string> file = ReadFile(changed_file);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_TRUE(WriteFile(changed_file.substr(0, changed_file.size() - 5) + "1.csv", *file).ok());
  replay = ReplayLake(lake);
  ASSERT_TRUE(replay.ok()) << replay.status().ToString();
  ASSERT_FALSE(replay->errors.empty());
  bool twice = false;
  for (const std::string& error : replay->errors) twice = twice || Contains(error, "appears twice");
  EXPECT_TRUE(twice) << replay->errors.front();
}

TEST(CaptureSync, RandomWorkloadReplaysToSelectAfterEverySync) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<Cell> metadata = db.QueryValue("SELECT @@binlog_row_metadata");
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  ASSERT_EQ(metadata->value_or("?"), LAKEFEED_METADATA_FULL ? "FULL" : "NO_LOG");

  const uint64_t seed = PrintWorkloadSeed();

  const std::string database = "wl";
  LakefeedTaskOptions options;
  options.include = {database + ".*"};
  options.start = CurrentPosition(db);
  ASSERT_FALSE(options.start.empty());
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();

  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  CaptureWorkload::Options workload_options;
  workload_options.database = database;
  CaptureWorkload workload(seed, workload_options);
  Status setup = workload.Setup(**client);
  ASSERT_TRUE(setup.ok()) << setup.ToString() << "\n" << workload.RecentStatements();

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed));
    Status ran = workload.Run(**client, kStepsPerRound);
    ASSERT_TRUE(ran.ok()) << ran.ToString() << "\n" << workload.RecentStatements();
    Result<CommandResult> sync = task->Run("sync");
    ASSERT_TRUE(sync.ok()) << sync.status().ToString();
    ASSERT_EQ(sync->exit_code, 0) << DescribeRun(*sync, *task);
    ASSERT_TRUE(LakeMatchesSource(*task, db, {database}));
  }
  const CaptureWorkload::Counts& counts = workload.counts();
  std::printf("workload: %" PRIu64 " steps, %" PRIu64 " transactions, %" PRIu64 " rollbacks, %" PRIu64
              " inserts, %" PRIu64 " updates, %" PRIu64 " deletes, %" PRIu64 " key updates, %" PRIu64
              " DDL\n",
              counts.steps, counts.transactions, counts.rollbacks, counts.inserts, counts.updates,
              counts.deletes, counts.key_updates, counts.ddls);
  EXPECT_GT(counts.ddls, 0u);
  EXPECT_GT(counts.rollbacks, 0u);
  EXPECT_GT(counts.key_updates, 0u);

  // A sync with nothing new publishes no change file.
  size_t files_before = CountFiles(task->lake_dir());
  Result<CommandResult> idle = task->Run("sync");
  ASSERT_TRUE(idle.ok()) << idle.status().ToString();
  ASSERT_EQ(idle->exit_code, 0) << DescribeRun(*idle, *task);
  EXPECT_EQ(CountFiles(task->lake_dir()), files_before);
  EXPECT_TRUE(LakeMatchesSource(*task, db, {database}));

  // The same stream into a second lake in one go, with another CSV dialect: GZIP, a '|' delimiter, \N for
  // NULL and a commit timestamp column after Op.
  LakefeedTaskOptions dialect = options;
  dialect.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CompressionType", "GZIP"},
                      {"CsvDelimiter", "'|'"},   {"CsvNullValue", "'\\N'"},    {"TimestampColumnName", "ts"}};
  Result<LakefeedTask> second = LakefeedTask::Create(db, dialect);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  Result<CommandResult> once = second->Run("sync");
  ASSERT_TRUE(once.ok()) << once.status().ToString();
  ASSERT_EQ(once->exit_code, 0) << DescribeRun(*once, *second);
  ReplayOptions replay_options;
  replay_options.delimiter = "|";
  replay_options.null_value = "\\N";
  replay_options.timestamp_column = "ts";
  EXPECT_TRUE(LakeMatchesSource(*second, db, {database}, replay_options));
}

// ------------------------------------------------------------------------------------------------ errors

constexpr auto kErrorTimeout = std::chrono::seconds(60);

// An XA transaction prepared but not committed holds the resume point at its start while the transactions
// after it are committed to the lake. The next sync restarts there and reads those again: the checkpoint's
// emitted_through must keep them from being written twice, and the XA transaction appears once committed.
TEST(CaptureSync, HeldXaTransactionDoesNotRepeatTheOnesAfterIt) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE xa_held").ok());
  ASSERT_TRUE(db.Query("CREATE TABLE xa_held.t (id INT PRIMARY KEY, v INT)").ok());
  LakefeedTaskOptions options;
  options.include = {"xa_held.*"};
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  auto sync = [&] {
    Result<CommandResult> run = task->Run("sync");
    return run.ok() && run->exit_code == 0 ? std::string() : (run.ok() ? DescribeRun(*run, *task) : "no run");
  };
  Result<std::unique_ptr<MariaDbClient>> xa = db.Connect();
  ASSERT_TRUE(xa.ok());
  for (const char* sql : {"XA START 'x1'", "INSERT INTO xa_held.t VALUES (1, 1)", "XA END 'x1'", "XA PREPARE 'x1'"}) {
    ASSERT_TRUE((*xa)->Query(sql).ok()) << sql;
  }
  ASSERT_TRUE(db.Query("INSERT INTO xa_held.t VALUES (2, 2)").ok());
  ASSERT_TRUE(db.Query("INSERT INTO xa_held.t VALUES (3, 3)").ok());
  ASSERT_EQ(sync(), "");
  ASSERT_TRUE(db.Query("UPDATE xa_held.t SET v = 30 WHERE id = 3").ok());
  ASSERT_EQ(sync(), "");  // restarts at x1's start: reads 2 and 3 again
  ASSERT_EQ(sync(), "");
  ASSERT_TRUE((*xa)->Query("XA COMMIT 'x1'").ok());
  ASSERT_EQ(sync(), "");
  EXPECT_TRUE(LakeMatchesSource(*task, db, {"xa_held"}));
}

TEST(CaptureSyncErrors, BadConfigNamesTheKey) {
  LAKEFEED_SHARED_MARIADB(db);
  LakefeedTaskOptions options;
  options.settings.emplace_back("CdcMaxBatchInterval", "soon");
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> sync = task->Run("sync", kErrorTimeout);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_NE(sync->exit_code, 0) << DescribeRun(*sync, *task);
  EXPECT_TRUE(Contains(ErrorLine(sync->stderr_text), "target.settings.CdcMaxBatchInterval"))
      << DescribeRun(*sync, *task);

  options = LakefeedTaskOptions{};
  options.extra_yaml = "source_typo:\n  port: 1\n";
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());
  sync = task->Run("sync", kErrorTimeout);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_NE(sync->exit_code, 0) << DescribeRun(*sync, *task);
  EXPECT_TRUE(Contains(ErrorLine(sync->stderr_text), "source_typo")) << DescribeRun(*sync, *task);

  // A missing required key.
  options = LakefeedTaskOptions{};
  options.server_id = 0;
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());
  sync = task->Run("sync", kErrorTimeout);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  EXPECT_NE(sync->exit_code, 0) << DescribeRun(*sync, *task);
  EXPECT_TRUE(Contains(ErrorLine(sync->stderr_text), "source.server_id")) << DescribeRun(*sync, *task);

  // Nothing was written to the lake.
  EXPECT_EQ(CountFiles(task->lake_dir(), "."), 0u);
}

TEST(CaptureSyncErrors, MissingReplicationGrant) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(
      db.Query("SET sql_log_bin=0; CREATE USER IF NOT EXISTS 'nogrant'@'127.0.0.1' IDENTIFIED BY 'pw';"
               "GRANT SELECT, REPLICATION CLIENT ON *.* TO 'nogrant'@'127.0.0.1'; SET sql_log_bin=1")
          .ok());
  LakefeedTaskOptions options;
  options.user = "nogrant";
  options.password = "pw";
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> sync = task->Run("sync", kErrorTimeout);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString() << " (a missing grant must not be retried forever)";
  EXPECT_NE(sync->exit_code, 0) << DescribeRun(*sync, *task);
  EXPECT_TRUE(Contains(ErrorLine(sync->stderr_text), "REPLICATION SLAVE")) << DescribeRun(*sync, *task);
}

// Last in this file: it purges the server's older binary logs.
TEST(CaptureSyncErrors, PurgedStartPosition) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::string> old_file = db.CurrentBinlogFile();
  ASSERT_TRUE(old_file.ok());
  ASSERT_TRUE(
      db.Query(
            "CREATE DATABASE IF NOT EXISTS purged; CREATE TABLE IF NOT EXISTS purged.t (id INT PRIMARY KEY);"
            "INSERT INTO purged.t VALUES (1)")
          .ok());
  ASSERT_TRUE(db.RotateBinlog().ok());
  ASSERT_TRUE(db.RotateBinlog().ok());
  Result<std::string> current = db.CurrentBinlogFile();
  ASSERT_TRUE(current.ok());
  // MariaDB keeps a log until its binlog checkpoint (InnoDB durably has its transactions; with
  // innodb_flush_log_at_trx_commit=0 that takes up to a second) and PURGE skips it meanwhile with a warning.
  bool purged = false;
  for (int attempt = 0; attempt < 200 && !purged; ++attempt) {
    ASSERT_TRUE(db.Query("PURGE BINARY LOGS TO '" + *current + "'").ok());
    Result<std::vector<Row>> logs = db.QueryRows("SHOW BINARY LOGS");
    ASSERT_TRUE(logs.ok()) << logs.status().ToString();
    purged = true;
    for (const Row& log : *logs) purged = purged && log[0] != *old_file;
    if (!purged) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(purged) << *old_file << " is still listed by SHOW BINARY LOGS after 20 s of PURGE";

  LakefeedTaskOptions options;
  options.include = {"purged.*"};
  options.start = *old_file + ":4";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> sync = task->Run("sync", kErrorTimeout);
  ASSERT_TRUE(sync.ok()) << sync.status().ToString() << " (a purged position must not be retried forever)";
  EXPECT_NE(sync->exit_code, 0) << DescribeRun(*sync, *task);
  // The message names the position and says it is gone from the server.
  const std::string error = ErrorLine(sync->stderr_text);
  EXPECT_TRUE(Contains(error, "purged") || Contains(error, "not in the server's binlogs"))
      << DescribeRun(*sync, *task);
  EXPECT_TRUE(Contains(error, *old_file)) << DescribeRun(*sync, *task);
}

}  // namespace
}  // namespace cdc::harness
