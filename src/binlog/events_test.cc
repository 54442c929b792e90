// Field-annotated byte tests for the event header, FORMAT_DESCRIPTION and every non-row event, each
// with the body cut at every byte: a cut that removes a required field must be Corruption, a cut
// that leaves a shorter but valid event must decode, and nothing may read past the bytes given
// (each prefix is copied to its own heap block so that ASan sees any over-read).

#include "binlog/events.h"

#include <zlib.h>
#include <zstd.h>

#include <functional>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "base/crc32.h"
#include "binlog/event_header.h"
#include "binlog/format_description.h"
#include "binlog/transaction_payload.h"

namespace cdc::binlog {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}
Bytes Str(std::string_view text) { return Bytes(text.begin(), text.end()); }
Bytes Le(uint64_t value, size_t width) {
  Bytes out;
  for (size_t byte_idx = 0; byte_idx < width; ++byte_idx) out.push_back(static_cast<uint8_t>(value >> (8 * byte_idx)));
  return out;
}

// Decodes every proper prefix of `body` (each in an exact-size heap copy). `valid(length)` says whether
// the prefix of that length is itself a well-formed event; all other prefixes must be Corruption.
template <typename Decode>
void CheckPrefixes(const Bytes& body, const std::function<bool(size_t)>& valid, Decode decode) {
  for (size_t length = 0; length < body.size(); ++length) {
    auto copy = std::make_unique<uint8_t[]>(length == 0 ? 1 : length);
    std::copy(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(length), copy.get());
    auto result = decode(ByteView(copy.get(), length));
    if (valid(length)) {
      EXPECT_TRUE(result.ok()) << "prefix of " << length << " bytes: " << result.status().ToString();
    } else {
      EXPECT_TRUE(result.status().IsCorruption()) << "prefix of " << length << " bytes: " << result.status().ToString();
    }
  }
}
std::function<bool(size_t)> AtLeast(size_t minimum) {
  return [minimum](size_t length) { return length >= minimum; };
}
std::function<bool(size_t)> OneOf(std::vector<size_t> lengths) {
  return [lengths](size_t length) { return std::find(lengths.begin(), lengths.end(), length) != lengths.end(); };
}

FormatDescription Mysql8Format() { return DefaultFormatDescription(ChecksumAlgorithm::kCrc32); }

// ---------------------------------------------------------------------------------------------
TEST(EventHeaderTest, DecodesFieldsAndRejectsTruncation) {
  const Bytes header = {
      0x71, 0x17, 0x28, 0x5a,  // timestamp 1512576881
      0x02,                    // type QUERY
      0x8c, 0x27, 0x00, 0x00,  // server_id 10124
      0x55, 0x00, 0x00, 0x00,  // event_size 85
      0x01, 0x09, 0x00, 0x00,  // log_pos 2305
      0x08, 0x00,              // flags LOG_EVENT_SUPPRESS_USE_F
  };
  ByteReader in(header);
  Result<EventHeader> decoded = DecodeEventHeader(in);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->timestamp, 1512576881u);
  EXPECT_EQ(decoded->type(), EventType::kQuery);
  EXPECT_EQ(decoded->server_id, 10124u);
  EXPECT_EQ(decoded->event_size, 85u);
  EXPECT_EQ(decoded->log_pos, 2305u);
  EXPECT_EQ(decoded->flags, 0x0008);
  EXPECT_TRUE(in.empty());
  CheckPrefixes(header, AtLeast(19), [](ByteView bytes) {
    ByteReader reader(bytes);
    return DecodeEventHeader(reader);
  });

  Bytes small = header;
  small[9] = 18;  // event_size below the header itself
  ByteReader small_reader(small);
  EXPECT_TRUE(DecodeEventHeader(small_reader).status().IsCorruption());
}

// ---------------------------------------------------------------------------------------------
// A FORMAT_DESCRIPTION_EVENT as a whole event: header, body, and for >= 5.6.1 the algorithm byte and
// a CRC32 (whose value is only checked by the Decoder).
Bytes MakeFde(std::string_view version, Bytes post_header_lengths, std::optional<uint8_t> algorithm) {
  Bytes server_version = Str(version);
  server_version.resize(50, 0);
  Bytes body = Concat({
      {0x04, 0x00},            // binlog_version 4
      server_version,          // server_version char[50]
      Le(1600000000, 4),       // create_timestamp
      {19},                    // common_header_length
      post_header_lengths,     // one per event type
  });
  if (algorithm) body = Concat({body, {*algorithm}, {0, 0, 0, 0}});  // alg + checksum room
  Bytes event = Concat({Le(1600000000, 4), {15}, Le(1, 4), Le(19 + body.size(), 4), Le(0, 4), {0, 0}, body});
  if (algorithm) {
    uint32_t crc = Crc32(ByteView(event.data(), event.size() - 4));
    for (size_t byte_idx = 0; byte_idx < 4; ++byte_idx) event[event.size() - 4 + byte_idx] = static_cast<uint8_t>(crc >> (8 * byte_idx));
  }
  return event;
}

TEST(FormatDescriptionTest, Mysql57WithCrc32) {
  Bytes lengths = {56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 95, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0, 0, 10, 10, 10, 42, 42, 0, 18, 52, 0};
  Bytes event = MakeFde("5.7.21-log", lengths, 1);
  Result<FormatDescription> format = DecodeFormatDescription(event);
  ASSERT_TRUE(format.ok()) << format.status().ToString();
  EXPECT_EQ(format->binlog_version, 4);
  EXPECT_EQ(format->server_version, "5.7.21-log");
  EXPECT_EQ(format->create_timestamp, 1600000000u);
  EXPECT_EQ(format->common_header_length, 19);
  EXPECT_EQ(format->post_header_lengths, lengths);
  EXPECT_EQ(format->checksum, ChecksumAlgorithm::kCrc32);
  EXPECT_EQ(format->PostHeaderLength(EventType::kQuery, 0), 13);
  EXPECT_EQ(format->PostHeaderLength(EventType::kGtidTagged, 77), 77);  // not listed: fallback
  EXPECT_FALSE(format->is_mariadb());
}

TEST(FormatDescriptionTest, ChecksumOffStillHasTheAlgorithmByte) {
  Result<FormatDescription> format = DecodeFormatDescription(MakeFde("5.7.20-log", {56, 13, 0, 8}, 0));
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->checksum, ChecksumAlgorithm::kOff);
  EXPECT_EQ(format->post_header_lengths, (Bytes{56, 13, 0, 8}));
}

TEST(FormatDescriptionTest, Pre561HasNoChecksumByte) {
  // MySQL 5.5: everything after the common header length is post-header lengths.
  Bytes lengths = {56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 84, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0};
  Result<FormatDescription> format = DecodeFormatDescription(MakeFde("5.5.27-log", lengths, std::nullopt));
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->checksum, ChecksumAlgorithm::kOff);
  EXPECT_EQ(format->post_header_lengths, lengths);
}

TEST(FormatDescriptionTest, MariaDbChecksumFrom53) {
  Result<FormatDescription> format = DecodeFormatDescription(MakeFde("5.5.68-MariaDB", {56, 13}, 1));
  ASSERT_TRUE(format.ok());
  EXPECT_EQ(format->checksum, ChecksumAlgorithm::kCrc32);
  EXPECT_TRUE(format->is_mariadb());
  EXPECT_EQ(format->post_header_lengths, (Bytes{56, 13}));
}

TEST(FormatDescriptionTest, ChecksumDetectionIgnoresPostHeaderLengths) {
  // Aurora appends many more post-header lengths; the algorithm byte is found from the end.
  Bytes lengths(150, 7);
  Bytes event = MakeFde("5.7.12-log", lengths, 1);
  Result<ChecksumAlgorithm> algorithm = DetectFdeChecksum(event);
  ASSERT_TRUE(algorithm.ok());
  EXPECT_EQ(*algorithm, ChecksumAlgorithm::kCrc32);
}

TEST(FormatDescriptionTest, RejectsBadInput) {
  Bytes event = MakeFde("8.0.28", {0, 13}, 7);  // algorithm 7 does not exist
  EXPECT_TRUE(DecodeFormatDescription(event).status().IsCorruption());
  Bytes short_header = MakeFde("8.0.28", {0, 13}, 1);
  short_header[19 + 56] = 13;  // common header length below 19
  EXPECT_TRUE(DecodeFormatDescription(short_header).status().IsCorruption());
  // Cut at every byte: too short for the fixed fields and the trailer is Corruption; longer cuts move
  // the "algorithm byte" onto another byte, so they may decode or not, but must never over-read.
  Bytes full = MakeFde("8.0.28", {0, 13, 0, 8}, 1);
  for (size_t length = 0; length < full.size(); ++length) {
    auto copy = std::make_unique<uint8_t[]>(length + 1);
    std::copy(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(length), copy.get());
    Result<FormatDescription> result = DecodeFormatDescription(ByteView(copy.get(), length));
    if (length < 19 + 57 + 5) {
      EXPECT_TRUE(result.status().IsCorruption()) << length;
    } else if (!result.ok()) {
      EXPECT_TRUE(result.status().IsCorruption()) << length;
    }
  }
}

TEST(FormatDescriptionTest, SplitsServerVersions) {
  EXPECT_EQ(SplitServerVersion("5.7.21-log"), (ServerVersion{5, 7, 21}));
  EXPECT_EQ(SplitServerVersion("10.5.15-MariaDB-1:10.5.15+maria~focal-log"), (ServerVersion{10, 5, 15}));
  EXPECT_EQ(SplitServerVersion("8.0"), (ServerVersion{8, 0, 0}));
  EXPECT_EQ(SplitServerVersion(""), (ServerVersion{0, 0, 0}));
}

// ---------------------------------------------------------------------------------------------
TEST(RotateEventTest, DecodesPositionAndName) {
  const Bytes body = Concat({
      Le(4, 8),                  // position 4
      Str("mysql-bin.000005"),   // next file, to the end of the body
  });
  Result<RotateEvent> rotate = DecodeRotate(body, Mysql8Format());
  ASSERT_TRUE(rotate.ok());
  EXPECT_EQ(rotate->position, 4u);
  EXPECT_EQ(rotate->next_file, "mysql-bin.000005");
  CheckPrefixes(body, AtLeast(9), [](ByteView bytes) { return DecodeRotate(bytes, Mysql8Format()); });
}

// ---------------------------------------------------------------------------------------------
// MariaDB's documented QUERY example (mariadb-docs query_event.md): TRUNCATE TABLE t4 in db test.
TEST(QueryEventTest, DecodesMariaDbDocumentExample) {
  const Bytes body = {
      0x66, 0x01, 0x00, 0x00,  // thread_id 358
      0x01, 0x00, 0x00, 0x00,  // exec_time 1
      0x04,                    // schema length 4
      0x00, 0x00,              // error_code 0
      0x1a, 0x00,              // status vars length 26
      0x00, 0x00, 0x00, 0x00, 0x00,                          // Q_FLAGS2_CODE 0
      0x01, 0x00, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00,  // Q_SQL_MODE_CODE 0x50000000
      0x06, 0x03, 's', 't', 'd',                             // Q_CATALOG_NZ_CODE "std"
      0x04, 0x08, 0x00, 0x08, 0x00, 0x08, 0x00,              // Q_CHARSET_CODE 8, 8, 8
      't', 'e', 's', 't', 0x00,                              // schema "test" + NUL
      'T', 'R', 'U', 'N', 'C', 'A', 'T', 'E', ' ', 'T', 'A', 'B', 'L', 'E', ' ', 't', '4',  // query
  };
  Result<QueryEvent> query = DecodeQuery(body, Mysql8Format());
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->thread_id, 358u);
  EXPECT_EQ(query->exec_time, 1u);
  EXPECT_EQ(query->error_code, 0);
  EXPECT_EQ(query->schema, "test");
  EXPECT_EQ(query->query, "TRUNCATE TABLE t4");
  EXPECT_EQ(query->status.flags2, 0u);
  EXPECT_EQ(query->status.sql_mode, 0x50000000u);
  EXPECT_EQ(query->status.catalog, "std");
  ASSERT_TRUE(query->status.charset.has_value());
  EXPECT_EQ((*query->status.charset)[0], 8);
  EXPECT_TRUE(query->status.undecoded.empty());
  // Everything up to the schema's NUL is required; the query may be any length.
  CheckPrefixes(body, AtLeast(13 + 26 + 5), [](ByteView bytes) { return DecodeQuery(bytes, Mysql8Format()); });
}

TEST(QueryEventTest, DecodesEveryKnownStatusVar) {
  const std::vector<Bytes> each_var = {
      Concat({{0x00}, Le(0x0c084000, 4)}),                  // Q_FLAGS2_CODE
      Concat({{0x01}, Le(0x1122334455667788, 8)}),          // Q_SQL_MODE_CODE
      Concat({{0x02, 0x03, 'd', 'e', 'f', 0x00}}),          // Q_CATALOG_CODE "def" + NUL (5.0.0-5.0.3)
      Concat({{0x03}, Le(2, 2), Le(1, 2)}),                 // Q_AUTO_INCREMENT increment 2, offset 1
      Concat({{0x04}, Le(33, 2), Le(45, 2), Le(255, 2)}),   // Q_CHARSET_CODE
      Concat({{0x05, 0x06}, Str("+02:00")}),                // Q_TIME_ZONE_CODE
      Concat({{0x07}, Le(3, 2)}),                           // Q_LC_TIME_NAMES_CODE
      Concat({{0x08}, Le(224, 2)}),                         // Q_CHARSET_DATABASE_CODE
      Concat({{0x09}, Le(0x5, 8)}),                         // Q_TABLE_MAP_FOR_UPDATE_CODE
      Concat({{0x0a}, Le(1234, 4)}),                        // Q_MASTER_DATA_WRITTEN_CODE
      Concat({{0x0b, 0x04}, Str("root"), {0x09}, Str("localhost")}),  // Q_INVOKER
      Concat({{0x0c, 0x02}, Str("db1"), {0x00}, Str("db2"), {0x00}}),  // Q_UPDATED_DB_NAMES
      Concat({{0x0d}, Le(999999, 3)}),                      // Q_MICROSECONDS
      Concat({{0x10, 0x01}}),                               // Q_EXPLICIT_DEFAULTS_FOR_TIMESTAMP
      Concat({{0x11}, Le(77, 8)}),                          // Q_DDL_LOGGED_WITH_XID
      Concat({{0x12}, Le(255, 2)}),                         // Q_DEFAULT_COLLATION_FOR_UTF8MB4
      Concat({{0x13, 0x01}}),                               // Q_SQL_REQUIRE_PRIMARY_KEY
      Concat({{0x14, 0x00}}),                               // Q_DEFAULT_TABLE_ENCRYPTION
      Concat({{0x15, 0x01}}),                               // Q_ENABLE_CASCADE_TRIGGERS
      Concat({{0x80}, Le(123456, 3)}),                      // MariaDB Q_HRNOW
      Concat({{0x81}, Le(4242, 8)}),                        // MariaDB Q_XID
      Concat({{0x82, 0x04}, Le(99, 8)}),                    // MariaDB Q_GTID_FLAGS3 COMMIT_ALTER + seq_no
      Concat({{0x83, 0x01}, Le(33, 2), Le(224, 2)}),  // MariaDB Q_CHARACTER_SET_COLLATIONS, 1 pair
  };
  Bytes status;
  std::vector<size_t> boundaries = {0};
  for (const Bytes& var : each_var) {
    status = Concat({status, var});
    boundaries.push_back(status.size());
  }
  Bytes body = Concat({Le(7, 4), Le(0, 4), {1}, Le(0, 2), Le(status.size(), 2), status, Str("a"), {0}, Str("DROP TABLE t")});
  Result<QueryEvent> query = DecodeQuery(body, Mysql8Format());
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  const QueryStatusVars& vars = query->status;
  EXPECT_EQ(vars.flags2, 0x0c084000u);
  EXPECT_EQ(vars.sql_mode, 0x1122334455667788u);
  EXPECT_EQ(vars.catalog, "def");
  EXPECT_EQ(vars.auto_increment_increment, 2);
  EXPECT_EQ(vars.auto_increment_offset, 1);
  EXPECT_EQ((*vars.charset)[2], 255);
  EXPECT_EQ(vars.time_zone, "+02:00");
  EXPECT_EQ(vars.lc_time_names, 3);
  EXPECT_EQ(vars.charset_database, 224);
  EXPECT_EQ(vars.table_map_for_update, 5u);
  EXPECT_EQ(vars.master_data_written, 1234u);
  EXPECT_EQ(vars.invoker_user, "root");
  EXPECT_EQ(vars.invoker_host, "localhost");
  EXPECT_EQ(vars.updated_db_count, 2);
  ASSERT_EQ(vars.updated_db_names.size(), 2u);
  EXPECT_EQ(vars.updated_db_names[1], "db2");
  EXPECT_EQ(vars.microseconds, 999999u);
  EXPECT_EQ(vars.explicit_defaults_for_timestamp, 1);
  EXPECT_EQ(vars.ddl_xid, 77u);
  EXPECT_EQ(vars.default_collation_for_utf8mb4, 255);
  EXPECT_EQ(vars.sql_require_primary_key, 1);
  EXPECT_EQ(vars.default_table_encryption, 0);
  EXPECT_EQ(vars.enable_cascade_triggers, 1);
  EXPECT_EQ(vars.hrnow_microseconds, 123456u);
  EXPECT_EQ(vars.mariadb_xid, 4242u);
  EXPECT_EQ(vars.gtid_flags3, 4);
  EXPECT_EQ(vars.start_alter_seq_no, 99u);
  ASSERT_TRUE(vars.character_set_collations.has_value());
  EXPECT_EQ(vars.character_set_collations->size(), 5u);
  EXPECT_TRUE(vars.undecoded.empty());
  EXPECT_EQ(query->schema, "a");
  EXPECT_EQ(query->query, "DROP TABLE t");

  // A status block that ends inside a variable is Corruption, whatever the variable.
  for (size_t cut = 1; cut < status.size(); ++cut) {
    Bytes cut_status(status.begin(), status.begin() + static_cast<std::ptrdiff_t>(cut));
    Bytes cut_body = Concat({Le(7, 4), Le(0, 4), {1}, Le(0, 2), Le(cut, 2), cut_status, Str("a"), {0}, Str("q")});
    Result<QueryEvent> result = DecodeQuery(cut_body, Mysql8Format());
    // Cuts at a variable boundary are valid events with fewer variables.
    if (std::find(boundaries.begin(), boundaries.end(), cut) != boundaries.end()) {
      EXPECT_TRUE(result.ok()) << cut << ": " << result.status().ToString();
    } else {
      EXPECT_TRUE(result.status().IsCorruption()) << cut;
    }
  }
  CheckPrefixes(body, AtLeast(13 + status.size() + 2), [](ByteView bytes) { return DecodeQuery(bytes, Mysql8Format()); });
}

TEST(QueryEventTest, UnknownStatusVarStopsDecodingLikeTheServers) {
  Bytes status = Concat({
      {0x00}, Le(0, 4),         // Q_FLAGS2_CODE
      {0x0e}, Le(0xabcdef, 3),  // Q_COMMIT_TS (14): no server reads it; its length is unknown
      {0x04}, Le(8, 2), Le(8, 2), Le(8, 2),  // never reached
  });
  Bytes body = Concat({Le(1, 4), Le(0, 4), {0}, Le(0, 2), Le(status.size(), 2), status, {0}, Str("BEGIN")});
  Result<QueryEvent> query = DecodeQuery(body, Mysql8Format());
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  EXPECT_EQ(query->status.flags2, 0u);
  EXPECT_FALSE(query->status.charset.has_value());
  ASSERT_EQ(query->status.undecoded.size(), 1u + 3 + 7);
  EXPECT_EQ(query->status.undecoded[0], 0x0e);
  EXPECT_EQ(query->query, "BEGIN");  // still exact: the block length is known
}

TEST(QueryEventTest, RejectsMalformed) {
  // Schema not NUL-terminated.
  Bytes body = Concat({Le(1, 4), Le(0, 4), {1}, Le(0, 2), Le(0, 2), Str("ab"), Str("BEGIN")});
  EXPECT_TRUE(DecodeQuery(body, Mysql8Format()).status().IsCorruption());
  // Zero updated databases.
  Bytes zero_dbs = Concat({Le(1, 4), Le(0, 4), {0}, Le(0, 2), Le(2, 2), {0x0c, 0x00}, {0}, Str("q")});
  EXPECT_TRUE(DecodeQuery(zero_dbs, Mysql8Format()).status().IsCorruption());
  // Too many databases: no names follow.
  Bytes many_dbs = Concat({Le(1, 4), Le(0, 4), {0}, Le(0, 2), Le(2, 2), {0x0c, 0xfe}, {0}, Str("q")});
  Result<QueryEvent> many = DecodeQuery(many_dbs, Mysql8Format());
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->status.updated_db_count, 254);
  // A pre-5.0 post-header (11 bytes) is not supported.
  FormatDescription old = Mysql8Format();
  old.post_header_lengths[1] = 11;
  EXPECT_TRUE(DecodeQuery(body, old).status().IsNotSupported());
}

TEST(QueryEventTest, KeepsControlBytesInTheQuery) {
  Bytes query_text = {'A', 'S', ' ', '\'', 0x24, 0x41, 0x01, 0x1f, 0x00, 0x7f, 0xff, '\''};
  Bytes body = Concat({Le(1, 4), Le(0, 4), {0}, Le(0, 2), Le(0, 2), {0}, query_text});
  Result<QueryEvent> query = DecodeQuery(body, Mysql8Format());
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->query.size(), query_text.size());
  EXPECT_EQ(static_cast<uint8_t>(query->query[8]), 0x00);
  EXPECT_EQ(static_cast<uint8_t>(query->query[10]), 0xff);
}

// ---------------------------------------------------------------------------------------------
TEST(SmallEventsTest, Xid) {
  const Bytes body = {0x1f, 0, 0, 0, 0, 0, 0, 0};  // xid 31
  EXPECT_EQ(DecodeXid(body)->xid, 31u);
  CheckPrefixes(body, AtLeast(8), DecodeXid);
}

TEST(SmallEventsTest, Intvar) {
  const Bytes body = Concat({{0x02}, Le(1001, 8)});  // INSERT_ID = 1001
  Result<IntvarEvent> intvar = DecodeIntvar(body);
  ASSERT_TRUE(intvar.ok());
  EXPECT_EQ(intvar->type, 2);
  EXPECT_EQ(intvar->value, 1001u);
  CheckPrefixes(body, AtLeast(9), DecodeIntvar);
}

TEST(SmallEventsTest, Rand) {
  const Bytes body = Concat({Le(111, 8), Le(222, 8)});  // seed1, seed2
  Result<RandEvent> rand = DecodeRand(body);
  ASSERT_TRUE(rand.ok());
  EXPECT_EQ(rand->seed1, 111u);
  EXPECT_EQ(rand->seed2, 222u);
  CheckPrefixes(body, AtLeast(16), DecodeRand);
}

TEST(SmallEventsTest, UserVar) {
  const Bytes body = Concat({
      Le(3, 4), Str("foo"),  // name "foo"
      {0x00},                // not NULL
      {0x02},                // INT_RESULT
      Le(33, 4),             // charset
      Le(8, 4), Le(42, 8),   // value 42
      {0x01},                // UNSIGNED_F
  });
  Result<UserVarEvent> var = DecodeUserVar(body);
  ASSERT_TRUE(var.ok());
  EXPECT_EQ(var->name, "foo");
  EXPECT_FALSE(var->is_null);
  EXPECT_EQ(var->value_type, 2);
  EXPECT_EQ(var->charset, 33u);
  EXPECT_EQ(var->value.size(), 8u);
  EXPECT_EQ(var->flags, 1);
  CheckPrefixes(body, OneOf({body.size() - 1}), DecodeUserVar);  // the flags byte is optional

  const Bytes null_body = Concat({Le(1, 4), Str("x"), {0x01}});  // @x = NULL
  Result<UserVarEvent> null_var = DecodeUserVar(null_body);
  ASSERT_TRUE(null_var.ok());
  EXPECT_TRUE(null_var->is_null);
  EXPECT_TRUE(DecodeUserVar(Concat({Le(0, 4), {0x01}})).status().IsCorruption());  // empty name
}

// ---------------------------------------------------------------------------------------------
const Bytes kSid = {0x3e, 0x11, 0xfa, 0x47, 0x71, 0xca, 0x11, 0xe1, 0x9e, 0x33, 0xc8, 0x0a, 0xa9, 0x42, 0x95, 0x62};

TEST(GtidEventTest, Mysql8FullLayout) {
  const Bytes body = Concat({
      {0x00},                          // flags
      kSid,                            // sid
      Le(23, 8),                       // gno 23
      {0x02},                          // logical timestamp typecode
      Le(7, 8), Le(8, 8),              // last_committed 7, sequence_number 8
      Le(1000 | (uint64_t{1} << 55), 7),  // immediate_commit_timestamp, high bit: original follows
      Le(900, 7),                      // original_commit_timestamp
      {0xfc, 0x2c, 0x01},              // transaction_length 300 (packed int)
      Le(80028 | (uint64_t{1} << 31), 4),  // immediate_server_version, high bit: original follows
      Le(50740, 4),                    // original_server_version
      Le(5, 8),                        // commit_group_ticket
  });
  Result<GtidEvent> gtid = DecodeGtid(body, EventType::kGtid);
  ASSERT_TRUE(gtid.ok()) << gtid.status().ToString();
  EXPECT_FALSE(gtid->anonymous);
  EXPECT_EQ(gtid->gno, 23);
  EXPECT_EQ(gtid->last_committed, 7);
  EXPECT_EQ(gtid->sequence_number, 8);
  EXPECT_EQ(gtid->immediate_commit_timestamp, 1000u);
  EXPECT_EQ(gtid->original_commit_timestamp, 900u);
  EXPECT_EQ(gtid->transaction_length, 300u);
  EXPECT_EQ(gtid->immediate_server_version, 80028u);
  EXPECT_EQ(gtid->original_server_version, 50740u);
  EXPECT_EQ(gtid->commit_group_ticket, 5u);
  EXPECT_EQ(gtid->ToGtidString(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:23");
  // Valid lengths: 5.6 (25), 5.7 with clocks (42), + one timestamp... each optional group complete.
  CheckPrefixes(body, OneOf({25, 42, 56, 59, 67}),
                [](ByteView bytes) { return DecodeGtid(bytes, EventType::kGtid); });
}

TEST(GtidEventTest, Mysql80SingleTimestampAndVersion) {
  const Bytes body = Concat({
      {0x01}, kSid, Le(5, 8),      // flags MAY_HAVE_SBR, sid, gno 5
      {0x02}, Le(0, 8), Le(1, 8),  // clocks
      Le(1646406641000000, 7),     // immediate_commit_timestamp (= original)
      {0x41},                      // transaction_length 65
      Le(80028, 4),                // immediate_server_version (= original)
  });
  Result<GtidEvent> gtid = DecodeGtid(body, EventType::kGtid);
  ASSERT_TRUE(gtid.ok());
  EXPECT_EQ(gtid->flags, 1);
  EXPECT_EQ(gtid->original_commit_timestamp, 1646406641000000u);
  EXPECT_EQ(gtid->transaction_length, 65u);
  EXPECT_EQ(gtid->original_server_version, 80028u);
  EXPECT_EQ(gtid->commit_group_ticket, 0u);
}

TEST(GtidEventTest, AnonymousAndGnoChecks) {
  Bytes body = Concat({{0x01}, Bytes(16, 0), Le(0, 8)});  // anonymous: zero sid and gno
  Result<GtidEvent> anonymous = DecodeGtid(body, EventType::kAnonymousGtid);
  ASSERT_TRUE(anonymous.ok());
  EXPECT_TRUE(anonymous->anonymous);
  EXPECT_EQ(anonymous->ToGtidString(), "");
  EXPECT_TRUE(DecodeGtid(body, EventType::kGtid).status().IsCorruption());  // gno 0 in a GTID event
  Bytes with_gno = Concat({{0x01}, Bytes(16, 0), Le(3, 8)});
  EXPECT_TRUE(DecodeGtid(with_gno, EventType::kAnonymousGtid).status().IsCorruption());
}

// binlog_transaction_with_GTID_TAG.000001 @ 245 (MySQL 9.6.0), body without header and CRC.
const Bytes kTaggedGtidBody = {
    0x02,                                // serialization version 2
    0x78,                                // payload size 60 (varlen: 0x78 >> 1)
    0x00,                                // last non-ignorable field id 0
    0x00, 0x00,                          // field 0 gtid_flags = 0
    0x02,                                // field 1 sid, 16 varlen bytes:
    0xaa, 0xee, 0x25, 0x02, 0x08, 0x04, 0x65, 0x02, 0x22, 0xc5, 0x03, 0xc5, 0x02, 0xe1, 0x02, 0x9c, 0xc1, 0x03,
    0x11, 0x03, 0x55, 0x02, 0xde, 0xad, 0x03,  //   55778904-0299-11f1-b1b8-4ef0c4956feb
    0x04, 0x0c,                          // field 2 gno = 3 (zig-zag 6)
    0x06, 0x0a, 'm', 'y', 't', 'a', 'g',  // field 3 tag "mytag" (varlen length 5)
    0x08, 0x00,                          // field 4 last_committed 0
    0x0a, 0x04,                          // field 5 sequence_number 1
    0x0c, 0x7f, 0x1c, 0xf3, 0xb8, 0x14, 0x24, 0x4a, 0x06,  // field 6 immediate_commit_timestamp
    0x10, 0xa1, 0x04,                    // field 8 transaction_length 296
    0x12, 0x43, 0x0f, 0x0b,              // field 9 immediate_server_version 90600
};

TEST(GtidEventTest, TaggedSerializationFormat) {
  Result<GtidEvent> gtid = DecodeGtid(kTaggedGtidBody, EventType::kGtidTagged);
  ASSERT_TRUE(gtid.ok()) << gtid.status().ToString();
  EXPECT_EQ(gtid->tag, "mytag");
  EXPECT_EQ(gtid->gno, 3);
  EXPECT_EQ(gtid->sid.ToString(), "55778904-0299-11f1-b1b8-4ef0c4956feb");
  EXPECT_EQ(gtid->sequence_number, 1);
  EXPECT_EQ(gtid->immediate_commit_timestamp, 1770368687207196u);
  EXPECT_EQ(gtid->original_commit_timestamp, 1770368687207196u);  // absent: equal to immediate
  EXPECT_EQ(gtid->transaction_length, 296u);
  EXPECT_EQ(gtid->immediate_server_version, 90600u);
  EXPECT_EQ(gtid->original_server_version, 90600u);
  EXPECT_EQ(gtid->ToGtidString(), "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
  // The payload size says 60 bytes: every shorter body is Corruption.
  CheckPrefixes(kTaggedGtidBody, AtLeast(kTaggedGtidBody.size()),
                [](ByteView bytes) { return DecodeGtid(bytes, EventType::kGtidTagged); });
}

TEST(GtidEventTest, TaggedRejectsUnknownNonIgnorableField) {
  // version 2, size 7, last non-ignorable 20, field 20 (varlen 0x28) = 0 ... unknown and required.
  const Bytes body = {0x02, 0x0e, 0x28, 0x28, 0x00, 0x00, 0x00};
  EXPECT_TRUE(DecodeGtid(body, EventType::kGtidTagged).status().IsNotSupported());
  const Bytes newer = {0x03, 0x0e, 0x00};
  EXPECT_TRUE(DecodeGtid(newer, EventType::kGtidTagged).status().IsNotSupported());
}

// ---------------------------------------------------------------------------------------------
TEST(PreviousGtidsTest, Untagged) {
  const Bytes body = Concat({
      Le(1, 8),            // n_sids 1
      kSid,                // sid
      Le(2, 8),            // n_intervals 2
      Le(1, 8), Le(11, 8),  // [1, 11)
      Le(20, 8), Le(21, 8),  // [20, 21)
  });
  Result<PreviousGtidsEvent> previous = DecodePreviousGtids(body);
  ASSERT_TRUE(previous.ok()) << previous.status().ToString();
  EXPECT_EQ(previous->gtids.ToString(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-10:20");
  CheckPrefixes(body, AtLeast(body.size()), DecodePreviousGtids);
  EXPECT_TRUE(DecodePreviousGtids(Le(0, 8))->gtids.empty());
}

TEST(PreviousGtidsTest, Tagged) {
  // binlog_transaction_with_GTID_TAG.000001 @ 127 (two entries for one uuid: untagged and "mytag").
  const Bytes uuid = {0x55, 0x77, 0x89, 0x04, 0x02, 0x99, 0x11, 0xf1, 0xb1, 0xb8, 0x4e, 0xf0, 0xc4, 0x95, 0x6f, 0xeb};
  const Bytes body = Concat({
      {0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01},  // format 1 (byte 0 and 7), n_sids 2 (bits 8..55)
      uuid, {0x00},                              // no tag (varlen length 0)
      Le(1, 8), Le(1, 8), Le(14, 8),             // 1 interval [1, 14)
      uuid, {0x0a}, Str("mytag"),                // tag "mytag"
      Le(1, 8), Le(1, 8), Le(3, 8),              // 1 interval [1, 3)
  });
  Result<PreviousGtidsEvent> previous = DecodePreviousGtids(body);
  ASSERT_TRUE(previous.ok()) << previous.status().ToString();
  EXPECT_EQ(previous->gtids.ToString(), "55778904-0299-11f1-b1b8-4ef0c4956feb:1-13:mytag:1-2");
  CheckPrefixes(body, AtLeast(body.size()), DecodePreviousGtids);
}

TEST(PreviousGtidsTest, RejectsBadIntervalsAndFormats) {
  EXPECT_TRUE(DecodePreviousGtids(Concat({Le(1, 8), kSid, Le(1, 8), Le(5, 8), Le(5, 8)})).status().IsCorruption());
  EXPECT_TRUE(DecodePreviousGtids(Concat({Le(1, 8), kSid, Le(1, 8), Le(0, 8), Le(5, 8)})).status().IsCorruption());
  EXPECT_TRUE(DecodePreviousGtids(Le(uint64_t{2} << 56 | 2, 8)).status().IsCorruption());  // format 2
  EXPECT_TRUE(DecodePreviousGtids(Le(uint64_t{1} << 40, 8)).status().IsCorruption());       // huge n_sids
  EXPECT_TRUE(DecodePreviousGtids(Concat({Le(0, 8), {0x00}})).status().IsCorruption());     // trailing byte
}

// ---------------------------------------------------------------------------------------------
TEST(MariaGtidTest, PlainStandalone) {
  const Bytes body = Concat({
      Le(1, 8),           // seq_no 1
      Le(0, 4),           // domain_id 0
      {0x0c},             // flags2 TRANSACTIONAL | ALLOW_PARALLEL
      Bytes(6, 0),        // padding to the 19-byte post-header
  });
  Result<MariaGtidEvent> gtid = DecodeMariaGtid(body, 1);
  ASSERT_TRUE(gtid.ok());
  EXPECT_EQ(gtid->seq_no, 1u);
  EXPECT_EQ(gtid->domain_id, 0u);
  EXPECT_EQ(gtid->server_id, 1u);
  EXPECT_EQ(gtid->flags2, 0x0c);
  EXPECT_EQ(gtid->gtid().ToString(), "0-1-1");
  CheckPrefixes(body, AtLeast(19), [](ByteView bytes) { return DecodeMariaGtid(bytes, 1); });
}

TEST(MariaGtidTest, GroupCommitIdAndExtraFlags) {
  const Bytes body = Concat({
      Le(100, 8), Le(2, 4),  // seq_no 100, domain 2
      {0x02},                // flags2 GROUP_COMMIT_ID
      Le(555, 8),            // commit_id
      {0x01, 0x03},          // flags_extra MULTI_ENGINE, extra_engines 3
  });
  Result<MariaGtidEvent> gtid = DecodeMariaGtid(body, 7);
  ASSERT_TRUE(gtid.ok());
  EXPECT_EQ(gtid->commit_id, 555u);
  EXPECT_EQ(gtid->flags_extra, 1);
  EXPECT_EQ(gtid->extra_engines, 3);
  EXPECT_EQ(gtid->gtid().ToString(), "2-7-100");
  CheckPrefixes(body, OneOf({21, 23}), [](ByteView bytes) { return DecodeMariaGtid(bytes, 7); });
}

TEST(MariaGtidTest, XaPrepared) {
  const Bytes body = Concat({
      Le(9, 8), Le(0, 4),   // seq_no 9, domain 0
      {0x40},               // flags2 PREPARED_XA
      Le(1, 4),             // XA format_id 1
      {0x03, 0x02},         // gtrid length 3, bqual length 2
      Str("abc"), Str("de"),  // gtrid, bqual
      Bytes(1, 0),          // flags_extra 0
  });
  Result<MariaGtidEvent> gtid = DecodeMariaGtid(body, 1);
  ASSERT_TRUE(gtid.ok()) << gtid.status().ToString();
  EXPECT_EQ(gtid->xa_format_id, 1);
  EXPECT_EQ(gtid->xa_gtrid, "abc");
  EXPECT_EQ(gtid->xa_bqual, "de");
  CheckPrefixes(body, OneOf({24}), [](ByteView bytes) { return DecodeMariaGtid(bytes, 1); });
}

TEST(MariaGtidListTest, Decodes) {
  const Bytes body = Concat({
      Le(2, 4),                       // count 2, flags 0
      Le(0, 4), Le(1, 4), Le(100, 8),  // 0-1-100
      Le(1, 4), Le(2, 4), Le(5, 8),    // 1-2-5
  });
  Result<MariaGtidListEvent> list = DecodeMariaGtidList(body);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->gtids.size(), 2u);
  EXPECT_EQ(list->gtids[0].ToString(), "0-1-100");
  EXPECT_EQ(list->gtids[1].ToString(), "1-2-5");
  CheckPrefixes(body, AtLeast(body.size()), DecodeMariaGtidList);
  Result<MariaGtidListEvent> flagged = DecodeMariaGtidList(Le(uint32_t{1} << 28, 4));
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(flagged->flags, 1);
  EXPECT_TRUE(flagged->gtids.empty());
}

TEST(MariaEventsTest, BinlogCheckpointAndAnnotate) {
  const Bytes checkpoint = Concat({Le(18, 4), Str("mariadb-bin.000001")});  // length, name
  Result<BinlogCheckpointEvent> decoded = DecodeBinlogCheckpoint(checkpoint);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->file, "mariadb-bin.000001");
  CheckPrefixes(checkpoint, AtLeast(checkpoint.size()), DecodeBinlogCheckpoint);
  EXPECT_EQ(DecodeAnnotateRows(Str("insert into t values (1)"))->query, "insert into t values (1)");
}

TEST(RowsQueryTest, SkipsTheLengthByte) {
  const Bytes body = Concat({{0x17}, Str("insert into b values(1)")});  // length byte (mod 256), text
  Result<RowsQueryEvent> rows_query = DecodeRowsQuery(body);
  ASSERT_TRUE(rows_query.ok());
  EXPECT_EQ(rows_query->query, "insert into b values(1)");
  CheckPrefixes(body, AtLeast(1), DecodeRowsQuery);
}

// ---------------------------------------------------------------------------------------------
TEST(HeartbeatTest, V1AndV2) {
  EventHeader header;
  header.log_pos = 1234;
  const Bytes v1_body = Str("binlog.000003");  // the file name is the whole body
  Result<HeartbeatEvent> v1 = DecodeHeartbeat(v1_body, header);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->log_file, "binlog.000003");
  EXPECT_EQ(v1->log_position, 1234u);
  EXPECT_TRUE(DecodeHeartbeat({}, header).status().IsCorruption());

  const Bytes v2 = Concat({
      {0x01, 0x0d}, Str("binlog.000003"),  // field 1: file name, 13 bytes
      {0x02, 0x03, 0xfc, 0xd2, 0x04},      // field 2: position 1234 as a 3-byte packed int
      {0x00},                              // end
  });
  Result<HeartbeatEvent> decoded = DecodeHeartbeatV2(v2);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_TRUE(decoded->v2);
  EXPECT_EQ(decoded->log_file, "binlog.000003");
  EXPECT_EQ(decoded->log_position, 1234u);
  // A cut at a field boundary is a shorter valid event; inside a field it is Corruption.
  CheckPrefixes(v2, OneOf({0, 15, 20}), DecodeHeartbeatV2);
}

TEST(XaPrepareTest, Decodes) {
  const Bytes body = Concat({
      {0x00},                // one_phase false
      Le(1, 4),              // format_id
      Le(2, 4), Le(1, 4),    // gtrid length 2, bqual length 1
      Str("gt"), Str("b"),   // gtrid, bqual
  });
  Result<XaPrepareEvent> xa = DecodeXaPrepare(body);
  ASSERT_TRUE(xa.ok());
  EXPECT_FALSE(xa->one_phase);
  EXPECT_EQ(xa->format_id, 1);
  EXPECT_EQ(xa->gtrid, "gt");
  EXPECT_EQ(xa->bqual, "b");
  CheckPrefixes(body, AtLeast(body.size()), DecodeXaPrepare);
  EXPECT_TRUE(DecodeXaPrepare(Concat({{0}, Le(1, 4), Le(65, 4), Le(0, 4), Bytes(65, 'x')})).status().IsCorruption());
}

TEST(IncidentTest, Decodes) {
  const Bytes body = Concat({Le(1, 2), {0x04}, Str("lost")});  // LOST_EVENTS, message "lost"
  Result<IncidentEvent> incident = DecodeIncident(body);
  ASSERT_TRUE(incident.ok());
  EXPECT_EQ(incident->code, 1);
  EXPECT_EQ(incident->message, "lost");
  CheckPrefixes(body, OneOf({2}), DecodeIncident);
  EXPECT_TRUE(DecodeIncident(Le(0, 2)).status().IsCorruption());
}

TEST(StartV3Test, Decodes) {
  Bytes version = Str("4.0.20-log");
  version.resize(50, 0);
  const Bytes body = Concat({Le(3, 2), version, Le(1100000000, 4)});  // binlog v3, version, created
  Result<StartV3Event> start = DecodeStartV3(body);
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(start->binlog_version, 3);
  EXPECT_EQ(start->server_version, "4.0.20-log");
  EXPECT_EQ(start->create_timestamp, 1100000000u);
  CheckPrefixes(body, AtLeast(56), DecodeStartV3);
}

// ---------------------------------------------------------------------------------------------
// An inner event as a TPE carries it: v4 header with log_pos 0 and no checksum.
Bytes InnerEvent(uint8_t type, const Bytes& body) {
  return Concat({Le(1646406641, 4), {type}, Le(223344, 4), Le(19 + body.size(), 4), Le(0, 4), {0, 0}, body});
}

Bytes TpeBody(uint8_t compression, const Bytes& payload, uint64_t uncompressed) {
  // A packed int below 251 is one byte; NONE (255) needs fc ff 00.
  Bytes compression_value = compression < 251 ? Bytes{compression} : Bytes{0xfc, compression, 0x00};
  return Concat({
      {0x02, static_cast<uint8_t>(compression_value.size())}, compression_value,  // field 2 compression
      {0x03, 0x03, 0xfc},         // field 3 uncompressed size, a 3-byte packed int
      Le(uncompressed, 2),
      {0x01, 0x03, 0xfc},         // field 1 payload size, a 3-byte packed int
      Le(payload.size(), 2),
      {0x00},                     // end of header
      payload,
  });
}

TEST(TransactionPayloadTest, DecodesHeaderAndSplitsZstd) {
  Bytes events = Concat({InnerEvent(2, Concat({Le(12, 4), Le(0, 4), {0}, Le(0, 2), Le(0, 2), {0}, Str("BEGIN")})),
                         InnerEvent(16, Le(31, 8))});
  Bytes compressed(ZSTD_compressBound(events.size()));
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), events.data(), events.size(), 3));
  Bytes body = TpeBody(0, compressed, events.size());
  Result<TransactionPayloadEvent> tpe = DecodeTransactionPayload(body);
  ASSERT_TRUE(tpe.ok()) << tpe.status().ToString();
  EXPECT_EQ(tpe->compression, PayloadCompression::kZstd);
  EXPECT_EQ(tpe->payload_size, compressed.size());
  EXPECT_EQ(tpe->uncompressed_size, events.size());
  // Every cut loses the end mark or payload bytes.
  CheckPrefixes(body, AtLeast(body.size()), DecodeTransactionPayload);

  PayloadEventSplitter splitter;
  splitter.Reset(*tpe);
  std::vector<uint8_t> types;
  ByteView inner;
  while (true) {
    Result<bool> next = splitter.Next(&inner);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (!*next) break;
    types.push_back(inner[4]);
  }
  EXPECT_EQ(types, (std::vector<uint8_t>{2, 16}));
  EXPECT_EQ(splitter.produced(), events.size());
}

TEST(TransactionPayloadTest, SplitsUncompressedPayload) {
  Bytes events = Concat({InnerEvent(16, Le(1, 8)), InnerEvent(16, Le(2, 8))});
  const Bytes body = TpeBody(255, events, 0);  // the event's views point into it
  Result<TransactionPayloadEvent> tpe = DecodeTransactionPayload(body);
  ASSERT_TRUE(tpe.ok());
  EXPECT_EQ(tpe->compression, PayloadCompression::kNone);
  PayloadEventSplitter splitter;
  splitter.Reset(*tpe);
  ByteView inner;
  int count = 0;
  while (*splitter.Next(&inner)) ++count;
  EXPECT_EQ(count, 2);
}

TEST(TransactionPayloadTest, RejectsBadPayloads) {
  Bytes events = InnerEvent(16, Le(1, 8));
  Bytes compressed(ZSTD_compressBound(events.size()));
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), events.data(), events.size(), 3));
  PayloadEventSplitter splitter;
  ByteView inner;

  // Wrong announced size.
  Bytes wrong_size_body = TpeBody(0, compressed, events.size() + 1);
  splitter.Reset(*DecodeTransactionPayload(wrong_size_body));
  ASSERT_TRUE(*splitter.Next(&inner));
  EXPECT_TRUE(splitter.Next(&inner).status().IsCorruption());

  // Truncated zstd frame.
  Bytes cut(compressed.begin(), compressed.end() - 3);
  Bytes cut_body = TpeBody(0, cut, events.size());
  splitter.Reset(*DecodeTransactionPayload(cut_body));
  Result<bool> first = splitter.Next(&inner);
  EXPECT_TRUE(first.status().IsCorruption() || (first.ok() && splitter.Next(&inner).status().IsCorruption()));

  // Not zstd at all.
  Bytes garbage_body = TpeBody(0, Bytes(20, 0x41), events.size());
  splitter.Reset(*DecodeTransactionPayload(garbage_body));
  EXPECT_TRUE(splitter.Next(&inner).status().IsCorruption());

  // Inner event cut short (uncompressed payload).
  Bytes short_events(events.begin(), events.end() - 2);
  const Bytes short_body = TpeBody(255, short_events, 0);
  splitter.Reset(*DecodeTransactionPayload(short_body));
  EXPECT_TRUE(splitter.Next(&inner).status().IsCorruption());

  // Unknown compression type and trailing bytes after the payload.
  Bytes unknown = TpeBody(0, compressed, events.size());
  unknown[2] = 7;
  EXPECT_TRUE(DecodeTransactionPayload(unknown).status().IsCorruption());
  Bytes trailing = Concat({TpeBody(0, compressed, events.size()), {0x00}});
  EXPECT_TRUE(DecodeTransactionPayload(trailing).status().IsCorruption());
}

TEST(TransactionPayloadTest, LargeInnerEventsStreamThroughABoundedBuffer) {
  // Inner events far larger than one zstd output block still come out whole.
  Bytes big_query(1 << 20, 'x');
  Bytes events;
  for (int event_idx = 0; event_idx < 3; ++event_idx) {
    events = Concat({events, InnerEvent(2, Concat({Le(1, 4), Le(0, 4), {0}, Le(0, 2), Le(0, 2), {0}, big_query}))});
  }
  Bytes compressed(ZSTD_compressBound(events.size()));
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(), events.data(), events.size(), 1));
  Bytes body = TpeBody(0, compressed, 0);  // uncompressed size unknown (0): not checked
  Result<TransactionPayloadEvent> tpe = DecodeTransactionPayload(body);
  ASSERT_TRUE(tpe.ok());
  PayloadEventSplitter splitter;
  splitter.Reset(*tpe);
  ByteView inner;
  int count = 0;
  while (true) {
    Result<bool> next = splitter.Next(&inner);
    ASSERT_TRUE(next.ok()) << next.status().ToString();
    if (!*next) break;
    EXPECT_EQ(inner.size(), 19 + 13 + 1 + big_query.size());
    ++count;
  }
  EXPECT_EQ(count, 3);
}

// ---------------------------------------------------------------------------------------------
TEST(MariaCompressionTest, DecompressesAndRejectsBadBlocks) {
  const Bytes text = Str("SELECT 1 FROM dual WHERE 1 = 1 AND 2 = 2 AND 3 = 3");
  Bytes zlib(compressBound(text.size()));
  uLongf size = zlib.size();
  ASSERT_EQ(compress(zlib.data(), &size, text.data(), text.size()), Z_OK);
  zlib.resize(size);
  const Bytes block = Concat({
      {0x81},                                 // 0x80 | zlib (0) << 4 | 1 length byte
      {static_cast<uint8_t>(text.size())},    // uncompressed length
      zlib,                                   // zlib stream
  });
  std::vector<uint8_t> buffer;
  Result<ByteView> out = DecompressMariaBlock(block, &buffer);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(AsStringView(*out), AsStringView(text));
  // Every cut loses the length or part of the zlib stream.
  CheckPrefixes(block, AtLeast(block.size()), [](ByteView bytes) {
    std::vector<uint8_t> scratch;
    return DecompressMariaBlock(bytes, &scratch);
  });
  Bytes wrong_length = block;
  wrong_length[1] = static_cast<uint8_t>(text.size() + 1);
  EXPECT_TRUE(DecompressMariaBlock(wrong_length, &buffer).status().IsCorruption());
  Bytes other_algorithm = block;
  other_algorithm[0] = 0x91;  // algorithm 1
  EXPECT_TRUE(DecompressMariaBlock(other_algorithm, &buffer).status().IsCorruption());
  Bytes no_flag = block;
  no_flag[0] = 0x01;
  EXPECT_TRUE(DecompressMariaBlock(no_flag, &buffer).status().IsCorruption());
  EXPECT_EQ(UncompressedRowsType(EventType::kMariaUpdateRowsCompressed), EventType::kUpdateRowsV2);
  EXPECT_EQ(UncompressedRowsType(EventType::kMariaDeleteRowsCompressedV1), EventType::kDeleteRowsV1);
  EXPECT_EQ(UncompressedRowsType(EventType::kQuery), EventType::kQuery);
}

}  // namespace
}  // namespace cdc::binlog
