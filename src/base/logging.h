#pragma once

#include <string_view>

namespace cdc {

enum class LogLevel : unsigned char { kDebug, kInfo, kWarn, kError };
std::string_view ToString(LogLevel level);

// Process-wide logging to stderr: one line per record, either plain text or JSON
// ({"ts":...,"level":...,"msg":...,<fields>}). Thread-safe: a record is written with one call.
// Secrets must never be passed as fields; callers redact before logging.
struct LogField {
  std::string_view key;
  std::string_view value;
};

void SetLogLevel(LogLevel level);
void SetLogJson(bool json);
bool LogEnabled(LogLevel level);
void Log(LogLevel level, std::string_view message, std::initializer_list<LogField> fields = {});

inline void LogInfo(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kInfo, m, f); }
inline void LogWarn(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kWarn, m, f); }
inline void LogError(std::string_view m, std::initializer_list<LogField> f = {}) { Log(LogLevel::kError, m, f); }

}  // namespace cdc
