#include "binlog/json_binary.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cdc::binlog {
namespace {

using Bytes = std::vector<uint8_t>;

// Renders `binary`; fails the test if it is not OK.
std::string Render(const Bytes& binary) {
  std::string out;
  Status status = AppendJsonText(binary, &out);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

bool IsCorrupt(const Bytes& binary) {
  std::string out;
  return AppendJsonText(binary, &out).IsCorruption();
}

// Every proper non-empty prefix of a well-formed document must be rejected (the empty prefix
// is the JSON null literal).
void ExpectEveryTruncationCorrupt(const Bytes& binary) {
  for (size_t len = 1; len < binary.size(); ++len) {
    Bytes prefix(binary.begin(), binary.begin() + static_cast<std::ptrdiff_t>(len));
    std::string out;
    Status status = AppendJsonText(prefix, &out);
    EXPECT_TRUE(status.IsCorruption()) << "prefix of " << len << " of " << binary.size() << " bytes: "
                                       << status.ToString() << " -> " << out;
  }
}

Bytes DoubleDoc(double value) {
  Bytes b = {0x0b};  // type double, then 8 bytes little-endian IEEE 754
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<uint8_t>(bits >> (8 * i)));
  return b;
}

TEST(JsonBinaryTest, EmptyValueIsNull) {
  std::string out = "prefix:";
  ASSERT_TRUE(AppendJsonText({}, &out).ok());
  EXPECT_EQ(out, "prefix:null");  // appends, keeps what was there
}

TEST(JsonBinaryTest, TopLevelLiterals) {
  EXPECT_EQ(Render({0x04, 0x00}), "null");   // literal, 0 = null
  EXPECT_EQ(Render({0x04, 0x01}), "true");   // literal, 1 = true
  EXPECT_EQ(Render({0x04, 0x02}), "false");  // literal, 2 = false
  EXPECT_TRUE(IsCorrupt({0x04, 0x03}));      // no literal 3
  EXPECT_TRUE(IsCorrupt({0x04}));            // literal byte missing
}

TEST(JsonBinaryTest, TopLevelIntegers) {
  EXPECT_EQ(Render({0x05, 0x00, 0x80}), "-32768");                      // int16 0x8000
  EXPECT_EQ(Render({0x05, 0xff, 0x7f}), "32767");                       // int16 0x7fff
  EXPECT_EQ(Render({0x06, 0xff, 0xff}), "65535");                       // uint16
  EXPECT_EQ(Render({0x07, 0x00, 0x00, 0x00, 0x80}), "-2147483648");     // int32
  EXPECT_EQ(Render({0x08, 0xff, 0xff, 0xff, 0xff}), "4294967295");      // uint32
  EXPECT_EQ(Render({0x09, 0, 0, 0, 0, 0, 0, 0, 0x80}), "-9223372036854775808");  // int64 min
  EXPECT_EQ(Render({0x09, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "-1");  // int64 -1
  EXPECT_EQ(Render({0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}),
            "18446744073709551615");  // uint64 max
  ExpectEveryTruncationCorrupt({0x09, 0, 0, 0, 0, 0, 0, 0, 0x80});
  ExpectEveryTruncationCorrupt({0x0a, 1, 2, 3, 4, 5, 6, 7, 8});
  ExpectEveryTruncationCorrupt({0x07, 0x00, 0x00, 0x00, 0x80});
  ExpectEveryTruncationCorrupt({0x06, 0xff, 0xff});
}

// Expected strings are MySQL's my_gcvt(x, MY_GCVT_ARG_DOUBLE, 34) plus the ".0" rule of
// wrapper_to_string; cross-checked against Connector/C's ma_gcvt (same dtoa code) on 6 million
// random doubles while writing this.
TEST(JsonBinaryTest, DoublesPrintLikeMysql) {
  EXPECT_EQ(Render(DoubleDoc(0.0)), "0.0");
  EXPECT_EQ(Render(DoubleDoc(-0.0)), "-0.0");
  EXPECT_EQ(Render(DoubleDoc(1.0)), "1.0");
  EXPECT_EQ(Render(DoubleDoc(3.0)), "3.0");
  EXPECT_EQ(Render(DoubleDoc(0.1)), "0.1");
  EXPECT_EQ(Render(DoubleDoc(-2.5)), "-2.5");
  EXPECT_EQ(Render(DoubleDoc(12345.678)), "12345.678");
  EXPECT_EQ(Render(DoubleDoc(1e20)), "1e20");
  EXPECT_EQ(Render(DoubleDoc(1e15)), "1e15");
  EXPECT_EQ(Render(DoubleDoc(1e14)), "100000000000000.0");
  EXPECT_EQ(Render(DoubleDoc(-1e100)), "-1e100");
  EXPECT_EQ(Render(DoubleDoc(123456789012345678.0)), "1.2345678901234568e17");
  EXPECT_EQ(Render(DoubleDoc(1234567890123456.7)), "1234567890123456.8");
  EXPECT_EQ(Render(DoubleDoc(1e-5)), "0.00001");
  EXPECT_EQ(Render(DoubleDoc(1e-7)), "0.0000001");
  EXPECT_EQ(Render(DoubleDoc(1e-15)), "0.000000000000001");
  EXPECT_EQ(Render(DoubleDoc(1e-16)), "1e-16");
  EXPECT_EQ(Render(DoubleDoc(0.00012345678901234567)), "0.00012345678901234567");
  EXPECT_EQ(Render(DoubleDoc(5e-324)), "5e-324");
  EXPECT_EQ(Render(DoubleDoc(1.7976931348623157e308)), "1.7976931348623157e308");
  // The server never stores NaN or infinity.
  EXPECT_TRUE(IsCorrupt(DoubleDoc(std::numeric_limits<double>::infinity())));
  EXPECT_TRUE(IsCorrupt(DoubleDoc(std::numeric_limits<double>::quiet_NaN())));
  ExpectEveryTruncationCorrupt(DoubleDoc(0.1));
}

TEST(JsonBinaryTest, StringsAreEscapedLikeMysql) {
  // type string, varlen 3, "abc"
  EXPECT_EQ(Render({0x0c, 0x03, 'a', 'b', 'c'}), "\"abc\"");
  EXPECT_EQ(Render({0x0c, 0x00}), "\"\"");
  // '"' '\' '/' BS TAB LF FF CR 0x01 0x1f 0x7f: only '/' and 0x7f stay as they are
  EXPECT_EQ(Render({0x0c, 0x0b, '"', '\\', '/', 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x01, 0x1f, 0x7f}),
            "\"\\\"\\\\/\\b\\t\\n\\f\\r\\u0001\\u001f\x7f\"");
  // UTF-8 is copied, never \u-escaped: "é" (c3 a9) and U+1F600 (f0 9f 98 80)
  EXPECT_EQ(Render({0x0c, 0x06, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80}), "\"\xc3\xa9\xf0\x9f\x98\x80\"");
  ExpectEveryTruncationCorrupt({0x0c, 0x03, 'a', 'b', 'c'});
}

TEST(JsonBinaryTest, StringVariableLength) {
  // varlen 0x80 0x01 = 128: low 7 bits first, high bit = more
  Bytes doc = {0x0c, 0x80, 0x01};
  doc.insert(doc.end(), 128, 'x');
  EXPECT_EQ(Render(doc), "\"" + std::string(128, 'x') + "\"");
  ExpectEveryTruncationCorrupt(doc);
  // A varlen longer than 5 bytes, or above 32 bits, is malformed.
  EXPECT_TRUE(IsCorrupt({0x0c, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}));
  EXPECT_TRUE(IsCorrupt({0x0c, 0xff, 0xff, 0xff, 0xff, 0x7f}));
  // A non-canonical (zero-padded) varlen is accepted, as the server accepts it.
  EXPECT_EQ(Render({0x0c, 0x81, 0x00, 'a'}), "\"a\"");
}

// {"age": 24, "data": "xxxxxxxxxx", "name": "Joe"} as MySQL 8.0.22 stored it
// (json.binlog.000001, WRITE_ROWS_V2 at 1059, row 1).
const Bytes kJoeDocument = {
    0x00,              // small object
    0x03, 0x00,        // 3 members
    0x33, 0x00,        // 51 bytes from here
    0x19, 0x00, 0x03, 0x00,  // key 0 at 25, length 3 ("age")
    0x1c, 0x00, 0x04, 0x00,  // key 1 at 28, length 4 ("data")
    0x20, 0x00, 0x04, 0x00,  // key 2 at 32, length 4 ("name")
    0x05, 0x18, 0x00,        // value 0: int16 24, inlined
    0x0c, 0x24, 0x00,        // value 1: string at 36
    0x0c, 0x2f, 0x00,        // value 2: string at 47
    'a', 'g', 'e', 'd', 'a', 't', 'a', 'n', 'a', 'm', 'e',  // keys, stored by length then bytes
    0x0a, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x',  // varlen 10 + "xxxxxxxxxx"
    0x03, 'J', 'o', 'e',                                     // varlen 3 + "Joe"
};

TEST(JsonBinaryTest, SmallObjectFromRecordedBinlog) {
  EXPECT_EQ(Render(kJoeDocument), "{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}");
  ExpectEveryTruncationCorrupt(kJoeDocument);
}

TEST(JsonBinaryTest, EmptyContainers) {
  EXPECT_EQ(Render({0x00, 0x00, 0x00, 0x04, 0x00}), "{}");  // small object, 0 members, 4 bytes
  EXPECT_EQ(Render({0x02, 0x00, 0x00, 0x04, 0x00}), "[]");  // small array
  EXPECT_EQ(Render({0x01, 0, 0, 0, 0, 0x08, 0, 0, 0}), "{}");  // large object, 0 members, 8 bytes
  EXPECT_EQ(Render({0x03, 0, 0, 0, 0, 0x08, 0, 0, 0}), "[]");  // large array
  ExpectEveryTruncationCorrupt({0x03, 0, 0, 0, 0, 0x08, 0, 0, 0});
}

// [-5, 7, true, -2, 4000000000, "s"] in the large format: int32/uint32 are inlined there.
const Bytes kLargeArray = {
    0x03,                          // large array
    0x06, 0x00, 0x00, 0x00,        // 6 elements
    0x30, 0x00, 0x00, 0x00,        // 48 bytes
    0x07, 0xfb, 0xff, 0xff, 0xff,  // int32 -5, inlined
    0x08, 0x07, 0x00, 0x00, 0x00,  // uint32 7, inlined
    0x04, 0x01, 0x00, 0x00, 0x00,  // literal true, inlined
    0x05, 0xfe, 0xff, 0x00, 0x00,  // int16 -2, inlined
    0x0a, 0x26, 0x00, 0x00, 0x00,  // uint64 at 38
    0x0c, 0x2e, 0x00, 0x00, 0x00,  // string at 46
    // at 38: the uint64 and at 46 the string, appended by the test
};

TEST(JsonBinaryTest, LargeArrayInlinesInt32) {
  // Build the tail: uint64 4000000000 at 38, then string "s" at 46; total 48 bytes.
  Bytes doc = kLargeArray;
  for (uint64_t v = 4000000000ull, i = 0; i < 8; ++i, v >>= 8) doc.push_back(static_cast<uint8_t>(v));
  doc.push_back(0x01);  // varlen 1
  doc.push_back('s');
  ASSERT_EQ(doc.size(), 1u + 48u);
  EXPECT_EQ(Render(doc), "[-5, 7, true, -2, 4000000000, \"s\"]");
  ExpectEveryTruncationCorrupt(doc);
}

TEST(JsonBinaryTest, SmallArrayDoesNotInlineInt32) {
  const Bytes doc = {
      0x02,                    // small array
      0x01, 0x00,              // 1 element
      0x0b, 0x00,              // 11 bytes
      0x07, 0x07, 0x00,        // int32 at 7 (not inlined in the small format)
      0x00, 0x00, 0x00, 0x80,  // -2147483648
  };
  EXPECT_EQ(Render(doc), "[-2147483648]");
  ExpectEveryTruncationCorrupt(doc);
}

// {"a": [1, {"b": null}], "k\"\n": "v"}: nesting, and a key that needs escaping.
const Bytes kNested = {
    0x00,              // small object
    0x02, 0x00,        // 2 members
    0x2e, 0x00,        // 46 bytes
    0x12, 0x00, 0x01, 0x00,  // key "a" at 18
    0x13, 0x00, 0x03, 0x00,  // key "k\"\n" at 19
    0x02, 0x16, 0x00,        // value "a": small array at 22
    0x0c, 0x2c, 0x00,        // value "k..": string at 44
    'a', 'k', '"', '\n',     // keys
    // at 22: [1, {"b": null}]
    0x02, 0x00,        // 2 elements
    0x16, 0x00,        // 22 bytes
    0x05, 0x01, 0x00,  // int16 1, inlined
    0x00, 0x0a, 0x00,  // small object at 10 (relative to the array)
    // at 10 in the array: {"b": null}
    0x01, 0x00,        // 1 member
    0x0c, 0x00,        // 12 bytes
    0x0b, 0x00, 0x01, 0x00,  // key at 11, length 1
    0x04, 0x00, 0x00,  // literal null, inlined
    'b',
    // at 44: "v"
    0x01, 'v',
};

TEST(JsonBinaryTest, NestedContainersAndKeyEscaping) {
  EXPECT_EQ(Render(kNested), "{\"a\": [1, {\"b\": null}], \"k\\\"\\n\": \"v\"}");
  ExpectEveryTruncationCorrupt(kNested);
}

// Builds `levels` small arrays nested in each other, the innermost empty.
Bytes NestedArrays(int levels) {
  Bytes inner = {0x00, 0x00, 0x04, 0x00};  // empty small array body
  for (int level = 1; level < levels; ++level) {
    const size_t size = 4 + 3 + inner.size();
    Bytes outer = {0x01, 0x00, static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8), 0x02, 0x07, 0x00};
    outer.insert(outer.end(), inner.begin(), inner.end());
    inner = std::move(outer);
  }
  inner.insert(inner.begin(), 0x02);
  return inner;
}

TEST(JsonBinaryTest, DepthLimitIsMysqls) {
  std::string expected = std::string(100, '[') + std::string(100, ']');
  EXPECT_EQ(Render(NestedArrays(100)), expected);
  EXPECT_TRUE(IsCorrupt(NestedArrays(101)));
}

TEST(JsonBinaryTest, OutOfBoundsOffsetsAreCorruption) {
  // Container size larger than the bytes available.
  EXPECT_TRUE(IsCorrupt({0x02, 0x00, 0x00, 0x05, 0x00}));
  // Entries do not fit in the declared size: 2 elements need 4 + 6 bytes.
  EXPECT_TRUE(IsCorrupt({0x02, 0x02, 0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x04, 0x00}));
  // Value offset points past the container (small array, 1 element, 7 bytes, string at 9).
  EXPECT_TRUE(IsCorrupt({0x02, 0x01, 0x00, 0x07, 0x00, 0x0c, 0x09, 0x00}));
  // Value offset points back into the entries (string at 2).
  EXPECT_TRUE(IsCorrupt({0x02, 0x01, 0x00, 0x09, 0x00, 0x0c, 0x02, 0x00, 0x01, 'a'}));
  // Key offset points into the header (key "a" at 0).
  EXPECT_TRUE(IsCorrupt({0x00, 0x01, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 'a'}));
  // Key runs past the container (length 2 at 11 in 12 bytes).
  EXPECT_TRUE(IsCorrupt({0x00, 0x01, 0x00, 0x0c, 0x00, 0x0b, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 'a'}));
  // Unknown value types, at the top and in an entry.
  EXPECT_TRUE(IsCorrupt({0x0d, 0x00}));
  EXPECT_TRUE(IsCorrupt({0x02, 0x01, 0x00, 0x07, 0x00, 0x0e, 0x07, 0x00}));
  // A string in an array whose length runs past the array.
  EXPECT_TRUE(IsCorrupt({0x02, 0x01, 0x00, 0x09, 0x00, 0x0c, 0x07, 0x00, 0x05, 'a', 'b', 'c'}));
  // The check is against the container, not the document: here 8 bytes follow the array.
  EXPECT_TRUE(IsCorrupt({0x02, 0x01, 0x00, 0x08, 0x00, 0x0c, 0x07, 0x00, 0x03, 'a', 'b', 'c'}));
}

TEST(JsonBinaryTest, SharedSubValuesCannotExplode) {
  // Each level is an array whose two entries point at the same nested array: 2^60 elements if
  // printed naively. MySQL never writes overlapping values; we stop at a size budget.
  Bytes body = {0x00, 0x00, 0x04, 0x00};  // empty array
  for (int level = 0; level < 60; ++level) {
    const size_t size = 4 + 6 + body.size();
    Bytes outer = {0x02, 0x00, static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8),
                   0x02, 0x0a, 0x00, 0x02, 0x0a, 0x00};
    outer.insert(outer.end(), body.begin(), body.end());
    body = std::move(outer);
  }
  body.insert(body.begin(), 0x02);
  std::string out;
  EXPECT_TRUE(AppendJsonText(body, &out).IsCorruption());
  EXPECT_LT(out.size(), 8 * body.size() + 1000);
}

// The json-opaque.binlog documents (MySQL 9.0.1; EXPECTED.md, json-opaque section), byte for byte.
TEST(JsonBinaryTest, OpaqueValuesFromRecordedBinlog) {
  struct Case {
    Bytes doc;
    std::string text;
  };
  const Case cases[] = {
      // {"a": opaque VARCHAR(15) 1 byte 0x55} -> base64 of "U"
      {{0x00, 0x01, 0x00, 0x0f, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'a',
        0x0f, 0x01, 0x55},
       "{\"a\": \"base64:type15:VQ==\"}"},
      // {"b": opaque DATE(10), 8 bytes packed} -> 2012-03-18
      {{0x00, 0x01, 0x00, 0x16, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'b',
        0x0a, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe4, 0x8b, 0x19},
       "{\"b\": \"2012-03-18\"}"},
      // {"c": opaque DATETIME(12)} -> 2012-03-18 11:30:45.000000
      {{0x00, 0x01, 0x00, 0x16, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'c',
        0x0c, 0x08, 0x00, 0x00, 0x00, 0xad, 0xb7, 0xe4, 0x8b, 0x19},
       "{\"c\": \"2012-03-18 11:30:45.000000\"}"},
      // {"c": opaque TIME(11)} -> 87:31:46.654321
      {{0x00, 0x01, 0x00, 0x16, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'c',
        0x0b, 0x08, 0xf1, 0xfb, 0x09, 0xee, 0x77, 0x05, 0x00, 0x00},
       "{\"c\": \"87:31:46.654321\"}"},
      // {"d": opaque NEWDECIMAL(246), precision 6 scale 3} -> the number 123.456
      // (rust_mysql_common prints a string "123.456"; MySQL prints a number, and so do we)
      {{0x00, 0x01, 0x00, 0x14, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'd',
        0xf6, 0x06, 0x06, 0x03, 0x80, 0x7b, 0x01, 0xc8},
       "{\"d\": 123.456}"},
      // {"e": opaque NEWDECIMAL, precision 11 scale 2} -> 9.00, the scale kept
      {{0x00, 0x01, 0x00, 0x15, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x0f, 0x0c, 0x00, 'e',
        0xf6, 0x07, 0x0b, 0x02, 0x80, 0x00, 0x00, 0x09, 0x00},
       "{\"e\": 9.00}"},
      // {"e": [0, 1, true, false]}
      {{0x00, 0x01, 0x00, 0x1c, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x02, 0x0c, 0x00, 'e',
        0x04, 0x00, 0x10, 0x00, 0x05, 0x00, 0x00, 0x05, 0x01, 0x00, 0x04, 0x01, 0x00, 0x04, 0x02, 0x00},
       "{\"e\": [0, 1, true, false]}"},
      // {"e": null}
      {{0x00, 0x01, 0x00, 0x0c, 0x00, 0x0b, 0x00, 0x01, 0x00, 0x04, 0x00, 0x00, 'e'}, "{\"e\": null}"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Render(c.doc), c.text);
    ExpectEveryTruncationCorrupt(c.doc);
  }
}

// A top-level opaque value: type 0x0f, field type, varlen length, data.
Bytes Opaque(uint8_t field_type, const Bytes& data) {
  Bytes doc;
  doc.reserve(3 + data.size());
  doc.push_back(0x0f);
  doc.push_back(field_type);
  doc.push_back(static_cast<uint8_t>(data.size()));
  for (uint8_t byte : data) doc.push_back(byte);  // (insert() trips GCC 12's -Warray-bounds at -O3)
  return doc;
}

TEST(JsonBinaryTest, OpaqueTemporals) {
  // TIMESTAMP(7) prints like DATETIME.
  EXPECT_EQ(Render(Opaque(7, {0x00, 0x00, 0x00, 0xad, 0xb7, 0xe4, 0x8b, 0x19})), "\"2012-03-18 11:30:45.000000\"");
  // DATETIME with microseconds: 2012-03-18 11:30:45.000001 (fraction = low 24 bits).
  EXPECT_EQ(Render(Opaque(12, {0x01, 0x00, 0x00, 0xad, 0xb7, 0xe4, 0x8b, 0x19})), "\"2012-03-18 11:30:45.000001\"");
  // Zero date.
  EXPECT_EQ(Render(Opaque(10, {0, 0, 0, 0, 0, 0, 0, 0})), "\"0000-00-00\"");
  // TIME -00:00:01.500000: packed = -((1 << 24) | 500000).
  const int64_t packed = -((int64_t{1} << 24) | 500000);
  Bytes data;
  for (int i = 0; i < 8; ++i) data.push_back(static_cast<uint8_t>(static_cast<uint64_t>(packed) >> (8 * i)));
  EXPECT_EQ(Render(Opaque(11, data)), "\"-00:00:01.500000\"");
  // TIME 838:59:59: hours keep all their digits.
  const int64_t big = ((int64_t{838} << 12 | 59 << 6 | 59)) << 24;
  data.clear();
  for (int i = 0; i < 8; ++i) data.push_back(static_cast<uint8_t>(static_cast<uint64_t>(big) >> (8 * i)));
  EXPECT_EQ(Render(Opaque(11, data)), "\"838:59:59.000000\"");
  // Wrong length, microseconds above 999999, minute 63, negative DATETIME.
  EXPECT_TRUE(IsCorrupt(Opaque(10, {0, 0, 0, 0, 0, 0, 0})));
  EXPECT_TRUE(IsCorrupt(Opaque(12, {0x40, 0x42, 0x0f, 0xad, 0xb7, 0xe4, 0x8b, 0x19})));
  EXPECT_TRUE(IsCorrupt(Opaque(11, {0, 0, 0, 0xc0, 0x0f, 0, 0, 0})));
  EXPECT_TRUE(IsCorrupt(Opaque(12, {0, 0, 0, 0, 0, 0, 0, 0x80})));
}

TEST(JsonBinaryTest, OpaqueDecimals) {
  // DECIMAL(3,2) 1.50: one byte for the integer digit, one for two fraction digits.
  EXPECT_EQ(Render(Opaque(246, {0x03, 0x02, 0x81, 0x32})), "1.50");
  // -1.50: every byte inverted.
  EXPECT_EQ(Render(Opaque(246, {0x03, 0x02, 0x7e, 0xcd})), "-1.50");
  // DECIMAL(2,2) 0.05: no integer digits, printed with a leading 0.
  EXPECT_EQ(Render(Opaque(246, {0x02, 0x02, 0x85})), "0.05");
  // DECIMAL(0,0): the number zero.
  EXPECT_EQ(Render(Opaque(246, {0x00, 0x00})), "0");
  // Length not matching the precision, scale above precision, a group above its digits.
  EXPECT_TRUE(IsCorrupt(Opaque(246, {0x03, 0x02, 0x81})));
  EXPECT_TRUE(IsCorrupt(Opaque(246, {0x02, 0x03, 0x81, 0x32})));
  EXPECT_TRUE(IsCorrupt(Opaque(246, {0x03, 0x02, 0x81, 0x64})));  // fraction 100 in 2 digits
  EXPECT_TRUE(IsCorrupt(Opaque(246, {0x03})));
}

TEST(JsonBinaryTest, OpaqueStringsAndBase64) {
  // VAR_STRING (253) prints as a plain JSON string.
  EXPECT_EQ(Render(Opaque(253, {'h', 'i', '\n'})), "\"hi\\n\"");
  // Other types: base64 with '=' padding; an empty value has no characters.
  EXPECT_EQ(Render(Opaque(252, {0x00, 0x01})), "\"base64:type252:AAE=\"");
  EXPECT_EQ(Render(Opaque(16, {})), "\"base64:type16:\"");
  // MySQL's base64_encode breaks lines every 76 characters; inside the string that is \n.
  Bytes data(60, 0xff);  // 80 base64 characters
  EXPECT_EQ(Render(Opaque(255, data)),
            "\"base64:type255:" + std::string(76, '/') + "\\n" + std::string(4, '/') + "\"");
  ExpectEveryTruncationCorrupt(Opaque(255, data));
}

TEST(JsonBinaryTest, IgnoresBytesAfterTheValue) {
  // The server reads one value from the front and ignores what follows it.
  EXPECT_EQ(Render({0x04, 0x01, 0xde, 0xad}), "true");
}

}  // namespace
}  // namespace cdc::binlog
