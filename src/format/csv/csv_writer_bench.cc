// CSV change-file writing throughput: ChangeBatch rows -> CSV text -> write(2) (or zlib), into
// /dev/null so that the disk is not measured. Reports rows per second and CSV bytes per second.
// The end-to-end target is >= 1M rows/s per core for decode + write together, so this
// stage should stay well above that.
//
//   build/<dir>/bench/csv_writer_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <string>

#include "format/change_file_writer.h"
#include "model/change_batch.h"
#include "model/projection.h"
#include "model/table_schema.h"

namespace cdc::format {
namespace {

constexpr int kRows = 1000;

model::ColumnSchema Column(std::string name, model::ValueKind kind, model::FieldType type,
                           uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

model::TableProjectionPtr Project(model::TableSchemaPtr table) {
  auto projection = std::make_shared<model::TableProjection>();
  for (uint32_t column_idx = 0; column_idx < table->columns.size(); ++column_idx) {
    model::OutputColumn column;
    column.name = table->columns[column_idx].name;
    column.column = column_idx;
    projection->columns.push_back(column);
  }
  projection->schema = std::move(table);
  return projection;
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

// sysbench `sbtest`: id INT, k INT, c CHAR(120), pad CHAR(60); `kRows` inserts.
model::ChangeBatch SysbenchBatch() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "sbtest";
  table->table_name = "sbtest1";
  table->columns = {Column("id", model::ValueKind::kInt64, model::FieldType::kLong),
                    Column("k", model::ValueKind::kInt64, model::FieldType::kLong),
                    Column("c", model::ValueKind::kString, model::FieldType::kString),
                    Column("pad", model::ValueKind::kString, model::FieldType::kString)};
  model::ChangeBatch batch(table);
  batch.AddOrigin({{"binlog.000001", 4, ""}, 0, 0});
  for (int row = 0; row < kRows; ++row) {
    batch.column(0).AppendSlot(static_cast<uint64_t>(row));
    batch.column(1).AppendSlot(static_cast<uint64_t>(row) * 7);
    batch.column(2).AppendBytes(SysbenchString(119, static_cast<uint64_t>(row)));
    batch.column(3).AppendBytes(SysbenchString(59, static_cast<uint64_t>(row) + 99));
    model::RowChange change;
    change.after = batch.FinishImage();
    batch.AddChange(change);
  }
  return batch;
}

// A mixed table: BIGINT, DECIMAL, DOUBLE, DATETIME(6), TIMESTAMP, VARCHAR with commas and quotes
// (quoted), nullable INT; half updates.
model::ChangeBatch MixedBatch() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "orders";
  table->columns = {Column("id", model::ValueKind::kInt64, model::FieldType::kLongLong),
                    Column("amount", model::ValueKind::kDecimal, model::FieldType::kNewDecimal),
                    Column("ratio", model::ValueKind::kDouble, model::FieldType::kDouble, 8),
                    Column("created", model::ValueKind::kDateTime, model::FieldType::kDateTime2, 6),
                    Column("updated", model::ValueKind::kTimestamp, model::FieldType::kTimestamp2, 0),
                    Column("note", model::ValueKind::kString, model::FieldType::kVarchar),
                    Column("qty", model::ValueKind::kInt64, model::FieldType::kLong)};
  model::ChangeBatch batch(table);
  batch.AddOrigin({{"binlog.000001", 4, ""}, 0, 0});
  auto image = [&](int row) {
    batch.column(0).AppendSlot(static_cast<uint64_t>(row) * 1000003);
    batch.column(1).AppendBytes(std::to_string(row * 37) + "." + std::to_string(10 + row % 90));
    batch.column(2).AppendSlot(std::bit_cast<uint64_t>(row / 7.0));
    batch.column(3).AppendSlot(model::PackedDateTime{
        {2024, 5, 17}, 13, 45, static_cast<uint8_t>(row % 60), static_cast<uint32_t>(row)}
                                   .Pack());
    batch.column(4).AppendSlot(model::PackedTimestamp{1715953500u + static_cast<uint32_t>(row), 0}.Pack());
    batch.column(5).AppendBytes(row % 4 == 0 ? "gift, wrap \"red\"" : "standard delivery");
    if (row % 3 == 0) {
      batch.column(6).AppendNull();
    } else {
      batch.column(6).AppendSlot(static_cast<uint64_t>(row % 17));
    }
    return batch.FinishImage();
  };
  for (int row = 0; row < kRows; ++row) {
    model::RowChange change;
    if (row % 2 == 0) {
      change.op = model::ChangeOp::kInsert;
      change.after = image(row);
    } else {
      change.op = model::ChangeOp::kUpdate;
      change.before = image(row - 1);
      change.after = image(row);
    }
    batch.AddChange(change);
  }
  return batch;
}

void Run(benchmark::State& state, const model::ChangeBatch& batch, const OutputSettings& output) {
  auto writer =
      OpenCsvWriter("/dev/null", FileKind::kCdc, Project(batch.schema_ptr()), output, CsvSettings{});
  if (!writer.ok()) {
    state.SkipWithError(writer.status().ToString().c_str());
    return;
  }
  uint64_t seq = 1;
  for (auto _ : state) {
    Status status = (*writer)->Append(batch, 0, batch.size(), {seq, 1715953500123456});
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
    seq += batch.size();
  }
  uint64_t before_finish = (*writer)->bytes_written();
  if (!(*writer)->Finish().ok()) state.SkipWithError("Finish failed");
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(batch.size()));
  if (output.compression == Compression::kNone) {
    state.SetBytesProcessed(static_cast<int64_t>(before_finish));
  } else {
    state.counters["gzip_bytes"] = static_cast<double>((*writer)->bytes_written());
  }
}

void BM_CsvSysbenchInserts(benchmark::State& state) {
  static const model::ChangeBatch batch = SysbenchBatch();
  OutputSettings output;
  output.ordering_columns = state.range(0) != 0;
  Run(state, batch, output);
}
BENCHMARK(BM_CsvSysbenchInserts)->Arg(0)->Arg(1)->ArgName("ordering");

void BM_CsvMixedTypes(benchmark::State& state) {
  static const model::ChangeBatch batch = MixedBatch();
  OutputSettings output;
  output.timestamp_column_name = state.range(0) != 0 ? "ts" : "";
  Run(state, batch, output);
}
BENCHMARK(BM_CsvMixedTypes)->Arg(0)->Arg(1)->ArgName("timestamp_column");

void BM_CsvSysbenchGzip(benchmark::State& state) {
  static const model::ChangeBatch batch = SysbenchBatch();
  OutputSettings output;
  output.compression = Compression::kGzip;
  Run(state, batch, output);
}
BENCHMARK(BM_CsvSysbenchGzip);

}  // namespace
}  // namespace cdc::format

BENCHMARK_MAIN();
