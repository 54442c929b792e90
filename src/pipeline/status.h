#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/status.h"
#include "lake/lake_writer.h"
#include "mysql/binlog_stream.h"
#include "pipeline/full_load.h"
#include "pipeline/source.h"
#include "pipeline/task_config.h"
#include "trigger/dispatcher.h"

namespace cdc::pipeline {

// A configured trigger as the lake shows it.
struct TriggerStatus {
  std::string name;
  std::optional<trigger::StoredProgress> progress;  // none before it stored any
  std::vector<std::string> dead_letters;            // keys, oldest first
};

// What `lakefeed status` shows: the lake's last commit, and how far behind the source it is.
struct TaskStatus {
  std::string target_url;
  std::optional<lake::Checkpoint> checkpoint;  // none before the first commit
  std::optional<mysql::BinlogEnd> source_end;  // none when the source cannot be asked
  std::string source_error;                    // why not (the task can still be inspected)
  // Binlog bytes between the checkpoint and the source's end; nullopt when unknown.
  std::optional<uint64_t> bytes_behind;
  std::vector<TableLoadProgress> full_load;  // per table, when the task has a full load
  std::vector<TriggerStatus> triggers;
  int64_t now_ms = 0;
};

// Binlog bytes from `position` to the end of the last binlog, from SHOW BINARY LOGS' file sizes; nullopt when the
// source does not list the position's file (purged, or another server) or cannot be asked.
std::optional<uint64_t> BytesBehind(mysql::Connection& connection, const model::ResumePoint& position);

// Reads the last checkpoint from the target and the binlog end from the source. A source that
// cannot be reached is reported in source_error, not as an error; a target that cannot be read is.
Result<TaskStatus> ReadTaskStatus(const TaskConfig& config);

// Human-readable text, and JSON with DMS table-statistics field names (Inserts, Updates, Deletes,
// Ddls, FullLoadRows, FullLoadStartTime, FullLoadEndTime, LastUpdateTime, TableState).
std::string FormatStatusText(const TaskStatus& status);
// The running task's live lines for the text status, from its API's status JSON (`live`), or a line saying
// why there is none (not running, no http.listen).
std::string FormatLiveStatusText(const Result<std::string>& live);
std::string FormatStatusJson(const TaskStatus& status);

}  // namespace cdc::pipeline
