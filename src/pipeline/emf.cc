#include "pipeline/emf.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>

#include "metrics/registry.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {
namespace {

using Json = nlohmann::ordered_json;

// DMS's task metrics (AWS DMS User Guide, "AWS Database Migration Service metrics") that lakefeed measures.
// DMS's KB is 1024 bytes. CDCChangesMemorySource/DiskSource count rows in DMS; lakefeed knows the bytes the
// open transactions hold, so they are published in Bytes.
constexpr EmfMetric kMetrics[] = {
    {"CDCLatencySource", "Seconds", "lakefeed_cdc_latency_source_seconds"},
    {"CDCLatencyTarget", "Seconds", "lakefeed_cdc_latency_target_seconds"},
    {"CDCIncomingChanges", "Count", "lakefeed_cdc_incoming_changes"},
    {"CDCThroughputRowsSource", "Count/Second", "lakefeed_cdc_throughput_rows_source"},
    {"CDCThroughputRowsTarget", "Count/Second", "lakefeed_cdc_throughput_rows_target"},
    {"CDCThroughputBandwidthSource", "Kilobytes/Second", "lakefeed_cdc_throughput_bandwidth_source_bytes",
     1.0 / 1024},
    {"CDCThroughputBandwidthTarget", "Kilobytes/Second", "lakefeed_cdc_throughput_bandwidth_target_bytes",
     1.0 / 1024},
    {"FullLoadThroughputRowsSource", "Count/Second", "lakefeed_full_load_throughput_rows_source"},
    {"FullLoadThroughputRowsTarget", "Count/Second", "lakefeed_full_load_throughput_rows_target"},
    {"CDCChangesMemorySource", "Bytes", "lakefeed_cdc_changes_memory_source_bytes"},
    {"CDCChangesDiskSource", "Bytes", "lakefeed_cdc_changes_disk_source_bytes"},
};

// scheme://host[:port]/path of a URL: user info, query and fragment left out.
std::string UrlWithoutSecrets(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const size_t authority = scheme + 3;
  const size_t path = url.find('/', authority);
  const size_t at = url.substr(0, path).rfind('@');
  if (at == std::string_view::npos || at < authority) return std::string(url);
  return std::string(url.substr(0, authority)) + std::string(url.substr(at + 1));
}

}  // namespace

std::span<const EmfMetric> EmfMetrics() { return kMetrics; }

std::string EmfLine(const metrics::Registry& registry, std::string_view task_name, int64_t time_ms) {
  Json definitions = Json::array();
  Json values = Json::object();
  for (const EmfMetric& metric : kMetrics) {
    const std::optional<double> value = registry.Value(metric.source);
    if (!value || !std::isfinite(*value)) continue;
    definitions.push_back({{"Name", metric.name}, {"Unit", metric.unit}});
    values[std::string(metric.name)] = *value * metric.scale;
  }
  Json document;
  document["_aws"] = {{"Timestamp", time_ms},
                      {"CloudWatchMetrics", Json::array({{{"Namespace", kEmfNamespace},
                                                          {"Dimensions", Json::array({Json::array({"TaskName"})})},
                                                          {"Metrics", std::move(definitions)}}})}};
  document["TaskName"] = task_name;
  for (auto it = values.begin(); it != values.end(); ++it) document[it.key()] = it.value();
  return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string EmfTaskName(const TaskConfig& config) {
  if (!config.log.emf_task_name.empty()) return config.log.emf_task_name;
  return UrlWithoutSecrets(config.target.url);
}

}  // namespace cdc::pipeline
