#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace cdc::metrics {
class Registry;
}

// The task's metrics in CloudWatch's embedded metric format (EMF; docs/logging.md "CloudWatch metrics"): a JSON
// log line that CloudWatch Logs turns into metrics, so that a task whose stdout goes to CloudWatch Logs (ECS,
// EKS with Fluent Bit, Lambda-style collectors) gets DMS's task metrics without an agent or an API call.
namespace cdc::pipeline {

struct TaskConfig;

// One EMF metric: its DMS name and unit, and the registry gauge it is read from.
struct EmfMetric {
  std::string_view name;    // CloudWatch metric name, as AWS DMS publishes it
  std::string_view unit;    // a CloudWatch unit
  std::string_view source;  // the registry's gauge (docs/metrics.md)
  double scale = 1;         // multiplies the gauge's value (bytes/s -> kilobytes/s)
};
// Every metric an EMF line carries, in order.
std::span<const EmfMetric> EmfMetrics();

inline constexpr std::string_view kEmfNamespace = "lakefeed";

// One EMF document (a single line, no trailing newline) of the current values in `registry`, under namespace
// "lakefeed" with the one dimension TaskName=`task_name`, stamped `time_ms` (milliseconds since the epoch).
// A metric the registry does not hold, or whose value is not finite, is left out.
std::string EmfLine(const metrics::Registry& registry, std::string_view task_name, int64_t time_ms);

// The TaskName dimension of a task: log.emf_task_name, else the target URL without user info or query.
std::string EmfTaskName(const TaskConfig& config);

}  // namespace cdc::pipeline
