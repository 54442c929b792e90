#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cdc::harness {

// A parser for the row output of `mariadb-binlog --base64-output=decode-rows -vv` (MariaDB 10.11), the
// second oracle of the decoder tests. The format is described in
// ../shared/testdata/binlog/MARIADB-BINLOG-FORMAT.md (from MariaDB sql/log_event_client.cc:
// log_event_print_value, print_verbose_one_row, my_b_write_quoted, my_b_write_bit); this parser follows
// exactly those rules and nothing else.
//
// mariadb-binlog prints the headers of all rows events of one statement (up to the event with
// STMT_END_F) first and then all their rows, followed by "# Number of rows: N". So a row cannot be tied
// to one event; each row carries the end_log_pos values of its statement's rows events instead.

// One `###   @N=VALUE /* TYPESTR meta=M nullable=X is_null=Y */` line.
struct VerboseValue {
  enum class Kind {
    kNull,     // NULL
    kNumber,   // an unquoted number: integers (optionally "-1 (255)"), DECIMAL, FLOAT, DOUBLE, YEAR,
               // TIMESTAMP epoch seconds ("981184830.123"), ENUM index
    kQuoted,   // '...': strings, binary, temporals other than TIMESTAMP
    kBits,     // b'0101': BIT and SET
  };

  uint32_t column = 0;    // N of @N, 1-based
  Kind kind = Kind::kNull;
  std::string printed;    // the value exactly as printed, without the -vv comment and padding spaces
  // kNumber: the signed number as printed; kQuoted: the text between the quotes, still escaped;
  // kBits: the digits between b' and '.
  std::string text;
  std::optional<std::string> unsigned_text;  // kNumber: the "(…)" part of "-1 (255)"
  // From the -vv comment (empty/0 when the output was made with -v only).
  std::string type;       // e.g. "INT", "VARSTRING(1020)", "ENUM(1 byte)", "TIMESTAMP(6)"
  uint32_t meta = 0;
  bool nullable = false;
};

struct VerboseRow {
  enum class Op { kInsert, kUpdate, kDelete };

  Op op = Op::kInsert;
  std::string schema;
  std::string table;
  std::vector<VerboseValue> before;  // UPDATE WHERE / DELETE WHERE
  std::vector<VerboseValue> after;   // INSERT SET / UPDATE SET
  // end_log_pos of every rows event of the statement that printed this row, in file order.
  std::vector<uint64_t> statement_event_ends;
  size_t line = 0;  // 1-based line of the row's "### INSERT/UPDATE/DELETE" line, for messages
};

char OpLetter(VerboseRow::Op op);  // 'I', 'U', 'D'

// Parses every row of the output, in order. Corruption (with the line number) when a `###` line does not
// follow the rules, or when a statement's "# Number of rows: N" disagrees with the rows printed.
Result<std::vector<VerboseRow>> ParseMariaDbBinlogVerbose(std::string_view output);

// Runs `mariadb-binlog --no-defaults --base64-output=decode-rows -vv` on each binlog file and parses its
// rows. Returns the rows by the file's base name; IOError (naming the file) when the tool fails or its
// output does not parse.
Result<std::map<std::string, std::vector<VerboseRow>>> DecodeWithMariaDbBinlog(const std::vector<std::string>& paths);

// Parses one `###   @N=...` line (without the leading "###   "). Corruption when malformed.
Result<VerboseValue> ParseVerboseValue(std::string_view line);

// Undoes my_b_write_quoted: `\xNN` becomes the byte NN, every other byte stands for itself. (Ambiguous
// by design of the format: a raw "\x41" in the data reads back as "A". Comparisons should prefer
// QuoteLikeMariaDbBinlog on the other side.)
std::string UnquoteMariaDbBinlog(std::string_view text);
// Quotes bytes the way my_b_write_quoted does, without the surrounding quotes: bytes 0x00-0x1F as
// `\xNN` (lower-case hex), every other byte raw.
std::string QuoteLikeMariaDbBinlog(std::string_view bytes);

}  // namespace cdc::harness
