// libFuzzer target for the row path: DecodeTableMap + MakeTableSchema + DecodeRowsHeader +
// RowDecoder::Decode on arbitrary bytes.
//
// Input layout (kept simple so that fixture events make good seeds):
//   byte 0        bit 0: the format is MariaDB's; bits 1-3: rows event type, an index into
//                 {WRITE v1, UPDATE v1, DELETE v1, WRITE v2, UPDATE v2, DELETE v2, PARTIAL_UPDATE}
//   bytes 1-2     length L of the TABLE_MAP body, little-endian
//   next L bytes  TABLE_MAP body (post-header onwards, no checksum)
//   the rest      rows event body (post-header onwards, no checksum)
// The rows body is decoded twice with the same decoder, so the partial-JSON row cache filled by
// the first pass is exercised by the second.
//
// Seeds: run binlog_test with LAKEFEED_FUZZ_SEED_DIR=<dir> --gtest_filter='*WriteRowFuzzSeeds*';
// it writes one seed per rows event of the recorded binlogs (see row_values_fixture_test.cc).
//
// Besides "no crash", checks that a batch is never left half-filled: after Decode, successful
// or not, every column holds exactly image_count() cells.
#include <cstdint>
#include <cstdlib>

#include "binlog/row_decoder.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "model/change_batch.h"

namespace {

cdc::binlog::FormatDescription MakeFormat(bool mariadb) {
  using cdc::binlog::EventType;
  cdc::binlog::FormatDescription format;
  format.server_version = mariadb ? "10.11.6-MariaDB-log" : "8.0.36";
  format.post_header_lengths.assign(45, 0);
  auto set = [&](EventType type, uint8_t length) { format.post_header_lengths[static_cast<size_t>(type) - 1] = length; };
  set(EventType::kTableMap, 8);
  for (EventType type : {EventType::kWriteRowsV1, EventType::kUpdateRowsV1, EventType::kDeleteRowsV1}) set(type, 8);
  for (EventType type : {EventType::kWriteRowsV2, EventType::kUpdateRowsV2, EventType::kDeleteRowsV2,
                         EventType::kPartialUpdateRows}) {
    set(type, 10);
  }
  return format;
}

void CheckBatch(const cdc::model::ChangeBatch& batch) {
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    if (batch.column(column_idx).size() != batch.image_count()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using cdc::binlog::EventType;
  if (size < 3) return 0;
  static const cdc::binlog::FormatDescription kMySql = MakeFormat(false);
  static const cdc::binlog::FormatDescription kMariaDb = MakeFormat(true);
  static const EventType kTypes[8] = {EventType::kWriteRowsV1,  EventType::kUpdateRowsV1, EventType::kDeleteRowsV1,
                                      EventType::kWriteRowsV2,  EventType::kUpdateRowsV2, EventType::kDeleteRowsV2,
                                      EventType::kPartialUpdateRows, EventType::kWriteRowsV2};
  const cdc::binlog::FormatDescription& format = (data[0] & 1) ? kMariaDb : kMySql;
  EventType type = kTypes[(data[0] >> 1) & 7];
  size_t map_length = data[1] | size_t{data[2]} << 8;
  if (map_length > size - 3) return 0;
  cdc::ByteView map_body(data + 3, map_length);
  cdc::ByteView rows_body(data + 3 + map_length, size - 3 - map_length);

  cdc::Result<cdc::binlog::TableMapEvent> map = cdc::binlog::DecodeTableMap(map_body, format);
  if (!map.ok()) return 0;
  cdc::Result<cdc::model::TableSchemaPtr> schema = cdc::binlog::MakeTableSchema(*map);
  if (!schema.ok()) return 0;
  cdc::binlog::RowDecoder decoder(*schema);
  cdc::model::ChangeBatch batch(*schema);
  for (int pass = 0; pass < 2; ++pass) {
    cdc::ByteReader in(rows_body);
    cdc::Result<cdc::binlog::RowsEventHeader> header = cdc::binlog::DecodeRowsHeader(in, type, format);
    if (!header.ok()) return 0;
    cdc::Status status = decoder.Decode(*header, in.rest(), {}, &batch);
    (void)status;
    CheckBatch(batch);
  }
  return 0;
}
