// Monitoring and control of `lakefeed run` over its HTTP API (docs/api.md, docs/metrics.md), against a real
// MariaDB, with bearer tokens:
//
//  - MetricsApiAndAuthOnAKnownWorkload: a full load of 500 rows, then 30 inserts, 20 updates and 10 deletes.
//    /metrics, parsed by a strict Prometheus text parser (harness/prometheus_text.h, written from the format's
//    description), must count exactly those rows by table and op on both sides, the full load's rows, the files,
//    the merge's changes; the source latency falls to 0 once idle (heartbeats) and nothing stays incoming.
//    Access: no token and a wrong token get 401, a read token 403 on an admin action; an admin token pauses
//    capture (rows inserted meanwhile are not read) and `lakefeed resume` (the CLI, through the API) resumes
//    it. /api/v1/tables and /api/v1/validate answer; the OpenAPI document is valid for an independent validator
//    (@apidevtools/swagger-parser); `lakefeed status` shows the live state. No secret -- the source password,
//    the tokens -- appears in the log, any API answer or any CLI output.
//  - TlsServesHttpsOnly: with http.tls the API answers over HTTPS with the configured certificate (made here
//    with openssl for 127.0.0.1) and not over plain HTTP; `lakefeed status` reaches it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "harness/lakefeed_task.h"
#include "harness/prometheus_text.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

using Json = nlohmann::json;

constexpr char kPassword[] = "Src-Pa55word-9f3a7c";
constexpr char kReadToken[] = "read-token-5b1e99d2c07a";
constexpr char kAdminToken[] = "admin-token-e4c8a61f3b52";

// Everything the API and the CLI answered, to look for secrets in at the end.
std::string g_captured;

struct Answer {
  int status = -1;
  std::string body;
};

Answer Call(httplib::Client& client, const std::string& method, const std::string& path, const std::string& token) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Result result = method == "POST" ? client.Post(path, headers, "", "application/json") : client.Get(path, headers);
  if (!result) return {};
  g_captured += result->body;
  return {result->status, result->body};
}

// Waits up to two minutes for `done` (polled every 200 ms).
bool WaitFor(const std::function<bool()>& done) {
  for (int attempt = 0; attempt < 600; ++attempt) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return false;
}

Result<std::map<std::string, PromFamily>> Scrape(httplib::Client& client) {
  Answer answer = Call(client, "GET", "/metrics", kReadToken);
  if (answer.status != 200) return Status::IOError("/metrics", "HTTP " + std::to_string(answer.status));
  return ParsePrometheusText(answer.body);
}

double Metric(httplib::Client& client, const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  Result<std::map<std::string, PromFamily>> families = Scrape(client);
  EXPECT_TRUE(families.ok()) << families.status().ToString();
  if (!families.ok()) return -1;
  return PromValue(*families, name, labels).value_or(-1);
}

Status WriteSecretFile(const std::string& path, const std::string& secret) {
  CDC_RETURN_IF_ERROR(WriteFile(path, secret + "\n"));
  if (chmod(path.c_str(), 0600) != 0) return Status::IOError("chmod " + path);
  return Status::OK();
}

// A task for `schema`, connecting as a user with kPassword, serving the API on a free port with a read and an
// admin token (token files); the http section ends the YAML.
struct ApiTask {
  std::unique_ptr<LakefeedTask> task;
  uint16_t port = 0;
};

Result<ApiTask> MakeTask(MariaDbSandbox& db, const std::string& schema) {
  CDC_RETURN_IF_ERROR(db.Query("CREATE USER IF NOT EXISTS 'mon'@'%' IDENTIFIED BY '" + std::string(kPassword) +
                               "'; GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'mon'@'%'"));
  CDC_ASSIGN_OR_RETURN(uint16_t port, FindFreeLoopbackPort());
  LakefeedTaskOptions options;
  options.include = {schema + ".%"};
  options.start = "full-load-and-cdc";
  options.user = "mon";
  options.password = kPassword;
  CDC_ASSIGN_OR_RETURN(LakefeedTask created, LakefeedTask::Create(db, options));
  ApiTask api{std::make_unique<LakefeedTask>(std::move(created)), port};
  const std::string dir = api.task->dir();
  CDC_RETURN_IF_ERROR(WriteSecretFile(dir + "/read.token", kReadToken));
  CDC_RETURN_IF_ERROR(WriteSecretFile(dir + "/admin.token", kAdminToken));
  options.extra_yaml = "http:\n  listen: 127.0.0.1:" + std::to_string(port) +
                       "\n  tokens:\n    - { name: grafana, role: read, token_file: " + dir +
                       "/read.token }\n    - { name: ops, role: admin, token_file: " + dir + "/admin.token }\n";
  CDC_RETURN_IF_ERROR(api.task->Rewrite(options, db.port()));
  return api;
}

std::string CliOutput(const LakefeedTask& task, const std::string& command, const std::vector<std::string>& extra = {}) {
  Result<CommandResult> ran = task.Run(command, std::chrono::minutes(2), extra);
  if (!ran.ok()) return "(" + ran.status().ToString() + ")";
  g_captured += ran->stdout_text + ran->stderr_text;
  return ran->stdout_text + ran->stderr_text;
}

TEST(Monitoring, MetricsApiAndAuthOnAKnownWorkload) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE mon; CREATE TABLE mon.t (id INT PRIMARY KEY, v VARCHAR(20)); "
                       "SET SESSION max_recursive_iterations = 100000; INSERT INTO mon.t WITH RECURSIVE s(i) AS "
                       "(SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500) SELECT i, CONCAT('v', i) FROM s")
                  .ok());
  Result<ApiTask> api = MakeTask(db, "mon");
  ASSERT_TRUE(api.ok()) << api.status().ToString();
  LakefeedTask& task = *api->task;
  const std::string warehouse = task.dir() + "/warehouse";
  {
    // The built-in merge too, so that its metrics and validate have a table.
    Result<std::string> yaml = ReadFile(task.config_path());
    ASSERT_TRUE(yaml.ok());
    ASSERT_TRUE(WriteFile(task.config_path(), *yaml + "merge:\n  enabled: true\n  warehouse: file://" + warehouse + "\n").ok());
  }
  Result<Subprocess> run = task.Start("run");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(WaitFor([&] { return CanConnectLoopback(api->port) || !run->Running(); }));
  ASSERT_TRUE(CanConnectLoopback(api->port)) << TailOfFile(task.log_path());
  httplib::Client client("127.0.0.1", api->port);
  client.set_read_timeout(std::chrono::minutes(2));

  // Access: public health, everything else needs a token.
  EXPECT_EQ(Call(client, "GET", "/healthz", "").status, 200);
  EXPECT_EQ(Call(client, "GET", "/metrics", "").status, 401);
  EXPECT_EQ(Call(client, "GET", "/api/v1/status", "").status, 401);
  EXPECT_EQ(Call(client, "GET", "/api/v1/status", "read-token-guess-000000").status, 401);
  EXPECT_EQ(Call(client, "POST", "/api/v1/pause", kReadToken).status, 403);

  // The full load, counted on both sides.
  ASSERT_TRUE(WaitFor([&] { return Metric(client, "lakefeed_full_load_rows_target_total", {{"table", "mon.t"}}) == 500; }))
      << TailOfFile(task.log_path());
  EXPECT_EQ(Metric(client, "lakefeed_full_load_rows_source_total", {{"table", "mon.t"}}), 500);
  EXPECT_GE(Metric(client, "lakefeed_lake_files_total", {{"kind", "load"}}), 1);

  // The workload: 30 inserts, 20 updates, 10 deletes.
  ASSERT_TRUE(db.Query("INSERT INTO mon.t WITH RECURSIVE s(i) AS (SELECT 1001 UNION ALL SELECT i + 1 FROM s WHERE "
                       "i < 1030) SELECT i, 'new' FROM s; UPDATE mon.t SET v = 'upd' WHERE id <= 20; "
                       "DELETE FROM mon.t WHERE id BETWEEN 21 AND 30")
                  .ok());
  ASSERT_TRUE(WaitFor([&] { return Metric(client, "lakefeed_cdc_rows_target_total", {{"table", "mon.t"}}) == 60; }))
      << TailOfFile(task.log_path());
  Result<std::map<std::string, PromFamily>> families = Scrape(client);
  ASSERT_TRUE(families.ok()) << families.status().ToString();
  EXPECT_EQ(PromValue(*families, "lakefeed_cdc_rows_source_total", {{"op", "insert"}, {"table", "mon.t"}}), 30.0);
  EXPECT_EQ(PromValue(*families, "lakefeed_cdc_rows_source_total", {{"op", "update"}, {"table", "mon.t"}}), 20.0);
  EXPECT_EQ(PromValue(*families, "lakefeed_cdc_rows_source_total", {{"op", "delete"}, {"table", "mon.t"}}), 10.0);
  EXPECT_GE(PromValue(*families, "lakefeed_lake_files_total", {{"kind", "cdc"}}).value_or(0), 1.0);
  EXPECT_GT(PromValue(*families, "lakefeed_cdc_bytes_target_total").value_or(0), 0.0);
  EXPECT_GT(PromValue(*families, "lakefeed_binlog_events_total").value_or(0), 0.0);
  EXPECT_EQ(PromValue(*families, "lakefeed_source_connected"), 1.0);
  EXPECT_EQ(PromValue(*families, "lakefeed_lake_commit_duration_seconds_count"),
            PromValue(*families, "lakefeed_lake_commits_total"));
  for (const char* family : {"lakefeed_cdc_latency_source_seconds", "lakefeed_cdc_latency_target_seconds",
                             "lakefeed_cdc_throughput_rows_source", "lakefeed_binlog_bytes_behind",
                             "lakefeed_trigger_queue_depth", "lakefeed_s3_requests_total"}) {
    if (std::string(family) == "lakefeed_s3_requests_total") {
      EXPECT_FALSE(families->contains(family)) << "a file:// lake makes no S3 requests";
      continue;
    }
    EXPECT_TRUE(families->contains(family)) << family;
  }
  // Idle at the binlog's end: the source latency is 0 (heartbeats), nothing is waiting.
  EXPECT_TRUE(WaitFor([&] { return Metric(client, "lakefeed_cdc_latency_source_seconds") == 0; }));
  EXPECT_EQ(Metric(client, "lakefeed_cdc_incoming_changes"), 0);
  // The merge took the load and the changes (560 changes read), and its trigger has nothing queued.
  EXPECT_TRUE(WaitFor([&] {
    return Metric(client, "lakefeed_merge_changes_total", {{"table", "mon/t"}}) == 560 &&
           Metric(client, "lakefeed_trigger_queue_depth", {{"trigger", "merge"}}) == 0;
  })) << TailOfFile(task.log_path());

  // Status and tables.
  Answer status = Call(client, "GET", "/api/v1/status", kReadToken);
  ASSERT_EQ(status.status, 200) << status.body;
  Json status_json = Json::parse(status.body);
  EXPECT_EQ(status_json["Task"]["State"], "streaming");
  EXPECT_EQ(status_json["Task"]["SourceConnected"], true);
  Answer tables = Call(client, "GET", "/api/v1/tables", kReadToken);
  ASSERT_EQ(tables.status, 200) << tables.body;
  Json table = Json::parse(tables.body)["tables"][0];
  EXPECT_EQ(table["TableName"], "t");
  EXPECT_EQ(table["Inserts"], 30);
  EXPECT_EQ(table["Updates"], 20);
  EXPECT_EQ(table["Deletes"], 10);
  EXPECT_EQ(table["FullLoadRows"], 500);
  EXPECT_EQ(table["ValidationState"], "Not validated");
  EXPECT_EQ(Call(client, "GET", "/readyz", "").status, 200);

  // Validate through the API; the tables then say so.
  Answer validated = Call(client, "POST", "/api/v1/validate?table=mon.t", kAdminToken);
  ASSERT_EQ(validated.status, 200) << validated.body;
  EXPECT_EQ(Json::parse(validated.body)["tables"][0]["ValidationState"], "Validated") << validated.body;
  EXPECT_EQ(Json::parse(Call(client, "GET", "/api/v1/tables", kReadToken).body)["tables"][0]["ValidationState"],
            "Validated");

  // Pause: rows inserted meanwhile are not read until resume (the CLI resumes, through the API).
  ASSERT_EQ(Call(client, "POST", "/api/v1/pause", kAdminToken).status, 200);
  ASSERT_TRUE(WaitFor([&] {
    return Json::parse(Call(client, "GET", "/api/v1/status", kReadToken).body)["Task"]["State"] == "paused";
  }));
  EXPECT_NE(CliOutput(task, "status").find("task:          paused"), std::string::npos);
  ASSERT_TRUE(db.Query("INSERT INTO mon.t VALUES (2001, 'p'), (2002, 'p'), (2003, 'p')").ok());
  std::this_thread::sleep_for(std::chrono::seconds(2));  // a paused task reads nothing, however long it waits
  EXPECT_EQ(Metric(client, "lakefeed_cdc_rows_source_total", {{"op", "insert"}, {"table", "mon.t"}}), 30);
  EXPECT_NE(CliOutput(task, "resume").find("capture resumes"), std::string::npos);
  EXPECT_TRUE(WaitFor([&] {
    return Metric(client, "lakefeed_cdc_rows_source_total", {{"op", "insert"}, {"table", "mon.t"}}) == 33;
  })) << TailOfFile(task.log_path());
  const Json live = Json::parse(CliOutput(task, "status", {"--json"}), nullptr, false);
  ASSERT_TRUE(live.is_object());
  EXPECT_EQ(live["Task"]["State"], "streaming") << live.dump();

  // The OpenAPI document: public, and valid for an independent validator.
  Answer openapi = Call(client, "GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(openapi.status, 200);
  const std::string openapi_path = task.dir() + "/openapi.json";
  ASSERT_TRUE(WriteFile(openapi_path, openapi.body).ok());
  Result<CommandResult> checked = RunCommand({"node", LAKEFEED_OPENAPI_VALIDATOR, openapi_path}, std::chrono::minutes(1));
  ASSERT_TRUE(checked.ok());
  EXPECT_EQ(checked->exit_code, 0) << checked->stdout_text << checked->stderr_text;
  EXPECT_NE(checked->stdout_text.find("valid lakefeed API 3.0.3"), std::string::npos) << checked->stdout_text;

  run->Signal(SIGTERM);
  Result<int> code = run->Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << TailOfFile(task.log_path());

  // No secret anywhere: the log, the API's answers, the CLI's output, the lake.
  Result<std::string> log = ReadFile(task.log_path());
  ASSERT_TRUE(log.ok());
  for (const char* secret : {kPassword, kReadToken, kAdminToken}) {
    EXPECT_EQ(log->find(secret), std::string::npos) << secret << " in the log";
    EXPECT_EQ(g_captured.find(secret), std::string::npos) << secret << " in an answer";
  }
  Result<CommandResult> grep = RunCommand({"grep", "-rl", kPassword, task.lake_dir(), warehouse}, std::chrono::minutes(1));
  ASSERT_TRUE(grep.ok());
  EXPECT_EQ(grep->stdout_text, "") << "the password is in a file of the lake or the warehouse";
}

TEST(Monitoring, TlsServesHttpsOnly) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE mon_tls; CREATE TABLE mon_tls.t (id INT PRIMARY KEY)").ok());
  Result<ApiTask> api = MakeTask(db, "mon_tls");
  ASSERT_TRUE(api.ok()) << api.status().ToString();
  LakefeedTask& task = *api->task;
  const std::string cert = task.dir() + "/api.crt";
  const std::string key = task.dir() + "/api.key";
  Result<CommandResult> made = RunCommand({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                                           "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                                           "subjectAltName=IP:127.0.0.1"},
                                          std::chrono::minutes(1));
  ASSERT_TRUE(made.ok() && made->exit_code == 0) << (made.ok() ? made->stderr_text : made.status().ToString());
  Result<std::string> yaml = ReadFile(task.config_path());
  ASSERT_TRUE(yaml.ok());
  ASSERT_TRUE(WriteFile(task.config_path(), *yaml + "  tls: { cert: " + cert + ", key: " + key + " }\n").ok());
  Result<Subprocess> run = task.Start("run");
  ASSERT_TRUE(run.ok());
  ASSERT_TRUE(WaitFor([&] { return CanConnectLoopback(api->port) || !run->Running(); }));
  ASSERT_TRUE(CanConnectLoopback(api->port)) << TailOfFile(task.log_path());

  httplib::SSLClient secure("127.0.0.1", api->port);
  secure.set_ca_cert_path(cert.c_str());
  secure.enable_server_certificate_verification(true);
  httplib::Result health = secure.Get("/healthz");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  httplib::Result status = secure.Get("/api/v1/status", {{"Authorization", std::string("Bearer ") + kReadToken}});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200);
  httplib::Client plain("127.0.0.1", api->port);
  plain.set_read_timeout(std::chrono::seconds(10));
  httplib::Result refused = plain.Get("/healthz");
  EXPECT_TRUE(!refused || refused->status != 200) << "plain HTTP answered";
  EXPECT_NE(CliOutput(task, "status").find("task:          "), std::string::npos);
  EXPECT_EQ(CliOutput(task, "status").find("not answering"), std::string::npos) << CliOutput(task, "status");

  run->Signal(SIGTERM);
  Result<int> code = run->Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << TailOfFile(task.log_path());
}

}  // namespace
}  // namespace cdc::harness
