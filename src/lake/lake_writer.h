#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/change_file_writer.h"
#include "format/parquet/parquet_writer.h"
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
  std::string format = "csv";              // DataFormat: csv | parquet
  format::OutputSettings output;
  format::CsvSettings csv;
  format::ParquetSettings parquet;
  std::string spool_dir;                   // local directory for files being written (created; locked
                                           // while a LakeWriter uses it; Recover empties it)
  // The wall clock in ms since the epoch, for file names, checkpoint times and the batch interval.
  // Empty: the system clock. Tests set a fake one (names must stay unique when it repeats or steps back).
  std::function<int64_t()> now_ms;
};

// DMS table statistics for one source table ("schema.table"), cumulative over the task. The caller
// counts the changes (LakeWriter::stats); the lake stores them with every checkpoint, so after a
// restart they resume from the checkpoint and the replayed changes are counted once.
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
  std::string etag;     // as the staging upload returned it
};

// The S3 ObjectCreated notification of one committed file, queued in process for the triggers.
struct ObjectCreatedEvent {
  CommittedFile file;
  std::string sequencer;  // increases with every event of the task (hex, as S3 sequencers)
  int64_t time_ms = 0;    // when its checkpoint was written
};

// One commit of the lake: the source position after the last transaction it covers and what that
// flush published. Stored as _lakefeed/checkpoints/<number, 20 digits>.json, written with
// PutIfAbsent so that two runs on one target cannot both commit.
struct Checkpoint {
  uint64_t number = 0;
  model::ResumePoint position;
  // With XA transactions held: the stream was emitted through here, past `position` (empty: no).
  model::ResumePoint emitted_through;
  uint64_t next_seq = 1;
  int64_t commit_time_us = 0;  // commit time of the last covered transaction
  int64_t written_ms = 0;      // wall clock when the checkpoint was written
  std::vector<CommittedFile> files;
  std::map<std::string, TableStats> tables;
  // Where `files` were staged before the commit: <staging prefix><file key> (layout.h StagingPrefix).
  std::string staging;
  // Per table folder "<target_schema>/<target_table>": the stem ("yyyymmdd-hhmmssfff") of the last
  // CDC file named there, so that the next name is strictly greater whatever the clock does.
  std::map<std::string, std::string> last_names;
  // Per table folder: the last LOAD%08X counter used (0: none yet).
  std::map<std::string, uint32_t> load_counters;
  // Per table folder: the highest last_seq of the files earlier checkpoints committed there. A reader that
  // has a folder's changes through that seq needs none of the earlier checkpoints, pruned or not (the
  // merge's pending files). nullopt in a checkpoint written by a lakefeed that did not record it.
  std::optional<std::map<std::string, uint64_t>> earlier_last_seqs;
  // The full load's progress (a JSON object, docs/full-load.md), owned by the pipeline and stored
  // unchanged; kept after the load, for the stream's filter and `lakefeed status`; empty when the
  // task has had no full load.
  std::string full_load;
};

// Writes change files into a store with the stage / commit / publish protocol (docs/lake.md):
// files are written to a local spool, uploaded under _lakefeed/staging/<checkpoint number>-<run>/,
// then one checkpoint object names them with the position after them, then they are moved to
// their final keys and their events queued. Recover() finishes an interrupted publish and deletes
// orphans, so a reader listing a table folder never sees a change twice or an uncommitted one.
//
// File names: <schema>/<table>/[date folders/]<yyyymmdd-hhmmssfff>.<ext> (UTC, flush time), made
// strictly increasing per table folder so that names sort in commit order and never collide. Date
// folders come from the commit time of the file's changes; a file never spans two date folders.
// Full-load files are LOAD%08X.<ext> directly in the table folder, rolled at MaxFileSize.
//
// Not thread-safe. The store must outlive the writer. Destroying a writer does no store I/O (as
// after a crash, its pending work is simply lost and replayed after Recover).
class LakeWriter {
 public:
  LakeWriter(store::ObjectStore* store, LakeSettings settings);
  ~LakeWriter();

  // Validates the settings, locks and empties the spool dir, reads the latest checkpoint, redoes its
  // publish (a committed file whose staging copy and final key are both gone is logged and
  // skipped), deletes every staging object (the orphans of an uncommitted flush), deletes schema
  // records with seq >= the checkpoint's next_seq (the replay writes them again), prunes old
  // checkpoints and queues the events of the checkpoint's files again (events are at least once).
  // nullopt when the lake has no checkpoint yet. Must be called once, before anything else.
  // InvalidArgument for bad settings, Conflict when another LakeWriter holds the spool dir,
  // Corruption naming the key of a checkpoint or schema record that cannot be read.
  Result<std::optional<Checkpoint>> Recover();
  // Schema history records (JSON, as capture::SchemaTracker writes them) with seq < `below_seq`, in
  // seq order (records of one seq in the order they were added).
  Result<std::vector<std::string>> ReadSchemaRecords(uint64_t below_seq);

  // Appends changes [begin, end) of `rows` to the pending file of the projection's source table
  // (opened on first use; a new file when the projection -- compared by pointer --, the kind or the
  // date folder changed since). InvalidArgument for a bad range, a projection without schema, or a
  // target schema/table that cannot be a folder (empty, ".", "..", '/', "_lakefeed"); a spool
  // write error stops the writer.
  Status Append(const model::TableProjectionPtr& projection, const model::ChangeBatch& rows, size_t begin,
                size_t end, const format::ChangeContext& context, format::FileKind kind = format::FileKind::kCdc);
  // Closes the pending file of a source table (before a schema change, rename or drop).
  Status CloseTable(const std::string& table);
  // A schema history record to store with the next checkpoint: written as its own object
  // (_lakefeed/schema/) before the checkpoint that covers it. Records come in seq order.
  void AddSchemaRecord(uint64_t seq, std::string record_json);
  // The statistics of a source table ("schema.table"), stored with every checkpoint. The caller
  // counts inserts, updates, deletes, DDLs and full-load rows; Flush sets last_update_ms.
  TableStats& stats(const std::string& table);
  // The full load's progress to store with the next checkpoint and every one after it (a JSON
  // object; empty: none). Recover starts from the last checkpoint's. A change alone is reason
  // enough for the next Flush to write a checkpoint.
  void SetFullLoadState(std::string json);

  // Whether the flush policy says to commit now: CdcMaxBatchInterval elapsed since the first
  // pending change, or a pending file reached CdcMinFileSize.
  // Also true while an earlier Flush failed half-way and waits to be retried.
  bool ShouldFlush(int64_t now_ms) const;
  // Changes, schema records, a new full-load state or a failed flush wait for a Flush.
  bool has_pending() const;
  // Commits everything pending with `position` / `next_seq` as the resume point (the position right
  // after the last appended transaction). Writes a checkpoint even with no files when the position
  // or next_seq moved, every time: rate-limiting position-only checkpoints is the caller's choice.
  // A no-op when nothing is pending and nothing moved.
  //
  // A store error (Unavailable, IOError) leaves the prepared commit in place: the next Flush first
  // finishes it (same files, names and checkpoint) and then commits what came since. Conflict when
  // another run committed the same checkpoint number first; the writer then refuses all further
  // work with that Conflict (restart and Recover). A local error (spool I/O) also stops the writer.
  // `emitted_through`: with XA transactions held (capture::CaptureState), how far transactions were
  // already handed over past `position`; stored so that a restart does not emit them again.
  Status Flush(const model::ResumePoint& position, uint64_t next_seq, int64_t commit_time_us,
               const model::ResumePoint& emitted_through = {});

  // Events of files published since the last call, in commit order.
  std::vector<ObjectCreatedEvent> TakeEvents();
  // Keeps checkpoint `number` and every later one (the triggers replay their events after a restart):
  // Recover and Flush prune only older ones, and still keep the last 10. Default: no limit.
  void RetainCheckpointsFrom(uint64_t number);
  // The last committed checkpoint (number 0 before the first).
  const Checkpoint& last_checkpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads the latest checkpoint of a lake without writing anything (for `lakefeed status`). nullopt
// when there is none; Corruption naming the key when it cannot be parsed.
Result<std::optional<Checkpoint>> ReadLatestCheckpoint(store::ObjectStore& store);

}  // namespace cdc::lake
