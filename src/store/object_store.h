#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace cdc::store {

// What a store knows about one object.
struct ObjectInfo {
  std::string key;
  uint64_t size = 0;
  // An opaque version tag that changes with every write of the key (S3: the ETag; LocalStore: made of
  // inode, mtime in ns and size; MemStore: a write counter). A Move carries it to the new key.
  // Conditional writes compare it.
  std::string etag;
  int64_t modified_ms = 0;  // last write, ms since the epoch
};

// A byte range of an object for a ranged Get: [offset, offset + length); length 0 means to the end.
// A range reaching past the end is cut there; one starting past the end is InvalidArgument.
struct ByteRange {
  uint64_t offset = 0;
  uint64_t length = 0;
};

// Preconditions of a write, and how PutFile may treat its source.
struct PutOptions {
  // Fail with Conflict when the key exists (S3 `If-None-Match: *`). S3Store alone takes a key that
  // already holds exactly the bytes being written for this very write (an attempt whose answer was
  // lost, which libcurl may even resend unseen) and returns success: callers treat identical bytes
  // as written anyway (lake::LakeWriter's PutIfAbsentOrSame).
  bool if_absent = false;
  // Fail with Conflict unless the key exists with this etag (S3 `If-Match`; the same S3Store
  // exception). Empty: no check.
  std::string if_match;
  // PutFile only: the source file is sealed -- nobody writes to it any more; the caller may still
  // delete or rename it. A store may then make the object share the file's data instead of copying it
  // (LocalStore on the same file system: link(2)), so the object would change with the file. Put one
  // sealed file under one key (retrying that put is fine). Other stores copy as usual.
  bool share_source = false;

  static PutOptions IfAbsent() {
    PutOptions options;
    options.if_absent = true;
    return options;
  }
  static PutOptions IfMatch(std::string etag) {
    PutOptions options;
    options.if_match = std::move(etag);
    return options;
  }
};

// One page of a listing, keys in ascending byte order.
struct ListPage {
  std::vector<ObjectInfo> objects;
  // Non-empty when more keys follow: pass it back as `continuation`.
  std::string continuation;
};

struct ListOptions {
  std::string prefix;       // only keys starting with this
  std::string start_after;  // only keys sorting after this (S3 StartAfter)
  std::string continuation; // from the previous page
  uint32_t max_keys = 1000;  // 0 is InvalidArgument
};

// A flat key -> bytes store: a local directory, an S3 bucket prefix, or memory. Keys are relative,
// '/'-separated, never start with '/', and never contain "." or ".." segments (InvalidArgument).
//
// Every write is atomic: a reader sees the old object, the new one, or none, never a part.
// Errors: NotFound (no such key), Conflict (a precondition failed), Unavailable (retryable:
// network, 5xx, throttling), IOError (not retryable), InvalidArgument (a bad key).
//
// Thread-safe: implementations may be called from several threads at once.
class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Where the store points, as a URL: "file:///var/lib/lake", "s3://bucket/prefix", "mem://".
  virtual std::string url() const = 0;

  // The whole object, or `range` of it. NotFound when the key does not exist.
  virtual Result<std::string> Get(std::string_view key, ByteRange range = {}) = 0;
  // The object's metadata. NotFound when the key does not exist.
  virtual Result<ObjectInfo> Head(std::string_view key) = 0;
  // Writes `data` under `key`, replacing what is there unless `options` say otherwise.
  virtual Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) = 0;
  // Writes the local file at `path` under `key` (for large objects: streamed, multipart on S3).
  virtual Result<ObjectInfo> PutFile(std::string_view key, const std::string& path,
                                     const PutOptions& options = {}) = 0;
  // Whether a PutFile with `share_source` of a file in the local directory `dir` would share the
  // file's data rather than copy it (LocalStore: `dir` is on the store's file system). A hint for
  // the writer of such files, e.g. to start writing them to disk early; false when unknown.
  virtual bool CanShareFilesIn(const std::string& /*dir*/) { return false; }
  // Removes `key`. OK when it does not exist.
  virtual Status Delete(std::string_view key) = 0;
  // One page of keys under options.prefix.
  virtual Result<ListPage> List(const ListOptions& options) = 0;
  // Makes the object at `from` visible at `to` and removes `from` (file: rename(2); S3: CopyObject
  // then DeleteObject). Idempotent, for redoing a publish after a crash: OK when `from` is gone and
  // `to` exists. NotFound when neither exists. Overwrites `to`.
  virtual Status Move(std::string_view from, std::string_view to) = 0;
};

// OK when `key` may name an object in every store: 1 to 1024 bytes (the S3 limit), '/'-separated
// segments that are neither empty ("a//b", "a/") nor "." or "..", no leading '/', no NUL byte.
// InvalidArgument naming the key otherwise. Every store checks each key it is given with it.
Status ValidateKey(std::string_view key);

// Every key under `prefix` (all pages), in ascending order.
Result<std::vector<ObjectInfo>> ListAll(ObjectStore& store, std::string_view prefix, std::string_view start_after = {});

// Opens the store a URL names: "file:///abs/dir" (LocalStore; the directory is created), "mem://"
// (a new empty MemStore, for tests), "mem://<name>" (the MemStore of that name in this process,
// created on first use, so that a test can reopen a lake by its URL), "s3://bucket[/prefix]"
// (S3Store; endpoint, region and credentials from the environment: S3OptionsFromUrl).
// InvalidArgument for anything else, naming the URL.
Result<std::unique_ptr<ObjectStore>> OpenStore(std::string_view url);

}  // namespace cdc::store
