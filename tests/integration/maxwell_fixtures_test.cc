// Maxwell's end-to-end CDC fixtures (../shared/testdata/maxwell, format and matching rule in its README.md)
// replayed on a private MariaDB with binlog_row_metadata=FULL and decoded live by `lakefeed binlog-dump`.
//
// Each fixture runs on a new root connection (default database `mysql`, autocommit), like Maxwell's harness;
// capture starts at the binlog position just before it. The decoded rows are rendered the way Maxwell
// renders row events (database, table, type, data, old, query), and every expected event must equal at least
// one decoded event (Maxwell's set-inclusion rule). Values are compared after mapping Maxwell's formats onto
// lakefeed's text form (docs/value-text.md):
//
//   Maxwell                                    lakefeed                    comparison
//   integer (incl. BIGINT UNSIGNED, BIT, YEAR)  decimal text                text equality
//   FLOAT/DOUBLE/DECIMAL number                 shortest/exact text         numeric (FLOAT as binary32)
//   CHAR/VARCHAR/TEXT string (any charset)      UTF-8 text                  equality
//   BLOB/BINARY/VARBINARY base64                uppercase hex               bytes; BINARY(n) may carry the
//                                                                           0x00 padding SELECT shows and
//                                                                           the binlog (and Maxwell) drop
//   ENUM label                                  label                       equality
//   SET array of labels                         comma-joined labels         join(",") equality
//   DATE/TIME/DATETIME/TIMESTAMP text           same text (UTC TIMESTAMP)   equality, after Maxwell's rule
//                                                                           that a DATETIME/TIMESTAMP with a
//                                                                           zero month or day is all zeros
//   GEOMETRY WKT                                hex of SRID + WKB           WKB converted to Maxwell's WKT
//   JSON value (MariaDB JSON = LONGTEXT)        JSON text                   parsed and compared as JSON
//   query (test_row_query_log_is_on)            ANNOTATE_ROWS of --events   equality
//
// Every fixture is compared in full, values included, except test_case_insensitive, which Maxwell's own suite
// never runs (its expectation contradicts test_column_case). test_zero_created_at, which Maxwell skipped on
// MariaDB, runs here with the zero-month rule above.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "harness/binlog_dump.h"
#include "harness/column_info.h"
#include "harness/maxwell_fixture.h"
#include "harness/process.h"
#include "harness/sandbox_environment.h"
#include "harness/value_oracle.h"

namespace cdc::harness {
namespace {

using Json = nlohmann::json;

MariaDbSandbox::Options MaxwellServer() {
  MariaDbSandbox::Options options;
  options.variant = MariaDbSandbox::Variant::kFullMetadata;
  // Maxwell's server runs with --character-set-server=utf8 (utf8mb3).
  options.extra_args = {"--character-set-server=utf8mb3", "--collation-server=utf8mb3_general_ci"};
  return options;
}
LAKEFEED_MARIADB_ENVIRONMENT(MaxwellServer());

const std::string kFixtureDir = std::string(LAKEFEED_TESTDATA_DIR) + "/maxwell";

// One decoded row with the SQL text of its ANNOTATE_ROWS event.
struct DecodedEvent {
  DumpRow row;
  std::string query;
};

// Runs `binlog-dump --events` live from (file, pos) and pairs each row with the ANNOTATE_ROWS text that
// precedes it in its transaction.
Result<std::vector<DecodedEvent>> DecodeFrom(const MariaDbSandbox& db, const std::string& file, uint64_t pos) {
  std::vector<std::string> argv = {LakefeedBinary(), "binlog-dump", "--events", "--host", db.host(),
                                   "--port", std::to_string(db.port()), "--user", db.user(), "--password",
                                   db.password(), "--start-file", file, "--start-pos", std::to_string(pos)};
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv));
  if (result.exit_code != 0) {
    return Status::IOError(CommandLine(argv) + " exited with " + std::to_string(result.exit_code), result.stderr_text);
  }
  std::vector<DecodedEvent> events;
  std::string query;
  size_t begin = 0;
  const std::string& out = result.stdout_text;
  while (begin < out.size()) {
    size_t end = out.find('\n', begin);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(begin, end - begin);
    begin = end + 1;
    Json json = Json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) continue;
    if (json.contains("op") && !json.contains("event")) {
      CDC_ASSIGN_OR_RETURN(std::vector<DumpRow> rows, ParseDumpOutput(line));
      if (rows.size() != 1) return Status::Corruption("row line did not parse", line);
      events.push_back({std::move(rows[0]), query});
      continue;
    }
    std::string event = json.value("event", "");
    if (event == "Annotate_rows") {
      query = json.value("query", "");
    } else if (event.find("Gtid") != std::string::npos || event.find("GTID") != std::string::npos || event == "Xid") {
      query.clear();
    }
  }
  return events;
}

std::string ShowJson(const Json& json) { return json.dump(); }

// Maxwell renders a DATETIME/TIMESTAMP with a zero month or day as all zeros (keeping the fraction length).
std::string MaxwellDateTime(const std::string& ours) {
  if (ours.size() < 19 || ours[4] != '-' || ours[7] != '-') return ours;
  if (ours.substr(5, 2) != "00" && ours.substr(8, 2) != "00") return ours;
  std::string zero = "0000-00-00 00:00:00";
  if (ours.size() > 19) zero += "." + std::string(ours.size() - 20, '0');
  return zero;
}

// "" when Maxwell's value `expected` and lakefeed's `cell` mean the same, else why not.
std::string CompareValue(const Json& expected, const Cell& cell, const ColumnInfo* column) {
  auto why = [&](const std::string& what) {
    return "expected " + ShowJson(expected) + ", decoded " + (cell ? "'" + cell->substr(0, 200) + "'" : "NULL") +
           (what.empty() ? "" : " (" + what + ")");
  };
  if (expected.is_null()) return cell ? why("") : "";
  if (!cell) return why("");
  const std::string& ours = *cell;
  const std::string type = column != nullptr ? column->data_type : "";

  if (column != nullptr && (column->IsBinary() || column->IsGeometry())) {
    if (!expected.is_string()) return why("not a string");
    std::string bytes;
    if (!FromHex(ours, &bytes)) return why("decoded is not hex");
    if (column->IsGeometry()) {
      Result<std::string> wkt = MySqlGeometryToWkt(bytes);
      if (!wkt.ok()) return why(wkt.status().ToString());
      return *wkt == expected.get<std::string>() ? "" : why("as WKT: " + *wkt);
    }
    std::string want;
    if (!DecodeBase64(expected.get<std::string>(), &want)) return why("expected is not base64");
    if (bytes == want) return "";
    bool padded = type == "binary" && bytes.size() > want.size() && bytes.compare(0, want.size(), want) == 0 &&
                  bytes.find_first_not_of('\0', want.size()) == std::string::npos;
    return padded ? "" : why("bytes differ");
  }
  if (type == "set") {
    if (!expected.is_array()) return why("expected is not an array");
    std::string joined;
    for (const Json& label : expected) joined += (joined.empty() ? "" : ",") + label.get<std::string>();
    return joined == ours ? "" : why("labels " + joined);
  }
  if ((expected.is_object() || expected.is_array()) && (column == nullptr || column->IsText())) {
    Json parsed = Json::parse(ours, nullptr, false);
    if (parsed.is_discarded()) return why("decoded is not JSON");
    return parsed == expected ? "" : why("JSON differs");
  }
  if (type == "datetime" || type == "timestamp") {
    if (!expected.is_string()) return why("not a string");
    return MaxwellDateTime(ours) == expected.get<std::string>() ? "" : why("Maxwell form " + MaxwellDateTime(ours));
  }
  if (expected.is_number_float() || type == "float" || type == "double" || type == "decimal") {
    if (!expected.is_number()) return why("not a number");
    char* end = nullptr;
    double got = std::strtod(ours.c_str(), &end);
    if (end != ours.c_str() + ours.size()) return why("decoded is not a number");
    double want = expected.get<double>();
    if (type == "float") return static_cast<float>(got) == static_cast<float>(want) ? "" : why("as FLOAT");
    return got == want ? "" : why("numerically");
  }
  if (expected.is_number_integer()) return expected.dump() == ours ? "" : why("");
  if (expected.is_string()) return expected.get<std::string>() == ours ? "" : why("");
  return why("unexpected JSON type");
}

// "" when the decoded event renders as `expected` under Maxwell's rules, else the first difference.
std::string Match(const Json& expected, const DecodedEvent& event, const TableInfo* info) {
  const DumpRow& row = event.row;
  static const std::map<char, std::string> kTypes = {{'I', "insert"}, {'U', "update"}, {'D', "delete"}};
  if (expected.value("database", "") != row.schema || expected.value("table", "") != row.table ||
      expected.value("type", "") != kTypes.at(row.op)) {
    return "different database/table/type";
  }
  // data: insert -> after image; delete -> before image; update -> after image plus before-only columns.
  std::map<std::string, Cell> data;
  std::map<std::string, Cell> old;
  if (row.op == 'D') {
    for (const auto& [name, value] : row.before) data[name] = value;
  } else {
    for (const auto& [name, value] : row.after) data[name] = value;
  }
  if (row.op == 'U') {
    for (const auto& [name, value] : row.before) {
      if (!data.count(name)) {
        data[name] = value;
      } else if (data[name] != value) {
        old[name] = value;
      }
    }
  }
  auto compare_map = [&](const char* key, const std::map<std::string, Cell>& ours) -> std::string {
    const Json empty = Json::object();
    const Json& want = expected.contains(key) ? expected.at(key) : empty;
    if (!want.is_object()) return std::string(key) + " is not an object";
    if (want.size() != ours.size()) {
      std::string names;
      for (const auto& [name, value] : ours) names += " " + name;
      return std::string(key) + " has " + std::to_string(ours.size()) + " columns (" + names + " ), expected " +
             want.dump();
    }
    for (const auto& [name, value] : want.items()) {
      auto it = ours.find(name);
      if (it == ours.end()) return std::string(key) + ": no column " + name;
      const ColumnInfo* column = nullptr;
      if (info != nullptr) {
        int index = info->IndexOf(name);
        if (index >= 0) column = &info->columns[index];
      }
      std::string mismatch = CompareValue(value, it->second, column);
      if (!mismatch.empty()) return std::string(key) + "." + name + ": " + mismatch;
    }
    return "";
  };
  std::string mismatch = compare_map("data", data);
  if (mismatch.empty()) mismatch = compare_map("old", old);
  if (mismatch.empty() && expected.contains("query") && expected.at("query") != event.query) {
    mismatch = "query: expected " + expected.at("query").dump() + ", annotated '" + event.query + "'";
  }
  return mismatch;
}

class MaxwellFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MaxwellFixtureTest, DecodedEventsMatchMaxwellsExpectations) {
  const std::string name = GetParam();
  if (name == "test_case_insensitive") {
    GTEST_SKIP() << "never run by Maxwell's own suite; contradicts test_column_case";
  }
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::string> text = ReadFile(kFixtureDir + "/" + name);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<MaxwellFixture> fixture = ParseMaxwellFixture(*text);
  ASSERT_TRUE(fixture.ok()) << fixture.status().ToString();

  // Maxwell's harness creates `test` at boot; test_minimal uses it.
  ASSERT_TRUE(db.Query("CREATE DATABASE IF NOT EXISTS test").ok());
  const bool minimal_image = name == "test_minimal";
  if (minimal_image) {
    ASSERT_TRUE(db.Query("SET GLOBAL binlog_row_image = 'MINIMAL'").ok());
  }
  Result<std::string> start_file = db.CurrentBinlogFile();
  Result<uint64_t> start_pos = db.CurrentBinlogPosition();
  ASSERT_TRUE(start_file.ok() && start_pos.ok());

  {
    Result<std::unique_ptr<MariaDbClient>> client = db.Connect("root", "", "mysql");
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    for (const std::string& sql : fixture->statements) {
      if (!sql.empty() && sql[0] == '#') continue;  // a comment item
      Status status = (*client)->Query(sql);
      ASSERT_TRUE(status.ok()) << status.ToString();
    }
  }
  if (minimal_image) {
    ASSERT_TRUE(db.Query("SET GLOBAL binlog_row_image = 'FULL'").ok());
  }

  Result<std::vector<DecodedEvent>> decoded = DecodeFrom(db, *start_file, *start_pos);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();

  // Column types for the value mapping, from the tables as they are now (a fixture that drops its database
  // is compared by JSON value types only).
  std::map<std::string, std::unique_ptr<TableInfo>> tables;
  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  for (const DecodedEvent& event : *decoded) {
    std::string key = event.row.schema + "." + event.row.table;
    if (tables.count(key)) continue;
    Result<TableInfo> info = LoadTableInfo(**client, event.row.schema, event.row.table);
    tables[key] = info.ok() ? std::make_unique<TableInfo>(std::move(info).value()) : nullptr;
  }

  for (const Json& expected : fixture->expectations) {
    std::string closest;
    bool found = false;
    for (const DecodedEvent& event : *decoded) {
      const TableInfo* info = tables[event.row.schema + "." + event.row.table].get();
      std::string mismatch = Match(expected, event, info);
      if (mismatch.empty()) {
        found = true;
        break;
      }
      if (mismatch != "different database/table/type" && closest.empty()) {
        closest = mismatch + "\n    decoded: " + event.row.line.substr(0, 400);
      }
    }
    EXPECT_TRUE(found) << name << ": no decoded event matches " << expected.dump() << "\n  (" << decoded->size()
                       << " decoded rows; first near miss: " << (closest.empty() ? "none" : closest) << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Maxwell, MaxwellFixtureTest,
                         ::testing::Values("test_1j", "test_bignum", "test_bit", "test_blob", "test_case_insensitive",
                                           "test_charsets", "test_column_case", "test_create_like",
                                           "test_create_select", "test_enum", "test_gis", "test_invalid_time",
                                           "test_json", "test_latin1", "test_minimal", "test_row_query_log_is_on",
                                           "test_set", "test_time", "test_ucs2", "test_zero_created_at"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

TEST(MaxwellFixtureList, EveryFixtureFileIsListed) {
  // A fixture added to ../shared/testdata/maxwell must be added to the list above.
  Result<CommandResult> ls = RunCommand({"ls", kFixtureDir});
  ASSERT_TRUE(ls.ok()) << ls.status().ToString();
  size_t fixtures = 0;
  size_t begin = 0;
  const std::string& out = ls->stdout_text;
  while (begin < out.size()) {
    size_t end = out.find('\n', begin);
    if (end == std::string::npos) end = out.size();
    if (out.compare(begin, 5, "test_") == 0) ++fixtures;
    begin = end + 1;
  }
  EXPECT_EQ(fixtures, 20u);
}

}  // namespace
}  // namespace cdc::harness
