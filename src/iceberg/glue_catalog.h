#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/env.h"
#include "base/result.h"
#include "base/status.h"
#include "store/s3_store.h"

// The AWS Glue Data Catalog as an Iceberg catalog (docs/iceberg.md "Glue catalog"): a Glue table whose
// parameters table_type=ICEBERG and metadata_location name the table's current metadata file, which is how
// Athena, EMR and Glue jobs find an Iceberg table. Requests are Glue's JSON protocol (POST /, X-Amz-Target
// AWSGlue.<Operation>, application/x-amz-json-1.1) signed with SigV4 for service glue.
namespace cdc::iceberg {

struct GlueOptions {
  std::string region = "us-east-1";
  // scheme://host[:port] of a Glue API other than AWS's (moto, a VPC endpoint); empty:
  // https://glue.<region>.amazonaws.com.
  std::string endpoint;
  store::S3Credentials credentials;
  // Retries of what Glue says to retry (5xx, throttling, a dropped connection), with backoff.
  uint32_t max_attempts = 6;
  uint32_t retry_initial_ms = 200;
  uint32_t retry_max_ms = 5000;
  uint32_t timeout_ms = 30000;
};

// Region from `region` (else AWS_REGION, AWS_DEFAULT_REGION, us-east-1), endpoint from `endpoint` (else
// AWS_ENDPOINT_URL_GLUE, AWS_ENDPOINT_URL), credentials as the S3 store finds them. InvalidArgument when
// there are no credentials.
Result<GlueOptions> GlueOptionsFrom(std::string_view region, std::string_view endpoint, const EnvLookup& env);

// The "__type" of a Glue error answer without its namespace ("EntityNotFoundException"); empty when the body
// is not such an answer.
std::string GlueErrorType(std::string_view body);

// Thread-compatible (one request at a time per object).
class GlueCatalog {
 public:
  explicit GlueCatalog(GlueOptions options);
  ~GlueCatalog();

  // Points the Glue table `database`.`table` at the Iceberg metadata file `metadata_location` (a full URI),
  // with `location` the table's root: UpdateTable, or, for a table Glue does not have yet, CreateTable (and
  // CreateDatabase first when the database is missing too). `previous_metadata_location` (may be empty) is
  // recorded as Glue's Iceberg tables record it. Errors name the operation and Glue's error type.
  Status PointTable(std::string_view database, std::string_view table, std::string_view location,
                    std::string_view metadata_location, std::string_view previous_metadata_location);

  // The JSON answer of one Glue operation ("GetTable", ...) on `body`, with retries. NotFound for
  // EntityNotFoundException, Conflict for AlreadyExistsException, InvalidArgument for access and validation
  // errors, Unavailable when retries ran out.
  Result<std::string> Call(std::string_view operation, const std::string& body);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::iceberg
