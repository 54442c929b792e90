// libFuzzer target for AppendUtf8: the first two bytes choose a collation id (little-endian,
// folded into the range of known ids), the rest is the string. Checks, besides "no crash":
// a success appends well-formed UTF-8; a failure leaves the output as it was.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "binlog/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint16_t collation_id = static_cast<uint16_t>((data[0] | data[1] << 8) % 3400);
  cdc::ByteView bytes(data + 2, size - 2);
  std::string out = "prefix";
  cdc::Status status = cdc::binlog::AppendUtf8(collation_id, bytes, &out);
  if (status.ok()) {
    if (out.compare(0, 6, "prefix") != 0) std::abort();
    if (!cdc::binlog::IsValidUtf8(std::string_view(out).substr(6))) std::abort();
  } else if (out != "prefix") {
    std::abort();
  }
  return 0;
}
