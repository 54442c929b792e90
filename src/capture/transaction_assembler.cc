#include "capture/transaction_assembler.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>
#include <string_view>
#include <utility>

#include "base/logging.h"
#include "capture/transaction_buffer.h"
#include "model/gtid.h"

namespace cdc::capture {

namespace {

// ---------------------------------------------------------------------------------------------
// QUERY event classification

enum class QueryKind : uint8_t {
  kBegin,             // BEGIN, START TRANSACTION
  kCommit,            // COMMIT
  kRollback,          // ROLLBACK
  kSavepoint,         // SAVEPOINT <name>
  kRollbackTo,        // ROLLBACK TO [SAVEPOINT] <name>: the changes since the savepoint go; the rest stays
  kRelease,           // RELEASE SAVEPOINT <name>
  kXaStart,           // XA START / XA BEGIN
  kXaEnd,             // XA END
  kXaPrepare,         // XA PREPARE (servers write an XA_PREPARE event instead; accepted too)
  kXaCommit,          // XA COMMIT <xid>
  kXaCommitOnePhase,  // XA COMMIT <xid> ONE PHASE
  kXaRollback,        // XA ROLLBACK <xid>
  kDdl,               // CREATE, ALTER, DROP, RENAME, TRUNCATE
  kDdlStartsTransaction,  // MySQL 8.0.21+ CREATE TABLE ... START TRANSACTION (CREATE ... SELECT)
  kOther,             // anything else: DDL outside a transaction, statement-based DML inside one
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Skips white space and comments. A versioned comment "/*!NNNNN" is executed by the server, so only
// its opening is skipped.
size_t SkipSpace(std::string_view sql, size_t pos) {
  while (pos < sql.size()) {
    if (IsSpace(sql[pos])) {
      ++pos;
    } else if (sql.substr(pos, 3) == "/*!") {
      pos += 3;
      while (pos < sql.size() && std::isdigit(static_cast<unsigned char>(sql[pos])) != 0) ++pos;
    } else if (sql.substr(pos, 2) == "/*") {
      size_t end = sql.find("*/", pos + 2);
      pos = end == std::string_view::npos ? sql.size() : end + 2;
    } else if (sql[pos] == '#' || (sql.substr(pos, 2) == "--" && (pos + 2 == sql.size() || IsSpace(sql[pos + 2])))) {
      size_t end = sql.find('\n', pos);
      pos = end == std::string_view::npos ? sql.size() : end + 1;
    } else {
      break;
    }
  }
  return pos;
}

std::string_view NextWord(std::string_view sql, size_t* pos) {
  *pos = SkipSpace(sql, *pos);
  size_t begin = *pos;
  while (*pos < sql.size() && IsWordChar(sql[*pos])) ++*pos;
  return sql.substr(begin, *pos - begin);
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// True when `sql`, without trailing spaces, comment closers and semicolons, ends with `suffix`
// preceded by a non-word character.
bool EndsWithWords(std::string_view sql, std::string_view suffix) {
  while (!sql.empty() && (IsSpace(sql.back()) || sql.back() == ';')) sql.remove_suffix(1);
  if (sql.size() < suffix.size()) return false;
  if (!EqualsNoCase(sql.substr(sql.size() - suffix.size()), suffix)) return false;
  return sql.size() == suffix.size() || !IsWordChar(sql[sql.size() - suffix.size() - 1]);
}

// Classifies a QUERY event's text; for XA statements, *rest is the text after "XA <verb>", for
// savepoint statements the text from the savepoint's name on.
QueryKind ClassifyQuery(std::string_view sql, std::string_view* rest) {
  size_t pos = 0;
  const std::string_view first = NextWord(sql, &pos);
  if (EqualsNoCase(first, "BEGIN")) return QueryKind::kBegin;
  if (EqualsNoCase(first, "COMMIT")) return QueryKind::kCommit;
  if (EqualsNoCase(first, "SAVEPOINT")) {
    *rest = sql.substr(pos);
    return QueryKind::kSavepoint;
  }
  if (EqualsNoCase(first, "RELEASE")) {
    if (!EqualsNoCase(NextWord(sql, &pos), "SAVEPOINT")) return QueryKind::kOther;
    *rest = sql.substr(pos);
    return QueryKind::kRelease;
  }
  if (EqualsNoCase(first, "START")) {
    return EqualsNoCase(NextWord(sql, &pos), "TRANSACTION") ? QueryKind::kBegin : QueryKind::kOther;
  }
  if (EqualsNoCase(first, "ROLLBACK")) {
    std::string_view second = NextWord(sql, &pos);
    if (EqualsNoCase(second, "WORK")) second = NextWord(sql, &pos);
    if (!EqualsNoCase(second, "TO")) return QueryKind::kRollback;
    size_t after_to = pos;
    if (!EqualsNoCase(NextWord(sql, &pos), "SAVEPOINT")) pos = after_to;  // SAVEPOINT is optional
    *rest = sql.substr(pos);
    return QueryKind::kRollbackTo;
  }
  if (EqualsNoCase(first, "XA")) {
    const std::string_view verb = NextWord(sql, &pos);
    *rest = sql.substr(pos);
    if (EqualsNoCase(verb, "START") || EqualsNoCase(verb, "BEGIN")) return QueryKind::kXaStart;
    if (EqualsNoCase(verb, "END")) return QueryKind::kXaEnd;
    if (EqualsNoCase(verb, "PREPARE")) return QueryKind::kXaPrepare;
    if (EqualsNoCase(verb, "ROLLBACK")) return QueryKind::kXaRollback;
    if (EqualsNoCase(verb, "COMMIT")) {
      return EndsWithWords(*rest, "ONE PHASE") ? QueryKind::kXaCommitOnePhase : QueryKind::kXaCommit;
    }
    return QueryKind::kOther;
  }
  if (EqualsNoCase(first, "CREATE")) {
    return EndsWithWords(sql, "START TRANSACTION") ? QueryKind::kDdlStartsTransaction : QueryKind::kDdl;
  }
  if (EqualsNoCase(first, "ALTER") || EqualsNoCase(first, "DROP") || EqualsNoCase(first, "RENAME") ||
      EqualsNoCase(first, "TRUNCATE")) {
    return QueryKind::kDdl;
  }
  return QueryKind::kOther;
}

// A savepoint's name as written after SAVEPOINT / ROLLBACK TO / RELEASE SAVEPOINT: `quoted` (with
// `` for a backquote), "quoted" (ANSI_QUOTES) or bare; folded to lower case, as the servers compare
// savepoint names without regard to case.
std::string SavepointName(std::string_view text) {
  size_t pos = SkipSpace(text, 0);
  std::string name;
  if (pos < text.size() && (text[pos] == '`' || text[pos] == '"')) {
    const char quote = text[pos++];
    while (pos < text.size()) {
      if (text[pos] == quote) {
        if (pos + 1 < text.size() && text[pos + 1] == quote) {
          name.push_back(quote);
          pos += 2;
          continue;
        }
        break;
      }
      name.push_back(text[pos++]);
    }
  } else {
    while (pos < text.size() && !IsSpace(text[pos]) && text[pos] != ';') name.push_back(text[pos++]);
  }
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// ---------------------------------------------------------------------------------------------
// XA transaction ids

// One key per XID: format id, gtrid length, then gtrid and bqual bytes.
std::string XaKey(int64_t format_id, std::string_view gtrid, std::string_view bqual) {
  std::string key = std::to_string(format_id);
  key.push_back(':');
  key.append(std::to_string(gtrid.size()));
  key.push_back(':');
  key.append(gtrid);
  key.append(bqual);
  return key;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads one XID part: X'hex', 0xhex, or a quoted string ('' or \ escapes).
std::optional<std::string> ReadXidString(std::string_view text, size_t* pos) {
  *pos = SkipSpace(text, *pos);
  std::string out;
  if (*pos + 1 < text.size() && (text[*pos] == 'X' || text[*pos] == 'x') && text[*pos + 1] == '\'') {
    size_t p = *pos + 2;
    while (p + 1 < text.size() && text[p] != '\'') {
      int high = HexDigit(text[p]);
      int low = HexDigit(text[p + 1]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high << 4 | low));
      p += 2;
    }
    if (p >= text.size() || text[p] != '\'') return std::nullopt;
    *pos = p + 1;
    return out;
  }
  if (*pos + 1 < text.size() && text[*pos] == '0' && (text[*pos + 1] == 'x' || text[*pos + 1] == 'X')) {
    size_t p = *pos + 2;
    while (p + 1 < text.size() && HexDigit(text[p]) >= 0 && HexDigit(text[p + 1]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[p]) << 4 | HexDigit(text[p + 1])));
      p += 2;
    }
    *pos = p;
    return out;
  }
  if (*pos < text.size() && (text[*pos] == '\'' || text[*pos] == '"')) {
    const char quote = text[*pos];
    size_t p = *pos + 1;
    while (p < text.size()) {
      if (text[p] == '\\' && p + 1 < text.size()) {
        out.push_back(text[p + 1]);
        p += 2;
      } else if (text[p] == quote) {
        if (p + 1 < text.size() && text[p + 1] == quote) {
          out.push_back(quote);
          p += 2;
        } else {
          *pos = p + 1;
          return out;
        }
      } else {
        out.push_back(text[p++]);
      }
    }
    return std::nullopt;
  }
  return std::nullopt;
}

// The key of the XID written after "XA <verb>": gtrid [, bqual [, format_id]] (format id 1 and an
// empty bqual when absent, as the servers default them).
std::optional<std::string> ParseXid(std::string_view text) {
  size_t pos = 0;
  std::optional<std::string> gtrid = ReadXidString(text, &pos);
  if (!gtrid) return std::nullopt;
  std::string bqual;
  int64_t format_id = 1;
  pos = SkipSpace(text, pos);
  if (pos < text.size() && text[pos] == ',') {
    ++pos;
    std::optional<std::string> second = ReadXidString(text, &pos);
    if (!second) return std::nullopt;
    bqual = std::move(*second);
    pos = SkipSpace(text, pos);
    if (pos < text.size() && text[pos] == ',') {
      pos = SkipSpace(text, pos + 1);
      bool negative = pos < text.size() && text[pos] == '-';
      if (negative) ++pos;
      int64_t value = 0;
      size_t digits = 0;
      while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos])) != 0 && digits < 18) {
        value = value * 10 + (text[pos++] - '0');
        ++digits;
      }
      if (digits == 0) return std::nullopt;
      format_id = negative ? -value : value;
    }
  }
  return XaKey(format_id, *gtrid, bqual);
}

// A key as text for log messages (bytes outside printable ASCII as \xNN).
std::string PrintableKey(std::string_view key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : key) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f) {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Positions

// Compares two binlog positions: <0, 0, >0, or nullopt when the files cannot be ordered (a file
// unknown, or names that are not <base>.<number> with the same base).
std::optional<int> ComparePositions(std::string_view file_a, uint64_t offset_a, std::string_view file_b,
                                    uint64_t offset_b) {
  if (file_a.empty() || file_b.empty()) return std::nullopt;
  if (file_a == file_b) return offset_a < offset_b ? -1 : (offset_a > offset_b ? 1 : 0);
  const size_t dot_a = file_a.rfind('.');
  const size_t dot_b = file_b.rfind('.');
  if (dot_a == std::string_view::npos || dot_b == std::string_view::npos) return std::nullopt;
  if (file_a.substr(0, dot_a) != file_b.substr(0, dot_b)) return std::nullopt;
  std::string_view number_a = file_a.substr(dot_a + 1);
  std::string_view number_b = file_b.substr(dot_b + 1);
  auto all_digits = [](std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(number_a) || !all_digits(number_b)) return std::nullopt;
  while (number_a.size() > 1 && number_a.front() == '0') number_a.remove_prefix(1);
  while (number_b.size() > 1 && number_b.front() == '0') number_b.remove_prefix(1);
  if (number_a.size() != number_b.size()) return number_a.size() < number_b.size() ? -1 : 1;
  return number_a < number_b ? -1 : 1;  // equal numbers with equal base would be equal names
}

enum class Flavor : uint8_t { kUnknown, kMysql, kMaria };

// The GTID state after the transactions seen so far, in one server family's notation.
struct GtidState {
  Flavor flavor = Flavor::kUnknown;
  bool known = false;  // complete: from the start state or a PREVIOUS_GTIDS / GTID_LIST event
  model::MysqlGtidSet mysql;
  model::MariaGtidPosition maria;

  // InvalidArgument when `text` is neither a MySQL GTID set nor a MariaDB GTID list.
  Status Parse(std::string_view text) {
    known = !text.empty();
    if (text.empty()) return Status::OK();
    if (text.find(':') != std::string_view::npos) {
      Result<model::MysqlGtidSet> set = model::MysqlGtidSet::Parse(text);
      if (!set.ok()) return set.status();
      flavor = Flavor::kMysql;
      mysql = std::move(*set);
      return Status::OK();
    }
    Result<model::MariaGtidPosition> position = model::MariaGtidPosition::Parse(text);
    if (!position.ok()) return position.status();
    flavor = Flavor::kMaria;
    maria = std::move(*position);
    return Status::OK();
  }

  std::string ToString() const {
    if (!known) return {};
    return flavor == Flavor::kMaria ? maria.ToString() : mysql.ToString();
  }
};

int64_t SecondsToMicros(uint32_t seconds) { return static_cast<int64_t>(seconds) * 1000000; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Impl

struct TransactionAssembler::Impl : public ReplayTarget {
  enum class Phase : uint8_t {
    kIdle,   // between transactions
    kGroup,  // a GTID event started a group whose first statement has not come yet
    kOpen,   // inside a transaction: rows are buffered
  };

  // The group (transaction) being read.
  struct Group {
    model::SourcePosition begin;
    bool began_with_gtid = false;
    std::optional<model::MysqlGtid> mysql_gtid;
    std::optional<model::MariaGtid> maria_gtid;
    int64_t immediate_commit_us = 0;  // MySQL GTID immediate_commit_timestamp; 0 when absent
  };

  // An XA transaction prepared and waiting for its XA COMMIT or XA ROLLBACK.
  struct PendingXa {
    model::SourcePosition begin;
    std::unique_ptr<TransactionBuffer> buffer;
    model::ResumePoint resume_before;  // where to read it again: the position before it
    uint64_t order = 0;                // arrival order; the earliest holds the position back
  };

  Impl(AssemblerOptions options_in, CaptureState start, CaptureSink* sink_in)
      : options(std::move(options_in)), sink(sink_in), state(std::move(start)) {
    natural = state.position;
    init_status = gtid.Parse(natural.gtid);
    if (init_status.ok() && !state.emitted_through.empty()) {
      skipping = true;
      high_water = state.emitted_through;
      init_status = high_water_gtid.Parse(high_water.gtid);
    }
    if (!init_status.ok()) init_status = init_status.WithContext("capture start state");
    Publish();
  }

  // --- ReplayTarget: a committed transaction's contents go to the sink with their seqs.
  Status OnRows(const model::ChangeBatch& rows) override {
    CDC_RETURN_IF_ERROR(sink->OnRows(rows, next_seq));
    next_seq += rows.size();
    return Status::OK();
  }
  Status OnDdl(std::string_view database, std::string_view sql, const model::SourcePosition& position) override {
    ddl.database.assign(database);
    ddl.sql.assign(sql);
    ddl.seq = next_seq++;
    ddl.position = position;
    return sink->OnDdl(ddl);
  }

  Status OnEvent(const binlog::DecodedEvent& event);
  Status OnQuery(const binlog::DecodedEvent& event, const binlog::QueryEvent& query);
  Status OnSavepoint(const binlog::DecodedEvent& event, QueryKind kind, std::string name);

  // Where the event ends in its file: the end of the enclosing TRANSACTION_PAYLOAD for inner events;
  // 0 when unknown (artificial events).
  uint64_t EventEnd(const binlog::DecodedEvent& event) const {
    if (event.inner) return payload_end;
    if (event.header.log_pos != 0) return event.header.log_pos;
    if (event.offset != 0) return event.offset + event.header.event_size;
    return 0;
  }

  int64_t SourceTime(const binlog::DecodedEvent& event) const {
    return event.header.timestamp != 0 ? SecondsToMicros(event.header.timestamp) : last_source_us;
  }

  TransactionBuffer& OpenBuffer() {
    if (!open_buffer) open_buffer = std::make_unique<TransactionBuffer>(options.memory_limit_bytes, options.spill_dir);
    return *open_buffer;
  }

  void StartGroup(const binlog::DecodedEvent& event, Phase next) {
    group = Group{};
    savepoints.clear();
    group.begin.file.assign(event.file);
    group.begin.offset = event.offset;
    phase = next;
  }

  // Drops a transaction whose end will never come (cut off by a new file or stream start).
  Status AbandonGroup(std::string_view why, const binlog::DecodedEvent& event) {
    if (phase == Phase::kIdle) return Status::OK();
    LogWarn(LogComponent::kSourceCapture, "capture: incomplete transaction dropped",
            {{"why", why},
             {"begin", group.begin.file + ":" + std::to_string(group.begin.offset)},
             {"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
    phase = Phase::kIdle;
    if (open_buffer) return open_buffer->Clear();
    return Status::OK();
  }

  // The group's last event has been read: the natural position moves past it and its GTID joins
  // the GTID state.
  void FinishGroup(const binlog::DecodedEvent& event) {
    if (gtid.known) {
      if (group.mysql_gtid && gtid.flavor != Flavor::kMaria) {
        gtid.flavor = Flavor::kMysql;
        (void)gtid.mysql.Add(*group.mysql_gtid);  // a gno below 1 is no GTID: left out
      } else if (group.maria_gtid && gtid.flavor != Flavor::kMysql) {
        gtid.flavor = Flavor::kMaria;
        gtid.maria.Add(*group.maria_gtid);
      }
      natural.gtid = gtid.ToString();
    }
    MoveNatural(event.file, EventEnd(event));
    phase = Phase::kIdle;
    savepoints.clear();
  }

  void MoveNatural(std::string_view file, uint64_t end) {
    if (end == 0) return;
    if (file != natural.file) {
      natural.file.assign(file);
      natural.offset = end;
    } else {
      natural.offset = std::max(natural.offset, end);
    }
  }

  // An event outside any transaction: the position moves past it and the sink hears about it.
  Status Idle(const binlog::DecodedEvent& event, bool advance = true) {
    if (advance) MoveNatural(event.file, EventEnd(event));
    EndSkipIfPassed();
    Publish();
    return sink->OnIdle(state.position, SourceTime(event));
  }

  void EndSkipIfPassed() {
    if (!skipping) return;
    std::optional<int> order = ComparePositions(natural.file, natural.offset, high_water.file, high_water.offset);
    if (order && *order >= 0) skipping = false;
  }

  // On a restart with CaptureState::emitted_through: whether the group just finished (ending at the
  // natural position) was handed to the sink before.
  bool AlreadyEmitted() {
    if (!skipping) return false;
    bool emitted = false;
    if (group.mysql_gtid && high_water_gtid.known && high_water_gtid.flavor == Flavor::kMysql) {
      emitted = high_water_gtid.mysql.Contains(*group.mysql_gtid);
    } else if (group.maria_gtid && high_water_gtid.known && high_water_gtid.flavor == Flavor::kMaria) {
      emitted = high_water_gtid.maria.Contains(*group.maria_gtid);
    } else {
      std::optional<int> order = ComparePositions(natural.file, natural.offset, high_water.file, high_water.offset);
      if (!order) {
        LogWarn(
            LogComponent::kSourceCapture,
            "capture: cannot tell whether a transaction was already emitted before the restart; emitting it",
            {{"at", natural.file + ":" + std::to_string(natural.offset)},
             {"emitted_through", high_water.file + ":" + std::to_string(high_water.offset)}});
      }
      emitted = order && *order <= 0;
    }
    if (!emitted) skipping = false;
    EndSkipIfPassed();
    return emitted;
  }

  // Recomputes the published state: the natural position, or the start of the earliest held XA.
  void Publish() {
    const PendingXa* earliest = nullptr;
    for (const auto& [key, pending] : pending_xa) {
      if (earliest == nullptr || pending.order < earliest->order) earliest = &pending;
    }
    state.position = earliest == nullptr ? natural : earliest->resume_before;
    if (skipping) {
      state.emitted_through = high_water;
    } else if (earliest != nullptr) {
      state.emitted_through = natural;
    } else {
      state.emitted_through = model::ResumePoint{};
    }
  }

  // Hands one committed transaction to the sink. `buffer` may be null (no changes).
  Status Emit(const model::SourcePosition& begin, TransactionBuffer* buffer, int64_t commit_us) {
    Publish();
    TransactionInfo& info = txn_info;  // reused: its strings keep their capacity
    info.begin = begin;
    info.end = state.position;
    info.commit_end = {natural.file, natural.offset, ""};
    info.commit_time_us = commit_us;
    info.first_seq = state.next_seq;
    info.seq_count = buffer == nullptr ? 0 : buffer->change_count() + buffer->ddl_count();
    last_source_us = std::max(last_source_us, commit_us);
    CDC_RETURN_IF_ERROR(sink->OnTransactionBegin(info));
    next_seq = info.first_seq;
    if (buffer != nullptr && !buffer->empty()) {
      CDC_RETURN_IF_ERROR(buffer->Replay(options.batch_rows, &batch_pool, this));
    }
    if (next_seq != info.first_seq + info.seq_count) {
      return Status::Corruption("transaction assembler", "replayed seq count differs from the buffered count");
    }
    state.next_seq = next_seq;
    return sink->OnTransactionEnd(info);
  }

  int64_t CommitMicros(const binlog::DecodedEvent& event, const binlog::QueryEvent* query = nullptr) const {
    if (group.immediate_commit_us != 0) return group.immediate_commit_us;
    int64_t micros = SecondsToMicros(event.header.timestamp);
    if (query != nullptr && query->status.hrnow_microseconds) micros += *query->status.hrnow_microseconds;
    return micros;
  }

  // A DDL statement inside the open transaction: handed over in its place at the commit.
  Status BufferDdl(const binlog::DecodedEvent& event, const binlog::QueryEvent& query) {
    return OpenBuffer().AppendDdl(query.schema, query.query,
                                  model::SourcePosition{std::string(event.file), event.offset, group.begin.gtid});
  }

  // The open transaction commits at `event`.
  Status Commit(const binlog::DecodedEvent& event, const binlog::QueryEvent* query = nullptr) {
    const int64_t commit_us = CommitMicros(event, query);
    FinishGroup(event);
    Status status;
    if (AlreadyEmitted()) {
      Publish();
    } else {
      status = Emit(group.begin, open_buffer.get(), commit_us);
    }
    if (open_buffer) {
      Status cleared = open_buffer->Clear();
      if (status.ok()) status = cleared;
    }
    return status;
  }

  // The open transaction is rolled back at `event`.
  Status Rollback(const binlog::DecodedEvent& event) {
    FinishGroup(event);
    if (open_buffer) CDC_RETURN_IF_ERROR(open_buffer->Clear());
    return Idle(event, /*advance=*/false);
  }

  // A DDL statement outside a transaction: a transaction of its own, handed over right away.
  Status Ddl(const binlog::DecodedEvent& event, const binlog::QueryEvent& query) {
    const int64_t commit_us = CommitMicros(event, &query);
    model::SourcePosition position{std::string(event.file), event.offset, group.begin.gtid};
    FinishGroup(event);
    if (AlreadyEmitted()) {
      Publish();
      return Status::OK();
    }
    TransactionBuffer& buffer = OpenBuffer();
    CDC_RETURN_IF_ERROR(buffer.Clear());
    CDC_RETURN_IF_ERROR(buffer.AppendDdl(query.schema, query.query, position));
    Status status = Emit(group.begin, &buffer, commit_us);
    Status cleared = buffer.Clear();
    return status.ok() ? cleared : status;
  }

  // The open XA transaction is prepared: it waits, keyed by `key`, for its XA COMMIT / ROLLBACK.
  Status Prepare(const binlog::DecodedEvent& event, std::string key) {
    PendingXa pending;
    pending.begin = group.begin;
    pending.resume_before = natural;
    pending.order = ++xa_order;
    pending.buffer = open_buffer ? std::move(open_buffer)
                                 : std::make_unique<TransactionBuffer>(options.memory_limit_bytes, options.spill_dir);
    FinishGroup(event);
    auto [it, inserted] = pending_xa.try_emplace(std::move(key));
    if (!inserted) {
      // Read again after a reconnect (or the id was reused after a completion we never saw).
      LogWarn(LogComponent::kSourceCapture,
              "capture: XA transaction prepared again; the earlier prepare is replaced",
              {{"xid", PrintableKey(it->first)}});
    }
    it->second = std::move(pending);
    // Waiting transactions share the memory limit: past half of it they go to disk.
    uint64_t held = 0;
    for (const auto& [pending_key, waiting] : pending_xa) held += waiting.buffer->memory_bytes();
    if (held > options.memory_limit_bytes / 2) CDC_RETURN_IF_ERROR(it->second.buffer->Spill());
    return Idle(event, /*advance=*/false);
  }

  // XA COMMIT / XA ROLLBACK of a prepared transaction, at `event`.
  Status CompleteXa(const binlog::DecodedEvent& event, const binlog::QueryEvent& query, std::string_view xid_text,
                    bool commit) {
    const int64_t commit_us = CommitMicros(event, &query);
    std::optional<std::string> key = ParseXid(xid_text);
    if (!key) {
      return Status::Corruption("XA statement", "cannot read the XA transaction id of: " + std::string(query.query));
    }
    FinishGroup(event);
    std::unique_ptr<TransactionBuffer> buffer;
    model::SourcePosition begin = group.begin;
    auto found = pending_xa.find(*key);
    const bool prepared_seen = found != pending_xa.end();
    if (prepared_seen) {
      buffer = std::move(found->second.buffer);
      begin = found->second.begin;
      pending_xa.erase(found);
    }
    if (AlreadyEmitted() || !commit) return Idle(event, /*advance=*/false);
    if (!prepared_seen) {
      LogWarn(
          LogComponent::kSourceCapture,
          "capture: XA COMMIT of a transaction prepared before the capture's start; its changes are not in "
          "the stream read and are missing",
          {{"xid", PrintableKey(*key)},
           {"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
    }
    return Emit(begin, buffer.get(), commit_us);
  }

  AssemblerOptions options;
  CaptureSink* sink;
  std::function<bool(const model::TableSchema&)> filter;
  Status init_status;

  CaptureState state;          // as published
  model::ResumePoint natural;  // the stream position after the last finished group
  GtidState gtid;              // GTID state at `natural`
  bool skipping = false;       // restarted behind CaptureState::emitted_through
  model::ResumePoint high_water;
  GtidState high_water_gtid;

  Phase phase = Phase::kIdle;
  Group group;
  std::unique_ptr<TransactionBuffer> open_buffer;
  // The open transaction's savepoints, oldest first: name (lower case) and where the buffer stood.
  std::vector<std::pair<std::string, TransactionBuffer::Mark>> savepoints;
  std::map<std::string, PendingXa> pending_xa;
  uint64_t xa_order = 0;
  uint64_t payload_end = 0;  // end of the TRANSACTION_PAYLOAD whose inner events are arriving
  int64_t last_source_us = 0;
  bool warned_statement_dml = false;

  // Replay.
  TransactionInfo txn_info;
  BatchPool batch_pool;
  uint64_t next_seq = 0;
  DdlStatement ddl;
};

// SAVEPOINT / ROLLBACK TO / RELEASE SAVEPOINT inside the open transaction. The servers write ROLLBACK
// TO into the binlog (instead of cutting their transaction cache back) when the transaction also
// touched a non-transactional table; the row events between the SAVEPOINT and it are then still in the
// binlog, and a replica undoes them by executing the ROLLBACK TO. So do we: with row-based logging,
// changes of non-transactional tables are logged as transactions of their own, never in between.
Status TransactionAssembler::Impl::OnSavepoint(const binlog::DecodedEvent& event, QueryKind kind, std::string name) {
  auto found = std::find_if(savepoints.rbegin(), savepoints.rend(),
                            [&](const auto& savepoint) { return savepoint.first == name; });
  if (kind == QueryKind::kSavepoint) {
    // A savepoint set again under the same name replaces the old one.
    if (found != savepoints.rend()) savepoints.erase(std::next(found).base());
    savepoints.emplace_back(std::move(name), OpenBuffer().GetMark());
    return Status::OK();
  }
  if (found == savepoints.rend()) {
    LogWarn(LogComponent::kSourceCapture, "capture: savepoint not set in this transaction; statement ignored",
            {{"savepoint", name}, {"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
    return Status::OK();
  }
  auto index = static_cast<size_t>(std::distance(savepoints.begin(), std::next(found).base()));
  if (kind == QueryKind::kRollbackTo) {
    CDC_RETURN_IF_ERROR(OpenBuffer().RollbackTo(savepoints[index].second));
    savepoints.resize(index + 1);  // later savepoints are gone; this one stays
  } else {
    savepoints.resize(index);  // RELEASE: this one and the later ones
  }
  return Status::OK();
}

Status TransactionAssembler::Impl::OnQuery(const binlog::DecodedEvent& event, const binlog::QueryEvent& query) {
  std::string_view xid_text;
  const QueryKind kind = ClassifyQuery(query.query, &xid_text);
  if (phase == Phase::kOpen) {
    switch (kind) {
      case QueryKind::kBegin:
        if (group.began_with_gtid || OpenBuffer().empty()) return Status::OK();
        // BEGIN ... BEGIN without a commit: the first one was cut off.
        CDC_RETURN_IF_ERROR(AbandonGroup("a new BEGIN before its commit", event));
        StartGroup(event, Phase::kOpen);
        return Status::OK();
      case QueryKind::kCommit:
        return Commit(event, &query);
      case QueryKind::kRollback:
        return Rollback(event);
      case QueryKind::kSavepoint:
      case QueryKind::kRollbackTo:
      case QueryKind::kRelease:
        return OnSavepoint(event, kind, SavepointName(xid_text));
      case QueryKind::kXaStart:
      case QueryKind::kXaEnd:
        return Status::OK();
      case QueryKind::kXaPrepare: {
        std::optional<std::string> key = ParseXid(xid_text);
        if (!key) return Status::Corruption("XA PREPARE", "cannot read the XA transaction id of: " + std::string(query.query));
        return Prepare(event, std::move(*key));
      }
      case QueryKind::kXaCommitOnePhase:
        return Commit(event, &query);
      case QueryKind::kXaCommit:
      case QueryKind::kXaRollback:
        // A MariaDB completion GTID without FL_STANDALONE opens nothing of its own: complete the
        // prepared one. With rows of its own, the open transaction itself ends.
        if (OpenBuffer().empty()) return CompleteXa(event, query, xid_text, kind == QueryKind::kXaCommit);
        return kind == QueryKind::kXaCommit ? Commit(event, &query) : Rollback(event);
      case QueryKind::kDdl:
      case QueryKind::kDdlStartsTransaction:
        return BufferDdl(event, query);
      case QueryKind::kOther:
        if (!warned_statement_dml) {
          warned_statement_dml = true;
          LogWarn(LogComponent::kSourceCapture,
                  "capture: a statement inside a transaction carries no row changes and is skipped "
                  "(statement-based logging; the capture needs binlog_format=ROW)",
                  {{"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
        }
        return Status::OK();
    }
    return Status::OK();
  }

  // Outside a transaction (or right after its GTID event).
  if (phase == Phase::kIdle) StartGroup(event, Phase::kGroup);
  switch (kind) {
    case QueryKind::kBegin:
    case QueryKind::kXaStart:
      phase = Phase::kOpen;
      return OpenBuffer().Clear();
    case QueryKind::kDdlStartsTransaction:
      phase = Phase::kOpen;
      CDC_RETURN_IF_ERROR(OpenBuffer().Clear());
      return BufferDdl(event, query);
    case QueryKind::kXaCommit:
    case QueryKind::kXaCommitOnePhase:
      return CompleteXa(event, query, xid_text, /*commit=*/true);
    case QueryKind::kXaRollback:
      return CompleteXa(event, query, xid_text, /*commit=*/false);
    case QueryKind::kCommit:
      // A group with no BEGIN that ends in COMMIT: nothing in it.
      return Commit(event, &query);
    case QueryKind::kRollback:
      return Rollback(event);
    case QueryKind::kSavepoint:
    case QueryKind::kRollbackTo:
    case QueryKind::kRelease:
    case QueryKind::kXaEnd:
    case QueryKind::kXaPrepare:
      LogWarn(LogComponent::kSourceCapture,
              "capture: transaction control statement outside a transaction ignored",
              {{"sql", query.query}, {"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
      FinishGroup(event);
      return Idle(event, /*advance=*/false);
    case QueryKind::kDdl:
    case QueryKind::kOther:
      return Ddl(event, query);
  }
  return Status::OK();
}

Status TransactionAssembler::Impl::OnEvent(const binlog::DecodedEvent& event) {
  if (!init_status.ok()) return init_status;
  if (event.header.timestamp != 0) last_source_us = std::max(last_source_us, SecondsToMicros(event.header.timestamp));
  const binlog::EventBody& body = event.body;

  if (const auto* rows = std::get_if<binlog::RowsEventHeader>(&body)) {
    (void)rows;
    if (phase == Phase::kIdle) {
      return Status::Corruption("rows event outside a transaction",
                                std::string(event.file) + " @ " + std::to_string(event.offset) +
                                    ": the stream did not start at a transaction boundary");
    }
    phase = Phase::kOpen;
    return Status::OK();
  }
  if (std::holds_alternative<binlog::TableMapRef>(body)) return Status::OK();
  if (const auto* query = std::get_if<binlog::QueryEvent>(&body)) return OnQuery(event, *query);
  if (std::holds_alternative<binlog::XidEvent>(body)) {
    if (phase != Phase::kIdle) return Commit(event);
    return Idle(event);
  }
  if (const auto* gtid_event = std::get_if<binlog::GtidEvent>(&body)) {
    CDC_RETURN_IF_ERROR(AbandonGroup("a GTID event before its commit", event));
    if (gtid.flavor == Flavor::kUnknown) gtid.flavor = Flavor::kMysql;
    StartGroup(event, Phase::kGroup);
    group.began_with_gtid = true;
    group.immediate_commit_us = static_cast<int64_t>(gtid_event->immediate_commit_timestamp);
    if (!gtid_event->anonymous) {
      group.mysql_gtid = model::MysqlGtid{gtid_event->sid, std::string(gtid_event->tag), gtid_event->gno};
      group.begin.gtid = gtid_event->ToGtidString();
    }
    return Status::OK();
  }
  if (const auto* maria = std::get_if<binlog::MariaGtidEvent>(&body)) {
    CDC_RETURN_IF_ERROR(AbandonGroup("a GTID event before its commit", event));
    if (gtid.flavor == Flavor::kUnknown) gtid.flavor = Flavor::kMaria;
    // Without FL_STANDALONE the GTID event stands for BEGIN.
    const bool standalone = (maria->flags2 & binlog::MariaGtidEvent::kFlagStandalone) != 0;
    StartGroup(event, standalone ? Phase::kGroup : Phase::kOpen);
    group.began_with_gtid = true;
    group.maria_gtid = maria->gtid();
    group.maria_gtid->AppendTo(&group.begin.gtid);
    if (!standalone) return OpenBuffer().Clear();
    return Status::OK();
  }
  if (const auto* prepare = std::get_if<binlog::XaPrepareEvent>(&body)) {
    if (phase == Phase::kIdle) {
      LogWarn(LogComponent::kSourceCapture, "capture: XA_PREPARE outside a transaction ignored",
              {{"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
      return Idle(event);
    }
    if (prepare->one_phase) return Commit(event);  // XA COMMIT ... ONE PHASE
    return Prepare(event, XaKey(prepare->format_id, prepare->gtrid, prepare->bqual));
  }
  if (std::holds_alternative<binlog::TransactionPayloadEvent>(body)) {
    payload_end = event.header.log_pos != 0 ? event.header.log_pos : event.offset + event.header.event_size;
    return Status::OK();
  }
  if (std::holds_alternative<binlog::IntvarEvent>(body) || std::holds_alternative<binlog::RandEvent>(body) ||
      std::holds_alternative<binlog::UserVarEvent>(body) || std::holds_alternative<binlog::AnnotateRowsEvent>(body) ||
      std::holds_alternative<binlog::RowsQueryEvent>(body)) {
    return Status::OK();  // statement context inside a transaction
  }

  // Events between transactions from here on. Inside a transaction they change nothing.
  if (const auto* rotate = std::get_if<binlog::RotateEvent>(&body)) {
    const bool artificial = (event.header.flags & binlog::kEventFlagArtificial) != 0 || event.header.log_pos == 0;
    if (artificial) {
      // A stream (re)start: a transaction still open was cut off and will be sent again.
      CDC_RETURN_IF_ERROR(AbandonGroup("the stream restarted", event));
      const uint64_t position = rotate->position == 0 ? 4 : rotate->position;
      if (rotate->next_file != natural.file) {
        natural.file.assign(rotate->next_file);
        natural.offset = position;
      } else {
        natural.offset = std::max(natural.offset, position);  // never back within the file
      }
      return Idle(event, /*advance=*/false);
    }
    if (phase != Phase::kIdle) return Status::OK();
    natural.file.assign(rotate->next_file);
    natural.offset = rotate->position == 0 ? 4 : rotate->position;
    return Idle(event, /*advance=*/false);
  }
  if (std::holds_alternative<binlog::FormatDescription>(body)) {
    if (gtid.flavor == Flavor::kUnknown) {
      gtid.flavor = std::get<binlog::FormatDescription>(body).is_mariadb() ? Flavor::kMaria : Flavor::kMysql;
    }
    // A file starts: a transaction still open at the end of the previous one never committed.
    CDC_RETURN_IF_ERROR(AbandonGroup("a new binlog file started", event));
    return Idle(event);
  }
  if (phase != Phase::kIdle) return Status::OK();

  // Only events at or after the position may complete the GTID state: a PREVIOUS_GTIDS / GTID_LIST
  // behind it does not count the transactions in between.
  const bool at_or_after = event.file != natural.file || event.offset >= natural.offset;
  if (const auto* previous = std::get_if<binlog::PreviousGtidsEvent>(&body)) {
    if (gtid.flavor == Flavor::kUnknown) gtid.flavor = Flavor::kMysql;
    if (gtid.flavor == Flavor::kMysql && (gtid.known || at_or_after)) {
      gtid.mysql.AddSet(previous->gtids);
      gtid.known = true;
      natural.gtid = gtid.ToString();
    }
    return Idle(event);
  }
  if (const auto* list = std::get_if<binlog::MariaGtidListEvent>(&body)) {
    if (gtid.flavor == Flavor::kUnknown) gtid.flavor = Flavor::kMaria;
    if (gtid.flavor == Flavor::kMaria && (gtid.known || at_or_after)) {
      for (const model::MariaGtid& listed : list->gtids) {
        const model::MariaGtid* have = gtid.maria.Find(listed.domain_id);
        if (have == nullptr || have->seq_no < listed.seq_no) gtid.maria.Add(listed);
      }
      gtid.known = true;
      natural.gtid = gtid.ToString();
    }
    return Idle(event);
  }
  if (std::holds_alternative<binlog::HeartbeatEvent>(body)) {
    // The heartbeat's position is not adopted: it may point past events the server skipped.
    return Idle(event, /*advance=*/false);
  }
  if (const auto* incident = std::get_if<binlog::IncidentEvent>(&body)) {
    LogWarn(LogComponent::kSourceCapture,
            "capture: INCIDENT event in the binlog (the source may have lost changes)",
            {{"message", incident->message},
             {"at", std::string(event.file) + ":" + std::to_string(event.offset)}});
  }
  return Idle(event);
}

// ---------------------------------------------------------------------------------------------
// TransactionAssembler

TransactionAssembler::TransactionAssembler(AssemblerOptions options, CaptureState start, CaptureSink* sink)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(start), sink)) {}

TransactionAssembler::~TransactionAssembler() = default;

Status TransactionAssembler::OnEvent(const binlog::DecodedEvent& event) { return impl_->OnEvent(event); }

Status TransactionAssembler::OnRows(const binlog::DecodedEvent& event, const model::ChangeBatch& rows) {
  if (impl_->phase == Impl::Phase::kIdle) {
    return Status::Corruption("rows outside a transaction", std::string(event.file) + " @ " + std::to_string(event.offset));
  }
  return impl_->OpenBuffer().AppendRows(rows);
}

bool TransactionAssembler::WantsTable(const model::TableSchema& table) {
  return !impl_->filter || impl_->filter(table);
}

void TransactionAssembler::SetTableFilter(std::function<bool(const model::TableSchema&)> filter) {
  impl_->filter = std::move(filter);
}

const CaptureState& TransactionAssembler::state() const { return impl_->state; }

bool TransactionAssembler::in_transaction() const { return impl_->phase != Impl::Phase::kIdle; }

uint64_t TransactionAssembler::memory_bytes() const {
  uint64_t bytes = impl_->open_buffer ? impl_->open_buffer->memory_bytes() : 0;
  for (const auto& [key, pending] : impl_->pending_xa) bytes += pending.buffer->memory_bytes();
  return bytes;
}

uint64_t TransactionAssembler::disk_bytes() const {
  uint64_t bytes = impl_->open_buffer ? impl_->open_buffer->disk_bytes() : 0;
  for (const auto& [key, pending] : impl_->pending_xa) bytes += pending.buffer->disk_bytes();
  return bytes;
}

}  // namespace cdc::capture
