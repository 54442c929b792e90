// libFuzzer target for AppendJsonText (binary JSON -> MySQL text). Seeds: fuzz_seeds/json_binary/
// (the fixtures of json_binary_test.cc). Checks, besides "no crash": the output stays within a
// linear bound of the input (no blow-up through shared sub-values), and on success the text is
// valid JSON that our DOM parser accepts.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "binlog/json_binary.h"
#include "binlog/json_dom.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string out;
  cdc::Status status = cdc::binlog::AppendJsonText(cdc::ByteView(data, size), &out);
  if (out.size() > 16 * size + 128) std::abort();
  if (status.ok()) {
    cdc::binlog::JsonNode node;
    if (!cdc::binlog::ParseJsonText(out, &node).ok()) std::abort();
  }
  return 0;
}
