#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "harness/mariadb_client.h"
#include "harness/process.h"

namespace cdc::harness {

// A private MariaDB server (Debian's mariadbd, 10.11) for integration tests: its own temp dir, datadir,
// socket and a free loopback port; binary log on with binlog_format=ROW and binlog_row_image=FULL; the
// server's time zone is UTC. Nothing is read from /etc/mysql (--no-defaults).
//
// Users: root (no password, all privileges) and `cdc` / `cdcpw` with REPLICATION SLAVE, REPLICATION CLIENT
// and SELECT, for both 127.0.0.1 and localhost. Creating them is not written to the binary log, so the log
// holds only what a test does.
//
// Speed: mariadb-install-db (~2 s) runs once per machine and mariadbd version; its result is kept as a
// template datadir under $TMPDIR and copied for each server (~0.1 s), which then starts in ~0.5 s.
//
// Lifetime: the destructor shuts the server down (SHUTDOWN, then SIGKILL after a grace period) and
// deletes the temp dir. When MarkFailed() was called (or LAKEFEED_KEEP_SANDBOX=1) the error log is copied
// next to the temp dir (path printed on stderr) -- with LAKEFEED_KEEP_SANDBOX=1 the whole dir is kept.
// Thread-safety: Query/QueryRows share one root connection and must not be called concurrently; open
// more connections with Connect().
class MariaDbSandbox {
 public:
  enum class Variant {
    kFullMetadata,     // binlog_row_metadata=FULL: TABLE_MAP also carries names, ENUM/SET labels, primary key
    kMinimalMetadata,  // binlog_row_metadata=MINIMAL: only signedness, charsets and geometry types
  };

  struct Options {
    Variant variant = Variant::kFullMetadata;
    uint32_t server_id = 1;
    // More mariadbd options, e.g. "--binlog-checksum=NONE", "--character-set-server=utf8mb4".
    std::vector<std::string> extra_args;
  };

  // Starts a server and waits until it accepts connections (up to 60 s). Retries with a new port when the
  // chosen one was taken meanwhile. IOError/Unavailable with the tail of the error log on failure.
  static Result<std::unique_ptr<MariaDbSandbox>> Start(const Options& options);
  static Result<std::unique_ptr<MariaDbSandbox>> Start(Variant variant) {
    Options options;
    options.variant = variant;
    return Start(options);
  }

  ~MariaDbSandbox();
  MariaDbSandbox(const MariaDbSandbox&) = delete;
  MariaDbSandbox& operator=(const MariaDbSandbox&) = delete;

  static constexpr std::string_view kHost = "127.0.0.1";
  static constexpr std::string_view kCdcUser = "cdc";
  static constexpr std::string_view kCdcPassword = "cdcpw";

  Variant variant() const { return options_.variant; }
  std::string host() const { return std::string(kHost); }
  uint16_t port() const { return port_; }
  std::string user() const { return std::string(kCdcUser); }
  std::string password() const { return std::string(kCdcPassword); }
  const std::string& dir() const { return dir_.path(); }
  std::string datadir() const { return dir_.path() + "/data"; }
  // Binary log files are <binlog_dir>/binlog.NNNNNN.
  std::string binlog_dir() const { return datadir(); }
  std::string binlog_basename() const { return datadir() + "/binlog"; }
  std::string error_log_path() const { return dir_.path() + "/error.log"; }

  // Statements as root over the sandbox's own connection (session state persists between calls).
  Status Query(std::string_view sql);
  Result<std::vector<Row>> QueryRows(std::string_view sql);
  Result<Cell> QueryValue(std::string_view sql);
  // A new connection (root by default, or any user/password).
  Result<std::unique_ptr<MariaDbClient>> Connect(std::string_view user = "root", std::string_view password = "",
                                                 std::string_view database = "") const;

  // The binary log the server writes to now (file name only, e.g. "binlog.000001") and its end position.
  Result<std::string> CurrentBinlogFile();
  Result<uint64_t> CurrentBinlogPosition();
  // Full paths of all binary logs, oldest first (SHOW BINARY LOGS).
  Result<std::vector<std::string>> BinlogPaths();
  // FLUSH BINARY LOGS: closes the current file (so it is complete on disk) and starts the next.
  Status RotateBinlog();

  // Shuts the server down cleanly (InnoDB fully flushed) and starts it again on the same datadir and port,
  // e.g. to test a replica across a server restart. Connections from Connect() are lost; Query() reconnects.
  // IOError/Unavailable as Start.
  Status Restart();

  // Restart() in two steps, so that a test can keep the server down for a while or crash it:
  // Halt(kClean) shuts it down cleanly (InnoDB flushed), Halt(kKill) SIGKILLs it (the next start runs crash
  // recovery; give the server --innodb-flush-log-at-trx-commit=1 or 2 in Options::extra_args so that InnoDB
  // keeps every transaction the binlog has). StartAgain() starts it on the same datadir and port. Between
  // the two, Query() and Connect() fail. Halt: Unavailable when a clean shutdown takes over 60 s (then
  // killed); StartAgain: IOError/Unavailable as Start.
  enum class HaltMode : uint8_t { kClean, kKill };
  Status Halt(HaltMode mode);
  Status StartAgain();

  // Keep the error log (and, with LAKEFEED_KEEP_SANDBOX=1, everything) after the destructor.
  void MarkFailed() { failed_ = true; }
  // Shuts down now (idempotent). OK when the server exited cleanly or had to be killed.
  Status Stop();

 private:
  MariaDbSandbox(Options options, TempDir dir) : options_(std::move(options)), dir_(std::move(dir)) {}
  Status Launch();
  // Starts mariadbd on the datadir and connects root_; keep_port: on port_ (a restart), else a free port.
  Status Spawn(bool keep_port);

  Options options_;
  TempDir dir_;
  uint16_t port_ = 0;
  Subprocess server_;
  std::unique_ptr<MariaDbClient> root_;
  bool failed_ = false;
};

std::string_view ToString(MariaDbSandbox::Variant variant);

// The template datadir (created on first use, shared by every process of this user on this machine):
// path of a complete mariadb-install-db result. IOError when install-db fails.
Result<std::string> MariaDbTemplateDatadir();

}  // namespace cdc::harness
