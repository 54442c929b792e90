#include "base/logging.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>

#include "base/ascii.h"
#include "base/clock.h"
#include "base/time_text.h"

namespace cdc {
namespace {

constexpr std::string_view kRedacted = "<redacted>";
constexpr size_t kMinSecretSize = 4;
constexpr int kNoLevel = 0;  // a component's own level is stored as level + 1

constexpr std::array<LogComponent, kLogComponentCount> kComponents = {
    LogComponent::kSourceCapture, LogComponent::kSourceUnload,    LogComponent::kTargetLoad,
    LogComponent::kTargetApply,   LogComponent::kTrigger,         LogComponent::kMerge,
    LogComponent::kValidator,     LogComponent::kMetadataManager, LogComponent::kTaskManager,
    LogComponent::kCommunication,
};

std::atomic<LogLevel> g_level{LogLevel::kInfo};
std::array<std::atomic<int>, kLogComponentCount> g_component_levels{};  // all kNoLevel
std::atomic<bool> g_json{false};

// Registered secrets, longest first so that a secret containing another is replaced whole.
std::mutex g_secrets_mu;
std::vector<std::string> g_secrets;
std::atomic<bool> g_have_secrets{false};

// Guards the sink and the recent records; held while a line is written, so lines never interleave.
std::mutex g_write_mu;
LogSink g_sink;
std::deque<LogRecord> g_recent;

char LevelLetter(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return 'D';
    case LogLevel::kInfo:
      return 'I';
    case LogLevel::kWarn:
      return 'W';
    case LogLevel::kError:
      return 'E';
  }
  return '?';
}

void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out->append(buf);
    } else {
      out->push_back(c);
    }
  }
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  AppendEscaped(text, out);
  out->push_back('"');
}

// A text-format message: control characters escaped so that a record stays on one line.
void AppendTextMessage(std::string_view text, std::string* out) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      AppendEscaped(std::string_view(&c, 1), out);
    } else {
      out->push_back(c);
    }
  }
}

// A text-format field value: bare when it is one plain word, else double-quoted with JSON escapes.
void AppendTextValue(std::string_view value, std::string* out) {
  const bool plain = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '"' || c == '=' || c == '\\';
  });
  if (plain) {
    out->append(value);
  } else {
    AppendJsonString(value, out);
  }
}

// Replaces the user info of every "scheme://user[:password]@host" in *text.
void RedactUrlUserInfo(std::string* text) {
  size_t from = 0;
  while (true) {
    const size_t scheme_end = text->find("://", from);
    if (scheme_end == std::string::npos) return;
    const size_t authority = scheme_end + 3;
    size_t end = authority;
    while (end < text->size()) {
      const char c = (*text)[end];
      if (c == '/' || c == '?' || c == '#' || c == '"' || c == '\'' || c == '<' || c == '>' ||
          static_cast<unsigned char>(c) <= 0x20) {
        break;
      }
      ++end;
    }
    const size_t at = end > authority ? text->rfind('@', end - 1) : std::string::npos;
    if (at != std::string::npos && at >= authority) {
      text->replace(authority, at - authority, kRedacted);
      from = authority + kRedacted.size() + 1;
    } else {
      from = end;
    }
  }
}

void ReplaceSecrets(const std::vector<std::string>& secrets, std::string* text) {
  std::string out;
  bool changed = false;
  size_t pos = 0;
  while (pos < text->size()) {
    std::string_view rest = std::string_view(*text).substr(pos);
    const std::string* hit = nullptr;
    for (const std::string& secret : secrets) {
      if (rest.starts_with(secret)) {
        hit = &secret;
        break;
      }
    }
    if (hit != nullptr) {
      if (!changed) out.assign(*text, 0, pos);
      changed = true;
      out.append(kRedacted);
      pos += hit->size();
    } else {
      if (changed) out.push_back((*text)[pos]);
      ++pos;
    }
  }
  if (changed) text->swap(out);
}

}  // namespace

std::string_view ToString(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
  }
  return "unknown";
}

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  for (LogLevel level : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarn, LogLevel::kError}) {
    if (text == ToString(level)) return level;
  }
  return std::nullopt;
}

std::string_view ToString(LogComponent component) {
  switch (component) {
    case LogComponent::kSourceCapture:
      return "SOURCE_CAPTURE";
    case LogComponent::kSourceUnload:
      return "SOURCE_UNLOAD";
    case LogComponent::kTargetLoad:
      return "TARGET_LOAD";
    case LogComponent::kTargetApply:
      return "TARGET_APPLY";
    case LogComponent::kTrigger:
      return "TRIGGER";
    case LogComponent::kMerge:
      return "MERGE";
    case LogComponent::kValidator:
      return "VALIDATOR";
    case LogComponent::kMetadataManager:
      return "METADATA_MANAGER";
    case LogComponent::kTaskManager:
      return "TASK_MANAGER";
    case LogComponent::kCommunication:
      return "COMMUNICATION";
  }
  return "UNKNOWN";
}

std::optional<LogComponent> ParseLogComponent(std::string_view name) {
  for (LogComponent component : kComponents) {
    if (EqualsIgnoreAsciiCase(name, ToString(component))) return component;
  }
  return std::nullopt;
}

std::span<const LogComponent> AllLogComponents() {
  return kComponents;
}

void SetLogLevel(LogLevel level) { g_level = level; }

void SetLogComponentLevel(LogComponent component, LogLevel level) {
  g_component_levels[static_cast<size_t>(component)].store(static_cast<int>(level) + 1);
}

void ClearLogComponentLevels() {
  for (std::atomic<int>& level : g_component_levels) level.store(kNoLevel);
}

void SetLogJson(bool json) {
  g_json = json;
}

bool LogEnabled(LogComponent component, LogLevel level) {
  const int own = g_component_levels[static_cast<size_t>(component)].load(std::memory_order_relaxed);
  const LogLevel threshold =
      own == kNoLevel ? g_level.load(std::memory_order_relaxed) : static_cast<LogLevel>(own - 1);
  return level >= threshold;
}

void SetLogSink(LogSink sink) {
  std::lock_guard lock(g_write_mu);
  g_sink = std::move(sink);
}

void RegisterSecret(std::string_view secret) {
  if (secret.size() < kMinSecretSize) return;
  std::lock_guard lock(g_secrets_mu);
  if (std::find(g_secrets.begin(), g_secrets.end(), secret) != g_secrets.end()) return;
  g_secrets.emplace_back(secret);
  std::stable_sort(g_secrets.begin(), g_secrets.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  g_have_secrets = true;
}

void ClearSecretsForTesting() {
  std::lock_guard lock(g_secrets_mu);
  g_secrets.clear();
  g_have_secrets = false;
}

std::string RedactSecrets(std::string_view text) {
  std::string out(text);
  if (out.find("://") != std::string::npos) RedactUrlUserInfo(&out);
  if (g_have_secrets.load()) {
    std::lock_guard lock(g_secrets_mu);
    ReplaceSecrets(g_secrets, &out);
  }
  return out;
}

void Log(LogComponent component, LogLevel level, std::string_view message,
         std::initializer_list<LogField> fields) {
  if (!LogEnabled(component, level)) return;
  LogRecord record;
  record.time_ms = WallClockMs();
  record.level = level;
  record.component = component;
  record.message = RedactSecrets(message);
  record.fields.reserve(fields.size());
  for (const LogField& field : fields)
    record.fields.emplace_back(std::string(field.key), RedactSecrets(field.value));

  std::string line;
  const std::string time = FormatUtcMillis(record.time_ms);
  if (g_json) {
    line = "{\"ts\":\"" + time + "\",\"level\":\"" + std::string(ToString(level)) + "\",\"component\":\"" +
           std::string(ToString(component)) + "\",\"msg\":";
    AppendJsonString(record.message, &line);
    for (const auto& [key, value] : record.fields) {
      line.push_back(',');
      AppendJsonString(key, &line);
      line.push_back(':');
      AppendJsonString(value, &line);
    }
    line.push_back('}');
  } else {
    line = time;
    line.push_back(' ');
    line.push_back(LevelLetter(level));
    line.push_back(' ');
    line.append(ToString(component));
    line.push_back(' ');
    AppendTextMessage(record.message, &line);
    for (const auto& [key, value] : record.fields) {
      line.push_back(' ');
      line.append(key);
      line.push_back('=');
      AppendTextValue(value, &line);
    }
  }
  line.push_back('\n');

  std::lock_guard lock(g_write_mu);
  if (g_sink) {
    g_sink(line);
  } else {
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  if (level >= LogLevel::kWarn) {
    g_recent.push_back(std::move(record));
    while (g_recent.size() > kRecentLogRecordLimit) g_recent.pop_front();
  }
}

std::vector<LogRecord> RecentLogRecords() {
  std::lock_guard lock(g_write_mu);
  return {g_recent.begin(), g_recent.end()};
}

void ClearRecentLogRecordsForTesting() {
  std::lock_guard lock(g_write_mu);
  g_recent.clear();
}

}  // namespace cdc
