#pragma once

#include <string>
#include <string_view>

namespace cdc {

// The outcome of an operation that can fail. Callers branch on the code, never on the message:
// the code says how to react (retry, reload, stop). Cheap when OK: no allocation.
//
// Thread-safety: a Status is a value; distinct objects may be used from distinct threads.
class [[nodiscard]] Status {
 public:
  enum class Code : unsigned char {
    kOk,
    kInvalidArgument,  // the caller passed something wrong (bad config, bad flag)
    kNotFound,
    kCorruption,       // outside bytes do not follow their format; stop at this position
    kIOError,          // a local or remote I/O failure that a retry will not fix
    kUnavailable,      // retryable: network, 503, server restart
    kConflict,         // a conditional commit lost a race; reload and retry
    kNotSupported,     // a valid input we do not handle (yet)
    kCancelled,
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kInvalidArgument, what, detail);
  }
  static Status NotFound(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kNotFound, what, detail);
  }
  static Status Corruption(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kCorruption, what, detail);
  }
  static Status IOError(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kIOError, what, detail);
  }
  static Status Unavailable(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kUnavailable, what, detail);
  }
  static Status Conflict(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kConflict, what, detail);
  }
  static Status NotSupported(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kNotSupported, what, detail);
  }
  static Status Cancelled(std::string_view what, std::string_view detail = {}) {
    return Status(Code::kCancelled, what, detail);
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsUnavailable() const { return code_ == Code::kUnavailable; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsNotSupported() const { return code_ == Code::kNotSupported; }
  bool IsCancelled() const { return code_ == Code::kCancelled; }

  // The message without the code name.
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<context>: <message>", same code. Used to add where an
  // error happened (file and offset) as it travels up.
  Status WithContext(std::string_view context) const;

  // "OK" or "<CodeName>: <message>".
  std::string ToString() const;

 private:
  Status(Code code, std::string_view what, std::string_view detail);

  Code code_ = Code::kOk;
  std::string message_;
};

std::string_view ToString(Status::Code code);

}  // namespace cdc

// Returns early from the enclosing function with the status of `expr` when it is not OK.
#define CDC_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::cdc::Status cdc_status_ = (expr);        \
    if (!cdc_status_.ok()) return cdc_status_; \
  } while (0)
