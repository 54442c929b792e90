#include "pipeline/api.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>

#include "base/logging.h"
#include "base/time_text.h"
#include "pipeline/capture_probe.h"
#include "pipeline/merge_task.h"
#include "pipeline/monitor.h"
#include "pipeline/status.h"
#include "pipeline/target_store.h"
#include "pipeline/task.h"
#include "pipeline/validate_task.h"
#include "server/dashboard.h"
#include "store/object_store.h"
#include "trigger/dispatcher.h"
#include "trigger/s3_event.h"

namespace cdc::pipeline {
namespace {

using Json = nlohmann::json;
using server::Access;
using server::HttpRequest;
using server::HttpResponse;
using server::JsonError;

HttpResponse JsonAnswer(const Json& body, int status = 200) {
  return HttpResponse{status, "application/json", body.dump(-1, ' ', false, Json::error_handler_t::replace)};
}

std::string QueryValue(const HttpRequest& request, const std::string& name) {
  auto found = request.query.find(name);
  return found == request.query.end() ? std::string() : found->second;
}

// The HTTP status of a failed action, by what the Status says to do.
int HttpStatusOf(const Status& status) {
  if (status.IsInvalidArgument()) return 400;
  if (status.IsNotFound()) return 404;
  if (status.IsConflict()) return 409;
  if (status.IsUnavailable()) return 503;
  return 500;
}

// State the routes share: the last validation of each table.
struct ApiState {
  std::mutex mu;
  std::map<std::string, std::string> validation;  // "schema.table" -> ValidationState
};

// Every trigger whose dead letters the task may hold: the configured ones and the built-in merge.
std::vector<std::string> TriggerNames(const TaskConfig& config) {
  std::vector<std::string> names;
  for (const TriggerConfig& trigger : config.triggers) names.push_back(trigger.name);
  if (config.merge.enabled) names.push_back("merge");
  return names;
}

}  // namespace

void AddApiRoutes(server::HttpServer& http, ApiContext context) {
  auto state = std::make_shared<ApiState>();
  const TaskConfig& config = *context.config;

  server::AddDashboardRoutes(http);  // GET / and /assets/* (docs/dashboard.md)
  http.Route("GET", "/healthz", Access::kPublic, [](const HttpRequest&) { return JsonAnswer({{"status", "ok"}}); });
  // Ready: the binlog stream is connected and the lake within http.ready_max_lag_s of the source.
  http.Route("GET", "/readyz", Access::kPublic, [context](const HttpRequest&) {
    const bool connected = context.metrics->Value("lakefeed_source_connected").value_or(0) > 0;
    const double lag = context.probe->latency_target_s();
    const uint32_t max_lag = context.config->http.ready_max_lag_s;
    const bool ready = connected && lag <= max_lag;
    return JsonAnswer({{"ready", ready}, {"state", context.state()}, {"source_connected", connected},
                       {"lag_seconds", lag}, {"max_lag_seconds", max_lag}},
                      ready ? 200 : 503);
  });
  http.Route("GET", "/api/v1/openapi.json", Access::kPublic,
             [](const HttpRequest&) { return HttpResponse{200, "application/json", OpenApiDocument()}; });
  http.Route("GET", "/metrics", config.http.public_metrics ? Access::kPublic : Access::kRead, [context](const HttpRequest&) {
    return HttpResponse{200, "text/plain; version=0.0.4; charset=utf-8", context.metrics->PrometheusText()};
  });

  http.Route("GET", "/api/v1/status", Access::kRead, [context](const HttpRequest&) {
    Result<TaskStatus> status = ReadTaskStatus(*context.config);
    if (!status.ok()) return JsonError(503, status.status().ToString());
    Json out = Json::parse(FormatStatusJson(*status));
    const metrics::Registry& metrics = *context.metrics;
    // JSON has no NaN or infinity: unknown is null, no limit is "unlimited".
    auto value = [&](std::string_view name) {
      std::optional<double> found = metrics.Value(name);
      if (!found || std::isnan(*found)) return Json(nullptr);
      return std::isinf(*found) ? Json("unlimited") : Json(*found);
    };
    out["Task"] = {{"State", context.state()},
                   {"SourceConnected", metrics.Value("lakefeed_source_connected").value_or(0) > 0},
                   {"CDCLatencySource", context.probe->latency_source_s()},
                   {"CDCLatencyTarget", context.probe->latency_target_s()},
                   {"CDCIncomingChanges", context.probe->incoming_changes()},
                   {"CDCThroughputRowsSource", value("lakefeed_cdc_throughput_rows_source")},
                   {"CDCThroughputRowsTarget", value("lakefeed_cdc_throughput_rows_target")},
                   {"FullLoadThroughputRowsSource", value("lakefeed_full_load_throughput_rows_source")},
                   {"BinlogRetentionLeftHours", value("lakefeed_binlog_retention_left_hours")}};
    return JsonAnswer(out);
  });
  http.Route("GET", "/api/v1/tables", Access::kRead, [context, state](const HttpRequest&) {
    Result<TaskStatus> status = ReadTaskStatus(*context.config);
    if (!status.ok()) return JsonError(503, status.status().ToString());
    Json tables = Json::parse(FormatStatusJson(*status)).value("TableStatistics", Json::array());
    std::lock_guard lock(state->mu);
    for (Json& table : tables) {
      auto found = state->validation.find(table["SchemaName"].get<std::string>() + "." +
                                          table["TableName"].get<std::string>());
      table["ValidationState"] = found == state->validation.end() ? "Not validated" : found->second;
    }
    return JsonAnswer({{"tables", std::move(tables)}});
  });
  http.Route("GET", "/api/v1/history", Access::kRead, [context](const HttpRequest&) {
    Json points = Json::array();
    for (const MonitorPoint& point : context.monitor->History()) {
      points.push_back({{"time_ms", point.time_ms},
                        {"latency_source_s", point.latency_source_s},
                        {"latency_target_s", point.latency_target_s},
                        {"rows_source_per_s", point.rows_source_per_s},
                        {"rows_target_per_s", point.rows_target_per_s},
                        {"full_load_rows_per_s", point.full_load_rows_per_s},
                        {"incoming_changes", point.incoming_changes},
                        {"bytes_behind", point.bytes_behind ? Json(*point.bytes_behind) : Json(nullptr)}});
    }
    return JsonAnswer({{"points", std::move(points)}});
  });
  http.Route("GET", "/api/v1/errors", Access::kRead, [](const HttpRequest&) {
    return HttpResponse{200, "application/json", RecentErrorsJson(RecentLogRecords())};
  });

  // Actions.
  http.Route("POST", "/api/v1/pause", Access::kAdmin, [context](const HttpRequest& request) {
    context.pause(true);
    LogInfo(LogComponent::kTaskManager, "capture paused by the API", {{"caller", request.caller}});
    return JsonAnswer({{"paused", true}});
  });
  http.Route("POST", "/api/v1/resume", Access::kAdmin, [context](const HttpRequest& request) {
    context.pause(false);
    LogInfo(LogComponent::kTaskManager, "capture resumed by the API", {{"caller", request.caller}});
    return JsonAnswer({{"paused", false}});
  });
  http.Route("POST", "/api/v1/tables/reload", Access::kAdmin, [context](const HttpRequest& request) {
    const std::string table = QueryValue(request, "table");
    Status requested = RequestReload(*context.config, table);
    if (!requested.ok()) return JsonError(HttpStatusOf(requested), requested.ToString());
    LogInfo(LogComponent::kTaskManager, "table reload requested by the API",
            {{"table", table}, {"caller", request.caller}});
    return JsonAnswer({{"reload_requested", table}});
  });
  http.Route("POST", "/api/v1/merge", Access::kAdmin, [context](const HttpRequest& request) {
    Result<merge::MergeStats> stats = RunMerge(*context.config, {QueryValue(request, "table"), false});
    if (!stats.ok()) return JsonError(HttpStatusOf(stats.status()), stats.status().ToString());
    return JsonAnswer({{"files", stats->files}, {"skipped_files", stats->skipped_files}, {"commits", stats->commits},
                       {"changes", stats->changes}, {"upserts", stats->upserts}, {"deletes", stats->deletes},
                       {"compactions", stats->compactions}, {"files_left", stats->files_left}});
  });
  http.Route("POST", "/api/v1/validate", Access::kAdmin, [context, state](const HttpRequest& request) {
    ValidateRun run;
    run.table = QueryValue(request, "table");
    Result<std::vector<TableValidation>> tables = RunValidate(*context.config, run);
    if (!tables.ok()) return JsonError(HttpStatusOf(tables.status()), tables.status().ToString());
    {
      std::lock_guard lock(state->mu);
      for (const TableValidation& table : *tables) state->validation[table.source_table] = table.state;
    }
    return HttpResponse{200, "application/json", FormatValidationJson(*tables)};
  });

  // Triggers: notifications of objects others wrote, and dead letters.
  http.Route("POST", "/api/v1/events", Access::kAdmin, [context](const HttpRequest& request) {
    if (context.triggers == nullptr) return JsonError(404, "no triggers are configured");
    Result<std::vector<trigger::ObjectCreated>> events = trigger::ParseS3Notification(request.body);
    if (!events.ok()) return JsonError(400, events.status().ToString());
    Status handled = context.triggers->HandleExternal(*events, std::chrono::minutes(5));
    if (!handled.ok()) return JsonError(503, handled.ToString());
    return JsonAnswer({{"accepted", events->size()}});
  });
  http.Route("GET", "/api/v1/dead-letters", Access::kRead, [context](const HttpRequest&) {
    Result<std::unique_ptr<store::ObjectStore>> lake = OpenTargetStore(context.config->target);
    if (!lake.ok()) return JsonError(503, lake.status().ToString());
    Json letters = Json::array();
    for (const std::string& name : TriggerNames(*context.config)) {
      Result<std::vector<store::ObjectInfo>> keys = store::ListAll(**lake, trigger::DeadLetterPrefix(name));
      if (!keys.ok()) return JsonError(503, keys.status().ToString());
      for (const store::ObjectInfo& key : *keys) {
        Json letter = {{"trigger", name}, {"key", key.key}};
        if (Result<std::string> body = (*lake)->Get(key.key); body.ok()) {
          const Json parsed = Json::parse(*body, nullptr, false);
          if (parsed.is_object()) {
            letter["error"] = parsed.value("error", "");
            letter["attempts"] = parsed.value("attempts", 0);
            letter["time"] = parsed.value("time", "");
            Result<std::vector<trigger::ObjectCreated>> event =
                trigger::ParseS3Notification(parsed.value("event", Json()).dump());
            if (event.ok() && !event->empty()) letter["object_key"] = event->front().key;
          }
        }
        letters.push_back(std::move(letter));
      }
    }
    return JsonAnswer({{"dead_letters", std::move(letters)}});
  });
  // Hands a dead letter's event to its trigger again; the letter goes once the trigger finished it (a failure
  // again writes a new one).
  http.Route("POST", "/api/v1/dead-letters/retry", Access::kAdmin, [context](const HttpRequest& request) {
    if (context.triggers == nullptr) return JsonError(404, "no triggers are configured");
    const std::string key = QueryValue(request, "key");
    std::string route;
    for (const std::string& name : TriggerNames(*context.config)) {
      if (key.starts_with(trigger::DeadLetterPrefix(name))) route = name;
    }
    if (route.empty()) return JsonError(400, "key must be a dead letter's key, _lakefeed/dead-letter/<trigger>/...");
    Result<std::unique_ptr<store::ObjectStore>> lake = OpenTargetStore(context.config->target);
    if (!lake.ok()) return JsonError(503, lake.status().ToString());
    Result<std::string> body = (*lake)->Get(key);
    if (!body.ok()) return JsonError(HttpStatusOf(body.status()), body.status().ToString());
    const Json letter = Json::parse(*body, nullptr, false);
    if (!letter.is_object() || !letter.contains("event")) return JsonError(500, "the dead letter " + key + " is malformed");
    Result<std::vector<trigger::ObjectCreated>> events = trigger::ParseS3Notification(letter["event"].dump());
    if (!events.ok()) return JsonError(500, events.status().ToString());
    // A letter of the lake's own file is named by its sequencer, one of a POSTed or polled object "external-...".
    const bool outside = key.substr(trigger::DeadLetterPrefix(route).size()).starts_with("external-");
    size_t dead_lettered = 0;
    Status handled = context.triggers->HandleExternal(
        *events, std::chrono::minutes(5), route, &dead_lettered,
        outside ? trigger::Dispatcher::Origin::kOutside : trigger::Dispatcher::Origin::kThisLake);
    if (!handled.ok()) return JsonError(HttpStatusOf(handled), handled.ToString());
    Status removed = (*lake)->Delete(key);
    if (!removed.ok()) return JsonError(503, removed.ToString());
    LogInfo(LogComponent::kTrigger, "dead letter retried by the API",
            {{"key", key},
             {"caller", request.caller},
             {"outcome", dead_lettered == 0 ? "delivered" : "dead letter again"}});
    if (dead_lettered != 0) return JsonError(409, "the trigger failed again: a new dead letter was written");
    return JsonAnswer({{"retried", key}});
  });
}

std::string RecentErrorsJson(const std::vector<LogRecord>& records) {
  Json errors = Json::array();
  for (const LogRecord& record : records) {
    Json fields = Json::object();
    for (const auto& [key, value] : record.fields) fields[key] = value;
    errors.push_back({{"time", FormatUtcMillis(record.time_ms)},
                      {"level", ToString(record.level)},
                      {"component", ToString(record.component)},
                      {"message", record.message},
                      {"fields", std::move(fields)}});
  }
  return Json{{"errors", std::move(errors)}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const std::string& OpenApiDocument() {
  static const std::string document = [] {
    auto ok = [](const char* description, Json schema = Json{{"type", "object"}}) {
      return Json{{"200", {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}}},
                  {"401", {{"$ref", "#/components/responses/Unauthorized"}}},
                  {"403", {{"$ref", "#/components/responses/Forbidden"}}}};
    };
    auto table_parameter = [](bool required) {
      return Json{{"name", "table"}, {"in", "query"}, {"required", required},
                  {"description", "A source table, schema.table"}, {"schema", {{"type", "string"}}}};
    };
    auto operation = [](const char* id, const char* summary, Json responses, Json parameters = Json::array()) {
      Json op = {{"operationId", id}, {"summary", summary}, {"responses", std::move(responses)}};
      if (!parameters.empty()) op["parameters"] = std::move(parameters);
      return op;
    };
    Json public_op = Json::array();  // security: [] (no token)
    Json paths;
    paths["/healthz"]["get"] = operation("health", "The process is up", ok("Always, while the process serves"));
    paths["/healthz"]["get"]["security"] = public_op;
    paths["/readyz"]["get"] = operation("ready", "Connected to the source and within http.ready_max_lag_s",
                                        ok("Ready"));
    paths["/readyz"]["get"]["responses"]["503"] = {{"description", "Not ready: disconnected or lagging"}};
    paths["/readyz"]["get"]["security"] = public_op;
    paths["/metrics"]["get"] = operation("metrics", "Prometheus text format 0.0.4 (docs/metrics.md)",
                                         {{"200", {{"description", "The metrics"},
                                                   {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}}},
                                          {"401", {{"$ref", "#/components/responses/Unauthorized"}}}});
    paths["/api/v1/openapi.json"]["get"] = operation("openapi", "This document", ok("The OpenAPI document"));
    paths["/api/v1/openapi.json"]["get"]["security"] = public_op;
    paths["/api/v1/status"]["get"] = operation("status", "Task state, positions, lag, per-table statistics",
                                               ok("The status (lakefeed status --json, plus Task)"));
    paths["/api/v1/tables"]["get"] = operation("tables", "DMS table statistics, with ValidationState",
                                               ok("The tables"));
    paths["/api/v1/history"]["get"] = operation("history", "An hour of lag and throughput samples", ok("The samples"));
    paths["/api/v1/errors"]["get"] = operation(
        "errors", "The last 200 warnings and errors of the log, secrets redacted, oldest first (docs/logging.md)",
        ok("The records", {{"type", "object"},
                           {"properties",
                            {{"errors",
                              {{"type", "array"},
                               {"items",
                                {{"type", "object"},
                                 {"properties",
                                  {{"time", {{"type", "string"}, {"format", "date-time"}}},
                                   {"level", {{"type", "string"}, {"enum", {"warn", "error"}}}},
                                   {"component", {{"type", "string"}}},
                                   {"message", {{"type", "string"}}},
                                   {"fields", {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}}}}}}}}}}}}));
    paths["/api/v1/dead-letters"]["get"] = operation("deadLetters", "The triggers' dead letters", ok("The letters"));
    paths["/api/v1/dead-letters/retry"]["post"] =
        operation("retryDeadLetter", "Hand a dead letter's event to its trigger again", ok("Delivered"),
                  Json::array({Json{{"name", "key"}, {"in", "query"}, {"required", true},
                                    {"schema", {{"type", "string"}}}}}));
    paths["/api/v1/dead-letters/retry"]["post"]["responses"]["409"] = {{"description", "It failed again"}};
    paths["/api/v1/pause"]["post"] = operation("pause", "Pause the change stream at a transaction boundary",
                                               ok("Paused"));
    paths["/api/v1/resume"]["post"] = operation("resume", "Resume the change stream", ok("Resumed"));
    paths["/api/v1/tables/reload"]["post"] =
        operation("reloadTable", "Load a table again while streaming (DMS reload-target)", ok("Requested"),
                  Json::array({table_parameter(true)}));
    paths["/api/v1/merge"]["post"] = operation("merge", "Merge the pending change files into Iceberg now",
                                               ok("The merge's counts"), Json::array({table_parameter(false)}));
    paths["/api/v1/validate"]["post"] = operation("validate", "Compare the merged tables with the source",
                                                  ok("lakefeed validate --json"), Json::array({table_parameter(false)}));
    paths["/api/v1/events"]["post"] = operation("events", "S3 or MinIO notifications of objects others wrote",
                                                ok("Every trigger finished the events"));
    paths["/api/v1/events"]["post"]["requestBody"] = {
        {"required", true}, {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
    paths["/api/v1/events"]["post"]["responses"]["400"] = {{"description", "The body is not a notification"}};
    Json error_schema = {{"type", "object"}, {"properties", {{"error", {{"type", "string"}}}}}};
    Json openapi = {
        {"openapi", "3.0.3"},
        {"info", {{"title", "lakefeed API"}, {"version", "1"},
                  {"description", "Monitoring and control of a running lakefeed task (docs/api.md)"}}},
        {"paths", std::move(paths)},
        {"security", Json::array({Json{{"bearer", Json::array()}}})},
        {"components",
         {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
          {"schemas", {{"Error", error_schema}}},
          {"responses",
           {{"Unauthorized", {{"description", "No token, or an unknown one"},
                              {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}},
            {"Forbidden", {{"description", "A read token on an admin route"},
                           {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}}}}}};
    return openapi.dump(2);
  }();
  return document;
}

}  // namespace cdc::pipeline
