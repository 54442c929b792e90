#include "capture/ddl_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cdc::capture {
namespace {

using Kind = ParsedDdl::Kind;
using Spec = AlterSpec::Kind;

ParsedDdl Parse(std::string_view sql) {
  ParsedDdl parsed = ParseDdl(sql);
  EXPECT_TRUE(parsed.error.ok()) << sql << "\n" << parsed.error.ToString();
  return parsed;
}

std::vector<std::string> Names(const ParsedDdl& parsed) {
  std::vector<std::string> names;
  for (const DdlColumn& column : parsed.columns) names.push_back(column.name);
  return names;
}

// ------------------------------------------------------------------------------ CREATE TABLE

TEST(DdlParserTest, CreateTableColumnsTypesAndInlineKey) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE shop.orders (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
      "name VARCHAR(64) CHARACTER SET latin1 COLLATE latin1_bin NOT NULL DEFAULT '', "
      "price DECIMAL(10,2) DEFAULT NULL, state ENUM('new','it''s','done') NOT NULL, "
      "flags SET('a','b') DEFAULT 'a', body TEXT, data BLOB, at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6))");
  EXPECT_EQ(parsed.kind, Kind::kCreateTable);
  EXPECT_EQ(parsed.table.schema, "shop");
  EXPECT_EQ(parsed.table.table, "orders");
  ASSERT_EQ(Names(parsed),
            (std::vector<std::string>{"id", "name", "price", "state", "flags", "body", "data", "at"}));
  const auto& c = parsed.columns;
  EXPECT_EQ(c[0].data_type, "int");
  EXPECT_EQ(c[0].column_type, "int unsigned");
  EXPECT_TRUE(c[0].is_unsigned);
  EXPECT_TRUE(c[0].primary_key);
  EXPECT_FALSE(c[0].nullable);
  EXPECT_EQ(c[1].data_type, "varchar");
  EXPECT_EQ(c[1].column_type, "varchar(64)");
  EXPECT_TRUE(c[1].character);
  EXPECT_EQ(c[1].charset.charset, "latin1");
  EXPECT_EQ(c[1].charset.collation, "latin1_bin");
  EXPECT_FALSE(c[1].nullable);
  EXPECT_EQ(c[2].column_type, "decimal(10,2)");
  EXPECT_TRUE(c[2].nullable);
  EXPECT_EQ(c[3].data_type, "enum");
  EXPECT_EQ(c[3].labels, (std::vector<std::string>{"new", "it's", "done"}));
  EXPECT_EQ(c[3].column_type, "enum('new','it''s','done')");
  EXPECT_EQ(c[4].labels, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c[5].character);
  EXPECT_TRUE(c[6].binary);
  EXPECT_EQ(c[7].column_type, "datetime(6)");
  EXPECT_TRUE(parsed.primary_key.empty());
}

TEST(DdlParserTest, CreateTableKeysAndConstraintsAreSkipped) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE IF NOT EXISTS `t` (\n"
      "  `a` int(11) NOT NULL,\n"
      "  `b` varchar(10) DEFAULT NULL,\n"
      "  `c` int DEFAULT (a + 1),\n"
      "  CONSTRAINT `pk` PRIMARY KEY USING BTREE (`b`(5), `a` DESC) COMMENT 'key',\n"
      "  UNIQUE KEY `u` (`b`),\n"
      "  KEY `k` (`a`,`b`),\n"
      "  INDEX (c),\n"
      "  FULLTEXT KEY ft (b) WITH PARSER ngram,\n"
      "  SPATIAL INDEX sp (a),\n"
      "  CONSTRAINT `fk` FOREIGN KEY (`a`) REFERENCES `other` (`id`) ON DELETE CASCADE ON UPDATE SET NULL,\n"
      "  CONSTRAINT chk CHECK (a > 0),\n"
      "  CHECK (c < 10)\n"
      ") ENGINE=InnoDB AUTO_INCREMENT=7 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='x, y'");
  EXPECT_TRUE(parsed.if_not_exists);
  EXPECT_EQ(parsed.table.schema, "");
  EXPECT_EQ(Names(parsed), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parsed.primary_key, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(parsed.columns[0].column_type, "int(11)");
  EXPECT_EQ(parsed.charset.charset, "utf8mb4");
  EXPECT_EQ(parsed.charset.collation, "utf8mb4_unicode_ci");
}

TEST(DdlParserTest, CreateTablePrimaryKeyAsTableConstraint) {
  ParsedDdl parsed = Parse("create table t (a int, b int, primary key (a, b))");
  EXPECT_EQ(parsed.primary_key, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(parsed.columns[0].primary_key);
}

TEST(DdlParserTest, InlineKeyAloneMeansPrimaryKeyButUniqueKeyDoesNot) {
  ParsedDdl parsed = Parse("CREATE TABLE t (a INT KEY, b INT UNIQUE KEY, c INT UNIQUE)");
  EXPECT_TRUE(parsed.columns[0].primary_key);
  EXPECT_FALSE(parsed.columns[1].primary_key);
  EXPECT_FALSE(parsed.columns[2].primary_key);
}

TEST(DdlParserTest, TypeAliases) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE t (a INTEGER, b BOOL, c REAL, d DOUBLE PRECISION, e NUMERIC(5), f FLOAT(30), g "
      "FLOAT(7,2), "
      "h SERIAL, i CHARACTER VARYING(5), j NATIONAL CHAR(3), k NVARCHAR(4), l LONG, m LONG VARBINARY, "
      "n INT8, o MIDDLEINT, p FIXED(3,1), q TEXT(100), r BLOB(70000), s CHAR(4) BYTE, t2 YEAR(4), u BIT(3), "
      "v JSON, w POINT, x UUID, y INET6, z VECTOR(3), aa DEC(4,2), ab NCHAR VARCHAR(2), ac LONG VARCHAR)");
  const auto& c = parsed.columns;
  ASSERT_EQ(c.size(), 29u);
  EXPECT_EQ(c[0].data_type, "int");
  EXPECT_EQ(c[1].data_type, "tinyint");
  EXPECT_EQ(c[1].column_type, "tinyint(1)");
  EXPECT_EQ(c[2].data_type, "double");
  EXPECT_EQ(c[3].data_type, "double");
  EXPECT_EQ(c[4].column_type, "decimal(5)");
  EXPECT_EQ(c[5].data_type, "double");  // FLOAT(p) with p > 24
  EXPECT_EQ(c[6].column_type, "float(7,2)");
  EXPECT_EQ(c[7].data_type, "bigint");
  EXPECT_EQ(c[7].column_type, "bigint unsigned");
  EXPECT_TRUE(c[7].is_unsigned);
  EXPECT_FALSE(c[7].nullable);
  EXPECT_EQ(c[8].column_type, "varchar(5)");
  EXPECT_EQ(c[9].data_type, "char");
  EXPECT_EQ(c[9].charset.charset, "utf8mb3");
  EXPECT_EQ(c[10].data_type, "varchar");
  EXPECT_EQ(c[10].charset.charset, "utf8mb3");
  EXPECT_EQ(c[11].data_type, "mediumtext");
  EXPECT_EQ(c[12].data_type, "mediumblob");
  EXPECT_EQ(c[13].data_type, "bigint");
  EXPECT_EQ(c[14].data_type, "mediumint");
  EXPECT_EQ(c[15].column_type, "decimal(3,1)");
  EXPECT_EQ(c[16].data_type, "text");
  EXPECT_EQ(c[16].text_length, 100u);
  EXPECT_EQ(c[17].text_length, 70000u);
  EXPECT_EQ(c[18].data_type, "binary");
  EXPECT_TRUE(c[18].binary);
  EXPECT_FALSE(c[18].character);
  EXPECT_EQ(c[19].column_type, "year(4)");
  EXPECT_EQ(c[20].column_type, "bit(3)");
  EXPECT_EQ(c[21].data_type, "json");
  EXPECT_FALSE(c[21].character);
  EXPECT_EQ(c[22].data_type, "point");
  EXPECT_EQ(c[23].data_type, "uuid");
  EXPECT_EQ(c[24].data_type, "inet6");
  EXPECT_EQ(c[25].column_type, "vector(3)");
  EXPECT_EQ(c[26].column_type, "decimal(4,2)");
  EXPECT_EQ(c[27].data_type, "varchar");
  EXPECT_EQ(c[28].data_type, "mediumtext");
}

TEST(DdlParserTest, ColumnAttributes) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE t (a INT(10) UNSIGNED ZEROFILL, b VARCHAR(5) BINARY, c CHAR(2) ASCII, d CHAR(2) UNICODE, "
      "e TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP, "
      "f INT AS (a * 2) VIRTUAL, g INT GENERATED ALWAYS AS (a + 1) STORED NOT NULL COMMENT 'gen', "
      "h INT INVISIBLE, i VARCHAR(3) COLLATE utf8mb4_bin COLUMN_FORMAT DYNAMIC STORAGE MEMORY, "
      "j INT DEFAULT -1 CHECK (j <> 0), k BINARY(16) DEFAULT X'00', l BIT(1) DEFAULT b'1', "
      "m INT REFERENCES p(id) MATCH FULL ON DELETE NO ACTION, n VARCHAR(1) DEFAULT _utf8mb4'x', "
      "o GEOMETRY NOT NULL SRID 4326, p2 INT SIGNED, q TEXT COMPRESSED, r VARCHAR(10) COMPRESSED=zlib, "
      "s INT DEFAULT NEXT VALUE FOR seq1, t2 DECIMAL(5,2) DEFAULT 1.50, u INT DEFAULT (1 + 2) NULL, "
      "v INT my_engine_option=5, w DATE DEFAULT DATE '2020-01-01', x INT CONSTRAINT c1 CHECK (x > 0))");
  const auto& c = parsed.columns;
  ASSERT_EQ(c.size(), 24u);
  EXPECT_EQ(c[0].column_type, "int(10) unsigned zerofill");
  EXPECT_TRUE(c[0].is_unsigned);
  EXPECT_TRUE(c[1].binary_collation);
  EXPECT_EQ(c[2].charset.charset, "latin1");
  EXPECT_EQ(c[3].charset.charset, "ucs2");
  EXPECT_FALSE(c[4].nullable);
  EXPECT_FALSE(c[6].nullable);
  EXPECT_EQ(c[8].charset.collation, "utf8mb4_bin");
  EXPECT_FALSE(c[15].is_unsigned);
  EXPECT_TRUE(c[20].nullable);
}

TEST(DdlParserTest, CreateTableLikeAndSelect) {
  ParsedDdl like = Parse("CREATE TABLE a.t2 LIKE a.t1");
  EXPECT_EQ(like.kind, Kind::kCreateTable);
  ASSERT_TRUE(like.like.has_value());
  EXPECT_EQ(like.like->schema, "a");
  EXPECT_EQ(like.like->table, "t1");
  ParsedDdl like_parens = Parse("CREATE TABLE t2 (LIKE t1)");
  ASSERT_TRUE(like_parens.like.has_value());
  EXPECT_EQ(like_parens.like->table, "t1");

  for (std::string_view sql :
       {"CREATE TABLE t2 AS SELECT * FROM t1", "CREATE TABLE t2 SELECT 1 AS a",
        "CREATE TABLE t2 (a INT) ENGINE=InnoDB SELECT b AS a FROM t1",
        "CREATE TABLE t2 (a INT) IGNORE SELECT b AS a FROM t1", "CREATE TABLE t2 (SELECT 1)",
        "CREATE TABLE t2 (a INT) PARTITION BY HASH(a) PARTITIONS 2 AS SELECT 1 AS a"}) {
    ParsedDdl parsed = Parse(sql);
    EXPECT_EQ(parsed.kind, Kind::kCreateTable) << sql;
    EXPECT_TRUE(parsed.as_select) << sql;
  }
}

TEST(DdlParserTest, ServerWrittenCreateSelectIsAPlainCreate) {
  // MySQL 8.0.21+ writes CREATE ... SELECT in a row-based binlog as the generated definition.
  ParsedDdl parsed = Parse("CREATE TABLE `t2` (\n  `a` int DEFAULT NULL\n) START TRANSACTION");
  EXPECT_FALSE(parsed.as_select);
  EXPECT_EQ(Names(parsed), (std::vector<std::string>{"a"}));
}

TEST(DdlParserTest, CreateOrReplaceAndTemporary) {
  EXPECT_TRUE(Parse("CREATE OR REPLACE TABLE t (a INT)").or_replace);
  EXPECT_EQ(Parse("CREATE TEMPORARY TABLE t (a INT)").kind, Kind::kNone);
  EXPECT_EQ(Parse("DROP TEMPORARY TABLE IF EXISTS t").kind, Kind::kNone);
}

TEST(DdlParserTest, PartitionedCreate) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE t (id INT NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB /*!50100 PARTITION BY RANGE (id) "
      "(PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE) */");
  EXPECT_EQ(parsed.primary_key, (std::vector<std::string>{"id"}));
  EXPECT_FALSE(parsed.as_select);
}

// ----------------------------------------------------------------------------- lexical rules

TEST(DdlParserTest, CommentsAndExecutableComments) {
  ParsedDdl parsed = Parse(
      "/* leading */ CREATE -- a comment\n TABLE # another\n t /* inline */ (a INT /*!80023 INVISIBLE */, "
      "/*!50000 b INT, */ c INT /*M!100301 COMPRESSED */) /*!40101 DEFAULT CHARSET=latin1 */ /*+ hint */;");
  EXPECT_EQ(Names(parsed), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(parsed.charset.charset, "latin1");
  // "--" without a following blank is not a comment.
  EXPECT_EQ(Parse("CREATE TABLE t (a INT DEFAULT 1--1)").columns.size(), 1u);
}

TEST(DdlParserTest, QuotedNamesAndQualifiedNames) {
  ParsedDdl parsed =
      Parse("CREATE TABLE `my db`.`ta``ble` (`select` INT, `a b` INT, `köln` INT, `1x` INT, 2y INT)");
  EXPECT_EQ(parsed.table.schema, "my db");
  EXPECT_EQ(parsed.table.table, "ta`ble");
  EXPECT_EQ(Names(parsed), (std::vector<std::string>{"select", "a b", "köln", "1x", "2y"}));
  ParsedDdl mixed = Parse("ALTER TABLE db.`t` ADD x INT");
  EXPECT_EQ(mixed.table.schema, "db");
  EXPECT_EQ(mixed.table.table, "t");
  ParsedDdl dotted = Parse("ALTER TABLE `db.t` ADD x INT");  // one name with a dot in it
  EXPECT_EQ(dotted.table.schema, "");
  EXPECT_EQ(dotted.table.table, "db.t");
}

TEST(DdlParserTest, StringEscapesInLabels) {
  ParsedDdl parsed = Parse(
      "CREATE TABLE t (e ENUM('a\\'b', 'c\\\\d', \"q\"\"r\", 'x' 'y', _latin1'z', N'n', 'tab\\there'))");
  EXPECT_EQ(parsed.columns[0].labels,
            (std::vector<std::string>{"a'b", "c\\d", "q\"r", "xy", "z", "n", "tab\there"}));
}

TEST(DdlParserTest, OddWhitespaceAndCase) {
  ParsedDdl parsed = Parse("\n\t cReAtE\ttAbLe\r\nT(\n\tA\tiNt\n,b\fvarchar ( 3 )\n)\n;\n");
  EXPECT_EQ(parsed.table.table, "T");
  EXPECT_EQ(Names(parsed), (std::vector<std::string>{"A", "b"}));
  EXPECT_EQ(parsed.columns[1].column_type, "varchar(3)");
}

// ------------------------------------------------------------------------------- ALTER TABLE

TEST(DdlParserTest, AlterAddColumnForms) {
  ParsedDdl parsed = Parse(
      "ALTER TABLE t ADD COLUMN a INT FIRST, ADD b VARCHAR(3) AFTER a, ADD COLUMN IF NOT EXISTS c INT, "
      "ADD (d INT, e INT NOT NULL), ADD COLUMN (f INT)");
  EXPECT_EQ(parsed.kind, Kind::kAlterTable);
  ASSERT_EQ(parsed.specs.size(), 6u);
  EXPECT_EQ(parsed.specs[0].kind, Spec::kAddColumn);
  EXPECT_EQ(parsed.specs[0].column.name, "a");
  EXPECT_EQ(parsed.specs[0].placement, DdlPlacement::kFirst);
  EXPECT_EQ(parsed.specs[1].placement, DdlPlacement::kAfter);
  EXPECT_EQ(parsed.specs[1].after, "a");
  EXPECT_TRUE(parsed.specs[2].if_exists);
  EXPECT_EQ(parsed.specs[3].column.name, "d");
  EXPECT_EQ(parsed.specs[4].column.name, "e");
  EXPECT_FALSE(parsed.specs[4].column.nullable);
  EXPECT_EQ(parsed.specs[5].column.name, "f");
}

TEST(DdlParserTest, AlterDropChangeModifyRename) {
  ParsedDdl parsed = Parse(
      "ALTER TABLE db.t DROP COLUMN a, DROP b, DROP COLUMN IF EXISTS c, CHANGE d d2 BIGINT NOT NULL AFTER x, "
      "CHANGE COLUMN IF EXISTS e e INT, MODIFY f VARCHAR(9) FIRST, MODIFY COLUMN g TEXT, "
      "RENAME COLUMN h TO h2, RENAME TO db2.u");
  ASSERT_EQ(parsed.specs.size(), 9u);
  EXPECT_EQ(parsed.specs[0].kind, Spec::kDropColumn);
  EXPECT_EQ(parsed.specs[0].name, "a");
  EXPECT_EQ(parsed.specs[1].name, "b");
  EXPECT_TRUE(parsed.specs[2].if_exists);
  EXPECT_EQ(parsed.specs[3].kind, Spec::kChangeColumn);
  EXPECT_EQ(parsed.specs[3].name, "d");
  EXPECT_EQ(parsed.specs[3].column.name, "d2");
  EXPECT_EQ(parsed.specs[3].column.data_type, "bigint");
  EXPECT_EQ(parsed.specs[3].after, "x");
  EXPECT_TRUE(parsed.specs[4].if_exists);
  EXPECT_EQ(parsed.specs[5].kind, Spec::kModifyColumn);
  EXPECT_EQ(parsed.specs[5].name, "f");
  EXPECT_EQ(parsed.specs[5].placement, DdlPlacement::kFirst);
  EXPECT_EQ(parsed.specs[6].column.data_type, "text");
  EXPECT_EQ(parsed.specs[7].kind, Spec::kRenameColumn);
  EXPECT_EQ(parsed.specs[7].new_name, "h2");
  EXPECT_EQ(parsed.specs[8].kind, Spec::kRenameTable);
  EXPECT_EQ(parsed.specs[8].new_table.schema, "db2");
  EXPECT_EQ(parsed.specs[8].new_table.table, "u");
}

TEST(DdlParserTest, AlterRenameTableForms) {
  for (std::string_view sql :
       {"ALTER TABLE t RENAME TO u", "ALTER TABLE t RENAME AS u", "ALTER TABLE t RENAME u"}) {
    ParsedDdl parsed = Parse(sql);
    ASSERT_EQ(parsed.specs.size(), 1u) << sql;
    EXPECT_EQ(parsed.specs[0].kind, Spec::kRenameTable);
    EXPECT_EQ(parsed.specs[0].new_table.table, "u");
  }
}

TEST(DdlParserTest, AlterPrimaryKey) {
  ParsedDdl parsed = Parse(
      "ALTER TABLE t DROP PRIMARY KEY, ADD PRIMARY KEY (a, b), ADD CONSTRAINT pk PRIMARY KEY USING HASH (c)");
  ASSERT_EQ(parsed.specs.size(), 3u);
  EXPECT_EQ(parsed.specs[0].kind, Spec::kDropPrimaryKey);
  EXPECT_EQ(parsed.specs[1].kind, Spec::kAddPrimaryKey);
  EXPECT_EQ(parsed.specs[1].key, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(parsed.specs[2].key, (std::vector<std::string>{"c"}));
  EXPECT_EQ(Parse("ALTER TABLE t DROP CONSTRAINT `PRIMARY`").specs[0].kind, Spec::kDropPrimaryKey);
}

TEST(DdlParserTest, AlterClausesThatChangeNoColumn) {
  for (std::string_view sql : {
           "ALTER TABLE t ADD INDEX i (a), ADD UNIQUE KEY u (b), ADD FULLTEXT (c), ADD SPATIAL INDEX (d)",
           "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES u (b), ADD CHECK (a > 0)",
           "ALTER TABLE t ADD CONSTRAINT c UNIQUE (a), ADD KEY (a, b)",
           "ALTER TABLE t DROP INDEX i, DROP KEY k, DROP FOREIGN KEY fk, DROP CHECK c, DROP CONSTRAINT c2",
           "ALTER TABLE t ALTER COLUMN a SET DEFAULT 1, ALTER b DROP DEFAULT, ALTER INDEX i INVISIBLE",
           "ALTER TABLE t RENAME INDEX a TO b, RENAME KEY c TO d",
           "ALTER TABLE t ENGINE=InnoDB, ROW_FORMAT=DYNAMIC, AUTO_INCREMENT 100",
           "ALTER TABLE t ENGINE InnoDB COMMENT 'a, b' KEY_BLOCK_SIZE=8",
           "ALTER TABLE t ALGORITHM=INPLACE, LOCK=NONE, FORCE",
           "ALTER TABLE t ORDER BY a, b",
           "ALTER TABLE t DISABLE KEYS",
           "ALTER TABLE t DISCARD TABLESPACE",
           "ALTER TABLE t PARTITION BY HASH(a) PARTITIONS 4",
           "ALTER TABLE t ENGINE=InnoDB PARTITION BY KEY(a)",
           "ALTER TABLE t ADD PARTITION (PARTITION p3 VALUES LESS THAN (30))",
           "ALTER TABLE t DROP PARTITION p1, p2",
           "ALTER TABLE t TRUNCATE PARTITION p1",
           "ALTER TABLE t EXCHANGE PARTITION p WITH TABLE u",
           "ALTER TABLE t REMOVE PARTITIONING",
           "ALTER ONLINE IGNORE TABLE t ADD INDEX (a)",
           "ALTER TABLE IF EXISTS t WAIT 5 ADD KEY (a)",
           "ALTER TABLE t",
       }) {
    ParsedDdl parsed = Parse(sql);
    EXPECT_EQ(parsed.kind, Kind::kAlterTable) << sql;
    EXPECT_TRUE(parsed.specs.empty()) << sql << ": " << ToString(parsed.specs[0].kind);
  }
}

TEST(DdlParserTest, AlterCharsets) {
  ParsedDdl parsed = Parse("ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
  ASSERT_EQ(parsed.specs.size(), 1u);
  EXPECT_EQ(parsed.specs[0].kind, Spec::kConvertCharset);
  EXPECT_EQ(parsed.specs[0].charset.charset, "utf8mb4");
  EXPECT_EQ(parsed.specs[0].charset.collation, "utf8mb4_bin");
  EXPECT_EQ(Parse("ALTER TABLE t CONVERT TO CHARSET DEFAULT").specs[0].charset.charset, "default");

  ParsedDdl table_default = Parse("ALTER TABLE t ENGINE=InnoDB DEFAULT CHARSET=latin1, ADD c CHAR(1)");
  ASSERT_EQ(table_default.specs.size(), 2u);
  EXPECT_EQ(table_default.specs[0].kind, Spec::kTableCharset);
  EXPECT_EQ(table_default.specs[0].charset.charset, "latin1");
  EXPECT_EQ(Parse("ALTER TABLE t COLLATE = 'utf8mb4_general_ci'").specs[0].charset.collation,
            "utf8mb4_general_ci");
  EXPECT_EQ(Parse("ALTER TABLE t CHARACTER SET utf8").specs[0].charset.charset, "utf8");
}

// ------------------------------------------------------------------ RENAME, DROP, TRUNCATE, DB

TEST(DdlParserTest, RenameTables) {
  ParsedDdl parsed = Parse("RENAME TABLE a TO b, db.c TO `db2`.d");
  EXPECT_EQ(parsed.kind, Kind::kRenameTables);
  ASSERT_EQ(parsed.renames.size(), 2u);
  EXPECT_EQ(parsed.renames[0].first.table, "a");
  EXPECT_EQ(parsed.renames[0].second.table, "b");
  EXPECT_EQ(parsed.renames[1].first.schema, "db");
  EXPECT_EQ(parsed.renames[1].second.schema, "db2");
  EXPECT_EQ(Parse("RENAME TABLES IF EXISTS a WAIT 2 TO b").renames.size(), 1u);
  EXPECT_EQ(Parse("RENAME USER a TO b").kind, Kind::kNone);
}

TEST(DdlParserTest, DropTables) {
  ParsedDdl parsed = Parse("DROP TABLE IF EXISTS `a`,`db`.`b` /* generated by server */");
  EXPECT_EQ(parsed.kind, Kind::kDropTables);
  ASSERT_EQ(parsed.tables.size(), 2u);
  EXPECT_EQ(parsed.tables[1].schema, "db");
  EXPECT_EQ(Parse("DROP TABLES a, b CASCADE").tables.size(), 2u);
  EXPECT_EQ(Parse("DROP SEQUENCE s").kind, Kind::kDropTables);
}

TEST(DdlParserTest, Truncate) {
  ParsedDdl parsed = Parse("TRUNCATE TABLE db.t");
  EXPECT_EQ(parsed.kind, Kind::kTruncateTable);
  EXPECT_EQ(parsed.table.table, "t");
  EXPECT_EQ(Parse("truncate t").table.table, "t");
}

TEST(DdlParserTest, Databases) {
  ParsedDdl create = Parse("CREATE DATABASE IF NOT EXISTS `shop` /*!40100 DEFAULT CHARACTER SET latin1 */");
  EXPECT_EQ(create.kind, Kind::kCreateDatabase);
  EXPECT_EQ(create.database, "shop");
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.charset.charset, "latin1");
  ParsedDdl schema = Parse("CREATE SCHEMA s COLLATE utf8mb4_bin /*!80016 DEFAULT ENCRYPTION='N' */");
  EXPECT_EQ(schema.charset.collation, "utf8mb4_bin");
  ParsedDdl alter = Parse("ALTER DATABASE CHARACTER SET = utf8mb4");
  EXPECT_EQ(alter.kind, Kind::kAlterDatabase);
  EXPECT_EQ(alter.database, "");
  EXPECT_EQ(alter.charset.charset, "utf8mb4");
  EXPECT_EQ(Parse("ALTER SCHEMA d DEFAULT COLLATE latin1_bin").database, "d");
  EXPECT_EQ(Parse("DROP DATABASE IF EXISTS d").kind, Kind::kDropDatabase);
  EXPECT_EQ(Parse("DROP SCHEMA d").database, "d");
}

TEST(DdlParserTest, StatementsWithoutTableDefinitions) {
  for (std::string_view sql :
       {"CREATE INDEX i ON t (a)",
        "CREATE UNIQUE INDEX i ON t (a)",
        "DROP INDEX i ON t",
        "GRANT SELECT ON *.* TO u",
        "CREATE USER u IDENTIFIED BY 'x'",
        "CREATE VIEW v AS SELECT 1",
        "CREATE OR REPLACE VIEW v AS SELECT 1",
        "CREATE DEFINER=`root`@`%` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET @a=1",
        "DROP VIEW v",
        "ALTER USER u IDENTIFIED BY 'y'",
        "ALTER VIEW v AS SELECT 2",
        "CREATE SEQUENCE s",
        "ALTER SEQUENCE s RESTART 1",
        "INSERT INTO t VALUES (1)",
        "BEGIN",
        "COMMIT",
        "SAVEPOINT a",
        "FLUSH TABLES",
        "OPTIMIZE TABLE t",
        "ANALYZE TABLE t",
        "SET @x = 1",
        "",
        "   ",
        "/* only */",
        "ALTER DATABASE d UPGRADE DATA DIRECTORY NAME",
        "DROP USER u",
        "LOCK TABLES t WRITE"}) {
    ParsedDdl parsed = ParseDdl(sql);
    EXPECT_EQ(parsed.kind, Kind::kNone) << sql;
    EXPECT_TRUE(parsed.error.ok()) << sql << ": " << parsed.error.ToString();
  }
}

// ---------------------------------------------------------------------------------- failures

TEST(DdlParserTest, ErrorsKeepTheStatementKindAndTable) {
  ParsedDdl parsed = ParseDdl("ALTER TABLE db.t ADD COLUMN x INT, FROBNICATE everything");
  EXPECT_FALSE(parsed.error.ok());
  EXPECT_EQ(parsed.kind, Kind::kAlterTable);
  EXPECT_EQ(parsed.table.schema, "db");
  EXPECT_EQ(parsed.table.table, "t");
  EXPECT_NE(parsed.error.message().find("byte 35"), std::string::npos) << parsed.error.message();
  EXPECT_NE(parsed.error.message().find("FROBNICATE"), std::string::npos) << parsed.error.message();

  ParsedDdl unknown_type = ParseDdl("CREATE TABLE t (a FANCYTYPE)");
  EXPECT_FALSE(unknown_type.error.ok());
  EXPECT_EQ(unknown_type.kind, Kind::kCreateTable);
  EXPECT_EQ(unknown_type.table.table, "t");

  ParsedDdl unterminated = ParseDdl("ALTER TABLE t ADD c ENUM('a");
  EXPECT_FALSE(unterminated.error.ok());
  EXPECT_NE(unterminated.error.message().find("unterminated string"), std::string::npos);
  EXPECT_EQ(unterminated.table.table, "t");
}

TEST(DdlParserTest, Malformed) {
  for (std::string_view sql : {"CREATE TABLE",
                               "CREATE TABLE t",
                               "CREATE TABLE t (",
                               "CREATE TABLE t ()",
                               "CREATE TABLE t (a)",
                               "CREATE TABLE t (a INT",
                               "CREATE TABLE t (a INT) garbage here",
                               "CREATE TABLE t (a VARCHAR(x))",
                               "CREATE TABLE t (a ENUM(1,2))",
                               "ALTER TABLE",
                               "ALTER TABLE t ADD",
                               "ALTER TABLE t DROP",
                               "ALTER TABLE t CHANGE a",
                               "ALTER TABLE t ADD c INT AFTER",
                               "ALTER TABLE t RENAME COLUMN a b",
                               "ALTER TABLE t ADD c INT d INT",
                               "RENAME TABLE a",
                               "RENAME TABLE a TO",
                               "DROP TABLE",
                               "DROP TABLE a,",
                               "TRUNCATE",
                               "CREATE TABLE t (a INT /* open",
                               "CREATE TABLE `t (a INT)",
                               "CREATE TABLE t (a INT) ;; x",
                               "ALTER TABLE t CONVERT TO utf8",
                               "CREATE TABLE t (a INT DEFAULT)",
                               "CREATE TABLE t (PRIMARY KEY ((a + 1)))",
                               "CREATE TABLE t (a INT CHECK (a > 0)"}) {
    ParsedDdl parsed = ParseDdl(sql);
    EXPECT_FALSE(parsed.error.ok()) << sql;
    EXPECT_TRUE(parsed.error.IsInvalidArgument()) << sql << ": " << parsed.error.ToString();
  }
}

TEST(DdlParserTest, SystemVersioningIsNotSupported) {
  ParsedDdl create = ParseDdl("CREATE TABLE t (a INT) WITH SYSTEM VERSIONING");
  EXPECT_TRUE(create.error.IsNotSupported()) << create.error.ToString();
  EXPECT_EQ(create.kind, Kind::kCreateTable);
  EXPECT_TRUE(ParseDdl("ALTER TABLE t ADD SYSTEM VERSIONING").error.IsNotSupported());
  EXPECT_TRUE(ParseDdl("ALTER TABLE t DROP SYSTEM VERSIONING").error.IsNotSupported());
  EXPECT_TRUE(ParseDdl("CREATE TABLE t (a INT WITH SYSTEM VERSIONING)").error.IsNotSupported());
  // Declared period columns are columns of the statement: fine.
  ParsedDdl declared = Parse(
      "CREATE TABLE t (a INT, s TIMESTAMP(6) GENERATED ALWAYS AS ROW START, e TIMESTAMP(6) GENERATED ALWAYS "
      "AS "
      "ROW END, PERIOD FOR SYSTEM_TIME(s, e)) WITH SYSTEM VERSIONING");
  EXPECT_EQ(Names(declared), (std::vector<std::string>{"a", "s", "e"}));
}

TEST(DdlParserTest, NonUtf8NamesAndLabelsAreRejected) {
  EXPECT_FALSE(ParseDdl("CREATE TABLE t (`\xe9t\xe9` INT)").error.ok());
  EXPECT_FALSE(ParseDdl("CREATE TABLE t (a ENUM('\xff'))").error.ok());
}

// --------------------------------------------------------------------------------- collations

TEST(DdlParserTest, CollationNames) {
  EXPECT_EQ(CollationIdByName("latin1_swedish_ci"), 8);
  EXPECT_EQ(CollationIdByName("UTF8MB4_BIN"), 46);
  EXPECT_EQ(CollationIdByName("utf8_general_ci"), 33);  // utf8 = utf8mb3
  EXPECT_EQ(CollationIdByName("utf8mb4_0900_ai_ci"), 255);
  EXPECT_EQ(CollationIdByName("binary"), 63);
  EXPECT_EQ(CollationIdByName("utf8mb4_uca1400_ai_ci"), CollationIdByName("uca1400_ai_ci", "utf8mb4"));
  EXPECT_NE(CollationIdByName("utf8mb4_uca1400_ai_ci"), 0);
  EXPECT_EQ(CollationIdByName("no_such_collation"), 0);
  EXPECT_EQ(DefaultCollationOf("latin1"), 8);
  EXPECT_EQ(DefaultCollationOf("utf8"), 33);
  EXPECT_EQ(DefaultCollationOf("UTF8MB4"), 45);
  EXPECT_EQ(DefaultCollationOf("binary"), 63);
  EXPECT_EQ(DefaultCollationOf("klingon"), 0);
  EXPECT_EQ(BinCollationOf(8), 47);   // latin1_bin
  EXPECT_EQ(BinCollationOf(45), 46);  // utf8mb4_bin
  EXPECT_EQ(BinCollationOf(63), 63);
}

// Every default collation names a collation of its own character set.
TEST(DdlParserTest, EveryDefaultCollationExists) {
  for (std::string_view charset :
       {"armscii8", "ascii",   "big5",   "binary",   "cp1250",  "cp1251", "cp1256",  "cp1257", "cp850",
        "cp852",    "cp866",   "cp932",  "dec8",     "eucjpms", "euckr",  "gb18030", "gb2312", "gbk",
        "geostd8",  "greek",   "hebrew", "hp8",      "keybcs2", "koi8r",  "koi8u",   "latin1", "latin2",
        "latin5",   "latin7",  "macce",  "macroman", "sjis",    "swe7",   "tis620",  "ucs2",   "ujis",
        "utf16",    "utf16le", "utf32",  "utf8mb3",  "utf8mb4"}) {
    EXPECT_NE(DefaultCollationOf(charset), 0) << charset;
  }
}

}  // namespace
}  // namespace cdc::capture
