#include "store/fault_injecting_store.h"

#include <numeric>
#include <utility>

namespace cdc::store {

std::string_view ToString(StoreOp op) {
  switch (op) {
    case StoreOp::kGet: return "Get";
    case StoreOp::kHead: return "Head";
    case StoreOp::kPut: return "Put";
    case StoreOp::kPutFile: return "PutFile";
    case StoreOp::kDelete: return "Delete";
    case StoreOp::kList: return "List";
    case StoreOp::kMove: return "Move";
  }
  return "Unknown";
}

void FaultInjectingStore::AddFault(Fault fault) {
  std::lock_guard lock(mutex_);
  ArmedFault armed;
  armed.fault = std::move(fault);
  faults_.push_back(std::move(armed));
}

void FaultInjectingStore::FailNth(StoreOp op, uint64_t nth, Status status) {
  Fault fault;
  fault.op = op;
  fault.nth = nth;
  fault.status = std::move(status);
  AddFault(std::move(fault));
}

void FaultInjectingStore::FailKeys(StoreOp op, std::string key_prefix, Status status) {
  Fault fault;
  fault.op = op;
  fault.key_prefix = std::move(key_prefix);
  fault.status = std::move(status);
  AddFault(std::move(fault));
}

void FaultInjectingStore::CrashAtCall(uint64_t nth, bool after_call) {
  Fault fault;
  fault.nth = nth;
  fault.after_call = after_call;
  fault.crash = true;
  fault.status = Status::IOError("injected crash");
  AddFault(std::move(fault));
}

void FaultInjectingStore::ClearFaults() {
  std::lock_guard lock(mutex_);
  faults_.clear();
  crash_.reset();
}

uint64_t FaultInjectingStore::calls(StoreOp op) const {
  std::lock_guard lock(mutex_);
  return calls_[static_cast<size_t>(op)];
}

uint64_t FaultInjectingStore::total_calls() const {
  std::lock_guard lock(mutex_);
  return std::accumulate(calls_.begin(), calls_.end(), uint64_t{0});
}

uint64_t FaultInjectingStore::injected() const {
  std::lock_guard lock(mutex_);
  return injected_;
}

bool FaultInjectingStore::crashed() const {
  std::lock_guard lock(mutex_);
  return crash_.has_value();
}

FaultInjectingStore::Verdict FaultInjectingStore::Judge(StoreOp op, std::string_view key, std::string_view other_key) {
  std::lock_guard lock(mutex_);
  ++calls_[static_cast<size_t>(op)];
  if (crash_) {
    ++injected_;
    return Verdict{Verdict::Kind::kFailBefore, *crash_};
  }
  ArmedFault* fired = nullptr;
  for (ArmedFault& armed : faults_) {
    const Fault& fault = armed.fault;
    if (armed.spent || (fault.op && *fault.op != op)) continue;
    if (!key.starts_with(fault.key_prefix) && !(op == StoreOp::kMove && other_key.starts_with(fault.key_prefix))) {
      continue;
    }
    ++armed.seen;
    if (fault.nth != 0 && armed.seen != fault.nth) continue;
    if (fault.nth != 0) armed.spent = true;
    if (fired == nullptr) fired = &armed;
  }
  if (fired == nullptr) return Verdict{};
  ++injected_;
  const Fault& fault = fired->fault;
  if (fault.crash) crash_ = fault.status;
  return Verdict{fault.after_call ? Verdict::Kind::kFailAfter : Verdict::Kind::kFailBefore, fault.status};
}

template <typename Call>
auto FaultInjectingStore::Intercept(StoreOp op, std::string_view key, std::string_view other_key, Call&& call)
    -> decltype(call()) {
  Verdict verdict = Judge(op, key, other_key);
  if (verdict.kind == Verdict::Kind::kFailBefore) return verdict.status;
  auto result = call();
  if (verdict.kind == Verdict::Kind::kFailAfter) return verdict.status;
  return result;
}

Result<std::string> FaultInjectingStore::Get(std::string_view key, ByteRange range) {
  return Intercept(StoreOp::kGet, key, {}, [&] { return target()->Get(key, range); });
}

Result<ObjectInfo> FaultInjectingStore::Head(std::string_view key) {
  return Intercept(StoreOp::kHead, key, {}, [&] { return target()->Head(key); });
}

Result<ObjectInfo> FaultInjectingStore::Put(std::string_view key, std::string_view data, const PutOptions& options) {
  return Intercept(StoreOp::kPut, key, {}, [&] { return target()->Put(key, data, options); });
}

Result<ObjectInfo> FaultInjectingStore::PutFile(std::string_view key, const std::string& path,
                                                const PutOptions& options) {
  return Intercept(StoreOp::kPutFile, key, {}, [&] { return target()->PutFile(key, path, options); });
}

Status FaultInjectingStore::Delete(std::string_view key) {
  return Intercept(StoreOp::kDelete, key, {}, [&] { return target()->Delete(key); });
}

Result<ListPage> FaultInjectingStore::List(const ListOptions& options) {
  return Intercept(StoreOp::kList, options.prefix, {}, [&] { return target()->List(options); });
}

Status FaultInjectingStore::Move(std::string_view from, std::string_view to) {
  return Intercept(StoreOp::kMove, from, to, [&] { return target()->Move(from, to); });
}

}  // namespace cdc::store
