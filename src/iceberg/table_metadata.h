#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "iceberg/schema.h"

// Iceberg v2 table metadata (the table spec's "Table Metadata", "Snapshots", "Snapshot References"
// and Appendix C), as a plain struct with a JSON encoding. docs/iceberg.md describes what lakefeed
// writes.
namespace cdc::iceberg {

using SnapshotId = StrongId<int64_t, struct SnapshotIdTag>;

// The partition spec lakefeed writes has no fields (unpartitioned); specs of foreign tables are
// kept as read.
struct PartitionField {
  FieldId source_id = 0;
  int32_t field_id = 0;
  std::string name;
  std::string transform;

  bool operator==(const PartitionField&) const = default;
};

struct PartitionSpec {
  int32_t spec_id = 0;
  std::vector<PartitionField> fields;

  bool operator==(const PartitionSpec&) const = default;
};

struct SortField {
  std::string transform;
  FieldId source_id = 0;
  std::string direction;   // "asc" | "desc"
  std::string null_order;  // "nulls-first" | "nulls-last"

  bool operator==(const SortField&) const = default;
};

struct SortOrder {
  int32_t order_id = 0;
  std::vector<SortField> fields;

  bool operator==(const SortOrder&) const = default;
};

struct Snapshot {
  SnapshotId snapshot_id;
  std::optional<SnapshotId> parent_snapshot_id;
  int64_t sequence_number = 0;
  int64_t timestamp_ms = 0;
  std::string manifest_list;                   // full URI
  std::map<std::string, std::string> summary;  // "operation" is required
  std::optional<int32_t> schema_id;

  bool operator==(const Snapshot&) const = default;
};

struct SnapshotLogEntry {
  int64_t timestamp_ms = 0;
  SnapshotId snapshot_id;

  bool operator==(const SnapshotLogEntry&) const = default;
};

struct MetadataLogEntry {
  int64_t timestamp_ms = 0;
  std::string metadata_file;  // full URI of an earlier metadata file

  bool operator==(const MetadataLogEntry&) const = default;
};

struct SnapshotRef {
  SnapshotId snapshot_id;
  std::string type = "branch";  // "branch" | "tag"
  std::optional<int32_t> min_snapshots_to_keep;
  std::optional<int64_t> max_snapshot_age_ms;
  std::optional<int64_t> max_ref_age_ms;

  bool operator==(const SnapshotRef&) const = default;
};

// One version of a table's metadata. Plain value: copy freely.
struct TableMetadata {
  int32_t format_version = 2;
  std::string table_uuid;
  std::string location;  // the table's base URI
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  FieldId last_column_id = 0;
  std::vector<Schema> schemas;
  int32_t current_schema_id = 0;
  std::vector<PartitionSpec> partition_specs;
  int32_t default_spec_id = 0;
  // Partition field ids start at 1000, so a table that never had one says 999.
  int32_t last_partition_id = 999;
  std::map<std::string, std::string> properties;
  std::optional<SnapshotId> current_snapshot_id;
  std::vector<Snapshot> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::vector<SortOrder> sort_orders;
  int32_t default_sort_order_id = 0;
  std::map<std::string, SnapshotRef> refs;

  // The current schema, snapshot, a snapshot by id: nullptr when absent.
  const Schema* CurrentSchema() const;
  const Snapshot* CurrentSnapshot() const;
  const Snapshot* FindSnapshot(SnapshotId id) const;

  bool operator==(const TableMetadata&) const = default;
};

// The JSON text of a metadata file (2-space indent, the spec's field names).
std::string EncodeMetadataJson(const TableMetadata& metadata);

// Parses a metadata file. Strict: Corruption naming the field when the text is not JSON, a required
// v2 field is missing or has the wrong JSON type, or references do not hold together (the current
// schema, spec, sort order or snapshot is not listed, refs.main differs from current-snapshot-id);
// NotSupported for format versions other than 2 and for nested types. Unknown fields are ignored.
Result<TableMetadata> DecodeMetadataJson(std::string_view text);

// Encodes / decodes one schema as the spec's JSON object (also the "schema" header of manifests).
std::string EncodeSchemaJson(const Schema& schema);
Result<Schema> DecodeSchemaJson(std::string_view text);

// A partition spec's fields as the JSON array a manifest header holds ("partition-spec").
std::string EncodePartitionFieldsJson(const PartitionSpec& spec);

}  // namespace cdc::iceberg
