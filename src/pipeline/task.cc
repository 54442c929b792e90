#include "pipeline/task.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/backoff.h"
#include "base/clock.h"
#include "base/logging.h"
#include "binlog/decoder.h"
#include "binlog/event_type.h"
#include "capture/capture_sink.h"
#include "capture/schema_tracker.h"
#include "capture/table_rules.h"
#include "capture/transaction_assembler.h"
#include "lake/lake_writer.h"
#include "lake/layout.h"
#include "mysql/binlog_stream.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"
#include "pipeline/api.h"
#include "pipeline/capture_probe.h"
#include "pipeline/emf.h"
#include "pipeline/full_load.h"
#include "pipeline/merge_task.h"
#include "pipeline/monitor.h"
#include "pipeline/source.h"
#include "pipeline/target_store.h"
#include "store/object_store.h"
#include "server/http_server.h"
#include "trigger/dispatcher.h"
#include "trigger/poller.h"
#include "trigger/s3_event.h"
#include "trigger/trigger_probe.h"

namespace cdc::pipeline {
namespace {

// What a running task is doing, for the API and the dashboard.
enum class TaskState : uint8_t { kStarting, kFullLoad, kStreaming, kPaused, kReconnecting, kStopping };

std::string_view ToString(TaskState state) {
  switch (state) {
    case TaskState::kStarting: return "starting";
    case TaskState::kFullLoad: return "full load";
    case TaskState::kStreaming: return "streaming";
    case TaskState::kPaused: return "paused";
    case TaskState::kReconnecting: return "reconnecting";
    case TaskState::kStopping: return "stopping";
  }
  return "?";
}

std::string TableKey(std::string_view schema, std::string_view table) {
  std::string key;
  key.reserve(schema.size() + table.size() + 1);
  key.append(schema).append(".").append(table);
  return key;
}

// Two decodings of one table that would be written identically: same columns, in the same order,
// with the same names, kinds and key. The projection (and so the open change file) is kept across
// TABLE_MAPs that only repeat the table's shape.
bool SameShape(const model::TableSchema& a, const model::TableSchema& b) {
  if (a.schema_name != b.schema_name || a.table_name != b.table_name || a.columns.size() != b.columns.size() ||
      a.primary_key != b.primary_key) {
    return false;
  }
  for (size_t i = 0; i < a.columns.size(); ++i) {
    const model::ColumnSchema& x = a.columns[i];
    const model::ColumnSchema& y = b.columns[i];
    if (x.name != y.name || x.type != y.type || x.meta != y.meta || x.kind != y.kind || x.is_unsigned != y.is_unsigned ||
        x.collation != y.collation || x.labels != y.labels || x.sql_type != y.sql_type) {
      return false;
    }
  }
  return true;
}

// Sleeps up to `ms`, waking early when `stop` is set.
void SleepUnlessStopped(uint32_t ms, const std::atomic<bool>* stop) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until && !stop->load(std::memory_order_relaxed)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<uint32_t>(ms, 50)));
  }
}

std::string DescribeStart(const model::ResumePoint& position) {
  if (!position.file.empty()) return position.file + ":" + std::to_string(position.offset);
  return "GTID " + position.gtid;
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("source.table_mappings", "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<capture::TableRules> RulesFor(const SourceConfig& source) {
  if (!source.table_mappings_file.empty()) {
    CDC_ASSIGN_OR_RETURN(std::string json, ReadWholeFile(source.table_mappings_file));
    Result<capture::TableRules> rules = capture::TableRules::FromDmsMapping(json);
    if (!rules.ok()) return rules.status().WithContext(source.table_mappings_file);
    return rules;
  }
  if (!source.include.empty() || !source.exclude.empty()) {
    std::vector<std::string> include = source.include;
    if (include.empty()) include.push_back("%.%");
    return capture::TableRules::FromPatterns(include, source.exclude);
  }
  return capture::TableRules();
}

Status RequestReload(const TaskConfig& config, std::string_view table) {
  size_t dot = table.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == table.size()) {
    return Status::InvalidArgument("--table", "expected <schema>.<table>, got \"" + std::string(table) + "\"");
  }
  CDC_ASSIGN_OR_RETURN(capture::TableRules rules, RulesFor(config.source));
  if (!rules.Selects(table.substr(0, dot), table.substr(dot + 1))) {
    return Status::InvalidArgument("--table", std::string(table) + " is not among the tables the task captures "
                                                                   "(source.tables / source.table_mappings)");
  }
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> store, OpenTargetStore(config.target));
  std::string request = nlohmann::json{{"table", table}, {"requested_ms", WallClockMs()}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  CDC_RETURN_IF_ERROR(store->Put(lake::ReloadRequestKey(table), request, {}).status());
  return Status::OK();
}

// The state of one Run: the pieces of the pipeline and the CaptureSink that joins them.
class Task::Impl : public capture::CaptureSink {
 public:
  Impl(const TaskConfig& config, RunSummary* summary, metrics::Registry* metrics)
      : config_(config), summary_(summary), metrics_(*metrics), probe_(*metrics) {}
  ~Impl() { StopPollers(); }

  // Captures (Capture), then with kCatchUp waits for the triggers to finish the events.
  Status Run(RunMode mode, const std::atomic<bool>* stop);

  // CaptureSink
  Status OnTransactionBegin(const capture::TransactionInfo& txn) override;
  Status OnRows(const model::ChangeBatch& rows, uint64_t first_seq) override;
  Status OnDdl(const capture::DdlStatement& ddl) override;
  Status OnTransactionEnd(const capture::TransactionInfo& txn) override;
  Status OnIdle(const model::ResumePoint& position, int64_t source_time_us) override;

 private:
  Status OpenLake();
  // The configured triggers (none: triggers_ stays null), with their progress read.
  Status OpenTriggers();
  // The HTTP server of `lakefeed run` (http.listen): POST /api/v1/events.
  Status StartHttp();
  // The sampler (rates, history, bytes behind; EMF lines with log.emf), once: with the HTTP server or log.emf.
  void StartMonitor();
  // Opens the configured pollers; with `run` each lists on a thread of its own every interval_s.
  Status StartPollers(RunMode mode);
  // One pass of every poller (`sync`, before the triggers drain).
  Status PollOnce();
  void StopPollers();

  Status Capture(RunMode mode, const std::atomic<bool>* stop);
  Status OpenRules();
  Status ConnectQueries();
  // ConnectQueries at the start of `run`: a source that cannot be reached (down, or the network not up yet) is
  // tried again with source.reconnect's backoff, as a lost stream is. Cancelled when stopped while waiting.
  // `sync` and the other commands fail at once.
  Status ConnectQueriesAtStart(RunMode mode, const std::atomic<bool>* stop);
  // The next wait of source.reconnect's backoff after `error` (the source could not be reached), the task marked
  // reconnecting; `error` itself, naming the attempts made, once reconnect.attempts are used up.
  Result<uint32_t> NextReconnectDelay(Backoff& backoff, const Status& error);
  // Sets where the stream starts: the checkpoint, the config's `start`, or after a full load
  // (which it runs or resumes). *stream false: nothing to stream (a finished or stopped load).
  Status ChooseStart(const std::atomic<bool>* stop, bool* stream);
  Status RestoreSchemaHistory();
  // Streams from the current capture state until the end (kCatchUp), `stop`, or an error.
  Status StreamOnce(RunMode mode, const std::atomic<bool>* stop);
  // Commits what is pending (or only the position) at the current capture state.
  Status Commit(const capture::CaptureState& state);
  Status MaybeCommit(const capture::CaptureState& state);
  // The projection of source table `key` ("db.table") for rows decoded with `schema`.
  Result<model::TableProjectionPtr> ProjectionFor(const std::string& key, const model::TableSchemaPtr& schema);
  Result<capture::TableDefinition> ReadDefinition(std::string_view schema, std::string_view table);
  uint32_t HeartbeatMs() const;
  // Looks for reload requests in the target (at most once a second unless `now`); Cancelled when
  // there are some, which ends the stream at this transaction boundary so that Run reloads them.
  Status CheckRequests(bool now);
  // Reloads the tables of pending_reloads_ at the current position, then deletes their requests.
  Status RunReloads(const std::atomic<bool>* stop);
  FullLoad::Environment FullLoadEnvironment();

  const TaskConfig& config_;
  RunSummary* summary_;
  metrics::Registry& metrics_;
  CaptureProbe probe_;

  std::unique_ptr<store::ObjectStore> store_;
  std::unique_ptr<lake::LakeWriter> lake_;
  std::unique_ptr<trigger::Dispatcher> triggers_;  // null without triggers
  std::unique_ptr<trigger::TriggerProbe> trigger_probe_;  // with triggers_; destroyed before it
  std::unique_ptr<Monitor> monitor_;                // with http_: rates, history, bytes behind
  std::atomic<TaskState> state_now_{TaskState::kStarting};  // for the API
  std::atomic<bool> paused_{false};                         // set by the API
  std::unique_ptr<server::HttpServer> http_;       // `run` with http.listen; stopped before triggers_ goes
  // The pollers' stores, pollers and (with `run`) threads; stopped before triggers_ goes.
  struct RunningPoller {
    std::unique_ptr<store::ObjectStore> watched;
    std::unique_ptr<trigger::Poller> poller;
  };
  std::vector<RunningPoller> pollers_;
  std::atomic<bool> pollers_stop_{false};
  std::vector<std::thread> poller_threads_;
  capture::TableRules rules_;
  std::unique_ptr<mysql::Connection> queries_;  // information_schema and SHOW statements
  std::unique_ptr<capture::SchemaTracker> tracker_;
  std::unique_ptr<binlog::Decoder> decoder_;
  std::unique_ptr<capture::TransactionAssembler> assembler_;
  std::unique_ptr<FullLoad> full_load_;
  // Tables `lakefeed reload` asked for, taken at a boundary, with the request object as read.
  std::vector<std::pair<std::string, std::string>> pending_reloads_;
  int64_t next_request_check_ms_ = 0;
  model::SourcePosition current_commit_end_;  // of the transaction being handed over
  capture::CaptureState state_;       // where the next stream starts
  int64_t last_commit_time_us_ = 0;   // of the last transaction handed to the lake
  int64_t current_commit_time_us_ = 0;
  uint64_t feeding_offset_ = 0;       // of the event being decoded, for the schema history
  // Projections by source table ("db.table"), reused while the table keeps its shape.
  std::unordered_map<std::string, model::TableProjectionPtr> projections_;
};

Task::Task(TaskConfig config) : config_(std::move(config)) {}
Task::~Task() = default;

Status Task::Run(RunMode mode, const std::atomic<bool>* stop) {
  summary_ = {};
  Impl impl(config_, &summary_, &metrics_);
  return impl.Run(mode, stop);
}

uint32_t Task::Impl::HeartbeatMs() const {
  if (config_.source.heartbeat_ms != 0) return config_.source.heartbeat_ms;
  // Often enough that an idle source still gets its pending changes committed on time.
  uint64_t quarter = uint64_t{config_.target.settings.cdc_max_batch_interval_s} * 1000 / 4;
  return static_cast<uint32_t>(std::clamp<uint64_t>(quarter, 100, 1000));
}

Status Task::Impl::OpenLake() {
  std::error_code error;
  std::filesystem::create_directories(config_.capture.work_dir, error);
  if (error) {
    return Status::IOError("capture.work_dir", "cannot create " + config_.capture.work_dir + ": " + error.message());
  }
  CDC_ASSIGN_OR_RETURN(store_, OpenTargetStore(config_.target, ProcessEnv(), {&metrics_, "target"}));
  lake::LakeSettings settings = config_.target.settings;
  settings.spool_dir = config_.capture.work_dir + "/spool";
  lake_ = std::make_unique<lake::LakeWriter>(store_.get(), std::move(settings));
  CDC_RETURN_IF_ERROR(OpenTriggers());
  // The checkpoints whose events a trigger has not finished survive Recover's pruning.
  if (triggers_ != nullptr) lake_->RetainCheckpointsFrom(triggers_->NeededCheckpoint());
  CDC_ASSIGN_OR_RETURN(std::optional<lake::Checkpoint> checkpoint, lake_->Recover());
  if (triggers_ != nullptr) {
    CDC_RETURN_IF_ERROR(triggers_->Start(checkpoint));
    triggers_->Enqueue(lake_->TakeEvents());  // the latest checkpoint's, which Recover queues again
  }
  if (checkpoint) {
    state_.position = checkpoint->position;
    state_.next_seq = checkpoint->next_seq;
    state_.emitted_through = checkpoint->emitted_through;
    last_commit_time_us_ = checkpoint->commit_time_us;
    LogInfo(LogComponent::kTaskManager, "resuming from checkpoint",
            {{"checkpoint", std::to_string(checkpoint->number)},
             {"position", DescribeStart(state_.position)},
             {"next_seq", std::to_string(state_.next_seq)}});
  }
  return Status::OK();
}

Status Task::Impl::OpenTriggers() {
  if (config_.triggers.empty() && !config_.merge.enabled) return Status::OK();
  const trigger::EventAddress address = trigger::EventAddressOf(config_.target.url, config_.target.s3.region);
  std::vector<trigger::Route> routes;
  for (const TriggerConfig& config : config_.triggers) {
    trigger::Route route;
    route.name = config.name;
    route.prefix = config.prefix;
    route.suffix = config.suffix;
    route.max_attempts = config.max_attempts;
    route.backoff_initial_ms = config.backoff_initial_ms;
    route.backoff_max_ms = config.backoff_max_ms;
    const std::chrono::milliseconds timeout = std::chrono::seconds(config.timeout_s);
    route.handler = config.kind == TriggerKind::kExec
                        ? trigger::NewExecHandler({config.command, timeout})
                        : trigger::NewWebhookHandler({config.url, timeout, config.headers});
    routes.push_back(std::move(route));
  }
  if (config_.merge.enabled) {
    // The built-in merge: every committed change file, in commit order, into its Iceberg table.
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> warehouse,
                         OpenWarehouseStore(config_, {&metrics_, "warehouse"}));
    trigger::Route route;
    route.name = "merge";
    route.max_attempts = 10;
    CDC_ASSIGN_OR_RETURN(merge::MergeOptions options, MergeOptionsOf(config_));
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<iceberg::GlueCatalog> catalog, OpenGlueCatalog(config_));
    route.handler = NewMergeHandler(store_.get(), std::move(warehouse), std::move(options),
                                    address.key_prefix, &metrics_, std::move(catalog));
    routes.push_back(std::move(route));
  }
  triggers_ = std::make_unique<trigger::Dispatcher>(store_.get(), address, std::move(routes));
  trigger_probe_ = std::make_unique<trigger::TriggerProbe>(metrics_, *triggers_);
  return triggers_->LoadProgress();
}

void Task::Impl::StartMonitor() {
  if (monitor_ != nullptr) return;
  Monitor::Options options;
  if (config_.log.emf) {
    options.emf_interval = std::chrono::seconds(60);
    options.emf_task_name = EmfTaskName(config_);
  }
  monitor_ = std::make_unique<Monitor>(metrics_, probe_, config_.source, options);
  if (!lake_->last_checkpoint().position.empty()) {
    monitor_->SetPosition(lake_->last_checkpoint().position, last_commit_time_us_);
  }
  monitor_->Start();
}

Status Task::Impl::StartHttp() {
  server::HttpServerOptions http_options;
  for (const ApiToken& token : config_.http.tokens) {
    http_options.tokens.push_back(
        {token.name, token.role == "admin" ? server::Access::kAdmin : server::Access::kRead, token.token});
  }
  http_options.tls_cert = config_.http.tls_cert;
  http_options.tls_key = config_.http.tls_key;
  http_ = std::make_unique<server::HttpServer>(std::move(http_options));
  StartMonitor();
  ApiContext context;
  context.config = &config_;
  context.metrics = &metrics_;
  context.probe = &probe_;
  context.monitor = monitor_.get();
  context.triggers = triggers_.get();
  context.state = [this] { return std::string(ToString(state_now_.load())); };
  context.pause = [this](bool pause) { paused_.store(pause); };
  AddApiRoutes(*http_, std::move(context));
  CDC_RETURN_IF_ERROR(http_->Start(config_.http.listen));
  LogInfo(LogComponent::kCommunication, "HTTP server listening",
          {{"listen", config_.http.listen},
           {"port", std::to_string(http_->port())},
           {"tls", config_.http.tls_cert.empty() ? "off" : "on"},
           {"tokens", std::to_string(config_.http.tokens.size())}});
  return Status::OK();
}

Status Task::Impl::StartPollers(RunMode mode) {
  if (config_.pollers.empty()) return Status::OK();
  if (triggers_ == nullptr) return Status::InvalidArgument("pollers", "need triggers: their files go to the triggers");
  for (const PollerConfig& config : config_.pollers) {
    TargetConfig watched_target = config_.target;
    watched_target.url = config.url;
    RunningPoller running;
    CDC_ASSIGN_OR_RETURN(running.watched, OpenTargetStore(watched_target));
    running.poller = std::make_unique<trigger::Poller>(
        config.name, running.watched.get(), trigger::EventAddressOf(config.url, config_.target.s3.region),
        store_.get(), triggers_.get(), config.from_now);
    pollers_.push_back(std::move(running));
  }
  if (mode != RunMode::kFollow) return Status::OK();
  for (size_t poller_idx = 0; poller_idx < pollers_.size(); ++poller_idx) {
    poller_threads_.emplace_back([this, poller_idx] {
      const PollerConfig& config = config_.pollers[poller_idx];
      while (!pollers_stop_.load()) {
        Result<size_t> polled = pollers_[poller_idx].poller->PollOnce();
        if (!polled.ok()) {
          LogWarn(LogComponent::kTrigger, "poller pass failed",
                  {{"poller", config.name}, {"error", polled.status().ToString()}});
        }
        for (uint32_t waited_ms = 0; waited_ms < config.interval_s * 1000 && !pollers_stop_.load(); waited_ms += 100) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
    });
  }
  return Status::OK();
}

Status Task::Impl::PollOnce() {
  for (size_t poller_idx = 0; poller_idx < pollers_.size(); ++poller_idx) {
    Result<size_t> polled = pollers_[poller_idx].poller->PollOnce();
    if (!polled.ok()) return polled.status().WithContext("poller " + config_.pollers[poller_idx].name);
  }
  return Status::OK();
}

void Task::Impl::StopPollers() {
  pollers_stop_.store(true);
  for (std::thread& thread : poller_threads_) thread.join();
  poller_threads_.clear();
}

Status Task::Impl::OpenRules() {
  CDC_ASSIGN_OR_RETURN(rules_, RulesFor(config_.source));
  return Status::OK();
}

Status Task::Impl::ConnectQueries() {
  // A read timeout, as the stream has: on a link that died without a FIN or RST a schema query would
  // otherwise wait forever (Unavailable after it; the stream loop retries the event on a new connection).
  constexpr uint32_t kQueryReadTimeoutS = 60;
  CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions options, ConnectionOptionsFor(config_.source, kQueryReadTimeoutS));
  Result<std::unique_ptr<mysql::Connection>> connection = mysql::Connection::Connect(options);
  if (!connection.ok()) return connection.status();
  queries_ = std::move(*connection);
  return Status::OK();
}

Status Task::Impl::ConnectQueriesAtStart(RunMode mode, const std::atomic<bool>* stop) {
  Backoff backoff(config_.source.reconnect_initial_ms, config_.source.reconnect_max_ms);
  while (true) {
    Status connected = ConnectQueries();
    if (connected.ok() || mode != RunMode::kFollow || !connected.IsUnavailable()) return connected;
    CDC_ASSIGN_OR_RETURN(const uint32_t delay, NextReconnectDelay(backoff, connected));
    LogWarn(LogComponent::kSourceCapture, "source unreachable; retrying",
            {{"error", connected.ToString()}, {"delay_ms", std::to_string(delay)}});
    SleepUnlessStopped(delay, stop);
    if (stop->load(std::memory_order_relaxed)) return Status::Cancelled("stopped before the source could be reached");
  }
}

Result<uint32_t> Task::Impl::NextReconnectDelay(Backoff& backoff, const Status& error) {
  const uint32_t attempts = config_.source.reconnect_attempts;
  if (attempts != 0 && backoff.attempts() >= attempts) {
    return error.WithContext("giving up after " + std::to_string(backoff.attempts()) + " reconnect attempts");
  }
  state_now_ = TaskState::kReconnecting;
  return backoff.NextDelayMs();
}

Status Task::Impl::ChooseStart(const std::atomic<bool>* stop, bool* stream) {
  *stream = true;
  const StartSpec& start = config_.source.start;
  const bool wants_load = start.mode == StartSpec::Mode::kFullLoad || start.mode == StartSpec::Mode::kFullLoadAndCdc;
  full_load_ = std::make_unique<FullLoad>(FullLoadEnvironment());
  CDC_RETURN_IF_ERROR(full_load_->Restore(lake_->last_checkpoint().full_load));
  const bool resuming_load = full_load_->started() && !full_load_->finished();
  if (resuming_load || (state_.position.empty() && wants_load)) {
    const uint64_t seq_before = state_.next_seq;
    state_now_ = TaskState::kFullLoad;
    CDC_RETURN_IF_ERROR(full_load_->Run(&state_.next_seq, &state_.position, stop));
    summary_->full_load_rows += state_.next_seq - seq_before;
    if (!full_load_->finished()) {  // stopped: what is complete is committed
      *stream = false;
      return Status::OK();
    }
  }
  if (start.mode == StartSpec::Mode::kFullLoad && full_load_->finished()) {
    LogInfo(LogComponent::kTaskManager, "full load complete; the task streams no changes (start: full-load)");
    *stream = false;
    return Status::OK();
  }
  if (!full_load_->started()) full_load_.reset();  // no load: nothing to filter
  if (!state_.position.empty()) return Status::OK();  // resuming from a checkpoint or after the load
  switch (start.mode) {
    case StartSpec::Mode::kCdc: {
      CDC_ASSIGN_OR_RETURN(mysql::BinlogEnd end, mysql::ReadBinlogEnd(*queries_));
      state_.position = {end.file, end.position, end.gtid};
      break;
    }
    case StartSpec::Mode::kPosition:
      state_.position = {start.file, start.offset, ""};
      break;
    case StartSpec::Mode::kGtid:
      state_.position = {"", 4, start.gtid};
      break;
    case StartSpec::Mode::kFullLoad:
    case StartSpec::Mode::kFullLoadAndCdc:
      return Status::InvalidArgument("source.start", "the full load set no place to stream from");
  }
  LogInfo(LogComponent::kSourceCapture, "starting capture", {{"position", DescribeStart(state_.position)}});
  return Status::OK();
}

Result<capture::TableDefinition> Task::Impl::ReadDefinition(std::string_view schema, std::string_view table) {
  if (queries_ == nullptr) CDC_RETURN_IF_ERROR(ConnectQueries());
  Result<capture::TableDefinition> definition = mysql::ReadTableHints(*queries_, schema, table);
  if (!definition.ok() && definition.status().IsUnavailable()) {
    queries_.reset();  // reconnect on the next call (the stream loop retries the whole event)
  }
  return definition;
}

Status Task::Impl::RestoreSchemaHistory() {
  tracker_ = std::make_unique<capture::SchemaTracker>(
      [this](std::string_view schema, std::string_view table) { return ReadDefinition(schema, table); },
      [this] { return assembler_ != nullptr ? assembler_->state().next_seq : state_.next_seq; });
  tracker_->SetPositionSource([this] {
    model::SourcePosition position;
    if (decoder_ != nullptr) position = {decoder_->file(), feeding_offset_, decoder_->current_gtid()};
    return position;
  });
  tracker_->SetCollationSource([this](std::string_view schema, std::string_view table) -> Result<uint16_t> {
    if (queries_ == nullptr) CDC_RETURN_IF_ERROR(ConnectQueries());
    Result<uint16_t> collation = capture::ReadDefaultCollation(*queries_, schema, table);
    if (!collation.ok() && collation.status().IsUnavailable()) queries_.reset();
    return collation;
  });
  CDC_ASSIGN_OR_RETURN(std::vector<std::string> records, lake_->ReadSchemaRecords(state_.next_seq));
  for (const std::string& record : records) {
    Status restored = tracker_->Restore(record);
    if (!restored.ok()) return restored.WithContext("schema history in " + config_.target.url);
  }
  return Status::OK();
}

Status Task::Impl::Run(RunMode mode, const std::atomic<bool>* stop) {
  Status captured = Capture(mode, stop);
  StopPollers();
  if (!captured.ok() || triggers_ == nullptr || mode != RunMode::kCatchUp) return captured;
  CDC_RETURN_IF_ERROR(PollOnce());
  // Each attempt has a timeout and each event a bounded number of attempts: this ends.
  CDC_RETURN_IF_ERROR(triggers_->Drain(std::chrono::hours(24)));
  if (!config_.merge.enabled) return Status::OK();
  // The trigger merges a table when a file of it comes; a last TRUNCATE or DROP brings none. One merge of
  // every table at the end leaves each merged table at the source's state.
  Result<merge::MergeStats> merged = RunMerge(config_, {});
  return merged.status();
}

Status Task::Impl::Capture(RunMode mode, const std::atomic<bool>* stop) {
  CDC_RETURN_IF_ERROR(OpenLake());
  if (mode == RunMode::kFollow && !config_.http.listen.empty()) CDC_RETURN_IF_ERROR(StartHttp());
  if (config_.log.emf) StartMonitor();
  CDC_RETURN_IF_ERROR(StartPollers(mode));
  CDC_RETURN_IF_ERROR(OpenRules());
  Status connected = ConnectQueriesAtStart(mode, stop);
  if (connected.IsCancelled()) return Status::OK();  // stopped: nothing was read, nothing to commit
  CDC_RETURN_IF_ERROR(connected);
  CDC_RETURN_IF_ERROR(RestoreSchemaHistory());
  bool stream = true;
  CDC_RETURN_IF_ERROR(ChooseStart(stop, &stream));
  if (!stream) return Status::OK();
  Status requests = CheckRequests(/*now=*/true);
  if (requests.IsCancelled()) requests = RunReloads(stop);
  CDC_RETURN_IF_ERROR(requests);

  const SourceConfig& source = config_.source;
  Backoff backoff(source.reconnect_initial_ms, source.reconnect_max_ms);
  while (!stop->load(std::memory_order_relaxed)) {
    uint64_t transactions_before = summary_->transactions;
    Status streamed = StreamOnce(mode, stop);
    if (assembler_ != nullptr) state_ = assembler_->state();
    if (streamed.IsCancelled() && !pending_reloads_.empty()) {
      CDC_RETURN_IF_ERROR(RunReloads(stop));
      continue;
    }
    if (streamed.IsCancelled() && paused_.load()) {
      // Paused by the API at a transaction boundary: what is complete is committed, the stream closed.
      CDC_RETURN_IF_ERROR(Commit(state_));
      state_now_ = TaskState::kPaused;
      LogInfo(LogComponent::kTaskManager, "capture paused", {{"position", DescribeStart(state_.position)}});
      while (paused_.load() && !stop->load(std::memory_order_relaxed)) SleepUnlessStopped(200, stop);
      LogInfo(LogComponent::kTaskManager, "capture resumed", {});
      continue;
    }
    if (streamed.ok()) break;  // the end of a catch-up, or stopped
    if (!streamed.IsUnavailable()) return streamed;
    if (summary_->transactions != transactions_before) backoff.Reset();  // it made progress
    CDC_ASSIGN_OR_RETURN(const uint32_t delay, NextReconnectDelay(backoff, streamed));
    LogWarn(LogComponent::kSourceCapture, "capture interrupted; reconnecting to the source",
            {{"error", streamed.ToString()},
             {"resume", DescribeStart(state_.position)},
             {"delay_ms", std::to_string(delay)}});
    ++summary_->reconnects;
    queries_.reset();  // it went the same way as the stream: the next schema query opens a new one
    SleepUnlessStopped(delay, stop);
  }
  // Everything complete so far is committed before returning, whether caught up or stopped.
  state_now_ = TaskState::kStopping;
  return Commit(state_);
}

Status Task::Impl::StreamOnce(RunMode mode, const std::atomic<bool>* stop) {
  uint32_t heartbeat_ms = HeartbeatMs();
  // Heartbeats arrive after heartbeat_ms of silence; much longer silence means the link is gone.
  uint32_t read_timeout_s = mode == RunMode::kFollow ? heartbeat_ms * 3 / 1000 + 10 : 0;
  CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions options, ConnectionOptionsFor(config_.source, read_timeout_s));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, mysql::Connection::Connect(options));

  mysql::BinlogStreamOptions start;
  start.server_id = config_.source.server_id;
  if (!state_.position.file.empty()) {
    start.start_file = state_.position.file;
    start.start_position = state_.position.offset;
  } else {
    start.start_gtid = state_.position.gtid;
  }
  start.non_blocking = mode == RunMode::kCatchUp;
  start.heartbeat_period_ms = heartbeat_ms;
  Result<std::unique_ptr<mysql::BinlogStream>> opened = mysql::BinlogStream::Open(connection.get(), start);
  if (!opened.ok()) return opened.status().WithContext("start streaming at " + DescribeStart(state_.position));
  std::unique_ptr<mysql::BinlogStream> stream = std::move(*opened);

  binlog::DecoderOptions decoder_options;
  decoder_options.initial_checksum =
      stream->checksum() == "CRC32" ? binlog::ChecksumAlgorithm::kCrc32 : binlog::ChecksumAlgorithm::kOff;
  // Tables that are not captured keep their bare TABLE_MAP schema: their rows are never decoded.
  decoder_options.enrich_schema = [this](model::TableSchema& schema) {
    return rules_.Selects(schema.schema_name, schema.table_name) ? tracker_->Enrich(&schema) : Status::OK();
  };
  decoder_ = std::make_unique<binlog::Decoder>(decoder_options);
  decoder_->SetFile(start.start_file);

  capture::AssemblerOptions assembler_options;
  assembler_options.memory_limit_bytes = config_.capture.memory_limit_mb << 20;
  assembler_options.spill_dir = config_.capture.work_dir;
  assembler_ = std::make_unique<capture::TransactionAssembler>(assembler_options, state_, this);
  assembler_->SetTableFilter(
      [this](const model::TableSchema& table) { return rules_.Selects(table.schema_name, table.table_name); });

  probe_.OnConnected(true);
  state_now_ = TaskState::kStreaming;
  struct Disconnected {
    CaptureProbe& probe;
    ~Disconnected() { probe.OnConnected(false); }
  } disconnected{probe_};
  mysql::BinlogEvent event;
  bool received = false;
  while (!stop->load(std::memory_order_relaxed)) {
    Result<bool> more = stream->Next(&event);
    if (!more.ok()) {
      if (more.status().IsNotFound() && !received) {
        // The dump's first read fails when the start position is gone from the server: nothing can be
        // streamed from here on, and retrying or reloading one table cannot bring the lost changes back.
        return Status::NotFound(
            "the task's position " + DescribeStart(state_.position) +
                " is no longer in the source's binlogs (purged before lakefeed read it; SHOW BINARY LOGS lists "
                "what is left), so the changes after it are lost to this lake. To go on, load the tables again: "
                "source.start: full-load-and-cdc into a new, empty target.url (docs/full-load.md); keep binlogs "
                "longer than the task can be down (lakefeed check --downtime-hours)",
            more.status().message());
      }
      // The server_id is named: the source drops one of two replicas that share it (InvalidArgument).
      return more.status().WithContext("binlog stream (source.server_id " + std::to_string(config_.source.server_id) +
                                       ") started at " + DescribeStart(state_.position));
    }
    received = true;
    if (!*more) {
      if (mode == RunMode::kCatchUp) return Status::OK();  // caught up with the end
      // A blocking dump only ends when the server ends it, e.g. while shutting down: reconnect.
      return Status::Unavailable("binlog stream", "the source ended the stream (shutting down?)");
    }
    if (event.bytes.size() >= binlog::kEventHeaderSize) {
      const uint8_t type = event.bytes[4];
      if (type == static_cast<uint8_t>(binlog::EventType::kHeartbeat) ||
          type == static_cast<uint8_t>(binlog::EventType::kHeartbeatV2)) {
        probe_.OnHeartbeat();
      } else {
        probe_.OnEvent(event.bytes.size(), static_cast<uint32_t>(event.bytes[0]) | event.bytes[1] << 8 |
                                               event.bytes[2] << 16 | static_cast<uint32_t>(event.bytes[3]) << 24);
      }
    }
    feeding_offset_ = event.offset;
    CDC_RETURN_IF_ERROR(decoder_->Feed(event.bytes, event.offset, assembler_.get()));
  }
  return Status::OK();
}

Result<model::TableProjectionPtr> Task::Impl::ProjectionFor(const std::string& key,
                                                            const model::TableSchemaPtr& schema) {
  auto found = projections_.find(key);
  if (found != projections_.end() &&
      (found->second->schema == schema || SameShape(*found->second->schema, *schema))) {
    return found->second;
  }
  CDC_ASSIGN_OR_RETURN(model::TableProjectionPtr projection, rules_.Project(schema));
  projections_[key] = projection;
  return projection;
}

Status Task::Impl::OnTransactionBegin(const capture::TransactionInfo& txn) {
  current_commit_time_us_ = txn.commit_time_us;
  current_commit_end_ = txn.commit_end;
  return Status::OK();
}

Status Task::Impl::OnRows(const model::ChangeBatch& rows, uint64_t first_seq) {
  std::string key = TableKey(rows.schema().schema_name, rows.schema().table_name);
  CDC_ASSIGN_OR_RETURN(model::TableProjectionPtr projection, ProjectionFor(key, rows.schema_ptr()));
  // Right after a full load, changes that its consistent reads already saw are dropped (their
  // seqs stay unused); the others go to the lake in runs.
  const bool filter = full_load_ != nullptr && full_load_->MayOverlap(current_commit_end_);
  lake::TableStats& stats = lake_->stats(key);
  uint64_t counted[3] = {0, 0, 0};  // by ChangeOp
  size_t run_begin = 0;
  for (size_t change_idx = 0; change_idx <= rows.size(); ++change_idx) {
    if (change_idx < rows.size()) {
      bool loaded = false;
      if (filter) {
        CDC_ASSIGN_OR_RETURN(loaded, full_load_->AlreadyLoaded(rows, change_idx, current_commit_end_));
      }
      if (!loaded) {
        const model::ChangeOp op = rows.changes()[change_idx].op;
        switch (op) {
          case model::ChangeOp::kInsert: ++stats.inserts; break;
          case model::ChangeOp::kUpdate: ++stats.updates; break;
          case model::ChangeOp::kDelete: ++stats.deletes; break;
        }
        ++counted[static_cast<size_t>(op)];
        continue;
      }
    }
    if (change_idx > run_begin) {
      format::ChangeContext context{first_seq + run_begin, current_commit_time_us_};
      CDC_RETURN_IF_ERROR(lake_->Append(projection, rows, run_begin, change_idx, context));
      summary_->changes += change_idx - run_begin;
    }
    run_begin = change_idx + 1;
  }
  for (model::ChangeOp op : {model::ChangeOp::kInsert, model::ChangeOp::kUpdate, model::ChangeOp::kDelete}) {
    const uint64_t count = counted[static_cast<size_t>(op)];
    if (count > 0) probe_.OnRows(key, op, count, current_commit_time_us_);
  }
  return Status::OK();
}

Status Task::Impl::OnDdl(const capture::DdlStatement& ddl) {
  CDC_ASSIGN_OR_RETURN(std::vector<capture::SchemaChange> changes, tracker_->ApplyDdl(ddl));
  for (const capture::SchemaChange& change : changes) {
    std::string key = TableKey(change.schema_name, change.table_name);
    projections_.erase(key);
    if (!change.new_table_name.empty()) projections_.erase(TableKey(change.new_schema_name, change.new_table_name));
    if (!rules_.Selects(change.schema_name, change.table_name)) continue;
    if (full_load_ != nullptr) CDC_RETURN_IF_ERROR(full_load_->CheckDdl(change.schema_name, change.table_name, ddl.position));
    // Rows after the statement go to a new file (a new schema, or a new folder after a rename).
    CDC_RETURN_IF_ERROR(lake_->CloseTable(key));
    ++lake_->stats(key).ddls;
    probe_.OnDdl(key);
    LogInfo(LogComponent::kMetadataManager, "schema change",
            {{"table", key}, {"kind", capture::ToString(change.kind)}});
  }
  // The next TABLE_MAP of every table is enriched again with the definitions now current.
  if (!changes.empty()) decoder_->InvalidateTables();
  return Status::OK();
}

Status Task::Impl::OnTransactionEnd(const capture::TransactionInfo& txn) {
  ++summary_->transactions;
  last_commit_time_us_ = txn.commit_time_us;
  probe_.OnBuffered(assembler_->memory_bytes(), assembler_->disk_bytes());
  for (std::string& record : tracker_->TakePendingRecords()) {
    CDC_ASSIGN_OR_RETURN(uint64_t seq, capture::SchemaRecordSeq(record));
    lake_->AddSchemaRecord(seq, std::move(record));
  }
  CDC_RETURN_IF_ERROR(MaybeCommit(assembler_->state()));
  return CheckRequests(/*now=*/false);
}

Status Task::Impl::OnIdle(const model::ResumePoint& position, int64_t source_time_us) {
  (void)position;  // assembler_->state().position
  (void)source_time_us;
  CDC_RETURN_IF_ERROR(MaybeCommit(assembler_->state()));
  return CheckRequests(/*now=*/false);
}

FullLoad::Environment Task::Impl::FullLoadEnvironment() {
  return FullLoad::Environment{&config_, lake_.get(), &rules_, tracker_.get(), [this] { return Commit(state_); },
                               &metrics_};
}

Status Task::Impl::CheckRequests(bool now) {
  if (paused_.load()) return Status::Cancelled("stream", "paused");
  int64_t now_ms = WallClockMs();
  if (!now && now_ms < next_request_check_ms_) return Status::OK();
  next_request_check_ms_ = now_ms + 1000;
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> requests,
                       store::ListAll(*store_, std::string(lake::kReloadRequestPrefix)));
  for (const store::ObjectInfo& request : requests) {
    if (std::optional<std::string> table = lake::ParseReloadRequestKey(request.key)) {
      CDC_ASSIGN_OR_RETURN(std::string body, store_->Get(request.key));
      pending_reloads_.emplace_back(std::move(*table), std::move(body));
    }
  }
  if (pending_reloads_.empty()) return Status::OK();
  return Status::Cancelled("stream", "a table reload was requested");
}

Status Task::Impl::RunReloads(const std::atomic<bool>* stop) {
  std::vector<std::pair<std::string, std::string>> requests;
  requests.swap(pending_reloads_);
  state_now_ = TaskState::kFullLoad;    // the stream is closed while the tables load
  CDC_RETURN_IF_ERROR(Commit(state_));  // what the stream completed so far
  for (const auto& [table, request] : requests) {
    size_t dot = table.find('.');
    std::string schema = table.substr(0, dot);
    std::string name = dot == std::string::npos ? "" : table.substr(dot + 1);
    if (dot == std::string::npos || !rules_.Selects(schema, name)) {
      LogWarn(LogComponent::kTaskManager, "reload request for a table the task does not capture; dropped",
              {{"table", table}});
    } else {
      if (full_load_ == nullptr) full_load_ = std::make_unique<FullLoad>(FullLoadEnvironment());
      CDC_RETURN_IF_ERROR(full_load_->Reload(schema, name, &state_.next_seq, state_.position, stop));
      if (stop->load(std::memory_order_relaxed)) return Status::OK();  // the request stays: done next time
      projections_.erase(table);
    }
    // A request made again while the table was being reloaded stays, and runs next.
    Result<std::string> now = store_->Get(lake::ReloadRequestKey(table));
    if (!now.ok()) {
      if (now.status().IsNotFound()) continue;
      return now.status();
    }
    if (*now != request) continue;
    CDC_RETURN_IF_ERROR(store_->Delete(lake::ReloadRequestKey(table)));
  }
  return Status::OK();
}

Status Task::Impl::MaybeCommit(const capture::CaptureState& state) {
  const model::ResumePoint& position = state.position;
  int64_t now = WallClockMs();
  if (lake_->ShouldFlush(now)) return Commit(state);
  // A source busy with tables we do not capture still moves the resume point; record it now and
  // then so that a restart does not read all of that again.
  const lake::Checkpoint& last = lake_->last_checkpoint();
  bool moved = last.position.file != position.file || last.position.offset != position.offset;
  if (lake_->has_pending() || !moved) return Status::OK();
  int64_t interval_ms = int64_t{config_.target.settings.cdc_max_batch_interval_s} * 1000;
  if (now - last.written_ms >= interval_ms) return Commit(state);
  return Status::OK();
}

Status Task::Impl::Commit(const capture::CaptureState& state) {
  const model::ResumePoint& position = state.position;
  if (lake_ == nullptr || position.empty()) return Status::OK();
  const lake::Checkpoint& last = lake_->last_checkpoint();
  bool moved = last.position.file != position.file || last.position.offset != position.offset ||
               last.position.gtid != position.gtid;
  if (!lake_->has_pending() && !moved) return Status::OK();
  if (triggers_ != nullptr) lake_->RetainCheckpointsFrom(triggers_->NeededCheckpoint());
  const auto started = std::chrono::steady_clock::now();
  CDC_RETURN_IF_ERROR(lake_->Flush(position, state.next_seq, last_commit_time_us_, state.emitted_through));
  probe_.OnCommit(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (monitor_ != nullptr) monitor_->SetPosition(position, last_commit_time_us_);
  ++summary_->checkpoints;
  std::vector<lake::ObjectCreatedEvent> events = lake_->TakeEvents();
  for (const lake::ObjectCreatedEvent& event : events) {
    const std::string_view name = std::string_view(event.file.key).substr(event.file.key.rfind('/') + 1);
    probe_.OnFileCommitted(event.file.table, name.starts_with("LOAD"), event.file.rows, event.file.bytes);
    LogInfo(LogComponent::kTargetApply, "change file committed",
            {{"key", event.file.key},
             {"rows", std::to_string(event.file.rows)},
             {"seq", std::to_string(event.file.first_seq) + "-" + std::to_string(event.file.last_seq)}});
  }
  if (triggers_ != nullptr) triggers_->Enqueue(events);
  return Status::OK();
}

}  // namespace cdc::pipeline
