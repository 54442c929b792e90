#include "mysql/schema_hints.h"

#include <gtest/gtest.h>

namespace cdc::mysql {
namespace {

using model::FieldType;

TEST(EnumSetLabelsTest, ParsesQuotingAndEscapes) {
  // As information_schema.COLUMNS.COLUMN_TYPE shows enum('it''s','b\c','x,y','') .
  Result<std::vector<std::string>> labels = ParseEnumSetLabels("enum('it''s','b\\\\c','x,y','')");
  ASSERT_TRUE(labels.ok()) << labels.status().ToString();
  EXPECT_EQ(*labels, (std::vector<std::string>{"it's", "b\\c", "x,y", ""}));
  labels = ParseEnumSetLabels("set('p','q\\n')");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(*labels, (std::vector<std::string>{"p", "q\n"}));
  labels = ParseEnumSetLabels("ENUM('\xc3\xa9')");  // UTF-8 label, upper-case keyword
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(*labels, (std::vector<std::string>{"\xc3\xa9"}));
}

TEST(EnumSetLabelsTest, RejectsMalformedTextAtEveryTruncation) {
  std::string text = "enum('a','b')";
  for (size_t size = 0; size < text.size(); ++size) {
    EXPECT_TRUE(ParseEnumSetLabels(text.substr(0, size)).status().IsInvalidArgument()) << text.substr(0, size);
  }
  EXPECT_TRUE(ParseEnumSetLabels("int(11)").status().IsInvalidArgument());
  EXPECT_TRUE(ParseEnumSetLabels("enum(a)").status().IsInvalidArgument());
  EXPECT_TRUE(ParseEnumSetLabels("enum('a' 'b')").status().IsInvalidArgument());
}

TEST(HintFitsTypeTest, MatchesTypeFamilies) {
  EXPECT_TRUE(HintFitsType("int", FieldType::kLong));
  EXPECT_FALSE(HintFitsType("bigint", FieldType::kLong));
  EXPECT_TRUE(HintFitsType("uuid", FieldType::kString));
  EXPECT_TRUE(HintFitsType("inet6", FieldType::kString));
  EXPECT_TRUE(HintFitsType("longtext", FieldType::kBlob));
  EXPECT_TRUE(HintFitsType("varchar", FieldType::kVarchar));
  EXPECT_TRUE(HintFitsType("datetime", FieldType::kDateTime2));
  EXPECT_FALSE(HintFitsType("date", FieldType::kDateTime2));
  EXPECT_TRUE(HintFitsType("point", FieldType::kGeometry));
  EXPECT_FALSE(HintFitsType("some_plugin_type", FieldType::kString));
}

model::ColumnSchema Column(FieldType type) {
  model::ColumnSchema column;
  column.type = type;
  return column;
}

TableHints ShopHints() {
  TableHints hints;
  hints.schema_name = "shop";
  hints.table_name = "t";
  ColumnHint id{"id", "int", "int(10) unsigned", true, false, {}, 0, true};
  ColumnHint name{"name", "varchar", "varchar(32)", false, true, {}, 45, false};
  ColumnHint color{"color", "enum", "enum('red','blue')", false, true, {"red", "blue"}, 45, false};
  ColumnHint key{"k", "uuid", "uuid", false, true, {}, 0, false};
  hints.columns = {id, name, color, key};
  hints.primary_key = {0};
  return hints;
}

TEST(ApplyTableHintsTest, FillsWhatTheTableMapLacks) {
  model::TableSchema schema;
  schema.schema_name = "shop";
  schema.table_name = "t";
  schema.columns = {Column(FieldType::kLong), Column(FieldType::kVarchar), Column(FieldType::kEnum),
                    Column(FieldType::kString)};
  Result<std::vector<uint32_t>> changed = ApplyTableHints(ShopHints(), &schema);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_EQ(*changed, (std::vector<uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(schema.columns[0].name, "id");
  EXPECT_TRUE(schema.columns[0].is_unsigned);
  EXPECT_TRUE(schema.columns[0].in_primary_key);
  EXPECT_EQ(schema.columns[1].collation, 45);
  EXPECT_EQ(schema.columns[2].labels, (std::vector<std::string>{"red", "blue"}));
  EXPECT_EQ(schema.columns[3].sql_type, "uuid");
  EXPECT_EQ(schema.primary_key, std::vector<uint32_t>{0});
}

TEST(ApplyTableHintsTest, NeverOverridesTheTableMap) {
  model::TableSchema schema;
  schema.columns = {Column(FieldType::kLong), Column(FieldType::kVarchar), Column(FieldType::kEnum),
                    Column(FieldType::kString)};
  schema.columns[1].name = "title";  // FULL metadata names win
  schema.columns[1].collation = 8;
  schema.columns[2].labels = {"x"};
  schema.primary_key = {1};
  Result<std::vector<uint32_t>> changed = ApplyTableHints(ShopHints(), &schema);
  ASSERT_TRUE(changed.ok());
  EXPECT_EQ(schema.columns[1].name, "title");
  EXPECT_EQ(schema.columns[1].collation, 8);
  EXPECT_EQ(schema.columns[2].labels, std::vector<std::string>{"x"});
  EXPECT_EQ(schema.primary_key, std::vector<uint32_t>{1});
  EXPECT_FALSE(schema.columns[0].in_primary_key);
}

TEST(ApplyTableHintsTest, RejectsHintsOfAnAlteredTable) {
  model::TableSchema schema;
  schema.columns = {Column(FieldType::kLong), Column(FieldType::kVarchar), Column(FieldType::kEnum)};
  EXPECT_TRUE(ApplyTableHints(ShopHints(), &schema).status().IsInvalidArgument());  // a column fewer
  EXPECT_TRUE(schema.columns[0].name.empty());
  schema.columns = {Column(FieldType::kLong), Column(FieldType::kLong), Column(FieldType::kEnum),
                    Column(FieldType::kString)};
  EXPECT_TRUE(ApplyTableHints(ShopHints(), &schema).status().IsInvalidArgument());  // varchar -> int
  EXPECT_TRUE(schema.columns[0].name.empty());
}

}  // namespace
}  // namespace cdc::mysql
