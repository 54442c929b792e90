#include "binlog/charset.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cdc::binlog {
namespace {

// Converts `bytes` (given as a string of raw bytes) from `collation_id`; fails the test on error.
std::string Utf8(uint16_t collation_id, std::string_view bytes) {
  std::string out;
  Status status = AppendUtf8(collation_id, AsBytes(bytes), &out);
  EXPECT_TRUE(status.ok()) << "collation " << collation_id << ": " << status.ToString();
  return out;
}

Status Convert(uint16_t collation_id, std::string_view bytes) {
  std::string out = "keep";
  Status status = AppendUtf8(collation_id, AsBytes(bytes), &out);
  if (!status.ok()) {
    EXPECT_EQ(out, "keep") << "an error must leave *out as it was";
  }
  return status;
}

// Collation ids used below (information_schema.COLLATIONS.ID).
constexpr uint16_t kBig5 = 1;
constexpr uint16_t kLatin2 = 9;
constexpr uint16_t kAscii = 11;
constexpr uint16_t kUjis = 12;
constexpr uint16_t kSjis = 13;
constexpr uint16_t kKoi8r = 7;
constexpr uint16_t kTis620 = 18;
constexpr uint16_t kEuckr = 19;
constexpr uint16_t kGb2312 = 24;
constexpr uint16_t kCp1250 = 26;
constexpr uint16_t kGbk = 28;
constexpr uint16_t kUtf8mb3 = 33;
constexpr uint16_t kUcs2 = 35;
constexpr uint16_t kUtf8mb4 = 45;
constexpr uint16_t kCp1251 = 51;
constexpr uint16_t kUtf16 = 54;
constexpr uint16_t kUtf16le = 56;
constexpr uint16_t kUtf32 = 60;
constexpr uint16_t kBinary = 63;
constexpr uint16_t kLatin1 = 8;
constexpr uint16_t kCp932 = 95;
constexpr uint16_t kEucjpms = 97;
constexpr uint16_t kGb18030 = 248;
constexpr uint16_t kUtf8mb4Uca1400 = 2304;

TEST(CollationTableTest, KnowsTheCommonIds) {
  struct Expected {
    uint16_t id;
    std::string_view collation;
    std::string_view charset;
    uint8_t max_len;
  };
  const Expected cases[] = {
      {8, "latin1_swedish_ci", "latin1", 1},
      {5, "latin1_german1_ci", "latin1", 1},
      {15, "latin1_danish_ci", "latin1", 1},
      {31, "latin1_german2_ci", "latin1", 1},
      {47, "latin1_bin", "latin1", 1},
      {94, "latin1_spanish_ci", "latin1", 1},
      {33, "utf8mb3_general_ci", "utf8mb3", 3},
      {83, "utf8mb3_bin", "utf8mb3", 3},
      {76, "utf8mb3_tolower_ci", "utf8mb3", 3},  // MySQL only
      {45, "utf8mb4_general_ci", "utf8mb4", 4},
      {46, "utf8mb4_bin", "utf8mb4", 4},
      {224, "utf8mb4_unicode_ci", "utf8mb4", 4},
      {247, "utf8mb4_vietnamese_ci", "utf8mb4", 4},
      {255, "utf8mb4_0900_ai_ci", "utf8mb4", 4},  // MySQL 8 default
      {309, "utf8mb4_0900_bin", "utf8mb4", 4},
      {323, "utf8mb4_mn_cyrl_0900_as_cs", "utf8mb4", 4},
      {63, "binary", "binary", 1},
      {11, "ascii_general_ci", "ascii", 1},
      {65, "ascii_bin", "ascii", 1},
      {35, "ucs2_general_ci", "ucs2", 2},
      {90, "ucs2_bin", "ucs2", 2},
      {54, "utf16_general_ci", "utf16", 4},
      {56, "utf16le_general_ci", "utf16le", 4},
      {62, "utf16le_bin", "utf16le", 4},
      {60, "utf32_general_ci", "utf32", 4},
      {248, "gb18030_chinese_ci", "gb18030", 4},         // MySQL only
      {1057, "utf8mb3_general_nopad_ci", "utf8mb3", 3},  // MariaDB only
      {2048, "utf8mb3_uca1400_ai_ci", "utf8mb3", 3},     // MariaDB 10.10+
      {2304, "utf8mb4_uca1400_ai_ci", "utf8mb4", 4},     // MariaDB 11.4+ default
      {3271, "utf32_uca1400_croatian_nopad_as_cs", "utf32", 4},
  };
  for (const Expected& expected : cases) {
    const CharsetInfo* info = FindCollation(expected.id);
    ASSERT_NE(info, nullptr) << expected.id;
    EXPECT_EQ(info->collation_id, expected.id);
    EXPECT_EQ(info->collation_name, expected.collation) << expected.id;
    EXPECT_EQ(info->charset_name, expected.charset) << expected.id;
    EXPECT_EQ(info->max_bytes_per_char, expected.max_len) << expected.id;
  }
}

TEST(CollationTableTest, RangesMapToTheirCharset) {
  auto charset_of = [](uint16_t id) -> std::string_view {
    const CharsetInfo* info = FindCollation(id);
    return info == nullptr ? "?" : info->charset_name;
  };
  for (uint16_t id = 224; id <= 247; ++id) EXPECT_EQ(charset_of(id), "utf8mb4") << id;
  for (uint16_t id = 192; id <= 215; ++id) EXPECT_EQ(charset_of(id), "utf8mb3") << id;
  for (uint16_t id = 128; id <= 151; ++id) EXPECT_EQ(charset_of(id), "ucs2") << id;
  for (uint16_t id = 101; id <= 124; ++id) EXPECT_EQ(charset_of(id), "utf16") << id;
  for (uint16_t id = 160; id <= 183; ++id) EXPECT_EQ(charset_of(id), "utf32") << id;
  for (uint16_t id = 255; id <= 323; ++id) {
    // MySQL leaves 272, 276, 295, 299, 301 and 302 unassigned.
    if (id == 272 || id == 276 || id == 295 || id == 299 || id == 301 || id == 302) {
      EXPECT_EQ(FindCollation(id), nullptr) << id;
    } else {
      EXPECT_EQ(charset_of(id), "utf8mb4") << id;
    }
  }
  // MariaDB's uca1400 blocks: 2048 + 256 * k, 184 collations each in 10.11 (with gaps).
  const std::string_view blocks[] = {"utf8mb3", "utf8mb4", "ucs2", "utf16", "utf32"};
  for (size_t block = 0; block < 5; ++block) {
    size_t listed = 0;
    for (uint16_t offset = 0; offset < 256; ++offset) {
      uint16_t id = static_cast<uint16_t>(2048 + 256 * block + offset);
      if (FindCollation(id) == nullptr) continue;
      ++listed;
      EXPECT_EQ(charset_of(id), blocks[block]) << id;
    }
    EXPECT_EQ(listed, 184u) << blocks[block];
  }
}

TEST(CollationTableTest, UnlistedUca1400IdsConvertByBlock) {
  // 2216 is in the utf8mb3 block but not listed by MariaDB 10.11; 2472 likewise for utf8mb4.
  EXPECT_EQ(FindCollation(2216), nullptr);
  std::string out;
  EXPECT_TRUE(AppendUtf8(2216, AsBytes("\xC3\xA9"), &out).ok());
  EXPECT_TRUE(AppendUtf8(2472, AsBytes("\xF0\x9F\x98\x80"), &out).ok());
  EXPECT_EQ(out, "\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_TRUE(AppendUtf8(3328, AsBytes("x"), &out).IsNotSupported());  // past the last block
}

TEST(CollationTableTest, UnknownIds) {
  for (uint16_t id : {0, 17, 100, 252, 254, 324, 1023, 2047, 4095, 4096, 65535}) {
    EXPECT_EQ(FindCollation(id), nullptr) << id;
  }
  EXPECT_TRUE(IsBinaryCollation(63));
  EXPECT_FALSE(IsBinaryCollation(46));
}

TEST(CollationTableTest, EveryKnownCollationConverts) {
  // Every collation's character set has a converter on this machine (ASCII text is valid in all
  // of them except the wide encodings, which get their own encoding of "A").
  size_t known = 0;
  for (uint32_t id = 0; id < 65536; ++id) {
    const CharsetInfo* info = FindCollation(static_cast<uint16_t>(id));
    if (info == nullptr) continue;
    ++known;
    std::string_view input = "A";
    if (info->charset_name == "ucs2" || info->charset_name == "utf16") input = std::string_view("\0A", 2);
    if (info->charset_name == "utf16le") input = std::string_view("A\0", 2);
    if (info->charset_name == "utf32") input = std::string_view("\0\0\0A", 4);
    std::string out;
    Status status = AppendUtf8(static_cast<uint16_t>(id), AsBytes(input), &out);
    if (info->charset_name == "binary") {
      EXPECT_TRUE(status.IsNotSupported());
      continue;
    }
    ASSERT_TRUE(status.ok()) << id << " " << info->collation_name << ": " << status.ToString();
    EXPECT_EQ(out, "A") << info->collation_name;
  }
  EXPECT_EQ(known, 1309u);  // 1242 from MariaDB 10.11 + 67 MySQL-only ids
}

TEST(AppendUtf8Test, UnknownAndBinaryCollations) {
  Status unknown = Convert(0, "x");
  EXPECT_TRUE(unknown.IsNotSupported());
  EXPECT_NE(unknown.message().find("collation id 0"), std::string::npos) << unknown.ToString();
  Status big = Convert(9999, "x");
  EXPECT_NE(big.message().find("9999"), std::string::npos);
  EXPECT_TRUE(Convert(kBinary, "x").IsNotSupported());
}

TEST(AppendUtf8Test, Utf8PassesThroughAndAppends) {
  std::string out = "prefix:";
  const std::string_view text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";  // a é € 😀 z
  ASSERT_TRUE(AppendUtf8(kUtf8mb4, AsBytes(text), &out).ok());
  EXPECT_EQ(out, std::string("prefix:") + std::string(text));
  EXPECT_EQ(Utf8(kUtf8mb3, "\xE4\xB8\x80"), "\xE4\xB8\x80");
  EXPECT_EQ(Utf8(255, ""), "");
  EXPECT_EQ(Utf8(kUtf8mb4Uca1400, "x"), "x");
  // NUL bytes are characters too.
  EXPECT_EQ(Utf8(kUtf8mb4, std::string_view("a\0b", 3)), std::string_view("a\0b", 3));
}

TEST(AppendUtf8Test, Utf8RejectsIllFormedSequences) {
  struct Bad {
    std::string_view bytes;
    size_t offset;
  };
  const Bad cases[] = {
      {"\x80", 0},              // lone continuation byte
      {"ab\xC0\x80", 2},        // overlong NUL
      {"\xC1\xBF", 0},          // overlong
      {"\xE0\x80\x80", 0},      // overlong 3-byte
      {"\xED\xA0\x80", 0},      // surrogate U+D800 (CESU-8)
      {"\xF0\x8F\xBF\xBF", 0},  // overlong 4-byte
      {"\xF4\x90\x80\x80", 0},  // above U+10FFFF
      {"\xF5\x80\x80\x80", 0},  // invalid lead
      {"\xFF", 0},              //
      {"abc\xC3", 3},           // truncated 2-byte
      {"abc\xE2\x82", 3},       // truncated 3-byte
      {"\xF0\x9F\x98", 0},      // truncated 4-byte
      {"\xC3\x28", 0},          // bad continuation
      {"0123456789abcdef\xE2\x28\xA1", 16},
  };
  for (const Bad& bad : cases) {
    Status status = Convert(kUtf8mb4, bad.bytes);
    ASSERT_TRUE(status.IsCorruption()) << testing::PrintToString(bad.bytes);
    EXPECT_NE(status.message().find("utf8mb4"), std::string::npos) << status.ToString();
    EXPECT_NE(status.message().find("at byte " + std::to_string(bad.offset)), std::string::npos)
        << status.ToString();
    EXPECT_FALSE(IsValidUtf8(bad.bytes));
  }
}

TEST(AppendUtf8Test, Utf8ErrorOffsetAfterLongAsciiRuns) {
  // The validator skips ASCII 8 bytes at a time; an invalid byte at any position must be found.
  for (size_t position = 0; position < 40; ++position) {
    std::string text(41, 'x');
    text[position] = '\xFE';
    Status status = Convert(kUtf8mb3, text);
    ASSERT_TRUE(status.IsCorruption());
    EXPECT_NE(status.message().find("at byte " + std::to_string(position) + " "), std::string::npos)
        << status.ToString();
  }
  std::string ascii(1000, 'q');
  EXPECT_TRUE(IsValidUtf8(ascii));
}

TEST(AppendUtf8Test, AsciiRejectsHighBytes) {
  EXPECT_EQ(Utf8(kAscii, "plain ASCII ~\x7F"), "plain ASCII ~\x7F");
  Status status = Convert(kAscii, "ab\x80");
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("ascii"), std::string::npos);
}

TEST(AppendUtf8Test, Latin1IsMySqlsCp1252) {
  EXPECT_EQ(Utf8(kLatin1, "caf\xE9"), "caf\xC3\xA9");  // é
  EXPECT_EQ(Utf8(kLatin1, "\x80"), "\xE2\x82\xAC");    // € (cp1252)
  EXPECT_EQ(Utf8(kLatin1, "\x9F"), "\xC5\xB8");        // Ÿ (cp1252)
  EXPECT_EQ(Utf8(kLatin1, "\xFF"), "\xC3\xBF");        // ÿ
  // The five bytes cp1252 leaves undefined map to the C1 controls of the same value.
  EXPECT_EQ(Utf8(kLatin1, "\x81"), "\xC2\x81");
  EXPECT_EQ(Utf8(kLatin1, "\x8D"), "\xC2\x8D");
  EXPECT_EQ(Utf8(kLatin1, "\x8F"), "\xC2\x8F");
  EXPECT_EQ(Utf8(kLatin1, "\x90"), "\xC2\x90");
  EXPECT_EQ(Utf8(kLatin1, "\x9D"), "\xC2\x9D");
  // Every byte is valid and distinct bytes give distinct characters.
  std::set<std::string> seen;
  for (int byte = 0; byte < 256; ++byte) {
    char c = static_cast<char>(byte);
    std::string text = Utf8(kLatin1, std::string_view(&c, 1));
    EXPECT_TRUE(IsValidUtf8(text));
    seen.insert(text);
  }
  EXPECT_EQ(seen.size(), 256u);
}

TEST(AppendUtf8Test, OtherSingleByteCharsets) {
  EXPECT_EQ(Utf8(kCp1251, "\xCF\xF0\xE8\xE2\xE5\xF2"),
            "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет
  EXPECT_EQ(Utf8(kKoi8r, "\xC1"), "\xD0\xB0");                    // а
  EXPECT_EQ(Utf8(kLatin2, "\xB1"), "\xC4\x85");                   // ą
  EXPECT_EQ(Utf8(kCp1250, "\x8A"), "\xC5\xA0");                   // Š
  EXPECT_EQ(Utf8(kTis620, "\xA1"), "\xE0\xB8\x81");               // ก U+0E01
  EXPECT_EQ(Utf8(kTis620, "\xDB"), "\xEF\xBF\xBD");               // the server's own table says U+FFFD
  // Bytes the character set leaves undefined (the server shows '?').
  Status status = Convert(kCp1250, "ok\x81");
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("cp1250"), std::string::npos);
  EXPECT_NE(status.message().find("at byte 2"), std::string::npos);
  EXPECT_TRUE(Convert(kCp1251, "\x98").IsCorruption());
  EXPECT_EQ(Utf8(kCp1251, std::string_view("\0", 1)), std::string_view("\0", 1));
}

TEST(AppendUtf8Test, Ucs2IsBigEndian) {
  EXPECT_EQ(Utf8(kUcs2, std::string_view("\x00\x41\x04\x10\x20\xAC", 6)), "A\xD0\x90\xE2\x82\xAC");  // AА€
  EXPECT_TRUE(Convert(kUcs2, std::string_view("\x00\x41\x04", 3)).IsCorruption());  // odd length
  EXPECT_TRUE(Convert(kUcs2, std::string_view("\xD8\x00", 2)).IsCorruption());      // surrogate
}

TEST(AppendUtf8Test, Utf16BothByteOrders) {
  const std::string_view emoji_utf8 = "\xF0\x9F\x98\x80";  // U+1F600
  EXPECT_EQ(Utf8(kUtf16, std::string_view("\xD8\x3D\xDE\x00\x00\x7A", 6)), std::string(emoji_utf8) + "z");
  EXPECT_EQ(Utf8(kUtf16le, std::string_view("\x3D\xD8\x00\xDE\x7A\x00", 6)), std::string(emoji_utf8) + "z");
  EXPECT_TRUE(Convert(kUtf16, std::string_view("\xDC\x00", 2)).IsCorruption());          // lone low surrogate
  EXPECT_TRUE(Convert(kUtf16, std::string_view("\xD8\x3D\x00\x41", 4)).IsCorruption());  // high + non-low
  EXPECT_TRUE(Convert(kUtf16, std::string_view("\xD8\x3D", 2)).IsCorruption());          // truncated pair
  EXPECT_TRUE(Convert(kUtf16le, std::string_view("\x41", 1)).IsCorruption());
}

TEST(AppendUtf8Test, Utf32IsBigEndian) {
  EXPECT_EQ(Utf8(kUtf32, std::string_view("\x00\x01\xF6\x00\x00\x00\x00\x41", 8)),
            "\xF0\x9F\x98\x80"
            "A");
  EXPECT_TRUE(Convert(kUtf32, std::string_view("\x00\x11\x00\x00", 4)).IsCorruption());  // > U+10FFFF
  EXPECT_TRUE(Convert(kUtf32, std::string_view("\x00\x00\xD8\x00", 4)).IsCorruption());  // surrogate
  EXPECT_TRUE(Convert(kUtf32, std::string_view("\x00\x00\x41", 3)).IsCorruption());      // truncated
}

TEST(AppendUtf8Test, JapaneseCharsetsFollowTheServer) {
  EXPECT_EQ(Utf8(kSjis, "\x82\xA0"), "\xE3\x81\x82");  // あ
  EXPECT_EQ(Utf8(kSjis, "\\~"), "\\~");                // ASCII, not ¥ and ‾
  EXPECT_EQ(Utf8(kSjis, "\xB1"), "\xEF\xBD\xB1");      // half-width ｱ
  EXPECT_EQ(Utf8(kSjis,
                 "a\x81\x5F"
                 "b"),
            "a\\b");                                      // MySQL sjis: 0x815F is '\'
  EXPECT_EQ(Utf8(kSjis, "\x81\x60"), "\xE3\x80\x9C");     // 〜 U+301C
  EXPECT_EQ(Utf8(kCp932, "\x81\x5F"), "\xEF\xBC\xBC");    // cp932: ＼ U+FF3C
  EXPECT_EQ(Utf8(kCp932, "\x81\x60"), "\xEF\xBD\x9E");    // cp932: ～ U+FF5E
  EXPECT_EQ(Utf8(kUjis, "\xA4\xA2"), "\xE3\x81\x82");     // あ
  EXPECT_EQ(Utf8(kUjis, "x\xA1\xC0y"), "x\\y");           // exception in the middle of a run
  EXPECT_EQ(Utf8(kUjis, "\x8F\xA2\xB7"), "~");            // 3-byte JIS X 0212 exception
  EXPECT_EQ(Utf8(kUjis, "\x8E\xB1"), "\xEF\xBD\xB1");     // half-width ｱ
  EXPECT_EQ(Utf8(kEucjpms, "\xA1\xC0"), "\xEF\xBC\xBC");  // eucjpms keeps the MS mapping
  Status truncated = Convert(kSjis, "ab\x82");
  ASSERT_TRUE(truncated.IsCorruption());
  EXPECT_NE(truncated.message().find("sjis"), std::string::npos);
  EXPECT_NE(truncated.message().find("at byte 2"), std::string::npos) << truncated.ToString();
  EXPECT_TRUE(Convert(kSjis, "\x82\x20").IsCorruption());  // invalid trail byte
}

TEST(AppendUtf8Test, ChineseAndKoreanCharsets) {
  EXPECT_EQ(Utf8(kGbk, "\xC4\xE3\xBA\xC3"), "\xE4\xBD\xA0\xE5\xA5\xBD");     // 你好
  EXPECT_EQ(Utf8(kGb2312, "\xC4\xE3\xBA\xC3"), "\xE4\xBD\xA0\xE5\xA5\xBD");  // 你好
  EXPECT_EQ(Utf8(kBig5, "\xA4\x40"), "\xE4\xB8\x80");                        // 一
  EXPECT_EQ(Utf8(kBig5, "\xA1\x45"), "\xE2\x80\xA2");                        // MySQL big5: U+2022
  EXPECT_EQ(Utf8(kBig5, "\xC6\xA1"), "\xE3\x83\xBE");                        // MySQL big5: ヾ U+30FE
  EXPECT_EQ(Utf8(kEuckr, "\xB0\xA1"), "\xEA\xB0\x80");                       // 가
  EXPECT_EQ(Utf8(kGb18030, "\x81\x30\x81\x30"), "\xC2\x80");                 // 4-byte form of U+0080
  EXPECT_EQ(Utf8(kGb18030, "\x90\x30\x81\x30"), "\xF0\x90\x80\x80");         // U+10000
  EXPECT_TRUE(Convert(kGbk, "\xC4").IsCorruption());
  EXPECT_TRUE(Convert(kBig5, "ok\xA4").IsCorruption());
}

TEST(AppendUtf8Test, TruncationAtEveryByteNeverCrashes) {
  struct Sample {
    uint16_t collation;
    std::string_view bytes;
  };
  const Sample samples[] = {
      {kUtf8mb4, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"},
      {kSjis, "a\x82\xA0\x81\x5F\xB1"},
      {kUjis, "a\x8F\xA2\xB7\xA4\xA2\x8E\xB1"},
      {kBig5, "a\xA4\x40\xA1\x45"},
      {kUtf16, std::string_view("\x00\x61\xD8\x3D\xDE\x00", 6)},
      {kUtf32, std::string_view("\x00\x00\x00\x61\x00\x01\xF6\x00", 8)},
      {kGb18030, "a\x81\x30\x81\x30"},
  };
  for (const Sample& sample : samples) {
    std::string full = Utf8(sample.collation, sample.bytes);
    for (size_t length = 0; length < sample.bytes.size(); ++length) {
      std::string out;
      Status status = AppendUtf8(sample.collation, AsBytes(sample.bytes.substr(0, length)), &out);
      if (status.ok()) {
        EXPECT_TRUE(IsValidUtf8(out));
        EXPECT_EQ(full.compare(0, out.size(), out), 0) << "a prefix converts to a prefix";
      } else {
        EXPECT_TRUE(status.IsCorruption()) << status.ToString();
      }
    }
  }
  // Cutting inside a character is always an error.
  EXPECT_TRUE(Convert(kUtf8mb4, "\xF0\x9F\x98").IsCorruption());
  EXPECT_TRUE(Convert(kUjis, "\x8F\xA2").IsCorruption());
}

TEST(AppendUtf8Test, ConvertersWorkOnSeveralThreads) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &failures] {
      for (int round = 0; round < 500; ++round) {
        std::string out;
        uint16_t collation = (t % 2 == 0) ? kSjis : kGbk;
        std::string_view input = (t % 2 == 0) ? "\x82\xA0\x81\x5F" : "\xC4\xE3\xBA\xC3";
        std::string_view expected = (t % 2 == 0) ? "\xE3\x81\x82\\" : "\xE4\xBD\xA0\xE5\xA5\xBD";
        if (!AppendUtf8(collation, AsBytes(input), &out).ok() || out != expected) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(failures[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace cdc::binlog
