#include "mysql/binlog_stream.h"

#include <gtest/gtest.h>

#include <vector>

#include "model/gtid.h"

namespace cdc::mysql {
namespace {

TEST(BinlogStreamProtocolTest, RegisterReplicaArgs) {
  std::vector<uint8_t> expected = {
      0x92, 0x10, 0x00, 0x00,  // server_id 4242
      0x03, 'v', 'm', '1',     // host: length 3, "vm1"
      0x00,                    // user: empty
      0x00,                    // password: empty
      0x39, 0x30,              // port 12345
      0x00, 0x00, 0x00, 0x00,  // replication rank
      0x00, 0x00, 0x00, 0x00,  // master id
  };
  EXPECT_EQ(BuildRegisterReplicaArgs(4242, "vm1", 12345), expected);
}

TEST(BinlogStreamProtocolTest, RegisterReplicaCutsLongHostName) {
  std::string host(300, 'h');
  std::vector<uint8_t> args = BuildRegisterReplicaArgs(1, host, 0);
  ASSERT_EQ(args.size(), 4u + 1 + 255 + 1 + 1 + 2 + 4 + 4);
  EXPECT_EQ(args[4], 255);
}

TEST(BinlogStreamProtocolTest, BinlogDumpArgs) {
  Result<std::vector<uint8_t>> args = BuildBinlogDumpArgs("binlog.000002", 0x1234, kDumpFlagNonBlock, 7);
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  std::vector<uint8_t> expected = {
      0x34, 0x12, 0x00, 0x00,  // position 0x1234
      0x01, 0x00,              // flags: BINLOG_DUMP_NON_BLOCK
      0x07, 0x00, 0x00, 0x00,  // server_id 7
      'b', 'i', 'n', 'l', 'o', 'g', '.', '0', '0', '0', '0', '0', '2',  // file name, no terminator
  };
  EXPECT_EQ(*args, expected);
}

TEST(BinlogStreamProtocolTest, BinlogDumpRejectsPositionBeyond32Bits) {
  EXPECT_TRUE(BuildBinlogDumpArgs("binlog.000001", uint64_t{1} << 32, 0, 1).status().IsInvalidArgument());
}

TEST(BinlogStreamProtocolTest, EncodeMysqlGtidSet) {
  Result<model::MysqlGtidSet> set = model::MysqlGtidSet::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  Result<std::vector<uint8_t>> encoded = EncodeMysqlGtidSet(*set);
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  std::vector<uint8_t> expected = {
      1, 0, 0, 0, 0, 0, 0, 0,  // n_sids 1
      0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1,
      0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62,  // sid
      2, 0, 0, 0, 0, 0, 0, 0,  // n_intervals 2
      1, 0, 0, 0, 0, 0, 0, 0,  // [1,
      6, 0, 0, 0, 0, 0, 0, 0,  //  6)  = 1-5
      7, 0, 0, 0, 0, 0, 0, 0,  // [7,
      8, 0, 0, 0, 0, 0, 0, 0,  //  8)  = 7
  };
  EXPECT_EQ(*encoded, expected);
}

TEST(BinlogStreamProtocolTest, EncodeEmptyGtidSet) {
  Result<std::vector<uint8_t>> encoded = EncodeMysqlGtidSet(model::MysqlGtidSet());
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(*encoded, std::vector<uint8_t>(8, 0));  // n_sids 0
}

TEST(BinlogStreamProtocolTest, TaggedGtidSetIsNotSupported) {
  Result<model::MysqlGtidSet> set = model::MysqlGtidSet::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:blue:1-5");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_TRUE(EncodeMysqlGtidSet(*set).status().IsNotSupported());
}

TEST(BinlogStreamProtocolTest, BinlogDumpGtidArgs) {
  Result<model::MysqlGtidSet> set = model::MysqlGtidSet::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1");
  ASSERT_TRUE(set.ok());
  Result<std::vector<uint8_t>> args = BuildBinlogDumpGtidArgs("", 4, kDumpFlagThroughGtid, 9, *set);
  ASSERT_TRUE(args.ok()) << args.status().ToString();
  std::vector<uint8_t> head = {
      0x04, 0x00,              // flags: BINLOG_THROUGH_GTID
      0x09, 0x00, 0x00, 0x00,  // server_id 9
      0x00, 0x00, 0x00, 0x00,  // name_size 0, no name
      4, 0, 0, 0, 0, 0, 0, 0,  // position 4
      48, 0, 0, 0,             // data_size: 8 + 16 + 8 + 16
  };
  ASSERT_EQ(args->size(), head.size() + 48);
  EXPECT_EQ(std::vector<uint8_t>(args->begin(), args->begin() + static_cast<long>(head.size())), head);
}

// A 19-byte header with the given fields; the body is `body_size` zero bytes.
std::vector<uint8_t> MakeEvent(uint8_t type, uint32_t log_pos, uint16_t flags, size_t body_size) {
  uint32_t size = static_cast<uint32_t>(19 + body_size);
  std::vector<uint8_t> event = {
      0x10, 0x20, 0x30, 0x40,  // timestamp
      type,                    // event type
      0x01, 0x00, 0x00, 0x00,  // server_id 1
      static_cast<uint8_t>(size), static_cast<uint8_t>(size >> 8), static_cast<uint8_t>(size >> 16),
      static_cast<uint8_t>(size >> 24),  // event_size
      static_cast<uint8_t>(log_pos), static_cast<uint8_t>(log_pos >> 8), static_cast<uint8_t>(log_pos >> 16),
      static_cast<uint8_t>(log_pos >> 24),  // log_pos
      static_cast<uint8_t>(flags), static_cast<uint8_t>(flags >> 8),  // flags
  };
  event.resize(size, 0);
  return event;
}

TEST(DumpPacketTest, EventPacket) {
  std::vector<uint8_t> event = MakeEvent(16, 200, 0, 12);
  std::vector<uint8_t> packet = {0x00};  // OK byte before each event
  packet.insert(packet.end(), event.begin(), event.end());
  ByteView out;
  Result<DumpPacketKind> kind = ParseDumpPacket(packet, &out);
  ASSERT_TRUE(kind.ok()) << kind.status().ToString();
  EXPECT_EQ(*kind, DumpPacketKind::kEvent);
  EXPECT_EQ(out.data(), packet.data() + 1);
  EXPECT_EQ(out.size(), event.size());
}

TEST(DumpPacketTest, EndOfStream) {
  const uint8_t eof[] = {0xfe, 0x00, 0x00, 0x02, 0x00};  // EOF: 0xfe, warnings u16, status u16
  ByteView out;
  Result<DumpPacketKind> kind = ParseDumpPacket(eof, &out);
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, DumpPacketKind::kEndOfStream);
}

TEST(DumpPacketTest, RejectsEveryTruncationAndBadFirstByte) {
  std::vector<uint8_t> event = MakeEvent(16, 200, 0, 12);
  std::vector<uint8_t> packet = {0x00};
  packet.insert(packet.end(), event.begin(), event.end());
  ByteView out;
  for (size_t size = 0; size < packet.size(); ++size) {
    Result<DumpPacketKind> kind = ParseDumpPacket(ByteView(packet).first(size), &out);
    EXPECT_TRUE(kind.status().IsCorruption()) << "size " << size;
  }
  packet.push_back(0);  // one byte more than event_size says
  EXPECT_TRUE(ParseDumpPacket(packet, &out).status().IsCorruption());
  packet.pop_back();
  packet[0] = 0x01;
  EXPECT_TRUE(ParseDumpPacket(packet, &out).status().IsCorruption());
  const uint8_t error_packet[] = {0xff, 0xd4, 0x04, '#', 'H', 'Y', '0', '0', '0', 'x'};
  EXPECT_TRUE(ParseDumpPacket(error_packet, &out).status().IsCorruption());
}

TEST(EventStartOffsetTest, FromLogPos) {
  std::vector<uint8_t> event = MakeEvent(16, 1931, 0, 12);  // 31-byte XID ending at 1931
  Result<uint64_t> offset = EventStartOffset(event);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 1900u);
}

TEST(EventStartOffsetTest, ArtificialAndHeartbeatEventsHaveNoOffset) {
  EXPECT_EQ(*EventStartOffset(MakeEvent(4, 0, 0x20, 25)), 0u);      // first ROTATE: log_pos 0, artificial
  EXPECT_EQ(*EventStartOffset(MakeEvent(163, 2095, 0x20, 24)), 0u);  // fake GTID_LIST, artificial
  EXPECT_EQ(*EventStartOffset(MakeEvent(15, 0, 0, 233)), 0u);        // FDE resent at a mid-file start
  EXPECT_EQ(*EventStartOffset(MakeEvent(27, 4474, 0, 17)), 0u);      // HEARTBEAT
  EXPECT_EQ(*EventStartOffset(MakeEvent(41, 4474, 0, 17)), 0u);      // HEARTBEAT_V2
}

TEST(EventStartOffsetTest, RejectsTruncatedHeaderAndImpossibleLogPos) {
  std::vector<uint8_t> event = MakeEvent(16, 1931, 0, 12);
  for (size_t size = 0; size < 19; ++size) {
    EXPECT_TRUE(EventStartOffset(ByteView(event).first(size)).status().IsCorruption()) << size;
  }
  EXPECT_TRUE(EventStartOffset(MakeEvent(16, 20, 0, 12)).status().IsCorruption());  // log_pos < event_size
}

}  // namespace
}  // namespace cdc::mysql
