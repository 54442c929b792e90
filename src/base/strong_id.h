#pragma once

#include <compare>
#include <functional>
#include <utility>

namespace cdc {

// A value of type T that only converts to and from T explicitly, so that a TableId is never
// passed where a ServerId is expected (Redpanda's named_type). Tag is an empty struct.
template <typename T, typename Tag>
class StrongId {
 public:
  using ValueType = T;
  StrongId() = default;
  explicit StrongId(T value) : value_(std::move(value)) {}
  const T& value() const { return value_; }
  auto operator<=>(const StrongId&) const = default;

 private:
  T value_{};
};

}  // namespace cdc

template <typename T, typename Tag>
struct std::hash<cdc::StrongId<T, Tag>> {
  size_t operator()(const cdc::StrongId<T, Tag>& id) const { return std::hash<T>{}(id.value()); }
};
