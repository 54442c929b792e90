#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/avro/avro_schema.h"

// Avro's binary encoding (the specification's "Binary Encoding"): primitives, and a generic value
// (Datum) encoded and decoded against a schema. docs/avro.md has the grammar.
namespace cdc::format::avro {

// Appends the encoding of one value to *out.
void EncodeLong(int64_t value, std::string* out);  // zig-zag, then base-128 varint, low group first
inline void EncodeInt(int32_t value, std::string* out) {
  EncodeLong(value, out);
}
void EncodeBoolean(bool value, std::string* out);            // one byte, 0 or 1
void EncodeFloat(float value, std::string* out);             // 4 bytes, little-endian IEEE 754
void EncodeDouble(double value, std::string* out);           // 8 bytes, little-endian IEEE 754
void EncodeBytes(std::string_view value, std::string* out);  // length (long), then the bytes
inline void EncodeString(std::string_view value, std::string* out) {
  EncodeBytes(value, out);
}

// A bounds-checked cursor over Avro-encoded bytes from outside. Every Read returns Corruption
// naming what it read when the bytes end early or are malformed (a varint longer than 10 bytes, an
// int out of range, a negative length). Does not own the bytes. Not thread-safe.
class Decoder {
 public:
  explicit Decoder(std::string_view bytes) : bytes_(bytes) {}

  size_t remaining() const { return bytes_.size() - pos_; }
  size_t position() const { return pos_; }

  Result<int64_t> ReadLong();
  Result<int32_t> ReadInt();
  Result<bool> ReadBoolean();
  Result<float> ReadFloat();
  Result<double> ReadDouble();
  // Bytes and strings: a view into the input (strings are not checked for UTF-8).
  Result<std::string_view> ReadBytes();
  Result<std::string_view> ReadFixed(size_t size);
  // The start of an array or map block: the item count (0 ends the array or map). A negative
  // count is followed by the block's byte size, which is read and checked against what remains.
  Result<int64_t> ReadBlockCount();

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// A value of any Avro type, as decoded (or to be encoded) against a schema node. Records hold
// their fields in schema order in `items`; arrays their items; maps their values in `items` and
// keys in `keys`. A union value is the chosen branch's value with `branch` set to its index.
struct Datum {
  Type type = Type::kNull;
  int32_t branch = -1;            // set when the value fills a union
  bool boolean = false;           // kBoolean
  int64_t integer = 0;            // kInt, kLong, kEnum (the symbol's index)
  double real = 0;                // kFloat, kDouble
  std::string bytes;              // kBytes, kString, kFixed
  std::vector<Datum> items;       // kRecord (fields), kArray (items), kMap (values)
  std::vector<std::string> keys;  // kMap

  static Datum Null() { return Datum{}; }
  static Datum Boolean(bool value);
  static Datum Int(int32_t value);
  static Datum Long(int64_t value);
  static Datum Float(float value);
  static Datum Double(double value);
  static Datum Bytes(std::string value);
  static Datum String(std::string value);
  static Datum Fixed(std::string value);
  static Datum Record(std::vector<Datum> fields);
  static Datum Array(std::vector<Datum> items);
  // `value` placed in branch `branch` of a union.
  static Datum Union(int32_t branch, Datum value);

  bool is_null() const { return type == Type::kNull; }
};

// Appends the encoding of `value` as `schema` says. InvalidArgument naming the path when the value
// does not fit the schema (another type, a record with another field count, a union branch out of
// range, a fixed of another size, an enum index out of range). Arrays and maps are written as one
// block (when not empty) and the terminating zero.
Status EncodeDatum(const Node& schema, const Datum& value, std::string* out);

// Decodes one value of `schema` from `in`. Corruption when the bytes are malformed or truncated,
// or when decoding would produce more than *budget values (a bound against inputs that claim
// billions of zero-size items); *budget is decreased by the values decoded.
Result<Datum> DecodeDatum(const Node& schema, Decoder& in, uint64_t* budget);

}  // namespace cdc::format::avro
