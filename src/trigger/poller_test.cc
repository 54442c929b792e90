#include "trigger/poller.h"

#include <gtest/gtest.h>

#include <mutex>

#include "store/mem_store.h"

namespace cdc::trigger {
namespace {

class KeyRecorder : public Handler {
 public:
  explicit KeyRecorder(std::vector<std::string>* keys) : keys_(keys) {}
  Status Handle(const ObjectCreated& event, const std::string& /*json*/) override {
    keys_->push_back(event.bucket + " " + event.key);
    return Status::OK();
  }

 private:
  std::vector<std::string>* keys_;
};

class PollerTest : public ::testing::Test {
 protected:
  void Put(const std::string& key) { ASSERT_TRUE(watched_.Put(key, "x").ok()); }

  std::unique_ptr<Dispatcher> StartDispatcher() {
    std::vector<Route> routes;
    Route route;
    route.name = "record";
    route.handler = std::make_unique<KeyRecorder>(&keys_);
    routes.push_back(std::move(route));
    auto dispatcher = std::make_unique<Dispatcher>(&lake_, EventAddressOf("mem://", ""), std::move(routes));
    EXPECT_TRUE(dispatcher->LoadProgress().ok());
    EXPECT_TRUE(dispatcher->Start(std::nullopt).ok());
    return dispatcher;
  }

  store::MemStore watched_;
  store::MemStore lake_;
  std::vector<std::string> keys_;
};

TEST_F(PollerTest, NewFilesOfEachFolderLoadFirstThenByName) {
  Put("shop/orders/20261207-010000000.csv");
  Put("shop/orders/LOAD00000001.csv");
  Put("shop/items/LOAD00000001.csv");
  auto dispatcher = StartDispatcher();
  Poller poller("dms", &watched_, EventAddressOf("s3://dms-out/raw", "eu-west-1"), &lake_, dispatcher.get(),
                /*from_now=*/false);
  ASSERT_EQ(poller.PollOnce().value(), 3u);
  EXPECT_EQ(keys_, (std::vector<std::string>{"dms-out raw/shop/items/LOAD00000001.csv",
                                             "dms-out raw/shop/orders/LOAD00000001.csv",
                                             "dms-out raw/shop/orders/20261207-010000000.csv"}));
  ASSERT_EQ(poller.PollOnce().value(), 0u);
  // A later change file sorts before the LOAD files, a later LOAD file after them: both are new.
  Put("shop/orders/20261207-020000000.csv");
  Put("shop/orders/LOAD00000002.csv");
  Put("shop/orders/20261207-000000000.csv");  // older than one already handled: not picked up (the rule)
  keys_.clear();
  ASSERT_EQ(poller.PollOnce().value(), 2u);
  EXPECT_EQ(keys_, (std::vector<std::string>{"dms-out raw/shop/orders/LOAD00000002.csv",
                                             "dms-out raw/shop/orders/20261207-020000000.csv"}));

  // Another poller object on the same lake (a restart) goes on where this one stopped.
  Poller restarted("dms", &watched_, EventAddressOf("s3://dms-out/raw", ""), &lake_, dispatcher.get(), false);
  Put("shop/items/20261207-030000000.csv");
  keys_.clear();
  ASSERT_EQ(restarted.PollOnce().value(), 1u);
  EXPECT_EQ(keys_, (std::vector<std::string>{"dms-out raw/shop/items/20261207-030000000.csv"}));
}

TEST_F(PollerTest, FromNowSkipsWhatIsThereAndAFailedPassIsRepeated) {
  Put("a/LOAD00000001.csv");
  Dispatcher stopped(&lake_, EventAddressOf("mem://", ""), {});  // never started: every pass fails
  Poller failing("p", &watched_, EventAddressOf("s3://b", ""), &lake_, &stopped, /*from_now=*/false);
  EXPECT_TRUE(failing.PollOnce().status().IsUnavailable());
  EXPECT_TRUE(lake_.Get(PollerStateKey("p")).status().IsNotFound());  // nothing stored: the next pass repeats

  auto dispatcher = StartDispatcher();
  Poller from_now("q", &watched_, EventAddressOf("s3://b", ""), &lake_, dispatcher.get(), /*from_now=*/true);
  ASSERT_EQ(from_now.PollOnce().value(), 0u);
  Put("a/20261207-010000000.csv");
  ASSERT_EQ(from_now.PollOnce().value(), 1u);
  EXPECT_EQ(keys_, (std::vector<std::string>{"b a/20261207-010000000.csv"}));

  ASSERT_TRUE(lake_.Put(PollerStateKey("q"), R"({"folders":{"a":{"load":1}}})").ok());
  Poller broken("q", &watched_, EventAddressOf("s3://b", ""), &lake_, dispatcher.get(), true);
  EXPECT_TRUE(broken.PollOnce().status().IsCorruption());
}

}  // namespace
}  // namespace cdc::trigger
