#include "lake/layout.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>

#include "base/ascii.h"

namespace cdc::lake {
namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr int64_t kUsPerHour = 3'600'000'000;
constexpr int64_t kUsPerDay = 24 * kUsPerHour;

// Division rounding towards negative infinity, so that times before the epoch land in the right day.
int64_t FloorDiv(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

struct CivilTime {
  int year = 0;
  unsigned month = 0;  // 1..12
  unsigned day = 0;    // 1..31
  unsigned hour = 0;
};

CivilTime CivilFromMicros(int64_t time_us) {
  int64_t days = FloorDiv(time_us, kUsPerDay);
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  CivilTime civil;
  civil.year = static_cast<int>(date.year());
  civil.month = static_cast<unsigned>(date.month());
  civil.day = static_cast<unsigned>(date.day());
  civil.hour = static_cast<unsigned>(FloorDiv(time_us - days * kUsPerDay, kUsPerHour));
  return civil;
}

// Reads exactly `width` decimal digits at `pos`; false on anything else.
bool ReadDigits(std::string_view text, size_t pos, size_t width, uint64_t* out) {
  if (pos + width > text.size()) return false;
  uint64_t value = 0;
  for (size_t digit_idx = 0; digit_idx < width; ++digit_idx) {
    char c = text[pos + digit_idx];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = value;
  return true;
}

bool ValidNamePart(std::string_view part) {
  if (part.empty() || part == "." || part == "..") return false;
  return part.find('/') == std::string_view::npos && part.find('\0') == std::string_view::npos;
}

}  // namespace

std::string_view ToString(DatePartitionSequence sequence) {
  switch (sequence) {
    case DatePartitionSequence::kYyyyMmDd: return "YYYYMMDD";
    case DatePartitionSequence::kYyyyMmDdHh: return "YYYYMMDDHH";
    case DatePartitionSequence::kYyyyMm: return "YYYYMM";
    case DatePartitionSequence::kMmYyyyDd: return "MMYYYYDD";
    case DatePartitionSequence::kDdMmYyyy: return "DDMMYYYY";
  }
  return "?";
}

std::string_view ToString(DatePartitionDelimiter delimiter) {
  switch (delimiter) {
    case DatePartitionDelimiter::kSlash: return "SLASH";
    case DatePartitionDelimiter::kDash: return "DASH";
    case DatePartitionDelimiter::kUnderscore: return "UNDERSCORE";
    case DatePartitionDelimiter::kNone: return "NONE";
  }
  return "?";
}

Result<DatePartitionSequence> ParseDatePartitionSequence(std::string_view text) {
  for (DatePartitionSequence sequence :
       {DatePartitionSequence::kYyyyMmDd, DatePartitionSequence::kYyyyMmDdHh, DatePartitionSequence::kYyyyMm,
        DatePartitionSequence::kMmYyyyDd, DatePartitionSequence::kDdMmYyyy}) {
    if (EqualsIgnoreAsciiCase(text, ToString(sequence))) return sequence;
  }
  return Status::InvalidArgument("DatePartitionSequence",
                                 "\"" + std::string(text) + "\"; expected YYYYMMDD, YYYYMMDDHH, YYYYMM, MMYYYYDD or DDMMYYYY");
}

Result<DatePartitionDelimiter> ParseDatePartitionDelimiter(std::string_view text) {
  for (DatePartitionDelimiter delimiter : {DatePartitionDelimiter::kSlash, DatePartitionDelimiter::kDash,
                                           DatePartitionDelimiter::kUnderscore, DatePartitionDelimiter::kNone}) {
    if (EqualsIgnoreAsciiCase(text, ToString(delimiter))) return delimiter;
  }
  return Status::InvalidArgument("DatePartitionDelimiter",
                                 "\"" + std::string(text) + "\"; expected SLASH, DASH, UNDERSCORE or NONE");
}

std::string DatePartitioning::Folder(int64_t commit_time_us) const {
  CivilTime civil = CivilFromMicros(commit_time_us);
  char year[8];
  char month[4];
  char day[4];
  char hour[4];
  std::snprintf(year, sizeof(year), "%04d", civil.year);
  std::snprintf(month, sizeof(month), "%02u", civil.month);
  std::snprintf(day, sizeof(day), "%02u", civil.day);
  std::snprintf(hour, sizeof(hour), "%02u", civil.hour);

  const char* parts[4] = {};
  size_t count = 0;
  switch (sequence) {
    case DatePartitionSequence::kYyyyMmDd:
      parts[0] = year, parts[1] = month, parts[2] = day, count = 3;
      break;
    case DatePartitionSequence::kYyyyMmDdHh:
      parts[0] = year, parts[1] = month, parts[2] = day, parts[3] = hour, count = 4;
      break;
    case DatePartitionSequence::kYyyyMm:
      parts[0] = year, parts[1] = month, count = 2;
      break;
    case DatePartitionSequence::kMmYyyyDd:
      parts[0] = month, parts[1] = year, parts[2] = day, count = 3;
      break;
    case DatePartitionSequence::kDdMmYyyy:
      parts[0] = day, parts[1] = month, parts[2] = year, count = 3;
      break;
  }
  std::string_view separator;
  switch (delimiter) {
    case DatePartitionDelimiter::kSlash: separator = "/"; break;
    case DatePartitionDelimiter::kDash: separator = "-"; break;
    case DatePartitionDelimiter::kUnderscore: separator = "_"; break;
    case DatePartitionDelimiter::kNone: separator = ""; break;
  }
  std::string folder;
  for (size_t part_idx = 0; part_idx < count; ++part_idx) {
    if (part_idx != 0) folder += separator;
    folder += parts[part_idx];
  }
  return folder;
}

int64_t DatePartitioning::Period(int64_t commit_time_us) const {
  switch (sequence) {
    case DatePartitionSequence::kYyyyMmDdHh:
      return FloorDiv(commit_time_us, kUsPerHour);
    case DatePartitionSequence::kYyyyMm: {
      CivilTime civil = CivilFromMicros(commit_time_us);
      return int64_t{civil.year} * 12 + civil.month - 1;
    }
    case DatePartitionSequence::kYyyyMmDd:
    case DatePartitionSequence::kMmYyyyDd:
    case DatePartitionSequence::kDdMmYyyy:
      return FloorDiv(commit_time_us, kUsPerDay);
  }
  return 0;
}

Result<std::string> FormatCdcStem(int64_t time_ms) {
  // 10000-01-01T00:00:00Z: past it the year takes five digits and names stop sorting by time.
  constexpr int64_t kYear10000Ms = 253'402'300'800'000;
  if (time_ms < 0 || time_ms >= kYear10000Ms) {
    return Status::InvalidArgument("change file name", "time " + std::to_string(time_ms) +
                                                           " ms is outside years 1970..9999");
  }
  int64_t days = time_ms / kMsPerDay;
  int64_t in_day = time_ms % kMsPerDay;
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  char stem[32];
  std::snprintf(stem, sizeof(stem), "%04d%02u%02u-%02u%02u%02u%03u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<unsigned>(in_day / 3'600'000), static_cast<unsigned>(in_day / 60'000 % 60),
                static_cast<unsigned>(in_day / 1000 % 60), static_cast<unsigned>(in_day % 1000));
  return std::string(stem);
}

std::optional<int64_t> ParseCdcStem(std::string_view stem) {
  if (stem.size() != 18 || stem[8] != '-') return std::nullopt;
  uint64_t year = 0;
  uint64_t month = 0;
  uint64_t day = 0;
  uint64_t hour = 0;
  uint64_t minute = 0;
  uint64_t second = 0;
  uint64_t milli = 0;
  if (!ReadDigits(stem, 0, 4, &year) || !ReadDigits(stem, 4, 2, &month) || !ReadDigits(stem, 6, 2, &day) ||
      !ReadDigits(stem, 9, 2, &hour) || !ReadDigits(stem, 11, 2, &minute) || !ReadDigits(stem, 13, 2, &second) ||
      !ReadDigits(stem, 15, 3, &milli)) {
    return std::nullopt;
  }
  std::chrono::year_month_day date{std::chrono::year{static_cast<int>(year)},
                                   std::chrono::month{static_cast<unsigned>(month)},
                                   std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1970 || !date.ok() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  return days * kMsPerDay + static_cast<int64_t>(((hour * 60 + minute) * 60 + second) * 1000 + milli);
}

std::string LoadFileName(uint32_t counter, std::string_view extension) {
  char name[16];
  std::snprintf(name, sizeof(name), "LOAD%08" PRIX32 ".", counter);
  return std::string(name) + std::string(extension);
}

Result<std::string> TableFolder(std::string_view target_schema, std::string_view target_table) {
  if (!ValidNamePart(target_schema) || !ValidNamePart(target_table)) {
    return Status::InvalidArgument(
        "target table", "\"" + std::string(target_schema) + "." + std::string(target_table) +
                            "\": schema and table names must be non-empty, not \".\" or \"..\", and hold no '/' "
                            "or NUL to be a folder of the lake");
  }
  std::string folder = std::string(target_schema) + "/" + std::string(target_table);
  if (folder.starts_with(kLakefeedPrefix)) {
    return Status::InvalidArgument("target table", "\"" + folder + "\": the folder _lakefeed/ is lakefeed's own");
  }
  return folder;
}

Result<std::string> TableFolderOfKey(std::string_view key) {
  const size_t first = key.find('/');
  const size_t second = first == std::string_view::npos ? first : key.find('/', first + 1);
  if (second == std::string_view::npos) {
    return Status::InvalidArgument(std::string(key), "is not in a table folder <schema>/<table>/");
  }
  return std::string(key.substr(0, second));
}

std::string CheckpointKey(uint64_t number) {
  char name[32];
  std::snprintf(name, sizeof(name), "%020" PRIu64 ".json", number);
  return std::string(kCheckpointPrefix) + name;
}

std::optional<uint64_t> ParseCheckpointKey(std::string_view key) {
  if (!key.starts_with(kCheckpointPrefix)) return std::nullopt;
  std::string_view name = key.substr(kCheckpointPrefix.size());
  uint64_t number = 0;
  // 20 digits hold every uint64_t but also values beyond it; reject those rather than wrap.
  if (name.size() != 25 || !name.ends_with(".json") || name.substr(0, 20) > "18446744073709551615" ||
      !ReadDigits(name, 0, 20, &number)) {
    return std::nullopt;
  }
  return number;
}

std::string SchemaRecordKey(uint64_t seq, uint32_t index) {
  char name[48];
  std::snprintf(name, sizeof(name), "%020" PRIu64 "-%06" PRIu32 ".json", seq, index);
  return std::string(kSchemaPrefix) + name;
}

std::optional<uint64_t> ParseSchemaRecordKey(std::string_view key) {
  if (!key.starts_with(kSchemaPrefix)) return std::nullopt;
  std::string_view name = key.substr(kSchemaPrefix.size());
  uint64_t seq = 0;
  uint64_t index = 0;
  if (name.size() != 32 || name[20] != '-' || !name.ends_with(".json") || name.substr(0, 20) > "18446744073709551615" ||
      !ReadDigits(name, 0, 20, &seq) || !ReadDigits(name, 21, 6, &index)) {
    return std::nullopt;
  }
  return seq;
}

std::string StagingPrefix(uint64_t number, std::string_view run_id) {
  char name[32];
  std::snprintf(name, sizeof(name), "%020" PRIu64 "-", number);
  return std::string(kStagingPrefix) + name + std::string(run_id) + "/";
}

std::string ReloadRequestKey(std::string_view table) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string key(kReloadRequestPrefix);
  for (char ch : table) {
    auto byte = static_cast<unsigned char>(ch);
    if (std::isalnum(byte) || ch == '.' || ch == '_' || ch == '$' || ch == '-') {
      key.push_back(ch);
    } else {
      key.push_back('%');
      key.push_back(kHex[byte >> 4]);
      key.push_back(kHex[byte & 0xf]);
    }
  }
  return key;
}

std::optional<std::string> ParseReloadRequestKey(std::string_view key) {
  if (!key.starts_with(kReloadRequestPrefix) || key.size() == kReloadRequestPrefix.size()) return std::nullopt;
  std::string table;
  for (size_t i = kReloadRequestPrefix.size(); i < key.size(); ++i) {
    if (key[i] != '%') {
      table.push_back(key[i]);
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= key.size()) return std::nullopt;
    auto [end, error] = std::from_chars(key.data() + i + 1, key.data() + i + 3, value, 16);
    if (error != std::errc() || end != key.data() + i + 3) return std::nullopt;
    table.push_back(static_cast<char>(value));
    i += 2;
  }
  return table;
}

std::string EventSequencer(uint64_t number, uint32_t index) {
  char sequencer[32];
  std::snprintf(sequencer, sizeof(sequencer), "%016" PRIX64 "%08" PRIX32, number, index);
  return sequencer;
}

}  // namespace cdc::lake
