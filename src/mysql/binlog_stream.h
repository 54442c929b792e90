#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "base/status.h"
#include "model/gtid.h"

namespace cdc::mysql {

class Connection;

// Where and how a binlog stream starts.
struct BinlogStreamOptions {
  // This replica's server id: non-zero and unlike every other replica of the source (a second
  // dump with the same id makes the server end the first one). 0 only for a non-blocking stream
  // that does not register: like mysqlbinlog's one-shot reads, it displaces no replica.
  uint32_t server_id = 0;
  // Start at this file and position. An empty file with an empty start_gtid is rejected.
  std::string start_file;
  uint64_t start_position = 4;
  // Start after this GTID position instead of a file position (start_file is ignored):
  //   MariaDB: a GTID list "domain-server-seq[,...]" (the replica's gtid_slave_pos);
  //   MySQL:   a GTID set "uuid:1-5:7,uuid2:1-3" of the transactions already seen
  //            (tagged GTIDs are NotSupported for now).
  std::string start_gtid;
  // true: stop at the current end of the binlog (Next returns false there); false: follow the
  // binlog as it grows.
  bool non_blocking = false;
  // Ask the server for a HEARTBEAT event after this many milliseconds without events; 0 = none.
  uint64_t heartbeat_period_ms = 0;
  // Register as a replica (COM_REGISTER_SLAVE) so that SHOW SLAVE HOSTS / SHOW REPLICAS lists
  // this stream under `report_host` (default: this machine's host name) and `report_port`.
  bool register_replica = true;
  std::string report_host;
  uint16_t report_port = 0;
};

// The end of the source's binary log now: where the next transaction will be written.
struct BinlogEnd {
  std::string file;
  uint64_t position = 0;
  // The GTID state there: MariaDB @@gtid_binlog_pos, MySQL @@gtid_executed ("" without GTIDs).
  std::string gtid;
};

// SHOW MASTER STATUS (SHOW BINARY LOG STATUS on MySQL 8.2+) plus the GTID state. NotFound when the
// binary log is off; InvalidArgument (with the grant to add) without REPLICATION CLIENT.
Result<BinlogEnd> ReadBinlogEnd(Connection& connection);

// One binlog event as the server sent it.
struct BinlogEvent {
  // The whole event: the 19-byte header, the body and, when the stream has checksums, the
  // 4-byte CRC32. Points into the connection's read buffer: valid until the next Next().
  ByteView bytes;
  // Where the event starts in its binlog file (header log_pos - event_size); 0 for events the
  // server makes up while streaming (the first ROTATE, a FORMAT_DESCRIPTION resent at a
  // mid-file start, heartbeats): those have log_pos 0 or the LOG_EVENT_ARTIFICIAL_F flag.
  uint64_t offset = 0;
};

// Streams raw binlog events from a MySQL or MariaDB source over the replication protocol.
//
// Connector/C provides the connection, authentication, TLS and packet framing. The replication
// commands (COM_REGISTER_SLAVE, COM_BINLOG_DUMP, COM_BINLOG_DUMP_GTID) are built here and sent
// with the handle's command method, and packets are read with mysql_net_read_packet: the
// library's own event parser (mariadb_rpl_fetch) is not used, because it copies every event,
// misparses ROTATE and rejects event types it does not know (MySQL 8's TRANSACTION_PAYLOAD,
// HEARTBEAT_V2, GTID_TAGGED). Events are handed out undecoded, checksum included; the
// binlog::Decoder verifies checksums and follows the first (artificial) ROTATE for the file name.
//
// Protocol references: MySQL sql/rpl_source.cc (com_binlog_dump, com_binlog_dump_gtid,
// register_replica), sql/rpl_binlog_sender.cc (user variables read by the dump thread);
// MariaDB sql/sql_repl.cc (mysql_binlog_send, @mariadb_slave_capability, @slave_connect_state)
// and the MariaDB KB "COM_BINLOG_DUMP" / "COM_REGISTER_SLAVE" pages.
//
// Not thread-safe. The Connection must outlive the stream, and is used up by it: after the
// stream ends or fails the server closes the session, so open a new Connection to query again.
class BinlogStream {
 public:
  // Negotiates the session (checksum, heartbeat, MariaDB capability/GTID state), registers as a
  // replica and sends the dump command. InvalidArgument for bad options (server_id 0, no start
  // position, malformed GTID), NotSupported for a MySQL tagged GTID set, else errors as
  // StatusFromMysqlError (e.g. InvalidArgument without the REPLICATION SLAVE grant).
  static Result<std::unique_ptr<BinlogStream>> Open(Connection* connection, const BinlogStreamOptions& options);

  // Reads the next event into *event. Returns false when a non-blocking stream reached the end.
  // Errors: Unavailable when the connection is lost or a read times out; NotFound when the
  // server no longer has the start position; Corruption when a packet is not an event packet or
  // its length disagrees with the event header.
  Result<bool> Next(BinlogEvent* event);

  // The source's @@global.binlog_checksum ("CRC32" or "NONE"), which the stream carries.
  const std::string& checksum() const { return checksum_; }
  uint64_t events_read() const { return events_read_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  explicit BinlogStream(Connection* connection) : connection_(connection) {}

  Connection* connection_;
  std::string checksum_;
  bool ended_ = false;
  uint64_t events_read_ = 0;
  uint64_t bytes_read_ = 0;
};

// ---- Protocol pieces, exposed for tests ----------------------------------------------------

// Replication command bytes.
inline constexpr uint8_t kComBinlogDump = 0x12;
inline constexpr uint8_t kComRegisterSlave = 0x15;
inline constexpr uint8_t kComBinlogDumpGtid = 0x1e;
// COM_BINLOG_DUMP flags.
inline constexpr uint16_t kDumpFlagNonBlock = 0x01;
inline constexpr uint16_t kDumpFlagSendAnnotateRows = 0x02;  // MariaDB
inline constexpr uint16_t kDumpFlagThroughGtid = 0x04;       // MySQL, COM_BINLOG_DUMP_GTID

// COM_REGISTER_SLAVE arguments (after the command byte): server_id u32, host (u8 length + bytes),
// user (u8 length + bytes), password (u8 length + bytes), port u16, rank u32, master_id u32.
// User and password are sent empty. Host names longer than 255 bytes are cut.
std::vector<uint8_t> BuildRegisterReplicaArgs(uint32_t server_id, std::string_view host, uint16_t port);

// COM_BINLOG_DUMP arguments: position u32, flags u16, server_id u32, file name to the end.
// InvalidArgument when the position does not fit in 32 bits.
Result<std::vector<uint8_t>> BuildBinlogDumpArgs(std::string_view file, uint64_t position, uint16_t flags,
                                                 uint32_t server_id);

// COM_BINLOG_DUMP_GTID arguments (MySQL 5.6+): flags u16, server_id u32, name_size u32, name,
// position u64, data_size u32, then the encoded GTID set (EncodeMysqlGtidSet). NotSupported for a
// set with tagged GTIDs.
Result<std::vector<uint8_t>> BuildBinlogDumpGtidArgs(std::string_view file, uint64_t position, uint16_t flags,
                                                     uint32_t server_id, const model::MysqlGtidSet& gtid_set);

// Encodes a GTID set as MySQL's Gtid_set::encode does (sql/rpl_gtid_set.cc): n_sids u64, then per
// uuid: uuid[16], n_intervals u64, per interval start i64 and end i64 (end exclusive). Tagged
// GTIDs (8.4's tagged format) are NotSupported for now.
Result<std::vector<uint8_t>> EncodeMysqlGtidSet(const model::MysqlGtidSet& set);

// What a packet of the dump stream holds.
enum class DumpPacketKind : uint8_t { kEvent, kEndOfStream };
std::string_view ToString(DumpPacketKind kind);

// Classifies one packet of the dump stream (error packets are turned into a Status by
// Connector/C before this is called). An event packet is 0x00 followed by the event, whose
// header's event_size must equal the rest of the packet: *event gets the event bytes. A packet
// of fewer than 9 bytes starting 0xFE ends a non-blocking stream. Anything else is Corruption.
Result<DumpPacketKind> ParseDumpPacket(ByteView packet, ByteView* event);

// The start offset of `event` (a whole event, header first) in its binlog file: log_pos -
// event_size; 0 when log_pos is 0 or the event is flagged LOG_EVENT_ARTIFICIAL_F. Corruption when
// the header is truncated or log_pos < event_size.
Result<uint64_t> EventStartOffset(ByteView event);

}  // namespace cdc::mysql
