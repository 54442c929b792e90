#include "harness/column_info.h"

#include <algorithm>
#include <cctype>

#include "harness/process.h"

namespace cdc::harness {
namespace {

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

}  // namespace

bool ColumnInfo::IsInteger() const {
  return OneOf(data_type, {"tinyint", "smallint", "mediumint", "int", "bigint"});
}

bool ColumnInfo::IsBinary() const {
  return OneOf(data_type, {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"});
}

bool ColumnInfo::IsText() const {
  return OneOf(data_type, {"char", "varchar", "tinytext", "text", "mediumtext", "longtext", "json"});
}

bool ColumnInfo::IsGeometry() const {
  return OneOf(data_type, {"geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                           "multipolygon", "geometrycollection"});
}

bool ColumnInfo::IsMariaDbExtended() const { return OneOf(data_type, {"uuid", "inet4", "inet6"}); }

int TableInfo::IndexOf(std::string_view name) const {
  if (name.size() > 1 && name[0] == '@') {
    int n = 0;
    for (char c : name.substr(1)) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n >= 1 && n <= static_cast<int>(columns.size()) ? n - 1 : -1;
  }
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (columns[column_idx].name == name) return static_cast<int>(column_idx);
  }
  return -1;
}

std::vector<int> TableInfo::PrimaryKey() const {
  std::vector<int> key;
  for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
    if (columns[column_idx].is_primary_key) key.push_back(static_cast<int>(column_idx));
  }
  return key;
}

std::vector<std::string> ParseEnumLabels(std::string_view column_type) {
  std::vector<std::string> labels;
  size_t open = column_type.find('(');
  if (open == std::string_view::npos) return labels;
  size_t i = open + 1;
  while (i < column_type.size() && column_type[i] == '\'') {
    std::string label;
    ++i;
    while (i < column_type.size()) {
      if (column_type[i] == '\'') {
        if (i + 1 < column_type.size() && column_type[i + 1] == '\'') {
          label += '\'';
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      if (column_type[i] == '\\' && i + 1 < column_type.size()) {
        label += column_type[i + 1];
        i += 2;
        continue;
      }
      label += column_type[i++];
    }
    labels.push_back(std::move(label));
    if (i < column_type.size() && column_type[i] == ',') ++i;
  }
  return labels;
}

void OverrideLabelsFromDdl(std::string_view create_table_sql, TableInfo* info) {
  std::string lower(create_table_sql);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (ColumnInfo& column : info->columns) {
    if (column.data_type != "enum" && column.data_type != "set") continue;
    for (std::string name : {column.name, "`" + column.name + "`"}) {
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string needle = " " + name + " " + column.data_type + "(";
      size_t at = lower.find(needle);
      if (at == std::string::npos) continue;
      column.labels = ParseEnumLabels(create_table_sql.substr(at + needle.size() - column.data_type.size() - 1));
      break;
    }
  }
}

Result<TableInfo> LoadTableInfo(MariaDbClient& client, std::string_view schema, std::string_view table) {
  std::string sql =
      "SELECT COLUMN_NAME, ORDINAL_POSITION, LOWER(DATA_TYPE), COLUMN_TYPE, CHARACTER_SET_NAME, "
      "COALESCE(DATETIME_PRECISION, NUMERIC_SCALE, 0), COLUMN_KEY FROM information_schema.COLUMNS "
      "WHERE TABLE_SCHEMA = " + SqlQuote(schema) + " AND TABLE_NAME = " + SqlQuote(table) +
      " ORDER BY ORDINAL_POSITION";
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, client.QueryRows(sql));
  if (rows.empty()) return Status::NotFound("no such table", std::string(schema) + "." + std::string(table));
  TableInfo info;
  info.schema = std::string(schema);
  info.table = std::string(table);
  for (const Row& row : rows) {
    ColumnInfo column;
    column.name = row[0].value_or("");
    column.ordinal = static_cast<uint32_t>(ParseUnsigned(row[1].value_or("0")));
    column.data_type = row[2].value_or("");
    column.column_type = row[3].value_or("");
    column.charset = row[4].value_or("");
    column.precision = static_cast<uint32_t>(ParseUnsigned(row[5].value_or("0")));
    column.is_primary_key = row[6].value_or("") == "PRI";
    column.is_unsigned = column.column_type.find("unsigned") != std::string::npos;
    if (column.data_type == "enum" || column.data_type == "set") {
      column.labels = ParseEnumLabels(column.column_type);
      column.server_labels = column.labels;
    }
    info.columns.push_back(std::move(column));
  }
  return info;
}

}  // namespace cdc::harness
