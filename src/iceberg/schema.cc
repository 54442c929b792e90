#include "iceberg/schema.h"

#include <charconv>
#include <set>

namespace cdc::iceberg {

std::string Type::ToString() const {
  switch (kind) {
    case TypeKind::kBoolean:
      return "boolean";
    case TypeKind::kInt:
      return "int";
    case TypeKind::kLong:
      return "long";
    case TypeKind::kFloat:
      return "float";
    case TypeKind::kDouble:
      return "double";
    case TypeKind::kDecimal:
      return "decimal(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
    case TypeKind::kDate:
      return "date";
    case TypeKind::kTime:
      return "time";
    case TypeKind::kTimestamp:
      return "timestamp";
    case TypeKind::kTimestampTz:
      return "timestamptz";
    case TypeKind::kString:
      return "string";
    case TypeKind::kUuid:
      return "uuid";
    case TypeKind::kFixed:
      return "fixed[" + std::to_string(length) + "]";
    case TypeKind::kBinary:
      return "binary";
  }
  return "unknown";
}

namespace {

// Parses a non-negative decimal integer that fills `text` (after trimming spaces).
std::optional<int32_t> ParseNumber(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  int32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<Type> Type::Parse(std::string_view name) {
  static constexpr std::pair<std::string_view, TypeKind> kSimple[] = {
      {"boolean", TypeKind::kBoolean},
      {"int", TypeKind::kInt},
      {"long", TypeKind::kLong},
      {"float", TypeKind::kFloat},
      {"double", TypeKind::kDouble},
      {"date", TypeKind::kDate},
      {"time", TypeKind::kTime},
      {"timestamp", TypeKind::kTimestamp},
      {"timestamptz", TypeKind::kTimestampTz},
      {"string", TypeKind::kString},
      {"uuid", TypeKind::kUuid},
      {"binary", TypeKind::kBinary},
  };
  for (const auto& [text, kind] : kSimple) {
    if (name == text) return Type::Of(kind);
  }
  if (name.starts_with("decimal(") && name.ends_with(")")) {
    const std::string_view inner = name.substr(8, name.size() - 9);
    const size_t comma = inner.find(',');
    if (comma != std::string_view::npos) {
      std::optional<int32_t> precision = ParseNumber(inner.substr(0, comma));
      std::optional<int32_t> scale = ParseNumber(inner.substr(comma + 1));
      if (precision && scale && *precision >= 1 && *precision <= 38 && *scale <= *precision) {
        return Type::Decimal(*precision, *scale);
      }
    }
    return Status::Corruption("iceberg type", "bad decimal " + std::string(name));
  }
  if (name.starts_with("fixed[") && name.ends_with("]")) {
    std::optional<int32_t> length = ParseNumber(name.substr(6, name.size() - 7));
    if (length && *length >= 1) return Type::Fixed(*length);
    return Status::Corruption("iceberg type", "bad fixed " + std::string(name));
  }
  if (name == "unknown" || name == "variant" || name.starts_with("timestamp_ns") ||
      name.starts_with("timestamptz_ns") || name.starts_with("geometry") || name.starts_with("geography")) {
    return Status::NotSupported("iceberg type", std::string(name) + " (a v3 type)");
  }
  return Status::Corruption("iceberg type", "unknown type " + std::string(name));
}

const SchemaField* Schema::FindField(FieldId id) const {
  for (const SchemaField& field : fields) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

const SchemaField* Schema::FindField(std::string_view name) const {
  for (const SchemaField& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

FieldId Schema::HighestFieldId() const {
  FieldId highest = 0;
  for (const SchemaField& field : fields) highest = std::max(highest, field.id);
  return highest;
}

Type IcebergTypeOf(const model::ColumnSchema& column) {
  using model::FieldType;
  using model::ValueKind;
  switch (column.kind) {
    case ValueKind::kInt64:
      return Type::Of(column.type == FieldType::kLongLong ? TypeKind::kLong : TypeKind::kInt);
    case ValueKind::kUInt64:
      switch (column.type) {
        case FieldType::kTiny:
        case FieldType::kShort:
        case FieldType::kInt24:
          return Type::Of(TypeKind::kInt);  // at most 16777215
        case FieldType::kLong:
          return Type::Of(TypeKind::kLong);  // up to 4294967295
        default:
          return Type::Decimal(20, 0);  // up to 18446744073709551615
      }
    case ValueKind::kFloat:
      return Type::Of(TypeKind::kFloat);
    case ValueKind::kDouble:
      return Type::Of(TypeKind::kDouble);
    case ValueKind::kDecimal: {
      const int precision = column.meta >> 8;
      const int scale = column.meta & 0xff;
      if (precision >= 1 && precision <= 38 && scale <= precision) return Type::Decimal(precision, scale);
      return Type::Of(TypeKind::kString);  // the exact text, as in Parquet change files
    }
    case ValueKind::kYear:
      return Type::Of(TypeKind::kInt);
    case ValueKind::kDate:
      return Type::Of(TypeKind::kDate);
    case ValueKind::kTime:
      return Type::Of(TypeKind::kLong);  // signed microseconds: Iceberg's time is a time of day
    case ValueKind::kDateTime:
      return Type::Of(TypeKind::kTimestamp);
    case ValueKind::kTimestamp:
      return Type::Of(TypeKind::kTimestampTz);
    case ValueKind::kBit:
      return Type::Of(TypeKind::kLong);
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kString:
    case ValueKind::kJson:
    case ValueKind::kInet4:
    case ValueKind::kInet6:
      return Type::Of(TypeKind::kString);
    case ValueKind::kBinary:
    case ValueKind::kGeometry:
    case ValueKind::kVector:
      return Type::Of(TypeKind::kBinary);
    case ValueKind::kUuid:
      return Type::Of(TypeKind::kUuid);
  }
  return Type::Of(TypeKind::kBinary);
}

Result<Schema> SchemaFromTable(const model::TableSchema& table, int32_t schema_id) {
  const std::string label = table.schema_name + "." + table.table_name;
  Schema schema;
  schema.schema_id = schema_id;
  std::set<std::string> names;
  for (size_t column_idx = 0; column_idx < table.columns.size(); ++column_idx) {
    const model::ColumnSchema& column = table.columns[column_idx];
    if (column.name.empty()) {
      return Status::InvalidArgument("table " + label,
                                     "column " + std::to_string(column_idx + 1) + " has no name");
    }
    if (!names.insert(column.name).second) {
      return Status::InvalidArgument("table " + label, "two columns are named " + column.name);
    }
    SchemaField field;
    field.id = static_cast<FieldId>(column_idx + 1);
    field.name = column.name;
    field.type = IcebergTypeOf(column);
    schema.fields.push_back(std::move(field));
  }
  for (uint32_t column_idx : table.primary_key) {
    if (column_idx >= schema.fields.size()) {
      return Status::InvalidArgument("table " + label, "primary key names a column out of range");
    }
    SchemaField& field = schema.fields[column_idx];
    if (field.type.kind == TypeKind::kFloat || field.type.kind == TypeKind::kDouble) {
      return Status::InvalidArgument("table " + label + " column " + field.name,
                                     "a FLOAT or DOUBLE key column cannot be an Iceberg identifier field");
    }
    field.required = true;
    schema.identifier_field_ids.push_back(field.id);
  }
  return schema;
}

}  // namespace cdc::iceberg
