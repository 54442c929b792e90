#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "harness/column_info.h"
#include "harness/mariadb_client.h"
#include "harness/mismatches.h"

namespace cdc::harness {

// The oracle of the capture tests: the tables a lake's change files rebuild (tests/oracle/replay_lake.py, a
// Python replay independent of lakefeed's code) against the source tables as SELECT returns them, both in
// lakefeed's text form (docs/value-text.md).

// One table's rows, keyed by primary key (a table without one: by all values and an occurrence number).
struct TableImage {
  std::vector<std::string> columns;              // in ordinal order
  std::vector<std::string> primary_key;          // column names in key order
  std::vector<ColumnInfo> column_info;           // source side only: the column types, for CompareWithSelect
  std::map<std::vector<std::string>, Row> rows;  // primary-key values (key order) -> row (columns order)
  std::string failure;  // lake side: why the capture could not know the table's schema (no columns then)
};

// "schema.table" -> image.
using TablesImage = std::map<std::string, TableImage>;

// What the replay saw besides the tables (the "stats" of replay_lake.py).
struct ReplayStats {
  uint64_t files = 0;                   // change files read
  uint64_t rows = 0;                    // row changes read
  uint64_t schema_records = 0;          // schema history records applied
  uint64_t ignored_schema_records = 0;  // records past the latest checkpoint
  uint64_t staging_files = 0;           // objects under _lakefeed/staging (uncommitted uploads)
  uint64_t checkpoints = 0;
  uint64_t next_seq = 0;           // of the latest checkpoint (0 when none)
  uint64_t max_seq = 0;            // largest seq of a row change
  bool publish_complete = true;    // every file the latest checkpoint names is published
  uint64_t suppressed_errors = 0;  // apply findings not counted in a reader view of an unfinished publish
};

struct LakeReplay {
  TablesImage tables;
  // What replay_lake.py found wrong: a seq twice or out of order, an insert of an existing key, a delete
  // whose before image differs, ... Each names the file and line.
  std::vector<std::string> errors;
  ReplayStats stats;
};

// How the change files were written (the target settings of the task).
struct ReplayOptions {
  std::string null_value = "NULL";  // CsvNullValue
  std::string delimiter = ",";      // CsvDelimiter
  std::string timestamp_column;     // TimestampColumnName
  bool include_op_for_full_load = false;  // IncludeOpForFullLoad
  // Row keys of tables without a primary key ("db.t" -> columns), e.g. a unique key: their updates can then
  // be replayed (replay_lake.py --key), and SELECT keys them the same way.
  std::map<std::string, std::vector<std::string>> keys;
  // Columns ("db.t.c") whose values are not compared: a known, documented difference only.
  std::set<std::string> unchecked_columns;
  // The lake as a reader sees it at any moment, e.g. right after a kill -9: while the latest checkpoint's
  // publish is unfinished only the visibility findings count (a seq twice or out of order, a seq at or past
  // next_seq), not the apply rules (replay_lake.py --reader-view).
  bool reader_view = false;
};

// The replay script: $LAKEFEED_REPLAY_ORACLE when set, else the path CMake compiled in (tests/oracle/
// replay_lake.py in the source tree).
std::string ReplayOracleScript();

// Runs `python3 replay_lake.py LAKE_DIR ...` and parses its JSON. The replay's findings are in `errors`
// (not a failed Status); IOError when the script cannot run or its output is not the expected JSON.
Result<LakeReplay> ReplayLake(const std::string& lake_dir, const ReplayOptions& options = {});

// Every base table of `databases` as SELECT returns it (one SelectExpression per column, see
// value_oracle.h), keyed by the primary key in key order (information_schema.STATISTICS); a table without
// one by all its values and the number of equal rows before ("#1", "#2", ...), as the replay keys it.
// `keys` gives the row key of tables without a primary key ("db.t" -> columns), as ReplayOptions::keys.
Result<TablesImage> DumpSourceTables(MariaDbClient& client, const std::vector<std::string>& databases,
                                     const std::map<std::string, std::vector<std::string>>& keys = {});

// Compares the replayed lake with the source: the same tables, columns and primary keys, the same keys, and
// every value (CompareWithSelect with the source's column type). Each difference names the table, the key
// and the column; Mismatches::AddColumn counts per column. Only lake tables of `databases` count (empty:
// all): a lake may know tables of other databases from the schema history.
void CompareTables(const TablesImage& source, const TablesImage& lake, Mismatches* mismatches,
                   const std::vector<std::string>& databases = {},
                   const std::set<std::string>& unchecked_columns = {});

// "[1, 'a']": a key for messages.
std::string ShowKey(const std::vector<std::string>& key);

}  // namespace cdc::harness
