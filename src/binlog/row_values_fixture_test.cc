// Decodes the recorded binlogs in LAKEFEED_TESTDATA_DIR/binlog with DecodeTableMap,
// MakeTableSchema, DecodeRowsHeader and RowDecoder, and checks the values that
// ../shared/testdata/binlog/EXPECTED.md lists for each file.
//
// The files are walked here by event_size (magic, FDE, then header/body/checksum), so this test
// depends only on the row decoding code and the FDE decoder. Files whose rows sit inside
// TRANSACTION_PAYLOAD events are covered by the stream decoder's tests.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "binlog/event_header.h"
#include "binlog/format_description.h"
#include "binlog/row_decoder.h"
#include "binlog/rows_event.h"
#include "binlog/table_map.h"
#include "model/change_batch.h"
#include "model/value.h"
#include "model/value_text.h"

namespace cdc::binlog {
namespace {

using model::CellState;
using model::ChangeOp;
using model::ValueKind;

const std::string kBinlogDir = std::string(LAKEFEED_TESTDATA_DIR) + "/binlog/";

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

// A plain text form of one cell, independent of model::AppendValueText: integers in decimal,
// temporals from their packed fields, DECIMAL/strings/JSON as stored, raw bytes as hex.
std::string CellText(const model::ColumnSchema& schema, const model::ColumnVector& column, size_t i) {
  if (column.state(i) == CellState::kNull) return "NULL";
  if (column.state(i) == CellState::kAbsent) return "<absent>";
  uint64_t slot = column.slot(i);
  char buf[64];
  switch (schema.kind) {
    case ValueKind::kInt64: return std::to_string(static_cast<int64_t>(slot));
    case ValueKind::kUInt64:
    case ValueKind::kYear:
    case ValueKind::kBit:
    case ValueKind::kEnum:
    case ValueKind::kSet:
    case ValueKind::kInet4:
    case ValueKind::kFloat:
    case ValueKind::kDouble: return std::to_string(slot);
    case ValueKind::kDate: {
      auto d = model::PackedDate::Unpack(slot);
      snprintf(buf, sizeof(buf), "%04u-%02u-%02u", d.year, d.month, d.day);
      return buf;
    }
    case ValueKind::kTime: {
      auto t = model::PackedTime::Unpack(slot);
      snprintf(buf, sizeof(buf), "%s%02u:%02u:%02u.%06u", t.negative ? "-" : "", t.hours, t.minutes, t.seconds,
               t.micros);
      return buf;
    }
    case ValueKind::kDateTime: {
      auto t = model::PackedDateTime::Unpack(slot);
      snprintf(buf, sizeof(buf), "%04u-%02u-%02u %02u:%02u:%02u.%06u", t.date.year, t.date.month, t.date.day, t.hour,
               t.minute, t.second, t.micros);
      return buf;
    }
    case ValueKind::kTimestamp: {
      auto t = model::PackedTimestamp::Unpack(slot);
      snprintf(buf, sizeof(buf), "%u.%06u", t.seconds, t.micros);
      return buf;
    }
    case ValueKind::kDecimal:
    case ValueKind::kString:
    case ValueKind::kJson:
    case ValueKind::kBinary: return std::string(column.bytes(i));
    case ValueKind::kGeometry:
    case ValueKind::kUuid:
    case ValueKind::kInet6:
    case ValueKind::kVector: return Hex(column.bytes(i));
  }
  return "?";
}

struct RowRecord {
  std::string table;
  uint64_t offset = 0;  // of the rows event
  ChangeOp op = ChangeOp::kInsert;
  std::vector<std::string> before, after;  // empty when the change has no such image
  std::vector<std::string> before_text, after_text;  // model::AppendValueText of each cell
};

std::string ValueText(const model::ColumnSchema& schema, const model::ColumnVector& column, size_t i) {
  if (column.state(i) == CellState::kNull) return "NULL";
  if (column.state(i) == CellState::kAbsent) return "<absent>";
  std::string out;
  model::AppendValueText(schema, column, i, &out);
  return out;
}

struct TableState {
  std::string body;  // the TABLE_MAP body: an identical one keeps the prepared decoder (and its cache)
  TableMapEvent map;
  model::TableSchemaPtr schema;
  std::unique_ptr<RowDecoder> decoder;
};

struct Replay {
  std::vector<RowRecord> rows;
  std::vector<TableMapEvent> maps;  // every TABLE_MAP in file order
  std::vector<std::string> errors;  // "offset: status"
  size_t events = 0;
  size_t rows_events = 0;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string ReadGzip(const std::string& path) {
  std::string out;
  FILE* pipe = popen(("gzip -dc '" + path + "'").c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

Replay ReplayBytes(const std::string& file) {
  Replay replay;
  ByteView all = AsBytes(file);
  if (all.size() < 4) {
    replay.errors.push_back("file too short");
    return replay;
  }
  FormatDescription format = DefaultFormatDescription(ChecksumAlgorithm::kOff);
  std::map<uint64_t, TableState> tables;
  size_t offset = 4;
  while (offset + kEventHeaderSize <= all.size()) {
    ByteReader header_in(all.subspan(offset));
    Result<EventHeader> header = DecodeEventHeader(header_in);
    if (!header.ok() || offset + header->event_size > all.size()) {
      replay.errors.push_back(std::to_string(offset) + ": bad event header");
      break;
    }
    ++replay.events;
    ByteView raw = all.subspan(offset, header->event_size);
    auto fail = [&](const Status& status) {
      replay.errors.push_back(std::to_string(offset) + ": " + status.ToString());
    };
    if (header->type() == EventType::kFormatDescription) {
      Result<FormatDescription> fde = DecodeFormatDescription(raw);
      if (!fde.ok()) {
        fail(fde.status());
        break;
      }
      format = *fde;
    } else {
      size_t checksum = format.checksum == ChecksumAlgorithm::kCrc32 ? kChecksumSize : 0;
      ByteView body = raw.subspan(kEventHeaderSize, raw.size() - kEventHeaderSize - checksum);
      if (header->type() == EventType::kTableMap) {
        Result<TableMapEvent> map = DecodeTableMap(body, format);
        if (!map.ok()) {
          fail(map.status());
        } else {
          Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
          if (!schema.ok()) {
            fail(schema.status());
          } else {
            replay.maps.push_back(*map);
            TableState& state = tables[map->table_id];
            if (state.decoder == nullptr || state.body != AsStringView(body)) {
              state.body.assign(AsStringView(body));
              state.map = *map;
              state.schema = *schema;
              state.decoder = std::make_unique<RowDecoder>(*schema);
            }
          }
        }
      } else if (IsRowsEventType(header->type())) {
        ++replay.rows_events;
        ByteReader body_in(body);
        Result<RowsEventHeader> rows = DecodeRowsHeader(body_in, header->type(), format);
        auto table = rows.ok() ? tables.find(rows->table_id) : tables.end();
        if (!rows.ok()) {
          fail(rows.status());
        } else if (table == tables.end()) {
          fail(Status::Corruption("rows event for an unmapped table"));
        } else {
          TableState& state = table->second;
          model::ChangeBatch batch(state.schema);
          model::ChangeOrigin origin;
          origin.position.offset = offset;
          Status status = state.decoder->Decode(*rows, body_in.rest(), origin, &batch);
          if (!status.ok()) fail(status);
          for (const model::RowChange& change : batch.changes()) {
            RowRecord record;
            record.table = state.schema->schema_name + "." + state.schema->table_name;
            record.offset = offset;
            record.op = change.op;
            for (uint32_t image : {change.before, change.after}) {
              if (image == model::RowChange::kNoImage) continue;
              std::vector<std::string>& cells = image == change.before ? record.before : record.after;
              std::vector<std::string>& texts = image == change.before ? record.before_text : record.after_text;
              for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
                cells.push_back(CellText(state.schema->columns[column_idx], batch.column(column_idx), image));
                texts.push_back(ValueText(state.schema->columns[column_idx], batch.column(column_idx), image));
              }
            }
            replay.rows.push_back(std::move(record));
          }
        }
      }
    }
    offset += header->event_size;
  }
  return replay;
}

Replay ReplayFile(const std::string& name) { return ReplayBytes(ReadFile(kBinlogDir + name)); }

std::vector<RowRecord> RowsOf(const Replay& replay, const std::string& table) {
  std::vector<RowRecord> out;
  for (const RowRecord& row : replay.rows) {
    if (row.table == table) out.push_back(row);
  }
  return out;
}

const TableMapEvent* MapOf(const Replay& replay, const std::string& table) {
  for (const TableMapEvent& map : replay.maps) {
    if (map.schema_name + "." + map.table_name == table) return &map;
  }
  return nullptr;
}

model::TableSchemaPtr SchemaOf(const Replay& replay, const std::string& table) {
  const TableMapEvent* map = MapOf(replay, table);
  if (map == nullptr) return nullptr;
  Result<model::TableSchemaPtr> schema = MakeTableSchema(*map);
  return schema.ok() ? *schema : nullptr;
}

using Cells = std::vector<std::string>;

TEST(RowValuesFixtureTest, EnumStringSet) {
  Replay replay = ReplayFile("mysql/mysql-enum-string-set.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::string s100, s298;
  for (int i = 0; i < 10; ++i) s100 += "0123456789";
  std::string part;
  for (int i = 0; i < 12; ++i) part += "0123456789";
  part += "012345678";
  s298 = part + part + "0123456789012345678901234567890123456789";
  ASSERT_EQ(s298.size(), 298u);

  std::vector<RowRecord> rows = RowsOf(replay, "mysql.t");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].op, ChangeOp::kInsert);
  EXPECT_TRUE(rows[0].before.empty());
  EXPECT_EQ(rows[0].after, (Cells{s100, s298, "1", "5", "0123456789"}));  // var1; one,three
  EXPECT_EQ(rows[1].op, ChangeOp::kUpdate);
  EXPECT_EQ(rows[1].before, rows[0].after);
  EXPECT_EQ(rows[1].after, (Cells{"field1", "field_2", "2", "10", s298}));  // variant2; two,four
  EXPECT_EQ(rows[2].op, ChangeOp::kDelete);
  EXPECT_TRUE(rows[2].after.empty());
  EXPECT_EQ(rows[2].before, rows[1].after);

  model::TableSchemaPtr schema = SchemaOf(replay, "mysql.t");
  ASSERT_NE(schema, nullptr);
  ASSERT_EQ(schema->columns.size(), 5u);
  EXPECT_EQ(schema->columns[0].name, "f1");
  EXPECT_EQ(schema->columns[0].type, model::FieldType::kString);
  EXPECT_EQ(StringMaxLength(schema->columns[0].meta), 512u);  // 0xde00: length bits folded into the type
  EXPECT_EQ(schema->columns[0].collation, 255);
  EXPECT_EQ(schema->columns[1].meta, 1200);
  EXPECT_EQ(schema->columns[2].type, model::FieldType::kEnum);
  EXPECT_EQ(schema->columns[2].kind, ValueKind::kEnum);
  EXPECT_EQ(schema->columns[2].labels, (std::vector<std::string>{"var1", "variant2", "foo"}));
  EXPECT_EQ(schema->columns[2].collation, 255);  // ENUM_AND_SET_DEFAULT_CHARSET
  EXPECT_EQ(schema->columns[3].type, model::FieldType::kSet);
  EXPECT_EQ(schema->columns[3].labels, (std::vector<std::string>{"one", "two", "three", "four"}));
  EXPECT_EQ(schema->columns[4].kind, ValueKind::kString);
  for (const auto& column : schema->columns) EXPECT_TRUE(column.visible);
}

TEST(RowValuesFixtureTest, Bit) {
  Replay replay = ReplayFile("mysql/mysql_type_bit.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "mysql.foo");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].after, (Cells{"4", "foo", "32"}));  // b'100', 'foo', b'00100000'
  model::TableSchemaPtr schema = SchemaOf(replay, "mysql.foo");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->columns[0].meta, 3);    // 3 bits, 0 whole bytes
  EXPECT_EQ(schema->columns[2].meta, 256);  // 0 bits, 1 whole byte
  EXPECT_EQ(schema->columns[0].kind, ValueKind::kBit);
}

TEST(RowValuesFixtureTest, InvisibleColumns) {
  Replay replay = ReplayFile("mysql/binlog-invisible-columns.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "mysql.t1");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].after, (Cells{"1", "2", "-3", "4", "\x05", "6000000000"}));
  EXPECT_EQ(rows[1].after, (Cells{"NULL", "NULL", "-33", "44", "U", "NULL"}));
  EXPECT_EQ(rows[2].before, rows[1].after);
  EXPECT_EQ(rows[2].after, (Cells{"111", "222", "-333", "444", "U", "NULL"}));

  model::TableSchemaPtr schema = SchemaOf(replay, "mysql.t1");
  ASSERT_NE(schema, nullptr);
  std::vector<bool> visible, is_unsigned;
  for (const auto& column : schema->columns) {
    visible.push_back(column.visible);
    is_unsigned.push_back(column.is_unsigned);
  }
  EXPECT_EQ(visible, (std::vector<bool>{false, false, true, true, true, false}));
  EXPECT_EQ(is_unsigned, (std::vector<bool>{true, true, false, false, false, true}));
  EXPECT_EQ(schema->columns[3].collation, 255);
  EXPECT_EQ(schema->columns[3].kind, ValueKind::kString);
  EXPECT_EQ(schema->columns[4].collation, 63);
  EXPECT_EQ(schema->columns[4].kind, ValueKind::kBinary);
  EXPECT_EQ(schema->columns[5].kind, ValueKind::kUInt64);
}

TEST(RowValuesFixtureTest, NegativeTimeBeyond24Hours) {
  Replay replay = ReplayFile("mysql/time_issue.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "noria.t");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].after, (Cells{"-507:48:27.000000"}));
}

TEST(RowValuesFixtureTest, MinimalRowMetadataAndMinimalImage) {
  Replay replay = ReplayFile("mysql/minimal_row_metadata.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "noria.t1");
  ASSERT_EQ(rows.size(), 1u);
  // Columns 2 and 4 are not in the minimal image: absent, not NULL. The 5th column is INT
  // UNSIGNED (SIGNEDNESS), so its bytes read as 3230202323, not -1064764973.
  EXPECT_EQ(rows[0].after, (Cells{"1", "<absent>", "a", "<absent>", "3230202323"}));
  model::TableSchemaPtr schema = SchemaOf(replay, "noria.t1");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->columns[1].collation, 63);
  EXPECT_EQ(schema->columns[2].collation, 255);
  EXPECT_TRUE(schema->columns[4].is_unsigned);
  EXPECT_FALSE(schema->columns[0].is_unsigned);
  EXPECT_TRUE(schema->columns[0].name.empty());  // MINIMAL metadata has no names
}

TEST(RowValuesFixtureTest, PerconaDecimal) {
  Replay replay = ReplayFile("mysql/bin-log.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "bltest.foo");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].after, (Cells{"1", "0.10000", "zero point one"}));
  EXPECT_EQ(rows[1].after, (Cells{"2", "1.00000", "one point zero"}));
  model::TableSchemaPtr schema = SchemaOf(replay, "bltest.foo");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->columns[1].meta, 2565);  // (10 << 8) | 5
  EXPECT_EQ(schema->columns[2].meta, 765);
}

TEST(RowValuesFixtureTest, MariaDbOutbox) {
  Replay replay = ReplayFile("mariadb/mariadb-bin.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "toddy_test.outbox");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].after, (Cells{"62", "foo", "2", "{\"foo\":1}", "1650493084.000000"}));
  EXPECT_EQ(rows[1].after, (Cells{"63", "foo", "2", "{\"foo\":1}", "1650493195.000000"}));

  const TableMapEvent* map = MapOf(replay, "toddy_test.outbox");
  ASSERT_NE(map, nullptr);
  EXPECT_TRUE(map->mariadb);
  EXPECT_EQ(map->table_id, 38u);
  model::TableSchemaPtr schema = SchemaOf(replay, "toddy_test.outbox");
  ASSERT_NE(schema, nullptr);
  std::vector<std::string> names;
  std::vector<uint16_t> collations;
  for (const auto& column : schema->columns) {
    names.push_back(column.name);
    collations.push_back(column.collation);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"id", "topic", "event_type", "event", "created"}));
  EXPECT_EQ(collations, (std::vector<uint16_t>{0, 45, 45, 63, 0}));
  EXPECT_EQ(schema->primary_key, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(schema->columns[0].in_primary_key);
  EXPECT_FALSE(schema->columns[1].in_primary_key);
  EXPECT_EQ(schema->columns[2].labels, (std::vector<std::string>{"BLOB", "JSON", "PROTOBUF"}));
  EXPECT_EQ(schema->columns[2].meta, 63233);  // ENUM(1 byte)
  EXPECT_EQ(schema->columns[1].meta, 1020);
  EXPECT_EQ(schema->columns[3].kind, ValueKind::kBinary);
  EXPECT_EQ(schema->columns[4].kind, ValueKind::kTimestamp);
}

TEST(RowValuesFixtureTest, Vector) {
  Replay replay = ReplayFile("mysql/vector.binlog");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  for (const TableMapEvent& map : replay.maps) {
    if (map.table_name == "foo") {
      EXPECT_EQ(map.optional.vector_dimensions, (std::vector<uint32_t>{3}));
    }
    if (map.table_name == "bar") {
      EXPECT_EQ(map.optional.vector_dimensions, (std::vector<uint32_t>{2, 4}));
    }
  }
  std::vector<RowRecord> foo = RowsOf(replay, "dtb.foo");
  ASSERT_EQ(foo.size(), 4u);
  // [1.1, 2.2, 3.3] and [1.0, -1.0, 0.0] as little-endian binary32.
  EXPECT_EQ(foo[0].after, (Cells{"1", "cdcc8c3fcdcc0c4033335340"}));
  EXPECT_EQ(foo[1].after, (Cells{"2", "0000803f000080bf00000000"}));
  EXPECT_EQ(foo[2].after, foo[0].after);
  std::vector<RowRecord> bar = RowsOf(replay, "dtb.bar");
  ASSERT_EQ(bar.size(), 6u);
  EXPECT_EQ(bar[0].after[2], "NULL");
  EXPECT_EQ(bar[1].after[2], "bar");
  EXPECT_EQ(bar[4].op, ChangeOp::kDelete);
  EXPECT_EQ(bar[4].before[0], "2");
  EXPECT_EQ(bar[5].op, ChangeOp::kInsert);
  EXPECT_EQ(bar[5].after[0], "3");
  model::TableSchemaPtr schema = SchemaOf(replay, "dtb.bar");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->columns[1].kind, ValueKind::kVector);
  EXPECT_EQ(schema->columns[1].vector_dimensions, 2u);
  EXPECT_EQ(schema->columns[3].vector_dimensions, 4u);
  EXPECT_TRUE(schema->columns[0].is_unsigned);
}

TEST(RowValuesFixtureTest, SakilaFirstRowsAndCounts) {
  Replay replay = ReplayBytes(ReadGzip(kBinlogDir + "mysql/mysql-bin.sakila.gz"));
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  EXPECT_EQ(replay.events, 1462u);
  EXPECT_EQ(replay.rows.size(), 47273u);
  std::map<std::string, size_t> per_table;
  for (const RowRecord& row : replay.rows) ++per_table[row.table];
  EXPECT_EQ(per_table["sakila.actor"], 200u);
  EXPECT_EQ(per_table["sakila.payment"], 16049u);
  EXPECT_EQ(per_table["sakila.rental"], 16044u);
  EXPECT_EQ(per_table["sakila.film_actor"], 5462u);

  std::vector<RowRecord> actors = RowsOf(replay, "sakila.actor");
  EXPECT_EQ(actors[0].after, (Cells{"1", "PENELOPE", "GUINESS", "1139974473.000000"}));
  std::vector<RowRecord> films = RowsOf(replay, "sakila.film");
  EXPECT_EQ(films[0].after,
            (Cells{"1", "ACADEMY DINOSAUR",
                   "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies",
                   "2006", "1", "NULL", "6", "0.99", "86", "20.99", "2", "12", "1139976222.000000"}));
  std::vector<RowRecord> customers = RowsOf(replay, "sakila.customer");
  ASSERT_FALSE(customers.empty());
  bool found = false;
  for (const std::string& cell : customers[0].after) found |= cell == "2006-02-14 22:04:36.000000";
  EXPECT_TRUE(found);
}

TEST(RowValuesFixtureTest, OlderServersDecodeEveryRow) {
  struct Case {
    const char* file;
    size_t rows;
  };
  for (const Case& c : {Case{"mysql/mysql-bin.checksum-crc32", 63}, Case{"mysql/mysql-bin.checksum-none", 36},
                        Case{"mysql/mysql-bin.000080", 7}}) {
    Replay replay = ReplayFile(c.file);
    EXPECT_TRUE(replay.errors.empty()) << c.file << ": " << replay.errors.front();
    EXPECT_EQ(replay.rows.size(), c.rows) << c.file;
  }
  Replay replay = ReplayFile("mysql/mysql-bin.000080");
  std::vector<RowRecord> emoji = RowsOf(replay, "a.emoji");
  ASSERT_EQ(emoji.size(), 1u);
  EXPECT_EQ(emoji[0].after, (Cells{"2", ""}));  // an empty string, not NULL
}

// ----- JSON (needs the json helper's AppendJsonText / ApplyJsonDiffs) -----

// The value of "key": ... in a JSON object text as MySQL prints it ({"k": v, ...}), as text.
std::string JsonMember(const std::string& json, const std::string& key) {
  std::string needle = "\"" + key + "\": ";
  size_t at = json.find(needle);
  if (at == std::string::npos) return "<missing>";
  at += needle.size();
  size_t end = at;
  if (json[at] == '"') {
    end = json.find('"', at + 1);
    return json.substr(at + 1, end - at - 1);
  }
  while (end < json.size() && json[end] != ',' && json[end] != '}') ++end;
  return json.substr(at, end - at);
}

TEST(RowValuesFixtureTest, JsonFullAndPartialUpdates) {
  Replay replay = ReplayFile("mysql/json.binlog.000001");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "mysql.t");
  ASSERT_EQ(rows.size(), 18u);  // 6 inserts, 6 updates, 6 partial updates
  EXPECT_EQ(rows[0].after, (Cells{"1", "{\"age\": 24, \"data\": \"xxxxxxxxxx\", \"name\": \"Joe\"}", "Joe", "24"}));
  const std::vector<std::string> ages_after_partial = {"26", "34", "42", "26", "34", "42"};
  for (size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    const RowRecord& row = rows[row_idx];
    SCOPED_TRACE("row " + std::to_string(row_idx));
    // name and age are generated by the server from the document: a cross-check.
    for (const Cells* image : {&row.before, &row.after}) {
      if (image->empty() || (*image)[1] == "<absent>") continue;
      EXPECT_EQ(JsonMember((*image)[1], "name"), (*image)[2]);
      EXPECT_EQ(JsonMember((*image)[1], "age"), (*image)[3]);
    }
    if (row_idx >= 12) {
      // PARTIAL_UPDATE_ROWS: the before image has only the id (minimal image); the after image
      // carries the diff, applied to the cached document of the same id.
      EXPECT_EQ(row.before, (Cells{std::to_string(row_idx - 11), "<absent>", "<absent>", "<absent>"}));
      EXPECT_EQ(row.after[0], "<absent>");
      EXPECT_EQ(row.after[3], ages_after_partial[row_idx - 12]);
      EXPECT_EQ(JsonMember(row.after[1], "age"), row.after[3]);
    }
  }
}

TEST(RowValuesFixtureTest, JsonPartialUpdateWithoutBaseIsNotSupported) {
  // Decode only the PARTIAL_UPDATE_ROWS event (after its TABLE_MAP): the document it patches was
  // never seen, so the decoder must refuse rather than guess.
  std::string file = ReadFile(kBinlogDir + "mysql/json.binlog.000001");
  ByteView all = AsBytes(file);
  FormatDescription format;
  std::unique_ptr<RowDecoder> decoder;
  model::TableSchemaPtr schema;
  bool saw_partial = false;
  for (size_t offset = 4; offset + kEventHeaderSize <= all.size();) {
    ByteReader in(all.subspan(offset));
    EventHeader header = DecodeEventHeader(in).value();
    ByteView raw = all.subspan(offset, header.event_size);
    if (header.type() == EventType::kFormatDescription) format = DecodeFormatDescription(raw).value();
    ByteView body = raw.subspan(kEventHeaderSize, raw.size() - kEventHeaderSize - kChecksumSize);
    if (header.type() == EventType::kTableMap) {
      schema = MakeTableSchema(DecodeTableMap(body, format).value()).value();
      decoder = std::make_unique<RowDecoder>(schema);  // fresh: no cached rows
    }
    if (header.type() == EventType::kPartialUpdateRows) {
      ByteReader body_in(body);
      RowsEventHeader rows = DecodeRowsHeader(body_in, header.type(), format).value();
      EXPECT_TRUE(rows.partial);
      model::ChangeBatch batch(schema);
      Status status = decoder->Decode(rows, body_in.rest(), {}, &batch);
      EXPECT_TRUE(status.IsNotSupported()) << status.ToString();
      EXPECT_NE(status.message().find("binlog_row_value_options"), std::string::npos);
      EXPECT_NE(status.message().find("`mysql`.`t`"), std::string::npos);
      EXPECT_EQ(batch.image_count(), 0u);  // the half-decoded row was rolled back
      saw_partial = true;
    }
    offset += header.event_size;
  }
  EXPECT_TRUE(saw_partial);
}

TEST(RowValuesFixtureTest, JsonOpaqueValues) {
  Replay replay = ReplayFile("mysql/json-opaque.binlog");
  ASSERT_TRUE(replay.errors.empty()) << replay.errors.front();
  std::vector<RowRecord> rows = RowsOf(replay, "foo.test");
  ASSERT_EQ(rows.size(), 8u);
  const std::vector<std::string> expected = {
      "{\"a\": \"base64:type15:VQ==\"}",       "{\"b\": \"2012-03-18\"}",   "{\"c\": \"2012-03-18 11:30:45.000000\"}",
      "{\"c\": \"87:31:46.654321\"}",          "{\"d\": 123.456}",          "{\"e\": 9.00}",
      "{\"e\": [0, 1, true, false]}",          "{\"e\": null}"};
  for (size_t row_idx = 0; row_idx < rows.size(); ++row_idx) {
    EXPECT_EQ(rows[row_idx].after, (Cells{expected[row_idx]})) << row_idx;
  }
}

// The text form (model::AppendValueText, docs/value-text.md) of values whose storage the row
// decoder chose: labels from the optional metadata, fsp from the TABLE_MAP, UTC timestamps.
TEST(RowValuesFixtureTest, ValueTextOfRecordedValues) {
  Replay enums = ReplayFile("mysql/mysql-enum-string-set.000001");
  std::vector<RowRecord> rows = RowsOf(enums, "mysql.t");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].after_text[2], "var1");
  EXPECT_EQ(rows[0].after_text[3], "one,three");
  EXPECT_EQ(rows[1].after_text[2], "variant2");
  EXPECT_EQ(rows[1].after_text[3], "two,four");

  rows = RowsOf(ReplayFile("mysql/time_issue.000001"), "noria.t");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].after_text[0], "-507:48:27");

  rows = RowsOf(ReplayFile("mysql/bin-log.000001"), "bltest.foo");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].after_text, (Cells{"1", "0.10000", "zero point one"}));

  rows = RowsOf(ReplayFile("mariadb/mariadb-bin.000001"), "toddy_test.outbox");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].after_text,
            (Cells{"62", "foo", "JSON", "7B22666F6F223A317D", "2022-04-20 22:18:04"}));  // event is a BLOB

  rows = RowsOf(ReplayFile("mysql/binlog-invisible-columns.000001"), "mysql.t1");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].after_text, (Cells{"1", "2", "-3", "4", "05", "6000000000"}));

  rows = RowsOf(ReplayFile("mysql/vector.binlog"), "dtb.foo");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].after_text, (Cells{"1", "[1.1,2.2,3.3]"}));
  EXPECT_EQ(rows[1].after_text, (Cells{"2", "[1,-1,0]"}));

  rows = RowsOf(ReplayFile("mysql/mysql_type_bit.000001"), "mysql.foo");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].after_text, (Cells{"4", "foo", "32"}));
}

// Writes libFuzzer seeds for row_fuzz.cc (see its input layout): one per rows event of the
// recorded binlogs, paired with the TABLE_MAP body of its table. Runs only when
// LAKEFEED_FUZZ_SEED_DIR names a directory.
TEST(RowValuesFixtureTest, WriteRowFuzzSeeds) {
  const char* dir = std::getenv("LAKEFEED_FUZZ_SEED_DIR");
  if (dir == nullptr) GTEST_SKIP() << "set LAKEFEED_FUZZ_SEED_DIR to write seeds";
  static const EventType kTypes[] = {EventType::kWriteRowsV1,  EventType::kUpdateRowsV1, EventType::kDeleteRowsV1,
                                     EventType::kWriteRowsV2,  EventType::kUpdateRowsV2, EventType::kDeleteRowsV2,
                                     EventType::kPartialUpdateRows};
  size_t written = 0;
  for (const char* name : {"mysql/mysql-enum-string-set.000001", "mysql/mysql_type_bit.000001",
                           "mysql/binlog-invisible-columns.000001", "mysql/time_issue.000001",
                           "mysql/minimal_row_metadata.000001", "mysql/bin-log.000001", "mariadb/mariadb-bin.000001",
                           "mysql/vector.binlog", "mysql/json.binlog.000001", "mysql/json-opaque.binlog",
                           "mysql/mysql-bin.checksum-crc32", "mysql/mysql-bin.checksum-none"}) {
    std::string file = ReadFile(kBinlogDir + name);
    ByteView all = AsBytes(file);
    FormatDescription format;
    std::map<uint64_t, std::string> maps;  // table id -> TABLE_MAP body
    for (size_t offset = 4; offset + kEventHeaderSize <= all.size();) {
      ByteReader in(all.subspan(offset));
      EventHeader header = DecodeEventHeader(in).value();
      ByteView raw = all.subspan(offset, header.event_size);
      if (header.type() == EventType::kFormatDescription) format = DecodeFormatDescription(raw).value();
      size_t checksum = format.checksum == ChecksumAlgorithm::kCrc32 ? kChecksumSize : 0;
      ByteView body = raw.subspan(kEventHeaderSize, raw.size() - kEventHeaderSize - checksum);
      uint64_t table_id = 0;
      for (size_t i = 0; i < 6 && i < body.size(); ++i) table_id |= uint64_t{body[i]} << (8 * i);
      if (header.type() == EventType::kTableMap) maps[table_id] = std::string(AsStringView(body));
      size_t type_idx = std::find(std::begin(kTypes), std::end(kTypes), header.type()) - std::begin(kTypes);
      if (type_idx < std::size(kTypes) && maps.count(table_id) != 0 && maps[table_id].size() <= 0xffff) {
        const std::string& map = maps[table_id];
        std::string seed;
        seed.push_back(static_cast<char>((format.is_mariadb() ? 1 : 0) | type_idx << 1));
        seed.push_back(static_cast<char>(map.size() & 0xff));
        seed.push_back(static_cast<char>(map.size() >> 8));
        seed += map;
        seed += AsStringView(body);
        std::ofstream(std::string(dir) + "/row-" + std::to_string(written++)) << seed;
      }
      offset += header.event_size;
    }
  }
  EXPECT_GT(written, 50u);
}

}  // namespace
}  // namespace cdc::binlog
