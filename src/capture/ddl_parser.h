#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

// A parser for the DDL statements that change table definitions, in MySQL's and MariaDB's syntax
// (MySQL 8.x Reference Manual 15.1 "Data Definition Statements"; MariaDB "CREATE TABLE", "ALTER
// TABLE"). It reads what a QUERY event carries and keeps only what decides a column's shape:
// names, types, signedness, nullability, ENUM/SET labels, character sets and collations, and the
// primary key. Everything else (indexes, constraints, defaults, storage options, partitioning) is
// recognised and skipped. docs/schema-history.md lists the forms and the decisions.
//
// Lexical rules followed (MySQL 11.1 "Schema Object Names", 11.7 "Comments", 11.1.1 "String
// Literals"): `backquoted` identifiers with `` for a backquote; '...' and "..." strings with ''
// (resp. "") and backslash escapes (NO_BACKSLASH_ESCAPES and ANSI_QUOTES are not honoured);
// comments /* */, "-- " and "#"; executable comments /*! ... */, /*!NNNNN ... */ and MariaDB's
// /*M!NNNNNN ... */ are read as statement text whatever their version, since the statement ran on
// a server recent enough for every version a binlog carries in practice.
//
// The statement text is taken to be UTF-8 (character_set_client utf8mb3/utf8mb4): names and labels
// that are not well-formed UTF-8 make the statement unparseable rather than misread.

namespace cdc::capture {

// A table name as written: `schema` is empty when the name is unqualified (the statement's
// default database applies).
struct DdlName {
  std::string schema;
  std::string table;
};

// CHARACTER SET / COLLATE as written, lower case. `charset` "default" means CHARACTER SET DEFAULT
// (the database's default).
struct DdlCharset {
  std::string charset;
  std::string collation;
  bool empty() const { return charset.empty() && collation.empty(); }
};

// One column definition. data_type follows information_schema.COLUMNS.DATA_TYPE (lower case,
// aliases resolved: INTEGER -> int, BOOL -> tinyint, REAL -> double, NUMERIC -> decimal, LONG ->
// mediumtext, SERIAL -> bigint, ...); column_type is the type as written, normalised (lower case,
// "int(10) unsigned", "enum('a','b')"), which may differ cosmetically from the server's COLUMN_TYPE.
struct DdlColumn {
  std::string name;
  std::string data_type;
  std::string column_type;
  bool is_unsigned = false;
  bool nullable = true;           // NOT NULL, SERIAL and PRIMARY KEY make it false
  bool primary_key = false;       // inline PRIMARY KEY (or KEY)
  bool character = false;         // takes a character set: char, varchar, *text, enum, set
  bool binary = false;            // a binary string type: binary, varbinary, *blob (collation 63)
  bool binary_collation = false;  // the BINARY attribute of a character type: the charset's _bin collation
  uint64_t text_length =
      0;  // TEXT(n) / BLOB(n): n; the tracker picks the TEXT/BLOB size once the charset is known
  bool row_period = false;          // GENERATED ALWAYS AS ROW START/END (MariaDB system versioning)
  std::vector<std::string> labels;  // ENUM/SET labels in order (UTF-8)
  DdlCharset charset;
};

// Where ADD/CHANGE/MODIFY puts the column.
enum class DdlPlacement : uint8_t { kLast, kFirst, kAfter };

// One ALTER TABLE specification that changes the columns, the primary key or the default
// character set. Specifications that do none of this (indexes, options, partitions) are skipped.
struct AlterSpec {
  enum class Kind : uint8_t {
    kAddColumn,      // column, placement/after, if_exists (IF NOT EXISTS)
    kDropColumn,     // name, if_exists
    kChangeColumn,   // name (old), column (with its new name), placement/after, if_exists
    kModifyColumn,   // column (name = the existing one), placement/after, if_exists
    kRenameColumn,   // name -> new_name
    kRenameTable,    // new_table
    kAddPrimaryKey,  // key (column names in key order)
    kDropPrimaryKey,
    kConvertCharset,  // charset: CONVERT TO CHARACTER SET (every character column and the default)
    kTableCharset,    // charset: [DEFAULT] CHARACTER SET / COLLATE (the default for new columns)
  };
  Kind kind = Kind::kAddColumn;
  DdlColumn column;
  std::string name;
  std::string new_name;
  DdlName new_table;
  std::vector<std::string> key;
  DdlCharset charset;
  DdlPlacement placement = DdlPlacement::kLast;
  std::string after;
  bool if_exists = false;
};
std::string_view ToString(AlterSpec::Kind kind);

// What one statement does to table definitions.
struct ParsedDdl {
  enum class Kind : uint8_t {
    kNone,            // touches no table definition (DML, CREATE INDEX, GRANT, views, temporary tables, ...)
    kCreateTable,     // table; like, or as_select, or columns/primary_key/charset
    kAlterTable,      // table, specs
    kRenameTables,    // renames, in statement order
    kDropTables,      // tables (DROP TABLE and DROP SEQUENCE)
    kTruncateTable,   // table
    kCreateDatabase,  // database, charset
    kAlterDatabase,   // database (empty: the default database), charset
    kDropDatabase,    // database
  };
  Kind kind = Kind::kNone;
  DdlName table;
  std::vector<DdlName> tables;
  std::vector<std::pair<DdlName, DdlName>> renames;
  std::string database;
  bool if_not_exists = false;   // CREATE ... IF NOT EXISTS
  bool or_replace = false;      // CREATE OR REPLACE
  std::optional<DdlName> like;  // CREATE TABLE ... LIKE
  bool as_select = false;       // CREATE TABLE ... [AS] SELECT: the selected columns are not in the text
  std::vector<DdlColumn> columns;
  std::vector<std::string> primary_key;  // the table-level PRIMARY KEY, column names in key order
  DdlCharset charset;                    // the table's (or database's) default
  std::vector<AlterSpec> specs;
  // Not OK when the statement could not be parsed or uses a form that changes columns in a way we
  // do not model (e.g. WITH SYSTEM VERSIONING): InvalidArgument / NotSupported naming the byte
  // offset. `kind`, `table`, `database` are then filled as far as they were read, so that the
  // caller knows which table the statement was about.
  Status error;
};
std::string_view ToString(ParsedDdl::Kind kind);

// Parses one statement (trailing ';' and whitespace allowed). Never fails as a call: problems are
// in ParsedDdl::error.
ParsedDdl ParseDdl(std::string_view sql);

// True when two column names are the same to the server: ASCII letters compare without case (MySQL
// column names are case-insensitive; the non-ASCII folding of utf8mb3_general_ci is not modelled).
bool SameColumnName(std::string_view a, std::string_view b);

// Collations by name (information_schema.COLLATIONS.COLLATION_NAME), from binlog/charset.h's
// table. "utf8_..." means "utf8mb3_..."; a name without its character set's prefix (MariaDB 11.2's
// "uca1400_ai_ci") is tried with `charset_hint` prepended. 0 when unknown.
uint16_t CollationIdByName(std::string_view name, std::string_view charset_hint = {});

// The default collation of a character set (information_schema.CHARACTER_SETS.DEFAULT_COLLATE_NAME
// as MariaDB 10.x and MySQL 5.7 give it; MySQL 8's utf8mb4_0900_ai_ci is not used because both
// decode the same). "utf8" means "utf8mb3". 0 when unknown.
uint16_t DefaultCollationOf(std::string_view charset);

// The `_bin` collation of the character set of `collation` (the BINARY attribute), or 0.
uint16_t BinCollationOf(uint16_t collation);

}  // namespace cdc::capture
