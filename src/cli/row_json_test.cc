#include "cli/row_json.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace cdc::cli {
namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonStringBody(text, &out);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Escaped("plain text"), "plain text");
  EXPECT_EQ(Escaped("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(Escaped("tab\there\nnew\rline"), "tab\\u0009here\\u000anew\\u000dline");
  EXPECT_EQ(Escaped(std::string_view("\0\x1f", 2)), "\\u0000\\u001f");
  EXPECT_EQ(Escaped("\x7f"), "\x7f");  // DEL needs no escape in JSON
  EXPECT_EQ(Escaped(""), "");
}

TEST(JsonStringTest, KeepsValidUtf8) {
  EXPECT_EQ(Escaped("\xc3\xa9"), "\xc3\xa9");                  // é, 2 bytes
  EXPECT_EQ(Escaped("\xe2\x82\xac"), "\xe2\x82\xac");          // €, 3 bytes
  EXPECT_EQ(Escaped("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");  // 😀, 4 bytes
  EXPECT_EQ(Escaped("\xf4\x8f\xbf\xbf"), "\xf4\x8f\xbf\xbf");  // U+10FFFF
}

TEST(JsonStringTest, WritesBytesOutsideUtf8AsLatin1Escapes) {
  EXPECT_EQ(Escaped("caf\xe9"), "caf\\u00e9");                      // latin1 é
  EXPECT_EQ(Escaped("\xc0\x80"), "\\u00c0\\u0080");                 // overlong NUL
  EXPECT_EQ(Escaped("\xed\xa0\x80"), "\\u00ed\\u00a0\\u0080");      // UTF-16 surrogate
  EXPECT_EQ(Escaped("\xf4\x90\x80\x80"), "\\u00f4\\u0090\\u0080\\u0080");  // above U+10FFFF
  EXPECT_EQ(Escaped("x\xf0\x9f\x98"), "x\\u00f0\\u009f\\u0098");    // cut-off sequence at the end
  EXPECT_EQ(Escaped("\x80z"), "\\u0080z");                          // lone continuation byte
}

TEST(JsonStringTest, FindsSpecialBytesAtEveryPositionOfLongText) {
  // The fast path scans 8 bytes at a time; put each kind of special byte at every position.
  const std::string base(21, 'a');
  const std::pair<std::string, std::string> cases[] = {
      {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\u000a"}, {std::string(1, '\0'), "\\u0000"},
      {"\x1f", "\\u001f"}, {"\xe9", "\\u00e9"}, {"\xc3\xa9", "\xc3\xa9"}, {" ", " "}, {"~", "~"}};
  for (const auto& [special, escaped] : cases) {
    for (size_t position = 0; position <= base.size(); ++position) {
      std::string text = base.substr(0, position) + special + base.substr(position);
      std::string expected = base.substr(0, position) + escaped + base.substr(position);
      EXPECT_EQ(Escaped(text), expected) << "position " << position;
      bool plain = special == " " || special == "~";
      EXPECT_EQ(JsonSafePrefix(text), plain ? text.size() : position) << "position " << position;
    }
  }
}

// A table `db`.`t` (id INT, <unnamed> VARCHAR, note VARCHAR) in the binlog's terms.
model::TableSchemaPtr TestSchema() {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "db";
  schema->table_name = "t\"q";
  model::ColumnSchema id;
  id.name = "id";
  id.type = model::FieldType::kLong;
  id.kind = model::ValueKind::kInt64;
  model::ColumnSchema unnamed;
  unnamed.type = model::FieldType::kVarchar;
  unnamed.kind = model::ValueKind::kString;
  model::ColumnSchema note = unnamed;
  note.name = "note";
  schema->columns = {id, unnamed, note};
  return schema;
}

TEST(RowJsonWriterTest, RendersInsertUpdateDeleteInTheDocumentedShape) {
  model::ChangeBatch batch(TestSchema());
  model::ChangeOrigin origin;
  origin.position = {"binlog.000001", 1234, "0-1-5"};
  origin.timestamp = 1650493084;
  origin.end_log_pos = 1300;
  uint32_t origin_idx = batch.AddOrigin(origin);

  // Insert (1, 'x', NULL).
  batch.column(0).AppendSlot(1);
  batch.column(1).AppendBytes("x");
  batch.column(2).AppendNull();
  uint32_t inserted = batch.FinishImage();
  batch.AddChange({model::ChangeOp::kInsert, model::RowChange::kNoImage, inserted, origin_idx});
  // Update with a minimal before image (id only) to (-2, 'y\n', 'z').
  batch.column(0).AppendSlot(1);
  batch.column(1).AppendAbsent();
  batch.column(2).AppendAbsent();
  uint32_t before = batch.FinishImage();
  batch.column(0).AppendSlot(static_cast<uint64_t>(int64_t{-2}));
  batch.column(1).AppendBytes("y\n");
  batch.column(2).AppendBytes("z");
  uint32_t after = batch.FinishImage();
  batch.AddChange({model::ChangeOp::kUpdate, before, after, origin_idx});
  // Delete, before image (id only).
  batch.column(0).AppendSlot(static_cast<uint64_t>(int64_t{-2}));
  batch.column(1).AppendAbsent();
  batch.column(2).AppendAbsent();
  uint32_t deleted = batch.FinishImage();
  batch.AddChange({model::ChangeOp::kDelete, deleted, model::RowChange::kNoImage, origin_idx});

  RowJsonWriter writer;
  std::string out;
  writer.AppendBatch(batch, &out);
  const std::string common =
      R"("schema":"db","table":"t\"q","gtid":"0-1-5","file":"binlog.000001","pos":1234,"end_log_pos":1300,"ts":1650493084,)";
  EXPECT_EQ(out, R"({"op":"I",)" + common + R"("before":null,"after":{"id":"1","@2":"x","note":null}})" "\n" +
                     R"({"op":"U",)" + common + R"("before":{"id":"1"},"after":{"id":"-2","@2":"y\u000a","note":"z"}})" "\n" +
                     R"({"op":"D",)" + common + R"("before":{"id":"-2"},"after":null})" "\n");

  // A second pass over the same batch reuses the prepared keys and gives the same bytes.
  std::string again;
  writer.AppendBatch(batch, &again);
  EXPECT_EQ(again, out);
}

TEST(RowJsonWriterTest, EmptyGtidAndAnotherSchema) {
  auto schema = std::make_shared<model::TableSchema>();
  schema->schema_name = "s";
  schema->table_name = "u";
  model::ColumnSchema c;
  c.type = model::FieldType::kLongLong;
  c.kind = model::ValueKind::kUInt64;
  schema->columns = {c};
  model::ChangeBatch batch(schema);
  uint32_t origin_idx = batch.AddOrigin(model::ChangeOrigin{{"f", 4, ""}, 7, 99});
  batch.column(0).AppendSlot(UINT64_MAX);
  uint32_t image = batch.FinishImage();
  batch.AddChange({model::ChangeOp::kInsert, model::RowChange::kNoImage, image, origin_idx});
  RowJsonWriter writer;
  std::string out;
  writer.AppendBatch(batch, &out);
  EXPECT_EQ(out,
            R"({"op":"I","schema":"s","table":"u","gtid":"","file":"f","pos":4,"end_log_pos":99,"ts":7,"before":null,"after":{"@1":"18446744073709551615"}})"
            "\n");
}

}  // namespace
}  // namespace cdc::cli
