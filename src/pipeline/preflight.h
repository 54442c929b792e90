#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "pipeline/task_config.h"

// `lakefeed check` (docs/check.md): DMS's premigration assessment, extended. What the source, the tables, the
// grants and the target must be for the task to run, each with a one-line fix.
namespace cdc::pipeline {

enum class CheckLevel : uint8_t { kPass, kWarn, kFail };
std::string_view ToString(CheckLevel level);

struct CheckResult {
  std::string name;    // e.g. "binlog_format"
  CheckLevel level = CheckLevel::kPass;
  std::string detail;  // what was found
  std::string fix;     // one line, when not passing
};

struct CheckOptions {
  // The longest time the task may be down: the source must keep its binlog at least this long.
  uint32_t expected_downtime_hours = 24;
};

// Runs every check against the task's source and target (and merge.warehouse when the merge is enabled). A
// source that cannot be reached is one failing check (the rest of the source checks are then left out), not an
// error; so is a target that refuses a write. Errors: only a malformed config (e.g. its table mapping).
Result<std::vector<CheckResult>> RunChecks(const TaskConfig& config, const CheckOptions& options);

// One line per check, "PASS  name  detail" then "      fix: ..." for those not passing, and a summary.
std::string FormatChecksText(const std::vector<CheckResult>& checks);
// {"checks":[{"name","result":"pass|warn|fail","detail","fix"}],"passed":n,"warnings":n,"failures":n}
std::string FormatChecksJson(const std::vector<CheckResult>& checks);
bool AnyFailed(const std::vector<CheckResult>& checks);

}  // namespace cdc::pipeline
