#include "capture/ddl_parser.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <string>
#include <unordered_map>

#include "base/ascii.h"
#include "binlog/charset.h"

// The grammar followed is MySQL 8.x's (Reference Manual 15.1.20 CREATE TABLE, 15.1.9 ALTER TABLE,
// 15.1.36 RENAME TABLE, 15.1.32 DROP TABLE, 15.1.37 TRUNCATE TABLE, 15.1.12 CREATE DATABASE) plus
// MariaDB's additions (CREATE OR REPLACE, IF [NOT] EXISTS on columns, WAIT/NOWAIT, /*M! comments,
// UUID/INET types, COMPRESSED columns, system versioning). docs/schema-history.md has the list.

namespace cdc::capture {

namespace {

bool IsWordByte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         byte >= 0x80;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ----------------------------------------------------------------------------------------- lexer

enum class TokenType : uint8_t { kEnd, kWord, kQuotedName, kString, kNumber, kSymbol };

struct Token {
  TokenType type = TokenType::kEnd;
  // kWord, kNumber, kSymbol: as written. kQuotedName, kString: between the quotes, escapes not
  // yet decoded (Decode below).
  std::string_view text;
  char quote = 0;
  size_t offset = 0;
};

// Splits `sql` into tokens, dropping whitespace and comments and opening executable comments.
Status Tokenize(std::string_view sql, std::vector<Token>* out) {
  size_t i = 0;
  bool in_executable_comment = false;
  const size_t n = sql.size();
  auto error = [&](std::string_view what, size_t at) {
    return Status::InvalidArgument("DDL statement", std::string(what) + " at byte " + std::to_string(at));
  };
  while (i < n) {
    const char c = sql[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      // /*! and /*M! are statement text to the server (MySQL 11.7 "Comments").
      size_t marker = 0;
      if (i + 2 < n && sql[i + 2] == '!') marker = 3;
      if (i + 3 < n && sql[i + 2] == 'M' && sql[i + 3] == '!') marker = 4;
      if (marker != 0 && !in_executable_comment) {
        i += marker;
        while (i < n && IsDigit(sql[i])) ++i;  // the version
        in_executable_comment = true;
        continue;
      }
      size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) return error("unterminated comment", i);
      i = end + 2;
      continue;
    }
    if (c == '*' && in_executable_comment && i + 1 < n && sql[i + 1] == '/') {
      in_executable_comment = false;
      i += 2;
      continue;
    }
    if (c == '#' || (c == '-' && i + 1 < n && sql[i + 1] == '-' &&
                     (i + 2 >= n || IsSpace(sql[i + 2]) || static_cast<unsigned char>(sql[i + 2]) < 0x20))) {
      size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? n : end + 1;
      continue;
    }
    Token token;
    token.offset = i;
    if (c == '`' || c == '\'' || c == '"') {
      const char quote = c;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        if (sql[j] == '\\' && quote != '`') {
          j += 2;
          continue;
        }
        if (sql[j] == quote) {
          if (j + 1 < n && sql[j + 1] == quote) {
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        ++j;
      }
      if (!closed) return error(quote == '`' ? "unterminated quoted name" : "unterminated string", i);
      token.type = quote == '`' ? TokenType::kQuotedName : TokenType::kString;
      token.quote = quote;
      token.text = sql.substr(i + 1, j - i - 1);
      out->push_back(token);
      i = j + 1;
      continue;
    }
    if (IsWordByte(c)) {
      size_t j = i;
      while (j < n && IsWordByte(sql[j])) ++j;
      bool all_digits = true;
      for (size_t k = i; k < j; ++k) all_digits = all_digits && IsDigit(sql[k]);
      if (all_digits && j + 1 < n && sql[j] == '.' && IsDigit(sql[j + 1])) {
        ++j;
        while (j < n && IsDigit(sql[j])) ++j;
      }
      token.type = all_digits ? TokenType::kNumber : TokenType::kWord;
      token.text = sql.substr(i, j - i);
      out->push_back(token);
      i = j;
      continue;
    }
    token.type = TokenType::kSymbol;
    token.text = sql.substr(i, 1);
    out->push_back(token);
    ++i;
  }
  Token end;
  end.offset = n;
  out->push_back(end);
  return Status::OK();
}

// The value of a quoted name or string token: doubled quotes and (in strings) backslash escapes
// resolved as the server does (MySQL 11.1.1 Table 11.1; \% and \_ keep their backslash).
std::string Decode(const Token& token) {
  std::string out;
  out.reserve(token.text.size());
  const std::string_view text = token.text;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == token.quote && i + 1 < text.size() && text[i + 1] == token.quote) {
      out.push_back(c);
      ++i;
      continue;
    }
    if (c == '\\' && token.quote != '`' && i + 1 < text.size()) {
      const char next = text[++i];
      switch (next) {
        case '0':
          out.push_back('\0');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'Z':
          out.push_back('\x1a');
          break;
        case '%':
        case '_':
          out.push_back('\\');
          out.push_back(next);
          break;
        default:
          out.push_back(next);
          break;
      }
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// ------------------------------------------------------------------------------------ data types

enum class TypeFamily : uint8_t { kNumber, kTemporal, kCharacter, kBinary, kText, kBlob, kEnumSet, kOther };

struct TypeAlias {
  std::string_view written;    // lower case
  std::string_view data_type;  // information_schema.COLUMNS.DATA_TYPE
  TypeFamily family;
};

// MySQL 13 "Data Types" and its 13.9 "Using Data Types from Other Database Engines" aliases;
// MariaDB's UUID, INET4, INET6 and VECTOR.
constexpr TypeAlias kTypes[] = {
    {"bit", "bit", TypeFamily::kNumber},
    {"tinyint", "tinyint", TypeFamily::kNumber},
    {"int1", "tinyint", TypeFamily::kNumber},
    {"bool", "tinyint", TypeFamily::kNumber},
    {"boolean", "tinyint", TypeFamily::kNumber},
    {"smallint", "smallint", TypeFamily::kNumber},
    {"int2", "smallint", TypeFamily::kNumber},
    {"mediumint", "mediumint", TypeFamily::kNumber},
    {"middleint", "mediumint", TypeFamily::kNumber},
    {"int3", "mediumint", TypeFamily::kNumber},
    {"int", "int", TypeFamily::kNumber},
    {"integer", "int", TypeFamily::kNumber},
    {"int4", "int", TypeFamily::kNumber},
    {"bigint", "bigint", TypeFamily::kNumber},
    {"int8", "bigint", TypeFamily::kNumber},
    {"serial", "bigint", TypeFamily::kNumber},
    {"float", "float", TypeFamily::kNumber},
    {"float4", "float", TypeFamily::kNumber},
    {"double", "double", TypeFamily::kNumber},
    {"float8", "double", TypeFamily::kNumber},
    {"real", "double", TypeFamily::kNumber},
    {"decimal", "decimal", TypeFamily::kNumber},
    {"dec", "decimal", TypeFamily::kNumber},
    {"numeric", "decimal", TypeFamily::kNumber},
    {"fixed", "decimal", TypeFamily::kNumber},
    {"date", "date", TypeFamily::kTemporal},
    {"time", "time", TypeFamily::kTemporal},
    {"datetime", "datetime", TypeFamily::kTemporal},
    {"timestamp", "timestamp", TypeFamily::kTemporal},
    {"year", "year", TypeFamily::kTemporal},
    {"char", "char", TypeFamily::kCharacter},
    {"character", "char", TypeFamily::kCharacter},
    {"nchar", "char", TypeFamily::kCharacter},
    {"varchar", "varchar", TypeFamily::kCharacter},
    {"varcharacter", "varchar", TypeFamily::kCharacter},
    {"nvarchar", "varchar", TypeFamily::kCharacter},
    {"binary", "binary", TypeFamily::kBinary},
    {"varbinary", "varbinary", TypeFamily::kBinary},
    {"tinytext", "tinytext", TypeFamily::kText},
    {"text", "text", TypeFamily::kText},
    {"mediumtext", "mediumtext", TypeFamily::kText},
    {"longtext", "longtext", TypeFamily::kText},
    {"long", "mediumtext", TypeFamily::kText},
    {"tinyblob", "tinyblob", TypeFamily::kBlob},
    {"blob", "blob", TypeFamily::kBlob},
    {"mediumblob", "mediumblob", TypeFamily::kBlob},
    {"longblob", "longblob", TypeFamily::kBlob},
    {"enum", "enum", TypeFamily::kEnumSet},
    {"set", "set", TypeFamily::kEnumSet},
    {"json", "json", TypeFamily::kOther},
    {"geometry", "geometry", TypeFamily::kOther},
    {"point", "point", TypeFamily::kOther},
    {"linestring", "linestring", TypeFamily::kOther},
    {"polygon", "polygon", TypeFamily::kOther},
    {"multipoint", "multipoint", TypeFamily::kOther},
    {"multilinestring", "multilinestring", TypeFamily::kOther},
    {"multipolygon", "multipolygon", TypeFamily::kOther},
    {"geometrycollection", "geometrycollection", TypeFamily::kOther},
    {"geomcollection", "geomcollection", TypeFamily::kOther},
    {"uuid", "uuid", TypeFamily::kOther},
    {"inet4", "inet4", TypeFamily::kOther},
    {"inet6", "inet6", TypeFamily::kOther},
    {"vector", "vector", TypeFamily::kOther},
};

const TypeAlias* FindType(std::string_view lower) {
  for (const TypeAlias& alias : kTypes) {
    if (alias.written == lower) return &alias;
  }
  return nullptr;
}

// Words that begin a table element other than a column in CREATE TABLE (...).
bool StartsIndexElement(std::string_view word) {
  for (std::string_view keyword : {"KEY", "INDEX", "UNIQUE", "FULLTEXT", "SPATIAL", "FOREIGN", "CHECK"}) {
    if (EqualsIgnoreAsciiCase(word, keyword)) return true;
  }
  return false;
}

// Table options that may be written without '=' (CREATE TABLE table_option; MariaDB adds a few).
bool IsTableOptionWord(std::string_view word) {
  for (std::string_view option : {"AUTOEXTEND_SIZE",
                                  "AUTO_INCREMENT",
                                  "AVG_ROW_LENGTH",
                                  "CHECKSUM",
                                  "TABLE_CHECKSUM",
                                  "COMMENT",
                                  "COMPRESSION",
                                  "CONNECTION",
                                  "DELAY_KEY_WRITE",
                                  "ENCRYPTION",
                                  "ENCRYPTED",
                                  "ENCRYPTION_KEY_ID",
                                  "ENGINE",
                                  "TYPE",
                                  "ENGINE_ATTRIBUTE",
                                  "SECONDARY_ENGINE",
                                  "SECONDARY_ENGINE_ATTRIBUTE",
                                  "INSERT_METHOD",
                                  "KEY_BLOCK_SIZE",
                                  "MAX_ROWS",
                                  "MIN_ROWS",
                                  "PACK_KEYS",
                                  "PAGE_CHECKSUM",
                                  "PAGE_COMPRESSED",
                                  "PAGE_COMPRESSION_LEVEL",
                                  "PASSWORD",
                                  "ROW_FORMAT",
                                  "SEQUENCE",
                                  "STATS_AUTO_RECALC",
                                  "STATS_PERSISTENT",
                                  "STATS_SAMPLE_PAGES",
                                  "TRANSACTIONAL",
                                  "IETF_QUOTES"}) {
    if (EqualsIgnoreAsciiCase(word, option)) return true;
  }
  return false;
}

// ALTER TABLE partition operations; they end the statement as far as columns go.
bool IsPartitionOperation(std::string_view word) {
  for (std::string_view op : {"PARTITION", "REMOVE", "COALESCE", "REORGANIZE", "EXCHANGE", "ANALYZE", "CHECK",
                              "OPTIMIZE", "REBUILD", "REPAIR", "TRUNCATE"}) {
    if (EqualsIgnoreAsciiCase(word, op)) return true;
  }
  return false;
}

std::string QuoteLabel(std::string_view label) {
  std::string out = "'";
  for (char c : label) {
    if (c == '\'') out.push_back('\'');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

// ---------------------------------------------------------------------------------------- parser

class Parser {
 public:
  Parser(std::string_view sql, std::vector<Token> tokens) : sql_(sql), tokens_(std::move(tokens)) {}

  void Parse(ParsedDdl* out) {
    out_ = out;
    if (!ParseStatement()) {
      out->error = error_;
      return;
    }
    if (out->kind == ParsedDdl::Kind::kNone) return;
    while (AcceptSymbol(';')) {
    }
    if (!AtEnd()) {
      Fail("unexpected text after the statement");
      out->error = error_;
    }
  }

 private:
  // ------------------------------------------------------------------------------ token access
  const Token& Peek(size_t ahead = 0) const {
    size_t index = pos_ + ahead;
    return index < tokens_.size() ? tokens_[index] : tokens_.back();
  }
  const Token& Next() {
    const Token& token = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return token;
  }
  bool AtEnd() const { return Peek().type == TokenType::kEnd; }
  bool AtStatementEnd() const { return AtEnd() || PeekSymbol(';'); }
  bool PeekWord(std::string_view keyword, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.type == TokenType::kWord && EqualsIgnoreAsciiCase(token.text, keyword);
  }
  bool PeekAnyWord(size_t ahead = 0) const { return Peek(ahead).type == TokenType::kWord; }
  bool AcceptWord(std::string_view keyword) {
    if (!PeekWord(keyword)) return false;
    Next();
    return true;
  }
  // All of `keywords` in sequence, or nothing consumed.
  bool AcceptWords(std::initializer_list<std::string_view> keywords) {
    size_t ahead = 0;
    for (std::string_view keyword : keywords) {
      if (!PeekWord(keyword, ahead++)) return false;
    }
    for (size_t i = 0; i < keywords.size(); ++i) Next();
    return true;
  }
  bool PeekSymbol(char symbol, size_t ahead = 0) const {
    const Token& token = Peek(ahead);
    return token.type == TokenType::kSymbol && token.text[0] == symbol;
  }
  bool AcceptSymbol(char symbol) {
    if (!PeekSymbol(symbol)) return false;
    Next();
    return true;
  }
  bool ExpectWord(std::string_view keyword) {
    if (AcceptWord(keyword)) return true;
    return Fail("expected " + std::string(keyword));
  }
  bool ExpectSymbol(char symbol) {
    if (AcceptSymbol(symbol)) return true;
    return Fail(std::string("expected '") + symbol + "'");
  }

  // Records the first error (with the byte offset and what follows it) and returns false.
  bool Fail(std::string_view what, bool not_supported = false) {
    if (!error_.ok()) return false;
    const Token& token = Peek();
    std::string near =
        token.type == TokenType::kEnd
            ? "the end"
            : "'" + std::string(sql_.substr(token.offset, std::min<size_t>(30, sql_.size() - token.offset))) +
                  "'";
    std::string detail =
        std::string(what) + " at byte " + std::to_string(token.offset) + " (near " + near + ")";
    error_ = not_supported ? Status::NotSupported("DDL statement", detail)
                           : Status::InvalidArgument("DDL statement", detail);
    return false;
  }

  // A name: a word or a `quoted name`, as valid UTF-8.
  bool Identifier(std::string* out) {
    const Token& token = Peek();
    if (token.type == TokenType::kWord) {
      *out = std::string(token.text);
    } else if (token.type == TokenType::kQuotedName) {
      *out = Decode(token);
    } else {
      return Fail("expected a name");
    }
    if (out->empty() || !binlog::IsValidUtf8(*out)) return Fail("a name that is empty or not UTF-8");
    Next();
    return true;
  }

  bool QualifiedName(DdlName* out) {
    std::string first;
    if (!Identifier(&first)) return false;
    if (AcceptSymbol('.')) {
      out->schema = std::move(first);
      return Identifier(&out->table);
    }
    out->schema.clear();
    out->table = std::move(first);
    return true;
  }

  // A character set or collation name: a word, a quoted name or a string, lower case.
  bool CharsetName(std::string* out) {
    const Token& token = Peek();
    if (token.type == TokenType::kWord) {
      *out = AsciiLowerCopy(token.text);
    } else if (token.type == TokenType::kQuotedName || token.type == TokenType::kString) {
      *out = AsciiLowerCopy(Decode(token));
    } else {
      return Fail("expected a character set or collation name");
    }
    Next();
    return true;
  }

  // At '(' : consumes through the matching ')'.
  bool SkipBalanced() {
    if (!ExpectSymbol('(')) return false;
    size_t depth = 1;
    while (depth > 0) {
      if (AtEnd()) return Fail("unbalanced parentheses");
      const Token& token = Next();
      if (token.type != TokenType::kSymbol) continue;
      if (token.text[0] == '(') ++depth;
      if (token.text[0] == ')') --depth;
    }
    return true;
  }

  // Skips to the ',' or ')' that ends the current element or specification (not consumed), or to
  // the end of the statement.
  bool SkipToElementEnd() {
    while (!AtStatementEnd() && !PeekSymbol(',') && !PeekSymbol(')')) {
      if (PeekSymbol('(')) {
        if (!SkipBalanced()) return false;
      } else {
        Next();
      }
    }
    return true;
  }

  void SkipToStatementEnd() {
    while (!AtEnd()) Next();
  }

  void SkipWait() {
    if (AcceptWord("WAIT")) {
      Next();
    } else {
      AcceptWord("NOWAIT");
    }
  }

  // One option value: a token, or a parenthesised group.
  bool OptionValue() {
    if (PeekSymbol('(')) return SkipBalanced();
    if (AtStatementEnd() || PeekSymbol(',') || PeekSymbol(')')) return Fail("expected a value");
    Next();
    return true;
  }

  // ------------------------------------------------------------------------------- statements
  bool ParseStatement() {
    if (AcceptWord("CREATE")) return ParseCreate();
    if (AcceptWord("ALTER")) return ParseAlter();
    if (AcceptWord("RENAME")) return ParseRename();
    if (AcceptWord("DROP")) return ParseDrop();
    if (AcceptWord("TRUNCATE")) return ParseTruncate();
    return true;  // kNone
  }

  bool ParseCreate() {
    const bool or_replace = AcceptWords({"OR", "REPLACE"});
    const bool temporary = AcceptWord("TEMPORARY");
    if (AcceptWord("TABLE")) {
      // Temporary tables are not written to a row-based binlog and never appear in row events.
      if (temporary) return true;
      out_->kind = ParsedDdl::Kind::kCreateTable;
      out_->or_replace = or_replace;
      out_->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
      if (!QualifiedName(&out_->table)) return false;
      return ParseCreateTableBody();
    }
    if (!temporary && (AcceptWord("DATABASE") || AcceptWord("SCHEMA"))) {
      out_->kind = ParsedDdl::Kind::kCreateDatabase;
      out_->or_replace = or_replace;
      out_->if_not_exists = AcceptWords({"IF", "NOT", "EXISTS"});
      if (!Identifier(&out_->database)) return false;
      return ParseDatabaseOptions();
    }
    return true;  // CREATE INDEX / VIEW / USER / TRIGGER / SEQUENCE / ...: no table definition
  }

  bool ParseCreateTableBody() {
    if (AcceptWord("LIKE")) {
      out_->like.emplace();
      return QualifiedName(&*out_->like);
    }
    if (PeekSymbol('(') && PeekWord("LIKE", 1)) {
      Next();
      Next();
      out_->like.emplace();
      return QualifiedName(&*out_->like) && ExpectSymbol(')');
    }
    if (PeekSymbol('(') && (PeekWord("SELECT", 1) || PeekWord("WITH", 1) || PeekSymbol('(', 1))) {
      out_->as_select = true;
      SkipToStatementEnd();
      return true;
    }
    if (AcceptSymbol('(')) {
      while (true) {
        if (!ParseTableElement()) return false;
        if (AcceptSymbol(',')) continue;
        if (!ExpectSymbol(')')) return false;
        break;
      }
    }
    if (!ParseTableOptions(&out_->charset, /*allow_commas=*/true)) return false;
    if (!AtStatementEnd()) {
      if (PeekWord("PARTITION")) {
        // The partitioning clause; a CREATE ... SELECT may follow it.
        while (!AtEnd()) {
          if (PeekSymbol('(')) {
            if (!SkipBalanced()) return false;
            continue;
          }
          if (PeekWord("SELECT")) out_->as_select = true;
          Next();
        }
      } else if (PeekWord("AS") || PeekWord("SELECT") || PeekWord("IGNORE") || PeekWord("REPLACE") ||
                 PeekWord("WITH") || PeekWord("TABLE") || PeekWord("VALUES") || PeekSymbol('(')) {
        out_->as_select = true;
        SkipToStatementEnd();
      } else {
        return Fail("unexpected text in CREATE TABLE");
      }
    }
    if (out_->columns.empty() && !out_->as_select) return Fail("CREATE TABLE without columns");
    return CheckSystemVersioning();
  }

  // MariaDB's system-versioned tables get hidden row_start/row_end columns that the binlog carries
  // but the statement does not name, unless it declares them (AS ROW START/END).
  bool CheckSystemVersioning() {
    if (!system_versioning_) return true;
    for (const DdlColumn& column : out_->columns) {
      if (column.row_period) return true;
    }
    return Fail("WITH SYSTEM VERSIONING adds columns the statement does not name", /*not_supported=*/true);
  }

  bool ParseTableElement() {
    if (PeekAnyWord()) {
      if (AcceptWord("CONSTRAINT")) {
        if (!PeekWord("PRIMARY") && !(PeekAnyWord() && StartsIndexElement(Peek().text))) {
          std::string symbol;  // the constraint's name
          if (!Identifier(&symbol)) return false;
        }
        if (AcceptWords({"PRIMARY", "KEY"})) {
          return ParseKeyColumns(&out_->primary_key) && SkipToElementEnd();
        }
        if (PeekAnyWord() && StartsIndexElement(Peek().text)) return SkipToElementEnd();
        return Fail("expected PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK after CONSTRAINT");
      }
      if (AcceptWords({"PRIMARY", "KEY"})) return ParseKeyColumns(&out_->primary_key) && SkipToElementEnd();
      if (StartsIndexElement(Peek().text)) return SkipToElementEnd();
      if (PeekWord("PERIOD") && PeekWord("FOR", 1)) return SkipToElementEnd();
    }
    DdlColumn column;
    if (!ParseColumnDefinition(&column)) return false;
    out_->columns.push_back(std::move(column));
    return true;
  }

  // The key parts of an index: skips an index name and type up to '(' and reads the column names.
  bool ParseKeyColumns(std::vector<std::string>* names) {
    names->clear();
    while (!PeekSymbol('(')) {
      if (AtStatementEnd() || PeekSymbol(',') || PeekSymbol(')')) return Fail("expected the key's columns");
      Next();
    }
    Next();
    while (true) {
      if (PeekSymbol('(')) return Fail("a primary key on an expression");
      std::string name;
      if (!Identifier(&name)) return false;
      if (PeekSymbol('(') && !SkipBalanced()) return false;  // a prefix length
      if (!AcceptWord("ASC")) AcceptWord("DESC");
      names->push_back(std::move(name));
      if (AcceptSymbol(',')) continue;
      return ExpectSymbol(')');
    }
  }

  // ------------------------------------------------------------------------------------ columns
  bool ParseColumnDefinition(DdlColumn* column) {
    if (!Identifier(&column->name)) return false;
    std::string base_type;
    if (!ParseDataType(column, &base_type)) return false;
    bool zerofill = false;
    if (!ParseColumnAttributes(column, &zerofill)) return false;
    if (column->data_type == "bit" || column->character || column->binary) column->is_unsigned = false;
    column->column_type = base_type;
    if (column->is_unsigned) column->column_type += " unsigned";
    if (zerofill) column->column_type += " zerofill";
    return true;
  }

  bool ParseDataType(DdlColumn* column, std::string* base_type) {
    if (!PeekAnyWord()) return Fail("expected a data type");
    std::string written = AsciiLowerCopy(Next().text);
    bool national = false;
    if (written == "national") {
      national = true;
      if (!PeekAnyWord()) return Fail("expected a data type after NATIONAL");
      written = AsciiLowerCopy(Next().text);
    }
    if (written == "nchar" || written == "nvarchar") national = true;
    if (written == "double") AcceptWord("PRECISION");
    if ((written == "char" || written == "character" || written == "nchar") && AcceptWord("VARYING")) {
      written = "varchar";
    }
    if (written == "nchar" && AcceptWord("VARCHAR")) written = "varchar";
    if (written == "long") {
      if (AcceptWord("VARBINARY")) {
        written = "mediumblob";
      } else if (AcceptWord("VARCHAR") || AcceptWords({"CHAR", "VARYING"})) {
        written = "mediumtext";
      }
    }
    const TypeAlias* type = FindType(written);
    if (type == nullptr) return Fail("unknown data type '" + written + "'");
    column->data_type = std::string(type->data_type);
    column->character = type->family == TypeFamily::kCharacter || type->family == TypeFamily::kText ||
                        type->family == TypeFamily::kEnumSet;
    column->binary = type->family == TypeFamily::kBinary || type->family == TypeFamily::kBlob;
    if (national) column->charset.charset = "utf8mb3";
    *base_type = column->data_type;

    if (type->family == TypeFamily::kEnumSet) {
      if (!ExpectSymbol('(')) return false;
      return ParseLabels(column, base_type);
    }
    std::vector<uint64_t> args;
    std::string args_text;
    if (AcceptSymbol('(')) {
      args_text = "(";
      while (true) {
        const Token& token = Peek();
        if (token.type != TokenType::kNumber) return Fail("expected a number in the type's arguments");
        uint64_t value = 0;
        auto parsed = std::from_chars(token.text.data(), token.text.data() + token.text.size(), value);
        if (parsed.ec != std::errc() || parsed.ptr != token.text.data() + token.text.size()) {
          return Fail("expected a whole number in the type's arguments");
        }
        args.push_back(value);
        args_text += token.text;
        Next();
        if (AcceptSymbol(',')) {
          args_text += ",";
          continue;
        }
        if (!ExpectSymbol(')')) return false;
        args_text += ")";
        break;
      }
    }
    if (written == "bool" || written == "boolean") {
      *base_type = "tinyint(1)";
    } else if (written == "serial") {
      *base_type = "bigint";
      column->is_unsigned = true;
      column->nullable = false;
    } else if (type->data_type == "float" && args.size() == 1 && args[0] > 24) {
      column->data_type = "double";  // FLOAT(p), p 25..53, is a DOUBLE
      *base_type = "double";
    } else if ((type->family == TypeFamily::kText || type->family == TypeFamily::kBlob) && args.size() == 1) {
      column->text_length = args[0];
    } else {
      *base_type += args_text;
    }
    return true;
  }

  // ENUM/SET labels: 'a', _utf8mb4'b', N'c', 'd' 'e' (adjacent strings join), up to ')'.
  bool ParseLabels(DdlColumn* column, std::string* base_type) {
    *base_type += "(";
    while (true) {
      if (PeekAnyWord() && Peek(1).type == TokenType::kString) Next();  // a character set introducer
      if (Peek().type != TokenType::kString) return Fail("expected a quoted ENUM/SET label");
      std::string label;
      while (Peek().type == TokenType::kString) label += Decode(Next());
      if (!binlog::IsValidUtf8(label)) return Fail("an ENUM/SET label that is not UTF-8");
      if (!column->labels.empty()) *base_type += ",";
      *base_type += QuoteLabel(label);
      column->labels.push_back(std::move(label));
      if (AcceptSymbol(',')) continue;
      if (!ExpectSymbol(')')) return false;
      *base_type += ")";
      return true;
    }
  }

  // DEFAULT / ON UPDATE / AS ROW ... values: a literal, a name, a function call or a parenthesised
  // expression, joined by operators.
  bool SkipExpression() {
    while (true) {
      while (PeekSymbol('-') || PeekSymbol('+') || PeekSymbol('~') || PeekSymbol('!')) Next();
      if (PeekSymbol('(')) {
        if (!SkipBalanced()) return false;
      } else if (Peek().type == TokenType::kString) {
        while (Peek().type == TokenType::kString) Next();
      } else if (Peek().type == TokenType::kNumber) {
        Next();
        if (PeekSymbol('.') && Peek(1).type == TokenType::kNumber) {
          Next();
          Next();
        }
      } else if (PeekSymbol('.') && Peek(1).type == TokenType::kNumber) {
        Next();
        Next();
      } else if (AcceptWords({"NEXT", "VALUE", "FOR"}) || AcceptWords({"PREVIOUS", "VALUE", "FOR"})) {
        DdlName sequence;  // MariaDB: DEFAULT NEXT VALUE FOR seq
        if (!QualifiedName(&sequence)) return false;
      } else if (PeekAnyWord() || Peek().type == TokenType::kQuotedName) {
        Next();
        if (Peek().type == TokenType::kString) {
          while (Peek().type == TokenType::kString) Next();  // _charset'x', X'..', DATE '...'
        } else if (PeekSymbol('(')) {
          if (!SkipBalanced()) return false;  // a function call
        }
      } else {
        return Fail("expected a value");
      }
      bool more = false;
      for (char op : {'+', '-', '*', '/', '%', '|', '&', '^', '<', '>', '='}) {
        if (PeekSymbol(op)) more = true;
      }
      if (!more) return true;
      while (Peek().type == TokenType::kSymbol && !PeekSymbol('(') && !PeekSymbol(')') && !PeekSymbol(',') &&
             !PeekSymbol(';')) {
        Next();
      }
    }
  }

  bool ParseColumnAttributes(DdlColumn* column, bool* zerofill) {
    while (!AtStatementEnd() && !PeekSymbol(',') && !PeekSymbol(')') && !PeekWord("FIRST") &&
           !PeekWord("AFTER")) {
      if (!PeekAnyWord()) return Fail("expected a column attribute");
      if (AcceptWord("UNSIGNED")) {
        column->is_unsigned = true;
      } else if (AcceptWord("SIGNED")) {
      } else if (AcceptWord("ZEROFILL")) {
        column->is_unsigned = true;
        *zerofill = true;
      } else if (AcceptWord("BINARY")) {
        column->binary_collation = true;
      } else if (AcceptWord("ASCII")) {
        column->charset.charset = "latin1";
      } else if (AcceptWord("UNICODE")) {
        column->charset.charset = "ucs2";
      } else if (AcceptWord("BYTE")) {
        if (column->data_type == "char") column->data_type = "binary";
        if (column->data_type == "varchar") column->data_type = "varbinary";
        column->character = false;
        column->binary = true;
      } else if (AcceptWords({"CHARACTER", "SET"}) || AcceptWord("CHARSET") || AcceptWords({"CHAR", "SET"})) {
        if (!CharsetName(&column->charset.charset)) return false;
      } else if (AcceptWord("COLLATE")) {
        if (!CharsetName(&column->charset.collation)) return false;
      } else if (AcceptWords({"NOT", "NULL"})) {
        column->nullable = false;
      } else if (AcceptWords({"NOT", "SECONDARY"})) {
      } else if (AcceptWord("NULL")) {
        column->nullable = true;
      } else if (AcceptWord("DEFAULT")) {
        if (!SkipExpression()) return false;
      } else if (AcceptWords({"ON", "UPDATE"})) {
        if (!SkipExpression()) return false;
      } else if (AcceptWord("AUTO_INCREMENT")) {
      } else if (AcceptWord("UNIQUE")) {
        AcceptWord("KEY");
      } else if (AcceptWords({"PRIMARY", "KEY"}) || AcceptWord("KEY")) {
        column->primary_key = true;
        column->nullable = false;
      } else if (AcceptWord("COMMENT")) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else if (AcceptWord("COLUMN_FORMAT") || AcceptWord("STORAGE")) {
        if (!OptionValue()) return false;
      } else if (AcceptWords({"GENERATED", "ALWAYS"}) || PeekWord("AS")) {
        if (!ExpectWord("AS")) return false;
        if (AcceptWord("ROW")) {
          if (!AcceptWord("START") && !ExpectWord("END")) return false;
          column->row_period = true;
        } else if (!SkipBalanced()) {
          return false;
        }
      } else if (AcceptWord("VIRTUAL") || AcceptWord("STORED") || AcceptWord("PERSISTENT")) {
      } else if (AcceptWord("REFERENCES")) {
        DdlName table;
        if (!QualifiedName(&table)) return false;
        if (PeekSymbol('(') && !SkipBalanced()) return false;
        while (true) {
          if (AcceptWord("MATCH")) {
            Next();
          } else if (AcceptWords({"ON", "DELETE"}) || AcceptWords({"ON", "UPDATE"})) {
            if (AcceptWord("SET")) {
              Next();
            } else if (AcceptWord("NO")) {
              if (!ExpectWord("ACTION")) return false;
            } else if (!AcceptWord("RESTRICT") && !ExpectWord("CASCADE")) {
              return false;
            }
          } else {
            break;
          }
        }
      } else if (AcceptWord("CONSTRAINT")) {
        if (!PeekWord("CHECK")) {
          std::string symbol;
          if (!Identifier(&symbol)) return false;
        }
        if (!ExpectWord("CHECK") || !SkipBalanced()) return false;
        if (!AcceptWords({"NOT", "ENFORCED"})) AcceptWord("ENFORCED");
      } else if (AcceptWord("CHECK")) {
        if (!SkipBalanced()) return false;
        if (!AcceptWords({"NOT", "ENFORCED"})) AcceptWord("ENFORCED");
      } else if (AcceptWord("VISIBLE") || AcceptWord("INVISIBLE")) {
      } else if (AcceptWord("SRID")) {
        if (!OptionValue()) return false;
      } else if (AcceptWord("ENGINE_ATTRIBUTE") || AcceptWord("SECONDARY_ENGINE_ATTRIBUTE") ||
                 AcceptWord("REF_SYSTEM_ID")) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else if (AcceptWord("COMPRESSED")) {
        if (AcceptSymbol('=') && !OptionValue()) return false;
      } else if (AcceptWords({"WITH", "SYSTEM", "VERSIONING"})) {
        system_versioning_ = true;
      } else if (AcceptWords({"WITHOUT", "SYSTEM", "VERSIONING"})) {
      } else if (AcceptWords({"SERIAL", "DEFAULT", "VALUE"})) {
      } else if (PeekSymbol('=', 1)) {
        Next();  // a MariaDB engine-defined column attribute: name = value
        Next();
        if (!OptionValue()) return false;
      } else {
        return Fail("unknown column attribute");
      }
    }
    return true;
  }

  bool ParsePlacement(AlterSpec* spec) {
    if (AcceptWord("FIRST")) {
      spec->placement = DdlPlacement::kFirst;
    } else if (AcceptWord("AFTER")) {
      spec->placement = DdlPlacement::kAfter;
      return Identifier(&spec->after);
    }
    return true;
  }

  // ------------------------------------------------------------------------------------ options
  // Table options ([,] separated in CREATE TABLE, blank separated in ALTER TABLE). A default
  // character set or collation goes to *charset. Stops at the first thing that is not an option.
  bool ParseTableOptions(DdlCharset* charset, bool allow_commas, size_t* count = nullptr) {
    size_t seen = 0;
    while (!AtStatementEnd()) {
      const size_t start = pos_;
      if (allow_commas && seen > 0) AcceptSymbol(',');
      bool matched = true;
      if (PeekWord("DEFAULT") && (PeekWord("CHARACTER", 1) || PeekWord("CHARSET", 1) || PeekWord("CHAR", 1) ||
                                  PeekWord("COLLATE", 1))) {
        Next();
      }
      if (AcceptWords({"CHARACTER", "SET"}) || AcceptWord("CHARSET") || AcceptWords({"CHAR", "SET"})) {
        AcceptSymbol('=');
        if (!CharsetName(&charset->charset)) return false;
      } else if (AcceptWord("COLLATE")) {
        AcceptSymbol('=');
        if (!CharsetName(&charset->collation)) return false;
      } else if (AcceptWords({"START", "TRANSACTION"})) {
      } else if (AcceptWords({"WITH", "SYSTEM", "VERSIONING"})) {
        system_versioning_ = true;
      } else if ((PeekWord("DATA") || PeekWord("INDEX")) && PeekWord("DIRECTORY", 1)) {
        Next();
        Next();
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else if (AcceptWord("TABLESPACE")) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
        if (AcceptWord("STORAGE") && !OptionValue()) return false;
      } else if (AcceptWord("STORAGE")) {
        if (!OptionValue()) return false;
      } else if (AcceptWord("UNION")) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else if (PeekAnyWord() && (IsTableOptionWord(Peek().text) || PeekSymbol('=', 1))) {
        Next();
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else {
        matched = false;
      }
      if (!matched) {
        pos_ = start;  // a ',' read before something that is not an option belongs to the caller
        break;
      }
      ++seen;
    }
    if (count != nullptr) *count = seen;
    return true;
  }

  bool ParseDatabaseOptions() {
    while (!AtStatementEnd()) {
      AcceptWord("DEFAULT");
      if (AcceptWords({"CHARACTER", "SET"}) || AcceptWord("CHARSET") || AcceptWords({"CHAR", "SET"})) {
        AcceptSymbol('=');
        if (!CharsetName(&out_->charset.charset)) return false;
      } else if (AcceptWord("COLLATE")) {
        AcceptSymbol('=');
        if (!CharsetName(&out_->charset.collation)) return false;
      } else if (AcceptWord("ENCRYPTION") || AcceptWord("COMMENT")) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else if (AcceptWords({"READ", "ONLY"})) {
        AcceptSymbol('=');
        if (!OptionValue()) return false;
      } else {
        return Fail("unknown database option");
      }
    }
    return true;
  }

  // --------------------------------------------------------------------------------------- ALTER
  bool ParseAlter() {
    if (!AcceptWord("ONLINE")) AcceptWord("OFFLINE");
    AcceptWord("IGNORE");
    if (AcceptWord("TABLE")) {
      out_->kind = ParsedDdl::Kind::kAlterTable;
      AcceptWords({"IF", "EXISTS"});
      if (!QualifiedName(&out_->table)) return false;
      SkipWait();
      while (!AtStatementEnd()) {
        if (!ParseAlterSpec()) return false;
        if (AcceptSymbol(',')) continue;
        if (AtStatementEnd()) break;
        if (PeekWord("PARTITION") || PeekWord("REMOVE")) {
          SkipToStatementEnd();
          break;
        }
        return Fail("expected ',' between ALTER TABLE clauses");
      }
      return true;
    }
    if (AcceptWord("DATABASE") || AcceptWord("SCHEMA")) {
      out_->kind = ParsedDdl::Kind::kAlterDatabase;
      bool option_next = PeekWord("DEFAULT") || PeekWord("CHARACTER") || PeekWord("CHARSET") ||
                         PeekWord("CHAR") || PeekWord("COLLATE") || PeekWord("ENCRYPTION") ||
                         PeekWord("READ") || PeekWord("COMMENT");
      if (!option_next && !Identifier(&out_->database)) return false;
      if (PeekWord("UPGRADE")) {  // UPGRADE DATA DIRECTORY NAME: no definition changes
        out_->kind = ParsedDdl::Kind::kNone;
        SkipToStatementEnd();
        return true;
      }
      return ParseDatabaseOptions();
    }
    return true;  // ALTER USER / VIEW / EVENT / SEQUENCE / ...
  }

  bool ParseAlterSpec() {
    if (!PeekAnyWord()) return Fail("expected an ALTER TABLE clause");
    AlterSpec spec;
    if (AcceptWord("ADD")) return ParseAlterAdd();
    if (AcceptWord("DROP")) return ParseAlterDrop();
    if (AcceptWord("CHANGE")) {
      AcceptWord("COLUMN");
      spec.kind = AlterSpec::Kind::kChangeColumn;
      spec.if_exists = AcceptWords({"IF", "EXISTS"});
      if (!Identifier(&spec.name) || !ParseColumnDefinition(&spec.column) || !ParsePlacement(&spec))
        return false;
      return Push(std::move(spec));
    }
    if (AcceptWord("MODIFY")) {
      AcceptWord("COLUMN");
      spec.kind = AlterSpec::Kind::kModifyColumn;
      spec.if_exists = AcceptWords({"IF", "EXISTS"});
      if (!ParseColumnDefinition(&spec.column) || !ParsePlacement(&spec)) return false;
      spec.name = spec.column.name;
      return Push(std::move(spec));
    }
    if (AcceptWord("ALTER")) return SkipToElementEnd();  // SET/DROP DEFAULT, visibility, ALTER INDEX/CHECK
    if (AcceptWord("RENAME")) {
      if (AcceptWord("COLUMN")) {
        spec.kind = AlterSpec::Kind::kRenameColumn;
        return Identifier(&spec.name) && ExpectWord("TO") && Identifier(&spec.new_name) &&
               Push(std::move(spec));
      }
      if (PeekWord("INDEX") || PeekWord("KEY")) return SkipToElementEnd();
      if (!AcceptWord("TO")) AcceptWord("AS");
      spec.kind = AlterSpec::Kind::kRenameTable;
      return QualifiedName(&spec.new_table) && Push(std::move(spec));
    }
    if (AcceptWord("CONVERT")) {
      if (!ExpectWord("TO")) return false;
      if (!AcceptWords({"CHARACTER", "SET"}) && !AcceptWord("CHARSET") && !AcceptWords({"CHAR", "SET"})) {
        return Fail("expected CHARACTER SET after CONVERT TO");
      }
      spec.kind = AlterSpec::Kind::kConvertCharset;
      if (!CharsetName(&spec.charset.charset)) return false;
      if (AcceptWord("COLLATE") && !CharsetName(&spec.charset.collation)) return false;
      return Push(std::move(spec));
    }
    if (AcceptWord("ALGORITHM") || AcceptWord("LOCK")) {
      AcceptSymbol('=');
      return OptionValue();
    }
    if (AcceptWord("FORCE")) return true;
    if (AcceptWord("ENABLE") || AcceptWord("DISABLE")) return ExpectWord("KEYS");
    if (AcceptWord("DISCARD") || AcceptWord("IMPORT")) return SkipToElementEnd();
    if (AcceptWord("ORDER")) {  // ORDER BY a, b: its list runs to the end of the statement
      if (!ExpectWord("BY")) return false;
      SkipToStatementEnd();
      return true;
    }
    if (AcceptWords({"WITH", "VALIDATION"}) || AcceptWords({"WITHOUT", "VALIDATION"})) return true;
    if (IsPartitionOperation(Peek().text)) {
      SkipToStatementEnd();
      return true;
    }
    size_t options = 0;
    spec.kind = AlterSpec::Kind::kTableCharset;
    if (!ParseTableOptions(&spec.charset, /*allow_commas=*/false, &options)) return false;
    if (system_versioning_) return Fail("WITH SYSTEM VERSIONING adds hidden columns", /*not_supported=*/true);
    if (options == 0) return Fail("unknown ALTER TABLE clause");
    if (!spec.charset.empty()) return Push(std::move(spec));
    return true;
  }

  bool ParseAlterAdd() {
    AlterSpec spec;
    const bool column_keyword = AcceptWord("COLUMN");
    spec.if_exists = AcceptWords({"IF", "NOT", "EXISTS"});
    if (!column_keyword && PeekAnyWord()) {
      if (AcceptWord("CONSTRAINT")) {
        AcceptWords({"IF", "NOT", "EXISTS"});
        if (!PeekWord("PRIMARY") && !(PeekAnyWord() && StartsIndexElement(Peek().text))) {
          std::string symbol;
          if (!Identifier(&symbol)) return false;
        }
        if (AcceptWords({"PRIMARY", "KEY"})) return ParseAddPrimaryKey();
        return SkipToElementEnd();
      }
      if (AcceptWords({"PRIMARY", "KEY"})) return ParseAddPrimaryKey();
      if (PeekWord("PARTITION")) {
        SkipToStatementEnd();
        return true;
      }
      if (StartsIndexElement(Peek().text) || (PeekWord("PERIOD") && PeekWord("FOR", 1))) {
        return SkipToElementEnd();
      }
      if (PeekWord("SYSTEM") && PeekWord("VERSIONING", 1)) {
        return Fail("ADD SYSTEM VERSIONING adds hidden columns", /*not_supported=*/true);
      }
    }
    if (AcceptSymbol('(')) {
      // ADD [COLUMN] (column_definition, ...): MariaDB also takes index definitions here.
      while (true) {
        if (PeekAnyWord() && (StartsIndexElement(Peek().text) || PeekWord("CONSTRAINT"))) {
          if (!SkipToElementEnd()) return false;
        } else if (AcceptWords({"PRIMARY", "KEY"})) {
          if (!ParseAddPrimaryKey()) return false;
        } else {
          AlterSpec column_spec;
          column_spec.kind = AlterSpec::Kind::kAddColumn;
          column_spec.if_exists = spec.if_exists;
          if (!ParseColumnDefinition(&column_spec.column) || !Push(std::move(column_spec))) return false;
        }
        if (AcceptSymbol(',')) continue;
        return ExpectSymbol(')');
      }
    }
    spec.kind = AlterSpec::Kind::kAddColumn;
    if (!ParseColumnDefinition(&spec.column) || !ParsePlacement(&spec)) return false;
    return Push(std::move(spec));
  }

  bool ParseAddPrimaryKey() {
    AlterSpec spec;
    spec.kind = AlterSpec::Kind::kAddPrimaryKey;
    if (!ParseKeyColumns(&spec.key) || !SkipToElementEnd()) return false;
    return Push(std::move(spec));
  }

  bool ParseAlterDrop() {
    AlterSpec spec;
    if (AcceptWords({"PRIMARY", "KEY"})) {
      spec.kind = AlterSpec::Kind::kDropPrimaryKey;
      return Push(std::move(spec));
    }
    if (PeekWord("PARTITION")) {  // DROP PARTITION p1, p2: a partition operation, the last clause
      SkipToStatementEnd();
      return true;
    }
    if (PeekWord("INDEX") || PeekWord("KEY") || PeekWord("FOREIGN") || PeekWord("CHECK") ||
        (PeekWord("PERIOD") && PeekWord("FOR", 1))) {
      return SkipToElementEnd();
    }
    if (AcceptWord("CONSTRAINT")) {
      AcceptWords({"IF", "EXISTS"});
      std::string name;
      if (!Identifier(&name)) return false;
      if (EqualsIgnoreAsciiCase(name, "PRIMARY")) {
        spec.kind = AlterSpec::Kind::kDropPrimaryKey;
        return Push(std::move(spec));
      }
      return true;
    }
    if (PeekWord("SYSTEM") && PeekWord("VERSIONING", 1)) {
      return Fail("DROP SYSTEM VERSIONING removes hidden columns", /*not_supported=*/true);
    }
    AcceptWord("COLUMN");
    spec.kind = AlterSpec::Kind::kDropColumn;
    spec.if_exists = AcceptWords({"IF", "EXISTS"});
    if (!Identifier(&spec.name)) return false;
    if (!AcceptWord("RESTRICT")) AcceptWord("CASCADE");
    return Push(std::move(spec));
  }

  bool Push(AlterSpec spec) {
    out_->specs.push_back(std::move(spec));
    return true;
  }

  // -------------------------------------------------------------------- RENAME, DROP, TRUNCATE
  bool ParseRename() {
    if (!AcceptWord("TABLE") && !AcceptWord("TABLES")) return true;  // RENAME USER
    out_->kind = ParsedDdl::Kind::kRenameTables;
    AcceptWords({"IF", "EXISTS"});
    while (true) {
      std::pair<DdlName, DdlName> rename;
      if (!QualifiedName(&rename.first)) return false;
      SkipWait();
      if (!ExpectWord("TO") || !QualifiedName(&rename.second)) return false;
      out_->renames.push_back(std::move(rename));
      if (!AcceptSymbol(',')) return true;
    }
  }

  bool ParseDrop() {
    const bool temporary = AcceptWord("TEMPORARY");
    if (AcceptWord("TABLE") || AcceptWord("TABLES") || AcceptWord("SEQUENCE")) {
      if (temporary) return true;
      out_->kind = ParsedDdl::Kind::kDropTables;
      AcceptWords({"IF", "EXISTS"});
      while (true) {
        DdlName name;
        if (!QualifiedName(&name)) return false;
        out_->tables.push_back(std::move(name));
        if (!AcceptSymbol(',')) break;
      }
      SkipWait();
      if (!AcceptWord("RESTRICT")) AcceptWord("CASCADE");
      return true;
    }
    if (!temporary && (AcceptWord("DATABASE") || AcceptWord("SCHEMA"))) {
      out_->kind = ParsedDdl::Kind::kDropDatabase;
      AcceptWords({"IF", "EXISTS"});
      return Identifier(&out_->database);
    }
    return true;  // DROP INDEX / VIEW / USER / ...
  }

  bool ParseTruncate() {
    AcceptWord("TABLE");
    out_->kind = ParsedDdl::Kind::kTruncateTable;
    if (!QualifiedName(&out_->table)) return false;
    SkipWait();
    return true;
  }

  std::string_view sql_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  ParsedDdl* out_ = nullptr;
  bool system_versioning_ = false;
  Status error_;
};

// ------------------------------------------------------------------------------------ collations

// information_schema.CHARACTER_SETS.DEFAULT_COLLATE_NAME (MariaDB 10.11; MySQL 5.7 agrees).
struct CharsetDefault {
  std::string_view charset;
  std::string_view collation;
};
constexpr CharsetDefault kCharsetDefaults[] = {
    {"armscii8", "armscii8_general_ci"}, {"ascii", "ascii_general_ci"},
    {"big5", "big5_chinese_ci"},         {"binary", "binary"},
    {"cp1250", "cp1250_general_ci"},     {"cp1251", "cp1251_general_ci"},
    {"cp1256", "cp1256_general_ci"},     {"cp1257", "cp1257_general_ci"},
    {"cp850", "cp850_general_ci"},       {"cp852", "cp852_general_ci"},
    {"cp866", "cp866_general_ci"},       {"cp932", "cp932_japanese_ci"},
    {"dec8", "dec8_swedish_ci"},         {"eucjpms", "eucjpms_japanese_ci"},
    {"euckr", "euckr_korean_ci"},        {"gb18030", "gb18030_chinese_ci"},
    {"gb2312", "gb2312_chinese_ci"},     {"gbk", "gbk_chinese_ci"},
    {"geostd8", "geostd8_general_ci"},   {"greek", "greek_general_ci"},
    {"hebrew", "hebrew_general_ci"},     {"hp8", "hp8_english_ci"},
    {"keybcs2", "keybcs2_general_ci"},   {"koi8r", "koi8r_general_ci"},
    {"koi8u", "koi8u_general_ci"},       {"latin1", "latin1_swedish_ci"},
    {"latin2", "latin2_general_ci"},     {"latin5", "latin5_turkish_ci"},
    {"latin7", "latin7_general_ci"},     {"macce", "macce_general_ci"},
    {"macroman", "macroman_general_ci"}, {"sjis", "sjis_japanese_ci"},
    {"swe7", "swe7_swedish_ci"},         {"tis620", "tis620_thai_ci"},
    {"ucs2", "ucs2_general_ci"},         {"ujis", "ujis_japanese_ci"},
    {"utf16", "utf16_general_ci"},       {"utf16le", "utf16le_general_ci"},
    {"utf32", "utf32_general_ci"},       {"utf8mb3", "utf8mb3_general_ci"},
    {"utf8mb4", "utf8mb4_general_ci"},
};

// Every collation name binlog/charset.h knows, built once from its id table.
const std::unordered_map<std::string_view, uint16_t>& CollationsByName() {
  static const auto* const kByName = [] {
    auto* map = new std::unordered_map<std::string_view, uint16_t>();
    for (uint32_t id = 1; id < 4096; ++id) {
      const binlog::CharsetInfo* info = binlog::FindCollation(static_cast<uint16_t>(id));
      if (info != nullptr) map->emplace(info->collation_name, static_cast<uint16_t>(id));
    }
    return map;
  }();
  return *kByName;
}

std::string Utf8Alias(std::string_view name) {
  std::string lower = AsciiLowerCopy(name);
  if (lower == "utf8") return "utf8mb3";
  if (lower.starts_with("utf8_")) return "utf8mb3_" + lower.substr(5);
  return lower;
}

}  // namespace

std::string_view ToString(AlterSpec::Kind kind) {
  switch (kind) {
    case AlterSpec::Kind::kAddColumn:
      return "add-column";
    case AlterSpec::Kind::kDropColumn:
      return "drop-column";
    case AlterSpec::Kind::kChangeColumn:
      return "change-column";
    case AlterSpec::Kind::kModifyColumn:
      return "modify-column";
    case AlterSpec::Kind::kRenameColumn:
      return "rename-column";
    case AlterSpec::Kind::kRenameTable:
      return "rename-table";
    case AlterSpec::Kind::kAddPrimaryKey:
      return "add-primary-key";
    case AlterSpec::Kind::kDropPrimaryKey:
      return "drop-primary-key";
    case AlterSpec::Kind::kConvertCharset:
      return "convert-charset";
    case AlterSpec::Kind::kTableCharset:
      return "table-charset";
  }
  return "?";
}

std::string_view ToString(ParsedDdl::Kind kind) {
  switch (kind) {
    case ParsedDdl::Kind::kNone:
      return "none";
    case ParsedDdl::Kind::kCreateTable:
      return "create-table";
    case ParsedDdl::Kind::kAlterTable:
      return "alter-table";
    case ParsedDdl::Kind::kRenameTables:
      return "rename-tables";
    case ParsedDdl::Kind::kDropTables:
      return "drop-tables";
    case ParsedDdl::Kind::kTruncateTable:
      return "truncate-table";
    case ParsedDdl::Kind::kCreateDatabase:
      return "create-database";
    case ParsedDdl::Kind::kAlterDatabase:
      return "alter-database";
    case ParsedDdl::Kind::kDropDatabase:
      return "drop-database";
  }
  return "?";
}

ParsedDdl ParseDdl(std::string_view sql) {
  ParsedDdl parsed;
  std::vector<Token> tokens;
  Status lexed = Tokenize(sql, &tokens);
  if (!lexed.ok()) {
    // Still tell which statement and table, when the text before the problem says so: parse the
    // tokens read so far (the error stays the lexer's).
    Token end;
    end.offset = sql.size();
    tokens.push_back(end);
    Parser(sql, std::move(tokens)).Parse(&parsed);
    parsed.error = lexed;
    return parsed;
  }
  Parser(sql, std::move(tokens)).Parse(&parsed);
  return parsed;
}

bool SameColumnName(std::string_view a, std::string_view b) {
  return EqualsIgnoreAsciiCase(a, b);
}

uint16_t CollationIdByName(std::string_view name, std::string_view charset_hint) {
  const auto& by_name = CollationsByName();
  std::string lower = Utf8Alias(name);
  auto found = by_name.find(lower);
  if (found != by_name.end()) return found->second;
  if (!charset_hint.empty()) {
    found = by_name.find(Utf8Alias(charset_hint) + "_" + lower);
    if (found != by_name.end()) return found->second;
  }
  return 0;
}

uint16_t DefaultCollationOf(std::string_view charset) {
  std::string lower = Utf8Alias(charset);
  for (const CharsetDefault& entry : kCharsetDefaults) {
    if (entry.charset == lower) return CollationIdByName(entry.collation);
  }
  return 0;
}

uint16_t BinCollationOf(uint16_t collation) {
  const binlog::CharsetInfo* info = binlog::FindCollation(collation);
  if (info == nullptr) return 0;
  if (info->charset_name == "binary") return collation;
  return CollationIdByName(std::string(info->charset_name) + "_bin");
}

}  // namespace cdc::capture
