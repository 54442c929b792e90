#include "server/http_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <charconv>
#include <thread>

namespace cdc::server {

HttpResponse JsonError(int status, std::string_view message) {
  return HttpResponse{status, "application/json",
                      nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

Status ParseListenAddress(std::string_view listen, std::string* host, int* port) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Status::InvalidArgument("listen address \"" + std::string(listen) + "\"", "expected host:port");
  }
  std::string_view digits = listen.substr(colon + 1);
  int value = -1;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value < 0 || value > 65535) {
    return Status::InvalidArgument("listen address \"" + std::string(listen) + "\"", "expected a port 0 to 65535");
  }
  *host = std::string(listen.substr(0, colon));
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') *host = host->substr(1, host->size() - 2);
  *port = value;
  return Status::OK();
}

struct HttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
};

HttpServer::HttpServer() : impl_(std::make_unique<Impl>()) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Route(std::string method, std::string path, Handler handler) {
  auto serve = [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
    HttpResponse answer = handler(HttpRequest{request.method, request.path, request.body});
    response.status = answer.status;
    response.set_content(answer.body, answer.content_type.c_str());
  };
  // cpp-httplib matches patterns as regular expressions: the path is quoted.
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern.push_back('\\');
    pattern.push_back(c);
  }
  if (method == "GET") {
    impl_->server.Get(pattern, serve);
  } else if (method == "POST") {
    impl_->server.Post(pattern, serve);
  } else if (method == "PUT") {
    impl_->server.Put(pattern, serve);
  } else if (method == "DELETE") {
    impl_->server.Delete(pattern, serve);
  }
}

Status HttpServer::Start(std::string_view listen) {
  std::string host;
  int port = 0;
  CDC_RETURN_IF_ERROR(ParseListenAddress(listen, &host, &port));
  impl_->server.set_payload_max_length(size_t{1} << 20);  // a notification is at most a few KB
  impl_->port = port == 0 ? impl_->server.bind_to_any_port(host) : (impl_->server.bind_to_port(host, port) ? port : -1);
  if (impl_->port < 0) return Status::IOError("HTTP server", "cannot listen on " + std::string(listen));
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  return Status::OK();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace cdc::server
