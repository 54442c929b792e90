#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace cdc::harness {

// Test-side process and filesystem helpers shared by the sandboxes and the integration tests.
// None of them is meant for production code: they favour clear failures over speed.

// A private directory under $TMPDIR (or /tmp), created with mkdtemp and removed with everything in it
// when the object dies, unless Keep() was called. Movable, not copyable. Not thread-safe.
class TempDir {
 public:
  // Creates "<tmp>/<prefix>XXXXXX". IOError when the directory cannot be created.
  static Result<TempDir> Create(std::string_view prefix);

  TempDir() = default;
  TempDir(TempDir&& other) noexcept : path_(std::exchange(other.path_, {})), keep_(other.keep_) {}
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // Leaves the directory on disk when this object dies (for post-mortem inspection).
  void Keep() { keep_ = true; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
  bool keep_ = false;
};

// Where a child's stdout and stderr go.
struct SpawnOptions {
  std::vector<std::pair<std::string, std::string>> extra_env;  // added to (or replacing) the environment
  std::string stdout_path;   // empty: /dev/null
  std::string stderr_path;   // empty: /dev/null
  std::string working_dir;   // empty: inherit
  bool kill_with_parent = true;  // PR_SET_PDEATHSIG(SIGKILL): no orphaned servers if the test crashes
};

// A running child process. The destructor kills (SIGKILL) and reaps it if it still runs.
// Not thread-safe; movable.
class Subprocess {
 public:
  // Starts argv[0] (looked up in PATH) with the given arguments. IOError when fork/exec fails
  // (an exec failure shows as exit code 127 from Wait instead, as with a shell).
  static Result<Subprocess> Spawn(const std::vector<std::string>& argv, const SpawnOptions& options);

  Subprocess() = default;
  Subprocess(Subprocess&& other) noexcept : pid_(std::exchange(other.pid_, -1)), status_(other.status_) {}
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  pid_t pid() const { return pid_; }
  // True while the child has not exited (reaps it if it has).
  bool Running();
  // Waits up to `timeout` for the child to exit. Returns its exit code (128 + signal when killed
  // by a signal), or Unavailable when it is still running at the deadline.
  Result<int> Wait(std::chrono::milliseconds timeout);
  // Sends `signal` to the child (no-op when it has exited).
  void Signal(int signal);
  // SIGKILL and reap.
  void Kill();

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  int status_ = -1;  // exit code once reaped
};

struct CommandResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs a command to completion, capturing stdout and stderr (through temporary files, so output of any
// size works). Returns the exit code and output; IOError when it cannot start, Unavailable when it runs
// longer than `timeout` (it is then killed).
Result<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout = std::chrono::minutes(5),
                                 const std::vector<std::pair<std::string, std::string>>& extra_env = {});

// "a b 'c d'": argv joined for messages.
std::string CommandLine(const std::vector<std::string>& argv);

// Returns a TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed).
// Callers still retry on a collision. IOError when no socket can be bound.
Result<uint16_t> FindFreeLoopbackPort();

// True when a TCP connection to 127.0.0.1:port succeeds now.
bool CanConnectLoopback(uint16_t port);

// Whole-file helpers. ReadFile: NotFound/IOError; WriteFile: IOError.
Result<std::string> ReadFile(const std::string& path);
Status WriteFile(const std::string& path, std::string_view data);
// The last `max_bytes` of a file ("" when it cannot be read); for error messages.
std::string TailOfFile(const std::string& path, size_t max_bytes = 4000);
// Copies a directory tree (regular files, directories, symlinks). IOError on failure.
Status CopyTree(const std::string& from, const std::string& to);
// Removes a tree; missing is fine.
void RemoveTree(const std::string& path);

// Parses a whole string as an unsigned decimal; `fallback` when it is not one (never throws).
uint64_t ParseUnsigned(std::string_view text, uint64_t fallback = 0);

// The value of an environment variable, or `fallback` when unset or empty.
std::string GetEnvOr(const char* name, std::string fallback);

}  // namespace cdc::harness
