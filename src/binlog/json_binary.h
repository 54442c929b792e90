#pragma once

#include <string>

#include "base/byte_reader.h"
#include "base/status.h"

namespace cdc::binlog {

// MySQL's binary JSON (the storage format of a JSON column in row events), rendered as the text
// MySQL prints for it (SELECT of a JSON column, JSON_EXTRACT, JSON_UNQUOTE aside).
//
// Format: mysql-server include/json_binary.h ("JSON binary format" comment) and
// sql-common/json_binary.cc (parse_binary / parse_value). Printing: sql-common/json_dom.cc
// Json_wrapper::to_string / wrapper_to_string (", " and ": " separators, keys in stored order,
// strings escaped by print_string / escape_character, doubles by my_gcvt with the ".0" rule,
// opaque DATE/TIME/DATETIME/TIMESTAMP/NEWDECIMAL printed as values, other opaque types as
// "base64:type<N>:<data>").
//
// Thread-safe (stateless). Allocates only by appending to *out.

// Appends the text form of the binary JSON document `binary` to *out.
// An empty `binary` is JSON null: MySQL stores a zero-length value for a JSON column that holds
// SQL-non-NULL but empty data (Field_json::val_json treats length 0 as a JSON null literal).
// Returns Corruption if the bytes are malformed (unknown type, an offset or length past the end,
// nesting deeper than kMaxJsonDepth, invalid opaque temporal), in which case *out may hold a
// partial rendering appended after its original contents.
Status AppendJsonText(ByteView binary, std::string* out);

// MySQL rejects documents nested deeper than this (JSON_DOCUMENT_MAX_DEPTH in json_dom.h).
inline constexpr int kMaxJsonDepth = 100;

}  // namespace cdc::binlog
