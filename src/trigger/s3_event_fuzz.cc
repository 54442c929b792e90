// libFuzzer target for the S3 notification parser (outside bytes: the bodies that S3, MinIO or anyone
// POSTs to /api/v1/events). The only assertion is "no crash" (and, under the fuzz preset, no ASan/UBSan
// report); a body that parses must also survive being written back and parsed again.
// Seeds: fuzz_seeds/s3_event/ (an AWS and a MinIO body).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trigger/s3_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  cdc::Result<std::vector<cdc::trigger::ObjectCreated>> events = cdc::trigger::ParseS3Notification(body);
  if (!events.ok()) return 0;
  for (const cdc::trigger::ObjectCreated& event : *events) {
    cdc::Result<std::vector<cdc::trigger::ObjectCreated>> again =
        cdc::trigger::ParseS3Notification(cdc::trigger::ToS3EventJson(event));
    if (!again.ok() || again->size() != 1 || (*again)[0].key != event.key || (*again)[0].bucket != event.bucket) {
      std::abort();  // what we write must read back as it was
    }
  }
  return 0;
}
