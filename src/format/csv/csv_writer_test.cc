#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "format/change_file_writer.h"
#include "format/csv/csv_test_util.h"

namespace cdc::format {
namespace {

using testing::AddDelete;
using testing::AddInsert;
using testing::AddUpdate;
using testing::AllColumns;
using testing::Cell;
using testing::Column;
using testing::Origin;
using testing::ReadFile;
using testing::TempDir;

// 2024-02-29 12:34:56.789012 UTC.
constexpr int64_t kCommitUs = 1709210096789012;

OutputSettings DmsOutput() {
  OutputSettings output;
  output.ordering_columns = false;
  return output;
}

// Writes `batch` (all of it, one context) to a new file and returns the file's bytes.
std::string WriteAll(const TempDir& dir, const model::TableProjectionPtr& projection,
                     const model::ChangeBatch& batch, const OutputSettings& output,
                     const CsvSettings& csv = {}, FileKind kind = FileKind::kCdc,
                     ChangeContext context = {100, kCommitUs}) {
  std::string path = dir.File("out.csv");
  auto writer = OpenCsvWriter(path, kind, projection, output, csv);
  EXPECT_TRUE(writer.ok()) << writer.status().ToString();
  if (!writer.ok()) return {};
  Status status = (*writer)->Append(batch, 0, batch.size(), context);
  EXPECT_TRUE(status.ok()) << status.ToString();
  status = (*writer)->Finish();
  EXPECT_TRUE(status.ok()) << status.ToString();
  std::string bytes = ReadFile(path);
  EXPECT_EQ((*writer)->bytes_written(), bytes.size());
  return bytes;
}

// I 1 alice; U 1 alice -> bob; D 1 bob.
model::ChangeBatch UsersBatch() {
  model::ChangeBatch batch(testing::UsersTable());
  batch.AddOrigin(Origin("binlog.000001", 4));
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("alice")});
  AddUpdate(&batch, {Cell::Int(1), Cell::Bytes("alice")}, {Cell::Int(1), Cell::Bytes("bob")});
  AddDelete(&batch, {Cell::Int(1), Cell::Bytes("bob")});
  return batch;
}

TEST(CsvWriterTest, DmsDefaultsAreByteExact) {
  TempDir dir;
  model::ChangeBatch batch = UsersBatch();
  // U carries the after image, D the before image; no header, no quotes needed, "\n" rows.
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput()),
            "I,1,alice\nU,1,bob\nD,1,bob\n");
}

TEST(CsvWriterTest, OrderingColumnsFollowTheRow) {
  TempDir dir;
  model::ChangeBatch batch = UsersBatch();
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, OutputSettings{}),
            "I,1,alice,100,1709210096789012\n"
            "U,1,bob,101,1709210096789012\n"
            "D,1,bob,102,1709210096789012\n");
}

TEST(CsvWriterTest, SeqCountsFromBeginAndFilteredRowsKeepTheirSeq) {
  TempDir dir;
  model::ChangeBatch batch = UsersBatch();
  AddInsert(&batch, {Cell::Int(2), Cell::Bytes("carol")});
  std::string path = dir.File("out.csv");
  OutputSettings output;
  output.cdc_inserts_only = true;
  output.include_op_for_full_load = true;
  auto writer = OpenCsvWriter(path, FileKind::kCdc, AllColumns(batch.schema_ptr()), output, {});
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  // Changes [1, 4) of the batch: U (seq 7, dropped), D (seq 8, dropped), I (seq 9).
  ASSERT_TRUE((*writer)->Append(batch, 1, 4, {7, 5}).ok());
  ASSERT_TRUE((*writer)->Append(batch, 0, 1, {20, 6}).ok());
  EXPECT_EQ((*writer)->rows_written(), 2u);
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(ReadFile(path), "I,2,carol,9,5\nI,1,alice,20,6\n");
}

// The IncludeOpForFullLoad x CdcInsertsOnly / CdcInsertsAndUpdates matrix of
// reference/dms-s3-target.md §1.3.
struct OpCase {
  FileKind kind;
  bool include_op_for_full_load;
  bool cdc_inserts_only;
  bool cdc_inserts_and_updates;
  const char* expected;
};

TEST(CsvWriterTest, OpColumnMatrix) {
  const OpCase cases[] = {
      // Full load: the op column only with IncludeOpForFullLoad; rows are never filtered.
      {FileKind::kFullLoad, false, false, false, "1,alice\n1,bob\n1,bob\n"},
      {FileKind::kFullLoad, true, false, false, "I,1,alice\nU,1,bob\nD,1,bob\n"},
      {FileKind::kFullLoad, false, true, false, "1,alice\n1,bob\n1,bob\n"},
      {FileKind::kFullLoad, true, true, false, "I,1,alice\nU,1,bob\nD,1,bob\n"},
      {FileKind::kFullLoad, false, false, true, "1,alice\n1,bob\n1,bob\n"},
      {FileKind::kFullLoad, true, false, true, "I,1,alice\nU,1,bob\nD,1,bob\n"},
      // CDC: I/U/D by default; CdcInsertsOnly drops U and D and the op column unless
      // IncludeOpForFullLoad; CdcInsertsAndUpdates drops D and keeps the op column.
      {FileKind::kCdc, false, false, false, "I,1,alice\nU,1,bob\nD,1,bob\n"},
      {FileKind::kCdc, true, false, false, "I,1,alice\nU,1,bob\nD,1,bob\n"},
      {FileKind::kCdc, false, true, false, "1,alice\n"},
      {FileKind::kCdc, true, true, false, "I,1,alice\n"},
      {FileKind::kCdc, false, false, true, "I,1,alice\nU,1,bob\n"},
      {FileKind::kCdc, true, false, true, "I,1,alice\nU,1,bob\n"},
  };
  model::ChangeBatch batch = UsersBatch();
  for (const OpCase& c : cases) {
    SCOPED_TRACE(::testing::Message() << "full_load=" << (c.kind == FileKind::kFullLoad) << " include_op="
                                      << c.include_op_for_full_load << " inserts_only=" << c.cdc_inserts_only
                                      << " inserts_and_updates=" << c.cdc_inserts_and_updates);
    TempDir dir;
    OutputSettings output = DmsOutput();
    output.include_op_for_full_load = c.include_op_for_full_load;
    output.cdc_inserts_only = c.cdc_inserts_only;
    output.cdc_inserts_and_updates = c.cdc_inserts_and_updates;
    EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, output, {}, c.kind), c.expected);
  }
}

TEST(CsvWriterTest, InsertsOnlyAndInsertsAndUpdatesTogetherAreRejected) {
  TempDir dir;
  OutputSettings output;
  output.cdc_inserts_only = true;
  output.cdc_inserts_and_updates = true;
  auto writer =
      OpenCsvWriter(dir.File("x.csv"), FileKind::kCdc, AllColumns(testing::UsersTable()), output, {});
  ASSERT_FALSE(writer.ok());
  EXPECT_TRUE(writer.status().IsInvalidArgument());
}

TEST(CsvWriterTest, HeaderRowNamesEveryColumnInOrder) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("alice")});
  auto projection = std::make_shared<model::TableProjection>(*AllColumns(batch.schema_ptr()));
  projection->columns[1].name = "full, name";  // a name that must be quoted
  CsvSettings csv;
  csv.add_column_name = true;
  OutputSettings output;
  output.timestamp_column_name = "ts";
  EXPECT_EQ(WriteAll(dir, projection, batch, output, csv),
            "Op,ts,id,\"full, name\",_lakefeed_seq,_lakefeed_commit_us\n"
            "I,2024-02-29 12:34:56.789012,1,alice,100,1709210096789012\n");

  // Full load without IncludeOpForFullLoad: no Op column, so no Op name.
  output = DmsOutput();
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, output, csv, FileKind::kFullLoad),
            "id,name\n1,alice\n");

  // An empty file still has its header.
  auto writer =
      OpenCsvWriter(dir.File("empty.csv"), FileKind::kCdc, AllColumns(batch.schema_ptr()), output, csv);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(ReadFile(dir.File("empty.csv")), "Op,id,name\n");
  EXPECT_EQ((*writer)->rows_written(), 0u);
}

TEST(CsvWriterTest, TimestampColumnIsTheCommitTimeInUtc) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("a")});
  OutputSettings output = DmsOutput();
  output.timestamp_column_name = "commit_ts";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, output, {}, FileKind::kCdc, {1, 0}),
            "I,1970-01-01 00:00:00.000000,1,a\n");
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, output, {}, FileKind::kCdc, {1, kCommitUs}),
            "I,2024-02-29 12:34:56.789012,1,a\n");
}

TEST(CsvWriterTest, EveryOutputSourceKind) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  batch.AddOrigin(Origin("binlog.000001", 1234));
  batch.AddOrigin(Origin("binlog.000002", 4));
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("alice")}, 0);
  AddUpdate(&batch, {Cell::Int(1), Cell::Bytes("alice")}, {Cell::Int(2), Cell::Bytes("bob")}, 1);
  AddDelete(&batch, {Cell::Int(2), Cell::Bytes("bob")}, 1);

  auto projection = std::make_shared<model::TableProjection>();
  projection->schema = batch.schema_ptr();
  auto add = [&](model::OutputSource source, uint32_t column = 0) -> model::OutputColumn& {
    model::OutputColumn output_column;
    output_column.name = "c" + std::to_string(projection->columns.size());
    output_column.source = source;
    output_column.column = column;
    projection->columns.push_back(output_column);
    return projection->columns.back();
  };
  add(model::OutputSource::kColumn, 1);
  add(model::OutputSource::kBeforeColumn, 1);
  add(model::OutputSource::kConstant).constant = "k,1";
  add(model::OutputSource::kConstant).constant_is_null = true;
  add(model::OutputSource::kOperation);
  add(model::OutputSource::kOperationIndicator).indicator = {"del", "upd", "ins"};
  add(model::OutputSource::kCommitTimestamp);
  add(model::OutputSource::kChangeSeq);
  add(model::OutputSource::kStreamPosition);
  add(model::OutputSource::kSourceSchema);
  add(model::OutputSource::kSourceTable);

  EXPECT_EQ(WriteAll(dir, projection, batch, DmsOutput(), {}, FileKind::kCdc, {41, kCommitUs}),
            "I,alice,NULL,\"k,1\",NULL,INSERT,ins,2024-02-29 12:34:56.789012,"
            "2024022912345678"
            "0000000000000000041,binlog.000001:1234,shop,users\n"
            "U,bob,alice,\"k,1\",NULL,UPDATE,upd,2024-02-29 12:34:56.789012,"
            "2024022912345678"
            "0000000000000000042,binlog.000002:4,shop,users\n"
            "D,bob,bob,\"k,1\",NULL,DELETE,del,2024-02-29 12:34:56.789012,"
            "2024022912345678"
            "0000000000000000043,binlog.000002:4,shop,users\n");
}

TEST(CsvWriterTest, StreamPositionFollowsABatchRefilledBetweenAppends) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  auto projection = std::make_shared<model::TableProjection>();
  projection->schema = batch.schema_ptr();
  model::OutputColumn position;
  position.name = "pos";
  position.source = model::OutputSource::kStreamPosition;
  projection->columns.push_back(position);

  std::string path = dir.File("out.csv");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, projection, DmsOutput(), {});
  ASSERT_TRUE(writer.ok());
  batch.AddOrigin(Origin("binlog.000001", 100));
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("a")});
  ASSERT_TRUE((*writer)->Append(batch, 0, 1, {1, 1}).ok());
  batch.Clear();  // same origin index 0, new position
  batch.AddOrigin(Origin("binlog.000001", 200));
  AddInsert(&batch, {Cell::Int(2), Cell::Bytes("b")});
  ASSERT_TRUE((*writer)->Append(batch, 0, 1, {2, 1}).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(ReadFile(path), "I,binlog.000001:100\nI,binlog.000001:200\n");
}

TEST(CsvWriterTest, QuotingRules) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  for (const char* name : {"a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "", "NULL", "plain", "NULLx"}) {
    AddInsert(&batch, {Cell::Int(1), Cell::Bytes(name)});
  }
  AddInsert(&batch, {Cell::Int(1), Cell::Null()});
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput()),
            "I,1,\"a,b\"\n"
            "I,1,\"say \"\"hi\"\"\"\n"
            "I,1,\"line\nbreak\"\n"
            "I,1,\"cr\rhere\"\n"
            "I,1,\n"          // the empty string needs no quotes while NULL is written as NULL
            "I,1,\"NULL\"\n"  // ... but the text NULL does, to stay apart from NULL
            "I,1,plain\n"
            "I,1,NULLx\n"
            "I,1,NULL\n");

  // CsvNullValue "": NULL is an empty field and the empty string is quoted.
  CsvSettings empty_null;
  empty_null.null_value = "";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput(), empty_null),
            "I,1,\"a,b\"\nI,1,\"say \"\"hi\"\"\"\nI,1,\"line\nbreak\"\nI,1,\"cr\rhere\"\n"
            "I,1,\"\"\nI,1,NULL\nI,1,plain\nI,1,NULLx\nI,1,\n");

  // Rfc4180 off: everything as is.
  CsvSettings raw;
  raw.rfc4180 = false;
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput(), raw),
            "I,1,a,b\nI,1,say \"hi\"\nI,1,line\nbreak\nI,1,cr\rhere\nI,1,\nI,1,NULL\nI,1,plain\nI,1,NULLx\n"
            "I,1,NULL\n");
}

TEST(CsvWriterTest, LongFieldsAreScannedAtEveryPosition) {
  // Fields are scanned 16 bytes at a time, then byte by byte: a special byte is found in every lane
  // of every block and in the tail, and a field without one is left alone.
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  std::string expected;
  for (char special : {',', '"', '\n', '\r'}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string name(40, 'x');
      name[at] = special;
      AddInsert(&batch, {Cell::Int(1), Cell::Bytes(name)});
      std::string quoted = special == '"' ? name.substr(0, at) + "\"\"" + name.substr(at + 1) : name;
      expected += "I,1,\"" + quoted + "\"\n";
    }
  }
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes(std::string(47, 'y'))});
  expected += "I,1," + std::string(47, 'y') + "\n";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput()), expected);
}

TEST(CsvWriterTest, CustomDelimitersDecideWhatIsQuoted) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  AddInsert(&batch, {Cell::Int(-5), Cell::Bytes("a,b")});
  AddInsert(&batch, {Cell::Int(7), Cell::Bytes("tab\there")});
  AddInsert(&batch, {Cell::Int(8), Cell::Bytes("pipe|")});
  CsvSettings tsv;
  tsv.delimiter = "\t";
  tsv.row_delimiter = "|";
  tsv.null_value = "\\N";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput(), tsv),
            "I\t-5\ta,b|I\t7\t\"tab\there\"|I\t8\t\"pipe|\"|");

  // A delimiter that a number can contain: numbers get quoted too.
  CsvSettings minus;
  minus.delimiter = "-";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput(), minus),
            "I-\"-5\"-a,b\nI-7-tab\there\nI-8-pipe|\n");

  // Multi-byte delimiter: a field holding its first byte is quoted.
  CsvSettings multi;
  multi.delimiter = "::";
  multi.row_delimiter = "\r\n";
  EXPECT_EQ(WriteAll(dir, AllColumns(batch.schema_ptr()), batch, DmsOutput(), multi),
            "I::-5::a,b\r\nI::7::tab\there\r\nI::8::pipe|\r\n");
}

TEST(CsvWriterTest, InvalidDialectsAreRejected) {
  TempDir dir;
  auto open = [&](const CsvSettings& csv) {
    return OpenCsvWriter(dir.File("x.csv"), FileKind::kCdc, AllColumns(testing::UsersTable()),
                         OutputSettings{}, csv)
        .status();
  };
  CsvSettings csv;
  csv.delimiter = "";
  EXPECT_TRUE(open(csv).IsInvalidArgument());
  csv = {};
  csv.delimiter = "\n";
  EXPECT_TRUE(open(csv).IsInvalidArgument());
  csv = {};
  csv.delimiter = "\"";
  EXPECT_TRUE(open(csv).IsInvalidArgument());
  csv = {};
  csv.null_value = "a,b";
  EXPECT_TRUE(open(csv).IsInvalidArgument());
  csv = {};
  csv.delimiter = ";";
  EXPECT_TRUE(open(csv).ok());
}

TEST(CsvWriterTest, AbsentCellIsAnErrorNamingTableAndColumn) {
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  AddInsert(&batch, {Cell::Int(1), Cell::Bytes("ok")});
  // A minimal before image: only the key.
  AddDelete(&batch, {Cell::Int(1), Cell::Absent()});
  std::string path = dir.File("out.csv");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, AllColumns(batch.schema_ptr()), DmsOutput(), {});
  ASSERT_TRUE(writer.ok());
  Status status = (*writer)->Append(batch, 0, batch.size(), {1, 1});
  ASSERT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_NE(status.message().find("shop.users"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("column name"), std::string::npos) << status.message();
  EXPECT_EQ((*writer)->rows_written(), 1u);
  // Sticky: the file is incomplete.
  EXPECT_TRUE((*writer)->Append(batch, 0, 1, {3, 1}).IsInvalidArgument());
  EXPECT_TRUE((*writer)->Finish().IsInvalidArgument());
}

TEST(CsvWriterTest, ColumnOutOfRangeIsRejectedAtOpen) {
  TempDir dir;
  auto projection = std::make_shared<model::TableProjection>(*AllColumns(testing::UsersTable()));
  projection->columns[1].column = 7;
  auto writer = OpenCsvWriter(dir.File("x.csv"), FileKind::kCdc, projection, OutputSettings{}, {});
  ASSERT_FALSE(writer.ok());
  EXPECT_TRUE(writer.status().IsInvalidArgument());
}

TEST(CsvWriterTest, BatchOfAnotherSchemaIsRejected) {
  TempDir dir;
  auto writer = OpenCsvWriter(dir.File("x.csv"), FileKind::kCdc, AllColumns(testing::UsersTable()), {}, {});
  ASSERT_TRUE(writer.ok());
  model::ChangeBatch other(testing::Table("shop", "t", {Column("id", model::ValueKind::kInt64)}));
  AddInsert(&other, {Cell::Int(1)});
  EXPECT_TRUE((*writer)->Append(other, 0, 1, {1, 1}).IsInvalidArgument());
}

TEST(CsvWriterTest, UnwritablePathIsAnIoError) {
  auto writer =
      OpenCsvWriter("/nonexistent-dir/x.csv", FileKind::kCdc, AllColumns(testing::UsersTable()), {}, {});
  ASSERT_FALSE(writer.ok());
  EXPECT_TRUE(writer.status().IsIOError());
}

// Rows big enough to cross several 256 KiB chunks.
model::ChangeBatch ManyRows(int count) {
  model::ChangeBatch batch(testing::UsersTable());
  for (int row = 0; row < count; ++row) {
    std::string name =
        "user-" + std::to_string(row * 7919 % 100003) + std::string(static_cast<size_t>(row % 50), 'x');
    if (row % 13 == 0) name += ",\"quoted\"";
    AddInsert(&batch, {Cell::Int(row), Cell::Bytes(name)});
  }
  return batch;
}

std::string Gunzip(const std::string& compressed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  char chunk[65536];
  int result = Z_OK;
  while (result == Z_OK) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    result = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - stream.avail_out);
  }
  EXPECT_EQ(result, Z_STREAM_END);
  EXPECT_EQ(stream.avail_in, 0u);  // one member, nothing after it
  inflateEnd(&stream);
  return out;
}

std::string RunCommand(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  if (pipe == nullptr) return out;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), pipe)) > 0) out.append(chunk, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

TEST(CsvWriterTest, GzipHoldsTheSameBytesAsThePlainFile) {
  TempDir dir;
  model::ChangeBatch batch = ManyRows(20000);
  auto projection = AllColumns(batch.schema_ptr());
  OutputSettings plain;
  std::string expected = WriteAll(dir, projection, batch, plain);
  ASSERT_GT(expected.size(), 3 * 256 * 1024u);

  OutputSettings gzip;
  gzip.compression = Compression::kGzip;
  std::string path = dir.File("out.csv.gz");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, projection, gzip, {});
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->extension(), "csv.gz");
  // In several appends, as a capture would.
  for (size_t begin = 0; begin < batch.size(); begin += 3000) {
    size_t end = std::min(batch.size(), begin + 3000);
    ASSERT_TRUE((*writer)->Append(batch, begin, end, {100 + begin, kCommitUs}).ok());
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  std::string compressed = ReadFile(path);
  EXPECT_EQ((*writer)->bytes_written(), compressed.size());
  EXPECT_LT(compressed.size(), expected.size() / 3);
  EXPECT_EQ(Gunzip(compressed), expected);
  EXPECT_EQ(RunCommand("gzip -dc '" + path + "'"), expected);
}

TEST(CsvWriterTest, EmptyGzipFileIsAValidGzipStream) {
  TempDir dir;
  OutputSettings gzip;
  gzip.compression = Compression::kGzip;
  std::string path = dir.File("empty.csv.gz");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, AllColumns(testing::UsersTable()), gzip, {});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ(Gunzip(ReadFile(path)), "");
  EXPECT_EQ(RunCommand("gzip -dc '" + path + "'"), "");
}

TEST(CsvWriterTest, BytesWrittenGrowsWithRowsAndMatchesTheFile) {
  TempDir dir;
  model::ChangeBatch batch = ManyRows(10000);
  std::string path = dir.File("out.csv");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, AllColumns(batch.schema_ptr()), OutputSettings{}, {});
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->extension(), "csv");
  uint64_t last = (*writer)->bytes_written();
  for (size_t begin = 0; begin < batch.size(); begin += 1000) {
    ASSERT_TRUE((*writer)->Append(batch, begin, begin + 1000, {begin, kCommitUs}).ok());
    EXPECT_GT((*writer)->bytes_written(), last);
    last = (*writer)->bytes_written();
  }
  ASSERT_TRUE((*writer)->Finish().ok());
  EXPECT_EQ((*writer)->bytes_written(), last);
  EXPECT_EQ(ReadFile(path).size(), last);
  EXPECT_EQ((*writer)->rows_written(), 10000u);
  EXPECT_TRUE((*writer)->Finish().IsInvalidArgument());
}

TEST(CsvWriterTest, ValuesUseTheirTextForm) {
  TempDir dir;
  auto table = testing::Table("db", "t",
                              {Column("u", model::ValueKind::kUInt64, model::FieldType::kLongLong),
                               Column("d", model::ValueKind::kDouble, model::FieldType::kDouble),
                               Column("dt", model::ValueKind::kDateTime, model::FieldType::kDateTime2, 3),
                               Column("b", model::ValueKind::kBinary, model::FieldType::kBlob),
                               Column("s", model::ValueKind::kSet, model::FieldType::kSet)});
  auto mutable_table = std::make_shared<model::TableSchema>(*table);
  mutable_table->columns[4].labels = {"a", "b", "c"};
  model::ChangeBatch batch(mutable_table);
  model::PackedDateTime dt{{2024, 2, 29}, 12, 34, 56, 789000};
  AddInsert(&batch, {Cell::Slot(UINT64_MAX), Cell::Slot(0x3FF8000000000000ull), Cell::Slot(dt.Pack()),
                     Cell::Bytes(std::string("\x00\xff", 2)), Cell::Slot(0b101)});
  EXPECT_EQ(WriteAll(dir, AllColumns(mutable_table), batch, DmsOutput()),
            "I,18446744073709551615,1.5,2024-02-29 12:34:56.789,00FF,\"a,c\"\n");
}

}  // namespace
}  // namespace cdc::format
