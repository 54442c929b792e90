// Triggers end to end (issue 7): `lakefeed sync` commits LOAD and change files of a few tables, and each
// committed file becomes an S3 ObjectCreated event for the configured handlers.
//  - ExecRunsALambdaHandlerUnchanged: an `exec` trigger runs examples/triggers/lambda_shim.py with the
//    example Lambda handler examples/triggers/record_key.py, which decodes Records[0].s3.object.key with
//    unquote_plus and writes it down. Every data file of the lake must reach it exactly once (clean runs),
//    a table's files in commit order (LOAD files first, then change files by name), a key with a space
//    decoded right; the trigger's progress is stored in the lake.
//  - KilledRunsNeitherLoseNorReorderEvents: `lakefeed run` with the exec trigger is killed with SIGKILL 8
//    times while rows keep arriving; after a final sync every data file has reached the handler at least
//    once, and per table the first deliveries are in commit order (a redelivery repeats files after the
//    stored progress, it never skips one).
//  - PostedNotificationsReachTheHandlers: `lakefeed run` with http.listen takes S3 and MinIO notification
//    bodies of files written by others at POST /api/v1/events, answers 200 once the handler has run on each
//    ObjectCreated record (in order), and 400 naming the problem for a body that is not a notification.
//  - PollersFindFilesOthersWrite: a poller lists a directory where "DMS" (the test) writes LOAD and change
//    files; each `lakefeed sync` hands the new ones to the handler, a folder's LOAD files first, none twice.
//  - WebhookFailuresEndInTheDeadLetter: a `webhook` trigger posts to a local receiver that refuses (503)
//    every file of one table; those are tried max_attempts times and written to the dead letter with the
//    error, and the other table's files are delivered once each, in order.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <nlohmann/json.hpp>
#include <thread>

#include "capture_check.h"
#include "trigger_check.h"
#include "harness/lakefeed_task.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kMinimalMetadata);

namespace fs = std::filesystem;

// The workload: tables with a LOAD file each, then two rounds of changes, each committed by a sync.
void RunWorkload(MariaDbSandbox& db, LakefeedTask& task, const std::string& database) {
  ASSERT_TRUE(db.Query("CREATE DATABASE " + database).ok());
  ASSERT_TRUE(db.Query("CREATE TABLE " + database + ".t1 (id INT PRIMARY KEY, v VARCHAR(20))").ok());
  ASSERT_TRUE(db.Query("CREATE TABLE " + database + ".t2 (id INT PRIMARY KEY, v VARCHAR(20))").ok());
  ASSERT_TRUE(db.Query("CREATE TABLE `" + database + "`.`order items` (id INT PRIMARY KEY)").ok());
  ASSERT_TRUE(db.Query("INSERT INTO " + database + ".t1 VALUES (1, 'a'), (2, 'b'); INSERT INTO " + database +
                       ".t2 VALUES (1, 'x'); INSERT INTO `" + database + "`.`order items` VALUES (7)")
                  .ok());
  for (int round = 0; round < 3; ++round) {
    if (round > 0) {
      const std::string id = std::to_string(10 + round);
      ASSERT_TRUE(db.Query("INSERT INTO " + database + ".t1 VALUES (" + id + ", 'r'); UPDATE " + database +
                           ".t2 SET v = 'y" + id + "'; INSERT INTO `" + database + "`.`order items` VALUES (" + id +
                           ")")
                      .ok());
    }
    Result<CommandResult> synced = task.Run("sync");
    ASSERT_TRUE(synced.ok()) << synced.status().ToString();
    ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, task);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the next round's files get new names
  }
}

TEST(Triggers, ExecRunsALambdaHandlerUnchanged) {
  LAKEFEED_SHARED_MARIADB(db);
  LakefeedTaskOptions options;
  options.include = {"trig_exec.%"};
  options.start = "full-load-and-cdc";
  const std::string examples = std::string(LAKEFEED_SOURCE_DIR) + "/examples/triggers";
  options.extra_yaml = "triggers:\n  - name: lambda\n    exec: [python3, " + examples + "/lambda_shim.py, " + examples +
                       ", record_key.lambda_handler]\n    suffix: .csv\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string record_file = task->work_dir() + "/handled.txt";
  setenv("RECORD_FILE", record_file.c_str(), 1);
  RunWorkload(db, *task, "trig_exec");

  Result<std::string> handled = ReadFile(record_file);
  ASSERT_TRUE(handled.ok()) << handled.status().ToString() << "\n" << TailOfFile(task->log_path(), 4000);
  // "<bucket> <key>": the bucket of a file:// lake is its directory; keys are relative to it.
  std::map<std::string, std::vector<std::string>> seen;
  for (const std::string& line : Lines(*handled)) {
    ASSERT_EQ(line.rfind(task->lake_dir() + " ", 0), 0u) << line;
    const std::string key = line.substr(task->lake_dir().size() + 1);
    const size_t second_slash = key.find('/', key.find('/') + 1);
    seen[key.substr(0, second_slash)].push_back(key);
  }
  const std::map<std::string, std::vector<std::string>> committed = LakeFilesInCommitOrder(task->lake_dir());
  ASSERT_EQ(committed.size(), 3u) << ::testing::PrintToString(committed);
  EXPECT_GE(committed.at("trig_exec/order items").size(), 3u);  // a LOAD file and two change files
  EXPECT_EQ(seen, committed);

  Result<std::string> progress = ReadFile(task->lake_dir() + "/_lakefeed/triggers/lambda.json");
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  EXPECT_EQ(nlohmann::json::parse(*progress)["delivered"].get<uint64_t>(), Lines(*handled).size());
}

TEST(Triggers, KilledRunsNeitherLoseNorReorderEvents) {
  LAKEFEED_SHARED_MARIADB(db);
  LakefeedTaskOptions options;
  options.include = {"trig_kill.%"};
  options.start = "full-load-and-cdc";
  options.settings = {{"AddColumnName", "true"}, {"CdcMaxBatchInterval", "1"}, {"CdcMinFileSize", "1"}};
  Result<TempDir> handlers = TempDir::Create("lakefeed-handlers-");
  ASSERT_TRUE(handlers.ok());
  // A slow handler, so that events queue up behind it and a kill finds several commits not yet handled.
  ASSERT_TRUE(WriteFile(handlers->path() + "/slow_record.py",
                        "import os, time\n"
                        "from urllib.parse import unquote_plus\n"
                        "def lambda_handler(event, context):\n"
                        "    time.sleep(0.4)\n"
                        "    record = event['Records'][0]\n"
                        "    with open(os.environ['RECORD_FILE'], 'a') as out:\n"
                        "        out.write(record['s3']['bucket']['name'] + ' ' + "
                        "unquote_plus(record['s3']['object']['key']) + '\\n')\n")
                  .ok());
  const std::string examples = std::string(LAKEFEED_SOURCE_DIR) + "/examples/triggers";
  options.extra_yaml = "triggers:\n  - name: lambda\n    exec: [python3, " + examples + "/lambda_shim.py, " +
                       handlers->path() + ", slow_record.lambda_handler]\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string record_file = task->work_dir() + "/handled.txt";
  setenv("RECORD_FILE", record_file.c_str(), 1);
  ASSERT_TRUE(db.Query("CREATE DATABASE trig_kill; CREATE TABLE trig_kill.a (id INT PRIMARY KEY); "
                       "CREATE TABLE trig_kill.b (id INT PRIMARY KEY); INSERT INTO trig_kill.a VALUES (0)")
                  .ok());
  std::mt19937 random(7);
  int next_id = 1;
  for (int kill_idx = 0; kill_idx < 8; ++kill_idx) {
    Result<Subprocess> run = task->Start("run");
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    for (int burst = 0; burst < 10; ++burst) {
      const std::string id = std::to_string(next_id++);
      ASSERT_TRUE(db.Query("INSERT INTO trig_kill.a VALUES (" + id + "); INSERT INTO trig_kill.b VALUES (" + id + ")").ok());
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 300));
    }
    ASSERT_TRUE(run->Running()) << TailOfFile(task->log_path(), 4000);
    run->Kill();
  }
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok()) << synced.status().ToString();
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);

  Result<std::string> handled = ReadFile(record_file);
  ASSERT_TRUE(handled.ok()) << handled.status().ToString();
  const std::map<std::string, std::vector<std::string>> committed = LakeFilesInCommitOrder(task->lake_dir());
  ASSERT_EQ(committed.size(), 2u);
  size_t redelivered = 0;
  EXPECT_TRUE(DeliveredInCommitOrder(HandledKeys(*handled, task->lake_dir()), committed, &redelivered));
  std::printf("files %zu + %zu, redelivered after kills: %zu\n", committed.at("trig_kill/a").size(),
              committed.at("trig_kill/b").size(), redelivered);
  EXPECT_GT(committed.at("trig_kill/a").size(), 8u);
}

// POSTs `body` to `url` with Python's urllib: "<status> <answer body>".
std::string Post(const std::string& url, const std::string& body) {
  Result<CommandResult> posted = RunCommand(
      {"python3", "-c",
       "import sys, urllib.request, urllib.error\n"
       "request = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method='POST')\n"
       "try:\n"
       "    answer = urllib.request.urlopen(request, timeout=60)\n"
       "    print(answer.status, answer.read().decode())\n"
       "except urllib.error.HTTPError as error:\n"
       "    print(error.code, error.read().decode())\n",
       url, body},
      std::chrono::seconds(90));
  if (!posted.ok()) return posted.status().ToString();
  return posted->stdout_text;
}

TEST(Triggers, PostedNotificationsReachTheHandlers) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<uint16_t> port = FindFreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  LakefeedTaskOptions options;
  options.include = {"trig_http.%"};
  const std::string examples = std::string(LAKEFEED_SOURCE_DIR) + "/examples/triggers";
  options.extra_yaml = "triggers:\n  - name: lambda\n    exec: [python3, " + examples + "/lambda_shim.py, " + examples +
                       ", record_key.lambda_handler]\n    suffix: .csv\nhttp:\n  listen: 127.0.0.1:" +
                       std::to_string(*port) + "\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string record_file = task->work_dir() + "/handled.txt";
  setenv("RECORD_FILE", record_file.c_str(), 1);
  Result<Subprocess> run = task->Start("run");
  ASSERT_TRUE(run.ok());
  for (int wait = 0; wait < 500 && !CanConnectLoopback(*port) && run->Running(); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(CanConnectLoopback(*port)) << TailOfFile(task->log_path(), 4000);
  const std::string url = "http://127.0.0.1:" + std::to_string(*port) + "/api/v1/events";

  // MinIO's body: two created objects (one filtered out by the suffix) and a removal, which is not an event.
  const std::string minio =
      R"({"EventName":"s3:ObjectCreated:Put","Key":"raw/dms/LOAD00000001.csv","Records":[)"
      R"({"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"raw"},"object":{"key":"dms%2FLOAD00000001.csv","size":4}}},)"
      R"({"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"raw"},"object":{"key":"dms/notes.txt","size":4}}},)"
      R"({"eventName":"s3:ObjectRemoved:Delete","s3":{"bucket":{"name":"raw"},"object":{"key":"gone.csv"}}}]})";
  EXPECT_EQ(Post(url, minio), "200 {\"accepted\":2}\n");
  // AWS's body, a key with a space.
  const std::string aws =
      R"({"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventName":"ObjectCreated:Put",)"
      R"("s3":{"bucket":{"name":"dms-out"},"object":{"key":"shop/order+items/20261207-024500123.csv","size":9}}}]})";
  EXPECT_EQ(Post(url, aws), "200 {\"accepted\":1}\n");
  // The answers came after the handler ran: its lines are there, in order.
  Result<std::string> handled = ReadFile(record_file);
  ASSERT_TRUE(handled.ok()) << TailOfFile(task->log_path(), 4000);
  EXPECT_EQ(Lines(*handled),
            (std::vector<std::string>{"raw dms/LOAD00000001.csv", "dms-out shop/order items/20261207-024500123.csv"}));
  const std::string refused = Post(url, R"({"records":[]})");
  EXPECT_EQ(refused.rfind("400 ", 0), 0u) << refused;
  EXPECT_NE(refused.find("Records"), std::string::npos) << refused;
  ASSERT_TRUE(run->Running()) << TailOfFile(task->log_path(), 4000);
  run->Signal(SIGTERM);
  Result<int> code = run->Wait(std::chrono::seconds(60));
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(*code, 0) << TailOfFile(task->log_path(), 4000);
}

TEST(Triggers, PollersFindFilesOthersWrite) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<TempDir> dms = TempDir::Create("lakefeed-dms-output-");
  ASSERT_TRUE(dms.ok());
  auto write = [&](const std::string& key) {
    fs::create_directories(fs::path(dms->path() + "/" + key).parent_path());
    ASSERT_TRUE(WriteFile(dms->path() + "/" + key, "Op,id\nI,1\n").ok());
  };
  write("shop/orders/20261207-010000000.csv");
  write("shop/orders/LOAD00000001.csv");
  LakefeedTaskOptions options;
  options.include = {"trig_poll.%"};
  const std::string examples = std::string(LAKEFEED_SOURCE_DIR) + "/examples/triggers";
  options.extra_yaml = "triggers:\n  - name: lambda\n    exec: [python3, " + examples + "/lambda_shim.py, " + examples +
                       ", record_key.lambda_handler]\npollers:\n  - name: dms\n    url: file://" + dms->path() + "\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  const std::string record_file = task->work_dir() + "/handled.txt";
  setenv("RECORD_FILE", record_file.c_str(), 1);
  Result<CommandResult> synced = task->Run("sync");
  ASSERT_TRUE(synced.ok());
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  write("shop/orders/20261207-020000000.csv");
  write("shop/items/LOAD00000001.csv");
  synced = task->Run("sync");
  ASSERT_TRUE(synced.ok());
  ASSERT_EQ(synced->exit_code, 0) << DescribeRun(*synced, *task);
  Result<std::string> handled = ReadFile(record_file);
  ASSERT_TRUE(handled.ok()) << TailOfFile(task->log_path(), 4000);
  const std::string bucket = dms->path() + " ";
  EXPECT_EQ(Lines(*handled), (std::vector<std::string>{bucket + "shop/orders/LOAD00000001.csv",
                                                        bucket + "shop/orders/20261207-010000000.csv",
                                                        bucket + "shop/items/LOAD00000001.csv",
                                                        bucket + "shop/orders/20261207-020000000.csv"}));
  EXPECT_TRUE(fs::exists(task->lake_dir() + "/_lakefeed/pollers/dms.json"));
}

TEST(Triggers, WebhookFailuresEndInTheDeadLetter) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<uint16_t> port = FindFreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  Result<TempDir> dir = TempDir::Create("lakefeed-webhook-");
  ASSERT_TRUE(dir.ok());
  const std::string received = dir->path() + "/received.txt";
  // Refuses (503) every event of table t2, accepts the others; writes down each key it was sent.
  const std::string receiver =
      "import http.server, json, sys\n"
      "from urllib.parse import unquote_plus\n"
      "class H(http.server.BaseHTTPRequestHandler):\n"
      "    def log_message(self, *args): pass\n"
      "    def do_POST(self):\n"
      "        event = json.loads(self.rfile.read(int(self.headers['Content-Length'])))\n"
      "        key = unquote_plus(event['Records'][0]['s3']['object']['key'])\n"
      "        with open('" + received + "', 'a') as out: out.write(key + '\\n')\n"
      "        status = 503 if '/t2/' in key else 200\n"
      "        self.send_response(status); self.send_header('Content-Length', '2'); self.end_headers()\n"
      "        self.wfile.write(b'no' if status != 200 else b'ok')\n"
      "http.server.HTTPServer(('127.0.0.1', " + std::to_string(*port) + "), H).serve_forever()\n";
  Result<Subprocess> server = Subprocess::Spawn({"python3", "-c", receiver}, SpawnOptions{});
  ASSERT_TRUE(server.ok());
  for (int wait = 0; wait < 200 && !CanConnectLoopback(*port); ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  LakefeedTaskOptions options;
  options.include = {"trig_hook.t1", "trig_hook.t2"};
  options.start = "full-load-and-cdc";
  options.extra_yaml = "triggers:\n  - name: hook\n    webhook: http://127.0.0.1:" + std::to_string(*port) +
                       "/events\n    max_attempts: 2\n    backoff_ms: 10\n";
  Result<LakefeedTask> task = LakefeedTask::Create(db, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  RunWorkload(db, *task, "trig_hook");

  const std::map<std::string, std::vector<std::string>> committed = LakeFilesInCommitOrder(task->lake_dir());
  ASSERT_EQ(committed.size(), 2u);
  Result<std::string> got = ReadFile(received);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  std::map<std::string, std::vector<std::string>> seen;
  for (const std::string& key : Lines(*got)) seen[key.substr(0, key.find('/', key.find('/') + 1))].push_back(key);
  // t1: each file once, in order. t2: each file twice in a row (two attempts), then its dead letter.
  EXPECT_EQ(seen["trig_hook/t1"], committed.at("trig_hook/t1"));
  std::vector<std::string> twice;
  for (const std::string& key : committed.at("trig_hook/t2")) {
    twice.push_back(key);
    twice.push_back(key);
  }
  EXPECT_EQ(seen["trig_hook/t2"], twice);
  size_t letters = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(task->lake_dir() + "/_lakefeed/dead-letter/hook")) {
    Result<std::string> text = ReadFile(entry.path().string());
    ASSERT_TRUE(text.ok());
    const nlohmann::json letter = nlohmann::json::parse(*text);
    EXPECT_EQ(letter["attempts"], 2);
    EXPECT_NE(letter["error"].get<std::string>().find("HTTP 503"), std::string::npos) << *text;
    const std::string key = letter["event"]["Records"][0]["s3"]["object"]["key"].get<std::string>();
    EXPECT_EQ(key.rfind("trig_hook/t2/", 0), 0u) << key;
    ++letters;
  }
  EXPECT_EQ(letters, committed.at("trig_hook/t2").size());

  // `lakefeed status` shows the trigger's counts and its dead letters.
  Result<CommandResult> status = task->Run("status", std::chrono::minutes(1), {"--json"});
  ASSERT_TRUE(status.ok()) << status.status().ToString();
  ASSERT_EQ(status->exit_code, 0) << status->stderr_text;
  const nlohmann::json shown = nlohmann::json::parse(status->stdout_text);
  ASSERT_EQ(shown["Triggers"].size(), 1u) << status->stdout_text;
  EXPECT_EQ(shown["Triggers"][0]["Name"], "hook");
  EXPECT_EQ(shown["Triggers"][0]["Delivered"], committed.at("trig_hook/t1").size());
  EXPECT_EQ(shown["Triggers"][0]["DeadLetters"], committed.at("trig_hook/t2").size());
  EXPECT_EQ(shown["Triggers"][0]["DeadLetterKeys"].size(), committed.at("trig_hook/t2").size());
}

}  // namespace
}  // namespace cdc::harness
