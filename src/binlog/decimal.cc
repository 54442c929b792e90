#include "binlog/decimal.h"

#include <array>

namespace cdc::binlog {
namespace {

constexpr int kDigitsPerGroup = 9;
constexpr size_t kGroupBytes = 4;
// Bytes used by a group of 0..9 digits (dig2bytes in strings/decimal.cc).
constexpr std::array<uint8_t, 10> kDigitBytes = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr std::array<uint32_t, 10> kPowersOf10 = {1,      10,      100,      1000,      10000,
                                                  100000, 1000000, 10000000, 100000000, 1000000000};

// Reads `width` (1..4) big-endian bytes starting at p, each XORed with `mask`.
uint32_t ReadGroup(const uint8_t* p, size_t width, uint8_t mask) {
  uint32_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(p[i] ^ mask);
  return v;
}

// Appends `value` as exactly `digits` decimal digits (zero-padded).
void AppendPadded(uint32_t value, int digits, std::string* out) {
  char buf[kDigitsPerGroup];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(buf, static_cast<size_t>(digits));
}

// Appends `value` in decimal without leading zeros (value > 0).
void AppendUnpadded(uint32_t value, std::string* out) {
  char buf[kDigitsPerGroup + 1];
  int pos = static_cast<int>(sizeof(buf));
  do {
    buf[--pos] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  out->append(buf + pos, sizeof(buf) - static_cast<size_t>(pos));
}

}  // namespace

size_t DecimalBinarySize(int precision, int scale) {
  if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision ||
      scale > kMaxDecimalScale) {
    return 0;
  }
  int integer_digits = precision - scale;
  return static_cast<size_t>(integer_digits / kDigitsPerGroup) * kGroupBytes +
         kDigitBytes[integer_digits % kDigitsPerGroup] +
         static_cast<size_t>(scale / kDigitsPerGroup) * kGroupBytes + kDigitBytes[scale % kDigitsPerGroup];
}

bool AppendDecimalText(ByteView bytes, int precision, int scale, std::string* out) {
  size_t size = DecimalBinarySize(precision, scale);
  if (size == 0 || bytes.size() != size) return false;

  // A copy of the first byte with the sign bit restored; the rest is read in place.
  const bool negative = (bytes[0] & 0x80) == 0;
  const uint8_t mask = negative ? 0xff : 0x00;
  uint8_t first_fixed[kGroupBytes] = {};
  const int integer_digits = precision - scale;
  const int leading_digits = integer_digits % kDigitsPerGroup;
  const int integer_groups = integer_digits / kDigitsPerGroup;
  const int fraction_groups = scale / kDigitsPerGroup;
  const int trailing_digits = scale % kDigitsPerGroup;

  // Groups are read in order; the first one read (whichever it is) gets its sign bit restored.
  const uint8_t* p = bytes.data();
  bool first_byte_pending = true;
  auto read = [&](size_t width) {
    uint32_t v;
    if (first_byte_pending) {
      for (size_t i = 0; i < width; ++i) first_fixed[i] = p[i];
      first_fixed[0] ^= 0x80;
      v = ReadGroup(first_fixed, width, mask);
      first_byte_pending = false;
    } else {
      v = ReadGroup(p, width, mask);
    }
    p += width;
    return v;
  };

  if (negative) out->push_back('-');
  bool any_integer_digit = false;
  if (leading_digits > 0) {
    uint32_t v = read(kDigitBytes[leading_digits]);
    if (v >= kPowersOf10[leading_digits]) return false;
    if (v != 0) {
      AppendUnpadded(v, out);
      any_integer_digit = true;
    }
  }
  for (int group_idx = 0; group_idx < integer_groups; ++group_idx) {
    uint32_t v = read(kGroupBytes);
    if (v >= kPowersOf10[kDigitsPerGroup]) return false;
    if (any_integer_digit) {
      AppendPadded(v, kDigitsPerGroup, out);
    } else if (v != 0) {
      AppendUnpadded(v, out);
      any_integer_digit = true;
    }
  }
  if (!any_integer_digit) out->push_back('0');
  if (scale > 0) {
    out->push_back('.');
    for (int group_idx = 0; group_idx < fraction_groups; ++group_idx) {
      uint32_t v = read(kGroupBytes);
      if (v >= kPowersOf10[kDigitsPerGroup]) return false;
      AppendPadded(v, kDigitsPerGroup, out);
    }
    if (trailing_digits > 0) {
      uint32_t v = read(kDigitBytes[trailing_digits]);
      if (v >= kPowersOf10[trailing_digits]) return false;
      AppendPadded(v, trailing_digits, out);
    }
  }
  return true;
}

}  // namespace cdc::binlog
