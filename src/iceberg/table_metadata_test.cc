// Iceberg schemas, the type mapping and table metadata JSON.
#include "iceberg/table_metadata.h"

#include <gtest/gtest.h>

#include <string>

#include "iceberg/schema.h"

namespace cdc::iceberg {
namespace {

model::ColumnSchema Column(std::string name, model::ValueKind kind, model::FieldType type,
                           uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

TEST(IcebergTypeTest, NamesRoundTrip) {
  for (const char* name :
       {"boolean", "int", "long", "float", "double", "date", "time", "timestamp", "timestamptz", "string",
        "uuid", "binary", "decimal(20,0)", "decimal(38,10)", "fixed[16]"}) {
    Result<Type> type = Type::Parse(name);
    ASSERT_TRUE(type.ok()) << name;
    EXPECT_EQ(type->ToString(), name);
  }
  EXPECT_EQ(Type::Parse("decimal(9, 2)")->ToString(), "decimal(9,2)");  // the spec allows the space
  EXPECT_TRUE(Type::Parse("decimal(39,0)").status().IsCorruption());
  EXPECT_TRUE(Type::Parse("decimal(5,6)").status().IsCorruption());
  EXPECT_TRUE(Type::Parse("decimal(5)").status().IsCorruption());
  EXPECT_TRUE(Type::Parse("fixed[0]").status().IsCorruption());
  EXPECT_TRUE(Type::Parse("varchar").status().IsCorruption());
  EXPECT_TRUE(Type::Parse("timestamp_ns").status().IsNotSupported());
}

TEST(IcebergTypeTest, MapsEveryValueKind) {
  using model::FieldType;
  using model::ValueKind;
  struct Case {
    model::ColumnSchema column;
    const char* type;
  };
  const Case cases[] = {
      {Column("tiny", ValueKind::kInt64, FieldType::kTiny), "int"},
      {Column("small_u", ValueKind::kUInt64, FieldType::kShort), "int"},
      {Column("medium_u", ValueKind::kUInt64, FieldType::kInt24), "int"},
      {Column("int", ValueKind::kInt64, FieldType::kLong), "int"},
      {Column("int_u", ValueKind::kUInt64, FieldType::kLong), "long"},
      {Column("big", ValueKind::kInt64, FieldType::kLongLong), "long"},
      {Column("big_u", ValueKind::kUInt64, FieldType::kLongLong), "decimal(20,0)"},
      {Column("f", ValueKind::kFloat, FieldType::kFloat), "float"},
      {Column("d", ValueKind::kDouble, FieldType::kDouble), "double"},
      {Column("dec", ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2), "decimal(10,2)"},
      {Column("dec38", ValueKind::kDecimal, FieldType::kNewDecimal, 38 << 8 | 38), "decimal(38,38)"},
      {Column("dec65", ValueKind::kDecimal, FieldType::kNewDecimal, 65 << 8 | 30), "string"},
      {Column("y", ValueKind::kYear, FieldType::kYear), "int"},
      {Column("dt", ValueKind::kDate, FieldType::kDate), "date"},
      {Column("tm", ValueKind::kTime, FieldType::kTime2), "long"},
      {Column("dtm", ValueKind::kDateTime, FieldType::kDateTime2), "timestamp"},
      {Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2), "timestamptz"},
      {Column("bits", ValueKind::kBit, FieldType::kBit), "long"},
      {Column("e", ValueKind::kEnum, FieldType::kEnum), "string"},
      {Column("s", ValueKind::kSet, FieldType::kSet), "string"},
      {Column("txt", ValueKind::kString, FieldType::kVarchar), "string"},
      {Column("j", ValueKind::kJson, FieldType::kJson), "string"},
      {Column("ip4", ValueKind::kInet4, FieldType::kString), "string"},
      {Column("ip6", ValueKind::kInet6, FieldType::kString), "string"},
      {Column("bin", ValueKind::kBinary, FieldType::kBlob), "binary"},
      {Column("geo", ValueKind::kGeometry, FieldType::kGeometry), "binary"},
      {Column("vec", ValueKind::kVector, FieldType::kVector), "binary"},
      {Column("u", ValueKind::kUuid, FieldType::kString), "uuid"},
  };
  for (const Case& item : cases)
    EXPECT_EQ(IcebergTypeOf(item.column).ToString(), item.type) << item.column.name;
}

TEST(IcebergSchemaTest, FromTableUsesThePrimaryKeyAsIdentifierFields) {
  model::TableSchema table;
  table.schema_name = "shop";
  table.table_name = "orders";
  table.columns = {Column("region", model::ValueKind::kString, model::FieldType::kVarchar),
                   Column("id", model::ValueKind::kInt64, model::FieldType::kLongLong),
                   Column("note", model::ValueKind::kString, model::FieldType::kVarchar)};
  table.primary_key = {1, 0};
  Result<Schema> schema = SchemaFromTable(table);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_EQ(schema->fields.size(), 3u);
  EXPECT_EQ(schema->fields[0].id, 1);
  EXPECT_EQ(schema->fields[2].id, 3);
  EXPECT_TRUE(schema->fields[0].required);
  EXPECT_TRUE(schema->fields[1].required);
  EXPECT_FALSE(schema->fields[2].required);
  EXPECT_EQ(schema->identifier_field_ids, (std::vector<FieldId>{2, 1}));
  EXPECT_EQ(EncodeSchemaJson(*schema),
            R"({"type":"struct","schema-id":0,"identifier-field-ids":[2,1],"fields":[)"
            R"({"id":1,"name":"region","required":true,"type":"string"},)"
            R"({"id":2,"name":"id","required":true,"type":"long"},)"
            R"({"id":3,"name":"note","required":false,"type":"string"}]})");
  Result<Schema> decoded = DecodeSchemaJson(EncodeSchemaJson(*schema));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, *schema);

  table.columns.push_back(Column("note", model::ValueKind::kString, model::FieldType::kVarchar));
  EXPECT_TRUE(SchemaFromTable(table).status().IsInvalidArgument());
  table.columns.pop_back();
  table.columns[0] = Column("region", model::ValueKind::kDouble, model::FieldType::kDouble);
  EXPECT_TRUE(SchemaFromTable(table).status().IsInvalidArgument());
}

TableMetadata SampleMetadata() {
  TableMetadata metadata;
  metadata.table_uuid = "9c12d441-03fe-4693-9a96-a0705ddf69c1";
  metadata.location = "file:///warehouse/shop/orders";
  metadata.last_sequence_number = 2;
  metadata.last_updated_ms = 1700000000123;
  Schema schema;
  schema.fields = {{1, "id", true, Type::Of(TypeKind::kLong), ""},
                   {2, "amount", false, Type::Decimal(20, 0), "BIGINT UNSIGNED"}};
  schema.identifier_field_ids = {1};
  metadata.schemas = {schema};
  metadata.last_column_id = 2;
  metadata.partition_specs = {PartitionSpec{}};
  metadata.sort_orders = {SortOrder{}};
  metadata.properties = {{"write.format.default", "parquet"}};
  Snapshot first;
  first.snapshot_id = SnapshotId(3051729675574597004);
  first.sequence_number = 1;
  first.timestamp_ms = 1700000000000;
  first.manifest_list = "file:///warehouse/shop/orders/metadata/snap-1.avro";
  first.summary = {{"operation", "append"}, {"lakefeed.last-seq", "42"}};
  first.schema_id = 0;
  Snapshot second = first;
  second.snapshot_id = SnapshotId(7);
  second.parent_snapshot_id = first.snapshot_id;
  second.sequence_number = 2;
  second.summary = {{"operation", "delete"}};
  metadata.snapshots = {first, second};
  metadata.current_snapshot_id = second.snapshot_id;
  metadata.refs["main"] = SnapshotRef{second.snapshot_id, "branch", std::nullopt, std::nullopt, std::nullopt};
  metadata.snapshot_log = {{first.timestamp_ms, first.snapshot_id},
                           {second.timestamp_ms, second.snapshot_id}};
  metadata.metadata_log = {{1699999999999, "file:///warehouse/shop/orders/metadata/v1.metadata.json"}};
  return metadata;
}

TEST(TableMetadataTest, RoundTripsThroughJson) {
  const TableMetadata metadata = SampleMetadata();
  const std::string json = EncodeMetadataJson(metadata);
  Result<TableMetadata> decoded = DecodeMetadataJson(json);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString() << "\n" << json;
  EXPECT_EQ(*decoded, metadata);
  EXPECT_EQ(EncodeMetadataJson(*decoded), json);
  EXPECT_NE(json.find("\"format-version\": 2"), std::string::npos);
  EXPECT_NE(json.find("\"last-partition-id\": 999"), std::string::npos);
  EXPECT_NE(json.find("\"current-snapshot-id\": 7"), std::string::npos);
  EXPECT_EQ(decoded->CurrentSnapshot()->parent_snapshot_id, SnapshotId(3051729675574597004));
}

TEST(TableMetadataTest, ReadsAHandWrittenFileInTheSpecsShape) {
  // Written by hand from the spec's Appendix C field table; a table with no snapshot yet.
  const char* json = R"json({
    "format-version": 2, "table-uuid": "fb072c92-a02b-11e9-ae9c-1bb7bc9eca94", "location": "s3://b/wh/t",
    "last-sequence-number": 0, "last-updated-ms": 1515100955770, "last-column-id": 3,
    "schemas": [{"type": "struct", "schema-id": 0, "fields": [
        {"id": 1, "name": "x", "required": true, "type": "long"},
        {"id": 2, "name": "y", "required": false, "type": "decimal(9, 2)", "doc": "price"},
        {"id": 3, "name": "z", "required": false, "type": "fixed[16]"}]}],
    "current-schema-id": 0,
    "partition-specs": [{"spec-id": 0, "fields": []}], "default-spec-id": 0, "last-partition-id": 999,
    "sort-orders": [{"order-id": 0, "fields": []}], "default-sort-order-id": 0,
    "current-snapshot-id": -1, "statistics": [], "some-future-field": {"a": 1}
  })json";
  Result<TableMetadata> metadata = DecodeMetadataJson(json);
  ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
  EXPECT_FALSE(metadata->current_snapshot_id.has_value());
  EXPECT_EQ(metadata->CurrentSchema()->fields[1].type, Type::Decimal(9, 2));
  EXPECT_EQ(metadata->CurrentSchema()->fields[1].doc, "price");
  EXPECT_EQ(metadata->CurrentSchema()->fields[2].type, Type::Fixed(16));
}

TEST(TableMetadataTest, DecodingIsStrict) {
  const std::string good = EncodeMetadataJson(SampleMetadata());
  auto decode_with = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    const size_t pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    text.replace(pos, from.size(), to);
    return DecodeMetadataJson(text).status();
  };
  EXPECT_TRUE(DecodeMetadataJson("{").status().IsCorruption());
  EXPECT_TRUE(DecodeMetadataJson("[]").status().IsCorruption());
  EXPECT_TRUE(decode_with("\"format-version\": 2", "\"format-version\": 1").IsNotSupported());
  EXPECT_TRUE(decode_with("\"format-version\": 2", "\"format-version\": \"2\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"table-uuid\"", "\"table-uuid-x\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"last-sequence-number\": 2", "\"last-sequence-number\": 2.5").IsCorruption());
  EXPECT_TRUE(decode_with("\"current-schema-id\": 0", "\"current-schema-id\": 5").IsCorruption());
  EXPECT_TRUE(decode_with("\"current-snapshot-id\": 7", "\"current-snapshot-id\": 8").IsCorruption());
  EXPECT_TRUE(decode_with("\"type\": \"decimal(20,0)\"", "\"type\": \"decimal(99,0)\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"type\": \"decimal(20,0)\"", "\"type\": {\"type\": \"list\"}").IsNotSupported());
  EXPECT_TRUE(decode_with("\"last-column-id\": 2", "\"last-column-id\": 1").IsCorruption());
  EXPECT_TRUE(decode_with("\"operation\": \"delete\"", "\"op\": \"delete\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"required\": true", "\"required\": \"yes\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"type\": \"branch\"", "\"type\": \"trunk\"").IsCorruption());
  EXPECT_TRUE(decode_with("\"last-updated-ms\": 1700000000123", "\"last-updated-ms\": 99999999999999999999")
                  .IsCorruption());
  for (size_t length = 0; length + 2 < good.size(); length += 7) {  // the text minus at least its "}\n"
    EXPECT_FALSE(DecodeMetadataJson(good.substr(0, length)).ok());
  }
}

}  // namespace
}  // namespace cdc::iceberg
