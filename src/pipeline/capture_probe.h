#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "metrics/registry.h"
#include "model/change_batch.h"

namespace cdc::pipeline {

// The capture's metrics (docs/metrics.md), with AWS DMS's names and meanings where DMS has the metric:
//   lakefeed_cdc_latency_source_seconds   CDCLatencySource: now minus the source commit time of the last event
//                                         read; 0 while the stream is idle at the binlog's end (heartbeats)
//   lakefeed_cdc_latency_target_seconds   CDCLatencyTarget: now minus the source commit time of the oldest change
//                                         not yet committed to the lake; the source latency when none waits
//   lakefeed_cdc_incoming_changes         CDCIncomingChanges: changes read but not yet committed to the lake
//   lakefeed_cdc_changes_{memory,disk}_source_bytes   CDCChangesMemorySource / DiskSource, in bytes: open
//                                         transactions' rows buffered in memory and spilled to disk
//   lakefeed_cdc_rows_source_total{table,op}  rows captured (CDCThroughputRowsSource is its rate)
//   lakefeed_cdc_rows_target_total{table}     rows committed to change files (CDCThroughputRowsTarget)
//   lakefeed_cdc_bytes_target_total           bytes of committed change files (CDCThroughputBandwidthTarget)
//   lakefeed_binlog_events_total, lakefeed_binlog_bytes_total   events and bytes read (CDCThroughputBandwidthSource)
//   lakefeed_ddls_total{table}, lakefeed_lake_files_total{kind}, lakefeed_lake_commits_total,
//   lakefeed_lake_commit_duration_seconds, lakefeed_source_connected, lakefeed_source_commit_timestamp_seconds
//
// The verbs are called from the capture thread; the latencies are computed at scrape time from atomics, so
// that they keep moving while the source is idle. Thread-safe.
class CaptureProbe {
 public:
  explicit CaptureProbe(metrics::Registry& registry);

  // A binlog event of `bytes` bytes whose header timestamp is `timestamp_s` (0 for artificial events).
  void OnEvent(uint64_t bytes, uint32_t timestamp_s);
  // A heartbeat: the server had nothing more to send, so the stream is at the binlog's end.
  void OnHeartbeat();
  void OnConnected(bool connected);
  // A transaction's rows handed to the lake, with its source commit time.
  void OnRows(std::string_view table, model::ChangeOp op, uint64_t rows, int64_t commit_time_us);
  void OnDdl(std::string_view table);
  // The assembler's buffers after a transaction.
  void OnBuffered(uint64_t memory_bytes, uint64_t disk_bytes);
  // A checkpoint committed what was pending; `seconds` is the commit's time.
  void OnCommit(double seconds);
  // One committed file.
  void OnFileCommitted(std::string_view table, bool load, uint64_t rows, uint64_t bytes);

  // Values the API and the sampler read.
  double latency_source_s() const;
  double latency_target_s() const;
  uint64_t incoming_changes() const { return pending_changes_.load(std::memory_order_relaxed); }

 private:
  metrics::Registry& registry_;
  metrics::Counter& events_;
  metrics::Counter& bytes_;
  metrics::Counter& commits_;
  metrics::Histogram& commit_duration_;
  metrics::Gauge& memory_;
  metrics::Gauge& disk_;
  metrics::Gauge& connected_;
  metrics::Gauge& incoming_;
  metrics::Gauge& last_commit_timestamp_;
  std::atomic<int64_t> last_event_s_{0};         // header timestamp of the last real event
  std::atomic<bool> at_end_{false};               // a heartbeat came after it
  std::atomic<int64_t> oldest_pending_us_{0};     // source commit time of the oldest uncommitted change (0: none)
  std::atomic<uint64_t> pending_changes_{0};
  metrics::Registry::ScrapeHandle latency_source_;
  metrics::Registry::ScrapeHandle latency_target_;
};

}  // namespace cdc::pipeline
