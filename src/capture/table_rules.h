#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "model/projection.h"
#include "model/table_schema.h"

namespace cdc::capture {

// Which tables are captured and how each is written: include/exclude patterns, or DMS
// table-mapping JSON (selection and transformation rules; reference/dms-s3-target.md §3).
//
// Patterns are "schema.table" where '%' matches any run of characters and '_' exactly one, as DMS
// uses them; '*' is accepted as '%'. "shop.*" selects every table of shop. A table is captured
// when some include matches and no exclude does (DMS: an explicit exclude wins).
//
// Immutable once built; thread-safe.
class TableRules {
 public:
  // Every table.
  TableRules();
  ~TableRules();
  TableRules(TableRules&&) noexcept;
  TableRules& operator=(TableRules&&) noexcept;

  // InvalidArgument naming the bad pattern.
  static Result<TableRules> FromPatterns(const std::vector<std::string>& include,
                                         const std::vector<std::string>& exclude);
  // DMS table-mapping JSON ({"rules":[...]}). InvalidArgument naming the rule-id and key for a rule
  // that is malformed; NotSupported naming the rule for a valid rule we do not implement.
  static Result<TableRules> FromDmsMapping(std::string_view json);

  // Whether `schema`.`table` is captured.
  bool Selects(std::string_view schema, std::string_view table) const;
  // How a captured table is written: target schema/table names and output columns after the
  // transformation rules. InvalidArgument when the rules do not fit the table (e.g. add-column
  // with a name that exists).
  Result<model::TableProjectionPtr> Project(model::TableSchemaPtr schema) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cdc::capture
