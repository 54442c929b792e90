#include "format/parquet/page_codec.h"

#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

namespace cdc::format::parquet {
namespace {

constexpr int kGzipLevel = 1;                // as the CSV writer: fastest, little larger
constexpr int kGzipWindowBits = 15 + 16;     // 32 KiB window, gzip wrapper (RFC 1952)
constexpr int kGunzipWindowBits = 15 + 32;   // gzip or zlib wrapper, detected

}  // namespace

PageCodec::~PageCodec() {
  if (zstd_compress_ != nullptr) ZSTD_freeCCtx(zstd_compress_);
  if (zstd_decompress_ != nullptr) ZSTD_freeDCtx(zstd_decompress_);
}

bool PageCodec::Supported(Codec codec) {
  return codec == Codec::kUncompressed || codec == Codec::kSnappy || codec == Codec::kGzip || codec == Codec::kZstd;
}

Status PageCodec::Compress(std::string_view in, std::string* out) {
  switch (codec_) {
    case Codec::kUncompressed:
      out->assign(in);
      return Status::OK();
    case Codec::kSnappy: {
      size_t size = snappy_max_compressed_length(in.size());
      out->resize(size);
      if (snappy_compress(in.data(), in.size(), out->data(), &size) != SNAPPY_OK) {
        return Status::IOError("snappy", "compression failed");
      }
      out->resize(size);
      return Status::OK();
    }
    case Codec::kGzip: {
      z_stream stream{};
      if (deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        return Status::IOError("gzip", "deflateInit2 failed");
      }
      out->resize(deflateBound(&stream, static_cast<uLong>(in.size())) + 32);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      stream.avail_in = static_cast<uInt>(in.size());
      stream.next_out = reinterpret_cast<Bytef*>(out->data());
      stream.avail_out = static_cast<uInt>(out->size());
      const int result = deflate(&stream, Z_FINISH);
      const size_t produced = stream.total_out;
      deflateEnd(&stream);
      if (result != Z_STREAM_END) return Status::IOError("gzip", "deflate did not finish");
      out->resize(produced);
      return Status::OK();
    }
    case Codec::kZstd: {
      if (zstd_compress_ == nullptr) zstd_compress_ = ZSTD_createCCtx();
      if (zstd_compress_ == nullptr) return Status::IOError("zstd", "out of memory");
      out->resize(ZSTD_compressBound(in.size()));
      const size_t size = ZSTD_compressCCtx(zstd_compress_, out->data(), out->size(), in.data(), in.size(), zstd_level_);
      if (ZSTD_isError(size)) return Status::IOError("zstd", ZSTD_getErrorName(size));
      out->resize(size);
      return Status::OK();
    }
    case Codec::kLzo:
    case Codec::kBrotli:
    case Codec::kLz4:
    case Codec::kLz4Raw:
      break;
  }
  return Status::NotSupported("parquet codec", ToString(codec_));
}

Status PageCodec::Decompress(std::string_view in, size_t uncompressed_size, std::string* out) {
  switch (codec_) {
    case Codec::kUncompressed:
      if (in.size() != uncompressed_size) return Status::Corruption("parquet page", "size mismatch");
      out->assign(in);
      return Status::OK();
    case Codec::kSnappy: {
      size_t size = 0;
      if (snappy_uncompressed_length(in.data(), in.size(), &size) != SNAPPY_OK || size != uncompressed_size) {
        return Status::Corruption("snappy page", "bad length");
      }
      out->resize(size);
      if (snappy_uncompress(in.data(), in.size(), out->data(), &size) != SNAPPY_OK) {
        return Status::Corruption("snappy page", "malformed");
      }
      return Status::OK();
    }
    case Codec::kGzip: {
      // A gzip member ends with its input size mod 2^32 (RFC 1952 ISIZE): checked before the
      // output is allocated, so that a lying page header cannot make us allocate for nothing.
      if (in.size() < 18) return Status::Corruption("gzip page", "shorter than a gzip member");
      uint32_t isize = 0;
      for (size_t byte_idx = 0; byte_idx < 4; ++byte_idx) {
        isize |= uint32_t{static_cast<uint8_t>(in[in.size() - 4 + byte_idx])} << (8 * byte_idx);
      }
      if (isize != static_cast<uint32_t>(uncompressed_size)) return Status::Corruption("gzip page", "size mismatch");
      z_stream stream{};
      if (inflateInit2(&stream, kGunzipWindowBits) != Z_OK) return Status::IOError("gzip", "inflateInit2 failed");
      out->resize(uncompressed_size);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
      stream.avail_in = static_cast<uInt>(in.size());
      stream.next_out = reinterpret_cast<Bytef*>(out->data());
      stream.avail_out = static_cast<uInt>(out->size());
      const int result = inflate(&stream, Z_FINISH);
      const size_t produced = stream.total_out;
      inflateEnd(&stream);
      if (result != Z_STREAM_END || produced != uncompressed_size) {
        return Status::Corruption("gzip page", "malformed or size mismatch");
      }
      return Status::OK();
    }
    case Codec::kZstd: {
      const unsigned long long content_size = ZSTD_getFrameContentSize(in.data(), in.size());
      if (content_size == ZSTD_CONTENTSIZE_ERROR ||
          (content_size != ZSTD_CONTENTSIZE_UNKNOWN && content_size != uncompressed_size)) {
        return Status::Corruption("zstd page", "not a zstd frame of the page's size");
      }
      if (zstd_decompress_ == nullptr) zstd_decompress_ = ZSTD_createDCtx();
      if (zstd_decompress_ == nullptr) return Status::IOError("zstd", "out of memory");
      out->resize(uncompressed_size);
      const size_t size = ZSTD_decompressDCtx(zstd_decompress_, out->data(), out->size(), in.data(), in.size());
      if (ZSTD_isError(size) || size != uncompressed_size) return Status::Corruption("zstd page", "malformed or size mismatch");
      return Status::OK();
    }
    case Codec::kLzo:
    case Codec::kBrotli:
    case Codec::kLz4:
    case Codec::kLz4Raw:
      break;
  }
  return Status::NotSupported("parquet codec", ToString(codec_));
}

}  // namespace cdc::format::parquet
