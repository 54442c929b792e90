#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "format/change_file_writer.h"
#include "format/parquet/parquet_metadata.h"
#include "model/projection.h"

namespace cdc::format {

// DMS's ParquetVersion: the format version written in the footer and the names of the dictionary
// encodings (PLAIN_DICTIONARY for 1.0; PLAIN dictionary pages and RLE_DICTIONARY indices for 2.0).
// Data pages are v1 in both.
enum class ParquetVersion : uint8_t { kV1_0, kV2_0 };
std::string_view ToString(ParquetVersion version);

// DMS's EncodingType. Both dictionary settings write a dictionary page per column chunk, and
// fall back to PLAIN for a chunk whose dictionary grows past DictPageSizeLimit.
enum class ParquetEncodingType : uint8_t { kPlain, kPlainDictionary, kRleDictionary };
std::string_view ToString(ParquetEncodingType type);

// How MySQL TIME columns are written (docs/parquet.md). TIME spans -838:59:59.999999 to
// 838:59:59.999999, which Parquet's TIME (a time of day) cannot hold.
enum class ParquetTimeMapping : uint8_t {
  kMicrosInt64,  // INT64 signed microseconds (no logical type): lossless, the default
  kTimeOfDay,    // TIME(MICROS, not UTC-adjusted); a value outside 00:00:00..23:59:59.999999 fails Append
};
std::string_view ToString(ParquetTimeMapping mapping);

// How BIGINT UNSIGNED columns are written.
enum class ParquetUInt64Mapping : uint8_t {
  kUnsignedInt64,  // INT64 with INTEGER(64, unsigned): the default, like DMS's UINT64
  kDecimal20,      // DECIMAL(20,0) in FIXED_LEN_BYTE_ARRAY(9): for readers without unsigned types (Spark < 3.2)
};
std::string_view ToString(ParquetUInt64Mapping mapping);

// Iceberg data and delete files (docs/iceberg.md, "Data files"). Set, the writer gives every leaf
// column its Iceberg field id (Iceberg readers match columns by id, not by name) and writes each
// value kind as the Iceberg type that iceberg::IcebergTypeOf maps it to requires:
// TINYINT/SMALLINT/MEDIUMINT UNSIGNED as INT32 INTEGER(32, signed) (int), INT UNSIGNED as INT64
// INTEGER(64, signed) (long), BIGINT UNSIGNED as DECIMAL(20,0) (whatever uint64_mapping says),
// TIMESTAMP in microseconds (whatever timestamp_in_millisecond says), TIME as plain INT64
// microseconds (whatever time_mapping says), JSON as STRING. Everything else is as in a change file.
struct ParquetIcebergOptions {
  // One per leaf column of the file, in file order (Op, TimestampColumnName, the projection's
  // columns, the ordering columns: a data file usually has only the projection's).
  std::vector<int32_t> field_ids;
  // Empty, or one per leaf column: true writes the column REQUIRED, and a null in it fails Append
  // with InvalidArgument (the file is then discarded).
  std::vector<bool> required;
  // Written as the footer's key-value metadata "iceberg.schema" when not empty (the table schema
  // JSON, as Iceberg writers do; some readers map columns with it).
  std::string schema_json;
};

// The DMS S3Settings that shape a Parquet file (reference/dms-s3-target.md §1.3), DMS's names and
// defaults, plus lakefeed's type-mapping choices.
struct ParquetSettings {
  ParquetVersion parquet_version = ParquetVersion::kV1_0;               // ParquetVersion
  ParquetEncodingType encoding_type = ParquetEncodingType::kRleDictionary;  // EncodingType
  uint32_t dict_page_size_limit = 1024 * 1024;                          // DictPageSizeLimit (bytes)
  uint32_t data_page_size = 1024 * 1024;                                // DataPageSize (bytes)
  uint32_t row_group_length = 10000;                                    // RowGroupLength (rows)
  bool enable_statistics = true;                                        // EnableStatistics
  bool timestamp_in_millisecond = false;                                // ParquetTimestampInMillisecond
  // The page codec. Unset: from OutputSettings::compression, as DMS's CompressionType does for
  // Parquet (NONE -> UNCOMPRESSED, GZIP -> GZIP). lakefeed also writes SNAPPY and ZSTD.
  std::optional<parquet::Codec> codec;
  int zstd_level = 3;
  ParquetTimeMapping time_mapping = ParquetTimeMapping::kMicrosInt64;
  ParquetUInt64Mapping uint64_mapping = ParquetUInt64Mapping::kUnsignedInt64;
  // lakefeed: an Iceberg data or delete file (see ParquetIcebergOptions).
  std::optional<ParquetIcebergOptions> iceberg;
};

// InvalidArgument when a setting is out of range (a zero size, an unsupported codec).
Status ValidateParquetSettings(const ParquetSettings& settings);

// Opens a Parquet change file at `path` (created or truncated); extension() is "parquet". Columns:
// Op (when DMS writes it), TimestampColumnName, the projection's columns, the ordering columns,
// each typed as docs/parquet.md says. Rows are buffered by column up to RowGroupLength rows (and
// at most 64 MiB of values), then encoded and written as one row group; bytes_written() counts
// the buffered values too, as they would be stored uncompressed. Errors are sticky, as in the CSV
// writer: after a failed Append the caller discards the file. Not thread-safe; the projection is
// held by shared pointer. InvalidArgument when the settings are invalid or two output columns
// share a name (Parquet readers refuse that), or `parquet.iceberg` has the wrong number of field
// ids or required flags; IOError when the file cannot be created.
Result<std::unique_ptr<ChangeFileWriter>> OpenParquetWriter(const std::string& path, FileKind kind,
                                                            model::TableProjectionPtr projection,
                                                            const OutputSettings& output,
                                                            const ParquetSettings& parquet,
                                                            const FileOptions& file_options = {});

}  // namespace cdc::format
