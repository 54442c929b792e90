#include "iceberg/data_files.h"

#include <sys/stat.h>

#include <algorithm>

#include "iceberg/table_metadata.h"

namespace cdc::iceberg {

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
