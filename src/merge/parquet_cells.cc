#include "merge/parquet_cells.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>

#include "merge/civil.h"
#include "merge/value_parse.h"
#include "model/value.h"

namespace cdc::merge {
namespace {

__extension__ typedef __int128 Int128;            // NOLINT(modernize-use-using)
__extension__ typedef unsigned __int128 UInt128;  // NOLINT(modernize-use-using)

using format::parquet::ConvertedType;
using format::parquet::LogicalType;
using format::parquet::PhysicalType;
using model::ValueKind;

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

bool IsMillis(const format::parquet::SchemaElement& element) {
  if (element.logical_type && element.logical_type->kind == LogicalType::Kind::kTimestamp) {
    return element.logical_type->unit == format::parquet::TimeUnit::kMillis;
  }
  return element.converted_type == ConvertedType::kTimestampMillis;
}

int DecimalScale(const format::parquet::SchemaElement& element) {
  if (element.logical_type && element.logical_type->kind == LogicalType::Kind::kDecimal) {
    return element.logical_type->scale;
  }
  return element.scale.value_or(0);
}

// A big-endian two's complement integer of 1..16 bytes.
bool FromBigEndian(std::string_view bytes, Int128* out) {
  if (bytes.empty() || bytes.size() > 16) return false;
  UInt128 bits = 0;
  for (char byte : bytes) bits = bits << 8 | static_cast<unsigned char>(byte);
  if ((static_cast<unsigned char>(bytes[0]) & 0x80) != 0 && bytes.size() < 16) {
    bits |= ~static_cast<UInt128>(0) << (8 * bytes.size());  // sign extension
  }
  *out = static_cast<Int128>(bits);
  return true;
}

// The exact decimal text of unscaled * 10^-scale, with exactly `scale` fraction digits.
void AppendDecimalText(Int128 unscaled, int scale, std::string* out) {
  const bool negative = unscaled < 0;
  UInt128 magnitude = negative ? static_cast<UInt128>(-(unscaled + 1)) + 1
                                         : static_cast<UInt128>(unscaled);
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  while (digits.size() <= static_cast<size_t>(scale)) digits.push_back('0');
  std::reverse(digits.begin(), digits.end());
  if (negative) out->push_back('-');
  out->append(digits, 0, digits.size() - static_cast<size_t>(scale));
  if (scale > 0) {
    out->push_back('.');
    out->append(digits, digits.size() - static_cast<size_t>(scale), std::string::npos);
  }
}

model::PackedDateTime DateTimeFromMicros(int64_t micros) {
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  model::PackedDateTime value;
  value.date = {static_cast<uint16_t>(date.year), static_cast<uint8_t>(date.month), static_cast<uint8_t>(date.day)};
  const int64_t seconds = rest / kMicrosPerSecond;
  value.hour = static_cast<uint8_t>(seconds / 3600);
  value.minute = static_cast<uint8_t>(seconds / 60 % 60);
  value.second = static_cast<uint8_t>(seconds % 60);
  value.micros = static_cast<uint32_t>(rest % kMicrosPerSecond);
  return value;
}

}  // namespace

Status AppendParquetCells(const model::ColumnSchema& column_schema, const format::parquet::SchemaElement& element,
                          const format::parquet::ColumnValues& values, size_t begin, size_t end, size_t* value_idx,
                          model::ColumnVector* column) {
  const PhysicalType physical = element.type.value_or(PhysicalType::kByteArray);
  const bool numeric = physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64 ||
                       physical == PhysicalType::kFloat || physical == PhysicalType::kDouble ||
                       physical == PhysicalType::kBoolean;
  auto bad = [&](std::string_view why) {
    return Status::Corruption("column " + column_schema.name + " (Parquet " + std::string(ToString(physical)) + ")",
                              why);
  };
  if (end > values.present.size()) return bad("fewer rows than the file claims");
  const size_t available = numeric ? values.numbers.size() : values.bytes.size();
  std::string text;
  for (size_t row_idx = begin; row_idx < end; ++row_idx) {
    if (!values.present[row_idx]) {
      column->AppendNull();
      continue;
    }
    if (*value_idx >= available) return bad("fewer values than rows");
    const size_t idx = (*value_idx)++;
    const uint64_t number = numeric ? values.numbers[idx] : 0;
    const std::string_view bytes = numeric ? std::string_view() : std::string_view(values.bytes[idx]);
    switch (column_schema.kind) {
      case ValueKind::kInt64:
      case ValueKind::kYear:
      case ValueKind::kBit:
        if (physical != PhysicalType::kInt32 && physical != PhysicalType::kInt64) return bad("not an integer column");
        column->AppendSlot(number);
        break;
      case ValueKind::kUInt64:
        if (physical == PhysicalType::kInt32) {
          column->AppendSlot(number & 0xffffffffu);
        } else if (physical == PhysicalType::kInt64) {
          column->AppendSlot(number);
        } else if (physical == PhysicalType::kFixedLenByteArray) {
          Int128 value = 0;
          if (!FromBigEndian(bytes, &value) || value < 0 || value > static_cast<Int128>(UINT64_MAX)) {
            return bad("not a BIGINT UNSIGNED value");
          }
          column->AppendSlot(static_cast<uint64_t>(value));
        } else {
          return bad("not an integer column");
        }
        break;
      case ValueKind::kFloat:
        if (physical != PhysicalType::kFloat) return bad("not a FLOAT column");
        column->AppendSlot(number & 0xffffffffu);
        break;
      case ValueKind::kDouble:
        if (physical == PhysicalType::kFloat) {  // an Iceberg float field promoted to double
          column->AppendSlot(std::bit_cast<uint64_t>(static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(number)))));
          break;
        }
        if (physical != PhysicalType::kDouble) return bad("not a DOUBLE column");
        column->AppendSlot(number);
        break;
      case ValueKind::kDecimal: {
        if (physical == PhysicalType::kByteArray) {
          CDC_RETURN_IF_ERROR(AppendCellFromText(column_schema, bytes, column));
          break;
        }
        Int128 unscaled = 0;
        if (physical == PhysicalType::kInt32 || physical == PhysicalType::kInt64) {
          unscaled = static_cast<int64_t>(number);
        } else if (!FromBigEndian(bytes, &unscaled)) {
          return bad("not a decimal value");
        }
        text.clear();
        AppendDecimalText(unscaled, DecimalScale(element), &text);
        column->AppendBytes(text);
        break;
      }
      case ValueKind::kDate: {
        if (physical != PhysicalType::kInt32) return bad("not a DATE column");
        const CivilDate date = CivilFromDays(static_cast<int32_t>(number));
        if (date.year < 0 || date.year > 9999) return bad("DATE out of range");
        column->AppendSlot(model::PackedDate{static_cast<uint16_t>(date.year), static_cast<uint8_t>(date.month),
                                             static_cast<uint8_t>(date.day)}
                               .Pack());
        break;
      }
      case ValueKind::kDateTime: {
        if (physical != PhysicalType::kInt64) return bad("not a DATETIME column");
        const int64_t micros = IsMillis(element) ? static_cast<int64_t>(number) * 1000 : static_cast<int64_t>(number);
        const model::PackedDateTime value = DateTimeFromMicros(micros);
        if (micros < DaysSinceEpoch(0, 1, 1) * kMicrosPerDay || value.date.year > 9999) return bad("DATETIME out of range");
        column->AppendSlot(value.Pack());
        break;
      }
      case ValueKind::kTimestamp: {
        if (physical != PhysicalType::kInt64) return bad("not a TIMESTAMP column");
        const int64_t micros = IsMillis(element) ? static_cast<int64_t>(number) * 1000 : static_cast<int64_t>(number);
        if (micros <= 0 || micros / kMicrosPerSecond > int64_t{UINT32_MAX}) return bad("TIMESTAMP out of range");
        column->AppendSlot(model::PackedTimestamp{static_cast<uint32_t>(micros / kMicrosPerSecond),
                                                  static_cast<uint32_t>(micros % kMicrosPerSecond)}
                               .Pack());
        break;
      }
      case ValueKind::kTime: {
        if (physical != PhysicalType::kInt64) return bad("not a TIME column");
        const int64_t micros = static_cast<int64_t>(number);
        const uint64_t magnitude = micros < 0 ? static_cast<uint64_t>(-(micros + 1)) + 1 : static_cast<uint64_t>(micros);
        const uint64_t seconds = magnitude / kMicrosPerSecond;
        model::PackedTime time;
        time.negative = micros < 0;
        time.hours = static_cast<uint32_t>(seconds / 3600);
        time.minutes = static_cast<uint8_t>(seconds / 60 % 60);
        time.seconds = static_cast<uint8_t>(seconds % 60);
        time.micros = static_cast<uint32_t>(magnitude % kMicrosPerSecond);
        column->AppendSlot(time.Pack());
        break;
      }
      case ValueKind::kEnum:
      case ValueKind::kSet:
      case ValueKind::kInet4:
      case ValueKind::kInet6:
        if (physical != PhysicalType::kByteArray) return bad("not a text column");
        CDC_RETURN_IF_ERROR(AppendCellFromText(column_schema, bytes, column));
        break;
      case ValueKind::kString:
      case ValueKind::kJson:
      case ValueKind::kBinary:
      case ValueKind::kVector:
      case ValueKind::kUuid:
        if (numeric) return bad("not a byte column");
        column->AppendBytes(bytes);
        break;
      case ValueKind::kGeometry: {
        if (numeric) return bad("not a byte column");
        std::string* buffer = column->bytes_buffer();
        buffer->append(4, '\0');  // SRID 0
        buffer->append(bytes);
        column->FinishBytes();
        break;
      }
    }
  }
  return Status::OK();
}

}  // namespace cdc::merge
