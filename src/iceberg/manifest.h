#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "format/avro/avro_container.h"
#include "iceberg/schema.h"
#include "iceberg/table_metadata.h"

// Iceberg v2 manifests and manifest lists (the table spec's "Manifests" and "Manifest Lists"):
// Avro container files framed by format/avro, with our own Avro schemas whose field ids are the
// spec's. docs/iceberg.md lists the fields lakefeed writes.
namespace cdc::iceberg {

// data_file.content. Serialized: the values are the spec's.
enum class FileContent : int32_t { kData = 0, kPositionDeletes = 1, kEqualityDeletes = 2 };
// manifest_file.content and the "content" header of a manifest. Serialized.
enum class ManifestContent : int32_t { kData = 0, kDeletes = 1 };
// manifest_entry.status. Serialized.
enum class EntryStatus : int32_t { kExisting = 0, kAdded = 1, kDeleted = 2 };

std::string_view ToString(FileContent content);
std::string_view ToString(ManifestContent content);
std::string_view ToString(EntryStatus status);

// A data or delete file as a manifest describes it (the spec's data_file struct; v2 fields).
// The partition tuple is always empty: lakefeed's tables are unpartitioned.
struct DataFile {
  FileContent content = FileContent::kData;
  std::string file_path;  // full URI with scheme
  std::string file_format =
      "PARQUET";  // written upper-case, as the Java implementation does; read in any case
  int64_t record_count = 0;
  int64_t file_size_in_bytes = 0;
  // Metrics by field id; empty means "not written" (null).
  std::vector<std::pair<FieldId, int64_t>> column_sizes;
  std::vector<std::pair<FieldId, int64_t>> value_counts;
  std::vector<std::pair<FieldId, int64_t>> null_value_counts;
  std::vector<std::pair<FieldId, int64_t>> nan_value_counts;
  std::vector<std::pair<FieldId, std::string>> lower_bounds;  // Appendix D single-value bytes
  std::vector<std::pair<FieldId, std::string>> upper_bounds;
  std::vector<int64_t> split_offsets;  // empty: null
  std::vector<FieldId> equality_ids;   // kEqualityDeletes only
  std::optional<int32_t> sort_order_id;
  std::optional<std::string> referenced_data_file;

  bool operator==(const DataFile&) const = default;
};

// One row of a manifest. Unset sequence numbers and snapshot id are inherited from the manifest
// list entry (only allowed for kAdded entries).
struct ManifestEntry {
  EntryStatus status = EntryStatus::kAdded;
  std::optional<SnapshotId> snapshot_id;
  std::optional<int64_t> sequence_number;
  std::optional<int64_t> file_sequence_number;
  DataFile data_file;

  bool operator==(const ManifestEntry&) const = default;
};

// What a manifest's header says (the spec's "Manifest Metadata").
struct ManifestHeader {
  Schema schema;
  PartitionSpec spec;
  ManifestContent content = ManifestContent::kData;
};

// One row of a manifest list (the spec's manifest_file struct, v2 fields; partition summaries are
// written as an empty list: no partition fields).
struct ManifestFile {
  std::string manifest_path;  // full URI
  int64_t manifest_length = 0;
  int32_t partition_spec_id = 0;
  ManifestContent content = ManifestContent::kData;
  int64_t sequence_number = 0;
  int64_t min_sequence_number = 0;
  SnapshotId added_snapshot_id;
  int32_t added_files_count = 0;
  int32_t existing_files_count = 0;
  int32_t deleted_files_count = 0;
  int64_t added_rows_count = 0;
  int64_t existing_rows_count = 0;
  int64_t deleted_rows_count = 0;

  bool operator==(const ManifestFile&) const = default;
};

// The Avro schema JSON of manifest entries and of manifest list rows (with field ids).
const std::string& ManifestEntrySchemaJson();
const std::string& ManifestFileSchemaJson();

// The bytes of a manifest holding `entries`. InvalidArgument when an entry breaks the v2 rules
// (an existing or deleted entry without explicit sequence numbers and snapshot id, an equality
// delete without equality ids, a data file in a delete manifest or the reverse).
Result<std::string> WriteManifest(const ManifestHeader& header, const std::vector<ManifestEntry>& entries,
                                  format::avro::Codec codec = format::avro::Codec::kNull);

// The entries of a manifest, written by lakefeed or another Iceberg writer (fields are found by
// name in the file's own schema; unknown fields are ignored). Corruption when the file is not a
// valid container or a required field is missing or of the wrong type.
Result<std::vector<ManifestEntry>> ReadManifest(std::string_view bytes);

// The bytes of a manifest list. `snapshot_id`, `parent` and `sequence_number` go into the header.
Result<std::string> WriteManifestList(const std::vector<ManifestFile>& manifests, SnapshotId snapshot_id,
                                      std::optional<SnapshotId> parent, int64_t sequence_number,
                                      format::avro::Codec codec = format::avro::Codec::kNull);

// The rows of a manifest list; Corruption as ReadManifest.
Result<std::vector<ManifestFile>> ReadManifestList(std::string_view bytes);

}  // namespace cdc::iceberg
