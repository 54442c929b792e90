#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/status.h"

namespace cdc::binlog {

// Facts about a MySQL/MariaDB collation id (information_schema.COLLATIONS.ID): the collation's
// name, its character set name and the character set's maximum bytes per character (MAXLEN).
// The table covers MySQL 5.7/8.x/9.x (including the utf8mb4_0900_* ids 255..323) and MariaDB
// 10.x/11.x (including the utf8mb4_uca1400_* ids from 2048 on). Where the two servers give one id
// different names (MariaDB reuses no MySQL id for another character set), the character set is
// the same, so the conversion is the same.
struct CharsetInfo {
  uint16_t collation_id;
  std::string_view collation_name;
  std::string_view charset_name;
  uint8_t max_bytes_per_char;
};

// The table entry for `collation_id`, or nullptr when the id is unknown. (AppendUtf8 also converts
// the unlisted ids of MariaDB's uca1400 blocks, 2048..3327, whose character set the id encodes.) Entries are
// static: the pointer stays valid for the life of the program. Thread-safe.
const CharsetInfo* FindCollation(uint16_t collation_id);

// True for 63 (`binary`): bytes without a character set, stored as model::ValueKind::kBinary.
bool IsBinaryCollation(uint16_t collation_id);

// Appends `bytes`, encoded in the character set of `collation_id`, to *out as UTF-8.
//
//   utf8mb3, utf8mb4, ascii: validated, then appended unchanged (no allocation beyond *out).
//   latin1: MySQL's latin1, i.e. cp1252 with the five bytes cp1252 leaves undefined (0x81, 0x8D,
//     0x8F, 0x90, 0x9D) mapped to U+0081.. as MySQL's strings/ctype-latin1.cc does; every byte is valid.
//   ucs2, utf16, utf16le, utf32: decoded here (MySQL's ucs2/utf16/utf32 are big-endian).
//   the other character sets: through glibc iconv, one converter per character set per thread.
//
// Errors (on error *out is left as it was on entry):
//   NotSupported naming the id when the collation is unknown, is `binary` (63), or its character set
//     cannot be converted (e.g. no iconv converter for it on this machine);
//   Corruption naming the character set and byte offset when `bytes` is not a well-formed string of
//     that character set (an invalid or truncated sequence, a surrogate, a code point over U+10FFFF).
//     Nothing is replaced or dropped: a value is converted exactly or not at all (docs/value-text.md).
//
// Thread-safe (the iconv converters are thread_local).
Status AppendUtf8(uint16_t collation_id, ByteView bytes, std::string* out);

// True when `text` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace cdc::binlog
