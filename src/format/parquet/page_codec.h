#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "format/parquet/parquet_metadata.h"

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;

namespace cdc::format::parquet {

// Compresses and decompresses page bodies with the codecs lakefeed writes: UNCOMPRESSED, SNAPPY
// (raw snappy, libsnappy), GZIP (RFC 1952, zlib) and ZSTD (one frame, libzstd). Keeps its zstd
// contexts across pages. Not thread-safe: one per writer or reader.
class PageCodec {
 public:
  // `level`: the zstd level (GZIP uses zlib's level 1, snappy has none).
  explicit PageCodec(Codec codec, int zstd_level = 3) : codec_(codec), zstd_level_(zstd_level) {}
  ~PageCodec();
  PageCodec(const PageCodec&) = delete;
  PageCodec& operator=(const PageCodec&) = delete;

  Codec codec() const { return codec_; }
  // Whether lakefeed can write (and read) `codec`.
  static bool Supported(Codec codec);

  // Replaces *out with `in` compressed. IOError when the library fails; NotSupported for a codec
  // that Supported() refuses.
  Status Compress(std::string_view in, std::string* out);
  // Replaces *out with `in` decompressed, which must be exactly `uncompressed_size` bytes
  // (Corruption otherwise).
  Status Decompress(std::string_view in, size_t uncompressed_size, std::string* out);

 private:
  const Codec codec_;
  const int zstd_level_;
  ZSTD_CCtx_s* zstd_compress_ = nullptr;
  ZSTD_DCtx_s* zstd_decompress_ = nullptr;
};

}  // namespace cdc::format::parquet
