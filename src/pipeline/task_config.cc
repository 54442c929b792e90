#include "pipeline/task_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <span>
#include <sstream>
#include <utility>

#include "base/ascii.h"
#include "base/logging.h"
#include "binlog/charset.h"
#include "model/gtid.h"
#include "server/http_server.h"

// The reference for every key is docs/configuration.md; keep the two in step.

namespace cdc::pipeline {
namespace {

constexpr std::string_view kRedacted = "<redacted>";
constexpr size_t kMaxConfigBytes = 1 << 20;
constexpr size_t kMaxSecretFileBytes = 64 << 10;
constexpr size_t kMaxQuotedBytes = 60;  // longer values are cut in error messages

// A value for an error message: in double quotes, control bytes escaped, cut after kMaxQuotedBytes.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == kMaxQuotedBytes) {
      out.append("...");
      break;
    }
    auto byte = static_cast<unsigned char>(text[i]);
    if (text[i] == '"' || text[i] == '\\') {
      out.push_back('\\');
      out.push_back(text[i]);
    } else if (text[i] == '\n') {
      out.append("\\n");
    } else if (text[i] == '\r') {
      out.append("\\r");
    } else if (text[i] == '\t') {
      out.append("\\t");
    } else if (byte < 0x20 || byte == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\x");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    } else {
      out.push_back(text[i]);
    }
  }
  out.push_back('"');
  return out;
}

// Edit distance with adjacent transpositions (optimal string alignment), ignoring ASCII case.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t b_idx = 0; b_idx <= b.size(); ++b_idx) previous[b_idx] = b_idx;
  for (size_t a_idx = 1; a_idx <= a.size(); ++a_idx) {
    current[0] = a_idx;
    for (size_t b_idx = 1; b_idx <= b.size(); ++b_idx) {
      size_t cost = AsciiLower(a[a_idx - 1]) == AsciiLower(b[b_idx - 1]) ? 0 : 1;
      current[b_idx] = std::min({previous[b_idx] + 1, current[b_idx - 1] + 1, previous[b_idx - 1] + cost});
      if (a_idx > 1 && b_idx > 1 && AsciiLower(a[a_idx - 1]) == AsciiLower(b[b_idx - 2]) &&
          AsciiLower(a[a_idx - 2]) == AsciiLower(b[b_idx - 1])) {
        current[b_idx] = std::min(current[b_idx], before[b_idx - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

// " (did you mean X?)" when one known name is close to `key`, else "".
std::string Suggestion(std::string_view key, std::span<const std::string_view> known) {
  if (key.size() > 64) return "";  // no one mistypes a key that long; keeps the cost bounded
  size_t limit = std::max<size_t>(1, std::min<size_t>(3, key.size() / 3));
  std::string_view best;
  size_t best_distance = limit + 1;
  for (std::string_view name : known) {
    size_t distance = EditDistance(key, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  if (best.empty()) return "";
  return " (did you mean " + std::string(best) + "?)";
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (size_t idx = 0; idx < names.size(); ++idx) {
    if (idx > 0) out.append(idx + 1 == names.size() ? " or " : ", ");
    out.append(names[idx]);
  }
  return out;
}

bool IsEnvName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool ParseDecimal(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  *out = value;
  return true;
}

// Reads a whole regular file of at most `max_bytes`. *mode receives its permission bits.
Status ReadSmallFile(const std::string& path, size_t max_bytes, std::string* out, mode_t* mode) {
  // O_NONBLOCK: a FIFO named by mistake must not hang the open; it is then refused as not regular.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return Status::InvalidArgument("cannot open " + path, std::strerror(errno));
  struct stat info {};
  Status status;
  if (fstat(fd, &info) != 0) {
    status = Status::IOError("cannot stat " + path, std::strerror(errno));
  } else if (!S_ISREG(info.st_mode)) {
    status = Status::InvalidArgument(path, "not a regular file");
  } else {
    *mode = info.st_mode & 07777;
    out->clear();
    char buffer[8192];
    while (status.ok()) {
      ssize_t got = read(fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        status = Status::IOError("cannot read " + path, std::strerror(errno));
      } else if (got == 0) {
        break;
      } else if (out->size() + static_cast<size_t>(got) > max_bytes) {
        status = Status::InvalidArgument(path, "larger than " + std::to_string(max_bytes) + " bytes");
      } else {
        out->append(buffer, static_cast<size_t>(got));
      }
    }
  }
  close(fd);
  return status;
}

std::string OctalMode(mode_t mode) {
  std::string out;  // four octal digits: special bits, user, group, others
  for (int shift = 9; shift >= 0; shift -= 3) out.push_back(static_cast<char>('0' + ((mode >> shift) & 7)));
  return out;
}

// ------------------------------------------------------------------------------------------ settings

// The DMS S3Settings that lakefeed implements, plus its own OrderingColumns. Names are matched
// ignoring case, as DMS matches extra connection attributes.
enum class SettingId : uint8_t {
  kDataFormat,
  kCompressionType,
  kCsvDelimiter,
  kCsvRowDelimiter,
  kCsvNullValue,
  kRfc4180,
  kAddColumnName,
  kTimestampColumnName,
  kIncludeOpForFullLoad,
  kCdcInsertsOnly,
  kCdcInsertsAndUpdates,
  kCdcMaxBatchInterval,
  kCdcMinFileSize,
  kMaxFileSize,
  kDatePartitionEnabled,
  kDatePartitionSequence,
  kDatePartitionDelimiter,
  kOrderingColumns,
  kParquetVersion,
  kEncodingType,
  kDictPageSizeLimit,
  kDataPageSize,
  kRowGroupLength,
  kEnableStatistics,
  kParquetTimestampInMillisecond,
  kParquetCompression,
};
constexpr size_t kSettingCount = static_cast<size_t>(SettingId::kParquetCompression) + 1;

struct SettingName {
  std::string_view name;
  SettingId id;
};
constexpr std::array<SettingName, kSettingCount> kSettings = {{
    {"DataFormat", SettingId::kDataFormat},
    {"CompressionType", SettingId::kCompressionType},
    {"CsvDelimiter", SettingId::kCsvDelimiter},
    {"CsvRowDelimiter", SettingId::kCsvRowDelimiter},
    {"CsvNullValue", SettingId::kCsvNullValue},
    {"Rfc4180", SettingId::kRfc4180},
    {"AddColumnName", SettingId::kAddColumnName},
    {"TimestampColumnName", SettingId::kTimestampColumnName},
    {"IncludeOpForFullLoad", SettingId::kIncludeOpForFullLoad},
    {"CdcInsertsOnly", SettingId::kCdcInsertsOnly},
    {"CdcInsertsAndUpdates", SettingId::kCdcInsertsAndUpdates},
    {"CdcMaxBatchInterval", SettingId::kCdcMaxBatchInterval},
    {"CdcMinFileSize", SettingId::kCdcMinFileSize},
    {"MaxFileSize", SettingId::kMaxFileSize},
    {"DatePartitionEnabled", SettingId::kDatePartitionEnabled},
    {"DatePartitionSequence", SettingId::kDatePartitionSequence},
    {"DatePartitionDelimiter", SettingId::kDatePartitionDelimiter},
    {"OrderingColumns", SettingId::kOrderingColumns},
    {"ParquetVersion", SettingId::kParquetVersion},
    {"EncodingType", SettingId::kEncodingType},
    {"DictPageSizeLimit", SettingId::kDictPageSizeLimit},
    {"DataPageSize", SettingId::kDataPageSize},
    {"RowGroupLength", SettingId::kRowGroupLength},
    {"EnableStatistics", SettingId::kEnableStatistics},
    {"ParquetTimestampInMillisecond", SettingId::kParquetTimestampInMillisecond},
    {"ParquetCompression", SettingId::kParquetCompression},
}};

// DMS S3Settings that lakefeed knows and does not implement. Most are refused, because accepting
// them silently would give files other than the ones asked for; the few that cannot change the
// files are accepted with a warning.
struct RefusedSetting {
  std::string_view name;
  std::string_view reason;
  bool warn_only;
};
constexpr std::string_view kS3Later = "not supported yet (S3 object ACLs and bucket-owner checks)";
constexpr RefusedSetting kRefusedSettings[] = {
    {"BucketName", "not a setting here: the bucket is part of target.url (s3://bucket/folder)",
     false},
    {"BucketFolder",
     "not a setting here: the folder is part of target.url (file:///dir or s3://bucket/folder)", false},
    {"EncryptionMode", "not a setting here: set target.s3.encryption (SSE_S3 or SSE_KMS)", false},
    {"ServerSideEncryptionKmsKeyId", "not a setting here: set target.s3.kms_key_id", false},
    {"CannedAclForObjects", kS3Later, false},
    {"ExpectedBucketOwner", kS3Later, false},
    {"ServiceAccessRoleArn", "not supported: AWS credentials come from the environment or the shared AWS files (docs/s3.md)", false},
    {"UseTaskStartTimeForFullLoadTimestamp", "not supported: the full-load timestamp column holds the time each chunk was read", false},
    {"DatePartitionTimezone", "not supported: date folders and file names are always UTC", false},
    {"PreserveTransactions",
     "not supported: files are per table; order changes across tables by the _lakefeed_seq column", false},
    {"CdcPath", "not supported: files are per table; order changes across tables by the _lakefeed_seq column",
     false},
    {"AddTrailingPaddingCharacter", "not supported", false},
    {"GlueCatalogGeneration", "not supported", false},
    {"IgnoreHeaderRows", "not supported: it applies to DMS S3 sources, not targets", false},
    {"ExternalTableDefinition", "not supported: it applies to DMS S3 sources, not targets", false},
    {"CsvNoSupValue",
     "ignored: lakefeed requires full row images (binlog_row_image=FULL), so no column is ever missing",
     true},
    {"UseCsvNoSupValue",
     "ignored: lakefeed requires full row images (binlog_row_image=FULL), so no column is ever missing",
     true},
    {"WriteBufferSize", "ignored: lakefeed sizes its own write buffers", true},
};

std::vector<std::string_view> AllSettingNames() {
  std::vector<std::string_view> names;
  for (const SettingName& setting : kSettings) names.push_back(setting.name);
  for (const RefusedSetting& setting : kRefusedSettings) names.push_back(setting.name);
  return names;
}

constexpr std::string_view kDatePartitionSequences[] = {"YYYYMMDD", "YYYYMMDDHH", "YYYYMM", "MMYYYYDD",
                                                        "DDMMYYYY"};
constexpr std::string_view kDatePartitionDelimiters[] = {"SLASH", "DASH", "UNDERSCORE", "NONE"};
constexpr std::string_view kTlsModes[] = {"disabled", "preferred", "required", "verify-ca",
                                          "verify-identity"};
constexpr std::string_view kLogLevels[] = {"debug", "info", "warn", "error"};
constexpr std::string_view kTruncateModes[] = {"keep", "delete-files"};
constexpr std::string_view kFormats[] = {"csv", "parquet"};
constexpr std::string_view kCompressions[] = {"NONE", "GZIP"};

// CSV delimiters may be written with the escapes DMS users type in extra connection attributes:
// "\n", "\r", "\t" and "\\". (Inside YAML double quotes YAML already turned them into the characters.)
std::string UnescapeDelimiter(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char next = text[i + 1];
      char replacement = next == 'n'    ? '\n'
                         : next == 'r'  ? '\r'
                         : next == 't'  ? '\t'
                         : next == '\\' ? '\\'
                                        : 0;
      if (replacement != 0) {
        out.push_back(replacement);
        ++i;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

// The inverse of UnescapeDelimiter, so that RedactedYaml prints "\n" rather than a line break.
std::string EscapeDelimiter(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out.append("\\n");
    } else if (c == '\r') {
      out.append("\\r");
    } else if (c == '\t') {
      out.append("\\t");
    } else if (c == '\\') {
      out.append("\\\\");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// "${" in a value RedactedYaml prints must not read back as a variable.
std::string EscapeDollar(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') out.push_back('$');
    out.push_back(text[i]);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ parser

// One key of a YAML map: its name as written, its dotted path, its line (1-based; 0 when unknown)
// and its value.
struct Entry {
  std::string key;
  std::string path;
  int line = 0;
  YAML::Node value;
};

int LineOf(const YAML::Node& node) {
  int line = node.Mark().line;
  return line >= 0 ? line + 1 : 0;
}

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return "an empty value";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return Quote(node.Scalar());
  }
  return "an unknown node";
}

// Walks one YAML document into a TaskConfig. Every error is InvalidArgument
// "line N: <key path>: expected <what>, got <what>", and never shows the value of a secret.
class ConfigParser {
 public:
  explicit ConfigParser(const EnvLookup& env) : env_(env) {}

  Result<TaskConfig> Parse(std::string_view yaml);

 private:
  static Status Error(int line, std::string_view path, std::string_view what) {
    std::string message;
    if (line > 0) message = "line " + std::to_string(line) + ": ";
    message.append(path);
    message.append(": ");
    message.append(what);
    return Status::InvalidArgument(message);
  }
  static Status Error(const Entry& entry, std::string_view what) {
    return Error(entry.line, entry.path, what);
  }
  static Status Expected(const Entry& entry, std::string_view expected, std::string_view got) {
    return Error(entry, "expected " + std::string(expected) + ", got " + std::string(got));
  }

  // The keys of a map node (null counts as an empty map). Duplicate keys are an error; with
  // `ignore_case`, keys differing only in case are duplicates too.
  Result<std::vector<Entry>> Entries(const YAML::Node& node, const std::string& path, int line,
                                     bool ignore_case = false);
  static Status Unknown(const Entry& entry, std::span<const std::string_view> known);

  // A scalar with ${NAME} substituted. `secret`: never quoted in an error.
  Result<std::string> Text(const Entry& entry, std::string_view expected, bool secret = false,
                           bool* from_env = nullptr);
  Result<std::string> NonEmptyText(const Entry& entry, std::string_view expected);
  Result<bool> Bool(const Entry& entry);
  Result<uint64_t> Integer(const Entry& entry, uint64_t min, uint64_t max, std::string_view unit);
  // One of `choices` (compared ignoring case, '_' read as '-'), returned as spelled in `choices`.
  Result<std::string> OneOf(const Entry& entry, std::span<const std::string_view> choices);
  // A list of strings; a single string is a list of one.
  Result<std::vector<std::string>> TextList(const Entry& entry, std::string_view expected);
  Result<std::string> Substitute(const Entry& entry, std::string_view raw, bool secret, bool* from_env);

  Status ParseSource(const Entry& section, SourceConfig* source);
  Status ParseTls(const Entry& section, SourceConfig* source);
  Status ParseTables(const Entry& section, SourceConfig* source);
  Status ParseReconnect(const Entry& section, SourceConfig* source);
  Status ParseStart(const Entry& entry, StartSpec* start);
  // Reads a secret (`what`: "password", "token") from the file `entry` names, warning when others may read it.
  Status ReadSecretFile(const Entry& entry, std::string_view what, std::string* secret);
  Status ParseTarget(const Entry& section, TargetConfig* target);
  Status ParseSettings(const Entry& section, lake::LakeSettings* settings, int* data_format_line);
  Status ParseSetting(const Entry& entry, SettingId id, lake::LakeSettings* settings);
  Status ParseCapture(const Entry& section, CaptureConfig* capture);
  Status ParseFullLoad(const Entry& section, FullLoadConfig* full_load);
  Status ParseS3Target(const Entry& section, S3TargetConfig* s3);
  Status ParseLog(const Entry& section, LogConfig* log);
  Status ParseLogComponents(const Entry& section, LogConfig* log);
  // The items of a list section, each an Entry named `<path>[<index>]` (none for null); InvalidArgument
  // naming `expected` for anything else.
  Result<std::vector<Entry>> ListItems(const Entry& section, std::string_view expected);
  // A name that keys objects in the lake (a trigger's, a poller's): letters, digits, '-' and '_'.
  Result<std::string> ObjectName(const Entry& entry);
  Status ParseTriggers(const Entry& section, std::vector<TriggerConfig>* triggers);
  Status ParseHttp(const Entry& section, HttpConfig* http);
  Status ParseApiTokens(const Entry& section, std::vector<ApiToken>* tokens);
  Status ParsePollers(const Entry& section, std::vector<PollerConfig>* pollers);
  Status ParseMerge(const Entry& section, MergeConfig* merge);

  const EnvLookup& env_;
};

Result<std::vector<Entry>> ConfigParser::Entries(const YAML::Node& node, const std::string& path, int line,
                                                 bool ignore_case) {
  std::vector<Entry> entries;
  if (node.IsNull()) return entries;
  if (!node.IsMap()) {
    return Error(line, path.empty() ? "(top level)" : path, "expected a map of keys, got " + Describe(node));
  }
  std::map<std::string, size_t> seen;  // key (lowercased with `ignore_case`) -> index in `entries`
  for (auto it = node.begin(); it != node.end(); ++it) {
    Entry entry;
    entry.line = LineOf(it->first);
    if (!it->first.IsScalar()) {
      return Error(entry.line, path.empty() ? "(top level)" : path,
                   "expected a key name, got " + Describe(it->first) + " as a key");
    }
    entry.key = it->first.Scalar();
    entry.path = path.empty() ? entry.key : path + "." + entry.key;
    entry.value = it->second;
    auto [slot, inserted] = seen.emplace(ignore_case ? AsciiLowerCopy(entry.key) : entry.key, entries.size());
    if (!inserted) {
      const Entry& earlier = entries[slot->second];
      std::string where = earlier.line > 0 ? " on line " + std::to_string(earlier.line) : "";
      return Error(entry, "set twice (first" + where +
                              (earlier.key == entry.key ? "" : " as " + earlier.key) +
                              "); expected each key once");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

Status ConfigParser::Unknown(const Entry& entry, std::span<const std::string_view> known) {
  return Error(entry, "unknown key" + Suggestion(entry.key, known) + "; expected one of " + JoinNames(known));
}

Result<std::string> ConfigParser::Substitute(const Entry& entry, std::string_view raw, bool secret,
                                             bool* from_env) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] != '$') {
      out.push_back(raw[i++]);
      continue;
    }
    if (raw.substr(i, 3) == "$${") {  // the escape for a literal "${"
      out.append("${");
      i += 3;
      continue;
    }
    if (raw.substr(i, 2) != "${") {
      out.push_back(raw[i++]);
      continue;
    }
    size_t close = raw.find('}', i + 2);
    if (close == std::string_view::npos) {
      return Error(entry,
                   "expected ${NAME} to end with }, got an unterminated ${ (write $${ for a literal ${)");
    }
    std::string_view name = raw.substr(i + 2, close - i - 2);
    if (!IsEnvName(name)) {
      return Error(entry, "expected ${NAME} with a NAME of letters, digits and _, got " +
                              (secret ? std::string("another form") : Quote(raw.substr(i, close + 1 - i))) +
                              " (write $${ for a literal ${)");
    }
    std::optional<std::string> value = env_ ? env_(name) : std::nullopt;
    if (!value) {
      return Error(entry, "expected environment variable " + std::string(name) + " to be set, got unset");
    }
    out.append(*value);
    if (from_env != nullptr) *from_env = true;
    i = close + 1;
  }
  return out;
}

Result<std::string> ConfigParser::Text(const Entry& entry, std::string_view expected, bool secret,
                                       bool* from_env) {
  if (!entry.value.IsScalar()) return Expected(entry, expected, Describe(entry.value));
  CDC_ASSIGN_OR_RETURN(std::string text, Substitute(entry, entry.value.Scalar(), secret, from_env));
  if (!binlog::IsValidUtf8(text)) return Expected(entry, "UTF-8 text", "bytes that are not UTF-8");
  // Tab, CR and LF have uses (CSV delimiters); other control characters in a config are mistakes.
  bool control = std::any_of(text.begin(), text.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  if (control) return Expected(entry, "text without control characters", "a control character");
  return text;
}

Result<std::string> ConfigParser::NonEmptyText(const Entry& entry, std::string_view expected) {
  CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, expected));
  if (text.empty()) return Expected(entry, expected, "an empty string");
  return text;
}

Result<bool> ConfigParser::Bool(const Entry& entry) {
  constexpr std::string_view kExpected = "true or false (also yes/no, y/n)";
  CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, kExpected));
  std::string lower = AsciiLowerCopy(text);
  if (lower == "true" || lower == "yes" || lower == "y") return true;
  if (lower == "false" || lower == "no" || lower == "n") return false;
  return Expected(entry, kExpected, Quote(text));
}

Result<uint64_t> ConfigParser::Integer(const Entry& entry, uint64_t min, uint64_t max,
                                       std::string_view unit) {
  std::string expected = "an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (!unit.empty()) expected += " (" + std::string(unit) + ")";
  CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, expected));
  uint64_t value = 0;
  if (!ParseDecimal(text, &value) || value < min || value > max) {
    return Expected(entry, expected, Quote(text));
  }
  return value;
}

Result<std::string> ConfigParser::OneOf(const Entry& entry, std::span<const std::string_view> choices) {
  std::string expected = "one of " + JoinNames(choices);
  CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, expected));
  std::string folded = text;
  std::replace(folded.begin(), folded.end(), '_', '-');
  for (std::string_view choice : choices) {
    std::string folded_choice(choice);
    std::replace(folded_choice.begin(), folded_choice.end(), '_', '-');
    if (EqualsIgnoreAsciiCase(folded, folded_choice)) return std::string(choice);
  }
  return Expected(entry, expected, Quote(text));
}

Result<std::vector<std::string>> ConfigParser::TextList(const Entry& entry, std::string_view expected) {
  std::vector<std::string> out;
  if (entry.value.IsNull()) return out;
  if (entry.value.IsScalar()) {
    CDC_ASSIGN_OR_RETURN(std::string one, Text(entry, expected));
    out.push_back(std::move(one));
    return out;
  }
  if (!entry.value.IsSequence()) return Expected(entry, "a list of " + std::string(expected), "a map");
  for (size_t idx = 0; idx < entry.value.size(); ++idx) {
    Entry item{entry.key, entry.path + "[" + std::to_string(idx) + "]", LineOf(entry.value[idx]),
               entry.value[idx]};
    if (item.line == 0) item.line = entry.line;
    CDC_ASSIGN_OR_RETURN(std::string text, Text(item, expected));
    out.push_back(std::move(text));
  }
  return out;
}

// ------------------------------------------------------------------------------------------ source

constexpr std::string_view kSourceKeys[] = {
    "host",   "port",           "user",  "password",     "password_file",     "server_id", "tls",
    "tables", "table_mappings", "start", "heartbeat_ms", "connect_timeout_s", "reconnect"};

Status ConfigParser::ParseSource(const Entry& section, SourceConfig* source) {
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  const Entry* password = nullptr;
  const Entry* password_file = nullptr;
  const Entry* tables = nullptr;
  const Entry* table_mappings = nullptr;
  for (const Entry& entry : entries) {
    const std::string& key = entry.key;
    if (key == "host") {
      CDC_ASSIGN_OR_RETURN(source->host, NonEmptyText(entry, "a host name or IP address"));
    } else if (key == "port") {
      CDC_ASSIGN_OR_RETURN(uint64_t port, Integer(entry, 1, 65535, ""));
      source->port = static_cast<uint16_t>(port);
    } else if (key == "user") {
      CDC_ASSIGN_OR_RETURN(source->user, NonEmptyText(entry, "the replication user's name"));
    } else if (key == "password") {
      password = &entry;
      bool from_env = false;
      CDC_ASSIGN_OR_RETURN(source->password, Text(entry, "a string", /*secret=*/true, &from_env));
      if (!from_env && !source->password.empty()) {
        LogWarn(LogComponent::kTaskManager,
                "the source password is written in the config file; prefer ${ENV} or password_file",
                {{"key", entry.path}});
      }
    } else if (key == "password_file") {
      password_file = &entry;  // read below, once it is known not to contradict `password`
    } else if (key == "server_id") {
      CDC_ASSIGN_OR_RETURN(uint64_t id, Integer(entry, 1, UINT32_MAX, "unique among the source's replicas"));
      source->server_id = static_cast<uint32_t>(id);
    } else if (key == "tls") {
      CDC_RETURN_IF_ERROR(ParseTls(entry, source));
    } else if (key == "tables") {
      tables = &entry;
      CDC_RETURN_IF_ERROR(ParseTables(entry, source));
    } else if (key == "table_mappings") {
      table_mappings = &entry;
      CDC_ASSIGN_OR_RETURN(source->table_mappings_file,
                           NonEmptyText(entry, "the path of a DMS table-mapping JSON file"));
    } else if (key == "start") {
      CDC_RETURN_IF_ERROR(ParseStart(entry, &source->start));
    } else if (key == "heartbeat_ms") {
      CDC_ASSIGN_OR_RETURN(uint64_t ms, Integer(entry, 0, 3600000, "milliseconds; 0 derives it"));
      source->heartbeat_ms = static_cast<uint32_t>(ms);
    } else if (key == "connect_timeout_s") {
      CDC_ASSIGN_OR_RETURN(uint64_t seconds, Integer(entry, 1, 3600, "seconds"));
      source->connect_timeout_s = static_cast<uint32_t>(seconds);
    } else if (key == "reconnect") {
      CDC_RETURN_IF_ERROR(ParseReconnect(entry, source));
    } else {
      return Unknown(entry, kSourceKeys);
    }
  }
  if (password != nullptr && password_file != nullptr) {
    const Entry& later = password->line > password_file->line ? *password : *password_file;
    return Expected(later, "either source.password or source.password_file", "both");
  }
  if (tables != nullptr && table_mappings != nullptr) {
    const Entry& later = tables->line > table_mappings->line ? *tables : *table_mappings;
    return Expected(later, "either source.tables or source.table_mappings", "both");
  }
  if (password_file != nullptr) return ReadSecretFile(*password_file, "password", &source->password);
  return Status::OK();
}

Status ConfigParser::ReadSecretFile(const Entry& entry, std::string_view what, std::string* secret) {
  const std::string holding = "a file holding the " + std::string(what);
  CDC_ASSIGN_OR_RETURN(std::string path, NonEmptyText(entry, "the path of " + holding));
  std::string content;
  mode_t mode = 0;
  Status read = ReadSmallFile(path, kMaxSecretFileBytes, &content, &mode);
  // The file's name is not a secret, its bytes are: the status names only the path and errno.
  if (!read.ok()) return Error(entry, "expected a readable " + holding.substr(2) + ", got: " + read.message());
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.pop_back();
  if (content.empty()) return Expected(entry, holding, "an empty file " + path);
  if ((mode & 077) != 0) {
    LogWarn(LogComponent::kTaskManager,
            "the " + std::string(what) + " file can be read by group or others; restrict it (chmod 600)",
            {{"key", entry.path}, {"file", path}, {"mode", OctalMode(mode)}});
  }
  *secret = std::move(content);
  return Status::OK();
}

Status ConfigParser::ParseTls(const Entry& section, SourceConfig* source) {
  static constexpr std::string_view kKeys[] = {"mode", "ca", "cert", "key"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  const Entry* cert = nullptr;
  const Entry* key_file = nullptr;
  const Entry* any_file = nullptr;
  for (const Entry& entry : entries) {
    if (entry.key == "mode") {
      CDC_ASSIGN_OR_RETURN(source->tls_mode, OneOf(entry, kTlsModes));
    } else if (entry.key == "ca") {
      any_file = &entry;
      CDC_ASSIGN_OR_RETURN(source->tls_ca, NonEmptyText(entry, "the path of a PEM CA certificate file"));
    } else if (entry.key == "cert") {
      any_file = cert = &entry;
      CDC_ASSIGN_OR_RETURN(source->tls_cert,
                           NonEmptyText(entry, "the path of a PEM client certificate file"));
    } else if (entry.key == "key") {
      any_file = key_file = &entry;
      CDC_ASSIGN_OR_RETURN(source->tls_key, NonEmptyText(entry, "the path of a PEM client key file"));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if ((cert == nullptr) != (key_file == nullptr)) {
    const Entry& given = cert != nullptr ? *cert : *key_file;
    return Expected(given, "source.tls.cert and source.tls.key together", "only one of them");
  }
  if (source->tls_mode == "disabled" && any_file != nullptr) {
    return Expected(*any_file, "no TLS files when source.tls.mode is disabled", "a file");
  }
  return Status::OK();
}

// "schema.table" with both parts non-empty; the wildcards are TableRules' business.
bool IsTablePattern(std::string_view pattern) {
  size_t dot = pattern.find('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < pattern.size();
}

Status ConfigParser::ParseTables(const Entry& section, SourceConfig* source) {
  static constexpr std::string_view kKeys[] = {"include", "exclude"};
  constexpr std::string_view kPattern =
      "table patterns \"schema.table\" (% and * match any run, _ one character)";
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    std::vector<std::string>* list = nullptr;
    if (entry.key == "include") {
      list = &source->include;
    } else if (entry.key == "exclude") {
      list = &source->exclude;
    } else if (entry.key == "table_mappings") {
      return Error(entry,
                   "unknown key; table_mappings belongs to source (source.table_mappings), beside tables");
    } else {
      return Unknown(entry, kKeys);
    }
    CDC_ASSIGN_OR_RETURN(*list, TextList(entry, kPattern));
    for (size_t idx = 0; idx < list->size(); ++idx) {
      if (!IsTablePattern((*list)[idx])) {
        Entry item{entry.key, entry.path + "[" + std::to_string(idx) + "]", entry.line, {}};
        if (entry.value.IsSequence() && LineOf(entry.value[idx]) > 0) item.line = LineOf(entry.value[idx]);
        return Expected(item, "a table pattern \"schema.table\"", Quote((*list)[idx]));
      }
    }
  }
  return Status::OK();
}

Status ConfigParser::ParseReconnect(const Entry& section, SourceConfig* source) {
  static constexpr std::string_view kKeys[] = {"initial_ms", "max_ms", "attempts"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  const Entry* initial = nullptr;
  const Entry* max = nullptr;
  for (const Entry& entry : entries) {
    if (entry.key == "initial_ms") {
      initial = &entry;
      CDC_ASSIGN_OR_RETURN(uint64_t ms, Integer(entry, 1, 3600000, "milliseconds"));
      source->reconnect_initial_ms = static_cast<uint32_t>(ms);
    } else if (entry.key == "max_ms") {
      max = &entry;
      CDC_ASSIGN_OR_RETURN(uint64_t ms, Integer(entry, 1, 86400000, "milliseconds"));
      source->reconnect_max_ms = static_cast<uint32_t>(ms);
    } else if (entry.key == "attempts") {
      CDC_ASSIGN_OR_RETURN(uint64_t attempts, Integer(entry, 0, UINT32_MAX, "0 retries forever"));
      source->reconnect_attempts = static_cast<uint32_t>(attempts);
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if (source->reconnect_max_ms < source->reconnect_initial_ms) {
    const Entry& at = max != nullptr ? *max : *initial;  // one of them was set, or the defaults would hold
    return Expected(
        at, "reconnect.max_ms >= reconnect.initial_ms (" + std::to_string(source->reconnect_initial_ms) + ")",
        std::to_string(source->reconnect_max_ms));
  }
  return Status::OK();
}

Status ConfigParser::ParseStart(const Entry& entry, StartSpec* start) {
  constexpr std::string_view kExpected =
      "cdc, full-load, full-load-and-cdc, <binlog file>:<position> or gtid:<GTID set or position>";
  CDC_ASSIGN_OR_RETURN(std::string text, NonEmptyText(entry, kExpected));
  std::string lower = AsciiLowerCopy(text);
  if (lower == "cdc") {
    start->mode = StartSpec::Mode::kCdc;
    return Status::OK();
  }
  if (lower == "full-load") {
    start->mode = StartSpec::Mode::kFullLoad;
    return Status::OK();
  }
  if (lower == "full-load-and-cdc") {
    start->mode = StartSpec::Mode::kFullLoadAndCdc;
    return Status::OK();
  }
  if (lower.starts_with("gtid:")) {
    std::string gtid = text.substr(5);
    // A MySQL GTID set names server uuids ("uuid:1-5"); a MariaDB position is "domain-server-seq".
    bool mysql = gtid.find(':') != std::string::npos;
    Status parsed =
        mysql ? model::MysqlGtidSet::Parse(gtid).status() : model::MariaGtidPosition::Parse(gtid).status();
    bool empty = gtid.find_first_not_of(" \t\r\n,") == std::string::npos;
    if (!parsed.ok() || empty) {
      return Expected(entry,
                      "gtid: followed by a MariaDB GTID position (0-1-100[,1-2-5]) or a MySQL GTID set "
                      "(uuid:1-5[,uuid:1-3])",
                      Quote(text) + (parsed.ok() ? "" : " (" + parsed.message() + ")"));
    }
    start->mode = StartSpec::Mode::kGtid;
    start->gtid = std::move(gtid);
    return Status::OK();
  }
  size_t colon = text.rfind(':');
  if (colon != std::string::npos) {
    std::string_view file = std::string_view(text).substr(0, colon);
    uint64_t offset = 0;
    bool file_ok = !file.empty() && file.find_first_of("/ \t:") == std::string_view::npos;
    if (file_ok && ParseDecimal(std::string_view(text).substr(colon + 1), &offset) && offset >= 4) {
      start->mode = StartSpec::Mode::kPosition;
      start->file = std::string(file);
      start->offset = offset;
      return Status::OK();
    }
    if (file_ok) return Expected(entry, "a binlog position of at least 4 after the file name", Quote(text));
  }
  return Expected(entry, kExpected, Quote(text));
}

// ------------------------------------------------------------------------------------------ target

Status ConfigParser::ParseTarget(const Entry& section, TargetConfig* target) {
  static constexpr std::string_view kKeys[] = {"url", "format", "settings", "s3"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  const Entry* format = nullptr;
  const Entry* s3 = nullptr;
  int data_format_line = 0;
  std::string format_value;
  for (const Entry& entry : entries) {
    if (entry.key == "url") {
      constexpr std::string_view kExpected = "file:///absolute/directory or s3://bucket[/prefix]";
      CDC_ASSIGN_OR_RETURN(std::string url, NonEmptyText(entry, kExpected));
      if (std::any_of(url.begin(), url.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; })) {
        return Expected(entry, std::string(kExpected) + " without control characters", Quote(url));
      }
      if (url.starts_with("s3://")) {
        std::string_view rest = std::string_view(url).substr(5);
        if (rest.empty() || rest.front() == '/' || rest.find("//") != std::string_view::npos) {
          return Expected(entry, "s3://bucket[/prefix]", Quote(url));
        }
        target->url = std::move(url);
        continue;
      }
      if (!url.starts_with("file://")) return Expected(entry, kExpected, Quote(url));
      if (!url.starts_with("file:///")) {
        return Expected(entry, std::string(kExpected) + " (no host: three slashes)", Quote(url));
      }
      target->url = std::move(url);
    } else if (entry.key == "format") {
      format = &entry;
      CDC_ASSIGN_OR_RETURN(format_value, OneOf(entry, kFormats));
    } else if (entry.key == "settings") {
      CDC_RETURN_IF_ERROR(ParseSettings(entry, &target->settings, &data_format_line));
    } else if (entry.key == "s3") {
      s3 = &entry;
      CDC_RETURN_IF_ERROR(ParseS3Target(entry, &target->s3));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if (s3 != nullptr && !target->url.empty() && !target->url.starts_with("s3://")) {
    return Error(*s3, "only for an s3:// target.url");
  }
  // target.format and settings.DataFormat say the same thing; when both are given they must agree.
  if (format != nullptr) {
    if (data_format_line > 0 && format_value != target->settings.format) {
      return Error(std::max(format->line, data_format_line), section.path + ".format",
                   "expected target.format and target.settings.DataFormat to agree, got " + format_value +
                       " and " + target->settings.format);
    }
    target->settings.format = format_value;
  }
  return Status::OK();
}

Status ConfigParser::ParseS3Target(const Entry& section, S3TargetConfig* s3) {
  static constexpr std::string_view kKeys[] = {"endpoint",   "region",       "addressing",  "encryption",
                                               "kms_key_id", "part_size_mb", "max_attempts"};
  static constexpr std::string_view kAddressing[] = {"path", "virtual"};
  static constexpr std::string_view kEncryption[] = {"SSE_S3", "SSE_KMS"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  const Entry* kms_key = nullptr;
  for (const Entry& entry : entries) {
    if (entry.key == "endpoint") {
      CDC_ASSIGN_OR_RETURN(s3->endpoint, NonEmptyText(entry, "scheme://host[:port]"));
      if (!s3->endpoint.starts_with("http://") && !s3->endpoint.starts_with("https://")) {
        return Expected(entry, "http://host[:port] or https://host[:port]", Quote(s3->endpoint));
      }
      while (s3->endpoint.ends_with('/')) s3->endpoint.pop_back();
    } else if (entry.key == "region") {
      CDC_ASSIGN_OR_RETURN(s3->region, NonEmptyText(entry, "an AWS region name"));
    } else if (entry.key == "addressing") {
      CDC_ASSIGN_OR_RETURN(s3->addressing, OneOf(entry, kAddressing));
    } else if (entry.key == "encryption") {
      CDC_ASSIGN_OR_RETURN(s3->encryption, OneOf(entry, kEncryption));
    } else if (entry.key == "kms_key_id") {
      kms_key = &entry;
      CDC_ASSIGN_OR_RETURN(s3->kms_key_id, NonEmptyText(entry, "a KMS key id or ARN"));
    } else if (entry.key == "part_size_mb") {
      // A part is held in memory while it is sent.
      CDC_ASSIGN_OR_RETURN(s3->part_size_mb, Integer(entry, 5, 1024, "MiB"));
    } else if (entry.key == "max_attempts") {
      CDC_ASSIGN_OR_RETURN(s3->max_attempts, Integer(entry, 1, 20, "attempts per request"));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if (kms_key != nullptr && s3->encryption != "SSE_KMS") return Error(*kms_key, "only with encryption: SSE_KMS");
  return Status::OK();
}

Status ConfigParser::ParseSettings(const Entry& section, lake::LakeSettings* settings,
                                   int* data_format_line) {
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                       Entries(section.value, section.path, section.line, /*ignore_case=*/true));
  std::array<const Entry*, kSettingCount> given{};
  for (const Entry& entry : entries) {
    const SettingName* known = nullptr;
    for (const SettingName& setting : kSettings) {
      if (EqualsIgnoreAsciiCase(setting.name, entry.key)) known = &setting;
    }
    if (known != nullptr) {
      given[static_cast<size_t>(known->id)] = &entry;
      CDC_RETURN_IF_ERROR(ParseSetting(entry, known->id, settings));
      continue;
    }
    const RefusedSetting* refused = nullptr;
    for (const RefusedSetting& setting : kRefusedSettings) {
      if (EqualsIgnoreAsciiCase(setting.name, entry.key)) refused = &setting;
    }
    if (refused == nullptr) {
      std::vector<std::string_view> names = AllSettingNames();
      return Error(entry, "unknown setting" + Suggestion(entry.key, names) +
                              "; expected a DMS S3Settings name (docs/configuration.md lists them)");
    }
    if (!refused->warn_only) return Error(entry, refused->reason);
    LogWarn(LogComponent::kTaskManager, "a DMS setting is ignored",
            {{"key", entry.path}, {"why", refused->reason}});
  }

  auto at = [&](SettingId id) { return given[static_cast<size_t>(id)]; };
  if (at(SettingId::kDataFormat) != nullptr) *data_format_line = at(SettingId::kDataFormat)->line;
  const format::OutputSettings& output = settings->output;
  if (output.cdc_inserts_only && output.cdc_inserts_and_updates) {
    const Entry* only = at(SettingId::kCdcInsertsOnly);
    const Entry* and_updates = at(SettingId::kCdcInsertsAndUpdates);
    const Entry& later = only->line > and_updates->line ? *only : *and_updates;
    return Expected(later, "at most one of CdcInsertsOnly and CdcInsertsAndUpdates set to true", "both");
  }
  // The CSV dialect must leave a file that can be read back: no part of it may hide another.
  const format::CsvSettings& csv = settings->csv;
  // The first of `ids` the config sets: the key an error about a combination points at. Only called
  // when the combination is not the defaults', so one of them is set.
  auto blame = [&](std::initializer_list<SettingId> ids) -> const Entry& {
    for (SettingId id : ids) {
      if (at(id) != nullptr) return *at(id);
    }
    return section;
  };
  if (csv.delimiter.find(csv.row_delimiter) != std::string::npos ||
      csv.row_delimiter.find(csv.delimiter) != std::string::npos) {
    return Expected(blame({SettingId::kCsvDelimiter, SettingId::kCsvRowDelimiter}),
                    "CsvDelimiter and CsvRowDelimiter that do not contain each other",
                    Quote(csv.delimiter) + " and " + Quote(csv.row_delimiter));
  }
  if (!csv.null_value.empty() && (csv.null_value.find(csv.delimiter) != std::string::npos ||
                                  csv.null_value.find(csv.row_delimiter) != std::string::npos ||
                                  csv.null_value.find('"') != std::string::npos)) {
    return Expected(blame({SettingId::kCsvNullValue, SettingId::kCsvDelimiter, SettingId::kCsvRowDelimiter}),
                    "a CsvNullValue without the delimiters or a double quote", Quote(csv.null_value));
  }
  if (output.ordering_columns && (output.timestamp_column_name == output.seq_column_name ||
                                  output.timestamp_column_name == output.commit_time_column_name)) {
    return Expected(blame({SettingId::kTimestampColumnName}),
                    "a TimestampColumnName other than the ordering columns' names",
                    Quote(output.timestamp_column_name));
  }
  return Status::OK();
}

Status ConfigParser::ParseSetting(const Entry& entry, SettingId id, lake::LakeSettings* settings) {
  format::OutputSettings& output = settings->output;
  format::CsvSettings& csv = settings->csv;
  switch (id) {
    case SettingId::kDataFormat: {
      CDC_ASSIGN_OR_RETURN(settings->format, OneOf(entry, kFormats));
      return Status::OK();
    }
    case SettingId::kCompressionType: {
      CDC_ASSIGN_OR_RETURN(std::string compression, OneOf(entry, kCompressions));
      output.compression = compression == "GZIP" ? format::Compression::kGzip : format::Compression::kNone;
      return Status::OK();
    }
    case SettingId::kCsvDelimiter:
    case SettingId::kCsvRowDelimiter: {
      bool row = id == SettingId::kCsvRowDelimiter;
      std::string expected = "1 to 16 characters without a double quote";
      if (!row) expected += " (\\t for a tab)";
      CDC_ASSIGN_OR_RETURN(std::string raw, Text(entry, expected));
      std::string text = UnescapeDelimiter(raw);
      if (text.empty() || text.size() > 16 || text.find('"') != std::string::npos) {
        return Expected(entry, expected, Quote(raw));
      }
      (row ? csv.row_delimiter : csv.delimiter) = std::move(text);
      return Status::OK();
    }
    case SettingId::kCsvNullValue: {
      constexpr std::string_view kExpected = "a quoted string such as 'NULL' or ''";
      // YAML reads a bare NULL, null, ~ or nothing as "no value", which could mean "NULL" or "".
      if (entry.value.IsNull()) return Expected(entry, kExpected, "a YAML null (write the value in quotes)");
      CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, kExpected));
      if (text.size() > 256) return Expected(entry, "at most 256 bytes", Quote(text));
      csv.null_value = std::move(text);
      return Status::OK();
    }
    case SettingId::kRfc4180: {
      CDC_ASSIGN_OR_RETURN(csv.rfc4180, Bool(entry));
      return Status::OK();
    }
    case SettingId::kAddColumnName: {
      CDC_ASSIGN_OR_RETURN(csv.add_column_name, Bool(entry));
      return Status::OK();
    }
    case SettingId::kTimestampColumnName: {
      constexpr std::string_view kExpected =
          "a column name of at most 64 bytes, no control characters or \" (empty: none)";
      if (entry.value.IsNull()) {
        output.timestamp_column_name.clear();
        return Status::OK();
      }
      CDC_ASSIGN_OR_RETURN(std::string text, Text(entry, kExpected));
      bool printable = std::none_of(text.begin(), text.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"';
      });
      if (text.size() > 64 || !printable) return Expected(entry, kExpected, Quote(text));
      output.timestamp_column_name = std::move(text);
      return Status::OK();
    }
    case SettingId::kIncludeOpForFullLoad: {
      CDC_ASSIGN_OR_RETURN(output.include_op_for_full_load, Bool(entry));
      return Status::OK();
    }
    case SettingId::kCdcInsertsOnly: {
      CDC_ASSIGN_OR_RETURN(output.cdc_inserts_only, Bool(entry));
      return Status::OK();
    }
    case SettingId::kCdcInsertsAndUpdates: {
      CDC_ASSIGN_OR_RETURN(output.cdc_inserts_and_updates, Bool(entry));
      return Status::OK();
    }
    case SettingId::kCdcMaxBatchInterval: {
      CDC_ASSIGN_OR_RETURN(uint64_t seconds, Integer(entry, 1, 86400, "seconds"));
      settings->cdc_max_batch_interval_s = static_cast<uint32_t>(seconds);
      return Status::OK();
    }
    case SettingId::kCdcMinFileSize: {
      CDC_ASSIGN_OR_RETURN(settings->cdc_min_file_size_kb, Integer(entry, 1, 1073741824, "KB"));
      return Status::OK();
    }
    case SettingId::kMaxFileSize: {
      CDC_ASSIGN_OR_RETURN(settings->max_file_size_kb, Integer(entry, 1, 1048576, "KB"));
      return Status::OK();
    }
    case SettingId::kDatePartitionEnabled: {
      CDC_ASSIGN_OR_RETURN(settings->date_partition_enabled, Bool(entry));
      return Status::OK();
    }
    case SettingId::kDatePartitionSequence: {
      CDC_ASSIGN_OR_RETURN(settings->date_partition_sequence, OneOf(entry, kDatePartitionSequences));
      return Status::OK();
    }
    case SettingId::kDatePartitionDelimiter: {
      CDC_ASSIGN_OR_RETURN(settings->date_partition_delimiter, OneOf(entry, kDatePartitionDelimiters));
      return Status::OK();
    }
    case SettingId::kOrderingColumns: {
      CDC_ASSIGN_OR_RETURN(output.ordering_columns, Bool(entry));
      return Status::OK();
    }
    case SettingId::kParquetVersion: {
      static constexpr std::string_view kVersions[] = {"parquet-1-0", "parquet-2-0"};
      CDC_ASSIGN_OR_RETURN(std::string version, OneOf(entry, kVersions));
      settings->parquet.parquet_version =
          version == "parquet-2-0" ? format::ParquetVersion::kV2_0 : format::ParquetVersion::kV1_0;
      return Status::OK();
    }
    case SettingId::kEncodingType: {
      static constexpr std::string_view kEncodings[] = {"plain", "plain-dictionary", "rle-dictionary"};
      CDC_ASSIGN_OR_RETURN(std::string encoding, OneOf(entry, kEncodings));
      settings->parquet.encoding_type = encoding == "plain"              ? format::ParquetEncodingType::kPlain
                                        : encoding == "plain-dictionary" ? format::ParquetEncodingType::kPlainDictionary
                                                                         : format::ParquetEncodingType::kRleDictionary;
      return Status::OK();
    }
    case SettingId::kDictPageSizeLimit: {
      CDC_ASSIGN_OR_RETURN(settings->parquet.dict_page_size_limit, Integer(entry, 1024, 1u << 30, "bytes"));
      return Status::OK();
    }
    case SettingId::kDataPageSize: {
      CDC_ASSIGN_OR_RETURN(settings->parquet.data_page_size, Integer(entry, 1024, 1u << 30, "bytes"));
      return Status::OK();
    }
    case SettingId::kRowGroupLength: {
      CDC_ASSIGN_OR_RETURN(settings->parquet.row_group_length, Integer(entry, 1, 64 * 1024 * 1024, "rows"));
      return Status::OK();
    }
    case SettingId::kEnableStatistics: {
      CDC_ASSIGN_OR_RETURN(settings->parquet.enable_statistics, Bool(entry));
      return Status::OK();
    }
    case SettingId::kParquetTimestampInMillisecond: {
      CDC_ASSIGN_OR_RETURN(settings->parquet.timestamp_in_millisecond, Bool(entry));
      return Status::OK();
    }
    case SettingId::kParquetCompression: {
      static constexpr std::string_view kCodecs[] = {"SNAPPY", "ZSTD", "GZIP", "NONE"};
      CDC_ASSIGN_OR_RETURN(std::string codec, OneOf(entry, kCodecs));
      settings->parquet.codec = codec == "SNAPPY" ? format::parquet::Codec::kSnappy
                                : codec == "ZSTD" ? format::parquet::Codec::kZstd
                                : codec == "GZIP" ? format::parquet::Codec::kGzip
                                                  : format::parquet::Codec::kUncompressed;
      return Status::OK();
    }
  }
  return Status::OK();
}

// ------------------------------------------------------------------------------------------ merge

Status ConfigParser::ParseMerge(const Entry& section, MergeConfig* merge) {
  static constexpr std::string_view kKeys[] = {"enabled",
                                               "warehouse",
                                               "max_batch_changes",
                                               "compact_delete_files",
                                               "snapshot_retention_seconds",
                                               "min_snapshots",
                                               "glue_catalog",
                                               "glue_region",
                                               "glue_endpoint",
                                               "source_flavor",
                                               "schema_file"};
  static constexpr std::string_view kFlavors[] = {"mariadb", "mysql"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    if (entry.key == "enabled") {
      CDC_ASSIGN_OR_RETURN(merge->enabled, Bool(entry));
    } else if (entry.key == "warehouse") {
      CDC_ASSIGN_OR_RETURN(merge->warehouse, NonEmptyText(entry, "file:///absolute/directory or s3://bucket[/prefix]"));
      const bool file = merge->warehouse.rfind("file:///", 0) == 0;
      const bool s3 = merge->warehouse.rfind("s3://", 0) == 0 && merge->warehouse.size() > 5;
      if (!file && !s3) {
        return Expected(entry, "file:///absolute/directory or s3://bucket[/prefix]", "\"" + merge->warehouse + "\"");
      }
    } else if (entry.key == "max_batch_changes") {
      CDC_ASSIGN_OR_RETURN(merge->max_batch_changes, Integer(entry, 1, UINT64_MAX, "changes per commit"));
    } else if (entry.key == "compact_delete_files") {
      CDC_ASSIGN_OR_RETURN(merge->compact_delete_files, Integer(entry, 0, 1000000, "delete files (0: never)"));
    } else if (entry.key == "snapshot_retention_seconds") {
      CDC_ASSIGN_OR_RETURN(merge->snapshot_retention_seconds,
                           Integer(entry, 0, UINT32_MAX, "seconds to keep snapshots (0: forever)"));
    } else if (entry.key == "min_snapshots") {
      CDC_ASSIGN_OR_RETURN(merge->min_snapshots, Integer(entry, 1, 1000000, "snapshots always kept"));
    } else if (entry.key == "glue_catalog") {
      CDC_ASSIGN_OR_RETURN(merge->glue_catalog, Bool(entry));
    } else if (entry.key == "glue_region") {
      CDC_ASSIGN_OR_RETURN(merge->glue_region, NonEmptyText(entry, "an AWS region"));
    } else if (entry.key == "glue_endpoint") {
      CDC_ASSIGN_OR_RETURN(merge->glue_endpoint, NonEmptyText(entry, "http(s)://host[:port] of a Glue API"));
      if (!merge->glue_endpoint.starts_with("http://") && !merge->glue_endpoint.starts_with("https://")) {
        return Expected(entry, "http(s)://host[:port] of a Glue API", "\"" + merge->glue_endpoint + "\"");
      }
    } else if (entry.key == "source_flavor") {
      CDC_ASSIGN_OR_RETURN(merge->source_flavor, OneOf(entry, kFlavors));
    } else if (entry.key == "schema_file") {
      CDC_ASSIGN_OR_RETURN(merge->schema_file, NonEmptyText(entry, "a SQL file of CREATE TABLE statements"));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if (merge->enabled && merge->warehouse.empty()) {
    return Error(section, "expected warehouse: the URL of the Iceberg warehouse (enabled needs it), got no such key");
  }
  return Status::OK();
}

// ------------------------------------------------------------------------------------------ capture, log

Status ConfigParser::ParseCapture(const Entry& section, CaptureConfig* capture) {
  static constexpr std::string_view kKeys[] = {"work_dir", "memory_limit_mb", "truncate"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    if (entry.key == "work_dir") {
      CDC_ASSIGN_OR_RETURN(capture->work_dir, NonEmptyText(entry, "a local directory"));
    } else if (entry.key == "memory_limit_mb") {
      CDC_ASSIGN_OR_RETURN(capture->memory_limit_mb, Integer(entry, 1, 1048576, "MB"));
    } else if (entry.key == "truncate") {
      CDC_ASSIGN_OR_RETURN(capture->truncate, OneOf(entry, kTruncateModes));
      if (capture->truncate == "delete-files") {
        return Error(entry, "delete-files is not supported yet: a TRUNCATE is recorded in the schema history with "
                            "its seq (replays and the merge empty the table there), and the files stay; use keep");
      }
    } else {
      return Unknown(entry, kKeys);
    }
  }
  return Status::OK();
}

Status ConfigParser::ParseFullLoad(const Entry& section, FullLoadConfig* full_load) {
  static constexpr std::string_view kKeys[] = {"method", "watermark_margin_ms", "chunk_rows", "readers",
                                               "split_rows"};
  static constexpr std::string_view kMethods[] = {"auto", "consistent-snapshot", "watermarks"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    if (entry.key == "method") {
      CDC_ASSIGN_OR_RETURN(std::string method, OneOf(entry, kMethods));
      full_load->method = method == "watermarks"            ? FullLoadMethod::kWatermarks
                          : method == "consistent-snapshot" ? FullLoadMethod::kConsistentSnapshot
                                                            : FullLoadMethod::kAuto;
    } else if (entry.key == "watermark_margin_ms") {
      CDC_ASSIGN_OR_RETURN(full_load->watermark_margin_ms, Integer(entry, 0, 600000, "milliseconds"));
    } else if (entry.key == "chunk_rows") {
      CDC_ASSIGN_OR_RETURN(full_load->chunk_rows, Integer(entry, 0, 10000000, "rows (0: adaptive)"));
    } else if (entry.key == "readers") {
      CDC_ASSIGN_OR_RETURN(full_load->readers, Integer(entry, 1, 64, "key ranges read at once"));
    } else if (entry.key == "split_rows") {
      CDC_ASSIGN_OR_RETURN(full_load->split_rows, Integer(entry, 1, UINT64_MAX, "estimated rows"));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  return Status::OK();
}

Result<std::vector<Entry>> ConfigParser::ListItems(const Entry& section, std::string_view expected) {
  std::vector<Entry> items;
  if (section.value.IsNull()) return items;
  if (!section.value.IsSequence()) return Expected(section, expected, Describe(section.value));
  for (size_t item_idx = 0; item_idx < section.value.size(); ++item_idx) {
    Entry item;
    item.value = section.value[item_idx];
    item.key = std::to_string(item_idx);
    item.path = section.path + "[" + item.key + "]";
    item.line = LineOf(item.value);
    items.push_back(std::move(item));
  }
  return items;
}

Result<std::string> ConfigParser::ObjectName(const Entry& entry) {
  static constexpr std::string_view kExpected = "a name of letters, digits, '-' and '_'";
  CDC_ASSIGN_OR_RETURN(std::string name, NonEmptyText(entry, kExpected));
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return Expected(entry, kExpected, "\"" + name + "\"");
    }
  }
  return name;
}

Status ConfigParser::ParseTriggers(const Entry& section, std::vector<TriggerConfig>* triggers) {
  static constexpr std::string_view kKeys[] = {"name",         "exec",         "webhook",           "headers",
                                               "prefix",       "suffix",       "timeout_s",         "max_attempts",
                                               "backoff_ms",   "backoff_max_ms"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> items, ListItems(section, "a list of triggers ({exec: [...]} or {webhook: URL})"));
  std::set<std::string> names;
  for (size_t trigger_idx = 0; trigger_idx < items.size(); ++trigger_idx) {
    const Entry& item = items[trigger_idx];
    CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(item.value, item.path, item.line));
    TriggerConfig trigger;
    bool handler_given = false;
    for (const Entry& entry : entries) {
      if (entry.key == "name") {
        CDC_ASSIGN_OR_RETURN(trigger.name, ObjectName(entry));
      } else if (entry.key == "exec" || entry.key == "webhook") {
        if (handler_given) return Error(entry, "expected one handler per trigger (exec or webhook), got two");
        handler_given = true;
        if (entry.key == "exec") {
          trigger.kind = TriggerKind::kExec;
          CDC_ASSIGN_OR_RETURN(trigger.command, TextList(entry, "a command as a list: [program, arg, ...]"));
          if (trigger.command.empty() || trigger.command.front().empty()) {
            return Expected(entry, "a command as a list: [program, arg, ...]", "an empty one");
          }
        } else {
          trigger.kind = TriggerKind::kWebhook;
          CDC_ASSIGN_OR_RETURN(trigger.url, NonEmptyText(entry, "an http:// or https:// URL"));
          if (trigger.url.rfind("http://", 0) != 0 && trigger.url.rfind("https://", 0) != 0) {
            return Expected(entry, "an http:// or https:// URL", "another scheme");
          }
        }
      } else if (entry.key == "headers") {
        CDC_ASSIGN_OR_RETURN(trigger.headers, TextList(entry, "a list of \"Name: value\" headers"));
        for (const std::string& header : trigger.headers) {
          if (header.find(':') == std::string::npos || header.find_first_of("\r\n") != std::string::npos) {
            return Expected(entry, "a list of \"Name: value\" headers", "one without ':' or with a line break");
          }
        }
      } else if (entry.key == "prefix") {
        CDC_ASSIGN_OR_RETURN(trigger.prefix, Text(entry, "a key prefix"));
      } else if (entry.key == "suffix") {
        CDC_ASSIGN_OR_RETURN(trigger.suffix, Text(entry, "a key suffix"));
      } else if (entry.key == "timeout_s") {
        CDC_ASSIGN_OR_RETURN(trigger.timeout_s, Integer(entry, 1, 86400, "seconds per attempt"));
      } else if (entry.key == "max_attempts") {
        CDC_ASSIGN_OR_RETURN(trigger.max_attempts, Integer(entry, 1, 1000, "attempts before the dead letter"));
      } else if (entry.key == "backoff_ms") {
        CDC_ASSIGN_OR_RETURN(trigger.backoff_initial_ms, Integer(entry, 1, 3600000, "milliseconds"));
      } else if (entry.key == "backoff_max_ms") {
        CDC_ASSIGN_OR_RETURN(trigger.backoff_max_ms, Integer(entry, 1, 3600000, "milliseconds"));
      } else if (entry.key == "merge") {
        return Error(entry, "expected exec or webhook here: the built-in merge is set by the merge: section "
                            "(merge.enabled: true)");
      } else {
        return Unknown(entry, kKeys);
      }
    }
    if (!handler_given) return Error(item, "expected a handler: exec: [program, ...] or webhook: URL");
    if (trigger.name.empty()) {
      trigger.name = std::string(trigger.kind == TriggerKind::kExec ? "exec-" : "webhook-") + std::to_string(trigger_idx + 1);
    }
    if (!names.insert(trigger.name).second) {
      return Error(item, "expected a unique name, got \"" + trigger.name + "\" twice (set name:)");
    }
    triggers->push_back(std::move(trigger));
  }
  return Status::OK();
}

Status ConfigParser::ParsePollers(const Entry& section, std::vector<PollerConfig>* pollers) {
  static constexpr std::string_view kKeys[] = {"name", "url", "interval_s", "start"};
  static constexpr std::string_view kStarts[] = {"beginning", "now"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> items, ListItems(section, "a list of pollers ({name, url})"));
  std::set<std::string> names;
  for (size_t poller_idx = 0; poller_idx < items.size(); ++poller_idx) {
    const Entry& item = items[poller_idx];
    CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(item.value, item.path, item.line));
    PollerConfig poller;
    for (const Entry& entry : entries) {
      if (entry.key == "name") {
        CDC_ASSIGN_OR_RETURN(poller.name, ObjectName(entry));
      } else if (entry.key == "url") {
        CDC_ASSIGN_OR_RETURN(poller.url, NonEmptyText(entry, "s3://bucket[/prefix] or file:///directory"));
        if (poller.url.rfind("s3://", 0) != 0 && poller.url.rfind("file:///", 0) != 0) {
          return Expected(entry, "s3://bucket[/prefix] or file:///directory", "\"" + poller.url + "\"");
        }
      } else if (entry.key == "interval_s") {
        CDC_ASSIGN_OR_RETURN(poller.interval_s, Integer(entry, 1, 86400, "seconds between listings"));
      } else if (entry.key == "start") {
        CDC_ASSIGN_OR_RETURN(std::string start, OneOf(entry, kStarts));
        poller.from_now = start == "now";
      } else {
        return Unknown(entry, kKeys);
      }
    }
    if (poller.url.empty()) return Error(item, "expected url: s3://bucket[/prefix] or file:///directory");
    if (poller.name.empty()) poller.name = "poller-" + std::to_string(poller_idx + 1);
    if (!names.insert(poller.name).second) {
      return Error(item, "expected a unique name, got \"" + poller.name + "\" twice (set name:)");
    }
    pollers->push_back(std::move(poller));
  }
  return Status::OK();
}

Status ConfigParser::ParseHttp(const Entry& section, HttpConfig* http) {
  static constexpr std::string_view kKeys[] = {"listen", "ready_max_lag_s", "tokens", "public_metrics", "tls"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    if (entry.key == "ready_max_lag_s") {
      CDC_ASSIGN_OR_RETURN(http->ready_max_lag_s, Integer(entry, 1, 86400 * 30, "seconds of lag /readyz allows"));
    } else if (entry.key == "public_metrics") {
      CDC_ASSIGN_OR_RETURN(http->public_metrics, Bool(entry));
    } else if (entry.key == "tokens") {
      CDC_RETURN_IF_ERROR(ParseApiTokens(entry, &http->tokens));
    } else if (entry.key == "tls") {
      static constexpr std::string_view kTlsKeys[] = {"cert", "key"};
      CDC_ASSIGN_OR_RETURN(std::vector<Entry> tls, Entries(entry.value, entry.path, entry.line));
      for (const Entry& file : tls) {
        if (file.key == "cert") {
          CDC_ASSIGN_OR_RETURN(http->tls_cert, NonEmptyText(file, "the path of a PEM certificate chain"));
        } else if (file.key == "key") {
          CDC_ASSIGN_OR_RETURN(http->tls_key, NonEmptyText(file, "the path of a PEM private key"));
        } else {
          return Unknown(file, kTlsKeys);
        }
      }
      if (http->tls_cert.empty() != http->tls_key.empty()) return Expected(entry, "both cert and key", "one of them");
    } else if (entry.key == "listen") {
      CDC_ASSIGN_OR_RETURN(http->listen, NonEmptyText(entry, "host:port, e.g. 127.0.0.1:8080"));
      std::string host;
      int port = 0;
      if (!server::ParseListenAddress(http->listen, &host, &port).ok()) {
        return Expected(entry, "host:port, e.g. 127.0.0.1:8080", "\"" + http->listen + "\"");
      }
    } else {
      return Unknown(entry, kKeys);
    }
  }
  return Status::OK();
}

Status ConfigParser::ParseApiTokens(const Entry& section, std::vector<ApiToken>* tokens) {
  static constexpr std::string_view kKeys[] = {"name", "role", "token", "token_file"};
  static constexpr std::string_view kRoles[] = {"read", "admin"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> items, ListItems(section, "a list of tokens ({name, role, token_file})"));
  std::set<std::string> names;
  for (size_t token_idx = 0; token_idx < items.size(); ++token_idx) {
    const Entry& item = items[token_idx];
    CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(item.value, item.path, item.line));
    ApiToken token;
    for (const Entry& entry : entries) {
      if (entry.key == "name") {
        CDC_ASSIGN_OR_RETURN(token.name, ObjectName(entry));
      } else if (entry.key == "role") {
        CDC_ASSIGN_OR_RETURN(token.role, OneOf(entry, kRoles));
      } else if (entry.key == "token") {
        bool from_env = false;
        CDC_ASSIGN_OR_RETURN(token.token, Text(entry, "a string", /*secret=*/true, &from_env));
        if (!from_env) {
          LogWarn(LogComponent::kTaskManager,
                  "an API token is written in the config file; prefer ${ENV} or token_file",
                  {{"key", entry.path}});
        }
      } else if (entry.key == "token_file") {
        CDC_RETURN_IF_ERROR(ReadSecretFile(entry, "token", &token.token));
      } else {
        return Unknown(entry, kKeys);
      }
    }
    if (token.role.empty()) return Error(item, "expected role: read or admin");
    if (token.token.size() < 16) return Error(item, "expected a token of at least 16 characters (token or token_file)");
    if (token.name.empty()) token.name = "token-" + std::to_string(token_idx + 1);
    if (!names.insert(token.name).second) {
      return Error(item, "expected a unique name, got \"" + token.name + "\" twice (set name:)");
    }
    tokens->push_back(std::move(token));
  }
  return Status::OK();
}

Status ConfigParser::ParseLog(const Entry& section, LogConfig* log) {
  static constexpr std::string_view kKeys[] = {"level", "json", "components", "emf", "emf_task_name"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(section.value, section.path, section.line));
  for (const Entry& entry : entries) {
    if (entry.key == "level") {
      CDC_ASSIGN_OR_RETURN(log->level, OneOf(entry, kLogLevels));
    } else if (entry.key == "json") {
      CDC_ASSIGN_OR_RETURN(log->json, Bool(entry));
    } else if (entry.key == "components") {
      CDC_RETURN_IF_ERROR(ParseLogComponents(entry, log));
    } else if (entry.key == "emf") {
      CDC_ASSIGN_OR_RETURN(log->emf, Bool(entry));
    } else if (entry.key == "emf_task_name") {
      CDC_ASSIGN_OR_RETURN(log->emf_task_name, NonEmptyText(entry, "a task name"));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  return Status::OK();
}

Status ConfigParser::ParseLogComponents(const Entry& section, LogConfig* log) {
  std::vector<std::string_view> names;
  for (LogComponent component : AllLogComponents()) names.push_back(ToString(component));
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                       Entries(section.value, section.path, section.line, /*ignore_case=*/true));
  for (const Entry& entry : entries) {
    std::optional<LogComponent> component = ParseLogComponent(entry.key);
    if (!component) {
      std::string upper = entry.key;
      for (char& c : upper) c = AsciiUpper(c);
      return Error(entry, "unknown log component" + Suggestion(upper, names) + "; expected one of " +
                              JoinNames(names));
    }
    CDC_ASSIGN_OR_RETURN(log->components[*component], OneOf(entry, kLogLevels));
  }
  return Status::OK();
}

// ------------------------------------------------------------------------------------------ top level

// Counts the documents of a YAML stream, up to two. yaml-cpp 0.7's LoadAll loops forever on some
// malformed input (a parser that returns a document without consuming anything, jbeder/yaml-cpp#1319),
// so the count is taken here with a bound, and the document is then read with Load.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 1) first_pos_ = mark.pos;
    if (documents_ == 2) {
      second_line_ = mark.line >= 0 ? mark.line + 1 : 0;
      stuck_ = mark.pos == first_pos_;
    }
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
  }
  void OnMapEnd() override {}

  int documents() const { return documents_; }
  int second_line() const { return second_line_; }
  // The parser returned two documents at one place: it read nothing (the #1319 case).
  bool stuck() const { return stuck_; }

 private:
  int documents_ = 0;
  int first_pos_ = 0;
  int second_line_ = 0;
  bool stuck_ = false;
};

Result<TaskConfig> ConfigParser::Parse(std::string_view yaml) {
  YAML::Node root;
  try {
    std::istringstream in{std::string(yaml)};
    YAML::Parser parser(in);
    DocumentCounter counter;
    while (counter.documents() < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.stuck()) {
      return Error(counter.second_line(), "(yaml)", "expected valid YAML, got text it cannot read");
    }
    if (counter.documents() > 1) {
      return Error(counter.second_line(), "(yaml)", "expected one YAML document, got a second one");
    }
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // yaml-cpp's messages name the construct, never the text, so no secret can leak through them.
    return Error(e.mark.line >= 0 ? e.mark.line + 1 : 0, "(yaml)", "expected valid YAML, got: " + e.msg);
  } catch (const std::exception& e) {
    return Error(0, "(yaml)", std::string("expected valid YAML, got: ") + e.what());
  }
  TaskConfig config;
  Entry top;
  top.value = root;
  static constexpr std::string_view kKeys[] = {"source",   "target", "capture", "full_load", "triggers",
                                               "pollers",  "merge",  "http",    "log"};
  CDC_ASSIGN_OR_RETURN(std::vector<Entry> entries, Entries(top.value, "", 1));
  int source_line = 0;
  int target_line = 0;
  bool user_given = false;
  bool server_id_given = false;
  for (const Entry& entry : entries) {
    if (entry.key == "source") {
      source_line = entry.line;
      CDC_RETURN_IF_ERROR(ParseSource(entry, &config.source));
      user_given = !config.source.user.empty();
      server_id_given = config.source.server_id != 0;
    } else if (entry.key == "target") {
      target_line = entry.line;
      CDC_RETURN_IF_ERROR(ParseTarget(entry, &config.target));
    } else if (entry.key == "capture") {
      CDC_RETURN_IF_ERROR(ParseCapture(entry, &config.capture));
    } else if (entry.key == "full_load") {
      CDC_RETURN_IF_ERROR(ParseFullLoad(entry, &config.full_load));
    } else if (entry.key == "log") {
      CDC_RETURN_IF_ERROR(ParseLog(entry, &config.log));
    } else if (entry.key == "triggers") {
      CDC_RETURN_IF_ERROR(ParseTriggers(entry, &config.triggers));
    } else if (entry.key == "merge") {
      CDC_RETURN_IF_ERROR(ParseMerge(entry, &config.merge));
    } else if (entry.key == "pollers") {
      CDC_RETURN_IF_ERROR(ParsePollers(entry, &config.pollers));
    } else if (entry.key == "http") {
      CDC_RETURN_IF_ERROR(ParseHttp(entry, &config.http));
    } else {
      return Unknown(entry, kKeys);
    }
  }
  if (!user_given) {
    return Error(source_line, "source.user",
                 "required: expected the replication user's name, got no such key");
  }
  if (!server_id_given) {
    return Error(source_line, "source.server_id",
                 "required: expected this replica's server id (1 to 4294967295, unique among the source's "
                 "replicas), got no such key");
  }
  if (config.target.url.empty()) {
    return Error(target_line, "target.url", "required: expected file:///absolute/directory or s3://bucket[/prefix], got no such key");
  }
  if (config.merge.enabled) {
    for (const TriggerConfig& trigger : config.triggers) {
      if (trigger.name == "merge") {
        return Error(0, "triggers", "expected no trigger named \"merge\": merge.enabled adds the built-in one");
      }
    }
  }
  std::string work_dir = config.capture.work_dir;
  while (work_dir.size() > 1 && work_dir.back() == '/') work_dir.pop_back();
  config.target.settings.spool_dir = work_dir + "/spool";
  return config;
}

// ------------------------------------------------------------------------------------------ output

void EmitText(YAML::Emitter& out, std::string_view key, std::string_view value) {
  out << YAML::Key << std::string(key) << YAML::Value << EscapeDollar(value);
}

// scheme://host[:port]/path of a URL: user info and query left out.
std::string RedactUrl(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "<redacted>";
  std::string_view rest = url.substr(scheme + 3);
  const size_t path = rest.find('/');
  std::string_view authority = rest.substr(0, path);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view tail = path == std::string_view::npos ? std::string_view() : rest.substr(path);
  tail = tail.substr(0, tail.find_first_of("?#"));
  return std::string(url.substr(0, scheme + 3)) + std::string(authority) + std::string(tail);
}

void EmitList(YAML::Emitter& out, std::string_view key, const std::vector<std::string>& values) {
  out << YAML::Key << std::string(key) << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const std::string& value : values) out << EscapeDollar(value);
  out << YAML::EndSeq;
}

void EmitSetting(YAML::Emitter& out, SettingId id, const lake::LakeSettings& settings) {
  const format::OutputSettings& output = settings.output;
  const format::CsvSettings& csv = settings.csv;
  out << YAML::Key << std::string(kSettings[static_cast<size_t>(id)].name) << YAML::Value;
  switch (id) {
    case SettingId::kDataFormat:
      out << settings.format;
      return;
    case SettingId::kCompressionType:
      out << (output.compression == format::Compression::kGzip ? "GZIP" : "NONE");
      return;
    case SettingId::kCsvDelimiter:
      out << EscapeDollar(EscapeDelimiter(csv.delimiter));
      return;
    case SettingId::kCsvRowDelimiter:
      out << EscapeDollar(EscapeDelimiter(csv.row_delimiter));
      return;
    case SettingId::kCsvNullValue:
      out << YAML::SingleQuoted << EscapeDollar(csv.null_value);
      return;
    case SettingId::kRfc4180:
      out << csv.rfc4180;
      return;
    case SettingId::kAddColumnName:
      out << csv.add_column_name;
      return;
    case SettingId::kTimestampColumnName:
      out << EscapeDollar(output.timestamp_column_name);
      return;
    case SettingId::kIncludeOpForFullLoad:
      out << output.include_op_for_full_load;
      return;
    case SettingId::kCdcInsertsOnly:
      out << output.cdc_inserts_only;
      return;
    case SettingId::kCdcInsertsAndUpdates:
      out << output.cdc_inserts_and_updates;
      return;
    case SettingId::kCdcMaxBatchInterval:
      out << settings.cdc_max_batch_interval_s;
      return;
    case SettingId::kCdcMinFileSize:
      out << settings.cdc_min_file_size_kb;
      return;
    case SettingId::kMaxFileSize:
      out << settings.max_file_size_kb;
      return;
    case SettingId::kDatePartitionEnabled:
      out << settings.date_partition_enabled;
      return;
    case SettingId::kDatePartitionSequence:
      out << settings.date_partition_sequence;
      return;
    case SettingId::kDatePartitionDelimiter:
      out << settings.date_partition_delimiter;
      return;
    case SettingId::kOrderingColumns:
      out << output.ordering_columns;
      return;
    case SettingId::kParquetVersion:
      out << (settings.parquet.parquet_version == format::ParquetVersion::kV2_0 ? "parquet-2-0" : "parquet-1-0");
      return;
    case SettingId::kEncodingType:
      out << (settings.parquet.encoding_type == format::ParquetEncodingType::kPlain             ? "plain"
              : settings.parquet.encoding_type == format::ParquetEncodingType::kPlainDictionary ? "plain-dictionary"
                                                                                                : "rle-dictionary");
      return;
    case SettingId::kDictPageSizeLimit:
      out << settings.parquet.dict_page_size_limit;
      return;
    case SettingId::kDataPageSize:
      out << settings.parquet.data_page_size;
      return;
    case SettingId::kRowGroupLength:
      out << settings.parquet.row_group_length;
      return;
    case SettingId::kEnableStatistics:
      out << settings.parquet.enable_statistics;
      return;
    case SettingId::kParquetTimestampInMillisecond:
      out << settings.parquet.timestamp_in_millisecond;
      return;
    case SettingId::kParquetCompression: {
      const format::parquet::Codec codec = settings.parquet.codec.value_or(format::parquet::Codec::kUncompressed);
      out << (codec == format::parquet::Codec::kSnappy ? "SNAPPY"
              : codec == format::parquet::Codec::kZstd ? "ZSTD"
              : codec == format::parquet::Codec::kGzip ? "GZIP"
                                                       : "NONE");
      return;
    }
  }
}

}  // namespace

std::string_view ToString(StartSpec::Mode mode) {
  switch (mode) {
    case StartSpec::Mode::kCdc:
      return "cdc";
    case StartSpec::Mode::kFullLoad:
      return "full-load";
    case StartSpec::Mode::kFullLoadAndCdc:
      return "full-load-and-cdc";
    case StartSpec::Mode::kPosition:
      return "position";
    case StartSpec::Mode::kGtid:
      return "gtid";
  }
  return "unknown";
}

std::string FormatStartSpec(const StartSpec& start) {
  switch (start.mode) {
    case StartSpec::Mode::kPosition:
      return start.file + ":" + std::to_string(start.offset);
    case StartSpec::Mode::kGtid:
      return "gtid:" + start.gtid;
    case StartSpec::Mode::kCdc:
    case StartSpec::Mode::kFullLoad:
    case StartSpec::Mode::kFullLoadAndCdc:
      return std::string(ToString(start.mode));
  }
  return std::string(ToString(start.mode));
}

Result<TaskConfig> ParseTaskConfig(std::string_view yaml, const EnvLookup& env) {
  return ConfigParser(env).Parse(yaml);
}

Result<TaskConfig> LoadTaskConfig(const std::string& path) {
  std::string yaml;
  mode_t mode = 0;
  Status read = ReadSmallFile(path, kMaxConfigBytes, &yaml, &mode);
  if (!read.ok()) return read;
  Result<TaskConfig> config = ParseTaskConfig(yaml, ProcessEnv());
  if (!config.ok()) return config.status().WithContext(path);
  RegisterConfigSecrets(*config);
  return config;
}

void RegisterConfigSecrets(const TaskConfig& config) {
  RegisterSecret(config.source.password);
  for (const ApiToken& token : config.http.tokens) RegisterSecret(token.token);
  for (const TriggerConfig& trigger : config.triggers) {
    // A webhook URL may carry a token in its user info (redacted in every log line anyway) or its query.
    const size_t query = trigger.url.find('?');
    if (query != std::string::npos) {
      RegisterSecret(std::string_view(trigger.url).substr(query + 1, trigger.url.find('#', query) - query - 1));
    }
    for (const std::string& header : trigger.headers) {
      // "Name: value": the value is the secret (an Authorization header's "Bearer <token>" as a whole and its
      // token alone, so that either form is caught).
      const size_t colon = header.find(':');
      if (colon == std::string::npos) continue;
      std::string_view value = std::string_view(header).substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      RegisterSecret(value);
      const size_t space = value.rfind(' ');
      if (space != std::string_view::npos) RegisterSecret(value.substr(space + 1));
    }
  }
}

std::string RedactedYaml(const TaskConfig& config) {
  const SourceConfig& source = config.source;
  YAML::Emitter out;
  out << YAML::BeginMap;

  out << YAML::Key << "source" << YAML::Value << YAML::BeginMap;
  EmitText(out, "host", source.host);
  out << YAML::Key << "port" << YAML::Value << source.port;
  EmitText(out, "user", source.user);
  if (!source.password.empty()) out << YAML::Key << "password" << YAML::Value << std::string(kRedacted);
  out << YAML::Key << "server_id" << YAML::Value << source.server_id;
  out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap;
  EmitText(out, "mode", source.tls_mode);
  if (!source.tls_ca.empty()) EmitText(out, "ca", source.tls_ca);
  if (!source.tls_cert.empty()) EmitText(out, "cert", source.tls_cert);
  if (!source.tls_key.empty()) EmitText(out, "key", source.tls_key);
  out << YAML::EndMap;
  if (!source.table_mappings_file.empty()) {
    EmitText(out, "table_mappings", source.table_mappings_file);
  } else {
    out << YAML::Key << "tables" << YAML::Value << YAML::BeginMap;
    EmitList(out, "include", source.include);
    EmitList(out, "exclude", source.exclude);
    out << YAML::EndMap;
  }
  EmitText(out, "start", FormatStartSpec(source.start));
  out << YAML::Key << "heartbeat_ms" << YAML::Value << source.heartbeat_ms;
  out << YAML::Key << "connect_timeout_s" << YAML::Value << source.connect_timeout_s;
  out << YAML::Key << "reconnect" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "initial_ms" << YAML::Value << source.reconnect_initial_ms;
  out << YAML::Key << "max_ms" << YAML::Value << source.reconnect_max_ms;
  out << YAML::Key << "attempts" << YAML::Value << source.reconnect_attempts;
  out << YAML::EndMap;
  out << YAML::EndMap;

  out << YAML::Key << "target" << YAML::Value << YAML::BeginMap;
  EmitText(out, "url", config.target.url);
  if (config.target.url.starts_with("s3://")) {
    const S3TargetConfig& s3 = config.target.s3;
    out << YAML::Key << "s3" << YAML::Value << YAML::BeginMap;
    if (!s3.endpoint.empty()) EmitText(out, "endpoint", s3.endpoint);
    if (!s3.region.empty()) EmitText(out, "region", s3.region);
    if (!s3.addressing.empty()) EmitText(out, "addressing", s3.addressing);
    if (!s3.encryption.empty()) EmitText(out, "encryption", s3.encryption);
    if (!s3.kms_key_id.empty()) EmitText(out, "kms_key_id", s3.kms_key_id);
    out << YAML::Key << "part_size_mb" << YAML::Value << s3.part_size_mb;
    out << YAML::Key << "max_attempts" << YAML::Value << s3.max_attempts;
    out << YAML::EndMap;
  }
  EmitText(out, "format", config.target.settings.format);
  out << YAML::Key << "settings" << YAML::Value << YAML::BeginMap;
  for (const SettingName& setting : kSettings) {
    if (setting.id == SettingId::kDataFormat) continue;  // printed as target.format
    // Unset, CompressionType decides (it would read back as a choice).
    if (setting.id == SettingId::kParquetCompression && !config.target.settings.parquet.codec) continue;
    EmitSetting(out, setting.id, config.target.settings);
  }
  out << YAML::EndMap;
  out << YAML::EndMap;

  out << YAML::Key << "capture" << YAML::Value << YAML::BeginMap;
  EmitText(out, "work_dir", config.capture.work_dir);
  out << YAML::Key << "memory_limit_mb" << YAML::Value << config.capture.memory_limit_mb;
  EmitText(out, "truncate", config.capture.truncate);
  out << YAML::EndMap;

  out << YAML::Key << "full_load" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "method" << YAML::Value
      << (config.full_load.method == FullLoadMethod::kWatermarks            ? "watermarks"
          : config.full_load.method == FullLoadMethod::kConsistentSnapshot ? "consistent-snapshot"
                                                                           : "auto");
  out << YAML::Key << "watermark_margin_ms" << YAML::Value << config.full_load.watermark_margin_ms;
  out << YAML::Key << "chunk_rows" << YAML::Value << config.full_load.chunk_rows;
  out << YAML::Key << "readers" << YAML::Value << config.full_load.readers;
  out << YAML::Key << "split_rows" << YAML::Value << config.full_load.split_rows;
  out << YAML::EndMap;

  if (!config.triggers.empty()) {
    out << YAML::Key << "triggers" << YAML::Value << YAML::BeginSeq;
    for (const TriggerConfig& trigger : config.triggers) {
      out << YAML::BeginMap;
      EmitText(out, "name", trigger.name);
      if (trigger.kind == TriggerKind::kExec) {
        EmitList(out, "exec", trigger.command);
      } else {
        // A webhook URL may carry a token in its user info or query: only where it goes is shown.
        EmitText(out, "webhook", RedactUrl(trigger.url));
      }
      if (!trigger.headers.empty()) {
        std::vector<std::string> names;
        for (const std::string& header : trigger.headers) names.push_back(header.substr(0, header.find(':')) + ": <redacted>");
        EmitList(out, "headers", names);
      }
      EmitText(out, "prefix", trigger.prefix);
      EmitText(out, "suffix", trigger.suffix);
      out << YAML::Key << "timeout_s" << YAML::Value << trigger.timeout_s;
      out << YAML::Key << "max_attempts" << YAML::Value << trigger.max_attempts;
      out << YAML::Key << "backoff_ms" << YAML::Value << trigger.backoff_initial_ms;
      out << YAML::Key << "backoff_max_ms" << YAML::Value << trigger.backoff_max_ms;
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  if (!config.pollers.empty()) {
    out << YAML::Key << "pollers" << YAML::Value << YAML::BeginSeq;
    for (const PollerConfig& poller : config.pollers) {
      out << YAML::BeginMap;
      EmitText(out, "name", poller.name);
      EmitText(out, "url", poller.url);
      out << YAML::Key << "interval_s" << YAML::Value << poller.interval_s;
      EmitText(out, "start", poller.from_now ? "now" : "beginning");
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  if (config.merge.enabled || !config.merge.warehouse.empty()) {
    out << YAML::Key << "merge" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "enabled" << YAML::Value << config.merge.enabled;
    EmitText(out, "warehouse", config.merge.warehouse);
    out << YAML::Key << "max_batch_changes" << YAML::Value << config.merge.max_batch_changes;
    out << YAML::Key << "compact_delete_files" << YAML::Value << config.merge.compact_delete_files;
    out << YAML::Key << "snapshot_retention_seconds" << YAML::Value
        << config.merge.snapshot_retention_seconds;
    out << YAML::Key << "min_snapshots" << YAML::Value << config.merge.min_snapshots;
    if (config.merge.glue_catalog) {
      out << YAML::Key << "glue_catalog" << YAML::Value << true;
      if (!config.merge.glue_region.empty()) EmitText(out, "glue_region", config.merge.glue_region);
      if (!config.merge.glue_endpoint.empty()) EmitText(out, "glue_endpoint", config.merge.glue_endpoint);
    }
    EmitText(out, "source_flavor", config.merge.source_flavor);
    if (!config.merge.schema_file.empty()) EmitText(out, "schema_file", config.merge.schema_file);
    out << YAML::EndMap;
  }

  if (!config.http.listen.empty()) {
    out << YAML::Key << "http" << YAML::Value << YAML::BeginMap;
    EmitText(out, "listen", config.http.listen);
    out << YAML::Key << "ready_max_lag_s" << YAML::Value << config.http.ready_max_lag_s;
    if (!config.http.tokens.empty()) {
      out << YAML::Key << "tokens" << YAML::Value << YAML::BeginSeq;
      for (const ApiToken& token : config.http.tokens) {
        out << YAML::BeginMap;
        EmitText(out, "name", token.name);
        EmitText(out, "role", token.role);
        EmitText(out, "token", kRedacted);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    out << YAML::Key << "public_metrics" << YAML::Value << config.http.public_metrics;
    if (!config.http.tls_cert.empty()) {
      out << YAML::Key << "tls" << YAML::Value << YAML::BeginMap;
      EmitText(out, "cert", config.http.tls_cert);
      EmitText(out, "key", config.http.tls_key);
      out << YAML::EndMap;
    }
    out << YAML::EndMap;
  }

  out << YAML::Key << "log" << YAML::Value << YAML::BeginMap;
  EmitText(out, "level", config.log.level);
  out << YAML::Key << "json" << YAML::Value << config.log.json;
  if (!config.log.components.empty()) {
    out << YAML::Key << "components" << YAML::Value << YAML::BeginMap;
    for (const auto& [component, level] : config.log.components) EmitText(out, ToString(component), level);
    out << YAML::EndMap;
  }
  out << YAML::Key << "emf" << YAML::Value << config.log.emf;
  if (!config.log.emf_task_name.empty()) EmitText(out, "emf_task_name", config.log.emf_task_name);
  out << YAML::EndMap;

  out << YAML::EndMap;
  std::string text = out.c_str();
  text.push_back('\n');
  return text;
}

}  // namespace cdc::pipeline
