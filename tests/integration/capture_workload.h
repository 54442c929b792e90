#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <string>
#include <vector>

#include "base/status.h"
#include "harness/mariadb_client.h"
#include "harness/mariadb_sandbox.h"

namespace cdc::harness {

// The random workload of the capture tests (issue 4): seeded and reproducible -- the same seed gives the same
// statements in the same order, so a failure can be replayed with LAKEFEED_WORKLOAD_SEED=<seed>.
//
// Tables of varied types and keys: INT UNSIGNED, BIGINT UNSIGNED near 2^64, a three-column composite key
// (CHAR, INT, signed SMALLINT) and a utf8mb4 VARCHAR key; columns of DECIMAL, DATETIME(6), TIMESTAMP(3),
// DATE, TIME(2), DOUBLE, BIT, TINYINT, JSON, BLOB/VARBINARY, ENUM, SET, latin1 and utf8mb4 text with NULLs,
// empty strings, quotes, delimiters, newlines and 4-byte characters.
//
// Steps: autocommit INSERT (one or several rows), UPDATE (one or several rows), DELETE, primary-key UPDATE;
// multi-table transactions; explicit ROLLBACKs and ROLLBACK TO SAVEPOINT (which must leave no trace); bulk
// INSERTs spanning several rows events; and, with `ddl`, DDL between transactions: ADD / DROP / RENAME
// COLUMN, RENAME TABLE (unless `table_renames` is off), TRUNCATE, CREATE TABLE and DROP TABLE; with `rotate`,
// FLUSH BINARY LOGS now and then.
//
// The generator keeps a model of the live keys of every table so that UPDATE and DELETE hit existing rows
// and INSERT never collides; a statement the server rejects is an error (the model would be wrong).
//
// Not thread-safe: one object per connection; Run may be called repeatedly to continue the stream.
class CaptureWorkload {
 public:
  struct Options {
    std::string database = "wl";
    bool ddl = true;
    // With `ddl`: RENAME TABLE among the DDL. Off for the merge tests: a renamed table's change files go to a
    // new lake folder, which the merge makes a new Iceberg table holding only the changes after the rename
    // (docs/merge.md "Known gaps"), so that table cannot equal SELECT. The other DDL stays.
    bool table_renames = true;
    bool rotate = true;
    int initial_tables = 4;  // one of each key kind, then random
    int bulk_rows = 300;     // rows of a bulk INSERT
  };

  struct Counts {
    uint64_t steps = 0;
    uint64_t transactions = 0;  // committed transactions with DML
    uint64_t rollbacks = 0;     // rolled-back transactions (and savepoints)
    uint64_t inserts = 0;       // rows, as issued
    uint64_t updates = 0;
    uint64_t deletes = 0;
    uint64_t key_updates = 0;
    uint64_t ddls = 0;
  };

  CaptureWorkload(uint64_t seed, Options options);
  ~CaptureWorkload();
  CaptureWorkload(const CaptureWorkload&) = delete;
  CaptureWorkload& operator=(const CaptureWorkload&) = delete;

  // Creates the database and the initial tables (with a few rows each). The error names the statement.
  Status Setup(MariaDbClient& client);
  // Runs `steps` random steps, or until `stop` becomes true. The error names the statement and the seed.
  Status Run(MariaDbClient& client, int steps, const std::atomic<bool>* stop = nullptr);

  // Turns Options::ddl on or off for the steps from now on (e.g. no DDL while a full load reads the tables).
  void set_ddl(bool ddl);

  uint64_t seed() const;
  const Counts& counts() const;
  // The last statements run (up to 200), for failure messages.
  std::string RecentStatements() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A workload on its own connection in a background thread, a few statements at a time with a short pause so
// that the capture keeps up on two cores. Stop() joins and returns the first error; Start() may be called
// again to continue the same stream (e.g. after a server restart, on a new connection).
class BackgroundWorkload {
 public:
  // Runs a few statements; called over and over until Stop.
  using Step = std::function<Status(MariaDbClient& client, const std::atomic<bool>* stop)>;

  // A CaptureWorkload, three steps at a time (Setup first).
  BackgroundWorkload(uint64_t seed, CaptureWorkload::Options options);
  // Any statements, e.g. on tables CaptureWorkload does not know.
  explicit BackgroundWorkload(Step step);
  ~BackgroundWorkload();
  BackgroundWorkload(const BackgroundWorkload&) = delete;
  BackgroundWorkload& operator=(const BackgroundWorkload&) = delete;

  // CaptureWorkload::Setup on a connection of its own.
  Status Setup(MariaDbSandbox& db);
  Status Start(MariaDbSandbox& db);
  Status Stop();

  // The CaptureWorkload (only for the first constructor). Change it only while stopped.
  const CaptureWorkload& workload() const { return *workload_; }
  CaptureWorkload& workload() { return *workload_; }

 private:
  std::unique_ptr<CaptureWorkload> workload_;
  Step step_;
  std::unique_ptr<MariaDbClient> client_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  Status error_;
};

// The workload seed: $LAKEFEED_WORKLOAD_SEED when set, else a fresh random one.
uint64_t WorkloadSeed();
// WorkloadSeed(), printed to stdout (with how to replay it) and recorded as the test's "workload_seed"
// property.
uint64_t PrintWorkloadSeed();

}  // namespace cdc::harness
