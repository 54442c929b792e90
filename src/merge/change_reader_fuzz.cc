// libFuzzer target for the merge's change-file readers: a change file is outside input (DMS or anyone with
// write access to the lake writes them). Input: the first byte picks the layout (bit 0: Parquet, else CSV;
// bit 1: a header row; bit 2: no ordering columns; bit 3: a LOAD file), the rest is the file. The table
// (the shop.items of merge_test_util.h) has a column of many kinds, so every text and Parquet value parser
// is reached. Seeds: fuzz_seeds/change_reader/. Checks, besides "no crash": a failure is Corruption or
// InvalidArgument, and every change handed over has the image its op needs.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "merge/change_reader.h"
#include "model/table_schema.h"

namespace {

cdc::model::TableSchemaPtr ItemsTable() {
  using cdc::model::FieldType;
  using cdc::model::ValueKind;
  auto table = std::make_shared<cdc::model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "items";
  auto column = [&](const char* name, ValueKind kind, FieldType type, uint16_t meta = 0) {
    cdc::model::ColumnSchema c;
    c.name = name;
    c.kind = kind;
    c.type = type;
    c.meta = meta;
    table->columns.push_back(c);
  };
  column("id", ValueKind::kInt64, FieldType::kLongLong);
  column("name", ValueKind::kString, FieldType::kVarchar);
  column("price", ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2);
  column("qty", ValueKind::kUInt64, FieldType::kLong);
  column("big", ValueKind::kUInt64, FieldType::kLongLong);
  column("day", ValueKind::kDate, FieldType::kNewDate);
  column("at", ValueKind::kDateTime, FieldType::kDateTime2, 6);
  column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 3);
  column("t", ValueKind::kTime, FieldType::kTime2, 0);
  column("size", ValueKind::kEnum, FieldType::kString);
  column("tags", ValueKind::kSet, FieldType::kString);
  column("raw", ValueKind::kBinary, FieldType::kBlob);
  column("doc", ValueKind::kJson, FieldType::kJson);
  column("f", ValueKind::kFloat, FieldType::kFloat);
  column("uuid", ValueKind::kUuid, FieldType::kString);
  column("ip", ValueKind::kInet6, FieldType::kString);
  column("v", ValueKind::kVector, FieldType::kVector);
  column("g", ValueKind::kGeometry, FieldType::kGeometry);
  table->columns[9].labels = {"small", "medium", "large"};
  table->columns[10].labels = {"a", "b", "c"};
  table->primary_key = {0};
  return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const cdc::model::TableSchemaPtr table = ItemsTable();
  const uint8_t layout = data[0];
  const std::string contents(reinterpret_cast<const char*>(data + 1), size - 1);
  cdc::merge::ChangeFileFormat format;
  format.data_format = (layout & 1) != 0 ? "parquet" : "csv";
  format.csv.add_column_name = (layout & 2) != 0;
  format.output.ordering_columns = (layout & 4) == 0;
  const std::string key = std::string("shop/items/") + ((layout & 8) != 0 ? "LOAD00000001" : "20240229-123456789") +
                          ((layout & 1) != 0 ? ".parquet" : ".csv");
  cdc::Status status = cdc::merge::ReadChangeFile(
      key, contents, format, table,
      [](const cdc::model::ChangeBatch& rows, const std::vector<uint64_t>& seqs) {
        if (!seqs.empty() && seqs.size() != rows.size()) std::abort();
        for (const cdc::model::RowChange& change : rows.changes()) {
          const uint32_t image = change.op == cdc::model::ChangeOp::kDelete ? change.before : change.after;
          if (image >= rows.image_count()) std::abort();
        }
        return cdc::Status::OK();
      },
      7);
  if (!status.ok() && !status.IsCorruption() && !status.IsInvalidArgument()) std::abort();
  // The first seq, read without the schema (files found by listing).
  cdc::Result<std::optional<uint64_t>> first = cdc::merge::FirstSeq(key, contents, format);
  if (!first.ok() && !first.status().IsCorruption() && !first.status().IsInvalidArgument()) std::abort();
  if (first.ok() && first->has_value() && !format.output.ordering_columns) std::abort();
  return 0;
}
