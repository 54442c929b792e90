#pragma once

#include <gtest/gtest.h>

#include <string>

#include "base/status.h"
#include "harness/lakefeed_task.h"
#include "harness/mariadb_sandbox.h"

namespace cdc::harness {

// The checks of the merge tests: the merged Iceberg tables of a task against SELECT on the source.
//
// The canonical form of a value (both sides agree on it): the exact text of tests/node/iceberg/read-exact.mjs
// (icebird, an independent reader that applies the equality deletes, made exact for every type) for the
// Iceberg type docs/iceberg.md "Types" gives the column, and SELECT made into the same text: integers (BIGINT
// UNSIGNED is decimal(20,0), INT UNSIGNED long, BIT(n) long) in decimal; DECIMAL with its scale's digits;
// DATE as YYYY-MM-DD and DATETIME / TIMESTAMP with six fraction digits (the server runs in UTC, so TIMESTAMP
// prints as the UTC value Iceberg keeps), zero dates null; TIME as signed microseconds; binary strings, BLOB
// and GEOMETRY (WKB without SRID) as upper-case hex; ENUM/SET labels, JSON and text as UTF-8. DOUBLE as
// printed: the capture workload's doubles are quarters, which SELECT and JavaScript print alike.
//
// The binary that links merge_check.cc defines LAKEFEED_ICEBERG_READ_EXACT (the path of read-exact.mjs).

// Every merged table of `database` in `warehouse` (a directory) equals SELECT: the same tables (a source
// table without an Iceberg table must be empty; an Iceberg table without a source table -- a dropped one --
// must be empty), the same columns (for non-empty source tables: the DDL after a reset with no row since is
// not compared), the same keys and every value. The failure lists the first differences of each table.
::testing::AssertionResult MergedEqualsSelect(MariaDbSandbox& db, const std::string& warehouse,
                                              const std::string& database);

// `lakefeed merge` after everything is merged commits nothing: no table gets a new metadata version.
::testing::AssertionResult ReplayCommitsNothing(LakefeedTask& task, const std::string& warehouse,
                                                const std::string& database);

// Deletes and reinserts one row of every non-empty table of `database` in one transaction (the row comes
// back as it was, so a workload's model of the keys still holds). The merge applies a table's DDL with the
// table's next change (docs/merge.md "Schema evolution"), so this makes every table's schema current in the
// Iceberg table before a comparison.
Status TouchEveryTable(MariaDbSandbox& db, const std::string& database);

// The `merge:` section of a task config with a file:// warehouse; `snapshot_retention_seconds` > 0 expires
// snapshots that old, keeping at least 2 (0: the default retention).
std::string MergeYaml(const std::string& warehouse, int max_batch_changes, int compact_delete_files,
                      int snapshot_retention_seconds = 0);

// How many old metadata versions the warehouse's tables lost to snapshot expiry: per table, the current
// version's number minus the v<N>.metadata.json files left.
int ExpiredMetadataVersions(const std::string& warehouse);

}  // namespace cdc::harness
