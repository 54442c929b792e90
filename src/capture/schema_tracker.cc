#include "capture/schema_tracker.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "base/logging.h"
#include "binlog/charset.h"
#include "binlog/table_map.h"
#include "capture/ddl_parser.h"
#include "mysql/connection.h"

// How definitions are tracked, which statements change them, and the history record format are
// written down in docs/schema-history.md.

namespace cdc::capture {

namespace {

using Json = nlohmann::ordered_json;
using TableKey = std::pair<std::string, std::string>;  // (schema, table), exact (lower_case_table_names=0)

constexpr std::string_view kRecordWhat = "schema history record";

std::string Quoted(const TableKey& key) {
  return "`" + key.first + "`.`" + key.second + "`";
}

std::string DescribePosition(const model::SourcePosition& position) {
  if (position.file.empty() && position.gtid.empty()) return "an unknown position";
  std::string out = position.file.empty() ? std::string("?") : position.file;
  out += ":" + std::to_string(position.offset);
  if (!position.gtid.empty()) out += " (GTID " + position.gtid + ")";
  return out;
}

// The statement, shortened for messages.
std::string Excerpt(std::string_view sql) {
  constexpr size_t kMax = 200;
  std::string out(sql.substr(0, kMax));
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  if (sql.size() > kMax) out += "...";
  return out;
}

uint8_t MaxBytesPerChar(uint16_t collation) {
  const binlog::CharsetInfo* info = binlog::FindCollation(collation);
  return info == nullptr ? 1 : info->max_bytes_per_char;
}

bool IsTextType(std::string_view data_type) {
  return data_type == "tinytext" || data_type == "text" || data_type == "mediumtext" ||
         data_type == "longtext";
}

bool IsCharacterType(std::string_view data_type) {
  return data_type == "char" || data_type == "varchar" || IsTextType(data_type) || data_type == "enum" ||
         data_type == "set";
}

// The smallest TEXT (or BLOB) type holding `bytes` bytes (MySQL 13.3.4: TEXT(M) / BLOB(M) pick it).
std::string SizedLobType(uint64_t bytes, bool text) {
  const char* size = bytes <= 255 ? "tiny" : bytes <= 65535 ? "" : bytes <= 16777215 ? "medium" : "long";
  return std::string(size) + (text ? "text" : "blob");
}

uint64_t LobCapacity(std::string_view data_type) {
  if (data_type.starts_with("tiny")) return 255;
  if (data_type.starts_with("medium")) return 16777215;
  if (data_type.starts_with("long")) return 4294967295u;
  return 65535;
}

// What a character column becomes in the binary character set (CHARACTER SET binary, CONVERT TO
// CHARACTER SET binary): CHAR -> BINARY, VARCHAR -> VARBINARY, TEXT -> BLOB (MySQL 10.3.3).
void MakeBinary(mysql::ColumnHint* column) {
  auto replace_prefix = [&](std::string_view from, std::string_view to) {
    column->data_type = std::string(to);
    if (column->column_type.starts_with(from)) {
      column->column_type = std::string(to) + column->column_type.substr(from.size());
    }
  };
  if (column->data_type == "char") {
    replace_prefix("char", "binary");
  } else if (column->data_type == "varchar") {
    replace_prefix("varchar", "varbinary");
  } else if (IsTextType(column->data_type)) {
    std::string blob = column->data_type.substr(0, column->data_type.size() - 4) + "blob";
    replace_prefix(column->data_type, blob);
  }
  column->collation = model::kBinaryCollation;
}

// ------------------------------------------------------------------------------ tracked tables

// One table as the tracker knows it.
struct TrackedTable {
  // Known unless `failure` is set.
  TableDefinition definition;
  uint16_t default_collation = 0;  // the table's default for new columns; 0 when unknown
  // Non-empty: the definition is unknown since a statement that could not be applied.
  std::string failure;
  // Where the definition came from, for messages (not recorded).
  std::string origin;
};

// Fills in_primary_key and nullability from primary_key, and the names from the key.
void Normalize(const TableKey& key, TableDefinition* definition) {
  definition->schema_name = key.first;
  definition->table_name = key.second;
  for (mysql::ColumnHint& column : definition->columns) column.in_primary_key = false;
  for (uint32_t column_idx : definition->primary_key) {
    if (column_idx < definition->columns.size()) {
      definition->columns[column_idx].in_primary_key = true;
      definition->columns[column_idx].nullable = false;
    }
  }
}

// ------------------------------------------------------------------------------------ records

Json DefinitionToJson(const TrackedTable& table) {
  Json columns = Json::array();
  for (const mysql::ColumnHint& column : table.definition.columns) {
    Json labels = Json::array();
    for (const std::string& label : column.labels) labels.push_back(label);
    columns.push_back(Json{{"name", column.name},
                           {"data_type", column.data_type},
                           {"column_type", column.column_type},
                           {"unsigned", column.is_unsigned},
                           {"nullable", column.nullable},
                           {"labels", std::move(labels)},
                           {"collation", column.collation},
                           {"pk", column.in_primary_key}});
  }
  Json key = Json::array();
  for (uint32_t column_idx : table.definition.primary_key) key.push_back(column_idx);
  return Json{{"default_collation", table.default_collation},
              {"columns", std::move(columns)},
              {"primary_key", std::move(key)}};
}

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Field readers for Restore: Corruption naming the field when it is missing or of another type.
Status Missing(std::string_view field, std::string_view expected) {
  return Status::Corruption(kRecordWhat,
                            "field \"" + std::string(field) + "\" missing or not " + std::string(expected));
}

Status GetString(const Json& object, std::string_view field, std::string* out) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_string()) return Missing(field, "a string");
  *out = found->get<std::string>();
  return Status::OK();
}

Status GetUnsigned(const Json& object, std::string_view field, uint64_t max, uint64_t* out) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_number_unsigned()) return Missing(field, "an unsigned number");
  *out = found->get<uint64_t>();
  if (*out > max) return Status::Corruption(kRecordWhat, "field \"" + std::string(field) + "\" out of range");
  return Status::OK();
}

Status GetBool(const Json& object, std::string_view field, bool* out) {
  auto found = object.find(field);
  if (found == object.end() || !found->is_boolean()) return Missing(field, "true/false");
  *out = found->get<bool>();
  return Status::OK();
}

Status DefinitionFromJson(const Json& json, const TableKey& key, TrackedTable* out) {
  if (!json.is_object()) return Missing("definition", "an object");
  uint64_t value = 0;
  CDC_RETURN_IF_ERROR(GetUnsigned(json, "default_collation", UINT16_MAX, &value));
  out->default_collation = static_cast<uint16_t>(value);
  auto columns = json.find("columns");
  if (columns == json.end() || !columns->is_array() || columns->empty())
    return Missing("columns", "a non-empty array");
  for (const Json& item : *columns) {
    if (!item.is_object()) return Missing("columns[]", "an object");
    mysql::ColumnHint& column = out->definition.columns.emplace_back();
    CDC_RETURN_IF_ERROR(GetString(item, "name", &column.name));
    CDC_RETURN_IF_ERROR(GetString(item, "data_type", &column.data_type));
    CDC_RETURN_IF_ERROR(GetString(item, "column_type", &column.column_type));
    CDC_RETURN_IF_ERROR(GetBool(item, "unsigned", &column.is_unsigned));
    CDC_RETURN_IF_ERROR(GetBool(item, "nullable", &column.nullable));
    CDC_RETURN_IF_ERROR(GetUnsigned(item, "collation", UINT16_MAX, &value));
    column.collation = static_cast<uint16_t>(value);
    auto labels = item.find("labels");
    if (labels == item.end() || !labels->is_array()) return Missing("labels", "an array");
    for (const Json& label : *labels) {
      if (!label.is_string()) return Missing("labels[]", "a string");
      column.labels.push_back(label.get<std::string>());
    }
  }
  auto key_parts = json.find("primary_key");
  if (key_parts == json.end() || !key_parts->is_array()) return Missing("primary_key", "an array");
  for (const Json& part : *key_parts) {
    if (!part.is_number_unsigned() || part.get<uint64_t>() >= out->definition.columns.size()) {
      return Status::Corruption(kRecordWhat, "primary_key names a column that does not exist");
    }
    out->definition.primary_key.push_back(static_cast<uint32_t>(part.get<uint64_t>()));
  }
  Normalize(key, &out->definition);
  return Status::OK();
}

// One history record before it becomes JSON.
struct Record {
  std::string kind;  // snapshot, create, alter, rename, drop, truncate, database, drop_database
  TableKey table;
  TableKey new_table;  // rename
  std::string sql;
  const TrackedTable* state = nullptr;  // table kinds but drop: nullptr = definition null
  uint16_t database_collation = 0;      // database
};

}  // namespace

std::string_view ToString(SchemaChange::Kind kind) {
  switch (kind) {
    case SchemaChange::Kind::kCreate:
      return "create";
    case SchemaChange::Kind::kAlter:
      return "alter";
    case SchemaChange::Kind::kRename:
      return "rename";
    case SchemaChange::Kind::kDrop:
      return "drop";
    case SchemaChange::Kind::kTruncate:
      return "truncate";
  }
  return "?";
}

// ====================================================================================== Impl

struct SchemaTracker::Impl {
  DefinitionSource source;
  std::function<uint64_t()> next_seq;
  std::function<model::SourcePosition()> position;
  CollationSource collations;

  std::map<TableKey, TrackedTable> tables;
  // Tables known not to exist (dropped or renamed away in the stream): a CREATE TABLE IF NOT
  // EXISTS of one of them certainly creates it.
  std::set<TableKey> absent;
  std::map<std::string, uint16_t> databases;  // known default collations
  std::set<TableKey> warned;                  // FULL-metadata mismatches already logged

  std::vector<std::string> pending;
  bool have_last = false;
  uint64_t last_seq = 0;
  uint64_t last_index = 0;

  // The DDL being applied (ApplyDdl) and its results.
  const DdlStatement* ddl = nullptr;
  std::vector<SchemaChange>* changes = nullptr;

  // ---------------------------------------------------------------------------------- records
  Status AddRecord(uint64_t seq, const model::SourcePosition& where, const Record& record) {
    if (have_last && seq < last_seq) {
      return Status::InvalidArgument(
          "schema history",
          "seq " + std::to_string(seq) + " is below the last record's seq " + std::to_string(last_seq));
    }
    uint64_t index = have_last && seq == last_seq ? last_index + 1 : 0;
    Json json{{"seq", seq},
              {"index", index},
              {"position", Json{{"file", where.file}, {"offset", where.offset}, {"gtid", where.gtid}}},
              {"kind", record.kind},
              {"schema", record.table.first},
              {"table", record.table.second}};
    if (record.kind == "rename") {
      json["new_schema"] = record.new_table.first;
      json["new_table"] = record.new_table.second;
    }
    json["sql"] = record.sql;
    if (record.kind == "database") {
      json["default_collation"] = record.database_collation;
    } else if (record.kind != "drop" && record.kind != "drop_database") {
      if (record.state != nullptr && record.state->failure.empty()) {
        json["definition"] = DefinitionToJson(*record.state);
      } else {
        json["definition"] = nullptr;
        if (record.state != nullptr) json["failure"] = record.state->failure;
      }
    }
    pending.push_back(Dump(json));
    have_last = true;
    last_seq = seq;
    last_index = index;
    return Status::OK();
  }

  Status AddDdlRecord(const Record& record) { return AddRecord(ddl->seq, ddl->position, record); }

  void Change(SchemaChange::Kind kind, const TableKey& table, const TrackedTable* state,
              const TableKey* new_table = nullptr) {
    SchemaChange& change = changes->emplace_back();
    change.kind = kind;
    change.schema_name = table.first;
    change.table_name = table.second;
    if (new_table != nullptr) {
      change.new_schema_name = new_table->first;
      change.new_table_name = new_table->second;
    }
    if (state != nullptr && state->failure.empty()) change.definition = state->definition;
    change.seq = ddl->seq;
    change.sql = ddl->sql;
  }

  // -------------------------------------------------------------------------------- the state
  void Set(const TableKey& key, TrackedTable state) {
    if (state.failure.empty()) Normalize(key, &state.definition);
    tables[key] = std::move(state);
    absent.erase(key);
    warned.erase(key);
  }

  void Forget(const TableKey& key) {
    tables.erase(key);
    warned.erase(key);
  }

  TrackedTable* FindTable(const TableKey& key) {
    auto found = tables.find(key);
    return found == tables.end() ? nullptr : &found->second;
  }

  // ------------------------------------------------------------------------------ collations
  // The default collation of a database: from the stream, else the collation source (recorded,
  // so that a replay does not ask again), else 0.
  Result<uint16_t> DatabaseCollation(const std::string& schema) {
    auto found = databases.find(schema);
    if (found != databases.end()) return found->second;
    if (!collations) return uint16_t{0};
    Result<uint16_t> collation = collations(schema, "");
    if (!collation.ok()) {
      if (collation.status().IsUnavailable()) return collation.status();
      LogWarn(
          LogComponent::kMetadataManager,
          "default collation of database unknown; its new character columns get collation 0 (read as UTF-8)",
          {{"database", schema}, {"reason", collation.status().ToString()}});
      return uint16_t{0};
    }
    databases[schema] = *collation;
    Record record;
    record.kind = "database";
    record.table = {schema, ""};
    record.database_collation = *collation;
    CDC_RETURN_IF_ERROR(AddDdlRecord(record));
    return *collation;
  }

  // CHARACTER SET / COLLATE as written, or `fallback` when neither is given.
  static Result<uint16_t> ResolveCharset(const DdlCharset& charset, uint16_t fallback) {
    std::string charset_hint = charset.charset;
    if (charset_hint.empty() || charset_hint == "default") {
      const binlog::CharsetInfo* info = binlog::FindCollation(fallback);
      charset_hint = info == nullptr ? "" : std::string(info->charset_name);
    }
    if (!charset.collation.empty()) {
      uint16_t id = CollationIdByName(charset.collation, charset_hint);
      if (id == 0)
        return Status::NotSupported("collation", "'" + charset.collation + "' is not a collation we know");
      return id;
    }
    if (charset.charset.empty() || charset.charset == "default") return fallback;
    uint16_t id = DefaultCollationOf(charset.charset);
    if (id == 0) return Status::NotSupported("character set", "'" + charset.charset + "' is not one we know");
    return id;
  }

  // A column definition from DDL, with its collation resolved against the table's default.
  static Result<mysql::ColumnHint> ResolveColumn(const DdlColumn& column, uint16_t table_default) {
    mysql::ColumnHint hint;
    hint.name = column.name;
    hint.data_type = column.data_type;
    hint.column_type = column.column_type;
    hint.is_unsigned = column.is_unsigned;
    hint.nullable = column.nullable;
    hint.labels = column.labels;
    hint.in_primary_key = column.primary_key;
    if (column.binary) {
      hint.collation = model::kBinaryCollation;
      if (column.text_length != 0)
        hint.data_type = hint.column_type = SizedLobType(column.text_length, false);
    } else if (column.character) {
      CDC_ASSIGN_OR_RETURN(uint16_t collation, ResolveCharset(column.charset, table_default));
      if (column.binary_collation && collation != 0) {
        uint16_t bin = BinCollationOf(collation);
        if (bin == 0) return Status::NotSupported("collation", "no _bin collation for the BINARY attribute");
        collation = bin;
      }
      hint.collation = collation;
      if (column.text_length != 0) {
        hint.data_type = hint.column_type =
            SizedLobType(column.text_length * MaxBytesPerChar(collation), true);
      }
      if (collation == model::kBinaryCollation) MakeBinary(&hint);
    }
    return hint;
  }

  // ----------------------------------------------------------------------------- CREATE TABLE
  Result<TrackedTable> BuildFromCreate(const ParsedDdl& parsed, const TableKey& key) {
    TrackedTable table;
    uint16_t database_default = 0;
    if (parsed.charset.charset.empty() || parsed.charset.charset == "default") {
      if (parsed.charset.collation.empty() || parsed.charset.charset == "default") {
        CDC_ASSIGN_OR_RETURN(database_default, DatabaseCollation(key.first));
      }
    }
    CDC_ASSIGN_OR_RETURN(table.default_collation, ResolveCharset(parsed.charset, database_default));
    std::vector<std::string> key_names = parsed.primary_key;
    for (const DdlColumn& column : parsed.columns) {
      CDC_ASSIGN_OR_RETURN(mysql::ColumnHint hint, ResolveColumn(column, table.default_collation));
      if (hint.in_primary_key) {
        if (!key_names.empty()) return Status::InvalidArgument("CREATE TABLE", "more than one primary key");
        key_names.push_back(hint.name);
      }
      table.definition.columns.push_back(std::move(hint));
    }
    CDC_RETURN_IF_ERROR(SetPrimaryKey(key_names, &table.definition));
    CDC_RETURN_IF_ERROR(CheckUniqueNames(table.definition));
    return table;
  }

  static Status SetPrimaryKey(const std::vector<std::string>& names, TableDefinition* definition) {
    definition->primary_key.clear();
    for (const std::string& name : names) {
      bool found = false;
      for (size_t column_idx = 0; column_idx < definition->columns.size(); ++column_idx) {
        if (SameColumnName(definition->columns[column_idx].name, name)) {
          definition->primary_key.push_back(static_cast<uint32_t>(column_idx));
          found = true;
          break;
        }
      }
      if (!found)
        return Status::InvalidArgument("primary key", "names column `" + name + "` that does not exist");
    }
    for (mysql::ColumnHint& column : definition->columns) column.in_primary_key = false;
    for (uint32_t column_idx : definition->primary_key) {
      definition->columns[column_idx].in_primary_key = true;
      definition->columns[column_idx].nullable = false;
    }
    return Status::OK();
  }

  static Status CheckUniqueNames(const TableDefinition& definition) {
    for (size_t i = 0; i < definition.columns.size(); ++i) {
      for (size_t j = i + 1; j < definition.columns.size(); ++j) {
        if (SameColumnName(definition.columns[i].name, definition.columns[j].name)) {
          return Status::InvalidArgument("columns", "two columns named `" + definition.columns[i].name + "`");
        }
      }
    }
    if (definition.columns.empty())
      return Status::InvalidArgument("columns", "the table would have no columns");
    return Status::OK();
  }

  // ------------------------------------------------------------------------------ ALTER TABLE
  // Applies the specifications to a copy of `table`. Names in DROP/CHANGE/MODIFY/RENAME COLUMN
  // refer to the table before the statement, names in AFTER and in ADD PRIMARY KEY to the table
  // being built, as in MySQL (15.1.9 "ALTER TABLE": column names in the statement refer to the
  // original table). An error means the statement does not fit what we know of the table.
  Result<TrackedTable> ApplyAlter(const TrackedTable& table, const ParsedDdl& parsed, const TableKey& key) {
    struct Working {
      mysql::ColumnHint column;
      std::string original;  // the name before the statement; empty for columns it adds
    };
    std::vector<Working> columns;
    for (const mysql::ColumnHint& column : table.definition.columns) columns.push_back({column, column.name});
    std::vector<std::string> key_names;
    for (uint32_t column_idx : table.definition.primary_key)
      key_names.push_back(table.definition.columns[column_idx].name);

    // The default for new columns is the table's after the statement (its CHARACTER SET / CONVERT).
    TrackedTable result = table;
    for (const AlterSpec& spec : parsed.specs) {
      if (spec.kind != AlterSpec::Kind::kTableCharset && spec.kind != AlterSpec::Kind::kConvertCharset)
        continue;
      uint16_t database_default = 0;
      if (spec.charset.charset == "default") {
        CDC_ASSIGN_OR_RETURN(database_default, DatabaseCollation(key.first));
      }
      uint16_t fallback = spec.charset.charset == "default" ? database_default : result.default_collation;
      CDC_ASSIGN_OR_RETURN(result.default_collation, ResolveCharset(spec.charset, fallback));
    }

    auto by_original = [&](const std::string& name) -> Working* {
      for (Working& working : columns) {
        if (!working.original.empty() && SameColumnName(working.original, name)) return &working;
      }
      return nullptr;
    };
    auto index_of_current = [&](const std::string& name) -> std::optional<size_t> {
      for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
        if (SameColumnName(columns[column_idx].column.name, name)) return column_idx;
      }
      return std::nullopt;
    };
    auto rename_in_key = [&](const std::string& from, const std::string& to) {
      for (std::string& name : key_names) {
        if (SameColumnName(name, from)) name = to;
      }
    };
    auto place = [&](Working working, const AlterSpec& spec, std::optional<size_t> current) -> Status {
      if (spec.placement == DdlPlacement::kLast && current) {
        columns[*current] = std::move(working);  // MODIFY/CHANGE without FIRST/AFTER keep the position
        return Status::OK();
      }
      if (current) columns.erase(columns.begin() + static_cast<ptrdiff_t>(*current));
      size_t at = columns.size();
      if (spec.placement == DdlPlacement::kFirst) at = 0;
      if (spec.placement == DdlPlacement::kAfter) {
        std::optional<size_t> after = index_of_current(spec.after);
        if (!after) return Status::InvalidArgument("AFTER", "column `" + spec.after + "` does not exist");
        at = *after + 1;
      }
      columns.insert(columns.begin() + static_cast<ptrdiff_t>(at), std::move(working));
      return Status::OK();
    };
    auto add_inline_key = [&](const mysql::ColumnHint& column) -> Status {
      if (!column.in_primary_key) return Status::OK();
      if (!key_names.empty()) return Status::InvalidArgument("primary key", "the table has one already");
      key_names.push_back(column.name);
      return Status::OK();
    };

    for (const AlterSpec& spec : parsed.specs) {
      switch (spec.kind) {
        case AlterSpec::Kind::kAddColumn: {
          if (index_of_current(spec.column.name)) {
            if (spec.if_exists) break;  // ADD COLUMN IF NOT EXISTS of an existing column
            return Status::InvalidArgument("ADD COLUMN", "column `" + spec.column.name + "` exists already");
          }
          CDC_ASSIGN_OR_RETURN(mysql::ColumnHint column,
                               ResolveColumn(spec.column, result.default_collation));
          CDC_RETURN_IF_ERROR(add_inline_key(column));
          CDC_RETURN_IF_ERROR(place(Working{std::move(column), ""}, spec, std::nullopt));
          break;
        }
        case AlterSpec::Kind::kDropColumn: {
          Working* working = by_original(spec.name);
          if (working == nullptr) {
            if (spec.if_exists) break;
            return Status::InvalidArgument("DROP COLUMN", "column `" + spec.name + "` does not exist");
          }
          std::string current = working->column.name;
          // A dropped column leaves every index, the primary key included (MySQL 15.1.9).
          key_names.erase(
              std::remove_if(key_names.begin(), key_names.end(),
                             [&](const std::string& name) { return SameColumnName(name, current); }),
              key_names.end());
          columns.erase(columns.begin() + (working - columns.data()));
          break;
        }
        case AlterSpec::Kind::kChangeColumn:
        case AlterSpec::Kind::kModifyColumn: {
          Working* working = by_original(spec.name);
          if (working == nullptr) {
            if (spec.if_exists) break;
            return Status::InvalidArgument(ToString(spec.kind), "column `" + spec.name + "` does not exist");
          }
          const size_t current = static_cast<size_t>(working - columns.data());
          if (spec.kind == AlterSpec::Kind::kChangeColumn &&
              !SameColumnName(spec.column.name, working->column.name) && index_of_current(spec.column.name)) {
            return Status::InvalidArgument("CHANGE COLUMN",
                                           "column `" + spec.column.name + "` exists already");
          }
          CDC_ASSIGN_OR_RETURN(mysql::ColumnHint column,
                               ResolveColumn(spec.column, result.default_collation));
          rename_in_key(working->column.name, column.name);
          CDC_RETURN_IF_ERROR(add_inline_key(column));
          Working replacement{std::move(column), working->original};
          CDC_RETURN_IF_ERROR(place(std::move(replacement), spec, current));
          break;
        }
        case AlterSpec::Kind::kRenameColumn: {
          Working* working = by_original(spec.name);
          if (working == nullptr) {
            return Status::InvalidArgument("RENAME COLUMN", "column `" + spec.name + "` does not exist");
          }
          rename_in_key(working->column.name, spec.new_name);
          working->column.name = spec.new_name;
          break;
        }
        case AlterSpec::Kind::kAddPrimaryKey:
          if (!key_names.empty())
            return Status::InvalidArgument("ADD PRIMARY KEY", "the table has one already");
          key_names = spec.key;
          break;
        case AlterSpec::Kind::kDropPrimaryKey:
          if (key_names.empty()) return Status::InvalidArgument("DROP PRIMARY KEY", "the table has none");
          key_names.clear();
          break;
        case AlterSpec::Kind::kConvertCharset:
          for (Working& working : columns) {
            mysql::ColumnHint& column = working.column;
            if (!IsCharacterType(column.data_type)) continue;
            // CONVERT TO widens TEXT types so that they hold as many characters (MySQL 15.1.9).
            if (IsTextType(column.data_type) && column.collation != 0 && result.default_collation != 0 &&
                result.default_collation != model::kBinaryCollation) {
              uint64_t characters = LobCapacity(column.data_type) / MaxBytesPerChar(column.collation);
              std::string widened =
                  SizedLobType(characters * MaxBytesPerChar(result.default_collation), true);
              if (LobCapacity(widened) > LobCapacity(column.data_type))
                column.data_type = column.column_type = widened;
            }
            column.collation = result.default_collation;
            if (column.collation == model::kBinaryCollation) MakeBinary(&column);
          }
          break;
        case AlterSpec::Kind::kRenameTable:
        case AlterSpec::Kind::kTableCharset:
          break;  // handled by the caller / above
      }
    }

    result.definition.columns.clear();
    for (Working& working : columns) result.definition.columns.push_back(std::move(working.column));
    CDC_RETURN_IF_ERROR(CheckUniqueNames(result.definition));
    CDC_RETURN_IF_ERROR(SetPrimaryKey(key_names, &result.definition));
    return result;
  }

  // ------------------------------------------------------------------------------- statements
  Result<TableKey> Resolve(const DdlName& name) const {
    std::string schema = name.schema.empty() ? ddl->database : name.schema;
    if (schema.empty()) {
      return Status::InvalidArgument(
          "DDL at " + DescribePosition(ddl->position),
          "table `" + name.table + "` has no database and the statement none: " + Excerpt(ddl->sql));
    }
    return TableKey{std::move(schema), name.table};
  }

  std::string FailureText(std::string_view reason) const {
    return "the definition is unknown since the statement at " + DescribePosition(ddl->position) +
           " could not be applied (" + std::string(reason) + "): " + Excerpt(ddl->sql);
  }

  // A table whose definition became unknown: later TABLE_MAPs of it fail (unless FULL metadata).
  Status Taint(const TableKey& key, const TableKey& new_key, std::string_view reason) {
    TrackedTable state;
    state.failure = FailureText(reason);
    LogWarn(LogComponent::kMetadataManager,
            "schema tracking: a DDL statement could not be applied; the table's rows cannot be decoded "
            "without FULL metadata",
            {{"table", Quoted(key)}, {"reason", reason}, {"position", DescribePosition(ddl->position)}});
    const bool renamed = key != new_key;
    if (renamed) {
      Forget(key);
      absent.insert(key);
    }
    Set(new_key, std::move(state));
    const TrackedTable* stored = FindTable(new_key);
    Change(renamed ? SchemaChange::Kind::kRename : SchemaChange::Kind::kAlter, key, stored,
           renamed ? &new_key : nullptr);
    Record record{renamed ? "rename" : "alter", key, new_key, ddl->sql, stored, 0};
    return AddDdlRecord(record);
  }

  Status ApplyUnparsed(const ParsedDdl& parsed) {
    const std::string reason = parsed.error.ToString();
    auto fail = [&] {
      return Status::InvalidArgument("DDL at " + DescribePosition(ddl->position),
                                     "cannot apply '" + Excerpt(ddl->sql) + "': " + parsed.error.message());
    };
    if (parsed.table.table.empty()) return fail();
    if (parsed.kind == ParsedDdl::Kind::kCreateTable) {
      CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(parsed.table));
      if (parsed.if_not_exists && (FindTable(key) != nullptr || absent.count(key) == 0)) return Status::OK();
      return CreateUnknown(key, reason);
    }
    if (parsed.kind == ParsedDdl::Kind::kAlterTable) {
      CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(parsed.table));
      TableKey new_key = key;
      for (const AlterSpec& spec : parsed.specs) {
        if (spec.kind == AlterSpec::Kind::kRenameTable) {
          CDC_ASSIGN_OR_RETURN(new_key, Resolve(spec.new_table));
        }
      }
      if (FindTable(key) != nullptr) return Taint(key, new_key, reason);
      // Not known: its definition comes from the source when first needed, as for any new table.
      LogWarn(
          LogComponent::kMetadataManager,
          "schema tracking: DDL statement not understood; the table is not tracked yet, so nothing changes",
          {{"table", Quoted(key)}, {"reason", reason}, {"position", DescribePosition(ddl->position)}});
      if (new_key != key) return RenameTable(key, new_key);
      return Status::OK();
    }
    return fail();
  }

  // A created table whose columns the statement does not tell (CREATE ... SELECT, LIKE an unknown
  // table, a definition we cannot read): learned from the source at its first TABLE_MAP.
  Status CreateUnknown(const TableKey& key, std::string_view reason) {
    LogInfo(
        LogComponent::kMetadataManager,
        "schema tracking: a created table's definition will be read from the server at its first row event",
        {{"table", Quoted(key)}, {"reason", reason}, {"position", DescribePosition(ddl->position)}});
    Forget(key);
    absent.erase(key);
    Change(SchemaChange::Kind::kCreate, key, nullptr);
    return AddDdlRecord(Record{"create", key, {}, ddl->sql, nullptr, 0});
  }

  Status CreateTable(const ParsedDdl& parsed) {
    CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(parsed.table));
    if (parsed.if_not_exists && FindTable(key) != nullptr)
      return Status::OK();  // it existed: nothing happened
    // Whether it existed before is unknown: either way its definition is the server's at its
    // first TABLE_MAP, as for any table not seen yet.
    if (parsed.if_not_exists && absent.count(key) == 0) return Status::OK();
    TrackedTable state;
    if (parsed.like) {
      CDC_ASSIGN_OR_RETURN(TableKey like, Resolve(*parsed.like));
      const TrackedTable* original = FindTable(like);
      if (original == nullptr) return CreateUnknown(key, "CREATE TABLE ... LIKE a table not tracked");
      state = *original;
    } else if (parsed.as_select) {
      return CreateUnknown(key, "CREATE TABLE ... SELECT");
    } else {
      Result<TrackedTable> built = BuildFromCreate(parsed, key);
      if (!built.ok()) {
        if (built.status().IsUnavailable()) return built.status();
        return CreateUnknown(key, built.status().ToString());
      }
      state = std::move(*built);
    }
    state.origin = "CREATE TABLE at " + DescribePosition(ddl->position);
    Set(key, std::move(state));
    const TrackedTable* stored = FindTable(key);
    Change(SchemaChange::Kind::kCreate, key, stored);
    return AddDdlRecord(Record{"create", key, {}, ddl->sql, stored, 0});
  }

  Status AlterTable(const ParsedDdl& parsed) {
    CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(parsed.table));
    TableKey new_key = key;
    for (const AlterSpec& spec : parsed.specs) {
      if (spec.kind == AlterSpec::Kind::kRenameTable) {
        CDC_ASSIGN_OR_RETURN(new_key, Resolve(spec.new_table));
      }
    }
    const bool renamed = new_key != key;
    TrackedTable* current = FindTable(key);
    if (current == nullptr) return renamed ? RenameTable(key, new_key) : Status::OK();
    if (!current->failure.empty()) {
      if (!renamed) return Status::OK();  // still unknown
      return RenameTable(key, new_key);
    }
    Result<TrackedTable> altered = ApplyAlter(*current, parsed, key);
    if (!altered.ok()) {
      if (altered.status().IsUnavailable()) return altered.status();
      return Taint(key, new_key, altered.status().ToString());
    }
    if (!renamed && Dump(DefinitionToJson(*altered)) == Dump(DefinitionToJson(*current))) {
      return Status::OK();  // options, indexes, partitions: the columns are as they were
    }
    altered->origin = "ALTER TABLE at " + DescribePosition(ddl->position);
    if (renamed) {
      Forget(key);
      absent.insert(key);
    }
    Set(new_key, std::move(*altered));
    const TrackedTable* stored = FindTable(new_key);
    Change(renamed ? SchemaChange::Kind::kRename : SchemaChange::Kind::kAlter, key, stored,
           renamed ? &new_key : nullptr);
    return AddDdlRecord(Record{renamed ? "rename" : "alter", key, new_key, ddl->sql, stored, 0});
  }

  Status RenameTable(const TableKey& from, const TableKey& to) {
    std::optional<TrackedTable> state;
    if (TrackedTable* found = FindTable(from)) state = std::move(*found);
    Forget(from);
    absent.insert(from);
    if (state) {
      Set(to, std::move(*state));
    } else {
      Forget(to);
      absent.erase(to);
    }
    const TrackedTable* stored = FindTable(to);
    Change(SchemaChange::Kind::kRename, from, stored, &to);
    return AddDdlRecord(Record{"rename", from, to, ddl->sql, stored, 0});
  }

  Status DropTable(const TableKey& key) {
    Forget(key);
    absent.insert(key);
    Change(SchemaChange::Kind::kDrop, key, nullptr);
    return AddDdlRecord(Record{"drop", key, {}, ddl->sql, nullptr, 0});
  }

  Status DropDatabase(const std::string& database) {
    std::vector<TableKey> dropped;
    for (const auto& [key, table] : tables) {
      if (key.first == database) dropped.push_back(key);
    }
    for (const TableKey& key : dropped) CDC_RETURN_IF_ERROR(DropTable(key));
    databases.erase(database);
    return AddDdlRecord(Record{"drop_database", {database, ""}, {}, ddl->sql, nullptr, 0});
  }

  Status SetDatabaseCollation(const std::string& database, const DdlCharset& charset) {
    Result<uint16_t> collation = ResolveCharset(charset, 0);
    uint16_t id = 0;
    if (collation.ok()) {
      id = *collation;
    } else {
      LogWarn(LogComponent::kMetadataManager,
              "schema tracking: database character set not understood; its default stays unknown",
              {{"database", database}, {"reason", collation.status().ToString()}});
    }
    if (id == 0) {
      databases.erase(database);
    } else {
      databases[database] = id;
    }
    return AddDdlRecord(Record{"database", {database, ""}, {}, ddl->sql, nullptr, id});
  }

  Status Apply(const ParsedDdl& parsed) {
    switch (parsed.kind) {
      case ParsedDdl::Kind::kNone:
        return Status::OK();
      case ParsedDdl::Kind::kCreateTable:
        return CreateTable(parsed);
      case ParsedDdl::Kind::kAlterTable:
        return AlterTable(parsed);
      case ParsedDdl::Kind::kRenameTables: {
        // Every name is resolved before anything changes. Pairs apply in order (a swap goes
        // through a third name: RENAME TABLE a TO tmp, b TO a, tmp TO b).
        std::vector<std::pair<TableKey, TableKey>> renames;
        for (const auto& [from, to] : parsed.renames) {
          CDC_ASSIGN_OR_RETURN(TableKey from_key, Resolve(from));
          CDC_ASSIGN_OR_RETURN(TableKey to_key, Resolve(to));
          renames.emplace_back(std::move(from_key), std::move(to_key));
        }
        for (const auto& [from, to] : renames) CDC_RETURN_IF_ERROR(RenameTable(from, to));
        return Status::OK();
      }
      case ParsedDdl::Kind::kDropTables: {
        std::vector<TableKey> keys;
        for (const DdlName& name : parsed.tables) {
          CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(name));
          keys.push_back(std::move(key));
        }
        for (const TableKey& key : keys) CDC_RETURN_IF_ERROR(DropTable(key));
        return Status::OK();
      }
      case ParsedDdl::Kind::kTruncateTable: {
        CDC_ASSIGN_OR_RETURN(TableKey key, Resolve(parsed.table));
        absent.erase(key);
        const TrackedTable* state = FindTable(key);
        Change(SchemaChange::Kind::kTruncate, key, state);
        return AddDdlRecord(Record{"truncate", key, {}, ddl->sql, state, 0});
      }
      case ParsedDdl::Kind::kCreateDatabase:
        // IF NOT EXISTS of a database whose default is not known: it may have existed with another
        // default, so the default stays unknown (the collation source tells it when needed).
        if (parsed.if_not_exists) return Status::OK();
        if (parsed.or_replace) CDC_RETURN_IF_ERROR(DropDatabase(parsed.database));
        return SetDatabaseCollation(parsed.database, parsed.charset);
      case ParsedDdl::Kind::kAlterDatabase: {
        if (parsed.charset.empty()) return Status::OK();
        std::string database = parsed.database.empty() ? ddl->database : parsed.database;
        if (database.empty()) return Status::OK();
        return SetDatabaseCollation(database, parsed.charset);
      }
      case ParsedDdl::Kind::kDropDatabase:
        return DropDatabase(parsed.database);
    }
    return Status::OK();
  }

  // ----------------------------------------------------------------------------------- Enrich
  // Whether `definition` can describe the TABLE_MAP's columns; the reason when not.
  static std::optional<std::string> Misfit(const TableDefinition& definition,
                                           const model::TableSchema& schema, bool full) {
    if (definition.columns.size() != schema.columns.size()) {
      return "the definition has " + std::to_string(definition.columns.size()) + " columns, the TABLE_MAP " +
             std::to_string(schema.columns.size());
    }
    for (size_t column_idx = 0; column_idx < schema.columns.size(); ++column_idx) {
      const mysql::ColumnHint& hint = definition.columns[column_idx];
      const model::ColumnSchema& column = schema.columns[column_idx];
      if (!mysql::HintFitsType(hint.data_type, column.type)) {
        return "column " + std::to_string(column_idx + 1) + " `" + hint.name + "` is '" + hint.column_type +
               "' in the definition but has wire type " + std::string(model::ToString(column.type)) +
               " in the TABLE_MAP";
      }
      if (full && !SameColumnName(hint.name, column.name)) {
        return "column " + std::to_string(column_idx + 1) + " is `" + hint.name +
               "` in the definition but `" + column.name + "` in the TABLE_MAP";
      }
    }
    return std::nullopt;
  }

  void WarnFull(const TableKey& key, std::string_view reason) {
    if (!warned.insert(key).second) return;
    LogWarn(LogComponent::kMetadataManager,
            "schema tracking: the tracked definition does not fit the TABLE_MAP; using the TABLE_MAP's FULL "
            "metadata "
            "without hints",
            {{"table", Quoted(key)}, {"reason", reason}});
  }

  Status Enrich(model::TableSchema* schema) {
    const TableKey key{schema->schema_name, schema->table_name};
    bool full = !schema->columns.empty();
    for (const model::ColumnSchema& column : schema->columns) full = full && !column.name.empty();
    auto where = [&] {
      std::string text = "schema of " + Quoted(key);
      if (position) text += " at " + DescribePosition(position());
      return text;
    };

    TrackedTable* table = FindTable(key);
    if (table == nullptr) {
      Result<TableDefinition> read = source
                                         ? source(key.first, key.second)
                                         : Result<TableDefinition>(Status::NotFound("no definition source"));
      if (!read.ok()) {
        if (full && read.status().IsNotFound()) return Status::OK();  // the TABLE_MAP has the names
        if (read.status().IsNotFound()) {
          return Status::NotFound(where(),
                                  "the table has no tracked definition and information_schema does not know "
                                  "it (dropped since?): " +
                                      read.status().message());
        }
        return read.status().WithContext(where());
      }
      TableDefinition definition = std::move(*read);
      if (std::optional<std::string> misfit = Misfit(definition, *schema, full)) {
        if (full) {
          WarnFull(key, *misfit);
          return Status::OK();
        }
        return Status::InvalidArgument(
            where(), "information_schema's definition does not fit the TABLE_MAP: " + *misfit +
                         ". The table was altered after this position; without "
                         "binlog_row_metadata=FULL its schema here is unknown");
      }
      TrackedTable state;
      state.definition = std::move(definition);
      if (collations) {
        Result<uint16_t> collation = collations(key.first, key.second);
        if (!collation.ok() && collation.status().IsUnavailable())
          return collation.status().WithContext(where());
        if (collation.ok()) state.default_collation = *collation;
      }
      const uint64_t seq = next_seq ? next_seq() : 0;
      const model::SourcePosition at = position ? position() : model::SourcePosition{};
      state.origin = "information_schema at " + DescribePosition(at);
      Set(key, std::move(state));
      table = FindTable(key);
      CDC_RETURN_IF_ERROR(AddRecord(seq, at, Record{"snapshot", key, {}, "", table, 0}));
    }

    if (!table->failure.empty()) {
      if (full) {
        WarnFull(key, table->failure);
        return Status::OK();
      }
      return Status::InvalidArgument(where(), table->failure);
    }
    if (std::optional<std::string> misfit = Misfit(table->definition, *schema, full)) {
      if (full) {
        WarnFull(key, *misfit);
        return Status::OK();
      }
      return Status::InvalidArgument(where(), "the definition tracked from " + table->origin +
                                                  " does not fit the TABLE_MAP: " + *misfit);
    }
    CDC_ASSIGN_OR_RETURN(std::vector<uint32_t> changed, mysql::ApplyTableHints(table->definition, schema));
    for (uint32_t column_idx : changed) {
      schema->columns[column_idx].kind = binlog::ChooseValueKind(schema->columns[column_idx]);
    }
    return Status::OK();
  }

  // ---------------------------------------------------------------------------------- Restore
  Status Restore(std::string_view text) {
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return Status::Corruption(kRecordWhat, "not a JSON object");
    uint64_t seq = 0, index = 0;
    CDC_RETURN_IF_ERROR(GetUnsigned(json, "seq", UINT64_MAX, &seq));
    CDC_RETURN_IF_ERROR(GetUnsigned(json, "index", UINT32_MAX, &index));
    if (have_last && (seq < last_seq || (seq == last_seq && index <= last_index))) {
      return Status::Corruption(kRecordWhat, "seq " + std::to_string(seq) + " index " +
                                                 std::to_string(index) + " does not follow seq " +
                                                 std::to_string(last_seq) + " index " +
                                                 std::to_string(last_index));
    }
    std::string kind, schema_name, table_name, sql;
    CDC_RETURN_IF_ERROR(GetString(json, "kind", &kind));
    CDC_RETURN_IF_ERROR(GetString(json, "schema", &schema_name));
    CDC_RETURN_IF_ERROR(GetString(json, "table", &table_name));
    CDC_RETURN_IF_ERROR(GetString(json, "sql", &sql));
    auto position_json = json.find("position");
    if (position_json == json.end() || !position_json->is_object()) return Missing("position", "an object");
    model::SourcePosition at;
    CDC_RETURN_IF_ERROR(GetString(*position_json, "file", &at.file));
    CDC_RETURN_IF_ERROR(GetUnsigned(*position_json, "offset", UINT64_MAX, &at.offset));
    CDC_RETURN_IF_ERROR(GetString(*position_json, "gtid", &at.gtid));
    const TableKey key{schema_name, table_name};
    const std::string origin = "schema history record " + std::to_string(seq) + "." + std::to_string(index) +
                               " (" + kind + " at " + DescribePosition(at) + ")";

    // The table's state after the record: a definition, a failure, or unknown (nullopt).
    auto read_state = [&](const TableKey& target, std::optional<TrackedTable>* out) -> Status {
      auto definition = json.find("definition");
      if (definition == json.end()) return Missing("definition", "present");
      if (definition->is_null()) {
        auto failure = json.find("failure");
        if (failure == json.end()) return Status::OK();
        if (!failure->is_string() || failure->get<std::string>().empty())
          return Missing("failure", "a string");
        TrackedTable state;
        state.failure = failure->get<std::string>();
        *out = std::move(state);
        return Status::OK();
      }
      TrackedTable state;
      CDC_RETURN_IF_ERROR(DefinitionFromJson(*definition, target, &state));
      state.origin = origin;
      *out = std::move(state);
      return Status::OK();
    };
    auto put = [&](const TableKey& target, std::optional<TrackedTable> state) {
      if (state) {
        Set(target, std::move(*state));
      } else {
        Forget(target);
        absent.erase(target);
      }
    };

    if (kind == "database" || kind == "drop_database") {
      if (schema_name.empty()) return Missing("schema", "a database name");
    } else if (schema_name.empty() || table_name.empty()) {
      return Missing(schema_name.empty() ? "schema" : "table", "a name");
    }
    if (kind == "snapshot" || kind == "reload" || kind == "create" || kind == "alter" || kind == "truncate") {
      std::optional<TrackedTable> state;
      CDC_RETURN_IF_ERROR(read_state(key, &state));
      put(key, std::move(state));
    } else if (kind == "rename") {
      TableKey new_key;
      CDC_RETURN_IF_ERROR(GetString(json, "new_schema", &new_key.first));
      CDC_RETURN_IF_ERROR(GetString(json, "new_table", &new_key.second));
      if (new_key.first.empty() || new_key.second.empty()) return Missing("new_table", "a name");
      std::optional<TrackedTable> state;
      CDC_RETURN_IF_ERROR(read_state(new_key, &state));
      Forget(key);
      absent.insert(key);
      put(new_key, std::move(state));
    } else if (kind == "drop") {
      Forget(key);
      absent.insert(key);
    } else if (kind == "database") {
      uint64_t collation = 0;
      CDC_RETURN_IF_ERROR(GetUnsigned(json, "default_collation", UINT16_MAX, &collation));
      if (collation == 0) {
        databases.erase(schema_name);
      } else {
        databases[schema_name] = static_cast<uint16_t>(collation);
      }
    } else if (kind == "drop_database") {
      for (auto it = tables.begin(); it != tables.end();) {
        it = it->first.first == schema_name ? tables.erase(it) : std::next(it);
      }
      databases.erase(schema_name);
    } else {
      return Status::Corruption(kRecordWhat, "unknown kind '" + kind + "'");
    }
    have_last = true;
    last_seq = seq;
    last_index = index;
    return Status::OK();
  }
};

// ==================================================================================== public

SchemaTracker::SchemaTracker(DefinitionSource definition_source, std::function<uint64_t()> next_seq)
    : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(definition_source);
  impl_->next_seq = std::move(next_seq);
}

SchemaTracker::~SchemaTracker() = default;

void SchemaTracker::SetPositionSource(std::function<model::SourcePosition()> position) {
  impl_->position = std::move(position);
}

void SchemaTracker::SetCollationSource(CollationSource source) {
  impl_->collations = std::move(source);
}

Status SchemaTracker::Restore(std::string_view record_json) {
  return impl_->Restore(record_json);
}

Status SchemaTracker::Enrich(model::TableSchema* schema) {
  return impl_->Enrich(schema);
}

Result<std::vector<SchemaChange>> SchemaTracker::ApplyDdl(const DdlStatement& ddl) {
  ParsedDdl parsed = ParseDdl(ddl.sql);
  std::vector<SchemaChange> changes;
  impl_->ddl = &ddl;
  impl_->changes = &changes;
  // Records of a statement that fails halfway are dropped with it, so that a retry (after an
  // Unavailable collation source) records it once.
  const size_t pending_before = impl_->pending.size();
  const bool have_last = impl_->have_last;
  const uint64_t last_seq = impl_->last_seq, last_index = impl_->last_index;
  Status applied = parsed.error.ok() ? impl_->Apply(parsed) : impl_->ApplyUnparsed(parsed);
  impl_->ddl = nullptr;
  impl_->changes = nullptr;
  if (!applied.ok()) {
    impl_->pending.resize(pending_before);
    impl_->have_last = have_last;
    impl_->last_seq = last_seq;
    impl_->last_index = last_index;
    return applied;
  }
  return changes;
}

Status SchemaTracker::Learn(std::string_view schema, std::string_view table, TableDefinition definition,
                            uint64_t seq, const model::SourcePosition& position, bool reload) {
  TableKey key{std::string(schema), std::string(table)};
  TrackedTable state;
  state.definition = std::move(definition);
  if (impl_->collations) {
    Result<uint16_t> collation = impl_->collations(key.first, key.second);
    if (!collation.ok() && collation.status().IsUnavailable()) return collation.status();
    if (collation.ok()) state.default_collation = *collation;
  }
  state.origin = "the full load's read at " + DescribePosition(position);
  impl_->Set(key, std::move(state));
  return impl_->AddRecord(seq, position, Record{reload ? "reload" : "snapshot", key, {}, "", impl_->FindTable(key), 0});
}

std::vector<std::string> SchemaTracker::TakePendingRecords() {
  std::vector<std::string> records;
  records.swap(impl_->pending);
  return records;
}

std::optional<TableDefinition> SchemaTracker::Find(std::string_view schema, std::string_view table) const {
  auto found = impl_->tables.find(TableKey{std::string(schema), std::string(table)});
  if (found == impl_->tables.end() || !found->second.failure.empty()) return std::nullopt;
  return found->second.definition;
}

Result<uint64_t> SchemaRecordSeq(std::string_view record_json) {
  Json json = Json::parse(record_json, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return Status::Corruption(kRecordWhat, "not a JSON object");
  uint64_t seq = 0;
  CDC_RETURN_IF_ERROR(GetUnsigned(json, "seq", UINT64_MAX, &seq));
  return seq;
}

Result<uint16_t> ReadDefaultCollation(mysql::Connection& connection, std::string_view schema,
                                      std::string_view table) {
  std::string sql =
      table.empty() ? "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = " +
                          connection.Quote(schema)
                    : "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                          connection.Quote(schema) + " AND TABLE_NAME = " + connection.Quote(table);
  std::string what = table.empty()
                         ? "default collation of database `" + std::string(schema) + "`"
                         : "default collation of `" + std::string(schema) + "`.`" + std::string(table) + "`";
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> name, connection.QueryValue(sql));
  if (!name) return Status::NotFound(what, "information_schema gives none");
  uint16_t id = CollationIdByName(*name);
  if (id == 0) return Status::NotFound(what, "collation '" + *name + "' is not one we know");
  return id;
}

}  // namespace cdc::capture
