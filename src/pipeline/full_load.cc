#include "pipeline/full_load.h"

#include <algorithm>
#include <iterator>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/backoff.h"
#include "base/clock.h"
#include "base/logging.h"
#include "capture/schema_tracker.h"
#include "capture/table_rules.h"
#include "lake/lake_writer.h"
#include "mysql/binlog_stream.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"
#include "pipeline/source.h"
#include "pipeline/watermarks.h"
#include "snapshot/chunk_key.h"
#include "snapshot/row_reader.h"
#include "snapshot/table_reader.h"

namespace cdc::pipeline {
namespace {

using Json = nlohmann::json;
using std::chrono::milliseconds;

constexpr int kStateVersion = 1;
constexpr int64_t kProgressLogMs = 10000;
constexpr uint32_t kReadRetries = 5;
constexpr uint64_t kWatermarkChunkBytes = uint64_t{16} << 20;

std::string TableKey(std::string_view schema, std::string_view table) {
  return std::string(schema) + "." + std::string(table);
}

std::optional<model::ValueKind> ParseValueKind(std::string_view text) {
  for (int kind = 0; kind <= static_cast<int>(model::ValueKind::kVector); ++kind) {
    if (model::ToString(static_cast<model::ValueKind>(kind)) == text) return static_cast<model::ValueKind>(kind);
  }
  return std::nullopt;
}

// A key range of one table read in one consistent read (with watermarks: chunks exact at one high
// watermark).
struct Segment {
  std::optional<snapshot::ChunkKey> after;  // rows with keys after this one (nullopt: from the first)
  // Closed: through this key (nullopt: to the end). Open (being read): the last key committed so
  // far (nullopt: none yet).
  std::optional<snapshot::ChunkKey> through;
  // Open: where the range being read ends, with this key (nullopt: at the end).
  std::optional<snapshot::ChunkKey> limit;
  bool open = false;
  snapshot::SnapshotPoint point;
};

// A key range still to be read: after `after` (nullopt: from the first row), through `limit`
// (nullopt: to the last).
struct KeyRange {
  std::optional<snapshot::ChunkKey> after;
  std::optional<snapshot::ChunkKey> limit;
};

struct KeyColumn {
  std::string name;
  model::ValueKind kind = model::ValueKind::kInt64;
  uint16_t collation = 0;
};

enum class Phase : uint8_t { kPending, kLoading, kDone };

std::string_view ToString(Phase phase) {
  switch (phase) {
    case Phase::kPending: return "pending";
    case Phase::kLoading: return "loading";
    case Phase::kDone: return "done";
  }
  return "?";
}

struct LoadTable {
  std::string schema;
  std::string table;
  Phase phase = Phase::kPending;
  uint64_t rows = 0;
  uint64_t estimated_rows = 0;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  std::vector<KeyColumn> key_columns;  // the chunking key; empty: none
  bool orderable = false;               // lakefeed can compare the key (segments, resume)
  std::vector<Segment> segments;
  bool reload = false;  // loaded again by `lakefeed reload` (its definition is a "reload" record)

  // While it is read (not stored): the table as read, how it is chunked and written, the ranges
  // that no reader has taken yet.
  mysql::TableHints read_definition;
  model::TableSchemaPtr read_schema;
  snapshot::ChunkingKey read_key;
  model::TableProjectionPtr projection;
  std::vector<KeyRange> pending_ranges;

  // Derived from key_columns: a schema of the key columns alone, to compare and encode keys.
  model::TableSchemaPtr key_schema;
  snapshot::ChunkingKey key;
  // The stream schema last mapped onto the key (by column name), and the key's columns in it.
  model::TableSchemaPtr mapped_schema;
  std::vector<uint32_t> mapped_columns;

  std::string name() const { return TableKey(schema, table); }

  void DeriveKey() {
    auto key_only = std::make_shared<model::TableSchema>();
    key_only->schema_name = schema;
    key_only->table_name = table;
    key.columns.clear();
    for (const KeyColumn& column : key_columns) {
      model::ColumnSchema part;
      part.name = column.name;
      part.kind = column.kind;
      part.collation = column.collation;
      part.nullable = false;
      key.columns.push_back(static_cast<uint32_t>(key_only->columns.size()));
      key_only->columns.push_back(std::move(part));
    }
    key_only->primary_key = key.columns;
    key.orderable = orderable;
    key_schema = std::move(key_only);
  }

  // Derived from `segments` by SegmentsChanged(): the latest place of any segment, and the segments
  // in key order (of their `after`: the ranges do not overlap).
  std::optional<snapshot::SnapshotPoint> latest_point;
  std::vector<uint32_t> segments_by_key;

  void SegmentsChanged() {
    latest_point.reset();
    segments_by_key.clear();
    for (uint32_t segment_idx = 0; segment_idx < segments.size(); ++segment_idx) {
      const snapshot::SnapshotPoint& point = segments[segment_idx].point;
      if (!latest_point ||
          model::CompareBinlogPlaces(point.file, point.offset, latest_point->file, latest_point->offset) > 0) {
        latest_point = point;
      }
      segments_by_key.push_back(segment_idx);
    }
    if (!orderable) return;
    std::sort(segments_by_key.begin(), segments_by_key.end(), [&](uint32_t left, uint32_t right) {
      const std::optional<snapshot::ChunkKey>& a = segments[left].after;
      const std::optional<snapshot::ChunkKey>& b = segments[right].after;
      return b && (!a || snapshot::CompareChunkKeys(*key_schema, key, *a, *b) < 0);
    });
  }

  // The segment whose key range holds `value` (the only one when the key cannot be ordered here): the
  // last one in key order that starts before `value`, if `value` is not past its end. An open segment
  // that has committed no row yet ends where its range ends.
  const Segment* SegmentOf(const snapshot::ChunkKey& value) const {
    if (!orderable || segments.size() == 1) return segments.empty() ? nullptr : &segments.front();
    auto starts_before = [&](uint32_t segment_idx) {
      const std::optional<snapshot::ChunkKey>& after = segments[segment_idx].after;
      return !after || snapshot::CompareChunkKeys(*key_schema, key, *after, value) < 0;
    };
    auto next = std::partition_point(segments_by_key.begin(), segments_by_key.end(), starts_before);
    if (next == segments_by_key.begin()) return nullptr;
    const Segment& segment = segments[*std::prev(next)];
    const std::optional<snapshot::ChunkKey>& end = segment.through || !segment.open ? segment.through : segment.limit;
    if (end && snapshot::CompareChunkKeys(*key_schema, key, value, *end) > 0) return nullptr;
    return &segment;
  }
};

Json EncodePoint(const snapshot::SnapshotPoint& point) {
  return Json{{"file", point.file}, {"offset", point.offset}, {"gtid", point.gtid}};
}

Status Malformed(std::string_view field, std::string_view problem) {
  return Status::Corruption("full-load state in the checkpoint", "\"" + std::string(field) + "\" " + std::string(problem));
}

Result<snapshot::SnapshotPoint> DecodePoint(const Json& json, const std::string& field) {
  if (!json.is_object() || !json.contains("file") || !json["file"].is_string() || !json.contains("offset") ||
      !json["offset"].is_number_unsigned() || !json.contains("gtid") || !json["gtid"].is_string()) {
    return Malformed(field, "is not a binlog place {file, offset, gtid}");
  }
  return snapshot::SnapshotPoint{json["file"].get<std::string>(), json["offset"].get<uint64_t>(),
                                 json["gtid"].get<std::string>()};
}

// Wakes the task's thread when any table reader has something ready.
class ReadySignal {
 public:
  void Notify() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }
  uint64_t Count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  // Waits until a Notify after `seen`, or `timeout`.
  void WaitBeyond(uint64_t seen, milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return count_ != seen; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t count_ = 0;
};

// A key range being read: its table and segment, its reader (and thread), its retries.
struct ActiveRange {
  explicit ActiveRange(const SourceConfig& source)
      : backoff(source.reconnect_initial_ms, source.reconnect_max_ms), last_log_ms(WallClockMs()) {}
  LoadTable* table = nullptr;
  size_t segment = 0;  // index into table->segments
  Backoff backoff;
  int64_t last_log_ms;
  std::unique_ptr<snapshot::TableReader> reader;  // last: destroyed (joined) first
};

}  // namespace

struct FullLoad::Impl {
  Environment env;
  std::shared_ptr<ReadySignal> ready = std::make_shared<ReadySignal>();
  bool started = false;
  model::ResumePoint stream_start;
  std::deque<LoadTable> tables;  // a deque: readers hold pointers while a reload adds a table
  // The latest point of any consistent read: the stream needs no filter past it.
  std::optional<snapshot::SnapshotPoint> last_point;
  // How this run reads (ChooseMethod): the watermark method, with its binlog samples, or consistent reads.
  bool watermarks = false;
  std::shared_ptr<WatermarkClock> clock;

  // ------------------------------------------------------------------------------------ state
  std::string EncodeState() const {
    Json out{{"version", kStateVersion},
             {"stream_start",
              Json{{"file", stream_start.file}, {"offset", stream_start.offset}, {"gtid", stream_start.gtid}}}};
    Json list = Json::array();
    for (const LoadTable& table : tables) {
      Json key = Json::array();
      for (const KeyColumn& column : table.key_columns) {
        key.push_back({{"name", column.name}, {"kind", model::ToString(column.kind)}, {"collation", column.collation}});
      }
      Json segments = Json::array();
      for (const Segment& segment : table.segments) {
        Json json = EncodePoint(segment.point);
        auto encode = [&](const std::optional<snapshot::ChunkKey>& value) {
          return value ? Json::parse(snapshot::EncodeChunkKey(*table.key_schema, table.key, *value)) : Json(nullptr);
        };
        json["after"] = encode(segment.after);
        json["through"] = encode(segment.through);
        json["limit"] = encode(segment.limit);
        json["open"] = segment.open;
        segments.push_back(std::move(json));
      }
      list.push_back({{"schema", table.schema},
                      {"table", table.table},
                      {"phase", ToString(table.phase)},
                      {"rows", table.rows},
                      {"estimated_rows", table.estimated_rows},
                      {"started_ms", table.started_ms},
                      {"finished_ms", table.finished_ms},
                      {"key", std::move(key)},
                      {"orderable", table.orderable},
                      {"segments", std::move(segments)}});
    }
    out["tables"] = std::move(list);
    return out.dump();
  }

  Status Restore(std::string_view text) {
    if (text.empty()) return Status::OK();
    Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return Malformed("(document)", "is not a JSON object");
    if (!json.contains("version") || !json["version"].is_number_unsigned()) return Malformed("version", "is missing");
    if (json["version"].get<uint64_t>() > kStateVersion) {
      return Status::NotSupported("full-load state in the checkpoint", "a newer lakefeed wrote it");
    }
    if (!json.contains("stream_start")) return Malformed("stream_start", "is missing");
    CDC_ASSIGN_OR_RETURN(snapshot::SnapshotPoint start, DecodePoint(json["stream_start"], "stream_start"));
    stream_start = {start.file, start.offset, start.gtid};
    if (!json.contains("tables") || !json["tables"].is_array()) return Malformed("tables", "is not an array");
    for (size_t table_idx = 0; table_idx < json["tables"].size(); ++table_idx) {
      const Json& entry = json["tables"][table_idx];
      std::string field = "tables[" + std::to_string(table_idx) + "]";
      CDC_ASSIGN_OR_RETURN(LoadTable table, DecodeTable(entry, field));
      tables.push_back(std::move(table));
    }
    started = true;
    SegmentsChanged();
    return Status::OK();
  }

  Result<LoadTable> DecodeTable(const Json& entry, const std::string& field) {
    auto string_field = [&](const char* name) -> Result<std::string> {
      if (!entry.is_object() || !entry.contains(name) || !entry[name].is_string()) {
        return Malformed(field + "." + name, "is not a string");
      }
      return entry[name].get<std::string>();
    };
    auto unsigned_field = [&](const char* name) -> Result<uint64_t> {
      if (!entry.contains(name) || !entry[name].is_number_unsigned()) {
        return Malformed(field + "." + name, "is not an unsigned integer");
      }
      return entry[name].get<uint64_t>();
    };
    LoadTable table;
    CDC_ASSIGN_OR_RETURN(table.schema, string_field("schema"));
    CDC_ASSIGN_OR_RETURN(table.table, string_field("table"));
    CDC_ASSIGN_OR_RETURN(std::string phase, string_field("phase"));
    if (phase == "pending") {
      table.phase = Phase::kPending;
    } else if (phase == "loading") {
      table.phase = Phase::kLoading;
    } else if (phase == "done") {
      table.phase = Phase::kDone;
    } else {
      return Malformed(field + ".phase", "is not pending, loading or done");
    }
    CDC_ASSIGN_OR_RETURN(table.rows, unsigned_field("rows"));
    CDC_ASSIGN_OR_RETURN(table.estimated_rows, unsigned_field("estimated_rows"));
    CDC_ASSIGN_OR_RETURN(uint64_t started_ms, unsigned_field("started_ms"));
    CDC_ASSIGN_OR_RETURN(uint64_t finished_ms, unsigned_field("finished_ms"));
    table.started_ms = static_cast<int64_t>(started_ms);
    table.finished_ms = static_cast<int64_t>(finished_ms);
    if (!entry.contains("orderable") || !entry["orderable"].is_boolean()) {
      return Malformed(field + ".orderable", "is not a boolean");
    }
    table.orderable = entry["orderable"].get<bool>();
    if (!entry.contains("key") || !entry["key"].is_array()) return Malformed(field + ".key", "is not an array");
    for (const Json& part : entry["key"]) {
      if (!part.is_object() || !part.contains("name") || !part["name"].is_string() || !part.contains("kind") ||
          !part["kind"].is_string() || !part.contains("collation") || !part["collation"].is_number_unsigned() ||
          part["collation"].get<uint64_t>() > UINT16_MAX) {
        return Malformed(field + ".key", "has a part that is not {name, kind, collation}");
      }
      std::optional<model::ValueKind> kind = ParseValueKind(part["kind"].get<std::string>());
      if (!kind) return Malformed(field + ".key", "names an unknown kind");
      table.key_columns.push_back(
          {part["name"].get<std::string>(), *kind, static_cast<uint16_t>(part["collation"].get<uint64_t>())});
    }
    table.DeriveKey();
    if (!entry.contains("segments") || !entry["segments"].is_array()) {
      return Malformed(field + ".segments", "is not an array");
    }
    for (const Json& part : entry["segments"]) {
      Segment segment;
      CDC_ASSIGN_OR_RETURN(segment.point, DecodePoint(part, field + ".segments"));
      if (!part.contains("open") || !part["open"].is_boolean()) return Malformed(field + ".segments", "lacks open");
      segment.open = part["open"].get<bool>();
      for (auto [name, target] : {std::pair{"after", &segment.after}, std::pair{"through", &segment.through},
                                  std::pair{"limit", &segment.limit}}) {
        if (!part.contains(name)) return Malformed(field + ".segments", std::string("lacks ") + name);
        if (part[name].is_null()) continue;
        Result<snapshot::ChunkKey> value = snapshot::DecodeChunkKey(*table.key_schema, table.key, part[name].dump());
        if (!value.ok()) return Malformed(field + ".segments", value.status().message());
        *target = std::move(*value);
      }
      table.segments.push_back(std::move(segment));
    }
    return table;
  }

  // After a change to any table's segments.
  void SegmentsChanged() {
    last_point.reset();
    for (LoadTable& table : tables) {
      table.SegmentsChanged();
      const std::optional<snapshot::SnapshotPoint>& latest = table.latest_point;
      if (latest && (!last_point || model::CompareBinlogPlaces(latest->file, latest->offset, last_point->file,
                                                               last_point->offset) > 0)) {
        last_point = latest;
      }
    }
  }

  Status Commit() {
    env.lake->SetFullLoadState(EncodeState());
    return env.commit();
  }

  // ----------------------------------------------------------------------------------- source
  Result<std::unique_ptr<mysql::Connection>> Connect() const {
    CDC_ASSIGN_OR_RETURN(mysql::ConnectionOptions options, ConnectionOptionsFor(env.config->source));
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, mysql::Connection::Connect(options));
    for (const std::string& statement : snapshot::RowReader::SessionSetup()) {
      CDC_RETURN_IF_ERROR(connection->Execute(statement));
    }
    return connection;
  }

  // Connect() after a lost connection: while the source cannot be reached (Unavailable: restarting, or the
  // network down) it tries again after a backoff, as the stream does (source.reconnect; attempts 0: until
  // `stop`). Other errors, the last attempt's error and a stop return at once.
  Result<std::unique_ptr<mysql::Connection>> Reconnect(const std::atomic<bool>* stop) const {
    const SourceConfig& source = env.config->source;
    Backoff backoff(source.reconnect_initial_ms, source.reconnect_max_ms);
    while (true) {
      Result<std::unique_ptr<mysql::Connection>> connection = Connect();
      if (connection.ok() || !connection.status().IsUnavailable() || stop->load(std::memory_order_relaxed) ||
          (source.reconnect_attempts != 0 && backoff.attempts() >= source.reconnect_attempts)) {
        return connection;
      }
      uint32_t delay = backoff.NextDelayMs();
      LogWarn(LogComponent::kSourceUnload, "full load cannot reach the source; reconnecting",
              {{"error", connection.status().ToString()}, {"delay_ms", std::to_string(delay)}});
      for (uint32_t slept = 0; slept < delay && !stop->load(std::memory_order_relaxed); slept += 50) {
        std::this_thread::sleep_for(milliseconds(std::min<uint32_t>(50, delay - slept)));
      }
    }
  }

  // Every selected base table with its estimated row count, in name order.
  Status ListTables(mysql::Connection& connection) {
    CDC_ASSIGN_OR_RETURN(
        mysql::QueryResult result,
        connection.Query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                         "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                         "('mysql', 'information_schema', 'performance_schema', 'sys') "
                         "ORDER BY TABLE_SCHEMA, TABLE_NAME"));
    for (const auto& row : result.rows) {
      if (row.size() < 3 || !row[0] || !row[1]) continue;
      if (!env.rules->Selects(*row[0], *row[1])) continue;
      LoadTable table;
      table.schema = *row[0];
      table.table = *row[1];
      if (row[2]) table.estimated_rows = std::strtoull(row[2]->c_str(), nullptr, 10);
      tables.push_back(std::move(table));
    }
    return Status::OK();
  }

  // Decides how this run reads (full_load.method; auto: consistent reads on MariaDB, watermarks
  // elsewhere) and, for watermarks, checks the source and takes the first binlog sample.
  Status ChooseMethod(mysql::Connection& connection) {
    const FullLoadMethod method = env.config->full_load.method;
    watermarks = method == FullLoadMethod::kWatermarks || (method == FullLoadMethod::kAuto && !connection.is_mariadb());
    if (!watermarks) return Status::OK();
    CDC_RETURN_IF_ERROR(CheckWatermarkSource(connection));
    clock = std::make_shared<WatermarkClock>(env.config->full_load.watermark_margin_ms);
    CDC_ASSIGN_OR_RETURN(mysql::BinlogEnd end, mysql::ReadBinlogEnd(connection));
    clock->Add({end.file, end.position, end.gtid});
    return Status::OK();
  }

  // A place to read at: a consistent read opened on `connection` (its place); with watermarks the
  // binlog's end now.
  Result<snapshot::SnapshotPoint> PlaceNow(mysql::Connection& connection) {
    if (!watermarks) return snapshot::BeginConsistentRead(connection);
    CDC_ASSIGN_OR_RETURN(mysql::BinlogEnd end, mysql::ReadBinlogEnd(connection));
    return snapshot::SnapshotPoint{end.file, end.position, end.gtid};
  }

  // A reader of `range` of a started table over `connection` (in the consistent read at `point`, or
  // by watermarks).
  std::unique_ptr<snapshot::TableReader> NewReader(std::unique_ptr<mysql::Connection> connection, const LoadTable& table,
                                                   const KeyRange& range, const snapshot::SnapshotPoint& point) {
    snapshot::TableReadOptions read_options;
    if (uint32_t rows = env.config->full_load.chunk_rows; rows != 0) {
      read_options.initial_chunk_rows = read_options.min_chunk_rows = read_options.max_chunk_rows = rows;
    }
    std::unique_ptr<snapshot::ChunkReconciler> reconciler;
    if (watermarks) {
      // A chunk is kept until its high watermark: in memory (BinlogReconciler), so smaller ones.
      read_options.max_chunk_bytes = kWatermarkChunkBytes;
      reconciler = std::make_unique<BinlogReconciler>(*env.config, clock, table.read_definition, table.read_schema,
                                                      table.read_key);
    }
    return std::make_unique<snapshot::TableReader>(std::move(connection), table.read_schema, table.read_key,
                                                   range.after, range.limit, point, read_options,
                                                   [signal = ready] { signal->Notify(); }, std::move(reconciler));
  }

  // -------------------------------------------------------------------------------------- run
  Status Run(uint64_t* next_seq, model::ResumePoint* start, const std::atomic<bool>* stop) {
    {
      CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, Connect());
      CDC_RETURN_IF_ERROR(ChooseMethod(*connection));
      if (!started) {
        // The stream starts at the place of a consistent read, a commit boundary that no later
        // read's place precedes (SHOW MASTER STATUS could name a transaction still being
        // committed); with watermarks, at a binlog end read now, which every chunk's high
        // watermark follows (a transaction before it that a chunk's SELECT did not see is in
        // that chunk's window: its low watermark is older). Every change up to each key range's
        // own place is filtered.
        CDC_ASSIGN_OR_RETURN(snapshot::SnapshotPoint first, PlaceNow(*connection));
        if (!watermarks) CDC_RETURN_IF_ERROR(connection->Execute("COMMIT"));
        stream_start = {first.file, first.offset, first.gtid};
        CDC_RETURN_IF_ERROR(ListTables(*connection));
        started = true;
        LogInfo(LogComponent::kSourceUnload, "full load starting",
                {{"tables", std::to_string(tables.size())},
                 {"readers", std::to_string(env.config->full_load.readers)},
                 {"method", watermarks ? "watermarks" : "consistent snapshot"},
                 {"stream_start", stream_start.file + ":" + std::to_string(stream_start.offset)}});
      }
    }
    // A task resuming from a checkpoint keeps its place; only the first load sets it.
    if (start->empty()) *start = stream_start;
    std::deque<LoadTable*> queue;
    for (LoadTable& table : tables) {
      if (table.phase != Phase::kDone) queue.push_back(&table);
    }
    return LoadTables(std::move(queue), next_seq, stop);
  }

  Status Reload(std::string_view schema, std::string_view table_name, uint64_t* next_seq, const model::ResumePoint& at,
                const std::atomic<bool>* stop) {
    if (!started) {
      stream_start = at;
      started = true;
    }
    LoadTable* table = Find(schema, table_name);
    if (table == nullptr) {
      tables.emplace_back();
      table = &tables.back();
      table->schema = std::string(schema);
      table->table = std::string(table_name);
    }
    LoadTable fresh;
    fresh.schema = table->schema;
    fresh.table = table->table;
    fresh.reload = true;
    *table = std::move(fresh);
    {
      CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, Connect());
      CDC_RETURN_IF_ERROR(ChooseMethod(*connection));
      CDC_ASSIGN_OR_RETURN(std::optional<std::string> estimate,
                           connection->QueryValue("SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                                                  connection->Quote(schema) + " AND TABLE_NAME = " +
                                                  connection->Quote(table_name)));
      if (estimate) table->estimated_rows = std::strtoull(estimate->c_str(), nullptr, 10);
    }
    env.lake->stats(table->name()).full_load_rows = 0;
    LogInfo(LogComponent::kSourceUnload, "reloading a table",
            {{"table", table->name()}, {"at", at.file + ":" + std::to_string(at.offset)}});
    return LoadTables({table}, next_seq, stop);
  }

  // Loads the tables of `queue`: up to `readers` key ranges at once, of one table or several.
  Status LoadTables(std::deque<LoadTable*> queue, uint64_t* next_seq, const std::atomic<bool>* stop) {
    // Tables that are committed only at their end load alone: a commit covers every table in flight.
    std::deque<LoadTable*> alone;
    std::vector<LoadTable*> started_tables;  // with ranges left to open
    std::vector<std::unique_ptr<ActiveRange>> active;
    const size_t readers = std::max<uint32_t>(1, env.config->full_load.readers);
    while (true) {
      if (stop->load(std::memory_order_relaxed)) {
        bool resumable = std::all_of(active.begin(), active.end(),
                                     [](const std::unique_ptr<ActiveRange>& a) { return a->table->orderable; });
        return resumable && !active.empty() ? Commit() : Status::OK();
      }
      while (active.size() < readers) {
        auto with_ranges = std::find_if(started_tables.begin(), started_tables.end(),
                                        [](const LoadTable* table) { return !table->pending_ranges.empty(); });
        if (with_ranges != started_tables.end()) {
          LoadTable& table = **with_ranges;
          KeyRange range = table.pending_ranges.front();
          table.pending_ranges.erase(table.pending_ranges.begin());
          std::unique_ptr<ActiveRange> opened;
          CDC_RETURN_IF_ERROR(OpenRange(table, range, &opened));
          active.push_back(std::move(opened));
          continue;
        }
        if (queue.empty()) break;
        LoadTable* table = queue.front();
        queue.pop_front();
        bool deferred = false;
        CDC_RETURN_IF_ERROR(StartTable(*table, next_seq, /*alone=*/false, readers - active.size(), &deferred));
        if (deferred) {
          alone.push_back(table);
        } else if (table->phase != Phase::kDone) {
          started_tables.push_back(table);
        }
      }
      if (active.empty()) {
        if (alone.empty()) return Status::OK();
        bool deferred = false;
        CDC_RETURN_IF_ERROR(StartTable(*alone.front(), next_seq, /*alone=*/true, 1, &deferred));
        if (alone.front()->phase != Phase::kDone) started_tables.push_back(alone.front());
        alone.pop_front();
        continue;
      }
      uint64_t seen = ready->Count();
      bool progressed = false;
      for (size_t active_idx = 0; active_idx < active.size();) {
        Result<bool> drained = Drain(active[active_idx], next_seq, stop);
        if (!drained.ok()) return drained.status();
        progressed |= *drained;
        if (active[active_idx] == nullptr) {
          active.erase(active.begin() + static_cast<std::ptrdiff_t>(active_idx));
        } else {
          ++active_idx;
        }
      }
      if (!progressed) ready->WaitBeyond(seen, milliseconds(200));
    }
  }

  // Prepares a table whose load starts or resumes: its key, and the ranges left to read (a new
  // table: one range, or `ranges` ranges of an integer key split by value; a resumed one: the rest
  // of every range a crash interrupted).
  Status PrepareTable(LoadTable& table, const model::TableSchema& schema, const snapshot::ChunkingKey& key,
                      mysql::Connection& connection, size_t ranges) {
    std::vector<KeyColumn> columns;
    for (uint32_t column_idx : key.columns) {
      const model::ColumnSchema& column = schema.columns[column_idx];
      columns.push_back({column.name, column.kind, column.collation});
    }
    if (table.phase == Phase::kPending) {
      table.key_columns = std::move(columns);
      table.orderable = key.orderable;
      table.DeriveKey();
      table.segments.clear();
      SegmentsChanged();
      table.rows = 0;
      table.started_ms = WallClockMs();
      if (ranges > 1 && table.orderable) {  // readers free now: ranges of one table read at once
        CDC_ASSIGN_OR_RETURN(table.pending_ranges, SplitByValue(table, schema, connection, ranges));
      } else {
        table.pending_ranges = {KeyRange{}};
      }
      return Status::OK();
    }
    bool same_key = columns.size() == table.key_columns.size() && table.orderable == key.orderable;
    for (size_t part_idx = 0; same_key && part_idx < columns.size(); ++part_idx) {
      same_key = columns[part_idx].name == table.key_columns[part_idx].name &&
                 columns[part_idx].kind == table.key_columns[part_idx].kind &&
                 columns[part_idx].collation == table.key_columns[part_idx].collation;
    }
    if (!same_key) {
      return Status::InvalidArgument("full load of " + table.name(),
                                     "the table's key changed while it was being loaded; its load cannot resume");
    }
    // A range a crash interrupted ends at its last committed key (or vanishes if it has none); the
    // rest of it is read again in a new consistent read.
    table.pending_ranges.clear();
    std::vector<Segment> kept;
    for (Segment& segment : table.segments) {
      if (!segment.open) {
        kept.push_back(std::move(segment));
        continue;
      }
      table.pending_ranges.push_back(KeyRange{segment.through ? segment.through : segment.after, segment.limit});
      if (segment.through) {
        segment.open = false;
        segment.limit.reset();
        kept.push_back(std::move(segment));
      }
    }
    table.segments = std::move(kept);
    SegmentsChanged();
    return Status::OK();
  }

  // Up to `ranges` key ranges of about equal width: for a single integer key, from its MIN and MAX in
  // the consistent read (rows spread unevenly make uneven ranges; each is still read in chunks).
  Result<std::vector<KeyRange>> SplitByValue(const LoadTable& table, const model::TableSchema& schema,
                                             mysql::Connection& connection, size_t ranges) {
    std::vector<KeyRange> split;
    const bool integer = table.key_columns.size() == 1 && (table.key_columns[0].kind == model::ValueKind::kInt64 ||
                                                           table.key_columns[0].kind == model::ValueKind::kUInt64);
    const uint64_t split_rows = env.config->full_load.split_rows;
    if (!integer || table.estimated_rows < split_rows) return std::vector<KeyRange>{KeyRange{}};
    // Ranges of at least half the split size each.
    ranges = std::min<size_t>(ranges, std::max<uint64_t>(1, table.estimated_rows / std::max<uint64_t>(1, split_rows / 2)));
    std::string column = snapshot::QuoteIdentifier(table.key_columns[0].name);
    CDC_ASSIGN_OR_RETURN(mysql::QueryResult bounds,
                         connection.Query("SELECT MIN(" + column + "), MAX(" + column + ") FROM " +
                                          snapshot::QuoteIdentifier(schema.schema_name) + "." +
                                          snapshot::QuoteIdentifier(schema.table_name)));
    if (bounds.rows.empty() || bounds.rows[0].size() < 2 || !bounds.rows[0][0] || !bounds.rows[0][1]) {
      return std::vector<KeyRange>{KeyRange{}};
    }
    const bool is_signed = table.key_columns[0].kind == model::ValueKind::kInt64;
    // Offsets from MIN in unsigned arithmetic, so that the whole signed range fits.
    auto parse = [&](const std::string& text) -> uint64_t {
      return is_signed ? static_cast<uint64_t>(std::strtoll(text.c_str(), nullptr, 10)) ^ (uint64_t{1} << 63)
                       : std::strtoull(text.c_str(), nullptr, 10);
    };
    uint64_t low = parse(*bounds.rows[0][0]), high = parse(*bounds.rows[0][1]);
    if (high - low < ranges) return std::vector<KeyRange>{KeyRange{}};
    std::optional<snapshot::ChunkKey> after;
    for (size_t range_idx = 1; range_idx < ranges; ++range_idx) {
      const uint64_t span = high - low;  // (span / n) * i + (span % n) * i / n, without overflow
      uint64_t boundary = low + span / ranges * range_idx + span % ranges * range_idx / ranges;
      snapshot::ChunkKey limit = {snapshot::KeyPart{is_signed ? boundary ^ (uint64_t{1} << 63) : boundary, ""}};
      split.push_back(KeyRange{after, limit});
      after = limit;
    }
    split.push_back(KeyRange{after, std::nullopt});
    return split;
  }

  // Starts (or resumes) a table: reads its definition and key, records the definition (a new one),
  // and leaves its key ranges in table.pending_ranges. A table dropped since the listing is done.
  // With `alone` false, a table that can only be committed at its end is left for later
  // (*deferred, phase unchanged).
  Status StartTable(LoadTable& table, uint64_t* next_seq, bool alone, size_t ranges, bool* deferred) {
    *deferred = false;
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, Connect());
    CDC_ASSIGN_OR_RETURN(snapshot::SnapshotPoint point, PlaceNow(*connection));
    Result<mysql::TableHints> definition = mysql::ReadTableHints(*connection, table.schema, table.table);
    if (!definition.ok() && definition.status().IsNotFound()) {
      // Dropped since the listing (or since its load began): what was read stays, the stream has
      // the DROP after it.
      LogWarn(LogComponent::kSourceUnload, "table dropped during the full load; its load ends",
              {{"table", table.name()}});
      std::erase_if(table.segments, [](const Segment& segment) { return segment.open && !segment.through; });
      for (Segment& segment : table.segments) {
        segment.open = false;
        segment.limit.reset();
      }
      table.pending_ranges.clear();
      table.phase = Phase::kDone;
      table.finished_ms = WallClockMs();
      return Commit();
    }
    if (!definition.ok()) return definition.status().WithContext("full load of " + table.name());
    CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr schema, snapshot::SchemaFromDefinition(*definition, connection->flavor()));
    std::vector<std::string> names;
    for (const model::ColumnSchema& column : schema->columns) names.push_back(column.name);
    CDC_ASSIGN_OR_RETURN(std::vector<std::vector<uint32_t>> unique_keys,
                         snapshot::ReadUniqueKeys(*connection, table.schema, table.table, names));
    snapshot::ChunkingKey key = snapshot::ChooseChunkingKey(*schema, unique_keys);
    if (!key.orderable && !alone) {
      *deferred = true;
      return Status::OK();
    }
    if (table.phase == Phase::kPending) {
      CDC_RETURN_IF_ERROR(PrepareTable(table, *schema, key, *connection, ranges));
      // The definition takes a seq of its own, below the table's rows: an empty table's record is
      // then below the checkpoint's next_seq too, and kept.
      CDC_RETURN_IF_ERROR(env.tracker->Learn(table.schema, table.table, *definition, (*next_seq)++,
                                             {point.file, point.offset, point.gtid}, table.reload));
      for (std::string& record : env.tracker->TakePendingRecords()) {
        CDC_ASSIGN_OR_RETURN(uint64_t seq, capture::SchemaRecordSeq(record));
        env.lake->AddSchemaRecord(seq, std::move(record));
      }
      table.phase = Phase::kLoading;
      LogInfo(LogComponent::kSourceUnload, "full load of a table",
              {{"table", table.name()},
               {"estimated_rows", std::to_string(table.estimated_rows)},
               {"key", snapshot::KeyColumnList(*schema, key)},
               {"ranges", std::to_string(table.pending_ranges.size())},
               {"resumable", key.orderable ? "yes" : "no (one consistent read, committed at its end)"}});
      if (key.columns.empty()) {
        LogWarn(LogComponent::kSourceUnload,
                "table has no primary key and no unique key of NOT NULL columns: read in one consistent read",
                {{"table", table.name()}});
      }
    } else {
      std::optional<mysql::TableHints> tracked = env.tracker->Find(table.schema, table.table);
      if (!tracked || tracked->columns.size() != definition->columns.size()) {
        return Status::InvalidArgument("full load of " + table.name(),
                                       "the table was altered while it was being loaded; its load cannot resume");
      }
      CDC_RETURN_IF_ERROR(PrepareTable(table, *schema, key, *connection, ranges));
    }
    table.read_definition = *definition;
    table.read_schema = schema;
    table.read_key = key;
    CDC_ASSIGN_OR_RETURN(table.projection, env.rules->Project(schema));
    if (table.pending_ranges.empty()) return FinishTable(table);  // a resumed table whose reads had all ended
    return Status::OK();
  }

  // Opens a consistent read (with watermarks: a connection) for one key range of a started table
  // and starts its reader, on `connection` when given (else a new one).
  Status OpenRange(LoadTable& table, const KeyRange& range, std::unique_ptr<ActiveRange>* active,
                   std::unique_ptr<mysql::Connection> connection = nullptr) {
    if (connection == nullptr) {
      CDC_ASSIGN_OR_RETURN(connection, Connect());
    }
    // With watermarks each chunk brings its own place; until the first, the range holds the
    // stream's start (no change is filtered by a range that has no row yet).
    snapshot::SnapshotPoint point{stream_start.file, stream_start.offset, stream_start.gtid};
    if (!watermarks) {
      CDC_ASSIGN_OR_RETURN(point, snapshot::BeginConsistentRead(*connection));
    }
    table.segments.push_back(Segment{range.after, std::nullopt, range.limit, true, point});
    SegmentsChanged();
    auto opened = std::make_unique<ActiveRange>(env.config->source);
    opened->table = &table;
    opened->segment = table.segments.size() - 1;
    opened->reader = NewReader(std::move(connection), table, range, point);
    *active = std::move(opened);
    return Status::OK();
  }

  // Takes what a range's reader has ready (a few batches at most, to be fair to the other ranges):
  // appends the rows, commits at chunk ends (resumable tables), ends the range at its end (*active
  // reset; the table too when it was its last). On a lost connection a resumable table commits
  // and reads the rest of the range in a new consistent read, once the source can be reached again
  // (Reconnect). Returns whether anything was taken.
  Result<bool> Drain(std::unique_ptr<ActiveRange>& active, uint64_t* next_seq, const std::atomic<bool>* stop) {
    LoadTable& table = *active->table;
    for (int batch_idx = 0; batch_idx < 4; ++batch_idx) {
      const snapshot::RowBatch* batch = nullptr;
      Result<bool> polled = active->reader->Poll(&batch);
      if (!polled.ok()) {
        Status error = polled.status();
        if (!error.IsUnavailable() || !table.orderable || active->backoff.attempts() >= kReadRetries) {
          return error.WithContext("full load of " + table.name());
        }
        active->reader.reset();
        Segment& segment = table.segments[active->segment];
        KeyRange rest{segment.through ? segment.through : segment.after, segment.limit};
        if (segment.through) {  // what was read stays a range of its own, at its read's place
          segment.open = false;
          segment.limit.reset();
        }
        CDC_RETURN_IF_ERROR(Commit());
        uint32_t delay = active->backoff.NextDelayMs();
        LogWarn(LogComponent::kSourceUnload,
                "full load read lost its connection; resuming after the last row",
                {{"table", table.name()}, {"error", error.ToString()}, {"delay_ms", std::to_string(delay)}});
        std::this_thread::sleep_for(milliseconds(delay));
        Backoff backoff = active->backoff;
        CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, Reconnect(stop));
        if (!segment.through) {
          // Nothing of the range was read: it is read again whole, under the same segment.
          if (!watermarks) {
            CDC_ASSIGN_OR_RETURN(segment.point, snapshot::BeginConsistentRead(*connection));
            SegmentsChanged();
          }
          active->reader = NewReader(std::move(connection), table, rest, segment.point);
        } else {
          CDC_RETURN_IF_ERROR(OpenRange(table, rest, &active, std::move(connection)));
        }
        active->backoff = backoff;
        return true;
      }
      if (!*polled) return batch_idx > 0;
      if (batch == nullptr) {
        Segment& segment = table.segments[active->segment];
        segment.open = false;
        segment.through = segment.limit;  // the whole range (nullopt: to the end of the key space)
        segment.limit.reset();
        active.reset();  // joins the reading thread
        bool last = table.pending_ranges.empty() &&
                    std::none_of(table.segments.begin(), table.segments.end(),
                                 [](const Segment& other) { return other.open; });
        CDC_RETURN_IF_ERROR(last ? FinishTable(table) : Commit());
        return true;
      }
      CDC_RETURN_IF_ERROR(Append(*active, *batch, next_seq));
    }
    return true;
  }

  Status Append(ActiveRange& active, const snapshot::RowBatch& batch, uint64_t* next_seq) {
    LoadTable& table = *active.table;
    if (batch.point.file != table.segments[active.segment].point.file ||
        batch.point.offset != table.segments[active.segment].point.offset) {
      StartChunkAt(active, batch.point);
    }
    int64_t now = WallClockMs();
    const model::ChangeBatch& rows = batch.rows;
    if (!rows.empty()) {
      format::ChangeContext context{*next_seq, now * 1000};
      CDC_RETURN_IF_ERROR(env.lake->Append(table.projection, rows, 0, rows.size(), context, format::FileKind::kFullLoad));
      *next_seq += rows.size();
      table.rows += rows.size();
      env.lake->stats(table.name()).full_load_rows += rows.size();
      if (env.metrics != nullptr) {
        const metrics::Labels labels = {{"table", table.name()}};
        env.metrics->counter("lakefeed_full_load_rows_source_total", "Rows read by the full load, by table", labels)
            .Inc(rows.size());
        env.metrics->gauge("lakefeed_full_load_table_rows", "Rows the full load has read of each table", labels)
            .Set(static_cast<double>(table.rows));
        env.metrics->gauge("lakefeed_full_load_table_estimated_rows",
                           "The table's estimated rows when its load began (information_schema)", labels)
            .Set(static_cast<double>(table.estimated_rows));
      }
    }
    if (now - active.last_log_ms >= kProgressLogMs) {
      active.last_log_ms = now;
      double elapsed_s = std::max<double>(1, static_cast<double>(now - table.started_ms)) / 1000;
      double rate = static_cast<double>(table.rows) / elapsed_s;
      uint64_t left = table.estimated_rows > table.rows ? table.estimated_rows - table.rows : 0;
      LogInfo(LogComponent::kSourceUnload, "full load progress",
              {{"table", table.name()},
               {"rows", std::to_string(table.rows)},
               {"estimated_rows", std::to_string(table.estimated_rows)},
               {"rows_per_second", std::to_string(static_cast<uint64_t>(rate))},
               {"eta_seconds", std::to_string(rate > 0 ? static_cast<uint64_t>(left / rate) : 0)}});
    }
    if (table.orderable) {
      // What is appended is what a commit covers, at a chunk's end or when the load stops early.
      table.segments[active.segment].through = batch.last_key;
      if (batch.ends_chunk) {
        CDC_RETURN_IF_ERROR(Commit());
        active.backoff.Reset();  // the retries count lost connections in a row
      }
    }
    return Status::OK();
  }

  // With watermarks, a chunk exact at a place of its own: the range's rows committed so far stay a
  // segment at their place, the rest of the range goes on at the new one.
  void StartChunkAt(ActiveRange& active, const snapshot::SnapshotPoint& point) {
    LoadTable& table = *active.table;
    Segment& segment = table.segments[active.segment];
    if (segment.through) {
      Segment rest{segment.through, std::nullopt, segment.limit, true, point};
      segment.open = false;
      segment.limit.reset();
      table.segments.push_back(std::move(rest));
      active.segment = table.segments.size() - 1;
    } else {
      segment.point = point;
    }
    SegmentsChanged();
  }

  Status FinishTable(LoadTable& table) {
    table.phase = Phase::kDone;
    table.finished_ms = WallClockMs();
    table.read_definition = {};
    table.read_schema.reset();
    table.projection.reset();
    int64_t elapsed_ms = std::max<int64_t>(1, table.finished_ms - table.started_ms);
    double seconds = static_cast<double>(elapsed_ms) / 1000;
    LogInfo(LogComponent::kTargetLoad, "table loaded",
            {{"table", table.name()},
             {"rows", std::to_string(table.rows)},
             {"ms", std::to_string(elapsed_ms)},
             {"rows_per_second", std::to_string(static_cast<uint64_t>(table.rows / seconds))}});
    return Commit();
  }

  // ----------------------------------------------------------------------------------- filter
  LoadTable* Find(std::string_view schema, std::string_view table) {
    for (LoadTable& entry : tables) {
      if (entry.schema == schema && entry.table == table) return &entry;
    }
    return nullptr;
  }
};

Result<std::vector<TableLoadProgress>> ReadFullLoadProgress(std::string_view json) {
  FullLoad::Impl state;
  CDC_RETURN_IF_ERROR(state.Restore(json));
  std::vector<TableLoadProgress> progress;
  for (const LoadTable& table : state.tables) {
    progress.push_back({table.name(), std::string(ToString(table.phase)), table.rows, table.estimated_rows,
                        table.started_ms, table.finished_ms});
  }
  return progress;
}

FullLoad::FullLoad(Environment environment) : impl_(std::make_unique<Impl>()) { impl_->env = std::move(environment); }
FullLoad::~FullLoad() = default;

Status FullLoad::Restore(std::string_view json) { return impl_->Restore(json); }

bool FullLoad::started() const { return impl_->started; }

bool FullLoad::finished() const {
  return impl_->started && std::all_of(impl_->tables.begin(), impl_->tables.end(),
                                       [](const LoadTable& table) { return table.phase == Phase::kDone; });
}

Status FullLoad::Run(uint64_t* next_seq, model::ResumePoint* stream_start, const std::atomic<bool>* stop) {
  return impl_->Run(next_seq, stream_start, stop);
}

Status FullLoad::Reload(std::string_view schema, std::string_view table, uint64_t* next_seq,
                        const model::ResumePoint& at, const std::atomic<bool>* stop) {
  return impl_->Reload(schema, table, next_seq, at, stop);
}

model::ResumePoint FullLoad::stream_start() const { return impl_->stream_start; }

bool FullLoad::MayOverlap(const model::SourcePosition& committed) const {
  const std::optional<snapshot::SnapshotPoint>& last = impl_->last_point;
  return last.has_value() &&
         model::CompareBinlogPlaces(committed.file, committed.offset, last->file, last->offset) <= 0;
}

Result<bool> FullLoad::AlreadyLoaded(const model::ChangeBatch& rows, size_t change_idx,
                                     const model::SourcePosition& committed) {
  const model::TableSchema& schema = rows.schema();
  LoadTable* table = impl_->Find(schema.schema_name, schema.table_name);
  if (table == nullptr || table->segments.empty()) return false;
  // In a read when the transaction committed at or before the read's place: first against the
  // table's latest read (no key needed past it), then against the read of the row's key range.
  auto in_read = [&](const snapshot::SnapshotPoint& point) {
    return model::CompareBinlogPlaces(committed.file, committed.offset, point.file, point.offset) <= 0;
  };
  if (!in_read(*table->latest_point)) return false;
  if (!table->orderable || table->segments.size() == 1) return in_read(table->segments.front().point);

  if (table->mapped_schema != rows.schema_ptr()) {
    table->mapped_columns.clear();
    for (const KeyColumn& key_column : table->key_columns) {
      auto found = std::find_if(schema.columns.begin(), schema.columns.end(),
                                [&](const model::ColumnSchema& column) { return column.name == key_column.name; });
      if (found == schema.columns.end() || found->kind != key_column.kind) {
        return Status::InvalidArgument("change stream of " + table->name(),
                                       "key column " + key_column.name + " of the full load is not in the row");
      }
      table->mapped_columns.push_back(static_cast<uint32_t>(found - schema.columns.begin()));
    }
    table->mapped_schema = rows.schema_ptr();
  }
  // The row's key: from the before image of U and D, the after image of I. A minimal after image
  // of the I that ends a primary-key update (D + I) may lack the key columns the update kept: those
  // come from the D's before image.
  const std::vector<model::RowChange>& changes = rows.changes();
  const model::RowChange& change = changes[change_idx];
  const bool insert = change.op == model::ChangeOp::kInsert || change.before == model::RowChange::kNoImage;
  uint32_t image = insert ? change.after : change.before;
  uint32_t fallback = model::RowChange::kNoImage;
  if (insert && change_idx > 0 && changes[change_idx - 1].op == model::ChangeOp::kDelete) {
    fallback = changes[change_idx - 1].before;
  }
  snapshot::ChunkKey key;
  for (uint32_t column_idx : table->mapped_columns) {
    const model::ColumnVector& column = rows.column(column_idx);
    uint32_t from = column.is_value(image) ? image : fallback;
    if (from == model::RowChange::kNoImage || !column.is_value(from)) {
      return Status::InvalidArgument("change stream of " + table->name(),
                                     "a row change lacks key column " + schema.columns[column_idx].name +
                                         " (binlog_row_image must keep the primary key)");
    }
    snapshot::KeyPart part;
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      part.bytes = std::string(column.bytes(from));
    } else {
      part.slot = column.slot(from);
    }
    key.push_back(std::move(part));
  }
  const Segment* segment = table->SegmentOf(key);
  return segment != nullptr && in_read(segment->point);
}

Status FullLoad::CheckDdl(std::string_view schema, std::string_view table, const model::SourcePosition& position) const {
  for (const LoadTable& entry : impl_->tables) {
    if (entry.schema != schema || entry.table != table) continue;
    for (const Segment& segment : entry.segments) {
      if (model::CompareBinlogPlaces(position.file, position.offset, segment.point.file, segment.point.offset) < 0) {
        return Status::InvalidArgument(
            "schema change of " + entry.name() + " at " + position.file + ":" + std::to_string(position.offset),
            "the full load read the table after this statement; the load and the change stream disagree on its "
            "columns. Start the task again with an empty target to load it anew");
      }
    }
  }
  return Status::OK();
}

}  // namespace cdc::pipeline
