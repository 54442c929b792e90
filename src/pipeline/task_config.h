#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/env.h"
#include "base/logging.h"
#include "base/result.h"
#include "lake/lake_writer.h"

namespace cdc::pipeline {

// Where a task starts when its lake has no checkpoint yet (with a checkpoint it always resumes).
struct StartSpec {
  enum class Mode : uint8_t {
    kCdc,              // "cdc": the source's current binlog end
    kFullLoad,         // "full-load"            (the full-load issue)
    kFullLoadAndCdc,   // "full-load-and-cdc"    (the full-load issue)
    kPosition,         // "mysql-bin.000042:4"
    kGtid,             // "gtid:0-1-100[,...]" (MariaDB) or "gtid:uuid:1-5[,...]" (MySQL)
  };
  Mode mode = Mode::kCdc;
  std::string file;     // kPosition
  uint64_t offset = 4;  // kPosition
  std::string gtid;     // kGtid, without the "gtid:" prefix
};
// "cdc", "full-load", "full-load-and-cdc", "position", "gtid".
std::string_view ToString(StartSpec::Mode mode);
// The spec as the config writes it: "cdc", "mysql-bin.000042:4", "gtid:0-1-100".
std::string FormatStartSpec(const StartSpec& start);

struct SourceConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 3306;
  std::string user;
  std::string password;  // a secret: from ${ENV} or password_file; never printed
  uint32_t server_id = 0;  // required, non-zero
  std::string tls_mode = "preferred";  // disabled | preferred | required | verify-ca | verify-identity
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  // Table selection: include/exclude patterns (default include: every table), or a DMS table-mapping
  // JSON file (table_mappings), not both.
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string table_mappings_file;
  StartSpec start;
  uint32_t heartbeat_ms = 0;       // 0: derived from CdcMaxBatchInterval (a quarter of it, at most 1 s)
  uint32_t connect_timeout_s = 10;
  uint32_t reconnect_initial_ms = 200;  // backoff after a lost connection: doubles up to the max, with jitter
  uint32_t reconnect_max_ms = 30000;
  uint32_t reconnect_attempts = 0;      // 0: retry forever
};

// How to reach an S3 target beyond its URL (`target.s3:`; docs/s3.md). Empty strings and zeros: from
// the environment (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, AWS_REGION / AWS_DEFAULT_REGION) or the
// store's defaults. Credentials always come from the environment or the shared AWS files.
struct S3TargetConfig {
  std::string endpoint;     // scheme://host[:port] of an S3 API other than AWS's
  std::string region;
  std::string addressing;   // "path" | "virtual" | "" (path with a custom endpoint, else virtual)
  std::string encryption;   // "" | "SSE_S3" | "SSE_KMS" (DMS EncryptionMode values)
  std::string kms_key_id;   // SSE_KMS only: DMS ServerSideEncryptionKmsKeyId
  uint32_t part_size_mb = 8;
  uint32_t max_attempts = 6;
};

struct TargetConfig {
  std::string url;  // file:///abs/dir or s3://bucket[/prefix]
  S3TargetConfig s3;
  lake::LakeSettings settings;  // format and the DMS S3Settings ("settings:" map, DMS names)
};

struct CaptureConfig {
  std::string work_dir = "/var/lib/lakefeed/work";  // spill files and change-file spool
  uint64_t memory_limit_mb = 64;                    // open-transaction rows held in memory before spilling
  // What a TRUNCATE of a captured table does to its change files: keep (the only value so far; the truncate
  // is recorded in the schema history). delete-files (DMS HandleSourceTableTruncated) is refused.
  std::string truncate = "keep";
};

// How the full load reads (docs/full-load.md): "auto" takes MariaDB's consistent snapshot on
// MariaDB and watermarks elsewhere.
enum class FullLoadMethod : uint8_t { kAuto, kConsistentSnapshot, kWatermarks };

// The full load (start: full-load, full-load-and-cdc; docs/full-load.md).
struct FullLoadConfig {
  FullLoadMethod method = FullLoadMethod::kAuto;
  // Watermarks: a chunk's low watermark is a binlog end read at least this long before its SELECT,
  // so that every transaction before it is committed in the engine too.
  uint32_t watermark_margin_ms = 1000;
  // Rows per keyset chunk; 0: adaptive (about one second of reading per chunk, 1024 to 200000 rows).
  // Each chunk is committed on its own: a restart resumes after the last one.
  uint32_t chunk_rows = 0;
  // Tables read at once, each by a thread and a connection of its own. A table that can only be
  // committed at its end (no key lakefeed can order) is read alone.
  uint32_t readers = 4;
  // A table of at least this many estimated rows with an integer primary key is split by value into
  // up to `readers` key ranges read at once.
  uint64_t split_rows = 1000000;
};

// One trigger (docs/triggers.md): the committed files whose key (relative to the lake) matches the
// filter go to a handler, in commit order, at least once.
enum class TriggerKind : uint8_t { kExec, kWebhook };
struct TriggerConfig {
  // Names the trigger's progress (_lakefeed/triggers/<name>.json) and dead letters: keep it stable.
  std::string name;
  TriggerKind kind = TriggerKind::kExec;
  std::vector<std::string> command;  // exec: argv, the event JSON on stdin and in $LAKEFEED_EVENT
  std::string url;                   // webhook: where the event is POSTed
  std::vector<std::string> headers;  // webhook: extra "Name: value" headers (secret: never printed)
  std::string prefix;
  std::string suffix;
  uint32_t timeout_s = 60;  // per attempt
  uint32_t max_attempts = 5;
  uint32_t backoff_initial_ms = 1000;
  uint32_t backoff_max_ms = 60000;
};

// A store that others write into without notifications, listed for new files that go to the triggers
// (docs/triggers.md "Polling").
struct PollerConfig {
  std::string name;  // names its state (_lakefeed/pollers/<name>.json): keep it stable
  std::string url;   // s3://bucket[/prefix] (with target.s3's endpoint and region) or file:///dir
  uint32_t interval_s = 30;
  bool from_now = false;  // start: now -- files already there are not handed over
};

// The task's HTTP server (`lakefeed run` only).
// A bearer token of the HTTP API (docs/api.md): `read` may see metrics and status, `admin` may also change state.
struct ApiToken {
  std::string name;   // for logs, never the token
  std::string role;   // read | admin
  std::string token;  // a secret: from ${ENV} or token_file; never printed
};

struct HttpConfig {
  std::string listen;  // "host:port"; empty: no server
  // /readyz answers 200 while the source is connected and CDCLatencyTarget is at most this many seconds.
  uint32_t ready_max_lag_s = 300;
  // Without tokens every request is allowed (the server listens on loopback by default); with tokens, every
  // request but /healthz, /readyz and (with public_metrics) /metrics needs one.
  std::vector<ApiToken> tokens;
  bool public_metrics = false;
  // HTTPS with this certificate chain and key (PEM files); both or neither.
  std::string tls_cert;
  std::string tls_key;
};

// The merge of the lake's change files into Apache Iceberg tables (docs/merge.md): `lakefeed merge` runs it
// on demand; with `enabled`, `run` and `sync` also merge each committed file as it comes (a built-in
// trigger named "merge").
struct MergeConfig {
  bool enabled = false;
  std::string warehouse;  // file:///abs/dir or s3://bucket[/prefix]; tables under <warehouse>/<schema>/<table>/
  uint64_t max_batch_changes = 1000000;  // changes per Iceberg commit (then one more file ends the batch)
  uint32_t compact_delete_files = 32;    // compact a table once it has this many delete files (0: never)
  // Expire snapshots older than this many seconds and delete the files only they reached (0: never); the
  // newest min_snapshots stay.
  uint32_t snapshot_retention_seconds = 3600;
  uint32_t min_snapshots = 10;
  // Point a Glue Data Catalog table (database = the folder's schema, table = its table) at each merged
  // table's current metadata after its commits, for Athena (docs/iceberg.md "Glue catalog"). Region and
  // endpoint: empty for the environment's (AWS_REGION, AWS_ENDPOINT_URL_GLUE).
  bool glue_catalog = false;
  std::string glue_region;
  std::string glue_endpoint;
  std::string source_flavor = "mariadb";  // mariadb | mysql: how the source's JSON columns were typed
  // A SQL file of CREATE TABLE statements (qualified names) for tables the lake's schema history does not
  // define: a lake AWS DMS wrote. Empty: none.
  std::string schema_file;
};

// Logging (docs/logging.md).
struct LogConfig {
  std::string level = "info";  // debug | info | warn | error
  bool json = false;
  // A level per component (DMS LogComponents), winning over `level` for that component.
  std::map<LogComponent, std::string> components;
  // CloudWatch embedded metric format: one JSON line of DMS's task metrics on stdout every minute.
  bool emf = false;
  std::string emf_task_name;  // the TaskName dimension; empty: the target URL
};

// A task: one source, one target. Parsed from YAML (ARCHITECTURE "Interfaces").
struct TaskConfig {
  SourceConfig source;
  TargetConfig target;
  CaptureConfig capture;
  FullLoadConfig full_load;
  std::vector<TriggerConfig> triggers;
  std::vector<PollerConfig> pollers;
  HttpConfig http;
  MergeConfig merge;
  LogConfig log;
};

// Parses a task's YAML. ${NAME} in any scalar is replaced from `env` (an unset variable is an
// error); `*_file` keys (password_file) read the secret from a file, with a warning when the file is
// readable by group or others. Unknown keys, wrong types and out-of-range values are
// InvalidArgument naming the key path ("target.settings.CdcMaxBatchInterval") and what was
// expected. DMS S3Settings names are accepted case-insensitively, booleans as true/false/yes/no/y/n.
// docs/configuration.md is the reference of every key.
Result<TaskConfig> ParseTaskConfig(std::string_view yaml, const EnvLookup& env);
// Reads and parses a file (errors name the file); env from the process environment. Registers every secret of
// the config with the logger (RegisterConfigSecrets), so that no log line can show one.
Result<TaskConfig> LoadTaskConfig(const std::string& path);
// Registers the config's secrets with the logger (RegisterSecret): the source password, the API tokens and the
// values of the webhook triggers' headers.
void RegisterConfigSecrets(const TaskConfig& config);

// The config as YAML with secrets replaced by "<redacted>" (for `lakefeed config` and logs).
std::string RedactedYaml(const TaskConfig& config);

}  // namespace cdc::pipeline
