#include "pipeline/emf.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "metrics/registry.h"
#include "pipeline/capture_probe.h"
#include "pipeline/monitor.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {
namespace {

using Json = nlohmann::json;

// Every gauge an EMF line reads, with a known value.
void SetAll(metrics::Registry& registry) {
  registry.gauge("lakefeed_cdc_latency_source_seconds", "h").Set(2.5);
  registry.gauge("lakefeed_cdc_latency_target_seconds", "h").Set(7);
  registry.gauge("lakefeed_cdc_incoming_changes", "h").Set(42);
  registry.gauge("lakefeed_cdc_throughput_rows_source", "h").Set(1000);
  registry.gauge("lakefeed_cdc_throughput_rows_target", "h").Set(900);
  registry.gauge("lakefeed_cdc_throughput_bandwidth_source_bytes", "h").Set(2048);
  registry.gauge("lakefeed_cdc_throughput_bandwidth_target_bytes", "h").Set(512);
  registry.gauge("lakefeed_full_load_throughput_rows_source", "h").Set(30);
  registry.gauge("lakefeed_full_load_throughput_rows_target", "h").Set(20);
  registry.gauge("lakefeed_cdc_changes_memory_source_bytes", "h").Set(4096);
  registry.gauge("lakefeed_cdc_changes_disk_source_bytes", "h").Set(0);
}

TEST(EmfTest, LineFollowsTheEmbeddedMetricFormat) {
  metrics::Registry registry;
  SetAll(registry);
  const std::string line = EmfLine(registry, "orders-task", 1765000000123);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const Json document = Json::parse(line);

  ASSERT_TRUE(document.contains("_aws"));
  const Json& aws = document["_aws"];
  EXPECT_EQ(aws["Timestamp"], 1765000000123);
  ASSERT_EQ(aws["CloudWatchMetrics"].size(), 1u);
  const Json& directive = aws["CloudWatchMetrics"][0];
  EXPECT_EQ(directive["Namespace"], "lakefeed");
  EXPECT_EQ(directive["Dimensions"], Json::array({Json::array({"TaskName"})}));
  EXPECT_EQ(document["TaskName"], "orders-task");

  std::map<std::string, std::string> units;
  for (const Json& metric : directive["Metrics"]) units[metric["Name"]] = metric["Unit"];
  const std::map<std::string, std::string> expected_units = {
      {"CDCLatencySource", "Seconds"},
      {"CDCLatencyTarget", "Seconds"},
      {"CDCIncomingChanges", "Count"},
      {"CDCThroughputRowsSource", "Count/Second"},
      {"CDCThroughputRowsTarget", "Count/Second"},
      {"CDCThroughputBandwidthSource", "Kilobytes/Second"},
      {"CDCThroughputBandwidthTarget", "Kilobytes/Second"},
      {"FullLoadThroughputRowsSource", "Count/Second"},
      {"FullLoadThroughputRowsTarget", "Count/Second"},
      {"CDCChangesMemorySource", "Bytes"},
      {"CDCChangesDiskSource", "Bytes"},
  };
  EXPECT_EQ(units, expected_units);
  // Every metric the directive names is a number at the root (the EMF rule for target members).
  for (const auto& [name, unit] : units) ASSERT_TRUE(document[name].is_number()) << name;

  EXPECT_DOUBLE_EQ(document["CDCLatencySource"].get<double>(), 2.5);
  EXPECT_DOUBLE_EQ(document["CDCLatencyTarget"].get<double>(), 7);
  EXPECT_DOUBLE_EQ(document["CDCIncomingChanges"].get<double>(), 42);
  EXPECT_DOUBLE_EQ(document["CDCThroughputRowsSource"].get<double>(), 1000);
  EXPECT_DOUBLE_EQ(document["CDCThroughputRowsTarget"].get<double>(), 900);
  EXPECT_DOUBLE_EQ(document["CDCThroughputBandwidthSource"].get<double>(), 2);  // 2048 B/s
  EXPECT_DOUBLE_EQ(document["CDCThroughputBandwidthTarget"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(document["FullLoadThroughputRowsSource"].get<double>(), 30);
  EXPECT_DOUBLE_EQ(document["FullLoadThroughputRowsTarget"].get<double>(), 20);
  EXPECT_DOUBLE_EQ(document["CDCChangesMemorySource"].get<double>(), 4096);
  EXPECT_DOUBLE_EQ(document["CDCChangesDiskSource"].get<double>(), 0);
}

TEST(EmfTest, MissingAndNonFiniteValuesAreLeftOut) {
  metrics::Registry registry;
  registry.gauge("lakefeed_cdc_latency_source_seconds", "h").Set(1);
  registry.gauge("lakefeed_cdc_latency_target_seconds", "h").Set(std::numeric_limits<double>::infinity());
  const Json document = Json::parse(EmfLine(registry, "t", 0));
  const Json& metrics = document["_aws"]["CloudWatchMetrics"][0]["Metrics"];
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0]["Name"], "CDCLatencySource");
  EXPECT_FALSE(document.contains("CDCLatencyTarget"));
  EXPECT_FALSE(document.contains("CDCIncomingChanges"));
}

TEST(EmfTest, TaskNameIsTheConfiguredOneOrTheTargetUrl) {
  TaskConfig config;
  config.target.url = "s3://bucket/raw";
  EXPECT_EQ(EmfTaskName(config), "s3://bucket/raw");
  config.target.url = "https://user:pw@minio.example:9000/bucket?x=1";
  EXPECT_EQ(EmfTaskName(config), "https://minio.example:9000/bucket");
  config.log.emf_task_name = "orders";
  EXPECT_EQ(EmfTaskName(config), "orders");
}

TEST(EmfTest, MonitorWritesOneLinePerCall) {
  metrics::Registry registry;
  CaptureProbe probe(registry);
  Monitor::Options options;
  options.emf_interval = std::chrono::seconds(60);
  options.emf_task_name = "orders";
  std::vector<std::string> lines;
  options.emf_output = [&lines](std::string_view line) { lines.emplace_back(line); };
  Monitor monitor(registry, probe, SourceConfig{}, options);
  probe.OnBuffered(8192, 0);
  monitor.Sample();  // the rates exist from the first sample on
  monitor.WriteEmf();
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_TRUE(lines[0].ends_with("\n"));
  const Json document = Json::parse(lines[0]);
  EXPECT_EQ(document["TaskName"], "orders");
  EXPECT_DOUBLE_EQ(document["CDCChangesMemorySource"].get<double>(), 8192);
  EXPECT_DOUBLE_EQ(document["CDCThroughputRowsSource"].get<double>(), 0);
  EXPECT_EQ(document["_aws"]["CloudWatchMetrics"][0]["Metrics"].size(), EmfMetrics().size());
}

}  // namespace
}  // namespace cdc::pipeline
