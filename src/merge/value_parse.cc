#include "merge/value_parse.h"

#include <arpa/inet.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "merge/civil.h"
#include "model/value.h"

namespace cdc::merge {
namespace {

using model::ValueKind;

Status Bad(const model::ColumnSchema& column_schema, std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 64));
  if (text.size() > 64) shown += "...";
  return Status::Corruption("column " + column_schema.name + " value '" + shown + "'", why);
}

// A whole-text unsigned decimal.
bool ParseU64(std::string_view text, uint64_t* out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

bool ParseI64(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

// Exactly `digits` decimal digits at text[pos].
bool Digits(std::string_view text, size_t pos, size_t digits, uint32_t* out) {
  if (pos + digits > text.size()) return false;
  uint32_t value = 0;
  for (size_t i = pos; i < pos + digits; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + static_cast<uint32_t>(text[i] - '0');
  }
  *out = value;
  return true;
}

// "YYYY-MM-DD" at the start of `text`.
bool ParseDate(std::string_view text, model::PackedDate* date) {
  uint32_t year = 0, month = 0, day = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!Digits(text, 0, 4, &year) || !Digits(text, 5, 2, &month) || !Digits(text, 8, 2, &day)) return false;
  if (month > 12 || day > 31) return false;
  *date = {static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
  return true;
}

// An optional ".f" (1 to 6 digits) that ends the text, as microseconds.
bool ParseFraction(std::string_view rest, uint32_t* micros) {
  *micros = 0;
  if (rest.empty()) return true;
  if (rest[0] != '.' || rest.size() < 2 || rest.size() > 7) return false;
  uint32_t value = 0;
  if (!Digits(rest, 1, rest.size() - 1, &value)) return false;
  for (size_t pad = rest.size() - 1; pad < 6; ++pad) value *= 10;
  *micros = value;
  return true;
}

// "HH:MM:SS[.f]" as the time part of a DATETIME.
bool ParseClock(std::string_view text, uint8_t* hour, uint8_t* minute, uint8_t* second, uint32_t* micros) {
  uint32_t h = 0, m = 0, s = 0;
  if (text.size() < 8 || text[2] != ':' || text[5] != ':') return false;
  if (!Digits(text, 0, 2, &h) || !Digits(text, 3, 2, &m) || !Digits(text, 6, 2, &s)) return false;
  if (h > 23 || m > 59 || s > 59) return false;
  if (!ParseFraction(text.substr(8), micros)) return false;
  *hour = static_cast<uint8_t>(h);
  *minute = static_cast<uint8_t>(m);
  *second = static_cast<uint8_t>(s);
  return true;
}

bool ParseDateTime(std::string_view text, model::PackedDateTime* value) {
  if (text.size() < 19 || text[10] != ' ') return false;
  return ParseDate(text.substr(0, 10), &value->date) &&
         ParseClock(text.substr(11), &value->hour, &value->minute, &value->second, &value->micros);
}

int HexNibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Appends the bytes of hex text to *out; false for an odd length or a non-hex digit.
bool AppendHex(std::string_view text, std::string* out) {
  if (text.size() % 2 != 0) return false;
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = HexNibble(text[i]);
    const int low = HexNibble(text[i + 1]);
    if (high < 0 || low < 0) return false;
    out->push_back(static_cast<char>(high << 4 | low));
  }
  return true;
}

bool ParseFloatText(std::string_view text, double* out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

bool ParseFloat32Text(std::string_view text, float* out) {
  if (text.empty()) return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

bool IsDecimalText(std::string_view text) {
  size_t pos = text.starts_with('-') ? 1 : 0;
  size_t digits = 0;
  bool point = false;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits > 0 && !text.ends_with('.');
}

}  // namespace

Status AppendCellFromText(const model::ColumnSchema& column_schema, std::string_view text, model::ColumnVector* column) {
  switch (column_schema.kind) {
    case ValueKind::kInt64: {
      int64_t value = 0;
      if (!ParseI64(text, &value)) return Bad(column_schema, text, "not a signed integer");
      column->AppendSlot(static_cast<uint64_t>(value));
      return Status::OK();
    }
    case ValueKind::kUInt64:
    case ValueKind::kBit: {
      uint64_t value = 0;
      if (!ParseU64(text, &value)) return Bad(column_schema, text, "not an unsigned integer");
      column->AppendSlot(value);
      return Status::OK();
    }
    case ValueKind::kYear: {
      uint64_t value = 0;
      if (!ParseU64(text, &value) || value > 9999) return Bad(column_schema, text, "not a year");
      column->AppendSlot(value);
      return Status::OK();
    }
    case ValueKind::kFloat: {
      float value = 0;
      if (!ParseFloat32Text(text, &value)) return Bad(column_schema, text, "not a FLOAT");
      column->AppendSlot(std::bit_cast<uint32_t>(value));
      return Status::OK();
    }
    case ValueKind::kDouble: {
      double value = 0;
      if (!ParseFloatText(text, &value)) return Bad(column_schema, text, "not a DOUBLE");
      column->AppendSlot(std::bit_cast<uint64_t>(value));
      return Status::OK();
    }
    case ValueKind::kDecimal:
      if (!IsDecimalText(text)) return Bad(column_schema, text, "not a decimal");
      column->AppendBytes(text);
      return Status::OK();
    case ValueKind::kDate: {
      model::PackedDate date;
      if (text.size() != 10 || !ParseDate(text, &date)) return Bad(column_schema, text, "not a DATE");
      column->AppendSlot(date.Pack());
      return Status::OK();
    }
    case ValueKind::kTime: {
      model::PackedTime time;
      std::string_view rest = text;
      if (rest.starts_with('-')) {
        time.negative = true;
        rest.remove_prefix(1);
      }
      const size_t colon = rest.find(':');
      uint32_t minutes = 0, seconds = 0;
      if (colon == std::string_view::npos || colon < 2 || colon > 4 || !Digits(rest, 0, colon, &time.hours) ||
          rest.size() < colon + 6 || rest[colon + 3] != ':' || !Digits(rest, colon + 1, 2, &minutes) ||
          !Digits(rest, colon + 4, 2, &seconds) || minutes > 59 || seconds > 59 ||
          !ParseFraction(rest.substr(colon + 6), &time.micros)) {
        return Bad(column_schema, text, "not a TIME");
      }
      time.minutes = static_cast<uint8_t>(minutes);
      time.seconds = static_cast<uint8_t>(seconds);
      column->AppendSlot(time.Pack());
      return Status::OK();
    }
    case ValueKind::kDateTime: {
      model::PackedDateTime value;
      if (!ParseDateTime(text, &value)) return Bad(column_schema, text, "not a DATETIME");
      column->AppendSlot(value.Pack());
      return Status::OK();
    }
    case ValueKind::kTimestamp: {
      model::PackedDateTime value;
      if (!ParseDateTime(text, &value)) return Bad(column_schema, text, "not a TIMESTAMP");
      model::PackedTimestamp stamp;
      if (value.date.year == 0 && value.date.month == 0 && value.date.day == 0) {
        stamp.seconds = 0;  // MySQL's zero timestamp
        stamp.micros = value.micros;
      } else {
        if (value.date.month == 0 || value.date.day == 0) return Bad(column_schema, text, "not a TIMESTAMP");
        const int64_t seconds = DaysSinceEpoch(value.date.year, value.date.month, value.date.day) * 86400 +
                                int64_t{value.hour} * 3600 + int64_t{value.minute} * 60 + value.second;
        if (seconds < 0 || seconds > int64_t{UINT32_MAX}) return Bad(column_schema, text, "TIMESTAMP out of range");
        stamp.seconds = static_cast<uint32_t>(seconds);
        stamp.micros = value.micros;
      }
      column->AppendSlot(stamp.Pack());
      return Status::OK();
    }
    case ValueKind::kEnum: {
      const auto& labels = column_schema.labels;
      if (text.empty()) {
        column->AppendSlot(0);
        return Status::OK();
      }
      for (size_t label_idx = 0; label_idx < labels.size(); ++label_idx) {
        if (labels[label_idx] == text) {
          column->AppendSlot(label_idx + 1);
          return Status::OK();
        }
      }
      uint64_t index = 0;
      if (!ParseU64(text, &index)) return Bad(column_schema, text, "not a label of the ENUM");
      column->AppendSlot(index);
      return Status::OK();
    }
    case ValueKind::kSet: {
      const auto& labels = column_schema.labels;
      uint64_t mask = 0;
      bool all_labels = true;
      std::string_view rest = text;
      while (!rest.empty() && all_labels) {
        const size_t comma = rest.find(',');
        const std::string_view label = rest.substr(0, comma);
        bool found = false;
        for (size_t label_idx = 0; label_idx < labels.size() && label_idx < 64; ++label_idx) {
          if (labels[label_idx] == label) {
            mask |= uint64_t{1} << label_idx;
            found = true;
            break;
          }
        }
        all_labels = found;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
        if (rest.empty()) all_labels = false;  // a trailing comma
      }
      if (!all_labels && !ParseU64(text, &mask)) return Bad(column_schema, text, "not labels of the SET");
      column->AppendSlot(mask);
      return Status::OK();
    }
    case ValueKind::kString:
    case ValueKind::kJson:
      column->AppendBytes(text);
      return Status::OK();
    case ValueKind::kBinary:
    case ValueKind::kGeometry: {
      std::string* bytes = column->bytes_buffer();
      if (!AppendHex(text, bytes)) {
        column->AbandonBytes();
        return Bad(column_schema, text, "not hex");
      }
      column->FinishBytes();
      return Status::OK();
    }
    case ValueKind::kUuid: {
      // 8-4-4-4-12 hex digits.
      std::string hex;
      if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
        return Bad(column_schema, text, "not a UUID");
      }
      for (char c : text) {
        if (c != '-') hex.push_back(c);
      }
      std::string* bytes = column->bytes_buffer();
      if (!AppendHex(hex, bytes)) {
        column->AbandonBytes();
        return Bad(column_schema, text, "not a UUID");
      }
      column->FinishBytes();
      return Status::OK();
    }
    case ValueKind::kInet4: {
      uint32_t value = 0;
      std::string_view rest = text;
      for (int part = 0; part < 4; ++part) {
        const size_t dot = rest.find('.');
        if ((part < 3) == (dot == std::string_view::npos)) return Bad(column_schema, text, "not an INET4");
        uint64_t octet = 0;
        const std::string_view digits = rest.substr(0, dot);
        if (digits.size() > 3 || !ParseU64(digits, &octet) || octet > 255) {
          return Bad(column_schema, text, "not an INET4");
        }
        value = value << 8 | static_cast<uint32_t>(octet);
        if (dot != std::string_view::npos) rest.remove_prefix(dot + 1);
      }
      column->AppendSlot(value);
      return Status::OK();
    }
    case ValueKind::kInet6: {
      unsigned char address[16];
      const std::string copy(text);
      if (inet_pton(AF_INET6, copy.c_str(), address) != 1) return Bad(column_schema, text, "not an INET6");
      column->AppendBytes(std::string_view(reinterpret_cast<const char*>(address), sizeof address));
      return Status::OK();
    }
    case ValueKind::kVector: {
      if (text.size() < 2 || text.front() != '[' || text.back() != ']') return Bad(column_schema, text, "not a VECTOR");
      std::string* bytes = column->bytes_buffer();
      std::string_view rest = text.substr(1, text.size() - 2);
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        float value = 0;
        if (!ParseFloat32Text(rest.substr(0, comma), &value)) {
          column->AbandonBytes();
          return Bad(column_schema, text, "not a VECTOR");
        }
        const uint32_t bits = std::bit_cast<uint32_t>(value);
        for (int byte_idx = 0; byte_idx < 4; ++byte_idx) bytes->push_back(static_cast<char>(bits >> (8 * byte_idx)));
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
      }
      column->FinishBytes();
      return Status::OK();
    }
  }
  return Bad(column_schema, text, "unknown value kind");
}

}  // namespace cdc::merge
