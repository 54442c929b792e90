#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/result.h"
#include "metrics/registry.h"
#include "store/object_store.h"

namespace cdc::store {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // temporary credentials (STS); empty otherwise
  std::string source;         // where they were found, for messages: never the secret itself
};

// Finds credentials as the AWS SDKs do, first match wins (docs/s3.md):
//  1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) in the environment;
//  2. the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, default ~/.aws/credentials), section
//     [AWS_PROFILE] (default "default"): aws_access_key_id, aws_secret_access_key, aws_session_token;
//  3. the shared config file (AWS_CONFIG_FILE, default ~/.aws/config), section [profile NAME]
//     ([default] for the default profile), the same keys.
// The SDKs also take web identity tokens (AWS_WEB_IDENTITY_TOKEN_FILE, before the shared files),
// role_arn / credential_process profiles and instance metadata (IMDSv2, last); those are not built
// (no such endpoint here). InvalidArgument naming what was looked at when
// nothing is found, or when only one of the key id and the secret is set. The secret access key and
// session token found are registered with the logger (RegisterSecret), so no log line shows them.
Result<S3Credentials> ResolveS3Credentials(const EnvLookup& env);

struct S3Options {
  std::string bucket;
  std::string prefix;  // keys live under "<prefix>/"; empty: the bucket's root
  std::string region = "us-east-1";
  // scheme://host[:port] of an S3 API other than AWS (MinIO, Ceph, moto); empty: AWS,
  // https://s3.<region>.amazonaws.com.
  std::string endpoint;
  // Path-style URLs (endpoint/bucket/key) rather than virtual-hosted ones (bucket.endpoint/key).
  bool path_style = false;
  S3Credentials credentials;
  // PutFile uploads files larger than this in parts of this size (S3: 5 MiB to 5 GiB).
  uint64_t part_size = uint64_t{8} << 20;
  // Server-side encryption of what is written: "" (the bucket's default), "AES256" (SSE-S3) or
  // "aws:kms" (SSE-KMS, with sse_kms_key_id or the account's default key).
  std::string sse;
  std::string sse_kms_key_id;
  // Retries of a request that failed in a way S3 says to retry (5xx, 429, SlowDown, RequestTimeout,
  // a timeout, a reset connection), with exponential backoff and jitter.
  uint32_t max_attempts = 6;
  uint32_t retry_initial_ms = 100;
  uint32_t retry_max_ms = 5000;
  uint32_t connect_timeout_ms = 5000;
  // A request that moves no byte for this long is abandoned (and retried).
  uint32_t stall_timeout_s = 30;
  // Where the store's metrics go (S3Probe), labelled with `metrics_store`; null: none.
  metrics::Registry* metrics = nullptr;
  std::string metrics_store = "target";
};

// The options an s3://bucket/prefix URL names, with the endpoint and region from the environment
// (AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL; AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1)
// and credentials from ResolveS3Credentials. A custom endpoint takes path-style URLs (as MinIO and
// most S3 APIs other than AWS need). InvalidArgument for a malformed URL or missing credentials.
Result<S3Options> S3OptionsFromUrl(std::string_view url, const EnvLookup& env);

// Counters of the requests a store sent, for metrics. Retries count as requests.
struct S3RequestCounts {
  uint64_t requests = 0;
  uint64_t retries = 0;
  uint64_t errors = 0;  // requests that ended in an error status (after retries)
  uint64_t total_us = 0;
  uint64_t bytes_sent = 0;
  uint64_t bytes_received = 0;
};

// An ObjectStore on an S3 API bucket (docs/s3.md), over libcurl, every request signed with SigV4
// (store/sigv4.h, with the payload's SHA-256 in x-amz-content-sha256).
//
// Atomic writes come from S3 itself (a PUT is all or nothing). PutIfAbsent is `If-None-Match: *`,
// the conditional overwrite `If-Match: <etag>`, both answered 412 (Conflict) when they fail; a
// conditional write retried after an answer that never came, which finds its own bytes in place, is
// a success (a multipart completion likewise, by its size and multipart ETag). PutFile uploads
// files above part_size in parts (aborted on failure). Move is CopyObject then DeleteObject: unlike
// the other stores, the moved object gets a new ETag when its source was uploaded in parts or is
// encrypted with SSE-KMS. List is ListObjectsV2. The parts of a file go up 4 at a time (at most 64 MiB
// of them in memory).
//
// Thread-safe: requests take libcurl handles from a pool (connections are reused).
class S3Store : public ObjectStore {
 public:
  // Checks the options; no request is sent (the first call finds out whether the bucket answers).
  static Result<std::unique_ptr<S3Store>> Open(S3Options options);
  ~S3Store() override;

  std::string url() const override;
  Result<std::string> Get(std::string_view key, ByteRange range = {}) override;
  Result<ObjectInfo> Head(std::string_view key) override;
  Result<ObjectInfo> Put(std::string_view key, std::string_view data, const PutOptions& options = {}) override;
  Result<ObjectInfo> PutFile(std::string_view key, const std::string& path, const PutOptions& options = {}) override;
  Status Delete(std::string_view key) override;
  Result<ListPage> List(const ListOptions& options) override;
  Status Move(std::string_view from, std::string_view to) override;

  S3RequestCounts counts() const;

 private:
  struct Impl;
  explicit S3Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::store
