#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/change_batch.h"
#include "model/table_schema.h"
#include "snapshot/chunk_key.h"

namespace cdc::mysql {
class Connection;
class RowCursor;
}  // namespace cdc::mysql

// Reading the source's tables for the full load (docs/full-load.md).
namespace cdc::snapshot {

class RowReader;

// Where a consistent read of the source sits in its binary log: the read sees exactly the
// transactions that start before (file, offset).
struct SnapshotPoint {
  std::string file;
  uint64_t offset = 0;
  std::string gtid;  // the GTID state there ("" when the server runs without GTIDs)
};

// Opens a consistent read on `connection` (REPEATABLE READ, START TRANSACTION WITH CONSISTENT
// SNAPSHOT, READ ONLY: no lock is taken) and returns where it sits. MariaDB reports that place
// with the read view itself (binlog_snapshot_file / binlog_snapshot_position), so the read is
// exact at it. NotSupported on MySQL, which reports no such place (it takes the watermark
// method, ChunkReconciler); NotFound when the binary log is off; the connection's errors.
Result<SnapshotPoint> BeginConsistentRead(mysql::Connection& connection);

// The unique keys of `schema`.`table` other than the primary key, each as column indexes into
// `columns` (names in ordinal order), in key order; from information_schema.STATISTICS.
Result<std::vector<std::vector<uint32_t>>> ReadUniqueKeys(mysql::Connection& connection, std::string_view schema,
                                                          std::string_view table,
                                                          const std::vector<std::string>& columns);

struct TableReadOptions {
  uint32_t initial_chunk_rows = 4096;
  uint32_t min_chunk_rows = 1024;
  uint32_t max_chunk_rows = 200000;
  uint32_t target_chunk_ms = 1000;               // chunk sizes adapt to take about this long
  uint64_t max_chunk_bytes = uint64_t{64} << 20;  // ... and to stay below this many bytes of rows
  uint32_t batch_rows = 8192;                     // rows per hand-over to the consumer, at most
  uint64_t batch_bytes = uint64_t{8} << 20;       // ... and bytes of rows (a batch holds one row at least)
};

// Rows handed from the reading thread to the consumer: inserts whose origin is the snapshot point.
struct RowBatch {
  explicit RowBatch(model::TableSchemaPtr schema) : rows(std::move(schema)) {}
  model::ChangeBatch rows;
  // The place the rows are exact at: the consistent read's, or with the watermark method the high
  // watermark of their chunk (each chunk has its own).
  SnapshotPoint point;
  // The last batch of a chunk (it may be empty): what came so far is a whole number of chunks.
  bool ends_chunk = false;
  // For a keyed table: how far the rows handed over so far cover the key range -- the key of the
  // last row (of this batch, or before it when empty); at a chunk's end with the watermark method,
  // the chunk's upper bound (its last row read, which the window may have deleted, or the range's end).
  std::optional<ChunkKey> last_key;
};

// The watermark method (docs/full-load.md), for a server whose consistent read reports no binlog
// place: each chunk is read between a low and a high watermark, and the rows handed over are the
// chunk's rows reconciled with the changes committed between the two, exact at the high one. One
// per reader, called on its reading thread only, in the order BeginChunk, Keep..., EndChunk,
// Replay.
class ChunkReconciler {
 public:
  virtual ~ChunkReconciler() = default;
  // Before a chunk's SELECT: takes its low watermark, a place every transaction before which the
  // SELECT sees (it may wait for that; Cancelled when `stopping` turns true meanwhile), and forgets
  // the previous chunk.
  virtual Status BeginChunk(const std::function<bool()>& stopping) = 0;
  // Keeps rows of the chunk, in key order, as they are read (`rows` is reused after the call).
  virtual Status Keep(const model::ChangeBatch& rows) = 0;
  // After the SELECT: takes the high watermark and reads the changes committed between the two
  // watermarks to rows whose key is after `after` and at most `through` (nullopt: no bound; both
  // nullopt for a table read whole). Returns the high watermark. Conflict when the chunk must be
  // read again: a table without a key changed meanwhile.
  virtual Result<SnapshotPoint> EndChunk(const std::optional<ChunkKey>& after,
                                         const std::optional<ChunkKey>& through) = 0;
  // Hands the reconciled rows over in batches of at most `batch_rows` inserts and about
  // `batch_bytes` bytes (one row at least), to `emit`, which may swap the batch's contents away (in
  // key order for an orderable key; every batch has the high watermark as its only origin).
  virtual Status Replay(uint32_t batch_rows, uint64_t batch_bytes,
                        const std::function<Status(model::ChangeBatch&)>& emit) = 0;
};

// Reads one table in chunks within the consistent read that BeginConsistentRead opened on the
// connection, so every chunk is exact at that read's SnapshotPoint. With a chunking key, each
// chunk is "SELECT ... WHERE <key after the last one> ORDER BY <key> LIMIT n" (keyset chunks in
// the server's own order, so string keys follow their collation); the last chunk is open-ended.
// Without one, a single SELECT is cut into chunks of n rows. Given a ChunkReconciler instead, each
// chunk is read between watermarks and handed over once reconciled; a table whose key lakefeed
// cannot order (or that has none) is then read whole, as one chunk.
//
// A thread of the reader's own runs the SELECTs and parses the rows while the consumer writes the
// previous ones: rows come in batches of up to batch_rows rows and batch_bytes bytes (or one row),
// at most 8 batches exist at a time (memory stays bounded), and the connection belongs to that
// thread.
//
// Not thread-safe: one consumer calls Next. Destroying the reader stops its thread (draining the
// statement in flight).
class TableReader {
 public:
  // `after`: read the rows after this key (a keyed table only); nullopt: from the first row.
  // `through`: up to and with this key (a keyed table only); nullopt: to the last row.
  // `on_ready` (optional) is called from the reading thread whenever a batch or the end (or an
  // error) becomes available, so that a consumer of several readers can wait for any of them.
  // `reconciler`: the watermark method (nullptr: a consistent read opened at `point`).
  TableReader(std::unique_ptr<mysql::Connection> connection, model::TableSchemaPtr schema, ChunkingKey key,
              std::optional<ChunkKey> after, std::optional<ChunkKey> through, SnapshotPoint point,
              TableReadOptions options, std::function<void()> on_ready = {},
              std::unique_ptr<ChunkReconciler> reconciler = nullptr);
  ~TableReader();
  TableReader(const TableReader&) = delete;
  TableReader& operator=(const TableReader&) = delete;

  // Takes the next batch without waiting: false when nothing is available yet; true with *batch the
  // next batch (valid until the next call), or nullptr once the range is exhausted. The reading
  // thread's error otherwise: the connection's (a lost connection is Unavailable: the read must
  // start again in a new consistent read), Corruption for a value that does not parse. The
  // `on_ready` callback says when to poll again.
  Result<bool> Poll(const RowBatch** batch);

 private:
  class Worker;
  std::unique_ptr<Worker> worker_;
};

}  // namespace cdc::snapshot
