#pragma once

#include <cstdint>
#include <string_view>

namespace cdc::model {

// How a decoded value is stored in a ColumnVector and rendered as text. Chosen once per column
// when a table's decoder is prepared, from the wire type, metadata, signedness and any type hint
// (MariaDB's UUID/INET types come from information_schema, not the binlog).
//
// "slot" kinds keep one uint64_t per cell; "bytes" kinds keep a byte string per cell.
enum class ValueKind : uint8_t {
  kInt64,      // slot: two's complement signed integer
  kUInt64,     // slot: unsigned integer
  kFloat,      // slot: IEEE-754 binary32 bit pattern in the low 32 bits
  kDouble,     // slot: IEEE-754 binary64 bit pattern
  kDecimal,    // bytes: exact decimal text with exactly `scale` fraction digits, e.g. "-12.50"
  kYear,       // slot: 0 or 1901..2155
  kDate,       // slot: PackedDate
  kTime,       // slot: PackedTime
  kDateTime,   // slot: PackedDateTime
  kTimestamp,  // slot: PackedTimestamp (UTC epoch)
  kBit,        // slot: the bits, right-aligned
  kEnum,       // slot: 1-based index into the labels; 0 is MySQL's empty "error" value
  kSet,        // slot: bitmask, bit i = label i
  kString,     // bytes: UTF-8 text, converted from the column's character set
  kBinary,     // bytes: raw bytes (BINARY, VARBINARY, BLOB, and strings in the binary charset)
  kJson,       // bytes: JSON text as MySQL prints it (MySQL binary JSON is converted)
  kGeometry,   // bytes: 4-byte little-endian SRID followed by WKB, as MySQL stores it
  kUuid,       // bytes: 16 bytes in RFC 4122 (text) order
  kInet4,      // slot: IPv4 address, host order
  kInet6,      // bytes: 16 bytes, network order
  kVector,     // bytes: little-endian binary32 values
};

std::string_view ToString(ValueKind kind);
bool IsBytesKind(ValueKind kind);

// Temporal values packed into a slot. Field widths allow every value MySQL can store,
// including zero and partly-zero dates ('2020-00-00') and TIME up to 838:59:59.999999.
struct PackedDate {
  uint16_t year = 0;  // 0..9999
  uint8_t month = 0;  // 0..12
  uint8_t day = 0;    // 0..31
  uint64_t Pack() const { return uint64_t{year} << 9 | uint64_t{month} << 5 | day; }
  static PackedDate Unpack(uint64_t v) {
    return {static_cast<uint16_t>(v >> 9), static_cast<uint8_t>((v >> 5) & 0xf), static_cast<uint8_t>(v & 0x1f)};
  }
};

struct PackedTime {
  bool negative = false;
  uint32_t hours = 0;   // 0..838 (TIME2 can carry up to 1023)
  uint8_t minutes = 0;
  uint8_t seconds = 0;
  uint32_t micros = 0;  // 0..999999
  uint64_t Pack() const {
    return uint64_t{negative} << 63 | uint64_t{hours} << 32 | uint64_t{minutes} << 26 | uint64_t{seconds} << 20 |
           micros;
  }
  static PackedTime Unpack(uint64_t v) {
    return {(v >> 63) != 0, static_cast<uint32_t>((v >> 32) & 0x7fffffff), static_cast<uint8_t>((v >> 26) & 0x3f),
            static_cast<uint8_t>((v >> 20) & 0x3f), static_cast<uint32_t>(v & 0xfffff)};
  }
};

struct PackedDateTime {
  PackedDate date;
  uint8_t hour = 0;
  uint8_t minute = 0;
  uint8_t second = 0;
  uint32_t micros = 0;
  uint64_t Pack() const {
    return date.Pack() << 37 | uint64_t{hour} << 32 | uint64_t{minute} << 26 | uint64_t{second} << 20 | micros;
  }
  static PackedDateTime Unpack(uint64_t v) {
    return {PackedDate::Unpack(v >> 37), static_cast<uint8_t>((v >> 32) & 0x1f), static_cast<uint8_t>((v >> 26) & 0x3f),
            static_cast<uint8_t>((v >> 20) & 0x3f), static_cast<uint32_t>(v & 0xfffff)};
  }
};

// TIMESTAMP: seconds since the epoch (UTC; 0 is MySQL's zero timestamp) and microseconds.
struct PackedTimestamp {
  uint32_t seconds = 0;
  uint32_t micros = 0;
  uint64_t Pack() const { return uint64_t{seconds} << 20 | micros; }
  static PackedTimestamp Unpack(uint64_t v) {
    return {static_cast<uint32_t>(v >> 20), static_cast<uint32_t>(v & 0xfffff)};
  }
};

}  // namespace cdc::model
