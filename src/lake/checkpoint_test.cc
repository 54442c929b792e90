#include "lake/checkpoint.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lake/layout.h"

namespace cdc::lake {
namespace {

Checkpoint FullCheckpoint() {
  Checkpoint checkpoint;
  checkpoint.number = 12;
  checkpoint.position = {"mysql-bin.000042", 123456, "0-1-100,1-2-7"};
  checkpoint.emitted_through = {"mysql-bin.000042", 130000, "0-1-104"};
  checkpoint.next_seq = 9001;
  checkpoint.commit_time_us = 1'795'500'902'123'456;
  checkpoint.written_ms = 1'795'500'903'000;
  checkpoint.staging = StagingPrefix(12, "0123456789abcdef");
  checkpoint.files.push_back({"shop/orders/2026/11/24/20261124-061502123.csv", "shop.orders", 10, 512, 8000, 8009,
                              "mem-17"});
  checkpoint.files.push_back({"shop/users/LOAD0000000A.csv.gz", "shop.users", 3, 99, 8990, 9000, "\"etag\""});
  checkpoint.tables["shop.orders"] = TableStats{5, 4, 3, 2, 1, 1'795'500'903'000};
  checkpoint.tables["shop.users"] = TableStats{UINT64_MAX, 0, 0, 0, 3, -1};
  checkpoint.last_names["shop/orders"] = "20261124-061502123";
  checkpoint.load_counters["shop/users"] = 10;
  checkpoint.earlier_last_seqs = {{"shop/orders", 7999}, {"shop/users", 0}};
  checkpoint.full_load = R"({"tables":{"shop.users":{"phase":"loading"}},"version":1})";
  return checkpoint;
}

void ExpectEqual(const Checkpoint& a, const Checkpoint& b) {
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.position.file, b.position.file);
  EXPECT_EQ(a.position.offset, b.position.offset);
  EXPECT_EQ(a.position.gtid, b.position.gtid);
  EXPECT_EQ(a.emitted_through.file, b.emitted_through.file);
  EXPECT_EQ(a.emitted_through.offset, b.emitted_through.offset);
  EXPECT_EQ(a.emitted_through.gtid, b.emitted_through.gtid);
  EXPECT_EQ(a.next_seq, b.next_seq);
  EXPECT_EQ(a.commit_time_us, b.commit_time_us);
  EXPECT_EQ(a.written_ms, b.written_ms);
  EXPECT_EQ(a.staging, b.staging);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (size_t file_idx = 0; file_idx < a.files.size(); ++file_idx) {
    const CommittedFile& x = a.files[file_idx];
    const CommittedFile& y = b.files[file_idx];
    EXPECT_EQ(x.key, y.key);
    EXPECT_EQ(x.table, y.table);
    EXPECT_EQ(x.rows, y.rows);
    EXPECT_EQ(x.bytes, y.bytes);
    EXPECT_EQ(x.first_seq, y.first_seq);
    EXPECT_EQ(x.last_seq, y.last_seq);
    EXPECT_EQ(x.etag, y.etag);
  }
  ASSERT_EQ(a.tables.size(), b.tables.size());
  for (const auto& [table, stats] : a.tables) {
    ASSERT_TRUE(b.tables.contains(table)) << table;
    const TableStats& other = b.tables.at(table);
    EXPECT_EQ(stats.inserts, other.inserts);
    EXPECT_EQ(stats.updates, other.updates);
    EXPECT_EQ(stats.deletes, other.deletes);
    EXPECT_EQ(stats.ddls, other.ddls);
    EXPECT_EQ(stats.full_load_rows, other.full_load_rows);
    EXPECT_EQ(stats.last_update_ms, other.last_update_ms);
  }
  EXPECT_EQ(a.last_names, b.last_names);
  EXPECT_EQ(a.load_counters, b.load_counters);
  EXPECT_EQ(a.earlier_last_seqs, b.earlier_last_seqs);
  EXPECT_EQ(a.full_load, b.full_load);
}

TEST(CheckpointJsonTest, RoundTrips) {
  Checkpoint checkpoint = FullCheckpoint();
  std::string json = EncodeCheckpoint(checkpoint).value();
  Result<Checkpoint> decoded = DecodeCheckpoint(json, CheckpointKey(12));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectEqual(checkpoint, *decoded);
  // Encoding is deterministic: a retry of a commit compares bytes.
  EXPECT_EQ(EncodeCheckpoint(*decoded).value(), json);
}

TEST(CheckpointJsonTest, RoundTripsAnEmptyCheckpoint) {
  Checkpoint checkpoint;
  checkpoint.number = 1;
  Result<Checkpoint> decoded = DecodeCheckpoint(EncodeCheckpoint(checkpoint).value(), CheckpointKey(1));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectEqual(checkpoint, *decoded);
}

TEST(CheckpointJsonTest, RefusesNamesJsonCannotCarry) {
  Checkpoint checkpoint = FullCheckpoint();
  checkpoint.tables["shop.\xff"] = TableStats{};
  EXPECT_TRUE(EncodeCheckpoint(checkpoint).status().IsInvalidArgument());
}

// Edits one field of a valid checkpoint's JSON and expects a Corruption naming the key and `field`.
void ExpectCorruption(const std::function<void(nlohmann::json&)>& edit, const std::string& field) {
  nlohmann::json json = nlohmann::json::parse(EncodeCheckpoint(FullCheckpoint()).value());
  edit(json);
  std::string key = CheckpointKey(12);
  Result<Checkpoint> decoded = DecodeCheckpoint(json.dump(), key);
  ASSERT_FALSE(decoded.ok()) << "accepted with " << field << " edited";
  EXPECT_TRUE(decoded.status().IsCorruption()) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find(key), std::string::npos) << decoded.status().ToString();
  EXPECT_NE(decoded.status().message().find("\"" + field + "\""), std::string::npos) << decoded.status().ToString();
}

TEST(CheckpointJsonTest, EveryFieldIsCheckedAndNamed) {
  ExpectCorruption([](auto& j) { j.erase("number"); }, "number");
  ExpectCorruption([](auto& j) { j["number"] = 13; }, "number");
  ExpectCorruption([](auto& j) { j["number"] = -12; }, "number");
  ExpectCorruption([](auto& j) { j["version"] = "1"; }, "version");
  ExpectCorruption([](auto& j) { j["version"] = 0; }, "version");
  ExpectCorruption([](auto& j) { j["position"] = "mysql-bin.000042:4"; }, "position");
  ExpectCorruption([](auto& j) { j["position"].erase("file"); }, "position.file");
  ExpectCorruption([](auto& j) { j["position"]["offset"] = 1.5; }, "position.offset");
  ExpectCorruption([](auto& j) { j["position"]["gtid"] = nullptr; }, "position.gtid");
  ExpectCorruption([](auto& j) { j["next_seq"] = -1; }, "next_seq");
  ExpectCorruption([](auto& j) { j["commit_time_us"] = UINT64_MAX; }, "commit_time_us");
  ExpectCorruption([](auto& j) { j["written_ms"] = true; }, "written_ms");
  ExpectCorruption([](auto& j) { j["staging"] = "shop/"; }, "staging");
  ExpectCorruption([](auto& j) { j["staging"] = "_lakefeed/staging/"; }, "staging");
  ExpectCorruption([](auto& j) { j["staging"] = "_lakefeed/staging/../x/"; }, "staging");
  ExpectCorruption([](auto& j) { j["staging"] = ""; }, "staging");  // files but no staging
  ExpectCorruption([](auto& j) { j["files"] = nlohmann::json::object(); }, "files");
  ExpectCorruption([](auto& j) { j["files"][1] = 7; }, "files[1]");
  ExpectCorruption([](auto& j) { j["files"][0]["key"] = "_lakefeed/checkpoints/x.json"; }, "files[0].key");
  ExpectCorruption([](auto& j) { j["files"][0]["key"] = "shop//x.csv"; }, "files[0].key");
  ExpectCorruption([](auto& j) { j["files"][0]["key"] = "/shop/x.csv"; }, "files[0].key");
  ExpectCorruption([](auto& j) { j["files"][0]["key"] = "shop/../x.csv"; }, "files[0].key");
  ExpectCorruption([](auto& j) { j["files"][0]["key"] = ""; }, "files[0].key");
  ExpectCorruption([](auto& j) { j["files"][1]["key"] = j["files"][0]["key"]; }, "files[1].key");
  ExpectCorruption([](auto& j) { j["files"][0].erase("table"); }, "files[0].table");
  ExpectCorruption([](auto& j) { j["files"][1]["rows"] = "3"; }, "files[1].rows");
  ExpectCorruption([](auto& j) { j["files"][1]["bytes"] = -99; }, "files[1].bytes");
  ExpectCorruption([](auto& j) { j["files"][1]["first_seq"] = 9001; }, "files[1]");
  ExpectCorruption([](auto& j) { j["files"][1].erase("last_seq"); }, "files[1].last_seq");
  ExpectCorruption([](auto& j) { j["files"][1]["etag"] = 5; }, "files[1].etag");
  ExpectCorruption([](auto& j) { j["tables"] = nlohmann::json::array(); }, "tables");
  ExpectCorruption([](auto& j) { j["tables"]["shop.orders"] = 1; }, "tables.shop.orders");
  ExpectCorruption([](auto& j) { j["tables"]["shop.orders"].erase("ddls"); }, "tables.shop.orders.ddls");
  ExpectCorruption([](auto& j) { j["tables"]["shop.users"]["last_update_ms"] = 0.5; },
                   "tables.shop.users.last_update_ms");
  ExpectCorruption([](auto& j) { j.erase("last_names"); }, "last_names");
  ExpectCorruption([](auto& j) { j["last_names"]["shop/orders"] = "20261124-0615021230"; }, "last_names.shop/orders");
  ExpectCorruption([](auto& j) { j["last_names"]["shop/orders"] = 1; }, "last_names.shop/orders");
  ExpectCorruption([](auto& j) { j["load_counters"]["shop/users"] = 4294967296; }, "load_counters.shop/users");
  ExpectCorruption([](auto& j) { j["load_counters"]["shop/users"] = -1; }, "load_counters.shop/users");
  ExpectCorruption([](auto& j) { j["earlier_last_seqs"] = 1; }, "earlier_last_seqs");
  ExpectCorruption([](auto& j) { j["earlier_last_seqs"]["shop/users"] = "1"; },
                   "earlier_last_seqs.shop/users");
}

TEST(CheckpointJsonTest, FullLoadStateIsAnOptionalObject) {
  Checkpoint checkpoint = FullCheckpoint();
  checkpoint.full_load = "[1]";
  EXPECT_TRUE(EncodeCheckpoint(checkpoint).status().IsInvalidArgument());
  // Keys come back sorted whatever order they were given in.
  checkpoint.full_load = R"({"b":1,"a":{"d":2,"c":3}})";
  Result<Checkpoint> decoded = DecodeCheckpoint(EncodeCheckpoint(checkpoint).value(), CheckpointKey(12));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->full_load, R"({"a":{"c":3,"d":2},"b":1})");
  ExpectCorruption([](nlohmann::json& json) { json["full_load"] = "text"; }, "full_load");
}

TEST(CheckpointJsonTest, RejectsWhatIsNotACheckpoint) {
  for (const char* text : {"", "{", "[]", "null", "42", "\"x\"", "{\"version\":1}", "{\"number\":12} trailing"}) {
    Result<Checkpoint> decoded = DecodeCheckpoint(text, CheckpointKey(12));
    ASSERT_FALSE(decoded.ok()) << text;
    EXPECT_TRUE(decoded.status().IsCorruption()) << text << ": " << decoded.status().ToString();
    EXPECT_NE(decoded.status().message().find(CheckpointKey(12)), std::string::npos);
  }
}

TEST(CheckpointJsonTest, NewerVersionIsNotSupportedAndUnknownFieldsAreIgnored) {
  nlohmann::json json = nlohmann::json::parse(EncodeCheckpoint(FullCheckpoint()).value());
  json["something_new"] = {1, 2, 3};
  EXPECT_TRUE(DecodeCheckpoint(json.dump(), CheckpointKey(12)).ok());
  json["version"] = 2;
  EXPECT_TRUE(DecodeCheckpoint(json.dump(), CheckpointKey(12)).status().IsNotSupported());
}

TEST(CheckpointJsonTest, ANumberIsCheckedAgainstItsKeyOnlyForCheckpointKeys) {
  std::string json = EncodeCheckpoint(FullCheckpoint()).value();
  EXPECT_TRUE(DecodeCheckpoint(json, "somewhere/else.json").ok());
  EXPECT_TRUE(DecodeCheckpoint(json, CheckpointKey(11)).status().IsCorruption());
}

// The fuzz seeds stay in the format: the valid ones decode, the near misses do not.
TEST(CheckpointJsonTest, FuzzSeedsFollowTheFormat) {
  std::string dir = std::filesystem::path(__FILE__).parent_path() / "fuzz_seeds" / "checkpoint";
  auto read = [&dir](const char* name) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    EXPECT_FALSE(bytes.str().empty()) << dir << "/" << name;
    return bytes.str();
  };
  Result<Checkpoint> full = DecodeCheckpoint(read("full.json"), CheckpointKey(12));
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ExpectEqual(*full, FullCheckpoint());
  EXPECT_TRUE(DecodeCheckpoint(read("empty.json"), CheckpointKey(1)).ok());
  EXPECT_TRUE(DecodeCheckpoint(read("gtid_no_files.json"), CheckpointKey(12)).ok());
  EXPECT_TRUE(DecodeCheckpoint(read("bad_key.json"), CheckpointKey(12)).status().IsCorruption());
  EXPECT_TRUE(DecodeCheckpoint(read("truncated.json"), CheckpointKey(12)).status().IsCorruption());
  EXPECT_TRUE(DecodeCheckpoint(read("newer.json"), CheckpointKey(1)).status().IsNotSupported());
}

}  // namespace
}  // namespace cdc::lake
