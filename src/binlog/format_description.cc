#include "binlog/format_description.h"

#include <string>

namespace cdc::binlog {

namespace {

// Offsets inside the FDE body (MySQL control_events.h Format_description_event: ST_BINLOG_VER_OFFSET 0,
// ST_SERVER_VER_OFFSET 2, ST_SERVER_VER_LEN 50, ST_CREATED_OFFSET 52, ST_COMMON_HEADER_LEN_OFFSET 56).
// The fields are read in order: binlog_version u16, then the version, created u32 at 52 and the common
// header length u8 at 56.
constexpr size_t kServerVersionOffset = 2;
constexpr size_t kServerVersionLength = 50;
constexpr size_t kPostHeaderLengthsOffset = 57;
// BINLOG_CHECKSUM_ALG_DESC_LEN + BINLOG_CHECKSUM_LEN.
constexpr size_t kChecksumTrailer = 1 + kChecksumSize;

// The first server versions that write the checksum algorithm byte (log_event.cc
// checksum_version_split_mysql {5,6,1} and checksum_version_split_mariadb {5,3,0}).
constexpr ServerVersion kMysqlChecksumVersion{5, 6, 1};
constexpr ServerVersion kMariaChecksumVersion{5, 3, 0};

std::string_view ServerVersionText(ByteView raw_event) {
  std::string_view text = AsStringView(raw_event.subspan(kEventHeaderSize + kServerVersionOffset, kServerVersionLength));
  size_t nul = text.find('\0');
  return nul == std::string_view::npos ? text : text.substr(0, nul);
}

bool HasChecksumTrailer(std::string_view server_version) {
  ServerVersion version = SplitServerVersion(server_version);
  bool mariadb = server_version.find("MariaDB") != std::string_view::npos;
  return version >= (mariadb ? kMariaChecksumVersion : kMysqlChecksumVersion);
}

}  // namespace

ServerVersion SplitServerVersion(std::string_view text) {
  // As do_server_version_split() in the servers: up to three dot-separated numbers, each read up to
  // its first non-digit; the first non-digit that is not '.' ends the version.
  uint32_t parts[3] = {0, 0, 0};
  size_t pos = 0;
  for (int part_idx = 0; part_idx < 3; ++part_idx) {
    uint64_t value = 0;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 9) {
      value = value * 10 + static_cast<uint64_t>(text[pos] - '0');
      ++pos;
      ++digits;
    }
    parts[part_idx] = static_cast<uint32_t>(value);
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
    } else {
      break;
    }
  }
  return {parts[0], parts[1], parts[2]};
}

Result<ChecksumAlgorithm> DetectFdeChecksum(ByteView raw_event) {
  if (raw_event.size() < kEventHeaderSize + kPostHeaderLengthsOffset) {
    return Status::Corruption("FORMAT_DESCRIPTION_EVENT", "truncated: " + std::to_string(raw_event.size()) + " bytes");
  }
  if (!HasChecksumTrailer(ServerVersionText(raw_event))) return ChecksumAlgorithm::kOff;
  if (raw_event.size() < kEventHeaderSize + kPostHeaderLengthsOffset + kChecksumTrailer) {
    return Status::Corruption("FORMAT_DESCRIPTION_EVENT", "too short for the checksum algorithm and checksum");
  }
  uint8_t algorithm = raw_event[raw_event.size() - kChecksumTrailer];
  switch (algorithm) {
    case 0: return ChecksumAlgorithm::kOff;
    case 1: return ChecksumAlgorithm::kCrc32;
    case 255: return ChecksumAlgorithm::kUndefined;  // BINLOG_CHECKSUM_ALG_UNDEF: written by some relay logs
    default:
      return Status::Corruption("FORMAT_DESCRIPTION_EVENT", "unknown checksum algorithm " + std::to_string(algorithm));
  }
}

Result<FormatDescription> DecodeFormatDescription(ByteView raw_event) {
  CDC_ASSIGN_OR_RETURN(ChecksumAlgorithm checksum, DetectFdeChecksum(raw_event));
  ByteReader in(raw_event.subspan(kEventHeaderSize));
  FormatDescription format;
  format.checksum = checksum;
  (void)in.ReadU16(&format.binlog_version);  // length checked by DetectFdeChecksum
  format.server_version = std::string(ServerVersionText(raw_event));
  (void)in.Skip(kServerVersionLength);
  (void)in.ReadU32(&format.create_timestamp);
  (void)in.ReadU8(&format.common_header_length);
  if (format.common_header_length < kEventHeaderSize) {
    return Status::Corruption("FORMAT_DESCRIPTION_EVENT",
                              "common header length " + std::to_string(format.common_header_length) + " < 19");
  }
  size_t lengths = in.remaining();
  if (HasChecksumTrailer(format.server_version)) lengths -= kChecksumTrailer;  // checked by DetectFdeChecksum
  ByteView post_header_lengths;
  (void)in.ReadBytes(lengths, &post_header_lengths);
  format.post_header_lengths.assign(post_header_lengths.begin(), post_header_lengths.end());
  return format;
}

FormatDescription DefaultFormatDescription(ChecksumAlgorithm checksum) {
  FormatDescription format;
  format.binlog_version = 4;
  format.checksum = checksum;
  // MySQL 5.7 / 8.0 post-header lengths for types 1..42 (Format_description_event's
  // server_event_header_length), with TRANSACTION_PAYLOAD given 0 since its body is read from the
  // start regardless.
  format.post_header_lengths = {56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 98, 0, 4, 26, 8, 0, 0,
                                0, 8, 8, 8, 2, 0, 0, 0, 10, 10, 10, 42, 42, 0, 18, 52, 0, 10, 0, 0, 0};
  return format;
}

}  // namespace cdc::binlog
