// store::S3Store against moto's S3 server on loopback (tests/harness/moto_sandbox.h), read back with boto3:
// objects, ranges, conditional writes (412), listings past 1000 keys, multipart uploads, moves, SigV4 signing
// with a server that checks it (and a wrong secret refused clearly), retries of injected faults (a fault proxy:
// 5xx, resets, stalls, lost answers) and of a server that does not answer.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <memory>
#include <set>
#include <string>

#include "harness/process.h"
#include "harness/s3_fault_proxy.h"
#include "harness/sandbox_environment.h"
#include "store/s3_store.h"

namespace cdc::harness {
namespace {

LAKEFEED_MOTO_ENVIRONMENT();

using store::ByteRange;
using store::ObjectInfo;
using store::PutOptions;
using store::S3Options;
using store::S3Store;

// A bucket of its own per test, made with boto3.
std::string NewBucket(MotoSandbox& moto) {
  static std::atomic<int> counter{0};
  std::string bucket = "lake-" + std::to_string(++counter);
  Result<std::string> made = moto.RunBoto3("s3.create_bucket(Bucket='" + bucket + "')\n");
  EXPECT_TRUE(made.ok()) << made.status().ToString();
  return bucket;
}

S3Options OptionsFor(MotoSandbox& moto, const std::string& bucket, const std::string& prefix = "raw/mysql") {
  S3Options options;
  options.bucket = bucket;
  options.prefix = prefix;
  options.endpoint = moto.endpoint();
  options.path_style = true;
  options.region = moto.region();
  options.credentials = {moto.access_key(), moto.secret_key(), "", "the test"};
  options.part_size = 5 << 20;
  options.retry_initial_ms = 10;
  options.retry_max_ms = 50;
  return options;
}

std::unique_ptr<S3Store> MustOpen(const S3Options& options) {
  Result<std::unique_ptr<S3Store>> store = S3Store::Open(options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(*store) : nullptr;
}

TEST(S3StoreTest, ObjectsRangesAndDeletes) {
  LAKEFEED_SHARED_MOTO(moto);
  std::string bucket = NewBucket(moto);
  std::unique_ptr<S3Store> s3 = MustOpen(OptionsFor(moto, bucket));
  ASSERT_NE(s3, nullptr);
  EXPECT_EQ(s3->url(), "s3://" + bucket + "/raw/mysql");

  const std::string data = std::string("binary\0bytes & <xml> \xff", 23) + std::string(1000, 'x');
  Result<ObjectInfo> put = s3->Put("shop/orders/LOAD00000001.csv", data);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->size, data.size());
  EXPECT_FALSE(put->etag.empty());
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv"), data);
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv", ByteRange{7, 5}), "bytes");
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv", ByteRange{1020, 0}), std::string(3, 'x'));
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv", ByteRange{1020, 100}), std::string(3, 'x'));  // cut
  EXPECT_TRUE(s3->Get("shop/orders/LOAD00000001.csv", ByteRange{5000, 1}).status().IsInvalidArgument());
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv", ByteRange{data.size(), 5}), "");  // starts at the end
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv", ByteRange{1022, UINT64_MAX}), "x");
  Result<ObjectInfo> head = s3->Head("shop/orders/LOAD00000001.csv");
  ASSERT_TRUE(head.ok()) << head.status().ToString();
  EXPECT_EQ(head->size, data.size());
  EXPECT_EQ(head->etag, put->etag);
  EXPECT_GT(head->modified_ms, 1700000000000);

  // The key is under the store's prefix, as boto3 sees it.
  Result<std::string> seen = moto.RunBoto3("print(len(s3.get_object(Bucket='" + bucket +
                                           "', Key='raw/mysql/shop/orders/LOAD00000001.csv')['Body'].read()))\n");
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(*seen, std::to_string(data.size()) + "\n");

  // Reserved and non-ASCII characters reach S3 as the very key (boto3 reads it back by name).
  const std::string odd_key = "odd/a+b*c(1)!$=,;:@ \xc3\xa9\xe2\x82\xac.csv";
  ASSERT_TRUE(s3->Put(odd_key, "odd").ok());
  Result<std::string> odd = moto.RunBoto3("print(s3.get_object(Bucket='" + bucket +
                                          "', Key='raw/mysql/odd/a+b*c(1)!$=,;:@ \\u00e9\\u20ac.csv')['Body'].read().decode())\n");
  ASSERT_TRUE(odd.ok()) << odd.status().ToString();
  EXPECT_EQ(*odd, "odd\n");
  Result<std::vector<ObjectInfo>> odd_listed = store::ListAll(*s3, "odd/");
  ASSERT_TRUE(odd_listed.ok());
  ASSERT_EQ(odd_listed->size(), 1u);
  EXPECT_EQ(odd_listed->front().key, odd_key);

  ASSERT_TRUE(s3->Put("empty", "").ok());
  EXPECT_EQ(*s3->Get("empty"), "");
  EXPECT_EQ(*s3->Get("empty", ByteRange{0, 10}), "");

  Result<std::string> missing = s3->Get("no/such/key");
  EXPECT_TRUE(missing.status().IsNotFound()) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("no/such/key"), std::string::npos);
  EXPECT_TRUE(s3->Head("no/such/key").status().IsNotFound());
  EXPECT_TRUE(s3->Delete("shop/orders/LOAD00000001.csv").ok());
  EXPECT_TRUE(s3->Delete("shop/orders/LOAD00000001.csv").ok());  // idempotent
  EXPECT_TRUE(s3->Get("shop/orders/LOAD00000001.csv").status().IsNotFound());
  EXPECT_TRUE(s3->Put("../escape", "x").status().IsInvalidArgument());

  // A bucket that does not exist is a clear error, not a missing key.
  std::unique_ptr<S3Store> nowhere = MustOpen(OptionsFor(moto, "no-such-bucket"));
  Result<ObjectInfo> no_bucket = nowhere->Put("k", "v");
  EXPECT_TRUE(no_bucket.status().IsInvalidArgument()) << no_bucket.status().ToString();
  EXPECT_NE(no_bucket.status().message().find("does not exist"), std::string::npos);
}

TEST(S3StoreTest, ConditionalWritesAreAnswered412) {
  LAKEFEED_SHARED_MOTO(moto);
  std::unique_ptr<S3Store> s3 = MustOpen(OptionsFor(moto, NewBucket(moto)));
  ASSERT_NE(s3, nullptr);
  Result<ObjectInfo> first = s3->Put("_lakefeed/checkpoints/0000000001.json", "one", PutOptions::IfAbsent());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<ObjectInfo> second = s3->Put("_lakefeed/checkpoints/0000000001.json", "two", PutOptions::IfAbsent());
  EXPECT_TRUE(second.status().IsConflict()) << second.status().ToString();
  EXPECT_EQ(*s3->Get("_lakefeed/checkpoints/0000000001.json"), "one");

  Result<ObjectInfo> replaced = s3->Put("_lakefeed/checkpoints/0000000001.json", "three", PutOptions::IfMatch(first->etag));
  ASSERT_TRUE(replaced.ok()) << replaced.status().ToString();
  Result<ObjectInfo> stale = s3->Put("_lakefeed/checkpoints/0000000001.json", "four", PutOptions::IfMatch(first->etag));
  EXPECT_TRUE(stale.status().IsConflict()) << stale.status().ToString();
  EXPECT_EQ(*s3->Get("_lakefeed/checkpoints/0000000001.json"), "three");
}

TEST(S3StoreTest, ListingsPaginatePastAThousandKeys) {
  LAKEFEED_SHARED_MOTO(moto);
  std::string bucket = NewBucket(moto);
  // 1100 keys under the prefix (made by boto3, which is quicker), and keys outside it.
  Result<std::string> seeded = moto.RunBoto3(
      "for i in range(1100):\n"
      "    s3.put_object(Bucket='" + bucket + "', Key='p/t/%05d.csv' % i, Body=b'x' * (i % 7))\n"
      "s3.put_object(Bucket='" + bucket + "', Key='p/u/a&b <c>.csv', Body=b'')\n"
      "s3.put_object(Bucket='" + bucket + "', Key='p/u/x&amp;y.csv', Body=b'')\n"
      "s3.put_object(Bucket='" + bucket + "', Key='other/x', Body=b'')\n");
  ASSERT_TRUE(seeded.ok()) << seeded.status().ToString();
  std::unique_ptr<S3Store> s3 = MustOpen(OptionsFor(moto, bucket, "p"));
  ASSERT_NE(s3, nullptr);

  store::ListOptions first_page;
  first_page.prefix = "t/";
  Result<store::ListPage> page = s3->List(first_page);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->objects.size(), 1000u);
  EXPECT_FALSE(page->continuation.empty());
  EXPECT_EQ(page->objects.front().key, "t/00000.csv");

  Result<std::vector<ObjectInfo>> all = store::ListAll(*s3, "");
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1102u);  // the prefix's keys only, without the prefix
  EXPECT_EQ(all->at(1099).key, "t/01099.csv");
  EXPECT_EQ(all->at(1099).size, 1099u % 7);
  EXPECT_EQ(all->at(1100).key, "u/a&b <c>.csv");  // XML entities decoded, once
  EXPECT_EQ(all->at(1101).key, "u/x&amp;y.csv");
  for (size_t idx = 1; idx < all->size(); ++idx) EXPECT_LT(all->at(idx - 1).key, all->at(idx).key);

  Result<std::vector<ObjectInfo>> after = store::ListAll(*s3, "t/", "t/01095.csv");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->size(), 4u);
}

TEST(S3StoreTest, BigFilesGoUpInPartsAndMoveKeepsThem) {
  LAKEFEED_SHARED_MOTO(moto);
  std::string bucket = NewBucket(moto);
  std::unique_ptr<S3Store> s3 = MustOpen(OptionsFor(moto, bucket));
  ASSERT_NE(s3, nullptr);
  TempDir dir;
  std::string path = dir.path() + "/big.csv";
  std::string data;
  for (int line = 0; data.size() < (12u << 20); ++line) data += std::to_string(line) + ",some row text\n";
  std::ofstream(path, std::ios::binary) << data;

  Result<ObjectInfo> put = s3->PutFile("_lakefeed/staging/big.csv", path);
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(put->size, data.size());
  // Three parts of 5 MiB at most: a multipart ETag ends in -3.
  Result<std::string> etag = moto.RunBoto3("print(s3.head_object(Bucket='" + bucket +
                                           "', Key='raw/mysql/_lakefeed/staging/big.csv')['ETag'])\n");
  ASSERT_TRUE(etag.ok()) << etag.status().ToString();
  EXPECT_NE(etag->find("-3\""), std::string::npos) << *etag;

  ASSERT_TRUE(s3->Move("_lakefeed/staging/big.csv", "shop/orders/LOAD00000001.csv").ok());
  EXPECT_TRUE(s3->Head("_lakefeed/staging/big.csv").status().IsNotFound());
  EXPECT_EQ(*s3->Get("shop/orders/LOAD00000001.csv"), data);
  // Redone after a crash: the source is gone, the target there.
  EXPECT_TRUE(s3->Move("_lakefeed/staging/big.csv", "shop/orders/LOAD00000001.csv").ok());
  EXPECT_TRUE(s3->Move("nothing", "nowhere").IsNotFound());

  // Small files go up in one PUT, and PutFile keeps the conditions.
  std::ofstream(dir.path() + "/small.csv") << "a,b\n";
  ASSERT_TRUE(s3->PutFile("small.csv", dir.path() + "/small.csv", PutOptions::IfAbsent()).ok());
  std::ofstream(dir.path() + "/other.csv") << "c,d\n";
  EXPECT_TRUE(s3->PutFile("small.csv", dir.path() + "/other.csv", PutOptions::IfAbsent()).status().IsConflict());
  // The same bytes again are taken for this write's own earlier attempt (object_store.h): written.
  EXPECT_TRUE(s3->PutFile("small.csv", dir.path() + "/small.csv", PutOptions::IfAbsent()).ok());
  EXPECT_TRUE(s3->PutFile("missing.csv", dir.path() + "/missing.csv").status().IsIOError());
}

TEST(S3StoreTest, SignaturesAreCheckedAndABadSecretIsRefusedClearly) {
  MotoSandbox::Options verifying;
  verifying.verify_signatures = true;
  Result<std::unique_ptr<MotoSandbox>> moto = MotoSandbox::Start(verifying);
  ASSERT_TRUE(moto.ok()) << moto.status().ToString();
  ASSERT_TRUE((*moto)->RunBoto3("s3.create_bucket(Bucket='signed')\n").ok());
  // No listing here: moto's check fails any query string holding a '/' (moto_sandbox.h).
  S3Options options = OptionsFor(**moto, "signed");
  std::unique_ptr<S3Store> s3 = MustOpen(options);
  ASSERT_NE(s3, nullptr);
  Result<ObjectInfo> put = s3->Put("k/v.csv", "signed bytes", PutOptions::IfAbsent());
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  EXPECT_EQ(*s3->Get("k/v.csv"), "signed bytes");
  EXPECT_TRUE(s3->Head("k/v.csv").ok());
  EXPECT_TRUE(s3->Delete("k/v.csv").ok());
  // A key that needs encoding in the signed path (moto's check, like boto3 against it, fails on keys with
  // other reserved or non-ASCII characters: ObjectsRangesAndDeletes writes those unchecked), a multipart
  // upload, a copy, with encryption headers signed.
  const std::string odd_key = "k/a b~c.csv";
  ASSERT_TRUE(s3->Put(odd_key, "odd").ok()) << s3->Put(odd_key, "odd").status().ToString();
  EXPECT_EQ(*s3->Get(odd_key, ByteRange{1, 2}), "dd");
  S3Options encrypted_options = options;
  encrypted_options.sse = "AES256";
  std::unique_ptr<S3Store> encrypted = MustOpen(encrypted_options);
  TempDir dir;
  std::string big(11u << 20, 'z');
  std::ofstream(dir.path() + "/big", std::ios::binary) << big;
  Result<ObjectInfo> parts = encrypted->PutFile("k/big.csv", dir.path() + "/big");
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  ASSERT_TRUE(encrypted->Move("k/big.csv", "k/moved big.csv").ok());
  EXPECT_EQ(encrypted->Head("k/moved big.csv")->size, big.size());
  Result<std::string> sse = (*moto)->RunBoto3("print(s3.head_object(Bucket='signed', Key='raw/mysql/k/moved big.csv')"
                                              ".get('ServerSideEncryption'))\n");
  ASSERT_TRUE(sse.ok()) << sse.status().ToString();
  EXPECT_EQ(*sse, "AES256\n");

  options.credentials.secret_access_key = "wrong-secret";
  options.credentials.source = "the test's wrong secret";
  std::unique_ptr<S3Store> bad = MustOpen(options);
  Result<ObjectInfo> refused = bad->Put("k/w.csv", "x");
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(refused.status().IsInvalidArgument()) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("SignatureDoesNotMatch"), std::string::npos) << refused.status().ToString();
  EXPECT_NE(refused.status().message().find("the test's wrong secret"), std::string::npos);
  EXPECT_EQ(refused.status().message().find("wrong-secret"), std::string::npos);  // never the secret itself
  EXPECT_EQ(bad->counts().retries, 0u);  // a 403 is not retried
}

// Through the fault proxy, 30% of requests fail (500, 503 SlowDown, reset, a stall, or an answer lost after
// the request took effect): every operation still succeeds within its attempts, and nothing is lost or
// changed -- including conditional writes and a multipart upload whose completion's answer may be lost.
TEST(S3StoreTest, InjectedFaultsAreRetriedAndNothingIsLost) {
  LAKEFEED_SHARED_MOTO(moto);
  std::string bucket = NewBucket(moto);
  Result<std::unique_ptr<S3FaultProxy>> proxy = S3FaultProxy::Start(moto.port(), 0.3, 42);
  ASSERT_TRUE(proxy.ok()) << proxy.status().ToString();
  S3Options options = OptionsFor(moto, bucket);
  options.endpoint = (*proxy)->endpoint();
  options.max_attempts = 12;
  options.stall_timeout_s = 1;
  metrics::Registry registry;  // the store's metrics (S3Probe), checked at the end
  options.metrics = &registry;
  std::unique_ptr<S3Store> s3 = MustOpen(options);
  ASSERT_NE(s3, nullptr);

  for (int object = 0; object < 40; ++object) {
    std::string key = "t/" + std::to_string(object) + ".csv";
    std::string data = "row " + std::to_string(object) + "\n" + std::string(static_cast<size_t>(object) * 97, 'r');
    Result<ObjectInfo> put = s3->Put(key, data, object % 2 == 0 ? PutOptions::IfAbsent() : PutOptions{});
    ASSERT_TRUE(put.ok()) << key << ": " << put.status().ToString();
    Result<std::string> got = s3->Get(key);
    ASSERT_TRUE(got.ok()) << key << ": " << got.status().ToString();
    EXPECT_EQ(*got, data);
  }
  // A checkpoint written twice: the second must still be refused, whatever faults either met.
  ASSERT_TRUE(s3->Put("_lakefeed/checkpoints/1.json", "first", PutOptions::IfAbsent()).ok());
  EXPECT_TRUE(s3->Put("_lakefeed/checkpoints/1.json", "second", PutOptions::IfAbsent()).status().IsConflict());
  EXPECT_EQ(*s3->Get("_lakefeed/checkpoints/1.json"), "first");

  TempDir dir;
  std::string data;
  for (int line = 0; data.size() < (11u << 20); ++line) data += std::to_string(line) + ",multipart\n";
  std::ofstream(dir.path() + "/big.csv", std::ios::binary) << data;
  Result<ObjectInfo> big = s3->PutFile("_lakefeed/staging/big.csv", dir.path() + "/big.csv");
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  ASSERT_TRUE(s3->Move("_lakefeed/staging/big.csv", "t/big.csv").ok());
  EXPECT_EQ(*s3->Get("t/big.csv"), data);
  Result<std::vector<ObjectInfo>> listed = store::ListAll(*s3, "t/");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  EXPECT_EQ(listed->size(), 41u);
  for (int object = 0; object < 40; object += 3) ASSERT_TRUE(s3->Delete("t/" + std::to_string(object) + ".csv").ok());
  EXPECT_EQ(store::ListAll(*s3, "t/")->size(), 41u - 14u);

  // The faults did happen, each kind, and were retried.
  Result<std::map<std::string, uint64_t>> faults = (*proxy)->Counts();
  ASSERT_TRUE(faults.ok()) << faults.status().ToString();
  for (const char* kind : {"500", "503", "reset", "stall", "lost-answer", "short-answer"}) {
    EXPECT_GT((*faults)[kind], 0u) << kind << " " << nlohmann::json(*faults).dump();
  }
  EXPECT_GT(s3->counts().retries, 10u);

  // The metrics say the same, by operation and code: retries of answered failures and of lost connections,
  // and the refused second checkpoint as an error with S3's code.
  double retries = 0;
  std::set<std::string> retry_codes;
  for (const auto& [labels, value] : registry.Values("lakefeed_s3_retries_total")) {
    retries += value;
    for (const auto& [name, label] : labels) {
      if (name == "code") retry_codes.insert(label);
    }
  }
  EXPECT_EQ(retries, static_cast<double>(s3->counts().retries));
  EXPECT_TRUE(retry_codes.contains("network")) << nlohmann::json(retry_codes).dump();
  EXPECT_GE(retry_codes.size(), 2u) << nlohmann::json(retry_codes).dump();
  EXPECT_GE(registry.Value("lakefeed_s3_errors_total", {{"store", "target"}, {"op", "PUT"}, {"code", "PreconditionFailed"}})
                .value_or(0),
            1.0);
  double requests = 0;
  for (const auto& [labels, value] : registry.Values("lakefeed_s3_requests_total")) requests += value;
  EXPECT_EQ(requests, static_cast<double>(s3->counts().requests));
}

TEST(S3StoreTest, AServerThatDoesNotAnswerIsRetriedThenUnavailable) {
  LAKEFEED_SHARED_MOTO(moto);
  S3Options options = OptionsFor(moto, "any");
  options.endpoint = "http://127.0.0.1:1";  // nothing listens there
  options.max_attempts = 3;
  std::unique_ptr<S3Store> s3 = MustOpen(options);
  Result<ObjectInfo> put = s3->Put("k", "v");
  EXPECT_TRUE(put.status().IsUnavailable()) << put.status().ToString();
  EXPECT_NE(put.status().message().find("after 3 attempts"), std::string::npos) << put.status().ToString();
  store::S3RequestCounts counts = s3->counts();
  EXPECT_EQ(counts.requests, 3u);
  EXPECT_EQ(counts.retries, 2u);
  EXPECT_EQ(counts.errors, 1u);
}

}  // namespace
}  // namespace cdc::harness
