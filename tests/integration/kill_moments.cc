#include "kill_moments.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <thread>
#include <vector>

namespace cdc::harness {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int64_t MtimeNs(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// Whether any regular file lies below `dir` (the file store may leave empty folders behind).
bool HasFiles(const std::string& dir) {
  std::error_code error;
  for (fs::recursive_directory_iterator it(dir, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    std::error_code type_error;
    if (it->is_regular_file(type_error)) return true;
  }
  return false;
}

// The modification times of every table folder (<lake>/<schema>/<table>): a new change file changes one.
std::vector<int64_t> TableFolderTimes(const std::string& lake) {
  std::vector<int64_t> times;
  std::error_code error;
  for (fs::directory_iterator schema(lake, error); !error && schema != fs::directory_iterator();
       schema.increment(error)) {
    if (schema->path().filename() == "_lakefeed") continue;
    std::error_code inner;
    for (fs::directory_iterator table(schema->path(), inner); !inner && table != fs::directory_iterator();
         table.increment(inner)) {
      times.push_back(MtimeNs(table->path().string()));
    }
  }
  return times;
}

// The files of `moment`'s kind (paths): LOAD files of the lake, or the warehouse's files of a merge moment.
std::set<std::string> FilesOfKind(KillMoment moment, const KillTargets& targets) {
  const bool in_lake = moment == KillMoment::kLoadFile;
  std::set<std::string> files;
  std::error_code error;
  for (fs::recursive_directory_iterator it(in_lake ? targets.lake : targets.warehouse, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const std::string name = it->path().filename().string();
    const std::string folder = it->path().parent_path().filename().string();
    bool wanted = false;
    switch (moment) {
      case KillMoment::kLoadFile:
        wanted = name.starts_with("LOAD");
        break;
      case KillMoment::kMergeDataFile:
        wanted = folder == "data" && name.ends_with(".parquet");
        break;
      case KillMoment::kMergeManifest:
        wanted = folder == "metadata" && name.ends_with(".avro");
        break;
      case KillMoment::kMergeMetadata:
        wanted = folder == "metadata" && name.ends_with(".metadata.json");
        break;
      default:
        break;
    }
    if (wanted) files.insert(it->path().string());
  }
  return files;
}

}  // namespace

const char* ToString(KillMoment moment) {
  switch (moment) {
    case KillMoment::kRandomDelay:
      return "random delay";
    case KillMoment::kLoadFile:
      return "new LOAD file";
    case KillMoment::kStaging:
      return "first staged upload";
    case KillMoment::kCheckpoint:
      return "new checkpoint";
    case KillMoment::kPublish:
      return "new change file";
    case KillMoment::kHandlerRunning:
      return "handler running";
    case KillMoment::kMergeDataFile:
      return "merge data file";
    case KillMoment::kMergeManifest:
      return "merge manifest";
    case KillMoment::kMergeMetadata:
      return "merge commit point";
  }
  return "?";
}

std::string LatestCheckpointName(const std::string& lake) {
  std::string latest;
  std::error_code error;
  for (fs::directory_iterator it(lake + "/_lakefeed/checkpoints", error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.ends_with(".json") && name > latest) latest = name;
  }
  return latest;
}

Waited WaitForMoment(KillMoment moment, const KillTargets& targets, Subprocess& run,
                     std::chrono::milliseconds timeout) {
  if (moment == KillMoment::kRandomDelay) return Waited::kSeen;
  const std::string staging = targets.lake + "/_lakefeed/staging";
  const std::string checkpoint_before = moment == KillMoment::kCheckpoint ? LatestCheckpointName(targets.lake) : "";
  const std::vector<int64_t> tables_before =
      moment == KillMoment::kPublish ? TableFolderTimes(targets.lake) : std::vector<int64_t>();
  const bool counts_files = moment == KillMoment::kLoadFile || moment == KillMoment::kMergeDataFile ||
                            moment == KillMoment::kMergeManifest || moment == KillMoment::kMergeMetadata;
  const std::set<std::string> files_before = counts_files ? FilesOfKind(moment, targets) : std::set<std::string>();
  // Staging objects of a killed run stay until the new run's recovery deletes them: wait for that first, so
  // that the object seen is one of a flush of this run.
  bool staging_was_empty = false;
  const auto deadline = Clock::now() + timeout;
  int polls = 0;
  while (Clock::now() < deadline) {
    bool seen = false;
    switch (moment) {
      case KillMoment::kStaging:
        if (!HasFiles(staging)) {
          staging_was_empty = true;
        } else {
          seen = staging_was_empty;
        }
        break;
      case KillMoment::kCheckpoint:
        seen = LatestCheckpointName(targets.lake) != checkpoint_before;
        break;
      case KillMoment::kPublish:
        seen = TableFolderTimes(targets.lake) != tables_before;
        break;
      case KillMoment::kHandlerRunning:
        seen = fs::exists(targets.handler_marker);
        break;
      default: {
        const std::set<std::string> now = FilesOfKind(moment, targets);
        seen = std::any_of(now.begin(), now.end(), [&](const std::string& file) { return !files_before.contains(file); });
        break;
      }
    }
    if (seen) return Waited::kSeen;
    if (++polls % 64 == 0 && !run.Running()) return Waited::kExited;
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  return run.Running() ? Waited::kNotSeen : Waited::kExited;
}

}  // namespace cdc::harness
