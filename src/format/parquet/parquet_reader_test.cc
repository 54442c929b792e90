#include "format/parquet/parquet_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "format/parquet/rle.h"

namespace cdc::format::parquet {
namespace {

// An INT96 timestamp's bytes: nanoseconds of the day, then the Julian day, little-endian.
std::string Int96(uint64_t nanos_of_day, uint32_t julian_day) {
  std::string out;
  for (int byte_idx = 0; byte_idx < 8; ++byte_idx) out.push_back(static_cast<char>(nanos_of_day >> (8 * byte_idx)));
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) out.push_back(static_cast<char>(julian_day >> (8 * byte_idx)));
  return out;
}

void AppendLittleEndian32(uint32_t value, std::string* out) {
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) out->push_back(static_cast<char>(value >> (8 * byte_idx)));
}

constexpr uint32_t kJulianEpoch = 2440588;  // 1970-01-01
constexpr uint64_t kNanosPerSecond = 1000000000;

TEST(Int96ToMicrosTest, JulianDayAndNanosOfTheDay) {
  EXPECT_EQ(Int96ToMicros(Int96(0, kJulianEpoch)).value(), 0);
  // 2020-02-29 12:34:56.123456789 UTC: 18321 days after the epoch; the last 789 ns are dropped.
  EXPECT_EQ(Int96ToMicros(Int96(45296 * kNanosPerSecond + 123456789, kJulianEpoch + 18321)).value(),
            int64_t{1582979696123456});
  // 1900-01-01 00:00:00.000000001: before the epoch, the nanosecond is dropped toward the past.
  EXPECT_EQ(Int96ToMicros(Int96(1, kJulianEpoch - 25567)).value(), int64_t{-2208988800000000});
  // 0001-01-01, the first day Spark writes: Julian day 1721426.
  EXPECT_EQ(Int96ToMicros(Int96(0, 1721426)).value(), int64_t{-62135596800000000});
  EXPECT_TRUE(Int96ToMicros(Int96(86400 * kNanosPerSecond, kJulianEpoch)).status().IsCorruption());
  EXPECT_TRUE(Int96ToMicros(Int96(~uint64_t{0}, kJulianEpoch)).status().IsCorruption());
  EXPECT_TRUE(Int96ToMicros("short").status().IsCorruption());
}

// A file as Spark writes a timestamp column by default: an OPTIONAL INT96 column, dictionary-encoded
// (a PLAIN_DICTIONARY dictionary page, then a v1 data page of RLE definition levels and RLE indexes).
TEST(ParquetFileReaderTest, ReadsADictionaryEncodedInt96Column) {
  const std::vector<std::string> dictionary = {Int96(0, kJulianEpoch), Int96(45296 * kNanosPerSecond, kJulianEpoch + 1)};
  const std::vector<uint32_t> defined = {1, 0, 1, 1};
  const std::vector<uint32_t> indexes = {1, 0, 1};

  std::string file = "PAR1";
  const auto dictionary_offset = static_cast<int64_t>(file.size());
  std::string dictionary_body;
  for (const std::string& value : dictionary) dictionary_body += value;
  PageHeader dictionary_header;
  dictionary_header.type = PageKind::kDictionaryPage;
  dictionary_header.uncompressed_page_size = static_cast<int32_t>(dictionary_body.size());
  dictionary_header.compressed_page_size = dictionary_header.uncompressed_page_size;
  dictionary_header.dictionary_page_header.emplace();
  dictionary_header.dictionary_page_header->num_values = static_cast<int32_t>(dictionary.size());
  dictionary_header.dictionary_page_header->encoding = Encoding::kPlainDictionary;
  EncodePageHeader(dictionary_header, &file);
  file += dictionary_body;

  const auto data_offset = static_cast<int64_t>(file.size());
  std::string levels;
  AppendRleHybrid(defined, 1, &levels);
  std::string data_body;
  AppendLittleEndian32(static_cast<uint32_t>(levels.size()), &data_body);
  data_body += levels;
  data_body.push_back(1);  // the indexes' bit width
  AppendRleHybrid(indexes, 1, &data_body);
  PageHeader data_header;
  data_header.uncompressed_page_size = static_cast<int32_t>(data_body.size());
  data_header.compressed_page_size = data_header.uncompressed_page_size;
  data_header.data_page_header.emplace();
  data_header.data_page_header->num_values = static_cast<int32_t>(defined.size());
  data_header.data_page_header->encoding = Encoding::kPlainDictionary;
  EncodePageHeader(data_header, &file);
  file += data_body;

  FileMetaData metadata;
  metadata.num_rows = static_cast<int64_t>(defined.size());
  SchemaElement root;
  root.name = "spark_schema";
  root.num_children = 1;
  SchemaElement column;
  column.name = "ts";
  column.type = PhysicalType::kInt96;
  column.repetition = Repetition::kOptional;
  metadata.schema = {root, column};
  ColumnMetaData chunk;
  chunk.type = PhysicalType::kInt96;
  chunk.encodings = {Encoding::kPlainDictionary, Encoding::kRle};
  chunk.path_in_schema = {"ts"};
  chunk.num_values = metadata.num_rows;
  chunk.total_uncompressed_size = static_cast<int64_t>(file.size()) - dictionary_offset;
  chunk.total_compressed_size = chunk.total_uncompressed_size;
  chunk.data_page_offset = data_offset;
  chunk.dictionary_page_offset = dictionary_offset;
  RowGroup group;
  group.columns.push_back(ColumnChunk{std::nullopt, dictionary_offset, chunk});
  group.num_rows = metadata.num_rows;
  group.total_byte_size = chunk.total_uncompressed_size;
  metadata.row_groups.push_back(group);
  metadata.created_by = "hand-made in the Spark shape";
  std::string footer;
  EncodeFileMetaData(metadata, &footer);
  file += footer;
  AppendLittleEndian32(static_cast<uint32_t>(footer.size()), &file);
  file += "PAR1";

  Result<ParquetFileReader> reader = ParquetFileReader::Open(file);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  Result<ColumnValues> values = reader->ReadColumn(0);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->present, (std::vector<bool>{true, false, true, true}));
  ASSERT_EQ(values->bytes.size(), 3u);
  std::vector<int64_t> micros;
  for (const std::string& value : values->bytes) micros.push_back(Int96ToMicros(value).value());
  EXPECT_EQ(micros, (std::vector<int64_t>{int64_t{86400 + 45296} * 1000000, 0, int64_t{86400 + 45296} * 1000000}));
  EXPECT_EQ(values->dictionary_pages, 1u);

}

}  // namespace
}  // namespace cdc::format::parquet
