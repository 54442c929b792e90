#include "capture/table_rules.h"

#include <gtest/gtest.h>

#include <array>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cdc::capture {
namespace {

using model::FieldType;
using model::OutputColumn;
using model::OutputSource;

// ------------------------------------------------------------------------------------ helpers

struct ColumnSpec {
  std::string name;
  FieldType type = FieldType::kLong;
  uint16_t meta = 0;
};

model::TableSchemaPtr MakeTable(std::string schema, std::string table,
                                std::initializer_list<ColumnSpec> columns,
                                std::vector<uint32_t> primary_key = {}) {
  auto result = std::make_shared<model::TableSchema>();
  result->schema_name = std::move(schema);
  result->table_name = std::move(table);
  for (const ColumnSpec& spec : columns) {
    model::ColumnSchema column;
    column.name = spec.name;
    column.type = spec.type;
    column.meta = spec.meta;
    result->columns.push_back(std::move(column));
  }
  result->primary_key = std::move(primary_key);
  for (uint32_t key : result->primary_key) result->columns[key].in_primary_key = true;
  return result;
}

TableRules Patterns(std::vector<std::string> include, std::vector<std::string> exclude = {}) {
  Result<TableRules> rules = TableRules::FromPatterns(include, exclude);
  EXPECT_TRUE(rules.ok()) << rules.status().ToString();
  return rules.ok() ? std::move(rules).value() : TableRules();
}

TableRules Mapping(const std::string& json) {
  Result<TableRules> rules = TableRules::FromDmsMapping(json);
  EXPECT_TRUE(rules.ok()) << rules.status().ToString() << "\n" << json;
  return rules.ok() ? std::move(rules).value() : TableRules();
}

// A mapping with one include-everything selection rule (id 1) and the given rules after it.
std::string WithSelectAll(const std::string& rules) {
  std::string json = R"({"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1",)"
                     R"("object-locator":{"schema-name":"%","table-name":"%"},"rule-action":"include"})";
  if (!rules.empty()) json += "," + rules;
  return json + "]}";
}

// A transformation rule's JSON text.
std::string Transform(int id, const std::string& target, const std::string& action,
                      const std::string& locator, const std::string& extra = "") {
  std::string json = R"({"rule-type":"transformation","rule-id":")" + std::to_string(id) +
                     R"(","rule-name":")" + std::to_string(id) + R"(","rule-target":")" + target +
                     R"(","rule-action":")" + action + R"(","object-locator":)" + locator;
  if (!extra.empty()) json += "," + extra;
  return json + "}";
}

model::TableProjectionPtr ProjectOk(const TableRules& rules, const model::TableSchemaPtr& table) {
  Result<model::TableProjectionPtr> projection = rules.Project(table);
  EXPECT_TRUE(projection.ok()) << projection.status().ToString();
  return projection.ok() ? *projection : nullptr;
}

std::vector<std::string> Names(const model::TableProjection& projection) {
  std::vector<std::string> names;
  for (const OutputColumn& column : projection.columns) names.push_back(column.name);
  return names;
}

Status MappingStatus(const std::string& json) {
  return TableRules::FromDmsMapping(json).status();
}

// Status text must name what is wrong and where.
void ExpectInvalid(const std::string& json, std::initializer_list<std::string_view> mentions) {
  Status status = MappingStatus(json);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString() << "\n" << json;
  for (std::string_view text : mentions) {
    EXPECT_NE(status.message().find(text), std::string::npos)
        << "'" << text << "' not in: " << status.ToString();
  }
}

void ExpectNotSupported(const std::string& json, std::initializer_list<std::string_view> mentions) {
  Status status = MappingStatus(json);
  EXPECT_TRUE(status.IsNotSupported()) << status.ToString() << "\n" << json;
  for (std::string_view text : mentions) {
    EXPECT_NE(status.message().find(text), std::string::npos)
        << "'" << text << "' not in: " << status.ToString();
  }
}

const std::string kAllTables = R"({"schema-name":"%","table-name":"%"})";
const std::string kAllColumns = R"({"schema-name":"%","table-name":"%","column-name":"%"})";

// ------------------------------------------------------------------------------------ patterns

TEST(TableRulesPatternsTest, DefaultSelectsEverythingAndProjectsUnchanged) {
  TableRules rules;
  EXPECT_TRUE(rules.Selects("shop", "orders"));
  EXPECT_TRUE(rules.Selects("", ""));
  auto table = MakeTable("shop", "orders", {{"id"}, {"total"}});
  model::TableProjectionPtr projection = ProjectOk(rules, table);
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(projection->schema, table);
  EXPECT_EQ(projection->target_schema, "shop");
  EXPECT_EQ(projection->target_table, "orders");
  ASSERT_EQ(projection->columns.size(), 2u);
  EXPECT_EQ(projection->columns[1].name, "total");
  EXPECT_EQ(projection->columns[1].source, OutputSource::kColumn);
  EXPECT_EQ(projection->columns[1].column, 1u);
}

TEST(TableRulesPatternsTest, DatabaseStarSelectsEveryTableOfThatDatabaseOnly) {
  TableRules rules = Patterns({"shop.*"});
  EXPECT_TRUE(rules.Selects("shop", "orders"));
  EXPECT_TRUE(rules.Selects("shop", "x"));
  EXPECT_FALSE(rules.Selects("shop2", "orders"));
  EXPECT_FALSE(rules.Selects("sho", "orders"));
  EXPECT_FALSE(rules.Selects("Shop", "orders"));  // case-sensitive, as DMS
}

TEST(TableRulesPatternsTest, PercentMatchesAnyRunIncludingEmpty) {
  TableRules rules = Patterns({"s.ord%"});
  EXPECT_TRUE(rules.Selects("s", "ord"));
  EXPECT_TRUE(rules.Selects("s", "orders"));
  EXPECT_FALSE(rules.Selects("s", "or"));
  EXPECT_FALSE(rules.Selects("s", "xorders"));
  TableRules middle = Patterns({"s.a%b%c"});
  EXPECT_TRUE(middle.Selects("s", "abc"));
  EXPECT_TRUE(middle.Selects("s", "aXbYbZc"));
  EXPECT_TRUE(middle.Selects("s", "abcbc"));
  EXPECT_FALSE(middle.Selects("s", "aXbYbZcd"));
  EXPECT_FALSE(middle.Selects("s", "acb"));
  TableRules twice = Patterns({"%%.%%x"});  // "%%" is one '%'
  EXPECT_TRUE(twice.Selects("", "x"));
  EXPECT_TRUE(twice.Selects("any", "yyx"));
  EXPECT_FALSE(twice.Selects("any", "xy"));
}

TEST(TableRulesPatternsTest, UnderscoreMatchesExactlyOneCharacter) {
  TableRules rules = Patterns({"s.t_"});
  EXPECT_TRUE(rules.Selects("s", "t1"));
  EXPECT_TRUE(rules.Selects("s", "t_"));
  EXPECT_FALSE(rules.Selects("s", "t"));
  EXPECT_FALSE(rules.Selects("s", "t12"));
  // One character, not one byte: é is two bytes in UTF-8, 😀 four.
  EXPECT_TRUE(rules.Selects("s", "t\xc3\xa9"));
  EXPECT_TRUE(rules.Selects("s", "t\xf0\x9f\x98\x80"));
  EXPECT_FALSE(rules.Selects("s", "t\xc3\xa9x"));
  TableRules two = Patterns({"s.__"});
  EXPECT_TRUE(two.Selects("s", "\xc3\xa9\xc3\xa9"));
  EXPECT_FALSE(two.Selects("s", "\xc3\xa9"));
  // A byte that does not start valid UTF-8 counts as one character.
  EXPECT_TRUE(rules.Selects("s", "t\xff"));
  EXPECT_TRUE(rules.Selects("s", "t\xc3"));
}

TEST(TableRulesPatternsTest, PercentGrowsByCharactersNotBytes) {
  TableRules rules = Patterns({"s.%_"});  // at least one character
  EXPECT_TRUE(rules.Selects("s", "\xc3\xa9"));
  EXPECT_FALSE(rules.Selects("s", ""));
  TableRules suffix = Patterns({"s.%\xc3\xa9"});
  EXPECT_TRUE(suffix.Selects("s", "caf\xc3\xa9"));
  EXPECT_FALSE(suffix.Selects("s", "cafe"));
}

TEST(TableRulesPatternsTest, StarIsPercent) {
  TableRules rules = Patterns({"sh*.*_log"});
  EXPECT_TRUE(rules.Selects("shop", "a_log"));
  EXPECT_TRUE(rules.Selects("sh", "xlog"));  // '_' is still one character
  EXPECT_FALSE(rules.Selects("shop", "log"));
  EXPECT_FALSE(rules.Selects("s", "a_log"));
}

TEST(TableRulesPatternsTest, BracketClassesAndLiteralUnderscore) {
  TableRules literal = Patterns({"s.tmp[_]%"});
  EXPECT_TRUE(literal.Selects("s", "tmp_1"));
  EXPECT_TRUE(literal.Selects("s", "tmp_"));
  EXPECT_FALSE(literal.Selects("s", "tmpx1"));
  TableRules set = Patterns({"s.[ab]x"});
  EXPECT_TRUE(set.Selects("s", "ax"));
  EXPECT_TRUE(set.Selects("s", "bx"));
  EXPECT_FALSE(set.Selects("s", "cx"));
  EXPECT_FALSE(set.Selects("s", "abx"));
  TableRules range = Patterns({"s.t[a-d0-9]"});
  EXPECT_TRUE(range.Selects("s", "tc"));
  EXPECT_TRUE(range.Selects("s", "t7"));
  EXPECT_FALSE(range.Selects("s", "te"));
  EXPECT_FALSE(range.Selects("s", "tC"));
  TableRules specials = Patterns({"s.[[]x]"});  // literal '[' then "x]"
  EXPECT_TRUE(specials.Selects("s", "[x]"));
  TableRules dash = Patterns({"s.[-a]"});  // '-' first is literal
  EXPECT_TRUE(dash.Selects("s", "-"));
  EXPECT_TRUE(dash.Selects("s", "a"));
  TableRules unicode = Patterns({"s.[\xc3\xa9\xc3\xa8]"});
  EXPECT_TRUE(unicode.Selects("s", "\xc3\xa8"));
  EXPECT_FALSE(unicode.Selects("s", "e"));
}

TEST(TableRulesPatternsTest, FirstDotOutsideAClassSplitsSchemaFromTable) {
  TableRules rules = Patterns({"a[.]b.t.x"});
  EXPECT_TRUE(rules.Selects("a.b", "t.x"));
  EXPECT_FALSE(rules.Selects("a", "b.t.x"));
}

TEST(TableRulesPatternsTest, ExcludeWins) {
  TableRules rules = Patterns({"shop.*", "shop.tmp_1"}, {"shop.tmp_%"});
  EXPECT_TRUE(rules.Selects("shop", "orders"));
  EXPECT_FALSE(rules.Selects("shop", "tmp_1"));  // excluded although explicitly included too
  EXPECT_FALSE(rules.Selects("shop", "tmpx"));   // '_' matches 'x', '%' the empty rest
  EXPECT_TRUE(rules.Selects("shop", "tmp"));     // '_' needs a character
  TableRules exclude_only = Patterns({}, {"mysql.*", "%.%_old"});
  EXPECT_TRUE(exclude_only.Selects("shop", "orders"));
  EXPECT_FALSE(exclude_only.Selects("mysql", "user"));
  EXPECT_FALSE(exclude_only.Selects("shop", "orders_old"));
}

TEST(TableRulesPatternsTest, RejectsMalformedPatterns) {
  for (const char* bad : {"shop", ".t", "s.", "", "s.[ab", "s.[b-a]", "s.[^a]", "s.[]"}) {
    Result<TableRules> include = TableRules::FromPatterns({bad}, {});
    EXPECT_TRUE(include.status().IsInvalidArgument()) << bad;
    EXPECT_NE(include.status().message().find("'" + std::string(bad) + "'"), std::string::npos)
        << include.status().ToString();
    EXPECT_TRUE(TableRules::FromPatterns({}, {bad}).status().IsInvalidArgument()) << bad;
  }
  EXPECT_NE(TableRules::FromPatterns({"shop"}, {}).status().message().find("db.*"), std::string::npos);
}

TEST(TableRulesPatternsTest, PatternRulesDoNotRenameAndNameUnknownColumns) {
  TableRules rules = Patterns({"%.%"});
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"a"}, {""}, {"c"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"a", "@2", "c"}));
}

TEST(TableRulesPatternsTest, BacktrackingStaysCheap) {
  // A pathological pattern for backtracking matchers; must answer quickly and correctly.
  TableRules rules = Patterns({"s.%a%a%a%a%a%a%a%b"});
  EXPECT_FALSE(rules.Selects("s", std::string(5000, 'a')));
  EXPECT_TRUE(rules.Selects("s", std::string(5000, 'a') + "b"));
}

// ------------------------------------------------------------------------------- DMS selection

// The example of reference/dms-s3-target.md §3.
const char* kReferenceExample = R"({"rules":[
 {"rule-type":"selection","rule-id":"1","rule-name":"1",
  "object-locator":{"schema-name":"shop","table-name":"%"},"rule-action":"include"},
 {"rule-type":"selection","rule-id":"2","rule-name":"2",
  "object-locator":{"schema-name":"shop","table-name":"tmp_%"},"rule-action":"exclude"},
 {"rule-type":"transformation","rule-id":"3","rule-name":"3","rule-target":"table",
  "object-locator":{"schema-name":"shop","table-name":"%"},"rule-action":"convert-lowercase"},
 {"rule-type":"transformation","rule-id":"4","rule-name":"4","rule-target":"column",
  "object-locator":{"schema-name":"shop","table-name":"users","column-name":"password_hash"},
  "rule-action":"remove-column"},
 {"rule-type":"transformation","rule-id":"5","rule-name":"5","rule-target":"column",
  "object-locator":{"schema-name":"%","table-name":"%"},"rule-action":"add-column",
  "value":"transact_seq","expression":"$AR_H_CHANGE_SEQ",
  "data-type":{"type":"string","length":50}},
 {"rule-type":"transformation","rule-id":"6","rule-name":"6","rule-target":"schema",
  "object-locator":{"schema-name":"shop"},"rule-action":"rename","value":"shop_raw"}
]})";

TEST(TableRulesDmsTest, ReferenceExample) {
  TableRules rules = Mapping(kReferenceExample);
  EXPECT_TRUE(rules.Selects("shop", "users"));
  EXPECT_TRUE(rules.Selects("shop", "Orders"));
  EXPECT_FALSE(rules.Selects("shop", "tmp_sessions"));
  EXPECT_FALSE(rules.Selects("other", "users"));

  model::TableProjectionPtr users =
      ProjectOk(rules, MakeTable("shop", "users", {{"id"}, {"email"}, {"password_hash"}}, {0}));
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->target_schema, "shop_raw");
  EXPECT_EQ(users->target_table, "users");
  EXPECT_EQ(Names(*users), (std::vector<std::string>{"id", "email", "transact_seq"}));
  EXPECT_EQ(users->columns[1].column, 1u);
  EXPECT_EQ(users->columns[2].source, OutputSource::kChangeSeq);

  // password_hash is removed only in users; Orders is lowercased.
  model::TableProjectionPtr orders =
      ProjectOk(rules, MakeTable("shop", "Orders", {{"ID"}, {"password_hash"}}));
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->target_schema, "shop_raw");
  EXPECT_EQ(orders->target_table, "orders");
  EXPECT_EQ(Names(*orders), (std::vector<std::string>{"ID", "password_hash", "transact_seq"}));
}

TEST(TableRulesDmsTest, ExplicitTakesNamesLiterally) {
  TableRules rules = Mapping(R"({"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1",
      "object-locator":{"schema-name":"NewCust","table-name":"a_b%"},"rule-action":"explicit"}]})");
  EXPECT_TRUE(rules.Selects("NewCust", "a_b%"));
  EXPECT_FALSE(rules.Selects("NewCust", "axb"));
  EXPECT_FALSE(rules.Selects("NewCust", "a_bc"));
  EXPECT_FALSE(rules.Selects("newcust", "a_b%"));
}

TEST(TableRulesDmsTest, ExcludeWinsWhateverTheOrder) {
  TableRules rules = Mapping(R"({"rules":[
      {"rule-type":"selection","rule-id":"9","object-locator":{"schema-name":"Test","table-name":"DMS%"},
       "rule-action":"exclude"},
      {"rule-type":"selection","rule-id":"1","object-locator":{"schema-name":"Test","table-name":"%"},
       "rule-action":"include"},
      {"rule-type":"selection","rule-id":"2","object-locator":{"schema-name":"Test","table-name":"DMS1"},
       "rule-action":"explicit"}]})");
  EXPECT_TRUE(rules.Selects("Test", "orders"));
  EXPECT_FALSE(rules.Selects("Test", "DMS1"));
  EXPECT_FALSE(rules.Selects("Test", "DMS"));
  EXPECT_FALSE(rules.Selects("Other", "orders"));
}

TEST(TableRulesDmsTest, TableTypeViewSelectsNoTable) {
  TableRules rules = Mapping(R"({"rules":[
      {"rule-type":"selection","rule-id":"1","object-locator":{"schema-name":"a","table-name":"%",
       "table-type":"view"},"rule-action":"include"},
      {"rule-type":"selection","rule-id":"2","object-locator":{"schema-name":"b","table-name":"%",
       "table-type":"all"},"rule-action":"include"},
      {"rule-type":"selection","rule-id":"3","object-locator":{"schema-name":"c","table-name":"%",
       "table-type":"table"},"rule-action":"include"},
      {"rule-type":"selection","rule-id":"4","object-locator":{"schema-name":"%","table-name":"x",
       "table-type":"view"},"rule-action":"exclude"}]})");
  EXPECT_FALSE(rules.Selects("a", "t"));
  EXPECT_TRUE(rules.Selects("b", "t"));
  EXPECT_TRUE(rules.Selects("c", "t"));
  EXPECT_TRUE(rules.Selects("c", "x"));  // the exclude covers views only
}

TEST(TableRulesDmsTest, AcceptsLoadOrderEmptyFiltersNullsAndNumericIds) {
  TableRules rules = Mapping(R"({"rules":[
      {"rule-type":"selection","rule-id":1,"rule-name":"first","object-locator":{"schema-name":"s",
       "table-name":"loadsecond"},"rule-action":"include","load-order":"1","filters":[]},
      {"rule-type":"selection","rule-id":"2","rule-name":"2","object-locator":{"schema-name":"s",
       "table-name":"loadfirst"},"rule-action":"include","load-order":2,"filters":null,
       "parallel-load":null}]})");
  EXPECT_TRUE(rules.Selects("s", "loadfirst"));
  EXPECT_TRUE(rules.Selects("s", "loadsecond"));
  EXPECT_FALSE(rules.Selects("s", "other"));
}

TEST(TableRulesDmsTest, RowFiltersAreNotSupported) {
  ExpectNotSupported(R"({"rules":[{"rule-type":"selection","rule-id":"7","rule-name":"7",
      "object-locator":{"schema-name":"s","table-name":"t"},"rule-action":"include",
      "filters":[{"filter-type":"source","column-name":"id","filter-conditions":
      [{"filter-operator":"gte","value":"10"}]}]}]})",
                     {"rule 7", "filters"});
}

TEST(TableRulesDmsTest, TableSettingsAreAcceptedAndIgnored) {
  TableRules rules = Mapping(WithSelectAll(R"({"rule-type":"table-settings","rule-id":"2","rule-name":"2",
      "object-locator":{"schema-name":"s","table-name":"t"},"parallel-load":{"type":"partitions-auto"}})"));
  EXPECT_TRUE(rules.Selects("s", "t"));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"a"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"a"}));
}

TEST(TableRulesDmsTest, TablespaceRulesAreAcceptedAndIgnored) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "table-tablespace", "rename",
                R"({"schema-name":"Play","table-name":"Actor","table-tablespace-name":"SetSpace"})",
                R"("value":"SceneTblSpace")")));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("Play", "Actor", {{"a"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(projection->target_table, "Actor");
}

// --------------------------------------------------------------------- DMS name transformations

TEST(TableRulesDmsTest, RenamesSchemaTableAndColumn) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "schema", "rename", R"({"schema-name":"Test"})", R"("value":"Test1")") + "," +
      Transform(3, "table", "rename", R"({"schema-name":"Test","table-name":"Actor"})",
                R"("value":"Actor1")") +
      "," +
      Transform(4, "column", "rename",
                R"({"schema-name":"Test","table-name":"Actor","column-name":"first_name"})",
                R"("value":"fname")")));
  model::TableProjectionPtr actor = ProjectOk(rules, MakeTable("Test", "Actor", {{"id"}, {"first_name"}}));
  ASSERT_NE(actor, nullptr);
  EXPECT_EQ(actor->target_schema, "Test1");
  EXPECT_EQ(actor->target_table, "Actor1");
  EXPECT_EQ(Names(*actor), (std::vector<std::string>{"id", "fname"}));
  model::TableProjectionPtr film = ProjectOk(rules, MakeTable("Test", "Film", {{"first_name"}}));
  ASSERT_NE(film, nullptr);
  EXPECT_EQ(film->target_schema, "Test1");
  EXPECT_EQ(film->target_table, "Film");
  EXPECT_EQ(Names(*film), (std::vector<std::string>{"first_name"}));
}

TEST(TableRulesDmsTest, SchemaRuleMayNarrowToTables) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "schema", "rename", R"({"schema-name":"s","table-name":"a%"})", R"("value":"archive")")));
  EXPECT_EQ(ProjectOk(rules, MakeTable("s", "a1", {{"x"}}))->target_schema, "archive");
  EXPECT_EQ(ProjectOk(rules, MakeTable("s", "b1", {{"x"}}))->target_schema, "s");
}

TEST(TableRulesDmsTest, PrefixAndSuffixActions) {
  struct Case {
    std::string action;
    std::string extra;
    std::string source;
    std::string expected;
  };
  const Case cases[] = {
      {"add-prefix", R"("value":"DMS_")", "t", "DMS_t"},
      {"remove-prefix", R"("value":"DMS_")", "DMS_t", "t"},
      {"remove-prefix", R"("value":"DMS_")", "dms_t", "dms_t"},  // case-sensitive; no prefix, no change
      {"replace-prefix", R"("value":"NewPre_","old-value":"Pre_")", "Pre_t", "NewPre_t"},
      {"replace-prefix", R"("value":"NewPre_","old-value":"Pre_")", "t_Pre_", "t_Pre_"},
      {"replace-prefix", R"("value":"","old-value":"Pre_")", "Pre_t", "t"},
      {"add-suffix", R"("value":"_DMS")", "t", "t_DMS"},
      {"remove-suffix", R"("value":"_DMS")", "t_DMS", "t"},
      {"remove-suffix", R"("value":"_DMS")", "t_DMSx", "t_DMSx"},
      {"replace-suffix", R"("value":"_new","old-value":"_old")", "t_old", "t_new"},
      {"replace-suffix", R"("value":"_new","old-value":"_old")", "_oldt", "_oldt"},
      {"convert-lowercase", "", "MiXeD_\xc3\x89", "mixed_\xc3\x89"},  // ASCII only, as SQLite's lower()
      {"convert-uppercase", "", "MiXeD_\xc3\xa9", "MIXED_\xc3\xa9"},
  };
  for (const Case& c : cases) {
    for (const char* target : {"schema", "table", "column"}) {
      const std::string locator = std::string(target) == "schema"  ? R"({"schema-name":"%"})"
                                  : std::string(target) == "table" ? kAllTables
                                                                   : kAllColumns;
      TableRules rules = Mapping(WithSelectAll(Transform(2, target, c.action, locator, c.extra)));
      model::TableProjectionPtr projection = ProjectOk(rules, MakeTable(c.source, c.source, {{c.source}}));
      ASSERT_NE(projection, nullptr) << c.action << " " << target;
      const std::string& got = std::string(target) == "schema"  ? projection->target_schema
                               : std::string(target) == "table" ? projection->target_table
                                                                : projection->columns[0].name;
      EXPECT_EQ(got, c.expected) << c.action << " on " << target << " of " << c.source;
      // Only the targeted level changes.
      if (std::string(target) != "schema") {
        EXPECT_EQ(projection->target_schema, c.source);
      }
      if (std::string(target) != "column") {
        EXPECT_EQ(projection->columns[0].name, c.source);
      }
    }
  }
}

TEST(TableRulesDmsTest, RulesApplyInRuleIdOrderAndLocatorsMatchSourceNames) {
  // rule 9 comes first in the array but runs after rule 3; rule 9's locator "Ord%" still matches,
  // because locators match the source name, not the lowercased one.
  TableRules rules = Mapping(WithSelectAll(
      Transform(9, "table", "add-prefix", R"({"schema-name":"%","table-name":"Ord%"})", R"("value":"T_")") +
      "," + Transform(3, "table", "convert-lowercase", kAllTables)));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "Orders", {{"a"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(projection->target_table, "T_orders");
}

TEST(TableRulesDmsTest, ColumnRulesMatchColumnsByWildcard) {
  TableRules rules = Mapping(WithSelectAll(Transform(
      2, "column", "convert-uppercase", R"({"schema-name":"%","table-name":"%","column-name":"c_l%"})")));
  model::TableProjectionPtr projection =
      ProjectOk(rules, MakeTable("s", "t", {{"col1"}, {"cxl"}, {"c_l"}, {"id"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"COL1", "CXL", "C_L", "id"}));
}

TEST(TableRulesDmsTest, RenameThatEmptiesANameIsAnError) {
  TableRules rules =
      Mapping(WithSelectAll(Transform(4, "table", "remove-prefix", kAllTables, R"("value":"tmp")")));
  Result<model::TableProjectionPtr> projection = rules.Project(MakeTable("s", "tmp", {{"a"}}));
  ASSERT_TRUE(projection.status().IsInvalidArgument()) << projection.status().ToString();
  EXPECT_NE(projection.status().message().find("rule 4"), std::string::npos)
      << projection.status().ToString();
  EXPECT_NE(projection.status().message().find("`s`.`tmp`"), std::string::npos)
      << projection.status().ToString();
}

// --------------------------------------------------------------------------- column selection

TEST(TableRulesDmsTest, RemoveColumnAndExcludeColumn) {
  TableRules rules =
      Mapping(WithSelectAll(Transform(2, "column", "remove-column",
                                      R"({"schema-name":"test","table-name":"Actor","column-name":"col%"})") +
                            "," +
                            Transform(3, "column", "exclude-column",
                                      R"({"schema-name":"%","table-name":"%","column-name":"secret"})")));
  model::TableProjectionPtr actor =
      ProjectOk(rules, MakeTable("test", "Actor", {{"id"}, {"col1"}, {"name"}, {"col2"}, {"secret"}}));
  ASSERT_NE(actor, nullptr);
  EXPECT_EQ(Names(*actor), (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(actor->columns[1].column, 2u);  // index into the source columns
  model::TableProjectionPtr other = ProjectOk(rules, MakeTable("test", "Other", {{"col1"}, {"secret"}}));
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(Names(*other), (std::vector<std::string>{"col1"}));
}

TEST(TableRulesDmsTest, IncludeColumnKeepsOnlyIncludedColumns) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "column", "include-column", R"({"schema-name":"s","table-name":"t","column-name":"id"})") +
      "," +
      Transform(3, "column", "include-column", R"({"schema-name":"s","table-name":"t","column-name":"n%"})") +
      "," +
      Transform(4, "column", "remove-column",
                R"({"schema-name":"s","table-name":"t","column-name":"note"})")));
  model::TableProjectionPtr projection =
      ProjectOk(rules, MakeTable("s", "t", {{"id"}, {"name"}, {"email"}, {"note"}, {"nick"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"id", "name", "nick"}));
  // Another table is untouched.
  EXPECT_EQ(Names(*ProjectOk(rules, MakeTable("s", "u", {{"id"}, {"email"}}))),
            (std::vector<std::string>{"id", "email"}));
}

// ---------------------------------------------------------------------------------- add-column

TEST(TableRulesDmsTest, AddColumnExpressions) {
  struct Case {
    std::string expression;  // JSON text of "expression" (empty: no expression)
    OutputSource source;
    std::string constant;
    bool is_null = false;
  };
  const Case cases[] = {
      {R"("$AR_H_STREAM_POSITION")", OutputSource::kStreamPosition, ""},
      {R"("$AR_H_CHANGE_SEQ")", OutputSource::kChangeSeq, ""},
      {R"("$AR_H_TIMESTAMP")", OutputSource::kCommitTimestamp, ""},
      {R"("  $AR_H_COMMIT_TIMESTAMP ")", OutputSource::kCommitTimestamp, ""},
      {R"("$AR_H_OPERATION")", OutputSource::kOperation, ""},
      {R"("$AR_M_SOURCE_SCHEMA")", OutputSource::kSourceSchema, ""},
      {R"("$AR_M_SOURCE_TABLE_NAME")", OutputSource::kSourceTable, ""},
      {R"("'it''s'")", OutputSource::kConstant, "it's"},
      {R"("''")", OutputSource::kConstant, ""},
      {R"("42")", OutputSource::kConstant, "42"},
      {R"("+007")", OutputSource::kConstant, "7"},
      {R"("-12")", OutputSource::kConstant, "-12"},
      {R"("null")", OutputSource::kConstant, "", true},
      {"", OutputSource::kConstant, "", true},
      {R"(null)", OutputSource::kConstant, "", true},
  };
  for (const Case& c : cases) {
    std::string extra = R"("value":"extra")";
    if (!c.expression.empty()) extra += R"(,"expression":)" + c.expression;
    TableRules rules = Mapping(WithSelectAll(Transform(2, "column", "add-column", kAllTables, extra)));
    model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"id"}}));
    ASSERT_NE(projection, nullptr) << c.expression;
    ASSERT_EQ(projection->columns.size(), 2u) << c.expression;
    const OutputColumn& added = projection->columns[1];
    EXPECT_EQ(added.name, "extra");
    EXPECT_EQ(added.source, c.source) << c.expression;
    EXPECT_EQ(added.constant, c.constant) << c.expression;
    EXPECT_EQ(added.constant_is_null, c.is_null) << c.expression;
  }
}

TEST(TableRulesDmsTest, AddColumnOperationIndicator) {
  TableRules rules = Mapping(
      WithSelectAll(Transform(2, "column", "add-column", kAllTables,
                              R"j("value":"Operation","expression":"OPERATION_INDICATOR( 'D' ,'U','I''s' )",
         "data-type":{"type":"string","length":50})j")));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"id"}}, {0}));
  ASSERT_NE(projection, nullptr);
  ASSERT_EQ(projection->columns.size(), 2u);
  EXPECT_EQ(projection->columns[1].source, OutputSource::kOperationIndicator);
  EXPECT_EQ(projection->columns[1].indicator, (std::array<std::string, 3>{"D", "U", "I's"}));
}

TEST(TableRulesDmsTest, AddColumnColumnReferenceResolvesPerTable) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "column", "remove-column",
                R"({"schema-name":"%","table-name":"%","column-name":"secret"})") +
      "," + Transform(3, "column", "add-column", kAllTables, R"("value":"copy","expression":"$secret")")));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"id"}, {"secret"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"id", "copy"}));
  EXPECT_EQ(projection->columns[1].source, OutputSource::kColumn);
  EXPECT_EQ(projection->columns[1].column, 1u);  // the source column, though it is not written itself
  // A table without that column does not fit the rule.
  Result<model::TableProjectionPtr> missing = rules.Project(MakeTable("s", "u", {{"id"}}));
  ASSERT_TRUE(missing.status().IsInvalidArgument());
  EXPECT_NE(missing.status().message().find("rule 3"), std::string::npos) << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("'secret'"), std::string::npos) << missing.status().ToString();
}

TEST(TableRulesDmsTest, AddColumnRejectsExpressionsItDoesNotEvaluate) {
  for (const char* expression :
       {"$FIRST_NAME||'_'||$LAST_NAME", "$AR_H_USER", "$AR_H_TRANSACTION_ID", "upper($name)", "1.5",
        "99999999999999999999", "operation_indicator('D','U')", "operation_indicator('D','U','I') || 'x'",
        "'a' || 'b'", "\\\"quoted\\\"", "$"}) {
    ExpectNotSupported(
        WithSelectAll(Transform(8, "column", "add-column", kAllTables,
                                std::string(R"("value":"x","expression":")") + expression + "\"")),
        {"rule 8", "add-column expression"});
  }
  ExpectInvalid(
      WithSelectAll(Transform(8, "column", "add-column", kAllTables, R"("value":"x","expression":"'open")")),
      {"rule 8", "'expression'", "unterminated"});
  ExpectInvalid(
      WithSelectAll(Transform(8, "column", "add-column", kAllTables, R"("value":"x","expression":"  ")")),
      {"rule 8", "'expression'"});
}

TEST(TableRulesDmsTest, AddedColumnsAppendInRuleIdOrder) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(7, "column", "add-column", kAllTables, R"("value":"seven","expression":"'7'")") + "," +
      Transform(5, "column", "add-column", kAllTables, R"("value":"five","expression":"'5'")") + "," +
      Transform(6, "column", "add-before-image-columns", kAllTables)));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"id"}, {"v"}}, {0}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"id", "v", "five", "BI_id", "seven"}));
}

TEST(TableRulesDmsTest, AddColumnNameCollisionsAreErrors) {
  // DMS: an added "id" beside a source "ID" is an ambiguous duplicate.
  TableRules rules =
      Mapping(WithSelectAll(Transform(3, "column", "add-column", kAllTables, R"("value":"id")")));
  Result<model::TableProjectionPtr> projection = rules.Project(MakeTable("s", "t", {{"ID"}}));
  ASSERT_TRUE(projection.status().IsInvalidArgument());
  EXPECT_NE(projection.status().message().find("'ID'"), std::string::npos) << projection.status().ToString();
  EXPECT_NE(projection.status().message().find("rule 3"), std::string::npos)
      << projection.status().ToString();
  // Two columns renamed to one name.
  TableRules renames = Mapping(WithSelectAll(
      Transform(4, "column", "rename", R"({"schema-name":"%","table-name":"%","column-name":"c%"})",
                R"("value":"c")")));
  EXPECT_TRUE(renames.Project(MakeTable("s", "t", {{"c1"}, {"c2"}})).status().IsInvalidArgument());
  EXPECT_TRUE(renames.Project(MakeTable("s", "t", {{"c1"}, {"x"}})).ok());
}

// ---------------------------------------------------------------------- add-before-image-columns

TEST(TableRulesDmsTest, BeforeImageColumnsDefaultToPrimaryKeyWithBiPrefix) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(
          2, "column", "add-before-image-columns", R"({"schema-name":"%","table-name":"employees"})",
          R"("before-image-def":{"column-prefix":"BI_","column-suffix":"","column-filter":"pk-only"})") +
      "," +
      Transform(3, "column", "add-before-image-columns", R"({"schema-name":"%","table-name":"other"})")));
  for (const char* table : {"employees", "other"}) {
    model::TableProjectionPtr projection =
        ProjectOk(rules, MakeTable("hr", table, {{"name"}, {"emp_no"}, {"dept"}}, {1}));
    ASSERT_NE(projection, nullptr);
    EXPECT_EQ(Names(*projection), (std::vector<std::string>{"name", "emp_no", "dept", "BI_emp_no"})) << table;
    EXPECT_EQ(projection->columns[3].source, OutputSource::kBeforeColumn);
    EXPECT_EQ(projection->columns[3].column, 1u);
  }
}

TEST(TableRulesDmsTest, BeforeImagePrimaryKeyFallsBackToColumnFlags) {
  TableRules rules = Mapping(WithSelectAll(Transform(2, "column", "add-before-image-columns", kAllTables)));
  auto table = MakeTable("s", "t", {{"a"}, {"b"}});
  std::const_pointer_cast<model::TableSchema>(table)->columns[1].in_primary_key = true;
  model::TableProjectionPtr projection = ProjectOk(rules, table);
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"a", "b", "BI_b"}));
  // No key at all: no before-image column.
  model::TableProjectionPtr keyless = ProjectOk(rules, MakeTable("s", "t", {{"a"}}));
  ASSERT_NE(keyless, nullptr);
  EXPECT_EQ(Names(*keyless), (std::vector<std::string>{"a"}));
}

TEST(TableRulesDmsTest, BeforeImageFiltersAllAndNonLob) {
  auto table = MakeTable("s", "t",
                         {{"id"},
                          {"small_text", FieldType::kBlob, 2},
                          {"medium_text", FieldType::kBlob, 3},
                          {"long_blob", FieldType::kBlob, 4},
                          {"doc", FieldType::kJson, 4},
                          {"shape", FieldType::kGeometry, 4},
                          {"label", FieldType::kVarchar, 40}},
                         {0});
  TableRules all = Mapping(WithSelectAll(Transform(
      2, "column", "add-before-image-columns", kAllTables,
      R"("before-image-def":{"column-prefix":"","column-suffix":"_before","column-filter":"all"})")));
  model::TableProjectionPtr projection = ProjectOk(all, table);
  ASSERT_NE(projection, nullptr);
  ASSERT_EQ(projection->columns.size(), 14u);
  EXPECT_EQ(projection->columns[7].name, "id_before");
  EXPECT_EQ(projection->columns[13].name, "label_before");

  TableRules non_lob = Mapping(WithSelectAll(Transform(2, "column", "add-before-image-columns", kAllTables,
                                                       R"("before-image-def":{"column-filter":"non-lob"})")));
  projection = ProjectOk(non_lob, table);
  ASSERT_NE(projection, nullptr);
  std::vector<std::string> names = Names(*projection);
  EXPECT_EQ(std::vector<std::string>(names.begin() + 7, names.end()),
            (std::vector<std::string>{"BI_id", "BI_small_text", "BI_label"}));
}

TEST(TableRulesDmsTest, BeforeImageColumnsFollowRenamesAndRemovalsAndColumnName) {
  TableRules rules = Mapping(WithSelectAll(
      Transform(2, "column", "rename", R"({"schema-name":"%","table-name":"%","column-name":"a"})",
                R"("value":"alpha")") +
      "," +
      Transform(3, "column", "remove-column", R"({"schema-name":"%","table-name":"%","column-name":"b"})") +
      "," +
      Transform(4, "column", "add-before-image-columns",
                R"({"schema-name":"%","table-name":"%","column-name":"[ab]"})",
                R"("before-image-def":{"column-filter":"all"})")));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("s", "t", {{"a"}, {"b"}, {"c"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(Names(*projection), (std::vector<std::string>{"alpha", "c", "BI_alpha"}));
  EXPECT_EQ(projection->columns[2].column, 0u);
}

// ------------------------------------------------------------------------------ not supported

TEST(TableRulesDmsTest, ValidRulesWeDoNotImplementAreNotSupported) {
  ExpectNotSupported(WithSelectAll(Transform(2, "table", "define-primary-key", kAllTables,
                                             R"("primary-key-def":{"name":"pk","columns":["a"]})")),
                     {"rule 2", "define-primary-key"});
  ExpectNotSupported(WithSelectAll(Transform(3, "column", "change-data-type", kAllColumns,
                                             R"("data-type":{"type":"int8"})")),
                     {"rule 3", "change-data-type"});
  ExpectNotSupported(WithSelectAll(Transform(4, "column", "data-masking-hash-mask", kAllColumns)),
                     {"rule 4", "masking"});
  ExpectNotSupported(WithSelectAll(R"({"rule-type":"post-processing","rule-id":"5","rule-name":"5",
      "rule-action":"add-tag","object-locator":{"schema-name":"%","table-name":"%"},
      "tag-set":[{"key":"schema","value":"${schema-name}"}]})"),
                     {"rule 5", "post-processing"});
  ExpectNotSupported(WithSelectAll(Transform(6, "column", "remove-column",
                                             R"({"schema-name":"%","table-name":"%","data-type":"int8"})")),
                     {"rule 6", "data type"});
}

// ----------------------------------------------------------------------------------- malformed

TEST(TableRulesDmsTest, MalformedDocumentsAreInvalid) {
  Status bad_json = MappingStatus(R"({"rules":[)");
  EXPECT_TRUE(bad_json.IsInvalidArgument());
  EXPECT_NE(bad_json.message().find("line 1"), std::string::npos) << bad_json.ToString();
  ExpectInvalid("[]", {"JSON object"});
  ExpectInvalid("{}", {"'rules'", "missing"});
  ExpectInvalid(R"({"rules":{}})", {"'rules'", "array"});
  ExpectInvalid(R"({"rules":[], "rule":[]})", {"'rule'"});
  ExpectInvalid(R"({"rules":[]})", {"no selection rule"});
  ExpectInvalid(R"({"rules":[42]})", {"rules[0]", "object"});
  ExpectInvalid(WithSelectAll(R"({"rule-type":"selection"})"), {"rules[1]", "'rule-id'", "missing"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":"x1","rule-type":"selection"})"),
                {"rules[1]", "'rule-id'", "x1"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":-1,"rule-type":"selection"})"), {"rules[1]", "'rule-id'"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":"1","rule-type":"selection","rule-action":"include",
      "object-locator":{"schema-name":"a","table-name":"b"}})"),
                {"rules[1]", "rule-id 1", "rules[0]"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":"2"})"), {"rule 2", "'rule-type'", "missing"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":"2","rule-type":"selecton"})"),
                {"rule 2", "'rule-type'", "selecton"});
  ExpectInvalid(WithSelectAll(R"({"rule-id":"2","rule-name":7,"rule-type":"selection"})"),
                {"rule 2", "'rule-name'", "string"});
}

TEST(TableRulesDmsTest, MalformedSelectionRulesNameRuleAndKey) {
  auto selection = [](const std::string& body) {
    return R"({"rules":[{"rule-type":"selection","rule-id":"3","rule-name":"pick",)" + body + "}]}";
  };
  ExpectInvalid(selection(R"("object-locator":{"schema-name":"a","table-name":"b"})"),
                {"rule 3 ('pick')", "'rule-action'", "missing"});
  ExpectInvalid(
      selection(R"("rule-action":"includes","object-locator":{"schema-name":"a","table-name":"b"})"),
      {"rule 3", "'rule-action'", "includes"});
  ExpectInvalid(selection(R"("rule-action":"include")"), {"rule 3", "'object-locator'", "missing"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":"a.b")"),
                {"rule 3", "'object-locator'"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"table-name":"b"})"),
                {"rule 3", "'object-locator.schema-name'", "missing"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a"})"),
                {"rule 3", "'object-locator.table-name'", "missing"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":1,"table-name":"b"})"),
                {"rule 3", "'object-locator.schema-name'", "string"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"","table-name":"b"})"),
                {"rule 3", "'object-locator.schema-name'", "empty"});
  ExpectInvalid(
      selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"[b"})"),
      {"rule 3", "'object-locator.table-name'", "'['"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"b",
                           "table-type":"views"})"),
                {"rule 3", "'object-locator.table-type'", "views"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"b",
                           "column-name":"c"})"),
                {"rule 3", "'object-locator.column-name'"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"b"},
                           "load-order":"first")"),
                {"rule 3", "'load-order'"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"b"},
                           "filters":{})"),
                {"rule 3", "'filters'", "array"});
  ExpectInvalid(selection(R"("rule-action":"include","object-locator":{"schema-name":"a","table-name":"b"},
                           "rule-actoin":"x")"),
                {"rule 3", "'rule-actoin'"});
}

TEST(TableRulesDmsTest, MalformedTransformationRulesNameRuleAndKey) {
  auto one = [](const std::string& rule) { return WithSelectAll(rule); };
  ExpectInvalid(one(R"({"rule-type":"transformation","rule-id":"4","rule-target":"table",
                       "object-locator":{"schema-name":"%","table-name":"%"}})"),
                {"rule 4", "'rule-action'", "missing"});
  ExpectInvalid(one(Transform(4, "table", "lowercase", kAllTables)),
                {"rule 4", "'rule-action'", "lowercase"});
  ExpectInvalid(one(R"({"rule-type":"transformation","rule-id":"4","rule-action":"convert-lowercase",
                       "object-locator":{"schema-name":"%","table-name":"%"}})"),
                {"rule 4", "'rule-target'", "missing"});
  ExpectInvalid(one(Transform(4, "row", "convert-lowercase", kAllTables)),
                {"rule 4", "'rule-target'", "row"});
  ExpectInvalid(one(Transform(4, "table", "remove-column", kAllTables)),
                {"rule 4", "'rule-target'", "column"});
  ExpectInvalid(one(Transform(4, "table", "add-column", kAllTables, R"("value":"x")")),
                {"rule 4", "'rule-target'"});
  ExpectInvalid(one(Transform(4, "table", "rename", kAllTables)), {"rule 4", "'value'", "missing"});
  ExpectInvalid(one(Transform(4, "table", "rename", kAllTables, R"("value":"")")),
                {"rule 4", "'value'", "empty"});
  ExpectInvalid(one(Transform(4, "table", "rename", kAllTables, R"("value":5)")),
                {"rule 4", "'value'", "string"});
  ExpectInvalid(one(Transform(4, "table", "add-prefix", kAllTables, R"("value":"")")), {"rule 4", "'value'"});
  ExpectInvalid(one(Transform(4, "table", "replace-prefix", kAllTables, R"("value":"a")")),
                {"rule 4", "'old-value'", "missing"});
  ExpectInvalid(one(Transform(4, "table", "replace-suffix", kAllTables, R"("old-value":"a")")),
                {"rule 4", "'value'", "missing"});
  ExpectInvalid(one(Transform(4, "table", "add-prefix", kAllTables, R"("value":"a","old_value":"b")")),
                {"rule 4", "'old_value'"});
  ExpectInvalid(one(Transform(4, "table", "convert-lowercase", kAllTables, R"("value":"a")")),
                {"rule 4", "'value'"});
  ExpectInvalid(one(Transform(4, "table", "convert-lowercase", R"({"schema-name":"%"})")),
                {"rule 4", "'object-locator.table-name'", "missing"});
  ExpectInvalid(one(Transform(4, "column", "rename", kAllTables, R"("value":"x")")),
                {"rule 4", "'object-locator.column-name'", "missing"});
  ExpectInvalid(one(Transform(4, "schema", "rename", R"({"table-name":"%"})", R"("value":"x")")),
                {"rule 4", "'object-locator.schema-name'", "missing"});
  ExpectInvalid(one(Transform(4, "column", "add-column", kAllColumns, R"("value":"x")")),
                {"rule 4", "'object-locator.column-name'"});
  ExpectInvalid(one(Transform(4, "column", "add-column", kAllTables)), {"rule 4", "'value'", "missing"});
  ExpectInvalid(one(Transform(4, "column", "add-column", kAllTables, R"("value":"x","data-type":"string")")),
                {"rule 4", "'data-type'", "object"});
  ExpectInvalid(
      one(Transform(4, "column", "add-column", kAllTables, R"("value":"x","data-type":{"length":5})")),
      {"rule 4", "'data-type.type'", "missing"});
  ExpectInvalid(one(Transform(4, "column", "add-column", kAllTables,
                              R"("value":"x","data-type":{"type":"string","length":"long"})")),
                {"rule 4", "'data-type.length'"});
  ExpectInvalid(
      one(Transform(4, "column", "add-before-image-columns", kAllTables, R"("before-image-def":[])")),
      {"rule 4", "'before-image-def'", "object"});
  ExpectInvalid(one(Transform(4, "column", "add-before-image-columns", kAllTables,
                              R"("before-image-def":{"column-filter":"keys"})")),
                {"rule 4", "'before-image-def.column-filter'", "keys"});
  ExpectInvalid(one(Transform(4, "column", "add-before-image-columns", kAllTables,
                              R"("before-image-def":{"column-prefix":"","column-suffix":""})")),
                {"rule 4", "'before-image-def'"});
  ExpectInvalid(one(Transform(4, "column", "add-before-image-columns", kAllTables,
                              R"("before-image-def":{"column_prefix":"X"})")),
                {"rule 4", "'before-image-def.column_prefix'"});
}

TEST(TableRulesDmsTest, ConsoleStyleNullsAreAbsentKeys) {
  // The DMS console writes "value": null and "old-value": null for actions that do not use them.
  TableRules rules = Mapping(WithSelectAll(Transform(
      2, "schema", "convert-lowercase", R"({"schema-name":"%"})", R"("value":null,"old-value":null)")));
  model::TableProjectionPtr projection = ProjectOk(rules, MakeTable("SHOP", "T", {{"a"}}));
  ASSERT_NE(projection, nullptr);
  EXPECT_EQ(projection->target_schema, "shop");
  EXPECT_EQ(projection->target_table, "T");
}

TEST(TableRulesDmsTest, ProjectRejectsNullSchemaAndBuildsFreshProjections) {
  TableRules rules = Mapping(kReferenceExample);
  EXPECT_TRUE(rules.Project(nullptr).status().IsInvalidArgument());
  auto table = MakeTable("shop", "users", {{"id"}});
  model::TableProjectionPtr first = ProjectOk(rules, table);
  model::TableProjectionPtr second = ProjectOk(rules, table);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first.get(), second.get());
  EXPECT_EQ(Names(*first), Names(*second));
}

TEST(TableRulesDmsTest, MovedRulesKeepWorking) {
  TableRules rules = Mapping(kReferenceExample);
  TableRules moved = std::move(rules);
  EXPECT_FALSE(moved.Selects("shop", "tmp_1"));
  TableRules assigned;
  assigned = std::move(moved);
  EXPECT_FALSE(assigned.Selects("shop", "tmp_1"));
  EXPECT_TRUE(assigned.Selects("shop", "users"));
}

}  // namespace
}  // namespace cdc::capture
