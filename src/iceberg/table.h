#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/strong_id.h"
#include "format/avro/avro_container.h"
#include "iceberg/manifest.h"
#include "iceberg/schema.h"
#include "iceberg/table_metadata.h"

namespace cdc::store {
class ObjectStore;
}

// An Iceberg v2 table in an ObjectStore, with the commit protocol of docs/iceberg.md:
//
//   <root>/data/...                              Parquet data and delete files (the caller puts them)
//   <root>/metadata/<uuid>-m<k>.avro             manifests
//   <root>/metadata/snap-<snapshot>-<uuid>.avro  manifest lists
//   <root>/metadata/v<N>.metadata.json           metadata version N, created with PutIfAbsent
//   <root>/metadata/version-hint.text            "N", a hint for file-system catalog readers
namespace cdc::iceberg {

// N of v<N>.metadata.json.
using MetadataVersion = StrongId<int64_t, struct MetadataVersionTag>;

// One commit: files to add and files to remove, as one new snapshot.
struct CommitRequest {
  // Files already in the store, with full URIs (Table::DataFileUri) and their metrics. Sequence
  // numbers and snapshot ids are assigned by the commit.
  std::vector<DataFile> added_data_files;
  std::vector<DataFile> added_delete_files;  // position and equality delete files
  // Full URIs of live data or delete files to remove (compaction, overwrite).
  std::vector<std::string> removed_files;
  // The snapshot's "operation"; when unset: append (only data added), delete (no data added),
  // overwrite (data added and files deleted or removed). Set "replace" for a compaction.
  std::optional<std::string> operation;
  // The caller's summary properties (the merge keeps its ledger here). Keys must not be Iceberg's
  // own summary keys ("operation", "added-records", ...).
  std::map<std::string, std::string> summary;
  // Schema evolution: the table's new current schema, committed with the snapshot (its schema_id is
  // assigned by the commit). Fields keep their ids across renames; a field of the current schema may
  // change its type only by a promotion the spec allows (int to long, float to double, a decimal's
  // precision up at the same scale) and may become optional, not required; a new field takes an id above
  // last-column-id and is optional unless it is an identifier field of an empty table. The added files
  // are written with it.
  std::optional<Schema> schema;
  int64_t timestamp_ms = 0;  // 0: the clock's now
};

// A handle on one table version. Create and Load return one; Commit moves it to the version it
// made. Not thread-safe; the store must outlive it. Writers in other processes are expected: every
// commit is a PutIfAbsent of the next metadata file, so of two commits on one version one fails
// with Conflict.
class Table {
 public:
  // Creates metadata version 1 of a new table at `root` (a key prefix in `store`, e.g.
  // "shop/orders") for `schema`, with an unpartitioned spec, an unsorted order and no snapshot.
  // Conflict when v1 already exists (the table exists); InvalidArgument for a bad root or schema.
  static Result<Table> Create(store::ObjectStore* store, std::string root, const Schema& schema,
                              std::map<std::string, std::string> properties = {}, int64_t now_ms = 0);
  // Loads the table's current version: version-hint.text, then later versions if the hint is stale
  // (a crash after a commit and before the hint), or the highest v<N>.metadata.json listed when
  // there is no hint. NotFound when the table does not exist; Corruption when the metadata is bad.
  static Result<Table> Load(store::ObjectStore* store, std::string root);

  const TableMetadata& metadata() const { return metadata_; }
  MetadataVersion version() const { return version_; }
  const std::string& root() const { return root_; }
  const std::string& location() const { return metadata_.location; }
  // The full URI of this version's metadata file (what a catalog points at).
  std::string MetadataFileUri() const { return MetadataUri(VersionFileName(version_)); }

  // The key and the full URI of a file named `name` under <root>/data/.
  std::string DataFileKey(std::string_view name) const;
  std::string DataFileUri(std::string_view name) const;
  // The store key of a full URI inside this table's store. InvalidArgument for another store.
  Result<std::string> KeyOfUri(std::string_view uri) const;

  // The live (added or existing) entries of the current snapshot, data and delete files, with
  // inherited snapshot ids and sequence numbers filled in; empty when there is no snapshot.
  Result<std::vector<ManifestEntry>> LiveEntries() const;

  // Commits `request` as a new snapshot: writes its manifests (one for added data files, one for
  // added delete files, rewrites of the manifests that hold removed files) and a manifest list that
  // carries the other manifests of the current snapshot forward, then creates v<N+1>.metadata.json
  // with PutIfAbsent -- the commit point -- and then rewrites version-hint.text. Returns the new
  // snapshot's id. Conflict when another writer created v<N+1> first: this handle stays at N; the
  // caller reloads and decides whether to retry. InvalidArgument for a removed file that is not
  // live, a summary key Iceberg owns, files of the wrong content, or a new schema that is not a valid
  // evolution of the current one (CheckSchemaEvolution). Store errors as they come
  // (Unavailable is retryable: nothing is committed until the metadata file exists).
  // A failure to rewrite the hint after the commit point does not fail the commit: Load copes.
  Result<SnapshotId> Commit(const CommitRequest& request);

  // Expires the snapshots made before `older_than_ms`, except the newest `keep_last` and those a ref names
  // (the current one): one commit of a metadata version without them, whose snapshot log and metadata log
  // keep only what is newer (readers can no longer travel to them). Writes nothing when none is due. Returns
  // how many were expired. Conflict as Commit. The files only they reached stay until RemoveUnreachableFiles.
  Result<size_t> ExpireSnapshots(int64_t older_than_ms, size_t keep_last);

  // Deletes the objects under <root>/ that the current metadata does not reach and that were last written
  // before `older_than_ms`: data, delete and manifest files of expired snapshots, manifest lists, metadata
  // versions past the metadata log, and what failed or crashed commits left. Reached: this version's metadata
  // file, those of its metadata log, the version hint, and every retained snapshot's manifest list, manifests
  // and live files. The age bound spares the files of a commit in progress in another process. Returns how
  // many objects were deleted.
  Result<size_t> RemoveUnreachableFiles(int64_t older_than_ms);

  // The codec of the Avro files this handle writes (default null; deflate is smaller).
  void set_avro_codec(format::avro::Codec codec) { codec_ = codec; }

 private:
  Table(store::ObjectStore* store, std::string root) : store_(store), root_(std::move(root)) {}
  std::string MetadataKey(std::string_view name) const { return root_ + "/metadata/" + std::string(name); }
  std::string MetadataUri(std::string_view name) const {
    return metadata_.location + "/metadata/" + std::string(name);
  }
  static std::string VersionFileName(MetadataVersion version);
  // Writes `next` as the version after this one (PutIfAbsent: the commit point), then the version hint.
  Status CommitMetadata(TableMetadata next, const std::string& what);
  Result<std::vector<ManifestFile>> ManifestsOf(const Snapshot& snapshot) const;
  Result<std::vector<ManifestFile>> CurrentManifests() const;
  Result<std::vector<ManifestEntry>> ReadManifestAt(const ManifestFile& manifest) const;

  store::ObjectStore* store_;
  std::string root_;
  MetadataVersion version_;
  TableMetadata metadata_;
  format::avro::Codec codec_ = format::avro::Codec::kNull;
};

// OK when `next` may follow `current` as a table's schema (the rules at CommitRequest::schema);
// `last_column_id` is the table's; `empty`: the table has no rows (a new required field is allowed).
// InvalidArgument naming the field otherwise.
Status CheckSchemaEvolution(const Schema& current, const Schema& next, FieldId last_column_id, bool empty);

// A random version-4 UUID in its text form.
std::string NewUuid();

}  // namespace cdc::iceberg
