// libFuzzer target for the parser of server bytes in src/snapshot: RowReader::AppendInsert on SELECT cells.
// Input: one byte choosing a table shape, then the cells of one row separated by 0x1F (a cell of exactly
// 0x1E is NULL). Each row that parses is rendered with model::AppendValueText. The only assertion is
// "no crash" (and that a failed row leaves the batch as it was).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/value_text.h"
#include "snapshot/row_reader.h"

namespace {

using cdc::mysql::ColumnHint;

ColumnHint Hint(const char* data_type, const char* column_type, uint16_t collation = 0) {
  ColumnHint hint;
  hint.name = data_type;
  hint.data_type = data_type;
  hint.column_type = column_type;
  hint.is_unsigned = std::string_view(column_type).find(" unsigned") != std::string_view::npos;
  hint.collation = collation;
  if (hint.data_type == "enum" || hint.data_type == "set") {
    hint.labels = cdc::mysql::ParseEnumSetLabels(column_type).value();
  }
  return hint;
}

// Readers for a few tables covering every parse, built once.
const std::vector<std::unique_ptr<cdc::snapshot::RowReader>>& Readers() {
  static const auto* readers = [] {
    using cdc::mysql::ServerFlavor;
    const std::vector<std::pair<ServerFlavor, std::vector<ColumnHint>>> tables = {
        {ServerFlavor::kMariaDb,
         {Hint("tinyint", "tinyint(4)"), Hint("bigint", "bigint(20) unsigned"), Hint("float", "float"),
          Hint("double", "double"), Hint("decimal", "decimal(12,4)"), Hint("year", "year(4)")}},
        {ServerFlavor::kMariaDb,
         {Hint("date", "date"), Hint("time", "time(3)"), Hint("datetime", "datetime(6)"),
          Hint("timestamp", "timestamp(2)"), Hint("bit", "bit(13)")}},
        {ServerFlavor::kMariaDb,
         {Hint("enum", "enum('a','b')", 45), Hint("set", "set('x','y','z')", 45), Hint("varchar", "varchar(20)", 45),
          Hint("char", "char(5)", 8), Hint("text", "text", 35), Hint("varchar", "varchar(10)", 95)}},
        {ServerFlavor::kMariaDb,
         {Hint("binary", "binary(4)", 63), Hint("blob", "blob", 63), Hint("point", "point"), Hint("uuid", "uuid"),
          Hint("inet4", "inet4"), Hint("inet6", "inet6")}},
        {ServerFlavor::kMySql, {Hint("json", "json"), Hint("vector", "vector(2)"), Hint("bit", "bit(64)")}},
    };
    auto* out = new std::vector<std::unique_ptr<cdc::snapshot::RowReader>>();
    for (const auto& [flavor, columns] : tables) {
      cdc::mysql::TableHints definition;
      definition.schema_name = "fuzz";
      definition.table_name = "t";
      definition.columns = columns;
      out->push_back(std::make_unique<cdc::snapshot::RowReader>(
          cdc::snapshot::SchemaFromDefinition(definition, flavor).value()));
    }
    return out;
  }();
  return *readers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const auto& readers = Readers();
  cdc::snapshot::RowReader& reader = *readers[data[0] % readers.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  std::vector<const char*> values;
  std::vector<unsigned long> lengths;
  while (true) {
    size_t end = rest.find('\x1f');
    std::string_view cell = rest.substr(0, end);
    values.push_back(cell == "\x1e" ? nullptr : cell.data());
    lengths.push_back(cell.size());
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  cdc::mysql::TextRow row{values.data(), lengths.data(), static_cast<uint32_t>(values.size())};

  cdc::model::ChangeBatch batch(reader.schema_ptr());
  uint32_t origin = batch.AddOrigin({});
  if (!reader.AppendInsert(row, origin, &batch).ok()) {
    if (batch.image_count() != 0 || !batch.empty()) __builtin_trap();
    for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
      if (batch.column(column_idx).size() != 0) __builtin_trap();
    }
    return 0;
  }
  std::string text;
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    if (batch.column(column_idx).is_value(0)) {
      cdc::model::AppendValueText(reader.schema().columns[column_idx], batch.column(column_idx), 0, &text);
    }
  }
  return 0;
}
