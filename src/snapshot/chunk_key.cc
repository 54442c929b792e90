#include "snapshot/chunk_key.h"

#include <bit>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "model/value_text.h"

namespace cdc::snapshot {
namespace {

using model::ValueKind;

// Character-string collations whose order is the code point order of the UTF-8 text (MySQL and
// MariaDB compare utf8 *_bin by code point, which UTF-8 byte order preserves). PAD SPACE: a shorter
// string compares as if padded with spaces; NO PAD: plain byte order.
enum class BinaryCollation : uint8_t { kNone, kPadSpace, kNoPad };

BinaryCollation BinaryCollationOf(uint16_t collation) {
  switch (collation) {
    case 46:    // utf8mb4_bin
    case 65:    // ascii_bin
    case 83:    // utf8mb3_bin
      return BinaryCollation::kPadSpace;
    case 309:   // utf8mb4_0900_bin (MySQL)
    case 1070:  // utf8mb4_nopad_bin (MariaDB)
    case 1089:  // ascii_nopad_bin
    case 1107:  // utf8mb3_nopad_bin
      return BinaryCollation::kNoPad;
    default: return BinaryCollation::kNone;
  }
}

bool CanBeBoundary(ValueKind kind) {
  return kind != ValueKind::kJson && kind != ValueKind::kGeometry && kind != ValueKind::kVector;
}

template <typename T>
int Compare3(T a, T b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

int CompareBytes(std::string_view a, std::string_view b) {
  int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c != 0) return c < 0 ? -1 : 1;
  return Compare3(a.size(), b.size());
}

// PAD SPACE: the common prefix decides, then the rest of the longer string against spaces.
int ComparePadSpace(std::string_view a, std::string_view b) {
  size_t common = std::min(a.size(), b.size());
  int c = std::memcmp(a.data(), b.data(), common);
  if (c != 0) return c < 0 ? -1 : 1;
  std::string_view rest = a.size() > b.size() ? a.substr(common) : b.substr(common);
  int sign = a.size() > b.size() ? 1 : -1;
  for (char ch : rest) {
    auto byte = static_cast<unsigned char>(ch);
    if (byte != ' ') return byte < ' ' ? -sign : sign;
  }
  return 0;
}

// Exact DECIMAL text as the decoder stores it: [-]digits[.digits], every value of a column with the
// same number of fraction digits.
int CompareDecimalText(std::string_view a, std::string_view b) {
  auto split = [](std::string_view text, bool* negative) {
    *negative = !text.empty() && text[0] == '-';
    if (*negative) text.remove_prefix(1);
    while (text.size() > 1 && text[0] == '0' && text[1] != '.') text.remove_prefix(1);
    return text;
  };
  auto is_zero = [](std::string_view digits) { return digits.find_first_not_of("0.") == std::string_view::npos; };
  bool a_negative = false, b_negative = false;
  std::string_view x = split(a, &a_negative), y = split(b, &b_negative);
  if (is_zero(x)) a_negative = false;
  if (is_zero(y)) b_negative = false;
  if (a_negative != b_negative) return a_negative ? -1 : 1;
  size_t x_int = std::min(x.find('.'), x.size()), y_int = std::min(y.find('.'), y.size());
  int magnitude = x_int != y_int ? Compare3(x_int, y_int) : CompareBytes(x, y);
  return a_negative ? -magnitude : magnitude;
}

int64_t TimeMicros(uint64_t slot) {
  model::PackedTime t = model::PackedTime::Unpack(slot);
  int64_t micros = ((int64_t{t.hours} * 60 + t.minutes) * 60 + t.seconds) * 1000000 + t.micros;
  return t.negative ? -micros : micros;
}

void AppendHex(std::string_view bytes, std::string* out) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (char ch : bytes) {
    auto byte = static_cast<unsigned char>(ch);
    out->push_back(kDigits[byte >> 4]);
    out->push_back(kDigits[byte & 0xf]);
  }
}

bool ParseHex(std::string_view hex, std::string* out) {
  if (hex.size() % 2 != 0) return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    unsigned value = 0;
    auto [end, error] = std::from_chars(hex.data() + i, hex.data() + i + 2, value, 16);
    if (error != std::errc() || end != hex.data() + i + 2) return false;
    out->push_back(static_cast<char>(value));
  }
  return true;
}

// A one-cell column holding `part`, so that value_text renders it the way the CSV files do.
model::ColumnVector CellOf(ValueKind kind, const KeyPart& part) {
  model::ColumnVector cell;
  if (model::IsBytesKind(kind)) {
    cell.AppendBytes(part.bytes);
  } else {
    cell.AppendSlot(part.slot);
  }
  return cell;
}

void AppendLiteral(const model::ColumnSchema& column, const KeyPart& part, std::string* out) {
  switch (column.kind) {
    case ValueKind::kInt64: out->append(std::to_string(static_cast<int64_t>(part.slot))); return;
    case ValueKind::kUInt64:
    case ValueKind::kBit:
    case ValueKind::kEnum:  // compared by index, as ORDER BY sorts ENUM
    case ValueKind::kSet:   // compared by bitmask
    case ValueKind::kYear: out->append(std::to_string(part.slot)); return;
    case ValueKind::kFloat: {
      // The exact value of the binary32 number as a double: the server widens the FLOAT column to
      // double for the comparison, so a shorter text such as 0.1 would not equal the stored value.
      float value = std::bit_cast<float>(static_cast<uint32_t>(part.slot));
      char buffer[64];
      auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), static_cast<double>(value));
      out->append(buffer, error == std::errc() ? end : buffer);
      return;
    }
    case ValueKind::kDouble: {
      char buffer[64];
      auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), std::bit_cast<double>(part.slot));
      out->append(buffer, error == std::errc() ? end : buffer);
      return;
    }
    case ValueKind::kDecimal: out->append(part.bytes); return;
    case ValueKind::kDate:
    case ValueKind::kTime:
    case ValueKind::kDateTime:
    case ValueKind::kTimestamp:  // UTC text; the reading session runs with time_zone '+00:00'
    case ValueKind::kUuid:
    case ValueKind::kInet4:
    case ValueKind::kInet6: {
      out->push_back('\'');
      model::ColumnVector cell = CellOf(column.kind, part);
      model::AppendValueText(column, cell, 0, out);  // digits, '-', ':', '.', hex: nothing to escape
      out->push_back('\'');
      return;
    }
    case ValueKind::kString:
      out->append("_utf8mb4 X'");
      AppendHex(part.bytes, out);
      out->push_back('\'');
      return;
    case ValueKind::kBinary:
    case ValueKind::kJson:
    case ValueKind::kGeometry:
    case ValueKind::kVector:
      out->append("X'");
      AppendHex(part.bytes, out);
      out->push_back('\'');
      return;
  }
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) {
  std::string quoted = "`";
  for (char ch : name) {
    if (ch == '`') quoted.push_back('`');
    quoted.push_back(ch);
  }
  quoted.push_back('`');
  return quoted;
}

bool KeyColumnOrderable(const model::ColumnSchema& column) {
  switch (column.kind) {
    case ValueKind::kInt64:
    case ValueKind::kUInt64:
    case ValueKind::kFloat:
    case ValueKind::kDouble:
    case ValueKind::kDecimal:
    case ValueKind::kYear:
    case ValueKind::kDate:
    case ValueKind::kTime:
    case ValueKind::kDateTime:
    case ValueKind::kTimestamp:
    case ValueKind::kBit:
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kBinary:
    case ValueKind::kInet4:
    case ValueKind::kInet6: return true;
    case ValueKind::kString: return BinaryCollationOf(column.collation) != BinaryCollation::kNone;
    case ValueKind::kUuid:
    case ValueKind::kJson:
    case ValueKind::kGeometry:
    case ValueKind::kVector: return false;
  }
  return false;
}

ChunkingKey ChooseChunkingKey(const model::TableSchema& schema, const std::vector<std::vector<uint32_t>>& unique_keys) {
  auto usable = [&](const std::vector<uint32_t>& columns, bool must_be_not_null) {
    if (columns.empty()) return false;
    for (uint32_t column_idx : columns) {
      if (column_idx >= schema.columns.size()) return false;
      const model::ColumnSchema& column = schema.columns[column_idx];
      if (!CanBeBoundary(column.kind) || (must_be_not_null && column.nullable)) return false;
    }
    return true;
  };
  ChunkingKey key;
  bool primary = usable(schema.primary_key, false);
  if (primary) {
    key.columns = schema.primary_key;
  } else {
    for (const std::vector<uint32_t>& unique : unique_keys) {
      if (usable(unique, true)) {
        key.columns = unique;
        break;
      }
    }
  }
  key.orderable = primary;
  for (uint32_t column_idx : key.columns) key.orderable &= KeyColumnOrderable(schema.columns[column_idx]);
  return key;
}

Result<ChunkKey> ExtractChunkKey(const model::ChangeBatch& batch, uint32_t image, const ChunkingKey& key) {
  ChunkKey value;
  value.reserve(key.columns.size());
  for (uint32_t column_idx : key.columns) {
    const model::ColumnVector& column = batch.column(column_idx);
    if (image >= column.size() || !column.is_value(image)) {
      return Status::InvalidArgument("chunk key", "key column " + batch.schema().columns[column_idx].name +
                                                      " has no value in a row of " + batch.schema().table_name);
    }
    KeyPart part;
    if (model::IsBytesKind(batch.schema().columns[column_idx].kind)) {
      part.bytes = std::string(column.bytes(image));
    } else {
      part.slot = column.slot(image);
    }
    value.push_back(std::move(part));
  }
  return value;
}

int CompareChunkKeys(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& a, const ChunkKey& b) {
  for (size_t part_idx = 0; part_idx < key.columns.size(); ++part_idx) {
    const model::ColumnSchema& column = schema.columns[key.columns[part_idx]];
    const KeyPart& x = a[part_idx];
    const KeyPart& y = b[part_idx];
    int c = 0;
    switch (column.kind) {
      case ValueKind::kInt64: c = Compare3(static_cast<int64_t>(x.slot), static_cast<int64_t>(y.slot)); break;
      case ValueKind::kFloat:
        c = Compare3(std::bit_cast<float>(static_cast<uint32_t>(x.slot)),
                     std::bit_cast<float>(static_cast<uint32_t>(y.slot)));
        break;
      case ValueKind::kDouble: c = Compare3(std::bit_cast<double>(x.slot), std::bit_cast<double>(y.slot)); break;
      case ValueKind::kTime: c = Compare3(TimeMicros(x.slot), TimeMicros(y.slot)); break;
      case ValueKind::kDecimal: c = CompareDecimalText(x.bytes, y.bytes); break;
      case ValueKind::kString:
        c = BinaryCollationOf(column.collation) == BinaryCollation::kPadSpace ? ComparePadSpace(x.bytes, y.bytes)
                                                                              : CompareBytes(x.bytes, y.bytes);
        break;
      case ValueKind::kBinary:
      case ValueKind::kInet6:
      case ValueKind::kUuid:
      case ValueKind::kJson:
      case ValueKind::kGeometry:
      case ValueKind::kVector: c = CompareBytes(x.bytes, y.bytes); break;
      // Packed so that the unsigned slot order is the value order (model/value.h).
      case ValueKind::kUInt64:
      case ValueKind::kYear:
      case ValueKind::kDate:
      case ValueKind::kDateTime:
      case ValueKind::kTimestamp:
      case ValueKind::kBit:
      case ValueKind::kEnum:
      case ValueKind::kSet:
      case ValueKind::kInet4: c = Compare3(x.slot, y.slot); break;
    }
    if (c != 0) return c;
  }
  return 0;
}

std::string KeyColumnList(const model::TableSchema& schema, const ChunkingKey& key) {
  std::string list;
  for (uint32_t column_idx : key.columns) {
    if (!list.empty()) list.push_back(',');
    list += QuoteIdentifier(schema.columns[column_idx].name);
  }
  return list;
}

namespace {

// (k1 OP v1 OR (k1 = v1 AND (k2 OP v2 OR (k2 = v2 AND k3 LAST v3)))): a lexicographic comparison of the
// key with `value`, expanded so that the range optimiser sees it.
std::string KeyCondition(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& value,
                         std::string_view op, std::string_view last_op) {
  std::string sql;
  size_t open = 0;
  for (size_t part_idx = 0; part_idx < key.columns.size(); ++part_idx) {
    const model::ColumnSchema& column = schema.columns[key.columns[part_idx]];
    std::string name = QuoteIdentifier(column.name);
    std::string literal;
    AppendLiteral(column, value[part_idx], &literal);
    bool last = part_idx + 1 == key.columns.size();
    sql += "(" + name + " " + std::string(last ? last_op : op) + " " + literal;
    ++open;
    if (part_idx + 1 < key.columns.size()) {
      sql += " OR (" + name + " = " + literal + " AND ";
      ++open;
    }
  }
  sql.append(open, ')');
  return sql;
}

}  // namespace

std::string KeyAfterCondition(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& after) {
  return KeyCondition(schema, key, after, ">", ">");
}

std::string KeyAtMostCondition(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& through) {
  return KeyCondition(schema, key, through, "<", "<=");
}

std::string EncodeChunkKey(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& value) {
  nlohmann::json parts = nlohmann::json::array();
  for (size_t part_idx = 0; part_idx < key.columns.size(); ++part_idx) {
    if (model::IsBytesKind(schema.columns[key.columns[part_idx]].kind)) {
      std::string hex;
      AppendHex(value[part_idx].bytes, &hex);
      parts.push_back(hex);
    } else {
      parts.push_back(value[part_idx].slot);
    }
  }
  return parts.dump();
}

Result<ChunkKey> DecodeChunkKey(const model::TableSchema& schema, const ChunkingKey& key, std::string_view json) {
  nlohmann::json parts = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parts.is_discarded() || !parts.is_array() || parts.size() != key.columns.size()) {
    return Status::Corruption("chunk key", "not an array of " + std::to_string(key.columns.size()) + " values");
  }
  ChunkKey value(key.columns.size());
  for (size_t part_idx = 0; part_idx < key.columns.size(); ++part_idx) {
    const nlohmann::json& part = parts[part_idx];
    if (model::IsBytesKind(schema.columns[key.columns[part_idx]].kind)) {
      if (!part.is_string() || !ParseHex(part.get_ref<const std::string&>(), &value[part_idx].bytes)) {
        return Status::Corruption("chunk key", "part " + std::to_string(part_idx) + " is not a hex string");
      }
    } else {
      if (!part.is_number_unsigned()) {
        return Status::Corruption("chunk key", "part " + std::to_string(part_idx) + " is not an unsigned number");
      }
      value[part_idx].slot = part.get<uint64_t>();
    }
  }
  return value;
}

}  // namespace cdc::snapshot
