// The Iceberg table commit protocol (docs/iceberg.md, "Commits"), following the table spec's
// "Optimistic Concurrency", "Sequence Number Inheritance", "Manifest Lists" and "File System
// Tables" (with PutIfAbsent of v<N+1>.metadata.json as the atomic step instead of a rename).
#include "iceberg/table.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <random>
#include <set>

#include "base/clock.h"
#include "store/object_store.h"

namespace cdc::iceberg {

std::string NewUuid() {
  std::random_device random;
  uint8_t bytes[16];
  for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (size_t byte_idx = 0; byte_idx < 16; ++byte_idx) {
    if (byte_idx == 4 || byte_idx == 6 || byte_idx == 8 || byte_idx == 10) text.push_back('-');
    text.push_back(kDigits[bytes[byte_idx] >> 4]);
    text.push_back(kDigits[bytes[byte_idx] & 0xf]);
  }
  return text;
}

namespace {

constexpr std::string_view kHintName = "version-hint.text";
constexpr std::string_view kMetadataSuffix = ".metadata.json";

// The store's URL with a trailing '/', the prefix of every full URI of its keys.
std::string StoreBase(const store::ObjectStore& store) {
  std::string base = store.url();
  if (base.empty() || base.back() != '/') base.push_back('/');
  return base;
}

// N of "v<N>.metadata.json", or nullopt.
std::optional<int64_t> VersionOfName(std::string_view name) {
  if (!name.starts_with("v") || !name.ends_with(kMetadataSuffix)) return std::nullopt;
  const std::string_view digits = name.substr(1, name.size() - 1 - kMetadataSuffix.size());
  int64_t version = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (ec != std::errc() || end != digits.data() + digits.size() || version < 1) return std::nullopt;
  return version;
}

SnapshotId NewSnapshotId(const TableMetadata& metadata) {
  std::random_device random;
  while (true) {
    const uint64_t bits = (uint64_t{random()} << 32) ^ random();
    const SnapshotId id(static_cast<int64_t>(bits & static_cast<uint64_t>(INT64_MAX)));
    if (id.value() != 0 && metadata.FindSnapshot(id) == nullptr) return id;
  }
}

// Iceberg's own summary keys (the spec's Appendix F metrics), which callers may not set.
bool IsIcebergSummaryKey(std::string_view key) {
  static const std::set<std::string, std::less<>> kKeys = {"operation",
                                                           "added-data-files",
                                                           "deleted-data-files",
                                                           "total-data-files",
                                                           "added-delete-files",
                                                           "added-equality-delete-files",
                                                           "removed-equality-delete-files",
                                                           "added-position-delete-files",
                                                           "removed-position-delete-files",
                                                           "added-dvs",
                                                           "removed-dvs",
                                                           "removed-delete-files",
                                                           "total-delete-files",
                                                           "added-records",
                                                           "deleted-records",
                                                           "total-records",
                                                           "added-files-size",
                                                           "removed-files-size",
                                                           "total-files-size",
                                                           "added-position-deletes",
                                                           "removed-position-deletes",
                                                           "total-position-deletes",
                                                           "added-equality-deletes",
                                                           "removed-equality-deletes",
                                                           "total-equality-deletes",
                                                           "deleted-duplicate-files",
                                                           "changed-partition-count",
                                                           "manifests-created",
                                                           "manifests-kept",
                                                           "manifests-replaced",
                                                           "entries-processed"};
  return kKeys.count(key) != 0;
}

// The counts a commit changes, named as the summary names them.
struct Delta {
  int64_t added_data_files = 0, deleted_data_files = 0;
  int64_t added_delete_files = 0, removed_delete_files = 0;
  int64_t added_equality_delete_files = 0, removed_equality_delete_files = 0;
  int64_t added_position_delete_files = 0, removed_position_delete_files = 0;
  int64_t added_records = 0, deleted_records = 0;
  int64_t added_files_size = 0, removed_files_size = 0;
  int64_t added_position_deletes = 0, removed_position_deletes = 0;
  int64_t added_equality_deletes = 0, removed_equality_deletes = 0;

  void Add(const DataFile& file) {
    added_files_size += file.file_size_in_bytes;
    switch (file.content) {
      case FileContent::kData:
        ++added_data_files;
        added_records += file.record_count;
        break;
      case FileContent::kPositionDeletes:
        ++added_delete_files;
        ++added_position_delete_files;
        added_position_deletes += file.record_count;
        break;
      case FileContent::kEqualityDeletes:
        ++added_delete_files;
        ++added_equality_delete_files;
        added_equality_deletes += file.record_count;
        break;
    }
  }
  void Remove(const DataFile& file) {
    removed_files_size += file.file_size_in_bytes;
    switch (file.content) {
      case FileContent::kData:
        ++deleted_data_files;
        deleted_records += file.record_count;
        break;
      case FileContent::kPositionDeletes:
        ++removed_delete_files;
        ++removed_position_delete_files;
        removed_position_deletes += file.record_count;
        break;
      case FileContent::kEqualityDeletes:
        ++removed_delete_files;
        ++removed_equality_delete_files;
        removed_equality_deletes += file.record_count;
        break;
    }
  }
};

std::optional<int64_t> SummaryNumber(const Snapshot* snapshot, const std::string& key) {
  if (snapshot == nullptr) return 0;  // the first snapshot starts from nothing
  auto it = snapshot->summary.find(key);
  if (it == snapshot->summary.end()) return std::nullopt;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || end != it->second.data() + it->second.size()) return std::nullopt;
  return value;
}

void PutSummary(std::map<std::string, std::string>* summary, const std::string& key, int64_t value) {
  if (value != 0) (*summary)[key] = std::to_string(value);
}

// The standard summary of a commit: what changed, and totals carried from the parent's totals (a
// total the parent lacks is left out rather than guessed).
void SummarizeDelta(const Delta& delta, const Snapshot* parent, std::map<std::string, std::string>* summary) {
  PutSummary(summary, "added-data-files", delta.added_data_files);
  PutSummary(summary, "deleted-data-files", delta.deleted_data_files);
  PutSummary(summary, "added-delete-files", delta.added_delete_files);
  PutSummary(summary, "removed-delete-files", delta.removed_delete_files);
  PutSummary(summary, "added-equality-delete-files", delta.added_equality_delete_files);
  PutSummary(summary, "removed-equality-delete-files", delta.removed_equality_delete_files);
  PutSummary(summary, "added-position-delete-files", delta.added_position_delete_files);
  PutSummary(summary, "removed-position-delete-files", delta.removed_position_delete_files);
  PutSummary(summary, "added-records", delta.added_records);
  PutSummary(summary, "deleted-records", delta.deleted_records);
  PutSummary(summary, "added-files-size", delta.added_files_size);
  PutSummary(summary, "removed-files-size", delta.removed_files_size);
  PutSummary(summary, "added-position-deletes", delta.added_position_deletes);
  PutSummary(summary, "removed-position-deletes", delta.removed_position_deletes);
  PutSummary(summary, "added-equality-deletes", delta.added_equality_deletes);
  PutSummary(summary, "removed-equality-deletes", delta.removed_equality_deletes);
  const std::pair<const char*, int64_t> totals[] = {
      {"total-data-files", delta.added_data_files - delta.deleted_data_files},
      {"total-delete-files", delta.added_delete_files - delta.removed_delete_files},
      {"total-records", delta.added_records - delta.deleted_records},
      {"total-files-size", delta.added_files_size - delta.removed_files_size},
      {"total-position-deletes", delta.added_position_deletes - delta.removed_position_deletes},
      {"total-equality-deletes", delta.added_equality_deletes - delta.removed_equality_deletes},
  };
  for (const auto& [key, change] : totals) {
    std::optional<int64_t> before = SummaryNumber(parent, key);
    if (before) (*summary)[key] = std::to_string(*before + change);
  }
}

ManifestFile NewManifestFile(ManifestContent content, int64_t sequence_number, SnapshotId snapshot_id) {
  ManifestFile file;
  file.content = content;
  file.sequence_number = sequence_number;
  file.min_sequence_number = sequence_number;
  file.added_snapshot_id = snapshot_id;
  return file;
}

}  // namespace

std::string Table::VersionFileName(MetadataVersion version) {
  return "v" + std::to_string(version.value()) + std::string(kMetadataSuffix);
}

std::string Table::DataFileKey(std::string_view name) const {
  return root_ + "/data/" + std::string(name);
}

std::string Table::DataFileUri(std::string_view name) const {
  return StoreBase(*store_) + DataFileKey(name);
}

Result<std::string> Table::KeyOfUri(std::string_view uri) const {
  const std::string base = StoreBase(*store_);
  if (!uri.starts_with(base)) {
    return Status::InvalidArgument("iceberg file " + std::string(uri), "is not in the table's store " + base);
  }
  return std::string(uri.substr(base.size()));
}

Result<Table> Table::Create(store::ObjectStore* store, std::string root, const Schema& schema,
                            std::map<std::string, std::string> properties, int64_t now_ms) {
  while (!root.empty() && root.back() == '/') root.pop_back();
  CDC_RETURN_IF_ERROR(store::ValidateKey(root));
  if (schema.fields.empty())
    return Status::InvalidArgument("iceberg table " + root, "a schema without fields");
  if (schema.HighestFieldId() > kMaxUserFieldId) {
    return Status::InvalidArgument("iceberg table " + root, "a field id in the reserved range");
  }
  Table table(store, std::move(root));
  TableMetadata& metadata = table.metadata_;
  metadata.table_uuid = NewUuid();
  metadata.location = StoreBase(*store) + table.root_;
  metadata.last_updated_ms = now_ms != 0 ? now_ms : WallClockMs();
  metadata.last_column_id = schema.HighestFieldId();
  metadata.schemas = {schema};
  metadata.current_schema_id = schema.schema_id;
  metadata.partition_specs = {PartitionSpec{}};
  metadata.sort_orders = {SortOrder{}};
  metadata.properties = std::move(properties);
  metadata.properties.emplace("write.format.default", "parquet");
  table.version_ = MetadataVersion(1);
  Result<store::ObjectInfo> put = store->Put(table.MetadataKey(VersionFileName(table.version_)),
                                             EncodeMetadataJson(metadata), store::PutOptions::IfAbsent());
  if (!put.ok()) {
    return put.status().WithContext("iceberg table " + table.root_ + " create");
  }
  (void)store->Put(table.MetadataKey(kHintName), "1");  // a hint only: Load copes without it
  return table;
}

Result<Table> Table::Load(store::ObjectStore* store, std::string root) {
  while (!root.empty() && root.back() == '/') root.pop_back();
  CDC_RETURN_IF_ERROR(store::ValidateKey(root));
  Table table(store, std::move(root));
  std::optional<int64_t> version;
  Result<std::string> hint = store->Get(table.MetadataKey(kHintName));
  if (hint.ok()) {
    std::string_view text = *hint;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
      text.remove_suffix(1);
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && value >= 1) version = value;
  } else if (!hint.status().IsNotFound()) {
    return hint.status().WithContext("iceberg table " + table.root_ + " version hint");
  }
  if (version) {
    // The hint may be stale (a commit whose hint write failed or was cut short): walk forward.
    while (true) {
      Result<store::ObjectInfo> next =
          store->Head(table.MetadataKey(VersionFileName(MetadataVersion(*version + 1))));
      if (!next.ok()) {
        if (next.status().IsNotFound()) break;
        return next.status().WithContext("iceberg table " + table.root_);
      }
      ++*version;
    }
  } else {
    CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects,
                         store::ListAll(*store, table.MetadataKey("")));
    for (const store::ObjectInfo& object : objects) {
      const std::string_view name = std::string_view(object.key).substr(table.MetadataKey("").size());
      if (std::optional<int64_t> listed = VersionOfName(name))
        version = std::max(version.value_or(0), *listed);
    }
    if (!version) return Status::NotFound("iceberg table " + table.root_, "no metadata/v<N>.metadata.json");
  }
  table.version_ = MetadataVersion(*version);
  const std::string key = table.MetadataKey(VersionFileName(table.version_));
  Result<std::string> text = store->Get(key);
  if (!text.ok()) return text.status().WithContext("iceberg table " + table.root_);
  Result<TableMetadata> metadata = DecodeMetadataJson(*text);
  if (!metadata.ok()) return metadata.status().WithContext(key);
  table.metadata_ = std::move(metadata).value();
  return table;
}

Result<std::vector<ManifestFile>> Table::CurrentManifests() const {
  const Snapshot* snapshot = metadata_.CurrentSnapshot();
  if (snapshot == nullptr) return std::vector<ManifestFile>();
  return ManifestsOf(*snapshot);
}

Result<std::vector<ManifestFile>> Table::ManifestsOf(const Snapshot& snapshot) const {
  CDC_ASSIGN_OR_RETURN(std::string key, KeyOfUri(snapshot.manifest_list));
  Result<std::string> bytes = store_->Get(key);
  if (!bytes.ok()) return bytes.status().WithContext("iceberg manifest list");
  Result<std::vector<ManifestFile>> manifests = ReadManifestList(*bytes);
  if (!manifests.ok()) return manifests.status().WithContext(key);
  return manifests;
}

Result<std::vector<ManifestEntry>> Table::ReadManifestAt(const ManifestFile& manifest) const {
  CDC_ASSIGN_OR_RETURN(std::string key, KeyOfUri(manifest.manifest_path));
  Result<std::string> bytes = store_->Get(key);
  if (!bytes.ok()) return bytes.status().WithContext("iceberg manifest");
  Result<std::vector<ManifestEntry>> entries = ReadManifest(*bytes);
  if (!entries.ok()) return entries.status().WithContext(key);
  // Inheritance: null snapshot ids and (for added entries) sequence numbers come from the list.
  for (ManifestEntry& entry : *entries) {
    if (!entry.snapshot_id) entry.snapshot_id = manifest.added_snapshot_id;
    if (entry.status == EntryStatus::kAdded) {
      if (!entry.sequence_number) entry.sequence_number = manifest.sequence_number;
      if (!entry.file_sequence_number) entry.file_sequence_number = manifest.sequence_number;
    }
    if (!entry.sequence_number || !entry.file_sequence_number) {
      return Status::Corruption(key, "an existing or deleted entry without sequence numbers");
    }
  }
  return entries;
}

Result<std::vector<ManifestEntry>> Table::LiveEntries() const {
  CDC_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, CurrentManifests());
  std::vector<ManifestEntry> live;
  for (const ManifestFile& manifest : manifests) {
    CDC_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifestAt(manifest));
    for (ManifestEntry& entry : entries) {
      if (entry.status != EntryStatus::kDeleted) live.push_back(std::move(entry));
    }
  }
  return live;
}

Result<SnapshotId> Table::Commit(const CommitRequest& request) {
  const std::string what = "iceberg table " + root_ + " commit";
  for (const auto& [key, value] : request.summary) {
    if (IsIcebergSummaryKey(key))
      return Status::InvalidArgument(what, "summary key " + key + " is Iceberg's own");
  }
  for (const DataFile& file : request.added_data_files) {
    if (file.content != FileContent::kData)
      return Status::InvalidArgument(what, file.file_path + " is not a data file");
  }
  for (const DataFile& file : request.added_delete_files) {
    if (file.content == FileContent::kData)
      return Status::InvalidArgument(what, file.file_path + " is a data file");
  }
  const Schema* current_schema = metadata_.CurrentSchema();
  if (current_schema == nullptr) return Status::Corruption(what, "the current schema is missing");
  const Snapshot* parent = metadata_.CurrentSnapshot();
  // The schema of this snapshot: the current one, or the new one of a schema evolution.
  Schema evolved;
  const Schema* schema = current_schema;
  if (request.schema) {
    bool empty = parent == nullptr;
    if (!empty) {
      auto total = parent->summary.find("total-records");
      empty = total != parent->summary.end() && total->second == "0";
    }
    CDC_RETURN_IF_ERROR(
        CheckSchemaEvolution(*current_schema, *request.schema, metadata_.last_column_id, empty).WithContext(what));
    evolved = *request.schema;
    evolved.schema_id = 0;
    for (const Schema& known : metadata_.schemas) evolved.schema_id = std::max(evolved.schema_id, known.schema_id + 1);
    schema = &evolved;
  }
  const SnapshotId snapshot_id = NewSnapshotId(metadata_);
  const int64_t sequence_number = metadata_.last_sequence_number + 1;
  const int64_t now_ms = request.timestamp_ms != 0 ? request.timestamp_ms : WallClockMs();
  const std::string attempt = NewUuid();  // names this attempt's files
  int manifest_count = 0;
  auto write_manifest = [&](ManifestContent content, const std::vector<ManifestEntry>& entries,
                            ManifestFile* file) -> Status {
    ManifestHeader header;
    header.schema = *schema;
    header.spec = metadata_.partition_specs.empty() ? PartitionSpec{} : metadata_.partition_specs.front();
    for (const PartitionSpec& spec : metadata_.partition_specs) {
      if (spec.spec_id == metadata_.default_spec_id) header.spec = spec;
    }
    header.content = content;
    CDC_ASSIGN_OR_RETURN(std::string bytes, WriteManifest(header, entries, codec_));
    const std::string name = attempt + "-m" + std::to_string(manifest_count++) + ".avro";
    Result<store::ObjectInfo> put = store_->Put(MetadataKey(name), bytes);
    if (!put.ok()) return put.status().WithContext(what);
    file->manifest_path = MetadataUri(name);
    file->manifest_length = static_cast<int64_t>(bytes.size());
    file->partition_spec_id = header.spec.spec_id;
    return Status::OK();
  };

  Delta delta;
  std::vector<ManifestFile> manifests;  // the new snapshot's, new ones first
  // New manifests for the added files: entries inherit the sequence number from the list.
  for (const auto& [content, files] : {std::pair{ManifestContent::kData, &request.added_data_files},
                                       std::pair{ManifestContent::kDeletes, &request.added_delete_files}}) {
    if (files->empty()) continue;
    std::vector<ManifestEntry> entries;
    ManifestFile file = NewManifestFile(content, sequence_number, snapshot_id);
    for (const DataFile& data_file : *files) {
      ManifestEntry entry;
      entry.status = EntryStatus::kAdded;
      entry.snapshot_id = snapshot_id;
      entry.data_file = data_file;
      entries.push_back(std::move(entry));
      delta.Add(data_file);
      ++file.added_files_count;
      file.added_rows_count += data_file.record_count;
    }
    CDC_RETURN_IF_ERROR(write_manifest(content, entries, &file));
    manifests.push_back(std::move(file));
  }

  // The parent's manifests: carried forward as they are, or rewritten when they hold a removed file.
  CDC_ASSIGN_OR_RETURN(std::vector<ManifestFile> previous, CurrentManifests());
  std::set<std::string> to_remove(request.removed_files.begin(), request.removed_files.end());
  std::set<std::string> removed;
  std::vector<ManifestFile> carried;
  for (const ManifestFile& manifest : previous) {
    if (to_remove.empty()) {
      carried.push_back(manifest);
      continue;
    }
    CDC_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifestAt(manifest));
    bool touched = false;
    for (const ManifestEntry& entry : entries) {
      touched |= entry.status != EntryStatus::kDeleted && to_remove.count(entry.data_file.file_path) != 0;
    }
    if (!touched) {
      carried.push_back(manifest);
      continue;
    }
    ManifestFile file = NewManifestFile(manifest.content, sequence_number, snapshot_id);
    std::optional<int64_t> min_sequence_number;
    std::vector<ManifestEntry> rewritten;
    for (ManifestEntry& entry : entries) {
      if (entry.status == EntryStatus::kDeleted) continue;  // informational in the old snapshot only
      if (to_remove.count(entry.data_file.file_path) != 0) {
        removed.insert(entry.data_file.file_path);
        delta.Remove(entry.data_file);
        entry.status = EntryStatus::kDeleted;
        entry.snapshot_id = snapshot_id;
        ++file.deleted_files_count;
        file.deleted_rows_count += entry.data_file.record_count;
      } else {
        entry.status = EntryStatus::kExisting;
        ++file.existing_files_count;
        file.existing_rows_count += entry.data_file.record_count;
        min_sequence_number = std::min(min_sequence_number.value_or(INT64_MAX), *entry.sequence_number);
      }
      rewritten.push_back(std::move(entry));
    }
    file.min_sequence_number = min_sequence_number.value_or(sequence_number);
    CDC_RETURN_IF_ERROR(write_manifest(manifest.content, rewritten, &file));
    manifests.push_back(std::move(file));
  }
  for (const std::string& path : to_remove) {
    if (removed.count(path) == 0)
      return Status::InvalidArgument(what, "removed file " + path + " is not live");
  }
  const size_t manifests_created = manifests.size();
  manifests.insert(manifests.end(), carried.begin(), carried.end());

  const std::optional<SnapshotId> parent_id =
      parent != nullptr ? std::optional<SnapshotId>(parent->snapshot_id) : std::nullopt;
  CDC_ASSIGN_OR_RETURN(std::string list,
                       WriteManifestList(manifests, snapshot_id, parent_id, sequence_number, codec_));
  const std::string list_name = "snap-" + std::to_string(snapshot_id.value()) + "-" + attempt + ".avro";
  Result<store::ObjectInfo> list_put = store_->Put(MetadataKey(list_name), list);
  if (!list_put.ok()) return list_put.status().WithContext(what);

  Snapshot snapshot;
  snapshot.snapshot_id = snapshot_id;
  snapshot.parent_snapshot_id = parent_id;
  snapshot.sequence_number = sequence_number;
  snapshot.timestamp_ms = now_ms;
  snapshot.manifest_list = MetadataUri(list_name);
  snapshot.schema_id = schema->schema_id;
  snapshot.summary = request.summary;
  const bool adds_data = !request.added_data_files.empty();
  const bool deletes = !request.added_delete_files.empty() || !request.removed_files.empty();
  snapshot.summary["operation"] =
      request.operation.value_or(adds_data ? (deletes ? "overwrite" : "append") : "delete");
  SummarizeDelta(delta, parent, &snapshot.summary);
  snapshot.summary["manifests-created"] = std::to_string(manifests_created);
  snapshot.summary["manifests-kept"] = std::to_string(carried.size());
  snapshot.summary["manifests-replaced"] = std::to_string(previous.size() - carried.size());

  TableMetadata next = metadata_;
  if (request.schema) {
    next.schemas.push_back(evolved);
    next.current_schema_id = evolved.schema_id;
    next.last_column_id = std::max(next.last_column_id, evolved.HighestFieldId());
  }
  next.snapshots.push_back(snapshot);
  next.current_snapshot_id = snapshot_id;
  next.refs["main"] = SnapshotRef{snapshot_id, "branch", std::nullopt, std::nullopt, std::nullopt};
  next.last_sequence_number = sequence_number;
  next.last_updated_ms = std::max(now_ms, metadata_.last_updated_ms);
  next.snapshot_log.push_back({now_ms, snapshot_id});
  CDC_RETURN_IF_ERROR(CommitMetadata(std::move(next), what));
  return snapshot_id;
}

Status Table::CommitMetadata(TableMetadata next, const std::string& what) {
  next.metadata_log.push_back({metadata_.last_updated_ms, MetadataUri(VersionFileName(version_))});
  const MetadataVersion next_version(version_.value() + 1);
  Result<store::ObjectInfo> committed = store_->Put(MetadataKey(VersionFileName(next_version)),
                                                    EncodeMetadataJson(next), store::PutOptions::IfAbsent());
  if (!committed.ok()) {
    return committed.status().WithContext(what + " of version " + std::to_string(next_version.value()));
  }
  metadata_ = std::move(next);
  version_ = next_version;
  (void)store_->Put(MetadataKey(kHintName),
                    std::to_string(version_.value()));  // a hint: Load copes without it
  return Status::OK();
}

Result<size_t> Table::ExpireSnapshots(int64_t older_than_ms, size_t keep_last) {
  std::set<int64_t> kept;
  for (const auto& [name, ref] : metadata_.refs) kept.insert(ref.snapshot_id.value());
  if (metadata_.current_snapshot_id) kept.insert(metadata_.current_snapshot_id->value());
  std::vector<const Snapshot*> by_sequence;
  for (const Snapshot& snapshot : metadata_.snapshots) by_sequence.push_back(&snapshot);
  std::sort(by_sequence.begin(), by_sequence.end(),
            [](const Snapshot* a, const Snapshot* b) { return a->sequence_number > b->sequence_number; });
  for (size_t idx = 0; idx < by_sequence.size(); ++idx) {
    if (idx < keep_last || by_sequence[idx]->timestamp_ms >= older_than_ms) {
      kept.insert(by_sequence[idx]->snapshot_id.value());
    }
  }
  if (kept.size() == metadata_.snapshots.size()) return 0;
  TableMetadata next = metadata_;
  std::erase_if(next.snapshots,
                [&](const Snapshot& snapshot) { return !kept.contains(snapshot.snapshot_id.value()); });
  std::erase_if(next.snapshot_log,
                [&](const SnapshotLogEntry& entry) { return !kept.contains(entry.snapshot_id.value()); });
  std::erase_if(next.metadata_log,
                [&](const MetadataLogEntry& entry) { return entry.timestamp_ms < older_than_ms; });
  next.last_updated_ms = std::max(WallClockMs(), metadata_.last_updated_ms);
  const size_t expired = metadata_.snapshots.size() - next.snapshots.size();
  CDC_RETURN_IF_ERROR(CommitMetadata(std::move(next), "iceberg table " + root_ + " snapshot expiry"));
  return expired;
}

Result<size_t> Table::RemoveUnreachableFiles(int64_t older_than_ms) {
  std::set<std::string> reached = {MetadataKey(VersionFileName(version_)), MetadataKey(kHintName)};
  for (const MetadataLogEntry& entry : metadata_.metadata_log) {
    CDC_ASSIGN_OR_RETURN(std::string key, KeyOfUri(entry.metadata_file));
    reached.insert(std::move(key));
  }
  std::set<std::string> manifests_read;
  for (const Snapshot& snapshot : metadata_.snapshots) {
    CDC_ASSIGN_OR_RETURN(std::string list_key, KeyOfUri(snapshot.manifest_list));
    reached.insert(std::move(list_key));
    CDC_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, ManifestsOf(snapshot));
    for (const ManifestFile& manifest : manifests) {
      CDC_ASSIGN_OR_RETURN(std::string manifest_key, KeyOfUri(manifest.manifest_path));
      reached.insert(manifest_key);
      if (!manifests_read.insert(manifest_key).second) continue;  // carried forward: read once
      CDC_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifestAt(manifest));
      for (const ManifestEntry& entry : entries) {
        if (entry.status == EntryStatus::kDeleted) continue;  // live in a parent, if in any kept snapshot
        CDC_ASSIGN_OR_RETURN(std::string file_key, KeyOfUri(entry.data_file.file_path));
        reached.insert(std::move(file_key));
      }
    }
  }
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(*store_, root_ + "/"));
  size_t deleted = 0;
  for (const store::ObjectInfo& object : objects) {
    if (reached.contains(object.key) || object.modified_ms >= older_than_ms) continue;
    Status removed = store_->Delete(object.key);
    if (removed.IsNotFound()) continue;  // another cleanup took it
    if (!removed.ok()) return removed.WithContext("iceberg table " + root_ + " cleanup");
    ++deleted;
  }
  return deleted;
}

Status CheckSchemaEvolution(const Schema& current, const Schema& next, FieldId last_column_id, bool empty) {
  const std::string what = "schema evolution";
  std::set<FieldId> ids;
  std::set<std::string> names;
  for (const SchemaField& field : next.fields) {
    const std::string label = "field " + std::to_string(field.id) + " (" + field.name + ")";
    if (field.id <= 0 || field.id > kMaxUserFieldId || !ids.insert(field.id).second) {
      return Status::InvalidArgument(what, label + ": the id is out of range or used twice");
    }
    if (field.name.empty() || !names.insert(field.name).second) {
      return Status::InvalidArgument(what, label + ": the name is empty or used twice");
    }
    const SchemaField* old = current.FindField(field.id);
    if (old == nullptr) {
      if (field.id <= last_column_id) {
        return Status::InvalidArgument(what, label + ": a new field needs an id above last-column-id " +
                                                 std::to_string(last_column_id));
      }
      if (field.required && !empty) {
        return Status::InvalidArgument(what, label + ": a new field of a table with rows must be optional");
      }
      continue;
    }
    if (field.required && !old->required && !empty) {
      return Status::InvalidArgument(what, label + ": an optional field cannot become required");
    }
    if (field.type == old->type) continue;
    const bool promotion =
        (old->type.kind == TypeKind::kInt && field.type.kind == TypeKind::kLong) ||
        (old->type.kind == TypeKind::kFloat && field.type.kind == TypeKind::kDouble) ||
        (old->type.kind == TypeKind::kDecimal && field.type.kind == TypeKind::kDecimal &&
         field.type.scale == old->type.scale && field.type.precision >= old->type.precision);
    if (!promotion) {
      return Status::InvalidArgument(what, label + ": " + old->type.ToString() + " to " + field.type.ToString() +
                                               " is not a type promotion Iceberg allows");
    }
  }
  for (FieldId id : next.identifier_field_ids) {
    const SchemaField* field = next.FindField(id);
    if (field == nullptr || !field->required) {
      return Status::InvalidArgument(what, "identifier field " + std::to_string(id) + " is missing or optional");
    }
  }
  return Status::OK();
}

}  // namespace cdc::iceberg
