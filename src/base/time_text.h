#pragma once

#include <cstdint>
#include <string>

namespace cdc {

// A time in milliseconds since the epoch as ISO 8601 in UTC with milliseconds, as S3 events and our
// logs print it: "2026-12-07T02:45:00.123Z". Times before the epoch round toward the past.
std::string FormatUtcMillis(int64_t ms);

}  // namespace cdc
