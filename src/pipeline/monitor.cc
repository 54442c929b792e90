#include "pipeline/monitor.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <utility>

#include "base/clock.h"
#include "base/logging.h"
#include "mysql/connection.h"
#include "pipeline/capture_probe.h"
#include "pipeline/emf.h"
#include "pipeline/source.h"
#include "pipeline/status.h"

namespace cdc::pipeline {
namespace {

// The source's binlog retention in seconds: binlog_expire_logs_seconds (MySQL 8, MariaDB 10.6+), else
// expire_logs_days; 0 when binlogs never expire; nullopt when the source does not say.
std::optional<double> RetentionSeconds(mysql::Connection& connection) {
  Result<std::optional<std::string>> seconds = connection.QueryValue("SELECT @@global.binlog_expire_logs_seconds");
  if (seconds.ok() && seconds->has_value()) {
    const double value = std::strtod((*seconds)->c_str(), nullptr);
    if (value > 0) return value;
  }
  Result<std::optional<std::string>> days = connection.QueryValue("SELECT @@global.expire_logs_days");
  if (days.ok() && days->has_value()) return std::strtod((*days)->c_str(), nullptr) * 86400;
  if (seconds.ok() && seconds->has_value()) return 0;
  return std::nullopt;
}

}  // namespace

Monitor::Monitor(metrics::Registry& registry, const CaptureProbe& probe, SourceConfig source, Options options)
    : registry_(registry),
      probe_(probe),
      source_(std::move(source)),
      options_(options),
      rows_source_rate_(registry.gauge("lakefeed_cdc_throughput_rows_source",
                                       "Rows captured per second over the last minute (CDCThroughputRowsSource)")),
      rows_target_rate_(registry.gauge("lakefeed_cdc_throughput_rows_target",
                                       "Rows committed per second over the last minute (CDCThroughputRowsTarget)")),
      bytes_source_rate_(registry.gauge("lakefeed_cdc_throughput_bandwidth_source_bytes",
                                        "Binlog bytes read per second over the last minute "
                                        "(CDCThroughputBandwidthSource, in bytes)")),
      bytes_target_rate_(registry.gauge("lakefeed_cdc_throughput_bandwidth_target_bytes",
                                        "Change-file bytes committed per second over the last minute "
                                        "(CDCThroughputBandwidthTarget, in bytes)")),
      load_source_rate_(registry.gauge("lakefeed_full_load_throughput_rows_source",
                                       "Rows the full load read per second (FullLoadThroughputRowsSource)")),
      load_target_rate_(registry.gauge("lakefeed_full_load_throughput_rows_target",
                                       "Rows the full load committed per second (FullLoadThroughputRowsTarget)")),
      bytes_behind_(registry.gauge("lakefeed_binlog_bytes_behind",
                                   "Binlog bytes between the committed position and the source's end")),
      retention_left_(registry.gauge("lakefeed_binlog_retention_left_hours",
                                     "Hours before the source may purge the binlog at the committed position "
                                     "(a lower bound; +Inf when binlogs do not expire)")) {
  // Unknown until the source is first asked.
  bytes_behind_.Set(std::numeric_limits<double>::quiet_NaN());
  retention_left_.Set(std::numeric_limits<double>::quiet_NaN());
}

Monitor::~Monitor() { Stop(); }

void Monitor::Start() {
  thread_ = std::thread([this] {
    auto next_source = std::chrono::steady_clock::now();
    bool asked = false;  // the source answered about a position
    // The first EMF line after one interval, when the rates cover a full window.
    auto next_emf = std::chrono::steady_clock::now() + options_.emf_interval;
    std::unique_lock lock(wake_mu_);
    while (!stopping_) {
      lock.unlock();
      Sample();
      // The source is asked every source_interval, and as soon as there is a committed position to ask about.
      if (std::chrono::steady_clock::now() >= next_source || (!asked && HasPosition())) {
        asked = AskSource();
        next_source = std::chrono::steady_clock::now() + options_.source_interval;
      }
      if (options_.emf_interval.count() > 0 && std::chrono::steady_clock::now() >= next_emf) {
        WriteEmf();
        next_emf += options_.emf_interval;
        if (next_emf < std::chrono::steady_clock::now()) next_emf = std::chrono::steady_clock::now() + options_.emf_interval;
      }
      lock.lock();
      wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
    }
  });
}

void Monitor::Stop() {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Monitor::SetPosition(const model::ResumePoint& position, int64_t commit_time_us) {
  std::lock_guard lock(mu_);
  position_ = position;
  position_time_us_ = commit_time_us;
}

double Monitor::Sum(std::string_view counter) const {
  double sum = 0;
  for (const auto& [labels, value] : registry_.Values(counter)) sum += value;
  return sum;
}

void Monitor::Sample() {
  Totals now;
  now.time_ms = WallClockMs();
  now.rows_source = Sum("lakefeed_cdc_rows_source_total");
  now.rows_target = Sum("lakefeed_cdc_rows_target_total");
  now.bytes_source = Sum("lakefeed_binlog_bytes_total");
  now.bytes_target = Sum("lakefeed_cdc_bytes_target_total");
  now.load_source = Sum("lakefeed_full_load_rows_source_total");
  now.load_target = Sum("lakefeed_full_load_rows_target_total");
  std::lock_guard lock(mu_);
  totals_.push_back(now);
  while (totals_.size() > 2 && now.time_ms - totals_[1].time_ms >= options_.rate_window.count() * 1000) {
    totals_.pop_front();
  }
  const Totals& first = totals_.front();
  const double seconds = static_cast<double>(now.time_ms - first.time_ms) / 1000;
  auto rate = [&](double Totals::*field) { return seconds > 0 ? (now.*field - first.*field) / seconds : 0.0; };
  MonitorPoint point;
  point.time_ms = now.time_ms;
  point.rows_source_per_s = rate(&Totals::rows_source);
  point.rows_target_per_s = rate(&Totals::rows_target);
  point.full_load_rows_per_s = rate(&Totals::load_source);
  point.latency_source_s = probe_.latency_source_s();
  point.latency_target_s = probe_.latency_target_s();
  point.incoming_changes = static_cast<double>(probe_.incoming_changes());
  point.bytes_behind = last_bytes_behind_;
  rows_source_rate_.Set(point.rows_source_per_s);
  rows_target_rate_.Set(point.rows_target_per_s);
  bytes_source_rate_.Set(rate(&Totals::bytes_source));
  bytes_target_rate_.Set(rate(&Totals::bytes_target));
  load_source_rate_.Set(point.full_load_rows_per_s);
  load_target_rate_.Set(rate(&Totals::load_target));
  history_.push_back(point);
  while (!history_.empty() && now.time_ms - history_.front().time_ms > options_.history.count() * 1000) {
    history_.pop_front();
  }
}

bool Monitor::HasPosition() const {
  std::lock_guard lock(mu_);
  return !position_.file.empty();
}

bool Monitor::AskSource() {
  model::ResumePoint position;
  int64_t position_time_us = 0;
  {
    std::lock_guard lock(mu_);
    position = position_;
    position_time_us = position_time_us_;
  }
  if (position.file.empty()) return false;
  Result<mysql::ConnectionOptions> options = ConnectionOptionsFor(source_, 10);
  if (!options.ok()) return false;
  Result<std::unique_ptr<mysql::Connection>> connection = mysql::Connection::Connect(*options);
  if (!connection.ok()) {
    LogWarn(LogComponent::kTaskManager, "monitor: the source cannot be asked how far behind the task is",
            {{"error", connection.status().ToString()}});
    return false;
  }
  const std::optional<uint64_t> behind = BytesBehind(**connection, position);
  const std::optional<double> retention = RetentionSeconds(**connection);
  {
    std::lock_guard lock(mu_);
    if (behind) last_bytes_behind_ = static_cast<double>(*behind);
  }
  if (behind) bytes_behind_.Set(static_cast<double>(*behind));
  if (retention) {
    if (*retention == 0) {
      retention_left_.Set(std::numeric_limits<double>::infinity());
    } else if (position_time_us > 0) {
      const double age_s = static_cast<double>(WallClockMs()) / 1000 - static_cast<double>(position_time_us) / 1e6;
      retention_left_.Set((*retention - std::max(0.0, age_s)) / 3600);
    }
  }
  return true;
}

void Monitor::WriteEmf() {
  std::string line = EmfLine(registry_, options_.emf_task_name, WallClockMs());
  line.push_back('\n');
  if (options_.emf_output) {
    options_.emf_output(line);
  } else {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
  }
}

std::vector<MonitorPoint> Monitor::History() const {
  std::lock_guard lock(mu_);
  return {history_.begin(), history_.end()};
}

}  // namespace cdc::pipeline
