// Table metadata JSON, written from the Iceberg table spec (Appendix C, "JSON serialization").
// nlohmann::json is used without exceptions: every access checks the JSON type first.
#include "iceberg/table_metadata.h"

#include <nlohmann/json.hpp>
#include <set>

namespace cdc::iceberg {

const Schema* TableMetadata::CurrentSchema() const {
  for (const Schema& schema : schemas) {
    if (schema.schema_id == current_schema_id) return &schema;
  }
  return nullptr;
}

const Snapshot* TableMetadata::CurrentSnapshot() const {
  return current_snapshot_id ? FindSnapshot(*current_snapshot_id) : nullptr;
}

const Snapshot* TableMetadata::FindSnapshot(SnapshotId id) const {
  for (const Snapshot& snapshot : snapshots) {
    if (snapshot.snapshot_id == id) return &snapshot;
  }
  return nullptr;
}

namespace {

using Json = nlohmann::ordered_json;

// ------------------------------------------------------------------------------------------ encode

Json SchemaToJson(const Schema& schema) {
  Json fields = Json::array();
  for (const SchemaField& field : schema.fields) {
    Json entry = Json::object();
    entry["id"] = field.id;
    entry["name"] = field.name;
    entry["required"] = field.required;
    entry["type"] = field.type.ToString();
    if (!field.doc.empty()) entry["doc"] = field.doc;
    fields.push_back(std::move(entry));
  }
  Json json = Json::object();
  json["type"] = "struct";
  json["schema-id"] = schema.schema_id;
  if (!schema.identifier_field_ids.empty()) json["identifier-field-ids"] = schema.identifier_field_ids;
  json["fields"] = std::move(fields);
  return json;
}

Json PartitionFieldsToJson(const PartitionSpec& spec) {
  Json fields = Json::array();
  for (const PartitionField& field : spec.fields) {
    Json entry = Json::object();
    entry["name"] = field.name;
    entry["transform"] = field.transform;
    entry["source-id"] = field.source_id;
    entry["field-id"] = field.field_id;
    fields.push_back(std::move(entry));
  }
  return fields;
}

Json MetadataToJson(const TableMetadata& metadata) {
  Json json = Json::object();
  json["format-version"] = metadata.format_version;
  json["table-uuid"] = metadata.table_uuid;
  json["location"] = metadata.location;
  json["last-sequence-number"] = metadata.last_sequence_number;
  json["last-updated-ms"] = metadata.last_updated_ms;
  json["last-column-id"] = metadata.last_column_id;
  json["current-schema-id"] = metadata.current_schema_id;
  Json schemas = Json::array();
  for (const Schema& schema : metadata.schemas) schemas.push_back(SchemaToJson(schema));
  json["schemas"] = std::move(schemas);
  json["default-spec-id"] = metadata.default_spec_id;
  Json specs = Json::array();
  for (const PartitionSpec& spec : metadata.partition_specs) {
    Json entry = Json::object();
    entry["spec-id"] = spec.spec_id;
    entry["fields"] = PartitionFieldsToJson(spec);
    specs.push_back(std::move(entry));
  }
  json["partition-specs"] = std::move(specs);
  json["last-partition-id"] = metadata.last_partition_id;
  json["default-sort-order-id"] = metadata.default_sort_order_id;
  Json orders = Json::array();
  for (const SortOrder& order : metadata.sort_orders) {
    Json fields = Json::array();
    for (const SortField& field : order.fields) {
      Json entry = Json::object();
      entry["transform"] = field.transform;
      entry["source-id"] = field.source_id;
      entry["direction"] = field.direction;
      entry["null-order"] = field.null_order;
      fields.push_back(std::move(entry));
    }
    Json entry = Json::object();
    entry["order-id"] = order.order_id;
    entry["fields"] = std::move(fields);
    orders.push_back(std::move(entry));
  }
  json["sort-orders"] = std::move(orders);
  Json properties = Json::object();
  for (const auto& [key, value] : metadata.properties) properties[key] = value;
  json["properties"] = std::move(properties);
  if (metadata.current_snapshot_id) json["current-snapshot-id"] = metadata.current_snapshot_id->value();
  Json refs = Json::object();
  for (const auto& [name, ref] : metadata.refs) {
    Json entry = Json::object();
    entry["snapshot-id"] = ref.snapshot_id.value();
    entry["type"] = ref.type;
    if (ref.min_snapshots_to_keep) entry["min-snapshots-to-keep"] = *ref.min_snapshots_to_keep;
    if (ref.max_snapshot_age_ms) entry["max-snapshot-age-ms"] = *ref.max_snapshot_age_ms;
    if (ref.max_ref_age_ms) entry["max-ref-age-ms"] = *ref.max_ref_age_ms;
    refs[name] = std::move(entry);
  }
  json["refs"] = std::move(refs);
  Json snapshots = Json::array();
  for (const Snapshot& snapshot : metadata.snapshots) {
    Json entry = Json::object();
    entry["snapshot-id"] = snapshot.snapshot_id.value();
    if (snapshot.parent_snapshot_id) entry["parent-snapshot-id"] = snapshot.parent_snapshot_id->value();
    entry["sequence-number"] = snapshot.sequence_number;
    entry["timestamp-ms"] = snapshot.timestamp_ms;
    entry["manifest-list"] = snapshot.manifest_list;
    Json summary = Json::object();
    // "operation" first, for people reading the file.
    if (auto it = snapshot.summary.find("operation"); it != snapshot.summary.end())
      summary["operation"] = it->second;
    for (const auto& [key, value] : snapshot.summary) {
      if (key != "operation") summary[key] = value;
    }
    entry["summary"] = std::move(summary);
    if (snapshot.schema_id) entry["schema-id"] = *snapshot.schema_id;
    snapshots.push_back(std::move(entry));
  }
  json["snapshots"] = std::move(snapshots);
  Json snapshot_log = Json::array();
  for (const SnapshotLogEntry& entry : metadata.snapshot_log) {
    Json item = Json::object();
    item["timestamp-ms"] = entry.timestamp_ms;
    item["snapshot-id"] = entry.snapshot_id.value();
    snapshot_log.push_back(std::move(item));
  }
  json["snapshot-log"] = std::move(snapshot_log);
  Json metadata_log = Json::array();
  for (const MetadataLogEntry& entry : metadata.metadata_log) {
    Json item = Json::object();
    item["timestamp-ms"] = entry.timestamp_ms;
    item["metadata-file"] = entry.metadata_file;
    metadata_log.push_back(std::move(item));
  }
  json["metadata-log"] = std::move(metadata_log);
  return json;
}

// ------------------------------------------------------------------------------------------ decode

Status Bad(const std::string& path, std::string_view detail) {
  return Status::Corruption("iceberg metadata " + path, detail);
}

Result<const Json*> Required(const Json& object, const char* name, const std::string& path) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return Bad(path + "." + name, "is missing");
  return &*it;
}

const Json* Optional(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<int64_t> AsLong(const Json& value, const std::string& path) {
  if (!value.is_number_integer()) return Bad(path, "is not an integer");
  if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    return Bad(path, "is out of the 64-bit range");
  }
  return value.get<int64_t>();
}

Result<int32_t> AsInt(const Json& value, const std::string& path) {
  CDC_ASSIGN_OR_RETURN(int64_t number, AsLong(value, path));
  if (number < INT32_MIN || number > INT32_MAX) return Bad(path, "is out of the 32-bit range");
  return static_cast<int32_t>(number);
}

Result<std::string> AsString(const Json& value, const std::string& path) {
  if (!value.is_string()) return Bad(path, "is not a string");
  return value.get<std::string>();
}

Result<int64_t> RequiredLong(const Json& object, const char* name, const std::string& path) {
  CDC_ASSIGN_OR_RETURN(const Json* value, Required(object, name, path));
  return AsLong(*value, path + "." + name);
}

Result<int32_t> RequiredInt(const Json& object, const char* name, const std::string& path) {
  CDC_ASSIGN_OR_RETURN(const Json* value, Required(object, name, path));
  return AsInt(*value, path + "." + name);
}

Result<std::string> RequiredString(const Json& object, const char* name, const std::string& path) {
  CDC_ASSIGN_OR_RETURN(const Json* value, Required(object, name, path));
  return AsString(*value, path + "." + name);
}

Result<const Json*> RequiredArray(const Json& object, const char* name, const std::string& path) {
  CDC_ASSIGN_OR_RETURN(const Json* value, Required(object, name, path));
  if (!value->is_array()) return Bad(path + "." + name, "is not an array");
  return value;
}

Status ExpectObject(const Json& value, const std::string& path) {
  if (!value.is_object()) return Bad(path, "is not an object");
  return Status::OK();
}

Result<std::map<std::string, std::string>> StringMap(const Json& value, const std::string& path) {
  if (!value.is_object()) return Bad(path, "is not an object");
  std::map<std::string, std::string> out;
  for (auto it = value.begin(); it != value.end(); ++it) {
    CDC_ASSIGN_OR_RETURN(out[it.key()], AsString(it.value(), path + "." + it.key()));
  }
  return out;
}

Result<Schema> SchemaFromJson(const Json& json, const std::string& path) {
  CDC_RETURN_IF_ERROR(ExpectObject(json, path));
  Schema schema;
  if (const Json* type = Optional(json, "type");
      type != nullptr && (!type->is_string() || *type != "struct")) {
    return Bad(path + ".type", "is not \"struct\"");
  }
  CDC_ASSIGN_OR_RETURN(schema.schema_id, RequiredInt(json, "schema-id", path));
  if (const Json* ids = Optional(json, "identifier-field-ids")) {
    if (!ids->is_array()) return Bad(path + ".identifier-field-ids", "is not an array");
    for (const Json& id : *ids) {
      CDC_ASSIGN_OR_RETURN(FieldId value, AsInt(id, path + ".identifier-field-ids[]"));
      schema.identifier_field_ids.push_back(value);
    }
  }
  CDC_ASSIGN_OR_RETURN(const Json* fields, RequiredArray(json, "fields", path));
  std::set<FieldId> ids;
  for (size_t field_idx = 0; field_idx < fields->size(); ++field_idx) {
    const Json& entry = (*fields)[field_idx];
    const std::string field_path = path + ".fields[" + std::to_string(field_idx) + "]";
    CDC_RETURN_IF_ERROR(ExpectObject(entry, field_path));
    SchemaField field;
    CDC_ASSIGN_OR_RETURN(field.id, RequiredInt(entry, "id", field_path));
    CDC_ASSIGN_OR_RETURN(field.name, RequiredString(entry, "name", field_path));
    CDC_ASSIGN_OR_RETURN(const Json* required, Required(entry, "required", field_path));
    if (!required->is_boolean()) return Bad(field_path + ".required", "is not a boolean");
    field.required = required->get<bool>();
    CDC_ASSIGN_OR_RETURN(const Json* type, Required(entry, "type", field_path));
    if (!type->is_string()) {
      return Status::NotSupported("iceberg metadata " + field_path + ".type",
                                  "nested types (struct, list, map)");
    }
    Result<Type> parsed = Type::Parse(type->get_ref<const std::string&>());
    if (!parsed.ok()) return parsed.status().WithContext(field_path);
    field.type = *parsed;
    if (const Json* doc = Optional(entry, "doc")) {
      CDC_ASSIGN_OR_RETURN(field.doc, AsString(*doc, field_path + ".doc"));
    }
    if (!ids.insert(field.id).second) return Bad(field_path + ".id", "is used twice");
    schema.fields.push_back(std::move(field));
  }
  for (FieldId id : schema.identifier_field_ids) {
    if (ids.count(id) == 0) return Bad(path + ".identifier-field-ids", "names a field the schema lacks");
  }
  return schema;
}

Result<TableMetadata> MetadataFromJson(const Json& json) {
  const std::string root = "$";
  CDC_RETURN_IF_ERROR(ExpectObject(json, root));
  TableMetadata metadata;
  CDC_ASSIGN_OR_RETURN(metadata.format_version, RequiredInt(json, "format-version", root));
  if (metadata.format_version != 2) {
    return Status::NotSupported("iceberg metadata",
                                "format-version " + std::to_string(metadata.format_version));
  }
  CDC_ASSIGN_OR_RETURN(metadata.table_uuid, RequiredString(json, "table-uuid", root));
  CDC_ASSIGN_OR_RETURN(metadata.location, RequiredString(json, "location", root));
  CDC_ASSIGN_OR_RETURN(metadata.last_sequence_number, RequiredLong(json, "last-sequence-number", root));
  CDC_ASSIGN_OR_RETURN(metadata.last_updated_ms, RequiredLong(json, "last-updated-ms", root));
  CDC_ASSIGN_OR_RETURN(metadata.last_column_id, RequiredInt(json, "last-column-id", root));
  CDC_ASSIGN_OR_RETURN(metadata.current_schema_id, RequiredInt(json, "current-schema-id", root));
  CDC_ASSIGN_OR_RETURN(const Json* schemas, RequiredArray(json, "schemas", root));
  for (size_t schema_idx = 0; schema_idx < schemas->size(); ++schema_idx) {
    CDC_ASSIGN_OR_RETURN(Schema schema, SchemaFromJson((*schemas)[schema_idx],
                                                       "$.schemas[" + std::to_string(schema_idx) + "]"));
    metadata.schemas.push_back(std::move(schema));
  }
  CDC_ASSIGN_OR_RETURN(metadata.default_spec_id, RequiredInt(json, "default-spec-id", root));
  CDC_ASSIGN_OR_RETURN(const Json* specs, RequiredArray(json, "partition-specs", root));
  for (size_t spec_idx = 0; spec_idx < specs->size(); ++spec_idx) {
    const std::string path = "$.partition-specs[" + std::to_string(spec_idx) + "]";
    const Json& entry = (*specs)[spec_idx];
    CDC_RETURN_IF_ERROR(ExpectObject(entry, path));
    PartitionSpec spec;
    CDC_ASSIGN_OR_RETURN(spec.spec_id, RequiredInt(entry, "spec-id", path));
    CDC_ASSIGN_OR_RETURN(const Json* fields, RequiredArray(entry, "fields", path));
    for (size_t field_idx = 0; field_idx < fields->size(); ++field_idx) {
      const std::string field_path = path + ".fields[" + std::to_string(field_idx) + "]";
      const Json& field_json = (*fields)[field_idx];
      CDC_RETURN_IF_ERROR(ExpectObject(field_json, field_path));
      PartitionField field;
      CDC_ASSIGN_OR_RETURN(field.source_id, RequiredInt(field_json, "source-id", field_path));
      CDC_ASSIGN_OR_RETURN(field.field_id, RequiredInt(field_json, "field-id", field_path));
      CDC_ASSIGN_OR_RETURN(field.name, RequiredString(field_json, "name", field_path));
      CDC_ASSIGN_OR_RETURN(field.transform, RequiredString(field_json, "transform", field_path));
      spec.fields.push_back(std::move(field));
    }
    metadata.partition_specs.push_back(std::move(spec));
  }
  CDC_ASSIGN_OR_RETURN(metadata.last_partition_id, RequiredInt(json, "last-partition-id", root));
  CDC_ASSIGN_OR_RETURN(metadata.default_sort_order_id, RequiredInt(json, "default-sort-order-id", root));
  CDC_ASSIGN_OR_RETURN(const Json* orders, RequiredArray(json, "sort-orders", root));
  for (size_t order_idx = 0; order_idx < orders->size(); ++order_idx) {
    const std::string path = "$.sort-orders[" + std::to_string(order_idx) + "]";
    const Json& entry = (*orders)[order_idx];
    CDC_RETURN_IF_ERROR(ExpectObject(entry, path));
    SortOrder order;
    CDC_ASSIGN_OR_RETURN(order.order_id, RequiredInt(entry, "order-id", path));
    CDC_ASSIGN_OR_RETURN(const Json* fields, RequiredArray(entry, "fields", path));
    for (size_t field_idx = 0; field_idx < fields->size(); ++field_idx) {
      const std::string field_path = path + ".fields[" + std::to_string(field_idx) + "]";
      const Json& field_json = (*fields)[field_idx];
      CDC_RETURN_IF_ERROR(ExpectObject(field_json, field_path));
      SortField field;
      CDC_ASSIGN_OR_RETURN(field.transform, RequiredString(field_json, "transform", field_path));
      CDC_ASSIGN_OR_RETURN(field.source_id, RequiredInt(field_json, "source-id", field_path));
      CDC_ASSIGN_OR_RETURN(field.direction, RequiredString(field_json, "direction", field_path));
      CDC_ASSIGN_OR_RETURN(field.null_order, RequiredString(field_json, "null-order", field_path));
      order.fields.push_back(std::move(field));
    }
    metadata.sort_orders.push_back(std::move(order));
  }
  if (const Json* properties = Optional(json, "properties")) {
    CDC_ASSIGN_OR_RETURN(metadata.properties, StringMap(*properties, "$.properties"));
  }
  if (const Json* current = Optional(json, "current-snapshot-id")) {
    CDC_ASSIGN_OR_RETURN(int64_t id, AsLong(*current, "$.current-snapshot-id"));
    if (id != -1) metadata.current_snapshot_id = SnapshotId(id);  // -1: "none" in older writers
  }
  if (const Json* snapshots = Optional(json, "snapshots")) {
    if (!snapshots->is_array()) return Bad("$.snapshots", "is not an array");
    for (size_t snapshot_idx = 0; snapshot_idx < snapshots->size(); ++snapshot_idx) {
      const std::string path = "$.snapshots[" + std::to_string(snapshot_idx) + "]";
      const Json& entry = (*snapshots)[snapshot_idx];
      CDC_RETURN_IF_ERROR(ExpectObject(entry, path));
      Snapshot snapshot;
      CDC_ASSIGN_OR_RETURN(int64_t id, RequiredLong(entry, "snapshot-id", path));
      snapshot.snapshot_id = SnapshotId(id);
      if (const Json* parent = Optional(entry, "parent-snapshot-id")) {
        CDC_ASSIGN_OR_RETURN(int64_t parent_id, AsLong(*parent, path + ".parent-snapshot-id"));
        snapshot.parent_snapshot_id = SnapshotId(parent_id);
      }
      CDC_ASSIGN_OR_RETURN(snapshot.sequence_number, RequiredLong(entry, "sequence-number", path));
      CDC_ASSIGN_OR_RETURN(snapshot.timestamp_ms, RequiredLong(entry, "timestamp-ms", path));
      CDC_ASSIGN_OR_RETURN(snapshot.manifest_list, RequiredString(entry, "manifest-list", path));
      CDC_ASSIGN_OR_RETURN(const Json* summary, Required(entry, "summary", path));
      CDC_ASSIGN_OR_RETURN(snapshot.summary, StringMap(*summary, path + ".summary"));
      if (snapshot.summary.count("operation") == 0) return Bad(path + ".summary.operation", "is missing");
      if (const Json* schema_id = Optional(entry, "schema-id")) {
        CDC_ASSIGN_OR_RETURN(snapshot.schema_id, AsInt(*schema_id, path + ".schema-id"));
      }
      if (metadata.FindSnapshot(snapshot.snapshot_id) != nullptr)
        return Bad(path, "snapshot id listed twice");
      metadata.snapshots.push_back(std::move(snapshot));
    }
  }
  if (const Json* log = Optional(json, "snapshot-log")) {
    if (!log->is_array()) return Bad("$.snapshot-log", "is not an array");
    for (const Json& entry : *log) {
      CDC_RETURN_IF_ERROR(ExpectObject(entry, "$.snapshot-log[]"));
      SnapshotLogEntry item;
      CDC_ASSIGN_OR_RETURN(item.timestamp_ms, RequiredLong(entry, "timestamp-ms", "$.snapshot-log[]"));
      CDC_ASSIGN_OR_RETURN(int64_t id, RequiredLong(entry, "snapshot-id", "$.snapshot-log[]"));
      item.snapshot_id = SnapshotId(id);
      metadata.snapshot_log.push_back(item);
    }
  }
  if (const Json* log = Optional(json, "metadata-log")) {
    if (!log->is_array()) return Bad("$.metadata-log", "is not an array");
    for (const Json& entry : *log) {
      CDC_RETURN_IF_ERROR(ExpectObject(entry, "$.metadata-log[]"));
      MetadataLogEntry item;
      CDC_ASSIGN_OR_RETURN(item.timestamp_ms, RequiredLong(entry, "timestamp-ms", "$.metadata-log[]"));
      CDC_ASSIGN_OR_RETURN(item.metadata_file, RequiredString(entry, "metadata-file", "$.metadata-log[]"));
      metadata.metadata_log.push_back(std::move(item));
    }
  }
  if (const Json* refs = Optional(json, "refs")) {
    if (!refs->is_object()) return Bad("$.refs", "is not an object");
    for (auto it = refs->begin(); it != refs->end(); ++it) {
      const std::string path = "$.refs." + it.key();
      CDC_RETURN_IF_ERROR(ExpectObject(it.value(), path));
      SnapshotRef ref;
      CDC_ASSIGN_OR_RETURN(int64_t id, RequiredLong(it.value(), "snapshot-id", path));
      ref.snapshot_id = SnapshotId(id);
      CDC_ASSIGN_OR_RETURN(ref.type, RequiredString(it.value(), "type", path));
      if (ref.type != "branch" && ref.type != "tag") return Bad(path + ".type", "is neither branch nor tag");
      if (const Json* value = Optional(it.value(), "min-snapshots-to-keep")) {
        CDC_ASSIGN_OR_RETURN(ref.min_snapshots_to_keep, AsInt(*value, path + ".min-snapshots-to-keep"));
      }
      if (const Json* value = Optional(it.value(), "max-snapshot-age-ms")) {
        CDC_ASSIGN_OR_RETURN(ref.max_snapshot_age_ms, AsLong(*value, path + ".max-snapshot-age-ms"));
      }
      if (const Json* value = Optional(it.value(), "max-ref-age-ms")) {
        CDC_ASSIGN_OR_RETURN(ref.max_ref_age_ms, AsLong(*value, path + ".max-ref-age-ms"));
      }
      metadata.refs[it.key()] = std::move(ref);
    }
  }

  // Cross-references.
  if (metadata.CurrentSchema() == nullptr) return Bad("$.current-schema-id", "names no listed schema");
  bool spec_found = false;
  for (const PartitionSpec& spec : metadata.partition_specs)
    spec_found |= spec.spec_id == metadata.default_spec_id;
  if (!spec_found) return Bad("$.default-spec-id", "names no listed partition spec");
  bool order_found = false;
  for (const SortOrder& order : metadata.sort_orders)
    order_found |= order.order_id == metadata.default_sort_order_id;
  if (!order_found) return Bad("$.default-sort-order-id", "names no listed sort order");
  if (metadata.current_snapshot_id && metadata.CurrentSnapshot() == nullptr) {
    return Bad("$.current-snapshot-id", "names no listed snapshot");
  }
  if (auto main = metadata.refs.find("main"); main != metadata.refs.end()) {
    if (!metadata.current_snapshot_id || main->second.snapshot_id != *metadata.current_snapshot_id) {
      return Bad("$.refs.main", "differs from current-snapshot-id");
    }
  }
  for (const Schema& schema : metadata.schemas) {
    if (schema.HighestFieldId() > metadata.last_column_id) {
      return Bad("$.last-column-id", "is lower than a field id in use");
    }
  }
  return metadata;
}

}  // namespace

std::string EncodeMetadataJson(const TableMetadata& metadata) {
  return MetadataToJson(metadata).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<TableMetadata> DecodeMetadataJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Corruption("iceberg metadata", "not JSON");
  return MetadataFromJson(json);
}

std::string EncodeSchemaJson(const Schema& schema) {
  return SchemaToJson(schema).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<Schema> DecodeSchemaJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::Corruption("iceberg schema", "not JSON");
  return SchemaFromJson(json, "schema");
}

std::string EncodePartitionFieldsJson(const PartitionSpec& spec) {
  return PartitionFieldsToJson(spec).dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace cdc::iceberg
