#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

// The one HTTP server of a running task (docs/api.md): /metrics, /healthz, /readyz, the JSON API under /api/v1/
// and the dashboard, over cpp-httplib, with bearer tokens and optional TLS. Handlers run on the server's own
// threads.
namespace cdc::server {

// Who may call a route. With no token configured every route is open (the server listens on loopback by
// default); with tokens, kRead needs a read or admin token, kAdmin an admin token.
enum class Access : uint8_t { kPublic, kRead, kAdmin };

struct HttpRequest {
  std::string method;
  std::string path;
  std::string body;
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string caller;                         // the token's name ("" without tokens)
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers = {};  // more response headers, name and value
};

// A JSON error answer: {"error": message}.
HttpResponse JsonError(int status, std::string_view message);

struct ApiCredential {
  std::string name;  // shown in logs, never the secret
  Access role = Access::kRead;  // kRead or kAdmin
  std::string secret;
};

struct HttpServerOptions {
  std::vector<ApiCredential> tokens;  // empty: no authentication
  // HTTPS with this PEM certificate chain and key (both or neither).
  std::string tls_cert;
  std::string tls_key;
};

// Thread-safe after Start; routes are added before it.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpServer(HttpServerOptions options = {});
  ~HttpServer();  // stops it
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Answers `method` requests for exactly `path`, or with a path ending in "/*" for every path under it
  // (the handler reads request.path). Requests without the access the route needs get 401 (no or an unknown
  // token, with WWW-Authenticate: Bearer) or 403 (a read token on an admin route); the answer names neither the
  // token nor anything of the config.
  void Route(std::string method, std::string path, Access access, Handler handler);
  // Listens on `listen` ("host:port"; port 0 picks a free one) and serves on a thread of its own.
  // InvalidArgument for a malformed address or unusable TLS files, IOError when it cannot bind.
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

// Whether two secrets are equal, in a time that depends on neither (both are hashed with SHA-256 and the digests
// compared with a constant-time comparison).
bool SameSecret(std::string_view a, std::string_view b);

}  // namespace cdc::server
