#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "model/table_schema.h"

// Iceberg schemas and primitive types (the table spec's "Schemas and Data Types"), and the mapping
// from lakefeed's column kinds to them (docs/iceberg.md, "Types"). lakefeed's tables are flat, so
// only primitive fields are modelled; a nested type in a foreign table is NotSupported.
namespace cdc::iceberg {

// Field ids are Iceberg's 32-bit "int" ids, unique in a table; ids above kMaxUserFieldId are
// reserved for metadata columns.
using FieldId = int32_t;
inline constexpr FieldId kMaxUserFieldId = 2147483447;
// The reserved ids of a position delete file's columns.
inline constexpr FieldId kDeleteFilePathFieldId = 2147483546;
inline constexpr FieldId kDeletePosFieldId = 2147483545;

enum class TypeKind : uint8_t {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kString,
  kUuid,
  kFixed,
  kBinary,
};

// A primitive type: decimal(P,S) carries precision and scale, fixed[L] its length.
struct Type {
  TypeKind kind = TypeKind::kString;
  int32_t precision = 0;  // kDecimal: 1..38
  int32_t scale = 0;      // kDecimal: 0..precision
  int32_t length = 0;     // kFixed

  static Type Of(TypeKind kind) { return Type{kind}; }
  static Type Decimal(int32_t precision, int32_t scale) {
    return Type{TypeKind::kDecimal, precision, scale, 0};
  }
  static Type Fixed(int32_t length) { return Type{TypeKind::kFixed, 0, 0, length}; }

  // The JSON name: "long", "decimal(20,0)", "fixed[16]", ...
  std::string ToString() const;
  // Parses the JSON name (spaces after the comma of a decimal allowed). Corruption when unknown or
  // out of range; NotSupported for v3 types and nested types.
  static Result<Type> Parse(std::string_view name);

  bool operator==(const Type&) const = default;
};

struct SchemaField {
  FieldId id = 0;
  std::string name;
  bool required = false;
  Type type;
  std::string doc;  // empty: not written

  bool operator==(const SchemaField&) const = default;
};

struct Schema {
  int32_t schema_id = 0;
  std::vector<SchemaField> fields;
  std::vector<FieldId> identifier_field_ids;  // the primary key, in key order

  // The field with this id / name, or nullptr.
  const SchemaField* FindField(FieldId id) const;
  const SchemaField* FindField(std::string_view name) const;
  // The highest field id, 0 when there are none.
  FieldId HighestFieldId() const;

  bool operator==(const Schema&) const = default;
};

// The Iceberg type of a lakefeed column (docs/iceberg.md has the table and its reasons):
// TINYINT..MEDIUMINT (signed or not), INT, YEAR -> int; BIGINT, INT UNSIGNED, BIT, TIME -> long;
// BIGINT UNSIGNED -> decimal(20,0); DECIMAL(p,s) -> decimal(p,s) up to 38 digits, else string;
// FLOAT -> float; DOUBLE -> double; DATE -> date; DATETIME -> timestamp; TIMESTAMP -> timestamptz;
// CHAR/VARCHAR/TEXT, JSON, ENUM, SET, INET4, INET6 -> string; binary, GEOMETRY, VECTOR -> binary;
// UUID -> uuid. Consistent with format::ParquetSettings::iceberg (a test checks both together).
Type IcebergTypeOf(const model::ColumnSchema& column);

// A schema for a new table made from a source table: fields 1..n in column order, the primary
// key's columns as identifier fields (required, as the spec wants of identifier fields), every
// other column optional (MySQL's zero dates become null even in NOT NULL columns). InvalidArgument
// when a column has no name or two columns share one, or a key column is FLOAT or DOUBLE (the spec
// forbids them as identifiers).
Result<Schema> SchemaFromTable(const model::TableSchema& table, int32_t schema_id = 0);

}  // namespace cdc::iceberg
