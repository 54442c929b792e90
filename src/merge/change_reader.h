#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "format/change_file_writer.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

// Reading change files for the merge (docs/merge.md, "Inputs"): lakefeed's CSV and Parquet change files and
// DMS's, row by row into columnar batches of the table's schema.
namespace cdc::merge {

// What the lake's change files look like: the target's DataFormat and DMS settings, as the task's config
// gives them (target.settings).
struct ChangeFileFormat {
  std::string data_format = "csv";  // csv | parquet
  format::OutputSettings output;    // the Op matrix, TimestampColumnName, ordering columns
  format::CsvSettings csv;
};

// The name of a change file: LOAD%08X.<ext> (full load) or yyyymmdd-hhmmssfff.<ext> (CDC), in any folder.
struct ChangeFileName {
  bool load = false;
  std::string stem;       // "LOAD0000000A", "20261124-061502123"
  std::string extension;  // "csv", "csv.gz", "parquet"
};
// nullopt for a key whose last segment is neither (e.g. a DMS SEGMENT1_LOAD... of a parallel load).
std::optional<ChangeFileName> ParseChangeFileName(std::string_view key);

// The order in which the merge applies the files of one table when they carry no seq (DMS): LOAD files
// first, in counter order, then CDC files by name, which DMS makes sortable by time; the folders (date
// partitions) do not count. True when `a` comes before `b`. Keys that are not change files sort last.
bool FileBefore(std::string_view a, std::string_view b);

// Receives a file's changes a chunk at a time: `rows` holds the images and the changes (op, and the after
// image of I/U or the before image of D), `seqs` the `_lakefeed_seq` of each change, or is empty when the
// file has no ordering columns (DMS output). Both are reused for the next chunk.
using ChunkSink = std::function<Status(const model::ChangeBatch& rows, const std::vector<uint64_t>& seqs)>;

// Reads the change file `key` (its bytes are `contents`) of a table whose schema is `schema`, and hands its
// changes to `sink` in file order, at most `chunk_rows` at a time (memory: one chunk of cells beside the
// file's bytes).
//
// CSV: the columns are, left to right, Op (when `format.output` says a file of this kind has it), the
// TimestampColumnName column (when set), the table's columns in order, then `_lakefeed_seq` and
// `_lakefeed_commit_us` (ordering columns). With AddColumnName the header row gives the columns by name
// instead, so extra columns (table-mapping additions) are skipped. Values are lakefeed's text form
// (value_parse.h). Parquet: columns by name (Op, the seq column, the table's columns).
// A row without Op is an insert (full-load files; CdcInsertsOnly).
//
// Corruption naming the key, row and column for a malformed file: a row with another field count, an Op
// other than I/U/D, a value that does not parse, a missing column; the sink's errors as they come.
Status ReadChangeFile(std::string_view key, const std::string& contents, const ChangeFileFormat& format,
                      const model::TableSchemaPtr& schema, const ChunkSink& sink, size_t chunk_rows = 4096);

// The `_lakefeed_seq` of the first change of a change file, without knowing its table's schema: for a file found
// by listing, whose seq range no checkpoint tells, so that the schema of its time can be chosen. nullopt when
// the format has no ordering columns or the file has no rows. Corruption for a file that cannot be read.
Result<std::optional<uint64_t>> FirstSeq(std::string_view key, const std::string& contents,
                                         const ChangeFileFormat& format);

}  // namespace cdc::merge
