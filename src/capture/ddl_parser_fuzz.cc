// libFuzzer target for the DDL parser and the schema tracker: QUERY event text is outside input.
// Seeds: fuzz_seeds/ddl_parser/ (statements like those of ddl_parser_test.cc).
// Checks, besides "no crash":
//   - ParseDdl never fails as a call and keeps its error well-formed (InvalidArgument/NotSupported);
//   - the input applied to a tracker that knows a few tables gives records that a fresh tracker
//     restores without error, after which both know the same definitions (Restore is the inverse
//     of what ApplyDdl records);
//   - the input read as a history record never crashes Restore.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/logging.h"
#include "capture/ddl_parser.h"
#include "capture/schema_tracker.h"

namespace {

using cdc::capture::DdlStatement;
using cdc::capture::SchemaTracker;
using cdc::capture::TableDefinition;

std::unique_ptr<SchemaTracker> MakeTracker(uint64_t* next_seq) {
  return std::make_unique<SchemaTracker>(
      [](std::string_view, std::string_view) -> cdc::Result<TableDefinition> {
        return cdc::Status::NotFound("information_schema", "not in the fuzzer");
      },
      [next_seq] { return *next_seq; });
}

// Same columns, names, types, collations, labels and key.
bool SameDefinition(const std::optional<TableDefinition>& a, const std::optional<TableDefinition>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  if (a->columns.size() != b->columns.size() || a->primary_key != b->primary_key) return false;
  for (size_t i = 0; i < a->columns.size(); ++i) {
    const auto& x = a->columns[i];
    const auto& y = b->columns[i];
    if (x.name != y.name || x.data_type != y.data_type || x.column_type != y.column_type ||
        x.is_unsigned != y.is_unsigned || x.nullable != y.nullable || x.labels != y.labels ||
        x.collation != y.collation || x.in_primary_key != y.in_primary_key) {
      return false;
    }
  }
  return true;
}

void Check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cdc::SetLogLevel(cdc::LogLevel::kError);
  const std::string_view sql(reinterpret_cast<const char*>(data), size);

  cdc::capture::ParsedDdl parsed = cdc::capture::ParseDdl(sql);
  Check(parsed.error.ok() || parsed.error.IsInvalidArgument() || parsed.error.IsNotSupported());

  uint64_t next_seq = 1;
  std::unique_ptr<SchemaTracker> tracker = MakeTracker(&next_seq);
  std::vector<std::string> records;
  auto apply = [&](std::string text) -> bool {
    DdlStatement ddl;
    ddl.database = "db";
    ddl.sql = std::move(text);
    ddl.seq = next_seq++;
    ddl.position = {"binlog.000001", ddl.seq * 100, ""};
    auto changes = tracker->ApplyDdl(ddl);
    for (std::string& record : tracker->TakePendingRecords()) records.push_back(std::move(record));
    return changes.ok();
  };
  Check(apply("CREATE DATABASE db CHARACTER SET latin1"));
  Check(apply("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10), b ENUM('x','y') CHARSET utf8mb4, c TEXT)"));
  Check(apply("CREATE TABLE db.u (k BIGINT UNSIGNED, v BLOB, PRIMARY KEY (k))"));
  auto changes =
      tracker->ApplyDdl(DdlStatement{"db", std::string(sql), next_seq++, {"binlog.000001", 9999, ""}});
  for (std::string& record : tracker->TakePendingRecords()) records.push_back(std::move(record));

  uint64_t restored_seq = 1;
  std::unique_ptr<SchemaTracker> restored = MakeTracker(&restored_seq);
  for (const std::string& record : records) Check(restored->Restore(record).ok());
  std::vector<std::pair<std::string, std::string>> names = {{"db", "t"}, {"db", "u"}};
  if (changes.ok()) {
    for (const auto& change : *changes) {
      names.emplace_back(change.schema_name, change.table_name);
      if (!change.new_table_name.empty()) names.emplace_back(change.new_schema_name, change.new_table_name);
    }
  }
  for (const auto& [schema, table] : names) {
    Check(SameDefinition(tracker->Find(schema, table), restored->Find(schema, table)));
  }

  uint64_t unused_seq = 1;
  std::unique_ptr<SchemaTracker> from_record = MakeTracker(&unused_seq);
  (void)from_record->Restore(sql);
  return 0;
}
