#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "base/status.h"
#include "harness/process.h"

namespace cdc::harness {

// moto's S3-compatible server (`python3 -m moto.server`) on a free loopback port, for tests of the S3
// client and of anything that writes to S3. State is in memory and dies with the process.
//
// Without signature checking (the default) any access key and secret are accepted. With
// verify_signatures, moto is started with INITIAL_NO_AUTH_ACTION_COUNT=3 and Start() spends those
// three unauthenticated calls creating an IAM user with an inline s3:* policy and an access key
// (reference/toolchain.md §3): requests must then be signed (SigV4) with access_key()/secret_key(), a
// wrong secret gets 403 SignatureDoesNotMatch. (moto bug: in this mode any request whose query string
// contains '/' fails the check; test listings on an unverified instance.)
//
// Lifetime: the destructor kills the server and removes its temp dir (its log is kept after
// MarkFailed()). Not thread-safe.
class MotoSandbox {
 public:
  struct Options {
    bool verify_signatures = false;
  };

  // Starts moto and waits until it answers HTTP (up to 60 s). IOError/Unavailable with moto's log.
  static Result<std::unique_ptr<MotoSandbox>> Start(const Options& options);
  static Result<std::unique_ptr<MotoSandbox>> Start() { return Start(Options{}); }

  ~MotoSandbox();
  MotoSandbox(const MotoSandbox&) = delete;
  MotoSandbox& operator=(const MotoSandbox&) = delete;

  uint16_t port() const { return port_; }
  std::string host() const { return "127.0.0.1"; }
  // "http://127.0.0.1:<port>"
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& access_key() const { return access_key_; }
  const std::string& secret_key() const { return secret_key_; }
  std::string region() const { return "us-east-1"; }
  bool verify_signatures() const { return options_.verify_signatures; }
  std::string log_path() const { return dir_.path() + "/moto.log"; }

  // Runs a Python snippet with boto3 preconfigured: the variable `s3` is a client for this server (with
  // this sandbox's credentials, path-style). Returns the snippet's stdout; IOError with stderr when it
  // fails. For tests that need an independent S3 client.
  Result<std::string> RunBoto3(const std::string& python_code);

  void MarkFailed() { failed_ = true; }
  void Stop();

 private:
  MotoSandbox(Options options, TempDir dir) : options_(options), dir_(std::move(dir)) {}
  Status Launch();
  Status CreateSigningUser();

  Options options_;
  TempDir dir_;
  uint16_t port_ = 0;
  Subprocess server_;
  std::string access_key_ = "testing";
  std::string secret_key_ = "testing";
  bool failed_ = false;
};

}  // namespace cdc::harness
