#include "binlog/event_json.h"

#include <nlohmann/json.hpp>

#include "binlog/decoder.h"
#include "model/change_batch.h"
#include "model/field_type.h"

namespace cdc::binlog {

namespace {

using nlohmann::json;

// Length of the valid UTF-8 sequence at `p` (RFC 3629: no overlongs, no surrogates, <= U+10FFFF),
// or 0 if the bytes there are not one.
size_t Utf8SequenceLength(const uint8_t* p, size_t remaining) {
  uint8_t lead = p[0];
  if (lead < 0x80) return 1;
  size_t length = 0;
  uint8_t min_second = 0x80, max_second = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) min_second = 0xa0;
    if (lead == 0xed) max_second = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) min_second = 0x90;
    if (lead == 0xf4) max_second = 0x8f;
  } else {
    return 0;
  }
  if (remaining < length) return 0;
  if (p[1] < min_second || p[1] > max_second) return 0;
  for (size_t byte_idx = 2; byte_idx < length; ++byte_idx) {
    if (p[byte_idx] < 0x80 || p[byte_idx] > 0xbf) return 0;
  }
  return length;
}

std::string HexBytes(ByteView bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xf]);
  }
  return out;
}

json QueryStatusJson(const QueryStatusVars& vars) {
  json out = json::object();
  if (vars.flags2) out["flags2"] = *vars.flags2;
  if (vars.sql_mode) out["sql_mode"] = *vars.sql_mode;
  if (vars.catalog) out["catalog"] = JsonSafeText(*vars.catalog);
  if (vars.auto_increment_increment) {
    out["auto_increment_increment"] = *vars.auto_increment_increment;
    out["auto_increment_offset"] = *vars.auto_increment_offset;
  }
  if (vars.charset) {
    out["character_set_client"] = (*vars.charset)[0];
    out["collation_connection"] = (*vars.charset)[1];
    out["collation_server"] = (*vars.charset)[2];
  }
  if (vars.time_zone) out["time_zone"] = JsonSafeText(*vars.time_zone);
  if (vars.lc_time_names) out["lc_time_names"] = *vars.lc_time_names;
  if (vars.charset_database) out["collation_database"] = *vars.charset_database;
  if (vars.table_map_for_update) out["table_map_for_update"] = *vars.table_map_for_update;
  if (vars.master_data_written) out["master_data_written"] = *vars.master_data_written;
  if (vars.invoker_user) {
    out["invoker_user"] = JsonSafeText(*vars.invoker_user);
    out["invoker_host"] = JsonSafeText(*vars.invoker_host);
  }
  if (vars.updated_db_count) {
    out["updated_db_count"] = *vars.updated_db_count;
    json names = json::array();
    for (std::string_view name : vars.updated_db_names) names.push_back(JsonSafeText(name));
    out["updated_db_names"] = std::move(names);
  }
  if (vars.microseconds) out["microseconds"] = *vars.microseconds;
  if (vars.explicit_defaults_for_timestamp) out["explicit_defaults_for_timestamp"] = *vars.explicit_defaults_for_timestamp;
  if (vars.ddl_xid) out["ddl_xid"] = *vars.ddl_xid;
  if (vars.default_collation_for_utf8mb4) out["default_collation_for_utf8mb4"] = *vars.default_collation_for_utf8mb4;
  if (vars.sql_require_primary_key) out["sql_require_primary_key"] = *vars.sql_require_primary_key;
  if (vars.default_table_encryption) out["default_table_encryption"] = *vars.default_table_encryption;
  if (vars.enable_cascade_triggers) out["enable_cascade_triggers"] = *vars.enable_cascade_triggers;
  if (vars.hrnow_microseconds) out["hrnow"] = *vars.hrnow_microseconds;
  if (vars.mariadb_xid) out["xid"] = *vars.mariadb_xid;
  if (vars.gtid_flags3) out["gtid_flags3"] = *vars.gtid_flags3;
  if (vars.start_alter_seq_no) out["start_alter_seq_no"] = *vars.start_alter_seq_no;
  if (vars.character_set_collations) out["character_set_collations"] = HexBytes(*vars.character_set_collations);
  if (!vars.undecoded.empty()) out["undecoded"] = HexBytes(vars.undecoded);
  return out;
}

void AddTable(const TableMapRef& table, json* out) {
  if (table.map == nullptr) return;
  (*out)["table_id"] = table.map->table_id;
  (*out)["schema"] = JsonSafeText(table.map->schema_name);
  (*out)["table"] = JsonSafeText(table.map->table_name);
}

struct BodyVisitor {
  const DecodedEvent& event;
  json& out;

  void operator()(const UnknownEvent& body) {
    out["ignorable"] = body.ignorable;
    out["body_size"] = body.body.size();
  }
  void operator()(const FormatDescription& body) {
    out["binlog_version"] = body.binlog_version;
    out["server_version"] = JsonSafeText(body.server_version);
    out["create_timestamp"] = body.create_timestamp;
    out["checksum"] = std::string(ToString(body.checksum));
  }
  void operator()(const StartV3Event& body) {
    out["binlog_version"] = body.binlog_version;
    out["server_version"] = JsonSafeText(body.server_version);
  }
  void operator()(const StopEvent&) {}
  void operator()(const RotateEvent& body) {
    out["next_file"] = JsonSafeText(body.next_file);
    out["position"] = body.position;
  }
  void operator()(const QueryEvent& body) {
    out["thread_id"] = body.thread_id;
    out["exec_time"] = body.exec_time;
    out["error_code"] = body.error_code;
    out["schema"] = JsonSafeText(body.schema);
    out["query"] = JsonSafeText(body.query);
    out["status"] = QueryStatusJson(body.status);
  }
  void operator()(const XidEvent& body) { out["xid"] = body.xid; }
  void operator()(const IntvarEvent& body) {
    out["var_type"] = body.type == 1 ? "LAST_INSERT_ID" : body.type == 2 ? "INSERT_ID" : "INVALID";
    out["value"] = body.value;
  }
  void operator()(const RandEvent& body) {
    out["seed1"] = body.seed1;
    out["seed2"] = body.seed2;
  }
  void operator()(const UserVarEvent& body) {
    out["name"] = JsonSafeText(body.name);
    out["is_null"] = body.is_null;
    if (!body.is_null) {
      out["value_type"] = body.value_type;
      out["charset"] = body.charset;
      out["value_hex"] = HexBytes(body.value);
      out["value_flags"] = body.flags;
    }
  }
  void operator()(const GtidEvent& body) {
    out["gtid"] = body.anonymous ? json(nullptr) : json(JsonSafeText(body.ToGtidString()));
    out["anonymous"] = body.anonymous;
    if (!body.tag.empty()) out["tag"] = JsonSafeText(body.tag);
    out["gtid_flags"] = body.flags;
    out["last_committed"] = body.last_committed;
    out["sequence_number"] = body.sequence_number;
    out["immediate_commit_timestamp"] = body.immediate_commit_timestamp;
    out["original_commit_timestamp"] = body.original_commit_timestamp;
    out["transaction_length"] = body.transaction_length;
    out["immediate_server_version"] = body.immediate_server_version;
    out["original_server_version"] = body.original_server_version;
  }
  void operator()(const PreviousGtidsEvent& body) { out["gtid_set"] = body.gtids.ToString(); }
  void operator()(const MariaGtidEvent& body) {
    out["gtid"] = body.gtid().ToString();
    out["domain_id"] = body.domain_id;
    out["seq_no"] = body.seq_no;
    out["flags2"] = body.flags2;
    if ((body.flags2 & MariaGtidEvent::kFlagGroupCommitId) != 0) out["commit_id"] = body.commit_id;
    if ((body.flags2 & (MariaGtidEvent::kFlagPreparedXa | MariaGtidEvent::kFlagCompletedXa)) != 0) {
      out["xa_format_id"] = body.xa_format_id;
      out["xa_gtrid"] = JsonSafeText(body.xa_gtrid);
      out["xa_bqual"] = JsonSafeText(body.xa_bqual);
    }
    if (body.flags_extra != 0) out["flags_extra"] = body.flags_extra;
  }
  void operator()(const MariaGtidListEvent& body) {
    json gtids = json::array();
    for (const model::MariaGtid& gtid : body.gtids) gtids.push_back(gtid.ToString());
    out["gtids"] = std::move(gtids);
    if (body.flags != 0) out["list_flags"] = body.flags;
  }
  void operator()(const BinlogCheckpointEvent& body) { out["checkpoint_file"] = JsonSafeText(body.file); }
  void operator()(const AnnotateRowsEvent& body) { out["query"] = JsonSafeText(body.query); }
  void operator()(const RowsQueryEvent& body) { out["query"] = JsonSafeText(body.query); }
  void operator()(const HeartbeatEvent& body) {
    out["log_file"] = JsonSafeText(body.log_file);
    out["log_position"] = body.log_position;
  }
  void operator()(const XaPrepareEvent& body) {
    out["one_phase"] = body.one_phase;
    out["xa_format_id"] = body.format_id;
    out["xa_gtrid"] = JsonSafeText(body.gtrid);
    out["xa_bqual"] = JsonSafeText(body.bqual);
  }
  void operator()(const IncidentEvent& body) {
    out["incident"] = body.code;
    out["message"] = JsonSafeText(body.message);
  }
  void operator()(const TransactionPayloadEvent& body) {
    out["compression"] = std::string(ToString(body.compression));
    out["payload_size"] = body.payload_size;
    out["uncompressed_size"] = body.uncompressed_size;
  }
  void operator()(const TableMapRef& body) {
    AddTable(body, &out);
    if (body.map == nullptr) return;
    out["table_flags"] = body.map->flags;
    json columns = json::array();
    for (size_t column_idx = 0; column_idx < body.map->column_count(); ++column_idx) {
      json column = json::object();
      const model::ColumnSchema* schema =
          body.schema != nullptr && column_idx < body.schema->columns.size() ? &body.schema->columns[column_idx] : nullptr;
      column["name"] = schema != nullptr && !schema->name.empty() ? JsonSafeText(schema->name)
                                                                  : "@" + std::to_string(column_idx + 1);
      uint8_t wire = body.map->column_types[column_idx];
      column["type"] = wire;
      column["type_name"] = std::string(model::ToString(static_cast<model::FieldType>(wire)));
      column["meta"] = body.map->column_meta[column_idx];
      column["nullable"] = static_cast<bool>(body.map->nullable[column_idx]);
      if (schema != nullptr) {
        column["unsigned"] = schema->is_unsigned;
        if (schema->collation != 0) column["collation"] = schema->collation;
      }
      columns.push_back(std::move(column));
    }
    out["columns"] = std::move(columns);
  }
  void operator()(const RowsEventHeader& body) {
    AddTable(event.table, &out);
    if (event.table.map == nullptr) out["table_id"] = body.table_id;
    out["op"] = std::string(model::ToString(body.op));
    out["rows_version"] = body.version;
    out["rows_flags"] = body.flags;
    out["column_count"] = body.column_count;
    if (body.partial) out["partial"] = true;
  }
};

}  // namespace

std::string JsonSafeText(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  size_t pos = 0;
  while (pos < bytes.size()) {
    size_t length = Utf8SequenceLength(p + pos, bytes.size() - pos);
    if (length == 0) {
      out.append("\\x");
      out.push_back(kHex[p[pos] >> 4]);
      out.push_back(kHex[p[pos] & 0xf]);
      ++pos;
    } else {
      out.append(bytes.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

nlohmann::json EventToJson(const DecodedEvent& event) {
  json out = json::object();
  uint8_t code = event.header.type_code;
  out["event"] = std::string(ToString(event.header.type()));  // "Unknown" for codes EventType does not name
  out["type"] = code;
  out["file"] = JsonSafeText(event.file);
  out["pos"] = event.offset;
  out["end_log_pos"] = event.header.log_pos;
  out["size"] = event.header.event_size;
  out["ts"] = event.header.timestamp;
  out["server_id"] = event.header.server_id;
  out["flags"] = event.header.flags;
  out["inner"] = event.inner;
  std::visit(BodyVisitor{event, out}, event.body);
  return out;
}

std::string EventToJsonLine(const DecodedEvent& event) {
  return EventToJson(event).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace cdc::binlog
