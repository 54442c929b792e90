// The TransactionAssembler on binlogs written by a real MariaDB 10.11: transactions, rollbacks (pure
// InnoDB, and InnoDB + MyISAM where the MyISAM part survives), savepoints (a ROLLBACK TO in the binlog
// follows the row events it undoes), primary-key updates,
// CREATE TABLE ... SELECT, and XA transactions -- prepared, then committed or rolled back after other
// transactions from other connections, one prepared across a binlog rotation, one committed in one
// phase. The binlog files are decoded offline (binlog::ReadBinlogFile) into the assembler.
//
// Oracles:
//  1. SELECT: replaying the emitted row changes in seq order (I inserts, U replaces, D deletes; a key
//     update arrives as D + I) must give exactly each table's rows; so no rolled-back change may
//     appear, and none that committed may be missing.
//  2. Restarts: starting a new assembler from the state at every transaction end (also while XA
//     transactions are held, when the state's position is the earliest held one's start) and reading
//     from that position must hand over exactly the rest of the uninterrupted run, seqs included.
//  3. Spill: a memory limit of a few hundred bytes gives the same transactions as the default.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/file_reader.h"
#include "capture/transaction_assembler.h"
#include "harness/sandbox_environment.h"
#include "model/value_text.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);

using capture::CaptureState;
using model::ChangeBatch;
using model::RowChange;

std::string Pos(const model::ResumePoint& point) {
  return point.file + ":" + std::to_string(point.offset) + "[" + point.gtid + "]";
}

// Column `name` of an image as text ("NULL" for NULL).
std::string CellText(const ChangeBatch& batch, std::string_view name, uint32_t image) {
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    if (batch.schema().columns[column_idx].name != name) continue;
    const model::ColumnVector& column = batch.column(column_idx);
    if (column.state(image) != model::CellState::kValue) return "NULL";
    std::string out;
    model::AppendValueText(batch.schema().columns[column_idx], column, image, &out);
    return out;
  }
  return "?";
}

// Records the transactions and applies their row changes to an in-memory copy of the tables.
class ApplyingSink : public capture::CaptureSink {
 public:
  Status OnTransactionBegin(const capture::TransactionInfo& txn) override {
    lines.push_back("begin " + std::to_string(txn.first_seq) + "+" + std::to_string(txn.seq_count) + " " +
                    txn.begin.file + ":" + std::to_string(txn.begin.offset) + "[" + txn.begin.gtid + "] end " +
                    Pos(txn.end) + " t=" + std::to_string(txn.commit_time_us));
    EXPECT_EQ(txn.first_seq, next_seq) << "seqs must continue without a gap";
    return Status::OK();
  }
  Status OnRows(const ChangeBatch& rows, uint64_t first_seq) override {
    EXPECT_EQ(first_seq, next_seq);
    next_seq = first_seq + rows.size();
    std::map<std::string, std::string> ignored;  // a restarted run starts in the middle: nothing to apply to
    std::map<std::string, std::string>& table = apply ? tables[rows.schema().table_name] : ignored;
    for (size_t change_idx = 0; change_idx < rows.size(); ++change_idx) {
      const RowChange& change = rows.changes()[change_idx];
      std::string line = std::to_string(first_seq + change_idx) + " " + rows.schema().table_name + " " +
                         model::OpCode(change.op);
      if (change.before != RowChange::kNoImage) {
        const std::string id = CellText(rows, "id", change.before);
        line += " (" + id + "," + CellText(rows, "v", change.before) + ")";
        if (change.op == model::ChangeOp::kDelete) {
          EXPECT_TRUE(table.erase(id) == 1 || !apply) << "delete of a row not there: " << line;
        } else {
          EXPECT_EQ(CellText(rows, "id", change.after), id) << "an update that changes the key must be D + I: " << line;
        }
      }
      if (change.after != RowChange::kNoImage) {
        const std::string id = CellText(rows, "id", change.after);
        line += " -> (" + id + "," + CellText(rows, "v", change.after) + ")";
        if (change.op == model::ChangeOp::kInsert) {
          EXPECT_TRUE(table.count(id) == 0 || !apply) << "insert of a row there: " << line;
        }
        table[id] = CellText(rows, "v", change.after);
      }
      lines.push_back(std::move(line));
    }
    return Status::OK();
  }
  Status OnDdl(const capture::DdlStatement& ddl) override {
    EXPECT_EQ(ddl.seq, next_seq);
    next_seq = ddl.seq + 1;
    lines.push_back("ddl " + std::to_string(ddl.seq) + " " + ddl.sql);
    ++ddl_count;
    return Status::OK();
  }
  Status OnTransactionEnd(const capture::TransactionInfo& txn) override {
    EXPECT_EQ(next_seq, txn.first_seq + txn.seq_count);
    lines.push_back("end");
    states.push_back(assembler->state());
    line_counts.push_back(lines.size());
    return Status::OK();
  }
  Status OnIdle(const model::ResumePoint&, int64_t) override { return Status::OK(); }

  capture::TransactionAssembler* assembler = nullptr;
  bool apply = true;  // keep `tables`
  uint64_t next_seq = 1;
  std::vector<std::string> lines;
  std::vector<CaptureState> states;
  std::vector<size_t> line_counts;
  std::map<std::string, std::map<std::string, std::string>> tables;  // table -> id -> v
  int ddl_count = 0;
};

struct Capture {
  explicit Capture(CaptureState start, capture::AssemblerOptions options = {})
      : assembler(options, start, &sink) {
    sink.assembler = &assembler;
    sink.next_seq = start.next_seq;
  }
  ApplyingSink sink;
  capture::TransactionAssembler assembler;
};

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// Reads `paths` in order from `start` (its file and offset; files before it are skipped).
Status ReadFrom(const std::vector<std::string>& paths, const CaptureState& start, Capture* capture) {
  binlog::Decoder decoder;
  bool started = false;
  for (const std::string& path : paths) {
    binlog::FileReaderOptions options;
    if (!started) {
      if (BaseName(path) != start.position.file) continue;
      started = true;
      options.start_position = start.position.offset;
    }
    CDC_RETURN_IF_ERROR(binlog::ReadBinlogFile(path, &decoder, &capture->assembler, options));
  }
  if (!started) return Status::NotFound("binlog file", start.position.file);
  return Status::OK();
}

void Exec(MariaDbSandbox& db, std::string_view sql) {
  Status status = db.Query(sql);
  ASSERT_TRUE(status.ok()) << status.ToString();
}
void Exec(MariaDbClient& client, std::string_view sql) {
  Status status = client.Query(sql);
  ASSERT_TRUE(status.ok()) << status.ToString();
}

std::map<std::string, std::string> Select(MariaDbSandbox& db, const std::string& table) {
  std::map<std::string, std::string> rows;
  Result<std::vector<Row>> result = db.QueryRows("SELECT id, v FROM asm." + table);
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return rows;
  for (const Row& row : *result) rows[row[0].value_or("NULL")] = row[1].value_or("NULL");
  return rows;
}

TEST(TransactionAssemblerMariaDb, CommitsRollbacksXaAndRestarts) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.RotateBinlog().ok());
  Result<std::string> first_file = db.CurrentBinlogFile();
  ASSERT_TRUE(first_file.ok()) << first_file.status().ToString();

  Result<std::unique_ptr<MariaDbClient>> xa = db.Connect("root", "", "");
  Result<std::unique_ptr<MariaDbClient>> other = db.Connect("root", "", "");
  ASSERT_TRUE(xa.ok() && other.ok());
  MariaDbClient& x = **xa;
  MariaDbClient& b = **other;

  Exec(db, "CREATE DATABASE asm");
  Exec(db, "CREATE TABLE asm.t (id INT PRIMARY KEY, v VARCHAR(100)) ENGINE=InnoDB");
  Exec(db, "CREATE TABLE asm.m (id INT PRIMARY KEY, v VARCHAR(100)) ENGINE=MyISAM");
  Exec(db, "USE asm");
  Exec(x, "USE asm");
  Exec(b, "USE asm");
  Exec(db, "INSERT INTO t VALUES (1,'a'),(2,'b'),(3,'c')");
  Exec(db, "BEGIN; INSERT INTO t VALUES (4,'d'); UPDATE t SET id=40 WHERE id=4; UPDATE t SET v='bb' WHERE id=2;"
          " DELETE FROM t WHERE id=3; COMMIT");
  Exec(db, "BEGIN; INSERT INTO t VALUES (5,'rolled back'); ROLLBACK");
  // The MyISAM row stays (MariaDB logs it as its own transaction); the InnoDB one goes.
  Exec(db, "BEGIN; INSERT INTO t VALUES (6,'rolled back'); INSERT INTO m VALUES (6,'myisam'); ROLLBACK");
  Exec(db, "BEGIN; INSERT INTO t VALUES (7,'g'); SAVEPOINT s; INSERT INTO m VALUES (7,'myisam');"
          " INSERT INTO t VALUES (8,'rolled back to s'); ROLLBACK TO SAVEPOINT s; INSERT INTO t VALUES (9,'i'); COMMIT");
  // x1 is prepared, others commit, then x1 commits; x2 is prepared and rolled back.
  Exec(x, "XA START 'x1'; INSERT INTO t VALUES (10,'x1'); UPDATE t SET id=11 WHERE id=1; XA END 'x1'; XA PREPARE 'x1'");
  Exec(db, "INSERT INTO t VALUES (12,'while x1 waits'); UPDATE t SET v='changed while x1 waits' WHERE id=2");
  Exec(b, "XA START 'x2','b',3; INSERT INTO t VALUES (13,'x2'); XA END 'x2','b',3; XA PREPARE 'x2','b',3");
  Exec(db, "CREATE TABLE c ENGINE=InnoDB SELECT id, v FROM m");
  Exec(x, "XA COMMIT 'x1'");
  Exec(b, "XA ROLLBACK 'x2','b',3");
  Exec(db, "XA START 'x3'; INSERT INTO t VALUES (14,'one phase'); XA END 'x3'; XA COMMIT 'x3' ONE PHASE");
  // x4 is prepared in one binlog file and committed in the next.
  Exec(x, "XA START 'x4'; INSERT INTO t VALUES (15,'x4'); INSERT INTO c VALUES (15,'x4'); XA END 'x4'; XA PREPARE 'x4'");
  ASSERT_TRUE(db.RotateBinlog().ok());
  Exec(db, "INSERT INTO t VALUES (16,'p')");
  Exec(x, "XA COMMIT 'x4'");
  Exec(db, "DELETE FROM m WHERE id=6");
  Exec(db, "INSERT INTO t SELECT id + 100, v FROM t WHERE id < 100");
  Exec(db, "UPDATE t SET id = id + 1000 WHERE id > 100");
  ASSERT_TRUE(db.RotateBinlog().ok());  // the last file is complete on disk

  Result<std::vector<std::string>> all_paths = db.BinlogPaths();
  ASSERT_TRUE(all_paths.ok()) << all_paths.status().ToString();
  std::vector<std::string> paths;
  for (const std::string& path : *all_paths) {
    if (BaseName(path) >= *first_file) paths.push_back(path);
  }
  ASSERT_GE(paths.size(), 3u);

  CaptureState start;
  start.position.file = *first_file;
  start.position.offset = 4;
  Capture full(start);
  Status status = ReadFrom(paths, start, &full);
  ASSERT_TRUE(status.ok()) << status.ToString();

  // 1. The replayed changes are the tables' rows.
  for (const std::string table : {"t", "m", "c"}) {
    SCOPED_TRACE("table " + table);
    EXPECT_EQ(full.sink.tables[table], Select(db, table));
  }
  EXPECT_EQ(full.sink.ddl_count, 4);  // CREATE DATABASE, two CREATE TABLE, CREATE TABLE ... SELECT
  const std::string all = [&] {
    std::string text;
    for (const std::string& line : full.sink.lines) text += line + "\n";
    return text;
  }();
  EXPECT_EQ(all.find("rolled back"), std::string::npos) << all;
  EXPECT_EQ(all.find("x2"), std::string::npos) << all;
  // x1's key update inside the XA transaction is a D + I.
  EXPECT_NE(all.find(" t D (1,a)\n"), std::string::npos) << all;
  EXPECT_NE(all.find(" t I -> (11,a)\n"), std::string::npos) << all;
  // The GTID state is complete from the first file's GTID_LIST and ends at the last transaction.
  Result<Cell> gtid_pos = db.QueryValue("SELECT @@gtid_binlog_pos");
  ASSERT_TRUE(gtid_pos.ok() && gtid_pos->has_value());
  EXPECT_EQ(full.assembler.state().position.gtid, **gtid_pos);
  EXPECT_EQ(full.assembler.state().position.file, BaseName(paths.back()));
  EXPECT_TRUE(full.assembler.state().emitted_through.empty());

  // 2. Restarts from every transaction end.
  bool saw_held = false;
  for (size_t txn_idx = 0; txn_idx < full.sink.states.size(); ++txn_idx) {
    const CaptureState& state = full.sink.states[txn_idx];
    saw_held = saw_held || !state.emitted_through.empty();
    SCOPED_TRACE("restart after transaction " + std::to_string(txn_idx) + " at " + Pos(state.position) +
                 ", emitted through " + Pos(state.emitted_through));
    Capture restarted(state);
    restarted.sink.apply = false;
    status = ReadFrom(paths, state, &restarted);
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(restarted.sink.lines,
              std::vector<std::string>(full.sink.lines.begin() + static_cast<ptrdiff_t>(full.sink.line_counts[txn_idx]),
                                       full.sink.lines.end()));
    EXPECT_EQ(Pos(restarted.assembler.state().position), Pos(full.assembler.state().position));
  }
  EXPECT_TRUE(saw_held) << "no restart happened while an XA transaction was held";

  // 3. Spilling changes nothing.
  capture::AssemblerOptions tiny;
  tiny.memory_limit_bytes = 300;
  tiny.batch_rows = 3;
  Capture spilling(start, tiny);
  status = ReadFrom(paths, start, &spilling);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(spilling.sink.lines, full.sink.lines);
}

}  // namespace
}  // namespace cdc::harness
