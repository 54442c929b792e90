// libFuzzer target for the Parquet reader (outside bytes: our files, DMS's and Spark's). The first
// byte picks what the rest is fed to: a whole file (footer, then every column), a footer alone, a
// page header alone, or an RLE/bit-packed run. The only assertion is "no crash" (and, under the
// fuzz preset, no ASan/UBSan report). Seeds: fuzz_seeds/parquet_reader/ (small files lakefeed wrote).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_reader.h"
#include "format/parquet/rle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
    default: {
      cdc::Result<cdc::format::parquet::ParquetFileReader> reader =
          cdc::format::parquet::ParquetFileReader::Open(std::string(input));
      if (!reader.ok()) return 0;
      reader->set_max_values(size_t{1} << 16);
      for (size_t column_idx = 0; column_idx < reader->column_count(); ++column_idx) {
        (void)reader->ReadColumn(column_idx);
      }
      return 0;
    }
    case 1:
      (void)cdc::format::parquet::DecodeFileMetaData(input);
      return 0;
    case 2: {
      size_t consumed = 0;
      (void)cdc::format::parquet::DecodePageHeader(input, &consumed);
      return 0;
    }
    case 3: {
      if (input.empty()) return 0;
      std::vector<uint32_t> values;
      (void)cdc::format::parquet::DecodeRleHybrid(input.substr(1), static_cast<uint8_t>(input[0]) % 34, 1 << 12,
                                                  &values);
      return 0;
    }
  }
}
