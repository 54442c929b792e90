#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace cdc::harness {

// A TCP proxy on loopback for network-failure tests: it listens on 127.0.0.1:<free port> and forwards each
// connection to 127.0.0.1:<target port>, byte for byte (one thread per direction, so a slow reader on one
// connection never stalls another). The faults, as the client sees them:
//  - DropAll(): every open connection is reset (RST on both sides), as when a link or a NAT entry dies.
//  - SetRefusing(true): new connections are accepted and reset at once, as when the path is down, until
//    SetRefusing(false).
//  - FreezeAll(): every open connection goes silent for good -- no byte passes either way, and neither side
//    sees an end (a link that died without a FIN or RST: only a timeout can tell). New connections work.
// When the target refuses a connection (the server is down), the client's connection is reset too.
//
// Thread-safety: every method may be called from any thread. Lifetime: the destructor stops listening,
// resets what is open and joins its threads.
class TcpProxy {
 public:
  // Listens and starts forwarding. IOError when no listening socket can be made.
  static Result<std::unique_ptr<TcpProxy>> Start(uint16_t target_port);

  ~TcpProxy();
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  uint16_t port() const { return port_; }
  // Resets every connection open now. Returns the number reset.
  size_t DropAll();
  // Silences every connection open now (until the proxy dies). Returns the number silenced.
  size_t FreezeAll();
  void SetRefusing(bool refusing) { refusing_.store(refusing); }
  // Connections forwarded to the target so far, and those open now (and not frozen).
  uint64_t accepted() const { return accepted_.load(); }
  size_t open_connections();

 private:
  struct Link;
  TcpProxy(int listener, uint16_t port, uint16_t target_port)
      : listener_(listener), port_(port), target_port_(target_port) {}
  void AcceptLoop();

  const int listener_;
  const uint16_t port_;
  const uint16_t target_port_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> refusing_{false};
  std::atomic<uint64_t> accepted_{0};
  std::thread acceptor_;
  std::mutex mutex_;  // guards links_ and pumps_
  std::vector<std::shared_ptr<Link>> links_;
  std::vector<std::thread> pumps_;
};

}  // namespace cdc::harness
