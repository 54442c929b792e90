#include "trigger_check.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>

namespace cdc::harness {

namespace fs = std::filesystem;

std::map<std::string, std::vector<std::string>> LakeFilesInCommitOrder(const std::string& lake) {
  std::map<std::string, std::vector<std::string>> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(lake)) {
    if (!entry.is_regular_file()) continue;
    const std::string key = fs::relative(entry.path(), lake).string();
    if (key.rfind("_lakefeed/", 0) == 0 || key.rfind(".lakefeed-tmp/", 0) == 0) continue;  // our own objects
    const size_t second_slash = key.find('/', key.find('/') + 1);
    files[key.substr(0, second_slash)].push_back(key);
  }
  for (auto& [table, keys] : files) {
    std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
      const bool a_load = fs::path(a).filename().string().rfind("LOAD", 0) == 0;
      const bool b_load = fs::path(b).filename().string().rfind("LOAD", 0) == 0;
      return a_load != b_load ? a_load : a < b;
    });
  }
  return files;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::map<std::string, std::vector<std::string>> HandledKeys(const std::string& text, const std::string& bucket) {
  std::map<std::string, std::vector<std::string>> seen;
  const std::string prefix = bucket.empty() ? "" : bucket + " ";
  for (const std::string& line : Lines(text)) {
    if (line.rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "not of bucket " << bucket << ": " << line;
      continue;
    }
    const std::string key = line.substr(prefix.size());
    seen[key.substr(0, key.find('/', key.find('/') + 1))].push_back(key);
  }
  return seen;
}

::testing::AssertionResult DeliveredInCommitOrder(const std::map<std::string, std::vector<std::string>>& handled,
                                                  const std::map<std::string, std::vector<std::string>>& committed,
                                                  size_t* redelivered) {
  size_t repeats = 0;
  std::string problems;
  std::set<std::string> tables;
  for (const auto& [table, keys] : committed) tables.insert(table);
  for (const auto& [table, keys] : handled) tables.insert(table);
  for (const std::string& table : tables) {
    static const std::vector<std::string> kNone;
    auto handled_it = handled.find(table);
    auto committed_it = committed.find(table);
    const std::vector<std::string>& seen = handled_it != handled.end() ? handled_it->second : kNone;
    const std::vector<std::string>& want = committed_it != committed.end() ? committed_it->second : kNone;
    std::vector<std::string> first_deliveries;
    std::set<std::string> delivered;
    for (const std::string& key : seen) {
      if (delivered.insert(key).second) {
        first_deliveries.push_back(key);
      } else {
        ++repeats;
      }
    }
    if (first_deliveries == want) continue;
    // The first place where they part, with what each side has there.
    size_t at = 0;
    while (at < first_deliveries.size() && at < want.size() && first_deliveries[at] == want[at]) ++at;
    problems += "  " + table + ": " + std::to_string(want.size()) + " files committed, " +
                std::to_string(first_deliveries.size()) + " delivered; file " + std::to_string(at) +
                " in commit order is " + (at < want.size() ? want[at] : "(none)") + ", the handler's is " +
                (at < first_deliveries.size() ? first_deliveries[at] : "(none)") + "\n";
  }
  if (redelivered != nullptr) *redelivered = repeats;
  if (problems.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "the handler did not get every committed file in commit order:\n"
                                       << problems;
}

}  // namespace cdc::harness
