#include "format/output_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "format/background_syncer.h"

namespace cdc::format {
namespace {

constexpr uint64_t kBackgroundSyncBytes = uint64_t{8} << 20;

}  // namespace

OutputFile::~OutputFile() {
  if (fd_ >= 0) close(fd_);
}

Status OutputFile::Create() {
  fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) return Status::IOError("create " + path_, std::strerror(errno));
  return Status::OK();
}

Status OutputFile::Write(const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("write " + path_, std::strerror(errno));
    }
    data += written;
    size -= static_cast<size_t>(written);
    bytes_ += static_cast<uint64_t>(written);
  }
  if (options_.background_syncer != nullptr && bytes_ - sync_requested_at_ >= kBackgroundSyncBytes) {
    options_.background_syncer->Request(this, fd_);
    sync_requested_at_ = bytes_;
  }
  return Status::OK();
}

Status OutputFile::Close() {
  const int fd = fd_;
  fd_ = -1;
  if (fd >= 0 && close(fd) != 0) return Status::IOError("close " + path_, std::strerror(errno));
  return Status::OK();
}

}  // namespace cdc::format
