#include "format/parquet/value_decoders.h"

namespace cdc::format::parquet {
namespace {

Status ReadVarint(std::string_view in, size_t* pos, uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= in.size()) return Status::Corruption("DELTA_BINARY_PACKED varint", "truncated");
    const auto byte = static_cast<uint8_t>(in[(*pos)++]);
    result |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return Status::OK();
    }
  }
  return Status::Corruption("DELTA_BINARY_PACKED varint", "longer than 10 bytes");
}

uint64_t UnZigZag(uint64_t value) {
  return (value >> 1) ^ (~(value & 1) + 1);
}

}  // namespace

Status DecodeDeltaBinaryPacked(std::string_view in, size_t max_count, std::vector<uint64_t>* out, size_t* consumed) {
  size_t pos = 0;
  uint64_t block_size = 0;
  uint64_t miniblocks = 0;
  uint64_t total = 0;
  uint64_t first = 0;
  CDC_RETURN_IF_ERROR(ReadVarint(in, &pos, &block_size));
  CDC_RETURN_IF_ERROR(ReadVarint(in, &pos, &miniblocks));
  CDC_RETURN_IF_ERROR(ReadVarint(in, &pos, &total));
  CDC_RETURN_IF_ERROR(ReadVarint(in, &pos, &first));
  if (block_size == 0 || miniblocks == 0 || block_size % miniblocks != 0 || (block_size / miniblocks) % 8 != 0 ||
      block_size > (uint64_t{1} << 20)) {
    return Status::Corruption("DELTA_BINARY_PACKED header", "bad block or miniblock size");
  }
  if (total > max_count) return Status::Corruption("DELTA_BINARY_PACKED header", "more values than expected");
  const uint64_t per_miniblock = block_size / miniblocks;
  if (total == 0) {
    *consumed = pos;
    return Status::OK();
  }
  uint64_t value = UnZigZag(first);
  out->push_back(value);
  uint64_t remaining = total - 1;
  while (remaining > 0) {
    uint64_t min_delta_raw = 0;
    CDC_RETURN_IF_ERROR(ReadVarint(in, &pos, &min_delta_raw));
    const uint64_t min_delta = UnZigZag(min_delta_raw);
    if (miniblocks > in.size() - pos) return Status::Corruption("DELTA_BINARY_PACKED block", "truncated widths");
    const size_t widths = pos;
    pos += miniblocks;
    for (uint64_t miniblock_idx = 0; miniblock_idx < miniblocks && remaining > 0; ++miniblock_idx) {
      const int width = static_cast<uint8_t>(in[widths + miniblock_idx]);
      if (width > 64) return Status::Corruption("DELTA_BINARY_PACKED miniblock", "bit width over 64");
      const uint64_t bytes = per_miniblock * static_cast<uint64_t>(width) / 8;
      if (bytes > in.size() - pos) return Status::Corruption("DELTA_BINARY_PACKED miniblock", "truncated");
      const uint64_t take = remaining < per_miniblock ? remaining : per_miniblock;
      size_t bit = 0;
      for (uint64_t value_idx = 0; value_idx < take; ++value_idx) {
        uint64_t packed = 0;
        for (int bit_idx = 0; bit_idx < width; ++bit_idx, ++bit) {
          const auto byte = static_cast<uint8_t>(in[pos + bit / 8]);
          packed |= uint64_t{(byte >> (bit % 8)) & 1u} << bit_idx;
        }
        value += min_delta + packed;  // wraps, as the format intends
        out->push_back(value);
      }
      remaining -= take;
      pos += static_cast<size_t>(bytes);
    }
  }
  *consumed = pos;
  return Status::OK();
}

Status DecodeDeltaLengthByteArray(std::string_view in, size_t count, std::vector<std::string>* out) {
  std::vector<uint64_t> lengths;
  size_t pos = 0;
  CDC_RETURN_IF_ERROR(DecodeDeltaBinaryPacked(in, count, &lengths, &pos));
  if (lengths.size() != count) return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY", "length count mismatch");
  for (uint64_t length : lengths) {
    if (length > in.size() - pos) return Status::Corruption("DELTA_LENGTH_BYTE_ARRAY", "value past the end");
    out->emplace_back(in.substr(pos, static_cast<size_t>(length)));
    pos += static_cast<size_t>(length);
  }
  return Status::OK();
}

Status DecodeDeltaByteArray(std::string_view in, size_t count, std::vector<std::string>* out) {
  std::vector<uint64_t> prefixes;
  size_t pos = 0;
  CDC_RETURN_IF_ERROR(DecodeDeltaBinaryPacked(in, count, &prefixes, &pos));
  if (prefixes.size() != count) return Status::Corruption("DELTA_BYTE_ARRAY", "prefix count mismatch");
  std::vector<std::string> suffixes;
  CDC_RETURN_IF_ERROR(DecodeDeltaLengthByteArray(in.substr(pos), count, &suffixes));
  std::string previous;
  for (size_t value_idx = 0; value_idx < count; ++value_idx) {
    if (prefixes[value_idx] > previous.size()) return Status::Corruption("DELTA_BYTE_ARRAY", "prefix too long");
    previous.resize(static_cast<size_t>(prefixes[value_idx]));
    previous.append(suffixes[value_idx]);
    out->push_back(previous);
  }
  return Status::OK();
}

Status DecodeByteStreamSplit(std::string_view in, size_t count, size_t width, std::string* out) {
  if (width == 0 || count > in.size() / width) return Status::Corruption("BYTE_STREAM_SPLIT", "truncated");
  const size_t start = out->size();
  out->resize(start + count * width);
  for (size_t stream_idx = 0; stream_idx < width; ++stream_idx) {
    for (size_t value_idx = 0; value_idx < count; ++value_idx) {
      (*out)[start + value_idx * width + stream_idx] = in[stream_idx * count + value_idx];
    }
  }
  return Status::OK();
}

}  // namespace cdc::format::parquet
