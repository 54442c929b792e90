// libFuzzer target for what lakefeed reads of an Iceberg table written by others: the metadata JSON,
// manifests and manifest lists. The first byte picks what the rest is fed to. The only assertion is
// "no crash" (and, under the fuzz preset, no ASan/UBSan report). Seeds: fuzz_seeds/iceberg_metadata/
// (a metadata file, a manifest and a manifest list lakefeed wrote, each behind its selector byte).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "iceberg/manifest.h"
#include "iceberg/table_metadata.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
    default: {
      cdc::Result<cdc::iceberg::TableMetadata> metadata = cdc::iceberg::DecodeMetadataJson(input);
      if (metadata.ok()) (void)cdc::iceberg::EncodeMetadataJson(*metadata);  // what decodes must encode
      return 0;
    }
    case 1:
      (void)cdc::iceberg::ReadManifest(input);
      return 0;
    case 2:
      (void)cdc::iceberg::ReadManifestList(input);
      return 0;
    case 3:
      (void)cdc::iceberg::DecodeSchemaJson(input);
      return 0;
  }
}
