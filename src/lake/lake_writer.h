#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/change_file_writer.h"
#include "model/change_batch.h"
#include "model/projection.h"
#include "model/source_position.h"
#include "store/object_store.h"

namespace cdc::lake {

// Where and when change files are cut (DMS S3Settings names and defaults).
struct LakeSettings {
  uint32_t cdc_max_batch_interval_s = 60;  // CdcMaxBatchInterval: flush this long after the first pending change
  uint64_t cdc_min_file_size_kb = 32000;   // CdcMinFileSize: ... or once a table's pending file reaches this size
  uint64_t max_file_size_kb = 1048576;     // MaxFileSize: full-load files roll over at this size
  bool date_partition_enabled = false;     // DatePartitionEnabled: <table>/<date folders>/<file>
  std::string date_partition_sequence = "YYYYMMDD";  // YYYYMMDD | YYYYMMDDHH | YYYYMM | MMYYYYDD | DDMMYYYY
  std::string date_partition_delimiter = "SLASH";    // SLASH | DASH | UNDERSCORE | NONE
  std::string format = "csv";              // DataFormat: csv (parquet with the S3/Parquet issue)
  format::OutputSettings output;
  format::CsvSettings csv;
  std::string spool_dir;                   // local directory for files being written (created)
};

// DMS table statistics for one source table ("schema.table"), cumulative over the task.
struct TableStats {
  uint64_t inserts = 0;
  uint64_t updates = 0;
  uint64_t deletes = 0;
  uint64_t ddls = 0;
  uint64_t full_load_rows = 0;
  int64_t last_update_ms = 0;  // wall clock of the last flush that carried a change of the table
};

// A change file made visible by a checkpoint.
struct CommittedFile {
  std::string key;      // final key, e.g. "shop/orders/20261124-061502123.csv"
  std::string table;    // source table "schema.table"
  uint64_t rows = 0;
  uint64_t bytes = 0;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  std::string etag;
};

// The S3 ObjectCreated notification of one committed file, queued in process for the triggers.
struct ObjectCreatedEvent {
  CommittedFile file;
  std::string sequencer;  // increases with every event of the task (hex, as S3 sequencers)
};

// One commit of the lake: the source position after the last transaction it covers and what that
// flush published. Stored as _lakefeed/checkpoints/<number, 20 digits>.json, written with
// PutIfAbsent so that two runs on one target cannot both commit.
struct Checkpoint {
  uint64_t number = 0;
  model::ResumePoint position;
  uint64_t next_seq = 1;
  int64_t commit_time_us = 0;  // commit time of the last covered transaction
  int64_t written_ms = 0;      // wall clock when the checkpoint was written
  std::vector<CommittedFile> files;
  std::map<std::string, TableStats> tables;
};

// Writes change files into a store with the stage / commit / publish protocol (docs/lake.md):
// files are written to a local spool, uploaded under _lakefeed/staging/<checkpoint number>/,
// then one checkpoint object names them with the position after them, then they are moved to
// their final keys and their events queued. Recover() finishes an interrupted publish and deletes
// orphans, so a reader listing a table folder never sees a change twice or an uncommitted one.
//
// File names: <schema>/<table>/[date folders/]<yyyymmdd-hhmmssfff>.<ext> (UTC, flush time), made
// strictly increasing per table folder so that names sort in commit order and never collide;
// full-load files LOAD%08X.<ext>.
//
// Not thread-safe.
class LakeWriter {
 public:
  LakeWriter(store::ObjectStore* store, LakeSettings settings);
  ~LakeWriter();

  // Reads the latest checkpoint, redoes its publish, deletes staging objects no checkpoint names
  // and spool leftovers. nullopt when the lake has no checkpoint yet. Must be called once before
  // anything else.
  Result<std::optional<Checkpoint>> Recover();
  // Schema history records (JSON, as capture::SchemaTracker writes them) with seq < `below_seq`, in
  // seq order.
  Result<std::vector<std::string>> ReadSchemaRecords(uint64_t below_seq);

  // Appends changes [begin, end) of `rows` to the pending file of the projection's target table
  // (opened on first use; a new file when the projection changed since).
  Status Append(const model::TableProjectionPtr& projection, const model::ChangeBatch& rows, size_t begin,
                size_t end, const format::ChangeContext& context, format::FileKind kind = format::FileKind::kCdc);
  // Closes the pending file of a source table (before a schema change, rename or drop).
  Status CloseTable(const std::string& table);
  // A schema history record to store with the next checkpoint.
  void AddSchemaRecord(uint64_t seq, std::string record_json);
  // The statistics of a source table ("schema.table"), stored with every checkpoint.
  TableStats& stats(const std::string& table);

  // Whether the flush policy says to commit now: CdcMaxBatchInterval elapsed since the first
  // pending change, or a pending file reached CdcMinFileSize.
  bool ShouldFlush(int64_t now_ms) const;
  bool has_pending() const;
  // Commits everything pending with `position` / `next_seq` as the resume point (the position right
  // after the last appended transaction). Writes a checkpoint even with no files when the position
  // moved. Conflict when another run committed first.
  Status Flush(const model::ResumePoint& position, uint64_t next_seq, int64_t commit_time_us);

  // Events of files published since the last call, in commit order.
  std::vector<ObjectCreatedEvent> TakeEvents();
  // The last committed checkpoint (number 0 before the first).
  const Checkpoint& last_checkpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads the latest checkpoint of a lake without writing anything (for `lakefeed status`).
Result<std::optional<Checkpoint>> ReadLatestCheckpoint(store::ObjectStore& store);

}  // namespace cdc::lake
