#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace cdc {

using ByteView = std::span<const uint8_t>;

inline std::string_view AsStringView(ByteView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}
inline ByteView AsBytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// A bounds-checked cursor over little-endian bytes from outside (binlog events, packets).
// Every Read* returns false, and leaves the cursor unchanged, when fewer bytes remain than it
// needs; callers turn that into Status::Corruption naming the field. Integers are assembled
// byte by byte, never by reinterpret_cast into host integers.
//
// Does not own the bytes: they must outlive the reader. Not thread-safe.
class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(ByteView bytes) : begin_(bytes.data()), p_(bytes.data()), end_(bytes.data() + bytes.size()) {}

  size_t remaining() const { return static_cast<size_t>(end_ - p_); }
  size_t position() const { return static_cast<size_t>(p_ - begin_); }
  bool empty() const { return p_ == end_; }
  // The bytes not yet read.
  ByteView rest() const { return {p_, remaining()}; }
  const uint8_t* current() const { return p_; }

  bool ReadU8(uint8_t* out) {
    if (p_ == end_) return false;
    *out = *p_++;
    return true;
  }
  bool ReadU16(uint16_t* out) { return ReadUnsigned(2, out); }
  bool ReadU24(uint32_t* out) { return ReadUnsigned(3, out); }
  bool ReadU32(uint32_t* out) { return ReadUnsigned(4, out); }
  bool ReadU48(uint64_t* out) { return ReadUnsigned(6, out); }
  bool ReadU64(uint64_t* out) { return ReadUnsigned(8, out); }
  // Reads `width` (1..8) little-endian bytes.
  bool ReadUIntLE(size_t width, uint64_t* out) { return ReadUnsigned(width, out); }
  // Reads `width` (1..8) big-endian bytes (used by DECIMAL and the temporal types).
  bool ReadUIntBE(size_t width, uint64_t* out) {
    if (width > 8 || remaining() < width) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) v = (v << 8) | p_[i];
    p_ += width;
    *out = v;
    return true;
  }

  // MySQL length-encoded integer (protocol "int<lenenc>"): < 0xfb is the value itself, 0xfc/0xfd/0xfe
  // prefix 2/3/8 bytes. 0xfb (NULL in result sets) and 0xff are rejected.
  bool ReadPackedInt(uint64_t* out) {
    uint8_t first;
    if (p_ == end_) return false;
    first = *p_;
    size_t width;
    if (first < 0xfb) {
      ++p_;
      *out = first;
      return true;
    } else if (first == 0xfc) {
      width = 2;
    } else if (first == 0xfd) {
      width = 3;
    } else if (first == 0xfe) {
      width = 8;
    } else {
      return false;
    }
    if (remaining() < width + 1) return false;
    ++p_;
    return ReadUnsigned(width, out);
  }

  bool ReadBytes(size_t n, ByteView* out) {
    if (remaining() < n) return false;
    *out = {p_, n};
    p_ += n;
    return true;
  }
  bool ReadString(size_t n, std::string_view* out) {
    ByteView bytes;
    if (!ReadBytes(n, &bytes)) return false;
    *out = AsStringView(bytes);
    return true;
  }
  bool Skip(size_t n) {
    if (remaining() < n) return false;
    p_ += n;
    return true;
  }

 private:
  bool ReadUnsigned(size_t width, uint64_t* out) {
    if (width > 8 || remaining() < width) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i) v |= uint64_t{p_[i]} << (8 * i);
    p_ += width;
    *out = v;
    return true;
  }
  template <typename T>
  bool ReadUnsigned(size_t width, T* out) {
    uint64_t v;
    if (!ReadUnsigned(width, &v)) return false;
    *out = static_cast<T>(v);
    return true;
  }

  const uint8_t* begin_ = nullptr;
  const uint8_t* p_ = nullptr;
  const uint8_t* end_ = nullptr;
};

}  // namespace cdc
