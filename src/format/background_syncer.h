#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace cdc::format {

// Makes growing local files durable in the background: a writer asks for its file's data so far to
// be synced, and the syncer's one thread runs fdatasync(2) on a duplicate of the descriptor while the
// writer goes on. The fsync that later makes the file durable (LocalStore's, after it linked a spool
// file into place) then finds little left to write and flush, so the thread that must wait for it
// waits less. Purely an optimisation: errors are ignored, the final fsync reports them.
//
// Thread-safe. The thread starts with the first request. Destroying the syncer drops the requests
// not yet started and waits for the one running (one fdatasync).
class BackgroundSyncer {
 public:
  BackgroundSyncer() = default;
  ~BackgroundSyncer();
  BackgroundSyncer(const BackgroundSyncer&) = delete;
  BackgroundSyncer& operator=(const BackgroundSyncer&) = delete;

  // Queues a sync of the data written to `fd` so far. The syncer works on its own duplicate of `fd`,
  // so the caller may close `fd` at any time. `file` names the file for coalescing (e.g. its
  // writer): while a request of the same `file` still waits, this one is dropped, as that one will
  // sync this data too.
  void Request(const void* file, int fd);

 private:
  struct Job {
    const void* file = nullptr;
    int fd = -1;  // the duplicate, closed by the thread
  };
  void Run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;     // started by the first Request (under mutex_)
};

}  // namespace cdc::format
