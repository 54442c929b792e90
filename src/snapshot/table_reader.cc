#include "snapshot/table_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include "mysql/connection.h"
#include "snapshot/row_reader.h"

namespace cdc::snapshot {
namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string TableName(const model::TableSchema& schema) {
  return QuoteIdentifier(schema.schema_name) + "." + QuoteIdentifier(schema.table_name);
}

}  // namespace

Result<SnapshotPoint> BeginConsistentRead(mysql::Connection& connection) {
  if (!connection.is_mariadb()) {
    return Status::NotSupported("full load from " + connection.server_version(),
                                "a consistent read with its binlog position needs MariaDB "
                                "(binlog_snapshot_position); use full_load.method auto or watermarks");
  }
  CDC_RETURN_IF_ERROR(connection.Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
  CDC_RETURN_IF_ERROR(connection.Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY"));
  CDC_ASSIGN_OR_RETURN(mysql::QueryResult status, connection.Query("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'"));
  std::map<std::string, std::string> values;
  for (const auto& row : status.rows) {
    if (row.size() >= 2 && row[0] && row[1]) values[*row[0]] = *row[1];
  }
  SnapshotPoint point;
  point.file = values["Binlog_snapshot_file"];
  const std::string& position = values["Binlog_snapshot_position"];
  auto [end, error] = std::from_chars(position.data(), position.data() + position.size(), point.offset);
  if (point.file.empty() || error != std::errc() || end != position.data() + position.size()) {
    return Status::NotFound("consistent read on " + connection.Endpoint(),
                            "the server reports no binlog position for it: is the binary log on (log_bin)?");
  }
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> gtid,
                       connection.QueryValue("SELECT BINLOG_GTID_POS(" + connection.Quote(point.file) + ", " +
                                             std::to_string(point.offset) + ")"));
  point.gtid = gtid.value_or("");
  return point;
}

Result<std::vector<std::vector<uint32_t>>> ReadUniqueKeys(mysql::Connection& connection, std::string_view schema,
                                                          std::string_view table,
                                                          const std::vector<std::string>& columns) {
  CDC_ASSIGN_OR_RETURN(
      mysql::QueryResult result,
      connection.Query("SELECT INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " +
                       connection.Quote(schema) + " AND TABLE_NAME = " + connection.Quote(table) +
                       " AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX"));
  std::vector<std::vector<uint32_t>> keys;
  std::string current;
  bool usable = false;
  for (const auto& row : result.rows) {
    if (row.size() < 2 || !row[0]) continue;
    if (keys.empty() || *row[0] != current) {
      if (!keys.empty() && !usable) keys.pop_back();
      keys.emplace_back();
      current = *row[0];
      usable = true;
    }
    // An expression key part (no column name, or not a column): the columns alone are not unique.
    auto column = row[1] ? std::find(columns.begin(), columns.end(), *row[1]) : columns.end();
    if (column == columns.end()) {
      usable = false;
      continue;
    }
    keys.back().push_back(static_cast<uint32_t>(column - columns.begin()));
  }
  if (!keys.empty() && !usable) keys.pop_back();
  return keys;
}

// The reading thread and the hand-over between it and the consumer.
class TableReader::Worker {
 public:
  static constexpr size_t kBatches = 8;

  Worker(std::unique_ptr<mysql::Connection> connection, model::TableSchemaPtr schema, ChunkingKey key,
         std::optional<ChunkKey> after, std::optional<ChunkKey> through, const SnapshotPoint& point,
         TableReadOptions options, std::function<void()> on_ready, std::unique_ptr<ChunkReconciler> reconciler)
      : on_ready_(std::move(on_ready)),
        connection_(std::move(connection)),
        reconciler_(std::move(reconciler)),
        schema_(std::move(schema)),
        key_(std::move(key)),
        last_key_(std::move(after)),
        through_(std::move(through)),
        options_(options),
        rows_(schema_),
        chunk_rows_(std::clamp(options.initial_chunk_rows, options.min_chunk_rows, options.max_chunk_rows)) {
    point_ = point;
    origin_.position = {point.file, point.offset, point.gtid};
    origin_.end_log_pos = point.offset;
    chunked_ = !key_.columns.empty() && (reconciler_ == nullptr || key_.orderable);
    for (size_t batch_idx = 0; batch_idx < kBatches; ++batch_idx) {
      batches_.push_back(std::make_unique<RowBatch>(schema_));
      free_.push_back(batches_.back().get());
    }
    thread_ = std::thread([this] { Read(); });
  }

  ~Worker() {
    bool reading;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      reading = !finished_;
    }
    changed_.notify_all();
    // A statement still running (e.g. the one SELECT of a keyless table) would otherwise be read to
    // its end by the cursor's cleanup; the connection is discarded anyway.
    if (reading) connection_->Abort();
    thread_.join();
  }

  Result<bool> Poll(const RowBatch** batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (handed_ != nullptr) {
      free_.push_back(handed_);
      handed_ = nullptr;
      changed_.notify_all();
    }
    if (ready_.empty()) {
      if (!finished_) return false;
      if (!error_.ok()) return error_;
      *batch = nullptr;
      return true;
    }
    handed_ = ready_.front();
    ready_.pop_front();
    *batch = handed_;
    return true;
  }

 private:
  // A free batch, cleared; nullptr when the reader is being destroyed.
  RowBatch* TakeFree() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [this] { return !free_.empty() || stopping_; });
    if (stopping_) return nullptr;
    RowBatch* batch = free_.front();
    free_.pop_front();
    batch->rows.Clear();
    batch->rows.AddOrigin(origin_);
    batch->point = point_;
    batch->ends_chunk = false;
    batch->last_key.reset();
    return batch;
  }

  void Hand(RowBatch* batch) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ready_.push_back(batch);
      changed_.notify_all();
    }
    if (on_ready_) on_ready_();
  }

  void Finish(Status status) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      error_ = std::move(status);
      finished_ = true;
      changed_.notify_all();
    }
    if (on_ready_) on_ready_();
  }

  bool stopping() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
  }

  void Read() {
    Status status = reconciler_ != nullptr ? ReadReconciled() : ReadAll();
    Finish(std::move(status));
  }

  std::string ChunkQuery() const {
    std::string sql = "SELECT " + rows_.select_list() + " FROM " + TableName(*schema_);
    if (!chunked_) return sql;
    std::string where;
    if (last_key_.has_value()) where = KeyAfterCondition(*schema_, key_, *last_key_);
    if (through_.has_value()) {
      where += (where.empty() ? "" : " AND ") + KeyAtMostCondition(*schema_, key_, *through_);
    }
    if (!where.empty()) sql += " WHERE " + where;
    sql += " ORDER BY " + KeyColumnList(*schema_, key_) + " LIMIT " + std::to_string(chunk_rows_);
    return sql;
  }

  void AdaptChunkSize(uint64_t rows, uint64_t bytes, int64_t elapsed_ms) {
    if (rows == 0) return;
    uint64_t by_time = rows * uint64_t{options_.target_chunk_ms} / static_cast<uint64_t>(std::max<int64_t>(elapsed_ms, 1));
    uint64_t by_bytes = options_.max_chunk_bytes / std::max<uint64_t>(bytes / rows, 1);
    // At most double per step, so that one fast chunk of a table's small end does not overshoot;
    // the byte cap wins over the minimum (rows of big BLOBs).
    uint64_t next = std::min({std::max<uint64_t>(by_time, options_.min_chunk_rows), by_bytes, uint64_t{chunk_rows_} * 2});
    chunk_rows_ = static_cast<uint32_t>(std::clamp<uint64_t>(next, 1, options_.max_chunk_rows));
  }

  // Runs the chunks to the table's end (or until the reader is destroyed).
  Status ReadAll() {
    const bool keyed = !key_.columns.empty();
    std::unique_ptr<mysql::RowCursor> cursor;
    if (!keyed) {
      CDC_ASSIGN_OR_RETURN(cursor, connection_->OpenCursor(ChunkQuery()));
    }
    while (true) {
      const int64_t started_ms = SteadyMs();
      if (keyed) {
        CDC_ASSIGN_OR_RETURN(cursor, connection_->OpenCursor(ChunkQuery()));
      }
      uint64_t chunk_rows = 0;
      uint64_t chunk_bytes = 0;
      uint64_t batch_bytes = 0;
      bool table_done = false;
      RowBatch* batch = nullptr;
      mysql::TextRow row;
      while (chunk_rows < chunk_rows_) {
        if (batch == nullptr && (batch = TakeFree()) == nullptr) return Status::OK();  // being destroyed
        CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
        if (!more) {
          table_done = true;
          break;
        }
        uint64_t row_bytes = 0;
        for (uint32_t cell_idx = 0; cell_idx < row.count; ++cell_idx) row_bytes += row.lengths[cell_idx];
        chunk_bytes += row_bytes;
        batch_bytes += row_bytes;
        CDC_RETURN_IF_ERROR(rows_.AppendInsert(row, 0, &batch->rows));
        ++chunk_rows;
        bool full = batch->rows.size() >= options_.batch_rows || batch_bytes >= options_.batch_bytes;
        if (full && chunk_rows < chunk_rows_) {
          batch_bytes = 0;
          if (keyed) {
            CDC_ASSIGN_OR_RETURN(last_key_, ExtractChunkKey(batch->rows, batch->rows.image_count() - 1, key_));
            batch->last_key = last_key_;
          }
          Hand(batch);
          batch = nullptr;
        }
      }
      if (keyed) {
        cursor.reset();  // a full chunk leaves the table's end unknown: the next chunk asks again
        if (batch != nullptr && !batch->rows.empty()) {
          CDC_ASSIGN_OR_RETURN(last_key_, ExtractChunkKey(batch->rows, batch->rows.image_count() - 1, key_));
        }
        AdaptChunkSize(chunk_rows, chunk_bytes, SteadyMs() - started_ms);
      } else if (table_done) {
        cursor.reset();
      }
      if (batch == nullptr && (batch = TakeFree()) == nullptr) return Status::OK();
      batch->ends_chunk = true;
      if (keyed) batch->last_key = last_key_;
      if (chunk_rows > 0 || !batch->rows.empty()) {
        Hand(batch);
      } else {
        std::lock_guard<std::mutex> lock(mutex_);
        free_.push_back(batch);  // an empty last chunk: nothing to hand over
      }
      if (table_done || stopping()) return Status::OK();
    }
  }

  // The watermark method: one chunk, read between its watermarks and reconciled; a table without a
  // key that changed during its read is read again (kUnkeyedReads reads in all).
  Status ReadReconciled() {
    // Each SELECT a statement of its own, with a read view of its own, whatever the server's defaults.
    CDC_RETURN_IF_ERROR(connection_->Execute("SET SESSION autocommit = 1"));
    CDC_RETURN_IF_ERROR(connection_->Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    uint32_t unkeyed_reads = 0;
    model::ChangeBatch chunk(schema_);
    while (true) {
      const int64_t started_ms = SteadyMs();
      const std::optional<ChunkKey> chunk_after = last_key_;
      Status begun = reconciler_->BeginChunk([this] { return stopping(); });
      if (begun.IsCancelled()) return Status::OK();  // being destroyed
      CDC_RETURN_IF_ERROR(begun);
      CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::RowCursor> cursor, connection_->OpenCursor(ChunkQuery()));
      uint64_t chunk_rows = 0;
      uint64_t chunk_bytes = 0;
      bool table_done = false;
      mysql::TextRow row;
      chunk.Clear();
      chunk.AddOrigin(origin_);
      while (!chunked_ || chunk_rows < chunk_rows_) {
        CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
        if (!more) {
          table_done = true;
          break;
        }
        for (uint32_t cell_idx = 0; cell_idx < row.count; ++cell_idx) chunk_bytes += row.lengths[cell_idx];
        CDC_RETURN_IF_ERROR(rows_.AppendInsert(row, 0, &chunk));
        ++chunk_rows;
        if (chunk.size() >= options_.batch_rows || (chunk_rows == chunk_rows_ && chunked_)) {
          if (chunked_) {
            CDC_ASSIGN_OR_RETURN(last_key_, ExtractChunkKey(chunk, chunk.image_count() - 1, key_));
          }
          CDC_RETURN_IF_ERROR(reconciler_->Keep(chunk));
          chunk.Clear();
          chunk.AddOrigin(origin_);
          if (stopping()) return Status::OK();
        }
      }
      cursor.reset();
      if (!chunk.empty()) {
        if (chunked_) {
          CDC_ASSIGN_OR_RETURN(last_key_, ExtractChunkKey(chunk, chunk.image_count() - 1, key_));
        }
        CDC_RETURN_IF_ERROR(reconciler_->Keep(chunk));
      }
      // The chunk's key range: after the previous chunk, through its last row (the last chunk: to
      // the range's end). A table read whole has no bounds.
      std::optional<ChunkKey> upper = table_done ? through_ : last_key_;
      Result<SnapshotPoint> high = chunked_ ? reconciler_->EndChunk(chunk_after, upper)
                                            : reconciler_->EndChunk(std::nullopt, std::nullopt);
      if (!high.ok()) {
        if (!high.status().IsConflict()) return high.status();
        if (++unkeyed_reads == kUnkeyedReads) {
          return high.status().WithContext("read " + std::to_string(kUnkeyedReads) + " times");
        }
        continue;  // nothing was handed over: read the whole table again
      }
      point_ = *high;
      origin_.position = {high->file, high->offset, high->gtid};
      origin_.end_log_pos = high->offset;
      std::optional<ChunkKey> handed_through = chunk_after;
      CDC_RETURN_IF_ERROR(reconciler_->Replay(options_.batch_rows, options_.batch_bytes,
                                              [&](model::ChangeBatch& rows) -> Status {
        RowBatch* batch = TakeFree();
        if (batch == nullptr) return Status::Cancelled("table reader", "being destroyed");
        std::swap(batch->rows, rows);
        if (chunked_ && !batch->rows.empty()) {
          CDC_ASSIGN_OR_RETURN(handed_through, ExtractChunkKey(batch->rows, batch->rows.changes().back().after, key_));
        }
        batch->last_key = handed_through;
        Hand(batch);
        return Status::OK();
      }));
      // Always a chunk end, with the chunk's place, even when it holds no row.
      RowBatch* end = TakeFree();
      if (end == nullptr) return Status::OK();
      end->ends_chunk = true;
      // What the chunk covers: through its last row read, or to the range's end (when that is
      // open-ended, through the last row handed over).
      if (chunked_) end->last_key = !table_done ? upper : (through_ ? through_ : handed_through);
      Hand(end);
      if (chunked_) AdaptChunkSize(chunk_rows, chunk_bytes, SteadyMs() - started_ms);
      if (table_done || !chunked_ || stopping()) return Status::OK();
    }
  }

  static constexpr uint32_t kUnkeyedReads = 5;

  std::function<void()> on_ready_;
  // Owned by the reading thread.
  std::unique_ptr<mysql::Connection> connection_;
  std::unique_ptr<ChunkReconciler> reconciler_;
  model::TableSchemaPtr schema_;
  ChunkingKey key_;
  std::optional<ChunkKey> last_key_;
  std::optional<ChunkKey> through_;
  TableReadOptions options_;
  RowReader rows_;
  uint32_t chunk_rows_;
  // Whether the table is read in keyset chunks: it has a key, and with the watermark method one
  // lakefeed can order (chunk ranges must be compared with the changes' keys).
  bool chunked_ = false;
  SnapshotPoint point_;
  model::ChangeOrigin origin_;
  std::vector<std::unique_ptr<RowBatch>> batches_;

  // Shared, under mutex_.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<RowBatch*> free_;
  std::deque<RowBatch*> ready_;
  RowBatch* handed_ = nullptr;  // with the consumer until its next Poll()
  bool finished_ = false;
  bool stopping_ = false;
  Status error_;

  std::thread thread_;
};

TableReader::TableReader(std::unique_ptr<mysql::Connection> connection, model::TableSchemaPtr schema,
                         ChunkingKey key, std::optional<ChunkKey> after, std::optional<ChunkKey> through,
                         SnapshotPoint point, TableReadOptions options, std::function<void()> on_ready,
                         std::unique_ptr<ChunkReconciler> reconciler)
    : worker_(std::make_unique<Worker>(std::move(connection), std::move(schema), std::move(key), std::move(after),
                                       std::move(through), point, options, std::move(on_ready),
                                       std::move(reconciler))) {}

TableReader::~TableReader() = default;

Result<bool> TableReader::Poll(const RowBatch** batch) { return worker_->Poll(batch); }

}  // namespace cdc::snapshot
