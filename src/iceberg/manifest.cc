// Manifests and manifest lists, written from the Iceberg table spec ("Manifests", "Manifest Lists",
// Appendix A "Avro": optional fields are unions with null first and a null default; int-keyed maps
// are arrays of key/value records with logicalType "map"). The Avro schemas below are our own
// JSON; the field ids and names are the spec's.
#include "iceberg/manifest.h"

#include <charconv>
#include <nlohmann/json.hpp>
#include <type_traits>

namespace cdc::iceberg {

std::string_view ToString(FileContent content) {
  switch (content) {
    case FileContent::kData:
      return "data";
    case FileContent::kPositionDeletes:
      return "position-deletes";
    case FileContent::kEqualityDeletes:
      return "equality-deletes";
  }
  return "unknown";
}

std::string_view ToString(ManifestContent content) {
  switch (content) {
    case ManifestContent::kData:
      return "data";
    case ManifestContent::kDeletes:
      return "deletes";
  }
  return "unknown";
}

std::string_view ToString(EntryStatus status) {
  switch (status) {
    case EntryStatus::kExisting:
      return "existing";
    case EntryStatus::kAdded:
      return "added";
    case EntryStatus::kDeleted:
      return "deleted";
  }
  return "unknown";
}

namespace {

using Json = nlohmann::ordered_json;
using format::avro::Datum;
using format::avro::Node;
using format::avro::Type;

Json AvroField(std::string name, Json type, int field_id) {
  Json field = Json::object();
  field["name"] = std::move(name);
  field["type"] = std::move(type);
  field["field-id"] = field_id;
  return field;
}

// An optional field: ["null", type] with a null default.
Json OptionalField(std::string name, Json type, int field_id) {
  Json field = Json::object();
  field["name"] = std::move(name);
  field["type"] = Json::array({"null", std::move(type)});
  field["default"] = nullptr;
  field["field-id"] = field_id;
  return field;
}

Json Record(std::string name, Json fields) {
  Json record = Json::object();
  record["type"] = "record";
  record["name"] = std::move(name);
  record["fields"] = std::move(fields);
  return record;
}

// map<int, value> as the spec's array of {key, value} records.
Json IntMap(int key_id, int value_id, const char* value_type) {
  Json items =
      Record("k" + std::to_string(key_id) + "_v" + std::to_string(value_id),
             Json::array({AvroField("key", "int", key_id), AvroField("value", value_type, value_id)}));
  Json array = Json::object();
  array["type"] = "array";
  array["logicalType"] = "map";
  array["items"] = std::move(items);
  return array;
}

Json List(const char* item_type, int element_id) {
  Json array = Json::object();
  array["type"] = "array";
  array["items"] = item_type;
  array["element-id"] = element_id;
  return array;
}

std::string BuildManifestEntrySchema() {
  Json data_file = Record("r2", Json::array({
                                    AvroField("content", "int", 134),
                                    AvroField("file_path", "string", 100),
                                    AvroField("file_format", "string", 101),
                                    AvroField("partition", Record("r102", Json::array()), 102),
                                    AvroField("record_count", "long", 103),
                                    AvroField("file_size_in_bytes", "long", 104),
                                    OptionalField("column_sizes", IntMap(117, 118, "long"), 108),
                                    OptionalField("value_counts", IntMap(119, 120, "long"), 109),
                                    OptionalField("null_value_counts", IntMap(121, 122, "long"), 110),
                                    OptionalField("nan_value_counts", IntMap(138, 139, "long"), 137),
                                    OptionalField("lower_bounds", IntMap(126, 127, "bytes"), 125),
                                    OptionalField("upper_bounds", IntMap(129, 130, "bytes"), 128),
                                    OptionalField("key_metadata", "bytes", 131),
                                    OptionalField("split_offsets", List("long", 133), 132),
                                    OptionalField("equality_ids", List("int", 136), 135),
                                    OptionalField("sort_order_id", "int", 140),
                                    OptionalField("referenced_data_file", "string", 143),
                                }));
  Json entry = Record("manifest_entry", Json::array({
                                            AvroField("status", "int", 0),
                                            OptionalField("snapshot_id", "long", 1),
                                            OptionalField("sequence_number", "long", 3),
                                            OptionalField("file_sequence_number", "long", 4),
                                            AvroField("data_file", std::move(data_file), 2),
                                        }));
  return entry.dump();
}

std::string BuildManifestFileSchema() {
  Json summary = Record("r508", Json::array({
                                    AvroField("contains_null", "boolean", 509),
                                    OptionalField("contains_nan", "boolean", 518),
                                    OptionalField("lower_bound", "bytes", 510),
                                    OptionalField("upper_bound", "bytes", 511),
                                }));
  Json summaries = Json::object();
  summaries["type"] = "array";
  summaries["items"] = std::move(summary);
  summaries["element-id"] = 508;
  Json file = Record("manifest_file", Json::array({
                                          AvroField("manifest_path", "string", 500),
                                          AvroField("manifest_length", "long", 501),
                                          AvroField("partition_spec_id", "int", 502),
                                          AvroField("content", "int", 517),
                                          AvroField("sequence_number", "long", 515),
                                          AvroField("min_sequence_number", "long", 516),
                                          AvroField("added_snapshot_id", "long", 503),
                                          AvroField("added_files_count", "int", 504),
                                          AvroField("existing_files_count", "int", 505),
                                          AvroField("deleted_files_count", "int", 506),
                                          AvroField("added_rows_count", "long", 512),
                                          AvroField("existing_rows_count", "long", 513),
                                          AvroField("deleted_rows_count", "long", 514),
                                          OptionalField("partitions", std::move(summaries), 507),
                                          OptionalField("key_metadata", "bytes", 519),
                                      }));
  return file.dump();
}

// ------------------------------------------------------------------------------------------ write

Datum Null() {
  return Datum::Union(0, Datum::Null());
}
Datum Some(Datum value) {
  return Datum::Union(1, std::move(value));
}
Datum OptionalLong(const std::optional<int64_t>& value) {
  return value ? Some(Datum::Long(*value)) : Null();
}

template <typename Value, typename MakeValue>
Datum OptionalMap(const std::vector<std::pair<FieldId, Value>>& pairs, MakeValue make_value) {
  if (pairs.empty()) return Null();
  std::vector<Datum> items;
  items.reserve(pairs.size());
  for (const auto& [key, value] : pairs) items.push_back(Datum::Record({Datum::Int(key), make_value(value)}));
  return Some(Datum::Array(std::move(items)));
}

Status CheckEntry(const ManifestEntry& entry, ManifestContent content, size_t entry_idx) {
  const std::string what =
      "manifest entry " + std::to_string(entry_idx) + " (" + entry.data_file.file_path + ")";
  const bool is_data = entry.data_file.content == FileContent::kData;
  if (is_data != (content == ManifestContent::kData)) {
    return Status::InvalidArgument(what, std::string(ToString(entry.data_file.content)) + " file in a " +
                                             std::string(ToString(content)) + " manifest");
  }
  if (entry.status != EntryStatus::kAdded &&
      (!entry.sequence_number || !entry.file_sequence_number || !entry.snapshot_id)) {
    return Status::InvalidArgument(
        what, "existing and deleted entries need explicit sequence numbers and snapshot id");
  }
  if (entry.data_file.content == FileContent::kEqualityDeletes && entry.data_file.equality_ids.empty()) {
    return Status::InvalidArgument(what, "an equality delete file needs equality ids");
  }
  if (entry.data_file.content != FileContent::kEqualityDeletes && !entry.data_file.equality_ids.empty()) {
    return Status::InvalidArgument(what, "only equality delete files have equality ids");
  }
  if (entry.data_file.file_path.empty()) return Status::InvalidArgument(what, "no file path");
  return Status::OK();
}

Datum EntryDatum(const ManifestEntry& entry) {
  const DataFile& file = entry.data_file;
  auto long_value = [](int64_t value) { return Datum::Long(value); };
  auto bytes_value = [](const std::string& value) { return Datum::Bytes(value); };
  std::vector<Datum> offsets;
  for (int64_t offset : file.split_offsets) offsets.push_back(Datum::Long(offset));
  std::vector<Datum> equality_ids;
  for (FieldId id : file.equality_ids) equality_ids.push_back(Datum::Int(id));
  Datum data_file = Datum::Record({
      Datum::Int(static_cast<int32_t>(file.content)),
      Datum::String(file.file_path),
      Datum::String(file.file_format),
      Datum::Record({}),
      Datum::Long(file.record_count),
      Datum::Long(file.file_size_in_bytes),
      OptionalMap(file.column_sizes, long_value),
      OptionalMap(file.value_counts, long_value),
      OptionalMap(file.null_value_counts, long_value),
      OptionalMap(file.nan_value_counts, long_value),
      OptionalMap(file.lower_bounds, bytes_value),
      OptionalMap(file.upper_bounds, bytes_value),
      Null(),
      offsets.empty() ? Null() : Some(Datum::Array(std::move(offsets))),
      equality_ids.empty() ? Null() : Some(Datum::Array(std::move(equality_ids))),
      file.sort_order_id ? Some(Datum::Int(*file.sort_order_id)) : Null(),
      file.referenced_data_file ? Some(Datum::String(*file.referenced_data_file)) : Null(),
  });
  return Datum::Record({
      Datum::Int(static_cast<int32_t>(entry.status)),
      entry.snapshot_id ? Some(Datum::Long(entry.snapshot_id->value())) : Null(),
      OptionalLong(entry.sequence_number),
      OptionalLong(entry.file_sequence_number),
      std::move(data_file),
  });
}

Datum ManifestFileDatum(const ManifestFile& file) {
  return Datum::Record({
      Datum::String(file.manifest_path),
      Datum::Long(file.manifest_length),
      Datum::Int(file.partition_spec_id),
      Datum::Int(static_cast<int32_t>(file.content)),
      Datum::Long(file.sequence_number),
      Datum::Long(file.min_sequence_number),
      Datum::Long(file.added_snapshot_id.value()),
      Datum::Int(file.added_files_count),
      Datum::Int(file.existing_files_count),
      Datum::Int(file.deleted_files_count),
      Datum::Long(file.added_rows_count),
      Datum::Long(file.existing_rows_count),
      Datum::Long(file.deleted_rows_count),
      Some(Datum::Array({})),  // one summary per partition field: none
      Null(),
  });
}

// ------------------------------------------------------------------------------------------ read

// Reads fields by name from a record decoded with the file's own schema.
class RecordView {
 public:
  RecordView(const Node& schema, const Datum& value, std::string path)
      : schema_(schema), value_(value), path_(std::move(path)) {}

  // The field's value with unions unwrapped; nullptr when the field is absent or null.
  Result<const Datum*> Get(std::string_view name, const Node** type = nullptr) const {
    std::optional<size_t> index = schema_.FieldIndex(name);
    if (!index) return static_cast<const Datum*>(nullptr);
    const Node* field_type = schema_.fields[*index].type.get();
    const Datum* field = &value_.items[*index];
    if (field_type->type == Type::kUnion)
      field_type = field_type->branches[static_cast<size_t>(field->branch)].get();
    if (type != nullptr) *type = field_type;
    if (field->is_null()) return static_cast<const Datum*>(nullptr);
    return field;
  }
  Result<const Datum*> Required(std::string_view name) const {
    CDC_ASSIGN_OR_RETURN(const Datum* field, Get(name));
    if (field == nullptr) return Status::Corruption(path_ + "." + std::string(name), "is missing or null");
    return field;
  }
  Result<std::optional<int64_t>> OptionalInteger(std::string_view name) const {
    CDC_ASSIGN_OR_RETURN(const Datum* field, Get(name));
    if (field == nullptr) return std::optional<int64_t>();
    if (field->type != Type::kInt && field->type != Type::kLong) {
      return Status::Corruption(path_ + "." + std::string(name), "is not an int or long");
    }
    return std::optional<int64_t>(field->integer);
  }
  Result<int64_t> RequiredInteger(std::string_view name) const {
    CDC_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalInteger(name));
    if (!value) return Status::Corruption(path_ + "." + std::string(name), "is missing or null");
    return *value;
  }
  Result<int32_t> RequiredInt32(std::string_view name) const {
    CDC_ASSIGN_OR_RETURN(int64_t value, RequiredInteger(name));
    if (value < INT32_MIN || value > INT32_MAX)
      return Status::Corruption(path_ + "." + std::string(name), "out of range");
    return static_cast<int32_t>(value);
  }
  Result<std::string> RequiredString(std::string_view name) const {
    CDC_ASSIGN_OR_RETURN(const Datum* field, Required(name));
    if (field->type != Type::kString && field->type != Type::kBytes) {
      return Status::Corruption(path_ + "." + std::string(name), "is not a string");
    }
    return field->bytes;
  }
  const std::string& path() const { return path_; }

 private:
  const Node& schema_;
  const Datum& value_;
  std::string path_;
};

// An int-keyed map: the spec's array of {key, value} records, or an Avro map with numeric keys.
template <typename Value>
Status ReadIntMap(const RecordView& record, std::string_view name,
                  std::vector<std::pair<FieldId, Value>>* out) {
  const Node* type = nullptr;
  CDC_ASSIGN_OR_RETURN(const Datum* field, record.Get(name, &type));
  if (field == nullptr) return Status::OK();
  const std::string path = record.path() + "." + std::string(name);
  auto take_value = [&](const Datum& value) -> Status {
    if constexpr (std::is_same_v<Value, std::string>) {
      if (value.type != Type::kBytes) return Status::Corruption(path, "value is not bytes");
      out->back().second = value.bytes;
    } else {
      if (value.type != Type::kLong && value.type != Type::kInt)
        return Status::Corruption(path, "value is not a long");
      out->back().second = value.integer;
    }
    return Status::OK();
  };
  if (type->type == Type::kArray && type->items->type == Type::kRecord) {
    const Node& item_type = *type->items;
    std::optional<size_t> key_index = item_type.FieldIndex("key");
    std::optional<size_t> value_index = item_type.FieldIndex("value");
    if (!key_index || !value_index) return Status::Corruption(path, "map items lack key or value");
    for (const Datum& item : field->items) {
      const Datum& key = item.items[*key_index];
      if (key.type != Type::kInt) return Status::Corruption(path, "key is not an int");
      out->emplace_back(static_cast<FieldId>(key.integer), Value{});
      CDC_RETURN_IF_ERROR(take_value(item.items[*value_index]));
    }
    return Status::OK();
  }
  if (type->type == Type::kMap) {
    for (size_t item_idx = 0; item_idx < field->items.size(); ++item_idx) {
      int32_t key = 0;
      const std::string& text = field->keys[item_idx];
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), key);
      if (ec != std::errc() || end != text.data() + text.size())
        return Status::Corruption(path, "map key is not a number");
      out->emplace_back(key, Value{});
      CDC_RETURN_IF_ERROR(take_value(field->items[item_idx]));
    }
    return Status::OK();
  }
  return Status::Corruption(path, "is neither a key/value array nor a map");
}

Result<ManifestEntry> EntryFromDatum(const Node& schema, const Datum& value, size_t entry_idx) {
  const RecordView entry_view(schema, value, "manifest entry " + std::to_string(entry_idx));
  ManifestEntry entry;
  CDC_ASSIGN_OR_RETURN(int64_t status, entry_view.RequiredInteger("status"));
  if (status < 0 || status > 2) return Status::Corruption(entry_view.path() + ".status", "not 0, 1 or 2");
  entry.status = static_cast<EntryStatus>(status);
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> snapshot_id, entry_view.OptionalInteger("snapshot_id"));
  if (snapshot_id) entry.snapshot_id = SnapshotId(*snapshot_id);
  CDC_ASSIGN_OR_RETURN(entry.sequence_number, entry_view.OptionalInteger("sequence_number"));
  CDC_ASSIGN_OR_RETURN(entry.file_sequence_number, entry_view.OptionalInteger("file_sequence_number"));
  const Node* file_type = nullptr;
  CDC_ASSIGN_OR_RETURN(const Datum* file_value, entry_view.Get("data_file", &file_type));
  if (file_value == nullptr || file_type->type != Type::kRecord) {
    return Status::Corruption(entry_view.path() + ".data_file", "is missing or not a record");
  }
  const RecordView file_view(*file_type, *file_value, entry_view.path() + ".data_file");
  DataFile& file = entry.data_file;
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> content, file_view.OptionalInteger("content"));  // absent in v1
  if (content.value_or(0) < 0 || content.value_or(0) > 2) {
    return Status::Corruption(file_view.path() + ".content", "not 0, 1 or 2");
  }
  file.content = static_cast<FileContent>(content.value_or(0));
  CDC_ASSIGN_OR_RETURN(file.file_path, file_view.RequiredString("file_path"));
  CDC_ASSIGN_OR_RETURN(file.file_format, file_view.RequiredString("file_format"));
  CDC_ASSIGN_OR_RETURN(file.record_count, file_view.RequiredInteger("record_count"));
  CDC_ASSIGN_OR_RETURN(file.file_size_in_bytes, file_view.RequiredInteger("file_size_in_bytes"));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "column_sizes", &file.column_sizes));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "value_counts", &file.value_counts));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "null_value_counts", &file.null_value_counts));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "nan_value_counts", &file.nan_value_counts));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "lower_bounds", &file.lower_bounds));
  CDC_RETURN_IF_ERROR(ReadIntMap(file_view, "upper_bounds", &file.upper_bounds));
  CDC_ASSIGN_OR_RETURN(const Datum* offsets, file_view.Get("split_offsets"));
  if (offsets != nullptr) {
    if (offsets->type != Type::kArray)
      return Status::Corruption(file_view.path() + ".split_offsets", "not an array");
    for (const Datum& offset : offsets->items) file.split_offsets.push_back(offset.integer);
  }
  CDC_ASSIGN_OR_RETURN(const Datum* equality_ids, file_view.Get("equality_ids"));
  if (equality_ids != nullptr) {
    if (equality_ids->type != Type::kArray) {
      return Status::Corruption(file_view.path() + ".equality_ids", "not an array");
    }
    for (const Datum& id : equality_ids->items) {
      if (id.type != Type::kInt) return Status::Corruption(file_view.path() + ".equality_ids", "not ints");
      file.equality_ids.push_back(static_cast<FieldId>(id.integer));
    }
  }
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> sort_order_id, file_view.OptionalInteger("sort_order_id"));
  if (sort_order_id) file.sort_order_id = static_cast<int32_t>(*sort_order_id);
  CDC_ASSIGN_OR_RETURN(const Datum* referenced, file_view.Get("referenced_data_file"));
  if (referenced != nullptr) file.referenced_data_file = referenced->bytes;
  return entry;
}

Result<ManifestFile> ManifestFileFromDatum(const Node& schema, const Datum& value, size_t row_idx) {
  const RecordView view(schema, value, "manifest list row " + std::to_string(row_idx));
  ManifestFile file;
  CDC_ASSIGN_OR_RETURN(file.manifest_path, view.RequiredString("manifest_path"));
  CDC_ASSIGN_OR_RETURN(file.manifest_length, view.RequiredInteger("manifest_length"));
  CDC_ASSIGN_OR_RETURN(file.partition_spec_id, view.RequiredInt32("partition_spec_id"));
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> content, view.OptionalInteger("content"));  // absent in v1
  if (content.value_or(0) < 0 || content.value_or(0) > 1)
    return Status::Corruption(view.path() + ".content", "not 0 or 1");
  file.content = static_cast<ManifestContent>(content.value_or(0));
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> sequence_number, view.OptionalInteger("sequence_number"));
  file.sequence_number = sequence_number.value_or(0);
  CDC_ASSIGN_OR_RETURN(std::optional<int64_t> min_sequence_number,
                       view.OptionalInteger("min_sequence_number"));
  file.min_sequence_number = min_sequence_number.value_or(0);
  CDC_ASSIGN_OR_RETURN(int64_t added_snapshot_id, view.RequiredInteger("added_snapshot_id"));
  file.added_snapshot_id = SnapshotId(added_snapshot_id);
  auto count = [&](std::string_view name) -> Result<int64_t> {
    CDC_ASSIGN_OR_RETURN(std::optional<int64_t> number, view.OptionalInteger(name));
    return number.value_or(0);
  };
  CDC_ASSIGN_OR_RETURN(int64_t added_files, count("added_files_count"));
  CDC_ASSIGN_OR_RETURN(int64_t existing_files, count("existing_files_count"));
  CDC_ASSIGN_OR_RETURN(int64_t deleted_files, count("deleted_files_count"));
  file.added_files_count = static_cast<int32_t>(added_files);
  file.existing_files_count = static_cast<int32_t>(existing_files);
  file.deleted_files_count = static_cast<int32_t>(deleted_files);
  CDC_ASSIGN_OR_RETURN(file.added_rows_count, count("added_rows_count"));
  CDC_ASSIGN_OR_RETURN(file.existing_rows_count, count("existing_rows_count"));
  CDC_ASSIGN_OR_RETURN(file.deleted_rows_count, count("deleted_rows_count"));
  return file;
}

Status CheckRecordSchema(const format::avro::ContainerFile& file, std::string_view what) {
  if (file.schema->type != Type::kRecord) return Status::Corruption(what, "the Avro schema is not a record");
  return Status::OK();
}

}  // namespace

const std::string& ManifestEntrySchemaJson() {
  static const std::string kSchema = BuildManifestEntrySchema();
  return kSchema;
}

const std::string& ManifestFileSchemaJson() {
  static const std::string kSchema = BuildManifestFileSchema();
  return kSchema;
}

Result<std::string> WriteManifest(const ManifestHeader& header, const std::vector<ManifestEntry>& entries,
                                  format::avro::Codec codec) {
  for (size_t entry_idx = 0; entry_idx < entries.size(); ++entry_idx) {
    CDC_RETURN_IF_ERROR(CheckEntry(entries[entry_idx], header.content, entry_idx));
  }
  format::avro::ContainerOptions options;
  options.codec = codec;
  options.metadata = {
      {"schema", EncodeSchemaJson(header.schema)},
      {"schema-id", std::to_string(header.schema.schema_id)},
      {"partition-spec", EncodePartitionFieldsJson(header.spec)},
      {"partition-spec-id", std::to_string(header.spec.spec_id)},
      {"format-version", "2"},
      {"content", std::string(ToString(header.content))},
  };
  CDC_ASSIGN_OR_RETURN(format::avro::ContainerWriter writer,
                       format::avro::ContainerWriter::Open(ManifestEntrySchemaJson(), std::move(options)));
  for (const ManifestEntry& entry : entries) CDC_RETURN_IF_ERROR(writer.Append(EntryDatum(entry)));
  return writer.Finish();
}

Result<std::vector<ManifestEntry>> ReadManifest(std::string_view bytes) {
  CDC_ASSIGN_OR_RETURN(format::avro::ContainerFile file, format::avro::ReadContainer(bytes));
  CDC_RETURN_IF_ERROR(CheckRecordSchema(file, "iceberg manifest"));
  std::vector<ManifestEntry> entries;
  entries.reserve(file.objects.size());
  for (size_t entry_idx = 0; entry_idx < file.objects.size(); ++entry_idx) {
    Result<ManifestEntry> entry = EntryFromDatum(*file.schema, file.objects[entry_idx], entry_idx);
    if (!entry.ok()) return entry.status().WithContext("iceberg manifest");
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

Result<std::string> WriteManifestList(const std::vector<ManifestFile>& manifests, SnapshotId snapshot_id,
                                      std::optional<SnapshotId> parent, int64_t sequence_number,
                                      format::avro::Codec codec) {
  format::avro::ContainerOptions options;
  options.codec = codec;
  options.metadata = {
      {"snapshot-id", std::to_string(snapshot_id.value())},
      {"parent-snapshot-id", parent ? std::to_string(parent->value()) : "null"},
      {"sequence-number", std::to_string(sequence_number)},
      {"format-version", "2"},
  };
  CDC_ASSIGN_OR_RETURN(format::avro::ContainerWriter writer,
                       format::avro::ContainerWriter::Open(ManifestFileSchemaJson(), std::move(options)));
  for (const ManifestFile& manifest : manifests)
    CDC_RETURN_IF_ERROR(writer.Append(ManifestFileDatum(manifest)));
  return writer.Finish();
}

Result<std::vector<ManifestFile>> ReadManifestList(std::string_view bytes) {
  CDC_ASSIGN_OR_RETURN(format::avro::ContainerFile file, format::avro::ReadContainer(bytes));
  CDC_RETURN_IF_ERROR(CheckRecordSchema(file, "iceberg manifest list"));
  std::vector<ManifestFile> manifests;
  manifests.reserve(file.objects.size());
  for (size_t row_idx = 0; row_idx < file.objects.size(); ++row_idx) {
    Result<ManifestFile> manifest = ManifestFileFromDatum(*file.schema, file.objects[row_idx], row_idx);
    if (!manifest.ok()) return manifest.status().WithContext("iceberg manifest list");
    manifests.push_back(std::move(manifest).value());
  }
  return manifests;
}

}  // namespace cdc::iceberg
