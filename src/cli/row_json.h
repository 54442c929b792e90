#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/change_batch.h"
#include "model/table_schema.h"

namespace cdc::cli {

// Appends `text` to *out as the body of a JSON string (no quotes): '"' and '\' are escaped,
// control characters (< 0x20) become \u00XX, valid UTF-8 is kept as is, and each byte that is not
// part of a valid UTF-8 sequence becomes \u00XX -- the Latin-1 reading of the byte, which is right
// for the most common non-UTF-8 text (latin1 strings whose character set the binlog does not say).
void AppendJsonStringBody(std::string_view text, std::string* out);

// The length of the longest prefix of `text` that AppendJsonStringBody copies unchanged and that
// needs no UTF-8 check: printable ASCII other than '"' and '\\'.
size_t JsonSafePrefix(std::string_view text);

// Renders the row changes of a ChangeBatch as `lakefeed binlog-dump` lines, one JSON object per
// change, keys in this order:
//   {"op":"I","schema":"db","table":"t","gtid":"0-1-5","file":"binlog.000001","pos":1234,
//    "end_log_pos":1300,"ts":1650493084,"before":null,"after":{"id":"1","name":"x","c":null}}
// op is I/U/D; before/after map each column present in the image (by name, or "@N" 1-based when
// the name is unknown) to its text form (model::AppendValueText) or null for NULL; columns absent
// from a minimal image are left out; before is null for inserts, after for deletes.
//
// Built for speed: the JSON keys of a schema's columns are prepared once per schema and each
// value's text goes through one reused scratch buffer, so a line costs no allocation once the
// buffers have grown. Not thread-safe.
class RowJsonWriter {
 public:
  // Appends one line (with '\n') per change of `batch` to *out.
  void AppendBatch(const model::ChangeBatch& batch, std::string* out);

 private:
  struct SchemaKeys {
    model::TableSchemaPtr schema;     // keeps the schema (and so the map key) alive
    std::string prefix;               // ,"schema":"db","table":"t",
    std::vector<std::string> columns;  // "name":  per column
  };
  const SchemaKeys& KeysFor(const model::TableSchemaPtr& schema);
  void AppendImage(const model::ChangeBatch& batch, const SchemaKeys& keys, uint32_t image, std::string* out);
  // Sets origin_text_ to the part of a line that only depends on the change's origin:
  //   "gtid":"..","file":"..","pos":N,"end_log_pos":N,"ts":N,"before":
  void PrepareOriginText(const model::ChangeOrigin& origin);

  std::unordered_map<const model::TableSchema*, SchemaKeys> keys_;
  const model::TableSchema* last_schema_ = nullptr;
  const SchemaKeys* last_keys_ = nullptr;
  std::string scratch_;
  std::string origin_text_;
};

}  // namespace cdc::cli
