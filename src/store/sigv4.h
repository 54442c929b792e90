#pragma once

#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// AWS Signature Version 4 for S3 requests (docs/s3.md "Signing") and the Glue catalog's, written here rather
// than left to libcurl's CURLOPT_AWS_SIGV4: curl before 8.10 orders signed headers wrongly when one name is a
// prefix of another (x-amz-server-side-encryption and ...-aws-kms-key-id), and some later versions
// decode an encoded '+' in the query string before signing it.
namespace cdc::store {

struct SigV4Request {
  std::string_view method;           // "GET", "PUT", ...
  std::string_view canonical_uri;    // the path as sent: URI-encoded, '/' kept ("/bucket/a%20b.csv")
  std::string_view canonical_query;  // "name=value" pairs URI-encoded, sorted, joined by '&' ("" for none)
  // Every header to sign, names in any case; must include host, x-amz-date and x-amz-content-sha256.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view payload_sha256;  // hex SHA-256 of the body (the x-amz-content-sha256 value)
  std::string_view service = "s3";  // the scope's service: "s3", "glue"
};

// "20130524T000000Z" for `time` (UTC).
std::string AmzDate(std::time_t time);

// The Authorization header's value for `request`, signed at `amz_date` for its service in `region`.
std::string SigV4Authorization(const SigV4Request& request, std::string_view amz_date, std::string_view region,
                               std::string_view access_key_id, std::string_view secret_access_key);

// The lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace cdc::store
