#include "merge_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capture_check.h"
#include "harness/column_info.h"
#include "harness/process.h"

namespace cdc::harness {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// One table in canonical form: column names (sorted) and rows by primary key.
struct CanonicalTable {
  std::set<std::string> columns;
  std::vector<std::string> key_columns;  // source side: the primary key, in ordinal order
  std::map<std::string, std::map<std::string, std::optional<std::string>>> rows;  // key text -> column -> value
};

// "YYYY-MM-DD HH:MM:SS[.f]" with the fraction made six digits.
std::string SixDigitFraction(const std::string& text) {
  const size_t dot = text.find('.');
  std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  fraction.resize(6, '0');
  return text.substr(0, dot) + "." + fraction;
}

// A TIME value "[-]H+:MM:SS[.f]" as signed microseconds (docs/iceberg.md: TIME is a long).
std::string TimeMicros(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  unsigned hours = 0, minutes = 0, seconds = 0;
  char fraction[16] = {0};
  std::sscanf(text.c_str() + (negative ? 1 : 0), "%u:%u:%u.%6[0-9]", &hours, &minutes, &seconds, fraction);
  std::string digits = fraction;
  digits.resize(6, '0');
  const int64_t micros = (int64_t{hours} * 3600 + minutes * 60 + seconds) * 1000000 + std::stoll(digits);
  return std::to_string(negative ? -micros : micros);
}

// The SELECT expression of a column (binary kinds as hex, BIT as a number).
std::string CanonicalSelect(const ColumnInfo& column) {
  const std::string quoted = "`" + column.name + "`";
  if (column.IsGeometry()) return "HEX(ST_AsBinary(" + quoted + "))";
  if (column.IsBinary()) return "HEX(" + quoted + ")";
  if (column.data_type == "bit") return "CAST(" + quoted + " AS UNSIGNED)";
  return quoted;
}

// A selected cell in the canonical form (see the header comment).
std::optional<std::string> SourceText(const ColumnInfo& column, const std::optional<std::string>& cell) {
  if (!cell) return std::nullopt;
  const std::string& text = *cell;
  const std::string& type = column.data_type;
  if (type == "date" || type == "datetime" || type == "timestamp") {
    // A zero date, or one with a zero month or day, has no Iceberg value: null.
    if (text.size() < 10 || text.compare(0, 4, "0000") == 0 || text.compare(5, 2, "00") == 0 ||
        text.compare(8, 2, "00") == 0) {
      return std::nullopt;
    }
    return type == "date" ? text : SixDigitFraction(text);
  }
  if (type == "time") return TimeMicros(text);
  return text;
}

// Every base table of `database` on the source, in canonical form.
Result<std::map<std::string, CanonicalTable>> SelectTables(MariaDbSandbox& db, const std::string& database) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> names,
                       client->QueryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                                         database + "' AND TABLE_TYPE = 'BASE TABLE'"));
  std::map<std::string, CanonicalTable> tables;
  for (const Row& name_row : names) {
    const std::string name = name_row[0].value_or("");
    CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(*client, database, name));
    CanonicalTable& table = tables[name];
    std::string select;
    for (const ColumnInfo& column : info.columns) {
      table.columns.insert(column.name);
      select += (select.empty() ? "" : ", ") + CanonicalSelect(column);
    }
    for (int key_idx : info.PrimaryKey()) table.key_columns.push_back(info.columns[key_idx].name);
    CDC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                         client->QueryRows("SELECT " + select + " FROM `" + database + "`.`" + name + "`"));
    for (const Row& row : rows) {
      std::map<std::string, std::optional<std::string>> values;
      for (size_t column_idx = 0; column_idx < info.columns.size(); ++column_idx) {
        values[info.columns[column_idx].name] = SourceText(info.columns[column_idx], row[column_idx]);
      }
      std::string key;
      for (const std::string& key_column : table.key_columns) key += values[key_column].value_or("\\N") + "\x1f";
      table.rows[key] = std::move(values);
    }
  }
  return tables;
}

// The merged tables of `database` in the warehouse (table name -> table dir).
std::map<std::string, std::string> WarehouseTables(const std::string& warehouse, const std::string& database) {
  std::map<std::string, std::string> tables;
  std::error_code error;
  for (fs::directory_iterator it(warehouse + "/" + database, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    if (fs::exists(it->path() / "metadata")) tables[it->path().filename().string()] = it->path().string();
  }
  return tables;
}

// The highest N of the table's metadata/v<N>.metadata.json (0 when none).
int LatestVersion(const std::string& table_dir) {
  int latest = 0;
  std::error_code error;
  for (fs::directory_iterator it(table_dir + "/metadata", error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    int version = 0;
    const std::string name = it->path().filename().string();
    if (std::sscanf(name.c_str(), "v%d.metadata.json", &version) == 1 && name == "v" + std::to_string(version) + ".metadata.json") {
      latest = std::max(latest, version);
    }
  }
  return latest;
}

// The merged tables read by icebird (read-exact.mjs), keyed like the source's `key_columns` of the same
// table (tables the source lacks: by all columns).
Result<std::map<std::string, CanonicalTable>> IcebirdTables(const std::map<std::string, std::string>& table_dirs,
                                                            const std::map<std::string, CanonicalTable>& source) {
  std::map<std::string, CanonicalTable> tables;
  if (table_dirs.empty()) return tables;
  std::vector<std::string> argv = {"node", LAKEFEED_ICEBERG_READ_EXACT};
  for (const auto& [name, dir] : table_dirs) argv.push_back("file://" + dir);
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, std::chrono::minutes(3)));
  if (result.exit_code != 0) return Status::IOError("icebird failed", result.stderr_text.substr(0, 3000));
  const Json parsed = Json::parse(result.stdout_text, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("tables")) {
    return Status::Corruption("icebird output", result.stdout_text.substr(0, 300));
  }
  std::vector<std::string> names;
  for (const auto& [name, dir] : table_dirs) names.push_back(name);
  if (!parsed["tables"].is_array() || parsed["tables"].size() != names.size()) {
    return Status::Corruption("icebird output", "not one result per table");
  }
  for (size_t table_idx = 0; table_idx < names.size(); ++table_idx) {
    const std::string& name = names[table_idx];
    const Json& read = parsed["tables"][table_idx];
    CanonicalTable& table = tables[name];
    for (const Json& column : read["columns"]) table.columns.insert(column.get<std::string>());
    auto known = source.find(name);
    const std::vector<std::string> key_columns =
        known != source.end() ? known->second.key_columns
                              : std::vector<std::string>(table.columns.begin(), table.columns.end());
    for (const Json& row : read["rows"]) {
      std::map<std::string, std::optional<std::string>> values;
      for (const auto& [column, value] : row.items()) {
        values[column] = value.is_null() ? std::nullopt : std::optional<std::string>(value.get<std::string>());
      }
      std::string key;
      for (const std::string& key_column : key_columns) key += values[key_column].value_or("\\N") + "\x1f";
      if (!table.rows.emplace(key, std::move(values)).second) {
        return Status::Corruption("icebird read of table " + name, "the key " + key + " twice");
      }
    }
  }
  return tables;
}

std::string ShowRow(const std::map<std::string, std::optional<std::string>>& row) {
  std::string out;
  for (const auto& [column, value] : row) {
    std::string text = value ? "'" + value->substr(0, 60) + (value->size() > 60 ? "...'" : "'") : "NULL";
    out += (out.empty() ? "" : ", ") + column + "=" + text;
  }
  return "{" + out + "}";
}

// The metadata version of every merged table.
std::map<std::string, int> Versions(const std::string& warehouse, const std::string& database) {
  std::map<std::string, int> versions;
  for (const auto& [name, dir] : WarehouseTables(warehouse, database)) versions[name] = LatestVersion(dir);
  return versions;
}

}  // namespace

::testing::AssertionResult MergedEqualsSelect(MariaDbSandbox& db, const std::string& warehouse,
                                              const std::string& database) {
  Result<std::map<std::string, CanonicalTable>> source = SelectTables(db, database);
  if (!source.ok()) return ::testing::AssertionFailure() << "SELECT: " << source.status().ToString();
  const std::map<std::string, std::string> dirs = WarehouseTables(warehouse, database);
  Result<std::map<std::string, CanonicalTable>> merged = IcebirdTables(dirs, *source);
  if (!merged.ok()) return ::testing::AssertionFailure() << merged.status().ToString();
  std::set<std::string> names;
  for (const auto& [name, table] : *source) names.insert(name);
  for (const auto& [name, table] : *merged) names.insert(name);
  std::string problems;
  size_t differences = 0;
  uint64_t rows_compared = 0;
  for (const std::string& name : names) {
    auto want_it = source->find(name);
    auto got_it = merged->find(name);
    const CanonicalTable empty;
    const CanonicalTable& want = want_it != source->end() ? want_it->second : empty;
    const CanonicalTable& got = got_it != merged->end() ? got_it->second : empty;
    // Per table: a summary line, then the first few differences.
    size_t missing = 0, extra = 0, changed = 0;
    std::string examples;
    auto example = [&](const std::string& line) {
      if (missing + extra + changed <= 4) examples += "    " + line + "\n";
    };
    if (want_it == source->end()) {
      if (!got.rows.empty()) {
        problems += "  " + name + ": the source table is gone (dropped), the Iceberg table holds " +
                    std::to_string(got.rows.size()) + " rows\n";
        ++differences;
      }
      continue;
    }
    // A table's DDL reaches its Iceberg table with the table's next change (docs/merge.md), or with a reset; an
    // empty source table got none after its last DDL (TouchEveryTable has no row to touch), so only its rows count.
    if (got_it != merged->end() && got.columns != want.columns && !want.rows.empty()) {
      std::string got_columns, want_columns;
      for (const std::string& column : got.columns) got_columns += column + " ";
      for (const std::string& column : want.columns) want_columns += column + " ";
      problems += "  " + name + ": Iceberg columns [" + got_columns + "], source columns [" + want_columns + "]\n";
      ++differences;
      continue;
    }
    for (const auto& [key, row] : want.rows) {
      ++rows_compared;
      auto found = got.rows.find(key);
      if (found == got.rows.end()) {
        ++missing;
        example("missing row " + ShowRow(row));
      } else if (found->second != row) {
        ++changed;
        for (const auto& [column, value] : row) {
          auto got_value = found->second.find(column);
          if (got_value == found->second.end() || got_value->second != value) {
            example("row " + ShowRow(row) + " column " + column + ": Iceberg has " +
                    (got_value == found->second.end() || !got_value->second ? "NULL" : "'" + *got_value->second + "'"));
          }
        }
      }
    }
    for (const auto& [key, row] : got.rows) {
      if (!want.rows.contains(key)) {
        ++extra;
        example("extra row " + ShowRow(row));
      }
    }
    if (missing + extra + changed > 0) {
      problems += "  " + name + ": " + std::to_string(want.rows.size()) + " rows in the source, " +
                  std::to_string(got.rows.size()) + " in Iceberg; " + std::to_string(missing) + " missing, " +
                  std::to_string(extra) + " extra, " + std::to_string(changed) + " differ\n" + examples;
      differences += missing + extra + changed;
    }
  }
  if (differences == 0) {
    std::printf("%s: %zu tables, %" PRIu64 " rows equal SELECT\n", database.c_str(), names.size(), rows_compared);
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << differences << " differences between the merged tables and SELECT:\n" << problems;
}

::testing::AssertionResult ReplayCommitsNothing(LakefeedTask& task, const std::string& warehouse,
                                                const std::string& database) {
  const std::map<std::string, int> before = Versions(warehouse, database);
  Result<CommandResult> again = task.Run("merge");
  if (!again.ok()) return ::testing::AssertionFailure() << again.status().ToString();
  if (again->exit_code != 0) return ::testing::AssertionFailure() << DescribeRun(*again, task);
  if (again->stdout_text.find(" in 0 commits") == std::string::npos) {
    return ::testing::AssertionFailure() << "a merge after the sync committed: " << again->stdout_text;
  }
  if (Versions(warehouse, database) != before) return ::testing::AssertionFailure() << "a table got a new version";
  return ::testing::AssertionSuccess();
}

Status TouchEveryTable(MariaDbSandbox& db, const std::string& database) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> names,
                       client->QueryRows("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" +
                                         database + "' AND TABLE_TYPE = 'BASE TABLE'"));
  CDC_RETURN_IF_ERROR(client->Query("USE `" + database + "`"));  // the multi-table DELETE needs it
  for (const Row& name_row : names) {
    const std::string table = "`" + database + "`.`" + name_row[0].value_or("") + "`";
    CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(*client, database, name_row[0].value_or("")));
    std::string join;
    for (int key_idx : info.PrimaryKey()) {
      const std::string column = "`" + info.columns[key_idx].name + "`";
      join += (join.empty() ? "" : " AND ") + std::string("t.") + column + " = k." + column;
    }
    CDC_RETURN_IF_ERROR(client->Query("CREATE TEMPORARY TABLE `" + database + "`.mw_touch AS SELECT * FROM " + table + " LIMIT 1"));
    CDC_RETURN_IF_ERROR(client->Query("BEGIN; DELETE t FROM " + table + " t JOIN `" + database + "`.mw_touch k ON " + join +
                                      "; INSERT INTO " + table + " SELECT * FROM `" + database + "`.mw_touch; COMMIT"));
    CDC_RETURN_IF_ERROR(client->Query("DROP TEMPORARY TABLE `" + database + "`.mw_touch"));
  }
  return Status::OK();
}

std::string MergeYaml(const std::string& warehouse, int max_batch_changes, int compact_delete_files,
                      int snapshot_retention_seconds) {
  std::string yaml = "merge:\n  enabled: true\n  warehouse: file://" + warehouse +
                     "\n  max_batch_changes: " + std::to_string(max_batch_changes) +
                     "\n  compact_delete_files: " + std::to_string(compact_delete_files) + "\n";
  if (snapshot_retention_seconds > 0) {
    yaml += "  snapshot_retention_seconds: " + std::to_string(snapshot_retention_seconds) +
            "\n  min_snapshots: 2\n";
  }
  return yaml;
}

int ExpiredMetadataVersions(const std::string& warehouse) {
  namespace fs = std::filesystem;
  int expired = 0;
  for (const fs::directory_entry& schema : fs::directory_iterator(warehouse)) {
    if (!schema.is_directory() || schema.path().filename() == "_lakefeed") continue;
    for (const fs::directory_entry& table : fs::directory_iterator(schema.path())) {
      const fs::path metadata = table.path() / "metadata";
      if (!fs::is_directory(metadata)) continue;
      int newest = 0;
      int left = 0;
      for (const fs::directory_entry& file : fs::directory_iterator(metadata)) {
        const std::string name = file.path().filename().string();
        if (!name.starts_with("v") || !name.ends_with(".metadata.json")) continue;
        ++left;
        newest = std::max(newest, std::atoi(name.c_str() + 1));
      }
      expired += newest - left;
    }
  }
  return expired;
}

}  // namespace cdc::harness
