#include "cli/binlog_dump.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "base/logging.h"
#include "binlog/decoder.h"
#include "binlog/event_json.h"
#include "binlog/file_reader.h"
#include "binlog/table_map.h"
#include "cli/row_json.h"
#include "mysql/binlog_stream.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"

namespace cdc::cli {

namespace {

constexpr size_t kFlushThreshold = size_t{1} << 20;

// Buffered writer over a FILE*: lines are built in one std::string and written with large
// fwrite calls.
class Output {
 public:
  explicit Output(std::FILE* file) : file_(file) { buffer_.reserve(kFlushThreshold + (kFlushThreshold >> 2)); }

  std::string* buffer() { return &buffer_; }
  Status MaybeFlush() { return buffer_.size() >= kFlushThreshold ? Flush() : Status::OK(); }
  Status Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      return Status::IOError("write output", std::strerror(errno));
    }
    buffer_.clear();
    if (std::fflush(file_) != 0) return Status::IOError("write output", std::strerror(errno));
    return Status::OK();
  }

 private:
  std::FILE* file_;
  std::string buffer_;
};

// Prints rows (and with --events, events) as they come out of the Decoder; filters tables before
// their rows are decoded.
class DumpSink : public binlog::EventSink {
 public:
  DumpSink(Output* output, bool events, const std::vector<std::string>& tables, bool flush_each_transaction)
      : output_(output), events_(events), flush_each_transaction_(flush_each_transaction) {
    for (const std::string& table : tables) tables_.insert(table);
  }

  Status OnEvent(const binlog::DecodedEvent& event) override {
    last_file_.assign(event.file);
    last_offset_ = event.offset;
    if (events_) {
      output_->buffer()->append(binlog::EventToJsonLine(event));
      output_->buffer()->push_back('\n');
    }
    if (on_event_) CDC_RETURN_IF_ERROR(on_event_(event));
    if (flush_each_transaction_ && EndsTransactionOrWaits(event)) return output_->Flush();
    return output_->MaybeFlush();
  }

  Status OnRows(const binlog::DecodedEvent& event, const model::ChangeBatch& rows) override {
    (void)event;
    writer_.AppendBatch(rows, output_->buffer());
    return output_->MaybeFlush();
  }

  bool WantsTable(const model::TableSchema& table) override {
    if (tables_.empty()) return true;
    key_.assign(table.schema_name);
    key_.push_back('.');
    key_.append(table.table_name);
    return tables_.contains(key_);
  }

  // Called for every event after it is printed (live mode: schema hint invalidation).
  void set_on_event(std::function<Status(const binlog::DecodedEvent&)> on_event) { on_event_ = std::move(on_event); }

  const std::string& last_file() const { return last_file_; }
  uint64_t last_offset() const { return last_offset_; }

 private:
  // Events after which a follower should show what it has: the end of a transaction, or a sign
  // that the server is idle.
  static bool EndsTransactionOrWaits(const binlog::DecodedEvent& event) {
    return std::holds_alternative<binlog::XidEvent>(event.body) ||
           std::holds_alternative<binlog::QueryEvent>(event.body) ||
           std::holds_alternative<binlog::HeartbeatEvent>(event.body) ||
           std::holds_alternative<binlog::RotateEvent>(event.body) ||
           std::holds_alternative<binlog::XaPrepareEvent>(event.body);
  }

  Output* output_;
  bool events_;
  bool flush_each_transaction_;
  std::unordered_set<std::string> tables_;
  std::string key_;
  RowJsonWriter writer_;
  std::string last_file_;
  uint64_t last_offset_ = 0;
  std::function<Status(const binlog::DecodedEvent&)> on_event_;
};

// Fills TABLE_MAP schemas from information_schema over a second connection (the streaming one
// cannot run queries). Hints are cached per table and dropped when a DDL statement passes.
class SchemaEnricher {
 public:
  explicit SchemaEnricher(mysql::ConnectionOptions options) : options_(std::move(options)) {}

  Status Enrich(model::TableSchema& schema) {
    std::string key = schema.schema_name + "." + schema.table_name;
    auto found = cache_.find(key);
    if (found == cache_.end()) {
      if (connection_ == nullptr) {
        CDC_ASSIGN_OR_RETURN(connection_, mysql::Connection::Connect(options_));
      }
      Result<mysql::TableHints> hints = mysql::ReadTableHints(*connection_, schema.schema_name, schema.table_name);
      if (!hints.ok() && !hints.status().IsNotFound()) return hints.status();
      if (!hints.ok()) {
        Warn(key, hints.status());  // dropped since the event was written: names stay @N
      }
      found = cache_.emplace(key, hints.ok() ? std::optional<mysql::TableHints>(std::move(*hints)) : std::nullopt)
                  .first;
    }
    if (!found->second) return Status::OK();
    Result<std::vector<uint32_t>> changed = mysql::ApplyTableHints(*found->second, &schema);
    if (!changed.ok()) {
      Warn(key, changed.status());  // altered since the event was written: decode without hints
      return Status::OK();
    }
    for (uint32_t column_idx : *changed) {
      schema.columns[column_idx].kind = binlog::ChooseValueKind(schema.columns[column_idx]);
    }
    return Status::OK();
  }

  // A statement other than BEGIN/COMMIT may have changed a table definition.
  void OnEvent(const binlog::DecodedEvent& event) {
    const auto* query = std::get_if<binlog::QueryEvent>(&event.body);
    if (query != nullptr && query->query != "BEGIN" && query->query != "COMMIT") cache_.clear();
  }

 private:
  void Warn(const std::string& table, const Status& status) {
    if (warned_.insert(table).second) {
      LogWarn(LogComponent::kSourceCapture, "schema hints not used; columns keep what the binlog says",
              {{"table", table}, {"reason", status.ToString()}});
    }
  }

  mysql::ConnectionOptions options_;
  std::unique_ptr<mysql::Connection> connection_;
  std::unordered_map<std::string, std::optional<mysql::TableHints>> cache_;
  std::unordered_set<std::string> warned_;
};

}  // namespace

Status ValidateBinlogDumpOptions(const BinlogDumpOptions& options) {
  if (options.live() && !options.files.empty()) {
    return Status::InvalidArgument("binlog-dump", "give either binlog FILEs or --host, not both");
  }
  if (!options.live() && options.files.empty()) {
    return Status::InvalidArgument("binlog-dump", "give binlog FILEs to decode, or --host to read from a server");
  }
  for (const std::string& table : options.tables) {
    size_t dot = table.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == table.size()) {
      return Status::InvalidArgument("--table", "'" + table + "' is not of the form db.table");
    }
  }
  if (!options.live() && (options.follow || !options.start_gtid.empty() || !options.start_file.empty())) {
    return Status::InvalidArgument("binlog-dump", "--follow/--start-file/--start-gtid need --host");
  }
  if (options.live()) CDC_RETURN_IF_ERROR(mysql::ParseTlsMode(options.tls_mode).status());
  return Status::OK();
}

namespace {

Status DumpFiles(const BinlogDumpOptions& options, Output* output) {
  binlog::Decoder decoder;
  DumpSink sink(output, options.events, options.tables, /*flush_each_transaction=*/false);
  for (const std::string& path : options.files) {
    CDC_RETURN_IF_ERROR(binlog::ReadBinlogFile(path, &decoder, &sink));
  }
  return output->Flush();
}

Status DumpLive(const BinlogDumpOptions& options, Output* output) {
  mysql::ConnectionOptions connection_options;
  connection_options.host = options.host;
  connection_options.port = options.port;
  connection_options.user = options.user;
  connection_options.password = options.password;
  CDC_ASSIGN_OR_RETURN(connection_options.tls_mode, mysql::ParseTlsMode(options.tls_mode));
  connection_options.tls_ca = options.tls_ca;
  connection_options.tls_cert = options.tls_cert;
  connection_options.tls_key = options.tls_key;

  double heartbeat = options.heartbeat_seconds >= 0 ? options.heartbeat_seconds : (options.follow ? 10.0 : 0.0);
  mysql::ConnectionOptions stream_options = connection_options;
  if (options.follow && heartbeat > 0) {
    // Heartbeats arrive at least every `heartbeat` seconds; silence for much longer means the
    // connection is gone.
    stream_options.read_timeout_seconds = static_cast<uint32_t>(heartbeat * 3) + 10;
  }
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> connection, mysql::Connection::Connect(stream_options));

  mysql::BinlogStreamOptions start;
  start.server_id = options.server_id != 0 ? options.server_id : 1000000 + static_cast<uint32_t>(getpid() % 1000000);
  start.start_gtid = options.start_gtid;
  start.start_file = options.start_file;
  start.start_position = options.start_position;
  start.non_blocking = !options.follow;
  start.heartbeat_period_ms = static_cast<uint64_t>(heartbeat * 1000);
  if (start.start_gtid.empty() && start.start_file.empty()) {
    CDC_ASSIGN_OR_RETURN(mysql::QueryResult logs, connection->Query("SHOW BINARY LOGS"));
    if (logs.rows.empty() || logs.rows[0].empty() || !logs.rows[0][0]) {
      return Status::NotFound("SHOW BINARY LOGS", "the server lists no binary logs (is log_bin on?)");
    }
    start.start_file = *logs.rows[0][0];
    start.start_position = 4;
  }
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<mysql::BinlogStream> stream, mysql::BinlogStream::Open(connection.get(), start));

  binlog::DecoderOptions decoder_options;
  decoder_options.initial_checksum =
      stream->checksum() == "CRC32" ? binlog::ChecksumAlgorithm::kCrc32 : binlog::ChecksumAlgorithm::kOff;
  DumpSink sink(output, options.events, options.tables, /*flush_each_transaction=*/options.follow);
  std::unique_ptr<SchemaEnricher> enricher;
  if (options.schema_hints) {
    enricher = std::make_unique<SchemaEnricher>(connection_options);
    // Tables filtered out never have their rows decoded: no need to ask the server about them.
    decoder_options.enrich_schema = [&enricher, &sink](model::TableSchema& schema) {
      return sink.WantsTable(schema) ? enricher->Enrich(schema) : Status::OK();
    };
  }
  binlog::Decoder decoder(decoder_options);
  decoder.SetFile(start.start_file);
  if (enricher != nullptr) {
    sink.set_on_event([&enricher](const binlog::DecodedEvent& event) {
      enricher->OnEvent(event);
      return Status::OK();
    });
  }

  mysql::BinlogEvent event;
  while (true) {
    Result<bool> next = stream->Next(&event);
    if (!next.ok()) {
      CDC_RETURN_IF_ERROR(output->Flush());
      std::string where = sink.last_file().empty()
                              ? "starting at " + (start.start_gtid.empty()
                                                      ? start.start_file + ":" + std::to_string(start.start_position)
                                                      : "GTID " + start.start_gtid)
                              : "after " + sink.last_file() + " @ " + std::to_string(sink.last_offset());
      return next.status().WithContext(where);
    }
    if (!*next) break;
    Status fed = decoder.Feed(event.bytes, event.offset, &sink);
    if (!fed.ok()) {
      CDC_RETURN_IF_ERROR(output->Flush());
      return fed;
    }
  }
  return output->Flush();
}

}  // namespace

Status RunBinlogDump(const BinlogDumpOptions& options, std::FILE* out) {
  CDC_RETURN_IF_ERROR(ValidateBinlogDumpOptions(options));
  Output output(out);
  Status status = options.live() ? DumpLive(options, &output) : DumpFiles(options, &output);
  if (!status.ok()) {
    // Print what was decoded before the error, then report it.
    Status flushed = output.Flush();
    (void)flushed;
  }
  return status;
}

}  // namespace cdc::cli
