#pragma once

#include <cstddef>
#include <cstdint>

#include "model/value.h"

namespace cdc::binlog {

// Binary-log forms of the temporal types (MySQL sql-common/my_time.cc my_*_packed_from_binary
// and TIME_from_longlong_*_packed; MariaDB sql/compat56.cc; MySQL sql/field.cc for the pre-5.6
// types). Each decoder takes exactly the value's bytes and returns false when the bytes do not
// encode a value a server can store (month > 12, minute > 59, fraction out of range, ...);
// zero and partly-zero dates ('0000-00-00', '2020-00-00') are valid.

// Fractional-second bytes of the 5.6+ types: fsp 0 -> 0, 1-2 -> 1, 3-4 -> 2, 5-6 -> 3.
inline constexpr size_t FractionBytes(int fsp) { return static_cast<size_t>((fsp + 1) / 2); }
inline constexpr size_t Time2Size(int fsp) { return 3 + FractionBytes(fsp); }
inline constexpr size_t DateTime2Size(int fsp) { return 5 + FractionBytes(fsp); }
inline constexpr size_t Timestamp2Size(int fsp) { return 4 + FractionBytes(fsp); }
inline constexpr int kMaxFsp = 6;

// DATE / NEWDATE: 3 bytes little-endian, day | month << 5 | year << 9.
bool DecodeDate(const uint8_t* p, model::PackedDate* out);

// Pre-5.6 TIME (type 11): 3 bytes little-endian signed integer [-]HHMMSS.
bool DecodeTimeOld(const uint8_t* p, model::PackedTime* out);

// TIME2 (type 19): 3 bytes big-endian, offset 0x800000: sign, 1 unused bit, 10 bits hour,
// 6 bits minute, 6 bits second; then FractionBytes(fsp) big-endian fraction (negative values
// borrow from the integer part, as my_time_packed_from_binary does).
bool DecodeTime2(const uint8_t* p, int fsp, model::PackedTime* out);

// Pre-5.6 DATETIME (type 12): 8 bytes little-endian unsigned YYYYMMDDhhmmss.
bool DecodeDateTimeOld(const uint8_t* p, model::PackedDateTime* out);

// DATETIME2 (type 18): 5 bytes big-endian, offset 0x8000000000: sign, 17 bits year*13+month,
// 5 bits day, 5 bits hour, 6 bits minute, 6 bits second; then the fraction.
bool DecodeDateTime2(const uint8_t* p, int fsp, model::PackedDateTime* out);

// Pre-5.6 TIMESTAMP (type 7): 4 bytes little-endian epoch seconds.
bool DecodeTimestampOld(const uint8_t* p, model::PackedTimestamp* out);

// TIMESTAMP2 (type 17): 4 bytes big-endian epoch seconds, then the fraction (big-endian).
bool DecodeTimestamp2(const uint8_t* p, int fsp, model::PackedTimestamp* out);

}  // namespace cdc::binlog
