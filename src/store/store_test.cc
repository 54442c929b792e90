#include "store/object_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/fault_injecting_store.h"
#include "store/local_store.h"
#include "store/mem_store.h"

namespace cdc::store {
namespace {

namespace fs = std::filesystem;

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = testing::TempDir() + "store_test_XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern;
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code error;
    fs::remove_all(path_, error);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::vector<std::string> KeysOf(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> keys;
  for (const ObjectInfo& object : objects) keys.push_back(object.key);
  return keys;
}

std::vector<std::string> ListKeys(ObjectStore& store, std::string_view prefix, std::string_view start_after = {}) {
  Result<std::vector<ObjectInfo>> all = ListAll(store, prefix, start_after);
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  return all.ok() ? KeysOf(*all) : std::vector<std::string>{};
}

// Bytes that differ per key and position, so a torn or misplaced read shows.
std::string Pattern(std::string_view seed, size_t size) {
  std::string data(size, '\0');
  size_t hash = std::hash<std::string_view>{}(seed);
  for (size_t byte_idx = 0; byte_idx < size; ++byte_idx) data[byte_idx] = static_cast<char>((hash + byte_idx * 131) >> 3);
  return data;
}

ListOptions Listing(std::string prefix, std::string start_after = {}, uint32_t max_keys = 1000) {
  ListOptions options;
  options.prefix = std::move(prefix);
  options.start_after = std::move(start_after);
  options.max_keys = max_keys;
  return options;
}

void WriteLocalFile(const std::string& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(out.good()) << path;
}

// ---------------------------------------------------------------------------------------------
// The behaviour every store shares, run against LocalStore and MemStore.

enum class StoreKind { kLocal, kMem };

class StoreTest : public testing::TestWithParam<StoreKind> {
 protected:
  void SetUp() override {
    if (GetParam() == StoreKind::kLocal) {
      Result<std::unique_ptr<LocalStore>> local = LocalStore::Open(dir_.path() + "/lake");
      ASSERT_TRUE(local.ok()) << local.status().ToString();
      store_ = std::move(*local);
    } else {
      store_ = std::make_unique<MemStore>();
    }
  }

  ObjectInfo MustPut(std::string_view key, std::string_view data) {
    Result<ObjectInfo> info = store_->Put(key, data);
    EXPECT_TRUE(info.ok()) << key << ": " << info.status().ToString();
    return info.ok() ? *info : ObjectInfo{};
  }

  // Makes an object without going through Put: for LocalStore a file written by hand, which
  // skips the two fsyncs of a Put where a test needs thousands of keys.
  void Seed(const std::string& key, std::string_view data) {
    if (GetParam() == StoreKind::kMem) {
      MustPut(key, data);
      return;
    }
    fs::path path = fs::path(dir_.path()) / "lake" / key;
    fs::create_directories(path.parent_path());
    WriteLocalFile(path.string(), data);
  }

  std::string MustGet(std::string_view key, ByteRange range = {}) {
    Result<std::string> data = store_->Get(key, range);
    EXPECT_TRUE(data.ok()) << key << ": " << data.status().ToString();
    return data.ok() ? *data : std::string();
  }

  TempDir dir_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_P(StoreTest, PutThenGetAndHead) {
  ObjectInfo put = MustPut("shop/orders/20261124-061502123.csv", "I,1,a\n");
  EXPECT_EQ(put.key, "shop/orders/20261124-061502123.csv");
  EXPECT_EQ(put.size, 6u);
  EXPECT_FALSE(put.etag.empty());
  EXPECT_GT(put.modified_ms, 1'600'000'000'000);  // after 2020: a real wall-clock time

  EXPECT_EQ(MustGet("shop/orders/20261124-061502123.csv"), "I,1,a\n");
  Result<ObjectInfo> head = store_->Head("shop/orders/20261124-061502123.csv");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->key, put.key);
  EXPECT_EQ(head->size, 6u);
  EXPECT_EQ(head->etag, put.etag);
  EXPECT_EQ(head->modified_ms, put.modified_ms);
}

TEST_P(StoreTest, OverwriteReplacesDataAndChangesEtag) {
  std::set<std::string> etags;
  etags.insert(MustPut("k", "first").etag);
  etags.insert(MustPut("k", "second, longer").etag);
  EXPECT_EQ(MustGet("k"), "second, longer");
  // The same bytes again are still a new version.
  etags.insert(MustPut("k", "second, longer").etag);
  etags.insert(MustPut("k", "second, longer").etag);
  EXPECT_EQ(etags.size(), 4u);
  ObjectInfo last = MustPut("k", "x");
  EXPECT_EQ(store_->Head("k")->etag, last.etag);
}

TEST_P(StoreTest, MissingKeyIsNotFoundNamingTheKey) {
  Result<std::string> get = store_->Get("shop/none.csv");
  EXPECT_TRUE(get.status().IsNotFound()) << get.status().ToString();
  EXPECT_NE(get.status().message().find("shop/none.csv"), std::string::npos) << get.status().ToString();
  Result<ObjectInfo> head = store_->Head("shop/none.csv");
  EXPECT_TRUE(head.status().IsNotFound()) << head.status().ToString();
  EXPECT_NE(head.status().message().find("shop/none.csv"), std::string::npos);
  // A folder of other keys is not a key.
  MustPut("shop/orders/1.csv", "x");
  EXPECT_TRUE(store_->Get("shop/orders").status().IsNotFound());
  EXPECT_TRUE(store_->Head("shop").status().IsNotFound());
}

TEST_P(StoreTest, EmptyAndBinaryObjects) {
  EXPECT_EQ(MustPut("empty", "").size, 0u);
  EXPECT_EQ(MustGet("empty"), "");
  std::string binary = Pattern("binary", 1 << 20);
  binary[0] = '\0';
  binary[binary.size() - 1] = '\0';
  EXPECT_EQ(MustPut("bin/blob", binary).size, binary.size());
  EXPECT_EQ(MustGet("bin/blob"), binary);
}

TEST_P(StoreTest, RangedGet) {
  MustPut("r", "0123456789");
  EXPECT_EQ(MustGet("r", {.offset = 2, .length = 3}), "234");
  EXPECT_EQ(MustGet("r", {.offset = 7, .length = 0}), "789");    // 0: to the end
  EXPECT_EQ(MustGet("r", {.offset = 8, .length = 100}), "89");   // cut at the end
  EXPECT_EQ(MustGet("r", {.offset = 0, .length = 10}), "0123456789");
  EXPECT_EQ(MustGet("r", {.offset = 10, .length = 0}), "");      // at the end: nothing
  Result<std::string> past = store_->Get("r", {.offset = 11, .length = 1});
  EXPECT_TRUE(past.status().IsInvalidArgument()) << past.status().ToString();
  EXPECT_TRUE(store_->Get("missing", {.offset = 1, .length = 1}).status().IsNotFound());
}

TEST_P(StoreTest, PutIfAbsentFailsWhenTheKeyExists) {
  PutOptions if_absent = PutOptions::IfAbsent();
  ASSERT_TRUE(store_->Put("_lakefeed/checkpoints/00000000000000000001.json", "one", if_absent).ok());
  Result<ObjectInfo> again = store_->Put("_lakefeed/checkpoints/00000000000000000001.json", "two", if_absent);
  EXPECT_TRUE(again.status().IsConflict()) << again.status().ToString();
  EXPECT_NE(again.status().message().find("00000000000000000001.json"), std::string::npos);
  EXPECT_EQ(MustGet("_lakefeed/checkpoints/00000000000000000001.json"), "one");
  // The failed write leaves nothing behind.
  EXPECT_EQ(ListKeys(*store_, ""), std::vector<std::string>{"_lakefeed/checkpoints/00000000000000000001.json"});
}

TEST_P(StoreTest, IfMatchComparesTheEtag) {
  ObjectInfo first = MustPut("state.json", "v1");
  ObjectInfo second = MustPut("state.json", "v2");
  Result<ObjectInfo> stale = store_->Put("state.json", "v3 from a stale reader", PutOptions::IfMatch(first.etag));
  EXPECT_TRUE(stale.status().IsConflict()) << stale.status().ToString();
  EXPECT_EQ(MustGet("state.json"), "v2");

  Result<ObjectInfo> fresh = store_->Put("state.json", "v3", PutOptions::IfMatch(second.etag));
  ASSERT_TRUE(fresh.ok()) << fresh.status().ToString();
  EXPECT_NE(fresh->etag, second.etag);
  EXPECT_EQ(MustGet("state.json"), "v3");

  Result<ObjectInfo> missing = store_->Put("other.json", "x", PutOptions::IfMatch(second.etag));
  EXPECT_TRUE(missing.status().IsConflict()) << missing.status().ToString();
  EXPECT_TRUE(store_->Head("other.json").status().IsNotFound());

  PutOptions both_options = PutOptions::IfMatch(fresh->etag);
  both_options.if_absent = true;
  Result<ObjectInfo> both = store_->Put("state.json", "x", both_options);
  EXPECT_TRUE(both.status().IsInvalidArgument()) << both.status().ToString();
}

TEST_P(StoreTest, DeleteIsIdempotent) {
  MustPut("a/b/c", "x");
  MustPut("a/d", "y");
  EXPECT_TRUE(store_->Delete("a/b/c").ok());
  EXPECT_TRUE(store_->Get("a/b/c").status().IsNotFound());
  EXPECT_TRUE(store_->Delete("a/b/c").ok());
  EXPECT_TRUE(store_->Delete("never/was").ok());
  EXPECT_TRUE(store_->Delete("a").ok());  // a folder of keys is not a key: nothing to delete
  EXPECT_EQ(ListKeys(*store_, ""), std::vector<std::string>{"a/d"});
}

// Keys whose byte order differs from a naive folder-by-folder walk: '-' and '.' sort before '/'.
const std::vector<std::string> kTrickyKeys = {"b/y/z", "b0", "b.c", "B", "b/\xc3\xa9", "c", "b/x.y", "b-c", "b/x"};

TEST_P(StoreTest, ListsInAscendingByteOrder) {
  for (const std::string& key : kTrickyKeys) MustPut(key, key);
  std::vector<std::string> sorted = kTrickyKeys;
  std::sort(sorted.begin(), sorted.end());
  ASSERT_EQ(sorted,
            (std::vector<std::string>{"B", "b-c", "b.c", "b/x", "b/x.y", "b/y/z", "b/\xc3\xa9", "b0", "c"}));
  EXPECT_EQ(ListKeys(*store_, ""), sorted);

  Result<ListPage> page = store_->List({});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_TRUE(page->continuation.empty());
  ASSERT_EQ(page->objects.size(), sorted.size());
  for (const ObjectInfo& object : page->objects) {
    Result<ObjectInfo> head = store_->Head(object.key);
    ASSERT_TRUE(head.ok()) << object.key;
    EXPECT_EQ(object.size, object.key.size());
    EXPECT_EQ(object.etag, head->etag);
    EXPECT_EQ(object.modified_ms, head->modified_ms);
  }
}

TEST_P(StoreTest, ListFiltersByPrefix) {
  for (const std::string& key : kTrickyKeys) MustPut(key, key);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(ListKeys(*store_, "b"), (Keys{"b-c", "b.c", "b/x", "b/x.y", "b/y/z", "b/\xc3\xa9", "b0"}));
  EXPECT_EQ(ListKeys(*store_, "b/"), (Keys{"b/x", "b/x.y", "b/y/z", "b/\xc3\xa9"}));
  EXPECT_EQ(ListKeys(*store_, "b/x"), (Keys{"b/x", "b/x.y"}));
  EXPECT_EQ(ListKeys(*store_, "b/y"), (Keys{"b/y/z"}));
  EXPECT_EQ(ListKeys(*store_, "b/y/"), (Keys{"b/y/z"}));
  EXPECT_EQ(ListKeys(*store_, "b/y/z"), (Keys{"b/y/z"}));
  EXPECT_EQ(ListKeys(*store_, "b/q/"), Keys{});
  EXPECT_EQ(ListKeys(*store_, "zz"), Keys{});
  EXPECT_EQ(ListKeys(*store_, "B"), (Keys{"B"}));
}

TEST_P(StoreTest, ListStartsAfterAKey) {
  for (const std::string& key : kTrickyKeys) MustPut(key, key);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(ListKeys(*store_, "b/", "b/x"), (Keys{"b/x.y", "b/y/z", "b/\xc3\xa9"}));
  EXPECT_EQ(ListKeys(*store_, "b/", "b/y"), (Keys{"b/y/z", "b/\xc3\xa9"}));  // need not be a key
  EXPECT_EQ(ListKeys(*store_, "b/", "b/"), (Keys{"b/x", "b/x.y", "b/y/z", "b/\xc3\xa9"}));
  EXPECT_EQ(ListKeys(*store_, "b/", "a"), (Keys{"b/x", "b/x.y", "b/y/z", "b/\xc3\xa9"}));
  EXPECT_EQ(ListKeys(*store_, "b/", "b/z"), (Keys{"b/\xc3\xa9"}));
  EXPECT_EQ(ListKeys(*store_, "", "b0"), (Keys{"c"}));
  EXPECT_EQ(ListKeys(*store_, "", "c"), Keys{});
}

TEST_P(StoreTest, ListPaginates) {
  std::vector<std::string> keys;
  for (int table_idx = 0; table_idx < 5; ++table_idx) {
    for (int file_idx = 0; file_idx < 5; ++file_idx) {
      keys.push_back("db/t" + std::to_string(table_idx) + "/f" + std::to_string(file_idx) + ".csv");
      MustPut(keys.back(), "x");
    }
  }
  ListOptions options = Listing("db/", "", 4);
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    Result<ListPage> page = store_->List(options);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    ++pages;
    ASSERT_LE(page->objects.size(), 4u);
    for (const ObjectInfo& object : page->objects) seen.push_back(object.key);
    if (page->continuation.empty()) break;
    ASSERT_EQ(page->objects.size(), 4u);  // only the last page is short
    options.continuation = page->continuation;
  }
  EXPECT_EQ(pages, 7);  // 25 keys in pages of 4
  EXPECT_EQ(seen, keys);

  // A listing that ends exactly at a page boundary says so on that page.
  Result<ListPage> exact = store_->List(Listing("db/t0/", "db/t0/f0.csv", 4));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->objects.size(), 4u);
  EXPECT_TRUE(exact->continuation.empty());

  Result<ListPage> zero = store_->List(Listing("", "", 0));
  EXPECT_TRUE(zero.status().IsInvalidArgument()) << zero.status().ToString();
}

TEST_P(StoreTest, ListPrefixesThatNoKeyCanHaveMatchNothing) {
  MustPut("a/b", "x");
  if (GetParam() == StoreKind::kLocal) WriteLocalFile(dir_.path() + "/secret", "outside the root");
  for (std::string prefix : std::vector<std::string>{"../", "../secret", "a/../", "a/../a/b", "./", "/a/", "a//",
                                                      std::string("a\0/", 3)}) {
    Result<ListPage> page = store_->List(Listing(prefix));
    ASSERT_TRUE(page.ok()) << prefix << ": " << page.status().ToString();
    EXPECT_TRUE(page->objects.empty()) << prefix << " listed " << page->objects.front().key;
  }
}

TEST_P(StoreTest, ListAllFollowsContinuations) {
  for (int file_idx = 0; file_idx < 2001; ++file_idx) {
    char key[32];
    std::snprintf(key, sizeof(key), "t/%05d", file_idx);
    Seed(key, "");
  }
  Result<std::vector<ObjectInfo>> all = ListAll(*store_, "t/");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 2001u);  // pages of the default 1000: 1000, 1000, 1
  for (size_t key_idx = 1; key_idx < all->size(); ++key_idx) ASSERT_LT((*all)[key_idx - 1].key, (*all)[key_idx].key);
  EXPECT_EQ(all->front().key, "t/00000");
  EXPECT_EQ(all->back().key, "t/02000");
  EXPECT_EQ(ListKeys(*store_, "t/", "t/01998"), (std::vector<std::string>{"t/01999", "t/02000"}));
}

TEST_P(StoreTest, MoveRenamesAndIsIdempotent) {
  ObjectInfo staged = MustPut("_lakefeed/staging/7/shop/orders/f.csv", "rows");
  ASSERT_TRUE(store_->Move("_lakefeed/staging/7/shop/orders/f.csv", "shop/orders/f.csv").ok());
  EXPECT_EQ(MustGet("shop/orders/f.csv"), "rows");
  EXPECT_EQ(store_->Head("shop/orders/f.csv")->etag, staged.etag);  // a Move carries the etag
  EXPECT_TRUE(store_->Head("_lakefeed/staging/7/shop/orders/f.csv").status().IsNotFound());

  // Redone after a crash: `from` is gone and `to` exists.
  EXPECT_TRUE(store_->Move("_lakefeed/staging/7/shop/orders/f.csv", "shop/orders/f.csv").ok());
  EXPECT_EQ(MustGet("shop/orders/f.csv"), "rows");

  Status neither = store_->Move("staging/none", "final/none");
  EXPECT_TRUE(neither.IsNotFound()) << neither.ToString();
  EXPECT_NE(neither.message().find("staging/none"), std::string::npos) << neither.ToString();

  // Overwrites `to`.
  MustPut("from", "new");
  MustPut("to", "old");
  ASSERT_TRUE(store_->Move("from", "to").ok());
  EXPECT_EQ(MustGet("to"), "new");
  EXPECT_TRUE(store_->Move("to", "to").ok());
  EXPECT_EQ(MustGet("to"), "new");
  EXPECT_EQ(ListKeys(*store_, ""), (std::vector<std::string>{"shop/orders/f.csv", "to"}));
}

TEST(ValidateKeyTest, AcceptsAndRejects) {
  for (std::string key : {"a", "a/b.c", "..a", "a..", ".hidden/x", "a/.b/c", "\xc3\xa9t\xc3\xa9/x", "a b/c"}) {
    EXPECT_TRUE(ValidateKey(key).ok()) << key;
  }
  EXPECT_TRUE(ValidateKey(std::string(1024, 'k')).ok());
  for (std::string key : {std::string(), std::string("/a"), std::string("a//b"), std::string("a/"), std::string("./a"),
                          std::string("a/../b"), std::string("a/."), std::string(".."), std::string("a\0b", 3),
                          std::string(1025, 'k')}) {
    Status status = ValidateKey(key);
    EXPECT_TRUE(status.IsInvalidArgument()) << "'" << key << "' " << status.ToString();
  }
  EXPECT_EQ(ValidateKey(std::string("a\0b", 3)).message(), "object key 'a\\x00b': contains a NUL byte");
}

TEST_P(StoreTest, EveryOperationRejectsBadKeys) {
  std::string source = dir_.path() + "/source";
  WriteLocalFile(source, "x");
  MustPut("good", "x");
  for (std::string key : {std::string(), std::string("/abs"), std::string("a//b"), std::string("a/../b"),
                          std::string("a/./b"), std::string("trailing/"), std::string("nul\0", 4)}) {
    EXPECT_TRUE(store_->Get(key).status().IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->Head(key).status().IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->Put(key, "x").status().IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->PutFile(key, source).status().IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->Delete(key).IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->Move(key, "good").IsInvalidArgument()) << key;
    EXPECT_TRUE(store_->Move("good", key).IsInvalidArgument()) << key;
  }
  EXPECT_EQ(ListKeys(*store_, ""), std::vector<std::string>{"good"});
}

TEST_P(StoreTest, PutFileCopiesALocalFile) {
  std::string source = dir_.path() + "/spool.csv";
  std::string data = Pattern("spool", 3 * 1024 * 1024 + 17);  // several copy chunks, odd tail
  WriteLocalFile(source, data);
  Result<ObjectInfo> info = store_->PutFile("shop/orders/big.csv", source);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->size, data.size());
  EXPECT_EQ(MustGet("shop/orders/big.csv"), data);
  EXPECT_EQ(MustGet("shop/orders/big.csv", {.offset = 1 << 20, .length = 10}), data.substr(1 << 20, 10));

  PutOptions if_absent = PutOptions::IfAbsent();
  EXPECT_TRUE(store_->PutFile("shop/orders/big.csv", source, if_absent).status().IsConflict());
  // A sealed source may be shared rather than copied; the object holds the same bytes either way.
  PutOptions share;
  share.share_source = true;
  Result<ObjectInfo> shared = store_->PutFile("shop/orders/shared.csv", source, share);
  ASSERT_TRUE(shared.ok()) << shared.status().ToString();
  EXPECT_EQ(shared->size, data.size());
  EXPECT_EQ(MustGet("shop/orders/shared.csv"), data);

  Result<ObjectInfo> missing = store_->PutFile("k", dir_.path() + "/no-such-file");
  EXPECT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("no-such-file"), std::string::npos) << missing.status().ToString();
  EXPECT_TRUE(store_->Head("k").status().IsNotFound());
  EXPECT_FALSE(store_->PutFile("k", dir_.path()).ok());  // a folder is no source
  EXPECT_TRUE(store_->Head("k").status().IsNotFound());
}

TEST_P(StoreTest, ConcurrentPutIfAbsentHasExactlyOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kKeys = 20;
  for (int key_idx = 0; key_idx < kKeys; ++key_idx) {
    std::string key = "_lakefeed/checkpoints/" + std::to_string(key_idx);
    std::latch start(kThreads);
    std::atomic<int> wins{0};
    std::atomic<int> conflicts{0};
    std::atomic<int> winner{-1};
    std::vector<std::thread> threads;
    for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
      threads.emplace_back([&, thread_idx] {
        start.arrive_and_wait();
        Result<ObjectInfo> put = store_->Put(key, "writer " + std::to_string(thread_idx), PutOptions::IfAbsent());
        if (put.ok()) {
          ++wins;
          winner = thread_idx;
        } else if (put.status().IsConflict()) {
          ++conflicts;
        } else {
          ADD_FAILURE() << put.status().ToString();
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    EXPECT_EQ(wins, 1) << key;
    EXPECT_EQ(conflicts, kThreads - 1) << key;
    EXPECT_EQ(MustGet(key), "writer " + std::to_string(winner.load()));
  }
  EXPECT_EQ(ListKeys(*store_, "").size(), static_cast<size_t>(kKeys));
}

// Read-modify-write of a counter with If-Match from several writers: no increment may be lost.
void IncrementConcurrently(const std::vector<ObjectStore*>& stores, std::string_view key, int increments_each) {
  std::latch start(static_cast<ptrdiff_t>(stores.size()));
  std::vector<std::thread> threads;
  for (ObjectStore* store : stores) {
    threads.emplace_back([&, store] {
      start.arrive_and_wait();
      for (int done = 0; done < increments_each;) {
        // Head before Get: data newer than the etag then fails the If-Match instead of winning.
        Result<ObjectInfo> head = store->Head(key);
        Result<std::string> value = store->Get(key);
        ASSERT_TRUE(head.ok() && value.ok());
        std::string next = std::to_string(std::stoi(*value) + 1);
        Result<ObjectInfo> put = store->Put(key, next, PutOptions::IfMatch(head->etag));
        if (put.ok()) {
          ++done;
        } else {
          ASSERT_TRUE(put.status().IsConflict()) << put.status().ToString();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST_P(StoreTest, IfMatchLosesNoConcurrentUpdate) {
  MustPut("counter", "0");
  IncrementConcurrently({store_.get(), store_.get(), store_.get(), store_.get()}, "counter", 50);
  EXPECT_EQ(MustGet("counter"), "200");
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, testing::Values(StoreKind::kLocal, StoreKind::kMem),
                         [](const testing::TestParamInfo<StoreKind>& param_info) {
                           return param_info.param == StoreKind::kLocal ? "Local" : "Mem";
                         });

// ---------------------------------------------------------------------------------------------
// LocalStore specifics.

class LocalStoreTest : public testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.path() + "/lake";
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }

  std::unique_ptr<LocalStore> Open() {
    Result<std::unique_ptr<LocalStore>> store = LocalStore::Open(root_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Everything under the root except the lock file, as relative paths ("dir/" for folders).
  std::set<std::string> Tree() {
    std::set<std::string> paths;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root_)) {
      std::string relative = fs::relative(entry.path(), root_).string();
      if (relative == ".lakefeed-tmp/lock") continue;
      paths.insert(entry.is_directory() ? relative + "/" : relative);
    }
    return paths;
  }

  TempDir dir_;
  std::string root_;
  std::unique_ptr<LocalStore> store_;
};

TEST_F(LocalStoreTest, KeysAreFilesUnderTheRoot) {
  ASSERT_TRUE(store_->Put("shop/orders/1.csv", "I,1\n").ok());
  EXPECT_EQ(store_->url(), "file://" + root_);
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "shop/", "shop/orders/", "shop/orders/1.csv"}));
  std::ifstream in(root_ + "/shop/orders/1.csv");
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "I,1\n");
  // A file put there by hand is an object too.
  WriteLocalFile(root_ + "/shop/orders/2.csv", "I,2\n");
  EXPECT_EQ(ListKeys(*store_, "shop/"), (std::vector<std::string>{"shop/orders/1.csv", "shop/orders/2.csv"}));
}

TEST_F(LocalStoreTest, OpenCreatesTheRootAndNormalisesIt) {
  Result<std::unique_ptr<LocalStore>> nested = LocalStore::Open(dir_.path() + "/x/y/z//");
  ASSERT_TRUE(nested.ok()) << nested.status().ToString();
  EXPECT_EQ((*nested)->root(), dir_.path() + "/x/y/z");
  EXPECT_TRUE(fs::is_directory(dir_.path() + "/x/y/z/.lakefeed-tmp"));
  EXPECT_TRUE(LocalStore::Open("relative/dir").status().IsInvalidArgument());
  WriteLocalFile(dir_.path() + "/a-file", "");
  Result<std::unique_ptr<LocalStore>> on_file = LocalStore::Open(dir_.path() + "/a-file");
  EXPECT_FALSE(on_file.ok());
  EXPECT_NE(on_file.status().message().find("a-file"), std::string::npos) << on_file.status().ToString();
}

TEST_F(LocalStoreTest, TempFolderIsReservedAndNeverListed) {
  WriteLocalFile(root_ + "/.lakefeed-tmp/left-by-hand.tmp", "partial");
  ASSERT_TRUE(store_->Put("a", "x").ok());
  ASSERT_TRUE(store_->Put(".lakefeed-tmpx/b", "y").ok());  // only the exact folder name is reserved
  EXPECT_EQ(ListKeys(*store_, ""), (std::vector<std::string>{".lakefeed-tmpx/b", "a"}));
  EXPECT_EQ(ListKeys(*store_, ".lakefeed-tmp"), (std::vector<std::string>{".lakefeed-tmpx/b"}));
  EXPECT_EQ(ListKeys(*store_, ".lakefeed-tmp/"), std::vector<std::string>{});
  EXPECT_EQ(ListKeys(*store_, ".lakefeed-tmp/left"), std::vector<std::string>{});
  EXPECT_TRUE(store_->Put(".lakefeed-tmp/x", "y").status().IsInvalidArgument());
  EXPECT_TRUE(store_->Put(".lakefeed-tmp", "y").status().IsInvalidArgument());
  EXPECT_TRUE(store_->Get(".lakefeed-tmp/lock").status().IsInvalidArgument());
  EXPECT_TRUE(store_->Delete(".lakefeed-tmp/lock").IsInvalidArgument());
  EXPECT_TRUE(store_->Move(".lakefeed-tmp/left-by-hand.tmp", "stolen").IsInvalidArgument());
}

TEST_F(LocalStoreTest, WritesLeaveNoTempFiles) {
  ASSERT_TRUE(store_->Put("a/b", "x").ok());
  ASSERT_TRUE(store_->Put("a/b", "y", PutOptions::IfAbsent()).status().IsConflict());
  ASSERT_TRUE(store_->Put("a/b", "y", PutOptions::IfMatch("wrong")).status().IsConflict());
  ASSERT_TRUE(store_->Put("c", "y", PutOptions::IfAbsent()).ok());
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "a/", "a/b", "c"}));
}

// One pass of a reader: every listed object is whole.
void CheckEveryListedObjectIsWhole(ObjectStore& reader, size_t size, size_t* listed_count) {
  Result<std::vector<ObjectInfo>> listed = ListAll(reader, "");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  for (const ObjectInfo& object : *listed) {
    ASSERT_TRUE(object.key.starts_with("data/f")) << object.key;
    ASSERT_EQ(object.size, size) << object.key;
    Result<std::string> data = reader.Get(object.key);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    ASSERT_EQ(*data, Pattern(object.key, size)) << object.key;
  }
  *listed_count = listed->size();
}

TEST_F(LocalStoreTest, ReadersNeverSeePartialObjects) {
  constexpr int kObjects = 60;
  constexpr size_t kSize = 256 * 1024;
  // A second store on the same root reads, as another process would.
  std::unique_ptr<LocalStore> reader = Open();
  ASSERT_NE(reader, nullptr);
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    for (int object_idx = 0; object_idx < kObjects; ++object_idx) {
      std::string key = "data/f" + std::to_string(object_idx % 20);  // rewrites too
      Result<ObjectInfo> put = store_->Put(key, Pattern(key, kSize));
      if (!put.ok()) {
        ADD_FAILURE() << put.status().ToString();
        break;
      }
    }
    writer_done = true;
  });
  size_t listed_count = 0;
  bool last_round = false;
  while (!last_round && !HasFatalFailure()) {
    last_round = writer_done.load();
    CheckEveryListedObjectIsWhole(*reader, kSize, &listed_count);
  }
  writer.join();
  EXPECT_EQ(listed_count, 20u);
}

TEST_F(LocalStoreTest, OpenRemovesStaleTempFilesButNotLiveOnes) {
  std::string stale = root_ + "/.lakefeed-tmp/1-2-3.tmp";
  std::string live = root_ + "/.lakefeed-tmp/4-5-6.tmp";
  WriteLocalFile(stale, "crashed writer");
  WriteLocalFile(live, "writing");
  int live_fd = ::open(live.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(live_fd, 0);
  ASSERT_EQ(::flock(live_fd, LOCK_EX), 0);  // as a writer holds it
  std::unique_ptr<LocalStore> again = Open();
  ASSERT_NE(again, nullptr);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(root_ + "/.lakefeed-tmp/lock"));
  ::close(live_fd);
  again = Open();
  EXPECT_FALSE(fs::exists(live));
}

TEST_F(LocalStoreTest, DeleteRemovesFoldersItEmpties) {
  ASSERT_TRUE(store_->Put("a/b/c/d.csv", "1").ok());
  ASSERT_TRUE(store_->Put("a/b/x.csv", "2").ok());
  ASSERT_TRUE(store_->Delete("a/b/c/d.csv").ok());
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "a/", "a/b/", "a/b/x.csv"}));
  ASSERT_TRUE(store_->Delete("a/b/x.csv").ok());
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/"}));
  EXPECT_TRUE(fs::is_directory(root_));
}

TEST_F(LocalStoreTest, MoveMakesAndRemovesFolders) {
  ASSERT_TRUE(store_->Put("_lakefeed/staging/3/shop/t/f.csv", "rows").ok());
  ASSERT_TRUE(store_->Put("_lakefeed/checkpoints/3.json", "{}").ok());
  ASSERT_TRUE(store_->Move("_lakefeed/staging/3/shop/t/f.csv", "shop/t/2026/f.csv").ok());
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "_lakefeed/", "_lakefeed/checkpoints/",
                                           "_lakefeed/checkpoints/3.json", "shop/", "shop/t/", "shop/t/2026/",
                                           "shop/t/2026/f.csv"}));
  // A folder at `from` is not an object.
  ASSERT_TRUE(store_->Put("dir/inner", "x").ok());
  EXPECT_TRUE(store_->Move("dir", "elsewhere").IsNotFound());
  EXPECT_TRUE(fs::exists(root_ + "/dir/inner"));
}

TEST_F(LocalStoreTest, KeyAndFolderOfKeysCannotShareAName) {
  ASSERT_TRUE(store_->Put("a", "file").ok());
  Status under_file = store_->Put("a/b", "x").status();
  EXPECT_TRUE(under_file.IsNotSupported()) << under_file.ToString();
  EXPECT_NE(under_file.message().find("'a/b'"), std::string::npos) << under_file.ToString();
  EXPECT_NE(under_file.message().find(root_ + "/a"), std::string::npos) << under_file.ToString();
  EXPECT_TRUE(store_->Get("a/b").status().IsNotFound());
  EXPECT_TRUE(store_->Delete("a/b").ok());

  ASSERT_TRUE(store_->Put("x/y", "file").ok());
  EXPECT_TRUE(store_->Put("x", "z").status().IsNotSupported());
  EXPECT_TRUE(store_->Put("x", "z", PutOptions::IfAbsent()).status().IsNotSupported());
  EXPECT_TRUE(store_->Move("a", "x").IsNotSupported());
  EXPECT_TRUE(store_->Delete("x").ok());
  EXPECT_EQ(ListKeys(*store_, ""), (std::vector<std::string>{"a", "x/y"}));
}

TEST_F(LocalStoreTest, ErrorsNameTheKeyAndThePath) {
  Status missing = store_->Get("shop/none.csv").status();
  EXPECT_TRUE(missing.IsNotFound());
  EXPECT_NE(missing.message().find("'shop/none.csv'"), std::string::npos) << missing.ToString();
  EXPECT_NE(missing.message().find(root_ + "/shop/none.csv"), std::string::npos) << missing.ToString();
  // Valid as a key, too long as a file name (NAME_MAX 255): ENAMETOOLONG is InvalidArgument.
  std::string long_key = "t/" + std::string(300, 'n');
  Status too_long = store_->Put(long_key, "x").status();
  EXPECT_TRUE(too_long.IsInvalidArgument()) << too_long.ToString();
  EXPECT_NE(too_long.message().find(long_key), std::string::npos);
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "t/"}));  // no temp file left behind
}

TEST_F(LocalStoreTest, EtagIsStableUntilTheNextWrite) {
  std::set<std::string> etags;
  for (int write_idx = 0; write_idx < 20; ++write_idx) {
    Result<ObjectInfo> put = store_->Put("k", "same bytes");
    ASSERT_TRUE(put.ok());
    etags.insert(put->etag);
    EXPECT_EQ(store_->Head("k")->etag, put->etag);
  }
  EXPECT_EQ(etags.size(), 20u);
  std::string last = store_->Head("k")->etag;
  std::unique_ptr<LocalStore> reopened = Open();
  EXPECT_EQ(reopened->Head("k")->etag, last);
  EXPECT_EQ(ListAll(*reopened, "")->front().etag, last);
}

TEST_F(LocalStoreTest, PutFileLinksASealedSourceOnTheSameFileSystem) {
  std::string source = dir_.path() + "/1-1.csv";  // the spool file of a lake, next to the root
  std::string data = Pattern("spool", 1024 * 1024 + 3);
  WriteLocalFile(source, data);
  EXPECT_TRUE(store_->CanShareFilesIn(dir_.path()));
  EXPECT_FALSE(store_->CanShareFilesIn("/proc"));
  EXPECT_FALSE(store_->CanShareFilesIn(dir_.path() + "/no-such-dir"));

  PutOptions share;
  share.share_source = true;
  Result<ObjectInfo> first = store_->PutFile("staging/shop/orders/1.csv", source, share);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->size, data.size());
  struct stat source_stat;
  struct stat object_stat;
  ASSERT_EQ(::stat(source.c_str(), &source_stat), 0);
  ASSERT_EQ(::stat((root_ + "/staging/shop/orders/1.csv").c_str(), &object_stat), 0);
  EXPECT_EQ(object_stat.st_ino, source_stat.st_ino);  // linked, not copied
  EXPECT_EQ(object_stat.st_nlink, 2u);

  // Preconditions hold as for a copy.
  PutOptions share_if_absent = PutOptions::IfAbsent();
  share_if_absent.share_source = true;
  EXPECT_TRUE(store_->PutFile("staging/shop/orders/1.csv", source, share_if_absent).status().IsConflict());
  // A retry of the same put (its reply was lost) is a new write: a new etag, the same bytes. The
  // object already is that inode (rename(2) of a file onto itself does nothing): no temp name stays.
  Result<ObjectInfo> retry = store_->PutFile("staging/shop/orders/1.csv", source, share);
  ASSERT_TRUE(retry.ok()) << retry.status().ToString();
  EXPECT_NE(retry->etag, first->etag);
  EXPECT_EQ(store_->Head("staging/shop/orders/1.csv")->etag, retry->etag);
  EXPECT_EQ(Tree(), (std::set<std::string>{".lakefeed-tmp/", "staging/", "staging/shop/", "staging/shop/orders/",
                                           "staging/shop/orders/1.csv"}));

  // The object outlives the source's name, and moves like any object.
  ASSERT_EQ(::unlink(source.c_str()), 0);
  ASSERT_TRUE(store_->Move("staging/shop/orders/1.csv", "shop/orders/1.csv").ok());
  EXPECT_EQ(*store_->Get("shop/orders/1.csv"), data);
  EXPECT_EQ(store_->Head("shop/orders/1.csv")->etag, retry->etag);
}

TEST_F(LocalStoreTest, OnlyRegularFilesAreObjects) {
  ASSERT_TRUE(store_->Put("d/real", "x").ok());
  ASSERT_EQ(::symlink((root_ + "/d/real").c_str(), (root_ + "/d/link").c_str()), 0);
  ASSERT_EQ(::mkfifo((root_ + "/d/fifo").c_str(), 0600), 0);
  EXPECT_EQ(ListKeys(*store_, ""), std::vector<std::string>{"d/real"});
  EXPECT_TRUE(store_->Get("d/fifo").status().IsNotFound());  // and does not block on the FIFO
  EXPECT_TRUE(store_->Head("d/fifo").status().IsNotFound());
}

TEST_F(LocalStoreTest, TwoStoresOnOneRootExcludeEachOther) {
  // Each store has its own mutex and its own open lock file: only flock(2) stands between them,
  // as between two processes.
  std::unique_ptr<LocalStore> other = Open();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(store_->Put("counter", "0").ok());
  IncrementConcurrently({store_.get(), other.get(), store_.get(), other.get()}, "counter", 40);
  EXPECT_EQ(*store_->Get("counter"), "160");
}

// ---------------------------------------------------------------------------------------------
// OpenStore.

TEST(OpenStoreTest, FileUrls) {
  TempDir dir;
  std::string url = "file://" + dir.path() + "/new/lake";
  Result<std::unique_ptr<ObjectStore>> store = OpenStore(url);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ((*store)->url(), url);
  ASSERT_TRUE((*store)->Put("k", "v").ok());
  EXPECT_TRUE(fs::exists(dir.path() + "/new/lake/k"));
  for (std::string bad : {"file://relative/dir", "file://host/abs", "file:"}) {
    Result<std::unique_ptr<ObjectStore>> opened = OpenStore(bad);
    EXPECT_TRUE(opened.status().IsInvalidArgument()) << bad;
    EXPECT_NE(opened.status().message().find(bad), std::string::npos) << opened.status().ToString();
  }
}

TEST(OpenStoreTest, MemUrls) {
  Result<std::unique_ptr<ObjectStore>> first = OpenStore("mem://");
  Result<std::unique_ptr<ObjectStore>> second = OpenStore("mem://");
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->Put("k", "v").ok());
  EXPECT_TRUE((*second)->Head("k").status().IsNotFound());  // each "mem://" is its own store

  Result<std::unique_ptr<ObjectStore>> named = OpenStore("mem://OpenStoreTest.MemUrls");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ((*named)->url(), "mem://OpenStoreTest.MemUrls");
  ASSERT_TRUE((*named)->Put("k", "shared").ok());
  named->reset();
  Result<std::unique_ptr<ObjectStore>> reopened = OpenStore("mem://OpenStoreTest.MemUrls");
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->Get("k"), "shared");
}

TEST(OpenStoreTest, OthersAreInvalid) {
  for (std::string bad : {"", "ftp://x/y", "/abs/dir", "mem:"}) {
    Result<std::unique_ptr<ObjectStore>> opened = OpenStore(bad);
    EXPECT_TRUE(opened.status().IsInvalidArgument()) << bad;
    EXPECT_NE(opened.status().message().find("'" + bad + "'"), std::string::npos) << opened.status().ToString();
  }
}

// ---------------------------------------------------------------------------------------------
// FaultInjectingStore.

class FaultInjectingStoreTest : public testing::Test {
 protected:
  MemStore mem_;
  FaultInjectingStore faulty_{&mem_};
};

TEST_F(FaultInjectingStoreTest, PassesCallsThroughWithoutFaults) {
  EXPECT_EQ(faulty_.url(), "mem://");
  ASSERT_TRUE(faulty_.Put("a", "1").ok());
  ASSERT_TRUE(faulty_.Move("a", "b").ok());
  EXPECT_EQ(*faulty_.Get("b"), "1");
  EXPECT_EQ(faulty_.Head("b")->size, 1u);
  EXPECT_EQ(ListAll(faulty_, "")->size(), 1u);
  ASSERT_TRUE(faulty_.Delete("b").ok());
  EXPECT_EQ(faulty_.calls(StoreOp::kPut), 1u);
  EXPECT_EQ(faulty_.calls(StoreOp::kList), 1u);
  EXPECT_EQ(faulty_.total_calls(), 6u);
  EXPECT_EQ(faulty_.injected(), 0u);
}

TEST_F(FaultInjectingStoreTest, FailsTheNthCallOfAnOperation) {
  faulty_.FailNth(StoreOp::kPut, 2, Status::Unavailable("injected 503"));
  EXPECT_TRUE(faulty_.Put("a", "1").ok());
  EXPECT_TRUE(faulty_.Get("a").ok());  // other operations do not count
  Status second = faulty_.Put("b", "2").status();
  EXPECT_TRUE(second.IsUnavailable()) << second.ToString();
  EXPECT_EQ(second.message(), "injected 503");
  EXPECT_TRUE(mem_.Head("b").status().IsNotFound());  // the failed call did not reach the store
  EXPECT_TRUE(faulty_.Put("b", "2").ok());             // once only
  EXPECT_EQ(faulty_.calls(StoreOp::kPut), 3u);
  EXPECT_EQ(faulty_.injected(), 1u);
}

TEST_F(FaultInjectingStoreTest, FailsEveryCallOnKeysUnderAPrefix) {
  ASSERT_TRUE(mem_.Put("_lakefeed/staging/1/f", "x").ok());
  ASSERT_TRUE(mem_.Put("shop/f", "x").ok());
  faulty_.FailKeys(StoreOp::kDelete, "_lakefeed/staging/", Status::IOError("injected"));
  EXPECT_TRUE(faulty_.Delete("_lakefeed/staging/1/f").IsIOError());
  EXPECT_TRUE(faulty_.Delete("_lakefeed/staging/1/f").IsIOError());
  EXPECT_TRUE(faulty_.Get("_lakefeed/staging/1/f").ok());  // only Delete was chosen
  EXPECT_TRUE(faulty_.Delete("shop/f").ok());
  EXPECT_EQ(faulty_.injected(), 2u);

  // Move matches on either key; a fault without an operation on every operation.
  FaultInjectingStore::Fault any_op;
  any_op.key_prefix = "final/";
  any_op.status = Status::Conflict("injected");
  faulty_.AddFault(any_op);
  EXPECT_TRUE(faulty_.Move("_lakefeed/staging/1/f", "final/f").IsConflict());
  EXPECT_TRUE(faulty_.Head("final/f").status().IsConflict());
  Result<ListPage> listed = faulty_.List(Listing("final/x"));
  EXPECT_TRUE(listed.status().IsConflict());
  EXPECT_TRUE(faulty_.List(Listing("shop/")).ok());
}

TEST_F(FaultInjectingStoreTest, FailsAfterTheCallWhenAsked) {
  // The store took the write, the caller hears an error: a checkpoint whose response was lost.
  FaultInjectingStore::Fault lost_response;
  lost_response.op = StoreOp::kPut;
  lost_response.nth = 1;
  lost_response.after_call = true;
  lost_response.status = Status::Unavailable("lost");
  faulty_.AddFault(lost_response);
  Result<ObjectInfo> put = faulty_.Put("_lakefeed/checkpoints/1", "cp", PutOptions::IfAbsent());
  EXPECT_TRUE(put.status().IsUnavailable());
  EXPECT_EQ(*mem_.Get("_lakefeed/checkpoints/1"), "cp");
  // The retry then meets its own first attempt.
  EXPECT_TRUE(faulty_.Put("_lakefeed/checkpoints/1", "cp", PutOptions::IfAbsent()).status().IsConflict());
}

TEST_F(FaultInjectingStoreTest, CrashFailsEveryLaterCallUntilCleared) {
  faulty_.CrashAtCall(3);
  EXPECT_TRUE(faulty_.Put("a", "1").ok());
  EXPECT_TRUE(faulty_.Put("b", "2").ok());
  EXPECT_FALSE(faulty_.crashed());
  EXPECT_TRUE(faulty_.Put("c", "3").status().IsIOError());
  EXPECT_TRUE(faulty_.crashed());
  EXPECT_TRUE(faulty_.Get("a").status().IsIOError());
  EXPECT_TRUE(faulty_.Delete("a").IsIOError());
  EXPECT_EQ(KeysOf(*ListAll(mem_, "")), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(faulty_.injected(), 3u);
  faulty_.ClearFaults();
  EXPECT_FALSE(faulty_.crashed());
  EXPECT_EQ(*faulty_.Get("a"), "1");

  // With after_call the crashing call itself still lands.
  faulty_.CrashAtCall(1, /*after_call=*/true);
  EXPECT_TRUE(faulty_.Move("a", "moved").IsIOError());
  EXPECT_TRUE(mem_.Head("moved").ok());
  EXPECT_TRUE(faulty_.Head("moved").status().IsIOError());
}

TEST_F(FaultInjectingStoreTest, NamesItsOperations) {
  EXPECT_EQ(ToString(StoreOp::kPutFile), "PutFile");
  EXPECT_EQ(ToString(StoreOp::kMove), "Move");
}

}  // namespace
}  // namespace cdc::store
