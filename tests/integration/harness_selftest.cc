// Self-test of tests/harness: the MariaDB and moto sandboxes start, answer, write ROW binlogs, and clean up.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/mariadb_binlog_text.h"
#include "harness/process.h"
#include "harness/sandbox_environment.h"

namespace cdc::harness {
namespace {

LAKEFEED_MARIADB_ENVIRONMENT(MariaDbSandbox::Variant::kFullMetadata);
LAKEFEED_MOTO_ENVIRONMENT();

TEST(HarnessSelfTest, MariaDbIsConfiguredForRowCdc) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::vector<Row>> vars = db.QueryRows(
      "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@binlog_row_metadata, @@time_zone, "
      "@@bind_address, @@port, VERSION()");
  ASSERT_TRUE(vars.ok()) << vars.status().ToString();
  const Row& row = (*vars)[0];
  EXPECT_EQ(row[0], Cell("1"));
  EXPECT_EQ(row[1], Cell("ROW"));
  EXPECT_EQ(row[2], Cell("FULL"));
  EXPECT_EQ(row[3], Cell("FULL"));
  EXPECT_EQ(row[4], Cell("+00:00"));
  EXPECT_EQ(row[5], Cell("127.0.0.1"));
  EXPECT_EQ(row[6], Cell(std::to_string(db.port())));
  EXPECT_EQ(row[7].value_or("").substr(0, 5), "10.11");
}

TEST(HarnessSelfTest, CdcUserCanReplicateFromBothHosts) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::unique_ptr<MariaDbClient>> cdc = db.Connect(db.user(), db.password());
  ASSERT_TRUE(cdc.ok()) << cdc.status().ToString();
  Result<std::vector<Row>> grants = (*cdc)->QueryRows("SHOW GRANTS");
  ASSERT_TRUE(grants.ok()) << grants.status().ToString();
  ASSERT_FALSE(grants->empty());
  std::string grant = grants->front()[0].value_or("");
  EXPECT_NE(grant.find("REPLICATION SLAVE"), std::string::npos) << grant;
  EXPECT_NE(grant.find("BINLOG MONITOR"), std::string::npos) << grant;  // REPLICATION CLIENT in 10.11
  EXPECT_NE(grant.find("SELECT"), std::string::npos) << grant;
  EXPECT_TRUE((*cdc)->QueryRows("SHOW MASTER STATUS").ok());
  Result<std::vector<Row>> users = db.QueryRows("SELECT Host FROM mysql.user WHERE User = 'cdc' ORDER BY Host");
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ((*users)[0][0], Cell("127.0.0.1"));
  EXPECT_EQ((*users)[1][0], Cell("localhost"));
  // A wrong password is an InvalidArgument, not a hang.
  EXPECT_TRUE(db.Connect(db.user(), "wrong").status().IsInvalidArgument());
}

TEST(HarnessSelfTest, QueryRowsKeepsNullEmptyAndBinaryApart) {
  LAKEFEED_SHARED_MARIADB(db);
  Result<std::vector<Row>> rows = db.QueryRows("SELECT NULL, '', X'00FF00', 'caf\xC3\xA9'");
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], std::nullopt);
  EXPECT_EQ((*rows)[0][1], Cell(""));
  EXPECT_EQ((*rows)[0][2], Cell(std::string("\x00\xff\x00", 3)));
  EXPECT_EQ((*rows)[0][3], Cell("caf\xC3\xA9"));
  Status bad = db.Query("SELECT * FROM no_such_table_anywhere");
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.message().find("1046"), std::string::npos) << bad.ToString();  // no database selected
}

TEST(HarnessSelfTest, BinlogHoldsRowEventsThatMariaDbBinlogDecodes) {
  LAKEFEED_SHARED_MARIADB(db);
  ASSERT_TRUE(db.Query("CREATE DATABASE selftest; CREATE TABLE selftest.t (id INT PRIMARY KEY, s VARCHAR(10)); "
                       "INSERT INTO selftest.t VALUES (1, 'one'), (2, NULL); UPDATE selftest.t SET s = 'two' WHERE "
                       "id = 2; DELETE FROM selftest.t WHERE id = 1")
                  .ok());
  Result<std::string> file = db.CurrentBinlogFile();
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  Result<std::vector<Row>> events = db.QueryRows("SHOW BINLOG EVENTS IN '" + *file + "'");
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  int rows_events = 0;
  for (const Row& event : *events) {
    std::string type = event[2].value_or("");
    if (type == "Write_rows_v1" || type == "Update_rows_v1" || type == "Delete_rows_v1") ++rows_events;
    EXPECT_NE(event[5].value_or("").find("CREATE USER"), 0u) << "the cdc user must not be in the binlog";
  }
  EXPECT_EQ(rows_events, 3);

  ASSERT_TRUE(db.RotateBinlog().ok());
  Result<std::vector<std::string>> paths = db.BinlogPaths();
  ASSERT_TRUE(paths.ok()) << paths.status().ToString();
  ASSERT_EQ(paths->size(), 2u);
  EXPECT_EQ(paths->front(), db.binlog_dir() + "/" + *file);
  Result<CommandResult> decoded =
      RunCommand({"mariadb-binlog", "--no-defaults", "--base64-output=decode-rows", "-vv", paths->front()});
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->exit_code, 0) << decoded->stderr_text;
  Result<std::vector<VerboseRow>> rows = ParseMariaDbBinlogVerbose(decoded->stdout_text);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].op, VerboseRow::Op::kInsert);
  EXPECT_EQ((*rows)[0].table, "t");
  EXPECT_EQ((*rows)[0].after[1].text, "one");
  EXPECT_EQ((*rows)[1].after[1].kind, VerboseValue::Kind::kNull);
  EXPECT_EQ((*rows)[2].op, VerboseRow::Op::kUpdate);
  EXPECT_EQ((*rows)[2].before.size(), 2u);  // FULL row image
  EXPECT_EQ((*rows)[2].after[1].text, "two");
  EXPECT_EQ((*rows)[3].op, VerboseRow::Op::kDelete);
}

TEST(HarnessSelfTest, MinimalVariantStartsAndCleansUp) {
  std::string dir;
  {
    Result<std::unique_ptr<MariaDbSandbox>> minimal = MariaDbSandbox::Start(MariaDbSandbox::Variant::kMinimalMetadata);
    ASSERT_TRUE(minimal.ok()) << minimal.status().ToString();
    dir = (*minimal)->dir();
    EXPECT_TRUE(std::filesystem::exists(dir + "/data/binlog.000001"));
    EXPECT_NE((*minimal)->port(), MariaDbEnvironment::sandbox()->port());
    Result<Cell> metadata = (*minimal)->QueryValue("SELECT @@binlog_row_metadata");
    ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
    EXPECT_EQ(*metadata, Cell("MINIMAL"));
  }
  EXPECT_FALSE(std::filesystem::exists(dir)) << "the destructor must remove the sandbox dir";
}

TEST(HarnessSelfTest, MotoServesS3) {
  LAKEFEED_SHARED_MOTO(s3);
  Result<std::string> out = s3.RunBoto3(
      "s3.create_bucket(Bucket='selftest')\n"
      "s3.put_object(Bucket='selftest', Key='a/b.txt', Body=b'hello')\n"
      "print(s3.get_object(Bucket='selftest', Key='a/b.txt')['Body'].read().decode())\n"
      "try:\n"
      "    s3.put_object(Bucket='selftest', Key='a/b.txt', Body=b'again', IfNoneMatch='*')\n"
      "    print('overwritten')\n"
      "except s3.exceptions.ClientError as e:\n"
      "    print(e.response['Error']['Code'])\n");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "hello\nPreconditionFailed\n");
}

TEST(HarnessSelfTest, MotoChecksSignaturesWhenAsked) {
  MotoSandbox::Options options;
  options.verify_signatures = true;
  Result<std::unique_ptr<MotoSandbox>> moto = MotoSandbox::Start(options);
  ASSERT_TRUE(moto.ok()) << moto.status().ToString();
  EXPECT_NE((*moto)->access_key(), "testing");
  Result<std::string> out = (*moto)->RunBoto3(
      "s3.create_bucket(Bucket='signed')\n"
      "s3.put_object(Bucket='signed', Key='k', Body=b'v')\n"
      "bad = boto3.client('s3', endpoint_url=s3.meta.endpoint_url, region_name='us-east-1',\n"
      "                   aws_access_key_id=s3._request_signer._credentials.access_key,\n"
      "                   aws_secret_access_key='wrong-secret')\n"
      "try:\n"
      "    bad.get_object(Bucket='signed', Key='k')\n"
      "    print('accepted')\n"
      "except bad.exceptions.ClientError as e:\n"
      "    print(e.response['Error']['Code'])\n");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, "SignatureDoesNotMatch\n");
}

}  // namespace
}  // namespace cdc::harness
