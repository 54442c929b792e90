#include "server/http_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <array>
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

namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest DigestOf(std::string_view text) {
  Digest digest;
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return digest;
}

}  // namespace

bool SameSecret(std::string_view a, std::string_view b) {
  const Digest left = DigestOf(a);
  const Digest right = DigestOf(b);
  return CRYPTO_memcmp(left.data(), right.data(), left.size()) == 0;
}

struct HttpServer::Impl {
  HttpServerOptions options;
  std::vector<Digest> token_digests;  // of options.tokens, in order
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;

  // The configured credential `authorization` ("Bearer <token>") names, or nullptr. Every token is compared,
  // in constant time, whatever matches.
  const ApiCredential* Authenticate(const std::string& authorization) const {
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size() ||
        !std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b)); })) {
      return nullptr;
    }
    const Digest presented = DigestOf(std::string_view(authorization).substr(kScheme.size()));
    const ApiCredential* found = nullptr;
    for (size_t idx = 0; idx < token_digests.size(); ++idx) {
      if (CRYPTO_memcmp(presented.data(), token_digests[idx].data(), presented.size()) == 0) found = &options.tokens[idx];
    }
    return found;
  }
};

HttpServer::HttpServer(HttpServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  for (const ApiCredential& token : impl_->options.tokens) impl_->token_digests.push_back(DigestOf(token.secret));
  if (!impl_->options.tls_cert.empty()) {
    impl_->server = std::make_unique<httplib::SSLServer>(impl_->options.tls_cert.c_str(), impl_->options.tls_key.c_str());
  } else {
    impl_->server = std::make_unique<httplib::Server>();
  }
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Route(std::string method, std::string path, Access access, Handler handler) {
  auto serve = [this, access, handler = std::move(handler)](const httplib::Request& request,
                                                            httplib::Response& response) {
    HttpRequest call{request.method, request.path, request.body, {}, ""};
    for (const auto& [name, value] : request.params) call.query.emplace(name, value);
    if (access != Access::kPublic && !impl_->options.tokens.empty()) {
      const ApiCredential* credential = impl_->Authenticate(request.get_header_value("Authorization"));
      if (credential == nullptr) {
        response.status = 401;
        response.set_header("WWW-Authenticate", "Bearer");
        response.set_content(JsonError(401, "a valid bearer token is required (Authorization: Bearer <token>)").body,
                             "application/json");
        return;
      }
      if (access == Access::kAdmin && credential->role != Access::kAdmin) {
        response.status = 403;
        response.set_content(JsonError(403, "this needs an admin token").body, "application/json");
        return;
      }
      call.caller = credential->name;
    }
    HttpResponse answer = handler(call);
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    response.set_content(answer.body, answer.content_type.c_str());
  };
  // cpp-httplib matches patterns as regular expressions: the path is quoted; a trailing "/*" matches the rest.
  const bool prefix = path.size() >= 2 && path.ends_with("/*");
  if (prefix) path.pop_back();
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern.push_back('\\');
    pattern.push_back(c);
  }
  if (prefix) pattern += ".+";
  if (method == "GET") {
    impl_->server->Get(pattern, serve);
  } else if (method == "POST") {
    impl_->server->Post(pattern, serve);
  } else if (method == "PUT") {
    impl_->server->Put(pattern, serve);
  } else if (method == "DELETE") {
    impl_->server->Delete(pattern, serve);
  }
}

Status HttpServer::Start(std::string_view listen) {
  std::string host;
  int port = 0;
  CDC_RETURN_IF_ERROR(ParseListenAddress(listen, &host, &port));
  if (!impl_->server->is_valid()) {
    return Status::InvalidArgument("http.tls", "cannot use the certificate " + impl_->options.tls_cert + " and key " +
                                                   impl_->options.tls_key + " (PEM files, readable, matching)");
  }
  impl_->server->set_payload_max_length(size_t{1} << 20);  // a notification is at most a few KB
  impl_->port = port == 0 ? impl_->server->bind_to_any_port(host) : (impl_->server->bind_to_port(host, port) ? port : -1);
  if (impl_->port < 0) return Status::IOError("HTTP server", "cannot listen on " + std::string(listen));
  impl_->thread = std::thread([this] { impl_->server->listen_after_bind(); });
  return Status::OK();
}

int HttpServer::port() const { return impl_->port; }

void HttpServer::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server->stop();
  impl_->thread.join();
}

}  // namespace cdc::server
