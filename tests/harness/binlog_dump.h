#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "harness/mariadb_client.h"

namespace cdc::harness {

class MariaDbSandbox;

// One row change printed by `lakefeed binlog-dump`:
// {"op":"I","schema":"db","table":"t","gtid":"0-1-5","file":"binlog.000001","pos":1234,"end_log_pos":1300,
//  "ts":1650493084,"before":null,"after":{"id":"1","name":"x","c":null}}
struct DumpRow {
  using Image = std::vector<std::pair<std::string, Cell>>;  // column name (or "@N") -> value, in printed order

  char op = '?';  // 'I', 'U', 'D'
  std::string schema;
  std::string table;
  std::string gtid;
  std::string file;
  uint64_t pos = 0;
  uint64_t end_log_pos = 0;
  int64_t ts = 0;
  bool has_before = false;
  bool has_after = false;
  Image before;
  Image after;
  std::string line;  // the JSON line, for messages

  // The value of column `name` in an image; NotFound when absent.
  static const Cell* Find(const Image& image, std::string_view name);
};

// Parses binlog-dump output: every line that is a JSON object with an "op" member and no "event" member is
// a row change; other lines (e.g. the event lines of --events) are skipped. Corruption when such a line is malformed or a value is neither
// a string nor null.
Result<std::vector<DumpRow>> ParseDumpOutput(std::string_view output);

// The lakefeed executable under test: $LAKEFEED_BINARY when set, else the path CMake compiled in
// (LAKEFEED_BINARY definition), else "".
std::string LakefeedBinary();

// Runs `lakefeed binlog-dump ARGS...` and parses its rows. IOError with stderr when it exits non-zero.
Result<std::vector<DumpRow>> RunBinlogDump(const std::vector<std::string>& args,
                                           std::chrono::milliseconds timeout = std::chrono::minutes(5));

// Offline: `lakefeed binlog-dump FILE...`.
Result<std::vector<DumpRow>> DumpOffline(const std::vector<std::string>& files);
// Live: `lakefeed binlog-dump --host H --port P --user cdc --password cdcpw [--start-file F --start-pos N]`,
// from the first binary log (or the given one) to the current end.
Result<std::vector<DumpRow>> DumpLive(const MariaDbSandbox& server, std::string_view start_file = "",
                                      uint64_t start_pos = 0);

}  // namespace cdc::harness
