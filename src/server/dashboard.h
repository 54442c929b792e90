#pragma once

#include <span>
#include <string_view>

// The dashboard of `lakefeed run` (docs/dashboard.md): one page with its script and style sheet, embedded in the
// binary at build time (src/server/dashboard/, by embed_assets.cmake), that reads the JSON API from the browser.
namespace cdc::server {

class HttpServer;

// One embedded file: its name in src/server/dashboard/ and its bytes (static storage).
struct DashboardAsset {
  std::string_view name;
  std::string_view bytes;
};

// Every embedded file, sorted by name. Defined in the generated dashboard_assets.cc.
std::span<const DashboardAsset> DashboardAssets();

// The embedded file `name` ("app.js"), or nullptr.
const DashboardAsset* FindDashboardAsset(std::string_view name);

// The Content-Type of a file, by its extension ("application/octet-stream" for one it does not know).
std::string_view ContentTypeOf(std::string_view name);

// Serves the page at GET / and its files at GET /assets/<name>, public (they hold no data: the page asks the API
// with the user's token), with Cache-Control: no-cache. Call before server.Start.
void AddDashboardRoutes(HttpServer& server);

}  // namespace cdc::server
