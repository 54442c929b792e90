#include "trigger/dispatcher.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <mutex>
#include <thread>

#include "lake/checkpoint.h"
#include "lake/layout.h"
#include "store/mem_store.h"

namespace cdc::trigger {
namespace {

using std::chrono::milliseconds;

// ------------------------------------------------------------------------------------------ handlers

std::string TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lakefeed-trigger-XXXXXX").string();
  return mkdtemp(pattern.data());
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ObjectCreated Event(const std::string& key) {
  ObjectCreated event;
  event.bucket = "lake";
  event.key = key;
  event.sequencer = "000000000000000100000000";
  return event;
}

TEST(ExecHandlerTest, GetsTheEventOnStdinAndInTheEnvironment) {
  const std::string dir = TempDir();
  auto handler = NewExecHandler(
      {{"sh", "-c", "cat > " + dir + "/stdin; printf %s \"$LAKEFEED_EVENT\" > " + dir + "/env"}, milliseconds(10000)});
  const std::string json = ToS3EventJson(Event("a b.csv"));
  ASSERT_TRUE(handler->Handle(Event("a b.csv"), json).ok());
  EXPECT_EQ(Slurp(dir + "/stdin"), json);
  EXPECT_EQ(Slurp(dir + "/env"), json);
  std::filesystem::remove_all(dir);
}

TEST(ExecHandlerTest, AFailureSaysHowItEndedAndWhatItPrinted) {
  auto failing = NewExecHandler({{"sh", "-c", "echo no such table >&2; exit 3"}, milliseconds(10000)});
  Status status = failing->Handle(Event("k"), "{}");
  EXPECT_TRUE(status.IsUnavailable());
  EXPECT_NE(status.ToString().find("exited with 3"), std::string::npos) << status.ToString();
  EXPECT_NE(status.ToString().find("no such table"), std::string::npos) << status.ToString();

  // A command that ignores its stdin and outlives the timeout is killed with what it started.
  auto slow = NewExecHandler({{"sh", "-c", "sleep 30 & sleep 30"}, milliseconds(300)});
  const auto started = std::chrono::steady_clock::now();
  status = slow->Handle(Event("k"), std::string(100000, 'x'));  // more than a pipe holds
  EXPECT_TRUE(status.IsUnavailable());
  EXPECT_NE(status.ToString().find("timed out"), std::string::npos) << status.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));

  auto missing = NewExecHandler({{"/nonexistent/handler"}, milliseconds(10000)});
  status = missing->Handle(Event("k"), "{}");
  EXPECT_NE(status.ToString().find("exited with 127"), std::string::npos) << status.ToString();
}

// A one-thread HTTP server on loopback that answers each request with the next status of `statuses`
// (then 200) and keeps the bodies it got.
class Receiver {
 public:
  explicit Receiver(std::vector<int> statuses) : statuses_(std::move(statuses)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(listener_, 8);
    thread_ = std::thread([this] { Serve(); });
  }
  ~Receiver() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::vector<std::string> bodies() {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_;
  }

 private:
  void Serve() {
    for (size_t served = 0;; ++served) {
      int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      size_t body_at = std::string::npos;
      size_t length = 0;
      while (body_at == std::string::npos || request.size() < body_at + length) {
        ssize_t count = read(connection, buffer, sizeof(buffer));
        if (count <= 0) break;
        request.append(buffer, static_cast<size_t>(count));
        if (body_at == std::string::npos && (body_at = request.find("\r\n\r\n")) != std::string::npos) {
          body_at += 4;
          size_t header = request.find("Content-Length: ");
          length = header == std::string::npos ? 0 : std::strtoul(request.c_str() + header + 16, nullptr, 10);
        }
      }
      const int status = served < statuses_.size() ? statuses_[served] : 200;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        bodies_.push_back(body_at == std::string::npos ? "" : request.substr(body_at));
      }
      const std::string answer = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope";
      (void)!write(connection, answer.data(), answer.size());
      close(connection);
    }
  }

  std::vector<int> statuses_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> bodies_;
};

TEST(WebhookHandlerTest, PostsTheEventAndWantsA2xx) {
  Receiver receiver({503});
  auto handler = NewWebhookHandler({receiver.url(), milliseconds(5000), {"Authorization: Bearer t"}});
  const std::string json = ToS3EventJson(Event("k.csv"));
  Status first = handler->Handle(Event("k.csv"), json);
  EXPECT_TRUE(first.IsUnavailable());
  EXPECT_NE(first.ToString().find("HTTP 503"), std::string::npos) << first.ToString();
  EXPECT_TRUE(handler->Handle(Event("k.csv"), json).ok());
  EXPECT_EQ(receiver.bodies(), (std::vector<std::string>{json, json}));
}

// ---------------------------------------------------------------------------------------- dispatcher

// Records what it is given; fails while `failures` says so (per key: that many failures first).
class RecordingHandler : public Handler {
 public:
  struct Shared {
    std::mutex mutex;
    std::vector<std::string> keys;         // handled, in order
    std::map<std::string, int> failures;   // key -> failures still to give
  };
  explicit RecordingHandler(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  Status Handle(const ObjectCreated& event, const std::string& json) override {
    EXPECT_EQ(ParseS3Notification(json).value().front().key, event.key);
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (shared_->failures[event.key] > 0) {
      --shared_->failures[event.key];
      return Status::Unavailable("handler", "injected failure for " + event.key);
    }
    shared_->keys.push_back(event.key);
    return Status::OK();
  }

 private:
  std::shared_ptr<Shared> shared_;
};

// A lake with checkpoints 1..n, each publishing `files_per_checkpoint` files of tables t1 and t2.
lake::Checkpoint WriteCheckpoint(store::ObjectStore& lake, uint64_t number, int files) {
  lake::Checkpoint checkpoint;
  checkpoint.number = number;
  checkpoint.written_ms = 1796611500000 + static_cast<int64_t>(number);
  checkpoint.staging = lake::StagingPrefix(number, "run");
  for (int file_idx = 0; file_idx < files; ++file_idx) {
    lake::CommittedFile file;
    file.table = file_idx % 2 == 0 ? "d.t1" : "d.t2";
    file.key = "d/" + std::string(file_idx % 2 == 0 ? "t1" : "t2") + "/" + std::to_string(number) + "-" +
               std::to_string(file_idx) + ".csv";
    file.rows = 1;
    file.bytes = 10;
    file.etag = "e";
    checkpoint.files.push_back(file);
  }
  EXPECT_TRUE(lake.Put(lake::CheckpointKey(number), lake::EncodeCheckpoint(checkpoint).value()).ok());
  return checkpoint;
}

std::vector<lake::ObjectCreatedEvent> EventsOf(const lake::Checkpoint& checkpoint) {
  std::vector<lake::ObjectCreatedEvent> events;
  for (size_t file_idx = 0; file_idx < checkpoint.files.size(); ++file_idx) {
    events.push_back({checkpoint.files[file_idx], lake::EventSequencer(checkpoint.number, static_cast<uint32_t>(file_idx)),
                      checkpoint.written_ms});
  }
  return events;
}

Route RecordingRoute(const std::string& name, std::shared_ptr<RecordingHandler::Shared> shared) {
  Route route;
  route.name = name;
  route.handler = std::make_unique<RecordingHandler>(std::move(shared));
  route.max_attempts = 3;
  route.backoff_initial_ms = 1;
  route.backoff_max_ms = 5;
  return route;
}

TEST(DispatcherTest, DeliversInCommitOrderRetriesAndDeadLetters) {
  store::MemStore lake;
  auto shared = std::make_shared<RecordingHandler::Shared>();
  shared->failures["raw/d/t1/1-0.csv"] = 2;   // handled at the third attempt
  shared->failures["raw/d/t2/1-1.csv"] = 99;  // never: dead letter
  std::vector<Route> routes;
  routes.push_back(RecordingRoute("all", shared));
  auto t2_only = std::make_shared<RecordingHandler::Shared>();
  Route filtered = RecordingRoute("t2-only", t2_only);
  filtered.prefix = "d/t2/";
  filtered.suffix = ".csv";
  routes.push_back(std::move(filtered));
  Dispatcher dispatcher(&lake, EventAddressOf("s3://bucket/raw", "us-east-1"), std::move(routes));
  ASSERT_TRUE(dispatcher.LoadProgress().ok());
  ASSERT_TRUE(dispatcher.Start(std::nullopt).ok());
  const lake::Checkpoint first = WriteCheckpoint(lake, 1, 3);
  const lake::Checkpoint second = WriteCheckpoint(lake, 2, 2);
  dispatcher.Enqueue(EventsOf(first));
  dispatcher.Enqueue(EventsOf(second));
  dispatcher.Enqueue(EventsOf(second));  // again (the lake's Recover queues its last checkpoint again)
  ASSERT_TRUE(dispatcher.Drain(std::chrono::seconds(30)).ok());

  // Keys carry the lake's prefix; the failing file is skipped after 3 attempts; order is commit order.
  EXPECT_EQ(shared->keys, (std::vector<std::string>{"raw/d/t1/1-0.csv", "raw/d/t1/1-2.csv", "raw/d/t1/2-0.csv",
                                                    "raw/d/t2/2-1.csv"}));
  const std::vector<Dispatcher::RouteStats> stats = dispatcher.stats();
  EXPECT_EQ(stats[0].delivered, 4u);
  EXPECT_EQ(stats[0].retries, 2u + 2u);
  EXPECT_EQ(stats[0].dead_letters, 1u);
  // The filter looks at keys relative to the lake.
  EXPECT_EQ(t2_only->keys, (std::vector<std::string>{"raw/d/t2/1-1.csv", "raw/d/t2/2-1.csv"}));
  EXPECT_EQ(stats[1].filtered, 3u);

  // The dead letter holds the event and why it was given up.
  Result<std::string> letter = lake.Get(DeadLetterKey("all", lake::EventSequencer(1, 1)));
  ASSERT_TRUE(letter.ok()) << letter.status().ToString();
  const nlohmann::json json = nlohmann::json::parse(*letter);
  EXPECT_EQ(json["attempts"], 3);
  EXPECT_NE(json["error"].get<std::string>().find("injected failure"), std::string::npos);
  EXPECT_EQ(json["event"]["Records"][0]["s3"]["object"]["key"], "raw/d/t2/1-1.csv");
  EXPECT_EQ(json["event"]["Records"][0]["s3"]["bucket"]["name"], "bucket");
  // Drained: the progress of both routes is stored, and the lake need keep nothing for them.
  for (const char* route : {"all", "t2-only"}) {
    const nlohmann::json progress = nlohmann::json::parse(lake.Get(ProgressKey(route)).value());
    EXPECT_EQ(progress["sequencer"], lake::EventSequencer(2, 1)) << route;
  }
  EXPECT_EQ(dispatcher.NeededCheckpoint(), std::numeric_limits<uint64_t>::max());
}

TEST(DispatcherTest, ARestartReplaysWhatARouteHadNotFinishedFromTheCheckpoints) {
  store::MemStore lake;
  const lake::Checkpoint first = WriteCheckpoint(lake, 1, 3);
  const lake::Checkpoint second = WriteCheckpoint(lake, 2, 2);
  // The route had finished the first file of checkpoint 1 when the process died.
  ASSERT_TRUE(lake.Put(ProgressKey("old"), R"({"sequencer":")" + lake::EventSequencer(1, 0) + R"("})").ok());
  auto old_route = std::make_shared<RecordingHandler::Shared>();
  auto new_route = std::make_shared<RecordingHandler::Shared>();
  std::vector<Route> routes;
  routes.push_back(RecordingRoute("old", old_route));
  routes.push_back(RecordingRoute("new", new_route));
  Dispatcher dispatcher(&lake, EventAddressOf("file:///var/lake", ""), std::move(routes));
  ASSERT_TRUE(dispatcher.LoadProgress().ok());
  // Before Start, the lake is told to keep checkpoint 1 (a prune now would lose the route's events).
  EXPECT_EQ(dispatcher.NeededCheckpoint(), 1u);
  Status started = dispatcher.Start(second);
  ASSERT_TRUE(started.ok()) << started.ToString();
  dispatcher.Enqueue(EventsOf(second));  // as the lake's Recover queues them again
  ASSERT_TRUE(dispatcher.Drain(std::chrono::seconds(30)).ok());
  EXPECT_EQ(old_route->keys,
            (std::vector<std::string>{"d/t2/1-1.csv", "d/t1/1-2.csv", "d/t1/2-0.csv", "d/t2/2-1.csv"}));
  // A new route starts after the latest checkpoint, as an S3 notification starts when configured.
  EXPECT_TRUE(new_route->keys.empty());
  const lake::Checkpoint third = WriteCheckpoint(lake, 3, 1);
  dispatcher.Enqueue(EventsOf(third));
  ASSERT_TRUE(dispatcher.Drain(std::chrono::seconds(30)).ok());
  EXPECT_EQ(new_route->keys, (std::vector<std::string>{"d/t1/3-0.csv"}));

  // A progress object that is not ours is an error, not a silent restart from scratch.
  ASSERT_TRUE(lake.Put(ProgressKey("old"), R"({"sequencer":"zz"})").ok());
  std::vector<Route> again;
  again.push_back(RecordingRoute("old", old_route));
  Dispatcher broken(&lake, EventAddressOf("file:///var/lake", ""), std::move(again));
  EXPECT_TRUE(broken.LoadProgress().IsCorruption());
}

// A retried dead letter of the lake's own file on an s3://bucket/prefix lake: its key carries the lake's prefix,
// which the trigger's filter did not see at the first delivery and must not see now.
TEST(DispatcherTest, RetriedLakeEventsAreFilteredByTheKeyInTheLake) {
  store::MemStore lake;
  auto shared = std::make_shared<RecordingHandler::Shared>();
  std::vector<Route> routes;
  Route orders = RecordingRoute("orders", shared);
  orders.prefix = "shop/orders/";
  routes.push_back(std::move(orders));
  Dispatcher dispatcher(&lake, EventAddressOf("s3://bucket/raw", ""), std::move(routes));
  ASSERT_TRUE(dispatcher.LoadProgress().ok());
  ASSERT_TRUE(dispatcher.Start(std::nullopt).ok());
  ObjectCreated event;
  event.bucket = "bucket";
  event.key = "raw/shop/orders/20261207-120000000.csv";
  // As an outside object the key is matched as it is: filtered out.
  ASSERT_TRUE(dispatcher.HandleExternal({event}, std::chrono::seconds(30), "orders").ok());
  EXPECT_TRUE(shared->keys.empty());
  EXPECT_EQ(dispatcher.stats()[0].filtered, 1u);
  // As the lake's own file, without the lake's prefix: delivered.
  ASSERT_TRUE(dispatcher
                  .HandleExternal({event}, std::chrono::seconds(30), "orders", nullptr,
                                  Dispatcher::Origin::kThisLake)
                  .ok());
  EXPECT_EQ(shared->keys, (std::vector<std::string>{"raw/shop/orders/20261207-120000000.csv"}));
}

TEST(DispatcherTest, OutsideEventsAreHandledBeforeTheAnswer) {
  store::MemStore lake;
  auto shared = std::make_shared<RecordingHandler::Shared>();
  shared->failures["dms/t/bad.csv"] = 99;
  std::vector<Route> routes;
  Route csv_only = RecordingRoute("csv", shared);
  csv_only.suffix = ".csv";
  routes.push_back(std::move(csv_only));
  Dispatcher dispatcher(&lake, EventAddressOf("mem://", ""), std::move(routes));
  std::vector<ObjectCreated> events;
  for (const char* key : {"dms/t/LOAD00000001.csv", "dms/t/readme.txt", "dms/t/bad.csv"}) {
    ObjectCreated event;
    event.bucket = "other";
    event.key = key;
    events.push_back(event);
  }
  EXPECT_TRUE(dispatcher.HandleExternal(events, std::chrono::seconds(5)).IsUnavailable());  // not started
  ASSERT_TRUE(dispatcher.LoadProgress().ok());
  ASSERT_TRUE(dispatcher.Start(std::nullopt).ok());
  ASSERT_TRUE(dispatcher.HandleExternal(events, std::chrono::seconds(30)).ok());
  // Handled (the filter looks at the key as it is), filtered out, dead-lettered: all before the answer.
  EXPECT_EQ(shared->keys, (std::vector<std::string>{"dms/t/LOAD00000001.csv"}));
  EXPECT_EQ(dispatcher.stats()[0].filtered, 1u);
  EXPECT_EQ(dispatcher.stats()[0].dead_letters, 1u);
  Result<std::vector<store::ObjectInfo>> letters = store::ListAll(lake, DeadLetterPrefix("csv"));
  ASSERT_TRUE(letters.ok());
  ASSERT_EQ(letters->size(), 1u);
  EXPECT_EQ((*letters)[0].key.rfind(DeadLetterPrefix("csv") + "external-", 0), 0u) << (*letters)[0].key;
  // They are not the lake's events: the stored progress does not move.
  ASSERT_TRUE(dispatcher.Drain(std::chrono::seconds(30)).ok());
  Result<StoredProgress> progress = ReadProgress(lake, "csv");
  ASSERT_TRUE(progress.ok()) << progress.status().ToString();
  EXPECT_EQ(progress->sequencer, "");
  EXPECT_EQ(progress->delivered, 1u);
}

}  // namespace
}  // namespace cdc::trigger
