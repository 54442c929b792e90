#include "pipeline/api_client.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>

#include "server/http_server.h"

namespace cdc::pipeline {

Result<std::string> CallRunningTask(const TaskConfig& config, std::string_view method, std::string_view path,
                                    const EnvLookup& env) {
  if (config.http.listen.empty()) return Status::NotFound("http.listen", "is not set: the task serves no API");
  std::string host;
  int port = 0;
  CDC_RETURN_IF_ERROR(server::ParseListenAddress(config.http.listen, &host, &port));
  if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
  if (host == "::") host = "::1";
  std::unique_ptr<httplib::ClientImpl> client;
  if (config.http.tls_cert.empty()) {
    client = std::make_unique<httplib::ClientImpl>(host, port);
  } else {
    auto secure = std::make_unique<httplib::SSLClient>(host, port);
    secure->set_ca_cert_path(config.http.tls_cert.c_str());
    secure->enable_server_certificate_verification(true);
    client = std::move(secure);
  }
  client->set_connection_timeout(std::chrono::seconds(5));
  client->set_read_timeout(std::chrono::minutes(10));  // a validate or merge can take long
  httplib::Headers headers;
  std::string token = env("LAKEFEED_API_TOKEN").value_or("");
  if (token.empty()) {
    for (const ApiToken& configured : config.http.tokens) {
      if (token.empty() || configured.role == "admin") token = configured.token;
      if (configured.role == "admin") break;
    }
  }
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  const std::string target(path);
  httplib::Result answer = method == "POST" ? client->Post(target, headers, "", "application/json")
                                            : client->Get(target, headers);
  const std::string where = "the task's API at " + config.http.listen;
  if (!answer) return Status::Unavailable(where, "no answer (" + httplib::to_string(answer.error()) + "): is `lakefeed run` running?");
  if (answer->status == 401 || answer->status == 403) {
    return Status::InvalidArgument(where, std::string(answer->status == 401 ? "refused the token" : "needs an admin token") +
                                              " (set LAKEFEED_API_TOKEN or http.tokens)");
  }
  if (answer->status / 100 != 2) {
    const nlohmann::json body = nlohmann::json::parse(answer->body, nullptr, false);
    const std::string message = body.is_object() && body.contains("error") && body["error"].is_string()
                                    ? body["error"].get<std::string>()
                                    : "HTTP " + std::to_string(answer->status);
    return Status::IOError(where, message);
  }
  return answer->body;
}

}  // namespace cdc::pipeline
