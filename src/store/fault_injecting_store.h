#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/object_store.h"

namespace cdc::store {

// The operations of an ObjectStore, for choosing which calls a fault hits.
enum class StoreOp : uint8_t { kGet, kHead, kPut, kPutFile, kDelete, kList, kMove };
inline constexpr size_t kStoreOpCount = 7;
std::string_view ToString(StoreOp op);

// Forwards every call to `target` (LevelDB's EnvWrapper): subclass it and override the calls to
// change. `target` must outlive the wrapper. Thread-safe when the target is.
class ObjectStoreWrapper : public ObjectStore {
 public:
  explicit ObjectStoreWrapper(ObjectStore* target) : target_(target) {}

  ObjectStore* target() const { return target_; }

  std::string url() const override { return target_->url(); }
  Result<std::string> Get(std::string_view key, ByteRange range = {}) override { return target_->Get(key, range); }
  Result<ObjectInfo> Head(std::string_view key) override { return target_->Head(key); }
  Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) override {
    return target_->Put(key, data, options);
  }
  Result<ObjectInfo> PutFile(std::string_view key, const std::string& path, const PutOptions& options = {}) override {
    return target_->PutFile(key, path, options);
  }
  bool CanShareFilesIn(const std::string& dir) override { return target_->CanShareFilesIn(dir); }
  Status Delete(std::string_view key) override { return target_->Delete(key); }
  Result<ListPage> List(const ListOptions& options) override { return target_->List(options); }
  Status Move(std::string_view from, std::string_view to) override { return target_->Move(from, to); }

 private:
  ObjectStore* target_;
};

// Fails chosen calls to another store, so that tests can stop the lake's commit protocol at each
// step (LevelDB's FaultInjectionTestEnv):
//
//   FaultInjectingStore faulty(&mem);
//   faulty.FailNth(StoreOp::kPut, 2, Status::Unavailable("injected"));  // the 2nd Put from now
//   faulty.CrashAtCall(5);  // call 5 from now and every call after it fail, as if the process died
//
// A fault is checked before the call reaches the target. A failed call does not reach it, unless
// the fault says `after_call`: then the call is made and its result replaced by the error (the
// store changed but the caller was told otherwise, as when a response is lost).
//
// Thread-safe; `target` must outlive the wrapper.
class FaultInjectingStore final : public ObjectStoreWrapper {
 public:
  struct Fault {
    std::optional<StoreOp> op;  // nullopt: calls of every operation
    // Only calls naming a key that starts with this; "" matches every call. List matches on its
    // prefix, Move on either key.
    std::string key_prefix;
    // 0: every matching call. n >= 1: only the nth matching call after AddFault, then never again.
    uint64_t nth = 0;
    bool after_call = false;  // make the call, then return `status`
    // Once this fault fires, every later call of every operation fails with `status` without
    // reaching the target, until ClearFaults.
    bool crash = false;
    Status status = Status::IOError("injected fault");
  };

  explicit FaultInjectingStore(ObjectStore* target) : ObjectStoreWrapper(target) {}

  // Faults are checked in the order added; the first that fires decides the call, but every
  // matching fault counts the call towards its `nth`.
  void AddFault(Fault fault);
  // The nth call of `op` from now fails with `status` without reaching the target.
  void FailNth(StoreOp op, uint64_t nth, Status status);
  // Every call of `op` on a key under `key_prefix` fails with `status`.
  void FailKeys(StoreOp op, std::string key_prefix, Status status);
  // The nth call (any operation) from now, and every call after it, fail with IOError "injected
  // crash"; with `after_call` the nth call itself is still made.
  void CrashAtCall(uint64_t nth, bool after_call = false);
  // Removes every fault and ends a crash; the counters stay.
  void ClearFaults();

  // Calls of `op` since construction, failed ones included.
  uint64_t calls(StoreOp op) const;
  uint64_t total_calls() const;
  // Calls failed by a fault (crashed calls included).
  uint64_t injected() const;
  bool crashed() const;

  Result<std::string> Get(std::string_view key, ByteRange range = {}) override;
  Result<ObjectInfo> Head(std::string_view key) override;
  Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) override;
  Result<ObjectInfo> PutFile(std::string_view key, const std::string& path, const PutOptions& options = {}) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(const ListOptions& options) override;
  Status Move(std::string_view from, std::string_view to) override;

 private:
  struct ArmedFault {
    Fault fault;
    uint64_t seen = 0;  // matching calls since AddFault
    bool spent = false;
  };
  // What to do with one call: pass it, fail it before, or fail it after the target ran it.
  struct Verdict {
    enum class Kind : uint8_t { kPass, kFailBefore, kFailAfter } kind = Kind::kPass;
    Status status;
  };

  Verdict Judge(StoreOp op, std::string_view key, std::string_view other_key = {});
  template <typename Call>
  auto Intercept(StoreOp op, std::string_view key, std::string_view other_key, Call&& call) -> decltype(call());

  mutable std::mutex mutex_;
  std::vector<ArmedFault> faults_;
  std::array<uint64_t, kStoreOpCount> calls_{};
  uint64_t injected_ = 0;
  std::optional<Status> crash_;  // set while crashed
};

}  // namespace cdc::store
