#include "harness/value_oracle.h"

#include <arpa/inet.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "harness/process.h"

namespace cdc::harness {
namespace {

// Code points of latin1 bytes 0x80..0x9F (MySQL's cp1252 variant, strings/ctype-latin1.c).
constexpr uint16_t kLatin1High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string Show(const Cell& cell) {
  if (!cell) return "NULL";
  constexpr size_t kMax = 120;
  std::string text = *cell;
  std::string shown;
  std::string head = text.substr(0, kMax);
  for (size_t i = 0; i < head.size(); ++i) {
    auto byte = static_cast<unsigned char>(head[i]);
    auto next = i + 1 < head.size() ? static_cast<unsigned char>(head[i + 1]) : 0;
    char buf[16];
    if (byte < 0x20 || byte == 0x7f) {
      std::snprintf(buf, sizeof(buf), "\\x%02x", byte);
      shown += buf;
    } else if (byte == 0xC2 && next >= 0x80 && next <= 0x9F) {  // invisible C1 controls, e.g. U+0080
      std::snprintf(buf, sizeof(buf), "\\u%04x", next);
      shown += buf;
      ++i;
    } else {
      shown += head[i];
    }
  }
  if (text.size() > kMax) shown += "...(" + std::to_string(text.size()) + " bytes)";
  return "'" + shown + "'";
}

std::string Describe(const ColumnInfo& column, std::string_view oracle, const std::string& expected,
                     const Cell& decoded) {
  return "column " + column.name + " (" + column.column_type + "): " + std::string(oracle) + " says " + expected +
         ", decoded " + Show(decoded);
}

bool ParseDouble(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

bool IsUtf8Charset(std::string_view charset) {
  return charset == "utf8mb4" || charset == "utf8mb3" || charset == "utf8" || charset == "ascii";
}

}  // namespace

std::string Latin1ToUtf8(std::string_view latin1) {
  std::string out;
  for (char c : latin1) {
    auto byte = static_cast<unsigned char>(c);
    uint32_t cp = byte >= 0x80 && byte <= 0x9F ? kLatin1High[byte - 0x80] : byte;
    AppendUtf8(cp, &out);
  }
  return out;
}

bool Utf8ToLatin1(std::string_view utf8, std::string* latin1) {
  latin1->clear();
  size_t i = 0;
  while (i < utf8.size()) {
    auto b0 = static_cast<unsigned char>(utf8[i]);
    uint32_t cp = 0;
    size_t len = 0;
    if (b0 < 0x80) {
      cp = b0, len = 1;
    } else if ((b0 & 0xE0) == 0xC0) {
      cp = b0 & 0x1F, len = 2;
    } else if ((b0 & 0xF0) == 0xE0) {
      cp = b0 & 0x0F, len = 3;
    } else if ((b0 & 0xF8) == 0xF0) {
      cp = b0 & 0x07, len = 4;
    } else {
      return false;
    }
    if (i + len > utf8.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      auto b = static_cast<unsigned char>(utf8[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3F);
    }
    i += len;
    int byte = -1;
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      byte = static_cast<int>(cp);
    } else {
      for (int k = 0; k < 32; ++k) {
        if (kLatin1High[k] == cp) byte = 0x80 + k;
      }
    }
    if (byte < 0) return false;
    *latin1 += static_cast<char>(byte);
  }
  return true;
}

std::string HexUpper(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
  }
  return out;
}

bool FromHex(std::string_view hex, std::string* bytes) {
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) return false;
  bytes->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = digit(hex[i]);
    int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    *bytes += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

std::optional<std::string> EpochToUtcText(std::string_view epoch) {
  std::string_view seconds_text = epoch;
  std::string_view fraction;
  size_t dot = epoch.find('.');
  if (dot != std::string_view::npos) {
    seconds_text = epoch.substr(0, dot);
    fraction = epoch.substr(dot + 1);
  }
  if (seconds_text.empty()) return std::nullopt;
  uint64_t seconds = 0;
  for (char c : seconds_text) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + static_cast<uint64_t>(c - '0');
  }
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::string text;
  if (seconds == 0) {
    text = "0000-00-00 00:00:00";
  } else {
    time_t t = static_cast<time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[96];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec);
    text = buf;
  }
  if (!fraction.empty()) text += "." + std::string(fraction);
  return text;
}

std::optional<uint64_t> BitsToUnsigned(std::string_view bits, bool little_endian_bytes) {
  if (bits.size() > 64) return std::nullopt;
  if (!little_endian_bytes) {
    uint64_t value = 0;
    for (char c : bits) value = value << 1 | (c == '1' ? 1u : 0u);
    return value;
  }
  // my_b_write_bit prints byte 0 first, each byte most significant bit first; SET is stored
  // little-endian, so byte i holds bits 8i..8i+7 of the value.
  if (bits.size() % 8 != 0) return std::nullopt;
  uint64_t value = 0;
  for (size_t byte_idx = 0; byte_idx * 8 < bits.size(); ++byte_idx) {
    uint64_t byte = 0;
    for (size_t bit_idx = 0; bit_idx < 8; ++bit_idx) byte = byte << 1 | (bits[byte_idx * 8 + bit_idx] == '1');
    value |= byte << (8 * byte_idx);
  }
  return value;
}

std::optional<std::string> ExtendedTextToBytes(std::string_view data_type, std::string_view text) {
  std::string owned(text);
  if (data_type == "uuid") {
    // MariaDB 10.11 writes UUID row images in text order (observed: '00112233-4455-...' -> 00 11 22 33 ...).
    std::string hex;
    for (char c : text) {
      if (c != '-') hex += c;
    }
    std::string bytes;
    if (hex.size() != 32 || !FromHex(hex, &bytes)) return std::nullopt;
    return bytes;
  }
  if (data_type == "inet4") {
    unsigned char buf[4];
    if (inet_pton(AF_INET, owned.c_str(), buf) != 1) return std::nullopt;
    return std::string(reinterpret_cast<char*>(buf), 4);
  }
  if (data_type == "inet6") {
    unsigned char buf[16];
    if (inet_pton(AF_INET6, owned.c_str(), buf) != 1) return std::nullopt;
    return std::string(reinterpret_cast<char*>(buf), 16);
  }
  return std::nullopt;
}

std::string SelectExpression(const ColumnInfo& column) {
  std::string quoted = "`" + column.name + "`";
  if (column.IsBinary() || column.IsGeometry()) return "HEX(" + quoted + ")";
  if (column.data_type == "bit") return "CAST(" + quoted + " AS UNSIGNED)";
  return quoted;
}

std::string NumberToLabels(const ColumnInfo& column, uint64_t number, bool server_labels) {
  const std::vector<std::string>& labels = server_labels ? column.server_labels : column.labels;
  if (column.data_type == "enum") {
    if (number > labels.size()) return std::to_string(number);  // no such label: the decimal index
    return number == 0 ? std::string() : labels[number - 1];
  }
  if (labels.size() < 64 && (number >> labels.size()) != 0) return std::to_string(number);  // a bit without a label
  std::string text;
  for (size_t label_idx = 0; label_idx < labels.size() && label_idx < 64; ++label_idx) {
    if ((number >> label_idx) & 1) {
      if (!text.empty()) text += ',';
      text += labels[label_idx];
    }
  }
  return text;
}

std::optional<std::string> LabelsToNumber(const ColumnInfo& column, std::string_view selected) {
  auto index_of = [&](std::string_view label) -> int {
    for (size_t label_idx = 0; label_idx < column.labels.size(); ++label_idx) {
      if (column.labels[label_idx] == label) return static_cast<int>(label_idx);
    }
    return -1;
  };
  if (column.data_type == "enum") {
    if (selected.empty()) return "0";
    int index = index_of(selected);
    if (index < 0) return std::nullopt;
    return std::to_string(index + 1);
  }
  uint64_t mask = 0;
  size_t begin = 0;
  while (!selected.empty() && begin <= selected.size()) {
    size_t comma = selected.find(',', begin);
    if (comma == std::string_view::npos) comma = selected.size();
    int index = index_of(selected.substr(begin, comma - begin));
    if (index < 0 || index >= 64) return std::nullopt;
    mask |= uint64_t{1} << index;
    begin = comma + 1;
  }
  return std::to_string(mask);
}

std::string CompareWithSelect(const ColumnInfo& column, const Cell& decoded, const Cell& selected,
                              OracleMode mode) {
  if (!selected || !decoded) {
    if (selected.has_value() == decoded.has_value()) return "";
    return Describe(column, "SELECT", selected ? Show(selected) : "NULL", decoded);
  }
  if (column.data_type == "float" || column.data_type == "double") {
    double want = 0;
    double got = 0;
    if (!ParseDouble(*selected, &want) || !ParseDouble(*decoded, &got)) {
      return Describe(column, "SELECT", Show(selected), decoded) + " (not a number)";
    }
    // SELECT prints FLOAT with 6 significant digits and DOUBLE with up to 17: equal when both texts read
    // back to the same FLOAT (e.g. subnormals: '1.4013e-45' and '1e-45'), or within the printed precision.
    if (column.data_type == "float" && std::strtof(selected->c_str(), nullptr) == std::strtof(decoded->c_str(), nullptr)) {
      return "";
    }
    double tolerance = column.data_type == "float" ? 5e-6 : 1e-15;
    if (want == got || std::fabs(want - got) <= tolerance * std::max(std::fabs(want), std::fabs(got))) return "";
    return Describe(column, "SELECT", Show(selected), decoded) + " (compared numerically)";
  }
  std::string expected = *selected;
  if ((!mode.labels_known || mode.labels_from_information_schema) &&
      (column.data_type == "enum" || column.data_type == "set")) {
    std::optional<std::string> number = LabelsToNumber(column, expected);
    if (!number) return Describe(column, "SELECT", Show(selected), decoded) + " (not a member)";
    expected = mode.labels_known ? NumberToLabels(column, ParseUnsigned(*number), true) : *number;
  }
  if (column.IsMariaDbExtended() && mode.extended == ExtendedTypes::kAsBinary) {
    std::optional<std::string> bytes = ExtendedTextToBytes(column.data_type, expected);
    if (!bytes) return Describe(column, "SELECT", Show(selected), decoded) + " (unparseable " + column.data_type + ")";
    expected = HexUpper(*bytes);
  }
  if (expected == *decoded) return "";
  return Describe(column, "SELECT", Show(expected), decoded);
}

std::string CompareWithVerbose(const ColumnInfo& column, const Cell& decoded, const VerboseValue& theirs,
                               OracleMode mode) {
  using Kind = VerboseValue::Kind;
  const std::string shown = "`" + theirs.printed + "`";
  if (theirs.kind == Kind::kNull || !decoded) {
    if ((theirs.kind == Kind::kNull) == !decoded) return "";
    return Describe(column, "mariadb-binlog", shown, decoded);
  }
  auto mismatch = [&](const std::string& expected) {
    return Describe(column, "mariadb-binlog", shown + " = " + Show(expected), decoded);
  };
  auto expect_kind = [&](Kind kind) { return theirs.kind == kind; };
  const std::string& type = column.data_type;

  if (column.IsInteger()) {
    if (!expect_kind(Kind::kNumber)) return mismatch("?") + " (not a number)";
    std::string expected = column.is_unsigned && theirs.unsigned_text ? *theirs.unsigned_text : theirs.text;
    return expected == *decoded ? "" : mismatch(expected);
  }
  if (type == "decimal" || type == "year") {
    if (!expect_kind(Kind::kNumber)) return mismatch("?") + " (not a number)";
    std::string expected = type == "year" && theirs.text == "1900" ? "0000" : theirs.text;
    return expected == *decoded ? "" : mismatch(expected);
  }
  if (type == "float" || type == "double") {
    if (!expect_kind(Kind::kNumber)) return mismatch("?") + " (not a number)";
    double got = 0;
    if (!ParseDouble(*decoded, &got)) return mismatch(theirs.text) + " (decoded is not a number)";
    char buf[64];
    if (type == "float") {
      std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(static_cast<float>(got)));
    } else {
      std::snprintf(buf, sizeof(buf), "%.20g", got);
    }
    return theirs.text == buf ? "" : mismatch(theirs.text) + " (decoded printed like mariadb-binlog: " + buf + ")";
  }
  if (type == "bit") {
    if (!expect_kind(Kind::kBits)) return mismatch("?") + " (not a bit string)";
    std::optional<uint64_t> value = BitsToUnsigned(theirs.text, false);
    if (!value) return mismatch("?") + " (bad bit string)";
    std::string expected = std::to_string(*value);
    return expected == *decoded ? "" : mismatch(expected);
  }
  if (type == "set") {
    if (!expect_kind(Kind::kBits)) return mismatch("?") + " (not a bit string)";
    std::optional<uint64_t> mask = BitsToUnsigned(theirs.text, true);
    if (!mask) return mismatch("?") + " (bad bit string)";
    if (!mode.labels_known) {
      std::string number = std::to_string(*mask);
      return number == *decoded ? "" : mismatch(number);
    }
    std::string expected = NumberToLabels(column, *mask, mode.labels_from_information_schema);
    return expected == *decoded ? "" : mismatch(expected);
  }
  if (type == "enum") {
    if (!expect_kind(Kind::kNumber)) return mismatch("?") + " (not a number)";
    size_t index = ParseUnsigned(theirs.text, SIZE_MAX);
    if (!mode.labels_known) return theirs.text == *decoded ? "" : mismatch(theirs.text);
    // An index past the last label prints in decimal (docs/value-text.md).
    std::string expected = index > column.labels.size() ? theirs.text
                                                        : NumberToLabels(column, index, mode.labels_from_information_schema);
    return expected == *decoded ? "" : mismatch(expected);
  }
  if (type == "timestamp") {
    if (!expect_kind(Kind::kNumber)) return mismatch("?") + " (not epoch seconds)";
    std::optional<std::string> expected = EpochToUtcText(theirs.text);
    if (!expected) return mismatch("?") + " (bad epoch)";
    return *expected == *decoded ? "" : mismatch(*expected);
  }
  if (type == "date" || type == "datetime" || type == "time") {
    if (!expect_kind(Kind::kQuoted)) return mismatch("?") + " (not quoted)";
    std::string expected = theirs.text;
    if (type == "date") {
      for (char& c : expected) {
        if (c == ':') c = '-';
      }
    }
    return expected == *decoded ? "" : mismatch(expected);
  }

  // Everything else is quoted bytes: compare by quoting the decoded value's bytes like mariadb-binlog.
  if (!expect_kind(Kind::kQuoted)) return mismatch("?") + " (not quoted)";
  std::string bytes;
  if (column.IsText()) {
    if (IsUtf8Charset(column.charset)) {
      bytes = *decoded;
    } else if (column.charset == "latin1") {
      if (!Utf8ToLatin1(*decoded, &bytes)) return mismatch(Latin1ToUtf8(UnquoteMariaDbBinlog(theirs.text))) +
                                                   " (decoded text has no latin1 form)";
    } else {
      return mismatch("?") + " (the oracle does not know charset " + column.charset + ")";
    }
  } else if (column.IsBinary() || column.IsGeometry() ||
             (column.IsMariaDbExtended() && mode.extended == ExtendedTypes::kAsBinary)) {
    if (!FromHex(*decoded, &bytes)) return mismatch(HexUpper(UnquoteMariaDbBinlog(theirs.text))) + " (decoded is not hex)";
  } else if (column.IsMariaDbExtended()) {
    std::optional<std::string> parsed = ExtendedTextToBytes(type, *decoded);
    if (!parsed) return mismatch(HexUpper(UnquoteMariaDbBinlog(theirs.text))) + " (decoded is not a " + type + ")";
    bytes = *parsed;
  } else {
    return mismatch("?") + " (the oracle does not know type " + type + ")";
  }
  // Fixed-length binary columns (BINARY(n); MariaDB's UUID, INET4, INET6 are BINARY(16)/BINARY(4) in the
  // binlog) are written without their trailing 0x00 bytes.
  if (type == "binary" || column.IsMariaDbExtended()) {
    while (!bytes.empty() && bytes.back() == '\0') bytes.pop_back();
  }
  if (QuoteLikeMariaDbBinlog(bytes) == theirs.text) return "";
  // Explain in the decoded value's own form.
  std::string theirs_bytes = UnquoteMariaDbBinlog(theirs.text);
  std::string expected;
  if (column.IsText()) {
    expected = column.charset == "latin1" ? Latin1ToUtf8(theirs_bytes) : theirs_bytes;
  } else {
    expected = HexUpper(theirs_bytes);
  }
  return mismatch(expected);
}

}  // namespace cdc::harness
