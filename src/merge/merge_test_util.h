#pragma once

// Helpers for the tests in src/merge: a table with a column of many kinds, batches built from value text,
// change files written by lakefeed's own writers, rows rendered back as text.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "format/change_file_writer.h"
#include "format/parquet/parquet_writer.h"
#include "merge/value_parse.h"
#include "model/change_batch.h"
#include "model/projection.h"
#include "model/table_schema.h"
#include "model/value_text.h"

namespace cdc::merge::testing {

inline model::ColumnSchema Column(std::string name, model::ValueKind kind, model::FieldType type, uint16_t meta = 0,
                                  bool is_unsigned = false) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  column.is_unsigned = is_unsigned;
  return column;
}

// shop.items: id BIGINT (key), name VARCHAR, price DECIMAL(10,2), qty INT UNSIGNED, big BIGINT UNSIGNED,
// day DATE, at DATETIME(6), ts TIMESTAMP(3), t TIME(0), size ENUM, tags SET, raw BLOB, doc JSON, f FLOAT.
inline model::TableSchemaPtr ItemsTable() {
  using model::FieldType;
  using model::ValueKind;
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "items";
  table->columns = {
      Column("id", ValueKind::kInt64, FieldType::kLongLong),
      Column("name", ValueKind::kString, FieldType::kVarchar),
      Column("price", ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2),
      Column("qty", ValueKind::kUInt64, FieldType::kLong, 0, true),
      Column("big", ValueKind::kUInt64, FieldType::kLongLong, 0, true),
      Column("day", ValueKind::kDate, FieldType::kNewDate),
      Column("at", ValueKind::kDateTime, FieldType::kDateTime2, 6),
      Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 3),
      Column("t", ValueKind::kTime, FieldType::kTime2, 0),
      Column("size", ValueKind::kEnum, FieldType::kString),
      Column("tags", ValueKind::kSet, FieldType::kString),
      Column("raw", ValueKind::kBinary, FieldType::kBlob),
      Column("doc", ValueKind::kJson, FieldType::kJson),
      Column("f", ValueKind::kFloat, FieldType::kFloat),
  };
  table->columns[0].in_primary_key = true;
  table->columns[0].nullable = false;
  table->columns[9].labels = {"small", "medium", "large"};
  table->columns[10].labels = {"a", "b", "c"};
  table->primary_key = {0};
  return table;
}

// A change: op I, U or D and the cells' text (nullopt = NULL).
struct TextChange {
  char op = 'I';
  std::vector<std::optional<std::string>> cells;
};

// A batch of `table` holding the changes (the image of D as its before image).
inline model::ChangeBatch BatchOf(const model::TableSchemaPtr& table, const std::vector<TextChange>& changes) {
  model::ChangeBatch batch(table);
  batch.AddOrigin({});
  for (const TextChange& change : changes) {
    EXPECT_EQ(change.cells.size(), table->columns.size());
    for (size_t column_idx = 0; column_idx < table->columns.size(); ++column_idx) {
      if (!change.cells[column_idx]) {
        batch.column(column_idx).AppendNull();
      } else {
        Status parsed = AppendCellFromText(table->columns[column_idx], *change.cells[column_idx], &batch.column(column_idx));
        EXPECT_TRUE(parsed.ok()) << parsed.ToString();
      }
    }
    model::RowChange row;
    row.op = change.op == 'I' ? model::ChangeOp::kInsert
             : change.op == 'U' ? model::ChangeOp::kUpdate
                                : model::ChangeOp::kDelete;
    const uint32_t image = batch.FinishImage();
    (change.op == 'D' ? row.before : row.after) = image;
    batch.AddChange(row);
  }
  return batch;
}

// The text of image `image` (nullopt for NULL).
inline std::vector<std::optional<std::string>> ImageText(const model::ChangeBatch& batch, uint32_t image) {
  std::vector<std::optional<std::string>> cells;
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    const model::ColumnVector& column = batch.column(column_idx);
    if (!column.is_value(image)) {
      cells.emplace_back();
      continue;
    }
    std::string text;
    model::AppendValueText(batch.schema().columns[column_idx], column, image, &text);
    cells.emplace_back(std::move(text));
  }
  return cells;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "merge_test_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace cdc::merge::testing
