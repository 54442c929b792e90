#include "merge/change_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "merge/merge_test_util.h"

namespace cdc::merge {
namespace {

using testing::BatchOf;
using testing::ImageText;
using testing::ItemsTable;
using testing::TextChange;

const std::vector<TextChange>& Changes() {
  static const std::vector<TextChange> changes = {
      {'I', {"1", "apple", "12.50", "4294967295", "18446744073709551615", "2024-02-29", "2024-02-29 12:34:56.789012",
             "2038-01-19 03:14:08.250", "-838:59:59", "medium", "a,c", "00FF10", "{\"k\": [1, 2]}", "1.2345678"}},
      {'I', {"2", "pear, \"green\"", "-0.01", "0", "0", "1000-01-01", "1970-01-01 00:00:00.000000",
             "1970-01-01 00:00:01.000", "12:00:00", "", "", "", "null", "-0"}},
      {'U', {"1", "apple\nred", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
             std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt}},
      {'D', {"2", "pear, \"green\"", "-0.01", "0", "0", "1000-01-01", "1970-01-01 00:00:00.000000",
             "1970-01-01 00:00:01.000", "12:00:00", "", "", "", "null", "-0"}},
  };
  return changes;
}

struct Variant {
  std::string name;
  std::string key;
  ChangeFileFormat format;
};

std::vector<Variant> Variants() {
  std::vector<Variant> variants;
  variants.push_back({"csv", "shop/items/20240229-123456789.csv", {}});
  Variant header{"csv with header, timestamp column and gzip", "shop/items/2024/02/29/20240229-123456789.csv.gz", {}};
  header.format.csv.add_column_name = true;
  header.format.output.timestamp_column_name = "ts_col";
  header.format.output.compression = format::Compression::kGzip;
  variants.push_back(header);
  Variant dms{"dms csv: no ordering columns, empty null marker", "shop/items/20240229-123456789.csv", {}};
  dms.format.output.ordering_columns = false;
  dms.format.csv.null_value = "";
  variants.push_back(dms);
  Variant load{"csv load with Op", "shop/items/LOAD00000001.csv", {}};
  load.format.output.include_op_for_full_load = true;
  variants.push_back(load);
  Variant parquet{"parquet", "shop/items/20240229-123456789.parquet", {}};
  parquet.format.data_format = "parquet";
  variants.push_back(parquet);
  Variant parquet_dms{"parquet without ordering, timestamp column", "shop/items/20240229-123456789.parquet", {}};
  parquet_dms.format.data_format = "parquet";
  parquet_dms.format.output.ordering_columns = false;
  parquet_dms.format.output.timestamp_column_name = "ts_col";
  variants.push_back(parquet_dms);
  return variants;
}

TEST(ChangeReaderTest, ReadsWhatOurWritersWrite) {
  const model::TableSchemaPtr table = ItemsTable();
  const model::ChangeBatch batch = BatchOf(table, Changes());
  for (const Variant& variant : Variants()) {
    SCOPED_TRACE(variant.name);
    testing::TempDir dir;
    const std::string path = dir.path() + "/file";
    const format::FileKind kind =
        ParseChangeFileName(variant.key)->load ? format::FileKind::kFullLoad : format::FileKind::kCdc;
    Result<std::unique_ptr<format::ChangeFileWriter>> writer =
        variant.format.data_format == "parquet"
            ? format::OpenParquetWriter(path, kind, model::ProjectAllColumns(table), variant.format.output, {})
            : format::OpenCsvWriter(path, kind, model::ProjectAllColumns(table), variant.format.output, variant.format.csv);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    ASSERT_TRUE((*writer)->Append(batch, 0, batch.size(), {100, 1709210096789000}).ok());
    ASSERT_TRUE((*writer)->Finish().ok());
    const std::string contents = testing::ReadFile(path);

    std::vector<char> ops;
    std::vector<std::vector<std::optional<std::string>>> images;
    std::vector<uint64_t> all_seqs;
    Status read = ReadChangeFile(
        variant.key, contents, variant.format, table,
        [&](const model::ChangeBatch& rows, const std::vector<uint64_t>& seqs) {
          EXPECT_LE(rows.size(), 3u);  // chunks of 3
          for (const model::RowChange& change : rows.changes()) {
            ops.push_back(model::OpCode(change.op));
            images.push_back(ImageText(rows, change.op == model::ChangeOp::kDelete ? change.before : change.after));
          }
          all_seqs.insert(all_seqs.end(), seqs.begin(), seqs.end());
          return Status::OK();
        },
        3);
    ASSERT_TRUE(read.ok()) << read.ToString();
    ASSERT_EQ(images.size(), Changes().size());
    for (size_t change_idx = 0; change_idx < images.size(); ++change_idx) {
      EXPECT_EQ(ops[change_idx], Changes()[change_idx].op);
      EXPECT_EQ(images[change_idx], Changes()[change_idx].cells) << "change " << change_idx;
    }
    // FirstSeq reads the same first seq without the schema (files found by listing).
    Result<std::optional<uint64_t>> first = FirstSeq(variant.key, contents, variant.format);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    if (variant.format.output.ordering_columns) {
      EXPECT_EQ(all_seqs, (std::vector<uint64_t>{100, 101, 102, 103}));
      EXPECT_EQ(*first, std::optional<uint64_t>(100));
    } else {
      EXPECT_TRUE(all_seqs.empty());
      EXPECT_FALSE(first->has_value());
    }
  }
}

TEST(ChangeReaderTest, LoadFilesWithoutOpAreInserts) {
  const model::TableSchemaPtr table = ItemsTable();
  std::vector<TextChange> rows(Changes().begin(), Changes().begin() + 2);
  const model::ChangeBatch batch = BatchOf(table, rows);
  testing::TempDir dir;
  const std::string path = dir.path() + "/file";
  ChangeFileFormat format;
  auto writer = format::OpenCsvWriter(path, format::FileKind::kFullLoad, model::ProjectAllColumns(table), format.output, format.csv);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(batch, 0, batch.size(), {7, 0}).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  size_t inserts = 0;
  ASSERT_TRUE(ReadChangeFile("shop/items/LOAD0000000A.csv", testing::ReadFile(path), format, table,
                             [&](const model::ChangeBatch& read, const std::vector<uint64_t>& seqs) {
                               for (const model::RowChange& change : read.changes()) {
                                 inserts += change.op == model::ChangeOp::kInsert ? 1 : 0;
                               }
                               EXPECT_EQ(seqs, (std::vector<uint64_t>{7, 8}));
                               return Status::OK();
                             })
                  .ok());
  EXPECT_EQ(inserts, 2u);
}

TEST(ChangeReaderTest, RefusesMalformedFiles) {
  const model::TableSchemaPtr table = ItemsTable();
  ChangeFileFormat format;
  auto sink = [](const model::ChangeBatch&, const std::vector<uint64_t>&) { return Status::OK(); };
  const std::string key = "shop/items/20240229-123456789.csv";
  EXPECT_TRUE(ReadChangeFile(key, "I,1,2\n", format, table, sink).IsCorruption());  // field count
  std::string row = "X,1,a,1.00,1,1,2024-01-01,2024-01-01 00:00:00.000000,2024-01-01 00:00:00.000,00:00:00,small,a,00,1,1,5,6\n";
  EXPECT_TRUE(ReadChangeFile(key, row, format, table, sink).IsCorruption());  // Op
  row[0] = 'I';
  EXPECT_TRUE(ReadChangeFile(key, row, format, table, sink).ok());
  std::string bad_value = row;
  bad_value.replace(bad_value.find("1.00"), 4, "1.0x");
  EXPECT_TRUE(ReadChangeFile(key, bad_value, format, table, sink).IsCorruption());
  std::string bad_seq = row;
  bad_seq.replace(bad_seq.rfind(",5,"), 3, ",q,");
  EXPECT_TRUE(ReadChangeFile(key, bad_seq, format, table, sink).IsCorruption());
  EXPECT_TRUE(ReadChangeFile(key, row.substr(0, row.size() - 1), format, table, sink).IsCorruption());  // cut short
  EXPECT_TRUE(ReadChangeFile("shop/items/notes.txt", row, format, table, sink).IsInvalidArgument());
}

TEST(ChangeReaderTest, FileNamesAndTheLoadFirstOrder) {
  EXPECT_TRUE(ParseChangeFileName("a/b/LOAD0000000A.csv")->load);
  EXPECT_FALSE(ParseChangeFileName("a/b/2024/02/29/20240229-123456789.parquet")->load);
  EXPECT_EQ(ParseChangeFileName("a/b/20141029-1134010000.csv")->stem, "20141029-1134010000");
  EXPECT_FALSE(ParseChangeFileName("a/b/SEGMENT1_LOAD00000001.csv").has_value());
  EXPECT_FALSE(ParseChangeFileName("a/b/LOAD00000001.json").has_value());
  std::vector<std::string> keys = {"s/t/20240101-000000002.csv", "s/t/LOAD00000010.csv",
                                   "s/t/2023/12/31/20231231-235959999.csv", "s/t/LOAD0000000F.csv",
                                   "s/t/20240101-000000001.csv.gz"};
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) { return FileBefore(a, b); });
  EXPECT_EQ(keys, (std::vector<std::string>{"s/t/LOAD0000000F.csv", "s/t/LOAD00000010.csv",
                                            "s/t/2023/12/31/20231231-235959999.csv", "s/t/20240101-000000001.csv.gz",
                                            "s/t/20240101-000000002.csv"}));
}

}  // namespace
}  // namespace cdc::merge
