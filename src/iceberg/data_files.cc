#include "iceberg/data_files.h"

#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <fstream>
#include <optional>

#include "format/parquet/parquet_metadata.h"
#include "iceberg/table_metadata.h"

namespace cdc::iceberg {

namespace {

using format::parquet::PhysicalType;

// The footer of the Parquet file at `path`: "PAR1", the footer, its length (4 bytes LE), "PAR1".
Result<format::parquet::FileMetaData> ReadFooter(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::IOError("iceberg Parquet file " + path, "cannot be opened to read its footer");
  const auto size = static_cast<int64_t>(in.tellg());
  if (size < 12) return Status::Corruption("iceberg Parquet file " + path, "shorter than a Parquet file");
  char tail[8];
  in.seekg(size - 8);
  in.read(tail, 8);
  if (!in || std::string_view(tail + 4, 4) != "PAR1") {
    return Status::Corruption("iceberg Parquet file " + path, "no PAR1 at the end");
  }
  const int64_t length =
      int64_t{static_cast<uint8_t>(tail[0])} | int64_t{static_cast<uint8_t>(tail[1])} << 8 |
      int64_t{static_cast<uint8_t>(tail[2])} << 16 | int64_t{static_cast<uint8_t>(tail[3])} << 24;
  if (length > size - 12)
    return Status::Corruption("iceberg Parquet file " + path, "footer length out of range");
  std::string footer(static_cast<size_t>(length), '\0');
  in.seekg(size - 8 - length);
  in.read(footer.data(), length);
  if (!in) return Status::IOError("iceberg Parquet file " + path, "footer read failed");
  return format::parquet::DecodeFileMetaData(footer);
}

// The fewest big-endian two's complement bytes of a value given as big-endian two's complement.
std::string MinimalBigEndian(std::string_view bytes) {
  size_t start = 0;
  while (start + 1 < bytes.size()) {
    const auto byte = static_cast<uint8_t>(bytes[start]);
    const auto next = static_cast<uint8_t>(bytes[start + 1]);
    if ((byte == 0x00 && (next & 0x80) == 0) || (byte == 0xff && (next & 0x80) != 0)) {
      ++start;
    } else {
      break;
    }
  }
  return std::string(bytes.substr(start));
}

// A Parquet min/max statistics value as Iceberg's single-value serialization of `type` (Appendix D):
// little-endian numbers stay as they are; decimals become their unscaled value in the fewest
// big-endian bytes; strings, binary and UUIDs are their bytes. nullopt when the value does not fit.
std::optional<std::string> IcebergBound(const Type& type, PhysicalType physical, std::string_view value) {
  switch (type.kind) {
    case TypeKind::kDecimal: {
      if (physical == PhysicalType::kFixedLenByteArray) return MinimalBigEndian(value);
      if (physical != PhysicalType::kInt32 && physical != PhysicalType::kInt64) return std::nullopt;
      if (value.size() != (physical == PhysicalType::kInt32 ? 4u : 8u)) return std::nullopt;
      uint64_t bits = 0;
      for (size_t byte_idx = 0; byte_idx < value.size(); ++byte_idx) {
        bits |= uint64_t{static_cast<uint8_t>(value[byte_idx])} << (8 * byte_idx);
      }
      if (physical == PhysicalType::kInt32) {
        bits = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(bits))));
      }
      std::string big_endian;
      for (int byte_idx = 7; byte_idx >= 0; --byte_idx)
        big_endian.push_back(static_cast<char>(bits >> (8 * byte_idx)));
      return MinimalBigEndian(big_endian);
    }
    case TypeKind::kInt:
    case TypeKind::kDate:
    case TypeKind::kFloat:
      return value.size() == 4 ? std::optional<std::string>(value) : std::nullopt;
    case TypeKind::kLong:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampTz:
    case TypeKind::kDouble:
      return value.size() == 8 ? std::optional<std::string>(value) : std::nullopt;
    case TypeKind::kUuid:
      return value.size() == 16 ? std::optional<std::string>(value) : std::nullopt;
    case TypeKind::kString:
    case TypeKind::kBinary:
    case TypeKind::kFixed:
      return std::string(value);
    case TypeKind::kBoolean:
      return value.size() == 1 ? std::optional<std::string>(value) : std::nullopt;
  }
  return std::nullopt;
}

template <typename Int>
Int LittleEndian(std::string_view bytes) {
  uint64_t bits = 0;
  for (size_t byte_idx = 0; byte_idx < sizeof(Int); ++byte_idx) {
    bits |= uint64_t{static_cast<uint8_t>(bytes[byte_idx])} << (8 * byte_idx);
  }
  return static_cast<Int>(bits);
}

// Orders two bounds of `type` in Iceberg's serialized form.
bool BoundLess(const Type& type, std::string_view a, std::string_view b) {
  switch (type.kind) {
    case TypeKind::kInt:
    case TypeKind::kDate:
      return LittleEndian<int32_t>(a) < LittleEndian<int32_t>(b);
    case TypeKind::kLong:
    case TypeKind::kTime:
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampTz:
      return LittleEndian<int64_t>(a) < LittleEndian<int64_t>(b);
    case TypeKind::kFloat:
      return std::bit_cast<float>(LittleEndian<uint32_t>(a)) <
             std::bit_cast<float>(LittleEndian<uint32_t>(b));
    case TypeKind::kDouble:
      return std::bit_cast<double>(LittleEndian<uint64_t>(a)) <
             std::bit_cast<double>(LittleEndian<uint64_t>(b));
    case TypeKind::kDecimal: {
      // Sign-extend both to 16 bytes; same-sign two's complement values then order as unsigned bytes.
      auto extend = [](std::string_view bytes) {
        const char fill = !bytes.empty() && (static_cast<uint8_t>(bytes[0]) & 0x80) != 0 ? '\xff' : '\0';
        return std::string(16 - std::min<size_t>(16, bytes.size()), fill) + std::string(bytes);
      };
      const std::string x = extend(a);
      const std::string y = extend(b);
      const bool x_negative = (static_cast<uint8_t>(x[0]) & 0x80) != 0;
      const bool y_negative = (static_cast<uint8_t>(y[0]) & 0x80) != 0;
      if (x_negative != y_negative) return x_negative;
      return x < y;
    }
    case TypeKind::kBoolean:
    case TypeKind::kString:
    case TypeKind::kUuid:
    case TypeKind::kFixed:
    case TypeKind::kBinary:
      return a < b;  // char_traits<char> compares bytes as unsigned, as the spec orders them
  }
  return false;
}

// Fills the metrics of `file` from the footer of the Parquet file it describes.
void AddMetrics(const format::parquet::FileMetaData& footer, const std::vector<SchemaField>& fields,
                DataFile* file) {
  for (const format::parquet::RowGroup& group : footer.row_groups) {
    if (group.columns.empty() || !group.columns.front().meta_data) continue;
    const format::parquet::ColumnMetaData& first = *group.columns.front().meta_data;
    file->split_offsets.push_back(first.dictionary_page_offset.value_or(first.data_page_offset));
  }
  std::sort(file->split_offsets.begin(), file->split_offsets.end());
  const size_t leaf_count = footer.schema.empty() ? 0 : footer.schema.size() - 1;
  for (size_t column_idx = 0; column_idx < leaf_count && column_idx < fields.size(); ++column_idx) {
    const SchemaField& field = fields[column_idx];
    const format::parquet::SchemaElement& element = footer.schema[column_idx + 1];
    if (!element.type) continue;
    int64_t size = 0;
    int64_t values = 0;
    int64_t nulls = 0;
    bool nulls_known = true;
    bool bounds_known = true;
    std::optional<std::string> lower;
    std::optional<std::string> upper;
    for (const format::parquet::RowGroup& group : footer.row_groups) {
      if (column_idx >= group.columns.size() || !group.columns[column_idx].meta_data) {
        nulls_known = bounds_known = false;
        continue;
      }
      const format::parquet::ColumnMetaData& meta = *group.columns[column_idx].meta_data;
      size += meta.total_compressed_size;
      values += meta.num_values;
      const std::optional<format::parquet::Statistics>& stats = meta.statistics;
      if (!stats || !stats->null_count) {
        nulls_known = bounds_known = false;
        continue;
      }
      nulls += *stats->null_count;
      if (*stats->null_count == meta.num_values) continue;  // only nulls: no bounds to take
      if (!stats->min_value || !stats->max_value) {
        bounds_known = false;  // values without statistics (e.g. long strings): no bound is safe
        continue;
      }
      std::optional<std::string> group_lower = IcebergBound(field.type, *element.type, *stats->min_value);
      std::optional<std::string> group_upper = IcebergBound(field.type, *element.type, *stats->max_value);
      if (!group_lower || !group_upper) {
        bounds_known = false;
        continue;
      }
      if (!lower || BoundLess(field.type, *group_lower, *lower)) lower = std::move(group_lower);
      if (!upper || BoundLess(field.type, *upper, *group_upper)) upper = std::move(group_upper);
    }
    file->column_sizes.emplace_back(field.id, size);
    file->value_counts.emplace_back(field.id, values);
    if (nulls_known) file->null_value_counts.emplace_back(field.id, nulls);
    if (bounds_known && lower && upper) {
      file->lower_bounds.emplace_back(field.id, std::move(*lower));
      file->upper_bounds.emplace_back(field.id, std::move(*upper));
    }
  }
}

}  // namespace

Result<ParquetFileWriter> ParquetFileWriter::OpenDataFile(const std::string& local_path,
                                                          model::TableSchemaPtr source, const Schema& schema,
                                                          const format::ParquetSettings& base) {
  std::vector<FieldId> field_ids;
  for (const SchemaField& field : schema.fields) field_ids.push_back(field.id);
  return Open(local_path, std::move(source), schema, field_ids, FileContent::kData, base);
}

Result<ParquetFileWriter> ParquetFileWriter::OpenEqualityDeleteFile(const std::string& local_path,
                                                                    model::TableSchemaPtr source,
                                                                    const Schema& schema,
                                                                    std::vector<FieldId> equality_ids,
                                                                    const format::ParquetSettings& base) {
  if (equality_ids.empty()) return Status::InvalidArgument("equality delete file", "no equality ids");
  CDC_ASSIGN_OR_RETURN(ParquetFileWriter writer, Open(local_path, std::move(source), schema, equality_ids,
                                                      FileContent::kEqualityDeletes, base));
  writer.equality_ids_ = std::move(equality_ids);
  return writer;
}

Result<ParquetFileWriter> ParquetFileWriter::Open(const std::string& local_path, model::TableSchemaPtr source,
                                                  const Schema& schema, const std::vector<FieldId>& field_ids,
                                                  FileContent content, const format::ParquetSettings& base) {
  if (source == nullptr)
    return Status::InvalidArgument("iceberg Parquet file " + local_path, "no source schema");
  auto projection = std::make_shared<model::TableProjection>();
  projection->schema = source;
  projection->target_schema = source->schema_name;
  projection->target_table = source->table_name;
  format::ParquetIcebergOptions iceberg;
  Schema file_schema;  // the fields this file holds, for its "iceberg.schema" footer key
  file_schema.schema_id = schema.schema_id;
  for (FieldId id : field_ids) {
    const SchemaField* field = schema.FindField(id);
    if (field == nullptr) {
      return Status::InvalidArgument("iceberg Parquet file " + local_path,
                                     "no field with id " + std::to_string(id));
    }
    uint32_t column_idx = 0;
    while (column_idx < source->columns.size() && source->columns[column_idx].name != field->name)
      ++column_idx;
    if (column_idx == source->columns.size()) {
      return Status::InvalidArgument("iceberg Parquet file " + local_path,
                                     "the source table has no column " + field->name);
    }
    model::OutputColumn column;
    column.name = field->name;
    column.source = model::OutputSource::kColumn;
    column.column = column_idx;
    projection->columns.push_back(std::move(column));
    iceberg.field_ids.push_back(id);
    iceberg.required.push_back(field->required);
    file_schema.fields.push_back(*field);
  }
  for (FieldId id : schema.identifier_field_ids) {
    if (file_schema.FindField(id) != nullptr) file_schema.identifier_field_ids.push_back(id);
  }
  iceberg.schema_json = EncodeSchemaJson(file_schema);

  format::OutputSettings output;  // a full-load kind file without Op, timestamp or ordering columns
  output.ordering_columns = false;
  format::ParquetSettings settings = base;
  settings.iceberg = std::move(iceberg);
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<format::ChangeFileWriter> file,
                       format::OpenParquetWriter(local_path, format::FileKind::kFullLoad,
                                                 std::move(projection), output, settings));
  ParquetFileWriter writer;
  writer.local_path_ = local_path;
  writer.content_ = content;
  writer.fields_ = file_schema.fields;
  writer.writer_ = std::move(file);
  return writer;
}

Status ParquetFileWriter::Append(const model::ChangeBatch& rows, size_t begin, size_t end) {
  if (writer_ == nullptr)
    return Status::InvalidArgument("iceberg Parquet file " + local_path_, "already finished");
  return writer_->Append(rows, begin, end, format::ChangeContext{});
}

Result<DataFile> ParquetFileWriter::Finish() {
  if (writer_ == nullptr)
    return Status::InvalidArgument("iceberg Parquet file " + local_path_, "already finished");
  CDC_RETURN_IF_ERROR(writer_->Finish());
  DataFile file;
  file.content = content_;
  file.record_count = static_cast<int64_t>(writer_->rows_written());
  file.equality_ids = equality_ids_;
  writer_.reset();
  struct stat info {};
  if (::stat(local_path_.c_str(), &info) != 0) {
    return Status::IOError("iceberg Parquet file " + local_path_, "stat failed after writing");
  }
  file.file_size_in_bytes = info.st_size;
  CDC_ASSIGN_OR_RETURN(format::parquet::FileMetaData footer, ReadFooter(local_path_));
  AddMetrics(footer, fields_, &file);
  return file;
}

Result<DataFile> WritePositionDeleteFile(const std::string& local_path, std::vector<PositionDelete> deletes,
                                         const format::ParquetSettings& base) {
  if (deletes.empty()) return Status::InvalidArgument("position delete file " + local_path, "no deletes");
  std::sort(deletes.begin(), deletes.end());
  deletes.erase(std::unique(deletes.begin(), deletes.end()), deletes.end());
  auto source = std::make_shared<model::TableSchema>();
  source->table_name = "position_deletes";
  model::ColumnSchema path_column;
  path_column.name = "file_path";
  path_column.type = model::FieldType::kVarchar;
  path_column.kind = model::ValueKind::kString;
  path_column.nullable = false;
  model::ColumnSchema pos_column;
  pos_column.name = "pos";
  pos_column.type = model::FieldType::kLongLong;
  pos_column.kind = model::ValueKind::kInt64;
  pos_column.nullable = false;
  source->columns = {path_column, pos_column};
  Schema schema;
  schema.fields = {{kDeleteFilePathFieldId, "file_path", true, Type::Of(TypeKind::kString), ""},
                   {kDeletePosFieldId, "pos", true, Type::Of(TypeKind::kLong), ""}};
  CDC_ASSIGN_OR_RETURN(
      ParquetFileWriter writer,
      ParquetFileWriter::Open(local_path, source, schema, {kDeleteFilePathFieldId, kDeletePosFieldId},
                              FileContent::kPositionDeletes, base));
  model::ChangeBatch batch(source);
  constexpr size_t kChunk = 4096;
  for (size_t begin = 0; begin < deletes.size(); begin += kChunk) {
    batch.Clear();
    const size_t end = std::min(deletes.size(), begin + kChunk);
    for (size_t delete_idx = begin; delete_idx < end; ++delete_idx) {
      if (deletes[delete_idx].pos < 0) {
        return Status::InvalidArgument("position delete file " + local_path, "negative position");
      }
      batch.column(0).AppendBytes(deletes[delete_idx].file_path);
      batch.column(1).AppendSlot(static_cast<uint64_t>(deletes[delete_idx].pos));
      model::RowChange change;
      change.op = model::ChangeOp::kInsert;
      change.after = batch.FinishImage();
      batch.AddChange(change);
    }
    CDC_RETURN_IF_ERROR(writer.Append(batch, 0, batch.size()));
  }
  CDC_ASSIGN_OR_RETURN(DataFile file, writer.Finish());
  if (deletes.front().file_path == deletes.back().file_path)
    file.referenced_data_file = deletes.front().file_path;
  return file;
}

}  // namespace cdc::iceberg
