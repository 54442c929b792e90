// The full load's row reader (src/snapshot/row_reader.h) against a real MariaDB 10.11: rows read by SELECT must
// be stored exactly as the binlog decoder stores the same rows, so that a LOAD file and a change file print a
// row identically.
//
// The workload is the decoder tests' edge-value workload (integration/types_workload.h: every type family),
// plus tables of this test: character sets (latin1 0x80-0x9F, cp1251, sjis, gbk, big5, ucs2, utf16, utf16le,
// utf32, CHAR padding), MariaDB compressed columns, invisible columns, FLOAT(M,D)/DOUBLE(M,D). It runs once on a
// server with binlog_row_metadata=FULL and once with MINIMAL (LAKEFEED_METADATA_FULL). Then, per table:
//
//  1. Schema: SchemaFromDefinition (information_schema) against the schema the decoder builds from the
//     TABLE_MAP (enriched from information_schema as live capture does): type, meta and kind of every column;
//     with FULL metadata also signedness, collation and ENUM/SET labels. The one tolerated difference is
//     MariaDB's: information_schema shows a 4-byte character of an ENUM/SET label as '?' (labels are kept in
//     utf8mb3), so such a label is compared with its '?' form.
//  2. CDC oracle: the binlog of the workload is decoded in process (binlog::Decoder) and its changes replayed
//     per primary key; the final rows must equal the rows RowReader reads. Both sides are rendered with
//     model::AppendValueText and the decoder's column schema, so equal text means equal storage.
//  3. SELECT oracle: RowReader's rows, rendered with its own schema, against SELECT (harness/value_oracle.h).
//     The same tolerance: an ENUM/SET label with a 4-byte character prints with '?' (the labels come from
//     information_schema), which is a known limitation of the full load on MariaDB (docs/value-text.md).
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/file_reader.h"
#include "binlog/table_map.h"
#include "harness/lake_oracle.h"
#include "harness/mismatches.h"
#include "harness/sandbox_environment.h"
#include "harness/value_oracle.h"
#include "integration/types_workload.h"
#include "model/value_text.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"
#include "snapshot/row_reader.h"

namespace cdc::harness {
namespace {

#if LAKEFEED_METADATA_FULL
LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);
constexpr bool kFullMetadata = true;
#else
LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);
constexpr bool kFullMetadata = false;
#endif

constexpr const char* kDb = "snaprows";

// Tables of this test, beyond the types workload.
std::vector<std::string> ExtraStatements() {
  const std::string db = kDb;
  return {
      "CREATE TABLE " + db + ".charsets (id INT PRIMARY KEY, l1 VARCHAR(40) CHARACTER SET latin1,"
      " c_l1 CHAR(10) CHARACTER SET latin1, cp VARCHAR(20) CHARACTER SET cp1251, sj VARCHAR(20) CHARACTER SET sjis,"
      " gb VARCHAR(20) CHARACTER SET gbk, b5 VARCHAR(20) CHARACTER SET big5, u2 VARCHAR(20) CHARACTER SET ucs2,"
      " c_u2 CHAR(6) CHARACTER SET ucs2, u16 TEXT CHARACTER SET utf16, u16le VARCHAR(20) CHARACTER SET utf16le,"
      " u32 CHAR(5) CHARACTER SET utf32, kr VARCHAR(20) CHARACTER SET euckr, bin_cs VARCHAR(20) CHARACTER SET binary)",
      // latin1 bytes 0x80-0x9F (cp1252 plus the five undefined bytes MySQL maps to C1 controls).
      "INSERT INTO " + db + ".charsets VALUES (1, x'80818283848586878889808A8B8C8D8E8F909192939495969798999A9B9C9D9E9F',"
      " x'8190', 'Привет', 'ｱｲｳ日本', '中文', '中文', 'ÿ€ab', 'ab  ', 'x😀y', 'é😀', 'ab', '한국어', x'00ff20')",
      "INSERT INTO " + db + ".charsets VALUES (2, '', '', '', '', '', '', '', '', '', '', '', '', ''),"
      " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
      "CREATE TABLE " + db + ".compressed (id INT PRIMARY KEY, vc VARCHAR(300) COMPRESSED,"
      " vl VARCHAR(100) COMPRESSED CHARACTER SET latin1, vb VARBINARY(500) COMPRESSED, tx TEXT COMPRESSED,"
      " bl BLOB COMPRESSED, js JSON COMPRESSED)",
      "INSERT INTO " + db + ".compressed VALUES (1, REPEAT('abc😀', 60), REPEAT('é', 100), REPEAT(x'00ff', 250),"
      " REPEAT('text ', 3000), REPEAT(x'010203', 5000), '{\"k\": [1, 2, 3]}'), (2, '', '', '', '', '', '[]'),"
      " (3, NULL, NULL, NULL, NULL, NULL, NULL), (4, 'short', 'x', x'01', 't', x'02', '1')",
      "CREATE TABLE " + db + ".invisible (id INT PRIMARY KEY, a INT, hidden_i INT INVISIBLE DEFAULT 7,"
      " hidden_s VARCHAR(10) INVISIBLE DEFAULT 'h')",
      "INSERT INTO " + db + ".invisible (id, a, hidden_i, hidden_s) VALUES (1, 1, -5, 'x'), (2, 2, NULL, NULL)",
      "INSERT INTO " + db + ".invisible (id, a) VALUES (3, 3)",
      "CREATE TABLE " + db + ".floats (id INT PRIMARY KEY, f FLOAT, f73 FLOAT(7,3), d DOUBLE, d102 DOUBLE(10,2),"
      " fu FLOAT UNSIGNED, du DOUBLE UNSIGNED)",
      "INSERT INTO " + db + ".floats VALUES (1, 1.2345678, 1234.5678, 0.1, 1.555, 3.4e38, 1e-300),"
      " (2, 16777216, -0.001, 1e15, -12345678.91, 1.17549435e-38, 5e-324), (3, -1e-10, 0, 1e-16, 0.005, 0, 0),"
      " (4, -3.402823466e38, 9999.999, -1.7976931348623157e308, 99999999.99, 16777217, 123456789012345678)",
  };
}

// A table's rows in lakefeed's text form, keyed by the primary-key values.
using RowsByKey = std::map<std::vector<std::string>, Row>;

Row RenderImage(const model::ChangeBatch& batch, const model::TableSchema& render_schema, uint32_t image) {
  Row row;
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    const model::ColumnVector& column = batch.column(column_idx);
    switch (column.state(image)) {
      case model::CellState::kValue: {
        std::string text;
        model::AppendValueText(render_schema.columns[column_idx], column, image, &text);
        row.emplace_back(std::move(text));
        break;
      }
      case model::CellState::kNull: row.emplace_back(std::nullopt); break;
      case model::CellState::kAbsent: row.emplace_back("<absent>"); break;
    }
  }
  return row;
}

std::vector<std::string> KeyOf(const model::TableSchema& schema, const Row& row) {
  std::vector<std::string> key;
  for (uint32_t key_column : schema.primary_key) key.push_back(row[key_column].value_or("NULL"));
  return key;
}

// Decodes the binlog and keeps, per table of kDb, the TABLE_MAP schema and the final rows.
class ReplaySink : public binlog::EventSink {
 public:
  Status OnEvent(const binlog::DecodedEvent& event) override {
    if (event.table.schema != nullptr && event.table.schema->schema_name == kDb &&
        std::holds_alternative<binlog::TableMapRef>(event.body)) {
      schemas[event.table.schema->table_name] = *event.table.schema;
    }
    return Status::OK();
  }
  Status OnRows(const binlog::DecodedEvent&, const model::ChangeBatch& rows) override {
    const model::TableSchema& schema = rows.schema();
    if (schema.schema_name != kDb) return Status::OK();
    RowsByKey& table = tables[schema.table_name];
    for (const model::RowChange& change : rows.changes()) {
      if (change.before != model::RowChange::kNoImage) {
        table.erase(KeyOf(schema, RenderImage(rows, schema, change.before)));
      }
      if (change.after != model::RowChange::kNoImage) {
        Row after = RenderImage(rows, schema, change.after);
        table[KeyOf(schema, after)] = std::move(after);
      }
    }
    return Status::OK();
  }

  std::map<std::string, model::TableSchema> schemas;
  std::map<std::string, RowsByKey> tables;
};

Result<std::unique_ptr<mysql::Connection>> ConnectCdc(const MariaDbSandbox& server) {
  mysql::ConnectionOptions options;
  options.host = server.host();
  options.port = server.port();
  options.user = server.user();
  options.password = server.password();
  options.tls_mode = mysql::TlsMode::kDisabled;
  return mysql::Connection::Connect(options);
}

// Reads every row of db.table through RowReader into one batch.
Status ReadTable(mysql::Connection& connection, const snapshot::RowReader& prototype, model::ChangeBatch* batch) {
  snapshot::RowReader reader(prototype.schema_ptr());
  const model::TableSchema& schema = reader.schema();
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::RowCursor> cursor,
                       connection.OpenCursor("SELECT " + reader.select_list() + " FROM `" + schema.schema_name +
                                             "`.`" + schema.table_name + "`"));
  uint32_t origin = batch->AddOrigin({});
  mysql::TextRow row;
  while (true) {
    CDC_ASSIGN_OR_RETURN(bool more, cursor->Next(&row));
    if (!more) return Status::OK();
    CDC_RETURN_IF_ERROR(reader.AppendInsert(row, origin, batch));
  }
}

// MariaDB shows a 4-byte character of an ENUM/SET label as '?' in information_schema.
std::string QuestionMarksFor4ByteCharacters(const std::string& label) {
  std::string out;
  for (size_t i = 0; i < label.size();) {
    unsigned char lead = static_cast<unsigned char>(label[i]);
    if (lead >= 0xF0) {
      out.push_back('?');
      i += 4;
    } else {
      out.push_back(label[i]);
      ++i;
    }
  }
  return out;
}

class SnapshotRowsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    MariaDbSandbox* server = MariaDbEnvironment::sandbox();
    ASSERT_NE(server, nullptr);
    for (const WorkloadStep& step : TypesWorkload(kDb)) {
      for (const std::string& sql : step.sql) ASSERT_TRUE(server->Query(sql).ok()) << sql.substr(0, 200);
    }
    for (const std::string& sql : ExtraStatements()) {
      Status status = server->Query(sql);
      ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << sql.substr(0, 300);
    }
    ASSERT_TRUE(server->RotateBinlog().ok());

    auto connection = ConnectCdc(*server);
    ASSERT_TRUE(connection.ok()) << connection.status().ToString();
    connection_ = std::move(connection).value().release();
    for (const std::string& statement : snapshot::RowReader::SessionSetup()) {
      ASSERT_TRUE(connection_->Execute(statement).ok()) << statement;
    }

    // The decoder, enriched from information_schema as live capture enriches it.
    auto hints_connection = ConnectCdc(*server);
    ASSERT_TRUE(hints_connection.ok());
    std::shared_ptr<mysql::Connection> hints = std::move(hints_connection).value();
    binlog::DecoderOptions options;
    options.enrich_schema = [hints](model::TableSchema& schema) -> Status {
      if (schema.schema_name != kDb) return Status::OK();
      CDC_ASSIGN_OR_RETURN(mysql::TableHints table_hints,
                           mysql::ReadTableHints(*hints, schema.schema_name, schema.table_name));
      CDC_ASSIGN_OR_RETURN(std::vector<uint32_t> changed, mysql::ApplyTableHints(table_hints, &schema));
      for (uint32_t column_idx : changed) schema.columns[column_idx].kind = binlog::ChooseValueKind(schema.columns[column_idx]);
      return Status::OK();
    };
    binlog::Decoder decoder(options);
    replay_ = new ReplaySink();
    auto paths = server->BinlogPaths();
    ASSERT_TRUE(paths.ok());
    for (const std::string& path : paths.value()) {
      Status status = binlog::ReadBinlogFile(path, &decoder, replay_);
      ASSERT_TRUE(status.ok()) << status.ToString();
    }
  }
  static void TearDownTestSuite() {
    delete connection_;
    delete replay_;
  }

  static std::vector<std::string> Tables() {
    std::vector<std::string> names;
    for (const auto& [name, schema] : replay_->schemas) names.push_back(name);
    return names;
  }

  static mysql::Connection* connection_;
  static ReplaySink* replay_;
};

mysql::Connection* SnapshotRowsTest::connection_ = nullptr;
ReplaySink* SnapshotRowsTest::replay_ = nullptr;

TEST_F(SnapshotRowsTest, SchemaEqualsTableMapSchema) {
  ASSERT_GE(Tables().size(), 10u);
  Mismatches mismatches;
  for (const std::string& table : Tables()) {
    auto hints = mysql::ReadTableHints(*connection_, kDb, table);
    ASSERT_TRUE(hints.ok()) << hints.status().ToString();
    auto ours = snapshot::SchemaFromDefinition(hints.value(), connection_->flavor());
    ASSERT_TRUE(ours.ok()) << ours.status().ToString();
    const model::TableSchema& theirs = replay_->schemas[table];
    ASSERT_EQ(ours.value()->columns.size(), theirs.columns.size()) << table;
    EXPECT_EQ(ours.value()->primary_key, theirs.primary_key) << table;
    for (size_t column_idx = 0; column_idx < theirs.columns.size(); ++column_idx) {
      const model::ColumnSchema& a = ours.value()->columns[column_idx];
      const model::ColumnSchema& b = theirs.columns[column_idx];
      auto differ = [&](std::string_view what, const std::string& mine, const std::string& decoder) {
        if (mine == decoder) return;
        mismatches.Add(table + "." + a.name + " " + std::string(what) + ": ours " + mine + ", TABLE_MAP " + decoder);
      };
      differ("name", a.name, b.name);
      differ("type", std::string(model::ToString(a.type)), std::string(model::ToString(b.type)));
      differ("meta", std::to_string(a.meta), std::to_string(b.meta));
      differ("kind", std::string(model::ToString(a.kind)), std::string(model::ToString(b.kind)));
      differ("sql_type", a.sql_type, b.sql_type);
      if (!kFullMetadata) continue;
      differ("unsigned", std::to_string(a.is_unsigned), std::to_string(b.is_unsigned));
      differ("collation", std::to_string(a.collation), std::to_string(b.collation));
      differ("nullable", std::to_string(a.nullable), std::to_string(b.nullable));
      differ("labels", std::to_string(a.labels.size()), std::to_string(b.labels.size()));
      for (size_t label_idx = 0; label_idx < std::min(a.labels.size(), b.labels.size()); ++label_idx) {
        differ("label", a.labels[label_idx], QuestionMarksFor4ByteCharacters(b.labels[label_idx]));
      }
    }
  }
  EXPECT_TRUE(mismatches.empty()) << mismatches.Report();
}

TEST_F(SnapshotRowsTest, RowsEqualCdcDecode) {
  Mismatches mismatches;
  size_t rows_compared = 0;
  for (const std::string& table : Tables()) {
    auto hints = mysql::ReadTableHints(*connection_, kDb, table);
    ASSERT_TRUE(hints.ok()) << table << ": " << hints.status().ToString();
    auto schema = snapshot::SchemaFromDefinition(hints.value(), connection_->flavor());
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    snapshot::RowReader reader(schema.value());
    model::ChangeBatch batch(schema.value());
    Status status = ReadTable(*connection_, reader, &batch);
    ASSERT_TRUE(status.ok()) << status.ToString();

    // Both sides rendered with the decoder's column schema: the same text means the same storage.
    const model::TableSchema& decoder_schema = replay_->schemas[table];
    RowsByKey ours;
    for (const model::RowChange& change : batch.changes()) {
      Row row = RenderImage(batch, decoder_schema, change.after);
      ours[KeyOf(decoder_schema, row)] = std::move(row);
    }
    const RowsByKey& theirs = replay_->tables[table];
    if (ours.size() != theirs.size()) {
      mismatches.Add(table + ": " + std::to_string(ours.size()) + " rows read, " + std::to_string(theirs.size()) +
                     " rows after replaying the binlog");
    }
    for (const auto& [key, row] : theirs) {
      auto found = ours.find(key);
      if (found == ours.end()) {
        mismatches.Add(table + " " + ShowKey(key) + ": in the binlog replay, not read by SELECT");
        continue;
      }
      ++rows_compared;
      for (size_t column_idx = 0; column_idx < row.size(); ++column_idx) {
        if (found->second[column_idx] == row[column_idx]) continue;
        mismatches.AddColumn(table, decoder_schema.columns[column_idx].name);
        mismatches.Add(table + " " + ShowKey(key) + " " + decoder_schema.columns[column_idx].name + ": read '" +
                       found->second[column_idx].value_or("NULL") + "', binlog '" + row[column_idx].value_or("NULL") +
                       "'");
      }
    }
  }
  EXPECT_GT(rows_compared, 2900u);
  EXPECT_TRUE(mismatches.empty()) << mismatches.Report();
}

TEST_F(SnapshotRowsTest, RowsEqualSelect) {
  MariaDbSandbox& server = *MariaDbEnvironment::sandbox();
  auto client = server.Connect();
  ASSERT_TRUE(client.ok());
  auto source = DumpSourceTables(*client.value(), {kDb});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  Mismatches mismatches;
  for (auto& [full_name, source_image] : source.value()) {
    const std::string table = full_name.substr(full_name.find('.') + 1);
    auto hints = mysql::ReadTableHints(*connection_, kDb, table);
    ASSERT_TRUE(hints.ok()) << table << ": " << hints.status().ToString();
    auto schema = snapshot::SchemaFromDefinition(hints.value(), connection_->flavor());
    ASSERT_TRUE(schema.ok());
    snapshot::RowReader reader(schema.value());
    model::ChangeBatch batch(schema.value());
    ASSERT_TRUE(ReadTable(*connection_, reader, &batch).ok());
    RowsByKey ours;
    for (const model::RowChange& change : batch.changes()) {
      Row row = RenderImage(batch, *schema.value(), change.after);
      ours[KeyOf(*schema.value(), row)] = std::move(row);
    }
    ASSERT_EQ(ours.size(), source_image.rows.size()) << full_name;
    // Our labels come from information_schema, like live decoding without FULL metadata.
    OracleMode mode;
    mode.labels_from_information_schema = true;
    for (const auto& [key, selected] : source_image.rows) {
      auto found = ours.find(key);
      if (found == ours.end()) {
        mismatches.Add(full_name + " " + ShowKey(key) + ": selected, not read");
        continue;
      }
      for (size_t column_idx = 0; column_idx < selected.size(); ++column_idx) {
        // The known limitation: a 4-byte character of an ENUM/SET label is '?' in information_schema.
        const ColumnInfo& info = source_image.column_info[column_idx];
        if ((info.data_type == "enum" || info.data_type == "set") && selected[column_idx] && found->second[column_idx] &&
            QuestionMarksFor4ByteCharacters(*selected[column_idx]) == *found->second[column_idx]) {
          continue;
        }
        std::string problem =
            CompareWithSelect(source_image.column_info[column_idx], found->second[column_idx], selected[column_idx], mode);
        if (problem.empty()) continue;
        mismatches.AddColumn(full_name, source_image.columns[column_idx]);
        mismatches.Add(full_name + " " + ShowKey(key) + " " + source_image.columns[column_idx] + ": " + problem);
      }
    }
  }
  EXPECT_TRUE(mismatches.empty()) << mismatches.Report();
}

// A lost connection in the middle of a result is Unavailable; an early-destroyed cursor leaves the
// connection usable.
TEST_F(SnapshotRowsTest, CursorDrainsAndReportsLostConnection) {
  MariaDbSandbox& server = *MariaDbEnvironment::sandbox();
  auto connection = ConnectCdc(server);
  ASSERT_TRUE(connection.ok());
  {
    auto cursor = connection.value()->OpenCursor("SELECT id FROM " + std::string(kDb) + ".bulk");
    ASSERT_TRUE(cursor.ok());
    mysql::TextRow row;
    auto more = cursor.value()->Next(&row);
    ASSERT_TRUE(more.ok() && more.value());
  }
  auto count = connection.value()->QueryValue("SELECT COUNT(*) FROM " + std::string(kDb) + ".bulk");
  ASSERT_TRUE(count.ok()) << count.status().ToString();

  auto id = connection.value()->QueryValue("SELECT CONNECTION_ID()");
  ASSERT_TRUE(id.ok());
  auto cursor = connection.value()->OpenCursor("SELECT a.id FROM " + std::string(kDb) + ".bulk a, " +
                                               std::string(kDb) + ".bulk b");
  ASSERT_TRUE(cursor.ok());
  ASSERT_TRUE(server.Query("KILL " + id.value().value_or("0")).ok());
  mysql::TextRow row;
  Status status;
  while (true) {
    auto more = cursor.value()->Next(&row);
    if (!more.ok()) {
      status = more.status();
      break;
    }
    ASSERT_TRUE(more.value()) << "the result ended although the connection was killed";
  }
  EXPECT_EQ(status.code(), Status::Code::kUnavailable) << status.ToString();
}

}  // namespace
}  // namespace cdc::harness
