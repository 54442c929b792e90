#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "mysql/connection.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {

// How to reach the source, from the task's `source:` section. `read_timeout_s` 0 = none.
Result<mysql::ConnectionOptions> ConnectionOptionsFor(const SourceConfig& source, uint32_t read_timeout_s = 0);

// The end of the source's binary log now: where the next transaction will be written.
struct BinlogEnd {
  std::string file;
  uint64_t position = 0;
  // The GTID state there: MariaDB @@gtid_binlog_pos, MySQL @@gtid_executed ("" without GTIDs).
  std::string gtid;
};

// SHOW MASTER STATUS (SHOW BINARY LOG STATUS on MySQL 8.2+) plus the GTID state. NotFound when the
// binary log is off; InvalidArgument (with the grant to add) without REPLICATION CLIENT.
Result<BinlogEnd> ReadBinlogEnd(mysql::Connection& connection);

}  // namespace cdc::pipeline
