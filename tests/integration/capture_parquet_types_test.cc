// Every type and edge value of the decoder tests' workload (types_workload.h), captured by `lakefeed sync`
// into Parquet change files, read back by two independent readers -- DuckDB (@duckdb/node-api) and hyparquet
// -- and compared with SELECT on the source (issue 6).
//
// The workload runs twice on a FULL-metadata server:
//  - pqt_load: each table's INSERT steps run before the first `sync` (start: full-load-and-cdc), so they
//    reach the lake as LOAD files; the table's first UPDATE/DELETE/transaction step and all after it run
//    before the second `sync`, so they reach it as change files on top of the loaded rows. The LOAD files
//    alone must also equal SELECT as it was when the load ran;
//  - pqt_cdc: the whole workload (CREATE TABLEs included) between the two syncs, so every edge value, every
//    UPDATE and DELETE, the multi-statement transaction, the statement spanning several rows events and the
//    binlog rotation reach the lake only as change files.
// No step is left out: the capture can do every one of them.
//
// tests/node/parquet/lake-rows.mjs reads every Parquet file of every table with both readers and prints each
// value in a canonical text form chosen from the column's Parquet type alone (it knows nothing of the source
// and does not use lakefeed's reader). For each reader the test then keeps each key's latest row by
// _lakefeed_seq, drops the keys whose latest row is a delete (Op = 'D'; LOAD files have no Op column and hold
// inserts), and compares every column of every remaining row with SELECT. Where the Parquet form legitimately
// differs from lakefeed's text form (docs/value-text.md), ExpectedInParquet converts SELECT's value; its
// comment lists each rule with the docs/parquet.md rule it follows. Everything else must be equal exactly;
// the one inexact reading is hyparquet's DECIMAL, a JS number (CompareDecimalNumber says how tight). The test
// also checks each column's Parquet type and DuckDB's type against docs/parquet.md, and that the two readers
// agree on every row of every file (the history rows too, which SELECT cannot check).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "capture_check.h"
#include "harness/column_info.h"
#include "harness/lakefeed_task.h"
#include "harness/mismatches.h"
#include "harness/sandbox_environment.h"
#include "harness/value_oracle.h"
#include "types_workload.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);

constexpr const char* kLoadDb = "pqt_load";
constexpr const char* kCdcDb = "pqt_cdc";
constexpr const char* kSeqColumn = "_lakefeed_seq";
constexpr const char* kCommitColumn = "_lakefeed_commit_us";
constexpr const char* kOpColumn = "Op";

// -------------------------------------------------------------------------------------- the workload

// The types workload of one database, cut in two: `before_load` runs before the first sync, `after_load`
// after it.
struct SplitWorkload {
  std::vector<WorkloadStep> before_load;
  std::vector<WorkloadStep> after_load;
  std::vector<std::string> tables;                       // "db.t", in workload order
  std::map<std::string, std::string> create_statements;  // "db.t" -> CREATE TABLE
};

bool ChangesRows(const WorkloadStep& step) {
  return step.sql.front().rfind("INSERT ", 0) != 0;
}

// With `load_inserts`, a table's steps go before the load until its first step that is not an INSERT, and all
// its later steps after it; a setup step (CREATE, SET, FLUSH) goes with the next table step. Without it,
// every step goes after the load.
SplitWorkload Split(const std::string& db, bool load_inserts) {
  SplitWorkload split;
  const std::vector<WorkloadStep> steps = TypesWorkload(db);
  std::vector<bool> after(steps.size(), true);
  if (load_inserts) {
    std::set<std::string> changed;  // tables whose first non-INSERT step has come
    for (size_t step_idx = 0; step_idx < steps.size(); ++step_idx) {
      const WorkloadStep& step = steps[step_idx];
      if (step.table.empty()) continue;
      if (ChangesRows(step)) changed.insert(step.table);
      after[step_idx] = changed.count(step.table) > 0;
    }
    for (size_t step_idx = steps.size(); step_idx-- > 0;) {
      if (steps[step_idx].table.empty())
        after[step_idx] = step_idx + 1 == steps.size() || after[step_idx + 1];
    }
  }
  for (size_t step_idx = 0; step_idx < steps.size(); ++step_idx) {
    const WorkloadStep& step = steps[step_idx];
    if (step.table.empty() && step.sql.front().rfind("CREATE TABLE ", 0) == 0) {
      std::string name = step.sql.front().substr(13);
      split.create_statements[name.substr(0, name.find(' '))] = step.sql.front();
    }
    if (!step.table.empty() &&
        std::find(split.tables.begin(), split.tables.end(), step.table) == split.tables.end()) {
      split.tables.push_back(step.table);
    }
    (after[step_idx] ? split.after_load : split.before_load).push_back(step);
  }
  return split;
}

Status RunSteps(MariaDbClient& client, const std::vector<WorkloadStep>& steps) {
  for (const WorkloadStep& step : steps) {
    for (const std::string& sql : step.sql) {
      Status status = client.Query(sql);
      if (!status.ok()) return status.WithContext(sql.substr(0, 200));
    }
  }
  return Status::OK();
}

// -------------------------------------------------------------------------------------- reading Parquet

// What lake-rows.mjs printed for one file (see its header for the forms).
struct ParquetColumn {
  std::string name;
  std::string physical;   // "INT32", "FIXED_LEN_BYTE_ARRAY(16)", ...
  std::string logical;    // "INTEGER(8,signed)", "DECIMAL(10,2)", "TIMESTAMP(MICROS,UTC)", "STRING", "" ...
  std::string converted;  // the ConvertedType, "" for none
  std::string duckdb_type;
};

struct ReaderRows {
  std::vector<std::string> forms;  // per column: "text", or "number" (a DECIMAL read as a JS number)
  std::vector<Row> rows;
};

struct ParquetFile {
  std::string path;
  std::string name;  // relative to the lake
  bool is_load = false;
  int64_t num_rows = 0;
  std::vector<ParquetColumn> columns;
  std::map<std::string, ReaderRows> readers;  // "duckdb", "hyparquet"

  int IndexOf(const std::string& column) const {
    for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      if (columns[column_idx].name == column) return static_cast<int>(column_idx);
    }
    return -1;
  }
};

constexpr const char* kReaders[] = {"duckdb", "hyparquet"};

// The Parquet files under `dir` (recursively), sorted.
std::vector<std::string> ParquetFiles(const std::string& dir) {
  std::vector<std::string> paths;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (it->is_regular_file() && it->path().extension() == ".parquet") paths.push_back(it->path().string());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Runs lake-rows.mjs on `paths` (one node process for all of them). IOError when it fails.
Result<std::vector<ParquetFile>> ReadWithBothReaders(const std::vector<std::string>& paths,
                                                     const std::string& lake_dir,
                                                     const std::string& scratch_dir) {
  const std::string out = scratch_dir + "/lake-rows.json";
  std::vector<std::string> argv = {"node", LAKEFEED_PARQUET_LAKE_ROWS, out};
  argv.insert(argv.end(), paths.begin(), paths.end());
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, std::chrono::minutes(3)));
  if (result.exit_code != 0)
    return Status::IOError("lake-rows.mjs failed", result.stderr_text.substr(0, 4000));
  CDC_ASSIGN_OR_RETURN(std::string text, ReadFile(out));
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::IOError("lake-rows.mjs", "output is not JSON");
  std::vector<ParquetFile> files;
  for (const nlohmann::json& file_json : json["files"]) {
    ParquetFile file;
    file.path = file_json["path"].get<std::string>();
    file.name = file.path.substr(lake_dir.size() + 1);
    file.is_load = std::filesystem::path(file.path).filename().string().rfind("LOAD", 0) == 0;
    file.num_rows = file_json["num_rows"].get<int64_t>();
    for (const nlohmann::json& column : file_json["columns"]) {
      file.columns.push_back(
          {column["name"].get<std::string>(), column["physical"].get<std::string>(),
           column["logical"].get<std::string>(), column["converted"].get<std::string>(),
           column["duckdb_type"].is_string() ? column["duckdb_type"].get<std::string>() : "?"});
    }
    for (const std::string reader : kReaders) {
      const nlohmann::json& reader_json = file_json["readers"][reader];
      ReaderRows& rows = file.readers[reader];
      rows.forms = reader_json["forms"].get<std::vector<std::string>>();
      for (const nlohmann::json& row_json : reader_json["rows"]) {
        Row row;
        for (const nlohmann::json& value : row_json)
          row.push_back(value.is_null() ? Cell() : Cell(value.get<std::string>()));
        rows.rows.push_back(std::move(row));
      }
    }
    files.push_back(std::move(file));
  }
  return files;
}

// -------------------------------------------------------------------------------------- docs/parquet.md

// The Parquet type docs/parquet.md ("Value kinds") gives a MySQL column with the default settings (TIME as
// micros-int64, BIGINT UNSIGNED as unsigned-int64, microsecond timestamps), and the type DuckDB reads it as.
struct DocumentedType {
  std::string physical;
  std::string logical;
  std::string converted;
  std::string duckdb;
  bool operator==(const DocumentedType&) const = default;
};

std::string Show(const DocumentedType& type) {
  return type.physical + " " + (type.logical.empty() ? "(no logical type)" : type.logical) +
         (type.converted.empty() ? "" : " (" + type.converted + ")") + ", DuckDB " + type.duckdb;
}

DocumentedType StringType() {
  return {"BYTE_ARRAY", "STRING", "UTF8", "VARCHAR"};
}
DocumentedType Int64Type() {
  return {"INT64", "", "", "BIGINT"};
}

// The precision of "decimal(p,s) [unsigned]".
int DecimalPrecision(const ColumnInfo& column) {
  return std::atoi(column.column_type.c_str() + column.column_type.find('(') + 1);
}

DocumentedType DocumentedTypeOf(const ColumnInfo& column) {
  const std::string& type = column.data_type;
  if (column.IsInteger()) {
    const int bits = type == "tinyint" ? 8 : type == "smallint" ? 16 : type == "bigint" ? 64 : 32;
    const std::map<int, std::string> duckdb = {
        {8, "TINYINT"}, {16, "SMALLINT"}, {32, "INTEGER"}, {64, "BIGINT"}};
    const std::string sign = column.is_unsigned ? "unsigned" : "signed";
    return {bits == 64 ? "INT64" : "INT32", "INTEGER(" + std::to_string(bits) + "," + sign + ")",
            std::string(column.is_unsigned ? "UINT_" : "INT_") + std::to_string(bits),
            (column.is_unsigned ? "U" : "") + duckdb.at(bits)};
  }
  if (type == "float") return {"FLOAT", "", "", "FLOAT"};
  if (type == "double") return {"DOUBLE", "", "", "DOUBLE"};
  if (type == "decimal") {
    const int precision = DecimalPrecision(column);
    if (precision > 38) return StringType();  // the exact text
    const std::string decimal =
        "DECIMAL(" + std::to_string(precision) + "," + std::to_string(column.precision) + ")";
    // FIXED_LEN_BYTE_ARRAY(n): the fewest bytes whose two's complement holds 10^p - 1: 2^(8n-1) >= 10^p.
    const int bytes = static_cast<int>(std::ceil((precision * std::log2(10.0) + 1) / 8));
    const std::string physical = precision <= 9    ? "INT32"
                                 : precision <= 18 ? "INT64"
                                                   : "FIXED_LEN_BYTE_ARRAY(" + std::to_string(bytes) + ")";
    return {physical, decimal, "DECIMAL", decimal};
  }
  if (type == "year") return {"INT32", "", "", "INTEGER"};
  if (type == "date") return {"INT32", "DATE", "DATE", "DATE"};
  if (type == "datetime") return {"INT64", "TIMESTAMP(MICROS,local)", "", "TIMESTAMP"};
  if (type == "timestamp")
    return {"INT64", "TIMESTAMP(MICROS,UTC)", "TIMESTAMP_MICROS", "TIMESTAMP WITH TIME ZONE"};
  if (type == "time" || type == "bit") return Int64Type();
  if (type == "enum" || type == "set" || type == "inet4" || type == "inet6" || column.IsText())
    return StringType();
  if (column.IsBinary() || column.IsGeometry()) return {"BYTE_ARRAY", "", "", "BLOB"};
  if (type == "uuid") return {"FIXED_LEN_BYTE_ARRAY(16)", "UUID", "", "UUID"};
  return {"(not in docs/parquet.md: " + column.column_type + ")", "", "", ""};
}

// -------------------------------------------------------------------------------------- the oracle

// SELECT's expression for a column: value_oracle's (lakefeed's text form: HEX() of bytes and geometry, BIT as
// unsigned), except FLOAT and DOUBLE, whose exact value is read as in the full load (docs/value-text.md: a
// FLOAT widens to a double exactly, and CAST AS DOUBLE prints the shortest text of that double; '-0' keeps
// the sign).
std::string SelectFor(const ColumnInfo& column) {
  if (column.data_type == "float" || column.data_type == "double") {
    const std::string c = "`" + column.name + "`";
    return "IF(" + c + " = 0 AND ATAN2(" + c + ", -1) < 0, '-0', CAST(" + c + " AS DOUBLE))";
  }
  return SelectExpression(column);
}

bool IsZeroDate(const std::string& text) {
  return text.substr(5, 2) == "00" || text.substr(8, 2) == "00";
}

// "HH:MM:SS" or "HH:MM:SS.f" -> the same with exactly 6 fraction digits.
std::string SixFractionDigits(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos) return text + ".000000";
  return text + std::string(6 - (text.size() - dot - 1), '0');
}

// THE place where the Parquet form of a value differs from lakefeed's text form (docs/value-text.md), i.e.
// from SELECT. Takes SELECT's cell (SelectFor) and returns what a reader must give in lake-rows.mjs's
// canonical form. The rules, each from docs/parquet.md:
//  - DATE, DATETIME: a zero or partly-zero date ('0000-00-00', '2020-00-00', '2020-05-00', ...) is NULL
//    ("What is not kept: Zero dates"). Year 0 with a real month and day ('0000-01-01') is a proleptic
//    Gregorian day and kept.
//  - TIMESTAMP: MySQL's zero timestamp is NULL (same rule).
//  - DATETIME, TIMESTAMP: INT64 TIMESTAMP(MICROS): the column's fsp is not kept, so the fraction always has 6
//    digits ('2001-02-03 04:05:06' -> '2001-02-03 04:05:06.000000'); TIMESTAMP is UTC-adjusted and the server
//    runs in UTC, DATETIME is wall-clock time, not converted.
//  - TIME: INT64 signed microseconds, no logical type (the micros-int64 mapping): '-838:59:59' is
//    -3020399000000, '-00:00:00.000001' is -1.
//  - YEAR: INT32, no logical type: the number (the zero year '0000' -> 0).
//  - BIT: INT64, no logical type, the bits right-aligned: BIT(64) with the top bit set reads as a
//    negative int64 (SELECT's unsigned 18446744073709551615 is -1).
//  - GEOMETRY: WKB without MySQL's 4-byte SRID prefix ("What is not kept"): HEX(g) minus its first 8 digits.
// Not converted here: FLOAT and DOUBLE (compared as binary64 values, CompareBinary64), hyparquet's DECIMAL (a
// JS number, CompareDecimalNumber), and ENUM/SET labels of rows from a LOAD file, which the full load takes
// from information_schema (docs/full-load.md, known gap: a 4-byte character of a label is '?'), so those are
// compared with CompareWithSelect's labels_from_information_schema mode. Every other value is lakefeed's text
// form.
Cell ExpectedInParquet(const ColumnInfo& column, const Cell& selected) {
  if (!selected) return selected;
  const std::string& type = column.data_type;
  const std::string& text = *selected;
  if (type == "date") return IsZeroDate(text) ? Cell() : selected;
  if (type == "datetime" || type == "timestamp")
    return IsZeroDate(text) ? Cell() : Cell(SixFractionDigits(text));
  if (type == "time") {
    const bool negative = text[0] == '-';
    const std::string magnitude = SixFractionDigits(negative ? text.substr(1) : text);
    const size_t colon = magnitude.find(':');
    const int64_t hours = std::stoll(magnitude.substr(0, colon));
    const int64_t minutes = std::stoll(magnitude.substr(colon + 1, 2));
    const int64_t seconds = std::stoll(magnitude.substr(colon + 4, 2));
    const int64_t micros = std::stoll(magnitude.substr(colon + 7, 6));
    const int64_t value = ((hours * 60 + minutes) * 60 + seconds) * 1000000 + micros;
    return std::to_string(negative ? -value : value);
  }
  if (type == "year") return std::to_string(ParseUnsigned(text));
  if (type == "bit") return std::to_string(static_cast<int64_t>(ParseUnsigned(text)));
  if (column.IsGeometry()) return text.substr(8);
  return selected;
}

// FLOAT, DOUBLE: both texts parse to the same binary64 value, bit for bit (-0 and 0 differ; NaN equals NaN).
std::string CompareBinary64(const ColumnInfo& column, const Cell& selected, const Cell& got) {
  if (!selected || !got) {
    if (selected.has_value() == got.has_value()) return "";
    return "column " + column.name + " (" + column.column_type + "): expected " + selected.value_or("NULL") +
           ", got " + got.value_or("NULL");
  }
  const double want = std::strtod(selected->c_str(), nullptr);
  const double have = std::strtod(got->c_str(), nullptr);
  if (std::memcmp(&want, &have, sizeof(double)) == 0 || (std::isnan(want) && std::isnan(have))) return "";
  return "column " + column.name + " (" + column.column_type + "): expected " + *selected + ", got " + *got +
         " (compared as binary64 values)";
}

// hyparquet's DECIMAL is a JS number: Number(unscaled) / 10 ** scale (hyparquet src/convert.js). When the
// unscaled value and 10^scale are exact doubles (precision <= 15, scale <= 22) that is one correctly rounded
// division, so it must equal the decimal's nearest double exactly. Otherwise Number() of a wider unscaled
// value, an inexact 10 ** scale and the division each round once: within 4 * 2^-53 of the value, relatively.
std::string CompareDecimalNumber(const ColumnInfo& column, int precision, int scale, const std::string& exact,
                                 const Cell& got) {
  const double want = std::strtod(exact.c_str(), nullptr);
  const double have = got ? std::strtod(got->c_str(), nullptr) : std::nan("");
  const bool exactly = precision <= 15 && scale <= 22;
  if (exactly ? have == want : std::fabs(have - want) <= 4 * std::ldexp(std::fabs(want), -53)) return "";
  return "column " + column.name + " (" + column.column_type + "): expected " + exact + " (the JS number " +
         std::string(exactly ? "exactly" : "within 4 * 2^-53") + "), got " + got.value_or("NULL");
}

// The precision and scale of "DECIMAL(p,s)".
std::pair<int, int> DecimalOf(const std::string& logical) {
  const size_t comma = logical.find(',');
  return {std::atoi(logical.c_str() + 8), std::atoi(logical.c_str() + comma + 1)};
}

// One value a reader gave against SELECT's; "" when equal, else the mismatch. `logical` is the column's
// Parquet logical type; `form` how the reader printed it; `from_load` whether the row came from a LOAD file.
std::string CompareValue(const ColumnInfo& column, const std::string& logical, const std::string& form,
                         bool from_load, const Cell& selected, const Cell& got) {
  if (column.data_type == "float" || column.data_type == "double")
    return CompareBinary64(column, selected, got);
  if (form == "number") {
    if (!selected || !got)
      return selected.has_value() == got.has_value() ? "" : CompareBinary64(column, selected, got);
    const auto [precision, scale] = DecimalOf(logical);
    return CompareDecimalNumber(column, precision, scale, *selected, got);
  }
  const Cell expected = ExpectedInParquet(column, selected);
  OracleMode mode;
  mode.labels_from_information_schema = from_load;
  std::string mismatch = CompareWithSelect(column, got, expected, mode);
  if (mismatch.empty()) return "";
  // value_oracle says "column c (type): SELECT says 'E', decoded 'G'"; here E is SELECT's value in the
  // Parquet form and G what the reader gave.
  for (const auto& [from, to] :
       {std::pair<std::string, std::string>{": SELECT says ", ": expected "}, {", decoded ", ", got "}}) {
    const size_t at = mismatch.find(from);
    if (at != std::string::npos) mismatch.replace(at, from.size(), to);
  }
  if (expected != selected) mismatch += " (SELECT gave " + (selected ? "'" + *selected + "'" : "NULL") + ")";
  return mismatch;
}

// -------------------------------------------------------------------------------------- the check

struct TableRead {
  std::string table;  // "db.t"
  TableInfo info;
  std::vector<const ParquetFile*> files;
};

struct LatestRow {
  int64_t seq = 0;
  std::string op;
  const ParquetFile* file = nullptr;
  const Row* row = nullptr;
};

// Per table and reader: how much was compared, for the summary line.
struct Coverage {
  size_t rows = 0;          // latest rows compared
  size_t from_load = 0;     // of which from a LOAD file
  size_t values = 0;        // non-NULL values compared
  size_t history_rows = 0;  // rows in the files
};

// The file's columns must be the table's columns (in order, between Op and the ordering columns) with the
// types docs/parquet.md gives them.
void CheckColumns(const TableRead& read, const ParquetFile& file, Mismatches* failures) {
  std::vector<std::string> expected_names;
  std::vector<DocumentedType> expected_types;
  if (!file.is_load) {
    expected_names.push_back(kOpColumn);
    expected_types.push_back(StringType());
  }
  for (const ColumnInfo& column : read.info.columns) {
    expected_names.push_back(column.name);
    expected_types.push_back(DocumentedTypeOf(column));
  }
  for (const char* name : {kSeqColumn, kCommitColumn}) {
    expected_names.push_back(name);
    expected_types.push_back(Int64Type());
  }
  std::vector<std::string> names;
  for (const ParquetColumn& column : file.columns) names.push_back(column.name);
  if (names != expected_names) {
    failures->Add(read.table + " " + file.name + ": columns differ from the table's (" +
                  std::to_string(names.size()) + " columns, expected " +
                  std::to_string(expected_names.size()) + ")");
    return;
  }
  for (size_t column_idx = 0; column_idx < file.columns.size(); ++column_idx) {
    const ParquetColumn& column = file.columns[column_idx];
    const DocumentedType got = {column.physical, column.logical, column.converted, column.duckdb_type};
    if (got != expected_types[column_idx]) {
      failures->Add(read.table + " " + file.name + " column " + column.name + ": " + Show(got) +
                    ", docs/parquet.md says " + Show(expected_types[column_idx]));
      failures->AddColumn(read.table, column.name);
    }
  }
}

// Both readers read the same number of rows as the footer says, and the same values (every row, not only the
// latest); hyparquet's DECIMAL numbers against DuckDB's exact text as in CompareDecimalNumber.
void CheckReadersAgree(const TableRead& read, const ParquetFile& file, Mismatches* failures) {
  const ReaderRows& duckdb = file.readers.at("duckdb");
  const ReaderRows& hyparquet = file.readers.at("hyparquet");
  for (const std::string reader : kReaders) {
    const size_t rows = file.readers.at(reader).rows.size();
    if (rows != static_cast<size_t>(file.num_rows)) {
      failures->Add(reader + " " + read.table + " " + file.name + ": read " + std::to_string(rows) +
                    " rows, the footer says " + std::to_string(file.num_rows));
    }
  }
  if (duckdb.rows.size() != hyparquet.rows.size()) return;
  for (size_t row_idx = 0; row_idx < duckdb.rows.size(); ++row_idx) {
    for (size_t column_idx = 0; column_idx < file.columns.size(); ++column_idx) {
      const Cell& ours = duckdb.rows[row_idx][column_idx];
      const Cell& theirs = hyparquet.rows[row_idx][column_idx];
      std::string mismatch;
      if (hyparquet.forms[column_idx] == "number" && ours && theirs) {
        const int info_idx = read.info.IndexOf(file.columns[column_idx].name);
        const auto [precision, scale] = DecimalOf(file.columns[column_idx].logical);
        if (info_idx >= 0)
          mismatch = CompareDecimalNumber(read.info.columns[info_idx], precision, scale, *ours, theirs);
      } else if (ours != theirs) {
        mismatch = "column " + file.columns[column_idx].name + ": DuckDB " + ours.value_or("NULL") +
                   ", hyparquet " + theirs.value_or("NULL");
      }
      if (!mismatch.empty()) {
        failures->Add(read.table + " " + file.name + " row " + std::to_string(row_idx) +
                      ": the readers differ: " + mismatch.substr(0, 400));
        failures->AddColumn(read.table, file.columns[column_idx].name);
      }
    }
  }
}

// One reader's rows of `files` (a table's), reduced to each key's latest row by _lakefeed_seq, compared with
// `selected` (SELECT at moment `when`).
void CheckReader(const TableRead& read, const std::vector<const ParquetFile*>& files,
                 const std::string& reader, const std::string& when, const std::vector<Row>& selected,
                 Mismatches* failures, Coverage* coverage) {
  const std::vector<int> key_columns = read.info.PrimaryKey();
  auto key_of = [&](auto value_of) {
    std::string key;
    for (int index : key_columns) {
      key +=
          (key.empty() ? "" : ",") + read.info.columns[index].name + "=" + value_of(index).value_or("NULL");
    }
    return key;
  };
  const std::string where = reader + " " + when + " " + read.table + " key ";
  std::map<std::string, LatestRow> latest;
  for (const ParquetFile* file : files) {
    const int seq_idx = file->IndexOf(kSeqColumn);
    const int op_idx = file->IndexOf(kOpColumn);
    std::vector<int> file_index;  // of each source column in the file
    for (const ColumnInfo& column : read.info.columns) file_index.push_back(file->IndexOf(column.name));
    if (seq_idx < 0 || (op_idx < 0 && !file->is_load) ||
        std::find(file_index.begin(), file_index.end(), -1) != file_index.end()) {
      continue;  // CheckColumns reports it
    }
    for (const Row& row : file->readers.at(reader).rows) {
      ++coverage->history_rows;
      const std::string key = key_of([&](int index) { return row[file_index[index]]; });
      const int64_t seq = std::stoll(row[seq_idx].value_or("-1"));
      const std::string op = op_idx < 0 ? "I" : row[op_idx].value_or("NULL");
      LatestRow& entry = latest[key];
      if (entry.row != nullptr && entry.seq == seq) {
        failures->Add(where + key + ": seq " + std::to_string(seq) + " twice (" + entry.file->name + ", " +
                      file->name + ")");
      }
      if (entry.row == nullptr || seq > entry.seq) entry = {seq, op, file, &row};
    }
  }
  std::set<std::string> seen;
  for (const Row& source_row : selected) {  // its key in the Parquet form, as the files have it
    const std::string key =
        key_of([&](int index) { return ExpectedInParquet(read.info.columns[index], source_row[index]); });
    seen.insert(key);
    auto it = latest.find(key);
    if (it == latest.end() || it->second.op == "D") {
      failures->Add(where + key + ": in SELECT but " +
                    (it == latest.end() ? std::string("in no file")
                                        : "deleted (seq " + std::to_string(it->second.seq) + ", " +
                                              it->second.file->name + ")"));
      continue;
    }
    const LatestRow& entry = it->second;
    if (entry.op != "I" && entry.op != "U") {
      failures->Add(where + key + ": Op " + entry.op + " in " + entry.file->name);
    }
    ++coverage->rows;
    if (entry.file->is_load) ++coverage->from_load;
    for (size_t column_idx = 0; column_idx < read.info.columns.size(); ++column_idx) {
      const ColumnInfo& column = read.info.columns[column_idx];
      const int file_idx = entry.file->IndexOf(column.name);
      const Cell& got = (*entry.row)[file_idx];
      if (got) ++coverage->values;
      std::string mismatch = CompareValue(column, entry.file->columns[file_idx].logical,
                                          entry.file->readers.at(reader).forms[file_idx], entry.file->is_load,
                                          source_row[column_idx], got);
      if (!mismatch.empty()) {
        failures->Add(where + key + " (seq " + std::to_string(entry.seq) + ", " + entry.file->name +
                      "): " + mismatch);
        failures->AddColumn(read.table, column.name);
      }
    }
  }
  for (const auto& [key, entry] : latest) {
    if (entry.op != "D" && !seen.count(key)) {
      failures->Add(where + key + ": in " + entry.file->name + " (seq " + std::to_string(entry.seq) +
                    ", Op " + entry.op + ") but not in SELECT");
    }
  }
}

Result<std::vector<Row>> SelectTable(MariaDbClient& client, const TableInfo& info) {
  std::string select;
  for (const ColumnInfo& column : info.columns) select += (select.empty() ? "" : ", ") + SelectFor(column);
  std::string order;
  for (int index : info.PrimaryKey()) order += (order.empty() ? "`" : ", `") + info.columns[index].name + "`";
  return client.QueryRows("SELECT " + select + " FROM `" + info.schema + "`.`" + info.table + "` ORDER BY " +
                          order);
}

Result<TableInfo> LoadTable(MariaDbClient& client, const SplitWorkload& split, const std::string& table) {
  const size_t dot = table.find('.');
  CDC_ASSIGN_OR_RETURN(TableInfo info, LoadTableInfo(client, table.substr(0, dot), table.substr(dot + 1)));
  OverrideLabelsFromDdl(split.create_statements.at(table), &info);
  return info;
}

TEST(CaptureParquetTypes, EveryTypeAndEdgeValueReadByDuckDbAndHyparquetEqualsSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  const SplitWorkload load_db = Split(kLoadDb, /*load_inserts=*/true);
  const SplitWorkload cdc_db = Split(kCdcDb, /*load_inserts=*/false);
  ASSERT_TRUE(cdc_db.before_load.empty());
  ASSERT_FALSE(load_db.before_load.empty());
  ASSERT_FALSE(load_db.after_load.empty());
  Status status = RunSteps(**client, load_db.before_load);
  ASSERT_TRUE(status.ok()) << status.ToString();
  // What the full load reads: the LOAD files must hold exactly these rows.
  std::map<std::string, std::vector<Row>> at_load;
  for (const std::string& table : load_db.tables) {
    Result<TableInfo> info = LoadTable(**client, load_db, table);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    Result<std::vector<Row>> rows = SelectTable(**client, *info);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    at_load[table] = std::move(rows).value();
  }

  LakefeedTaskOptions options;
  options.include = {std::string(kLoadDb) + ".%", std::string(kCdcDb) + ".%"};
  options.start = "full-load-and-cdc";
  options.format = "parquet";
  // Several row groups and pages in the bigger tables; dictionary pages (the default) with zstd.
  options.settings = {{"CdcMaxBatchInterval", "1"},
                      {"ParquetCompression", "ZSTD"},
                      {"RowGroupLength", "1000"},
                      {"DataPageSize", "65536"}};
  options.extra_yaml = "full_load:\n  chunk_rows: 1000\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> loaded = task->Run("sync");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->exit_code, 0) << DescribeRun(*loaded, *task);

  status = RunSteps(**client, load_db.after_load);
  ASSERT_TRUE(status.ok()) << status.ToString();
  status = RunSteps(**client, cdc_db.after_load);
  ASSERT_TRUE(status.ok()) << status.ToString();
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);

  // Every file of every table, read once by both readers.
  std::vector<TableRead> reads;
  std::vector<std::string> paths;
  for (const SplitWorkload* split : {&load_db, &cdc_db}) {
    for (const std::string& table : split->tables) {
      TableRead read;
      read.table = table;
      Result<TableInfo> info = LoadTable(**client, *split, table);
      ASSERT_TRUE(info.ok()) << info.status().ToString();
      read.info = std::move(info).value();
      std::vector<std::string> files =
          ParquetFiles(task->lake_dir() + "/" + read.info.schema + "/" + read.info.table);
      ASSERT_FALSE(files.empty()) << table << ": no Parquet files";
      paths.insert(paths.end(), files.begin(), files.end());
      reads.push_back(std::move(read));
    }
  }
  Result<std::vector<ParquetFile>> files = ReadWithBothReaders(paths, task->lake_dir(), task->dir());
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  for (TableRead& read : reads) {
    const std::string prefix = read.info.schema + "/" + read.info.table + "/";
    for (const ParquetFile& file : *files) {
      if (file.name.rfind(prefix, 0) == 0) read.files.push_back(&file);
    }
  }

  Mismatches failures;
  auto check = [&](const TableRead& read, const std::vector<const ParquetFile*>& subset,
                   const std::string& when, const std::vector<Row>& selected) {
    for (const std::string reader : kReaders) {
      Coverage coverage;
      CheckReader(read, subset, reader, when, selected, &failures, &coverage);
      std::printf(
          "%-22s %-9s %-11s %2zu files, %4zu rows in them; %4zu latest rows (%4zu from LOAD files), "
          "%2zu columns, %4zu non-NULL values compared\n",
          read.table.c_str(), reader.c_str(), when.c_str(), subset.size(), coverage.history_rows,
          coverage.rows, coverage.from_load, read.info.columns.size(), coverage.values);
      if (coverage.rows != selected.size() || coverage.rows == 0) {
        failures.Add(reader + " " + when + " " + read.table + ": compared " + std::to_string(coverage.rows) +
                     " rows, SELECT has " + std::to_string(selected.size()));
      }
    }
  };
  for (const TableRead& read : reads) {
    std::vector<const ParquetFile*> load_files;
    for (const ParquetFile* file : read.files) {
      if (file->is_load) load_files.push_back(file);
      CheckColumns(read, *file, &failures);
      CheckReadersAgree(read, *file, &failures);
    }
    // pqt_load has both kinds of files for every table, pqt_cdc only change files.
    if (read.info.schema == kLoadDb ? load_files.empty() || load_files.size() == read.files.size()
                                    : !load_files.empty()) {
      failures.Add(read.table + ": " + std::to_string(load_files.size()) + " LOAD files of " +
                   std::to_string(read.files.size()));
    }
    if (read.info.schema == kLoadDb) check(read, load_files, "at-load", at_load.at(read.table));
    Result<std::vector<Row>> selected = SelectTable(**client, read.info);
    ASSERT_TRUE(selected.ok()) << selected.status().ToString();
    check(read, read.files, "at-the-end", *selected);
  }
  if (!failures.empty()) task->Keep();
  EXPECT_TRUE(failures.empty()) << failures.Report() << "lake kept in " << task->lake_dir();
}

}  // namespace
}  // namespace cdc::harness
