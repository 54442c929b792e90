#pragma once

// Helpers for the tests in src/format/csv: tables, batches and files.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/change_batch.h"
#include "model/projection.h"
#include "model/table_schema.h"

namespace cdc::format::testing {

// One cell of a test image.
struct Cell {
  enum class Kind : uint8_t { kSlot, kBytes, kNull, kAbsent };
  Kind kind = Kind::kNull;
  uint64_t slot = 0;
  std::string bytes;

  static Cell Slot(uint64_t value) { return {Kind::kSlot, value, {}}; }
  static Cell Int(int64_t value) { return {Kind::kSlot, static_cast<uint64_t>(value), {}}; }
  static Cell Bytes(std::string value) { return {Kind::kBytes, 0, std::move(value)}; }
  static Cell Null() { return {Kind::kNull, 0, {}}; }
  static Cell Absent() { return {Kind::kAbsent, 0, {}}; }
};
using Image = std::vector<Cell>;

inline model::ColumnSchema Column(std::string name, model::ValueKind kind,
                                  model::FieldType type = model::FieldType::kNull, uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

inline model::TableSchemaPtr Table(std::string schema_name, std::string table_name,
                                   std::vector<model::ColumnSchema> columns) {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = std::move(schema_name);
  table->table_name = std::move(table_name);
  table->columns = std::move(columns);
  return table;
}

// `shop.users (id BIGINT, name VARCHAR)`.
inline model::TableSchemaPtr UsersTable() {
  return Table("shop", "users",
               {Column("id", model::ValueKind::kInt64, model::FieldType::kLongLong),
                Column("name", model::ValueKind::kString, model::FieldType::kVarchar)});
}

// Every source column in order, named as in the table.
inline model::TableProjectionPtr AllColumns(const model::TableSchemaPtr& table) {
  return model::ProjectAllColumns(table);
}

inline uint32_t AddImage(model::ChangeBatch* batch, const Image& image) {
  EXPECT_EQ(image.size(), batch->column_count());
  for (size_t column_idx = 0; column_idx < image.size(); ++column_idx) {
    model::ColumnVector& column = batch->column(column_idx);
    const Cell& cell = image[column_idx];
    switch (cell.kind) {
      case Cell::Kind::kSlot:
        column.AppendSlot(cell.slot);
        break;
      case Cell::Kind::kBytes:
        column.AppendBytes(cell.bytes);
        break;
      case Cell::Kind::kNull:
        column.AppendNull();
        break;
      case Cell::Kind::kAbsent:
        column.AppendAbsent();
        break;
    }
  }
  return batch->FinishImage();
}

inline void AddInsert(model::ChangeBatch* batch, const Image& after, uint32_t origin = 0) {
  model::RowChange change;
  change.op = model::ChangeOp::kInsert;
  change.after = AddImage(batch, after);
  change.origin = origin;
  batch->AddChange(change);
}

inline void AddUpdate(model::ChangeBatch* batch, const Image& before, const Image& after,
                      uint32_t origin = 0) {
  model::RowChange change;
  change.op = model::ChangeOp::kUpdate;
  change.before = AddImage(batch, before);
  change.after = AddImage(batch, after);
  change.origin = origin;
  batch->AddChange(change);
}

inline void AddDelete(model::ChangeBatch* batch, const Image& before, uint32_t origin = 0) {
  model::RowChange change;
  change.op = model::ChangeOp::kDelete;
  change.before = AddImage(batch, before);
  change.origin = origin;
  batch->AddChange(change);
}

inline model::ChangeOrigin Origin(std::string file, uint64_t offset) {
  model::ChangeOrigin origin;
  origin.position.file = std::move(file);
  origin.position.offset = offset;
  return origin;
}

// A fresh directory under the test temp dir, removed with its files at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "lakefeed_csv_XXXXXX";
    char* made = mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::string command = "rm -rf '" + path_ + "'";
    EXPECT_EQ(std::system(command.c_str()), 0);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline void WriteFile(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace cdc::format::testing
