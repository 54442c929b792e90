// The whole capture onto s3:// (moto's S3 server on loopback): `start: full-load-and-cdc` of the random workload
// (capture_workload.h) into s3://<bucket>/lake while it runs, `lakefeed run` killed with SIGKILL at random
// moments and restarted, then a final `lakefeed sync`. The lake is downloaded with boto3 and replayed by the
// same oracle as on file:// (tests/oracle/replay_lake.py): after every other kill what a reader sees must
// replay cleanly, and at the end it must equal SELECT -- the commit protocol (staging, PutIfAbsent
// checkpoints, publish by copy) holds on S3 too, with 5% of the requests failing on the way (a fault proxy:
// 5xx, resets, stalls, answers lost after the request took effect). Credentials reach lakefeed through the
// environment.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "harness/lakefeed_task.h"
#include "harness/s3_fault_proxy.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);
LAKEFEED_MOTO_ENVIRONMENT();

using std::chrono::milliseconds;

// Copies every object under s3://<bucket>/<prefix>/ into `dir` (emptied first), keys as paths.
::testing::AssertionResult Download(MotoSandbox& moto, const std::string& bucket, const std::string& prefix,
                                    const std::string& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  Result<std::string> copied = moto.RunBoto3(
      "import os\n"
      "n = 0\n"
      "for page in s3.get_paginator('list_objects_v2').paginate(Bucket='" + bucket + "', Prefix='" + prefix + "/'):\n"
      "    for item in page.get('Contents', []):\n"
      "        path = os.path.join('" + dir + "', item['Key'][len('" + prefix + "/'):])\n"
      "        os.makedirs(os.path.dirname(path), exist_ok=True)\n"
      "        s3.download_file('" + bucket + "', item['Key'], path)\n"
      "        n += 1\n"
      "print(n)\n");
  if (!copied.ok()) return ::testing::AssertionFailure() << copied.status().ToString();
  return ::testing::AssertionSuccess() << *copied;
}

TEST(CaptureOnS3, FullLoadAndChangesSurviveKills) {
  LAKEFEED_SHARED_MARIADB(db);
  LAKEFEED_SHARED_MOTO(moto);
  const uint64_t seed = WorkloadSeed();
  std::printf("workload seed %" PRIu64 "\n", seed);
  std::mt19937_64 rng(seed);
  ASSERT_TRUE(moto.RunBoto3("s3.create_bucket(Bucket='cdc-lake')\n").ok());
  // lakefeed finds its credentials where the AWS SDKs look first.
  setenv("AWS_ACCESS_KEY_ID", moto.access_key().c_str(), 1);
  setenv("AWS_SECRET_ACCESS_KEY", moto.secret_key().c_str(), 1);

  const std::string database = "ons3";
  CaptureWorkload::Options workload_options;
  workload_options.database = database;
  workload_options.ddl = false;  // a DDL on a table being loaded stops the task (docs/full-load.md)
  workload_options.bulk_rows = 100;
  BackgroundWorkload workload(seed, workload_options);
  ASSERT_TRUE(workload.Setup(db).ok());

  LakefeedTaskOptions options;
  options.include = {database + ".%"};
  options.start = "full-load-and-cdc";
  options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CdcMinFileSize", "8"}};
  options.target_url = "s3://cdc-lake/lake";
  // Through the fault proxy: 5% of lakefeed's requests fail (5xx, resets, stalls, lost answers).
  Result<std::unique_ptr<S3FaultProxy>> proxy = S3FaultProxy::Start(moto.port(), 0.05, seed);
  ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
  options.target_yaml = "  s3:\n    endpoint: " + (*proxy)->endpoint() + "\n    part_size_mb: 5\n    max_attempts: 10\n";
  options.extra_yaml = "full_load:\n  chunk_rows: 50\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  ASSERT_TRUE(workload.Start(db).ok());

  constexpr int kKills = 8;
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    std::this_thread::sleep_for(milliseconds(rng() % 3 == 0 ? rng() % 200 : 300 + rng() % 1500));
    ASSERT_TRUE(run->Running()) << "lakefeed run ended by itself:\n" << TailOfFile(task->log_path(), 4000);
    run->Kill();
    if (kill_idx % 2 == 1) {
      // What a reader sees right after the crash replays cleanly: nothing uncommitted, nothing twice.
      ASSERT_TRUE(Download(moto, "cdc-lake", "lake", task->lake_dir()));
      ReplayOptions reader;
      reader.reader_view = true;
      Result<LakeReplay> replay = ReplayLake(task->lake_dir(), reader);
      ASSERT_TRUE(replay.ok()) << replay.status().ToString();
      ASSERT_TRUE(replay->errors.empty()) << "after kill " << kill_idx << ": " << replay->errors.front();
    }
  }
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);

  ::testing::AssertionResult downloaded = Download(moto, "cdc-lake", "lake", task->lake_dir());
  ASSERT_TRUE(downloaded);
  std::printf("objects in the lake: %s", downloaded.message());
  EXPECT_GT(CountFiles(task->lake_dir()), 10u);
  EXPECT_TRUE(LakeMatchesSource(*task, db, {database}));
  Result<std::map<std::string, uint64_t>> faults = (*proxy)->Counts();
  ASSERT_TRUE(faults.ok()) << faults.status().ToString();
  std::printf("requests forwarded %" PRIu64 ", faults: 500 %" PRIu64 ", 503 %" PRIu64 ", reset %" PRIu64
              ", stall %" PRIu64 ", lost answer %" PRIu64 "\n",
              (*faults)["forwarded"], (*faults)["500"], (*faults)["503"], (*faults)["reset"], (*faults)["stall"],
              (*faults)["lost-answer"]);
  EXPECT_GT((*faults)["500"] + (*faults)["503"] + (*faults)["reset"] + (*faults)["stall"] + (*faults)["lost-answer"],
            0u);
}

}  // namespace
}  // namespace cdc::harness
