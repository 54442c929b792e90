#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

// A strict parser of the Prometheus text exposition format (version 0.0.4), written for the tests from the
// format's description, independently of lakefeed's own writer (src/metrics): it refuses anything a
// Prometheus server would refuse or that the format leaves undefined.
namespace cdc::harness {

struct PromSample {
  std::string name;                           // e.g. "lakefeed_merge_duration_seconds_bucket"
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

struct PromFamily {
  std::string name;
  std::string type;  // counter | gauge | histogram | summary | untyped
  std::string help;
  std::vector<PromSample> samples;
};

// Parses `text`. Refused (InvalidArgument naming the line): a malformed line, name, label or value; an unknown
// escape; a TYPE or HELP given twice or a TYPE after the family's samples; a family's samples not contiguous; a
// series (name and labels) twice; a histogram without its +Inf bucket, _sum or _count, with buckets out of order
// or decreasing, or a +Inf bucket other than _count; a counter below zero; text not ending in a newline.
Result<std::map<std::string, PromFamily>> ParsePrometheusText(const std::string& text);

// The value of sample `name` with exactly `labels`, or nullopt.
std::optional<double> PromValue(const std::map<std::string, PromFamily>& families, const std::string& name,
                                const std::map<std::string, std::string>& labels = {});
// The sum over every label set of sample `name`.
double PromSum(const std::map<std::string, PromFamily>& families, const std::string& name);

}  // namespace cdc::harness
