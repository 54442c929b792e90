#include "format/parquet/thrift_compact.h"

#include <cassert>

namespace cdc::format::parquet {

std::string_view ToString(CompactType type) {
  switch (type) {
    case CompactType::kStop: return "stop";
    case CompactType::kBoolTrue: return "bool(true)";
    case CompactType::kBoolFalse: return "bool(false)";
    case CompactType::kI8: return "i8";
    case CompactType::kI16: return "i16";
    case CompactType::kI32: return "i32";
    case CompactType::kI64: return "i64";
    case CompactType::kDouble: return "double";
    case CompactType::kBinary: return "binary";
    case CompactType::kList: return "list";
    case CompactType::kSet: return "set";
    case CompactType::kMap: return "map";
    case CompactType::kStruct: return "struct";
  }
  return "unknown";
}

void CompactWriter::BeginStruct() {
  assert(depth_ < kMaxDepth);
  last_ids_[depth_++] = 0;
}

void CompactWriter::EndStruct() {
  assert(depth_ > 0);
  out_->push_back(0);
  --depth_;
}

void CompactWriter::FieldHeader(int16_t id, CompactType type) {
  assert(depth_ > 0);
  int16_t& last = last_ids_[depth_ - 1];
  const int delta = id - last;
  if (delta > 0 && delta <= 15) {
    out_->push_back(static_cast<char>(delta << 4 | static_cast<int>(type)));
  } else {
    out_->push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last = id;
}

void CompactWriter::ListHeader(CompactType element, size_t size) {
  if (size < 15) {
    out_->push_back(static_cast<char>(size << 4 | static_cast<size_t>(element)));
  } else {
    out_->push_back(static_cast<char>(0xF0 | static_cast<int>(element)));
    Varint(size);
  }
}

void CompactReader::BeginStruct() {
  if (depth_ < kMaxDepth) last_ids_[depth_] = 0;
  ++depth_;
}

Status CompactReader::ReadVarint(uint64_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= in_.size()) return Status::Corruption("thrift varint", "truncated");
    const auto byte = static_cast<uint8_t>(in_[pos_++]);
    result |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) {
      *value = result;
      return Status::OK();
    }
  }
  return Status::Corruption("thrift varint", "longer than 10 bytes");
}

Status CompactReader::ReadFieldHeader(CompactType* type, int16_t* id) {
  if (depth_ <= 0 || depth_ > kMaxDepth) return Status::Corruption("thrift struct", "nested too deeply");
  if (pos_ >= in_.size()) return Status::Corruption("thrift field header", "truncated");
  const auto byte = static_cast<uint8_t>(in_[pos_++]);
  const auto field_type = static_cast<CompactType>(byte & 0x0f);
  if (field_type == CompactType::kStop) {
    if (byte != 0) return Status::Corruption("thrift field header", "stop with a nonzero delta");
    *type = CompactType::kStop;
    --depth_;
    return Status::OK();
  }
  if (static_cast<uint8_t>(field_type) > static_cast<uint8_t>(CompactType::kStruct)) {
    return Status::Corruption("thrift field header", "unknown type " + std::to_string(byte & 0x0f));
  }
  int16_t& last = last_ids_[depth_ - 1];
  if ((byte >> 4) != 0) {
    *id = static_cast<int16_t>(last + (byte >> 4));
  } else {
    int16_t field_id = 0;
    CDC_RETURN_IF_ERROR(ReadI16(&field_id));
    *id = field_id;
  }
  last = *id;
  *type = field_type;
  return Status::OK();
}

Status CompactReader::ReadI8(int8_t* value) {
  if (pos_ >= in_.size()) return Status::Corruption("thrift i8", "truncated");
  *value = static_cast<int8_t>(in_[pos_++]);
  return Status::OK();
}

namespace {
int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}
}  // namespace

Status CompactReader::ReadI16(int16_t* value) {
  uint64_t raw = 0;
  CDC_RETURN_IF_ERROR(ReadVarint(&raw));
  const int64_t v = UnZigZag(raw);
  if (v < INT16_MIN || v > INT16_MAX) return Status::Corruption("thrift i16", "out of range");
  *value = static_cast<int16_t>(v);
  return Status::OK();
}

Status CompactReader::ReadI32(int32_t* value) {
  uint64_t raw = 0;
  CDC_RETURN_IF_ERROR(ReadVarint(&raw));
  const int64_t v = UnZigZag(raw);
  if (v < INT32_MIN || v > INT32_MAX) return Status::Corruption("thrift i32", "out of range");
  *value = static_cast<int32_t>(v);
  return Status::OK();
}

Status CompactReader::ReadI64(int64_t* value) {
  uint64_t raw = 0;
  CDC_RETURN_IF_ERROR(ReadVarint(&raw));
  *value = UnZigZag(raw);
  return Status::OK();
}

Status CompactReader::ReadBinary(std::string_view* value) {
  uint64_t size = 0;
  CDC_RETURN_IF_ERROR(ReadVarint(&size));
  if (size > remaining()) return Status::Corruption("thrift binary", "length past the end");
  *value = in_.substr(pos_, size);
  pos_ += size;
  return Status::OK();
}

Status CompactReader::ReadListHeader(CompactType* element, uint32_t* size) {
  if (pos_ >= in_.size()) return Status::Corruption("thrift list header", "truncated");
  const auto byte = static_cast<uint8_t>(in_[pos_++]);
  *element = static_cast<CompactType>(byte & 0x0f);
  uint64_t count = byte >> 4;
  if (count == 15) CDC_RETURN_IF_ERROR(ReadVarint(&count));
  // Every element takes at least one byte (bools in lists are one byte each).
  if (count > remaining()) return Status::Corruption("thrift list", "more elements than bytes left");
  *size = static_cast<uint32_t>(count);
  return Status::OK();
}

Status CompactReader::Skip(CompactType type) {
  return SkipNested(type, 0);
}

Status CompactReader::SkipNested(CompactType type, int depth) {
  if (depth > kMaxDepth) return Status::Corruption("thrift value", "nested too deeply");
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      return Status::OK();  // in a field header; list elements are handled below
    case CompactType::kI8: {
      int8_t v = 0;
      return ReadI8(&v);
    }
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64: {
      uint64_t v = 0;
      return ReadVarint(&v);
    }
    case CompactType::kDouble:
      if (remaining() < 8) return Status::Corruption("thrift double", "truncated");
      pos_ += 8;
      return Status::OK();
    case CompactType::kBinary: {
      std::string_view v;
      return ReadBinary(&v);
    }
    case CompactType::kList:
    case CompactType::kSet: {
      CompactType element = CompactType::kStop;
      uint32_t size = 0;
      CDC_RETURN_IF_ERROR(ReadListHeader(&element, &size));
      for (uint32_t element_idx = 0; element_idx < size; ++element_idx) {
        if (element == CompactType::kBoolTrue || element == CompactType::kBoolFalse) {
          int8_t v = 0;
          CDC_RETURN_IF_ERROR(ReadI8(&v));  // bools in containers are one byte each
        } else {
          CDC_RETURN_IF_ERROR(SkipNested(element, depth + 1));
        }
      }
      return Status::OK();
    }
    case CompactType::kMap: {
      uint64_t size = 0;
      CDC_RETURN_IF_ERROR(ReadVarint(&size));
      if (size == 0) return Status::OK();
      if (pos_ >= in_.size()) return Status::Corruption("thrift map", "truncated");
      const auto types = static_cast<uint8_t>(in_[pos_++]);
      if (size > remaining()) return Status::Corruption("thrift map", "more entries than bytes left");
      for (uint64_t entry_idx = 0; entry_idx < size; ++entry_idx) {
        CDC_RETURN_IF_ERROR(SkipNested(static_cast<CompactType>(types >> 4), depth + 1));
        CDC_RETURN_IF_ERROR(SkipNested(static_cast<CompactType>(types & 0x0f), depth + 1));
      }
      return Status::OK();
    }
    case CompactType::kStruct: {
      BeginStruct();
      while (true) {
        CompactType field_type = CompactType::kStop;
        int16_t id = 0;
        CDC_RETURN_IF_ERROR(ReadFieldHeader(&field_type, &id));
        if (field_type == CompactType::kStop) return Status::OK();
        CDC_RETURN_IF_ERROR(SkipNested(field_type, depth + 1));
      }
    }
    case CompactType::kStop:
      break;
  }
  return Status::Corruption("thrift value", "unknown type " + std::string(ToString(type)));
}

}  // namespace cdc::format::parquet
