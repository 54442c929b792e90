#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"
#include "binlog/event_header.h"
#include "binlog/events.h"
#include "binlog/transaction_payload.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

namespace cdc::binlog {

class RowDecoder;

// A table as mapped by its last TABLE_MAP event. Both pointers are owned by the Decoder and stay
// valid until the table id is mapped again or the Decoder is destroyed; copy what must outlive that.
struct TableMapRef {
  const TableMapEvent* map = nullptr;
  const model::TableSchema* schema = nullptr;  // MakeTableSchema(*map): names, kinds, primary key
};

// The decoded body of one event. FormatDescription is the FDE; a TABLE_MAP event carries a
// TableMapRef (the decoder keeps the decoded map per table id, so an unchanged TABLE_MAP is not
// decoded again); rows events carry their RowsEventHeader (the rows themselves go to
// EventSink::OnRows).
using EventBody = std::variant<UnknownEvent, FormatDescription, StartV3Event, StopEvent, RotateEvent, QueryEvent,
                               XidEvent, IntvarEvent, RandEvent, UserVarEvent, GtidEvent, PreviousGtidsEvent,
                               MariaGtidEvent, MariaGtidListEvent, BinlogCheckpointEvent, AnnotateRowsEvent,
                               RowsQueryEvent, HeartbeatEvent, XaPrepareEvent, IncidentEvent,
                               TransactionPayloadEvent, TableMapRef, RowsEventHeader>;

// One event as the Decoder hands it to a sink. Valid only during the sink call: `file`, `raw`
// and the views inside `body` point into the decoder's or the caller's buffers.
struct DecodedEvent {
  EventHeader header;
  std::string_view file;  // binlog file the event belongs to
  uint64_t offset = 0;    // start of the event in `file`; for inner events, the TPE's offset
  bool inner = false;     // came out of a TRANSACTION_PAYLOAD_EVENT
  ByteView raw;           // the whole event as stored: header, body and (top-level) checksum
  EventBody body;
  TableMapRef table;      // TABLE_MAP and rows events: the mapped table; empty otherwise
};

// Receives decoded events. A non-OK Status from a callback stops Feed() and is returned from it.
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Every event, including TPE inner events, in stream order. For a TPE, OnEvent(TPE) comes first,
  // then its inner events.
  virtual Status OnEvent(const DecodedEvent& event) = 0;
  // The rows of a rows event (called after OnEvent for that event), only when WantsTable was true.
  // `rows` is reused by the decoder for the next rows event of the table: copy what must be kept.
  virtual Status OnRows(const DecodedEvent& event, const model::ChangeBatch& rows) = 0;
  // Asked for each rows event before its body is decoded; false skips decoding the rows.
  virtual bool WantsTable(const model::TableSchema& table) {
    (void)table;
    return true;
  }
};

struct DecoderOptions {
  // Verify the CRC32 of every event when the FDE (or `initial_checksum`) says CRC32.
  bool verify_checksums = true;
  // Checksum algorithm assumed for events before the first FORMAT_DESCRIPTION (the artificial
  // ROTATE a server sends first on a replication connection carries a checksum when the replica
  // negotiated one). kUndefined: decide from the event itself (ROTATE only: trust the checksum when
  // the last 4 bytes are its CRC32). Files always start with the FDE, so kOff is right for them.
  ChecksumAlgorithm initial_checksum = ChecksumAlgorithm::kOff;
  // Decode rows events into ChangeBatches (false: OnEvent only, rows bodies never decoded).
  bool decode_rows = true;
  // Called when a TABLE_MAP prepares a new table schema (after MakeTableSchema, before the
  // RowDecoder is built) to fill what the TABLE_MAP lacks -- names, ENUM/SET labels, collations,
  // MariaDB's UUID/INET types -- e.g. from information_schema (mysql/schema_hints.h). The callee
  // recomputes ColumnSchema::kind (ChooseValueKind) for the columns it changes. A non-OK Status
  // stops Feed() and is returned from it. Empty: the schema is used as decoded.
  std::function<Status(model::TableSchema&)> enrich_schema;
};

// Decodes a binlog event stream, one complete event at a time: keeps the format description
// (checksum, post-header lengths), follows ROTATE, tracks the current transaction's GTID, keeps
// one prepared row decoder per table_id, and unpacks TRANSACTION_PAYLOAD events (zstd, streaming).
//
// Errors are Status with "<file> @ <offset>: " context: Corruption for malformed bytes or a wrong
// checksum, NotSupported for a valid event we do not handle (an unknown event type without
// LOG_EVENT_IGNORABLE_F, old binlog versions).
//
// Not thread-safe: one Decoder per stream.
class Decoder {
 public:
  explicit Decoder(DecoderOptions options = {});
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // The binlog file name the next events belong to (the file reader sets it per file; ROTATE
  // events change it too).
  void SetFile(std::string file);

  // Decodes one complete event exactly as stored: header + body + checksum when enabled.
  // `offset` is its start in the file (a network transport passes log_pos - event_size, or 0 for
  // artificial events). Calls sink->OnEvent (and OnRows) for it and for any inner events.
  Status Feed(ByteView raw_event, uint64_t offset, EventSink* sink);

  // Forgets every prepared table, so that the next TABLE_MAP of each table is decoded and enriched
  // again (after a DDL statement changed what enrich_schema would say). Call between transactions.
  void InvalidateTables();

  const FormatDescription& format() const { return format_; }
  // True once a FORMAT_DESCRIPTION (or START_V3) event has been seen.
  bool has_format() const { return has_format_; }
  const std::string& file() const { return file_; }
  // GTID of the current transaction: MySQL "uuid:gno" / "uuid:tag:gno", MariaDB "d-s-n"; empty
  // for anonymous transactions and before any GTID event.
  const std::string& current_gtid() const { return current_gtid_; }
  // The GTID set announced by the last PREVIOUS_GTIDS event (empty before one).
  const model::MysqlGtidSet& previous_gtids() const { return previous_gtids_; }

  // Number of inner events decoded so far out of TRANSACTION_PAYLOAD events.
  uint64_t inner_event_count() const { return inner_event_count_; }

 private:
  struct PreparedTable;

  // Decodes one event; `outer` is the enclosing TPE's header for inner events. Decoding errors come
  // back without file/offset context (Feed adds it); sink errors come back unchanged.
  Status FeedOne(ByteView raw_event, uint64_t offset, const EventHeader* outer, EventSink* sink);
  Status DecodeBody(ByteView body, DecodedEvent* event);
  Status OnTableMap(ByteView body, DecodedEvent* event);
  Status OnRowsEvent(ByteView body, const EventHeader* outer, DecodedEvent* event, EventSink* sink);
  Status OnTransactionPayload(const DecodedEvent& event, EventSink* sink);
  Status Fail(const Status& status, uint64_t offset) const;

  DecoderOptions options_;
  // Set while a sink callback runs, so that errors it returns are passed through untouched.
  bool sink_error_ = false;
  FormatDescription format_;
  bool has_format_ = false;
  bool old_binlog_version_ = false;
  std::string file_;
  std::string current_gtid_;
  model::MysqlGtidSet previous_gtids_;
  std::unordered_map<uint64_t, std::unique_ptr<PreparedTable>> tables_;
  PayloadEventSplitter splitter_;
  std::vector<uint8_t> uncompressed_;  // MariaDB compressed query text / row data, reused
  uint64_t inner_event_count_ = 0;
};

}  // namespace cdc::binlog
