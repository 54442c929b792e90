#include "capture_check.h"

#include <filesystem>
#include <system_error>

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

}  // namespace cdc::harness
