#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace cdc::binlog {

// A small JSON DOM for applying PARTIAL_UPDATE_ROWS diffs (json_diff.h) to the text of a
// before-image. Unlike general JSON libraries it keeps number tokens verbatim, so DECIMAL
// values (9.00), big integers and MySQL-formatted doubles (1e20) print back exactly as read.
// Object members are kept sorted in MySQL's binary key order (length, then bytes), which is
// the order the server stores and prints them in.
//
// Thread-safety: a value type; distinct nodes may be used from distinct threads.

enum class JsonKind : uint8_t { kNull, kTrue, kFalse, kNumber, kString, kArray, kObject };

std::string_view ToString(JsonKind kind);

struct JsonMember;

struct JsonNode {
  JsonKind kind = JsonKind::kNull;
  // kNumber: the number token as read ("-1.50", "1e20"). kString: the decoded bytes.
  std::string text;
  std::vector<JsonNode> elements;   // kArray
  std::vector<JsonMember> members;  // kObject, sorted by JsonKeyLess, keys unique
};

struct JsonMember {
  std::string key;
  JsonNode value;
};

// MySQL's key order for binary objects (Json_key_comparator): shorter keys first, then bytewise.
bool JsonKeyLess(std::string_view a, std::string_view b);

// Parses JSON text (RFC 8259; whitespace allowed around tokens) into *out.
// Strings may hold any bytes from 0x20 up, including invalid UTF-8, because MySQL's printer
// copies string bytes unchanged; escapes (\uXXXX with surrogate pairs) are decoded to UTF-8.
// For duplicate keys the last one wins, as in MySQL 8.
// Returns Corruption on a syntax error, trailing text, or nesting deeper than kMaxJsonDepth.
Status ParseJsonText(std::string_view text, JsonNode* out);

// Parses the quoted JSON string that starts at text[*pos] (the opening '"'), decodes it into
// *out and advances *pos past the closing quote. Corruption if it is not a valid string.
Status ParseJsonStringToken(std::string_view text, size_t* pos, std::string* out);

// Returns the index of the member with `key` in a kObject node, or members.size() if absent.
size_t FindJsonMember(const JsonNode& object, std::string_view key);

// Appends `node` as MySQL prints it (Json_wrapper::to_string): ", " and ": " separators,
// members in key order, strings escaped by AppendJsonString, numbers verbatim.
// Corruption if it is nested deeper than kMaxJsonDepth.
Status AppendJsonDomText(const JsonNode& node, std::string* out);

}  // namespace cdc::binlog
