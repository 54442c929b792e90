#include "capture_workload.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <deque>
#include <random>

#include "harness/process.h"

namespace cdc::harness {
namespace {

// The value kinds of non-key columns; each has its SQL type and a generator of literals.
enum class Kind : uint8_t {
  kTinyInt,
  kInt,
  kBigUnsigned,
  kDecimal,
  kDouble,
  kDateTime6,
  kTimestamp3,
  kDate,
  kTime2,
  kBit5,
  kVarcharUtf8,
  kVarcharLatin1,
  kText,
  kJson,
  kBlob,
  kVarbinary,
  kEnum,
  kSet,
};
constexpr int kKindCount = static_cast<int>(Kind::kSet) + 1;

enum class KeyKind : uint8_t { kIntUnsigned, kBigUnsigned, kComposite, kVarchar };
constexpr int kKeyKindCount = 4;

struct Column {
  std::string name;
  Kind kind = Kind::kInt;
  bool nullable = true;
};

struct Table {
  std::string name;
  KeyKind key_kind = KeyKind::kIntUnsigned;
  std::vector<std::string> key_columns;        // in column order
  std::vector<Column> columns;                 // the non-key columns, current
  std::vector<std::vector<std::string>> keys;  // live keys as SQL literals, key_columns order
  uint64_t next_key = 1;
};

std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    if (part_idx > 0) out += separator;
    out += parts[part_idx];
  }
  return out;
}

std::string SqlType(const Column& column) {
  std::string type;
  switch (column.kind) {
    case Kind::kTinyInt:
      type = "TINYINT";
      break;
    case Kind::kInt:
      type = "INT";
      break;
    case Kind::kBigUnsigned:
      type = "BIGINT UNSIGNED";
      break;
    case Kind::kDecimal:
      type = "DECIMAL(12,2)";
      break;
    case Kind::kDouble:
      type = "DOUBLE";
      break;
    case Kind::kDateTime6:
      type = "DATETIME(6)";
      break;
    case Kind::kTimestamp3:
      type = "TIMESTAMP(3)";
      break;
    case Kind::kDate:
      type = "DATE";
      break;
    case Kind::kTime2:
      type = "TIME(2)";
      break;
    case Kind::kBit5:
      type = "BIT(5)";
      break;
    case Kind::kVarcharUtf8:
      type = "VARCHAR(60)";
      break;
    case Kind::kVarcharLatin1:
      type = "VARCHAR(40) CHARACTER SET latin1";
      break;
    case Kind::kText:
      type = "TEXT";
      break;
    case Kind::kJson:
      type = "JSON";
      break;
    case Kind::kBlob:
      type = "BLOB";
      break;
    case Kind::kVarbinary:
      type = "VARBINARY(16)";
      break;
    case Kind::kEnum:
      type = "ENUM('new','paid','shipped','it''s')";
      break;
    case Kind::kSet:
      type = "SET('red','green','blue','x y')";
      break;
  }
  return type + (column.nullable ? " NULL" : " NOT NULL");
}

}  // namespace

struct CaptureWorkload::Impl {
  Impl(uint64_t seed_in, Options options_in) : seed(seed_in), options(std::move(options_in)), rng(seed_in) {}

  uint64_t seed;
  Options options;
  std::mt19937_64 rng;
  std::vector<Table> tables;
  Counts counts;
  std::deque<std::string> recent;
  uint64_t name_counter = 0;
  MariaDbClient* client = nullptr;

  // ------------------------------------------------------------------------------------------ randomness

  // Uniform in [0, n); our own reduction so that a seed means the same on every standard library.
  uint64_t Below(uint64_t n) { return n == 0 ? 0 : rng() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

  std::string Digits(uint64_t value, int width) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%0*" PRIu64, width, value);
    return buf;
  }

  std::string Text(size_t max_pieces) {
    static const std::vector<std::string> kPieces = {
        "a",  "hello", "héllo", "Ünïcödé", "😀", "日本語", ",", "\"", "'",  "\\", "\n", "\r\n",
        "\t", " ",     "x y",   "NULLish", "0", "-1",     ";", "|",  "{}", "%_", "ß"};
    std::string out;
    size_t pieces = Below(max_pieces + 1);
    for (size_t piece_idx = 0; piece_idx < pieces; ++piece_idx) out += Pick(kPieces);
    return out;
  }

  std::string Latin1Text() {
    static const std::vector<std::string> kPieces = {"abc", "é", "€", "ß", "Ä", " ", ",", "\"", "ÿ", "x"};
    std::string out;
    size_t pieces = Below(8);
    for (size_t piece_idx = 0; piece_idx < pieces; ++piece_idx) out += Pick(kPieces);
    return out;
  }

  std::string HexBytes(size_t max_bytes) {
    size_t size = Below(max_bytes + 1);
    std::string out = "X'";
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (size_t byte_idx = 0; byte_idx < size; ++byte_idx) {
      uint64_t byte = Chance(10) ? 0 : Below(256);
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
    return out + "'";
  }

  std::string Value(const Column& column) {
    if (column.nullable && Chance(10)) return "NULL";
    switch (column.kind) {
      case Kind::kTinyInt:
        return std::to_string(static_cast<int>(Below(256)) - 128);
      case Kind::kInt: {
        if (Chance(5)) return Chance(50) ? "-2147483648" : "2147483647";
        return std::to_string(static_cast<int64_t>(Below(2000001)) - 1000000);
      }
      case Kind::kBigUnsigned:
        return Chance(5) ? "18446744073709551615" : std::to_string(rng());
      case Kind::kDecimal: {
        uint64_t cents = Below(1000000000000ULL);
        return std::string(Chance(30) ? "-" : "") + std::to_string(cents / 100) + "." +
               Digits(cents % 100, 2);
      }
      case Kind::kDouble: {
        // Quarters print the same in SELECT and in lakefeed's shortest form.
        int64_t quarters = static_cast<int64_t>(Below(800001)) - 400000;
        std::string sign = quarters < 0 ? "-" : "";
        uint64_t magnitude = static_cast<uint64_t>(quarters < 0 ? -quarters : quarters);
        return sign + std::to_string(magnitude / 4) + "." + std::to_string(magnitude % 4 * 25);
      }
      case Kind::kDateTime6:
        return "'" + std::to_string(1990 + Below(40)) + "-" + Digits(1 + Below(12), 2) + "-" +
               Digits(1 + Below(28), 2) + " " + Digits(Below(24), 2) + ":" + Digits(Below(60), 2) + ":" +
               Digits(Below(60), 2) + "." + Digits(Below(1000000), 6) + "'";
      case Kind::kTimestamp3:
        return "'" + std::to_string(1971 + Below(66)) + "-" + Digits(1 + Below(12), 2) + "-" +
               Digits(1 + Below(28), 2) + " " + Digits(Below(24), 2) + ":" + Digits(Below(60), 2) + ":" +
               Digits(Below(60), 2) + "." + Digits(Below(1000), 3) + "'";
      case Kind::kDate:
        return "'" + std::to_string(1000 + Below(9000)) + "-" + Digits(1 + Below(12), 2) + "-" +
               Digits(1 + Below(28), 2) + "'";
      case Kind::kTime2:
        return "'" + std::string(Chance(20) ? "-" : "") + Digits(Below(838), 2) + ":" + Digits(Below(60), 2) +
               ":" + Digits(Below(60), 2) + "." + Digits(Below(100), 2) + "'";
      case Kind::kBit5:
        return std::to_string(Below(32));
      case Kind::kVarcharUtf8:
        return SqlQuote(Text(6));
      case Kind::kVarcharLatin1:
        return SqlQuote(Latin1Text());
      case Kind::kText: {
        std::string text = Text(12);
        if (Chance(10)) text += std::string(Below(3000), 'z');
        return SqlQuote(text);
      }
      case Kind::kJson: {
        static const std::vector<std::string> kStrings = {"", "plain", "héllo", "😀", "a,b", "x y"};
        return SqlQuote("{\"k\": " + std::to_string(Below(1000)) + ", \"s\": \"" + Pick(kStrings) +
                        "\", \"a\": [1, 2.5, null, true]}");
      }
      case Kind::kBlob:
        return HexBytes(Chance(10) ? 2000 : 40);
      case Kind::kVarbinary:
        return HexBytes(16);
      case Kind::kEnum: {
        static const std::vector<std::string> kLabels = {"'new'", "'paid'", "'shipped'", "'it''s'"};
        return Pick(kLabels);
      }
      case Kind::kSet: {
        static const std::vector<std::string> kLabels = {"red", "green", "blue", "x y"};
        std::vector<std::string> chosen;
        for (const std::string& label : kLabels) {
          if (Chance(40)) chosen.push_back(label);
        }
        return "'" + Join(chosen, ",") + "'";
      }
    }
    return "NULL";
  }

  // ------------------------------------------------------------------------------------------------ keys

  std::vector<std::string> NewKey(Table& table) {
    uint64_t n = table.next_key++;
    switch (table.key_kind) {
      case KeyKind::kIntUnsigned:
        return {std::to_string(n % 5 == 0 ? 4294967295ULL - n : n)};
      case KeyKind::kBigUnsigned:
        return {std::to_string(n % 2 == 0 ? 18446744073709551615ULL - n * 7 : n * 1000003)};
      case KeyKind::kComposite: {
        static const std::vector<std::string> kRegions = {"'EU'", "'US'", "'AP'", "'SA'"};
        int64_t middle = static_cast<int64_t>(n / 4) * (n % 3 == 0 ? -1 : 1);
        return {kRegions[n % 4], std::to_string(middle), std::to_string(static_cast<int64_t>(n % 7) - 3)};
      }
      case KeyKind::kVarchar: {
        static const std::vector<std::string> kSuffixes = {"", "-é", "😀", " x,\"q\"", "\nz"};
        return {SqlQuote("k" + std::to_string(n) + kSuffixes[n % kSuffixes.size()])};
      }
    }
    return {};
  }

  std::string KeyWhere(const Table& table, const std::vector<std::string>& key) {
    std::vector<std::string> parts;
    for (size_t part_idx = 0; part_idx < key.size(); ++part_idx) {
      parts.push_back("`" + table.key_columns[part_idx] + "` = " + key[part_idx]);
    }
    return Join(parts, " AND ");
  }

  std::string Name(const Table& table) { return "`" + options.database + "`.`" + table.name + "`"; }

  // ------------------------------------------------------------------------------------------- statements

  Status Exec(const std::string& sql) {
    recent.push_back(sql.size() > 400 ? sql.substr(0, 400) + "..." : sql);
    if (recent.size() > 200) recent.pop_front();
    Status status = client->Query(sql);
    if (!status.ok()) return status.WithContext("workload seed " + std::to_string(seed));
    return Status::OK();
  }

  std::string CreateTableSql(const Table& table) {
    std::vector<std::string> definitions;
    switch (table.key_kind) {
      case KeyKind::kIntUnsigned:
        definitions.push_back("`id` INT UNSIGNED NOT NULL");
        break;
      case KeyKind::kBigUnsigned:
        definitions.push_back("`id` BIGINT UNSIGNED NOT NULL");
        break;
      case KeyKind::kComposite:
        definitions.push_back("`region` CHAR(2) NOT NULL");
        definitions.push_back("`n` INT NOT NULL");
        definitions.push_back("`part` SMALLINT NOT NULL");
        break;
      case KeyKind::kVarchar:
        definitions.push_back("`code` VARCHAR(40) NOT NULL");
        break;
    }
    for (const Column& column : table.columns)
      definitions.push_back("`" + column.name + "` " + SqlType(column));
    // The composite key is declared in another order than its columns: key order matters to the oracle.
    std::string key =
        table.key_kind == KeyKind::kComposite ? "`n`, `region`, `part`" : "`" + table.key_columns[0] + "`";
    definitions.push_back("PRIMARY KEY (" + key + ")");
    return "CREATE TABLE " + Name(table) + " (" + Join(definitions, ", ") + ") ENGINE=InnoDB";
  }

  Table MakeTable(std::string name, KeyKind key_kind, std::vector<Column> columns) {
    Table table;
    table.name = std::move(name);
    table.key_kind = key_kind;
    switch (key_kind) {
      case KeyKind::kIntUnsigned:
      case KeyKind::kBigUnsigned:
        table.key_columns = {"id"};
        break;
      case KeyKind::kComposite:
        table.key_columns = {"region", "n", "part"};
        break;
      case KeyKind::kVarchar:
        table.key_columns = {"code"};
        break;
    }
    table.columns = std::move(columns);
    return table;
  }

  Table RandomTable(std::string name) {
    KeyKind key_kind = static_cast<KeyKind>(Below(kKeyKindCount));
    std::vector<Column> columns;
    size_t count = 2 + Below(5);
    for (size_t column_idx = 0; column_idx < count; ++column_idx) {
      Column column;
      column.name = "c" + std::to_string(++name_counter);
      column.kind = static_cast<Kind>(Below(kKindCount));
      column.nullable = column.kind == Kind::kTimestamp3 || Chance(75);
      columns.push_back(column);
    }
    return MakeTable(std::move(name), key_kind, std::move(columns));
  }

  std::string RowValues(Table& table, const std::vector<std::string>& key) {
    std::vector<std::string> values = key;
    for (const Column& column : table.columns) values.push_back(Value(column));
    return "(" + Join(values, ", ") + ")";
  }

  std::string ColumnList(const Table& table) {
    std::vector<std::string> names;
    for (const std::string& key_column : table.key_columns) names.push_back("`" + key_column + "`");
    for (const Column& column : table.columns) names.push_back("`" + column.name + "`");
    return "(" + Join(names, ", ") + ")";
  }

  Status Insert(Table& table, size_t rows) {
    std::vector<std::string> tuples;
    for (size_t row_idx = 0; row_idx < rows; ++row_idx) {
      std::vector<std::string> key = NewKey(table);
      tuples.push_back(RowValues(table, key));
      table.keys.push_back(std::move(key));
    }
    counts.inserts += rows;
    return Exec("INSERT INTO " + Name(table) + " " + ColumnList(table) + " VALUES " + Join(tuples, ", "));
  }

  std::string SetClause(Table& table) {
    std::vector<std::string> sets;
    for (const Column& column : table.columns) {
      if (sets.empty() || Chance(35)) sets.push_back("`" + column.name + "` = " + Value(column));
    }
    return Join(sets, ", ");
  }

  Status Update(Table& table) {
    if (table.keys.empty()) return Insert(table, 1);
    if (Chance(25)) {
      // Several rows in one statement; one SET for all of them.
      std::vector<std::string> wheres;
      size_t rows = 2 + Below(4);
      for (size_t row_idx = 0; row_idx < rows; ++row_idx)
        wheres.push_back("(" + KeyWhere(table, Pick(table.keys)) + ")");
      counts.updates += rows;
      return Exec("UPDATE " + Name(table) + " SET " + SetClause(table) + " WHERE " + Join(wheres, " OR "));
    }
    counts.updates += 1;
    return Exec("UPDATE " + Name(table) + " SET " + SetClause(table) + " WHERE " +
                KeyWhere(table, Pick(table.keys)));
  }

  Status Delete(Table& table) {
    if (table.keys.empty()) return Insert(table, 1);
    size_t rows = 1 + Below(3);
    std::vector<std::string> wheres;
    for (size_t row_idx = 0; row_idx < rows && !table.keys.empty(); ++row_idx) {
      size_t victim = Below(table.keys.size());
      wheres.push_back("(" + KeyWhere(table, table.keys[victim]) + ")");
      table.keys.erase(table.keys.begin() + static_cast<std::ptrdiff_t>(victim));
      counts.deletes += 1;
    }
    return Exec("DELETE FROM " + Name(table) + " WHERE " + Join(wheres, " OR "));
  }

  Status KeyUpdate(Table& table) {
    if (table.keys.empty()) return Insert(table, 1);
    size_t victim = Below(table.keys.size());
    std::vector<std::string> old_key = table.keys[victim];
    std::vector<std::string> new_key = NewKey(table);
    std::vector<std::string> sets;
    for (size_t part_idx = 0; part_idx < new_key.size(); ++part_idx) {
      sets.push_back("`" + table.key_columns[part_idx] + "` = " + new_key[part_idx]);
    }
    if (Chance(50) && !table.columns.empty()) sets.push_back(SetClause(table));
    table.keys[victim] = new_key;
    counts.key_updates += 1;
    return Exec("UPDATE " + Name(table) + " SET " + Join(sets, ", ") + " WHERE " + KeyWhere(table, old_key));
  }

  Status RandomDml(Table& table) {
    uint64_t roll = Below(100);
    if (roll < 45) return Insert(table, 1 + Below(4));
    if (roll < 75) return Update(table);
    if (roll < 90) return Delete(table);
    return KeyUpdate(table);
  }

  Table& RandomTableRef() { return tables[Below(tables.size())]; }

  // ------------------------------------------------------------------------------------------------- DDL

  Status Ddl() {
    counts.ddls += 1;
    uint64_t roll = Below(100);
    Table& table = RandomTableRef();
    if (roll < 25) {
      Column column;
      column.name = "x" + std::to_string(++name_counter);
      column.kind = static_cast<Kind>(Below(kKindCount));
      column.nullable = true;  // existing rows get NULL: a replay can know that without the default
      std::string sql = "ALTER TABLE " + Name(table) + " ADD COLUMN `" + column.name + "` " + SqlType(column);
      if (Chance(30)) {
        // In the middle: right after the key columns (which come first in every table).
        sql += " AFTER `" + table.key_columns.back() + "`";
        table.columns.insert(table.columns.begin(), column);
      } else {
        table.columns.push_back(column);
      }
      return Exec(sql);
    }
    if (roll < 40) {
      if (table.columns.size() < 2) return Insert(table, 1);
      size_t victim = Below(table.columns.size());
      std::string name = table.columns[victim].name;
      table.columns.erase(table.columns.begin() + static_cast<std::ptrdiff_t>(victim));
      return Exec("ALTER TABLE " + Name(table) + " DROP COLUMN `" + name + "`");
    }
    if (roll < 55) {
      if (table.columns.empty()) return Insert(table, 1);
      Column& column = table.columns[Below(table.columns.size())];
      std::string old_name = column.name;
      column.name = "r" + std::to_string(++name_counter);
      return Exec("ALTER TABLE " + Name(table) + " RENAME COLUMN `" + old_name + "` TO `" + column.name +
                  "`");
    }
    if (roll < 65 && options.table_renames) {  // without renames, these rolls truncate
      std::string old_name = Name(table);
      std::string base = table.name.substr(0, table.name.find("__"));
      table.name = base + "__" + std::to_string(++name_counter);
      return Exec("RENAME TABLE " + old_name + " TO " + Name(table));
    }
    if (roll < 75) {
      table.keys.clear();
      return Exec("TRUNCATE TABLE " + Name(table));
    }
    if (roll < 88 && tables.size() < 8) {
      tables.push_back(RandomTable("t_new" + std::to_string(++name_counter)));
      Status created = Exec(CreateTableSql(tables.back()));
      if (!created.ok()) return created;
      return Insert(tables.back(), 1 + Below(5));
    }
    if (tables.size() > 3) {
      size_t victim = Below(tables.size());
      std::string name = Name(tables[victim]);
      tables.erase(tables.begin() + static_cast<std::ptrdiff_t>(victim));
      return Exec("DROP TABLE " + name);
    }
    return Insert(table, 1);
  }

  // ------------------------------------------------------------------------------------------------ steps

  Status Transaction(size_t statements) {
    CDC_RETURN_IF_ERROR(Exec("BEGIN"));
    for (size_t statement_idx = 0; statement_idx < statements; ++statement_idx) {
      CDC_RETURN_IF_ERROR(RandomDml(RandomTableRef()));
    }
    counts.transactions += 1;
    return Exec("COMMIT");
  }

  Status RolledBack() {
    std::vector<Table> saved = tables;
    Counts saved_counts = counts;
    CDC_RETURN_IF_ERROR(Exec("BEGIN"));
    size_t statements = 1 + Below(5);
    for (size_t statement_idx = 0; statement_idx < statements; ++statement_idx) {
      CDC_RETURN_IF_ERROR(RandomDml(RandomTableRef()));
    }
    CDC_RETURN_IF_ERROR(Exec("ROLLBACK"));
    tables = std::move(saved);
    counts = saved_counts;
    counts.rollbacks += 1;
    return Status::OK();
  }

  Status WithSavepoint() {
    CDC_RETURN_IF_ERROR(Exec("BEGIN"));
    CDC_RETURN_IF_ERROR(RandomDml(RandomTableRef()));
    CDC_RETURN_IF_ERROR(Exec("SAVEPOINT sp1"));
    std::vector<Table> saved = tables;
    Counts saved_counts = counts;
    size_t statements = 1 + Below(3);
    for (size_t statement_idx = 0; statement_idx < statements; ++statement_idx) {
      CDC_RETURN_IF_ERROR(RandomDml(RandomTableRef()));
    }
    CDC_RETURN_IF_ERROR(Exec("ROLLBACK TO SAVEPOINT sp1"));
    tables = std::move(saved);
    counts = saved_counts;
    counts.rollbacks += 1;
    CDC_RETURN_IF_ERROR(RandomDml(RandomTableRef()));
    counts.transactions += 1;
    return Exec("COMMIT");
  }

  Status Step() {
    counts.steps += 1;
    uint64_t roll = Below(100);
    if (roll < 28) return Insert(RandomTableRef(), 1 + Below(4));
    if (roll < 46) return Update(RandomTableRef());
    if (roll < 56) return Delete(RandomTableRef());
    if (roll < 62) return KeyUpdate(RandomTableRef());
    if (roll < 77) return Transaction(2 + Below(5));
    if (roll < 82) return RolledBack();
    if (roll < 86) return WithSavepoint();
    if (roll < 88) return Insert(RandomTableRef(), static_cast<size_t>(options.bulk_rows));
    if (roll < 96 && options.ddl) return Ddl();
    if (roll < 97 && options.rotate) return Exec("FLUSH BINARY LOGS");
    return Insert(RandomTableRef(), 1);
  }
};

CaptureWorkload::CaptureWorkload(uint64_t seed, Options options)
    : impl_(std::make_unique<Impl>(seed, std::move(options))) {}

CaptureWorkload::~CaptureWorkload() = default;

void CaptureWorkload::set_ddl(bool ddl) { impl_->options.ddl = ddl; }

uint64_t CaptureWorkload::seed() const {
  return impl_->seed;
}
const CaptureWorkload::Counts& CaptureWorkload::counts() const {
  return impl_->counts;
}

std::string CaptureWorkload::RecentStatements() const {
  std::string out;
  for (const std::string& sql : impl_->recent) out += "  " + sql + "\n";
  return out;
}

Status CaptureWorkload::Setup(MariaDbClient& client) {
  Impl& w = *impl_;
  w.client = &client;
  auto column = [](std::string name, Kind kind, bool nullable = true) {
    return Column{std::move(name), kind, nullable};
  };
  w.tables.push_back(
      w.MakeTable("orders", KeyKind::kIntUnsigned,
                  {column("customer", Kind::kVarcharUtf8, false), column("amount", Kind::kDecimal),
                   column("created", Kind::kDateTime6), column("paid_at", Kind::kTimestamp3),
                   column("doc", Kind::kJson), column("data", Kind::kBlob), column("status", Kind::kEnum),
                   column("tags", Kind::kSet), column("note", Kind::kText)}));
  w.tables.push_back(w.MakeTable(
      "events", KeyKind::kBigUnsigned,
      {column("kind", Kind::kTinyInt, false), column("weight", Kind::kDouble), column("day", Kind::kDate),
       column("at", Kind::kTime2), column("flags", Kind::kBit5), column("payload", Kind::kVarbinary),
       column("label", Kind::kVarcharLatin1), column("big", Kind::kBigUnsigned)}));
  w.tables.push_back(w.MakeTable("lines", KeyKind::kComposite,
                                 {column("qty", Kind::kInt, false), column("price", Kind::kDecimal),
                                  column("note", Kind::kVarcharUtf8)}));
  w.tables.push_back(
      w.MakeTable("codes", KeyKind::kVarchar,
                  {column("title", Kind::kVarcharUtf8), column("body", Kind::kText),
                   column("doc", Kind::kJson), column("ts", Kind::kTimestamp3), column("n", Kind::kInt)}));
  for (int extra = 4; extra < w.options.initial_tables; ++extra) {
    w.tables.push_back(w.RandomTable("extra" + std::to_string(extra)));
  }
  CDC_RETURN_IF_ERROR(w.Exec("CREATE DATABASE IF NOT EXISTS `" + w.options.database + "`"));
  for (Table& table : w.tables) {
    CDC_RETURN_IF_ERROR(w.Exec(w.CreateTableSql(table)));
    CDC_RETURN_IF_ERROR(w.Insert(table, 3));
  }
  return Status::OK();
}

Status CaptureWorkload::Run(MariaDbClient& client, int steps, const std::atomic<bool>* stop) {
  Impl& w = *impl_;
  w.client = &client;
  if (w.tables.empty()) return Status::InvalidArgument("CaptureWorkload::Run before Setup");
  for (int step_idx = 0; step_idx < steps; ++step_idx) {
    if (stop != nullptr && stop->load()) break;
    CDC_RETURN_IF_ERROR(w.Step());
  }
  return Status::OK();
}

uint64_t WorkloadSeed() {
  std::string text = GetEnvOr("LAKEFEED_WORKLOAD_SEED", "");
  if (!text.empty()) return ParseUnsigned(text, 1);
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

uint64_t PrintWorkloadSeed() {
  const uint64_t seed = WorkloadSeed();
  std::printf("workload seed %" PRIu64 " (LAKEFEED_WORKLOAD_SEED=%" PRIu64 " replays it)\n", seed, seed);
  std::fflush(stdout);
  ::testing::Test::RecordProperty("workload_seed", std::to_string(seed));
  return seed;
}

BackgroundWorkload::BackgroundWorkload(uint64_t seed, CaptureWorkload::Options options)
    : workload_(std::make_unique<CaptureWorkload>(seed, std::move(options))) {
  step_ = [this](MariaDbClient& client, const std::atomic<bool>* stop) { return workload_->Run(client, 3, stop); };
}

BackgroundWorkload::BackgroundWorkload(Step step) : step_(std::move(step)) {}

BackgroundWorkload::~BackgroundWorkload() { (void)Stop(); }

Status BackgroundWorkload::Setup(MariaDbSandbox& db) {
  CDC_ASSIGN_OR_RETURN(client_, db.Connect());
  return workload_->Setup(*client_);
}

Status BackgroundWorkload::Start(MariaDbSandbox& db) {
  CDC_ASSIGN_OR_RETURN(client_, db.Connect());
  stop_.store(false);
  thread_ = std::thread([this] {
    while (!stop_.load()) {
      Status status = step_(*client_, &stop_);
      if (!status.ok()) {
        error_ = status;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  });
  return Status::OK();
}

Status BackgroundWorkload::Stop() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  return error_;
}

}  // namespace cdc::harness
