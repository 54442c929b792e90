#include "format/parquet/thrift_compact.h"

#include <gtest/gtest.h>

#include <string>

#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_test_util.h"

namespace cdc::format::parquet {
namespace {

using testing::Bytes;

TEST(CompactWriterTest, FieldHeadersVarintsAndStop) {
  std::string out;
  CompactWriter w(&out);
  w.BeginStruct();
  w.FieldI32(1, 1);        // 0x15: delta 1, i32; zigzag(1) = 2
  w.FieldI64(3, -1);       // 0x26: delta 2, i64; zigzag(-1) = 1
  w.FieldBinary(4, "ab");  // 0x18: delta 1, binary; length 2, "ab"
  w.FieldBool(5, true);    // 0x11: delta 1, bool true, no value byte
  w.FieldI32(40, 300);     // 0x05: long form (delta 35), i32; id zigzag(40) = 80 = 0x50; zigzag(300) = 600 = 0xd8 0x04
  w.EndStruct();           // 0x00
  EXPECT_EQ(out, Bytes({0x15, 0x02, 0x26, 0x01, 0x18, 0x02, 'a', 'b', 0x11, 0x05, 0x50, 0xd8, 0x04, 0x00}));

  CompactReader r(out);
  r.BeginStruct();
  CompactType type;
  int16_t id;
  int32_t i32;
  int64_t i64;
  std::string_view bin;
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  EXPECT_EQ(type, CompactType::kI32);
  EXPECT_EQ(id, 1);
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, 1);
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  EXPECT_EQ(id, 3);
  ASSERT_TRUE(r.ReadI64(&i64).ok());
  EXPECT_EQ(i64, -1);
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  ASSERT_TRUE(r.ReadBinary(&bin).ok());
  EXPECT_EQ(bin, "ab");
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  EXPECT_EQ(type, CompactType::kBoolTrue);
  EXPECT_EQ(id, 5);
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  EXPECT_EQ(id, 40);
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, 300);
  ASSERT_TRUE(r.ReadFieldHeader(&type, &id).ok());
  EXPECT_EQ(type, CompactType::kStop);
  EXPECT_EQ(r.remaining(), 0u);
}

TEST(CompactWriterTest, ListHeaders) {
  std::string out;
  CompactWriter w(&out);
  w.ListHeader(CompactType::kI32, 3);    // 0x35: size 3, i32
  w.ListHeader(CompactType::kStruct, 20);  // 0xfc then varint 20
  EXPECT_EQ(out, Bytes({0x35, 0xfc, 0x14}));
}

TEST(CompactReaderTest, RejectsTruncationAndSkipsUnknownFields) {
  // A struct with an unknown list<i32> field 7 and a nested struct field 9 {1: i32 5}, then stop.
  const std::string bytes = Bytes({0x79, 0x25, 0x02, 0x04, 0x2c, 0x15, 0x0a, 0x00, 0x00});
  CompactReader r(bytes);
  ASSERT_TRUE(r.Skip(CompactType::kStruct).ok());
  EXPECT_EQ(r.remaining(), 0u);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    CompactReader short_reader(std::string_view(bytes).substr(0, cut));
    EXPECT_TRUE(short_reader.Skip(CompactType::kStruct).IsCorruption()) << cut;
  }
}

TEST(ParquetMetadataTest, PageHeaderBytesByHand) {
  PageHeader header;
  header.type = PageKind::kDataPage;
  header.uncompressed_page_size = 10;
  header.compressed_page_size = 10;
  header.data_page_header.emplace();
  header.data_page_header->num_values = 3;
  header.data_page_header->encoding = Encoding::kPlain;
  std::string out;
  EncodePageHeader(header, &out);
  // 1: i32 0 (0x15 0x00); 2: i32 10 (0x15 0x14); 3: i32 10 (0x15 0x14); 5: struct (delta 2: 0x2c)
  //   { 1: i32 3 (0x15 0x06); 2: i32 0 (0x15 0x00); 3: i32 RLE=3 (0x15 0x06); 4: i32 3 (0x15 0x06); stop } stop
  EXPECT_EQ(out, Bytes({0x15, 0x00, 0x15, 0x14, 0x15, 0x14, 0x2c, 0x15, 0x06, 0x15, 0x00, 0x15, 0x06, 0x15, 0x06,
                        0x00, 0x00}));
  size_t consumed = 0;
  Result<PageHeader> decoded = DecodePageHeader(out + "trailing", &consumed);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, header);
  EXPECT_EQ(consumed, out.size());
  for (size_t cut = 0; cut < out.size(); ++cut) {
    EXPECT_FALSE(DecodePageHeader(out.substr(0, cut), nullptr).ok()) << cut;
  }
}

TEST(ParquetMetadataTest, FileMetaDataRoundTrip) {
  FileMetaData m;
  m.version = 2;
  SchemaElement root;
  root.name = "schema";
  root.num_children = 2;
  SchemaElement price;
  price.name = "price";
  price.type = PhysicalType::kFixedLenByteArray;
  price.type_length = 16;
  price.repetition = Repetition::kOptional;
  price.converted_type = ConvertedType::kDecimal;
  price.scale = 2;
  price.precision = 38;
  price.logical_type.emplace();
  price.logical_type->kind = LogicalType::Kind::kDecimal;
  price.logical_type->scale = 2;
  price.logical_type->precision = 38;
  SchemaElement at;
  at.name = "at";
  at.type = PhysicalType::kInt64;
  at.repetition = Repetition::kRequired;
  at.logical_type.emplace();
  at.logical_type->kind = LogicalType::Kind::kTimestamp;
  at.logical_type->adjusted_to_utc = true;
  at.logical_type->unit = TimeUnit::kMillis;
  m.schema = {root, price, at};
  m.num_rows = 12345678901;
  RowGroup group;
  ColumnChunk chunk;
  chunk.file_offset = 4;
  ColumnMetaData meta;
  meta.type = PhysicalType::kInt64;
  meta.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
  meta.path_in_schema = {"at"};
  meta.codec = Codec::kZstd;
  meta.num_values = 7;
  meta.total_uncompressed_size = 100;
  meta.total_compressed_size = 90;
  meta.data_page_offset = 40;
  meta.dictionary_page_offset = 4;
  meta.statistics.emplace();
  meta.statistics->null_count = 1;
  meta.statistics->max_value = std::string("\x01\x02", 2);
  meta.statistics->min_value = std::string(8, '\0');
  meta.key_value_metadata = {KeyValue{"k", "v"}};
  chunk.meta_data = meta;
  group.columns = {chunk, chunk};
  group.total_byte_size = 200;
  group.num_rows = 7;
  group.file_offset = 4;
  group.total_compressed_size = 180;
  group.ordinal = 0;
  m.row_groups = {group};
  m.key_value_metadata = {KeyValue{"writer", std::nullopt}};
  m.created_by = "lakefeed";
  m.type_defined_column_orders = 2;
  std::string out;
  EncodeFileMetaData(m, &out);
  Result<FileMetaData> decoded = DecodeFileMetaData(out);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, m);
  for (size_t cut = 0; cut + 1 < out.size(); cut += 7) {
    EXPECT_FALSE(DecodeFileMetaData(out.substr(0, cut)).ok()) << cut;
  }
}

}  // namespace
}  // namespace cdc::format::parquet
