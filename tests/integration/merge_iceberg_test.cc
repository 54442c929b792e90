// The merge into Iceberg end to end (docs/merge.md): a MariaDB workload with inserts, updates, key updates,
// deletes and delete-then-reinsert, captured by `lakefeed sync` (full load first) and merged by `lakefeed
// merge` in several rounds. After every round the Iceberg table, read by icebird (tests/node/iceberg, an
// independent reader that applies the equality deletes), must equal SELECT on the source; a second merge
// changes nothing (no commit, same metadata version), and `lakefeed validate` passes. At the end DuckDB's MERGE
// INTO applied to the same change files round by round (tests/node/parquet/merge-reference.mjs) must give the
// source's rows too; then changes made with sql_log_bin = 0 (which the lake never sees) must make `lakefeed
// validate` fail and name exactly the keys changed, deleted and inserted.
// Round 3 adds a column (ALTER TABLE ... ADD COLUMN), so the Iceberg schema evolves. Variants: CSV change
// files, Parquet change files, and CSV with the built-in merge trigger under `sync` (merge.enabled) instead of
// `lakefeed merge`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "capture_check.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);
LAKEFEED_MOTO_ENVIRONMENT();

using Json = nlohmann::json;

constexpr const char* kColumns[] = {"id", "name", "amount", "n", "d", "ts", "note"};

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// A decimal's text with two fraction digits, however it was printed ("12.3", "12.30", "-0.5").
std::string TwoDigits(const std::string& text) {
  if (text == "\\N") return text;
  char out[64];
  std::snprintf(out, sizeof(out), "%.2f", std::strtod(text.c_str(), nullptr));
  return out;
}

// The source's rows, each as tab-separated text in icebird's canonical forms (read.mjs): DATE as
// "YYYY-MM-DDT00:00:00.000Z", DATETIME(3) as ISO-8601 with milliseconds and Z, DECIMAL with two digits.
Result<std::vector<std::string>> SourceRows(MariaDbSandbox& db, const std::string& table, bool extra) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(
      std::vector<Row> rows,
      client->QueryRows("SELECT id, name, amount, n, DATE_FORMAT(d, '%Y-%m-%dT00:00:00.000Z'), "
                        "CONCAT(DATE_FORMAT(ts, '%Y-%m-%dT%H:%i:%s.'), LPAD(FLOOR(MICROSECOND(ts) / 1000), 3, '0'), 'Z'), "
                        "note" + std::string(extra ? ", extra" : "") + " FROM " + table + " ORDER BY id"));
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::string line;
    for (size_t idx = 0; idx < row.size(); ++idx) {
      std::string value = row[idx] ? *row[idx] : "\\N";
      if (idx == 2) value = TwoDigits(value);
      line += (idx > 0 ? "\t" : "") + value;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The source's rows as plain SELECT text (for the DuckDB reference, which reads the change files' values).
Result<std::vector<std::string>> SourceText(MariaDbSandbox& db, const std::string& table) {
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<MariaDbClient> client, db.Connect());
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows,
                       client->QueryRows("SELECT id, name, amount, n, d, ts, note FROM " + table + " ORDER BY id"));
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::string line;
    for (size_t idx = 0; idx < row.size(); ++idx) {
      std::string value = row[idx] ? *row[idx] : "\\N";
      if (idx == 2) value = TwoDigits(value);
      line += (idx > 0 ? "\t" : "") + value;
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

// The Iceberg table's rows as icebird reads them, sorted by id, in the same line form.
Result<std::vector<std::string>> IcebirdRows(const std::string& table_url, bool extra) {
  CDC_ASSIGN_OR_RETURN(CommandResult result,
                       RunCommand({"node", LAKEFEED_ICEBERG_READ, table_url}, std::chrono::minutes(2)));
  if (result.exit_code != 0) return Status::IOError("icebird failed", result.stderr_text);
  Json parsed = Json::parse(result.stdout_text, nullptr, false);
  if (parsed.is_discarded()) return Status::Corruption("icebird output", result.stdout_text.substr(0, 200));
  std::vector<std::pair<int64_t, std::string>> rows;
  for (const Json& row : parsed["rows"]) {
    std::string line;
    for (size_t idx = 0; idx < std::size(kColumns) + (extra ? 1 : 0); ++idx) {
      const char* column = idx < std::size(kColumns) ? kColumns[idx] : "extra";
      const Json& value = row.contains(column) ? row[column] : Json(nullptr);
      std::string text = value.is_null() ? "\\N" : value.get<std::string>();
      if (idx == 2) text = TwoDigits(text);
      line += (idx > 0 ? "\t" : "") + text;
    }
    rows.emplace_back(std::stoll(row["id"].get<std::string>()), std::move(line));
  }
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> lines;
  for (auto& [id, line] : rows) lines.push_back(std::move(line));
  return lines;
}

// The change files of a table folder (sorted), and those not in `seen` (which then holds them all).
std::vector<std::string> NewFiles(const std::string& folder, std::set<std::string>* seen) {
  std::vector<std::string> files;
  if (!std::filesystem::exists(folder)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(folder)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    if (seen->insert(path).second) files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string MetadataVersion(const std::string& table_dir) { return ReadText(table_dir + "/metadata/version-hint.text"); }

std::string Describe(const std::vector<std::string>& got, const std::vector<std::string>& want) {
  std::ostringstream out;
  out << got.size() << " rows, want " << want.size() << "\n";
  size_t shown = 0;
  for (size_t idx = 0; idx < std::max(got.size(), want.size()) && shown < 8; ++idx) {
    const std::string a = idx < got.size() ? got[idx] : "(none)";
    const std::string b = idx < want.size() ? want[idx] : "(none)";
    if (a != b) {
      out << "  got  " << a << "\n  want " << b << "\n";
      ++shown;
    }
  }
  return out.str();
}

struct Variant {
  std::string name;
  std::string format;  // csv | parquet
  bool trigger = false;  // merge.enabled: `sync` merges; no `lakefeed merge`
};

class MergeIcebergTest : public testing::TestWithParam<Variant> {};

TEST_P(MergeIcebergTest, RoundsOfChangesMergedEqualSelect) {
  LAKEFEED_SHARED_MARIADB(db);
  const Variant& variant = GetParam();
  const std::string schema = "mg_" + variant.name;
  const std::string table = schema + ".t";
  ASSERT_TRUE(db.Query("CREATE DATABASE " + schema).ok());
  ASSERT_TRUE(db.Query("CREATE TABLE " + table +
                       " (id INT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(10,2), n BIGINT, d DATE, "
                       "ts DATETIME(3), note TEXT NULL)")
                  .ok());
  ASSERT_TRUE(db.Query("SET SESSION max_recursive_iterations = 1000000; INSERT INTO " + table +
                       " WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) "
                       "SELECT i, CONCAT('name ', i, IF(i MOD 7 = 0, ' \xc3\xa9, \"q\"', '')), i * 1.25 - 100, "
                       "i * 1000003, DATE_ADD('2020-01-01', INTERVAL i DAY), "
                       "TIMESTAMPADD(MICROSECOND, i * 1001000, '2024-02-29 12:00:00.000'), "
                       "IF(i MOD 5 = 0, NULL, REPEAT('n', i MOD 50)) FROM s")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {schema + ".%"};
  options.start = "full-load-and-cdc";
  options.format = variant.format;
  options.settings = {{"CdcMaxBatchInterval", "1"}};
  if (variant.format == "csv") options.settings.push_back({"AddColumnName", "true"});
  Result<LakefeedTask> created = LakefeedTask::Create(db, options);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  LakefeedTask& task = *created;
  const std::string warehouse = task.dir() + "/warehouse";
  options.extra_yaml = "full_load:\n  chunk_rows: 700\nmerge:\n  enabled: " + std::string(variant.trigger ? "true" : "false") +
                       "\n  warehouse: file://" + warehouse + "\n  max_batch_changes: 1500\n  compact_delete_files: 3\n";
  ASSERT_TRUE(task.Rewrite(options, db.port()).ok());
  const std::string table_dir = warehouse + "/" + schema + "/t";
  const std::string table_url = "file://" + table_dir;
  const std::string lake_folder = task.lake_dir() + "/" + schema + "/t";

  std::set<std::string> seen;
  std::vector<std::vector<std::string>> rounds;
  int next_id = 100000;
  for (int round = 0; round <= 4; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    if (round > 0) {
      const std::string r = std::to_string(round);
      std::vector<std::string> statements = {
          // Inserts, and updates of some rows several times within the round.
          "INSERT INTO " + table + " (id, name, amount, n, d, ts, note) WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 150) "
              "SELECT " + std::to_string(next_id) + " + i, CONCAT('new ', i), i / 4, NULL, NULL, NULL, 'x' FROM s",
          "UPDATE " + table + " SET name = CONCAT(name, ' u" + r + "'), amount = amount + 1 WHERE id MOD 7 = " + r,
          "UPDATE " + table + " SET note = NULL, n = -n WHERE id MOD 7 = " + r,
          "DELETE FROM " + table + " WHERE id MOD 11 = " + r,
          // Key updates: the row moves (a D of the old key and an I of the new one).
          "UPDATE " + table + " SET id = id + 1000000 WHERE id MOD 13 = " + r + " AND id < 1000000",
          // Delete then reinsert, in one transaction and across two.
          "BEGIN; DELETE FROM " + table + " WHERE id = " + std::to_string(20 + round) + "; INSERT INTO " + table +
              " (id, name, amount, n, d, ts, note) VALUES (" + std::to_string(20 + round) + ", 'reinserted', 1.50, 7, '2024-01-01', "
              "'2024-01-01 00:00:00.250', NULL); COMMIT",
          "DELETE FROM " + table + " WHERE id = " + std::to_string(40 + round),
          "INSERT INTO " + table + " (id, name, amount, n, d, ts, note) VALUES (" + std::to_string(40 + round) + ", 'back', NULL, NULL, NULL, NULL, 'b')",
          // A key update onto a key deleted earlier in the round, and a row inserted then deleted.
          "DELETE FROM " + table + " WHERE id = " + std::to_string(60 + round),
          "UPDATE " + table + " SET id = " + std::to_string(60 + round) + " WHERE id = " + std::to_string(80 + round),
          "INSERT INTO " + table + " (id, name, amount, n, d, ts, note) VALUES (" + std::to_string(next_id + 999) + ", 'gone', NULL, NULL, NULL, NULL, NULL)",
          "DELETE FROM " + table + " WHERE id = " + std::to_string(next_id + 999),
      };
      if (round == 3) {  // a DDL: the Iceberg schema evolves (a new optional field)
        statements.push_back("ALTER TABLE " + table + " ADD COLUMN extra INT NULL");
        statements.push_back("UPDATE " + table + " SET extra = id MOD 97 WHERE id MOD 3 = 0");
        statements.push_back("UPDATE " + table + " SET id = id + 2000000 WHERE id MOD 17 = 0 AND id < 1000000");
      }
      next_id += 1000;
      for (const std::string& sql : statements) ASSERT_TRUE(db.Query(sql).ok()) << sql;
    }
    Result<CommandResult> synced = task.Run("sync");
    ASSERT_TRUE(synced.ok());
    ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, task);
    std::vector<std::string> files = NewFiles(lake_folder, &seen);
    ASSERT_FALSE(files.empty());
    rounds.push_back(files);
    if (!variant.trigger) {
      Result<CommandResult> merged = task.Run("merge");
      ASSERT_TRUE(merged.ok());
      ASSERT_EQ(merged->exit_code, 0) << DescribeRun(*merged, task);
      EXPECT_NE(merged->stdout_text.find("merged " + std::to_string(files.size()) + " files"), std::string::npos)
          << merged->stdout_text;
    }
    Result<std::vector<std::string>> source = SourceRows(db, table, round >= 3);
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    Result<std::vector<std::string>> iceberg = IcebirdRows(table_url, round >= 3);
    ASSERT_TRUE(iceberg.ok()) << iceberg.status().ToString();
    ASSERT_EQ(*iceberg, *source) << Describe(*iceberg, *source);

    // lakefeed validate agrees: counts and checksums of every row equal.
    Result<CommandResult> validated = task.Run("validate");
    ASSERT_TRUE(validated.ok());
    ASSERT_EQ(validated->exit_code, 0) << DescribeRun(*validated, task);
    EXPECT_NE(validated->stdout_text.find(table + "  Validated"), std::string::npos) << validated->stdout_text;
    EXPECT_NE(validated->stdout_text.find("1 of 1 tables validated"), std::string::npos) << validated->stdout_text;

    // A merge again changes nothing: no commit, the same metadata version.
    const std::string version = MetadataVersion(table_dir);
    Result<CommandResult> again = task.Run("merge");
    ASSERT_TRUE(again.ok());
    ASSERT_EQ(again->exit_code, 0) << DescribeRun(*again, task);
    EXPECT_NE(again->stdout_text.find("in 0 commits"), std::string::npos) << again->stdout_text;
    EXPECT_EQ(MetadataVersion(table_dir), version);
  }
  // Compaction ran (compact_delete_files: 3) and the table still reads right; then an explicit one.
  Result<CommandResult> compacted = task.Run("merge", std::chrono::minutes(3), {"--table", table, "--compact"});
  ASSERT_TRUE(compacted.ok());
  ASSERT_EQ(compacted->exit_code, 0) << DescribeRun(*compacted, task);
  Result<std::vector<std::string>> source = SourceRows(db, table, true);
  ASSERT_TRUE(source.ok());
  Result<std::vector<std::string>> iceberg = IcebirdRows(table_url, true);
  ASSERT_TRUE(iceberg.ok()) << iceberg.status().ToString();
  ASSERT_EQ(*iceberg, *source) << Describe(*iceberg, *source);
  const Json metadata = Json::parse(ReadText(table_dir + "/metadata/v" + MetadataVersion(table_dir) + ".metadata.json"));
  bool replaced = false;
  for (const Json& snapshot : metadata["snapshots"]) replaced |= snapshot["summary"]["operation"] == "replace";
  EXPECT_TRUE(replaced) << "no compaction snapshot";

  // The reference: DuckDB's MERGE INTO over the same change files, round by round.
  Json spec;
  spec["format"] = variant.format;
  spec["key"] = "id";
  spec["columns"] = Json::array();
  for (const char* column : kColumns) spec["columns"].push_back(column);
  spec["rounds"] = rounds;
  spec["select"] = variant.format == "csv"
                       ? "SELECT id, name, amount, n, d, ts, note FROM ref ORDER BY CAST(id AS INTEGER)"
                       : "SELECT id, name, amount, n, d, strftime(ts, '%Y-%m-%d %H:%M:%S.%g'), note FROM ref ORDER BY id";
  Result<CommandResult> reference = RunCommand({"node", LAKEFEED_MERGE_REFERENCE, spec.dump()}, std::chrono::minutes(3));
  ASSERT_TRUE(reference.ok());
  ASSERT_EQ(reference->exit_code, 0) << reference->stderr_text;
  std::vector<std::string> reference_rows;
  std::istringstream lines(reference->stdout_text);
  for (std::string line; std::getline(lines, line);) {
    // Amount with two digits whatever the reader printed.
    std::vector<std::string> cells;
    std::istringstream cell_stream(line);
    for (std::string cell; std::getline(cell_stream, cell, '\t');) cells.push_back(cell);
    if (cells.size() > 2) cells[2] = TwoDigits(cells[2]);
    std::string joined;
    for (size_t idx = 0; idx < cells.size(); ++idx) joined += (idx > 0 ? "\t" : "") + cells[idx];
    reference_rows.push_back(joined);
  }
  Result<std::vector<std::string>> text = SourceText(db, table);
  ASSERT_TRUE(text.ok());
  ASSERT_EQ(reference_rows, *text) << Describe(reference_rows, *text);

  // Changes the binlog never saw (sql_log_bin = 0): validate finds exactly those keys and exits 1.
  Result<std::unique_ptr<MariaDbClient>> client = db.Connect();
  ASSERT_TRUE(client.ok());
  Result<std::vector<Row>> bounds = (*client)->QueryRows("SELECT MIN(id), MAX(id) FROM " + table);
  ASSERT_TRUE(bounds.ok() && bounds->size() == 1 && (*bounds)[0][0] && (*bounds)[0][1]);
  const std::string lowest = *(*bounds)[0][0];
  const std::string highest = *(*bounds)[0][1];
  ASSERT_TRUE((*client)
                  ->Query("SET SESSION sql_log_bin = 0; UPDATE " + table + " SET name = 'tampered' WHERE id = " +
                          lowest + "; DELETE FROM " + table + " WHERE id = " + highest + "; INSERT INTO " + table +
                          " (id, name) VALUES (9999999, 'unseen'); SET SESSION sql_log_bin = 1")
                  .ok());
  Result<CommandResult> mismatched = task.Run("validate", std::chrono::minutes(3), {"--json"});
  ASSERT_TRUE(mismatched.ok());
  ASSERT_EQ(mismatched->exit_code, 1) << DescribeRun(*mismatched, task);
  const Json report = Json::parse(mismatched->stdout_text);
  ASSERT_EQ(report["tables"].size(), 1u) << mismatched->stdout_text;
  const Json& result = report["tables"][0];
  EXPECT_EQ(result["ValidationState"], "Mismatched records");
  EXPECT_EQ(result["DifferingKeys"], 3);
  std::set<std::string> keys;
  for (const Json& key : result["Keys"]) keys.insert(key["Kind"].get<std::string>() + " " + key["Key"].get<std::string>());
  EXPECT_EQ(keys, (std::set<std::string>{"different id=" + lowest, "extra id=" + highest, "missing id=9999999"}))
      << mismatched->stdout_text;
  EXPECT_EQ(result["SourceRows"].get<uint64_t>(), result["TargetRows"].get<uint64_t>()) << mismatched->stdout_text;
}

// A column change that waits for the table's next row (docs/merge.md "Schema evolution"): on an emptied table no
// row can differ, so validate passes and names the column; on a table with rows the column is a difference.
TEST(MergeValidate, PendingColumnChangeFailsOnlyATableWithRows) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE mv_cols; CREATE TABLE mv_cols.emptied (id INT PRIMARY KEY, a INT, b INT); "
                       "CREATE TABLE mv_cols.filled (id INT PRIMARY KEY, a INT); "
                       "INSERT INTO mv_cols.emptied VALUES (1, 1, 1), (2, 2, 2); INSERT INTO mv_cols.filled VALUES (1, 1)")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {"mv_cols.%"};
  options.start = "full-load-and-cdc";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  options.extra_yaml = "merge:\n  enabled: true\n  warehouse: file://" + task->dir() + "/warehouse\n";
  ASSERT_TRUE(task->Rewrite(options, db.port()).ok());
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok());
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);

  ASSERT_TRUE(db.Query("TRUNCATE mv_cols.emptied; ALTER TABLE mv_cols.emptied DROP COLUMN b; "
                       "ALTER TABLE mv_cols.filled ADD COLUMN c INT DEFAULT 7")
                  .ok());
  synced = task->Run("sync");
  ASSERT_TRUE(synced.ok());
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  Result<CommandResult> validated = task->Run("validate");
  ASSERT_TRUE(validated.ok());
  EXPECT_EQ(validated->exit_code, 1) << DescribeRun(*validated, *task);
  const std::string& out = validated->stdout_text;
  EXPECT_NE(out.find("mv_cols.emptied  Validated  source 0 rows, merged 0 rows (column b of the merged table is not "
                     "in the source)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("mv_cols.filled  Mismatched records  source 1 rows, merged 1 rows (column c is not in the "
                     "merged table)"),
            std::string::npos)
      << out;
}

// The Glue catalog (merge.glue_catalog) against moto's Glue, the warehouse in moto's S3: after the first
// merge the database and the table exist and point at the table's current metadata file; after more changes
// at the newer one, with the older as previous_metadata_location; `lakefeed merge` keeps them there. boto3
// reads the catalog and the version hint, and checks that the file the catalog names is in S3. `lakefeed
// check` reaches the catalog first.
TEST(MergeGlueCatalog, TablesFollowTheirMetadata) {
  LAKEFEED_SHARED_MARIADB(db);
  LAKEFEED_SHARED_MOTO(moto);
  ASSERT_TRUE(moto.RunBoto3("s3.create_bucket(Bucket='glue-lake')\n").ok());
  setenv("AWS_ACCESS_KEY_ID", moto.access_key().c_str(), 1);
  setenv("AWS_SECRET_ACCESS_KEY", moto.secret_key().c_str(), 1);
  setenv("AWS_ENDPOINT_URL_GLUE", moto.endpoint().c_str(), 1);
  ASSERT_TRUE(db.Query("CREATE DATABASE mg; CREATE TABLE mg.orders (id INT PRIMARY KEY, v VARCHAR(10)); "
                       "INSERT INTO mg.orders VALUES (1, 'a'), (2, 'b')")
                  .ok());
  LakefeedTaskOptions options;
  options.include = {"mg.%"};
  options.start = "full-load-and-cdc";
  options.target_url = "s3://glue-lake/raw";
  options.target_yaml = "  s3:\n    endpoint: " + moto.endpoint() + "\n";
  options.extra_yaml = "merge:\n  enabled: true\n  warehouse: s3://glue-lake/iceberg\n  glue_catalog: true\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  // Prints the catalog's metadata_location and previous_metadata_location of mg.orders, after checking that
  // the first is the table's current version in S3.
  const std::string check =
      "glue = boto3.client('glue', endpoint_url='" + moto.endpoint() +
      "', region_name='us-east-1', "
      "aws_access_key_id='" +
      moto.access_key() + "', aws_secret_access_key='" + moto.secret_key() +
      "')\n"
      "table = glue.get_table(DatabaseName='mg', Name='orders')['Table']\n"
      "parameters = table['Parameters']\n"
      "assert parameters['table_type'] == 'ICEBERG', parameters\n"
      "assert table['StorageDescriptor']['Location'] == 's3://glue-lake/iceberg/mg/orders', table\n"
      "hint = s3.get_object(Bucket='glue-lake', "
      "Key='iceberg/mg/orders/metadata/version-hint.text')['Body'].read()\n"
      "current = 's3://glue-lake/iceberg/mg/orders/metadata/v%s.metadata.json' % hint.decode()\n"
      "assert parameters['metadata_location'] == current, (parameters, current)\n"
      "s3.head_object(Bucket='glue-lake', Key=current[len('s3://glue-lake/'):])\n"
      "previous = 's3://glue-lake/iceberg/mg/orders/metadata/v%d.metadata.json' % (int(hint) - 1)\n"
      "assert parameters.get('previous_metadata_location', previous) == previous, (parameters, previous)\n"
      "print(parameters['metadata_location'], parameters.get('previous_metadata_location', '-'))\n";

  Result<CommandResult> checked = task->Run("check");
  ASSERT_TRUE(checked.ok()) << checked.status().ToString();
  EXPECT_NE(checked->stdout_text.find("the Glue Data Catalog answers GetDatabases"), std::string::npos)
      << DescribeRun(*checked, *task);

  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  Result<std::string> first = moto.RunBoto3(check);
  ASSERT_TRUE(first.ok()) << first.status().ToString() << "\n" << TailOfFile(task->log_path(), 3000);
  const std::string first_location = first->substr(0, first->find(' '));

  ASSERT_TRUE(
      db.Query("UPDATE mg.orders SET v = 'c' WHERE id = 1; INSERT INTO mg.orders VALUES (3, 'd')").ok());
  synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  Result<std::string> second = moto.RunBoto3(check);
  ASSERT_TRUE(second.ok()) << second.status().ToString() << "\n" << TailOfFile(task->log_path(), 3000);
  EXPECT_NE(second->substr(0, second->find(' ')), first_location);
  EXPECT_EQ(second->find(" -"), std::string::npos) << "no previous_metadata_location: " << *second;

  Result<CommandResult> merged = task->Run("merge");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  ASSERT_EQ(merged->exit_code, 0) << DescribeRun(*merged, *task);
  Result<std::string> third = moto.RunBoto3(check);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  unsetenv("AWS_ENDPOINT_URL_GLUE");
}

INSTANTIATE_TEST_SUITE_P(Formats, MergeIcebergTest,
                         testing::Values(Variant{"csv", "csv", false}, Variant{"parquet", "parquet", false},
                                         Variant{"trigger", "csv", true}),
                         [](const testing::TestParamInfo<Variant>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace cdc::harness
