#include "capture/schema_tracker.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "binlog/table_map.h"

namespace cdc::capture {
namespace {

using model::ColumnSchema;
using model::FieldType;
using model::TableSchema;
using model::ValueKind;
using Kind = SchemaChange::Kind;
using Json = nlohmann::json;

// A TABLE_MAP's schema as MakeTableSchema gives it without FULL metadata: types only.
ColumnSchema Column(FieldType type, std::string name = "") {
  ColumnSchema column;
  column.type = type;
  column.name = std::move(name);
  column.kind = binlog::ChooseValueKind(column);
  return column;
}

TableSchema Map(std::string schema, std::string table, std::vector<ColumnSchema> columns) {
  TableSchema map;
  map.schema_name = std::move(schema);
  map.table_name = std::move(table);
  map.columns = std::move(columns);
  return map;
}

std::vector<std::string> Names(const TableSchema& schema) {
  std::vector<std::string> names;
  for (const ColumnSchema& column : schema.columns) names.push_back(column.name);
  return names;
}

std::vector<std::string> Names(const TableDefinition& definition) {
  std::vector<std::string> names;
  for (const mysql::ColumnHint& column : definition.columns) names.push_back(column.name);
  return names;
}

mysql::ColumnHint Hint(std::string name, std::string data_type, uint16_t collation = 0, bool pk = false) {
  mysql::ColumnHint hint;
  hint.name = std::move(name);
  hint.column_type = data_type;
  hint.data_type = std::move(data_type);
  hint.collation = collation;
  hint.in_primary_key = pk;
  hint.nullable = !pk;
  return hint;
}

// A tracker over a fake information_schema, with the seq and position the test sets.
class SchemaTrackerTest : public ::testing::Test {
 protected:
  SchemaTrackerTest() { tracker_ = MakeTracker(); }

  std::unique_ptr<SchemaTracker> MakeTracker() {
    auto tracker = std::make_unique<SchemaTracker>(
        [this](std::string_view schema, std::string_view table) -> Result<TableDefinition> {
          ++source_calls_;
          auto found = information_schema_.find({std::string(schema), std::string(table)});
          if (found == information_schema_.end())
            return Status::NotFound("information_schema", "no such table");
          return found->second;
        },
        [this] { return next_seq_; });
    tracker->SetPositionSource([this] { return position_; });
    return tracker;
  }

  DdlStatement Ddl(std::string sql, std::string database = "db") {
    DdlStatement ddl;
    ddl.database = std::move(database);
    ddl.sql = std::move(sql);
    ddl.seq = next_seq_++;
    ddl.position = {"binlog.000001", offset_ += 100, ""};
    return ddl;
  }

  std::vector<SchemaChange> Apply(std::string sql, std::string database = "db") {
    Result<std::vector<SchemaChange>> changes = tracker_->ApplyDdl(Ddl(std::move(sql), std::move(database)));
    EXPECT_TRUE(changes.ok()) << changes.status().ToString();
    return changes.ok() ? std::move(*changes) : std::vector<SchemaChange>{};
  }

  // Takes the pending records, keeping them all in `records_` for replays.
  std::vector<Json> Take() {
    std::vector<Json> parsed;
    for (std::string& record : tracker_->TakePendingRecords()) {
      parsed.push_back(Json::parse(record));
      records_.push_back(std::move(record));
    }
    return parsed;
  }

  std::map<std::pair<std::string, std::string>, TableDefinition> information_schema_;
  int source_calls_ = 0;
  uint64_t next_seq_ = 10;
  uint64_t offset_ = 1000;
  model::SourcePosition position_{"binlog.000001", 4, "0-1-5"};
  std::vector<std::string> records_;
  std::unique_ptr<SchemaTracker> tracker_;
};

// ------------------------------------------------------------------------------- a lifecycle

TEST_F(SchemaTrackerTest, CreateAlterRenameTruncateDrop) {
  std::vector<SchemaChange> created = Apply(
      "CREATE TABLE t (id INT UNSIGNED NOT NULL, name VARCHAR(10) CHARACTER SET utf8mb4, "
      "state ENUM('a','b'), PRIMARY KEY (id)) DEFAULT CHARSET=latin1");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].kind, Kind::kCreate);
  EXPECT_EQ(created[0].schema_name, "db");
  EXPECT_EQ(created[0].table_name, "t");
  EXPECT_EQ(created[0].seq, 10u);
  ASSERT_TRUE(created[0].definition.has_value());
  EXPECT_EQ(created[0].definition->primary_key, (std::vector<uint32_t>{0}));
  EXPECT_EQ(created[0].definition->columns[1].collation, 45);  // utf8mb4_general_ci
  EXPECT_EQ(created[0].definition->columns[2].collation, 8);   // the table's latin1

  TableSchema map =
      Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kVarchar), Column(FieldType::kEnum)});
  ASSERT_TRUE(tracker_->Enrich(&map).ok());
  EXPECT_EQ(Names(map), (std::vector<std::string>{"id", "name", "state"}));
  EXPECT_TRUE(map.columns[0].is_unsigned);
  EXPECT_EQ(map.columns[0].kind, ValueKind::kUInt64);
  EXPECT_EQ(map.columns[1].collation, 45);
  EXPECT_EQ(map.columns[2].labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(map.primary_key, (std::vector<uint32_t>{0}));
  EXPECT_TRUE(map.columns[0].in_primary_key);
  EXPECT_EQ(source_calls_, 0);  // known from the stream: information_schema never asked

  std::vector<SchemaChange> added =
      Apply("ALTER TABLE t ADD COLUMN price DECIMAL(8,2) AFTER id, DROP COLUMN state");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0].kind, Kind::kAlter);
  EXPECT_EQ(Names(*added[0].definition), (std::vector<std::string>{"id", "price", "name"}));

  // The old TABLE_MAP no longer fits; the new one does.
  TableSchema stale =
      Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kVarchar), Column(FieldType::kEnum)});
  Status misfit = tracker_->Enrich(&stale);
  EXPECT_TRUE(misfit.IsInvalidArgument());
  EXPECT_NE(misfit.message().find("`db`.`t`"), std::string::npos) << misfit.message();
  EXPECT_NE(misfit.message().find("binlog.000001:4"), std::string::npos) << misfit.message();
  EXPECT_NE(misfit.message().find("ALTER TABLE at binlog.000001:1200"), std::string::npos)
      << misfit.message();
  TableSchema fresh =
      Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kNewDecimal), Column(FieldType::kVarchar)});
  ASSERT_TRUE(tracker_->Enrich(&fresh).ok());
  EXPECT_EQ(Names(fresh), (std::vector<std::string>{"id", "price", "name"}));

  std::vector<SchemaChange> renamed_column = Apply("ALTER TABLE t RENAME COLUMN name TO title");
  ASSERT_EQ(renamed_column.size(), 1u);
  EXPECT_EQ(Names(*renamed_column[0].definition), (std::vector<std::string>{"id", "price", "title"}));

  std::vector<SchemaChange> renamed = Apply("RENAME TABLE t TO other.u");
  ASSERT_EQ(renamed.size(), 1u);
  EXPECT_EQ(renamed[0].kind, Kind::kRename);
  EXPECT_EQ(renamed[0].new_schema_name, "other");
  EXPECT_EQ(renamed[0].new_table_name, "u");
  EXPECT_EQ(renamed[0].definition->schema_name, "other");
  EXPECT_FALSE(tracker_->Find("db", "t").has_value());
  ASSERT_TRUE(tracker_->Find("other", "u").has_value());

  std::vector<SchemaChange> truncated = Apply("TRUNCATE TABLE other.u");
  ASSERT_EQ(truncated.size(), 1u);
  EXPECT_EQ(truncated[0].kind, Kind::kTruncate);
  EXPECT_TRUE(truncated[0].definition.has_value());

  std::vector<SchemaChange> dropped = Apply("DROP TABLE IF EXISTS other.u /* generated by server */");
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].kind, Kind::kDrop);
  EXPECT_FALSE(dropped[0].definition.has_value());
  EXPECT_FALSE(tracker_->Find("other", "u").has_value());

  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 6u);
  std::vector<std::string> kinds;
  for (const Json& record : records) kinds.push_back(record["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"create", "alter", "alter", "rename", "truncate", "drop"}));
  EXPECT_EQ(records[0]["seq"], 10);
  EXPECT_EQ(records[0]["index"], 0);
  EXPECT_EQ(records[0]["position"]["offset"], 1100);
  EXPECT_EQ(records[0]["definition"]["default_collation"], 8);
  EXPECT_EQ(records[0]["definition"]["primary_key"], Json::array({0}));
  EXPECT_EQ(records[0]["definition"]["columns"][2]["labels"], Json::array({"a", "b"}));
  EXPECT_EQ(records[3]["new_schema"], "other");
  EXPECT_EQ(records[5].count("definition"), 0u);
  for (const std::string& record : records_) {
    EXPECT_EQ(SchemaRecordSeq(record).value(), Json::parse(record)["seq"].get<uint64_t>());
  }
}

TEST_F(SchemaTrackerTest, StatementsWithoutDefinitionsChangeNothing) {
  Apply("CREATE TABLE t (a INT)");
  Take();
  for (std::string_view sql :
       {"CREATE INDEX i ON t (a)", "ALTER TABLE t ADD INDEX (a)", "ALTER TABLE t ENGINE=InnoDB",
        "GRANT SELECT ON db.* TO u", "CREATE USER x", "ALTER TABLE t ALTER a SET DEFAULT 1",
        "CREATE TEMPORARY TABLE t (b INT)", "CREATE TABLE IF NOT EXISTS t (z INT)"}) {
    EXPECT_TRUE(Apply(std::string(sql)).empty()) << sql;
  }
  EXPECT_TRUE(Take().empty());
  EXPECT_EQ(Names(*tracker_->Find("db", "t")), (std::vector<std::string>{"a"}));
}

// ---------------------------------------------------------------- definitions from the source

TEST_F(SchemaTrackerTest, FirstSeenTableIsReadFromTheSourceAndRecorded) {
  TableDefinition definition;
  definition.schema_name = "db";
  definition.table_name = "s";
  definition.columns = {Hint("id", "bigint", 0, true), Hint("u", "uuid"), Hint("txt", "varchar", 33)};
  definition.primary_key = {0};
  information_schema_[{"db", "s"}] = definition;
  next_seq_ = 42;

  TableSchema map =
      Map("db", "s", {Column(FieldType::kLongLong), Column(FieldType::kString), Column(FieldType::kVarchar)});
  map.columns[1].meta = 0xfe10;  // BINARY(16)
  ASSERT_TRUE(tracker_->Enrich(&map).ok());
  EXPECT_EQ(Names(map), (std::vector<std::string>{"id", "u", "txt"}));
  EXPECT_EQ(map.columns[1].kind, ValueKind::kUuid);
  EXPECT_EQ(map.columns[2].collation, 33);
  EXPECT_EQ(source_calls_, 1);

  TableSchema again =
      Map("db", "s", {Column(FieldType::kLongLong), Column(FieldType::kString), Column(FieldType::kVarchar)});
  ASSERT_TRUE(tracker_->Enrich(&again).ok());
  EXPECT_EQ(source_calls_, 1);  // once known, never asked again

  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["kind"], "snapshot");
  EXPECT_EQ(records[0]["seq"], 42);
  EXPECT_EQ(records[0]["position"]["gtid"], "0-1-5");
  EXPECT_EQ(records[0]["definition"]["columns"][1]["data_type"], "uuid");
}

TEST_F(SchemaTrackerTest, UnknownTableIsAnErrorUnlessFullMetadata) {
  TableSchema map = Map("db", "gone", {Column(FieldType::kLong)});
  Status status = tracker_->Enrich(&map);
  EXPECT_TRUE(status.IsNotFound()) << status.ToString();
  EXPECT_NE(status.message().find("`db`.`gone`"), std::string::npos);
  EXPECT_NE(status.message().find("binlog.000001:4"), std::string::npos);

  TableSchema full = Map("db", "gone", {Column(FieldType::kLong, "id")});
  EXPECT_TRUE(tracker_->Enrich(&full).ok());
  EXPECT_EQ(Names(full), (std::vector<std::string>{"id"}));
  EXPECT_TRUE(Take().empty());
}

TEST_F(SchemaTrackerTest, SourceDefinitionThatDoesNotFitIsAnErrorUnlessFullMetadata) {
  TableDefinition definition;
  definition.columns = {Hint("a", "int"), Hint("b", "varchar", 8), Hint("c", "int")};
  information_schema_[{"db", "t"}] = definition;

  // The table got a column after this position: the TABLE_MAP has 2.
  TableSchema map = Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kVarchar)});
  Status status = tracker_->Enrich(&map);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_NE(status.message().find("3 columns, the TABLE_MAP 2"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("`db`.`t` at binlog.000001:4"), std::string::npos) << status.message();
  EXPECT_FALSE(tracker_->Find("db", "t").has_value());

  // A type family changed.
  TableSchema retyped =
      Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kLong), Column(FieldType::kLong)});
  status = tracker_->Enrich(&retyped);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("column 2 `b`"), std::string::npos) << status.message();

  // FULL metadata: the TABLE_MAP wins, nothing is recorded.
  TableSchema full = Map("db", "t", {Column(FieldType::kLong, "a"), Column(FieldType::kVarchar, "b")});
  EXPECT_TRUE(tracker_->Enrich(&full).ok());
  EXPECT_EQ(full.columns[1].collation, 0);
  EXPECT_TRUE(Take().empty());
}

TEST_F(SchemaTrackerTest, FullMetadataWithOtherNamesWins) {
  Apply("CREATE TABLE t (a INT, b INT)");
  TableSchema renamed = Map("db", "t", {Column(FieldType::kLong, "a"), Column(FieldType::kLong, "zz")});
  EXPECT_TRUE(tracker_->Enrich(&renamed).ok());
  EXPECT_EQ(Names(renamed), (std::vector<std::string>{"a", "zz"}));
  // With matching names the hints fill the rest (here: nothing to fill, but no error).
  TableSchema same = Map("db", "t", {Column(FieldType::kLong, "A"), Column(FieldType::kLong, "b")});
  EXPECT_TRUE(tracker_->Enrich(&same).ok());
}

// ------------------------------------------------------------- statements we cannot apply

TEST_F(SchemaTrackerTest, UnparseableAlterOnTrackedTableMakesItUnknown) {
  Apply("CREATE TABLE t (a INT, b INT)");
  Take();
  DdlStatement ddl = Ddl("ALTER TABLE t ADD COLUMN c INT, FROBNICATE");
  Result<std::vector<SchemaChange>> changes = tracker_->ApplyDdl(ddl);
  ASSERT_TRUE(changes.ok()) << changes.status().ToString();
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].kind, Kind::kAlter);
  EXPECT_FALSE((*changes)[0].definition.has_value());
  EXPECT_FALSE(tracker_->Find("db", "t").has_value());

  TableSchema map =
      Map("db", "t", {Column(FieldType::kLong), Column(FieldType::kLong), Column(FieldType::kLong)});
  Status status = tracker_->Enrich(&map);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("binlog.000001:" + std::to_string(ddl.position.offset)), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("FROBNICATE"), std::string::npos) << status.message();
  EXPECT_EQ(source_calls_, 0);  // never guessed from information_schema

  TableSchema full =
      Map("db", "t",
          {Column(FieldType::kLong, "a"), Column(FieldType::kLong, "b"), Column(FieldType::kLong, "c")});
  EXPECT_TRUE(tracker_->Enrich(&full).ok());

  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_TRUE(records[0]["definition"].is_null());
  EXPECT_NE(records[0]["failure"].get<std::string>().find("FROBNICATE"), std::string::npos);

  // A later CREATE gives it a definition again.
  Apply("DROP TABLE t");
  Apply("CREATE TABLE t (x INT)");
  TableSchema recreated = Map("db", "t", {Column(FieldType::kLong)});
  EXPECT_TRUE(tracker_->Enrich(&recreated).ok());
  EXPECT_EQ(Names(recreated), (std::vector<std::string>{"x"}));
}

TEST_F(SchemaTrackerTest, AlterThatDoesNotFitTheTrackedDefinitionMakesItUnknown) {
  Apply("CREATE TABLE t (a INT)");
  std::vector<SchemaChange> changes = Apply("ALTER TABLE t DROP COLUMN nope");
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_FALSE(changes[0].definition.has_value());
  TableSchema map = Map("db", "t", {Column(FieldType::kLong)});
  Status status = tracker_->Enrich(&map);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("`nope` does not exist"), std::string::npos) << status.message();

  // With IF EXISTS the same statement is fine.
  Apply("CREATE TABLE t2 (a INT)");
  std::vector<SchemaChange> none = Apply("ALTER TABLE t2 DROP COLUMN IF EXISTS nope");
  EXPECT_TRUE(none.empty());
}

TEST_F(SchemaTrackerTest, UnparseableStatementOnUntrackedTableChangesNothing) {
  EXPECT_TRUE(Apply("ALTER TABLE never_seen FROBNICATE").empty());
  EXPECT_TRUE(Take().empty());
  // A statement that cannot be tied to any table is an error naming it and its position.
  Result<std::vector<SchemaChange>> bad = tracker_->ApplyDdl(Ddl("ALTER TABLE"));
  EXPECT_TRUE(bad.status().IsInvalidArgument());
  EXPECT_NE(bad.status().message().find("binlog.000001:"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("ALTER TABLE"), std::string::npos);
  // An unqualified name with no default database.
  Result<std::vector<SchemaChange>> no_db = tracker_->ApplyDdl(Ddl("DROP TABLE t", ""));
  EXPECT_TRUE(no_db.status().IsInvalidArgument());
}

TEST_F(SchemaTrackerTest, CreateSelectAndUnknownCreateAreLearnedFromTheSource) {
  std::vector<SchemaChange> created = Apply("CREATE TABLE t2 AS SELECT * FROM t1");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].kind, Kind::kCreate);
  EXPECT_FALSE(created[0].definition.has_value());

  TableDefinition definition;
  definition.columns = {Hint("x", "int")};
  information_schema_[{"db", "t2"}] = definition;
  TableSchema map = Map("db", "t2", {Column(FieldType::kLong)});
  ASSERT_TRUE(tracker_->Enrich(&map).ok());
  EXPECT_EQ(Names(map), (std::vector<std::string>{"x"}));
  EXPECT_EQ(source_calls_, 1);

  std::vector<SchemaChange> odd = Apply("CREATE TABLE t3 (a INT) WITH SYSTEM VERSIONING");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_FALSE(odd[0].definition.has_value());
  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["kind"], "create");
  EXPECT_TRUE(records[0]["definition"].is_null());
  EXPECT_EQ(records[0].count("failure"), 0u);
  EXPECT_EQ(records[1]["kind"], "snapshot");
}

TEST_F(SchemaTrackerTest, CreateLikeCopiesTheDefinition) {
  Apply("CREATE TABLE t1 (a INT PRIMARY KEY, b CHAR(2)) CHARSET latin1");
  std::vector<SchemaChange> created = Apply("CREATE TABLE other.t2 LIKE t1");
  ASSERT_EQ(created.size(), 1u);
  ASSERT_TRUE(created[0].definition.has_value());
  EXPECT_EQ(created[0].definition->schema_name, "other");
  EXPECT_EQ(created[0].definition->table_name, "t2");
  EXPECT_EQ(Names(*created[0].definition), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(created[0].definition->primary_key, (std::vector<uint32_t>{0}));
  EXPECT_EQ(created[0].definition->columns[1].collation, 8);
  // LIKE a table we do not know: learned later.
  std::vector<SchemaChange> unknown = Apply("CREATE TABLE t4 LIKE mystery");
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_FALSE(unknown[0].definition.has_value());
}

TEST_F(SchemaTrackerTest, CreateIfNotExists) {
  // Not known and not known to be absent: the server may have had it, so nothing is assumed.
  EXPECT_TRUE(Apply("CREATE TABLE IF NOT EXISTS t (a INT)").empty());
  EXPECT_FALSE(tracker_->Find("db", "t").has_value());
  // Known to be absent after a DROP: the statement certainly creates it.
  Apply("DROP TABLE IF EXISTS t");
  std::vector<SchemaChange> created = Apply("CREATE TABLE IF NOT EXISTS t (a INT)");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_TRUE(created[0].definition.has_value());
  // Known to exist: nothing happens.
  EXPECT_TRUE(Apply("CREATE TABLE IF NOT EXISTS t (b INT)").empty());
  EXPECT_EQ(Names(*tracker_->Find("db", "t")), (std::vector<std::string>{"a"}));
  // CREATE OR REPLACE replaces.
  ASSERT_EQ(Apply("CREATE OR REPLACE TABLE t (c INT)").size(), 1u);
  EXPECT_EQ(Names(*tracker_->Find("db", "t")), (std::vector<std::string>{"c"}));
}

// ------------------------------------------------------------------------ columns and keys

TEST_F(SchemaTrackerTest, AlterColumnPlacementAndPrimaryKey) {
  Apply("CREATE TABLE t (a INT, b INT, c INT, PRIMARY KEY (b, a))");
  TableDefinition d = *tracker_->Find("db", "t");
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{1, 0}));

  // c moves first: the key follows its columns.
  Apply("ALTER TABLE t MODIFY c BIGINT NOT NULL FIRST");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"c", "a", "b"}));
  EXPECT_EQ(d.columns[0].data_type, "bigint");
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{2, 1}));
  EXPECT_TRUE(d.columns[1].in_primary_key);
  EXPECT_FALSE(d.columns[1].nullable);

  // CHANGE renames within the key; AFTER uses the new names.
  Apply("ALTER TABLE t CHANGE COLUMN a a2 INT NOT NULL, MODIFY COLUMN c BIGINT AFTER a2");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"a2", "c", "b"}));
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{2, 0}));

  // A dropped key column leaves the key.
  Apply("ALTER TABLE t DROP COLUMN b");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{0}));

  Apply("ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (c)");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{1}));
  EXPECT_FALSE(d.columns[0].in_primary_key);

  Apply("ALTER TABLE t DROP PRIMARY KEY");
  d = *tracker_->Find("db", "t");
  EXPECT_TRUE(d.primary_key.empty());

  Apply("ALTER TABLE t ADD COLUMN id INT AUTO_INCREMENT PRIMARY KEY FIRST");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"id", "a2", "c"}));
  EXPECT_EQ(d.primary_key, (std::vector<uint32_t>{0}));
}

TEST_F(SchemaTrackerTest, ColumnNamesReferToTheTableBeforeTheStatement) {
  Apply("CREATE TABLE t (a INT, b VARCHAR(3))");
  // A swap in one statement: both names refer to the original columns.
  Apply("ALTER TABLE t RENAME COLUMN a TO b, RENAME COLUMN b TO a");
  TableDefinition d = *tracker_->Find("db", "t");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(d.columns[0].data_type, "int");
  // Drop and re-add under the same name.
  Apply("ALTER TABLE t DROP COLUMN a, ADD COLUMN a DATE");
  d = *tracker_->Find("db", "t");
  EXPECT_EQ(Names(d), (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(d.columns[1].data_type, "date");
  // Column names are case-insensitive.
  Apply("ALTER TABLE t MODIFY B BIGINT");
  EXPECT_EQ(tracker_->Find("db", "t")->columns[0].data_type, "bigint");
  EXPECT_EQ(tracker_->Find("db", "t")->columns[0].name, "B");
}

TEST_F(SchemaTrackerTest, AddColumnListAndIfNotExists) {
  Apply("CREATE TABLE t (a INT)");
  Apply("ALTER TABLE t ADD (b INT, c INT), ADD COLUMN IF NOT EXISTS a INT, ADD COLUMN IF NOT EXISTS d INT");
  EXPECT_EQ(Names(*tracker_->Find("db", "t")), (std::vector<std::string>{"a", "b", "c", "d"}));
}

// -------------------------------------------------------------------------- character sets

TEST_F(SchemaTrackerTest, CharacterSetsAndCollations) {
  Apply("CREATE DATABASE shop CHARACTER SET latin1");
  Apply(
      "CREATE TABLE shop.t (a VARCHAR(5), b VARCHAR(5) CHARACTER SET utf8mb4, c CHAR(1) COLLATE utf8mb4_bin, "
      "d VARCHAR(3) BINARY, e VARCHAR(4) CHARACTER SET binary, f TEXT CHARACTER SET binary, g VARBINARY(3), "
      "h TEXT(300), i BLOB, j INT, k ENUM('x') CHARSET utf8, l NATIONAL VARCHAR(2), m CHAR(2) COLLATE "
      "'utf8_bin')",
      "");
  TableDefinition d = *tracker_->Find("shop", "t");
  ASSERT_EQ(d.columns.size(), 13u);
  EXPECT_EQ(d.columns[0].collation, 8);   // the database's latin1_swedish_ci
  EXPECT_EQ(d.columns[1].collation, 45);  // utf8mb4_general_ci
  EXPECT_EQ(d.columns[2].collation, 46);  // utf8mb4_bin
  EXPECT_EQ(d.columns[3].collation, 47);  // latin1_bin (BINARY attribute)
  EXPECT_EQ(d.columns[4].data_type, "varbinary");
  EXPECT_EQ(d.columns[4].column_type, "varbinary(4)");
  EXPECT_EQ(d.columns[4].collation, 63);
  EXPECT_EQ(d.columns[5].data_type, "blob");
  EXPECT_EQ(d.columns[6].collation, 63);
  EXPECT_EQ(d.columns[7].data_type, "text");  // 300 latin1 characters need TEXT
  EXPECT_EQ(d.columns[8].collation, 63);
  EXPECT_EQ(d.columns[9].collation, 0);
  EXPECT_EQ(d.columns[10].collation, 33);
  EXPECT_EQ(d.columns[11].collation, 33);
  EXPECT_EQ(d.columns[12].collation, 83);  // utf8mb3_bin

  // A new column gets the table's default, which ALTER may change first.
  Apply("ALTER TABLE shop.t DEFAULT CHARSET utf8mb4, ADD COLUMN n VARCHAR(1)");
  EXPECT_EQ(tracker_->Find("shop", "t")->columns[13].collation, 45);

  // CONVERT TO: every character column, TEXT widened to keep its characters.
  Apply("CREATE TABLE shop.v (a TINYTEXT, b TEXT, c VARCHAR(3), d INT, e BLOB, f ENUM('p'))");
  Apply("ALTER TABLE shop.v CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
  d = *tracker_->Find("shop", "v");
  EXPECT_EQ(d.columns[0].data_type, "text");
  EXPECT_EQ(d.columns[1].data_type, "mediumtext");
  EXPECT_EQ(d.columns[2].data_type, "varchar");
  for (size_t column_idx : {0, 1, 2, 5}) EXPECT_EQ(d.columns[column_idx].collation, 224) << column_idx;
  EXPECT_EQ(d.columns[3].collation, 0);
  EXPECT_EQ(d.columns[4].collation, 63);
  Apply("ALTER TABLE shop.v CONVERT TO CHARACTER SET binary");
  d = *tracker_->Find("shop", "v");
  EXPECT_EQ(d.columns[2].data_type, "varbinary");
  EXPECT_EQ(d.columns[1].data_type, "mediumblob");

  // A character set we do not know: the CREATE is learned from the source instead.
  std::vector<SchemaChange> odd = Apply("CREATE TABLE shop.w (a CHAR(1) CHARACTER SET klingon)");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_FALSE(odd[0].definition.has_value());
}

TEST_F(SchemaTrackerTest, DatabaseDefaultFromTheCollationSourceIsRecorded) {
  int asked = 0;
  tracker_->SetCollationSource([&](std::string_view schema, std::string_view table) -> Result<uint16_t> {
    ++asked;
    if (schema == "db" && table.empty()) return uint16_t{8};
    if (schema == "db" && table == "s") return uint16_t{46};
    return Status::NotFound("collation", "unknown");
  });
  Apply("CREATE TABLE t (a VARCHAR(2))");
  Apply("CREATE TABLE t2 (a VARCHAR(2))");
  EXPECT_EQ(asked, 1);  // once per database
  EXPECT_EQ(tracker_->Find("db", "t")->columns[0].collation, 8);
  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0]["kind"], "database");
  EXPECT_EQ(records[0]["default_collation"], 8);
  EXPECT_EQ(records[1]["seq"], records[0]["seq"]);
  EXPECT_EQ(records[1]["index"], 1);

  // A snapshot asks for the table's default: a later ADD COLUMN uses it.
  TableDefinition definition;
  definition.columns = {Hint("a", "int")};
  information_schema_[{"db", "s"}] = definition;
  TableSchema map = Map("db", "s", {Column(FieldType::kLong)});
  ASSERT_TRUE(tracker_->Enrich(&map).ok());
  Apply("ALTER TABLE s ADD COLUMN b VARCHAR(1)");
  EXPECT_EQ(tracker_->Find("db", "s")->columns[1].collation, 46);
}

TEST_F(SchemaTrackerTest, UnavailableCollationSourceFailsTheStatementWithoutRecords) {
  bool down = true;
  tracker_->SetCollationSource([&](std::string_view, std::string_view) -> Result<uint16_t> {
    if (down) return Status::Unavailable("server", "gone");
    return uint16_t{8};
  });
  DdlStatement ddl = Ddl("CREATE TABLE t (a VARCHAR(2))");
  Result<std::vector<SchemaChange>> first = tracker_->ApplyDdl(ddl);
  EXPECT_TRUE(first.status().IsUnavailable());
  EXPECT_TRUE(tracker_->TakePendingRecords().empty());
  EXPECT_FALSE(tracker_->Find("db", "t").has_value());
  down = false;
  Result<std::vector<SchemaChange>> retry = tracker_->ApplyDdl(ddl);
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(tracker_->TakePendingRecords().size(), 2u);  // database + create, once
}

// ------------------------------------------------------------------ renames, drops, databases

TEST_F(SchemaTrackerTest, RenameSwapThroughATemporaryName) {
  Apply("CREATE TABLE a (x INT)");
  Apply("CREATE TABLE b (y INT)");
  std::vector<SchemaChange> changes = Apply("RENAME TABLE a TO tmp, b TO a, tmp TO b");
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(Names(*tracker_->Find("db", "a")), (std::vector<std::string>{"y"}));
  EXPECT_EQ(Names(*tracker_->Find("db", "b")), (std::vector<std::string>{"x"}));
  EXPECT_FALSE(tracker_->Find("db", "tmp").has_value());
  // ALTER TABLE ... RENAME together with a column change.
  std::vector<SchemaChange> altered = Apply("ALTER TABLE a RENAME TO c, ADD COLUMN z INT");
  ASSERT_EQ(altered.size(), 1u);
  EXPECT_EQ(altered[0].kind, Kind::kRename);
  EXPECT_EQ(altered[0].new_table_name, "c");
  EXPECT_EQ(Names(*tracker_->Find("db", "c")), (std::vector<std::string>{"y", "z"}));
  EXPECT_FALSE(tracker_->Find("db", "a").has_value());
}

TEST_F(SchemaTrackerTest, DropDatabaseDropsItsTables) {
  Apply("CREATE TABLE x.t1 (a INT)");
  Apply("CREATE TABLE x.t2 (a INT)");
  Apply("CREATE TABLE y.t1 (a INT)");
  Take();
  std::vector<SchemaChange> changes = Apply("DROP DATABASE x");
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].table_name, "t1");
  EXPECT_EQ(changes[1].table_name, "t2");
  EXPECT_FALSE(tracker_->Find("x", "t1").has_value());
  EXPECT_TRUE(tracker_->Find("y", "t1").has_value());
  std::vector<Json> records = Take();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2]["kind"], "drop_database");
}

// ------------------------------------------------------------------- restore and determinism

TEST_F(SchemaTrackerTest, RestoreThenContinueGivesIdenticalRecords) {
  TableDefinition definition;
  definition.columns = {Hint("id", "int", 0, true), Hint("v", "varchar", 8)};
  definition.primary_key = {0};
  information_schema_[{"db", "snap"}] = definition;

  const std::vector<std::string> stream = {
      "CREATE DATABASE d2 DEFAULT CHARACTER SET utf8mb4",
      "CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(10), kind ENUM('a','b'))",
      "ALTER TABLE t ADD COLUMN price DECIMAL(8,2) AFTER id",
      "ALTER TABLE t RENAME COLUMN name TO title, DROP COLUMN kind",
      "RENAME TABLE t TO d2.t",
      "ALTER TABLE snap FROBNICATE",  // snap becomes unknown
      "CREATE TABLE d2.u (s TEXT)",
      "TRUNCATE d2.t",
      "DROP TABLE d2.u",
      "ALTER TABLE d2.t ADD COLUMN extra SET('p','q') NOT NULL",
  };
  // Run A: the whole stream, with a snapshot of `snap` learned after the third statement.
  std::vector<std::string> run_a;
  for (size_t i = 0; i < stream.size(); ++i) {
    if (i == 3) {
      TableSchema map = Map("db", "snap", {Column(FieldType::kLong), Column(FieldType::kVarchar)});
      ASSERT_TRUE(tracker_->Enrich(&map).ok());
    }
    Apply(stream[i]);
  }
  for (std::string& record : tracker_->TakePendingRecords()) run_a.push_back(std::move(record));
  ASSERT_EQ(run_a.size(), 11u);

  // Run B: a restart at a checkpoint with next_seq 16 (after statement 5): restore the records
  // below it, replay the rest.
  next_seq_ = 10;
  offset_ = 1000;
  std::unique_ptr<SchemaTracker> restarted = MakeTracker();
  size_t restored = 0;
  for (const std::string& record : run_a) {
    if (SchemaRecordSeq(record).value() >= 16) break;
    ASSERT_TRUE(restarted->Restore(record).ok()) << record;
    ++restored;
  }
  EXPECT_EQ(restored, 7u);
  tracker_ = std::move(restarted);
  for (size_t i = 0; i < stream.size(); ++i) {
    DdlStatement ddl = Ddl(stream[i]);
    if (ddl.seq < 16) continue;
    ASSERT_TRUE(tracker_->ApplyDdl(ddl).ok());
  }
  std::vector<std::string> run_b = tracker_->TakePendingRecords();
  ASSERT_EQ(run_b.size(), run_a.size() - restored);
  for (size_t i = 0; i < run_b.size(); ++i) EXPECT_EQ(run_b[i], run_a[restored + i]) << i;

  // The restored tracker knows what the first one knew.
  TableDefinition t = *tracker_->Find("d2", "t");
  EXPECT_EQ(Names(t), (std::vector<std::string>{"id", "price", "title", "extra"}));
  EXPECT_EQ(t.primary_key, (std::vector<uint32_t>{0}));
  EXPECT_EQ(t.columns[3].labels, (std::vector<std::string>{"p", "q"}));
  EXPECT_EQ(t.columns[3].collation, 0);  // t's default is db's, unknown here (no collation source)
  TableSchema snap = Map("db", "snap", {Column(FieldType::kLong), Column(FieldType::kVarchar)});
  Status unknown = tracker_->Enrich(&snap);
  EXPECT_TRUE(unknown.IsInvalidArgument());
  EXPECT_NE(unknown.message().find("FROBNICATE"), std::string::npos);
  EXPECT_FALSE(tracker_->Find("d2", "u").has_value());
  EXPECT_EQ(source_calls_, 1);
}

TEST_F(SchemaTrackerTest, RestoreRejectsMalformedAndOutOfOrderRecords) {
  Apply("CREATE TABLE t (a INT)");
  Apply("DROP TABLE t");
  std::vector<std::string> records = tracker_->TakePendingRecords();
  ASSERT_EQ(records.size(), 2u);

  std::unique_ptr<SchemaTracker> fresh = MakeTracker();
  EXPECT_TRUE(fresh->Restore(records[1]).ok());
  EXPECT_TRUE(fresh->Restore(records[0]).IsCorruption());  // goes backwards
  EXPECT_TRUE(fresh->Restore(records[1]).IsCorruption());  // the same (seq, index) twice

  std::unique_ptr<SchemaTracker> other = MakeTracker();
  for (std::string_view bad :
       {"", "[]", "{", "{\"seq\":1}", "{\"seq\":-1,\"index\":0}",
        R"({"seq":1,"index":0,"position":{"file":"f","offset":4,"gtid":""},"kind":"melt",)"
        R"("schema":"d","table":"t","sql":""})",
        R"({"seq":2,"index":0,"position":{"file":"f","offset":4,"gtid":""},"kind":"create",)"
        R"("schema":"d","table":"t","sql":"","definition":{"default_collation":0,)"
        R"("columns":[],"primary_key":[]}})",
        R"({"seq":3,"index":0,"position":{"file":"f","offset":4,"gtid":""},"kind":"create",)"
        R"("schema":"d","table":"t","sql":"","definition":{"default_collation":0,"columns":[)"
        R"({"name":"a","data_type":"int","column_type":"int","unsigned":false,"nullable":true,)"
        R"("labels":[],"collation":0,"pk":false}],"primary_key":[1]}})",
        R"({"seq":4,"index":0,"position":{"file":"f","offset":4,"gtid":""},"kind":"create",)"
        R"("schema":"","table":"t","sql":"","definition":null})"}) {
    Status status = other->Restore(bad);
    EXPECT_TRUE(status.IsCorruption()) << bad << ": " << status.ToString();
  }
  EXPECT_TRUE(SchemaRecordSeq("nope").status().IsCorruption());
  EXPECT_EQ(SchemaRecordSeq(records[1]).value(), 11u);
}

TEST_F(SchemaTrackerTest, SameStreamGivesByteIdenticalRecords) {
  auto run = [&] {
    next_seq_ = 10;
    offset_ = 1000;
    tracker_ = MakeTracker();
    Apply("CREATE TABLE `ö` (a INT, `b c` ENUM('x''y','\\\\z') CHARACTER SET latin1, PRIMARY KEY (a))");
    Apply("ALTER TABLE `ö` ADD COLUMN d JSON, MODIFY a BIGINT");
    Apply("DROP TABLE `ö`, nothing");
    return tracker_->TakePendingRecords();
  };
  std::vector<std::string> first = run();
  std::vector<std::string> second = run();
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first, second);
  Json create = Json::parse(first[0]);
  EXPECT_EQ(create["table"], "ö");
  EXPECT_EQ(create["definition"]["columns"][1]["labels"], Json::array({"x'y", "\\z"}));
}

}  // namespace
}  // namespace cdc::capture
