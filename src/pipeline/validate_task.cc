#include "pipeline/validate_task.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/logging.h"
#include "iceberg/table.h"
#include "merge/merger.h"
#include "merge/table_digest.h"
#include "mysql/schema_hints.h"
#include "pipeline/merge_task.h"
#include "pipeline/source.h"
#include "pipeline/target_store.h"
#include "pipeline/task.h"
#include "snapshot/chunk_key.h"
#include "snapshot/row_reader.h"

namespace cdc::pipeline {
namespace {

using RowVisitor = std::function<void(const model::ChangeBatch& rows, uint32_t image)>;

// One table to validate: the source table and where its merged table is.
struct ValidateTarget {
  std::string schema;
  std::string table;
  std::string folder;
  model::TableSchemaPtr definition;  // the source table's; null when it does not exist
  Status error;                      // why the table cannot be validated (its definition or mapping)
};

class Validator {
 public:
  Validator(const ValidateRun& run, mysql::Connection* source, store::ObjectStore* warehouse, merge::Merger* merger)
      : run_(run), source_(source), warehouse_(warehouse), merger_(merger) {}

  TableValidation Validate(const ValidateTarget& target) {
    TableValidation result;
    result.source_table = target.schema + "." + target.table;
    result.folder = target.folder;
    Status status = !target.error.ok()     ? target.error
                    : target.definition ? ValidateTable(target, &result)
                                        : ValidateOrphan(target, &result);
    if (!status.ok()) {
      result.state = kTableError;
      result.details = status.ToString();
    }
    LogInfo(LogComponent::kValidator, "validated",
            {{"table", result.source_table},
             {"state", result.state},
             {"source_rows", std::to_string(result.source_rows)},
             {"target_rows", std::to_string(result.target_rows)},
             {"differing_keys", std::to_string(result.differing_keys)}});
    return result;
  }

 private:
  // A source table and its merged table, compared on the columns both have.
  Status ValidateTable(const ValidateTarget& target, TableValidation* result) {
    const model::TableSchemaPtr& full = target.definition;
    CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, LoadTable(target.folder));
    model::TableSchemaPtr schema = full;
    std::vector<std::string> notes;
    if (table) {
      CDC_ASSIGN_OR_RETURN(schema, CommonColumns(*full, *table->metadata().CurrentSchema(), &notes));
    } else {
      notes.push_back("no merged table at " + target.folder);
    }
    merge::TableDigest source_digest(schema);
    merge::TableDigest target_digest(schema);
    CDC_RETURN_IF_ERROR(ScanSource(schema, [&](const model::ChangeBatch& rows, uint32_t image) {
      source_digest.Add(rows, image);
    }));
    if (table) {
      CDC_RETURN_IF_ERROR(ScanTarget(target.folder, schema, [&](const model::ChangeBatch& rows, uint32_t image) {
        target_digest.Add(rows, image);
      }));
    }
    result->source_rows = source_digest.rows();
    result->target_rows = target_digest.rows();
    const std::vector<uint32_t> buckets = source_digest.DifferingBuckets(target_digest);
    if (!buckets.empty()) {
      // The second pass: the rows of the differing buckets, by key, on each side.
      merge::KeyCollector collector(buckets, run_.max_collected_keys);
      merge::RowIdentity identity;
      CDC_RETURN_IF_ERROR(ScanSource(schema, [&](const model::ChangeBatch& rows, uint32_t image) {
        source_digest.Identify(rows, image, &identity);
        collector.AddSource(identity);
      }));
      if (table) {
        CDC_RETURN_IF_ERROR(ScanTarget(target.folder, schema, [&](const model::ChangeBatch& rows, uint32_t image) {
          target_digest.Identify(rows, image, &identity);
          collector.AddTarget(identity);
        }));
      }
      const std::vector<merge::KeyDifference> differences = collector.Differences();
      result->differing_keys = differences.size();
      result->keys_truncated = collector.truncated();
      for (size_t idx = 0; idx < differences.size() && idx < run_.max_listed_keys; ++idx) {
        result->keys.push_back({std::string(merge::ToString(differences[idx].kind)),
                                source_digest.KeyText(differences[idx].key)});
      }
      // Rows that differ and came back equal on the second read changed in between (a live source).
      if (differences.empty() && !collector.truncated()) {
        notes.push_back("rows changed while being read; run validate again on a quiet source");
      }
    }
    Join(notes, &result->details);
    // With no row on either side no row can differ: a column change waiting for the table's next row
    // (docs/merge.md "Schema evolution"), or no merged table yet, leaves the table validated, with its note.
    const bool no_rows = result->source_rows == 0 && result->target_rows == 0;
    result->state = buckets.empty() && (notes.empty() || no_rows) ? kValidated : kMismatchedRecords;
    return Status::OK();
  }

  // A merged table whose source table is gone: it must hold no rows (a DROP empties it).
  Status ValidateOrphan(const ValidateTarget& target, TableValidation* result) {
    CDC_ASSIGN_OR_RETURN(iceberg::Table table, iceberg::Table::Load(warehouse_, target.folder));
    CDC_ASSIGN_OR_RETURN(std::vector<iceberg::ManifestEntry> entries, table.LiveEntries());
    for (const iceberg::ManifestEntry& entry : entries) {
      if (entry.data_file.content == iceberg::FileContent::kData) {
        result->target_rows += static_cast<uint64_t>(std::max<int64_t>(0, entry.data_file.record_count));
      }
    }
    if (result->target_rows == 0) {
      result->state = kValidated;
      return Status::OK();
    }
    result->state = kMismatchedRecords;
    result->details = "the source table does not exist; the merged table's data files hold " +
                      std::to_string(result->target_rows) + " rows (before deletes)";
    return Status::OK();
  }

  Result<std::optional<iceberg::Table>> LoadTable(const std::string& folder) {
    Result<iceberg::Table> table = iceberg::Table::Load(warehouse_, folder);
    if (table.ok()) return std::optional<iceberg::Table>(std::move(*table));
    if (table.status().IsNotFound()) return std::optional<iceberg::Table>();
    return table.status();
  }

  // `full` without the columns the merged table lacks; each column on one side only gets a note.
  // InvalidArgument when a key column is among them (rows could not be matched).
  static Result<model::TableSchemaPtr> CommonColumns(const model::TableSchema& full, const iceberg::Schema& merged,
                                                     std::vector<std::string>* notes) {
    auto common = std::make_shared<model::TableSchema>();
    common->schema_name = full.schema_name;
    common->table_name = full.table_name;
    std::vector<int64_t> new_index(full.columns.size(), -1);
    std::set<std::string> names;
    for (size_t column_idx = 0; column_idx < full.columns.size(); ++column_idx) {
      const model::ColumnSchema& column = full.columns[column_idx];
      names.insert(column.name);
      if (merged.FindField(column.name) == nullptr) {
        notes->push_back("column " + column.name + " is not in the merged table");
        continue;
      }
      new_index[column_idx] = static_cast<int64_t>(common->columns.size());
      common->columns.push_back(column);
    }
    for (const iceberg::SchemaField& field : merged.fields) {
      if (!names.contains(field.name)) notes->push_back("column " + field.name + " of the merged table is not in the source");
    }
    for (uint32_t key_column : full.primary_key) {
      if (new_index[key_column] < 0) {
        return Status::InvalidArgument("table " + full.schema_name + "." + full.table_name,
                                       "key column " + full.columns[key_column].name + " is not in the merged table");
      }
      common->primary_key.push_back(static_cast<uint32_t>(new_index[key_column]));
    }
    return model::TableSchemaPtr(std::move(common));
  }

  // Every row of the source table, by one SELECT (memory: one batch of rows).
  Status ScanSource(const model::TableSchemaPtr& schema, const RowVisitor& visit) {
    snapshot::RowReader reader(schema);
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::RowCursor> cursor,
                         source_->OpenCursor("SELECT " + reader.select_list() + " FROM " +
                                             snapshot::QuoteIdentifier(schema->schema_name) + "." +
                                             snapshot::QuoteIdentifier(schema->table_name)));
    model::ChangeBatch batch(schema);
    auto flush = [&] {
      for (uint32_t image = 0; image < batch.image_count(); ++image) visit(batch, image);
      batch.Clear();
      batch.AddOrigin({});
    };
    batch.AddOrigin({});
    mysql::TextRow row;
    while (true) {
      CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
      if (!more) break;
      CDC_RETURN_IF_ERROR(reader.AppendInsert(row, 0, &batch));
      if (batch.image_count() >= 4096) flush();
    }
    flush();
    return Status::OK();
  }

  // Every live row of the merged table.
  Status ScanTarget(const std::string& folder, const model::TableSchemaPtr& schema, const RowVisitor& visit) {
    return merger_->ScanTable(folder, schema, [&](const model::ChangeBatch& rows, const std::vector<uint32_t>& live) {
      for (uint32_t image : live) visit(rows, image);
      return Status::OK();
    });
  }

  static void Join(const std::vector<std::string>& notes, std::string* out) {
    for (const std::string& note : notes) {
      if (!out->empty()) *out += "; ";
      *out += note;
    }
  }

  const ValidateRun& run_;
  mysql::Connection* source_;
  store::ObjectStore* warehouse_;
  merge::Merger* merger_;
};

// The tables to validate: run.table, or every selected source table and every merged table whose source is gone.
Result<std::vector<ValidateTarget>> TargetsOf(const TaskConfig& config, const ValidateRun& run,
                                              mysql::Connection& source, store::ObjectStore& warehouse) {
  CDC_ASSIGN_OR_RETURN(capture::TableRules rules, RulesFor(config.source));
  // A source table's definition, and the folder of its merged table (its table mapping's target).
  auto describe = [&](ValidateTarget* target) -> Status {
    Result<mysql::TableHints> hints = mysql::ReadTableHints(source, target->schema, target->table);
    if (hints.status().IsNotFound()) return Status::OK();
    CDC_RETURN_IF_ERROR(hints.status());
    CDC_ASSIGN_OR_RETURN(target->definition, snapshot::SchemaFromDefinition(*hints, source.flavor()));
    CDC_ASSIGN_OR_RETURN(model::TableProjectionPtr projection, rules.Project(target->definition));
    target->folder = projection->target_schema + "/" + projection->target_table;
    return Status::OK();
  };
  std::vector<ValidateTarget> targets;
  if (!run.table.empty()) {
    const size_t dot = run.table.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == run.table.size()) {
      return Status::InvalidArgument("--table", "expected <schema>.<table>, got \"" + run.table + "\"");
    }
    ValidateTarget target{run.table.substr(0, dot), run.table.substr(dot + 1), "", nullptr, Status::OK()};
    target.folder = target.schema + "/" + target.table;
    target.error = describe(&target);
    targets.push_back(std::move(target));
    return targets;
  }
  CDC_ASSIGN_OR_RETURN(mysql::QueryResult tables,
                       source.Query("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES "
                                    "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                                    "('mysql', 'information_schema', 'performance_schema', 'sys') "
                                    "ORDER BY TABLE_SCHEMA, TABLE_NAME"));
  std::set<std::string> folders;
  for (const auto& row : tables.rows) {
    if (row.size() < 2 || !row[0] || !row[1] || !rules.Selects(*row[0], *row[1])) continue;
    ValidateTarget target{*row[0], *row[1], *row[0] + "/" + *row[1], nullptr, Status::OK()};
    target.error = describe(&target);
    folders.insert(target.folder);
    targets.push_back(std::move(target));
  }
  CDC_ASSIGN_OR_RETURN(auto merged, merge::ListMergedTables(warehouse));
  for (const auto& [folder, source_table] : merged) {
    if (folders.contains(folder)) continue;
    const size_t dot = source_table.find('.');
    targets.push_back({source_table.substr(0, dot), dot == std::string::npos ? "" : source_table.substr(dot + 1),
                       folder, nullptr, Status::OK()});
  }
  return targets;
}

}  // namespace

Result<std::vector<TableValidation>> RunValidate(const TaskConfig& config, const ValidateRun& run) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> lake, OpenTargetStore(config.target));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> warehouse, OpenWarehouseStore(config));
  CDC_ASSIGN_OR_RETURN(merge::MergeOptions options, MergeOptionsOf(config));
  merge::Merger merger(lake.get(), warehouse.get(), std::move(options));
  CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions connection_options, ConnectionOptionsFor(config.source));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> source, mysql::Connection::Connect(connection_options));
  for (const std::string& statement : snapshot::RowReader::SessionSetup()) {
    CDC_RETURN_IF_ERROR(source->Execute(statement));
  }
  CDC_ASSIGN_OR_RETURN(std::vector<ValidateTarget> targets, TargetsOf(config, run, *source, *warehouse));
  Validator validator(run, source.get(), warehouse.get(), &merger);
  std::vector<TableValidation> results;
  for (const ValidateTarget& target : targets) results.push_back(validator.Validate(target));
  return results;
}

std::string FormatValidationText(const std::vector<TableValidation>& tables) {
  std::string text;
  size_t validated = 0;
  for (const TableValidation& table : tables) {
    if (table.state == kValidated) ++validated;
    text += table.source_table + "  " + table.state + "  source " + std::to_string(table.source_rows) +
            " rows, merged " + std::to_string(table.target_rows) + " rows";
    if (table.differing_keys > 0 || table.keys_truncated) {
      text += ", " + std::to_string(table.differing_keys) + (table.keys_truncated ? "+" : "") + " keys differ";
    }
    if (!table.details.empty()) text += " (" + table.details + ")";
    text += "\n";
    for (const KeyListing& key : table.keys) text += "    " + key.kind + "  " + key.key + "\n";
    if (table.differing_keys > table.keys.size()) {
      text += "    ... " + std::to_string(table.differing_keys - table.keys.size()) + " more\n";
    }
  }
  text += std::to_string(validated) + " of " + std::to_string(tables.size()) + " tables validated\n";
  return text;
}

std::string FormatValidationJson(const std::vector<TableValidation>& tables) {
  nlohmann::json out = {{"tables", nlohmann::json::array()}};
  for (const TableValidation& table : tables) {
    const size_t dot = table.source_table.find('.');
    nlohmann::json keys = nlohmann::json::array();
    for (const KeyListing& key : table.keys) keys.push_back({{"Kind", key.kind}, {"Key", key.key}});
    out["tables"].push_back({{"SchemaName", table.source_table.substr(0, dot)},
                             {"TableName", dot == std::string::npos ? "" : table.source_table.substr(dot + 1)},
                             {"Folder", table.folder},
                             {"ValidationState", table.state},
                             {"ValidationStateDetails", table.details},
                             {"SourceRows", table.source_rows},
                             {"TargetRows", table.target_rows},
                             {"DifferingKeys", table.differing_keys},
                             {"KeysTruncated", table.keys_truncated},
                             {"Keys", std::move(keys)}});
  }
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool AllValidated(const std::vector<TableValidation>& tables) {
  return std::all_of(tables.begin(), tables.end(),
                     [](const TableValidation& table) { return table.state == kValidated; });
}

}  // namespace cdc::pipeline
