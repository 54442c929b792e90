#include "store/mem_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

#include "base/clock.h"
#include "store/store_internal.h"

namespace cdc::store {

namespace {

struct MemObject {
  std::string data;
  std::string etag;
  int64_t modified_ms = 0;
};

ObjectInfo InfoOf(std::string_view key, const MemObject& object) {
  return ObjectInfo{std::string(key), object.data.size(), object.etag, object.modified_ms};
}

Status NotFoundKey(std::string_view op, std::string_view key) {
  return Status::NotFound(std::string(op) + " of key " + internal::QuoteKey(key), "no such object");
}

// The whole file at `path`; NotFound or IOError naming it.
Result<std::string> ReadLocalFile(std::string_view key, const std::string& path) {
  std::string what = "PutFile of key " + internal::QuoteKey(key);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    std::string detail = "source " + path + ": " + std::error_code(err, std::generic_category()).message();
    return err == ENOENT ? Status::NotFound(what, detail) : Status::IOError(what, detail);
  }
  std::string data;
  char buffer[64 * 1024];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Status::IOError(what, "source " + path + ": " + std::error_code(err, std::generic_category()).message());
    }
    if (n == 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return data;
}

}  // namespace

struct MemStore::State {
  std::mutex mutex;
  std::map<std::string, MemObject, std::less<>> objects;  // std::string compares bytes as unsigned
  uint64_t writes = 0;                                    // etag counter

  std::string NextEtag() { return "mem-" + std::to_string(++writes); }
};

MemStore::MemStore() : MemStore("mem://", std::make_shared<State>()) {}

MemStore::MemStore(std::string url, std::shared_ptr<State> state) : url_(std::move(url)), state_(std::move(state)) {}

MemStore::~MemStore() = default;

std::unique_ptr<MemStore> MemStore::OpenNamed(std::string_view name) {
  // Leaked on purpose: named stores live as long as the process, like a directory would.
  static auto* registry_mutex = new std::mutex;
  static auto* registry = new std::map<std::string, std::shared_ptr<State>, std::less<>>;
  std::lock_guard lock(*registry_mutex);
  auto it = registry->find(name);
  if (it == registry->end()) it = registry->emplace(std::string(name), std::make_shared<State>()).first;
  return std::unique_ptr<MemStore>(new MemStore("mem://" + std::string(name), it->second));
}

std::string MemStore::url() const { return url_; }

Result<std::string> MemStore::Get(std::string_view key, ByteRange range) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(state_->mutex);
  auto it = state_->objects.find(key);
  if (it == state_->objects.end()) return NotFoundKey("Get", key);
  const std::string& data = it->second.data;
  CDC_ASSIGN_OR_RETURN(internal::Span span, internal::ClipRange(key, range, data.size()));
  return data.substr(span.begin, span.end - span.begin);
}

Result<ObjectInfo> MemStore::Head(std::string_view key) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(state_->mutex);
  auto it = state_->objects.find(key);
  if (it == state_->objects.end()) return NotFoundKey("Head", key);
  return InfoOf(key, it->second);
}

Result<ObjectInfo> MemStore::Put(std::string_view key, std::string_view data, const PutOptions& options) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  CDC_RETURN_IF_ERROR(internal::CheckPutOptions(key, options));
  std::lock_guard lock(state_->mutex);
  auto it = state_->objects.find(key);
  if (options.if_absent && it != state_->objects.end()) {
    return Status::Conflict("Put of key " + internal::QuoteKey(key), "the key exists (if_absent)");
  }
  if (!options.if_match.empty() && (it == state_->objects.end() || it->second.etag != options.if_match)) {
    return Status::Conflict("Put of key " + internal::QuoteKey(key),
                            it == state_->objects.end() ? "the key does not exist (if_match)"
                                                        : "the etag differs (if_match)");
  }
  if (it == state_->objects.end()) it = state_->objects.emplace(std::string(key), MemObject{}).first;
  it->second.data.assign(data);
  it->second.etag = state_->NextEtag();
  it->second.modified_ms = WallClockMs();
  return InfoOf(key, it->second);
}

Result<ObjectInfo> MemStore::PutFile(std::string_view key, const std::string& path, const PutOptions& options) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  CDC_ASSIGN_OR_RETURN(std::string data, ReadLocalFile(key, path));
  return Put(key, data, options);
}

Status MemStore::Delete(std::string_view key) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  std::lock_guard lock(state_->mutex);
  auto it = state_->objects.find(key);
  if (it != state_->objects.end()) state_->objects.erase(it);
  return Status::OK();
}

Result<ListPage> MemStore::List(const ListOptions& options) {
  CDC_RETURN_IF_ERROR(internal::CheckListOptions(options));
  std::string_view prefix = options.prefix;
  std::string_view after = internal::ListAfter(options);
  ListPage page;
  std::lock_guard lock(state_->mutex);
  auto it = after >= prefix ? state_->objects.upper_bound(after) : state_->objects.lower_bound(prefix);
  for (; it != state_->objects.end() && it->first.starts_with(prefix); ++it) {
    if (page.objects.size() == options.max_keys) {
      page.continuation = page.objects.back().key;
      break;
    }
    page.objects.push_back(InfoOf(it->first, it->second));
  }
  return page;
}

Status MemStore::Move(std::string_view from, std::string_view to) {
  CDC_RETURN_IF_ERROR(ValidateKey(from));
  CDC_RETURN_IF_ERROR(ValidateKey(to));
  std::lock_guard lock(state_->mutex);
  auto source = state_->objects.find(from);
  if (source == state_->objects.end()) {
    if (state_->objects.contains(to)) return Status::OK();  // a redone Move
    return Status::NotFound("Move of key " + internal::QuoteKey(from) + " to " + internal::QuoteKey(to),
                            "neither key exists");
  }
  if (from == to) return Status::OK();
  MemObject object = std::move(source->second);
  state_->objects.erase(source);
  state_->objects.insert_or_assign(std::string(to), std::move(object));
  return Status::OK();
}

}  // namespace cdc::store
