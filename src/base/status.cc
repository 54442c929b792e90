#include "base/status.h"

namespace cdc {

Status::Status(Code code, std::string_view what, std::string_view detail) : code_(code), message_(what) {
  if (!detail.empty()) {
    message_.append(": ");
    message_.append(detail);
  }
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.message_.insert(0, ": ");
  copy.message_.insert(0, context);
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out(cdc::ToString(code_));
  out.append(": ");
  out.append(message_);
  return out;
}

std::string_view ToString(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "OK";
    case Status::Code::kInvalidArgument: return "InvalidArgument";
    case Status::Code::kNotFound: return "NotFound";
    case Status::Code::kCorruption: return "Corruption";
    case Status::Code::kIOError: return "IOError";
    case Status::Code::kUnavailable: return "Unavailable";
    case Status::Code::kConflict: return "Conflict";
    case Status::Code::kNotSupported: return "NotSupported";
    case Status::Code::kCancelled: return "Cancelled";
  }
  return "Unknown";
}

}  // namespace cdc
