// libFuzzer target for the CSV change-file reader (outside bytes: our files and DMS's). The first
// byte picks a dialect and whether the rest is gzip; the only assertion is "no crash" (and, under
// the fuzz preset, no ASan/UBSan report).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "format/csv/csv_reader.h"

namespace {

cdc::format::CsvSettings Dialect(uint8_t selector) {
  cdc::format::CsvSettings csv;
  switch (selector % 6) {
    case 0:  // DMS defaults
      break;
    case 1:
      csv.null_value = "";
      break;
    case 2:
      csv.delimiter = "\t";
      csv.row_delimiter = "\r\n";
      csv.null_value = "\\N";
      break;
    case 3:
      csv.delimiter = "::";
      csv.row_delimiter = "\n~";
      break;
    case 4:
      csv.rfc4180 = false;
      break;
    case 5:
      csv.delimiter = "<>";
      csv.row_delimiter = "<\n";
      csv.null_value = "(null)";
      break;
  }
  return csv;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto compression =
      (selector & 0x80) != 0 ? cdc::format::Compression::kGzip : cdc::format::Compression::kNone;
  auto reader = cdc::format::CsvReader::FromBytes(input, Dialect(selector), compression);
  if (!reader.ok()) return 0;
  cdc::format::CsvRow row;
  size_t bytes = 0;
  while (true) {
    cdc::Result<bool> more = (*reader)->Next(&row);
    if (!more.ok() || !*more) break;
    for (size_t field_idx = 0; field_idx < row.size(); ++field_idx) {
      bytes += row.field(field_idx).size() + (row.is_null(field_idx) ? 1 : 0);
    }
  }
  (void)bytes;
  return 0;
}
