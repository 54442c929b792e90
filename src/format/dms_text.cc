#include "format/dms_text.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>

namespace cdc::format {
namespace {

struct UtcTime {
  int64_t year = 1970;
  uint32_t month = 1;
  uint32_t day = 1;
  uint32_t hour = 0;
  uint32_t minute = 0;
  uint32_t second = 0;
  uint32_t micros = 0;
};

UtcTime CivilTime(int64_t micros) {
  using std::chrono::floor;
  // Far enough inside int64 that turning whole days back into microseconds cannot overflow.
  constexpr int64_t kMicrosLimit = int64_t{1} << 62;
  micros = std::clamp(micros, -kMicrosLimit, kMicrosLimit);
  const std::chrono::sys_time<std::chrono::microseconds> time{std::chrono::microseconds{micros}};
  const std::chrono::sys_days day = floor<std::chrono::days>(time);
  const std::chrono::year_month_day date{day};
  const int64_t in_day = (time - day).count();  // microseconds since midnight, even before 1970
  UtcTime t;
  t.year = static_cast<int>(date.year());
  t.month = static_cast<unsigned>(date.month());
  t.day = static_cast<unsigned>(date.day());
  t.hour = static_cast<uint32_t>(in_day / 3'600'000'000);
  t.minute = static_cast<uint32_t>(in_day / 60'000'000 % 60);
  t.second = static_cast<uint32_t>(in_day / 1'000'000 % 60);
  t.micros = static_cast<uint32_t>(in_day % 1'000'000);
  return t;
}

// `value` in decimal, zero-padded on the left to `width` digits.
void AppendPadded(uint64_t value, int width, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  int digits = static_cast<int>(result.ptr - buf);
  if (digits < width) out->append(static_cast<size_t>(width - digits), '0');
  out->append(buf, result.ptr);
}

void AppendYear(int64_t year, std::string* out) {
  if (year < 0) {
    out->push_back('-');
    AppendPadded(static_cast<uint64_t>(-year), 4, out);
    return;
  }
  AppendPadded(static_cast<uint64_t>(year), 4, out);
}

}  // namespace

void AppendUtcTimestamp(int64_t micros, std::string* out) {
  UtcTime t = CivilTime(micros);
  AppendYear(t.year, out);
  out->push_back('-');
  AppendPadded(t.month, 2, out);
  out->push_back('-');
  AppendPadded(t.day, 2, out);
  out->push_back(' ');
  AppendPadded(t.hour, 2, out);
  out->push_back(':');
  AppendPadded(t.minute, 2, out);
  out->push_back(':');
  AppendPadded(t.second, 2, out);
  out->push_back('.');
  AppendPadded(t.micros, 6, out);
}

Status AppendChangeSeq(int64_t commit_time_us, uint64_t seq, std::string* out) {
  constexpr uint64_t kMaxSeq = 9999999999999999999ull;  // 19 digits
  UtcTime t = CivilTime(commit_time_us);
  if (t.year < 0 || t.year > 9999) {
    return Status::InvalidArgument("$AR_H_CHANGE_SEQ", "commit time outside the years 0000..9999");
  }
  if (seq > kMaxSeq) return Status::InvalidArgument("$AR_H_CHANGE_SEQ", "seq has more than 19 digits");
  AppendPadded(static_cast<uint64_t>(t.year), 4, out);
  AppendPadded(t.month, 2, out);
  AppendPadded(t.day, 2, out);
  AppendPadded(t.hour, 2, out);
  AppendPadded(t.minute, 2, out);
  AppendPadded(t.second, 2, out);
  AppendPadded(t.micros / 10000, 2, out);
  AppendPadded(seq, 19, out);
  return Status::OK();
}

}  // namespace cdc::format
