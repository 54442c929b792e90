#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/table_schema.h"

namespace cdc::model {

// What one output column of a change file holds. Beyond kColumn these are DMS table-mapping
// `add-column` expressions and `add-before-image-columns`.
enum class OutputSource : uint8_t {
  kColumn,               // source column `column`: the after image for I and U, the before image for D
  kBeforeColumn,         // source column `column` from the before image (add-before-image-columns); NULL on I
  kConstant,             // a literal expression: `constant` (NULL when `constant_is_null`)
  kOperation,            // $AR_H_OPERATION: INSERT, UPDATE or DELETE
  kOperationIndicator,   // operation_indicator('D','U','I'): `indicator[0]` for D, [1] for U, [2] for I
  kCommitTimestamp,      // $AR_H_COMMIT_TIMESTAMP / $AR_H_TIMESTAMP: "yyyy-MM-dd HH:mm:ss.ffffff" UTC
  kChangeSeq,            // $AR_H_CHANGE_SEQ: 35 digits, 16-digit commit time yyyyMMddHHmmsshh + 19-digit seq
  kStreamPosition,       // $AR_H_STREAM_POSITION: "<binlog file>:<offset>" of the change's rows event
  kSourceSchema,         // $AR_M_SOURCE_SCHEMA
  kSourceTable,          // $AR_M_SOURCE_TABLE_NAME
};

struct OutputColumn {
  std::string name;
  OutputSource source = OutputSource::kColumn;
  uint32_t column = 0;  // kColumn, kBeforeColumn: index into the source TableSchema's columns
  std::string constant;
  bool constant_is_null = false;
  std::array<std::string, 3> indicator;  // kOperationIndicator: values for D, U, I
};

// How one source table is written: where (target schema and table, i.e. the folder
// <target>/<target_schema>/<target_table>/) and which columns, in order. Built from a TableSchema
// by the table rules (capture/table_rules.h); the writers (format/) follow it. The `Op` column and
// the S3Settings columns (TimestampColumnName, lakefeed's ordering columns) are not in `columns`:
// the writers add them from their settings.
struct TableProjection {
  TableSchemaPtr schema;  // the source table as decoded at this position
  std::string target_schema;
  std::string target_table;
  std::vector<OutputColumn> columns;
};

using TableProjectionPtr = std::shared_ptr<const TableProjection>;

// Every column of `table` under its own name, into the folder <schema>/<table>: the projection without a
// table mapping.
inline std::shared_ptr<TableProjection> ProjectAllColumns(const TableSchemaPtr& table) {
  auto projection = std::make_shared<TableProjection>();
  projection->schema = table;
  projection->target_schema = table->schema_name;
  projection->target_table = table->table_name;
  for (uint32_t column_idx = 0; column_idx < table->columns.size(); ++column_idx) {
    OutputColumn column;
    column.name = table->columns[column_idx].name;
    column.column = column_idx;
    projection->columns.push_back(std::move(column));
  }
  return projection;
}

}  // namespace cdc::model
