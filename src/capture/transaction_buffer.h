#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/change_batch.h"
#include "model/source_position.h"
#include "model/table_schema.h"

namespace cdc::capture {

// Reusable ChangeBatches for replaying transactions, one per table schema, so that a replay fills
// batches that already have their capacity (no allocation per value). Holds at most `capacity`
// schemas; the least recently used one is reset for a new schema.
//
// Not thread-safe.
class BatchPool {
 public:
  explicit BatchPool(size_t capacity = 32) : capacity_(capacity) {}
  // An empty batch for `schema` (same pointer = same schema). Valid until the next Get.
  model::ChangeBatch* Get(const model::TableSchemaPtr& schema);

 private:
  struct Entry {
    model::TableSchemaPtr schema;
    std::unique_ptr<model::ChangeBatch> batch;
    uint64_t last_use = 0;
  };
  size_t capacity_;
  uint64_t clock_ = 0;
  std::vector<Entry> entries_;
};

// Receives a replayed transaction (TransactionBuffer::Replay), in stream order.
class ReplayTarget {
 public:
  virtual ~ReplayTarget() = default;
  // Changes of one table; `rows` is reused after the call.
  virtual Status OnRows(const model::ChangeBatch& rows) = 0;
  virtual Status OnDdl(std::string_view database, std::string_view sql, const model::SourcePosition& position) = 0;
};

// The row changes and in-transaction DDL statements of one transaction, kept until its commit in a
// compact binary form: in memory up to `memory_limit_bytes`, then appended to a spill file in
// `spill_dir`. Small transactions never touch the disk. The spill file is created unlinked
// (O_TMPFILE, or mkstemp + unlink), so nothing is left behind by a crash; Clear() truncates it.
//
// Record layout (host byte order; the bytes never leave the process):
//   record      := size u64 (whole record), kind u32 (1 rows, 2 ddl), table u32, image_count u32,
//                  change_count u32, origin_count u32, column_count u32, body
//   rows body   := origin{origin_count} RowChange{change_count} column{table's column count}
//   origin      := offset u64, end_log_pos u64, timestamp u32, file_len u32, gtid_len u32, file, gtid
//   column      := state u8{image_count} slot u64{image_count} [blob_len u64 blob]  (blob: bytes
//                  kinds only; slot i is then the end offset of cell i in the blob, as in
//                  model::ColumnVector)
//   ddl body    := offset u64, file_len u32, gtid_len u32, database_len u32, sql_len u32, file, gtid,
//                  database, sql
// A rows record is one rows event (one ChangeBatch handed over by the decoder). Its table is an
// index into the transaction's table list (TableSchemaPtr, kept alive here). Primary-key updates
// are stored already split into a D (before image) and an I (after image).
//
// Not thread-safe.
class TransactionBuffer {
 public:
  TransactionBuffer(uint64_t memory_limit_bytes, std::string spill_dir);
  ~TransactionBuffer();
  TransactionBuffer(const TransactionBuffer&) = delete;
  TransactionBuffer& operator=(const TransactionBuffer&) = delete;

  // Appends the changes of `rows`. An UPDATE whose before and after images differ in a primary-key
  // column (TableSchema::primary_key; none known = never) is stored as a D of the before image and
  // an I of the after image. IOError when spilling fails.
  Status AppendRows(const model::ChangeBatch& rows);
  // Appends a DDL statement that sits inside the transaction (e.g. CREATE TABLE ... SELECT).
  Status AppendDdl(std::string_view database, std::string_view sql, const model::SourcePosition& position);

  // A point to go back to: what was appended up to now (SAVEPOINT).
  struct Mark {
    uint64_t bytes = 0;  // spilled + in memory
    uint64_t records = 0;
    uint64_t changes = 0;
    uint64_t ddls = 0;
  };
  Mark GetMark() const { return Mark{disk_bytes_ + size_, record_count_, change_count_, ddl_count_}; }
  // Forgets everything appended after `mark` (ROLLBACK TO SAVEPOINT), in memory or in the spill file.
  // IOError if the spill file cannot be truncated.
  Status RollbackTo(const Mark& mark);

  // Writes everything held in memory to the spill file and frees that memory (for a transaction
  // that waits, e.g. an XA-prepared one). IOError on a write failure.
  Status Spill();

  // Replays everything appended, in order: row changes as ChangeBatches of at most `batch_rows`
  // changes of one table (a batch never mixes tables or crosses a DDL statement), DDL statements
  // as they came. Returns the first error of `target`, IOError when the spill file cannot be read,
  // Corruption if it reads back short. Does not clear the buffer.
  Status Replay(uint32_t batch_rows, BatchPool* pool, ReplayTarget* target);

  // Forgets the contents; keeps the memory buffer and the spill file (truncated) for reuse.
  // IOError if the spill file cannot be truncated.
  Status Clear();

  // Row changes stored (a split primary-key update counts twice) and DDL statements.
  uint64_t change_count() const { return change_count_; }
  uint64_t ddl_count() const { return ddl_count_; }
  bool empty() const { return record_count_ == 0; }
  // Bytes held in memory / written to the spill file.
  uint64_t memory_bytes() const { return size_; }
  uint64_t disk_bytes() const { return disk_bytes_; }

 private:
  struct ColumnView;

  // Makes room for `bytes` more at the end of the memory buffer, spilling first when the limit
  // would be passed; returns where to write them.
  Result<uint8_t*> Reserve(size_t bytes);
  uint32_t TableIndex(const model::TableSchemaPtr& schema);
  Status OpenSpillFile();
  // Where spill files go ("." when spill_dir_ is empty).
  std::string SpillDir() const;
  Status ReplayRecord(const uint8_t* record, size_t size, uint32_t batch_rows, BatchPool* pool,
                      ReplayTarget* target);
  Status FlushBatch(ReplayTarget* target);
  void FreeMemory();

  uint64_t memory_limit_;
  std::string spill_dir_;

  // The memory part: records not yet spilled (malloc'd, so growing it does not zero bytes).
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;

  int fd_ = -1;
  uint64_t disk_bytes_ = 0;

  std::vector<model::TableSchemaPtr> tables_;
  uint32_t last_table_ = UINT32_MAX;
  uint64_t record_count_ = 0;
  uint64_t change_count_ = 0;
  uint64_t ddl_count_ = 0;
  std::vector<uint8_t> split_;  // per change of the batch being appended: 1 = primary-key update split

  // Replay state.
  model::ChangeBatch* batch_ = nullptr;  // the batch being filled (from the pool)
  uint32_t batch_table_ = UINT32_MAX;
  std::vector<ColumnView> columns_;
  std::vector<const uint8_t*> origin_at_;  // where each origin of the record being replayed starts
  std::vector<uint32_t> origin_map_;        // record origin -> batch origin, UINT32_MAX = not added yet
  std::vector<uint8_t> read_buffer_;
};

}  // namespace cdc::capture
