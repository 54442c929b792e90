// Merge throughput (docs/merge.md, BENCHMARKS.md "Merge into Iceberg"): a table of N rows is loaded, then
// batches of K changes (updates of existing keys, deletes, inserts, key updates) are merged, one commit each, for
// each K of --changes in turn; a batch's merge time must not grow with N (it writes a data file and an equality
// delete file of the batch only).
//
//   merge_bench [rows...] [--changes K[,K...]] [--format csv|parquet] [--dir DIR]
//                                            default: 1000000 2000000 --changes 100000 --format csv
//
// The lake and the warehouse are in memory (MemStore), so the figures are the merge's CPU: reading the change
// files, reducing, writing Parquet (zstd), Avro manifests and the metadata. With --dir they are file:// stores
// under DIR/<rows>/ (kept), so that another tool can merge the same change files (bench/merge-bench runs
// DuckDB's MERGE INTO on them, file by file). Prints one line per table size and K with the load's and the
// change batch's times.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "base/logging.h"
#include "lake/lake_writer.h"
#include "merge/merger.h"
#include "merge/value_parse.h"
#include "snapshot/row_reader.h"
#include "store/mem_store.h"
#include "store/object_store.h"

namespace {

using cdc::model::ChangeOp;

constexpr std::string_view kRecord =
    R"json({"seq":1,"index":0,"position":{"file":"","offset":0,"gtid":""},"kind":"snapshot","schema":"bench",)json"
    R"json("table":"t","sql":"","definition":{"default_collation":45,"columns":[)json"
    R"json({"name":"id","data_type":"bigint","column_type":"bigint(20)","unsigned":false,"nullable":false,)json"
    R"json("labels":[],"collation":0,"pk":true},)json"
    R"json({"name":"name","data_type":"varchar","column_type":"varchar(40)","unsigned":false,"nullable":true,)json"
    R"json("labels":[],"collation":45,"pk":false},)json"
    R"json({"name":"amount","data_type":"decimal","column_type":"decimal(12,2)","unsigned":false,"nullable":true,)json"
    R"json("labels":[],"collation":0,"pk":false},)json"
    R"json({"name":"at","data_type":"datetime","column_type":"datetime(3)","unsigned":false,"nullable":true,)json"
    R"json("labels":[],"collation":0,"pk":false}],"primary_key":[0]}})json";

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void Check(const cdc::Status& status, const char* what) {
  if (!status.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, status.ToString().c_str());
    std::exit(1);
  }
}

void AppendRow(cdc::model::ChangeBatch* batch, ChangeOp op, int64_t id, uint64_t version) {
  const auto& columns = batch->schema().columns;
  const std::string name = "name " + std::to_string(id) + " v" + std::to_string(version);
  const std::string amount = std::to_string(id % 100000) + "." + std::to_string(10 + version % 90);
  Check(cdc::merge::AppendCellFromText(columns[0], std::to_string(id), &batch->column(0)), "id");
  Check(cdc::merge::AppendCellFromText(columns[1], name, &batch->column(1)), "name");
  Check(cdc::merge::AppendCellFromText(columns[2], amount, &batch->column(2)), "amount");
  Check(cdc::merge::AppendCellFromText(columns[3], "2024-02-29 12:34:56.789", &batch->column(3)), "at");
  cdc::model::RowChange change;
  change.op = op;
  (op == ChangeOp::kDelete ? change.before : change.after) = batch->FinishImage();
  batch->AddChange(change);
}

struct Result {
  int64_t changes = 0;
  double merge_s = 0;
  uint64_t upserts = 0;
  uint64_t deletes = 0;
};

// Loads a table of `rows` rows (its time in *load_s), then merges a batch of each size in `changes`, in turn.
std::vector<Result> RunOne(const cdc::model::TableSchemaPtr& schema, int64_t rows, const std::vector<int64_t>& changes,
                           const std::string& spool, const std::string& format, const std::string& dir, double* load_s) {
  std::unique_ptr<cdc::store::ObjectStore> lake_store = std::make_unique<cdc::store::MemStore>();
  std::unique_ptr<cdc::store::ObjectStore> warehouse_store = std::make_unique<cdc::store::MemStore>();
  if (!dir.empty()) {
    auto opened_lake = cdc::store::OpenStore("file://" + dir + "/" + std::to_string(rows) + "/lake");
    auto opened_warehouse = cdc::store::OpenStore("file://" + dir + "/" + std::to_string(rows) + "/warehouse");
    Check(opened_lake.status(), "lake dir");
    Check(opened_warehouse.status(), "warehouse dir");
    lake_store = std::move(*opened_lake);
    warehouse_store = std::move(*opened_warehouse);
  }
  cdc::store::ObjectStore& lake = *lake_store;
  cdc::store::ObjectStore& warehouse = *warehouse_store;
  cdc::lake::LakeSettings settings;
  settings.spool_dir = spool + "/lake";
  settings.format = format;
  settings.parquet.codec = cdc::format::parquet::Codec::kZstd;
  settings.cdc_min_file_size_kb = 1u << 30;
  cdc::lake::LakeWriter writer(&lake, settings);
  Check(writer.Recover().status(), "recover");
  writer.AddSchemaRecord(1, std::string(kRecord));
  auto projection = cdc::model::ProjectAllColumns(schema);
  projection->target_schema = "bench";
  projection->target_table = "t";
  uint64_t next_seq = 2;
  auto commit = [&](cdc::model::ChangeBatch& batch, cdc::format::FileKind kind) {
    Check(writer.Append(projection, batch, 0, batch.size(), {next_seq, 1'700'000'000'000'000}, kind), "append");
    next_seq += batch.size();
    Check(writer.Flush({"bin.000001", next_seq, ""}, next_seq, 1'700'000'000'000'000), "flush");
  };
  {
    cdc::model::ChangeBatch load(schema);
    load.AddOrigin({});
    for (int64_t id = 0; id < rows; ++id) AppendRow(&load, ChangeOp::kInsert, id, 0);
    commit(load, cdc::format::FileKind::kFullLoad);
  }
  cdc::merge::MergeOptions options;
  options.format.data_format = format;
  options.spool_dir = spool + "/merge";
  options.compact_delete_files = 0;
  options.parquet.codec = cdc::format::parquet::Codec::kZstd;
  auto start = std::chrono::steady_clock::now();
  {
    cdc::merge::Merger merger(&lake, &warehouse, options);
    Check(merger.MergeAll().status(), "load merge");
  }
  *load_s = Seconds(start);
  std::vector<Result> results;
  std::mt19937_64 random(42);
  int64_t next_id = rows;
  for (const int64_t batch_changes : changes) {
    cdc::model::ChangeBatch batch(schema);
    batch.AddOrigin({});
    for (int64_t change_idx = 0; change_idx < batch_changes; ++change_idx) {
      const int64_t id = static_cast<int64_t>(random() % static_cast<uint64_t>(rows));
      switch (change_idx % 10) {
        case 0:  // a delete
          AppendRow(&batch, ChangeOp::kDelete, id, 0);
          break;
        case 1:  // an insert of a new key
          AppendRow(&batch, ChangeOp::kInsert, next_id++, 1);
          break;
        case 2:  // a key update: D of the old key, I of a new one
          AppendRow(&batch, ChangeOp::kDelete, id, 0);
          AppendRow(&batch, ChangeOp::kInsert, next_id++, 2);
          ++change_idx;
          break;
        default:
          AppendRow(&batch, ChangeOp::kUpdate, id, static_cast<uint64_t>(change_idx));
      }
    }
    commit(batch, cdc::format::FileKind::kCdc);
    start = std::chrono::steady_clock::now();
    cdc::merge::Merger merger(&lake, &warehouse, options);
    cdc::Result<cdc::merge::MergeStats> merged = merger.MergeAll();
    Check(merged.status(), "change merge");
    results.push_back({batch_changes, Seconds(start), merged->upserts, merged->deletes});
  }
  return results;
}

}  // namespace

int main(int argc, char** argv) {
  cdc::SetLogLevel(cdc::LogLevel::kWarn);
  std::vector<int64_t> sizes;
  std::vector<int64_t> changes = {100000};
  std::string format = "csv";
  std::string dir;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string arg = argv[arg_idx];
    if (arg == "--changes" && arg_idx + 1 < argc) {
      changes.clear();
      for (std::string_view list = argv[++arg_idx]; !list.empty();) {
        const size_t comma = std::min(list.find(','), list.size());
        changes.push_back(std::stoll(std::string(list.substr(0, comma))));
        list.remove_prefix(std::min(comma + 1, list.size()));
      }
    } else if (arg == "--format" && arg_idx + 1 < argc) {
      format = argv[++arg_idx];
    } else if (arg == "--dir" && arg_idx + 1 < argc) {
      dir = argv[++arg_idx];
    } else {
      sizes.push_back(std::stoll(arg));
    }
  }
  if (sizes.empty()) sizes = {1000000, 2000000};
  cdc::mysql::TableHints hints;
  hints.schema_name = "bench";
  hints.table_name = "t";
  hints.columns = {{"id", "bigint", "bigint(20)", false, false, {}, 0, true},
                   {"name", "varchar", "varchar(40)", false, true, {}, 45, false},
                   {"amount", "decimal", "decimal(12,2)", false, true, {}, 0, false},
                   {"at", "datetime", "datetime(3)", false, true, {}, 0, false}};
  hints.primary_key = {0};
  cdc::Result<cdc::model::TableSchemaPtr> schema = cdc::snapshot::SchemaFromDefinition(hints, cdc::mysql::ServerFlavor::kMariaDb);
  Check(schema.status(), "schema");
  const std::string spool = (std::filesystem::temp_directory_path() / ("merge_bench_" + std::to_string(getpid()))).string();
  std::printf("%12s %10s %10s %14s %10s %10s\n", "table_rows", "changes", "load_s", "merge_s", "upserts", "deletes");
  for (int64_t rows : sizes) {
    double load_s = 0;
    for (const Result& result : RunOne(*schema, rows, changes, spool, format, dir, &load_s)) {
      std::printf("%12lld %10lld %10.2f %14.3f %10llu %10llu\n", static_cast<long long>(rows),
                  static_cast<long long>(result.changes), load_s, result.merge_s,
                  static_cast<unsigned long long>(result.upserts), static_cast<unsigned long long>(result.deletes));
    }
    std::fflush(stdout);
  }
  std::filesystem::remove_all(spool);
  return 0;
}
