#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/avro/avro_datum.h"
#include "format/avro/avro_schema.h"

// Avro object container files (the specification's "Object Container Files"), built in memory:
//
//   file   := "Obj" 0x01, metadata (an Avro map of bytes), sync (16 bytes), block*
//   block  := object count (long), byte size (long), the objects (compressed by the codec), sync
//
// docs/avro.md has the details and the choices. Iceberg's manifests and manifest lists are such
// files (src/iceberg/manifest.h).
namespace cdc::format::avro {

// The block codecs lakefeed writes and reads. Serialized by name ("null", "deflate").
enum class Codec : uint8_t {
  kNull,     // blocks as they are
  kDeflate,  // raw deflate (RFC 1951, no zlib header), as the specification says
};
std::string_view ToString(Codec codec);

struct ContainerOptions {
  Codec codec = Codec::kNull;
  int deflate_level = 6;
  // Extra header metadata, written after avro.schema and avro.codec in this order. Keys starting
  // with "avro." are reserved (InvalidArgument).
  std::vector<std::pair<std::string, std::string>> metadata;
  // A block is cut once its encoded objects reach this many bytes.
  size_t block_bytes = 64 * 1024;
  // The sync marker; random when unset (tests set it for byte-exact files).
  std::optional<std::array<uint8_t, 16>> sync;
};

// Writes one container file into memory. The schema JSON is stored verbatim as avro.schema, so
// attributes such as Iceberg's field-id survive (Avro C drops them: reference/toolchain.md §10).
// Not thread-safe. Usage: Open, Append..., Finish.
class ContainerWriter {
 public:
  // Corruption when `schema_json` is not a schema we can encode (ParseSchema); InvalidArgument for
  // a reserved metadata key.
  static Result<ContainerWriter> Open(std::string schema_json, ContainerOptions options = {});

  // Encodes one object; InvalidArgument (the file stays usable) when it does not fit the schema.
  Status Append(const Datum& value);
  // The whole file. The writer is finished afterwards (InvalidArgument on further use).
  Result<std::string> Finish();

  const NodePtr& schema() const { return schema_; }
  uint64_t object_count() const { return object_count_; }

 private:
  ContainerWriter() = default;
  Status FlushBlock();

  NodePtr schema_;
  ContainerOptions options_;
  std::array<uint8_t, 16> sync_{};
  std::string out_;
  std::string block_;
  std::string scratch_;
  uint64_t block_objects_ = 0;
  uint64_t object_count_ = 0;
  bool finished_ = false;
};

// A container file read whole.
struct ContainerFile {
  std::vector<std::pair<std::string, std::string>> metadata;  // the header map, in file order
  std::string schema_json;                                    // avro.schema
  NodePtr schema;
  Codec codec = Codec::kNull;
  std::array<uint8_t, 16> sync{};
  std::vector<Datum> objects;

  // The header value for `key`, or nullopt.
  std::optional<std::string_view> Metadata(std::string_view key) const;
};

// Bounds for reading files from outside.
struct ReadLimits {
  uint64_t max_objects = 10'000'000;
  uint64_t max_block_bytes = 256ull << 20;  // one block, after decompression
};

// Reads a whole container file. Corruption (naming the offset) when the magic, header, a block or
// a sync marker is wrong, a block is truncated or does not decode, a codec's data is damaged, or a
// limit is passed; NotSupported for a codec other than null and deflate. Never reads past `bytes`.
Result<ContainerFile> ReadContainer(std::string_view bytes, const ReadLimits& limits = {});

}  // namespace cdc::format::avro
