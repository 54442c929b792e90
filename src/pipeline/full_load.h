#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "metrics/registry.h"
#include "base/status.h"
#include "model/change_batch.h"
#include "model/source_position.h"
#include "pipeline/task_config.h"

namespace cdc::capture {
class SchemaTracker;
class TableRules;
}  // namespace cdc::capture
namespace cdc::lake {
class LakeWriter;
}

namespace cdc::pipeline {

// One table's full-load progress, as a checkpoint holds it (for `lakefeed status`).
struct TableLoadProgress {
  std::string table;  // "schema.table"
  std::string phase;  // pending | loading | done
  uint64_t rows = 0;
  uint64_t estimated_rows = 0;  // information_schema.TABLES.TABLE_ROWS when the load began
  int64_t started_ms = 0;       // 0: not started
  int64_t finished_ms = 0;      // 0: not finished
};

// The progress of every table of a checkpoint's full-load state (lake::Checkpoint::full_load; empty
// text: none). Corruption naming the field when it cannot be read.
Result<std::vector<TableLoadProgress>> ReadFullLoadProgress(std::string_view json);

// The full load of a task (docs/full-load.md): every selected table copied into LOAD%08X files,
// then a filter that keeps the change stream from repeating what the load already holds, and table
// reloads while the task streams.
//
// Each table is read in keyset chunks inside a consistent read of the source whose binlog place
// P is exact (MariaDB's consistent snapshot), or, on MySQL (full_load.method), each chunk between
// two watermarks and reconciled with the binlog between them, exact at the high one
// (pipeline/watermarks.h); the rows are appended as full-load files with seqs
// below every change that follows, and each chunk is committed on its own. The change stream
// then starts at the place of a consistent read taken before the first table, and a change to a
// loaded row is dropped when its transaction committed at or before the P of the read that loaded
// that row's key range. A big table with an integer primary key is read in several key ranges at
// once (full_load.readers), each in a consistent read of its own.
// After a restart the load resumes after the last committed chunk, in a new consistent read (a
// new key range with its own P). A table whose primary key lakefeed cannot order itself (a
// non-binary collation, UUID), or that has only a unique key or no key, is read in one consistent
// read and committed once, at its end; it restarts from its first row after a crash.
//
// The progress lives in every checkpoint (lake::Checkpoint::full_load), so a restart on any
// machine knows what is loaded and how to filter. Not thread-safe.
class FullLoad {
 public:
  // What the load needs from its task. All must outlive the FullLoad.
  struct Environment {
    const TaskConfig* config = nullptr;
    lake::LakeWriter* lake = nullptr;
    const capture::TableRules* rules = nullptr;
    capture::SchemaTracker* tracker = nullptr;
    // Commits what the lake holds, at the task's current position and next seq.
    std::function<Status()> commit;
    // Where the load's metrics go (rows read per table, each table's progress); null: none.
    metrics::Registry* metrics = nullptr;
  };

  explicit FullLoad(Environment environment);
  ~FullLoad();
  FullLoad(const FullLoad&) = delete;
  FullLoad& operator=(const FullLoad&) = delete;

  // The progress stored in the last checkpoint ("" when none). Corruption naming the field when
  // it cannot be read.
  Status Restore(std::string_view json);

  // Whether a load has started (a restored state, or Run began one).
  bool started() const;
  // Whether every table of the load is loaded.
  bool finished() const;

  // Loads every selected table that is not loaded yet, resuming a partly loaded one. Full-load rows
  // take seqs from *next_seq on; *stream_start becomes the place the change stream must start
  // from (the earliest consistent read's). Calls the commit callback after chunks and at the end
  // of each table, after storing the progress in the lake. Returns early, with what is complete
  // committed, when `stop` is set. The source's errors; Unavailable when the connection was lost
  // after retries.
  Status Run(uint64_t* next_seq, model::ResumePoint* stream_start, const std::atomic<bool>* stop);

  // Loads `schema`.`table` again while the task streams (DMS reload-target; `lakefeed reload`), at a
  // transaction boundary `at` of the stream: a "reload" schema record (its rows so far are replaced),
  // then its rows, then the stream goes on with the table filtered up to the new read's place, as
  // after a full load. A task without a full load gets one holding just this table. Errors as Run.
  Status Reload(std::string_view schema, std::string_view table, uint64_t* next_seq, const model::ResumePoint& at,
                const std::atomic<bool>* stop);

  // The place where the change stream must start: the earliest point of the load's consistent
  // reads. Empty before any.
  model::ResumePoint stream_start() const;

  // For the change stream: whether a transaction whose commit event ends at `committed`
  // (capture::TransactionInfo::commit_end) may hold changes that the load already has. False once
  // the stream is past every consistent read: no more filtering.
  bool MayOverlap(const model::SourcePosition& committed) const;
  // Whether change `change_idx` of `rows`, of a transaction whose commit event ends at `committed`,
  // is already in the load: the read of its row's key range saw that commit. InvalidArgument when
  // the row's key cannot be read from the change (a key column missing from its images).
  Result<bool> AlreadyLoaded(const model::ChangeBatch& rows, size_t change_idx, const model::SourcePosition& committed);
  // The DDL statement at `position` changed `schema`.`table`: an error when that table's load
  // read it after the statement (the load and the stream would disagree on its columns).
  Status CheckDdl(std::string_view schema, std::string_view table, const model::SourcePosition& position) const;

 private:
  struct Impl;
  friend Result<std::vector<TableLoadProgress>> ReadFullLoadProgress(std::string_view json);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::pipeline
