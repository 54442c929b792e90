#include "kill_moments.h"

#include <sys/stat.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "capture_check.h"

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

// Whether `name` in a folder named `folder` of the warehouse is a file of the merge `moment`'s kind.
bool IsMergeFile(KillMoment moment, const std::string& folder, const std::string& name) {
  switch (moment) {
    case KillMoment::kMergeDataFile:
      return folder == "data" && name.ends_with(".parquet");
    case KillMoment::kMergeManifest:
      return folder == "metadata" && name.ends_with(".avro");
    case KillMoment::kMergeMetadata:
      return folder == "metadata" && name.ends_with(".metadata.json");
    default:
      return false;
  }
}

// The warehouse's data/ and metadata/ folders (<warehouse>/<schema>/<table>/<folder>), watched by their
// modification times: a new file changes its folder's, so only a changed folder is listed again. Polling
// stays cheap however many files the warehouse holds.
class WarehouseWatch {
 public:
  WarehouseWatch(std::string warehouse, KillMoment moment) : warehouse_(std::move(warehouse)), moment_(moment) {
    (void)Changed();
  }

  // Whether a file of the moment's kind appeared since the last call.
  bool Changed() {
    bool appeared = false;
    std::error_code error;
    for (fs::directory_iterator schema(warehouse_, error); !error && schema != fs::directory_iterator();
         schema.increment(error)) {
      std::error_code inner;
      for (fs::directory_iterator table(schema->path(), inner); !inner && table != fs::directory_iterator();
           table.increment(inner)) {
        for (const char* folder : {"data", "metadata"}) {
          const std::string dir = table->path().string() + "/" + folder;
          Folder& known = folders_[dir];
          const int64_t mtime = MtimeNs(dir);
          if (mtime == known.mtime) continue;
          known.mtime = mtime;
          std::error_code list_error;
          for (fs::directory_iterator file(dir, list_error); !list_error && file != fs::directory_iterator();
               file.increment(list_error)) {
            const std::string name = file->path().filename().string();
            if (IsMergeFile(moment_, folder, name) && known.names.insert(name).second && primed_) appeared = true;
          }
        }
      }
    }
    primed_ = true;
    return appeared;
  }

 private:
  struct Folder {
    int64_t mtime = -2;
    std::set<std::string> names;
  };
  std::string warehouse_;
  KillMoment moment_;
  std::map<std::string, Folder> folders_;
  bool primed_ = false;  // the first scan only learns what is there
};

}  // namespace

const char* ToString(KillMoment moment) {
  switch (moment) {
    case KillMoment::kRandomDelay:
      return "random delay";
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

Waited WaitForMoment(KillMoment moment, const KillTargets& targets, Subprocess& run,
                     std::chrono::milliseconds timeout) {
  if (moment == KillMoment::kRandomDelay) return Waited::kSeen;
  const std::string staging = targets.lake + "/_lakefeed/staging";
  const std::string checkpoint_before = moment == KillMoment::kCheckpoint ? LatestCheckpointName(targets.lake) : "";
  const std::vector<int64_t> tables_before =
      moment == KillMoment::kPublish ? TableFolderTimes(targets.lake) : std::vector<int64_t>();
  std::optional<WarehouseWatch> warehouse;
  if (moment == KillMoment::kMergeDataFile || moment == KillMoment::kMergeManifest ||
      moment == KillMoment::kMergeMetadata) {
    warehouse.emplace(targets.warehouse, moment);
  }
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
      default:
        seen = warehouse && warehouse->Changed();
        break;
    }
    if (seen) return Waited::kSeen;
    if (++polls % 64 == 0 && !run.Running()) return Waited::kExited;
    std::this_thread::sleep_for(std::chrono::microseconds(300));
  }
  return run.Running() ? Waited::kNotSeen : Waited::kExited;
}

}  // namespace cdc::harness
