#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/column_info.h"
#include "harness/mariadb_binlog_text.h"
#include "harness/mariadb_client.h"

namespace cdc::harness {

// Puts a decoded value (lakefeed's text form, docs/value-text.md) and an oracle's value in the same form
// and compares them. Each function returns "" when they agree, else a one-line explanation naming the
// column type, the oracle's value and the decoded value.

// How MariaDB's UUID/INET4/INET6 columns appear in the decoded output. The binlog carries only their bytes
// (a BINARY(16)/BINARY(4) column); live mode learns the type from information_schema and prints the text
// form, offline mode prints the bytes as hex.
enum class ExtendedTypes { kAsText, kAsBinary };

// What the decoder could know when it printed the values.
struct OracleMode {
  ExtendedTypes extended = ExtendedTypes::kAsText;
  // false: ENUM/SET labels were unknown (offline decode of a MINIMAL-metadata binlog), so the decoder
  // prints the ENUM index and the SET bitmask in decimal.
  bool labels_known = true;
  // true: the labels came from information_schema (live mode without FULL metadata), where MariaDB shows a
  // 4-byte character of a label as '?'; the expected label is then ColumnInfo::server_labels[index].
  bool labels_from_information_schema = false;
};

// The SELECT expression for a column whose result is lakefeed's text form (or, for FLOAT/DOUBLE, a number
// that CompareWithSelect compares numerically): HEX() for binary and geometry, CAST(... AS UNSIGNED) for
// BIT, the plain column otherwise (the server runs in UTC, so TIMESTAMP text is UTC).
std::string SelectExpression(const ColumnInfo& column);

// Oracle 1: a decoded cell against the SELECT result for the same row and column.
std::string CompareWithSelect(const ColumnInfo& column, const Cell& decoded, const Cell& selected,
                              OracleMode mode = {});

// Oracle 2: a decoded cell against the value `mariadb-binlog -vv` printed, using the rules of
// MARIADB-BINLOG-FORMAT.md: ENUM index -> label, SET bit string -> labels, DATE colons -> dashes,
// TIMESTAMP epoch -> UTC text, "-1 (255)" -> the unsigned value for UNSIGNED columns, FLOAT via %g and
// DOUBLE via %.20g of the decoded number, BIT bits -> decimal, YEAR 1900 (stored 0) -> 0000; strings and
// bytes by quoting the decoded value's bytes the way mariadb-binlog does (UTF-8 converted back to the
// column's charset; hex decoded). BINARY(n), UUID, INET4, INET6: the binlog omits trailing 0x00 bytes, so
// they are removed from the decoded value before quoting.
std::string CompareWithVerbose(const ColumnInfo& column, const Cell& decoded, const VerboseValue& theirs,
                               OracleMode mode = {});

// --- conversions used by the oracles (exposed for unit tests) ---

// A SELECTed ENUM label -> its 1-based index ("" -> 0), a SET's comma-joined labels -> the bitmask, both in
// decimal; nullopt when a label is not a member.
std::optional<std::string> LabelsToNumber(const ColumnInfo& column, std::string_view selected);
// Inverse: an ENUM index (0 -> "") or SET bitmask -> labels, from ColumnInfo::labels or ::server_labels; an
// index past the last label or a set bit without a label gives the number in decimal (docs/value-text.md).
std::string NumberToLabels(const ColumnInfo& column, uint64_t number, bool server_labels);

// MySQL's latin1 is Windows-1252 with 0x81, 0x8D, 0x8F, 0x90, 0x9D mapped to the C1 controls.
std::string Latin1ToUtf8(std::string_view latin1);
// Inverse; false when a character has no latin1 byte or the UTF-8 is malformed.
bool Utf8ToLatin1(std::string_view utf8, std::string* latin1);
std::string HexUpper(std::string_view bytes);
// false on odd length or a non-hex digit.
bool FromHex(std::string_view hex, std::string* bytes);
// "sec[.frac]" (UTC epoch as mariadb-binlog prints TIMESTAMP) -> "YYYY-MM-DD HH:MM:SS[.frac]";
// 0 -> "0000-00-00 00:00:00[.000]". nullopt when malformed.
std::optional<std::string> EpochToUtcText(std::string_view epoch);
// b'...' digits (my_b_write_bit over the field's bytes) -> the unsigned value, for BIT (big-endian
// storage) or SET (little-endian storage). nullopt when longer than 64 bits.
std::optional<uint64_t> BitsToUnsigned(std::string_view bits, bool little_endian_bytes);
// The bytes of MariaDB's UUID/INET4/INET6 row image from their text form; nullopt when malformed.
std::optional<std::string> ExtendedTextToBytes(std::string_view data_type, std::string_view text);

}  // namespace cdc::harness
