// libFuzzer target for TableRules: DMS table-mapping JSON comes from the user's files, so it is
// outside input. Seeds: fuzz_seeds/table_mapping/ (mappings like those of table_rules_test.cc).
// Checks, besides "no crash":
//   - when the input parses as a mapping, projecting a few fixed tables gives output columns that
//     are named, unique ignoring ASCII case, and refer to existing source columns;
//   - the pattern matcher agrees with a slow reference (dynamic programming over code points): the
//     input's first line is a table pattern ("s.<line>"), the other lines are table names. Only
//     valid UTF-8 without '[' classes is compared; everything else still must not crash.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/table_rules.h"

namespace {

using cdc::model::OutputSource;

std::shared_ptr<cdc::model::TableSchema> MakeTable(std::string schema, std::string table,
                                                   std::vector<std::string> names,
                                                   std::vector<uint32_t> key) {
  auto result = std::make_shared<cdc::model::TableSchema>();
  result->schema_name = std::move(schema);
  result->table_name = std::move(table);
  for (std::string& name : names) {
    cdc::model::ColumnSchema column;
    column.name = std::move(name);
    result->columns.push_back(std::move(column));
  }
  result->columns.back().type = cdc::model::FieldType::kJson;
  result->primary_key = std::move(key);
  return result;
}

const std::vector<cdc::model::TableSchemaPtr>& Tables() {
  static const auto* tables = new std::vector<cdc::model::TableSchemaPtr>{
      MakeTable("shop", "users", {"id", "email", "password_hash", "", "doc"}, {0}),
      MakeTable("Test", "Actor", {"ACTOR_ID", "first_name", "col1", "doc"}, {}),
      MakeTable("s", "t", {"a", "A_b", "doc"}, {1, 0}),
  };
  return *tables;
}

char Lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

void CheckProjection(const cdc::model::TableProjection& projection) {
  const size_t source_count = projection.schema->columns.size();
  if (projection.target_schema.empty() || projection.target_table.empty()) std::abort();
  std::vector<std::string> seen;
  for (const cdc::model::OutputColumn& column : projection.columns) {
    if (column.name.empty()) std::abort();
    if ((column.source == OutputSource::kColumn || column.source == OutputSource::kBeforeColumn) &&
        column.column >= source_count) {
      std::abort();
    }
    std::string folded = column.name;
    for (char& c : folded) c = Lower(c);
    for (const std::string& other : seen) {
      if (other == folded) std::abort();
    }
    seen.push_back(std::move(folded));
  }
}

// Strict UTF-8 decoding into code points; false for anything malformed.
bool DecodeUtf8(std::string_view text, std::vector<uint32_t>* out) {
  size_t pos = 0;
  while (pos < text.size()) {
    const auto lead = static_cast<uint8_t>(text[pos]);
    size_t length = lead < 0x80                      ? 1
                    : (lead >= 0xC2 && lead <= 0xDF) ? 2
                    : (lead >= 0xE0 && lead <= 0xEF) ? 3
                    : (lead >= 0xF0 && lead <= 0xF4) ? 4
                                                     : 0;
    if (length == 0 || text.size() - pos < length) return false;
    uint32_t value = length == 1 ? lead : lead & (0xFFu >> (length + 1));
    for (size_t i = 1; i < length; ++i) {
      const auto next = static_cast<uint8_t>(text[pos + i]);
      if ((next & 0xC0u) != 0x80u) return false;
      value = value << 6 | (next & 0x3Fu);
    }
    out->push_back(value);
    pos += length;
  }
  return true;
}

// The reference: '%' and '*' any run, '_' one code point, everything else literal.
bool ReferenceMatch(const std::vector<uint32_t>& pattern, const std::vector<uint32_t>& name) {
  // matches[j] = pattern[0..i) matches name[0..j)
  std::vector<char> matches(name.size() + 1, 0);
  matches[0] = 1;
  for (uint32_t p : pattern) {
    std::vector<char> next(name.size() + 1, 0);
    if (p == '%' || p == '*') {
      char any = 0;
      for (size_t j = 0; j <= name.size(); ++j) {
        any = static_cast<char>(any | matches[j]);
        next[j] = any;
      }
    } else {
      for (size_t j = 1; j <= name.size(); ++j) {
        next[j] = static_cast<char>(matches[j - 1] && (p == '_' || name[j - 1] == p));
      }
    }
    matches = std::move(next);
  }
  return matches[name.size()] != 0;
}

void FuzzPatterns(std::string_view input) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= input.size() && lines.size() < 64) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    lines.push_back(input.substr(start, end - start));
    start = end + 1;
  }
  const std::string_view pattern_text = lines[0];
  cdc::Result<cdc::capture::TableRules> rules =
      cdc::capture::TableRules::FromPatterns({"s." + std::string(pattern_text)}, {});
  if (!rules.ok()) return;
  std::vector<uint32_t> pattern;
  const bool comparable =
      pattern_text.find('[') == std::string_view::npos && DecodeUtf8(pattern_text, &pattern);
  for (size_t line_idx = 1; line_idx < lines.size(); ++line_idx) {
    const bool selected = rules->Selects("s", lines[line_idx]);
    std::vector<uint32_t> name;
    if (comparable && DecodeUtf8(lines[line_idx], &name) && selected != ReferenceMatch(pattern, name))
      std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  cdc::Result<cdc::capture::TableRules> rules = cdc::capture::TableRules::FromDmsMapping(input);
  if (rules.ok()) {
    for (const cdc::model::TableSchemaPtr& table : Tables()) {
      (void)rules->Selects(table->schema_name, table->table_name);
      cdc::Result<cdc::model::TableProjectionPtr> projection = rules->Project(table);
      if (projection.ok()) {
        if (*projection == nullptr || (*projection)->schema != table) std::abort();
        CheckProjection(**projection);
      }
    }
  }
  if (size < 4096) FuzzPatterns(input);
  return 0;
}
