#include "trigger/s3_event.h"

#include <nlohmann/json.hpp>

#include "base/time_text.h"

namespace cdc::trigger {
namespace {

using Json = nlohmann::json;

bool KeptInKey(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.' || c == '~' || c == '/' || c == '*';
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The string at `path` below `json` (e.g. {"s3", "object", "key"}); InvalidArgument naming the path.
Result<std::string> StringAt(const Json& json, std::initializer_list<const char*> path, std::string_view where) {
  const Json* node = &json;
  std::string name(where);
  for (const char* part : path) {
    name += std::string(".") + part;
    if (!node->is_object() || !node->contains(part)) return Status::InvalidArgument("S3 notification", name + " is missing");
    node = &(*node)[part];
  }
  if (!node->is_string()) return Status::InvalidArgument("S3 notification", name + " is not a string");
  return node->get<std::string>();
}

}  // namespace

std::string EncodeEventKey(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (KeptInKey(byte)) {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 15]);
    }
  }
  return out;
}

Result<std::string> DecodeEventKey(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (size_t pos = 0; pos < encoded.size(); ++pos) {
    const char c = encoded[pos];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      const bool whole = pos + 2 < encoded.size();
      const int high = whole ? HexDigit(encoded[pos + 1]) : -1;
      const int low = whole ? HexDigit(encoded[pos + 2]) : -1;
      if (high < 0 || low < 0) {
        return Status::InvalidArgument("S3 notification key", "bad %-escape at byte " + std::to_string(pos));
      }
      out.push_back(static_cast<char>(high * 16 + low));
      pos += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string ToS3EventJson(const ObjectCreated& event) {
  Json object = {{"key", EncodeEventKey(event.key)},
                 {"size", event.size},
                 {"eTag", event.etag},
                 {"sequencer", event.sequencer}};
  Json s3 = {{"s3SchemaVersion", "1.0"},
             {"configurationId", "lakefeed"},
             {"bucket", {{"name", event.bucket},
                         {"ownerIdentity", {{"principalId", "lakefeed"}}},
                         {"arn", "arn:aws:s3:::" + event.bucket}}},
             {"object", std::move(object)}};
  Json record = {{"eventVersion", "2.1"},
                 {"eventSource", "aws:s3"},
                 {"awsRegion", event.region},
                 {"eventTime", FormatUtcMillis(event.time_ms)},
                 {"eventName", event.event_name},
                 {"userIdentity", {{"principalId", "lakefeed"}}},
                 {"requestParameters", {{"sourceIPAddress", "127.0.0.1"}}},
                 {"responseElements", {{"x-amz-request-id", event.sequencer}, {"x-amz-id-2", "lakefeed"}}},
                 {"s3", std::move(s3)}};
  // A name that is not UTF-8 (a file:// lake's directory) is written with U+FFFD, never thrown on.
  return Json{{"Records", Json::array({std::move(record)})}}.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::vector<ObjectCreated>> ParseS3Notification(std::string_view body) {
  const Json json = Json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::InvalidArgument("S3 notification", "the body is not a JSON object");
  }
  if (!json.contains("Records") || !json["Records"].is_array()) {
    return Status::InvalidArgument("S3 notification", "Records is missing or not an array");
  }
  std::vector<ObjectCreated> events;
  const Json& records = json["Records"];
  for (size_t record_idx = 0; record_idx < records.size(); ++record_idx) {
    const Json& record = records[record_idx];
    const std::string where = "Records[" + std::to_string(record_idx) + "]";
    CDC_ASSIGN_OR_RETURN(std::string name, StringAt(record, {"eventName"}, where));
    // MinIO writes "s3:ObjectCreated:Put"; S3 writes "ObjectCreated:Put".
    std::string_view kind = name;
    if (kind.rfind("s3:", 0) == 0) kind.remove_prefix(3);
    if (kind.rfind("ObjectCreated:", 0) != 0) continue;
    ObjectCreated event;
    event.event_name = std::string(kind);
    CDC_ASSIGN_OR_RETURN(event.bucket, StringAt(record, {"s3", "bucket", "name"}, where));
    CDC_ASSIGN_OR_RETURN(std::string key, StringAt(record, {"s3", "object", "key"}, where));
    CDC_ASSIGN_OR_RETURN(event.key, DecodeEventKey(key));
    if (event.key.empty()) return Status::InvalidArgument("S3 notification", where + ".s3.object.key is empty");
    const Json& object = record["s3"]["object"];
    if (object.contains("size")) {
      if (!object["size"].is_number_unsigned()) {
        return Status::InvalidArgument("S3 notification", where + ".s3.object.size is not a size");
      }
      event.size = object["size"].get<uint64_t>();
    }
    if (object.contains("eTag") && object["eTag"].is_string()) event.etag = object["eTag"].get<std::string>();
    if (object.contains("sequencer") && object["sequencer"].is_string()) {
      event.sequencer = object["sequencer"].get<std::string>();
    }
    if (record.contains("awsRegion") && record["awsRegion"].is_string()) {
      event.region = record["awsRegion"].get<std::string>();
    }
    events.push_back(std::move(event));
  }
  return events;
}

}  // namespace cdc::trigger
