#pragma once

#include <string_view>

#include "base/status.h"
#include "format/change_file_writer.h"

namespace cdc::format {

// Checks that a CSV dialect (DMS S3Settings) can be written so that a reader splits every row
// back into the same fields: non-empty delimiters, neither a prefix of the other, no quote in
// them under Rfc4180, and a CsvNullValue holding no byte that starts a delimiter and (under
// Rfc4180) no quote. InvalidArgument naming the setting otherwise. The writer and the reader
// both call it.
Status ValidateCsvSettings(const CsvSettings& csv);

}  // namespace cdc::format
