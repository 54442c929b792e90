#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "store/object_store.h"

namespace cdc::store {

// An ObjectStore in a local directory ("file:///abs/dir"): the object of key "a/b/c.csv" is the
// regular file <root>/a/b/c.csv, so that the lake can be read with ordinary tools.
//
// On disk:
// - Writes go to a temp file under <root>/.lakefeed-tmp/, which is fsynced, then renamed into place
//   (creating parent directories), then the parent directory is fsynced: a reader sees the old
//   file, the new one or none, and a write that returned OK survives a crash. PutIfAbsent renames
//   with RENAME_NOREPLACE (link(2) where the file system lacks it), so it is atomic by itself.
// - .lakefeed-tmp/ is reserved: a key starting with it is InvalidArgument, and List never returns
//   anything in it. It also holds "lock", the store lock (below). Each writer holds flock(2) on its
//   temp file; Open removes temp files nobody holds (left by a crashed writer).
// - Every change of the namespace (the final rename of a write, Delete, Move) happens under the
//   store lock: a mutex within the process plus flock(2) on .lakefeed-tmp/lock across processes.
//   So an If-Match write compares the etag and renames as one step against every other writer of
//   the root, in this process or another. The lock covers only those few system calls; data is
//   written and fsynced before it is taken.
// - Etag: "<inode>-<mtime ns>-<size>" in hex. Each write is a new inode whose mtime is set to
//   the fine-grained clock before the rename, so a rewrite (even of the same bytes) changes the
//   etag and an inode reused by the file system does not bring an old etag back. A Move keeps it.
//   A PutFile with `share_source` links the source instead (its inode is the object; same steps
//   after that): every object put from one source shares its mtime, so each put of it, even a
//   refused one, changes the etag of the others -- hence one key per sealed source.
// - Directories are not keys. Delete and Move remove parent directories they leave empty, up to
//   the root. A key cannot be both an object and the folder of other keys (S3 allows it): such a
//   write is NotSupported. Only regular files are listed (no symlinks); keys are not checked for
//   symlinks pointing out of the root, which belongs to the store's owner.
// - List reads and sorts each directory it walks, so a page costs a walk from the prefix's deepest
//   directory up to that page: fine for table folders of thousands of files.
//
// Errors name the operation, the key and the path; errno maps to codes: ENOENT NotFound, EEXIST
// Conflict, ENOTDIR/EISDIR NotSupported (key/folder clash), EAGAIN/EBUSY/ETIMEDOUT Unavailable,
// ENAMETOOLONG InvalidArgument, the rest (ENOSPC, EIO, EACCES, EROFS, ...) IOError.
//
// Thread-safe. Several processes may open one root.
class LocalStore final : public ObjectStore {
 public:
  static constexpr std::string_view kTempDir = ".lakefeed-tmp";

  // Opens the directory `root` (absolute; created with its parents if missing) and removes stale
  // temp files. InvalidArgument for a relative path, IOError when it cannot be created or opened.
  static Result<std::unique_ptr<LocalStore>> Open(std::string root);
  ~LocalStore() override;

  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  const std::string& root() const { return root_; }

  std::string url() const override;
  Result<std::string> Get(std::string_view key, ByteRange range = {}) override;
  Result<ObjectInfo> Head(std::string_view key) override;
  Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) override;
  // Copies with copy_file_range(2) (a read/write loop where unsupported); never holds the file in
  // memory. With `share_source`, hard-links the file instead where it lies on the store's file
  // system (the object is then the source's inode, fsynced, with a fresh mtime; it copies where
  // link(2) fails with EXDEV, EPERM, EMLINK or EOPNOTSUPP). NotFound naming `path` when it does not exist.
  Result<ObjectInfo> PutFile(std::string_view key, const std::string& path, const PutOptions& options = {}) override;
  // True when `dir` is on the root's file system.
  bool CanShareFilesIn(const std::string& dir) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(const ListOptions& options) override;
  Status Move(std::string_view from, std::string_view to) override;

 private:
  class Lock;
  struct TempFile;
  struct Walk;

  LocalStore(std::string root, int root_fd, int lock_fd);

  // ValidateKey plus the reserved temp directory.
  Status CheckKey(std::string_view key) const;
  std::string PathOf(std::string_view key) const;

  // Writes a new object: `fill` writes the temp file's bytes, then FinishWrite.
  template <typename Fill>
  Result<ObjectInfo> Write(std::string_view op, std::string_view key, const PutOptions& options, Fill&& fill);
  // Makes the filled temp file durable (fsync) and renames it into place under the lock, honouring
  // `options`; removes the temp file on failure.
  Result<ObjectInfo> FinishWrite(std::string_view op, std::string_view key, const PutOptions& options, TempFile temp);
  static std::string NewTempName();
  bool RemakeTempDir(int* err);
  Result<TempFile> CreateTemp(std::string_view op, std::string_view key);
  // Links the file at `path` under a new temp name (the caller holds flock on it). nullopt when
  // link(2) cannot work here (another file system, no hard links): copy instead.
  Result<std::optional<std::string>> LinkTemp(std::string_view op, std::string_view key, const std::string& path);
  // The final step of a write, under the lock.
  Status CommitTemp(std::string_view op, std::string_view key, const std::string& temp, const PutOptions& options);
  // mkdir -p of the directories of `key`, fsyncing each directory that gains one. Under the lock.
  Status MakeParents(std::string_view op, std::string_view key);
  // rmdir of the directories of `key` from the deepest up while they are empty. Under the lock.
  // Returns the deepest directory left (relative, "" for the root), whose entry list changed.
  std::string RemoveEmptyParents(std::string_view key);
  // fsync of a directory relative to the root ("" is the root). OK when it no longer exists.
  Status SyncDir(std::string_view op, std::string_view key, std::string_view dir);
  void RemoveStaleTempFiles();
  Status WalkDir(int dir_fd, std::string& dir_key, Walk& walk);

  const std::string root_;
  const int root_fd_;
  const int lock_fd_;
  std::mutex mutex_;  // serialises this process's holders of the flock on lock_fd_
};

}  // namespace cdc::store
