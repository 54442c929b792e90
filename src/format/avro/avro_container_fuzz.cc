// libFuzzer target for the Avro container reader (outside bytes: manifests and manifest lists other
// Iceberg writers made). The first byte picks what the rest is fed to: a whole container file, or a
// schema JSON. The only assertion is "no crash" (and, under the fuzz preset, no ASan/UBSan report).
// Seeds: fuzz_seeds/avro_container/ (small files lakefeed wrote).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "format/avro/avro_container.h"
#include "format/avro/avro_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  cdc::format::avro::ReadLimits limits;
  limits.max_objects = 1 << 16;
  limits.max_block_bytes = 1 << 22;
  switch (data[0] % 2) {
    case 0:
    default:
      (void)cdc::format::avro::ReadContainer(input, limits);
      return 0;
    case 1:
      (void)cdc::format::avro::ParseSchema(input);
      return 0;
  }
}
