#include "binlog/events.h"

#include <zlib.h>

#include <bit>
#include <cstring>
#include <string>

namespace cdc::binlog {

namespace {

Status Truncated(std::string_view event, std::string_view field) {
  return Status::Corruption(event, "truncated at " + std::string(field));
}

// Reads the post-header of `type` as the FDE sizes it: callers read their known fields, then skip
// whatever a newer server appended to the post-header.
Status SkipPostHeaderRest(ByteReader& in, size_t read, uint8_t post_header_length, std::string_view event) {
  if (post_header_length > read && !in.Skip(post_header_length - read)) return Truncated(event, "post-header");
  return Status::OK();
}

// MySQL serialization library variable-length integers (libs/mysql/serialization/
// variable_length_integers.h, readme.md): the number of trailing one bits of the first byte, plus one,
// is the byte count (1..9); the value is the little-endian bytes shifted right by that count, except
// for 9 bytes (first byte 0xff) where the 8 following bytes are the value.
bool ReadVarlenUnsigned(ByteReader& in, uint64_t* out) {
  if (in.empty()) return false;
  uint8_t first = *in.current();
  size_t count = static_cast<size_t>(std::countr_one(first)) + 1;
  if (in.remaining() < count) return false;
  if (count == 9) {
    (void)in.Skip(1);
    return in.ReadU64(out);
  }
  uint64_t raw = 0;
  (void)in.ReadUIntLE(count, &raw);
  *out = raw >> count;
  return true;
}

// Signed: zig-zag, the sign in the lowest bit (x >= 0 -> x << 1, x < 0 -> ((-(x + 1)) << 1) | 1).
bool ReadVarlenSigned(ByteReader& in, int64_t* out) {
  uint64_t raw = 0;
  if (!ReadVarlenUnsigned(in, &raw)) return false;
  uint64_t magnitude = raw >> 1;
  *out = (raw & 1) != 0 ? static_cast<int64_t>(~magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// Reads a length-prefixed string of the serialization library (varlen length, bytes).
bool ReadVarlenString(ByteReader& in, std::string_view* out) {
  uint64_t length = 0;
  if (!ReadVarlenUnsigned(in, &length) || length > in.remaining()) return false;
  return in.ReadString(static_cast<size_t>(length), out);
}

bool ReadUuid(ByteReader& in, model::Uuid* out) {
  ByteView bytes;
  if (!in.ReadBytes(16, &bytes)) return false;
  std::memcpy(out->bytes.data(), bytes.data(), 16);
  return true;
}

}  // namespace

// START_EVENT_V3: MySQL control_events.h (class Start_event_v3 in 5.x log_event.h): binlog_version u16,
// server_version char[50], created u32.
Result<StartV3Event> DecodeStartV3(ByteView body) {
  constexpr std::string_view kEvent = "START_EVENT_V3";
  ByteReader in(body);
  StartV3Event event;
  if (!in.ReadU16(&event.binlog_version)) return Truncated(kEvent, "binlog_version");
  std::string_view version;
  if (!in.ReadString(50, &version)) return Truncated(kEvent, "server_version");
  event.server_version = version.substr(0, version.find('\0'));
  if (!in.ReadU32(&event.create_timestamp)) return Truncated(kEvent, "create_timestamp");
  return event;
}

// ROTATE_EVENT: MySQL control_events.cpp Rotate_event::Rotate_event. With a post-header (always, in
// v4) the position is a u64; the name runs to the end of the body.
Result<RotateEvent> DecodeRotate(ByteView body, const FormatDescription& format) {
  constexpr std::string_view kEvent = "ROTATE_EVENT";
  ByteReader in(body);
  RotateEvent event;
  uint8_t post_header_length = format.PostHeaderLength(EventType::kRotate, 8);
  if (post_header_length == 0) {
    event.position = 4;
  } else {
    if (post_header_length < 8) return Status::Corruption(kEvent, "post-header shorter than its position");
    if (!in.ReadU64(&event.position)) return Truncated(kEvent, "position");
    CDC_RETURN_IF_ERROR(SkipPostHeaderRest(in, 8, post_header_length, kEvent));
  }
  if (in.empty()) return Status::Corruption(kEvent, "empty file name");
  event.next_file = AsStringView(in.rest());
  return event;
}

namespace {

// The status variables of QUERY_EVENT. Codes: MySQL statement_events.h enum Query_event_status_vars;
// MariaDB sql/log_event.h (Q_HRNOW 128, Q_XID 129, Q_GTID_FLAGS3 130, Q_CHARACTER_SET_COLLATIONS 131).
// Value layouts: MySQL statement_events.cpp and MariaDB log_event.cc Query_log_event constructors.
enum QueryStatusCode : uint8_t {
  kQFlags2 = 0,
  kQSqlMode = 1,
  kQCatalog = 2,
  kQAutoIncrement = 3,
  kQCharset = 4,
  kQTimeZone = 5,
  kQCatalogNz = 6,
  kQLcTimeNames = 7,
  kQCharsetDatabase = 8,
  kQTableMapForUpdate = 9,
  kQMasterDataWritten = 10,
  kQInvoker = 11,
  kQUpdatedDbNames = 12,
  kQMicroseconds = 13,
  // 14 Q_COMMIT_TS and 15 Q_COMMIT_TS2 were never written by a released server and are read by
  // neither server: treated as unknown.
  kQExplicitDefaultsForTimestamp = 16,
  kQDdlLoggedWithXid = 17,
  kQDefaultCollationForUtf8mb4 = 18,
  kQSqlRequirePrimaryKey = 19,
  kQDefaultTableEncryption = 20,
  kQEnableCascadeTriggers = 21,
  kQHrnow = 128,
  kQXid = 129,
  kQGtidFlags3 = 130,
  kQCharacterSetCollations = 131,
};

// MAX_DBS_IN_EVENT_MTS and OVER_MAX_DBS_IN_EVENT_MTS (MySQL binlog_event.h).
constexpr uint8_t kMaxDbsInEventMts = 16;
constexpr uint8_t kOverMaxDbsInEventMts = 254;
// Gtid_log_event::FL_COMMIT_ALTER_E1 | FL_ROLLBACK_ALTER_E1 (MariaDB log_event.h).
constexpr uint8_t kMariaCommitOrRollbackAlter = 4 | 8;

Status DecodeQueryStatusVars(ByteView block, QueryStatusVars* vars) {
  constexpr std::string_view kEvent = "QUERY_EVENT status vars";
  ByteReader in(block);
  while (!in.empty()) {
    ByteView at = in.rest();
    uint8_t code = 0;
    (void)in.ReadU8(&code);
    switch (code) {
      case kQFlags2: {
        uint32_t value = 0;
        if (!in.ReadU32(&value)) return Truncated(kEvent, "Q_FLAGS2_CODE");
        vars->flags2 = value;
        break;
      }
      case kQSqlMode: {
        uint64_t value = 0;
        if (!in.ReadU64(&value)) return Truncated(kEvent, "Q_SQL_MODE_CODE");
        vars->sql_mode = value;
        break;
      }
      case kQCatalog:     // length, bytes, NUL (MySQL 5.0.0-5.0.3)
      case kQCatalogNz: {  // length, bytes
        uint8_t length = 0;
        std::string_view catalog;
        if (!in.ReadU8(&length) || !in.ReadString(length, &catalog)) return Truncated(kEvent, "catalog");
        if (code == kQCatalog && !in.Skip(1)) return Truncated(kEvent, "Q_CATALOG_CODE terminator");
        vars->catalog = catalog;
        break;
      }
      case kQAutoIncrement: {
        uint16_t increment = 0, offset = 0;
        if (!in.ReadU16(&increment) || !in.ReadU16(&offset)) return Truncated(kEvent, "Q_AUTO_INCREMENT");
        vars->auto_increment_increment = increment;
        vars->auto_increment_offset = offset;
        break;
      }
      case kQCharset: {
        std::array<uint16_t, 3> ids{};
        if (!in.ReadU16(&ids[0]) || !in.ReadU16(&ids[1]) || !in.ReadU16(&ids[2])) {
          return Truncated(kEvent, "Q_CHARSET_CODE");
        }
        vars->charset = ids;
        break;
      }
      case kQTimeZone: {
        uint8_t length = 0;
        std::string_view zone;
        if (!in.ReadU8(&length) || !in.ReadString(length, &zone)) return Truncated(kEvent, "Q_TIME_ZONE_CODE");
        vars->time_zone = zone;
        break;
      }
      case kQLcTimeNames: {
        uint16_t value = 0;
        if (!in.ReadU16(&value)) return Truncated(kEvent, "Q_LC_TIME_NAMES_CODE");
        vars->lc_time_names = value;
        break;
      }
      case kQCharsetDatabase: {
        uint16_t value = 0;
        if (!in.ReadU16(&value)) return Truncated(kEvent, "Q_CHARSET_DATABASE_CODE");
        vars->charset_database = value;
        break;
      }
      case kQTableMapForUpdate: {
        uint64_t value = 0;
        if (!in.ReadU64(&value)) return Truncated(kEvent, "Q_TABLE_MAP_FOR_UPDATE_CODE");
        vars->table_map_for_update = value;
        break;
      }
      case kQMasterDataWritten: {
        uint32_t value = 0;
        if (!in.ReadU32(&value)) return Truncated(kEvent, "Q_MASTER_DATA_WRITTEN_CODE");
        vars->master_data_written = value;
        break;
      }
      case kQInvoker: {
        uint8_t user_length = 0, host_length = 0;
        std::string_view user, host;
        if (!in.ReadU8(&user_length) || !in.ReadString(user_length, &user) || !in.ReadU8(&host_length) ||
            !in.ReadString(host_length, &host)) {
          return Truncated(kEvent, "Q_INVOKER");
        }
        vars->invoker_user = user;
        vars->invoker_host = host;
        break;
      }
      case kQUpdatedDbNames: {
        uint8_t count = 0;
        if (!in.ReadU8(&count)) return Truncated(kEvent, "Q_UPDATED_DB_NAMES");
        if (count > kMaxDbsInEventMts) {
          // "Too many databases": no names follow (MySQL writes OVER_MAX_DBS_IN_EVENT_MTS).
          vars->updated_db_count = kOverMaxDbsInEventMts;
          break;
        }
        if (count == 0) return Status::Corruption(kEvent, "Q_UPDATED_DB_NAMES with zero databases");
        vars->updated_db_count = count;
        for (uint8_t db_idx = 0; db_idx < count; ++db_idx) {
          std::string_view rest = AsStringView(in.rest());
          size_t nul = rest.find('\0');
          if (nul == std::string_view::npos) return Truncated(kEvent, "Q_UPDATED_DB_NAMES name");
          vars->updated_db_names.push_back(rest.substr(0, nul));
          (void)in.Skip(nul + 1);
        }
        break;
      }
      case kQMicroseconds: {
        uint32_t value = 0;
        if (!in.ReadU24(&value)) return Truncated(kEvent, "Q_MICROSECONDS");
        vars->microseconds = value;
        break;
      }
      case kQExplicitDefaultsForTimestamp: {
        uint8_t value = 0;
        if (!in.ReadU8(&value)) return Truncated(kEvent, "Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP");
        vars->explicit_defaults_for_timestamp = value;
        break;
      }
      case kQDdlLoggedWithXid: {
        uint64_t value = 0;
        if (!in.ReadU64(&value)) return Truncated(kEvent, "Q_DDL_LOGGED_WITH_XID");
        vars->ddl_xid = value;
        break;
      }
      case kQDefaultCollationForUtf8mb4: {
        uint16_t value = 0;
        if (!in.ReadU16(&value)) return Truncated(kEvent, "Q_DEFAULT_COLLATION_FOR_UTF8MB4");
        vars->default_collation_for_utf8mb4 = value;
        break;
      }
      case kQSqlRequirePrimaryKey: {
        uint8_t value = 0;
        if (!in.ReadU8(&value)) return Truncated(kEvent, "Q_SQL_REQUIRE_PRIMARY_KEY");
        vars->sql_require_primary_key = value;
        break;
      }
      case kQDefaultTableEncryption: {
        uint8_t value = 0;
        if (!in.ReadU8(&value)) return Truncated(kEvent, "Q_DEFAULT_TABLE_ENCRYPTION");
        vars->default_table_encryption = value;
        break;
      }
      case kQEnableCascadeTriggers: {
        uint8_t value = 0;
        if (!in.ReadU8(&value)) return Truncated(kEvent, "Q_ENABLE_CASCADE_TRIGGERS");
        vars->enable_cascade_triggers = value;
        break;
      }
      case kQHrnow: {
        uint32_t value = 0;
        if (!in.ReadU24(&value)) return Truncated(kEvent, "Q_HRNOW");
        vars->hrnow_microseconds = value;
        break;
      }
      case kQXid: {
        uint64_t value = 0;
        if (!in.ReadU64(&value)) return Truncated(kEvent, "Q_XID");
        vars->mariadb_xid = value;
        break;
      }
      case kQGtidFlags3: {
        uint8_t flags = 0;
        if (!in.ReadU8(&flags)) return Truncated(kEvent, "Q_GTID_FLAGS3");
        vars->gtid_flags3 = flags;
        if ((flags & kMariaCommitOrRollbackAlter) != 0) {
          uint64_t seq_no = 0;
          if (!in.ReadU64(&seq_no)) return Truncated(kEvent, "Q_GTID_FLAGS3 start-alter seq_no");
          vars->start_alter_seq_no = seq_no;
        }
        break;
      }
      case kQCharacterSetCollations: {
        uint8_t count = 0;
        ByteView pairs;
        if (!in.ReadU8(&count) || !in.ReadBytes(size_t{count} * 4, &pairs)) {
          return Truncated(kEvent, "Q_CHARACTER_SET_COLLATIONS");
        }
        vars->character_set_collations = at.subspan(1, 1 + size_t{count} * 4);
        break;
      }
      default:
        vars->undecoded = at;
        return Status::OK();
    }
  }
  return Status::OK();
}

}  // namespace

// QUERY_EVENT: MySQL statement_events.cpp Query_event::Query_event; MariaDB log_event.cc
// Query_log_event::Query_log_event.
Result<QueryEvent> DecodeQuery(ByteView body, const FormatDescription& format) {
  constexpr std::string_view kEvent = "QUERY_EVENT";
  // QUERY_HEADER_MINIMAL_LEN = 11 (v1/v3, no status vars); QUERY_HEADER_LEN = 13.
  uint8_t post_header_length = format.PostHeaderLength(EventType::kQuery, 13);
  if (post_header_length < 13) {
    return Status::NotSupported(kEvent, "pre-5.0 layout without status variables (binlog v1/v3)");
  }
  ByteReader in(body);
  QueryEvent event;
  uint8_t schema_length = 0;
  uint16_t status_length = 0;
  if (!in.ReadU32(&event.thread_id)) return Truncated(kEvent, "thread_id");
  if (!in.ReadU32(&event.exec_time)) return Truncated(kEvent, "exec_time");
  if (!in.ReadU8(&schema_length)) return Truncated(kEvent, "schema_length");
  if (!in.ReadU16(&event.error_code)) return Truncated(kEvent, "error_code");
  if (!in.ReadU16(&status_length)) return Truncated(kEvent, "status_vars_length");
  CDC_RETURN_IF_ERROR(SkipPostHeaderRest(in, 13, post_header_length, kEvent));
  ByteView status_block;
  if (!in.ReadBytes(status_length, &status_block)) return Truncated(kEvent, "status vars");
  CDC_RETURN_IF_ERROR(DecodeQueryStatusVars(status_block, &event.status));
  if (!in.ReadString(schema_length, &event.schema)) return Truncated(kEvent, "schema");
  uint8_t terminator = 0;
  if (!in.ReadU8(&terminator)) return Truncated(kEvent, "schema terminator");
  if (terminator != 0) return Status::Corruption(kEvent, "schema is not NUL-terminated");
  event.query = AsStringView(in.rest());
  return event;
}

// XID_EVENT: MySQL control_events.cpp Xid_event (post-header length 0, then xid u64).
Result<XidEvent> DecodeXid(ByteView body) {
  ByteReader in(body);
  XidEvent event;
  if (!in.ReadU64(&event.xid)) return Truncated("XID_EVENT", "xid");
  return event;
}

// INTVAR_EVENT: MySQL statement_events.cpp Intvar_event.
Result<IntvarEvent> DecodeIntvar(ByteView body) {
  ByteReader in(body);
  IntvarEvent event;
  if (!in.ReadU8(&event.type)) return Truncated("INTVAR_EVENT", "type");
  if (!in.ReadU64(&event.value)) return Truncated("INTVAR_EVENT", "value");
  return event;
}

// RAND_EVENT: MySQL statement_events.cpp Rand_event.
Result<RandEvent> DecodeRand(ByteView body) {
  ByteReader in(body);
  RandEvent event;
  if (!in.ReadU64(&event.seed1)) return Truncated("RAND_EVENT", "seed1");
  if (!in.ReadU64(&event.seed2)) return Truncated("RAND_EVENT", "seed2");
  return event;
}

// USER_VAR_EVENT: MySQL statement_events.cpp User_var_event::User_var_event.
Result<UserVarEvent> DecodeUserVar(ByteView body) {
  constexpr std::string_view kEvent = "USER_VAR_EVENT";
  ByteReader in(body);
  UserVarEvent event;
  uint32_t name_length = 0;
  uint8_t is_null = 0;
  if (!in.ReadU32(&name_length)) return Truncated(kEvent, "name_length");
  if (name_length == 0) return Status::Corruption(kEvent, "empty variable name");
  if (!in.ReadString(name_length, &event.name)) return Truncated(kEvent, "name");
  if (!in.ReadU8(&is_null)) return Truncated(kEvent, "is_null");
  event.is_null = is_null != 0;
  if (event.is_null) {
    event.charset = 63;  // my_charset_bin, as the server sets it
    return event;
  }
  uint32_t value_length = 0;
  if (!in.ReadU8(&event.value_type)) return Truncated(kEvent, "value_type");
  if (!in.ReadU32(&event.charset)) return Truncated(kEvent, "charset");
  if (!in.ReadU32(&value_length)) return Truncated(kEvent, "value_length");
  if (!in.ReadBytes(value_length, &event.value)) return Truncated(kEvent, "value");
  if (!in.empty()) (void)in.ReadU8(&event.flags);  // UNSIGNED_F, when the server wrote it
  return event;
}

std::string GtidEvent::ToGtidString() const {
  if (anonymous) return {};
  model::MysqlGtid gtid{sid, std::string(tag), gno};
  return gtid.ToString();
}

namespace {

// GTID_TAGGED_LOG_EVENT: MySQL control_events.h Gtid_event::define_fields and control_events.cpp
// Gtid_event::read_gtid_tagged_log_event; envelope per libs/mysql/serialization/readme.md:
//   serialization version u8, then message: payload size (varlen, counts the whole message including
//   the version byte), last non-ignorable field id (varlen), then (field id varlen, value) pairs.
// Field ids: 0 gtid_flags u8, 1 sid (16 varlen bytes), 2 gno i64, 3 tag (string), 4 last_committed i64,
// 5 sequence_number i64, 6 immediate_commit_timestamp u64, 7 original_commit_timestamp u64,
// 8 transaction_length u64, 9 immediate_server_version u32, 10 original_server_version u32,
// 11 commit_group_ticket u64. Integers are varlen (signed ones zig-zag).
Result<GtidEvent> DecodeTaggedGtid(ByteView body) {
  constexpr std::string_view kEvent = "GTID_TAGGED_LOG_EVENT";
  constexpr uint8_t kSerializationVersion = 2;  // the first, and so far only, tagged format
  ByteReader in(body);
  uint8_t version = 0;
  if (!in.ReadU8(&version)) return Truncated(kEvent, "serialization version");
  if (version > kSerializationVersion) {
    return Status::NotSupported(kEvent, "serialization version " + std::to_string(version));
  }
  uint64_t payload_size = 0, last_non_ignorable = 0;
  if (!ReadVarlenUnsigned(in, &payload_size)) return Truncated(kEvent, "payload size");
  if (!ReadVarlenUnsigned(in, &last_non_ignorable)) return Truncated(kEvent, "last non-ignorable field id");
  if (payload_size < in.position() || payload_size > body.size()) {
    return Status::Corruption(kEvent, "payload size " + std::to_string(payload_size) + " does not fit the body of " +
                                          std::to_string(body.size()) + " bytes");
  }
  ByteReader fields(body.subspan(in.position(), payload_size - in.position()));
  GtidEvent event;
  bool have_original_commit = false, have_original_version = false, have_sid = false, have_gno = false;
  int64_t previous_field = -1;
  while (!fields.empty()) {
    uint64_t field_id = 0;
    if (!ReadVarlenUnsigned(fields, &field_id)) return Truncated(kEvent, "field id");
    if (static_cast<int64_t>(field_id) <= previous_field) return Status::Corruption(kEvent, "field ids out of order");
    previous_field = static_cast<int64_t>(field_id);
    bool ok = true;
    uint64_t value = 0;
    switch (field_id) {
      case 0:
        ok = ReadVarlenUnsigned(fields, &value) && value <= 0xff;
        event.flags = static_cast<uint8_t>(value);
        break;
      case 1:
        for (size_t byte_idx = 0; ok && byte_idx < 16; ++byte_idx) {
          ok = ReadVarlenUnsigned(fields, &value) && value <= 0xff;
          event.sid.bytes[byte_idx] = static_cast<uint8_t>(value);
        }
        have_sid = ok;
        break;
      case 2:
        ok = ReadVarlenSigned(fields, &event.gno);
        have_gno = ok;
        break;
      case 3:
        ok = ReadVarlenString(fields, &event.tag);
        break;
      case 4:
        ok = ReadVarlenSigned(fields, &event.last_committed);
        break;
      case 5:
        ok = ReadVarlenSigned(fields, &event.sequence_number);
        break;
      case 6:
        ok = ReadVarlenUnsigned(fields, &event.immediate_commit_timestamp);
        break;
      case 7:
        ok = ReadVarlenUnsigned(fields, &event.original_commit_timestamp);
        have_original_commit = ok;
        break;
      case 8:
        ok = ReadVarlenUnsigned(fields, &event.transaction_length);
        break;
      case 9:
        ok = ReadVarlenUnsigned(fields, &value) && value <= 0xffffffff;
        event.immediate_server_version = static_cast<uint32_t>(value);
        break;
      case 10:
        ok = ReadVarlenUnsigned(fields, &value) && value <= 0xffffffff;
        event.original_server_version = static_cast<uint32_t>(value);
        have_original_version = ok;
        break;
      case 11:
        ok = ReadVarlenUnsigned(fields, &event.commit_group_ticket);
        break;
      default:
        // A field added by a newer server. Its size is unknown, so nothing after it can be read: fine
        // only if the writer marked it ignorable (a later id than the last non-ignorable one).
        if (field_id <= last_non_ignorable) {
          return Status::NotSupported(kEvent, "unknown non-ignorable field " + std::to_string(field_id));
        }
        (void)fields.Skip(fields.remaining());
        continue;
    }
    if (!ok) return Status::Corruption(kEvent, "bad or truncated field " + std::to_string(field_id));
  }
  if (!have_sid || !have_gno) return Status::Corruption(kEvent, "missing sid or gno");
  if (event.gno < 1) return Status::Corruption(kEvent, "gno " + std::to_string(event.gno) + " out of range");
  if (!have_original_commit) event.original_commit_timestamp = event.immediate_commit_timestamp;
  if (!have_original_version) event.original_server_version = event.immediate_server_version;
  return event;
}

}  // namespace

// GTID_LOG_EVENT / ANONYMOUS_GTID_LOG_EVENT: MySQL control_events.cpp Gtid_event::Gtid_event. Fields
// after the gno are optional (5.6 stops there, 5.7 adds the logical clock, 8.0 the timestamps, the
// transaction length and the server versions, 8.0.21+ the commit group ticket).
Result<GtidEvent> DecodeGtid(ByteView body, EventType type) {
  if (type == EventType::kGtidTagged) return DecodeTaggedGtid(body);
  const std::string_view event_name = type == EventType::kGtid ? "GTID_LOG_EVENT" : "ANONYMOUS_GTID_LOG_EVENT";
  constexpr uint8_t kLogicalTimestampTypecode = 2;
  constexpr uint64_t kCommitTimestampFlag = uint64_t{1} << 55;
  constexpr uint32_t kServerVersionFlag = uint32_t{1} << 31;
  constexpr uint32_t kUndefinedServerVersion = 999999;
  ByteReader in(body);
  GtidEvent event;
  event.anonymous = type == EventType::kAnonymousGtid;
  uint64_t gno = 0;
  if (!in.ReadU8(&event.flags)) return Truncated(event_name, "flags");
  if (!ReadUuid(in, &event.sid)) return Truncated(event_name, "sid");
  if (!in.ReadU64(&gno)) return Truncated(event_name, "gno");
  event.gno = static_cast<int64_t>(gno);
  if (event.anonymous ? event.gno != 0 : event.gno < 1) {
    return Status::Corruption(event_name, "gno " + std::to_string(event.gno) + " out of range");
  }
  if (in.empty()) return event;
  uint8_t typecode = 0;
  (void)in.ReadU8(&typecode);
  if (typecode != kLogicalTimestampTypecode) return event;  // 5.7.4 and earlier: ignored, as the server does
  uint64_t last_committed = 0, sequence_number = 0;
  if (!in.ReadU64(&last_committed)) return Truncated(event_name, "last_committed");
  if (!in.ReadU64(&sequence_number)) return Truncated(event_name, "sequence_number");
  event.last_committed = static_cast<int64_t>(last_committed);
  event.sequence_number = static_cast<int64_t>(sequence_number);
  if (in.remaining() < 7) {
    if (!in.empty()) return Truncated(event_name, "immediate_commit_timestamp");
    return event;
  }
  (void)in.ReadUIntLE(7, &event.immediate_commit_timestamp);
  if ((event.immediate_commit_timestamp & kCommitTimestampFlag) != 0) {
    event.immediate_commit_timestamp &= ~kCommitTimestampFlag;
    if (!in.ReadUIntLE(7, &event.original_commit_timestamp)) return Truncated(event_name, "original_commit_timestamp");
  } else {
    event.original_commit_timestamp = event.immediate_commit_timestamp;
  }
  if (in.empty()) return event;
  if (!in.ReadPackedInt(&event.transaction_length)) return Truncated(event_name, "transaction_length");
  event.immediate_server_version = kUndefinedServerVersion;
  event.original_server_version = kUndefinedServerVersion;
  if (in.remaining() < 4) {
    if (!in.empty()) return Truncated(event_name, "immediate_server_version");
    return event;
  }
  (void)in.ReadU32(&event.immediate_server_version);
  if ((event.immediate_server_version & kServerVersionFlag) != 0) {
    event.immediate_server_version &= ~kServerVersionFlag;
    if (!in.ReadU32(&event.original_server_version)) return Truncated(event_name, "original_server_version");
  } else {
    event.original_server_version = event.immediate_server_version;
  }
  if (in.empty()) return event;
  if (!in.ReadU64(&event.commit_group_ticket)) return Truncated(event_name, "commit_group_ticket");
  if (!in.empty()) {
    return Status::Corruption(event_name, std::to_string(in.remaining()) + " unexpected trailing bytes");
  }
  return event;
}

// PREVIOUS_GTIDS_LOG_EVENT: MySQL sql/rpl_gtid_set.cc Gtid_set::add_gtid_encoding (8.4+: tagged format
// with the format byte at both ends of the first u64 and per-sid tags as serialization-library strings).
Result<PreviousGtidsEvent> DecodePreviousGtids(ByteView body) {
  constexpr std::string_view kEvent = "PREVIOUS_GTIDS_LOG_EVENT";
  constexpr uint8_t kTaggedFormat = 1;
  ByteReader in(body);
  uint64_t header = 0;
  if (!in.ReadU64(&header)) return Truncated(kEvent, "n_sids");
  uint8_t format = static_cast<uint8_t>(header >> 56);
  bool tagged = false;
  uint64_t n_sids = 0;
  if (format == 0) {
    n_sids = header;
  } else if (format == kTaggedFormat && static_cast<uint8_t>(header & 0xff) == kTaggedFormat) {
    tagged = true;
    n_sids = (header >> 8) & ((uint64_t{1} << 48) - 1);
  } else {
    return Status::Corruption(kEvent, "unknown GTID set format " + std::to_string(format));
  }
  // Each sid takes at least 16 + 8 bytes: a count beyond that is corrupt, whatever it says.
  if (n_sids > in.remaining() / 24) return Status::Corruption(kEvent, "n_sids " + std::to_string(n_sids) + " too large");
  PreviousGtidsEvent event;
  for (uint64_t sid_idx = 0; sid_idx < n_sids; ++sid_idx) {
    model::Uuid uuid;
    std::string_view tag;
    uint64_t n_intervals = 0;
    if (!ReadUuid(in, &uuid)) return Truncated(kEvent, "sid");
    if (tagged && !ReadVarlenString(in, &tag)) return Truncated(kEvent, "tag");
    if (!in.ReadU64(&n_intervals)) return Truncated(kEvent, "n_intervals");
    if (n_intervals > in.remaining() / 16) return Truncated(kEvent, "intervals");
    for (uint64_t interval_idx = 0; interval_idx < n_intervals; ++interval_idx) {
      uint64_t start = 0, end = 0;
      (void)in.ReadU64(&start);
      (void)in.ReadU64(&end);
      // [start, end) with 1 <= start < end.
      if (static_cast<int64_t>(start) < 1 || static_cast<int64_t>(end) <= static_cast<int64_t>(start)) {
        return Status::Corruption(kEvent, "bad interval " + std::to_string(start) + "-" + std::to_string(end));
      }
      Status added = event.gtids.AddInterval(uuid, tag, static_cast<int64_t>(start), static_cast<int64_t>(end) - 1);
      if (!added.ok()) return Status::Corruption(kEvent, added.message());
    }
  }
  if (!in.empty()) return Status::Corruption(kEvent, std::to_string(in.remaining()) + " unexpected trailing bytes");
  return event;
}

// MariaDB GTID_EVENT: sql/log_event.cc Gtid_log_event::Gtid_log_event. The post-header is 19 bytes; when
// no commit id follows the flags, the fields after it start right after flags2 and zero padding fills
// up to 19 bytes (read as flags_extra = 0).
Result<MariaGtidEvent> DecodeMariaGtid(ByteView body, uint32_t header_server_id) {
  constexpr std::string_view kEvent = "MariaDB GTID_EVENT";
  constexpr uint8_t kExtraMultiEngine = 1;
  constexpr uint8_t kExtraCommitOrRollbackAlter = 4 | 8;
  if (body.size() < 19) return Truncated(kEvent, "post-header (19 bytes)");
  ByteReader in(body);
  MariaGtidEvent event;
  event.server_id = header_server_id;
  (void)in.ReadU64(&event.seq_no);
  (void)in.ReadU32(&event.domain_id);
  (void)in.ReadU8(&event.flags2);
  if ((event.flags2 & MariaGtidEvent::kFlagGroupCommitId) != 0) {
    if (!in.ReadU64(&event.commit_id)) return Truncated(kEvent, "commit_id");
  }
  if ((event.flags2 & (MariaGtidEvent::kFlagPreparedXa | MariaGtidEvent::kFlagCompletedXa)) != 0) {
    uint32_t format_id = 0;
    uint8_t gtrid_length = 0, bqual_length = 0;
    if (!in.ReadU32(&format_id)) return Truncated(kEvent, "XA format_id");
    if (!in.ReadU8(&gtrid_length) || !in.ReadU8(&bqual_length)) return Truncated(kEvent, "XA lengths");
    if (gtrid_length > 64 || bqual_length > 64) return Status::Corruption(kEvent, "XA id longer than 64 bytes");
    event.xa_format_id = static_cast<int32_t>(format_id);
    if (!in.ReadString(gtrid_length, &event.xa_gtrid)) return Truncated(kEvent, "XA gtrid");
    if (!in.ReadString(bqual_length, &event.xa_bqual)) return Truncated(kEvent, "XA bqual");
  }
  if (!in.empty()) {
    (void)in.ReadU8(&event.flags_extra);
    if ((event.flags_extra & kExtraMultiEngine) != 0 && !in.ReadU8(&event.extra_engines)) {
      return Truncated(kEvent, "extra_engines");
    }
    if ((event.flags_extra & kExtraCommitOrRollbackAlter) != 0) {
      uint64_t start_alter_seq_no = 0;
      if (!in.ReadU64(&start_alter_seq_no)) return Truncated(kEvent, "start-alter seq_no");
    }
    // Anything left is zero padding or a field of a newer server (e.g. a thread id); neither changes
    // the GTID.
  }
  return event;
}

// MariaDB GTID_LIST_EVENT: sql/log_event.cc Gtid_list_log_event::Gtid_list_log_event. The count's top 4
// bits are flags (FLAG_UNTIL_REACHED, FLAG_IGN_GTIDS); 10.0+ servers may append per-domain data only in
// artificial events, never after the list.
Result<MariaGtidListEvent> DecodeMariaGtidList(ByteView body) {
  constexpr std::string_view kEvent = "MariaDB GTID_LIST_EVENT";
  ByteReader in(body);
  uint32_t count_and_flags = 0;
  if (!in.ReadU32(&count_and_flags)) return Truncated(kEvent, "count");
  MariaGtidListEvent event;
  event.flags = static_cast<uint8_t>(count_and_flags >> 28);
  uint32_t count = count_and_flags & 0x0fffffff;
  if (count > in.remaining() / 16) return Truncated(kEvent, "GTIDs");
  event.gtids.reserve(count);
  for (uint32_t gtid_idx = 0; gtid_idx < count; ++gtid_idx) {
    model::MariaGtid gtid;
    (void)in.ReadU32(&gtid.domain_id);
    (void)in.ReadU32(&gtid.server_id);
    (void)in.ReadU64(&gtid.seq_no);
    event.gtids.push_back(gtid);
  }
  return event;
}

// MariaDB BINLOG_CHECKPOINT_EVENT: sql/log_event.cc Binlog_checkpoint_log_event.
Result<BinlogCheckpointEvent> DecodeBinlogCheckpoint(ByteView body) {
  constexpr std::string_view kEvent = "MariaDB BINLOG_CHECKPOINT_EVENT";
  ByteReader in(body);
  uint32_t length = 0;
  BinlogCheckpointEvent event;
  if (!in.ReadU32(&length)) return Truncated(kEvent, "file name length");
  if (!in.ReadString(length, &event.file)) return Truncated(kEvent, "file name");
  return event;
}

// MariaDB ANNOTATE_ROWS_EVENT: sql/log_event.cc Annotate_rows_log_event (post-header 0, the text is the
// whole body).
Result<AnnotateRowsEvent> DecodeAnnotateRows(ByteView body) {
  return AnnotateRowsEvent{AsStringView(body)};
}

// ROWS_QUERY_LOG_EVENT: MySQL rows_event.cpp Rows_query_event (one length byte, ignored because it only
// holds the length modulo 256, then the text to the end).
Result<RowsQueryEvent> DecodeRowsQuery(ByteView body) {
  if (body.empty()) return Truncated("ROWS_QUERY_LOG_EVENT", "length");
  return RowsQueryEvent{AsStringView(body.subspan(1))};
}

// HEARTBEAT_LOG_EVENT: MySQL control_events.cpp Heartbeat_event (the file name to the end of the body).
Result<HeartbeatEvent> DecodeHeartbeat(ByteView body, const EventHeader& header) {
  if (body.empty()) return Status::Corruption("HEARTBEAT_LOG_EVENT", "empty file name");
  HeartbeatEvent event;
  event.log_file = AsStringView(body);
  event.log_position = header.log_pos;
  return event;
}

// HEARTBEAT_LOG_EVENT_V2: MySQL codecs/binary.cpp Heartbeat::decode: fields of (type packed int,
// length packed int, value); 1 = file name (length bytes), 2 = position (packed int); 0 ends.
Result<HeartbeatEvent> DecodeHeartbeatV2(ByteView body) {
  constexpr std::string_view kEvent = "HEARTBEAT_LOG_EVENT_V2";
  ByteReader in(body);
  HeartbeatEvent event;
  event.v2 = true;
  while (!in.empty()) {
    uint64_t type = 0, length = 0;
    if (!in.ReadPackedInt(&type)) return Truncated(kEvent, "field type");
    if (type == 0) break;
    if (!in.ReadPackedInt(&length)) return Truncated(kEvent, "field length");
    if (length > in.remaining()) return Truncated(kEvent, "field value");
    ByteView value;
    (void)in.ReadBytes(static_cast<size_t>(length), &value);
    if (type == 1) {
      event.log_file = AsStringView(value);
    } else if (type == 2) {
      ByteReader number(value);
      if (!number.ReadPackedInt(&event.log_position) || !number.empty()) {
        return Status::Corruption(kEvent, "bad log position");
      }
    }  // other types: added by newer servers, skipped by length as the server does
  }
  return event;
}

// XA_PREPARE_LOG_EVENT: MySQL control_events.cpp XA_prepare_event (gtrid and bqual at most 64 bytes each).
Result<XaPrepareEvent> DecodeXaPrepare(ByteView body) {
  constexpr std::string_view kEvent = "XA_PREPARE_LOG_EVENT";
  ByteReader in(body);
  XaPrepareEvent event;
  uint8_t one_phase = 0;
  uint32_t format_id = 0, gtrid_length = 0, bqual_length = 0;
  if (!in.ReadU8(&one_phase)) return Truncated(kEvent, "one_phase");
  if (!in.ReadU32(&format_id)) return Truncated(kEvent, "format_id");
  if (!in.ReadU32(&gtrid_length)) return Truncated(kEvent, "gtrid_length");
  if (!in.ReadU32(&bqual_length)) return Truncated(kEvent, "bqual_length");
  if (gtrid_length > 64 || bqual_length > 64) return Status::Corruption(kEvent, "XA id longer than 64 bytes");
  event.one_phase = one_phase != 0;
  event.format_id = static_cast<int32_t>(format_id);
  if (!in.ReadString(gtrid_length, &event.gtrid)) return Truncated(kEvent, "gtrid");
  if (!in.ReadString(bqual_length, &event.bqual)) return Truncated(kEvent, "bqual");
  return event;
}

// INCIDENT_EVENT: MySQL control_events.cpp Incident_event (code u16, then a string of at most 255 bytes
// with a u8 length).
Result<IncidentEvent> DecodeIncident(ByteView body) {
  constexpr std::string_view kEvent = "INCIDENT_EVENT";
  ByteReader in(body);
  IncidentEvent event;
  uint8_t length = 0;
  if (!in.ReadU16(&event.code)) return Truncated(kEvent, "incident code");
  if (event.code == 0) return Status::Corruption(kEvent, "incident code 0 (INCIDENT_NONE)");
  if (in.empty()) return event;  // MariaDB may write no message
  (void)in.ReadU8(&length);
  if (!in.ReadString(length, &event.message)) return Truncated(kEvent, "message");
  return event;
}

Result<ByteView> DecompressMariaBlock(ByteView block, std::vector<uint8_t>* buffer, uint64_t max_size) {
  constexpr std::string_view kWhat = "MariaDB compressed event data";
  if (block.empty() || (block[0] & 0xe0) != 0x80) return Status::Corruption(kWhat, "bad header byte");
  size_t length_bytes = block[0] & 0x07;
  unsigned algorithm = (block[0] >> 4) & 0x07;
  if (length_bytes < 1 || length_bytes > 4) return Status::Corruption(kWhat, "bad length width");
  if (algorithm != 0) return Status::Corruption(kWhat, "unknown algorithm " + std::to_string(algorithm));
  ByteReader in(block.subspan(1));
  uint64_t length = 0;
  if (!in.ReadUIntBE(length_bytes, &length)) return Status::Corruption(kWhat, "truncated length");
  if (length == 0 || length > max_size) {
    return Status::Corruption(kWhat, "uncompressed length " + std::to_string(length) + " out of range");
  }
  buffer->resize(static_cast<size_t>(length));
  uLongf produced = static_cast<uLongf>(length);
  int result = ::uncompress(buffer->data(), &produced, in.current(), static_cast<uLong>(in.remaining()));
  if (result != Z_OK) return Status::Corruption(kWhat, "zlib error " + std::to_string(result));
  if (produced != length) {
    return Status::Corruption(kWhat, "inflates to " + std::to_string(produced) + " bytes, not " + std::to_string(length));
  }
  return ByteView(buffer->data(), buffer->size());
}

EventType UncompressedRowsType(EventType type) {
  switch (type) {
    case EventType::kMariaWriteRowsCompressedV1: return EventType::kWriteRowsV1;
    case EventType::kMariaUpdateRowsCompressedV1: return EventType::kUpdateRowsV1;
    case EventType::kMariaDeleteRowsCompressedV1: return EventType::kDeleteRowsV1;
    case EventType::kMariaWriteRowsCompressed: return EventType::kWriteRowsV2;
    case EventType::kMariaUpdateRowsCompressed: return EventType::kUpdateRowsV2;
    case EventType::kMariaDeleteRowsCompressed: return EventType::kDeleteRowsV2;
    default: return type;
  }
}

}  // namespace cdc::binlog
