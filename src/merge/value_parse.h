#pragma once

#include <string_view>

#include "base/status.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

// The inverse of model::AppendValueText: a value's text form (docs/value-text.md, the form lakefeed's
// CSV change files use) back into the cell a decoder would have stored. Used by the merge to read CSV
// change files; the text form is lossless, so a value read back is the value written.
namespace cdc::merge {

// Appends the cell whose text is `text` to *column, for a column described by `column_schema` (its
// ValueKind, labels and fraction digits). The rules, by kind: integers, BIT and YEAR in decimal;
// FLOAT/DOUBLE as std::from_chars reads them ("nan", "inf", "-0" included; a FLOAT must be a
// binary32 value); DECIMAL as exact text (checked, copied); DATE "YYYY-MM-DD", TIME "[-]H..H:MM:SS[.f]",
// DATETIME and TIMESTAMP "YYYY-MM-DD HH:MM:SS[.f]" (TIMESTAMP in UTC; "0000-00-00 00:00:00" is MySQL's
// zero timestamp); ENUM the label ("" is index 0) or a decimal index; SET comma-joined labels or a
// decimal mask; strings and JSON as they are; binary and GEOMETRY as hex; UUID "8-4-4-4-12" hex;
// INET4 dotted quad; INET6 any text inet_pton reads; VECTOR "[f,f,...]".
// Corruption naming the column and the (truncated) text when the text does not parse; *column is then
// unchanged.
Status AppendCellFromText(const model::ColumnSchema& column_schema, std::string_view text, model::ColumnVector* column);

}  // namespace cdc::merge
