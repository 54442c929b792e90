#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "base/status.h"

namespace cdc {

// Either a value of T or a non-OK Status. Becomes std::expected<T, Status> at C++23.
//
//   Result<EventHeader> header = DecodeEventHeader(in);
//   if (!header.ok()) return header.status();
//   Use(*header);
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!status_.ok() && "a Result built from a Status must hold an error");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace cdc

// Declares `lhs` from a Result expression, or returns its error from the enclosing function.
#define CDC_CONCAT_INNER(a, b) a##b
#define CDC_CONCAT(a, b) CDC_CONCAT_INNER(a, b)
#define CDC_ASSIGN_OR_RETURN(lhs, expr) CDC_ASSIGN_OR_RETURN_IMPL(CDC_CONCAT(cdc_result_, __LINE__), lhs, expr)
#define CDC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()
