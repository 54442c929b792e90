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
// The canonical form of a value, and how the tables are compared: merge_check.h.
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

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <random>
#include <string>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "kill_moments.h"
#include "merge_check.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

using std::chrono::milliseconds;

// ------------------------------------------------------------------------------------------------- tests

TEST(MergeWorkload, RandomWorkloadMergedEqualsSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintWorkloadSeed();
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
  // Small batches (a round's changes of a table take several commits, the full load is split), a compaction
  // every few delete files and snapshots expired after a second, so that all happen under schema changes and
  // icebird reads tables whose old snapshots and files are gone.
  options.extra_yaml = "full_load:\n  chunk_rows: 200\n" + MergeYaml(warehouse, 150, 4, 1);
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
  EXPECT_GT(ExpiredMetadataVersions(warehouse), 0) << "no snapshot expiry deleted an old metadata version";
  const CaptureWorkload::Counts& counts = workload.counts();
  std::printf("workload: %" PRIu64 " steps, %" PRIu64 " transactions, %" PRIu64 " rollbacks, %" PRIu64
              " inserts, %" PRIu64 " updates, %" PRIu64 " deletes, %" PRIu64 " key updates, %" PRIu64 " DDL\n",
              counts.steps, counts.transactions, counts.rollbacks, counts.inserts, counts.updates, counts.deletes,
              counts.key_updates, counts.ddls);
  EXPECT_GT(counts.ddls, 0u);
}

TEST(MergeWorkload, KillNineDuringMergeCommits) {
  LAKEFEED_SHARED_MARIADB(db);
  const uint64_t seed = PrintWorkloadSeed();
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
  options.extra_yaml = MergeYaml(warehouse, 40, 3, 1);  // kills fall on expiries and cleanups too
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());

  // The full load first, whole: a load killed while the workload alters its table cannot resume, and the
  // kills here are aimed at the merge.
  Result<CommandResult> loaded = task->Run("sync");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->exit_code, 0) << DescribeRun(*loaded, *task);

  ASSERT_TRUE(workload.Start(db).ok());
  std::mt19937_64 random(seed);
  constexpr int kKills = 8;
  const KillMoment kMoments[] = {KillMoment::kMergeDataFile, KillMoment::kMergeManifest, KillMoment::kMergeMetadata,
                                 KillMoment::kRandomDelay};
  int seen = 0;
  KillTargets targets;
  targets.warehouse = warehouse;
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const KillMoment moment = kMoments[kill_idx % 4];
    SCOPED_TRACE("kill " + std::to_string(kill_idx) + " at " + ToString(moment));
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    // A random delay (so that kills fall on merges of the catch-up and of the steady state, and on
    // compactions), then the next file of the kind this run writes (up to 15 s), killed at once.
    std::this_thread::sleep_for(milliseconds(moment == KillMoment::kRandomDelay ? 200 + random() % 2500 : random() % 1500));
    const bool hit = WaitForMoment(moment, targets, *run, std::chrono::seconds(15)) == Waited::kSeen;
    seen += hit && moment != KillMoment::kRandomDelay ? 1 : 0;
    ASSERT_TRUE(run->Running()) << "lakefeed run exited by itself; log:\n" << TailOfFile(task->log_path(), 4000);
    run->Kill();
    std::printf("kill %d at %s%s\n", kill_idx, ToString(moment),
                hit ? "" : " (not seen in 15 s)");
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
