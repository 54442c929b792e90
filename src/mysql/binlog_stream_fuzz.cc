// libFuzzer target for the parsers of outside bytes in src/mysql: dump-stream packets, event
// start offsets and information_schema ENUM/SET column types. The only assertion is "no crash".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mysql/binlog_stream.h"
#include "mysql/schema_hints.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cdc::ByteView input(data, size);
  cdc::ByteView event;
  cdc::Result<cdc::mysql::DumpPacketKind> kind = cdc::mysql::ParseDumpPacket(input, &event);
  if (kind.ok() && *kind == cdc::mysql::DumpPacketKind::kEvent) {
    (void)cdc::mysql::EventStartOffset(event);
  }
  (void)cdc::mysql::EventStartOffset(input);
  (void)cdc::mysql::ParseEnumSetLabels(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
