#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

// Connector/C's handle; only connection.cc and binlog_stream.cc see its definition.
struct st_mysql;
struct st_mysql_res;

namespace cdc::mysql {

// How the client uses TLS (the `source.tls.mode` setting; the same names as the mysql client's
// --ssl-mode, lower case with dashes).
enum class TlsMode : uint8_t {
  kDisabled,        // plain TCP
  kPreferred,       // TLS when the server offers it, without certificate checks
  kRequired,        // TLS or fail, without certificate checks
  kVerifyCa,        // TLS, the server certificate must chain to `tls_ca`; its names are not checked
  kVerifyIdentity,  // kVerifyCa and the certificate must name the host (subjectAltName DNS/IP, else CN)
};
std::string_view ToString(TlsMode mode);
// Parses "disabled", "preferred", "required", "verify-ca" or "verify-identity" (also with '_').
// InvalidArgument for anything else.
Result<TlsMode> ParseTlsMode(std::string_view text);

// Everything needed to open a connection. The password is never logged or put into a Status.
struct ConnectionOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 3306;
  std::string user;
  std::string password;
  TlsMode tls_mode = TlsMode::kPreferred;
  std::string tls_ca;  // PEM file; required by kVerifyCa / kVerifyIdentity
  // PEM client certificate and its key, for accounts created REQUIRE X509 / SUBJECT / ISSUER. Both or
  // neither; not with kDisabled.
  std::string tls_cert;
  std::string tls_key;
  uint32_t connect_timeout_seconds = 10;
  // Seconds a read may block before the connection counts as lost (Unavailable); 0 = no limit.
  // A binlog follower sets it above the heartbeat period.
  uint32_t read_timeout_seconds = 0;
  uint32_t write_timeout_seconds = 60;
};

enum class ServerFlavor : uint8_t { kMySql, kMariaDb };
std::string_view ToString(ServerFlavor flavor);

// One result set, fully read. A cell is std::nullopt for SQL NULL, so NULL and '' differ.
struct QueryResult {
  std::vector<std::string> column_names;
  std::vector<std::vector<std::optional<std::string>>> rows;

  size_t row_count() const { return rows.size(); }
  // Index of the column named `name` (exact match), or -1.
  int ColumnIndex(std::string_view name) const;
};

// One row of a text-protocol result: cell i is `values[i]` with `lengths[i]` bytes, or NULL when values[i] is
// null. Borrowed from the RowCursor that produced it: valid until its next Next() call or its destruction.
struct TextRow {
  const char* const* values = nullptr;
  const unsigned long* lengths = nullptr;
  uint32_t count = 0;

  // i < count.
  bool is_null(uint32_t i) const { return values[i] == nullptr; }
  // The bytes of cell i (i < count); empty for NULL.
  std::string_view cell(uint32_t i) const {
    return values[i] == nullptr ? std::string_view() : std::string_view(values[i], lengths[i]);
  }
};

class Connection;

// A result set read row by row (mysql_use_result): memory stays at one row whatever the result's size.
//
// Borrows the Connection: no other statement may run on it until the cursor is destroyed. Destroying
// the cursor before the end drains the rest of the result (Connector/C reads and discards it), so the
// connection stays usable. Not thread-safe.
class RowCursor {
 public:
  ~RowCursor();
  RowCursor(const RowCursor&) = delete;
  RowCursor& operator=(const RowCursor&) = delete;

  // Reads the next row into *row (valid until the next call). Returns false at the end of the result,
  // and false forever after. Errors as StatusFromMysqlError: a connection lost mid-result is
  // Unavailable, a statement killed on the server is Unavailable.
  Result<bool> Next(TextRow* row);
  // Columns of the result.
  uint32_t column_count() const { return column_count_; }
  // Rows returned so far.
  uint64_t rows_read() const { return rows_read_; }

 private:
  friend class Connection;
  RowCursor(Connection* connection, st_mysql_res* result, std::string context);

  Connection* connection_;
  st_mysql_res* result_;  // null for a statement without a result set
  std::string context_;   // the statement (for errors)
  uint32_t column_count_ = 0;
  uint64_t rows_read_ = 0;
  bool done_ = false;
};

// Maps a server or client error number and its message to a Status whose code says how to react:
// lost or refused connections, server shutdown, deadlocks and killed queries -> Unavailable
// (retry); access denied -> InvalidArgument with a hint about the grants lakefeed needs; unknown
// database/table/variable -> NotFound; a binlog position the server no longer has -> NotFound;
// anything else -> IOError. `context` says what was being done ("connect to 127.0.0.1:3306").
Status StatusFromMysqlError(unsigned int error_number, std::string_view message, std::string_view context);

// What to do about a TLS failure at connect (Connector/C error 2026 with `message`), in the terms of
// `options`' mode: a server certificate that does not chain to source.tls.ca, one that does not name the
// host (verify-identity), a server without TLS, unusable client files. Never empty.
std::string TlsFailureHint(const ConnectionOptions& options, std::string_view message);

// A client connection to a MySQL or MariaDB server (MariaDB Connector/C underneath).
//
// Thread-safety: not thread-safe; use one Connection per thread. Lifetime: owns the Connector/C
// handle and closes it on destruction. A BinlogStream borrows the connection: while it streams,
// the connection cannot run queries.
class Connection {
 public:
  // Connects and authenticates, then sets the session character set to utf8mb4. Returns
  // Unavailable when the server cannot be reached (retryable), InvalidArgument when the
  // credentials or TLS settings are rejected (with a hint, TlsFailureHint for TLS), other codes per
  // StatusFromMysqlError.
  static Result<std::unique_ptr<Connection>> Connect(const ConnectionOptions& options);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs a statement and discards any result rows. Errors as StatusFromMysqlError.
  Status Execute(std::string_view sql);
  // Runs a query and reads its whole result set. A statement without a result set gives an empty
  // QueryResult. Errors as StatusFromMysqlError.
  Result<QueryResult> Query(std::string_view sql);
  // The first column of the first row: std::nullopt when that cell is NULL; NotFound when the
  // query returns no rows.
  Result<std::optional<std::string>> QueryValue(std::string_view sql);

  // Runs a query and returns a cursor that reads its result row by row (mysql_use_result). The cursor
  // borrows this connection (see RowCursor). A statement without a result set gives a cursor with no
  // rows. Errors as StatusFromMysqlError (a lost connection is Unavailable).
  Result<std::unique_ptr<RowCursor>> OpenCursor(std::string_view sql);

  // `text` escaped for use inside a single-quoted SQL string literal on this connection
  // (mysql_real_escape_string: quotes, backslashes, NUL, newlines), without the quotes.
  std::string Escape(std::string_view text) const;
  // `text` as a complete single-quoted SQL string literal.
  std::string Quote(std::string_view text) const;

  // As reported by the server at the handshake, e.g. "10.11.19-MariaDB-0+deb12u1-log" or "8.0.36".
  const std::string& server_version() const { return server_version_; }
  ServerFlavor flavor() const { return flavor_; }
  bool is_mariadb() const { return flavor_ == ServerFlavor::kMariaDb; }
  // major * 10000 + minor * 100 + patch, e.g. 101119 or 80036.
  uint32_t server_version_number() const { return server_version_number_; }
  const ConnectionOptions& options() const { return options_; }
  // The TLS cipher of the connection (e.g. "TLS_AES_256_GCM_SHA384"), or "" for plain TCP.
  const std::string& tls_cipher() const { return tls_cipher_; }
  // "host:port", for messages.
  std::string Endpoint() const;

  // The last error of the handle as a Status (StatusFromMysqlError) with `context`.
  Status LastError(std::string_view context) const;

  // Shuts the connection's socket down, so that a read blocked in another thread, and the draining
  // of an unread result, fail at once (Unavailable). The connection is unusable afterwards. Safe to
  // call from any thread while the connection lives.
  void Abort();

  // The Connector/C handle, for BinlogStream. Never null while the Connection lives.
  st_mysql* handle() const { return mysql_; }

 private:
  Connection(st_mysql* mysql, ConnectionOptions options);

  st_mysql* mysql_;
  ConnectionOptions options_;
  std::string server_version_;
  ServerFlavor flavor_ = ServerFlavor::kMySql;
  uint32_t server_version_number_ = 0;
  std::string tls_cipher_;
};

}  // namespace cdc::mysql
