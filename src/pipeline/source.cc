#include "pipeline/source.h"

#include <optional>
#include <string>

namespace cdc::pipeline {

Result<mysql::ConnectionOptions> ConnectionOptionsFor(const SourceConfig& source, uint32_t read_timeout_s) {
  mysql::ConnectionOptions options;
  options.host = source.host;
  options.port = source.port;
  options.user = source.user;
  options.password = source.password;
  CDC_ASSIGN_OR_RETURN(options.tls_mode, mysql::ParseTlsMode(source.tls_mode));
  options.tls_ca = source.tls_ca;
  options.connect_timeout_seconds = source.connect_timeout_s;
  options.read_timeout_seconds = read_timeout_s;
  return options;
}

Result<BinlogEnd> ReadBinlogEnd(mysql::Connection& connection) {
  // MySQL 8.2 renamed the statement and 8.4 removed the old name; MariaDB keeps SHOW MASTER STATUS.
  bool new_syntax = !connection.is_mariadb() && connection.server_version_number() >= 80200;
  Result<mysql::QueryResult> status =
      connection.Query(new_syntax ? "SHOW BINARY LOG STATUS" : "SHOW MASTER STATUS");
  if (!status.ok()) {
    if (status.status().IsInvalidArgument()) {
      return status.status().WithContext("reading the binlog end needs the REPLICATION CLIENT grant");
    }
    return status.status();
  }
  if (status->rows.empty() || status->rows[0].size() < 2 || !status->rows[0][0] || !status->rows[0][1]) {
    return Status::NotFound("binary log", "the source has no binary log (set log_bin, binlog_format=ROW)");
  }
  BinlogEnd end;
  end.file = *status->rows[0][0];
  try {
    end.position = std::stoull(*status->rows[0][1]);
  } catch (const std::exception&) {
    return Status::Corruption("SHOW MASTER STATUS", "position is not a number: " + *status->rows[0][1]);
  }
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> gtid,
                       connection.QueryValue(connection.is_mariadb() ? "SELECT @@GLOBAL.gtid_binlog_pos"
                                                                     : "SELECT @@GLOBAL.gtid_executed"));
  if (gtid) {
    end.gtid = *gtid;
    // MySQL prints long sets over several lines.
    std::erase(end.gtid, '\n');
  }
  return end;
}

}  // namespace cdc::pipeline
