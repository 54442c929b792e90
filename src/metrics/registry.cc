#include "metrics/registry.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cdc::metrics {
namespace {

void AppendDouble(double value, std::string* out) {
  if (std::isnan(value)) {
    *out += "NaN";
  } else if (std::isinf(value)) {
    *out += value > 0 ? "+Inf" : "-Inf";
  } else {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    out->append(buffer, result.ptr);
  }
}

// Help text escapes backslash and newline; label values also the double quote.
void AppendEscaped(std::string_view text, bool quote, std::string* out) {
  for (char c : text) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '\n') {
      *out += "\\n";
    } else if (quote && c == '"') {
      *out += "\\\"";
    } else {
      out->push_back(c);
    }
  }
}

void AppendLabels(const Labels& labels, const std::pair<std::string, std::string>* extra, std::string* out) {
  if (labels.empty() && extra == nullptr) return;
  out->push_back('{');
  bool first = true;
  auto append = [&](const std::pair<std::string, std::string>& label) {
    if (!first) out->push_back(',');
    first = false;
    *out += label.first;
    *out += "=\"";
    AppendEscaped(label.second, true, out);
    out->push_back('"');
  };
  for (const auto& label : labels) append(label);
  if (extra != nullptr) append(*extra);
  out->push_back('}');
}

void AppendSample(std::string_view name, const Labels& labels, double value, std::string* out,
                  const std::pair<std::string, std::string>* extra = nullptr) {
  *out += name;
  AppendLabels(labels, extra, out);
  out->push_back(' ');
  AppendDouble(value, out);
  out->push_back('\n');
}

[[noreturn]] void Misuse(std::string_view what, std::string_view name) {
  std::fprintf(stderr, "metrics: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(name.size()), name.data());
  std::abort();
}

Labels Sorted(Labels labels, std::string_view name) {
  std::sort(labels.begin(), labels.end());
  for (size_t idx = 0; idx < labels.size(); ++idx) {
    if (!ValidLabelName(labels[idx].first) || labels[idx].first == "le" ||
        (idx > 0 && labels[idx].first == labels[idx - 1].first)) {
      Misuse("bad or repeated label " + labels[idx].first + " on", name);
    }
  }
  return labels;
}

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kCounter: return "counter";
    case Type::kGauge: return "gauge";
    case Type::kHistogram: return "histogram";
  }
  return "untyped";
}

}  // namespace

bool ValidMetricName(std::string_view name) {
  if (name.empty()) return false;
  for (size_t idx = 0; idx < name.size(); ++idx) {
    const char c = name[idx];
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    if (!letter && !(idx > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

bool ValidLabelName(std::string_view label) {
  return ValidMetricName(label) && label.find(':') == std::string_view::npos && !label.starts_with("__");
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), counts_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  for (size_t idx = 0; idx <= upper_bounds_.size(); ++idx) counts_[idx].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  const size_t bucket =
      static_cast<size_t>(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) - upper_bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.upper_bounds = upper_bounds_;
  uint64_t running = 0;
  for (size_t idx = 0; idx <= upper_bounds_.size(); ++idx) {
    running += counts_[idx].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  // The count is the +Inf bucket, so that the two always agree within one snapshot.
  snapshot.count = running;
  return snapshot;
}

std::vector<double> DurationBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
}

struct Registry::Family {
  std::string help;
  Type type = Type::kGauge;
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::map<Labels, std::unique_ptr<Gauge>> gauges;
  std::map<Labels, std::unique_ptr<Histogram>> histograms;
  std::map<uint64_t, std::pair<Labels, std::function<double()>>> read_at_scrape;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::FamilyFor(std::string_view name, std::string_view help, Type type) {
  if (!ValidMetricName(name)) Misuse("invalid metric name", name);
  if (type == Type::kCounter && !name.ends_with("_total")) Misuse("a counter's name must end in _total", name);
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto family = std::make_unique<Family>();
    family->help = help;
    family->type = type;
    it = families_.emplace(std::string(name), std::move(family)).first;
  } else if (it->second->type != type) {
    Misuse("registered with another type", name);
  }
  return *it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
  labels = Sorted(std::move(labels), name);
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Type::kCounter).counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
  labels = Sorted(std::move(labels), name);
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Type::kGauge).gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const std::vector<double>& upper_bounds,
                               Labels labels) {
  labels = Sorted(std::move(labels), name);
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Type::kHistogram).histograms[labels];
  if (!slot) slot = std::make_unique<Histogram>(upper_bounds);
  return *slot;
}

Registry::ScrapeHandle Registry::ReadAtScrape(std::string_view name, std::string_view help, Labels labels,
                                              std::function<double()> read, Type type) {
  if (type == Type::kHistogram) Misuse("a histogram cannot be read at scrape", name);
  labels = Sorted(std::move(labels), name);
  std::lock_guard lock(mu_);
  const uint64_t id = next_id_++;
  FamilyFor(name, help, type).read_at_scrape.emplace(id, std::make_pair(std::move(labels), std::move(read)));
  return ScrapeHandle(this, id);
}

void Registry::Remove(uint64_t id) {
  std::lock_guard lock(mu_);
  for (auto& [name, family] : families_) {
    if (family->read_at_scrape.erase(id) > 0) return;
  }
}

Registry::ScrapeHandle::ScrapeHandle(ScrapeHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

Registry::ScrapeHandle& Registry::ScrapeHandle::operator=(ScrapeHandle&& other) noexcept {
  if (this != &other) {
    if (registry_ != nullptr) registry_->Remove(id_);
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

Registry::ScrapeHandle::~ScrapeHandle() {
  if (registry_ != nullptr) registry_->Remove(id_);
}

std::string Registry::PrometheusText() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    if (family->counters.empty() && family->gauges.empty() && family->histograms.empty() &&
        family->read_at_scrape.empty()) {
      continue;
    }
    out += "# HELP " + name + " ";
    AppendEscaped(family->help, false, &out);
    out += "\n# TYPE " + name + " ";
    out += TypeName(family->type);
    out += "\n";
    // Values kept and read at scrape, merged in label order; a label set given by both shows once (the function).
    std::map<Labels, double> values;
    for (const auto& [labels, counter] : family->counters) values[labels] = static_cast<double>(counter->value());
    for (const auto& [labels, gauge] : family->gauges) values[labels] = gauge->value();
    for (const auto& [id, entry] : family->read_at_scrape) values[entry.first] = entry.second();
    for (const auto& [labels, value] : values) AppendSample(name, labels, value, &out);
    for (const auto& [labels, histogram] : family->histograms) {
      const Histogram::Snapshot snapshot = histogram->Read();
      for (size_t idx = 0; idx < snapshot.cumulative.size(); ++idx) {
        std::pair<std::string, std::string> le{"le", ""};
        if (idx < snapshot.upper_bounds.size()) {
          AppendDouble(snapshot.upper_bounds[idx], &le.second);
        } else {
          le.second = "+Inf";
        }
        AppendSample(name + "_bucket", labels, static_cast<double>(snapshot.cumulative[idx]), &out, &le);
      }
      AppendSample(name + "_sum", labels, snapshot.sum, &out);
      AppendSample(name + "_count", labels, static_cast<double>(snapshot.count), &out);
    }
  }
  return out;
}

std::optional<double> Registry::Value(std::string_view name, const Labels& labels) const {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return std::nullopt;
  const Family& family = *it->second;
  for (const auto& [id, entry] : family.read_at_scrape) {
    if (entry.first == sorted) return entry.second();
  }
  if (auto counter = family.counters.find(sorted); counter != family.counters.end()) {
    return static_cast<double>(counter->second->value());
  }
  if (auto gauge = family.gauges.find(sorted); gauge != family.gauges.end()) return gauge->second->value();
  return std::nullopt;
}

std::vector<std::pair<Labels, double>> Registry::Values(std::string_view name) const {
  std::vector<std::pair<Labels, double>> values;
  std::lock_guard lock(mu_);
  auto it = families_.find(name);
  if (it == families_.end()) return values;
  const Family& family = *it->second;
  for (const auto& [labels, counter] : family.counters) values.emplace_back(labels, static_cast<double>(counter->value()));
  for (const auto& [labels, gauge] : family.gauges) values.emplace_back(labels, gauge->value());
  for (const auto& [id, entry] : family.read_at_scrape) values.emplace_back(entry.first, entry.second());
  return values;
}

}  // namespace cdc::metrics
