#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"
#include "model/change_batch.h"
#include "model/projection.h"
#include "model/source_position.h"

namespace cdc::format {

class BackgroundSyncer;

// Full-load files (LOAD%08X) or change files (yyyymmdd-hhmmssfff).
enum class FileKind : uint8_t { kFullLoad, kCdc };

enum class Compression : uint8_t { kNone, kGzip };

// The DMS S3Settings that shape a file's rows, with DMS's names (reference/dms-s3-target.md §1.3) and
// defaults. Format-specific knobs (CSV dialect; Parquet later) live in their own structs.
struct OutputSettings {
  // Op column (first): the IncludeOpForFullLoad x CdcInsertsOnly matrix of DMS.
  bool include_op_for_full_load = false;  // IncludeOpForFullLoad
  bool cdc_inserts_only = false;          // CdcInsertsOnly: U and D rows are dropped
  bool cdc_inserts_and_updates = false;   // CdcInsertsAndUpdates: D rows are dropped
  // TimestampColumnName: when non-empty, a column of this name right after Op holding
  // "yyyy-MM-dd HH:mm:ss.ffffff" (CDC: the source commit time; full load: the transfer time).
  std::string timestamp_column_name;
  // lakefeed's ordering columns, last in every row: the change's seq and its commit time in
  // microseconds since the epoch. On by default; off gives byte-exact DMS output.
  bool ordering_columns = true;
  std::string seq_column_name = "_lakefeed_seq";
  std::string commit_time_column_name = "_lakefeed_commit_us";
  Compression compression = Compression::kNone;  // CompressionType: NONE | GZIP

  // InvalidArgument for settings that contradict each other.
  Status Validate() const {
    if (cdc_inserts_only && cdc_inserts_and_updates) {
      return Status::InvalidArgument("CdcInsertsOnly and CdcInsertsAndUpdates", "are mutually exclusive");
    }
    if (ordering_columns && (seq_column_name.empty() || commit_time_column_name.empty())) {
      return Status::InvalidArgument("ordering columns", "need non-empty names");
    }
    return Status::OK();
  }
  // Whether a file of `kind` has the Op column (DMS's IncludeOpForFullLoad x CdcInsertsOnly matrix).
  bool HasOpColumn(FileKind kind) const {
    return kind == FileKind::kFullLoad ? include_op_for_full_load : include_op_for_full_load || !cdc_inserts_only;
  }
  // Whether a file of `kind` keeps a change of `op`: a full-load file keeps every row.
  bool Keeps(FileKind kind, model::ChangeOp op) const {
    if (kind == FileKind::kFullLoad) return true;
    if (cdc_inserts_only) return op == model::ChangeOp::kInsert;
    if (cdc_inserts_and_updates) return op != model::ChangeOp::kDelete;
    return true;
  }
};

// The CSV dialect (DMS S3Settings names and defaults).
struct CsvSettings {
  std::string delimiter = ",";       // CsvDelimiter
  std::string row_delimiter = "\n";  // CsvRowDelimiter
  std::string null_value = "NULL";   // CsvNullValue  (DMS's on-disk default; see docs/change-files.md)
  bool rfc4180 = true;               // Rfc4180: quote fields holding the delimiter, a quote or a newline
  bool add_column_name = false;      // AddColumnName: a header row with the column names
};

// What every change in one Append shares: they come from one committed transaction.
struct ChangeContext {
  uint64_t first_seq = 0;        // seq of rows.changes()[begin]; change i has first_seq + (i - begin)
  int64_t commit_time_us = 0;    // commit time of the transaction (full load: transfer time)
};

// Writes one change file (one table, one schema) to a local path. One implementation per format:
// CSV (csv/) and Parquet (parquet/). Rows follow the TableProjection; the Op column, the
// TimestampColumnName column and the ordering columns come from OutputSettings.
//
// Not thread-safe. Memory stays bounded: rows are written through as they come (Parquet buffers
// one row group).
class ChangeFileWriter {
 public:
  virtual ~ChangeFileWriter() = default;

  // Appends changes [begin, end) of `rows`, whose schema is the projection's schema.
  virtual Status Append(const model::ChangeBatch& rows, size_t begin, size_t end, const ChangeContext& context) = 0;
  // Completes the file (footer, gzip trailer) and closes it. The file is then final.
  virtual Status Finish() = 0;

  // Rows written so far (after CdcInsertsOnly / CdcInsertsAndUpdates filtering).
  virtual uint64_t rows_written() const = 0;
  // Bytes of the file so far, as stored (compressed when compressed).
  virtual uint64_t bytes_written() const = 0;
  // File name extension without the dot: "csv", "csv.gz", "parquet".
  virtual std::string_view extension() const = 0;
};

// How a writer treats the local file it writes (not the file's contents).
struct FileOptions {
  // For a file that will be made durable where it lies (a spool file that a file:// store links into
  // place): the writer has the data written so far synced by this syncer as the file grows, so that
  // the final fsync has little left to wait for. Null: nothing is synced (a file that is copied
  // elsewhere and deleted). Must outlive the writer.
  BackgroundSyncer* background_syncer = nullptr;
};

// Opens a CSV change file at `path` (created or truncated).
Result<std::unique_ptr<ChangeFileWriter>> OpenCsvWriter(const std::string& path, FileKind kind,
                                                        model::TableProjectionPtr projection,
                                                        const OutputSettings& output, const CsvSettings& csv,
                                                        const FileOptions& file_options = {});

}  // namespace cdc::format
