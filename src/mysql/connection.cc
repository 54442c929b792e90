#include "mysql/connection.h"

#include <mysql.h>
#include <errmsg.h>

#include <sys/socket.h>

#include <cstdlib>
#include <mutex>
#include <string>

namespace cdc::mysql {

namespace {

// Server error numbers (MySQL include/mysqld_error.h, MariaDB include/mysqld_error.h; the same
// numbers in both unless noted).
constexpr unsigned int kErConCountError = 1040;
constexpr unsigned int kErDbAccessDenied = 1044;
constexpr unsigned int kErAccessDenied = 1045;
constexpr unsigned int kErBadDb = 1049;
constexpr unsigned int kErServerShutdown = 1053;
constexpr unsigned int kErHostNotPrivileged = 1130;
constexpr unsigned int kErPasswordNotAllowed = 1131;
constexpr unsigned int kErTableAccessDenied = 1142;
constexpr unsigned int kErColumnAccessDenied = 1143;
constexpr unsigned int kErNoSuchTable = 1146;
constexpr unsigned int kErUnknownSystemVariable = 1193;
constexpr unsigned int kErTooManyUserConnections = 1203;
constexpr unsigned int kErLockWaitTimeout = 1205;
constexpr unsigned int kErLockDeadlock = 1213;
constexpr unsigned int kErSpecificAccessDenied = 1227;
constexpr unsigned int kErMasterFatalReadingBinlog = 1236;
constexpr unsigned int kErQueryInterrupted = 1317;
constexpr unsigned int kErMustChangePassword = 1820;
constexpr unsigned int kErMasterHasPurgedRequiredGtids = 1789;  // MySQL
constexpr unsigned int kErConnectionKilled = 1927;              // MariaDB
constexpr unsigned int kErClientInteractionTimeout = 4031;      // MySQL 8.0.24+
constexpr unsigned int kErSlaveSameId = 4052;                   // MariaDB: ER_SLAVE_SAME_ID
constexpr unsigned int kErAccountLocked = 3118;                 // MySQL; MariaDB uses 4151
constexpr unsigned int kErMariaAccountLocked = 4151;

constexpr std::string_view kSameServerIdHint =
    "another replica (a second lakefeed task, or a server) connected to the source with the same server_id, and "
    "the source dropped this connection for it; give every lakefeed task and replica its own source.server_id";

constexpr std::string_view kGrantHint =
    "lakefeed needs a user with REPLICATION SLAVE, REPLICATION CLIENT (BINLOG MONITOR on MariaDB) and "
    "SELECT; check the user, password and host in the source settings";

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Connector/C must be initialised once per process before threads use it.
void InitLibraryOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mysql_library_init(0, nullptr, nullptr); });
}

// Parses the leading "major.minor.patch" of a version string.
uint32_t ParseVersionNumber(std::string_view version) {
  uint32_t parts[3] = {0, 0, 0};
  size_t part = 0;
  for (char c : version) {
    if (c >= '0' && c <= '9') {
      parts[part] = parts[part] * 10 + static_cast<uint32_t>(c - '0');
    } else if (c == '.' && part < 2) {
      ++part;
    } else {
      break;
    }
  }
  return parts[0] * 10000 + parts[1] * 100 + parts[2];
}

}  // namespace

std::string_view ToString(TlsMode mode) {
  switch (mode) {
    case TlsMode::kDisabled:
      return "disabled";
    case TlsMode::kPreferred:
      return "preferred";
    case TlsMode::kRequired:
      return "required";
    case TlsMode::kVerifyCa:
      return "verify-ca";
    case TlsMode::kVerifyIdentity:
      return "verify-identity";
  }
  return "?";
}

Result<TlsMode> ParseTlsMode(std::string_view text) {
  std::string normalized(text);
  for (char& c : normalized) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (TlsMode mode : {TlsMode::kDisabled, TlsMode::kPreferred, TlsMode::kRequired, TlsMode::kVerifyCa,
                       TlsMode::kVerifyIdentity}) {
    if (normalized == ToString(mode)) return mode;
  }
  return Status::InvalidArgument("tls mode",
                                 "'" + std::string(text) +
                                     "' is not one of disabled, preferred, required, verify-ca, verify-identity");
}

std::string_view ToString(ServerFlavor flavor) {
  switch (flavor) {
    case ServerFlavor::kMySql:
      return "MySQL";
    case ServerFlavor::kMariaDb:
      return "MariaDB";
  }
  return "?";
}

int QueryResult::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < column_names.size(); ++i) {
    if (column_names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Status StatusFromMysqlError(unsigned int error_number, std::string_view message, std::string_view context) {
  std::string detail = "error " + std::to_string(error_number) + ": " + std::string(message);
  switch (error_number) {
    // Client side: the server is unreachable or the connection broke. Retry.
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_IPSOCK_ERROR:
    case CR_UNKNOWN_HOST:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_SERVER_LOST_EXTENDED:
    case CR_SERVER_HANDSHAKE_ERR:
    case CR_TCP_CONNECTION:
    case CR_ERR_NET_READ:
    case CR_ERR_NET_WRITE:
    // Server side: it is going away, overloaded, or the statement lost a race.
    case kErConCountError:
    case kErServerShutdown:
    case kErTooManyUserConnections:
    case kErLockWaitTimeout:
    case kErLockDeadlock:
    case kErQueryInterrupted:
    case kErConnectionKilled:
    case kErClientInteractionTimeout:
      return Status::Unavailable(context, detail);

    case kErAccessDenied:
    case kErDbAccessDenied:
    case kErHostNotPrivileged:
    case kErPasswordNotAllowed:
    case kErTableAccessDenied:
    case kErColumnAccessDenied:
    case kErSpecificAccessDenied:
    case kErMustChangePassword:
    case kErAccountLocked:
    case kErMariaAccountLocked:
      return Status::InvalidArgument(context, detail + " (hint: " + std::string(kGrantHint) + ")");

    case CR_SSL_CONNECTION_ERROR:
      return Status::InvalidArgument(
          context, detail + " (hint: check source.tls.mode, ca, cert and key, and that the server has TLS enabled)");

    case kErBadDb:
    case kErNoSuchTable:
    case kErUnknownSystemVariable:
      return Status::NotFound(context, detail);

    // Retrying would take the id back and drop the other replica in turn, each reconnect undoing the other's.
    case kErSlaveSameId:
      return Status::InvalidArgument(context, detail + " (hint: " + std::string(kSameServerIdHint) + ")");

    case kErMasterHasPurgedRequiredGtids:
      return Status::NotFound(context, detail + " (hint: the start position was purged from the server's binlogs)");

    case kErMasterFatalReadingBinlog:
      // The dump thread's catch-all. A position the server no longer has is NotFound (the caller
      // must start elsewhere); anything else (a corrupt binlog on the server, a packet over
      // max_allowed_packet) will not go away by retrying. MySQL reports a replica with the same server_id
      // this way too.
      if (Contains(message, "same server_uuid/server_id") || Contains(message, "same server_id")) {
        return Status::InvalidArgument(context, detail + " (hint: " + std::string(kSameServerIdHint) + ")");
      }
      if (Contains(message, "Could not find") || Contains(message, "could not find") ||
          Contains(message, "purged") || Contains(message, "not found") ||
          Contains(message, "has been purged")) {
        return Status::NotFound(context,
                                detail + " (hint: the start position is not in the server's binlogs; see SHOW "
                                         "BINARY LOGS)");
      }
      return Status::IOError(context, detail);

    default:
      return Status::IOError(context, detail);
  }
}

std::string TlsFailureHint(const ConnectionOptions& options, std::string_view message) {
  const std::string mode = "tls mode " + std::string(ToString(options.tls_mode));
  // Connector/C 3.3 reports a host-name mismatch with this text (after the chain was accepted), and
  // a chain failure with OpenSSL's reason ("self-signed certificate in certificate chain", "unable to
  // get local issuer certificate", "certificate has expired", ...).
  if (options.tls_mode == TlsMode::kVerifyIdentity && Contains(message, "Validation of SSL server certificate")) {
    return mode + ": the server certificate does not name the host '" + options.host +
           "' (neither its subjectAltName DNS/IP entries nor its CN); connect by a name the certificate carries "
           "or use verify-ca";
  }
  if ((options.tls_mode == TlsMode::kVerifyCa || options.tls_mode == TlsMode::kVerifyIdentity) &&
      (Contains(message, "certificate") || Contains(message, "verify"))) {
    return mode + ": the server certificate was not verified against the CA in source.tls.ca (" + options.tls_ca +
           "): it must be signed by that CA and valid now";
  }
  if (!options.tls_cert.empty() && (Contains(message, "key") || Contains(message, "certificate"))) {
    return mode + ": check the client certificate " + options.tls_cert + " and key " + options.tls_key +
           " (PEM files, readable, matching)";
  }
  return mode + ": check source.tls.mode, ca, cert and key, and that the server has TLS enabled";
}

Connection::Connection(MYSQL* mysql, ConnectionOptions options) : mysql_(mysql), options_(std::move(options)) {
  const char* cipher = mysql_get_ssl_cipher(mysql_);
  tls_cipher_ = cipher == nullptr ? "" : cipher;
  const char* info = mysql_get_server_info(mysql_);
  server_version_ = info == nullptr ? "" : info;
  // MariaDB 10.x+ servers announce "5.5.5-10.x.y-MariaDB" to old clients; skip the prefix.
  std::string_view version = server_version_;
  if (version.substr(0, 6) == "5.5.5-") version.remove_prefix(6);
  flavor_ = Contains(version, "MariaDB") ? ServerFlavor::kMariaDb : ServerFlavor::kMySql;
  server_version_number_ = ParseVersionNumber(version);
}

Connection::~Connection() { mysql_close(mysql_); }

std::string Connection::Endpoint() const { return options_.host + ":" + std::to_string(options_.port); }

void Connection::Abort() {
  my_socket socket = mysql_get_socket(mysql_);
  if (socket != MARIADB_INVALID_SOCKET) ::shutdown(socket, SHUT_RDWR);
}

Status Connection::LastError(std::string_view context) const {
  return StatusFromMysqlError(mysql_errno(mysql_), mysql_error(mysql_), context);
}

Result<std::unique_ptr<Connection>> Connection::Connect(const ConnectionOptions& options) {
  InitLibraryOnce();
  std::string endpoint = options.host + ":" + std::to_string(options.port);
  std::string context = "connect to " + endpoint + " as '" + options.user + "'";
  if ((options.tls_mode == TlsMode::kVerifyCa || options.tls_mode == TlsMode::kVerifyIdentity) &&
      options.tls_ca.empty()) {
    return Status::InvalidArgument(context, "tls mode " + std::string(ToString(options.tls_mode)) +
                                                " needs a CA file (source.tls.ca)");
  }

  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::InvalidArgument(context, "a TLS client certificate needs both a certificate and a key file");
  }
  if (options.tls_mode == TlsMode::kDisabled && !options.tls_cert.empty()) {
    return Status::InvalidArgument(context, "tls mode disabled cannot use a client certificate");
  }

  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) return Status::IOError(context, "mysql_init failed (out of memory)");

  unsigned int connect_timeout = options.connect_timeout_seconds;
  mysql_optionsv(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
  if (options.read_timeout_seconds != 0) {
    unsigned int read_timeout = options.read_timeout_seconds;
    mysql_optionsv(mysql, MYSQL_OPT_READ_TIMEOUT, &read_timeout);
  }
  if (options.write_timeout_seconds != 0) {
    unsigned int write_timeout = options.write_timeout_seconds;
    mysql_optionsv(mysql, MYSQL_OPT_WRITE_TIMEOUT, &write_timeout);
  }
  // Binlog events can be as large as the server's max_allowed_packet (up to 1 GiB).
  unsigned long max_packet = 1024UL * 1024 * 1024;
  mysql_optionsv(mysql, MYSQL_OPT_MAX_ALLOWED_PACKET, &max_packet);
  mysql_optionsv(mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  my_bool no = 0;
  my_bool yes = 1;
  mysql_optionsv(mysql, MYSQL_OPT_RECONNECT, &no);  // reconnecting is the caller's decision
  mysql_optionsv(mysql, MYSQL_OPT_CONNECT_ATTR_ADD, "program_name", "lakefeed");

  // Connector/C 3.3: MYSQL_OPT_SSL_ENFORCE asks for TLS; without a certificate check it falls back to
  // plain TCP when the server has no TLS, so kRequired is enforced after connecting. A CA file makes
  // OpenSSL verify the certificate chain during the handshake; MYSQL_OPT_SSL_VERIFY_SERVER_CERT adds the
  // host-name check. So verify-ca gives the CA without the flag, verify-identity both. Each mode is
  // tested against a real server in tests/integration/source_tls_test.cc.
  switch (options.tls_mode) {
    case TlsMode::kDisabled:
      mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &no);
      break;
    case TlsMode::kPreferred:
    case TlsMode::kRequired:
      mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &yes);
      mysql_optionsv(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
      break;
    case TlsMode::kVerifyCa:
      mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &yes);
      mysql_optionsv(mysql, MYSQL_OPT_SSL_CA, options.tls_ca.c_str());
      mysql_optionsv(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
      break;
    case TlsMode::kVerifyIdentity:
      mysql_optionsv(mysql, MYSQL_OPT_SSL_ENFORCE, &yes);
      mysql_optionsv(mysql, MYSQL_OPT_SSL_CA, options.tls_ca.c_str());
      mysql_optionsv(mysql, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &yes);
      break;
  }
  if (!options.tls_cert.empty()) {
    mysql_optionsv(mysql, MYSQL_OPT_SSL_CERT, options.tls_cert.c_str());
    mysql_optionsv(mysql, MYSQL_OPT_SSL_KEY, options.tls_key.c_str());
  }

  if (mysql_real_connect(mysql, options.host.c_str(), options.user.c_str(), options.password.c_str(), nullptr,
                         options.port, nullptr, 0) == nullptr) {
    const unsigned int error_number = mysql_errno(mysql);
    const std::string message = mysql_error(mysql);
    mysql_close(mysql);
    const std::string detail = "error " + std::to_string(error_number) + ": " + message;
    if (error_number == CR_SSL_CONNECTION_ERROR) {
      return Status::InvalidArgument(context, detail + " (hint: " + TlsFailureHint(options, message) + ")");
    }
    if (error_number == kErAccessDenied) {
      return Status::InvalidArgument(
          context, detail + " (hint: check the user, password and host in the source settings; an account created "
                            "REQUIRE SSL needs a source.tls.mode other than disabled, one created REQUIRE X509, "
                            "SUBJECT or ISSUER also source.tls.cert and key)");
    }
    return StatusFromMysqlError(error_number, message, context);
  }
  if (options.tls_mode != TlsMode::kDisabled && options.tls_mode != TlsMode::kPreferred &&
      mysql_get_ssl_cipher(mysql) == nullptr) {
    mysql_close(mysql);
    return Status::InvalidArgument(context, "tls mode " + std::string(ToString(options.tls_mode)) +
                                                " but the server does not offer TLS");
  }
  return std::unique_ptr<Connection>(new Connection(mysql, options));
}

Status Connection::Execute(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return LastError(sql);
  // Drain every result set so the connection is ready for the next command.
  do {
    MYSQL_RES* result = mysql_store_result(mysql_);
    if (result != nullptr) {
      mysql_free_result(result);
    } else if (mysql_field_count(mysql_) != 0) {
      return LastError(sql);
    }
  } while (mysql_next_result(mysql_) == 0);
  if (mysql_errno(mysql_) != 0) return LastError(sql);
  return Status::OK();
}

Result<QueryResult> Connection::Query(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return LastError(sql);
  QueryResult out;
  MYSQL_RES* result = mysql_store_result(mysql_);
  if (result == nullptr) {
    if (mysql_field_count(mysql_) != 0) return LastError(sql);
    return out;
  }
  unsigned int field_count = mysql_num_fields(result);
  MYSQL_FIELD* fields = mysql_fetch_fields(result);
  out.column_names.reserve(field_count);
  for (unsigned int field_idx = 0; field_idx < field_count; ++field_idx) {
    out.column_names.emplace_back(fields[field_idx].name, fields[field_idx].name_length);
  }
  out.rows.reserve(mysql_num_rows(result));
  while (MYSQL_ROW row = mysql_fetch_row(result)) {
    unsigned long* lengths = mysql_fetch_lengths(result);
    std::vector<std::optional<std::string>>& cells = out.rows.emplace_back();
    cells.reserve(field_count);
    for (unsigned int field_idx = 0; field_idx < field_count; ++field_idx) {
      if (row[field_idx] == nullptr) {
        cells.emplace_back(std::nullopt);
      } else {
        cells.emplace_back(std::string(row[field_idx], lengths[field_idx]));
      }
    }
  }
  mysql_free_result(result);
  // Further result sets (multi-statement text) are drained and ignored.
  while (mysql_next_result(mysql_) == 0) {
    MYSQL_RES* extra = mysql_store_result(mysql_);
    if (extra != nullptr) mysql_free_result(extra);
  }
  if (mysql_errno(mysql_) != 0) return LastError(sql);
  return out;
}

Result<std::optional<std::string>> Connection::QueryValue(std::string_view sql) {
  CDC_ASSIGN_OR_RETURN(QueryResult result, Query(sql));
  if (result.rows.empty() || result.rows[0].empty()) return Status::NotFound(sql, "query returned no rows");
  return std::move(result.rows[0][0]);
}

Result<std::unique_ptr<RowCursor>> Connection::OpenCursor(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) return LastError(sql);
  MYSQL_RES* result = mysql_use_result(mysql_);
  if (result == nullptr && mysql_field_count(mysql_) != 0) return LastError(sql);
  return std::unique_ptr<RowCursor>(new RowCursor(this, result, std::string(sql)));
}

RowCursor::RowCursor(Connection* connection, MYSQL_RES* result, std::string context)
    : connection_(connection), result_(result), context_(std::move(context)) {
  if (result_ != nullptr) column_count_ = mysql_num_fields(result_);
  done_ = result_ == nullptr;
}

RowCursor::~RowCursor() {
  // mysql_free_result on an unbuffered result reads and discards the rows not yet fetched.
  if (result_ != nullptr) mysql_free_result(result_);
}

Result<bool> RowCursor::Next(TextRow* row) {
  if (done_) return false;
  MYSQL_ROW values = mysql_fetch_row(result_);
  if (values == nullptr) {
    done_ = true;
    // The end of the rows, or an error while reading them (mysql_fetch_row returns NULL for both).
    if (mysql_errno(connection_->handle()) != 0) return connection_->LastError(context_);
    return false;
  }
  row->values = values;
  row->lengths = mysql_fetch_lengths(result_);
  row->count = column_count_;
  ++rows_read_;
  return true;
}

std::string Connection::Escape(std::string_view text) const {
  std::string out(text.size() * 2 + 1, '\0');
  unsigned long length = mysql_real_escape_string(mysql_, out.data(), text.data(), text.size());
  out.resize(length);
  return out;
}

std::string Connection::Quote(std::string_view text) const { return "'" + Escape(text) + "'"; }

}  // namespace cdc::mysql
