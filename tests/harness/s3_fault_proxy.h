#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "base/result.h"
#include "harness/process.h"

namespace cdc::harness {

// tests/harness/s3_fault_proxy.py on a free loopback port, in front of an S3 server on `upstream_port`: a
// share `rate` of the requests get an injected 500 InternalError, 503 SlowDown, a reset connection, a 3 s
// stall then a close, or are forwarded and then lose their answer. For tests that an S3 client retries what
// S3 says to retry and loses nothing. The destructor kills the proxy. Not thread-safe.
class S3FaultProxy {
 public:
  static Result<std::unique_ptr<S3FaultProxy>> Start(uint16_t upstream_port, double rate, uint64_t seed);

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // How many requests met each fault ("500", "503", "reset", "stall", "lost-answer") or were "forwarded".
  Result<std::map<std::string, uint64_t>> Counts() const;

 private:
  S3FaultProxy() = default;
  uint16_t port_ = 0;
  TempDir dir_;
  Subprocess process_;
};

}  // namespace cdc::harness
