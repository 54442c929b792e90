#include "format/parquet/parquet_writer.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include "format/csv/csv_test_util.h"
#include "format/parquet/parquet_reader.h"
#include "model/value.h"

namespace cdc::format {
namespace {

using model::FieldType;
using model::ValueKind;
using parquet::ColumnValues;
using parquet::Encoding;
using parquet::ParquetFileReader;
using parquet::PhysicalType;
using testing::AddDelete;
using testing::AddInsert;
using testing::AddUpdate;
using testing::AllColumns;
using testing::Cell;
using testing::Column;
using testing::Table;
using testing::TempDir;

constexpr int64_t kCommitUs = 1700000000123456;  // 2023-11-14 22:13:20.123456 UTC

// Writes `batch` (all changes) into one file and returns a reader of it.
ParquetFileReader WriteAndOpen(const TempDir& dir, const model::TableProjectionPtr& projection,
                               const model::ChangeBatch& batch, const OutputSettings& output,
                               const ParquetSettings& settings, FileKind kind = FileKind::kCdc) {
  const std::string path = dir.File("out.parquet");
  Result<std::unique_ptr<ChangeFileWriter>> writer = OpenParquetWriter(path, kind, projection, output, settings);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  ChangeContext context;
  context.first_seq = 100;
  context.commit_time_us = kCommitUs;
  Status status = (*writer)->Append(batch, 0, batch.size(), context);
  EXPECT_TRUE(status.ok()) << status.ToString();
  status = (*writer)->Finish();
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ((*writer)->extension(), "parquet");
  const std::string bytes = testing::ReadFile(path);
  EXPECT_EQ((*writer)->bytes_written(), bytes.size());
  Result<ParquetFileReader> reader = ParquetFileReader::Open(bytes);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return std::move(reader).value();
}

ColumnValues Read(const ParquetFileReader& reader, size_t column_idx) {
  Result<ColumnValues> values = reader.ReadColumn(column_idx);
  EXPECT_TRUE(values.ok()) << values.status().ToString();
  return values.ok() ? std::move(values).value() : ColumnValues();
}

std::vector<std::string> ColumnNames(const ParquetFileReader& reader) {
  std::vector<std::string> names;
  for (size_t column_idx = 0; column_idx < reader.column_count(); ++column_idx) {
    names.push_back(reader.column_schema(column_idx).name);
  }
  return names;
}

std::string LittleEndian64(int64_t value) {
  std::string out(8, '\0');
  for (int byte_idx = 0; byte_idx < 8; ++byte_idx) out[byte_idx] = static_cast<char>(static_cast<uint64_t>(value) >> (8 * byte_idx));
  return out;
}

TEST(ParquetWriterTest, CdcFileHasOpDataAndOrderingColumns) {
  TempDir dir;
  model::TableSchemaPtr table = testing::UsersTable();
  model::ChangeBatch batch(table);
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("ann")});
  AddUpdate(&batch, {Cell::Int(1), Cell::Bytes("ann")}, {Cell::Int(1), Cell::Null()});
  AddDelete(&batch, {Cell::Int(-7), Cell::Bytes("bob")});
  ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, OutputSettings(), ParquetSettings());

  EXPECT_EQ(ColumnNames(reader), (std::vector<std::string>{"Op", "id", "name", "_lakefeed_seq", "_lakefeed_commit_us"}));
  EXPECT_EQ(reader.metadata().num_rows, 3);
  EXPECT_EQ(reader.metadata().version, 1);
  ColumnValues op = Read(reader, 0);
  EXPECT_EQ(op.bytes, (std::vector<std::string>{"I", "U", "D"}));
  ColumnValues id = Read(reader, 1);
  EXPECT_EQ(id.numbers, (std::vector<uint64_t>{1, 1, static_cast<uint64_t>(-7)}));
  ColumnValues name = Read(reader, 2);
  EXPECT_EQ(name.present, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(name.bytes, (std::vector<std::string>{"ann", "bob"}));
  EXPECT_EQ(Read(reader, 3).numbers, (std::vector<uint64_t>{100, 101, 102}));
  EXPECT_EQ(Read(reader, 4).numbers, (std::vector<uint64_t>(3, kCommitUs)));

  // Types: Op REQUIRED STRING, id INT64 INTEGER(64, signed), name OPTIONAL STRING.
  const parquet::SchemaElement& op_schema = reader.column_schema(0);
  EXPECT_EQ(op_schema.repetition, parquet::Repetition::kRequired);
  EXPECT_EQ(op_schema.logical_type->kind, parquet::LogicalType::Kind::kString);
  EXPECT_EQ(reader.column_schema(1).type, PhysicalType::kInt64);
  EXPECT_EQ(reader.column_schema(1).logical_type->kind, parquet::LogicalType::Kind::kInteger);
  EXPECT_EQ(reader.column_schema(2).repetition, parquet::Repetition::kOptional);

  // Dictionary encoding by default (Parquet 1.0 names), statistics on.
  EXPECT_EQ(id.dictionary_pages, 1u);
  EXPECT_EQ(id.page_encodings, (std::vector<Encoding>{Encoding::kPlainDictionary}));
  const parquet::ColumnMetaData& id_meta = *reader.metadata().row_groups[0].columns[1].meta_data;
  ASSERT_TRUE(id_meta.statistics.has_value());
  EXPECT_EQ(id_meta.statistics->min_value, LittleEndian64(-7));
  EXPECT_EQ(id_meta.statistics->max_value, LittleEndian64(1));
  EXPECT_EQ(id_meta.statistics->null_count, 0);
  const parquet::ColumnMetaData& name_meta = *reader.metadata().row_groups[0].columns[2].meta_data;
  EXPECT_EQ(name_meta.statistics->min_value, "ann");
  EXPECT_EQ(name_meta.statistics->max_value, "bob");
  EXPECT_EQ(name_meta.statistics->null_count, 1);
  EXPECT_EQ(reader.metadata().type_defined_column_orders, 5);
}

TEST(ParquetWriterTest, InsertsOnlyDropsOpAndOtherChanges) {
  TempDir dir;
  model::TableSchemaPtr table = testing::UsersTable();
  model::ChangeBatch batch(table);
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("a")});
  AddDelete(&batch, {Cell::Int(1), Cell::Bytes("a")});
  AddInsert(&batch, {Cell::Int(2), Cell::Bytes("b")});
  OutputSettings output;
  output.cdc_inserts_only = true;
  output.ordering_columns = false;
  output.timestamp_column_name = "ts";
  ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, output, ParquetSettings());
  EXPECT_EQ(ColumnNames(reader), (std::vector<std::string>{"ts", "id", "name"}));
  EXPECT_EQ(Read(reader, 1).numbers, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(Read(reader, 0).numbers, (std::vector<uint64_t>(2, kCommitUs)));
  EXPECT_EQ(reader.column_schema(0).logical_type->kind, parquet::LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(reader.column_schema(0).logical_type->adjusted_to_utc);
}

TEST(ParquetWriterTest, RowGroupsPagesCodecsAndDictionaryFallback) {
  model::TableSchemaPtr table = testing::UsersTable();
  model::ChangeBatch batch(table);
  std::vector<uint64_t> ids;
  std::vector<std::string> names;
  for (int row_idx = 0; row_idx < 2500; ++row_idx) {
    const bool null_name = row_idx % 7 == 3;
    const std::string name = "name-" + std::to_string(row_idx % 300) + std::string(static_cast<size_t>(row_idx % 5), 'x');
    AddInsert(&batch, {Cell::Int(row_idx * 3), null_name ? Cell::Null() : Cell::Bytes(name)});
    ids.push_back(static_cast<uint64_t>(row_idx * 3));
    if (!null_name) names.push_back(name);
  }
  for (parquet::Codec codec : {parquet::Codec::kUncompressed, parquet::Codec::kSnappy, parquet::Codec::kGzip,
                               parquet::Codec::kZstd}) {
    for (bool small_dictionary : {false, true}) {
      SCOPED_TRACE(std::string(ToString(codec)) + (small_dictionary ? " small dictionary" : ""));
      TempDir dir;
      ParquetSettings settings;
      settings.codec = codec;
      settings.row_group_length = 1000;
      settings.data_page_size = 700;
      settings.parquet_version = ParquetVersion::kV2_0;
      if (small_dictionary) settings.dict_page_size_limit = 6000;
      ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, OutputSettings(), settings);
      EXPECT_EQ(reader.metadata().row_groups.size(), 3u);
      EXPECT_EQ(reader.metadata().row_groups[2].num_rows, 500);
      EXPECT_EQ(reader.metadata().version, 2);
      ColumnValues id = Read(reader, 1);
      EXPECT_EQ(id.numbers, ids);
      EXPECT_GT(id.page_encodings.size(), 6u);  // several pages per row group
      ColumnValues name = Read(reader, 2);
      EXPECT_EQ(name.bytes, names);
      EXPECT_EQ(reader.metadata().row_groups[0].columns[2].meta_data->codec, codec);
      // The ids are all distinct: 8000 bytes of dictionary in a full group, over the small limit
      // (the last group's 500 ids take 4000 and keep theirs); the 300 names take about 4500.
      EXPECT_EQ(id.dictionary_pages, small_dictionary ? 1u : 3u);
      EXPECT_EQ(id.page_encodings[0], small_dictionary ? Encoding::kPlain : Encoding::kRleDictionary);
      EXPECT_EQ(name.dictionary_pages, 3u);  // 300 names fit either limit
    }
  }
}

TEST(ParquetWriterTest, TypeMapping) {
  TempDir dir;
  std::vector<model::ColumnSchema> columns = {
      Column("tiny_u", ValueKind::kUInt64, FieldType::kTiny),
      Column("big_u", ValueKind::kUInt64, FieldType::kLongLong),
      Column("dec5", ValueKind::kDecimal, FieldType::kNewDecimal, 5 << 8 | 2),
      Column("dec18", ValueKind::kDecimal, FieldType::kNewDecimal, 18 << 8 | 4),
      Column("dec30", ValueKind::kDecimal, FieldType::kNewDecimal, 30 << 8 | 0),
      Column("dec65", ValueKind::kDecimal, FieldType::kNewDecimal, 65 << 8 | 30),
      Column("d", ValueKind::kDate, FieldType::kNewDate),
      Column("dt", ValueKind::kDateTime, FieldType::kDateTime2, 6),
      Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 6),
      Column("t", ValueKind::kTime, FieldType::kTime2, 6),
      Column("f", ValueKind::kFloat, FieldType::kFloat),
      Column("e", ValueKind::kEnum, FieldType::kEnum),
      Column("g", ValueKind::kGeometry, FieldType::kGeometry),
  };
  columns[11].labels = {"red", "green"};
  model::TableSchemaPtr table = Table("db", "types", columns);
  model::ChangeBatch batch(table);
  const uint64_t date = model::PackedDate{2024, 2, 29}.Pack();
  const uint64_t zero_date = model::PackedDate{2024, 0, 0}.Pack();
  model::PackedDateTime datetime{{1969, 12, 31}, 23, 59, 59, 999999};
  model::PackedTime negative_time{true, 838, 59, 59, 0};
  const std::string dec65 = "-12345678901234567890123456789012345.123456789012345678901234567890";
  AddInsert(&batch, {Cell::Slot(255), Cell::Slot(UINT64_MAX), Cell::Bytes("-999.99"), Cell::Bytes("12345678901234.5678"),
                     Cell::Bytes("-123456789012345678901234567890"), Cell::Bytes(dec65), Cell::Slot(date),
                     Cell::Slot(datetime.Pack()), Cell::Slot(model::PackedTimestamp{1, 5}.Pack()),
                     Cell::Slot(negative_time.Pack()), Cell::Slot(std::bit_cast<uint32_t>(1.5f)), Cell::Slot(2),
                     Cell::Bytes(std::string("\x00\x00\x00\x00\x01\x01\x00\x00\x00", 9))});
  AddInsert(&batch, {Cell::Slot(0), Cell::Slot(0), Cell::Bytes("0.00"), Cell::Bytes("0.0000"), Cell::Bytes("0"),
                     Cell::Bytes("0." + std::string(30, '0')), Cell::Slot(zero_date), Cell::Slot(0),
                     Cell::Slot(0), Cell::Slot(0), Cell::Slot(std::bit_cast<uint32_t>(-0.0f)), Cell::Slot(0),
                     Cell::Null()});
  OutputSettings output;
  output.ordering_columns = false;
  output.include_op_for_full_load = false;
  ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, output, ParquetSettings(), FileKind::kFullLoad);
  ASSERT_EQ(reader.column_count(), columns.size());

  auto logical = [&](size_t column_idx) { return reader.column_schema(column_idx).logical_type; };
  EXPECT_EQ(reader.column_schema(0).type, PhysicalType::kInt32);
  EXPECT_EQ(logical(0)->bit_width, 8);
  EXPECT_FALSE(logical(0)->is_signed);
  EXPECT_EQ(Read(reader, 0).numbers, (std::vector<uint64_t>{255, 0}));
  EXPECT_EQ(reader.column_schema(1).type, PhysicalType::kInt64);
  EXPECT_FALSE(logical(1)->is_signed);
  EXPECT_EQ(Read(reader, 1).numbers, (std::vector<uint64_t>{UINT64_MAX, 0}));
  // Unsigned order: 0 is the minimum of the UINT64 column.
  EXPECT_EQ(reader.metadata().row_groups[0].columns[1].meta_data->statistics->min_value, LittleEndian64(0));

  EXPECT_EQ(reader.column_schema(2).type, PhysicalType::kInt32);
  EXPECT_EQ(logical(2)->precision, 5);
  EXPECT_EQ(logical(2)->scale, 2);
  EXPECT_EQ(Read(reader, 2).numbers, (std::vector<uint64_t>{static_cast<uint64_t>(-99999), 0}));
  EXPECT_EQ(reader.column_schema(3).type, PhysicalType::kInt64);
  EXPECT_EQ(Read(reader, 3).numbers, (std::vector<uint64_t>{123456789012345678, 0}));
  EXPECT_EQ(reader.column_schema(4).type, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(reader.column_schema(4).type_length, 13);  // 10^30 < 2^103
  ColumnValues dec30 = Read(reader, 4);
  ASSERT_EQ(dec30.bytes.size(), 2u);
  EXPECT_EQ(dec30.bytes[1], std::string(13, '\0'));
  EXPECT_EQ(static_cast<uint8_t>(dec30.bytes[0][0]), 0xfe);  // negative: sign bits set
  // Statistics of a big-endian decimal compare signed: the negative value is the minimum.
  EXPECT_EQ(reader.metadata().row_groups[0].columns[4].meta_data->statistics->min_value, dec30.bytes[0]);
  EXPECT_EQ(reader.column_schema(5).logical_type->kind, parquet::LogicalType::Kind::kString);
  EXPECT_EQ(Read(reader, 5).bytes[0], dec65);

  ColumnValues d = Read(reader, 6);
  EXPECT_EQ(d.present, (std::vector<bool>{true, false}));  // the zero date is NULL
  EXPECT_EQ(d.numbers, (std::vector<uint64_t>{19782}));    // 2024-02-29
  ColumnValues dt = Read(reader, 7);
  EXPECT_EQ(dt.numbers, (std::vector<uint64_t>{static_cast<uint64_t>(int64_t{-1})}));  // 1969-12-31 23:59:59.999999
  EXPECT_FALSE(logical(7)->adjusted_to_utc);
  ColumnValues ts = Read(reader, 8);
  EXPECT_EQ(ts.numbers, (std::vector<uint64_t>{1000005}));
  EXPECT_TRUE(logical(8)->adjusted_to_utc);
  EXPECT_EQ(ts.present, (std::vector<bool>{true, false}));  // the zero timestamp is NULL
  ColumnValues t = Read(reader, 9);
  EXPECT_EQ(static_cast<int64_t>(t.numbers[0]), -int64_t{3020399} * 1000000);
  EXPECT_FALSE(logical(9).has_value());
  // FLOAT: the zero maximum is written as +0.
  const parquet::Statistics& f_stats = *reader.metadata().row_groups[0].columns[10].meta_data->statistics;
  EXPECT_EQ(*f_stats.max_value, std::string("\x00\x00\xc0\x3f", 4));
  EXPECT_EQ(*f_stats.min_value, std::string("\x00\x00\x00\x80", 4));  // -0
  EXPECT_EQ(Read(reader, 11).bytes, (std::vector<std::string>{"green", ""}));
  EXPECT_EQ(Read(reader, 12).bytes, (std::vector<std::string>{std::string("\x01\x01\x00\x00\x00", 5)}));
}

TEST(ParquetWriterTest, SettingsChangeTheMapping) {
  TempDir dir;
  model::TableSchemaPtr table = Table("db", "t", {Column("u", ValueKind::kUInt64, FieldType::kLongLong),
                                                  Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 6),
                                                  Column("t", ValueKind::kTime, FieldType::kTime2, 6)});
  model::ChangeBatch batch(table);
  AddInsert(&batch, {Cell::Slot(UINT64_MAX), Cell::Slot(model::PackedTimestamp{10, 123456}.Pack()),
                     Cell::Slot(model::PackedTime{false, 23, 59, 59, 999999}.Pack())});
  ParquetSettings settings;
  settings.uint64_mapping = ParquetUInt64Mapping::kDecimal20;
  settings.timestamp_in_millisecond = true;
  settings.time_mapping = ParquetTimeMapping::kTimeOfDay;
  settings.encoding_type = ParquetEncodingType::kPlain;
  settings.enable_statistics = false;
  ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, OutputSettings(), settings);
  EXPECT_EQ(reader.column_schema(1).type_length, 9);
  EXPECT_EQ(reader.column_schema(1).logical_type->precision, 20);
  EXPECT_EQ(Read(reader, 1).bytes[0], std::string("\x00\xff\xff\xff\xff\xff\xff\xff\xff", 9));
  EXPECT_EQ(Read(reader, 2).numbers[0], 10123u);
  EXPECT_EQ(reader.column_schema(2).logical_type->unit, parquet::TimeUnit::kMillis);
  EXPECT_EQ(Read(reader, 3).numbers[0], 86399999999u);
  EXPECT_EQ(reader.column_schema(3).logical_type->kind, parquet::LogicalType::Kind::kTime);
  EXPECT_EQ(Read(reader, 1).page_encodings, (std::vector<Encoding>{Encoding::kPlain}));
  EXPECT_FALSE(reader.metadata().row_groups[0].columns[1].meta_data->statistics.has_value());
}

TEST(ParquetWriterTest, RejectsWhatItCannotWrite) {
  TempDir dir;
  model::TableSchemaPtr table = Table("db", "t", {Column("t", ValueKind::kTime, FieldType::kTime2, 0)});
  ParquetSettings settings;
  settings.time_mapping = ParquetTimeMapping::kTimeOfDay;
  ChangeContext context;
  {
    model::ChangeBatch batch(table);
    AddInsert(&batch, {Cell::Slot(model::PackedTime{false, 24, 0, 0, 0}.Pack())});
    auto writer = OpenParquetWriter(dir.File("a.parquet"), FileKind::kCdc, AllColumns(table), OutputSettings(), settings);
    ASSERT_TRUE(writer.ok());
    EXPECT_TRUE((*writer)->Append(batch, 0, 1, context).IsInvalidArgument());
    EXPECT_TRUE((*writer)->Finish().IsInvalidArgument());  // sticky
  }
  {
    model::ChangeBatch batch(table);
    AddInsert(&batch, {Cell::Absent()});
    auto writer = OpenParquetWriter(dir.File("b.parquet"), FileKind::kCdc, AllColumns(table), OutputSettings(),
                                    ParquetSettings());
    ASSERT_TRUE(writer.ok());
    EXPECT_TRUE((*writer)->Append(batch, 0, 1, context).IsInvalidArgument());
  }
  {
    auto projection = std::make_shared<model::TableProjection>(*AllColumns(table));
    projection->columns[0].name = "_lakefeed_seq";  // the name of an ordering column
    EXPECT_TRUE(OpenParquetWriter(dir.File("d.parquet"), FileKind::kCdc, projection, OutputSettings(), ParquetSettings())
                    .status()
                    .IsInvalidArgument());
  }
  settings.row_group_length = 0;
  EXPECT_TRUE(OpenParquetWriter(dir.File("c.parquet"), FileKind::kCdc, AllColumns(table), OutputSettings(), settings)
                  .status()
                  .IsInvalidArgument());
}

TEST(ParquetWriterTest, EmptyFileIsValid) {
  TempDir dir;
  model::TableSchemaPtr table = testing::UsersTable();
  model::ChangeBatch batch(table);
  ParquetFileReader reader = WriteAndOpen(dir, AllColumns(table), batch, OutputSettings(), ParquetSettings());
  EXPECT_EQ(reader.metadata().num_rows, 0);
  EXPECT_TRUE(reader.metadata().row_groups.empty());
}

}  // namespace
}  // namespace cdc::format
