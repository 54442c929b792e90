#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/byte_reader.h"
#include "base/status.h"

namespace cdc::binlog {

class Decoder;
class EventSink;

struct FileReaderOptions {
  // Decode only events that start at or after this offset (0 = from the first event). The
  // FORMAT_DESCRIPTION_EVENT at offset 4 is always decoded. Must be an event boundary.
  uint64_t start_position = 0;
  // Stop before the first event that starts at or after this offset (0 = read to the end).
  uint64_t stop_position = 0;
  // Initial read buffer; it grows to hold the largest event.
  size_t buffer_size = size_t{1} << 20;
  // Largest event accepted (MySQL's max_allowed_packet ceiling is 1 GiB).
  uint64_t max_event_size = uint64_t{1} << 30;
};

// Reads a binlog file: checks the 4-byte magic (fe 'b' 'i' 'n'), then walks the events by their
// event_size, with bounds checks, and feeds each complete event to `decoder`, which calls `sink`.
// Before the first event it calls decoder->SetFile(<base name of path>), so positions name the file
// as the server does.
//
// Returns Corruption "Not a valid binary log" when the magic is wrong, Corruption naming the path and
// offset for an event cut off by the end of the file or with an implausible size, IOError when the
// file cannot be read, InvalidArgument for a start position inside an event, and the decoder's or
// sink's error otherwise (decoder errors name the binlog file and offset).
Status ReadBinlogFile(const std::string& path, Decoder* decoder, EventSink* sink, const FileReaderOptions& options = {});

// The same over an open file descriptor read sequentially (a pipe works, e.g. from gzip -dc).
// `display_name` is used in error messages, `binlog_name` is given to decoder->SetFile. Does not
// close `fd`.
Status ReadBinlogStream(int fd, std::string_view display_name, std::string binlog_name, Decoder* decoder,
                        EventSink* sink, const FileReaderOptions& options = {});

// The same over bytes already in memory (a mapped file, a fuzzer input). `bytes` must start with
// the magic.
Status ReadBinlogBytes(ByteView bytes, std::string_view display_name, std::string binlog_name, Decoder* decoder,
                       EventSink* sink, const FileReaderOptions& options = {});

}  // namespace cdc::binlog
