#pragma once

#include <string>

#include "model/change_batch.h"
#include "model/table_schema.h"

namespace cdc::model {

// Appends the text form of cell `i` of `column` -- the form lakefeed's CSV files use -- to *out.
// The cell must hold a value (CellState::kValue). The rules, one per ValueKind, are documented in
// docs/value-text.md:
//   integers in decimal; FLOAT/DOUBLE as the shortest text that reads back to the same value;
//   DECIMAL exactly as stored; DATE 'YYYY-MM-DD'; TIME '[-]HH:MM:SS[.f]' (fsp digits);
//   DATETIME 'YYYY-MM-DD HH:MM:SS[.f]'; TIMESTAMP the same, in UTC; zero dates kept as zeros;
//   YEAR 4 digits; BIT as an unsigned decimal; ENUM the label; SET comma-joined labels
//   (the index/bitmask in decimal when labels are unknown); strings as UTF-8; binary, GEOMETRY
//   as uppercase hex (like SELECT HEX()); JSON as text; UUID/INET as MariaDB prints them;
//   VECTOR as a JSON array of floats.
void AppendValueText(const ColumnSchema& column_schema, const ColumnVector& column, size_t i, std::string* out);

}  // namespace cdc::model
