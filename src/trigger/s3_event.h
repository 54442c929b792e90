#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

// The S3 event notification that a Lambda function receives when an object is created, both ways:
// lakefeed writes one per committed file for its handlers, and reads the bodies that S3 or MinIO send
// so that files written by others (AWS DMS included) can trigger it too (docs/triggers.md).
namespace cdc::trigger {

// One ObjectCreated record.
struct ObjectCreated {
  std::string bucket;     // the bucket; for a file:// lake, the lake's directory
  std::string key;        // the object key, decoded
  uint64_t size = 0;
  std::string etag;       // without quotes
  // Orders the events of one key, as S3's (upper-case hex; lakefeed's are 24 digits: the checkpoint
  // number, then the file's index in it).
  std::string sequencer;
  int64_t time_ms = 0;    // when the object was created
  std::string region;     // awsRegion ("" for a file:// lake)
  std::string event_name = "ObjectCreated:Put";
};

// The notification body of one record: {"Records":[{"eventVersion":"2.1", "eventSource":"aws:s3", ...}]},
// with the key URL-encoded as S3 encodes it (a handler decodes it with urllib.parse.unquote_plus).
std::string ToS3EventJson(const ObjectCreated& event);

// The ObjectCreated records of a notification body from S3 (as Lambda, SQS or EventBridge-to-Lambda
// pass it on: {"Records": [...]}) or from MinIO (the same records beside its "EventName" and "Key").
// Records of other event types (ObjectRemoved, TestEvent) are left out. InvalidArgument naming the
// field for a body that is not such a notification.
Result<std::vector<ObjectCreated>> ParseS3Notification(std::string_view body);

// S3's encoding of keys in notifications: letters, digits, "-_.~/" and "*" stay, a space becomes '+',
// every other byte %XX. DecodeEventKey is its inverse ('+' is a space); InvalidArgument for a bad escape.
std::string EncodeEventKey(std::string_view key);
Result<std::string> DecodeEventKey(std::string_view encoded);

}  // namespace cdc::trigger
