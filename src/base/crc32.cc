#include "base/crc32.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cdc {
namespace {

// Slicing-by-8 tables: table[k][b] is the CRC of byte b followed by k zero bytes.
using Tables = std::array<std::array<uint32_t, 256>, 8>;

constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    t[0][b] = c;
  }
  for (uint32_t b = 0; b < 256; ++b) {
    for (size_t k = 1; k < 8; ++k) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
  return t;
}

constexpr Tables kTables = MakeTables();

// Updates the (non-inverted) CRC register over `n` bytes with the portable slicing-by-8 method.
uint32_t UpdateTable(uint32_t crc, const uint8_t* p, size_t n) {
  while (n >= 8) {
    uint32_t lo = crc ^ (uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
    uint32_t hi = uint32_t{p[4]} | uint32_t{p[5]} << 8 | uint32_t{p[6]} << 16 | uint32_t{p[7]} << 24;
    crc = kTables[7][lo & 0xff] ^ kTables[6][(lo >> 8) & 0xff] ^ kTables[5][(lo >> 16) & 0xff] ^
          kTables[4][lo >> 24] ^ kTables[3][hi & 0xff] ^ kTables[2][(hi >> 8) & 0xff] ^
          kTables[1][(hi >> 16) & 0xff] ^ kTables[0][hi >> 24];
    p += 8;
    n -= 8;
  }
  while (n--) crc = (crc >> 8) ^ kTables[0][(crc ^ *p++) & 0xff];
  return crc;
}

#if defined(__x86_64__)
// Carry-less multiplication folding for the bit-reflected CRC-32 (Intel, "Fast CRC Computation for
// Generic Polynomials Using PCLMULQDQ Instruction", 2009). The constants are x^k mod P(x) for the
// fold distances used below (bit-reflected, shifted left by one), mu = floor(x^64 / P(x)), and P itself.
// Folds 64 bytes per step while at least 128 remain, then 16 bytes per step; returns the register after
// the last whole 16-byte block and leaves the tail (n % 16 bytes) to the caller.
constexpr int64_t kFold512Low = 0x154442bd4, kFold512High = 0x1c6e41596;  // fold by 4 x 128 bits
constexpr int64_t kFold128Low = 0x1751997d0, kFold128High = 0x0ccaa009e;  // fold by 128 bits
constexpr int64_t kFold64 = 0x163cd6124;                                  // 64 -> 32 bits
constexpr int64_t kPolynomial = 0x1db710641, kMu = 0x1f7011641;           // Barrett reduction

__attribute__((target("pclmul,sse4.1"))) __m128i Fold(__m128i acc, __m128i constants, __m128i next) {
  __m128i low = _mm_clmulepi64_si128(acc, constants, 0x00);
  __m128i high = _mm_clmulepi64_si128(acc, constants, 0x11);
  return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

__attribute__((target("pclmul,sse4.1"))) uint32_t UpdateClmul(uint32_t crc, const uint8_t* p, size_t n) {
  auto load = [](const uint8_t* at) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at)); };
  __m128i x0 = _mm_xor_si128(load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = load(p + 16), x2 = load(p + 32), x3 = load(p + 48);
  p += 64;
  n -= 64;
  const __m128i fold512 = _mm_set_epi64x(kFold512High, kFold512Low);
  while (n >= 64) {
    x0 = Fold(x0, fold512, load(p));
    x1 = Fold(x1, fold512, load(p + 16));
    x2 = Fold(x2, fold512, load(p + 32));
    x3 = Fold(x3, fold512, load(p + 48));
    p += 64;
    n -= 64;
  }
  const __m128i fold128 = _mm_set_epi64x(kFold128High, kFold128Low);
  __m128i x = Fold(x0, fold128, x1);
  x = Fold(x, fold128, x2);
  x = Fold(x, fold128, x3);
  while (n >= 16) {
    x = Fold(x, fold128, load(p));
    p += 16;
    n -= 16;
  }
  // 128 -> 64 bits.
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  __m128i t = _mm_clmulepi64_si128(x, fold128, 0x10);
  x = _mm_xor_si128(_mm_srli_si128(x, 8), t);
  // 64 -> 32 bits.
  t = _mm_srli_si128(x, 4);
  x = _mm_clmulepi64_si128(_mm_and_si128(x, mask32), _mm_set_epi64x(0, kFold64), 0x00);
  x = _mm_xor_si128(x, t);
  // Barrett reduction to the 32-bit remainder.
  const __m128i poly_mu = _mm_set_epi64x(kMu, kPolynomial);
  t = _mm_clmulepi64_si128(_mm_and_si128(x, mask32), poly_mu, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, mask32), poly_mu, 0x00);
  x = _mm_xor_si128(x, t);
  uint32_t folded = static_cast<uint32_t>(_mm_extract_epi32(x, 1));
  return UpdateTable(folded, p, n);
}

bool HasClmul() {
  static const bool has = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
  return has;
}
#endif

}  // namespace

uint32_t Crc32(ByteView data, uint32_t crc) {
  crc = ~crc;
#if defined(__x86_64__)
  if (data.size() >= 64 && HasClmul()) return ~UpdateClmul(crc, data.data(), data.size());
#endif
  return ~UpdateTable(crc, data.data(), data.size());
}

uint32_t Crc32Portable(ByteView data, uint32_t crc) { return ~UpdateTable(~crc, data.data(), data.size()); }

}  // namespace cdc
