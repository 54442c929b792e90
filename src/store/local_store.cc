#include "store/local_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28)
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <optional>
#include <atomic>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "store/store_internal.h"

namespace cdc::store {

namespace {

using internal::QuoteKey;

constexpr std::string_view kLockName = ".lakefeed-tmp/lock";
constexpr std::string_view kTempSuffix = ".tmp";
constexpr size_t kCopyBufferBytes = 256 * 1024;

// Closes the descriptor it owns.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() { return std::exchange(fd_, -1); }
  void Reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};
using UniqueDir = std::unique_ptr<DIR, DirCloser>;

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

// The status of a failed system call on `path`, classified by errno.
Status FromErrno(int err, const std::string& what, std::string_view path) {
  std::string detail = std::string(path) + ": " + ErrnoText(err);
  switch (err) {
    case ENOENT:
      return Status::NotFound(what, detail);
    case EEXIST:
    case ENOTEMPTY:
      return Status::Conflict(what, detail);
    case ENOTDIR:
    case EISDIR:
      return Status::NotSupported(what, detail + " (in a file store a key cannot also be the folder of other keys)");
    case EAGAIN:
    case EBUSY:
    case ETIMEDOUT:
    case EINTR:
      return Status::Unavailable(what, detail);
    case ENAMETOOLONG:
      return Status::InvalidArgument(what, detail);
    default:  // ENOSPC, EDQUOT, EIO, EACCES, EPERM, EROFS, ...
      return Status::IOError(what, detail);
  }
}

// A missing key (or a missing folder on its way) reads as NotFound; other errors as FromErrno.
Status ReadError(int err, const std::string& what, std::string_view path) {
  if (err == ENOENT || err == ENOTDIR) return Status::NotFound(what, std::string(path) + ": no such object");
  return FromErrno(err, what, path);
}

std::string What(std::string_view op, std::string_view key) { return std::string(op) + " of key " + QuoteKey(key); }

// "a/b" for "a/b/c"; "" for a key at the root.
std::string_view ParentOf(std::string_view key) {
  size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : key.substr(0, slash);
}

std::string EtagOf(const struct stat& st) {
  uint64_t mtime_ns = static_cast<uint64_t>(st.st_mtim.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(st.st_mtim.tv_nsec);
  char text[64];
  std::snprintf(text, sizeof(text), "%" PRIx64 "-%" PRIx64 "-%" PRIx64, static_cast<uint64_t>(st.st_ino), mtime_ns,
                static_cast<uint64_t>(st.st_size));
  return text;
}

ObjectInfo InfoOf(std::string key, const struct stat& st) {
  ObjectInfo info;
  info.key = std::move(key);
  info.size = static_cast<uint64_t>(st.st_size);
  info.etag = EtagOf(st);
  info.modified_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
  return info;
}

// 0 or the errno of the failed write.
int WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return 0;
}

// Copies the rest of `from` to `to` without holding it in memory: copy_file_range(2) where the
// kernel and file systems support it (it may then share or offload the blocks), else read/write.
Status CopyFileData(int from, int to, const std::string& what, const std::string& from_path,
                    const std::string& to_path) {
  while (true) {
    ssize_t n = ::copy_file_range(from, nullptr, to, nullptr, size_t{1} << 30, 0);
    if (n > 0) continue;
    if (n == 0) return Status::OK();
    int err = errno;
    if (err == EINTR) continue;
    if (err == EXDEV || err == EINVAL || err == ENOSYS || err == EOPNOTSUPP) break;  // fall back
    return FromErrno(err, what, "copying " + from_path + " to " + to_path);
  }
  std::unique_ptr<char[]> buffer(new char[kCopyBufferBytes]);
  while (true) {
    ssize_t n = ::read(from, buffer.get(), kCopyBufferBytes);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FromErrno(errno, what, "source " + from_path);
    if (n == 0) return Status::OK();
    if (int err = WriteAll(to, buffer.get(), static_cast<size_t>(n)); err != 0) return FromErrno(err, what, to_path);
  }
}

// renameat2(RENAME_NOREPLACE); where the file system lacks it, link(2), which also fails with
// EEXIST when the target exists, then unlink of the source. 0 or errno.
int RenameNoReplace(int dir_fd, const char* from, const char* to) {
  if (::renameat2(dir_fd, from, dir_fd, to, RENAME_NOREPLACE) == 0) return 0;
  int err = errno;
  if (err != EINVAL && err != ENOSYS && err != EOPNOTSUPP) return err;
  if (::linkat(dir_fd, from, dir_fd, to, 0) != 0) return errno;
  ::unlinkat(dir_fd, from, 0);  // the object is in place; a temp name left behind is only litter
  return 0;
}

bool IsReserved(std::string_view key) {
  return key.starts_with(LocalStore::kTempDir) &&
         (key.size() == LocalStore::kTempDir.size() || key[LocalStore::kTempDir.size()] == '/');
}

}  // namespace

// The store lock: this process's mutex, then flock(2) on the lock file for other processes.
// (flock locks belong to an open file description, which all threads of the store share, so the
// mutex is what excludes threads.)
class LocalStore::Lock {
 public:
  explicit Lock(LocalStore& store) : store_(store), guard_(store.mutex_) {}
  ~Lock() {
    if (held_) ::flock(store_.lock_fd_, LOCK_UN);
  }
  Lock(const Lock&) = delete;
  Lock& operator=(const Lock&) = delete;

  Status Acquire(const std::string& what) {
    while (::flock(store_.lock_fd_, LOCK_EX) != 0) {
      if (errno != EINTR) return FromErrno(errno, what, store_.PathOf(kLockName));
    }
    held_ = true;
    return Status::OK();
  }

 private:
  LocalStore& store_;
  std::lock_guard<std::mutex> guard_;
  bool held_ = false;
};

struct LocalStore::TempFile {
  UniqueFd fd;
  std::string name;  // relative to the root: ".lakefeed-tmp/<unique>.tmp"
};

// One List call's filter and output while it walks the directories.
struct LocalStore::Walk {
  std::string_view prefix;
  std::string_view after;
  size_t want = 0;  // max_keys + 1: the extra key says whether another page follows
  std::vector<ObjectInfo>* out = nullptr;
  bool done = false;
};

LocalStore::LocalStore(std::string root, int root_fd, int lock_fd)
    : root_(std::move(root)), root_fd_(root_fd), lock_fd_(lock_fd) {}

LocalStore::~LocalStore() {
  ::close(lock_fd_);
  ::close(root_fd_);
}

Result<std::unique_ptr<LocalStore>> LocalStore::Open(std::string root) {
  std::string what = "opening the file store at '" + root + "'";
  if (root.empty() || root.front() != '/') return Status::InvalidArgument(what, "the root must be an absolute path");
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  std::error_code error;
  std::filesystem::create_directories(root, error);
  if (error) return Status::IOError(what, error.message());
  UniqueFd root_fd(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!root_fd.valid()) return FromErrno(errno, what, root);
  if (::mkdirat(root_fd.get(), std::string(kTempDir).c_str(), 0777) != 0 && errno != EEXIST) {
    return FromErrno(errno, what, root + "/" + std::string(kTempDir));
  }
  UniqueFd lock_fd(::openat(root_fd.get(), std::string(kLockName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
  if (!lock_fd.valid()) return FromErrno(errno, what, root + "/" + std::string(kLockName));
  std::unique_ptr<LocalStore> store(new LocalStore(std::move(root), root_fd.Release(), lock_fd.Release()));
  store->RemoveStaleTempFiles();
  return store;
}

std::string LocalStore::url() const { return "file://" + root_; }

Status LocalStore::CheckKey(std::string_view key) const {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  if (IsReserved(key)) {
    return Status::InvalidArgument("object key " + QuoteKey(key),
                                   "'.lakefeed-tmp' is reserved for the temp files of a file store");
  }
  return Status::OK();
}

std::string LocalStore::PathOf(std::string_view key) const {
  std::string path = root_;
  if (path.back() != '/') path.push_back('/');
  path.append(key);
  return path;
}

Result<std::string> LocalStore::Get(std::string_view key, ByteRange range) {
  CDC_RETURN_IF_ERROR(CheckKey(key));
  std::string what = What("Get", key);
  std::string path = PathOf(key);
  // O_NONBLOCK: a FIFO put in the root by hand must not block the open.
  UniqueFd fd(::openat(root_fd_, std::string(key).c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) return ReadError(errno, what, path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return FromErrno(errno, what, path);
  if (!S_ISREG(st.st_mode)) return Status::NotFound(what, path + ": not a regular file");
  CDC_ASSIGN_OR_RETURN(internal::Span span, internal::ClipRange(key, range, static_cast<uint64_t>(st.st_size)));
  std::string data(span.end - span.begin, '\0');
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::pread(fd.get(), data.data() + done, data.size() - done, static_cast<off_t>(span.begin + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FromErrno(errno, what, path);
    // Objects are replaced, never changed in place, so a short file means someone edited it by hand.
    if (n == 0) return Status::IOError(what, path + ": the file shrank while being read");
    done += static_cast<size_t>(n);
  }
  return data;
}

Result<ObjectInfo> LocalStore::Head(std::string_view key) {
  CDC_RETURN_IF_ERROR(CheckKey(key));
  std::string what = What("Head", key);
  struct stat st;
  if (::fstatat(root_fd_, std::string(key).c_str(), &st, 0) != 0) return ReadError(errno, what, PathOf(key));
  if (!S_ISREG(st.st_mode)) return Status::NotFound(what, PathOf(key) + ": not a regular file");
  return InfoOf(std::string(key), st);
}

Result<ObjectInfo> LocalStore::Put(std::string_view key, std::string_view data, const PutOptions& options) {
  return Write("Put", key, options, [&](int fd, const std::string& temp_path) {
    if (int err = WriteAll(fd, data.data(), data.size()); err != 0) return FromErrno(err, What("Put", key), temp_path);
    return Status::OK();
  });
}

Result<ObjectInfo> LocalStore::PutFile(std::string_view key, const std::string& path, const PutOptions& options) {
  CDC_RETURN_IF_ERROR(CheckKey(key));
  std::string what = What("PutFile", key);
  UniqueFd source(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (!source.valid()) return FromErrno(errno, what, "source " + path);
  struct stat source_stat;
  if (::fstat(source.get(), &source_stat) != 0) return FromErrno(errno, what, "source " + path);
  if (!S_ISREG(source_stat.st_mode)) return Status::InvalidArgument(what, "source " + path + " is not a regular file");
  if (options.share_source) {
    CDC_RETURN_IF_ERROR(internal::CheckPutOptions(key, options));
    // The source's own inode becomes the temp file: the lock that keeps RemoveStaleTempFiles away
    // is taken on it before it has a temp name.
    while (::flock(source.get(), LOCK_EX) != 0) {
      if (errno != EINTR) return FromErrno(errno, what, "source " + path);
    }
    Result<std::optional<std::string>> linked = LinkTemp("PutFile", key, path);
    if (!linked.ok()) return linked.status();
    struct stat linked_stat;
    if (linked->has_value() &&
        (::fstatat(root_fd_, (*linked)->c_str(), &linked_stat, AT_SYMLINK_NOFOLLOW) != 0 ||
         linked_stat.st_ino != source_stat.st_ino || linked_stat.st_dev != source_stat.st_dev)) {
      // `path` names another file than the one opened (replaced meanwhile): copy the opened one.
      ::unlinkat(root_fd_, (*linked)->c_str(), 0);
      linked->reset();
    }
    if (linked->has_value()) {
      std::string temp_name = **linked;
      Result<ObjectInfo> info = FinishWrite("PutFile", key, options, TempFile{std::move(source), temp_name});
      // When the key already was this inode (a retried put), rename(2) did nothing and left the
      // temp name: it goes now. Otherwise it is gone already (ENOENT).
      if (info.ok()) ::unlinkat(root_fd_, temp_name.c_str(), 0);
      return info;
    }
    ::flock(source.get(), LOCK_UN);  // another file system: copy
  }
  return Write("PutFile", key, options, [&](int fd, const std::string& temp_path) {
    return CopyFileData(source.get(), fd, what, path, temp_path);
  });
}

bool LocalStore::CanShareFilesIn(const std::string& dir) {
  struct stat dir_stat;
  struct stat root_stat;
  return ::stat(dir.c_str(), &dir_stat) == 0 && ::fstat(root_fd_, &root_stat) == 0 &&
         dir_stat.st_dev == root_stat.st_dev;
}

template <typename Fill>
Result<ObjectInfo> LocalStore::Write(std::string_view op, std::string_view key, const PutOptions& options,
                                     Fill&& fill) {
  CDC_RETURN_IF_ERROR(CheckKey(key));
  CDC_RETURN_IF_ERROR(internal::CheckPutOptions(key, options));
  CDC_ASSIGN_OR_RETURN(TempFile temp, CreateTemp(op, key));
  Status status = fill(temp.fd.get(), PathOf(temp.name));
  if (!status.ok()) {
    ::unlinkat(root_fd_, temp.name.c_str(), 0);
    return status;
  }
  return FinishWrite(op, key, options, std::move(temp));
}

Result<ObjectInfo> LocalStore::FinishWrite(std::string_view op, std::string_view key, const PutOptions& options,
                                           TempFile temp) {
  std::string what = What(op, key);
  std::string temp_path = PathOf(temp.name);
  struct stat st;
  Status status;
  // The fine-grained clock, not the kernel's coarse file timestamp, so that two writes of the
  // same size on a reused inode still differ in their etag.
  struct timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  const struct timespec times[2] = {now, now};
  if (::futimens(temp.fd.get(), times) != 0 || ::fsync(temp.fd.get()) != 0 || ::fstat(temp.fd.get(), &st) != 0) {
    status = FromErrno(errno, what, temp_path);
  }
  if (status.ok()) status = CommitTemp(op, key, temp.name, options);
  if (!status.ok()) {
    ::unlinkat(root_fd_, temp.name.c_str(), 0);
    return status;
  }
  CDC_RETURN_IF_ERROR(SyncDir(op, key, ParentOf(key)));
  return InfoOf(std::string(key), st);
}

std::string LocalStore::NewTempName() {
  // Unique per process by the counter, across processes (and pid namespaces sharing a volume) by
  // the pid and a random number; O_EXCL (or link's EEXIST) settles any collision left.
  static std::atomic<uint64_t> counter{0};
  static const uint64_t process_random = [] {
    uint64_t value = 0;
    if (::getrandom(&value, sizeof(value), GRND_NONBLOCK) != sizeof(value)) {
      struct timespec now;
      ::clock_gettime(CLOCK_REALTIME, &now);
      value = static_cast<uint64_t>(now.tv_nsec) * 0x9e3779b97f4a7c15u;
    }
    return value;
  }();
  char name[128];
  std::snprintf(name, sizeof(name), "%s/%x-%" PRIx64 "-%" PRIx64 "%s", std::string(kTempDir).c_str(),
                static_cast<unsigned>(::getpid()), process_random, counter.fetch_add(1), std::string(kTempSuffix).c_str());
  return name;
}

// Whether a failed mkdir/open/link in the temp folder should be retried after making the folder again
// (someone removed it). Sets `*err` when that fails.
bool LocalStore::RemakeTempDir(int* err) {
  if (*err != ENOENT) return false;
  if (::mkdirat(root_fd_, std::string(kTempDir).c_str(), 0777) == 0 || errno == EEXIST) return true;
  *err = errno;
  return false;
}

Result<LocalStore::TempFile> LocalStore::CreateTemp(std::string_view op, std::string_view key) {
  std::string what = What(op, key);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = NewTempName();
    UniqueFd fd(::openat(root_fd_, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
    if (!fd.valid()) {
      int err = errno;
      if (err == EEXIST || RemakeTempDir(&err)) continue;
      return FromErrno(err, what, PathOf(name));
    }
    // Held until the temp file is renamed and closed, so that RemoveStaleTempFiles of another
    // process leaves it alone. That one may have removed it before the lock was taken: then the
    // file has no name any more, and a new one is made.
    while (::flock(fd.get(), LOCK_EX) != 0) {
      if (errno != EINTR) return FromErrno(errno, what, PathOf(name));
    }
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) return FromErrno(errno, what, PathOf(name));
    if (st.st_nlink == 0) continue;
    return TempFile{std::move(fd), std::move(name)};
  }
  return Status::IOError(what, "no temp file could be created in " + PathOf(kTempDir));
}

Result<std::optional<std::string>> LocalStore::LinkTemp(std::string_view op, std::string_view key,
                                                        const std::string& path) {
  std::string what = What(op, key);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = NewTempName();
    if (::linkat(AT_FDCWD, path.c_str(), root_fd_, name.c_str(), 0) == 0) return std::optional<std::string>(name);
    int err = errno;
    if (err == EEXIST || RemakeTempDir(&err)) continue;
    // Another file system, or one without hard links (or not for this file): the caller copies.
    if (err == EXDEV || err == EPERM || err == EMLINK || err == EOPNOTSUPP || err == ENOSYS) {
      return std::optional<std::string>();
    }
    return FromErrno(err, what, "linking " + path + " to " + PathOf(name));
  }
  return Status::IOError(what, "no temp file could be created in " + PathOf(kTempDir));
}

Status LocalStore::CommitTemp(std::string_view op, std::string_view key, const std::string& temp,
                              const PutOptions& options) {
  std::string what = What(op, key);
  std::string key_string(key);
  Lock lock(*this);
  CDC_RETURN_IF_ERROR(lock.Acquire(what));
  if (!options.if_match.empty()) {
    struct stat current;
    if (::fstatat(root_fd_, key_string.c_str(), &current, 0) != 0 || !S_ISREG(current.st_mode)) {
      return Status::Conflict(what, "the key does not exist (if_match)");
    }
    if (EtagOf(current) != options.if_match) return Status::Conflict(what, "the etag differs (if_match)");
  }
  for (int attempt = 0;; ++attempt) {
    int err = 0;
    if (options.if_absent) {
      err = RenameNoReplace(root_fd_, temp.c_str(), key_string.c_str());
    } else if (::renameat(root_fd_, temp.c_str(), root_fd_, key_string.c_str()) != 0) {
      err = errno;
    }
    if (err == 0) return Status::OK();
    if (err == ENOENT && attempt == 0) {  // a folder of the key is missing
      CDC_RETURN_IF_ERROR(MakeParents(op, key));
      continue;
    }
    if (err == EEXIST && options.if_absent) {
      struct stat existing;
      if (::fstatat(root_fd_, key_string.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(existing.st_mode)) {
        return FromErrno(EISDIR, what, PathOf(key));
      }
      return Status::Conflict(what, "the key exists (if_absent)");
    }
    return FromErrno(err, what, PathOf(key));
  }
}

Status LocalStore::MakeParents(std::string_view op, std::string_view key) {
  for (size_t slash = key.find('/'); slash != std::string_view::npos; slash = key.find('/', slash + 1)) {
    std::string dir(key.substr(0, slash));
    if (::mkdirat(root_fd_, dir.c_str(), 0777) == 0) {
      // The new folder's name must be durable before anything renamed into it counts as written.
      CDC_RETURN_IF_ERROR(SyncDir(op, key, ParentOf(dir)));
      continue;
    }
    // EEXIST also when `dir` is a file: the next mkdirat or the rename then fails with ENOTDIR.
    if (errno != EEXIST) return FromErrno(errno, What(op, key), PathOf(dir));
  }
  return Status::OK();
}

std::string LocalStore::RemoveEmptyParents(std::string_view key) {
  std::string dir(ParentOf(key));
  while (!dir.empty()) {
    if (::unlinkat(root_fd_, dir.c_str(), AT_REMOVEDIR) != 0) break;  // not empty: done
    dir.resize(ParentOf(dir).size());
  }
  return dir;
}

Status LocalStore::SyncDir(std::string_view op, std::string_view key, std::string_view dir) {
  UniqueFd fd(::openat(root_fd_, dir.empty() ? "." : std::string(dir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return Status::OK();  // removed since (an emptied folder)
    return FromErrno(errno, What(op, key), dir.empty() ? root_ : PathOf(dir));
  }
  if (::fsync(fd.get()) != 0) return FromErrno(errno, What(op, key), dir.empty() ? root_ : PathOf(dir));
  return Status::OK();
}

Status LocalStore::Delete(std::string_view key) {
  CDC_RETURN_IF_ERROR(CheckKey(key));
  std::string what = What("Delete", key);
  std::string changed_dir;
  {
    Lock lock(*this);
    CDC_RETURN_IF_ERROR(lock.Acquire(what));
    if (::unlinkat(root_fd_, std::string(key).c_str(), 0) != 0) {
      int err = errno;
      // Gone already, a folder on the way is a file, or the key is a folder: no such object.
      if (err == ENOENT || err == ENOTDIR || err == EISDIR) return Status::OK();
      return FromErrno(err, what, PathOf(key));
    }
    changed_dir = RemoveEmptyParents(key);
  }
  return SyncDir("Delete", key, changed_dir);
}

Status LocalStore::Move(std::string_view from, std::string_view to) {
  CDC_RETURN_IF_ERROR(CheckKey(from));
  CDC_RETURN_IF_ERROR(CheckKey(to));
  std::string what = "Move of key " + QuoteKey(from) + " to " + QuoteKey(to);
  std::string from_string(from);
  std::string to_string(to);
  std::string from_dir;
  {
    Lock lock(*this);
    CDC_RETURN_IF_ERROR(lock.Acquire(what));
    auto is_object = [&](const std::string& key, bool* exists) {
      struct stat st;
      if (::fstatat(root_fd_, key.c_str(), &st, 0) == 0) {
        *exists = S_ISREG(st.st_mode);
        return Status::OK();
      }
      *exists = false;
      if (errno == ENOENT || errno == ENOTDIR) return Status::OK();
      return FromErrno(errno, what, PathOf(key));
    };
    bool from_exists = false;
    CDC_RETURN_IF_ERROR(is_object(from_string, &from_exists));
    if (!from_exists) {
      bool to_exists = false;
      CDC_RETURN_IF_ERROR(is_object(to_string, &to_exists));
      if (to_exists) return Status::OK();  // a Move redone after a crash
      return Status::NotFound(what, "neither " + PathOf(from) + " nor " + PathOf(to) + " exists");
    }
    if (from == to) return Status::OK();
    for (int attempt = 0;; ++attempt) {
      if (::renameat(root_fd_, from_string.c_str(), root_fd_, to_string.c_str()) == 0) break;
      int err = errno;
      if (err == ENOENT && attempt == 0) {  // a folder of `to` is missing
        CDC_RETURN_IF_ERROR(MakeParents("Move", to));
        continue;
      }
      return FromErrno(err, what, PathOf(to));
    }
    from_dir = RemoveEmptyParents(from);
  }
  std::string_view to_dir = ParentOf(to);
  CDC_RETURN_IF_ERROR(SyncDir("Move", to, to_dir));
  if (from_dir != to_dir) CDC_RETURN_IF_ERROR(SyncDir("Move", from, from_dir));
  return Status::OK();
}

Result<ListPage> LocalStore::List(const ListOptions& options) {
  CDC_RETURN_IF_ERROR(internal::CheckListOptions(options));
  ListPage page;
  std::string_view prefix = options.prefix;
  // Every key under the prefix lies in its deepest folder: the part up to the last '/'.
  std::string dir_key(prefix.substr(0, prefix.rfind('/') + 1));
  if (!dir_key.empty()) {
    // Folders that no key can have match nothing, and ".." must not lead out of the root.
    std::string_view dir = std::string_view(dir_key).substr(0, dir_key.size() - 1);
    if (!ValidateKey(dir).ok() || IsReserved(dir)) return page;
  }
  std::string what = "List of prefix " + QuoteKey(prefix);
  int fd = ::openat(root_fd_, dir_key.empty() ? "." : dir_key.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return page;
    return FromErrno(errno, what, PathOf(dir_key));
  }
  Walk walk;
  walk.prefix = prefix;
  walk.after = internal::ListAfter(options);
  walk.want = size_t{options.max_keys} + 1;
  walk.out = &page.objects;
  CDC_RETURN_IF_ERROR(WalkDir(fd, dir_key, walk).WithContext(what));
  if (page.objects.size() > options.max_keys) {
    page.objects.pop_back();
    page.continuation = page.objects.back().key;
  }
  return page;
}

// Visits the entries of one folder in key order. Sorting a folder's name as "name/" makes a
// depth-first walk yield keys in byte order: "a.b" < "a/x" because '.' < '/'.
Status LocalStore::WalkDir(int dir_fd, std::string& dir_key, Walk& walk) {
  UniqueDir dir(::fdopendir(dir_fd));
  if (dir == nullptr) {
    int err = errno;
    ::close(dir_fd);
    return FromErrno(err, "reading a folder", PathOf(dir_key));
  }
  struct Entry {
    std::string sort_name;  // the name, plus '/' for a folder
    bool is_dir = false;
  };
  std::vector<Entry> entries;
  while (true) {
    errno = 0;
    struct dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) return FromErrno(errno, "reading a folder", PathOf(dir_key));
      break;
    }
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (dir_key.empty() && name == kTempDir) continue;
    unsigned char type = entry->d_type;
    if (type == DT_UNKNOWN) {  // file systems that do not fill d_type
      struct stat st;
      if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      entries.push_back(Entry{std::string(name) + "/", true});
    } else if (type == DT_REG) {
      entries.push_back(Entry{std::string(name), false});
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.sort_name < b.sort_name; });

  std::string full;
  for (const Entry& entry : entries) {
    full.assign(dir_key).append(entry.sort_name);  // every key under this entry starts with `full`
    bool under_prefix = full.starts_with(walk.prefix);
    if (!under_prefix && !(entry.is_dir && walk.prefix.starts_with(full))) {
      if (full > walk.prefix) {  // past the prefix's range: so is every later key
        walk.done = true;
        return Status::OK();
      }
      continue;
    }
    if (!entry.is_dir) {
      if (full <= walk.after) continue;
      struct stat st;
      if (::fstatat(::dirfd(dir.get()), entry.sort_name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) continue;  // deleted since readdir
        return FromErrno(errno, "reading a folder", PathOf(full));
      }
      if (!S_ISREG(st.st_mode)) continue;
      walk.out->push_back(InfoOf(full, st));
      if (walk.out->size() == walk.want) {
        walk.done = true;
        return Status::OK();
      }
      continue;
    }
    // A folder whose keys all sort at or before `after` is skipped whole.
    if (walk.after >= std::string_view(full) && !walk.after.starts_with(full)) continue;
    std::string name = entry.sort_name.substr(0, entry.sort_name.size() - 1);
    int child = ::openat(::dirfd(dir.get()), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
    if (child < 0) {
      if (errno == ENOENT || errno == ENOTDIR) continue;  // removed or replaced since readdir
      return FromErrno(errno, "reading a folder", PathOf(full));
    }
    size_t dir_key_size = dir_key.size();
    dir_key.append(entry.sort_name);
    Status status = WalkDir(child, dir_key, walk);
    dir_key.resize(dir_key_size);
    CDC_RETURN_IF_ERROR(status);
    if (walk.done) return Status::OK();
  }
  return Status::OK();
}

void LocalStore::RemoveStaleTempFiles() {
  int fd = ::openat(root_fd_, std::string(kTempDir).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  UniqueDir dir(::fdopendir(fd));
  if (dir == nullptr) {
    ::close(fd);
    return;
  }
  // Best effort: a file that cannot be removed now is tried again at the next Open.
  while (struct dirent* entry = ::readdir(dir.get())) {
    std::string_view name = entry->d_name;
    if (!name.ends_with(kTempSuffix)) continue;
    UniqueFd temp(::openat(::dirfd(dir.get()), entry->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (!temp.valid()) continue;
    // A live writer holds the lock until its rename; a crashed one held it no longer.
    if (::flock(temp.get(), LOCK_EX | LOCK_NB) == 0) ::unlinkat(::dirfd(dir.get()), entry->d_name, 0);
  }
}

}  // namespace cdc::store
