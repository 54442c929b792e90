#include "capture_check.h"

#include <signal.h>

#include <filesystem>
#include <system_error>
#include <thread>

#include "harness/mismatches.h"

namespace cdc::harness {

size_t CountFiles(const std::string& dir, const std::string& under) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path root = under.empty() ? fs::path(dir) : fs::path(dir) / under;
  size_t count = 0;
  // The directory changes under our feet while lakefeed runs: skip what vanishes, never throw.
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (under.empty() && it.depth() == 0 && it->path().filename() == "_lakefeed") {
      it.disable_recursion_pending();
      continue;
    }
    std::error_code type_error;
    if (it->is_regular_file(type_error)) ++count;
  }
  return count;
}

std::string DescribeRun(const CommandResult& result, const LakefeedTask& task) {
  return "exit " + std::to_string(result.exit_code) + "\nstderr:\n" + result.stderr_text.substr(0, 6000) +
         "\nlog tail (" + task.log_path() + "):\n" + TailOfFile(task.log_path(), 3000);
}

::testing::AssertionResult LakeMatchesSource(LakefeedTask& task, MariaDbSandbox& server,
                                             const std::vector<std::string>& databases,
                                             const ReplayOptions& options) {
  auto fail = [&](const std::string& what) {
    task.Keep();
    return ::testing::AssertionFailure() << what << "\n(task dir kept: " << task.dir() << ")";
  };
  Result<LakeReplay> replay = ReplayLake(task.lake_dir(), options);
  if (!replay.ok()) return fail("the replay oracle failed: " + replay.status().ToString());
  Result<std::unique_ptr<MariaDbClient>> client = server.Connect();
  if (!client.ok()) return fail("cannot connect to the source: " + client.status().ToString());
  Result<TablesImage> source = DumpSourceTables(**client, databases, options.keys);
  if (!source.ok()) return fail("cannot SELECT the source tables: " + source.status().ToString());

  std::string problems;
  const ReplayStats& stats = replay->stats;
  if (!replay->errors.empty()) {
    problems += std::to_string(replay->errors.size()) + " replay findings:\n";
    for (const std::string& error : replay->errors) problems += "  " + error.substr(0, 600) + "\n";
  }
  if (!stats.publish_complete) problems += "the latest checkpoint's publish is unfinished\n";
  if (stats.staging_files != 0) {
    problems += std::to_string(stats.staging_files) + " uncommitted objects left under _lakefeed/staging\n";
  }
  Mismatches mismatches;
  CompareTables(*source, replay->tables, &mismatches, databases, options.unchecked_columns);
  if (!mismatches.empty()) problems += "lake vs SELECT: " + mismatches.Report();
  if (problems.empty()) return ::testing::AssertionSuccess();
  return fail(problems + "replay stats: files=" + std::to_string(stats.files) + " rows=" +
              std::to_string(stats.rows) + " schema_records=" + std::to_string(stats.schema_records) +
              " checkpoints=" + std::to_string(stats.checkpoints) +
              " next_seq=" + std::to_string(stats.next_seq) + " max_seq=" + std::to_string(stats.max_seq));
}

std::string CurrentPosition(MariaDbSandbox& db) {
  Result<std::string> file = db.CurrentBinlogFile();
  Result<uint64_t> pos = db.CurrentBinlogPosition();
  if (!file.ok() || !pos.ok()) return "";
  return *file + ":" + std::to_string(*pos);
}

std::string LatestCheckpointName(const std::string& lake) {
  namespace fs = std::filesystem;
  std::string latest;
  std::error_code error;
  for (fs::directory_iterator it(lake + "/_lakefeed/checkpoints", error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.ends_with(".json") && name > latest) latest = name;
  }
  return latest;
}

nlohmann::json LatestCheckpoint(const std::string& lake) {
  const std::string latest = LatestCheckpointName(lake);
  if (latest.empty()) return nlohmann::json::object();
  Result<std::string> text = ReadFile(lake + "/_lakefeed/checkpoints/" + latest);
  if (!text.ok()) return nlohmann::json::object();
  nlohmann::json json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  return json.is_object() ? json : nlohmann::json::object();
}

std::pair<std::string, uint64_t> CheckpointPosition(const std::string& lake) {
  const nlohmann::json checkpoint = LatestCheckpoint(lake);
  if (!checkpoint.contains("position") || !checkpoint["position"].is_object()) return {"", 0};
  const nlohmann::json& position = checkpoint["position"];
  if (!position.contains("file") || !position["file"].is_string()) return {"", 0};
  const uint64_t offset =
      position.contains("offset") && position["offset"].is_number_unsigned() ? position["offset"].get<uint64_t>() : 0;
  return {position["file"].get<std::string>(), offset};
}

bool FullLoadFinished(const std::string& lake) {
  const nlohmann::json checkpoint = LatestCheckpoint(lake);
  if (!checkpoint.contains("full_load") || !checkpoint["full_load"].contains("tables")) return false;
  const nlohmann::json& tables = checkpoint["full_load"]["tables"];
  if (!tables.is_array() || tables.empty()) return false;
  for (const nlohmann::json& table : tables) {
    if (table.value("phase", "") != "done") return false;
  }
  return true;
}

std::string Exited(Subprocess& run, const LakefeedTask& task) {
  Result<int> code = run.Wait(std::chrono::milliseconds(0));
  return "lakefeed run exited by itself (code " + (code.ok() ? std::to_string(*code) : std::string("?")) +
         "); log:\n" + TailOfFile(task.log_path(), 4000);
}

::testing::AssertionResult RunCatchesUp(MariaDbSandbox& db, const std::string& database, const LakefeedTask& task,
                                        Subprocess& run) {
  Status inserted = db.Query("CREATE TABLE IF NOT EXISTS `" + database +
                             "`.marker (id INT AUTO_INCREMENT PRIMARY KEY); INSERT INTO `" + database +
                             "`.marker VALUES ()");
  if (!inserted.ok()) return ::testing::AssertionFailure() << inserted.ToString();
  Result<std::string> file = db.CurrentBinlogFile();
  Result<uint64_t> pos = db.CurrentBinlogPosition();
  if (!file.ok() || !pos.ok()) return ::testing::AssertionFailure() << "SHOW MASTER STATUS failed";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::pair<std::string, uint64_t> at;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!run.Running()) return ::testing::AssertionFailure() << Exited(run, task);
    at = CheckpointPosition(task.lake_dir());
    if (at.first > *file || (at.first == *file && at.second >= *pos)) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ::testing::AssertionFailure() << "the run's checkpoint is at " << at.first << ":" << at.second
                                       << ", not at the binlog end " << *file << ":" << *pos << " within 60 s; log:\n"
                                       << TailOfFile(task.log_path(), 4000);
}

::testing::AssertionResult StopsCleanly(Subprocess& run, const LakefeedTask& task) {
  run.Signal(SIGTERM);
  Result<int> code = run.Wait(std::chrono::seconds(60));
  if (!code.ok()) {
    run.Kill();
    return ::testing::AssertionFailure() << "lakefeed run did not stop within 60 s of SIGTERM; log:\n"
                                         << TailOfFile(task.log_path(), 4000);
  }
  if (*code != 0) {
    return ::testing::AssertionFailure() << "lakefeed run exited with " << *code << " on SIGTERM; log:\n"
                                         << TailOfFile(task.log_path(), 4000);
  }
  return ::testing::AssertionSuccess();
}

}  // namespace cdc::harness
