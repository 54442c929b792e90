#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Process-wide logging (docs/logging.md): one line per record on stderr, plain text or JSON, each record
// naming the component that wrote it (AWS DMS's log components), filtered by a level per component, with
// registered secrets and URL user info replaced by "<redacted>" before anything is written or kept. The last
// warnings and errors are kept in memory for the API (GET /api/v1/errors).
//
// Thread-safe: every function may be called from any thread; a record is written with one call.
namespace cdc {

enum class LogLevel : unsigned char { kDebug, kInfo, kWarn, kError };
// "debug", "info", "warn", "error".
std::string_view ToString(LogLevel level);
// The inverse of ToString; nullopt for anything else.
std::optional<LogLevel> ParseLogLevel(std::string_view text);

// Who wrote a record. Named after AWS DMS's log components where DMS has one (docs/logging.md has the table).
enum class LogComponent : unsigned char {
  kSourceCapture,    // SOURCE_CAPTURE: binlog stream, decoder, transaction assembler, reconnects
  kSourceUnload,     // SOURCE_UNLOAD: the full load's reads of the source
  kTargetLoad,       // TARGET_LOAD: the full load's files and their commits
  kTargetApply,      // TARGET_APPLY: change files, checkpoints, lake commits
  kTrigger,          // TRIGGER: triggers, dead letters, pollers
  kMerge,            // MERGE: the merge into Iceberg
  kValidator,        // VALIDATOR: source-against-lake validation
  kMetadataManager,  // METADATA_MANAGER: schema tracking and its history
  kTaskManager,      // TASK_MANAGER: task lifecycle, config, API actions, monitoring
  kCommunication,    // COMMUNICATION: the HTTP server, the S3 client
};
inline constexpr size_t kLogComponentCount = 10;
// "SOURCE_CAPTURE", "MERGE", ...
std::string_view ToString(LogComponent component);
// The inverse of ToString, ignoring ASCII case; nullopt for an unknown name.
std::optional<LogComponent> ParseLogComponent(std::string_view name);
// Every component, in declaration order.
std::span<const LogComponent> AllLogComponents();

struct LogField {
  std::string_view key;
  std::string_view value;
};

// The level every component logs at unless SetLogComponentLevel says otherwise (default info).
void SetLogLevel(LogLevel level);
// A component's own level, which wins over SetLogLevel's in either direction.
void SetLogComponentLevel(LogComponent component, LogLevel level);
// Drops every component's own level.
void ClearLogComponentLevels();
// JSON lines ({"ts","level","component","msg",<fields>}) instead of text.
void SetLogJson(bool json);
// Whether a record of `component` at `level` would be written; check it before building costly fields.
bool LogEnabled(LogComponent component, LogLevel level);

// Where lines go (each ends in '\n'); empty: stderr. For tests, and for a process that wants its log
// elsewhere.
using LogSink = std::function<void(std::string_view line)>;
void SetLogSink(LogSink sink);

void Log(LogComponent component, LogLevel level, std::string_view message,
         std::initializer_list<LogField> fields = {});

inline void LogDebug(LogComponent c, std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(c, LogLevel::kDebug, m, f);
}
inline void LogInfo(LogComponent c, std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(c, LogLevel::kInfo, m, f);
}
inline void LogWarn(LogComponent c, std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(c, LogLevel::kWarn, m, f);
}
inline void LogError(LogComponent c, std::string_view m, std::initializer_list<LogField> f = {}) {
  Log(c, LogLevel::kError, m, f);
}

// ------------------------------------------------------------------------------------------ redaction

// Adds `secret` (a password, token, secret key) to the strings Log replaces with "<redacted>" wherever they
// occur in a message or field. Secrets shorter than 4 bytes are ignored (they would match too much);
// registering one twice is harmless. Secrets stay registered for the life of the process.
void RegisterSecret(std::string_view secret);
// Forgets every registered secret (tests).
void ClearSecretsForTesting();
// `text` with every registered secret, and the user info of every URL in it ("scheme://user:pass@host"
// becomes "scheme://<redacted>@host"), replaced by "<redacted>". What Log applies to messages and fields.
std::string RedactSecrets(std::string_view text);

// ------------------------------------------------------------------------------------------ recent records

// A record as written, after redaction.
struct LogRecord {
  int64_t time_ms = 0;  // since the epoch
  LogLevel level = LogLevel::kInfo;
  LogComponent component = LogComponent::kTaskManager;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;
};

// How many warn and error records RecentLogRecords keeps.
inline constexpr size_t kRecentLogRecordLimit = 200;
// The last kRecentLogRecordLimit warn and error records that were written (records their component's level
// filtered out are not kept), oldest first.
std::vector<LogRecord> RecentLogRecords();
// Forgets them (tests).
void ClearRecentLogRecordsForTesting();

}  // namespace cdc
