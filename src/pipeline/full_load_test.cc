#include "pipeline/full_load.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cdc::pipeline {
namespace {

// A table loaded in three key ranges (after a kill and a lost connection): keys up to 100 read at
// binlog.000002:500, keys 101..250 at binlog.000003:100, the rest at binlog.000003:9000.
nlohmann::json ThreeSegmentState() {
  auto segment = [](nlohmann::json after, nlohmann::json through, const char* file, uint64_t offset) {
    return nlohmann::json{{"after", after},   {"through", through}, {"limit", nullptr}, {"open", false},
                          {"file", file},     {"offset", offset},   {"gtid", ""}};
  };
  nlohmann::json key = nlohmann::json::array({{{"name", "id"}, {"kind", "int64"}, {"collation", 0}}});
  return {{"version", 1},
          {"stream_start", {{"file", "binlog.000002"}, {"offset", 4}, {"gtid", ""}}},
          {"tables",
           {{{"schema", "d"},
             {"table", "t"},
             {"phase", "done"},
             {"rows", 300},
             {"estimated_rows", 290},
             {"started_ms", 1000},
             {"finished_ms", 2000},
             {"key", key},
             {"orderable", true},
             {"segments",
              {segment(nullptr, {100}, "binlog.000002", 500), segment({100}, {250}, "binlog.000003", 100),
               segment({250}, nullptr, "binlog.000003", 9000)}}},
            {{"schema", "d"},
             {"table", "keyless"},
             {"phase", "pending"},
             {"rows", 0},
             {"estimated_rows", 5},
             {"started_ms", 0},
             {"finished_ms", 0},
             {"key", nlohmann::json::array()},
             {"orderable", false},
             {"segments", nlohmann::json::array()}}}}};
}

// A stream batch of d.t (a value, then the id) holding one insert of each id.
model::ChangeBatch Inserts(std::initializer_list<int64_t> ids) {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "d";
  schema->table_name = "t";
  model::ColumnSchema value;
  value.name = "v";
  value.kind = model::ValueKind::kString;
  model::ColumnSchema id;
  id.name = "id";
  id.kind = model::ValueKind::kInt64;
  schema->columns = {value, id};  // the key need not be the first column of the stream's rows
  schema->primary_key = {1};
  model::ChangeBatch batch(schema);
  for (int64_t key : ids) {
    batch.column(0).AppendBytes("x");
    batch.column(1).AppendSlot(static_cast<uint64_t>(key));
    batch.AddChange({model::ChangeOp::kInsert, model::RowChange::kNoImage, batch.FinishImage(), 0});
  }
  return batch;
}

TEST(FullLoadStateTest, FiltersByTheKeyRangeAndThePlaceOfItsRead) {
  FullLoad load(FullLoad::Environment{});
  ASSERT_TRUE(load.Restore(ThreeSegmentState().dump()).ok());
  EXPECT_TRUE(load.started());
  EXPECT_FALSE(load.finished());  // d.keyless is still pending
  EXPECT_EQ(load.stream_start().file, "binlog.000002");

  model::ChangeBatch rows = Inserts({5, 100, 101, 250, 251});
  // Whether change `change_idx`, of a transaction whose commit ends at file:offset, is in the load.
  auto loaded = [&](size_t change_idx, const char* file, uint64_t offset) {
    Result<bool> result = load.AlreadyLoaded(rows, change_idx, {file, offset, ""});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() && *result;
  };
  // Key 5 and 100 were read at binlog.000002:500: a transaction committed there or before is in the load.
  EXPECT_TRUE(loaded(0, "binlog.000002", 500));
  EXPECT_FALSE(loaded(0, "binlog.000002", 501));
  EXPECT_TRUE(loaded(1, "binlog.000002", 499));
  EXPECT_FALSE(loaded(1, "binlog.000003", 4));
  // Keys 101..250 at binlog.000003:100.
  EXPECT_TRUE(loaded(2, "binlog.000003", 4));
  EXPECT_TRUE(loaded(3, "binlog.000003", 100));
  EXPECT_FALSE(loaded(3, "binlog.000003", 101));
  // Keys after 250 at binlog.000003:9000.
  EXPECT_TRUE(loaded(4, "binlog.000003", 9000));
  EXPECT_FALSE(loaded(4, "binlog.000004", 4));

  // Past the last read nothing needs filtering; other tables are never filtered.
  EXPECT_TRUE(load.MayOverlap({"binlog.000003", 9000, ""}));
  EXPECT_FALSE(load.MayOverlap({"binlog.000003", 9001, ""}));
  // A DDL on a loaded table before one of its reads would make the load and the stream disagree.
  EXPECT_TRUE(load.CheckDdl("d", "t", {"binlog.000003", 50, ""}).IsInvalidArgument());
  EXPECT_TRUE(load.CheckDdl("d", "t", {"binlog.000003", 9000, ""}).ok());
  EXPECT_TRUE(load.CheckDdl("d", "other", {"binlog.000002", 4, ""}).ok());
}

TEST(FullLoadStateTest, SegmentsAreFoundByKeyWhateverTheirOrder) {
  // Ranges read at once are stored as they were opened, not in key order; keys past what a closed
  // range committed (a gap that a crash left, read again later) are in no read.
  nlohmann::json state = ThreeSegmentState();
  nlohmann::json& segments = state["tables"][0]["segments"];
  segments = {segments[2], segments[0], segments[1]};
  segments[2]["through"] = {200};  // keys 201..250: in no read
  FullLoad load(FullLoad::Environment{});
  ASSERT_TRUE(load.Restore(state.dump()).ok());
  model::ChangeBatch rows = Inserts({100, 101, 200, 201, 250, 251});
  std::vector<bool> loaded;
  for (size_t change_idx = 0; change_idx < rows.size(); ++change_idx) {
    Result<bool> result = load.AlreadyLoaded(rows, change_idx, {"binlog.000003", 50, ""});
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    loaded.push_back(*result);
  }
  // binlog.000003:50 is after the read of keys up to 100 and before the other two.
  EXPECT_EQ(loaded, (std::vector<bool>{false, true, true, false, false, true}));
}

TEST(FullLoadStateTest, TheIOfAKeyUpdateTakesMissingKeyColumnsFromItsD) {
  // A two-column key (a, b) read in two ranges; a minimal after image of the I of a key update holds
  // only `a`, the column that changed.
  nlohmann::json state = ThreeSegmentState();
  nlohmann::json& table = state["tables"][0];
  table["key"] = nlohmann::json::array({{{"name", "a"}, {"kind", "int64"}, {"collation", 0}},
                                        {{"name", "b"}, {"kind", "int64"}, {"collation", 0}}});
  table["segments"] = {{{"after", nullptr}, {"through", {100, 0}}, {"limit", nullptr}, {"open", false},
                        {"file", "binlog.000002"}, {"offset", 500}, {"gtid", ""}},
                       {{"after", {100, 0}}, {"through", nullptr}, {"limit", nullptr}, {"open", false},
                        {"file", "binlog.000003"}, {"offset", 100}, {"gtid", ""}}};
  FullLoad load(FullLoad::Environment{});
  ASSERT_TRUE(load.Restore(state.dump()).ok());
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "d";
  schema->table_name = "t";
  for (const char* name : {"a", "b"}) {
    model::ColumnSchema column;
    column.name = name;
    column.kind = model::ValueKind::kInt64;
    schema->columns.push_back(column);
  }
  schema->primary_key = {0, 1};
  model::ChangeBatch rows(schema);
  // D (a=50, b=7): the before image, whole.
  rows.column(0).AppendSlot(50);
  rows.column(1).AppendSlot(7);
  uint32_t before = rows.FinishImage();
  // I (a=150): the after image, b absent.
  rows.column(0).AppendSlot(150);
  rows.column(1).AppendAbsent();
  uint32_t after = rows.FinishImage();
  rows.AddChange({model::ChangeOp::kDelete, before, model::RowChange::kNoImage, 0});
  rows.AddChange({model::ChangeOp::kInsert, model::RowChange::kNoImage, after, 0});
  // Committed between the two reads: the D's key (50, 7) was read before it, the I's (150, 7) after.
  Result<bool> d = load.AlreadyLoaded(rows, 0, {"binlog.000002", 900, ""});
  Result<bool> i = load.AlreadyLoaded(rows, 1, {"binlog.000002", 900, ""});
  ASSERT_TRUE(d.ok() && i.ok()) << d.status().ToString() << " " << i.status().ToString();
  EXPECT_FALSE(*d);
  EXPECT_TRUE(*i);
}

TEST(FullLoadStateTest, ProgressForStatus) {
  Result<std::vector<TableLoadProgress>> progress = ReadFullLoadProgress(ThreeSegmentState().dump());
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  ASSERT_EQ(progress->size(), 2u);
  EXPECT_EQ((*progress)[0].table, "d.t");
  EXPECT_EQ((*progress)[0].phase, "done");
  EXPECT_EQ((*progress)[0].rows, 300u);
  EXPECT_EQ((*progress)[1].phase, "pending");
  EXPECT_TRUE(ReadFullLoadProgress("").value().empty());
}

TEST(FullLoadStateTest, EveryMalformedFieldIsACorruption) {
  std::vector<std::function<void(nlohmann::json&)>> edits = {
      [](nlohmann::json& j) { j = nlohmann::json::array(); },
      [](nlohmann::json& j) { j.erase("version"); },
      [](nlohmann::json& j) { j["stream_start"]["offset"] = -1; },
      [](nlohmann::json& j) { j["tables"] = "t"; },
      [](nlohmann::json& j) { j["tables"][0]["phase"] = "half"; },
      [](nlohmann::json& j) { j["tables"][0]["rows"] = "many"; },
      [](nlohmann::json& j) { j["tables"][0]["key"][0]["kind"] = "int65"; },
      [](nlohmann::json& j) { j["tables"][0]["key"][0]["collation"] = 70000; },
      [](nlohmann::json& j) { j["tables"][0]["orderable"] = 1; },
      [](nlohmann::json& j) { j["tables"][0]["segments"][1]["after"] = {"100"}; },
      [](nlohmann::json& j) { j["tables"][0]["segments"][1].erase("through"); },
      [](nlohmann::json& j) { j["tables"][0]["segments"][1]["open"] = "no"; },
  };
  for (size_t edit_idx = 0; edit_idx < edits.size(); ++edit_idx) {
    nlohmann::json state = ThreeSegmentState();
    edits[edit_idx](state);
    EXPECT_TRUE(ReadFullLoadProgress(state.dump()).status().IsCorruption()) << "edit #" << edit_idx;
  }
  nlohmann::json newer = ThreeSegmentState();
  newer["version"] = 2;
  EXPECT_TRUE(ReadFullLoadProgress(newer.dump()).status().IsNotSupported());
  EXPECT_TRUE(ReadFullLoadProgress("{").status().IsCorruption());
}

}  // namespace
}  // namespace cdc::pipeline
