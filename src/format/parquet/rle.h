#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

// The RLE / bit-packing hybrid of the Parquet format (apache/parquet-format Encodings.md, "Run
// Length Encoding / Bit-Packing Hybrid"), used for definition levels and dictionary indices:
//   run            := rle-run | bit-packed-run
//   rle-run        := varint(count << 1) value   (value in ceil(bit_width / 8) bytes, little-endian)
//   bit-packed-run := varint(groups << 1 | 1) then groups * 8 values packed bit_width bits each,
//                     least significant bit first.
// No length prefix: the caller adds the 4-byte length that v1 definition levels carry.
namespace cdc::format::parquet {

// Number of bits needed for values 0..max_value (0 for max_value 0).
int BitWidth(uint64_t max_value);

// Appends `values` (each < 2^bit_width, bit_width 0..32) to *out. Runs of 8 or more equal values
// become RLE runs; the rest is bit-packed in groups of 8, the last group padded with zeros.
void AppendRleHybrid(std::span<const uint32_t> values, int bit_width, std::string* out);

// Decodes `count` values of `bit_width` bits from the start of `in` into *out (replacing its
// contents). Corruption when `in` ends early or a header is malformed.
Status DecodeRleHybrid(std::string_view in, int bit_width, size_t count, std::vector<uint32_t>* out);

}  // namespace cdc::format::parquet
