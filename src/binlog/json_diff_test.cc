#include "binlog/json_diff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "binlog/json_binary.h"
#include "binlog/json_dom.h"

namespace cdc::binlog {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr uint8_t kReplace = 0;
constexpr uint8_t kInsert = 1;
constexpr uint8_t kRemove = 2;

// A length as MySQL's net_store_length writes it: < 251 in one byte, else 0xfc + u16 (enough here).
void AppendLength(size_t length, Bytes* out) {
  if (length < 251) {
    out->push_back(static_cast<uint8_t>(length));
  } else {
    out->push_back(0xfc);
    out->push_back(static_cast<uint8_t>(length));
    out->push_back(static_cast<uint8_t>(length >> 8));
  }
}

// One diff: operation, lenenc path length + path, and for REPLACE/INSERT lenenc value length +
// binary JSON value.
Bytes Diff(uint8_t operation, std::string_view path, const Bytes& value = {}) {
  Bytes out = {operation};
  AppendLength(path.size(), &out);
  out.insert(out.end(), path.begin(), path.end());
  if (operation != kRemove) {
    AppendLength(value.size(), &out);
    out.insert(out.end(), value.begin(), value.end());
  }
  return out;
}

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

const Bytes kInt16_26 = {0x05, 0x1a, 0x00};          // binary JSON int16 26
const Bytes kStringX = {0x0c, 0x01, 'x'};           // binary JSON "x"
const Bytes kTrue = {0x04, 0x01};                   // binary JSON true
const Bytes kEmptyArray = {0x02, 0x00, 0x00, 0x04, 0x00};  // binary JSON []

std::string Apply(std::string_view base, const Bytes& diffs) {
  std::string out;
  Status status = ApplyJsonDiffs(base, diffs, &out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

bool IsCorrupt(std::string_view base, const Bytes& diffs) {
  std::string out;
  return ApplyJsonDiffs(base, diffs, &out).IsCorruption();
}

// ---- the DOM ----

std::string RoundTrip(std::string_view text) {
  JsonNode node;
  Status status = ParseJsonText(text, &node);
  EXPECT_TRUE(status.ok()) << status.ToString() << " for " << text;
  std::string out;
  EXPECT_TRUE(AppendJsonDomText(node, &out).ok());
  return out;
}

TEST(JsonDomTest, KeepsNumberTokensVerbatim) {
  EXPECT_EQ(RoundTrip("[9.00,18446744073709551616,-0.0,1e20,1E+2,-12.5e-3,0]"),
            "[9.00, 18446744073709551616, -0.0, 1e20, 1E+2, -12.5e-3, 0]");
}

TEST(JsonDomTest, PrintsKeysInMysqlOrderAndLastDuplicateWins) {
  EXPECT_EQ(RoundTrip(R"({"bb": 1, "a": 2, "ab": 3, "b": 4, "a": 5})"), R"({"a": 5, "b": 4, "ab": 3, "bb": 1})");
  EXPECT_EQ(RoundTrip(" { } "), "{}");
  EXPECT_EQ(RoundTrip("[ ]"), "[]");
  EXPECT_EQ(RoundTrip(" \t\r\n[true,false,null,\"s\"] "), R"([true, false, null, "s"])");
}

TEST(JsonDomTest, DecodesEscapesAndReescapesLikeMysql) {
  // \u00e9 and a surrogate pair become raw UTF-8; \/ becomes '/'; controls stay escaped.
  EXPECT_EQ(RoundTrip(R"(["\u00e9\ud83d\ude00\/\"\\\b\f\n\r\t\u0001\u007f"])"),
            "[\"\xc3\xa9\xf0\x9f\x98\x80/\\\"\\\\\\b\\f\\n\\r\\t\\u0001\x7f\"]");
  // Raw non-ASCII and even invalid UTF-8 bytes pass through, as MySQL's printer passes them.
  EXPECT_EQ(RoundTrip("\"\xff\xc3\xa9\""), "\"\xff\xc3\xa9\"");
}

TEST(JsonDomTest, RejectsBadText) {
  JsonNode node;
  for (std::string_view bad : {"", "[", "[1,]", "{\"a\"}", "{\"a\":1,}", "01", "1.", "1e", "-", "+1", "tru",
                               "\"abc", "\"a\x01\"", "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\u12\"",
                               "[1] 2", "{1: 2}", "nul"}) {
    EXPECT_TRUE(ParseJsonText(bad, &node).IsCorruption()) << bad;
  }
}

TEST(JsonDomTest, DepthLimit) {
  JsonNode node;
  EXPECT_TRUE(ParseJsonText(std::string(100, '[') + std::string(100, ']'), &node).ok());
  EXPECT_TRUE(ParseJsonText(std::string(101, '[') + std::string(101, ']'), &node).IsCorruption());
  EXPECT_TRUE(ParseJsonText(std::string(100, '[') + "{}" + std::string(100, ']'), &node).IsCorruption());
}

// ---- applying diffs ----

TEST(JsonDiffTest, ReplaceMemberAsRecorded) {
  // The first diff of PARTIAL_UPDATE_ROWS at 3750 in json.binlog.000001.
  const Bytes diff = {
      0x00,                          // REPLACE
      0x05, '$', '.', 'a', 'g', 'e',  // path "$.age"
      0x03, 0x05, 0x1a, 0x00,        // value: 3 bytes, int16 26
  };
  EXPECT_EQ(Apply(R"({"age": 25, "data": "xxxxxxxxxx", "name": "Joe"})", diff),
            R"({"age": 26, "data": "xxxxxxxxxx", "name": "Joe"})");
  // Every truncation of the diff is Corruption.
  for (size_t len = 1; len < diff.size(); ++len) {
    EXPECT_TRUE(IsCorrupt(R"({"age": 25})", Bytes(diff.begin(), diff.begin() + static_cast<std::ptrdiff_t>(len))))
        << len;
  }
}

TEST(JsonDiffTest, ReplaceNestedPaths) {
  const std::string base = R"({"a": [1, {"b c": [10, 20, 30]}], "d": 9.00})";
  EXPECT_EQ(Apply(base, Diff(kReplace, "$.a[0]", kStringX)), R"({"a": ["x", {"b c": [10, 20, 30]}], "d": 9.00})");
  EXPECT_EQ(Apply(base, Diff(kReplace, R"($.a[1]."b c"[2])", kTrue)), R"({"a": [1, {"b c": [10, 20, true]}], "d": 9.00})");
  EXPECT_EQ(Apply(base, Diff(kReplace, R"($.a[1]."b c"[last])", kTrue)), R"({"a": [1, {"b c": [10, 20, true]}], "d": 9.00})");
  EXPECT_EQ(Apply(base, Diff(kReplace, R"($.a[1]."b c"[last-2])", kTrue)), R"({"a": [1, {"b c": [true, 20, 30]}], "d": 9.00})");
  // Whitespace between path tokens, as MySQL's path parser allows.
  EXPECT_EQ(Apply(base, Diff(kReplace, R"( $ . a [ 1 ] . "b c" [ last - 1 ] )", kTrue)),
            R"({"a": [1, {"b c": [10, true, 30]}], "d": 9.00})");
  // A quoted key with escapes, and a unicode key.
  EXPECT_EQ(Apply(R"({"q\"k": 1})", Diff(kReplace, R"($."q\"k")", kTrue)), R"({"q\"k": true})");
  EXPECT_EQ(Apply("{\"\xc3\xa9\": 1}", Diff(kReplace, "$.\xc3\xa9", kTrue)), "{\"\xc3\xa9\": true}");
  // Replacing a value with a container.
  EXPECT_EQ(Apply(base, Diff(kReplace, "$.d", kEmptyArray)), R"({"a": [1, {"b c": [10, 20, 30]}], "d": []})");
}

TEST(JsonDiffTest, ValuesKeepMysqlNumberText) {
  // An opaque DECIMAL(11,2) 9.00 stays 9.00; a double prints as MySQL prints it.
  const Bytes decimal = {0x0f, 0xf6, 0x07, 0x0b, 0x02, 0x80, 0x00, 0x00, 0x09, 0x00};
  const Bytes double_1e20 = {0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  Bytes d = double_1e20;
  const uint64_t bits = std::bit_cast<uint64_t>(1e20);
  for (int i = 0; i < 8; ++i) d[1 + static_cast<size_t>(i)] = static_cast<uint8_t>(bits >> (8 * i));
  EXPECT_EQ(Apply(R"({"a": 1, "b": 18446744073709551615})", Concat({Diff(kReplace, "$.a", decimal), Diff(kInsert, "$.c", d)})),
            R"({"a": 9.00, "b": 18446744073709551615, "c": 1e20})");
  // A zero-length value is JSON null (json_binary::parse_binary).
  EXPECT_EQ(Apply(R"({"a": 1})", Diff(kReplace, "$.a", {})), R"({"a": null})");
}

TEST(JsonDiffTest, InsertIntoObjectKeepsBinaryKeyOrder) {
  const std::string base = R"({"b": 1, "aa": 2})";
  EXPECT_EQ(Apply(base, Diff(kInsert, "$.c", kTrue)), R"({"b": 1, "c": true, "aa": 2})");
  EXPECT_EQ(Apply(base, Diff(kInsert, "$.a", kTrue)), R"({"a": true, "b": 1, "aa": 2})");
  EXPECT_EQ(Apply(base, Diff(kInsert, "$.ccc", kTrue)), R"({"b": 1, "aa": 2, "ccc": true})");
  // A key that exists already: the server rejects such a diff.
  EXPECT_TRUE(IsCorrupt(base, Diff(kInsert, "$.b", kTrue)));
}

TEST(JsonDiffTest, InsertIntoArrayClampsLikeJsonArrayIndex) {
  const std::string base = "[1, 2, 3]";
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[0]", kTrue)), "[true, 1, 2, 3]");
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[1]", kTrue)), "[1, true, 2, 3]");
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[3]", kTrue)), "[1, 2, 3, true]");
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[99]", kTrue)), "[1, 2, 3, true]");      // past the end: appends
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[last]", kTrue)), "[1, 2, true, 3]");    // before the last
  EXPECT_EQ(Apply(base, Diff(kInsert, "$[last-9]", kTrue)), "[true, 1, 2, 3]");  // before the start
  EXPECT_EQ(Apply("[]", Diff(kInsert, "$[0]", kEmptyArray)), "[[]]");
  // An array index on an object, a member on an array: rejected.
  EXPECT_TRUE(IsCorrupt(R"({"a": 1})", Diff(kInsert, "$[0]", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kInsert, "$.a", kTrue)));
}

TEST(JsonDiffTest, Remove) {
  EXPECT_EQ(Apply(R"({"a": 1, "b": [1, 2, 3]})", Diff(kRemove, "$.a")), R"({"b": [1, 2, 3]})");
  EXPECT_EQ(Apply(R"({"a": 1, "b": [1, 2, 3]})", Diff(kRemove, "$.b[1]")), R"({"a": 1, "b": [1, 3]})");
  EXPECT_EQ(Apply(R"({"a": 1, "b": [1, 2, 3]})", Diff(kRemove, "$.b[last]")), R"({"a": 1, "b": [1, 2]})");
  EXPECT_TRUE(IsCorrupt(R"({"a": 1})", Diff(kRemove, "$.x")));
  EXPECT_TRUE(IsCorrupt("[1]", Diff(kRemove, "$[1]")));
  EXPECT_TRUE(IsCorrupt("[1]", Diff(kRemove, "$[last-1]")));
}

TEST(JsonDiffTest, SeveralDiffsApplyInOrder) {
  const Bytes diffs = Concat({
      Diff(kInsert, "$.list", kEmptyArray),   // {"a": 1, "list": []}
      Diff(kInsert, "$.list[0]", kStringX),   // {"a": 1, "list": ["x"]}
      Diff(kReplace, "$.a", kInt16_26),       // {"a": 26, "list": ["x"]}
      Diff(kInsert, "$.list[5]", kTrue),      // {"a": 26, "list": ["x", true]}
      Diff(kRemove, "$.list[0]"),             // {"a": 26, "list": [true]}
  });
  EXPECT_EQ(Apply(R"({"a": 1})", diffs), R"({"a": 26, "list": [true]})");
  // Truncating the list anywhere inside a diff is Corruption.
  size_t boundary = 0;
  std::vector<size_t> boundaries;
  for (const Bytes& part : {Diff(kInsert, "$.list", kEmptyArray), Diff(kInsert, "$.list[0]", kStringX),
                            Diff(kReplace, "$.a", kInt16_26), Diff(kInsert, "$.list[5]", kTrue)}) {
    boundary += part.size();
    boundaries.push_back(boundary);
  }
  for (size_t len = 1; len < diffs.size(); ++len) {
    if (std::find(boundaries.begin(), boundaries.end(), len) != boundaries.end()) continue;
    EXPECT_TRUE(IsCorrupt(R"({"a": 1})", Bytes(diffs.begin(), diffs.begin() + static_cast<std::ptrdiff_t>(len))))
        << len;
  }
}

TEST(JsonDiffTest, EmptyDiffListReprintsTheBase) {
  EXPECT_EQ(Apply(R"({"b":1,"a":[1,2.50]})", {}), R"({"a": [1, 2.50], "b": 1})");
}

TEST(JsonDiffTest, MalformedDiffsAreCorruption) {
  const std::string base = R"({"a": [1]})";
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$", kTrue)));         // the root: never a diff
  EXPECT_TRUE(IsCorrupt(base, Diff(kRemove, "$")));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.b", kTrue)));       // missing member
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[1]", kTrue)));    // missing cell
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a.b", kTrue)));     // member of an array
  EXPECT_TRUE(IsCorrupt(base, Diff(kInsert, "$.x.y", kTrue)));      // missing parent
  EXPECT_TRUE(IsCorrupt(base, Diff(3, "$.a", kTrue)));              // unknown operation
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "a", kTrue)));         // no '$'
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.*", kTrue)));       // wildcard
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[*]", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[0 to 1]", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$**.a", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[99999999999]", kTrue)));
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.\"a", kTrue)));     // unterminated quoted key
  EXPECT_TRUE(IsCorrupt(base, Diff(kReplace, "$.a[0]", {0x0d})));   // bad binary value
  EXPECT_TRUE(IsCorrupt(base, {0x00, 0xfb}));                      // lenenc NULL as a path length
  EXPECT_TRUE(IsCorrupt("{\"a\": ", Diff(kReplace, "$.a", kTrue)));  // bad base text
  // A result nested deeper than 100 cannot be stored.
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(Apply(deep, {}), deep);
  std::string path = "$";
  for (int i = 0; i < 99; ++i) path += "[0]";
  EXPECT_EQ(Apply(deep, Diff(kInsert, path + "[0]", kTrue)), std::string(100, '[') + "true" + std::string(100, ']'));
  EXPECT_TRUE(IsCorrupt(deep, Diff(kInsert, path + "[0]", kEmptyArray)));
}

// ---- the recorded binlog ----

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

uint32_t LoadU32(const std::string& b, size_t pos) {
  return uint32_t{static_cast<uint8_t>(b[pos])} | uint32_t{static_cast<uint8_t>(b[pos + 1])} << 8 |
         uint32_t{static_cast<uint8_t>(b[pos + 2])} << 16 | uint32_t{static_cast<uint8_t>(b[pos + 3])} << 24;
}

// Test-only walker over the rows of table mysql.t in json.binlog.000001: columns id INT,
// json_col JSON (4-byte length), name VARCHAR(100) utf8mb4 (2-byte length), age INT; no NULLs.
struct Row {
  uint32_t id = 0;
  std::string json;  // full image: rendered text; partial image: the raw diff bytes
  std::string name;
  int32_t age = 0;
};

class RowCursor {
 public:
  RowCursor(const std::string& body, size_t pos) : b_(body), pos_(pos) {}
  bool done() const { return pos_ >= b_.size(); }
  uint8_t U8() { return static_cast<uint8_t>(b_[pos_++]); }
  uint32_t U32() {
    const uint32_t v = LoadU32(b_, pos_);
    pos_ += 4;
    return v;
  }
  std::string Take(size_t n) {
    std::string s = b_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // null bitmap, id, json, name, age
  Row FullImage() {
    Row row;
    EXPECT_EQ(U8(), 0u);  // no NULLs
    row.id = U32();
    const std::string json = Take(U32());
    Status status = AppendJsonText(AsBytes(json), &row.json);
    EXPECT_TRUE(status.ok()) << status.ToString();
    const size_t name_length = U8() | size_t{U8()} << 8;
    row.name = Take(name_length);
    row.age = static_cast<int32_t>(U32());
    return row;
  }

 private:
  const std::string& b_;
  size_t pos_;
};

// The generated columns the server computed: name = json_col->>'$.name', age = json_col->'$.age'.
void ExpectGeneratedColumnsMatch(const Row& row) {
  JsonNode doc;
  ASSERT_TRUE(ParseJsonText(row.json, &doc).ok()) << row.json;
  const size_t name = FindJsonMember(doc, "name");
  const size_t age = FindJsonMember(doc, "age");
  ASSERT_LT(name, doc.members.size()) << row.json;
  ASSERT_LT(age, doc.members.size()) << row.json;
  EXPECT_EQ(doc.members[name].value.text, row.name) << row.json;
  EXPECT_EQ(doc.members[age].value.text, std::to_string(row.age)) << row.json;
}

TEST(JsonDiffTest, RecordedPartialUpdatesMatchServerGeneratedColumns) {
  const std::string file = ReadFile(std::string(LAKEFEED_TESTDATA_DIR) + "/binlog/mysql/json.binlog.000001");
  ASSERT_EQ(file.size(), 4011u);
  std::map<uint32_t, std::string> latest;  // id -> latest full document text
  int full_rows = 0, partial_rows = 0;
  for (size_t pos = 4; pos + 19 <= file.size();) {
    const uint8_t type = static_cast<uint8_t>(file[pos + 4]);
    const uint32_t size = LoadU32(file, pos + 9);
    ASSERT_LE(pos + size, file.size());
    // Body without the 19-byte header and the 4-byte CRC32; rows start after table_id (6),
    // flags (2), extra-data length (2, = 2: none), column count (1, = 4) and the bitmap(s).
    const std::string body = file.substr(pos + 19, size - 19 - 4);
    if (type == 30 || type == 31) {  // WRITE_ROWS_V2, UPDATE_ROWS_V2: full images
      RowCursor rows(body, type == 30 ? 12 : 13);
      while (!rows.done()) {
        if (type == 31) {
          Row before = rows.FullImage();
          EXPECT_EQ(before.json, latest[before.id]);
          ExpectGeneratedColumnsMatch(before);
        }
        Row after = rows.FullImage();
        ExpectGeneratedColumnsMatch(after);
        latest[after.id] = after.json;
        ++full_rows;
      }
    } else if (type == 39) {  // PARTIAL_UPDATE_ROWS: before = id only; after = diff, name, age
      RowCursor rows(body, 13);
      while (!rows.done()) {
        EXPECT_EQ(rows.U8(), 0u);  // before-image null bitmap
        const uint32_t id = rows.U32();
        EXPECT_EQ(rows.U8(), 1u);  // value_options = PARTIAL_JSON
        EXPECT_EQ(rows.U8(), 1u);  // json_col is sent as a diff
        EXPECT_EQ(rows.U8(), 0u);  // after-image null bitmap
        const std::string diffs = rows.Take(rows.U32());
        Row after;
        after.id = id;
        const size_t name_length = rows.U8() | size_t{rows.U8()} << 8;
        after.name = rows.Take(name_length);
        after.age = static_cast<int32_t>(rows.U32());
        Status status = ApplyJsonDiffs(latest[id], AsBytes(diffs), &after.json);
        ASSERT_TRUE(status.ok()) << status.ToString();
        ExpectGeneratedColumnsMatch(after);
        latest[id] = after.json;
        ++partial_rows;
      }
    }
    pos += size;
  }
  EXPECT_EQ(full_rows, 12);
  EXPECT_EQ(partial_rows, 6);
  EXPECT_EQ(latest[1], R"({"age": 26, "data": "xxxxxxxxxx", "name": "Joe"})");
  EXPECT_EQ(latest[2], R"({"age": 34, "data": "yyyyyyyyyy", "name": "Sue"})");
  EXPECT_EQ(latest[6], R"({"age": 42, "data": "zzzzzzzzzz", "name": "Pete"})");
}

}  // namespace
}  // namespace cdc::binlog
