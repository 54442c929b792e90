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

// AWS's published example for a service other than S3 (the General Reference's Signature Version 4 example,
// IAM ListUsers): the service goes into the scope and the key derivation.
TEST(SigV4Test, MatchesAwsPublishedIamExample) {
  SigV4Request request;
  request.method = "GET";
  request.canonical_uri = "/";
  request.canonical_query = "Action=ListUsers&Version=2010-05-08";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"},
                     {"Host", "iam.amazonaws.com"},
                     {"X-Amz-Date", "20150830T123600Z"}};
  const std::string empty_sha256 = Sha256Hex("");
  request.payload_sha256 = empty_sha256;
  request.service = "iam";
  EXPECT_EQ(SigV4Authorization(request, "20150830T123600Z", "us-east-1", "AKIDEXAMPLE",
                               "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request,"
            "SignedHeaders=content-type;host;x-amz-date,"
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
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
