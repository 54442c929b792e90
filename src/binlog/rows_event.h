#pragma once

#include <cstdint>
#include <optional>

#include "base/byte_reader.h"
#include "base/result.h"
#include "binlog/event_header.h"
#include "binlog/event_type.h"
#include "model/change_batch.h"

namespace cdc::binlog {

// The column bitmap of a rows event: bit i (LSB first in byte i / 8) set = column i is in the
// image. A view into the event body: the body must outlive it.
struct ColumnBitmap {
  ByteView bits;
  uint64_t column_count = 0;
  bool Test(uint64_t column) const { return (bits[column >> 3] >> (column & 7)) & 1; }
  // Number of set bits among the first column_count.
  uint64_t CountSet() const;
  bool AllSet() const { return CountSet() == column_count; }
};

// Rows event flags (Rows_event::enum_flag).
inline constexpr uint16_t kRowsFlagStmtEnd = 0x0001;
inline constexpr uint16_t kRowsFlagNoForeignKeyChecks = 0x0002;
inline constexpr uint16_t kRowsFlagRelaxedUniqueChecks = 0x0004;
inline constexpr uint16_t kRowsFlagCompleteRows = 0x0008;

// PARTIAL_UPDATE_ROWS value_options bits (enum_binlog_row_value_options).
inline constexpr uint64_t kRowValueOptionPartialJson = 1;

// The header of a WRITE/UPDATE/DELETE_ROWS event, v1 or v2, and of MySQL's PARTIAL_UPDATE_ROWS
// (MySQL libbinlogevents/src/rows_event.cpp Rows_event::Rows_event; MariaDB sql/log_event.cc
// Rows_log_event::Rows_log_event):
//
//   post-header  table_id    u48 (u32 when the FDE post-header length is 6)
//                flags       u16
//                v2 only:    extra_data_length u16 (counts itself), then extra_data
//   body         column_count                   packed int
//                before bitmap (update, delete)  (column_count + 7) / 8 bytes
//                after bitmap (update only)      (column_count + 7) / 8 bytes
//                rows                             up to the end of the body
//
// For WRITE the one bitmap is the after image's; for DELETE the before image's. v2 extra data
// (rows_event.h Extra_row_info): TLVs of type u8: RW_V_EXTRAINFO_TAG (0: length u8, format u8,
// data), RW_V_PART_INFO_TAG (1: partition id u16, and for updates the source partition id u16).
struct RowsEventHeader {
  EventType type = EventType::kWriteRowsV2;
  model::ChangeOp op = model::ChangeOp::kInsert;
  uint8_t version = 2;          // 1 (types 23-25, MariaDB) or 2 (30-32, 39)
  uint64_t table_id = 0;
  uint16_t flags = 0;
  ByteView extra_data;          // raw v2 extra data after the length (empty for v1)
  std::optional<uint16_t> partition_id;         // from extra data, when present
  std::optional<uint16_t> source_partition_id;  // updates only
  uint64_t column_count = 0;
  ColumnBitmap before_columns;  // empty (column_count 0) for WRITE
  ColumnBitmap after_columns;   // empty for DELETE
  bool partial = false;         // PARTIAL_UPDATE_ROWS: the after image starts with value_options

  bool has_before() const { return op != model::ChangeOp::kInsert; }
  bool has_after() const { return op != model::ChangeOp::kDelete; }
};

// True for the event types this header decodes: WRITE/UPDATE/DELETE_ROWS v1 (23-25) and v2
// (30-32), PARTIAL_UPDATE_ROWS (39).
bool IsRowsEventType(EventType type);

// Reads the post-header and the column bitmaps from `body` (the event after the common header,
// without the checksum) and leaves `body` at the first row. Corruption if a field is
// truncated, the extra-data length is below 2 or beyond the body, or the column count is 0
// or implausibly large; InvalidArgument if `type` is not a rows event type.
Result<RowsEventHeader> DecodeRowsHeader(ByteReader& body, EventType type, const FormatDescription& format);

}  // namespace cdc::binlog
