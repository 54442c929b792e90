#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "harness/process.h"

namespace cdc::harness {

class MariaDbSandbox;

// What goes into a test task's YAML (src/pipeline/task_config.h has every key).
struct LakefeedTaskOptions {
  std::vector<std::string> include;  // source.tables.include; empty: every table
  std::string start;                 // source.start: "" (cdc), "binlog.000001:4", "gtid:0-1-5"
  std::string user = "cdc";
  std::string password = "cdcpw";
  uint32_t server_id = 4201;
  // target.settings (DMS S3Settings names), in order. The defaults make files with a header row and a short
  // flush interval.
  std::vector<std::pair<std::string, std::string>> settings = {{"AddColumnName", "true"},
                                                               {"CdcMaxBatchInterval", "1"}};
  // source.reconnect, for reconnecting quickly in tests.
  uint32_t reconnect_initial_ms = 100;
  uint32_t reconnect_max_ms = 1000;
  std::string source_yaml;  // more lines of the source section (e.g. "  tls: { mode: required }\n")
  std::string extra_yaml;  // appended to the YAML as is (top-level sections)
  // target.url; empty: file://<dir>/lake. For another store (s3://), the lake is not in lake_dir().
  std::string target_url;
  std::string target_yaml;  // more lines of the target section (e.g. "  s3:\n    endpoint: ...\n")
  std::string format = "csv";  // target.format
};

// One lakefeed task for a test: a temp dir holding the config (`task.yaml`), the source password (`password`,
// read through source.password_file), the lake (`lake/`, target url file://<dir>/lake) and the work dir
// (`work/`). Runs `lakefeed <command> -c task.yaml` as a child process.
//
// Lifetime: the temp dir is removed with the object unless Keep() was called (or LAKEFEED_KEEP_SANDBOX=1).
// Not thread-safe.
class LakefeedTask {
 public:
  // Creates the dir and writes the config for `server` (its host and port). IOError when it cannot.
  static Result<LakefeedTask> Create(const MariaDbSandbox& server, LakefeedTaskOptions options);

  LakefeedTask(LakefeedTask&&) = default;
  LakefeedTask& operator=(LakefeedTask&&) = default;

  const std::string& dir() const { return dir_.path(); }
  std::string config_path() const { return dir() + "/task.yaml"; }
  std::string lake_dir() const { return dir() + "/lake"; }
  std::string work_dir() const { return dir() + "/work"; }
  std::string password_path() const { return dir() + "/password"; }
  const LakefeedTaskOptions& options() const { return options_; }
  // The YAML written for these options.
  std::string Yaml() const;
  // Rewrites the config after a change of the options (e.g. another port after a server restart).
  Status Rewrite(LakefeedTaskOptions options, uint16_t port);

  // `lakefeed <command> -c task.yaml [extra...]` to completion. IOError when the binary is missing.
  Result<CommandResult> Run(const std::string& command,
                            std::chrono::milliseconds timeout = std::chrono::minutes(3),
                            const std::vector<std::string>& extra = {}) const;
  // Starts `lakefeed <command> -c task.yaml` in the background; stdout and stderr append to `log_path()`.
  Result<Subprocess> Start(const std::string& command) const;
  std::string log_path() const { return dir() + "/lakefeed.log"; }

  void Keep() { dir_.Keep(); }

 private:
  LakefeedTask(TempDir dir, LakefeedTaskOptions options, uint16_t port)
      : dir_(std::move(dir)), options_(std::move(options)), port_(port) {}
  Status WriteConfig() const;

  TempDir dir_;
  LakefeedTaskOptions options_;
  uint16_t port_ = 0;
};

// `lakefeed ARGS...` to completion (LakefeedBinary(), see binlog_dump.h). IOError when the binary is not
// built.
Result<CommandResult> RunLakefeed(const std::vector<std::string>& args,
                                  std::chrono::milliseconds timeout = std::chrono::minutes(3));

// A YAML double-quoted scalar.
std::string YamlQuote(std::string_view text);

}  // namespace cdc::harness
