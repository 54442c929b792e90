#include "lake/checkpoint.h"

#include <cstdint>
#include <limits>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "lake/layout.h"

namespace cdc::lake {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// A key a store accepts and that is not lakefeed's own: what a committed file may be named.
bool ValidFileKey(std::string_view key) {
  if (key.empty() || key.size() > 1024 || key.starts_with(kLakefeedPrefix)) return false;
  if (key.find('\0') != std::string_view::npos) return false;
  size_t begin = 0;
  while (true) {
    size_t end = key.find('/', begin);
    std::string_view segment = key.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (end == std::string_view::npos) return true;
    begin = end + 1;
  }
}

// Reads typed fields of a parsed checkpoint, turning every mismatch into a Corruption that names
// the checkpoint key and the field path ("files[2].rows").
class FieldReader {
 public:
  explicit FieldReader(std::string_view key) : key_(key) {}

  Status Error(std::string_view path, std::string_view problem) const {
    return Status::Corruption("checkpoint " + std::string(key_), "\"" + std::string(path) + "\" " + std::string(problem));
  }

  Result<const Json*> Member(const Json& object, const char* name, std::string_view path) const {
    auto found = object.find(name);
    if (found == object.end()) return Error(path, "is missing");
    return &*found;
  }

  Result<uint64_t> Unsigned(const Json& object, const char* name, std::string_view path) const {
    CDC_ASSIGN_OR_RETURN(const Json* value, Member(object, name, path));
    if (!value->is_number_unsigned()) return Error(path, "is not an unsigned integer");
    return value->get<uint64_t>();
  }

  Result<int64_t> Signed(const Json& object, const char* name, std::string_view path) const {
    CDC_ASSIGN_OR_RETURN(const Json* value, Member(object, name, path));
    if (value->is_number_unsigned()) {
      uint64_t unsigned_value = value->get<uint64_t>();
      if (unsigned_value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Error(path, "is out of range");
      }
      return static_cast<int64_t>(unsigned_value);
    }
    if (!value->is_number_integer()) return Error(path, "is not an integer");
    return value->get<int64_t>();
  }

  Result<std::string> String(const Json& object, const char* name, std::string_view path) const {
    CDC_ASSIGN_OR_RETURN(const Json* value, Member(object, name, path));
    if (!value->is_string()) return Error(path, "is not a string");
    return value->get<std::string>();
  }

  Result<const Json*> Object(const Json& object, const char* name, std::string_view path) const {
    CDC_ASSIGN_OR_RETURN(const Json* value, Member(object, name, path));
    if (!value->is_object()) return Error(path, "is not an object");
    return value;
  }

 private:
  std::string_view key_;
};

Result<TableStats> DecodeTableStats(const FieldReader& reader, const Json& object, const std::string& path) {
  if (!object.is_object()) return reader.Error(path, "is not an object");
  TableStats stats;
  CDC_ASSIGN_OR_RETURN(stats.inserts, reader.Unsigned(object, "inserts", path + ".inserts"));
  CDC_ASSIGN_OR_RETURN(stats.updates, reader.Unsigned(object, "updates", path + ".updates"));
  CDC_ASSIGN_OR_RETURN(stats.deletes, reader.Unsigned(object, "deletes", path + ".deletes"));
  CDC_ASSIGN_OR_RETURN(stats.ddls, reader.Unsigned(object, "ddls", path + ".ddls"));
  CDC_ASSIGN_OR_RETURN(stats.full_load_rows, reader.Unsigned(object, "full_load_rows", path + ".full_load_rows"));
  CDC_ASSIGN_OR_RETURN(stats.last_update_ms, reader.Signed(object, "last_update_ms", path + ".last_update_ms"));
  return stats;
}

Result<CommittedFile> DecodeFile(const FieldReader& reader, const Json& object, const std::string& path) {
  if (!object.is_object()) return reader.Error(path, "is not an object");
  CommittedFile file;
  CDC_ASSIGN_OR_RETURN(file.key, reader.String(object, "key", path + ".key"));
  if (!ValidFileKey(file.key)) return reader.Error(path + ".key", "is not a table file key: \"" + file.key + "\"");
  CDC_ASSIGN_OR_RETURN(file.table, reader.String(object, "table", path + ".table"));
  CDC_ASSIGN_OR_RETURN(file.rows, reader.Unsigned(object, "rows", path + ".rows"));
  CDC_ASSIGN_OR_RETURN(file.bytes, reader.Unsigned(object, "bytes", path + ".bytes"));
  CDC_ASSIGN_OR_RETURN(file.first_seq, reader.Unsigned(object, "first_seq", path + ".first_seq"));
  CDC_ASSIGN_OR_RETURN(file.last_seq, reader.Unsigned(object, "last_seq", path + ".last_seq"));
  if (file.first_seq > file.last_seq) return reader.Error(path, "has first_seq after last_seq");
  CDC_ASSIGN_OR_RETURN(file.etag, reader.String(object, "etag", path + ".etag"));
  return file;
}

}  // namespace

Result<std::string> EncodeCheckpoint(const Checkpoint& checkpoint) {
  OrderedJson out;
  out["version"] = kCheckpointVersion;
  out["number"] = checkpoint.number;
  out["position"] = {{"file", checkpoint.position.file},
                     {"offset", checkpoint.position.offset},
                     {"gtid", checkpoint.position.gtid}};
  if (!checkpoint.emitted_through.empty()) {
    out["emitted_through"] = {{"file", checkpoint.emitted_through.file},
                              {"offset", checkpoint.emitted_through.offset},
                              {"gtid", checkpoint.emitted_through.gtid}};
  }
  out["next_seq"] = checkpoint.next_seq;
  out["commit_time_us"] = checkpoint.commit_time_us;
  out["written_ms"] = checkpoint.written_ms;
  out["staging"] = checkpoint.staging;
  OrderedJson files = OrderedJson::array();
  for (const CommittedFile& file : checkpoint.files) {
    files.push_back({{"key", file.key},
                     {"table", file.table},
                     {"rows", file.rows},
                     {"bytes", file.bytes},
                     {"first_seq", file.first_seq},
                     {"last_seq", file.last_seq},
                     {"etag", file.etag}});
  }
  out["files"] = std::move(files);
  OrderedJson tables = OrderedJson::object();
  for (const auto& [table, stats] : checkpoint.tables) {
    tables[table] = {{"inserts", stats.inserts},       {"updates", stats.updates},
                     {"deletes", stats.deletes},       {"ddls", stats.ddls},
                     {"full_load_rows", stats.full_load_rows}, {"last_update_ms", stats.last_update_ms}};
  }
  out["tables"] = std::move(tables);
  OrderedJson last_names = OrderedJson::object();
  for (const auto& [folder, stem] : checkpoint.last_names) last_names[folder] = stem;
  out["last_names"] = std::move(last_names);
  OrderedJson load_counters = OrderedJson::object();
  for (const auto& [folder, counter] : checkpoint.load_counters) load_counters[folder] = counter;
  out["load_counters"] = std::move(load_counters);
  if (checkpoint.earlier_last_seqs) {
    OrderedJson earlier_last_seqs = OrderedJson::object();
    for (const auto& [folder, seq] : *checkpoint.earlier_last_seqs) earlier_last_seqs[folder] = seq;
    out["earlier_last_seqs"] = std::move(earlier_last_seqs);
  }
  if (!checkpoint.full_load.empty()) {
    // Keys sorted, as DecodeCheckpoint gives them back: encoding stays deterministic.
    Json full_load = Json::parse(checkpoint.full_load, nullptr, /*allow_exceptions=*/false);
    if (!full_load.is_object()) {
      return Status::InvalidArgument("checkpoint " + std::to_string(checkpoint.number), "full_load is not a JSON object");
    }
    out["full_load"] = OrderedJson::parse(full_load.dump());
  }
  try {
    // Strict UTF-8: a name JSON cannot carry must fail here, not be altered silently.
    return out.dump(1);
  } catch (const OrderedJson::exception& error) {
    return Status::InvalidArgument("checkpoint " + std::to_string(checkpoint.number), error.what());
  }
}

Result<Checkpoint> DecodeCheckpoint(std::string_view json, std::string_view key) {
  FieldReader reader(key);
  Json root = Json::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return reader.Error("(document)", "is not valid JSON");
  if (!root.is_object()) return reader.Error("(document)", "is not a JSON object");

  CDC_ASSIGN_OR_RETURN(uint64_t version, reader.Unsigned(root, "version", "version"));
  if (version > static_cast<uint64_t>(kCheckpointVersion)) {
    return Status::NotSupported("checkpoint " + std::string(key),
                                "version " + std::to_string(version) + " is newer than this lakefeed reads (" +
                                    std::to_string(kCheckpointVersion) + ")");
  }
  if (version == 0) return reader.Error("version", "is 0");

  Checkpoint checkpoint;
  CDC_ASSIGN_OR_RETURN(checkpoint.number, reader.Unsigned(root, "number", "number"));
  if (std::optional<uint64_t> key_number = ParseCheckpointKey(key);
      key_number.has_value() && *key_number != checkpoint.number) {
    return reader.Error("number", "is " + std::to_string(checkpoint.number) + ", not the number of its key");
  }
  CDC_ASSIGN_OR_RETURN(const Json* position, reader.Object(root, "position", "position"));
  CDC_ASSIGN_OR_RETURN(checkpoint.position.file, reader.String(*position, "file", "position.file"));
  CDC_ASSIGN_OR_RETURN(checkpoint.position.offset, reader.Unsigned(*position, "offset", "position.offset"));
  CDC_ASSIGN_OR_RETURN(checkpoint.position.gtid, reader.String(*position, "gtid", "position.gtid"));
  if (root.contains("emitted_through")) {  // optional: only while XA transactions were held
    CDC_ASSIGN_OR_RETURN(const Json* emitted, reader.Object(root, "emitted_through", "emitted_through"));
    CDC_ASSIGN_OR_RETURN(checkpoint.emitted_through.file, reader.String(*emitted, "file", "emitted_through.file"));
    CDC_ASSIGN_OR_RETURN(checkpoint.emitted_through.offset,
                         reader.Unsigned(*emitted, "offset", "emitted_through.offset"));
    CDC_ASSIGN_OR_RETURN(checkpoint.emitted_through.gtid, reader.String(*emitted, "gtid", "emitted_through.gtid"));
  }
  CDC_ASSIGN_OR_RETURN(checkpoint.next_seq, reader.Unsigned(root, "next_seq", "next_seq"));
  CDC_ASSIGN_OR_RETURN(checkpoint.commit_time_us, reader.Signed(root, "commit_time_us", "commit_time_us"));
  CDC_ASSIGN_OR_RETURN(checkpoint.written_ms, reader.Signed(root, "written_ms", "written_ms"));
  CDC_ASSIGN_OR_RETURN(checkpoint.staging, reader.String(root, "staging", "staging"));

  CDC_ASSIGN_OR_RETURN(const Json* files, reader.Member(root, "files", "files"));
  if (!files->is_array()) return reader.Error("files", "is not an array");
  std::set<std::string> file_keys;
  for (size_t file_idx = 0; file_idx < files->size(); ++file_idx) {
    std::string path = "files[" + std::to_string(file_idx) + "]";
    CDC_ASSIGN_OR_RETURN(CommittedFile file, DecodeFile(reader, (*files)[file_idx], path));
    if (!file_keys.insert(file.key).second) return reader.Error(path + ".key", "names \"" + file.key + "\" twice");
    checkpoint.files.push_back(std::move(file));
  }
  // The staging prefix decides which keys recovery moves; it must stay inside _lakefeed/staging/.
  bool staging_ok = checkpoint.staging.empty()
                        ? checkpoint.files.empty()
                        : checkpoint.staging.size() > kStagingPrefix.size() &&
                              checkpoint.staging.starts_with(kStagingPrefix) && checkpoint.staging.ends_with('/') &&
                              ValidFileKey(std::string_view(checkpoint.staging)
                                               .substr(kStagingPrefix.size(),
                                                       checkpoint.staging.size() - kStagingPrefix.size() - 1));
  if (!staging_ok) return reader.Error("staging", "is not a staging prefix: \"" + checkpoint.staging + "\"");

  CDC_ASSIGN_OR_RETURN(const Json* tables, reader.Object(root, "tables", "tables"));
  for (const auto& [table, stats] : tables->items()) {
    CDC_ASSIGN_OR_RETURN(checkpoint.tables[table], DecodeTableStats(reader, stats, "tables." + table));
  }
  CDC_ASSIGN_OR_RETURN(const Json* last_names, reader.Object(root, "last_names", "last_names"));
  for (const auto& [folder, stem] : last_names->items()) {
    std::string path = "last_names." + folder;
    if (!stem.is_string()) return reader.Error(path, "is not a string");
    std::string text = stem.get<std::string>();
    if (!ParseCdcStem(text).has_value()) return reader.Error(path, "is not a yyyymmdd-hhmmssfff name: \"" + text + "\"");
    checkpoint.last_names[folder] = std::move(text);
  }
  CDC_ASSIGN_OR_RETURN(const Json* load_counters, reader.Object(root, "load_counters", "load_counters"));
  for (const auto& [folder, counter] : load_counters->items()) {
    std::string path = "load_counters." + folder;
    if (!counter.is_number_unsigned() || counter.get<uint64_t>() > std::numeric_limits<uint32_t>::max()) {
      return reader.Error(path, "is not a LOAD counter (0..4294967295)");
    }
    checkpoint.load_counters[folder] = static_cast<uint32_t>(counter.get<uint64_t>());
  }
  if (root.contains("earlier_last_seqs")) {  // optional: older checkpoints lack it
    CDC_ASSIGN_OR_RETURN(const Json* earlier, reader.Object(root, "earlier_last_seqs", "earlier_last_seqs"));
    checkpoint.earlier_last_seqs.emplace();
    for (const auto& [folder, seq] : earlier->items()) {
      if (!seq.is_number_unsigned()) return reader.Error("earlier_last_seqs." + folder, "is not a seq");
      (*checkpoint.earlier_last_seqs)[folder] = seq.get<uint64_t>();
    }
  }
  // Optional: only while a full load is under way (its own reader checks the content).
  if (auto full_load = root.find("full_load"); full_load != root.end()) {
    if (!full_load->is_object()) return reader.Error("full_load", "is not an object");
    checkpoint.full_load = full_load->dump();
  }
  return checkpoint;
}

}  // namespace cdc::lake
