#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "capture/capture_sink.h"
#include "model/table_schema.h"
#include "mysql/schema_hints.h"

namespace cdc::capture {

// A table's definition as tracked: what information_schema would say at a position.
using TableDefinition = mysql::TableHints;

// What a DDL statement did to one captured (or capturable) table.
struct SchemaChange {
  enum class Kind : uint8_t { kCreate, kAlter, kRename, kDrop, kTruncate };
  Kind kind = Kind::kAlter;
  std::string schema_name;  // the table before the statement
  std::string table_name;
  std::string new_schema_name;  // kRename (and ALTER ... RENAME): the table after it
  std::string new_table_name;
  std::optional<TableDefinition> definition;  // after the statement; none for kDrop
  uint64_t seq = 0;
  std::string sql;
};
std::string_view ToString(SchemaChange::Kind kind);

// Knows every table's schema at the current stream position (DESIGN-NOTES "Schema at a position").
//
// Definitions come from, in order: the schema history restored from the lake; the DDL statements
// of the stream, parsed and applied in order; and, for a table first seen, `definition_source`
// (information_schema), checked against the TABLE_MAP. Every definition learned becomes a history
// record (JSON) that the lake stores under _lakefeed/schema/ before the checkpoint covering it, so
// that a restart at any position knows the schema there.
//
// A table whose schema cannot be known -- no definition, a definition that does not fit the
// TABLE_MAP without FULL metadata, a DDL we cannot apply -- is an error that names the table and
// the position. Never a guess.
//
// Not thread-safe.
class SchemaTracker {
 public:
  using DefinitionSource = std::function<Result<TableDefinition>(std::string_view schema, std::string_view table)>;

  // `next_seq` tells the seq the next committed change will get (TransactionAssembler::state()):
  // a definition first learned from `definition_source` is recorded at that seq.
  SchemaTracker(DefinitionSource definition_source, std::function<uint64_t()> next_seq);
  ~SchemaTracker();

  // Replays one history record (as produced by TakePendingRecords), in seq order.
  Status Restore(std::string_view record_json);

  // For binlog::DecoderOptions::enrich_schema: completes a TABLE_MAP's schema (names, primary key,
  // labels, collations, MariaDB UUID/INET hints; ColumnSchema::kind recomputed) from the definition
  // current at this position. With FULL metadata the TABLE_MAP's own names win.
  Status Enrich(model::TableSchema* schema);

  // A DDL statement from the stream (a capture DdlStatement), applied to the tracked definitions.
  // Returns what it did to each table (empty for statements that change no table definition).
  // After a non-empty result the caller must drop the decoder's prepared tables
  // (binlog::Decoder::InvalidateTables) so that the next TABLE_MAP is enriched again.
  Result<std::vector<SchemaChange>> ApplyDdl(const DdlStatement& ddl);

  // History records learned since the last call, in seq order (JSON text; each carries its seq).
  std::vector<std::string> TakePendingRecords();

  // The definition now, or nullopt when the table is not known.
  std::optional<TableDefinition> Find(std::string_view schema, std::string_view table) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The seq a history record carries (for ordering and pruning records beyond a checkpoint).
Result<uint64_t> SchemaRecordSeq(std::string_view record_json);

}  // namespace cdc::capture
