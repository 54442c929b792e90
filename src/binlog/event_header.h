#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"
#include "binlog/event_type.h"

namespace cdc::binlog {

// The v4 common event header (MySQL libbinlogevents Log_event_header; MariaDB sql/log_event.h):
// timestamp u32, type u8, server_id u32, event_size u32, log_pos u32, flags u16. All little-endian.
inline constexpr size_t kEventHeaderSize = 19;
inline constexpr size_t kChecksumSize = 4;
// Every binlog file starts with these 4 bytes: 0xfe 'b' 'i' 'n'.
inline constexpr uint8_t kBinlogMagic[4] = {0xfe, 0x62, 0x69, 0x6e};

// Header flags (LOG_EVENT_*_F).
inline constexpr uint16_t kEventFlagBinlogInUse = 0x0001;
inline constexpr uint16_t kEventFlagArtificial = 0x0020;
inline constexpr uint16_t kEventFlagIgnorable = 0x0080;

struct EventHeader {
  uint32_t timestamp = 0;   // epoch seconds when the statement started
  uint8_t type_code = 0;    // raw type byte; may be a code EventType does not name
  uint32_t server_id = 0;
  uint32_t event_size = 0;  // header + body + checksum
  uint32_t log_pos = 0;     // offset just after this event in the primary's binlog; 0 for artificial/inner
  uint16_t flags = 0;
  EventType type() const { return static_cast<EventType>(type_code); }
};

// Reads the 19-byte header. Corruption when fewer bytes remain or event_size < 19.
Result<EventHeader> DecodeEventHeader(ByteReader& in);

enum class ChecksumAlgorithm : uint8_t { kOff = 0, kCrc32 = 1, kUndefined = 255 };
std::string_view ToString(ChecksumAlgorithm algorithm);

// What the FORMAT_DESCRIPTION_EVENT says about the events that follow it.
struct FormatDescription {
  uint16_t binlog_version = 4;
  std::string server_version;  // e.g. "8.0.28" or "10.11.19-MariaDB-log"
  uint32_t create_timestamp = 0;
  uint8_t common_header_length = kEventHeaderSize;
  // post_header_lengths[type_code - 1] is the fixed post-header size of that event type.
  std::vector<uint8_t> post_header_lengths;
  ChecksumAlgorithm checksum = ChecksumAlgorithm::kOff;

  // The post-header length of `type`, or `fallback` when the FDE does not list that type.
  uint8_t PostHeaderLength(EventType type, uint8_t fallback) const {
    size_t index = static_cast<size_t>(type) - 1;
    return index < post_header_lengths.size() ? post_header_lengths[index] : fallback;
  }
  bool is_mariadb() const { return server_version.find("MariaDB") != std::string::npos; }
};

}  // namespace cdc::binlog
