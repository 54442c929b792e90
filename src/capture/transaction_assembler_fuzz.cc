// libFuzzer target for the TransactionAssembler: arbitrary sequences of decoded events -- GTID events
// of both servers with any flags, QUERY events with control statements (BEGIN, COMMIT, ROLLBACK,
// savepoints, XA with well-formed and broken ids) or raw text, XID, XA_PREPARE, rows of two tables,
// ROTATE (real and artificial), FDE, heartbeats, PREVIOUS_GTIDS, GTID_LIST, transaction payloads --
// with a memory limit small enough that transactions spill. Besides "no crash" (ASan/UBSan), the sink
// checks what must hold for any input: seqs run without gaps, a transaction's contents fit its
// announced seq count, and the state's next_seq matches what was handed over.
//
// Input: byte 0 selects the start state (none, MySQL GTID set, MariaDB GTID position, with or without
// emitted_through); then records, each an op byte followed by the op's argument bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "capture/transaction_assembler.h"

namespace {

using cdc::Status;
using cdc::capture::CaptureState;
using cdc::model::ChangeBatch;
using cdc::model::ChangeOp;
using cdc::model::RowChange;

class Input {
 public:
  Input(const uint8_t* data, size_t size) : p_(data), end_(data + size) {}
  bool empty() const { return p_ == end_; }
  uint8_t Byte() { return p_ == end_ ? 0 : *p_++; }
  std::string Text(size_t max) {
    size_t size = Byte() % (max + 1);
    size = std::min<size_t>(size, static_cast<size_t>(end_ - p_));
    std::string out(reinterpret_cast<const char*>(p_), size);
    p_ += size;
    return out;
  }

 private:
  const uint8_t* p_;
  const uint8_t* end_;
};

class CheckingSink : public cdc::capture::CaptureSink {
 public:
  Status OnTransactionBegin(const cdc::capture::TransactionInfo& txn) override {
    if (in_transaction_ || txn.first_seq != expected_next_) std::abort();
    in_transaction_ = true;
    seq_ = txn.first_seq;
    return Status::OK();
  }
  Status OnRows(const ChangeBatch& rows, uint64_t first_seq) override {
    if (!in_transaction_ || first_seq != seq_ || rows.empty()) std::abort();
    seq_ += rows.size();
    return Status::OK();
  }
  Status OnDdl(const cdc::capture::DdlStatement& ddl) override {
    if (!in_transaction_ || ddl.seq != seq_) std::abort();
    ++seq_;
    return Status::OK();
  }
  Status OnTransactionEnd(const cdc::capture::TransactionInfo& txn) override {
    if (!in_transaction_ || seq_ != txn.first_seq + txn.seq_count) std::abort();
    if (assembler_->state().next_seq != seq_) std::abort();
    in_transaction_ = false;
    expected_next_ = seq_;
    return Status::OK();
  }
  Status OnIdle(const cdc::model::ResumePoint&, int64_t) override {
    if (in_transaction_) std::abort();
    return Status::OK();
  }

  cdc::capture::TransactionAssembler* assembler_ = nullptr;
  uint64_t expected_next_ = 1;

 private:
  bool in_transaction_ = false;
  uint64_t seq_ = 0;
};

cdc::model::TableSchemaPtr MakeTable(const char* name, bool keyed) {
  auto schema = std::make_shared<cdc::model::TableSchema>();
  schema->schema_name = "d";
  schema->table_name = name;
  cdc::model::ColumnSchema id;
  id.name = "id";
  id.kind = cdc::model::ValueKind::kInt64;
  cdc::model::ColumnSchema v;
  v.name = "v";
  v.kind = cdc::model::ValueKind::kBinary;
  schema->columns = {id, v};
  if (keyed) schema->primary_key = {0};
  return schema;
}

const char* const kQueries[] = {
    "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT `a`", "SAVEPOINT b", "ROLLBACK TO `a`", "ROLLBACK TO SAVEPOINT b",
    "RELEASE SAVEPOINT a", "XA START X'7831',X'',1", "XA END X'7831',X'',1", "XA PREPARE X'7831',X'',1",
    "XA COMMIT X'7831',X'',1", "XA ROLLBACK X'7831',X'',1", "XA COMMIT X'7832',X'',1 ONE PHASE",
    "XA COMMIT 'x1'", "XA COMMIT X'7", "XA ROLLBACK 'unterminated", "XA COMMIT ,", "CREATE TABLE t (a INT)",
    "CREATE TABLE c SELECT 1 START TRANSACTION", "ALTER TABLE t ADD b INT", "/* c */ DROP TABLE t",
    "INSERT INTO t VALUES (1)", "START TRANSACTION", "/*!40000 ALTER TABLE t DISABLE KEYS */", "-- x\nCOMMIT",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  CaptureState start;
  const uint8_t mode = in.Byte();
  start.position.file = "binlog.000001";
  start.next_seq = 1 + (mode >> 4);
  switch (mode & 3) {
    case 1: start.position.gtid = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"; break;
    case 2: start.position.gtid = "0-1-5,1-1-3"; break;
    default: break;
  }
  if ((mode & 4) != 0) start.emitted_through = {"binlog.000002", 700, (mode & 3) == 2 ? "0-1-9" : ""};

  CheckingSink sink;
  sink.expected_next_ = start.next_seq;
  cdc::capture::AssemblerOptions options;
  options.memory_limit_bytes = 256;
  options.batch_rows = 3;
  options.spill_dir = "/tmp";
  cdc::capture::TransactionAssembler assembler(options, start, &sink);
  sink.assembler_ = &assembler;

  const cdc::model::TableSchemaPtr tables[] = {MakeTable("a", true), MakeTable("b", false)};
  std::string file = "binlog.000001";
  uint64_t offset = 4;
  while (!in.empty()) {
    const uint8_t op = in.Byte();
    cdc::binlog::DecodedEvent event;
    event.header.timestamp = 1700000000 + in.Byte();
    event.header.event_size = 20 + in.Byte();
    const bool artificial = (op & 0x80) != 0;
    event.header.log_pos = artificial ? 0 : static_cast<uint32_t>(offset + event.header.event_size);
    event.header.flags = artificial ? cdc::binlog::kEventFlagArtificial : 0;
    event.inner = (op & 0x40) != 0;
    event.file = file;
    event.offset = artificial ? 0 : offset;
    if (!artificial) offset += event.header.event_size;
    std::string text;
    std::string text2;
    std::unique_ptr<ChangeBatch> batch;
    switch (op & 0x0f) {
      case 0: {
        cdc::binlog::GtidEvent gtid;
        gtid.anonymous = (in.Byte() & 1) != 0;
        gtid.sid.bytes[0] = in.Byte() & 1;
        gtid.gno = 1 + in.Byte();
        gtid.immediate_commit_timestamp = in.Byte();
        event.body = gtid;
        break;
      }
      case 1: {
        cdc::binlog::MariaGtidEvent gtid;
        gtid.domain_id = in.Byte() & 1;
        gtid.server_id = 1;
        gtid.seq_no = in.Byte();
        gtid.flags2 = in.Byte();
        text = in.Text(3);
        gtid.xa_gtrid = text;
        event.body = gtid;
        break;
      }
      case 2: {
        cdc::binlog::QueryEvent query;
        text = kQueries[in.Byte() % (sizeof(kQueries) / sizeof(kQueries[0]))];
        query.query = text;
        event.body = query;
        break;
      }
      case 3: {
        cdc::binlog::QueryEvent query;
        text = in.Text(40);
        query.query = text;
        event.body = query;
        break;
      }
      case 4:
        event.body = cdc::binlog::XidEvent{in.Byte()};
        break;
      case 5: {
        cdc::binlog::XaPrepareEvent prepare;
        prepare.one_phase = (in.Byte() & 1) != 0;
        prepare.format_id = 1;
        text = in.Text(3);
        prepare.gtrid = text;
        event.body = prepare;
        break;
      }
      case 6: {
        const uint8_t spec = in.Byte();
        const cdc::model::TableSchemaPtr& table = tables[spec & 1];
        event.body = cdc::binlog::RowsEventHeader{};
        batch = std::make_unique<ChangeBatch>(table);
        batch->AddOrigin(cdc::model::ChangeOrigin{{file, offset, ""}, 0, 0});
        const int rows = spec >> 5;
        for (int row_idx = 0; row_idx < rows; ++row_idx) {
          const uint8_t row = in.Byte();
          auto image = [&](uint64_t id) {
            batch->column(0).AppendSlot(id);
            if ((row & 8) != 0) {
              batch->column(1).AppendNull();
            } else {
              batch->column(1).AppendBytes(std::string(row & 0x30, 'v'));
            }
            return batch->FinishImage();
          };
          RowChange change{static_cast<ChangeOp>(row % 3), RowChange::kNoImage, RowChange::kNoImage, 0};
          if (change.op != ChangeOp::kInsert) change.before = image(row >> 6);
          if (change.op != ChangeOp::kDelete) change.after = image((row >> 6) ^ (row & 1));
          batch->AddChange(change);
        }
        break;
      }
      case 7: {
        text = (in.Byte() & 1) != 0 ? "binlog.000002" : "binlog.000001";
        event.body = cdc::binlog::RotateEvent{in.Byte(), text};
        break;
      }
      case 8: {
        cdc::binlog::FormatDescription fde;
        fde.server_version = (in.Byte() & 1) != 0 ? "10.11.6-MariaDB" : "8.0.36";
        event.body = fde;
        break;
      }
      case 9:
        event.body = cdc::binlog::HeartbeatEvent{};
        break;
      case 10: {
        cdc::binlog::PreviousGtidsEvent previous;
        (void)previous.gtids.AddInterval(cdc::model::Uuid{}, "", 1, 1 + in.Byte());
        event.body = previous;
        break;
      }
      case 11: {
        cdc::binlog::MariaGtidListEvent list;
        list.gtids.push_back({in.Byte() & 1u, 1, in.Byte()});
        event.body = list;
        break;
      }
      case 12:
        event.body = cdc::binlog::TransactionPayloadEvent{};
        break;
      default:
        event.body = cdc::binlog::IntvarEvent{};
        break;
    }
    Status status = assembler.OnEvent(event);
    if (status.ok() && batch != nullptr && assembler.WantsTable(batch->schema())) {
      status = assembler.OnRows(event, *batch);
    }
    if (!status.ok()) break;  // an error stops the capture: nothing more to check
    if (const auto* rotate = std::get_if<cdc::binlog::RotateEvent>(&event.body)) {
      file = std::string(rotate->next_file);
      if (!artificial) offset = 4;
    }
  }
  return 0;
}
