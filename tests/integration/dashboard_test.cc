// The dashboard (issue 8, docs/dashboard.md) in a real browser: `lakefeed run` with http.listen and two bearer
// tokens (read and admin, from the environment) captures a small workload; tests/node/dashboard/check.mjs then
// opens GET / in headless Chromium (Debian's chromium, driven by playwright-core) and checks that
//  - without a token, and with an unknown one, the page asks for a token and shows no data;
//  - with the read token it shows the task and the workload's table, and an admin action answers 403 and disables
//    the admin buttons;
//  - with the admin token the lag and throughput charts are drawn from more than one history sample, and the
//    table's Reload button is accepted.
// This side then checks that the reload reached the task: it logged the API's request, and the table was loaded
// again (a LOAD file appears in its folder, where the CDC-only task had none).
// A full-page screenshot is kept as a test artifact (<build>/test-artifacts/dashboard.png, path printed).
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

namespace fs = std::filesystem;

std::string RandomToken() {
  std::random_device random;
  std::string token;
  for (int idx = 0; idx < 32; ++idx) token.push_back("0123456789abcdef"[random() % 16]);
  return token;
}

// The names of the data files in a table's folder of the lake (any date partition below it).
std::vector<std::string> DataFiles(const std::string& folder, std::string_view prefix) {
  std::vector<std::string> files;
  std::error_code error;
  if (!fs::exists(folder, error)) return files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(folder, error)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && name.starts_with(prefix)) files.push_back(name);
  }
  return files;
}

TEST(Dashboard, ShowsTheTaskAndReloadsATableInABrowser) {
  LAKEFEED_SHARED_MARIADB(db);
  const std::string chromium = GetEnvOr("LAKEFEED_CHROMIUM", "/usr/bin/chromium");
  ASSERT_TRUE(fs::exists(chromium)) << chromium << " is missing: run scripts/install-deps";

  ASSERT_TRUE(db.Query("CREATE DATABASE dash").ok());
  ASSERT_TRUE(db.Query("CREATE TABLE dash.items (id INT PRIMARY KEY, name VARCHAR(40), qty INT)").ok());

  Result<uint16_t> port = FindFreeLoopbackPort();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  const std::string admin_token = RandomToken();
  const std::string read_token = RandomToken();
  setenv("LAKEFEED_TEST_ADMIN_TOKEN", admin_token.c_str(), 1);  // the child inherits them
  setenv("LAKEFEED_TEST_READ_TOKEN", read_token.c_str(), 1);
  LakefeedTaskOptions options;
  options.include = {"dash.%"};
  options.extra_yaml = "http:\n  listen: 127.0.0.1:" + std::to_string(*port) +
                       "\n  tokens:\n"
                       "    - {name: ops, role: admin, token: \"${LAKEFEED_TEST_ADMIN_TOKEN}\"}\n"
                       "    - {name: viewer, role: read, token: \"${LAKEFEED_TEST_READ_TOKEN}\"}\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  for (int wait = 0; wait < 500 && !CanConnectLoopback(*port) && run->Running(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(CanConnectLoopback(*port)) << TailOfFile(task->log_path(), 4000);

  // The workload: rows in a few transactions until the task has committed a change file of the table (the first
  // ones may come before the stream has started).
  const std::string folder = task->lake_dir() + "/dash/items";
  int next_id = 1;
  for (int round = 0; round < 60 && DataFiles(folder, "").empty(); ++round) {
    for (int row = 0; row < 5; ++row, ++next_id) {
      const std::string id = std::to_string(next_id);
      ASSERT_TRUE(db.Query("INSERT INTO dash.items VALUES (" + id + ", 'item " + id + "', " + id + ")").ok());
    }
    ASSERT_TRUE(db.Query("UPDATE dash.items SET qty = qty + 1 WHERE id % 2 = 0").ok());
    ASSERT_TRUE(db.Query("DELETE FROM dash.items WHERE id = " + std::to_string(next_id - 3)).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_FALSE(DataFiles(folder, "").empty()) << "no change file of dash.items\n" << TailOfFile(task->log_path(), 4000);
  ASSERT_TRUE(DataFiles(folder, "LOAD").empty()) << "a CDC-only task wrote a LOAD file before the reload";

  const fs::path artifacts = fs::path(LAKEFEED_TEST_ARTIFACTS_DIR);
  fs::create_directories(artifacts);
  const std::string screenshot = (artifacts / "dashboard.png").string();
  fs::remove(screenshot);
  Result<CommandResult> checked = RunCommand(
      {"node", LAKEFEED_DASHBOARD_CHECK, "--url", "http://127.0.0.1:" + std::to_string(*port) + "/",
       "--admin-token", admin_token, "--read-token", read_token, "--table", "dash.items", "--screenshot", screenshot,
       "--timeout-ms", "45000", "--chromium", chromium},
      std::chrono::seconds(150));
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  ASSERT_EQ(checked->exit_code, 0) << checked->stdout_text << checked->stderr_text << "\n"
                                   << TailOfFile(task->log_path(), 4000);
  std::printf("dashboard screenshot: %s\n", screenshot.c_str());
  EXPECT_TRUE(fs::exists(screenshot));
  const nlohmann::json rendered = nlohmann::json::parse(checked->stdout_text, nullptr, false);
  ASSERT_TRUE(rendered.is_object()) << checked->stdout_text;
  EXPECT_GT(rendered.value("lag_points", 0), 1);
  EXPECT_GT(rendered.value("throughput_points", 0), 1);
  EXPECT_EQ(rendered.value("tables", nlohmann::json::array()), nlohmann::json::array({"dash.items"}));

  // The click reached the task: the API logged it, and the table is loaded again.
  Result<std::string> log = ReadFile(task->log_path());
  ASSERT_TRUE(log.ok());
  const size_t requested = log->find("table reload requested by the API");
  ASSERT_NE(requested, std::string::npos) << TailOfFile(task->log_path(), 4000);
  const std::string line = log->substr(requested, log->find('\n', requested) - requested);
  EXPECT_NE(line.find("dash.items"), std::string::npos) << line;
  EXPECT_NE(line.find("ops"), std::string::npos) << line;  // the admin token's name, never the token
  EXPECT_EQ(log->find(admin_token), std::string::npos);
  EXPECT_EQ(log->find(read_token), std::string::npos);
  for (int wait = 0; wait < 300 && DataFiles(folder, "LOAD").empty() && run->Running(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_FALSE(DataFiles(folder, "LOAD").empty()) << "no LOAD file after the reload\n"
                                                  << TailOfFile(task->log_path(), 4000);

  ASSERT_TRUE(run->Running()) << TailOfFile(task->log_path(), 4000);
  run->Signal(SIGTERM);
  Result<int> code = run->Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << TailOfFile(task->log_path(), 4000);
}

}  // namespace
}  // namespace cdc::harness
