#include "server/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <string>

namespace cdc::server {
namespace {

constexpr char kReadToken[] = "read-token-0123456789";
constexpr char kAdminToken[] = "admin-token-0123456789";

class HttpServerTest : public ::testing::Test {
 protected:
  void Start(HttpServerOptions options) {
    server_ = std::make_unique<HttpServer>(std::move(options));
    server_->Route("GET", "/open", Access::kPublic, [](const HttpRequest&) { return HttpResponse{200, "text/plain", "open"}; });
    server_->Route("GET", "/status", Access::kRead, [](const HttpRequest& request) {
      return HttpResponse{200, "text/plain", "status for " + request.caller};
    });
    server_->Route("POST", "/act", Access::kAdmin, [](const HttpRequest& request) {
      return HttpResponse{200, "text/plain", "acted: " + request.body};
    });
    server_->Route("GET", "/items/*", Access::kRead, [](const HttpRequest& request) {
      auto limit = request.query.find("limit");
      return HttpResponse{200, "text/plain", request.path + " " + (limit == request.query.end() ? "" : limit->second)};
    });
    ASSERT_TRUE(server_->Start("127.0.0.1:0").ok());
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  // The status and body of a request with `token` ("" for none).
  std::pair<int, std::string> Call(const std::string& method, const std::string& path, const std::string& token) {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result result = method == "GET" ? client_->Get(path, headers) : client_->Post(path, headers, "body", "text/plain");
    if (!result) return {-1, ""};
    if (result->status == 401) {
      EXPECT_EQ(result->get_header_value("WWW-Authenticate"), "Bearer");
    }
    return {result->status, result->body};
  }

  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(HttpServerTest, WithoutTokensEveryRouteIsOpen) {
  Start({});
  EXPECT_EQ(Call("GET", "/open", ""), std::make_pair(200, std::string("open")));
  EXPECT_EQ(Call("GET", "/status", ""), std::make_pair(200, std::string("status for ")));
  EXPECT_EQ(Call("POST", "/act", ""), std::make_pair(200, std::string("acted: body")));
  EXPECT_EQ(Call("GET", "/nothing", "").first, 404);
}

TEST_F(HttpServerTest, TokensAndRoles) {
  Start({{{"grafana", Access::kRead, kReadToken}, {"ops", Access::kAdmin, kAdminToken}}, "", ""});
  EXPECT_EQ(Call("GET", "/open", "").first, 200);
  EXPECT_EQ(Call("GET", "/status", "").first, 401);
  EXPECT_EQ(Call("GET", "/status", "wrong-token-0123456789").first, 401);
  EXPECT_EQ(Call("GET", "/status", std::string(kReadToken) + "x").first, 401);
  EXPECT_EQ(Call("GET", "/status", kReadToken), std::make_pair(200, std::string("status for grafana")));
  EXPECT_EQ(Call("GET", "/status", kAdminToken), std::make_pair(200, std::string("status for ops")));
  EXPECT_EQ(Call("POST", "/act", kReadToken).first, 403);
  EXPECT_EQ(Call("POST", "/act", kAdminToken), std::make_pair(200, std::string("acted: body")));
  // A refusal names no token and nothing else of the config.
  const std::string refused = Call("POST", "/act", kReadToken).second + Call("GET", "/status", "guess").second;
  EXPECT_EQ(refused.find("token-0123456789"), std::string::npos) << refused;
  EXPECT_EQ(refused.find("grafana"), std::string::npos) << refused;
  // Another scheme than Bearer is refused.
  httplib::Result basic = client_->Get("/status", {{"Authorization", std::string("Basic ") + kReadToken}});
  ASSERT_TRUE(basic);
  EXPECT_EQ(basic->status, 401);
}

TEST_F(HttpServerTest, PrefixRoutesAndQueries) {
  Start({});
  EXPECT_EQ(Call("GET", "/items/a/b%20c?limit=5", ""), std::make_pair(200, std::string("/items/a/b c 5")));
  EXPECT_EQ(Call("GET", "/items/", "").first, 404);
}

TEST(HttpServer, UnusableTlsFilesAreAnError) {
  HttpServer server({{}, "/nonexistent/cert.pem", "/nonexistent/key.pem"});
  Status started = server.Start("127.0.0.1:0");
  EXPECT_TRUE(started.IsInvalidArgument()) << started.ToString();
}

TEST(SameSecret, ComparesWholeSecrets) {
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "abcd"));
  EXPECT_FALSE(SameSecret("", "a"));
}

}  // namespace
}  // namespace cdc::server
