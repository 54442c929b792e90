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
#include "model/source_position.h"
#include "model/table_schema.h"
#include "mysql/schema_hints.h"

namespace cdc::mysql {
class Connection;
}

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
  // After the statement. None for kDrop, and when the definition is not known after it: a table
  // the tracker does not know yet (its definition will come from the DefinitionSource at its next
  // TABLE_MAP), or a statement it could not apply (Enrich then fails for the table).
  std::optional<TableDefinition> definition;
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
// the position. Never a guess. docs/schema-history.md describes the rules and the record format.
//
// Not thread-safe.
class SchemaTracker {
 public:
  using DefinitionSource = std::function<Result<TableDefinition>(std::string_view schema, std::string_view table)>;
  // The default collation id of `schema`.`table`, or of database `schema` when `table` is empty
  // (information_schema.TABLES.TABLE_COLLATION / SCHEMATA.DEFAULT_COLLATION_NAME; see
  // ReadDefaultCollation). Unavailable errors stop the caller (retry); other errors mean "unknown".
  using CollationSource = std::function<Result<uint16_t>(std::string_view schema, std::string_view table)>;

  // `next_seq` tells the seq the next committed change will get (TransactionAssembler::state()):
  // a definition first learned from `definition_source` is recorded at that seq.
  SchemaTracker(DefinitionSource definition_source, std::function<uint64_t()> next_seq);
  ~SchemaTracker();

  // Optional. Where the stream is (the event being decoded): stored in the records of definitions
  // learned from `definition_source` and named in Enrich's errors. Without it those carry an
  // empty position (the decoder still adds file and offset to Enrich's errors).
  void SetPositionSource(std::function<model::SourcePosition()> position);
  // Optional. Default collations, for columns whose DDL names no character set: a table's when its
  // definition is first learned from `definition_source`, a database's when a CREATE TABLE in it
  // names none and no CREATE/ALTER DATABASE in the stream told it. Without it such columns get
  // collation 0 (unknown), which the row decoder reads as UTF-8.
  void SetCollationSource(CollationSource source);

  // Replays one history record (as produced by TakePendingRecords), in (seq, index) order.
  // Corruption when the record is malformed or out of order.
  Status Restore(std::string_view record_json);

  // For binlog::DecoderOptions::enrich_schema: completes a TABLE_MAP's schema (names, primary key,
  // labels, collations, MariaDB UUID/INET hints; ColumnSchema::kind recomputed) from the definition
  // current at this position. A table not known yet is read from `definition_source` and recorded.
  // Errors name the table and the position: NotFound when the source does not know the table;
  // InvalidArgument when the definition does not fit the TABLE_MAP (column count, a type family,
  // or with FULL metadata a column name) or a DDL on the table could not be applied; the source's
  // own errors (Unavailable: retry). With FULL metadata (every column named in the TABLE_MAP) none
  // of these is an error: the TABLE_MAP wins, the hints are skipped and a warning is logged.
  // Call it only for captured tables: an unknown uncaptured table would stop the stream for nothing.
  Status Enrich(model::TableSchema* schema);

  // A DDL statement from the stream (a capture DdlStatement), applied to the tracked definitions.
  // Returns what it did to each table (empty for statements that change no table definition).
  // After a non-empty result the caller must drop the decoder's prepared tables
  // (binlog::Decoder::InvalidateTables) so that the next TABLE_MAP is enriched again.
  // A statement that cannot be parsed or applied on a known table is not an error here: the table's
  // definition becomes unknown (a change with no definition, and a record), and Enrich fails for it
  // with this statement and position in the message. InvalidArgument (naming the statement and the
  // position) only when the statement cannot even be tied to a table, or an unqualified name has no
  // default database; the collation source's Unavailable errors pass through.
  Result<std::vector<SchemaChange>> ApplyDdl(const DdlStatement& ddl);

  // The definition the full load read for a table (from `definition_source` at `position`, the
  // load's consistent read), recorded at `seq` (a seq of its own, before the table's full-load rows); it
  // replaces any definition tracked so far. The default collation comes from the collation source.
  // InvalidArgument when `seq` is below the last record's; the collation source's Unavailable.
  // With `reload`, the record's kind is "reload" (the table's rows so far are replaced by the
  // full-load rows that follow; `lakefeed reload`), else "snapshot".
  Status Learn(std::string_view schema, std::string_view table, TableDefinition definition, uint64_t seq,
               const model::SourcePosition& position, bool reload = false);

  // History records learned since the last call, in seq order (JSON text; each carries its seq).
  std::vector<std::string> TakePendingRecords();

  // The definition now, or nullopt when the table is not known.
  std::optional<TableDefinition> Find(std::string_view schema, std::string_view table) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The seq a history record carries (for ordering and pruning records beyond a checkpoint).
// Several records may share a seq (a snapshot learned in a transaction, DROP TABLE a, b); they
// also carry an "index" and must be restored in (seq, index) order, as TakePendingRecords returns
// them.
Result<uint64_t> SchemaRecordSeq(std::string_view record_json);

// A CollationSource over information_schema: the default collation id of `schema`.`table`
// (TABLES.TABLE_COLLATION), or of database `schema` when `table` is empty
// (SCHEMATA.DEFAULT_COLLATION_NAME). NotFound when the table or database does not exist or the
// collation's name is not one binlog/charset.h knows; other errors as Connection::Query.
Result<uint16_t> ReadDefaultCollation(mysql::Connection& connection, std::string_view schema,
                                      std::string_view table);

}  // namespace cdc::capture
