#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "store/object_store.h"

namespace cdc::store {

// An ObjectStore in memory ("mem://"), with the same semantics as the others, for unit tests of the
// layers above. Etags are "mem-<n>" from a counter of writes; a Move carries the etag along.
//
// Thread-safe (one mutex). Handles opened with OpenNamed on one name share their objects, which
// live until the process exits; a default-constructed store's objects die with it.
class MemStore final : public ObjectStore {
 public:
  // An empty store of its own; url() is "mem://".
  MemStore();
  ~MemStore() override;

  // The store of `name` in this process (created empty on first use); url() is "mem://<name>".
  static std::unique_ptr<MemStore> OpenNamed(std::string_view name);

  std::string url() const override;
  Result<std::string> Get(std::string_view key, ByteRange range = {}) override;
  Result<ObjectInfo> Head(std::string_view key) override;
  Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) override;
  // Reads the whole file into memory; NotFound naming `path` when it does not exist.
  Result<ObjectInfo> PutFile(std::string_view key, const std::string& path, const PutOptions& options = {}) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(const ListOptions& options) override;
  Status Move(std::string_view from, std::string_view to) override;

 private:
  struct State;
  MemStore(std::string url, std::shared_ptr<State> state);

  std::string url_;
  std::shared_ptr<State> state_;
};

}  // namespace cdc::store
