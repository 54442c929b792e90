#include "lake/lake_writer.h"

#include <gtest/gtest.h>

#include <limits>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "lake/checkpoint.h"
#include "lake/lake_test_util.h"
#include "lake/layout.h"
#include "store/fault_injecting_store.h"
#include "store/mem_store.h"

namespace cdc::lake {
namespace {

using testing::Batch;
using testing::FakeClock;
using testing::Inserts;
using testing::Keys;
using testing::kSomeTimeMs;
using testing::Project;
using testing::TempDir;
using testing::TestChange;
using testing::TwoColumnTable;
using testing::VisibleFiles;
using testing::VisibleRows;

model::ResumePoint At(uint64_t offset) { return {"mysql-bin.000001", offset, ""}; }

class LakeWriterTest : public ::testing::Test {
 protected:
  LakeSettings Settings() const {
    LakeSettings settings;
    settings.spool_dir = spool_.path();
    settings.now_ms = clock_.Function();
    return settings;
  }

  // A writer on `store` (default: the MemStore), recovered; fails the test when Recover fails.
  std::unique_ptr<LakeWriter> Open(LakeSettings settings, store::ObjectStore* store = nullptr) {
    auto writer = std::make_unique<LakeWriter>(store != nullptr ? store : &mem_, std::move(settings));
    Result<std::optional<Checkpoint>> recovered = writer->Recover();
    EXPECT_TRUE(recovered.ok()) << recovered.status().ToString();
    return writer;
  }
  std::unique_ptr<LakeWriter> Open() { return Open(Settings()); }

  // Appends `changes` as one transaction's rows with seqs from `first_seq`.
  static Status Append(LakeWriter& writer, const model::TableProjectionPtr& projection,
                       const std::vector<TestChange>& changes, uint64_t first_seq, int64_t commit_time_us = 0,
                       format::FileKind kind = format::FileKind::kCdc) {
    model::ChangeBatch batch = Batch(projection->schema, changes);
    return writer.Append(projection, batch, 0, batch.size(), format::ChangeContext{first_seq, commit_time_us}, kind);
  }

  std::vector<std::string> Checkpoints() { return Keys(mem_, kCheckpointPrefix); }

  Checkpoint Latest() {
    Result<std::optional<Checkpoint>> latest = ReadLatestCheckpoint(mem_);
    EXPECT_TRUE(latest.ok() && latest->has_value()) << latest.status().ToString();
    return latest.ok() && latest->has_value() ? **latest : Checkpoint{};
  }

  store::MemStore mem_;
  TempDir spool_;
  FakeClock clock_{kSomeTimeMs};
  model::TableSchemaPtr orders_ = TwoColumnTable("shop", "orders");
  model::TableProjectionPtr orders_projection_ = Project(orders_);
  model::TableSchemaPtr users_ = TwoColumnTable("shop", "users");
  model::TableProjectionPtr users_projection_ = Project(users_);
};

TEST_F(LakeWriterTest, EmptyLakeRecoversToNothingAndNothingWorksBeforeRecover) {
  LakeWriter writer(&mem_, Settings());
  EXPECT_TRUE(Append(writer, orders_projection_, Inserts(1, 1), 1).IsInvalidArgument());
  EXPECT_TRUE(writer.Flush(At(4), 1, 0).IsInvalidArgument());
  Result<std::optional<Checkpoint>> recovered = writer.Recover();
  ASSERT_TRUE(recovered.ok()) << recovered.status().ToString();
  EXPECT_FALSE(recovered->has_value());
  EXPECT_EQ(writer.last_checkpoint().number, 0u);
  EXPECT_TRUE(writer.Recover().status().IsInvalidArgument());  // once only
  EXPECT_FALSE(ReadLatestCheckpoint(mem_)->has_value());
}

TEST_F(LakeWriterTest, FlushPublishesDmsNamedFilesAndCommitsACheckpoint) {
  auto writer = Open();
  const int64_t commit_us = 1'795'500'900'000'000;
  ASSERT_TRUE(Append(*writer, orders_projection_,
                     {{model::ChangeOp::kInsert, 1}, {model::ChangeOp::kUpdate, 1}, {model::ChangeOp::kDelete, 1}}, 10,
                     commit_us)
                  .ok());
  ASSERT_TRUE(Append(*writer, users_projection_, Inserts(7, 2), 13, commit_us).ok());
  writer->stats("shop.orders").inserts = 1;
  EXPECT_TRUE(writer->has_pending());
  ASSERT_TRUE(writer->Flush(At(500), 15, commit_us).ok());
  EXPECT_FALSE(writer->has_pending());

  std::vector<store::ObjectInfo> files = VisibleFiles(mem_);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].key, "shop/orders/20261124-061502123.csv");
  EXPECT_EQ(files[1].key, "shop/users/20261124-061502123.csv");
  EXPECT_EQ(mem_.Get(files[0].key).value(),
            "I,1,row-1,10,1795500900000000\nU,1,row-1,11,1795500900000000\nD,1,row-1,12,1795500900000000\n");
  EXPECT_EQ(mem_.Get(files[1].key).value(), "I,7,row-7,13,1795500900000000\nI,8,row-8,14,1795500900000000\n");

  Checkpoint checkpoint = Latest();
  EXPECT_EQ(checkpoint.number, 1u);
  EXPECT_EQ(checkpoint.position.offset, 500u);
  EXPECT_EQ(checkpoint.next_seq, 15u);
  EXPECT_EQ(checkpoint.commit_time_us, commit_us);
  EXPECT_EQ(checkpoint.written_ms, kSomeTimeMs);
  ASSERT_EQ(checkpoint.files.size(), 2u);
  EXPECT_EQ(checkpoint.files[0].key, files[0].key);
  EXPECT_EQ(checkpoint.files[0].table, "shop.orders");
  EXPECT_EQ(checkpoint.files[0].rows, 3u);
  EXPECT_EQ(checkpoint.files[0].bytes, files[0].size);
  EXPECT_EQ(checkpoint.files[0].first_seq, 10u);
  EXPECT_EQ(checkpoint.files[0].last_seq, 12u);
  EXPECT_EQ(checkpoint.files[0].etag, files[0].etag);  // the move carries the staging etag along
  EXPECT_EQ(checkpoint.tables.at("shop.orders").inserts, 1u);
  EXPECT_EQ(checkpoint.tables.at("shop.orders").last_update_ms, kSomeTimeMs);
  EXPECT_EQ(checkpoint.last_names.at("shop/orders"), "20261124-061502123");
  EXPECT_EQ(writer->last_checkpoint().number, 1u);

  // Nothing left in staging or in the spool.
  EXPECT_TRUE(Keys(mem_, kStagingPrefix).empty());
  for (const auto& entry : std::filesystem::directory_iterator(spool_.path())) {
    EXPECT_EQ(entry.path().filename(), "LOCK");
  }

  std::vector<ObjectCreatedEvent> events = writer->TakeEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].file.key, files[0].key);
  EXPECT_EQ(events[0].sequencer, EventSequencer(1, 0));
  EXPECT_EQ(events[1].sequencer, EventSequencer(1, 1));
  EXPECT_TRUE(writer->TakeEvents().empty());
}

TEST_F(LakeWriterTest, NamesStayUniqueAndOrderedWhenTheClockRepeatsOrStepsBack) {
  auto writer = Open();
  std::vector<std::string> names;
  uint64_t seq = 1;
  // Same ms three times, then 5 s back, then the same again, then forward.
  for (int64_t now : {kSomeTimeMs, kSomeTimeMs, kSomeTimeMs, kSomeTimeMs - 5000, kSomeTimeMs - 5000,
                      kSomeTimeMs + 10}) {
    clock_.Set(now);
    ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(static_cast<int64_t>(seq), 1), seq).ok());
    ++seq;
    ASSERT_TRUE(writer->Flush(At(100 + seq), seq, 0).ok());
    names.push_back(writer->last_checkpoint().files.at(0).key);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "shop/orders/20261124-061502123.csv", "shop/orders/20261124-061502124.csv",
                       "shop/orders/20261124-061502125.csv", "shop/orders/20261124-061502126.csv",
                       "shop/orders/20261124-061502127.csv", "shop/orders/20261124-061502133.csv"}));

  // A restart with the clock further back still names after the last committed name.
  writer.reset();
  clock_.Set(kSomeTimeMs - 60'000);
  writer = Open();
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(100, 1), seq).ok());
  ASSERT_TRUE(writer->Flush(At(1000), seq + 1, 0).ok());
  EXPECT_EQ(writer->last_checkpoint().files.at(0).key, "shop/orders/20261124-061502134.csv");
  // Another table has its own sequence: the clock's time.
  ASSERT_TRUE(Append(*writer, users_projection_, Inserts(1, 1), seq + 1).ok());
  ASSERT_TRUE(writer->Flush(At(1100), seq + 2, 0).ok());
  EXPECT_EQ(writer->last_checkpoint().files.at(0).key, "shop/users/20261124-061402123.csv");
}

TEST_F(LakeWriterTest, AProjectionChangeOrCloseTableStartsANewFileNamedInOrder) {
  auto writer = Open();
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 2), 1).ok());
  model::TableProjectionPtr renamed = Project(orders_, "orders_v2");  // e.g. after a DDL
  ASSERT_TRUE(Append(*writer, Project(orders_), Inserts(3, 1), 3).ok());
  ASSERT_TRUE(writer->CloseTable("shop.orders").ok());
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(4, 1), 4).ok());
  ASSERT_TRUE(Append(*writer, renamed, Inserts(5, 1), 5).ok());
  ASSERT_TRUE(writer->CloseTable("shop.nothing").ok());
  ASSERT_TRUE(writer->Flush(At(9), 6, 0).ok());

  const std::vector<CommittedFile>& files = writer->last_checkpoint().files;
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].key, "shop/orders/20261124-061502123.csv");
  EXPECT_EQ(files[0].first_seq, 1u);
  EXPECT_EQ(files[0].last_seq, 2u);
  EXPECT_EQ(files[1].key, "shop/orders/20261124-061502124.csv");
  EXPECT_EQ(files[1].first_seq, 3u);
  EXPECT_EQ(files[2].key, "shop/orders/20261124-061502125.csv");
  EXPECT_EQ(files[2].first_seq, 4u);
  EXPECT_EQ(files[3].key, "shop/orders_v2/20261124-061502123.csv");
  EXPECT_EQ(files[3].table, "shop.orders");
  std::vector<uint64_t> seqs;
  for (const testing::VisibleRow& row : VisibleRows(mem_)) seqs.push_back(row.seq);
  EXPECT_EQ(seqs, (std::vector<uint64_t>{1, 2, 3, 4, 5}));
}

TEST_F(LakeWriterTest, DatePartitionsFollowTheCommitTimeAndSplitFiles) {
  LakeSettings settings = Settings();
  settings.date_partition_enabled = true;
  settings.date_partition_sequence = "YYYYMMDDHH";
  settings.date_partition_delimiter = "SLASH";
  auto writer = Open(settings);
  const int64_t hour_13_us = 1'666'533'900'000'000 - 3'600'000'000;  // 2022-10-23T13:05Z
  const int64_t hour_14_us = 1'666'533'900'000'000;                  // 2022-10-23T14:05Z
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 1), 1, hour_13_us).ok());
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(2, 1), 2, hour_13_us + 1).ok());
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(3, 1), 3, hour_14_us).ok());
  ASSERT_TRUE(writer->Flush(At(9), 4, hour_14_us).ok());
  std::vector<store::ObjectInfo> files = VisibleFiles(mem_);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].key, "shop/orders/2022/10/23/13/20261124-061502123.csv");
  EXPECT_EQ(files[1].key, "shop/orders/2022/10/23/14/20261124-061502124.csv");
  EXPECT_EQ(writer->last_checkpoint().files[0].last_seq, 2u);
}

TEST_F(LakeWriterTest, BadSettingsFailRecoverWithTheirName) {
  LakeSettings settings = Settings();
  settings.date_partition_delimiter = "PIPE";
  LakeWriter bad_delimiter(&mem_, settings);
  Result<std::optional<Checkpoint>> recovered = bad_delimiter.Recover();
  ASSERT_TRUE(recovered.status().IsInvalidArgument());
  EXPECT_NE(recovered.status().message().find("DatePartitionDelimiter"), std::string::npos);

  settings = Settings();
  settings.format = "parquet";
  settings.parquet.row_group_length = 0;
  Result<std::optional<Checkpoint>> bad_parquet = LakeWriter(&mem_, settings).Recover();
  EXPECT_TRUE(bad_parquet.status().IsInvalidArgument()) << bad_parquet.status().ToString();
  settings.format = "xml";
  EXPECT_TRUE(LakeWriter(&mem_, settings).Recover().status().IsInvalidArgument());
  settings = Settings();
  settings.spool_dir.clear();
  EXPECT_TRUE(LakeWriter(&mem_, settings).Recover().status().IsInvalidArgument());
}

TEST_F(LakeWriterTest, AppendRefusesTableNamesThatBreakTheLayout) {
  auto writer = Open();
  EXPECT_TRUE(Append(*writer, Project(TwoColumnTable("_lakefeed", "checkpoints")), Inserts(1, 1), 1)
                  .IsInvalidArgument());
  EXPECT_TRUE(Append(*writer, Project(TwoColumnTable("shop", "a/b")), Inserts(1, 1), 1).IsInvalidArgument());
  model::ChangeBatch batch = Batch(orders_, Inserts(1, 2));
  EXPECT_TRUE(writer->Append(orders_projection_, batch, 1, 3, {1, 0}).IsInvalidArgument());
  EXPECT_TRUE(writer->Append(nullptr, batch, 0, 1, {1, 0}).IsInvalidArgument());
  EXPECT_FALSE(writer->has_pending());
}

TEST_F(LakeWriterTest, FullLoadFilesAreLoadHexNamedRolledAtMaxFileSizeAndContinueAfterRestart) {
  LakeSettings settings = Settings();
  settings.max_file_size_kb = 1;
  auto writer = Open(settings);
  // Rows of ~35 bytes: 1 KB holds ~30 of them; 2000 rows make ~70 files across slices.
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 2000), 1, 0, format::FileKind::kFullLoad).ok());
  ASSERT_TRUE(writer->Flush(At(9), 2001, 0).ok());
  const std::vector<CommittedFile>& files = writer->last_checkpoint().files;
  ASSERT_GT(files.size(), 16u);
  uint64_t next_seq = 1;
  for (size_t file_idx = 0; file_idx < files.size(); ++file_idx) {
    EXPECT_EQ(files[file_idx].key, "shop/orders/" + LoadFileName(static_cast<uint32_t>(file_idx + 1), "csv"));
    EXPECT_EQ(files[file_idx].first_seq, next_seq);
    next_seq = files[file_idx].last_seq + 1;
    // Rolled as soon as a 1 KB file is reached, i.e. within one row of the limit.
    if (file_idx + 1 < files.size()) {
      EXPECT_LT(files[file_idx].bytes, 1024u + 64u) << files[file_idx].key;
      EXPECT_GE(files[file_idx].bytes, 1024u) << files[file_idx].key;
    }
  }
  EXPECT_EQ(next_seq, 2001u);
  EXPECT_EQ(files[9].key, "shop/orders/LOAD0000000A.csv");
  // Full-load rows carry no Op column by default.
  EXPECT_EQ(mem_.Get(files[0].key).value().substr(0, 22), "1,row-1,1,0\n2,row-2,2,");
  uint32_t last_counter = writer->last_checkpoint().load_counters.at("shop/orders");
  EXPECT_EQ(last_counter, files.size());

  writer.reset();
  writer = Open(settings);
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(5000, 1), 2001, 0, format::FileKind::kFullLoad).ok());
  ASSERT_TRUE(writer->Flush(At(10), 2002, 0).ok());
  EXPECT_EQ(writer->last_checkpoint().files.at(0).key, "shop/orders/" + LoadFileName(last_counter + 1, "csv"));
  // Each checkpoint records the highest seq earlier ones committed per folder, across a restart too.
  EXPECT_EQ(writer->last_checkpoint().earlier_last_seqs,
            (std::map<std::string, uint64_t>{{"shop/orders", 2000}}));
  ASSERT_TRUE(writer->Flush(At(11), 2002, 0).ok());
  EXPECT_EQ(writer->last_checkpoint().earlier_last_seqs,
            (std::map<std::string, uint64_t>{{"shop/orders", 2001}}));
}

TEST_F(LakeWriterTest, AKindChangeStartsANewFile) {
  auto writer = Open();
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 2), 1, 0, format::FileKind::kFullLoad).ok());
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(3, 1), 3, 0, format::FileKind::kCdc).ok());
  ASSERT_TRUE(writer->Flush(At(9), 4, 0).ok());
  std::vector<std::string> keys;
  for (const store::ObjectInfo& file : VisibleFiles(mem_)) keys.push_back(file.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"shop/orders/20261124-061502123.csv", "shop/orders/LOAD00000001.csv"}));
}

TEST_F(LakeWriterTest, PositionOnlyCheckpointsWhenThePositionMoves) {
  auto writer = Open();
  ASSERT_TRUE(writer->Flush(model::ResumePoint{}, 1, 0).ok());  // nothing moved from an empty lake
  EXPECT_TRUE(Checkpoints().empty());
  ASSERT_TRUE(writer->Flush(At(100), 1, 0).ok());
  ASSERT_TRUE(writer->Flush(At(100), 1, 0).ok());
  EXPECT_EQ(Checkpoints().size(), 1u);
  ASSERT_TRUE(writer->Flush(At(200), 1, 5).ok());
  EXPECT_EQ(Checkpoints().size(), 2u);
  ASSERT_TRUE(writer->Flush(At(200), 2, 5).ok());  // next_seq moved (e.g. a DDL of a table not captured)
  EXPECT_EQ(Checkpoints().size(), 3u);
  Checkpoint latest = Latest();
  EXPECT_TRUE(latest.files.empty());
  EXPECT_TRUE(latest.staging.empty());
  EXPECT_EQ(latest.next_seq, 2u);
  EXPECT_TRUE(VisibleFiles(mem_).empty());
}

TEST_F(LakeWriterTest, FilesWhoseRowsAreAllFilteredOutAreNotPublished) {
  LakeSettings settings = Settings();
  settings.output.cdc_inserts_only = true;
  auto writer = Open(settings);
  ASSERT_TRUE(Append(*writer, orders_projection_, {{model::ChangeOp::kDelete, 1}}, 1).ok());
  ASSERT_TRUE(writer->Flush(At(9), 2, 0).ok());
  EXPECT_TRUE(VisibleFiles(mem_).empty());
  EXPECT_EQ(Latest().next_seq, 2u);
  EXPECT_TRUE(Latest().files.empty());
}

TEST_F(LakeWriterTest, ShouldFlushAfterTheBatchIntervalOrAtTheMinimumFileSize) {
  LakeSettings settings = Settings();
  settings.cdc_max_batch_interval_s = 2;
  settings.cdc_min_file_size_kb = 1;
  auto writer = Open(settings);
  EXPECT_FALSE(writer->ShouldFlush(kSomeTimeMs + 1'000'000));  // nothing pending
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 1), 1).ok());
  EXPECT_FALSE(writer->ShouldFlush(kSomeTimeMs + 1999));
  EXPECT_TRUE(writer->ShouldFlush(kSomeTimeMs + 2000));
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(2, 100), 2).ok());  // > 1 KB
  EXPECT_TRUE(writer->ShouldFlush(kSomeTimeMs));
  ASSERT_TRUE(writer->Flush(At(9), 102, 0).ok());
  EXPECT_FALSE(writer->ShouldFlush(kSomeTimeMs + 1'000'000));

  // A schema record alone is pending too.
  clock_.Advance(10);
  writer->AddSchemaRecord(102, "{}");
  EXPECT_TRUE(writer->has_pending());
  EXPECT_FALSE(writer->ShouldFlush(clock_.now() + 1999));
  EXPECT_TRUE(writer->ShouldFlush(clock_.now() + 2000));
}

TEST_F(LakeWriterTest, SchemaRecordsAreStoredBeforeTheCheckpointAndReadBackBySeq) {
  auto writer = Open();
  writer->AddSchemaRecord(1, R"({"seq":1,"table":"shop.orders"})");
  writer->AddSchemaRecord(1, R"({"seq":1,"table":"shop.users"})");
  writer->AddSchemaRecord(3, R"({"seq":3,"table":"shop.orders","kind":"alter"})");
  ASSERT_TRUE(writer->Flush(At(9), 4, 0).ok());
  writer->AddSchemaRecord(4, R"({"seq":4})");
  ASSERT_TRUE(writer->Flush(At(10), 5, 0).ok());
  EXPECT_EQ(Keys(mem_, kSchemaPrefix),
            (std::vector<std::string>{SchemaRecordKey(1, 0), SchemaRecordKey(1, 1), SchemaRecordKey(3, 0),
                                      SchemaRecordKey(4, 0)}));
  Result<std::vector<std::string>> below_4 = writer->ReadSchemaRecords(4);
  ASSERT_TRUE(below_4.ok()) << below_4.status().ToString();
  EXPECT_EQ(*below_4, (std::vector<std::string>{R"({"seq":1,"table":"shop.orders"})",
                                                R"({"seq":1,"table":"shop.users"})",
                                                R"({"seq":3,"table":"shop.orders","kind":"alter"})"}));
  EXPECT_EQ(writer->ReadSchemaRecords(5)->size(), 4u);
  EXPECT_TRUE(writer->ReadSchemaRecords(1)->empty());
}

TEST_F(LakeWriterTest, RecoverDeletesSchemaRecordsNoCheckpointCovers) {
  {
    auto writer = Open();
    writer->AddSchemaRecord(1, "one");
    ASSERT_TRUE(writer->Flush(At(9), 2, 0).ok());
  }
  {
    // The next flush writes its record, then dies before its checkpoint.
    store::FaultInjectingStore faulty(&mem_);
    auto writer = Open(Settings(), &faulty);
    writer->AddSchemaRecord(2, "two");
    faulty.FailNth(store::StoreOp::kPut, 2, Status::IOError("injected"));
    EXPECT_FALSE(writer->Flush(At(10), 3, 0).ok());
    EXPECT_EQ(Keys(mem_, kSchemaPrefix).size(), 2u);
  }
  auto writer = Open();
  EXPECT_EQ(Keys(mem_, kSchemaPrefix), std::vector<std::string>{SchemaRecordKey(1, 0)});
  // The replay writes it again, possibly with other content.
  writer->AddSchemaRecord(2, "two, learned again");
  ASSERT_TRUE(writer->Flush(At(10), 3, 0).ok());
  EXPECT_EQ(*writer->ReadSchemaRecords(3), (std::vector<std::string>{"one", "two, learned again"}));
}

TEST_F(LakeWriterTest, AFailedFlushIsRetriedWithTheSameFilesNamesAndCheckpoint) {
  store::FaultInjectingStore faulty(&mem_);
  auto writer = Open(Settings(), &faulty);
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 2), 1).ok());
  faulty.FailNth(store::StoreOp::kMove, 1, Status::Unavailable("injected 503"));
  Status failed = writer->Flush(At(9), 3, 0);
  EXPECT_TRUE(failed.IsUnavailable()) << failed.ToString();
  EXPECT_TRUE(writer->has_pending());
  EXPECT_TRUE(writer->ShouldFlush(0));
  EXPECT_EQ(writer->last_checkpoint().number, 1u);  // committed; only the publish is missing
  EXPECT_TRUE(VisibleFiles(mem_).empty());

  // More changes arrive meanwhile; the retry finishes checkpoint 1, then commits them as 2.
  clock_.Advance(1000);
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(3, 1), 3).ok());
  ASSERT_TRUE(writer->Flush(At(10), 4, 0).ok());
  EXPECT_FALSE(writer->has_pending());
  EXPECT_EQ(Checkpoints().size(), 2u);
  std::vector<store::ObjectInfo> files = VisibleFiles(mem_);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].key, "shop/orders/20261124-061502123.csv");
  EXPECT_EQ(files[1].key, "shop/orders/20261124-061503123.csv");
  EXPECT_EQ(writer->TakeEvents().size(), 2u);
}

TEST_F(LakeWriterTest, ALostCheckpointReplyIsRecognisedOnRetry) {
  store::FaultInjectingStore faulty(&mem_);
  auto writer = Open(Settings(), &faulty);
  ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 1), 1).ok());
  store::FaultInjectingStore::Fault lost_reply;
  lost_reply.op = store::StoreOp::kPut;
  lost_reply.key_prefix = std::string(kCheckpointPrefix);
  lost_reply.nth = 1;
  lost_reply.after_call = true;
  lost_reply.status = Status::Unavailable("injected: reply lost");
  faulty.AddFault(lost_reply);
  EXPECT_TRUE(writer->Flush(At(9), 2, 0).IsUnavailable());
  EXPECT_EQ(Checkpoints().size(), 1u);  // it was written
  Status retried = writer->Flush(At(9), 2, 0);
  ASSERT_TRUE(retried.ok()) << retried.ToString();
  EXPECT_EQ(Checkpoints().size(), 1u);
  EXPECT_EQ(VisibleFiles(mem_).size(), 1u);
}

TEST_F(LakeWriterTest, TwoWritersCommittingTheSameNumberConflict) {
  TempDir other_spool;
  LakeSettings other_settings = Settings();
  other_settings.spool_dir = other_spool.path();
  auto first = Open();
  auto second = Open(other_settings);
  ASSERT_TRUE(Append(*first, orders_projection_, Inserts(1, 1), 1).ok());
  ASSERT_TRUE(Append(*second, orders_projection_, Inserts(1, 1), 1).ok());
  clock_.Advance(1);
  ASSERT_TRUE(first->Flush(At(9), 2, 0).ok());
  Status lost = second->Flush(At(9), 2, 0);
  ASSERT_TRUE(lost.IsConflict()) << lost.ToString();
  EXPECT_NE(lost.message().find(CheckpointKey(1)), std::string::npos) << lost.ToString();
  // The loser is fenced: no retry can make it publish.
  EXPECT_TRUE(second->Flush(At(9), 2, 0).IsConflict());
  EXPECT_TRUE(Append(*second, orders_projection_, Inserts(2, 1), 2).IsConflict());
  std::vector<store::ObjectInfo> files = VisibleFiles(mem_);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].key, "shop/orders/20261124-061502124.csv");
  EXPECT_FALSE(Keys(mem_, kStagingPrefix).empty());  // the loser's upload, an orphan until the next Recover
  second.reset();
  first.reset();
  auto next = Open();
  EXPECT_TRUE(Keys(mem_, kStagingPrefix).empty());
  EXPECT_EQ(VisibleFiles(mem_).size(), 1u);
}

TEST_F(LakeWriterTest, ASpoolDirServesOneWriterAtATime) {
  auto first = Open();
  LakeWriter second(&mem_, Settings());
  EXPECT_TRUE(second.Recover().status().IsConflict());
  first.reset();
  LakeWriter third(&mem_, Settings());
  EXPECT_TRUE(third.Recover().ok());
}

TEST_F(LakeWriterTest, RecoverEmptiesOnlyItsOwnFilesFromTheSpoolDir) {
  std::ofstream(spool_.path() + "/3-17.csv") << "left over by a crash";
  std::ofstream(spool_.path() + "/notes.txt") << "not ours";
  auto writer = Open();
  EXPECT_FALSE(std::filesystem::exists(spool_.path() + "/3-17.csv"));
  EXPECT_TRUE(std::filesystem::exists(spool_.path() + "/notes.txt"));
}

TEST_F(LakeWriterTest, RecoverRestoresStatsAndPrunesOldCheckpoints) {
  auto writer = Open();
  for (uint64_t flush = 1; flush <= 14; ++flush) {
    ++writer->stats("shop.orders").ddls;
    ASSERT_TRUE(writer->Flush(At(100 + flush), 1, 0).ok());
  }
  EXPECT_EQ(Checkpoints().size(), 10u);
  EXPECT_EQ(Checkpoints().front(), CheckpointKey(5));
  // Checkpoints left behind (a best-effort prune failed) go at the next Recover.
  Checkpoint left_behind;
  left_behind.number = 2;
  ASSERT_TRUE(mem_.Put(CheckpointKey(2), EncodeCheckpoint(left_behind).value()).ok());
  writer.reset();
  writer = Open();
  EXPECT_EQ(Checkpoints().size(), 10u);
  EXPECT_EQ(writer->last_checkpoint().number, 14u);
  EXPECT_EQ(writer->stats("shop.orders").ddls, 14u);
}

TEST_F(LakeWriterTest, CheckpointsTheTriggersStillNeedAreKept) {
  auto writer = Open();
  writer->RetainCheckpointsFrom(3);
  for (uint64_t flush = 1; flush <= 14; ++flush) ASSERT_TRUE(writer->Flush(At(100 + flush), 1, 0).ok());
  EXPECT_EQ(Checkpoints().front(), CheckpointKey(3));  // 1 and 2 pruned, 3 and 4 kept for the triggers
  EXPECT_EQ(Checkpoints().size(), 12u);
  // Once the triggers moved on, the next flush prunes what they no longer need (down to the last 10).
  writer->RetainCheckpointsFrom(std::numeric_limits<uint64_t>::max());
  ASSERT_TRUE(writer->Flush(At(200), 1, 0).ok());
  EXPECT_EQ(Checkpoints().front(), CheckpointKey(6));
  EXPECT_EQ(Checkpoints().size(), 10u);
  // Recover keeps them too when told before it runs.
  writer.reset();
  for (uint64_t number : {1, 2}) {
    Checkpoint old;
    old.number = number;
    ASSERT_TRUE(mem_.Put(CheckpointKey(number), EncodeCheckpoint(old).value()).ok());
  }
  LakeWriter reopened(&mem_, Settings());
  reopened.RetainCheckpointsFrom(2);
  ASSERT_TRUE(reopened.Recover().ok());
  EXPECT_EQ(Checkpoints().front(), CheckpointKey(2));
}

TEST_F(LakeWriterTest, RecoverReportsACorruptCheckpointByKey) {
  ASSERT_TRUE(mem_.Put(CheckpointKey(3), "{\"version\":1,\"number\":\"three\"}").ok());
  Result<std::optional<Checkpoint>> recovered = LakeWriter(&mem_, Settings()).Recover();
  ASSERT_TRUE(recovered.status().IsCorruption()) << recovered.status().ToString();
  EXPECT_NE(recovered.status().message().find(CheckpointKey(3)), std::string::npos);
  EXPECT_TRUE(ReadLatestCheckpoint(mem_).status().IsCorruption());

  ASSERT_TRUE(mem_.Delete(CheckpointKey(3)).ok());
  ASSERT_TRUE(mem_.Put("_lakefeed/checkpoints/latest.json", "{}").ok());
  recovered = LakeWriter(&mem_, Settings()).Recover();
  ASSERT_TRUE(recovered.status().IsCorruption());
  EXPECT_NE(recovered.status().message().find("latest.json"), std::string::npos);
}

TEST_F(LakeWriterTest, RecoverRepublishesTheLatestCheckpointAndRequeuesItsEvents) {
  {
    store::FaultInjectingStore faulty(&mem_);
    auto writer = Open(Settings(), &faulty);
    ASSERT_TRUE(Append(*writer, orders_projection_, Inserts(1, 1), 1).ok());
    ASSERT_TRUE(Append(*writer, users_projection_, Inserts(1, 1), 2).ok());
    faulty.FailNth(store::StoreOp::kMove, 2, Status::IOError("injected"));
    EXPECT_FALSE(writer->Flush(At(9), 3, 0).ok());
    EXPECT_EQ(VisibleFiles(mem_).size(), 1u);  // one of two published
  }
  auto writer = Open();
  EXPECT_EQ(VisibleFiles(mem_).size(), 2u);
  EXPECT_TRUE(Keys(mem_, kStagingPrefix).empty());
  std::vector<ObjectCreatedEvent> events = writer->TakeEvents();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].sequencer, EventSequencer(1, 1));

  // A published file that someone removed since does not stop a recovery.
  ASSERT_TRUE(mem_.Delete(events[0].file.key).ok());
  writer.reset();
  writer = Open();
  EXPECT_EQ(VisibleFiles(mem_).size(), 1u);
}

}  // namespace
}  // namespace cdc::lake
