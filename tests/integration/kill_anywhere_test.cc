// The whole pipeline killed with SIGKILL anywhere (issue 9, "Fault tolerance"): `lakefeed run` with a full
// load, CDC, an exec trigger and the merge into Iceberg, under a random write workload, is killed at more than
// 50 moments and started again each time:
//
//  1. During the full load (a new LOAD file, a new checkpoint, random delays): a 60000-row table read in 500-row chunks
//     while rows of it keep changing, beside the capture workload's tables (no DDL while the load runs:
//     docs/full-load.md, a DDL on a loaded table during its load stops the task). After each kill the lake,
//     as a reader sees it then, replays cleanly (no change twice, nothing uncommitted visible).
//  2. Once the load is done, with the workload's DDL too, the kills rotate through the moments of
//     kill_moments.h: a flush being uploaded, a new checkpoint, the publish, the trigger's handler running,
//     the merge's data files, manifests and commit point, and random delays. After each kill the workload
//     stops and `lakefeed sync` restarts the task and catches up, and then:
//       - the raw change files hold every committed change exactly once and replay to SELECT
//         (tests/oracle/replay_lake.py, capture_check.h);
//       - `lakefeed validate` passes: every merged table equals SELECT;
//       - the exec trigger's handler got every committed file, in commit order per table (trigger_check.h).
//
// At the end the merged tables are read by icebird with exact values and compared with SELECT
// (merge_check.h), a further merge commits nothing, a run killed by SIGSEGV prints its crash report, and no output
// of any run holds the source password.
//
// The workload seed is printed; LAKEFEED_WORKLOAD_SEED=<seed> replays the same statements (the kill moments
// depend on timing and cannot be replayed exactly).
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"
#include "kill_moments.h"
#include "merge_check.h"
#include "trigger_check.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr char kDatabase[] = "chaos";
constexpr int kBulkRows = 60000;
constexpr int kLoadKills = 12;      // at most; the load may end sooner
constexpr int kStreamKills = 45;    // 5 at each of the 9 moments below
// The source password: not the harness's default, so that finding it in an output means a leak.
constexpr char kPassword[] = "Chaos-secret-7f3a91";

// The exec trigger's handler, a shell script (cheap to start: every file of the lake runs it): while it runs, a
// marker file holds its pid (KillMoment::kHandlerRunning); it records the key of the event's object (the keys
// of this lake need no URL decoding).
constexpr char kHandler[] = R"sh(#!/bin/sh
echo $$ > "$CHAOS_HANDLER_MARKER"
key=$(printf '%s' "$LAKEFEED_EVENT" | sed -n 's/.*"key": *"\([^"]*\)".*/\1/p')
sleep 0.01
printf '%s\n' "$key" >> "$CHAOS_HANDLED_FILE"
rm -f "$CHAOS_HANDLER_MARKER"
)sh";

// Kills the handler whose pid the marker holds (a process group of its own, which killing the run leaves
// alive): the machine went down with the run.
void KillHandler(const std::string& marker) {
  Result<std::string> pid = ReadFile(marker);
  if (pid.ok() && !pid->empty()) kill(static_cast<pid_t>(std::stol(*pid)), SIGKILL);
  std::error_code error;
  fs::remove(marker, error);
}

// Changes of the bulk table the capture workload does not know: an update and a delete of random rows
// (possibly gone already) and an insert past the loaded keys.
BackgroundWorkload::Step BulkWriter(uint64_t seed) {
  auto random = std::make_shared<std::mt19937_64>(seed);
  auto next_id = std::make_shared<int64_t>(kBulkRows + 1);
  return [random, next_id](MariaDbClient& client, const std::atomic<bool>*) {
    const std::string table = std::string("`") + kDatabase + "`.bulk";
    const std::string updated = std::to_string(1 + (*random)() % kBulkRows);
    const std::string deleted = std::to_string(1 + (*random)() % kBulkRows);
    const std::string inserted = std::to_string((*next_id)++);
    return client.Query("UPDATE " + table + " SET n = n + 1, note = CONCAT('u', n) WHERE id = " + updated +
                        "; DELETE FROM " + table + " WHERE id = " + deleted + "; INSERT INTO " + table +
                        " VALUES (" + inserted + ", 'new', 0)");
  };
}

// One kill: starts `lakefeed run`, waits `delay` and then for `moment` (up to 8 s), and kills it (and a running
// handler). `*seen` tells whether the moment came before the kill; a run that exits by itself fails the test.
::testing::AssertionResult KillRunAt(LakefeedTask& task, KillMoment moment, milliseconds delay,
                                     const KillTargets& targets, bool* seen) {
  KillHandler(targets.handler_marker);  // a stale marker of the last kill
  Result<Subprocess> run = task.Start("run");
  if (!run.ok()) return ::testing::AssertionFailure() << run.status().ToString();
  std::this_thread::sleep_for(delay);
  const Waited waited = WaitForMoment(moment, targets, *run, std::chrono::seconds(8));
  if (waited == Waited::kExited || !run->Running()) {
    return ::testing::AssertionFailure() << "lakefeed run exited by itself; log:\n" << TailOfFile(task.log_path(), 4000);
  }
  run->Kill();
  KillHandler(targets.handler_marker);
  *seen = waited == Waited::kSeen;
  return ::testing::AssertionSuccess();
}

// Whether a command's output holds the source password.
::testing::AssertionResult NoPassword(const CommandResult& result) {
  if (result.stdout_text.find(kPassword) == std::string::npos && result.stderr_text.find(kPassword) == std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "the source password is in lakefeed's output";
}

// After a kill with the workload stopped: `lakefeed sync` restarts the task and catches up (with the merge and
// the triggers); then the raw files, the merged tables and the handler's record must all agree with the source.
::testing::AssertionResult RestartAndCheck(LakefeedTask& task, MariaDbSandbox& db, const std::string& handled_file) {
  Status touched = TouchEveryTable(db, kDatabase);
  if (!touched.ok()) return ::testing::AssertionFailure() << touched.ToString();
  const auto started = Clock::now();
  Result<CommandResult> synced = task.Run("sync");
  const auto synced_at = Clock::now();
  if (!synced.ok()) return ::testing::AssertionFailure() << synced.status().ToString();
  if (synced->exit_code != 0) return ::testing::AssertionFailure() << "sync: " << DescribeRun(*synced, task);
  if (!NoPassword(*synced)) return NoPassword(*synced);
  ::testing::AssertionResult raw = LakeMatchesSource(task, db, {kDatabase});
  if (!raw) return raw;
  const auto replayed_at = Clock::now();
  Result<CommandResult> validated = task.Run("validate");
  auto ms = [](auto from, auto to) { return static_cast<long long>(std::chrono::duration_cast<milliseconds>(to - from).count()); };
  std::printf("    sync %lld ms, raw replay %lld ms, validate %lld ms\n", ms(started, synced_at), ms(synced_at, replayed_at),
              ms(replayed_at, Clock::now()));
  if (!validated.ok()) return ::testing::AssertionFailure() << validated.status().ToString();
  if (validated->exit_code != 0) {
    task.Keep();
    return ::testing::AssertionFailure() << "validate (dir kept: " << task.dir() << "):\n"
                                         << validated->stdout_text << validated->stderr_text;
  }
  if (!NoPassword(*validated)) return NoPassword(*validated);
  Result<std::string> handled = ReadFile(handled_file);
  if (!handled.ok()) return ::testing::AssertionFailure() << "no handler record: " << handled.status().ToString();
  return DeliveredInCommitOrder(HandledKeys(*handled), LakeFilesInCommitOrder(task.lake_dir()));
}

TEST(KillAnywhere, NothingLostNothingTwice) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintWorkloadSeed();
  std::mt19937_64 random(seed ^ 0x9E3779B97F4A7C15ULL);

  // The source: the capture workload's tables with some history, and the bulk table.
  CaptureWorkload::Options workload_options;
  workload_options.database = kDatabase;
  workload_options.table_renames = false;  // merge_workload_test.cc: a renamed table cannot equal SELECT
  workload_options.bulk_rows = 100;
  workload_options.ddl = false;
  BackgroundWorkload workload(seed, workload_options);
  ASSERT_TRUE(workload.Setup(db).ok());
  const std::string bulk = std::string("`") + kDatabase + "`.bulk";
  Status created = db.Query("SET SESSION max_recursive_iterations = 1000000; CREATE TABLE " + bulk + " (id BIGINT PRIMARY KEY, note VARCHAR(40), n INT NOT NULL); "
                            "INSERT INTO " + bulk + " WITH RECURSIVE ids(id) AS (SELECT 1 UNION ALL SELECT id + 1 "
                            "FROM ids WHERE id < " + std::to_string(kBulkRows) + ") SELECT id, CONCAT('row ', id), 0 FROM ids");
  ASSERT_TRUE(created.ok()) << created.ToString();
  BackgroundWorkload bulk_writer(BulkWriter(seed));

  LakefeedTaskOptions options;
  options.include = {std::string(kDatabase) + ".%"};
  options.start = "full-load-and-cdc";
  options.user = "chaos_cdc";
  options.password = kPassword;
  options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CdcMinFileSize", "8"}};
  ASSERT_TRUE(db.Query(std::string("SET sql_log_bin=0; CREATE USER chaos_cdc@'127.0.0.1' IDENTIFIED BY '") + kPassword +
                       "'; GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO chaos_cdc@'127.0.0.1'; "
                       "SET sql_log_bin=1")
                  .ok());
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string warehouse = task->dir() + "/warehouse";
  KillTargets targets;
  targets.lake = task->lake_dir();
  targets.warehouse = warehouse;
  targets.handler_marker = task->dir() + "/handler.running";
  const std::string handled_file = task->dir() + "/handled.txt";
  ASSERT_TRUE(WriteFile(task->dir() + "/record.sh", kHandler).ok());
  setenv("CHAOS_HANDLER_MARKER", targets.handler_marker.c_str(), 1);
  setenv("CHAOS_HANDLED_FILE", handled_file.c_str(), 1);
  options.extra_yaml = "full_load:\n  chunk_rows: 500\n" + MergeYaml(warehouse, 500, 3) +
                       "triggers:\n  - name: record\n    exec: [sh, " + task->dir() + "/record.sh]\n";
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());

  std::map<std::string, int> seen_moments;
  int kills = 0;
  auto kill_once = [&](KillMoment moment, milliseconds delay) {
    bool seen = false;
    ::testing::AssertionResult killed = KillRunAt(*task, moment, delay, targets, &seen);
    ++kills;
    if (seen) seen_moments[ToString(moment)] += 1;
    std::printf("kill %2d at %-20s %s\n", kills, ToString(moment), seen ? "seen" : "not seen in 8 s");
    std::fflush(stdout);
    return killed;
  };

  // 1. The full load, under DML.
  ASSERT_TRUE(workload.Start(db).ok());
  ASSERT_TRUE(bulk_writer.Start(db).ok());
  int load_kills = 0;
  const KillMoment kLoadMoments[] = {KillMoment::kPublish, KillMoment::kCheckpoint, KillMoment::kRandomDelay};
  for (int kill_idx = 0; kill_idx < kLoadKills && !FullLoadFinished(task->lake_dir()); ++kill_idx) {
    const KillMoment moment = kLoadMoments[kill_idx % std::size(kLoadMoments)];
    ASSERT_TRUE(kill_once(moment, milliseconds(moment == KillMoment::kRandomDelay ? 50 + random() % 400 : random() % 150)));
    load_kills += FullLoadFinished(task->lake_dir()) ? 0 : 1;
    ReplayOptions reader;
    reader.reader_view = true;
    Result<LakeReplay> replay = ReplayLake(task->lake_dir(), reader);
    ASSERT_TRUE(replay.ok()) << replay.status().ToString();
    if (!replay->errors.empty()) task->Keep();
    ASSERT_TRUE(replay->errors.empty()) << "after a kill in the load, the lake does not replay cleanly (dir kept: "
                                        << task->dir() << "):\n" << replay->errors.front();
  }
  ASSERT_TRUE(workload.Stop().ok()) << workload.workload().RecentStatements();
  ASSERT_TRUE(bulk_writer.Stop().ok());
  ASSERT_TRUE(RestartAndCheck(*task, db, handled_file));
  EXPECT_GE(load_kills, 6) << "too few kills landed in the full load";

  // 2. CDC, flushes and commits, the trigger and the merge, under DML and DDL.
  workload.workload().set_ddl(true);
  const KillMoment kMoments[] = {KillMoment::kStaging,        KillMoment::kCheckpoint,    KillMoment::kPublish,
                                 KillMoment::kHandlerRunning, KillMoment::kMergeDataFile, KillMoment::kMergeManifest,
                                 KillMoment::kMergeMetadata,  KillMoment::kRandomDelay,   KillMoment::kRandomDelay};
  for (int kill_idx = 0; kill_idx < kStreamKills; ++kill_idx) {
    const KillMoment moment = kMoments[kill_idx % std::size(kMoments)];
    SCOPED_TRACE("kill " + std::to_string(kills + 1) + " at " + ToString(moment) + ", seed " + std::to_string(seed));
    ASSERT_TRUE(workload.Start(db).ok());
    ASSERT_TRUE(bulk_writer.Start(db).ok());
    // Random head starts, a few very short ones (kills during the recovery of the last kill).
    const milliseconds delay(moment == KillMoment::kRandomDelay ? (random() % 4 == 0 ? random() % 150 : 150 + random() % 2000)
                                                                : random() % 600);
    ASSERT_TRUE(kill_once(moment, delay));
    ASSERT_TRUE(workload.Stop().ok()) << workload.workload().RecentStatements();
    ASSERT_TRUE(bulk_writer.Stop().ok());
    ASSERT_TRUE(RestartAndCheck(*task, db, handled_file));
  }

  ::testing::AssertionResult equal = MergedEqualsSelect(db, warehouse, kDatabase);
  if (!equal) task->Keep();
  EXPECT_TRUE(equal) << "task dir: " << task->dir();
  EXPECT_TRUE(ReplayCommitsNothing(*task, warehouse, kDatabase));

  std::string seen;
  for (const auto& [moment, count] : seen_moments) seen += " " + moment + "=" + std::to_string(count);
  std::printf("%d kills (%d in the full load); moments seen:%s\n", kills, load_kills, seen.c_str());
  EXPECT_GE(kills, 50);
  for (const KillMoment moment : kMoments) {
    if (moment != KillMoment::kRandomDelay) {
      EXPECT_GE(seen_moments[ToString(moment)], 3) << ToString(moment);
    }
  }
  const CaptureWorkload::Counts& counts = workload.workload().counts();
  std::printf("workload: %" PRIu64 " transactions, %" PRIu64 " rollbacks, %" PRIu64 " DDL; lake: %zu change files\n",
              counts.transactions, counts.rollbacks, counts.ddls, CountFiles(task->lake_dir()));
  EXPECT_GT(counts.ddls, 0u);

  // A crash (SIGSEGV) prints the crash report (base/crash_report.h): no memory contents, so no secret.
  Result<Subprocess> crashing = task->Start("run");
  ASSERT_TRUE(crashing.ok()) << crashing.status().ToString();
  ASSERT_TRUE(RunCatchesUp(db, kDatabase, *task, *crashing));
  crashing->Signal(SIGSEGV);
  Result<int> crashed = crashing->Wait(std::chrono::seconds(30));
  ASSERT_TRUE(crashed.ok()) << crashed.status().ToString();
  EXPECT_NE(*crashed, 0);

  // No run's output holds the source password (every run appends to one log).
  Result<std::string> log = ReadFile(task->log_path());
  ASSERT_TRUE(log.ok()) << log.status().ToString();
  EXPECT_NE(log->find(": fatal signal SEGV; stack (code addresses only):"), std::string::npos) << TailOfFile(task->log_path(), 2000);
  EXPECT_EQ(log->find(kPassword), std::string::npos) << "the source password is in lakefeed's output";
}

}  // namespace
}  // namespace cdc::harness
