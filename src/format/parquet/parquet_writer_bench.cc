// Parquet change-file writing throughput for the sysbench row shape (id INT, k INT, c CHAR(120),
// pad CHAR(60)): ChangeBatch -> column buffers -> pages -> codec -> write(2) into /dev/null, so
// that the disk is not measured. Reports rows/s and (file) bytes/s per codec and encoding.
//
//   build/release/bench/parquet_writer_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "format/parquet/parquet_writer.h"
#include "model/change_batch.h"

namespace cdc::format {
namespace {

constexpr uint32_t kBatchRows = 10000;

// A sysbench-like CHAR value: runs of random digits separated by '-' every 12th character.
std::string Digits(size_t length, std::mt19937_64& rng) {
  std::string text(length, '-');
  for (size_t pos = 0; pos < length; ++pos) {
    if (pos % 12 != 11) text[pos] = static_cast<char>('0' + rng() % 10);
  }
  return text;
}

struct Sysbench {
  model::TableProjectionPtr projection;
  std::unique_ptr<model::ChangeBatch> batch;
};

Sysbench MakeSysbench() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "sbtest";
  table->table_name = "sbtest1";
  const std::pair<const char*, model::ValueKind> columns[] = {
      {"id", model::ValueKind::kInt64}, {"k", model::ValueKind::kInt64},
      {"c", model::ValueKind::kString}, {"pad", model::ValueKind::kString}};
  auto projection = std::make_shared<model::TableProjection>();
  for (uint32_t column_idx = 0; column_idx < 4; ++column_idx) {
    model::ColumnSchema schema;
    schema.name = columns[column_idx].first;
    schema.kind = columns[column_idx].second;
    schema.type = schema.kind == model::ValueKind::kInt64 ? model::FieldType::kLong : model::FieldType::kString;
    table->columns.push_back(schema);
    model::OutputColumn output;
    output.name = schema.name;
    output.column = column_idx;
    projection->columns.push_back(output);
  }
  projection->schema = table;
  auto batch = std::make_unique<model::ChangeBatch>(table);
  std::mt19937_64 rng(42);
  for (uint32_t row = 0; row < kBatchRows; ++row) {
    batch->column(0).AppendSlot(row);
    batch->column(1).AppendSlot(rng() % 100000);  // sysbench's k: repeats, so dictionaries pay
    batch->column(2).AppendBytes(Digits(120, rng));
    batch->column(3).AppendBytes(Digits(60, rng));
    model::RowChange change;
    change.after = batch->FinishImage();
    batch->AddChange(change);
  }
  return {projection, std::move(batch)};
}

void BM_ParquetWriter(benchmark::State& state, parquet::Codec codec, ParquetEncodingType encoding) {
  static const Sysbench sysbench = MakeSysbench();
  ParquetSettings settings;
  settings.codec = codec;
  settings.encoding_type = encoding;
  ChangeContext context;
  context.commit_time_us = 1700000000000000;
  uint64_t rows = 0;
  uint64_t bytes = 0;
  for (auto _ : state) {
    // One file of 10 row groups per iteration, as a 100k-row change file would be.
    auto writer = OpenParquetWriter("/dev/null", FileKind::kCdc, sysbench.projection, OutputSettings(), settings);
    if (!writer.ok()) {
      state.SkipWithError(writer.status().ToString().c_str());
      return;
    }
    for (int batch_idx = 0; batch_idx < 10; ++batch_idx) {
      if (!(*writer)->Append(*sysbench.batch, 0, kBatchRows, context).ok()) state.SkipWithError("Append failed");
      context.first_seq += kBatchRows;
    }
    if (!(*writer)->Finish().ok()) state.SkipWithError("Finish failed");
    rows += (*writer)->rows_written();
    bytes += (*writer)->bytes_written();
  }
  state.counters["rows/s"] = benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
  state.counters["file_bytes/s"] = benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kIsRate);
  state.counters["file_bytes/row"] = static_cast<double>(bytes) / static_cast<double>(rows);
}

BENCHMARK_CAPTURE(BM_ParquetWriter, plain_uncompressed, parquet::Codec::kUncompressed, ParquetEncodingType::kPlain)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParquetWriter, dictionary_uncompressed, parquet::Codec::kUncompressed,
                  ParquetEncodingType::kRleDictionary)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParquetWriter, dictionary_snappy, parquet::Codec::kSnappy, ParquetEncodingType::kRleDictionary)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParquetWriter, dictionary_zstd, parquet::Codec::kZstd, ParquetEncodingType::kRleDictionary)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ParquetWriter, dictionary_gzip, parquet::Codec::kGzip, ParquetEncodingType::kRleDictionary)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace cdc::format

BENCHMARK_MAIN();
