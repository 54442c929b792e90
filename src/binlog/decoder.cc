#include "binlog/decoder.h"

#include <cstring>
#include <string>

#include "base/crc32.h"
#include "binlog/format_description.h"
#include "binlog/row_decoder.h"

namespace cdc::binlog {

// Everything the decoder keeps for one table id: the TABLE_MAP body it was decoded from (so that the
// identical TABLE_MAP the server repeats before every transaction is recognised by a memcmp and not
// decoded again), the decoded map and schema, and, once a rows event of a wanted table arrives, the
// prepared RowDecoder and the ChangeBatch it fills (reused: Clear() keeps the capacity).
struct Decoder::PreparedTable {
  std::vector<uint8_t> map_body;
  TableMapEvent map;
  model::TableSchemaPtr schema;
  std::unique_ptr<RowDecoder> row_decoder;
  std::unique_ptr<model::ChangeBatch> batch;
};

namespace {

// Table ids written by MySQL for a "dummy" rows event that only carries STMT_END_F and no table map
// (sql/log_event.h: ~0UL as the table id, truncated to the post-header width).
constexpr uint64_t kDummyTableId6 = (uint64_t{1} << 48) - 1;
constexpr uint64_t kDummyTableId4 = (uint64_t{1} << 32) - 1;

uint32_t StoredChecksum(ByteView raw_event) {
  const uint8_t* p = raw_event.data() + raw_event.size() - kChecksumSize;
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

// The CRC32 of an event without its checksum. A FORMAT_DESCRIPTION_EVENT's checksum is computed with
// LOG_EVENT_BINLOG_IN_USE_F cleared, because the server clears that flag in place when it closes the
// file (MySQL Log_event_footer::event_checksum_test, MariaDB Log_event::event_checksum_test).
uint32_t EventCrc32(ByteView raw_event, EventType type) {
  ByteView covered = raw_event.first(raw_event.size() - kChecksumSize);
  constexpr size_t kFlagsOffset = 17;
  if (type != EventType::kFormatDescription || (covered[kFlagsOffset] & kEventFlagBinlogInUse) == 0) {
    return Crc32(covered);
  }
  const uint8_t cleared = static_cast<uint8_t>(covered[kFlagsOffset] & ~kEventFlagBinlogInUse);
  uint32_t crc = Crc32(covered.first(kFlagsOffset));
  crc = Crc32(ByteView(&cleared, 1), crc);
  return Crc32(covered.subspan(kFlagsOffset + 1), crc);
}

std::string Hex32(uint32_t value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) out.push_back(kHex[(value >> shift) & 0xf]);
  return out;
}

// The type codes that are kept raw as UnknownEvent although we know them: they never carry row changes
// (IGNORABLE 28, TRANSACTION_CONTEXT 36 and VIEW_CHANGE 37 of group replication) or belong to
// statement-based LOAD DATA (6, 7, 8-12, 17, 18), which a row-based capture cannot apply anyway.
bool KeptRaw(EventType type) {
  switch (type) {
    case EventType::kIgnorable:
    case EventType::kTransactionContext:
    case EventType::kViewChange:
    case EventType::kLoad:
    case EventType::kSlave:
    case EventType::kCreateFile:
    case EventType::kAppendBlock:
    case EventType::kExecLoad:
    case EventType::kDeleteFile:
    case EventType::kNewLoad:
    case EventType::kBeginLoadQuery:
    case EventType::kExecuteLoadQuery:
      return true;
    default:
      return false;
  }
}

bool IsKnownType(uint8_t code) {
  return (code >= 1 && code <= static_cast<uint8_t>(EventType::kGtidTagged)) ||
         (code >= static_cast<uint8_t>(EventType::kMariaAnnotateRows) &&
          code <= static_cast<uint8_t>(EventType::kMariaPartialRowData));
}

std::string TypeName(uint8_t code) {
  if (IsKnownType(code)) return std::string(ToString(static_cast<EventType>(code))) + " (" + std::to_string(code) + ")";
  return "type " + std::to_string(code);
}

}  // namespace

Decoder::Decoder(DecoderOptions options) : options_(options), format_(DefaultFormatDescription(options.initial_checksum)) {}

Decoder::~Decoder() = default;

void Decoder::InvalidateTables() { tables_.clear(); }

void Decoder::SetFile(std::string file) { file_ = std::move(file); }

Status Decoder::Fail(const Status& status, uint64_t offset) const {
  return status.WithContext((file_.empty() ? std::string("<binlog>") : file_) + " @ " + std::to_string(offset));
}

Status Decoder::Feed(ByteView raw_event, uint64_t offset, EventSink* sink) {
  sink_error_ = false;
  Status status = FeedOne(raw_event, offset, nullptr, sink);
  if (status.ok() || sink_error_) return status;
  return Fail(status, offset);
}

Status Decoder::FeedOne(ByteView raw_event, uint64_t offset, const EventHeader* outer, EventSink* sink) {
  ByteReader header_reader(raw_event);
  CDC_ASSIGN_OR_RETURN(EventHeader header, DecodeEventHeader(header_reader));
  if (header.event_size != raw_event.size()) {
    return Status::Corruption("binlog event", "event_size " + std::to_string(header.event_size) + " but " +
                                                  std::to_string(raw_event.size()) + " bytes given");
  }
  const bool inner = outer != nullptr;
  const EventType type = header.type();
  if (old_binlog_version_) {
    return Status::NotSupported("binlog format v1/v3 (MySQL < 5.0)", "events after START_EVENT_V3 are not decoded");
  }

  // Which checksum trails this event. Inner events of a TRANSACTION_PAYLOAD never have one.
  ChecksumAlgorithm checksum = ChecksumAlgorithm::kOff;
  if (inner) {
    checksum = ChecksumAlgorithm::kOff;
  } else if (type == EventType::kFormatDescription) {
    CDC_ASSIGN_OR_RETURN(checksum, DetectFdeChecksum(raw_event));
  } else if (has_format_) {
    checksum = format_.checksum;
  } else {
    checksum = options_.initial_checksum;
    if (checksum == ChecksumAlgorithm::kUndefined && type == EventType::kRotate &&
        raw_event.size() >= kEventHeaderSize + kChecksumSize &&
        Crc32(raw_event.first(raw_event.size() - kChecksumSize)) == StoredChecksum(raw_event)) {
      checksum = ChecksumAlgorithm::kCrc32;  // the artificial ROTATE of a checksum-enabled connection
    }
  }
  size_t trailer = 0;
  if (checksum == ChecksumAlgorithm::kCrc32) {
    trailer = kChecksumSize;
    if (raw_event.size() < kEventHeaderSize + kChecksumSize) {
      return Status::Corruption("binlog event", "too short for its CRC32 checksum");
    }
    if (options_.verify_checksums) {
      uint32_t computed = EventCrc32(raw_event, type);
      uint32_t stored = StoredChecksum(raw_event);
      if (computed != stored) {
        return Status::Corruption("CRC32 checksum mismatch", TypeName(header.type_code) + ": stored " + Hex32(stored) +
                                                                  ", computed " + Hex32(computed));
      }
    }
  }
  // The FDE is always laid out with a 19-byte common header; later events use the FDE's length.
  size_t common_header = type == EventType::kFormatDescription ? kEventHeaderSize : format_.common_header_length;
  if (raw_event.size() < common_header + trailer) {
    return Status::Corruption("binlog event", "shorter than its common header");
  }
  ByteView body = raw_event.subspan(common_header, raw_event.size() - common_header - trailer);

  DecodedEvent event;
  event.header = header;
  event.file = file_;
  event.offset = offset;
  event.inner = inner;
  event.raw = raw_event;

  if (IsRowsEventType(UncompressedRowsType(type))) return OnRowsEvent(body, outer, &event, sink);
  if (type == EventType::kFormatDescription) {
    CDC_ASSIGN_OR_RETURN(FormatDescription format, DecodeFormatDescription(raw_event));
    if (inner) return Status::Corruption("FORMAT_DESCRIPTION_EVENT", "inside a TRANSACTION_PAYLOAD_EVENT");
    if (format.binlog_version != 4) {
      return Status::NotSupported("FORMAT_DESCRIPTION_EVENT", "binlog version " + std::to_string(format.binlog_version));
    }
    if (format.post_header_lengths != format_.post_header_lengths ||
        format.common_header_length != format_.common_header_length) {
      tables_.clear();  // table ids were decoded with another layout
    }
    format_ = format;
    has_format_ = true;
    event.body = std::move(format);
  } else if (type == EventType::kTableMap) {
    CDC_RETURN_IF_ERROR(OnTableMap(body, &event));
  } else {
    CDC_RETURN_IF_ERROR(DecodeBody(body, &event));
  }

  if (Status status = sink->OnEvent(event); !status.ok()) {
    sink_error_ = true;
    return status;
  }

  // State changes that follow the event.
  if (const auto* rotate = std::get_if<RotateEvent>(&event.body)) {
    file_ = std::string(rotate->next_file);
  } else if (std::holds_alternative<TransactionPayloadEvent>(event.body)) {
    return OnTransactionPayload(event, sink);
  }
  return Status::OK();
}

Status Decoder::DecodeBody(ByteView body, DecodedEvent* event) {
  const EventHeader& header = event->header;
  const EventType type = header.type();
  if (!IsKnownType(header.type_code) || type == EventType::kUnknown) {
    if ((header.flags & kEventFlagIgnorable) != 0) {
      event->body = UnknownEvent{body, true};
      return Status::OK();
    }
    return Status::NotSupported("unknown binlog event type " + std::to_string(header.type_code),
                                "not flagged LOG_EVENT_IGNORABLE_F, so it cannot be skipped");
  }
  if (KeptRaw(type)) {
    event->body = UnknownEvent{body, (header.flags & kEventFlagIgnorable) != 0};
    return Status::OK();
  }
  switch (type) {
    case EventType::kStartV3: {
      // v1 headers are 13 bytes, so a v1 START event is 13 + 56 bytes long; only v3 has 19 + 56.
      if (header.event_size != kEventHeaderSize + 56) {
        return Status::NotSupported("binlog format v1 (MySQL 3.23)", "not decoded");
      }
      CDC_ASSIGN_OR_RETURN(StartV3Event start, DecodeStartV3(body));
      if (start.binlog_version >= 4) {
        return Status::Corruption("START_EVENT_V3", "claims binlog version " + std::to_string(start.binlog_version));
      }
      old_binlog_version_ = true;
      has_format_ = true;
      event->body = start;
      return Status::OK();
    }
    case EventType::kStop:
      event->body = StopEvent{};
      return Status::OK();
    case EventType::kRotate: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeRotate(body, format_));
      return Status::OK();
    }
    case EventType::kQuery: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeQuery(body, format_));
      return Status::OK();
    }
    case EventType::kXid: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeXid(body));
      return Status::OK();
    }
    case EventType::kIntvar: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeIntvar(body));
      return Status::OK();
    }
    case EventType::kRand: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeRand(body));
      return Status::OK();
    }
    case EventType::kUserVar: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeUserVar(body));
      return Status::OK();
    }
    case EventType::kGtid:
    case EventType::kAnonymousGtid:
    case EventType::kGtidTagged: {
      CDC_ASSIGN_OR_RETURN(GtidEvent gtid, DecodeGtid(body, type));
      current_gtid_ = gtid.ToGtidString();
      event->body = gtid;
      return Status::OK();
    }
    case EventType::kPreviousGtids: {
      CDC_ASSIGN_OR_RETURN(PreviousGtidsEvent previous, DecodePreviousGtids(body));
      previous_gtids_ = previous.gtids;
      event->body = std::move(previous);
      return Status::OK();
    }
    case EventType::kMariaGtid: {
      CDC_ASSIGN_OR_RETURN(MariaGtidEvent gtid, DecodeMariaGtid(body, header.server_id));
      current_gtid_.clear();
      gtid.gtid().AppendTo(&current_gtid_);  // reuses the buffer: one GTID per transaction
      event->body = gtid;
      return Status::OK();
    }
    case EventType::kMariaGtidList: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeMariaGtidList(body));
      return Status::OK();
    }
    case EventType::kMariaBinlogCheckpoint: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeBinlogCheckpoint(body));
      return Status::OK();
    }
    case EventType::kMariaAnnotateRows: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeAnnotateRows(body));
      return Status::OK();
    }
    case EventType::kRowsQuery: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeRowsQuery(body));
      return Status::OK();
    }
    case EventType::kHeartbeat: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeHeartbeat(body, header));
      return Status::OK();
    }
    case EventType::kHeartbeatV2: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeHeartbeatV2(body));
      return Status::OK();
    }
    case EventType::kXaPrepare: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeXaPrepare(body));
      return Status::OK();
    }
    case EventType::kIncident: {
      CDC_ASSIGN_OR_RETURN(event->body, DecodeIncident(body));
      return Status::OK();
    }
    case EventType::kTransactionPayload: {
      if (event->inner) return Status::Corruption("TRANSACTION_PAYLOAD_EVENT", "nested in another one");
      CDC_ASSIGN_OR_RETURN(event->body, DecodeTransactionPayload(body));
      return Status::OK();
    }
    case EventType::kMariaStartEncryption:
      return Status::NotSupported("MariaDB START_ENCRYPTION_EVENT",
                                  "the binlog file is encrypted (encrypt_binlog=ON); read it through the server");
    case EventType::kMariaQueryCompressed: {
      // Query_compressed_log_event: a QUERY whose text is a compressed block (same post-header).
      CDC_ASSIGN_OR_RETURN(QueryEvent query, DecodeQuery(body, format_));
      CDC_ASSIGN_OR_RETURN(ByteView text, DecompressMariaBlock(AsBytes(query.query), &uncompressed_));
      query.query = AsStringView(text);
      event->body = query;
      return Status::OK();
    }
    case EventType::kMariaPartialRowData:
      return Status::NotSupported(TypeName(header.type_code), "MariaDB fragmented events are not decoded yet");
    case EventType::kPreGaWriteRows:
    case EventType::kPreGaUpdateRows:
    case EventType::kPreGaDeleteRows:
      return Status::NotSupported(TypeName(header.type_code), "MySQL 5.1 pre-GA rows events");
    default:
      // FDE, TABLE_MAP and rows events are handled by the caller; KeptRaw types above.
      return Status::Corruption(TypeName(header.type_code), "not expected here");
  }
}

Status Decoder::OnTableMap(ByteView body, DecodedEvent* event) {
  // Servers repeat the same TABLE_MAP before every transaction on a table: when the bytes equal the
  // ones the prepared table came from, nothing is decoded again. The table id leads the post-header
  // (6 bytes; 4 when the FDE gives TABLE_MAP a 6-byte post-header, as in MySQL 5.0 / 5.1.0-5.1.3).
  const size_t id_width = format_.PostHeaderLength(EventType::kTableMap, 8) == 6 ? 4 : 6;
  ByteReader id_reader(body);
  uint64_t table_id = 0;
  if (id_reader.ReadUIntLE(id_width, &table_id)) {
    auto found = tables_.find(table_id);
    if (found != tables_.end() && found->second->map_body.size() == body.size() &&
        std::memcmp(found->second->map_body.data(), body.data(), body.size()) == 0) {
      event->table = TableMapRef{&found->second->map, found->second->schema.get()};
      event->body = event->table;
      return Status::OK();
    }
  }
  CDC_ASSIGN_OR_RETURN(TableMapEvent map, DecodeTableMap(body, format_));
  CDC_ASSIGN_OR_RETURN(model::TableSchemaPtr schema, MakeTableSchema(map));
  if (options_.enrich_schema) {
    auto enriched = std::make_shared<model::TableSchema>(*schema);
    CDC_RETURN_IF_ERROR(options_.enrich_schema(*enriched));
    schema = std::move(enriched);
  }
  auto prepared = std::make_unique<PreparedTable>();
  prepared->map_body.assign(body.begin(), body.end());
  const uint64_t mapped_id = map.table_id;
  prepared->map = std::move(map);
  prepared->schema = std::move(schema);
  std::unique_ptr<PreparedTable>& slot = tables_[mapped_id];
  slot = std::move(prepared);  // only a fully prepared table ever enters the map
  event->table = TableMapRef{&slot->map, slot->schema.get()};
  event->body = event->table;
  return Status::OK();
}

Status Decoder::OnRowsEvent(ByteView body, const EventHeader* outer, DecodedEvent* event, EventSink* sink) {
  ByteReader reader(body);
  const EventType type = event->header.type();
  const EventType rows_type = UncompressedRowsType(type);
  CDC_ASSIGN_OR_RETURN(RowsEventHeader rows, DecodeRowsHeader(reader, rows_type, format_));
  // MariaDB *_ROWS_COMPRESSED: the row data after the bitmaps is one compressed block
  // (log_event.cc row_log_event_uncompress). Decompressed only for rows that are decoded.
  const bool compressed = rows_type != type;
  auto found = tables_.find(rows.table_id);
  PreparedTable* table = found == tables_.end() ? nullptr : found->second.get();
  if (table == nullptr) {
    bool dummy = (rows.table_id == kDummyTableId6 || rows.table_id == kDummyTableId4) && reader.empty();
    if (!dummy) {
      return Status::Corruption(TypeName(event->header.type_code),
                                "table_id " + std::to_string(rows.table_id) + " has no preceding TABLE_MAP");
    }
  } else {
    event->table = TableMapRef{&table->map, table->schema.get()};
  }
  event->body = rows;
  const RowsEventHeader& header = std::get<RowsEventHeader>(event->body);
  if (Status status = sink->OnEvent(*event); !status.ok()) {
    sink_error_ = true;
    return status;
  }
  if (table == nullptr || !options_.decode_rows || !sink->WantsTable(*table->schema)) return Status::OK();

  // A row whose images hold no column at all takes no bytes, so row data after it could never be
  // consumed (and a decoder looping on it would never end).
  const bool empty_row = (!header.has_before() || header.before_columns.CountSet() == 0) &&
                         (!header.has_after() || (header.after_columns.CountSet() == 0 && !header.partial));
  ByteView row_data = reader.rest();
  if (compressed) {
    if (row_data.empty()) return Status::Corruption(TypeName(event->header.type_code), "no compressed row data");
    CDC_ASSIGN_OR_RETURN(row_data, DecompressMariaBlock(row_data, &uncompressed_));
  }
  if (empty_row && !row_data.empty()) {
    return Status::Corruption(TypeName(event->header.type_code), "row images without columns but row data follows");
  }
  if (table->row_decoder == nullptr) {
    table->row_decoder = std::make_unique<RowDecoder>(table->schema);
    table->batch = std::make_unique<model::ChangeBatch>(table->schema);
  }
  table->batch->Clear();
  model::ChangeOrigin origin;
  origin.position.file = file_;
  origin.position.offset = event->offset;
  origin.position.gtid = current_gtid_;
  origin.timestamp = event->header.timestamp;
  origin.end_log_pos = outer != nullptr ? outer->log_pos : event->header.log_pos;
  CDC_RETURN_IF_ERROR(table->row_decoder->Decode(header, row_data, origin, table->batch.get()));
  if (Status status = sink->OnRows(*event, *table->batch); !status.ok()) {
    sink_error_ = true;
    return status;
  }
  return Status::OK();
}

Status Decoder::OnTransactionPayload(const DecodedEvent& event, EventSink* sink) {
  const auto& payload = std::get<TransactionPayloadEvent>(event.body);
  splitter_.Reset(payload);
  uint64_t inner_idx = 0;
  while (true) {
    ByteView inner;
    Result<bool> next = splitter_.Next(&inner);
    if (!next.ok()) {
      return next.status().WithContext("inner event " + std::to_string(inner_idx) + " of TRANSACTION_PAYLOAD_EVENT");
    }
    if (!*next) break;
    Status status = FeedOne(inner, event.offset, &event.header, sink);
    if (!status.ok()) {
      if (sink_error_) return status;
      return status.WithContext("inner event " + std::to_string(inner_idx) + " of TRANSACTION_PAYLOAD_EVENT");
    }
    ++inner_idx;
    ++inner_event_count_;
  }
  return Status::OK();
}

}  // namespace cdc::binlog
