#include "merge/merger.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/ascii.h"
#include "base/clock.h"
#include "base/logging.h"
#include "capture/ddl_parser.h"
#include "capture/schema_tracker.h"
#include "format/parquet/parquet_reader.h"
#include "iceberg/data_files.h"
#include "iceberg/table.h"
#include "lake/checkpoint.h"
#include "lake/layout.h"
#include "merge/parquet_cells.h"
#include "merge/reducer.h"
#include "snapshot/row_reader.h"
#include "store/object_store.h"

namespace cdc::merge {
namespace {

bool ParseNumber(const std::string& text, uint64_t* out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && error == std::errc() && end == text.data() + text.size();
}

// The table's schema has the source's columns: the same names (ids may differ, after an evolution), types and
// requiredness in the same order, and the same key.
bool SameColumns(const iceberg::Schema& table, const iceberg::Schema& source) {
  if (table.fields.size() != source.fields.size() ||
      table.identifier_field_ids.size() != source.identifier_field_ids.size()) {
    return false;
  }
  for (size_t field_idx = 0; field_idx < table.fields.size(); ++field_idx) {
    const iceberg::SchemaField& a = table.fields[field_idx];
    const iceberg::SchemaField& b = source.fields[field_idx];
    if (a.name != b.name || a.type != b.type || a.required != b.required) return false;
  }
  for (size_t key_idx = 0; key_idx < table.identifier_field_ids.size(); ++key_idx) {
    const iceberg::SchemaField* a = table.FindField(table.identifier_field_ids[key_idx]);
    const iceberg::SchemaField* b = source.FindField(source.identifier_field_ids[key_idx]);
    if (a == nullptr || b == nullptr || a->name != b->name) return false;
  }
  return true;
}

// A type change the spec lets a field make: int to long, float to double, a decimal's precision up.
bool IsPromotion(const iceberg::Type& from, const iceberg::Type& to) {
  using iceberg::TypeKind;
  return (from.kind == TypeKind::kInt && to.kind == TypeKind::kLong) ||
         (from.kind == TypeKind::kFloat && to.kind == TypeKind::kDouble) ||
         (from.kind == TypeKind::kDecimal && to.kind == TypeKind::kDecimal && from.scale == to.scale &&
          to.precision >= from.precision);
}

// Whether the ledger says file `f` is merged. With seqs, a file whose seq range is known is covered when the
// ledger's seq reaches its last one (a file of unknown range is read, and its rows filtered by seq).
// Without seqs (DMS), by the merge order of file names.
bool Covered(const Ledger& ledger, const PendingFile& file, bool has_seqs) {
  if (!ledger.last_file.empty() && file.key == ledger.last_file) return true;
  if (has_seqs) return file.last_seq != 0 && file.last_seq <= ledger.last_seq;
  return !ledger.last_file.empty() && FileBefore(file.key, ledger.last_file);
}

// A stable text of a definition, so that one definition gets one schema object (batches end where it changes).
std::string DefinitionKey(const mysql::TableHints& hints) {
  std::string key;
  for (const mysql::ColumnHint& column : hints.columns) {
    key += column.name + '\x1f' + column.data_type + '\x1f' + column.column_type + '\x1f' +
           (column.is_unsigned ? "u" : "s") + (column.nullable ? "n" : "r") + std::to_string(column.collation);
    for (const std::string& label : column.labels) key += '\x1e' + label;
    key += '\x1d';
  }
  for (uint32_t column_idx : hints.primary_key) key += std::to_string(column_idx) + ",";
  return key;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Ledger

Result<Ledger> Ledger::FromSummary(const std::map<std::string, std::string>& summary) {
  Ledger ledger;
  auto number = [&](std::string_view key, uint64_t* out) -> Status {
    auto it = summary.find(std::string(key));
    if (it == summary.end()) return Status::OK();
    if (!ParseNumber(it->second, out)) return Status::Corruption("snapshot summary " + std::string(key), "is not a number");
    return Status::OK();
  };
  if (auto it = summary.find(std::string(kLedgerLastFile)); it != summary.end()) ledger.last_file = it->second;
  CDC_RETURN_IF_ERROR(number(kLedgerLastSeq, &ledger.last_seq));
  CDC_RETURN_IF_ERROR(number(kLedgerCheckpoint, &ledger.checkpoint));
  CDC_RETURN_IF_ERROR(number(kLedgerFiles, &ledger.files));
  auto load_only = summary.find(std::string(kLedgerLoadOnly));
  ledger.load_only = load_only != summary.end() && load_only->second == "true";
  return ledger;
}

std::map<std::string, std::string> Ledger::ToSummary() const {
  return {{std::string(kLedgerLastFile), last_file},
          {std::string(kLedgerLastSeq), std::to_string(last_seq)},
          {std::string(kLedgerCheckpoint), std::to_string(checkpoint)},
          {std::string(kLedgerFiles), std::to_string(files)},
          {std::string(kLedgerLoadOnly), load_only ? "true" : "false"}};
}

MergeStats& MergeStats::operator+=(const MergeStats& other) {
  files += other.files;
  skipped_files += other.skipped_files;
  changes += other.changes;
  upserts += other.upserts;
  deletes += other.deletes;
  commits += other.commits;
  compactions += other.compactions;
  snapshots_expired += other.snapshots_expired;
  files_removed += other.files_removed;
  files_left += other.files_left;
  return *this;
}

// ---------------------------------------------------------------------------------------------------------
// Schema history: the table's schema at a seq, from the records under _lakefeed/schema/.

namespace {

class SchemaHistory {
 public:
  SchemaHistory(store::ObjectStore* lake, mysql::ServerFlavor flavor, std::vector<std::string> table_ddl)
      : lake_(lake), flavor_(flavor), table_ddl_(std::move(table_ddl)) {}

  // The seq of the first record after `after_seq` that empties source table `table` ("schema.table"): a
  // TRUNCATE, a reload (its rows are replaced by the full-load rows after it), or a DROP or CREATE of the
  // name (the table after it is a new one). nullopt when there is none.
  // The source tables with a reset record after `after_seq`.
  std::set<std::string> ResetTablesAfter(uint64_t after_seq) const {
    std::set<std::string> tables;
    for (const Reset& reset : resets_) {
      if (reset.seq > after_seq) tables.insert(reset.table);
    }
    return tables;
  }
  // The seq of the last reset record (0: none).
  uint64_t LastResetSeq() const { return resets_.empty() ? 0 : resets_.back().seq; }

  Result<std::optional<uint64_t>> NextReset(std::string_view table, uint64_t after_seq) {
    if (!loaded_) CDC_RETURN_IF_ERROR(Load());
    for (const Reset& reset : resets_) {
      if (reset.seq > after_seq && reset.table == table) return std::optional<uint64_t>(reset.seq);
    }
    return std::optional<uint64_t>();
  }

  // The column renames and drops of source table `table` by the DDL records with a seq in (after_seq,
  // upto_seq], composed in order: the name a column had before them -> its name after them, or "" when it was
  // dropped (a column dropped and added again is a new column). From ALTER TABLE ... RENAME COLUMN, CHANGE and
  // DROP; names compare ignoring case, as in MySQL.
  Result<std::map<std::string, std::string>> ColumnRenames(std::string_view table, uint64_t after_seq,
                                                           uint64_t upto_seq) {
    if (!loaded_) CDC_RETURN_IF_ERROR(Load());
    std::map<std::string, std::string> renames;  // original name -> current name ("" dropped)
    auto apply = [&](const std::string& from, const std::string& to) {
      bool found = false;
      for (auto& [original, current] : renames) {
        if (!current.empty() && EqualsIgnoreAsciiCase(current, from)) {
          current = to;
          found = true;
        }
      }
      if (!found) renames[from] = to;
    };
    for (const auto& [seq, json] : records_) {
      if (seq <= after_seq || seq > upto_seq) continue;
      const nlohmann::json record = nlohmann::json::parse(json, nullptr, false);
      if (!record.is_object() || !record.contains("kind") || record["kind"] != "alter" ||
          !record.contains("schema") || !record.contains("table") || !record.contains("sql") ||
          !record["sql"].is_string() || !record["schema"].is_string() || !record["table"].is_string() ||
          record["schema"].get<std::string>() + "." + record["table"].get<std::string>() != table) {
        continue;
      }
      const capture::ParsedDdl ddl = capture::ParseDdl(record["sql"].get<std::string>());
      for (const capture::AlterSpec& spec : ddl.specs) {
        switch (spec.kind) {
          case capture::AlterSpec::Kind::kRenameColumn:
            apply(spec.name, spec.new_name);
            break;
          case capture::AlterSpec::Kind::kChangeColumn:
            if (!EqualsIgnoreAsciiCase(spec.name, spec.column.name)) apply(spec.name, spec.column.name);
            break;
          case capture::AlterSpec::Kind::kDropColumn:
            apply(spec.name, "");
            break;
          default:
            break;
        }
      }
    }
    return renames;
  }

  // The schema of source table `table` ("schema.table") for a change at `seq`: the definition after every
  // record with a seq up to `seq` (UINT64_MAX: the latest). NotFound when the history does not define it.
  Result<model::TableSchemaPtr> SchemaAt(std::string_view table, uint64_t seq) {
    if (!loaded_) CDC_RETURN_IF_ERROR(Load());
    const size_t count = static_cast<size_t>(
        std::upper_bound(records_.begin(), records_.end(), seq,
                         [](uint64_t value, const auto& record) { return value < record.first; }) -
        records_.begin());
    if (!tracker_ || count < restored_) {
      tracker_ = std::make_unique<capture::SchemaTracker>(
          [](std::string_view, std::string_view) -> Result<capture::TableDefinition> {
            return Status::NotFound("definition source", "the merge reads the schema history only");
          },
          [] { return uint64_t{0}; });
      tracker_->SetCollationSource([](std::string_view, std::string_view) -> Result<uint16_t> {
        return uint16_t{45};  // utf8mb4_general_ci: what DMS's files hold
      });
      for (const std::string& sql : table_ddl_) {
        Result<std::vector<capture::SchemaChange>> applied = tracker_->ApplyDdl({"", sql, 0, {}});
        if (!applied.ok()) return applied.status().WithContext("merge table DDL");
      }
      tracker_->TakePendingRecords();
      restored_ = 0;
    }
    for (; restored_ < count; ++restored_) CDC_RETURN_IF_ERROR(tracker_->Restore(records_[restored_].second));
    const size_t dot = table.find('.');
    if (dot == std::string_view::npos) return Status::InvalidArgument("table " + std::string(table), "is not schema.table");
    std::optional<capture::TableDefinition> definition = tracker_->Find(table.substr(0, dot), table.substr(dot + 1));
    if (!definition) {
      return Status::NotFound("table " + std::string(table),
                              "has no definition in the lake's schema history (_lakefeed/schema/) at seq " +
                                  std::to_string(seq));
    }
    std::string key = std::string(table) + '\x1c' + DefinitionKey(*definition);
    auto cached = cache_.find(key);
    if (cached != cache_.end()) return cached->second;
    CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr schema, snapshot::SchemaFromDefinition(*definition, flavor_));
    cache_.emplace(std::move(key), schema);
    return schema;
  }

 private:
  Status Load() { return Refresh(); }

 public:
  // Lists the records again and reads those that are new or were rewritten (a recovery of the lake deletes
  // the records of an uncommitted flush, and the replay writes them again); the tracker starts over when
  // anything changed. Called before each table's merge, so a long-lived merger sees DDL and new tables.
  Status Refresh() {
    CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(*lake_, lake::kSchemaPrefix));
    std::map<std::string, Cached> fresh;
    bool changed = !loaded_;
    for (const store::ObjectInfo& object : objects) {
      std::optional<uint64_t> seq = lake::ParseSchemaRecordKey(object.key);
      if (!seq) continue;
      auto known = cached_.find(object.key);
      if (known != cached_.end() && known->second.etag == object.etag) {
        fresh.emplace(object.key, std::move(known->second));
        continue;
      }
      CDC_ASSIGN_OR_RETURN(std::string json, lake_->Get(object.key));
      fresh.emplace(object.key, Cached{*seq, object.etag, std::move(json)});
      changed = true;
    }
    changed |= fresh.size() != cached_.size();
    cached_ = std::move(fresh);
    loaded_ = true;
    if (!changed) return Status::OK();
    records_.clear();
    resets_.clear();
    for (const auto& [key, cached] : cached_) {  // keys sort by seq, then index
      const nlohmann::json record = nlohmann::json::parse(cached.json, nullptr, false);
      if (record.is_object() && record.contains("kind") && record["kind"].is_string() && record.contains("schema") &&
          record.contains("table") && record["schema"].is_string() && record["table"].is_string()) {
        const std::string kind = record["kind"].get<std::string>();
        if (kind == "truncate" || kind == "reload" || kind == "drop" || kind == "create") {
          resets_.push_back({cached.seq, record["schema"].get<std::string>() + "." + record["table"].get<std::string>()});
        }
      }
      records_.emplace_back(cached.seq, cached.json);
    }
    tracker_.reset();
    restored_ = 0;
    return Status::OK();
  }

 private:
  struct Cached {
    uint64_t seq = 0;
    std::string etag;
    std::string json;
  };
  std::map<std::string, Cached> cached_;  // by key

  store::ObjectStore* lake_;
  mysql::ServerFlavor flavor_;
  std::vector<std::string> table_ddl_;
  bool loaded_ = false;
  std::vector<std::pair<uint64_t, std::string>> records_;  // in key order: seq, then index
  struct Reset {
    uint64_t seq = 0;
    std::string table;
  };
  std::vector<Reset> resets_;  // in seq order
  std::unique_ptr<capture::SchemaTracker> tracker_;
  size_t restored_ = 0;
  std::map<std::string, model::TableSchemaPtr> cache_;
};

// A local file removed when the object goes.
class LocalFile {
 public:
  explicit LocalFile(std::string path) : path_(std::move(path)) {}
  ~LocalFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  LocalFile(const LocalFile&) = delete;
  LocalFile& operator=(const LocalFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The table at `folder`, or nullopt when it does not exist yet.
Result<std::optional<iceberg::Table>> LoadOptionalTable(store::ObjectStore* warehouse, const std::string& folder) {
  Result<iceberg::Table> table = iceberg::Table::Load(warehouse, folder);
  if (table.ok()) return std::optional<iceberg::Table>(std::move(*table));
  if (table.status().IsNotFound()) return std::optional<iceberg::Table>();
  return table.status();
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------
// Merger

struct Merger::Impl {
  Impl(store::ObjectStore* lake_store, store::ObjectStore* warehouse_store, MergeOptions merge_options)
      : lake(lake_store), warehouse(warehouse_store), options(std::move(merge_options)), history(lake, options.flavor, options.table_ddl) {
    if (options.spool_dir.empty()) {
      options.spool_dir =
          (std::filesystem::temp_directory_path() / ("lakefeed-merge-" + std::to_string(getpid()))).string();
    }
    options.parquet.iceberg.reset();  // the data-file writer sets its own
  }

  bool has_seqs() const { return options.format.output.ordering_columns; }

  // The table, or nullopt when it does not exist yet.
  Result<std::optional<iceberg::Table>> LoadTable(const std::string& folder) {
    return LoadOptionalTable(warehouse, folder);
  }

  static Result<Ledger> LedgerOf(const std::optional<iceberg::Table>& table) {
    if (!table || table->metadata().CurrentSnapshot() == nullptr) return Ledger{};
    return Ledger::FromSummary(table->metadata().CurrentSnapshot()->summary);
  }

  Result<model::TableSchemaPtr> SchemaFor(const PendingFile& file) {
    return history.SchemaAt(file.table, has_seqs() && file.first_seq != 0 ? file.first_seq : UINT64_MAX);
  }

  Status EnsureSpool() {
    std::error_code error;
    std::filesystem::create_directories(options.spool_dir, error);
    if (error) return Status::IOError("spool dir " + options.spool_dir, error.message());
    return Status::OK();
  }

  // Writes `rows` [0, count) as a data file of `iceberg_schema` (or, for `equality`, the keys of every change
  // as an equality delete file), uploads it under the table's data/ and returns its manifest entry.
  Result<iceberg::DataFile> WriteFile(const iceberg::Table& table, const model::TableSchemaPtr& schema,
                                      const iceberg::Schema& iceberg_schema, const model::ChangeBatch& rows,
                                      size_t count, bool equality) {
    const std::string name = iceberg::NewUuid() + (equality ? "-eq-deletes.parquet" : "-data.parquet");
    LocalFile local(options.spool_dir + "/" + name);
    Result<iceberg::ParquetFileWriter> writer =
        equality ? iceberg::ParquetFileWriter::OpenEqualityDeleteFile(local.path(), schema, iceberg_schema,
                                                                      iceberg_schema.identifier_field_ids, options.parquet)
                 : iceberg::ParquetFileWriter::OpenDataFile(local.path(), schema, iceberg_schema, options.parquet);
    if (!writer.ok()) return writer.status();
    CDC_RETURN_IF_ERROR(writer->Append(rows, 0, count));
    CDC_ASSIGN_OR_RETURN(iceberg::DataFile file, writer->Finish());
    CDC_RETURN_IF_ERROR(warehouse->PutFile(table.DataFileKey(name), local.path()).status());
    file.file_path = table.DataFileUri(name);
    return file;
  }

  // Commits `request` on *table. A failed or unanswered commit is checked against the ledger of the reloaded
  // table: when `covers` says it holds the batch, the batch is in (ours, or another merger's), which is
  // success. Another writer's progress short of it is Conflict (the caller starts over from the new ledger); a
  // plain store error is retried on the reloaded version a few times.
  Status CommitBatch(const std::string& folder, iceberg::Table* table, const iceberg::CommitRequest& request,
                     const Ledger& base, const std::function<bool(const Ledger&)>& covers) {
    Status error;
    for (int attempt = 0; attempt < 4; ++attempt) {
      Result<iceberg::SnapshotId> committed = table->Commit(request);
      if (committed.ok()) return Status::OK();
      error = committed.status();
      if (!error.IsConflict() && !error.IsUnavailable() && !error.IsIOError()) return error;
      Result<iceberg::Table> reloaded = iceberg::Table::Load(warehouse, folder);
      if (!reloaded.ok()) return error;  // cannot tell: the next run reads the ledger
      *table = std::move(*reloaded);
      CDC_ASSIGN_OR_RETURN(Ledger now, LedgerOf(std::optional<iceberg::Table>(*table)));
      if (covers(now)) return Status::OK();  // the lost answer was a success, or another merger did the work
      if (now.last_file != base.last_file || now.last_seq != base.last_seq || now.files != base.files) {
        return Status::Conflict("table " + folder, "another merger committed in between");
      }
      LogWarn(LogComponent::kMerge, "merge commit failed, retrying",
              {{"table", folder}, {"error", error.ToString()}});
    }
    return error;
  }

  // The table's next schema for source columns `source` (docs/merge.md, "Schema evolution"): each column
  // continues the current field of its name, or of the name `renames` (old -> new, "" for dropped) turns
  // into its name, ignoring case as MySQL does: same id, the new name, its type if the old one promotes to
  // it; other columns are new fields with ids above last-column-id; fields of no column are dropped.
  // NotSupported naming the column for a type change Iceberg cannot follow (e.g. VARCHAR to INT, BIGINT to
  // INT) and for a primary key column that was optional or is new in a table with rows.
  Result<iceberg::Schema> EvolveSchema(const iceberg::Table& table, const model::TableSchema& source,
                                       const std::map<std::string, std::string>& renames) {
    const iceberg::Schema& current = *table.metadata().CurrentSchema();
    CDC_ASSIGN_OR_RETURN(iceberg::Schema next, iceberg::SchemaFromTable(source));
    iceberg::FieldId next_id = table.metadata().last_column_id;
    std::map<iceberg::FieldId, iceberg::FieldId> ids;  // SchemaFromTable's id -> the table's
    for (iceberg::SchemaField& field : next.fields) {
      const iceberg::SchemaField* old = nullptr;
      for (const iceberg::SchemaField& candidate : current.fields) {
        std::string name = candidate.name;
        for (const auto& [from, to] : renames) {
          if (EqualsIgnoreAsciiCase(from, candidate.name)) name = to;
        }
        if (!name.empty() && EqualsIgnoreAsciiCase(name, field.name)) old = &candidate;
      }
      const std::string label = "table " + source.schema_name + "." + source.table_name + " column " + field.name;
      const iceberg::FieldId id = old != nullptr ? old->id : ++next_id;
      ids[field.id] = id;
      field.id = id;
      if (old == nullptr) {
        if (field.required) return Status::NotSupported(label, "a new primary key column cannot be added to a table with rows");
        continue;
      }
      if (field.required && !old->required) {
        return Status::NotSupported(label, "joins the primary key, but its Iceberg field is optional");
      }
      if (field.type != old->type && !IsPromotion(old->type, field.type)) {
        return Status::NotSupported(label, "changes type from " + old->type.ToString() + " to " +
                                               field.type.ToString() + ", which an Iceberg schema cannot follow");
      }
    }
    for (iceberg::FieldId& id : next.identifier_field_ids) id = ids[id];
    next.schema_id = 0;
    for (const iceberg::Schema& known : table.metadata().schemas) next.schema_id = std::max(next.schema_id, known.schema_id + 1);
    CDC_RETURN_IF_ERROR(iceberg::CheckSchemaEvolution(current, next, table.metadata().last_column_id, false)
                            .WithContext("table " + source.schema_name + "." + source.table_name));
    return next;
  }

  // Merges files todo[*next...] until a schema change or a reset, in batches: a batch ends after the file
  // whose changes reach max_batch_changes, or, for files with seqs, inside a file at that many changes (a
  // LOAD file of any size stays within the memory bound; the ledger's seq then says where the file's rows
  // stand, and the file's later rows go to the next commit). On success *next is past the files merged and
  // *table / *ledger are the committed state.
  Status MergeBatch(const std::string& folder, std::optional<iceberg::Table>* table, Ledger* ledger,
                    const std::vector<const PendingFile*>& todo, size_t* next, std::optional<uint64_t> boundary,
                    MergeStats* stats) {
    CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr schema, SchemaFor(*todo[*next]));
    if (schema->primary_key.empty()) {
      return Status::NotSupported("table " + folder, "has no primary key: the merge keys rows by it");
    }
    CDC_ASSIGN_OR_RETURN(iceberg::Schema wanted, iceberg::SchemaFromTable(*schema));
    if (!*table) {
      Result<iceberg::Table> created = iceberg::Table::Create(
          warehouse, folder, wanted, {{std::string(kSourceTableProperty), todo[*next]->table}});
      if (created.status().IsConflict()) created = iceberg::Table::Load(warehouse, folder);
      if (!created.ok()) return created.status();
      *table = std::move(*created);
      LogInfo(LogComponent::kMerge, "iceberg table created",
              {{"table", folder}, {"location", (*table)->location()}});
    }
    // A change of the source's columns evolves the table's schema with the batch's first commit: fields keep
    // their ids through renames (from the DDL since the last merged change), new columns get new ids.
    std::optional<iceberg::Schema> evolution;
    if (!SameColumns(*(*table)->metadata().CurrentSchema(), wanted)) {
      std::map<std::string, std::string> renames;
      if (has_seqs() && todo[*next]->first_seq != 0) {
        CDC_ASSIGN_OR_RETURN(renames, history.ColumnRenames(todo[*next]->table, ledger->last_seq, todo[*next]->first_seq));
      }
      CDC_ASSIGN_OR_RETURN(evolution, EvolveSchema(**table, *schema, renames));
      LogInfo(LogComponent::kMerge, "schema evolves",
              {{"table", folder}, {"schema", iceberg::EncodeSchemaJson(*evolution)}});
    }
    // The batch being built: its reducer, the files read whole into it, whether every change is an insert of
    // a LOAD file (a full load: no older row can have its keys while the table holds only full-load rows).
    auto reducer = std::make_unique<Reducer>(schema);
    std::vector<const PendingFile*> files;
    uint64_t batch_changes = 0;
    bool load_inserts_only = true;
    uint64_t running_order = 0;
    // Commits the batch; `partial` is the file being read when a batch ends inside it.
    auto commit = [&](const PendingFile* partial) -> Status {
      stats->changes += batch_changes;
      if (reducer->key_count() == 0) {
        stats->skipped_files += files.size();  // nothing new in them
      } else {
        CDC_RETURN_IF_ERROR(CommitReduced(folder, table, ledger, schema, evolution, *reducer, files, partial,
                                          load_inserts_only, batch_changes, stats));
        evolution.reset();  // committed with that batch
      }
      reducer = std::make_unique<Reducer>(schema);
      files.clear();
      batch_changes = 0;
      load_inserts_only = true;
      return Status::OK();
    };
    while (*next < todo.size()) {
      const PendingFile& file = *todo[*next];
      if (boundary && file.first_seq > *boundary) break;  // a reset comes first
      CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr file_schema, SchemaFor(file));
      if (file_schema != schema) break;  // the next batch starts at the schema change
      Result<std::string> contents = lake->Get(file.key);
      if (contents.status().IsNotFound()) {
        // Committed but not published yet (a running task is between its checkpoint and the move), or removed
        // downstream: the table's merge stops before it, and the next run starts there.
        LogWarn(LogComponent::kMerge, "change file not found: the merge of its table stops before it",
                {{"key", file.key}});
        stats->files_left += todo.size() - *next;
        *next = todo.size();
        break;
      }
      if (!contents.ok()) return contents.status();
      const std::optional<ChangeFileName> name = ParseChangeFileName(file.key);
      const bool load_file = name.has_value() && name->load;
      const Status read = ReadChangeFile(
          file.key, *contents, options.format, schema,
          [&](const model::ChangeBatch& rows, const std::vector<uint64_t>& seqs) -> Status {
            for (size_t change_idx = 0; change_idx < rows.size(); ++change_idx) {
              ++batch_changes;
              uint64_t order = ++running_order;
              if (!seqs.empty()) {
                order = seqs[change_idx];
                if (order <= ledger->last_seq) continue;  // applied by an earlier commit
              }
              load_inserts_only &= load_file && rows.changes()[change_idx].op == model::ChangeOp::kInsert;
              CDC_RETURN_IF_ERROR(reducer->Add(rows, change_idx, order));
              if (!seqs.empty() && reducer->changes_added() >= options.max_batch_changes) {
                CDC_RETURN_IF_ERROR(commit(&file));
              }
            }
            return Status::OK();
          });
      CDC_RETURN_IF_ERROR(read);
      files.push_back(&file);
      ++*next;
      if (batch_changes >= options.max_batch_changes) CDC_RETURN_IF_ERROR(commit(nullptr));
    }
    if (!files.empty() || reducer->changes_added() > 0) CDC_RETURN_IF_ERROR(commit(nullptr));
    return Status::OK();
  }

  // Writes and commits one reduced batch: `files` were read whole, `partial` (or null) in part.
  Status CommitReduced(const std::string& folder, std::optional<iceberg::Table>* table, Ledger* ledger,
                       const model::TableSchemaPtr& schema, const std::optional<iceberg::Schema>& evolution,
                       const Reducer& reducer, const std::vector<const PendingFile*>& files,
                       const PendingFile* partial, bool load_inserts_only, uint64_t changes, MergeStats* stats) {
    CDC_RETURN_IF_ERROR(EnsureSpool());
    size_t upserts = 0;
    const model::ChangeBatch result = reducer.Finish(&upserts);
    iceberg::CommitRequest request;
    request.schema = evolution;
    const iceberg::Schema& iceberg_schema = evolution ? *evolution : *(*table)->metadata().CurrentSchema();
    if (upserts > 0) {
      CDC_ASSIGN_OR_RETURN(iceberg::DataFile data, WriteFile(**table, schema, iceberg_schema, result, upserts, false));
      request.added_data_files.push_back(std::move(data));
    }
    // Equality deletes remove older rows of the batch's keys. There are none in a table without a snapshot,
    // nor for a full load's inserts into a table that holds only full-load rows (each key is loaded once).
    const bool needs_deletes = (*table)->metadata().CurrentSnapshot() != nullptr &&
                               !(load_inserts_only && ledger->load_only);
    Ledger after = *ledger;
    after.load_only = ledger->load_only && load_inserts_only;
    if (needs_deletes || upserts == 0) {
      CDC_ASSIGN_OR_RETURN(iceberg::DataFile deletes,
                           WriteFile(**table, schema, iceberg_schema, result, result.size(), true));
      request.added_delete_files.push_back(std::move(deletes));
    }
    if (!files.empty()) after.last_file = files.back()->key;
    after.files += files.size();
    for (const PendingFile* file : files) {
      after.checkpoint = std::max(after.checkpoint, file->checkpoint);
      if (has_seqs()) after.last_seq = std::max(after.last_seq, file->last_seq);
    }
    if (has_seqs()) after.last_seq = std::max(after.last_seq, reducer.max_order());
    request.summary = after.ToSummary();
    const std::string last_file = after.last_file;
    const uint64_t last_seq = after.last_seq;
    const bool seqs = has_seqs();
    auto covers = [&](const Ledger& now) {
      if (seqs) return now.last_seq >= last_seq && (partial != nullptr || now.files >= after.files);
      return !files.empty() && (now.last_file == last_file || Covered(now, *files.back(), false));
    };
    CDC_RETURN_IF_ERROR(CommitBatch(folder, &**table, request, *ledger, covers));
    CDC_ASSIGN_OR_RETURN(*ledger, LedgerOf(*table));
    stats->files += files.size();
    stats->upserts += upserts;
    stats->deletes += result.size() - upserts;
    stats->commits += 1;
    LogInfo(LogComponent::kMerge, "merged",
            {{"table", folder},
             {"files", std::to_string(files.size())},
             {"changes", std::to_string(changes)},
             {"upserts", std::to_string(upserts)},
             {"deletes", std::to_string(result.size() - upserts)},
             {"last_file", after.last_file},
             {"partial_file", partial != nullptr ? partial->key : ""}});
    return Status::OK();
  }

  // Files found by listing carry no seq range: their first seq, read from the file, picks the schema of their
  // time and places them against resets. A file that is gone keeps 0 (the batch stops before it).
  Result<std::vector<PendingFile>> Located(const std::vector<PendingFile>& files) {
    std::vector<PendingFile> located = files;
    if (!has_seqs()) return located;
    for (PendingFile& file : located) {
      if (file.first_seq != 0) continue;
      Result<std::string> contents = lake->Get(file.key);
      if (contents.status().IsNotFound()) continue;
      if (!contents.ok()) return contents.status();
      CDC_ASSIGN_OR_RETURN(std::optional<uint64_t> first, FirstSeq(file.key, *contents, options.format));
      file.first_seq = first.value_or(0);
    }
    return located;
  }

  Result<MergeStats> MergeTable(const std::string& folder, const std::vector<PendingFile>& listed) {
    MergeStats stats;
    CDC_RETURN_IF_ERROR(history.Refresh());
    CDC_ASSIGN_OR_RETURN(const std::vector<PendingFile> files, Located(listed));
    for (int attempt = 0;; ++attempt) {
      CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, LoadTable(folder));
      CDC_ASSIGN_OR_RETURN(Ledger ledger, LedgerOf(table));
      std::vector<const PendingFile*> todo;
      for (const PendingFile& file : files) {
        if (Covered(ledger, file, has_seqs())) {
          ++stats.skipped_files;
        } else {
          todo.push_back(&file);
        }
      }
      size_t next = 0;
      Status status;
      while (next < todo.size() && status.ok()) {
        std::optional<uint64_t> reset;
        if (has_seqs()) {
          Result<std::optional<uint64_t>> found = history.NextReset(todo[next]->table, ledger.last_seq);
          if (!found.ok()) return found.status();
          reset = *found;
          if (reset && todo[next]->first_seq > *reset) {
            status = ApplyReset(folder, &table, &ledger, *reset, &stats);
            continue;
          }
        }
        status = MergeBatch(folder, &table, &ledger, todo, &next, reset, &stats);
      }
      if (status.IsConflict() && attempt < 8) {
        stats.skipped_files = 0;
        continue;  // another merger moved the table: start over from its ledger
      }
      CDC_RETURN_IF_ERROR(status);
      if (table && options.compact_delete_files > 0 && table->metadata().CurrentSnapshot() != nullptr) {
        const auto& summary = table->metadata().CurrentSnapshot()->summary;
        auto total = summary.find("total-delete-files");
        uint64_t delete_files = 0;
        if (total != summary.end() && ParseNumber(total->second, &delete_files) &&
            delete_files >= options.compact_delete_files) {
          // The merge is committed: a compaction that cannot run now (a conflict, the source's columns
          // changed since) waits for the next merge.
          Result<CompactStats> compacted = Compact(folder);
          if (compacted.ok() && compacted->committed) {
            ++stats.compactions;
          } else if (!compacted.ok() && !compacted.status().IsConflict()) {
            LogWarn(LogComponent::kMerge, "compaction skipped",
                    {{"table", folder}, {"error", compacted.status().ToString()}});
          }
        }
      }
      if (table) ExpireSnapshots(folder, table->metadata(), &stats);
      return stats;
    }
  }

  // Expires the table's snapshots older than the retention, once the oldest is half a retention past it, and
  // deletes the files nothing reaches any more. Like a compaction it follows a committed merge: a failure is
  // logged and waits for the next merge.
  void ExpireSnapshots(const std::string& folder, const iceberg::TableMetadata& merged, MergeStats* stats) {
    if (options.snapshot_retention_ms <= 0) return;
    const int64_t cutoff_ms = WallClockMs() - options.snapshot_retention_ms;
    const bool due =
        merged.snapshots.size() > options.min_snapshots &&
        std::any_of(merged.snapshots.begin(), merged.snapshots.end(), [&](const iceberg::Snapshot& snapshot) {
          return snapshot.timestamp_ms < cutoff_ms - options.snapshot_retention_ms / 2;
        });
    if (!due) return;
    Result<iceberg::Table> table = iceberg::Table::Load(warehouse, folder);  // a compaction may have moved it
    if (!table.ok()) {
      LogWarn(LogComponent::kMerge, "snapshot expiry skipped",
              {{"table", folder}, {"error", table.status().ToString()}});
      return;
    }
    Result<size_t> expired = table->ExpireSnapshots(cutoff_ms, options.min_snapshots);
    Result<size_t> removed = expired.ok() ? table->RemoveUnreachableFiles(cutoff_ms) : expired;
    if (!removed.ok()) {
      if (!removed.status().IsConflict()) {
        LogWarn(LogComponent::kMerge, "snapshot expiry skipped",
                {{"table", folder}, {"error", removed.status().ToString()}});
      }
      return;
    }
    stats->snapshots_expired += *expired;
    stats->files_removed += *removed;
    LogInfo(LogComponent::kMerge, "snapshots expired",
            {{"table", folder},
             {"snapshots", std::to_string(*expired)},
             {"files_removed", std::to_string(*removed)},
             {"snapshots_kept", std::to_string(table->metadata().snapshots.size())}});
  }

  // Empties the merged tables whose source has a reset (TRUNCATE, reload, DROP, CREATE) in the history after
  // their ledger: MergeTable applies a reset before the next file of the table, and a table may get none (a
  // TRUNCATE or DROP that is the last change). Applying a reset early is safe: the rows before it are gone
  // whatever files still come before it. Only the tables of resets new since the last call are looked at.
  Result<MergeStats> ApplyTrailingResets() {
    MergeStats stats;
    CDC_RETURN_IF_ERROR(history.Refresh());
    const std::set<std::string> tables = history.ResetTablesAfter(resets_checked_through_);
    if (tables.empty()) return stats;
    CDC_ASSIGN_OR_RETURN(auto merged, ListMergedTables(*warehouse));
    for (const auto& [folder, source] : merged) {
      if (!tables.contains(source)) continue;
      for (int attempt = 0;; ++attempt) {
        CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, LoadTable(folder));
        CDC_ASSIGN_OR_RETURN(Ledger ledger, LedgerOf(table));
        CDC_ASSIGN_OR_RETURN(std::optional<uint64_t> reset, history.NextReset(source, ledger.last_seq));
        if (!reset) break;
        Status status;
        // A table reset twice is emptied once, at the last reset (nothing of it comes between them).
        for (std::optional<uint64_t> later = reset; later; ) {
          reset = later;
          CDC_ASSIGN_OR_RETURN(later, history.NextReset(source, *reset));
        }
        status = ApplyReset(folder, &table, &ledger, *reset, &stats);
        if (status.IsConflict() && attempt < 8) continue;
        CDC_RETURN_IF_ERROR(status);
        break;
      }
    }
    resets_checked_through_ = history.LastResetSeq();
    return stats;
  }

  // Empties the table at a TRUNCATE, reload, DROP or CREATE of its source (seq `reset`): one commit removing
  // every live data and delete file, the ledger's seq moved to the reset. Reads no data. The same commit gives
  // the table the source's columns right after the reset (a TRUNCATE with no row after it leaves an empty table
  // with the source's current columns); a DROP keeps the last ones.
  Status ApplyReset(const std::string& folder, std::optional<iceberg::Table>* table, Ledger* ledger, uint64_t reset,
                    MergeStats* stats) {
    Ledger after = *ledger;
    after.last_seq = reset;
    after.load_only = true;
    if (!*table || (*table)->metadata().CurrentSnapshot() == nullptr) {
      *ledger = after;  // nothing to empty; the next commit records the ledger
      return Status::OK();
    }
    iceberg::CommitRequest request;
    const auto& properties = (*table)->metadata().properties;
    if (auto source = properties.find(std::string(kSourceTableProperty)); source != properties.end()) {
      Result<model::TableSchemaPtr> columns = history.SchemaAt(source->second, reset);
      if (columns.ok() && !(*columns)->primary_key.empty()) {
        CDC_ASSIGN_OR_RETURN(iceberg::Schema wanted, iceberg::SchemaFromTable(**columns));
        if (!SameColumns(*(*table)->metadata().CurrentSchema(), wanted)) {
          CDC_ASSIGN_OR_RETURN(auto renames, history.ColumnRenames(source->second, ledger->last_seq, reset));
          Result<iceberg::Schema> evolved = EvolveSchema(**table, **columns, renames);
          if (evolved.ok()) {
            request.schema = std::move(*evolved);
          } else if (evolved.status().IsNotSupported()) {
            // The table is emptied all the same; its next rows meet the same refusal (docs/merge.md).
            LogWarn(LogComponent::kMerge, "the table's schema cannot follow the source at a reset",
                    {{"table", folder}, {"error", evolved.status().ToString()}});
          } else {
            return evolved.status();
          }
        }
      } else if (!columns.ok() && !columns.status().IsNotFound()) {
        return columns.status();
      }
    }
    CDC_ASSIGN_OR_RETURN(std::vector<iceberg::ManifestEntry> entries, (*table)->LiveEntries());
    if (entries.empty() && !request.schema) {
      *ledger = after;
      return Status::OK();
    }
    for (const iceberg::ManifestEntry& entry : entries) request.removed_files.push_back(entry.data_file.file_path);
    request.summary = after.ToSummary();
    request.operation = "delete";
    CDC_RETURN_IF_ERROR((*table)->Commit(request).status());
    *ledger = after;
    stats->commits += 1;
    LogInfo(LogComponent::kMerge, "table emptied",
            {{"table", folder}, {"seq", std::to_string(reset)}, {"files", std::to_string(entries.size())}});
    return Status::OK();
  }

  // Reads the rows of a Parquet file of the table (a data file, or the key columns of an equality delete
  // file) as images of `schema`, whose columns are the fields of the table's current schema of the same
  // names. Columns are found by field id, as Iceberg readers do (a file written before a rename has the old
  // name); columns the file lacks (added later) are NULL.
  Result<model::ChangeBatch> ReadTableFile(const iceberg::Table& table, const iceberg::DataFile& file,
                                           const model::TableSchemaPtr& schema) {
    CDC_ASSIGN_OR_RETURN(std::string key, table.KeyOfUri(file.file_path));
    CDC_ASSIGN_OR_RETURN(std::string contents, warehouse->Get(key));
    CDC_ASSIGN_OR_RETURN(format::parquet::ParquetFileReader reader, format::parquet::ParquetFileReader::Open(contents));
    const size_t rows = static_cast<size_t>(reader.metadata().num_rows);
    const iceberg::Schema& current = *table.metadata().CurrentSchema();
    model::ChangeBatch batch(schema);
    batch.AddOrigin({});
    for (size_t column_idx = 0; column_idx < schema->columns.size(); ++column_idx) {
      const std::string& name = schema->columns[column_idx].name;
      const iceberg::SchemaField* field = current.FindField(name);
      size_t field_idx = reader.column_count();
      for (size_t candidate = 0; candidate < reader.column_count(); ++candidate) {
        const auto& element = reader.column_schema(candidate);
        if (field != nullptr && element.field_id ? *element.field_id == field->id : element.name == name) {
          field_idx = candidate;
        }
      }
      model::ColumnVector& column = batch.column(column_idx);
      if (field_idx == reader.column_count()) {
        for (size_t row_idx = 0; row_idx < rows; ++row_idx) column.AppendNull();
        continue;
      }
      CDC_ASSIGN_OR_RETURN(format::parquet::ColumnValues values, reader.ReadColumn(field_idx));
      size_t value_idx = 0;
      CDC_RETURN_IF_ERROR(AppendParquetCells(schema->columns[column_idx], reader.column_schema(field_idx), values, 0,
                                             rows, &value_idx, &column));
    }
    for (size_t row_idx = 0; row_idx < rows; ++row_idx) {
      model::RowChange change;
      change.after = batch.FinishImage();
      batch.AddChange(change);
    }
    return batch;
  }

  // The live files of a table's current snapshot, by content.
  struct LiveFiles {
    std::vector<iceberg::ManifestEntry> entries;
    std::vector<const iceberg::ManifestEntry*> data;
    std::vector<const iceberg::ManifestEntry*> deletes;  // equality deletes
  };
  static Result<LiveFiles> LiveFilesOf(const iceberg::Table& table, const std::string& folder) {
    LiveFiles files;
    CDC_ASSIGN_OR_RETURN(files.entries, table.LiveEntries());
    for (const iceberg::ManifestEntry& entry : files.entries) {
      switch (entry.data_file.content) {
        case iceberg::FileContent::kData: files.data.push_back(&entry); break;
        case iceberg::FileContent::kEqualityDeletes: files.deletes.push_back(&entry); break;
        case iceberg::FileContent::kPositionDeletes:
          return Status::NotSupported("table " + folder, "has position delete files, which the merge does not write");
      }
    }
    return files;
  }

  // Hands the live rows of `files` to `sink`, one data file at a time (ScanTable).
  Status ScanLive(const iceberg::Table& table, const LiveFiles& files, const model::TableSchemaPtr& schema,
                  const LiveRowSink& sink) {
    // Key -> the highest data sequence number of an equality delete of it.
    std::unordered_map<std::string, int64_t> deleted;
    std::string key;
    for (const iceberg::ManifestEntry* entry : files.deletes) {
      CDC_ASSIGN_OR_RETURN(model::ChangeBatch keys, ReadTableFile(table, entry->data_file, schema));
      const int64_t sequence = entry->sequence_number.value_or(0);
      for (uint32_t image = 0; image < keys.image_count(); ++image) {
        Reducer::EncodeKey(*schema, keys, image, &key);
        int64_t& highest = deleted[key];
        highest = std::max(highest, sequence);
      }
    }
    std::vector<uint32_t> live;
    for (const iceberg::ManifestEntry* entry : files.data) {
      CDC_ASSIGN_OR_RETURN(model::ChangeBatch rows, ReadTableFile(table, entry->data_file, schema));
      const int64_t sequence = entry->sequence_number.value_or(0);
      live.clear();
      for (uint32_t image = 0; image < rows.image_count(); ++image) {
        if (!deleted.empty()) {
          Reducer::EncodeKey(*schema, rows, image, &key);
          auto it = deleted.find(key);
          if (it != deleted.end() && it->second > sequence) continue;  // an equality delete applies
        }
        live.push_back(image);
      }
      CDC_RETURN_IF_ERROR(sink(rows, live));
    }
    return Status::OK();
  }

  Status ScanTable(const std::string& folder, const model::TableSchemaPtr& schema, const LiveRowSink& sink) {
    CDC_ASSIGN_OR_RETURN(iceberg::Table table, iceberg::Table::Load(warehouse, folder));
    CDC_ASSIGN_OR_RETURN(LiveFiles files, LiveFilesOf(table, folder));
    return ScanLive(table, files, schema, sink);
  }

  Result<CompactStats> Compact(const std::string& folder) {
    CompactStats stats;
    CDC_RETURN_IF_ERROR(history.Refresh());
    CDC_ASSIGN_OR_RETURN(iceberg::Table table, iceberg::Table::Load(warehouse, folder));
    CDC_ASSIGN_OR_RETURN(LiveFiles files, LiveFilesOf(table, folder));
    if (files.deletes.empty()) return stats;
    const auto& properties = table.metadata().properties;
    auto source = properties.find(std::string(kSourceTableProperty));
    if (source == properties.end()) {
      return Status::NotSupported("table " + folder, "was not made by the merge (no " +
                                                         std::string(kSourceTableProperty) + " property)");
    }
    // The table holds the rows of the source's definition at the last change merged (a later ALTER or DROP
    // waits for the next change of the table).
    CDC_ASSIGN_OR_RETURN(Ledger ledger, LedgerOf(std::optional<iceberg::Table>(table)));
    CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr schema,
                         history.SchemaAt(source->second, has_seqs() && ledger.last_seq != 0 ? ledger.last_seq : UINT64_MAX));
    CDC_ASSIGN_OR_RETURN(iceberg::Schema wanted, iceberg::SchemaFromTable(*schema));
    const iceberg::Schema& current = *table.metadata().CurrentSchema();
    if (!SameColumns(current, wanted)) {
      return Status::NotSupported("table " + folder, "the source's columns changed since the table was written");
    }
    CDC_RETURN_IF_ERROR(EnsureSpool());
    // The kept rows go to data files of at most max_batch_changes rows each (like the merge's), so that the
    // next compaction also reads one bounded file at a time.
    iceberg::CommitRequest request;
    std::optional<iceberg::ParquetFileWriter> writer;
    std::unique_ptr<LocalFile> local;
    std::string name;
    uint64_t rows_in_file = 0;
    auto finish = [&]() -> Status {
      if (!writer) return Status::OK();
      CDC_ASSIGN_OR_RETURN(iceberg::DataFile compacted, writer->Finish());
      writer.reset();
      if (compacted.record_count > 0) {
        CDC_RETURN_IF_ERROR(warehouse->PutFile(table.DataFileKey(name), local->path()).status());
        compacted.file_path = table.DataFileUri(name);
        request.added_data_files.push_back(std::move(compacted));
      }
      local.reset();
      rows_in_file = 0;
      return Status::OK();
    };
    model::ChangeBatch kept(schema);
    auto flush = [&]() -> Status {
      if (kept.empty()) return Status::OK();
      if (!writer) {
        name = iceberg::NewUuid() + "-compacted.parquet";
        local = std::make_unique<LocalFile>(options.spool_dir + "/" + name);
        CDC_ASSIGN_OR_RETURN(writer,
                             iceberg::ParquetFileWriter::OpenDataFile(local->path(), schema, current, options.parquet));
      }
      CDC_RETURN_IF_ERROR(writer->Append(kept, 0, kept.size()));
      rows_in_file += kept.size();
      stats.rows_written += kept.size();
      kept.Clear();
      kept.AddOrigin({});
      if (rows_in_file >= options.max_batch_changes) CDC_RETURN_IF_ERROR(finish());
      return Status::OK();
    };
    kept.AddOrigin({});
    auto keep_live = [&](const model::ChangeBatch& rows, const std::vector<uint32_t>& live) -> Status {
      stats.rows_read += rows.image_count();
      for (uint32_t image : live) {
        model::RowChange change;
        change.after = kept.AppendImageFrom(rows, image);
        kept.AddChange(change);
        if (rows_in_file + kept.size() >= options.max_batch_changes) CDC_RETURN_IF_ERROR(flush());
      }
      return flush();
    };
    CDC_RETURN_IF_ERROR(ScanLive(table, files, schema, keep_live));
    CDC_RETURN_IF_ERROR(finish());
    for (const auto* entry : files.data) request.removed_files.push_back(entry->data_file.file_path);
    for (const auto* entry : files.deletes) request.removed_files.push_back(entry->data_file.file_path);
    request.operation = "replace";
    request.summary = ledger.ToSummary();
    CDC_RETURN_IF_ERROR(table.Commit(request).status());
    stats.data_files_removed = files.data.size();
    stats.delete_files_removed = files.deletes.size();
    stats.committed = true;
    LogInfo(LogComponent::kMerge, "compacted",
            {{"table", folder},
             {"data_files", std::to_string(files.data.size())},
             {"delete_files", std::to_string(files.deletes.size())},
             {"rows_read", std::to_string(stats.rows_read)},
             {"rows_written", std::to_string(stats.rows_written)}});
    return stats;
  }

  store::ObjectStore* lake;
  store::ObjectStore* warehouse;
  MergeOptions options;
  SchemaHistory history;
  uint64_t resets_checked_through_ = 0;  // ApplyTrailingResets looked at the resets up to this seq
};

Merger::Merger(store::ObjectStore* lake, store::ObjectStore* warehouse, MergeOptions options)
    : impl_(std::make_unique<Impl>(lake, warehouse, std::move(options))) {}
Merger::~Merger() = default;

Result<MergeStats> Merger::MergeTable(const std::string& table_folder, const std::vector<PendingFile>& files) {
  return impl_->MergeTable(table_folder, files);
}

Result<CompactStats> Merger::Compact(const std::string& table_folder) { return impl_->Compact(table_folder); }

Status Merger::ScanTable(const std::string& table_folder, const model::TableSchemaPtr& schema,
                         const LiveRowSink& sink) {
  return impl_->ScanTable(table_folder, schema, sink);
}

Result<Ledger> Merger::ReadLedger(const std::string& table_folder) {
  CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, impl_->LoadTable(table_folder));
  return Impl::LedgerOf(table);
}

Result<MergeStats> Merger::MergeAll() {
  uint64_t latest = 0;
  CDC_ASSIGN_OR_RETURN(auto pending,
                       FindPendingFiles(*impl_->lake, *impl_->warehouse, impl_->options.format, {}, &latest));
  MergeStats total;
  for (const auto& [folder, files] : pending) {
    CDC_ASSIGN_OR_RETURN(MergeStats stats, MergeTable(folder, files));
    total += stats;
  }
  CDC_ASSIGN_OR_RETURN(MergeStats reset, impl_->ApplyTrailingResets());
  total += reset;
  if (latest != 0 && total.files_left == 0) {
    nlohmann::json progress = {{"checkpoint", latest}};
    CDC_RETURN_IF_ERROR(impl_->warehouse->Put(kMergeProgressKey, progress.dump() + "\n").status());
  }
  return total;
}

Result<MergeStats> Merger::MergePending(const std::string& table_folder) {
  CDC_ASSIGN_OR_RETURN(auto pending,
                       FindPendingFiles(*impl_->lake, *impl_->warehouse, impl_->options.format, table_folder));
  MergeStats total;
  if (auto files = pending.find(table_folder); files != pending.end()) {
    CDC_ASSIGN_OR_RETURN(total, MergeTable(table_folder, files->second));
  }
  CDC_ASSIGN_OR_RETURN(MergeStats reset, impl_->ApplyTrailingResets());
  total += reset;
  return total;
}

Result<std::map<std::string, std::string>> ListMergedTables(store::ObjectStore& warehouse) {
  // A skip scan: one key per table folder, then past every key of that folder ("\U0010FFFF", UTF-8's
  // largest character, sorts after any key's next byte), so that data files are never listed.
  std::map<std::string, std::string> tables;
  std::string start_after;
  while (true) {
    store::ListOptions options;
    options.start_after = start_after;
    options.max_keys = 1;
    CDC_ASSIGN_OR_RETURN(store::ListPage page, warehouse.List(options));
    if (page.objects.empty()) return tables;
    const std::string& key = page.objects.front().key;
    const size_t first = key.find('/');
    const size_t second = first == std::string::npos ? std::string::npos : key.find('/', first + 1);
    if (second == std::string::npos) {  // a key outside any table folder
      start_after = key;
      continue;
    }
    std::string folder = key.substr(0, second);
    start_after = folder + "/\U0010FFFF";
    if (key.starts_with(lake::kLakefeedPrefix)) continue;
    CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, LoadOptionalTable(&warehouse, folder));
    if (!table) continue;
    auto property = table->metadata().properties.find(std::string(kSourceTableProperty));
    if (property != table->metadata().properties.end()) tables.emplace(std::move(folder), property->second);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Pending files

namespace {

// The change files of a lake (or of one of its table folders: `prefix` "<folder>/"), by table folder.
Result<std::map<std::string, std::vector<std::string>>> ListChangeFiles(store::ObjectStore& lake,
                                                                        const std::string& prefix) {
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(lake, prefix));
  std::map<std::string, std::vector<std::string>> listed;
  for (const store::ObjectInfo& object : objects) {
    if (object.key.starts_with(lake::kLakefeedPrefix) || !ParseChangeFileName(object.key)) continue;
    Result<std::string> folder = lake::TableFolderOfKey(object.key);
    if (folder.ok()) listed[*folder].push_back(object.key);
  }
  return listed;
}

}  // namespace

Result<std::map<std::string, std::vector<PendingFile>>> FindPendingFiles(store::ObjectStore& lake,
                                                                         store::ObjectStore& warehouse,
                                                                         const ChangeFileFormat& format,
                                                                         std::string_view only_folder,
                                                                         uint64_t* latest_checkpoint) {
  const bool has_seqs = format.output.ordering_columns;
  // How far every table is merged, by MergeAll's record (a hint: unreadable means none).
  uint64_t progress = 0;
  if (Result<std::string> text = warehouse.Get(kMergeProgressKey); text.ok()) {
    const nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
    if (parsed.is_object() && parsed.contains("checkpoint") && parsed["checkpoint"].is_number_unsigned()) {
      progress = parsed["checkpoint"].get<uint64_t>();
    } else {
      LogWarn(LogComponent::kMerge, "merge progress unreadable, ignored",
              {{"key", std::string(kMergeProgressKey)}});
    }
  } else if (!text.status().IsNotFound()) {
    return text.status();
  }
  // The checkpoints still in the lake, oldest first, and the files they committed per table folder; the
  // earliest one's record of what the checkpoints before it (pruned or not) committed.
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> checkpoint_objects, store::ListAll(lake, lake::kCheckpointPrefix));
  std::map<std::string, std::vector<PendingFile>> committed;
  uint64_t earliest = 0;
  std::optional<std::map<std::string, uint64_t>> earlier_last_seqs;
  for (const store::ObjectInfo& object : checkpoint_objects) {
    std::optional<uint64_t> number = lake::ParseCheckpointKey(object.key);
    if (!number) continue;
    Result<std::string> json = lake.Get(object.key);
    if (json.status().IsNotFound()) continue;  // pruned meanwhile
    if (!json.ok()) return json.status();
    CDC_ASSIGN_OR_RETURN(lake::Checkpoint checkpoint, lake::DecodeCheckpoint(*json, object.key));
    if (earliest == 0) {
      earliest = *number;
      earlier_last_seqs = std::move(checkpoint.earlier_last_seqs);
    }
    if (latest_checkpoint != nullptr) *latest_checkpoint = *number;
    for (const lake::CommittedFile& file : checkpoint.files) {
      Result<std::string> folder = lake::TableFolderOfKey(file.key);
      if (!folder.ok() || (!only_folder.empty() && *folder != only_folder)) continue;
      committed[*folder].push_back({file.key, file.table, file.first_seq, file.last_seq, *number});
    }
  }
  // The table folders to look at: the one asked for; every folder the checkpoints know of, when the earliest
  // one records the folders of those before it; otherwise every folder of a listing of the lake (DMS lakes,
  // lakes older than that record).
  const bool checkpoints_know_folders = has_seqs && earliest != 0 && earlier_last_seqs.has_value();
  std::optional<std::map<std::string, std::vector<std::string>>> lake_listing;
  std::set<std::string> folders;
  if (!only_folder.empty()) {
    folders.emplace(only_folder);
  } else if (checkpoints_know_folders) {
    for (const auto& [folder, seq] : *earlier_last_seqs) folders.insert(folder);
    for (const auto& [folder, files] : committed) folders.insert(folder);
  } else {
    CDC_ASSIGN_OR_RETURN(lake_listing, ListChangeFiles(lake, ""));
    for (const auto& [folder, keys] : *lake_listing) folders.insert(folder);
  }
  std::map<std::string, std::vector<PendingFile>> pending;
  for (const std::string& folder : folders) {
    CDC_ASSIGN_OR_RETURN(std::optional<iceberg::Table> table, LoadOptionalTable(&warehouse, folder));
    Ledger ledger;
    if (table && table->metadata().CurrentSnapshot() != nullptr) {
      CDC_ASSIGN_OR_RETURN(ledger, Ledger::FromSummary(table->metadata().CurrentSnapshot()->summary));
    }
    std::vector<PendingFile> files;
    // The files still to merge are in checkpoint `start` and later: the ledger's (files after its last one
    // may be left), or the one after the progress record. The kept checkpoints name them all when they reach
    // back to `start`, or when the ledger has every change the checkpoints before them committed to the
    // folder (a table quiet for longer than the lake keeps checkpoints, a full load of many chunks).
    const uint64_t start = std::max<uint64_t>(ledger.checkpoint, progress + 1);
    bool from_checkpoints = false;
    if (has_seqs && earliest != 0) {
      if (earliest <= start) {
        from_checkpoints = true;
      } else if (earlier_last_seqs) {
        auto earlier = earlier_last_seqs->find(folder);
        from_checkpoints = earlier == earlier_last_seqs->end() || earlier->second <= ledger.last_seq;
      }
    }
    if (from_checkpoints) {
      for (PendingFile& file : committed[folder]) {
        if (file.checkpoint < start || Covered(ledger, file, has_seqs)) continue;
        files.push_back(std::move(file));
      }
    } else {
      std::vector<std::string> keys;
      if (lake_listing) {
        keys = std::move((*lake_listing)[folder]);
      } else {
        CDC_ASSIGN_OR_RETURN(auto listed, ListChangeFiles(lake, folder + "/"));
        keys = std::move(listed[folder]);
      }
      std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) { return FileBefore(a, b); });
      std::string source = folder;
      std::replace(source.begin(), source.end(), '/', '.');
      if (table) {
        auto property = table->metadata().properties.find(std::string(kSourceTableProperty));
        if (property != table->metadata().properties.end()) source = property->second;
      }
      // lakefeed names a table folder's CDC files in commit order, and merges them in that order: those named
      // before the ledger's last one are in. (LOAD files of a reload are read again; their seqs filter them.)
      const std::optional<ChangeFileName> last = ParseChangeFileName(ledger.last_file);
      const bool names_in_order = has_seqs && last.has_value() && !last->load;
      for (const std::string& key : keys) {
        PendingFile file{key, source, 0, 0, 0};
        if (Covered(ledger, file, has_seqs)) continue;
        if (names_in_order && !ParseChangeFileName(key)->load && FileBefore(key, ledger.last_file)) continue;
        files.push_back(std::move(file));
      }
    }
    if (!files.empty()) pending.emplace(folder, std::move(files));
  }
  return pending;
}

}  // namespace cdc::merge
