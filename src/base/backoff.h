#pragma once

#include <algorithm>
#include <cstdint>
#include <random>

namespace cdc {

// Exponential backoff with full jitter for retrying a failed operation: the n-th delay is drawn
// uniformly from [cap/2, cap] where cap = min(max_ms, initial_ms * 2^n), so that many clients that
// failed together do not retry in lockstep, yet every wait is at least half the nominal one.
//
// Not thread-safe.
class Backoff {
 public:
  Backoff(uint32_t initial_ms, uint32_t max_ms, uint64_t seed = std::random_device{}())
      : initial_ms_(std::max<uint32_t>(initial_ms, 1)), max_ms_(std::max(max_ms, initial_ms_)), random_(seed) {}

  // The delay before the next attempt, in milliseconds; each call doubles the nominal delay.
  uint32_t NextDelayMs() {
    uint64_t cap = std::min<uint64_t>(max_ms_, uint64_t{initial_ms_} << std::min<uint32_t>(attempts_, 32));
    ++attempts_;
    std::uniform_int_distribution<uint64_t> pick(cap / 2, cap);
    return static_cast<uint32_t>(pick(random_));
  }
  // Attempts since the last Reset.
  uint32_t attempts() const { return attempts_; }
  // After a success: the next failure starts again at the initial delay.
  void Reset() { attempts_ = 0; }

 private:
  uint32_t initial_ms_;
  uint32_t max_ms_;
  uint32_t attempts_ = 0;
  std::mt19937_64 random_;
};

}  // namespace cdc
