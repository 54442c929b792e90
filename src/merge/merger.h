#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "format/parquet/parquet_writer.h"
#include "merge/change_reader.h"
#include "mysql/connection.h"

namespace cdc::store {
class ObjectStore;
}

// The merge of a lake's change files into Apache Iceberg v2 tables (docs/merge.md).
namespace cdc::merge {

// Summary property keys of the processed-file ledger, in every snapshot the merge commits.
inline constexpr std::string_view kLedgerLastFile = "lakefeed.last-file";
inline constexpr std::string_view kLedgerLastSeq = "lakefeed.last-seq";
inline constexpr std::string_view kLedgerCheckpoint = "lakefeed.checkpoint";
inline constexpr std::string_view kLedgerFiles = "lakefeed.files-merged";
inline constexpr std::string_view kLedgerLoadOnly = "lakefeed.load-only";
// Table property: the source table ("schema.table") whose schema history gives the table's columns.
inline constexpr std::string_view kSourceTableProperty = "lakefeed.source-table";
// In the warehouse: {"checkpoint": N} once a merge of every table took all files of the lake's checkpoints up
// to N (MergeAll). A hint that lets an idle table's pending files come from the checkpoints the lake still
// has; without it a table whose ledger's checkpoint was pruned is listed instead.
inline constexpr std::string_view kMergeProgressKey = "_lakefeed/merge/progress.json";

// How far a table has been merged: constant size, kept in the summary of the table's current snapshot,
// so that it moves atomically with the rows it describes.
struct Ledger {
  std::string last_file;    // the last change file merged (a lake key), in merge order
  uint64_t last_seq = 0;    // the highest _lakefeed_seq applied (0: none, or DMS files without seqs)
  uint64_t checkpoint = 0;  // the lake checkpoint that committed last_file (0: unknown)
  uint64_t files = 0;       // change files merged so far
  // Every row of the table came from full-load (LOAD) files, each key once: a further full load's inserts
  // need no equality deletes. True for a new or emptied table; a summary without the key says false.
  bool load_only = true;

  // From a snapshot summary (missing keys: zeros). Corruption for a value that is not a number.
  static Result<Ledger> FromSummary(const std::map<std::string, std::string>& summary);
  std::map<std::string, std::string> ToSummary() const;
};

// A committed change file to merge, as a checkpoint, an event or a listing tells it.
struct PendingFile {
  std::string key;          // lake key, e.g. "shop/orders/20261124-061502123.csv"
  std::string table;        // the source table "schema.table" (for its schema history)
  uint64_t first_seq = 0;   // the seq range of its changes; 0, 0 when unknown (a listing, DMS)
  uint64_t last_seq = 0;
  uint64_t checkpoint = 0;  // the checkpoint that committed it; 0 when unknown
};

struct MergeOptions {
  ChangeFileFormat format;  // what the lake's change files look like (the task's target settings)
  // The source's flavor, for types whose schema differs (MySQL's JSON against MariaDB's LONGTEXT).
  mysql::ServerFlavor flavor = mysql::ServerFlavor::kMariaDb;
  // A commit takes files until their changes reach this many (then one more file ends the batch): the
  // reducer's memory is bounded by the distinct keys of that many changes.
  uint64_t max_batch_changes = 1000000;
  // After a merge commit, compact the table when it has at least this many live delete files (0: never).
  uint32_t compact_delete_files = 32;
  // Snapshots older than this are expired, and the files only they reached deleted (0: never), once half as
  // long again has passed since the oldest (one expiry commit per half retention). The newest `min_snapshots`
  // are always kept.
  int64_t snapshot_retention_ms = 3'600'000;
  uint32_t min_snapshots = 10;
  // Where data and delete files are written before their upload (created). Empty: a directory under
  // the system's temp directory.
  std::string spool_dir;
  // Page codec and sizes of the data and delete files (the Iceberg mapping is always on).
  format::ParquetSettings parquet;
  // CREATE TABLE statements (qualified names, "db.t") giving the columns of tables the lake's schema history
  // does not define: a lake DMS wrote. Applied before the history's records, which win. Columns without a
  // character set are taken as utf8mb4.
  std::vector<std::string> table_ddl;
};

struct MergeStats {
  uint64_t files = 0;          // change files merged (read and committed)
  uint64_t skipped_files = 0;  // files the ledger already covered
  uint64_t changes = 0;        // changes read
  uint64_t upserts = 0;        // rows written to data files
  uint64_t deletes = 0;        // keys whose final change was a delete
  uint64_t commits = 0;
  uint64_t compactions = 0;
  uint64_t snapshots_expired = 0;
  uint64_t files_removed = 0;  // objects of the table that no kept snapshot reached, deleted after an expiry
  uint64_t files_left = 0;     // pending files not merged by this run: a file was not found (committed but not
                               // published yet, or removed), so its table stopped before it

  MergeStats& operator+=(const MergeStats& other);
};

struct CompactStats {
  uint64_t data_files_removed = 0;
  uint64_t delete_files_removed = 0;
  uint64_t rows_read = 0;
  uint64_t rows_written = 0;
  bool committed = false;
};

// Receives the live rows of a table's data file: the file's rows as images, and the indexes of the images that no
// equality delete removes. Both are valid during the call only.
using LiveRowSink = std::function<Status(const model::ChangeBatch& rows, const std::vector<uint32_t>& live_images)>;

// Merges change files of a lake into Iceberg v2 tables in a warehouse: <warehouse>/<schema>/<table>/ for
// the lake's table folder <schema>/<table>/. Per batch of files, one commit adds a Parquet data file with
// the final image of every key the batch upserted and an equality delete file (on the primary key) with
// every key the batch touched, and records the ledger in the snapshot summary; existing data files are
// never read (docs/merge.md).
//
// Not thread-safe; use one Merger per thread. Both stores must outlive it. Other merge processes may
// commit the same table concurrently: every commit is a PutIfAbsent of the next metadata version, and a
// lost race reloads the ledger and goes on from there.
class Merger {
 public:
  Merger(store::ObjectStore* lake, store::ObjectStore* warehouse, MergeOptions options);
  ~Merger();
  Merger(const Merger&) = delete;
  Merger& operator=(const Merger&) = delete;

  // Merges `files` of table folder `table_folder` ("schema/table"), given in commit order, skipping what
  // the table's ledger covers; creates the Iceberg table on first use. Files are taken in batches (one
  // commit each, max_batch_changes); a schema change between files ends a batch. Errors: NotFound when
  // the lake has no schema for the table; NotSupported when the table's columns changed (schema evolution
  // is not done yet); Corruption for a malformed change file (naming it); store errors as they come
  // (Unavailable: run again, the ledger makes that safe).
  Result<MergeStats> MergeTable(const std::string& table_folder, const std::vector<PendingFile>& files);

  // Finds the pending files of every table (FindPendingFiles) and merges them, table by table, then records
  // in the warehouse (kMergeProgressKey) that the lake's checkpoints are merged through the latest one, when
  // every pending file was. Stops at the first error.
  Result<MergeStats> MergeAll();
  // The same for one table folder ("schema/table").
  Result<MergeStats> MergePending(const std::string& table_folder);

  // Rewrites the live data files of a table without the rows its equality deletes remove, and commits
  // them with operation "replace", removing the old data and delete files (the ledger carried over).
  // Cost: the whole table; memory: the keys of the delete files plus one data file. A no-op without
  // delete files. Conflict when another writer committed in between (run it again).
  Result<CompactStats> Compact(const std::string& table_folder);

  // Reads the live rows of the table (what an Iceberg reader sees), one data file at a time, as images of
  // `schema`: columns are found by name in the table's current schema, then by field id in the files;
  // columns the table lacks are NULL. The key of `schema` matches the equality deletes. Memory: the delete
  // files' keys plus one data file. NotFound when the table does not exist; the sink's errors as they come.
  Status ScanTable(const std::string& table_folder, const model::TableSchemaPtr& schema, const LiveRowSink& sink);

  // The table's ledger; an empty one when the table does not exist yet.
  Result<Ledger> ReadLedger(const std::string& table_folder);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The Iceberg tables in `warehouse` that the merge made: table folder ("schema/table") -> the source table
// ("schema.table") of its kSourceTableProperty.
Result<std::map<std::string, std::string>> ListMergedTables(store::ObjectStore& warehouse);

// The files of every table that its ledger in `warehouse` does not cover, in merge order, by table
// folder. From the lake's checkpoints (the files in commit order, with their seqs) when they reach back to
// the ledger's checkpoint, or when the ledger's seq covers what the earliest kept one records of the pruned
// ones (lake::Checkpoint::earlier_last_seqs); otherwise, and for lakes without checkpoints (DMS), by listing
// the table folders: LOAD files first, then by name (change_reader.h FileBefore), leaving out the CDC files
// named before the ledger's last file (lakefeed names them in commit order); lakefeed's per-row seqs still
// keep a replay from changing anything. `only_folder` non-empty: that table folder alone.
// `latest_checkpoint`: the number of the latest checkpoint read (0: none).
Result<std::map<std::string, std::vector<PendingFile>>> FindPendingFiles(store::ObjectStore& lake,
                                                                         store::ObjectStore& warehouse,
                                                                         const ChangeFileFormat& format,
                                                                         std::string_view only_folder = {},
                                                                         uint64_t* latest_checkpoint = nullptr);

}  // namespace cdc::merge
