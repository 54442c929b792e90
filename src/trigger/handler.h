#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "trigger/s3_event.h"

namespace cdc::trigger {

// Does something with one committed file. The dispatcher calls one handler from one thread at a time,
// and retries a failure (docs/triggers.md): a handler must be idempotent, since events are delivered at
// least once.
class Handler {
 public:
  virtual ~Handler() = default;
  // `event_json` is ToS3EventJson(event). OK when handled; an error says why not (for the log and the
  // dead letter).
  virtual Status Handle(const ObjectCreated& event, const std::string& event_json) = 0;
};

// `exec`: runs `command` (argv[0] looked up in PATH) with the event JSON on its stdin and in the
// environment variable LAKEFEED_EVENT. Exit code 0 is success. The command and everything it started
// (its process group) are killed after `timeout`. The error of a failure holds the end of what it
// printed (stdout and stderr).
struct ExecOptions {
  std::vector<std::string> command;
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};
std::unique_ptr<Handler> NewExecHandler(ExecOptions options);

// `webhook`: POSTs the event JSON to `url` (Content-Type: application/json). A 2xx answer is success.
struct WebhookOptions {
  std::string url;
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  std::vector<std::string> headers;  // extra "Name: value" headers, e.g. an Authorization
};
std::unique_ptr<Handler> NewWebhookHandler(WebhookOptions options);

}  // namespace cdc::trigger
