// The Table API on a MemStore: create, load (hint, stale hint, no hint), commits that add data and
// delete files and remove files, sequence numbers, summaries, and the lost race.
#include "iceberg/table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "base/clock.h"
#include "store/fault_injecting_store.h"
#include "store/object_store.h"

namespace cdc::iceberg {
namespace {

Schema TwoColumns() {
  Schema schema;
  schema.fields = {{1, "id", true, Type::Of(TypeKind::kLong), ""},
                   {2, "name", false, Type::Of(TypeKind::kString), ""}};
  schema.identifier_field_ids = {1};
  return schema;
}

DataFile File(const Table& table, const std::string& name, int64_t rows,
              FileContent content = FileContent::kData) {
  DataFile file;
  file.content = content;
  file.file_path = table.DataFileUri(name);
  file.record_count = rows;
  file.file_size_in_bytes = 100 * rows;
  if (content == FileContent::kEqualityDeletes) file.equality_ids = {1};
  return file;
}

std::vector<std::string> Paths(const std::vector<ManifestEntry>& entries) {
  std::vector<std::string> paths;
  for (const ManifestEntry& entry : entries) paths.push_back(entry.data_file.file_path);
  std::sort(paths.begin(), paths.end());
  return paths;
}

class TableTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<store::ObjectStore>> opened = store::OpenStore("mem://");
    ASSERT_TRUE(opened.ok());
    store_ = std::move(opened).value();
  }
  std::unique_ptr<store::ObjectStore> store_;
};

TEST_F(TableTest, CreateThenLoad) {
  Result<Table> created =
      Table::Create(store_.get(), "shop/orders", TwoColumns(), {{"owner", "lakefeed"}}, 1000);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->version(), MetadataVersion(1));
  EXPECT_EQ(created->location(), "mem://shop/orders");
  EXPECT_EQ(created->metadata().last_column_id, 2);
  EXPECT_EQ(created->metadata().properties.at("owner"), "lakefeed");
  EXPECT_FALSE(created->metadata().current_snapshot_id.has_value());
  EXPECT_EQ(*store_->Get("shop/orders/metadata/version-hint.text"), "1");
  Result<Table> loaded = Table::Load(store_.get(), "shop/orders");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->metadata(), created->metadata());
  EXPECT_TRUE(loaded->LiveEntries()->empty());
  EXPECT_TRUE(Table::Create(store_.get(), "shop/orders", TwoColumns()).status().IsConflict());
  EXPECT_TRUE(Table::Load(store_.get(), "shop/none").status().IsNotFound());
  EXPECT_TRUE(Table::Create(store_.get(), "/bad//root", TwoColumns()).status().IsInvalidArgument());
}

TEST_F(TableTest, SchemaEvolutionWithASnapshot) {
  Result<Table> table = Table::Create(store_.get(), "t", TwoColumns());
  ASSERT_TRUE(table.ok());
  CommitRequest first;
  first.added_data_files = {File(*table, "a.parquet", 2)};
  ASSERT_TRUE(table->Commit(first).ok());
  // name renamed to title (same id), a column added (a new id), a decimal and a float widened later.
  Schema next = TwoColumns();
  next.fields[1].name = "title";
  next.fields.push_back({3, "price", false, Type::Decimal(10, 2), ""});
  next.fields.push_back({4, "score", false, Type::Of(TypeKind::kFloat), ""});
  CommitRequest evolve;
  evolve.schema = next;
  evolve.added_data_files = {File(*table, "b.parquet", 1)};
  ASSERT_TRUE(table->Commit(evolve).ok());
  EXPECT_EQ(table->metadata().schemas.size(), 2u);
  EXPECT_EQ(table->metadata().current_schema_id, 1);
  EXPECT_EQ(table->metadata().last_column_id, 4);
  EXPECT_EQ(table->metadata().CurrentSnapshot()->schema_id, 1);
  EXPECT_EQ(table->metadata().CurrentSchema()->FindField(2)->name, "title");
  Result<Table> loaded = Table::Load(store_.get(), "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->metadata(), table->metadata());
  EXPECT_EQ(loaded->LiveEntries()->size(), 2u);
  // Promotions are allowed.
  Schema wider = *table->metadata().CurrentSchema();
  wider.fields[2].type = Type::Decimal(12, 2);
  wider.fields[3].type = Type::Of(TypeKind::kDouble);
  CommitRequest widen;
  widen.schema = wider;
  ASSERT_TRUE(table->Commit(widen).ok());
  EXPECT_EQ(table->metadata().current_schema_id, 2);
  // Refused: a type change that is not a promotion, a new required field, a reused id, an optional field
  // made required, a dropped identifier field.
  const Schema now = *table->metadata().CurrentSchema();
  std::vector<Schema> bad(5, now);
  bad[0].fields[1].type = Type::Of(TypeKind::kLong);
  bad[1].fields.push_back({5, "must", true, Type::Of(TypeKind::kInt), ""});
  bad[2].fields.erase(bad[2].fields.begin() + 3);
  bad[2].fields.push_back({4, "again", false, Type::Of(TypeKind::kInt), ""});
  bad[2].fields.back().id = 3;  // an id of the table's past... still in use here: used twice
  bad[3].fields[1].required = true;
  bad[4].identifier_field_ids = {2};
  for (const Schema& schema : bad) {
    CommitRequest request;
    request.schema = schema;
    EXPECT_TRUE(table->Commit(request).status().IsInvalidArgument());
  }
  Schema reused = now;
  reused.fields.erase(reused.fields.begin() + 3);  // drop score (id 4)
  CommitRequest drop;
  drop.schema = reused;
  ASSERT_TRUE(table->Commit(drop).ok());
  Schema back = *table->metadata().CurrentSchema();
  back.fields.push_back({4, "score", false, Type::Of(TypeKind::kDouble), ""});  // id 4 was used: refused
  CommitRequest readd;
  readd.schema = back;
  EXPECT_TRUE(table->Commit(readd).status().IsInvalidArgument());
  back.fields.back().id = 5;
  readd.schema = back;
  EXPECT_TRUE(table->Commit(readd).ok());
}

TEST_F(TableTest, CommitsAddDeletesAndRemoveFilesWithInheritedSequenceNumbers) {
  Result<Table> table = Table::Create(store_.get(), "t", TwoColumns());
  ASSERT_TRUE(table.ok());
  CommitRequest append;
  append.added_data_files = {File(*table, "a.parquet", 3), File(*table, "b.parquet", 2)};
  append.summary = {{"lakefeed.last-seq", "10"}};
  Result<SnapshotId> first = table->Commit(append);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(table->version(), MetadataVersion(2));
  const Snapshot* snapshot = table->metadata().CurrentSnapshot();
  ASSERT_NE(snapshot, nullptr);
  EXPECT_EQ(snapshot->sequence_number, 1);
  EXPECT_EQ(snapshot->summary.at("operation"), "append");
  EXPECT_EQ(snapshot->summary.at("added-records"), "5");
  EXPECT_EQ(snapshot->summary.at("total-records"), "5");
  EXPECT_EQ(snapshot->summary.at("total-data-files"), "2");
  EXPECT_EQ(snapshot->summary.at("lakefeed.last-seq"), "10");
  EXPECT_EQ(table->metadata().refs.at("main").snapshot_id, *first);

  CommitRequest deletes;
  deletes.added_delete_files = {File(*table, "pos.parquet", 1, FileContent::kPositionDeletes),
                                File(*table, "eq.parquet", 2, FileContent::kEqualityDeletes)};
  Result<SnapshotId> second = table->Commit(deletes);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  snapshot = table->metadata().CurrentSnapshot();
  EXPECT_EQ(snapshot->sequence_number, 2);
  EXPECT_EQ(snapshot->parent_snapshot_id, *first);
  EXPECT_EQ(snapshot->summary.at("operation"), "delete");
  EXPECT_EQ(snapshot->summary.at("added-position-deletes"), "1");
  EXPECT_EQ(snapshot->summary.at("added-equality-deletes"), "2");
  EXPECT_EQ(snapshot->summary.at("total-delete-files"), "2");
  EXPECT_EQ(snapshot->summary.at("total-records"), "5");
  EXPECT_EQ(snapshot->summary.at("manifests-kept"), "1");

  Result<std::vector<ManifestEntry>> live = table->LiveEntries();
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  ASSERT_EQ(live->size(), 4u);
  for (const ManifestEntry& entry : *live) {
    const bool is_data = entry.data_file.content == FileContent::kData;
    EXPECT_EQ(entry.sequence_number, is_data ? 1 : 2) << entry.data_file.file_path;
    EXPECT_EQ(entry.file_sequence_number, is_data ? 1 : 2);
    EXPECT_EQ(entry.snapshot_id, is_data ? *first : *second);
  }

  // A compaction: a.parquet and the delete files go, c.parquet comes.
  CommitRequest compact;
  compact.added_data_files = {File(*table, "c.parquet", 2)};
  compact.removed_files = {table->DataFileUri("a.parquet"), table->DataFileUri("pos.parquet"),
                           table->DataFileUri("eq.parquet")};
  compact.operation = "replace";
  Result<SnapshotId> third = table->Commit(compact);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  snapshot = table->metadata().CurrentSnapshot();
  EXPECT_EQ(snapshot->summary.at("operation"), "replace");
  EXPECT_EQ(snapshot->summary.at("deleted-data-files"), "1");
  EXPECT_EQ(snapshot->summary.at("removed-delete-files"), "2");
  EXPECT_EQ(snapshot->summary.at("total-records"), "4");
  EXPECT_EQ(snapshot->summary.at("total-delete-files"), "0");
  live = table->LiveEntries();
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(Paths(*live),
            (std::vector<std::string>{table->DataFileUri("b.parquet"), table->DataFileUri("c.parquet")}));
  for (const ManifestEntry& entry : *live) {
    // b.parquet keeps its data sequence number 1 (now written explicitly as an existing entry).
    EXPECT_EQ(entry.sequence_number, entry.data_file.file_path.ends_with("b.parquet") ? 1 : 3);
  }

  // Loading again gives the same table, and what is removed must be live.
  Result<Table> loaded = Table::Load(store_.get(), "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->version(), MetadataVersion(4));
  EXPECT_EQ(loaded->metadata(), table->metadata());
  CommitRequest bad;
  bad.removed_files = {table->DataFileUri("a.parquet")};
  EXPECT_TRUE(loaded->Commit(bad).status().IsInvalidArgument());
  bad.removed_files.clear();
  bad.summary = {{"total-records", "1"}};
  EXPECT_TRUE(loaded->Commit(bad).status().IsInvalidArgument());
  bad.summary.clear();
  bad.added_data_files = {File(*table, "x.parquet", 1, FileContent::kPositionDeletes)};
  EXPECT_TRUE(loaded->Commit(bad).status().IsInvalidArgument());
}

// Snapshot expiry and the removal of what nothing reaches: after five commits (the third a compaction that
// removes two files), expiring all but the newest two leaves their files and metadata readable, deletes the
// compacted-away files, the expired manifest lists and manifests and the old metadata versions, and keeps
// what is newer than the age bound (a commit in progress elsewhere) and every file the kept snapshots use.
TEST_F(TableTest, ExpiredSnapshotsAndTheFilesOnlyTheyReachedGo) {
  Result<Table> table = Table::Create(store_.get(), "t", TwoColumns(), {}, 1000);
  ASSERT_TRUE(table.ok());
  auto commit = [&](int64_t timestamp_ms, std::vector<std::string> added,
                    std::vector<std::string> removed = {}) {
    CommitRequest request;
    for (const std::string& name : added) {
      ASSERT_TRUE(store_->Put(table->DataFileKey(name), "parquet bytes").ok());
      request.added_data_files.push_back(File(*table, name, 1));
    }
    for (const std::string& name : removed) request.removed_files.push_back(table->DataFileUri(name));
    request.timestamp_ms = timestamp_ms;
    ASSERT_TRUE(table->Commit(request).ok());
  };
  commit(2000, {"a.parquet"});
  commit(3000, {"b.parquet"});
  commit(4000, {"c.parquet"}, {"a.parquet", "b.parquet"});
  commit(5000, {"d.parquet"});
  commit(6000, {"e.parquet"});
  const std::vector<ManifestEntry> live_before = *table->LiveEntries();
  // The age bound of the cleanup: every object so far is older, a commit under way elsewhere is not.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t bound = WallClockMs();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(store_->Put("t/metadata/in-progress-m0.avro", "a commit under way elsewhere").ok());
  const std::vector<store::ObjectInfo> objects_before = *store::ListAll(*store_, "t/");

  // Nothing is older than 1500; the newest three stay whatever their age.
  EXPECT_EQ(*table->ExpireSnapshots(1500, 1), 0u);
  EXPECT_EQ(table->version(), MetadataVersion(6));
  Result<size_t> expired = table->ExpireSnapshots(5000, 3);
  ASSERT_TRUE(expired.ok()) << expired.status().ToString();
  EXPECT_EQ(*expired, 2u);
  EXPECT_EQ(table->version(), MetadataVersion(7));
  EXPECT_EQ(table->metadata().snapshots.size(), 3u);
  EXPECT_EQ(table->metadata().snapshot_log.size(), 3u);
  EXPECT_EQ(table->metadata().snapshots.front().timestamp_ms, 4000);
  // The metadata log keeps the versions written from the cut-off on.
  EXPECT_EQ(table->metadata().metadata_log.size(), 2u);  // v5 (written at 5000) and v6
  EXPECT_EQ(*table->LiveEntries(), live_before);
  EXPECT_EQ(Table::Load(store_.get(), "t")->metadata(), table->metadata());

  Result<size_t> removed = table->RemoveUnreachableFiles(bound);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  std::set<std::string> gone;
  for (const store::ObjectInfo& object : objects_before) {
    if (store_->Head(object.key).status().IsNotFound()) gone.insert(object.key);
  }
  EXPECT_EQ(gone.size(), *removed);
  EXPECT_TRUE(gone.contains("t/data/a.parquet"));
  EXPECT_TRUE(gone.contains("t/data/b.parquet"));
  EXPECT_TRUE(gone.contains("t/metadata/v1.metadata.json"));
  EXPECT_TRUE(gone.contains("t/metadata/v4.metadata.json"));
  EXPECT_FALSE(gone.contains("t/metadata/v5.metadata.json"));
  EXPECT_FALSE(gone.contains("t/metadata/in-progress-m0.avro"));
  EXPECT_FALSE(gone.contains("t/metadata/version-hint.text"));
  // The manifest lists of the two expired snapshots, and the two manifests the compaction rewrote.
  EXPECT_EQ(std::count_if(gone.begin(), gone.end(),
                          [](const std::string& key) { return key.starts_with("t/metadata/snap-"); }),
            2);
  EXPECT_EQ(gone.size(), 2u + 4u + 2u + 2u);  // a and b, v1..v4, two lists, two manifests
  for (const ManifestEntry& entry : live_before) {
    EXPECT_TRUE(store_->Head(*table->KeyOfUri(entry.data_file.file_path)).ok()) << entry.data_file.file_path;
  }
  // Every kept snapshot can still be read, and a further commit and cleanup go on from there.
  for (const Snapshot& snapshot : table->metadata().snapshots) {
    EXPECT_TRUE(store_->Head(*table->KeyOfUri(snapshot.manifest_list)).ok());
  }
  commit(7000, {"f.parquet"});
  EXPECT_EQ(table->LiveEntries()->size(), live_before.size() + 1);
  EXPECT_EQ(*table->RemoveUnreachableFiles(bound), 0u);
}

TEST_F(TableTest, TheSecondOfTwoWritersOnOneVersionGetsConflict) {
  ASSERT_TRUE(Table::Create(store_.get(), "t", TwoColumns()).ok());
  Result<Table> one = Table::Load(store_.get(), "t");
  Result<Table> two = Table::Load(store_.get(), "t");
  ASSERT_TRUE(one.ok() && two.ok());
  CommitRequest request;
  request.added_data_files = {File(*one, "a.parquet", 1)};
  ASSERT_TRUE(one->Commit(request).ok());
  request.added_data_files = {File(*two, "b.parquet", 1)};
  Result<SnapshotId> lost = two->Commit(request);
  EXPECT_TRUE(lost.status().IsConflict()) << lost.status().ToString();
  EXPECT_EQ(two->version(), MetadataVersion(1));  // unchanged
  // Reload and retry: both files are in.
  two = Table::Load(store_.get(), "t");
  ASSERT_TRUE(two.ok());
  ASSERT_TRUE(two->Commit(request).ok());
  EXPECT_EQ(Paths(*two->LiveEntries()),
            (std::vector<std::string>{two->DataFileUri("a.parquet"), two->DataFileUri("b.parquet")}));
}

TEST_F(TableTest, LoadCopesWithAStaleOrMissingHint) {
  Result<Table> table = Table::Create(store_.get(), "t", TwoColumns());
  ASSERT_TRUE(table.ok());
  CommitRequest request;
  request.added_data_files = {File(*table, "a.parquet", 1)};
  ASSERT_TRUE(table->Commit(request).ok());
  request.added_data_files = {File(*table, "b.parquet", 1)};
  ASSERT_TRUE(table->Commit(request).ok());
  ASSERT_TRUE(store_->Put("t/metadata/version-hint.text", "1").ok());  // as after a crash
  Result<Table> loaded = Table::Load(store_.get(), "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->version(), MetadataVersion(3));
  ASSERT_TRUE(store_->Delete("t/metadata/version-hint.text").ok());
  loaded = Table::Load(store_.get(), "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->version(), MetadataVersion(3));
  ASSERT_TRUE(store_->Put("t/metadata/version-hint.text", "garbage").ok());
  loaded = Table::Load(store_.get(), "t");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->version(), MetadataVersion(3));
  ASSERT_TRUE(store_->Put("t/metadata/v3.metadata.json", "{\"format-version\": 2}").ok());
  EXPECT_TRUE(Table::Load(store_.get(), "t").status().IsCorruption());
}

// A crash (every store call fails from the nth on, the nth itself made or not) at each call of a
// commit: afterwards the table is at the old version with the old files or at the new one with the
// new files, never in between; a writer that reloads, sees from its summary property whether its
// batch is in, and commits it if not, ends with every file exactly once.
TEST_F(TableTest, ACrashAtAnyStoreCallOfACommitLeavesTheOldOrTheNewVersion) {
  ASSERT_TRUE(Table::Create(store_.get(), "t", TwoColumns()).ok());
  {
    Result<Table> table = Table::Load(store_.get(), "t");
    ASSERT_TRUE(table.ok());
    CommitRequest first;
    first.added_data_files = {File(*table, "a.parquet", 2), File(*table, "b.parquet", 3)};
    first.summary = {{"lakefeed.batch", "0"}};
    ASSERT_TRUE(table->Commit(first).ok());
  }
  int batches_committed_after_crash = 0;
  for (uint64_t crash_at = 1; crash_at <= 12; ++crash_at) {
    for (bool after_call : {false, true}) {
      SCOPED_TRACE("crash at call " + std::to_string(crash_at) + (after_call ? " (made)" : ""));
      const std::string batch = std::to_string(crash_at * 2 + (after_call ? 1 : 0));
      Result<Table> before = Table::Load(store_.get(), "t");
      ASSERT_TRUE(before.ok());
      const std::vector<std::string> old_files = Paths(*before->LiveEntries());
      // The batch replaces the oldest live file with a new one: a removal and an addition.
      CommitRequest request;
      request.added_data_files = {File(*before, "f" + batch + ".parquet", 1)};
      request.removed_files = {old_files.front()};
      request.summary = {{"lakefeed.batch", batch}};
      std::vector<std::string> new_files(old_files.begin() + 1, old_files.end());
      new_files.push_back(before->DataFileUri("f" + batch + ".parquet"));
      std::sort(new_files.begin(), new_files.end());

      store::FaultInjectingStore faulty(store_.get());
      faulty.CrashAtCall(crash_at, after_call);
      Result<Table> table = Table::Load(&faulty, "t");
      Result<SnapshotId> committed = table.ok() ? table->Commit(request) : Result<SnapshotId>(table.status());
      faulty.ClearFaults();

      Result<Table> after = Table::Load(store_.get(), "t");
      ASSERT_TRUE(after.ok()) << after.status().ToString();
      const std::vector<std::string> live = Paths(*after->LiveEntries());
      const bool is_new = after->metadata().CurrentSnapshot()->summary.at("lakefeed.batch") == batch;
      EXPECT_EQ(live, is_new ? new_files : old_files);
      if (committed.ok()) {
        EXPECT_TRUE(is_new);
      }
      if (!is_new) {
        ++batches_committed_after_crash;
        ASSERT_TRUE(after->Commit(request).ok());
        EXPECT_EQ(Paths(*after->LiveEntries()), new_files);
      }
    }
  }
  EXPECT_GT(batches_committed_after_crash, 0);
  Result<Table> last = Table::Load(store_.get(), "t");
  ASSERT_TRUE(last.ok());
  Result<std::vector<ManifestEntry>> live = last->LiveEntries();
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->size(), 2u);  // one old file swapped for a new one per batch
  int64_t rows = 0;
  for (const ManifestEntry& entry : *live) rows += entry.data_file.record_count;
  EXPECT_EQ(last->metadata().CurrentSnapshot()->summary.at("total-records"), std::to_string(rows));
}

}  // namespace
}  // namespace cdc::iceberg
