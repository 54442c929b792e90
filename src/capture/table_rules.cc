#include "capture/table_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/ascii.h"

// What this file implements, and which DMS documentation it follows, is written down in
// docs/table-rules.md (AWS DMS User Guide: "Wildcards in table mapping", "Selection rules and
// actions", "Transformation rules and actions", "Using transformation rule expressions").

namespace cdc::capture {

namespace {

using Json = nlohmann::json;
using model::OutputColumn;
using model::OutputSource;

// ------------------------------------------------------------------------------------------ text

// Decodes the UTF-8 code point at name[*pos] and moves *pos past it. A byte that does not start a
// well-formed sequence counts as one character (its byte value), so matching always advances and
// never reads past the end.
uint32_t NextCodePoint(std::string_view name, size_t* pos) {
  const auto lead = static_cast<uint8_t>(name[*pos]);
  size_t length = 1;
  uint32_t value = lead;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07u;
  }
  if (length > 1) {
    if (name.size() - *pos < length) length = 1;
    for (size_t i = 1; i < length; ++i) {
      const auto next = static_cast<uint8_t>(name[*pos + i]);
      if ((next & 0xC0u) != 0x80u) {
        length = 1;
        break;
      }
      value = value << 6 | (next & 0x3Fu);
    }
    if (length == 1) value = lead;
  }
  *pos += length;
  return value;
}


std::string_view TrimAsciiSpace(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

std::string Quoted(std::string_view text) {
  std::string out = "'";
  out.append(text);
  out.push_back('\'');
  return out;
}

// ------------------------------------------------------------------------------------ patterns

enum class PatternSyntax : uint8_t {
  kDms,          // '%' any run, '_' one character, '[...]' a character class (DMS wildcards)
  kCommandLine,  // kDms plus '*' as '%' (include/exclude patterns of the task config)
  kExact,        // no wildcards: DMS "explicit" selection
};

// A schema, table or column name pattern, compiled once. Matching is case-sensitive and counts
// characters as UTF-8 code points. Immutable; safe to share between threads.
class NamePattern {
 public:
  NamePattern() = default;

  // InvalidArgument (detail only; the caller says which rule and key) for an unterminated or
  // empty '[...]' class, a negated class, or a range whose ends are reversed.
  static Result<NamePattern> Compile(std::string_view text, PatternSyntax syntax);
  static NamePattern MatchAll() {
    NamePattern pattern;
    pattern.shape_ = Shape::kAll;
    return pattern;
  }

  bool Matches(std::string_view name) const;

 private:
  enum class TokenKind : uint8_t { kLiteral, kOne, kAny, kClass };
  struct Token {
    TokenKind kind = TokenKind::kLiteral;
    std::string literal;                                // kLiteral
    std::vector<std::pair<uint32_t, uint32_t>> ranges;  // kClass: inclusive code point ranges
  };
  // kAll and kExact skip the token loop; they are what almost every real pattern is.
  enum class Shape : uint8_t { kAll, kExact, kGeneral };

  bool MatchToken(const Token& token, std::string_view name, size_t* pos) const;

  Shape shape_ = Shape::kExact;
  std::string exact_;
  std::vector<Token> tokens_;
};

Result<NamePattern> NamePattern::Compile(std::string_view text, PatternSyntax syntax) {
  NamePattern pattern;
  if (syntax == PatternSyntax::kExact) {
    pattern.exact_ = std::string(text);
    return pattern;
  }
  auto add_literal = [&](std::string_view bytes) {
    if (pattern.tokens_.empty() || pattern.tokens_.back().kind != TokenKind::kLiteral) {
      pattern.tokens_.push_back(Token{});
    }
    pattern.tokens_.back().literal.append(bytes);
  };
  size_t pos = 0;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '%' || (c == '*' && syntax == PatternSyntax::kCommandLine)) {
      // "%%" is one '%': collapsing keeps the matcher's backtracking to one remembered point.
      if (pattern.tokens_.empty() || pattern.tokens_.back().kind != TokenKind::kAny) {
        pattern.tokens_.push_back(Token{TokenKind::kAny, {}, {}});
      }
      ++pos;
    } else if (c == '_') {
      pattern.tokens_.push_back(Token{TokenKind::kOne, {}, {}});
      ++pos;
    } else if (c == '[') {
      const size_t open = pos++;
      Token token{TokenKind::kClass, {}, {}};
      bool closed = false;
      while (pos < text.size()) {
        if (text[pos] == ']' && !token.ranges.empty()) {
          closed = true;
          ++pos;
          break;
        }
        if (text[pos] == '^' && token.ranges.empty()) {
          return Status::InvalidArgument(
              "pattern " + Quoted(text),
              "'[^' would be a negated class, which DMS does not document; a literal '^' "
              "needs no brackets");
        }
        const uint32_t low = NextCodePoint(text, &pos);
        uint32_t high = low;
        if (pos + 1 < text.size() && text[pos] == '-' && text[pos + 1] != ']') {
          ++pos;
          high = NextCodePoint(text, &pos);
          if (high < low) {
            return Status::InvalidArgument(
                "pattern " + Quoted(text),
                "the range in the class at offset " + std::to_string(open) + " runs backwards");
          }
        }
        token.ranges.emplace_back(low, high);
      }
      if (!closed) {
        return Status::InvalidArgument("pattern " + Quoted(text),
                                       "the '[' at offset " + std::to_string(open) +
                                           " has no closing ']' (a literal '[' is written '[[]')");
      }
      pattern.tokens_.push_back(std::move(token));
    } else {
      add_literal(text.substr(pos, 1));
      ++pos;
    }
  }
  if (pattern.tokens_.size() == 1 && pattern.tokens_[0].kind == TokenKind::kAny) {
    pattern.shape_ = Shape::kAll;
  } else if (pattern.tokens_.empty() ||
             (pattern.tokens_.size() == 1 && pattern.tokens_[0].kind == TokenKind::kLiteral)) {
    pattern.shape_ = Shape::kExact;
    if (!pattern.tokens_.empty()) pattern.exact_ = std::move(pattern.tokens_[0].literal);
    pattern.tokens_.clear();
  } else {
    pattern.shape_ = Shape::kGeneral;
  }
  return pattern;
}

bool NamePattern::MatchToken(const Token& token, std::string_view name, size_t* pos) const {
  switch (token.kind) {
    case TokenKind::kLiteral:
      if (name.substr(*pos).starts_with(token.literal)) {
        *pos += token.literal.size();
        return true;
      }
      return false;
    case TokenKind::kOne:
      if (*pos >= name.size()) return false;
      NextCodePoint(name, pos);
      return true;
    case TokenKind::kClass: {
      if (*pos >= name.size()) return false;
      const uint32_t c = NextCodePoint(name, pos);
      for (const auto& [low, high] : token.ranges) {
        if (c >= low && c <= high) return true;
      }
      return false;
    }
    case TokenKind::kAny:
      break;
  }
  return false;
}

// Glob matching with one remembered '%': every other token matches a fixed text at a given
// position, so when a later token fails only the most recent '%' needs to grow (by one character).
// O(name × pattern) at worst, no recursion.
bool NamePattern::Matches(std::string_view name) const {
  switch (shape_) {
    case Shape::kAll:
      return true;
    case Shape::kExact:
      return name == exact_;
    case Shape::kGeneral:
      break;
  }
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t token_idx = 0;
  size_t pos = 0;
  size_t star_token = kNone;
  size_t star_pos = 0;
  while (true) {
    if (token_idx < tokens_.size() && tokens_[token_idx].kind == TokenKind::kAny) {
      star_token = token_idx++;
      star_pos = pos;
      continue;
    }
    if (token_idx == tokens_.size()) {
      if (pos == name.size()) return true;
    } else {
      size_t next = pos;
      if (MatchToken(tokens_[token_idx], name, &next)) {
        ++token_idx;
        pos = next;
        continue;
      }
    }
    if (star_token == kNone || star_pos >= name.size()) return false;
    NextCodePoint(name, &star_pos);
    pos = star_pos;
    token_idx = star_token + 1;
  }
}

// ------------------------------------------------------------------------------------ rules

enum class SelectionAction : uint8_t { kInclude, kExclude, kExplicit };

struct SelectionRule {
  uint64_t id = 0;
  SelectionAction action = SelectionAction::kInclude;
  NamePattern schema;
  NamePattern table;
  // table-type "view" never selects a base table; the binlog carries only base tables' rows.
  bool applies_to_tables = true;

  bool Matches(std::string_view schema_name, std::string_view table_name) const {
    return applies_to_tables && schema.Matches(schema_name) && table.Matches(table_name);
  }
};

enum class RuleTarget : uint8_t { kSchema, kTable, kColumn };

enum class TransformAction : uint8_t {
  kRename,
  kConvertLowercase,
  kConvertUppercase,
  kAddPrefix,
  kRemovePrefix,
  kReplacePrefix,
  kAddSuffix,
  kRemoveSuffix,
  kReplaceSuffix,
  kRemoveColumn,  // also "exclude-column"
  kIncludeColumn,
  kAddColumn,
  kAddBeforeImageColumns,
};

std::string_view ToString(TransformAction action) {
  switch (action) {
    case TransformAction::kRename:
      return "rename";
    case TransformAction::kConvertLowercase:
      return "convert-lowercase";
    case TransformAction::kConvertUppercase:
      return "convert-uppercase";
    case TransformAction::kAddPrefix:
      return "add-prefix";
    case TransformAction::kRemovePrefix:
      return "remove-prefix";
    case TransformAction::kReplacePrefix:
      return "replace-prefix";
    case TransformAction::kAddSuffix:
      return "add-suffix";
    case TransformAction::kRemoveSuffix:
      return "remove-suffix";
    case TransformAction::kReplaceSuffix:
      return "replace-suffix";
    case TransformAction::kRemoveColumn:
      return "remove-column";
    case TransformAction::kIncludeColumn:
      return "include-column";
    case TransformAction::kAddColumn:
      return "add-column";
    case TransformAction::kAddBeforeImageColumns:
      return "add-before-image-columns";
  }
  return "?";
}

// Actions that change a name (of a schema, table or column).
bool IsNameAction(TransformAction action) {
  switch (action) {
    case TransformAction::kRename:
    case TransformAction::kConvertLowercase:
    case TransformAction::kConvertUppercase:
    case TransformAction::kAddPrefix:
    case TransformAction::kRemovePrefix:
    case TransformAction::kReplacePrefix:
    case TransformAction::kAddSuffix:
    case TransformAction::kRemoveSuffix:
    case TransformAction::kReplaceSuffix:
      return true;
    case TransformAction::kRemoveColumn:
    case TransformAction::kIncludeColumn:
    case TransformAction::kAddColumn:
    case TransformAction::kAddBeforeImageColumns:
      return false;
  }
  return false;
}

enum class BeforeImageFilter : uint8_t { kPrimaryKey, kNonLob, kAll };

struct TransformRule {
  uint64_t id = 0;
  std::string label;  // "table mapping rule 5" (plus the rule-name when it says more), for errors
  TransformAction action = TransformAction::kRename;
  RuleTarget target = RuleTarget::kTable;
  NamePattern schema;
  std::optional<NamePattern> table;   // absent: every table (schema-target rules only)
  std::optional<NamePattern> column;  // absent: every column
  std::string value;                  // rename, *-prefix, *-suffix; add-column: the new column's name
  std::string old_value;              // replace-prefix, replace-suffix
  OutputColumn added;                 // add-column: what the column holds (name = value)
  std::string added_source_column;    // add-column "$name": resolved against each table's columns
  std::string before_prefix = "BI_";  // add-before-image-columns
  std::string before_suffix;
  BeforeImageFilter before_filter = BeforeImageFilter::kPrimaryKey;

  bool MatchesTable(std::string_view schema_name, std::string_view table_name) const {
    return schema.Matches(schema_name) && (!table || table->Matches(table_name));
  }
  bool MatchesColumn(std::string_view column_name) const { return !column || column->Matches(column_name); }

  // Applies a name action to *name. InvalidArgument when the result is empty.
  Status ApplyToName(std::string* name, std::string_view what) const {
    switch (action) {
      case TransformAction::kRename:
        *name = value;
        break;
      case TransformAction::kConvertLowercase:
        for (char& c : *name) c = AsciiLower(c);
        break;
      case TransformAction::kConvertUppercase:
        for (char& c : *name) c = AsciiUpper(c);
        break;
      case TransformAction::kAddPrefix:
        name->insert(0, value);
        break;
      case TransformAction::kRemovePrefix:
        if (std::string_view(*name).starts_with(value)) name->erase(0, value.size());
        break;
      case TransformAction::kReplacePrefix:
        if (std::string_view(*name).starts_with(old_value)) name->replace(0, old_value.size(), value);
        break;
      case TransformAction::kAddSuffix:
        name->append(value);
        break;
      case TransformAction::kRemoveSuffix:
        if (std::string_view(*name).ends_with(value)) name->resize(name->size() - value.size());
        break;
      case TransformAction::kReplaceSuffix:
        if (std::string_view(*name).ends_with(old_value)) {
          name->replace(name->size() - old_value.size(), old_value.size(), value);
        }
        break;
      case TransformAction::kRemoveColumn:
      case TransformAction::kIncludeColumn:
      case TransformAction::kAddColumn:
      case TransformAction::kAddBeforeImageColumns:
        break;
    }
    if (name->empty()) {
      return Status::InvalidArgument(
          label, std::string(ToString(action)) + " leaves the name of " + std::string(what) + " empty");
    }
    return Status::OK();
  }
};

// ------------------------------------------------------------------------------ JSON reading

// "an object", "a string", ...: what a value is, for "must be a string, not an object".
std::string JsonTypeName(const Json& value) {
  // nlohmann's type_name() says "number" for all three number kinds; that is what a user needs.
  const std::string_view name = value.type_name();
  return (name == "object" || name == "array" ? "an " : "a ") + std::string(name);
}

// Reads one rule object; every error names the rule and the key.
class RuleReader {
 public:
  RuleReader(const Json& rule, std::string label) : rule_(rule), label_(std::move(label)) {}

  const Json& rule() const { return rule_; }
  const std::string& label() const { return label_; }

  Status Invalid(std::string_view key, std::string_view detail) const {
    return Status::InvalidArgument(label_, "key '" + std::string(key) + "' " + std::string(detail));
  }
  Status NotSupported(std::string_view detail) const { return Status::NotSupported(label_, detail); }

  // The value of `key` in `object`, or nullptr when absent or JSON null (the DMS console writes
  // "value": null and "old-value": null for actions that do not use them).
  static const Json* Find(const Json& object, std::string_view key) {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    return &*it;
  }
  const Json* Find(std::string_view key) const { return Find(rule_, key); }

  Result<std::optional<std::string>> OptionalString(const Json& object, std::string_view key,
                                                    std::string_view shown_key) const {
    const Json* value = Find(object, key);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) {
      return Invalid(shown_key, "must be a string, not " + JsonTypeName(*value));
    }
    return std::optional<std::string>(value->get_ref<const std::string&>());
  }
  Result<std::optional<std::string>> OptionalString(std::string_view key) const {
    return OptionalString(rule_, key, key);
  }
  Result<std::string> RequiredString(const Json& object, std::string_view key,
                                     std::string_view shown_key) const {
    CDC_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(object, key, shown_key));
    if (!value) return Invalid(shown_key, "is missing");
    return std::move(*value);
  }
  Result<std::string> RequiredString(std::string_view key) const { return RequiredString(rule_, key, key); }
  Result<std::string> RequiredNonEmptyString(std::string_view key) const {
    CDC_ASSIGN_OR_RETURN(std::string value, RequiredString(key));
    if (value.empty()) return Invalid(key, "must not be empty");
    return value;
  }

  // InvalidArgument for a key of `object` outside `known` whose value is not null (a misspelt
  // optional key would otherwise be ignored silently).
  Status CheckKeys(const Json& object, const std::vector<std::string_view>& known,
                   std::string_view prefix) const {
    for (auto it = object.begin(); it != object.end(); ++it) {
      if (it->is_null()) continue;
      if (std::find(known.begin(), known.end(), it.key()) != known.end()) continue;
      std::string list;
      for (std::string_view name : known) {
        if (!list.empty()) list.append(", ");
        list.append(name);
      }
      return Invalid(std::string(prefix) + it.key(), "is not a key this rule takes (known: " + list + ")");
    }
    return Status::OK();
  }

  // object-locator: present and an object.
  Result<const Json*> Locator() const {
    const Json* locator = Find("object-locator");
    if (locator == nullptr) return Invalid("object-locator", "is missing");
    if (!locator->is_object()) {
      return Invalid("object-locator", "must be an object, not " + JsonTypeName(*locator));
    }
    return locator;
  }

  // A pattern under object-locator; nullopt when the key is absent.
  Result<std::optional<NamePattern>> LocatorPattern(const Json& locator, std::string_view key,
                                                    PatternSyntax syntax) const {
    const std::string shown = "object-locator." + std::string(key);
    CDC_ASSIGN_OR_RETURN(std::optional<std::string> text, OptionalString(locator, key, shown));
    if (!text) return std::optional<NamePattern>();
    if (text->empty()) return Invalid(shown, "must not be empty");
    Result<NamePattern> pattern = NamePattern::Compile(*text, syntax);
    if (!pattern.ok()) return Invalid(shown, "is not a valid pattern: " + pattern.status().message());
    return std::optional<NamePattern>(std::move(pattern).value());
  }
  Result<NamePattern> RequiredLocatorPattern(const Json& locator, std::string_view key,
                                             PatternSyntax syntax) const {
    CDC_ASSIGN_OR_RETURN(std::optional<NamePattern> pattern, LocatorPattern(locator, key, syntax));
    if (!pattern) return Invalid("object-locator." + std::string(key), "is missing");
    return std::move(*pattern);
  }

 private:
  const Json& rule_;
  std::string label_;
};

// rule-id: DMS documents "a numeric value"; mappings carry it as a string ("1") or a number.
Result<uint64_t> ParseRuleId(const Json& value, const std::string& where) {
  if (value.is_number_unsigned()) return value.get<uint64_t>();
  if (value.is_number_integer() && value.get<int64_t>() >= 0)
    return static_cast<uint64_t>(value.get<int64_t>());
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    uint64_t id = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (!text.empty() && error == std::errc() && end == text.data() + text.size()) return id;
  }
  std::string shown =
      value.is_string() ? "\"" + value.get_ref<const std::string&>() + "\"" : JsonTypeName(value);
  return Status::InvalidArgument(
      where, "key 'rule-id' must be a non-negative integer (or a string of digits), not " + shown);
}

// load-order: a number or a string of digits; only the full load would use it.
Status CheckLoadOrder(const RuleReader& reader) {
  const Json* value = reader.Find("load-order");
  if (value == nullptr || value->is_number_integer()) return Status::OK();
  if (value->is_string()) {
    const std::string& text = value->get_ref<const std::string&>();
    int64_t order = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), order);
    if (!text.empty() && error == std::errc() && end == text.data() + text.size()) return Status::OK();
  }
  return reader.Invalid("load-order", "must be an integer (or a string of digits)");
}

// --------------------------------------------------------------------------- add-column expressions

struct HeaderVariable {
  std::string_view name;
  OutputSource source;
};

constexpr HeaderVariable kHeaderVariables[] = {
    {"$AR_H_STREAM_POSITION", OutputSource::kStreamPosition},
    {"$AR_H_CHANGE_SEQ", OutputSource::kChangeSeq},
    {"$AR_H_TIMESTAMP", OutputSource::kCommitTimestamp},
    {"$AR_H_COMMIT_TIMESTAMP", OutputSource::kCommitTimestamp},
    {"$AR_H_OPERATION", OutputSource::kOperation},
    {"$AR_M_SOURCE_SCHEMA", OutputSource::kSourceSchema},
    {"$AR_M_SOURCE_TABLE_NAME", OutputSource::kSourceTable},
};

// A SQL (SQLite) string literal at text[*pos]: '...' with '' for a quote. nullopt when there is none.
std::optional<std::string> ParseSqlString(std::string_view text, size_t* pos) {
  if (*pos >= text.size() || text[*pos] != '\'') return std::nullopt;
  std::string out;
  size_t i = *pos + 1;
  while (i < text.size()) {
    if (text[i] == '\'') {
      if (i + 1 < text.size() && text[i + 1] == '\'') {
        out.push_back('\'');
        i += 2;
        continue;
      }
      *pos = i + 1;
      return out;
    }
    out.push_back(text[i++]);
  }
  return std::nullopt;
}

void SkipSpace(std::string_view text, size_t* pos) {
  while (*pos < text.size() &&
         (text[*pos] == ' ' || text[*pos] == '\t' || text[*pos] == '\n' || text[*pos] == '\r')) {
    ++*pos;
  }
}

bool IsIdentifierByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         static_cast<uint8_t>(c) >= 0x80;
}

// operation_indicator('D', 'U', 'I'): the function name is case-insensitive, as SQLite's are.
std::optional<std::array<std::string, 3>> ParseOperationIndicator(std::string_view text) {
  constexpr std::string_view kName = "operation_indicator";
  if (text.size() < kName.size() || !EqualsIgnoreAsciiCase(text.substr(0, kName.size()), kName))
    return std::nullopt;
  size_t pos = kName.size();
  SkipSpace(text, &pos);
  if (pos >= text.size() || text[pos] != '(') return std::nullopt;
  ++pos;
  std::array<std::string, 3> values;
  for (size_t arg_idx = 0; arg_idx < values.size(); ++arg_idx) {
    SkipSpace(text, &pos);
    std::optional<std::string> value = ParseSqlString(text, &pos);
    if (!value) return std::nullopt;
    values[arg_idx] = std::move(*value);
    SkipSpace(text, &pos);
    const char expected = arg_idx + 1 < values.size() ? ',' : ')';
    if (pos >= text.size() || text[pos] != expected) return std::nullopt;
    ++pos;
  }
  SkipSpace(text, &pos);
  if (pos != text.size()) return std::nullopt;
  return values;
}

// Fills rule->added / added_source_column from an add-column expression. NotSupported for a
// valid SQLite expression we do not evaluate.
Status ParseAddColumnExpression(std::string_view expression, const RuleReader& reader, TransformRule* rule) {
  OutputColumn& column = rule->added;
  const std::string_view text = TrimAsciiSpace(expression);
  if (text.empty()) return reader.Invalid("expression", "must not be empty (leave it out for a NULL column)");
  auto unsupported = [&](std::string_view why) {
    return reader.NotSupported(
        "add-column expression " + Quoted(expression) + " " + std::string(why) +
        "; lakefeed evaluates a literal ('text', an integer, NULL), a $column, "
        "operation_indicator('D','U','I'), $AR_H_STREAM_POSITION, $AR_H_CHANGE_SEQ, "
        "$AR_H_TIMESTAMP, $AR_H_COMMIT_TIMESTAMP, $AR_H_OPERATION, $AR_M_SOURCE_SCHEMA and "
        "$AR_M_SOURCE_TABLE_NAME");
  };
  if (text.starts_with("$AR_H_") || text.starts_with("$AR_M_")) {
    for (const HeaderVariable& variable : kHeaderVariables) {
      if (text == variable.name) {
        column.source = variable.source;
        return Status::OK();
      }
    }
    return unsupported("uses a header or metadata variable that is not implemented");
  }
  if (text.front() == '$') {
    const std::string_view name = text.substr(1);
    if (name.empty() || !std::all_of(name.begin(), name.end(), IsIdentifierByte)) {
      return unsupported("is more than one column reference");
    }
    column.source = OutputSource::kColumn;
    rule->added_source_column = std::string(name);
    return Status::OK();
  }
  if (text.front() == '\'') {
    size_t pos = 0;
    std::optional<std::string> literal = ParseSqlString(text, &pos);
    if (!literal)
      return reader.Invalid("expression", "has an unterminated string literal: " + Quoted(expression));
    if (pos != text.size()) return unsupported("is more than a string literal");
    column.source = OutputSource::kConstant;
    column.constant = std::move(*literal);
    return Status::OK();
  }
  if (EqualsIgnoreAsciiCase(text, "NULL")) {
    column.source = OutputSource::kConstant;
    column.constant_is_null = true;
    return Status::OK();
  }
  if (text.front() == '-' || text.front() == '+' || (text.front() >= '0' && text.front() <= '9')) {
    // SQLite prints an integer literal in canonical form (leading '+' and zeros dropped).
    std::string_view digits = text.front() == '+' ? text.substr(1) : text;
    int64_t number = 0;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) {
      return unsupported("is not an integer literal lakefeed can print exactly as SQLite would");
    }
    column.source = OutputSource::kConstant;
    column.constant = std::to_string(number);
    return Status::OK();
  }
  if (std::optional<std::array<std::string, 3>> indicator = ParseOperationIndicator(text)) {
    column.source = OutputSource::kOperationIndicator;
    column.indicator = std::move(*indicator);
    return Status::OK();
  }
  return unsupported("is a SQLite expression lakefeed does not evaluate");
}

// ------------------------------------------------------------------------------- rule parsing

Status ParseBeforeImageDef(const RuleReader& reader, TransformRule* rule) {
  const Json* def = reader.Find("before-image-def");
  if (def == nullptr) return Status::OK();  // DMS defaults: BI_, no suffix, pk-only
  if (!def->is_object()) {
    return reader.Invalid("before-image-def", "must be an object, not " + JsonTypeName(*def));
  }
  CDC_RETURN_IF_ERROR(
      reader.CheckKeys(*def, {"column-prefix", "column-suffix", "column-filter"}, "before-image-def."));
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> prefix,
                       reader.OptionalString(*def, "column-prefix", "before-image-def.column-prefix"));
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> suffix,
                       reader.OptionalString(*def, "column-suffix", "before-image-def.column-suffix"));
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> filter,
                       reader.OptionalString(*def, "column-filter", "before-image-def.column-filter"));
  if (prefix) rule->before_prefix = std::move(*prefix);
  if (suffix) rule->before_suffix = std::move(*suffix);
  if (rule->before_prefix.empty() && rule->before_suffix.empty()) {
    return reader.Invalid("before-image-def", "needs a non-empty column-prefix or column-suffix");
  }
  if (filter) {
    if (*filter == "pk-only") {
      rule->before_filter = BeforeImageFilter::kPrimaryKey;
    } else if (*filter == "non-lob") {
      rule->before_filter = BeforeImageFilter::kNonLob;
    } else if (*filter == "all") {
      rule->before_filter = BeforeImageFilter::kAll;
    } else {
      return reader.Invalid("before-image-def.column-filter",
                            "is " + Quoted(*filter) + "; expected pk-only, non-lob or all");
    }
  }
  return Status::OK();
}

// A data-type object (add-column): validated for shape, not used (change files are text).
Status CheckDataType(const RuleReader& reader) {
  const Json* data_type = reader.Find("data-type");
  if (data_type == nullptr) return Status::OK();
  if (!data_type->is_object()) {
    return reader.Invalid("data-type", "must be an object, not " + JsonTypeName(*data_type));
  }
  CDC_RETURN_IF_ERROR(reader.CheckKeys(*data_type, {"type", "length", "precision", "scale"}, "data-type."));
  CDC_ASSIGN_OR_RETURN(std::string type, reader.RequiredString(*data_type, "type", "data-type.type"));
  for (std::string_view key : {"length", "precision", "scale"}) {
    const Json* number = RuleReader::Find(*data_type, key);
    if (number != nullptr && !number->is_number_integer()) {
      bool digits = number->is_string() && !number->get_ref<const std::string&>().empty() &&
                    std::all_of(number->get_ref<const std::string&>().begin(),
                                number->get_ref<const std::string&>().end(),
                                [](char c) { return c >= '0' && c <= '9'; });
      if (!digits) return reader.Invalid("data-type." + std::string(key), "must be an integer");
    }
  }
  return Status::OK();
}

Result<SelectionRule> ParseSelection(const RuleReader& reader, uint64_t id) {
  CDC_RETURN_IF_ERROR(reader.CheckKeys(
      reader.rule(),
      {"rule-type", "rule-id", "rule-name", "rule-action", "object-locator", "load-order", "filters"}, ""));
  SelectionRule selection;
  selection.id = id;
  CDC_ASSIGN_OR_RETURN(std::string action, reader.RequiredString("rule-action"));
  if (action == "include") {
    selection.action = SelectionAction::kInclude;
  } else if (action == "exclude") {
    selection.action = SelectionAction::kExclude;
  } else if (action == "explicit") {
    selection.action = SelectionAction::kExplicit;
  } else {
    return reader.Invalid("rule-action",
                          "is " + Quoted(action) + "; a selection rule takes include, exclude or explicit");
  }
  CDC_ASSIGN_OR_RETURN(const Json* locator, reader.Locator());
  CDC_RETURN_IF_ERROR(
      reader.CheckKeys(*locator, {"schema-name", "table-name", "table-type"}, "object-locator."));
  // DMS: an explicit rule names exactly one table, without wildcards.
  const PatternSyntax syntax =
      selection.action == SelectionAction::kExplicit ? PatternSyntax::kExact : PatternSyntax::kDms;
  CDC_ASSIGN_OR_RETURN(selection.schema, reader.RequiredLocatorPattern(*locator, "schema-name", syntax));
  CDC_ASSIGN_OR_RETURN(selection.table, reader.RequiredLocatorPattern(*locator, "table-name", syntax));
  CDC_ASSIGN_OR_RETURN(std::optional<std::string> table_type,
                       reader.OptionalString(*locator, "table-type", "object-locator.table-type"));
  if (table_type) {
    if (*table_type == "view") {
      selection.applies_to_tables = false;
    } else if (*table_type != "table" && *table_type != "all") {
      return reader.Invalid("object-locator.table-type",
                            "is " + Quoted(*table_type) + "; expected table, view or all");
    }
  }
  CDC_RETURN_IF_ERROR(CheckLoadOrder(reader));
  if (const Json* filters = reader.Find("filters")) {
    if (!filters->is_array()) {
      return reader.Invalid("filters", "must be an array, not " + JsonTypeName(*filters));
    }
    if (!filters->empty()) {
      return reader.NotSupported(
          "selection filters (rows chosen by column values) are not implemented; lakefeed captures whole "
          "tables "
          "(leave 'filters' empty)");
    }
  }
  return selection;
}

struct ActionName {
  std::string_view name;
  TransformAction action;
};

constexpr ActionName kTransformActions[] = {
    {"rename", TransformAction::kRename},
    {"convert-lowercase", TransformAction::kConvertLowercase},
    {"convert-uppercase", TransformAction::kConvertUppercase},
    {"add-prefix", TransformAction::kAddPrefix},
    {"remove-prefix", TransformAction::kRemovePrefix},
    {"replace-prefix", TransformAction::kReplacePrefix},
    {"add-suffix", TransformAction::kAddSuffix},
    {"remove-suffix", TransformAction::kRemoveSuffix},
    {"replace-suffix", TransformAction::kReplaceSuffix},
    {"remove-column", TransformAction::kRemoveColumn},
    {"exclude-column", TransformAction::kRemoveColumn},
    {"include-column", TransformAction::kIncludeColumn},
    {"add-column", TransformAction::kAddColumn},
    {"add-before-image-columns", TransformAction::kAddBeforeImageColumns},
};

// DMS transformation actions that are valid but not implemented, with the reason.
struct UnsupportedAction {
  std::string_view name;
  std::string_view why;
};

constexpr UnsupportedAction kUnsupportedActions[] = {
    {"define-primary-key",
     "change files carry no key; lakefeed takes each table's primary key from the source schema"},
    {"change-data-type",
     "change files carry the source types; converting a column's type is not implemented"},
    {"data-masking-digits-mask", "data masking is not implemented"},
    {"data-masking-digits-randomize", "data masking is not implemented"},
    {"data-masking-hash-mask", "data masking is not implemented"},
};

// Parses a transformation rule. nullopt for a rule that has no meaning for change files
// (table-tablespace and index-tablespace targets).
Result<std::optional<TransformRule>> ParseTransformation(const RuleReader& reader, uint64_t id) {
  TransformRule rule;
  rule.id = id;
  rule.label = reader.label();
  CDC_ASSIGN_OR_RETURN(std::string action, reader.RequiredString("rule-action"));
  bool known = false;
  for (const ActionName& entry : kTransformActions) {
    if (action == entry.name) {
      rule.action = entry.action;
      known = true;
    }
  }
  if (!known) {
    for (const UnsupportedAction& entry : kUnsupportedActions) {
      if (action == entry.name)
        return reader.NotSupported(std::string(entry.name) + ": " + std::string(entry.why));
    }
    return reader.Invalid("rule-action",
                          "is " + Quoted(action) + ", which is not a DMS transformation action");
  }
  CDC_ASSIGN_OR_RETURN(std::string target, reader.RequiredString("rule-target"));
  if (target == "schema") {
    rule.target = RuleTarget::kSchema;
  } else if (target == "table") {
    rule.target = RuleTarget::kTable;
  } else if (target == "column") {
    rule.target = RuleTarget::kColumn;
  } else if (target == "table-tablespace" || target == "index-tablespace") {
    // Tablespaces of an Oracle target; a lake of files has none. Accepted so mappings copy over.
    CDC_ASSIGN_OR_RETURN(const Json* locator, reader.Locator());
    (void)locator;
    return std::optional<TransformRule>();
  } else {
    return reader.Invalid(
        "rule-target",
        "is " + Quoted(target) + "; expected schema, table, column, table-tablespace or index-tablespace");
  }
  if (!IsNameAction(rule.action) && rule.target != RuleTarget::kColumn) {
    return reader.Invalid("rule-target",
                          "is " + Quoted(target) + "; " + action + " takes rule-target column");
  }

  // The keys each action takes beyond the common ones: anything else that is not null is a mistake.
  const TransformAction kind = rule.action;
  const bool takes_value =
      kind != TransformAction::kConvertLowercase && kind != TransformAction::kConvertUppercase &&
      kind != TransformAction::kRemoveColumn && kind != TransformAction::kIncludeColumn &&
      kind != TransformAction::kAddBeforeImageColumns;
  const bool takes_old_value =
      kind == TransformAction::kReplacePrefix || kind == TransformAction::kReplaceSuffix;
  std::vector<std::string_view> keys = {"rule-type",   "rule-id",     "rule-name",
                                        "rule-action", "rule-target", "object-locator"};
  if (takes_value) keys.push_back("value");
  if (takes_old_value) keys.push_back("old-value");
  if (kind == TransformAction::kAddColumn) {
    keys.push_back("expression");
    keys.push_back("data-type");
  }
  if (kind == TransformAction::kAddBeforeImageColumns) keys.push_back("before-image-def");
  CDC_RETURN_IF_ERROR(reader.CheckKeys(reader.rule(), keys, ""));

  // object-locator: the source objects the rule applies to.
  CDC_ASSIGN_OR_RETURN(const Json* locator, reader.Locator());
  if (RuleReader::Find(*locator, "data-type") != nullptr) {
    return reader.NotSupported("locating columns by data type (object-locator.data-type) is not implemented");
  }
  // A schema rule may narrow itself to some tables; a column rule without column-name is one that
  // adds columns to a table (add-column) or, for add-before-image-columns, covers every column.
  const bool column_name_required = rule.target == RuleTarget::kColumn &&
                                    kind != TransformAction::kAddColumn &&
                                    kind != TransformAction::kAddBeforeImageColumns;
  std::vector<std::string_view> locator_keys = {"schema-name", "table-name"};
  if (rule.target == RuleTarget::kColumn && kind != TransformAction::kAddColumn)
    locator_keys.push_back("column-name");
  CDC_RETURN_IF_ERROR(reader.CheckKeys(*locator, locator_keys, "object-locator."));
  CDC_ASSIGN_OR_RETURN(rule.schema,
                       reader.RequiredLocatorPattern(*locator, "schema-name", PatternSyntax::kDms));
  if (rule.target == RuleTarget::kSchema) {
    CDC_ASSIGN_OR_RETURN(rule.table, reader.LocatorPattern(*locator, "table-name", PatternSyntax::kDms));
  } else {
    CDC_ASSIGN_OR_RETURN(rule.table,
                         reader.RequiredLocatorPattern(*locator, "table-name", PatternSyntax::kDms));
  }
  if (column_name_required) {
    CDC_ASSIGN_OR_RETURN(rule.column,
                         reader.RequiredLocatorPattern(*locator, "column-name", PatternSyntax::kDms));
  } else if (kind == TransformAction::kAddBeforeImageColumns) {
    CDC_ASSIGN_OR_RETURN(rule.column, reader.LocatorPattern(*locator, "column-name", PatternSyntax::kDms));
  }

  switch (kind) {
    case TransformAction::kRename:
    case TransformAction::kAddPrefix:
    case TransformAction::kRemovePrefix:
    case TransformAction::kAddSuffix:
    case TransformAction::kRemoveSuffix: {
      CDC_ASSIGN_OR_RETURN(rule.value, reader.RequiredNonEmptyString("value"));
      break;
    }
    case TransformAction::kReplacePrefix:
    case TransformAction::kReplaceSuffix: {
      CDC_ASSIGN_OR_RETURN(rule.old_value, reader.RequiredNonEmptyString("old-value"));
      CDC_ASSIGN_OR_RETURN(rule.value, reader.RequiredString("value"));
      break;
    }
    case TransformAction::kAddColumn: {
      CDC_ASSIGN_OR_RETURN(rule.value, reader.RequiredNonEmptyString("value"));
      rule.added.name = rule.value;
      CDC_ASSIGN_OR_RETURN(std::optional<std::string> expression, reader.OptionalString("expression"));
      if (expression) {
        CDC_RETURN_IF_ERROR(ParseAddColumnExpression(*expression, reader, &rule));
      } else {
        // DMS adds an empty column when there is no expression.
        rule.added.source = OutputSource::kConstant;
        rule.added.constant_is_null = true;
      }
      CDC_RETURN_IF_ERROR(CheckDataType(reader));
      break;
    }
    case TransformAction::kAddBeforeImageColumns:
      CDC_RETURN_IF_ERROR(ParseBeforeImageDef(reader, &rule));
      break;
    case TransformAction::kConvertLowercase:
    case TransformAction::kConvertUppercase:
    case TransformAction::kRemoveColumn:
    case TransformAction::kIncludeColumn:
      break;
  }
  return std::optional<TransformRule>(std::move(rule));
}

// "shop.tmp_%" -> (shop, tmp_%): the first '.' outside a '[...]' class separates schema from table.
Result<SelectionRule> ParsePatternRule(std::string_view text, SelectionAction action) {
  size_t dot = std::string_view::npos;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] == '[') {
      // The first member may be ']' or '.', so the class ends at the first ']' after it.
      size_t close = text.find(']', pos + 2);
      if (close == std::string_view::npos) break;  // Compile reports the unterminated class
      pos = close;
    } else if (text[pos] == '.') {
      dot = pos;
      break;
    }
  }
  const std::string what = "table pattern " + Quoted(text);
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == text.size()) {
    return Status::InvalidArgument(what + " is not schema.table", "for every table of a database write db.*");
  }
  SelectionRule rule;
  rule.action = action;
  Result<NamePattern> schema = NamePattern::Compile(text.substr(0, dot), PatternSyntax::kCommandLine);
  if (!schema.ok()) return schema.status().WithContext(what);
  Result<NamePattern> table = NamePattern::Compile(text.substr(dot + 1), PatternSyntax::kCommandLine);
  if (!table.ok()) return table.status().WithContext(what);
  rule.schema = std::move(schema).value();
  rule.table = std::move(table).value();
  return rule;
}

SelectionRule EveryTable() {
  SelectionRule rule;
  rule.schema = NamePattern::MatchAll();
  rule.table = NamePattern::MatchAll();
  return rule;
}

// The name a column is matched and written under; a column whose name is not known is "@<n>"
// (1-based), as the rest of lakefeed prints it.
std::string DisplayName(const model::TableSchema& schema, size_t column_idx) {
  const std::string& name = schema.columns[column_idx].name;
  return name.empty() ? "@" + std::to_string(column_idx + 1) : name;
}

// DMS counts as LOBs the MySQL types it maps to BLOB/CLOB/NCLOB: MEDIUM/LONG BLOB and TEXT, JSON,
// and spatial types (TINY/plain BLOB and TEXT map to BYTES/WSTRING).
bool IsLob(const model::ColumnSchema& column) {
  using model::FieldType;
  if (column.type == FieldType::kJson || column.type == FieldType::kGeometry ||
      column.type == FieldType::kMediumBlob || column.type == FieldType::kLongBlob) {
    return true;
  }
  // In TABLE_MAP every BLOB/TEXT is BLOB; its metadata is the length prefix size (3 = MEDIUM, 4 = LONG).
  return (column.type == FieldType::kBlob || column.type == FieldType::kBlobCompressed) && column.meta >= 3;
}

}  // namespace

struct TableRules::Impl {
  std::vector<SelectionRule> includes;  // include and explicit rules
  std::vector<SelectionRule> excludes;
  std::vector<TransformRule> transforms;  // in rule-id order
};

TableRules::TableRules() : impl_(std::make_unique<Impl>()) {
  impl_->includes.push_back(EveryTable());
}
TableRules::~TableRules() = default;
TableRules::TableRules(TableRules&&) noexcept = default;
TableRules& TableRules::operator=(TableRules&&) noexcept = default;

Result<TableRules> TableRules::FromPatterns(const std::vector<std::string>& include,
                                            const std::vector<std::string>& exclude) {
  TableRules rules;
  rules.impl_->includes.clear();
  for (const std::string& text : include) {
    CDC_ASSIGN_OR_RETURN(SelectionRule rule, ParsePatternRule(text, SelectionAction::kInclude));
    rules.impl_->includes.push_back(std::move(rule));
  }
  if (include.empty()) rules.impl_->includes.push_back(EveryTable());
  for (const std::string& text : exclude) {
    CDC_ASSIGN_OR_RETURN(SelectionRule rule, ParsePatternRule(text, SelectionAction::kExclude));
    rules.impl_->excludes.push_back(std::move(rule));
  }
  return rules;
}

Result<TableRules> TableRules::FromDmsMapping(std::string_view json) {
  Json root;
  try {
    root = Json::parse(json);
  } catch (const Json::exception& error) {
    // nlohmann's message carries the line and column of the mistake.
    return Status::InvalidArgument("table mapping is not valid JSON", error.what());
  }
  if (!root.is_object()) {
    return Status::InvalidArgument("table mapping",
                                   "must be a JSON object {\"rules\": [...]}, not " + JsonTypeName(root));
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "rules" && !it->is_null()) {
      return Status::InvalidArgument("table mapping",
                                     "key " + Quoted(it.key()) + " is not known (it holds \"rules\")");
    }
  }
  const Json* rules = RuleReader::Find(root, "rules");
  if (rules == nullptr) return Status::InvalidArgument("table mapping", "key 'rules' is missing");
  if (!rules->is_array()) {
    return Status::InvalidArgument("table mapping",
                                   "key 'rules' must be an array, not " + JsonTypeName(*rules));
  }

  TableRules result;
  Impl& impl = *result.impl_;
  impl.includes.clear();
  std::vector<std::pair<uint64_t, size_t>> ids;  // rule-id, index in "rules"
  size_t selection_count = 0;
  for (size_t rule_idx = 0; rule_idx < rules->size(); ++rule_idx) {
    const Json& rule = (*rules)[rule_idx];
    const std::string position = "table mapping rules[" + std::to_string(rule_idx) + "]";
    if (!rule.is_object()) {
      return Status::InvalidArgument(position, "must be an object, not " + JsonTypeName(rule));
    }
    const Json* id_json = RuleReader::Find(rule, "rule-id");
    if (id_json == nullptr) return Status::InvalidArgument(position, "key 'rule-id' is missing");
    CDC_ASSIGN_OR_RETURN(uint64_t id, ParseRuleId(*id_json, position));
    for (const auto& [other_id, other_idx] : ids) {
      if (other_id == id) {
        return Status::InvalidArgument(position, "rule-id " + std::to_string(id) +
                                                     " is also the rule-id of rules[" +
                                                     std::to_string(other_idx) + "]");
      }
    }
    ids.emplace_back(id, rule_idx);
    std::string label = "table mapping rule " + std::to_string(id);
    if (const Json* name = RuleReader::Find(rule, "rule-name")) {
      if (!name->is_string()) {
        return Status::InvalidArgument(label, "key 'rule-name' must be a string, not " + JsonTypeName(*name));
      }
      const std::string& text = name->get_ref<const std::string&>();
      if (text != std::to_string(id)) label += " (" + Quoted(text) + ")";
    }
    RuleReader reader(rule, std::move(label));
    CDC_ASSIGN_OR_RETURN(std::string type, reader.RequiredString("rule-type"));
    if (type == "selection") {
      CDC_ASSIGN_OR_RETURN(SelectionRule selection, ParseSelection(reader, id));
      ++selection_count;
      if (selection.action == SelectionAction::kExclude) {
        impl.excludes.push_back(std::move(selection));
      } else {
        impl.includes.push_back(std::move(selection));
      }
    } else if (type == "transformation") {
      CDC_ASSIGN_OR_RETURN(std::optional<TransformRule> transform, ParseTransformation(reader, id));
      if (transform) impl.transforms.push_back(std::move(*transform));
    } else if (type == "table-settings") {
      // parallel-load and LOB settings tune DMS's full load and LOB handling; lakefeed has no LOB
      // size limit and its full load comes later. Accepted so that mappings copy over unchanged.
      CDC_ASSIGN_OR_RETURN(const Json* locator, reader.Locator());
      (void)locator;
    } else if (type == "post-processing") {
      return reader.NotSupported("post-processing rules (S3 object tags) are not implemented");
    } else if (type == "object-mapping") {
      return reader.NotSupported(
          "object-mapping rules are for DynamoDB, Kinesis and Kafka targets, not file targets");
    } else {
      return reader.Invalid(
          "rule-type",
          "is " + Quoted(type) + "; expected selection, transformation, table-settings or post-processing");
    }
  }
  if (selection_count == 0) {
    return Status::InvalidArgument("table mapping",
                                   "has no selection rule, so it selects no table (DMS needs at least one)");
  }
  std::sort(impl.transforms.begin(), impl.transforms.end(),
            [](const TransformRule& a, const TransformRule& b) { return a.id < b.id; });
  return result;
}

bool TableRules::Selects(std::string_view schema, std::string_view table) const {
  if (impl_ == nullptr) return true;  // moved-from: behaves as the default, every table
  bool included = false;
  for (const SelectionRule& rule : impl_->includes) {
    if (rule.Matches(schema, table)) {
      included = true;
      break;
    }
  }
  if (!included) return false;
  for (const SelectionRule& rule : impl_->excludes) {
    if (rule.Matches(schema, table)) return false;
  }
  return true;
}

Result<model::TableProjectionPtr> TableRules::Project(model::TableSchemaPtr schema) const {
  if (schema == nullptr) return Status::InvalidArgument("table rules", "Project needs a table schema");
  const std::string& source_schema = schema->schema_name;
  const std::string& source_table = schema->table_name;
  const std::string where = "`" + source_schema + "`.`" + source_table + "`";
  auto projection = std::make_shared<model::TableProjection>();
  projection->schema = schema;
  projection->target_schema = source_schema;
  projection->target_table = source_table;

  const size_t column_count = schema->columns.size();
  std::vector<std::string> source_names(column_count);
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    source_names[column_idx] = DisplayName(*schema, column_idx);
  }
  std::vector<std::string> names = source_names;
  std::vector<bool> keep(column_count, true);
  const std::vector<TransformRule> no_rules;
  const std::vector<TransformRule>& transforms = impl_ != nullptr ? impl_->transforms : no_rules;

  // include-column switches the table to "only the included columns" (DMS).
  bool include_mode = false;
  for (const TransformRule& rule : transforms) {
    if (rule.action == TransformAction::kIncludeColumn && rule.MatchesTable(source_schema, source_table)) {
      if (!include_mode) std::fill(keep.begin(), keep.end(), false);
      include_mode = true;
      for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
        if (rule.MatchesColumn(source_names[column_idx])) keep[column_idx] = true;
      }
    }
  }
  // Names change rule by rule in rule-id order; locators always match the source names.
  for (const TransformRule& rule : transforms) {
    if (!rule.MatchesTable(source_schema, source_table)) continue;
    if (rule.action == TransformAction::kRemoveColumn) {
      for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
        if (rule.MatchesColumn(source_names[column_idx])) keep[column_idx] = false;
      }
      continue;
    }
    if (!IsNameAction(rule.action)) continue;
    switch (rule.target) {
      case RuleTarget::kSchema:
        CDC_RETURN_IF_ERROR(rule.ApplyToName(&projection->target_schema, "the schema of " + where));
        break;
      case RuleTarget::kTable:
        CDC_RETURN_IF_ERROR(rule.ApplyToName(&projection->target_table, "table " + where));
        break;
      case RuleTarget::kColumn:
        for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
          if (!rule.MatchesColumn(source_names[column_idx])) continue;
          CDC_RETURN_IF_ERROR(rule.ApplyToName(
              &names[column_idx], "column " + Quoted(source_names[column_idx]) + " of " + where));
        }
        break;
    }
  }

  std::vector<OutputColumn>& columns = projection->columns;
  std::vector<std::string> origins;  // what produced each output column, for the duplicate-name error
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (!keep[column_idx]) continue;
    OutputColumn column;
    column.name = names[column_idx];
    column.source = OutputSource::kColumn;
    column.column = static_cast<uint32_t>(column_idx);
    columns.push_back(std::move(column));
    origins.push_back("source column " + Quoted(source_names[column_idx]));
  }
  const size_t kept_count = columns.size();

  // Primary key columns, for add-before-image-columns pk-only.
  std::vector<bool> in_key(column_count, false);
  for (uint32_t key_idx : schema->primary_key) {
    if (key_idx < column_count) in_key[key_idx] = true;
  }
  if (schema->primary_key.empty()) {
    for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
      in_key[column_idx] = schema->columns[column_idx].in_primary_key;
    }
  }

  // Added columns, appended in rule-id order.
  for (const TransformRule& rule : transforms) {
    if (!rule.MatchesTable(source_schema, source_table)) continue;
    if (rule.action == TransformAction::kAddColumn) {
      OutputColumn column = rule.added;
      if (!rule.added_source_column.empty()) {
        auto found = std::find(source_names.begin(), source_names.end(), rule.added_source_column);
        if (found == source_names.end()) {
          return Status::InvalidArgument(rule.label, "add-column expression $" + rule.added_source_column +
                                                         ": " + where + " has no column " +
                                                         Quoted(rule.added_source_column));
        }
        column.column = static_cast<uint32_t>(found - source_names.begin());
      }
      columns.push_back(std::move(column));
      origins.push_back("add-column of " + rule.label);
    } else if (rule.action == TransformAction::kAddBeforeImageColumns) {
      for (size_t output_idx = 0; output_idx < kept_count; ++output_idx) {
        const uint32_t column_idx = columns[output_idx].column;
        if (!rule.MatchesColumn(source_names[column_idx])) continue;
        const bool wanted =
            rule.before_filter == BeforeImageFilter::kAll ||
            (rule.before_filter == BeforeImageFilter::kPrimaryKey && in_key[column_idx]) ||
            (rule.before_filter == BeforeImageFilter::kNonLob && !IsLob(schema->columns[column_idx]));
        if (!wanted) continue;
        OutputColumn column;
        column.name = rule.before_prefix + columns[output_idx].name + rule.before_suffix;
        column.source = OutputSource::kBeforeColumn;
        column.column = column_idx;
        columns.push_back(std::move(column));
        origins.push_back("add-before-image-columns of " + rule.label);
      }
    }
  }

  // Output names must be unique. The comparison ignores ASCII case, as MySQL, Glue and Athena do:
  // DMS calls an added "id" beside a source "ID" an ambiguous duplicate.
  std::vector<size_t> order(columns.size());
  for (size_t output_idx = 0; output_idx < order.size(); ++output_idx) order[output_idx] = output_idx;
  auto lowered = [&](size_t output_idx) {
    std::string name = columns[output_idx].name;
    for (char& c : name) c = AsciiLower(c);
    return name;
  };
  std::vector<std::string> keys(columns.size());
  for (size_t output_idx = 0; output_idx < keys.size(); ++output_idx) keys[output_idx] = lowered(output_idx);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys[a] < keys[b]; });
  for (size_t sorted_idx = 1; sorted_idx < order.size(); ++sorted_idx) {
    const size_t first = order[sorted_idx - 1];
    const size_t second = order[sorted_idx];
    if (keys[first] == keys[second]) {
      const size_t a = std::min(first, second);
      const size_t b = std::max(first, second);
      return Status::InvalidArgument("table mapping for " + where, "two output columns are named " +
                                                                       Quoted(columns[a].name) + " and " +
                                                                       Quoted(columns[b].name) + " (" +
                                                                       origins[a] + ", " + origins[b] + ")");
    }
  }
  return model::TableProjectionPtr(std::move(projection));
}

}  // namespace cdc::capture
