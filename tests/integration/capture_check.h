#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "harness/lake_oracle.h"
#include "harness/lakefeed_task.h"
#include "harness/mariadb_sandbox.h"
#include "harness/process.h"

namespace cdc::harness {

// The end-of-run check of the capture tests: the replay of the task's lake (tests/oracle/replay_lake.py) has
// no findings -- no seq twice or out of order, no change applied twice, every delete's before image right --
// no uncommitted upload is left under _lakefeed/staging, and the replayed tables equal SELECT of every
// table of `databases` on `server`, value by value. On failure the message lists the findings and the
// mismatches (table, key, column), and the task's dir is kept for inspection (path in the message).
::testing::AssertionResult LakeMatchesSource(LakefeedTask& task, MariaDbSandbox& server,
                                             const std::vector<std::string>& databases,
                                             const ReplayOptions& options = {});

// "exit N\n<stderr tail>\n<log tail>": a lakefeed run for failure messages.
std::string DescribeRun(const CommandResult& result, const LakefeedTask& task);

// Files under `dir` (recursively) whose path relative to `dir` does not start with `_lakefeed/` (change
// files), or, with `under` set, the files below `dir`/`under`.
size_t CountFiles(const std::string& dir, const std::string& under = "");

// SHOW MASTER STATUS as "file:pos", a `source.start` at the binlog's end ("" when the query fails).
std::string CurrentPosition(MariaDbSandbox& db);

// The name of the lake's highest checkpoint object ("" when none).
std::string LatestCheckpointName(const std::string& lake);
// That checkpoint, parsed ({} when there is none or it cannot be read).
nlohmann::json LatestCheckpoint(const std::string& lake);
// Its resume position (file, offset); ("", 0) when there is none.
std::pair<std::string, uint64_t> CheckpointPosition(const std::string& lake);
// Whether it says every table of the full load is done.
bool FullLoadFinished(const std::string& lake);

// "lakefeed run exited by itself (code N); log: ...": for a run that should still be running.
std::string Exited(Subprocess& run, const LakefeedTask& task);

// Inserts a row into `database`.marker (a transaction of its own at the end of the binlog) and waits (60 s)
// until the run's latest checkpoint reaches the position after it: the run is alive and caught up by itself.
::testing::AssertionResult RunCatchesUp(MariaDbSandbox& db, const std::string& database, const LakefeedTask& task,
                                        Subprocess& run);

// SIGTERM: the run commits what is complete and exits 0 (within 60 s).
::testing::AssertionResult StopsCleanly(Subprocess& run, const LakefeedTask& task);

}  // namespace cdc::harness
