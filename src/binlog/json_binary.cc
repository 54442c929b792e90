#include "binlog/json_binary.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "binlog/decimal.h"

// Grammar of MySQL's binary JSON, as read here (mysql-server include/json_binary.h and
// sql-common/json_binary.cc; all integers little-endian):
//
//   doc        := type:u8 value            (an empty doc is the JSON null literal)
//   value      := object | array | scalar  (chosen by the type byte)
//   type       := 0x00 small object | 0x01 large object | 0x02 small array | 0x03 large array
//               | 0x04 literal | 0x05 int16 | 0x06 uint16 | 0x07 int32 | 0x08 uint32
//               | 0x09 int64 | 0x0a uint64 | 0x0b double | 0x0c utf8mb4 string | 0x0f opaque
//   object     := count size key-entry{count} value-entry{count} keys... values...
//   array      := count size value-entry{count} values...
//     count, size and every offset are u16 in the small format and u32 in the large one;
//     size counts the whole container from `count` on, and offsets are relative to `count`.
//   key-entry  := key-offset key-length:u16
//   value-entry:= type:u8 (inlined-scalar | value-offset)
//     literal, int16 and uint16 are inlined in the entry; int32 and uint32 are inlined only in
//     the large format. An inlined scalar occupies the first bytes of the offset field.
//   literal    := 0x00 null | 0x01 true | 0x02 false
//   string     := varlen bytes
//   opaque     := field-type:u8 varlen bytes
//   varlen     := 1..5 bytes, 7 bits each, least significant first; high bit = more follows.
//
// Keys are stored sorted by length, then bytewise; we print them in stored order, as MySQL does.
// The bound checks are the server's (Value::key, Value::element, parse_array_or_object).

namespace cdc::binlog {
namespace {

constexpr uint8_t kTypeSmallObject = 0x00;
constexpr uint8_t kTypeLargeObject = 0x01;
constexpr uint8_t kTypeSmallArray = 0x02;
constexpr uint8_t kTypeLargeArray = 0x03;
constexpr uint8_t kTypeLiteral = 0x04;
constexpr uint8_t kTypeInt16 = 0x05;
constexpr uint8_t kTypeUint16 = 0x06;
constexpr uint8_t kTypeInt32 = 0x07;
constexpr uint8_t kTypeUint32 = 0x08;
constexpr uint8_t kTypeInt64 = 0x09;
constexpr uint8_t kTypeUint64 = 0x0a;
constexpr uint8_t kTypeDouble = 0x0b;
constexpr uint8_t kTypeString = 0x0c;
constexpr uint8_t kTypeOpaque = 0x0f;

constexpr uint8_t kLiteralNull = 0x00;
constexpr uint8_t kLiteralTrue = 0x01;
constexpr uint8_t kLiteralFalse = 0x02;

// Opaque field types that print as values (Json_wrapper::type() in sql-common/json_dom.cc and
// the VAR_STRING special case in wrapper_to_string). Codes from include/field_types.h.
constexpr uint8_t kFieldTimestamp = 7;
constexpr uint8_t kFieldDate = 10;
constexpr uint8_t kFieldTime = 11;
constexpr uint8_t kFieldDateTime = 12;
constexpr uint8_t kFieldNewDecimal = 246;
constexpr uint8_t kFieldVarString = 253;

// A legitimate document prints to at most about 6 characters per byte (a string of control
// characters, each printed as \u00XX). Offsets may legally point anywhere after their entry, so
// a crafted document can share one sub-value between many entries and print exponentially;
// this budget stops that long before it matters.
constexpr size_t kExpansionFactor = 8;
constexpr size_t kExpansionSlack = 64;

Status Bad(std::string_view detail) { return Status::Corruption("binary JSON", detail); }

// Appends to a std::string through a raw pointer. The string is grown (zero-filled) ahead in
// chunks and trimmed to what was written when the writer goes away, so the hot path is a bounds
// check and a store instead of a call to push_back/append per piece.
class TextWriter {
 public:
  explicit TextWriter(std::string* out) : out_(out), len_(out->size()) {}
  ~TextWriter() { out_->resize(len_); }
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;

  size_t size() const { return len_; }

  // Returns room for at least n characters at the end; Commit() says how many were used.
  char* Reserve(size_t n) {
    if (out_->size() - len_ < n) Grow(n);
    return out_->data() + len_;
  }
  void Commit(const char* end) { len_ = static_cast<size_t>(end - out_->data()); }

  void Put(char c) {
    *Reserve(1) = c;
    ++len_;
  }
  void Write(const char* p, size_t n) {
    std::memcpy(Reserve(n), p, n);
    len_ += n;
  }
  void Write(std::string_view s) { Write(s.data(), s.size()); }
  void Fill(size_t n, char c) {
    std::memset(Reserve(n), c, n);
    len_ += n;
  }

  // Lends the string, trimmed to what was written, to code that appends to a std::string.
  template <typename F>
  auto AppendVia(F&& f) {
    out_->resize(len_);
    auto result = f(out_);
    len_ = out_->size();
    return result;
  }

 private:
  void Grow(size_t n) {
    const size_t want = len_ + n;
    out_->resize(std::max(want, out_->size() + out_->size() / 2 + 64));
  }

  std::string* out_;
  size_t len_;
};

uint64_t LoadLE(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

// Reads a varlen (append_variable_length in json_binary.cc) from at most `available` bytes.
// Returns false if it is cut off, longer than 5 bytes, or does not fit in 32 bits.
bool ReadVariableLength(const uint8_t* p, size_t available, uint32_t* length, size_t* consumed) {
  uint64_t value = 0;
  const size_t max_bytes = available < 5 ? available : 5;
  for (size_t i = 0; i < max_bytes; ++i) {
    value |= uint64_t{p[i] & 0x7fu} << (7 * i);
    if ((p[i] & 0x80) == 0) {
      if (value > UINT32_MAX) return false;
      *length = static_cast<uint32_t>(value);
      *consumed = i + 1;
      return true;
    }
  }
  return false;
}

template <typename T>
void WriteInteger(T value, TextWriter& out) {
  char* p = out.Reserve(24);
  out.Commit(std::to_chars(p, p + 24, value).ptr);
}

// Writes exactly `width` decimal digits of `value` (zero-padded on the left).
void WriteDigits(uint64_t value, int width, TextWriter& out) {
  char* p = out.Reserve(static_cast<size_t>(width));
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.Commit(p + width);
}

// Prints a double as MySQL's JSON printer does: my_gcvt(d, MY_GCVT_ARG_DOUBLE,
// MY_GCVT_MAX_FIELD_WIDTH = 34, ...) (strings/dtoa.cc), then ".0" appended when the result has
// neither '.' nor 'e' (wrapper_to_string, J_DOUBLE).
//
// my_gcvt asks dtoa (mode 4) for at most `width` significant digits; with width >= 33 that is the
// shortest string that reads back as the same double, which std::to_chars also produces. With
// digits d1..dn and the value 0.d1..dn x 10^decpt, my_gcvt chooses:
//   'f' format when it fits the width and -14 <= decpt <= 15, or when decpt > 15 but the number
//       still has a fractional digit (decpt < n): "0.000ddd", "ddd.ddd", "ddd000";
//   'e' format otherwise: "d.ddde-N" / "d.dddeN" (no '+', no exponent zero padding).
// With at most 17 digits and width >= 33 my_gcvt never needs to re-round, so the digits are the
// shortest ones. Examples: 1e20 -> "1e20", 1e15 -> "1e15", 1e14 -> "100000000000000.0",
// 0.1 -> "0.1", 3.0 -> "3.0", 1e-15 -> "0.000000000000001", 1e-16 -> "1e-16".
void WriteMysqlDouble(double value, TextWriter& out) {
  char sci[40];
  auto result = std::to_chars(sci, sci + sizeof(sci), value, std::chars_format::scientific);
  const char* p = sci;
  const char* end = result.ptr;
  const bool negative = *p == '-';
  if (negative) ++p;
  char digits[24];
  int len = 0;
  while (p < end && *p != 'e') {
    if (*p != '.') digits[len++] = *p;
    ++p;
  }
  int exponent = 0;
  if (p < end) {  // "e+XX" / "e-XX"
    ++p;
    const bool exp_negative = *p == '-';
    ++p;
    std::from_chars(p, end, exponent);
    if (exp_negative) exponent = -exponent;
  }
  while (len > 1 && digits[len - 1] == '0') --len;  // to_chars prints "0e+00" for zero only
  int decpt = exponent + 1;

  // my_gcvt removes the '-' from the width for values below zero (not for -0.0).
  const int width = value < 0 ? 33 : 34;
  constexpr int kMaxDecptForF = 15;  // MAX_DECPT_FOR_F_FORMAT = DBL_DIG
  const int exp_len = 1 + (decpt >= 101 || decpt <= -99) + (decpt >= 11 || decpt <= -9);
  const bool have_space =
      (decpt <= 0 ? len - decpt + 2 : (decpt > 0 && decpt < len) ? len + 1 : decpt) <= width;
  const bool force_e = decpt <= 0 && width <= 2 - decpt && width >= 3 + exp_len;
  const bool use_f =
      (have_space ||
       ((decpt <= width && (decpt >= -1 || (decpt == -2 && (len > 1 || !force_e)))) && !force_e)) &&
      (!have_space || (decpt >= -kMaxDecptForF + 1 && (decpt <= kMaxDecptForF || len > decpt)));

  // At most 1 sign + 2 ("0.") + 14 zeros + 17 digits, or 17 digits + '.' + "e-324", + ".0".
  char* const start = out.Reserve(48);
  char* q = start;
  auto put = [&q](const char* from, int n) {
    std::memcpy(q, from, static_cast<size_t>(n));
    q += n;
  };
  if (negative) *q++ = '-';
  bool has_point_or_exponent = true;
  if (use_f) {
    if (decpt <= 0) {
      put("0.", 2);
      std::memset(q, '0', static_cast<size_t>(-decpt));
      q += -decpt;
      put(digits, len);
    } else if (decpt < len) {
      put(digits, decpt);
      *q++ = '.';
      put(digits + decpt, len - decpt);
    } else {
      put(digits, len);
      std::memset(q, '0', static_cast<size_t>(decpt - len));
      q += decpt - len;
      has_point_or_exponent = false;
    }
  } else {
    *q++ = digits[0];
    if (len > 1) {
      *q++ = '.';
      put(digits + 1, len - 1);
    }
    *q++ = 'e';
    int e = decpt - 1;
    if (e < 0) {
      *q++ = '-';
      e = -e;
    }
    q = std::to_chars(q, start + 48, e).ptr;
  }
  if (!has_point_or_exponent) put(".0", 2);
  out.Commit(q);
}

// Appends data as MySQL's base64_encode() does (mysys/base64.cc): standard alphabet, '='
// padding, and a line break before every group of 4 characters that starts at column 76. The
// line break is written as the two characters \n, as it appears inside a quoted JSON string.
void WriteBase64Escaped(const uint8_t* data, size_t size, TextWriter& out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const size_t groups = (size + 2) / 3;
  char* const start = out.Reserve(groups * 4 + (groups / 19 + 1) * 2);  // 19 groups per line
  char* q = start;
  size_t column = 0;
  for (size_t i = 0; i < size; i += 3, column += 4) {
    if (column == 76) {
      column = 0;
      *q++ = '\\';
      *q++ = 'n';
    }
    const uint32_t b0 = data[i];
    const uint32_t b1 = i + 1 < size ? data[i + 1] : 0;
    const uint32_t b2 = i + 2 < size ? data[i + 2] : 0;
    const uint32_t group = b0 << 16 | b1 << 8 | b2;
    *q++ = kAlphabet[(group >> 18) & 0x3f];
    *q++ = kAlphabet[(group >> 12) & 0x3f];
    *q++ = i + 1 < size ? kAlphabet[(group >> 6) & 0x3f] : '=';
    *q++ = i + 2 < size ? kAlphabet[group & 0x3f] : '=';
  }
  out.Commit(q);
}

// Opaque NEWDECIMAL: precision:u8 scale:u8, then the decimal in the binary form of
// decimal2bin() (Json_decimal::convert_from_binary in sql-common/json_dom.cc). Printed as
// decimal2string() does, as a bare JSON number that keeps its scale: 123.456, 9.00, -0.5.
// (rust_mysql_common turns these into JSON strings; we follow MySQL, which prints numbers.)
Status WriteOpaqueDecimal(const uint8_t* data, size_t size, TextWriter& out) {
  if (size < 2) return Bad("opaque DECIMAL shorter than its precision and scale");
  const int precision = data[0];
  const int scale = data[1];
  if (precision == 0 && scale == 0 && size == 2) {
    out.Put('0');  // binary2decimal reads DECIMAL(0,0) as the number zero
    return Status::OK();
  }
  const size_t bin_size = DecimalBinarySize(precision, scale);
  if (bin_size == 0 || bin_size != size - 2) return Bad("opaque DECIMAL length does not match its precision");
  const bool ok = out.AppendVia([&](std::string* text) {
    const size_t start = text->size();
    if (AppendDecimalText(ByteView(data + 2, bin_size), precision, scale, text)) return true;
    text->resize(start);
    return false;
  });
  if (!ok) return Bad("opaque DECIMAL digit group out of range");
  return Status::OK();
}

// Opaque DATE, TIME, DATETIME and TIMESTAMP hold 8 bytes: MySQL's "longlong packed" temporal
// (mysys/my_time.cc). With v = |packed|, frac = v % 2^24 (microseconds), int = v >> 24:
//   TIME:     int = hour:10 minute:6 second:6 (TIME_from_longlong_time_packed); negative allowed
//   DATETIME: int = (year*13+month):17 day:5 hour:5 minute:6 second:6
//             (TIME_from_longlong_datetime_packed); DATE and TIMESTAMP use the same layout.
// Printed by my_TIME_to_str(t, 6): "YYYY-MM-DD" for DATE, "YYYY-MM-DD hh:mm:ss.ffffff" for
// DATETIME/TIMESTAMP, "[-]hh:mm:ss.ffffff" (hours at least two digits) for TIME.
// Fields out of their range can only come from damaged bytes and are Corruption.
Status WriteOpaqueTemporal(uint8_t field_type, const uint8_t* data, size_t size, TextWriter& out) {
  if (size != 8) return Bad("opaque temporal value is not 8 bytes");
  const int64_t packed = static_cast<int64_t>(LoadLE(data, 8));
  const bool negative = packed < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(packed) : static_cast<uint64_t>(packed);
  const uint64_t frac = magnitude % (uint64_t{1} << 24);
  const uint64_t int_part = magnitude >> 24;
  if (frac > 999999) return Bad("opaque temporal microseconds out of range");

  out.Put('"');
  if (field_type == kFieldTime) {
    const uint64_t hour = (int_part >> 12) % (1 << 10);
    const uint64_t minute = (int_part >> 6) % (1 << 6);
    const uint64_t second = int_part % (1 << 6);
    if (minute > 59 || second > 59) return Bad("opaque TIME field out of range");
    if (negative) out.Put('-');
    if (hour < 10) out.Put('0');
    WriteInteger(hour, out);
    out.Put(':');
    WriteDigits(minute, 2, out);
    out.Put(':');
    WriteDigits(second, 2, out);
    out.Put('.');
    WriteDigits(frac, 6, out);
  } else {
    if (negative) return Bad("negative opaque date/time");
    const uint64_t ymd = int_part >> 17;
    const uint64_t ym = ymd >> 5;
    const uint64_t hms = int_part % (1 << 17);
    const uint64_t day = ymd % (1 << 5);
    const uint64_t month = ym % 13;
    const uint64_t year = ym / 13;
    const uint64_t second = hms % (1 << 6);
    const uint64_t minute = (hms >> 6) % (1 << 6);
    const uint64_t hour = hms >> 12;
    if (year > 9999 || hour > 23 || minute > 59 || second > 59)
      return Bad("opaque date/time field out of range");
    WriteDigits(year, 4, out);
    out.Put('-');
    WriteDigits(month, 2, out);
    out.Put('-');
    WriteDigits(day, 2, out);
    if (field_type != kFieldDate) {
      out.Put(' ');
      WriteDigits(hour, 2, out);
      out.Put(':');
      WriteDigits(minute, 2, out);
      out.Put(':');
      WriteDigits(second, 2, out);
      out.Put('.');
      WriteDigits(frac, 6, out);
    }
  }
  out.Put('"');
  return Status::OK();
}

// 1 for the bytes MySQL's double_quote() escapes: control characters, '"' and '\\'.
constexpr std::array<uint8_t, 256> MakeEscapeTable() {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[static_cast<size_t>(c)] = 1;
  table['"'] = 1;
  table['\\'] = 1;
  return table;
}
constexpr std::array<uint8_t, 256> kNeedsEscape = MakeEscapeTable();

// Writes `bytes` quoted and escaped; see AppendJsonString in the header.
void WriteJsonString(std::string_view bytes, TextWriter& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  // Room for the common case, no escapes; each escape reserves its own.
  char* q = out.Reserve(bytes.size() + 2);
  *q++ = '"';
  while (true) {
    // Copy while scanning: strings are mostly short keys and values, where a memcpy call per
    // run costs more than the bytes.
    while (p < end && !kNeedsEscape[*p]) *q++ = static_cast<char>(*p++);
    if (p == end) break;
    const unsigned char c = *p++;
    out.Commit(q);
    q = out.Reserve(static_cast<size_t>(end - p) + 6 + 1);
    *q++ = '\\';
    switch (c) {
      case '\b':
        *q++ = 'b';
        break;
      case '\t':
        *q++ = 't';
        break;
      case '\n':
        *q++ = 'n';
        break;
      case '\f':
        *q++ = 'f';
        break;
      case '\r':
        *q++ = 'r';
        break;
      case '"':
      case '\\':
        *q++ = static_cast<char>(c);
        break;
      default:
        *q++ = 'u';
        *q++ = '0';
        *q++ = '0';
        *q++ = kHex[c >> 4];
        *q++ = kHex[c & 0x0f];
        break;
    }
  }
  *q++ = '"';
  out.Commit(q);
}

class Printer {
 public:
  Printer(TextWriter& out, size_t budget_end) : out_(out), budget_end_(budget_end) {}

  // Prints the value of binary type `type` whose bytes start at `data`, with at most `size`
  // bytes available. `depth` is the number of containers around it.
  Status Value(uint8_t type, const uint8_t* data, size_t size, int depth) {
    if (out_.size() > budget_end_) return Bad("document expands beyond its size (overlapping values)");
    switch (type) {
      case kTypeSmallObject:
        return Container</*kIsObject=*/true, /*kLarge=*/false>(data, size, depth);
      case kTypeLargeObject:
        return Container<true, true>(data, size, depth);
      case kTypeSmallArray:
        return Container<false, false>(data, size, depth);
      case kTypeLargeArray:
        return Container<false, true>(data, size, depth);
      default:
        return Scalar(type, data, size);
    }
  }

 private:
  Status Scalar(uint8_t type, const uint8_t* data, size_t size) {
    switch (type) {
      case kTypeLiteral:
        if (size < 1) return Bad("truncated literal");
        switch (data[0]) {
          case kLiteralNull:
            out_.Write("null");
            return Status::OK();
          case kLiteralTrue:
            out_.Write("true");
            return Status::OK();
          case kLiteralFalse:
            out_.Write("false");
            return Status::OK();
          default:
            return Bad("unknown literal");
        }
      case kTypeInt16:
        if (size < 2) return Bad("truncated int16");
        WriteInteger(static_cast<int16_t>(LoadLE(data, 2)), out_);
        return Status::OK();
      case kTypeUint16:
        if (size < 2) return Bad("truncated uint16");
        WriteInteger(static_cast<uint16_t>(LoadLE(data, 2)), out_);
        return Status::OK();
      case kTypeInt32:
        if (size < 4) return Bad("truncated int32");
        WriteInteger(static_cast<int32_t>(LoadLE(data, 4)), out_);
        return Status::OK();
      case kTypeUint32:
        if (size < 4) return Bad("truncated uint32");
        WriteInteger(static_cast<uint32_t>(LoadLE(data, 4)), out_);
        return Status::OK();
      case kTypeInt64:
        if (size < 8) return Bad("truncated int64");
        WriteInteger(static_cast<int64_t>(LoadLE(data, 8)), out_);
        return Status::OK();
      case kTypeUint64:
        if (size < 8) return Bad("truncated uint64");
        WriteInteger(LoadLE(data, 8), out_);
        return Status::OK();
      case kTypeDouble: {
        if (size < 8) return Bad("truncated double");
        const double value = std::bit_cast<double>(LoadLE(data, 8));
        // The server's JSON parser and CAST never produce NaN or infinity.
        if (!std::isfinite(value)) return Bad("non-finite double");
        WriteMysqlDouble(value, out_);
        return Status::OK();
      }
      case kTypeString: {
        uint32_t length;
        size_t consumed;
        if (!ReadVariableLength(data, size, &length, &consumed)) return Bad("bad string length");
        if (size - consumed < length) return Bad("string runs past its container");
        WriteJsonString({reinterpret_cast<const char*>(data + consumed), length}, out_);
        return Status::OK();
      }
      case kTypeOpaque: {
        if (size < 1) return Bad("truncated opaque");
        const uint8_t field_type = data[0];
        uint32_t length;
        size_t consumed;
        if (!ReadVariableLength(data + 1, size - 1, &length, &consumed)) return Bad("bad opaque length");
        if (size - 1 - consumed < length) return Bad("opaque value runs past its container");
        return Opaque(field_type, data + 1 + consumed, length);
      }
      default:
        return Bad("unknown value type");
    }
  }

  Status Opaque(uint8_t field_type, const uint8_t* data, size_t size) {
    switch (field_type) {
      case kFieldNewDecimal:
        return WriteOpaqueDecimal(data, size, out_);
      case kFieldDate:
      case kFieldTime:
      case kFieldDateTime:
      case kFieldTimestamp:
        return WriteOpaqueTemporal(field_type, data, size, out_);
      case kFieldVarString:
        WriteJsonString({reinterpret_cast<const char*>(data), size}, out_);
        return Status::OK();
      default:
        // "base64:type<N>:<data>", quoted; the line breaks become \n.
        out_.Write("\"base64:type");
        WriteInteger(field_type, out_);
        out_.Put(':');
        WriteBase64Escaped(data, size, out_);
        out_.Put('"');
        return Status::OK();
    }
  }

  // Instantiated per container kind so that the offset width is a constant.
  template <bool kIsObject, bool kLarge>
  Status Container(const uint8_t* data, size_t size, int depth) {
    if (depth + 1 > kMaxJsonDepth) return Bad("nesting deeper than 100");
    constexpr size_t offset_size = kLarge ? 4 : 2;
    if (size < 2 * offset_size) return Bad("truncated container header");
    const uint64_t count = LoadLE(data, offset_size);
    const uint64_t bytes = LoadLE(data + offset_size, offset_size);
    if (bytes > size) return Bad("container size runs past its parent");
    constexpr uint64_t key_entry_size = offset_size + 2;
    constexpr uint64_t value_entry_size = 1 + offset_size;
    constexpr uint64_t key_entries_start = 2 * offset_size;
    const uint64_t value_entries_start = key_entries_start + (kIsObject ? count * key_entry_size : 0);
    const uint64_t header_size = value_entries_start + count * value_entry_size;
    if (header_size > bytes) return Bad("container entries run past its size");

    out_.Put(kIsObject ? '{' : '[');
    for (uint64_t i = 0; i < count; ++i) {
      if (out_.size() > budget_end_) return Bad("document expands beyond its size (overlapping values)");
      if (i > 0) out_.Write(", ");
      if constexpr (kIsObject) {
        const uint8_t* entry = data + key_entries_start + i * key_entry_size;
        const uint64_t key_offset = LoadLE(entry, offset_size);
        const uint64_t key_length = LoadLE(entry + offset_size, 2);
        if (key_offset < header_size || key_offset + key_length > bytes) return Bad("key out of bounds");
        WriteJsonString({reinterpret_cast<const char*>(data + key_offset), key_length}, out_);
        out_.Write(": ");
      }
      const uint64_t entry_offset = value_entries_start + i * value_entry_size;
      const uint8_t* entry = data + entry_offset;
      const uint8_t type = entry[0];
      const bool inlined = type == kTypeLiteral || type == kTypeInt16 || type == kTypeUint16 ||
                           (kLarge && (type == kTypeInt32 || type == kTypeUint32));
      if (inlined) {
        CDC_RETURN_IF_ERROR(Scalar(type, entry + 1, value_entry_size - 1));
        continue;
      }
      const uint64_t value_offset = LoadLE(entry + 1, offset_size);
      if (value_offset > bytes || value_offset < entry_offset + value_entry_size)
        return Bad("value offset out of bounds");
      CDC_RETURN_IF_ERROR(Value(type, data + value_offset, bytes - value_offset, depth + 1));
    }
    out_.Put(kIsObject ? '}' : ']');
    return Status::OK();
  }

  TextWriter& out_;
  size_t budget_end_;
};

}  // namespace

void AppendJsonString(std::string_view bytes, std::string* out) {
  TextWriter writer(out);
  WriteJsonString(bytes, writer);
}

Status AppendJsonText(ByteView binary, std::string* out) {
  if (binary.empty()) {
    out->append("null");
    return Status::OK();
  }
  TextWriter writer(out);
  Printer printer(writer, writer.size() + kExpansionFactor * binary.size() + kExpansionSlack);
  return printer.Value(binary[0], binary.data() + 1, binary.size() - 1, /*depth=*/0);
}

}  // namespace cdc::binlog
