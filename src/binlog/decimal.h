#pragma once

#include <cstdint>
#include <string>

#include "base/byte_reader.h"

namespace cdc::binlog {

// MySQL's binary DECIMAL format (NEWDECIMAL, type 246), as written by decimal2bin and read by
// bin2decimal in strings/decimal.cc (MySQL and MariaDB share it):
//
//   The digits are split around the decimal point into groups of 9, each stored big-endian in
//   4 bytes. A leading integer group and a trailing fraction group with fewer than 9 digits use
//   the smallest width that holds them: 1-2 digits -> 1 byte, 3-4 -> 2, 5-6 -> 3, 7-9 -> 4.
//   Layout: [partial integer group][full integer groups][full fraction groups][partial fraction]
//   The most significant bit of the first byte is inverted (1 = non-negative); a negative value
//   additionally has every byte inverted.
//
// Limits: precision 1..65, scale 0..min(precision, 38) (MySQL allows scale up to 30, MariaDB 38).
inline constexpr int kMaxDecimalPrecision = 65;
inline constexpr int kMaxDecimalScale = 38;

// The number of bytes of a DECIMAL(precision, scale) value, or 0 when precision/scale are out
// of range (precision < 1 or > 65, scale > precision or > 38).
size_t DecimalBinarySize(int precision, int scale);

// Appends the value's exact text to *out: an optional '-', the integer digits without leading
// zeros ("0" when there are none), and, when scale > 0, '.' followed by exactly `scale` digits.
// A negative zero keeps its sign ("-0.00"), as MySQL's decimal2string prints it.
// `bytes` must be exactly DecimalBinarySize(precision, scale) long. Returns false (leaving *out
// with a partial append the caller truncates) when a 9-digit group holds a value above 999999999
// or a partial group exceeds its digit count -- bytes no server writes.
bool AppendDecimalText(ByteView bytes, int precision, int scale, std::string* out);

}  // namespace cdc::binlog
