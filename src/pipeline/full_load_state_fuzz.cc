// libFuzzer target for the full-load state a checkpoint carries (read back from the target store, so
// outside input): ReadFullLoadProgress parses it as FullLoad::Restore does. Besides "no crash", a failure
// is Corruption or NotSupported, never anything else.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/full_load.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  cdc::Result<std::vector<cdc::pipeline::TableLoadProgress>> progress = cdc::pipeline::ReadFullLoadProgress(json);
  if (!progress.ok() && !progress.status().IsCorruption() && !progress.status().IsNotSupported()) std::abort();
  return 0;
}
