#include "pipeline/capture_probe.h"

#include <algorithm>
#include <chrono>

#include "base/clock.h"

namespace cdc::pipeline {
namespace {

std::string_view OpLabel(model::ChangeOp op) {
  switch (op) {
    case model::ChangeOp::kInsert: return "insert";
    case model::ChangeOp::kUpdate: return "update";
    case model::ChangeOp::kDelete: return "delete";
  }
  return "?";
}

}  // namespace

CaptureProbe::CaptureProbe(metrics::Registry& registry)
    : registry_(registry),
      events_(registry.counter("lakefeed_binlog_events_total", "Binlog events read from the source")),
      bytes_(registry.counter("lakefeed_binlog_bytes_total", "Binlog bytes read from the source")),
      commits_(registry.counter("lakefeed_lake_commits_total", "Checkpoints committed to the lake")),
      commit_duration_(registry.histogram("lakefeed_lake_commit_duration_seconds",
                                          "Time of a lake commit: upload, checkpoint, publish",
                                          metrics::DurationBuckets())),
      memory_(registry.gauge("lakefeed_cdc_changes_memory_source_bytes",
                             "Rows of open transactions buffered in memory (CDCChangesMemorySource, in bytes)")),
      disk_(registry.gauge("lakefeed_cdc_changes_disk_source_bytes",
                           "Rows of open transactions spilled to disk (CDCChangesDiskSource, in bytes)")),
      connected_(registry.gauge("lakefeed_source_connected", "1 while the binlog stream is connected")),
      incoming_(registry.gauge("lakefeed_cdc_incoming_changes",
                               "Changes read but not yet committed to the lake (CDCIncomingChanges)")),
      last_commit_timestamp_(registry.gauge("lakefeed_source_commit_timestamp_seconds",
                                            "Source commit time of the last transaction captured (Unix seconds)")) {
  latency_source_ = registry.ReadAtScrape(
      "lakefeed_cdc_latency_source_seconds",
      "Now minus the source commit time of the last event read; 0 while idle at the binlog's end (CDCLatencySource)",
      {}, [this] { return latency_source_s(); });
  latency_target_ = registry.ReadAtScrape(
      "lakefeed_cdc_latency_target_seconds",
      "Now minus the source commit time of the oldest change not yet in the lake (CDCLatencyTarget)", {},
      [this] { return latency_target_s(); });
}

void CaptureProbe::OnEvent(uint64_t bytes, uint32_t timestamp_s) {
  events_.Inc();
  bytes_.Inc(bytes);
  if (timestamp_s != 0) {
    last_event_s_.store(timestamp_s, std::memory_order_relaxed);
    at_end_.store(false, std::memory_order_relaxed);
  }
}

void CaptureProbe::OnHeartbeat() { at_end_.store(true, std::memory_order_relaxed); }

void CaptureProbe::OnConnected(bool connected) { connected_.Set(connected ? 1 : 0); }

void CaptureProbe::OnRows(std::string_view table, model::ChangeOp op, uint64_t rows, int64_t commit_time_us) {
  registry_
      .counter("lakefeed_cdc_rows_source_total", "Rows captured from the binlog, by table and operation",
               {{"table", std::string(table)}, {"op", std::string(OpLabel(op))}})
      .Inc(rows);
  int64_t expected = 0;
  oldest_pending_us_.compare_exchange_strong(expected, commit_time_us, std::memory_order_relaxed);
  incoming_.Set(static_cast<double>(pending_changes_.fetch_add(rows, std::memory_order_relaxed) + rows));
  last_commit_timestamp_.Set(static_cast<double>(commit_time_us) / 1e6);
}

void CaptureProbe::OnDdl(std::string_view table) {
  registry_.counter("lakefeed_ddls_total", "DDL statements of captured tables", {{"table", std::string(table)}}).Inc();
}

void CaptureProbe::OnBuffered(uint64_t memory_bytes, uint64_t disk_bytes) {
  memory_.Set(static_cast<double>(memory_bytes));
  disk_.Set(static_cast<double>(disk_bytes));
}

void CaptureProbe::OnCommit(double seconds) {
  commits_.Inc();
  commit_duration_.Observe(seconds);
  oldest_pending_us_.store(0, std::memory_order_relaxed);
  pending_changes_.store(0, std::memory_order_relaxed);
  incoming_.Set(0);
}

void CaptureProbe::OnFileCommitted(std::string_view table, bool load, uint64_t rows, uint64_t bytes) {
  registry_.counter("lakefeed_lake_files_total", "Files committed to the lake, by kind",
                    {{"kind", load ? "load" : "cdc"}})
      .Inc();
  if (load) {
    registry_.counter("lakefeed_full_load_rows_target_total", "Rows committed to full-load (LOAD) files, by table",
                      {{"table", std::string(table)}})
        .Inc(rows);
    return;
  }
  registry_.counter("lakefeed_cdc_rows_target_total", "Rows committed to change files, by table",
                    {{"table", std::string(table)}})
      .Inc(rows);
  registry_.counter("lakefeed_cdc_bytes_target_total", "Bytes of change files committed").Inc(bytes);
}

double CaptureProbe::latency_source_s() const {
  const int64_t last = last_event_s_.load(std::memory_order_relaxed);
  if (last == 0 || at_end_.load(std::memory_order_relaxed)) return 0;
  return std::max<double>(0, static_cast<double>(WallClockUs()) / 1e6 - static_cast<double>(last));
}

double CaptureProbe::latency_target_s() const {
  const int64_t oldest = oldest_pending_us_.load(std::memory_order_relaxed);
  if (oldest == 0) return latency_source_s();
  return std::max(latency_source_s(), std::max<double>(0, static_cast<double>(WallClockUs() - oldest) / 1e6));
}

}  // namespace cdc::pipeline
