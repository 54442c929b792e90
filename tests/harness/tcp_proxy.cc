#include "harness/tcp_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace cdc::harness {
namespace {

// SO_LINGER 0: the next close (or this shutdown's peer) sees a reset instead of an orderly end.
void Reset(int fd) {
  linger option{1, 0};
  (void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, sizeof(option));
  (void)shutdown(fd, SHUT_RDWR);
}

bool WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t written = send(fd, data, size, MSG_NOSIGNAL);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

int ConnectLoopback(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

// One proxied connection: the client's socket and ours to the target. The fds are closed when both pumps
// (and the proxy's list) let go of it.
struct TcpProxy::Link {
  Link(int client_fd, int server_fd) : client(client_fd), server(server_fd) {}
  ~Link() {
    close(client);
    close(server);
  }
  // Ends both directions (the pumps' reads return) -- as a reset when `reset`.
  void End(bool reset) {
    if (ended.exchange(true)) return;
    if (reset) {
      Reset(client);
      Reset(server);
    } else {
      (void)shutdown(client, SHUT_RDWR);
      (void)shutdown(server, SHUT_RDWR);
    }
  }
  const int client;
  const int server;
  std::atomic<bool> ended{false};
  std::atomic<bool> frozen{false};
};

Result<std::unique_ptr<TcpProxy>> TcpProxy::Start(uint16_t target_port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::IOError("tcp proxy: socket() failed");
  int one = 1;
  (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = 0;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return Status::IOError("tcp proxy: cannot listen on 127.0.0.1");
  }
  std::unique_ptr<TcpProxy> proxy(new TcpProxy(fd, ntohs(address.sin_port), target_port));
  proxy->acceptor_ = std::thread([raw = proxy.get()] { raw->AcceptLoop(); });
  return proxy;
}

TcpProxy::~TcpProxy() {
  stopping_.store(true);
  if (acceptor_.joinable()) acceptor_.join();
  close(listener_);
  std::vector<std::thread> pumps;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const std::shared_ptr<Link>& link : links_) link->End(/*reset=*/true);
    pumps.swap(pumps_);
  }
  for (std::thread& pump : pumps) pump.join();
}

size_t TcpProxy::DropAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t dropped = 0;
  for (const std::shared_ptr<Link>& link : links_) {
    if (!link->ended.load()) {
      link->End(/*reset=*/true);
      ++dropped;
    }
  }
  return dropped;
}

size_t TcpProxy::FreezeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t frozen = 0;
  for (const std::shared_ptr<Link>& link : links_) {
    if (!link->ended.load() && !link->frozen.exchange(true)) ++frozen;
  }
  return frozen;
}

size_t TcpProxy::open_connections() {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t open = 0;
  for (const std::shared_ptr<Link>& link : links_) open += link->ended.load() || link->frozen.load() ? 0 : 1;
  return open;
}

void TcpProxy::AcceptLoop() {
  while (!stopping_.load()) {
    pollfd waiting{listener_, POLLIN, 0};
    if (poll(&waiting, 1, 50) <= 0) continue;
    int client = accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    int server = refusing_.load() ? -1 : ConnectLoopback(target_port_);
    if (server < 0) {  // the path is down, or the target refuses: the client sees a reset
      Reset(client);
      close(client);
      continue;
    }
    int one = 1;
    (void)setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    accepted_.fetch_add(1);
    auto link = std::make_shared<Link>(client, server);
    auto pump = [link](int from, int to) {
      char buffer[65536];
      while (true) {
        // Frozen: nothing is read (so nothing is seen, not even an end) until the link is reset.
        pollfd readable{from, POLLIN, 0};
        if (poll(&readable, 1, 50) <= 0) {
          if (link->ended.load()) break;
          continue;
        }
        if (link->frozen.load()) {
          if (link->ended.load()) break;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
          continue;
        }
        ssize_t got = recv(from, buffer, sizeof(buffer), 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0 || !WriteAll(to, buffer, static_cast<size_t>(got))) break;
      }
      // One side ended (or was reset): end the other direction too, as an orderly close unless reset already.
      link->End(/*reset=*/false);
    };
    std::lock_guard<std::mutex> lock(mutex_);
    // Forget links whose pumps are done (their threads are joined at the end).
    std::erase_if(links_, [](const std::shared_ptr<Link>& old) { return old->ended.load(); });
    links_.push_back(link);
    pumps_.emplace_back(pump, client, server);
    pumps_.emplace_back(pump, server, client);
  }
}

}  // namespace cdc::harness
