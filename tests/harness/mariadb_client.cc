#include "harness/mariadb_client.h"

#include <mysql.h>

#include <string>

namespace cdc::harness {
namespace {

std::string Shorten(std::string_view sql) {
  constexpr size_t kMax = 300;
  if (sql.size() <= kMax) return std::string(sql);
  return std::string(sql.substr(0, kMax)) + "...";
}

}  // namespace

Result<std::unique_ptr<MariaDbClient>> MariaDbClient::Connect(const ConnectOptions& options) {
  MYSQL* mysql = mysql_init(nullptr);
  if (mysql == nullptr) return Status::IOError("mysql_init failed");
  unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_optionsv(mysql, MYSQL_OPT_PROTOCOL, &protocol);
  unsigned timeout = 10;
  mysql_optionsv(mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(mysql, MYSQL_SET_CHARSET_NAME, options.charset.c_str());
  const char* db = options.database.empty() ? nullptr : options.database.c_str();
  if (mysql_real_connect(mysql, options.host.c_str(), options.user.c_str(), options.password.c_str(), db,
                         options.port, nullptr, CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS) == nullptr) {
    unsigned err = mysql_errno(mysql);
    std::string message = "connect to " + options.host + ":" + std::to_string(options.port) + " as " +
                          options.user;
    std::string detail = std::to_string(err) + " " + mysql_error(mysql);
    mysql_close(mysql);
    // 1045 access denied, 1044 no database access: the caller's mistake; the rest: server not there (yet).
    if (err == 1045 || err == 1044 || err == 1049) return Status::InvalidArgument(message, detail);
    return Status::Unavailable(message, detail);
  }
  return std::unique_ptr<MariaDbClient>(new MariaDbClient(mysql));
}

MariaDbClient::~MariaDbClient() {
  if (mysql_ != nullptr) mysql_close(mysql_);
}

Status MariaDbClient::Error(std::string_view sql) {
  last_errno_ = mysql_errno(mysql_);
  return Status::IOError("query failed: " + Shorten(sql),
                         "error " + std::to_string(last_errno_) + ": " + mysql_error(mysql_));
}

Status MariaDbClient::Query(std::string_view sql) {
  Result<QueryResult> r = QueryTable(sql);
  return r.ok() ? Status::OK() : r.status();
}

Result<std::vector<Row>> MariaDbClient::QueryRows(std::string_view sql) {
  CDC_ASSIGN_OR_RETURN(QueryResult result, QueryTable(sql));
  return std::move(result.rows);
}

Result<QueryResult> MariaDbClient::QueryTable(std::string_view sql) {
  last_errno_ = 0;
  if (mysql_real_query(mysql_, sql.data(), static_cast<unsigned long>(sql.size())) != 0) return Error(sql);
  QueryResult out;
  // Drain every result of a multi-statement text; keep the last result set.
  while (true) {
    MYSQL_RES* res = mysql_store_result(mysql_);
    if (res != nullptr) {
      QueryResult current;
      unsigned fields = mysql_num_fields(res);
      MYSQL_FIELD* field_info = mysql_fetch_fields(res);
      for (unsigned field_idx = 0; field_idx < fields; ++field_idx) {
        current.column_names.emplace_back(field_info[field_idx].name);
      }
      while (MYSQL_ROW row = mysql_fetch_row(res)) {
        unsigned long* lengths = mysql_fetch_lengths(res);
        Row cells;
        cells.reserve(fields);
        for (unsigned field_idx = 0; field_idx < fields; ++field_idx) {
          if (row[field_idx] == nullptr) {
            cells.emplace_back(std::nullopt);
          } else {
            cells.emplace_back(std::string(row[field_idx], lengths[field_idx]));
          }
        }
        current.rows.push_back(std::move(cells));
      }
      mysql_free_result(res);
      out = std::move(current);
    } else if (mysql_field_count(mysql_) != 0) {
      return Error(sql);
    }
    int next = mysql_next_result(mysql_);
    if (next == -1) break;
    if (next > 0) return Error(sql);
  }
  return out;
}

Result<Cell> MariaDbClient::QueryValue(std::string_view sql) {
  CDC_ASSIGN_OR_RETURN(std::vector<Row> rows, QueryRows(sql));
  if (rows.empty() || rows[0].empty()) return Status::NotFound("no row: " + Shorten(sql));
  return rows[0][0];
}

std::string SqlQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    switch (c) {
      case '\'': out += "\\'"; break;
      case '\\': out += "\\\\"; break;
      case '\0': out += "\\0"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\x1a': out += "\\Z"; break;
      default: out += c;
    }
  }
  out += "'";
  return out;
}

}  // namespace cdc::harness
