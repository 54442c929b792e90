#pragma once

#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/status.h"

namespace cdc::binlog {

// MySQL's binary JSON (the storage format of a JSON column in row events), rendered as the text
// MySQL prints for it: what SELECT of a JSON column shows (strings quoted).
//
// Format: mysql-server include/json_binary.h ("JSON binary format" comment) and
// sql-common/json_binary.cc (parse_binary, parse_value, parse_scalar, Value::key/element).
// Printing: sql-common/json_dom.cc wrapper_to_string (", " and ": " separators, keys in stored
// order, strings escaped by double_quote/escape_character, doubles by my_gcvt plus the ".0"
// rule, opaque DATE/TIME/DATETIME/TIMESTAMP printed as quoted temporal strings with 6
// fractional digits, NEWDECIMAL as a bare number by decimal2string, VAR_STRING as a string, and
// every other opaque type as "base64:type<N>:<data>" with MySQL's 76-column line breaks).
// The grammar we follow is written down at the top of json_binary.cc.
//
// Thread-safe (stateless). Allocates only by appending to *out.

// MySQL rejects documents nested deeper than this (JSON_DOCUMENT_MAX_DEPTH in
// sql-common/json_syntax_check.cc): 100 nested arrays/objects print, 101 do not.
inline constexpr int kMaxJsonDepth = 100;

// Appends the text form of the binary JSON document `binary` to *out.
// An empty `binary` is the JSON null literal, as in MySQL's json_binary::parse_binary (an empty
// value reaches a JSON column through INSERT IGNORE or non-strict mode).
// Returns Corruption if the bytes are malformed: unknown type or literal, an offset, length or
// count that points past its container, nesting deeper than kMaxJsonDepth, a malformed opaque
// DECIMAL/temporal, a non-finite double, or values that overlap so that the text would grow
// beyond any document the server can store. *out may then hold a partial rendering after its
// original contents. Bytes after the top-level value are ignored, as the server ignores them.
Status AppendJsonText(ByteView binary, std::string* out);

// Appends `bytes` as a quoted JSON string the way MySQL's double_quote() does: '"' and '\\'
// and the control characters below 0x20 are escaped (\b \t \n \f \r, others as \u00xx with
// lower-case hex); everything else, including non-ASCII UTF-8 and invalid bytes, is copied.
void AppendJsonString(std::string_view bytes, std::string* out);

}  // namespace cdc::binlog
