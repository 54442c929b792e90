#include "model/gtid.h"

#include <gtest/gtest.h>

namespace cdc::model {
namespace {

constexpr std::string_view kUuidText = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
constexpr std::string_view kUuid2Text = "b9b88c66-0755-11f1-9899-4a9da94c4d71";

TEST(UuidTest, ParsesAndFormats) {
  Result<Uuid> uuid = Uuid::Parse("3E11FA47-71CA-11E1-9E33-C80AA9429562");
  ASSERT_TRUE(uuid.ok()) << uuid.status().ToString();
  EXPECT_EQ(uuid->bytes[0], 0x3e);
  EXPECT_EQ(uuid->bytes[15], 0x62);
  EXPECT_EQ(uuid->ToString(), kUuidText);
}

TEST(UuidTest, RejectsMalformed) {
  EXPECT_TRUE(Uuid::Parse("").status().IsInvalidArgument());
  EXPECT_TRUE(Uuid::Parse("3e11fa47-71ca-11e1-9e33-c80aa942956").status().IsInvalidArgument());   // short
  EXPECT_TRUE(Uuid::Parse("3e11fa47x71ca-11e1-9e33-c80aa9429562").status().IsInvalidArgument());  // separator
  EXPECT_TRUE(Uuid::Parse("3e11fa47-71ca-11e1-9e33-c80aa942956g").status().IsInvalidArgument());  // not hex
}

TEST(MysqlGtidTest, ParsesUntaggedAndTagged) {
  Result<MysqlGtid> plain = MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->gno, 23);
  EXPECT_TRUE(plain->tag.empty());
  EXPECT_EQ(plain->ToString(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:23");

  Result<MysqlGtid> tagged = MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:MyTag_1:5");
  ASSERT_TRUE(tagged.ok());
  EXPECT_EQ(tagged->tag, "mytag_1");  // tags are case-insensitive, normalized to lowercase
  EXPECT_EQ(tagged->gno, 5);
  EXPECT_EQ(tagged->ToString(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:mytag_1:5");
}

TEST(MysqlGtidTest, RejectsMalformed) {
  EXPECT_FALSE(MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562").ok());
  EXPECT_FALSE(MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:0").ok());
  EXPECT_FALSE(MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:-1").ok());
  EXPECT_FALSE(MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1tag:1").ok());
  EXPECT_FALSE(MysqlGtid::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:9223372036854775807").ok());  // GNO_END
}

TEST(MysqlGtidSetTest, ParsesFormatsAndMerges) {
  std::string text = std::string(kUuid2Text) + ":7:1-5, " + std::string(kUuidText) + ":1-3:tag:4-6:2\n";
  Result<MysqlGtidSet> set = MysqlGtidSet::Parse(text);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  // Canonical: uuids ascending, intervals merged and sorted, untagged first.
  EXPECT_EQ(set->ToString(),
            std::string(kUuidText) + ":1-3:tag:2:4-6," + std::string(kUuid2Text) + ":1-5:7");
  Result<MysqlGtidSet> again = MysqlGtidSet::Parse(set->ToString());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *set);
}

TEST(MysqlGtidSetTest, AddMergesAdjacentAndOverlapping) {
  MysqlGtidSet set;
  Uuid uuid = Uuid::Parse(kUuidText).value();
  ASSERT_TRUE(set.AddInterval(uuid, "", 10, 12).ok());
  ASSERT_TRUE(set.AddInterval(uuid, "", 1, 3).ok());
  ASSERT_TRUE(set.AddInterval(uuid, "", 5, 5).ok());
  EXPECT_EQ(set.ToString(), std::string(kUuidText) + ":1-3:5:10-12");
  ASSERT_TRUE(set.AddInterval(uuid, "", 4, 4).ok());  // joins 1-3 and 5
  EXPECT_EQ(set.ToString(), std::string(kUuidText) + ":1-5:10-12");
  ASSERT_TRUE(set.AddInterval(uuid, "", 6, 20).ok());  // swallows 10-12
  EXPECT_EQ(set.ToString(), std::string(kUuidText) + ":1-20");
  ASSERT_TRUE(set.Add(MysqlGtid{uuid, "", 21}).ok());
  EXPECT_EQ(set.ToString(), std::string(kUuidText) + ":1-21");
  EXPECT_TRUE(set.AddInterval(uuid, "", 0, 1).IsInvalidArgument());
  EXPECT_TRUE(set.AddInterval(uuid, "", 5, 4).IsInvalidArgument());
}

TEST(MysqlGtidSetTest, Contains) {
  MysqlGtidSet set = MysqlGtidSet::Parse(std::string(kUuidText) + ":1-3:7:t1:2").value();
  Uuid uuid = Uuid::Parse(kUuidText).value();
  EXPECT_TRUE(set.Contains({uuid, "", 1}));
  EXPECT_TRUE(set.Contains({uuid, "", 3}));
  EXPECT_FALSE(set.Contains({uuid, "", 4}));
  EXPECT_TRUE(set.Contains({uuid, "", 7}));
  EXPECT_FALSE(set.Contains({uuid, "", 8}));
  EXPECT_TRUE(set.Contains({uuid, "t1", 2}));
  EXPECT_FALSE(set.Contains({uuid, "t1", 1}));
  EXPECT_FALSE(set.Contains({Uuid::Parse(kUuid2Text).value(), "", 1}));
}

TEST(MysqlGtidSetTest, AddSetAndEmpty) {
  MysqlGtidSet a = MysqlGtidSet::Parse(std::string(kUuidText) + ":1-3").value();
  MysqlGtidSet b = MysqlGtidSet::Parse(std::string(kUuidText) + ":4-6," + std::string(kUuid2Text) + ":9").value();
  a.AddSet(b);
  EXPECT_EQ(a.ToString(), std::string(kUuidText) + ":1-6," + std::string(kUuid2Text) + ":9");
  EXPECT_TRUE(MysqlGtidSet::Parse("").value().empty());
  EXPECT_TRUE(MysqlGtidSet::Parse("  ").value().empty());
}

TEST(MysqlGtidSetTest, RejectsMalformed) {
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText)).ok());           // no intervals
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText) + ":").ok());     // empty part
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText) + ":5-3").ok());  // reversed
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText) + ":0-3").ok());  // gno 0
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText) + ":1-x").ok());
  EXPECT_FALSE(MysqlGtidSet::Parse(std::string(kUuidText) + ":1,").ok());   // empty element
  EXPECT_FALSE(MysqlGtidSet::Parse("nope:1").ok());
}

TEST(MariaGtidTest, ParsesAndFormats) {
  Result<MariaGtid> gtid = MariaGtid::Parse("0-1-100");
  ASSERT_TRUE(gtid.ok());
  EXPECT_EQ(gtid->domain_id, 0u);
  EXPECT_EQ(gtid->server_id, 1u);
  EXPECT_EQ(gtid->seq_no, 100u);
  EXPECT_EQ(gtid->ToString(), "0-1-100");
  EXPECT_FALSE(MariaGtid::Parse("0-1").ok());
  EXPECT_FALSE(MariaGtid::Parse("0-1-x").ok());
  EXPECT_FALSE(MariaGtid::Parse("0--1-2").ok());
  EXPECT_FALSE(MariaGtid::Parse("4294967296-1-2").ok());  // domain is 32-bit
}

TEST(MariaGtidPositionTest, ParsesAddsAndContains) {
  Result<MariaGtidPosition> position = MariaGtidPosition::Parse("1-2-5, 0-1-100");
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(position->ToString(), "0-1-100,1-2-5");
  EXPECT_TRUE(position->Contains({0, 1, 100}));
  EXPECT_TRUE(position->Contains({0, 7, 99}));
  EXPECT_FALSE(position->Contains({0, 1, 101}));
  EXPECT_FALSE(position->Contains({2, 1, 1}));
  position->Add({0, 3, 101});
  EXPECT_EQ(position->ToString(), "0-3-101,1-2-5");
  ASSERT_NE(position->Find(1), nullptr);
  EXPECT_EQ(position->Find(1)->seq_no, 5u);
  EXPECT_EQ(position->Find(9), nullptr);
  EXPECT_FALSE(MariaGtidPosition::Parse("0-1-1,0-2-2").ok());  // domain twice
  EXPECT_TRUE(MariaGtidPosition::Parse("").value().empty());
}

}  // namespace
}  // namespace cdc::model
