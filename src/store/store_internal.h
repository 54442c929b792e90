#pragma once

// Checks shared by the store implementations in this folder; not part of the store interface.

#include <string>
#include <string_view>

#include "base/status.h"
#include "store/object_store.h"

namespace cdc::store::internal {

// InvalidArgument when a write's preconditions contradict each other (if_absent with if_match).
Status CheckPutOptions(std::string_view key, const PutOptions& options);

// InvalidArgument when max_keys is 0.
Status CheckListOptions(const ListOptions& options);

// Keys of a listing sort after this: the larger of start_after and continuation (our continuation
// tokens are the last key of the previous page).
std::string_view ListAfter(const ListOptions& options);

// The part of `range` inside an object of `size` bytes, as [begin, end). InvalidArgument naming the
// key when the range starts past the end.
struct Span {
  uint64_t begin = 0;
  uint64_t end = 0;
};
Result<Span> ClipRange(std::string_view key, ByteRange range, uint64_t size);

// "'<key>'" with control bytes escaped as \xHH, for error messages.
std::string QuoteKey(std::string_view key);

}  // namespace cdc::store::internal
