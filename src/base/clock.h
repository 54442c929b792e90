#pragma once

#include <chrono>
#include <cstdint>

namespace cdc {

// The wall clock (std::chrono::system_clock) since the Unix epoch: for times that are written down or compared
// with the source's (commit times, file names, ages). Durations are measured with steady_clock instead.
inline int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
inline int64_t WallClockUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace cdc
