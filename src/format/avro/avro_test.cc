// Avro encoding and container files: the examples of the Avro specification ("Binary Encoding"),
// byte by byte, then round trips, then malformed input.
#include <gtest/gtest.h>

#include <string>

#include "format/avro/avro_container.h"
#include "format/avro/avro_datum.h"
#include "format/avro/avro_schema.h"

namespace cdc::format::avro {
namespace {

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    if (!out.empty()) out.push_back(' ');
    out.push_back(kDigits[static_cast<uint8_t>(c) >> 4]);
    out.push_back(kDigits[static_cast<uint8_t>(c) & 0xf]);
  }
  return out;
}

std::string LongBytes(int64_t value) {
  std::string out;
  EncodeLong(value, &out);
  return out;
}

NodePtr Schema(std::string_view json) {
  Result<NodePtr> schema = ParseSchema(json);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? *schema : nullptr;
}

TEST(AvroEncodingTest, ZigZagVarintsOfTheSpecification) {
  // The specification's table: value -> hex.
  EXPECT_EQ(Hex(LongBytes(0)), "00");
  EXPECT_EQ(Hex(LongBytes(-1)), "01");
  EXPECT_EQ(Hex(LongBytes(1)), "02");
  EXPECT_EQ(Hex(LongBytes(-2)), "03");
  EXPECT_EQ(Hex(LongBytes(2)), "04");
  EXPECT_EQ(Hex(LongBytes(-64)), "7f");
  EXPECT_EQ(Hex(LongBytes(64)), "80 01");
  // The extremes: 10 bytes, the last holding the top bit.
  EXPECT_EQ(Hex(LongBytes(INT64_MAX)), "fe ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(Hex(LongBytes(INT64_MIN)), "ff ff ff ff ff ff ff ff ff 01");
  for (int64_t value :
       {int64_t{0}, int64_t{-1}, int64_t{63}, int64_t{-65}, int64_t{1} << 40, INT64_MAX, INT64_MIN}) {
    const std::string bytes = LongBytes(value);
    Decoder in(bytes);
    Result<int64_t> decoded = in.ReadLong();
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, value);
    EXPECT_EQ(in.remaining(), 0u);
  }
}

TEST(AvroEncodingTest, StringRecordArrayAndUnionExamples) {
  std::string out;
  EncodeString("foo", &out);  // length 3 (06), then the UTF-8 bytes
  EXPECT_EQ(Hex(out), "06 66 6f 6f");

  // The specification's record {"a": long 27, "b": string "foo"}.
  NodePtr record = Schema(R"({"type":"record","name":"test","fields":[
      {"name":"a","type":"long"},{"name":"b","type":"string"}]})");
  out.clear();
  ASSERT_TRUE(EncodeDatum(*record, Datum::Record({Datum::Long(27), Datum::String("foo")}), &out).ok());
  EXPECT_EQ(Hex(out), "36 06 66 6f 6f");

  // An array of longs {3, 27}: one block of count 2, the items, the terminating 0.
  NodePtr array = Schema(R"({"type":"array","items":"long"})");
  out.clear();
  ASSERT_TRUE(EncodeDatum(*array, Datum::Array({Datum::Long(3), Datum::Long(27)}), &out).ok());
  EXPECT_EQ(Hex(out), "04 06 36 00");

  // The union ["null","string"]: null is branch 0 (no value bytes), "a" is branch 1.
  NodePtr union_schema = Schema(R"(["null","string"])");
  out.clear();
  ASSERT_TRUE(EncodeDatum(*union_schema, Datum::Union(0, Datum::Null()), &out).ok());
  EXPECT_EQ(Hex(out), "00");
  out.clear();
  ASSERT_TRUE(EncodeDatum(*union_schema, Datum::Union(1, Datum::String("a")), &out).ok());
  EXPECT_EQ(Hex(out), "02 02 61");

  // Fixed-width primitives, little-endian.
  out.clear();
  EncodeFloat(1.0f, &out);
  EncodeDouble(-2.0, &out);
  EncodeBoolean(true, &out);
  EXPECT_EQ(Hex(out), "00 00 80 3f 00 00 00 00 00 00 00 c0 01");
}

TEST(AvroEncodingTest, RejectsValuesThatDoNotFitTheSchema) {
  NodePtr record = Schema(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int"}]})");
  std::string out;
  EXPECT_TRUE(EncodeDatum(*record, Datum::Record({Datum::Long(1)}), &out).IsInvalidArgument());
  EXPECT_TRUE(EncodeDatum(*record, Datum::Record({}), &out).IsInvalidArgument());
  Datum too_big = Datum::Int(0);
  too_big.integer = int64_t{1} << 40;
  EXPECT_TRUE(EncodeDatum(*record, Datum::Record({too_big}), &out).IsInvalidArgument());
  NodePtr union_schema = Schema(R"(["null","long"])");
  EXPECT_TRUE(EncodeDatum(*union_schema, Datum::Long(1), &out).IsInvalidArgument());  // no branch chosen
  EXPECT_TRUE(EncodeDatum(*union_schema, Datum::Union(1, Datum::String("x")), &out).IsInvalidArgument());
  NodePtr fixed = Schema(R"({"type":"fixed","name":"f","size":2})");
  EXPECT_TRUE(EncodeDatum(*fixed, Datum::Fixed("abc"), &out).IsInvalidArgument());
}

TEST(AvroDecodingTest, RejectsMalformedBytes) {
  const std::string too_long("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11);
  EXPECT_TRUE(Decoder(too_long).ReadLong().status().IsCorruption());
  const std::string over_64_bits("\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02", 10);
  EXPECT_TRUE(Decoder(over_64_bits).ReadLong().status().IsCorruption());
  EXPECT_TRUE(Decoder("\x80").ReadLong().status().IsCorruption());  // continuation, then nothing
  const std::string big_int = LongBytes(int64_t{1} << 33);
  EXPECT_TRUE(Decoder(big_int).ReadInt().status().IsCorruption());
  EXPECT_TRUE(Decoder("\x08"
                      "abc")
                  .ReadBytes()
                  .status()
                  .IsCorruption());                                  // 4 bytes claimed, 3 there
  EXPECT_TRUE(Decoder("\x01").ReadBytes().status().IsCorruption());  // length -1
  EXPECT_TRUE(Decoder("\x02").ReadBoolean().status().IsCorruption());
  EXPECT_TRUE(Decoder("abc").ReadDouble().status().IsCorruption());
  // An array claiming 2^62 null items: stopped by the budget, not by memory.
  NodePtr nulls = Schema(R"({"type":"array","items":"null"})");
  const std::string huge = LongBytes(int64_t{1} << 62);
  Decoder in(huge);
  uint64_t budget = 1000;
  EXPECT_TRUE(DecodeDatum(*nulls, in, &budget).status().IsCorruption());
  // A negative block count carries a byte size, which must fit.
  const std::string negative = LongBytes(-1) + LongBytes(100) + LongBytes(5);
  Decoder negative_in(negative);
  NodePtr longs = Schema(R"({"type":"array","items":"long"})");
  budget = 1000;
  EXPECT_TRUE(DecodeDatum(*longs, negative_in, &budget).status().IsCorruption());
  const std::string negative_ok = LongBytes(-1) + LongBytes(1) + LongBytes(5) + LongBytes(0);
  Decoder negative_ok_in(negative_ok);
  budget = 1000;
  Result<Datum> decoded = DecodeDatum(*longs, negative_ok_in, &budget);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_EQ(decoded->items.size(), 1u);
  EXPECT_EQ(decoded->items[0].integer, 5);
}

TEST(AvroSchemaTest, ParsesFieldIdsLogicalTypesAndNamedReferences) {
  NodePtr schema = Schema(R"({"type":"record","name":"entry","namespace":"x.y","fields":[
      {"name":"status","type":"int","field-id":0},
      {"name":"when","type":{"type":"int","logicalType":"date"},"field-id":7},
      {"name":"inner","type":{"type":"record","name":"pair","fields":[{"name":"k","type":"int"}]}},
      {"name":"again","type":["null","pair"]},
      {"name":"tags","type":{"type":"map","values":"string"}},
      {"name":"kind","type":{"type":"enum","name":"kind","symbols":["A","B"]}},
      {"name":"digest","type":{"type":"fixed","name":"md5","size":16}}]})");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->name, "x.y.entry");
  ASSERT_EQ(schema->fields.size(), 7u);
  EXPECT_EQ(schema->fields[0].field_id, 0);
  EXPECT_EQ(schema->fields[1].field_id, 7);
  EXPECT_EQ(schema->fields[1].type->logical_type, "date");
  EXPECT_FALSE(schema->fields[2].field_id.has_value());
  EXPECT_EQ(schema->fields[3].type->branches[1].get(), schema->fields[2].type.get());  // the same named type
  EXPECT_EQ(schema->fields[6].type->size, 16);
  EXPECT_EQ(schema->FieldIndex("tags"), 4u);

  EXPECT_TRUE(ParseSchema("{").status().IsCorruption());
  EXPECT_TRUE(ParseSchema(R"("nothing")").status().IsCorruption());
  EXPECT_TRUE(ParseSchema(R"(["null",["int"]])").status().IsCorruption());
  EXPECT_TRUE(ParseSchema(R"(["int","int"])").status().IsCorruption());
  EXPECT_TRUE(ParseSchema(R"({"type":"fixed","name":"f"})").status().IsCorruption());
  EXPECT_TRUE(ParseSchema(R"({"type":"record","name":"1bad","fields":[]})").status().IsCorruption());
  EXPECT_TRUE(
      ParseSchema(R"({"type":"record","name":"r","fields":[{"name":"a","type":"int","field-id":"x"}]})")
          .status()
          .IsCorruption());
  EXPECT_TRUE(
      ParseSchema(R"({"type":"record","name":"node","fields":[{"name":"next","type":["null","node"]}]})")
          .status()
          .IsNotSupported());
  std::string deep;
  for (int level = 0; level < 100; ++level) deep += R"({"type":"array","items":)";
  deep += "\"int\"";
  for (int level = 0; level < 100; ++level) deep += "}";
  EXPECT_TRUE(ParseSchema(deep).status().IsCorruption());
}

constexpr std::string_view kPairSchema =
    R"({"type":"record","name":"pair","fields":[{"name":"id","type":"long","field-id":1},)"
    R"({"name":"name","type":["null","string"],"default":null,"field-id":2}]})";

TEST(AvroContainerTest, HeaderBytesAreExact) {
  ContainerOptions options;
  options.sync = std::array<uint8_t, 16>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  options.metadata = {{"format-version", "2"}};
  Result<ContainerWriter> writer = ContainerWriter::Open(R"("long")", options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE(writer->Append(Datum::Long(64)).ok());
  Result<std::string> file = writer->Finish();
  ASSERT_TRUE(file.ok());
  std::string expected("Obj\x01", 4);
  expected += "\x06";  // map block of 3 entries
  expected +=
      "\x16"
      "avro.schema"
      "\x0c"
      "\"long\"";  // key (11 bytes), value (6 bytes)
  expected +=
      "\x14"
      "avro.codec"
      "\x08"
      "null";
  expected +=
      "\x1c"
      "format-version"
      "\x02"
      "2";
  expected += std::string("\x00", 1);  // end of the map
  std::string sync;
  for (char byte_idx = 0; byte_idx < 16; ++byte_idx) sync.push_back(byte_idx);
  expected += sync;
  expected +=
      "\x02"
      "\x04"
      "\x80\x01";  // one object, 2 bytes: the long 64
  expected += sync;
  EXPECT_EQ(Hex(*file), Hex(expected));
}

TEST(AvroContainerTest, RoundTripsWithEachCodecAndManyBlocks) {
  for (Codec codec : {Codec::kNull, Codec::kDeflate}) {
    ContainerOptions options;
    options.codec = codec;
    options.block_bytes = 100;  // many blocks
    options.metadata = {{"schema", "{\"type\":\"struct\"}"}, {"content", "data"}};
    Result<ContainerWriter> writer = ContainerWriter::Open(std::string(kPairSchema), options);
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int64_t row_idx = 0; row_idx < 500; ++row_idx) {
      Datum name = row_idx % 3 == 0 ? Datum::Union(0, Datum::Null())
                                    : Datum::Union(1, Datum::String("row " + std::to_string(row_idx)));
      ASSERT_TRUE(writer->Append(Datum::Record({Datum::Long(row_idx * 1000 - 7), name})).ok());
    }
    EXPECT_TRUE(writer->Append(Datum::Record({Datum::String("not a long"), Datum::Union(0, Datum::Null())}))
                    .IsInvalidArgument());
    Result<std::string> bytes = writer->Finish();
    ASSERT_TRUE(bytes.ok());
    Result<ContainerFile> file = ReadContainer(*bytes);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    EXPECT_EQ(file->codec, codec);
    EXPECT_EQ(file->schema_json, kPairSchema);
    EXPECT_EQ(file->Metadata("content"), "data");
    EXPECT_EQ(file->schema->fields[1].field_id, 2);
    ASSERT_EQ(file->objects.size(), 500u);
    for (int64_t row_idx = 0; row_idx < 500; ++row_idx) {
      const Datum& object = file->objects[static_cast<size_t>(row_idx)];
      EXPECT_EQ(object.items[0].integer, row_idx * 1000 - 7);
      if (row_idx % 3 == 0) {
        EXPECT_TRUE(object.items[1].is_null());
        EXPECT_EQ(object.items[1].branch, 0);
      } else {
        EXPECT_EQ(object.items[1].bytes, "row " + std::to_string(row_idx));
        EXPECT_EQ(object.items[1].branch, 1);
      }
    }
    // Re-encoding what was read gives the same objects (the reader keeps union branches).
    Result<ContainerWriter> again = ContainerWriter::Open(file->schema_json, {});
    ASSERT_TRUE(again.ok());
    for (const Datum& object : file->objects) ASSERT_TRUE(again->Append(object).ok());
    Result<ContainerFile> reread = ReadContainer(*again->Finish());
    ASSERT_TRUE(reread.ok());
    EXPECT_EQ(reread->objects.size(), 500u);
  }
}

TEST(AvroContainerTest, EveryTruncationAndEveryFlippedByteFailsCleanly) {
  ContainerOptions options;
  options.codec = Codec::kDeflate;
  options.block_bytes = 40;
  Result<ContainerWriter> writer = ContainerWriter::Open(std::string(kPairSchema), options);
  ASSERT_TRUE(writer.ok());
  for (int64_t row_idx = 0; row_idx < 20; ++row_idx) {
    ASSERT_TRUE(
        writer->Append(Datum::Record({Datum::Long(row_idx), Datum::Union(1, Datum::String("x"))})).ok());
  }
  const std::string bytes = *writer->Finish();
  ASSERT_TRUE(ReadContainer(bytes).ok());
  for (size_t length = 0; length < bytes.size(); ++length) {
    Result<ContainerFile> file = ReadContainer(std::string_view(bytes).substr(0, length));
    // A cut exactly between blocks is a valid, shorter file; anything else is Corruption.
    if (!file.ok()) {
      EXPECT_TRUE(file.status().IsCorruption()) << length << ": " << file.status().ToString();
    }
  }
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    std::string damaged = bytes;
    damaged[pos] = static_cast<char>(damaged[pos] ^ 0x5a);
    (void)ReadContainer(damaged);  // must not crash; may even succeed
  }
  EXPECT_TRUE(ReadContainer("Obj").status().IsCorruption());
  EXPECT_TRUE(ReadContainer("PAR1....").status().IsCorruption());
}

TEST(AvroContainerTest, RejectsReservedMetadataAndUnknownCodecs) {
  ContainerOptions options;
  options.metadata = {{"avro.codec", "snappy"}};
  EXPECT_TRUE(ContainerWriter::Open(R"("int")", options).status().IsInvalidArgument());
  std::string file("Obj\x01", 4);
  EncodeLong(2, &file);
  EncodeString("avro.schema", &file);
  EncodeString("\"int\"", &file);
  EncodeString("avro.codec", &file);
  EncodeString("snappy", &file);
  EncodeLong(0, &file);
  file.append(16, 'S');
  EXPECT_TRUE(ReadContainer(file).status().IsNotSupported());
}

}  // namespace
}  // namespace cdc::format::avro
