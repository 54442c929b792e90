// The decoder against a real MariaDB, for one binlog_row_metadata variant (this file is compiled twice:
// LAKEFEED_METADATA_FULL=1 and =0). A workload of edge values (types_workload.cc) runs on the server; then
// the binary logs are decoded by `lakefeed binlog-dump`, offline (files) and live (as a replica), and every
// decoded row image is checked against two independent oracles:
//
//  1. SELECT: after every step the test snapshots the table with SELECT (built per column type so that the
//     server returns lakefeed's text form). Replaying a step's decoded changes on the snapshot before the
//     step must give the snapshot after it: each before-image equals the row as it was, each after-image
//     equals the row as SELECT returns it, and no change is missing or extra.
//  2. mariadb-binlog: `mariadb-binlog --no-defaults --base64-output=decode-rows -vv FILE` on the same files;
//     its `###` rows are parsed (harness/mariadb_binlog_text.h) and compared value by value, in order, with
//     the decoded rows of that file (harness/value_oracle.h maps its formatting to ours).
//
// What the decoder can know differs by mode and variant, and the expectations follow:
//  - live mode reads names, labels and MariaDB's UUID/INET4/INET6 types from information_schema;
//  - offline, FULL metadata gives names and labels, but UUID/INET are only bytes (printed as hex);
//  - offline, MINIMAL metadata has no names (columns print as @N) and no labels (ENUM index and SET bitmask
//    in decimal); signedness and charsets are there.
// Known limitation, expected by the test: MariaDB keeps ENUM/SET labels in utf8mb3, so information_schema
// shows a 4-byte character of a label as '?'. Live mode without FULL metadata can only print that '?'
// (e.g. ENUM('ä','😀') value '😀' prints '?'); with FULL metadata the binlog carries the true label.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness/binlog_dump.h"
#include "harness/column_info.h"
#include "harness/mariadb_binlog_text.h"
#include "harness/mismatches.h"
#include "harness/process.h"
#include "harness/sandbox_environment.h"
#include "harness/value_oracle.h"
#include "types_workload.h"

#ifndef LAKEFEED_METADATA_FULL
#error "compile with LAKEFEED_METADATA_FULL=1 or 0"
#endif

namespace cdc::harness {
namespace {

#if LAKEFEED_METADATA_FULL
constexpr MariaDbSandbox::Variant kVariant = MariaDbSandbox::Variant::kFullMetadata;
constexpr const char* kDb = "types_full";
#else
constexpr MariaDbSandbox::Variant kVariant = MariaDbSandbox::Variant::kMinimalMetadata;
constexpr const char* kDb = "types_minimal";
#endif
constexpr bool kFullMetadata = kVariant == MariaDbSandbox::Variant::kFullMetadata;

LAKEFEED_MARIADB_ENVIRONMENT(kVariant);

// ---------------------------------------------------------------------------------------------- the run

struct RecordedStep {
  std::string table;  // "db.t"
  std::string sql;    // for messages
  std::string gtid;
  std::vector<Row> before;  // SELECT snapshots (SelectExpression per column), ordered by key
  std::vector<Row> after;
};

struct DumpResult {
  Status status;
  std::vector<DumpRow> rows;
};

struct WorkloadRun {
  Status status;                            // of the workload
  std::map<std::string, TableInfo> tables;  // "db.t" -> columns
  std::vector<RecordedStep> steps;
  std::vector<std::string> binlog_paths;
  DumpResult live;
  DumpResult offline;
  std::map<std::string, std::vector<VerboseRow>> verbose;  // file name -> mariadb-binlog rows
  Status verbose_status;
};

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Shorten(const std::string& sql) { return sql.size() <= 160 ? sql : sql.substr(0, 160) + "..."; }

Result<std::vector<Row>> Snapshot(MariaDbSandbox& db, const TableInfo& info) {
  std::string select;
  for (const ColumnInfo& column : info.columns) select += (select.empty() ? "" : ", ") + SelectExpression(column);
  std::string order;
  for (int key : info.PrimaryKey()) order += (order.empty() ? "" : ", ") + ("`" + info.columns[key].name + "`");
  return db.QueryRows("SELECT " + select + " FROM `" + info.schema + "`.`" + info.table + "` ORDER BY " + order);
}

Status RunWorkload(MariaDbSandbox& db, WorkloadRun* run) {
  std::map<std::string, std::string> create_statements;  // "db.t" -> CREATE TABLE text
  for (const WorkloadStep& step : TypesWorkload(kDb)) {
    RecordedStep recorded;
    recorded.table = step.table;
    for (const std::string& sql : step.sql) recorded.sql += (recorded.sql.empty() ? "" : "; ") + sql;
    if (step.table.empty() && step.sql.size() == 1 && step.sql[0].rfind("CREATE TABLE ", 0) == 0) {
      std::string name = step.sql[0].substr(13);
      create_statements[name.substr(0, name.find(' '))] = step.sql[0];
    }
    Cell gtid_before;
    if (!step.table.empty()) {
      size_t dot = step.table.find('.');
      if (!run->tables.count(step.table)) {
        CDC_ASSIGN_OR_RETURN(run->tables[step.table], [&]() -> Result<TableInfo> {
          CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
          return LoadTableInfo(*client, step.table.substr(0, dot), step.table.substr(dot + 1));
        }());
        OverrideLabelsFromDdl(create_statements[step.table], &run->tables[step.table]);
      }
      CDC_ASSIGN_OR_RETURN(recorded.before, Snapshot(db, run->tables[step.table]));
      CDC_ASSIGN_OR_RETURN(gtid_before, db.QueryValue("SELECT @@last_gtid"));
    }
    for (const std::string& sql : step.sql) {
      Status status = db.Query(sql);
      if (!status.ok()) return status.WithContext("workload step");
    }
    if (step.table.empty()) continue;
    CDC_ASSIGN_OR_RETURN(Cell gtid, db.QueryValue("SELECT @@last_gtid"));
    // A step that changed nothing (e.g. "SET x = x") writes no transaction: @@last_gtid stays.
    recorded.gtid = gtid == gtid_before ? "" : gtid.value_or("");
    CDC_ASSIGN_OR_RETURN(recorded.after, Snapshot(db, run->tables[step.table]));
    run->steps.push_back(std::move(recorded));
  }
  // Close the last file so that offline decoding sees complete files.
  CDC_RETURN_IF_ERROR(db.RotateBinlog());
  CDC_ASSIGN_OR_RETURN(run->binlog_paths, db.BinlogPaths());
  return Status::OK();
}

const WorkloadRun& TheRun() {
  static WorkloadRun* run = [] {
    auto* r = new WorkloadRun;
    MariaDbSandbox* db = MariaDbEnvironment::sandbox();
    if (db == nullptr) {
      r->status = Status::Unavailable("no MariaDB sandbox");
      return r;
    }
    r->status = RunWorkload(*db, r);
    if (!r->status.ok()) return r;

    Result<std::vector<DumpRow>> live = DumpLive(*db);
    r->live.status = live.ok() ? Status::OK() : live.status();
    if (live.ok()) r->live.rows = std::move(live).value();
    Result<std::vector<DumpRow>> offline = DumpOffline(r->binlog_paths);
    r->offline.status = offline.ok() ? Status::OK() : offline.status();
    if (offline.ok()) r->offline.rows = std::move(offline).value();

    Result<std::map<std::string, std::vector<VerboseRow>>> verbose = DecodeWithMariaDbBinlog(r->binlog_paths);
    if (verbose.ok()) {
      r->verbose = std::move(verbose).value();
    } else {
      r->verbose_status = verbose.status();
    }
    return r;
  }();
  return *run;
}

// ---------------------------------------------------------------------------------------------- helpers

// A decoded image as cells in ordinal order; Corruption when a name is unknown, repeated or missing.
Result<std::vector<Cell>> ByOrdinal(const TableInfo& info, const DumpRow::Image& image) {
  std::vector<Cell> cells(info.columns.size());
  std::vector<bool> seen(info.columns.size(), false);
  for (const auto& [name, value] : image) {
    int index = info.IndexOf(name);
    if (index < 0) return Status::Corruption("unknown column " + name + " in " + info.table);
    if (seen[index]) return Status::Corruption("column " + name + " twice");
    seen[index] = true;
    cells[index] = value;
  }
  for (size_t column_idx = 0; column_idx < seen.size(); ++column_idx) {
    if (!seen[column_idx]) return Status::Corruption("column " + info.columns[column_idx].name + " missing (FULL row image)");
  }
  return cells;
}

std::string KeyOf(const TableInfo& info, const std::vector<Cell>& cells) {
  std::string key;
  for (int index : info.PrimaryKey()) key += (key.empty() ? "" : ",") + cells[index].value_or("NULL");
  return key;
}

std::vector<const DumpRow*> RowsOfOurDb(const std::vector<DumpRow>& rows) {
  std::vector<const DumpRow*> out;
  for (const DumpRow& row : rows) {
    if (row.schema == kDb) out.push_back(&row);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- oracle 1

void CheckAgainstSelect(const WorkloadRun& run, const std::vector<DumpRow>& decoded, OracleMode mode, Mismatches* failures) {
  std::map<std::string, size_t> step_by_gtid;
  for (size_t step_idx = 0; step_idx < run.steps.size(); ++step_idx) {
    if (!run.steps[step_idx].gtid.empty()) step_by_gtid[run.steps[step_idx].gtid] = step_idx;
  }
  std::vector<std::vector<const DumpRow*>> rows_by_step(run.steps.size());
  for (const DumpRow* row : RowsOfOurDb(decoded)) {
    auto it = step_by_gtid.find(row->gtid);
    if (it == step_by_gtid.end()) {
      failures->Add("decoded row with GTID '" + row->gtid + "' that no workload step made: " + row->line.substr(0, 200));
      continue;
    }
    rows_by_step[it->second].push_back(row);
  }

  for (size_t step_idx = 0; step_idx < run.steps.size(); ++step_idx) {
    const RecordedStep& step = run.steps[step_idx];
    const TableInfo& info = run.tables.at(step.table);
    const std::string where = "step " + std::to_string(step_idx) + " [" + Shorten(step.sql) + "] GTID " + step.gtid;
    struct Entry {
      std::vector<Cell> cells;
      bool decoded;  // from a decoded after-image (else from the SELECT before the step)
    };
    std::map<std::string, Entry> state;
    for (const Row& row : step.before) state[KeyOf(info, row)] = {row, false};

    auto compare = [&](const std::string& what, const std::vector<Cell>& got, const Entry& expected) {
      for (size_t column_idx = 0; column_idx < info.columns.size(); ++column_idx) {
        const ColumnInfo& column = info.columns[column_idx];
        std::string mismatch;
        if (expected.decoded) {
          if (got[column_idx] != expected.cells[column_idx]) {
            mismatch = "column " + column.name + ": differs from the after-image decoded earlier in the transaction";
          }
        } else {
          mismatch = CompareWithSelect(column, got[column_idx], expected.cells[column_idx], mode);
        }
        if (!mismatch.empty()) {
          failures->Add(where + " " + what + ": " + mismatch);
          failures->AddColumn(info.table, column.name);
        }
      }
    };

    for (const DumpRow* row : rows_by_step[step_idx]) {
      if (row->table != info.table) {
        failures->Add(where + ": decoded a row of table " + row->table);
        continue;
      }
      Result<std::vector<Cell>> before = row->has_before ? ByOrdinal(info, row->before) : std::vector<Cell>{};
      Result<std::vector<Cell>> after = row->has_after ? ByOrdinal(info, row->after) : std::vector<Cell>{};
      if (!before.ok() || !after.ok()) {
        failures->Add(where + ": " + (!before.ok() ? before.status() : after.status()).ToString() + " in " +
                      row->line.substr(0, 200));
        continue;
      }
      if (row->has_before) {
        std::string key = KeyOf(info, *before);
        auto it = state.find(key);
        if (it == state.end()) {
          failures->Add(where + ": " + row->op + " of key " + key + " that the table did not have");
        } else {
          compare(std::string(1, row->op) + " before-image of key " + key, *before, it->second);
          state.erase(it);
        }
      }
      if (row->has_after) {
        std::string key = KeyOf(info, *after);
        if (state.count(key)) failures->Add(where + ": " + row->op + " creates key " + key + " that already exists");
        state[key] = {*after, true};
      }
    }
    // The decoded changes applied to the "before" snapshot must give the "after" snapshot.
    for (const Row& row : step.after) {
      std::string key = KeyOf(info, row);
      auto it = state.find(key);
      if (it == state.end()) {
        failures->Add(where + ": key " + key + " is in the table after the step but not in the decoded changes");
        continue;
      }
      if (it->second.decoded) {
        compare("after-image of key " + key, it->second.cells, Entry{row, false});
      } else if (it->second.cells != row) {
        failures->Add(where + ": key " + key + " changed but no decoded row says so");
      }
      state.erase(it);
    }
    for (const auto& [key, entry] : state) failures->Add(where + ": decoded changes leave key " + key + " that SELECT does not have");
  }
}

// ---------------------------------------------------------------------------------------------- oracle 2

void CompareImage(const TableInfo& info, const std::vector<VerboseValue>& theirs, const DumpRow::Image& ours_image,
                  OracleMode mode, const std::string& where, Mismatches* failures) {
  Result<std::vector<Cell>> ours = ByOrdinal(info, ours_image);
  if (!ours.ok()) {
    failures->Add(where + ": " + ours.status().ToString());
    return;
  }
  if (theirs.size() != info.columns.size()) {
    failures->Add(where + ": mariadb-binlog printed " + std::to_string(theirs.size()) + " of " +
                  std::to_string(info.columns.size()) + " columns");
  }
  for (const VerboseValue& value : theirs) {
    if (value.column == 0 || value.column > info.columns.size()) {
      failures->Add(where + ": mariadb-binlog printed @" + std::to_string(value.column));
      continue;
    }
    const ColumnInfo& column = info.columns[value.column - 1];
    std::string mismatch = CompareWithVerbose(column, (*ours)[value.column - 1], value, mode);
    if (!mismatch.empty()) {
      failures->Add(where + ": " + mismatch + " [mariadb-binlog type " + value.type + "]");
      failures->AddColumn(info.table, column.name);
    }
  }
}

void CheckAgainstMariaDbBinlog(const WorkloadRun& run, const std::vector<DumpRow>& decoded, OracleMode mode,
                               Mismatches* failures) {
  std::map<std::string, std::vector<const DumpRow*>> ours_by_file;
  for (const DumpRow* row : RowsOfOurDb(decoded)) ours_by_file[Basename(row->file)].push_back(row);
  for (const auto& [file, all_theirs] : run.verbose) {
    std::vector<const VerboseRow*> theirs;
    for (const VerboseRow& row : all_theirs) {
      if (row.schema == kDb) theirs.push_back(&row);
    }
    const std::vector<const DumpRow*>& ours = ours_by_file[file];
    if (theirs.size() != ours.size()) {
      failures->Add(file + ": mariadb-binlog has " + std::to_string(theirs.size()) + " rows, decoded " +
                    std::to_string(ours.size()));
    }
    for (size_t row_idx = 0; row_idx < std::min(theirs.size(), ours.size()); ++row_idx) {
      const VerboseRow& their = *theirs[row_idx];
      const DumpRow& our = *ours[row_idx];
      std::string where = file + " row " + std::to_string(row_idx) + " (mariadb-binlog line " +
                          std::to_string(their.line) + ", decoded end_log_pos " + std::to_string(our.end_log_pos) + ")";
      if (OpLetter(their.op) != our.op || their.table != our.table) {
        failures->Add(where + ": mariadb-binlog has " + OpLetter(their.op) + " " + their.table + ", decoded " +
                      our.op + " " + our.table);
        continue;
      }
      const std::vector<uint64_t>& ends = their.statement_event_ends;
      if (std::find(ends.begin(), ends.end(), our.end_log_pos) == ends.end()) {
        failures->Add(where + ": end_log_pos is not one of the statement's rows events");
      }
      auto info = run.tables.find(std::string(kDb) + "." + our.table);
      if (info == run.tables.end()) {
        failures->Add(where + ": unknown table " + our.table);
        continue;
      }
      if (our.has_before) CompareImage(info->second, their.before, our.before, mode, where + " before", failures);
      if (our.has_after) CompareImage(info->second, their.after, our.after, mode, where + " after", failures);
    }
  }
}

// ---------------------------------------------------------------------------------------------- tests

#define REQUIRE_RUN(run)                                                        \
  const WorkloadRun& run = TheRun();                                                    \
  ASSERT_TRUE(run.status.ok()) << "workload: " << run.status.ToString();

// Live mode takes labels from the binlog with FULL metadata, else from information_schema (see OracleMode).
constexpr OracleMode kLiveMode{ExtendedTypes::kAsText, true, !kFullMetadata};
constexpr OracleMode kOfflineMode{ExtendedTypes::kAsBinary, kFullMetadata, false};

TEST(TypesOracle, WorkloadMadeOneGtidPerStep) {
  REQUIRE_RUN(run);
  std::set<std::string> gtids;
  size_t unlogged = 0;
  for (const RecordedStep& step : run.steps) {
    if (step.gtid.empty()) {
      ++unlogged;
      EXPECT_EQ(step.before, step.after) << "a step that wrote no transaction changed the table: " << step.sql;
      continue;
    }
    EXPECT_TRUE(gtids.insert(step.gtid).second) << "GTID " << step.gtid << " twice: " << step.sql;
  }
  EXPECT_EQ(unlogged, 1u) << "only the no-op UPDATE of nums logs nothing";
  EXPECT_GE(run.steps.size(), 55u);
  EXPECT_GE(run.binlog_paths.size(), 3u) << "the workload rotates once, the test once more";
  ASSERT_TRUE(run.verbose_status.ok()) << run.verbose_status.ToString();
  size_t verbose_rows = 0;
  for (const auto& [file, rows] : run.verbose) verbose_rows += rows.size();
  EXPECT_GT(verbose_rows, 3000u);
}

TEST(TypesOracle, LiveDecodeEqualsSelect) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.status.ok()) << run.live.status.ToString();
  Mismatches failures;
  CheckAgainstSelect(run, run.live.rows, kLiveMode, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(TypesOracle, OfflineDecodeEqualsSelect) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.offline.status.ok()) << run.offline.status.ToString();
  Mismatches failures;
  CheckAgainstSelect(run, run.offline.rows, kOfflineMode, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(TypesOracle, LiveDecodeAgreesWithMariaDbBinlog) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.status.ok()) << run.live.status.ToString();
  ASSERT_TRUE(run.verbose_status.ok()) << run.verbose_status.ToString();
  Mismatches failures;
  CheckAgainstMariaDbBinlog(run, run.live.rows, kLiveMode, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(TypesOracle, OfflineDecodeAgreesWithMariaDbBinlog) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.offline.status.ok()) << run.offline.status.ToString();
  ASSERT_TRUE(run.verbose_status.ok()) << run.verbose_status.ToString();
  Mismatches failures;
  CheckAgainstMariaDbBinlog(run, run.offline.rows, kOfflineMode, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(TypesOracle, LiveAndOfflineAgreeOnEveryRowPosition) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.status.ok()) << run.live.status.ToString();
  ASSERT_TRUE(run.offline.status.ok()) << run.offline.status.ToString();
  std::vector<const DumpRow*> live = RowsOfOurDb(run.live.rows);
  std::vector<const DumpRow*> offline = RowsOfOurDb(run.offline.rows);
  ASSERT_EQ(live.size(), offline.size());
  for (size_t row_idx = 0; row_idx < live.size(); ++row_idx) {
    const DumpRow& a = *live[row_idx];
    const DumpRow& b = *offline[row_idx];
    ASSERT_EQ(std::make_tuple(a.op, a.table, a.gtid, Basename(a.file), a.pos, a.end_log_pos, a.ts),
              std::make_tuple(b.op, b.table, b.gtid, Basename(b.file), b.pos, b.end_log_pos, b.ts))
        << "row " << row_idx << "\nlive:    " << a.line.substr(0, 300) << "\noffline: " << b.line.substr(0, 300);
    EXPECT_LT(a.pos, a.end_log_pos) << a.line.substr(0, 300);
  }
}

TEST(TypesOracle, ColumnNamesFollowTheMetadata) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.status.ok()) << run.live.status.ToString();
  ASSERT_TRUE(run.offline.status.ok()) << run.offline.status.ToString();
  const TableInfo& nums = run.tables.at(std::string(kDb) + ".nums");
  for (const auto* dump : {&run.live, &run.offline}) {
    bool live = dump == &run.live;
    std::vector<const DumpRow*> rows = RowsOfOurDb(dump->rows);
    ASSERT_FALSE(rows.empty());
    const DumpRow* first_nums = nullptr;
    for (const DumpRow* row : rows) {
      if (row->table == "nums") {
        first_nums = row;
        break;
      }
    }
    ASSERT_NE(first_nums, nullptr);
    ASSERT_EQ(first_nums->after.size(), nums.columns.size());
    for (size_t column_idx = 0; column_idx < nums.columns.size(); ++column_idx) {
      std::string expected = live || kFullMetadata ? nums.columns[column_idx].name : "@" + std::to_string(column_idx + 1);
      EXPECT_EQ(first_nums->after[column_idx].first, expected) << (live ? "live" : "offline");
    }
  }
}

}  // namespace
}  // namespace cdc::harness
