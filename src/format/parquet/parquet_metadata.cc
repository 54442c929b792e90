#include "format/parquet/parquet_metadata.h"

#include <utility>

#include "format/parquet/thrift_compact.h"

// Encoders and decoders of the structs in parquet_metadata.thrift, field by field in id order.
// CDC_RETURN_IF_ERROR nests here (a struct's fields are read in lambdas); this one names its
// status after the line, so that nested uses do not shadow each other.
#define PQ_TRY(expr)                                              \
  do {                                                            \
    ::cdc::Status CDC_CONCAT(pq_status_, __LINE__) = (expr);      \
    if (!CDC_CONCAT(pq_status_, __LINE__).ok()) return CDC_CONCAT(pq_status_, __LINE__); \
  } while (false)

namespace cdc::format::parquet {

std::string_view ToString(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean: return "BOOLEAN";
    case PhysicalType::kInt32: return "INT32";
    case PhysicalType::kInt64: return "INT64";
    case PhysicalType::kInt96: return "INT96";
    case PhysicalType::kFloat: return "FLOAT";
    case PhysicalType::kDouble: return "DOUBLE";
    case PhysicalType::kByteArray: return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
  }
  return "unknown";
}

size_t PlainWidth(PhysicalType type, int32_t type_length) {
  switch (type) {
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return 4;
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return 8;
    case PhysicalType::kInt96:
      return 12;
    case PhysicalType::kFixedLenByteArray:
      return type_length > 0 ? static_cast<size_t>(type_length) : 0;
    case PhysicalType::kBoolean:
    case PhysicalType::kByteArray:
      break;
  }
  return 0;
}

std::string_view ToString(ConvertedType type) {
  switch (type) {
    case ConvertedType::kUtf8: return "UTF8";
    case ConvertedType::kDecimal: return "DECIMAL";
    case ConvertedType::kDate: return "DATE";
    case ConvertedType::kTimeMillis: return "TIME_MILLIS";
    case ConvertedType::kTimeMicros: return "TIME_MICROS";
    case ConvertedType::kTimestampMillis: return "TIMESTAMP_MILLIS";
    case ConvertedType::kTimestampMicros: return "TIMESTAMP_MICROS";
    case ConvertedType::kUint8: return "UINT_8";
    case ConvertedType::kUint16: return "UINT_16";
    case ConvertedType::kUint32: return "UINT_32";
    case ConvertedType::kUint64: return "UINT_64";
    case ConvertedType::kInt8: return "INT_8";
    case ConvertedType::kInt16: return "INT_16";
    case ConvertedType::kInt32: return "INT_32";
    case ConvertedType::kInt64: return "INT_64";
    case ConvertedType::kJson: return "JSON";
  }
  return "unknown";
}

std::string_view ToString(Repetition repetition) {
  switch (repetition) {
    case Repetition::kRequired: return "REQUIRED";
    case Repetition::kOptional: return "OPTIONAL";
    case Repetition::kRepeated: return "REPEATED";
  }
  return "unknown";
}

std::string_view ToString(PageKind kind) {
  switch (kind) {
    case PageKind::kDataPage: return "DATA_PAGE";
    case PageKind::kIndexPage: return "INDEX_PAGE";
    case PageKind::kDictionaryPage: return "DICTIONARY_PAGE";
    case PageKind::kDataPageV2: return "DATA_PAGE_V2";
  }
  return "unknown";
}

std::string_view ToString(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis: return "MILLIS";
    case TimeUnit::kMicros: return "MICROS";
    case TimeUnit::kNanos: return "NANOS";
  }
  return "unknown";
}

std::string_view ToString(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "unknown";
}

std::string_view ToString(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "unknown";
}

std::string_view ToString(LogicalType::Kind kind) {
  switch (kind) {
    case LogicalType::Kind::kString: return "STRING";
    case LogicalType::Kind::kEnum: return "ENUM";
    case LogicalType::Kind::kDecimal: return "DECIMAL";
    case LogicalType::Kind::kDate: return "DATE";
    case LogicalType::Kind::kTime: return "TIME";
    case LogicalType::Kind::kTimestamp: return "TIMESTAMP";
    case LogicalType::Kind::kInteger: return "INTEGER";
    case LogicalType::Kind::kUnknown: return "UNKNOWN";
    case LogicalType::Kind::kJson: return "JSON";
    case LogicalType::Kind::kBson: return "BSON";
    case LogicalType::Kind::kUuid: return "UUID";
  }
  return "unknown";
}

namespace {

// ---- encoding ----

void EncodeTimeUnit(CompactWriter& w, int16_t id, TimeUnit unit) {
  w.FieldStructBegin(id);
  w.FieldStructBegin(static_cast<int16_t>(unit));  // the member's id is the unit
  w.EndStruct();
  w.EndStruct();
}

void EncodeLogicalType(CompactWriter& w, const LogicalType& type) {
  w.FieldStructBegin(static_cast<int16_t>(type.kind));
  switch (type.kind) {
    case LogicalType::Kind::kDecimal:
      w.FieldI32(1, type.scale);
      w.FieldI32(2, type.precision);
      break;
    case LogicalType::Kind::kTime:
    case LogicalType::Kind::kTimestamp:
      w.FieldBool(1, type.adjusted_to_utc);
      EncodeTimeUnit(w, 2, type.unit);
      break;
    case LogicalType::Kind::kInteger:
      w.FieldI8(1, type.bit_width);
      w.FieldBool(2, type.is_signed);
      break;
    case LogicalType::Kind::kString:
    case LogicalType::Kind::kEnum:
    case LogicalType::Kind::kDate:
    case LogicalType::Kind::kUnknown:
    case LogicalType::Kind::kJson:
    case LogicalType::Kind::kBson:
    case LogicalType::Kind::kUuid:
      break;  // marker structs: no fields
  }
  w.EndStruct();
}

void EncodeSchemaElement(CompactWriter& w, const SchemaElement& e) {
  w.BeginStruct();
  if (e.type) w.FieldI32(1, static_cast<int32_t>(*e.type));
  if (e.type_length) w.FieldI32(2, *e.type_length);
  if (e.repetition) w.FieldI32(3, static_cast<int32_t>(*e.repetition));
  w.FieldBinary(4, e.name);
  if (e.num_children) w.FieldI32(5, *e.num_children);
  if (e.converted_type) w.FieldI32(6, static_cast<int32_t>(*e.converted_type));
  if (e.scale) w.FieldI32(7, *e.scale);
  if (e.precision) w.FieldI32(8, *e.precision);
  if (e.field_id) w.FieldI32(9, *e.field_id);
  if (e.logical_type) {
    w.FieldStructBegin(10);
    EncodeLogicalType(w, *e.logical_type);
    w.EndStruct();
  }
  w.EndStruct();
}

void EncodeStatistics(CompactWriter& w, int16_t id, const Statistics& s) {
  w.FieldStructBegin(id);
  if (s.legacy_max) w.FieldBinary(1, *s.legacy_max);
  if (s.legacy_min) w.FieldBinary(2, *s.legacy_min);
  if (s.null_count) w.FieldI64(3, *s.null_count);
  if (s.distinct_count) w.FieldI64(4, *s.distinct_count);
  if (s.max_value) w.FieldBinary(5, *s.max_value);
  if (s.min_value) w.FieldBinary(6, *s.min_value);
  if (s.is_max_value_exact) w.FieldBool(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w.FieldBool(8, *s.is_min_value_exact);
  w.EndStruct();
}

void EncodeKeyValues(CompactWriter& w, int16_t id, const std::vector<KeyValue>& pairs) {
  if (pairs.empty()) return;
  w.FieldListBegin(id, CompactType::kStruct, pairs.size());
  for (const KeyValue& pair : pairs) {
    w.BeginStruct();
    w.FieldBinary(1, pair.key);
    if (pair.value) w.FieldBinary(2, *pair.value);
    w.EndStruct();
  }
}

void EncodeColumnMetaData(CompactWriter& w, const ColumnMetaData& m) {
  w.FieldI32(1, static_cast<int32_t>(m.type));
  w.FieldListBegin(2, CompactType::kI32, m.encodings.size());
  for (Encoding encoding : m.encodings) w.I32(static_cast<int32_t>(encoding));
  w.FieldListBegin(3, CompactType::kBinary, m.path_in_schema.size());
  for (const std::string& part : m.path_in_schema) w.Binary(part);
  w.FieldI32(4, static_cast<int32_t>(m.codec));
  w.FieldI64(5, m.num_values);
  w.FieldI64(6, m.total_uncompressed_size);
  w.FieldI64(7, m.total_compressed_size);
  EncodeKeyValues(w, 8, m.key_value_metadata);
  w.FieldI64(9, m.data_page_offset);
  if (m.index_page_offset) w.FieldI64(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w.FieldI64(11, *m.dictionary_page_offset);
  if (m.statistics) EncodeStatistics(w, 12, *m.statistics);
}

void EncodeRowGroup(CompactWriter& w, const RowGroup& g) {
  w.BeginStruct();
  w.FieldListBegin(1, CompactType::kStruct, g.columns.size());
  for (const ColumnChunk& chunk : g.columns) {
    w.BeginStruct();
    if (chunk.file_path) w.FieldBinary(1, *chunk.file_path);
    w.FieldI64(2, chunk.file_offset);
    if (chunk.meta_data) {
      w.FieldStructBegin(3);
      EncodeColumnMetaData(w, *chunk.meta_data);
      w.EndStruct();
    }
    w.EndStruct();
  }
  w.FieldI64(2, g.total_byte_size);
  w.FieldI64(3, g.num_rows);
  if (g.file_offset) w.FieldI64(5, *g.file_offset);
  if (g.total_compressed_size) w.FieldI64(6, *g.total_compressed_size);
  if (g.ordinal) w.FieldI16(7, *g.ordinal);
  w.EndStruct();
}

// ---- decoding ----

Status Mismatch(std::string_view what, int16_t id, CompactType type) {
  return Status::Corruption("parquet " + std::string(what),
                            "field " + std::to_string(id) + " has type " + std::string(ToString(type)));
}

// Calls on_field(type, id) for each field of the struct that starts at the reader's position.
template <typename OnField>
Status ReadStruct(CompactReader& r, OnField&& on_field) {
  r.BeginStruct();
  while (true) {
    CompactType type = CompactType::kStop;
    int16_t id = 0;
    PQ_TRY(r.ReadFieldHeader(&type, &id));
    if (type == CompactType::kStop) return Status::OK();
    PQ_TRY(on_field(type, id));
  }
}

// Typed field readers: check the wire type, then read.
Status GetI32(CompactReader& r, CompactType type, int16_t id, std::string_view what, int32_t* out) {
  if (type != CompactType::kI32 && type != CompactType::kI16 && type != CompactType::kI8)
    return Mismatch(what, id, type);
  if (type == CompactType::kI8) {
    int8_t v = 0;
    PQ_TRY(r.ReadI8(&v));
    *out = v;
    return Status::OK();
  }
  return r.ReadI32(out);
}
Status GetI64(CompactReader& r, CompactType type, int16_t id, std::string_view what, int64_t* out) {
  if (type == CompactType::kI32 || type == CompactType::kI16) {
    int32_t v = 0;
    PQ_TRY(r.ReadI32(&v));
    *out = v;
    return Status::OK();
  }
  if (type != CompactType::kI64) return Mismatch(what, id, type);
  return r.ReadI64(out);
}
Status GetString(CompactReader& r, CompactType type, int16_t id, std::string_view what, std::string* out) {
  if (type != CompactType::kBinary) return Mismatch(what, id, type);
  std::string_view v;
  PQ_TRY(r.ReadBinary(&v));
  out->assign(v);
  return Status::OK();
}
Status GetBool(CompactType type, int16_t id, std::string_view what, bool* out) {
  if (type != CompactType::kBoolTrue && type != CompactType::kBoolFalse) return Mismatch(what, id, type);
  *out = type == CompactType::kBoolTrue;
  return Status::OK();
}
template <typename Enum>
Status GetEnum(CompactReader& r, CompactType type, int16_t id, std::string_view what, Enum* out) {
  int32_t v = 0;
  PQ_TRY(GetI32(r, type, id, what, &v));
  *out = static_cast<Enum>(v);
  return Status::OK();
}
template <typename T, typename Get>
Status GetOptional(std::optional<T>* out, Get&& get) {
  T value{};
  PQ_TRY(get(&value));
  *out = std::move(value);
  return Status::OK();
}
Status ExpectStruct(CompactType type, int16_t id, std::string_view what) {
  return type == CompactType::kStruct ? Status::OK() : Mismatch(what, id, type);
}
// Reads a list header and checks the element type.
Status GetList(CompactReader& r, CompactType type, int16_t id, std::string_view what, CompactType element,
               uint32_t* size) {
  if (type != CompactType::kList) return Mismatch(what, id, type);
  CompactType actual = CompactType::kStop;
  PQ_TRY(r.ReadListHeader(&actual, size));
  if (actual != element && !(element == CompactType::kI32 && *size == 0)) {
    return Status::Corruption("parquet " + std::string(what),
                              "list " + std::to_string(id) + " holds " + std::string(ToString(actual)));
  }
  return Status::OK();
}

Status DecodeTimeUnit(CompactReader& r, TimeUnit* unit) {
  bool seen = false;
  PQ_TRY(ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    if (id >= 1 && id <= 3 && type == CompactType::kStruct) {
      *unit = static_cast<TimeUnit>(id);
      seen = true;
    }
    return r.Skip(type);
  }));
  return seen ? Status::OK() : Status::Corruption("parquet TimeUnit", "no unit set");
}

Status DecodeLogicalType(CompactReader& r, std::optional<LogicalType>* out) {
  return ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    if (type != CompactType::kStruct) return r.Skip(type);
    LogicalType logical;
    switch (id) {
      case 1: case 4: case 6: case 11: case 12: case 13: case 14:
        logical.kind = static_cast<LogicalType::Kind>(id);
        PQ_TRY(r.Skip(type));
        break;
      case 5:
        logical.kind = LogicalType::Kind::kDecimal;
        PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
          if (f == 1) return GetI32(r, t, f, "DecimalType", &logical.scale);
          if (f == 2) return GetI32(r, t, f, "DecimalType", &logical.precision);
          return r.Skip(t);
        }));
        break;
      case 7:
      case 8:
        logical.kind = static_cast<LogicalType::Kind>(id);
        PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
          if (f == 1) return GetBool(t, f, "TimeType", &logical.adjusted_to_utc);
          if (f == 2) {
            PQ_TRY(ExpectStruct(t, f, "TimeType"));
            return DecodeTimeUnit(r, &logical.unit);
          }
          return r.Skip(t);
        }));
        break;
      case 10:
        logical.kind = LogicalType::Kind::kInteger;
        PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
          if (f == 1) {
            int32_t width = 0;
            PQ_TRY(GetI32(r, t, f, "IntType", &width));
            logical.bit_width = static_cast<int8_t>(width);
            return Status::OK();
          }
          if (f == 2) return GetBool(t, f, "IntType", &logical.is_signed);
          return r.Skip(t);
        }));
        break;
      default:
        return r.Skip(type);  // a logical type lakefeed does not know: left unset
    }
    *out = logical;
    return Status::OK();
  });
}

Status DecodeSchemaElement(CompactReader& r, SchemaElement* e) {
  bool has_name = false;
  PQ_TRY(ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "SchemaElement";
    switch (id) {
      case 1: return GetOptional(&e->type, [&](PhysicalType* v) { return GetEnum(r, type, id, kWhat, v); });
      case 2: return GetOptional(&e->type_length, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 3: return GetOptional(&e->repetition, [&](Repetition* v) { return GetEnum(r, type, id, kWhat, v); });
      case 4:
        has_name = true;
        return GetString(r, type, id, kWhat, &e->name);
      case 5: return GetOptional(&e->num_children, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 6:
        return GetOptional(&e->converted_type, [&](ConvertedType* v) { return GetEnum(r, type, id, kWhat, v); });
      case 7: return GetOptional(&e->scale, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 8: return GetOptional(&e->precision, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 9: return GetOptional(&e->field_id, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 10:
        PQ_TRY(ExpectStruct(type, id, kWhat));
        return DecodeLogicalType(r, &e->logical_type);
      default: return r.Skip(type);
    }
  }));
  return has_name ? Status::OK() : Status::Corruption("parquet SchemaElement", "no name");
}

Status DecodeStatistics(CompactReader& r, Statistics* s) {
  return ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "Statistics";
    auto get_string = [&](std::string* v) { return GetString(r, type, id, kWhat, v); };
    auto get_i64 = [&](int64_t* v) { return GetI64(r, type, id, kWhat, v); };
    auto get_bool = [&](bool* v) { return GetBool(type, id, kWhat, v); };
    switch (id) {
      case 1: return GetOptional(&s->legacy_max, get_string);
      case 2: return GetOptional(&s->legacy_min, get_string);
      case 3: return GetOptional(&s->null_count, get_i64);
      case 4: return GetOptional(&s->distinct_count, get_i64);
      case 5: return GetOptional(&s->max_value, get_string);
      case 6: return GetOptional(&s->min_value, get_string);
      case 7: return GetOptional(&s->is_max_value_exact, get_bool);
      case 8: return GetOptional(&s->is_min_value_exact, get_bool);
      default: return r.Skip(type);
    }
  });
}

Status DecodeKeyValues(CompactReader& r, CompactType type, int16_t id, std::vector<KeyValue>* out) {
  uint32_t size = 0;
  PQ_TRY(GetList(r, type, id, "key_value_metadata", CompactType::kStruct, &size));
  out->resize(size);
  for (KeyValue& pair : *out) {
    bool has_key = false;
    PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
      if (f == 1) {
        has_key = true;
        return GetString(r, t, f, "KeyValue", &pair.key);
      }
      if (f == 2) return GetOptional(&pair.value, [&](std::string* v) { return GetString(r, t, f, "KeyValue", v); });
      return r.Skip(t);
    }));
    if (!has_key) return Status::Corruption("parquet KeyValue", "no key");
  }
  return Status::OK();
}

Status DecodeColumnMetaData(CompactReader& r, ColumnMetaData* m) {
  uint32_t seen = 0;  // bit per required field id
  PQ_TRY(ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "ColumnMetaData";
    if (id >= 1 && id <= 9) seen |= 1u << id;
    switch (id) {
      case 1: return GetEnum(r, type, id, kWhat, &m->type);
      case 2: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kI32, &size));
        m->encodings.resize(size);
        for (Encoding& encoding : m->encodings) {
          int32_t v = 0;
          PQ_TRY(r.ReadI32(&v));
          encoding = static_cast<Encoding>(v);
        }
        return Status::OK();
      }
      case 3: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kBinary, &size));
        m->path_in_schema.resize(size);
        for (std::string& part : m->path_in_schema) {
          std::string_view v;
          PQ_TRY(r.ReadBinary(&v));
          part.assign(v);
        }
        return Status::OK();
      }
      case 4: return GetEnum(r, type, id, kWhat, &m->codec);
      case 5: return GetI64(r, type, id, kWhat, &m->num_values);
      case 6: return GetI64(r, type, id, kWhat, &m->total_uncompressed_size);
      case 7: return GetI64(r, type, id, kWhat, &m->total_compressed_size);
      case 8: return DecodeKeyValues(r, type, id, &m->key_value_metadata);
      case 9: return GetI64(r, type, id, kWhat, &m->data_page_offset);
      case 10:
        return GetOptional(&m->index_page_offset, [&](int64_t* v) { return GetI64(r, type, id, kWhat, v); });
      case 11:
        return GetOptional(&m->dictionary_page_offset, [&](int64_t* v) { return GetI64(r, type, id, kWhat, v); });
      case 12:
        PQ_TRY(ExpectStruct(type, id, kWhat));
        return GetOptional(&m->statistics, [&](Statistics* v) { return DecodeStatistics(r, v); });
      default: return r.Skip(type);
    }
  }));
  constexpr uint32_t kRequired = 0b1011111110;  // ids 1-7 and 9
  if ((seen & kRequired) != kRequired) return Status::Corruption("parquet ColumnMetaData", "a required field is missing");
  return Status::OK();
}

Status DecodeRowGroup(CompactReader& r, RowGroup* g) {
  return ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "RowGroup";
    switch (id) {
      case 1: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kStruct, &size));
        g->columns.resize(size);
        for (ColumnChunk& chunk : g->columns) {
          PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
            switch (f) {
              case 1:
                return GetOptional(&chunk.file_path, [&](std::string* v) { return GetString(r, t, f, "ColumnChunk", v); });
              case 2: return GetI64(r, t, f, "ColumnChunk", &chunk.file_offset);
              case 3:
                PQ_TRY(ExpectStruct(t, f, "ColumnChunk"));
                return GetOptional(&chunk.meta_data, [&](ColumnMetaData* v) { return DecodeColumnMetaData(r, v); });
              default: return r.Skip(t);
            }
          }));
        }
        return Status::OK();
      }
      case 2: return GetI64(r, type, id, kWhat, &g->total_byte_size);
      case 3: return GetI64(r, type, id, kWhat, &g->num_rows);
      case 5: return GetOptional(&g->file_offset, [&](int64_t* v) { return GetI64(r, type, id, kWhat, v); });
      case 6: return GetOptional(&g->total_compressed_size, [&](int64_t* v) { return GetI64(r, type, id, kWhat, v); });
      case 7:
        return GetOptional(&g->ordinal, [&](int16_t* v) {
          int32_t wide = 0;
          PQ_TRY(GetI32(r, type, id, kWhat, &wide));
          *v = static_cast<int16_t>(wide);
          return Status::OK();
        });
      default: return r.Skip(type);
    }
  });
}

}  // namespace

void EncodeFileMetaData(const FileMetaData& metadata, std::string* out) {
  CompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, metadata.version);
  w.FieldListBegin(2, CompactType::kStruct, metadata.schema.size());
  for (const SchemaElement& element : metadata.schema) EncodeSchemaElement(w, element);
  w.FieldI64(3, metadata.num_rows);
  w.FieldListBegin(4, CompactType::kStruct, metadata.row_groups.size());
  for (const RowGroup& group : metadata.row_groups) EncodeRowGroup(w, group);
  EncodeKeyValues(w, 5, metadata.key_value_metadata);
  if (metadata.created_by) w.FieldBinary(6, *metadata.created_by);
  if (metadata.type_defined_column_orders > 0) {
    w.FieldListBegin(7, CompactType::kStruct, static_cast<size_t>(metadata.type_defined_column_orders));
    for (int32_t column_idx = 0; column_idx < metadata.type_defined_column_orders; ++column_idx) {
      w.BeginStruct();
      w.FieldStructBegin(1);  // TYPE_ORDER: TypeDefinedOrder, no fields
      w.EndStruct();
      w.EndStruct();
    }
  }
  w.EndStruct();
}

void EncodePageHeader(const PageHeader& header, std::string* out) {
  CompactWriter w(out);
  w.BeginStruct();
  w.FieldI32(1, static_cast<int32_t>(header.type));
  w.FieldI32(2, header.uncompressed_page_size);
  w.FieldI32(3, header.compressed_page_size);
  if (header.crc) w.FieldI32(4, *header.crc);
  if (header.data_page_header) {
    const DataPageHeader& d = *header.data_page_header;
    w.FieldStructBegin(5);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    w.FieldI32(3, static_cast<int32_t>(d.definition_level_encoding));
    w.FieldI32(4, static_cast<int32_t>(d.repetition_level_encoding));
    if (d.statistics) EncodeStatistics(w, 5, *d.statistics);
    w.EndStruct();
  }
  if (header.dictionary_page_header) {
    const DictionaryPageHeader& d = *header.dictionary_page_header;
    w.FieldStructBegin(7);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, static_cast<int32_t>(d.encoding));
    if (d.is_sorted) w.FieldBool(3, *d.is_sorted);
    w.EndStruct();
  }
  if (header.data_page_header_v2) {
    const DataPageHeaderV2& d = *header.data_page_header_v2;
    w.FieldStructBegin(8);
    w.FieldI32(1, d.num_values);
    w.FieldI32(2, d.num_nulls);
    w.FieldI32(3, d.num_rows);
    w.FieldI32(4, static_cast<int32_t>(d.encoding));
    w.FieldI32(5, d.definition_levels_byte_length);
    w.FieldI32(6, d.repetition_levels_byte_length);
    w.FieldBool(7, d.is_compressed);
    if (d.statistics) EncodeStatistics(w, 8, *d.statistics);
    w.EndStruct();
  }
  w.EndStruct();
}

Result<FileMetaData> DecodeFileMetaData(std::string_view in) {
  CompactReader r(in);
  FileMetaData m;
  uint32_t seen = 0;
  Status status = ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "FileMetaData";
    if (id >= 1 && id <= 4) seen |= 1u << id;
    switch (id) {
      case 1: return GetI32(r, type, id, kWhat, &m.version);
      case 2: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kStruct, &size));
        m.schema.resize(size);
        for (SchemaElement& element : m.schema) PQ_TRY(DecodeSchemaElement(r, &element));
        return Status::OK();
      }
      case 3: return GetI64(r, type, id, kWhat, &m.num_rows);
      case 4: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kStruct, &size));
        m.row_groups.resize(size);
        for (RowGroup& group : m.row_groups) PQ_TRY(DecodeRowGroup(r, &group));
        return Status::OK();
      }
      case 5: return DecodeKeyValues(r, type, id, &m.key_value_metadata);
      case 6: return GetOptional(&m.created_by, [&](std::string* v) { return GetString(r, type, id, kWhat, v); });
      case 7: {
        uint32_t size = 0;
        PQ_TRY(GetList(r, type, id, kWhat, CompactType::kStruct, &size));
        for (uint32_t order_idx = 0; order_idx < size; ++order_idx) {
          bool type_order = false;
          PQ_TRY(ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
            if (f == 1 && t == CompactType::kStruct) type_order = true;
            return r.Skip(t);
          }));
          if (type_order) ++m.type_defined_column_orders;
        }
        return Status::OK();
      }
      default: return r.Skip(type);
    }
  });
  if (!status.ok()) return status;
  if (seen != 0b11110) return Status::Corruption("parquet FileMetaData", "a required field is missing");
  return m;
}

Result<PageHeader> DecodePageHeader(std::string_view in, size_t* consumed) {
  CompactReader r(in);
  PageHeader h;
  uint32_t seen = 0;
  Status status = ReadStruct(r, [&](CompactType type, int16_t id) -> Status {
    constexpr std::string_view kWhat = "PageHeader";
    if (id >= 1 && id <= 3) seen |= 1u << id;
    switch (id) {
      case 1: return GetEnum(r, type, id, kWhat, &h.type);
      case 2: return GetI32(r, type, id, kWhat, &h.uncompressed_page_size);
      case 3: return GetI32(r, type, id, kWhat, &h.compressed_page_size);
      case 4: return GetOptional(&h.crc, [&](int32_t* v) { return GetI32(r, type, id, kWhat, v); });
      case 5:
        PQ_TRY(ExpectStruct(type, id, kWhat));
        return GetOptional(&h.data_page_header, [&](DataPageHeader* d) {
          return ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
            constexpr std::string_view kPage = "DataPageHeader";
            switch (f) {
              case 1: return GetI32(r, t, f, kPage, &d->num_values);
              case 2: return GetEnum(r, t, f, kPage, &d->encoding);
              case 3: return GetEnum(r, t, f, kPage, &d->definition_level_encoding);
              case 4: return GetEnum(r, t, f, kPage, &d->repetition_level_encoding);
              case 5:
                PQ_TRY(ExpectStruct(t, f, kPage));
                return GetOptional(&d->statistics, [&](Statistics* s) { return DecodeStatistics(r, s); });
              default: return r.Skip(t);
            }
          });
        });
      case 7:
        PQ_TRY(ExpectStruct(type, id, kWhat));
        return GetOptional(&h.dictionary_page_header, [&](DictionaryPageHeader* d) {
          return ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
            constexpr std::string_view kPage = "DictionaryPageHeader";
            switch (f) {
              case 1: return GetI32(r, t, f, kPage, &d->num_values);
              case 2: return GetEnum(r, t, f, kPage, &d->encoding);
              case 3: return GetOptional(&d->is_sorted, [&](bool* v) { return GetBool(t, f, kPage, v); });
              default: return r.Skip(t);
            }
          });
        });
      case 8:
        PQ_TRY(ExpectStruct(type, id, kWhat));
        return GetOptional(&h.data_page_header_v2, [&](DataPageHeaderV2* d) {
          return ReadStruct(r, [&](CompactType t, int16_t f) -> Status {
            constexpr std::string_view kPage = "DataPageHeaderV2";
            switch (f) {
              case 1: return GetI32(r, t, f, kPage, &d->num_values);
              case 2: return GetI32(r, t, f, kPage, &d->num_nulls);
              case 3: return GetI32(r, t, f, kPage, &d->num_rows);
              case 4: return GetEnum(r, t, f, kPage, &d->encoding);
              case 5: return GetI32(r, t, f, kPage, &d->definition_levels_byte_length);
              case 6: return GetI32(r, t, f, kPage, &d->repetition_levels_byte_length);
              case 7: return GetBool(t, f, kPage, &d->is_compressed);
              case 8:
                PQ_TRY(ExpectStruct(t, f, kPage));
                return GetOptional(&d->statistics, [&](Statistics* s) { return DecodeStatistics(r, s); });
              default: return r.Skip(t);
            }
          });
        });
      default: return r.Skip(type);
    }
  });
  if (!status.ok()) return status;
  if (seen != 0b1110) return Status::Corruption("parquet PageHeader", "a required field is missing");
  if (h.compressed_page_size < 0 || h.uncompressed_page_size < 0) {
    return Status::Corruption("parquet PageHeader", "negative page size");
  }
  if (consumed != nullptr) *consumed = r.position();
  return h;
}

}  // namespace cdc::format::parquet
