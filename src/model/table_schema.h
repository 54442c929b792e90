#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/field_type.h"
#include "model/value.h"

namespace cdc::model {

// MySQL collation ids that matter to decoding (the full table lives in charset.cc).
inline constexpr uint16_t kBinaryCollation = 63;

// One column as known at a binlog position: from TABLE_MAP (type, metadata, nullability and,
// with binlog_row_metadata=FULL, the optional metadata), possibly enriched from
// information_schema (names, primary key, MariaDB's extended types).
struct ColumnSchema {
  std::string name;                 // empty when unknown (printed as @<1-based index>)
  FieldType type = FieldType::kNull;  // real type: for STRING this is ENUM/SET/STRING from the metadata
  uint16_t meta = 0;                // type metadata as decoded from TABLE_MAP (see binlog/table_map.h)
  bool nullable = true;
  bool is_unsigned = false;
  bool visible = true;
  bool in_primary_key = false;
  uint16_t collation = 0;           // MySQL collation id; 0 when unknown
  std::vector<std::string> labels;  // ENUM/SET labels in definition order (UTF-8)
  uint32_t geometry_type = 0;       // MySQL geometry type code, 0 = GEOMETRY
  uint32_t vector_dimensions = 0;   // MySQL VECTOR
  std::string sql_type;             // e.g. "uuid", "inet6": a hint from information_schema, else empty
  ValueKind kind = ValueKind::kBinary;  // how values are stored and rendered
};

// A table's columns in ordinal order plus its primary key. Immutable once shared.
struct TableSchema {
  std::string schema_name;
  std::string table_name;
  std::vector<ColumnSchema> columns;
  std::vector<uint32_t> primary_key;  // column indexes, in key order; empty when unknown or none
};

using TableSchemaPtr = std::shared_ptr<const TableSchema>;

}  // namespace cdc::model
