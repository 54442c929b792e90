#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "base/status.h"
#include "format/change_file_writer.h"

namespace cdc::format {

// The local file a change-file writer writes through: created (or truncated) by Create, written
// whole by Write, closed by Close or the destructor. It is a spool file that the store copies or
// links and makes durable itself, so it is never fsynced here; with FileOptions::background_syncer
// its data is synced in the background every 8 MiB as it grows. Not thread-safe.
class OutputFile {
 public:
  OutputFile(std::string path, const FileOptions& options) : path_(std::move(path)), options_(options) {}
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // IOError naming the path.
  Status Create();
  // Writes all of [data, data + size). IOError naming the path.
  Status Write(const char* data, size_t size);
  // IOError naming the path. The file is closed even then.
  Status Close();

  const std::string& path() const { return path_; }
  // Bytes written so far.
  uint64_t bytes() const { return bytes_; }

 private:
  const std::string path_;
  const FileOptions options_;
  int fd_ = -1;
  uint64_t bytes_ = 0;
  uint64_t sync_requested_at_ = 0;  // bytes_ at the last background sync request
};

}  // namespace cdc::format
