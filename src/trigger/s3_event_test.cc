#include "trigger/s3_event.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cdc::trigger {
namespace {

ObjectCreated Sample() {
  ObjectCreated event;
  event.bucket = "cdc-lake";
  event.key = "lake/shop/order items/20261207-024500123.csv";
  event.size = 1234;
  event.etag = "0123456789abcdef0123456789abcdef";
  event.sequencer = "00000000000000070000000A";
  event.time_ms = 1796611500123;  // 2026-12-07T02:45:00.123Z
  event.region = "eu-west-1";
  return event;
}

TEST(S3EventTest, TheJsonALambdaReceives) {
  const nlohmann::json json = nlohmann::json::parse(ToS3EventJson(Sample()));
  ASSERT_EQ(json["Records"].size(), 1u);
  const nlohmann::json& record = json["Records"][0];
  EXPECT_EQ(record["eventVersion"], "2.1");
  EXPECT_EQ(record["eventSource"], "aws:s3");
  EXPECT_EQ(record["eventName"], "ObjectCreated:Put");
  EXPECT_EQ(record["eventTime"], "2026-12-07T02:45:00.123Z");
  EXPECT_EQ(record["awsRegion"], "eu-west-1");
  EXPECT_EQ(record["s3"]["s3SchemaVersion"], "1.0");
  EXPECT_EQ(record["s3"]["bucket"]["name"], "cdc-lake");
  EXPECT_EQ(record["s3"]["bucket"]["arn"], "arn:aws:s3:::cdc-lake");
  EXPECT_EQ(record["s3"]["object"]["key"], "lake/shop/order+items/20261207-024500123.csv");
  EXPECT_EQ(record["s3"]["object"]["size"], 1234);
  EXPECT_EQ(record["s3"]["object"]["eTag"], "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(record["s3"]["object"]["sequencer"], "00000000000000070000000A");
}

TEST(S3EventTest, KeysAreEncodedAsS3EncodesThem) {
  EXPECT_EQ(EncodeEventKey("a b/c+d%e&f=g~h_i-j.k*l"), "a+b/c%2Bd%25e%26f%3Dg~h_i-j.k*l");
  EXPECT_EQ(EncodeEventKey("t\xc3\xa9st"), "t%C3%A9st");
  for (const char* key : {"plain", "a b", "x+y", "100%", "\xc3\xa9/\xf0\x9f\x98\x80", "q?r#s"}) {
    Result<std::string> decoded = DecodeEventKey(EncodeEventKey(key));
    ASSERT_TRUE(decoded.ok()) << key;
    EXPECT_EQ(*decoded, key);
  }
  EXPECT_EQ(DecodeEventKey("a%2fb").value(), "a/b");
  for (const char* bad : {"%", "%4", "%zz", "a%g0"}) EXPECT_TRUE(DecodeEventKey(bad).status().IsInvalidArgument()) << bad;
}

TEST(S3EventTest, ParsesWhatItWritesAndWhatMinIoSends) {
  Result<std::vector<ObjectCreated>> ours = ParseS3Notification(ToS3EventJson(Sample()));
  ASSERT_TRUE(ours.ok()) << ours.status().ToString();
  ASSERT_EQ(ours->size(), 1u);
  EXPECT_EQ((*ours)[0].key, Sample().key);
  EXPECT_EQ((*ours)[0].bucket, "cdc-lake");
  EXPECT_EQ((*ours)[0].size, 1234u);
  EXPECT_EQ((*ours)[0].sequencer, Sample().sequencer);
  EXPECT_EQ((*ours)[0].region, "eu-west-1");

  // MinIO's body: its own EventName and Key beside S3-shaped records whose eventName has an "s3:" prefix.
  const char* minio = R"({"EventName":"s3:ObjectCreated:Put","Key":"raw/dms/LOAD00000001.csv","Records":[
    {"eventVersion":"2.0","eventSource":"minio:s3","awsRegion":"","eventTime":"2026-12-07T02:45:00.123Z",
     "eventName":"s3:ObjectCreated:Put","s3":{"s3SchemaVersion":"1.0","configurationId":"Config",
     "bucket":{"name":"raw","arn":"arn:aws:s3:::raw"},
     "object":{"key":"dms%2FLOAD00000001.csv","size":42,"eTag":"e","sequencer":"17A0"}}},
    {"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"raw"},"object":{"key":"gone.csv"}}}]})";
  Result<std::vector<ObjectCreated>> theirs = ParseS3Notification(minio);
  ASSERT_TRUE(theirs.ok()) << theirs.status().ToString();
  ASSERT_EQ(theirs->size(), 1u);  // the removal is not an ObjectCreated event
  EXPECT_EQ((*theirs)[0].bucket, "raw");
  EXPECT_EQ((*theirs)[0].key, "dms/LOAD00000001.csv");
  EXPECT_EQ((*theirs)[0].size, 42u);
  EXPECT_EQ((*theirs)[0].event_name, "ObjectCreated:Put");
}

TEST(S3EventTest, MalformedBodiesNameWhatIsWrong) {
  struct Case {
    const char* body;
    const char* names;
  };
  for (const Case& c : std::vector<Case>{
           {"", "not a JSON object"},
           {"[1]", "not a JSON object"},
           {R"({"records":[]})", "Records"},
           {R"({"Records":[{}]})", "Records[0].eventName"},
           {R"({"Records":[{"eventName":"ev"},{}]})", "Records[1].eventName"},  // a short name is another event type
           {R"({"Records":[{"eventName":"ObjectCreated:Put","s3":{"object":{"key":"k"}}}]})", "Records[0].s3.bucket"},
           {R"({"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":7}}}]})",
            "Records[0].s3.object.key"},
           {R"({"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","size":-1}}}]})",
            "size"},
           {R"({"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"%zz"}}}]})",
            "%-escape"},
       }) {
    Result<std::vector<ObjectCreated>> parsed = ParseS3Notification(c.body);
    ASSERT_FALSE(parsed.ok()) << c.body;
    EXPECT_TRUE(parsed.status().IsInvalidArgument()) << c.body;
    EXPECT_NE(parsed.status().ToString().find(c.names), std::string::npos) << parsed.status().ToString();
  }
}

}  // namespace
}  // namespace cdc::trigger
