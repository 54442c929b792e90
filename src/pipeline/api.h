#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "base/logging.h"
#include "metrics/registry.h"
#include "pipeline/task_config.h"
#include "server/http_server.h"

namespace cdc::trigger {
class Dispatcher;
}

// The HTTP API of `lakefeed run` (docs/api.md): health, metrics, status, tables, history, actions, dead letters,
// and its OpenAPI document.
namespace cdc::pipeline {

class CaptureProbe;
class Monitor;

// What the API reads and drives of a running task. Everything must outlive the server.
struct ApiContext {
  const TaskConfig* config = nullptr;
  metrics::Registry* metrics = nullptr;
  const CaptureProbe* probe = nullptr;
  const Monitor* monitor = nullptr;
  trigger::Dispatcher* triggers = nullptr;  // null without triggers
  // The task's state ("starting", "full load", "streaming", "paused", "reconnecting", "stopping").
  std::function<std::string()> state;
  // Pauses (true) or resumes (false) the change stream.
  std::function<void(bool)> pause;
};

// Adds every route to `server`:
//   public   GET /healthz, GET /readyz, GET /api/v1/openapi.json (and GET /metrics with http.public_metrics)
//   read     GET /metrics, /api/v1/status, /api/v1/tables, /api/v1/history, /api/v1/dead-letters,
//            /api/v1/errors
//   admin    POST /api/v1/events, /api/v1/tables/reload?table=, /api/v1/pause, /api/v1/resume,
//            /api/v1/merge[?table=], /api/v1/validate[?table=], /api/v1/dead-letters/retry?key=
void AddApiRoutes(server::HttpServer& server, ApiContext context);

// The body of GET /api/v1/errors: {"errors":[{"time","level","component","message","fields":{}}]}, in the
// order of `records` (RecentLogRecords: oldest first, newest last).
std::string RecentErrorsJson(const std::vector<LogRecord>& records);

// The OpenAPI 3.0 document of the API (GET /api/v1/openapi.json).
const std::string& OpenApiDocument();

}  // namespace cdc::pipeline
