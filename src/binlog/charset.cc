#include "binlog/charset.h"

#include <errno.h>
#include <iconv.h>

#include <array>
#include <cstring>
#include <span>

// How bytes of each MySQL/MariaDB character set become UTF-8 (docs/value-text.md, "Strings").
//
// Facts followed: the collation ids and character sets of information_schema.COLLATIONS (MariaDB
// 10.11, and MySQL 8.x for the ids only MySQL has); the byte-to-Unicode tables of the single-byte
// character sets as the server applies them (MySQL strings/ctype-extra.cc, ctype-latin1.cc, which
// MariaDB shares), taken from a running server; MySQL's ucs2/utf16/utf32 are big-endian
// (strings/ctype-ucs2.cc); the multi-byte Asian character sets go through glibc iconv converters
// that agree with the server on every sequence it accepts, except for the listed exceptions.

namespace cdc::binlog {
namespace {

// One multi-byte character that the server maps differently from the iconv converter.
struct MultiByteException {
  uint32_t bytes;       // the character's bytes, big-endian (0xA1C0, 0x8FA2B7)
  uint32_t code_point;  // what the server maps it to
};

// clang-format off
// Generated from MariaDB 10.11.19 information_schema (COLLATION_CHARACTER_SET_APPLICABILITY joined with
// CHARACTER_SETS: ID, FULL_COLLATION_NAME, CHARACTER_SET_NAME, MAXLEN), plus the MySQL 8.x-only ids
// (76, 248-250, 255-323) from MySQL's collation list. Sorted by id.
constexpr CharsetInfo kCollations[] = {
    {1, "big5_chinese_ci", "big5", 2},
    {2, "latin2_czech_cs", "latin2", 1},
    {3, "dec8_swedish_ci", "dec8", 1},
    {4, "cp850_general_ci", "cp850", 1},
    {5, "latin1_german1_ci", "latin1", 1},
    {6, "hp8_english_ci", "hp8", 1},
    {7, "koi8r_general_ci", "koi8r", 1},
    {8, "latin1_swedish_ci", "latin1", 1},
    {9, "latin2_general_ci", "latin2", 1},
    {10, "swe7_swedish_ci", "swe7", 1},
    {11, "ascii_general_ci", "ascii", 1},
    {12, "ujis_japanese_ci", "ujis", 3},
    {13, "sjis_japanese_ci", "sjis", 2},
    {14, "cp1251_bulgarian_ci", "cp1251", 1},
    {15, "latin1_danish_ci", "latin1", 1},
    {16, "hebrew_general_ci", "hebrew", 1},
    {18, "tis620_thai_ci", "tis620", 1},
    {19, "euckr_korean_ci", "euckr", 2},
    {20, "latin7_estonian_cs", "latin7", 1},
    {21, "latin2_hungarian_ci", "latin2", 1},
    {22, "koi8u_general_ci", "koi8u", 1},
    {23, "cp1251_ukrainian_ci", "cp1251", 1},
    {24, "gb2312_chinese_ci", "gb2312", 2},
    {25, "greek_general_ci", "greek", 1},
    {26, "cp1250_general_ci", "cp1250", 1},
    {27, "latin2_croatian_ci", "latin2", 1},
    {28, "gbk_chinese_ci", "gbk", 2},
    {29, "cp1257_lithuanian_ci", "cp1257", 1},
    {30, "latin5_turkish_ci", "latin5", 1},
    {31, "latin1_german2_ci", "latin1", 1},
    {32, "armscii8_general_ci", "armscii8", 1},
    {33, "utf8mb3_general_ci", "utf8mb3", 3},
    {34, "cp1250_czech_cs", "cp1250", 1},
    {35, "ucs2_general_ci", "ucs2", 2},
    {36, "cp866_general_ci", "cp866", 1},
    {37, "keybcs2_general_ci", "keybcs2", 1},
    {38, "macce_general_ci", "macce", 1},
    {39, "macroman_general_ci", "macroman", 1},
    {40, "cp852_general_ci", "cp852", 1},
    {41, "latin7_general_ci", "latin7", 1},
    {42, "latin7_general_cs", "latin7", 1},
    {43, "macce_bin", "macce", 1},
    {44, "cp1250_croatian_ci", "cp1250", 1},
    {45, "utf8mb4_general_ci", "utf8mb4", 4},
    {46, "utf8mb4_bin", "utf8mb4", 4},
    {47, "latin1_bin", "latin1", 1},
    {48, "latin1_general_ci", "latin1", 1},
    {49, "latin1_general_cs", "latin1", 1},
    {50, "cp1251_bin", "cp1251", 1},
    {51, "cp1251_general_ci", "cp1251", 1},
    {52, "cp1251_general_cs", "cp1251", 1},
    {53, "macroman_bin", "macroman", 1},
    {54, "utf16_general_ci", "utf16", 4},
    {55, "utf16_bin", "utf16", 4},
    {56, "utf16le_general_ci", "utf16le", 4},
    {57, "cp1256_general_ci", "cp1256", 1},
    {58, "cp1257_bin", "cp1257", 1},
    {59, "cp1257_general_ci", "cp1257", 1},
    {60, "utf32_general_ci", "utf32", 4},
    {61, "utf32_bin", "utf32", 4},
    {62, "utf16le_bin", "utf16le", 4},
    {63, "binary", "binary", 1},
    {64, "armscii8_bin", "armscii8", 1},
    {65, "ascii_bin", "ascii", 1},
    {66, "cp1250_bin", "cp1250", 1},
    {67, "cp1256_bin", "cp1256", 1},
    {68, "cp866_bin", "cp866", 1},
    {69, "dec8_bin", "dec8", 1},
    {70, "greek_bin", "greek", 1},
    {71, "hebrew_bin", "hebrew", 1},
    {72, "hp8_bin", "hp8", 1},
    {73, "keybcs2_bin", "keybcs2", 1},
    {74, "koi8r_bin", "koi8r", 1},
    {75, "koi8u_bin", "koi8u", 1},
    {76, "utf8mb3_tolower_ci", "utf8mb3", 3},
    {77, "latin2_bin", "latin2", 1},
    {78, "latin5_bin", "latin5", 1},
    {79, "latin7_bin", "latin7", 1},
    {80, "cp850_bin", "cp850", 1},
    {81, "cp852_bin", "cp852", 1},
    {82, "swe7_bin", "swe7", 1},
    {83, "utf8mb3_bin", "utf8mb3", 3},
    {84, "big5_bin", "big5", 2},
    {85, "euckr_bin", "euckr", 2},
    {86, "gb2312_bin", "gb2312", 2},
    {87, "gbk_bin", "gbk", 2},
    {88, "sjis_bin", "sjis", 2},
    {89, "tis620_bin", "tis620", 1},
    {90, "ucs2_bin", "ucs2", 2},
    {91, "ujis_bin", "ujis", 3},
    {92, "geostd8_general_ci", "geostd8", 1},
    {93, "geostd8_bin", "geostd8", 1},
    {94, "latin1_spanish_ci", "latin1", 1},
    {95, "cp932_japanese_ci", "cp932", 2},
    {96, "cp932_bin", "cp932", 2},
    {97, "eucjpms_japanese_ci", "eucjpms", 3},
    {98, "eucjpms_bin", "eucjpms", 3},
    {99, "cp1250_polish_ci", "cp1250", 1},
    {101, "utf16_unicode_ci", "utf16", 4},
    {102, "utf16_icelandic_ci", "utf16", 4},
    {103, "utf16_latvian_ci", "utf16", 4},
    {104, "utf16_romanian_ci", "utf16", 4},
    {105, "utf16_slovenian_ci", "utf16", 4},
    {106, "utf16_polish_ci", "utf16", 4},
    {107, "utf16_estonian_ci", "utf16", 4},
    {108, "utf16_spanish_ci", "utf16", 4},
    {109, "utf16_swedish_ci", "utf16", 4},
    {110, "utf16_turkish_ci", "utf16", 4},
    {111, "utf16_czech_ci", "utf16", 4},
    {112, "utf16_danish_ci", "utf16", 4},
    {113, "utf16_lithuanian_ci", "utf16", 4},
    {114, "utf16_slovak_ci", "utf16", 4},
    {115, "utf16_spanish2_ci", "utf16", 4},
    {116, "utf16_roman_ci", "utf16", 4},
    {117, "utf16_persian_ci", "utf16", 4},
    {118, "utf16_esperanto_ci", "utf16", 4},
    {119, "utf16_hungarian_ci", "utf16", 4},
    {120, "utf16_sinhala_ci", "utf16", 4},
    {121, "utf16_german2_ci", "utf16", 4},
    {122, "utf16_croatian_mysql561_ci", "utf16", 4},
    {123, "utf16_unicode_520_ci", "utf16", 4},
    {124, "utf16_vietnamese_ci", "utf16", 4},
    {128, "ucs2_unicode_ci", "ucs2", 2},
    {129, "ucs2_icelandic_ci", "ucs2", 2},
    {130, "ucs2_latvian_ci", "ucs2", 2},
    {131, "ucs2_romanian_ci", "ucs2", 2},
    {132, "ucs2_slovenian_ci", "ucs2", 2},
    {133, "ucs2_polish_ci", "ucs2", 2},
    {134, "ucs2_estonian_ci", "ucs2", 2},
    {135, "ucs2_spanish_ci", "ucs2", 2},
    {136, "ucs2_swedish_ci", "ucs2", 2},
    {137, "ucs2_turkish_ci", "ucs2", 2},
    {138, "ucs2_czech_ci", "ucs2", 2},
    {139, "ucs2_danish_ci", "ucs2", 2},
    {140, "ucs2_lithuanian_ci", "ucs2", 2},
    {141, "ucs2_slovak_ci", "ucs2", 2},
    {142, "ucs2_spanish2_ci", "ucs2", 2},
    {143, "ucs2_roman_ci", "ucs2", 2},
    {144, "ucs2_persian_ci", "ucs2", 2},
    {145, "ucs2_esperanto_ci", "ucs2", 2},
    {146, "ucs2_hungarian_ci", "ucs2", 2},
    {147, "ucs2_sinhala_ci", "ucs2", 2},
    {148, "ucs2_german2_ci", "ucs2", 2},
    {149, "ucs2_croatian_mysql561_ci", "ucs2", 2},
    {150, "ucs2_unicode_520_ci", "ucs2", 2},
    {151, "ucs2_vietnamese_ci", "ucs2", 2},
    {159, "ucs2_general_mysql500_ci", "ucs2", 2},
    {160, "utf32_unicode_ci", "utf32", 4},
    {161, "utf32_icelandic_ci", "utf32", 4},
    {162, "utf32_latvian_ci", "utf32", 4},
    {163, "utf32_romanian_ci", "utf32", 4},
    {164, "utf32_slovenian_ci", "utf32", 4},
    {165, "utf32_polish_ci", "utf32", 4},
    {166, "utf32_estonian_ci", "utf32", 4},
    {167, "utf32_spanish_ci", "utf32", 4},
    {168, "utf32_swedish_ci", "utf32", 4},
    {169, "utf32_turkish_ci", "utf32", 4},
    {170, "utf32_czech_ci", "utf32", 4},
    {171, "utf32_danish_ci", "utf32", 4},
    {172, "utf32_lithuanian_ci", "utf32", 4},
    {173, "utf32_slovak_ci", "utf32", 4},
    {174, "utf32_spanish2_ci", "utf32", 4},
    {175, "utf32_roman_ci", "utf32", 4},
    {176, "utf32_persian_ci", "utf32", 4},
    {177, "utf32_esperanto_ci", "utf32", 4},
    {178, "utf32_hungarian_ci", "utf32", 4},
    {179, "utf32_sinhala_ci", "utf32", 4},
    {180, "utf32_german2_ci", "utf32", 4},
    {181, "utf32_croatian_mysql561_ci", "utf32", 4},
    {182, "utf32_unicode_520_ci", "utf32", 4},
    {183, "utf32_vietnamese_ci", "utf32", 4},
    {192, "utf8mb3_unicode_ci", "utf8mb3", 3},
    {193, "utf8mb3_icelandic_ci", "utf8mb3", 3},
    {194, "utf8mb3_latvian_ci", "utf8mb3", 3},
    {195, "utf8mb3_romanian_ci", "utf8mb3", 3},
    {196, "utf8mb3_slovenian_ci", "utf8mb3", 3},
    {197, "utf8mb3_polish_ci", "utf8mb3", 3},
    {198, "utf8mb3_estonian_ci", "utf8mb3", 3},
    {199, "utf8mb3_spanish_ci", "utf8mb3", 3},
    {200, "utf8mb3_swedish_ci", "utf8mb3", 3},
    {201, "utf8mb3_turkish_ci", "utf8mb3", 3},
    {202, "utf8mb3_czech_ci", "utf8mb3", 3},
    {203, "utf8mb3_danish_ci", "utf8mb3", 3},
    {204, "utf8mb3_lithuanian_ci", "utf8mb3", 3},
    {205, "utf8mb3_slovak_ci", "utf8mb3", 3},
    {206, "utf8mb3_spanish2_ci", "utf8mb3", 3},
    {207, "utf8mb3_roman_ci", "utf8mb3", 3},
    {208, "utf8mb3_persian_ci", "utf8mb3", 3},
    {209, "utf8mb3_esperanto_ci", "utf8mb3", 3},
    {210, "utf8mb3_hungarian_ci", "utf8mb3", 3},
    {211, "utf8mb3_sinhala_ci", "utf8mb3", 3},
    {212, "utf8mb3_german2_ci", "utf8mb3", 3},
    {213, "utf8mb3_croatian_mysql561_ci", "utf8mb3", 3},
    {214, "utf8mb3_unicode_520_ci", "utf8mb3", 3},
    {215, "utf8mb3_vietnamese_ci", "utf8mb3", 3},
    {223, "utf8mb3_general_mysql500_ci", "utf8mb3", 3},
    {224, "utf8mb4_unicode_ci", "utf8mb4", 4},
    {225, "utf8mb4_icelandic_ci", "utf8mb4", 4},
    {226, "utf8mb4_latvian_ci", "utf8mb4", 4},
    {227, "utf8mb4_romanian_ci", "utf8mb4", 4},
    {228, "utf8mb4_slovenian_ci", "utf8mb4", 4},
    {229, "utf8mb4_polish_ci", "utf8mb4", 4},
    {230, "utf8mb4_estonian_ci", "utf8mb4", 4},
    {231, "utf8mb4_spanish_ci", "utf8mb4", 4},
    {232, "utf8mb4_swedish_ci", "utf8mb4", 4},
    {233, "utf8mb4_turkish_ci", "utf8mb4", 4},
    {234, "utf8mb4_czech_ci", "utf8mb4", 4},
    {235, "utf8mb4_danish_ci", "utf8mb4", 4},
    {236, "utf8mb4_lithuanian_ci", "utf8mb4", 4},
    {237, "utf8mb4_slovak_ci", "utf8mb4", 4},
    {238, "utf8mb4_spanish2_ci", "utf8mb4", 4},
    {239, "utf8mb4_roman_ci", "utf8mb4", 4},
    {240, "utf8mb4_persian_ci", "utf8mb4", 4},
    {241, "utf8mb4_esperanto_ci", "utf8mb4", 4},
    {242, "utf8mb4_hungarian_ci", "utf8mb4", 4},
    {243, "utf8mb4_sinhala_ci", "utf8mb4", 4},
    {244, "utf8mb4_german2_ci", "utf8mb4", 4},
    {245, "utf8mb4_croatian_mysql561_ci", "utf8mb4", 4},
    {246, "utf8mb4_unicode_520_ci", "utf8mb4", 4},
    {247, "utf8mb4_vietnamese_ci", "utf8mb4", 4},
    {248, "gb18030_chinese_ci", "gb18030", 4},
    {249, "gb18030_bin", "gb18030", 4},
    {250, "gb18030_unicode_520_ci", "gb18030", 4},
    {255, "utf8mb4_0900_ai_ci", "utf8mb4", 4},
    {256, "utf8mb4_de_pb_0900_ai_ci", "utf8mb4", 4},
    {257, "utf8mb4_is_0900_ai_ci", "utf8mb4", 4},
    {258, "utf8mb4_lv_0900_ai_ci", "utf8mb4", 4},
    {259, "utf8mb4_ro_0900_ai_ci", "utf8mb4", 4},
    {260, "utf8mb4_sl_0900_ai_ci", "utf8mb4", 4},
    {261, "utf8mb4_pl_0900_ai_ci", "utf8mb4", 4},
    {262, "utf8mb4_et_0900_ai_ci", "utf8mb4", 4},
    {263, "utf8mb4_es_0900_ai_ci", "utf8mb4", 4},
    {264, "utf8mb4_sv_0900_ai_ci", "utf8mb4", 4},
    {265, "utf8mb4_tr_0900_ai_ci", "utf8mb4", 4},
    {266, "utf8mb4_cs_0900_ai_ci", "utf8mb4", 4},
    {267, "utf8mb4_da_0900_ai_ci", "utf8mb4", 4},
    {268, "utf8mb4_lt_0900_ai_ci", "utf8mb4", 4},
    {269, "utf8mb4_sk_0900_ai_ci", "utf8mb4", 4},
    {270, "utf8mb4_es_trad_0900_ai_ci", "utf8mb4", 4},
    {271, "utf8mb4_la_0900_ai_ci", "utf8mb4", 4},
    {273, "utf8mb4_eo_0900_ai_ci", "utf8mb4", 4},
    {274, "utf8mb4_hu_0900_ai_ci", "utf8mb4", 4},
    {275, "utf8mb4_hr_0900_ai_ci", "utf8mb4", 4},
    {277, "utf8mb4_vi_0900_ai_ci", "utf8mb4", 4},
    {278, "utf8mb4_0900_as_cs", "utf8mb4", 4},
    {279, "utf8mb4_de_pb_0900_as_cs", "utf8mb4", 4},
    {280, "utf8mb4_is_0900_as_cs", "utf8mb4", 4},
    {281, "utf8mb4_lv_0900_as_cs", "utf8mb4", 4},
    {282, "utf8mb4_ro_0900_as_cs", "utf8mb4", 4},
    {283, "utf8mb4_sl_0900_as_cs", "utf8mb4", 4},
    {284, "utf8mb4_pl_0900_as_cs", "utf8mb4", 4},
    {285, "utf8mb4_et_0900_as_cs", "utf8mb4", 4},
    {286, "utf8mb4_es_0900_as_cs", "utf8mb4", 4},
    {287, "utf8mb4_sv_0900_as_cs", "utf8mb4", 4},
    {288, "utf8mb4_tr_0900_as_cs", "utf8mb4", 4},
    {289, "utf8mb4_cs_0900_as_cs", "utf8mb4", 4},
    {290, "utf8mb4_da_0900_as_cs", "utf8mb4", 4},
    {291, "utf8mb4_lt_0900_as_cs", "utf8mb4", 4},
    {292, "utf8mb4_sk_0900_as_cs", "utf8mb4", 4},
    {293, "utf8mb4_es_trad_0900_as_cs", "utf8mb4", 4},
    {294, "utf8mb4_la_0900_as_cs", "utf8mb4", 4},
    {296, "utf8mb4_eo_0900_as_cs", "utf8mb4", 4},
    {297, "utf8mb4_hu_0900_as_cs", "utf8mb4", 4},
    {298, "utf8mb4_hr_0900_as_cs", "utf8mb4", 4},
    {300, "utf8mb4_vi_0900_as_cs", "utf8mb4", 4},
    {303, "utf8mb4_ja_0900_as_cs", "utf8mb4", 4},
    {304, "utf8mb4_ja_0900_as_cs_ks", "utf8mb4", 4},
    {305, "utf8mb4_0900_as_ci", "utf8mb4", 4},
    {306, "utf8mb4_ru_0900_ai_ci", "utf8mb4", 4},
    {307, "utf8mb4_ru_0900_as_cs", "utf8mb4", 4},
    {308, "utf8mb4_zh_0900_as_cs", "utf8mb4", 4},
    {309, "utf8mb4_0900_bin", "utf8mb4", 4},
    {310, "utf8mb4_nb_0900_ai_ci", "utf8mb4", 4},
    {311, "utf8mb4_nb_0900_as_cs", "utf8mb4", 4},
    {312, "utf8mb4_nn_0900_ai_ci", "utf8mb4", 4},
    {313, "utf8mb4_nn_0900_as_cs", "utf8mb4", 4},
    {314, "utf8mb4_sr_latn_0900_ai_ci", "utf8mb4", 4},
    {315, "utf8mb4_sr_latn_0900_as_cs", "utf8mb4", 4},
    {316, "utf8mb4_bs_0900_ai_ci", "utf8mb4", 4},
    {317, "utf8mb4_bs_0900_as_cs", "utf8mb4", 4},
    {318, "utf8mb4_bg_0900_ai_ci", "utf8mb4", 4},
    {319, "utf8mb4_bg_0900_as_cs", "utf8mb4", 4},
    {320, "utf8mb4_gl_0900_ai_ci", "utf8mb4", 4},
    {321, "utf8mb4_gl_0900_as_cs", "utf8mb4", 4},
    {322, "utf8mb4_mn_cyrl_0900_ai_ci", "utf8mb4", 4},
    {323, "utf8mb4_mn_cyrl_0900_as_cs", "utf8mb4", 4},
    {576, "utf8mb3_croatian_ci", "utf8mb3", 3},
    {577, "utf8mb3_myanmar_ci", "utf8mb3", 3},
    {578, "utf8mb3_thai_520_w2", "utf8mb3", 3},
    {608, "utf8mb4_croatian_ci", "utf8mb4", 4},
    {609, "utf8mb4_myanmar_ci", "utf8mb4", 4},
    {610, "utf8mb4_thai_520_w2", "utf8mb4", 4},
    {640, "ucs2_croatian_ci", "ucs2", 2},
    {641, "ucs2_myanmar_ci", "ucs2", 2},
    {642, "ucs2_thai_520_w2", "ucs2", 2},
    {672, "utf16_croatian_ci", "utf16", 4},
    {673, "utf16_myanmar_ci", "utf16", 4},
    {674, "utf16_thai_520_w2", "utf16", 4},
    {736, "utf32_croatian_ci", "utf32", 4},
    {737, "utf32_myanmar_ci", "utf32", 4},
    {738, "utf32_thai_520_w2", "utf32", 4},
    {1025, "big5_chinese_nopad_ci", "big5", 2},
    {1027, "dec8_swedish_nopad_ci", "dec8", 1},
    {1028, "cp850_general_nopad_ci", "cp850", 1},
    {1030, "hp8_english_nopad_ci", "hp8", 1},
    {1031, "koi8r_general_nopad_ci", "koi8r", 1},
    {1032, "latin1_swedish_nopad_ci", "latin1", 1},
    {1033, "latin2_general_nopad_ci", "latin2", 1},
    {1034, "swe7_swedish_nopad_ci", "swe7", 1},
    {1035, "ascii_general_nopad_ci", "ascii", 1},
    {1036, "ujis_japanese_nopad_ci", "ujis", 3},
    {1037, "sjis_japanese_nopad_ci", "sjis", 2},
    {1040, "hebrew_general_nopad_ci", "hebrew", 1},
    {1042, "tis620_thai_nopad_ci", "tis620", 1},
    {1043, "euckr_korean_nopad_ci", "euckr", 2},
    {1046, "koi8u_general_nopad_ci", "koi8u", 1},
    {1048, "gb2312_chinese_nopad_ci", "gb2312", 2},
    {1049, "greek_general_nopad_ci", "greek", 1},
    {1050, "cp1250_general_nopad_ci", "cp1250", 1},
    {1052, "gbk_chinese_nopad_ci", "gbk", 2},
    {1054, "latin5_turkish_nopad_ci", "latin5", 1},
    {1056, "armscii8_general_nopad_ci", "armscii8", 1},
    {1057, "utf8mb3_general_nopad_ci", "utf8mb3", 3},
    {1059, "ucs2_general_nopad_ci", "ucs2", 2},
    {1060, "cp866_general_nopad_ci", "cp866", 1},
    {1061, "keybcs2_general_nopad_ci", "keybcs2", 1},
    {1062, "macce_general_nopad_ci", "macce", 1},
    {1063, "macroman_general_nopad_ci", "macroman", 1},
    {1064, "cp852_general_nopad_ci", "cp852", 1},
    {1065, "latin7_general_nopad_ci", "latin7", 1},
    {1067, "macce_nopad_bin", "macce", 1},
    {1069, "utf8mb4_general_nopad_ci", "utf8mb4", 4},
    {1070, "utf8mb4_nopad_bin", "utf8mb4", 4},
    {1071, "latin1_nopad_bin", "latin1", 1},
    {1074, "cp1251_nopad_bin", "cp1251", 1},
    {1075, "cp1251_general_nopad_ci", "cp1251", 1},
    {1077, "macroman_nopad_bin", "macroman", 1},
    {1078, "utf16_general_nopad_ci", "utf16", 4},
    {1079, "utf16_nopad_bin", "utf16", 4},
    {1080, "utf16le_general_nopad_ci", "utf16le", 4},
    {1081, "cp1256_general_nopad_ci", "cp1256", 1},
    {1082, "cp1257_nopad_bin", "cp1257", 1},
    {1083, "cp1257_general_nopad_ci", "cp1257", 1},
    {1084, "utf32_general_nopad_ci", "utf32", 4},
    {1085, "utf32_nopad_bin", "utf32", 4},
    {1086, "utf16le_nopad_bin", "utf16le", 4},
    {1088, "armscii8_nopad_bin", "armscii8", 1},
    {1089, "ascii_nopad_bin", "ascii", 1},
    {1090, "cp1250_nopad_bin", "cp1250", 1},
    {1091, "cp1256_nopad_bin", "cp1256", 1},
    {1092, "cp866_nopad_bin", "cp866", 1},
    {1093, "dec8_nopad_bin", "dec8", 1},
    {1094, "greek_nopad_bin", "greek", 1},
    {1095, "hebrew_nopad_bin", "hebrew", 1},
    {1096, "hp8_nopad_bin", "hp8", 1},
    {1097, "keybcs2_nopad_bin", "keybcs2", 1},
    {1098, "koi8r_nopad_bin", "koi8r", 1},
    {1099, "koi8u_nopad_bin", "koi8u", 1},
    {1101, "latin2_nopad_bin", "latin2", 1},
    {1102, "latin5_nopad_bin", "latin5", 1},
    {1103, "latin7_nopad_bin", "latin7", 1},
    {1104, "cp850_nopad_bin", "cp850", 1},
    {1105, "cp852_nopad_bin", "cp852", 1},
    {1106, "swe7_nopad_bin", "swe7", 1},
    {1107, "utf8mb3_nopad_bin", "utf8mb3", 3},
    {1108, "big5_nopad_bin", "big5", 2},
    {1109, "euckr_nopad_bin", "euckr", 2},
    {1110, "gb2312_nopad_bin", "gb2312", 2},
    {1111, "gbk_nopad_bin", "gbk", 2},
    {1112, "sjis_nopad_bin", "sjis", 2},
    {1113, "tis620_nopad_bin", "tis620", 1},
    {1114, "ucs2_nopad_bin", "ucs2", 2},
    {1115, "ujis_nopad_bin", "ujis", 3},
    {1116, "geostd8_general_nopad_ci", "geostd8", 1},
    {1117, "geostd8_nopad_bin", "geostd8", 1},
    {1119, "cp932_japanese_nopad_ci", "cp932", 2},
    {1120, "cp932_nopad_bin", "cp932", 2},
    {1121, "eucjpms_japanese_nopad_ci", "eucjpms", 3},
    {1122, "eucjpms_nopad_bin", "eucjpms", 3},
    {1125, "utf16_unicode_nopad_ci", "utf16", 4},
    {1147, "utf16_unicode_520_nopad_ci", "utf16", 4},
    {1152, "ucs2_unicode_nopad_ci", "ucs2", 2},
    {1174, "ucs2_unicode_520_nopad_ci", "ucs2", 2},
    {1184, "utf32_unicode_nopad_ci", "utf32", 4},
    {1206, "utf32_unicode_520_nopad_ci", "utf32", 4},
    {1216, "utf8mb3_unicode_nopad_ci", "utf8mb3", 3},
    {1238, "utf8mb3_unicode_520_nopad_ci", "utf8mb3", 3},
    {1248, "utf8mb4_unicode_nopad_ci", "utf8mb4", 4},
    {1270, "utf8mb4_unicode_520_nopad_ci", "utf8mb4", 4},
    {2048, "utf8mb3_uca1400_ai_ci", "utf8mb3", 3},
    {2049, "utf8mb3_uca1400_ai_cs", "utf8mb3", 3},
    {2050, "utf8mb3_uca1400_as_ci", "utf8mb3", 3},
    {2051, "utf8mb3_uca1400_as_cs", "utf8mb3", 3},
    {2052, "utf8mb3_uca1400_nopad_ai_ci", "utf8mb3", 3},
    {2053, "utf8mb3_uca1400_nopad_ai_cs", "utf8mb3", 3},
    {2054, "utf8mb3_uca1400_nopad_as_ci", "utf8mb3", 3},
    {2055, "utf8mb3_uca1400_nopad_as_cs", "utf8mb3", 3},
    {2056, "utf8mb3_uca1400_icelandic_ai_ci", "utf8mb3", 3},
    {2057, "utf8mb3_uca1400_icelandic_ai_cs", "utf8mb3", 3},
    {2058, "utf8mb3_uca1400_icelandic_as_ci", "utf8mb3", 3},
    {2059, "utf8mb3_uca1400_icelandic_as_cs", "utf8mb3", 3},
    {2060, "utf8mb3_uca1400_icelandic_nopad_ai_ci", "utf8mb3", 3},
    {2061, "utf8mb3_uca1400_icelandic_nopad_ai_cs", "utf8mb3", 3},
    {2062, "utf8mb3_uca1400_icelandic_nopad_as_ci", "utf8mb3", 3},
    {2063, "utf8mb3_uca1400_icelandic_nopad_as_cs", "utf8mb3", 3},
    {2064, "utf8mb3_uca1400_latvian_ai_ci", "utf8mb3", 3},
    {2065, "utf8mb3_uca1400_latvian_ai_cs", "utf8mb3", 3},
    {2066, "utf8mb3_uca1400_latvian_as_ci", "utf8mb3", 3},
    {2067, "utf8mb3_uca1400_latvian_as_cs", "utf8mb3", 3},
    {2068, "utf8mb3_uca1400_latvian_nopad_ai_ci", "utf8mb3", 3},
    {2069, "utf8mb3_uca1400_latvian_nopad_ai_cs", "utf8mb3", 3},
    {2070, "utf8mb3_uca1400_latvian_nopad_as_ci", "utf8mb3", 3},
    {2071, "utf8mb3_uca1400_latvian_nopad_as_cs", "utf8mb3", 3},
    {2072, "utf8mb3_uca1400_romanian_ai_ci", "utf8mb3", 3},
    {2073, "utf8mb3_uca1400_romanian_ai_cs", "utf8mb3", 3},
    {2074, "utf8mb3_uca1400_romanian_as_ci", "utf8mb3", 3},
    {2075, "utf8mb3_uca1400_romanian_as_cs", "utf8mb3", 3},
    {2076, "utf8mb3_uca1400_romanian_nopad_ai_ci", "utf8mb3", 3},
    {2077, "utf8mb3_uca1400_romanian_nopad_ai_cs", "utf8mb3", 3},
    {2078, "utf8mb3_uca1400_romanian_nopad_as_ci", "utf8mb3", 3},
    {2079, "utf8mb3_uca1400_romanian_nopad_as_cs", "utf8mb3", 3},
    {2080, "utf8mb3_uca1400_slovenian_ai_ci", "utf8mb3", 3},
    {2081, "utf8mb3_uca1400_slovenian_ai_cs", "utf8mb3", 3},
    {2082, "utf8mb3_uca1400_slovenian_as_ci", "utf8mb3", 3},
    {2083, "utf8mb3_uca1400_slovenian_as_cs", "utf8mb3", 3},
    {2084, "utf8mb3_uca1400_slovenian_nopad_ai_ci", "utf8mb3", 3},
    {2085, "utf8mb3_uca1400_slovenian_nopad_ai_cs", "utf8mb3", 3},
    {2086, "utf8mb3_uca1400_slovenian_nopad_as_ci", "utf8mb3", 3},
    {2087, "utf8mb3_uca1400_slovenian_nopad_as_cs", "utf8mb3", 3},
    {2088, "utf8mb3_uca1400_polish_ai_ci", "utf8mb3", 3},
    {2089, "utf8mb3_uca1400_polish_ai_cs", "utf8mb3", 3},
    {2090, "utf8mb3_uca1400_polish_as_ci", "utf8mb3", 3},
    {2091, "utf8mb3_uca1400_polish_as_cs", "utf8mb3", 3},
    {2092, "utf8mb3_uca1400_polish_nopad_ai_ci", "utf8mb3", 3},
    {2093, "utf8mb3_uca1400_polish_nopad_ai_cs", "utf8mb3", 3},
    {2094, "utf8mb3_uca1400_polish_nopad_as_ci", "utf8mb3", 3},
    {2095, "utf8mb3_uca1400_polish_nopad_as_cs", "utf8mb3", 3},
    {2096, "utf8mb3_uca1400_estonian_ai_ci", "utf8mb3", 3},
    {2097, "utf8mb3_uca1400_estonian_ai_cs", "utf8mb3", 3},
    {2098, "utf8mb3_uca1400_estonian_as_ci", "utf8mb3", 3},
    {2099, "utf8mb3_uca1400_estonian_as_cs", "utf8mb3", 3},
    {2100, "utf8mb3_uca1400_estonian_nopad_ai_ci", "utf8mb3", 3},
    {2101, "utf8mb3_uca1400_estonian_nopad_ai_cs", "utf8mb3", 3},
    {2102, "utf8mb3_uca1400_estonian_nopad_as_ci", "utf8mb3", 3},
    {2103, "utf8mb3_uca1400_estonian_nopad_as_cs", "utf8mb3", 3},
    {2104, "utf8mb3_uca1400_spanish_ai_ci", "utf8mb3", 3},
    {2105, "utf8mb3_uca1400_spanish_ai_cs", "utf8mb3", 3},
    {2106, "utf8mb3_uca1400_spanish_as_ci", "utf8mb3", 3},
    {2107, "utf8mb3_uca1400_spanish_as_cs", "utf8mb3", 3},
    {2108, "utf8mb3_uca1400_spanish_nopad_ai_ci", "utf8mb3", 3},
    {2109, "utf8mb3_uca1400_spanish_nopad_ai_cs", "utf8mb3", 3},
    {2110, "utf8mb3_uca1400_spanish_nopad_as_ci", "utf8mb3", 3},
    {2111, "utf8mb3_uca1400_spanish_nopad_as_cs", "utf8mb3", 3},
    {2112, "utf8mb3_uca1400_swedish_ai_ci", "utf8mb3", 3},
    {2113, "utf8mb3_uca1400_swedish_ai_cs", "utf8mb3", 3},
    {2114, "utf8mb3_uca1400_swedish_as_ci", "utf8mb3", 3},
    {2115, "utf8mb3_uca1400_swedish_as_cs", "utf8mb3", 3},
    {2116, "utf8mb3_uca1400_swedish_nopad_ai_ci", "utf8mb3", 3},
    {2117, "utf8mb3_uca1400_swedish_nopad_ai_cs", "utf8mb3", 3},
    {2118, "utf8mb3_uca1400_swedish_nopad_as_ci", "utf8mb3", 3},
    {2119, "utf8mb3_uca1400_swedish_nopad_as_cs", "utf8mb3", 3},
    {2120, "utf8mb3_uca1400_turkish_ai_ci", "utf8mb3", 3},
    {2121, "utf8mb3_uca1400_turkish_ai_cs", "utf8mb3", 3},
    {2122, "utf8mb3_uca1400_turkish_as_ci", "utf8mb3", 3},
    {2123, "utf8mb3_uca1400_turkish_as_cs", "utf8mb3", 3},
    {2124, "utf8mb3_uca1400_turkish_nopad_ai_ci", "utf8mb3", 3},
    {2125, "utf8mb3_uca1400_turkish_nopad_ai_cs", "utf8mb3", 3},
    {2126, "utf8mb3_uca1400_turkish_nopad_as_ci", "utf8mb3", 3},
    {2127, "utf8mb3_uca1400_turkish_nopad_as_cs", "utf8mb3", 3},
    {2128, "utf8mb3_uca1400_czech_ai_ci", "utf8mb3", 3},
    {2129, "utf8mb3_uca1400_czech_ai_cs", "utf8mb3", 3},
    {2130, "utf8mb3_uca1400_czech_as_ci", "utf8mb3", 3},
    {2131, "utf8mb3_uca1400_czech_as_cs", "utf8mb3", 3},
    {2132, "utf8mb3_uca1400_czech_nopad_ai_ci", "utf8mb3", 3},
    {2133, "utf8mb3_uca1400_czech_nopad_ai_cs", "utf8mb3", 3},
    {2134, "utf8mb3_uca1400_czech_nopad_as_ci", "utf8mb3", 3},
    {2135, "utf8mb3_uca1400_czech_nopad_as_cs", "utf8mb3", 3},
    {2136, "utf8mb3_uca1400_danish_ai_ci", "utf8mb3", 3},
    {2137, "utf8mb3_uca1400_danish_ai_cs", "utf8mb3", 3},
    {2138, "utf8mb3_uca1400_danish_as_ci", "utf8mb3", 3},
    {2139, "utf8mb3_uca1400_danish_as_cs", "utf8mb3", 3},
    {2140, "utf8mb3_uca1400_danish_nopad_ai_ci", "utf8mb3", 3},
    {2141, "utf8mb3_uca1400_danish_nopad_ai_cs", "utf8mb3", 3},
    {2142, "utf8mb3_uca1400_danish_nopad_as_ci", "utf8mb3", 3},
    {2143, "utf8mb3_uca1400_danish_nopad_as_cs", "utf8mb3", 3},
    {2144, "utf8mb3_uca1400_lithuanian_ai_ci", "utf8mb3", 3},
    {2145, "utf8mb3_uca1400_lithuanian_ai_cs", "utf8mb3", 3},
    {2146, "utf8mb3_uca1400_lithuanian_as_ci", "utf8mb3", 3},
    {2147, "utf8mb3_uca1400_lithuanian_as_cs", "utf8mb3", 3},
    {2148, "utf8mb3_uca1400_lithuanian_nopad_ai_ci", "utf8mb3", 3},
    {2149, "utf8mb3_uca1400_lithuanian_nopad_ai_cs", "utf8mb3", 3},
    {2150, "utf8mb3_uca1400_lithuanian_nopad_as_ci", "utf8mb3", 3},
    {2151, "utf8mb3_uca1400_lithuanian_nopad_as_cs", "utf8mb3", 3},
    {2152, "utf8mb3_uca1400_slovak_ai_ci", "utf8mb3", 3},
    {2153, "utf8mb3_uca1400_slovak_ai_cs", "utf8mb3", 3},
    {2154, "utf8mb3_uca1400_slovak_as_ci", "utf8mb3", 3},
    {2155, "utf8mb3_uca1400_slovak_as_cs", "utf8mb3", 3},
    {2156, "utf8mb3_uca1400_slovak_nopad_ai_ci", "utf8mb3", 3},
    {2157, "utf8mb3_uca1400_slovak_nopad_ai_cs", "utf8mb3", 3},
    {2158, "utf8mb3_uca1400_slovak_nopad_as_ci", "utf8mb3", 3},
    {2159, "utf8mb3_uca1400_slovak_nopad_as_cs", "utf8mb3", 3},
    {2160, "utf8mb3_uca1400_spanish2_ai_ci", "utf8mb3", 3},
    {2161, "utf8mb3_uca1400_spanish2_ai_cs", "utf8mb3", 3},
    {2162, "utf8mb3_uca1400_spanish2_as_ci", "utf8mb3", 3},
    {2163, "utf8mb3_uca1400_spanish2_as_cs", "utf8mb3", 3},
    {2164, "utf8mb3_uca1400_spanish2_nopad_ai_ci", "utf8mb3", 3},
    {2165, "utf8mb3_uca1400_spanish2_nopad_ai_cs", "utf8mb3", 3},
    {2166, "utf8mb3_uca1400_spanish2_nopad_as_ci", "utf8mb3", 3},
    {2167, "utf8mb3_uca1400_spanish2_nopad_as_cs", "utf8mb3", 3},
    {2168, "utf8mb3_uca1400_roman_ai_ci", "utf8mb3", 3},
    {2169, "utf8mb3_uca1400_roman_ai_cs", "utf8mb3", 3},
    {2170, "utf8mb3_uca1400_roman_as_ci", "utf8mb3", 3},
    {2171, "utf8mb3_uca1400_roman_as_cs", "utf8mb3", 3},
    {2172, "utf8mb3_uca1400_roman_nopad_ai_ci", "utf8mb3", 3},
    {2173, "utf8mb3_uca1400_roman_nopad_ai_cs", "utf8mb3", 3},
    {2174, "utf8mb3_uca1400_roman_nopad_as_ci", "utf8mb3", 3},
    {2175, "utf8mb3_uca1400_roman_nopad_as_cs", "utf8mb3", 3},
    {2176, "utf8mb3_uca1400_persian_ai_ci", "utf8mb3", 3},
    {2177, "utf8mb3_uca1400_persian_ai_cs", "utf8mb3", 3},
    {2178, "utf8mb3_uca1400_persian_as_ci", "utf8mb3", 3},
    {2179, "utf8mb3_uca1400_persian_as_cs", "utf8mb3", 3},
    {2180, "utf8mb3_uca1400_persian_nopad_ai_ci", "utf8mb3", 3},
    {2181, "utf8mb3_uca1400_persian_nopad_ai_cs", "utf8mb3", 3},
    {2182, "utf8mb3_uca1400_persian_nopad_as_ci", "utf8mb3", 3},
    {2183, "utf8mb3_uca1400_persian_nopad_as_cs", "utf8mb3", 3},
    {2184, "utf8mb3_uca1400_esperanto_ai_ci", "utf8mb3", 3},
    {2185, "utf8mb3_uca1400_esperanto_ai_cs", "utf8mb3", 3},
    {2186, "utf8mb3_uca1400_esperanto_as_ci", "utf8mb3", 3},
    {2187, "utf8mb3_uca1400_esperanto_as_cs", "utf8mb3", 3},
    {2188, "utf8mb3_uca1400_esperanto_nopad_ai_ci", "utf8mb3", 3},
    {2189, "utf8mb3_uca1400_esperanto_nopad_ai_cs", "utf8mb3", 3},
    {2190, "utf8mb3_uca1400_esperanto_nopad_as_ci", "utf8mb3", 3},
    {2191, "utf8mb3_uca1400_esperanto_nopad_as_cs", "utf8mb3", 3},
    {2192, "utf8mb3_uca1400_hungarian_ai_ci", "utf8mb3", 3},
    {2193, "utf8mb3_uca1400_hungarian_ai_cs", "utf8mb3", 3},
    {2194, "utf8mb3_uca1400_hungarian_as_ci", "utf8mb3", 3},
    {2195, "utf8mb3_uca1400_hungarian_as_cs", "utf8mb3", 3},
    {2196, "utf8mb3_uca1400_hungarian_nopad_ai_ci", "utf8mb3", 3},
    {2197, "utf8mb3_uca1400_hungarian_nopad_ai_cs", "utf8mb3", 3},
    {2198, "utf8mb3_uca1400_hungarian_nopad_as_ci", "utf8mb3", 3},
    {2199, "utf8mb3_uca1400_hungarian_nopad_as_cs", "utf8mb3", 3},
    {2200, "utf8mb3_uca1400_sinhala_ai_ci", "utf8mb3", 3},
    {2201, "utf8mb3_uca1400_sinhala_ai_cs", "utf8mb3", 3},
    {2202, "utf8mb3_uca1400_sinhala_as_ci", "utf8mb3", 3},
    {2203, "utf8mb3_uca1400_sinhala_as_cs", "utf8mb3", 3},
    {2204, "utf8mb3_uca1400_sinhala_nopad_ai_ci", "utf8mb3", 3},
    {2205, "utf8mb3_uca1400_sinhala_nopad_ai_cs", "utf8mb3", 3},
    {2206, "utf8mb3_uca1400_sinhala_nopad_as_ci", "utf8mb3", 3},
    {2207, "utf8mb3_uca1400_sinhala_nopad_as_cs", "utf8mb3", 3},
    {2208, "utf8mb3_uca1400_german2_ai_ci", "utf8mb3", 3},
    {2209, "utf8mb3_uca1400_german2_ai_cs", "utf8mb3", 3},
    {2210, "utf8mb3_uca1400_german2_as_ci", "utf8mb3", 3},
    {2211, "utf8mb3_uca1400_german2_as_cs", "utf8mb3", 3},
    {2212, "utf8mb3_uca1400_german2_nopad_ai_ci", "utf8mb3", 3},
    {2213, "utf8mb3_uca1400_german2_nopad_ai_cs", "utf8mb3", 3},
    {2214, "utf8mb3_uca1400_german2_nopad_as_ci", "utf8mb3", 3},
    {2215, "utf8mb3_uca1400_german2_nopad_as_cs", "utf8mb3", 3},
    {2232, "utf8mb3_uca1400_vietnamese_ai_ci", "utf8mb3", 3},
    {2233, "utf8mb3_uca1400_vietnamese_ai_cs", "utf8mb3", 3},
    {2234, "utf8mb3_uca1400_vietnamese_as_ci", "utf8mb3", 3},
    {2235, "utf8mb3_uca1400_vietnamese_as_cs", "utf8mb3", 3},
    {2236, "utf8mb3_uca1400_vietnamese_nopad_ai_ci", "utf8mb3", 3},
    {2237, "utf8mb3_uca1400_vietnamese_nopad_ai_cs", "utf8mb3", 3},
    {2238, "utf8mb3_uca1400_vietnamese_nopad_as_ci", "utf8mb3", 3},
    {2239, "utf8mb3_uca1400_vietnamese_nopad_as_cs", "utf8mb3", 3},
    {2240, "utf8mb3_uca1400_croatian_ai_ci", "utf8mb3", 3},
    {2241, "utf8mb3_uca1400_croatian_ai_cs", "utf8mb3", 3},
    {2242, "utf8mb3_uca1400_croatian_as_ci", "utf8mb3", 3},
    {2243, "utf8mb3_uca1400_croatian_as_cs", "utf8mb3", 3},
    {2244, "utf8mb3_uca1400_croatian_nopad_ai_ci", "utf8mb3", 3},
    {2245, "utf8mb3_uca1400_croatian_nopad_ai_cs", "utf8mb3", 3},
    {2246, "utf8mb3_uca1400_croatian_nopad_as_ci", "utf8mb3", 3},
    {2247, "utf8mb3_uca1400_croatian_nopad_as_cs", "utf8mb3", 3},
    {2304, "utf8mb4_uca1400_ai_ci", "utf8mb4", 4},
    {2305, "utf8mb4_uca1400_ai_cs", "utf8mb4", 4},
    {2306, "utf8mb4_uca1400_as_ci", "utf8mb4", 4},
    {2307, "utf8mb4_uca1400_as_cs", "utf8mb4", 4},
    {2308, "utf8mb4_uca1400_nopad_ai_ci", "utf8mb4", 4},
    {2309, "utf8mb4_uca1400_nopad_ai_cs", "utf8mb4", 4},
    {2310, "utf8mb4_uca1400_nopad_as_ci", "utf8mb4", 4},
    {2311, "utf8mb4_uca1400_nopad_as_cs", "utf8mb4", 4},
    {2312, "utf8mb4_uca1400_icelandic_ai_ci", "utf8mb4", 4},
    {2313, "utf8mb4_uca1400_icelandic_ai_cs", "utf8mb4", 4},
    {2314, "utf8mb4_uca1400_icelandic_as_ci", "utf8mb4", 4},
    {2315, "utf8mb4_uca1400_icelandic_as_cs", "utf8mb4", 4},
    {2316, "utf8mb4_uca1400_icelandic_nopad_ai_ci", "utf8mb4", 4},
    {2317, "utf8mb4_uca1400_icelandic_nopad_ai_cs", "utf8mb4", 4},
    {2318, "utf8mb4_uca1400_icelandic_nopad_as_ci", "utf8mb4", 4},
    {2319, "utf8mb4_uca1400_icelandic_nopad_as_cs", "utf8mb4", 4},
    {2320, "utf8mb4_uca1400_latvian_ai_ci", "utf8mb4", 4},
    {2321, "utf8mb4_uca1400_latvian_ai_cs", "utf8mb4", 4},
    {2322, "utf8mb4_uca1400_latvian_as_ci", "utf8mb4", 4},
    {2323, "utf8mb4_uca1400_latvian_as_cs", "utf8mb4", 4},
    {2324, "utf8mb4_uca1400_latvian_nopad_ai_ci", "utf8mb4", 4},
    {2325, "utf8mb4_uca1400_latvian_nopad_ai_cs", "utf8mb4", 4},
    {2326, "utf8mb4_uca1400_latvian_nopad_as_ci", "utf8mb4", 4},
    {2327, "utf8mb4_uca1400_latvian_nopad_as_cs", "utf8mb4", 4},
    {2328, "utf8mb4_uca1400_romanian_ai_ci", "utf8mb4", 4},
    {2329, "utf8mb4_uca1400_romanian_ai_cs", "utf8mb4", 4},
    {2330, "utf8mb4_uca1400_romanian_as_ci", "utf8mb4", 4},
    {2331, "utf8mb4_uca1400_romanian_as_cs", "utf8mb4", 4},
    {2332, "utf8mb4_uca1400_romanian_nopad_ai_ci", "utf8mb4", 4},
    {2333, "utf8mb4_uca1400_romanian_nopad_ai_cs", "utf8mb4", 4},
    {2334, "utf8mb4_uca1400_romanian_nopad_as_ci", "utf8mb4", 4},
    {2335, "utf8mb4_uca1400_romanian_nopad_as_cs", "utf8mb4", 4},
    {2336, "utf8mb4_uca1400_slovenian_ai_ci", "utf8mb4", 4},
    {2337, "utf8mb4_uca1400_slovenian_ai_cs", "utf8mb4", 4},
    {2338, "utf8mb4_uca1400_slovenian_as_ci", "utf8mb4", 4},
    {2339, "utf8mb4_uca1400_slovenian_as_cs", "utf8mb4", 4},
    {2340, "utf8mb4_uca1400_slovenian_nopad_ai_ci", "utf8mb4", 4},
    {2341, "utf8mb4_uca1400_slovenian_nopad_ai_cs", "utf8mb4", 4},
    {2342, "utf8mb4_uca1400_slovenian_nopad_as_ci", "utf8mb4", 4},
    {2343, "utf8mb4_uca1400_slovenian_nopad_as_cs", "utf8mb4", 4},
    {2344, "utf8mb4_uca1400_polish_ai_ci", "utf8mb4", 4},
    {2345, "utf8mb4_uca1400_polish_ai_cs", "utf8mb4", 4},
    {2346, "utf8mb4_uca1400_polish_as_ci", "utf8mb4", 4},
    {2347, "utf8mb4_uca1400_polish_as_cs", "utf8mb4", 4},
    {2348, "utf8mb4_uca1400_polish_nopad_ai_ci", "utf8mb4", 4},
    {2349, "utf8mb4_uca1400_polish_nopad_ai_cs", "utf8mb4", 4},
    {2350, "utf8mb4_uca1400_polish_nopad_as_ci", "utf8mb4", 4},
    {2351, "utf8mb4_uca1400_polish_nopad_as_cs", "utf8mb4", 4},
    {2352, "utf8mb4_uca1400_estonian_ai_ci", "utf8mb4", 4},
    {2353, "utf8mb4_uca1400_estonian_ai_cs", "utf8mb4", 4},
    {2354, "utf8mb4_uca1400_estonian_as_ci", "utf8mb4", 4},
    {2355, "utf8mb4_uca1400_estonian_as_cs", "utf8mb4", 4},
    {2356, "utf8mb4_uca1400_estonian_nopad_ai_ci", "utf8mb4", 4},
    {2357, "utf8mb4_uca1400_estonian_nopad_ai_cs", "utf8mb4", 4},
    {2358, "utf8mb4_uca1400_estonian_nopad_as_ci", "utf8mb4", 4},
    {2359, "utf8mb4_uca1400_estonian_nopad_as_cs", "utf8mb4", 4},
    {2360, "utf8mb4_uca1400_spanish_ai_ci", "utf8mb4", 4},
    {2361, "utf8mb4_uca1400_spanish_ai_cs", "utf8mb4", 4},
    {2362, "utf8mb4_uca1400_spanish_as_ci", "utf8mb4", 4},
    {2363, "utf8mb4_uca1400_spanish_as_cs", "utf8mb4", 4},
    {2364, "utf8mb4_uca1400_spanish_nopad_ai_ci", "utf8mb4", 4},
    {2365, "utf8mb4_uca1400_spanish_nopad_ai_cs", "utf8mb4", 4},
    {2366, "utf8mb4_uca1400_spanish_nopad_as_ci", "utf8mb4", 4},
    {2367, "utf8mb4_uca1400_spanish_nopad_as_cs", "utf8mb4", 4},
    {2368, "utf8mb4_uca1400_swedish_ai_ci", "utf8mb4", 4},
    {2369, "utf8mb4_uca1400_swedish_ai_cs", "utf8mb4", 4},
    {2370, "utf8mb4_uca1400_swedish_as_ci", "utf8mb4", 4},
    {2371, "utf8mb4_uca1400_swedish_as_cs", "utf8mb4", 4},
    {2372, "utf8mb4_uca1400_swedish_nopad_ai_ci", "utf8mb4", 4},
    {2373, "utf8mb4_uca1400_swedish_nopad_ai_cs", "utf8mb4", 4},
    {2374, "utf8mb4_uca1400_swedish_nopad_as_ci", "utf8mb4", 4},
    {2375, "utf8mb4_uca1400_swedish_nopad_as_cs", "utf8mb4", 4},
    {2376, "utf8mb4_uca1400_turkish_ai_ci", "utf8mb4", 4},
    {2377, "utf8mb4_uca1400_turkish_ai_cs", "utf8mb4", 4},
    {2378, "utf8mb4_uca1400_turkish_as_ci", "utf8mb4", 4},
    {2379, "utf8mb4_uca1400_turkish_as_cs", "utf8mb4", 4},
    {2380, "utf8mb4_uca1400_turkish_nopad_ai_ci", "utf8mb4", 4},
    {2381, "utf8mb4_uca1400_turkish_nopad_ai_cs", "utf8mb4", 4},
    {2382, "utf8mb4_uca1400_turkish_nopad_as_ci", "utf8mb4", 4},
    {2383, "utf8mb4_uca1400_turkish_nopad_as_cs", "utf8mb4", 4},
    {2384, "utf8mb4_uca1400_czech_ai_ci", "utf8mb4", 4},
    {2385, "utf8mb4_uca1400_czech_ai_cs", "utf8mb4", 4},
    {2386, "utf8mb4_uca1400_czech_as_ci", "utf8mb4", 4},
    {2387, "utf8mb4_uca1400_czech_as_cs", "utf8mb4", 4},
    {2388, "utf8mb4_uca1400_czech_nopad_ai_ci", "utf8mb4", 4},
    {2389, "utf8mb4_uca1400_czech_nopad_ai_cs", "utf8mb4", 4},
    {2390, "utf8mb4_uca1400_czech_nopad_as_ci", "utf8mb4", 4},
    {2391, "utf8mb4_uca1400_czech_nopad_as_cs", "utf8mb4", 4},
    {2392, "utf8mb4_uca1400_danish_ai_ci", "utf8mb4", 4},
    {2393, "utf8mb4_uca1400_danish_ai_cs", "utf8mb4", 4},
    {2394, "utf8mb4_uca1400_danish_as_ci", "utf8mb4", 4},
    {2395, "utf8mb4_uca1400_danish_as_cs", "utf8mb4", 4},
    {2396, "utf8mb4_uca1400_danish_nopad_ai_ci", "utf8mb4", 4},
    {2397, "utf8mb4_uca1400_danish_nopad_ai_cs", "utf8mb4", 4},
    {2398, "utf8mb4_uca1400_danish_nopad_as_ci", "utf8mb4", 4},
    {2399, "utf8mb4_uca1400_danish_nopad_as_cs", "utf8mb4", 4},
    {2400, "utf8mb4_uca1400_lithuanian_ai_ci", "utf8mb4", 4},
    {2401, "utf8mb4_uca1400_lithuanian_ai_cs", "utf8mb4", 4},
    {2402, "utf8mb4_uca1400_lithuanian_as_ci", "utf8mb4", 4},
    {2403, "utf8mb4_uca1400_lithuanian_as_cs", "utf8mb4", 4},
    {2404, "utf8mb4_uca1400_lithuanian_nopad_ai_ci", "utf8mb4", 4},
    {2405, "utf8mb4_uca1400_lithuanian_nopad_ai_cs", "utf8mb4", 4},
    {2406, "utf8mb4_uca1400_lithuanian_nopad_as_ci", "utf8mb4", 4},
    {2407, "utf8mb4_uca1400_lithuanian_nopad_as_cs", "utf8mb4", 4},
    {2408, "utf8mb4_uca1400_slovak_ai_ci", "utf8mb4", 4},
    {2409, "utf8mb4_uca1400_slovak_ai_cs", "utf8mb4", 4},
    {2410, "utf8mb4_uca1400_slovak_as_ci", "utf8mb4", 4},
    {2411, "utf8mb4_uca1400_slovak_as_cs", "utf8mb4", 4},
    {2412, "utf8mb4_uca1400_slovak_nopad_ai_ci", "utf8mb4", 4},
    {2413, "utf8mb4_uca1400_slovak_nopad_ai_cs", "utf8mb4", 4},
    {2414, "utf8mb4_uca1400_slovak_nopad_as_ci", "utf8mb4", 4},
    {2415, "utf8mb4_uca1400_slovak_nopad_as_cs", "utf8mb4", 4},
    {2416, "utf8mb4_uca1400_spanish2_ai_ci", "utf8mb4", 4},
    {2417, "utf8mb4_uca1400_spanish2_ai_cs", "utf8mb4", 4},
    {2418, "utf8mb4_uca1400_spanish2_as_ci", "utf8mb4", 4},
    {2419, "utf8mb4_uca1400_spanish2_as_cs", "utf8mb4", 4},
    {2420, "utf8mb4_uca1400_spanish2_nopad_ai_ci", "utf8mb4", 4},
    {2421, "utf8mb4_uca1400_spanish2_nopad_ai_cs", "utf8mb4", 4},
    {2422, "utf8mb4_uca1400_spanish2_nopad_as_ci", "utf8mb4", 4},
    {2423, "utf8mb4_uca1400_spanish2_nopad_as_cs", "utf8mb4", 4},
    {2424, "utf8mb4_uca1400_roman_ai_ci", "utf8mb4", 4},
    {2425, "utf8mb4_uca1400_roman_ai_cs", "utf8mb4", 4},
    {2426, "utf8mb4_uca1400_roman_as_ci", "utf8mb4", 4},
    {2427, "utf8mb4_uca1400_roman_as_cs", "utf8mb4", 4},
    {2428, "utf8mb4_uca1400_roman_nopad_ai_ci", "utf8mb4", 4},
    {2429, "utf8mb4_uca1400_roman_nopad_ai_cs", "utf8mb4", 4},
    {2430, "utf8mb4_uca1400_roman_nopad_as_ci", "utf8mb4", 4},
    {2431, "utf8mb4_uca1400_roman_nopad_as_cs", "utf8mb4", 4},
    {2432, "utf8mb4_uca1400_persian_ai_ci", "utf8mb4", 4},
    {2433, "utf8mb4_uca1400_persian_ai_cs", "utf8mb4", 4},
    {2434, "utf8mb4_uca1400_persian_as_ci", "utf8mb4", 4},
    {2435, "utf8mb4_uca1400_persian_as_cs", "utf8mb4", 4},
    {2436, "utf8mb4_uca1400_persian_nopad_ai_ci", "utf8mb4", 4},
    {2437, "utf8mb4_uca1400_persian_nopad_ai_cs", "utf8mb4", 4},
    {2438, "utf8mb4_uca1400_persian_nopad_as_ci", "utf8mb4", 4},
    {2439, "utf8mb4_uca1400_persian_nopad_as_cs", "utf8mb4", 4},
    {2440, "utf8mb4_uca1400_esperanto_ai_ci", "utf8mb4", 4},
    {2441, "utf8mb4_uca1400_esperanto_ai_cs", "utf8mb4", 4},
    {2442, "utf8mb4_uca1400_esperanto_as_ci", "utf8mb4", 4},
    {2443, "utf8mb4_uca1400_esperanto_as_cs", "utf8mb4", 4},
    {2444, "utf8mb4_uca1400_esperanto_nopad_ai_ci", "utf8mb4", 4},
    {2445, "utf8mb4_uca1400_esperanto_nopad_ai_cs", "utf8mb4", 4},
    {2446, "utf8mb4_uca1400_esperanto_nopad_as_ci", "utf8mb4", 4},
    {2447, "utf8mb4_uca1400_esperanto_nopad_as_cs", "utf8mb4", 4},
    {2448, "utf8mb4_uca1400_hungarian_ai_ci", "utf8mb4", 4},
    {2449, "utf8mb4_uca1400_hungarian_ai_cs", "utf8mb4", 4},
    {2450, "utf8mb4_uca1400_hungarian_as_ci", "utf8mb4", 4},
    {2451, "utf8mb4_uca1400_hungarian_as_cs", "utf8mb4", 4},
    {2452, "utf8mb4_uca1400_hungarian_nopad_ai_ci", "utf8mb4", 4},
    {2453, "utf8mb4_uca1400_hungarian_nopad_ai_cs", "utf8mb4", 4},
    {2454, "utf8mb4_uca1400_hungarian_nopad_as_ci", "utf8mb4", 4},
    {2455, "utf8mb4_uca1400_hungarian_nopad_as_cs", "utf8mb4", 4},
    {2456, "utf8mb4_uca1400_sinhala_ai_ci", "utf8mb4", 4},
    {2457, "utf8mb4_uca1400_sinhala_ai_cs", "utf8mb4", 4},
    {2458, "utf8mb4_uca1400_sinhala_as_ci", "utf8mb4", 4},
    {2459, "utf8mb4_uca1400_sinhala_as_cs", "utf8mb4", 4},
    {2460, "utf8mb4_uca1400_sinhala_nopad_ai_ci", "utf8mb4", 4},
    {2461, "utf8mb4_uca1400_sinhala_nopad_ai_cs", "utf8mb4", 4},
    {2462, "utf8mb4_uca1400_sinhala_nopad_as_ci", "utf8mb4", 4},
    {2463, "utf8mb4_uca1400_sinhala_nopad_as_cs", "utf8mb4", 4},
    {2464, "utf8mb4_uca1400_german2_ai_ci", "utf8mb4", 4},
    {2465, "utf8mb4_uca1400_german2_ai_cs", "utf8mb4", 4},
    {2466, "utf8mb4_uca1400_german2_as_ci", "utf8mb4", 4},
    {2467, "utf8mb4_uca1400_german2_as_cs", "utf8mb4", 4},
    {2468, "utf8mb4_uca1400_german2_nopad_ai_ci", "utf8mb4", 4},
    {2469, "utf8mb4_uca1400_german2_nopad_ai_cs", "utf8mb4", 4},
    {2470, "utf8mb4_uca1400_german2_nopad_as_ci", "utf8mb4", 4},
    {2471, "utf8mb4_uca1400_german2_nopad_as_cs", "utf8mb4", 4},
    {2488, "utf8mb4_uca1400_vietnamese_ai_ci", "utf8mb4", 4},
    {2489, "utf8mb4_uca1400_vietnamese_ai_cs", "utf8mb4", 4},
    {2490, "utf8mb4_uca1400_vietnamese_as_ci", "utf8mb4", 4},
    {2491, "utf8mb4_uca1400_vietnamese_as_cs", "utf8mb4", 4},
    {2492, "utf8mb4_uca1400_vietnamese_nopad_ai_ci", "utf8mb4", 4},
    {2493, "utf8mb4_uca1400_vietnamese_nopad_ai_cs", "utf8mb4", 4},
    {2494, "utf8mb4_uca1400_vietnamese_nopad_as_ci", "utf8mb4", 4},
    {2495, "utf8mb4_uca1400_vietnamese_nopad_as_cs", "utf8mb4", 4},
    {2496, "utf8mb4_uca1400_croatian_ai_ci", "utf8mb4", 4},
    {2497, "utf8mb4_uca1400_croatian_ai_cs", "utf8mb4", 4},
    {2498, "utf8mb4_uca1400_croatian_as_ci", "utf8mb4", 4},
    {2499, "utf8mb4_uca1400_croatian_as_cs", "utf8mb4", 4},
    {2500, "utf8mb4_uca1400_croatian_nopad_ai_ci", "utf8mb4", 4},
    {2501, "utf8mb4_uca1400_croatian_nopad_ai_cs", "utf8mb4", 4},
    {2502, "utf8mb4_uca1400_croatian_nopad_as_ci", "utf8mb4", 4},
    {2503, "utf8mb4_uca1400_croatian_nopad_as_cs", "utf8mb4", 4},
    {2560, "ucs2_uca1400_ai_ci", "ucs2", 2},
    {2561, "ucs2_uca1400_ai_cs", "ucs2", 2},
    {2562, "ucs2_uca1400_as_ci", "ucs2", 2},
    {2563, "ucs2_uca1400_as_cs", "ucs2", 2},
    {2564, "ucs2_uca1400_nopad_ai_ci", "ucs2", 2},
    {2565, "ucs2_uca1400_nopad_ai_cs", "ucs2", 2},
    {2566, "ucs2_uca1400_nopad_as_ci", "ucs2", 2},
    {2567, "ucs2_uca1400_nopad_as_cs", "ucs2", 2},
    {2568, "ucs2_uca1400_icelandic_ai_ci", "ucs2", 2},
    {2569, "ucs2_uca1400_icelandic_ai_cs", "ucs2", 2},
    {2570, "ucs2_uca1400_icelandic_as_ci", "ucs2", 2},
    {2571, "ucs2_uca1400_icelandic_as_cs", "ucs2", 2},
    {2572, "ucs2_uca1400_icelandic_nopad_ai_ci", "ucs2", 2},
    {2573, "ucs2_uca1400_icelandic_nopad_ai_cs", "ucs2", 2},
    {2574, "ucs2_uca1400_icelandic_nopad_as_ci", "ucs2", 2},
    {2575, "ucs2_uca1400_icelandic_nopad_as_cs", "ucs2", 2},
    {2576, "ucs2_uca1400_latvian_ai_ci", "ucs2", 2},
    {2577, "ucs2_uca1400_latvian_ai_cs", "ucs2", 2},
    {2578, "ucs2_uca1400_latvian_as_ci", "ucs2", 2},
    {2579, "ucs2_uca1400_latvian_as_cs", "ucs2", 2},
    {2580, "ucs2_uca1400_latvian_nopad_ai_ci", "ucs2", 2},
    {2581, "ucs2_uca1400_latvian_nopad_ai_cs", "ucs2", 2},
    {2582, "ucs2_uca1400_latvian_nopad_as_ci", "ucs2", 2},
    {2583, "ucs2_uca1400_latvian_nopad_as_cs", "ucs2", 2},
    {2584, "ucs2_uca1400_romanian_ai_ci", "ucs2", 2},
    {2585, "ucs2_uca1400_romanian_ai_cs", "ucs2", 2},
    {2586, "ucs2_uca1400_romanian_as_ci", "ucs2", 2},
    {2587, "ucs2_uca1400_romanian_as_cs", "ucs2", 2},
    {2588, "ucs2_uca1400_romanian_nopad_ai_ci", "ucs2", 2},
    {2589, "ucs2_uca1400_romanian_nopad_ai_cs", "ucs2", 2},
    {2590, "ucs2_uca1400_romanian_nopad_as_ci", "ucs2", 2},
    {2591, "ucs2_uca1400_romanian_nopad_as_cs", "ucs2", 2},
    {2592, "ucs2_uca1400_slovenian_ai_ci", "ucs2", 2},
    {2593, "ucs2_uca1400_slovenian_ai_cs", "ucs2", 2},
    {2594, "ucs2_uca1400_slovenian_as_ci", "ucs2", 2},
    {2595, "ucs2_uca1400_slovenian_as_cs", "ucs2", 2},
    {2596, "ucs2_uca1400_slovenian_nopad_ai_ci", "ucs2", 2},
    {2597, "ucs2_uca1400_slovenian_nopad_ai_cs", "ucs2", 2},
    {2598, "ucs2_uca1400_slovenian_nopad_as_ci", "ucs2", 2},
    {2599, "ucs2_uca1400_slovenian_nopad_as_cs", "ucs2", 2},
    {2600, "ucs2_uca1400_polish_ai_ci", "ucs2", 2},
    {2601, "ucs2_uca1400_polish_ai_cs", "ucs2", 2},
    {2602, "ucs2_uca1400_polish_as_ci", "ucs2", 2},
    {2603, "ucs2_uca1400_polish_as_cs", "ucs2", 2},
    {2604, "ucs2_uca1400_polish_nopad_ai_ci", "ucs2", 2},
    {2605, "ucs2_uca1400_polish_nopad_ai_cs", "ucs2", 2},
    {2606, "ucs2_uca1400_polish_nopad_as_ci", "ucs2", 2},
    {2607, "ucs2_uca1400_polish_nopad_as_cs", "ucs2", 2},
    {2608, "ucs2_uca1400_estonian_ai_ci", "ucs2", 2},
    {2609, "ucs2_uca1400_estonian_ai_cs", "ucs2", 2},
    {2610, "ucs2_uca1400_estonian_as_ci", "ucs2", 2},
    {2611, "ucs2_uca1400_estonian_as_cs", "ucs2", 2},
    {2612, "ucs2_uca1400_estonian_nopad_ai_ci", "ucs2", 2},
    {2613, "ucs2_uca1400_estonian_nopad_ai_cs", "ucs2", 2},
    {2614, "ucs2_uca1400_estonian_nopad_as_ci", "ucs2", 2},
    {2615, "ucs2_uca1400_estonian_nopad_as_cs", "ucs2", 2},
    {2616, "ucs2_uca1400_spanish_ai_ci", "ucs2", 2},
    {2617, "ucs2_uca1400_spanish_ai_cs", "ucs2", 2},
    {2618, "ucs2_uca1400_spanish_as_ci", "ucs2", 2},
    {2619, "ucs2_uca1400_spanish_as_cs", "ucs2", 2},
    {2620, "ucs2_uca1400_spanish_nopad_ai_ci", "ucs2", 2},
    {2621, "ucs2_uca1400_spanish_nopad_ai_cs", "ucs2", 2},
    {2622, "ucs2_uca1400_spanish_nopad_as_ci", "ucs2", 2},
    {2623, "ucs2_uca1400_spanish_nopad_as_cs", "ucs2", 2},
    {2624, "ucs2_uca1400_swedish_ai_ci", "ucs2", 2},
    {2625, "ucs2_uca1400_swedish_ai_cs", "ucs2", 2},
    {2626, "ucs2_uca1400_swedish_as_ci", "ucs2", 2},
    {2627, "ucs2_uca1400_swedish_as_cs", "ucs2", 2},
    {2628, "ucs2_uca1400_swedish_nopad_ai_ci", "ucs2", 2},
    {2629, "ucs2_uca1400_swedish_nopad_ai_cs", "ucs2", 2},
    {2630, "ucs2_uca1400_swedish_nopad_as_ci", "ucs2", 2},
    {2631, "ucs2_uca1400_swedish_nopad_as_cs", "ucs2", 2},
    {2632, "ucs2_uca1400_turkish_ai_ci", "ucs2", 2},
    {2633, "ucs2_uca1400_turkish_ai_cs", "ucs2", 2},
    {2634, "ucs2_uca1400_turkish_as_ci", "ucs2", 2},
    {2635, "ucs2_uca1400_turkish_as_cs", "ucs2", 2},
    {2636, "ucs2_uca1400_turkish_nopad_ai_ci", "ucs2", 2},
    {2637, "ucs2_uca1400_turkish_nopad_ai_cs", "ucs2", 2},
    {2638, "ucs2_uca1400_turkish_nopad_as_ci", "ucs2", 2},
    {2639, "ucs2_uca1400_turkish_nopad_as_cs", "ucs2", 2},
    {2640, "ucs2_uca1400_czech_ai_ci", "ucs2", 2},
    {2641, "ucs2_uca1400_czech_ai_cs", "ucs2", 2},
    {2642, "ucs2_uca1400_czech_as_ci", "ucs2", 2},
    {2643, "ucs2_uca1400_czech_as_cs", "ucs2", 2},
    {2644, "ucs2_uca1400_czech_nopad_ai_ci", "ucs2", 2},
    {2645, "ucs2_uca1400_czech_nopad_ai_cs", "ucs2", 2},
    {2646, "ucs2_uca1400_czech_nopad_as_ci", "ucs2", 2},
    {2647, "ucs2_uca1400_czech_nopad_as_cs", "ucs2", 2},
    {2648, "ucs2_uca1400_danish_ai_ci", "ucs2", 2},
    {2649, "ucs2_uca1400_danish_ai_cs", "ucs2", 2},
    {2650, "ucs2_uca1400_danish_as_ci", "ucs2", 2},
    {2651, "ucs2_uca1400_danish_as_cs", "ucs2", 2},
    {2652, "ucs2_uca1400_danish_nopad_ai_ci", "ucs2", 2},
    {2653, "ucs2_uca1400_danish_nopad_ai_cs", "ucs2", 2},
    {2654, "ucs2_uca1400_danish_nopad_as_ci", "ucs2", 2},
    {2655, "ucs2_uca1400_danish_nopad_as_cs", "ucs2", 2},
    {2656, "ucs2_uca1400_lithuanian_ai_ci", "ucs2", 2},
    {2657, "ucs2_uca1400_lithuanian_ai_cs", "ucs2", 2},
    {2658, "ucs2_uca1400_lithuanian_as_ci", "ucs2", 2},
    {2659, "ucs2_uca1400_lithuanian_as_cs", "ucs2", 2},
    {2660, "ucs2_uca1400_lithuanian_nopad_ai_ci", "ucs2", 2},
    {2661, "ucs2_uca1400_lithuanian_nopad_ai_cs", "ucs2", 2},
    {2662, "ucs2_uca1400_lithuanian_nopad_as_ci", "ucs2", 2},
    {2663, "ucs2_uca1400_lithuanian_nopad_as_cs", "ucs2", 2},
    {2664, "ucs2_uca1400_slovak_ai_ci", "ucs2", 2},
    {2665, "ucs2_uca1400_slovak_ai_cs", "ucs2", 2},
    {2666, "ucs2_uca1400_slovak_as_ci", "ucs2", 2},
    {2667, "ucs2_uca1400_slovak_as_cs", "ucs2", 2},
    {2668, "ucs2_uca1400_slovak_nopad_ai_ci", "ucs2", 2},
    {2669, "ucs2_uca1400_slovak_nopad_ai_cs", "ucs2", 2},
    {2670, "ucs2_uca1400_slovak_nopad_as_ci", "ucs2", 2},
    {2671, "ucs2_uca1400_slovak_nopad_as_cs", "ucs2", 2},
    {2672, "ucs2_uca1400_spanish2_ai_ci", "ucs2", 2},
    {2673, "ucs2_uca1400_spanish2_ai_cs", "ucs2", 2},
    {2674, "ucs2_uca1400_spanish2_as_ci", "ucs2", 2},
    {2675, "ucs2_uca1400_spanish2_as_cs", "ucs2", 2},
    {2676, "ucs2_uca1400_spanish2_nopad_ai_ci", "ucs2", 2},
    {2677, "ucs2_uca1400_spanish2_nopad_ai_cs", "ucs2", 2},
    {2678, "ucs2_uca1400_spanish2_nopad_as_ci", "ucs2", 2},
    {2679, "ucs2_uca1400_spanish2_nopad_as_cs", "ucs2", 2},
    {2680, "ucs2_uca1400_roman_ai_ci", "ucs2", 2},
    {2681, "ucs2_uca1400_roman_ai_cs", "ucs2", 2},
    {2682, "ucs2_uca1400_roman_as_ci", "ucs2", 2},
    {2683, "ucs2_uca1400_roman_as_cs", "ucs2", 2},
    {2684, "ucs2_uca1400_roman_nopad_ai_ci", "ucs2", 2},
    {2685, "ucs2_uca1400_roman_nopad_ai_cs", "ucs2", 2},
    {2686, "ucs2_uca1400_roman_nopad_as_ci", "ucs2", 2},
    {2687, "ucs2_uca1400_roman_nopad_as_cs", "ucs2", 2},
    {2688, "ucs2_uca1400_persian_ai_ci", "ucs2", 2},
    {2689, "ucs2_uca1400_persian_ai_cs", "ucs2", 2},
    {2690, "ucs2_uca1400_persian_as_ci", "ucs2", 2},
    {2691, "ucs2_uca1400_persian_as_cs", "ucs2", 2},
    {2692, "ucs2_uca1400_persian_nopad_ai_ci", "ucs2", 2},
    {2693, "ucs2_uca1400_persian_nopad_ai_cs", "ucs2", 2},
    {2694, "ucs2_uca1400_persian_nopad_as_ci", "ucs2", 2},
    {2695, "ucs2_uca1400_persian_nopad_as_cs", "ucs2", 2},
    {2696, "ucs2_uca1400_esperanto_ai_ci", "ucs2", 2},
    {2697, "ucs2_uca1400_esperanto_ai_cs", "ucs2", 2},
    {2698, "ucs2_uca1400_esperanto_as_ci", "ucs2", 2},
    {2699, "ucs2_uca1400_esperanto_as_cs", "ucs2", 2},
    {2700, "ucs2_uca1400_esperanto_nopad_ai_ci", "ucs2", 2},
    {2701, "ucs2_uca1400_esperanto_nopad_ai_cs", "ucs2", 2},
    {2702, "ucs2_uca1400_esperanto_nopad_as_ci", "ucs2", 2},
    {2703, "ucs2_uca1400_esperanto_nopad_as_cs", "ucs2", 2},
    {2704, "ucs2_uca1400_hungarian_ai_ci", "ucs2", 2},
    {2705, "ucs2_uca1400_hungarian_ai_cs", "ucs2", 2},
    {2706, "ucs2_uca1400_hungarian_as_ci", "ucs2", 2},
    {2707, "ucs2_uca1400_hungarian_as_cs", "ucs2", 2},
    {2708, "ucs2_uca1400_hungarian_nopad_ai_ci", "ucs2", 2},
    {2709, "ucs2_uca1400_hungarian_nopad_ai_cs", "ucs2", 2},
    {2710, "ucs2_uca1400_hungarian_nopad_as_ci", "ucs2", 2},
    {2711, "ucs2_uca1400_hungarian_nopad_as_cs", "ucs2", 2},
    {2712, "ucs2_uca1400_sinhala_ai_ci", "ucs2", 2},
    {2713, "ucs2_uca1400_sinhala_ai_cs", "ucs2", 2},
    {2714, "ucs2_uca1400_sinhala_as_ci", "ucs2", 2},
    {2715, "ucs2_uca1400_sinhala_as_cs", "ucs2", 2},
    {2716, "ucs2_uca1400_sinhala_nopad_ai_ci", "ucs2", 2},
    {2717, "ucs2_uca1400_sinhala_nopad_ai_cs", "ucs2", 2},
    {2718, "ucs2_uca1400_sinhala_nopad_as_ci", "ucs2", 2},
    {2719, "ucs2_uca1400_sinhala_nopad_as_cs", "ucs2", 2},
    {2720, "ucs2_uca1400_german2_ai_ci", "ucs2", 2},
    {2721, "ucs2_uca1400_german2_ai_cs", "ucs2", 2},
    {2722, "ucs2_uca1400_german2_as_ci", "ucs2", 2},
    {2723, "ucs2_uca1400_german2_as_cs", "ucs2", 2},
    {2724, "ucs2_uca1400_german2_nopad_ai_ci", "ucs2", 2},
    {2725, "ucs2_uca1400_german2_nopad_ai_cs", "ucs2", 2},
    {2726, "ucs2_uca1400_german2_nopad_as_ci", "ucs2", 2},
    {2727, "ucs2_uca1400_german2_nopad_as_cs", "ucs2", 2},
    {2744, "ucs2_uca1400_vietnamese_ai_ci", "ucs2", 2},
    {2745, "ucs2_uca1400_vietnamese_ai_cs", "ucs2", 2},
    {2746, "ucs2_uca1400_vietnamese_as_ci", "ucs2", 2},
    {2747, "ucs2_uca1400_vietnamese_as_cs", "ucs2", 2},
    {2748, "ucs2_uca1400_vietnamese_nopad_ai_ci", "ucs2", 2},
    {2749, "ucs2_uca1400_vietnamese_nopad_ai_cs", "ucs2", 2},
    {2750, "ucs2_uca1400_vietnamese_nopad_as_ci", "ucs2", 2},
    {2751, "ucs2_uca1400_vietnamese_nopad_as_cs", "ucs2", 2},
    {2752, "ucs2_uca1400_croatian_ai_ci", "ucs2", 2},
    {2753, "ucs2_uca1400_croatian_ai_cs", "ucs2", 2},
    {2754, "ucs2_uca1400_croatian_as_ci", "ucs2", 2},
    {2755, "ucs2_uca1400_croatian_as_cs", "ucs2", 2},
    {2756, "ucs2_uca1400_croatian_nopad_ai_ci", "ucs2", 2},
    {2757, "ucs2_uca1400_croatian_nopad_ai_cs", "ucs2", 2},
    {2758, "ucs2_uca1400_croatian_nopad_as_ci", "ucs2", 2},
    {2759, "ucs2_uca1400_croatian_nopad_as_cs", "ucs2", 2},
    {2816, "utf16_uca1400_ai_ci", "utf16", 4},
    {2817, "utf16_uca1400_ai_cs", "utf16", 4},
    {2818, "utf16_uca1400_as_ci", "utf16", 4},
    {2819, "utf16_uca1400_as_cs", "utf16", 4},
    {2820, "utf16_uca1400_nopad_ai_ci", "utf16", 4},
    {2821, "utf16_uca1400_nopad_ai_cs", "utf16", 4},
    {2822, "utf16_uca1400_nopad_as_ci", "utf16", 4},
    {2823, "utf16_uca1400_nopad_as_cs", "utf16", 4},
    {2824, "utf16_uca1400_icelandic_ai_ci", "utf16", 4},
    {2825, "utf16_uca1400_icelandic_ai_cs", "utf16", 4},
    {2826, "utf16_uca1400_icelandic_as_ci", "utf16", 4},
    {2827, "utf16_uca1400_icelandic_as_cs", "utf16", 4},
    {2828, "utf16_uca1400_icelandic_nopad_ai_ci", "utf16", 4},
    {2829, "utf16_uca1400_icelandic_nopad_ai_cs", "utf16", 4},
    {2830, "utf16_uca1400_icelandic_nopad_as_ci", "utf16", 4},
    {2831, "utf16_uca1400_icelandic_nopad_as_cs", "utf16", 4},
    {2832, "utf16_uca1400_latvian_ai_ci", "utf16", 4},
    {2833, "utf16_uca1400_latvian_ai_cs", "utf16", 4},
    {2834, "utf16_uca1400_latvian_as_ci", "utf16", 4},
    {2835, "utf16_uca1400_latvian_as_cs", "utf16", 4},
    {2836, "utf16_uca1400_latvian_nopad_ai_ci", "utf16", 4},
    {2837, "utf16_uca1400_latvian_nopad_ai_cs", "utf16", 4},
    {2838, "utf16_uca1400_latvian_nopad_as_ci", "utf16", 4},
    {2839, "utf16_uca1400_latvian_nopad_as_cs", "utf16", 4},
    {2840, "utf16_uca1400_romanian_ai_ci", "utf16", 4},
    {2841, "utf16_uca1400_romanian_ai_cs", "utf16", 4},
    {2842, "utf16_uca1400_romanian_as_ci", "utf16", 4},
    {2843, "utf16_uca1400_romanian_as_cs", "utf16", 4},
    {2844, "utf16_uca1400_romanian_nopad_ai_ci", "utf16", 4},
    {2845, "utf16_uca1400_romanian_nopad_ai_cs", "utf16", 4},
    {2846, "utf16_uca1400_romanian_nopad_as_ci", "utf16", 4},
    {2847, "utf16_uca1400_romanian_nopad_as_cs", "utf16", 4},
    {2848, "utf16_uca1400_slovenian_ai_ci", "utf16", 4},
    {2849, "utf16_uca1400_slovenian_ai_cs", "utf16", 4},
    {2850, "utf16_uca1400_slovenian_as_ci", "utf16", 4},
    {2851, "utf16_uca1400_slovenian_as_cs", "utf16", 4},
    {2852, "utf16_uca1400_slovenian_nopad_ai_ci", "utf16", 4},
    {2853, "utf16_uca1400_slovenian_nopad_ai_cs", "utf16", 4},
    {2854, "utf16_uca1400_slovenian_nopad_as_ci", "utf16", 4},
    {2855, "utf16_uca1400_slovenian_nopad_as_cs", "utf16", 4},
    {2856, "utf16_uca1400_polish_ai_ci", "utf16", 4},
    {2857, "utf16_uca1400_polish_ai_cs", "utf16", 4},
    {2858, "utf16_uca1400_polish_as_ci", "utf16", 4},
    {2859, "utf16_uca1400_polish_as_cs", "utf16", 4},
    {2860, "utf16_uca1400_polish_nopad_ai_ci", "utf16", 4},
    {2861, "utf16_uca1400_polish_nopad_ai_cs", "utf16", 4},
    {2862, "utf16_uca1400_polish_nopad_as_ci", "utf16", 4},
    {2863, "utf16_uca1400_polish_nopad_as_cs", "utf16", 4},
    {2864, "utf16_uca1400_estonian_ai_ci", "utf16", 4},
    {2865, "utf16_uca1400_estonian_ai_cs", "utf16", 4},
    {2866, "utf16_uca1400_estonian_as_ci", "utf16", 4},
    {2867, "utf16_uca1400_estonian_as_cs", "utf16", 4},
    {2868, "utf16_uca1400_estonian_nopad_ai_ci", "utf16", 4},
    {2869, "utf16_uca1400_estonian_nopad_ai_cs", "utf16", 4},
    {2870, "utf16_uca1400_estonian_nopad_as_ci", "utf16", 4},
    {2871, "utf16_uca1400_estonian_nopad_as_cs", "utf16", 4},
    {2872, "utf16_uca1400_spanish_ai_ci", "utf16", 4},
    {2873, "utf16_uca1400_spanish_ai_cs", "utf16", 4},
    {2874, "utf16_uca1400_spanish_as_ci", "utf16", 4},
    {2875, "utf16_uca1400_spanish_as_cs", "utf16", 4},
    {2876, "utf16_uca1400_spanish_nopad_ai_ci", "utf16", 4},
    {2877, "utf16_uca1400_spanish_nopad_ai_cs", "utf16", 4},
    {2878, "utf16_uca1400_spanish_nopad_as_ci", "utf16", 4},
    {2879, "utf16_uca1400_spanish_nopad_as_cs", "utf16", 4},
    {2880, "utf16_uca1400_swedish_ai_ci", "utf16", 4},
    {2881, "utf16_uca1400_swedish_ai_cs", "utf16", 4},
    {2882, "utf16_uca1400_swedish_as_ci", "utf16", 4},
    {2883, "utf16_uca1400_swedish_as_cs", "utf16", 4},
    {2884, "utf16_uca1400_swedish_nopad_ai_ci", "utf16", 4},
    {2885, "utf16_uca1400_swedish_nopad_ai_cs", "utf16", 4},
    {2886, "utf16_uca1400_swedish_nopad_as_ci", "utf16", 4},
    {2887, "utf16_uca1400_swedish_nopad_as_cs", "utf16", 4},
    {2888, "utf16_uca1400_turkish_ai_ci", "utf16", 4},
    {2889, "utf16_uca1400_turkish_ai_cs", "utf16", 4},
    {2890, "utf16_uca1400_turkish_as_ci", "utf16", 4},
    {2891, "utf16_uca1400_turkish_as_cs", "utf16", 4},
    {2892, "utf16_uca1400_turkish_nopad_ai_ci", "utf16", 4},
    {2893, "utf16_uca1400_turkish_nopad_ai_cs", "utf16", 4},
    {2894, "utf16_uca1400_turkish_nopad_as_ci", "utf16", 4},
    {2895, "utf16_uca1400_turkish_nopad_as_cs", "utf16", 4},
    {2896, "utf16_uca1400_czech_ai_ci", "utf16", 4},
    {2897, "utf16_uca1400_czech_ai_cs", "utf16", 4},
    {2898, "utf16_uca1400_czech_as_ci", "utf16", 4},
    {2899, "utf16_uca1400_czech_as_cs", "utf16", 4},
    {2900, "utf16_uca1400_czech_nopad_ai_ci", "utf16", 4},
    {2901, "utf16_uca1400_czech_nopad_ai_cs", "utf16", 4},
    {2902, "utf16_uca1400_czech_nopad_as_ci", "utf16", 4},
    {2903, "utf16_uca1400_czech_nopad_as_cs", "utf16", 4},
    {2904, "utf16_uca1400_danish_ai_ci", "utf16", 4},
    {2905, "utf16_uca1400_danish_ai_cs", "utf16", 4},
    {2906, "utf16_uca1400_danish_as_ci", "utf16", 4},
    {2907, "utf16_uca1400_danish_as_cs", "utf16", 4},
    {2908, "utf16_uca1400_danish_nopad_ai_ci", "utf16", 4},
    {2909, "utf16_uca1400_danish_nopad_ai_cs", "utf16", 4},
    {2910, "utf16_uca1400_danish_nopad_as_ci", "utf16", 4},
    {2911, "utf16_uca1400_danish_nopad_as_cs", "utf16", 4},
    {2912, "utf16_uca1400_lithuanian_ai_ci", "utf16", 4},
    {2913, "utf16_uca1400_lithuanian_ai_cs", "utf16", 4},
    {2914, "utf16_uca1400_lithuanian_as_ci", "utf16", 4},
    {2915, "utf16_uca1400_lithuanian_as_cs", "utf16", 4},
    {2916, "utf16_uca1400_lithuanian_nopad_ai_ci", "utf16", 4},
    {2917, "utf16_uca1400_lithuanian_nopad_ai_cs", "utf16", 4},
    {2918, "utf16_uca1400_lithuanian_nopad_as_ci", "utf16", 4},
    {2919, "utf16_uca1400_lithuanian_nopad_as_cs", "utf16", 4},
    {2920, "utf16_uca1400_slovak_ai_ci", "utf16", 4},
    {2921, "utf16_uca1400_slovak_ai_cs", "utf16", 4},
    {2922, "utf16_uca1400_slovak_as_ci", "utf16", 4},
    {2923, "utf16_uca1400_slovak_as_cs", "utf16", 4},
    {2924, "utf16_uca1400_slovak_nopad_ai_ci", "utf16", 4},
    {2925, "utf16_uca1400_slovak_nopad_ai_cs", "utf16", 4},
    {2926, "utf16_uca1400_slovak_nopad_as_ci", "utf16", 4},
    {2927, "utf16_uca1400_slovak_nopad_as_cs", "utf16", 4},
    {2928, "utf16_uca1400_spanish2_ai_ci", "utf16", 4},
    {2929, "utf16_uca1400_spanish2_ai_cs", "utf16", 4},
    {2930, "utf16_uca1400_spanish2_as_ci", "utf16", 4},
    {2931, "utf16_uca1400_spanish2_as_cs", "utf16", 4},
    {2932, "utf16_uca1400_spanish2_nopad_ai_ci", "utf16", 4},
    {2933, "utf16_uca1400_spanish2_nopad_ai_cs", "utf16", 4},
    {2934, "utf16_uca1400_spanish2_nopad_as_ci", "utf16", 4},
    {2935, "utf16_uca1400_spanish2_nopad_as_cs", "utf16", 4},
    {2936, "utf16_uca1400_roman_ai_ci", "utf16", 4},
    {2937, "utf16_uca1400_roman_ai_cs", "utf16", 4},
    {2938, "utf16_uca1400_roman_as_ci", "utf16", 4},
    {2939, "utf16_uca1400_roman_as_cs", "utf16", 4},
    {2940, "utf16_uca1400_roman_nopad_ai_ci", "utf16", 4},
    {2941, "utf16_uca1400_roman_nopad_ai_cs", "utf16", 4},
    {2942, "utf16_uca1400_roman_nopad_as_ci", "utf16", 4},
    {2943, "utf16_uca1400_roman_nopad_as_cs", "utf16", 4},
    {2944, "utf16_uca1400_persian_ai_ci", "utf16", 4},
    {2945, "utf16_uca1400_persian_ai_cs", "utf16", 4},
    {2946, "utf16_uca1400_persian_as_ci", "utf16", 4},
    {2947, "utf16_uca1400_persian_as_cs", "utf16", 4},
    {2948, "utf16_uca1400_persian_nopad_ai_ci", "utf16", 4},
    {2949, "utf16_uca1400_persian_nopad_ai_cs", "utf16", 4},
    {2950, "utf16_uca1400_persian_nopad_as_ci", "utf16", 4},
    {2951, "utf16_uca1400_persian_nopad_as_cs", "utf16", 4},
    {2952, "utf16_uca1400_esperanto_ai_ci", "utf16", 4},
    {2953, "utf16_uca1400_esperanto_ai_cs", "utf16", 4},
    {2954, "utf16_uca1400_esperanto_as_ci", "utf16", 4},
    {2955, "utf16_uca1400_esperanto_as_cs", "utf16", 4},
    {2956, "utf16_uca1400_esperanto_nopad_ai_ci", "utf16", 4},
    {2957, "utf16_uca1400_esperanto_nopad_ai_cs", "utf16", 4},
    {2958, "utf16_uca1400_esperanto_nopad_as_ci", "utf16", 4},
    {2959, "utf16_uca1400_esperanto_nopad_as_cs", "utf16", 4},
    {2960, "utf16_uca1400_hungarian_ai_ci", "utf16", 4},
    {2961, "utf16_uca1400_hungarian_ai_cs", "utf16", 4},
    {2962, "utf16_uca1400_hungarian_as_ci", "utf16", 4},
    {2963, "utf16_uca1400_hungarian_as_cs", "utf16", 4},
    {2964, "utf16_uca1400_hungarian_nopad_ai_ci", "utf16", 4},
    {2965, "utf16_uca1400_hungarian_nopad_ai_cs", "utf16", 4},
    {2966, "utf16_uca1400_hungarian_nopad_as_ci", "utf16", 4},
    {2967, "utf16_uca1400_hungarian_nopad_as_cs", "utf16", 4},
    {2968, "utf16_uca1400_sinhala_ai_ci", "utf16", 4},
    {2969, "utf16_uca1400_sinhala_ai_cs", "utf16", 4},
    {2970, "utf16_uca1400_sinhala_as_ci", "utf16", 4},
    {2971, "utf16_uca1400_sinhala_as_cs", "utf16", 4},
    {2972, "utf16_uca1400_sinhala_nopad_ai_ci", "utf16", 4},
    {2973, "utf16_uca1400_sinhala_nopad_ai_cs", "utf16", 4},
    {2974, "utf16_uca1400_sinhala_nopad_as_ci", "utf16", 4},
    {2975, "utf16_uca1400_sinhala_nopad_as_cs", "utf16", 4},
    {2976, "utf16_uca1400_german2_ai_ci", "utf16", 4},
    {2977, "utf16_uca1400_german2_ai_cs", "utf16", 4},
    {2978, "utf16_uca1400_german2_as_ci", "utf16", 4},
    {2979, "utf16_uca1400_german2_as_cs", "utf16", 4},
    {2980, "utf16_uca1400_german2_nopad_ai_ci", "utf16", 4},
    {2981, "utf16_uca1400_german2_nopad_ai_cs", "utf16", 4},
    {2982, "utf16_uca1400_german2_nopad_as_ci", "utf16", 4},
    {2983, "utf16_uca1400_german2_nopad_as_cs", "utf16", 4},
    {3000, "utf16_uca1400_vietnamese_ai_ci", "utf16", 4},
    {3001, "utf16_uca1400_vietnamese_ai_cs", "utf16", 4},
    {3002, "utf16_uca1400_vietnamese_as_ci", "utf16", 4},
    {3003, "utf16_uca1400_vietnamese_as_cs", "utf16", 4},
    {3004, "utf16_uca1400_vietnamese_nopad_ai_ci", "utf16", 4},
    {3005, "utf16_uca1400_vietnamese_nopad_ai_cs", "utf16", 4},
    {3006, "utf16_uca1400_vietnamese_nopad_as_ci", "utf16", 4},
    {3007, "utf16_uca1400_vietnamese_nopad_as_cs", "utf16", 4},
    {3008, "utf16_uca1400_croatian_ai_ci", "utf16", 4},
    {3009, "utf16_uca1400_croatian_ai_cs", "utf16", 4},
    {3010, "utf16_uca1400_croatian_as_ci", "utf16", 4},
    {3011, "utf16_uca1400_croatian_as_cs", "utf16", 4},
    {3012, "utf16_uca1400_croatian_nopad_ai_ci", "utf16", 4},
    {3013, "utf16_uca1400_croatian_nopad_ai_cs", "utf16", 4},
    {3014, "utf16_uca1400_croatian_nopad_as_ci", "utf16", 4},
    {3015, "utf16_uca1400_croatian_nopad_as_cs", "utf16", 4},
    {3072, "utf32_uca1400_ai_ci", "utf32", 4},
    {3073, "utf32_uca1400_ai_cs", "utf32", 4},
    {3074, "utf32_uca1400_as_ci", "utf32", 4},
    {3075, "utf32_uca1400_as_cs", "utf32", 4},
    {3076, "utf32_uca1400_nopad_ai_ci", "utf32", 4},
    {3077, "utf32_uca1400_nopad_ai_cs", "utf32", 4},
    {3078, "utf32_uca1400_nopad_as_ci", "utf32", 4},
    {3079, "utf32_uca1400_nopad_as_cs", "utf32", 4},
    {3080, "utf32_uca1400_icelandic_ai_ci", "utf32", 4},
    {3081, "utf32_uca1400_icelandic_ai_cs", "utf32", 4},
    {3082, "utf32_uca1400_icelandic_as_ci", "utf32", 4},
    {3083, "utf32_uca1400_icelandic_as_cs", "utf32", 4},
    {3084, "utf32_uca1400_icelandic_nopad_ai_ci", "utf32", 4},
    {3085, "utf32_uca1400_icelandic_nopad_ai_cs", "utf32", 4},
    {3086, "utf32_uca1400_icelandic_nopad_as_ci", "utf32", 4},
    {3087, "utf32_uca1400_icelandic_nopad_as_cs", "utf32", 4},
    {3088, "utf32_uca1400_latvian_ai_ci", "utf32", 4},
    {3089, "utf32_uca1400_latvian_ai_cs", "utf32", 4},
    {3090, "utf32_uca1400_latvian_as_ci", "utf32", 4},
    {3091, "utf32_uca1400_latvian_as_cs", "utf32", 4},
    {3092, "utf32_uca1400_latvian_nopad_ai_ci", "utf32", 4},
    {3093, "utf32_uca1400_latvian_nopad_ai_cs", "utf32", 4},
    {3094, "utf32_uca1400_latvian_nopad_as_ci", "utf32", 4},
    {3095, "utf32_uca1400_latvian_nopad_as_cs", "utf32", 4},
    {3096, "utf32_uca1400_romanian_ai_ci", "utf32", 4},
    {3097, "utf32_uca1400_romanian_ai_cs", "utf32", 4},
    {3098, "utf32_uca1400_romanian_as_ci", "utf32", 4},
    {3099, "utf32_uca1400_romanian_as_cs", "utf32", 4},
    {3100, "utf32_uca1400_romanian_nopad_ai_ci", "utf32", 4},
    {3101, "utf32_uca1400_romanian_nopad_ai_cs", "utf32", 4},
    {3102, "utf32_uca1400_romanian_nopad_as_ci", "utf32", 4},
    {3103, "utf32_uca1400_romanian_nopad_as_cs", "utf32", 4},
    {3104, "utf32_uca1400_slovenian_ai_ci", "utf32", 4},
    {3105, "utf32_uca1400_slovenian_ai_cs", "utf32", 4},
    {3106, "utf32_uca1400_slovenian_as_ci", "utf32", 4},
    {3107, "utf32_uca1400_slovenian_as_cs", "utf32", 4},
    {3108, "utf32_uca1400_slovenian_nopad_ai_ci", "utf32", 4},
    {3109, "utf32_uca1400_slovenian_nopad_ai_cs", "utf32", 4},
    {3110, "utf32_uca1400_slovenian_nopad_as_ci", "utf32", 4},
    {3111, "utf32_uca1400_slovenian_nopad_as_cs", "utf32", 4},
    {3112, "utf32_uca1400_polish_ai_ci", "utf32", 4},
    {3113, "utf32_uca1400_polish_ai_cs", "utf32", 4},
    {3114, "utf32_uca1400_polish_as_ci", "utf32", 4},
    {3115, "utf32_uca1400_polish_as_cs", "utf32", 4},
    {3116, "utf32_uca1400_polish_nopad_ai_ci", "utf32", 4},
    {3117, "utf32_uca1400_polish_nopad_ai_cs", "utf32", 4},
    {3118, "utf32_uca1400_polish_nopad_as_ci", "utf32", 4},
    {3119, "utf32_uca1400_polish_nopad_as_cs", "utf32", 4},
    {3120, "utf32_uca1400_estonian_ai_ci", "utf32", 4},
    {3121, "utf32_uca1400_estonian_ai_cs", "utf32", 4},
    {3122, "utf32_uca1400_estonian_as_ci", "utf32", 4},
    {3123, "utf32_uca1400_estonian_as_cs", "utf32", 4},
    {3124, "utf32_uca1400_estonian_nopad_ai_ci", "utf32", 4},
    {3125, "utf32_uca1400_estonian_nopad_ai_cs", "utf32", 4},
    {3126, "utf32_uca1400_estonian_nopad_as_ci", "utf32", 4},
    {3127, "utf32_uca1400_estonian_nopad_as_cs", "utf32", 4},
    {3128, "utf32_uca1400_spanish_ai_ci", "utf32", 4},
    {3129, "utf32_uca1400_spanish_ai_cs", "utf32", 4},
    {3130, "utf32_uca1400_spanish_as_ci", "utf32", 4},
    {3131, "utf32_uca1400_spanish_as_cs", "utf32", 4},
    {3132, "utf32_uca1400_spanish_nopad_ai_ci", "utf32", 4},
    {3133, "utf32_uca1400_spanish_nopad_ai_cs", "utf32", 4},
    {3134, "utf32_uca1400_spanish_nopad_as_ci", "utf32", 4},
    {3135, "utf32_uca1400_spanish_nopad_as_cs", "utf32", 4},
    {3136, "utf32_uca1400_swedish_ai_ci", "utf32", 4},
    {3137, "utf32_uca1400_swedish_ai_cs", "utf32", 4},
    {3138, "utf32_uca1400_swedish_as_ci", "utf32", 4},
    {3139, "utf32_uca1400_swedish_as_cs", "utf32", 4},
    {3140, "utf32_uca1400_swedish_nopad_ai_ci", "utf32", 4},
    {3141, "utf32_uca1400_swedish_nopad_ai_cs", "utf32", 4},
    {3142, "utf32_uca1400_swedish_nopad_as_ci", "utf32", 4},
    {3143, "utf32_uca1400_swedish_nopad_as_cs", "utf32", 4},
    {3144, "utf32_uca1400_turkish_ai_ci", "utf32", 4},
    {3145, "utf32_uca1400_turkish_ai_cs", "utf32", 4},
    {3146, "utf32_uca1400_turkish_as_ci", "utf32", 4},
    {3147, "utf32_uca1400_turkish_as_cs", "utf32", 4},
    {3148, "utf32_uca1400_turkish_nopad_ai_ci", "utf32", 4},
    {3149, "utf32_uca1400_turkish_nopad_ai_cs", "utf32", 4},
    {3150, "utf32_uca1400_turkish_nopad_as_ci", "utf32", 4},
    {3151, "utf32_uca1400_turkish_nopad_as_cs", "utf32", 4},
    {3152, "utf32_uca1400_czech_ai_ci", "utf32", 4},
    {3153, "utf32_uca1400_czech_ai_cs", "utf32", 4},
    {3154, "utf32_uca1400_czech_as_ci", "utf32", 4},
    {3155, "utf32_uca1400_czech_as_cs", "utf32", 4},
    {3156, "utf32_uca1400_czech_nopad_ai_ci", "utf32", 4},
    {3157, "utf32_uca1400_czech_nopad_ai_cs", "utf32", 4},
    {3158, "utf32_uca1400_czech_nopad_as_ci", "utf32", 4},
    {3159, "utf32_uca1400_czech_nopad_as_cs", "utf32", 4},
    {3160, "utf32_uca1400_danish_ai_ci", "utf32", 4},
    {3161, "utf32_uca1400_danish_ai_cs", "utf32", 4},
    {3162, "utf32_uca1400_danish_as_ci", "utf32", 4},
    {3163, "utf32_uca1400_danish_as_cs", "utf32", 4},
    {3164, "utf32_uca1400_danish_nopad_ai_ci", "utf32", 4},
    {3165, "utf32_uca1400_danish_nopad_ai_cs", "utf32", 4},
    {3166, "utf32_uca1400_danish_nopad_as_ci", "utf32", 4},
    {3167, "utf32_uca1400_danish_nopad_as_cs", "utf32", 4},
    {3168, "utf32_uca1400_lithuanian_ai_ci", "utf32", 4},
    {3169, "utf32_uca1400_lithuanian_ai_cs", "utf32", 4},
    {3170, "utf32_uca1400_lithuanian_as_ci", "utf32", 4},
    {3171, "utf32_uca1400_lithuanian_as_cs", "utf32", 4},
    {3172, "utf32_uca1400_lithuanian_nopad_ai_ci", "utf32", 4},
    {3173, "utf32_uca1400_lithuanian_nopad_ai_cs", "utf32", 4},
    {3174, "utf32_uca1400_lithuanian_nopad_as_ci", "utf32", 4},
    {3175, "utf32_uca1400_lithuanian_nopad_as_cs", "utf32", 4},
    {3176, "utf32_uca1400_slovak_ai_ci", "utf32", 4},
    {3177, "utf32_uca1400_slovak_ai_cs", "utf32", 4},
    {3178, "utf32_uca1400_slovak_as_ci", "utf32", 4},
    {3179, "utf32_uca1400_slovak_as_cs", "utf32", 4},
    {3180, "utf32_uca1400_slovak_nopad_ai_ci", "utf32", 4},
    {3181, "utf32_uca1400_slovak_nopad_ai_cs", "utf32", 4},
    {3182, "utf32_uca1400_slovak_nopad_as_ci", "utf32", 4},
    {3183, "utf32_uca1400_slovak_nopad_as_cs", "utf32", 4},
    {3184, "utf32_uca1400_spanish2_ai_ci", "utf32", 4},
    {3185, "utf32_uca1400_spanish2_ai_cs", "utf32", 4},
    {3186, "utf32_uca1400_spanish2_as_ci", "utf32", 4},
    {3187, "utf32_uca1400_spanish2_as_cs", "utf32", 4},
    {3188, "utf32_uca1400_spanish2_nopad_ai_ci", "utf32", 4},
    {3189, "utf32_uca1400_spanish2_nopad_ai_cs", "utf32", 4},
    {3190, "utf32_uca1400_spanish2_nopad_as_ci", "utf32", 4},
    {3191, "utf32_uca1400_spanish2_nopad_as_cs", "utf32", 4},
    {3192, "utf32_uca1400_roman_ai_ci", "utf32", 4},
    {3193, "utf32_uca1400_roman_ai_cs", "utf32", 4},
    {3194, "utf32_uca1400_roman_as_ci", "utf32", 4},
    {3195, "utf32_uca1400_roman_as_cs", "utf32", 4},
    {3196, "utf32_uca1400_roman_nopad_ai_ci", "utf32", 4},
    {3197, "utf32_uca1400_roman_nopad_ai_cs", "utf32", 4},
    {3198, "utf32_uca1400_roman_nopad_as_ci", "utf32", 4},
    {3199, "utf32_uca1400_roman_nopad_as_cs", "utf32", 4},
    {3200, "utf32_uca1400_persian_ai_ci", "utf32", 4},
    {3201, "utf32_uca1400_persian_ai_cs", "utf32", 4},
    {3202, "utf32_uca1400_persian_as_ci", "utf32", 4},
    {3203, "utf32_uca1400_persian_as_cs", "utf32", 4},
    {3204, "utf32_uca1400_persian_nopad_ai_ci", "utf32", 4},
    {3205, "utf32_uca1400_persian_nopad_ai_cs", "utf32", 4},
    {3206, "utf32_uca1400_persian_nopad_as_ci", "utf32", 4},
    {3207, "utf32_uca1400_persian_nopad_as_cs", "utf32", 4},
    {3208, "utf32_uca1400_esperanto_ai_ci", "utf32", 4},
    {3209, "utf32_uca1400_esperanto_ai_cs", "utf32", 4},
    {3210, "utf32_uca1400_esperanto_as_ci", "utf32", 4},
    {3211, "utf32_uca1400_esperanto_as_cs", "utf32", 4},
    {3212, "utf32_uca1400_esperanto_nopad_ai_ci", "utf32", 4},
    {3213, "utf32_uca1400_esperanto_nopad_ai_cs", "utf32", 4},
    {3214, "utf32_uca1400_esperanto_nopad_as_ci", "utf32", 4},
    {3215, "utf32_uca1400_esperanto_nopad_as_cs", "utf32", 4},
    {3216, "utf32_uca1400_hungarian_ai_ci", "utf32", 4},
    {3217, "utf32_uca1400_hungarian_ai_cs", "utf32", 4},
    {3218, "utf32_uca1400_hungarian_as_ci", "utf32", 4},
    {3219, "utf32_uca1400_hungarian_as_cs", "utf32", 4},
    {3220, "utf32_uca1400_hungarian_nopad_ai_ci", "utf32", 4},
    {3221, "utf32_uca1400_hungarian_nopad_ai_cs", "utf32", 4},
    {3222, "utf32_uca1400_hungarian_nopad_as_ci", "utf32", 4},
    {3223, "utf32_uca1400_hungarian_nopad_as_cs", "utf32", 4},
    {3224, "utf32_uca1400_sinhala_ai_ci", "utf32", 4},
    {3225, "utf32_uca1400_sinhala_ai_cs", "utf32", 4},
    {3226, "utf32_uca1400_sinhala_as_ci", "utf32", 4},
    {3227, "utf32_uca1400_sinhala_as_cs", "utf32", 4},
    {3228, "utf32_uca1400_sinhala_nopad_ai_ci", "utf32", 4},
    {3229, "utf32_uca1400_sinhala_nopad_ai_cs", "utf32", 4},
    {3230, "utf32_uca1400_sinhala_nopad_as_ci", "utf32", 4},
    {3231, "utf32_uca1400_sinhala_nopad_as_cs", "utf32", 4},
    {3232, "utf32_uca1400_german2_ai_ci", "utf32", 4},
    {3233, "utf32_uca1400_german2_ai_cs", "utf32", 4},
    {3234, "utf32_uca1400_german2_as_ci", "utf32", 4},
    {3235, "utf32_uca1400_german2_as_cs", "utf32", 4},
    {3236, "utf32_uca1400_german2_nopad_ai_ci", "utf32", 4},
    {3237, "utf32_uca1400_german2_nopad_ai_cs", "utf32", 4},
    {3238, "utf32_uca1400_german2_nopad_as_ci", "utf32", 4},
    {3239, "utf32_uca1400_german2_nopad_as_cs", "utf32", 4},
    {3256, "utf32_uca1400_vietnamese_ai_ci", "utf32", 4},
    {3257, "utf32_uca1400_vietnamese_ai_cs", "utf32", 4},
    {3258, "utf32_uca1400_vietnamese_as_ci", "utf32", 4},
    {3259, "utf32_uca1400_vietnamese_as_cs", "utf32", 4},
    {3260, "utf32_uca1400_vietnamese_nopad_ai_ci", "utf32", 4},
    {3261, "utf32_uca1400_vietnamese_nopad_ai_cs", "utf32", 4},
    {3262, "utf32_uca1400_vietnamese_nopad_as_ci", "utf32", 4},
    {3263, "utf32_uca1400_vietnamese_nopad_as_cs", "utf32", 4},
    {3264, "utf32_uca1400_croatian_ai_ci", "utf32", 4},
    {3265, "utf32_uca1400_croatian_ai_cs", "utf32", 4},
    {3266, "utf32_uca1400_croatian_as_ci", "utf32", 4},
    {3267, "utf32_uca1400_croatian_as_cs", "utf32", 4},
    {3268, "utf32_uca1400_croatian_nopad_ai_ci", "utf32", 4},
    {3269, "utf32_uca1400_croatian_nopad_ai_cs", "utf32", 4},
    {3270, "utf32_uca1400_croatian_nopad_as_ci", "utf32", 4},
    {3271, "utf32_uca1400_croatian_nopad_as_cs", "utf32", 4},
};

// Single-byte character sets: the code point of each byte, 0 for a byte the character set leaves
// undefined (byte 0 maps to U+0000). Generated by converting every byte with MariaDB 10.11.19:
// SELECT HEX(CONVERT(CONVERT(UNHEX('<byte>') USING <charset>) USING utf32)); '?' for a byte other
// than 0x3F marks an undefined byte.
constexpr uint16_t kArmscii8Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x2741, 0x00A7, 0x0589, 0x0029, 0x0028, 0x00BB, 0x00AB, 0x2014, 0x002E, 0x055D, 0x002C, 0x002D, 0x055F, 0x2026, 0x055C,
    0x055B, 0x055E, 0x0531, 0x0561, 0x0532, 0x0562, 0x0533, 0x0563, 0x0534, 0x0564, 0x0535, 0x0565, 0x0536, 0x0566, 0x0537, 0x0567,
    0x0538, 0x0568, 0x0539, 0x0569, 0x053A, 0x056A, 0x053B, 0x056B, 0x053C, 0x056C, 0x053D, 0x056D, 0x053E, 0x056E, 0x053F, 0x056F,
    0x0540, 0x0570, 0x0541, 0x0571, 0x0542, 0x0572, 0x0543, 0x0573, 0x0544, 0x0574, 0x0545, 0x0575, 0x0546, 0x0576, 0x0547, 0x0577,
    0x0548, 0x0578, 0x0549, 0x0579, 0x054A, 0x057A, 0x054B, 0x057B, 0x054C, 0x057C, 0x054D, 0x057D, 0x054E, 0x057E, 0x054F, 0x057F,
    0x0550, 0x0580, 0x0551, 0x0581, 0x0552, 0x0582, 0x0553, 0x0583, 0x0554, 0x0584, 0x0555, 0x0585, 0x0556, 0x0586, 0x2019, 0x0027,
};
constexpr uint16_t kCp1250Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021, 0x0000, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
    0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7, 0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7, 0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};
constexpr uint16_t kCp1251Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
    0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
    0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};
constexpr uint16_t kCp1256Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0000, 0x2039, 0x0152, 0x0686, 0x0698, 0x0000,
    0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x2122, 0x0000, 0x203A, 0x0153, 0x200C, 0x200D, 0x0000,
    0x00A0, 0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x0000, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F,
    0x0000, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627, 0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
    0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7, 0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
    0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A, 0x00EE, 0x00EF,
    0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7, 0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x0000,
};
constexpr uint16_t kCp1257Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021, 0x0000, 0x2030, 0x0000, 0x2039, 0x0000, 0x00A8, 0x02C7, 0x00B8,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x2122, 0x0000, 0x203A, 0x0000, 0x00AF, 0x02DB, 0x0000,
    0x00A0, 0x0000, 0x00A2, 0x00A3, 0x00A4, 0x0000, 0x00A6, 0x00A7, 0x00D8, 0x00A9, 0x0156, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00C6,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00F8, 0x00B9, 0x0157, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00E6,
    0x0104, 0x012E, 0x0100, 0x0106, 0x00C4, 0x00C5, 0x0118, 0x0112, 0x010C, 0x00C9, 0x0179, 0x0116, 0x0122, 0x0136, 0x012A, 0x013B,
    0x0160, 0x0143, 0x0145, 0x00D3, 0x014C, 0x00D5, 0x00D6, 0x00D7, 0x0172, 0x0141, 0x015A, 0x016A, 0x00DC, 0x017B, 0x017D, 0x00DF,
    0x0105, 0x012F, 0x0101, 0x0107, 0x00E4, 0x00E5, 0x0119, 0x0113, 0x010D, 0x00E9, 0x017A, 0x0117, 0x0123, 0x0137, 0x012B, 0x013C,
    0x0161, 0x0144, 0x0146, 0x00F3, 0x014D, 0x00F5, 0x00F6, 0x00F7, 0x0173, 0x0142, 0x015B, 0x016B, 0x00FC, 0x017C, 0x017E, 0x02D9,
};
constexpr uint16_t kCp850Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7, 0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9, 0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA, 0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0, 0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
    0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE, 0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
    0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE, 0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
    0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};
constexpr uint16_t kCp852Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x016F, 0x0107, 0x00E7, 0x0142, 0x00EB, 0x0150, 0x0151, 0x00EE, 0x0179, 0x00C4, 0x0106,
    0x00C9, 0x0139, 0x013A, 0x00F4, 0x00F6, 0x013D, 0x013E, 0x015A, 0x015B, 0x00D6, 0x00DC, 0x0164, 0x0165, 0x0141, 0x00D7, 0x010D,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x0104, 0x0105, 0x017D, 0x017E, 0x0118, 0x0119, 0x00AC, 0x017A, 0x010C, 0x015F, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x011A, 0x015E, 0x2563, 0x2551, 0x2557, 0x255D, 0x017B, 0x017C, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x0102, 0x0103, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
    0x0111, 0x0110, 0x010E, 0x00CB, 0x010F, 0x0147, 0x00CD, 0x00CE, 0x011B, 0x2518, 0x250C, 0x2588, 0x2584, 0x0162, 0x016E, 0x2580,
    0x00D3, 0x00DF, 0x00D4, 0x0143, 0x0144, 0x0148, 0x0160, 0x0161, 0x0154, 0x00DA, 0x0155, 0x0170, 0x00FD, 0x00DD, 0x0163, 0x00B4,
    0x00AD, 0x02DD, 0x02DB, 0x02C7, 0x02D8, 0x00A7, 0x00F7, 0x00B8, 0x00B0, 0x00A8, 0x02D9, 0x0171, 0x0158, 0x0159, 0x25A0, 0x00A0,
};
constexpr uint16_t kCp866Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
    0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427, 0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
    0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447, 0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
    0x0401, 0x0451, 0x0404, 0x0454, 0x0407, 0x0457, 0x040E, 0x045E, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};
constexpr uint16_t kDec8Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x0000, 0x00A5, 0x0000, 0x00A7, 0x00A4, 0x00A9, 0x00AA, 0x00AB, 0x0000, 0x0000, 0x0000, 0x0000,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0000, 0x00B5, 0x00B6, 0x00B7, 0x0000, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x0000, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x0000, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x0152, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0178, 0x0000, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x0000, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x0153, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FF, 0x0000, 0x0000,
};
constexpr uint16_t kGeostd8Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021, 0x0000, 0x2030, 0x0000, 0x2039, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x0000, 0x0000, 0x0000, 0x203A, 0x0000, 0x0000, 0x0000, 0x0000,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x10D0, 0x10D1, 0x10D2, 0x10D3, 0x10D4, 0x10D5, 0x10D6, 0x10F1, 0x10D7, 0x10D8, 0x10D9, 0x10DA, 0x10DB, 0x10DC, 0x10F2, 0x10DD,
    0x10DE, 0x10DF, 0x10E0, 0x10E1, 0x10E2, 0x10F3, 0x10E3, 0x10E4, 0x10E5, 0x10E6, 0x10E7, 0x10E8, 0x10E9, 0x10EA, 0x10EB, 0x10EC,
    0x10ED, 0x10EE, 0x10F4, 0x10EF, 0x10F0, 0x10F5, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x2116, 0x0000, 0x0000,
};
constexpr uint16_t kGreekTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x02BD, 0x02BC, 0x00A3, 0x0000, 0x0000, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x0000, 0x00AB, 0x00AC, 0x00AD, 0x0000, 0x2015,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x0385, 0x0386, 0x00B7, 0x0388, 0x0389, 0x038A, 0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F,
    0x0390, 0x0391, 0x0392, 0x0393, 0x0394, 0x0395, 0x0396, 0x0397, 0x0398, 0x0399, 0x039A, 0x039B, 0x039C, 0x039D, 0x039E, 0x039F,
    0x03A0, 0x03A1, 0x0000, 0x03A3, 0x03A4, 0x03A5, 0x03A6, 0x03A7, 0x03A8, 0x03A9, 0x03AA, 0x03AB, 0x03AC, 0x03AD, 0x03AE, 0x03AF,
    0x03B0, 0x03B1, 0x03B2, 0x03B3, 0x03B4, 0x03B5, 0x03B6, 0x03B7, 0x03B8, 0x03B9, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BE, 0x03BF,
    0x03C0, 0x03C1, 0x03C2, 0x03C3, 0x03C4, 0x03C5, 0x03C6, 0x03C7, 0x03C8, 0x03C9, 0x03CA, 0x03CB, 0x03CC, 0x03CD, 0x03CE, 0x0000,
};
constexpr uint16_t kHebrewTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x0000, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x203E,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x2017,
    0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, 0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
    0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7, 0x05E8, 0x05E9, 0x05EA, 0x0000, 0x0000, 0x200E, 0x200F, 0x0000,
};
constexpr uint16_t kHp8Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x00C0, 0x00C2, 0x00C8, 0x00CA, 0x00CB, 0x00CE, 0x00CF, 0x00B4, 0x02CB, 0x02C6, 0x00A8, 0x02DC, 0x00D9, 0x00DB, 0x20A4,
    0x00AF, 0x00DD, 0x00FD, 0x00B0, 0x00C7, 0x00E7, 0x00D1, 0x00F1, 0x00A1, 0x00BF, 0x00A4, 0x00A3, 0x00A5, 0x00A7, 0x0192, 0x00A2,
    0x00E2, 0x00EA, 0x00F4, 0x00FB, 0x00E1, 0x00E9, 0x00F3, 0x00FA, 0x00E0, 0x00E8, 0x00F2, 0x00F9, 0x00E4, 0x00EB, 0x00F6, 0x00FC,
    0x00C5, 0x00EE, 0x00D8, 0x00C6, 0x00E5, 0x00ED, 0x00F8, 0x00E6, 0x00C4, 0x00EC, 0x00D6, 0x00DC, 0x00C9, 0x00EF, 0x00DF, 0x00D4,
    0x00C1, 0x00C3, 0x00E3, 0x00D0, 0x00F0, 0x00CD, 0x00CC, 0x00D3, 0x00D2, 0x00D5, 0x00F5, 0x0160, 0x0161, 0x00DA, 0x0178, 0x00FF,
    0x00DE, 0x00FE, 0x00B7, 0x00B5, 0x00B6, 0x00BE, 0x2014, 0x00BC, 0x00BD, 0x00AA, 0x00BA, 0x00AB, 0x25A0, 0x00BB, 0x00B1, 0x0000,
};
constexpr uint16_t kKeybcs2Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x010C, 0x00FC, 0x00E9, 0x010F, 0x00E4, 0x010E, 0x0164, 0x010D, 0x011B, 0x011A, 0x0139, 0x00CD, 0x013E, 0x013A, 0x00C4, 0x00C1,
    0x00C9, 0x017E, 0x017D, 0x00F4, 0x00F6, 0x00D3, 0x016F, 0x00DA, 0x00FD, 0x00D6, 0x00DC, 0x0160, 0x013D, 0x00DD, 0x0158, 0x0165,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x0148, 0x0147, 0x016E, 0x00D4, 0x0161, 0x0159, 0x0155, 0x0154, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556, 0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F, 0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B, 0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4, 0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248, 0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};
constexpr uint16_t kKoi8rTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
    0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248, 0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
    0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
    0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565, 0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
    0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433, 0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
    0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
    0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
    0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412, 0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
};
constexpr uint16_t kKoi8uTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524, 0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
    0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2022, 0x221A, 0x2248, 0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
    0x2550, 0x2551, 0x2552, 0x0451, 0x0454, 0x2554, 0x0456, 0x0457, 0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x0491, 0x255D, 0x255E,
    0x255F, 0x2560, 0x2561, 0x0401, 0x0404, 0x2563, 0x0406, 0x0407, 0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x0490, 0x256C, 0x00A9,
    0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433, 0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
    0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432, 0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
    0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413, 0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
    0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412, 0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
};
constexpr uint16_t kLatin1Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};
constexpr uint16_t kLatin2Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x0104, 0x02D8, 0x0141, 0x00A4, 0x013D, 0x015A, 0x00A7, 0x00A8, 0x0160, 0x015E, 0x0164, 0x0179, 0x00AD, 0x017D, 0x017B,
    0x00B0, 0x0105, 0x02DB, 0x0142, 0x00B4, 0x013E, 0x015B, 0x02C7, 0x00B8, 0x0161, 0x015F, 0x0165, 0x017A, 0x02DD, 0x017E, 0x017C,
    0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7, 0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
    0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
    0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7, 0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};
constexpr uint16_t kLatin5Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7, 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
    0x011E, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7, 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0130, 0x015E, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
    0x011F, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7, 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0131, 0x015F, 0x00FF,
};
constexpr uint16_t kLatin7Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0x00A0, 0x201D, 0x00A2, 0x00A3, 0x00A4, 0x201E, 0x00A6, 0x00A7, 0x00D8, 0x00A9, 0x0156, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00C6,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x201C, 0x00B5, 0x00B6, 0x00B7, 0x00F8, 0x00B9, 0x0157, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00E6,
    0x0104, 0x012E, 0x0100, 0x0106, 0x00C4, 0x00C5, 0x0118, 0x0112, 0x010C, 0x00C9, 0x0179, 0x0116, 0x0122, 0x0136, 0x012A, 0x013B,
    0x0160, 0x0143, 0x0145, 0x00D3, 0x014C, 0x00D5, 0x00D6, 0x00D7, 0x0172, 0x0141, 0x015A, 0x016A, 0x00DC, 0x017B, 0x017D, 0x00DF,
    0x0105, 0x012F, 0x0101, 0x0107, 0x00E4, 0x00E5, 0x0119, 0x0113, 0x010D, 0x00E9, 0x017A, 0x0117, 0x0123, 0x0137, 0x012B, 0x013C,
    0x0161, 0x0144, 0x0146, 0x00F3, 0x014D, 0x00F5, 0x00F6, 0x00F7, 0x0173, 0x0142, 0x015B, 0x016B, 0x00FC, 0x017C, 0x017E, 0x2019,
};
constexpr uint16_t kMacceTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x00C4, 0x0100, 0x0101, 0x00C9, 0x0104, 0x00D6, 0x00DC, 0x00E1, 0x0105, 0x010C, 0x00E4, 0x010D, 0x0106, 0x0107, 0x00E9, 0x0179,
    0x017A, 0x010E, 0x00ED, 0x010F, 0x0112, 0x0113, 0x0116, 0x00F3, 0x0117, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x011A, 0x011B, 0x00FC,
    0x2020, 0x00B0, 0x0118, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x0119, 0x00A8, 0x2260, 0x0123, 0x012E,
    0x012F, 0x012A, 0x2264, 0x2265, 0x012B, 0x0136, 0x2202, 0x2211, 0x0142, 0x013B, 0x013C, 0x013D, 0x013E, 0x0139, 0x013A, 0x0145,
    0x0146, 0x0143, 0x00AC, 0x221A, 0x0144, 0x0147, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x0148, 0x0150, 0x00D5, 0x0151, 0x014C,
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x014D, 0x0154, 0x0155, 0x0158, 0x2039, 0x203A, 0x0159, 0x0156,
    0x0157, 0x0160, 0x201A, 0x201E, 0x0161, 0x015A, 0x015B, 0x00C1, 0x0164, 0x0165, 0x00CD, 0x017D, 0x017E, 0x016A, 0x00D3, 0x00D4,
    0x016B, 0x016E, 0x00DA, 0x016F, 0x0170, 0x0171, 0x0172, 0x0173, 0x00DD, 0x00FD, 0x0137, 0x017B, 0x0141, 0x017C, 0x0122, 0x02C7,
};
constexpr uint16_t kMacromanTable[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1, 0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
    0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3, 0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
    0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF, 0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
    0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211, 0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
    0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB, 0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
    0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA, 0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
    0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1, 0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
    0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC, 0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};
constexpr uint16_t kSwe7Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x00C9, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x00C4, 0x00D6, 0x00C5, 0x00DC, 0x005F,
    0x00E9, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x00E4, 0x00F6, 0x00E5, 0x00FC, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
};
constexpr uint16_t kTis620Table[256] = {
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x0018, 0x0019, 0x001A, 0x001B, 0x001C, 0x001D, 0x001E, 0x001F,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002A, 0x002B, 0x002C, 0x002D, 0x002E, 0x002F,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, 0x0038, 0x0039, 0x003A, 0x003B, 0x003C, 0x003D, 0x003E, 0x003F,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, 0x0048, 0x0049, 0x004A, 0x004B, 0x004C, 0x004D, 0x004E, 0x004F,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059, 0x005A, 0x005B, 0x005C, 0x005D, 0x005E, 0x005F,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006A, 0x006B, 0x006C, 0x006D, 0x006E, 0x006F,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007A, 0x007B, 0x007C, 0x007D, 0x007E, 0x007F,
    0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087, 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
    0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097, 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
    0xFFFD, 0x0E01, 0x0E02, 0x0E03, 0x0E04, 0x0E05, 0x0E06, 0x0E07, 0x0E08, 0x0E09, 0x0E0A, 0x0E0B, 0x0E0C, 0x0E0D, 0x0E0E, 0x0E0F,
    0x0E10, 0x0E11, 0x0E12, 0x0E13, 0x0E14, 0x0E15, 0x0E16, 0x0E17, 0x0E18, 0x0E19, 0x0E1A, 0x0E1B, 0x0E1C, 0x0E1D, 0x0E1E, 0x0E1F,
    0x0E20, 0x0E21, 0x0E22, 0x0E23, 0x0E24, 0x0E25, 0x0E26, 0x0E27, 0x0E28, 0x0E29, 0x0E2A, 0x0E2B, 0x0E2C, 0x0E2D, 0x0E2E, 0x0E2F,
    0x0E30, 0x0E31, 0x0E32, 0x0E33, 0x0E34, 0x0E35, 0x0E36, 0x0E37, 0x0E38, 0x0E39, 0x0E3A, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x0E3F,
    0x0E40, 0x0E41, 0x0E42, 0x0E43, 0x0E44, 0x0E45, 0x0E46, 0x0E47, 0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E4D, 0x0E4E, 0x0E4F,
    0x0E50, 0x0E51, 0x0E52, 0x0E53, 0x0E54, 0x0E55, 0x0E56, 0x0E57, 0x0E58, 0x0E59, 0x0E5A, 0x0E5B, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
};

// Multi-byte characters whose MySQL/MariaDB mapping differs from the glibc iconv converter used for
// the character set (or that iconv rejects). Key: the character's bytes, big-endian. Generated by
// converting every 2-byte sequence (and 0x8F-prefixed 3-byte one for ujis) with MariaDB 10.11.19 and
// with iconv, keeping the sequences the server accepts that iconv maps differently.
constexpr MultiByteException kBig5Exceptions[] = {
    {0xA145, 0x2022}, {0xA14E, 0xFF64}, {0xA15A, 0xFFFD}, {0xA1C2, 0x203E}, {0xA1C3, 0xFFFD}, {0xA1C5, 0xFFFD},
    {0xA1E3, 0x223C}, {0xA1F2, 0x2641}, {0xA1F3, 0x2609}, {0xA1FE, 0xFFFD}, {0xA240, 0xFFFD}, {0xA241, 0xFF0F},
    {0xA242, 0xFF3C}, {0xA244, 0x00A5}, {0xA246, 0x00A2}, {0xA247, 0x00A3}, {0xA2CC, 0xFFFD}, {0xA2CE, 0xFFFD},
    {0xC6A1, 0x30FE}, {0xC6A2, 0x309D}, {0xC6A3, 0x309E}, {0xC6A4, 0x3005}, {0xC6A5, 0x3041}, {0xC6A6, 0x3042},
    {0xC6A7, 0x3043}, {0xC6A8, 0x3044}, {0xC6A9, 0x3045}, {0xC6AA, 0x3046}, {0xC6AB, 0x3047}, {0xC6AC, 0x3048},
    {0xC6AD, 0x3049}, {0xC6AE, 0x304A}, {0xC6AF, 0x304B}, {0xC6B0, 0x304C}, {0xC6B1, 0x304D}, {0xC6B2, 0x304E},
    {0xC6B3, 0x304F}, {0xC6B4, 0x3050}, {0xC6B5, 0x3051}, {0xC6B6, 0x3052}, {0xC6B7, 0x3053}, {0xC6B8, 0x3054},
    {0xC6B9, 0x3055}, {0xC6BA, 0x3056}, {0xC6BB, 0x3057}, {0xC6BC, 0x3058}, {0xC6BD, 0x3059}, {0xC6BE, 0x305A},
    {0xC6BF, 0x305B}, {0xC6C0, 0x305C}, {0xC6C1, 0x305D}, {0xC6C2, 0x305E}, {0xC6C3, 0x305F}, {0xC6C4, 0x3060},
    {0xC6C5, 0x3061}, {0xC6C6, 0x3062}, {0xC6C7, 0x3063}, {0xC6C8, 0x3064}, {0xC6C9, 0x3065}, {0xC6CA, 0x3066},
    {0xC6CB, 0x3067}, {0xC6CC, 0x3068}, {0xC6CD, 0x3069}, {0xC6CE, 0x306A}, {0xC6CF, 0x306B}, {0xC6D0, 0x306C},
    {0xC6D1, 0x306D}, {0xC6D2, 0x306E}, {0xC6D3, 0x306F}, {0xC6D4, 0x3070}, {0xC6D5, 0x3071}, {0xC6D6, 0x3072},
    {0xC6D7, 0x3073}, {0xC6D8, 0x3074}, {0xC6D9, 0x3075}, {0xC6DA, 0x3076}, {0xC6DB, 0x3077}, {0xC6DC, 0x3078},
    {0xC6DD, 0x3079}, {0xC6DE, 0x307A}, {0xC6DF, 0x307B}, {0xC6E0, 0x307C}, {0xC6E1, 0x307D}, {0xC6E2, 0x307E},
    {0xC6E3, 0x307F}, {0xC6E4, 0x3080}, {0xC6E5, 0x3081}, {0xC6E6, 0x3082}, {0xC6E7, 0x3083}, {0xC6E8, 0x3084},
    {0xC6E9, 0x3085}, {0xC6EA, 0x3086}, {0xC6EB, 0x3087}, {0xC6EC, 0x3088}, {0xC6ED, 0x3089}, {0xC6EE, 0x308A},
    {0xC6EF, 0x308B}, {0xC6F0, 0x308C}, {0xC6F1, 0x308D}, {0xC6F2, 0x308E}, {0xC6F3, 0x308F}, {0xC6F4, 0x3090},
    {0xC6F5, 0x3091}, {0xC6F6, 0x3092}, {0xC6F7, 0x3093}, {0xC6F8, 0x30A1}, {0xC6F9, 0x30A2}, {0xC6FA, 0x30A3},
    {0xC6FB, 0x30A4}, {0xC6FC, 0x30A5}, {0xC6FD, 0x30A6}, {0xC6FE, 0x30A7}, {0xC740, 0x30A8}, {0xC741, 0x30A9},
    {0xC742, 0x30AA}, {0xC743, 0x30AB}, {0xC744, 0x30AC}, {0xC745, 0x30AD}, {0xC746, 0x30AE}, {0xC747, 0x30AF},
    {0xC748, 0x30B0}, {0xC749, 0x30B1}, {0xC74A, 0x30B2}, {0xC74B, 0x30B3}, {0xC74C, 0x30B4}, {0xC74D, 0x30B5},
    {0xC74E, 0x30B6}, {0xC74F, 0x30B7}, {0xC750, 0x30B8}, {0xC751, 0x30B9}, {0xC752, 0x30BA}, {0xC753, 0x30BB},
    {0xC754, 0x30BC}, {0xC755, 0x30BD}, {0xC756, 0x30BE}, {0xC757, 0x30BF}, {0xC758, 0x30C0}, {0xC759, 0x30C1},
    {0xC75A, 0x30C2}, {0xC75B, 0x30C3}, {0xC75C, 0x30C4}, {0xC75D, 0x30C5}, {0xC75E, 0x30C6}, {0xC75F, 0x30C7},
    {0xC760, 0x30C8}, {0xC761, 0x30C9}, {0xC762, 0x30CA}, {0xC763, 0x30CB}, {0xC764, 0x30CC}, {0xC765, 0x30CD},
    {0xC766, 0x30CE}, {0xC767, 0x30CF}, {0xC768, 0x30D0}, {0xC769, 0x30D1}, {0xC76A, 0x30D2}, {0xC76B, 0x30D3},
    {0xC76C, 0x30D4}, {0xC76D, 0x30D5}, {0xC76E, 0x30D6}, {0xC76F, 0x30D7}, {0xC770, 0x30D8}, {0xC771, 0x30D9},
    {0xC772, 0x30DA}, {0xC773, 0x30DB}, {0xC774, 0x30DC}, {0xC775, 0x30DD}, {0xC776, 0x30DE}, {0xC777, 0x30DF},
    {0xC778, 0x30E0}, {0xC779, 0x30E1}, {0xC77A, 0x30E2}, {0xC77B, 0x30E3}, {0xC77C, 0x30E4}, {0xC77D, 0x30E5},
    {0xC77E, 0x30E6}, {0xC7A1, 0x30E7}, {0xC7A2, 0x30E8}, {0xC7A3, 0x30E9}, {0xC7A4, 0x30EA}, {0xC7A5, 0x30EB},
    {0xC7A6, 0x30EC}, {0xC7A7, 0x30ED}, {0xC7A8, 0x30EE}, {0xC7A9, 0x30EF}, {0xC7AA, 0x30F0}, {0xC7AB, 0x30F1},
    {0xC7AC, 0x30F2}, {0xC7AD, 0x30F3}, {0xC7AE, 0x30F4}, {0xC7AF, 0x30F5}, {0xC7B0, 0x30F6}, {0xC7B1, 0x0414},
    {0xC7B2, 0x0415}, {0xC7B3, 0x0401}, {0xC7B4, 0x0416}, {0xC7B5, 0x0417}, {0xC7B6, 0x0418}, {0xC7B7, 0x0419},
    {0xC7B8, 0x041A}, {0xC7B9, 0x041B}, {0xC7BA, 0x041C}, {0xC7BB, 0x0423}, {0xC7BC, 0x0424}, {0xC7BD, 0x0425},
    {0xC7BE, 0x0426}, {0xC7BF, 0x0427}, {0xC7C0, 0x0428}, {0xC7C1, 0x0429}, {0xC7C2, 0x042A}, {0xC7C3, 0x042B},
    {0xC7C4, 0x042C}, {0xC7C5, 0x042D}, {0xC7C6, 0x042E}, {0xC7C7, 0x042F}, {0xC7C8, 0x0430}, {0xC7C9, 0x0431},
    {0xC7CA, 0x0432}, {0xC7CB, 0x0433}, {0xC7CC, 0x0434}, {0xC7CD, 0x0435}, {0xC7CE, 0x0451}, {0xC7CF, 0x0436},
    {0xC7D0, 0x0437}, {0xC7D1, 0x0438}, {0xC7D2, 0x0439}, {0xC7D3, 0x043A}, {0xC7D4, 0x043B}, {0xC7D5, 0x043C},
    {0xC7D6, 0x043D}, {0xC7D7, 0x043E}, {0xC7D8, 0x043F}, {0xC7D9, 0x0440}, {0xC7DA, 0x0441}, {0xC7DB, 0x0442},
    {0xC7DC, 0x0443}, {0xC7DD, 0x0444}, {0xC7DE, 0x0445}, {0xC7DF, 0x0446}, {0xC7E0, 0x0447}, {0xC7E1, 0x0448},
    {0xC7E2, 0x0449}, {0xC7E3, 0x044A}, {0xC7E4, 0x044B}, {0xC7E5, 0x044C}, {0xC7E6, 0x044D}, {0xC7E7, 0x044E},
    {0xC7E8, 0x044F}, {0xC7E9, 0x2460}, {0xC7EA, 0x2461}, {0xC7EB, 0x2462}, {0xC7EC, 0x2463}, {0xC7ED, 0x2464},
    {0xC7EE, 0x2465}, {0xC7EF, 0x2466}, {0xC7F0, 0x2467}, {0xC7F1, 0x2468}, {0xC7F2, 0x2469}, {0xC7F3, 0x2474},
    {0xC7F4, 0x2475}, {0xC7F5, 0x2476}, {0xC7F6, 0x2477}, {0xC7F7, 0x2478}, {0xC7F8, 0x2479}, {0xC7F9, 0x247A},
    {0xC7FA, 0x247B}, {0xC7FB, 0x247C}, {0xC7FC, 0x247D},
};
constexpr MultiByteException kSjisExceptions[] = {
    {0x815F, 0x005C}, {0x8160, 0x301C}, {0x8161, 0x2016}, {0x817C, 0x2212}, {0x8191, 0x00A2}, {0x8192, 0x00A3},
    {0x81CA, 0x00AC},
};
constexpr MultiByteException kUjisExceptions[] = {
    {0xA1C0, 0x005C}, {0xA1C1, 0x301C}, {0xA1C2, 0x2016}, {0xA1DD, 0x2212}, {0xA1F1, 0x00A2}, {0xA1F2, 0x00A3},
    {0xA2CC, 0x00AC}, {0x8FA2B7, 0x007E}, {0x8FA2C3, 0x00A6},
};
// clang-format on

// How a character set is converted.
enum class Conversion : uint8_t {
  kUtf8,        // utf8mb3, utf8mb4: validate, append
  kAscii,       // ascii: bytes < 0x80, append
  kSingleByte,  // a 256-entry table
  kUcs2,        // UCS-2 big-endian
  kUtf16,       // UTF-16 big-endian
  kUtf16le,     // UTF-16 little-endian
  kUtf32,       // UTF-32 big-endian
  kMultiByte,   // iconv, with MultiByteException overrides
  kBinary,      // not a character set
};

// How a multi-byte character set splits bytes into characters (needed only to find the exceptions).
enum class Layout : uint8_t {
  kNone,
  kShiftJis,    // sjis, cp932: 0x81-0x9F, 0xE0-0xFC lead a 2-byte character
  kEucJp,       // ujis, eucjpms: 0x8E leads 2 bytes, 0x8F leads 3, 0xA1-0xFE lead 2
  kDoubleByte,  // big5, gbk, euckr, gb2312: 0x81-0xFE lead a 2-byte character
};

// A single-byte character set's bytes as UTF-8: per byte its 1-3 UTF-8 bytes (every code point
// in the tables is below U+10000), or length 0 when the character set leaves the byte undefined.
struct Utf8Char {
  char bytes[3];
  uint8_t length;  // after the bytes, so that the converter copies all 4 bytes with one move
};
static_assert(sizeof(Utf8Char) == 4);
using Utf8Table = std::array<Utf8Char, 256>;

constexpr Utf8Table MakeUtf8Table(const uint16_t* table) {
  Utf8Table utf8{};
  for (size_t byte = 0; byte < 256; ++byte) {
    uint32_t cp = table[byte];
    Utf8Char& c = utf8[byte];
    if (cp == 0 && byte != 0) {
      c = {{0, 0, 0}, 0};
    } else if (cp < 0x80) {
      c = {{static_cast<char>(cp), 0, 0}, 1};
    } else if (cp < 0x800) {
      c = {{static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F)), 0}, 2};
    } else {
      c = {{static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
            static_cast<char>(0x80 | (cp & 0x3F))},
           3};
    }
  }
  return utf8;
}

template <const uint16_t* kTable>
constexpr Utf8Table kUtf8TableOf = MakeUtf8Table(kTable);

struct CharsetDef {
  std::string_view name;
  Conversion conversion;
  const Utf8Table* table;  // kSingleByte
  const char* iconv_name;  // kMultiByte
  Layout layout;           // kMultiByte with exceptions
  std::span<const MultiByteException> exceptions;
  bool ascii_compatible;  // bytes 0x00-0x7F are the ASCII characters (kSingleByte, kMultiByte)
};

constexpr bool LowHalfIsAscii(const Utf8Table& table) {
  for (size_t byte = 0; byte < 0x80; ++byte) {
    if (table[byte].length != 1 || table[byte].bytes[0] != static_cast<char>(byte)) return false;
  }
  return true;
}

constexpr CharsetDef Plain(std::string_view name, Conversion conversion) {
  return {name, conversion, nullptr, nullptr, Layout::kNone, {}, false};
}
constexpr CharsetDef SingleByte(std::string_view name, const Utf8Table& table) {
  return {name, Conversion::kSingleByte, &table, nullptr, Layout::kNone, {}, LowHalfIsAscii(table)};
}
constexpr CharsetDef MultiByte(std::string_view name, const char* iconv_name, Layout layout = Layout::kNone,
                               std::span<const MultiByteException> exceptions = {}) {
  // Every multi-byte character set here maps 0x00-0x7F to ASCII, and such a byte is always a
  // whole character (checked against the server, see the exception tables).
  return {name, Conversion::kMultiByte, nullptr, iconv_name, layout, exceptions, true};
}

// clang-format off
constexpr CharsetDef kCharsets[] = {
    Plain("utf8mb4", Conversion::kUtf8),
    Plain("utf8mb3", Conversion::kUtf8),
    SingleByte("latin1", kUtf8TableOf<kLatin1Table>),
    Plain("ascii", Conversion::kAscii),
    Plain("binary", Conversion::kBinary),
    Plain("ucs2", Conversion::kUcs2),
    Plain("utf16", Conversion::kUtf16),
    Plain("utf16le", Conversion::kUtf16le),
    Plain("utf32", Conversion::kUtf32),
    SingleByte("armscii8", kUtf8TableOf<kArmscii8Table>),
    SingleByte("cp1250", kUtf8TableOf<kCp1250Table>),
    SingleByte("cp1251", kUtf8TableOf<kCp1251Table>),
    SingleByte("cp1256", kUtf8TableOf<kCp1256Table>),
    SingleByte("cp1257", kUtf8TableOf<kCp1257Table>),
    SingleByte("cp850", kUtf8TableOf<kCp850Table>),
    SingleByte("cp852", kUtf8TableOf<kCp852Table>),
    SingleByte("cp866", kUtf8TableOf<kCp866Table>),
    SingleByte("dec8", kUtf8TableOf<kDec8Table>),
    SingleByte("geostd8", kUtf8TableOf<kGeostd8Table>),
    SingleByte("greek", kUtf8TableOf<kGreekTable>),
    SingleByte("hebrew", kUtf8TableOf<kHebrewTable>),
    SingleByte("hp8", kUtf8TableOf<kHp8Table>),
    SingleByte("keybcs2", kUtf8TableOf<kKeybcs2Table>),
    SingleByte("koi8r", kUtf8TableOf<kKoi8rTable>),
    SingleByte("koi8u", kUtf8TableOf<kKoi8uTable>),
    SingleByte("latin2", kUtf8TableOf<kLatin2Table>),
    SingleByte("latin5", kUtf8TableOf<kLatin5Table>),
    SingleByte("latin7", kUtf8TableOf<kLatin7Table>),
    SingleByte("macce", kUtf8TableOf<kMacceTable>),
    SingleByte("macroman", kUtf8TableOf<kMacromanTable>),
    SingleByte("swe7", kUtf8TableOf<kSwe7Table>),
    SingleByte("tis620", kUtf8TableOf<kTis620Table>),
    // Multi-byte: the glibc converter that matches the server (checked over every 2-byte sequence).
    MultiByte("big5", "CP950", Layout::kDoubleByte, kBig5Exceptions),
    MultiByte("cp932", "CP932"),
    MultiByte("eucjpms", "EUC-JP-MS"),
    MultiByte("euckr", "CP949"),  // MySQL's euckr includes the CP949 extension
    MultiByte("gb2312", "EUC-CN"),
    MultiByte("gbk", "GBK"),
    MultiByte("gb18030", "GB18030"),  // MySQL only; not checked against a server
    MultiByte("sjis", "CP932", Layout::kShiftJis, kSjisExceptions),
    MultiByte("ujis", "EUC-JP-MS", Layout::kEucJp, kUjisExceptions),
};
// clang-format on
constexpr size_t kCharsetCount = std::size(kCharsets);

constexpr uint8_t CharsetIndex(std::string_view name) {
  for (size_t i = 0; i < kCharsetCount; ++i) {
    if (kCharsets[i].name == name) return static_cast<uint8_t>(i);
  }
  return UINT8_MAX;
}

// Collation ids below this are looked up directly; every known id is.
constexpr uint16_t kIdLimit = 4096;
constexpr uint16_t kNoCollation = UINT16_MAX;

struct CollationSlot {
  uint16_t collation_index = kNoCollation;  // into kCollations
  uint8_t charset_index = UINT8_MAX;        // into kCharsets
};

// MariaDB numbers its uca1400 collations 2048 + 256 * block + 8 * tailoring + flags, one block per
// character set (MariaDB strings/ctype-uca1400.h). Ids in a block that 10.11 does not list yet (a
// tailoring a later release adds) still get the block's character set for conversion.
constexpr uint16_t kUca1400First = 2048;
constexpr std::string_view kUca1400Blocks[] = {"utf8mb3", "utf8mb4", "ucs2", "utf16", "utf32"};

constexpr std::array<CollationSlot, kIdLimit> BuildCollationSlots() {
  std::array<CollationSlot, kIdLimit> slots{};
  for (size_t block = 0; block < std::size(kUca1400Blocks); ++block) {
    for (size_t offset = 0; offset < 256; ++offset) {
      slots[kUca1400First + 256 * block + offset].charset_index = CharsetIndex(kUca1400Blocks[block]);
    }
  }
  for (size_t i = 0; i < std::size(kCollations); ++i) {
    const CharsetInfo& info = kCollations[i];
    slots[info.collation_id] = {static_cast<uint16_t>(i), CharsetIndex(info.charset_name)};
  }
  return slots;
}

constexpr std::array<CollationSlot, kIdLimit> kCollationSlots = BuildCollationSlots();

constexpr bool EveryCollationHasACharset() {
  for (const CharsetInfo& info : kCollations) {
    if (info.collation_id >= kIdLimit || CharsetIndex(info.charset_name) == UINT8_MAX) return false;
  }
  return true;
}
static_assert(EveryCollationHasACharset(), "a collation names a character set kCharsets lacks");

constexpr bool ExceptionsSorted(std::span<const MultiByteException> exceptions) {
  for (size_t i = 1; i < exceptions.size(); ++i) {
    if (exceptions[i - 1].bytes >= exceptions[i].bytes) return false;
  }
  return true;
}
static_assert(ExceptionsSorted(kBig5Exceptions) && ExceptionsSorted(kSjisExceptions) &&
              ExceptionsSorted(kUjisExceptions));

// ---- UTF-8 -------------------------------------------------------------------------------------

// The number of leading bytes of s[0, n) below 0x80, checked 8 bytes at a time.
size_t AsciiPrefix(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i + 8 <= n) {
    uint64_t word;
    std::memcpy(&word, s + i, 8);
    if ((word & 0x8080808080808080ULL) != 0) break;
    i += 8;
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Returns the offset of the first byte that does not start a well-formed UTF-8 character
// (RFC 3629 table 3-7), or n when all of s[0, n) is well-formed.
size_t WellFormedUtf8Prefix(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    i += AsciiPrefix(s + i, n - i);
    if (i >= n) break;
    uint8_t b0 = s[i];
    size_t left = n - i;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      if (left < 2 || (s[i + 1] & 0xC0) != 0x80) return i;
      i += 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      if (left < 3) return i;
      uint8_t b1 = s[i + 1];
      uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80;  // E0: no overlongs
      uint8_t hi = b0 == 0xED ? 0x9F : 0xBF;  // ED: no surrogates
      if (b1 < lo || b1 > hi || (s[i + 2] & 0xC0) != 0x80) return i;
      i += 3;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      if (left < 4) return i;
      uint8_t b1 = s[i + 1];
      uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80;  // F0: no overlongs
      uint8_t hi = b0 == 0xF4 ? 0x8F : 0xBF;  // F4: nothing above U+10FFFF
      if (b1 < lo || b1 > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80) return i;
      i += 4;
    } else {
      return i;  // 80..C1 (continuation or overlong lead), F5..FF
    }
  }
  return n;
}

// Writes `cp` (<= U+10FFFF, not a surrogate) as UTF-8 at p; returns the end.
inline char* PutUtf8(uint32_t cp, char* p) {
  if (cp < 0x80) {
    *p++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *p++ = static_cast<char>(0xC0 | (cp >> 6));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *p++ = static_cast<char>(0xE0 | (cp >> 12));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *p++ = static_cast<char>(0xF0 | (cp >> 18));
    *p++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *p++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *p++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return p;
}

Status InvalidBytes(std::string_view charset, uint16_t collation_id, size_t offset,
                    std::string_view problem) {
  std::string detail(problem);
  detail.append(" at byte ");
  detail.append(std::to_string(offset));
  detail.append(" (collation id ");
  detail.append(std::to_string(collation_id));
  detail.append(")");
  std::string what(charset);
  what.append(" string");
  return Status::Corruption(what, detail);
}

// Converts with a per-character decoder. `decode(s, left, &cp)` returns the character's length in
// bytes (> 0) and sets cp, or 0 for an invalid character, or -1 for a truncated one.
// `max_utf8_per_byte`: the most UTF-8 bytes one input byte can become (rounded up).
template <typename Decode>
Status ConvertChars(std::string_view charset, uint16_t collation_id, ByteView bytes, size_t max_utf8_per_byte,
                    std::string* out, Decode decode) {
  const size_t old_size = out->size();
  out->resize(old_size + bytes.size() * max_utf8_per_byte);
  char* p = out->data() + old_size;
  const uint8_t* s = bytes.data();
  size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    uint32_t cp = 0;
    int len = decode(s + i, n - i, &cp);
    if (len <= 0) {
      out->resize(old_size);
      return InvalidBytes(charset, collation_id, i, len < 0 ? "truncated character" : "invalid character");
    }
    p = PutUtf8(cp, p);
    i += static_cast<size_t>(len);
  }
  out->resize(static_cast<size_t>(p - out->data()));
  return Status::OK();
}

// Single-byte character sets: one pass to check every byte and size the output, one to write it.
Status ConvertSingleByte(const CharsetDef& charset, uint16_t collation_id, ByteView bytes, std::string* out) {
  const uint8_t* s = bytes.data();
  const size_t n = bytes.size();
  const size_t ascii = charset.ascii_compatible ? AsciiPrefix(s, n) : 0;
  if (ascii == n) {
    out->append(reinterpret_cast<const char*>(s), n);
    return Status::OK();
  }
  const Utf8Table& table = *charset.table;
  size_t length = ascii;
  bool undefined = false;
  for (size_t i = ascii; i < n; ++i) {
    uint8_t char_length = table[s[i]].length;
    undefined |= char_length == 0;
    length += char_length;
  }
  if (undefined) {
    size_t i = ascii;
    while (table[s[i]].length != 0) ++i;
    return InvalidBytes(charset.name, collation_id, i, "undefined byte");
  }
  const size_t old_size = out->size();
  out->resize(old_size + length + 3);  // each character writes 4 bytes, then advances by its length
  char* p = out->data() + old_size;
  std::memcpy(p, s, ascii);
  p += ascii;
  for (size_t i = ascii; i < n; ++i) {
    const Utf8Char& c = table[s[i]];
    std::memcpy(p, &c, sizeof(c));
    p += c.length;
  }
  out->resize(old_size + length);
  return Status::OK();
}

// ---- iconv -------------------------------------------------------------------------------------

// One converter per character set, opened on first use, per thread (an iconv_t keeps shift state
// and may not be shared between threads).
class IconvCache {
 public:
  IconvCache() { cds_.fill(kUnopened); }
  ~IconvCache() {
    for (iconv_t cd : cds_) {
      if (cd != kUnopened && cd != kFailed) iconv_close(cd);
    }
  }
  IconvCache(const IconvCache&) = delete;
  IconvCache& operator=(const IconvCache&) = delete;

  // The converter from kCharsets[index] to UTF-8, or kFailed when glibc has none.
  iconv_t Get(uint8_t index) {
    iconv_t& cd = cds_[index];
    if (cd == kUnopened) {
      cd = iconv_open("UTF-8", kCharsets[index].iconv_name);  // (iconv_t)-1 == kFailed on failure
    }
    return cd;
  }

  static inline const iconv_t kUnopened = reinterpret_cast<iconv_t>(-2);
  static inline const iconv_t kFailed = reinterpret_cast<iconv_t>(-1);

 private:
  std::array<iconv_t, kCharsetCount> cds_;
};

IconvCache& ThreadIconvCache() {
  thread_local IconvCache cache;
  return cache;
}

// Converts bytes[begin, end) with `cd`, appending to *out. Offsets in errors are relative to bytes.
Status IconvRun(iconv_t cd, const CharsetDef& charset, uint16_t collation_id, ByteView bytes, size_t begin,
                size_t end, std::string* out) {
  if (begin == end) return Status::OK();
  iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset the shift state
  char* in = const_cast<char*>(reinterpret_cast<const char*>(bytes.data() + begin));
  size_t in_left = end - begin;
  size_t used = out->size();
  // One input byte gives at most 3 UTF-8 bytes in every character set converted here (a 1-byte
  // half-width katakana becomes 3 bytes; a 4-byte GB18030 sequence becomes 4); E2BIG grows anyway.
  out->resize(used + in_left * 3 + 8);
  bool flushing = false;  // after the input: let a stateful converter emit what it holds
  for (;;) {
    char* dst = out->data() + used;
    size_t dst_left = out->size() - used;
    size_t rc =
        flushing ? iconv(cd, nullptr, nullptr, &dst, &dst_left) : iconv(cd, &in, &in_left, &dst, &dst_left);
    used = static_cast<size_t>(dst - out->data());
    if (rc != static_cast<size_t>(-1)) {
      if (flushing) break;
      flushing = true;
      continue;
    }
    if (errno == E2BIG) {
      out->resize(out->size() + in_left * 4 + 16);
      continue;
    }
    size_t offset = static_cast<size_t>(reinterpret_cast<const uint8_t*>(in) - bytes.data());
    return InvalidBytes(charset.name, collation_id, offset,
                        errno == EINVAL ? "truncated character" : "invalid character");
  }
  out->resize(used);
  return Status::OK();
}

// Length of the character starting at s[0] by the character set's lead-byte rule (at least 1).
size_t CharLength(Layout layout, const uint8_t* s) {
  uint8_t b = s[0];
  switch (layout) {
    case Layout::kNone:
      return 1;
    case Layout::kShiftJis:
      return ((b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC)) ? 2 : 1;
    case Layout::kEucJp:
      if (b == 0x8F) return 3;
      return (b == 0x8E || (b >= 0xA1 && b <= 0xFE)) ? 2 : 1;
    case Layout::kDoubleByte:
      return (b >= 0x81 && b <= 0xFE) ? 2 : 1;
  }
  return 1;
}

const MultiByteException* FindException(std::span<const MultiByteException> exceptions, uint32_t key) {
  size_t lo = 0;
  size_t hi = exceptions.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (exceptions[mid].bytes < key) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < exceptions.size() && exceptions[lo].bytes == key ? &exceptions[lo] : nullptr;
}

Status ConvertMultiByte(uint8_t charset_index, uint16_t collation_id, ByteView bytes, std::string* out) {
  const CharsetDef& charset = kCharsets[charset_index];
  iconv_t cd = ThreadIconvCache().Get(charset_index);
  if (cd == IconvCache::kFailed) {
    return Status::NotSupported("character set " + std::string(charset.name),
                                "no iconv converter from " + std::string(charset.iconv_name) +
                                    " (collation id " + std::to_string(collation_id) + ")");
  }
  // ASCII bytes are whole characters that map to themselves: copy the ASCII prefix (often all).
  const size_t ascii = AsciiPrefix(bytes.data(), bytes.size());
  if (ascii == bytes.size()) {
    out->append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return Status::OK();
  }
  const size_t old_size = out->size();
  out->append(reinterpret_cast<const char*>(bytes.data()), ascii);
  Status status;
  if (charset.exceptions.empty()) {
    status = IconvRun(cd, charset, collation_id, bytes, ascii, bytes.size(), out);
  } else {
    // Walk the characters; convert runs without exceptions in one iconv call each.
    size_t run_start = ascii;
    size_t i = ascii;
    const size_t n = bytes.size();
    while (i < n && status.ok()) {
      size_t len = CharLength(charset.layout, bytes.data() + i);
      if (len == 1 || i + len > n) {
        i += 1;  // a truncated tail is left to iconv, which reports it
        continue;
      }
      uint32_t key = 0;
      for (size_t k = 0; k < len; ++k) key = key << 8 | bytes[i + k];
      const MultiByteException* exception = FindException(charset.exceptions, key);
      if (exception != nullptr) {
        status = IconvRun(cd, charset, collation_id, bytes, run_start, i, out);
        if (status.ok()) {
          char utf8[4];
          out->append(utf8, PutUtf8(exception->code_point, utf8));
        }
        run_start = i + len;
      }
      i += len;
    }
    if (status.ok()) status = IconvRun(cd, charset, collation_id, bytes, run_start, n, out);
  }
  if (!status.ok()) out->resize(old_size);
  return status;
}

// ---- fixed-width Unicode encodings ------------------------------------------------------------

inline bool IsSurrogate(uint32_t cp) {
  return cp >= 0xD800 && cp <= 0xDFFF;
}

int DecodeUcs2(const uint8_t* s, size_t left, uint32_t* cp) {
  if (left < 2) return -1;
  *cp = uint32_t{s[0]} << 8 | s[1];
  return IsSurrogate(*cp) ? 0 : 2;
}

template <bool kBigEndian>
int DecodeUtf16(const uint8_t* s, size_t left, uint32_t* cp) {
  auto unit = [&](size_t k) -> uint32_t {
    return kBigEndian ? (uint32_t{s[k]} << 8 | s[k + 1]) : (uint32_t{s[k + 1]} << 8 | s[k]);
  };
  if (left < 2) return -1;
  uint32_t high = unit(0);
  if (!IsSurrogate(high)) {
    *cp = high;
    return 2;
  }
  if (high >= 0xDC00) return 0;  // a lone low surrogate
  if (left < 4) return -1;
  uint32_t low = unit(2);
  if (low < 0xDC00 || low > 0xDFFF) return 0;
  *cp = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
  return 4;
}

int DecodeUtf32(const uint8_t* s, size_t left, uint32_t* cp) {
  if (left < 4) return -1;
  *cp = uint32_t{s[0]} << 24 | uint32_t{s[1]} << 16 | uint32_t{s[2]} << 8 | s[3];
  return (*cp > 0x10FFFF || IsSurrogate(*cp)) ? 0 : 4;
}

}  // namespace

const CharsetInfo* FindCollation(uint16_t collation_id) {
  if (collation_id >= kIdLimit) return nullptr;
  uint16_t index = kCollationSlots[collation_id].collation_index;
  return index == kNoCollation ? nullptr : &kCollations[index];
}

bool IsBinaryCollation(uint16_t collation_id) {
  return collation_id == 63;
}

bool IsValidUtf8(std::string_view text) {
  return WellFormedUtf8Prefix(reinterpret_cast<const uint8_t*>(text.data()), text.size()) == text.size();
}

Status AppendUtf8(uint16_t collation_id, ByteView bytes, std::string* out) {
  uint8_t charset_index = collation_id < kIdLimit ? kCollationSlots[collation_id].charset_index : UINT8_MAX;
  if (charset_index == UINT8_MAX) {
    return Status::NotSupported("collation id " + std::to_string(collation_id), "unknown collation");
  }
  const CharsetDef& charset = kCharsets[charset_index];
  switch (charset.conversion) {
    case Conversion::kUtf8: {
      size_t valid = WellFormedUtf8Prefix(bytes.data(), bytes.size());
      if (valid != bytes.size()) return InvalidBytes(charset.name, collation_id, valid, "invalid UTF-8");
      out->append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return Status::OK();
    }
    case Conversion::kAscii: {
      size_t ascii = AsciiPrefix(bytes.data(), bytes.size());
      if (ascii != bytes.size()) return InvalidBytes(charset.name, collation_id, ascii, "byte above 0x7F");
      out->append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return Status::OK();
    }
    case Conversion::kSingleByte:
      return ConvertSingleByte(charset, collation_id, bytes, out);
    case Conversion::kUcs2:
      return ConvertChars(charset.name, collation_id, bytes, 2, out, DecodeUcs2);
    case Conversion::kUtf16:
      return ConvertChars(charset.name, collation_id, bytes, 2, out, DecodeUtf16<true>);
    case Conversion::kUtf16le:
      return ConvertChars(charset.name, collation_id, bytes, 2, out, DecodeUtf16<false>);
    case Conversion::kUtf32:
      return ConvertChars(charset.name, collation_id, bytes, 1, out, DecodeUtf32);
    case Conversion::kMultiByte:
      return ConvertMultiByte(charset_index, collation_id, bytes, out);
    case Conversion::kBinary:
      return Status::NotSupported("collation id " + std::to_string(collation_id),
                                  "binary has no character set; its values are bytes");
  }
  return Status::NotSupported("collation id " + std::to_string(collation_id), "unhandled conversion");
}

}  // namespace cdc::binlog
