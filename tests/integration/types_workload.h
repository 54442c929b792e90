#pragma once

#include <string>
#include <vector>

namespace cdc::harness {

// The edge-value workload of the decoder integration tests: one table per type family, filled with edge
// values, then updated and deleted. Each step is one transaction (autocommit statement, or several
// statements between BEGIN and COMMIT) on one table, or a setup statement (table empty).
struct WorkloadStep {
  std::string table;             // the table the step changes; empty for DDL / session settings
  std::vector<std::string> sql;  // run in order on one connection
};

// The steps, for database `db`. Contains: nums (integers signed/unsigned min/max, DECIMAL up to (65,30),
// negative zero, FLOAT/DOUBLE, BIT(1..64), YEAR), temporals (DATE, TIME/DATETIME/TIMESTAMP with fsp 0..6,
// zero and partly-zero dates, negative and > 24 h TIME, TIMESTAMP around 2038-01-19), strings (utf8mb4 with
// 4-byte characters, latin1, ascii, utf8mb3, binary, empty vs NULL, CHAR/VARCHAR/TEXT, BINARY padding,
// blobs over 64 KiB), enums_sets (ENUM index 0, 2-byte ENUM, SET with every bit of 64), json_geo (MariaDB JSON,
// GEOMETRY types with SRID), mariadb_types (UUID, INET4, INET6), wide (70 nullable columns), bulk (one
// statement spanning several rows events). A binlog rotation happens in the middle.
std::vector<WorkloadStep> TypesWorkload(const std::string& db);

// The marker step that asks the runner to rotate the binary log (FLUSH BINARY LOGS).
inline constexpr const char* kRotateBinlog = "FLUSH BINARY LOGS";

}  // namespace cdc::harness
