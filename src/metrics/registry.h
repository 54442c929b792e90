#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Process metrics (docs/metrics.md). Components update them through probes of their own (the probe pattern of
// STYLE.md: a probe is built from a Registry, names its metrics and labels in one place, and offers verbs such as
// OnRetry()); /metrics only serialises the registry in the Prometheus text format.
namespace cdc::metrics {

// Label name -> value, e.g. {{"table", "shop.orders"}, {"op", "insert"}}. Kept sorted by name.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count. Thread-safe, lock-free.
class Counter {
 public:
  void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down. Thread-safe, lock-free.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into buckets with fixed upper bounds (Prometheus "le", cumulative when read), with their
// sum and count. Thread-safe, lock-free.
class Histogram {
 public:
  // `upper_bounds` ascending; +Inf is implied.
  explicit Histogram(std::vector<double> upper_bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> cumulative;  // per bound, then +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bound, then +Inf
  std::atomic<double> sum_{0};
  std::atomic<uint64_t> count_{0};
};

// Bounds for durations in seconds, 1 ms to about 2 minutes.
std::vector<double> DurationBuckets();

enum class Type : uint8_t { kCounter, kGauge, kHistogram };

// The metrics of a process. Metrics are created on first use and live as long as the registry, so probes keep
// plain references to them. Gauges may also be read at scrape time from a function (ReadAtScrape), for values
// that are cheapest to compute when asked (a queue's depth, a lag from a clock).
//
// Names follow Prometheus: [a-zA-Z_:][a-zA-Z0-9_:]*, counters end in _total, units are base units (seconds,
// bytes). A name is registered with one type and help text; asking for it with another type is a programming
// error (aborts).
//
// Thread-safe.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const std::vector<double>& upper_bounds,
                       Labels labels = {});

  // Keeps `read` as the gauge (or counter) `name`{labels}, called at each scrape until the returned handle is destroyed
  // (destroy it before what `read` uses). `read` must not use the registry.
  class ScrapeHandle {
   public:
    ScrapeHandle() = default;
    ScrapeHandle(ScrapeHandle&& other) noexcept;
    ScrapeHandle& operator=(ScrapeHandle&& other) noexcept;
    ~ScrapeHandle();

   private:
    friend class Registry;
    ScrapeHandle(Registry* registry, uint64_t id) : registry_(registry), id_(id) {}
    Registry* registry_ = nullptr;
    uint64_t id_ = 0;
  };
  // `type` kCounter for a count kept elsewhere (its name ends in _total), else kGauge.
  [[nodiscard]] ScrapeHandle ReadAtScrape(std::string_view name, std::string_view help, Labels labels,
                                          std::function<double()> read, Type type = Type::kGauge);

  // The Prometheus text exposition format (version 0.0.4): per family, sorted by name, # HELP and # TYPE
  // lines, then a sample per label set (histograms: _bucket with le, _sum, _count).
  std::string PrometheusText() const;

  // The current value of a counter or gauge (read-at-scrape ones included); nullopt when it does not exist.
  std::optional<double> Value(std::string_view name, const Labels& labels = {}) const;
  // Every label set of a counter or gauge with its value, e.g. rows per table.
  std::vector<std::pair<Labels, double>> Values(std::string_view name) const;

 private:
  struct Family;
  Family& FamilyFor(std::string_view name, std::string_view help, Type type);
  void Remove(uint64_t id);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> families_;
  uint64_t next_id_ = 1;
};

// Whether `name` is a valid metric name, and `label` a valid label name.
bool ValidMetricName(std::string_view name);
bool ValidLabelName(std::string_view label);

}  // namespace cdc::metrics
