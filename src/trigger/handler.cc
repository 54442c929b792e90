#include "trigger/handler.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>

extern char** environ;

namespace cdc::trigger {
namespace {

constexpr size_t kOutputTail = 4096;  // bytes of a failed command's output kept for its error

void KeepTail(std::string_view data, std::string* tail) {
  tail->append(data);
  if (tail->size() > kOutputTail) tail->erase(0, tail->size() - kOutputTail);
}

// write(2) to a pipe whose reader may be gone, without the process-wide SIGPIPE: the signal is blocked
// for this thread during the call, and one that the call raised is taken back.
ssize_t WriteWithoutSigpipe(int fd, const char* data, size_t size) {
  sigset_t pipe_signal;
  sigset_t previous;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
  const ssize_t written = write(fd, data, size);
  const int error = errno;
  if (written < 0 && error == EPIPE) {
    const timespec no_wait{0, 0};
    while (sigtimedwait(&pipe_signal, nullptr, &no_wait) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  errno = error;
  return written;
}

class ExecHandler : public Handler {
 public:
  explicit ExecHandler(ExecOptions options) : options_(std::move(options)) {}

  Status Handle(const ObjectCreated& /*event*/, const std::string& event_json) override {
    if (options_.command.empty()) return Status::InvalidArgument("exec handler", "no command");
    // Everything the child needs is built before fork(): after it, only async-signal-safe calls.
    std::vector<char*> argv;
    for (const std::string& arg : options_.command) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const std::string event_variable = "LAKEFEED_EVENT=" + event_json;
    std::vector<char*> envp;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      if (std::strncmp(*entry, "LAKEFEED_EVENT=", 15) != 0) envp.push_back(*entry);
    }
    envp.push_back(const_cast<char*>(event_variable.c_str()));
    envp.push_back(nullptr);

    int input[2];
    int output[2];
    if (pipe2(input, O_CLOEXEC) != 0) return Status::IOError("exec handler: pipe", std::strerror(errno));
    if (pipe2(output, O_CLOEXEC) != 0) {
      close(input[0]);
      close(input[1]);
      return Status::IOError("exec handler: pipe", std::strerror(errno));
    }
    const pid_t pid = fork();
    if (pid < 0) {
      for (int fd : {input[0], input[1], output[0], output[1]}) close(fd);
      return Status::IOError("exec handler: fork", std::strerror(errno));
    }
    if (pid == 0) {
      setpgid(0, 0);
      dup2(input[0], STDIN_FILENO);
      dup2(output[1], STDOUT_FILENO);
      dup2(output[1], STDERR_FILENO);
      execvpe(argv[0], argv.data(), envp.data());
      const char message[] = "exec handler: cannot run the command\n";
      (void)!write(STDERR_FILENO, message, sizeof(message) - 1);
      _exit(127);
    }
    setpgid(pid, pid);  // also here, so that the group exists whichever side runs first
    close(input[0]);
    close(output[1]);
    std::string tail;
    const bool finished = Talk(input[1], output[0], event_json, &tail);
    close(output[0]);
    if (!finished) kill(-pid, SIGKILL);
    int wait_status = 0;
    while (waitpid(pid, &wait_status, 0) < 0 && errno == EINTR) {
    }
    const std::string command = options_.command.front();
    if (!finished) {
      return Status::Unavailable("exec handler " + command,
                                 "timed out after " + std::to_string(options_.timeout.count()) + " ms; output: " + tail);
    }
    if (WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0) return Status::OK();
    const std::string how = WIFEXITED(wait_status) ? "exited with " + std::to_string(WEXITSTATUS(wait_status))
                                                   : "was killed by signal " + std::to_string(WTERMSIG(wait_status));
    return Status::Unavailable("exec handler " + command, how + "; output: " + tail);
  }

 private:
  // Writes `input` to the child's stdin (then closes it) and reads its output until it closes it;
  // false when the timeout came first. Closes `stdin_fd`.
  bool Talk(int stdin_fd, int output_fd, std::string_view input, std::string* tail) {
    const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
    fcntl(stdin_fd, F_SETFL, fcntl(stdin_fd, F_GETFL) | O_NONBLOCK);
    size_t written = 0;
    bool stdin_open = true;
    char buffer[4096];
    while (true) {
      if (stdin_open && written == input.size()) {
        close(stdin_fd);
        stdin_open = false;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) break;
      pollfd fds[2] = {{output_fd, POLLIN, 0}, {stdin_fd, POLLOUT, 0}};
      const int ready = poll(fds, stdin_open ? 2 : 1, static_cast<int>(std::min<int64_t>(left.count(), 1000)));
      if (ready < 0 && errno != EINTR) break;
      if (ready <= 0) continue;
      if (stdin_open && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
        const ssize_t count = WriteWithoutSigpipe(stdin_fd, input.data() + written, input.size() - written);
        if (count > 0) {
          written += static_cast<size_t>(count);
        } else if (count < 0 && errno != EAGAIN && errno != EINTR) {
          written = input.size();  // the command does not read its stdin (EPIPE): fine
        }
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t count = read(output_fd, buffer, sizeof(buffer));
        if (count == 0) {
          if (stdin_open) close(stdin_fd);
          return true;  // every holder of the output closed it: the command is done
        }
        if (count > 0) KeepTail(std::string_view(buffer, static_cast<size_t>(count)), tail);
      }
    }
    if (stdin_open) close(stdin_fd);
    return false;
  }

  ExecOptions options_;
};

size_t CollectBody(char* data, size_t size, size_t count, void* user) {
  KeepTail(std::string_view(data, size * count), static_cast<std::string*>(user));
  return size * count;
}

class WebhookHandler : public Handler {
 public:
  explicit WebhookHandler(WebhookOptions options) : options_(std::move(options)) {
    static std::once_flag curl_init;
    std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Status Handle(const ObjectCreated& /*event*/, const std::string& event_json) override {
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return Status::IOError("webhook", "curl_easy_init failed");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    for (const std::string& header : options_.headers) headers = curl_slist_append(headers, header.c_str());
    std::string answer;
    char error[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, event_json.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(event_json.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, CollectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
    const CURLcode code = curl_easy_perform(curl);
    long http_status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    // The URL may hold credentials; the error names the handler's host-free description only.
    if (code != CURLE_OK) {
      return Status::Unavailable("webhook", std::string(error[0] != 0 ? error : curl_easy_strerror(code)));
    }
    if (http_status < 200 || http_status > 299) {
      return Status::Unavailable("webhook", "answered HTTP " + std::to_string(http_status) + ": " + answer);
    }
    return Status::OK();
  }

 private:
  WebhookOptions options_;
};

}  // namespace

std::unique_ptr<Handler> NewExecHandler(ExecOptions options) {
  return std::make_unique<ExecHandler>(std::move(options));
}

std::unique_ptr<Handler> NewWebhookHandler(WebhookOptions options) {
  return std::make_unique<WebhookHandler>(std::move(options));
}

}  // namespace cdc::trigger
