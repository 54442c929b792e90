#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"

typedef struct st_mysql MYSQL;

namespace cdc::harness {

// One cell of a result: nullopt is SQL NULL; otherwise the bytes the server sent in text protocol
// (binary-safe: may contain NUL bytes).
using Cell = std::optional<std::string>;
using Row = std::vector<Cell>;

struct QueryResult {
  std::vector<std::string> column_names;
  std::vector<Row> rows;
};

struct ConnectOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 3306;
  std::string user = "root";
  std::string password;
  std::string database;         // empty: none
  std::string charset = "utf8mb4";  // connection character set: results come back as UTF-8
};

// A blocking Connector/C (libmariadb) connection for tests: run statements and read text results.
// Not thread-safe; one object per thread. Multi-statement text is allowed (all results are drained).
class MariaDbClient {
 public:
  // Connects over TCP. Unavailable when the server does not answer, InvalidArgument on auth errors.
  static Result<std::unique_ptr<MariaDbClient>> Connect(const ConnectOptions& options);

  ~MariaDbClient();
  MariaDbClient(const MariaDbClient&) = delete;
  MariaDbClient& operator=(const MariaDbClient&) = delete;

  // Runs one or more statements and discards any result sets. The error names the statement and
  // carries the server's error number and message.
  Status Query(std::string_view sql);
  // Runs a statement and returns the rows of its (last) result set; NULL cells are nullopt.
  Result<std::vector<Row>> QueryRows(std::string_view sql);
  // Like QueryRows, with column names.
  Result<QueryResult> QueryTable(std::string_view sql);
  // The single value of a one-row, one-column result; NotFound when there is no row.
  Result<Cell> QueryValue(std::string_view sql);

  // The server's error number of the last failed statement (0 when none).
  unsigned last_errno() const { return last_errno_; }
  MYSQL* handle() { return mysql_; }

 private:
  explicit MariaDbClient(MYSQL* mysql) : mysql_(mysql) {}
  Status Error(std::string_view sql);

  MYSQL* mysql_ = nullptr;
  unsigned last_errno_ = 0;
};

// Quotes a string as an SQL literal ('...' with ', \, NUL, newline escaped) -- for test data only.
std::string SqlQuote(std::string_view text);

}  // namespace cdc::harness
