#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/table_schema.h"

namespace cdc::mysql {

class Connection;

// What information_schema says about one column (the current definition, which may differ from
// the one a binlog event was written with).
struct ColumnHint {
  std::string name;
  std::string data_type;    // DATA_TYPE, lower case: "int", "varchar", "enum", "uuid", "inet6", ...
  std::string column_type;  // COLUMN_TYPE: "int(10) unsigned", "enum('a','b')", ...
  bool is_unsigned = false;
  bool nullable = true;
  std::vector<std::string> labels;  // ENUM/SET labels in definition order (from COLUMN_TYPE)
  uint16_t collation = 0;           // collation id; 0 for non-character columns or when unknown
  bool in_primary_key = false;
};

// The current definition of one table, columns in ordinal order.
struct TableHints {
  std::string schema_name;
  std::string table_name;
  std::vector<ColumnHint> columns;
  std::vector<uint32_t> primary_key;  // column indexes in key order
};

// Reads the definition of `schema`.`table` from information_schema.COLUMNS (names, types,
// signedness, ENUM/SET labels, collation ids via information_schema.COLLATIONS) and
// information_schema.STATISTICS (primary key order). NotFound when the table does not exist (or
// is not visible to the user); other errors as StatusFromMysqlError.
Result<TableHints> ReadTableHints(Connection& connection, std::string_view schema, std::string_view table);

// Parses the labels of an ENUM or SET COLUMN_TYPE, e.g. "enum('a','it''s')" -> {"a", "it's"}.
// InvalidArgument when the text is not enum(...)/set(...) of quoted strings.
Result<std::vector<std::string>> ParseEnumSetLabels(std::string_view column_type);

// Fills what `schema` (decoded from a TABLE_MAP) does not know from `hints`: names, ENUM/SET
// labels, collations, signedness, primary key, and the sql_type hint ("uuid", "inet4", "inet6")
// for MariaDB's types that the binlog shows as plain BINARY. Never overrides what the TABLE_MAP
// said. Returns the indexes of the columns it changed (their ValueKind must be recomputed by the
// caller, binlog::ChooseValueKind). InvalidArgument, with `schema` untouched, when the hints do
// not fit: another column count, or a column whose type family differs -- the table was altered
// after the event was written.
Result<std::vector<uint32_t>> ApplyTableHints(const TableHints& hints, model::TableSchema* schema);

// True when information_schema's DATA_TYPE can describe a binlog column of wire type `type`
// (e.g. "varchar" fits kVarchar/kVarString, "int" fits kLong, "uuid" fits kString).
bool HintFitsType(std::string_view data_type, model::FieldType type);

}  // namespace cdc::mysql
