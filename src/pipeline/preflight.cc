#include "pipeline/preflight.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>

#include "base/ascii.h"
#include "base/clock.h"
#include "mysql/binlog_stream.h"
#include "mysql/connection.h"
#include "pipeline/merge_task.h"
#include "pipeline/source.h"
#include "pipeline/target_store.h"
#include "pipeline/task.h"
#include "snapshot/chunk_key.h"
#include "store/object_store.h"

namespace cdc::pipeline {
namespace {

class Checker {
 public:
  Checker(const TaskConfig& config, const CheckOptions& options) : config_(config), options_(options) {}

  Result<std::vector<CheckResult>> Run() {
    CDC_ASSIGN_OR_RETURN(rules_, RulesFor(config_.source));
    if (ConnectSource()) {
      CheckBinlog();
      CheckServerId();
      CheckGtid();
      CheckRetention();
      CheckCompression();
      CheckClock();
      CheckGrantsAndTables();
    }
    CheckStore("target", config_.target, "target.url");
    if (config_.merge.enabled && !config_.merge.warehouse.empty()) {
      TargetConfig warehouse = config_.target;
      warehouse.url = config_.merge.warehouse;
      CheckStore("warehouse", warehouse, "merge.warehouse");
      if (config_.merge.glue_catalog) CheckGlueCatalog();
    }
    return std::move(results_);
  }

 private:
  void Add(std::string name, CheckLevel level, std::string detail, std::string fix = {}) {
    results_.push_back({std::move(name), level, std::move(detail), level == CheckLevel::kPass ? "" : std::move(fix)});
  }

  // A global variable's value; nullopt when the server does not have it (or refuses).
  std::optional<std::string> Variable(std::string_view name) {
    Result<std::optional<std::string>> value = source_->QueryValue("SELECT @@GLOBAL." + std::string(name));
    if (!value.ok() || !value->has_value()) return std::nullopt;
    return **value;
  }

  bool ConnectSource() {
    const SourceConfig& source = config_.source;
    const std::string where = source.user + "@" + source.host + ":" + std::to_string(source.port);
    Result<mysql::ConnectionOptions> options = ConnectionOptionsFor(source);
    Result<std::unique_ptr<mysql::Connection>> connection =
        options.ok() ? mysql::Connection::Connect(*options) : Result<std::unique_ptr<mysql::Connection>>(options.status());
    if (!connection.ok()) {
      Add("source connection", CheckLevel::kFail, where + ": " + connection.status().ToString(),
          "check source.host, port, user, password (or password_file) and tls; the server must accept this user "
          "from this host");
      return false;
    }
    source_ = std::move(*connection);
    Add("source connection", CheckLevel::kPass,
        std::string(source_->is_mariadb() ? "MariaDB " : "MySQL ") + source_->server_version() + " as " + where +
            (source_->tls_cipher().empty() ? ", without TLS" : ", TLS " + source_->tls_cipher()));
    return true;
  }

  void CheckBinlog() {
    const std::string log_bin = Variable("log_bin").value_or("");
    if (log_bin != "1" && !EqualsIgnoreAsciiCase(log_bin, "ON")) {
      Add("log_bin", CheckLevel::kFail, "the binary log is off",
          "set log_bin (e.g. log-bin=binlog) and restart the server; on RDS, enable automated backups");
    } else {
      Add("log_bin", CheckLevel::kPass, "on");
    }
    const std::string format = Variable("binlog_format").value_or("?");
    Add("binlog_format", EqualsIgnoreAsciiCase(format, "ROW") ? CheckLevel::kPass : CheckLevel::kFail, format,
        "SET GLOBAL binlog_format = 'ROW' and binlog_format=ROW in my.cnf (RDS: the parameter group)");
    const std::string image = Variable("binlog_row_image").value_or("FULL");
    Add("binlog_row_image", EqualsIgnoreAsciiCase(image, "FULL") ? CheckLevel::kPass : CheckLevel::kFail, image,
        "SET GLOBAL binlog_row_image = 'FULL': with MINIMAL or NOBLOB an update carries only some columns, and "
        "DMS-format files need whole rows");
    if (std::optional<std::string> metadata = Variable("binlog_row_metadata")) {
      Add("binlog_row_metadata", EqualsIgnoreAsciiCase(*metadata, "FULL") ? CheckLevel::kPass : CheckLevel::kWarn,
          *metadata,
          "SET GLOBAL binlog_row_metadata = 'FULL': then the binlog names its columns, and a DDL racing the capture "
          "cannot mislabel them (with MINIMAL names come from information_schema)");
    } else {
      Add("binlog_row_metadata", CheckLevel::kWarn, "not supported by this server (before MySQL 8.0 / MariaDB 10.5)",
          "column names come from information_schema; upgrade to have them in the binlog");
    }
    const std::string checksum = Variable("binlog_checksum").value_or("NONE");
    Add("binlog_checksum", EqualsIgnoreAsciiCase(checksum, "CRC32") ? CheckLevel::kPass : CheckLevel::kWarn, checksum,
        "SET GLOBAL binlog_checksum = 'CRC32', so that a damaged event is detected rather than decoded");
  }

  void CheckServerId() {
    const uint64_t source_id = std::strtoull(Variable("server_id").value_or("0").c_str(), nullptr, 10);
    const uint32_t ours = config_.source.server_id;
    if (source_id == 0) {
      Add("server_id", CheckLevel::kFail, "the source's server_id is 0", "set server_id on the source (non-zero)");
      return;
    }
    if (source_id == ours) {
      Add("server_id", CheckLevel::kFail, "source.server_id " + std::to_string(ours) + " is the source's own",
          "give source.server_id a value no server or replica of this topology uses");
      return;
    }
    // Replicas registered now (ours too, if the task is running).
    Result<mysql::QueryResult> replicas =
        source_->Query(!source_->is_mariadb() && source_->server_version_number() >= 80022 ? "SHOW REPLICAS"
                                                                                          : "SHOW SLAVE HOSTS");
    if (replicas.ok()) {
      const int id_column = std::max(replicas->ColumnIndex("Server_id"), replicas->ColumnIndex("Server_Id"));
      for (const auto& row : replicas->rows) {
        if (id_column >= 0 && row[id_column] && std::strtoull(row[id_column]->c_str(), nullptr, 10) == ours) {
          Add("server_id", CheckLevel::kWarn,
              "a replica with server_id " + std::to_string(ours) + " is connected to the source",
              "unless it is this task running, give source.server_id another value: two replicas with one id "
              "disconnect each other");
          return;
        }
      }
    }
    Add("server_id", CheckLevel::kPass, "ours " + std::to_string(ours) + ", the source's " + std::to_string(source_id));
  }

  void CheckGtid() {
    if (source_->is_mariadb()) {
      const std::string position = Variable("gtid_binlog_pos").value_or("");
      Add("gtid", position.empty() ? CheckLevel::kWarn : CheckLevel::kPass,
          position.empty() ? "no GTID in the binlog yet" : "MariaDB GTIDs, at " + position,
          "nothing to do unless you fail over: MariaDB writes GTIDs once a transaction is logged");
      return;
    }
    const std::string mode = Variable("gtid_mode").value_or("OFF");
    Add("gtid", EqualsIgnoreAsciiCase(mode, "ON") ? CheckLevel::kPass : CheckLevel::kWarn, "gtid_mode " + mode,
        "set gtid_mode=ON and enforce_gtid_consistency=ON to resume by GTID after a failover (file:offset "
        "positions work on one server only)");
  }

  void CheckRetention() {
    std::optional<double> hours;
    std::string setting;
    Result<std::optional<std::string>> rds =
        source_->QueryValue("SELECT value FROM mysql.rds_configuration WHERE name = 'binlog retention hours'");
    if (rds.ok() && rds->has_value()) {
      hours = std::strtod((*rds)->c_str(), nullptr);
      setting = "RDS binlog retention hours";
    } else if (std::optional<std::string> seconds = Variable("binlog_expire_logs_seconds");
               seconds && std::strtod(seconds->c_str(), nullptr) > 0) {
      hours = std::strtod(seconds->c_str(), nullptr) / 3600;
      setting = "binlog_expire_logs_seconds";
    } else if (std::optional<std::string> days = Variable("expire_logs_days")) {
      hours = std::strtod(days->c_str(), nullptr) * 24;
      setting = "expire_logs_days";
    }
    const double needed = options_.expected_downtime_hours;
    if (!hours) {
      Add("binlog retention", CheckLevel::kWarn, "unknown", "check how long the source keeps its binlogs");
    } else if (*hours <= 0) {
      Add("binlog retention", CheckLevel::kPass, setting + " is 0: binlogs are never purged automatically");
    } else if (*hours < needed) {
      char detail[128];
      std::snprintf(detail, sizeof(detail), "%.1f h (%s), less than the expected downtime of %.0f h", *hours,
                    setting.c_str(), needed);
      Add("binlog retention", CheckLevel::kFail, detail,
          "keep binlogs longer than the task may be down (RDS: CALL mysql.rds_set_configuration('binlog retention "
          "hours', N)), or a purge past the task's position forces a reload");
    } else {
      char detail[96];
      std::snprintf(detail, sizeof(detail), "%.1f h (%s)", *hours, setting.c_str());
      Add("binlog retention", CheckLevel::kPass, detail);
    }
  }

  void CheckCompression() {
    const std::string name = source_->is_mariadb() ? "log_bin_compress" : "binlog_transaction_compression";
    const std::string value = Variable(name).value_or("OFF");
    const bool on = value == "1" || EqualsIgnoreAsciiCase(value, "ON");
    Add("binlog compression", CheckLevel::kPass,
        name + " " + (on ? "ON: compressed events are decoded" : "OFF"));
  }

  void CheckClock() {
    Result<std::optional<std::string>> now = source_->QueryValue("SELECT UNIX_TIMESTAMP(NOW(6))");
    if (!now.ok() || !now->has_value()) {
      Add("clock skew", CheckLevel::kWarn, "the source's time cannot be read", "");
      return;
    }
    const double skew = std::strtod((*now)->c_str(), nullptr) - static_cast<double>(WallClockUs()) / 1e6;
    char detail[96];
    std::snprintf(detail, sizeof(detail), "the source's clock is %+.1f s from this machine's", skew);
    Add("clock skew", std::fabs(skew) <= 5 ? CheckLevel::kPass : CheckLevel::kWarn, detail,
        "synchronise both clocks (NTP): the latency metrics measure against this machine's clock");
  }

  // The grants, tried rather than parsed: SHOW MASTER STATUS needs REPLICATION CLIENT (BINLOG MONITOR), each
  // table's SELECT needs SELECT; REPLICATION SLAVE is read from SHOW GRANTS.
  void CheckGrantsAndTables() {
    const std::string grant_hint = "GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO " +
                                   config_.source.user + " (or SELECT on the captured schemas only)";
    Result<mysql::BinlogEnd> end = mysql::ReadBinlogEnd(*source_);
    Add("grant REPLICATION CLIENT", end.ok() || end.status().IsNotFound() ? CheckLevel::kPass : CheckLevel::kFail,
        end.ok() ? "SHOW MASTER STATUS works" : end.status().ToString(), grant_hint);
    Result<mysql::QueryResult> grants = source_->Query("SHOW GRANTS FOR CURRENT_USER()");
    std::string text;
    if (grants.ok()) {
      for (const auto& row : grants->rows) {
        if (!row.empty() && row[0]) text += AsciiUpperCopy(*row[0]) + "\n";
      }
    }
    const bool replication = text.find("ALL PRIVILEGES ON *.*") != std::string::npos ||
                             text.find("REPLICATION SLAVE") != std::string::npos ||
                             text.find("REPLICATION REPLICA") != std::string::npos;
    Add("grant REPLICATION SLAVE", replication ? CheckLevel::kPass : CheckLevel::kFail,
        replication ? "granted" : "not in SHOW GRANTS", grant_hint);

    Result<mysql::QueryResult> tables = source_->Query(
        "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE FROM information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND "
        "TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY 1, 2");
    if (!tables.ok()) {
      Add("tables", CheckLevel::kFail, tables.status().ToString(), grant_hint);
      return;
    }
    std::vector<std::string> selected, no_key, other_engine, unreadable;
    for (const auto& row : tables->rows) {
      if (row.size() < 3 || !row[0] || !row[1] || !rules_.Selects(*row[0], *row[1])) continue;
      const std::string name = *row[0] + "." + *row[1];
      selected.push_back(name);
      const std::string quoted = snapshot::QuoteIdentifier(*row[0]) + "." + snapshot::QuoteIdentifier(*row[1]);
      if (!source_->Execute("SELECT 1 FROM " + quoted + " LIMIT 0").ok()) unreadable.push_back(name);
      const std::string engine = row[2] ? *row[2] : "";
      if (!EqualsIgnoreAsciiCase(engine, "InnoDB")) other_engine.push_back(name + " (" + engine + ")");
      Result<mysql::QueryResult> key = source_->Query(
          "SELECT 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = " + source_->Quote(*row[0]) +
          " AND TABLE_NAME = " + source_->Quote(*row[1]) + " AND INDEX_NAME = 'PRIMARY' LIMIT 1");
      if (key.ok() && key->rows.empty()) no_key.push_back(name);
    }
    auto list = [](const std::vector<std::string>& names) {
      std::string out;
      for (size_t idx = 0; idx < names.size() && idx < 10; ++idx) out += (idx > 0 ? ", " : "") + names[idx];
      if (names.size() > 10) out += " and " + std::to_string(names.size() - 10) + " more";
      return out;
    };
    if (selected.empty()) {
      Add("tables", CheckLevel::kWarn, "no table matches the selection",
          "check source.tables (include/exclude patterns) or source.table_mappings");
      return;
    }
    Add("tables", CheckLevel::kPass, std::to_string(selected.size()) + " selected: " + list(selected));
    Add("grant SELECT", unreadable.empty() ? CheckLevel::kPass : CheckLevel::kFail,
        unreadable.empty() ? "every selected table can be read" : "cannot read " + list(unreadable), grant_hint);
    Add("primary keys", no_key.empty() ? CheckLevel::kPass : CheckLevel::kWarn,
        no_key.empty() ? "every selected table has one" : "without a primary key: " + list(no_key),
        "add a primary key: the merge into Iceberg and validate key rows by it, and the full load reads such "
        "tables in one piece");
    Add("engines", other_engine.empty() ? CheckLevel::kPass : CheckLevel::kWarn,
        other_engine.empty() ? "every selected table is InnoDB" : "not InnoDB: " + list(other_engine),
        "ALTER TABLE ... ENGINE=InnoDB: other engines give the full load no consistent read");
  }

  // Write, read back, refuse a second conditional write, delete: what the lake's commit protocol needs.
  void CheckStore(const std::string& name, const TargetConfig& target, const std::string& key_name) {
    Result<std::unique_ptr<store::ObjectStore>> opened = OpenTargetStore(target);
    if (!opened.ok()) {
      Add(name, CheckLevel::kFail, opened.status().ToString(), "check " + key_name + " and its credentials (docs/s3.md)");
      return;
    }
    store::ObjectStore& store = **opened;
    const std::string key = "_lakefeed/check/" + std::to_string(getpid()) + "-" + std::to_string(WallClockMs()) + ".txt";
    const std::string data = "lakefeed check " + key + "\n";
    auto fail = [&](const std::string& what, const Status& status, const std::string& fix) {
      Add(name, CheckLevel::kFail, what + ": " + status.ToString(), fix);
      (void)store.Delete(key);
    };
    Result<store::ObjectInfo> put = store.Put(key, data, store::PutOptions::IfAbsent());
    if (!put.ok()) {
      return fail("cannot write " + key, put.status(),
                  "give the credentials s3:PutObject on the bucket and prefix (docs/security.md), or make the "
                  "directory writable");
    }
    Result<std::string> got = store.Get(key);
    if (!got.ok() || *got != data) {
      return fail("cannot read back " + key, got.ok() ? Status::Corruption("read back", "other bytes") : got.status(),
                  "give the credentials s3:GetObject on the prefix");
    }
    Result<store::ObjectInfo> again = store.Put(key, "second", store::PutOptions::IfAbsent());
    if (again.ok()) {
      return fail("a second conditional write (If-None-Match: *) was accepted", Status::OK(),
                  "use a store that honours conditional writes (AWS S3 since 2024, MinIO, Ceph): exactly-once "
                  "commits depend on them");
    }
    if (!again.status().IsConflict()) {
      return fail("a second conditional write", again.status(), "check the store's support of If-None-Match");
    }
    Status deleted = store.Delete(key);
    if (!deleted.ok()) return fail("cannot delete " + key, deleted, "give the credentials s3:DeleteObject on the prefix");
    Add(name, CheckLevel::kPass, store.url() + ": write, read, conditional write and delete work");
  }

  // The Glue catalog answers a read with these credentials (the merge's writes need the grants of
  // docs/security.md on top).
  void CheckGlueCatalog() {
    Result<std::unique_ptr<iceberg::GlueCatalog>> catalog = OpenGlueCatalog(config_);
    Result<std::string> answer = catalog.ok() ? (*catalog)->Call("GetDatabases", R"({"MaxResults":1})")
                                              : Result<std::string>(catalog.status());
    if (!answer.ok()) {
      Add("glue catalog", CheckLevel::kFail, answer.status().ToString(),
          "check merge.glue_region / glue_endpoint and give the credentials the glue: actions of "
          "docs/security.md");
      return;
    }
    Add("glue catalog", CheckLevel::kPass, "the Glue Data Catalog answers GetDatabases");
  }

  const TaskConfig& config_;
  const CheckOptions& options_;
  capture::TableRules rules_;
  std::unique_ptr<mysql::Connection> source_;
  std::vector<CheckResult> results_;
};

}  // namespace

std::string_view ToString(CheckLevel level) {
  switch (level) {
    case CheckLevel::kPass: return "pass";
    case CheckLevel::kWarn: return "warn";
    case CheckLevel::kFail: return "fail";
  }
  return "?";
}

Result<std::vector<CheckResult>> RunChecks(const TaskConfig& config, const CheckOptions& options) {
  Checker checker(config, options);
  return checker.Run();
}

std::string FormatChecksText(const std::vector<CheckResult>& checks) {
  std::string out;
  size_t counts[3] = {0, 0, 0};
  for (const CheckResult& check : checks) {
    ++counts[static_cast<size_t>(check.level)];
    std::string label = AsciiUpperCopy(ToString(check.level));
    std::string name = check.name;
    name.resize(std::max<size_t>(name.size(), 26), ' ');
    out += label + "  " + name + check.detail + "\n";
    if (!check.fix.empty()) out += "      fix: " + check.fix + "\n";
  }
  out += std::to_string(counts[0]) + " passed, " + std::to_string(counts[1]) + " warnings, " +
         std::to_string(counts[2]) + " failed\n";
  return out;
}

std::string FormatChecksJson(const std::vector<CheckResult>& checks) {
  nlohmann::json out = {{"checks", nlohmann::json::array()}};
  size_t counts[3] = {0, 0, 0};
  for (const CheckResult& check : checks) {
    ++counts[static_cast<size_t>(check.level)];
    out["checks"].push_back(
        {{"name", check.name}, {"result", ToString(check.level)}, {"detail", check.detail}, {"fix", check.fix}});
  }
  out["passed"] = counts[0];
  out["warnings"] = counts[1];
  out["failures"] = counts[2];
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool AnyFailed(const std::vector<CheckResult>& checks) {
  return std::any_of(checks.begin(), checks.end(),
                     [](const CheckResult& check) { return check.level == CheckLevel::kFail; });
}

}  // namespace cdc::pipeline
