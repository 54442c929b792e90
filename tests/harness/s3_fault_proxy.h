#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "harness/process.h"

namespace cdc::harness {

// tests/harness/s3_fault_proxy.py on a free loopback port, in front of an S3 server on `upstream_port`: a
// share `rate` of the requests get an injected 500 InternalError, 503 SlowDown, a reset connection, a stall
// of `stall` then a close, or are forwarded and then lose their answer. For tests that an S3 client retries what
// S3 says to retry and loses nothing. The destructor kills the proxy. Not thread-safe.
class S3FaultProxy {
 public:
  static Result<std::unique_ptr<S3FaultProxy>> Start(uint16_t upstream_port, double rate, uint64_t seed,
                                                     std::chrono::milliseconds stall = std::chrono::seconds(3));

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // How many requests met each fault ("500", "503", "reset", "stall", "lost-answer") or were "forwarded".
  Result<std::map<std::string, uint64_t>> Counts() const;

  // Holds the next request whose "<METHOD> <path>[ copy]" matches the ECMAScript/Python regex `pattern`
  // (" copy" when it carries x-amz-copy-source): before it is forwarded, or with `after` once it has taken
  // effect but before it is answered -- so that a test can kill the client at that very step.
  Status Arm(const std::string& pattern, bool after);
  // Whether an armed request is being held now.
  bool Holding() const;
  // Disarms, and lets a held request go: its connection is closed unanswered.
  void Release();

 private:
  S3FaultProxy() = default;
  uint16_t port_ = 0;
  TempDir dir_;
  Subprocess process_;
};

}  // namespace cdc::harness
