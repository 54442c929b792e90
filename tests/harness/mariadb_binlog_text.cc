#include "harness/mariadb_binlog_text.h"

#include "harness/process.h"

#include <cctype>
#include <charconv>

namespace cdc::harness {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool IsNumberText(std::string_view s) {
  // -?digits[.digits][e[+-]digits], also "inf"/"nan" as printed by %g.
  if (s == "inf" || s == "-inf" || s == "nan" || s == "-nan") return true;
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// "`db`.`tbl`" (possibly followed by " VALUES ()") -> schema, table. Back-ticks inside names are
// doubled by the printer.
bool ParseQualifiedName(std::string_view s, std::string* schema, std::string* table, std::string_view* rest) {
  auto read_quoted = [](std::string_view& in, std::string* out) {
    if (in.empty() || in[0] != '`') return false;
    out->clear();
    size_t i = 1;
    while (i < in.size()) {
      if (in[i] == '`') {
        if (i + 1 < in.size() && in[i + 1] == '`') {
          *out += '`';
          i += 2;
          continue;
        }
        in.remove_prefix(i + 1);
        return true;
      }
      *out += in[i++];
    }
    return false;
  };
  if (!read_quoted(s, schema)) return false;
  if (s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!read_quoted(s, table)) return false;
  *rest = s;
  return true;
}

Status LineError(size_t line_no, std::string_view what, std::string_view line) {
  return Status::Corruption("mariadb-binlog output line " + std::to_string(line_no) + ": " + std::string(what),
                            std::string(line.substr(0, 200)));
}

}  // namespace

char OpLetter(VerboseRow::Op op) {
  switch (op) {
    case VerboseRow::Op::kInsert: return 'I';
    case VerboseRow::Op::kUpdate: return 'U';
    case VerboseRow::Op::kDelete: return 'D';
  }
  return '?';
}

std::string UnquoteMariaDbBinlog(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x' && hex(text[i + 2]) >= 0 &&
        hex(text[i + 3]) >= 0) {
      int byte = hex(text[i + 2]) * 16 + hex(text[i + 3]);
      if (byte <= 0x1f) {  // only these are ever escaped
        out += static_cast<char>(byte);
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string QuoteLikeMariaDbBinlog(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    auto byte = static_cast<unsigned char>(c);
    if (byte > 0x1f) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

Result<VerboseValue> ParseVerboseValue(std::string_view line) {
  VerboseValue value;
  line = TrimRight(line);
  if (!StartsWith(line, "@")) return Status::Corruption("value line does not start with @N=", line);
  size_t eq = line.find('=');
  if (eq == std::string_view::npos) return Status::Corruption("value line has no '='", line);
  uint64_t column = 0;
  if (!ParseU64(line.substr(1, eq - 1), &column) || column == 0) {
    return Status::Corruption("bad column number", line);
  }
  value.column = static_cast<uint32_t>(column);
  std::string_view rest = line.substr(eq + 1);

  // The -vv comment is the last " /* ... */" of the line; a value never ends in "*/" inside it because
  // the comment always follows.
  if (EndsWith(rest, " */")) {
    size_t open = rest.rfind(" /* ");
    if (open == std::string_view::npos) return Status::Corruption("unterminated -vv comment", line);
    std::string_view comment = rest.substr(open + 4, rest.size() - open - 4 - 3);
    rest = rest.substr(0, open);
    size_t meta_at = comment.rfind(" meta=");
    if (meta_at == std::string_view::npos) return Status::Corruption("-vv comment without meta=", line);
    value.type = std::string(comment.substr(0, meta_at));
    std::string_view fields = comment.substr(meta_at + 1);
    // "meta=M nullable=X is_null=Y"
    uint64_t meta = 0;
    size_t sp1 = fields.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : fields.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || !StartsWith(fields, "meta=") ||
        !ParseU64(fields.substr(5, sp1 - 5), &meta) || !StartsWith(fields.substr(sp1 + 1), "nullable=") ||
        !StartsWith(fields.substr(sp2 + 1), "is_null=")) {
      return Status::Corruption("malformed -vv comment", line);
    }
    value.meta = static_cast<uint32_t>(meta);
    value.nullable = fields.substr(sp1 + 1 + 9, sp2 - sp1 - 1 - 9) == "1";
    bool is_null = fields.substr(sp2 + 1 + 8) == "1";
    std::string_view printed = TrimRight(rest);  // FLOAT is printed %-20g: padded with spaces
    if (is_null != (printed == "NULL")) return Status::Corruption("is_null disagrees with the value", line);
  }
  rest = TrimRight(rest);
  value.printed = std::string(rest);

  if (rest == "NULL") {
    value.kind = VerboseValue::Kind::kNull;
  } else if (StartsWith(rest, "b'")) {
    if (rest.size() < 3 || rest.back() != '\'') return Status::Corruption("unterminated bit string", line);
    value.kind = VerboseValue::Kind::kBits;
    value.text = std::string(rest.substr(2, rest.size() - 3));
    for (char c : value.text) {
      if (c != '0' && c != '1') return Status::Corruption("bad bit string", line);
    }
  } else if (StartsWith(rest, "'")) {
    if (rest.size() < 2 || rest.back() != '\'') return Status::Corruption("unterminated quoted value", line);
    value.kind = VerboseValue::Kind::kQuoted;
    value.text = std::string(rest.substr(1, rest.size() - 2));
  } else {
    value.kind = VerboseValue::Kind::kNumber;
    std::string_view number = rest;
    size_t paren = rest.find(" (");
    if (paren != std::string_view::npos) {
      if (rest.back() != ')') return Status::Corruption("bad signed (unsigned) pair", line);
      number = rest.substr(0, paren);
      std::string_view unsigned_part = rest.substr(paren + 2, rest.size() - paren - 3);
      uint64_t check = 0;
      if (!ParseU64(unsigned_part, &check)) return Status::Corruption("bad unsigned value", line);
      value.unsigned_text = std::string(unsigned_part);
    }
    if (!IsNumberText(number)) return Status::Corruption("unquoted value is not a number", line);
    value.text = std::string(number);
  }
  return value;
}

Result<std::vector<VerboseRow>> ParseMariaDbBinlogVerbose(std::string_view output) {
  std::vector<VerboseRow> rows;
  std::vector<uint64_t> pending_event_ends;  // rows events whose rows are not printed yet
  size_t group_start = 0;                    // first row of the current statement
  enum class Section { kNone, kWhere, kSet } section = Section::kNone;
  bool in_row = false;
  size_t line_no = 0;

  auto close_group = [&](std::optional<uint64_t> expected_rows, size_t at_line, std::string_view line) -> Status {
    size_t printed = rows.size() - group_start;
    if (expected_rows && *expected_rows != printed) {
      return LineError(at_line, "statement has " + std::to_string(printed) + " rows printed, header says " +
                                    std::to_string(*expected_rows), line);
    }
    if (printed > 0 && pending_event_ends.empty()) {
      return LineError(at_line, "rows printed without a rows event header", line);
    }
    for (size_t row_idx = group_start; row_idx < rows.size(); ++row_idx) {
      rows[row_idx].statement_event_ends = pending_event_ends;
    }
    pending_event_ends.clear();
    group_start = rows.size();
    in_row = false;
    section = Section::kNone;
    return Status::OK();
  };

  size_t begin = 0;
  while (begin < output.size()) {
    size_t end = output.find('\n', begin);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(begin, end - begin);
    begin = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);

    if (StartsWith(line, "### ")) {
      std::string_view body = line.substr(4);
      if (StartsWith(body, "  @")) {
        if (!in_row || section == Section::kNone) return LineError(line_no, "value outside WHERE/SET", line);
        Result<VerboseValue> value = ParseVerboseValue(body.substr(2));
        if (!value.ok()) return value.status().WithContext("mariadb-binlog output line " + std::to_string(line_no));
        (section == Section::kWhere ? rows.back().before : rows.back().after).push_back(std::move(value).value());
        continue;
      }
      if (body == "WHERE") {
        if (!in_row || rows.back().op == VerboseRow::Op::kInsert) return LineError(line_no, "stray WHERE", line);
        section = Section::kWhere;
        continue;
      }
      if (body == "SET" || body == "SET /* no columns */") {
        if (!in_row || rows.back().op == VerboseRow::Op::kDelete) return LineError(line_no, "stray SET", line);
        section = Section::kSet;
        continue;
      }
      VerboseRow row;
      row.line = line_no;
      std::string_view rest;
      std::string_view name;
      if (StartsWith(body, "INSERT INTO ")) {
        row.op = VerboseRow::Op::kInsert;
        name = body.substr(12);
      } else if (StartsWith(body, "UPDATE ")) {
        row.op = VerboseRow::Op::kUpdate;
        name = body.substr(7);
      } else if (StartsWith(body, "DELETE FROM ")) {
        row.op = VerboseRow::Op::kDelete;
        name = body.substr(12);
      } else {
        return LineError(line_no, "unknown ### line", line);
      }
      if (!ParseQualifiedName(name, &row.schema, &row.table, &rest)) {
        return LineError(line_no, "bad table name", line);
      }
      bool empty_insert = row.op == VerboseRow::Op::kInsert && rest == " VALUES ()";
      if (!rest.empty() && !empty_insert) return LineError(line_no, "text after the table name", line);
      rows.push_back(std::move(row));
      in_row = true;
      section = empty_insert ? Section::kSet : Section::kNone;
      continue;
    }
    if (StartsWith(line, "# Number of rows: ")) {
      uint64_t count = 0;
      if (!ParseU64(line.substr(18), &count)) return LineError(line_no, "bad row count", line);
      CDC_RETURN_IF_ERROR(close_group(count, line_no, line));
      continue;
    }
    // An event header: "#YYMMDD hh:mm:ss server id N  end_log_pos P [CRC32 0x...] \t<Type>: ...".
    if (StartsWith(line, "#") && line.size() > 1 && std::isdigit(static_cast<unsigned char>(line[1]))) {
      size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;
      std::string_view kind = line.substr(tab + 1);
      bool rows_event = StartsWith(kind, "Write_rows") || StartsWith(kind, "Update_rows") ||
                        StartsWith(kind, "Delete_rows");
      if (!rows_event) {
        // A non-rows event after printed rows ends a statement whose count line was not printed.
        if (rows.size() > group_start) CDC_RETURN_IF_ERROR(close_group(std::nullopt, line_no, line));
        continue;
      }
      if (rows.size() > group_start) CDC_RETURN_IF_ERROR(close_group(std::nullopt, line_no, line));
      size_t at = line.find("end_log_pos ");
      if (at == std::string_view::npos) return LineError(line_no, "rows event header without end_log_pos", line);
      std::string_view digits = line.substr(at + 12);
      digits = digits.substr(0, digits.find_first_not_of("0123456789"));
      uint64_t end_pos = 0;
      if (!ParseU64(digits, &end_pos)) return LineError(line_no, "bad end_log_pos", line);
      pending_event_ends.push_back(end_pos);
      continue;
    }
  }
  if (rows.size() > group_start) CDC_RETURN_IF_ERROR(close_group(std::nullopt, line_no, ""));
  return rows;
}

Result<std::map<std::string, std::vector<VerboseRow>>> DecodeWithMariaDbBinlog(const std::vector<std::string>& paths) {
  std::map<std::string, std::vector<VerboseRow>> by_file;
  for (const std::string& path : paths) {
    Result<CommandResult> out = RunCommand({"mariadb-binlog", "--no-defaults", "--base64-output=decode-rows", "-vv", path});
    if (!out.ok()) return out.status();
    if (out->exit_code != 0) return Status::IOError("mariadb-binlog " + path + " failed", out->stderr_text);
    Result<std::vector<VerboseRow>> rows = ParseMariaDbBinlogVerbose(out->stdout_text);
    if (!rows.ok()) return rows.status().WithContext(path);
    by_file[path.substr(path.rfind('/') + 1)] = std::move(rows).value();
  }
  return by_file;
}

}  // namespace cdc::harness
