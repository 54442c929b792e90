#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "base/status.h"

// Where things live in a lake (docs/lake.md): the DMS names of change files and the keys of
// lakefeed's own objects under _lakefeed/. Pure functions, no I/O.
namespace cdc::lake {

// Everything of lakefeed's own sits under this prefix; no table folder may start with it.
inline constexpr std::string_view kLakefeedPrefix = "_lakefeed/";
inline constexpr std::string_view kCheckpointPrefix = "_lakefeed/checkpoints/";
inline constexpr std::string_view kSchemaPrefix = "_lakefeed/schema/";
inline constexpr std::string_view kStagingPrefix = "_lakefeed/staging/";
inline constexpr std::string_view kReloadRequestPrefix = "_lakefeed/requests/reload/";

// DMS DatePartitionSequence: which date fields make the folders, in which order.
enum class DatePartitionSequence : uint8_t { kYyyyMmDd, kYyyyMmDdHh, kYyyyMm, kMmYyyyDd, kDdMmYyyy };
// DMS DatePartitionDelimiter: what separates those fields (SLASH makes one folder per field).
enum class DatePartitionDelimiter : uint8_t { kSlash, kDash, kUnderscore, kNone };

std::string_view ToString(DatePartitionSequence sequence);
std::string_view ToString(DatePartitionDelimiter delimiter);
// The DMS setting values, case-insensitively ("YYYYMMDD", "slash"). InvalidArgument naming the
// setting and the accepted values otherwise.
Result<DatePartitionSequence> ParseDatePartitionSequence(std::string_view text);
Result<DatePartitionDelimiter> ParseDatePartitionDelimiter(std::string_view text);

// The date folders of change files, by the commit time of their changes (UTC).
struct DatePartitioning {
  DatePartitionSequence sequence = DatePartitionSequence::kYyyyMmDd;
  DatePartitionDelimiter delimiter = DatePartitionDelimiter::kSlash;

  // The folder path for a commit time in µs since the epoch, without slashes at either end:
  // "2022/10/23", "2022-10-23-14", "10_2022_23", "202210".
  std::string Folder(int64_t commit_time_us) const;
  // A number that is equal for two commit times exactly when their folders are equal (the day,
  // the hour or the month since the epoch), cheap enough to compare on every append.
  int64_t Period(int64_t commit_time_us) const;
};

// The DMS CDC file stem "yyyymmdd-hhmmssfff" (UTC) of a time in ms since the epoch.
// InvalidArgument outside years 1970..9999, where the stems would not sort by time.
Result<std::string> FormatCdcStem(int64_t time_ms);
// The time a stem names; nullopt unless `stem` is exactly a valid "yyyymmdd-hhmmssfff".
std::optional<int64_t> ParseCdcStem(std::string_view stem);
// The DMS full-load file name "LOAD%08X.<extension>" (hexadecimal counter, from 1).
std::string LoadFileName(uint32_t counter, std::string_view extension);

// The folder of a target table, "<target_schema>/<target_table>". InvalidArgument when either
// part is empty, ".", "..", holds '/' or NUL, or when the folder would fall under _lakefeed/.
Result<std::string> TableFolder(std::string_view target_schema, std::string_view target_table);
// The table folder of a change file's key: its first two segments ("shop/orders" of
// "shop/orders/2024/02/29/20240229-123456789.csv"). InvalidArgument for a key with fewer than three.
Result<std::string> TableFolderOfKey(std::string_view key);

// _lakefeed/checkpoints/<number, 20 digits>.json; ParseCheckpointKey is its inverse (nullopt for
// any other key).
std::string CheckpointKey(uint64_t number);
std::optional<uint64_t> ParseCheckpointKey(std::string_view key);

// _lakefeed/schema/<seq, 20 digits>-<index, 6 digits>.json: schema history records, sorted by seq,
// then by the order in which records of one seq were added. ParseSchemaRecordKey returns the seq.
std::string SchemaRecordKey(uint64_t seq, uint32_t index);
std::optional<uint64_t> ParseSchemaRecordKey(std::string_view key);

// _lakefeed/staging/<number, 20 digits>-<run id>/: where the files of checkpoint `number` wait
// for their commit. The run id keeps a stale run's uploads apart from the live run's.
std::string StagingPrefix(uint64_t number, std::string_view run_id);

// _lakefeed/requests/reload/<table>: a request to reload source table `table` ("schema.table"), which
// `lakefeed reload` writes and the running task takes. Bytes outside [A-Za-z0-9._$-] are %XX-escaped.
// ParseReloadRequestKey is its inverse (nullopt for any other key).
std::string ReloadRequestKey(std::string_view table);
std::optional<std::string> ParseReloadRequestKey(std::string_view key);

// The S3-style event sequencer of the `index`-th file of checkpoint `number`: fixed-width upper
// hex, so that sequencers compare as strings in commit order, and identical when a recovery
// publishes the same checkpoint again.
std::string EventSequencer(uint64_t number, uint32_t index);

}  // namespace cdc::lake
