#pragma once

#include <cstdint>
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
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

namespace cdc::binlog {

class RowDecoder;

// The decoded body of one event. FormatDescription is the FDE; TableMapEvent and RowsEventHeader come
// from table_map.h / rows_event.h (the rows themselves go to EventSink::OnRows).
using EventBody = std::variant<UnknownEvent, FormatDescription, StartV3Event, StopEvent, RotateEvent, QueryEvent,
                               XidEvent, IntvarEvent, RandEvent, UserVarEvent, GtidEvent, PreviousGtidsEvent,
                               MariaGtidEvent, MariaGtidListEvent, BinlogCheckpointEvent, AnnotateRowsEvent,
                               RowsQueryEvent, HeartbeatEvent, XaPrepareEvent, IncidentEvent,
                               TransactionPayloadEvent, TableMapEvent, RowsEventHeader>;

// One event as the Decoder hands it to a sink. Valid only during the sink call: `file`, `raw`
// and the views inside `body` point into the decoder's or the caller's buffers.
struct DecodedEvent {
  EventHeader header;
  std::string_view file;  // binlog file the event belongs to
  uint64_t offset = 0;    // start of the event in `file`; for inner events, the TPE's offset
  bool inner = false;     // came out of a TRANSACTION_PAYLOAD_EVENT
  ByteView raw;           // the whole event as stored: header, body and (top-level) checksum
  EventBody body;
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

  const FormatDescription& format() const { return format_; }
  // True once a FORMAT_DESCRIPTION (or START_V3) event has been seen.
  bool has_format() const { return has_format_; }
  const std::string& file() const { return file_; }
  // GTID of the current transaction: MySQL "uuid:gno" / "uuid:tag:gno", MariaDB "d-s-n"; empty
  // for anonymous transactions and before any GTID event.
  const std::string& current_gtid() const { return current_gtid_; }
  // The GTID set announced by the last PREVIOUS_GTIDS event and the last GTID_LIST event.
  const model::MysqlGtidSet& previous_gtids() const { return previous_gtids_; }

  // Number of inner events decoded so far out of TRANSACTION_PAYLOAD events.
  uint64_t inner_event_count() const { return inner_event_count_; }

 private:
  struct PreparedTable;
  struct PayloadStream;

  Status FeedOne(ByteView raw_event, uint64_t offset, bool inner, const EventHeader* outer, EventSink* sink);
  Status DecodeBody(const EventHeader& header, ByteView body, DecodedEvent* event);
  Status OnTableMap(DecodedEvent* event, ByteView body);
  Status OnRowsEvent(DecodedEvent* event, ByteView body, const EventHeader* outer, EventSink* sink);
  Status OnTransactionPayload(const DecodedEvent& event, const TransactionPayloadEvent& payload, EventSink* sink);

  DecoderOptions options_;
  FormatDescription format_;
  bool has_format_ = false;
  bool old_binlog_version_ = false;
  std::string file_;
  std::string current_gtid_;
  model::MysqlGtidSet previous_gtids_;
  std::unordered_map<uint64_t, std::unique_ptr<PreparedTable>> tables_;
  std::unique_ptr<PayloadStream> payload_;
  uint64_t inner_event_count_ = 0;
};

}  // namespace cdc::binlog
