// Replays every recorded binlog in ../shared/testdata/binlog and checks the event-level facts listed
// in EXPECTED.md there: event counts and type sequences with offsets, TRANSACTION_PAYLOAD inner
// events, GTIDs, rotate targets, FDE versions and checksums, QUERY / ANNOTATE / ROWS_QUERY texts, XIDs,
// the ignorable Aurora event, and the number of rows per operation (the row values themselves are
// checked by the row decoder's tests).

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "binlog/decoder.h"
#include "binlog/file_reader.h"

namespace cdc::binlog {
namespace {

const std::string kDir = std::string(LAKEFEED_TESTDATA_DIR) + "/binlog/";

struct Seen {
  uint64_t offset = 0;
  uint8_t type = 0;
  bool inner = false;
  uint32_t size = 0;
  uint32_t log_pos = 0;
  uint32_t timestamp = 0;
  uint32_t server_id = 0;
  uint16_t flags = 0;
  std::string text;   // QUERY / ANNOTATE / ROWS_QUERY text, ROTATE target, table "schema.table"
  std::string extra;  // QUERY schema, GTID text, FDE server version, ...
  uint64_t number = 0;  // XID, table id, rotate position, rows flags
};

struct RowCounts {
  uint64_t inserts = 0, updates = 0, deletes = 0;
  uint64_t total() const { return inserts + updates + deletes; }
};

// Records what the decoder reports. `decode_rows` false: WantsTable says no, so no rows are decoded.
class RecordingSink : public EventSink {
 public:
  explicit RecordingSink(bool decode_rows) : decode_rows_(decode_rows) {}

  Status OnEvent(const DecodedEvent& event) override {
    Seen seen;
    seen.offset = event.offset;
    seen.type = event.header.type_code;
    seen.inner = event.inner;
    seen.size = event.header.event_size;
    seen.log_pos = event.header.log_pos;
    seen.timestamp = event.header.timestamp;
    seen.server_id = event.header.server_id;
    seen.flags = event.header.flags;
    if (const auto* fde = std::get_if<FormatDescription>(&event.body)) {
      seen.extra = fde->server_version;
      seen.number = static_cast<uint64_t>(fde->checksum);
    } else if (const auto* query = std::get_if<QueryEvent>(&event.body)) {
      seen.text = std::string(query->query);
      seen.extra = std::string(query->schema);
      seen.number = query->thread_id;
    } else if (const auto* xid = std::get_if<XidEvent>(&event.body)) {
      seen.number = xid->xid;
    } else if (const auto* rotate = std::get_if<RotateEvent>(&event.body)) {
      seen.text = std::string(rotate->next_file);
      seen.number = rotate->position;
    } else if (const auto* gtid = std::get_if<GtidEvent>(&event.body)) {
      seen.extra = gtid->ToGtidString();
    } else if (const auto* maria = std::get_if<MariaGtidEvent>(&event.body)) {
      seen.extra = maria->gtid().ToString();
      seen.number = maria->flags2;
    } else if (const auto* previous = std::get_if<PreviousGtidsEvent>(&event.body)) {
      seen.extra = previous->gtids.ToString();
    } else if (const auto* list = std::get_if<MariaGtidListEvent>(&event.body)) {
      seen.number = list->gtids.size();
    } else if (const auto* checkpoint = std::get_if<BinlogCheckpointEvent>(&event.body)) {
      seen.text = std::string(checkpoint->file);
    } else if (const auto* annotate = std::get_if<AnnotateRowsEvent>(&event.body)) {
      seen.text = std::string(annotate->query);
    } else if (const auto* rows_query = std::get_if<RowsQueryEvent>(&event.body)) {
      seen.text = std::string(rows_query->query);
    } else if (const auto* tpe = std::get_if<TransactionPayloadEvent>(&event.body)) {
      seen.number = tpe->uncompressed_size;
      seen.extra = std::to_string(static_cast<int>(tpe->compression)) + "/" + std::to_string(tpe->payload_size);
    } else if (const auto* map = std::get_if<TableMapRef>(&event.body)) {
      seen.text = map->map->schema_name + "." + map->map->table_name;
      seen.number = map->map->table_id;
      seen.extra = std::to_string(map->map->column_count());
    } else if (const auto* rows = std::get_if<RowsEventHeader>(&event.body)) {
      seen.text = event.table.map != nullptr ? event.table.map->schema_name + "." + event.table.map->table_name : "";
      seen.number = rows->flags;
      seen.extra = std::to_string(rows->table_id);
    } else if (const auto* unknown = std::get_if<UnknownEvent>(&event.body)) {
      seen.number = unknown->ignorable ? 1 : 0;
    }
    events.push_back(std::move(seen));
    return Status::OK();
  }

  Status OnRows(const DecodedEvent& event, const model::ChangeBatch& rows) override {
    const std::string table = rows.schema().schema_name + "." + rows.schema().table_name;
    for (const model::RowChange& change : rows.changes()) {
      RowCounts& counts = per_table[table];
      switch (change.op) {
        case model::ChangeOp::kInsert: ++counts.inserts, ++all.inserts; break;
        case model::ChangeOp::kUpdate: ++counts.updates, ++all.updates; break;
        case model::ChangeOp::kDelete: ++counts.deletes, ++all.deletes; break;
      }
      const model::ChangeOrigin& origin = rows.origins()[change.origin];
      row_gtids.push_back(origin.position.gtid);
      row_offsets.push_back(origin.position.offset);
      EXPECT_EQ(origin.position.offset, event.offset);
      EXPECT_EQ(origin.position.file, std::string(event.file));
    }
    return Status::OK();
  }

  bool WantsTable(const model::TableSchema&) override { return decode_rows_; }

  // Top-level events only.
  std::vector<Seen> Top() const {
    std::vector<Seen> out;
    for (const Seen& seen : events) {
      if (!seen.inner) out.push_back(seen);
    }
    return out;
  }
  std::vector<Seen> Inner() const {
    std::vector<Seen> out;
    for (const Seen& seen : events) {
      if (seen.inner) out.push_back(seen);
    }
    return out;
  }
  std::map<uint8_t, int> TopCounts() const {
    std::map<uint8_t, int> out;
    for (const Seen& seen : events) {
      if (!seen.inner) ++out[seen.type];
    }
    return out;
  }
  const Seen* At(uint64_t offset, bool inner = false) const {
    for (const Seen& seen : events) {
      if (seen.offset == offset && seen.inner == inner) return &seen;
    }
    return nullptr;
  }
  std::vector<std::string> Texts(uint8_t type) const {
    std::vector<std::string> out;
    for (const Seen& seen : events) {
      if (seen.type == type) out.push_back(seen.text);
    }
    return out;
  }

  std::vector<Seen> events;
  RowCounts all;
  std::map<std::string, RowCounts> per_table;
  std::vector<std::string> row_gtids;
  std::vector<uint64_t> row_offsets;

 private:
  bool decode_rows_;
};

constexpr uint8_t kQuery = 2, kStop = 3, kRotate = 4, kFde = 15, kXid = 16, kTableMap = 19, kWriteV1 = 23,
                  kRowsQuery = 29, kWriteV2 = 30, kUpdateV2 = 31, kDeleteV2 = 32, kGtid = 33, kAnonymous = 34,
                  kPrevious = 35, kPartial = 39, kPayload = 40, kTagged = 42, kAnnotate = 160, kCheckpoint = 161,
                  kMariaGtid = 162, kGtidList = 163;

// Reads `relative` (under testdata/binlog) twice: once with rows skipped, once with rows decoded, and
// checks the framing facts every recorded file satisfies: events are contiguous from offset 4, and each
// top-level event's end_log_pos is where it ends.
RecordingSink Replay(const std::string& relative, bool decode_rows) {
  RecordingSink sink(decode_rows);
  Decoder decoder;
  Status status = ReadBinlogFile(kDir + relative, &decoder, &sink);
  EXPECT_TRUE(status.ok()) << relative << ": " << status.ToString();
  uint64_t expected_offset = 4;
  for (const Seen& seen : sink.Top()) {
    EXPECT_EQ(seen.offset, expected_offset) << relative;
    EXPECT_EQ(seen.log_pos, seen.offset + seen.size) << relative << " @ " << seen.offset;
    expected_offset = seen.offset + seen.size;
  }
  for (const Seen& seen : sink.Inner()) EXPECT_EQ(seen.log_pos, 0u) << relative;
  return sink;
}

std::vector<std::pair<uint64_t, uint8_t>> Sequence(const std::vector<Seen>& events) {
  std::vector<std::pair<uint64_t, uint8_t>> out;
  for (const Seen& seen : events) out.emplace_back(seen.offset, seen.type);
  return out;
}
std::vector<uint8_t> Types(const std::vector<Seen>& events) {
  std::vector<uint8_t> out;
  for (const Seen& seen : events) out.push_back(seen.type);
  return out;
}

// ---------------------------------------------------------------------------------------------
TEST(FixturesTest, MysqlBinCompressed) {
  RecordingSink sink = Replay("mysql/mysql-bin.compressed", false);
  EXPECT_EQ(Sequence(sink.Top()), (std::vector<std::pair<uint64_t, uint8_t>>{
                                      {4, kFde}, {126, kPrevious}, {157, kAnonymous}, {236, kPayload}, {724, kRotate}}));
  const Seen* fde = sink.At(4);
  EXPECT_EQ(fde->extra, "8.0.28");
  EXPECT_EQ(fde->server_id, 223344u);
  EXPECT_EQ(fde->number, static_cast<uint64_t>(ChecksumAlgorithm::kCrc32));
  EXPECT_EQ(sink.At(126)->extra, "");  // empty PREVIOUS_GTIDS
  const Seen* tpe = sink.At(236);
  EXPECT_EQ(tpe->size, 488u);
  EXPECT_EQ(tpe->extra, "0/451");  // ZSTD, payload 451
  EXPECT_EQ(tpe->number, 960u);
  std::vector<Seen> inner = sink.Inner();
  EXPECT_EQ(Types(inner), (std::vector<uint8_t>{kQuery, kTableMap, kUpdateV2, kXid}));
  ASSERT_EQ(inner.size(), 4u);
  EXPECT_EQ(inner[0].size + inner[1].size + inner[2].size + inner[3].size, 960u);
  EXPECT_EQ(inner[0].size, 76u);
  EXPECT_EQ(inner[1].size, 82u);
  EXPECT_EQ(inner[2].size, 775u);
  EXPECT_EQ(inner[3].size, 27u);
  for (const Seen& seen : inner) {
    EXPECT_EQ(seen.offset, 236u);  // inner events are placed at their TPE
    EXPECT_EQ(seen.timestamp, 1646406641u);
    EXPECT_EQ(seen.server_id, 223344u);
  }
  EXPECT_EQ(inner[0].text, "BEGIN");
  EXPECT_EQ(inner[0].extra, "");
  EXPECT_EQ(inner[0].number, 12u);  // thread id
  EXPECT_EQ(inner[1].text, "demo.movies");
  EXPECT_EQ(inner[1].number, 84u);
  EXPECT_EQ(inner[1].extra, "11");
  EXPECT_EQ(inner[3].number, 31u);
  EXPECT_EQ(sink.At(724)->text, "mysql-bin.000005");
  EXPECT_EQ(sink.At(724)->number, 4u);

  RecordingSink rows = Replay("mysql/mysql-bin.compressed", true);
  EXPECT_EQ(rows.all.updates, 1u);
  EXPECT_EQ(rows.all.total(), 1u);
}

TEST(FixturesTest, TransactionCompression) {
  RecordingSink sink = Replay("mysql/transaction_compression.000001", false);
  EXPECT_EQ(Sequence(sink.Top()), (std::vector<std::pair<uint64_t, uint8_t>>{
                                      {4, kFde}, {126, kPrevious}, {197, kAnonymous}, {274, kPayload}, {431, kRotate}}));
  EXPECT_EQ(sink.At(4)->extra, "8.0.32");
  EXPECT_EQ(sink.At(126)->extra, "357df524-4139-11ee-9979-b033ee13919e:1");
  EXPECT_EQ(sink.At(274)->size, 157u);
  EXPECT_EQ(sink.At(274)->extra, "0/124");
  EXPECT_EQ(sink.At(274)->number, 179u);
  std::vector<Seen> inner = sink.Inner();
  EXPECT_EQ(Types(inner), (std::vector<uint8_t>{kQuery, kTableMap, kWriteV2, kXid}));
  ASSERT_EQ(inner.size(), 4u);
  EXPECT_EQ(inner[0].text, "BEGIN");
  EXPECT_EQ(inner[0].extra, "test");
  EXPECT_EQ(inner[1].text, "test.tb1");
  EXPECT_EQ(inner[1].number, 88u);
  EXPECT_EQ(inner[3].number, 462u);
  EXPECT_EQ(sink.At(431)->text, "binlog.000043");

  RecordingSink rows = Replay("mysql/transaction_compression.000001", true);
  EXPECT_EQ(rows.all.inserts, 1u);
  EXPECT_EQ(rows.all.total(), 1u);
}

TEST(FixturesTest, MysqlBin000057TwoPayloads) {
  RecordingSink sink = Replay("mysql/mysql-bin.000057", false);
  EXPECT_EQ(Sequence(sink.Top()),
            (std::vector<std::pair<uint64_t, uint8_t>>{{4, kFde}, {126, kPrevious}, {197, kGtid}, {274, kQuery},
                                                        {378, kGtid}, {457, kPayload}, {651, kGtid}, {730, kPayload}}));
  const std::string uuid = "76f3e7be-6720-11ed-9cad-0242ac110002";
  EXPECT_EQ(sink.At(4)->extra, "8.0.31");
  EXPECT_EQ(sink.At(126)->extra, uuid + ":1-10");
  EXPECT_EQ(sink.At(197)->extra, uuid + ":11");
  EXPECT_EQ(sink.At(378)->extra, uuid + ":12");
  EXPECT_EQ(sink.At(651)->extra, uuid + ":13");
  EXPECT_EQ(sink.At(274)->text, "create table b(id int)");
  EXPECT_EQ(sink.At(274)->extra, "a");
  EXPECT_EQ(sink.At(457)->size, 194u);
  EXPECT_EQ(sink.At(457)->extra, "0/161");
  EXPECT_EQ(sink.At(457)->number, 214u);
  EXPECT_EQ(sink.At(730)->size, 553u);
  EXPECT_EQ(sink.At(730)->extra, "0/516");
  EXPECT_EQ(sink.At(730)->number, 1255u);
  std::vector<Seen> inner = sink.Inner();
  ASSERT_EQ(inner.size(), 13u);
  EXPECT_EQ(Types(inner), (std::vector<uint8_t>{kQuery, kRowsQuery, kTableMap, kWriteV2, kXid, kQuery, kRowsQuery,
                                                kTableMap, kUpdateV2, kRowsQuery, kTableMap, kWriteV2, kXid}));
  for (size_t event_idx = 0; event_idx < inner.size(); ++event_idx) {
    EXPECT_EQ(inner[event_idx].offset, event_idx < 5 ? 457u : 730u);
  }
  EXPECT_EQ(inner[1].text, "insert into b values(1)");
  EXPECT_EQ(inner[2].text, "a.b");
  EXPECT_EQ(inner[2].number, 92u);
  EXPECT_EQ(inner[4].number, 10u);
  EXPECT_EQ(inner[6].text,
            "update test_table_3 set enum_field='large', set_field='c', \nproduct_item_2='product_3_value' where "
            "product_id=55555");
  EXPECT_EQ(inner[7].text, "a.test_table_3");
  EXPECT_EQ(inner[7].number, 89u);
  EXPECT_EQ(inner[7].extra, "20");
  EXPECT_EQ(inner[9].text.rfind("insert into test_table_3 values(6666, 'product_item_value_2', now(),", 0), 0u);
  EXPECT_EQ(inner[12].number, 22u);

  RecordingSink rows = Replay("mysql/mysql-bin.000057", true);
  EXPECT_EQ(rows.all.inserts, 2u);
  EXPECT_EQ(rows.all.updates, 1u);
  EXPECT_EQ(rows.all.deletes, 0u);
  EXPECT_EQ(rows.row_gtids, (std::vector<std::string>{uuid + ":12", uuid + ":13", uuid + ":13"}));
  EXPECT_EQ(rows.row_offsets, (std::vector<uint64_t>{457, 730, 730}));
}

TEST(FixturesTest, JsonBinlog) {
  RecordingSink sink = Replay("mysql/json.binlog.000001", false);
  EXPECT_EQ(sink.Top().size(), 36u);
  EXPECT_EQ(sink.TopCounts(), (std::map<uint8_t, int>{{kFde, 1}, {kPrevious, 1}, {kAnonymous, 8}, {kQuery, 8},
                                                      {kTableMap, 6}, {kWriteV2, 4}, {kUpdateV2, 1}, {kPartial, 1},
                                                      {kXid, 6}}));
  EXPECT_EQ(sink.At(4)->extra, "8.0.22");
  EXPECT_EQ(sink.At(4)->flags & kEventFlagBinlogInUse, kEventFlagBinlogInUse);
  EXPECT_EQ(sink.At(235)->type, kQuery);
  EXPECT_EQ(sink.At(235)->text.rfind("ALTER USER 'root'@'localhost' IDENTIFIED WITH 'caching_sha2_password' AS '", 0), 0u);
  EXPECT_EQ(sink.At(570)->extra, "mysql");
  EXPECT_EQ(sink.At(570)->text.rfind("CREATE TABLE t(id INT PRIMARY KEY AUTO_INCREMENT,", 0), 0u);
  for (uint64_t offset : {1059, 1409, 1759, 2111}) EXPECT_EQ(sink.At(offset)->type, kWriteV2) << offset;
  EXPECT_EQ(sink.At(2612)->type, kUpdateV2);
  EXPECT_EQ(sink.At(3750)->type, kPartial);
  EXPECT_EQ(sink.At(3750)->text, "mysql.t");

  RecordingSink rows = Replay("mysql/json.binlog.000001", true);
  EXPECT_EQ(rows.all.inserts, 6u);
  EXPECT_EQ(rows.all.updates, 12u);  // 6 full updates + 6 partial updates
  EXPECT_EQ(rows.all.deletes, 0u);
}

TEST(FixturesTest, JsonOpaque) {
  RecordingSink sink = Replay("mysql/json-opaque.binlog", false);
  std::vector<Seen> top = sink.Top();
  ASSERT_EQ(top.size(), 25u);
  EXPECT_EQ(sink.At(4)->extra, "9.0.1");
  EXPECT_EQ(sink.At(127)->type, kPrevious);
  EXPECT_EQ(top[3].text, "CREATE DATABASE foo");
  EXPECT_EQ(top[5].text, "create table test (a json)");
  EXPECT_EQ(sink.At(529)->type, kAnonymous);
  EXPECT_EQ(sink.At(608)->text, "BEGIN");
  for (size_t pair_idx = 0; pair_idx < 8; ++pair_idx) {
    EXPECT_EQ(top[8 + 2 * pair_idx].type, kTableMap);
    EXPECT_EQ(top[8 + 2 * pair_idx].text, "foo.test");
    EXPECT_EQ(top[8 + 2 * pair_idx].number, 90u);
    EXPECT_EQ(top[9 + 2 * pair_idx].type, kWriteV2);
  }
  std::vector<uint64_t> rows_offsets;
  for (size_t pair_idx = 0; pair_idx < 8; ++pair_idx) rows_offsets.push_back(top[9 + 2 * pair_idx].offset);
  EXPECT_EQ(rows_offsets, (std::vector<uint64_t>{736, 846, 963, 1080, 1197, 1312, 1428, 1551}));
  EXPECT_EQ(sink.At(1604)->type, kXid);
  EXPECT_EQ(sink.At(1604)->number, 13u);

  RecordingSink rows = Replay("mysql/json-opaque.binlog", true);
  EXPECT_EQ(rows.all.inserts, 8u);
  EXPECT_EQ(rows.all.total(), 8u);
}

TEST(FixturesTest, EnumStringSet) {
  RecordingSink sink = Replay("mysql/mysql-enum-string-set.000001", false);
  EXPECT_EQ(sink.Top().size(), 21u);
  EXPECT_EQ(sink.At(4)->extra, "8.0.28");
  std::vector<std::string> gtids;
  for (const Seen& seen : sink.events) {
    if (seen.type == kGtid) gtids.push_back(seen.extra);
  }
  const std::string uuid = "93e95066-a2f4-11ec-9b69-9657f0ae95e2";
  EXPECT_EQ(gtids, (std::vector<std::string>{uuid + ":1", uuid + ":2", uuid + ":3", uuid + ":4", uuid + ":5"}));
  EXPECT_EQ(sink.At(572)->text,
            "CREATE TABLE t(f1 CHAR(128), f2 VARCHAR(300), f3 ENUM('var1', 'variant2', 'foo'), f4 SET('one', 'two', "
            "'three', 'four'), f5 TEXT)");
  EXPECT_EQ(sink.At(572)->extra, "mysql");
  EXPECT_EQ(sink.At(1077)->type, kWriteV2);
  EXPECT_EQ(sink.At(1855)->type, kUpdateV2);
  EXPECT_EQ(sink.At(2945)->type, kDeleteV2);
  EXPECT_EQ(sink.At(1077)->extra, "124");

  RecordingSink rows = Replay("mysql/mysql-enum-string-set.000001", true);
  EXPECT_EQ(rows.all.inserts, 1u);
  EXPECT_EQ(rows.all.updates, 1u);
  EXPECT_EQ(rows.all.deletes, 1u);
  EXPECT_EQ(rows.row_gtids, (std::vector<std::string>{uuid + ":3", uuid + ":4", uuid + ":5"}));
}

TEST(FixturesTest, TypeBit) {
  RecordingSink sink = Replay("mysql/mysql_type_bit.000001", false);
  EXPECT_EQ(sink.Top().size(), 11u);
  EXPECT_EQ(sink.At(4)->extra, "8.0.26");
  std::vector<std::string> gtids;
  for (const Seen& seen : sink.events) {
    if (seen.type == kGtid) gtids.push_back(seen.extra);
  }
  const std::string uuid = "fbda2ad0-7c46-11ec-ae30-4ef7efc81a2a";
  EXPECT_EQ(gtids, (std::vector<std::string>{uuid + ":1", uuid + ":2", uuid + ":3"}));
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_NE(std::find(queries.begin(), queries.end(), "CREATE TABLE foo(a BIT(3), b TEXT, c BIT(8))"), queries.end());
  EXPECT_EQ(sink.At(927)->type, kWriteV2);
  EXPECT_EQ(sink.At(927)->text, "mysql.foo");

  RecordingSink rows = Replay("mysql/mysql_type_bit.000001", true);
  EXPECT_EQ(rows.all.inserts, 1u);
  EXPECT_EQ(rows.all.total(), 1u);
}

TEST(FixturesTest, InvisibleColumns) {
  RecordingSink sink = Replay("mysql/binlog-invisible-columns.000001", false);
  std::vector<Seen> top = sink.Top();
  ASSERT_EQ(top.size(), 22u);
  EXPECT_EQ(top.back().type, kStop);
  EXPECT_EQ(top.back().offset, 1787u);
  EXPECT_EQ(sink.At(4)->extra, "8.0.26");
  std::vector<std::string> gtids;
  for (const Seen& seen : sink.events) {
    if (seen.type == kGtid) gtids.push_back(seen.extra);
  }
  ASSERT_EQ(gtids.size(), 5u);
  EXPECT_EQ(gtids.front(), "97c7af02-4c50-11ec-acd8-681842034964:1");
  EXPECT_EQ(gtids.back(), "97c7af02-4c50-11ec-acd8-681842034964:5");
  EXPECT_EQ(sink.At(1027)->type, kWriteV2);
  EXPECT_EQ(sink.At(1360)->type, kWriteV2);
  EXPECT_EQ(sink.At(1687)->type, kUpdateV2);
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_NE(std::find(queries.begin(), queries.end(),
                      "CREATE TABLE t1 (f1 INT UNSIGNED INVISIBLE, f2 INT UNSIGNED INVISIBLE, f3 INT , f4 TEXT, f5 BLOB, "
                      "f6 BIGINT UNSIGNED INVISIBLE)"),
            queries.end());

  RecordingSink rows = Replay("mysql/binlog-invisible-columns.000001", true);
  EXPECT_EQ(rows.all.inserts, 2u);
  EXPECT_EQ(rows.all.updates, 1u);
  EXPECT_EQ(rows.all.total(), 3u);
}

TEST(FixturesTest, TimeIssueAndMinimalRowMetadata) {
  struct Case {
    std::string file;
    uint64_t rows_offset;
    uint64_t xid;
    std::string rotate;
    uint64_t table_id;
    std::string table;
  };
  for (const Case& c : {Case{"mysql/time_issue.000001", 358, 97694, "binlog.000005", 1580, "noria.t"},
                        Case{"mysql/minimal_row_metadata.000001", 374, 1460, "binlog.000021", 111, "noria.t1"}}) {
    SCOPED_TRACE(c.file);
    RecordingSink sink = Replay(c.file, false);
    std::vector<Seen> top = sink.Top();
    EXPECT_EQ(Types(top), (std::vector<uint8_t>{kFde, kPrevious, kAnonymous, kQuery, kTableMap, kWriteV2, kXid, kRotate}));
    ASSERT_EQ(top.size(), 8u);
    EXPECT_EQ(top[0].extra, "8.0.40");
    EXPECT_EQ(top[3].text, "BEGIN");
    EXPECT_EQ(top[3].extra, "noria");
    EXPECT_EQ(top[4].text, c.table);
    EXPECT_EQ(top[4].number, c.table_id);
    EXPECT_EQ(top[5].offset, c.rows_offset);
    EXPECT_EQ(top[6].number, c.xid);
    EXPECT_EQ(top[7].text, c.rotate);

    RecordingSink rows = Replay(c.file, true);
    EXPECT_EQ(rows.all.inserts, 1u);
    EXPECT_EQ(rows.all.total(), 1u);
  }
}

TEST(FixturesTest, TaggedGtid) {
  RecordingSink sink = Replay("mysql/binlog_transaction_with_GTID_TAG.000001", false);
  std::vector<Seen> top = sink.Top();
  EXPECT_EQ(Types(top), (std::vector<uint8_t>{kFde, kPrevious, kTagged, kQuery, kTableMap, kWriteV2, kXid, kRotate}));
  ASSERT_EQ(top.size(), 8u);
  EXPECT_EQ(top[0].extra, "9.6.0");
  EXPECT_EQ(top[1].offset, 127u);
  EXPECT_EQ(top[1].size, 118u);
  EXPECT_EQ(top[1].extra, "55778904-0299-11f1-b1b8-4ef0c4956feb:1-13:mytag:1-2");
  EXPECT_EQ(top[2].offset, 245u);
  EXPECT_EQ(top[2].size, 83u);
  EXPECT_EQ(top[2].extra, "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
  EXPECT_EQ(top[3].text, "BEGIN");
  EXPECT_EQ(top[3].extra, "test");
  EXPECT_EQ(top[4].text, "test.orders");
  EXPECT_EQ(top[4].number, 90u);
  EXPECT_EQ(top[5].offset, 461u);
  EXPECT_EQ(top[5].number, 0x0011u);  // rows flags
  EXPECT_EQ(top[6].number, 40u);
  EXPECT_EQ(top[7].offset, 541u);
  EXPECT_EQ(top[7].text, "binlog.000005");

  RecordingSink rows = Replay("mysql/binlog_transaction_with_GTID_TAG.000001", true);
  EXPECT_EQ(rows.all.inserts, 1u);
  EXPECT_EQ(rows.row_gtids, (std::vector<std::string>{"55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3"}));
}

TEST(FixturesTest, UntaggedPreviousGtids) {
  RecordingSink sink = Replay("mysql/binlog_transaction_previous_GTID_no_tag.000001", false);
  EXPECT_EQ(Sequence(sink.Top()),
            (std::vector<std::pair<uint64_t, uint8_t>>{{4, kFde}, {126, kPrevious}, {197, kRotate}}));
  EXPECT_EQ(sink.At(4)->extra, "8.0.40");
  EXPECT_EQ(sink.At(126)->size, 71u);
  EXPECT_EQ(sink.At(126)->extra, "b9b88c66-0755-11f1-9899-4a9da94c4d71:1-2");
  EXPECT_EQ(sink.At(197)->text, "binlog.000008");
}

TEST(FixturesTest, Vector) {
  RecordingSink sink = Replay("mysql/vector.binlog", false);
  std::vector<Seen> top = sink.Top();
  ASSERT_EQ(top.size(), 38u);
  EXPECT_EQ(top.back().type, kStop);
  EXPECT_EQ(top.back().offset, 3443u);
  EXPECT_EQ(top[0].extra, "9.0.1");
  std::map<std::string, std::vector<uint64_t>> table_ids;
  for (const Seen& seen : top) {
    if (seen.type == kTableMap) table_ids[seen.text].push_back(seen.number);
  }
  EXPECT_EQ(table_ids["dtb.foo"], (std::vector<uint64_t>{85, 91}));
  // First run 87; second run 92 for its insert, then again before the last DELETE and WRITE.
  EXPECT_EQ(table_ids["dtb.bar"], (std::vector<uint64_t>{87, 92, 92, 92}));
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_NE(std::find(queries.begin(), queries.end(), "CREATE DATABASE dtb CHARSET utf8mb4"), queries.end());
  EXPECT_NE(std::find(queries.begin(), queries.end(), "CREATE TABLE foo(id SERIAL, vector_column VECTOR(3) NOT NULL)"),
            queries.end());
  for (uint64_t offset : {1085, 2537, 1279, 2731, 3336}) EXPECT_EQ(sink.At(offset)->type, kWriteV2) << offset;
  EXPECT_EQ(sink.At(3146)->type, kDeleteV2);

  RecordingSink rows = Replay("mysql/vector.binlog", true);
  EXPECT_EQ(rows.all.inserts, 9u);
  EXPECT_EQ(rows.all.deletes, 1u);
  EXPECT_EQ(rows.all.total(), 10u);
}

TEST(FixturesTest, MariaDb) {
  RecordingSink sink = Replay("mariadb/mariadb-bin.000001", false);
  EXPECT_EQ(Sequence(sink.Top()),
            (std::vector<std::pair<uint64_t, uint8_t>>{
                {4, kFde}, {256, kGtidList}, {285, kCheckpoint}, {330, kMariaGtid}, {372, kAnnotate},
                {476, kTableMap}, {612, kWriteV1}, {671, kXid}, {702, kMariaGtid}, {744, kAnnotate},
                {848, kTableMap}, {984, kWriteV1}, {1043, kXid}}));
  const Seen* fde = sink.At(4);
  EXPECT_EQ(fde->extra, "10.5.15-MariaDB-1:10.5.15+maria~focal-log");
  EXPECT_EQ(fde->number, static_cast<uint64_t>(ChecksumAlgorithm::kCrc32));
  EXPECT_EQ(fde->flags & kEventFlagBinlogInUse, kEventFlagBinlogInUse);
  EXPECT_EQ(sink.At(256)->number, 0u);  // empty GTID list
  EXPECT_EQ(sink.At(285)->text, "mariadb-bin.000001");
  EXPECT_EQ(sink.At(330)->extra, "0-1-1");
  EXPECT_EQ(sink.At(330)->number, 0x0cu);
  EXPECT_EQ(sink.At(702)->extra, "0-1-2");
  const std::string annotate = "insert into outbox (topic, event_type, event) values ('foo', 'JSON', '{\"foo\":1}')";
  EXPECT_EQ(sink.At(372)->text, annotate);
  EXPECT_EQ(sink.At(744)->text, annotate);
  EXPECT_EQ(sink.At(476)->text, "toddy_test.outbox");
  EXPECT_EQ(sink.At(476)->number, 38u);
  EXPECT_EQ(sink.At(476)->extra, "5");
  EXPECT_EQ(sink.At(671)->number, 800u);
  EXPECT_EQ(sink.At(1043)->number, 820u);

  RecordingSink rows = Replay("mariadb/mariadb-bin.000001", true);
  EXPECT_EQ(rows.all.inserts, 2u);
  EXPECT_EQ(rows.all.total(), 2u);
  EXPECT_EQ(rows.row_gtids, (std::vector<std::string>{"0-1-1", "0-1-2"}));
}

// ---------------------------------------------------------------------------------------------
// Sakila: read through a gunzip pipe (the stored file is gzip-compressed).
RecordingSink ReplaySakila(bool decode_rows, Status* status) {
  RecordingSink sink(decode_rows);
  Decoder decoder;
  std::string command = "gzip -dc '" + kDir + "mysql/mysql-bin.sakila.gz'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) {
    *status = Status::IOError("popen", command);
    return sink;
  }
  *status = ReadBinlogStream(::fileno(pipe), "mysql-bin.sakila (gunzipped)", "mysql-bin.sakila", &decoder, &sink);
  int exit_code = ::pclose(pipe);
  if (status->ok() && exit_code != 0) *status = Status::IOError("gzip -dc", std::to_string(exit_code));
  return sink;
}

TEST(FixturesTest, SakilaEvents) {
  Status status;
  RecordingSink sink = ReplaySakila(false, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  std::vector<Seen> top = sink.Top();
  EXPECT_EQ(top.size(), 1462u);
  EXPECT_EQ(sink.TopCounts(),
            (std::map<uint8_t, int>{{kFde, 1}, {kQuery, 54}, {kTableMap, 18}, {kWriteV1, 1374}, {kXid, 15}}));
  EXPECT_EQ(top[0].extra, "5.5.27-log");
  EXPECT_EQ(top[0].number, static_cast<uint64_t>(ChecksumAlgorithm::kOff));
  EXPECT_EQ(top[0].server_id, 101u);
  EXPECT_EQ(top[1].server_id, 1u);
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "BEGIN"), 16);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "COMMIT"), 1);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "DROP SCHEMA IF EXISTS sakila"), 1);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "CREATE SCHEMA sakila"), 1);
  int flags_6 = 0, flags_7 = 0;
  for (const Seen& seen : top) {
    if (seen.type != kWriteV1) continue;
    if (seen.number == 0x0006) ++flags_6;
    if (seen.number == 0x0007) ++flags_7;
  }
  EXPECT_EQ(flags_6, 1356);
  EXPECT_EQ(flags_7, 18);
}

TEST(FixturesTest, SakilaRows) {
  Status status;
  RecordingSink sink = ReplaySakila(true, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(sink.all.inserts, 47273u);
  EXPECT_EQ(sink.all.total(), 47273u);
  const std::map<std::string, uint64_t> expected = {
      {"actor", 200},        {"address", 603},     {"category", 16},  {"city", 600},          {"country", 109},
      {"customer", 599},     {"film", 1000},       {"film_actor", 5462}, {"film_category", 1000}, {"film_text", 1000},
      {"inventory", 4581},   {"language", 6},      {"payment", 16049}, {"rental", 16044},      {"staff", 2},
      {"store", 2}};
  std::map<std::string, uint64_t> actual;
  for (const auto& [table, counts] : sink.per_table) actual[table.substr(table.find('.') + 1)] = counts.inserts;
  EXPECT_EQ(actual, expected);
}

TEST(FixturesTest, GzipBytesFailTheMagicCheck) {
  RecordingSink sink(false);
  Decoder decoder;
  Status status = ReadBinlogFile(kDir + "mysql/mysql-bin.sakila.gz", &decoder, &sink);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("Not a valid binary log"), std::string::npos) << status.ToString();
  EXPECT_TRUE(sink.events.empty());
}

// ---------------------------------------------------------------------------------------------
TEST(FixturesTest, ChecksumCrc32) {
  RecordingSink sink = Replay("mysql/mysql-bin.checksum-crc32", false);
  EXPECT_EQ(sink.Top().size(), 303u);
  EXPECT_EQ(sink.TopCounts(), (std::map<uint8_t, int>{{kFde, 1}, {kPrevious, 1}, {kAnonymous, 60}, {kQuery, 60},
                                                      {kTableMap, 60}, {kWriteV2, 34}, {kUpdateV2, 20}, {kDeleteV2, 6},
                                                      {kXid, 60}, {kRotate, 1}}));
  EXPECT_EQ(sink.At(4)->extra, "5.7.21-log");
  EXPECT_EQ(sink.At(4)->number, static_cast<uint64_t>(ChecksumAlgorithm::kCrc32));
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "BEGIN"), 60);
  EXPECT_EQ(sink.At(27937)->type, kRotate);
  EXPECT_EQ(sink.At(27937)->text, "mysql-bin.000002");

  RecordingSink rows = Replay("mysql/mysql-bin.checksum-crc32", true);
  EXPECT_EQ(rows.all.inserts, 34u);
  EXPECT_EQ(rows.all.updates, 23u);
  EXPECT_EQ(rows.all.deletes, 6u);
  std::set<std::string> schemas;
  for (const auto& [table, counts] : rows.per_table) schemas.insert(table.substr(0, table.find('.')));
  EXPECT_EQ(rows.per_table.size(), 17u);
  EXPECT_EQ(schemas, (std::set<std::string>{"auth", "menkor_dev", "simu_affair_dev", "simu_file_dev"}));
}

TEST(FixturesTest, ChecksumNone) {
  RecordingSink sink = Replay("mysql/mysql-bin.checksum-none", false);
  std::vector<Seen> top = sink.Top();
  EXPECT_EQ(top.size(), 191u);
  EXPECT_EQ(sink.TopCounts(), (std::map<uint8_t, int>{{kFde, 1}, {kPrevious, 1}, {kAnonymous, 40}, {kQuery, 40},
                                                      {kTableMap, 36}, {kWriteV2, 34}, {kUpdateV2, 2}, {kXid, 36},
                                                      {kStop, 1}}));
  EXPECT_EQ(sink.At(4)->extra, "5.7.20-log");
  EXPECT_EQ(sink.At(4)->number, static_cast<uint64_t>(ChecksumAlgorithm::kOff));
  EXPECT_EQ(top.back().type, kStop);
  EXPECT_EQ(top.back().offset, 37624u);
  std::vector<std::string> queries = sink.Texts(kQuery);
  EXPECT_EQ(std::count(queries.begin(), queries.end(), "BEGIN"), 36);
  EXPECT_EQ(std::count_if(queries.begin(), queries.end(),
                          [](const std::string& q) { return q.rfind("CREATE DATABASE IF NOT EXISTS account_db", 0) == 0; }),
            1);
  EXPECT_EQ(std::count_if(queries.begin(), queries.end(),
                          [](const std::string& q) { return q.rfind("create table", 0) == 0; }),
            3);

  RecordingSink rows = Replay("mysql/mysql-bin.checksum-none", true);
  EXPECT_EQ(rows.all.inserts, 34u);
  EXPECT_EQ(rows.all.updates, 2u);
  EXPECT_EQ(rows.all.deletes, 0u);
  EXPECT_EQ(rows.per_table["account_db.account"].inserts, 2u);
  EXPECT_EQ(rows.per_table["account_db.account"].updates, 2u);
  EXPECT_EQ(rows.per_table["account_db.message"].inserts, 7u);
  EXPECT_EQ(rows.per_table["account_db.refresh_token"].inserts, 24u);
  EXPECT_EQ(rows.per_table["meeteam_file_storage.meeteam_fs_storage"].inserts, 1u);
}

TEST(FixturesTest, AuroraPaddingIsIgnorable) {
  RecordingSink sink = Replay("mysql/mysql-bin.aurora-padding", false);
  std::vector<Seen> top = sink.Top();
  EXPECT_EQ(Sequence(top), (std::vector<std::pair<uint64_t, uint8_t>>{
                               {4, kFde}, {185, kPrevious}, {216, kAnonymous}, {281, 100}, {1209, kQuery}}));
  ASSERT_EQ(top.size(), 5u);
  std::vector<uint32_t> ends;
  for (const Seen& seen : top) ends.push_back(seen.log_pos);
  EXPECT_EQ(ends, (std::vector<uint32_t>{185, 216, 281, 1209, 1294}));
  EXPECT_EQ(top[0].extra, "5.7.12-log");
  EXPECT_EQ(top[0].server_id, 173935376u);
  EXPECT_EQ(top[0].number, static_cast<uint64_t>(ChecksumAlgorithm::kCrc32));
  EXPECT_EQ(top[3].size, 928u);
  EXPECT_EQ(top[3].flags, kEventFlagIgnorable);
  EXPECT_EQ(top[3].number, 1u);  // kept raw as an ignorable UnknownEvent
  EXPECT_EQ(top[4].text, "BEGIN");
  EXPECT_EQ(top[4].extra, "db_netpay");
}

TEST(FixturesTest, PerconaGtidsAndDecimalTable) {
  RecordingSink sink = Replay("mysql/bin-log.000001", false);
  EXPECT_EQ(sink.Top().size(), 14u);
  EXPECT_EQ(sink.At(4)->extra, "5.7.24-27-log");
  EXPECT_EQ(sink.At(4)->server_id, 36431u);
  const std::string uuid = "87cee3a4-6b31-11e7-bdfd-0d98d6698870";
  std::vector<std::string> gtids, previous;
  for (const Seen& seen : sink.events) {
    if (seen.type == kGtid) gtids.push_back(seen.extra);
    if (seen.type == kPrevious) previous.push_back(seen.extra);
  }
  EXPECT_EQ(previous, (std::vector<std::string>{uuid + ":1-14916"}));
  EXPECT_EQ(gtids, (std::vector<std::string>{uuid + ":14917", uuid + ":14918", uuid + ":14919"}));
  std::vector<std::string> queries = sink.Texts(kQuery);
  const std::string create =
      "CREATE TABLE foo(id BIGINT AUTO_INCREMENT PRIMARY KEY, val_decimal DECIMAL(10, 5) NOT NULL, comment "
      "VARCHAR(255) NOT NULL)";
  EXPECT_NE(std::find(queries.begin(), queries.end(), create), queries.end());
  EXPECT_EQ(sink.At(652)->type, kWriteV2);
  EXPECT_EQ(sink.At(652)->timestamp, 1550192291u);
  EXPECT_EQ(sink.At(652)->text, "bltest.foo");
  EXPECT_EQ(sink.At(652)->extra, "203");
  EXPECT_EQ(sink.At(942)->timestamp, 1550192300u);

  RecordingSink rows = Replay("mysql/bin-log.000001", true);
  EXPECT_EQ(rows.all.inserts, 2u);
  EXPECT_EQ(rows.row_gtids, (std::vector<std::string>{uuid + ":14918", uuid + ":14919"}));
  EXPECT_EQ(rows.row_offsets, (std::vector<uint64_t>{652, 942}));
}

TEST(FixturesTest, Mysql57Gtids) {
  RecordingSink sink = Replay("mysql/mysql-bin.000080", false);
  EXPECT_EQ(sink.Top().size(), 37u);
  EXPECT_EQ(sink.TopCounts(), (std::map<uint8_t, int>{{kFde, 1}, {kPrevious, 1}, {kGtid, 10}, {kQuery, 10},
                                                      {kTableMap, 5}, {kDeleteV2, 2}, {kWriteV2, 3}, {kXid, 5}}));
  EXPECT_EQ(sink.At(4)->extra, "5.7.40-log");
  const std::string uuid = "58cf6502-63db-11ed-8079-0242ac110002";
  std::vector<std::string> gtids;
  for (const Seen& seen : sink.events) {
    if (seen.type == kPrevious) {
      EXPECT_EQ(seen.extra, uuid + ":1-52");
    }
    if (seen.type == kGtid) gtids.push_back(seen.extra);
  }
  ASSERT_EQ(gtids.size(), 10u);
  for (size_t gtid_idx = 0; gtid_idx < gtids.size(); ++gtid_idx) {
    EXPECT_EQ(gtids[gtid_idx], uuid + ":" + std::to_string(53 + gtid_idx));
  }
  std::vector<std::string> queries = sink.Texts(kQuery);
  for (const std::string& ddl :
       {std::string("create table aaa(id int, value int)"), std::string("create table bbba(id int, value int)"),
        std::string("DROP TABLE `bbba` /* generated by server */"),
        std::string("DROP TABLE `aaa` /* generated by server */")}) {
    EXPECT_NE(std::find(queries.begin(), queries.end(), ddl), queries.end()) << ddl;
  }
  EXPECT_EQ(sink.At(369)->type, kDeleteV2);
  EXPECT_EQ(sink.At(620)->type, kDeleteV2);
  for (uint64_t offset : {871, 1117, 2381}) EXPECT_EQ(sink.At(offset)->type, kWriteV2);
  EXPECT_EQ(sink.At(2381)->text, "a.emoji");

  RecordingSink rows = Replay("mysql/mysql-bin.000080", true);
  EXPECT_EQ(rows.all.inserts, 3u);
  EXPECT_EQ(rows.all.deletes, 4u);
  EXPECT_EQ(rows.row_offsets, (std::vector<uint64_t>{369, 369, 620, 620, 871, 1117, 2381}));
}

// Every binlog in the directory decodes completely (catches a file added without a test above).
TEST(FixturesTest, EveryFileDecodes) {
  for (const char* file :
       {"mysql/mysql-bin.compressed", "mysql/transaction_compression.000001", "mysql/mysql-bin.000057",
        "mysql/json.binlog.000001", "mysql/json-opaque.binlog", "mysql/mysql-enum-string-set.000001",
        "mysql/mysql_type_bit.000001", "mysql/binlog-invisible-columns.000001", "mysql/time_issue.000001",
        "mysql/minimal_row_metadata.000001", "mysql/binlog_transaction_with_GTID_TAG.000001",
        "mysql/binlog_transaction_previous_GTID_no_tag.000001", "mysql/vector.binlog", "mariadb/mariadb-bin.000001",
        "mysql/mysql-bin.checksum-crc32", "mysql/mysql-bin.checksum-none", "mysql/mysql-bin.aurora-padding",
        "mysql/bin-log.000001", "mysql/mysql-bin.000080"}) {
    RecordingSink sink = Replay(file, true);
    EXPECT_FALSE(sink.events.empty()) << file;
  }
}

}  // namespace
}  // namespace cdc::binlog
