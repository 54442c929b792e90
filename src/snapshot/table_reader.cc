#include "snapshot/table_reader.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

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
                                "(binlog_snapshot_position); MySQL's watermark method is not built yet");
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
  for (const auto& row : result.rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    auto column = std::find(columns.begin(), columns.end(), *row[1]);
    if (column == columns.end()) continue;  // an expression key part: not a column we can chunk by
    if (keys.empty() || *row[0] != current) {
      keys.emplace_back();
      current = *row[0];
    }
    keys.back().push_back(static_cast<uint32_t>(column - columns.begin()));
  }
  return keys;
}

TableReader::TableReader(mysql::Connection* connection, model::TableSchemaPtr schema, ChunkingKey key,
                         std::optional<ChunkKey> after, SnapshotPoint point, TableReadOptions options)
    : connection_(connection),
      schema_(std::move(schema)),
      key_(std::move(key)),
      last_key_(std::move(after)),
      point_(std::move(point)),
      options_(options),
      rows_(std::make_unique<RowReader>(schema_)),
      chunk_rows_(std::clamp(options.initial_chunk_rows, options.min_chunk_rows, options.max_chunk_rows)) {}

TableReader::~TableReader() = default;

std::string TableReader::ChunkQuery() const {
  std::string sql = "SELECT " + rows_->select_list() + " FROM " + TableName(*schema_);
  if (key_.columns.empty()) return sql;
  if (last_key_.has_value()) sql += " WHERE " + KeyAfterCondition(*schema_, key_, *last_key_);
  sql += " ORDER BY " + KeyColumnList(*schema_, key_) + " LIMIT " + std::to_string(chunk_rows_);
  return sql;
}

void TableReader::AdaptChunkSize(size_t rows, uint64_t bytes, int64_t elapsed_ms) {
  if (rows == 0) return;
  uint64_t by_time = rows * uint64_t{options_.target_chunk_ms} / static_cast<uint64_t>(std::max<int64_t>(elapsed_ms, 1));
  uint64_t by_bytes = options_.max_chunk_bytes / std::max<uint64_t>(bytes / rows, 1);
  // At most double per step, so that one fast chunk of a table's small end does not overshoot.
  uint64_t next = std::min({by_time, by_bytes, uint64_t{chunk_rows_} * 2});
  chunk_rows_ = static_cast<uint32_t>(
      std::clamp<uint64_t>(next, options_.min_chunk_rows, options_.max_chunk_rows));
}

Result<bool> TableReader::NextChunk(model::ChangeBatch* batch) {
  batch->Clear();
  if (exhausted_) return false;
  model::ChangeOrigin origin;
  origin.position = {point_.file, point_.offset, point_.gtid};
  origin.end_log_pos = point_.offset;
  uint32_t origin_index = batch->AddOrigin(std::move(origin));

  const bool keyed = !key_.columns.empty();
  const int64_t started_ms = SteadyMs();
  std::unique_ptr<mysql::RowCursor> chunk_cursor;
  mysql::RowCursor* cursor = nullptr;
  if (keyed) {
    CDC_ASSIGN_OR_RETURN(chunk_cursor, connection_->OpenCursor(ChunkQuery()));
    cursor = chunk_cursor.get();
  } else {
    if (keyless_cursor_ == nullptr) {
      CDC_ASSIGN_OR_RETURN(keyless_cursor_, connection_->OpenCursor(ChunkQuery()));
    }
    cursor = keyless_cursor_.get();
  }

  size_t rows = 0;
  uint64_t bytes = 0;
  mysql::TextRow row;
  while (rows < chunk_rows_) {
    CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
    if (!more) {
      exhausted_ = true;
      break;
    }
    for (uint32_t cell_idx = 0; cell_idx < row.count; ++cell_idx) bytes += row.lengths[cell_idx];
    CDC_RETURN_IF_ERROR(rows_->AppendInsert(row, origin_index, batch));
    ++rows;
  }
  if (keyed) {
    // A full chunk leaves the table's end unknown; the next chunk asks again from its last key.
    chunk_cursor.reset();
    if (rows > 0) {
      CDC_ASSIGN_OR_RETURN(last_key_, ExtractChunkKey(*batch, static_cast<uint32_t>(rows - 1), key_));
    }
    AdaptChunkSize(rows, bytes, SteadyMs() - started_ms);
  } else if (exhausted_) {
    keyless_cursor_.reset();
  }
  return rows > 0;
}

}  // namespace cdc::snapshot
