#include "mysql/connection.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace cdc::mysql {
namespace {

TEST(TlsModeTest, ParsesEveryModeAndRejectsOthers) {
  EXPECT_EQ(*ParseTlsMode("disabled"), TlsMode::kDisabled);
  EXPECT_EQ(*ParseTlsMode("preferred"), TlsMode::kPreferred);
  EXPECT_EQ(*ParseTlsMode("REQUIRED"), TlsMode::kRequired);
  EXPECT_EQ(*ParseTlsMode("verify_ca"), TlsMode::kVerifyCa);
  EXPECT_EQ(*ParseTlsMode("verify-identity"), TlsMode::kVerifyIdentity);
  EXPECT_TRUE(ParseTlsMode("on").status().IsInvalidArgument());
  EXPECT_TRUE(ParseTlsMode("").status().IsInvalidArgument());
  for (TlsMode mode : {TlsMode::kDisabled, TlsMode::kPreferred, TlsMode::kRequired, TlsMode::kVerifyCa,
                       TlsMode::kVerifyIdentity}) {
    EXPECT_EQ(*ParseTlsMode(ToString(mode)), mode);
  }
}

TEST(MysqlErrorTest, LostConnectionsAreRetryable) {
  for (unsigned int code : {2002u, 2003u, 2006u, 2013u, 1053u, 1040u, 1213u, 1927u}) {
    Status status = StatusFromMysqlError(code, "gone", "read binlog event");
    EXPECT_TRUE(status.IsUnavailable()) << code << " " << status.ToString();
  }
}

TEST(MysqlErrorTest, AccessDeniedIsInvalidArgumentWithHint) {
  Status status = StatusFromMysqlError(1045, "Access denied for user 'cdc'@'localhost' (using password: YES)",
                                       "connect to 127.0.0.1:3306 as 'cdc'");
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_NE(status.message().find("connect to 127.0.0.1:3306"), std::string::npos);
  EXPECT_NE(status.message().find("error 1045"), std::string::npos);
  EXPECT_NE(status.message().find("REPLICATION SLAVE"), std::string::npos);
  EXPECT_TRUE(StatusFromMysqlError(1227, "need REPLICATION SLAVE", "dump").IsInvalidArgument());
}

TEST(MysqlErrorTest, MissingBinlogPositionIsNotFound) {
  EXPECT_TRUE(StatusFromMysqlError(1236, "Could not find first log file name in binary log index file", "dump")
                  .IsNotFound());
  EXPECT_TRUE(StatusFromMysqlError(1789, "purged", "dump").IsNotFound());
  // Other fatal dump errors do not go away by retrying or moving.
  EXPECT_TRUE(StatusFromMysqlError(1236, "log event entry exceeded max_allowed_packet", "dump").IsIOError());
}

TEST(MysqlErrorTest, SameServerIdIsFatalWithAHint) {
  // MariaDB drops the older of two replicas with one server_id with error 4052; MySQL with a 1236.
  Status maria = StatusFromMysqlError(4052, "A slave with the same server_uuid/server_id is already connected", "dump");
  EXPECT_TRUE(maria.IsInvalidArgument()) << maria.ToString();
  EXPECT_NE(maria.message().find("source.server_id"), std::string::npos) << maria.ToString();
  Status mysql = StatusFromMysqlError(
      1236, "A slave with the same server_uuid/server_id as this slave has connected to the master", "dump");
  EXPECT_TRUE(mysql.IsInvalidArgument()) << mysql.ToString();
  EXPECT_NE(mysql.message().find("source.server_id"), std::string::npos) << mysql.ToString();
}

TEST(MysqlErrorTest, UnknownObjectsAreNotFoundAndTheRestIOError) {
  EXPECT_TRUE(StatusFromMysqlError(1146, "Table 'a.b' doesn't exist", "q").IsNotFound());
  EXPECT_TRUE(StatusFromMysqlError(1193, "Unknown system variable", "q").IsNotFound());
  EXPECT_TRUE(StatusFromMysqlError(1064, "syntax", "q").IsIOError());
}

TEST(QueryResultTest, ColumnIndex) {
  QueryResult result;
  result.column_names = {"Log_name", "File_size"};
  EXPECT_EQ(result.ColumnIndex("File_size"), 1);
  EXPECT_EQ(result.ColumnIndex("file_size"), -1);
}

// A loopback port with nothing listening: bind a socket, note its port, close it.
uint16_t UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    close(fd);
    return 1;
  }
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(ConnectionTest, RefusedConnectionIsUnavailable) {
  ConnectionOptions options;
  options.host = "127.0.0.1";
  options.port = UnusedPort();
  options.user = "nobody";
  options.password = "secret-password";
  options.connect_timeout_seconds = 2;
  Result<std::unique_ptr<Connection>> connection = Connection::Connect(options);
  ASSERT_FALSE(connection.ok());
  EXPECT_TRUE(connection.status().IsUnavailable()) << connection.status().ToString();
  EXPECT_EQ(connection.status().message().find("secret-password"), std::string::npos);
}

TEST(ConnectionTest, VerifyModesNeedACaFile) {
  ConnectionOptions options;
  options.tls_mode = TlsMode::kVerifyCa;
  EXPECT_TRUE(Connection::Connect(options).status().IsInvalidArgument());
}

TEST(ConnectionTest, ClientCertificateNeedsItsKeyAndTls) {
  ConnectionOptions options;
  options.tls_cert = "/client.pem";
  Status status = Connection::Connect(options).status();
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_NE(status.message().find("both a certificate and a key"), std::string::npos) << status.ToString();
  options.tls_key = "/client-key.pem";
  options.tls_mode = TlsMode::kDisabled;
  status = Connection::Connect(options).status();
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_NE(status.message().find("disabled"), std::string::npos) << status.ToString();
}

TEST(TlsFailureHintTest, NamesWhatTheModeChecked) {
  ConnectionOptions options;
  options.host = "db.internal";
  options.tls_ca = "/etc/ssl/ca.pem";
  // Connector/C 3.3's texts for a host-name mismatch and for a chain OpenSSL did not accept.
  options.tls_mode = TlsMode::kVerifyIdentity;
  std::string hint = TlsFailureHint(options, "TLS/SSL error: Validation of SSL server certificate failed");
  EXPECT_NE(hint.find("does not name the host 'db.internal'"), std::string::npos) << hint;
  EXPECT_NE(hint.find("verify-identity"), std::string::npos) << hint;
  hint = TlsFailureHint(options, "TLS/SSL error: self-signed certificate in certificate chain");
  EXPECT_NE(hint.find("not verified against the CA in source.tls.ca (/etc/ssl/ca.pem)"), std::string::npos) << hint;
  options.tls_mode = TlsMode::kVerifyCa;
  hint = TlsFailureHint(options, "TLS/SSL error: unable to get local issuer certificate");
  EXPECT_NE(hint.find("tls mode verify-ca: the server certificate was not verified"), std::string::npos) << hint;
  options.tls_mode = TlsMode::kRequired;
  options.tls_cert = "/c.pem";
  options.tls_key = "/c-key.pem";
  hint = TlsFailureHint(options, "TLS/SSL error: Unable to load certificate");
  EXPECT_NE(hint.find("client certificate /c.pem and key /c-key.pem"), std::string::npos) << hint;
  options.tls_cert.clear();
  hint = TlsFailureHint(options, "TLS/SSL error: something else");
  EXPECT_NE(hint.find("tls mode required: check source.tls.mode"), std::string::npos) << hint;
}

}  // namespace
}  // namespace cdc::mysql
