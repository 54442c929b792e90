// Avro object container files, written from the Avro specification ("Object Container Files",
// "Required Codecs"). The deflate codec is zlib's raw deflate (negative window bits).
#include "format/avro/avro_container.h"

#include <zlib.h>

#include <random>

namespace cdc::format::avro {

std::string_view ToString(Codec codec) {
  switch (codec) {
    case Codec::kNull:
      return "null";
    case Codec::kDeflate:
      return "deflate";
  }
  return "unknown";
}

std::optional<std::string_view> ContainerFile::Metadata(std::string_view key) const {
  for (const auto& [name, value] : metadata) {
    if (name == key) return std::string_view(value);
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kMagic("Obj\x01", 4);
constexpr size_t kSyncSize = 16;

Status Deflate(std::string_view in, int level, std::string* out) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IOError("avro deflate", "deflateInit2 failed");
  }
  out->resize(deflateBound(&stream, static_cast<uLong>(in.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out->data());
  stream.avail_out = static_cast<uInt>(out->size());
  const int rc = deflate(&stream, Z_FINISH);
  out->resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) return Status::IOError("avro deflate", "deflate did not finish");
  return Status::OK();
}

Status Inflate(std::string_view in, uint64_t max_bytes, std::string* out) {
  z_stream stream{};
  if (inflateInit2(&stream, -15) != Z_OK) return Status::IOError("avro inflate", "inflateInit2 failed");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  out->clear();
  char buffer[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof(buffer);
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&stream);
      return Status::Corruption("avro deflate block", "damaged deflate data");
    }
    const size_t produced = sizeof(buffer) - stream.avail_out;
    if (out->size() + produced > max_bytes) {
      inflateEnd(&stream);
      return Status::Corruption("avro deflate block", "inflates past the block limit");
    }
    out->append(buffer, produced);
    if (rc == Z_OK && produced == 0 && stream.avail_in == 0) {
      inflateEnd(&stream);
      return Status::Corruption("avro deflate block", "truncated deflate data");
    }
  }
  inflateEnd(&stream);
  return Status::OK();
}

Status At(size_t offset, const Status& status) {
  return status.WithContext("avro container at offset " + std::to_string(offset));
}

}  // namespace

Result<ContainerWriter> ContainerWriter::Open(std::string schema_json, ContainerOptions options) {
  for (const auto& [key, value] : options.metadata) {
    if (key.rfind("avro.", 0) == 0) return Status::InvalidArgument("avro metadata key " + key, "is reserved");
  }
  CDC_ASSIGN_OR_RETURN(NodePtr schema, ParseSchema(schema_json));
  ContainerWriter writer;
  writer.schema_ = std::move(schema);
  if (options.sync) {
    writer.sync_ = *options.sync;
  } else {
    std::random_device random;
    for (uint8_t& byte : writer.sync_) byte = static_cast<uint8_t>(random());
  }
  writer.out_.append(kMagic);
  // The header map as one block: avro.schema, avro.codec, then the caller's keys.
  EncodeLong(static_cast<int64_t>(2 + options.metadata.size()), &writer.out_);
  EncodeString("avro.schema", &writer.out_);
  EncodeBytes(schema_json, &writer.out_);
  EncodeString("avro.codec", &writer.out_);
  EncodeBytes(ToString(options.codec), &writer.out_);
  for (const auto& [key, value] : options.metadata) {
    EncodeString(key, &writer.out_);
    EncodeBytes(value, &writer.out_);
  }
  EncodeLong(0, &writer.out_);
  writer.out_.append(reinterpret_cast<const char*>(writer.sync_.data()), kSyncSize);
  writer.options_ = std::move(options);
  return writer;
}

Status ContainerWriter::Append(const Datum& value) {
  if (finished_) return Status::InvalidArgument("avro container", "Append after Finish");
  const size_t before = block_.size();
  Status status = EncodeDatum(*schema_, value, &block_);
  if (!status.ok()) {
    block_.resize(before);
    return status;
  }
  ++block_objects_;
  ++object_count_;
  if (block_.size() >= options_.block_bytes) return FlushBlock();
  return Status::OK();
}

Status ContainerWriter::FlushBlock() {
  if (block_objects_ == 0) return Status::OK();
  std::string_view data = block_;
  if (options_.codec == Codec::kDeflate) {
    CDC_RETURN_IF_ERROR(Deflate(block_, options_.deflate_level, &scratch_));
    data = scratch_;
  }
  EncodeLong(static_cast<int64_t>(block_objects_), &out_);
  EncodeLong(static_cast<int64_t>(data.size()), &out_);
  out_.append(data);
  out_.append(reinterpret_cast<const char*>(sync_.data()), kSyncSize);
  block_.clear();
  block_objects_ = 0;
  return Status::OK();
}

Result<std::string> ContainerWriter::Finish() {
  if (finished_) return Status::InvalidArgument("avro container", "Finish called twice");
  CDC_RETURN_IF_ERROR(FlushBlock());
  finished_ = true;
  return std::move(out_);
}

Result<ContainerFile> ReadContainer(std::string_view bytes, const ReadLimits& limits) {
  if (bytes.substr(0, kMagic.size()) != kMagic)
    return Status::Corruption("avro container", "no Obj\\x01 magic");
  Decoder in(bytes.substr(kMagic.size()));
  auto offset = [&] { return kMagic.size() + in.position(); };
  ContainerFile file;
  // The header: a map of bytes values, possibly in several blocks.
  while (true) {
    Result<int64_t> count = in.ReadBlockCount();
    if (!count.ok()) return At(offset(), count.status().WithContext("header metadata"));
    if (*count == 0) break;
    if (static_cast<uint64_t>(*count) > in.remaining() / 2) {
      return At(offset(), Status::Corruption("header metadata", "more entries than bytes"));
    }
    for (int64_t entry_idx = 0; entry_idx < *count; ++entry_idx) {
      Result<std::string_view> key = in.ReadBytes();
      if (!key.ok()) return At(offset(), key.status().WithContext("header metadata key"));
      Result<std::string_view> value = in.ReadBytes();
      if (!value.ok()) return At(offset(), value.status().WithContext("header metadata value"));
      file.metadata.emplace_back(*key, *value);
    }
  }
  Result<std::string_view> sync = in.ReadFixed(kSyncSize);
  if (!sync.ok()) return At(offset(), sync.status().WithContext("sync marker"));
  std::copy(sync->begin(), sync->end(), reinterpret_cast<char*>(file.sync.data()));

  std::optional<std::string_view> schema_json = file.Metadata("avro.schema");
  if (!schema_json) return Status::Corruption("avro container", "header has no avro.schema");
  file.schema_json = std::string(*schema_json);
  CDC_ASSIGN_OR_RETURN(file.schema, ParseSchema(file.schema_json));
  const std::string_view codec = file.Metadata("avro.codec").value_or("null");
  if (codec == "null") {
    file.codec = Codec::kNull;
  } else if (codec == "deflate") {
    file.codec = Codec::kDeflate;
  } else {
    return Status::NotSupported("avro codec", codec);
  }

  std::string inflated;
  while (in.remaining() > 0) {
    const size_t block_offset = offset();
    Result<int64_t> count = in.ReadLong();
    if (!count.ok()) return At(block_offset, count.status().WithContext("block object count"));
    Result<int64_t> size = in.ReadLong();
    if (!size.ok()) return At(block_offset, size.status().WithContext("block byte size"));
    if (*count < 0 || *size < 0)
      return At(block_offset, Status::Corruption("block", "negative count or size"));
    if (static_cast<uint64_t>(*count) > limits.max_objects - file.objects.size()) {
      return At(block_offset, Status::Corruption("block", "more objects than the limit"));
    }
    Result<std::string_view> data = in.ReadFixed(static_cast<size_t>(std::min<uint64_t>(*size, SIZE_MAX)));
    if (!data.ok()) return At(block_offset, data.status().WithContext("block data"));
    Result<std::string_view> block_sync = in.ReadFixed(kSyncSize);
    if (!block_sync.ok()) return At(offset(), block_sync.status().WithContext("block sync marker"));
    if (block_sync->compare(0, kSyncSize, reinterpret_cast<const char*>(file.sync.data()), kSyncSize) != 0) {
      return At(offset() - kSyncSize, Status::Corruption("block", "sync marker differs from the header's"));
    }
    std::string_view objects = *data;
    if (file.codec == Codec::kDeflate) {
      Status status = Inflate(*data, limits.max_block_bytes, &inflated);
      if (!status.ok()) return At(block_offset, status);
      objects = inflated;
    } else if (objects.size() > limits.max_block_bytes) {
      return At(block_offset, Status::Corruption("block", "larger than the block limit"));
    }
    Decoder block(objects);
    // Every value takes at least a byte unless it is null or an empty record: allow a generous
    // number of values per input byte, plus a floor for files of nulls.
    uint64_t budget = 64 * objects.size() + 4096;
    for (int64_t object_idx = 0; object_idx < *count; ++object_idx) {
      Result<Datum> value = DecodeDatum(*file.schema, block, &budget);
      if (!value.ok()) {
        return At(block_offset,
                  value.status().WithContext("object " + std::to_string(object_idx) + " of the block"));
      }
      file.objects.push_back(std::move(value).value());
    }
    if (block.remaining() != 0) {
      return At(block_offset, Status::Corruption("block", "bytes left after its objects"));
    }
  }
  return file;
}

}  // namespace cdc::format::avro
