#pragma once

#include <string>
#include <string_view>

#include "base/env.h"
#include "base/result.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {

// Calls the HTTP API of the task running with `config` (at http.listen; a wildcard host is reached on
// loopback; https with http.tls, the certificate trusted as its own CA), as `lakefeed status`, `pause` and
// `resume` do. The token: $LAKEFEED_API_TOKEN, else the config's first admin token, else its first token.
// Returns the body of a 2xx answer. NotFound when the config has no http.listen; Unavailable when no task
// answers there; InvalidArgument for a 401/403 (naming the role needed, never the token); the API's error
// message otherwise.
Result<std::string> CallRunningTask(const TaskConfig& config, std::string_view method, std::string_view path,
                                    const EnvLookup& env = ProcessEnv());

}  // namespace cdc::pipeline
