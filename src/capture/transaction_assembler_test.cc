#include "capture/transaction_assembler.h"

#include <zlib.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "binlog/decoder.h"
#include "binlog/file_reader.h"
#include "model/value_text.h"

namespace cdc::capture {
namespace {

using model::ChangeBatch;
using model::ChangeOp;
using model::RowChange;

const std::string kBinlogDir = std::string(LAKEFEED_TESTDATA_DIR) + "/binlog/";
constexpr std::string_view kUuid = "3e11fa47-71ca-11e1-9e33-c80aa9429562";

std::string Pos(const model::ResumePoint& point) {
  return point.file + ":" + std::to_string(point.offset) + "[" + point.gtid + "]";
}
std::string Pos(const model::SourcePosition& position) {
  return position.file + ":" + std::to_string(position.offset) + "[" + position.gtid + "]";
}

std::string ImageText(const ChangeBatch& batch, uint32_t image) {
  if (image == RowChange::kNoImage) return "()";
  std::string out = "(";
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    if (column_idx > 0) out += ",";
    const model::ColumnVector& column = batch.column(column_idx);
    switch (column.state(image)) {
      case model::CellState::kNull: out += "NULL"; break;
      case model::CellState::kAbsent: out += "-"; break;
      case model::CellState::kValue:
        model::AppendValueText(batch.schema().columns[column_idx], column, image, &out);
        break;
    }
  }
  return out + ")";
}

// Records what the assembler hands over: transactions as lines (comparable across runs), idle
// positions apart.
class RecordingSink : public CaptureSink {
 public:
  Status OnTransactionBegin(const TransactionInfo& txn) override {
    lines.push_back("begin seq=" + std::to_string(txn.first_seq) + "+" + std::to_string(txn.seq_count) +
                    " begin=" + Pos(txn.begin) + " end=" + Pos(txn.end) + " t=" + std::to_string(txn.commit_time_us));
    if (assembler != nullptr) {
      max_disk_bytes = std::max(max_disk_bytes, assembler->disk_bytes());
      max_memory_bytes = std::max(max_memory_bytes, assembler->memory_bytes());
    }
    next_expected_seq = txn.first_seq;
    ++transactions;
    return Status::OK();
  }
  Status OnRows(const ChangeBatch& rows, uint64_t first_seq) override {
    EXPECT_EQ(first_seq, next_expected_seq);
    for (size_t change_idx = 0; change_idx < rows.size(); ++change_idx) {
      const RowChange& change = rows.changes()[change_idx];
      lines.push_back(std::to_string(first_seq + change_idx) + " " + rows.schema().table_name + " " +
                      model::OpCode(change.op) + " " + ImageText(rows, change.before) + " " +
                      ImageText(rows, change.after));
      ++row_count;
    }
    next_expected_seq = first_seq + rows.size();
    return Status::OK();
  }
  Status OnDdl(const DdlStatement& ddl) override {
    EXPECT_EQ(ddl.seq, next_expected_seq);
    next_expected_seq = ddl.seq + 1;
    lines.push_back("ddl " + std::to_string(ddl.seq) + " " + ddl.database + " " + ddl.sql + " @" + Pos(ddl.position));
    ++ddl_count;
    return Status::OK();
  }
  Status OnTransactionEnd(const TransactionInfo& txn) override {
    EXPECT_EQ(next_expected_seq, txn.first_seq + txn.seq_count);
    lines.push_back("end");
    if (assembler != nullptr) {
      // The state is current here: a checkpoint taken now resumes right after this transaction.
      EXPECT_EQ(assembler->state().next_seq, txn.first_seq + txn.seq_count);
      EXPECT_EQ(Pos(assembler->state().position), Pos(txn.end));
      states.push_back(assembler->state());
      line_counts.push_back(lines.size());
    }
    return Status::OK();
  }
  Status OnIdle(const model::ResumePoint& position, int64_t source_time_us) override {
    idles.push_back(Pos(position) + " t=" + std::to_string(source_time_us));
    return Status::OK();
  }

  TransactionAssembler* assembler = nullptr;
  std::vector<std::string> lines;
  std::vector<std::string> idles;
  std::vector<CaptureState> states;  // at each OnTransactionEnd
  std::vector<size_t> line_counts;   // lines.size() at each OnTransactionEnd
  uint64_t next_expected_seq = 0;
  uint64_t transactions = 0;
  uint64_t row_count = 0;
  uint64_t ddl_count = 0;
  uint64_t max_disk_bytes = 0;
  uint64_t max_memory_bytes = 0;
};

// The test table: id INT (primary key), v VARCHAR.
model::TableSchemaPtr TableT(std::string name = "t") {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "d";
  schema->table_name = std::move(name);
  model::ColumnSchema id;
  id.name = "id";
  id.type = model::FieldType::kLong;
  id.kind = model::ValueKind::kInt64;
  id.in_primary_key = true;
  model::ColumnSchema v;
  v.name = "v";
  v.type = model::FieldType::kVarchar;
  v.kind = model::ValueKind::kString;
  schema->columns = {id, v};
  schema->primary_key = {0};
  return schema;
}

// Row changes of one rows event.
struct RowsSpec {
  model::TableSchemaPtr table = {};
  std::vector<std::tuple<ChangeOp, int64_t, std::string, int64_t, std::string>> changes = {};  // op, before, after

  RowsSpec& I(int64_t id, std::string v) {
    changes.emplace_back(ChangeOp::kInsert, 0, "", id, std::move(v));
    return *this;
  }
  RowsSpec& U(int64_t id, std::string v, int64_t new_id, std::string new_v) {
    changes.emplace_back(ChangeOp::kUpdate, id, std::move(v), new_id, std::move(new_v));
    return *this;
  }
  RowsSpec& D(int64_t id, std::string v) {
    changes.emplace_back(ChangeOp::kDelete, id, std::move(v), 0, "");
    return *this;
  }
};
RowsSpec Rows(model::TableSchemaPtr table) { return RowsSpec{std::move(table), {}}; }

// A synthetic binlog: events with their file, offset and header, built with small helpers, played
// into an assembler as the Decoder would hand them over. Offsets follow from the event sizes.
class Script {
 public:
  explicit Script(std::string file = "binlog.000001", uint64_t offset = 4) : file_(std::move(file)), offset_(offset) {}

  Script& Ts(uint32_t timestamp) {
    timestamp_ = timestamp;
    return *this;
  }
  Script& At(uint64_t offset) {
    offset_ = offset;
    return *this;
  }
  uint64_t offset() const { return offset_; }
  const std::string& file() const { return file_; }
  size_t size() const { return events_.size(); }

  Script& Fde(bool mariadb) { return Add(Ev{.type = 15, .size = 120, .text = mariadb ? "10.11.19-MariaDB" : "8.0.36"}); }
  Script& ArtificialFde() { return Add(Ev{.type = 15, .size = 120, .artificial = true, .text = "8.0.36"}); }
  Script& PreviousGtids(std::string set) { return Add(Ev{.type = 35, .size = 71, .text = std::move(set)}); }
  Script& GtidList(std::string list) { return Add(Ev{.type = 163, .size = 29, .text = std::move(list)}); }
  Script& Gtid(int64_t gno, uint64_t immediate_us = 0) {
    return Add(Ev{.type = 33, .size = 79, .number = static_cast<uint64_t>(gno), .number2 = immediate_us});
  }
  Script& Anonymous() { return Add(Ev{.type = 34, .size = 79}); }
  Script& Maria(uint32_t domain, uint64_t seq, uint8_t flags, std::string gtrid = {}, std::string bqual = {}) {
    return Add(Ev{.type = 162, .size = 42, .text = std::move(gtrid), .text2 = std::move(bqual), .number = seq,
                  .number2 = domain, .flags2 = flags});
  }
  Script& Query(std::string sql, std::string db = "d") {
    const auto size = static_cast<uint32_t>(70 + sql.size());
    return Add(Ev{.type = 2, .size = size, .text = std::move(sql), .text2 = std::move(db)});
  }
  Script& Begin() { return Query("BEGIN", ""); }
  Script& Xid() { return Add(Ev{.type = 16, .size = 31}); }
  Script& XaPrepare(std::string gtrid, std::string bqual = {}, int32_t format_id = 1, bool one_phase = false) {
    return Add(Ev{.type = 38, .size = 40, .text = std::move(gtrid), .text2 = std::move(bqual),
                  .number = static_cast<uint64_t>(format_id), .flags2 = static_cast<uint8_t>(one_phase)});
  }
  Script& Write(RowsSpec rows) { return Add(Ev{.type = 30, .size = 100, .rows = std::move(rows)}); }
  Script& Rotate(std::string next) {
    Add(Ev{.type = 4, .size = 47, .text = next, .number = 4});
    file_ = std::move(next);
    offset_ = 4;
    return *this;
  }
  Script& ArtificialRotate(std::string next, uint64_t position) {
    Add(Ev{.type = 4, .size = 47, .artificial = true, .text = next, .number = position});
    file_ = std::move(next);
    return *this;
  }
  Script& Heartbeat() { return Add(Ev{.type = 27, .size = 40, .heartbeat = true}); }

  // Index of the first event at `point` (file and offset), for a restart there.
  size_t IndexAt(const model::ResumePoint& point) const {
    for (size_t event_idx = 0; event_idx < events_.size(); ++event_idx) {
      const Ev& ev = events_[event_idx];
      if (!ev.artificial && ev.file == point.file && ev.offset >= point.offset) return event_idx;
    }
    return events_.size();
  }

  // Feeds events [from, to) the way the Decoder does (OnEvent, then OnRows for rows events).
  Status Play(TransactionAssembler& assembler, size_t from = 0, size_t to = SIZE_MAX) const {
    to = std::min(to, events_.size());
    std::string gtid_text;
    for (size_t event_idx = from; event_idx < to; ++event_idx) {
      const Ev& ev = events_[event_idx];
      binlog::DecodedEvent event;
      event.header.timestamp = ev.heartbeat || ev.artificial ? 0 : ev.timestamp;
      event.header.type_code = ev.type;
      event.header.server_id = 1;
      event.header.event_size = ev.size;
      event.header.log_pos = ev.artificial ? 0 : static_cast<uint32_t>(ev.offset + ev.size);
      event.header.flags = ev.artificial ? binlog::kEventFlagArtificial : 0;
      event.file = ev.file;
      event.offset = ev.artificial ? 0 : ev.offset;
      std::unique_ptr<ChangeBatch> batch;
      switch (ev.type) {
        case 15: {
          binlog::FormatDescription fde;
          fde.server_version = ev.text;
          event.body = fde;
          break;
        }
        case 35: {
          binlog::PreviousGtidsEvent previous;
          previous.gtids = model::MysqlGtidSet::Parse(ev.text).value();
          event.body = previous;
          break;
        }
        case 163: {
          binlog::MariaGtidListEvent list;
          const model::MariaGtidPosition listed = model::MariaGtidPosition::Parse(ev.text).value();
          for (const auto& [domain, gtid] : listed.domains()) list.gtids.push_back(gtid);
          event.body = list;
          break;
        }
        case 33: {
          binlog::GtidEvent gtid;
          gtid.sid = model::Uuid::Parse(kUuid).value();
          gtid.gno = static_cast<int64_t>(ev.number);
          gtid.immediate_commit_timestamp = ev.number2;
          gtid_text = gtid.ToGtidString();
          event.body = gtid;
          break;
        }
        case 34: {
          binlog::GtidEvent gtid;
          gtid.anonymous = true;
          gtid_text.clear();
          event.body = gtid;
          break;
        }
        case 162: {
          binlog::MariaGtidEvent gtid;
          gtid.seq_no = ev.number;
          gtid.domain_id = static_cast<uint32_t>(ev.number2);
          gtid.server_id = 1;
          gtid.flags2 = ev.flags2;
          gtid.xa_format_id = 1;
          gtid.xa_gtrid = ev.text;
          gtid.xa_bqual = ev.text2;
          gtid_text = gtid.gtid().ToString();
          event.body = gtid;
          break;
        }
        case 2: {
          binlog::QueryEvent query;
          query.query = ev.text;
          query.schema = ev.text2;
          event.body = query;
          break;
        }
        case 16:
          event.body = binlog::XidEvent{event_idx};
          break;
        case 38: {
          binlog::XaPrepareEvent prepare;
          prepare.one_phase = ev.flags2 != 0;
          prepare.format_id = static_cast<int32_t>(ev.number);
          prepare.gtrid = ev.text;
          prepare.bqual = ev.text2;
          event.body = prepare;
          break;
        }
        case 4:
          event.body = binlog::RotateEvent{ev.number, ev.text};
          break;
        case 27: {
          binlog::HeartbeatEvent heartbeat;
          heartbeat.log_file = ev.file;
          heartbeat.log_position = 999999;
          event.header.log_pos = 999999;  // a heartbeat's position is not adopted
          event.body = heartbeat;
          break;
        }
        case 30: {
          binlog::RowsEventHeader header;
          header.op = ChangeOp::kInsert;
          event.body = header;
          batch = std::make_unique<ChangeBatch>(ev.rows.table);
          model::ChangeOrigin origin;
          origin.position = {ev.file, ev.offset, gtid_text};
          origin.timestamp = ev.timestamp;
          origin.end_log_pos = ev.offset + ev.size;
          batch->AddOrigin(origin);
          auto image = [&](int64_t id, const std::string& v) {
            batch->column(0).AppendSlot(static_cast<uint64_t>(id));
            batch->column(1).AppendBytes(v);
            return batch->FinishImage();
          };
          for (const auto& [op, id, v, new_id, new_v] : ev.rows.changes) {
            RowChange change{op, RowChange::kNoImage, RowChange::kNoImage, 0};
            if (op != ChangeOp::kInsert) change.before = image(id, v);
            if (op != ChangeOp::kDelete) change.after = image(new_id, new_v);
            batch->AddChange(change);
          }
          break;
        }
        default:
          return Status::InvalidArgument("script", "unknown event type");
      }
      CDC_RETURN_IF_ERROR(assembler.OnEvent(event));
      if (batch != nullptr && assembler.WantsTable(*ev.rows.table)) CDC_RETURN_IF_ERROR(assembler.OnRows(event, *batch));
    }
    return Status::OK();
  }

 private:
  struct Ev {
    uint8_t type = 0;
    uint32_t size = 0;
    bool artificial = false;
    bool heartbeat = false;
    std::string text = {};
    std::string text2 = {};
    uint64_t number = 0;
    uint64_t number2 = 0;
    uint8_t flags2 = 0;
    RowsSpec rows = {};
    std::string file = {};
    uint64_t offset = 0;
    uint32_t timestamp = 0;
  };
  Script& Add(Ev ev) {
    ev.file = file_;
    ev.offset = offset_;
    ev.timestamp = timestamp_;
    if (!ev.artificial) offset_ += ev.size;
    events_.push_back(std::move(ev));
    return *this;
  }

  std::string file_;
  uint64_t offset_;
  uint32_t timestamp_ = 1700000000;
  std::vector<Ev> events_;
};

// One assembler over a script, with its recording sink.
struct Capture {
  explicit Capture(CaptureState start = {}, AssemblerOptions options = {}) : assembler(options, std::move(start), &sink) {
    sink.assembler = &assembler;
  }
  RecordingSink sink;
  TransactionAssembler assembler;
};

CaptureState StartAt(std::string file, uint64_t offset, std::string gtid, uint64_t next_seq = 1) {
  CaptureState state;
  state.position = {std::move(file), offset, std::move(gtid)};
  state.next_seq = next_seq;
  return state;
}

std::string Gtid(int64_t gno) { return std::string(kUuid) + ":" + std::to_string(gno); }
std::string GtidSet(int64_t last) { return std::string(kUuid) + ":1-" + std::to_string(last); }

TEST(TransactionAssemblerTest, MysqlCommitKindsDdlPositionsAndGtidSet) {
  auto t = TableT();
  Script s;
  s.Fde(false);
  const uint64_t t1 = s.offset();
  s.Gtid(11, 1700000000123456).Begin().Write(Rows(t).I(1, "a").I(2, "b")).Xid();
  const uint64_t t1_end = s.offset();
  s.Ts(1700000100).Gtid(12).Begin().Write(Rows(t).D(1, "a")).Query("COMMIT", "");
  const uint64_t t2_end = s.offset();
  s.Gtid(13);
  const uint64_t ddl_at = s.offset();
  s.Query("CREATE TABLE x (a INT)");
  const uint64_t ddl_end = s.offset();

  Capture run(StartAt("binlog.000001", 4, GtidSet(10), 100));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  const std::string f = "binlog.000001:";
  EXPECT_EQ(run.sink.lines,
            (std::vector<std::string>{
                "begin seq=100+2 begin=" + f + std::to_string(t1) + "[" + Gtid(11) + "] end=" + f +
                    std::to_string(t1_end) + "[" + GtidSet(11) + "] t=1700000000123456",
                "100 t I () (1,a)",
                "101 t I () (2,b)",
                "end",
                "begin seq=102+1 begin=" + f + std::to_string(t1_end) + "[" + Gtid(12) + "] end=" + f +
                    std::to_string(t2_end) + "[" + GtidSet(12) + "] t=1700000100000000",
                "102 t D (1,a) ()",
                "end",
                "begin seq=103+1 begin=" + f + std::to_string(t2_end) + "[" + Gtid(13) + "] end=" + f +
                    std::to_string(ddl_end) + "[" + GtidSet(13) + "] t=1700000100000000",
                "ddl 103 d CREATE TABLE x (a INT) @" + f + std::to_string(ddl_at) + "[" + Gtid(13) + "]",
                "end",
            }));
  EXPECT_EQ(Pos(run.assembler.state().position), f + std::to_string(ddl_end) + "[" + GtidSet(13) + "]");
  EXPECT_EQ(run.assembler.state().next_seq, 104u);
  EXPECT_TRUE(run.assembler.state().emitted_through.empty());
  EXPECT_FALSE(run.assembler.in_transaction());
  EXPECT_EQ(run.sink.idles.size(), 1u);  // the FDE
}

TEST(TransactionAssemblerTest, RollbackIsDroppedAndRollbackToSavepointDropsWhatFollowsTheSavepoint) {
  auto t = TableT();
  auto m = TableT("m");
  Script s;
  s.Anonymous().Begin().Write(Rows(t).I(1, "gone")).Write(Rows(m).I(1, "gone too")).Query("ROLLBACK", "");
  const uint64_t rollback_end = s.offset();
  // As MariaDB logs it (checked with 10.11): the rows between SAVEPOINT and ROLLBACK TO stay in the
  // binlog, and the replica undoes them.
  s.Anonymous().Begin().Write(Rows(t).I(4, "kept")).Query("SAVEPOINT `a`");
  s.Write(Rows(t).I(5, "undone")).Query("SAVEPOINT `B`").Write(Rows(t).I(6, "undone"));
  s.Query("ROLLBACK TO `a`").Write(Rows(t).I(7, "kept"));
  s.Query("ROLLBACK TO SAVEPOINT b");  // b went with the rollback to a: ignored
  s.Query("SAVEPOINT c").Write(Rows(t).I(8, "kept")).Query("RELEASE SAVEPOINT c");
  s.Query("ROLLBACK TO c");  // released: ignored
  s.Query("SAVEPOINT `a`").Write(Rows(t).I(9, "undone")).Query("ROLLBACK WORK TO SAVEPOINT `A`").Xid();
  const uint64_t end = s.offset();

  Capture run(StartAt("binlog.000001", 4, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(run.sink.transactions, 1u);
  EXPECT_EQ(std::vector<std::string>(run.sink.lines.begin() + 1, run.sink.lines.end()),
            (std::vector<std::string>{"1 t I () (4,kept)", "2 t I () (7,kept)", "3 t I () (8,kept)", "end"}));
  // The rollback moved the position on (an idle point) without using a seq.
  ASSERT_EQ(run.sink.idles.size(), 1u);
  EXPECT_EQ(run.sink.idles[0], "binlog.000001:" + std::to_string(rollback_end) + "[] t=1700000000000000");
  EXPECT_EQ(run.assembler.state().position.offset, end);
  EXPECT_EQ(run.assembler.state().next_seq, 4u);
}

TEST(TransactionAssemblerTest, MysqlXaHeldUntilXaCommitWhileOthersCommit) {
  auto t = TableT();
  Script s;
  const uint64_t x1_at = s.offset();
  s.Gtid(1).Query("XA START X'7831',X'',1").Write(Rows(t).I(10, "x1")).Query("XA END X'7831',X'',1").XaPrepare("x1");
  const uint64_t x1_prepared = s.offset();
  s.Gtid(2).Begin().Write(Rows(t).I(11, "t2")).Xid();
  const uint64_t t2_end = s.offset();
  s.Gtid(3).Query("XA COMMIT X'7831',X'',1");
  const uint64_t x1_end = s.offset();
  // x2 is rolled back after its prepare; x3 commits in one phase; x4 uses a quoted xid.
  s.Gtid(4).Query("XA START X'7832',X'6271',7").Write(Rows(t).I(12, "x2")).Query("XA END X'7832',X'6271',7");
  s.XaPrepare("x2", "bq", 7).Gtid(5).Query("XA ROLLBACK X'7832',X'6271',7");
  s.Gtid(6).Query("XA START X'7833',X'',1").Write(Rows(t).I(13, "x3")).Query("XA END X'7833',X'',1");
  s.XaPrepare("x3", "", 1, /*one_phase=*/true);
  s.Gtid(7).Query("XA START 'x4'").Write(Rows(t).I(14, "x4")).Query("XA END 'x4'").XaPrepare("x4");
  s.Gtid(8).Query("XA COMMIT 'x4'");

  Capture run(StartAt("binlog.000001", x1_at, ""));
  // Play up to the XA PREPARE: nothing is emitted, the position stays before x1.
  const size_t after_prepare = 5;
  ASSERT_TRUE(s.Play(run.assembler, 0, after_prepare).ok());
  EXPECT_TRUE(run.sink.lines.empty());
  EXPECT_EQ(run.assembler.state().position.offset, x1_at);
  EXPECT_EQ(run.assembler.state().emitted_through.offset, x1_prepared);
  EXPECT_FALSE(run.assembler.in_transaction());

  ASSERT_TRUE(s.Play(run.assembler, after_prepare).ok());
  const std::string f = "binlog.000001:";
  ASSERT_GE(run.sink.lines.size(), 8u);
  // t2 commits while x1 waits: its end (the resume point) is held at x1's start.
  EXPECT_EQ(run.sink.lines[0], "begin seq=1+1 begin=" + f + std::to_string(x1_prepared) + "[" + Gtid(2) + "] end=" + f +
                                   std::to_string(x1_at) + "[] t=1700000000000000");
  EXPECT_EQ(run.sink.states[0].emitted_through.offset, t2_end);
  // x1 arrives with its XA COMMIT, begins where it was prepared, and releases the position.
  EXPECT_EQ(run.sink.lines[3], "begin seq=2+1 begin=" + f + std::to_string(x1_at) + "[" + Gtid(1) + "] end=" + f +
                                   std::to_string(x1_end) + "[] t=1700000000000000");
  EXPECT_EQ(run.sink.lines[4], "2 t I () (10,x1)");
  EXPECT_TRUE(run.sink.states[1].emitted_through.empty());
  std::vector<std::string> rows;
  for (const std::string& line : run.sink.lines) {
    if (line.find(" t I ") != std::string::npos) rows.push_back(line);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"1 t I () (11,t2)", "2 t I () (10,x1)", "3 t I () (13,x3)",
                                            "4 t I () (14,x4)"}));
  EXPECT_EQ(run.assembler.state().next_seq, 5u);
  EXPECT_EQ(run.assembler.state().position.offset, s.offset());
  EXPECT_TRUE(run.assembler.state().emitted_through.empty());
  EXPECT_EQ(run.assembler.memory_bytes(), 0u);
}

TEST(TransactionAssemblerTest, MariaDbGtidFlagsXaAndPerDomainPosition) {
  using binlog::MariaGtidEvent;
  constexpr uint8_t kTrans = MariaGtidEvent::kFlagTransactional;
  constexpr uint8_t kStandalone = MariaGtidEvent::kFlagStandalone;
  auto t = TableT();
  Script s("binlog.000002");
  s.Fde(true);
  s.Maria(0, 11, kStandalone | MariaGtidEvent::kFlagDdl).Query("CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
  s.Maria(0, 12, kTrans).Write(Rows(t).I(1, "a")).Xid();
  s.Maria(1, 6, 0).Write(Rows(t).I(2, "myisam")).Query("COMMIT", "");
  const uint64_t x1_at = s.offset();
  s.Maria(0, 13, kTrans | MariaGtidEvent::kFlagPreparedXa, "x1").Write(Rows(t).I(3, "x1"));
  s.Query("XA END X'7831',X'',1").XaPrepare("x1");
  s.Maria(0, 14, kTrans).Write(Rows(t).I(4, "b")).Xid();
  s.Maria(0, 15, kStandalone | MariaGtidEvent::kFlagCompletedXa, "x1").Query("XA COMMIT X'7831',X'',1");
  s.Maria(0, 16, kTrans).Write(Rows(t).I(5, "rolled back")).Query("ROLLBACK", "");
  s.Maria(0, 17, kTrans | MariaGtidEvent::kFlagPreparedXa, "x2").Write(Rows(t).I(6, "x2"));
  s.Query("XA END X'7832',X'',1").XaPrepare("x2");
  s.Maria(0, 18, kStandalone | MariaGtidEvent::kFlagCompletedXa, "x2").Query("XA ROLLBACK X'7832',X'',1");

  Capture run(StartAt("binlog.000002", 4, "0-1-10,1-1-5"));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  std::vector<std::string> summary;
  for (const std::string& line : run.sink.lines) {
    if (line.rfind("begin", 0) == 0) {
      summary.push_back(line.substr(0, line.find(" t=")));
    } else if (line != "end") {
      summary.push_back(line.substr(0, line.find(" @")));
    }
  }
  const std::string f = "binlog.000002:";
  ASSERT_EQ(summary.size(), 10u);
  EXPECT_EQ(summary[1], "ddl 1 d CREATE TABLE t (id INT PRIMARY KEY, v TEXT)");
  EXPECT_NE(summary[2].find("[0-1-12] end="), std::string::npos) << summary[2];
  EXPECT_NE(summary[2].find("[0-1-12,1-1-5]"), std::string::npos) << summary[2];
  EXPECT_EQ(summary[3], "2 t I () (1,a)");
  EXPECT_NE(summary[4].find("[0-1-12,1-1-6]"), std::string::npos) << summary[4];
  EXPECT_EQ(summary[5], "3 t I () (2,myisam)");
  // t(0-1-14) commits while x1 waits: its end is x1's start, with the GTID state before x1.
  EXPECT_NE(summary[6].find("end=" + f + std::to_string(x1_at) + "[0-1-12,1-1-6]"), std::string::npos) << summary[6];
  EXPECT_EQ(summary[7], "4 t I () (4,b)");
  EXPECT_NE(summary[8].find("begin=" + f + std::to_string(x1_at) + "[0-1-13]"), std::string::npos) << summary[8];
  EXPECT_NE(summary[8].find("[0-1-15,1-1-6]"), std::string::npos) << summary[8];
  EXPECT_EQ(summary[9], "5 t I () (3,x1)");
  EXPECT_EQ(Pos(run.assembler.state().position), f + std::to_string(s.offset()) + "[0-1-18,1-1-6]");
  EXPECT_EQ(run.assembler.state().next_seq, 6u);
}

TEST(TransactionAssemblerTest, PrimaryKeyUpdateIsADeleteAndAnInsertWithTwoSeqs) {
  auto t = TableT();
  Script s;
  s.Anonymous().Begin().Write(Rows(t).U(1, "a", 1, "b").U(2, "c", 20, "c").I(3, "d")).Xid();
  Capture run;
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(std::vector<std::string>(run.sink.lines.begin() + 1, run.sink.lines.end()),
            (std::vector<std::string>{"1 t U (1,a) (1,b)", "2 t D (2,c) ()", "3 t I () (20,c)", "4 t I () (3,d)", "end"}));
  EXPECT_NE(run.sink.lines[0].find("seq=1+4"), std::string::npos);
}

TEST(TransactionAssemblerTest, DdlInsideATransactionKeepsItsPlace) {
  auto t = TableT();
  auto c = TableT("c");
  Script s;
  // MySQL 8.0.21+ CREATE TABLE ... SELECT, with and without BEGIN; MariaDB's form is the second one.
  s.Gtid(1).Query("CREATE TABLE c (id INT, v TEXT) START TRANSACTION").Write(Rows(c).I(1, "x")).Xid();
  s.Gtid(2).Begin().Query("/* app */ CREATE TABLE c2 (id INT)").Write(Rows(t).I(2, "y"));
  s.Query("INSERT INTO t VALUES (3, 'statement-based')").Xid();
  Capture run(StartAt("binlog.000001", 4, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  std::vector<std::string> summary;
  for (const std::string& line : run.sink.lines) summary.push_back(line.substr(0, line.find(" @")));
  ASSERT_EQ(summary.size(), 8u);
  EXPECT_NE(summary[0].find("seq=1+2"), std::string::npos);
  EXPECT_EQ(summary[1], "ddl 1 d CREATE TABLE c (id INT, v TEXT) START TRANSACTION");
  EXPECT_EQ(summary[2], "2 c I () (1,x)");
  EXPECT_NE(summary[4].find("seq=3+2"), std::string::npos);
  EXPECT_EQ(summary[5], "ddl 3 d /* app */ CREATE TABLE c2 (id INT)");
  EXPECT_EQ(summary[6], "4 t I () (2,y)");
}

// A script with several transactions, a DDL, a ROTATE and XA transactions around the others.
Script MixedScript(bool with_gtids) {
  auto t = TableT();
  auto u = TableT("u");
  Script s;
  s.Fde(false);
  if (with_gtids) s.PreviousGtids("");
  int64_t gno = 0;
  auto group = [&]() -> Script& { return with_gtids ? s.Gtid(++gno) : s.Anonymous(); };
  group().Begin().Write(Rows(t).I(1, "a").I(2, "b")).Xid();
  group().Query("XA START X'7831',X'',1").Write(Rows(u).I(1, "x1")).Query("XA END X'7831',X'',1").XaPrepare("x1");
  group().Begin().Write(Rows(t).U(1, "a", 100, "a")).Xid();
  s.Rotate("binlog.000002").Fde(false);
  if (with_gtids) s.PreviousGtids(GtidSet(gno));
  group().Query("ALTER TABLE t ADD c INT");
  group().Query("XA START X'7832',X'',1").Write(Rows(u).I(2, "x2")).Query("XA END X'7832',X'',1").XaPrepare("x2");
  group().Begin().Write(Rows(t).I(3, "c")).Write(Rows(u).I(3, "c")).Xid();
  group().Query("XA COMMIT X'7831',X'',1");
  group().Begin().Write(Rows(t).D(2, "b")).Xid();
  group().Query("XA COMMIT X'7832',X'',1");
  group().Begin().Write(Rows(t).I(4, "d")).Xid();
  return s;
}

// Restarting from the state at every transaction end gives the same transactions, seqs and
// positions as the uninterrupted run, also while XA transactions are held (then the restart reads
// them again from the held position and skips what it had already handed over).
void CheckRestartsEverywhere(const Script& s, const CaptureState& start) {
  Capture full(start);
  ASSERT_TRUE(s.Play(full.assembler).ok());
  ASSERT_FALSE(full.sink.states.empty());
  bool saw_held = false;
  for (size_t txn_idx = 0; txn_idx < full.sink.states.size(); ++txn_idx) {
    const CaptureState& state = full.sink.states[txn_idx];
    saw_held = saw_held || !state.emitted_through.empty();
    SCOPED_TRACE("restart after transaction " + std::to_string(txn_idx) + " at " + Pos(state.position) +
                 " emitted through " + Pos(state.emitted_through));
    Capture restarted(state);
    ASSERT_TRUE(s.Play(restarted.assembler, s.IndexAt(state.position)).ok());
    std::vector<std::string> expected(full.sink.lines.begin() + static_cast<ptrdiff_t>(full.sink.line_counts[txn_idx]),
                                      full.sink.lines.end());
    EXPECT_EQ(restarted.sink.lines, expected);
    EXPECT_EQ(Pos(restarted.assembler.state().position), Pos(full.assembler.state().position));
    EXPECT_EQ(restarted.assembler.state().next_seq, full.assembler.state().next_seq);
  }
  EXPECT_TRUE(saw_held);
}

TEST(TransactionAssemblerTest, RestartsContinueWithIdenticalSeqsUsingGtids) {
  CheckRestartsEverywhere(MixedScript(/*with_gtids=*/true), StartAt("binlog.000001", 4, "", 1000));
}

TEST(TransactionAssemblerTest, RestartsContinueWithIdenticalSeqsUsingFilePositions) {
  CheckRestartsEverywhere(MixedScript(/*with_gtids=*/false), StartAt("binlog.000001", 4, "", 1000));
}

TEST(TransactionAssemblerTest, MixedScriptGtidStateAcrossFiles) {
  Script s = MixedScript(true);
  Capture run(StartAt("binlog.000001", 4, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(Pos(run.assembler.state().position), "binlog.000002:" + std::to_string(s.offset()) + "[" + GtidSet(10) + "]");
  EXPECT_EQ(run.sink.row_count, 10u);  // 2 + 1 + 2 (key update) + 2 + 1 + 1 + 1
  EXPECT_EQ(run.sink.ddl_count, 1u);
}

TEST(TransactionAssemblerTest, SpillingGivesTheSameTransactions) {
  auto t = TableT();
  auto u = TableT("u");
  Script s;
  s.Anonymous().Begin();
  for (int event_idx = 0; event_idx < 40; ++event_idx) {
    RowsSpec rows = Rows(event_idx % 4 == 3 ? u : t);
    for (int row_idx = 0; row_idx < 10; ++row_idx) {
      const int64_t id = event_idx * 100 + row_idx;
      if (row_idx == 9) {
        rows.U(id - 1, "old", id + 50000, std::string(static_cast<size_t>(row_idx) * 30, 'n'));
      } else {
        rows.I(id, std::string(static_cast<size_t>(row_idx) * 30, 'v'));
      }
    }
    s.Write(std::move(rows));
  }
  s.Xid();
  s.Anonymous().Query("XA START X'01',X'',1").Write(Rows(t).I(7, std::string(5000, 'x'))).XaPrepare("\x01");
  s.Anonymous().Begin().Write(Rows(t).I(8, "y")).Xid();
  s.Anonymous().Query("XA COMMIT X'01',X'',1");

  Capture in_memory;
  ASSERT_TRUE(s.Play(in_memory.assembler).ok());
  AssemblerOptions tiny;
  tiny.memory_limit_bytes = 512;
  tiny.batch_rows = 7;
  Capture spilling({}, tiny);
  ASSERT_TRUE(s.Play(spilling.assembler).ok());

  EXPECT_EQ(in_memory.sink.max_disk_bytes, 0u);
  EXPECT_GT(spilling.sink.max_disk_bytes, 0u);
  // In memory: at most the limit, or one rows event when that is larger.
  EXPECT_GT(in_memory.sink.max_memory_bytes, 50000u);
  EXPECT_LE(spilling.sink.max_memory_bytes, 4096u);
  EXPECT_EQ(spilling.sink.lines, in_memory.sink.lines);
  EXPECT_EQ(in_memory.sink.row_count, 40u * 11 + 2);
  EXPECT_EQ(spilling.assembler.disk_bytes(), 0u);  // truncated after the commit
}

TEST(TransactionAssemblerTest, RotatePositionsAndTheArtificialRotateAtAStreamStart) {
  auto t = TableT();
  Script s("binlog.000001", 500);
  // A stream started at binlog.000001:500: the server's artificial ROTATE names position 4 and its
  // FDE carries no position; neither moves the start position back.
  s.ArtificialRotate("binlog.000001", 4).ArtificialFde();
  s.Anonymous().Begin().Write(Rows(t).I(1, "a")).Xid();
  const uint64_t end = s.offset();
  s.Rotate("binlog.000002").Fde(false);
  const uint64_t fde_end = s.offset();

  Capture run(StartAt("binlog.000001", 500, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(run.sink.idles, (std::vector<std::string>{"binlog.000001:500[] t=0", "binlog.000001:500[] t=0",
                                                      "binlog.000002:4[] t=1700000000000000",
                                                      "binlog.000002:" + std::to_string(fde_end) + "[] t=1700000000000000"}));
  EXPECT_NE(run.sink.lines[0].find("end=binlog.000001:" + std::to_string(end) + "[]"), std::string::npos);

  // Started from a GTID (no file known): the artificial ROTATE gives the file.
  Script g("binlog.000007", 4);
  g.ArtificialRotate("binlog.000007", 4);
  Capture from_gtid(StartAt("", 4, "0-1-5"));
  ASSERT_TRUE(g.Play(from_gtid.assembler).ok());
  EXPECT_EQ(from_gtid.sink.idles, (std::vector<std::string>{"binlog.000007:4[0-1-5] t=0"}));
}

TEST(TransactionAssemblerTest, AnArtificialRotateInsideATransactionDropsIt) {
  auto t = TableT();
  Script s("binlog.000001", 4);
  s.Anonymous().Begin().Write(Rows(t).I(1, "cut off"));
  s.ArtificialRotate("binlog.000001", 4);  // reconnected: the server sends the transaction again
  s.At(4).Anonymous().Begin().Write(Rows(t).I(1, "whole")).Xid();
  Capture run(StartAt("binlog.000001", 4, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(run.sink.row_count, 1u);
  EXPECT_EQ(run.sink.lines[1], "1 t I () (1,whole)");
}

TEST(TransactionAssemblerTest, HeartbeatsAreIdlePointsAtTheCurrentPosition) {
  auto t = TableT();
  Script s("binlog.000003", 1000);
  s.Ts(1700000500).Anonymous().Begin().Write(Rows(t).I(1, "a")).Xid();
  const uint64_t end = s.offset();
  s.Heartbeat();
  Capture run(StartAt("binlog.000003", 1000, ""));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  // Not the heartbeat's own position; the time is the last known source time.
  EXPECT_EQ(run.sink.idles,
            (std::vector<std::string>{"binlog.000003:" + std::to_string(end) + "[] t=1700000500000000"}));
}

TEST(TransactionAssemblerTest, TableFilterSkipsRowsButKeepsTheTransaction) {
  auto t = TableT();
  auto u = TableT("u");
  Script s;
  s.Anonymous().Begin().Write(Rows(t).I(1, "a")).Write(Rows(u).I(2, "b")).Xid();
  s.Anonymous().Begin().Write(Rows(u).I(3, "c")).Xid();
  Capture run;
  run.assembler.SetTableFilter([](const model::TableSchema& table) { return table.table_name == "t"; });
  ASSERT_TRUE(s.Play(run.assembler).ok());
  EXPECT_EQ(run.sink.row_count, 1u);
  EXPECT_EQ(run.sink.transactions, 2u);  // the second one is empty but still moves the position
  EXPECT_NE(run.sink.lines[3].find("seq=2+0"), std::string::npos);
}

TEST(TransactionAssemblerTest, ErrorsForRowsOutsideATransactionAndABadStartGtid) {
  auto t = TableT();
  Script s("binlog.000001", 300);
  s.Write(Rows(t).I(1, "a"));
  Capture run(StartAt("binlog.000001", 300, ""));
  Status status = s.Play(run.assembler);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("binlog.000001 @ 300"), std::string::npos) << status.ToString();

  Script fde;
  fde.Fde(false);
  Capture bad(StartAt("binlog.000001", 4, "not a gtid set:"));
  status = fde.Play(bad.assembler);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
}

TEST(TransactionAssemblerTest, XaCommitWithoutItsPrepareIsAnEmptyTransaction) {
  Script s;
  s.Gtid(5).Query("XA COMMIT X'aa',X'',1");
  Capture run(StartAt("binlog.000001", 4, GtidSet(4)));
  ASSERT_TRUE(s.Play(run.assembler).ok());
  ASSERT_EQ(run.sink.lines.size(), 2u);
  EXPECT_NE(run.sink.lines[0].find("seq=1+0"), std::string::npos);
  EXPECT_EQ(run.assembler.state().position.gtid, GtidSet(5));
}

// --- Recorded binlogs ------------------------------------------------------------------------

struct FileResult {
  Status status;
  std::unique_ptr<Capture> run;
};

FileResult ReadFile(const std::string& name, CaptureState start = {}, AssemblerOptions options = {},
                    uint64_t start_position = 0) {
  FileResult result;
  result.run = std::make_unique<Capture>(std::move(start), options);
  binlog::Decoder decoder;
  binlog::FileReaderOptions reader;
  reader.start_position = start_position;
  result.status = binlog::ReadBinlogFile(kBinlogDir + name, &decoder, &result.run->assembler, reader);
  return result;
}

TEST(TransactionAssemblerFilesTest, Mysql57ChecksumFileAndRestartsInside) {
  FileResult full = ReadFile("mysql/mysql-bin.checksum-crc32");
  ASSERT_TRUE(full.status.ok()) << full.status.ToString();
  const RecordingSink& sink = full.run->sink;
  EXPECT_EQ(sink.transactions, 60u);
  EXPECT_EQ(sink.row_count, 63u);  // 34 inserts, 23 updates, 6 deletes; no primary key known
  EXPECT_EQ(full.run->assembler.state().next_seq, 64u);
  // The file ends with a ROTATE: the position is the next file's start. PREVIOUS_GTIDS was empty.
  EXPECT_EQ(Pos(full.run->assembler.state().position), "mysql-bin.000002:4[]");

  for (size_t txn_idx = 0; txn_idx < sink.states.size(); txn_idx += 7) {
    const CaptureState& state = sink.states[txn_idx];
    SCOPED_TRACE("restart at " + Pos(state.position));
    FileResult tail = ReadFile("mysql/mysql-bin.checksum-crc32", state, {}, state.position.offset);
    ASSERT_TRUE(tail.status.ok()) << tail.status.ToString();
    EXPECT_EQ(tail.run->sink.lines, std::vector<std::string>(sink.lines.begin() + static_cast<ptrdiff_t>(sink.line_counts[txn_idx]),
                                                             sink.lines.end()));
  }
}

TEST(TransactionAssemblerFilesTest, Mysql57GtidsAndDdl) {
  FileResult result = ReadFile("mysql/mysql-bin.000080");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.run->sink.transactions, 10u);
  EXPECT_EQ(result.run->sink.ddl_count, 5u);
  EXPECT_EQ(result.run->sink.row_count, 7u);
  EXPECT_EQ(result.run->assembler.state().next_seq, 13u);
  EXPECT_EQ(Pos(result.run->assembler.state().position),
            "mysql-bin.000080:2454[58cf6502-63db-11ed-8079-0242ac110002:1-62]");
}

TEST(TransactionAssemblerFilesTest, Mysql8TransactionPayloadsEndAtThePayloadEnd) {
  FileResult result = ReadFile("mysql/mysql-bin.000057");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  const std::string set = "76f3e7be-6720-11ed-9cad-0242ac110002:1-";
  const std::vector<CaptureState>& states = result.run->sink.states;
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(Pos(states[0].position), "mysql-bin.000057:378[" + set + "11]");   // CREATE TABLE
  EXPECT_EQ(Pos(states[1].position), "mysql-bin.000057:651[" + set + "12]");   // TPE@457 + 194
  EXPECT_EQ(Pos(states[2].position), "mysql-bin.000057:1283[" + set + "13]");  // TPE@730 + 553
  EXPECT_EQ(result.run->sink.row_count, 3u);
  EXPECT_NE(result.run->sink.lines[3].find("begin=mysql-bin.000057:378[76f3e7be-6720-11ed-9cad-0242ac110002:12]"),
            std::string::npos)
      << result.run->sink.lines[3];
}

TEST(TransactionAssemblerFilesTest, MariaDbGtidListAndGtids) {
  FileResult result = ReadFile("mariadb/mariadb-bin.000001");
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_EQ(result.run->sink.transactions, 2u);
  EXPECT_EQ(result.run->sink.row_count, 2u);
  EXPECT_EQ(Pos(result.run->sink.states[0].position), "mariadb-bin.000001:702[0-1-1]");
  EXPECT_EQ(Pos(result.run->assembler.state().position), "mariadb-bin.000001:1074[0-1-2]");
}

// The Sakila load (MySQL 5.5, no GTIDs): 47273 rows in 16 transactions (one MyISAM, ending in
// COMMIT) and 37 DDL statements; with a tiny memory limit every big transaction spills, and the
// result must not change.
std::vector<uint8_t> Gunzip(const std::string& path) {
  std::vector<uint8_t> out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return out;
  uint8_t chunk[1 << 16];
  int got = 0;
  while ((got = gzread(file, chunk, sizeof(chunk))) > 0) out.insert(out.end(), chunk, chunk + got);
  gzclose(file);
  return out;
}

TEST(TransactionAssemblerFilesTest, SakilaSpillsWithTheSameResult) {
  const std::vector<uint8_t> bytes = Gunzip(kBinlogDir + "mysql/mysql-bin.sakila.gz");
  ASSERT_EQ(bytes.size(), 1445714u);
  auto read = [&](AssemblerOptions options) {
    auto run = std::make_unique<Capture>(CaptureState{}, options);
    binlog::Decoder decoder;
    Status status = binlog::ReadBinlogBytes(bytes, "sakila", "mysql-bin.000001", &decoder, &run->assembler);
    EXPECT_TRUE(status.ok()) << status.ToString();
    return run;
  };
  std::unique_ptr<Capture> in_memory = read({});
  AssemblerOptions tiny;
  tiny.memory_limit_bytes = 16 << 10;
  tiny.batch_rows = 1000;
  std::unique_ptr<Capture> spilling = read(tiny);

  EXPECT_EQ(in_memory->sink.row_count, 47273u);
  EXPECT_EQ(in_memory->sink.ddl_count, 37u);
  EXPECT_EQ(in_memory->sink.transactions, 53u);
  EXPECT_EQ(in_memory->assembler.state().next_seq, 47274u + 37);
  EXPECT_EQ(Pos(in_memory->assembler.state().position), "mysql-bin.000001:1445714[]");
  EXPECT_EQ(in_memory->sink.max_disk_bytes, 0u);
  EXPECT_GT(spilling->sink.max_disk_bytes, 1u << 20);
  EXPECT_TRUE(spilling->sink.lines == in_memory->sink.lines);
}

}  // namespace
}  // namespace cdc::capture
