#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "model/change_batch.h"
#include "model/source_position.h"

namespace cdc::capture {

// A committed transaction as it leaves the capture (ARCHITECTURE invariants 1 and 2).
struct TransactionInfo {
  model::SourcePosition begin;  // its first event: file, offset and GTID
  model::ResumePoint end;       // where to resume to continue right after it
  // Where the event that committed it (XID, COMMIT, XA COMMIT) ends. It is `end` except for an XA
  // transaction committed while another one is held (`end` then stays at the held one's start).
  model::SourcePosition commit_end;
  int64_t commit_time_us = 0;   // source commit time, µs since the epoch (MySQL immediate_commit_timestamp;
                                // else the commit event's header timestamp x 1e6)
  uint64_t first_seq = 0;       // seq of its first change
  uint64_t seq_count = 0;       // seq values it uses: its row changes plus its DDL statements
};

// A DDL statement, a transaction of its own. Its seq orders it among the row changes.
struct DdlStatement {
  std::string database;  // the QUERY event's default database (may be empty)
  std::string sql;
  uint64_t seq = 0;
  model::SourcePosition position;
};

// Receives committed transactions, in commit order, from the TransactionAssembler. A non-OK Status
// stops the capture and is returned from Decoder::Feed.
//
// A transaction arrives as OnTransactionBegin, then its row batches and DDL statements in stream
// order, then OnTransactionEnd. Nothing of a transaction arrives before its commit event, and a
// rolled-back transaction never arrives.
class CaptureSink {
 public:
  virtual ~CaptureSink() = default;
  virtual Status OnTransactionBegin(const TransactionInfo& txn) = 0;
  // Row changes of one table. Change i of rows.changes() has seq first_seq + i. A primary-key update
  // arrives as a D of the old row then an I of the new one (two seqs). `rows` is reused after the
  // call: copy what must be kept.
  virtual Status OnRows(const model::ChangeBatch& rows, uint64_t first_seq) = 0;
  virtual Status OnDdl(const DdlStatement& ddl) = 0;
  virtual Status OnTransactionEnd(const TransactionInfo& txn) = 0;
  // No transaction is open and the stream is at `position` (a heartbeat, or an event outside any
  // transaction): a chance to flush on time. `source_time_us` is the source's clock as far as known.
  virtual Status OnIdle(const model::ResumePoint& position, int64_t source_time_us) = 0;
};

}  // namespace cdc::capture
