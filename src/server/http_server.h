#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

// The one HTTP server of a running task (ARCHITECTURE: /api/v1/..., later /metrics and the dashboard),
// over cpp-httplib. Handlers run on the server's own threads.
namespace cdc::server {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// A JSON error answer: {"error": message}.
HttpResponse JsonError(int status, std::string_view message);

// Thread-safe after Start; routes are added before it.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  HttpServer();
  ~HttpServer();  // stops it
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Answers `method` requests for exactly `path`.
  void Route(std::string method, std::string path, Handler handler);
  // Listens on `listen` ("host:port"; port 0 picks a free one) and serves on a thread of its own.
  // InvalidArgument for a malformed address, IOError when it cannot bind.
  Status Start(std::string_view listen);
  // The port it listens on (after Start).
  int port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "host:port" -> host and port; InvalidArgument when it is not that (port 0 to 65535).
Status ParseListenAddress(std::string_view listen, std::string* host, int* port);

}  // namespace cdc::server
