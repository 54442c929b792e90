#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

// The Thrift compact protocol, as far as Parquet's metadata needs it: structs, i8/i16/i32/i64,
// bool, binary and lists (no maps, sets, doubles or messages). Written by hand from the protocol's
// specification (apache/thrift doc/specs/thrift-compact-protocol.md):
//   - integers other than i8 are zigzag-encoded, then written as ULEB128 varints;
//   - a field header is one byte (id delta 1..15 << 4 | type) or, for other deltas, the type
//     byte followed by the id as a zigzag varint i16; a bool field carries its value in the type
//     (1 true, 2 false); a struct ends with a 0 byte;
//   - a list header is one byte (size << 4 | element type) for sizes up to 14, else
//     0xF0 | element type followed by the size as a varint;
//   - binary is a varint length then the bytes.
namespace cdc::format::parquet {

// The 4-bit type codes of the compact protocol.
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};
std::string_view ToString(CompactType type);

// Appends compact-protocol bytes to a caller's string. Fields are written in increasing id order
// within a struct (the delta form needs it). Not thread-safe; the string must outlive the writer.
class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  void FieldBool(int16_t id, bool value) { FieldHeader(id, value ? CompactType::kBoolTrue : CompactType::kBoolFalse); }
  void FieldI8(int16_t id, int8_t value) {
    FieldHeader(id, CompactType::kI8);
    out_->push_back(static_cast<char>(value));
  }
  void FieldI16(int16_t id, int16_t value) {
    FieldHeader(id, CompactType::kI16);
    I32(value);  // i16 and i32 share the zigzag varint form
  }
  void FieldI32(int16_t id, int32_t value) {
    FieldHeader(id, CompactType::kI32);
    I32(value);
  }
  void FieldI64(int16_t id, int64_t value) {
    FieldHeader(id, CompactType::kI64);
    I64(value);
  }
  void FieldBinary(int16_t id, std::string_view value) {
    FieldHeader(id, CompactType::kBinary);
    Binary(value);
  }
  // A struct-valued field: its fields follow, then EndStruct().
  void FieldStructBegin(int16_t id) {
    FieldHeader(id, CompactType::kStruct);
    BeginStruct();
  }
  // A list-valued field of `size` elements of `element` type, written next with the element
  // functions below (structs with BeginStruct()/EndStruct()).
  void FieldListBegin(int16_t id, CompactType element, size_t size) {
    FieldHeader(id, CompactType::kList);
    ListHeader(element, size);
  }

  // Starts a struct that is not a field (the top-level struct or a list element).
  void BeginStruct();
  // Writes the stop byte and returns to the enclosing struct.
  void EndStruct();

  // Bare values (list elements).
  void I32(int32_t value) { Varint(ZigZag(value)); }
  void I64(int64_t value) { Varint(ZigZag(value)); }
  void Binary(std::string_view value) {
    Varint(value.size());
    out_->append(value);
  }
  void ListHeader(CompactType element, size_t size);

  static uint64_t ZigZag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }
  void Varint(uint64_t value) {
    while (value >= 0x80) {
      out_->push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    out_->push_back(static_cast<char>(value));
  }

 private:
  void FieldHeader(int16_t id, CompactType type);

  static constexpr int kMaxDepth = 32;
  std::string* out_;
  int16_t last_ids_[kMaxDepth] = {};  // the last field id written, per open struct
  int depth_ = 0;                     // open structs
};

// Reads compact-protocol bytes, bounds-checked: every failure is kCorruption and names what was
// being read. Not thread-safe; the bytes must outlive the reader.
class CompactReader {
 public:
  explicit CompactReader(std::string_view in) : in_(in) {}

  size_t position() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }

  // Call at the start of a struct; pairs with the ReadFieldHeader that returned stop.
  void BeginStruct();
  // Reads the next field header of the current struct. Sets *type to kStop (and ends the struct)
  // at its end. A bool field's value is in *type (kBoolTrue / kBoolFalse).
  Status ReadFieldHeader(CompactType* type, int16_t* id);
  Status ReadI8(int8_t* value);
  Status ReadI16(int16_t* value);
  Status ReadI32(int32_t* value);
  Status ReadI64(int64_t* value);
  Status ReadBinary(std::string_view* value);
  Status ReadListHeader(CompactType* element, uint32_t* size);
  Status ReadVarint(uint64_t* value);
  // Skips a value of `type` (a field's value or a list element), nested values included.
  Status Skip(CompactType type);

 private:
  Status SkipNested(CompactType type, int depth);

  static constexpr int kMaxDepth = 32;
  std::string_view in_;
  size_t pos_ = 0;
  int16_t last_ids_[kMaxDepth] = {};
  int depth_ = 0;
};

}  // namespace cdc::format::parquet
