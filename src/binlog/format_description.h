#pragma once

#include <cstdint>

#include "base/byte_reader.h"
#include "base/result.h"
#include "binlog/event_header.h"

namespace cdc::binlog {

// FORMAT_DESCRIPTION_EVENT (type 15), binlog v4. MySQL libbinlogevents Format_description_event
// (control_events.cpp), MariaDB sql/log_event.cc Format_description_log_event. Body:
//   binlog_version u16, server_version char[50] (NUL padded), create_timestamp u32,
//   common_header_length u8, post_header_lengths u8[n], and, from MySQL 5.6.1 / MariaDB 5.3, the
//   checksum algorithm u8 (0 OFF, 1 CRC32) followed by the event's 4-byte checksum.
// Older servers (MySQL < 5.6.1) write neither: then the checksum is kOff.

// Splits "5.7.21-log" into {5, 7, 21} (digits up to the first non-digit of each part; missing
// parts are 0), like the servers' do_server_version_split().
struct ServerVersion {
  uint32_t major = 0, minor = 0, patch = 0;
  auto operator<=>(const ServerVersion&) const = default;
};
ServerVersion SplitServerVersion(std::string_view server_version);

// Reads only what checksum detection needs from a whole FDE (header + body + maybe checksum):
// the server version at its fixed place and, for servers that write it, the algorithm byte at
// event_size - 5. Does not depend on decoding the post-header lengths. Corruption when the event
// is too short to hold a version.
Result<ChecksumAlgorithm> DetectFdeChecksum(ByteView raw_event);

// Decodes a whole FDE event (`raw_event` = header + body + checksum if any). Corruption when it is
// shorter than its fixed fields or its common header length is < 19.
Result<FormatDescription> DecodeFormatDescription(ByteView raw_event);

// The format implied before any FDE (or for binlog v1/v3 START events): the post-header lengths
// MySQL uses for binlog v4 events, checksum `checksum`.
FormatDescription DefaultFormatDescription(ChecksumAlgorithm checksum);

}  // namespace cdc::binlog
