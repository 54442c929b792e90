#include "binlog/event_header.h"

namespace cdc::binlog {

// Layout: MySQL libs/mysql/binlog/event/binlog_event.h Log_event_header (LOG_EVENT_HEADER_LEN = 19),
// MariaDB sql/log_event.h (LOG_EVENT_HEADER_LEN).
Result<EventHeader> DecodeEventHeader(ByteReader& in) {
  if (in.remaining() < kEventHeaderSize) {
    return Status::Corruption("binlog event header", "truncated: " + std::to_string(in.remaining()) + " of 19 bytes");
  }
  EventHeader header;
  uint32_t event_size = 0;
  // The reads cannot fail: 19 bytes are there.
  (void)in.ReadU32(&header.timestamp);
  (void)in.ReadU8(&header.type_code);
  (void)in.ReadU32(&header.server_id);
  (void)in.ReadU32(&event_size);
  (void)in.ReadU32(&header.log_pos);
  (void)in.ReadU16(&header.flags);
  header.event_size = event_size;
  if (header.event_size < kEventHeaderSize) {
    return Status::Corruption("binlog event header",
                              "event_size " + std::to_string(header.event_size) + " is below the 19-byte header");
  }
  return header;
}

std::string_view ToString(ChecksumAlgorithm algorithm) {
  switch (algorithm) {
    case ChecksumAlgorithm::kOff: return "NONE";
    case ChecksumAlgorithm::kCrc32: return "CRC32";
    case ChecksumAlgorithm::kUndefined: return "UNDEFINED";
  }
  return "UNKNOWN";
}

}  // namespace cdc::binlog
