#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "binlog/decoder.h"
#include "capture/capture_sink.h"
#include "model/source_position.h"

namespace cdc::capture {

struct AssemblerOptions {
  // Row data held in memory per open transaction before it spills to a file in `spill_dir`.
  uint64_t memory_limit_bytes = 64ull << 20;
  std::string spill_dir = "/tmp";
  // Rows per ChangeBatch handed to CaptureSink::OnRows when a transaction is replayed.
  uint32_t batch_rows = 4096;
};

// The capture's state at a transaction boundary: where the stream stands and the next seq. A
// checkpoint stores it; a restart passes it back to continue with identical seqs.
struct CaptureState {
  model::ResumePoint position;
  uint64_t next_seq = 1;
  // Empty unless `position` is held back at an XA-prepared transaction still waiting for its XA
  // COMMIT (see TransactionAssembler): then it is how far transactions were handed to the sink, and a
  // restart from `position` hands over again only what ends after it. A checkpoint stores it too.
  model::ResumePoint emitted_through;
};

// Turns the decoder's event stream into committed transactions (ARCHITECTURE invariant 2):
// buffers each transaction's row changes (spilling past the memory limit), drops rollbacks and XA
// rollbacks, keeps XA-prepared transactions until their XA COMMIT, assigns seqs at commit, splits
// primary-key updates into D + I, and hands DDL statements over as their own transactions.
//
// Commit markers: XID; QUERY "COMMIT"; a QUERY DDL outside BEGIN (MySQL: after a GTID event;
// MariaDB: GTID event with FL_STANDALONE); XA COMMIT / XA ROLLBACK queries; MariaDB one-phase XA.
// Rollback markers: QUERY "ROLLBACK". ROLLBACK TO [SAVEPOINT] drops the changes buffered since that
// SAVEPOINT and keeps the transaction open: the servers log it (with the row events it undoes before
// it) when the transaction also touched a non-transactional table.
//
// Event sequences (as the servers write them; MariaDB's checked against 10.11):
//   MySQL    GTID|ANONYMOUS_GTID, QUERY BEGIN, rows..., XID | QUERY COMMIT   (also inside a
//            TRANSACTION_PAYLOAD); DDL: GTID, QUERY <ddl>; CREATE TABLE ... SELECT (8.0.21+): GTID,
//            [BEGIN,] QUERY "CREATE TABLE ... START TRANSACTION", rows, XID.
//            XA: GTID, QUERY "XA START X'..',X'..',n", rows, QUERY "XA END ...", XA_PREPARE; later
//            (after any other transactions) GTID, QUERY "XA COMMIT|XA ROLLBACK X'..',X'..',n".
//            XA COMMIT ... ONE PHASE: the same with XA_PREPARE(one_phase) as the commit.
//   MariaDB  GTID (BEGIN implied unless FL_STANDALONE), rows, XID | QUERY COMMIT; DDL: standalone
//            GTID, QUERY <ddl>; CREATE TABLE ... SELECT: GTID, QUERY CREATE, rows, XID.
//            XA: GTID(FL_PREPARED_XA), rows, QUERY "XA END ...", XA_PREPARE; later standalone
//            GTID(FL_COMPLETED_XA), QUERY "XA COMMIT|XA ROLLBACK ..."; ONE PHASE is logged as a
//            plain transaction.
// A QUERY inside a transaction that is not a control statement counts as DDL when it starts with
// CREATE, ALTER, DROP, RENAME or TRUNCATE (it is handed over in stream order inside the
// transaction); other statements there (statement-based DML) carry no row changes and are skipped.
// Every QUERY outside a transaction that is not a control statement is a DDL statement.
//
// Handed to the sink: every committed transaction, also one without captured changes (seq_count 0:
// its tables were filtered out, or it held only statements); a DDL statement outside a transaction
// right when its QUERY event arrives. OnIdle follows the events between transactions (FDE, ROTATE,
// PREVIOUS_GTIDS, GTID_LIST, heartbeats, ...), rollbacks and XA prepares, with state().position.
//
// Positions: TransactionInfo::end and state().position are where the next transaction starts
// (file and the commit event's end; GTID state after it: MySQL the executed set, MariaDB one GTID
// per domain). The GTID state is only reported once it is complete: the start state had one, or a
// PREVIOUS_GTIDS / GTID_LIST event at the start of a file gave it; otherwise it stays empty. A
// ROTATE moves the position to the next file (an artificial ROTATE at a stream start never moves
// it back within the same file).
//
// XA and restarts: an XA-prepared transaction is held (spilled past the memory limit) until its XA
// COMMIT, possibly much later. While one is held, state().position stays at the start of the
// earliest held one, so that a restart reads its rows again; CaptureState::emitted_through then
// says how far transactions were already handed over, and a restart skips (without seqs) every
// transaction that ends at or before it -- by GTID when both sides have one, else by file and
// offset. An XA COMMIT of a transaction prepared before the capture started finds no rows: it is
// logged and handed over as an empty transaction. After a lost connection, build a new Decoder and
// a new assembler from state() (an artificial ROTATE in the middle of an open transaction drops it).
//
// Not thread-safe. Use as the Decoder's EventSink.
class TransactionAssembler : public binlog::EventSink {
 public:
  TransactionAssembler(AssemblerOptions options, CaptureState start, CaptureSink* sink);
  ~TransactionAssembler() override;

  // Errors: the sink's; Corruption for a rows event outside a transaction (the stream did not start
  // at a transaction boundary) or an XA statement whose id cannot be read; InvalidArgument when the
  // start state's GTID text is malformed; IOError when a transaction cannot be spilled or read back.
  Status OnEvent(const binlog::DecodedEvent& event) override;
  Status OnRows(const binlog::DecodedEvent& event, const model::ChangeBatch& rows) override;
  bool WantsTable(const model::TableSchema& table) override;

  // Which tables to capture (default: all). Called once per rows event, before its rows are decoded.
  void SetTableFilter(std::function<bool(const model::TableSchema&)> filter);

  // The state after the last transaction handed to the sink; already updated when the sink's
  // OnTransactionEnd runs, so the sink may checkpoint it there. Its position never passes an open
  // XA-prepared transaction whose rows are not yet emitted (a restart there must see them again).
  const CaptureState& state() const;
  // True while a transaction is open (between its first event and its commit).
  bool in_transaction() const;
  // Bytes of open-transaction row data in memory and on disk (CDCChangesMemorySource / DiskSource),
  // XA-prepared transactions held for their XA COMMIT included.
  uint64_t memory_bytes() const;
  uint64_t disk_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::capture
