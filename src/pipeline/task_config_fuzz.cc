// libFuzzer target for ParseTaskConfig: the input is a config file. Checks, besides "no crash":
// a config that parses prints (RedactedYaml) as a config that parses again and prints the same
// text, so `lakefeed config` output can be fed back, and a failure is always InvalidArgument.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "base/logging.h"
#include "pipeline/task_config.h"

namespace {

// A fixed environment: E* variables are set to a number, S* to text holding "${", others unset.
std::optional<std::string> FuzzEnv(std::string_view name) {
  if (name.starts_with("E")) return std::string("42");
  if (name.starts_with("S")) return std::string("a${b}$${c}");
  return std::nullopt;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cdc::SetLogLevel(cdc::LogLevel::kError);  // the parser's warnings are expected here
  const cdc::EnvLookup env = FuzzEnv;
  std::string_view yaml(reinterpret_cast<const char*>(data), size);
  cdc::Result<cdc::pipeline::TaskConfig> config = cdc::pipeline::ParseTaskConfig(yaml, env);
  if (!config.ok()) {
    if (!config.status().IsInvalidArgument()) std::abort();
    return 0;
  }
  std::string printed = cdc::pipeline::RedactedYaml(*config);
  cdc::Result<cdc::pipeline::TaskConfig> again = cdc::pipeline::ParseTaskConfig(printed, env);
  if (!again.ok()) std::abort();
  if (cdc::pipeline::RedactedYaml(*again) != printed) std::abort();
  return 0;
}
