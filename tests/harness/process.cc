#include "harness/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>

extern char** environ;

namespace cdc::harness {
namespace {

std::string ErrnoText() { return std::strerror(errno); }

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string TempRoot() {
  std::string root = GetEnvOr("TMPDIR", "/tmp");
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

}  // namespace

uint64_t ParseUnsigned(std::string_view text, uint64_t fallback) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return fallback;
  return value;
}

std::string GetEnvOr(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  return value;
}

// ---------------------------------------------------------------------------------------------- TempDir

Result<TempDir> TempDir::Create(std::string_view prefix) {
  std::string pattern = TempRoot() + "/" + std::string(prefix) + "XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) return Status::IOError("mkdtemp " + pattern, ErrnoText());
  return TempDir(std::string(buffer.data()));
}

TempDir& TempDir::operator=(TempDir&& other) noexcept {
  if (this != &other) {
    if (!path_.empty() && !keep_) RemoveTree(path_);
    path_ = std::exchange(other.path_, {});
    keep_ = other.keep_;
  }
  return *this;
}

TempDir::~TempDir() {
  if (!path_.empty() && !keep_) RemoveTree(path_);
}

// ---------------------------------------------------------------------------------------------- Subprocess

Result<Subprocess> Subprocess::Spawn(const std::vector<std::string>& argv, const SpawnOptions& options) {
  if (argv.empty()) return Status::InvalidArgument("Spawn", "empty argv");
  // Everything the child needs is prepared before fork: after fork only async-signal-safe calls.
  std::vector<char*> child_argv;
  for (const std::string& arg : argv) child_argv.push_back(const_cast<char*>(arg.c_str()));
  child_argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [key, value] : options.extra_env) {
      if (entry.size() > key.size() && entry.substr(0, key.size()) == key && entry[key.size()] == '=') replaced = true;
    }
    if (!replaced) env_strings.emplace_back(entry);
  }
  for (const auto& [key, value] : options.extra_env) env_strings.push_back(key + "=" + value);
  std::vector<char*> child_env;
  for (std::string& entry : env_strings) child_env.push_back(entry.data());
  child_env.push_back(nullptr);

  // Resolve the program in PATH now (execvpe is not async-signal-safe in all libcs).
  std::string program = argv[0];
  if (program.find('/') == std::string::npos) {
    std::string path = GetEnvOr("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
    std::stringstream dirs(path);
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
      std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + argv[0];
      if (access(candidate.c_str(), X_OK) == 0) {
        program = candidate;
        break;
      }
    }
  }
  const std::string out_path = options.stdout_path.empty() ? "/dev/null" : options.stdout_path;
  const std::string err_path = options.stderr_path.empty() ? "/dev/null" : options.stderr_path;
  const pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) return Status::IOError("fork " + argv[0], ErrnoText());
  if (pid == 0) {
    if (options.kill_with_parent) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (getppid() != parent) _exit(126);
    }
    int in_fd = open("/dev/null", O_RDONLY);
    int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
    int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(125);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) _exit(124);
    // Own process group: a test's Ctrl-C does not hit the server in the middle of its shutdown.
    setpgid(0, 0);
    execve(program.c_str(), child_argv.data(), child_env.data());
    _exit(127);
  }
  return Subprocess(pid);
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  if (this != &other) {
    Kill();
    pid_ = std::exchange(other.pid_, -1);
    status_ = other.status_;
  }
  return *this;
}

Subprocess::~Subprocess() { Kill(); }

bool Subprocess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == 0) return true;
  if (r == pid_) status_ = DecodeWaitStatus(status);
  pid_ = -1;
  return false;
}

Result<int> Subprocess::Wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (Running()) {
    if (std::chrono::steady_clock::now() >= deadline) return Status::Unavailable("process still running");
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  return status_;
}

void Subprocess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

void Subprocess::Kill() {
  if (pid_ <= 0) return;
  kill(-pid_, SIGKILL);  // the child leads its own process group: take any helpers it started too
  kill(pid_, SIGKILL);
  int status = 0;
  if (waitpid(pid_, &status, 0) == pid_) status_ = DecodeWaitStatus(status);
  pid_ = -1;
}

// ---------------------------------------------------------------------------------------------- commands

std::string CommandLine(const std::vector<std::string>& argv) {
  std::string line;
  for (const std::string& arg : argv) {
    if (!line.empty()) line += ' ';
    bool plain = !arg.empty() && arg.find_first_of(" \t'\"\\$*?") == std::string::npos;
    line += plain ? arg : "'" + arg + "'";
  }
  return line;
}

Result<CommandResult> RunCommand(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                                 const std::vector<std::pair<std::string, std::string>>& extra_env) {
  CDC_ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("lakefeed-cmd-"));
  SpawnOptions options;
  options.extra_env = extra_env;
  options.stdout_path = dir.path() + "/stdout";
  options.stderr_path = dir.path() + "/stderr";
  CDC_ASSIGN_OR_RETURN(Subprocess child, Subprocess::Spawn(argv, options));
  Result<int> code = child.Wait(timeout);
  if (!code.ok()) {
    child.Kill();
    return Status::Unavailable("timed out: " + CommandLine(argv), TailOfFile(options.stderr_path));
  }
  CommandResult result;
  result.exit_code = *code;
  CDC_ASSIGN_OR_RETURN(result.stdout_text, ReadFile(options.stdout_path));
  CDC_ASSIGN_OR_RETURN(result.stderr_text, ReadFile(options.stderr_path));
  return result;
}

// ---------------------------------------------------------------------------------------------- network

Result<uint16_t> FindFreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::IOError("socket", ErrnoText());
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    Status s = Status::IOError("bind 127.0.0.1:0", ErrnoText());
    close(fd);
    return s;
  }
  socklen_t len = sizeof(addr);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Status s = Status::IOError("getsockname", ErrnoText());
    close(fd);
    return s;
  }
  close(fd);
  return static_cast<uint16_t>(ntohs(addr.sin_port));
}

bool CanConnectLoopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

// ---------------------------------------------------------------------------------------------- files

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path);
  std::string data;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) data.append(buffer, static_cast<size_t>(in.gcount()));
  if (in.bad()) return Status::IOError("cannot read " + path);
  return data;
}

Status WriteFile(const std::string& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::IOError("cannot create " + path);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) return Status::IOError("cannot write " + path);
  return Status::OK();
}

std::string TailOfFile(const std::string& path, size_t max_bytes) {
  Result<std::string> data = ReadFile(path);
  if (!data.ok()) return "";
  if (data->size() <= max_bytes) return *data;
  return "..." + data->substr(data->size() - max_bytes);
}

Status CopyTree(const std::string& from, const std::string& to) {
  std::error_code ec;
  std::filesystem::copy(from, to,
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::copy_symlinks,
                        ec);
  if (ec) return Status::IOError("copy " + from + " to " + to, ec.message());
  return Status::OK();
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

}  // namespace cdc::harness
