// TLS to the source and the authentication plugins lakefeed can use with MariaDB (docs/security.md, "TLS to the
// source"), against private MariaDB servers with TLS on.
//
// Certificates are made with the openssl CLI in a temp dir: a CA, a server certificate for 127.0.0.1
// (subjectAltName IP:127.0.0.1, DNS:localhost), a second one from the same CA for "wrong.example" only, a client
// certificate (CN=lakefeed-client) from the same CA, and an unrelated self-signed CA. Three servers are started:
// one with the 127.0.0.1 certificate, one with the wrong-host certificate, one without TLS.
//
// Each case runs `lakefeed check --json` for a task whose source.tls is set as the case says and reads the
// "source connection" result: pass or fail, its detail (the TLS cipher, or "without TLS") and its error. What the
// server saw is checked through accounts: one created REQUIRE SSL refuses a connection without TLS, one created
// REQUIRE SUBJECT (X.509) refuses one without the client certificate. Mode by mode:
//   disabled         plain TCP: detail "without TLS", the REQUIRE SSL account is refused (with a hint naming it).
//   preferred        TLS with a TLS server (the REQUIRE SSL account works); plain TCP with a server without TLS.
//   required         TLS (the REQUIRE SSL account works); a server without TLS is refused.
//   verify-ca        the right CA is accepted, an unknown CA refused with an error naming source.tls.ca; the
//                    wrong-host certificate is accepted (verify-ca checks the chain, not the name).
//   verify-identity  the 127.0.0.1 certificate is accepted; the wrong-host one refused with an error naming the
//                    host; an unknown CA refused.
//   cert/key         the REQUIRE SUBJECT account works only with source.tls.cert and key.
// Then `lakefeed sync` (full load) and `lakefeed binlog-dump` (the replication protocol) run over
// verify-identity with the client certificate, and their rows are the ones written.
//
// Authentication plugins: mysql_native_password (MariaDB's default) and ed25519 (server plugin auth_ed25519,
// client plugin client_ed25519.so from Debian's libmariadb3). A wrong ed25519 password is refused.
// caching_sha2_password and sha256_password are MySQL 8 plugins: MariaDB has no server side for them, so they
// are not tested here.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/binlog_dump.h"
#include "harness/lakefeed_task.h"
#include "harness/mariadb_sandbox.h"
#include "harness/process.h"

namespace cdc::harness {
namespace {

using Json = nlohmann::json;

// Runs openssl with `args`; fails the test (and returns false) when it exits non-zero.
bool OpenSsl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  Result<CommandResult> result = RunCommand(argv, std::chrono::minutes(1));
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (!result.ok()) return false;
  EXPECT_EQ(result->exit_code, 0) << CommandLine(argv) << "\n" << result->stderr_text;
  return result->exit_code == 0;
}

// The test's certificates: <dir>/<name>.pem and <dir>/<name>-key.pem.
class Certificates {
 public:
  static std::unique_ptr<Certificates> Make() {
    Result<TempDir> dir = TempDir::Create("lakefeed-tls-");
    EXPECT_TRUE(dir.ok()) << dir.status().ToString();
    if (!dir.ok()) return nullptr;
    auto certs = std::unique_ptr<Certificates>(new Certificates(std::move(*dir)));
    if (!certs->SelfSigned("ca", "lakefeed test CA") || !certs->SelfSigned("other-ca", "unknown test CA") ||
        !certs->Signed("server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost") ||
        !certs->Signed("wrong", "wrong.example", "subjectAltName=DNS:wrong.example") ||
        !certs->Signed("client", "lakefeed-client", "extendedKeyUsage=clientAuth")) {
      return nullptr;
    }
    return certs;
  }

  std::string Pem(const std::string& name) const { return dir_.path() + "/" + name + ".pem"; }
  std::string Key(const std::string& name) const { return dir_.path() + "/" + name + "-key.pem"; }

 private:
  explicit Certificates(TempDir dir) : dir_(std::move(dir)) {}

  bool SelfSigned(const std::string& name, const std::string& cn) {
    return OpenSsl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + cn,
                    "-keyout", Key(name), "-out", Pem(name)});
  }
  // A certificate for `cn` signed by "ca", with the extension line `extension`.
  bool Signed(const std::string& name, const std::string& cn, const std::string& extension) {
    const std::string csr = dir_.path() + "/" + name + ".csr";
    const std::string ext = dir_.path() + "/" + name + ".ext";
    if (!WriteFile(ext, extension + "\n").ok()) return false;
    return OpenSsl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + cn, "-keyout", Key(name), "-out",
                    csr}) &&
           OpenSsl({"x509", "-req", "-in", csr, "-CA", Pem("ca"), "-CAkey", Key("ca"), "-CAcreateserial", "-days",
                    "2", "-extfile", ext, "-out", Pem(name)});
  }

  TempDir dir_;
};

// Accounts on every server, each for 127.0.0.1 and localhost, with the grants lakefeed needs.
constexpr char kPassword[] = "tls-Pa55";
const char* const kAccountSql[][2] = {
    {"plain", "IDENTIFIED VIA mysql_native_password USING PASSWORD('tls-Pa55')"},
    {"needs_tls", "IDENTIFIED BY 'tls-Pa55' REQUIRE SSL"},
    {"needs_cert", "IDENTIFIED BY 'tls-Pa55' REQUIRE SUBJECT '/CN=lakefeed-client' AND ISSUER '/CN=lakefeed test CA'"},
    {"edwards", "IDENTIFIED VIA ed25519 USING PASSWORD('tls-Pa55')"},
};

Status CreateAccounts(MariaDbSandbox& server) {
  CDC_RETURN_IF_ERROR(server.Query("INSTALL SONAME 'auth_ed25519'"));
  for (const auto& account : kAccountSql) {
    for (const char* host : {"127.0.0.1", "localhost"}) {
      const std::string name = std::string("'") + account[0] + "'@'" + host + "'";
      CDC_RETURN_IF_ERROR(server.Query("CREATE USER " + name + " " + account[1]));
      CDC_RETURN_IF_ERROR(server.Query("GRANT REPLICATION SLAVE, REPLICATION CLIENT, SELECT ON *.* TO " + name));
    }
  }
  return server.Query(
      "CREATE DATABASE tls_db; CREATE TABLE tls_db.t (id INT PRIMARY KEY, v VARCHAR(40)); "
      "INSERT INTO tls_db.t VALUES (1, 'over-tls-one'), (2, 'over-tls-two')");
}

// The "source connection" check of one `lakefeed check --json` run.
struct SourceConnection {
  std::string result;  // "pass", "fail" or "(missing)"
  std::string detail;
  std::string output;  // the whole output, for messages
};

class SourceTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = Certificates::Make().release();
    ASSERT_NE(certs_, nullptr);
    tls_server_ = StartServer("server").release();
    wrong_host_server_ = StartServer("wrong").release();
    plain_server_ = StartServer("").release();
  }
  static void TearDownTestSuite() {
    delete tls_server_;
    delete wrong_host_server_;
    delete plain_server_;
    delete certs_;
    tls_server_ = wrong_host_server_ = plain_server_ = nullptr;
    certs_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(tls_server_, nullptr);
    ASSERT_NE(wrong_host_server_, nullptr);
    ASSERT_NE(plain_server_, nullptr);
  }

  // A server with the certificate `cert_name` ("" = without TLS) and the test's accounts.
  static std::unique_ptr<MariaDbSandbox> StartServer(const std::string& cert_name) {
    MariaDbSandbox::Options options;
    if (!cert_name.empty()) {
      options.extra_args = {"--ssl-ca=" + certs_->Pem("ca"), "--ssl-cert=" + certs_->Pem(cert_name),
                            "--ssl-key=" + certs_->Key(cert_name)};
    }
    Result<std::unique_ptr<MariaDbSandbox>> server = MariaDbSandbox::Start(options);
    EXPECT_TRUE(server.ok()) << server.status().ToString();
    if (!server.ok()) return nullptr;
    Status accounts = CreateAccounts(**server);
    EXPECT_TRUE(accounts.ok()) << accounts.ToString();
    if (!accounts.ok()) return nullptr;
    Result<std::vector<Row>> have_ssl = (*server)->QueryRows("SELECT @@have_ssl");
    EXPECT_TRUE(have_ssl.ok() && !have_ssl->empty() && (*have_ssl)[0][0]);
    if (have_ssl.ok() && !have_ssl->empty() && (*have_ssl)[0][0]) {
      EXPECT_EQ(*(*have_ssl)[0][0], cert_name.empty() ? "DISABLED" : "YES") << "certificate " << cert_name;
    }
    return std::move(*server);
  }

  // source.tls as a YAML line: mode, then "ca", "cert" and "key" when given (certificate names).
  static std::string TlsYaml(const std::string& mode, const std::string& ca = "", bool client_cert = false) {
    std::string yaml = "  tls: { mode: " + mode;
    if (!ca.empty()) yaml += ", ca: " + YamlQuote(certs_->Pem(ca));
    if (client_cert) {
      yaml += ", cert: " + YamlQuote(certs_->Pem("client")) + ", key: " + YamlQuote(certs_->Key("client"));
    }
    return yaml + " }\n";
  }

  static LakefeedTaskOptions TaskOptions(const std::string& user, const std::string& tls_yaml) {
    LakefeedTaskOptions options;
    options.user = user;
    options.password = kPassword;
    options.include = {"tls_db.%"};
    options.source_yaml = tls_yaml;
    return options;
  }

  // `lakefeed check --json` as `user` with `tls_yaml`; the "source connection" check.
  static SourceConnection Check(const MariaDbSandbox& server, const std::string& user, const std::string& tls_yaml) {
    SourceConnection out{"(missing)", "", ""};
    Result<LakefeedTask> task = LakefeedTask::Create(server, TaskOptions(user, tls_yaml));
    EXPECT_TRUE(task.ok()) << task.status().ToString();
    if (!task.ok()) return out;
    Result<CommandResult> run = task->Run("check", std::chrono::minutes(2), {"--json"});
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    if (!run.ok()) return out;
    out.output = tls_yaml + run->stdout_text + run->stderr_text;
    const Json parsed = Json::parse(run->stdout_text, nullptr, false);
    EXPECT_TRUE(parsed.is_object()) << out.output;
    if (!parsed.is_object()) return out;
    for (const Json& check : parsed["checks"]) {
      if (check["name"] == "source connection") {
        out.result = check["result"].get<std::string>();
        out.detail = check["detail"].get<std::string>();
      }
    }
    return out;
  }

  static bool Has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

  static Certificates* certs_;
  static MariaDbSandbox* tls_server_;
  static MariaDbSandbox* wrong_host_server_;
  static MariaDbSandbox* plain_server_;
};

Certificates* SourceTls::certs_ = nullptr;
MariaDbSandbox* SourceTls::tls_server_ = nullptr;
MariaDbSandbox* SourceTls::wrong_host_server_ = nullptr;
MariaDbSandbox* SourceTls::plain_server_ = nullptr;

TEST_F(SourceTls, DisabledConnectsWithoutTls) {
  SourceConnection plain = Check(*tls_server_, "plain", TlsYaml("disabled"));
  EXPECT_EQ(plain.result, "pass") << plain.output;
  EXPECT_TRUE(Has(plain.detail, "without TLS")) << plain.output;
  // The server agrees: an account created REQUIRE SSL is refused, and the error says why that may be.
  SourceConnection needs_tls = Check(*tls_server_, "needs_tls", TlsYaml("disabled"));
  EXPECT_EQ(needs_tls.result, "fail") << needs_tls.output;
  EXPECT_TRUE(Has(needs_tls.detail, "error 1045")) << needs_tls.output;
  EXPECT_TRUE(Has(needs_tls.detail, "REQUIRE SSL needs a source.tls.mode other than disabled")) << needs_tls.output;
}

TEST_F(SourceTls, PreferredAndRequiredUseTls) {
  for (const char* mode : {"preferred", "required"}) {
    SourceConnection connection = Check(*tls_server_, "needs_tls", TlsYaml(mode));
    EXPECT_EQ(connection.result, "pass") << connection.output;
    EXPECT_TRUE(Has(connection.detail, ", TLS ")) << connection.output;
  }
  // The default mode is preferred.
  SourceConnection by_default = Check(*tls_server_, "needs_tls", "");
  EXPECT_EQ(by_default.result, "pass") << by_default.output;
}

TEST_F(SourceTls, PreferredFallsBackAndRequiredRefusesAServerWithoutTls) {
  SourceConnection preferred = Check(*plain_server_, "plain", TlsYaml("preferred"));
  EXPECT_EQ(preferred.result, "pass") << preferred.output;
  EXPECT_TRUE(Has(preferred.detail, "without TLS")) << preferred.output;
  for (const char* mode : {"required", "verify-ca", "verify-identity"}) {
    SourceConnection refused = Check(*plain_server_, "plain", TlsYaml(mode, mode[0] == 'v' ? "ca" : ""));
    EXPECT_EQ(refused.result, "fail") << refused.output;
    EXPECT_TRUE(Has(refused.detail, "TLS")) << refused.output;
  }
}

TEST_F(SourceTls, VerifyCaChecksTheChainNotTheName) {
  SourceConnection right_ca = Check(*tls_server_, "needs_tls", TlsYaml("verify-ca", "ca"));
  EXPECT_EQ(right_ca.result, "pass") << right_ca.output;
  EXPECT_TRUE(Has(right_ca.detail, ", TLS ")) << right_ca.output;

  SourceConnection unknown_ca = Check(*tls_server_, "plain", TlsYaml("verify-ca", "other-ca"));
  EXPECT_EQ(unknown_ca.result, "fail") << unknown_ca.output;
  EXPECT_TRUE(Has(unknown_ca.detail, "error 2026")) << unknown_ca.output;
  EXPECT_TRUE(Has(unknown_ca.detail, "tls mode verify-ca: the server certificate was not verified against the CA in "
                                     "source.tls.ca (" + certs_->Pem("other-ca") + ")"))
      << unknown_ca.output;

  // The certificate for "wrong.example" chains to the CA; verify-ca does not look at the name.
  SourceConnection wrong_name = Check(*wrong_host_server_, "needs_tls", TlsYaml("verify-ca", "ca"));
  EXPECT_EQ(wrong_name.result, "pass") << wrong_name.output;
}

TEST_F(SourceTls, VerifyIdentityChecksTheHostName) {
  SourceConnection right_host = Check(*tls_server_, "needs_tls", TlsYaml("verify-identity", "ca"));
  EXPECT_EQ(right_host.result, "pass") << right_host.output;
  EXPECT_TRUE(Has(right_host.detail, ", TLS ")) << right_host.output;

  SourceConnection wrong_host = Check(*wrong_host_server_, "plain", TlsYaml("verify-identity", "ca"));
  EXPECT_EQ(wrong_host.result, "fail") << wrong_host.output;
  EXPECT_TRUE(Has(wrong_host.detail, "error 2026")) << wrong_host.output;
  EXPECT_TRUE(Has(wrong_host.detail, "tls mode verify-identity: the server certificate does not name the host "
                                     "'127.0.0.1'"))
      << wrong_host.output;

  SourceConnection unknown_ca = Check(*tls_server_, "plain", TlsYaml("verify-identity", "other-ca"));
  EXPECT_EQ(unknown_ca.result, "fail") << unknown_ca.output;
  EXPECT_TRUE(Has(unknown_ca.detail, "not verified against the CA in source.tls.ca")) << unknown_ca.output;
}

TEST_F(SourceTls, ClientCertificateForAnX509Account) {
  SourceConnection without = Check(*tls_server_, "needs_cert", TlsYaml("required"));
  EXPECT_EQ(without.result, "fail") << without.output;
  EXPECT_TRUE(Has(without.detail, "error 1045")) << without.output;
  EXPECT_TRUE(Has(without.detail, "REQUIRE X509, SUBJECT or ISSUER also source.tls.cert and key")) << without.output;
  for (const char* mode : {"required", "verify-ca", "verify-identity"}) {
    SourceConnection with = Check(*tls_server_, "needs_cert", TlsYaml(mode, mode[0] == 'v' ? "ca" : "", true));
    EXPECT_EQ(with.result, "pass") << with.output;
  }
}

// The whole path over verify-identity with the client certificate: a full load through `lakefeed sync`, and the
// binlog through `lakefeed binlog-dump`.
TEST_F(SourceTls, SyncAndBinlogDumpOverVerifiedTls) {
  LakefeedTaskOptions options = TaskOptions("needs_cert", TlsYaml("verify-identity", "ca", true));
  options.start = "full-load";
  Result<LakefeedTask> task = LakefeedTask::Create(*tls_server_, options);
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  Result<CommandResult> sync = task->Run("sync");
  ASSERT_TRUE(sync.ok()) << sync.status().ToString();
  ASSERT_EQ(sync->exit_code, 0) << sync->stdout_text << sync->stderr_text;
  std::string lake_text;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(task->lake_dir())) {
    if (!entry.is_regular_file() || entry.path().filename().string().rfind("LOAD", 0) != 0) continue;
    Result<std::string> text = ReadFile(entry.path().string());
    if (text.ok()) lake_text += *text;
  }
  EXPECT_TRUE(Has(lake_text, "over-tls-one") && Has(lake_text, "over-tls-two")) << lake_text;

  ASSERT_TRUE(tls_server_->Query("INSERT INTO tls_db.t VALUES (3, 'streamed-over-tls')").ok());
  Result<std::vector<DumpRow>> rows = RunBinlogDump(
      {"--host", "127.0.0.1", "--port", std::to_string(tls_server_->port()), "--user", "needs_cert", "--password",
       kPassword, "--tls-mode", "verify-identity", "--tls-ca", certs_->Pem("ca"), "--tls-cert", certs_->Pem("client"),
       "--tls-key", certs_->Key("client"), "--table", "tls_db.t"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  bool found = false;
  for (const DumpRow& row : *rows) found = found || Has(row.line, "streamed-over-tls");
  EXPECT_TRUE(found) << rows->size() << " rows";
}

TEST_F(SourceTls, AuthenticationPlugins) {
  Result<std::vector<Row>> plugins = tls_server_->QueryRows(
      "SELECT user, JSON_VALUE(priv, '$.plugin') FROM mysql.global_priv WHERE user IN ('plain', 'edwards') AND "
      "host = '127.0.0.1' ORDER BY user");
  ASSERT_TRUE(plugins.ok()) << plugins.status().ToString();
  ASSERT_EQ(plugins->size(), 2u);
  EXPECT_EQ((*plugins)[0][1].value_or(""), "ed25519");
  EXPECT_EQ((*plugins)[1][1].value_or(""), "mysql_native_password");
  for (const char* mode : {"disabled", "required"}) {
    for (const char* user : {"plain", "edwards"}) {
      SourceConnection connection = Check(*tls_server_, user, TlsYaml(mode));
      EXPECT_EQ(connection.result, "pass") << user << " " << mode << "\n" << connection.output;
    }
  }
  // A wrong ed25519 password is refused as any wrong password is.
  Result<LakefeedTask> task = LakefeedTask::Create(*tls_server_, TaskOptions("edwards", TlsYaml("required")));
  ASSERT_TRUE(task.ok());
  ASSERT_TRUE(WriteFile(task->password_path(), "not-the-password").ok());
  Result<CommandResult> run = task->Run("check", std::chrono::minutes(2), {"--json"});
  ASSERT_TRUE(run.ok());
  EXPECT_TRUE(Has(run->stdout_text, "error 1045")) << run->stdout_text << run->stderr_text;
}

}  // namespace
}  // namespace cdc::harness
