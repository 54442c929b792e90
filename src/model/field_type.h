#pragma once

#include <cstdint>
#include <string_view>

namespace cdc::model {

// Column type codes as they appear on the wire in TABLE_MAP events (enum_field_types in MySQL's
// include/field_types.h and MariaDB's include/mysql_com.h). Serialized: values are fixed.
enum class FieldType : uint8_t {
  kDecimal = 0,  // pre-5.0 DECIMAL; never in row events of supported servers
  kTiny = 1,
  kShort = 2,
  kLong = 3,
  kFloat = 4,
  kDouble = 5,
  kNull = 6,
  kTimestamp = 7,  // pre-5.6 TIMESTAMP: u32 epoch seconds
  kLongLong = 8,
  kInt24 = 9,
  kDate = 10,
  kTime = 11,      // pre-5.6 TIME: packed decimal HHMMSS
  kDateTime = 12,  // pre-5.6 DATETIME: packed decimal YYYYMMDDHHMMSS
  kYear = 13,
  kNewDate = 14,
  kVarchar = 15,
  kBit = 16,
  kTimestamp2 = 17,
  kDateTime2 = 18,
  kTime2 = 19,
  kTypedArray = 20,  // MySQL 8 multi-valued index helper; not in row images
  // MariaDB 10.3+ column compression (`... COMPRESSED`; MYSQL_TYPE_BLOB_COMPRESSED and
  // MYSQL_TYPE_VARCHAR_COMPRESSED in MariaDB include/mysql_com.h, the binlog_type() of
  // Field_blob_compressed and Field_varstring_compressed in sql/field.h). Only TABLE_MAP uses
  // them; the row image holds the stored (compressed) form. See binlog/row_decoder.h.
  kBlobCompressed = 140,
  kVarcharCompressed = 141,
  kVector = 242,     // MySQL 9
  kInvalid = 243,
  kBool = 244,
  kJson = 245,
  kNewDecimal = 246,
  kEnum = 247,
  kSet = 248,
  kTinyBlob = 249,
  kMediumBlob = 250,
  kLongBlob = 251,
  kBlob = 252,
  kVarString = 253,
  kString = 254,
  kGeometry = 255,
};

std::string_view ToString(FieldType type);

// True for the codes a row image can hold (everything above except kDecimal, kNull,
// kTypedArray, kInvalid, kBool; including MariaDB's compressed 140 and 141). Others are rejected by the TABLE_MAP decoder.
bool IsKnownRowFieldType(uint8_t code);

}  // namespace cdc::model
