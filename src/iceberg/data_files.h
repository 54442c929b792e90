#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "format/change_file_writer.h"
#include "format/parquet/parquet_writer.h"
#include "iceberg/manifest.h"
#include "iceberg/schema.h"
#include "model/change_batch.h"
#include "model/projection.h"

// Parquet data files and delete files of an Iceberg table, written by lakefeed's own Parquet writer
// (format/parquet) with Iceberg field ids (ParquetSettings::iceberg). docs/iceberg.md, "Data files".
namespace cdc::iceberg {

// One deleted row: the data file (its full URI, as in the manifest) and the row's 0-based position.
struct PositionDelete {
  std::string file_path;
  int64_t pos = 0;

  auto operator<=>(const PositionDelete&) const = default;
};

// Writes one Parquet file of an Iceberg table to a local path: a data file (every schema field),
// an equality delete file (the equality fields) or a position delete file (file_path, pos). Rows
// come as ChangeBatch images: each change's after image (inserts) -- or before image for deletes --
// is one row. Not thread-safe.
class ParquetFileWriter {
 public:
  // A data file of `schema` from batches of `source`; source columns are matched to schema fields
  // by name. `base` gives the codec and page settings (its type-mapping choices are overridden as
  // ParquetIcebergOptions says). InvalidArgument when a schema field has no source column.
  static Result<ParquetFileWriter> OpenDataFile(const std::string& local_path, model::TableSchemaPtr source,
                                                const Schema& schema,
                                                const format::ParquetSettings& base = {});
  // An equality delete file holding only the columns of `equality_ids` (in that order).
  static Result<ParquetFileWriter> OpenEqualityDeleteFile(const std::string& local_path,
                                                          model::TableSchemaPtr source, const Schema& schema,
                                                          std::vector<FieldId> equality_ids,
                                                          const format::ParquetSettings& base = {});

  // Appends changes [begin, end) of `rows` (whose schema is `source`) as rows.
  Status Append(const model::ChangeBatch& rows, size_t begin, size_t end);
  // Completes the file. The DataFile has content, record_count, file_size_in_bytes, equality_ids,
  // split_offsets (the row groups) and the column metrics read back from the file's footer:
  // column_sizes, value_counts, null_value_counts, and lower/upper bounds in the spec's single-value
  // form (Appendix D) for each column whose every row group has min/max statistics. The caller sets
  // file_path once the file is in the table's store. IOError or Corruption when the footer cannot
  // be read back.
  Result<DataFile> Finish();

 private:
  friend Result<DataFile> WritePositionDeleteFile(const std::string& local_path,
                                                  std::vector<PositionDelete> deletes,
                                                  const format::ParquetSettings& base);
  ParquetFileWriter() = default;
  static Result<ParquetFileWriter> Open(const std::string& local_path, model::TableSchemaPtr source,
                                        const Schema& schema, const std::vector<FieldId>& field_ids,
                                        FileContent content, const format::ParquetSettings& base);

  std::string local_path_;
  FileContent content_ = FileContent::kData;
  std::vector<FieldId> equality_ids_;
  std::vector<SchemaField> fields_;  // the file's columns, in order
  std::unique_ptr<format::ChangeFileWriter> writer_;
};

// Writes a position delete file at `local_path`: columns file_path (string, field id 2147483546)
// and pos (long, 2147483545), both required, rows sorted by file path then position as the spec
// wants (duplicates dropped). The DataFile is as ParquetFileWriter::Finish gives it, plus
// referenced_data_file when every row names the same data file. InvalidArgument for an empty list
// or a negative position.
Result<DataFile> WritePositionDeleteFile(const std::string& local_path, std::vector<PositionDelete> deletes,
                                         const format::ParquetSettings& base = {});

}  // namespace cdc::iceberg
