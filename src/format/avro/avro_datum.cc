// Avro binary encoding, written from the Avro specification ("Binary Encoding": primitive types,
// complex types, unions).
#include "format/avro/avro_datum.h"

#include <bit>
#include <cstring>

namespace cdc::format::avro {

void EncodeLong(int64_t value, std::string* out) {
  uint64_t zigzag = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  while (zigzag >= 0x80) {
    out->push_back(static_cast<char>((zigzag & 0x7f) | 0x80));
    zigzag >>= 7;
  }
  out->push_back(static_cast<char>(zigzag));
}

void EncodeBoolean(bool value, std::string* out) {
  out->push_back(value ? '\x01' : '\x00');
}

void EncodeFloat(float value, std::string* out) {
  const uint32_t bits = std::bit_cast<uint32_t>(value);
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) out->push_back(static_cast<char>(bits >> (8 * byte_idx)));
}

void EncodeDouble(double value, std::string* out) {
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  for (int byte_idx = 0; byte_idx < 8; ++byte_idx) out->push_back(static_cast<char>(bits >> (8 * byte_idx)));
}

void EncodeBytes(std::string_view value, std::string* out) {
  EncodeLong(static_cast<int64_t>(value.size()), out);
  out->append(value);
}

Result<int64_t> Decoder::ReadLong() {
  uint64_t zigzag = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ >= bytes_.size()) return Status::Corruption("avro long", "truncated");
    const auto byte = static_cast<uint8_t>(bytes_[pos_++]);
    if (shift == 63 && (byte & 0x7e) != 0) return Status::Corruption("avro long", "more than 64 bits");
    zigzag |= uint64_t{byte & 0x7fu} << shift;
    if ((byte & 0x80) == 0) return static_cast<int64_t>((zigzag >> 1) ^ (~(zigzag & 1) + 1));
  }
  return Status::Corruption("avro long", "varint longer than 10 bytes");
}

Result<int32_t> Decoder::ReadInt() {
  CDC_ASSIGN_OR_RETURN(int64_t value, ReadLong());
  if (value < INT32_MIN || value > INT32_MAX)
    return Status::Corruption("avro int", "out of the 32-bit range");
  return static_cast<int32_t>(value);
}

Result<bool> Decoder::ReadBoolean() {
  if (pos_ >= bytes_.size()) return Status::Corruption("avro boolean", "truncated");
  const auto byte = static_cast<uint8_t>(bytes_[pos_++]);
  if (byte > 1) return Status::Corruption("avro boolean", "byte is neither 0 nor 1");
  return byte == 1;
}

Result<float> Decoder::ReadFloat() {
  if (remaining() < 4) return Status::Corruption("avro float", "truncated");
  uint32_t bits = 0;
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) {
    bits |= uint32_t{static_cast<uint8_t>(bytes_[pos_ + byte_idx])} << (8 * byte_idx);
  }
  pos_ += 4;
  return std::bit_cast<float>(bits);
}

Result<double> Decoder::ReadDouble() {
  if (remaining() < 8) return Status::Corruption("avro double", "truncated");
  uint64_t bits = 0;
  for (int byte_idx = 0; byte_idx < 8; ++byte_idx) {
    bits |= uint64_t{static_cast<uint8_t>(bytes_[pos_ + byte_idx])} << (8 * byte_idx);
  }
  pos_ += 8;
  return std::bit_cast<double>(bits);
}

Result<std::string_view> Decoder::ReadBytes() {
  CDC_ASSIGN_OR_RETURN(int64_t length, ReadLong());
  if (length < 0) return Status::Corruption("avro bytes", "negative length");
  if (static_cast<uint64_t>(length) > remaining())
    return Status::Corruption("avro bytes", "length past the end");
  const std::string_view value = bytes_.substr(pos_, static_cast<size_t>(length));
  pos_ += static_cast<size_t>(length);
  return value;
}

Result<std::string_view> Decoder::ReadFixed(size_t size) {
  if (size > remaining()) return Status::Corruption("avro fixed", "truncated");
  const std::string_view value = bytes_.substr(pos_, size);
  pos_ += size;
  return value;
}

Result<int64_t> Decoder::ReadBlockCount() {
  CDC_ASSIGN_OR_RETURN(int64_t count, ReadLong());
  if (count >= 0) return count;
  if (count == INT64_MIN) return Status::Corruption("avro block", "count out of range");
  CDC_ASSIGN_OR_RETURN(int64_t block_bytes, ReadLong());
  if (block_bytes < 0 || static_cast<uint64_t>(block_bytes) > remaining()) {
    return Status::Corruption("avro block", "byte size past the end");
  }
  return -count;
}

Datum Datum::Boolean(bool value) {
  Datum datum;
  datum.type = Type::kBoolean;
  datum.boolean = value;
  return datum;
}
Datum Datum::Int(int32_t value) {
  Datum datum;
  datum.type = Type::kInt;
  datum.integer = value;
  return datum;
}
Datum Datum::Long(int64_t value) {
  Datum datum;
  datum.type = Type::kLong;
  datum.integer = value;
  return datum;
}
Datum Datum::Float(float value) {
  Datum datum;
  datum.type = Type::kFloat;
  datum.real = value;
  return datum;
}
Datum Datum::Double(double value) {
  Datum datum;
  datum.type = Type::kDouble;
  datum.real = value;
  return datum;
}
Datum Datum::Bytes(std::string value) {
  Datum datum;
  datum.type = Type::kBytes;
  datum.bytes = std::move(value);
  return datum;
}
Datum Datum::String(std::string value) {
  Datum datum;
  datum.type = Type::kString;
  datum.bytes = std::move(value);
  return datum;
}
Datum Datum::Fixed(std::string value) {
  Datum datum;
  datum.type = Type::kFixed;
  datum.bytes = std::move(value);
  return datum;
}
Datum Datum::Record(std::vector<Datum> fields) {
  Datum datum;
  datum.type = Type::kRecord;
  datum.items = std::move(fields);
  return datum;
}
Datum Datum::Array(std::vector<Datum> items) {
  Datum datum;
  datum.type = Type::kArray;
  datum.items = std::move(items);
  return datum;
}
Datum Datum::Union(int32_t branch, Datum value) {
  value.branch = branch;
  return value;
}

namespace {

Status Mismatch(const std::string& path, std::string_view expected, const Datum& value) {
  return Status::InvalidArgument(
      "avro value at " + (path.empty() ? std::string("/") : path),
      "schema wants " + std::string(expected) + ", the value is " + std::string(ToString(value.type)));
}

Status Encode(const Node& schema, const Datum& value, const std::string& path, std::string* out) {
  if (schema.type == Type::kUnion) {
    if (value.branch < 0 || static_cast<size_t>(value.branch) >= schema.branches.size()) {
      return Status::InvalidArgument("avro value at " + path, "union branch missing or out of range");
    }
    EncodeLong(value.branch, out);
    // The branch's own encoding ignores `branch` (no union is directly inside a union).
    return Encode(*schema.branches[static_cast<size_t>(value.branch)], value, path, out);
  }
  if (value.type != schema.type) return Mismatch(path, ToString(schema.type), value);
  switch (schema.type) {
    case Type::kNull:
      return Status::OK();
    case Type::kBoolean:
      EncodeBoolean(value.boolean, out);
      return Status::OK();
    case Type::kInt:
      if (value.integer < INT32_MIN || value.integer > INT32_MAX) {
        return Status::InvalidArgument("avro value at " + path, "int out of the 32-bit range");
      }
      EncodeLong(value.integer, out);
      return Status::OK();
    case Type::kLong:
      EncodeLong(value.integer, out);
      return Status::OK();
    case Type::kFloat:
      EncodeFloat(static_cast<float>(value.real), out);
      return Status::OK();
    case Type::kDouble:
      EncodeDouble(value.real, out);
      return Status::OK();
    case Type::kBytes:
    case Type::kString:
      EncodeBytes(value.bytes, out);
      return Status::OK();
    case Type::kFixed:
      if (static_cast<int64_t>(value.bytes.size()) != schema.size) {
        return Status::InvalidArgument("avro value at " + path, "fixed of another size");
      }
      out->append(value.bytes);
      return Status::OK();
    case Type::kEnum:
      if (value.integer < 0 || static_cast<size_t>(value.integer) >= schema.symbols.size()) {
        return Status::InvalidArgument("avro value at " + path, "enum index out of range");
      }
      EncodeLong(value.integer, out);
      return Status::OK();
    case Type::kRecord:
      if (value.items.size() != schema.fields.size()) {
        return Status::InvalidArgument("avro value at " + path,
                                       "record has " + std::to_string(value.items.size()) +
                                           " fields, the schema " + std::to_string(schema.fields.size()));
      }
      for (size_t field_idx = 0; field_idx < schema.fields.size(); ++field_idx) {
        CDC_RETURN_IF_ERROR(Encode(*schema.fields[field_idx].type, value.items[field_idx],
                                   path + "/" + schema.fields[field_idx].name, out));
      }
      return Status::OK();
    case Type::kArray:
    case Type::kMap: {
      const bool is_map = schema.type == Type::kMap;
      if (is_map && value.keys.size() != value.items.size()) {
        return Status::InvalidArgument("avro value at " + path, "map with unequal key and value counts");
      }
      if (!value.items.empty()) {
        EncodeLong(static_cast<int64_t>(value.items.size()), out);
        for (size_t item_idx = 0; item_idx < value.items.size(); ++item_idx) {
          if (is_map) EncodeString(value.keys[item_idx], out);
          CDC_RETURN_IF_ERROR(
              Encode(*schema.items, value.items[item_idx], path + "/" + std::to_string(item_idx), out));
        }
      }
      EncodeLong(0, out);
      return Status::OK();
    }
    case Type::kUnion:
      break;
  }
  return Status::OK();
}

Status Spend(uint64_t* budget) {
  if (*budget == 0) return Status::Corruption("avro data", "more values than the input can hold");
  --*budget;
  return Status::OK();
}

Result<Datum> Decode(const Node& schema, Decoder& in, uint64_t* budget) {
  CDC_RETURN_IF_ERROR(Spend(budget));
  Datum value;
  value.type = schema.type;
  switch (schema.type) {
    case Type::kNull:
      return value;
    case Type::kBoolean: {
      CDC_ASSIGN_OR_RETURN(value.boolean, in.ReadBoolean());
      return value;
    }
    case Type::kInt: {
      CDC_ASSIGN_OR_RETURN(value.integer, in.ReadInt());
      return value;
    }
    case Type::kLong: {
      CDC_ASSIGN_OR_RETURN(value.integer, in.ReadLong());
      return value;
    }
    case Type::kFloat: {
      CDC_ASSIGN_OR_RETURN(value.real, in.ReadFloat());
      return value;
    }
    case Type::kDouble: {
      CDC_ASSIGN_OR_RETURN(value.real, in.ReadDouble());
      return value;
    }
    case Type::kBytes:
    case Type::kString: {
      CDC_ASSIGN_OR_RETURN(std::string_view bytes, in.ReadBytes());
      value.bytes = std::string(bytes);
      return value;
    }
    case Type::kFixed: {
      CDC_ASSIGN_OR_RETURN(std::string_view bytes, in.ReadFixed(static_cast<size_t>(schema.size)));
      value.bytes = std::string(bytes);
      return value;
    }
    case Type::kEnum: {
      CDC_ASSIGN_OR_RETURN(int32_t index, in.ReadInt());
      if (index < 0 || static_cast<size_t>(index) >= schema.symbols.size()) {
        return Status::Corruption("avro enum", "index out of range");
      }
      value.integer = index;
      return value;
    }
    case Type::kRecord:
      value.items.reserve(schema.fields.size());
      for (const Field& field : schema.fields) {
        CDC_ASSIGN_OR_RETURN(Datum field_value, Decode(*field.type, in, budget));
        value.items.push_back(std::move(field_value));
      }
      return value;
    case Type::kArray:
    case Type::kMap:
      while (true) {
        CDC_ASSIGN_OR_RETURN(int64_t count, in.ReadBlockCount());
        if (count == 0) break;
        if (static_cast<uint64_t>(count) > *budget) {
          return Status::Corruption("avro block", "more items than the input can hold");
        }
        for (int64_t item_idx = 0; item_idx < count; ++item_idx) {
          if (schema.type == Type::kMap) {
            CDC_ASSIGN_OR_RETURN(std::string_view key, in.ReadBytes());
            value.keys.emplace_back(key);
          }
          CDC_ASSIGN_OR_RETURN(Datum item, Decode(*schema.items, in, budget));
          value.items.push_back(std::move(item));
        }
      }
      return value;
    case Type::kUnion: {
      CDC_ASSIGN_OR_RETURN(int64_t branch, in.ReadLong());
      if (branch < 0 || static_cast<uint64_t>(branch) >= schema.branches.size()) {
        return Status::Corruption("avro union", "branch index out of range");
      }
      CDC_ASSIGN_OR_RETURN(Datum inner, Decode(*schema.branches[static_cast<size_t>(branch)], in, budget));
      inner.branch = static_cast<int32_t>(branch);
      return inner;
    }
  }
  return Status::Corruption("avro data", "unknown schema type");
}

}  // namespace

Status EncodeDatum(const Node& schema, const Datum& value, std::string* out) {
  return Encode(schema, value, "", out);
}

Result<Datum> DecodeDatum(const Node& schema, Decoder& in, uint64_t* budget) {
  return Decode(schema, in, budget);
}

}  // namespace cdc::format::avro
