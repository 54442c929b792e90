// The lakefeed executable: parses the command line (CLI11) and runs a subcommand.
//
// Exit codes: 0 success, 1 the command failed ("lakefeed: error: <Status>" on stderr), 2 bad
// usage (a usage message on stderr).
#include <CLI/CLI.hpp>
#include <malloc.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "base/crash_report.h"
#include "base/logging.h"
#include "cli/binlog_dump.h"
#include "pipeline/api_client.h"
#include "pipeline/merge_task.h"
#include "pipeline/preflight.h"
#include "pipeline/status.h"
#include "pipeline/task.h"
#include "pipeline/task_config.h"
#include "pipeline/validate_task.h"

#ifndef LAKEFEED_VERSION
#define LAKEFEED_VERSION "0.0.0"
#endif

namespace {

constexpr int kExitError = 1;
constexpr int kExitUsage = 2;

int ReportError(const cdc::Status& status) {
  // Redacted as log lines are: a message may quote a URL with credentials or a secret the config registered.
  std::fprintf(stderr, "lakefeed: error: %s\n", cdc::RedactSecrets(status.ToString()).c_str());
  return kExitError;
}

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

// Loads the task config and applies its log settings.
cdc::Result<cdc::pipeline::TaskConfig> LoadConfig(const std::string& path) {
  CDC_ASSIGN_OR_RETURN(cdc::pipeline::TaskConfig config, cdc::pipeline::LoadTaskConfig(path));
  cdc::SetLogJson(config.log.json);
  cdc::SetLogLevel(cdc::ParseLogLevel(config.log.level).value_or(cdc::LogLevel::kInfo));
  cdc::ClearLogComponentLevels();
  for (const auto& [component, level] : config.log.components) {
    cdc::SetLogComponentLevel(component, cdc::ParseLogLevel(level).value_or(cdc::LogLevel::kInfo));
  }
  return config;
}

// `lakefeed run` and `lakefeed sync`.
int RunTask(const std::string& config_path, cdc::pipeline::RunMode mode) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  cdc::pipeline::Task task(std::move(*config));
  cdc::Status status = task.Run(mode, &g_stop);
  const cdc::pipeline::RunSummary& summary = task.summary();
  cdc::LogInfo(cdc::LogComponent::kTaskManager,
               mode == cdc::pipeline::RunMode::kCatchUp ? "sync finished" : "run stopped",
               {{"transactions", std::to_string(summary.transactions)},
                {"changes", std::to_string(summary.changes)},
                {"full_load_rows", std::to_string(summary.full_load_rows)},
                {"checkpoints", std::to_string(summary.checkpoints)},
                {"reconnects", std::to_string(summary.reconnects)}});
  if (!status.ok()) return ReportError(status);
  return 0;
}

int Reload(const std::string& config_path, const std::string& table) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Status requested = cdc::pipeline::RequestReload(*config, table);
  if (!requested.ok()) return ReportError(requested);
  std::printf("reload of %s requested: a running task reloads it within seconds, else the next run does\n",
              table.c_str());
  return 0;
}

// `lakefeed merge`.
int Merge(const std::string& config_path, const cdc::pipeline::MergeRun& run) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Result<cdc::merge::MergeStats> stats = cdc::pipeline::RunMerge(*config, run);
  if (!stats.ok()) return ReportError(stats.status());
  std::printf("merged %llu files (%llu already merged) in %llu commits: %llu changes, %llu rows upserted, %llu keys "
              "deleted, %llu compactions\n",
              static_cast<unsigned long long>(stats->files), static_cast<unsigned long long>(stats->skipped_files),
              static_cast<unsigned long long>(stats->commits), static_cast<unsigned long long>(stats->changes),
              static_cast<unsigned long long>(stats->upserts), static_cast<unsigned long long>(stats->deletes),
              static_cast<unsigned long long>(stats->compactions));
  if (stats->files_left > 0) {
    std::printf("%llu files left for the next run (a file was not found: not published yet, or removed)\n",
                static_cast<unsigned long long>(stats->files_left));
  }
  return 0;
}

// `lakefeed validate`: exit 0 when every table is validated, 1 otherwise.
int Validate(const std::string& config_path, const cdc::pipeline::ValidateRun& run, bool json) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Result<std::vector<cdc::pipeline::TableValidation>> tables = cdc::pipeline::RunValidate(*config, run);
  if (!tables.ok()) return ReportError(tables.status());
  const std::string text =
      json ? cdc::pipeline::FormatValidationJson(*tables) : cdc::pipeline::FormatValidationText(*tables);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return cdc::pipeline::AllValidated(*tables) ? 0 : kExitError;
}

// `lakefeed status`: the running task's answer (its live state and lag included) when it serves the API, else
// what the lake and the source say.
int ShowStatus(const std::string& config_path, bool json) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Result<std::string> live = config->http.listen.empty()
                                      ? cdc::Result<std::string>(cdc::Status::NotFound("http.listen", "not set"))
                                      : cdc::pipeline::CallRunningTask(*config, "GET", "/api/v1/status");
  if (json && live.ok()) {
    std::fwrite(live->data(), 1, live->size(), stdout);
    if (!live->ends_with("\n")) std::fputc('\n', stdout);
    return 0;
  }
  cdc::Result<cdc::pipeline::TaskStatus> status = cdc::pipeline::ReadTaskStatus(*config);
  if (!status.ok()) return ReportError(status.status());
  std::string text = json ? cdc::pipeline::FormatStatusJson(*status) : cdc::pipeline::FormatStatusText(*status);
  if (!json) text += cdc::pipeline::FormatLiveStatusText(live);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// `lakefeed config`: the config as lakefeed reads it -- ${ENV} substituted, every default filled in, secrets
// replaced by <redacted> -- or the error that makes it invalid (exit 1).
int ShowConfig(const std::string& config_path) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  std::string text = cdc::pipeline::RedactedYaml(*config);
  if (!text.ends_with("\n")) text += '\n';
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

// `lakefeed check`: exit 1 when any check fails.
int Check(const std::string& config_path, const cdc::pipeline::CheckOptions& options, bool json) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Result<std::vector<cdc::pipeline::CheckResult>> checks = cdc::pipeline::RunChecks(*config, options);
  if (!checks.ok()) return ReportError(checks.status());
  const std::string text = json ? cdc::pipeline::FormatChecksJson(*checks) : cdc::pipeline::FormatChecksText(*checks);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return cdc::pipeline::AnyFailed(*checks) ? kExitError : 0;
}

// `lakefeed pause` and `lakefeed resume`: through the running task's API.
int PauseOrResume(const std::string& config_path, bool pause) {
  cdc::Result<cdc::pipeline::TaskConfig> config = LoadConfig(config_path);
  if (!config.ok()) return ReportError(config.status());
  cdc::Result<std::string> answer =
      cdc::pipeline::CallRunningTask(*config, "POST", pause ? "/api/v1/pause" : "/api/v1/resume");
  if (!answer.ok()) return ReportError(answer.status());
  std::printf(pause ? "capture pauses at the next transaction boundary\n" : "capture resumes\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  cdc::InstallCrashReport("lakefeed " LAKEFEED_VERSION);
  // glibc keeps the heap that a burst (a full load, a merge's compaction) freed, and raises its mmap threshold
  // after large frees, so a long run's RSS would stay at its last burst's peak (BENCHMARKS.md "Soak"). A fixed
  // threshold sends blocks of 256 KiB and more to mmap, which frees them back to the system, and trims the
  // heap's top beyond 1 MiB.
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
  CLI::App app{"lakefeed: change data capture from MySQL/MariaDB binlogs to a data lake", "lakefeed"};
  app.set_version_flag("--version", "lakefeed " LAKEFEED_VERSION);
  app.require_subcommand(1);

  cdc::cli::BinlogDumpOptions dump;
  std::string password;
  CLI::App* binlog_dump =
      app.add_subcommand("binlog-dump", "Decode binlog files, or a server's binlog, to JSON lines (one per row change)");
  binlog_dump->add_option("FILE", dump.files, "Binlog files to decode, in order");
  binlog_dump->add_flag("--events", dump.events, "Also print every event as a JSON line, before its rows");
  binlog_dump->add_option("--table", dump.tables, "Only rows of this table (db.table; repeatable)")
      ->allow_extra_args(false);  // one table per --table, so that FILEs may follow
  CLI::Option_group* live = binlog_dump->add_option_group("live", "Read from a server instead of files");
  live->add_option("--host", dump.host, "Server host");
  live->add_option("--port", dump.port, "Server port")->capture_default_str();
  live->add_option("--user", dump.user, "User with REPLICATION SLAVE, REPLICATION CLIENT and SELECT");
  live->add_option("--password", password, "Password (default: $LAKEFEED_SOURCE_PASSWORD)");
  live->add_option("--server-id", dump.server_id, "Replica server id (default: derived from the process id)");
  live->add_option("--start-file", dump.start_file, "Binlog file to start at (default: the first one on the server)");
  live->add_option("--start-pos", dump.start_position, "Position in --start-file")->capture_default_str();
  live->add_option("--start-gtid", dump.start_gtid,
                   "Start after this GTID position (MariaDB d-s-n[,...] or a MySQL GTID set)");
  live->add_option("--heartbeat", dump.heartbeat_seconds,
                   "Heartbeat period in seconds (default: 10 with --follow, else none; 0 = none)");
  live->add_flag("--follow", dump.follow, "Keep streaming new events instead of stopping at the current end");
  live->add_option("--tls-mode", dump.tls_mode, "disabled, preferred, required, verify-ca or verify-identity")
      ->capture_default_str();
  live->add_option("--tls-ca", dump.tls_ca, "CA certificate file (PEM) for verify-ca / verify-identity");
  live->add_option("--tls-cert", dump.tls_cert, "Client certificate file (PEM), for REQUIRE X509 accounts");
  live->add_option("--tls-key", dump.tls_key, "Key file (PEM) of --tls-cert");
  live->add_flag("!--no-schema-hints", dump.schema_hints,
                 "Do not read column names, labels and types from information_schema");
  binlog_dump->footer("Examples:\n"
                      "  lakefeed binlog-dump /var/lib/mysql/binlog.000042 --table shop.orders\n"
                      "  LAKEFEED_SOURCE_PASSWORD=... lakefeed binlog-dump --host db --user lakefeed \\\n"
                      "      --start-file binlog.000042 --start-pos 4 --follow\n"
                      "One JSON line per row change (values as in the CSV files, docs/value-text.md); --events adds\n"
                      "every event. The source needs binlog_format=ROW and binlog_row_image=FULL.");

  std::string config_path;
  CLI::App* run = app.add_subcommand("run", "Capture continuously: stream the source's changes into the lake until stopped");
  run->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  run->footer("Example: lakefeed run -c /etc/lakefeed/lakefeed.yaml\n"
              "Resumes from the lake's last checkpoint; SIGINT/SIGTERM commit what is complete and stop.");
  CLI::App* sync = app.add_subcommand("sync", "Catch up to the source's current binlog end, commit, and exit");
  sync->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  sync->footer("Example: lakefeed sync -c lakefeed.yaml   (exit 0 once everything up to the end is committed)");
  std::string reload_table;
  CLI::App* reload = app.add_subcommand("reload", "Load one table again while the task streams (DMS reload-target)");
  reload->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  reload->add_option("--table", reload_table, "The source table, schema.table")->required();
  reload->footer("Example: lakefeed reload -c lakefeed.yaml --table shop.orders\n"
                 "Writes a request into the target; the task replaces the table's rows with a new full load of it\n"
                 "(a \"reload\" record in _lakefeed/schema, then LOAD files) and streams on without a gap.");
  cdc::pipeline::MergeRun merge_run;
  CLI::App* merge = app.add_subcommand("merge", "Merge the lake's change files into Apache Iceberg tables (merge.warehouse)");
  merge->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  merge->add_option("--table", merge_run.table, "Only this table (schema.table, as its lake folder)");
  merge->add_flag("--compact", merge_run.compact,
                  "Compact the table instead (needs --table): rewrite its data without the deleted rows");
  merge->footer("Example: lakefeed merge -c lakefeed.yaml\n"
                "Takes every table's change files after its ledger (kept in the Iceberg snapshot summary), in commit\n"
                "order, and commits each batch as one snapshot; running it again changes nothing.");
  cdc::pipeline::ValidateRun validate_run;
  bool validate_json = false;
  CLI::App* validate =
      app.add_subcommand("validate", "Compare the merged Iceberg tables with the source (row counts, checksums, keys)");
  validate->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  validate->add_option("--table", validate_run.table, "Only this source table (schema.table)");
  validate->add_option("--max-keys", validate_run.max_listed_keys, "Differing keys listed per table")
      ->capture_default_str();
  validate->add_flag("--json", validate_json, "Print JSON (DMS validation field names)");
  validate->footer("Example: lakefeed sync -c lakefeed.yaml && lakefeed validate -c lakefeed.yaml\n"
                   "Reads every row of each table on both sides and compares counts and an order-independent\n"
                   "checksum; on a mismatch lists the keys that are missing, extra or different, and exits 1.\n"
                   "It compares what is merged: on a live source, rows changed meanwhile can differ (run it again).");
  CLI::App* config_command =
      app.add_subcommand("config", "Check a task config offline and print it with defaults filled in and secrets redacted");
  config_command->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  config_command->footer("Example: lakefeed config -c /etc/lakefeed/lakefeed.yaml\n"
                         "Exits 1 naming the key when the config is invalid (docs/configuration.md); connects to nothing.");
  cdc::pipeline::CheckOptions check_options;
  bool check_json = false;
  CLI::App* check = app.add_subcommand("check", "Preflight: what the source, the tables, the grants and the target need");
  check->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  check->add_option("--downtime-hours", check_options.expected_downtime_hours,
                    "The longest the task may be down: the source's binlog retention must cover it")
      ->capture_default_str();
  check->add_flag("--json", check_json, "Print JSON");
  check->footer("Example: lakefeed check -c lakefeed.yaml\n"
                "Each check passes, warns or fails, with a one-line fix; any failure exits 1 (docs/check.md).");
  CLI::App* pause = app.add_subcommand("pause", "Pause the running task's change stream (through its HTTP API)");
  pause->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  pause->footer("Example: lakefeed pause -c lakefeed.yaml\n"
                "The task commits what is complete and stops reading the binlog until `lakefeed resume`;\n"
                "it needs http.listen, and an admin token when http.tokens are set ($LAKEFEED_API_TOKEN).");
  CLI::App* resume = app.add_subcommand("resume", "Resume the running task's change stream (through its HTTP API)");
  resume->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  resume->footer("Example: lakefeed resume -c lakefeed.yaml\n"
                 "The paused task reads the binlog again from where it stopped (see `lakefeed pause`).");
  bool status_json = false;
  CLI::App* status_command = app.add_subcommand("status", "Show positions, lag and per-table statistics of a task");
  status_command->add_option("-c,--config", config_path, "Task config (YAML)")->required();
  status_command->add_flag("--json", status_json, "Print JSON (DMS table-statistics field names)");
  status_command->footer("Example: lakefeed status -c lakefeed.yaml --json\n"
                         "The checkpoint's position, binlog bytes behind, the full load's progress and per-table\n"
                         "statistics; from the running task's API (live lag and state) when http.listen is set.");
  app.footer("Start with `lakefeed check -c lakefeed.yaml`, then `lakefeed run -c lakefeed.yaml`.\n"
             "`lakefeed <command> --help` shows a command's options and an example; docs/ has the details\n"
             "(/usr/share/doc/lakefeed/docs when installed from the package).");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "lakefeed: " << e.what() << "\n\n" << app.help();
    return kExitUsage;
  }

  if (run->parsed()) return RunTask(config_path, cdc::pipeline::RunMode::kFollow);
  if (sync->parsed()) return RunTask(config_path, cdc::pipeline::RunMode::kCatchUp);
  if (status_command->parsed()) return ShowStatus(config_path, status_json);
  if (check->parsed()) return Check(config_path, check_options, check_json);
  if (config_command->parsed()) return ShowConfig(config_path);
  if (pause->parsed()) return PauseOrResume(config_path, true);
  if (resume->parsed()) return PauseOrResume(config_path, false);
  if (reload->parsed()) return Reload(config_path, reload_table);
  if (merge->parsed()) return Merge(config_path, merge_run);
  if (validate->parsed()) return Validate(config_path, validate_run, validate_json);
  if (binlog_dump->parsed()) {
    if (!password.empty()) {
      dump.password = password;
    } else if (const char* env = std::getenv("LAKEFEED_SOURCE_PASSWORD"); env != nullptr) {
      dump.password = env;
    }
    if (cdc::Status usage = cdc::cli::ValidateBinlogDumpOptions(dump); !usage.ok()) {
      std::cerr << "lakefeed: " << usage.message() << "\n\n" << binlog_dump->help();
      return kExitUsage;
    }
    cdc::Status status = cdc::cli::RunBinlogDump(dump, stdout);
    if (!status.ok()) return ReportError(status);
    return 0;
  }
  return 0;
}
