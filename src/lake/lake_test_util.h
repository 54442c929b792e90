#pragma once

// Helpers for the tests in src/lake: tables, batches, a fake clock, a spool dir, and a reader that
// sees the lake as a consumer listing table folders does.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lake/lake_writer.h"
#include "lake/layout.h"
#include "model/change_batch.h"
#include "model/projection.h"
#include "model/table_schema.h"
#include "store/object_store.h"

namespace cdc::lake::testing {

// `<schema>.<table> (id BIGINT, name VARCHAR)`.
inline model::TableSchemaPtr TwoColumnTable(std::string schema_name, std::string table_name) {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = std::move(schema_name);
  table->table_name = std::move(table_name);
  model::ColumnSchema id;
  id.name = "id";
  id.type = model::FieldType::kLongLong;
  id.kind = model::ValueKind::kInt64;
  model::ColumnSchema name;
  name.name = "name";
  name.type = model::FieldType::kVarchar;
  name.kind = model::ValueKind::kString;
  table->columns = {id, name};
  table->primary_key = {0};
  return table;
}

// Every column, into the folder of the same name (or `target_table` when given).
inline model::TableProjectionPtr Project(const model::TableSchemaPtr& table, std::string target_table = {}) {
  auto projection = model::ProjectAllColumns(table);
  if (!target_table.empty()) projection->target_table = std::move(target_table);
  return projection;
}

// A change of a test row: the op and the id; the name is derived from the id.
struct TestChange {
  model::ChangeOp op = model::ChangeOp::kInsert;
  int64_t id = 0;
};

inline std::string NameFor(int64_t id) { return "row-" + std::to_string(id); }

// A batch of `changes` for `table`: images (id, "row-<id>"); updates carry the same image twice.
inline model::ChangeBatch Batch(const model::TableSchemaPtr& table, const std::vector<TestChange>& changes) {
  model::ChangeBatch batch(table);
  batch.AddOrigin(model::ChangeOrigin{});
  auto add_image = [&](int64_t id) {
    batch.column(0).AppendSlot(static_cast<uint64_t>(id));
    batch.column(1).AppendBytes(NameFor(id));
    return batch.FinishImage();
  };
  for (const TestChange& change : changes) {
    model::RowChange row;
    row.op = change.op;
    if (change.op != model::ChangeOp::kInsert) row.before = add_image(change.id);
    if (change.op != model::ChangeOp::kDelete) row.after = add_image(change.id);
    batch.AddChange(row);
  }
  return batch;
}

inline std::vector<TestChange> Inserts(int64_t first_id, size_t count) {
  std::vector<TestChange> changes;
  for (size_t row_idx = 0; row_idx < count; ++row_idx) {
    changes.push_back({model::ChangeOp::kInsert, first_id + static_cast<int64_t>(row_idx)});
  }
  return changes;
}

// A wall clock the test moves by hand; shared by copies (the writer holds a copy of the function).
class FakeClock {
 public:
  explicit FakeClock(int64_t start_ms) : now_(std::make_shared<int64_t>(start_ms)) {}
  std::function<int64_t()> Function() const {
    std::shared_ptr<int64_t> now = now_;
    return [now] { return *now; };
  }
  void Set(int64_t ms) { *now_ = ms; }
  void Advance(int64_t ms) { *now_ += ms; }
  int64_t now() const { return *now_; }

 private:
  std::shared_ptr<int64_t> now_;
};

// 2026-11-24T06:15:02.123Z
inline constexpr int64_t kSomeTimeMs = 1'795'500'902'123;  // checked with Python's datetime

// A fresh directory under the test temp dir (or under `base`, ending in '/'), removed with its files
// at the end of the test.
class TempDir {
 public:
  explicit TempDir(const std::string& base = ::testing::TempDir()) {
    std::string pattern = base + "lakefeed_lake_XXXXXX";
    char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// One data row as a consumer reads it from a table folder.
struct VisibleRow {
  std::string key;
  std::vector<std::string> fields;  // split on ',' (test values hold no commas or quotes)
  uint64_t seq = 0;                 // the _lakefeed_seq column (second to last)
};

// Every object a consumer listing the store sees outside _lakefeed/, in key order.
inline std::vector<store::ObjectInfo> VisibleFiles(store::ObjectStore& store) {
  Result<std::vector<store::ObjectInfo>> all = store::ListAll(store, "");
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  std::vector<store::ObjectInfo> visible;
  if (!all.ok()) return visible;
  for (store::ObjectInfo& object : *all) {
    if (!object.key.starts_with(kLakefeedPrefix)) visible.push_back(std::move(object));
  }
  return visible;
}

// The rows of every visible file, file by file in key order, rows in file order. Assumes the
// default output settings (ordering columns on, no header, ',' and '\n').
inline std::vector<VisibleRow> VisibleRows(store::ObjectStore& store) {
  std::vector<VisibleRow> rows;
  for (const store::ObjectInfo& object : VisibleFiles(store)) {
    Result<std::string> text = store.Get(object.key);
    EXPECT_TRUE(text.ok()) << object.key << ": " << text.status().ToString();
    if (!text.ok()) continue;
    size_t line_begin = 0;
    while (line_begin < text->size()) {
      size_t line_end = text->find('\n', line_begin);
      EXPECT_NE(line_end, std::string::npos) << object.key << " does not end with a row delimiter";
      if (line_end == std::string::npos) break;
      VisibleRow row;
      row.key = object.key;
      std::string_view line = std::string_view(*text).substr(line_begin, line_end - line_begin);
      size_t field_begin = 0;
      while (true) {
        size_t comma = line.find(',', field_begin);
        row.fields.emplace_back(line.substr(field_begin, comma == std::string_view::npos ? comma : comma - field_begin));
        if (comma == std::string_view::npos) break;
        field_begin = comma + 1;
      }
      EXPECT_GE(row.fields.size(), 2u) << object.key;
      if (row.fields.size() >= 2) row.seq = std::stoull(row.fields[row.fields.size() - 2]);
      rows.push_back(std::move(row));
      line_begin = line_end + 1;
    }
  }
  return rows;
}

// Keys under `prefix`, in order.
inline std::vector<std::string> Keys(store::ObjectStore& store, std::string_view prefix) {
  Result<std::vector<store::ObjectInfo>> objects = store::ListAll(store, prefix);
  EXPECT_TRUE(objects.ok()) << objects.status().ToString();
  std::vector<std::string> keys;
  if (objects.ok()) {
    for (const store::ObjectInfo& object : *objects) keys.push_back(object.key);
  }
  return keys;
}

}  // namespace cdc::lake::testing
