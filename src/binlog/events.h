#pragma once

// Decoders of every binlog event that is not a rows or TABLE_MAP event.
//
// Each Decode* takes the event body -- the bytes after the common header, WITHOUT the trailing
// checksum -- and the FormatDescription in force, and returns Corruption when the body is shorter
// than its fields say. Decoded text fields are std::string_view / ByteView into `body`: the caller
// keeps the bytes alive while it uses the event (the stream Decoder does so for the duration of a
// sink callback).
//
// Layouts follow MySQL's libbinlogevents (libs/mysql/binlog/event/{control,statement,load_data}_events.h
// and the matching .cpp; 8.4 serialization framework for GTID_TAGGED) and MariaDB's sql/log_event.h and
// sql/log_event.cc / log_event_server.cc. The citation for each event is at its decoder.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "binlog/event_header.h"
#include "model/gtid.h"

namespace cdc::binlog {

// ---------------------------------------------------------------------------------------------
// START_EVENT_V3 (type 1; binlog v1 and v3, MySQL < 5.0): binlog_version u16, server_version
// char[50], create_timestamp u32. Files with it are decoded only as far as this event: their QUERY
// and other events use different header layouts, so the Decoder rejects the following events with
// NotSupported.
struct StartV3Event {
  uint16_t binlog_version = 0;
  std::string_view server_version;  // NUL padding stripped
  uint32_t create_timestamp = 0;
};
Result<StartV3Event> DecodeStartV3(ByteView body);

// STOP_EVENT (type 3): no body (MariaDB may carry nothing either).
struct StopEvent {};

// ROTATE_EVENT (type 4; MySQL Rotate_event): position u64, then the next file name up to the end of
// the body (not NUL-terminated).
struct RotateEvent {
  uint64_t position = 0;
  std::string_view next_file;
};
Result<RotateEvent> DecodeRotate(ByteView body, const FormatDescription& format);

// QUERY_EVENT status variables (MySQL Query_event::Query_event, enum Query_event_status_vars;
// MariaDB Query_log_event). Only those present in the event are set.
struct QueryStatusVars {
  std::optional<uint32_t> flags2;                  // Q_FLAGS2_CODE (0)
  std::optional<uint64_t> sql_mode;                // Q_SQL_MODE_CODE (1)
  std::optional<std::string_view> catalog;         // Q_CATALOG_CODE (2) or Q_CATALOG_NZ_CODE (6)
  std::optional<uint16_t> auto_increment_increment;  // Q_AUTO_INCREMENT (3)
  std::optional<uint16_t> auto_increment_offset;
  // Q_CHARSET_CODE (4): character_set_client, collation_connection, collation_server (ids).
  std::optional<std::array<uint16_t, 3>> charset;
  std::optional<std::string_view> time_zone;       // Q_TIME_ZONE_CODE (5)
  std::optional<uint16_t> lc_time_names;           // Q_LC_TIME_NAMES_CODE (7)
  std::optional<uint16_t> charset_database;        // Q_CHARSET_DATABASE_CODE (8)
  std::optional<uint64_t> table_map_for_update;    // Q_TABLE_MAP_FOR_UPDATE_CODE (9)
  std::optional<uint32_t> master_data_written;     // Q_MASTER_DATA_WRITTEN_CODE (10)
  std::optional<std::string_view> invoker_user;    // Q_INVOKER (11)
  std::optional<std::string_view> invoker_host;
  // Q_UPDATED_DB_NAMES (12). `updated_db_count` 254 (OVER_MAX_DBS_IN_EVENT_MTS) means "too many to
  // list" and then no names follow.
  std::optional<uint8_t> updated_db_count;
  std::vector<std::string_view> updated_db_names;
  std::optional<uint32_t> microseconds;            // Q_MICROSECONDS (13), 3 bytes
  std::optional<uint8_t> explicit_defaults_for_timestamp;  // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP (16)
  std::optional<uint64_t> ddl_xid;                 // Q_DDL_LOGGED_WITH_XID (17)
  std::optional<uint16_t> default_collation_for_utf8mb4;  // Q_DEFAULT_COLLATION_FOR_UTF8MB4 (18)
  std::optional<uint8_t> sql_require_primary_key;  // Q_SQL_REQUIRE_PRIMARY_KEY (19)
  std::optional<uint8_t> default_table_encryption;  // Q_DEFAULT_TABLE_ENCRYPTION (20)
  std::optional<uint32_t> hrnow_microseconds;      // MariaDB Q_HRNOW (128), 3 bytes
  std::optional<uint64_t> mariadb_xid;             // MariaDB Q_XID (129)
  std::optional<uint8_t> gtid_flags3;              // MariaDB Q_GTID_FLAGS3 (130)
  std::optional<uint64_t> start_alter_seq_no;      // MariaDB Q_GTID_FLAGS3 with COMMIT/ROLLBACK_ALTER
  // MariaDB Q_CHARACTER_SET_COLLATIONS (131, 11.2+): count u8, then count pairs of u16 ids; kept raw.
  std::optional<ByteView> character_set_collations;
  std::optional<uint8_t> enable_cascade_triggers;  // MySQL Q_ENABLE_CASCADE_TRIGGERS (21, 9.x)
  // Like the servers (Query_event::Query_event, Query_log_event::Query_log_event), decoding stops at
  // the first status-var code it does not know: its length is unknown, so the rest of the block is
  // kept here undecoded, starting with that code (empty when every code was known). The schema and
  // query are still exact, since the block's total length is in the post-header.
  ByteView undecoded;
};

// QUERY_EVENT (type 2; MySQL Query_event, MariaDB Query_log_event). Post-header: thread_id u32,
// exec_time u32, schema_length u8, error_code u16, status_vars_length u16 (binlog v4). Body:
// status vars, schema, NUL, query to the end of the body. The query is kept raw: it may hold any
// byte (e.g. a password hash).
struct QueryEvent {
  uint32_t thread_id = 0;
  uint32_t exec_time = 0;
  uint16_t error_code = 0;
  QueryStatusVars status;
  std::string_view schema;
  std::string_view query;
};
// Corruption when a field or a known status var is truncated, the status block runs past the body,
// or the schema is not NUL-terminated; NotSupported for the pre-5.0 post-header (binlog v1/v3). An
// unknown status-var code is not an error (see QueryStatusVars::undecoded).
Result<QueryEvent> DecodeQuery(ByteView body, const FormatDescription& format);

// XID_EVENT (type 16): xid u64.
struct XidEvent {
  uint64_t xid = 0;
};
Result<XidEvent> DecodeXid(ByteView body);

// INTVAR_EVENT (type 5): type u8 (1 LAST_INSERT_ID, 2 INSERT_ID), value u64.
struct IntvarEvent {
  uint8_t type = 0;
  uint64_t value = 0;
};
Result<IntvarEvent> DecodeIntvar(ByteView body);

// RAND_EVENT (type 13): seed1 u64, seed2 u64.
struct RandEvent {
  uint64_t seed1 = 0;
  uint64_t seed2 = 0;
};
Result<RandEvent> DecodeRand(ByteView body);

// USER_VAR_EVENT (type 14; MySQL User_var_event): name_length u32, name, is_null u8; when not null:
// value_type u8 (Item_result), charset u32, value_length u32, value, and optionally flags u8
// (UNSIGNED_F = 1).
struct UserVarEvent {
  std::string_view name;
  bool is_null = false;
  uint8_t value_type = 0;   // 0 STRING, 1 REAL, 2 INT, 4 DECIMAL
  uint32_t charset = 0;
  ByteView value;
  uint8_t flags = 0;
};
Result<UserVarEvent> DecodeUserVar(ByteView body);

// GTID_LOG_EVENT (33), ANONYMOUS_GTID_LOG_EVENT (34) and GTID_TAGGED_LOG_EVENT (42), MySQL.
// Untagged layout (Gtid_event::Gtid_event in control_events.cpp): flags u8, sid[16], gno i64,
// [lt_type u8 = 2, last_committed i64, sequence_number i64], [immediate_commit_ts 7 bytes whose bit 55
// says original_commit_ts (7 bytes) follows], [transaction_length packed int], [immediate_server_version
// u32 whose bit 31 says original_server_version u32 follows], [commit_group_ticket u64].
// The tagged layout is the 8.4 serialization framework (see DecodeGtid).
struct GtidEvent {
  bool anonymous = false;  // ANONYMOUS_GTID: sid and gno are zero
  uint8_t flags = 0;       // bit 0: FLAG_MAY_HAVE_SBR
  model::Uuid sid;
  std::string_view tag;    // GTID_TAGGED only; empty otherwise
  int64_t gno = 0;
  int64_t last_committed = 0;
  int64_t sequence_number = 0;
  uint64_t immediate_commit_timestamp = 0;  // microseconds since epoch; 0 when absent
  uint64_t original_commit_timestamp = 0;   // equal to immediate when not sent separately
  uint64_t transaction_length = 0;
  uint32_t immediate_server_version = 0;
  uint32_t original_server_version = 0;
  uint64_t commit_group_ticket = 0;

  // "uuid:gno" or "uuid:tag:gno"; empty for anonymous.
  std::string ToGtidString() const;
};
// `type` selects the layout (kGtid, kAnonymousGtid, kGtidTagged).
Result<GtidEvent> DecodeGtid(ByteView body, EventType type);

// PREVIOUS_GTIDS_LOG_EVENT (35): the server's Gtid_set::encode(). u64 header: untagged format = n_sids;
// tagged format = byte 7 is 1, n_sids in bits 8..55. Per sid: uuid[16], [tag: varlen length + bytes,
// tagged only], n_intervals u64, then (start i64, end i64 exclusive) per interval.
struct PreviousGtidsEvent {
  model::MysqlGtidSet gtids;
};
Result<PreviousGtidsEvent> DecodePreviousGtids(ByteView body);

// MariaDB GTID_EVENT (162; sql/log_event.cc Gtid_log_event): seq_no u64, domain_id u32, flags2 u8;
// then if FL_GROUP_COMMIT_ID: commit_id u64; else if FL_PREPARED_XA|FL_COMPLETED_XA: format_id u32,
// gtrid_length u8, bqual_length u8, xid bytes; then (10.x+) possibly flags_extra u8 and its fields.
// The server id of the GTID is the header's server_id.
struct MariaGtidEvent {
  static constexpr uint8_t kFlagStandalone = 1;
  static constexpr uint8_t kFlagGroupCommitId = 2;
  static constexpr uint8_t kFlagTransactional = 4;
  static constexpr uint8_t kFlagAllowParallel = 8;
  static constexpr uint8_t kFlagWaited = 16;
  static constexpr uint8_t kFlagDdl = 32;
  static constexpr uint8_t kFlagPreparedXa = 64;
  static constexpr uint8_t kFlagCompletedXa = 128;

  uint64_t seq_no = 0;
  uint32_t domain_id = 0;
  uint32_t server_id = 0;  // from the event header
  uint8_t flags2 = 0;
  uint64_t commit_id = 0;  // when kFlagGroupCommitId
  // XA (kFlagPreparedXa or kFlagCompletedXa)
  int32_t xa_format_id = 0;
  std::string_view xa_gtrid;
  std::string_view xa_bqual;
  uint8_t flags_extra = 0;  // MariaDB 10.5+ FL_EXTRA_MULTI_ENGINE etc.; 0 when absent
  uint8_t extra_engines = 0;

  model::MariaGtid gtid() const { return {domain_id, server_id, seq_no}; }
};
Result<MariaGtidEvent> DecodeMariaGtid(ByteView body, uint32_t header_server_id);

// MariaDB GTID_LIST_EVENT (163): count u32 (low 28 bits; top 4 bits are flags), then per GTID:
// domain_id u32, server_id u32, seq_no u64.
struct MariaGtidListEvent {
  uint8_t flags = 0;
  std::vector<model::MariaGtid> gtids;
};
Result<MariaGtidListEvent> DecodeMariaGtidList(ByteView body);

// MariaDB BINLOG_CHECKPOINT_EVENT (161): file_name_length u32, file name.
struct BinlogCheckpointEvent {
  std::string_view file;
};
Result<BinlogCheckpointEvent> DecodeBinlogCheckpoint(ByteView body);

// MariaDB ANNOTATE_ROWS_EVENT (160): the statement text, the whole body.
struct AnnotateRowsEvent {
  std::string_view query;
};
Result<AnnotateRowsEvent> DecodeAnnotateRows(ByteView body);

// ROWS_QUERY_LOG_EVENT (29; MySQL Rows_query_event): length u8 (ignored: it is truncated to 255
// by the server), then the statement text to the end of the body.
struct RowsQueryEvent {
  std::string_view query;
};
Result<RowsQueryEvent> DecodeRowsQuery(ByteView body);

// HEARTBEAT_LOG_EVENT (27): body = current binlog file name (the position is the header's log_pos).
// HEARTBEAT_LOG_EVENT_V2 (41; MySQL 8.0.26+ Heartbeat_event_v2): TLV fields, each type u8 (0 = end),
// length packed int, value: 1 = log file name, 2 = log position (packed int).
struct HeartbeatEvent {
  bool v2 = false;
  std::string_view log_file;
  uint64_t log_position = 0;  // v1: the header's log_pos
};
Result<HeartbeatEvent> DecodeHeartbeat(ByteView body, const EventHeader& header);
Result<HeartbeatEvent> DecodeHeartbeatV2(ByteView body);

// XA_PREPARE_LOG_EVENT (38; MySQL XA_prepare_event): one_phase u8, format_id i32, gtrid_length u32,
// bqual_length u32, then gtrid and bqual bytes.
struct XaPrepareEvent {
  bool one_phase = false;
  int32_t format_id = 0;
  std::string_view gtrid;
  std::string_view bqual;
};
Result<XaPrepareEvent> DecodeXaPrepare(ByteView body);

// INCIDENT_EVENT (26; MySQL Incident_event): incident code u16, message length u8, message.
struct IncidentEvent {
  uint16_t code = 0;  // 1 = INCIDENT_LOST_EVENTS
  std::string_view message;
};
Result<IncidentEvent> DecodeIncident(ByteView body);

// MariaDB log_bin_compress (sql/log_event.cc binlog_buf_compress / binlog_get_uncompress_len /
// binlog_buf_uncompress): QUERY_COMPRESSED_EVENT (165) compresses the query text, the
// *_ROWS_COMPRESSED events (166-171) the row data after the column bitmaps. The compressed block is
// a header byte 0x80 | algorithm << 4 | n (algorithm 0 = zlib, n = 1..4), the uncompressed length in
// n big-endian bytes, then a zlib stream. Decompresses `block` into *buffer (replacing its contents)
// and returns a view of it. Corruption for a bad header, an unknown algorithm, invalid zlib data or a
// length other than announced; uncompressed sizes above `max_size` are Corruption too.
Result<ByteView> DecompressMariaBlock(ByteView block, std::vector<uint8_t>* buffer,
                                      uint64_t max_size = uint64_t{1} << 30);

// The rows event type a MariaDB compressed rows event (166-171) stands for (23-25, 30-32); `type`
// itself for every other type.
EventType UncompressedRowsType(EventType type);

// An event kept raw, undecoded: a type code this decoder does not know that carries
// LOG_EVENT_IGNORABLE_F (e.g. Aurora's type 100 padding), or a known type that carries no row
// changes and that we do not decode (IGNORABLE_LOG_EVENT 28, TRANSACTION_CONTEXT 36, VIEW_CHANGE 37,
// the LOAD DATA family of statement-based logging). Unknown types without the ignorable flag are
// errors, never UnknownEvents.
struct UnknownEvent {
  ByteView body;
  bool ignorable = false;  // the header had LOG_EVENT_IGNORABLE_F
};

}  // namespace cdc::binlog
