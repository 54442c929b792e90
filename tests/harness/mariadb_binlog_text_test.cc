#include "harness/mariadb_binlog_text.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "harness/process.h"

namespace cdc::harness {
namespace {

const std::string kBinlogDir = std::string(LAKEFEED_TESTDATA_DIR) + "/binlog";

std::string Load(const std::string& relative) {
  std::string path = kBinlogDir + "/" + relative;
  if (path.size() > 3 && path.substr(path.size() - 3) == ".gz") {
    Result<CommandResult> result = RunCommand({"gzip", "-dc", path});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    if (!result.ok()) return "";
    EXPECT_EQ(result->exit_code, 0) << result->stderr_text;
    return result->stdout_text;
  }
  Result<std::string> text = ReadFile(path);
  EXPECT_TRUE(text.ok()) << text.status().ToString();
  return text.ok() ? *text : "";
}

struct OpCounts {
  size_t inserts = 0, updates = 0, deletes = 0;
  bool operator==(const OpCounts&) const = default;
};

std::ostream& operator<<(std::ostream& os, const OpCounts& c) {
  return os << c.inserts << " ins, " << c.updates << " upd, " << c.deletes << " del";
}

OpCounts Count(const std::vector<VerboseRow>& rows) {
  OpCounts counts;
  for (const VerboseRow& row : rows) {
    switch (row.op) {
      case VerboseRow::Op::kInsert: ++counts.inserts; break;
      case VerboseRow::Op::kUpdate: ++counts.updates; break;
      case VerboseRow::Op::kDelete: ++counts.deletes; break;
    }
  }
  return counts;
}

// Row counts per stored output, from the Summary table of ../shared/testdata/binlog/EXPECTED.md.
TEST(MariaDbBinlogTextTest, EveryStoredOutputParsesWithTheExpectedRowCounts) {
  const std::map<std::string, OpCounts> expected = {
      {"mariadb/mariadb-bin.000001.mariadb-binlog.txt", {2, 0, 0}},
      {"mysql/bin-log.000001.mariadb-binlog.txt", {2, 0, 0}},
      {"mysql/binlog-invisible-columns.000001.mariadb-binlog.txt", {2, 1, 0}},
      {"mysql/binlog_transaction_previous_GTID_no_tag.000001.mariadb-binlog.txt", {0, 0, 0}},
      {"mysql/minimal_row_metadata.000001.mariadb-binlog.txt", {1, 0, 0}},
      {"mysql/mysql-bin.000080.mariadb-binlog.txt", {3, 0, 4}},
      {"mysql/mysql-bin.aurora-padding.mariadb-binlog.txt", {0, 0, 0}},
      {"mysql/mysql-bin.checksum-crc32.mariadb-binlog.txt", {34, 23, 6}},
      {"mysql/mysql-bin.checksum-none.mariadb-binlog.txt", {34, 2, 0}},
      {"mysql/mysql-enum-string-set.000001.mariadb-binlog.txt", {1, 1, 1}},
      {"mysql/mysql_type_bit.000001.mariadb-binlog.txt", {1, 0, 0}},
      {"mysql/time_issue.000001.mariadb-binlog.txt", {1, 0, 0}},
      {"mysql/mysql-bin.sakila.mariadb-binlog.txt.gz", {47273, 0, 0}},
  };
  for (const auto& [file, counts] : expected) {
    SCOPED_TRACE(file);
    Result<std::vector<VerboseRow>> rows = ParseMariaDbBinlogVerbose(Load(file));
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    EXPECT_EQ(Count(*rows), counts);
    for (const VerboseRow& row : *rows) {
      // Every row belongs to a statement with at least one rows event, and has the images its op needs.
      EXPECT_FALSE(row.statement_event_ends.empty()) << "line " << row.line;
      EXPECT_EQ(row.before.empty(), row.op == VerboseRow::Op::kInsert) << "line " << row.line;
      EXPECT_EQ(row.after.empty(), row.op == VerboseRow::Op::kDelete) << "line " << row.line;
      for (const auto* image : {&row.before, &row.after}) {
        uint32_t previous = 0;
        for (const VerboseValue& value : *image) {
          EXPECT_GT(value.column, previous) << "line " << row.line;  // ascending @N
          previous = value.column;
          EXPECT_FALSE(value.type.empty()) << "line " << row.line;
        }
      }
    }
  }
}

TEST(MariaDbBinlogTextTest, MariaDbFileRowsAndValues) {
  Result<std::vector<VerboseRow>> rows = ParseMariaDbBinlogVerbose(Load("mariadb/mariadb-bin.000001.mariadb-binlog.txt"));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 2u);
  const VerboseRow& first = (*rows)[0];
  EXPECT_EQ(first.op, VerboseRow::Op::kInsert);
  EXPECT_EQ(first.schema, "toddy_test");
  EXPECT_EQ(first.table, "outbox");
  EXPECT_EQ(first.statement_event_ends, std::vector<uint64_t>({671}));
  EXPECT_EQ((*rows)[1].statement_event_ends, std::vector<uint64_t>({1043}));
  ASSERT_EQ(first.after.size(), 5u);
  EXPECT_EQ(first.after[0].kind, VerboseValue::Kind::kNumber);
  EXPECT_EQ(first.after[0].text, "62");
  EXPECT_EQ(first.after[0].type, "INT");
  EXPECT_EQ(first.after[1].kind, VerboseValue::Kind::kQuoted);
  EXPECT_EQ(first.after[1].text, "foo");
  EXPECT_EQ(first.after[1].type, "VARSTRING(1020)");
  EXPECT_EQ(first.after[1].meta, 1020u);
  EXPECT_EQ(first.after[2].text, "2");
  EXPECT_EQ(first.after[2].type, "ENUM(1 byte)");
  EXPECT_EQ(first.after[2].meta, 63233u);
  EXPECT_TRUE(first.after[2].nullable);
  EXPECT_EQ(first.after[3].text, "{\"foo\":1}");
  EXPECT_EQ(first.after[3].type, "BLOB/TEXT");
  EXPECT_EQ(first.after[4].text, "1650493084");
  EXPECT_EQ(first.after[4].type, "TIMESTAMP(0)");
  EXPECT_EQ((*rows)[1].after[4].text, "1650493195");
}

TEST(MariaDbBinlogTextTest, SignedUnsignedPairsAndUpdates) {
  Result<std::vector<VerboseRow>> rows =
      ParseMariaDbBinlogVerbose(Load("mysql/binlog-invisible-columns.000001.mariadb-binlog.txt"));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const VerboseRow* update = nullptr;
  for (const VerboseRow& row : *rows) {
    if (row.op == VerboseRow::Op::kUpdate) update = &row;
  }
  ASSERT_NE(update, nullptr);
  ASSERT_GE(update->before.size(), 3u);
  EXPECT_EQ(update->before[0].kind, VerboseValue::Kind::kNull);
  EXPECT_EQ(update->before[2].text, "-33");
  EXPECT_EQ(update->before[2].unsigned_text, "4294967263");
  ASSERT_GE(update->after.size(), 3u);
  EXPECT_EQ(update->after[2].text, "-333");
  EXPECT_EQ(update->after[2].unsigned_text, "4294966963");
}

TEST(MariaDbBinlogTextTest, BitsTimeAndMultiEventStatements) {
  Result<std::vector<VerboseRow>> bits = ParseMariaDbBinlogVerbose(Load("mysql/mysql_type_bit.000001.mariadb-binlog.txt"));
  ASSERT_TRUE(bits.ok()) << bits.status().ToString();
  ASSERT_EQ(bits->size(), 1u);
  EXPECT_EQ((*bits)[0].after[0].kind, VerboseValue::Kind::kBits);
  EXPECT_EQ((*bits)[0].after[0].text, "100");
  EXPECT_EQ((*bits)[0].after[2].text, "00100000");

  Result<std::vector<VerboseRow>> time = ParseMariaDbBinlogVerbose(Load("mysql/time_issue.000001.mariadb-binlog.txt"));
  ASSERT_TRUE(time.ok()) << time.status().ToString();
  ASSERT_EQ(time->size(), 1u);
  EXPECT_EQ((*time)[0].after[0].text, "-507:48:27");
  EXPECT_EQ((*time)[0].after[0].type, "TIME(0)");

  // Sakila: statements span several Write_rows events; all their end positions are attached to each row.
  Result<std::vector<VerboseRow>> sakila = ParseMariaDbBinlogVerbose(Load("mysql/mysql-bin.sakila.mariadb-binlog.txt.gz"));
  ASSERT_TRUE(sakila.ok()) << sakila.status().ToString();
  size_t multi_event_rows = 0;
  for (const VerboseRow& row : *sakila) {
    if (row.statement_event_ends.size() > 1) ++multi_event_rows;
    EXPECT_TRUE(std::is_sorted(row.statement_event_ends.begin(), row.statement_event_ends.end()));
  }
  EXPECT_GT(multi_event_rows, 1000u);
}

TEST(MariaDbBinlogTextTest, ParsesEachValueForm) {
  Result<VerboseValue> v = ParseVerboseValue("@3=-1 (255) /* TINYINT meta=0 nullable=1 is_null=0 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->column, 3u);
  EXPECT_EQ(v->kind, VerboseValue::Kind::kNumber);
  EXPECT_EQ(v->text, "-1");
  EXPECT_EQ(v->unsigned_text, "255");
  EXPECT_EQ(v->type, "TINYINT");

  v = ParseVerboseValue("@8=3.40282e+38          /* FLOAT meta=4 nullable=1 is_null=0 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->text, "3.40282e+38");
  EXPECT_EQ(v->meta, 4u);

  v = ParseVerboseValue("@2='a /* b */ c' /* VARSTRING(40) meta=40 nullable=0 is_null=0 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->kind, VerboseValue::Kind::kQuoted);
  EXPECT_EQ(v->text, "a /* b */ c");
  EXPECT_FALSE(v->nullable);

  v = ParseVerboseValue("@7=b'0000000100000001' /* SET(2 bytes) meta=63490 nullable=1 is_null=0 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->kind, VerboseValue::Kind::kBits);
  EXPECT_EQ(v->type, "SET(2 bytes)");

  v = ParseVerboseValue("@1=NULL /* INT meta=0 nullable=1 is_null=1 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->kind, VerboseValue::Kind::kNull);

  v = ParseVerboseValue("@5=981184830.123456 /* TIMESTAMP(6) meta=6 nullable=1 is_null=0 */");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->text, "981184830.123456");

  // -v output (no comment) parses too.
  v = ParseVerboseValue("@1='x'");
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->text, "x");
  EXPECT_TRUE(v->type.empty());
}

TEST(MariaDbBinlogTextTest, RejectsMalformedLines) {
  for (const char* bad : {
           "@0=1 /* INT meta=0 nullable=1 is_null=0 */",         // columns are 1-based
           "@x=1 /* INT meta=0 nullable=1 is_null=0 */",         // not a number
           "@1='abc /* VARSTRING(3) meta=3 nullable=1 is_null=0 */",  // unterminated quote
           "@1=abc /* INT meta=0 nullable=1 is_null=0 */",       // unquoted non-number
           "@1=b'012' /* BIT(3) meta=3 nullable=1 is_null=0 */",  // bad bit digit
           "@1=NULL /* INT meta=0 nullable=1 is_null=0 */",      // is_null disagrees
           "@1=5 /* INT nullable=1 is_null=0 */",                 // no meta
           "@1=-1 (x) /* INT meta=0 nullable=1 is_null=0 */",    // bad unsigned part
       }) {
    EXPECT_TRUE(ParseVerboseValue(bad).status().IsCorruption()) << bad;
  }
  // Structure errors name the line.
  Result<std::vector<VerboseRow>> rows = ParseMariaDbBinlogVerbose("###   @1=1 /* INT meta=0 nullable=1 is_null=0 */\n");
  EXPECT_TRUE(rows.status().IsCorruption());
  EXPECT_NE(rows.status().message().find("line 1"), std::string::npos);
  const char* miscounted =
      "#220420 22:18:04 server id 1  end_log_pos 671 CRC32 0xefb082d6 \tWrite_rows: table id 38 flags: STMT_END_F\n"
      "### INSERT INTO `d`.`t`\n### SET\n###   @1=1 /* INT meta=0 nullable=0 is_null=0 */\n# Number of rows: 2\n";
  EXPECT_TRUE(ParseMariaDbBinlogVerbose(miscounted).status().IsCorruption());
}

TEST(MariaDbBinlogTextTest, QuotingRoundTrip) {
  std::string bytes("a\x00\x1f\x20'\\\xff\r\n", 9);
  std::string quoted = QuoteLikeMariaDbBinlog(bytes);
  EXPECT_EQ(quoted, std::string("a\\x00\\x1f '\\\xff\\x0d\\x0a"));
  EXPECT_EQ(UnquoteMariaDbBinlog(quoted), bytes);
  // \xNN above 0x1F is never produced by the printer, so it stays literal text.
  EXPECT_EQ(UnquoteMariaDbBinlog("\\x41"), "\\x41");
}

}  // namespace
}  // namespace cdc::harness
