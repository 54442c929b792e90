#include "model/field_type.h"

namespace cdc::model {

std::string_view ToString(FieldType type) {
  switch (type) {
    case FieldType::kDecimal: return "DECIMAL_OLD";
    case FieldType::kTiny: return "TINY";
    case FieldType::kShort: return "SHORT";
    case FieldType::kLong: return "LONG";
    case FieldType::kFloat: return "FLOAT";
    case FieldType::kDouble: return "DOUBLE";
    case FieldType::kNull: return "NULL";
    case FieldType::kTimestamp: return "TIMESTAMP";
    case FieldType::kLongLong: return "LONGLONG";
    case FieldType::kInt24: return "INT24";
    case FieldType::kDate: return "DATE";
    case FieldType::kTime: return "TIME";
    case FieldType::kDateTime: return "DATETIME";
    case FieldType::kYear: return "YEAR";
    case FieldType::kNewDate: return "NEWDATE";
    case FieldType::kVarchar: return "VARCHAR";
    case FieldType::kBit: return "BIT";
    case FieldType::kTimestamp2: return "TIMESTAMP2";
    case FieldType::kDateTime2: return "DATETIME2";
    case FieldType::kTime2: return "TIME2";
    case FieldType::kTypedArray: return "TYPED_ARRAY";
    case FieldType::kBlobCompressed: return "BLOB_COMPRESSED";
    case FieldType::kVarcharCompressed: return "VARCHAR_COMPRESSED";
    case FieldType::kVector: return "VECTOR";
    case FieldType::kInvalid: return "INVALID";
    case FieldType::kBool: return "BOOL";
    case FieldType::kJson: return "JSON";
    case FieldType::kNewDecimal: return "NEWDECIMAL";
    case FieldType::kEnum: return "ENUM";
    case FieldType::kSet: return "SET";
    case FieldType::kTinyBlob: return "TINY_BLOB";
    case FieldType::kMediumBlob: return "MEDIUM_BLOB";
    case FieldType::kLongBlob: return "LONG_BLOB";
    case FieldType::kBlob: return "BLOB";
    case FieldType::kVarString: return "VAR_STRING";
    case FieldType::kString: return "STRING";
    case FieldType::kGeometry: return "GEOMETRY";
  }
  return "UNKNOWN";
}

bool IsKnownRowFieldType(uint8_t code) {
  if (code >= 1 && code <= 19 && code != 6) return true;
  if (code == 140 || code == 141) return true;  // MariaDB BLOB_COMPRESSED, VARCHAR_COMPRESSED
  return code == 242 || code >= 245;
}

}  // namespace cdc::model
