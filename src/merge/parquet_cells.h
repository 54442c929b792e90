#pragma once

#include <cstddef>

#include "base/status.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_reader.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

// Parquet column values back into the cells a decoder would have stored, for the Parquet files lakefeed
// writes: change files (docs/parquet.md) and Iceberg data files (docs/iceberg.md, "Types"). The merge reads
// the first to apply them and the second to compact a table.
namespace cdc::merge {

// Appends rows [begin, end) of a Parquet column (its schema element `element`, its decoded `values`) to
// *column as cells of `column_schema`, advancing *value_idx over the non-null values consumed (pass 0 for
// begin 0, then the same counter for the next range). What each kind reads (both mappings of the writer):
//   integers, YEAR, BIT   INT32 / INT64 (an unsigned column's INT32 as its unsigned value), or BIGINT
//                         UNSIGNED as DECIMAL(20,0) in FIXED_LEN_BYTE_ARRAY
//   FLOAT, DOUBLE         their bits
//   DECIMAL               INT32 / INT64 / FIXED_LEN_BYTE_ARRAY unscaled values as exact text with `scale`
//                         digits, or the text itself (BYTE_ARRAY, for precisions over 38)
//   DATE, DATETIME        days, and microseconds (or milliseconds) since the epoch, as packed fields
//   TIMESTAMP             UTC microseconds (or milliseconds) since the epoch
//   TIME                  signed microseconds
//   ENUM, SET, INET4, INET6   their text (merge/value_parse.h)
//   strings, JSON, binary, VECTOR, UUID   the bytes
//   GEOMETRY              WKB, given SRID 0 (Parquet keeps no SRID)
// A null is NULL: zero dates were written as nulls and stay so. Corruption naming the column when the
// Parquet type does not fit the kind or a value is out of range.
Status AppendParquetCells(const model::ColumnSchema& column_schema, const format::parquet::SchemaElement& element,
                          const format::parquet::ColumnValues& values, size_t begin, size_t end, size_t* value_idx,
                          model::ColumnVector* column);

}  // namespace cdc::merge
