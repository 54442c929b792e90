#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "model/change_batch.h"
#include "model/table_schema.h"
#include "mysql/connection.h"
#include "mysql/schema_hints.h"

namespace cdc::snapshot {

// The model schema of a table from its information_schema definition (mysql::TableHints, mysql/schema_hints.h):
// for every column the wire FieldType and metadata a TABLE_MAP of this server would carry with
// binlog_row_metadata=FULL (binlog/table_map.h lists the metadata per type): DECIMAL precision and scale,
// fsp of TIME/DATETIME/TIMESTAMP (TIME2/DATETIME2/TIMESTAMP2, the only forms current servers write), BIT
// width, CHAR/VARCHAR maximum length in bytes (characters times the character set's maximum bytes per
// character), BLOB/TEXT pack length, ENUM/SET pack length, MySQL JSON vs MariaDB JSON-as-LONGTEXT, GEOMETRY
// and its geometry type, MariaDB compressed columns (VARCHAR_COMPRESSED/BLOB_COMPRESSED); names, nullability,
// signedness (MariaDB's TABLE_MAP also calls YEAR unsigned), collation (MariaDB's also gives GEOMETRY the
// binary collation), ENUM/SET labels, primary key, the sql_type hint for MariaDB UUID/INET4/INET6, and `kind`
// from binlog::ChooseValueKind -- so that a RowDecoder and a RowReader built from the same table store every
// value identically.
//
// InvalidArgument naming the table and column for a type it does not know, a COLUMN_TYPE it cannot parse,
// or a character column whose collation id is unknown (its maximum bytes per character decide the metadata).
Result<model::TableSchemaPtr> SchemaFromDefinition(const mysql::TableHints& definition, mysql::ServerFlavor flavor);

// Reads rows of one table from SELECT results (text protocol) into ChangeBatch images that hold exactly
// what binlog::RowDecoder stores for the same row (docs/value-text.md, "Rows read by SELECT"):
//
//   integers        `c`, parsed with std::from_chars, checked against the column type's range
//   FLOAT, DOUBLE   IF(`c` = 0 AND ATAN2(`c`, -1) < 0, '-0', CAST(`c` AS DOUBLE)): the shortest text that reads
//                   back as the same double (SELECT itself rounds FLOAT to 6 digits and drops the sign of -0);
//                   a FLOAT must convert to binary32 exactly
//   DECIMAL         `c`: exact text with `scale` digits, checked and copied
//   YEAR, DATE, TIME, DATETIME   `c`, parsed into the Packed* forms (zero dates, negative and > 24 h TIME)
//   TIMESTAMP       `c` in a session with time_zone '+00:00' (SessionSetup), to UTC epoch seconds; the zero
//                   timestamp is 0
//   BIT             `c`: the server sends the bits as raw big-endian bytes
//   ENUM, SET       `c`+0: the index / bitmask, never the label
//   character data  CAST(`c` AS BINARY): the stored bytes in the column's character set, converted with
//                   binlog::AppendUtf8 exactly as the decoder converts binlog bytes (so every character set,
//                   latin1 0x80-0x9F included, gives the decoder's UTF-8; invalid bytes are Corruption)
//   binary data     `c`: raw bytes (BINARY(n) padded to n with 0x00, as the decoder pads)
//   MySQL JSON      `c`: the server's JSON text (checked as UTF-8)
//   GEOMETRY        `c`: SRID + WKB as stored
//   UUID, INET4, INET6 (MariaDB)  `c`: their text, parsed into the decoder's bytes / slot
//   VECTOR          `c`: the little-endian binary32 values
// MariaDB compressed columns come back inflated from SELECT, as the decoder inflates them. Invisible columns
// are selected by name like the others (they are in the binlog too).
//
// Not thread-safe; one per reader thread. The schema is shared and immutable.
class RowReader {
 public:
  // How one cell of the select list is parsed (public for tests; not a stable interface).
  enum class Parse : uint8_t {
    kSigned, kUnsigned, kFloat, kDouble, kDecimal, kYear, kDate, kTime, kDateTime, kTimestamp, kBit, kEnum,
    kSet,
    kConvert,     // character data: raw bytes in `collation`, converted with AppendUtf8
    kAsIs,        // character data of unknown collation: the bytes as they are (as the decoder keeps them)
    kBytes,       // binary data, GEOMETRY
    kJsonText,    // MySQL JSON text (UTF-8)
    kUuid, kInet4, kInet6,
    kVector,
  };

  // `schema` must come from SchemaFromDefinition (or match the table's columns in order).
  explicit RowReader(model::TableSchemaPtr schema);

  const model::TableSchema& schema() const { return *schema_; }
  const model::TableSchemaPtr& schema_ptr() const { return schema_; }

  // The select list reading every column, one cell per column in column order, in the form AppendInsert
  // parses, e.g. "`id`,IF(`f` = 0 AND ...),`e`+0,CAST(`s` AS BINARY)".
  const std::string& select_list() const { return select_list_; }

  // Session statements a reading connection must run first, once: time_zone '+00:00' (TIMESTAMP text in UTC),
  // utf8mb4 results (JSON and UUID/INET text) and an sql_mode without PAD_CHAR_TO_FULL_LENGTH (CHAR values
  // come back without trailing spaces, as the binlog holds them).
  static const std::vector<std::string>& SessionSetup();

  // Appends one row (`row` holds the cells of select_list()) as one image plus an insert RowChange whose
  // origin is `origin_index` in the batch's origins (the caller adds the origin). *batch must have been
  // built for this reader's schema. Returns Corruption naming the table, the column and the cell's text
  // (truncated) for a cell that does not parse, and for a row with another number of cells; the batch is
  // then left as before the call. Allocates nothing once the batch's vectors have grown.
  Status AppendInsert(const mysql::TextRow& row, uint32_t origin_index, model::ChangeBatch* batch);

  // The per-column plan (public for tests).
  struct ColumnPlan {
    Parse parse = Parse::kBytes;
    int64_t min = 0;         // kSigned: the type's range
    uint64_t max = 0;        // kSigned/kUnsigned: the type's maximum; kBit/kEnum/kSet: the largest value
    uint8_t fsp = 0;         // temporal fractional digits
    uint8_t precision = 0;   // DECIMAL
    uint8_t scale = 0;       // DECIMAL
    uint8_t bit_bytes = 0;   // kBit: (bits + 7) / 8
    bool pad_binary = false;        // BINARY(n): pad with 0x00 to max_length
    uint16_t collation = 0;
    uint32_t max_length = 0;  // bytes kinds: the largest value in bytes (0 = no limit checked)
  };
  const std::vector<ColumnPlan>& plans() const { return plans_; }

 private:
  Status AppendCell(const ColumnPlan& plan, std::string_view text, model::ColumnVector* column);
  Status CellError(size_t column_idx, std::string_view text, std::string_view detail) const;

  model::TableSchemaPtr schema_;
  std::vector<ColumnPlan> plans_;
  std::string select_list_;
};

std::string_view ToString(RowReader::Parse parse);

}  // namespace cdc::snapshot
