#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "iceberg/glue_catalog.h"
#include "merge/merger.h"
#include "metrics/registry.h"
#include "pipeline/target_store.h"
#include "pipeline/task_config.h"
#include "store/object_store.h"
#include "trigger/handler.h"

// The merge as a task runs it (docs/merge.md): `lakefeed merge` on demand, and the built-in "merge"
// trigger under `run` and `sync` (merge.enabled).
namespace cdc::pipeline {

// The merge's options from a task's config: the lake's change-file format (target.settings), the
// merge: section (with the statements of merge.schema_file), and a spool directory under capture.work_dir.
// IOError when the schema file cannot be read.
Result<merge::MergeOptions> MergeOptionsOf(const TaskConfig& config);

// The statements of a SQL text, split at the semicolons outside quotes and comments, trimmed, empty ones
// left out.
std::vector<std::string> SplitSqlStatements(std::string_view sql);

// The store merge.warehouse names (an s3:// warehouse with the target's S3 settings). InvalidArgument
// when merge.warehouse is not set.
Result<std::unique_ptr<store::ObjectStore>> OpenWarehouseStore(const TaskConfig& config, const StoreMetrics& metrics = {});

// The Glue catalog merge.glue_catalog asks for (null when it does not). InvalidArgument without credentials.
Result<std::unique_ptr<iceberg::GlueCatalog>> OpenGlueCatalog(const TaskConfig& config);

// Points the Glue table of warehouse table folder "schema/table" (database schema, table table) at the
// table's current metadata file. NotFound when the warehouse has no such table (only then: Glue errors are
// others).
Status PointGlueTable(iceberg::GlueCatalog& catalog, store::ObjectStore& warehouse,
                      const std::string& folder);

struct MergeRun {
  std::string table;     // "schema.table" (its folder): only this table; empty: every table
  bool compact = false;  // compact (instead of merging)
};

// `lakefeed merge`: merges the pending files of every table (or one), or compacts, then points the Glue
// tables of the merged tables (merge.glue_catalog). The stores' errors, the merge's (merge::Merger) and
// Glue's.
Result<merge::MergeStats> RunMerge(const TaskConfig& config, const MergeRun& run);

// The built-in trigger handler: for each event, merges the pending files of the event's table folder
// (the event's file and any committed before it that are not merged yet, in one commit when they fit one
// batch). An event whose file the ledger covers does nothing, so repeated events are harmless. The lake
// store must outlive the handler; the handler owns the warehouse store. `key_prefix` is the lake's prefix
// in event keys (trigger::EventAddress::key_prefix). `metrics` (optional): where the merge's metrics go
// (lakefeed_merge_*, docs/metrics.md). `catalog` (optional): the Glue catalog to point at each table whose
// metadata a merge moved (and at every table once after a start); a Glue error fails the event, so the
// trigger retries it.
std::unique_ptr<trigger::Handler> NewMergeHandler(store::ObjectStore* lake,
                                                  std::unique_ptr<store::ObjectStore> warehouse,
                                                  merge::MergeOptions options, std::string key_prefix,
                                                  metrics::Registry* metrics = nullptr,
                                                  std::unique_ptr<iceberg::GlueCatalog> catalog = nullptr);

}  // namespace cdc::pipeline
