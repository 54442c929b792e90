#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "base/result.h"
#include "base/status.h"
#include "capture/table_rules.h"
#include "metrics/registry.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {

enum class RunMode : uint8_t {
  kFollow,   // `lakefeed run`: stream until stopped
  kCatchUp,  // `lakefeed sync`: stream to the binlog end as it is when reached, commit, return
};

// What one Run did, for the CLI and tests.
struct RunSummary {
  uint64_t transactions = 0;  // committed source transactions seen (captured tables or not)
  uint64_t changes = 0;       // row changes written
  uint64_t full_load_rows = 0;  // rows written by the full load
  uint64_t checkpoints = 0;   // lake commits
  uint64_t reconnects = 0;
};

// One capture task: source binlog -> decoder -> transaction assembler -> table rules and schema
// tracking -> lake (change files, checkpoints). See docs/architecture.md "Capture".
//
// Run resumes from the lake's last checkpoint when there is one (the config's `start` applies only
// to an empty lake), survives lost connections and server restarts by reconnecting with backoff
// to the last transaction boundary, and commits on the flush policy (CdcMaxBatchInterval,
// CdcMinFileSize), at the end of a catch-up, and when stopped.
//
// Not thread-safe; `stop` may be set from another thread or a signal handler.
class Task {
 public:
  explicit Task(TaskConfig config);
  ~Task();
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  // Runs until `stop` is set (kFollow), the binlog end is reached (kCatchUp), or a fatal error:
  // a corrupt event, a table whose schema cannot be known, a purged start position, a missing
  // grant, a conflicting commit by another run. Everything committed before an error stays.
  Status Run(RunMode mode, const std::atomic<bool>* stop);

  const RunSummary& summary() const { return summary_; }
  // The task's metrics (docs/metrics.md), served at /metrics by `run` with http.listen.
  metrics::Registry& metrics() { return metrics_; }

 private:
  class Impl;
  TaskConfig config_;
  RunSummary summary_;
  metrics::Registry metrics_;
};

// The task's table selection: its DMS table mapping (source.table_mappings), its patterns (include/exclude), or
// every table. InvalidArgument for a mapping file that cannot be read or a malformed rule.
Result<capture::TableRules> RulesFor(const SourceConfig& source);

// Asks the task to reload `table` ("schema.table"; DMS reload-target): a request object in the target
// that the running task takes within about a second at a transaction boundary (or the next run at
// its start). InvalidArgument when the name is malformed or the task does not capture the table; the
// store's errors.
Status RequestReload(const TaskConfig& config, std::string_view table);

}  // namespace cdc::pipeline
