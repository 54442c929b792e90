#include "format/csv/csv_dialect.h"

#include <string>

namespace cdc::format {

Status ValidateCsvSettings(const CsvSettings& csv) {
  const std::string& delimiter = csv.delimiter;
  const std::string& row_delimiter = csv.row_delimiter;
  if (delimiter.empty()) return Status::InvalidArgument("CsvDelimiter", "must not be empty");
  if (row_delimiter.empty()) return Status::InvalidArgument("CsvRowDelimiter", "must not be empty");
  // A reader decides at each byte whether a field or a row ends there; that is ambiguous when one
  // delimiter starts the other.
  if (delimiter.starts_with(row_delimiter) || row_delimiter.starts_with(delimiter)) {
    return Status::InvalidArgument("CsvDelimiter and CsvRowDelimiter", "one must not start with the other");
  }
  if (csv.rfc4180) {
    if (delimiter.find('"') != std::string::npos) {
      return Status::InvalidArgument("CsvDelimiter", "must not contain '\"' when Rfc4180 is on");
    }
    if (row_delimiter.find('"') != std::string::npos) {
      return Status::InvalidArgument("CsvRowDelimiter", "must not contain '\"' when Rfc4180 is on");
    }
    // The null marker is written unquoted; an unquoted field cannot hold a quote.
    if (csv.null_value.find('"') != std::string::npos) {
      return Status::InvalidArgument("CsvNullValue", "must not contain '\"' when Rfc4180 is on");
    }
  }
  // The null marker is always written unquoted, so no delimiter may start inside it. Checking the
  // first byte (not the whole delimiter) also rules out a multi-byte delimiter that would begin in
  // the marker's tail and end in the delimiter written after it.
  if (csv.null_value.find(delimiter[0]) != std::string::npos) {
    return Status::InvalidArgument("CsvNullValue", "must not contain the first byte of CsvDelimiter");
  }
  if (csv.null_value.find(row_delimiter[0]) != std::string::npos) {
    return Status::InvalidArgument("CsvNullValue", "must not contain the first byte of CsvRowDelimiter");
  }
  return Status::OK();
}

}  // namespace cdc::format
