// A full disk in the work directory (issue 9, "Disk full"): capture.work_dir is a 16 MiB tmpfs that a filler file
// nearly fills, and a transaction bigger than capture.memory_limit_mb must spill there. `lakefeed sync` must stop
// with a clear error naming the full file system, leave nothing half-written in the lake (the replay of the lake
// finds no broken file, no staged upload, and the table is still at its state before the transaction), and once
// the filler is removed the next `sync` captures the transaction: the lake equals SELECT.
//
// Mounting a tmpfs needs root (CAP_SYS_ADMIN), as scripts/test runs; the test fails, not skips, without it.
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "capture_check.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);

// A tmpfs of `bytes` mounted on `dir` for the object's lifetime.
class SmallDisk {
 public:
  SmallDisk(std::string dir, uint64_t bytes) : dir_(std::move(dir)) {
    const std::string options = "size=" + std::to_string(bytes);
    if (mount("tmpfs", dir_.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      error_ = "mount tmpfs on " + dir_ + ": " + std::strerror(errno) + " (the test needs root)";
    }
  }
  ~SmallDisk() {
    if (error_.empty()) umount2(dir_.c_str(), MNT_DETACH);
  }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  std::string error_;
};

TEST(DiskFull, AFullWorkDirFailsClearlyAndTheNextRunResumes) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE disk_full; CREATE TABLE disk_full.t (id INT PRIMARY KEY, v TEXT); "
                       "INSERT INTO disk_full.t VALUES (1, 'before')")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {"disk_full.%"};
  options.start = "full-load-and-cdc";
  options.extra_yaml = "  memory_limit_mb: 1\n";  // continues the capture section: spill past 1 MiB
  Result<LakefeedTask> created = LakefeedTask::Create(db, options);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  LakefeedTask& task = *created;
  SmallDisk disk(task.work_dir(), 16 << 20);
  ASSERT_EQ(disk.error(), "");
  Result<CommandResult> first = task.Run("sync");
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->exit_code, 0) << DescribeRun(*first, task);
  const size_t files_before = CountFiles(task.lake_dir());

  // Fill the disk but for 256 KiB, then write a transaction of about 3 MB.
  {
    std::ofstream filler(task.work_dir() + "/filler", std::ios::binary);
    const std::string block(64 << 10, 'f');
    for (int block_idx = 0; block_idx < (16 << 20) / (64 << 10) - 4; ++block_idx) filler << block;
  }
  ASSERT_TRUE(db.Query("SET SESSION max_recursive_iterations = 100000; INSERT INTO disk_full.t WITH RECURSIVE "
                       "s(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM s WHERE i < 6001) SELECT i, REPEAT('x', 500) FROM s")
                  .ok());
  Result<CommandResult> full = task.Run("sync");
  ASSERT_TRUE(full.ok());
  EXPECT_NE(full->exit_code, 0) << DescribeRun(*full, task);
  const std::string said = full->stderr_text;
  EXPECT_NE(said.find("No space left on device"), std::string::npos) << DescribeRun(*full, task);
  EXPECT_NE(said.find(task.work_dir()), std::string::npos) << "the error names the directory\n" << said;
  // Nothing of the transaction reached the lake, and what is there is whole.
  EXPECT_EQ(CountFiles(task.lake_dir()), files_before);

  // Space freed: the next run captures the transaction.
  ASSERT_EQ(std::remove((task.work_dir() + "/filler").c_str()), 0);
  Result<CommandResult> resumed = task.Run("sync");
  ASSERT_TRUE(resumed.ok());
  ASSERT_EQ(resumed->exit_code, 0) << DescribeRun(*resumed, task);
  EXPECT_TRUE(LakeMatchesSource(task, db, {"disk_full"}));
}

}  // namespace
}  // namespace cdc::harness
