#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "metrics/registry.h"
#include "model/source_position.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {

class CaptureProbe;

// One sample of the task for the dashboard's charts.
struct MonitorPoint {
  int64_t time_ms = 0;
  double latency_source_s = 0;
  double latency_target_s = 0;
  double rows_source_per_s = 0;   // CDC rows captured
  double rows_target_per_s = 0;   // CDC rows committed
  double full_load_rows_per_s = 0;
  double incoming_changes = 0;
  std::optional<double> bytes_behind;
};

// The sampler of a running task (docs/metrics.md): every `interval` it turns the capture's counters into
// DMS's throughput metrics (rates over the last minute: lakefeed_cdc_throughput_rows_source, ..._target,
// lakefeed_cdc_throughput_bandwidth_{source,target}_bytes, lakefeed_full_load_throughput_rows_{source,target})
// and keeps an hour of samples for the dashboard; every `source_interval` it asks the source (on a connection of
// its own) how many binlog bytes the committed position is behind (lakefeed_binlog_bytes_behind) and how long
// the binlog there is kept (lakefeed_binlog_retention_left_hours: the retention setting minus the age of the
// last committed transaction, a lower bound of the time before the server may purge that file; +Inf without
// expiry); with Options::emf_interval it writes the metrics as CloudWatch EMF lines (pipeline/emf.h).
//
// Thread-safe: SetPosition from the capture thread, History from the HTTP threads.
class Monitor {
 public:
  struct Options {
    std::chrono::milliseconds interval{5000};
    std::chrono::milliseconds source_interval{30000};
    std::chrono::seconds history{3600};
    std::chrono::seconds rate_window{60};
    // log.emf: every emf_interval (0: never) one CloudWatch EMF line of the task's metrics (EmfLine, with
    // dimension TaskName=emf_task_name) goes to emf_output (empty: stdout).
    std::chrono::seconds emf_interval{0};
    std::string emf_task_name;
    std::function<void(std::string_view line)> emf_output;
  };

  Monitor(metrics::Registry& registry, const CaptureProbe& probe, SourceConfig source, Options options);
  ~Monitor();  // stops
  Monitor(const Monitor&) = delete;
  Monitor& operator=(const Monitor&) = delete;

  void Start();
  void Stop();

  // The committed position and its source commit time.
  void SetPosition(const model::ResumePoint& position, int64_t commit_time_us);

  std::vector<MonitorPoint> History() const;
  // Takes one sample now (tests; the thread calls it every interval).
  void Sample();
  // Writes one EMF line now (tests; the thread calls it every emf_interval).
  void WriteEmf();

 private:
  struct Totals {
    int64_t time_ms = 0;
    double rows_source = 0, rows_target = 0, bytes_source = 0, bytes_target = 0, load_source = 0, load_target = 0;
  };
  double Sum(std::string_view counter) const;
  bool HasPosition() const;
  // Asks the source about the committed position; false when there is none yet or the source did not answer.
  bool AskSource();

  metrics::Registry& registry_;
  const CaptureProbe& probe_;
  SourceConfig source_;
  Options options_;
  metrics::Gauge& rows_source_rate_;
  metrics::Gauge& rows_target_rate_;
  metrics::Gauge& bytes_source_rate_;
  metrics::Gauge& bytes_target_rate_;
  metrics::Gauge& load_source_rate_;
  metrics::Gauge& load_target_rate_;
  metrics::Gauge& bytes_behind_;
  metrics::Gauge& retention_left_;

  mutable std::mutex mu_;
  std::deque<Totals> totals_;         // within rate_window
  std::deque<MonitorPoint> history_;  // within history
  std::optional<double> last_bytes_behind_;
  model::ResumePoint position_;
  int64_t position_time_us_ = 0;

  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cdc::pipeline
