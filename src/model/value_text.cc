#include "model/value_text.h"

#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

// The text form of every ValueKind (docs/value-text.md). Everything is written with std::to_chars
// or by hand into stack buffers; the only allocation is *out growing.
//
// Facts followed: MySQL/MariaDB strings/dtoa.c my_gcvt (how SELECT lays out FLOAT/DOUBLE digits:
// fixed notation unless the decimal point lies beyond 10^15 or below 10^-15, exponent written
// "e[-]N"); MariaDB plugin/type_inet (INET6 text: the longest run of zero groups, the first on a
// tie, even a single group, becomes "::"; "::a.b.c.d" and "::ffff:a.b.c.d" forms when the first
// 6 groups, or the first 5 and then ffff, are the whole zero run); MySQL's temporal text forms
// (sql-common/my_time.cc my_time_to_str and friends).

namespace cdc::model {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";
constexpr char kLowerHex[] = "0123456789abcdef";

void AppendUnsigned(uint64_t value, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, result.ptr);
}

void AppendSigned(int64_t value, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  out->append(buf, result.ptr);
}

// `value` in decimal, left-padded with zeros to at least `width` digits.
void AppendPadded(uint64_t value, int width, std::string* out) {
  char buf[24];
  auto result = std::to_chars(buf, buf + sizeof(buf), value);
  int digits = static_cast<int>(result.ptr - buf);
  if (digits < width) out->append(static_cast<size_t>(width - digits), '0');
  out->append(buf, result.ptr);
}

// "." and the first `fsp` digits of the 6-digit microseconds; nothing when fsp is 0.
void AppendFraction(uint32_t micros, int fsp, std::string* out) {
  if (fsp <= 0) return;
  char digits[6];
  uint32_t rest = micros % 1000000;
  for (int k = 5; k >= 0; --k) {
    digits[k] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
  out->push_back('.');
  out->append(digits, static_cast<size_t>(fsp));
}

// Fractional-second precision of a temporal column: the TABLE_MAP metadata of the 5.6+ types
// (binlog/table_map.h), 0 for the old TIME/DATETIME/TIMESTAMP and for DATE.
int FractionDigits(const ColumnSchema& column) {
  switch (column.type) {
    case FieldType::kTime2:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp2:
      return column.meta > 6 ? 6 : static_cast<int>(column.meta);
    default:
      return 0;
  }
}

void AppendDate(PackedDate date, std::string* out) {
  AppendPadded(date.year, 4, out);
  out->push_back('-');
  AppendPadded(date.month, 2, out);
  out->push_back('-');
  AppendPadded(date.day, 2, out);
}

void AppendClock(uint64_t hours, uint32_t minutes, uint32_t seconds, std::string* out) {
  AppendPadded(hours, 2, out);
  out->push_back(':');
  AppendPadded(minutes, 2, out);
  out->push_back(':');
  AppendPadded(seconds, 2, out);
}

void AppendDateTime(const PackedDateTime& value, int fsp, std::string* out) {
  AppendDate(value.date, out);
  out->push_back(' ');
  AppendClock(value.hour, value.minute, value.second, out);
  AppendFraction(value.micros, fsp, out);
}

// Proleptic Gregorian date of `days` since 1970-01-01 (days >= 0), by the era arithmetic of
// H. Hinnant's "chrono-compatible low-level date algorithms" (civil_from_days).
PackedDate CivilFromDays(int64_t days) {
  days += 719468;  // shift the epoch to 0000-03-01
  const int64_t era = days / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
  const int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  const int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return {static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
}

void AppendTimestamp(PackedTimestamp value, int fsp, std::string* out) {
  PackedDateTime datetime;  // all zero: MySQL's zero timestamp is epoch second 0
  if (value.seconds != 0) {
    datetime.date = CivilFromDays(value.seconds / 86400);
    uint32_t second_of_day = value.seconds % 86400;
    datetime.hour = static_cast<uint8_t>(second_of_day / 3600);
    datetime.minute = static_cast<uint8_t>(second_of_day / 60 % 60);
    datetime.second = static_cast<uint8_t>(second_of_day % 60);
  }
  datetime.micros = value.micros;
  AppendDateTime(datetime, fsp, out);
}

void AppendTime(PackedTime value, int fsp, std::string* out) {
  if (value.negative) out->push_back('-');
  AppendClock(value.hours, value.minutes, value.seconds, out);
  AppendFraction(value.micros, fsp, out);
}

// Shortest digits that read back to the same T, laid out as my_gcvt does.
template <typename T>
void AppendFloating(T value, std::string* out) {
  if (std::isnan(value)) {
    out->append("nan");
    return;
  }
  if (std::isinf(value)) {
    out->append(value < 0 ? "-inf" : "inf");
    return;
  }
  if (value == 0) {
    out->append(std::signbit(value) ? "-0" : "0");
    return;
  }
  // Scientific form of the shortest round-trip representation: [-]d[.ddd]e(+|-)XX.
  char sci[64];
  auto result = std::to_chars(sci, sci + sizeof(sci), value, std::chars_format::scientific);
  const char* p = sci;
  const char* end = result.ptr;
  bool negative = *p == '-';
  if (negative) ++p;
  char digits[32];
  int digit_count = 0;
  while (p < end && *p != 'e') {
    if (*p != '.') digits[digit_count++] = *p;
    ++p;
  }
  int exponent = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exponent);
  const int point = exponent + 1;  // value = 0.digits * 10^point

  if (negative) out->push_back('-');
  constexpr int kMaxPointForFixed = 15;  // MAX_DECPT_FOR_F_FORMAT (DBL_DIG)
  if (point >= -kMaxPointForFixed + 1 && (point <= kMaxPointForFixed || digit_count > point)) {
    if (point <= 0) {
      out->append("0.");
      out->append(static_cast<size_t>(-point), '0');
      out->append(digits, static_cast<size_t>(digit_count));
    } else if (point < digit_count) {
      out->append(digits, static_cast<size_t>(point));
      out->push_back('.');
      out->append(digits + point, static_cast<size_t>(digit_count - point));
    } else {
      out->append(digits, static_cast<size_t>(digit_count));
      out->append(static_cast<size_t>(point - digit_count), '0');
    }
    return;
  }
  out->push_back(digits[0]);
  if (digit_count > 1) {
    out->push_back('.');
    out->append(digits + 1, static_cast<size_t>(digit_count - 1));
  }
  out->push_back('e');
  AppendSigned(exponent, out);
}

float FloatFromBits(uint32_t bits) {
  return std::bit_cast<float>(bits);
}
double DoubleFromBits(uint64_t bits) {
  return std::bit_cast<double>(bits);
}

void AppendHex(std::string_view bytes, const char* alphabet, std::string* out) {
  size_t start = out->size();
  out->resize(start + bytes.size() * 2);
  char* p = out->data() + start;
  for (unsigned char byte : bytes) {
    *p++ = alphabet[byte >> 4];
    *p++ = alphabet[byte & 0xF];
  }
}

void AppendUuid(std::string_view bytes, std::string* out) {
  if (bytes.size() != 16) {  // never produced by the decoders; keep every byte
    AppendHex(bytes, kUpperHex, out);
    return;
  }
  AppendHex(bytes.substr(0, 4), kLowerHex, out);
  out->push_back('-');
  AppendHex(bytes.substr(4, 2), kLowerHex, out);
  out->push_back('-');
  AppendHex(bytes.substr(6, 2), kLowerHex, out);
  out->push_back('-');
  AppendHex(bytes.substr(8, 2), kLowerHex, out);
  out->push_back('-');
  AppendHex(bytes.substr(10, 6), kLowerHex, out);
}

void AppendDottedQuad(uint32_t address, std::string* out) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    AppendUnsigned((address >> shift) & 0xFF, out);
    if (shift != 0) out->push_back('.');
  }
}

void AppendHexGroup(uint32_t group, std::string* out) {
  char buf[8];
  auto result = std::to_chars(buf, buf + sizeof(buf), group, 16);  // lowercase, no leading zeros
  out->append(buf, result.ptr);
}

void AppendInet6(std::string_view bytes, std::string* out) {
  if (bytes.size() != 16) {  // never produced by the decoders; keep every byte
    AppendHex(bytes, kUpperHex, out);
    return;
  }
  uint32_t groups[8];
  for (int k = 0; k < 8; ++k) {
    groups[k] = uint32_t{static_cast<uint8_t>(bytes[2 * k])} << 8 | static_cast<uint8_t>(bytes[2 * k + 1]);
  }
  // The longest run of zero groups (the first one on a tie), however short.
  int run_start = -1;
  int run_length = 0;
  for (int k = 0; k < 8;) {
    if (groups[k] != 0) {
      ++k;
      continue;
    }
    int length = 0;
    while (k + length < 8 && groups[k + length] == 0) ++length;
    if (length > run_length) {
      run_start = k;
      run_length = length;
    }
    k += length;
  }
  if (run_start == 0 && (run_length == 6 || (run_length == 5 && groups[5] == 0xFFFF))) {
    out->append(run_length == 6 ? "::" : "::ffff:");
    uint32_t v4 = groups[6] << 16 | groups[7];
    AppendDottedQuad(v4, out);
    return;
  }
  for (int k = 0; k < 8; ++k) {
    if (k == run_start) {
      out->append("::");
      k += run_length - 1;
      continue;
    }
    if (k != 0 && k != run_start + run_length) out->push_back(':');
    AppendHexGroup(groups[k], out);
  }
}

void AppendVector(std::string_view bytes, std::string* out) {
  if (bytes.size() % 4 != 0) {  // never produced by the decoders; keep every byte
    AppendHex(bytes, kUpperHex, out);
    return;
  }
  out->push_back('[');
  for (size_t offset = 0; offset < bytes.size(); offset += 4) {
    if (offset != 0) out->push_back(',');
    uint32_t bits = 0;
    for (int k = 3; k >= 0; --k)
      bits = bits << 8 | static_cast<uint8_t>(bytes[offset + static_cast<size_t>(k)]);
    AppendFloating(FloatFromBits(bits), out);
  }
  out->push_back(']');
}

void AppendEnum(const ColumnSchema& column, uint64_t index, std::string* out) {
  if (column.labels.empty() || index > column.labels.size()) {  // labels unknown: the index, 0 included
    AppendUnsigned(index, out);
    return;
  }
  if (index == 0) return;  // MySQL's empty "error" value
  out->append(column.labels[index - 1]);
}

void AppendSet(const ColumnSchema& column, uint64_t bits, std::string* out) {
  const size_t label_count = column.labels.size();
  bool labels_cover = label_count != 0 && (label_count >= 64 || (bits >> label_count) == 0);
  if (!labels_cover) {
    AppendUnsigned(bits, out);
    return;
  }
  bool first = true;
  for (size_t label_idx = 0; label_idx < label_count && label_idx < 64; ++label_idx) {
    if ((bits >> label_idx & 1) == 0) continue;
    if (!first) out->push_back(',');
    out->append(column.labels[label_idx]);
    first = false;
  }
}

}  // namespace

void AppendValueText(const ColumnSchema& column_schema, const ColumnVector& column, size_t i,
                     std::string* out) {
  assert(column.is_value(i));
  switch (column_schema.kind) {
    case ValueKind::kInt64:
      AppendSigned(static_cast<int64_t>(column.slot(i)), out);
      return;
    case ValueKind::kUInt64:
    case ValueKind::kBit:
      AppendUnsigned(column.slot(i), out);
      return;
    case ValueKind::kFloat:
      AppendFloating(FloatFromBits(static_cast<uint32_t>(column.slot(i))), out);
      return;
    case ValueKind::kDouble:
      AppendFloating(DoubleFromBits(column.slot(i)), out);
      return;
    case ValueKind::kYear:
      AppendPadded(column.slot(i), 4, out);
      return;
    case ValueKind::kDate:
      AppendDate(PackedDate::Unpack(column.slot(i)), out);
      return;
    case ValueKind::kTime:
      AppendTime(PackedTime::Unpack(column.slot(i)), FractionDigits(column_schema), out);
      return;
    case ValueKind::kDateTime:
      AppendDateTime(PackedDateTime::Unpack(column.slot(i)), FractionDigits(column_schema), out);
      return;
    case ValueKind::kTimestamp:
      AppendTimestamp(PackedTimestamp::Unpack(column.slot(i)), FractionDigits(column_schema), out);
      return;
    case ValueKind::kEnum:
      AppendEnum(column_schema, column.slot(i), out);
      return;
    case ValueKind::kSet:
      AppendSet(column_schema, column.slot(i), out);
      return;
    case ValueKind::kInet4:
      AppendDottedQuad(static_cast<uint32_t>(column.slot(i)), out);
      return;
    case ValueKind::kDecimal:
    case ValueKind::kString:
    case ValueKind::kJson:
      out->append(column.bytes(i));
      return;
    case ValueKind::kBinary:
    case ValueKind::kGeometry:
      AppendHex(column.bytes(i), kUpperHex, out);
      return;
    case ValueKind::kUuid:
      AppendUuid(column.bytes(i), out);
      return;
    case ValueKind::kInet6:
      AppendInet6(column.bytes(i), out);
      return;
    case ValueKind::kVector:
      AppendVector(column.bytes(i), out);
      return;
  }
}

}  // namespace cdc::model
