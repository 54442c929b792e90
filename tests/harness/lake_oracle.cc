#include "harness/lake_oracle.h"

#include <nlohmann/json.hpp>

#include "harness/process.h"
#include "harness/value_oracle.h"

#ifndef LAKEFEED_REPLAY_ORACLE
#define LAKEFEED_REPLAY_ORACLE ""
#endif

namespace cdc::harness {
namespace {

using Json = nlohmann::json;

std::string Preview(std::string_view text, size_t max = 2000) {
  if (text.size() <= max) return std::string(text);
  return std::string(text.substr(0, max)) + "...";
}

uint64_t StatValue(const Json& stats, const char* name) {
  auto it = stats.find(name);
  if (it == stats.end() || !it->is_number_unsigned()) return 0;
  return it->get<uint64_t>();
}

Status ParseStrings(const Json& json, const std::string& where, std::vector<std::string>* out) {
  if (!json.is_array()) return Status::Corruption(where + " is not an array");
  for (const Json& item : json) {
    if (!item.is_string()) return Status::Corruption(where + " holds a non-string");
    out->push_back(item.get<std::string>());
  }
  return Status::OK();
}

// Keys rows by their primary key, or, for a table without one (a multiset of rows), by all their values
// and the number of equal rows before them ("#1", "#2", ...) -- as replay_lake.py keys them.
class RowKeyer {
 public:
  explicit RowKeyer(std::vector<size_t> key_positions) : key_positions_(std::move(key_positions)) {}

  void Add(Row row, TableImage* image) {
    std::vector<std::string> key;
    if (key_positions_.empty()) {
      for (const Cell& cell : row) key.push_back(cell.value_or("NULL"));
      key.push_back("#" + std::to_string(++seen_[key]));
    } else {
      for (size_t position : key_positions_) key.push_back(row[position].value_or("NULL"));
    }
    image->rows.emplace(std::move(key), std::move(row));
  }

 private:
  std::vector<size_t> key_positions_;
  std::map<std::vector<std::string>, int> seen_;
};

Status ParseTable(const std::string& name, const Json& json, TableImage* image) {
  if (!json.is_object() || !json.contains("columns") || !json.contains("primary_key") ||
      !json.contains("rows")) {
    return Status::Corruption("table " + name + " lacks columns, primary_key or rows");
  }
  CDC_RETURN_IF_ERROR(ParseStrings(json["columns"], name + ".columns", &image->columns));
  CDC_RETURN_IF_ERROR(ParseStrings(json["primary_key"], name + ".primary_key", &image->primary_key));
  if (json.contains("failure") && json["failure"].is_string())
    image->failure = json["failure"].get<std::string>();
  std::vector<size_t> key_positions;
  for (const std::string& key_column : image->primary_key) {
    size_t position = 0;
    while (position < image->columns.size() && image->columns[position] != key_column) ++position;
    if (position == image->columns.size())
      return Status::Corruption(name + ": key column " + key_column + " unknown");
    key_positions.push_back(position);
  }
  const Json& rows = json["rows"];
  if (!rows.is_array()) return Status::Corruption(name + ".rows is not an array");
  RowKeyer keyer(std::move(key_positions));
  for (const Json& values : rows) {
    if (!values.is_array() || values.size() != image->columns.size()) {
      return Status::Corruption(name + ": a row does not have one value per column");
    }
    Row row;
    for (const Json& value : values) {
      if (value.is_null()) {
        row.emplace_back(std::nullopt);
      } else if (value.is_string()) {
        row.emplace_back(value.get<std::string>());
      } else {
        return Status::Corruption(name + ": a value is neither text nor null");
      }
    }
    keyer.Add(std::move(row), image);
  }
  return Status::OK();
}

std::string Identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

}  // namespace

std::string ReplayOracleScript() {
  return GetEnvOr("LAKEFEED_REPLAY_ORACLE", LAKEFEED_REPLAY_ORACLE);
}

std::string ShowKey(const std::vector<std::string>& key) {
  std::string out = "[";
  for (size_t part_idx = 0; part_idx < key.size(); ++part_idx) {
    if (part_idx > 0) out += ", ";
    out += "'" + key[part_idx] + "'";
  }
  return out + "]";
}

Result<LakeReplay> ReplayLake(const std::string& lake_dir, const ReplayOptions& options) {
  std::string script = ReplayOracleScript();
  if (script.empty())
    return Status::NotFound("the replay oracle script is not known (no LAKEFEED_REPLAY_ORACLE)");
  // -I -S: the standard library only, no site packages or PYTHON* variables (also starts faster).
  std::vector<std::string> argv = {
      "python3",        "-I", "-S", script, lake_dir, "--null-value", options.null_value, "--delimiter",
      options.delimiter};
  if (options.reader_view) argv.push_back("--reader-view");
  if (options.include_op_for_full_load) argv.push_back("--include-op-for-full-load");
  for (const auto& [table, columns] : options.keys) {
    std::string spec = table + "=";
    for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      spec += (column_idx > 0 ? "," : "") + columns[column_idx];
    }
    argv.push_back("--key");
    argv.push_back(spec);
  }
  if (!options.timestamp_column.empty()) {
    argv.push_back("--timestamp-column");
    argv.push_back(options.timestamp_column);
  }
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, std::chrono::minutes(5)));
  // 0: no findings, 1: findings (listed in the JSON); anything else is the script failing.
  if (result.exit_code != 0 && result.exit_code != 1) {
    return Status::IOError(CommandLine(argv) + " exited with " + std::to_string(result.exit_code),
                           Preview(result.stderr_text));
  }
  Json json = Json::parse(result.stdout_text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object() || !json.contains("tables") || !json["tables"].is_object() ||
      !json.contains("errors") || !json.contains("stats") || !json["stats"].is_object()) {
    return Status::IOError(CommandLine(argv) + " printed no replay result",
                           Preview(result.stdout_text) + "\n" + Preview(result.stderr_text));
  }
  LakeReplay replay;
  Status errors = ParseStrings(json["errors"], "errors", &replay.errors);
  if (!errors.ok()) return errors.WithContext(CommandLine(argv));
  for (const auto& [name, table] : json["tables"].items()) {
    Status parsed = ParseTable(name, table, &replay.tables[name]);
    if (!parsed.ok()) return parsed.WithContext(CommandLine(argv));
  }
  const Json& stats = json["stats"];
  replay.stats.files = StatValue(stats, "files");
  replay.stats.rows = StatValue(stats, "rows");
  replay.stats.schema_records = StatValue(stats, "schema_records");
  replay.stats.ignored_schema_records = StatValue(stats, "ignored_schema_records");
  replay.stats.staging_files = StatValue(stats, "staging_files");
  replay.stats.checkpoints = StatValue(stats, "checkpoints");
  replay.stats.next_seq = StatValue(stats, "next_seq");
  replay.stats.max_seq = StatValue(stats, "max_seq");
  replay.stats.publish_complete = !stats.contains("publish_complete") || stats["publish_complete"] != false;
  replay.stats.suppressed_errors = StatValue(stats, "suppressed_errors");
  return replay;
}

Result<TablesImage> DumpSourceTables(MariaDbClient& client, const std::vector<std::string>& databases,
                                     const std::map<std::string, std::vector<std::string>>& keys) {
  TablesImage tables;
  for (const std::string& database : databases) {
    CDC_ASSIGN_OR_RETURN(
        std::vector<Row> names,
        client.QueryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                         SqlQuote(database) + " AND TABLE_TYPE = 'BASE TABLE'"));
    for (const Row& name_row : names) {
      const std::string table = name_row.at(0).value_or("");
      const std::string full_name = database + "." + table;
      CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(client, database, table));
      CDC_ASSIGN_OR_RETURN(std::vector<Row> key_rows,
                           client.QueryRows("SELECT COLUMN_NAME FROM information_schema.STATISTICS WHERE "
                                            "TABLE_SCHEMA = " +
                                            SqlQuote(database) + " AND TABLE_NAME = " + SqlQuote(table) +
                                            " AND INDEX_NAME = 'PRIMARY' ORDER BY SEQ_IN_INDEX"));
      TableImage image;
      image.column_info = info.columns;
      std::string select = "SELECT ";
      for (size_t column_idx = 0; column_idx < info.columns.size(); ++column_idx) {
        if (column_idx > 0) select += ", ";
        select += SelectExpression(info.columns[column_idx]);
        image.columns.push_back(info.columns[column_idx].name);
      }
      select += " FROM " + Identifier(database) + "." + Identifier(table);
      if (key_rows.empty() && keys.contains(full_name)) {
        for (const std::string& column : keys.at(full_name)) key_rows.push_back(Row{column});
      }
      std::vector<size_t> key_positions;
      for (const Row& key_row : key_rows) {
        image.primary_key.push_back(key_row.at(0).value_or(""));
        int position = info.IndexOf(image.primary_key.back());
        if (position < 0) {
          return Status::Corruption("source table " + full_name + ": key column " + image.primary_key.back() +
                                    " is not among its columns");
        }
        key_positions.push_back(static_cast<size_t>(position));
      }
      CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, client.QueryRows(select));
      RowKeyer keyer(std::move(key_positions));
      for (Row& row : rows) keyer.Add(std::move(row), &image);
      tables.emplace(full_name, std::move(image));
    }
  }
  return tables;
}

void CompareTables(const TablesImage& source, const TablesImage& lake, Mismatches* mismatches,
                   const std::vector<std::string>& databases, const std::set<std::string>& unchecked_columns) {
  for (const auto& [name, lake_table] : lake) {
    bool wanted = databases.empty();
    for (const std::string& database : databases) wanted = wanted || name.rfind(database + ".", 0) == 0;
    if (wanted && source.count(name) == 0) {
      mismatches->Add("table " + name + ": in the lake (" + std::to_string(lake_table.rows.size()) +
                      " rows) but not in the source");
    }
  }
  for (const auto& [name, want] : source) {
    auto found = lake.find(name);
    if (found == lake.end()) {
      mismatches->Add("table " + name + ": in the source (" + std::to_string(want.rows.size()) +
                      " rows) but not in the lake");
      continue;
    }
    const TableImage& got = found->second;
    if (!got.failure.empty()) {
      mismatches->Add("table " + name + ": the lake does not know its schema: " + got.failure);
      continue;
    }
    auto joined = [](const std::vector<std::string>& names) {
      std::string out;
      for (const std::string& column : names) out += (out.empty() ? "" : ",") + column;
      return out;
    };
    if (got.columns != want.columns) {
      mismatches->Add("table " + name + ": lake columns (" + joined(got.columns) +
                      ") differ from the source (" + joined(want.columns) + ")");
      continue;
    }
    if (got.primary_key != want.primary_key) {
      mismatches->Add("table " + name + ": lake primary key (" + joined(got.primary_key) +
                      ") differs from the source (" + joined(want.primary_key) + ")");
      continue;
    }
    for (const auto& [key, got_row] : got.rows) {
      if (want.rows.count(key) == 0)
        mismatches->Add("table " + name + " key " + ShowKey(key) + ": in the lake only");
    }
    for (const auto& [key, want_row] : want.rows) {
      auto row = got.rows.find(key);
      if (row == got.rows.end()) {
        mismatches->Add("table " + name + " key " + ShowKey(key) + ": in the source only (lost)");
        continue;
      }
      for (size_t column_idx = 0; column_idx < want.columns.size(); ++column_idx) {
        if (unchecked_columns.contains(name + "." + want.columns[column_idx])) continue;
        std::string problem =
            CompareWithSelect(want.column_info[column_idx], row->second[column_idx], want_row[column_idx]);
        if (problem.empty()) continue;
        mismatches->Add("table " + name + " key " + ShowKey(key) + ": " + problem);
        mismatches->AddColumn(name, want.columns[column_idx]);
      }
    }
  }
}

}  // namespace cdc::harness
