// The whole capture onto s3:// (moto's S3 server on loopback): `start: full-load-and-cdc` of the random workload
// (capture_workload.h) into s3://<bucket>/lake while it runs, `lakefeed run` killed with SIGKILL at 24 moments
// and restarted, then a final `lakefeed sync`. The requests go through a fault proxy (tests/harness/
// s3_fault_proxy.py) that fails 5% of them (5xx, resets, stalls, answers lost after the request took effect)
// and that holds one chosen request so that the kill lands at a step of the commit protocol. The moments
// rotate through: a random delay; a staged upload held before it lands; a checkpoint written but not
// answered; a publish copy held before it lands; a publish copy done but not answered; a staging delete done
// but not answered. After every other kill the lake is downloaded with boto3 and what a reader sees must
// replay cleanly (tests/oracle/replay_lake.py, the same oracle as on file://); at the end it must equal
// SELECT. Credentials reach lakefeed through the environment.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <iterator>
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

// A step of the commit protocol to kill at: the proxy holds the first request matching `pattern` (before it
// reaches S3, or with `after` once it took effect but before it is answered). No pattern: a random delay.
struct KillMoment {
  const char* name;
  const char* pattern;
  bool after;
};
constexpr KillMoment kMoments[] = {
    {"a random delay", nullptr, false},
    {"a staged upload, before it lands", "^(PUT|POST) /cdc-lake/lake/_lakefeed/staging/", false},
    {"a checkpoint, written but not answered", "^PUT /cdc-lake/lake/_lakefeed/checkpoints/", true},
    {"a publish copy, before it lands", "^PUT /cdc-lake/lake/[^_][^ ]* copy$", false},
    {"a publish copy, done but not answered", "^PUT /cdc-lake/lake/[^_][^ ]* copy$", true},
    {"a staging delete, done but not answered", "^DELETE /cdc-lake/lake/_lakefeed/staging/", true},
};

// Makes `dir` a copy of every object under s3://<bucket>/<prefix>/, keys as paths: downloads what is missing
// or has another size, and deletes local files whose object is gone (the lake's objects never change in
// place, so this equals a fresh download).
::testing::AssertionResult Download(MotoSandbox& moto, const std::string& bucket, const std::string& prefix,
                                    const std::string& dir) {
  std::filesystem::create_directories(dir);
  Result<std::string> copied = moto.RunBoto3(
      "import os\n"
      "root, listed, fetched = '" + dir + "', set(), 0\n"
      "for page in s3.get_paginator('list_objects_v2').paginate(Bucket='" + bucket + "', Prefix='" + prefix + "/'):\n"
      "    for item in page.get('Contents', []):\n"
      "        path = os.path.join(root, item['Key'][len('" + prefix + "/'):])\n"
      "        listed.add(path)\n"
      "        if os.path.isfile(path) and os.path.getsize(path) == item['Size']:\n"
      "            continue\n"
      "        os.makedirs(os.path.dirname(path), exist_ok=True)\n"
      "        s3.download_file('" + bucket + "', item['Key'], path)\n"
      "        fetched += 1\n"
      "for folder, _, names in os.walk(root):\n"
      "    for name in names:\n"
      "        if os.path.join(folder, name) not in listed:\n"
      "            os.remove(os.path.join(folder, name))\n"
      "print(len(listed), 'objects,', fetched, 'downloaded now')\n");
  if (!copied.ok()) return ::testing::AssertionFailure() << copied.status().ToString();
  return ::testing::AssertionSuccess() << *copied;
}

TEST(CaptureOnS3, FullLoadAndChangesSurviveKills) {
  LAKEFEED_SHARED_MARIADB(db);
  LAKEFEED_SHARED_MOTO(moto);
  const uint64_t seed = PrintWorkloadSeed();
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
  // Through the fault proxy: 5% of lakefeed's requests fail (5xx, resets, stalls of 0.5 s, lost answers).
  Result<std::unique_ptr<S3FaultProxy>> proxy = S3FaultProxy::Start(moto.port(), 0.05, seed, milliseconds(500));
  ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
  options.target_yaml = "  s3:\n    endpoint: " + (*proxy)->endpoint() + "\n    part_size_mb: 5\n    max_attempts: 10\n";
  options.extra_yaml = "full_load:\n  chunk_rows: 50\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  ASSERT_TRUE(workload.Start(db).ok());

  constexpr int kKills = 24;
  std::map<std::string, int> moments_reached;
  for (int kill_idx = 0; kill_idx < kKills; ++kill_idx) {
    const KillMoment& moment = kMoments[kill_idx % std::size(kMoments)];
    SCOPED_TRACE("kill " + std::to_string(kill_idx) + " at " + moment.name + ", seed " + std::to_string(seed));
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    if (moment.pattern == nullptr) {
      std::this_thread::sleep_for(milliseconds(rng() % 3 == 0 ? rng() % 200 : 300 + rng() % 1500));
    } else {
      // A head start, so that each life makes progress before the step it dies at.
      std::this_thread::sleep_for(milliseconds(rng() % 1500));
      ASSERT_TRUE((*proxy)->Arm(moment.pattern, moment.after).ok());
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!(*proxy)->Holding() && run->Running() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(milliseconds(2));
      }
      if ((*proxy)->Holding()) ++moments_reached[moment.name];
    }
    ASSERT_TRUE(run->Running()) << "lakefeed run ended by itself:\n" << TailOfFile(task->log_path(), 4000);
    run->Kill();
    (*proxy)->Release();
    if (kill_idx % 2 == 1) {
      // What a reader sees right after the crash replays cleanly: nothing uncommitted, nothing twice.
      ::testing::AssertionResult downloaded = Download(moto, "cdc-lake", "lake", task->lake_dir());
      ASSERT_TRUE(downloaded);
      std::printf("after kill %d: %s", kill_idx, downloaded.message());
      ReplayOptions reader;
      reader.reader_view = true;
      Result<LakeReplay> replay = ReplayLake(task->lake_dir(), reader);
      ASSERT_TRUE(replay.ok()) << replay.status().ToString();
      ASSERT_TRUE(replay->errors.empty()) << "after kill " << kill_idx << ": " << replay->errors.front();
    }
  }
  for (const KillMoment& moment : kMoments) {
    if (moment.pattern == nullptr) continue;
    std::printf("killed at %s: %d times\n", moment.name, moments_reached[moment.name]);
    // Each step of the protocol was hit at least once (a flush every second makes each one frequent).
    EXPECT_GT(moments_reached[moment.name], 0) << moment.name;
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
