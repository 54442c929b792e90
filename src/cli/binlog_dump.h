#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "base/status.h"

namespace cdc::cli {

// `lakefeed binlog-dump`: decodes binlog files (offline) or a live server's binlog and prints one
// JSON line per row change (see row_json.h), optionally preceded by one JSON line per event.
struct BinlogDumpOptions {
  std::vector<std::string> files;  // offline: binlog files, decoded in order
  bool events = false;             // also print every event (binlog::EventToJsonLine)
  std::vector<std::string> tables;  // "db.table": only these tables' rows are decoded; empty = all

  // Live: read from a server instead of files.
  std::string host;
  uint16_t port = 3306;
  std::string user;
  std::string password;  // from --password or LAKEFEED_SOURCE_PASSWORD; never printed
  std::string tls_mode = "preferred";
  std::string tls_ca;
  std::string tls_cert;  // client certificate and key (PEM), both or neither
  std::string tls_key;
  uint32_t server_id = 0;     // 0: 1000000 + (pid % 1000000), so that parallel dumps do not collide
  std::string start_file;     // empty: the first file of SHOW BINARY LOGS
  uint64_t start_position = 4;
  std::string start_gtid;     // MariaDB "d-s-n[,...]" or MySQL GTID set; overrides start_file
  double heartbeat_seconds = -1;  // < 0: 10 s when following, none otherwise; 0: none
  bool follow = false;        // keep streaming instead of stopping at the current end
  bool schema_hints = true;   // fill names/labels/charsets/UUID types from information_schema

  bool live() const { return !host.empty(); }
};

// InvalidArgument when the options do not make a valid command line: files and --host together,
// neither, a --table that is not db.table, live-only flags without --host, a bad --tls-mode.
Status ValidateBinlogDumpOptions(const BinlogDumpOptions& options);

// Runs the dump, writing to `out`. Returns the first error: decoder errors name the binlog file
// and offset; file errors name the path; server errors as mysql::StatusFromMysqlError plus the
// position reached; ValidateBinlogDumpOptions's errors first.
Status RunBinlogDump(const BinlogDumpOptions& options, std::FILE* out);

}  // namespace cdc::cli
