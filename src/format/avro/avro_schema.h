#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// Avro schemas as lakefeed reads and writes them (docs/avro.md). Written from the Avro
// specification ("Schema Declaration"); only what the binary encoding needs is kept, plus the
// Iceberg `field-id` of record fields and the `logicalType` names.
namespace cdc::format::avro {

// The Avro types. Not serialized.
enum class Type : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,  // primitive
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,  // complex
};
std::string_view ToString(Type type);

struct Node;
using NodePtr = std::shared_ptr<const Node>;

struct Field {
  std::string name;
  NodePtr type;
  std::optional<int32_t> field_id;  // Iceberg's "field-id" attribute, when present
};

// One schema node. Immutable once parsed; shared between the places a named type is used.
struct Node {
  Type type = Type::kNull;
  std::string name;                  // kRecord, kEnum, kFixed: the full name
  std::string logical_type;          // "logicalType" when present ("date", "decimal", "map", ...)
  std::vector<Field> fields;         // kRecord
  std::vector<std::string> symbols;  // kEnum
  NodePtr items;                     // kArray: the items; kMap: the values
  std::vector<NodePtr> branches;     // kUnion
  int64_t size = 0;                  // kFixed

  // Index of the record field named `name`, or nullopt.
  std::optional<size_t> FieldIndex(std::string_view field_name) const;
};

// Parses an Avro schema in its JSON form. Named types (records, enums, fixed) may be referenced
// by name after their definition; a type that refers to itself (a recursive type) is NotSupported.
// Corruption when the text is not JSON or not a schema (unknown type, a union inside a union,
// duplicate union branches of one type, a fixed without size, ...), or nests deeper than 64.
Result<NodePtr> ParseSchema(std::string_view json_text);

}  // namespace cdc::format::avro
