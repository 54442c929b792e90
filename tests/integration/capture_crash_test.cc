// `lakefeed run` under a concurrent random workload (capture_workload.h) against a real MariaDB with
// binlog_row_metadata=MINIMAL (so a restart at any position must take the schema there from the lake's
// schema history: information_schema already shows the schema after later DDL).
//
//  - KillNineAtRandomMoments: the run is killed with SIGKILL at 24 moments and restarted each time. The
//    moments rotate through: a random delay (some within the first 150 ms, i.e. during recovery); the first
//    object under _lakefeed/staging (a flush being uploaded); a new checkpoint (between the checkpoint and
//    the publish); a new change file (during the publish, between files). The flush policy is set to flush
//    often (CdcMinFileSize 8 KB, CdcMaxBatchInterval 1 s) so that every lifetime has flushes to interrupt.
//    After every fourth kill the lake, as a reader sees it then, must already replay cleanly (no change
//    twice, nothing uncommitted visible). At the end a `lakefeed sync` catches up, and the replayed lake must
//    equal SELECT: nothing lost, nothing twice.
//  - CaptureLive.DroppedConnection: the server kills the replica's Binlog Dump thread three times while the
//    run goes on; the run reconnects, catches up to the end, stops cleanly on SIGTERM, and the lake equals
//    SELECT.
//  - CaptureLive.ServerRestart: the server is shut down and started again (same datadir and port) twice while
//    the run goes on; the same checks.
//
// The workload seed is printed; LAKEFEED_WORKLOAD_SEED=<seed> replays the same statements (the kill moments
// depend on timing and cannot be replayed exactly).
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "kill_moments.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// ------------------------------------------------------------------------------------------------- tests

TEST(CaptureCrash, KillNineAtRandomMoments) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintWorkloadSeed();
  std::mt19937_64 rng(seed ^ 0x5DEECE66DULL);
  const std::string database = "crash";

  LakefeedTaskOptions options;
  options.include = {database + ".*"};
  options.start = CurrentPosition(db);
  options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CdcMinFileSize", "8"}};
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();

  CaptureWorkload::Options workload_options;
  workload_options.database = database;
  workload_options.bulk_rows = 100;
  BackgroundWorkload workload(seed, workload_options);
  Status setup = workload.Setup(db);
  ASSERT_TRUE(setup.ok()) << setup.ToString();
  ASSERT_TRUE(workload.Start(db).ok());

  constexpr int kKills = 24;
  const KillMoment kMoments[] = {KillMoment::kRandomDelay, KillMoment::kStaging, KillMoment::kCheckpoint,
                                 KillMoment::kPublish};
  std::map<std::string, int> moments_seen;
  KillTargets targets;
  targets.lake = task->lake_dir();
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const KillMoment moment = kMoments[kill_idx % 4];
    SCOPED_TRACE("kill " + std::to_string(kill_idx) + " at " + ToString(moment) + ", seed " +
                 std::to_string(seed));
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    // A random head start; a few very short ones land in recovery or before the first flush.
    uint64_t delay_ms =
        moment == KillMoment::kRandomDelay ? (rng() % 3 == 0 ? rng() % 150 : 150 + rng() % 1800) : rng() % 400;
    const auto started = Clock::now();
    std::this_thread::sleep_for(milliseconds(delay_ms));
    Waited waited = WaitForMoment(moment, targets, *run, std::chrono::seconds(5));
    ASSERT_TRUE(waited != Waited::kExited && run->Running()) << Exited(*run, *task);
    run->Kill();
    const auto lived = std::chrono::duration_cast<milliseconds>(Clock::now() - started).count();
    std::printf("kill %2d at %-19s %s after %lld ms\n", kill_idx, ToString(moment),
                waited == Waited::kSeen ? "seen, killed" : "not seen in 5 s, killed",
                static_cast<long long>(lived));
    if (waited == Waited::kSeen) moments_seen[ToString(moment)] += 1;
    if (kill_idx % 4 == 3) {
      // What a reader sees right after the crash, before any recovery, already replays cleanly.
      ReplayOptions reader;
      reader.reader_view = true;
      const auto replay_started = Clock::now();
      Result<LakeReplay> replay = ReplayLake(task->lake_dir(), reader);
      std::printf("  reader-view replay: %lld ms\n",
                  static_cast<long long>(
                      std::chrono::duration_cast<milliseconds>(Clock::now() - replay_started).count()));
      ASSERT_TRUE(replay.ok()) << replay.status().ToString();
      if (!replay->errors.empty()) task->Keep();
      ASSERT_TRUE(replay->errors.empty())
          << "after a kill, the lake does not replay cleanly (dir kept: " << task->dir() << "):\n"
          << replay->errors.front();
    }
  }
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();

  // The final catch-up with the default CdcMinFileSize: a flush every 8 KB costs an fsync each and would make
  // the sync slow, and the flush policy does not change what the lake holds.
  LakefeedTaskOptions final_options = task->options();
  final_options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}};
  ASSERT_TRUE(task->Rewrite(final_options, db.port()).ok());
  const auto sync_started = Clock::now();
  Result<CommandResult> sync = task->Run("sync");
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  ASSERT_EQ(sync->exit_code, 0) << DescribeRun(*sync, *task);
  const auto check_started = Clock::now();
  EXPECT_TRUE(LakeMatchesSource(*task, db, {database}));
  std::printf(
      "final sync %lld ms, check %lld ms\n",
      static_cast<long long>(std::chrono::duration_cast<milliseconds>(check_started - sync_started).count()),
      static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - check_started).count()));

  const CaptureWorkload::Counts& counts = workload.workload().counts();
  std::string seen;
  for (const auto& [moment, count] : moments_seen) seen += " " + moment + "=" + std::to_string(count);
  std::printf("moments seen:%s\n", seen.c_str());
  std::printf("%d kills; workload: %" PRIu64 " steps, %" PRIu64 " transactions, %" PRIu64
              " rollbacks, %" PRIu64 " DDL; lake: %zu change files\n",
              kKills, counts.steps, counts.transactions, counts.rollbacks, counts.ddls,
              CountFiles(task->lake_dir()));
}

// DroppedConnection and ServerRestart: one `lakefeed run` of `database` from the binlog end under a
// background workload; at the end the run must catch up to the binlog end (so it resumed by itself), stop
// cleanly on SIGTERM, and after a final sync the lake must equal SELECT.
class CaptureLive : public ::testing::Test {
 protected:
  void Begin(const std::string& database) {
    db_ = MariaDbEnvironment::sandbox();
    ASSERT_NE(db_, nullptr) << "the MariaDB sandbox did not start";
    database_ = database;
    LakefeedTaskOptions options;
    options.include = {database + ".*"};
    options.start = CurrentPosition(*db_);
    Result<LakefeedTask> task = LakefeedTask::Create(*db_, options);
    ASSERT_TRUE(task.ok()) << task.status().ToString();
    task_.emplace(std::move(task).value());
    CaptureWorkload::Options workload_options;
    workload_options.database = database;
    workload_options.bulk_rows = 100;
    workload_ = std::make_unique<BackgroundWorkload>(PrintWorkloadSeed(), workload_options);
    Status setup = workload_->Setup(*db_);
    ASSERT_TRUE(setup.ok()) << setup.ToString();
    Result<Subprocess> run = task_->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    run_ = std::move(run).value();
  }

  void StopWorkload() {
    Status stopped = workload_->Stop();
    ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload_->workload().RecentStatements();
  }

  void Finish() {
    ASSERT_TRUE(RunCatchesUp(*db_, database_, *task_, run_));
    ASSERT_TRUE(StopsCleanly(run_, *task_));
    Result<CommandResult> sync = task_->Run("sync");
    ASSERT_TRUE(sync.ok()) << sync.status().ToString();
    ASSERT_EQ(sync->exit_code, 0) << DescribeRun(*sync, *task_);
    EXPECT_TRUE(LakeMatchesSource(*task_, *db_, {database_}));
  }

  // Destroyed in reverse order: the run is killed first, the task's dir removed last.
  MariaDbSandbox* db_ = nullptr;
  std::string database_;
  std::optional<LakefeedTask> task_;
  std::unique_ptr<BackgroundWorkload> workload_;
  Subprocess run_;
};

TEST_F(CaptureLive, DroppedConnection) {
  ASSERT_NO_FATAL_FAILURE(Begin("dropped"));
  ASSERT_TRUE(workload_->Start(*db_).ok());
  std::string last_killed;
  for (int drop_idx = 0; drop_idx < 3; ++drop_idx) {
    // Wait for the (new) dump thread of our replica, then kill it.
    std::string thread_id;
    const auto deadline = Clock::now() + std::chrono::seconds(30);
    while (Clock::now() < deadline && thread_id.empty()) {
      Result<std::vector<Row>> rows = db_->QueryRows(
          "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Binlog Dump' AND USER = 'cdc'");
      ASSERT_TRUE(rows.ok()) << rows.status().ToString();
      for (const Row& row : *rows) {
        if (row[0] && *row[0] != last_killed) thread_id = *row[0];
      }
      if (thread_id.empty()) std::this_thread::sleep_for(milliseconds(20));
    }
    ASSERT_FALSE(thread_id.empty()) << "no Binlog Dump thread of lakefeed within 30 s (drop " << drop_idx
                                    << "); log:\n"
                                    << TailOfFile(task_->log_path(), 4000);
    std::this_thread::sleep_for(milliseconds(300 + 200 * drop_idx));
    ASSERT_TRUE(db_->Query("KILL " + thread_id).ok());
    last_killed = thread_id;
  }
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_NO_FATAL_FAILURE(StopWorkload());
  ASSERT_NO_FATAL_FAILURE(Finish());
}

TEST_F(CaptureLive, ServerRestart) {
  ASSERT_NO_FATAL_FAILURE(Begin("restart"));
  for (int restart_idx = 0; restart_idx < 2; ++restart_idx) {
    ASSERT_TRUE(workload_->Start(*db_).ok());
    std::this_thread::sleep_for(milliseconds(1500));
    ASSERT_NO_FATAL_FAILURE(StopWorkload());
    Status restarted = db_->Restart();
    ASSERT_TRUE(restarted.ok()) << restarted.ToString();
    ASSERT_TRUE(run_.Running()) << "on the server restart: " << Exited(run_, *task_);
  }
  ASSERT_TRUE(workload_->Start(*db_).ok());
  std::this_thread::sleep_for(milliseconds(1000));
  ASSERT_NO_FATAL_FAILURE(StopWorkload());
  ASSERT_NO_FATAL_FAILURE(Finish());
}

}  // namespace
}  // namespace cdc::harness
