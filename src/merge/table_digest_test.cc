#include "merge/table_digest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "merge/merge_test_util.h"

namespace cdc::merge {
namespace {

using testing::BatchOf;
using testing::Column;
using testing::TextChange;

// t: id BIGINT (key), name VARCHAR, day DATE, at DATETIME, ts TIMESTAMP, shape GEOMETRY.
model::TableSchemaPtr Table(bool keyed = true) {
  using model::FieldType;
  using model::ValueKind;
  auto table = std::make_shared<model::TableSchema>();
  table->schema_name = "shop";
  table->table_name = "t";
  table->columns = {
      Column("id", ValueKind::kInt64, FieldType::kLongLong),  Column("name", ValueKind::kString, FieldType::kVarchar),
      Column("day", ValueKind::kDate, FieldType::kNewDate),   Column("at", ValueKind::kDateTime, FieldType::kDateTime2),
      Column("ts", ValueKind::kTimestamp, FieldType::kTimestamp2), Column("shape", ValueKind::kGeometry, FieldType::kGeometry),
  };
  if (keyed) {
    table->columns[0].in_primary_key = true;
    table->primary_key = {0};
  }
  return table;
}

TextChange Row(int id, std::optional<std::string> name) {
  return {'I', {std::to_string(id), std::move(name), "2024-02-29", "2024-02-29 10:11:12", "2024-02-29 10:11:12",
                std::nullopt}};
}

void AddAll(TableDigest* digest, const model::ChangeBatch& batch) {
  for (uint32_t image = 0; image < batch.image_count(); ++image) digest->Add(batch, image);
}

std::vector<std::string> Listed(const TableDigest& source, const TableDigest& target, const model::ChangeBatch& source_rows,
                                const model::ChangeBatch& target_rows, size_t max_keys = 100) {
  KeyCollector collector(source.DifferingBuckets(target), max_keys);
  RowIdentity identity;
  for (uint32_t image = 0; image < source_rows.image_count(); ++image) {
    source.Identify(source_rows, image, &identity);
    collector.AddSource(identity);
  }
  for (uint32_t image = 0; image < target_rows.image_count(); ++image) {
    target.Identify(target_rows, image, &identity);
    collector.AddTarget(identity);
  }
  std::vector<std::string> listed;
  for (const KeyDifference& difference : collector.Differences()) {
    listed.push_back(std::string(ToString(difference.kind)) + " " + source.KeyText(difference.key));
  }
  if (collector.truncated()) listed.push_back("truncated");
  return listed;
}

TEST(TableDigest, TheSameRowsInAnyOrderMatch) {
  std::vector<TextChange> forward;
  std::vector<TextChange> backward;
  for (int id = 1; id <= 500; ++id) forward.push_back(Row(id, "n" + std::to_string(id % 7)));
  backward.assign(forward.rbegin(), forward.rend());
  TableDigest source(Table());
  TableDigest target(Table());
  AddAll(&source, BatchOf(Table(), forward));
  AddAll(&target, BatchOf(Table(), backward));
  EXPECT_EQ(source.rows(), 500u);
  EXPECT_EQ(target.rows(), 500u);
  EXPECT_TRUE(source.DifferingBuckets(target).empty());
}

TEST(TableDigest, MissingExtraAndDifferentKeysAreFound) {
  std::vector<TextChange> source_text;
  std::vector<TextChange> target_text;
  for (int id = 1; id <= 300; ++id) {
    source_text.push_back(Row(id, "n"));
    if (id == 7) continue;                                               // missing in the target
    target_text.push_back(Row(id, id == 8 ? std::optional<std::string>() : "n"));  // 8: NULL instead of "n"
  }
  target_text.push_back(Row(999, "n"));  // extra
  const model::ChangeBatch source_rows = BatchOf(Table(), source_text);
  const model::ChangeBatch target_rows = BatchOf(Table(), target_text);
  TableDigest source(Table());
  TableDigest target(Table());
  AddAll(&source, source_rows);
  AddAll(&target, target_rows);
  EXPECT_EQ(source.DifferingBuckets(target).size(), 3u);
  EXPECT_EQ(Listed(source, target, source_rows, target_rows),
            (std::vector<std::string>{"missing id=7", "different id=8", "extra id=999"}));
  // Held to one key per side, the listing says so and calls nothing missing or extra that it did not see.
  const std::vector<std::string> truncated = Listed(source, target, source_rows, target_rows, 1);
  EXPECT_EQ(truncated.back(), "truncated");
}

// Values are compared as an Iceberg table keeps them: zero dates are NULL, GEOMETRY has no SRID.
TEST(TableDigest, ValuesCompareInTheirIcebergForm) {
  const std::string wkb = "0101000000000000000000F03F0000000000000040";  // POINT(1 2)
  const model::ChangeBatch source_rows = BatchOf(
      Table(), {{'I', {"1", "a", "0000-00-00", "2020-00-00 00:00:00", "0000-00-00 00:00:00", "E6100000" + wkb}}});
  const model::ChangeBatch target_rows =
      BatchOf(Table(), {{'I', {"1", "a", std::nullopt, std::nullopt, std::nullopt, "00000000" + wkb}}});
  TableDigest source(Table());
  TableDigest target(Table());
  AddAll(&source, source_rows);
  AddAll(&target, target_rows);
  EXPECT_TRUE(source.DifferingBuckets(target).empty());

  // A real date is not NULL, and a different point differs.
  const model::ChangeBatch dated =
      BatchOf(Table(), {{'I', {"1", "a", "2020-01-01", std::nullopt, std::nullopt, "00000000" + wkb}}});
  TableDigest other(Table());
  AddAll(&other, dated);
  EXPECT_FALSE(source.DifferingBuckets(other).empty());
  const model::ChangeBatch moved = BatchOf(
      Table(), {{'I', {"1", "a", std::nullopt, std::nullopt, std::nullopt, "00000000" + wkb.substr(0, 40) + "41"}}});
  TableDigest moved_digest(Table());
  AddAll(&moved_digest, moved);
  EXPECT_FALSE(target.DifferingBuckets(moved_digest).empty());
}

// Each column's value counts in its place: two values swapped between columns differ.
TEST(TableDigest, SwappedColumnValuesDiffer) {
  auto two_strings = std::make_shared<model::TableSchema>();
  two_strings->schema_name = "s";
  two_strings->table_name = "u";
  two_strings->columns = {Column("id", model::ValueKind::kInt64, model::FieldType::kLongLong),
                          Column("a", model::ValueKind::kString, model::FieldType::kVarchar),
                          Column("b", model::ValueKind::kString, model::FieldType::kVarchar)};
  two_strings->primary_key = {0};
  TableDigest left(two_strings);
  TableDigest right(two_strings);
  AddAll(&left, BatchOf(two_strings, {{'I', {"1", "x", "y"}}}));
  AddAll(&right, BatchOf(two_strings, {{'I', {"1", "y", "x"}}}));
  EXPECT_FALSE(left.DifferingBuckets(right).empty());
}

// A table without a primary key compares as a multiset of rows: a duplicate row counts.
TEST(TableDigest, RowsWithoutAKeyCompareAsAMultiset) {
  const model::ChangeBatch once = BatchOf(Table(false), {Row(1, "a"), Row(2, "b")});
  const model::ChangeBatch twice = BatchOf(Table(false), {Row(2, "b"), Row(1, "a"), Row(1, "a")});
  TableDigest source(Table(false));
  TableDigest target(Table(false));
  AddAll(&source, once);
  AddAll(&target, twice);
  ASSERT_EQ(source.DifferingBuckets(target).size(), 1u);
  const std::vector<std::string> listed = Listed(source, target, once, twice);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].starts_with("different row hash ")) << listed[0];
}

TEST(TableDigest, KeyTextRendersEveryKeyColumn) {
  auto composite = std::make_shared<model::TableSchema>();
  composite->schema_name = "s";
  composite->table_name = "c";
  composite->columns = {Column("region", model::ValueKind::kString, model::FieldType::kVarchar),
                        Column("n", model::ValueKind::kInt64, model::FieldType::kLongLong),
                        Column("v", model::ValueKind::kString, model::FieldType::kVarchar)};
  composite->primary_key = {0, 1};
  const model::ChangeBatch rows = BatchOf(composite, {{'I', {"eu, west", "-5", "x"}}});
  TableDigest digest(composite);
  RowIdentity identity;
  digest.Identify(rows, 0, &identity);
  EXPECT_EQ(digest.KeyText(identity.key), "region=eu, west, n=-5");
}

}  // namespace
}  // namespace cdc::merge
