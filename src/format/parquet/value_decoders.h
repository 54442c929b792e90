#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

// Decoders of the value encodings that other writers use and lakefeed does not write (DuckDB and
// parquet-mr use them for format version 2.0 files), following apache/parquet-format Encodings.md:
//   DELTA_BINARY_PACKED  header: <block size> <miniblocks per block> <total count> <first value (zigzag)>
//                        (varints); then blocks: <min delta (zigzag varint)> <one bit-width byte per
//                        miniblock> <miniblocks, each (block size / miniblocks) values bit-packed LSB
//                        first>; value[i] = value[i-1] + min delta + packed[i]. A miniblock past the
//                        last value has a width byte but no data.
//   DELTA_LENGTH_BYTE_ARRAY  the lengths as DELTA_BINARY_PACKED, then the bytes back to back.
//   DELTA_BYTE_ARRAY     prefix lengths (DELTA_BINARY_PACKED), then suffixes (DELTA_LENGTH_BYTE_ARRAY);
//                        value[i] = value[i-1][0, prefix[i]) + suffix[i].
//   BYTE_STREAM_SPLIT    byte k of value i is byte i of stream k; `width` streams of `count` bytes.
// Each returns Corruption when the bytes end early or are malformed.
namespace cdc::format::parquet {

// Decodes a whole DELTA_BINARY_PACKED run from the start of `in` (its header says how many values,
// at most `max_count`), appending to *out in 64-bit wrap-around arithmetic (INT32 columns take the
// low 32 bits). *consumed gets the bytes the run took.
Status DecodeDeltaBinaryPacked(std::string_view in, size_t max_count, std::vector<uint64_t>* out, size_t* consumed);

// Decodes `count` byte arrays, appending to *out.
Status DecodeDeltaLengthByteArray(std::string_view in, size_t count, std::vector<std::string>* out);
Status DecodeDeltaByteArray(std::string_view in, size_t count, std::vector<std::string>* out);

// Decodes `count` values of `width` bytes, appending each value's bytes to *out (little-endian
// values, as PLAIN would have them).
Status DecodeByteStreamSplit(std::string_view in, size_t count, size_t width, std::string* out);

}  // namespace cdc::format::parquet
