#include "pipeline/status.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>
#include <string>

#include "base/clock.h"
#include "base/time_text.h"
#include "mysql/connection.h"
#include "pipeline/target_store.h"
#include "store/object_store.h"

namespace cdc::pipeline {

std::optional<uint64_t> BytesBehind(mysql::Connection& connection, const model::ResumePoint& position) {
  if (position.file.empty()) return std::nullopt;
  Result<mysql::QueryResult> logs = connection.Query("SHOW BINARY LOGS");
  if (!logs.ok()) return std::nullopt;
  uint64_t behind = 0;
  bool seen = false;
  for (const auto& row : logs->rows) {
    if (row.size() < 2 || !row[0] || !row[1]) return std::nullopt;
    uint64_t size = std::strtoull(row[1]->c_str(), nullptr, 10);
    if (*row[0] == position.file) {
      seen = true;
      behind += size > position.offset ? size - position.offset : 0;
    } else if (seen) {
      behind += size;
    }
  }
  if (!seen) return std::nullopt;  // purged, or another server
  return behind;
}

namespace {

// Rows done against the estimate (100 once done; the estimate is information_schema's guess).
// Seconds left for a table being loaded, at the rate so far (-1: unknown).
int64_t LoadEtaSeconds(const TableLoadProgress& table, int64_t now_ms) {
  if (table.phase != "loading" || table.started_ms == 0 || table.rows == 0) return -1;
  double rate = static_cast<double>(table.rows) / std::max<double>(1, static_cast<double>(now_ms - table.started_ms));
  uint64_t left = table.estimated_rows > table.rows ? table.estimated_rows - table.rows : 0;
  return static_cast<int64_t>(static_cast<double>(left) / rate / 1000);
}

double LoadPercent(const TableLoadProgress& table) {
  if (table.phase == "done") return 100;
  if (table.estimated_rows == 0) return 0;
  return std::min(99.0, 100.0 * static_cast<double>(table.rows) / static_cast<double>(table.estimated_rows));
}

std::string FormatTimeMs(int64_t ms) {
  return ms <= 0 ? "-" : FormatUtcMillis(ms);
}

std::string DescribePosition(const model::ResumePoint& position) {
  std::string text = position.file.empty() ? "-" : position.file + ":" + std::to_string(position.offset);
  if (!position.gtid.empty()) text += " (GTID " + position.gtid + ")";
  return text;
}

}  // namespace

Result<TaskStatus> ReadTaskStatus(const TaskConfig& config) {
  TaskStatus status;
  status.target_url = config.target.url;
  status.now_ms = WallClockMs();
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> store, OpenTargetStore(config.target));
  CDC_ASSIGN_OR_RETURN(status.checkpoint, lake::ReadLatestCheckpoint(*store));
  if (status.checkpoint) {
    CDC_ASSIGN_OR_RETURN(status.full_load, ReadFullLoadProgress(status.checkpoint->full_load));
  }
  for (const TriggerConfig& trigger_config : config.triggers) {
    TriggerStatus trigger_status;
    trigger_status.name = trigger_config.name;
    Result<trigger::StoredProgress> progress = trigger::ReadProgress(*store, trigger_config.name);
    if (progress.ok()) {
      trigger_status.progress = *progress;
    } else if (!progress.status().IsNotFound()) {
      return progress.status();
    }
    CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> letters,
                         store::ListAll(*store, trigger::DeadLetterPrefix(trigger_config.name)));
    for (const store::ObjectInfo& letter : letters) trigger_status.dead_letters.push_back(letter.key);
    status.triggers.push_back(std::move(trigger_status));
  }

  Result<mysql::ConnectionOptions> options = ConnectionOptionsFor(config.source);
  if (!options.ok()) return options.status();
  Result<std::unique_ptr<mysql::Connection>> connection = mysql::Connection::Connect(*options);
  if (!connection.ok()) {
    status.source_error = connection.status().ToString();
    return status;
  }
  Result<mysql::BinlogEnd> end = mysql::ReadBinlogEnd(**connection);
  if (!end.ok()) {
    status.source_error = end.status().ToString();
    return status;
  }
  status.source_end = *end;
  if (status.checkpoint) status.bytes_behind = BytesBehind(**connection, status.checkpoint->position);
  return status;
}

std::string FormatStatusText(const TaskStatus& status) {
  std::string out;
  out += "target:        " + status.target_url + "\n";
  if (!status.checkpoint) {
    out += "checkpoint:    none (nothing committed yet)\n";
  } else {
    const lake::Checkpoint& checkpoint = *status.checkpoint;
    out += "checkpoint:    #" + std::to_string(checkpoint.number) + " written " + FormatTimeMs(checkpoint.written_ms) +
           "\n";
    out += "position:      " + DescribePosition(checkpoint.position) + "\n";
    out += "next seq:      " + std::to_string(checkpoint.next_seq) + "\n";
    out += "last commit:   " + FormatTimeMs(checkpoint.commit_time_us / 1000) + " (source commit time)\n";
  }
  if (status.source_end) {
    out += "source end:    " + DescribePosition({status.source_end->file, status.source_end->position,
                                                 status.source_end->gtid}) +
           "\n";
  } else {
    out += "source:        unreachable: " + status.source_error + "\n";
  }
  if (status.bytes_behind) out += "behind:        " + std::to_string(*status.bytes_behind) + " binlog bytes\n";
  if (!status.full_load.empty()) {
    char line[256];
    std::snprintf(line, sizeof(line), "\n%-40s %8s %12s %12s %6s %10s %8s\n", "full load", "phase", "rows",
                  "estimated", "done", "seconds", "eta s");
    out += line;
    for (const TableLoadProgress& table : status.full_load) {
      int64_t end_ms = table.finished_ms != 0 ? table.finished_ms : status.now_ms;
      double seconds = table.started_ms != 0 ? static_cast<double>(end_ms - table.started_ms) / 1000 : 0;
      int64_t eta = LoadEtaSeconds(table, status.now_ms);
      std::snprintf(line, sizeof(line), "%-40s %8s %12llu %12llu %5.0f%% %10.1f %8s\n", table.table.c_str(),
                    table.phase.c_str(), static_cast<unsigned long long>(table.rows),
                    static_cast<unsigned long long>(table.estimated_rows), LoadPercent(table), seconds,
                    eta < 0 ? "-" : std::to_string(eta).c_str());
      out += line;
    }
  }
  if (status.checkpoint && !status.checkpoint->tables.empty()) {
    char line[256];
    std::snprintf(line, sizeof(line), "\n%-40s %12s %12s %12s %6s %12s  %s\n", "table", "inserts", "updates",
                  "deletes", "ddls", "full load", "last update");
    out += line;
    for (const auto& [table, stats] : status.checkpoint->tables) {
      std::snprintf(line, sizeof(line), "%-40s %12llu %12llu %12llu %6llu %12llu  %s\n", table.c_str(),
                    static_cast<unsigned long long>(stats.inserts), static_cast<unsigned long long>(stats.updates),
                    static_cast<unsigned long long>(stats.deletes), static_cast<unsigned long long>(stats.ddls),
                    static_cast<unsigned long long>(stats.full_load_rows), FormatTimeMs(stats.last_update_ms).c_str());
      out += line;
    }
  }
  if (!status.triggers.empty()) {
    char line[256];
    std::snprintf(line, sizeof(line), "\n%-24s %10s %10s %13s  %s\n", "trigger", "delivered", "filtered",
                  "dead letters", "last event");
    out += line;
    for (const TriggerStatus& trigger : status.triggers) {
      const trigger::StoredProgress none;
      const trigger::StoredProgress& progress = trigger.progress ? *trigger.progress : none;
      std::snprintf(line, sizeof(line), "%-24s %10llu %10llu %13zu  %s\n", trigger.name.c_str(),
                    static_cast<unsigned long long>(progress.delivered),
                    static_cast<unsigned long long>(progress.filtered), trigger.dead_letters.size(),
                    progress.sequencer.empty() ? "-" : progress.sequencer.c_str());
      out += line;
      for (const std::string& key : trigger.dead_letters) out += "  dead letter: " + key + "\n";
    }
  }
  return out;
}

std::string FormatStatusJson(const TaskStatus& status) {
  nlohmann::ordered_json out;
  out["Target"] = status.target_url;
  if (status.checkpoint) {
    const lake::Checkpoint& checkpoint = *status.checkpoint;
    out["Checkpoint"] = {{"Number", checkpoint.number},
                         {"WrittenTime", FormatTimeMs(checkpoint.written_ms)},
                         {"Position",
                          {{"File", checkpoint.position.file},
                           {"Offset", checkpoint.position.offset},
                           {"Gtid", checkpoint.position.gtid}}},
                         {"NextSeq", checkpoint.next_seq},
                         {"LastCommitTime", FormatTimeMs(checkpoint.commit_time_us / 1000)}};
    nlohmann::ordered_json tables = nlohmann::ordered_json::array();
    for (const auto& [table, stats] : checkpoint.tables) {
      size_t dot = table.find('.');
      const TableLoadProgress* load = nullptr;
      for (const TableLoadProgress& progress : status.full_load) {
        if (progress.table == table) load = &progress;
      }
      // DMS's table states: before and during the full load, then replicated.
      std::string state = load == nullptr || load->phase == "done" ? "Table is being replicated"
                          : load->phase == "loading"                ? "Full load"
                                                                     : "Before load";
      tables.push_back({{"SchemaName", table.substr(0, dot)},
                        {"TableName", dot == std::string::npos ? "" : table.substr(dot + 1)},
                        {"Inserts", stats.inserts},
                        {"Updates", stats.updates},
                        {"Deletes", stats.deletes},
                        {"Ddls", stats.ddls},
                        {"FullLoadRows", stats.full_load_rows},
                        {"FullLoadStartTime", load && load->started_ms ? FormatTimeMs(load->started_ms) : ""},
                        {"FullLoadEndTime", load && load->finished_ms ? FormatTimeMs(load->finished_ms) : ""},
                        {"LastUpdateTime", FormatTimeMs(stats.last_update_ms)},
                        {"TableState", state}});
    }
    out["TableStatistics"] = std::move(tables);
    if (!status.full_load.empty()) {
      nlohmann::ordered_json load = nlohmann::ordered_json::array();
      for (const TableLoadProgress& table : status.full_load) {
        load.push_back({{"Table", table.table},
                        {"Phase", table.phase},
                        {"Rows", table.rows},
                        {"EstimatedRows", table.estimated_rows},
                        {"PercentDone", LoadPercent(table)},
                        {"EtaSeconds", LoadEtaSeconds(table, status.now_ms) < 0
                                           ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(LoadEtaSeconds(table, status.now_ms))}});
      }
      out["FullLoad"] = std::move(load);
    }
  } else {
    out["Checkpoint"] = nullptr;
  }
  if (status.source_end) {
    out["SourceEnd"] = {{"File", status.source_end->file},
                        {"Position", status.source_end->position},
                        {"Gtid", status.source_end->gtid}};
  } else {
    out["SourceError"] = status.source_error;
  }
  if (status.bytes_behind) out["BinlogBytesBehind"] = *status.bytes_behind;
  if (!status.triggers.empty()) {
    nlohmann::ordered_json triggers = nlohmann::ordered_json::array();
    for (const TriggerStatus& trigger : status.triggers) {
      const trigger::StoredProgress none;
      const trigger::StoredProgress& progress = trigger.progress ? *trigger.progress : none;
      triggers.push_back({{"Name", trigger.name},
                          {"Delivered", progress.delivered},
                          {"Filtered", progress.filtered},
                          {"DeadLetters", trigger.dead_letters.size()},
                          {"LastSequencer", progress.sequencer},
                          {"DeadLetterKeys", trigger.dead_letters}});
    }
    out["Triggers"] = std::move(triggers);
  }
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string FormatLiveStatusText(const Result<std::string>& live) {
  if (!live.ok()) {
    if (live.status().IsNotFound()) return "task:          (no http.listen: live state unknown)\n";
    return "task:          not answering (" + live.status().ToString() + ")\n";
  }
  const nlohmann::json status = nlohmann::json::parse(*live, nullptr, false);
  if (!status.is_object() || !status.contains("Task") || !status["Task"].is_object()) {
    return "task:          answered without a Task object\n";
  }
  const nlohmann::json& task = status["Task"];
  auto number = [&](const char* key) {
    return task.contains(key) && task[key].is_number() ? task[key].get<double>() : 0.0;
  };
  char latency[96];
  std::snprintf(latency, sizeof(latency), "source %.1f s, target %.1f s", number("CDCLatencySource"),
                number("CDCLatencyTarget"));
  std::string out = "task:          " + task.value("State", std::string("?")) +
                    (task.value("SourceConnected", false) ? ", connected" : ", not connected") + "\n";
  out += "latency:       " + std::string(latency) + "\n";
  out += "incoming:      " + std::to_string(static_cast<uint64_t>(number("CDCIncomingChanges"))) + " changes\n";
  return out;
}

}  // namespace cdc::pipeline
