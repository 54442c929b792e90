#include "pipeline/task_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/logging.h"

namespace cdc::pipeline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kMinimal = R"(source:
  user: lakefeed
  server_id: 4201
target:
  url: file:///var/lib/lakefeed/raw
)";

// A fixed environment for ${NAME} substitution.
EnvLookup FakeEnv(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TaskConfig ParseOk(std::string_view yaml, const EnvLookup& env = FakeEnv()) {
  Result<TaskConfig> config = ParseTaskConfig(yaml, env);
  EXPECT_TRUE(config.ok()) << config.status().ToString() << "\n" << yaml;
  return config.ok() ? *config : TaskConfig{};
}

// The message of the InvalidArgument the YAML must give.
std::string ParseError(std::string_view yaml, const EnvLookup& env = FakeEnv()) {
  Result<TaskConfig> config = ParseTaskConfig(yaml, env);
  EXPECT_FALSE(config.ok()) << yaml;
  if (config.ok()) return "";
  EXPECT_TRUE(config.status().IsInvalidArgument()) << config.status().ToString();
  return config.status().message();
}

// The minimal config with `extra` appended under `section` (which must be source, target or a new
// top-level key). Lines of `extra` are indented by the caller.
std::string WithSource(std::string_view extra) {
  return "source:\n  user: lakefeed\n  server_id: 4201\n" + std::string(extra) +
         "target:\n  url: file:///var/lib/lakefeed/raw\n";
}
std::string WithSettings(std::string_view settings) {
  return std::string(kMinimal) + "  settings:\n" + std::string(settings);
}

// Captures what the code under test logs to stderr.
class StderrCapture {
 public:
  StderrCapture() { testing::internal::CaptureStderr(); }
  std::string Take() { return testing::internal::GetCapturedStderr(); }
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "task_config_test.XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, std::string_view content, mode_t mode) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << content;
    chmod(file.c_str(), mode);
    return file;
  }

 private:
  std::string path_;
};

// ------------------------------------------------------------------------------------------ valid configs

TEST(TaskConfigTest, ParsesAFullConfig) {
  constexpr std::string_view kYaml = R"(# every key
source:
  host: db.internal
  port: 3307
  user: repl
  password: ${LAKEFEED_SOURCE_PASSWORD}
  server_id: 4294967295
  tls: { mode: verify-identity, ca: /etc/ssl/ca.pem, cert: /etc/ssl/client.pem, key: /etc/ssl/client.key }
  tables: { include: ["shop.*", "crm.customer%"], exclude: [shop.tmp_%] }
  start: mysql-bin.000042:1234
  heartbeat_ms: 500
  connect_timeout_s: 5
  reconnect: { initial_ms: 100, max_ms: 5000, attempts: 7 }
target:
  url: file:///srv/lake/raw
  format: csv
  settings:
    DataFormat: csv
    CompressionType: gzip
    CsvDelimiter: '|'
    CsvRowDelimiter: \r\n
    CsvNullValue: ''
    Rfc4180: n
    AddColumnName: y
    TimestampColumnName: commit_ts
    IncludeOpForFullLoad: true
    CdcInsertsAndUpdates: true
    CdcMaxBatchInterval: 1
    CdcMinFileSize: 64
    MaxFileSize: 2048
    DatePartitionEnabled: yes
    DatePartitionSequence: yyyymmddhh
    DatePartitionDelimiter: dash
    OrderingColumns: false
capture:
  work_dir: /tmp/lakefeed-work/
  memory_limit_mb: 256
  truncate: keep
log:
  level: debug
  json: true
)";
  TaskConfig config = ParseOk(kYaml, FakeEnv({{"LAKEFEED_SOURCE_PASSWORD", "s3cret"}}));
  const SourceConfig& source = config.source;
  EXPECT_EQ(source.host, "db.internal");
  EXPECT_EQ(source.port, 3307);
  EXPECT_EQ(source.user, "repl");
  EXPECT_EQ(source.password, "s3cret");
  EXPECT_EQ(source.server_id, 4294967295u);
  EXPECT_EQ(source.tls_mode, "verify-identity");
  EXPECT_EQ(source.tls_ca, "/etc/ssl/ca.pem");
  EXPECT_EQ(source.tls_cert, "/etc/ssl/client.pem");
  EXPECT_EQ(source.tls_key, "/etc/ssl/client.key");
  EXPECT_EQ(source.include, (std::vector<std::string>{"shop.*", "crm.customer%"}));
  EXPECT_EQ(source.exclude, (std::vector<std::string>{"shop.tmp_%"}));
  EXPECT_TRUE(source.table_mappings_file.empty());
  EXPECT_EQ(source.start.mode, StartSpec::Mode::kPosition);
  EXPECT_EQ(source.start.file, "mysql-bin.000042");
  EXPECT_EQ(source.start.offset, 1234u);
  EXPECT_EQ(source.heartbeat_ms, 500u);
  EXPECT_EQ(source.connect_timeout_s, 5u);
  EXPECT_EQ(source.reconnect_initial_ms, 100u);
  EXPECT_EQ(source.reconnect_max_ms, 5000u);
  EXPECT_EQ(source.reconnect_attempts, 7u);

  EXPECT_EQ(config.target.url, "file:///srv/lake/raw");
  const lake::LakeSettings& settings = config.target.settings;
  EXPECT_EQ(settings.format, "csv");
  EXPECT_EQ(settings.output.compression, format::Compression::kGzip);
  EXPECT_EQ(settings.csv.delimiter, "|");
  EXPECT_EQ(settings.csv.row_delimiter, "\r\n");
  EXPECT_EQ(settings.csv.null_value, "");
  EXPECT_FALSE(settings.csv.rfc4180);
  EXPECT_TRUE(settings.csv.add_column_name);
  EXPECT_EQ(settings.output.timestamp_column_name, "commit_ts");
  EXPECT_TRUE(settings.output.include_op_for_full_load);
  EXPECT_FALSE(settings.output.cdc_inserts_only);
  EXPECT_TRUE(settings.output.cdc_inserts_and_updates);
  EXPECT_EQ(settings.cdc_max_batch_interval_s, 1u);
  EXPECT_EQ(settings.cdc_min_file_size_kb, 64u);
  EXPECT_EQ(settings.max_file_size_kb, 2048u);
  EXPECT_TRUE(settings.date_partition_enabled);
  EXPECT_EQ(settings.date_partition_sequence, "YYYYMMDDHH");
  EXPECT_EQ(settings.date_partition_delimiter, "DASH");
  EXPECT_FALSE(settings.output.ordering_columns);
  EXPECT_EQ(settings.spool_dir, "/tmp/lakefeed-work/spool");

  EXPECT_EQ(config.capture.work_dir, "/tmp/lakefeed-work/");
  EXPECT_EQ(config.capture.memory_limit_mb, 256u);
  EXPECT_EQ(config.capture.truncate, "keep");
  EXPECT_EQ(config.log.level, "debug");
  EXPECT_TRUE(config.log.json);
}

TEST(TaskConfigTest, EveryKeyHasItsDefault) {
  TaskConfig config = ParseOk(kMinimal);
  const TaskConfig defaults;
  const SourceConfig& source = config.source;
  EXPECT_EQ(source.host, "127.0.0.1");
  EXPECT_EQ(source.port, 3306);
  EXPECT_EQ(source.user, "lakefeed");
  EXPECT_EQ(source.password, "");
  EXPECT_EQ(source.server_id, 4201u);
  EXPECT_EQ(source.tls_mode, "preferred");
  EXPECT_TRUE(source.tls_ca.empty() && source.tls_cert.empty() && source.tls_key.empty());
  EXPECT_TRUE(source.include.empty());  // every table
  EXPECT_TRUE(source.exclude.empty());
  EXPECT_TRUE(source.table_mappings_file.empty());
  EXPECT_EQ(source.start.mode, StartSpec::Mode::kCdc);
  EXPECT_EQ(source.heartbeat_ms, 0u);
  EXPECT_EQ(source.connect_timeout_s, 10u);
  EXPECT_EQ(source.reconnect_initial_ms, 200u);
  EXPECT_EQ(source.reconnect_max_ms, 30000u);
  EXPECT_EQ(source.reconnect_attempts, 0u);

  // DMS's defaults (reference/dms-s3-target.md §1.3) plus lakefeed's ordering columns.
  const lake::LakeSettings& settings = config.target.settings;
  EXPECT_EQ(settings.format, "csv");
  EXPECT_EQ(settings.output.compression, format::Compression::kNone);
  EXPECT_EQ(settings.csv.delimiter, ",");
  EXPECT_EQ(settings.csv.row_delimiter, "\n");
  EXPECT_EQ(settings.csv.null_value, "NULL");
  EXPECT_TRUE(settings.csv.rfc4180);
  EXPECT_FALSE(settings.csv.add_column_name);
  EXPECT_EQ(settings.output.timestamp_column_name, "");
  EXPECT_FALSE(settings.output.include_op_for_full_load);
  EXPECT_FALSE(settings.output.cdc_inserts_only);
  EXPECT_FALSE(settings.output.cdc_inserts_and_updates);
  EXPECT_EQ(settings.cdc_max_batch_interval_s, 60u);
  EXPECT_EQ(settings.cdc_min_file_size_kb, 32000u);
  EXPECT_EQ(settings.max_file_size_kb, 1048576u);
  EXPECT_FALSE(settings.date_partition_enabled);
  EXPECT_EQ(settings.date_partition_sequence, "YYYYMMDD");
  EXPECT_EQ(settings.date_partition_delimiter, "SLASH");
  EXPECT_TRUE(settings.output.ordering_columns);
  EXPECT_EQ(settings.output.seq_column_name, "_lakefeed_seq");
  EXPECT_EQ(settings.output.commit_time_column_name, "_lakefeed_commit_us");
  EXPECT_EQ(settings.spool_dir, "/var/lib/lakefeed/work/spool");

  EXPECT_EQ(config.capture.work_dir, defaults.capture.work_dir);
  EXPECT_EQ(config.capture.memory_limit_mb, 64u);
  EXPECT_EQ(config.capture.truncate, "keep");
  EXPECT_EQ(config.log.level, "info");
  EXPECT_FALSE(config.log.json);
}

TEST(TaskConfigTest, EmptySectionsAreEmptyMaps) {
  TaskConfig config = ParseOk(std::string(kMinimal) + "  settings:\ncapture:\nlog: {}\n");
  EXPECT_EQ(config.capture.truncate, "keep");
  EXPECT_EQ(config.target.settings.cdc_max_batch_interval_s, 60u);
}

TEST(TaskConfigTest, LogComponentsAndEmf) {
  TaskConfig config = ParseOk(std::string(kMinimal) +
                              "log:\n"
                              "  level: warn\n"
                              "  components: { MERGE: debug, source_capture: error }\n"
                              "  emf: true\n"
                              "  emf_task_name: orders-task\n");
  EXPECT_EQ(config.log.level, "warn");
  EXPECT_EQ(config.log.components, (std::map<LogComponent, std::string>{{LogComponent::kSourceCapture, "error"},
                                                                         {LogComponent::kMerge, "debug"}}));
  EXPECT_TRUE(config.log.emf);
  EXPECT_EQ(config.log.emf_task_name, "orders-task");

  // RedactedYaml prints them under their DMS names, and they read back.
  const std::string dump = RedactedYaml(config);
  EXPECT_THAT(dump, HasSubstr("SOURCE_CAPTURE: error"));
  EXPECT_THAT(dump, HasSubstr("MERGE: debug"));
  EXPECT_THAT(dump, HasSubstr("emf: true"));
  TaskConfig again = ParseOk(dump);
  EXPECT_EQ(again.log.components, config.log.components);
  EXPECT_EQ(again.log.emf_task_name, "orders-task");
  EXPECT_EQ(RedactedYaml(again), dump);

  const TaskConfig defaults = ParseOk(kMinimal);
  EXPECT_TRUE(defaults.log.components.empty());
  EXPECT_FALSE(defaults.log.emf);
  EXPECT_THAT(RedactedYaml(defaults), Not(HasSubstr("components")));

  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { components: { SORCE_CAPTURE: debug } }\n"),
              HasSubstr("line 6: log.components.SORCE_CAPTURE: unknown log component (did you mean SOURCE_CAPTURE?); "
                        "expected one of SOURCE_CAPTURE, SOURCE_UNLOAD, TARGET_LOAD, TARGET_APPLY, TRIGGER, MERGE, "
                        "VALIDATOR, METADATA_MANAGER, TASK_MANAGER or COMMUNICATION"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { components: { sorter: debug } }\n"),
              HasSubstr("unknown log component; expected one of"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { components: { MERGE: loud } }\n"),
              HasSubstr("log.components.MERGE: expected one of debug, info, warn or error"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { components: { MERGE: info, merge: warn } }\n"),
              HasSubstr("set twice"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { components: [MERGE] }\n"),
              HasSubstr("log.components: expected a map of keys"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { emf: sometimes }\n"), HasSubstr("log.emf: expected"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { emf_task_name: '' }\n"), HasSubstr("log.emf_task_name"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "log: { emf_tsk_name: x }\n"),
              HasSubstr("unknown key (did you mean emf_task_name?)"));
}

TEST(TaskConfigTest, ConfigSecretsAreRegisteredWithTheLogger) {
  Result<TaskConfig> config = ParseTaskConfig(std::string(kMinimal) +
                                                  "triggers:\n"
                                                  "  - webhook: https://hooks.example/in?token=qu3ry-t0ken\n"
                                                  "    headers: ['Authorization: Bearer ${TOKEN}', 'X-Key: k3y-value']\n"
                                                  "http:\n"
                                                  "  listen: 127.0.0.1:0\n"
                                                  "  tokens: [{ role: read, token: \"${API}\" }]\n",
                                              FakeEnv({{"TOKEN", "b3arer-t0ken"}, {"API", "api-token-0123456789"}}));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  config->source.password = "source-pa55word";
  ClearSecretsForTesting();
  RegisterConfigSecrets(*config);
  EXPECT_EQ(RedactSecrets("source-pa55word api-token-0123456789 b3arer-t0ken k3y-value token=qu3ry-t0ken"),
            "<redacted> <redacted> <redacted> <redacted> <redacted>");
  EXPECT_EQ(RedactSecrets("Bearer b3arer-t0ken"), "<redacted>");
  ClearSecretsForTesting();
}

TEST(TaskConfigTest, SettingsIgnoreCaseAsDmsAttributesDo) {
  TaskConfig config = ParseOk(WithSettings("    cdcMaxBatchInterval: 5\n    CSVDELIMITER: ';'\n"));
  EXPECT_EQ(config.target.settings.cdc_max_batch_interval_s, 5u);
  EXPECT_EQ(config.target.settings.csv.delimiter, ";");
}

TEST(TaskConfigTest, BooleansAcceptDmsAndYamlSpellings) {
  for (std::string_view yes : {"true", "TRUE", "y", "Y", "yes"}) {
    TaskConfig config = ParseOk(WithSettings("    AddColumnName: " + std::string(yes) + "\n"));
    EXPECT_TRUE(config.target.settings.csv.add_column_name) << yes;
  }
  for (std::string_view no : {"false", "False", "n", "no"}) {
    TaskConfig config = ParseOk(WithSettings("    Rfc4180: " + std::string(no) + "\n"));
    EXPECT_FALSE(config.target.settings.csv.rfc4180) << no;
  }
  EXPECT_THAT(ParseError(WithSettings("    Rfc4180: maybe\n")),
              HasSubstr("target.settings.Rfc4180: expected true or false (also yes/no, y/n), got \"maybe\""));
}

TEST(TaskConfigTest, DelimitersTakeDmsEscapes) {
  TaskConfig tab = ParseOk(WithSettings("    CsvDelimiter: \\t\n    CsvRowDelimiter: '\\n'\n"));
  EXPECT_EQ(tab.target.settings.csv.delimiter, "\t");
  EXPECT_EQ(tab.target.settings.csv.row_delimiter, "\n");
  TaskConfig yaml_escape = ParseOk(WithSettings("    CsvDelimiter: \"\\t\"\n"));
  EXPECT_EQ(yaml_escape.target.settings.csv.delimiter, "\t");
  // CsvNullValue is taken as written: \N is Hive's and MySQL's NULL marker.
  TaskConfig hive = ParseOk(WithSettings("    CsvNullValue: \\N\n"));
  EXPECT_EQ(hive.target.settings.csv.null_value, "\\N");
}

TEST(TaskConfigTest, StartSpecs) {
  struct Case {
    std::string_view text;
    StartSpec::Mode mode;
    std::string_view file;
    uint64_t offset;
    std::string_view gtid;
  };
  const Case cases[] = {
      {"cdc", StartSpec::Mode::kCdc, "", 4, ""},
      {"full-load", StartSpec::Mode::kFullLoad, "", 4, ""},
      {"FULL-LOAD-AND-CDC", StartSpec::Mode::kFullLoadAndCdc, "", 4, ""},
      {"binlog.000042:4", StartSpec::Mode::kPosition, "binlog.000042", 4, ""},
      {"\"mysql-bin-changelog.157832:1975\"", StartSpec::Mode::kPosition, "mysql-bin-changelog.157832", 1975,
       ""},
      {"gtid:0-1-100", StartSpec::Mode::kGtid, "", 4, "0-1-100"},
      {"gtid:0-1-100,1-2-5", StartSpec::Mode::kGtid, "", 4, "0-1-100,1-2-5"},
      {"\"gtid:3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7\"", StartSpec::Mode::kGtid, "", 4,
       "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7"},
  };
  for (const Case& c : cases) {
    TaskConfig config = ParseOk(WithSource("  start: " + std::string(c.text) + "\n"));
    EXPECT_EQ(config.source.start.mode, c.mode) << c.text;
    EXPECT_EQ(config.source.start.file, c.file) << c.text;
    EXPECT_EQ(config.source.start.offset, c.offset) << c.text;
    EXPECT_EQ(config.source.start.gtid, c.gtid) << c.text;
  }
  StartSpec position{StartSpec::Mode::kPosition, "binlog.000001", 120, ""};
  EXPECT_EQ(FormatStartSpec(position), "binlog.000001:120");
  EXPECT_EQ(FormatStartSpec(StartSpec{StartSpec::Mode::kGtid, "", 4, "0-1-9"}), "gtid:0-1-9");
  EXPECT_EQ(ToString(StartSpec::Mode::kFullLoadAndCdc), "full-load-and-cdc");
}

TEST(TaskConfigTest, BadStartSpecs) {
  for (std::string_view bad :
       {"now", "binlog.000042", "binlog.000042:x", "binlog.000042:3", ":4", "a/b:4", "gtid:", "gtid:abc",
        "gtid:,", "gtid:3e11fa47-71ca-11e1-9e33-c80aa9429562:0"}) {
    std::string message = ParseError(WithSource("  start: '" + std::string(bad) + "'\n"));
    EXPECT_THAT(message, HasSubstr("line 4: source.start: expected ")) << bad;
  }
  EXPECT_THAT(ParseError(WithSource("  start: now\n")),
              HasSubstr("expected cdc, full-load, full-load-and-cdc, <binlog file>:<position> or "
                        "gtid:<GTID set or position>, got \"now\""));
  EXPECT_THAT(ParseError(WithSource("  start: binlog.000042:3\n")),
              HasSubstr("a binlog position of at least 4 after the file name, got \"binlog.000042:3\""));
}

TEST(TaskConfigTest, FullLoadSection) {
  TaskConfig defaults = ParseOk(kMinimal);
  EXPECT_EQ(defaults.full_load.method, FullLoadMethod::kAuto);
  EXPECT_EQ(defaults.full_load.watermark_margin_ms, 1000u);
  EXPECT_EQ(defaults.full_load.chunk_rows, 0u);
  EXPECT_EQ(defaults.full_load.readers, 4u);
  EXPECT_EQ(defaults.full_load.split_rows, 1000000u);

  TaskConfig config = ParseOk(std::string(kMinimal) +
                              "full_load: { method: watermarks, watermark_margin_ms: 250, chunk_rows: 500, "
                              "readers: 2, split_rows: 10 }\n");
  EXPECT_EQ(config.full_load.method, FullLoadMethod::kWatermarks);
  EXPECT_EQ(config.full_load.watermark_margin_ms, 250u);
  EXPECT_EQ(config.full_load.chunk_rows, 500u);
  EXPECT_EQ(config.full_load.readers, 2u);
  EXPECT_EQ(config.full_load.split_rows, 10u);
  EXPECT_EQ(ParseOk(std::string(kMinimal) + "full_load: { method: consistent-snapshot }\n").full_load.method,
            FullLoadMethod::kConsistentSnapshot);
  // The redacted form reads back with the method.
  EXPECT_EQ(ParseOk(RedactedYaml(config)).full_load.method, FullLoadMethod::kWatermarks);

  EXPECT_THAT(ParseError(std::string(kMinimal) + "full_load: { method: locks }\n"),
              HasSubstr("full_load.method: expected one of auto, consistent-snapshot or watermarks, got \"locks\""));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "full_load: { watermark_margin_ms: 600001 }\n"),
              HasSubstr("full_load.watermark_margin_ms: expected an integer from 0 to 600000 (milliseconds)"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "full_load: { readers: 0 }\n"),
              HasSubstr("full_load.readers: expected an integer from 1 to 64"));
}

TEST(TaskConfigTest, ParquetSettings) {
  TaskConfig config = ParseOk(std::string(kMinimal) + "  format: parquet\n  settings:\n    ParquetVersion: parquet-2-0\n"
                              "    EncodingType: plain\n    DictPageSizeLimit: 65536\n    DataPageSize: 131072\n"
                              "    RowGroupLength: 500\n    EnableStatistics: false\n"
                              "    ParquetTimestampInMillisecond: true\n    ParquetCompression: ZSTD\n");
  const format::ParquetSettings& parquet = config.target.settings.parquet;
  EXPECT_EQ(config.target.settings.format, "parquet");
  EXPECT_EQ(parquet.parquet_version, format::ParquetVersion::kV2_0);
  EXPECT_EQ(parquet.encoding_type, format::ParquetEncodingType::kPlain);
  EXPECT_EQ(parquet.dict_page_size_limit, 65536u);
  EXPECT_EQ(parquet.data_page_size, 131072u);
  EXPECT_EQ(parquet.row_group_length, 500u);
  EXPECT_FALSE(parquet.enable_statistics);
  EXPECT_TRUE(parquet.timestamp_in_millisecond);
  EXPECT_EQ(parquet.codec, format::parquet::Codec::kZstd);
  EXPECT_FALSE(ParseOk(kMinimal).target.settings.parquet.codec.has_value());  // CompressionType decides
  TaskConfig again = ParseOk(RedactedYaml(config));
  EXPECT_EQ(again.target.settings.parquet.row_group_length, 500u);
  EXPECT_EQ(again.target.settings.parquet.encoding_type, format::ParquetEncodingType::kPlain);
  EXPECT_EQ(again.target.settings.format, "parquet");
  EXPECT_EQ(again.target.settings.parquet.codec, format::parquet::Codec::kZstd);
  EXPECT_THAT(ParseError(WithSettings("    EncodingType: delta\n")),
              HasSubstr("expected one of plain, plain-dictionary or rle-dictionary"));
  EXPECT_THAT(ParseError(WithSettings("    RowGroupLength: 0\n")), HasSubstr("expected an integer from 1"));
}

TEST(TaskConfigTest, TlsModesAndFiles) {
  TaskConfig config = ParseOk(WithSource("  tls: { mode: VERIFY_CA, ca: /ca.pem }\n"));
  EXPECT_EQ(config.source.tls_mode, "verify-ca");
  EXPECT_EQ(config.source.tls_ca, "/ca.pem");
  EXPECT_THAT(ParseError(WithSource("  tls: { mode: on }\n")),
              HasSubstr("source.tls.mode: expected one of disabled, preferred, required, verify-ca or "
                        "verify-identity, got \"on\""));
  EXPECT_THAT(
      ParseError(WithSource("  tls: { cert: /c.pem }\n")),
      HasSubstr("source.tls.cert: expected source.tls.cert and source.tls.key together, got only one"));
  EXPECT_THAT(ParseError(WithSource("  tls: { mode: disabled, ca: /ca.pem }\n")),
              HasSubstr("source.tls.ca: expected no TLS files when source.tls.mode is disabled"));
}

TEST(TaskConfigTest, TablePatterns) {
  TaskConfig one = ParseOk(WithSource("  tables: { include: shop.orders }\n"));
  EXPECT_EQ(one.source.include, (std::vector<std::string>{"shop.orders"}));
  TaskConfig mapping = ParseOk(WithSource("  table_mappings: /etc/lakefeed/mapping.json\n"));
  EXPECT_EQ(mapping.source.table_mappings_file, "/etc/lakefeed/mapping.json");
  EXPECT_THAT(ParseError(WithSource("  tables:\n    include:\n      - shop.a\n      - orders\n")),
              HasSubstr("line 7: source.tables.include[1]: expected a table pattern \"schema.table\", got "
                        "\"orders\""));
  EXPECT_THAT(ParseError(WithSource("  tables: { table_mappings: m.json }\n")),
              HasSubstr("table_mappings belongs to source (source.table_mappings)"));
}

// ------------------------------------------------------------------------------------------ env

TEST(TaskConfigTest, SubstitutesEnvironmentVariablesInAnyScalar) {
  TaskConfig config =
      // (Inside a flow map { } a ${NAME} must be quoted: YAML would read its braces as the map's.)
      ParseOk(WithSource("  host: ${DB_HOST}\n  port: ${DB_PORT}\n  tls: { ca: '${DIR}/ca.pem' }\n"),
              FakeEnv({{"DB_HOST", "10.0.0.7"}, {"DB_PORT", "3310"}, {"DIR", "/etc/ssl"}}));
  EXPECT_EQ(config.source.host, "10.0.0.7");
  EXPECT_EQ(config.source.port, 3310);
  EXPECT_EQ(config.source.tls_ca, "/etc/ssl/ca.pem");
  // $${ is a literal ${; a lone $ stays as it is; a value is not substituted again.
  TaskConfig escaped =
      ParseOk("source:\n  user: a$${B}$c\n  server_id: 1\n  host: ${H}\ntarget: {url: file:///x}\n",
              FakeEnv({{"H", "${X}"}}));
  EXPECT_EQ(escaped.source.user, "a${B}$c");
  EXPECT_EQ(escaped.source.host, "${X}");
  // A substituted value is checked like a written one.
  EXPECT_THAT(ParseError(WithSource("  port: ${DB_PORT}\n"), FakeEnv({{"DB_PORT", "x"}})),
              HasSubstr("line 4: source.port: expected an integer from 1 to 65535, got \"x\""));
}

TEST(TaskConfigTest, UnsetVariableNamesTheKeyAndTheVariable) {
  EXPECT_THAT(
      ParseError(WithSource("  password: ${LAKEFEED_SOURCE_PASSWORD}\n")),
      HasSubstr("line 4: source.password: expected environment variable LAKEFEED_SOURCE_PASSWORD to be "
                "set, got unset"));
  EXPECT_THAT(ParseError(WithSource("  host: ${HOST\n")),
              HasSubstr("source.host: expected ${NAME} to end with }"));
  EXPECT_THAT(
      ParseError(WithSource("  host: ${1HOST}\n")),
      HasSubstr("source.host: expected ${NAME} with a NAME of letters, digits and _, got \"${1HOST}\""));
}

// ------------------------------------------------------------------------------------------ errors

TEST(TaskConfigTest, UnknownKeysSuggestTheNearestName) {
  EXPECT_THAT(
      ParseError(WithSource("  pasword: x\n")),
      HasSubstr("line 4: source.pasword: unknown key (did you mean password?); expected one of host,"));
  EXPECT_THAT(ParseError("sorce:\n  user: x\n"),
              HasSubstr("line 1: sorce: unknown key (did you mean source?)"));
  EXPECT_THAT(
      ParseError(WithSettings("    CdcMaxBatchIntervall: 5\n")),
      HasSubstr("target.settings.CdcMaxBatchIntervall: unknown setting (did you mean CdcMaxBatchInterval?)"));
  std::string far = ParseError(WithSource("  colour: blue\n"));
  EXPECT_THAT(far, HasSubstr("source.colour: unknown key; expected one of"));
  EXPECT_THAT(far, Not(HasSubstr("did you mean")));
}

TEST(TaskConfigTest, LaterIssuesSectionsAreRefusedClearly) {
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { merge: {} }\n"),
              HasSubstr("the built-in merge is set by the merge: section"));
}

TEST(TaskConfigTest, Http) {
  EXPECT_THAT(ParseError(std::string(kMinimal) + "http:\n  listen: 127.0.0.1:8080\n  token: x\n"),
              HasSubstr("http.token: unknown key (did you mean tokens?)"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "http:\n  listen: localhost\n"), HasSubstr("expected host:port"));
  const TaskConfig plain = ParseOk(std::string(kMinimal) + "http:\n  listen: 127.0.0.1:8080\n");
  EXPECT_EQ(plain.http.listen, "127.0.0.1:8080");
  EXPECT_EQ(plain.http.ready_max_lag_s, 300u);
  EXPECT_TRUE(plain.http.tokens.empty());

  Result<TaskConfig> tokens = ParseTaskConfig(std::string(kMinimal) +
                                                  "http:\n  listen: 127.0.0.1:0\n  ready_max_lag_s: 60\n"
                                                  "  public_metrics: true\n  tls: { cert: /c.pem, key: /k.pem }\n"
                                                  "  tokens:\n    - { name: grafana, role: read, token: \"${READ_TOKEN}\" }\n"
                                                  "    - { role: admin, token: \"${ADMIN_TOKEN}\" }\n",
                                              FakeEnv({{"READ_TOKEN", "read-token-0123456789"},
                                                       {"ADMIN_TOKEN", "admin-token-0123456789"}}));
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  EXPECT_EQ(tokens->http.ready_max_lag_s, 60u);
  EXPECT_TRUE(tokens->http.public_metrics);
  EXPECT_EQ(tokens->http.tls_cert, "/c.pem");
  ASSERT_EQ(tokens->http.tokens.size(), 2u);
  EXPECT_EQ(tokens->http.tokens[0].name, "grafana");
  EXPECT_EQ(tokens->http.tokens[0].role, "read");
  EXPECT_EQ(tokens->http.tokens[0].token, "read-token-0123456789");
  EXPECT_EQ(tokens->http.tokens[1].name, "token-2");
  // A dump of the config never shows a token.
  const std::string dumped = RedactedYaml(*tokens);
  EXPECT_EQ(dumped.find("token-0123456789"), std::string::npos) << dumped;
  EXPECT_NE(dumped.find("<redacted>"), std::string::npos);

  EXPECT_THAT(ParseError(std::string(kMinimal) + "http:\n  tokens:\n    - { role: read, token: short }\n"),
              HasSubstr("at least 16 characters"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "http:\n  tokens:\n    - { role: root, token: 0123456789abcdefg }\n"),
              HasSubstr("expected one of read or admin, got \"root\""));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "http:\n  tls: { cert: /c.pem }\n"), HasSubstr("both cert and key"));
}

TEST(TaskConfigTest, Merge) {
  Result<TaskConfig> defaults = ParseTaskConfig(kMinimal, FakeEnv({}));
  ASSERT_TRUE(defaults.ok());
  EXPECT_FALSE(defaults->merge.enabled);
  EXPECT_TRUE(defaults->merge.warehouse.empty());
  EXPECT_EQ(defaults->merge.max_batch_changes, 1000000u);
  EXPECT_EQ(defaults->merge.compact_delete_files, 32u);
  EXPECT_EQ(defaults->merge.snapshot_retention_seconds, 3600u);
  EXPECT_EQ(defaults->merge.min_snapshots, 10u);
  EXPECT_EQ(defaults->merge.source_flavor, "mariadb");

  Result<TaskConfig> config = ParseTaskConfig(std::string(kMinimal) +
                                                  "merge:\n"
                                                  "  enabled: yes\n"
                                                  "  warehouse: s3://lake/${WH}\n"
                                                  "  max_batch_changes: 5000\n"
                                                  "  compact_delete_files: 0\n"
                                                  "  snapshot_retention_seconds: 0\n"
                                                  "  min_snapshots: 3\n"
                                                  "  glue_catalog: true\n"
                                                  "  glue_region: eu-west-1\n"
                                                  "  glue_endpoint: https://glue.example\n"
                                                  "  source_flavor: MySQL\n"
                                                  "  schema_file: /etc/lakefeed/dms-tables.sql\n",
                                              FakeEnv({{"WH", "warehouse"}}));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->merge.enabled);
  EXPECT_EQ(config->merge.warehouse, "s3://lake/warehouse");
  EXPECT_EQ(config->merge.max_batch_changes, 5000u);
  EXPECT_EQ(config->merge.compact_delete_files, 0u);
  EXPECT_EQ(config->merge.snapshot_retention_seconds, 0u);
  EXPECT_EQ(config->merge.min_snapshots, 3u);
  EXPECT_TRUE(config->merge.glue_catalog);
  EXPECT_EQ(config->merge.glue_region, "eu-west-1");
  EXPECT_EQ(config->merge.glue_endpoint, "https://glue.example");
  EXPECT_EQ(config->merge.source_flavor, "mysql");
  EXPECT_EQ(config->merge.schema_file, "/etc/lakefeed/dms-tables.sql");
  // The dump reads back.
  Result<TaskConfig> again = ParseTaskConfig(RedactedYaml(*config), FakeEnv({}));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->merge.warehouse, "s3://lake/warehouse");
  EXPECT_TRUE(again->merge.enabled);
  EXPECT_EQ(again->merge.schema_file, "/etc/lakefeed/dms-tables.sql");
  EXPECT_EQ(again->merge.min_snapshots, 3u);
  EXPECT_EQ(again->merge.glue_endpoint, "https://glue.example");
  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  glue_endpoint: glue.example\n"),
              HasSubstr("http(s)://host[:port] of a Glue API"));

  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  enabled: true\n"),
              HasSubstr("merge: expected warehouse"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  warehouse: /tmp/wh\n"),
              HasSubstr("merge.warehouse: expected file:///absolute/directory or s3://bucket[/prefix]"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  warehouse: file:///wh\n  max_batch_changes: 0\n"),
              HasSubstr("merge.max_batch_changes"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  source_flavor: oracle\n"),
              HasSubstr("merge.source_flavor"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "merge:\n  enable: true\n"),
              HasSubstr("merge.enable: unknown key (did you mean enabled?)"));
}

TEST(TaskConfigTest, Triggers) {
  Result<TaskConfig> config = ParseTaskConfig(std::string(kMinimal) +
                                                   "triggers:\n"
                                                   "  - exec: [python3, shim.py, handlers, mod.lambda_handler]\n"
                                                   "    suffix: .csv\n"
                                                   "    timeout_s: 30\n"
                                                   "  - name: notify\n"
                                                   "    webhook: https://user:pw@hooks.example/in?token=s3cr3t\n"
                                                   "    headers: ['Authorization: Bearer ${TOKEN}']\n"
                                                   "    prefix: shop/\n"
                                                   "    max_attempts: 3\n"
                                                   "    backoff_ms: 10\n",
                                               FakeEnv({{"TOKEN", "t0k3n"}}));
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  ASSERT_EQ(config->triggers.size(), 2u);
  const TriggerConfig& exec = config->triggers[0];
  EXPECT_EQ(exec.name, "exec-1");
  EXPECT_EQ(exec.kind, TriggerKind::kExec);
  EXPECT_EQ(exec.command, (std::vector<std::string>{"python3", "shim.py", "handlers", "mod.lambda_handler"}));
  EXPECT_EQ(exec.suffix, ".csv");
  EXPECT_EQ(exec.timeout_s, 30u);
  EXPECT_EQ(exec.max_attempts, 5u);
  const TriggerConfig& hook = config->triggers[1];
  EXPECT_EQ(hook.name, "notify");
  EXPECT_EQ(hook.kind, TriggerKind::kWebhook);
  EXPECT_EQ(hook.headers, (std::vector<std::string>{"Authorization: Bearer t0k3n"}));
  EXPECT_EQ(hook.prefix, "shop/");
  EXPECT_EQ(hook.max_attempts, 3u);
  EXPECT_EQ(hook.backoff_initial_ms, 10u);
  // The dump shows where a webhook goes, never its credentials or tokens.
  const std::string dump = RedactedYaml(*config);
  EXPECT_THAT(dump, HasSubstr("https://hooks.example/in"));
  for (const char* secret : {"pw@", "s3cr3t", "t0k3n"}) EXPECT_THAT(dump, Not(HasSubstr(secret)));

  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { suffix: .csv }\n"),
              HasSubstr("triggers[0]: expected a handler"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { exec: [a], webhook: http://x }\n"),
              HasSubstr("expected one handler per trigger"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { webhook: ftp://x }\n"),
              HasSubstr("expected an http:// or https:// URL"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { name: a/b, exec: [x] }\n"),
              HasSubstr("expected a name of letters"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { name: a, exec: [x] }\n  - { name: a, exec: [y] }\n"),
              HasSubstr("expected a unique name"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  - { exec: [x], headers: [nocolon] }\n"),
              HasSubstr("Name: value"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "triggers:\n  exec: [x]\n"), HasSubstr("a list of triggers"));
}

TEST(TaskConfigTest, Pollers) {
  TaskConfig config = ParseOk(std::string(kMinimal) +
                              "pollers:\n  - { url: 's3://dms-out/raw' }\n  - { name: b, url: 'file:///srv/x', "
                              "interval_s: 5, start: now }\n");
  ASSERT_EQ(config.pollers.size(), 2u);
  EXPECT_EQ(config.pollers[0].name, "poller-1");
  EXPECT_EQ(config.pollers[0].interval_s, 30u);
  EXPECT_FALSE(config.pollers[0].from_now);
  EXPECT_EQ(config.pollers[1].url, "file:///srv/x");
  EXPECT_TRUE(config.pollers[1].from_now);
  EXPECT_EQ(ParseOk(RedactedYaml(config)).pollers.size(), 2u);
  EXPECT_THAT(ParseError(std::string(kMinimal) + "pollers:\n  - { name: a }\n"), HasSubstr("expected url"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "pollers:\n  - { url: 'http://x' }\n"), HasSubstr("s3://bucket"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "pollers:\n  - { url: 's3://a', start: later }\n"),
              HasSubstr("pollers[0].start"));
}

TEST(TaskConfigTest, KnownDmsSettingsWeDoNotImplement) {
  EXPECT_THAT(
      ParseError(WithSettings("    BucketFolder: raw\n")),
      HasSubstr("target.settings.BucketFolder: not a setting here: the folder is part of target.url"));
  EXPECT_THAT(ParseError(WithSettings("    encryptionMode: SSE_KMS\n")),
              HasSubstr("not a setting here: set target.s3.encryption"));
  EXPECT_THAT(ParseError(WithSettings("    CannedAclForObjects: private\n")), HasSubstr("object ACLs"));
  EXPECT_THAT(ParseError(WithSettings("    DatePartitionTimezone: Asia/Seoul\n")), HasSubstr("always UTC"));
  EXPECT_THAT(ParseError(WithSettings("    PreserveTransactions: true\n")), HasSubstr("_lakefeed_seq"));
  // Settings that cannot change the files are accepted with a warning.
  StderrCapture capture;
  TaskConfig config = ParseOk(WithSettings("    WriteBufferSize: 2000\n"));
  std::string logged = capture.Take();
  EXPECT_THAT(logged, HasSubstr("a DMS setting is ignored"));
  EXPECT_THAT(logged, HasSubstr("target.settings.WriteBufferSize"));
  EXPECT_EQ(config.target.settings.cdc_max_batch_interval_s, 60u);
}

TEST(TaskConfigTest, WrongTypes) {
  EXPECT_THAT(ParseError(WithSource("  port: [3306]\n")),
              HasSubstr("line 4: source.port: expected an integer from 1 to 65535, got a list"));
  EXPECT_THAT(ParseError(WithSource("  host: { name: x }\n")),
              HasSubstr("source.host: expected a host name or IP address, got a map"));
  EXPECT_THAT(ParseError(WithSource("  host:\n")),
              HasSubstr("source.host: expected a host name or IP address, got an empty value"));
  EXPECT_THAT(ParseError("source: lakefeed\n"),
              HasSubstr("line 1: source: expected a map of keys, got \"lakefeed\""));
  EXPECT_THAT(ParseError("- a\n- b\n"), HasSubstr("(top level): expected a map of keys, got a list"));
  EXPECT_THAT(ParseError(WithSource("  tables: { include: { a: b } }\n")),
              HasSubstr("source.tables.include: expected a list of table patterns"));
  EXPECT_THAT(ParseError(WithSettings("    CsvNullValue: NULL\n")),
              HasSubstr("CsvNullValue: expected a quoted string such as 'NULL' or '', got a YAML null"));
  EXPECT_THAT(ParseError(WithSettings("    CompressionType: zstd\n")),
              HasSubstr("expected one of NONE or GZIP, got \"zstd\""));
}

TEST(TaskConfigTest, RangesAreChecked) {
  struct Case {
    std::string yaml;
    std::string_view message;
  };
  const Case cases[] = {
      {WithSource("  port: 0\n"), "source.port: expected an integer from 1 to 65535, got \"0\""},
      {WithSource("  port: 65536\n"), "source.port: expected an integer from 1 to 65535, got \"65536\""},
      {WithSource("  port: -1\n"), "got \"-1\""},
      {WithSource("  port: 99999999999999999999999\n"), "got \"99999999999999999999999\""},
      {"source: {user: u, server_id: 0}\ntarget: {url: file:///x}\n",
       "source.server_id: expected an integer from 1 to 4294967295 (unique among the source's replicas), got "
       "\"0\""},
      {"source: {user: u, server_id: 4294967296}\ntarget: {url: file:///x}\n", "got \"4294967296\""},
      {WithSettings("    MaxFileSize: 0\n"),
       "target.settings.MaxFileSize: expected an integer from 1 to 1048576 (KB), got \"0\""},
      {WithSettings("    MaxFileSize: 1048577\n"), "got \"1048577\""},
      {WithSettings("    CdcMaxBatchInterval: 0\n"),
       "expected an integer from 1 to 86400 (seconds), got \"0\""},
      {WithSettings("    CdcMaxBatchInterval: 1.5\n"), "got \"1.5\""},
      {WithSettings("    CdcMinFileSize: 0\n"), "(KB), got \"0\""},
      {WithSettings("    DatePartitionSequence: YYYY\n"),
       "expected one of YYYYMMDD, YYYYMMDDHH, YYYYMM, MMYYYYDD or DDMMYYYY, got \"YYYY\""},
      {WithSource("  reconnect: { initial_ms: 5000, max_ms: 100 }\n"),
       "source.reconnect.max_ms: expected reconnect.max_ms >= reconnect.initial_ms (5000), got 100"},
      {std::string(kMinimal) + "capture: { memory_limit_mb: 0 }\n",
       "capture.memory_limit_mb: expected an integer"},
      {std::string(kMinimal) + "capture: { truncate: drop }\n", "expected one of keep or delete-files"},
      {std::string(kMinimal) + "capture: { truncate: delete-files }\n",
       "capture.truncate: delete-files is not supported yet: a TRUNCATE is recorded in the schema history"},
      {std::string(kMinimal) + "log: { level: verbose }\n", "expected one of debug, info, warn or error"},
  };
  for (const Case& c : cases) EXPECT_THAT(ParseError(c.yaml), HasSubstr(c.message)) << c.yaml;
}

TEST(TaskConfigTest, RequiredKeys) {
  EXPECT_THAT(
      ParseError("source:\n  server_id: 1\ntarget:\n  url: file:///x\n"),
      HasSubstr("line 1: source.user: required: expected the replication user's name, got no such key"));
  EXPECT_THAT(ParseError("target:\n  url: file:///x\n"), HasSubstr("source.user: required"));
  EXPECT_THAT(ParseError("source:\n  user: u\ntarget:\n  url: file:///x\n"),
              HasSubstr("source.server_id: required: expected this replica's server id"));
  EXPECT_THAT(ParseError("source: {user: u, server_id: 1}\n"),
              HasSubstr("target.url: required: expected file:///absolute/directory or s3://bucket[/prefix], got no such key"));
  EXPECT_THAT(ParseError(""), HasSubstr("source.user: required"));
  EXPECT_THAT(ParseError("source: {user: '', server_id: 1}\n"),
              HasSubstr("source.user: expected the replication user's name, got an empty string"));
}

TEST(TaskConfigTest, TargetUrls) {
  auto with_url = [](std::string_view url) {
    return "source: {user: u, server_id: 1}\ntarget:\n  url: " + std::string(url) + "\n";
  };
  EXPECT_EQ(ParseOk(with_url("file:///data/lake")).target.url, "file:///data/lake");
  EXPECT_THAT(ParseError(with_url("/data/lake")),
              HasSubstr("line 3: target.url: expected file:///absolute/directory or s3://bucket[/prefix], got \"/data/lake\""));
  EXPECT_THAT(ParseError(with_url("file://data/lake")), HasSubstr("(no host: three slashes)"));
  EXPECT_THAT(ParseError(with_url("https://example.com/")), HasSubstr("got \"https://example.com/\""));
  EXPECT_EQ(ParseOk(with_url("s3://lake/raw/mysql")).target.url, "s3://lake/raw/mysql");
  EXPECT_THAT(ParseError(with_url("s3:///nobucket")), HasSubstr("expected s3://bucket[/prefix]"));
  EXPECT_THAT(ParseError(with_url("s3://b/a//c")), HasSubstr("expected s3://bucket[/prefix]"));
  // A control character (here a CR the YAML scalar keeps) is no part of a URL.
  EXPECT_THAT(ParseError("source: {user: u, server_id: 1}\ntarget:\n  url: \"file:///var\\r\"\n"),
              HasSubstr("without control characters"));
}

TEST(TaskConfigTest, S3TargetSection) {
  TaskConfig config = ParseOk(
      "source: {user: u, server_id: 1}\ntarget:\n  url: s3://lake/raw\n  s3:\n    endpoint: http://127.0.0.1:9000/\n"
      "    region: eu-west-1\n    addressing: virtual\n    encryption: SSE_KMS\n    kms_key_id: arn:aws:kms:k\n"
      "    part_size_mb: 16\n    max_attempts: 3\n");
  const S3TargetConfig& s3 = config.target.s3;
  EXPECT_EQ(s3.endpoint, "http://127.0.0.1:9000");
  EXPECT_EQ(s3.region, "eu-west-1");
  EXPECT_EQ(s3.addressing, "virtual");
  EXPECT_EQ(s3.encryption, "SSE_KMS");
  EXPECT_EQ(s3.kms_key_id, "arn:aws:kms:k");
  EXPECT_EQ(s3.part_size_mb, 16u);
  EXPECT_EQ(s3.max_attempts, 3u);
  // The redacted form reads back to the same settings.
  TaskConfig again = ParseOk(RedactedYaml(config));
  EXPECT_EQ(again.target.s3.endpoint, s3.endpoint);
  EXPECT_EQ(again.target.s3.kms_key_id, s3.kms_key_id);
  EXPECT_EQ(again.target.s3.part_size_mb, 16u);

  auto error = [](std::string s3_yaml, std::string url = "s3://lake") {
    return ParseError("source: {user: u, server_id: 1}\ntarget:\n  url: " + url + "\n  s3:\n" + s3_yaml);
  };
  EXPECT_THAT(error("    kms_key_id: k\n"), HasSubstr("only with encryption: SSE_KMS"));
  EXPECT_THAT(error("    encryption: AES\n"), HasSubstr("expected one of SSE_S3 or SSE_KMS"));
  EXPECT_THAT(error("    part_size_mb: 4\n"), HasSubstr("expected an integer from 5 to 1024"));
  EXPECT_THAT(error("    endpoint: 127.0.0.1:9000\n"), HasSubstr("expected http://host[:port] or https://host[:port]"));
  EXPECT_THAT(error("    region: x\n", "file:///lake"), HasSubstr("only for an s3:// target.url"));
  EXPECT_THAT(ParseError("source: {user: u, server_id: 1}\ntarget:\n  url: s3://lake\n  settings:\n"
                         "    EncryptionMode: SSE_KMS\n"),
              HasSubstr("set target.s3.encryption"));
}

TEST(TaskConfigTest, MutuallyExclusiveSettings) {
  EXPECT_THAT(
      ParseError(WithSettings("    CdcInsertsOnly: true\n    CdcInsertsAndUpdates: true\n")),
      HasSubstr("line 8: target.settings.CdcInsertsAndUpdates: expected at most one of CdcInsertsOnly and "
                "CdcInsertsAndUpdates set to true, got both"));
  // Both named but only one true is fine.
  TaskConfig config = ParseOk(WithSettings("    CdcInsertsOnly: true\n    CdcInsertsAndUpdates: false\n"));
  EXPECT_TRUE(config.target.settings.output.cdc_inserts_only);
  EXPECT_THAT(
      ParseError(WithSource("  password: a\n  password_file: /f\n")),
      HasSubstr("line 5: source.password_file: expected either source.password or source.password_file, got "
                "both"));
  EXPECT_THAT(
      ParseError(WithSource("  tables: { include: [a.b] }\n  table_mappings: m.json\n")),
      HasSubstr("source.table_mappings: expected either source.tables or source.table_mappings, got both"));
  EXPECT_EQ(ParseOk(std::string(kMinimal) + "  format: CSV\n  settings: { DataFormat: csv }\n")
                .target.settings.format,
            "csv");
}

TEST(TaskConfigTest, CsvDialectMustReadBack) {
  EXPECT_THAT(
      ParseError(WithSettings("    CsvDelimiter: \\n\n")),
      HasSubstr("CsvDelimiter: expected CsvDelimiter and CsvRowDelimiter that do not contain each other"));
  EXPECT_THAT(
      ParseError(WithSettings("    CsvNullValue: 'a,b'\n")),
      HasSubstr(
          "CsvNullValue: expected a CsvNullValue without the delimiters or a double quote, got \"a,b\""));
  // The default null value clashes with a delimiter the config sets: the error points at that key.
  EXPECT_THAT(ParseError(WithSettings("    CsvDelimiter: U\n")),
              HasSubstr("line 7: target.settings.CsvDelimiter"));
  EXPECT_THAT(ParseError(WithSettings("    CsvDelimiter: '\"'\n")),
              HasSubstr("expected 1 to 16 characters without a double quote (\\t for a tab), got \"\\\"\""));
  EXPECT_THAT(ParseError(WithSettings("    TimestampColumnName: _lakefeed_seq\n")),
              HasSubstr("expected a TimestampColumnName other than the ordering columns' names"));
  // Without the ordering columns the name is free.
  TaskConfig config =
      ParseOk(WithSettings("    TimestampColumnName: _lakefeed_seq\n    OrderingColumns: false\n"));
  EXPECT_EQ(config.target.settings.output.timestamp_column_name, "_lakefeed_seq");
}

TEST(TaskConfigTest, DuplicateKeys) {
  EXPECT_THAT(ParseError(WithSource("  host: a\n  host: b\n")),
              HasSubstr("line 5: source.host: set twice (first on line 4); expected each key once"));
  EXPECT_THAT(ParseError(WithSettings("    MaxFileSize: 1\n    maxfilesize: 2\n")),
              HasSubstr("line 8: target.settings.maxfilesize: set twice (first on line 7 as MaxFileSize)"));
}

TEST(TaskConfigTest, YamlSyntaxAndDocuments) {
  EXPECT_THAT(ParseError("source: {user: u,\n  server_id: ]\n"),
              HasSubstr("line 2: (yaml): expected valid YAML"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + "---\nlog: {}\n"),
              HasSubstr("line 6: (yaml): expected one YAML document, got a second one"));
  // yaml-cpp 0.7's LoadAll never returns on these (jbeder/yaml-cpp#1319); the parser must.
  EXPECT_THAT(ParseError(",\n"), HasSubstr("line 1: (yaml): expected valid YAML, got text it cannot read"));
  EXPECT_THAT(ParseError(std::string(kMinimal) + ",\n"), HasSubstr("(yaml): expected valid YAML"));
  EXPECT_THAT(ParseError("? [a, b]\n: c\n"), HasSubstr("expected a key name, got a list as a key"));
}

// ------------------------------------------------------------------------------------------ secrets

TEST(TaskConfigTest, SecretNeverInErrorText) {
  constexpr std::string_view kSecret = "Tr0ub4dor&3";
  std::vector<std::string> configs = {
      // The password itself malformed in every way the parser can see.
      WithSource("  password: [" + std::string(kSecret) + "]\n"),
      WithSource("  password: { " + std::string(kSecret) + ": 1 }\n"),
      WithSource("  password: " + std::string(kSecret) + "${BAD-NAME}\n"),
      WithSource("  password: " + std::string(kSecret) + "${UNSET}\n"),
      WithSource("  password: " + std::string(kSecret) + "\n  password: " + std::string(kSecret) + "\n"),
      WithSource("  password: " + std::string(kSecret) + "\n  password_file: /nonexistent\n"),
      // A YAML syntax error on the password's line.
      WithSource("  password: \"" + std::string(kSecret) + "\n"),
      WithSource("  password: " + std::string(kSecret) + ": x\n"),
      // An error elsewhere, with the password set from the environment.
      WithSource("  password: ${PW}\n  port: x\n"),
  };
  StderrCapture capture;
  for (const std::string& yaml : configs) {
    std::string message = ParseError(yaml, FakeEnv({{"PW", std::string(kSecret)}}));
    EXPECT_THAT(message, Not(HasSubstr(kSecret))) << yaml;
    EXPECT_THAT(message, Not(HasSubstr("Tr0ub"))) << yaml;
  }
  std::string logged = capture.Take();
  EXPECT_THAT(logged, Not(HasSubstr("Tr0ub")));
}

TEST(TaskConfigTest, LiteralPasswordWarns) {
  StderrCapture capture;
  TaskConfig config = ParseOk(WithSource("  password: hunter2\n"));
  std::string logged = capture.Take();
  EXPECT_EQ(config.source.password, "hunter2");
  EXPECT_THAT(logged, HasSubstr("prefer ${ENV} or password_file"));
  EXPECT_THAT(logged, Not(HasSubstr("hunter2")));
}

TEST(TaskConfigTest, PasswordFile) {
  TempDir dir;
  std::string file = dir.Write("pw", "s3cret-from-file\r\n", 0600);
  StderrCapture quiet;
  TaskConfig config = ParseOk(WithSource("  password_file: " + file + "\n"));
  EXPECT_EQ(config.source.password, "s3cret-from-file");
  EXPECT_THAT(quiet.Take(), Not(HasSubstr("password file")));

  std::string open_file = dir.Write("open", "s3cret-from-file\n", 0644);
  StderrCapture loud;
  TaskConfig warned = ParseOk(WithSource("  password_file: " + open_file + "\n"));
  std::string logged = loud.Take();
  EXPECT_EQ(warned.source.password, "s3cret-from-file");
  EXPECT_THAT(logged, HasSubstr("the password file can be read by group or others"));
  EXPECT_THAT(logged, HasSubstr("mode=0644"));
  EXPECT_THAT(logged, HasSubstr(open_file));
  EXPECT_THAT(logged, Not(HasSubstr("s3cret")));

  std::string empty = dir.Write("empty", "\n", 0600);
  EXPECT_THAT(ParseError(WithSource("  password_file: " + empty + "\n")),
              HasSubstr("source.password_file: expected a file holding the password, got an empty file"));
  EXPECT_THAT(
      ParseError(WithSource("  password_file: " + file + ".missing\n")),
      HasSubstr("source.password_file: expected a readable file holding the password, got: cannot open"));
  std::string dir_path = std::filesystem::path(file).parent_path().string();
  EXPECT_THAT(ParseError(WithSource("  password_file: " + dir_path + "\n")), HasSubstr("not a regular file"));
}

TEST(TaskConfigTest, RedactedYamlHidesSecretsAndReadsBack) {
  TempDir dir;
  std::string pw = dir.Write("pw", "p@ss${word}\n", 0600);
  std::string yaml;
  yaml = "source:\n  user: ${U}\n  server_id: 9\n  password_file: " + pw +
         "\n  tables: { include: ['shop.*'], exclude: [shop.tmp] }\n  start: gtid:0-1-5\ntarget:\n  url: "
         "file:///lake\n  settings: { CsvDelimiter: \\t, CsvNullValue: '', TimestampColumnName: 'ts $${x}', "
         "CompressionType: GZIP }\nlog: { json: yes }\n";
  TaskConfig config = ParseOk(yaml, FakeEnv({{"U", "repl$${me}"}}));
  EXPECT_EQ(config.source.user, "repl$${me}");
  EXPECT_EQ(config.target.settings.output.timestamp_column_name, "ts ${x}");

  std::string redacted = RedactedYaml(config);
  EXPECT_THAT(redacted, HasSubstr("password: <redacted>"));
  EXPECT_THAT(redacted, Not(HasSubstr("p@ss")));
  EXPECT_THAT(redacted, HasSubstr("start: gtid:0-1-5"));
  EXPECT_THAT(redacted, HasSubstr("CsvDelimiter: \\t"));

  // The output is a config: it reads back to the same config, the password aside.
  StderrCapture capture;  // the literal "<redacted>" password warns
  TaskConfig again = ParseOk(redacted);
  capture.Take();
  EXPECT_EQ(again.source.password, "<redacted>");
  EXPECT_EQ(again.source.user, "repl$${me}");
  EXPECT_EQ(again.target.settings.csv.delimiter, "\t");
  EXPECT_EQ(again.target.settings.csv.null_value, "");
  EXPECT_EQ(again.target.settings.output.timestamp_column_name, "ts ${x}");
  EXPECT_EQ(again.target.settings.output.compression, format::Compression::kGzip);
  EXPECT_EQ(RedactedYaml(again), redacted);

  // Without a password there is nothing to redact and no password key.
  EXPECT_THAT(RedactedYaml(ParseOk(kMinimal)), Not(HasSubstr("password")));
}

TEST(TaskConfigTest, RedactedYamlOfTheFullDefaultsReadsBack) {
  TaskConfig config = ParseOk(WithSource("  table_mappings: /m.json\n  tls: { mode: required }\n"));
  std::string redacted = RedactedYaml(config);
  EXPECT_THAT(redacted, HasSubstr("table_mappings: /m.json"));
  EXPECT_THAT(redacted, Not(HasSubstr("tables:")));
  EXPECT_THAT(redacted, HasSubstr("CsvNullValue: 'NULL'"));
  EXPECT_EQ(RedactedYaml(ParseOk(redacted)), redacted);
}

// ------------------------------------------------------------------------------------------ files

TEST(TaskConfigTest, LoadTaskConfigNamesTheFile) {
  TempDir dir;
  std::string good = dir.Write("good.yaml", kMinimal, 0600);
  Result<TaskConfig> config = LoadTaskConfig(good);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->source.user, "lakefeed");

  std::string bad = dir.Write("bad.yaml", WithSource("  port: 0\n"), 0600);
  Result<TaskConfig> failed = LoadTaskConfig(bad);
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.status().IsInvalidArgument());
  EXPECT_EQ(failed.status().message(),
            bad + ": line 4: source.port: expected an integer from 1 to 65535, got \"0\"");

  Result<TaskConfig> missing = LoadTaskConfig(bad + ".missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("cannot open " + bad + ".missing"));
}

TEST(TaskConfigTest, LoadTaskConfigReadsTheProcessEnvironment) {
  TempDir dir;
  std::string file = dir.Write("env.yaml", WithSource("  host: ${LAKEFEED_TASK_CONFIG_TEST_HOST}\n"), 0600);
  setenv("LAKEFEED_TASK_CONFIG_TEST_HOST", "db.example", 1);
  Result<TaskConfig> config = LoadTaskConfig(file);
  unsetenv("LAKEFEED_TASK_CONFIG_TEST_HOST");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->source.host, "db.example");
  EXPECT_THAT(LoadTaskConfig(file).status().message(),
              HasSubstr("expected environment variable LAKEFEED_TASK_CONFIG_TEST_HOST to be set"));
}

}  // namespace
}  // namespace cdc::pipeline
