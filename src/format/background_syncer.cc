#include "format/background_syncer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

namespace cdc::format {

BackgroundSyncer::~BackgroundSyncer() {
  std::deque<Job> dropped;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    dropped.swap(queue_);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  for (const Job& job : dropped) ::close(job.fd);
}

void BackgroundSyncer::Request(const void* file, int fd) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return;
  if (std::any_of(queue_.begin(), queue_.end(), [file](const Job& job) { return job.file == file; })) return;
  const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return;  // out of descriptors: the final fsync does all the work
  queue_.push_back(Job{file, copy});
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
  wake_.notify_one();
}

void BackgroundSyncer::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job job = queue_.front();
    queue_.pop_front();
    lock.unlock();
    (void)::fdatasync(job.fd);  // a hint only: the final fsync reports any error
    ::close(job.fd);
    lock.lock();
  }
}

}  // namespace cdc::format
