// Row decoding throughput on a sysbench-shaped table (oltp `sbtest`):
//   id INT NOT NULL, k INT NOT NULL, c CHAR(120) NOT NULL, pad CHAR(60) NOT NULL, utf8mb4
// Builds one WRITE_ROWS body of 1000 rows (and an UPDATE body with full before/after images) in
// the binlog layout, then measures RowDecoder::Decode into a reused ChangeBatch. Reports bytes
// of row data per second (the target is >= 400 MB/s per core) and rows per second.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "binlog/row_decoder.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "model/change_batch.h"

namespace cdc::binlog {
namespace {

constexpr uint16_t kUtf8mb4 = 255;  // utf8mb4_0900_ai_ci
constexpr int kRows = 1000;

model::TableSchemaPtr SysbenchSchema() {
  // What MakeTableSchema produces for sbtest's TABLE_MAP with FULL/MINIMAL metadata.
  TableMapEvent map;
  map.schema_name = "sbtest";
  map.table_name = "sbtest1";
  map.column_types = {3, 3, 254, 254};           // LONG, LONG, STRING, STRING
  map.column_meta = {0, 0, 0xee00 | 0xe0, 0xfe00 | 0xf0};  // CHAR(120) = 480 bytes, CHAR(60) = 240 bytes
  map.nullable = {false, false, false, false};
  map.optional.present = 1u << static_cast<unsigned>(OptionalMetadataType::kDefaultCharset) |
                         1u << static_cast<unsigned>(OptionalMetadataType::kSignedness);
  map.optional.is_unsigned.assign(8, false);
  map.optional.default_charset.default_collation = kUtf8mb4;
  return MakeTableSchema(map).value();
}

// sysbench's c/pad values: groups of 11 random digits joined by '-'.
std::string SysbenchString(size_t length, uint64_t seed) {
  std::string out;
  while (out.size() < length) {
    if (!out.empty()) out.push_back('-');
    for (int i = 0; i < 11 && out.size() < length; ++i) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      out.push_back(static_cast<char>('0' + (seed >> 33) % 10));
    }
  }
  return out;
}

void AppendImage(int row, std::vector<uint8_t>* out) {
  out->push_back(0x00);  // null bitmap
  for (int value : {row, row * 7}) {
    for (int i = 0; i < 4; ++i) out->push_back(static_cast<uint8_t>(value >> (8 * i)));
  }
  std::string c = SysbenchString(119, static_cast<uint64_t>(row));
  out->push_back(static_cast<uint8_t>(c.size()));  // c: 2-byte length (max 480)
  out->push_back(static_cast<uint8_t>(c.size() >> 8));
  out->insert(out->end(), c.begin(), c.end());
  std::string pad = SysbenchString(59, static_cast<uint64_t>(row) + 99);
  out->push_back(static_cast<uint8_t>(pad.size()));  // pad: 1-byte length (max 240)
  out->insert(out->end(), pad.begin(), pad.end());
}

void Run(benchmark::State& state, model::ChangeOp op) {
  model::TableSchemaPtr schema = SysbenchSchema();
  RowDecoder decoder(schema);
  std::vector<uint8_t> rows;
  for (int row = 0; row < kRows; ++row) {
    AppendImage(row, &rows);
    if (op == model::ChangeOp::kUpdate) AppendImage(row + 1, &rows);
  }
  const uint8_t all_columns = 0x0f;
  RowsEventHeader header;
  header.op = op;
  header.type = op == model::ChangeOp::kUpdate ? EventType::kUpdateRowsV2 : EventType::kWriteRowsV2;
  header.column_count = 4;
  if (op == model::ChangeOp::kUpdate) header.before_columns = {ByteView(&all_columns, 1), 4};
  header.after_columns = {ByteView(&all_columns, 1), 4};
  model::ChangeBatch batch(schema);
  for (auto _ : state) {
    batch.Clear();
    Status status = decoder.Decode(header, rows, {}, &batch);
    if (!status.ok()) state.SkipWithError(status.ToString().c_str());
    benchmark::DoNotOptimize(batch.image_count());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(rows.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * kRows);
}

void BM_DecodeSysbenchWriteRows(benchmark::State& state) { Run(state, model::ChangeOp::kInsert); }
void BM_DecodeSysbenchUpdateRows(benchmark::State& state) { Run(state, model::ChangeOp::kUpdate); }
BENCHMARK(BM_DecodeSysbenchWriteRows);
BENCHMARK(BM_DecodeSysbenchUpdateRows);

}  // namespace
}  // namespace cdc::binlog

BENCHMARK_MAIN();
