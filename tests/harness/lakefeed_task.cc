#include "harness/lakefeed_task.h"

#include <sys/stat.h>

#include <cstdio>

#include "harness/binlog_dump.h"
#include "harness/mariadb_sandbox.h"

namespace cdc::harness {

std::string YamlQuote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", byte);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Result<CommandResult> RunLakefeed(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::string binary = LakefeedBinary();
  if (binary.empty()) return Status::IOError("the lakefeed executable is not built (no LAKEFEED_BINARY)");
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, timeout);
}

Result<LakefeedTask> LakefeedTask::Create(const MariaDbSandbox& server, LakefeedTaskOptions options) {
  CDC_ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("lakefeed-task-"));
  if (GetEnvOr("LAKEFEED_KEEP_SANDBOX", "") == "1") {
    dir.Keep();
    std::fprintf(stderr, "[sandbox] lakefeed task kept at %s\n", dir.path().c_str());
  }
  LakefeedTask task(std::move(dir), std::move(options), server.port());
  for (const std::string& folder : {task.lake_dir(), task.work_dir()}) {
    if (mkdir(folder.c_str(), 0755) != 0) return Status::IOError("cannot create " + folder);
  }
  CDC_RETURN_IF_ERROR(task.WriteConfig());
  return task;
}

std::string LakefeedTask::Yaml() const {
  const LakefeedTaskOptions& o = options_;
  std::string yaml = "source:\n";
  yaml += "  host: 127.0.0.1\n";
  yaml += "  port: " + std::to_string(port_) + "\n";
  yaml += "  user: " + YamlQuote(o.user) + "\n";
  // From a file (mode 0600), as a production config would: a password written in the YAML logs a warning.
  yaml += "  password_file: " + YamlQuote(password_path()) + "\n";
  yaml += "  server_id: " + std::to_string(o.server_id) + "\n";
  if (!o.include.empty()) {
    yaml += "  tables:\n    include: [";
    for (size_t pattern_idx = 0; pattern_idx < o.include.size(); ++pattern_idx) {
      yaml += (pattern_idx > 0 ? ", " : "") + YamlQuote(o.include[pattern_idx]);
    }
    yaml += "]\n";
  }
  if (!o.start.empty()) yaml += "  start: " + YamlQuote(o.start) + "\n";
  yaml += "  reconnect: { initial_ms: " + std::to_string(o.reconnect_initial_ms) +
          ", max_ms: " + std::to_string(o.reconnect_max_ms) + " }\n";
  yaml += o.source_yaml;
  yaml += "target:\n";
  yaml += "  url: " + YamlQuote(o.target_url.empty() ? "file://" + lake_dir() : o.target_url) + "\n";
  yaml += o.target_yaml;
  yaml += "  format: " + o.format + "\n";
  yaml += "  settings:\n";
  for (const auto& [name, value] : o.settings) yaml += "    " + name + ": " + value + "\n";
  yaml += "capture:\n";
  yaml += "  work_dir: " + YamlQuote(work_dir()) + "\n";
  yaml += o.extra_yaml;
  return yaml;
}

Status LakefeedTask::WriteConfig() const {
  CDC_RETURN_IF_ERROR(WriteFile(password_path(), options_.password));
  if (chmod(password_path().c_str(), 0600) != 0) return Status::IOError("cannot chmod " + password_path());
  return WriteFile(config_path(), Yaml());
}

Status LakefeedTask::Rewrite(LakefeedTaskOptions options, uint16_t port) {
  options_ = std::move(options);
  port_ = port;
  return WriteConfig();
}

Result<CommandResult> LakefeedTask::Run(const std::string& command, std::chrono::milliseconds timeout,
                                        const std::vector<std::string>& extra) const {
  std::vector<std::string> args = {command, "-c", config_path()};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunLakefeed(args, timeout);
}

Result<Subprocess> LakefeedTask::Start(const std::string& command) const {
  std::string binary = LakefeedBinary();
  if (binary.empty()) return Status::IOError("the lakefeed executable is not built (no LAKEFEED_BINARY)");
  SpawnOptions spawn;
  spawn.stdout_path = dir() + "/lakefeed.out";  // truncated at every start
  spawn.stderr_path = log_path();               // appended: the whole history of restarts
  return Subprocess::Spawn({binary, command, "-c", config_path()}, spawn);
}

}  // namespace cdc::harness
