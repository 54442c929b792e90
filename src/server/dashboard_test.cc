#include "server/dashboard.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <string>

#include "server/http_server.h"

namespace cdc::server {
namespace {

TEST(Dashboard, EmbedsThePageItsScriptAndStyleSheet) {
  for (const char* name : {"index.html", "app.js", "style.css"}) {
    const DashboardAsset* asset = FindDashboardAsset(name);
    ASSERT_NE(asset, nullptr) << name;
    EXPECT_FALSE(asset->bytes.empty()) << name;
  }
  EXPECT_EQ(FindDashboardAsset("missing.js"), nullptr);
  EXPECT_NE(FindDashboardAsset("index.html")->bytes.find("<!doctype html>"), std::string_view::npos);
  // Every file the page refers to is embedded, and nothing comes from elsewhere.
  const std::string page(FindDashboardAsset("index.html")->bytes);
  const std::regex reference(R"re((?:src|href)="([^"]*)")re");
  int references = 0;
  for (auto match = std::sregex_iterator(page.begin(), page.end(), reference); match != std::sregex_iterator(); ++match) {
    const std::string target = (*match)[1];
    if (target.starts_with("data:")) continue;
    ASSERT_TRUE(target.starts_with("/assets/")) << target;
    EXPECT_NE(FindDashboardAsset(target.substr(8)), nullptr) << target;
    ++references;
  }
  EXPECT_EQ(references, 2);
}

TEST(Dashboard, ContentTypes) {
  EXPECT_EQ(ContentTypeOf("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeOf("blob"), "application/octet-stream");
}

// With tokens configured the page and its files are still public; the API is not.
TEST(Dashboard, ServedPublicWithoutCaching) {
  HttpServer server({{{"ops", Access::kAdmin, "admin-token-0123456789"}}, "", ""});
  AddDashboardRoutes(server);
  server.Route("GET", "/api/v1/status", Access::kRead, [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  httplib::Client client("127.0.0.1", server.port());

  httplib::Result page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(page->body, FindDashboardAsset("index.html")->bytes);

  for (const auto& [path, type] : {std::pair{"/assets/app.js", "text/javascript; charset=utf-8"},
                                   std::pair{"/assets/style.css", "text/css; charset=utf-8"}}) {
    httplib::Result asset = client.Get(path);
    ASSERT_TRUE(asset) << path;
    EXPECT_EQ(asset->status, 200) << path;
    EXPECT_EQ(asset->get_header_value("Content-Type"), type) << path;
    EXPECT_EQ(asset->get_header_value("Cache-Control"), "no-cache") << path;
    EXPECT_EQ(asset->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(asset->body, FindDashboardAsset(std::string(path).substr(8))->bytes) << path;
  }
  for (const char* path : {"/assets/missing.js", "/assets/../http_server.cc", "/assets/%2e%2e/index.html"}) {
    httplib::Result missing = client.Get(path);
    ASSERT_TRUE(missing) << path;
    EXPECT_TRUE(missing->status == 404 || missing->status == 400) << path << " " << missing->status;
  }
  httplib::Result api = client.Get("/api/v1/status");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->status, 401);
}

}  // namespace
}  // namespace cdc::server
