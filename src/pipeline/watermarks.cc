#include "pipeline/watermarks.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

#include "base/logging.h"
#include "binlog/decoder.h"
#include "binlog/table_map.h"
#include "capture/capture_sink.h"
#include "capture/transaction_assembler.h"
#include "capture/transaction_buffer.h"
#include "mysql/binlog_stream.h"
#include "pipeline/source.h"

namespace cdc::pipeline {
namespace {

// A chunk's rows in memory before they spill: a chunk of 16 MB of row text (FullLoad's watermark chunks)
// fits with its cells' slots; a table read whole spills.
constexpr uint64_t kKeptMemoryBytes = uint64_t{32} << 20;
constexpr uint32_t kWindowReadTimeoutS = 60;
// A dump that ends short of the high watermark (not synced yet) is read again, this often at most.
constexpr int kWindowReads = 100;
constexpr int64_t kWindowRetryMs = 20;
constexpr int64_t kStopCheckMs = 50;

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Orders the keys of the changes between two watermarks: as the server does for a key lakefeed can
// order (so that reconciled rows keep the chunk's key order), else by their bytes (equality is
// what matters for a table read whole: a changed row has the very bytes the SELECT returned).
struct KeyLess {
  const model::TableSchema* schema;
  const snapshot::ChunkingKey* key;
  bool operator()(const snapshot::ChunkKey& a, const snapshot::ChunkKey& b) const {
    if (key->orderable) return snapshot::CompareChunkKeys(*schema, *key, a, b) < 0;
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](const snapshot::KeyPart& x, const snapshot::KeyPart& y) {
                                          return x.slot != y.slot ? x.slot < y.slot : x.bytes < y.bytes;
                                        });
  }
};

}  // namespace

void WatermarkClock::Add(const snapshot::SnapshotPoint& end) {
  std::lock_guard<std::mutex> lock(mutex_);
  samples_.emplace_back(SteadyMs(), end);
}

std::optional<snapshot::SnapshotPoint> WatermarkClock::Settled(const std::function<bool()>& stopping) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    const int64_t settled_before = SteadyMs() - margin_ms_;
    // Samples older than the latest settled one are no longer needed.
    while (samples_.size() > 1 && samples_[1].first <= settled_before) samples_.pop_front();
    if (samples_.front().first <= settled_before) return samples_.front().second;
    const int64_t wait_ms = samples_.front().first - settled_before;
    lock.unlock();
    if (stopping()) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(wait_ms, kStopCheckMs)));
    lock.lock();
  }
}

Status CheckWatermarkSource(mysql::Connection& connection) {
  CDC_ASSIGN_OR_RETURN(mysql::QueryResult settings,
                       connection.Query("SELECT @@GLOBAL.binlog_format, @@GLOBAL.binlog_row_image"));
  if (settings.rows.empty() || settings.rows[0].size() < 2 || !settings.rows[0][0] || !settings.rows[0][1]) {
    return Status::InvalidArgument("full load by watermarks", "the source reports no binlog_format");
  }
  const std::string& format = *settings.rows[0][0];
  const std::string& image = *settings.rows[0][1];
  if (format != "ROW") {
    return Status::InvalidArgument("full load by watermarks",
                                   "binlog_format is " + format + ": set binlog_format=ROW on the source");
  }
  if (image != "FULL") {
    return Status::InvalidArgument("full load by watermarks",
                                   "binlog_row_image is " + image +
                                       ": a chunk is reconciled with whole rows, set binlog_row_image=FULL on "
                                       "the source (or use a MariaDB source's consistent snapshot)");
  }
  return Status::OK();
}

struct BinlogReconciler::Impl : public capture::CaptureSink, public capture::ReplayTarget {
  static constexpr uint32_t kRemoved = UINT32_MAX;

  Impl(const TaskConfig& config, std::shared_ptr<WatermarkClock> sampled_ends, mysql::TableHints table_definition,
       const model::TableSchemaPtr& table_schema, snapshot::ChunkingKey table_key)
      : source(config.source),
        work_dir(config.capture.work_dir),
        clock(std::move(sampled_ends)),
        definition(std::move(table_definition)),
        schema(table_schema),
        key(std::move(table_key)),
        kept(kKeptMemoryBytes, work_dir),
        window(table_schema),
        changed(KeyLess{schema.get(), &key}),
        out(table_schema) {}

  SourceConfig source;
  std::string work_dir;
  std::shared_ptr<WatermarkClock> clock;
  mysql::TableHints definition;
  model::TableSchemaPtr schema;
  snapshot::ChunkingKey key;

  std::unique_ptr<mysql::Connection> queries;  // SHOW MASTER STATUS
  snapshot::SnapshotPoint low;
  snapshot::SnapshotPoint high;
  std::optional<snapshot::ChunkKey> after;
  std::optional<snapshot::ChunkKey> through;
  capture::TransactionBuffer kept;  // the chunk's rows as read
  model::ChangeBatch window;        // after images of the changes between the watermarks
  // Keys the changes touched, each with its last after image in `window` (kRemoved: deleted).
  std::map<snapshot::ChunkKey, uint32_t, KeyLess> changed;
  bool unkeyed_change = false;
  model::TableSchemaPtr checked_schema;  // the last decoded schema found to fit `schema`

  // Replay state.
  model::ChangeBatch out;
  uint64_t out_bytes = 0;
  uint32_t batch_rows = 0;
  uint64_t batch_bytes = 0;
  const std::function<Status(model::ChangeBatch&)>* emit = nullptr;
  std::map<snapshot::ChunkKey, uint32_t, KeyLess>::iterator next_changed;

  // ---------------------------------------------------------------------------- the window
  // Reads the window until a dump reaches the high watermark.
  Status ReadWindow() {
    for (int read = 1;; ++read) {
      changed.clear();
      window.Clear();
      unkeyed_change = false;
      CDC_ASSIGN_OR_RETURN(bool complete, ReadWindowOnce());
      if (complete) return Status::OK();
      if (read == kWindowReads) {
        return Status::Unavailable("binlog dump", "the source sends no events up to the high watermark");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(kWindowRetryMs));
    }
  }

  // One dump from the low watermark: whether it reached the high one.
  Result<bool> ReadWindowOnce() {
    CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions options, ConnectionOptionsFor(source, kWindowReadTimeoutS));
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, mysql::Connection::Connect(options));
    mysql::BinlogStreamOptions start;
    start.server_id = 0;
    start.register_replica = false;
    start.non_blocking = true;
    start.start_file = low.file;
    start.start_position = low.offset;
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::BinlogStream> stream, mysql::BinlogStream::Open(connection.get(), start));

    binlog::DecoderOptions decoder_options;
    decoder_options.initial_checksum =
        stream->checksum() == "CRC32" ? binlog::ChecksumAlgorithm::kCrc32 : binlog::ChecksumAlgorithm::kOff;
    decoder_options.enrich_schema = [this](model::TableSchema& decoded) -> Status {
      if (!IsTable(decoded)) return Status::OK();
      CDC_ASSIGN_OR_RETURN(std::vector<uint32_t> changed_columns, mysql::ApplyTableHints(definition, &decoded));
      for (uint32_t column_idx : changed_columns) {
        decoded.columns[column_idx].kind = binlog::ChooseValueKind(decoded.columns[column_idx]);
      }
      return Status::OK();
    };
    binlog::Decoder decoder(decoder_options);
    decoder.SetFile(low.file);
    capture::AssemblerOptions assembler_options;
    assembler_options.spill_dir = work_dir;
    capture::CaptureState state;
    state.position = {low.file, low.offset, low.gtid};
    capture::TransactionAssembler assembler(assembler_options, state, this);
    assembler.SetTableFilter([this](const model::TableSchema& decoded) { return IsTable(decoded); });

    mysql::BinlogEvent event;
    while (true) {
      CDC_ASSIGN_OR_RETURN(bool more, stream->Next(&event));
      if (!more) return false;  // the end of what the server sends now, short of the high watermark
      if (event.offset != 0) {
        // The high watermark is a transaction boundary: what starts there is after the chunk.
        if (model::CompareBinlogPlaces(decoder.file(), event.offset, high.file, high.offset) >= 0) return true;
      }
      const bool ends_at_high = event.offset != 0 && decoder.file() == high.file &&
                                event.offset + event.bytes.size() == high.offset;
      CDC_RETURN_IF_ERROR(decoder.Feed(event.bytes, event.offset, &assembler));
      if (ends_at_high) return true;
    }
  }

  bool IsTable(const model::TableSchema& decoded) const {
    return decoded.schema_name == schema->schema_name && decoded.table_name == schema->table_name;
  }

  bool InRange(const snapshot::ChunkKey& value) const {
    if (!key.orderable) return true;  // a table read whole
    if (after && snapshot::CompareChunkKeys(*schema, key, value, *after) <= 0) return false;
    return !through || snapshot::CompareChunkKeys(*schema, key, value, *through) <= 0;
  }

  // The decoded rows must hold the columns the load read, in its order and kinds.
  Status CheckFits(const model::ChangeBatch& rows) {
    if (rows.schema_ptr() == checked_schema) return Status::OK();
    const model::TableSchema& decoded = rows.schema();
    bool fits = decoded.columns.size() == schema->columns.size();
    for (size_t column_idx = 0; fits && column_idx < decoded.columns.size(); ++column_idx) {
      fits = decoded.columns[column_idx].name == schema->columns[column_idx].name &&
             decoded.columns[column_idx].kind == schema->columns[column_idx].kind;
    }
    if (!fits) {
      return Status::InvalidArgument("full load of " + schema->schema_name + "." + schema->table_name,
                                     "the table's columns changed while it was being read");
    }
    checked_schema = rows.schema_ptr();
    return Status::OK();
  }

  // The last change of a key in the chunk's range wins: `image` of rows, or a removal.
  Status Touch(const model::ChangeBatch& rows, uint32_t image, bool removed) {
    CDC_ASSIGN_OR_RETURN(snapshot::ChunkKey value, snapshot::ExtractChunkKey(rows, image, key));
    if (!InRange(value)) return Status::OK();
    uint32_t kept_image = kRemoved;
    if (!removed) {
      for (size_t column_idx = 0; column_idx < rows.column_count(); ++column_idx) {
        if (rows.column(column_idx).state(image) == model::CellState::kAbsent) {
          return Status::InvalidArgument("full load by watermarks",
                                         "a row image lacks column " + rows.schema().columns[column_idx].name +
                                             ": set binlog_row_image=FULL on the source");
        }
      }
      kept_image = window.AppendImageFrom(rows, image);
    }
    changed.insert_or_assign(std::move(value), kept_image);
    return Status::OK();
  }

  // CaptureSink: the committed changes between the watermarks, of this table only.
  Status OnTransactionBegin(const capture::TransactionInfo&) override { return Status::OK(); }
  Status OnRows(const model::ChangeBatch& rows, uint64_t) override {
    if (!IsTable(rows.schema())) return Status::OK();
    if (key.columns.empty()) {
      unkeyed_change |= !rows.empty();
      return Status::OK();
    }
    CDC_RETURN_IF_ERROR(CheckFits(rows));
    for (const model::RowChange& change : rows.changes()) {
      // An update that keeps the key replaces the row; one that changes it (a unique key; a primary
      // key's arrives as D + I) removes the old key and writes the new.
      if (change.before != model::RowChange::kNoImage && change.op != model::ChangeOp::kInsert) {
        CDC_RETURN_IF_ERROR(Touch(rows, change.before, /*removed=*/true));
      }
      if (change.after != model::RowChange::kNoImage && change.op != model::ChangeOp::kDelete) {
        CDC_RETURN_IF_ERROR(Touch(rows, change.after, /*removed=*/false));
      }
    }
    return Status::OK();
  }
  // A DDL statement on the table between the watermarks fails the decoding of its next rows, or the
  // change stream's check once it gets there (FullLoad::CheckDdl).
  Status OnDdl(const capture::DdlStatement&) override { return Status::OK(); }
  Status OnTransactionEnd(const capture::TransactionInfo&) override { return Status::OK(); }
  Status OnIdle(const model::ResumePoint&, int64_t) override { return Status::OK(); }

  // ---------------------------------------------------------------------------- the replay
  void StartOut() {
    out.Clear();
    model::ChangeOrigin origin;
    origin.position = {high.file, high.offset, high.gtid};
    origin.end_log_pos = high.offset;
    out.AddOrigin(std::move(origin));
    out_bytes = 0;
  }

  Status AppendOut(const model::ChangeBatch& from, uint32_t image) {
    model::RowChange change;
    change.op = model::ChangeOp::kInsert;
    change.after = out.AppendImageFrom(from, image);
    out.AddChange(change);
    for (size_t column_idx = 0; column_idx < from.column_count(); ++column_idx) {
      if (model::IsBytesKind(schema->columns[column_idx].kind)) out_bytes += from.column(column_idx).bytes(image).size();
    }
    if (out.size() < batch_rows && out_bytes < batch_bytes) return Status::OK();
    return FlushOut();
  }

  Status FlushOut() {
    if (out.empty()) return Status::OK();
    CDC_RETURN_IF_ERROR((*emit)(out));
    StartOut();
    return Status::OK();
  }

  // Emits the changed rows that sort before `value` (all of them for nullopt), in key order.
  Status EmitChangedBefore(const std::optional<snapshot::ChunkKey>& value) {
    for (; next_changed != changed.end(); ++next_changed) {
      if (value && !changed.key_comp()(next_changed->first, *value)) break;
      if (next_changed->second != kRemoved) {
        CDC_RETURN_IF_ERROR(AppendOut(window, next_changed->second));
      }
    }
    return Status::OK();
  }

  // ReplayTarget: the chunk's rows as read, in key order.
  Status OnRows(const model::ChangeBatch& rows) override {
    for (const model::RowChange& change : rows.changes()) {
      if (!changed.empty()) {
        CDC_ASSIGN_OR_RETURN(snapshot::ChunkKey value, snapshot::ExtractChunkKey(rows, change.after, key));
        if (key.orderable) CDC_RETURN_IF_ERROR(EmitChangedBefore(value));
        if (changed.contains(value)) continue;  // its last change decides (emitted in its place)
      }
      CDC_RETURN_IF_ERROR(AppendOut(rows, change.after));
    }
    return Status::OK();
  }
  Status OnDdl(std::string_view, std::string_view, const model::SourcePosition&) override { return Status::OK(); }
};

BinlogReconciler::BinlogReconciler(const TaskConfig& config, std::shared_ptr<WatermarkClock> clock,
                                   mysql::TableHints definition, model::TableSchemaPtr schema,
                                   snapshot::ChunkingKey key)
    : impl_(std::make_unique<Impl>(config, std::move(clock), std::move(definition), std::move(schema),
                                   std::move(key))) {}

BinlogReconciler::~BinlogReconciler() = default;

Status BinlogReconciler::BeginChunk(const std::function<bool()>& stopping) {
  Impl& impl = *impl_;
  std::optional<snapshot::SnapshotPoint> low = impl.clock->Settled(stopping);
  if (!low) return Status::Cancelled("full load", "stopping");
  impl.low = std::move(*low);
  impl.changed.clear();
  impl.window.Clear();
  impl.unkeyed_change = false;
  return impl.kept.Clear();
}

Status BinlogReconciler::Keep(const model::ChangeBatch& rows) { return impl_->kept.AppendRows(rows); }

Result<snapshot::SnapshotPoint> BinlogReconciler::EndChunk(const std::optional<snapshot::ChunkKey>& after,
                                                           const std::optional<snapshot::ChunkKey>& through) {
  Impl& impl = *impl_;
  if (impl.queries == nullptr) {
    CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions options, ConnectionOptionsFor(impl.source, kWindowReadTimeoutS));
    CDC_ASSIGN_OR_RETURN(impl.queries, mysql::Connection::Connect(options));
  }
  Result<mysql::BinlogEnd> end = mysql::ReadBinlogEnd(*impl.queries);
  if (!end.ok()) {
    impl.queries.reset();  // a lost connection is opened again next time
    return end.status();
  }
  impl.high = {end->file, end->position, end->gtid};
  impl.clock->Add(impl.high);
  impl.after = after;
  impl.through = through;
  if (model::CompareBinlogPlaces(impl.low.file, impl.low.offset, impl.high.file, impl.high.offset) < 0) {
    const std::string window = impl.low.file + ":" + std::to_string(impl.low.offset) + " - " + impl.high.file + ":" +
                               std::to_string(impl.high.offset);
    Status read = impl.ReadWindow();
    if (!read.ok()) return read.WithContext("binlog between the watermarks " + window);
    if (!impl.changed.empty() && LogEnabled(LogComponent::kSourceUnload, LogLevel::kDebug)) {
      LogDebug(LogComponent::kSourceUnload, "full load chunk reconciled",
               {{"table", impl.schema->schema_name + "." + impl.schema->table_name},
                {"changed_keys", std::to_string(impl.changed.size())},
                {"window", window}});
    }
  }
  if (impl.unkeyed_change) {
    return Status::Conflict("full load of " + impl.schema->schema_name + "." + impl.schema->table_name,
                            "the table has no key and changed while it was read (its rows cannot be "
                            "reconciled with the changes); it must be quiet while it is read");
  }
  return impl.high;
}

Status BinlogReconciler::Replay(uint32_t batch_rows, uint64_t batch_bytes,
                                const std::function<Status(model::ChangeBatch&)>& emit) {
  Impl& impl = *impl_;
  impl.emit = &emit;
  impl.batch_rows = std::max<uint32_t>(1, batch_rows);
  impl.batch_bytes = std::max<uint64_t>(1, batch_bytes);
  impl.next_changed = impl.changed.begin();
  impl.StartOut();
  capture::BatchPool pool(1);
  Status replayed = impl.kept.Replay(impl.batch_rows, &pool, &impl);
  // The rest of the changed rows, and every one of a table read whole.
  if (replayed.ok()) replayed = impl.EmitChangedBefore(std::nullopt);
  if (replayed.ok()) replayed = impl.FlushOut();
  impl.emit = nullptr;
  return replayed;
}

}  // namespace cdc::pipeline
