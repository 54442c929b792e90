#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

// Chunk keys of the full load: the values of a table's chunking key (its primary key, or a unique
// key of NOT NULL columns) for one row, how they order, how they are written into SQL and into a
// checkpoint. docs/full-load.md "Chunks".
namespace cdc::snapshot {

// The value of one key column of one row, as the ColumnVector stores it (model/change_batch.h):
// a slot for slot kinds, bytes for bytes kinds. Key columns are NOT NULL, so there is no state.
struct KeyPart {
  uint64_t slot = 0;
  std::string bytes;

  bool operator==(const KeyPart& other) const { return slot == other.slot && bytes == other.bytes; }
};

// The key of one row: one part per chunking-key column, in key order.
using ChunkKey = std::vector<KeyPart>;

// Which columns chunk a table, and whether lakefeed can order their values itself.
struct ChunkingKey {
  std::vector<uint32_t> columns;  // column indexes into the TableSchema, in key order; empty: none
  // True when the key is the primary key and every key column has a kind whose server order
  // CompareChunkKeys reproduces exactly (see KeyColumnOrderable): the table may then be read in
  // several key ranges, each in a consistent read of its own, and a change placed in its range.
  // Otherwise one consistent read per table: only the server may compare, or (a unique key) an
  // update that changes the key is one U row, not a D of the old key and an I of the new one.
  bool orderable = false;
};

// The key a table is chunked by: the primary key; else the first unique key whose columns are all
// NOT NULL (from `unique_keys`, each a list of column indexes in key order); else none. A key
// holding a column that cannot be a chunk boundary in SQL (JSON, GEOMETRY, VECTOR) counts as none.
ChunkingKey ChooseChunkingKey(const model::TableSchema& schema,
                              const std::vector<std::vector<uint32_t>>& unique_keys);

// Whether CompareChunkKeys orders values of `column` exactly as the server's ORDER BY does:
// integers, floating point, DECIMAL, YEAR, temporal types, BIT, ENUM (by index), SET (by bitmask),
// binary strings, INET4/INET6, and character strings in a binary collation over UTF-8
// (utf8mb4_bin, utf8mb3_bin, ascii_bin with PAD SPACE; utf8mb4_0900_bin and the nopad_bin ones
// without). Not: other collations (the server's collation order is not reproduced here), UUID
// (MariaDB sorts it in its record order).
bool KeyColumnOrderable(const model::ColumnSchema& column);

// The key of image `image` of `batch` (a full image: every key column holds a value).
// InvalidArgument when a key column is NULL or absent.
Result<ChunkKey> ExtractChunkKey(const model::ChangeBatch& batch, uint32_t image, const ChunkingKey& key);

// <0, 0, >0 as `a` sorts before, with, or after `b` on the server. Only for orderable keys.
int CompareChunkKeys(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& a, const ChunkKey& b);

// SQL for the rows strictly after `after` in key order, for a WHERE clause:
// "(`a` > 1 OR (`a` = 1 AND `b` > 'x'))" (expanded, which every server's range optimiser uses).
// Literals are typed so that the server compares in the column's type and collation: integers and
// DECIMAL bare, FLOAT as the exact double of its value, temporal and UUID/INET quoted, ENUM/SET by
// number, strings as _utf8mb4 X'..' (coercible: the column's collation decides), binary as X'..'.
std::string KeyAfterCondition(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& after);
// SQL for the rows at or before `through` in key order: "(`a` < 1 OR (`a` = 1 AND `b` <= 'x'))".
std::string KeyAtMostCondition(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& through);
// "`a`,`b`", for ORDER BY.
std::string KeyColumnList(const model::TableSchema& schema, const ChunkingKey& key);

// A key in the checkpoint: a JSON array with one element per part, a number for slot kinds and a
// hex string for bytes kinds. DecodeChunkKey checks the shape against the key's kinds.
std::string EncodeChunkKey(const model::TableSchema& schema, const ChunkingKey& key, const ChunkKey& value);
Result<ChunkKey> DecodeChunkKey(const model::TableSchema& schema, const ChunkingKey& key, std::string_view json);

// `name` quoted as an SQL identifier: `a``b`.
std::string QuoteIdentifier(std::string_view name);

}  // namespace cdc::snapshot
