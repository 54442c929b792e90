#include "mysql/binlog_stream.h"

#include <mysql.h>
#include <unistd.h>

#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "model/gtid.h"
#include "mysql/connection.h"

namespace cdc::mysql {

namespace {

// Event header layout (MySQL libbinlogevents Log_event_header): timestamp u32 @0, type u8 @4,
// server_id u32 @5, event_size u32 @9, log_pos u32 @13, flags u16 @17.
constexpr size_t kHeaderSize = 19;
constexpr size_t kTypeOffset = 4;
constexpr size_t kEventSizeOffset = 9;
constexpr size_t kLogPosOffset = 13;
constexpr size_t kFlagsOffset = 17;
constexpr uint16_t kArtificialFlag = 0x0020;  // LOG_EVENT_ARTIFICIAL_F
constexpr uint8_t kHeartbeatType = 27;
constexpr uint8_t kHeartbeatV2Type = 41;

uint32_t LoadU32(const uint8_t* p) {
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

void PutU16(std::vector<uint8_t>* out, uint16_t v) {
  out->push_back(static_cast<uint8_t>(v));
  out->push_back(static_cast<uint8_t>(v >> 8));
}
void PutU32(std::vector<uint8_t>* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void PutU64(std::vector<uint8_t>* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void PutBytes(std::vector<uint8_t>* out, std::string_view bytes) { out->insert(out->end(), bytes.begin(), bytes.end()); }

std::string LocalHostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0 || name[0] == '\0') return "lakefeed";
  return name;
}

}  // namespace

std::string_view ToString(DumpPacketKind kind) {
  switch (kind) {
    case DumpPacketKind::kEvent:
      return "event";
    case DumpPacketKind::kEndOfStream:
      return "end of stream";
  }
  return "?";
}

std::vector<uint8_t> BuildRegisterReplicaArgs(uint32_t server_id, std::string_view host, uint16_t port) {
  std::vector<uint8_t> out;
  if (host.size() > 255) host = host.substr(0, 255);
  PutU32(&out, server_id);
  out.push_back(static_cast<uint8_t>(host.size()));
  PutBytes(&out, host);
  out.push_back(0);  // user: not reported
  out.push_back(0);  // password: not reported
  PutU16(&out, port);
  PutU32(&out, 0);  // replication rank (unused by the servers)
  PutU32(&out, 0);  // master id (the server fills in its own)
  return out;
}

Result<std::vector<uint8_t>> BuildBinlogDumpArgs(std::string_view file, uint64_t position, uint16_t flags,
                                                 uint32_t server_id) {
  if (position > UINT32_MAX) {
    return Status::InvalidArgument("binlog dump", "start position " + std::to_string(position) +
                                                      " does not fit COM_BINLOG_DUMP's 32 bits");
  }
  std::vector<uint8_t> out;
  PutU32(&out, static_cast<uint32_t>(position));
  PutU16(&out, flags);
  PutU32(&out, server_id);
  PutBytes(&out, file);
  return out;
}

Result<std::vector<uint8_t>> EncodeMysqlGtidSet(const model::MysqlGtidSet& set) {
  std::vector<uint8_t> out;
  PutU64(&out, set.intervals().size());
  for (const auto& [key, intervals] : set.intervals()) {
    if (!key.tag.empty()) {
      return Status::NotSupported("MySQL GTID set", "tagged GTIDs (tag '" + key.tag + "') are not supported yet");
    }
    out.insert(out.end(), key.uuid.bytes.begin(), key.uuid.bytes.end());
    PutU64(&out, intervals.size());
    for (const model::GnoInterval& interval : intervals) {
      PutU64(&out, static_cast<uint64_t>(interval.first));
      PutU64(&out, static_cast<uint64_t>(interval.last) + 1);  // the encoding's end is exclusive
    }
  }
  return out;
}

Result<std::vector<uint8_t>> BuildBinlogDumpGtidArgs(std::string_view file, uint64_t position, uint16_t flags,
                                                     uint32_t server_id, const model::MysqlGtidSet& gtid_set) {
  CDC_ASSIGN_OR_RETURN(std::vector<uint8_t> encoded, EncodeMysqlGtidSet(gtid_set));
  std::vector<uint8_t> out;
  PutU16(&out, flags);
  PutU32(&out, server_id);
  PutU32(&out, static_cast<uint32_t>(file.size()));
  PutBytes(&out, file);
  PutU64(&out, position);
  PutU32(&out, static_cast<uint32_t>(encoded.size()));
  out.insert(out.end(), encoded.begin(), encoded.end());
  return out;
}

Result<DumpPacketKind> ParseDumpPacket(ByteView packet, ByteView* event) {
  if (packet.empty()) return Status::Corruption("binlog dump packet", "empty packet");
  if (packet[0] == 0xfe && packet.size() < 9) return DumpPacketKind::kEndOfStream;
  if (packet[0] != 0x00) {
    return Status::Corruption("binlog dump packet", "unexpected first byte " + std::to_string(packet[0]) +
                                                        " (expected 0x00 before an event)");
  }
  ByteView bytes = packet.subspan(1);
  if (bytes.size() < kHeaderSize) {
    return Status::Corruption("binlog dump packet", "event of " + std::to_string(bytes.size()) +
                                                        " bytes is shorter than the 19-byte header");
  }
  uint32_t event_size = LoadU32(bytes.data() + kEventSizeOffset);
  if (event_size != bytes.size()) {
    return Status::Corruption("binlog dump packet", "header says " + std::to_string(event_size) +
                                                        " bytes but the packet holds " + std::to_string(bytes.size()));
  }
  *event = bytes;
  return DumpPacketKind::kEvent;
}

Result<uint64_t> EventStartOffset(ByteView event) {
  if (event.size() < kHeaderSize) return Status::Corruption("binlog event header", "truncated");
  uint8_t type = event[kTypeOffset];
  uint32_t event_size = LoadU32(event.data() + kEventSizeOffset);
  uint32_t log_pos = LoadU32(event.data() + kLogPosOffset);
  uint16_t flags = static_cast<uint16_t>(event[kFlagsOffset] | event[kFlagsOffset + 1] << 8);
  if (log_pos == 0 || (flags & kArtificialFlag) != 0 || type == kHeartbeatType || type == kHeartbeatV2Type) return 0;
  if (log_pos < event_size) {
    return Status::Corruption("binlog event header", "log_pos " + std::to_string(log_pos) +
                                                         " is smaller than event_size " + std::to_string(event_size));
  }
  return uint64_t{log_pos - event_size};
}

Result<std::unique_ptr<BinlogStream>> BinlogStream::Open(Connection* connection, const BinlogStreamOptions& options) {
  if (options.server_id == 0 && (!options.non_blocking || options.register_replica)) {
    return Status::InvalidArgument("binlog stream", "server_id must be non-zero (and unique among replicas)");
  }
  if (options.start_gtid.empty() && options.start_file.empty()) {
    return Status::InvalidArgument("binlog stream", "neither a start file nor a start GTID was given");
  }
  const bool mariadb = connection->is_mariadb();
  const bool by_gtid = !options.start_gtid.empty();
  std::vector<uint8_t> dump_args;
  uint8_t dump_command = kComBinlogDump;
  uint16_t flags = options.non_blocking ? kDumpFlagNonBlock : 0;
  std::string maria_gtid_position;
  if (by_gtid && mariadb) {
    CDC_ASSIGN_OR_RETURN(model::MariaGtidPosition position, model::MariaGtidPosition::Parse(options.start_gtid));
    if (position.empty()) return Status::InvalidArgument("binlog stream", "the start GTID position is empty");
    maria_gtid_position = position.ToString();
  }
  if (mariadb) {
    flags |= kDumpFlagSendAnnotateRows;
    // With @slave_connect_state set, the server finds the file itself and ignores the name.
    CDC_ASSIGN_OR_RETURN(dump_args, BuildBinlogDumpArgs(by_gtid ? "" : options.start_file,
                                                        by_gtid ? 4 : options.start_position, flags,
                                                        options.server_id));
  } else if (by_gtid) {
    dump_command = kComBinlogDumpGtid;
    CDC_ASSIGN_OR_RETURN(model::MysqlGtidSet gtid_set, model::MysqlGtidSet::Parse(options.start_gtid));
    CDC_ASSIGN_OR_RETURN(dump_args,
                         BuildBinlogDumpGtidArgs("", 4, flags | kDumpFlagThroughGtid, options.server_id, gtid_set));
  } else {
    CDC_ASSIGN_OR_RETURN(dump_args,
                         BuildBinlogDumpArgs(options.start_file, options.start_position, flags, options.server_id));
  }

  std::unique_ptr<BinlogStream> stream(new BinlogStream(connection));

  // Checksum: the dump thread sends checksummed events only to a replica that announced it can
  // check them (MySQL rpl_binlog_sender.cc get_binlog_checksum_value_at_connect reads
  // @source_binlog_checksum or @master_binlog_checksum; MariaDB sql_repl.cc reads
  // @master_binlog_checksum). Without it a CRC32 server fails the dump with error 1236.
  Result<std::optional<std::string>> checksum = connection->QueryValue("SELECT @@global.binlog_checksum");
  if (checksum.ok()) {
    stream->checksum_ = checksum->value_or("NONE");
    CDC_RETURN_IF_ERROR(connection->Execute(
        "SET @master_binlog_checksum = @@global.binlog_checksum, @source_binlog_checksum = @@global.binlog_checksum"));
  } else if (checksum.status().IsNotFound()) {
    stream->checksum_ = "NONE";  // a server older than MySQL 5.6.2 / MariaDB 5.3: no checksums
  } else {
    return checksum.status();
  }

  if (options.heartbeat_period_ms != 0) {
    std::string nanos = std::to_string(options.heartbeat_period_ms * 1000000);
    CDC_RETURN_IF_ERROR(
        connection->Execute("SET @master_heartbeat_period = " + nanos + ", @source_heartbeat_period = " + nanos));
  }
  if (mariadb) {
    // MARIA_SLAVE_CAPABILITY_GTID (sql/log_event.h): send GTID, GTID_LIST, BINLOG_CHECKPOINT and
    // ANNOTATE_ROWS events as they are, not rewritten for an old replica.
    CDC_RETURN_IF_ERROR(connection->Execute("SET @mariadb_slave_capability = 4"));
    if (by_gtid) {
      CDC_RETURN_IF_ERROR(connection->Execute("SET @slave_connect_state = " + connection->Quote(maria_gtid_position) +
                                              ", @slave_gtid_strict_mode = 0, @slave_gtid_ignore_duplicates = 0"));
    }
  }

  MYSQL* mysql = connection->handle();
  if (options.register_replica) {
    std::string host = options.report_host.empty() ? LocalHostName() : options.report_host;
    std::vector<uint8_t> args = BuildRegisterReplicaArgs(options.server_id, host, options.report_port);
    if (mysql->methods->db_command(mysql, static_cast<enum_server_command>(kComRegisterSlave),
                                   reinterpret_cast<const char*>(args.data()), args.size(), 0, nullptr) != 0) {
      return connection->LastError("register as replica (COM_REGISTER_SLAVE) with server_id " +
                                   std::to_string(options.server_id));
    }
  }
  std::string what = by_gtid ? "start binlog dump after GTID " + options.start_gtid
                             : "start binlog dump at " + options.start_file + ":" + std::to_string(options.start_position);
  if (mysql->methods->db_command(mysql, static_cast<enum_server_command>(dump_command),
                                 reinterpret_cast<const char*>(dump_args.data()), dump_args.size(), 1,
                                 nullptr) != 0) {
    return connection->LastError(what);
  }
  return stream;
}

Result<bool> BinlogStream::Next(BinlogEvent* event) {
  if (ended_) return false;
  MYSQL* mysql = connection_->handle();
  unsigned long length = mysql_net_read_packet(mysql);
  // Connector/C's packet_error is ((unsigned int) -1), not ULONG_MAX; an error packet from the
  // server (0xFF) is turned into mysql_errno/mysql_error and also reported as packet_error.
  if (length == packet_error) {
    ended_ = true;
    return connection_->LastError("read binlog event");
  }
  ByteView packet(mysql->net.read_pos, length);
  ByteView bytes;
  CDC_ASSIGN_OR_RETURN(DumpPacketKind kind, ParseDumpPacket(packet, &bytes));
  if (kind == DumpPacketKind::kEndOfStream) {
    ended_ = true;
    return false;
  }
  CDC_ASSIGN_OR_RETURN(uint64_t offset, EventStartOffset(bytes));
  event->bytes = bytes;
  event->offset = offset;
  ++events_read_;
  bytes_read_ += bytes.size();
  return true;
}

Result<BinlogEnd> ReadBinlogEnd(Connection& connection) {
  // MySQL 8.2 renamed the statement and 8.4 removed the old name; MariaDB keeps SHOW MASTER STATUS.
  bool new_syntax = !connection.is_mariadb() && connection.server_version_number() >= 80200;
  Result<QueryResult> status = connection.Query(new_syntax ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS");
  if (!status.ok()) {
    if (status.status().IsInvalidArgument()) {
      return status.status().WithContext("reading the binlog end needs the REPLICATION CLIENT grant");
    }
    return status.status();
  }
  if (status->rows.empty() || status->rows[0].size() < 2 || !status->rows[0][0] || !status->rows[0][1]) {
    return Status::NotFound("binary log", "the source has no binary log (set log_bin, binlog_format=ROW)");
  }
  BinlogEnd end;
  end.file = *status->rows[0][0];
  try {
    end.position = std::stoull(*status->rows[0][1]);
  } catch (const std::exception&) {
    return Status::Corruption("SHOW MASTER STATUS", "position is not a number: " + *status->rows[0][1]);
  }
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> gtid,
                       connection.QueryValue(connection.is_mariadb() ? "SELECT @@GLOBAL.gtid_binlog_pos"
                                                                     : "SELECT @@GLOBAL.gtid_executed"));
  if (gtid) {
    end.gtid = *gtid;
    // MySQL prints long sets over several lines.
    std::erase(end.gtid, '\n');
  }
  return end;
}

}  // namespace cdc::mysql
