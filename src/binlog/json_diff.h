#pragma once

#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/status.h"

namespace cdc::binlog {

// Applies the JSON diffs of one column of a PARTIAL_UPDATE_ROWS after-image to the text of the
// column's before-image, producing the full new document as MySQL would print it.
//
// `diffs` is the column's diff list as the server writes it (sql/json_diff.cc,
// Json_diff_vector::write_binary / read_binary): a sequence, up to the end of `diffs`, of
//   operation  1 byte: REPLACE=0, INSERT=1, REMOVE=2
//   path       packed length + path text, e.g. $.a[1] or $."key with space"[2]
//   value      REPLACE/INSERT only: packed length + binary JSON value (first byte = type)
// (the outer length of the whole list is read by the row decoder, not here).
//
// `base_json_text` is the before-image in our own rendering (AppendJsonText). It is parsed into
// a small DOM that keeps number tokens verbatim (9.00 stays 9.00, big integers stay exact);
// the diffs are applied with the semantics of apply_json_diffs (sql/json_diff.cc); the result
// is printed with MySQL's formatting and object keys in MySQL's binary order (length, then
// bytes), as the server re-serialises them.
//
// Appends the new document text to *out. Returns Corruption if `diffs` is malformed, if the
// base text is not JSON, or if a diff cannot be applied (MySQL's apply_json_diffs reports an
// error for a path that does not exist); *out may then hold a partial result.
// Thread-safe (stateless).
Status ApplyJsonDiffs(std::string_view base_json_text, ByteView diffs, std::string* out);

}  // namespace cdc::binlog
