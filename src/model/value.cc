#include "model/value.h"

namespace cdc::model {

std::string_view ToString(ValueKind kind) {
  switch (kind) {
    case ValueKind::kInt64: return "int64";
    case ValueKind::kUInt64: return "uint64";
    case ValueKind::kFloat: return "float";
    case ValueKind::kDouble: return "double";
    case ValueKind::kDecimal: return "decimal";
    case ValueKind::kYear: return "year";
    case ValueKind::kDate: return "date";
    case ValueKind::kTime: return "time";
    case ValueKind::kDateTime: return "datetime";
    case ValueKind::kTimestamp: return "timestamp";
    case ValueKind::kBit: return "bit";
    case ValueKind::kEnum: return "enum";
    case ValueKind::kSet: return "set";
    case ValueKind::kString: return "string";
    case ValueKind::kBinary: return "binary";
    case ValueKind::kJson: return "json";
    case ValueKind::kGeometry: return "geometry";
    case ValueKind::kUuid: return "uuid";
    case ValueKind::kInet4: return "inet4";
    case ValueKind::kInet6: return "inet6";
    case ValueKind::kVector: return "vector";
  }
  return "unknown";
}

bool IsBytesKind(ValueKind kind) {
  switch (kind) {
    case ValueKind::kDecimal:
    case ValueKind::kString:
    case ValueKind::kBinary:
    case ValueKind::kJson:
    case ValueKind::kGeometry:
    case ValueKind::kUuid:
    case ValueKind::kInet6:
    case ValueKind::kVector:
      return true;
    case ValueKind::kInt64:
    case ValueKind::kUInt64:
    case ValueKind::kFloat:
    case ValueKind::kDouble:
    case ValueKind::kYear:
    case ValueKind::kDate:
    case ValueKind::kTime:
    case ValueKind::kDateTime:
    case ValueKind::kTimestamp:
    case ValueKind::kBit:
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kInet4:
      return false;
  }
  return false;
}

}  // namespace cdc::model
