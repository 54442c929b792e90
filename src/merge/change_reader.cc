#include "merge/change_reader.h"

#include <charconv>
#include <memory>
#include <utility>

#include "format/csv/csv_reader.h"
#include "format/parquet/parquet_reader.h"
#include "merge/parquet_cells.h"
#include "merge/value_parse.h"

namespace cdc::merge {
namespace {

constexpr std::string_view kOpColumn = "Op";
constexpr size_t kNoField = SIZE_MAX;

std::string_view BaseName(std::string_view key) {
  const size_t slash = key.rfind('/');
  return slash == std::string_view::npos ? key : key.substr(slash + 1);
}

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool AllHex(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

Result<model::ChangeOp> ParseOp(std::string_view text) {
  if (text == "I") return model::ChangeOp::kInsert;
  if (text == "U") return model::ChangeOp::kUpdate;
  if (text == "D") return model::ChangeOp::kDelete;
  return Status::Corruption("Op '" + std::string(text.substr(0, 8)) + "'", "is not I, U or D");
}

// Where each of the merge's inputs sits in a file's columns.
struct ColumnMap {
  size_t op = kNoField;
  size_t seq = kNoField;
  std::vector<size_t> columns;  // per schema column
  size_t field_count = 0;       // CSV without a header: the fields every row has
};

// The positional layout of a CSV file without a header row.
ColumnMap PositionalMap(const ChangeFileFormat& format, format::FileKind kind, size_t column_count) {
  ColumnMap map;
  size_t next = 0;
  if (format.output.HasOpColumn(kind)) map.op = next++;
  if (!format.output.timestamp_column_name.empty()) ++next;
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) map.columns.push_back(next++);
  if (format.output.ordering_columns) {
    map.seq = next;
    next += 2;
  }
  map.field_count = next;
  return map;
}

// The layout from column names (a CSV header row, a Parquet schema). `names` are the file's columns.
Result<ColumnMap> NamedMap(const ChangeFileFormat& format, format::FileKind kind, const model::TableSchema& schema,
                           const std::vector<std::string>& names) {
  ColumnMap map;
  auto find = [&](std::string_view name) {
    for (size_t field_idx = 0; field_idx < names.size(); ++field_idx) {
      if (names[field_idx] == name) return field_idx;
    }
    return kNoField;
  };
  if (format.output.HasOpColumn(kind)) map.op = find(kOpColumn);
  if (format.output.ordering_columns) {
    map.seq = find(format.output.seq_column_name);
    if (map.seq == kNoField) {
      return Status::Corruption("column " + format.output.seq_column_name, "is not in the file (ordering_columns)");
    }
  }
  for (const model::ColumnSchema& column : schema.columns) {
    const size_t field_idx = find(column.name);
    if (field_idx == kNoField) {
      return Status::Corruption("column " + column.name,
                                "of the table's schema is not in the file (table mappings that remove or rename "
                                "columns are not merged yet)");
    }
    map.columns.push_back(field_idx);
  }
  map.field_count = names.size();
  return map;
}

// Adds change of op `op` whose image was just finished.
void AddChange(model::ChangeBatch* batch, model::ChangeOp op) {
  model::RowChange change;
  change.op = op;
  const uint32_t image = batch->FinishImage();
  (op == model::ChangeOp::kDelete ? change.before : change.after) = image;
  batch->AddChange(change);
}

Status ReadCsv(std::string_view key, const std::string& contents, const ChangeFileFormat& format,
               format::FileKind kind, const model::TableSchemaPtr& schema, const ChunkSink& sink, size_t chunk_rows) {
  const format::Compression compression =
      key.ends_with(".gz") ? format::Compression::kGzip : format::Compression::kNone;
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<format::CsvReader> reader,
                       format::CsvReader::FromBytes(contents, format.csv, compression));
  ColumnMap map;
  format::CsvRow row;
  if (format.csv.add_column_name) {
    CDC_ASSIGN_OR_RETURN(bool has_header, reader->Next(&row));
    if (!has_header) return Status::OK();
    std::vector<std::string> names;
    for (size_t field_idx = 0; field_idx < row.size(); ++field_idx) names.emplace_back(row.field(field_idx));
    Result<ColumnMap> named = NamedMap(format, kind, *schema, names);
    if (!named.ok()) return Status::Corruption(std::string(key), named.status().ToString());
    map = std::move(*named);
  } else {
    map = PositionalMap(format, kind, schema->columns.size());
  }
  model::ChangeBatch batch(schema);
  batch.AddOrigin({});
  std::vector<uint64_t> seqs;
  const bool with_seq = map.seq != kNoField;
  while (true) {
    CDC_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
    if (more) {
      const uint64_t row_number = reader->rows_read();
      auto fail = [&](std::string_view what, std::string_view why) {
        return Status::Corruption(std::string(key) + " row " + std::to_string(row_number) + " " + std::string(what), why);
      };
      if (row.size() != map.field_count) {
        return fail("", "has " + std::to_string(row.size()) + " fields, the layout wants " +
                            std::to_string(map.field_count));
      }
      model::ChangeOp op = model::ChangeOp::kInsert;
      if (map.op != kNoField) {
        Result<model::ChangeOp> parsed = ParseOp(row.field(map.op));
        if (!parsed.ok()) return fail("", parsed.status().ToString());
        op = *parsed;
      }
      if (with_seq) {
        uint64_t seq = 0;
        const std::string_view text = row.field(map.seq);
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
        if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
          return fail(format.output.seq_column_name, "is not a seq");
        }
        seqs.push_back(seq);
      }
      for (size_t column_idx = 0; column_idx < map.columns.size(); ++column_idx) {
        const size_t field_idx = map.columns[column_idx];
        model::ColumnVector& column = batch.column(column_idx);
        if (row.is_null(field_idx)) {
          column.AppendNull();
          continue;
        }
        Status parsed = AppendCellFromText(schema->columns[column_idx], row.field(field_idx), &column);
        if (!parsed.ok()) {
          batch.AbandonImage();
          return fail("", parsed.ToString());
        }
      }
      AddChange(&batch, op);
    }
    if (batch.size() >= chunk_rows || (!more && !batch.empty())) {
      CDC_RETURN_IF_ERROR(sink(batch, seqs));
      batch.Clear();
      batch.AddOrigin({});
      seqs.clear();
    }
    if (!more) return Status::OK();
  }
}

Status ReadParquet(std::string_view key, const std::string& contents, const ChangeFileFormat& format,
                   format::FileKind kind, const model::TableSchemaPtr& schema, const ChunkSink& sink,
                   size_t chunk_rows) {
  auto fail = [&](const Status& status) { return Status::Corruption(std::string(key), status.ToString()); };
  Result<format::parquet::ParquetFileReader> opened = format::parquet::ParquetFileReader::Open(contents);
  if (!opened.ok()) return fail(opened.status());
  const format::parquet::ParquetFileReader& reader = *opened;
  std::vector<std::string> names;
  for (size_t column_idx = 0; column_idx < reader.column_count(); ++column_idx) {
    names.push_back(reader.column_schema(column_idx).name);
  }
  Result<ColumnMap> named = NamedMap(format, kind, *schema, names);
  if (!named.ok()) return fail(named.status());
  const ColumnMap& map = *named;
  const size_t rows = static_cast<size_t>(reader.metadata().num_rows);
  auto read = [&](size_t field_idx) -> Result<format::parquet::ColumnValues> {
    Result<format::parquet::ColumnValues> values = reader.ReadColumn(field_idx);
    if (!values.ok()) return fail(values.status());
    if (values->present.size() != rows) return fail(Status::Corruption(names[field_idx], "row count"));
    return values;
  };
  std::optional<format::parquet::ColumnValues> ops;
  std::optional<format::parquet::ColumnValues> seq_values;
  if (map.op != kNoField) {
    CDC_ASSIGN_OR_RETURN(ops, read(map.op));
  }
  if (map.seq != kNoField) {
    CDC_ASSIGN_OR_RETURN(seq_values, read(map.seq));
  }
  std::vector<format::parquet::ColumnValues> columns;
  for (size_t field_idx : map.columns) {
    CDC_ASSIGN_OR_RETURN(format::parquet::ColumnValues values, read(field_idx));
    columns.push_back(std::move(values));
  }
  std::vector<size_t> value_cursor(columns.size(), 0);
  size_t op_cursor = 0;
  size_t seq_cursor = 0;
  model::ChangeBatch batch(schema);
  std::vector<uint64_t> seqs;
  for (size_t begin = 0; begin < rows; begin += chunk_rows) {
    const size_t end = std::min(rows, begin + chunk_rows);
    batch.Clear();
    batch.AddOrigin({});
    seqs.clear();
    for (size_t column_idx = 0; column_idx < columns.size(); ++column_idx) {
      Status appended = AppendParquetCells(schema->columns[column_idx], reader.column_schema(map.columns[column_idx]),
                                           columns[column_idx], begin, end, &value_cursor[column_idx],
                                           &batch.column(column_idx));
      if (!appended.ok()) return fail(appended);
    }
    for (size_t row_idx = begin; row_idx < end; ++row_idx) {
      model::ChangeOp op = model::ChangeOp::kInsert;
      if (ops) {
        if (!ops->present[row_idx] || op_cursor >= ops->bytes.size()) return fail(Status::Corruption("Op", "null"));
        Result<model::ChangeOp> parsed = ParseOp(ops->bytes[op_cursor++]);
        if (!parsed.ok()) return fail(parsed.status());
        op = *parsed;
      }
      if (seq_values) {
        if (!seq_values->present[row_idx] || seq_cursor >= seq_values->numbers.size()) {
          return fail(Status::Corruption(format.output.seq_column_name, "null"));
        }
        seqs.push_back(seq_values->numbers[seq_cursor++]);
      }
      AddChange(&batch, op);
    }
    CDC_RETURN_IF_ERROR(sink(batch, seqs));
  }
  return Status::OK();
}

}  // namespace

std::optional<ChangeFileName> ParseChangeFileName(std::string_view key) {
  const std::string_view base = BaseName(key);
  const size_t dot = base.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  ChangeFileName name;
  name.stem = std::string(base.substr(0, dot));
  name.extension = std::string(base.substr(dot + 1));
  if (name.extension != "csv" && name.extension != "csv.gz" && name.extension != "parquet") return std::nullopt;
  const std::string_view stem = name.stem;
  if (stem.size() == 12 && stem.starts_with("LOAD") && AllHex(stem.substr(4))) {
    name.load = true;
    return name;
  }
  // yyyymmdd-hhmmssfff; also DMS's documented 20141029-1134010000 (10 digits after the dash).
  if (stem.size() >= 18 && stem[8] == '-' && AllDigits(stem.substr(0, 8)) && AllDigits(stem.substr(9))) return name;
  return std::nullopt;
}

bool FileBefore(std::string_view a, std::string_view b) {
  const std::optional<ChangeFileName> name_a = ParseChangeFileName(a);
  const std::optional<ChangeFileName> name_b = ParseChangeFileName(b);
  if (!name_a || !name_b) {
    if (name_a.has_value() != name_b.has_value()) return name_a.has_value();
    return a < b;
  }
  if (name_a->load != name_b->load) return name_a->load;
  if (name_a->stem != name_b->stem) return name_a->stem < name_b->stem;
  return a < b;
}

Status ReadChangeFile(std::string_view key, const std::string& contents, const ChangeFileFormat& format,
                      const model::TableSchemaPtr& schema, const ChunkSink& sink, size_t chunk_rows) {
  const std::optional<ChangeFileName> name = ParseChangeFileName(key);
  if (!name) return Status::InvalidArgument(std::string(key), "is not a change file name (LOAD%08X or yyyymmdd-hhmmssfff)");
  const format::FileKind kind = name->load ? format::FileKind::kFullLoad : format::FileKind::kCdc;
  if (chunk_rows == 0) chunk_rows = 1;
  if (name->extension == "parquet") return ReadParquet(key, contents, format, kind, schema, sink, chunk_rows);
  return ReadCsv(key, contents, format, kind, schema, sink, chunk_rows);
}

Result<std::optional<uint64_t>> FirstSeq(std::string_view key, const std::string& contents,
                                         const ChangeFileFormat& format) {
  if (!format.output.ordering_columns) return std::optional<uint64_t>();
  const std::string& seq_name = format.output.seq_column_name;
  auto fail = [&](std::string_view why) { return Status::Corruption(std::string(key), why); };
  auto parse = [&](std::string_view text) -> Result<std::optional<uint64_t>> {
    uint64_t seq = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
      return fail(seq_name + " of the first row is not a seq");
    }
    return std::optional<uint64_t>(seq);
  };
  if (format.data_format == "parquet") {
    Result<format::parquet::ParquetFileReader> reader = format::parquet::ParquetFileReader::Open(contents);
    if (!reader.ok()) return fail(reader.status().ToString());
    for (size_t column_idx = 0; column_idx < reader->column_count(); ++column_idx) {
      if (reader->column_schema(column_idx).name != seq_name) continue;
      Result<format::parquet::ColumnValues> values = reader->ReadColumn(column_idx);
      if (!values.ok()) return fail(values.status().ToString());
      if (values->numbers.empty()) return std::optional<uint64_t>();
      return std::optional<uint64_t>(values->numbers.front());
    }
    return fail("has no " + seq_name + " column");
  }
  const format::Compression compression =
      key.ends_with(".gz") ? format::Compression::kGzip : format::Compression::kNone;
  CDC_ASSIGN_OR_RETURN(std::unique_ptr<format::CsvReader> reader,
                       format::CsvReader::FromBytes(contents, format.csv, compression));
  format::CsvRow row;
  CDC_ASSIGN_OR_RETURN(bool more, reader->Next(&row));
  if (!more) return std::optional<uint64_t>();
  // The ordering columns end a row: the seq, then the commit time; with a header, by name.
  size_t seq_field = row.size() >= 2 ? row.size() - 2 : row.size();
  if (format.csv.add_column_name) {
    seq_field = row.size();
    for (size_t field_idx = 0; field_idx < row.size(); ++field_idx) {
      if (row.field(field_idx) == seq_name) seq_field = field_idx;
    }
    CDC_ASSIGN_OR_RETURN(more, reader->Next(&row));
    if (!more) return std::optional<uint64_t>();
  }
  if (seq_field >= row.size()) return fail("has no " + seq_name + " field");
  return parse(row.field(seq_field));
}

}  // namespace cdc::merge
