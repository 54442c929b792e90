#include "pipeline/merge_task.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <utility>

#include "base/clock.h"
#include "base/logging.h"
#include "iceberg/table.h"
#include "lake/layout.h"
#include "pipeline/target_store.h"

namespace cdc::pipeline {

std::vector<std::string> SplitSqlStatements(std::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  auto finish = [&] {
    const size_t begin = current.find_first_not_of(" \t\r\n");
    if (begin != std::string::npos) {
      const size_t end = current.find_last_not_of(" \t\r\n");
      statements.push_back(current.substr(begin, end - begin + 1));
    }
    current.clear();
  };
  for (size_t pos = 0; pos < sql.size(); ++pos) {
    const char c = sql[pos];
    if (c == '\'' || c == '"' || c == '`') {  // a quoted run, with doubled or escaped quotes inside
      current.push_back(c);
      for (++pos; pos < sql.size(); ++pos) {
        current.push_back(sql[pos]);
        if (sql[pos] == '\\' && c != '`' && pos + 1 < sql.size()) {
          current.push_back(sql[++pos]);
        } else if (sql[pos] == c) {
          if (pos + 1 < sql.size() && sql[pos + 1] == c) {
            current.push_back(sql[++pos]);
          } else {
            break;
          }
        }
      }
    } else if (c == '-' && sql.substr(pos, 3) == "-- ") {
      pos = std::min(sql.find('\n', pos), sql.size());
      current.push_back('\n');
    } else if (c == '#') {
      pos = std::min(sql.find('\n', pos), sql.size());
      current.push_back('\n');
    } else if (c == '/' && sql.substr(pos, 2) == "/*" && sql.substr(pos, 3) != "/*!") {
      const size_t end = sql.find("*/", pos + 2);
      pos = end == std::string_view::npos ? sql.size() : end + 1;
      current.push_back(' ');
    } else if (c == ';') {
      finish();
    } else {
      current.push_back(c);
    }
  }
  finish();
  return statements;
}

Result<merge::MergeOptions> MergeOptionsOf(const TaskConfig& config) {
  merge::MergeOptions options;
  const lake::LakeSettings& settings = config.target.settings;
  options.format.data_format = settings.format;
  options.format.output = settings.output;
  options.format.csv = settings.csv;
  options.flavor = config.merge.source_flavor == "mysql" ? mysql::ServerFlavor::kMySql : mysql::ServerFlavor::kMariaDb;
  options.max_batch_changes = config.merge.max_batch_changes;
  options.compact_delete_files = config.merge.compact_delete_files;
  options.snapshot_retention_ms = int64_t{config.merge.snapshot_retention_seconds} * 1000;
  options.min_snapshots = config.merge.min_snapshots;
  std::string work_dir = config.capture.work_dir;
  while (work_dir.size() > 1 && work_dir.back() == '/') work_dir.pop_back();
  options.spool_dir = work_dir + "/merge";
  options.parquet.codec = format::parquet::Codec::kZstd;
  if (!config.merge.schema_file.empty()) {
    std::ifstream in(config.merge.schema_file, std::ios::binary);
    if (!in) return Status::IOError("merge.schema_file", "cannot read " + config.merge.schema_file);
    std::stringstream text;
    text << in.rdbuf();
    options.table_ddl = SplitSqlStatements(text.str());
  }
  return options;
}

Result<std::unique_ptr<store::ObjectStore>> OpenWarehouseStore(const TaskConfig& config, const StoreMetrics& metrics) {
  if (config.merge.warehouse.empty()) {
    return Status::InvalidArgument("merge.warehouse", "is not set: the merge needs the URL of the Iceberg warehouse");
  }
  TargetConfig warehouse = config.target;
  warehouse.url = config.merge.warehouse;
  Result<std::unique_ptr<store::ObjectStore>> opened = OpenTargetStore(warehouse, ProcessEnv(), metrics);
  if (!opened.ok()) return opened.status().WithContext("merge.warehouse");
  return opened;
}

Result<std::unique_ptr<iceberg::GlueCatalog>> OpenGlueCatalog(const TaskConfig& config) {
  if (!config.merge.glue_catalog) return std::unique_ptr<iceberg::GlueCatalog>();
  Result<iceberg::GlueOptions> options =
      iceberg::GlueOptionsFrom(config.merge.glue_region, config.merge.glue_endpoint, ProcessEnv());
  if (!options.ok()) return options.status().WithContext("merge.glue_catalog");
  return std::make_unique<iceberg::GlueCatalog>(std::move(*options));
}

Status PointGlueTable(iceberg::GlueCatalog& catalog, store::ObjectStore& warehouse,
                      const std::string& folder) {
  CDC_ASSIGN_OR_RETURN(iceberg::Table table, iceberg::Table::Load(&warehouse, folder));
  const size_t slash = folder.find('/');
  const auto& log = table.metadata().metadata_log;
  Status pointed = catalog.PointTable(folder.substr(0, slash), folder.substr(slash + 1), table.location(),
                                      table.MetadataFileUri(), log.empty() ? "" : log.back().metadata_file);
  // NotFound is kept for a table the warehouse does not have: Glue's own is a failure to point it.
  if (pointed.IsNotFound()) return Status::IOError("Glue catalog", pointed.ToString());
  return pointed;
}

Result<merge::MergeStats> RunMerge(const TaskConfig& config, const MergeRun& run) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> lake, OpenTargetStore(config.target));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<store::ObjectStore> warehouse, OpenWarehouseStore(config));
  CDC_ASSIGN_OR_RETURN(merge::MergeOptions options, MergeOptionsOf(config));
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<iceberg::GlueCatalog> catalog, OpenGlueCatalog(config));
  merge::Merger merger(lake.get(), warehouse.get(), std::move(options));
  std::string folder = run.table;
  std::replace(folder.begin(), folder.end(), '.', '/');
  merge::MergeStats stats;
  if (run.compact) {
    if (folder.empty()) return Status::InvalidArgument("--compact", "needs --table");
    CDC_ASSIGN_OR_RETURN(merge::CompactStats compacted, merger.Compact(folder));
    stats.compactions = compacted.committed ? 1 : 0;
  } else if (!folder.empty()) {
    CDC_ASSIGN_OR_RETURN(stats, merger.MergePending(folder));
  } else {
    CDC_ASSIGN_OR_RETURN(stats, merger.MergeAll());
  }
  if (!catalog) return stats;
  if (!folder.empty()) {
    CDC_RETURN_IF_ERROR(PointGlueTable(*catalog, *warehouse, folder));
    return stats;
  }
  CDC_ASSIGN_OR_RETURN(auto merged, merge::ListMergedTables(*warehouse));
  for (const auto& [merged_folder, source] : merged) {
    CDC_RETURN_IF_ERROR(PointGlueTable(*catalog, *warehouse, merged_folder));
  }
  return stats;
}

namespace {

// The merge's metrics, per table (label `table`, the table folder "schema/table"): the time of each merge,
// its commits, changes and files, and the lag from a file's commit to the end of the merge that took it.
class MergeProbe {
 public:
  explicit MergeProbe(metrics::Registry& registry) : registry_(registry) {}

  void OnMerged(const std::string& folder, const merge::MergeStats& stats, double seconds, double lag_seconds) {
    const metrics::Labels labels = {{"table", folder}};
    registry_.histogram("lakefeed_merge_duration_seconds", "Time of a merge of a table's pending files",
                        metrics::DurationBuckets(), labels)
        .Observe(seconds);
    registry_.counter("lakefeed_merge_commits_total", "Iceberg commits of the merge", labels).Inc(stats.commits);
    registry_.counter("lakefeed_merge_files_total", "Change files merged", labels).Inc(stats.files);
    registry_.counter("lakefeed_merge_changes_total", "Changes read by the merge", labels).Inc(stats.changes);
    registry_.counter("lakefeed_merge_compactions_total", "Compactions after a merge", labels).Inc(stats.compactions);
    registry_.counter("lakefeed_merge_snapshots_expired_total", "Snapshots expired after a merge", labels)
        .Inc(stats.snapshots_expired);
    registry_
        .counter("lakefeed_merge_files_removed_total",
                 "Warehouse objects no kept snapshot reached, deleted after an expiry", labels)
        .Inc(stats.files_removed);
    // A merge that read no change (the event's file went in with an earlier event's merge) leaves the lag as
    // that merge set it: the age of a queued event is not the age of the table's data.
    if (stats.changes > 0) {
      registry_
          .gauge(
              "lakefeed_merge_lag_seconds",
              "From the commit of the file whose event started the last merge that read changes to the end "
              "of that merge",
              labels)
          .Set(lag_seconds);
    }
  }

 private:
  metrics::Registry& registry_;
};

class MergeHandler final : public trigger::Handler {
 public:
  MergeHandler(store::ObjectStore* lake, std::unique_ptr<store::ObjectStore> warehouse,
               merge::MergeOptions options, std::string key_prefix, metrics::Registry* metrics,
               std::unique_ptr<iceberg::GlueCatalog> catalog)
      : warehouse_(std::move(warehouse)),
        merger_(lake, warehouse_.get(), std::move(options)),
        key_prefix_(std::move(key_prefix)),
        catalog_(std::move(catalog)) {
    if (metrics != nullptr) probe_.emplace(*metrics);
  }

  Status Handle(const trigger::ObjectCreated& event, const std::string& /*event_json*/) override {
    std::string_view key = event.key;
    if (!key_prefix_.empty() && key.starts_with(key_prefix_)) key.remove_prefix(key_prefix_.size());
    if (!merge::ParseChangeFileName(key)) return Status::OK();  // not a change file: nothing to merge
    CDC_ASSIGN_OR_RETURN(std::string folder, lake::TableFolderOfKey(key));
    const auto started = std::chrono::steady_clock::now();
    CDC_ASSIGN_OR_RETURN(merge::MergeStats stats, merger_.MergePending(folder));
    if (probe_) {
      const int64_t now_ms = WallClockMs();
      probe_->OnMerged(folder, stats, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                       event.time_ms > 0 ? static_cast<double>(now_ms - event.time_ms) / 1000 : 0);
    }
    // The catalog follows each table's metadata: after a merge that moved it, and once after a start or a
    // failed attempt (the event is retried until the catalog has it).
    const bool moved = stats.commits + stats.compactions + stats.snapshots_expired > 0;
    if (catalog_ && (moved || !pointed_.contains(folder))) {
      pointed_.erase(folder);
      Status pointed = PointGlueTable(*catalog_, *warehouse_, folder);
      if (pointed.IsNotFound()) return Status::OK();  // no Iceberg table yet (no change merged)
      CDC_RETURN_IF_ERROR(pointed);
      pointed_.insert(folder);
    }
    return Status::OK();
  }

 private:
  std::unique_ptr<store::ObjectStore> warehouse_;
  merge::Merger merger_;
  std::string key_prefix_;
  std::optional<MergeProbe> probe_;
  std::unique_ptr<iceberg::GlueCatalog> catalog_;
  std::set<std::string> pointed_;  // table folders the catalog has at their current metadata
};

}  // namespace

std::unique_ptr<trigger::Handler> NewMergeHandler(store::ObjectStore* lake,
                                                  std::unique_ptr<store::ObjectStore> warehouse,
                                                  merge::MergeOptions options, std::string key_prefix,
                                                  metrics::Registry* metrics,
                                                  std::unique_ptr<iceberg::GlueCatalog> catalog) {
  return std::make_unique<MergeHandler>(lake, std::move(warehouse), std::move(options), std::move(key_prefix),
                                        metrics, std::move(catalog));
}

}  // namespace cdc::pipeline
