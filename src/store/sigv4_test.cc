#include "store/sigv4.h"

#include <gtest/gtest.h>

namespace cdc::store {
namespace {

// AWS's published example of a signed S3 request ("GET Object" with a Range header, in the S3 API
// reference's Signature Version 4 examples): its keys, date and expected Authorization value.
TEST(SigV4Test, MatchesAwsPublishedGetObjectExample) {
  const std::string empty_sha256 = Sha256Hex("");
  EXPECT_EQ(empty_sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  SigV4Request request;
  request.method = "GET";
  request.canonical_uri = "/test.txt";
  request.canonical_query = "";
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", empty_sha256},
                     {"x-amz-date", "20130524T000000Z"}};
  request.payload_sha256 = empty_sha256;
  EXPECT_EQ(SigV4Authorization(request, "20130524T000000Z", "us-east-1", "AKIAIOSFODNN7EXAMPLE",
                               "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, HeadersAreSortedByNameAlone) {
  // x-amz-server-side-encryption sorts before x-amz-server-side-encryption-aws-kms-key-id, whatever the
  // values: the signed-headers list shows the order.
  SigV4Request request;
  request.method = "PUT";
  request.canonical_uri = "/b/k";
  request.headers = {{"x-amz-server-side-encryption-aws-kms-key-id", "arn:k"},
                     {"X-Amz-Server-Side-Encryption", "aws:kms"},
                     {"host", "h"},
                     {"x-amz-date", "20260101T000000Z"},
                     {"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}};
  request.payload_sha256 = "UNSIGNED-PAYLOAD";
  std::string authorization = SigV4Authorization(request, "20260101T000000Z", "eu-west-1", "AK", "SK");
  EXPECT_NE(authorization.find("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-server-side-encryption;"
                               "x-amz-server-side-encryption-aws-kms-key-id,"),
            std::string::npos)
      << authorization;
  EXPECT_EQ(AmzDate(0), "19700101T000000Z");
}

}  // namespace
}  // namespace cdc::store
