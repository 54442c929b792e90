#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "base/status.h"
#include "model/table_schema.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"
#include "pipeline/task_config.h"
#include "snapshot/chunk_key.h"
#include "snapshot/table_reader.h"

// The full load's watermark method (docs/full-load.md), for sources whose consistent read reports
// no binlog place (MySQL; `full_load.method: watermarks` anywhere).
namespace cdc::pipeline {

// Binlog ends sampled over time, shared by the readers of one load. A chunk's low watermark is the
// latest sample at least `margin_ms` old: the engine commits a transaction after writing it to the
// binlog, so a place read with SHOW MASTER STATUS can name a transaction that a SELECT started
// right then would not see yet; one read a margin ago cannot (unless a commit lags its binlog
// write by more than the margin). Thread-safe.
class WatermarkClock {
 public:
  explicit WatermarkClock(uint32_t margin_ms) : margin_ms_(margin_ms) {}

  // A binlog end read just now.
  void Add(const snapshot::SnapshotPoint& end);
  // The latest sample at least the margin old, after waiting for the oldest one to get that old
  // when none is yet; nullopt when `stopping` turns true meanwhile. At least one sample must have
  // been added.
  std::optional<snapshot::SnapshotPoint> Settled(const std::function<bool()>& stopping);

 private:
  const uint32_t margin_ms_;
  std::mutex mutex_;
  std::deque<std::pair<int64_t, snapshot::SnapshotPoint>> samples_;  // (steady ms, end), oldest first
};

// What the watermark method needs of the source, checked before a load: binlog_format ROW and
// binlog_row_image FULL (a chunk is reconciled with whole after images). InvalidArgument naming
// the setting to change otherwise; the connection's errors.
Status CheckWatermarkSource(mysql::Connection& connection);

// Reconciles the chunks of one reader of one table (snapshot::ChunkReconciler): keeps the chunk's
// rows (in memory, then in a spill file under capture.work_dir), reads the binlog between the
// watermarks over a connection of its own (a non-blocking dump with server id 0, which displaces no
// replica; read again while it ends short of the high watermark, as a dump only sends what the
// server has synced), decodes the table's changes with the definition the load read, and replaces,
// removes or adds the rows whose keys the committed changes touched -- the last change of a key
// wins, inside the chunk's key range only (their after images are held in memory). A table without
// a key cannot be reconciled: a change to it between the watermarks has the chunk read again.
class BinlogReconciler : public snapshot::ChunkReconciler {
 public:
  BinlogReconciler(const TaskConfig& config, std::shared_ptr<WatermarkClock> clock, mysql::TableHints definition,
                   model::TableSchemaPtr schema, snapshot::ChunkingKey key);
  ~BinlogReconciler() override;

  Status BeginChunk(const std::function<bool()>& stopping) override;
  Status Keep(const model::ChangeBatch& rows) override;
  Result<snapshot::SnapshotPoint> EndChunk(const std::optional<snapshot::ChunkKey>& after,
                                           const std::optional<snapshot::ChunkKey>& through) override;
  Status Replay(uint32_t batch_rows, uint64_t batch_bytes,
                const std::function<Status(model::ChangeBatch&)>& emit) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::pipeline
