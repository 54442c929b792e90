// Parquet data and delete files for Iceberg: each leaf column carries its field id, and its Parquet
// type is what the Iceberg spec (Appendix A, "Parquet") requires of the column's Iceberg type.
#include "iceberg/data_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "format/parquet/parquet_reader.h"
#include "iceberg/schema.h"

namespace cdc::iceberg {
namespace {

using format::parquet::LogicalType;
using format::parquet::PhysicalType;
using model::FieldType;
using model::ValueKind;

std::string TempPath(const std::string& name) {
  return testing::TempDir() + "/iceberg_data_files_" + std::to_string(::getpid()) + "_" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

model::ColumnSchema Column(std::string name, ValueKind kind, FieldType type, uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

// Bytes of the smallest two's complement integer holding every `precision`-digit unscaled value.
int32_t MinDecimalBytes(int precision) {
  long double limit = 1;
  for (int digit_idx = 0; digit_idx < precision; ++digit_idx) limit *= 10;
  for (int32_t bytes = 1;; ++bytes) {
    long double max = 1;
    for (int bit_idx = 0; bit_idx < 8 * bytes - 1; ++bit_idx) max *= 2;
    if (max >= limit) return bytes;
  }
}

// What Appendix A of the spec asks of a Parquet column holding `type`.
void ExpectParquetTypeFits(const Type& type, const format::parquet::SchemaElement& element) {
  SCOPED_TRACE(element.name + " as " + type.ToString());
  ASSERT_TRUE(element.type.has_value());
  const std::optional<LogicalType>& logical = element.logical_type;
  switch (type.kind) {
    case TypeKind::kBoolean:
      EXPECT_EQ(*element.type, PhysicalType::kBoolean);
      break;
    case TypeKind::kInt:
      EXPECT_EQ(*element.type, PhysicalType::kInt32);
      if (logical) {
        EXPECT_EQ(logical->kind, LogicalType::Kind::kInteger);
        EXPECT_TRUE(logical->is_signed);
      }
      break;
    case TypeKind::kLong:
      EXPECT_EQ(*element.type, PhysicalType::kInt64);
      if (logical) {
        EXPECT_EQ(logical->kind, LogicalType::Kind::kInteger);
        EXPECT_TRUE(logical->is_signed);
      }
      break;
    case TypeKind::kFloat:
      EXPECT_EQ(*element.type, PhysicalType::kFloat);
      break;
    case TypeKind::kDouble:
      EXPECT_EQ(*element.type, PhysicalType::kDouble);
      break;
    case TypeKind::kDecimal:
      ASSERT_TRUE(logical.has_value());
      EXPECT_EQ(logical->kind, LogicalType::Kind::kDecimal);
      EXPECT_EQ(logical->precision, type.precision);
      EXPECT_EQ(logical->scale, type.scale);
      if (type.precision <= 9) {
        EXPECT_EQ(*element.type, PhysicalType::kInt32);
      } else if (type.precision <= 18) {
        EXPECT_EQ(*element.type, PhysicalType::kInt64);
      } else {
        EXPECT_EQ(*element.type, PhysicalType::kFixedLenByteArray);
        EXPECT_EQ(element.type_length, MinDecimalBytes(type.precision));
      }
      break;
    case TypeKind::kDate:
      EXPECT_EQ(*element.type, PhysicalType::kInt32);
      ASSERT_TRUE(logical.has_value());
      EXPECT_EQ(logical->kind, LogicalType::Kind::kDate);
      break;
    case TypeKind::kTime:
      FAIL() << "lakefeed writes no Iceberg time";
      break;
    case TypeKind::kTimestamp:
    case TypeKind::kTimestampTz:
      EXPECT_EQ(*element.type, PhysicalType::kInt64);
      ASSERT_TRUE(logical.has_value());
      EXPECT_EQ(logical->kind, LogicalType::Kind::kTimestamp);
      EXPECT_EQ(logical->unit, format::parquet::TimeUnit::kMicros);
      EXPECT_EQ(logical->adjusted_to_utc, type.kind == TypeKind::kTimestampTz);
      break;
    case TypeKind::kString:
      EXPECT_EQ(*element.type, PhysicalType::kByteArray);
      ASSERT_TRUE(logical.has_value());
      EXPECT_EQ(logical->kind, LogicalType::Kind::kString);
      break;
    case TypeKind::kUuid:
      EXPECT_EQ(*element.type, PhysicalType::kFixedLenByteArray);
      EXPECT_EQ(element.type_length, 16);
      ASSERT_TRUE(logical.has_value());
      EXPECT_EQ(logical->kind, LogicalType::Kind::kUuid);
      break;
    case TypeKind::kFixed:
      EXPECT_EQ(*element.type, PhysicalType::kFixedLenByteArray);
      EXPECT_EQ(element.type_length, type.length);
      break;
    case TypeKind::kBinary:
      EXPECT_EQ(*element.type, PhysicalType::kByteArray);
      EXPECT_FALSE(logical.has_value());
      break;
  }
}

std::shared_ptr<model::TableSchema> EveryKindTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "everything";
  table->columns = {
      Column("id", ValueKind::kInt64, FieldType::kLongLong),
      Column("tiny", ValueKind::kInt64, FieldType::kTiny),
      Column("small", ValueKind::kInt64, FieldType::kShort),
      Column("medium", ValueKind::kInt64, FieldType::kInt24),
      Column("int", ValueKind::kInt64, FieldType::kLong),
      Column("tiny_u", ValueKind::kUInt64, FieldType::kTiny),
      Column("small_u", ValueKind::kUInt64, FieldType::kShort),
      Column("medium_u", ValueKind::kUInt64, FieldType::kInt24),
      Column("int_u", ValueKind::kUInt64, FieldType::kLong),
      Column("big_u", ValueKind::kUInt64, FieldType::kLongLong),
      Column("f", ValueKind::kFloat, FieldType::kFloat),
      Column("d", ValueKind::kDouble, FieldType::kDouble),
      Column("dec9", ValueKind::kDecimal, FieldType::kNewDecimal, 9 << 8 | 2),
      Column("dec18", ValueKind::kDecimal, FieldType::kNewDecimal, 18 << 8 | 4),
      Column("dec30", ValueKind::kDecimal, FieldType::kNewDecimal, 30 << 8 | 10),
      Column("dec38", ValueKind::kDecimal, FieldType::kNewDecimal, 38 << 8 | 0),
      Column("dec65", ValueKind::kDecimal, FieldType::kNewDecimal, 65 << 8 | 30),
      Column("y", ValueKind::kYear, FieldType::kYear),
      Column("day", ValueKind::kDate, FieldType::kDate),
      Column("tm", ValueKind::kTime, FieldType::kTime2),
      Column("dtm", ValueKind::kDateTime, FieldType::kDateTime2),
      Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2),
      Column("bits", ValueKind::kBit, FieldType::kBit),
      Column("e", ValueKind::kEnum, FieldType::kEnum),
      Column("s", ValueKind::kSet, FieldType::kSet),
      Column("txt", ValueKind::kString, FieldType::kVarchar),
      Column("j", ValueKind::kJson, FieldType::kJson),
      Column("ip4", ValueKind::kInet4, FieldType::kString),
      Column("ip6", ValueKind::kInet6, FieldType::kString),
      Column("bin", ValueKind::kBinary, FieldType::kBlob),
      Column("geo", ValueKind::kGeometry, FieldType::kGeometry),
      Column("vec", ValueKind::kVector, FieldType::kVector),
      Column("u", ValueKind::kUuid, FieldType::kString),
  };
  table->primary_key = {0};
  return table;
}

TEST(IcebergDataFileTest, EveryKindGetsItsFieldIdAndTheParquetTypeIcebergRequires) {
  std::shared_ptr<model::TableSchema> table = EveryKindTable();
  Result<Schema> schema = SchemaFromTable(*table);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  // Settings an Iceberg file must override: millisecond timestamps, TIME of day, UINT64.
  format::ParquetSettings base;
  base.timestamp_in_millisecond = true;
  base.time_mapping = format::ParquetTimeMapping::kTimeOfDay;
  base.codec = format::parquet::Codec::kZstd;
  const std::string path = TempPath("every_kind.parquet");
  Result<ParquetFileWriter> writer = ParquetFileWriter::OpenDataFile(path, table, *schema, base);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  model::ChangeBatch batch(table);
  for (int64_t row_idx = 0; row_idx < 3; ++row_idx) {
    for (size_t column_idx = 0; column_idx < table->columns.size(); ++column_idx) {
      if (column_idx == 0) {
        batch.column(0).AppendSlot(static_cast<uint64_t>(row_idx));
      } else {
        batch.column(column_idx).AppendNull();
      }
    }
    model::RowChange change;
    change.after = batch.FinishImage();
    batch.AddChange(change);
  }
  ASSERT_TRUE(writer->Append(batch, 0, batch.size()).ok());
  Result<DataFile> file = writer->Finish();
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->record_count, 3);
  EXPECT_EQ(file->content, FileContent::kData);

  const std::string bytes = ReadFile(path);
  EXPECT_EQ(static_cast<int64_t>(bytes.size()), file->file_size_in_bytes);
  Result<format::parquet::ParquetFileReader> reader = format::parquet::ParquetFileReader::Open(bytes);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  ASSERT_EQ(reader->column_count(), schema->fields.size());
  for (size_t column_idx = 0; column_idx < schema->fields.size(); ++column_idx) {
    const SchemaField& field = schema->fields[column_idx];
    const format::parquet::SchemaElement& element = reader->column_schema(column_idx);
    EXPECT_EQ(element.name, field.name);
    EXPECT_EQ(element.field_id, field.id);
    EXPECT_EQ(element.repetition, field.required ? format::parquet::Repetition::kRequired
                                                 : format::parquet::Repetition::kOptional);
    ExpectParquetTypeFits(field.type, element);
  }
  bool has_schema = false;
  for (const format::parquet::KeyValue& pair : reader->metadata().key_value_metadata) {
    if (pair.key == "iceberg.schema") {
      has_schema = true;
      Result<Schema> footer_schema = DecodeSchemaJson(pair.value.value_or(""));
      ASSERT_TRUE(footer_schema.ok()) << footer_schema.status().ToString();
      EXPECT_EQ(*footer_schema, *schema);
    }
  }
  EXPECT_TRUE(has_schema);
  std::remove(path.c_str());
}

std::string LittleEndianBytes(uint64_t value, int bytes) {
  std::string out;
  for (int byte_idx = 0; byte_idx < bytes; ++byte_idx)
    out.push_back(static_cast<char>(value >> (8 * byte_idx)));
  return out;
}

TEST(IcebergDataFileTest, MetricsAndBoundsComeFromTheFooterAcrossRowGroups) {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "s";
  table->table_name = "t";
  table->columns = {Column("id", ValueKind::kInt64, FieldType::kLongLong),
                    Column("small", ValueKind::kInt64, FieldType::kLong),
                    Column("amount", ValueKind::kDecimal, FieldType::kNewDecimal, 30 << 8 | 2),
                    Column("price", ValueKind::kDecimal, FieldType::kNewDecimal, 9 << 8 | 2),
                    Column("name", ValueKind::kString, FieldType::kVarchar),
                    Column("blank", ValueKind::kString, FieldType::kVarchar)};
  table->primary_key = {0};
  Result<Schema> schema = SchemaFromTable(*table);
  ASSERT_TRUE(schema.ok());
  format::ParquetSettings base;
  base.row_group_length = 2;  // three row groups: min and max must be taken across them
  const std::string path = TempPath("metrics.parquet");
  Result<ParquetFileWriter> writer = ParquetFileWriter::OpenDataFile(path, table, *schema, base);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  model::ChangeBatch batch(table);
  struct Values {
    int64_t id;
    int64_t small;
    const char* amount;
    const char* price;
    const char* name;
  };
  const Values rows[] = {{7, 40, "2.50", "1.00", "m"},
                         {-5, -3, nullptr, "-0.01", "zeta"},
                         {3, 9, "-1.00", nullptr, nullptr},
                         {12, 0, "300.00", "0.50", "alpha"},
                         {0, 1, "0.05", "-2.00", "b"}};
  for (const Values& row : rows) {
    batch.column(0).AppendSlot(static_cast<uint64_t>(row.id));
    batch.column(1).AppendSlot(static_cast<uint64_t>(row.small));
    for (auto [column_idx, text] :
         {std::pair{2, row.amount}, std::pair{3, row.price}, std::pair{4, row.name}}) {
      if (text == nullptr) {
        batch.column(column_idx).AppendNull();
      } else {
        batch.column(column_idx).AppendBytes(text);
      }
    }
    batch.column(5).AppendNull();
    model::RowChange change;
    change.after = batch.FinishImage();
    batch.AddChange(change);
  }
  ASSERT_TRUE(writer->Append(batch, 0, batch.size()).ok());
  Result<DataFile> file = writer->Finish();
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->record_count, 5);
  EXPECT_EQ(file->split_offsets.size(), 3u);
  EXPECT_EQ(file->value_counts,
            (std::vector<std::pair<FieldId, int64_t>>{{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}, {6, 5}}));
  EXPECT_EQ(file->null_value_counts,
            (std::vector<std::pair<FieldId, int64_t>>{{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 1}, {6, 5}}));
  ASSERT_EQ(file->column_sizes.size(), 6u);
  for (const auto& [id, size] : file->column_sizes) EXPECT_GT(size, 0) << id;
  // Appendix D: long as 8 bytes LE, int as 4, decimals as the unscaled value in the fewest big-endian
  // bytes, strings as their bytes. The all-null column has none.
  const std::vector<std::pair<FieldId, std::string>> lower = {
      {1, LittleEndianBytes(static_cast<uint64_t>(-5), 8)},
      {2, LittleEndianBytes(static_cast<uint64_t>(-3), 4)},
      {3, std::string("\x9c", 1)},      // -100 (-1.00) fits one byte
      {4, std::string("\xff\x38", 2)},  // -200 (-2.00)
      {5, "alpha"}};
  const std::vector<std::pair<FieldId, std::string>> upper = {
      {1, LittleEndianBytes(12, 8)},
      {2, LittleEndianBytes(40, 4)},
      {3, std::string("\x75\x30", 2)},  // 30000 (300.00)
      {4, std::string("\x64", 1)},      // 100 (1.00)
      {5, "zeta"}};
  EXPECT_EQ(file->lower_bounds, lower);
  EXPECT_EQ(file->upper_bounds, upper);
  std::remove(path.c_str());
}

TEST(IcebergDataFileTest, ANullInARequiredColumnFails) {
  std::shared_ptr<model::TableSchema> table = EveryKindTable();
  Result<Schema> schema = SchemaFromTable(*table);
  ASSERT_TRUE(schema.ok());
  const std::string path = TempPath("null_key.parquet");
  Result<ParquetFileWriter> writer = ParquetFileWriter::OpenEqualityDeleteFile(path, table, *schema, {1});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  model::ChangeBatch batch(table);
  for (size_t column_idx = 0; column_idx < table->columns.size(); ++column_idx)
    batch.column(column_idx).AppendNull();
  model::RowChange change;
  change.op = model::ChangeOp::kDelete;
  change.before = batch.FinishImage();
  batch.AddChange(change);
  EXPECT_TRUE(writer->Append(batch, 0, 1).IsInvalidArgument());
  std::remove(path.c_str());
}

TEST(IcebergDataFileTest, PositionDeleteFilesAreSortedWithReservedIds) {
  const std::string path = TempPath("pos_deletes.parquet");
  Result<DataFile> file = WritePositionDeleteFile(path, {{"file:///t/data/b.parquet", 7},
                                                         {"file:///t/data/a.parquet", 9},
                                                         {"file:///t/data/a.parquet", 2},
                                                         {"file:///t/data/a.parquet", 9}});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(file->content, FileContent::kPositionDeletes);
  EXPECT_EQ(file->record_count, 3);  // the duplicate is dropped
  EXPECT_FALSE(file->referenced_data_file.has_value());
  Result<format::parquet::ParquetFileReader> reader =
      format::parquet::ParquetFileReader::Open(ReadFile(path));
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ(reader->column_count(), 2u);
  EXPECT_EQ(reader->column_schema(0).name, "file_path");
  EXPECT_EQ(reader->column_schema(0).field_id, kDeleteFilePathFieldId);
  EXPECT_EQ(reader->column_schema(0).repetition, format::parquet::Repetition::kRequired);
  EXPECT_EQ(reader->column_schema(1).name, "pos");
  EXPECT_EQ(reader->column_schema(1).field_id, kDeletePosFieldId);
  EXPECT_EQ(*reader->column_schema(1).type, PhysicalType::kInt64);
  Result<format::parquet::ColumnValues> paths = reader->ReadColumn(0);
  Result<format::parquet::ColumnValues> positions = reader->ReadColumn(1);
  ASSERT_TRUE(paths.ok() && positions.ok());
  EXPECT_EQ(paths->bytes, (std::vector<std::string>{"file:///t/data/a.parquet", "file:///t/data/a.parquet",
                                                    "file:///t/data/b.parquet"}));
  EXPECT_EQ(positions->numbers, (std::vector<uint64_t>{2, 9, 7}));

  Result<DataFile> single = WritePositionDeleteFile(path, {{"file:///t/data/a.parquet", 1}});
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->referenced_data_file, "file:///t/data/a.parquet");
  EXPECT_TRUE(WritePositionDeleteFile(path, {}).status().IsInvalidArgument());
  EXPECT_TRUE(WritePositionDeleteFile(path, {{"x", -1}}).status().IsInvalidArgument());
  std::remove(path.c_str());
}

}  // namespace
}  // namespace cdc::iceberg
