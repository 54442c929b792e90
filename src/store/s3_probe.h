#pragma once

#include <string>
#include <string_view>

#include "metrics/registry.h"

namespace cdc::store {

// The S3 store's metrics (docs/metrics.md): requests by operation, retries and errors by S3 error code (or
// "HTTP <status>", or "network" for a request that got no answer), and request time. `store` labels which store
// it is ("target", "warehouse", ...). Thread-safe (the registry's metrics are).
class S3Probe {
 public:
  S3Probe(metrics::Registry& registry, std::string store)
      : registry_(registry),
        store_(std::move(store)),
        duration_(registry.histogram("lakefeed_s3_request_duration_seconds", "Time of one S3 request (an attempt)",
                                     metrics::DurationBuckets(), {{"store", store_}})) {}

  // One attempt of `op` (PUT, GET, CopyObject, ...) took `seconds`.
  void OnAttempt(std::string_view op, double seconds) {
    registry_.counter("lakefeed_s3_requests_total", "S3 requests sent, retries included", Labels(op)).Inc();
    duration_.Observe(seconds);
  }
  void OnRetry(std::string_view op, std::string_view code) {
    registry_.counter("lakefeed_s3_retries_total", "S3 requests sent again after a retryable failure",
                      Labels(op, code)).Inc();
  }
  // A request that failed for good (a NoSuchKey of a lookup included).
  void OnError(std::string_view op, std::string_view code) {
    registry_.counter("lakefeed_s3_errors_total", "S3 requests that ended in an error, after retries",
                      Labels(op, code)).Inc();
  }

 private:
  metrics::Labels Labels(std::string_view op, std::string_view code = {}) const {
    metrics::Labels labels = {{"store", store_}, {"op", std::string(op)}};
    if (!code.empty()) labels.emplace_back("code", std::string(code));
    return labels;
  }

  metrics::Registry& registry_;
  std::string store_;
  metrics::Histogram& duration_;
};

}  // namespace cdc::store
