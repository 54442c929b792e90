#include "harness/binlog_dump.h"

#include <nlohmann/json.hpp>

#include "harness/mariadb_sandbox.h"
#include "harness/process.h"

#ifndef LAKEFEED_BINARY
#define LAKEFEED_BINARY ""
#endif

namespace cdc::harness {
namespace {

using Json = nlohmann::ordered_json;

Status ParseImage(const Json& json, const char* key, bool* has, DumpRow::Image* image) {
  auto it = json.find(key);
  if (it == json.end()) return Status::Corruption(std::string("row change without \"") + key + "\"");
  if (it->is_null()) {
    *has = false;
    return Status::OK();
  }
  if (!it->is_object()) return Status::Corruption(std::string("\"") + key + "\" is not an object");
  *has = true;
  for (auto& [name, value] : it->items()) {
    if (value.is_null()) {
      image->emplace_back(name, std::nullopt);
    } else if (value.is_string()) {
      image->emplace_back(name, value.get<std::string>());
    } else {
      return Status::Corruption("value of " + name + " is neither a string nor null", value.dump());
    }
  }
  return Status::OK();
}

}  // namespace

const Cell* DumpRow::Find(const Image& image, std::string_view name) {
  for (const auto& [column, value] : image) {
    if (column == name) return &value;
  }
  return nullptr;
}

Result<std::vector<DumpRow>> ParseDumpOutput(std::string_view output) {
  std::vector<DumpRow> rows;
  size_t begin = 0;
  size_t line_no = 0;
  while (begin < output.size()) {
    size_t end = output.find('\n', begin);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(begin, end - begin);
    begin = end + 1;
    ++line_no;
    if (line.empty() || line[0] != '{') continue;
    Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    std::string where = "binlog-dump output line " + std::to_string(line_no);
    if (json.is_discarded()) return Status::Corruption(where + ": not JSON", std::string(line.substr(0, 300)));
    // Event lines (--events) carry "event"; row changes do not.
    if (!json.is_object() || !json.contains("op") || json.contains("event")) continue;
    DumpRow row;
    row.line = std::string(line);
    auto text = [&](const char* key, std::string* out) -> Status {
      auto it = json.find(key);
      if (it == json.end() || !(it->is_string() || it->is_null())) {
        return Status::Corruption(where + ": missing or non-string \"" + key + "\"", row.line.substr(0, 300));
      }
      *out = it->is_null() ? "" : it->get<std::string>();
      return Status::OK();
    };
    auto number = [&](const char* key, auto* out) -> Status {
      auto it = json.find(key);
      if (it == json.end() || !it->is_number_integer()) {
        return Status::Corruption(where + ": missing or non-integer \"" + key + "\"", row.line.substr(0, 300));
      }
      *out = it->get<std::remove_pointer_t<decltype(out)>>();
      return Status::OK();
    };
    std::string op;
    CDC_RETURN_IF_ERROR(text("op", &op));
    if (op.size() != 1 || (op[0] != 'I' && op[0] != 'U' && op[0] != 'D')) {
      return Status::Corruption(where + ": bad op", row.line.substr(0, 300));
    }
    row.op = op[0];
    CDC_RETURN_IF_ERROR(text("schema", &row.schema));
    CDC_RETURN_IF_ERROR(text("table", &row.table));
    CDC_RETURN_IF_ERROR(text("gtid", &row.gtid));
    CDC_RETURN_IF_ERROR(text("file", &row.file));
    CDC_RETURN_IF_ERROR(number("pos", &row.pos));
    CDC_RETURN_IF_ERROR(number("end_log_pos", &row.end_log_pos));
    CDC_RETURN_IF_ERROR(number("ts", &row.ts));
    Status images = ParseImage(json, "before", &row.has_before, &row.before);
    if (images.ok()) images = ParseImage(json, "after", &row.has_after, &row.after);
    if (!images.ok()) return images.WithContext(where);
    bool shape_ok = (row.op == 'I' && !row.has_before && row.has_after) ||
                    (row.op == 'U' && row.has_before && row.has_after) ||
                    (row.op == 'D' && row.has_before && !row.has_after);
    if (!shape_ok) return Status::Corruption(where + ": images do not fit op " + op, row.line.substr(0, 300));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string LakefeedBinary() { return GetEnvOr("LAKEFEED_BINARY", LAKEFEED_BINARY); }

Result<std::vector<DumpRow>> RunBinlogDump(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::string binary = LakefeedBinary();
  if (binary.empty()) return Status::NotFound("the lakefeed executable is not built (no LAKEFEED_BINARY)");
  std::vector<std::string> argv = {binary, "binlog-dump"};
  argv.insert(argv.end(), args.begin(), args.end());
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand(argv, timeout));
  if (result.exit_code != 0) {
    return Status::IOError(CommandLine(argv) + " exited with " + std::to_string(result.exit_code),
                           result.stderr_text.substr(0, 4000));
  }
  Result<std::vector<DumpRow>> rows = ParseDumpOutput(result.stdout_text);
  if (!rows.ok()) return rows.status().WithContext(CommandLine(argv));
  return rows;
}

Result<std::vector<DumpRow>> DumpOffline(const std::vector<std::string>& files) { return RunBinlogDump(files); }

Result<std::vector<DumpRow>> DumpLive(const MariaDbSandbox& server, std::string_view start_file, uint64_t start_pos) {
  std::vector<std::string> args = {"--host",     server.host(), "--port",     std::to_string(server.port()),
                                   "--user",     server.user(), "--password", server.password()};
  if (!start_file.empty()) {
    args.insert(args.end(), {"--start-file", std::string(start_file), "--start-pos", std::to_string(start_pos)});
  }
  return RunBinlogDump(args);
}

}  // namespace cdc::harness
