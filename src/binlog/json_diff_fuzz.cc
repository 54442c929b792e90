// libFuzzer target for ApplyJsonDiffs. Input: base-text length (u16 little-endian), the base
// JSON text, then the diff bytes. Seeds: fuzz_seeds/json_diff/ (fixtures of json_diff_test.cc).
// Checks, besides "no crash": on success the result is valid JSON, and printing it again
// through the DOM gives the same text (the output is already in MySQL's canonical form).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "binlog/json_diff.h"
#include "binlog/json_dom.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t base_size = data[0] | size_t{data[1]} << 8;
  if (base_size > size - 2) base_size = size - 2;
  const std::string_view base(reinterpret_cast<const char*>(data + 2), base_size);
  const cdc::ByteView diffs(data + 2 + base_size, size - 2 - base_size);
  std::string out;
  cdc::Status status = cdc::binlog::ApplyJsonDiffs(base, diffs, &out);
  if (status.ok()) {
    cdc::binlog::JsonNode node;
    if (!cdc::binlog::ParseJsonText(out, &node).ok()) std::abort();
    std::string again;
    if (!cdc::binlog::AppendJsonDomText(node, &again).ok() || again != out) std::abort();
  }
  return 0;
}
