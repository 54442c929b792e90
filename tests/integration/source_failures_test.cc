// When the source fails, lakefeed loses nothing and says what happened (issue 9). Each test ends with the
// capture oracle (capture_check.h): the lake's files replayed by seq equal SELECT on the source.
//
//  - ServerRestartsMidStream: `lakefeed run` under writes; the server is shut down cleanly, killed with SIGKILL
//    (crash recovery at the next start) and shut down cleanly again, each time started again on the same
//    datadir and port. The run must stay up, log "reconnecting", catch up by itself and stop cleanly.
//  - ServerDownAtStartAndAtStop: `lakefeed run` started while the server is down waits for it (logging "source
//    unreachable; retrying") and then loads and streams; SIGTERM while the server is down -- mid-stream, and
//    while a new run still waits for it -- stops the run cleanly (exit 0), and a later run resumes.
//  - ServerRestartsMidSnapshot: `start: full-load-and-cdc` of a 200,000-row table in 2,000-row chunks, under
//    writes to that table; the server is restarted cleanly and then killed and started again while the table
//    is being loaded. The load resumes in the same run and the lake equals SELECT.
//  - NetworkDrops: lakefeed reaches the server through a loopback TCP proxy (harness/tcp_proxy.h) that resets
//    every connection three times mid-stream, once also refusing new connections for a second.
//  - NetworkGoesSilent: the same proxy silences every connection of the run (no byte passes, no FIN, no
//    RST); the run must notice by its read timeout, reconnect and lose nothing.
//  - SameServerId: two tasks with one source.server_id. The server drops the older one's binlog dump (MariaDB
//    error 4052); that task must stop with an error naming source.server_id and its value, not reconnect and
//    drop the other in turn; the other keeps streaming.
//  - BinlogPurgedPastPosition: sync, then writes, FLUSH and PURGE BINARY LOGS past the lake's checkpoint, then
//    `lakefeed run`: it must exit non-zero at once, naming the missing binlog file and what to do.
//
// The servers of the restart tests are private (the tests restart and kill them) and keep InnoDB's log in
// step with the binlog on every commit (--innodb-flush-log-at-trx-commit=2): after a SIGKILL the server then
// has every transaction its binlog has, as a production server would. The other tests share one server.
//
// The workload seed is printed; LAKEFEED_WORKLOAD_SEED=<seed> replays the same statements (the moments of the
// failures depend on timing).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "capture_check.h"
#include "capture_workload.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"
#include "harness/tcp_proxy.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

size_t CountOf(const std::string& text, const std::string& part) {
  size_t count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++count;
  return count;
}

// The "lakefeed: error: ..." line of a run's output ("" when none).
std::string ErrorLine(const std::string& output) {
  size_t at = output.rfind("lakefeed: error:");
  if (at == std::string::npos) return "";
  size_t end = output.find('\n', at);
  return output.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::string LogOf(const LakefeedTask& task) {
  Result<std::string> text = ReadFile(task.log_path());
  return text.ok() ? *text : "";
}

// LOAD files in a table's lake folder.
size_t LoadFiles(const LakefeedTask& task, const std::string& folder) {
  namespace fs = std::filesystem;
  size_t count = 0;
  std::error_code error;
  for (fs::directory_iterator it(task.lake_dir() + "/" + folder, error); !error && it != fs::directory_iterator();
       it.increment(error)) {
    if (it->path().filename().string().rfind("LOAD", 0) == 0) ++count;
  }
  return count;
}

// Waits (up to `timeout`) until the run's log has more than `before` "reconnecting" lines.
::testing::AssertionResult LogsReconnecting(const LakefeedTask& task, Subprocess& run, size_t before,
                                            std::chrono::milliseconds timeout = seconds(30)) {
  const auto deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (CountOf(LogOf(task), "reconnecting") > before) return ::testing::AssertionSuccess();
    if (!run.Running()) return ::testing::AssertionFailure() << Exited(run, task);
    std::this_thread::sleep_for(milliseconds(50));
  }
  return ::testing::AssertionFailure() << "no new \"reconnecting\" in the log within the timeout; log:\n"
                                       << TailOfFile(task.log_path(), 4000);
}

// The end of every capture test here: the run caught up by itself, stops cleanly, a sync finds the end, and
// the lake equals SELECT of `databases`.
::testing::AssertionResult EndsEqualToSource(MariaDbSandbox& db, LakefeedTask& task, Subprocess& run,
                                             const std::vector<std::string>& databases) {
  ::testing::AssertionResult caught_up = RunCatchesUp(db, databases.front(), task, run);
  if (!caught_up) return caught_up;
  ::testing::AssertionResult stopped = StopsCleanly(run, task);
  if (!stopped) return stopped;
  Result<CommandResult> sync = task.Run("sync");
  if (!sync.ok()) return ::testing::AssertionFailure() << sync.status().ToString();
  if (sync->exit_code != 0) return ::testing::AssertionFailure() << "lakefeed sync: " << DescribeRun(*sync, task);
  return LakeMatchesSource(task, db, databases);
}

// A server of its own that a test may restart and kill (see the header comment).
std::unique_ptr<MariaDbSandbox> StartPrivateServer() {
  MariaDbSandbox::Options options;
  options.variant = MariaDbSandbox::Variant::kMinimalMetadata;
  options.extra_args = {"--innodb-flush-log-at-trx-commit=2"};
  Result<std::unique_ptr<MariaDbSandbox>> server = MariaDbSandbox::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << server.status().ToString();
    return nullptr;
  }
  return std::move(server).value();
}

// Writes that outlive the server going away: upserts, updates of a few rows, deletes and small transactions on
// `table` (id INT PRIMARY KEY, v BIGINT, s VARCHAR(64), d DATETIME(6)), keys below `key_space`. A statement that
// fails (the server went away mid-statement, or is down) is dropped with its connection, which is opened again
// when the server is back; whether the server kept it is what SELECT shows, which is all the oracle needs.
class ResilientWrites {
 public:
  ResilientWrites(MariaDbSandbox* db, std::string table, uint32_t key_space, uint64_t seed)
      : db_(db), table_(std::move(table)), key_space_(key_space), rng_(seed) {}

  static std::string CreateTable(const std::string& table) {
    return "CREATE TABLE " + table +
           " (id INT PRIMARY KEY, v BIGINT NOT NULL, s VARCHAR(64), d DATETIME(6) NOT NULL)";
  }

  BackgroundWorkload::Step Step() {
    return [this](MariaDbClient& /*unused*/, const std::atomic<bool>* /*stop*/) {
      OneStatement();
      return Status::OK();
    };
  }

  uint64_t succeeded() const { return succeeded_.load(); }
  uint64_t failed() const { return failed_.load(); }

 private:
  void OneStatement() {
    if (client_ == nullptr) {
      Result<std::unique_ptr<MariaDbClient>> client = db_->Connect();
      if (!client.ok()) {
        std::this_thread::sleep_for(milliseconds(50));  // the server is down: try again on the next step
        return;
      }
      client_ = std::move(client).value();
    }
    auto key = [this] { return std::to_string(1 + rng_() % key_space_); };
    const std::string n = std::to_string(rng_() % 1000000);
    std::string sql;
    switch (rng_() % 5) {
      case 0:
      case 1:
        sql = "INSERT INTO " + table_ + " VALUES (" + key() + ", " + n + ", 'w" + n + "', NOW(6)) " +
              "ON DUPLICATE KEY UPDATE v = v + 1, s = CONCAT('u', " + n + "), d = NOW(6)";
        break;
      case 2: {
        const std::string from = key();
        sql = "UPDATE " + table_ + " SET v = v * 3 + 1, s = NULL WHERE id BETWEEN " + from + " AND " + from + " + 7";
        break;
      }
      case 3:
        sql = "DELETE FROM " + table_ + " WHERE id = " + key();
        break;
      default:
        sql = "START TRANSACTION; INSERT INTO " + table_ + " VALUES (" + key() + ", 1, 'tx', NOW(6)) " +
              "ON DUPLICATE KEY UPDATE v = v - 1; DELETE FROM " + table_ + " WHERE id = " + key() +
              "; UPDATE " + table_ + " SET s = 'tx2' WHERE id = " + key() + "; COMMIT";
        break;
    }
    if (client_->Query(sql).ok()) {
      succeeded_.fetch_add(1);
    } else {
      failed_.fetch_add(1);
      client_.reset();  // a transaction cut short rolls back with its connection
    }
  }

  MariaDbSandbox* db_;
  const std::string table_;
  const uint32_t key_space_;
  std::mt19937_64 rng_;
  std::unique_ptr<MariaDbClient> client_;
  std::atomic<uint64_t> succeeded_{0};
  std::atomic<uint64_t> failed_{0};
};

// ------------------------------------------------------------------------------------------------- tests

TEST(SourceFailures, ServerRestartsMidStream) {
  const auto started = Clock::now();
  std::unique_ptr<MariaDbSandbox> server = StartPrivateServer();
  ASSERT_NE(server, nullptr);
  MariaDbSandbox& db = *server;
  const uint64_t seed = PrintWorkloadSeed();

  ASSERT_TRUE(db.Query("CREATE DATABASE srr_rw; " + ResilientWrites::CreateTable("srr_rw.t")).ok());
  LakefeedTaskOptions options;
  options.include = {"srr.*", "srr_rw.*"};
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();

  CaptureWorkload::Options workload_options;
  workload_options.database = "srr";
  workload_options.bulk_rows = 100;
  BackgroundWorkload workload(seed, workload_options);
  ASSERT_TRUE(workload.Setup(db).ok());
  ResilientWrites writes(&db, "srr_rw.t", 2000, seed);
  BackgroundWorkload writer(writes.Step());

  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  ASSERT_TRUE(writer.Start(db).ok());
  const MariaDbSandbox::HaltMode kModes[] = {MariaDbSandbox::HaltMode::kClean, MariaDbSandbox::HaltMode::kKill,
                                             MariaDbSandbox::HaltMode::kClean};
  for (MariaDbSandbox::HaltMode mode : kModes) {
    const char* how = mode == MariaDbSandbox::HaltMode::kKill ? "SIGKILL" : "clean shutdown";
    SCOPED_TRACE(std::string("server stopped by ") + how + ", seed " + std::to_string(seed));
    // The random workload (its model of the rows cannot survive a statement lost to a restart) runs between
    // the restarts; the resilient writes run through them.
    ASSERT_TRUE(workload.Start(db).ok());
    std::this_thread::sleep_for(milliseconds(1500));
    Status stopped = workload.Stop();
    ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
    const size_t reconnects_before = CountOf(LogOf(*task), "reconnecting");
    std::this_thread::sleep_for(milliseconds(300));  // writes only, right up to the stop
    ASSERT_TRUE(db.Halt(mode).ok());
    std::this_thread::sleep_for(milliseconds(500));  // down: connection attempts are refused
    Status restarted = db.StartAgain();
    ASSERT_TRUE(restarted.ok()) << restarted.ToString();
    ASSERT_TRUE(LogsReconnecting(*task, *run, reconnects_before));
  }
  ASSERT_TRUE(workload.Start(db).ok());
  std::this_thread::sleep_for(milliseconds(1000));
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
  ASSERT_TRUE(writer.Stop().ok());
  EXPECT_GT(writes.succeeded(), 0u);
  EXPECT_TRUE(EndsEqualToSource(db, *task, *run, {"srr", "srr_rw"}));
  std::printf("resilient writes: %" PRIu64 " done, %" PRIu64 " lost to the restarts; %zu reconnects logged; %lld ms\n",
              writes.succeeded(), writes.failed(), CountOf(LogOf(*task), "reconnecting"),
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
  if (HasFailure()) {
    db.MarkFailed();
    task->Keep();
  }
}

TEST(SourceFailures, ServerDownAtStartAndAtStop) {
  std::unique_ptr<MariaDbSandbox> server = StartPrivateServer();
  ASSERT_NE(server, nullptr);
  MariaDbSandbox& db = *server;
  ASSERT_TRUE(db.Query("CREATE DATABASE sds; CREATE TABLE sds.t (id INT PRIMARY KEY, v INT); "
                       "INSERT INTO sds.t VALUES (1, 1), (2, 2)")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {"sds.*"};
  options.start = "full-load-and-cdc";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();

  // Started while the server is down: `run` waits for it (source.reconnect's backoff) instead of exiting.
  ASSERT_TRUE(db.Halt(MariaDbSandbox::HaltMode::kClean).ok());
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const auto deadline = Clock::now() + seconds(20);
  while (Clock::now() < deadline && run->Running() && CountOf(LogOf(*task), "source unreachable; retrying") < 3) {
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(run->Running()) << "lakefeed run exited while the source was down; log:\n" << TailOfFile(task->log_path(), 4000);
  ASSERT_GE(CountOf(LogOf(*task), "source unreachable; retrying"), 3u) << TailOfFile(task->log_path(), 4000);
  ASSERT_TRUE(db.StartAgain().ok());
  ASSERT_TRUE(db.Query("INSERT INTO sds.t VALUES (3, 3); UPDATE sds.t SET v = 10 WHERE id = 1").ok());
  ASSERT_TRUE(RunCatchesUp(db, "sds", *task, *run));

  // SIGTERM while the server is down (the run reconnecting): a clean stop, exit 0, then the run resumes.
  const size_t reconnects_before = CountOf(LogOf(*task), "reconnecting");
  ASSERT_TRUE(db.Halt(MariaDbSandbox::HaltMode::kClean).ok());
  ASSERT_TRUE(LogsReconnecting(*task, *run, reconnects_before));
  ASSERT_TRUE(StopsCleanly(*run, *task));
  // And while it is still waiting for a server that was down at its start.
  Result<Subprocess> waiting = task->Start("run");
  ASSERT_TRUE(waiting.ok()) << waiting.status().ToString();
  std::this_thread::sleep_for(milliseconds(700));
  ASSERT_TRUE(StopsCleanly(*waiting, *task));

  ASSERT_TRUE(db.StartAgain().ok());
  ASSERT_TRUE(db.Query("DELETE FROM sds.t WHERE id = 2").ok());
  Result<Subprocess> resumed = task->Start("run");
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(EndsEqualToSource(db, *task, *resumed, {"sds"}));
  if (HasFailure()) {
    db.MarkFailed();
    task->Keep();
  }
}

TEST(SourceFailures, ServerRestartsMidSnapshot) {
  const auto started = Clock::now();
  std::unique_ptr<MariaDbSandbox> server = StartPrivateServer();
  ASSERT_NE(server, nullptr);
  MariaDbSandbox& db = *server;
  const uint64_t seed = PrintWorkloadSeed();
  constexpr uint32_t kRows = 200000;
  ASSERT_TRUE(db.Query("CREATE DATABASE srs; " + ResilientWrites::CreateTable("srs.big") +
                       "; INSERT INTO srs.big SELECT seq, seq * 7, CONCAT('row-', seq), "
                       "'2026-01-01' + INTERVAL seq SECOND FROM srs.seq_1_to_" +
                       std::to_string(kRows))
                  .ok());

  LakefeedTaskOptions options;
  options.include = {"srs.*"};
  options.start = "full-load-and-cdc";
  options.extra_yaml = "full_load:\n  chunk_rows: 2000\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  // Writes to the table being loaded, over the whole key range and past it, through the restarts.
  ResilientWrites writes(&db, "srs.big", kRows + 5000, seed);
  BackgroundWorkload writer(writes.Step());
  ASSERT_TRUE(writer.Start(db).ok());
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();

  // Restart when the load has committed 8 chunks, and again (SIGKILL) 30 chunks later: the reader reads ahead
  // of the commits (about ten chunks), so by then it has read again after the first restart.
  const MariaDbSandbox::HaltMode kModes[] = {MariaDbSandbox::HaltMode::kClean, MariaDbSandbox::HaltMode::kKill};
  size_t files_at_restart = 0;
  for (MariaDbSandbox::HaltMode mode : kModes) {
    const char* how = mode == MariaDbSandbox::HaltMode::kKill ? "SIGKILL" : "clean shutdown";
    SCOPED_TRACE(std::string("server stopped by ") + how + " during the load, seed " + std::to_string(seed));
    const size_t wait_for = files_at_restart == 0 ? 8 : files_at_restart + 30;
    const auto deadline = Clock::now() + seconds(60);
    while (Clock::now() < deadline && LoadFiles(*task, "srs/big") < wait_for && run->Running()) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    ASSERT_TRUE(run->Running()) << Exited(*run, *task);
    files_at_restart = LoadFiles(*task, "srs/big");
    ASSERT_FALSE(FullLoadFinished(task->lake_dir())) << "the load ended before the restart: make the table bigger";
    ASSERT_LT(files_at_restart, size_t{kRows / 2000}) << "the load ended before the restart";
    std::printf("%s at %zu LOAD files\n", how, files_at_restart);
    ASSERT_TRUE(db.Halt(mode).ok());
    std::this_thread::sleep_for(milliseconds(500));
    Status restarted = db.StartAgain();
    ASSERT_TRUE(restarted.ok()) << restarted.ToString();
    ASSERT_TRUE(run->Running()) << Exited(*run, *task);
  }
  const auto deadline = Clock::now() + seconds(120);
  while (Clock::now() < deadline && !FullLoadFinished(task->lake_dir()) && run->Running()) {
    std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_TRUE(FullLoadFinished(task->lake_dir())) << (run->Running() ? "the load did not finish within 120 s; log:\n" +
                                                            TailOfFile(task->log_path(), 4000)
                                                      : Exited(*run, *task));
  ASSERT_TRUE(writer.Stop().ok());
  EXPECT_GT(writes.succeeded(), 0u);
  // Both restarts cut a read of the load short, and the load went on in the same run.
  const std::string log = LogOf(*task);
  EXPECT_GE(CountOf(log, "full load read lost its connection"), 2u) << log;
  EXPECT_EQ(CountOf(log, "full load starting"), 1u) << log;
  EXPECT_TRUE(EndsEqualToSource(db, *task, *run, {"srs"}));
  std::printf("resilient writes: %" PRIu64 " done, %" PRIu64 " lost; %zu LOAD files; %zu reconnect attempts while "
              "the server was down; %lld ms\n",
              writes.succeeded(), writes.failed(), LoadFiles(*task, "srs/big"),
              CountOf(log, "full load cannot reach the source"),
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
  if (HasFailure()) {
    db.MarkFailed();
    task->Keep();
  }
}

TEST(SourceFailures, NetworkDrops) {
  LAKEFEED_SHARED_MARIADB(db);
  const auto started = Clock::now();
  const uint64_t seed = PrintWorkloadSeed();
  Result<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(db.port());
  ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();

  LakefeedTaskOptions options;
  options.include = {"snd.*"};
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  ASSERT_TRUE(task->Rewrite(options, (*proxy)->port()).ok());  // lakefeed reaches the server through the proxy

  CaptureWorkload::Options workload_options;
  workload_options.database = "snd";
  workload_options.bulk_rows = 100;
  BackgroundWorkload workload(seed, workload_options);  // straight to the server
  ASSERT_TRUE(workload.Setup(db).ok());
  ASSERT_TRUE(workload.Start(db).ok());
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();

  for (int drop_idx = 0; drop_idx < 3; ++drop_idx) {
    SCOPED_TRACE("drop " + std::to_string(drop_idx) + ", seed " + std::to_string(seed));
    // Wait for the run's (new) connections, let it stream a moment, then reset them all.
    const auto deadline = Clock::now() + seconds(30);
    while (Clock::now() < deadline && (*proxy)->open_connections() == 0 && run->Running()) {
      std::this_thread::sleep_for(milliseconds(20));
    }
    ASSERT_TRUE(run->Running()) << Exited(*run, *task);
    ASSERT_GT((*proxy)->open_connections(), 0u) << "lakefeed did not connect within 30 s";
    std::this_thread::sleep_for(milliseconds(700 + 300 * drop_idx));
    const size_t reconnects_before = CountOf(LogOf(*task), "reconnecting");
    if (drop_idx == 1) (*proxy)->SetRefusing(true);  // and the path stays down for a second
    const size_t dropped = (*proxy)->DropAll();
    EXPECT_GT(dropped, 0u);
    if (drop_idx == 1) {
      std::this_thread::sleep_for(seconds(1));
      (*proxy)->SetRefusing(false);
    }
    ASSERT_TRUE(LogsReconnecting(*task, *run, reconnects_before));
  }
  std::this_thread::sleep_for(milliseconds(500));
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
  EXPECT_TRUE(EndsEqualToSource(db, *task, *run, {"snd"}));
  std::printf("%" PRIu64 " connections through the proxy; %zu reconnects logged; %lld ms\n", (*proxy)->accepted(),
              CountOf(LogOf(*task), "reconnecting"),
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
  if (HasFailure()) task->Keep();
}

// A link that dies without a FIN or RST: only lakefeed's read timeout (heartbeats, source.heartbeat_ms, are
// expected; three periods and 10 s of silence end the read) can tell. Every connection of the run goes silent
// at once, the schema queries' too, while the workload's DDL keeps needing them.
TEST(SourceFailures, NetworkGoesSilent) {
  LAKEFEED_SHARED_MARIADB(db);
  const auto started = Clock::now();
  const uint64_t seed = PrintWorkloadSeed();
  Result<std::unique_ptr<TcpProxy>> proxy = TcpProxy::Start(db.port());
  ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
  LakefeedTaskOptions options;
  options.include = {"sns.*"};
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  ASSERT_TRUE(task->Rewrite(options, (*proxy)->port()).ok());

  CaptureWorkload::Options workload_options;
  workload_options.database = "sns";
  workload_options.bulk_rows = 100;
  BackgroundWorkload workload(seed, workload_options);
  ASSERT_TRUE(workload.Setup(db).ok());
  ASSERT_TRUE(workload.Start(db).ok());
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  const auto deadline = Clock::now() + seconds(30);
  while (Clock::now() < deadline && (*proxy)->open_connections() == 0 && run->Running()) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_GT((*proxy)->open_connections(), 0u) << "lakefeed did not connect within 30 s";
  std::this_thread::sleep_for(milliseconds(1000));
  const size_t reconnects_before = CountOf(LogOf(*task), "reconnecting");
  const size_t frozen = (*proxy)->FreezeAll();
  EXPECT_GT(frozen, 0u);
  const auto frozen_at = Clock::now();
  ASSERT_TRUE(LogsReconnecting(*task, *run, reconnects_before, seconds(40)));
  const auto noticed_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - frozen_at).count();
  std::this_thread::sleep_for(milliseconds(2000));  // more changes and DDL after the new connection
  Status stopped = workload.Stop();
  ASSERT_TRUE(stopped.ok()) << stopped.ToString() << "\n" << workload.workload().RecentStatements();
  EXPECT_TRUE(EndsEqualToSource(db, *task, *run, {"sns"}));
  std::printf("%zu connections silenced, noticed after %lld ms; %lld ms\n", frozen, static_cast<long long>(noticed_ms),
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
  if (HasFailure()) task->Keep();
}

TEST(SourceFailures, SameServerId) {
  LAKEFEED_SHARED_MARIADB(db);
  const auto started = Clock::now();
  ASSERT_TRUE(db.Query("CREATE DATABASE sid; CREATE TABLE sid.t (id INT PRIMARY KEY, v INT)").ok());
  LakefeedTaskOptions options;
  options.include = {"sid.*"};
  options.start = CurrentPosition(db);
  options.server_id = 4311;
  Result<LakefeedTask> first = LakefeedTask::Create(db, options);
  Result<LakefeedTask> second = LakefeedTask::Create(db, options);
  ASSERT_TRUE(first.ok() && second.ok());

  // The number of binlog dumps of the cdc user now.
  auto dumps = [&db]() -> size_t {
    Result<std::vector<Row>> rows = db.QueryRows(
        "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%' AND USER = 'cdc'");
    return rows.ok() ? rows->size() : 0;
  };
  const size_t dumps_before = dumps();
  Result<Subprocess> first_run = first->Start("run");
  ASSERT_TRUE(first_run.ok());
  auto deadline = Clock::now() + seconds(30);
  while (Clock::now() < deadline && dumps() == dumps_before && first_run->Running()) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(first_run->Running()) << Exited(*first_run, *first);
  ASSERT_GT(dumps(), dumps_before) << "the first task's binlog dump did not start within 30 s";
  Result<Subprocess> second_run = second->Start("run");
  ASSERT_TRUE(second_run.ok());

  // The server keeps the newer connection and drops the older: the first task must stop, and say why.
  Result<int> code = first_run->Wait(seconds(30));
  ASSERT_TRUE(code.ok()) << "the task whose binlog dump the server dropped for another with the same server_id "
                            "still runs after 30 s; log:\n"
                         << TailOfFile(first->log_path(), 4000);
  EXPECT_NE(*code, 0);
  const std::string first_log = LogOf(*first);
  const std::string error = ErrorLine(first_log);
  EXPECT_TRUE(Contains(error, "source.server_id 4311")) << first_log;
  EXPECT_TRUE(Contains(error, "same server_id")) << first_log;
  EXPECT_FALSE(Contains(first_log, "reconnecting")) << first_log;
  std::printf("the dropped task's error: %s\n", error.c_str());

  // The other goes on streaming.
  ASSERT_TRUE(db.Query("INSERT INTO sid.t VALUES (1, 1), (2, 2); UPDATE sid.t SET v = 3 WHERE id = 1").ok());
  EXPECT_TRUE(EndsEqualToSource(db, *second, *second_run, {"sid"}));
  EXPECT_FALSE(Contains(LogOf(*second), "reconnecting")) << LogOf(*second);
  std::printf("%lld ms\n",
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
}

// Last in this file: it purges the shared server's older binary logs.
TEST(SourceFailures, BinlogPurgedPastPosition) {
  LAKEFEED_SHARED_MARIADB(db);
  const auto started = Clock::now();
  ASSERT_TRUE(db.Query("CREATE DATABASE spg; CREATE TABLE spg.t (id INT PRIMARY KEY, v INT)").ok());
  LakefeedTaskOptions options;
  options.include = {"spg.*"};
  options.start = CurrentPosition(db);
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  ASSERT_TRUE(db.Query("INSERT INTO spg.t VALUES (1, 1), (2, 2)").ok());
  Result<CommandResult> sync = task->Run("sync");
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  ASSERT_EQ(sync->exit_code, 0) << DescribeRun(*sync, *task);
  const std::string checkpoint_file = CheckpointPosition(task->lake_dir()).first;
  ASSERT_FALSE(checkpoint_file.empty());

  // Changes the lake has not seen, then their binlog gone.
  ASSERT_TRUE(db.Query("INSERT INTO spg.t VALUES (3, 3); UPDATE spg.t SET v = 10 WHERE id = 1").ok());
  ASSERT_TRUE(db.RotateBinlog().ok());
  Result<std::string> newest = db.CurrentBinlogFile();
  ASSERT_TRUE(newest.ok());
  // MariaDB keeps a log until its binlog checkpoint (InnoDB durably has its transactions) and PURGE skips it
  // meanwhile with a warning: try again until it is gone.
  bool purged = false;
  const auto deadline = Clock::now() + seconds(20);
  while (Clock::now() < deadline && !purged) {
    ASSERT_TRUE(db.Query("PURGE BINARY LOGS TO '" + *newest + "'").ok());
    Result<std::vector<Row>> logs = db.QueryRows("SHOW BINARY LOGS");
    ASSERT_TRUE(logs.ok()) << logs.status().ToString();
    purged = true;
    for (const Row& log : *logs) purged = purged && log[0] != checkpoint_file;
    if (!purged) std::this_thread::sleep_for(milliseconds(100));
  }
  ASSERT_TRUE(purged) << checkpoint_file << " is still listed by SHOW BINARY LOGS after 20 s of PURGE";

  // `run`, not `sync`: a run retries what can get better by retrying; this cannot, so it must end at once.
  const auto run_started = Clock::now();
  Result<CommandResult> run = task->Run("run", seconds(30));
  ASSERT_TRUE(run.ok()) << run.status().ToString() << " (a purged position must not be retried forever)";
  const auto run_ms = std::chrono::duration_cast<milliseconds>(Clock::now() - run_started).count();
  EXPECT_NE(run->exit_code, 0) << DescribeRun(*run, *task);
  const std::string error = ErrorLine(run->stderr_text);
  EXPECT_TRUE(Contains(error, checkpoint_file)) << DescribeRun(*run, *task);  // the missing binlog
  EXPECT_TRUE(Contains(error, "purged")) << DescribeRun(*run, *task);         // what happened
  EXPECT_TRUE(Contains(error, "full-load-and-cdc") && Contains(error, "target.url"))  // what to do
      << DescribeRun(*run, *task);
  EXPECT_FALSE(Contains(LogOf(*task), "reconnecting")) << DescribeRun(*run, *task);
  std::printf("the run's error (after %lld ms): %s\n", static_cast<long long>(run_ms), error.c_str());
  std::printf("%lld ms\n",
              static_cast<long long>(std::chrono::duration_cast<milliseconds>(Clock::now() - started).count()));
}

}  // namespace
}  // namespace cdc::harness
