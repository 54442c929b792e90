// The exactly-once property of the lake (ARCHITECTURE invariant 3, docs/lake.md): a run that dies
// at ANY store call -- before the call reaches the store, or after it did but before the reply --
// followed by a fresh writer, Recover and a replay of the source from the recovered checkpoint's
// next_seq, leaves every change in the table folders exactly once, in name order, and a reader
// never sees a staged or uncommitted file, not even at the moment of the crash.

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "lake/checkpoint.h"
#include "lake/lake_test_util.h"
#include "lake/lake_writer.h"
#include "lake/layout.h"
#include "store/fault_injecting_store.h"
#include "store/local_store.h"
#include "store/mem_store.h"

namespace cdc::lake {
namespace {

using testing::Batch;
using testing::FakeClock;
using testing::kSomeTimeMs;
using testing::NameFor;
using testing::Project;
using testing::TempDir;
using testing::TestChange;
using testing::TwoColumnTable;

// One thing a source transaction does.
struct Operation {
  enum class Type : uint8_t { kRows, kDdl };
  Type type = Type::kRows;
  size_t table = 0;
  std::vector<TestChange> changes;  // kRows
  format::FileKind kind = format::FileKind::kCdc;
  uint64_t first_seq = 0;  // kRows: of changes[0]; kDdl: the statement's seq
};

struct Transaction {
  uint64_t first_seq = 0;
  uint64_t end_seq = 0;  // next_seq after it
  int64_t commit_time_us = 0;
  model::ResumePoint end;
  std::vector<Operation> operations;
  bool flush_after = false;
};

// What a consumer must find in the end.
struct ExpectedRow {
  std::string folder;  // "<schema>/<table>"
  std::vector<std::string> fields;
};

struct Workload {
  std::vector<model::TableSchemaPtr> tables;
  std::vector<Transaction> transactions;
  std::map<uint64_t, ExpectedRow> rows;  // by seq
  std::vector<std::string> schema_records;
  std::map<std::string, TableStats> stats;
  uint64_t end_seq = 1;
  model::ResumePoint end;
};

std::string SchemaRecord(uint64_t seq, const model::TableSchema& table) {
  return R"({"seq":)" + std::to_string(seq) + R"(,"table":")" + table.schema_name + "." + table.table_name + "\"}";
}

// 30 transactions over three tables: a full load of one in two transactions (files rolling at
// 1 KB), then inserts, updates and deletes, a DDL (a new file and a schema record) every fifth
// transaction, a flush every fourth and at the end. Commit times cross an hour boundary.
Workload MakeWorkload() {
  Workload workload;
  workload.tables = {TwoColumnTable("shop", "orders"), TwoColumnTable("shop", "users"), TwoColumnTable("inv", "items")};
  uint32_t random = 12345;
  auto next_random = [&random](uint32_t bound) {
    random = random * 1103515245u + 12345u;
    return (random >> 16) % bound;
  };
  uint64_t seq = 1;
  int64_t commit_time_us = 1'666'533'900'000'000 - 3'600'000'000 + 54 * 60'000'000LL;  // 2022-10-23T13:59Z
  int64_t next_id = 1;
  for (size_t txn_idx = 0; txn_idx < 30; ++txn_idx) {
    Transaction txn;
    txn.first_seq = seq;
    txn.commit_time_us = commit_time_us;
    commit_time_us += 20'000'000;  // 20 s apart: the last ones fall into 14:00
    size_t operation_count = txn_idx < 2 ? 1 : 1 + next_random(3);
    for (size_t operation_idx = 0; operation_idx < operation_count; ++operation_idx) {
      Operation operation;
      if (txn_idx >= 2 && txn_idx % 5 == 0 && operation_idx == 0) {
        operation.type = Operation::Type::kDdl;
        operation.table = next_random(3);
        operation.first_seq = seq++;
        const model::TableSchema& table = *workload.tables[operation.table];
        workload.schema_records.push_back(SchemaRecord(operation.first_seq, table));
        ++workload.stats[table.schema_name + "." + table.table_name].ddls;
        txn.operations.push_back(operation);
        continue;
      }
      operation.table = txn_idx < 2 ? 2 : next_random(3);
      operation.kind = txn_idx < 2 ? format::FileKind::kFullLoad : format::FileKind::kCdc;
      operation.first_seq = seq;
      size_t change_count = txn_idx < 2 ? 60 : 1 + next_random(5);
      const model::TableSchema& table = *workload.tables[operation.table];
      TableStats& stats = workload.stats[table.schema_name + "." + table.table_name];
      for (size_t change_idx = 0; change_idx < change_count; ++change_idx) {
        TestChange change;
        change.op = operation.kind == format::FileKind::kFullLoad ? model::ChangeOp::kInsert
                                                                  : static_cast<model::ChangeOp>(next_random(3));
        change.id = next_id++;
        operation.changes.push_back(change);
        ExpectedRow row;
        row.folder = table.schema_name + "/" + table.table_name;
        if (operation.kind == format::FileKind::kCdc) {
          row.fields.push_back(std::string(1, model::OpCode(change.op)));
          switch (change.op) {
            case model::ChangeOp::kInsert: ++stats.inserts; break;
            case model::ChangeOp::kUpdate: ++stats.updates; break;
            case model::ChangeOp::kDelete: ++stats.deletes; break;
          }
        } else {
          ++stats.full_load_rows;
        }
        row.fields.push_back(std::to_string(change.id));
        row.fields.push_back(NameFor(change.id));
        row.fields.push_back(std::to_string(seq));
        row.fields.push_back(std::to_string(txn.commit_time_us));
        workload.rows[seq++] = std::move(row);
      }
      txn.operations.push_back(std::move(operation));
    }
    txn.end_seq = seq;
    txn.end = {"mysql-bin.000001", 1000 + 100 * txn_idx, ""};
    txn.flush_after = txn_idx % 4 == 3;
    workload.transactions.push_back(std::move(txn));
  }
  workload.end_seq = seq;
  workload.end = workload.transactions.back().end;
  return workload;
}

// Feeds the workload to `writer` from the transaction that starts at `start_seq` (the recovered
// checkpoint's next_seq), as the pipeline does: rows, DDLs, stats, a flush now and then, and a
// final flush. Stops at the first error, as a process that dies there.
Status RunWorkload(LakeWriter& writer, const Workload& workload, uint64_t start_seq) {
  size_t start_idx = 0;
  while (start_idx < workload.transactions.size() && workload.transactions[start_idx].first_seq < start_seq) {
    ++start_idx;
  }
  if (start_idx < workload.transactions.size() && workload.transactions[start_idx].first_seq != start_seq) {
    return Status::Corruption("test", "next_seq " + std::to_string(start_seq) + " is not a transaction boundary");
  }
  if (start_idx == workload.transactions.size() && start_seq != workload.end_seq) {
    return Status::Corruption("test", "next_seq " + std::to_string(start_seq) + " is past the end");
  }
  std::vector<model::TableProjectionPtr> projections;
  for (const model::TableSchemaPtr& table : workload.tables) projections.push_back(Project(table));
  for (size_t txn_idx = start_idx; txn_idx < workload.transactions.size(); ++txn_idx) {
    const Transaction& txn = workload.transactions[txn_idx];
    for (const Operation& operation : txn.operations) {
      const model::TableSchemaPtr& table = workload.tables[operation.table];
      std::string key = table->schema_name + "." + table->table_name;
      if (operation.type == Operation::Type::kDdl) {
        CDC_RETURN_IF_ERROR(writer.CloseTable(key));
        projections[operation.table] = Project(table);  // the shape after the DDL: a new projection
        writer.AddSchemaRecord(operation.first_seq, SchemaRecord(operation.first_seq, *table));
        ++writer.stats(key).ddls;
        continue;
      }
      model::ChangeBatch batch = Batch(table, operation.changes);
      CDC_RETURN_IF_ERROR(writer.Append(projections[operation.table], batch, 0, batch.size(),
                                        {operation.first_seq, txn.commit_time_us}, operation.kind));
      TableStats& stats = writer.stats(key);
      for (const TestChange& change : operation.changes) {
        if (operation.kind == format::FileKind::kFullLoad) {
          ++stats.full_load_rows;
          continue;
        }
        switch (change.op) {
          case model::ChangeOp::kInsert: ++stats.inserts; break;
          case model::ChangeOp::kUpdate: ++stats.updates; break;
          case model::ChangeOp::kDelete: ++stats.deletes; break;
        }
      }
    }
    if (txn.flush_after) CDC_RETURN_IF_ERROR(writer.Flush(txn.end, txn.end_seq, txn.commit_time_us));
  }
  return writer.Flush(workload.end, workload.end_seq, workload.transactions.back().commit_time_us);
}

// A clock that repeats values and steps back now and then, deterministically.
std::function<int64_t()> JumpyClock() {
  auto calls = std::make_shared<int64_t>(0);
  return [calls] {
    int64_t n = (*calls)++;
    static constexpr int64_t kOffsets[] = {0, 0, 0, -2, 5, 5, -4000, 1, 1, 3};
    return kSomeTimeMs + n / 4 + kOffsets[n % 10];
  };
}

struct Layout {
  bool date_partitioned = false;
  bool local_store = false;  // LocalStore on a temp dir (rename, fsync) instead of MemStore
};

class CrashTest : public ::testing::TestWithParam<Layout> {
 protected:
  void SetUp() override { workload_ = MakeWorkload(); }

  LakeSettings Settings(const std::string& spool_dir) const {
    LakeSettings settings;
    settings.spool_dir = spool_dir;
    settings.max_file_size_kb = 1;
    settings.now_ms = JumpyClock();
    if (GetParam().date_partitioned) {
      settings.date_partition_enabled = true;
      settings.date_partition_sequence = "YYYYMMDDHH";
    }
    return settings;
  }

  // What a consumer listing the lake sees right now: no change twice, nothing that the latest
  // checkpoint does not cover, only keys some checkpoint names, each row as the source wrote it.
  void ExpectConsumerViewIsCommitted(store::ObjectStore& mem, const std::string& context) {
    Result<std::optional<Checkpoint>> latest = ReadLatestCheckpoint(mem);
    ASSERT_TRUE(latest.ok()) << context << ": " << latest.status().ToString();
    uint64_t committed_below = latest->has_value() ? (*latest)->next_seq : 1;
    std::set<std::string> committed_keys;
    for (const std::string& key : testing::Keys(mem, kCheckpointPrefix)) {
      Result<Checkpoint> checkpoint = DecodeCheckpoint(mem.Get(key).value(), key);
      ASSERT_TRUE(checkpoint.ok()) << context << ": " << checkpoint.status().ToString();
      for (const CommittedFile& file : checkpoint->files) committed_keys.insert(file.key);
    }
    for (const store::ObjectInfo& file : testing::VisibleFiles(mem)) {
      EXPECT_TRUE(committed_keys.contains(file.key)) << context << ": " << file.key << " is visible, uncommitted";
    }
    std::set<uint64_t> seen;
    for (const testing::VisibleRow& row : testing::VisibleRows(mem)) {
      EXPECT_TRUE(seen.insert(row.seq).second) << context << ": seq " << row.seq << " twice, again in " << row.key;
      EXPECT_LT(row.seq, committed_below) << context << ": " << row.key << " holds an uncommitted change";
      ExpectRowAsWritten(row, context);
    }
  }

  void ExpectRowAsWritten(const testing::VisibleRow& row, const std::string& context) {
    auto expected = workload_.rows.find(row.seq);
    ASSERT_NE(expected, workload_.rows.end()) << context << ": seq " << row.seq << " in " << row.key;
    EXPECT_TRUE(row.key.starts_with(expected->second.folder + "/")) << context << ": " << row.key;
    EXPECT_EQ(row.fields, expected->second.fields) << context << ": " << row.key;
  }

  // The lake after the recovered run: every change exactly once, in name order per table folder
  // (LOAD files first), staging empty, the schema history and the statistics complete.
  void ExpectLakeComplete(store::ObjectStore& mem, LakeWriter& writer, const std::string& context) {
    EXPECT_TRUE(testing::Keys(mem, kStagingPrefix).empty()) << context;
    std::map<uint64_t, int> count;
    std::map<std::string, std::vector<std::pair<std::string, uint64_t>>> by_folder;  // (sort key, seq)
    for (const testing::VisibleRow& row : testing::VisibleRows(mem)) {
      ++count[row.seq];
      ExpectRowAsWritten(row, context);
      auto expected = workload_.rows.find(row.seq);
      if (expected == workload_.rows.end()) continue;
      std::string name = row.key.substr(expected->second.folder.size() + 1);
      bool load = name.starts_with("LOAD");
      by_folder[expected->second.folder].emplace_back((load ? "0" : "1") + name, row.seq);
    }
    for (const auto& [seq, row] : workload_.rows) {
      EXPECT_EQ(count[seq], 1) << context << ": seq " << seq << " of " << row.folder;
    }
    EXPECT_EQ(count.size(), workload_.rows.size()) << context;
    for (auto& [folder, rows] : by_folder) {
      std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t row_idx = 1; row_idx < rows.size(); ++row_idx) {
        EXPECT_LT(rows[row_idx - 1].second, rows[row_idx].second)
            << context << ": in " << folder << ", " << rows[row_idx].first << " sorts after a later change";
      }
    }
    Result<std::vector<std::string>> records = writer.ReadSchemaRecords(UINT64_MAX);
    ASSERT_TRUE(records.ok()) << context << ": " << records.status().ToString();
    EXPECT_EQ(*records, workload_.schema_records) << context;

    Result<std::optional<Checkpoint>> latest = ReadLatestCheckpoint(mem);
    ASSERT_TRUE(latest.ok() && latest->has_value()) << context;
    const Checkpoint& checkpoint = **latest;
    EXPECT_EQ(checkpoint.next_seq, workload_.end_seq) << context;
    EXPECT_EQ(checkpoint.position.offset, workload_.end.offset) << context;
    for (const auto& [table, expected] : workload_.stats) {
      ASSERT_TRUE(checkpoint.tables.contains(table)) << context << ": " << table;
      const TableStats& stats = checkpoint.tables.at(table);
      EXPECT_EQ(stats.inserts, expected.inserts) << context << ": " << table;
      EXPECT_EQ(stats.updates, expected.updates) << context << ": " << table;
      EXPECT_EQ(stats.deletes, expected.deletes) << context << ": " << table;
      EXPECT_EQ(stats.ddls, expected.ddls) << context << ": " << table;
      EXPECT_EQ(stats.full_load_rows, expected.full_load_rows) << context << ": " << table;
    }
  }

  // Runs the workload with the store dying at call `crash_at` (0: never), then `recovery_crash_at`
  // in the recovering run (0: never), then a clean recovery; checks the consumer's view after each
  // crash and the whole lake at the end. Returns the store calls of the first run.
  uint64_t CrashAndRecover(uint64_t crash_at, bool after_call, uint64_t recovery_crash_at = 0) {
    std::string context = "crash at call " + std::to_string(crash_at) + (after_call ? " (after the call)" : "") +
                          (recovery_crash_at != 0 ? ", then at call " + std::to_string(recovery_crash_at) : "");
    // Hundreds of runs write spool files, and a LocalStore fsyncs every write: on tmpfs, where
    // there is one, that costs nothing and the property stays quick.
    const std::string base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm/" : ::testing::TempDir();
    TempDir spool(base);
    TempDir lake(base);
    std::unique_ptr<store::ObjectStore> store = NewStore(lake.path());
    if (store == nullptr) return 0;
    store::ObjectStore& mem = *store;
    uint64_t calls = 0;
    {
      store::FaultInjectingStore faulty(&mem);
      if (crash_at != 0) faulty.CrashAtCall(crash_at, after_call);
      LakeWriter writer(&faulty, Settings(spool.path()));
      Result<std::optional<Checkpoint>> recovered = writer.Recover();
      Status run = recovered.ok() ? RunWorkload(writer, workload_, 1) : recovered.status();
      calls = faulty.total_calls();
      EXPECT_EQ(run.ok(), !faulty.crashed()) << context << ": " << run.ToString();
    }  // the process is gone: its writer, its spool files, its pending state
    ExpectConsumerViewIsCommitted(mem, context);
    if (recovery_crash_at != 0) {
      store::FaultInjectingStore faulty(&mem);
      faulty.CrashAtCall(recovery_crash_at);
      LakeWriter writer(&faulty, Settings(spool.path()));
      Result<std::optional<Checkpoint>> recovered = writer.Recover();
      if (recovered.ok()) {
        (void)RunWorkload(writer, workload_, recovered->has_value() ? (*recovered)->next_seq : 1);
      }
      ExpectConsumerViewIsCommitted(mem, context + " (second crash)");
    }
    LakeWriter writer(&mem, Settings(spool.path()));
    Result<std::optional<Checkpoint>> recovered = writer.Recover();
    EXPECT_TRUE(recovered.ok()) << context << ": " << recovered.status().ToString();
    if (!recovered.ok()) return calls;
    Status replayed = RunWorkload(writer, workload_, recovered->has_value() ? (*recovered)->next_seq : 1);
    EXPECT_TRUE(replayed.ok()) << context << ": " << replayed.ToString();
    ExpectLakeComplete(mem, writer, context);
    return calls;
  }

  std::unique_ptr<store::ObjectStore> NewStore(const std::string& dir) {
    if (!GetParam().local_store) return std::make_unique<store::MemStore>();
    Result<std::unique_ptr<store::LocalStore>> local = store::LocalStore::Open(dir + "/lake");
    EXPECT_TRUE(local.ok()) << local.status().ToString();
    if (!local.ok()) return nullptr;
    return std::move(*local);
  }

  Workload workload_;
};

TEST_P(CrashTest, ACleanRunWritesEverythingOnce) {
  uint64_t calls = CrashAndRecover(0, false);
  EXPECT_GT(calls, 40u);  // the workload exercises many store calls
  EXPECT_GT(workload_.rows.size(), 150u);
}

TEST_P(CrashTest, ACrashAtAnyStoreCallLosesAndRepeatsNothing) {
  uint64_t total = CrashAndRecover(0, false);
  for (bool after_call : {false, true}) {
    for (uint64_t crash_at = 1; crash_at <= total; ++crash_at) {
      CrashAndRecover(crash_at, after_call);
      if (HasFailure()) return;  // the first failing step says it all
    }
  }
}

TEST_P(CrashTest, ACrashDuringRecoveryOrReplayIsRecoveredToo) {
  uint64_t total = CrashAndRecover(0, false);
  // Every fourth first crash point, each followed by crashes early in recovery (its List, Get, Moves
  // and Deletes) and later in the replay.
  for (uint64_t crash_at = 1; crash_at <= total; crash_at += 4) {
    for (uint64_t recovery_crash_at : {1, 2, 3, 5, 8, 13, 21}) {
      CrashAndRecover(crash_at, crash_at % 2 == 0, recovery_crash_at);
      if (HasFailure()) return;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, CrashTest,
                         ::testing::Values(Layout{false, false}, Layout{true, false}, Layout{false, true}),
                         [](const ::testing::TestParamInfo<Layout>& param_info) {
                           return std::string(param_info.param.date_partitioned ? "DatePartitioned" : "Flat") +
                                  (param_info.param.local_store ? "LocalStore" : "MemStore");
                         });

}  // namespace
}  // namespace cdc::lake
