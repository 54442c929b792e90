#include "binlog/temporal.h"

namespace cdc::binlog {
namespace {

constexpr uint32_t kMaxMicros = 999999;

uint64_t BigEndian(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
  return v;
}

uint64_t LittleEndian(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

bool ValidDate(uint32_t year, uint32_t month, uint32_t day) { return year <= 9999 && month <= 12 && day <= 31; }

// Reads the unsigned fraction of a 5.6+ temporal and converts it to microseconds. Returns
// false when the stored fraction is out of range for its width.
bool ReadUnsignedFraction(const uint8_t* p, int fsp, uint32_t* micros) {
  switch (FractionBytes(fsp)) {
    case 0: *micros = 0; return true;
    case 1: {
      uint32_t v = p[0];
      if (v > 99) return false;
      *micros = v * 10000;
      return true;
    }
    case 2: {
      uint32_t v = static_cast<uint32_t>(BigEndian(p, 2));
      if (v > 9999) return false;
      *micros = v * 100;
      return true;
    }
    default: {
      uint32_t v = static_cast<uint32_t>(BigEndian(p, 3));
      if (v > kMaxMicros) return false;
      *micros = v;
      return true;
    }
  }
}

}  // namespace

bool DecodeDate(const uint8_t* p, model::PackedDate* out) {
  uint32_t v = static_cast<uint32_t>(LittleEndian(p, 3));
  uint32_t day = v & 31, month = (v >> 5) & 15, year = v >> 9;
  if (!ValidDate(year, month, day)) return false;
  *out = {static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
  return true;
}

bool DecodeTimeOld(const uint8_t* p, model::PackedTime* out) {
  // Field_time::unpack: a sign-extended 3-byte integer holding [-]HHMMSS.
  int32_t v = static_cast<int32_t>(LittleEndian(p, 3));
  if (v & 0x800000) v -= 0x1000000;
  bool negative = v < 0;
  uint32_t magnitude = static_cast<uint32_t>(negative ? -v : v);
  uint32_t hours = magnitude / 10000, minutes = magnitude / 100 % 100, seconds = magnitude % 100;
  if (minutes > 59 || seconds > 59) return false;
  *out = {negative, hours, static_cast<uint8_t>(minutes), static_cast<uint8_t>(seconds), 0};
  return true;
}

bool DecodeTime2(const uint8_t* p, int fsp, model::PackedTime* out) {
  if (fsp < 0 || fsp > kMaxFsp) return false;
  // my_time_packed_from_binary: the packed value is (integer part << 24) + microseconds, both
  // signed; fsp 1-4 store the fraction separately and borrow one second when negative.
  constexpr int64_t kIntOffset = 0x800000;
  constexpr int64_t kFullOffset = 0x800000000000;
  int64_t packed;
  switch (FractionBytes(fsp)) {
    case 0:
      packed = (static_cast<int64_t>(BigEndian(p, 3)) - kIntOffset) * (int64_t{1} << 24);
      break;
    case 1: {
      int64_t int_part = static_cast<int64_t>(BigEndian(p, 3)) - kIntOffset;
      int64_t frac = p[3];
      if (int_part < 0 && frac != 0) {
        int_part++;
        frac -= 0x100;
      }
      if (frac > 99 || frac < -99) return false;
      packed = int_part * (int64_t{1} << 24) + frac * 10000;
      break;
    }
    case 2: {
      int64_t int_part = static_cast<int64_t>(BigEndian(p, 3)) - kIntOffset;
      int64_t frac = static_cast<int64_t>(BigEndian(p + 3, 2));
      if (int_part < 0 && frac != 0) {
        int_part++;
        frac -= 0x10000;
      }
      if (frac > 9999 || frac < -9999) return false;
      packed = int_part * (int64_t{1} << 24) + frac * 100;
      break;
    }
    default:
      packed = static_cast<int64_t>(BigEndian(p, 6)) - kFullOffset;
      break;
  }
  // TIME_from_longlong_time_packed.
  bool negative = packed < 0;
  uint64_t magnitude = negative ? static_cast<uint64_t>(-packed) : static_cast<uint64_t>(packed);
  uint64_t hms = magnitude >> 24;
  uint32_t micros = static_cast<uint32_t>(magnitude & 0xffffff);
  uint32_t hours = static_cast<uint32_t>((hms >> 12) % (1 << 10));
  uint32_t minutes = static_cast<uint32_t>((hms >> 6) % (1 << 6));
  uint32_t seconds = static_cast<uint32_t>(hms % (1 << 6));
  if ((hms >> 22) != 0 || minutes > 59 || seconds > 59 || micros > kMaxMicros) return false;
  *out = {negative, hours, static_cast<uint8_t>(minutes), static_cast<uint8_t>(seconds), micros};
  return true;
}

bool DecodeDateTimeOld(const uint8_t* p, model::PackedDateTime* out) {
  uint64_t v = LittleEndian(p, 8);
  uint64_t date = v / 1000000, time = v % 1000000;
  uint32_t year = static_cast<uint32_t>(date / 10000), month = static_cast<uint32_t>(date / 100 % 100),
           day = static_cast<uint32_t>(date % 100);
  uint32_t hour = static_cast<uint32_t>(time / 10000), minute = static_cast<uint32_t>(time / 100 % 100),
           second = static_cast<uint32_t>(time % 100);
  if (!ValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  *out = {{static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)},
          static_cast<uint8_t>(hour),
          static_cast<uint8_t>(minute),
          static_cast<uint8_t>(second),
          0};
  return true;
}

bool DecodeDateTime2(const uint8_t* p, int fsp, model::PackedDateTime* out) {
  if (fsp < 0 || fsp > kMaxFsp) return false;
  constexpr int64_t kIntOffset = 0x8000000000;
  int64_t int_part = static_cast<int64_t>(BigEndian(p, 5)) - kIntOffset;
  // A DATETIME is never negative; my_datetime_packed_from_binary would produce garbage for it.
  if (int_part < 0) return false;
  uint32_t micros;
  if (!ReadUnsignedFraction(p + 5, fsp, &micros)) return false;
  // TIME_from_longlong_datetime_packed.
  uint64_t ymdhms = static_cast<uint64_t>(int_part);
  uint64_t ymd = ymdhms >> 17, hms = ymdhms % (1 << 17);
  uint64_t ym = ymd >> 5;
  uint32_t day = static_cast<uint32_t>(ymd % 32), month = static_cast<uint32_t>(ym % 13),
           year = static_cast<uint32_t>(ym / 13);
  uint32_t second = static_cast<uint32_t>(hms % 64), minute = static_cast<uint32_t>((hms >> 6) % 64),
           hour = static_cast<uint32_t>(hms >> 12);
  if (!ValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return false;
  *out = {{static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)},
          static_cast<uint8_t>(hour),
          static_cast<uint8_t>(minute),
          static_cast<uint8_t>(second),
          micros};
  return true;
}

bool DecodeTimestampOld(const uint8_t* p, model::PackedTimestamp* out) {
  *out = {static_cast<uint32_t>(LittleEndian(p, 4)), 0};
  return true;
}

bool DecodeTimestamp2(const uint8_t* p, int fsp, model::PackedTimestamp* out) {
  if (fsp < 0 || fsp > kMaxFsp) return false;
  uint32_t micros;
  if (!ReadUnsignedFraction(p + 4, fsp, &micros)) return false;
  *out = {static_cast<uint32_t>(BigEndian(p, 4)), micros};
  return true;
}

}  // namespace cdc::binlog
