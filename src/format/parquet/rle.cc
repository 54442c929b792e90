#include "format/parquet/rle.h"

#include <algorithm>

namespace cdc::format::parquet {
namespace {

constexpr size_t kMinRleRun = 8;

void AppendVarint(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

size_t RunLength(std::span<const uint32_t> values, size_t start) {
  size_t end = start + 1;
  while (end < values.size() && values[end] == values[start]) ++end;
  return end - start;
}

// Bit-packs values [begin, end) padded with zeros to a multiple of 8.
void AppendBitPacked(std::span<const uint32_t> values, size_t begin, size_t end, int bit_width, std::string* out) {
  const size_t groups = (end - begin + 7) / 8;
  AppendVarint(groups << 1 | 1, out);
  uint64_t buffer = 0;
  int buffered_bits = 0;
  for (size_t value_idx = begin; value_idx < begin + groups * 8; ++value_idx) {
    const uint64_t value = value_idx < end ? values[value_idx] : 0;
    buffer |= value << buffered_bits;
    buffered_bits += bit_width;
    while (buffered_bits >= 8) {
      out->push_back(static_cast<char>(buffer & 0xff));
      buffer >>= 8;
      buffered_bits -= 8;
    }
  }
  // groups * 8 * bit_width is a multiple of 8 bits: nothing is left over.
}

}  // namespace

int BitWidth(uint64_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

void AppendRleHybrid(std::span<const uint32_t> values, int bit_width, std::string* out) {
  const size_t value_bytes = static_cast<size_t>((bit_width + 7) / 8);
  size_t pos = 0;
  while (pos < values.size()) {
    const size_t run = RunLength(values, pos);
    if (run >= kMinRleRun || bit_width == 0) {
      AppendVarint(uint64_t{run} << 1, out);
      for (size_t byte_idx = 0; byte_idx < value_bytes; ++byte_idx) {
        out->push_back(static_cast<char>((values[pos] >> (8 * byte_idx)) & 0xff));
      }
      pos += run;
      continue;
    }
    // Bit-pack whole groups of 8 until a group starts a long enough run (or the values end).
    size_t end = pos;
    while (end < values.size()) {
      end += 8;
      if (end >= values.size()) {
        end = values.size();
        break;
      }
      if (RunLength(values, end) >= kMinRleRun) break;
    }
    AppendBitPacked(values, pos, end, bit_width, out);
    pos = end;
  }
}

Status DecodeRleHybrid(std::string_view in, int bit_width, size_t count, std::vector<uint32_t>* out) {
  if (bit_width < 0 || bit_width > 32) return Status::Corruption("RLE hybrid", "bit width out of range");
  out->clear();
  out->reserve(std::min<size_t>(count, 1 << 16));  // runs may expand far past the input's size
  const size_t value_bytes = static_cast<size_t>((bit_width + 7) / 8);
  size_t pos = 0;
  while (out->size() < count) {
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
      if (pos >= in.size()) return Status::Corruption("RLE hybrid run header", "truncated");
      if (shift > 63) return Status::Corruption("RLE hybrid run header", "varint too long");
      const auto byte = static_cast<uint8_t>(in[pos++]);
      header |= uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80) == 0) break;
    }
    if ((header & 1) == 0) {
      const uint64_t run = header >> 1;
      if (value_bytes > in.size() - pos) return Status::Corruption("RLE hybrid run value", "truncated");
      uint32_t value = 0;
      for (size_t byte_idx = 0; byte_idx < value_bytes; ++byte_idx) {
        value |= uint32_t{static_cast<uint8_t>(in[pos + byte_idx])} << (8 * byte_idx);
      }
      pos += value_bytes;
      if (run == 0) return Status::Corruption("RLE hybrid", "empty RLE run");
      const size_t take = static_cast<size_t>(std::min<uint64_t>(run, count - out->size()));
      out->insert(out->end(), take, value);
      continue;
    }
    const uint64_t groups = header >> 1;
    if (groups == 0) return Status::Corruption("RLE hybrid", "empty bit-packed run");
    // Each group of 8 values takes bit_width bytes; a run must be whole.
    const auto width = static_cast<uint64_t>(bit_width);
    if (width != 0 && groups > (in.size() - pos) / width) {
      return Status::Corruption("RLE hybrid bit-packed run", "truncated");
    }
    const size_t run_end = pos + static_cast<size_t>(groups * width);
    const size_t wanted = count - out->size();
    const size_t take = groups >= wanted / 8 + 1 ? wanted : static_cast<size_t>(groups * 8);
    const uint64_t mask = bit_width == 32 ? 0xffffffffull : (uint64_t{1} << bit_width) - 1;
    uint64_t buffer = 0;
    int buffered_bits = 0;
    for (size_t value_idx = 0; value_idx < take; ++value_idx) {
      while (buffered_bits < bit_width) {
        buffer |= uint64_t{static_cast<uint8_t>(in[pos++])} << buffered_bits;
        buffered_bits += 8;
      }
      out->push_back(static_cast<uint32_t>(buffer & mask));
      buffer >>= bit_width;
      buffered_bits -= bit_width;
    }
    pos = run_end;  // the padding of the last group, and values past `count`
  }
  return Status::OK();
}

}  // namespace cdc::format::parquet
