#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/lake_oracle.h"
#include "harness/lakefeed_task.h"
#include "harness/mariadb_sandbox.h"

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

}  // namespace cdc::harness
