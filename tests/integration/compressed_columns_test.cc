// MariaDB column compression (VARCHAR/VARBINARY/TEXT/BLOB/JSON ... COMPRESSED, MariaDB 10.3+) decoded by
// `lakefeed binlog-dump`, live and offline, against a real MariaDB 10.11.
//
// The binlog carries such a column's stored form -- a header byte, then the original bytes or zlib data
// (sql/field.cc Field_longstr::compress, sql/field_comp.cc) -- under the TABLE_MAP types
// VARCHAR_COMPRESSED (141) and BLOB_COMPRESSED (140). lakefeed must print the original value. Two oracles:
//
//  1. SELECT: after every step the table is read with SELECT (HEX() for binary columns); each decoded
//     after-image must equal the row as SELECT returns it after its step, each before-image the row as it
//     was before the step.
//  2. mariadb-binlog: `mariadb-binlog --base64-output=decode-rows -vv` prints these columns with the type
//     comment "VARSTRING(n) COMPRESSED" / "BLOB/TEXT COMPRESSED" / ... and, as the value, the *stored*
//     bytes (header included; '' for the empty value) -- it does not decompress them. The test therefore
//     inflates the printed bytes itself (with zlib, independently of lakefeed) and compares the result
//     with the decoded value by the usual mariadb-binlog rules (harness/value_oracle.h).
//
// The workload covers NULL, empty, values below column_compression_threshold (stored as-is), compressible
// values of several sizes, values over 64 KiB (compressible and not), incompressible values (stored as-is
// although above the threshold), both zlib framings (column_compression_zlib_wrap OFF and ON), several
// levels and strategies, latin1 and utf8mb4 text with 4-byte characters, MariaDB JSON, updates and deletes;
// one table while binlog_row_metadata=FULL and one after switching it to MINIMAL (offline, those rows
// have no column names and print as @N).
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "harness/binlog_dump.h"
#include "harness/column_info.h"
#include "harness/mariadb_binlog_text.h"
#include "harness/mismatches.h"
#include "harness/process.h"
#include "harness/sandbox_environment.h"
#include "harness/value_oracle.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);

constexpr const char* kDb = "compressed";
const char* const kTables[] = {"full_meta", "minimal_meta"};

std::string CreateTable(const std::string& table) {
  return "CREATE TABLE " + std::string(kDb) + "." + table +
         " (id INT PRIMARY KEY,"
         " vc VARCHAR(1000) COMPRESSED,"
         " vl VARCHAR(300) COMPRESSED CHARACTER SET latin1,"
         " vb VARBINARY(2000) COMPRESSED,"
         " tt TINYTEXT COMPRESSED,"
         " tx TEXT COMPRESSED,"
         " mt MEDIUMTEXT COMPRESSED CHARACTER SET latin1,"
         " bl BLOB COMPRESSED,"
         " lb LONGBLOB COMPRESSED,"
         " js JSON COMPRESSED"
         ") DEFAULT CHARSET=utf8mb4";
}

std::string HexLiteral(const std::string& bytes) { return "X'" + HexUpper(bytes) + "'"; }

std::string RandomBytes(size_t size, uint32_t seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(random());
  return out;
}

// One workload step: statements on one table (session settings first) that write one transaction.
struct Step {
  std::string table;
  std::vector<std::string> sql;
};

std::vector<Step> Workload(const std::string& table) {
  const std::string t = std::string(kDb) + "." + table;
  const std::string cols = " (id, vc, vl, vb, tt, tx, mt, bl, lb, js) VALUES ";
  const std::string defaults =
      "SET SESSION column_compression_threshold = DEFAULT, column_compression_zlib_wrap = DEFAULT, "
      "column_compression_zlib_level = DEFAULT, column_compression_zlib_strategy = DEFAULT";
  std::vector<Step> steps;
  auto add = [&](std::vector<std::string> sql) { steps.push_back({t, std::move(sql)}); };
  // NULL and empty (JSON must be valid: '""').
  add({"INSERT INTO " + t + cols + "(1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"});
  add({"INSERT INTO " + t + cols + "(2, '', '', '', '', '', '', '', '', '\"\"')"});
  // Below the default threshold (100 bytes): stored as-is behind a 0x00 header.
  add({"INSERT INTO " + t + cols +
       "(3, 'abc \xf0\x9f\x98\x80', 'caf\xc3\xa9 \xe2\x82\xac', X'00FF10', 'q', 'short', '\xc3\xa9t\xc3\xa9', "
       "X'0102', X'00', '{\"a\": [1, 2]}')"});
  // Compressible values of several sizes, the VARCHARs at their maximum.
  add({"INSERT INTO " + t + cols +
       "(4, REPEAT('\xf0\x9f\x98\x80', 1000), REPEAT('\xc3\xa9\xe2\x82\xac', 150), REPEAT(X'00AB', 1000), "
       "REPEAT('q', 255), REPEAT('hello world ', 60), REPEAT('abc\xc3\xa9', 300), REPEAT(X'DEADBEEF', 200), "
       "REPEAT(X'01', 150), CONCAT('[', REPEAT('\"compressible\", ', 40), '1]'))"});
  // Over 64 KiB: TEXT/BLOB at their 65535-byte maximum, MEDIUMTEXT/LONGBLOB/JSON beyond; 300 KiB of zero
  // bytes compress about 1000:1.
  add({"INSERT INTO " + t + cols +
       "(5, REPEAT('v', 1000), REPEAT('w', 300), REPEAT('b', 2000), REPEAT('t', 255), REPEAT('x', 65535), "
       "REPEAT('\xc3\xa9' 'abc', 20000), REPEAT(X'AB', 65535), REPEAT(X'00', 307200), "
       "CONCAT('[', REPEAT('1,', 40000), '1]'))"});
  // Incompressible (random bytes): stored as-is although above the threshold, also over 64 KiB.
  add({"INSERT INTO " + t + cols + "(6, NULL, NULL, " + HexLiteral(RandomBytes(2000, 1)) + ", NULL, NULL, " +
       HexLiteral(RandomBytes(70000, 2)) + ", " + HexLiteral(RandomBytes(60000, 3)) + ", " +
       HexLiteral(RandomBytes(100000, 4)) + ", NULL)"});
  // The zlib wrapper on (header 0x8n instead of 0x8(8+n)), maximum level.
  add({"SET SESSION column_compression_zlib_wrap = ON, column_compression_zlib_level = 9",
       "INSERT INTO " + t + cols +
           "(7, REPEAT('wrapped ', 120), REPEAT('l', 250), REPEAT(X'55', 1500), REPEAT('w', 200), "
           "REPEAT('wrap', 5000), REPEAT('\xc3\xa9', 90000), REPEAT(X'FE', 40000), REPEAT(X'77', 200000), "
           "CONCAT('{\"k\": \"', REPEAT('z', 5000), '\"}'))",
       defaults});
  // Threshold 0 (everything but 1-byte values compressed), level 1, Huffman only; then RLE.
  add({"SET SESSION column_compression_threshold = 0, column_compression_zlib_level = 1, "
       "column_compression_zlib_strategy = HUFFMAN_ONLY",
       "INSERT INTO " + t + cols +
           "(8, 'ab', 'c', X'AA', 'xyz', 'tiny', REPEAT('\xc3\xa9', 10), X'0001', REPEAT('a', 70000), '[1]')",
       defaults});
  add({"SET SESSION column_compression_threshold = 0, column_compression_zlib_level = 1, "
       "column_compression_zlib_strategy = RLE",
       "INSERT INTO " + t + cols +
           "(9, REPEAT('r', 999), REPEAT('s', 299), REPEAT(X'00', 1999), REPEAT('t', 254), REPEAT('u', 65000), "
           "REPEAT('v', 100000), REPEAT(X'FF', 65000), REPEAT(X'0F', 100000), '[2]')",
       defaults});
  // Updates: compressed before and after images, NULL <-> value, several rows in one statement.
  add({"UPDATE " + t + " SET vc = REPEAT('updated ', 100), lb = NULL, mt = CONCAT(mt, 'tail') WHERE id = 5"});
  add({"UPDATE " + t + " SET vc = REPEAT('was null ', 50), tx = REPEAT('y', 70), bl = REPEAT(X'12', 3000) "
       "WHERE id = 1"});
  add({"UPDATE " + t + " SET tt = CONCAT('row ', id, REPEAT('.', 150)), js = '[3]' WHERE id IN (2, 3, 4)"});
  // Deletes: before images only.
  add({"DELETE FROM " + t + " WHERE id IN (6, 7)"});
  return steps;
}

// ---------------------------------------------------------------------------------------------- the run

struct RecordedStep {
  std::string table;  // unqualified
  std::string sql;    // for messages
  std::string gtid;
  std::map<std::string, Row> before, after;  // id -> SELECT row
};

struct WorkloadRun {
  Status status;
  std::map<std::string, TableInfo> tables;  // unqualified name -> columns
  std::vector<RecordedStep> steps;
  std::vector<std::string> binlog_paths;
  Result<std::vector<DumpRow>> live = Status::Unavailable("not run");
  Result<std::vector<DumpRow>> offline = Status::Unavailable("not run");
  Status verbose_status;
  std::map<std::string, std::vector<VerboseRow>> verbose;  // file name -> rows
};

std::string Basename(const std::string& path) { return path.substr(path.rfind('/') + 1); }

Result<std::map<std::string, Row>> Snapshot(MariaDbSandbox& db, const TableInfo& info) {
  std::string select;
  for (const ColumnInfo& column : info.columns) select += (select.empty() ? "" : ", ") + SelectExpression(column);
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                       db.QueryRows("SELECT " + select + " FROM `" + info.schema + "`.`" + info.table + "`"));
  std::map<std::string, Row> by_id;
  for (Row& row : rows) {
    std::string id = row[0].value_or("NULL");
    by_id[id] = std::move(row);
  }
  return by_id;
}

Status RunWorkload(MariaDbSandbox& db, WorkloadRun* run) {
  CDC_RETURN_IF_ERROR(db.Query("CREATE DATABASE " + std::string(kDb)));
  for (const char* table : kTables) {
    if (std::string(table) == "minimal_meta") {
      // binlog_row_metadata is global; the TABLE_MAPs written from now on carry no names.
      CDC_RETURN_IF_ERROR(db.Query("SET GLOBAL binlog_row_metadata = MINIMAL"));
    }
    CDC_RETURN_IF_ERROR(db.Query(CreateTable(table)));
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
    CDC_ASSIGN_OR_RETURN(run->tables[table], LoadTableInfo(*client, kDb, table));
    const TableInfo& info = run->tables[table];
    for (const Step& step : Workload(table)) {
      RecordedStep recorded;
      recorded.table = table;
      for (const std::string& sql : step.sql) recorded.sql += (recorded.sql.empty() ? "" : "; ") + sql.substr(0, 120);
      CDC_ASSIGN_OR_RETURN(recorded.before, Snapshot(db, info));
      for (const std::string& sql : step.sql) {
        Status status = db.Query(sql);
        if (!status.ok()) return status.WithContext("workload step");
      }
      CDC_ASSIGN_OR_RETURN(Cell gtid, db.QueryValue("SELECT @@last_gtid"));
      recorded.gtid = gtid.value_or("");
      CDC_ASSIGN_OR_RETURN(recorded.after, Snapshot(db, info));
      run->steps.push_back(std::move(recorded));
    }
  }
  CDC_RETURN_IF_ERROR(db.Query("SET GLOBAL binlog_row_metadata = FULL"));
  CDC_RETURN_IF_ERROR(db.RotateBinlog());
  CDC_ASSIGN_OR_RETURN(run->binlog_paths, db.BinlogPaths());
  return Status::OK();
}

const WorkloadRun& TheRun() {
  static WorkloadRun* run = [] {
    auto* r = new WorkloadRun;
    MariaDbSandbox* db = MariaDbEnvironment::sandbox();
    if (db == nullptr) {
      r->status = Status::Unavailable("no MariaDB sandbox");
      return r;
    }
    r->status = RunWorkload(*db, r);
    if (!r->status.ok()) return r;
    r->live = DumpLive(*db);
    r->offline = DumpOffline(r->binlog_paths);
    Result<std::map<std::string, std::vector<VerboseRow>>> verbose = DecodeWithMariaDbBinlog(r->binlog_paths);
    if (verbose.ok()) {
      r->verbose = std::move(verbose).value();
    } else {
      r->verbose_status = verbose.status();
    }
    return r;
  }();
  return *run;
}

// ---------------------------------------------------------------------------------------------- helpers

std::vector<const DumpRow*> RowsOfOurDb(const std::vector<DumpRow>& rows) {
  std::vector<const DumpRow*> out;
  for (const DumpRow& row : rows) {
    if (row.schema == kDb) out.push_back(&row);
  }
  return out;
}

// A decoded image by ordinal. Names are the column names, or @N when the TABLE_MAP had none (offline,
// MINIMAL metadata): `names_expected` says which.
Result<std::vector<Cell>> ByOrdinal(const TableInfo& info, const DumpRow::Image& image, bool names_expected) {
  if (image.size() != info.columns.size()) {
    return Status::Corruption("image has " + std::to_string(image.size()) + " of " +
                              std::to_string(info.columns.size()) + " columns");
  }
  std::vector<Cell> cells;
  for (size_t column_idx = 0; column_idx < image.size(); ++column_idx) {
    std::string want = names_expected ? info.columns[column_idx].name : "@" + std::to_string(column_idx + 1);
    if (image[column_idx].first != want) {
      return Status::Corruption("column " + std::to_string(column_idx + 1) + " is named " + image[column_idx].first +
                                ", expected " + want);
    }
    cells.push_back(image[column_idx].second);
  }
  return cells;
}

// The original bytes of a stored compressed value, by MariaDB's format (sql/field_comp.cc), inflated with
// zlib here: "" for no bytes; 0x00 + bytes; 0x8n / 0x8(8+n) + n-byte big-endian length + zlib / raw deflate.
std::optional<std::string> StoredToOriginal(const std::string& stored) {
  if (stored.empty()) return std::string();
  const auto header = static_cast<uint8_t>(stored[0]);
  if (header == 0x00) return stored.substr(1);
  const size_t n = header & 0x07;
  if ((header & 0xf0) != 0x80 || n < 1 || n > 4 || stored.size() < 1 + n) return std::nullopt;
  size_t length = 0;
  for (size_t i = 0; i < n; ++i) length = length << 8 | static_cast<uint8_t>(stored[1 + i]);
  std::string out(length, '\0');
  z_stream stream{};
  if (inflateInit2(&stream, (header & 0x08) != 0 ? -MAX_WBITS : MAX_WBITS) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stored.data() + 1 + n));
  stream.avail_in = static_cast<uInt>(stored.size() - 1 - n);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int result = inflate(&stream, Z_FINISH);
  bool complete = result == Z_STREAM_END && stream.total_out == length;
  inflateEnd(&stream);
  if (!complete) return std::nullopt;
  return out;
}

// ---------------------------------------------------------------------------------------------- oracle 1

void CheckAgainstSelect(const WorkloadRun& run, const std::vector<DumpRow>& decoded, bool live, Mismatches* failures) {
  std::map<std::string, const RecordedStep*> step_by_gtid;
  for (const RecordedStep& step : run.steps) step_by_gtid[step.gtid] = &step;
  std::map<const RecordedStep*, size_t> rows_per_step;
  const OracleMode mode{live ? ExtendedTypes::kAsText : ExtendedTypes::kAsBinary, true, false};
  for (const DumpRow* row : RowsOfOurDb(decoded)) {
    auto it = step_by_gtid.find(row->gtid);
    if (it == step_by_gtid.end()) {
      failures->Add("decoded row with GTID '" + row->gtid + "' that no step made: " + row->line.substr(0, 200));
      continue;
    }
    const RecordedStep& step = *it->second;
    ++rows_per_step[&step];
    const std::string where = step.table + " [" + step.sql + "] " + row->op;
    if (row->table != step.table) {
      failures->Add(where + ": decoded a row of table " + row->table);
      continue;
    }
    const TableInfo& info = run.tables.at(step.table);
    const bool names_expected = live || step.table == "full_meta";
    auto check = [&](const DumpRow::Image& image, const std::map<std::string, Row>& snapshot, const char* which) {
      Result<std::vector<Cell>> cells = ByOrdinal(info, image, names_expected);
      if (!cells.ok()) {
        failures->Add(where + " " + which + ": " + cells.status().ToString());
        return;
      }
      auto selected = snapshot.find((*cells)[0].value_or("NULL"));
      if (selected == snapshot.end()) {
        failures->Add(where + " " + which + ": id " + (*cells)[0].value_or("NULL") + " is not in the table");
        return;
      }
      for (size_t column_idx = 0; column_idx < info.columns.size(); ++column_idx) {
        std::string mismatch = CompareWithSelect(info.columns[column_idx], (*cells)[column_idx],
                                                 selected->second[column_idx], mode);
        if (!mismatch.empty()) failures->Add(where + " " + which + ": " + mismatch);
      }
    };
    if (row->has_before) check(row->before, step.before, "before-image");
    if (row->has_after) check(row->after, step.after, "after-image");
  }
  // Every step changed rows, each of them once: the decoded rows must account for every change.
  for (const RecordedStep& step : run.steps) {
    size_t changed = 0;
    for (const auto& [id, row] : step.after) changed += !step.before.count(id) || step.before.at(id) != row;
    for (const auto& [id, row] : step.before) changed += !step.after.count(id);
    if (rows_per_step[&step] != changed) {
      failures->Add(step.table + " [" + step.sql + "]: " + std::to_string(rows_per_step[&step]) +
                    " decoded rows for " + std::to_string(changed) + " changed rows");
    }
  }
}

// ---------------------------------------------------------------------------------------------- oracle 2

struct VerboseStats {
  size_t compressed_values = 0;  // printed as zlib data (header 0x8n)
  size_t raw_values = 0;         // printed as 0x00 + the original bytes
  size_t empty_values = 0;
};

void CompareImage(const TableInfo& info, const std::vector<VerboseValue>& theirs, const DumpRow::Image& ours_image,
                  bool names_expected, OracleMode mode, const std::string& where, Mismatches* failures,
                  VerboseStats* stats) {
  Result<std::vector<Cell>> ours = ByOrdinal(info, ours_image, names_expected);
  if (!ours.ok()) {
    failures->Add(where + ": " + ours.status().ToString());
    return;
  }
  if (theirs.size() != info.columns.size()) {
    failures->Add(where + ": mariadb-binlog printed " + std::to_string(theirs.size()) + " columns");
    return;
  }
  for (const VerboseValue& value : theirs) {
    const size_t column_idx = value.column - 1;
    if (value.column == 0 || column_idx >= info.columns.size()) {
      failures->Add(where + ": mariadb-binlog printed @" + std::to_string(value.column));
      continue;
    }
    const ColumnInfo& column = info.columns[column_idx];
    if (column_idx == 0) {  // id INT
      std::string mismatch = CompareWithVerbose(column, (*ours)[column_idx], value, mode);
      if (!mismatch.empty()) failures->Add(where + ": " + mismatch);
      continue;
    }
    const std::string suffix = " COMPRESSED";
    if (value.type.size() < suffix.size() || value.type.compare(value.type.size() - suffix.size(), suffix.size(), suffix) != 0) {
      failures->Add(where + ": column " + column.name + " has mariadb-binlog type '" + value.type + "'");
      continue;
    }
    if (value.kind == VerboseValue::Kind::kNull) {
      std::string mismatch = CompareWithVerbose(column, (*ours)[column_idx], value, mode);
      if (!mismatch.empty()) failures->Add(where + ": " + mismatch);
      continue;
    }
    const std::string stored = UnquoteMariaDbBinlog(value.text);
    std::optional<std::string> original = StoredToOriginal(stored);
    if (!original) {
      failures->Add(where + ": column " + column.name + ": cannot inflate what mariadb-binlog printed (" +
                    std::to_string(stored.size()) + " bytes, header " + HexUpper(stored.substr(0, 1)) + ")");
      continue;
    }
    if (stored.empty()) {
      ++stats->empty_values;
    } else if (stored[0] == '\0') {
      ++stats->raw_values;
    } else {
      ++stats->compressed_values;
    }
    VerboseValue inflated = value;
    inflated.text = QuoteLikeMariaDbBinlog(*original);
    inflated.printed = "(inflated) '" + inflated.text.substr(0, 80) + "'";
    std::string mismatch = CompareWithVerbose(column, (*ours)[column_idx], inflated, mode);
    if (!mismatch.empty()) failures->Add(where + ": " + mismatch + " [" + value.type + "]");
  }
}

VerboseStats CheckAgainstMariaDbBinlog(const WorkloadRun& run, const std::vector<DumpRow>& decoded, bool live,
                                       Mismatches* failures) {
  VerboseStats stats;
  const OracleMode mode{live ? ExtendedTypes::kAsText : ExtendedTypes::kAsBinary, true, false};
  std::map<std::string, std::vector<const DumpRow*>> ours_by_file;
  for (const DumpRow* row : RowsOfOurDb(decoded)) ours_by_file[Basename(row->file)].push_back(row);
  size_t compared = 0;
  for (const auto& [file, all_theirs] : run.verbose) {
    std::vector<const VerboseRow*> theirs;
    for (const VerboseRow& row : all_theirs) {
      if (row.schema == kDb) theirs.push_back(&row);
    }
    const std::vector<const DumpRow*>& ours = ours_by_file[file];
    if (theirs.size() != ours.size()) {
      failures->Add(file + ": mariadb-binlog has " + std::to_string(theirs.size()) + " rows, decoded " +
                    std::to_string(ours.size()));
    }
    for (size_t row_idx = 0; row_idx < std::min(theirs.size(), ours.size()); ++row_idx) {
      const VerboseRow& their = *theirs[row_idx];
      const DumpRow& our = *ours[row_idx];
      const std::string where = file + " row " + std::to_string(row_idx) + " (mariadb-binlog line " +
                                std::to_string(their.line) + ")";
      if (OpLetter(their.op) != our.op || their.table != our.table) {
        failures->Add(where + ": mariadb-binlog has " + OpLetter(their.op) + " " + their.table + ", decoded " + our.op +
                      " " + our.table);
        continue;
      }
      const TableInfo& info = run.tables.at(our.table);
      const bool names_expected = live || our.table == "full_meta";
      if (our.has_before) CompareImage(info, their.before, our.before, names_expected, mode, where + " before", failures, &stats);
      if (our.has_after) CompareImage(info, their.after, our.after, names_expected, mode, where + " after", failures, &stats);
      ++compared;
    }
  }
  if (compared == 0) failures->Add("no rows compared");
  return stats;
}

// ---------------------------------------------------------------------------------------------- tests

#define REQUIRE_RUN(run)   \
  const WorkloadRun& run = TheRun(); \
  ASSERT_TRUE(run.status.ok()) << "workload: " << run.status.ToString();

TEST(CompressedColumns, WorkloadRan) {
  REQUIRE_RUN(run);
  std::set<std::string> gtids;
  for (const RecordedStep& step : run.steps) {
    EXPECT_FALSE(step.gtid.empty()) << step.sql;
    EXPECT_TRUE(gtids.insert(step.gtid).second) << "GTID " << step.gtid << " twice: " << step.sql;
  }
  EXPECT_EQ(run.steps.size(), 2 * Workload("x").size());
  const TableInfo& info = run.tables.at("full_meta");
  ASSERT_EQ(info.columns.size(), 10u);
  EXPECT_EQ(info.columns[1].data_type, "varchar");
  EXPECT_EQ(info.columns[9].data_type, "longtext");  // MariaDB's JSON
}

TEST(CompressedColumns, LiveDecodeEqualsSelect) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.ok()) << run.live.status().ToString();
  Mismatches failures;
  CheckAgainstSelect(run, *run.live, true, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(CompressedColumns, OfflineDecodeEqualsSelect) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.offline.ok()) << run.offline.status().ToString();
  Mismatches failures;
  CheckAgainstSelect(run, *run.offline, false, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(CompressedColumns, LiveDecodeAgreesWithMariaDbBinlog) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.live.ok()) << run.live.status().ToString();
  ASSERT_TRUE(run.verbose_status.ok()) << run.verbose_status.ToString();
  Mismatches failures;
  CheckAgainstMariaDbBinlog(run, *run.live, true, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
}

TEST(CompressedColumns, OfflineDecodeAgreesWithMariaDbBinlog) {
  REQUIRE_RUN(run);
  ASSERT_TRUE(run.offline.ok()) << run.offline.status().ToString();
  ASSERT_TRUE(run.verbose_status.ok()) << run.verbose_status.ToString();
  Mismatches failures;
  VerboseStats stats = CheckAgainstMariaDbBinlog(run, *run.offline, false, &failures);
  EXPECT_TRUE(failures.empty()) << failures.Report();
  // The workload reaches every stored form: zlib data, as-is behind 0x00, and the header-less empty value.
  EXPECT_GT(stats.compressed_values, 50u);
  EXPECT_GT(stats.raw_values, 20u);
  EXPECT_GT(stats.empty_values, 10u);
}

}  // namespace
}  // namespace cdc::harness
