#include "mysql/schema_hints.h"

#include <cstdlib>
#include <initializer_list>
#include <optional>

#include "mysql/connection.h"

namespace cdc::mysql {

namespace {

using model::FieldType;

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options) {
    if (value == option) return true;
  }
  return false;
}

bool IsBinaryDataType(std::string_view data_type) {
  return OneOf(data_type, {"binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"});
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> ParseEnumSetLabels(std::string_view column_type) {
  std::string lower = Lower(column_type.substr(0, 5));
  size_t open;
  if (lower.starts_with("enum(")) {
    open = 5;
  } else if (lower.starts_with("set(")) {
    open = 4;
  } else {
    return Status::InvalidArgument("ENUM/SET column type", "'" + std::string(column_type) + "' is not enum(...) or set(...)");
  }
  std::vector<std::string> labels;
  // The server writes each label quoted, with '' for a quote and backslash escapes
  // (sql/sql_show.cc / sql_table.cc append_unescaped: \0 \n \r \Z \\ and \').
  size_t i = open;
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("ENUM/SET column type", std::string(why) + " in '" + std::string(column_type) + "'");
  };
  while (true) {
    if (i >= column_type.size() || column_type[i] != '\'') return bad("expected a quoted label");
    ++i;
    std::string label;
    while (true) {
      if (i >= column_type.size()) return bad("unterminated label");
      char c = column_type[i];
      if (c == '\'') {
        if (i + 1 < column_type.size() && column_type[i + 1] == '\'') {
          label.push_back('\'');
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      if (c == '\\' && i + 1 < column_type.size()) {
        char next = column_type[i + 1];
        switch (next) {
          case '0':
            label.push_back('\0');
            break;
          case 'n':
            label.push_back('\n');
            break;
          case 'r':
            label.push_back('\r');
            break;
          case 'Z':
            label.push_back('\x1a');
            break;
          default:
            label.push_back(next);
            break;
        }
        i += 2;
        continue;
      }
      label.push_back(c);
      ++i;
    }
    labels.push_back(std::move(label));
    if (i >= column_type.size()) return bad("missing ')'");
    if (column_type[i] == ',') {
      ++i;
      continue;
    }
    if (column_type[i] == ')') break;
    return bad("expected ',' or ')' after a label");
  }
  return labels;
}

bool HintFitsType(std::string_view data_type, FieldType type) {
  switch (type) {
    case FieldType::kTiny:
      return OneOf(data_type, {"tinyint", "bool", "boolean"});
    case FieldType::kShort:
      return data_type == "smallint";
    case FieldType::kInt24:
      return data_type == "mediumint";
    case FieldType::kLong:
      return OneOf(data_type, {"int", "integer"});
    case FieldType::kLongLong:
      return data_type == "bigint";
    case FieldType::kFloat:
      return data_type == "float";
    case FieldType::kDouble:
      return OneOf(data_type, {"double", "real", "double precision"});
    case FieldType::kDecimal:
    case FieldType::kNewDecimal:
      return OneOf(data_type, {"decimal", "numeric", "fixed"});
    case FieldType::kBit:
      return data_type == "bit";
    case FieldType::kYear:
      return data_type == "year";
    case FieldType::kDate:
    case FieldType::kNewDate:
      return data_type == "date";
    case FieldType::kTime:
    case FieldType::kTime2:
      return data_type == "time";
    case FieldType::kDateTime:
    case FieldType::kDateTime2:
      return data_type == "datetime";
    case FieldType::kTimestamp:
    case FieldType::kTimestamp2:
      return data_type == "timestamp";
    case FieldType::kEnum:
      return data_type == "enum";
    case FieldType::kSet:
      return data_type == "set";
    case FieldType::kString:
      // CHAR/BINARY, and MariaDB's fixed-size binary types (plugin types shown by their name).
      return OneOf(data_type, {"char", "binary", "uuid", "inet4", "inet6", "enum", "set"});
    case FieldType::kVarchar:
    case FieldType::kVarString:
      return OneOf(data_type, {"varchar", "varbinary", "vector"});
    case FieldType::kVarcharCompressed:  // MariaDB VARCHAR/VARBINARY ... COMPRESSED
      return OneOf(data_type, {"varchar", "varbinary"});
    case FieldType::kBlobCompressed:  // MariaDB *TEXT/*BLOB/JSON ... COMPRESSED
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
      return OneOf(data_type, {"tinytext", "text", "mediumtext", "longtext", "tinyblob", "blob", "mediumblob",
                               "longblob", "json"});
    case FieldType::kJson:
      return data_type == "json";
    case FieldType::kGeometry:
      return OneOf(data_type, {"geometry", "point", "linestring", "polygon", "multipoint", "multilinestring",
                               "multipolygon", "geometrycollection", "geomcollection"});
    case FieldType::kVector:
      return data_type == "vector";
    case FieldType::kNull:
    case FieldType::kTypedArray:
    case FieldType::kInvalid:
    case FieldType::kBool:
      return false;
  }
  return false;
}

Result<TableHints> ReadTableHints(Connection& connection, std::string_view schema, std::string_view table) {
  std::string where = "TABLE_SCHEMA = " + connection.Quote(schema) + " AND TABLE_NAME = " + connection.Quote(table);
  // Collation ids: by the column's collation name, else the default collation of its character
  // set (MariaDB 10.10+ may name collations that COLLATIONS lists differently).
  std::string columns_sql =
      "SELECT c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE, c.IS_NULLABLE, c.CHARACTER_SET_NAME, c.COLLATION_NAME, "
      "(SELECT MIN(co.ID) FROM information_schema.COLLATIONS co WHERE co.COLLATION_NAME = c.COLLATION_NAME), "
      "(SELECT MIN(cd.ID) FROM information_schema.COLLATIONS cd WHERE cd.CHARACTER_SET_NAME = "
      "c.CHARACTER_SET_NAME AND cd.IS_DEFAULT = 'Yes') "
      "FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = " +
      connection.Quote(schema) + " AND c.TABLE_NAME = " + connection.Quote(table) + " ORDER BY c.ORDINAL_POSITION";
  CDC_ASSIGN_OR_RETURN(QueryResult columns, connection.Query(columns_sql));
  std::string context = "information_schema for " + std::string(schema) + "." + std::string(table);
  if (columns.rows.empty()) return Status::NotFound(context, "no such table (or no SELECT privilege on it)");

  TableHints hints;
  hints.schema_name = std::string(schema);
  hints.table_name = std::string(table);
  for (const auto& row : columns.rows) {
    if (row.size() != 8 || !row[0] || !row[1] || !row[2]) {
      return Status::IOError(context, "unexpected NULL in COLUMN_NAME/DATA_TYPE/COLUMN_TYPE");
    }
    ColumnHint& column = hints.columns.emplace_back();
    column.name = *row[0];
    column.data_type = Lower(*row[1]);
    column.column_type = *row[2];
    column.is_unsigned = Lower(column.column_type).find(" unsigned") != std::string::npos;
    column.nullable = row[3].value_or("YES") == "YES";
    const std::optional<std::string>& collation_id = row[6] ? row[6] : row[7];
    if (collation_id) {
      column.collation = static_cast<uint16_t>(std::strtoul(collation_id->c_str(), nullptr, 10));
    } else if (IsBinaryDataType(column.data_type)) {
      column.collation = model::kBinaryCollation;
    }
    if (column.data_type == "enum" || column.data_type == "set") {
      CDC_ASSIGN_OR_RETURN(column.labels, ParseEnumSetLabels(column.column_type));
    }
  }

  CDC_ASSIGN_OR_RETURN(QueryResult key,
                       connection.Query("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE " + where +
                                        " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX"));
  for (const auto& row : key.rows) {
    if (row.empty() || !row[0]) continue;
    for (size_t column_idx = 0; column_idx < hints.columns.size(); ++column_idx) {
      if (hints.columns[column_idx].name == *row[0]) {
        hints.columns[column_idx].in_primary_key = true;
        hints.primary_key.push_back(static_cast<uint32_t>(column_idx));
        break;
      }
    }
  }
  return hints;
}

Result<std::vector<uint32_t>> ApplyTableHints(const TableHints& hints, model::TableSchema* schema) {
  std::string context = "schema hints for " + schema->schema_name + "." + schema->table_name;
  if (hints.columns.size() != schema->columns.size()) {
    return Status::InvalidArgument(context, "information_schema lists " + std::to_string(hints.columns.size()) +
                                                " columns but the binlog event has " +
                                                std::to_string(schema->columns.size()) +
                                                " (the table was altered since)");
  }
  for (size_t column_idx = 0; column_idx < hints.columns.size(); ++column_idx) {
    const ColumnHint& hint = hints.columns[column_idx];
    const model::ColumnSchema& column = schema->columns[column_idx];
    if (!HintFitsType(hint.data_type, column.type)) {
      return Status::InvalidArgument(context, "column " + std::to_string(column_idx + 1) + " is '" + hint.column_type +
                                                  "' now but has wire type " + std::string(model::ToString(column.type)) +
                                                  " in the event (the table was altered since)");
    }
  }

  std::vector<uint32_t> changed;
  bool fill_key = schema->primary_key.empty() && !hints.primary_key.empty();
  for (size_t column_idx = 0; column_idx < hints.columns.size(); ++column_idx) {
    const ColumnHint& hint = hints.columns[column_idx];
    model::ColumnSchema& column = schema->columns[column_idx];
    bool touched = false;
    if (column.name.empty() && !hint.name.empty()) {
      column.name = hint.name;
      touched = true;
    }
    if (column.labels.empty() && !hint.labels.empty() &&
        (column.type == FieldType::kEnum || column.type == FieldType::kSet)) {
      column.labels = hint.labels;
      touched = true;
    }
    if (column.collation == 0 && hint.collation != 0) {
      column.collation = hint.collation;
      touched = true;
    }
    if (!column.is_unsigned && hint.is_unsigned) {
      column.is_unsigned = true;
      touched = true;
    }
    if (column.sql_type.empty() && OneOf(hint.data_type, {"uuid", "inet4", "inet6"})) {
      column.sql_type = hint.data_type;
      touched = true;
    }
    if (fill_key && hint.in_primary_key && !column.in_primary_key) {
      column.in_primary_key = true;
      touched = true;
    }
    if (touched) changed.push_back(static_cast<uint32_t>(column_idx));
  }
  if (fill_key) schema->primary_key = hints.primary_key;
  return changed;
}

}  // namespace cdc::mysql
