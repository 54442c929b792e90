#include "snapshot/row_reader.h"

#include <arpa/inet.h>

#include <bit>
#include <charconv>
#include <cstring>
#include <memory>
#include <system_error>

#include "base/ascii.h"
#include "binlog/charset.h"
#include "binlog/decimal.h"
#include "binlog/table_map.h"

namespace cdc::snapshot {

using model::FieldType;
using model::ValueKind;

namespace {

// ---------------------------------------------------------------------------------------------
// SchemaFromDefinition

// Real-type bytes of a STRING column's TABLE_MAP metadata (Field_string/Field_enum/Field_set
// do_save_field_metadata: real type, then the pack length or the length's low byte).
constexpr uint16_t kEnumMetaHigh = static_cast<uint16_t>(FieldType::kEnum) << 8;
constexpr uint16_t kSetMetaHigh = static_cast<uint16_t>(FieldType::kSet) << 8;
// BLOB-family pack lengths (bytes of the length prefix), also the metadata of JSON and GEOMETRY.
constexpr uint16_t kLongBlobPackLength = 4;

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (size_t start = 0; start + needle.size() <= haystack.size(); ++start) {
    if (EqualsIgnoreAsciiCase(haystack.substr(start, needle.size()), needle)) return true;
  }
  return false;
}

// The numbers in the first parentheses of a COLUMN_TYPE: "decimal(10,2)" -> {10, 2}; "int" -> {}.
// False when the parentheses hold something else.
bool TypeArguments(std::string_view column_type, std::vector<uint32_t>* out) {
  out->clear();
  size_t open = column_type.find('(');
  if (open == std::string_view::npos) return true;
  size_t close = column_type.find(')', open);
  if (close == std::string_view::npos) return false;
  std::string_view inside = column_type.substr(open + 1, close - open - 1);
  while (true) {
    uint32_t value = 0;
    auto [end, error] = std::from_chars(inside.data(), inside.data() + inside.size(), value);
    if (error != std::errc()) return false;
    out->push_back(value);
    inside.remove_prefix(static_cast<size_t>(end - inside.data()));
    if (inside.empty()) return true;
    if (inside[0] != ',') return false;
    inside.remove_prefix(1);
  }
}

// STRING metadata for CHAR/BINARY of `length` bytes (Field_string::do_save_field_metadata folds bits
// 8-9 of the length, inverted, into bits 4-5 of the real type; binlog::StringMaxLength undoes it).
uint16_t StringMeta(uint32_t length) {
  uint32_t high = static_cast<uint32_t>(FieldType::kString) ^ ((length & 0x300) >> 4);
  return static_cast<uint16_t>(high << 8 | (length & 0xff));
}

// Field_set pack length: (labels + 7) / 8 bytes, 8 when that is over 4 (get_set_pack_length).
uint16_t SetPackLength(size_t labels) {
  size_t bytes = (labels + 7) / 8;
  return static_cast<uint16_t>(bytes > 4 ? 8 : bytes);
}

uint32_t GeometryTypeCode(std::string_view data_type) {
  // Field::geometry_type (MySQL/MariaDB spatial.h wkbType order).
  static constexpr std::string_view kNames[] = {"geometry",   "point",           "linestring",   "polygon",
                                                "multipoint", "multilinestring", "multipolygon", "geometrycollection"};
  for (uint32_t code = 0; code < std::size(kNames); ++code) {
    if (data_type == kNames[code]) return code;
  }
  return data_type == "geomcollection" ? 7 : 0;
}

bool IsGeometryType(std::string_view data_type) {
  return data_type == "geomcollection" || GeometryTypeCode(data_type) != 0 || data_type == "geometry";
}

// BLOB/TEXT pack length from DATA_TYPE, 0 when not a BLOB/TEXT type.
uint16_t BlobPackLength(std::string_view data_type) {
  if (data_type == "tinytext" || data_type == "tinyblob") return 1;
  if (data_type == "text" || data_type == "blob") return 2;
  if (data_type == "mediumtext" || data_type == "mediumblob") return 3;
  if (data_type == "longtext" || data_type == "longblob") return 4;
  return 0;
}

// Fills type, meta (and what depends on the type) of `column` from its definition.
Status DescribeColumn(const mysql::ColumnHint& hint, mysql::ServerFlavor flavor, model::ColumnSchema* column,
                      const std::string& context) {
  const std::string& data_type = hint.data_type;
  const bool mariadb = flavor == mysql::ServerFlavor::kMariaDb;
  auto fail = [&](std::string_view why) {
    return Status::InvalidArgument(context, "column " + hint.name + " ('" + hint.column_type + "'): " + std::string(why));
  };
  std::vector<uint32_t> args;  // ENUM/SET arguments are labels (ColumnHint::labels)
  if (data_type != "enum" && data_type != "set" && !TypeArguments(hint.column_type, &args)) {
    return fail("cannot parse the type's arguments");
  }
  auto arg = [&](size_t index, uint32_t fallback) { return index < args.size() ? args[index] : fallback; };
  // The maximum bytes per character of a character column (1 for binary strings).
  auto max_bytes = [&](uint32_t* out) -> Status {
    if (hint.collation == model::kBinaryCollation) {
      *out = 1;
      return Status::OK();
    }
    const binlog::CharsetInfo* info = binlog::FindCollation(hint.collation);
    if (info == nullptr) return fail("unknown collation id " + std::to_string(hint.collation));
    *out = info->max_bytes_per_char;
    return Status::OK();
  };
  const bool compressed = mariadb && ContainsIgnoreCase(hint.column_type, "compressed");

  if (data_type == "tinyint" || data_type == "bool" || data_type == "boolean") {
    column->type = FieldType::kTiny;
  } else if (data_type == "smallint") {
    column->type = FieldType::kShort;
  } else if (data_type == "mediumint") {
    column->type = FieldType::kInt24;
  } else if (data_type == "int" || data_type == "integer") {
    column->type = FieldType::kLong;
  } else if (data_type == "bigint") {
    column->type = FieldType::kLongLong;
  } else if (data_type == "float") {
    column->type = FieldType::kFloat;
    column->meta = 4;  // pack length
  } else if (data_type == "double" || data_type == "real" || data_type == "double precision") {
    column->type = FieldType::kDouble;
    column->meta = 8;
  } else if (data_type == "decimal" || data_type == "numeric" || data_type == "fixed") {
    uint32_t precision = arg(0, 10), scale = arg(1, 0);
    if (binlog::DecimalBinarySize(static_cast<int>(precision), static_cast<int>(scale)) == 0) {
      return fail("DECIMAL precision/scale out of range");
    }
    column->type = FieldType::kNewDecimal;
    column->meta = static_cast<uint16_t>(precision << 8 | scale);
  } else if (data_type == "year") {
    column->type = FieldType::kYear;
    // MariaDB's Field_year is a Field_tiny, unsigned, and its TABLE_MAP lists it in SIGNEDNESS.
    if (mariadb) column->is_unsigned = true;
  } else if (data_type == "bit") {
    uint32_t bits = arg(0, 1);
    if (bits < 1 || bits > 64) return fail("BIT width out of range");
    column->type = FieldType::kBit;
    column->meta = static_cast<uint16_t>((bits / 8) << 8 | (bits % 8));
  } else if (data_type == "date") {
    column->type = FieldType::kDate;
  } else if (data_type == "time" || data_type == "datetime" || data_type == "timestamp") {
    uint32_t fsp = arg(0, 0);
    if (fsp > 6) return fail("fractional-second precision over 6");
    column->type = data_type == "time"       ? FieldType::kTime2
                   : data_type == "datetime" ? FieldType::kDateTime2
                                             : FieldType::kTimestamp2;
    column->meta = static_cast<uint16_t>(fsp);
  } else if (data_type == "enum") {
    if (hint.labels.empty() || hint.labels.size() > 65535) return fail("ENUM without labels");
    column->type = FieldType::kEnum;
    column->meta = kEnumMetaHigh | (hint.labels.size() < 256 ? 1 : 2);
  } else if (data_type == "set") {
    if (hint.labels.empty() || hint.labels.size() > 64) return fail("SET without labels or over 64");
    column->type = FieldType::kSet;
    column->meta = kSetMetaHigh | SetPackLength(hint.labels.size());
  } else if (data_type == "char" || data_type == "binary") {
    uint32_t per_char = 1;
    CDC_RETURN_IF_ERROR(max_bytes(&per_char));
    uint32_t length = arg(0, 1) * per_char;
    if (length > 1023) return fail("CHAR longer than 1023 bytes");
    column->type = FieldType::kString;
    column->meta = StringMeta(length);
  } else if (mariadb && (data_type == "uuid" || data_type == "inet6" || data_type == "inet4")) {
    // Binlog_type_info_fixed_string: BINARY(16) / BINARY(4) on the wire; information_schema gives the type.
    column->type = FieldType::kString;
    column->meta = StringMeta(data_type == "inet4" ? 4 : 16);
    column->sql_type = data_type;
    column->collation = model::kBinaryCollation;  // their TABLE_MAP lists them in COLUMN_CHARSET as binary
  } else if (data_type == "varchar" || data_type == "varbinary") {
    uint32_t per_char = 1;
    CDC_RETURN_IF_ERROR(max_bytes(&per_char));
    // A compressed VARCHAR's maximum counts the compression header byte (binlog/table_map.h).
    uint32_t length = arg(0, 1) * per_char + (compressed ? 1 : 0);
    if (length > 65535) return fail("VARCHAR longer than 65535 bytes");
    column->type = compressed ? FieldType::kVarcharCompressed : FieldType::kVarchar;
    column->meta = static_cast<uint16_t>(length);
  } else if (BlobPackLength(data_type) != 0) {
    column->type = compressed ? FieldType::kBlobCompressed : FieldType::kBlob;
    column->meta = BlobPackLength(data_type);
  } else if (data_type == "json") {
    if (mariadb) {
      // MariaDB's JSON is a LONGTEXT (utf8mb4_bin unless declared otherwise) with a json_valid check.
      column->type = compressed ? FieldType::kBlobCompressed : FieldType::kBlob;
    } else {
      column->type = FieldType::kJson;
    }
    column->meta = kLongBlobPackLength;
  } else if (IsGeometryType(data_type)) {
    column->type = FieldType::kGeometry;
    column->meta = kLongBlobPackLength;
    column->geometry_type = GeometryTypeCode(data_type);
    // MariaDB's Field_geom has the binary character set and its TABLE_MAP lists it in COLUMN_CHARSET.
    if (mariadb) column->collation = model::kBinaryCollation;
  } else if (data_type == "vector") {
    uint32_t dimensions = arg(0, 0);
    if (mariadb) {
      // MariaDB 11.7+ VECTOR(n) is a VARBINARY(4 n) on the wire.
      column->type = FieldType::kVarchar;
      column->meta = static_cast<uint16_t>(dimensions * 4);
      column->collation = model::kBinaryCollation;
    } else {
      column->type = FieldType::kVector;
      column->meta = kLongBlobPackLength;
      column->vector_dimensions = dimensions;
    }
  } else {
    return fail("unknown data type '" + data_type + "'");
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
// Cell parsing

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

uint64_t LoadBE(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
  return v;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at text[*pos].
bool Digits(std::string_view text, size_t* pos, size_t count, uint32_t* out) {
  if (text.size() - *pos < count || *pos > text.size()) return false;
  uint32_t value = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = text[*pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + static_cast<uint32_t>(c - '0');
  }
  *pos += count;
  *out = value;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

// ".f" with exactly `fsp` digits when fsp > 0 (as SELECT prints TIME(fsp) etc.), scaled to microseconds.
bool Fraction(std::string_view text, size_t* pos, uint8_t fsp, uint32_t* micros) {
  *micros = 0;
  if (fsp == 0) return true;
  uint32_t digits = 0;
  if (!Expect(text, pos, '.') || !Digits(text, pos, fsp, &digits)) return false;
  static constexpr uint32_t kScale[] = {1000000, 100000, 10000, 1000, 100, 10, 1};
  *micros = digits * kScale[fsp];
  return true;
}

// "YYYY-MM-DD" (zero and partly-zero dates allowed).
bool ParseDate(std::string_view text, size_t* pos, model::PackedDate* date) {
  uint32_t year = 0, month = 0, day = 0;
  if (!Digits(text, pos, 4, &year) || !Expect(text, pos, '-') || !Digits(text, pos, 2, &month) ||
      !Expect(text, pos, '-') || !Digits(text, pos, 2, &day)) {
    return false;
  }
  if (month > 12 || day > 31) return false;
  *date = {static_cast<uint16_t>(year), static_cast<uint8_t>(month), static_cast<uint8_t>(day)};
  return true;
}

// "YYYY-MM-DD HH:MM:SS[.f]".
bool ParseDateTime(std::string_view text, uint8_t fsp, model::PackedDateTime* out) {
  size_t pos = 0;
  uint32_t hour = 0, minute = 0, second = 0, micros = 0;
  if (!ParseDate(text, &pos, &out->date) || !Expect(text, &pos, ' ') || !Digits(text, &pos, 2, &hour) ||
      !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &second) || !Fraction(text, &pos, fsp, &micros) || pos != text.size()) {
    return false;
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  out->hour = static_cast<uint8_t>(hour);
  out->minute = static_cast<uint8_t>(minute);
  out->second = static_cast<uint8_t>(second);
  out->micros = micros;
  return true;
}

// "[-]H..H:MM:SS[.f]" with 2 or more hour digits (TIME2 holds up to 1023 hours; the server allows 838).
bool ParseTime(std::string_view text, uint8_t fsp, model::PackedTime* out) {
  size_t pos = 0;
  out->negative = Expect(text, &pos, '-');
  size_t hour_digits = 0;
  while (pos + hour_digits < text.size() && IsDigit(text[pos + hour_digits])) ++hour_digits;
  uint32_t hours = 0, minute = 0, second = 0, micros = 0;
  if (hour_digits < 2 || hour_digits > 4 || !Digits(text, &pos, hour_digits, &hours) || !Expect(text, &pos, ':') ||
      !Digits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') || !Digits(text, &pos, 2, &second) ||
      !Fraction(text, &pos, fsp, &micros) || pos != text.size()) {
    return false;
  }
  if (hours > 1023 || minute > 59 || second > 59) return false;
  out->hours = hours;
  out->minutes = static_cast<uint8_t>(minute);
  out->seconds = static_cast<uint8_t>(second);
  out->micros = micros;
  return true;
}

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, uint32_t month, uint32_t day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

// A TIMESTAMP as SELECT prints it in a '+00:00' session -> UTC epoch; the zero timestamp -> 0.
bool ParseTimestamp(std::string_view text, uint8_t fsp, model::PackedTimestamp* out) {
  model::PackedDateTime datetime;
  if (!ParseDateTime(text, fsp, &datetime)) return false;
  const model::PackedDate& date = datetime.date;
  if (date.year == 0 && date.month == 0 && date.day == 0) {
    // MySQL's zero timestamp: all fields zero.
    if (datetime.hour != 0 || datetime.minute != 0 || datetime.second != 0 || datetime.micros != 0) return false;
    *out = {0, 0};
    return true;
  }
  if (date.month == 0 || date.day == 0) return false;
  int64_t seconds = DaysFromCivil(date.year, date.month, date.day) * 86400 + datetime.hour * 3600 +
                    datetime.minute * 60 + datetime.second;
  if (seconds <= 0 || seconds > int64_t{UINT32_MAX}) return false;
  *out = {static_cast<uint32_t>(seconds), datetime.micros};
  return true;
}

template <typename T>
bool ParseWhole(std::string_view text, T* out) {
  if (text.empty() || text[0] == '+') return false;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

// The shortest round-trip text of a double as the server prints it ("-0" for negative zero from the
// select expression). Only digits, sign, '.', 'e' are accepted (no inf/nan: MySQL never stores them).
bool ParseDouble(std::string_view text, double* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c) && c != '-' && c != '.' && c != 'e' && c != 'E' && c != '+') return false;
  }
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out, std::chars_format::general);
  return error == std::errc() && end == text.data() + text.size();
}

// DECIMAL text: [-]digits[.scale digits], the integer part at most precision - scale digits (or "0").
bool IsDecimalText(std::string_view text, uint8_t precision, uint8_t scale) {
  size_t pos = text.starts_with('-') ? 1 : 0;
  size_t integer_digits = 0;
  while (pos + integer_digits < text.size() && IsDigit(text[pos + integer_digits])) ++integer_digits;
  if (integer_digits == 0) return false;
  if (integer_digits > 1 && text[pos] == '0') return false;  // no leading zeros
  if (integer_digits > static_cast<size_t>(precision - scale) && !(integer_digits == 1 && text[pos] == '0')) {
    return false;
  }
  pos += integer_digits;
  if (scale == 0) return pos == text.size();
  if (pos >= text.size() || text[pos] != '.') return false;
  ++pos;
  if (text.size() - pos != scale) return false;
  for (; pos < text.size(); ++pos) {
    if (!IsDigit(text[pos])) return false;
  }
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" -> 16 bytes in text (RFC 4122) order.
bool ParseUuid(std::string_view text, uint8_t* out) {
  if (text.size() != 36) return false;
  size_t byte_idx = 0;
  for (size_t pos = 0; pos < text.size();) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
      if (text[pos] != '-') return false;
      ++pos;
      continue;
    }
    int high = HexValue(text[pos]), low = HexValue(text[pos + 1]);
    if (high < 0 || low < 0) return false;
    out[byte_idx++] = static_cast<uint8_t>(high << 4 | low);
    pos += 2;
  }
  return byte_idx == 16;
}

// inet_pton on a copy of `text` with a terminating NUL (no allocation).
bool ParseAddress(int family, std::string_view text, uint8_t* out) {
  char buffer[64];
  if (text.size() >= sizeof(buffer)) return false;
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  return inet_pton(family, buffer, out) == 1;
}

}  // namespace

Result<model::TableSchemaPtr> SchemaFromDefinition(const mysql::TableHints& definition, mysql::ServerFlavor flavor) {
  const std::string context = "schema of " + definition.schema_name + "." + definition.table_name;
  if (definition.columns.empty()) return Status::InvalidArgument(context, "the definition has no columns");
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = definition.schema_name;
  schema->table_name = definition.table_name;
  schema->columns.resize(definition.columns.size());
  for (size_t column_idx = 0; column_idx < definition.columns.size(); ++column_idx) {
    const mysql::ColumnHint& hint = definition.columns[column_idx];
    model::ColumnSchema& column = schema->columns[column_idx];
    column.name = hint.name;
    column.nullable = hint.nullable;
    column.is_unsigned = hint.is_unsigned;
    column.in_primary_key = hint.in_primary_key;
    column.collation = hint.collation;
    column.labels = hint.labels;
    CDC_RETURN_IF_ERROR(DescribeColumn(hint, flavor, &column, context));
    column.kind = binlog::ChooseValueKind(column);
  }
  for (uint32_t key_column : definition.primary_key) {
    if (key_column >= schema->columns.size()) {
      return Status::InvalidArgument(context, "primary key names column " + std::to_string(key_column));
    }
    schema->columns[key_column].in_primary_key = true;
    schema->primary_key.push_back(key_column);
  }
  return model::TableSchemaPtr(std::move(schema));
}

RowReader::RowReader(model::TableSchemaPtr schema) : schema_(std::move(schema)) {
  plans_.reserve(schema_->columns.size());
  for (const model::ColumnSchema& column : schema_->columns) {
    ColumnPlan plan;
    plan.collation = column.collation;
    const std::string name = QuoteIdentifier(column.name);
    std::string select = name;  // the plain column, unless the kind needs an expression
    switch (column.kind) {
      case ValueKind::kInt64:
      case ValueKind::kUInt64: {
        unsigned bits = column.type == FieldType::kTiny     ? 8
                        : column.type == FieldType::kShort  ? 16
                        : column.type == FieldType::kInt24  ? 24
                        : column.type == FieldType::kLong   ? 32
                                                            : 64;
        if (column.kind == ValueKind::kInt64) {
          plan.parse = Parse::kSigned;
          plan.max = (uint64_t{1} << (bits - 1)) - 1;
          plan.min = -static_cast<int64_t>(plan.max) - 1;
        } else {
          plan.parse = Parse::kUnsigned;
          plan.max = bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
        }
        break;
      }
      case ValueKind::kFloat:
      case ValueKind::kDouble:
        plan.parse = column.kind == ValueKind::kFloat ? Parse::kFloat : Parse::kDouble;
        // CAST to DOUBLE prints the shortest round-trip digits (a FLOAT widened exactly; no FLOAT(M,D) or
        // DOUBLE(M,D) rounding); ATAN2(-0, -1) = -pi tells negative zero, which SELECT prints as 0.
        select = "IF(" + name + " = 0 AND ATAN2(" + name + ", -1) < 0, '-0', CAST(" + name + " AS DOUBLE))";
        break;
      case ValueKind::kDecimal:
        plan.parse = Parse::kDecimal;
        plan.precision = static_cast<uint8_t>(column.meta >> 8);
        plan.scale = static_cast<uint8_t>(column.meta & 0xff);
        break;
      case ValueKind::kYear: plan.parse = Parse::kYear; break;
      case ValueKind::kDate: plan.parse = Parse::kDate; break;
      case ValueKind::kTime:
      case ValueKind::kDateTime:
      case ValueKind::kTimestamp: {
        plan.parse = column.kind == ValueKind::kTime       ? Parse::kTime
                     : column.kind == ValueKind::kDateTime ? Parse::kDateTime
                                                           : Parse::kTimestamp;
        bool fractional = column.type == FieldType::kTime2 || column.type == FieldType::kDateTime2 ||
                          column.type == FieldType::kTimestamp2;
        plan.fsp = fractional ? static_cast<uint8_t>(column.meta) : 0;
        break;
      }
      case ValueKind::kBit: {
        unsigned bits = (column.meta >> 8) * 8u + (column.meta & 0xff);
        plan.parse = Parse::kBit;
        plan.bit_bytes = static_cast<uint8_t>((bits + 7) / 8);
        plan.max = bits >= 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1;
        break;
      }
      case ValueKind::kEnum:
        plan.parse = Parse::kEnum;
        plan.max = column.labels.empty() ? 65535 : column.labels.size();
        select = name + "+0";
        break;
      case ValueKind::kSet:
        plan.parse = Parse::kSet;
        plan.max = column.labels.empty() || column.labels.size() >= 64 ? UINT64_MAX
                                                                        : (uint64_t{1} << column.labels.size()) - 1;
        select = name + "+0";
        break;
      case ValueKind::kString:
      case ValueKind::kJson:
      case ValueKind::kBinary:
      case ValueKind::kGeometry:
      case ValueKind::kVector: {
        if (column.kind == ValueKind::kJson && column.type == FieldType::kJson) {
          plan.parse = Parse::kJsonText;  // MySQL's JSON type: the server's text
          break;
        }
        if (column.kind == ValueKind::kVector) {
          plan.parse = Parse::kVector;
          break;
        }
        if (column.type == FieldType::kString) plan.max_length = binlog::StringMaxLength(column.meta);
        if (column.type == FieldType::kVarchar || column.type == FieldType::kVarString ||
            column.type == FieldType::kVarcharCompressed) {
          plan.max_length = column.meta;
        }
        if (column.kind == ValueKind::kBinary || column.kind == ValueKind::kGeometry ||
            column.collation == model::kBinaryCollation) {
          plan.parse = Parse::kBytes;
          plan.pad_binary = column.type == FieldType::kString && column.collation == model::kBinaryCollation;
        } else {
          // The stored bytes in the column's character set; AppendUtf8 converts them as the decoder does.
          plan.parse = column.collation == 0 ? Parse::kAsIs : Parse::kConvert;
          select = "CAST(" + name + " AS BINARY)";
        }
        break;
      }
      case ValueKind::kUuid: plan.parse = Parse::kUuid; break;
      case ValueKind::kInet4: plan.parse = Parse::kInet4; break;
      case ValueKind::kInet6: plan.parse = Parse::kInet6; break;
    }
    if (!select_list_.empty()) select_list_.push_back(',');
    select_list_ += select;
    plans_.push_back(plan);
  }
}

const std::vector<std::string>& RowReader::SessionSetup() {
  static const std::vector<std::string> kStatements = {
      "SET time_zone = '+00:00'",
      "SET NAMES utf8mb4",
      "SET SESSION sql_mode = ''",
  };
  return kStatements;
}

Status RowReader::AppendInsert(const mysql::TextRow& row, uint32_t origin_index, model::ChangeBatch* batch) {
  if (row.count != plans_.size()) {
    return Status::Corruption("rows of " + schema_->schema_name + "." + schema_->table_name,
                              "a row has " + std::to_string(row.count) + " cells for " +
                                  std::to_string(plans_.size()) + " columns");
  }
  for (uint32_t column_idx = 0; column_idx < row.count; ++column_idx) {
    model::ColumnVector& column = batch->column(column_idx);
    if (row.is_null(column_idx)) {
      column.AppendNull();
      continue;
    }
    Status status = AppendCell(plans_[column_idx], row.cell(column_idx), &column);
    if (!status.ok()) {
      batch->AbandonImage();
      return CellError(column_idx, row.cell(column_idx), status.message());
    }
  }
  uint32_t image = batch->FinishImage();
  batch->AddChange({model::ChangeOp::kInsert, model::RowChange::kNoImage, image, origin_index});
  return Status::OK();
}

Status RowReader::AppendCell(const ColumnPlan& plan, std::string_view text, model::ColumnVector* column) {
  auto bad = [](std::string_view why) { return Status::Corruption(why); };
  switch (plan.parse) {
    case Parse::kSigned: {
      int64_t value = 0;
      if (!ParseWhole(text, &value)) return bad("not an integer");
      if (value < plan.min || (value > 0 && static_cast<uint64_t>(value) > plan.max)) {
        return bad("out of the column type's range");
      }
      column->AppendSlot(static_cast<uint64_t>(value));
      return Status::OK();
    }
    case Parse::kUnsigned:
    case Parse::kEnum:
    case Parse::kSet: {
      uint64_t value = 0;
      int64_t negative = 0;
      // `set`+0 is a signed BIGINT: a SET of 64 members with the last one set prints negative.
      if (plan.parse == Parse::kSet && text.starts_with('-') && ParseWhole(text, &negative)) {
        value = static_cast<uint64_t>(negative);
      } else if (!ParseWhole(text, &value)) {
        return bad("not an unsigned integer");
      }
      if (value > plan.max) return bad("out of the column type's range");
      column->AppendSlot(value);
      return Status::OK();
    }
    case Parse::kFloat:
    case Parse::kDouble: {
      double value = 0;
      if (!ParseDouble(text, &value)) return bad("not a floating-point number");
      if (plan.parse == Parse::kDouble) {
        column->AppendSlot(std::bit_cast<uint64_t>(value));
        return Status::OK();
      }
      float narrow = static_cast<float>(value);
      if (static_cast<double>(narrow) != value) return bad("not exactly a FLOAT (binary32) value");
      column->AppendSlot(std::bit_cast<uint32_t>(narrow));
      return Status::OK();
    }
    case Parse::kDecimal:
      if (!IsDecimalText(text, plan.precision, plan.scale)) return bad("not a DECIMAL of this precision and scale");
      column->AppendBytes(text);
      return Status::OK();
    case Parse::kYear: {
      uint32_t year = 0;
      if (text.size() > 4 || !ParseWhole(text, &year)) return bad("not a YEAR");
      if (year != 0 && (year < 1901 || year > 2155)) return bad("YEAR out of range");
      column->AppendSlot(year);
      return Status::OK();
    }
    case Parse::kDate: {
      size_t pos = 0;
      model::PackedDate date;
      if (!ParseDate(text, &pos, &date) || pos != text.size()) return bad("not a DATE");
      column->AppendSlot(date.Pack());
      return Status::OK();
    }
    case Parse::kTime: {
      model::PackedTime time;
      if (!ParseTime(text, plan.fsp, &time)) return bad("not a TIME of this precision");
      column->AppendSlot(time.Pack());
      return Status::OK();
    }
    case Parse::kDateTime: {
      model::PackedDateTime datetime;
      if (!ParseDateTime(text, plan.fsp, &datetime)) return bad("not a DATETIME of this precision");
      column->AppendSlot(datetime.Pack());
      return Status::OK();
    }
    case Parse::kTimestamp: {
      model::PackedTimestamp timestamp;
      if (!ParseTimestamp(text, plan.fsp, &timestamp)) {
        return bad("not a TIMESTAMP of this precision in UTC (is the session time_zone '+00:00'?)");
      }
      column->AppendSlot(timestamp.Pack());
      return Status::OK();
    }
    case Parse::kBit: {
      // The text protocol sends a BIT value as its big-endian bytes.
      if (text.empty() || text.size() > 8) return bad("BIT value of " + std::to_string(text.size()) + " bytes");
      uint64_t value = LoadBE(reinterpret_cast<const uint8_t*>(text.data()), text.size());
      if (value > plan.max) return bad("BIT value wider than the column");
      column->AppendSlot(value);
      return Status::OK();
    }
    case Parse::kConvert: {
      if (plan.max_length != 0 && text.size() > plan.max_length) return bad("longer than the column's maximum");
      Status status = binlog::AppendUtf8(plan.collation, AsBytes(text), column->bytes_buffer());
      if (!status.ok()) return status;
      column->FinishBytes();
      return Status::OK();
    }
    case Parse::kAsIs:
    case Parse::kBytes: {
      if (plan.max_length != 0 && text.size() > plan.max_length) return bad("longer than the column's maximum");
      std::string* buffer = column->bytes_buffer();
      buffer->append(text);
      if (plan.pad_binary && text.size() < plan.max_length) buffer->append(plan.max_length - text.size(), '\0');
      column->FinishBytes();
      return Status::OK();
    }
    case Parse::kJsonText:
      if (!binlog::IsValidUtf8(text)) return bad("JSON text is not valid UTF-8");
      column->AppendBytes(text);
      return Status::OK();
    case Parse::kUuid: {
      uint8_t bytes[16];
      if (!ParseUuid(text, bytes)) return bad("not a UUID");
      column->AppendBytes(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
      return Status::OK();
    }
    case Parse::kInet4: {
      uint8_t bytes[4];
      if (!ParseAddress(AF_INET, text, bytes)) return bad("not an INET4 address");
      column->AppendSlot(LoadBE(bytes, sizeof(bytes)));
      return Status::OK();
    }
    case Parse::kInet6: {
      uint8_t bytes[16];
      if (!ParseAddress(AF_INET6, text, bytes)) return bad("not an INET6 address");
      column->AppendBytes(std::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
      return Status::OK();
    }
    case Parse::kVector:
      if (text.size() % 4 != 0) return bad("VECTOR of " + std::to_string(text.size()) + " bytes, not a multiple of 4");
      column->AppendBytes(text);
      return Status::OK();
  }
  return bad("unknown parse");
}

Status RowReader::CellError(size_t column_idx, std::string_view text, std::string_view detail) const {
  constexpr size_t kShown = 64;
  std::string shown;
  for (char c : text.substr(0, kShown)) {
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
      shown.push_back(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      shown += "\\x";
      shown.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
      shown.push_back(kHex[static_cast<unsigned char>(c) & 0x0f]);
    }
  }
  if (text.size() > kShown) shown += "...";
  return Status::Corruption("SELECT of " + schema_->schema_name + "." + schema_->table_name + " column " +
                                schema_->columns[column_idx].name,
                            "cell '" + shown + "': " + std::string(detail));
}

std::string_view ToString(RowReader::Parse parse) {
  using Parse = RowReader::Parse;
  switch (parse) {
    case Parse::kSigned: return "signed";
    case Parse::kUnsigned: return "unsigned";
    case Parse::kFloat: return "float";
    case Parse::kDouble: return "double";
    case Parse::kDecimal: return "decimal";
    case Parse::kYear: return "year";
    case Parse::kDate: return "date";
    case Parse::kTime: return "time";
    case Parse::kDateTime: return "datetime";
    case Parse::kTimestamp: return "timestamp";
    case Parse::kBit: return "bit";
    case Parse::kEnum: return "enum";
    case Parse::kSet: return "set";
    case Parse::kConvert: return "convert";
    case Parse::kAsIs: return "as_is";
    case Parse::kBytes: return "bytes";
    case Parse::kJsonText: return "json_text";
    case Parse::kUuid: return "uuid";
    case Parse::kInet4: return "inet4";
    case Parse::kInet6: return "inet6";
    case Parse::kVector: return "vector";
  }
  return "unknown";
}

}  // namespace cdc::snapshot
