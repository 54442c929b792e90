#include "format/csv/csv_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <bit>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "format/change_file_writer.h"
#include "format/csv/csv_test_util.h"
#include "model/value_text.h"

namespace cdc::format {
namespace {

using testing::AddDelete;
using testing::AddInsert;
using testing::AddUpdate;
using testing::AllColumns;
using testing::Cell;
using testing::Column;
using testing::Image;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

// A field as the tests expect it: nullopt for NULL.
using Field = std::optional<std::string>;
using Row = std::vector<Field>;

Result<std::vector<Row>> ReadAll(CsvReader* reader) {
  std::vector<Row> rows;
  CsvRow row;
  while (true) {
    CDC_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (!more) return rows;
    Row fields;
    for (size_t field_idx = 0; field_idx < row.size(); ++field_idx) {
      fields.push_back(row.is_null(field_idx) ? Field() : Field(std::string(row.field(field_idx))));
    }
    rows.push_back(std::move(fields));
  }
}

Result<std::vector<Row>> Parse(std::string_view bytes, const CsvSettings& csv = {},
                               Compression compression = Compression::kNone) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::FromBytes(bytes, csv, compression));
  return ReadAll(reader.get());
}

std::string Gzip(std::string_view text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, text.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

TEST(CsvReaderTest, NullIsTheUnquotedMarkerOnly) {
  auto rows = Parse("NULL,\"NULL\",,\"\",NULLx\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0], (Row{std::nullopt, "NULL", "", "", "NULLx"}));

  CsvSettings empty_null;
  empty_null.null_value = "";
  rows = Parse("NULL,\"NULL\",,\"\"\n", empty_null);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ((*rows)[0], (Row{"NULL", "NULL", std::nullopt, ""}));
}

TEST(CsvReaderTest, QuotedFieldsHoldDelimitersQuotesAndNewlines) {
  auto rows = Parse("I,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\nU,x,\"\"\"\",\"\"\n");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0], (Row{"I", "a,b", "say \"hi\"", "two\nlines", "cr\r"}));
  EXPECT_EQ((*rows)[1], (Row{"U", "x", "\"", ""}));
}

TEST(CsvReaderTest, EmptyInputAndEmptyRows) {
  auto rows = Parse("");
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  rows = Parse("\n\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<Row>{{""}, {""}}));
  rows = Parse(",\n");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<Row>{{"", ""}}));
}

TEST(CsvReaderTest, OtherDialects) {
  CsvSettings tsv;
  tsv.delimiter = "\t";
  tsv.row_delimiter = "\r\n";
  tsv.null_value = "\\N";
  auto rows = Parse("a\t\\N\t\"x\r\ny\"\r\nb\tc\rd\t\r\n", tsv);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"a", std::nullopt, "x\r\ny"}, {"b", "c\rd", ""}}));

  CsvSettings multi;
  multi.delimiter = "::";
  multi.row_delimiter = "|\n";
  rows = Parse("a:b::c|d::\":::\"|\n|::x|\n", multi);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"a:b", "c|d", ":::"}, {"|", "x"}}));

  CsvSettings raw;
  raw.rfc4180 = false;
  rows = Parse("a\"b,\"c\"\n\"\n", raw);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"a\"b", "\"c\""}, {"\""}}));
}

TEST(CsvReaderTest, DelimitersAndQuotePairsAcrossReadChunks) {
  // The reader takes input 256 KiB at a time; put every kind of multi-byte token across that
  // boundary at each possible split.
  constexpr size_t kChunk = 256 * 1024;
  CsvSettings csv;
  csv.delimiter = "::";
  csv.row_delimiter = "\n~";
  for (size_t shift = 0; shift <= 4; ++shift) {
    SCOPED_TRACE(shift);
    const std::string filler(kChunk - shift, 'x');
    auto rows = Parse(filler + "::\"a\"\"b\"\n~c::d\n~", csv);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, (std::vector<Row>{{filler, "a\"b"}, {"c", "d"}}));

    const std::string quoted(kChunk - 2 - shift, 'y');  // after the opening quote
    rows = Parse("\"" + quoted + "\"\"z\"::NULL\n~", csv);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(*rows, (std::vector<Row>{{quoted + "\"z", std::nullopt}}));
  }
}

void ExpectCorruption(std::string_view bytes, std::string_view needle, const CsvSettings& csv = {},
                      Compression compression = Compression::kNone) {
  auto rows = Parse(bytes, csv, compression);
  ASSERT_FALSE(rows.ok());
  EXPECT_TRUE(rows.status().IsCorruption()) << rows.status().ToString();
  EXPECT_NE(rows.status().message().find(needle), std::string::npos) << rows.status().message();
}

TEST(CsvReaderTest, MalformedInputIsCorruptionWithItsPosition) {
  ExpectCorruption("a,\"bc\n", "row 1 (line 1, byte 2)");
  ExpectCorruption("a,\"bc\n", "never closed");
  // Row 3 starts on line 5 (row 2's quoted field spans three lines), byte 21; its quote is at 23.
  ExpectCorruption("x\n\"multi\nline\nfield\"\ny,\"oops\n", "row 3 (line 5, byte 23)");
  ExpectCorruption("a,b\"c\n", "a quote inside an unquoted field");
  ExpectCorruption("a,b\"c\n", "row 1 (line 1, byte 3)");
  ExpectCorruption("\"ab\"c,d\n", "a closing quote not followed by a delimiter");
  ExpectCorruption("a,b", "the file ends inside a row");
  ExpectCorruption("a,b\nc", "row 2 (line 2, byte 5)");
  ExpectCorruption("a,\"b\"", "the file ends inside a row");
  ExpectCorruption("a,", "the file ends inside a row");
}

TEST(CsvReaderTest, RowsBeforeAnErrorAreReturnedAndTheReaderStops) {
  auto reader = CsvReader::FromBytes("a\nb\"\nc\n", {}, Compression::kNone);
  ASSERT_TRUE(reader.ok());
  CsvRow row;
  auto more = (*reader)->Next(&row);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(row.field(0), "a");
  EXPECT_EQ((*reader)->rows_read(), 1u);
  EXPECT_TRUE((*reader)->Next(&row).status().IsCorruption());
  EXPECT_FALSE((*reader)->Next(&row).ok());
}

TEST(CsvReaderTest, Gzip) {
  std::string text = "I,1,\"a,b\"\nD,2,NULL\n";
  std::string gz = Gzip(text);
  auto rows = Parse(gz, {}, Compression::kGzip);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"I", "1", "a,b"}, {"D", "2", std::nullopt}}));

  // Two members back to back read as one text (as gzip -dc does).
  rows = Parse(Gzip("I,1\n") + Gzip("I,2\n"), {}, Compression::kGzip);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"I", "1"}, {"I", "2"}}));

  ExpectCorruption(std::string_view(gz).substr(0, gz.size() - 5), "ends inside a gzip member", {},
                   Compression::kGzip);
  ExpectCorruption(gz + "garbage", "gzip", {}, Compression::kGzip);
  ExpectCorruption(text, "gzip", {}, Compression::kGzip);
  ExpectCorruption("", "empty", {}, Compression::kGzip);
  std::string flipped = gz;
  flipped[gz.size() - 6] = static_cast<char>(flipped[gz.size() - 6] ^ 0x55);  // in the CRC32
  ExpectCorruption(flipped, "gzip", {}, Compression::kGzip);
}

TEST(CsvReaderTest, OpenReadsAFile) {
  TempDir dir;
  WriteFile(dir.File("a.csv"), "I,1\nU,2\n");
  auto reader = CsvReader::Open(dir.File("a.csv"), {}, Compression::kNone);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = ReadAll(reader->get());
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(*rows, (std::vector<Row>{{"I", "1"}, {"U", "2"}}));
  EXPECT_TRUE(CsvReader::Open(dir.File("missing.csv"), {}, Compression::kNone).status().IsIOError());
  CsvSettings bad;
  bad.row_delimiter = "";
  EXPECT_TRUE(CsvReader::Open(dir.File("a.csv"), bad, Compression::kNone).status().IsInvalidArgument());
}

// --- Round trips: the writer's files read back field for field. ---

// One column per ValueKind, plus a second string column.
model::TableSchemaPtr EveryKindTable() {
  using model::FieldType;
  using model::ValueKind;
  std::vector<model::ColumnSchema> columns = {
      Column("i64", ValueKind::kInt64, FieldType::kLongLong),
      Column("u64", ValueKind::kUInt64, FieldType::kLongLong),
      Column("f", ValueKind::kFloat, FieldType::kFloat, 4),
      Column("d", ValueKind::kDouble, FieldType::kDouble, 8),
      Column("dec", ValueKind::kDecimal, FieldType::kNewDecimal),
      Column("y", ValueKind::kYear, FieldType::kYear),
      Column("date", ValueKind::kDate, FieldType::kNewDate),
      Column("time", ValueKind::kTime, FieldType::kTime2, 3),
      Column("dt", ValueKind::kDateTime, FieldType::kDateTime2, 6),
      Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2, 2),
      Column("bit", ValueKind::kBit, FieldType::kBit),
      Column("e", ValueKind::kEnum, FieldType::kEnum),
      Column("set", ValueKind::kSet, FieldType::kSet),
      Column("s", ValueKind::kString, FieldType::kVarchar),
      Column("bin", ValueKind::kBinary, FieldType::kBlob),
      Column("j", ValueKind::kJson, FieldType::kJson),
      Column("g", ValueKind::kGeometry, FieldType::kGeometry),
      Column("uuid", ValueKind::kUuid, FieldType::kString),
      Column("ip4", ValueKind::kInet4, FieldType::kString),
      Column("ip6", ValueKind::kInet6, FieldType::kString),
      Column("vec", ValueKind::kVector, FieldType::kVector),
      Column("s2", ValueKind::kString, FieldType::kVarchar),
  };
  columns[11].labels = {"small", "a,b", "q\"uote", "NULL"};
  columns[12].labels = {"x", "y", "z"};
  return testing::Table("db", "every", std::move(columns));
}

std::vector<std::string> TrickyStrings() {
  std::string long_value;
  for (int k = 0; k < 40000; ++k) long_value += (k % 7 == 0) ? "\"q\"," : (k % 11 == 0 ? "\r\n" : "abcde");
  return {"",          "NULL",        "a,b", "\"",     "\"\"",    "line\nbreak", "\r\n",
          "tab\there", "ünïcødé ✓ 😀", "::",  "|",      "\\N",     " lead space", "trailing,",
          ",",         "x\"y\"z",     "~",   "NULL\n", long_value};
}

Image EveryKindImage(int row, const std::string& text) {
  model::PackedTime time{row % 2 == 0, static_cast<uint32_t>(row % 839), 59, 1, 123000};
  model::PackedDateTime dt{{static_cast<uint16_t>(1000 + row), 12, 31}, 23, 59, 59, 999999};
  model::PackedTimestamp ts{static_cast<uint32_t>(row * 86400 + 1), 120000};
  std::string uuid("\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff", 16);
  std::string ip6(16, '\0');
  ip6[15] = static_cast<char>(row);
  std::string vec;
  for (float value : {1.5f, -0.25f, static_cast<float>(row)}) {
    uint32_t bits = std::bit_cast<uint32_t>(value);
    for (int k = 0; k < 4; ++k) vec.push_back(static_cast<char>(bits >> (8 * k)));
  }
  return {Cell::Int(row % 2 == 0 ? -row : INT64_MIN + row),
          Cell::Slot(UINT64_MAX - static_cast<uint64_t>(row)),
          Cell::Slot(std::bit_cast<uint32_t>(0.1f * static_cast<float>(row))),
          Cell::Slot(std::bit_cast<uint64_t>(1e20 / (row + 1))),
          Cell::Bytes("-" + std::to_string(row) + ".50"),
          Cell::Slot(row == 0 ? 0 : 1901 + static_cast<uint64_t>(row)),
          Cell::Slot(model::PackedDate{static_cast<uint16_t>(2000 + row), 2, 29}.Pack()),
          Cell::Slot(time.Pack()),
          Cell::Slot(dt.Pack()),
          Cell::Slot(ts.Pack()),
          Cell::Slot(static_cast<uint64_t>(row) * 0x0101),
          Cell::Slot(static_cast<uint64_t>(row % 5)),
          Cell::Slot(static_cast<uint64_t>(row % 8)),
          Cell::Bytes(text),
          Cell::Bytes(text),
          Cell::Bytes("{\"k\": [1, \"v,w\"]}"),
          Cell::Bytes(std::string("\xe6\x10\x00\x00\x01\x01", 6)),
          Cell::Bytes(uuid),
          Cell::Slot(0x0A00FF01u + static_cast<uint64_t>(row)),
          Cell::Bytes(ip6),
          Cell::Bytes(vec),
          Cell::Bytes(text + text)};
}

// Builds a batch of inserts, updates and deletes over every tricky string, with NULLs sprinkled
// over every column.
model::ChangeBatch EveryKindBatch() {
  model::ChangeBatch batch(EveryKindTable());
  batch.AddOrigin(testing::Origin("binlog.000001", 4));
  std::vector<std::string> texts = TrickyStrings();
  // Twice over the strings, so that every column gets a NULL in some row.
  for (int row = 0; row < static_cast<int>(2 * texts.size()); ++row) {
    const std::string& text = texts[static_cast<size_t>(row) % texts.size()];
    Image image = EveryKindImage(row, text);
    Image with_null = image;
    with_null[static_cast<size_t>(row) % with_null.size()] = Cell::Null();
    switch (row % 3) {
      case 0:
        AddInsert(&batch, with_null);
        break;
      case 1:
        AddUpdate(&batch, image, with_null);
        break;
      case 2:
        AddDelete(&batch, with_null);
        break;
    }
  }
  return batch;
}

// What a reader must return for change i of `batch`: Op, the values in text form, seq, commit µs.
std::vector<Row> ExpectedRows(const model::ChangeBatch& batch, uint64_t first_seq, int64_t commit_us) {
  std::vector<Row> rows;
  for (size_t change_idx = 0; change_idx < batch.size(); ++change_idx) {
    const model::RowChange& change = batch.changes()[change_idx];
    uint32_t image = change.op == model::ChangeOp::kDelete ? change.before : change.after;
    Row row{std::string(1, model::OpCode(change.op))};
    for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
      const model::ColumnVector& cells = batch.column(column_idx);
      if (!cells.is_value(image)) {
        row.push_back(std::nullopt);
        continue;
      }
      std::string text;
      model::AppendValueText(batch.schema().columns[column_idx], cells, image, &text);
      row.push_back(text);
    }
    row.push_back(std::to_string(first_seq + change_idx));
    row.push_back(std::to_string(commit_us));
    rows.push_back(std::move(row));
  }
  return rows;
}

void RoundTrip(const CsvSettings& csv, Compression compression) {
  TempDir dir;
  model::ChangeBatch batch = EveryKindBatch();
  auto projection = AllColumns(batch.schema_ptr());
  OutputSettings output;
  output.compression = compression;
  std::string path = dir.File("rt.csv");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, projection, output, csv);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Append(batch, 0, batch.size(), {1000, 1709210096789012}).ok());
  ASSERT_TRUE((*writer)->Finish().ok());

  auto reader = CsvReader::Open(path, csv, compression);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto rows = ReadAll(reader->get());
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  std::vector<Row> expected = ExpectedRows(batch, 1000, 1709210096789012);
  if (csv.add_column_name) {
    Row header{"Op"};
    for (const model::OutputColumn& column : projection->columns) header.push_back(column.name);
    header.push_back("_lakefeed_seq");
    header.push_back("_lakefeed_commit_us");
    expected.insert(expected.begin(), header);
  }
  ASSERT_EQ(rows->size(), expected.size());
  for (size_t row_idx = 0; row_idx < expected.size(); ++row_idx) {
    EXPECT_EQ((*rows)[row_idx], expected[row_idx]) << "row " << row_idx;
  }
}

TEST(CsvRoundTripTest, DefaultDialect) {
  RoundTrip({}, Compression::kNone);
  RoundTrip({}, Compression::kGzip);
}

TEST(CsvRoundTripTest, EmptyNullValue) {
  CsvSettings csv;
  csv.null_value = "";
  RoundTrip(csv, Compression::kNone);
  RoundTrip(csv, Compression::kGzip);
}

TEST(CsvRoundTripTest, TabsAndCrLf) {
  CsvSettings csv;
  csv.delimiter = "\t";
  csv.row_delimiter = "\r\n";
  csv.null_value = "\\N";
  csv.add_column_name = true;
  RoundTrip(csv, Compression::kNone);
}

TEST(CsvRoundTripTest, MultiByteDelimiters) {
  CsvSettings csv;
  csv.delimiter = "::";
  csv.row_delimiter = "\n~";
  csv.add_column_name = true;
  RoundTrip(csv, Compression::kNone);
  csv.delimiter = "<>";
  csv.row_delimiter = "<\n";
  csv.null_value = "(null)";
  RoundTrip(csv, Compression::kGzip);
}

TEST(CsvRoundTripTest, WithoutRfc4180SafeValuesRoundTrip) {
  // Without quoting, values must not hold a delimiter; then everything reads back, quotes included.
  CsvSettings csv;
  csv.rfc4180 = false;
  csv.delimiter = "\x1f";
  csv.row_delimiter = "\x1e";
  TempDir dir;
  model::ChangeBatch batch(testing::UsersTable());
  for (const char* name : {"a,b", "say \"hi\"", "line\nbreak", "", "ünï"}) {
    AddInsert(&batch, {Cell::Int(1), Cell::Bytes(name)});
  }
  std::string path = dir.File("raw.csv");
  auto writer = OpenCsvWriter(path, FileKind::kCdc, AllColumns(batch.schema_ptr()), OutputSettings{}, csv);
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->Append(batch, 0, batch.size(), {1, 2}).ok());
  ASSERT_TRUE((*writer)->Finish().ok());
  auto rows = Parse(ReadFile(path), csv);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(*rows, (std::vector<Row>{{"I", "1", "a,b", "1", "2"},
                                     {"I", "1", "say \"hi\"", "2", "2"},
                                     {"I", "1", "line\nbreak", "3", "2"},
                                     {"I", "1", "", "4", "2"},
                                     {"I", "1", "ünï", "5", "2"}}));
}

}  // namespace
}  // namespace cdc::format
