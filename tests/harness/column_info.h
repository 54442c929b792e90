#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "harness/mariadb_client.h"

namespace cdc::harness {

// What the oracles need to know about a column, read from information_schema.COLUMNS on the live server
// (the source of truth for names, types, charsets and labels -- independent of the binlog).
struct ColumnInfo {
  std::string name;
  uint32_t ordinal = 0;       // 1-based, as mariadb-binlog's @N
  std::string data_type;      // DATA_TYPE, lower case: "int", "varchar", "longtext", "uuid", "point", ...
  std::string column_type;    // COLUMN_TYPE, e.g. "int(10) unsigned", "enum('a','b')"
  std::string charset;        // CHARACTER_SET_NAME; empty for non-text and binary columns
  bool is_unsigned = false;
  bool is_primary_key = false;
  uint32_t precision = 0;     // fsp for temporals, scale for DECIMAL
  std::vector<std::string> labels;  // ENUM/SET members in definition order (UTF-8)
  // The labels as information_schema shows them. MariaDB keeps labels in utf8mb3, so a 4-byte character
  // appears as '?' there; OverrideLabelsFromDdl then puts the true labels in `labels`.
  std::vector<std::string> server_labels;

  // The families the oracles treat alike.
  bool IsInteger() const;     // tinyint..bigint
  bool IsBinary() const;      // binary, varbinary, *blob (bytes rendered as hex)
  bool IsText() const;        // char, varchar, *text (incl. MariaDB JSON = longtext)
  bool IsGeometry() const;    // geometry, point, linestring, polygon, multi*, geometrycollection
  bool IsMariaDbExtended() const;  // uuid, inet4, inet6: the binlog shows only bytes
};

struct TableInfo {
  std::string schema;
  std::string table;
  std::vector<ColumnInfo> columns;  // ordinal order

  // Index into `columns` of the column called `name` ("@N" names the Nth column), or -1.
  int IndexOf(std::string_view name) const;
  // Indexes of the primary key columns, in ordinal order.
  std::vector<int> PrimaryKey() const;
};

// Reads a table's columns. NotFound when the table does not exist.
Result<TableInfo> LoadTableInfo(MariaDbClient& client, std::string_view schema, std::string_view table);

// Parses the member list of "enum('a','b''c')" / "set(...)" (quotes doubled inside labels).
std::vector<std::string> ParseEnumLabels(std::string_view column_type);

// MariaDB keeps ENUM/SET labels in utf8mb3: information_schema and SHOW CREATE TABLE print a 4-byte character
// of a label as '?'. This replaces the labels of the table's ENUM/SET columns with those written in
// `create_table_sql` (the CREATE TABLE statement the test ran, "name ENUM(...)" / "name SET(...)").
void OverrideLabelsFromDdl(std::string_view create_table_sql, TableInfo* info);

}  // namespace cdc::harness
