#include "merge/merger.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/logging.h"
#include "format/parquet/parquet_reader.h"
#include "iceberg/table.h"
#include "lake/checkpoint.h"
#include "lake/lake_writer.h"
#include "lake/layout.h"
#include "merge/merge_test_util.h"
#include "merge/parquet_cells.h"
#include "merge/reducer.h"
#include "snapshot/row_reader.h"
#include "store/fault_injecting_store.h"
#include "store/mem_store.h"

namespace cdc::merge {
namespace {

// shop.t (id BIGINT key, name VARCHAR(20)) as the schema history records it.
constexpr std::string_view kRecord =
    R"json({"seq":1,"index":0,"position":{"file":"","offset":0,"gtid":""},"kind":"snapshot","schema":"shop",)json"
    R"json("table":"t","sql":"","definition":{"default_collation":45,"columns":[)json"
    R"json({"name":"id","data_type":"bigint","column_type":"bigint(20)","unsigned":false,"nullable":false,)json"
    R"json("labels":[],"collation":0,"pk":true},)json"
    R"json({"name":"name","data_type":"varchar","column_type":"varchar(20)","unsigned":false,"nullable":true,)json"
    R"json("labels":[],"collation":45,"pk":false}],"primary_key":[0]}})json";

using Rows = std::map<int64_t, std::optional<std::string>>;

// What a reader of the Iceberg table sees, by the spec's rules: the rows of the live data files, minus those
// whose key is in an equality delete file of a higher data sequence number; columns found by field id through
// the table's current schema (the names of `schema`), as Iceberg readers do. By the first column, a BIGINT key.
std::map<int64_t, std::vector<std::optional<std::string>>> TableText(store::ObjectStore* warehouse,
                                                                     const std::string& folder,
                                                                     const model::TableSchemaPtr& schema) {
  std::map<int64_t, std::vector<std::optional<std::string>>> rows;
  Result<iceberg::Table> table = iceberg::Table::Load(warehouse, folder);
  if (table.status().IsNotFound()) return rows;
  EXPECT_TRUE(table.ok()) << table.status().ToString();
  Result<std::vector<iceberg::ManifestEntry>> entries = table->LiveEntries();
  EXPECT_TRUE(entries.ok());
  const iceberg::Schema& current = *table->metadata().CurrentSchema();
  auto read = [&](const iceberg::ManifestEntry& entry) {
    std::string contents = *warehouse->Get(*table->KeyOfUri(entry.data_file.file_path));
    auto reader = format::parquet::ParquetFileReader::Open(contents);
    EXPECT_TRUE(reader.ok());
    model::ChangeBatch batch(schema);
    const size_t count = static_cast<size_t>(reader->metadata().num_rows);
    for (size_t column_idx = 0; column_idx < schema->columns.size(); ++column_idx) {
      const iceberg::SchemaField* field = current.FindField(schema->columns[column_idx].name);
      EXPECT_NE(field, nullptr) << schema->columns[column_idx].name;
      bool found = false;
      for (size_t field_idx = 0; field_idx < reader->column_count(); ++field_idx) {
        if (reader->column_schema(field_idx).field_id != field->id) continue;
        found = true;
        auto values = reader->ReadColumn(field_idx);
        size_t value_idx = 0;
        EXPECT_TRUE(AppendParquetCells(schema->columns[column_idx], reader->column_schema(field_idx), *values, 0, count,
                                       &value_idx, &batch.column(column_idx))
                        .ok());
      }
      if (!found) {
        for (size_t row_idx = 0; row_idx < count; ++row_idx) batch.column(column_idx).AppendNull();
      }
    }
    for (size_t row_idx = 0; row_idx < count; ++row_idx) batch.FinishImage();
    return batch;
  };
  std::unordered_map<int64_t, int64_t> deleted;  // key -> highest delete sequence number
  for (const iceberg::ManifestEntry& entry : *entries) {
    if (entry.data_file.content != iceberg::FileContent::kEqualityDeletes) continue;
    model::ChangeBatch keys = read(entry);
    for (uint32_t image = 0; image < keys.image_count(); ++image) {
      int64_t& highest = deleted[static_cast<int64_t>(keys.column(0).slot(image))];
      highest = std::max(highest, *entry.sequence_number);
    }
  }
  for (const iceberg::ManifestEntry& entry : *entries) {
    if (entry.data_file.content != iceberg::FileContent::kData) continue;
    model::ChangeBatch data = read(entry);
    for (uint32_t image = 0; image < data.image_count(); ++image) {
      const int64_t id = static_cast<int64_t>(data.column(0).slot(image));
      auto it = deleted.find(id);
      if (it != deleted.end() && it->second > *entry.sequence_number) continue;
      EXPECT_FALSE(rows.contains(id)) << "key " << id << " is live twice";
      rows[id] = testing::ImageText(data, image);
    }
  }
  return rows;
}

// The same for a table (id, name): id -> name.
Rows TableRows(store::ObjectStore* warehouse, const std::string& folder, const model::TableSchemaPtr& schema) {
  Rows rows;
  for (const auto& [id, cells] : TableText(warehouse, folder, schema)) rows[id] = cells[1];
  return rows;
}

class MergerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetLogLevel(LogLevel::kWarn);
    mysql::TableHints hints;
    hints.schema_name = "shop";
    hints.table_name = "t";
    mysql::ColumnHint id{"id", "bigint", "bigint(20)", false, false, {}, 0, true};
    mysql::ColumnHint name{"name", "varchar", "varchar(20)", false, true, {}, 45, false};
    hints.columns = {id, name};
    hints.primary_key = {0};
    schema_ = *snapshot::SchemaFromDefinition(hints, mysql::ServerFlavor::kMariaDb);
    lake::LakeSettings settings;
    settings.spool_dir = spool_.path() + "/lake";
    int64_t clock = 1'795'500'902'123;
    settings.now_ms = [clock]() mutable { return clock += 1000; };
    writer_ = std::make_unique<lake::LakeWriter>(&lake_, settings);
    ASSERT_TRUE(writer_->Recover().ok());
    writer_->AddSchemaRecord(1, std::string(kRecord));
    options_.spool_dir = spool_.path() + "/merge";
    options_.compact_delete_files = 0;
  }

  // Commits one lake checkpoint holding `changes` (I/U/D, id, name) as one change file (or LOAD file).
  void Commit(const std::vector<std::tuple<char, int64_t, std::optional<std::string>>>& changes,
              format::FileKind kind = format::FileKind::kCdc, model::TableSchemaPtr table = nullptr) {
    if (table == nullptr) table = schema_;
    std::vector<testing::TextChange> text;
    for (const auto& [op, id, name] : changes) text.push_back({op, {std::to_string(id), name}});
    model::ChangeBatch batch = testing::BatchOf(table, text);
    ASSERT_TRUE(writer_->Append(model::ProjectAllColumns(table), batch, 0, batch.size(), {next_seq_, 1'000'000}, kind).ok());
    next_seq_ += batch.size();
    model::ResumePoint position{"bin.000001", next_seq_ * 100, ""};
    ASSERT_TRUE(writer_->Flush(position, next_seq_, 1'000'000).ok());
  }

  Rows Merged() { return TableRows(&warehouse_, "shop/t", schema_); }

  // A schema history record of `kind` (truncate, reload, ...) for shop.t, at the next seq.
  void AddRecord(const std::string& kind) {
    std::string record(kRecord);
    record.replace(record.find("\"seq\":1"), 7, "\"seq\":" + std::to_string(next_seq_));
    record.replace(record.find("\"snapshot\""), 10, "\"" + kind + "\"");
    writer_->AddSchemaRecord(next_seq_, record);
    ++next_seq_;
  }

  // A second table, shop.u, with shop.t's columns: its schema history record (seq 1) and its schema.
  model::TableSchemaPtr AddTableU() {
    auto other = std::make_shared<model::TableSchema>(*schema_);
    other->table_name = "u";
    std::string record(kRecord);
    record.replace(record.find("\"table\":\"t\""), 11, "\"table\":\"u\"");
    record.replace(record.find("\"index\":0"), 9, "\"index\":1");
    writer_->AddSchemaRecord(1, record);
    return other;
  }

  // Rewrites the lake's checkpoints as a lakefeed older than their earlier_last_seqs record wrote them.
  void ForgetEarlierSeqs() {
    Result<std::vector<store::ObjectInfo>> checkpoints = store::ListAll(lake_, lake::kCheckpointPrefix);
    ASSERT_TRUE(checkpoints.ok());
    for (const store::ObjectInfo& object : *checkpoints) {
      Result<lake::Checkpoint> checkpoint = lake::DecodeCheckpoint(*lake_.Get(object.key), object.key);
      ASSERT_TRUE(checkpoint.ok());
      ASSERT_TRUE(checkpoint->earlier_last_seqs.has_value());
      checkpoint->earlier_last_seqs.reset();
      ASSERT_TRUE(lake_.Put(object.key, *lake::EncodeCheckpoint(*checkpoint)).ok());
    }
  }

  Result<MergeStats> MergeAll(store::ObjectStore* warehouse = nullptr) {
    Merger merger(&lake_, warehouse != nullptr ? warehouse : &warehouse_, options_);
    return merger.MergeAll();
  }

  testing::TempDir spool_;
  store::MemStore lake_;
  store::MemStore warehouse_;
  model::TableSchemaPtr schema_;
  std::unique_ptr<lake::LakeWriter> writer_;
  MergeOptions options_;
  uint64_t next_seq_ = 2;
};

TEST_F(MergerTest, RoundsOfChangesGiveTheSourceRowsAndAReplayChangesNothing) {
  Commit({{'I', 1, "a"}, {'I', 2, "b"}, {'I', 3, "c"}, {'I', 4, "d"}, {'I', 5, "e"}});
  Result<MergeStats> first = MergeAll();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->commits, 1u);
  EXPECT_EQ(Merged(), (Rows{{1, "a"}, {2, "b"}, {3, "c"}, {4, "d"}, {5, "e"}}));

  // An update, a delete, a key update 3 -> 30, a delete and re-insert, in two files.
  Commit({{'U', 1, "a2"}, {'D', 2, "b"}, {'D', 3, "c"}, {'I', 30, "c"}});
  Commit({{'D', 4, "d"}, {'I', 4, "d2"}, {'I', 6, std::nullopt}, {'U', 1, "a3"}});
  Result<MergeStats> second = MergeAll();
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->commits, 1u);  // both files in one batch
  EXPECT_EQ(second->files, 2u);
  const Rows expected{{1, "a3"}, {4, "d2"}, {5, "e"}, {6, std::nullopt}, {30, "c"}};
  EXPECT_EQ(Merged(), expected);

  Merger merger(&lake_, &warehouse_, options_);
  Result<Ledger> ledger = merger.ReadLedger("shop/t");
  ASSERT_TRUE(ledger.ok());
  EXPECT_EQ(ledger->last_seq, next_seq_ - 1);
  EXPECT_EQ(ledger->files, 3u);
  EXPECT_TRUE(ledger->last_file.starts_with("shop/t/"));

  // A replay: nothing pending, and the same files handed over again change nothing.
  const int64_t version = iceberg::Table::Load(&warehouse_, "shop/t")->version().value();
  Result<MergeStats> replay = MergeAll();
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->commits, 0u);
  std::vector<PendingFile> all;
  auto checkpoint = lake::ReadLatestCheckpoint(lake_);
  ASSERT_TRUE(checkpoint.ok());
  for (const lake::CommittedFile& file : (*checkpoint)->files) {
    all.push_back({file.key, file.table, file.first_seq, file.last_seq, (*checkpoint)->number});
  }
  all.push_back({ledger->last_file, "shop.t", 0, 0, 0});  // the same file again, its seqs unknown
  Result<MergeStats> again = merger.MergeTable("shop/t", all);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->commits, 0u);
  EXPECT_EQ(iceberg::Table::Load(&warehouse_, "shop/t")->version().value(), version);
  EXPECT_EQ(Merged(), expected);

  // Compaction keeps the rows and drops the delete files.
  Result<CompactStats> compacted = merger.Compact("shop/t");
  ASSERT_TRUE(compacted.ok()) << compacted.status().ToString();
  EXPECT_TRUE(compacted->committed);
  EXPECT_EQ(compacted->rows_written, expected.size());
  EXPECT_EQ(Merged(), expected);
  auto table = iceberg::Table::Load(&warehouse_, "shop/t");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at("operation"), "replace");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at("total-delete-files"), "0");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at(std::string(kLedgerLastSeq)),
            std::to_string(next_seq_ - 1));
  // Merging on after a compaction.
  Commit({{'D', 5, "e"}, {'I', 7, "g"}});
  ASSERT_TRUE(MergeAll().ok());
  EXPECT_EQ(Merged(), (Rows{{1, "a3"}, {4, "d2"}, {6, std::nullopt}, {7, "g"}, {30, "c"}}));
}

// ScanTable gives what an Iceberg reader sees (this test's own reader, TableRows): across batches with
// deletes, key updates and re-inserts, and after a compaction; ListMergedTables finds the table.
TEST_F(MergerTest, ScanTableGivesTheLiveRows) {
  Merger merger(&lake_, &warehouse_, options_);
  auto scanned = [&]() {
    Rows rows;
    Status status = merger.ScanTable("shop/t", schema_, [&](const model::ChangeBatch& batch,
                                                            const std::vector<uint32_t>& live) {
      for (uint32_t image : live) {
        const int64_t id = static_cast<int64_t>(batch.column(0).slot(image));
        EXPECT_FALSE(rows.contains(id)) << "key " << id << " is live twice";
        rows[id] = testing::ImageText(batch, image)[1];
      }
      return Status::OK();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
    return rows;
  };
  EXPECT_TRUE(merger.ScanTable("shop/t", schema_, nullptr).IsNotFound());
  Commit({{'I', 1, "a"}, {'I', 2, "b"}, {'I', 3, "c"}});
  ASSERT_TRUE(MergeAll().ok());
  Commit({{'U', 1, "a2"}, {'D', 2, "b"}, {'D', 3, "c"}, {'I', 30, "c"}});
  ASSERT_TRUE(MergeAll().ok());
  Commit({{'I', 2, "b2"}, {'D', 30, "c"}, {'I', 4, std::nullopt}});
  ASSERT_TRUE(MergeAll().ok());
  const Rows expected{{1, "a2"}, {2, "b2"}, {4, std::nullopt}};
  EXPECT_EQ(Merged(), expected);
  EXPECT_EQ(scanned(), expected);
  ASSERT_TRUE(merger.Compact("shop/t").ok());
  EXPECT_EQ(scanned(), expected);

  Result<std::map<std::string, std::string>> tables = ListMergedTables(warehouse_);
  ASSERT_TRUE(tables.ok()) << tables.status().ToString();
  EXPECT_EQ(*tables, (std::map<std::string, std::string>{{"shop/t", "shop.t"}}));
}

// A TRUNCATE (or a reload) of the source empties the table before the rows after it; rows before it in the same
// merge are merged first, and a replay does not empty the table again.
TEST_F(MergerTest, TruncateAndReloadEmptyTheTable) {
  Commit({{'I', 1, "a"}, {'I', 2, "b"}});
  ASSERT_TRUE(MergeAll().ok());
  Commit({{'U', 1, "a2"}});
  AddRecord("truncate");
  Commit({{'I', 3, "c"}});
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->commits, 3u);  // the update, the emptying, the insert
  EXPECT_EQ(Merged(), (Rows{{3, "c"}}));
  Result<MergeStats> replay = MergeAll();
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->commits, 0u);
  EXPECT_EQ(Merged(), (Rows{{3, "c"}}));
  AddRecord("reload");
  Commit({{'I', 1, "reloaded"}, {'I', 3, "c"}});
  ASSERT_TRUE(MergeAll().ok());
  EXPECT_EQ(Merged(), (Rows{{1, "reloaded"}, {3, "c"}}));

  // A TRUNCATE (or a DROP) that is the table's last change: no file follows it, and the table is emptied.
  Commit({{'U', 3, "c2"}});
  AddRecord("truncate");
  Commit({}, format::FileKind::kCdc);  // a checkpoint without a file of the table
  Result<MergeStats> trailing = MergeAll();
  ASSERT_TRUE(trailing.ok()) << trailing.status().ToString();
  EXPECT_EQ(Merged(), Rows{});
  Result<MergeStats> again = MergeAll();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->commits, 0u);
}

// A reset that is a table's last change (a TRUNCATE after an ADD COLUMN, no row since) leaves the emptied table
// with the source's columns then, as a reader of the source would see them.
TEST_F(MergerTest, AResetGivesTheEmptiedTableTheSourcesColumns) {
  Commit({{'I', 1, "a"}});
  ASSERT_TRUE(MergeAll().ok());
  const std::string with_qty =
      std::string(kRecord).substr(0, std::string(kRecord).rfind("],\"primary_key\"")) +
      R"json(,{"name":"qty","data_type":"int","column_type":"int(11)","unsigned":false,"nullable":true,"labels":[],"collation":0,"pk":false}],"primary_key":[0]}})json";
  for (const char* kind : {"alter", "truncate"}) {
    std::string record = with_qty;
    record.replace(record.find("\"seq\":1"), 7, "\"seq\":" + std::to_string(next_seq_));
    record.replace(record.find("\"snapshot\""), 10, "\"" + std::string(kind) + "\"");
    writer_->AddSchemaRecord(next_seq_, record);
    ++next_seq_;
  }
  Commit({}, format::FileKind::kCdc);  // a checkpoint with the records and no file of the table
  ASSERT_TRUE(MergeAll().ok());
  EXPECT_EQ(Merged(), Rows{});
  Result<iceberg::Table> table = iceberg::Table::Load(&warehouse_, "shop/t");
  ASSERT_TRUE(table.ok());
  std::vector<std::string> names;
  for (const iceberg::SchemaField& field : table->metadata().CurrentSchema()->fields) names.push_back(field.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "name", "qty"}));
}

// A full load bigger than a batch is committed in several commits, split inside its LOAD files, without
// equality deletes (each key is loaded once into a table holding only loaded rows); the first change after it
// brings them.
TEST_F(MergerTest, ABigFullLoadIsSplitInsideFilesWithoutDeletes) {
  options_.max_batch_changes = 4;
  Rows expected;
  std::vector<std::tuple<char, int64_t, std::optional<std::string>>> load;
  for (int64_t id = 1; id <= 10; ++id) {
    load.emplace_back('I', id, "l" + std::to_string(id));
    expected[id] = "l" + std::to_string(id);
  }
  Commit(load, format::FileKind::kFullLoad);
  Commit({{'I', 11, "l11"}}, format::FileKind::kFullLoad);
  expected[11] = "l11";
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->commits, 3u);  // 4 + 4 rows of the first file, then its last 2 with the second file
  EXPECT_EQ(merged->files, 2u);
  EXPECT_EQ(Merged(), expected);
  auto table = iceberg::Table::Load(&warehouse_, "shop/t");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at("total-delete-files"), "0");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at(std::string(kLedgerLoadOnly)), "true");
  Commit({{'U', 3, "u3"}, {'D', 4, "l4"}});
  expected[3] = "u3";
  expected.erase(4);
  ASSERT_TRUE(MergeAll().ok());
  EXPECT_EQ(Merged(), expected);
  table = iceberg::Table::Load(&warehouse_, "shop/t");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at("total-delete-files"), "1");
  EXPECT_EQ(table->metadata().CurrentSnapshot()->summary.at(std::string(kLedgerLoadOnly)), "false");
  // A crash mid-way through a split load: the restart goes on from the ledger's seq.
  store::MemStore warehouse;
  store::FaultInjectingStore faulty(&warehouse);
  faulty.CrashAtCall(25);
  (void)MergeAll(&faulty);
  faulty.ClearFaults();
  ASSERT_TRUE(MergeAll(&warehouse).ok());
  EXPECT_EQ(TableRows(&warehouse, "shop/t", schema_), expected);
  Result<MergeStats> replay = MergeAll(&warehouse);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->commits, 0u);
}

// The lake keeps only its last 10 checkpoints. In a lake whose checkpoints do not record what earlier ones
// committed (a lakefeed older than that record), a table merged before they were pruned is found by listing
// its folder (the files named before its last one skipped, the rest filtered by seq); MergeAll's progress
// record lets an idle table be skipped without listing.
TEST_F(MergerTest, PrunedCheckpointsFallBackToListing) {
  const model::TableSchemaPtr other = AddTableU();
  Commit({{'I', 1, "a"}});
  Commit({{'I', 1, "x"}}, format::FileKind::kCdc, other);
  Result<MergeStats> first = MergeAll();
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  for (int round = 0; round < 12; ++round) Commit({{'U', 1, "v" + std::to_string(round)}});
  ASSERT_EQ(lake::ParseCheckpointKey(store::ListAll(lake_, lake::kCheckpointPrefix)->front().key), 5u);
  ForgetEarlierSeqs();
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->files, 12u);
  EXPECT_EQ(merged->skipped_files, 0u);
  EXPECT_EQ(Merged(), (Rows{{1, "v11"}}));
  EXPECT_EQ(TableRows(&warehouse_, "shop/u", other), (Rows{{1, "x"}}));
  EXPECT_EQ(*warehouse_.Get(kMergeProgressKey), "{\"checkpoint\":14}\n");
  Commit({{'D', 1, "v11"}});
  merged = MergeAll();
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->files, 1u);
  EXPECT_EQ(Merged(), Rows{});
  Result<MergeStats> replay = MergeAll();
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->commits, 0u);
}

// A table whose last merged file is in a pruned checkpoint -- a full load of more files than the lake keeps
// checkpoints, then a quiet spell while other tables change -- is still merged from the kept checkpoints: the
// earliest one records the highest seq committed to each table before it, and the ledger has it. A later
// change reads that change alone, not the full load again.
TEST_F(MergerTest, AFullLoadInPrunedCheckpointsIsNotReadAgain) {
  const model::TableSchemaPtr other = AddTableU();
  Rows expected;
  for (int64_t file = 0; file < 12; ++file) {
    std::vector<std::tuple<char, int64_t, std::optional<std::string>>> load;
    for (int64_t id = file * 10; id < file * 10 + 10; ++id) {
      load.emplace_back('I', id, "l" + std::to_string(id));
      expected[id] = "l" + std::to_string(id);
    }
    Commit(load, format::FileKind::kFullLoad);
  }
  ASSERT_EQ(lake::ParseCheckpointKey(store::ListAll(lake_, lake::kCheckpointPrefix)->front().key), 3u);
  Merger merger(&lake_, &warehouse_, options_);
  // The first merge finds the files of the two pruned checkpoints by listing the folder.
  Result<MergeStats> load = merger.MergePending("shop/t");
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  EXPECT_EQ(load->files, 12u);
  EXPECT_EQ(load->changes, 120u);
  EXPECT_EQ(Merged(), expected);
  for (int round = 0; round < 12; ++round) Commit({{'I', round, "x"}}, format::FileKind::kCdc, other);
  Commit({{'U', 7, "u7"}});
  expected[7] = "u7";
  Result<MergeStats> change = merger.MergePending("shop/t");
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->files, 1u);
  EXPECT_EQ(change->changes, 1u);
  EXPECT_EQ(Merged(), expected);
  // The same for MergeAll, which finds the table folders in the checkpoints instead of listing the lake.
  Commit({{'D', 8, "l8"}});
  expected.erase(8);
  Result<MergeStats> all = MergeAll();
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->changes, 1u + 12u);  // the delete, and table u's inserts
  EXPECT_EQ(Merged(), expected);
  EXPECT_EQ(TableRows(&warehouse_, "shop/u", other).size(), 12u);
}

// With a retention, a merge expires the snapshots past it (the newest min_snapshots stay) and deletes what
// only they reached; the table reads the same.
TEST_F(MergerTest, MergesExpireOldSnapshots) {
  options_.snapshot_retention_ms = 1;
  options_.min_snapshots = 2;
  options_.compact_delete_files = 2;  // compactions leave files that only expired snapshots reach
  MergeStats total;
  Rows expected;
  for (int64_t round = 0; round < 6; ++round) {
    Commit({{'I', round, "r" + std::to_string(round)}, {'U', 0, "u" + std::to_string(round)}});
    expected[round] = "r" + std::to_string(round);
    expected[0] = "u" + std::to_string(round);
    std::this_thread::sleep_for(std::chrono::milliseconds(3));
    Result<MergeStats> merged = MergeAll();
    ASSERT_TRUE(merged.ok()) << merged.status().ToString();
    total += *merged;
    EXPECT_EQ(Merged(), expected);
  }
  EXPECT_GT(total.snapshots_expired, 0u);
  EXPECT_GT(total.files_removed, 0u);
  Result<iceberg::Table> table = iceberg::Table::Load(&warehouse_, "shop/t");
  ASSERT_TRUE(table.ok());
  EXPECT_LE(table->metadata().snapshots.size(), 3u);  // min_snapshots, and the one a compaction may add
  EXPECT_TRUE(warehouse_.Head("shop/t/metadata/v1.metadata.json").status().IsNotFound());
}

// A checkpoint naming a file that is not in the lake (not published yet): the table's merge stops before it,
// without an error and without moving the progress record; once the file is there, it goes on.
TEST_F(MergerTest, AFileNotPublishedYetStopsItsTableWithoutError) {
  Commit({{'I', 1, "a"}});
  Commit({{'I', 2, "b"}});
  Commit({{'I', 3, "c"}});
  auto checkpoint = lake::ReadLatestCheckpoint(lake_);
  const std::string missing = (*checkpoint)->files.front().key;
  const std::string bytes = *lake_.Get(missing);
  ASSERT_TRUE(lake_.Delete(missing).ok());
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->files, 2u);
  EXPECT_EQ(merged->files_left, 1u);
  EXPECT_EQ(Merged(), (Rows{{1, "a"}, {2, "b"}}));
  EXPECT_TRUE(warehouse_.Get(kMergeProgressKey).status().IsNotFound());
  ASSERT_TRUE(lake_.Put(missing, bytes).ok());
  merged = MergeAll();
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->files_left, 0u);
  EXPECT_EQ(Merged(), (Rows{{1, "a"}, {2, "b"}, {3, "c"}}));
  EXPECT_TRUE(warehouse_.Get(kMergeProgressKey).ok());
}

// A merger that lives on (the trigger's) sees schema records written after its first merge: a new table.
TEST_F(MergerTest, ALongLivedMergerSeesNewSchemaRecords) {
  Merger merger(&lake_, &warehouse_, options_);
  Commit({{'I', 1, "a"}});
  ASSERT_TRUE(merger.MergeAll().ok());
  auto other = std::make_shared<model::TableSchema>(*schema_);
  other->table_name = "u";
  std::string record(kRecord);
  record.replace(record.find("\"table\":\"t\""), 11, "\"table\":\"u\"");
  record.replace(record.find("\"seq\":1"), 7, "\"seq\":" + std::to_string(next_seq_));
  writer_->AddSchemaRecord(next_seq_, record);
  Commit({{'I', 7, "x"}}, format::FileKind::kCdc, other);
  Result<MergeStats> merged = merger.MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(TableRows(&warehouse_, "shop/u", other), (Rows{{7, "x"}}));
}

// The source's columns change: a rename keeps the field's id (old rows keep their values under the new
// name), an added column is a new optional field (NULL in old rows), a widening INT -> BIGINT is a promotion, a
// dropped column leaves the schema; compaction reads the old files by field id. A change Iceberg cannot follow
// (VARCHAR to INT) stops the table's merge.
TEST_F(MergerTest, SchemaEvolutionFollowsTheSource) {
  Commit({{'I', 1, "a"}, {'I', 2, "b"}, {'I', 3, "c"}});
  ASSERT_TRUE(MergeAll().ok());
  auto definition = [](const std::string& columns) {
    return R"json("definition":{"default_collation":45,"columns":[)json" + columns + R"json(],"primary_key":[0]})json";
  };
  const std::string id_column =
      R"json({"name":"id","data_type":"bigint","column_type":"bigint(20)","unsigned":false,"nullable":false,"labels":[],"collation":0,"pk":true})json";
  auto column = [](const std::string& name, const std::string& type, const std::string& full, int collation) {
    return R"json({"name":")json" + name + R"json(","data_type":")json" + type + R"json(","column_type":")json" + full +
           R"json(","unsigned":false,"nullable":true,"labels":[],"collation":)json" + std::to_string(collation) +
           R"json(,"pk":false})json";
  };
  auto alter = [&](const std::string& sql, const std::string& columns) {
    const std::string record = R"json({"seq":)json" + std::to_string(next_seq_) +
                               R"json(,"index":0,"position":{"file":"","offset":0,"gtid":""},"kind":"alter","schema":"shop","table":"t","sql":")json" +
                               sql + R"json(",)json" + definition(columns) + "}";
    writer_->AddSchemaRecord(next_seq_, record);
    ++next_seq_;
  };
  auto table_of = [&](std::vector<mysql::ColumnHint> columns) {
    mysql::TableHints hints;
    hints.schema_name = "shop";
    hints.table_name = "t";
    hints.columns = std::move(columns);
    hints.primary_key = {0};
    return *snapshot::SchemaFromDefinition(hints, mysql::ServerFlavor::kMariaDb);
  };
  const mysql::ColumnHint id{"id", "bigint", "bigint(20)", false, false, {}, 0, true};
  // 1. name -> title, and qty INT added.
  alter("ALTER TABLE shop.t RENAME COLUMN name TO title, ADD COLUMN qty INT",
        id_column + "," + column("title", "varchar", "varchar(20)", 45) + "," + column("qty", "int", "int(11)", 0));
  model::TableSchemaPtr second = table_of({id, {"title", "varchar", "varchar(20)", false, true, {}, 45, false},
                                           {"qty", "int", "int(11)", false, true, {}, 0, false}});
  auto commit3 = [&](const model::TableSchemaPtr& table, const std::vector<testing::TextChange>& changes) {
    model::ChangeBatch batch = testing::BatchOf(table, changes);
    ASSERT_TRUE(writer_->Append(model::ProjectAllColumns(table), batch, 0, batch.size(), {next_seq_, 1'000'000}).ok());
    next_seq_ += batch.size();
    ASSERT_TRUE(writer_->Flush({"bin.000001", next_seq_ * 100, ""}, next_seq_, 1'000'000).ok());
  };
  commit3(second, {{'U', {"2", "b2", "20"}}, {'I', {"4", "d", "40"}}});
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  using Text = std::map<int64_t, std::vector<std::optional<std::string>>>;
  EXPECT_EQ(TableText(&warehouse_, "shop/t", second),
            (Text{{1, {"1", "a", std::nullopt}}, {2, {"2", "b2", "20"}}, {3, {"3", "c", std::nullopt}}, {4, {"4", "d", "40"}}}));
  auto table = iceberg::Table::Load(&warehouse_, "shop/t");
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField("title")->id, 2);
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField("qty")->id, 3);
  // 2. qty INT -> BIGINT (a promotion), title dropped, note added.
  alter("ALTER TABLE shop.t MODIFY qty BIGINT, DROP COLUMN title, ADD COLUMN note VARCHAR(20)",
        id_column + "," + column("qty", "bigint", "bigint(20)", 0) + "," + column("note", "varchar", "varchar(20)", 45));
  model::TableSchemaPtr third = table_of({id, {"qty", "bigint", "bigint(20)", false, true, {}, 0, false},
                                          {"note", "varchar", "varchar(20)", false, true, {}, 45, false}});
  commit3(third, {{'U', {"1", "10000000000", "n1"}}, {'D', {"3", std::nullopt, std::nullopt}}});
  merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  const Text expected{{1, {"1", "10000000000", "n1"}}, {2, {"2", "20", std::nullopt}}, {4, {"4", "40", std::nullopt}}};
  EXPECT_EQ(TableText(&warehouse_, "shop/t", third), expected);
  table = iceberg::Table::Load(&warehouse_, "shop/t");
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField("note")->id, 4);
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField("title"), nullptr);
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField("qty")->type, iceberg::Type::Of(iceberg::TypeKind::kLong));
  Merger merger(&lake_, &warehouse_, options_);
  Result<CompactStats> compacted = merger.Compact("shop/t");
  ASSERT_TRUE(compacted.ok()) << compacted.status().ToString();
  EXPECT_EQ(TableText(&warehouse_, "shop/t", third), expected);
  // 3. note VARCHAR -> INT: no Iceberg schema follows that.
  alter("ALTER TABLE shop.t MODIFY note INT",
        id_column + "," + column("qty", "bigint", "bigint(20)", 0) + "," + column("note", "int", "int(11)", 0));
  model::TableSchemaPtr fourth = table_of({id, {"qty", "bigint", "bigint(20)", false, true, {}, 0, false},
                                           {"note", "int", "int(11)", false, true, {}, 0, false}});
  commit3(fourth, {{'I', {"5", "5", "5"}}});
  EXPECT_TRUE(MergeAll().status().IsNotSupported());
}

TEST_F(MergerTest, SmallBatchesAndAutomaticCompaction) {
  options_.max_batch_changes = 2;  // one file (two changes) per commit
  options_.compact_delete_files = 2;
  Rows expected;
  for (int round = 0; round < 5; ++round) {
    Commit({{'I', 100 + round, "r"}, {'U', 100, "v" + std::to_string(round)}});
    expected[100 + round] = "r";
    expected[100] = "v" + std::to_string(round);
  }
  Result<MergeStats> merged = MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->commits, 5u);
  EXPECT_EQ(merged->compactions, 1u);
  EXPECT_EQ(Merged(), expected);
  // The compacted rows are in data files of at most max_batch_changes rows.
  Merger merger(&lake_, &warehouse_, options_);
  Result<CompactStats> compacted = merger.Compact("shop/t");
  ASSERT_TRUE(compacted.ok()) << compacted.status().ToString();
  EXPECT_EQ(Merged(), expected);
  auto table = iceberg::Table::Load(&warehouse_, "shop/t");
  const std::vector<iceberg::ManifestEntry> live = *table->LiveEntries();
  for (const iceberg::ManifestEntry& entry : live) {
    EXPECT_EQ(entry.data_file.content, iceberg::FileContent::kData);
    EXPECT_LE(entry.data_file.record_count, 2);
  }
  EXPECT_EQ(live.size(), 3u);  // 5 rows
}

// A crash of the merge at any call to the warehouse (before the call, or after it with the answer lost),
// then a merge that starts over: the table is right, every change is in exactly once.
TEST_F(MergerTest, ACrashAtAnyWarehouseCallThenARestartGivesTheRightTable) {
  Commit({{'I', 1, "a"}, {'I', 2, "b"}, {'I', 3, "c"}});
  ASSERT_TRUE(MergeAll().ok());
  Commit({{'U', 1, "a2"}, {'D', 2, "b"}, {'D', 3, "c"}, {'I', 30, "c"}, {'I', 2, "b2"}});
  const Rows expected{{1, "a2"}, {2, "b2"}, {30, "c"}};
  store::MemStore pristine;
  // The warehouse before the second merge, copied for each crash.
  auto copy_warehouse = [&](store::MemStore* to) {
    const std::vector<store::ObjectInfo> objects = *store::ListAll(warehouse_, "");
    for (const store::ObjectInfo& object : objects) {
      ASSERT_TRUE(to->Put(object.key, *warehouse_.Get(object.key)).ok());
    }
  };
  copy_warehouse(&pristine);
  bool some_crash_committed = false;
  bool some_crash_did_not = false;
  for (uint64_t crash_at = 1; crash_at <= 40; ++crash_at) {
    for (bool after_call : {false, true}) {
      SCOPED_TRACE("crash at call " + std::to_string(crash_at) + (after_call ? " (made)" : ""));
      store::MemStore warehouse;
      const std::vector<store::ObjectInfo> objects = *store::ListAll(pristine, "");
      for (const store::ObjectInfo& object : objects) {
        ASSERT_TRUE(warehouse.Put(object.key, *pristine.Get(object.key)).ok());
      }
      store::FaultInjectingStore faulty(&warehouse);
      faulty.CrashAtCall(crash_at, after_call);
      Result<MergeStats> crashed = MergeAll(&faulty);
      faulty.ClearFaults();
      const Rows seen = TableRows(&warehouse, "shop/t", schema_);
      // A reader sees the old table or the new one.
      EXPECT_TRUE(seen == expected || seen == (Rows{{1, "a"}, {2, "b"}, {3, "c"}}));
      (seen == expected ? some_crash_committed : some_crash_did_not) = true;
      Result<MergeStats> restarted = MergeAll(&warehouse);
      ASSERT_TRUE(restarted.ok()) << restarted.status().ToString();
      EXPECT_EQ(TableRows(&warehouse, "shop/t", schema_), expected);
      if (crashed.ok() && !faulty.crashed()) {
        EXPECT_EQ(restarted->commits, 0u);
      }
      Result<MergeStats> replay = MergeAll(&warehouse);
      ASSERT_TRUE(replay.ok());
      EXPECT_EQ(replay->commits, 0u);
    }
  }
  EXPECT_TRUE(some_crash_committed);
  EXPECT_TRUE(some_crash_did_not);
}

TEST_F(MergerTest, MissingSchemaAndKeylessTablesAreRefused) {
  Commit({{'I', 1, "a"}});
  store::MemStore empty_lake;
  ASSERT_TRUE(empty_lake.Put("shop/t/20260101-000000000.csv", "I,1,a,2,1000000\n").ok());
  Merger merger(&empty_lake, &warehouse_, options_);
  Result<MergeStats> merged = merger.MergeAll();
  EXPECT_TRUE(merged.status().IsNotFound()) << merged.status().ToString();
}

// A lake as DMS writes it: no checkpoints, no schema history, no seqs; LOAD files without Op (their names
// sort after the CDC files' digits, so only the LOAD-first rule puts them first), CDC files with Op, one of
// them in a date folder, keys repeated within a file and across files. The columns come from table DDL.
TEST_F(MergerTest, DmsFilesMergeInLoadFirstThenNameOrder) {
  store::MemStore dms;
  ASSERT_TRUE(dms.Put("shop/t/LOAD00000001.csv", "1,apple\n2,pear\n3,plum\n").ok());
  ASSERT_TRUE(dms.Put("shop/t/LOAD0000000A.csv", "5,fig\n6,\"lime, green\"\n").ok());
  ASSERT_TRUE(dms.Put("shop/t/20240301-101500123.csv", "U,1,apple2\nD,2,pear\nI,4,kiwi\nU,4,kiwi2\nI,2,pear-again\nU,6,NULL\n").ok());
  ASSERT_TRUE(dms.Put("shop/t/2024/03/02/20240302-000000001.csv", "D,3,plum\nI,3,plum2\nD,4,kiwi2\nU,1,apple3\n").ok());
  options_.format.output.ordering_columns = false;
  options_.table_ddl = {"CREATE TABLE shop.t (id BIGINT NOT NULL PRIMARY KEY, name VARCHAR(20))"};
  const Rows expected{{1, "apple3"}, {2, "pear-again"}, {3, "plum2"}, {5, "fig"}, {6, std::nullopt}};
  {
    Merger merger(&dms, &warehouse_, options_);
    Result<MergeStats> merged = merger.MergeAll();
    ASSERT_TRUE(merged.ok()) << merged.status().ToString();
    EXPECT_EQ(merged->files, 4u);
    EXPECT_EQ(Merged(), expected);
    Result<Ledger> ledger = merger.ReadLedger("shop/t");
    EXPECT_EQ(ledger->last_file, "shop/t/2024/03/02/20240302-000000001.csv");
    EXPECT_EQ(ledger->last_seq, 0u);
    // Again: nothing to do.
    Result<MergeStats> again = merger.MergeAll();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->commits, 0u);
  }
  // A later file merges on top; the earlier ones are not read again.
  ASSERT_TRUE(dms.Put("shop/t/2024/03/02/20240302-000000002.csv", "D,5,fig\nI,7,date\n").ok());
  Merger merger(&dms, &warehouse_, options_);
  Result<MergeStats> merged = merger.MergeAll();
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->files, 1u);
  EXPECT_EQ(merged->changes, 2u);
  EXPECT_EQ(Merged(), (Rows{{1, "apple3"}, {2, "pear-again"}, {3, "plum2"}, {6, std::nullopt}, {7, "date"}}));
  // Without the DDL there is no schema.
  options_.table_ddl.clear();
  ASSERT_TRUE(dms.Put("shop/t/2024/03/02/20240302-000000003.csv", "I,8,x\n").ok());
  Merger bare(&dms, &warehouse_, options_);
  EXPECT_TRUE(bare.MergeAll().status().IsNotFound());
}

TEST(LedgerTest, RoundTripAndRefusal) {
  Ledger ledger{"shop/t/20260101-000000000.csv", 42, 7, 3, true};
  Result<Ledger> back = Ledger::FromSummary(ledger.ToSummary());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->last_file, ledger.last_file);
  EXPECT_EQ(back->last_seq, 42u);
  EXPECT_EQ(back->checkpoint, 7u);
  EXPECT_EQ(back->files, 3u);
  EXPECT_TRUE(back->load_only);
  EXPECT_FALSE(Ledger::FromSummary({})->load_only);  // an older summary: not known to be load-only
  EXPECT_TRUE(Ledger::FromSummary({{std::string(kLedgerLastSeq), "x"}}).status().IsCorruption());
  EXPECT_EQ(Ledger::FromSummary({})->last_seq, 0u);
}

}  // namespace
}  // namespace cdc::merge
