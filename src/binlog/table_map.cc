#include "binlog/table_map.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>

#include "binlog/charset.h"
#include "model/field_type.h"

namespace cdc::binlog {

using model::FieldType;

namespace {

// MySQL and MariaDB both cap a table at 4096 columns (MAX_FIELDS); Rows_event::max_fields.
constexpr uint64_t kMaxColumns = 4096;

Status TableMapCorruption(const TableMapEvent& map, std::string_view detail) {
  std::string what = "TABLE_MAP";
  if (!map.table_name.empty()) {
    what += " `" + map.schema_name + "`.`" + map.table_name + "`";
  }
  return Status::Corruption(what, detail);
}

// ENUM/SET labels arrive in the column's character set; ColumnSchema::labels are UTF-8. Labels of a
// binary or unknown (0) collation are kept as they are.
Status LabelsToUtf8(const TableMapEvent& map, uint16_t collation, const std::vector<std::string>& raw,
                    std::vector<std::string>* out) {
  if (collation == 0 || IsBinaryCollation(collation)) {
    *out = raw;
    return Status::OK();
  }
  out->clear();
  out->reserve(raw.size());
  for (const std::string& label : raw) {
    std::string utf8;
    Status status = AppendUtf8(collation, AsBytes(label), &utf8);
    if (!status.ok()) return TableMapCorruption(map, "ENUM/SET label: " + status.message());
    out->push_back(std::move(utf8));
  }
  return Status::OK();
}

// Reads the metadata bytes of one column (Field_*::save_field_metadata / do_save_field_metadata
// in sql/field.cc; read_field_metadata in MySQL sql/rpl_utility.cc).
bool ReadColumnMeta(ByteReader& in, uint8_t type, uint16_t* meta) {
  switch (static_cast<FieldType>(type)) {
    case FieldType::kFloat:
    case FieldType::kDouble:
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
    case FieldType::kBlobCompressed:
    case FieldType::kGeometry:
    case FieldType::kJson:
    case FieldType::kVector:
    case FieldType::kTime2:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp2: {
      uint8_t b;
      if (!in.ReadU8(&b)) return false;
      *meta = b;
      return true;
    }
    case FieldType::kVarchar:
    case FieldType::kVarString:
    case FieldType::kVarcharCompressed: {
      uint16_t v;
      if (!in.ReadU16(&v)) return false;
      *meta = v;
      return true;
    }
    case FieldType::kBit: {
      uint8_t bits, bytes;
      if (!in.ReadU8(&bits) || !in.ReadU8(&bytes)) return false;
      *meta = static_cast<uint16_t>(bytes << 8 | bits);
      return true;
    }
    case FieldType::kNewDecimal:
    case FieldType::kString:
    case FieldType::kEnum:
    case FieldType::kSet: {
      uint8_t b0, b1;
      if (!in.ReadU8(&b0) || !in.ReadU8(&b1)) return false;
      *meta = static_cast<uint16_t>(b0 << 8 | b1);
      return true;
    }
    default:
      *meta = 0;
      return true;
  }
}

// Reads a packed integer that must fit in 32 bits.
bool ReadPacked32(ByteReader& in, uint32_t* out) {
  uint64_t v;
  if (!in.ReadPackedInt(&v) || v > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ParseBits(ByteReader& in, std::vector<bool>* out) {
  uint8_t byte;
  while (in.ReadU8(&byte)) {
    for (int bit = 7; bit >= 0; --bit) out->push_back(((byte >> bit) & 1) != 0);
  }
  return true;
}

bool ParsePackedList(ByteReader& in, std::vector<uint32_t>* out) {
  while (!in.empty()) {
    uint32_t v;
    if (!ReadPacked32(in, &v)) return false;
    out->push_back(v);
  }
  return true;
}

bool ParseDefaultCharset(ByteReader& in, DefaultCharset* out) {
  if (!ReadPacked32(in, &out->default_collation)) return false;
  while (!in.empty()) {
    uint32_t column, collation;
    if (!ReadPacked32(in, &column) || !ReadPacked32(in, &collation)) return false;
    out->overrides.emplace_back(column, collation);
  }
  return true;
}

bool ReadLengthPrefixed(ByteReader& in, std::string* out) {
  uint64_t length;
  std::string_view text;
  if (!in.ReadPackedInt(&length) || length > in.remaining() || !in.ReadString(length, &text)) return false;
  out->assign(text);
  return true;
}

bool ParseNames(ByteReader& in, std::vector<std::string>* out) {
  while (!in.empty()) {
    out->emplace_back();
    if (!ReadLengthPrefixed(in, &out->back())) return false;
  }
  return true;
}

bool ParseLabels(ByteReader& in, std::vector<std::vector<std::string>>* out) {
  while (!in.empty()) {
    uint64_t count;
    if (!in.ReadPackedInt(&count)) return false;
    out->emplace_back();
    for (uint64_t label_idx = 0; label_idx < count; ++label_idx) {
      out->back().emplace_back();
      if (!ReadLengthPrefixed(in, &out->back().back())) return false;
    }
  }
  return true;
}

bool ParsePrimaryKey(ByteReader& in, bool with_prefix, std::vector<PrimaryKeyPart>* out) {
  while (!in.empty()) {
    PrimaryKeyPart part;
    if (!ReadPacked32(in, &part.column)) return false;
    if (with_prefix && !ReadPacked32(in, &part.prefix)) return false;
    out->push_back(part);
  }
  return true;
}

// Parses one optional-metadata field; false when its value is malformed.
bool ParseOptionalField(uint8_t type, ByteView value, OptionalMetadata* meta) {
  ByteReader in(value);
  switch (static_cast<OptionalMetadataType>(type)) {
    case OptionalMetadataType::kSignedness: return ParseBits(in, &meta->is_unsigned);
    case OptionalMetadataType::kDefaultCharset: return ParseDefaultCharset(in, &meta->default_charset);
    case OptionalMetadataType::kColumnCharset: return ParsePackedList(in, &meta->column_charsets);
    case OptionalMetadataType::kColumnName: return ParseNames(in, &meta->column_names);
    case OptionalMetadataType::kSetStrValue: return ParseLabels(in, &meta->set_labels);
    case OptionalMetadataType::kEnumStrValue: return ParseLabels(in, &meta->enum_labels);
    case OptionalMetadataType::kGeometryType: return ParsePackedList(in, &meta->geometry_types);
    case OptionalMetadataType::kSimplePrimaryKey: return ParsePrimaryKey(in, false, &meta->primary_key);
    case OptionalMetadataType::kPrimaryKeyWithPrefix: return ParsePrimaryKey(in, true, &meta->primary_key);
    case OptionalMetadataType::kEnumAndSetDefaultCharset:
      return ParseDefaultCharset(in, &meta->enum_and_set_default_charset);
    case OptionalMetadataType::kEnumAndSetColumnCharset:
      return ParsePackedList(in, &meta->enum_and_set_column_charsets);
    case OptionalMetadataType::kColumnVisibility: return ParseBits(in, &meta->visible);
    case OptionalMetadataType::kVectorDimensionality: return ParsePackedList(in, &meta->vector_dimensions);
  }
  meta->unknown_types.push_back(type);
  return true;
}

bool IsKnownOptionalType(uint8_t type) {
  return type >= static_cast<uint8_t>(OptionalMetadataType::kSignedness) &&
         type <= static_cast<uint8_t>(OptionalMetadataType::kVectorDimensionality);
}

// Resolves a DEFAULT_CHARSET / COLUMN_CHARSET pair into one collation per applicable column.
Status ResolveCharsets(const TableMapEvent& map, bool has_default, const DefaultCharset& default_charset,
                       bool has_list, const std::vector<uint32_t>& list, size_t count, std::string_view field,
                       std::vector<uint32_t>* out) {
  out->assign(count, 0);
  if (has_default) {
    std::fill(out->begin(), out->end(), default_charset.default_collation);
    for (const auto& [column, collation] : default_charset.overrides) {
      if (column >= count) {
        return TableMapCorruption(map, std::string(field) + " names column " + std::to_string(column) + " of " +
                                           std::to_string(count));
      }
      (*out)[column] = collation;
    }
  }
  if (has_list) {
    if (list.size() != count) {
      return TableMapCorruption(map, std::string(field) + " has " + std::to_string(list.size()) +
                                         " entries for " + std::to_string(count) + " columns");
    }
    *out = list;
  }
  return Status::OK();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view ToString(OptionalMetadataType type) {
  switch (type) {
    case OptionalMetadataType::kSignedness: return "SIGNEDNESS";
    case OptionalMetadataType::kDefaultCharset: return "DEFAULT_CHARSET";
    case OptionalMetadataType::kColumnCharset: return "COLUMN_CHARSET";
    case OptionalMetadataType::kColumnName: return "COLUMN_NAME";
    case OptionalMetadataType::kSetStrValue: return "SET_STR_VALUE";
    case OptionalMetadataType::kEnumStrValue: return "ENUM_STR_VALUE";
    case OptionalMetadataType::kGeometryType: return "GEOMETRY_TYPE";
    case OptionalMetadataType::kSimplePrimaryKey: return "SIMPLE_PRIMARY_KEY";
    case OptionalMetadataType::kPrimaryKeyWithPrefix: return "PRIMARY_KEY_WITH_PREFIX";
    case OptionalMetadataType::kEnumAndSetDefaultCharset: return "ENUM_AND_SET_DEFAULT_CHARSET";
    case OptionalMetadataType::kEnumAndSetColumnCharset: return "ENUM_AND_SET_COLUMN_CHARSET";
    case OptionalMetadataType::kColumnVisibility: return "COLUMN_VISIBILITY";
    case OptionalMetadataType::kVectorDimensionality: return "VECTOR_DIMENSIONALITY";
  }
  return "UNKNOWN";
}

FieldType RealType(uint8_t wire_type, uint16_t meta) {
  if (wire_type == static_cast<uint8_t>(FieldType::kString) && meta >= 256) {
    // Field_string::do_save_field_metadata: byte 0 is the real type with bits 4-5 cleared to
    // carry bits 8-9 of the length (inverted); a real type always has both bits set.
    uint8_t real = static_cast<uint8_t>(meta >> 8) | 0x30;
    if (real == static_cast<uint8_t>(FieldType::kEnum) || real == static_cast<uint8_t>(FieldType::kSet)) {
      return static_cast<FieldType>(real);
    }
    return FieldType::kString;
  }
  return static_cast<FieldType>(wire_type);
}

uint32_t StringMaxLength(uint16_t meta) {
  uint32_t byte0 = meta >> 8, byte1 = meta & 0xff;
  if (meta < 256) return meta;  // pre-5.1 layout: the length alone (never written by supported servers)
  return (((byte0 & 0x30) ^ 0x30) << 4) | byte1;
}

bool IsNumericColumn(uint8_t wire_type, bool mariadb) {
  switch (static_cast<FieldType>(wire_type)) {
    case FieldType::kTiny:
    case FieldType::kShort:
    case FieldType::kInt24:
    case FieldType::kLong:
    case FieldType::kLongLong:
    case FieldType::kFloat:
    case FieldType::kDouble:
    case FieldType::kDecimal:
    case FieldType::kNewDecimal: return true;
    case FieldType::kYear: return mariadb;
    default: return false;
  }
}

bool IsCharacterColumn(uint8_t wire_type, uint16_t meta, bool mariadb) {
  switch (RealType(wire_type, meta)) {
    case FieldType::kString:
    case FieldType::kVarString:
    case FieldType::kVarchar:
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
    case FieldType::kVector:
    // MariaDB's compressed columns are Field_str with a character set (binary for
    // VARBINARY/BLOB): both servers' rules would count them; only MariaDB writes them.
    case FieldType::kVarcharCompressed:
    case FieldType::kBlobCompressed: return true;
    case FieldType::kGeometry: return mariadb;
    default: return false;
  }
}

bool IsEnumOrSetColumn(uint8_t wire_type, uint16_t meta) {
  FieldType real = RealType(wire_type, meta);
  return real == FieldType::kEnum || real == FieldType::kSet;
}

Result<TableMapEvent> DecodeTableMap(ByteView body, const FormatDescription& format) {
  TableMapEvent map;
  map.mariadb = format.is_mariadb();
  ByteReader in(body);
  const uint8_t post_header_length = format.PostHeaderLength(EventType::kTableMap, 8);
  if (post_header_length == 6) {
    uint32_t id;
    if (!in.ReadU32(&id)) return TableMapCorruption(map, "truncated table id");
    map.table_id = id;
  } else {
    if (post_header_length < 8) return TableMapCorruption(map, "post-header shorter than 8 bytes");
    if (!in.ReadU48(&map.table_id)) return TableMapCorruption(map, "truncated table id");
  }
  if (!in.ReadU16(&map.flags)) return TableMapCorruption(map, "truncated flags");
  if (post_header_length > 8 && !in.Skip(post_header_length - 8u)) {
    return TableMapCorruption(map, "truncated post-header");
  }

  uint8_t length;
  std::string_view name;
  if (!in.ReadU8(&length) || !in.ReadString(length, &name) || !in.Skip(1)) {
    return TableMapCorruption(map, "truncated schema name");
  }
  map.schema_name.assign(name);
  if (!in.ReadU8(&length) || !in.ReadString(length, &name) || !in.Skip(1)) {
    return TableMapCorruption(map, "truncated table name");
  }
  map.table_name.assign(name);

  uint64_t column_count;
  if (!in.ReadPackedInt(&column_count)) return TableMapCorruption(map, "truncated column count");
  if (column_count == 0 || column_count > kMaxColumns) {
    return TableMapCorruption(map, "column count " + std::to_string(column_count) + " out of range 1..4096");
  }
  ByteView types;
  if (!in.ReadBytes(column_count, &types)) return TableMapCorruption(map, "truncated column types");
  map.column_types.assign(types.begin(), types.end());
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (!model::IsKnownRowFieldType(types[column_idx])) {
      return TableMapCorruption(map, "column " + std::to_string(column_idx + 1) + " has unknown type " +
                                         std::to_string(types[column_idx]));
    }
  }

  uint64_t meta_length;
  ByteView meta_bytes;
  if (!in.ReadPackedInt(&meta_length) || !in.ReadBytes(meta_length, &meta_bytes)) {
    return TableMapCorruption(map, "truncated column metadata");
  }
  ByteReader meta_in(meta_bytes);
  map.column_meta.resize(column_count);
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (!ReadColumnMeta(meta_in, types[column_idx], &map.column_meta[column_idx])) {
      return TableMapCorruption(map, "column metadata block too short for the column types");
    }
  }
  if (!meta_in.empty()) return TableMapCorruption(map, "column metadata block longer than the column types need");

  ByteView null_bits;
  if (!in.ReadBytes((column_count + 7) / 8, &null_bits)) return TableMapCorruption(map, "truncated null bitmap");
  map.nullable.resize(column_count);
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    map.nullable[column_idx] = ((null_bits[column_idx / 8] >> (column_idx % 8)) & 1) != 0;
  }

  // Optional metadata: TLVs to the end of the body.
  while (!in.empty()) {
    uint8_t type;
    uint64_t value_length;
    ByteView value;
    if (!in.ReadU8(&type) || !in.ReadPackedInt(&value_length) || !in.ReadBytes(value_length, &value)) {
      return TableMapCorruption(map, "truncated optional metadata field");
    }
    if (IsKnownOptionalType(type)) map.optional.present |= uint32_t{1} << type;
    if (!ParseOptionalField(type, value, &map.optional)) {
      return TableMapCorruption(
          map, "malformed optional metadata field " + std::string(ToString(static_cast<OptionalMetadataType>(type))));
    }
  }
  return map;
}

model::ValueKind ChooseValueKind(const model::ColumnSchema& column) {
  using model::ValueKind;
  switch (column.type) {
    case FieldType::kTiny:
    case FieldType::kShort:
    case FieldType::kInt24:
    case FieldType::kLong:
    case FieldType::kLongLong: return column.is_unsigned ? ValueKind::kUInt64 : ValueKind::kInt64;
    case FieldType::kFloat: return ValueKind::kFloat;
    case FieldType::kDouble: return ValueKind::kDouble;
    case FieldType::kDecimal:
    case FieldType::kNewDecimal: return ValueKind::kDecimal;
    case FieldType::kYear: return ValueKind::kYear;
    case FieldType::kBit: return ValueKind::kBit;
    case FieldType::kDate:
    case FieldType::kNewDate: return ValueKind::kDate;
    case FieldType::kTime:
    case FieldType::kTime2: return ValueKind::kTime;
    case FieldType::kDateTime:
    case FieldType::kDateTime2: return ValueKind::kDateTime;
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2: return ValueKind::kTimestamp;
    case FieldType::kEnum: return ValueKind::kEnum;
    case FieldType::kSet: return ValueKind::kSet;
    case FieldType::kJson: return ValueKind::kJson;
    case FieldType::kGeometry: return ValueKind::kGeometry;
    case FieldType::kVector: return ValueKind::kVector;
    case FieldType::kString:
    case FieldType::kVarchar:
    case FieldType::kVarString:
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
    case FieldType::kVarcharCompressed:
    case FieldType::kBlobCompressed: {
      // MariaDB's UUID, INET4 and INET6 travel as BINARY(16)/BINARY(4)/BINARY(16)
      // (Binlog_type_info_fixed_string); only an information_schema hint tells them apart.
      if (column.type == FieldType::kString) {
        uint32_t length = StringMaxLength(column.meta);
        if (length == 16 && EqualsIgnoreCase(column.sql_type, "uuid")) return ValueKind::kUuid;
        if (length == 4 && EqualsIgnoreCase(column.sql_type, "inet4")) return ValueKind::kInet4;
        if (length == 16 && EqualsIgnoreCase(column.sql_type, "inet6")) return ValueKind::kInet6;
      }
      // MariaDB's JSON is a LONGTEXT with a json_valid check: text, rendered as JSON.
      if (EqualsIgnoreCase(column.sql_type, "json") && column.collation != model::kBinaryCollation) {
        return ValueKind::kJson;
      }
      return column.collation == model::kBinaryCollation ? ValueKind::kBinary : ValueKind::kString;
    }
    case FieldType::kNull:
    case FieldType::kTypedArray:
    case FieldType::kInvalid:
    case FieldType::kBool: return ValueKind::kBinary;
  }
  return ValueKind::kBinary;
}

Result<model::TableSchemaPtr> MakeTableSchema(const TableMapEvent& map) {
  const size_t column_count = map.column_count();
  if (column_count == 0 || map.column_meta.size() != column_count || map.nullable.size() != column_count) {
    return TableMapCorruption(map, "column lists of different lengths");
  }
  const OptionalMetadata& opt = map.optional;
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = map.schema_name;
  schema->table_name = map.table_name;
  schema->columns.resize(column_count);

  // Count the columns each per-column list applies to.
  size_t numeric = 0, character = 0, character_other_flavor = 0, enum_or_set = 0, enums = 0, sets = 0,
         geometries = 0, vectors = 0;
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    uint8_t wire = map.column_types[column_idx];
    uint16_t meta = map.column_meta[column_idx];
    FieldType real = RealType(wire, meta);
    numeric += IsNumericColumn(wire, map.mariadb);
    character += IsCharacterColumn(wire, meta, map.mariadb);
    character_other_flavor += IsCharacterColumn(wire, meta, !map.mariadb);
    enum_or_set += IsEnumOrSetColumn(wire, meta);
    enums += real == FieldType::kEnum;
    sets += real == FieldType::kSet;
    geometries += real == FieldType::kGeometry;
    vectors += real == FieldType::kVector;
  }
  auto check_count = [&](OptionalMetadataType type, size_t have, size_t want) -> Status {
    if (!opt.Has(type) || have == want) return Status::OK();
    return TableMapCorruption(map, std::string(ToString(type)) + " has " + std::to_string(have) + " entries for " +
                                       std::to_string(want) + " columns");
  };
  auto padded = [](size_t bits) { return (bits + 7) / 8 * 8; };
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kSignedness, opt.is_unsigned.size(), padded(numeric)));
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kColumnName, opt.column_names.size(), column_count));
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kSetStrValue, opt.set_labels.size(), sets));
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kEnumStrValue, opt.enum_labels.size(), enums));
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kGeometryType, opt.geometry_types.size(), geometries));
  CDC_RETURN_IF_ERROR(check_count(OptionalMetadataType::kColumnVisibility, opt.visible.size(), padded(column_count)));
  CDC_RETURN_IF_ERROR(
      check_count(OptionalMetadataType::kVectorDimensionality, opt.vector_dimensions.size(), vectors));

  // The servers disagree on GEOMETRY in the character-column list; a COLUMN_CHARSET list
  // settles which rule wrote it.
  bool character_flavor = map.mariadb;
  if (opt.Has(OptionalMetadataType::kColumnCharset) && opt.column_charsets.size() != character &&
      opt.column_charsets.size() == character_other_flavor) {
    character_flavor = !map.mariadb;
    character = character_other_flavor;
  }
  std::vector<uint32_t> character_collations, enum_set_collations;
  CDC_RETURN_IF_ERROR(ResolveCharsets(map, opt.Has(OptionalMetadataType::kDefaultCharset), opt.default_charset,
                                      opt.Has(OptionalMetadataType::kColumnCharset), opt.column_charsets, character,
                                      "COLUMN_CHARSET", &character_collations));
  CDC_RETURN_IF_ERROR(ResolveCharsets(
      map, opt.Has(OptionalMetadataType::kEnumAndSetDefaultCharset), opt.enum_and_set_default_charset,
      opt.Has(OptionalMetadataType::kEnumAndSetColumnCharset), opt.enum_and_set_column_charsets, enum_or_set,
      "ENUM_AND_SET_COLUMN_CHARSET", &enum_set_collations));

  size_t numeric_idx = 0, character_idx = 0, enum_set_idx = 0, enum_idx = 0, set_idx = 0, geometry_idx = 0,
         vector_idx = 0;
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    model::ColumnSchema& column = schema->columns[column_idx];
    uint8_t wire = map.column_types[column_idx];
    uint16_t meta = map.column_meta[column_idx];
    column.type = RealType(wire, meta);
    column.meta = meta;
    column.nullable = map.nullable[column_idx];
    if (opt.Has(OptionalMetadataType::kColumnName)) column.name = opt.column_names[column_idx];
    if (opt.Has(OptionalMetadataType::kColumnVisibility)) column.visible = opt.visible[column_idx];
    if (IsNumericColumn(wire, map.mariadb)) {
      if (opt.Has(OptionalMetadataType::kSignedness)) column.is_unsigned = opt.is_unsigned[numeric_idx];
      ++numeric_idx;
    }
    uint32_t collation = 0;
    if (IsCharacterColumn(wire, meta, character_flavor)) {
      collation = character_collations[character_idx++];
    } else if (IsEnumOrSetColumn(wire, meta)) {
      collation = enum_set_collations[enum_set_idx++];
    }
    if (collation > UINT16_MAX) {
      return TableMapCorruption(map, "collation id " + std::to_string(collation) + " out of range");
    }
    column.collation = static_cast<uint16_t>(collation);
    if (column.type == FieldType::kEnum) {
      if (opt.Has(OptionalMetadataType::kEnumStrValue)) {
        CDC_RETURN_IF_ERROR(LabelsToUtf8(map, column.collation, opt.enum_labels[enum_idx], &column.labels));
      }
      ++enum_idx;
    } else if (column.type == FieldType::kSet) {
      if (opt.Has(OptionalMetadataType::kSetStrValue)) {
        CDC_RETURN_IF_ERROR(LabelsToUtf8(map, column.collation, opt.set_labels[set_idx], &column.labels));
      }
      ++set_idx;
    } else if (column.type == FieldType::kGeometry) {
      if (opt.Has(OptionalMetadataType::kGeometryType)) column.geometry_type = opt.geometry_types[geometry_idx];
      ++geometry_idx;
    } else if (column.type == FieldType::kVector) {
      if (opt.Has(OptionalMetadataType::kVectorDimensionality)) {
        column.vector_dimensions = opt.vector_dimensions[vector_idx];
      }
      ++vector_idx;
    }
    column.kind = ChooseValueKind(column);
  }
  for (const PrimaryKeyPart& part : opt.primary_key) {
    if (part.column >= column_count) {
      return TableMapCorruption(map, "primary key names column " + std::to_string(part.column) + " of " +
                                         std::to_string(column_count));
    }
    schema->columns[part.column].in_primary_key = true;
    schema->primary_key.push_back(part.column);
  }
  return model::TableSchemaPtr(std::move(schema));
}

}  // namespace cdc::binlog
