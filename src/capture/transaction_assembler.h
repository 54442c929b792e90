#pragma once

#include <cstdint>
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
};

// Turns the decoder's event stream into committed transactions (ARCHITECTURE invariant 2):
// buffers each transaction's row changes (spilling past the memory limit), drops rollbacks and XA
// rollbacks, keeps XA-prepared transactions until their XA COMMIT, assigns seqs at commit, splits
// primary-key updates into D + I, and hands DDL statements over as their own transactions.
//
// Commit markers: XID; QUERY "COMMIT"; a QUERY DDL outside BEGIN (MySQL: after a GTID event;
// MariaDB: GTID event with FL_STANDALONE); XA COMMIT / XA ROLLBACK queries; MariaDB one-phase XA.
// Rollback markers: QUERY "ROLLBACK" (and ROLLBACK TO SAVEPOINT keeps the rest open).
//
// Not thread-safe. Use as the Decoder's EventSink.
class TransactionAssembler : public binlog::EventSink {
 public:
  TransactionAssembler(AssemblerOptions options, CaptureState start, CaptureSink* sink);
  ~TransactionAssembler() override;

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
  // Bytes of open-transaction row data in memory and on disk (CDCChangesMemorySource / DiskSource).
  uint64_t memory_bytes() const;
  uint64_t disk_bytes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::capture
