// Tests of the stream Decoder (checksums, FDE, ROTATE, GTID tracking, table maps and rows, payload
// events, errors naming file and offset), the file reader and the event JSON, on synthetic events.

#include "binlog/decoder.h"

#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "base/crc32.h"
#include "binlog/event_json.h"
#include "binlog/file_reader.h"

namespace cdc::binlog {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}
Bytes Txt(std::string_view text) { return Bytes(text.begin(), text.end()); }
Bytes U(uint64_t value, size_t width) {
  Bytes out;
  for (size_t byte_idx = 0; byte_idx < width; ++byte_idx) out.push_back(static_cast<uint8_t>(value >> (8 * byte_idx)));
  return out;
}

// A whole event: v4 header, body, and a CRC32 when `crc`.
Bytes Event(uint8_t type, const Bytes& body, bool crc, uint32_t log_pos = 0, uint16_t flags = 0) {
  Bytes event = Cat({U(1700000000, 4), {type}, U(7, 4), U(19 + body.size() + (crc ? 4 : 0), 4), U(log_pos, 4),
                     U(flags, 2), body});
  if (crc) event = Cat({event, U(Crc32(event), 4)});
  return event;
}

Bytes FdeBody(std::string_view version, bool with_checksum_byte, uint8_t algorithm) {
  Bytes server_version = Txt(version);
  server_version.resize(50, 0);
  Bytes lengths = {0, 13, 0, 8, 0, 0, 0, 0, 4, 0, 4, 0, 0, 0, 98, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0, 0,
                   10, 10, 10, 42, 42, 0, 18, 52, 0, 10, 40, 0};
  Bytes body = Cat({U(4, 2), server_version, U(1700000000, 4), {19}, lengths});
  if (with_checksum_byte) body.push_back(algorithm);
  return body;
}
Bytes Fde(bool crc) { return Event(15, FdeBody("8.0.36", true, crc ? 1 : 0), true); }

Bytes QueryBody(std::string_view schema, std::string_view query) {
  return Cat({U(5, 4), U(0, 4), {static_cast<uint8_t>(schema.size())}, U(0, 2), U(0, 2), Txt(schema), {0}, Txt(query)});
}

// TABLE_MAP for d.t (table_id `id`) with one INT column, nullable.
Bytes TableMapBody(uint64_t id, std::string_view table = "t") {
  return Cat({U(id, 6), U(1, 2),                                   // table_id, flags
              {1}, Txt("d"), {0},                                  // schema "d"
              {static_cast<uint8_t>(table.size())}, Txt(table), {0},  // table
              {1}, {3},                                            // 1 column: LONG
              {0},                                                 // no metadata
              {0x01}});                                            // nullable
}
// WRITE_ROWS_V2 with one row (value) for table `id`.
Bytes WriteRowsBody(uint64_t id, int32_t value) {
  return Cat({U(id, 6), U(1, 2), U(2, 2),  // table_id, flags STMT_END_F, extra data length 2 (none)
              {1}, {0x01},                 // 1 column, present
              {0x00}, U(static_cast<uint32_t>(value), 4)});  // null bitmap, value
}

Bytes Gtid(uint8_t type, uint64_t gno) {
  Bytes sid = type == 34 ? Bytes(16, 0) : Bytes{0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1, 0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};
  return Cat({{0}, sid, U(gno, 8), {2}, U(0, 8), U(1, 8)});
}

struct Recorder : public EventSink {
  Status OnEvent(const DecodedEvent& event) override {
    types.push_back(event.header.type_code);
    files.emplace_back(event.file);
    offsets.push_back(event.offset);
    inner.push_back(event.inner);
    gtid_at_event.push_back(current_gtid_source ? current_gtid_source->current_gtid() : "");
    if (const auto* map = std::get_if<TableMapRef>(&event.body)) maps.push_back(map->map);
    json_lines.push_back(EventToJsonLine(event));
    if (fail_on_type == event.header.type_code) return Status::Cancelled("sink says stop");
    return Status::OK();
  }
  Status OnRows(const DecodedEvent& event, const model::ChangeBatch& rows) override {
    for (const model::RowChange& change : rows.changes()) {
      values.push_back(static_cast<int64_t>(rows.column(0).slot(change.after)));
      row_gtids.push_back(rows.origins()[change.origin].position.gtid);
      row_files.push_back(rows.origins()[change.origin].position.file);
      row_offsets.push_back(event.offset);
    }
    return Status::OK();
  }
  bool WantsTable(const model::TableSchema& table) override { return table.table_name != skip_table; }

  std::vector<uint8_t> types;
  std::vector<std::string> files;
  std::vector<uint64_t> offsets;
  std::vector<bool> inner;
  std::vector<std::string> gtid_at_event;
  std::vector<const TableMapEvent*> maps;
  std::vector<std::string> json_lines;
  std::vector<int64_t> values;
  std::vector<std::string> row_gtids;
  std::vector<std::string> row_files;
  std::vector<uint64_t> row_offsets;
  std::string skip_table;
  int fail_on_type = -1;
  const Decoder* current_gtid_source = nullptr;
};

// Feeds events at consecutive offsets from 4.
Status FeedAll(Decoder& decoder, Recorder& sink, const std::vector<Bytes>& events, uint64_t* end = nullptr) {
  uint64_t offset = 4;
  for (const Bytes& event : events) {
    CDC_RETURN_IF_ERROR(decoder.Feed(event, offset, &sink));
    offset += event.size();
  }
  if (end != nullptr) *end = offset;
  return Status::OK();
}

// ---------------------------------------------------------------------------------------------
TEST(DecoderTest, VerifiesCrc32AndNamesFileAndOffset) {
  Decoder decoder;
  decoder.SetFile("binlog.000001");
  Recorder sink;
  Bytes fde = Fde(true);
  Bytes query = Event(2, QueryBody("db", "BEGIN"), true);
  ASSERT_TRUE(FeedAll(decoder, sink, {fde, query}).ok());
  EXPECT_EQ(decoder.format().checksum, ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(decoder.format().server_version, "8.0.36");

  query[30] ^= 0x01;  // one bit in the body
  Status status = decoder.Feed(query, 1234, &sink);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("binlog.000001 @ 1234"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("checksum"), std::string::npos) << status.ToString();

  Bytes bad_checksum = Event(2, QueryBody("db", "BEGIN"), true);
  bad_checksum.back() ^= 0x80;  // the stored checksum itself
  EXPECT_TRUE(decoder.Feed(bad_checksum, 99, &sink).IsCorruption());
}

TEST(DecoderTest, FdeChecksumIsVerifiedToo) {
  Bytes fde = Fde(true);
  fde[19 + 5] ^= 0x20;  // inside the server version
  Decoder decoder;
  Recorder sink;
  EXPECT_TRUE(decoder.Feed(fde, 4, &sink).IsCorruption());
  EXPECT_TRUE(sink.types.empty());
}

TEST(DecoderTest, NoVerificationWhenDisabled) {
  DecoderOptions options;
  options.verify_checksums = false;
  Decoder decoder(options);
  Recorder sink;
  Bytes query = Event(2, QueryBody("db", "BEGIN"), true);
  query.back() ^= 0xff;
  EXPECT_TRUE(FeedAll(decoder, sink, {Fde(true), query}).ok());
}

TEST(DecoderTest, ChecksumOffMeansNoTrailer) {
  Decoder decoder;
  Recorder sink;
  // FDE says OFF: the QUERY has no checksum, so its last 4 bytes are query text.
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(false), Event(2, QueryBody("", "COMMIT"), false)}).ok());
  EXPECT_EQ(decoder.format().checksum, ChecksumAlgorithm::kOff);
  ASSERT_EQ(sink.json_lines.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(sink.json_lines[1])["query"], "COMMIT");
}

TEST(DecoderTest, RejectsEventSizeMismatch) {
  Decoder decoder;
  Recorder sink;
  Bytes fde = Fde(true);
  fde.push_back(0);  // one byte more than event_size says
  EXPECT_TRUE(decoder.Feed(fde, 4, &sink).IsCorruption());
  EXPECT_TRUE(decoder.Feed(ByteView(fde.data(), 10), 4, &sink).IsCorruption());
}

TEST(DecoderTest, UnknownTypeNeedsTheIgnorableFlag) {
  Decoder decoder;
  decoder.SetFile("mysql-bin.000009");
  Recorder sink;
  ASSERT_TRUE(decoder.Feed(Fde(true), 4, &sink).ok());
  Bytes padding = Event(100, Bytes(50, 0), true, 0, kEventFlagIgnorable);
  ASSERT_TRUE(decoder.Feed(padding, 200, &sink).ok());
  EXPECT_EQ(sink.types.back(), 100);
  auto json = nlohmann::json::parse(sink.json_lines.back());
  EXPECT_EQ(json["ignorable"], true);
  EXPECT_EQ(json["event"], "Unknown");
  EXPECT_EQ(json["type"], 100);

  Status status = decoder.Feed(Event(100, Bytes(50, 0), true), 300, &sink);
  EXPECT_TRUE(status.IsNotSupported());
  EXPECT_NE(status.message().find("mysql-bin.000009 @ 300"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("100"), std::string::npos);
}

TEST(DecoderTest, RotateSetsTheFileOfLaterEvents) {
  Decoder decoder;
  decoder.SetFile("binlog.000041");
  Recorder sink;
  Bytes rotate = Event(4, Cat({U(4, 8), Txt("binlog.000042")}), true);
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), rotate, Event(2, QueryBody("", "BEGIN"), true)}).ok());
  EXPECT_EQ(sink.files, (std::vector<std::string>{"binlog.000041", "binlog.000041", "binlog.000042"}));
  EXPECT_EQ(decoder.file(), "binlog.000042");
}

TEST(DecoderTest, ArtificialRotateBeforeTheFde) {
  // A replication stream starts with an artificial ROTATE (log_pos 0, LOG_EVENT_ARTIFICIAL_F) that may
  // carry a checksum although no FDE has been seen.
  Bytes rotate_crc = Event(4, Cat({U(4, 8), Txt("binlog.000007")}), true, 0, kEventFlagArtificial);
  {
    DecoderOptions options;
    options.initial_checksum = ChecksumAlgorithm::kCrc32;
    Decoder decoder(options);
    Recorder sink;
    ASSERT_TRUE(decoder.Feed(rotate_crc, 0, &sink).ok());
    EXPECT_EQ(decoder.file(), "binlog.000007");
  }
  {
    DecoderOptions options;
    options.initial_checksum = ChecksumAlgorithm::kUndefined;  // find out from the event
    Decoder decoder(options);
    Recorder sink;
    ASSERT_TRUE(decoder.Feed(rotate_crc, 0, &sink).ok());
    EXPECT_EQ(decoder.file(), "binlog.000007");
    Decoder plain_decoder(options);
    ASSERT_TRUE(plain_decoder.Feed(Event(4, Cat({U(4, 8), Txt("binlog.000008")}), false), 0, &sink).ok());
    EXPECT_EQ(plain_decoder.file(), "binlog.000008");
  }
}

TEST(DecoderTest, TracksTheTransactionGtid) {
  Decoder decoder;
  Recorder sink;
  sink.current_gtid_source = &decoder;
  std::vector<Bytes> events = {Fde(true),
                               Event(33, Gtid(33, 17), true),
                               Event(2, QueryBody("d", "BEGIN"), true),
                               Event(19, TableMapBody(5), true),
                               Event(30, WriteRowsBody(5, 42), true),
                               Event(16, U(9, 8), true),
                               Event(34, Gtid(34, 0), true),
                               Event(2, QueryBody("d", "BEGIN"), true),
                               Event(19, TableMapBody(5), true),
                               Event(30, WriteRowsBody(5, -7), true),
                               Event(16, U(10, 8), true)};
  ASSERT_TRUE(FeedAll(decoder, sink, events).ok());
  EXPECT_EQ(sink.values, (std::vector<int64_t>{42, -7}));
  EXPECT_EQ(sink.row_gtids, (std::vector<std::string>{"3e11fa47-71ca-11e1-9e33-c80aa9429562:17", ""}));
  EXPECT_EQ(sink.gtid_at_event[2], "3e11fa47-71ca-11e1-9e33-c80aa9429562:17");
  EXPECT_EQ(decoder.current_gtid(), "");

  // MariaDB: "domain-server-seq" with the server id from the header (7 in Event()).
  Bytes maria = Event(162, Cat({U(100, 8), U(3, 4), {0x0c}, Bytes(6, 0)}), true);
  ASSERT_TRUE(decoder.Feed(maria, 4000, &sink).ok());
  EXPECT_EQ(decoder.current_gtid(), "3-7-100");
}

TEST(DecoderTest, TableMapsAreCachedAndRowsNeedOne) {
  Decoder decoder;
  decoder.SetFile("binlog.000003");
  Recorder sink;
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), Event(19, TableMapBody(5), true), Event(19, TableMapBody(5), true),
                                      Event(19, TableMapBody(5, "u"), true)})
                  .ok());
  ASSERT_EQ(sink.maps.size(), 3u);
  EXPECT_EQ(sink.maps[0], sink.maps[1]);  // same bytes: not decoded again
  EXPECT_NE(sink.maps[1], sink.maps[2]);  // remapped
  EXPECT_EQ(sink.maps[2]->table_name, "u");

  Status status = decoder.Feed(Event(30, WriteRowsBody(6, 1), true), 777, &sink);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("binlog.000003 @ 777"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("TABLE_MAP"), std::string::npos) << status.ToString();
}

TEST(DecoderTest, WantsTableFalseSkipsTheRows) {
  Decoder decoder;
  Recorder sink;
  sink.skip_table = "t";
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), Event(19, TableMapBody(5), true), Event(30, WriteRowsBody(5, 1), true),
                                      Event(19, TableMapBody(6, "u"), true), Event(30, WriteRowsBody(6, 2), true)})
                  .ok());
  EXPECT_EQ(sink.types, (std::vector<uint8_t>{15, 19, 30, 19, 30}));  // every event is still reported
  EXPECT_EQ(sink.values, (std::vector<int64_t>{2}));                  // only u's rows are decoded

  DecoderOptions options;
  options.decode_rows = false;
  Decoder no_rows(options);
  Recorder no_rows_sink;
  ASSERT_TRUE(FeedAll(no_rows, no_rows_sink, {Fde(true), Event(19, TableMapBody(5), true), Event(30, WriteRowsBody(5, 1), true)}).ok());
  EXPECT_TRUE(no_rows_sink.values.empty());
}

TEST(DecoderTest, SinkErrorsPassThroughUnchanged) {
  Decoder decoder;
  Recorder sink;
  sink.fail_on_type = 2;
  ASSERT_TRUE(decoder.Feed(Fde(true), 4, &sink).ok());
  Status status = decoder.Feed(Event(2, QueryBody("", "BEGIN"), true), 130, &sink);
  EXPECT_TRUE(status.IsCancelled());
  EXPECT_EQ(status.message(), "sink says stop");
}

// A TRANSACTION_PAYLOAD_EVENT body holding `inner` events, zstd-compressed.
Bytes PayloadBody(const std::vector<Bytes>& inner) {
  Bytes events;
  for (const Bytes& event : inner) events = Cat({events, event});
  Bytes compressed(ZSTD_compressBound(events.size()));
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), events.data(), events.size(), 3));
  return Cat({{0x02, 0x01, 0x00},                           // compression ZSTD
              {0x03, 0x03, 0xfc}, U(events.size(), 2),      // uncompressed size
              {0x01, 0x03, 0xfc}, U(compressed.size(), 2),  // payload size
              {0x00}, compressed});
}

TEST(DecoderTest, PayloadInnerEventsGoThroughTheSamePath) {
  Decoder decoder;
  decoder.SetFile("binlog.000010");
  Recorder sink;
  Bytes payload = Event(40, PayloadBody({Event(2, QueryBody("d", "BEGIN"), false), Event(19, TableMapBody(9), false),
                                         Event(30, WriteRowsBody(9, 5), false), Event(16, U(77, 8), false)}),
                        true);
  uint64_t end = 0;
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), Event(33, Gtid(33, 3), true), payload}, &end).ok());
  EXPECT_EQ(sink.types, (std::vector<uint8_t>{15, 33, 40, 2, 19, 30, 16}));
  EXPECT_EQ(sink.inner, (std::vector<bool>{false, false, false, true, true, true, true}));
  uint64_t payload_offset = end - payload.size();
  for (size_t event_idx = 3; event_idx < sink.offsets.size(); ++event_idx) EXPECT_EQ(sink.offsets[event_idx], payload_offset);
  EXPECT_EQ(sink.values, (std::vector<int64_t>{5}));
  EXPECT_EQ(sink.row_gtids, (std::vector<std::string>{"3e11fa47-71ca-11e1-9e33-c80aa9429562:3"}));
  EXPECT_EQ(sink.row_offsets, (std::vector<uint64_t>{payload_offset}));
  EXPECT_EQ(decoder.inner_event_count(), 4u);
  auto tpe_json = nlohmann::json::parse(sink.json_lines[2]);
  EXPECT_EQ(tpe_json["compression"], "ZSTD");
  EXPECT_EQ(nlohmann::json::parse(sink.json_lines[6])["inner"], true);

  // A broken inner event is reported with the TPE's offset and its index.
  Bytes broken = Event(40, PayloadBody({Event(2, QueryBody("d", "BEGIN"), false), Event(16, U(1, 4), false)}), true);
  Status status = decoder.Feed(broken, 5000, &sink);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("binlog.000010 @ 5000"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("inner event 1"), std::string::npos) << status.ToString();

  // Payloads do not nest.
  Bytes nested = Event(40, PayloadBody({Event(40, PayloadBody({Event(16, U(1, 8), false)}), false)}), true);
  EXPECT_TRUE(decoder.Feed(nested, 6000, &sink).IsCorruption());
}

// A MariaDB compressed block: 0x80 | width, big-endian length, zlib stream.
Bytes MariaCompress(const Bytes& data) {
  Bytes zlib(compressBound(data.size()));
  uLongf size = zlib.size();
  EXPECT_EQ(compress(zlib.data(), &size, data.data(), data.size()), Z_OK);
  zlib.resize(size);
  return Cat({{0x82}, {static_cast<uint8_t>(data.size() >> 8), static_cast<uint8_t>(data.size())}, zlib});
}

TEST(DecoderTest, MariaDbCompressedQueryAndRows) {
  Decoder decoder;
  Recorder sink;
  const std::string query = "INSERT INTO t VALUES (1), (2), (3) /* a statement long enough to compress */";
  Bytes compressed_query = Cat({U(5, 4), U(0, 4), {1}, U(0, 2), U(0, 2), Txt("d"), {0}, MariaCompress(Txt(query))});
  // WRITE_ROWS_COMPRESSED_V1 (166): v1 post-header, column count, bitmap, then the compressed rows.
  Bytes rows = Cat({{0x00}, U(11, 4), {0x00}, U(static_cast<uint32_t>(-12), 4)});  // two rows: 11, -12
  Bytes compressed_rows = Cat({U(5, 6), U(1, 2), {1}, {0x01}, MariaCompress(rows)});
  ASSERT_TRUE(FeedAll(decoder, sink, {Event(15, FdeBody("10.11.6-MariaDB-log", true, 1), true),
                                      Event(165, compressed_query, true), Event(19, TableMapBody(5), true),
                                      Event(166, compressed_rows, true)})
                  .ok());
  EXPECT_EQ(nlohmann::json::parse(sink.json_lines[1])["query"], query);
  EXPECT_EQ(sink.values, (std::vector<int64_t>{11, -12}));
  EXPECT_EQ(nlohmann::json::parse(sink.json_lines[3])["op"], "insert");

  Bytes broken = compressed_rows;
  broken.back() ^= 0xff;  // zlib's adler32 no longer matches
  EXPECT_TRUE(decoder.Feed(Event(166, broken, true), 900, &sink).IsCorruption());
}

TEST(DecoderTest, OldBinlogVersionsAreRejectedClearly) {
  Bytes version = Txt("4.0.20-log");
  version.resize(50, 0);
  Bytes start = Event(1, Cat({U(3, 2), version, U(1100000000, 4)}), false);
  Decoder decoder;
  Recorder sink;
  ASSERT_TRUE(decoder.Feed(start, 4, &sink).ok());
  Status status = decoder.Feed(Event(2, QueryBody("", "BEGIN"), false), 79, &sink);
  EXPECT_TRUE(status.IsNotSupported());
  EXPECT_NE(status.message().find("v1/v3"), std::string::npos) << status.ToString();
}

// ---------------------------------------------------------------------------------------------
TEST(EventJsonTest, RendersQueryWithControlBytes) {
  Decoder decoder;
  decoder.SetFile("b.000001");
  Recorder sink;
  Bytes query = Event(2, QueryBody("db", std::string("SET x='\x01\xff'", 10)), true, 555);
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), query}).ok());
  auto json = nlohmann::json::parse(sink.json_lines[1]);
  EXPECT_EQ(json["event"], "Query");
  EXPECT_EQ(json["type"], 2);
  EXPECT_EQ(json["file"], "b.000001");
  EXPECT_EQ(json["pos"], 4 + Fde(true).size());
  EXPECT_EQ(json["end_log_pos"], 555);
  EXPECT_EQ(json["ts"], 1700000000);
  EXPECT_EQ(json["server_id"], 7);
  EXPECT_EQ(json["inner"], false);
  EXPECT_EQ(json["schema"], "db");
  EXPECT_EQ(json["query"], "SET x='\x01\\xff'");  // 0x01 is valid UTF-8, 0xff is not
  auto fde = nlohmann::json::parse(sink.json_lines[0]);
  EXPECT_EQ(fde["server_version"], "8.0.36");
  EXPECT_EQ(fde["checksum"], "CRC32");
}

TEST(EventJsonTest, RendersTableMapAndRows) {
  Decoder decoder;
  Recorder sink;
  ASSERT_TRUE(FeedAll(decoder, sink, {Fde(true), Event(19, TableMapBody(5), true), Event(30, WriteRowsBody(5, 1), true)}).ok());
  auto map = nlohmann::json::parse(sink.json_lines[1]);
  EXPECT_EQ(map["table_id"], 5);
  EXPECT_EQ(map["schema"], "d");
  EXPECT_EQ(map["table"], "t");
  ASSERT_EQ(map["columns"].size(), 1u);
  EXPECT_EQ(map["columns"][0]["type"], 3);
  EXPECT_EQ(map["columns"][0]["name"], "@1");
  auto rows = nlohmann::json::parse(sink.json_lines[2]);
  EXPECT_EQ(rows["op"], "insert");
  EXPECT_EQ(rows["table"], "t");
  EXPECT_EQ(rows["column_count"], 1);
}

TEST(EventJsonTest, JsonSafeText) {
  EXPECT_EQ(JsonSafeText("plain"), "plain");
  EXPECT_EQ(JsonSafeText("\xc3\xa9t\xc3\xa9"), "\xc3\xa9t\xc3\xa9");           // é kept
  EXPECT_EQ(JsonSafeText("\xc3"), "\\xc3");                                  // cut sequence
  EXPECT_EQ(JsonSafeText("\xed\xa0\x80"), "\\xed\\xa0\\x80");                // surrogate
  EXPECT_EQ(JsonSafeText("\xf0\x9f\x98\x80!"), "\xf0\x9f\x98\x80!");         // 4-byte emoji
}

// ---------------------------------------------------------------------------------------------
class FileReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("lakefeed_events_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::vector<Bytes>& parts) {
    std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    for (const Bytes& part : parts) out.write(reinterpret_cast<const char*>(part.data()), static_cast<std::streamsize>(part.size()));
    return path;
  }
  std::filesystem::path dir_;
};

const Bytes kMagic = {0xfe, 0x62, 0x69, 0x6e};

TEST_F(FileReaderTest, ReadsEventsAndNamesTheFile) {
  Bytes fde = Fde(true);
  Bytes q1 = Event(2, QueryBody("", "BEGIN"), true);
  Bytes q2 = Event(2, QueryBody("", "COMMIT"), true);
  std::string path = Write("binlog.000123", {kMagic, fde, q1, q2});
  Decoder decoder;
  Recorder sink;
  FileReaderOptions options;
  options.buffer_size = 16;  // forces the buffer to grow and compact
  ASSERT_TRUE(ReadBinlogFile(path, &decoder, &sink, options).ok());
  EXPECT_EQ(sink.types, (std::vector<uint8_t>{15, 2, 2}));
  EXPECT_EQ(sink.offsets, (std::vector<uint64_t>{4, 4 + fde.size(), 4 + fde.size() + q1.size()}));
  EXPECT_EQ(sink.files[0], "binlog.000123");
}

TEST_F(FileReaderTest, StartAndStopPositions) {
  Bytes fde = Fde(true);
  Bytes q1 = Event(2, QueryBody("", "BEGIN"), true);
  Bytes q2 = Event(2, QueryBody("", "COMMIT"), true);
  std::string path = Write("binlog.000124", {kMagic, fde, q1, q2});
  {
    Decoder decoder;
    Recorder sink;
    FileReaderOptions options;
    options.start_position = 4 + fde.size() + q1.size();
    ASSERT_TRUE(ReadBinlogFile(path, &decoder, &sink, options).ok());
    EXPECT_EQ(sink.types, (std::vector<uint8_t>{15, 2}));  // the FDE is always read
    EXPECT_EQ(sink.offsets[1], options.start_position);
  }
  {
    Decoder decoder;
    Recorder sink;
    FileReaderOptions options;
    options.stop_position = 4 + fde.size() + q1.size();
    ASSERT_TRUE(ReadBinlogFile(path, &decoder, &sink, options).ok());
    EXPECT_EQ(sink.types, (std::vector<uint8_t>{15, 2}));
  }
  {
    Decoder decoder;
    Recorder sink;
    FileReaderOptions options;
    options.start_position = 4 + fde.size() + 3;  // inside q1
    EXPECT_TRUE(ReadBinlogFile(path, &decoder, &sink, options).IsInvalidArgument());
  }
}

TEST_F(FileReaderTest, RejectsBadFiles) {
  Decoder decoder;
  Recorder sink;
  Status magic = ReadBinlogFile(Write("not-binlog", {Txt("\x1f\x8b\x08\x00garbage")}), &decoder, &sink);
  EXPECT_TRUE(magic.IsCorruption());
  EXPECT_NE(magic.message().find("Not a valid binary log"), std::string::npos);
  EXPECT_TRUE(ReadBinlogFile(Write("empty", {}), &decoder, &sink).IsCorruption());
  EXPECT_TRUE(ReadBinlogFile((dir_ / "missing").string(), &decoder, &sink).IsIOError());

  Bytes fde = Fde(true);
  Bytes q1 = Event(2, QueryBody("", "BEGIN"), true);
  Bytes cut(q1.begin(), q1.end() - 5);
  std::string truncated = Write("binlog.000125", {kMagic, fde, cut});
  Decoder decoder2;
  Status status = ReadBinlogFile(truncated, &decoder2, &sink);
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("binlog.000125 @ " + std::to_string(4 + fde.size())), std::string::npos)
      << status.ToString();

  Bytes tiny = Event(2, QueryBody("", "BEGIN"), true);
  tiny[9] = 5;  // event_size 5 < 19
  tiny[10] = tiny[11] = tiny[12] = 0;
  Decoder decoder3;
  EXPECT_TRUE(ReadBinlogFile(Write("binlog.000126", {kMagic, fde, tiny}), &decoder3, &sink).IsCorruption());

  // Only the magic: an empty but valid binlog.
  Decoder decoder4;
  EXPECT_TRUE(ReadBinlogFile(Write("binlog.000127", {kMagic}), &decoder4, &sink).ok());
}

}  // namespace
}  // namespace cdc::binlog
