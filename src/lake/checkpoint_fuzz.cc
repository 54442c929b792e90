// libFuzzer target for DecodeCheckpoint: a checkpoint is outside input (anyone with write access to
// the lake can change it). Input: the JSON text. Seeds: fuzz_seeds/checkpoint/ (checkpoints as
// EncodeCheckpoint writes them, full and empty, plus near misses).
// Checks, besides "no crash": a checkpoint that decodes encodes again, and that encoding decodes to
// a checkpoint that encodes to the same bytes (what a retried commit compares).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "lake/checkpoint.h"
#include "lake/layout.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  cdc::Result<cdc::lake::Checkpoint> decoded = cdc::lake::DecodeCheckpoint(json, "fuzz/input.json");
  if (!decoded.ok()) {
    if (!decoded.status().IsCorruption() && !decoded.status().IsNotSupported()) std::abort();
    return 0;
  }
  cdc::Result<std::string> encoded = cdc::lake::EncodeCheckpoint(*decoded);
  if (!encoded.ok()) std::abort();
  cdc::Result<cdc::lake::Checkpoint> again =
      cdc::lake::DecodeCheckpoint(*encoded, cdc::lake::CheckpointKey(decoded->number));
  if (!again.ok()) std::abort();
  cdc::Result<std::string> encoded_again = cdc::lake::EncodeCheckpoint(*again);
  if (!encoded_again.ok() || *encoded_again != *encoded) std::abort();
  return 0;
}
