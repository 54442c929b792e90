#include "harness/mariadb_sandbox.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <thread>

namespace cdc::harness {
namespace {

// Bump when the template's install options change, so an old template is not reused.
constexpr std::string_view kTemplateFormat = "t1";

// InnoDB sizes for a small, fast test server (the defaults make a 114 MB datadir).
const std::vector<std::string> kInnodbArgs = {"--innodb-log-file-size=8M", "--innodb-buffer-pool-size=64M"};

std::string FindProgram(const std::string& name) {
  for (const char* dir : {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin"}) {
    std::string path = std::string(dir) + "/" + name;
    if (access(path.c_str(), X_OK) == 0) return path;
  }
  return name;
}

std::vector<std::string> RootUserArgs() {
  // As root, mariadbd refuses to start without --user=root.
  if (geteuid() == 0) return {"--user=root"};
  return {};
}

}  // namespace

std::string_view ToString(MariaDbSandbox::Variant variant) {
  switch (variant) {
    case MariaDbSandbox::Variant::kFullMetadata: return "FULL";
    case MariaDbSandbox::Variant::kMinimalMetadata: return "MINIMAL";
  }
  return "?";
}

Result<std::string> MariaDbTemplateDatadir() {
  std::string mariadbd = FindProgram("mariadbd");
  struct stat st {};
  if (stat(mariadbd.c_str(), &st) != 0) {
    return Status::NotFound("mariadbd not found", "install mariadb-server (scripts/install-deps)");
  }
  std::string root = GetEnvOr("TMPDIR", "/tmp");
  std::string final_path = root + "/lakefeed-mariadb-template-" + std::to_string(geteuid()) + "-" +
                           std::string(kTemplateFormat) + "-" + std::to_string(st.st_size) + "-" +
                           std::to_string(st.st_mtime);
  if (access((final_path + "/mysql").c_str(), F_OK) == 0) return final_path;

  // Test binaries start side by side (ctest -j): one builds the template while the others wait for
  // it. Two bootstraps at once also collide on temporary tables in a shared tmpdir.
  std::string lock_path = final_path + ".lock";
  int lock_fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd < 0 || flock(lock_fd, LOCK_EX) != 0) {
    if (lock_fd >= 0) close(lock_fd);
    return Status::IOError("cannot lock " + lock_path);
  }
  struct LockGuard {
    int fd;
    ~LockGuard() { close(fd); }  // closing releases the flock
  } lock_guard{lock_fd};
  if (access((final_path + "/mysql").c_str(), F_OK) == 0) return final_path;

  CDC_ASSIGN_OR_RETURN(TempDir work, TempDir::Create("lakefeed-mariadb-install-"));
  std::string datadir = work.path() + "/data";
  std::string tmpdir = work.path() + "/tmp";
  if (mkdir(tmpdir.c_str(), 0700) != 0) return Status::IOError("cannot create " + tmpdir);
  std::vector<std::string> argv = {FindProgram("mariadb-install-db"),
                                   "--no-defaults",
                                   "--datadir=" + datadir,
                                   "--tmpdir=" + tmpdir,
                                   "--auth-root-authentication-method=normal",
                                   "--skip-test-db"};
  for (const std::string& arg : RootUserArgs()) argv.push_back(arg);
  for (const std::string& arg : kInnodbArgs) argv.push_back(arg);
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, std::chrono::minutes(2)));
  if (result.exit_code != 0) {
    return Status::IOError("mariadb-install-db failed (exit " + std::to_string(result.exit_code) + ")",
                           result.stdout_text + result.stderr_text);
  }
  if (rename(datadir.c_str(), final_path.c_str()) != 0) {
    return Status::IOError("cannot publish the template datadir at " + final_path);
  }
  return final_path;
}

Result<std::unique_ptr<MariaDbSandbox>> MariaDbSandbox::Start(const Options& options) {
  CDC_ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("lakefeed-mariadb-"));
  std::unique_ptr<MariaDbSandbox> sandbox(new MariaDbSandbox(options, std::move(dir)));
  Status launched = sandbox->Launch();
  if (!launched.ok()) {
    sandbox->MarkFailed();
    return launched;
  }
  return sandbox;
}

Status MariaDbSandbox::Launch() {
  CDC_ASSIGN_OR_RETURN(std::string template_dir, MariaDbTemplateDatadir());
  CDC_RETURN_IF_ERROR(CopyTree(template_dir, datadir()));
  CDC_RETURN_IF_ERROR(Spawn(/*keep_port=*/false));

  // The cdc user, kept out of the binary log so that the log holds only what the test does.
  std::string setup = "SET sql_log_bin=0;";
  for (const char* host : {"127.0.0.1", "localhost"}) {
    std::string account = "'" + std::string(kCdcUser) + "'@'" + host + "'";
    setup += "CREATE USER " + account + " IDENTIFIED BY '" + std::string(kCdcPassword) + "';";
    setup += "GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO " + account + ";";
  }
  setup += "SET sql_log_bin=1;";
  Status created = root_->Query(setup);
  if (!created.ok()) return created.WithContext("creating the cdc user");
  return Status::OK();
}

Status MariaDbSandbox::Restart() {
  CDC_RETURN_IF_ERROR(Halt(HaltMode::kClean));
  return StartAgain();
}

Status MariaDbSandbox::Halt(HaltMode mode) {
  if (mode == HaltMode::kKill) {
    root_.reset();
    server_.Kill();
    return Status::OK();
  }
  if (root_ != nullptr) {
    // A normal shutdown: the datadir is kept, so no crash recovery at the next start (Stop's
    // innodb_fast_shutdown=3 is for datadirs that are thrown away).
    (void)root_->Query("SET GLOBAL innodb_fast_shutdown=1");
    (void)root_->Query("SHUTDOWN");
    root_.reset();
  }
  if (server_.pid() > 0) {
    Result<int> code = server_.Wait(std::chrono::seconds(60));
    if (!code.ok()) {
      server_.Kill();
      return Status::Unavailable("mariadbd did not shut down within 60 s for a restart; killed");
    }
  }
  return Status::OK();
}

Status MariaDbSandbox::StartAgain() { return Spawn(/*keep_port=*/true); }

Status MariaDbSandbox::Spawn(bool keep_port) {
  // With keep_port (a restart) the port may still be held for a moment by the old server's sockets.
  const int attempts = keep_port ? 50 : 5;
  // A tmpdir of its own: a starting server deletes every "#sql*" file in its tmpdir, which in a shared
  // /tmp are the temporary tables of the servers of other test binaries running side by side.
  const std::string tmpdir = dir() + "/tmp";
  if (mkdir(tmpdir.c_str(), 0700) != 0 && errno != EEXIST) return Status::IOError("cannot create " + tmpdir);
  Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    if (!keep_port) {
      CDC_ASSIGN_OR_RETURN(port_, FindFreeLoopbackPort());
    }
    std::vector<std::string> argv = {
        FindProgram("mariadbd"),
        "--no-defaults",
        "--datadir=" + datadir(),
        "--tmpdir=" + tmpdir,
        "--port=" + std::to_string(port_),
        "--bind-address=127.0.0.1",
        "--socket=" + dir() + "/mysqld.sock",
        "--pid-file=" + dir() + "/mysqld.pid",
        "--log-error=" + error_log_path(),
        "--log-bin=" + binlog_basename(),
        "--binlog-format=ROW",
        "--binlog-row-image=FULL",
        std::string("--binlog-row-metadata=") + std::string(ToString(options_.variant)),
        "--server-id=" + std::to_string(options_.server_id),
        "--default-time-zone=+00:00",
        "--character-set-server=utf8mb4",
        "--collation-server=utf8mb4_general_ci",
        "--innodb-flush-log-at-trx-commit=0",
        "--sync-binlog=0",
        "--max-allowed-packet=256M",
    };
    for (const std::string& arg : RootUserArgs()) argv.push_back(arg);
    for (const std::string& arg : kInnodbArgs) argv.push_back(arg);
    for (const std::string& arg : options_.extra_args) argv.push_back(arg);

    SpawnOptions spawn;
    spawn.stdout_path = dir() + "/mariadbd.out";
    spawn.stderr_path = dir() + "/mariadbd.out";
    CDC_ASSIGN_OR_RETURN(server_, Subprocess::Spawn(argv, spawn));

    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!server_.Running()) {
        exited = true;
        break;
      }
      if (CanConnectLoopback(port_)) {
        ConnectOptions connect;
        connect.port = port_;
        Result<std::unique_ptr<MariaDbClient>> client = MariaDbClient::Connect(connect);
        if (client.ok()) {
          root_ = std::move(client).value();
          break;
        }
        last = client.status();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (root_ != nullptr) break;
    std::string log = TailOfFile(error_log_path());
    if (exited && log.find("Address already in use") != std::string::npos) {
      last = Status::Unavailable("port " + std::to_string(port_) + " was taken", log);
      if (keep_port) std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;  // another process grabbed the port between our probe and the bind: try another
    }
    server_.Kill();
    if (exited) return Status::IOError("mariadbd exited during startup; error log " + error_log_path(), log);
    return Status::Unavailable("mariadbd did not accept connections within 60 s: " + last.ToString(), log);
  }
  if (root_ == nullptr) return last;
  return Status::OK();
}

MariaDbSandbox::~MariaDbSandbox() {
  Status stopped = Stop();
  if (!stopped.ok()) failed_ = true;
  bool keep_all = GetEnvOr("LAKEFEED_KEEP_SANDBOX", "") == "1";
  if (keep_all) {
    dir_.Keep();
    std::fprintf(stderr, "[sandbox] MariaDB sandbox kept at %s\n", dir_.path().c_str());
  } else if (failed_ && !dir_.path().empty()) {
    std::string kept = dir_.path() + "-error.log";
    if (CopyTree(error_log_path(), kept).ok()) {
      std::fprintf(stderr, "[sandbox] MariaDB error log kept at %s\n", kept.c_str());
    }
  }
}

Status MariaDbSandbox::Stop() {
  if (server_.pid() <= 0) return Status::OK();
  if (root_ != nullptr) {
    // Fast shutdown: the datadir is thrown away, so InnoDB need not flush anything.
    (void)root_->Query("SET GLOBAL innodb_fast_shutdown=3");
    (void)root_->Query("SHUTDOWN");
    root_.reset();
  } else {
    server_.Signal(SIGTERM);
  }
  Result<int> code = server_.Wait(std::chrono::seconds(30));
  if (!code.ok()) {
    server_.Kill();
    return Status::Unavailable("mariadbd did not shut down within 30 s; killed");
  }
  return Status::OK();
}

Status MariaDbSandbox::Query(std::string_view sql) {
  if (root_ == nullptr) return Status::Unavailable("sandbox server is stopped");
  return root_->Query(sql);
}

Result<std::vector<Row>> MariaDbSandbox::QueryRows(std::string_view sql) {
  if (root_ == nullptr) return Status::Unavailable("sandbox server is stopped");
  return root_->QueryRows(sql);
}

Result<Cell> MariaDbSandbox::QueryValue(std::string_view sql) {
  if (root_ == nullptr) return Status::Unavailable("sandbox server is stopped");
  return root_->QueryValue(sql);
}

Result<std::unique_ptr<MariaDbClient>> MariaDbSandbox::Connect(std::string_view user, std::string_view password,
                                                               std::string_view database) const {
  ConnectOptions connect;
  connect.port = port_;
  connect.user = std::string(user);
  connect.password = std::string(password);
  connect.database = std::string(database);
  return MariaDbClient::Connect(connect);
}

Result<std::string> MariaDbSandbox::CurrentBinlogFile() {
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows("SHOW MASTER STATUS"));
  if (rows.empty() || rows[0].size() < 2 || !rows[0][0]) return Status::NotFound("SHOW MASTER STATUS is empty");
  return *rows[0][0];
}

Result<uint64_t> MariaDbSandbox::CurrentBinlogPosition() {
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows("SHOW MASTER STATUS"));
  if (rows.empty() || rows[0].size() < 2 || !rows[0][1]) return Status::NotFound("SHOW MASTER STATUS is empty");
  return ParseUnsigned(*rows[0][1]);
}

Result<std::vector<std::string>> MariaDbSandbox::BinlogPaths() {
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows("SHOW BINARY LOGS"));
  std::vector<std::string> paths;
  for (const Row& row : rows) {
    if (!row.empty() && row[0]) paths.push_back(binlog_dir() + "/" + *row[0]);
  }
  return paths;
}

Status MariaDbSandbox::RotateBinlog() { return Query("FLUSH BINARY LOGS"); }

}  // namespace cdc::harness
