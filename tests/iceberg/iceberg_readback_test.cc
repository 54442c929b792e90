// Iceberg tables written by lakefeed (src/iceberg) in a file:// warehouse, read back by independent
// readers:
//   - python3-avro (tests/iceberg/avro_dump.py, run with /usr/bin/python3) reads the manifests and
//     manifest lists: the header metadata, the schema's field ids as it parsed them, the records;
//   - icebird (tests/node/iceberg/read.mjs) reads the whole table after a create, an append of two
//     Parquet data files, a commit of position deletes, and a commit of equality deletes together
//     with a re-inserted row; its rows must equal the expected rows exactly.
// Each case runs with the Avro null codec and with deflate. Needs python3-avro and the npm packages
// that scripts/install-deps installs in tests/node/iceberg. No server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "iceberg/data_files.h"
#include "iceberg/schema.h"
#include "iceberg/table.h"
#include "model/change_batch.h"
#include "model/value.h"
#include "store/object_store.h"

namespace cdc::iceberg {
namespace {

using Json = nlohmann::json;
using model::FieldType;
using model::ValueKind;

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Runs `command` with stdout to `out_path` and stderr to `out_path`.err; returns the exit status.
int RunCommand(const std::string& command, const std::string& out_path) {
  const std::string full = command + " > '" + out_path + "' 2> '" + out_path + ".err'";
  return std::system(full.c_str());
}

model::ColumnSchema Column(std::string name, ValueKind kind, FieldType type, uint16_t meta = 0) {
  model::ColumnSchema column;
  column.name = std::move(name);
  column.kind = kind;
  column.type = type;
  column.meta = meta;
  return column;
}

// The source table: id BIGINT PRIMARY KEY, name VARCHAR, amount DECIMAL(10,2), qty INT UNSIGNED,
// big BIGINT UNSIGNED, day DATE, at TIMESTAMP(3), note JSON.
std::shared_ptr<model::TableSchema> SourceTable() {
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "orders";
  table->columns = {
      Column("id", ValueKind::kInt64, FieldType::kLongLong),
      Column("name", ValueKind::kString, FieldType::kVarchar),
      Column("amount", ValueKind::kDecimal, FieldType::kNewDecimal, 10 << 8 | 2),
      Column("qty", ValueKind::kUInt64, FieldType::kLong),
      Column("big", ValueKind::kUInt64, FieldType::kLongLong),
      Column("day", ValueKind::kDate, FieldType::kDate),
      Column("at", ValueKind::kTimestamp, FieldType::kTimestamp2),
      Column("note", ValueKind::kJson, FieldType::kJson),
  };
  table->primary_key = {0};
  return table;
}

// One source row, and the text icebird must give for each column.
struct Row {
  int64_t id;
  std::string name;
  std::string amount;  // decimal text
  uint64_t qty;
  uint64_t big;
  model::PackedDate day;
  uint32_t at_seconds;
  uint32_t at_micros;
  std::optional<std::string> note;
};

Row MakeRow(int64_t id, std::string name) {
  Row row;
  row.id = id;
  row.name = std::move(name);
  row.amount = std::to_string(id * 100 + 25) + ".50";
  row.qty = 4294967295u - static_cast<uint64_t>(id);  // INT UNSIGNED near its top: an Iceberg long
  row.big = id == 8 ? 18446744073709551615ull : static_cast<uint64_t>(id) * 1000000;
  row.day = model::PackedDate{2024, 2, static_cast<uint8_t>(id)};
  row.at_seconds = 1700000000 + static_cast<uint32_t>(id);
  row.at_micros = 123000;  // milliseconds only: JavaScript Dates hold no more
  if (id % 3 != 0) row.note = "{\"k\": " + std::to_string(id) + "}";
  return row;
}

// What icebird returns for `row` (see read.mjs for the canonical forms).
std::map<std::string, Json> Expected(const Row& row) {
  std::map<std::string, Json> out;
  out["id"] = std::to_string(row.id);
  out["name"] = row.name;
  out["amount"] = std::to_string(row.id * 100 + 25) + ".5";  // a JS number: 125.5
  out["qty"] = std::to_string(row.qty);                      // a bigint
  // decimal(20,0) becomes a JS number in hyparquet: exact below 2^53, rounded above.
  out["big"] = row.big == 18446744073709551615ull ? "18446744073709552000" : std::to_string(row.big);
  char day[32];
  std::snprintf(day, sizeof(day), "2024-02-%02dT00:00:00.000Z", row.day.day);
  out["day"] = std::string(day);
  const time_t seconds = row.at_seconds;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char at[64];
  std::strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%S", &utc);
  out["at"] = std::string(at) + ".123Z";
  out["note"] = row.note ? Json(*row.note) : Json(nullptr);
  return out;
}

void AppendRows(const std::vector<Row>& rows, model::ChangeOp op, model::ChangeBatch* batch) {
  for (const Row& row : rows) {
    batch->column(0).AppendSlot(static_cast<uint64_t>(row.id));
    batch->column(1).AppendBytes(row.name);
    batch->column(2).AppendBytes(row.amount);
    batch->column(3).AppendSlot(row.qty);
    batch->column(4).AppendSlot(row.big);
    batch->column(5).AppendSlot(row.day.Pack());
    batch->column(6).AppendSlot(model::PackedTimestamp{row.at_seconds, row.at_micros}.Pack());
    if (row.note) {
      batch->column(7).AppendBytes(*row.note);
    } else {
      batch->column(7).AppendNull();
    }
    model::RowChange change;
    change.op = op;
    if (op == model::ChangeOp::kDelete) {
      change.before = batch->FinishImage();
    } else {
      change.after = batch->FinishImage();
    }
    batch->AddChange(change);
  }
}

class IcebergReadbackTest : public testing::TestWithParam<format::avro::Codec> {
 protected:
  void SetUp() override {
    std::string temp = testing::TempDir();
    if (!temp.empty() && temp.back() == '/') temp.pop_back();
    dir_ = temp + "/iceberg_readback_" + std::to_string(::getpid()) + "_" +
           std::string(format::avro::ToString(GetParam()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ + "/spool");
    Result<std::unique_ptr<store::ObjectStore>> opened = store::OpenStore("file://" + dir_ + "/warehouse");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    source_ = SourceTable();
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // Writes a data file (or an equality delete file when `equality`) of `rows` and puts it in the
  // table's data folder; returns its DataFile with the full URI.
  DataFile PutParquet(Table& table, const std::string& name, const std::vector<Row>& rows, bool equality) {
    const std::string local = dir_ + "/spool/" + name;
    const Schema& schema = *table.metadata().CurrentSchema();
    Result<ParquetFileWriter> writer =
        equality ? ParquetFileWriter::OpenEqualityDeleteFile(local, source_, schema, {1})
                 : ParquetFileWriter::OpenDataFile(local, source_, schema);
    EXPECT_TRUE(writer.ok()) << writer.status().ToString();
    model::ChangeBatch batch(source_);
    AppendRows(rows, equality ? model::ChangeOp::kDelete : model::ChangeOp::kInsert, &batch);
    EXPECT_TRUE(writer->Append(batch, 0, batch.size()).ok());
    Result<DataFile> file = writer->Finish();
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_TRUE(store_->PutFile(table.DataFileKey(name), local).ok());
    file->file_path = table.DataFileUri(name);
    return *file;
  }

  DataFile PutPositionDeletes(Table& table, const std::string& name, std::vector<PositionDelete> deletes) {
    const std::string local = dir_ + "/spool/" + name;
    Result<DataFile> file = WritePositionDeleteFile(local, std::move(deletes));
    EXPECT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_TRUE(store_->PutFile(table.DataFileKey(name), local).ok());
    file->file_path = table.DataFileUri(name);
    return *file;
  }

  // python3-avro's view of the Avro file at `uri`.
  Json AvroDump(const std::string& uri) {
    const std::string path = uri.substr(std::string("file://").size());
    const std::string out = dir_ + "/avro_dump.json";
    const int status =
        RunCommand(std::string("/usr/bin/python3 '") + LAKEFEED_AVRO_DUMP + "' '" + path + "'", out);
    EXPECT_EQ(status, 0) << ReadText(out + ".err");
    return Json::parse(ReadText(out), nullptr, false);
  }

  std::string dir_;
  std::unique_ptr<store::ObjectStore> store_;
  std::shared_ptr<model::TableSchema> source_;
};

TEST_P(IcebergReadbackTest, IcebirdReadsTheTableAndPythonAvroTheManifests) {
  Result<Schema> schema = SchemaFromTable(*source_);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  Result<Table> table = Table::Create(store_.get(), "shop/orders", *schema);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  table->set_avro_codec(GetParam());

  // 1. Append: a.parquet holds ids 1..5, b.parquet ids 6..8.
  std::vector<Row> a_rows, b_rows;
  for (int64_t id = 1; id <= 5; ++id) a_rows.push_back(MakeRow(id, "row " + std::to_string(id)));
  for (int64_t id = 6; id <= 8; ++id) b_rows.push_back(MakeRow(id, "row " + std::to_string(id)));
  CommitRequest append;
  append.added_data_files = {PutParquet(*table, "a.parquet", a_rows, false),
                             PutParquet(*table, "b.parquet", b_rows, false)};
  append.summary = {{"lakefeed.last-seq", "100"}};
  ASSERT_TRUE(table->Commit(append).ok());

  // 2. Position deletes: id 2 (a.parquet row 1) and id 7 (b.parquet row 1).
  CommitRequest positions;
  positions.added_delete_files = {PutPositionDeletes(
      *table, "pos-1.parquet", {{table->DataFileUri("b.parquet"), 1}, {table->DataFileUri("a.parquet"), 1}})};
  ASSERT_TRUE(table->Commit(positions).ok());

  // 3. Equality deletes on id: 4 and 6, and id 4 inserted again in the same commit (an upsert: the
  //    delete applies only to older data files).
  CommitRequest upsert;
  upsert.added_delete_files = {PutParquet(*table, "eq-1.parquet", {MakeRow(4, ""), MakeRow(6, "")}, true)};
  upsert.added_data_files = {PutParquet(*table, "c.parquet", {MakeRow(4, "row 4 again")}, false)};
  upsert.summary = {{"lakefeed.last-seq", "103"}};
  ASSERT_TRUE(table->Commit(upsert).ok());
  EXPECT_EQ(table->version(), MetadataVersion(4));

  // icebird: the rows left are 1, 3, 4 (again), 5, 8.
  const std::string out = dir_ + "/icebird.json";
  const int status =
      RunCommand(std::string("node '") + LAKEFEED_ICEBERG_READ + "' '" + table->location() + "'", out);
  ASSERT_EQ(status, 0) << ReadText(out + ".err");
  Json result = Json::parse(ReadText(out), nullptr, false);
  ASSERT_FALSE(result.is_discarded()) << ReadText(out);
  std::vector<std::map<std::string, Json>> got;
  for (const Json& row : result["rows"]) got.push_back(row.get<std::map<std::string, Json>>());
  std::sort(got.begin(), got.end(), [](const auto& x, const auto& y) {
    return std::stoll(x.at("id").template get<std::string>()) <
           std::stoll(y.at("id").template get<std::string>());
  });
  std::vector<std::map<std::string, Json>> expected;
  for (const Row& row : {MakeRow(1, "row 1"), MakeRow(3, "row 3"), MakeRow(4, "row 4 again"),
                         MakeRow(5, "row 5"), MakeRow(8, "row 8")}) {
    expected.push_back(Expected(row));
  }
  ASSERT_EQ(got.size(), expected.size()) << result.dump(1);
  for (size_t row_idx = 0; row_idx < got.size(); ++row_idx) {
    EXPECT_EQ(Json(got[row_idx]).dump(), Json(expected[row_idx]).dump()) << "row " << row_idx;
  }

  // python3-avro: the manifest list of the last snapshot and each of its manifests.
  const Snapshot* snapshot = table->metadata().CurrentSnapshot();
  ASSERT_NE(snapshot, nullptr);
  Json list = AvroDump(snapshot->manifest_list);
  ASSERT_FALSE(list.is_discarded());
  EXPECT_EQ(list["metadata"]["avro.codec"], format::avro::ToString(GetParam()));
  EXPECT_EQ(list["metadata"]["format-version"], "2");
  EXPECT_EQ(list["metadata"]["snapshot-id"], std::to_string(snapshot->snapshot_id.value()));
  EXPECT_EQ(list["field_ids"]["manifest_path"], 500);
  EXPECT_EQ(list["field_ids"]["content"], 517);
  EXPECT_EQ(list["field_ids"]["sequence_number"], 515);
  EXPECT_EQ(list["field_ids"]["min_sequence_number"], 516);
  EXPECT_EQ(list["field_ids"]["added_snapshot_id"], 503);
  EXPECT_EQ(list["field_ids"]["partitions"], 507);
  EXPECT_EQ(list["field_ids"]["partitions.contains_null"], 509);
  EXPECT_EQ(list["element_ids"]["partitions"], 508);
  ASSERT_EQ(list["records"].size(), 4u);  // c.parquet's, eq-1's, pos-1's, and the first append's
  std::map<int64_t, int> contents_by_sequence;
  for (const Json& record : list["records"]) {
    contents_by_sequence[record["sequence_number"].get<int64_t>()] += 1;
    const Json manifest = AvroDump(record["manifest_path"].get<std::string>());
    ASSERT_FALSE(manifest.is_discarded());
    const bool deletes = record["content"] == 1;
    EXPECT_EQ(manifest["metadata"]["content"], deletes ? "deletes" : "data");
    EXPECT_EQ(manifest["metadata"]["format-version"], "2");
    EXPECT_EQ(manifest["metadata"]["partition-spec-id"], "0");
    EXPECT_EQ(manifest["metadata"]["partition-spec"], "[]");
    EXPECT_EQ(manifest["metadata"]["schema-id"], "0");
    Json table_schema = Json::parse(manifest["metadata"]["schema"].get<std::string>(), nullptr, false);
    EXPECT_EQ(table_schema["identifier-field-ids"], Json::array({1}));
    EXPECT_EQ(table_schema["fields"][3]["type"], "long");           // qty: INT UNSIGNED
    EXPECT_EQ(table_schema["fields"][4]["type"], "decimal(20,0)");  // big: BIGINT UNSIGNED
    EXPECT_EQ(manifest["field_ids"]["status"], 0);
    EXPECT_EQ(manifest["field_ids"]["snapshot_id"], 1);
    EXPECT_EQ(manifest["field_ids"]["data_file"], 2);
    EXPECT_EQ(manifest["field_ids"]["sequence_number"], 3);
    EXPECT_EQ(manifest["field_ids"]["file_sequence_number"], 4);
    EXPECT_EQ(manifest["field_ids"]["data_file.content"], 134);
    EXPECT_EQ(manifest["field_ids"]["data_file.file_path"], 100);
    EXPECT_EQ(manifest["field_ids"]["data_file.partition"], 102);
    EXPECT_EQ(manifest["field_ids"]["data_file.record_count"], 103);
    EXPECT_EQ(manifest["field_ids"]["data_file.lower_bounds.key"], 126);
    EXPECT_EQ(manifest["field_ids"]["data_file.equality_ids"], 135);
    EXPECT_EQ(manifest["element_ids"]["data_file.equality_ids"], 136);
    EXPECT_EQ(manifest["records"].size(), record["added_files_count"].get<size_t>());
    for (const Json& entry : manifest["records"]) {
      EXPECT_EQ(entry["status"], 1);
      EXPECT_TRUE(entry["sequence_number"].is_null());  // inherited from the manifest list
      const std::string path = entry["data_file"]["file_path"];
      EXPECT_TRUE(path.starts_with(table->location() + "/data/")) << path;
      if (path.ends_with("eq-1.parquet")) {
        EXPECT_EQ(entry["data_file"]["content"], 2);
        EXPECT_EQ(entry["data_file"]["equality_ids"], Json::array({1}));
        EXPECT_EQ(entry["data_file"]["record_count"], 2);
      } else if (path.ends_with("pos-1.parquet")) {
        EXPECT_EQ(entry["data_file"]["content"], 1);
        EXPECT_EQ(entry["data_file"]["record_count"], 2);
      } else {
        EXPECT_EQ(entry["data_file"]["content"], 0);
        EXPECT_EQ(entry["data_file"]["file_format"], "PARQUET");
      }
    }
  }
  EXPECT_EQ(contents_by_sequence, (std::map<int64_t, int>{{1, 1}, {2, 1}, {3, 2}}));
}

INSTANTIATE_TEST_SUITE_P(Codecs, IcebergReadbackTest,
                         testing::Values(format::avro::Codec::kNull, format::avro::Codec::kDeflate),
                         [](const testing::TestParamInfo<format::avro::Codec>& param) {
                           return std::string(format::avro::ToString(param.param));
                         });

}  // namespace
}  // namespace cdc::iceberg
