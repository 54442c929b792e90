#include "binlog/rows_event.h"

#include <bit>
#include <string>

namespace cdc::binlog {
namespace {

// Rows_event::max_fields; a larger width is corrupt.
constexpr uint64_t kMaxRowsColumns = 4096;

// Extra_row_info type codes (enum_extra_row_info_typecode).
constexpr uint8_t kExtraRowInfoNdb = 0;
constexpr uint8_t kExtraRowInfoPartition = 1;

Status RowsCorruption(EventType type, std::string_view detail) {
  return Status::Corruption(std::string(ToString(type)) + " event header", detail);
}

// Decodes the v2 extra data TLVs we know (Rows_event::Rows_event in libbinlogevents); an
// unknown type ends parsing, as it does in the server, since its length is not self-described.
Status DecodeExtraData(EventType type, ByteView extra, RowsEventHeader* header) {
  ByteReader in(extra);
  while (!in.empty()) {
    uint8_t code;
    in.ReadU8(&code);
    if (code == kExtraRowInfoNdb) {
      // [length u8 (counts itself and the format byte)][format u8][data]
      uint8_t length;
      if (!in.ReadU8(&length) || length < 2 || !in.Skip(length - 1u)) {
        return RowsCorruption(type, "truncated NDB extra row info");
      }
    } else if (code == kExtraRowInfoPartition) {
      uint16_t partition;
      if (!in.ReadU16(&partition)) return RowsCorruption(type, "truncated partition extra row info");
      header->partition_id = partition;
      if (header->op == model::ChangeOp::kUpdate) {
        if (!in.ReadU16(&partition)) return RowsCorruption(type, "truncated partition extra row info");
        header->source_partition_id = partition;
      }
    } else {
      break;
    }
  }
  return Status::OK();
}

}  // namespace

uint64_t ColumnBitmap::CountSet() const {
  uint64_t count = 0;
  uint64_t full_bytes = column_count / 8;
  for (uint64_t byte_idx = 0; byte_idx < full_bytes; ++byte_idx) count += std::popcount(bits[byte_idx]);
  if (column_count % 8 != 0) {
    uint8_t last = static_cast<uint8_t>(bits[full_bytes] & ((1u << (column_count % 8)) - 1));
    count += std::popcount(last);
  }
  return count;
}

bool IsRowsEventType(EventType type) {
  switch (type) {
    case EventType::kWriteRowsV1:
    case EventType::kUpdateRowsV1:
    case EventType::kDeleteRowsV1:
    case EventType::kWriteRowsV2:
    case EventType::kUpdateRowsV2:
    case EventType::kDeleteRowsV2:
    case EventType::kPartialUpdateRows: return true;
    default: return false;
  }
}

Result<RowsEventHeader> DecodeRowsHeader(ByteReader& body, EventType type, const FormatDescription& format) {
  RowsEventHeader header;
  header.type = type;
  switch (type) {
    case EventType::kWriteRowsV1: header.op = model::ChangeOp::kInsert; header.version = 1; break;
    case EventType::kUpdateRowsV1: header.op = model::ChangeOp::kUpdate; header.version = 1; break;
    case EventType::kDeleteRowsV1: header.op = model::ChangeOp::kDelete; header.version = 1; break;
    case EventType::kWriteRowsV2: header.op = model::ChangeOp::kInsert; break;
    case EventType::kUpdateRowsV2: header.op = model::ChangeOp::kUpdate; break;
    case EventType::kDeleteRowsV2: header.op = model::ChangeOp::kDelete; break;
    case EventType::kPartialUpdateRows:
      header.op = model::ChangeOp::kUpdate;
      header.partial = true;
      break;
    default:
      return Status::InvalidArgument("DecodeRowsHeader", "event type " + std::to_string(static_cast<int>(type)) +
                                                             " is not a rows event");
  }

  // ROWS_HEADER_LEN_V1 = 8, ROWS_HEADER_LEN_V2 = 10; 6 means a pre-5.1.4 4-byte table id.
  const uint8_t default_length = header.version == 1 ? 8 : 10;
  const uint8_t post_header_length = format.PostHeaderLength(type, default_length);
  if (post_header_length == 6) {
    uint32_t id;
    if (!body.ReadU32(&id)) return RowsCorruption(type, "truncated table id");
    header.table_id = id;
  } else {
    if (post_header_length < 8) return RowsCorruption(type, "post-header shorter than 8 bytes");
    if (!body.ReadU48(&header.table_id)) return RowsCorruption(type, "truncated table id");
  }
  if (!body.ReadU16(&header.flags)) return RowsCorruption(type, "truncated flags");

  if (post_header_length == 10) {
    uint16_t extra_length;
    if (!body.ReadU16(&extra_length)) return RowsCorruption(type, "truncated extra data length");
    if (extra_length < 2) return RowsCorruption(type, "extra data length below 2");
    if (!body.ReadBytes(extra_length - 2u, &header.extra_data)) {
      return RowsCorruption(type, "extra data runs past the event");
    }
    CDC_RETURN_IF_ERROR(DecodeExtraData(type, header.extra_data, &header));
  } else if (post_header_length > 8 && !body.Skip(post_header_length - 8u)) {
    return RowsCorruption(type, "truncated post-header");
  }

  if (!body.ReadPackedInt(&header.column_count)) return RowsCorruption(type, "truncated column count");
  if (header.column_count == 0 || header.column_count > kMaxRowsColumns) {
    return RowsCorruption(type, "column count " + std::to_string(header.column_count) + " out of range 1..4096");
  }
  const size_t bitmap_bytes = (header.column_count + 7) / 8;
  ColumnBitmap first;
  first.column_count = header.column_count;
  if (!body.ReadBytes(bitmap_bytes, &first.bits)) return RowsCorruption(type, "truncated column bitmap");
  if (header.op == model::ChangeOp::kUpdate) {
    header.before_columns = first;
    header.after_columns.column_count = header.column_count;
    if (!body.ReadBytes(bitmap_bytes, &header.after_columns.bits)) {
      return RowsCorruption(type, "truncated after-image column bitmap");
    }
  } else if (header.op == model::ChangeOp::kInsert) {
    header.after_columns = first;
  } else {
    header.before_columns = first;
  }
  return header;
}

}  // namespace cdc::binlog
