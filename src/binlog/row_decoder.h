#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/status.h"
#include "binlog/rows_event.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

namespace cdc::binlog {

// Decodes the row images of one table's rows events into a columnar model::ChangeBatch.
//
// Prepared once per TABLE_MAP (per schema): the constructor turns every column into a small
// decode op (an enum plus its widths), so the per-row loop does no lookups, and no value
// allocates on the heap (values go into ColumnVector slots or the shared bytes buffer).
//
// Image layout (MySQL libbinlogevents/src/rows_event.cpp, sql/log_event.cc unpack_row;
// MariaDB sql/rpl_record.cc unpack_row): for each image, a null bitmap with one bit per
// column *present in the column bitmap* ((present + 7) / 8 bytes), then the values of the
// present, non-NULL columns in column order, each in its field's binary-log form
// (Field_*::pack). Columns missing from the column bitmap become CellState::kAbsent.
//
// Storage per model::ValueKind:
//   kInt64/kUInt64 the integer (sign- or zero-extended by the column's signedness)
//   kFloat/kDouble IEEE bit patterns; kYear 0 or 1901..2155; kBit the bits right-aligned
//   kDecimal       exact text with `scale` fraction digits ("-0.10000")
//   kDate/kTime/kDateTime/kTimestamp  model::Packed* (zero and partly-zero dates kept)
//   kEnum/kSet     index / bitmask
//   kString        UTF-8 (converted with AppendUtf8; bytes as-is when the collation is unknown)
//   kBinary, kGeometry, kVector  raw bytes;  kJson  JSON text (MySQL binary JSON converted)
//   kUuid          16 bytes, RFC 4122 order; kInet4 slot, host order; kInet6 16 bytes
//
// MariaDB compressed columns (VARCHAR/VARBINARY/TEXT/BLOB/JSON ... COMPRESSED, 10.3+; TABLE_MAP
// types VARCHAR_COMPRESSED and BLOB_COMPRESSED) carry their stored form: the VARCHAR/BLOB length
// prefix, then (sql/field.cc Field_longstr::compress/uncompress, sql/field_comp.cc):
//   - nothing, for the empty value;
//   - 0x00 and the original bytes, for a value stored as-is (shorter than
//     column_compression_threshold, or not smaller when compressed);
//   - a header 0x80 | no_wrapper << 3 | n (method 8 = zlib in the high nibble; n = 1..4), the
//     original length in n big-endian bytes, then zlib data (raw deflate when no_wrapper is set,
//     column_compression_zlib_wrap=OFF, the default).
// They decode to the original value, as SELECT returns it, in the column's kind (kString via the
// charset, kBinary, kJson). The zlib data must inflate to exactly the declared length, which may
// not exceed the column's maximum; anything else (another method, reserved bits, trailing bytes)
// is Corruption naming the table and column. Decompression reuses one zlib stream per decoder and
// writes into the column's bytes (or a reused buffer when the charset needs converting).
//
// PARTIAL_UPDATE_ROWS (MySQL 8.0.3+, binlog_row_value_options=PARTIAL_JSON): the after image
// starts with value_options (packed int); if bit 0 (PARTIAL_JSON) is set it is followed by a
// bitmap with one bit per JSON column present in the after image; a set bit means that
// column's value is a length (the column's meta bytes) followed by JSON diffs, which are
// applied to the column's before-image document (ApplyJsonDiffs) to produce the full after
// document. With binlog_row_image=MINIMAL the before image holds only the key columns and not
// the JSON column: the base document is then looked up in a bounded cache of recent full rows
// of this table (kRowCacheCapacity rows, filled from every decoded image of a table that has
// JSON columns, updated by updates, dropped by deletes), matching the values of the columns
// present in the before image. If the base is not known -- the row was last written before
// the decoder started, or fell out of the cache -- Decode returns NotSupported naming the table
// and explaining binlog_row_value_options; it never guesses. The cache lives in the decoder, so
// a stream decoder must keep one RowDecoder per table across repeated, identical TABLE_MAPs
// (servers send one per transaction) rather than rebuild it.
//
// Not thread-safe: one decoder per binlog stream and table. The schema is shared and immutable.
class RowDecoder {
 public:
  // Rows kept in the partial-JSON base cache (tables with JSON columns only).
  static constexpr size_t kRowCacheCapacity = 4096;

  explicit RowDecoder(model::TableSchemaPtr schema);
  ~RowDecoder();
  RowDecoder(const RowDecoder&) = delete;
  RowDecoder& operator=(const RowDecoder&) = delete;

  const model::TableSchema& schema() const { return *schema_; }
  const model::TableSchemaPtr& schema_ptr() const { return schema_; }

  // Decodes every row of one rows event (`row_data`: the body after DecodeRowsHeader, without
  // the checksum) and appends one RowChange per row to *out, plus one origin. *out must have
  // been built for this decoder's schema (same column count).
  // Returns Corruption naming the table and column if an image is truncated, a length runs
  // past the event, a value is malformed, or the header's column count differs from the
  // schema's; NotSupported for a partial JSON update whose base document is unknown. On error
  // the rows of this event already appended stay, the half-decoded image is rolled back
  // (ChangeBatch::AbandonImage), and the origin stays recorded.
  Status Decode(const RowsEventHeader& header, ByteView row_data, const model::ChangeOrigin& origin,
                model::ChangeBatch* out);

  // The per-column decode op (public for tests and the benchmark; not a stable interface).
  enum class Op : uint8_t {
    kInt8, kInt16, kInt24, kInt32, kInt64,        // signed
    kUInt8, kUInt16, kUInt24, kUInt32, kUInt64,   // unsigned
    kFloat, kDouble, kYear,
    kDecimal,
    kBit,
    kDate, kTimeOld, kTime2, kDateTimeOld, kDateTime2, kTimestampOld, kTimestamp2,
    kEnum, kSet,
    kStringUtf8,      // length-prefixed bytes appended as-is (utf8/utf8mb4/ascii/unknown)
    kStringConvert,   // length-prefixed bytes converted with AppendUtf8
    kBytes,           // length-prefixed raw bytes (binary, geometry, vector)
    kJson,            // length-prefixed MySQL binary JSON -> text
    kUuid, kInet4, kInet6,
    kCompressedUtf8,     // MariaDB compressed column: decompressed, then as kStringUtf8
    kCompressedConvert,  // ... then as kStringConvert
    kCompressedBytes,    // ... then as kBytes
    kUnsupported,     // a column type/metadata we cannot decode: Decode fails when it is present
  };

  struct ColumnOp {
    Op op = Op::kBytes;
    uint8_t length_bytes = 0;  // length prefix width for string/blob ops (1..4); 0 = fixed width
    uint8_t width = 0;         // fixed width in bytes (integers, DECIMAL, BIT, temporals, ENUM, SET)
    uint8_t precision = 0;     // DECIMAL precision / temporal fsp
    uint8_t scale = 0;         // DECIMAL scale
    bool ascii_compatible = false;  // kStringConvert: ASCII bytes may be appended unconverted
    bool pad_binary = false;   // BINARY(n): restore trailing 0x00 bytes up to max_length
    bool float_array = false;  // VECTOR: the length must be a multiple of 4
    uint16_t collation = 0;
    uint32_t max_length = 0;   // STRING, VARCHAR: maximum length in bytes (decides 1- or 2-byte prefix)
  };
  const std::vector<ColumnOp>& ops() const { return ops_; }

 private:
  struct CachedRow;
  class RowCache;
  class Inflater;

  // Cursor over the row data: [p, end).
  struct Cursor {
    const uint8_t* p;
    const uint8_t* end;
  };

  // Appends one image (one cell per column) to *out. `null_bytes` is the size of its null bitmap
  // (one bit per column present). For a partial after image, `before_cell` is the before
  // image's index in the column vectors (kNoImage when the event has none).
  Status DecodeImage(Cursor& in, const ColumnBitmap& present, size_t null_bytes, bool partial_after,
                     uint32_t before_cell, model::ChangeBatch* out);
  Status DecodeValue(const ColumnOp& op, size_t column_idx, Cursor& in, model::ColumnVector* column);
  Status DecodePartialJson(size_t column_idx, Cursor& in, uint32_t before_cell, model::ChangeBatch* out);
  // Appends `size` bytes in the column's charset, converted to UTF-8 (ASCII fast path).
  Status AppendConverted(const ColumnOp& op, size_t column_idx, const uint8_t* data, size_t size,
                         model::ColumnVector* column);
  // Appends the original value of a compressed column's stored bytes (see the class comment).
  Status DecodeCompressed(const ColumnOp& op, size_t column_idx, ByteView stored, model::ColumnVector* column);
  Status ColumnError(size_t column_idx, std::string_view detail) const;
  std::string TableName() const;

  model::TableSchemaPtr schema_;
  std::vector<ColumnOp> ops_;
  size_t json_column_count_ = 0;     // MySQL JSON columns: the width of the partial-update bitmap
  std::unique_ptr<RowCache> cache_;  // only for tables with JSON columns
  std::unique_ptr<Inflater> inflater_;  // only for tables with compressed columns
  std::string scratch_;              // reused buffer (partial JSON base text)
  std::string inflated_;             // reused buffer (decompressed text before charset conversion)
};

std::string_view ToString(RowDecoder::Op op);

}  // namespace cdc::binlog
