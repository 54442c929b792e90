// Manifests and manifest lists: the field ids the spec assigns, the header metadata, round trips, and
// the v2 rules a writer must follow.
#include "iceberg/manifest.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "format/avro/avro_container.h"
#include "format/avro/avro_schema.h"

namespace cdc::iceberg {
namespace {

using format::avro::Node;

// Every record field of the schema by path ("data_file.lower_bounds.key"), with its field id.
void CollectIds(const Node& node, const std::string& prefix, std::map<std::string, int32_t>* out) {
  const Node* type = &node;
  if (type->type == format::avro::Type::kUnion) type = type->branches.back().get();
  if (type->type == format::avro::Type::kArray) type = type->items.get();
  if (type->type != format::avro::Type::kRecord) return;
  for (const format::avro::Field& field : type->fields) {
    const std::string path = prefix.empty() ? field.name : prefix + "." + field.name;
    if (field.field_id) (*out)[path] = *field.field_id;
    CollectIds(*field.type, path, out);
  }
}

TEST(ManifestSchemaTest, FieldIdsAreTheSpecs) {
  Result<format::avro::NodePtr> entry = format::avro::ParseSchema(ManifestEntrySchemaJson());
  ASSERT_TRUE(entry.ok()) << entry.status().ToString();
  std::map<std::string, int32_t> ids;
  CollectIds(**entry, "", &ids);
  const std::map<std::string, int32_t> expected = {
      {"status", 0},
      {"snapshot_id", 1},
      {"sequence_number", 3},
      {"file_sequence_number", 4},
      {"data_file", 2},
      {"data_file.content", 134},
      {"data_file.file_path", 100},
      {"data_file.file_format", 101},
      {"data_file.partition", 102},
      {"data_file.record_count", 103},
      {"data_file.file_size_in_bytes", 104},
      {"data_file.column_sizes", 108},
      {"data_file.column_sizes.key", 117},
      {"data_file.column_sizes.value", 118},
      {"data_file.value_counts", 109},
      {"data_file.value_counts.key", 119},
      {"data_file.value_counts.value", 120},
      {"data_file.null_value_counts", 110},
      {"data_file.null_value_counts.key", 121},
      {"data_file.null_value_counts.value", 122},
      {"data_file.nan_value_counts", 137},
      {"data_file.nan_value_counts.key", 138},
      {"data_file.nan_value_counts.value", 139},
      {"data_file.lower_bounds", 125},
      {"data_file.lower_bounds.key", 126},
      {"data_file.lower_bounds.value", 127},
      {"data_file.upper_bounds", 128},
      {"data_file.upper_bounds.key", 129},
      {"data_file.upper_bounds.value", 130},
      {"data_file.key_metadata", 131},
      {"data_file.split_offsets", 132},
      {"data_file.equality_ids", 135},
      {"data_file.sort_order_id", 140},
      {"data_file.referenced_data_file", 143},
  };
  EXPECT_EQ(ids, expected);
  EXPECT_NE(ManifestEntrySchemaJson().find(R"("element-id":133)"), std::string::npos);
  EXPECT_NE(ManifestEntrySchemaJson().find(R"("element-id":136)"), std::string::npos);

  Result<format::avro::NodePtr> list = format::avro::ParseSchema(ManifestFileSchemaJson());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ids.clear();
  CollectIds(**list, "", &ids);
  const std::map<std::string, int32_t> expected_list = {
      {"manifest_path", 500},
      {"manifest_length", 501},
      {"partition_spec_id", 502},
      {"content", 517},
      {"sequence_number", 515},
      {"min_sequence_number", 516},
      {"added_snapshot_id", 503},
      {"added_files_count", 504},
      {"existing_files_count", 505},
      {"deleted_files_count", 506},
      {"added_rows_count", 512},
      {"existing_rows_count", 513},
      {"deleted_rows_count", 514},
      {"partitions", 507},
      {"partitions.contains_null", 509},
      {"partitions.contains_nan", 518},
      {"partitions.lower_bound", 510},
      {"partitions.upper_bound", 511},
      {"key_metadata", 519},
  };
  EXPECT_EQ(ids, expected_list);
  EXPECT_NE(ManifestFileSchemaJson().find(R"("element-id":508)"), std::string::npos);
}

ManifestHeader Header(ManifestContent content) {
  ManifestHeader header;
  header.schema.fields = {{1, "id", true, Type::Of(TypeKind::kLong), ""},
                          {2, "name", false, Type::Of(TypeKind::kString), ""}};
  header.schema.identifier_field_ids = {1};
  header.content = content;
  return header;
}

TEST(ManifestTest, RoundTripsEntriesAndWritesTheHeader) {
  ManifestEntry added;
  added.snapshot_id = SnapshotId(55);
  added.data_file.file_path = "file:///w/t/data/a.parquet";
  added.data_file.record_count = 3;
  added.data_file.file_size_in_bytes = 1234;
  added.data_file.column_sizes = {{1, 100}, {2, 200}};
  added.data_file.value_counts = {{1, 3}, {2, 3}};
  added.data_file.null_value_counts = {{1, 0}, {2, 1}};
  added.data_file.lower_bounds = {{1, std::string("\x01\0\0\0\0\0\0\0", 8)}};
  added.data_file.upper_bounds = {{1, std::string("\x03\0\0\0\0\0\0\0", 8)}};
  added.data_file.split_offsets = {4};
  added.data_file.sort_order_id = 0;
  ManifestEntry existing = added;
  existing.status = EntryStatus::kExisting;
  existing.sequence_number = 4;
  existing.file_sequence_number = 5;
  existing.data_file.file_path = "file:///w/t/data/b.parquet";
  existing.data_file.column_sizes.clear();
  existing.data_file.sort_order_id.reset();
  for (format::avro::Codec codec : {format::avro::Codec::kNull, format::avro::Codec::kDeflate}) {
    Result<std::string> bytes = WriteManifest(Header(ManifestContent::kData), {added, existing}, codec);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    Result<std::vector<ManifestEntry>> entries = ReadManifest(*bytes);
    ASSERT_TRUE(entries.ok()) << entries.status().ToString();
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ((*entries)[0], added);
    EXPECT_EQ((*entries)[1], existing);
    Result<format::avro::ContainerFile> file = format::avro::ReadContainer(*bytes);
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file->Metadata("format-version"), "2");
    EXPECT_EQ(file->Metadata("content"), "data");
    EXPECT_EQ(file->Metadata("schema-id"), "0");
    EXPECT_EQ(file->Metadata("partition-spec"), "[]");
    EXPECT_EQ(file->Metadata("partition-spec-id"), "0");
    Result<Schema> schema = DecodeSchemaJson(*file->Metadata("schema"));
    ASSERT_TRUE(schema.ok());
    EXPECT_EQ(*schema, Header(ManifestContent::kData).schema);
  }

  ManifestEntry position;
  position.data_file.content = FileContent::kPositionDeletes;
  position.data_file.file_path = "file:///w/t/data/d1.parquet";
  position.data_file.record_count = 2;
  position.data_file.referenced_data_file = "file:///w/t/data/a.parquet";
  ManifestEntry equality;
  equality.data_file.content = FileContent::kEqualityDeletes;
  equality.data_file.file_path = "file:///w/t/data/d2.parquet";
  equality.data_file.record_count = 1;
  equality.data_file.equality_ids = {1};
  Result<std::string> deletes = WriteManifest(Header(ManifestContent::kDeletes), {position, equality});
  ASSERT_TRUE(deletes.ok()) << deletes.status().ToString();
  Result<std::vector<ManifestEntry>> entries = ReadManifest(*deletes);
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ((*entries)[0], position);
  EXPECT_EQ((*entries)[1], equality);
  EXPECT_EQ(format::avro::ReadContainer(*deletes)->Metadata("content"), "deletes");
}

TEST(ManifestTest, EnforcesTheV2WriterRules) {
  ManifestEntry entry;
  entry.data_file.file_path = "file:///x.parquet";
  EXPECT_TRUE(WriteManifest(Header(ManifestContent::kDeletes), {entry}).status().IsInvalidArgument());
  entry.status = EntryStatus::kDeleted;  // without explicit sequence numbers
  EXPECT_TRUE(WriteManifest(Header(ManifestContent::kData), {entry}).status().IsInvalidArgument());
  ManifestEntry equality;
  equality.data_file.content = FileContent::kEqualityDeletes;
  equality.data_file.file_path = "file:///d.parquet";
  EXPECT_TRUE(WriteManifest(Header(ManifestContent::kDeletes), {equality}).status().IsInvalidArgument());
}

TEST(ManifestListTest, RoundTripsAndWritesTheHeader) {
  ManifestFile data;
  data.manifest_path = "file:///w/t/metadata/m0.avro";
  data.manifest_length = 4096;
  data.sequence_number = 3;
  data.min_sequence_number = 1;
  data.added_snapshot_id = SnapshotId(99);
  data.added_files_count = 2;
  data.existing_files_count = 1;
  data.added_rows_count = 20;
  data.existing_rows_count = 10;
  ManifestFile deletes = data;
  deletes.manifest_path = "file:///w/t/metadata/m1.avro";
  deletes.content = ManifestContent::kDeletes;
  deletes.deleted_files_count = 1;
  deletes.deleted_rows_count = 7;
  Result<std::string> bytes = WriteManifestList({data, deletes}, SnapshotId(99), SnapshotId(98), 3);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  Result<std::vector<ManifestFile>> manifests = ReadManifestList(*bytes);
  ASSERT_TRUE(manifests.ok()) << manifests.status().ToString();
  ASSERT_EQ(manifests->size(), 2u);
  EXPECT_EQ((*manifests)[0], data);
  EXPECT_EQ((*manifests)[1], deletes);
  Result<format::avro::ContainerFile> file = format::avro::ReadContainer(*bytes);
  EXPECT_EQ(file->Metadata("snapshot-id"), "99");
  EXPECT_EQ(file->Metadata("parent-snapshot-id"), "98");
  EXPECT_EQ(file->Metadata("sequence-number"), "3");
  EXPECT_EQ(file->Metadata("format-version"), "2");

  // A manifest is not a manifest list, and damaged files are Corruption.
  EXPECT_TRUE(ReadManifestList(*WriteManifest(Header(ManifestContent::kData), {})).ok());  // no rows at all
  ManifestEntry entry;
  entry.data_file.file_path = "file:///x.parquet";
  EXPECT_TRUE(
      ReadManifestList(*WriteManifest(Header(ManifestContent::kData), {entry})).status().IsCorruption());
  EXPECT_TRUE(ReadManifest(bytes->substr(0, bytes->size() - 3)).status().IsCorruption());
}

}  // namespace
}  // namespace cdc::iceberg
