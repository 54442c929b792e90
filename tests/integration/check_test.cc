// `lakefeed check` (docs/check.md) against a real MariaDB (binlog_row_metadata=FULL, server_id 1) and file://
// stores: a well-set source passes; each kind of problem -- missing grants, a table without a primary key or not
// in InnoDB, a server_id collision, a binlog retention shorter than the expected downtime, a target that cannot
// be written -- fails or warns with its fix, and any failure makes the exit code 1. --json gives the same.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);

using Json = nlohmann::json;

struct Checked {
  int exit_code = -1;
  std::map<std::string, Json> checks;  // by name
  std::string text;
};

// `lakefeed check --json` (and the text form) for `options`.
Checked RunCheck(MariaDbSandbox& db, LakefeedTaskOptions options, const std::vector<std::string>& extra = {}) {
  Checked checked;
  Result<LakefeedTask> task = LakefeedTask::Create(db, std::move(options));
  EXPECT_TRUE(task.ok()) << task.status().ToString();
  if (!task.ok()) return checked;
  std::vector<std::string> json_args = extra;
  json_args.push_back("--json");
  Result<CommandResult> json = task->Run("check", std::chrono::minutes(2), json_args);
  Result<CommandResult> text = task->Run("check", std::chrono::minutes(2), extra);
  EXPECT_TRUE(json.ok() && text.ok());
  if (!json.ok() || !text.ok()) return checked;
  EXPECT_EQ(json->exit_code, text->exit_code);
  checked.exit_code = json->exit_code;
  checked.text = text->stdout_text;
  const Json parsed = Json::parse(json->stdout_text, nullptr, false);
  EXPECT_TRUE(parsed.is_object()) << json->stdout_text << json->stderr_text;
  if (!parsed.is_object()) return checked;
  for (const Json& check : parsed["checks"]) checked.checks[check["name"].get<std::string>()] = check;
  return checked;
}

std::string Outcome(const Checked& checked, const std::string& name) {
  auto found = checked.checks.find(name);
  return found == checked.checks.end() ? "(missing)" : found->second["result"].get<std::string>();
}

TEST(Check, AWellSetSourcePasses) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE chk_ok; CREATE TABLE chk_ok.t (id INT PRIMARY KEY, v TEXT) ENGINE=InnoDB").ok());
  LakefeedTaskOptions options;
  options.include = {"chk_ok.%"};
  options.server_id = 4242;
  Checked checked = RunCheck(db, options);
  EXPECT_EQ(checked.exit_code, 0) << checked.text;
  for (const char* name : {"source connection", "log_bin", "binlog_format", "binlog_row_image", "binlog_row_metadata",
                           "binlog_checksum", "server_id", "grant REPLICATION CLIENT", "grant REPLICATION SLAVE",
                           "tables", "grant SELECT", "primary keys", "engines", "target", "clock skew",
                           "binlog retention", "binlog compression"}) {
    EXPECT_EQ(Outcome(checked, name), "pass") << name << "\n" << checked.text;
  }
  EXPECT_NE(checked.text.find("0 failed"), std::string::npos) << checked.text;
}

TEST(Check, ProblemsFailOrWarnWithTheirFix) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE chk_bad; CREATE TABLE chk_bad.nokey (a INT, b INT) ENGINE=InnoDB; "
                       "CREATE TABLE chk_bad.old (id INT PRIMARY KEY) ENGINE=MyISAM; "
                       "CREATE USER IF NOT EXISTS 'weak'@'%' IDENTIFIED BY 'weak-Pa55-chk'; "
                       "GRANT SELECT ON chk_bad.nokey TO 'weak'@'%'; GRANT INSERT ON chk_bad.old TO 'weak'@'%'")
                  .ok());
  Result<std::vector<Row>> server_id = db.QueryRows("SELECT @@server_id");
  ASSERT_TRUE(server_id.ok() && !server_id->empty() && (*server_id)[0][0]);
  ASSERT_TRUE(db.Query("SET GLOBAL binlog_expire_logs_seconds = 7200").ok());  // 2 h, restored below

  LakefeedTaskOptions options;
  options.include = {"chk_bad.%"};
  options.user = "weak";
  options.password = "weak-Pa55-chk";
  options.server_id = static_cast<uint32_t>(std::stoul(*(*server_id)[0][0]));  // the source's own
  options.target_url = "file:///dev/null/lake";                                 // cannot be made
  Checked checked = RunCheck(db, options, {"--downtime-hours", "24"});
  ASSERT_TRUE(db.Query("SET GLOBAL binlog_expire_logs_seconds = 0").ok());
  EXPECT_EQ(checked.exit_code, 1) << checked.text;
  EXPECT_EQ(Outcome(checked, "grant REPLICATION CLIENT"), "fail") << checked.text;
  EXPECT_EQ(Outcome(checked, "grant REPLICATION SLAVE"), "fail") << checked.text;
  EXPECT_NE(checked.checks["grant REPLICATION SLAVE"]["fix"].get<std::string>().find("GRANT REPLICATION SLAVE"),
            std::string::npos);
  EXPECT_EQ(Outcome(checked, "grant SELECT"), "fail") << checked.text;
  EXPECT_NE(checked.checks["grant SELECT"]["detail"].get<std::string>().find("chk_bad.old"), std::string::npos);
  EXPECT_EQ(Outcome(checked, "primary keys"), "warn") << checked.text;
  EXPECT_NE(checked.checks["primary keys"]["detail"].get<std::string>().find("chk_bad.nokey"), std::string::npos);
  EXPECT_EQ(Outcome(checked, "engines"), "warn") << checked.text;
  EXPECT_NE(checked.checks["engines"]["detail"].get<std::string>().find("chk_bad.old (MyISAM)"), std::string::npos);
  EXPECT_EQ(Outcome(checked, "server_id"), "fail") << checked.text;
  EXPECT_EQ(Outcome(checked, "binlog retention"), "fail") << checked.text;
  EXPECT_EQ(Outcome(checked, "target"), "fail") << checked.text;
  // Every problem has its fix, and the text shows it.
  for (const auto& [name, check] : checked.checks) {
    if (check["result"] != "pass") {
      EXPECT_FALSE(check["fix"].get<std::string>().empty()) << name;
      EXPECT_NE(checked.text.find("fix: " + check["fix"].get<std::string>()), std::string::npos) << name;
    }
  }
  EXPECT_EQ(checked.text.find("weak-Pa55-chk"), std::string::npos) << "the password is printed";
}

TEST(Check, AnUnreachableSourceIsOneFailure) {
  LAKEFEED_SHARED_MARIADB(db);
  LakefeedTaskOptions options;
  options.password = "not-the-password";
  Checked checked = RunCheck(db, options);
  EXPECT_EQ(checked.exit_code, 1);
  EXPECT_EQ(Outcome(checked, "source connection"), "fail") << checked.text;
  EXPECT_EQ(Outcome(checked, "binlog_format"), "(missing)");  // not asked without a connection
  EXPECT_EQ(Outcome(checked, "target"), "pass") << checked.text;
}

}  // namespace
}  // namespace cdc::harness
