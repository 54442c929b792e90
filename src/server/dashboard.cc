#include "server/dashboard.h"

#include <string>

#include "server/http_server.h"

namespace cdc::server {
namespace {

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kAssetsPath = "/assets/";

// The page runs only its own script and style sheet and talks only to this server.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

HttpResponse AssetAnswer(const DashboardAsset& asset) {
  HttpResponse answer{200, std::string(ContentTypeOf(asset.name)), std::string(asset.bytes)};
  answer.headers = {{"Cache-Control", "no-cache"}, {"X-Content-Type-Options", "nosniff"}};
  if (asset.name.ends_with(".html")) {
    answer.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
    answer.headers.emplace_back("Referrer-Policy", "no-referrer");
    answer.headers.emplace_back("X-Frame-Options", "DENY");
  }
  return answer;
}

HttpResponse NotFound(std::string_view path) {
  HttpResponse answer = JsonError(404, "no dashboard file " + std::string(path));
  answer.headers = {{"Cache-Control", "no-cache"}};
  return answer;
}

}  // namespace

const DashboardAsset* FindDashboardAsset(std::string_view name) {
  for (const DashboardAsset& asset : DashboardAssets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

std::string_view ContentTypeOf(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".js") || name.ends_with(".mjs")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".json")) return "application/json";
  return "application/octet-stream";
}

void AddDashboardRoutes(HttpServer& server) {
  server.Route("GET", "/", Access::kPublic, [](const HttpRequest& request) {
    const DashboardAsset* index = FindDashboardAsset(kIndex);
    return index == nullptr ? NotFound(request.path) : AssetAnswer(*index);
  });
  server.Route("GET", std::string(kAssetsPath) + "*", Access::kPublic, [](const HttpRequest& request) {
    // Names are looked up exactly, so no path ever reaches the file system.
    const DashboardAsset* asset = FindDashboardAsset(std::string_view(request.path).substr(kAssetsPath.size()));
    return asset == nullptr ? NotFound(request.path) : AssetAnswer(*asset);
  });
}

}  // namespace cdc::server
