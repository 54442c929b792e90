#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "pipeline/task_config.h"

// `lakefeed validate` (docs/validate.md): the merged Iceberg tables against the source, as DMS data validation
// compares a target with its source: row counts and an order-independent checksum of every row, then, on a
// mismatch, the keys that differ.
namespace cdc::pipeline {

struct ValidateRun {
  std::string table;            // "schema.table": only this source table; empty: every table (below)
  size_t max_listed_keys = 20;  // differing keys listed per table
  size_t max_collected_keys = 1000000;  // keys held per side while narrowing a mismatch (memory bound)
};

// DMS's ValidationState values that validate gives.
inline constexpr std::string_view kValidated = "Validated";
inline constexpr std::string_view kMismatchedRecords = "Mismatched records";
inline constexpr std::string_view kTableError = "Table error";

struct KeyListing {
  std::string kind;  // "missing" (in the merged table), "extra" (not in the source), "different"
  std::string key;   // the primary key as text, "id=42"
};

struct TableValidation {
  std::string source_table;  // "schema.table"
  std::string folder;        // the merged table's folder in merge.warehouse, "schema/table"
  std::string state;         // kValidated, kMismatchedRecords or kTableError
  std::string details;       // why it is not validated (a table error, a schema difference), or ""
  uint64_t source_rows = 0;
  uint64_t target_rows = 0;
  uint64_t differing_keys = 0;        // keys found to differ (more may exist when keys_truncated)
  bool keys_truncated = false;        // the mismatch held more keys than max_collected_keys
  std::vector<KeyListing> keys;       // the first max_listed_keys of them, in key order
};

// Validates every table the task selects that exists in the source, and every table in merge.warehouse whose
// source table is gone (it must be empty); or only run.table. Each source table is read with one SELECT (a
// consistent read of its own), each merged table from its current snapshot; columns are compared by name,
// and columns on one side only make the table mismatched (named in `details`). A table whose reading fails
// gets kTableError and the others go on. Errors: the config's and the stores', and the source connection's.
Result<std::vector<TableValidation>> RunValidate(const TaskConfig& config, const ValidateRun& run);

// One line per table (state, row counts, details), each listed key indented below it, and a summary line.
std::string FormatValidationText(const std::vector<TableValidation>& tables);
// {"tables": [{"SchemaName", "TableName", "ValidationState", "ValidationStateDetails", "SourceRows",
// "TargetRows", "DifferingKeys", "KeysTruncated", "Keys": [{"Kind", "Key"}], "Folder"}]}: DMS's table-statistics
// names where DMS has them.
std::string FormatValidationJson(const std::vector<TableValidation>& tables);
// Whether every table is kValidated.
bool AllValidated(const std::vector<TableValidation>& tables);

}  // namespace cdc::pipeline
