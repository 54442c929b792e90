#include "format/parquet/parquet_reader.h"

#include <utility>

#include "format/parquet/page_codec.h"
#include "format/parquet/rle.h"
#include "format/parquet/value_decoders.h"

namespace cdc::format::parquet {
namespace {

constexpr std::string_view kMagic = "PAR1";

uint64_t LittleEndian(std::string_view bytes, size_t width) {
  uint64_t value = 0;
  for (size_t byte_idx = 0; byte_idx < width; ++byte_idx) {
    value |= uint64_t{static_cast<uint8_t>(bytes[byte_idx])} << (8 * byte_idx);
  }
  return value;
}

// Decodes `count` PLAIN values of the column's physical type from `in` into *out.
Status DecodePlain(const SchemaElement& schema, std::string_view in, size_t count, ColumnValues* out) {
  const PhysicalType type = schema.type.value_or(PhysicalType::kByteArray);
  size_t pos = 0;
  for (size_t value_idx = 0; value_idx < count; ++value_idx) {
    switch (type) {
      case PhysicalType::kInt32: {
        if (in.size() - pos < 4) return Status::Corruption("parquet PLAIN INT32", "truncated");
        const auto v = static_cast<int32_t>(static_cast<uint32_t>(LittleEndian(in.substr(pos), 4)));
        out->numbers.push_back(static_cast<uint64_t>(static_cast<int64_t>(v)));
        pos += 4;
        break;
      }
      case PhysicalType::kFloat:
        if (in.size() - pos < 4) return Status::Corruption("parquet PLAIN FLOAT", "truncated");
        out->numbers.push_back(LittleEndian(in.substr(pos), 4));
        pos += 4;
        break;
      case PhysicalType::kInt64:
      case PhysicalType::kDouble:
        if (in.size() - pos < 8) return Status::Corruption("parquet PLAIN 8-byte value", "truncated");
        out->numbers.push_back(LittleEndian(in.substr(pos), 8));
        pos += 8;
        break;
      case PhysicalType::kByteArray: {
        if (in.size() - pos < 4) return Status::Corruption("parquet PLAIN BYTE_ARRAY", "truncated length");
        const size_t size = LittleEndian(in.substr(pos), 4);
        pos += 4;
        if (in.size() - pos < size) return Status::Corruption("parquet PLAIN BYTE_ARRAY", "truncated value");
        out->bytes.emplace_back(in.substr(pos, size));
        pos += size;
        break;
      }
      case PhysicalType::kFixedLenByteArray: {
        const int32_t type_length = schema.type_length.value_or(0);
        if (type_length <= 0) return Status::Corruption("parquet FIXED_LEN_BYTE_ARRAY", "no positive type_length");
        const auto size = static_cast<size_t>(type_length);
        if (in.size() - pos < size) return Status::Corruption("parquet PLAIN FIXED_LEN_BYTE_ARRAY", "truncated");
        out->bytes.emplace_back(in.substr(pos, size));
        pos += size;
        break;
      }
      case PhysicalType::kBoolean: {
        // One bit per value, least significant first (the whole call's values share the bytes).
        if (value_idx / 8 >= in.size()) return Status::Corruption("parquet PLAIN BOOLEAN", "truncated");
        out->numbers.push_back((static_cast<uint8_t>(in[value_idx / 8]) >> (value_idx % 8)) & 1u);
        break;
      }
      case PhysicalType::kInt96:
        if (in.size() - pos < kInt96Bytes) return Status::Corruption("parquet PLAIN INT96", "truncated");
        out->bytes.emplace_back(in.substr(pos, kInt96Bytes));
        pos += kInt96Bytes;
        break;
    }
  }
  return Status::OK();
}

// Decodes the `count` non-null values of a data page in a non-dictionary encoding.
Status DecodeValues(const SchemaElement& schema, Encoding encoding, std::string_view in, size_t count,
                    ColumnValues* out) {
  const PhysicalType type = schema.type.value_or(PhysicalType::kByteArray);
  switch (encoding) {
    case Encoding::kPlain:
      return DecodePlain(schema, in, count, out);
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) break;
      if (in.size() < 4) return Status::Corruption("parquet RLE BOOLEAN", "no length");
      const size_t length = LittleEndian(in, 4);
      if (length > in.size() - 4) return Status::Corruption("parquet RLE BOOLEAN", "length past the end");
      std::vector<uint32_t> bits;
      CDC_RETURN_IF_ERROR(DecodeRleHybrid(in.substr(4, length), 1, count, &bits));
      out->numbers.insert(out->numbers.end(), bits.begin(), bits.end());
      return Status::OK();
    }
    case Encoding::kDeltaBinaryPacked: {
      if (type != PhysicalType::kInt32 && type != PhysicalType::kInt64) break;
      const size_t start = out->numbers.size();
      size_t consumed = 0;
      CDC_RETURN_IF_ERROR(DecodeDeltaBinaryPacked(in, count, &out->numbers, &consumed));
      if (out->numbers.size() - start != count) return Status::Corruption("DELTA_BINARY_PACKED", "value count mismatch");
      if (type == PhysicalType::kInt32) {
        for (size_t value_idx = start; value_idx < out->numbers.size(); ++value_idx) {
          const auto low = static_cast<int32_t>(static_cast<uint32_t>(out->numbers[value_idx]));
          out->numbers[value_idx] = static_cast<uint64_t>(static_cast<int64_t>(low));
        }
      }
      return Status::OK();
    }
    case Encoding::kDeltaLengthByteArray:
      if (type != PhysicalType::kByteArray) break;
      return DecodeDeltaLengthByteArray(in, count, &out->bytes);
    case Encoding::kDeltaByteArray:
      if (type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray) break;
      return DecodeDeltaByteArray(in, count, &out->bytes);
    case Encoding::kByteStreamSplit: {
      const size_t width = PlainWidth(type, schema.type_length.value_or(0));
      if (width == 0) break;
      std::string plain;
      CDC_RETURN_IF_ERROR(DecodeByteStreamSplit(in, count, width, &plain));
      return DecodePlain(schema, plain, count, out);
    }
    case Encoding::kPlainDictionary:
    case Encoding::kRleDictionary:
    case Encoding::kBitPacked:
      break;
  }
  return Status::NotSupported("parquet reader", "encoding " + std::string(ToString(encoding)) + " for " +
                                                    std::string(ToString(type)));
}

}  // namespace

Result<int64_t> Int96ToMicros(std::string_view int96) {
  constexpr int64_t kJulianDayOfEpoch = 2440588;  // 1970-01-01
  constexpr int64_t kNanosPerDay = int64_t{86400} * 1000000000;
  if (int96.size() != kInt96Bytes) return Status::Corruption("INT96 timestamp", "is not 12 bytes");
  const auto nanos = static_cast<int64_t>(LittleEndian(int96, 8));
  const auto julian_day = static_cast<int64_t>(LittleEndian(int96.substr(8), 4));
  if (nanos < 0 || nanos >= kNanosPerDay) {
    return Status::Corruption("INT96 timestamp", "nanoseconds of the day out of range: " + std::to_string(nanos));
  }
  return (julian_day - kJulianDayOfEpoch) * (kNanosPerDay / 1000) + nanos / 1000;
}

Result<ParquetFileReader> ParquetFileReader::Open(std::string contents) {
  if (contents.size() < 12 || std::string_view(contents).substr(0, 4) != kMagic ||
      std::string_view(contents).substr(contents.size() - 4) != kMagic) {
    return Status::Corruption("parquet file", "no PAR1 magic at both ends");
  }
  const size_t footer_size = LittleEndian(std::string_view(contents).substr(contents.size() - 8), 4);
  if (footer_size > contents.size() - 12) return Status::Corruption("parquet file", "footer length past the start");
  Result<FileMetaData> metadata =
      DecodeFileMetaData(std::string_view(contents).substr(contents.size() - 8 - footer_size, footer_size));
  if (!metadata.ok()) return metadata.status();
  if (metadata->schema.empty()) return Status::Corruption("parquet file", "empty schema");
  for (size_t element_idx = 1; element_idx < metadata->schema.size(); ++element_idx) {
    const SchemaElement& element = metadata->schema[element_idx];
    if (element.num_children.value_or(0) != 0 || element.repetition == Repetition::kRepeated) {
      return Status::NotSupported("parquet reader", "nested column " + element.name);
    }
  }
  ParquetFileReader reader;
  reader.contents_ = std::move(contents);
  reader.metadata_ = std::move(*metadata);
  for (const RowGroup& group : reader.metadata_.row_groups) {
    if (group.columns.size() != reader.column_count()) {
      return Status::Corruption("parquet row group", "column count differs from the schema");
    }
  }
  return reader;
}

Result<ColumnValues> ParquetFileReader::ReadColumn(size_t column_idx) const {
  const SchemaElement& schema = column_schema(column_idx);
  const bool optional = schema.repetition != Repetition::kRequired;
  ColumnValues out;
  std::vector<uint32_t> levels;
  std::vector<uint32_t> indexes;
  std::string page;
  for (const RowGroup& group : metadata_.row_groups) {
    const ColumnChunk& chunk = group.columns[column_idx];
    if (!chunk.meta_data) return Status::Corruption("parquet column chunk", "no metadata");
    const ColumnMetaData& meta = *chunk.meta_data;
    PageCodec codec(meta.codec);
    ColumnValues dictionary;
    bool has_dictionary = false;
    size_t pos = static_cast<size_t>(meta.dictionary_page_offset.value_or(meta.data_page_offset));
    int64_t values_left = meta.num_values;
    while (values_left > 0) {
      if (pos >= contents_.size()) return Status::Corruption("parquet page", "offset past the end");
      size_t header_size = 0;
      Result<PageHeader> header = DecodePageHeader(std::string_view(contents_).substr(pos), &header_size);
      if (!header.ok()) return header.status();
      pos += header_size;
      const auto compressed_size = static_cast<size_t>(header->compressed_page_size);
      if (compressed_size > contents_.size() - pos) return Status::Corruption("parquet page", "past the end");
      std::string_view raw = std::string_view(contents_).substr(pos, compressed_size);
      pos += compressed_size;
      const auto uncompressed_size = static_cast<size_t>(header->uncompressed_page_size);
      if (uncompressed_size > kMaxPageBytes) return Status::Corruption("parquet page", "larger than 256 MiB");

      if (header->type == PageKind::kDictionaryPage) {
        if (!header->dictionary_page_header) return Status::Corruption("parquet dictionary page", "no header");
        const int32_t entries = header->dictionary_page_header->num_values;
        if (entries < 0) return Status::Corruption("parquet dictionary page", "negative size");
        CDC_RETURN_IF_ERROR(codec.Decompress(raw, uncompressed_size, &page));
        dictionary = ColumnValues();
        CDC_RETURN_IF_ERROR(DecodePlain(schema, page, static_cast<size_t>(entries), &dictionary));
        has_dictionary = true;
        ++out.dictionary_pages;
        continue;
      }
      std::string_view levels_bytes;
      std::string_view values_bytes;
      size_t row_count = 0;
      Encoding encoding = Encoding::kPlain;
      if (header->type == PageKind::kDataPage && header->data_page_header) {
        CDC_RETURN_IF_ERROR(codec.Decompress(raw, uncompressed_size, &page));
        row_count = static_cast<size_t>(header->data_page_header->num_values);
        encoding = header->data_page_header->encoding;
        std::string_view body = page;
        if (optional) {
          if (body.size() < 4) return Status::Corruption("parquet data page", "no level length");
          const size_t length = LittleEndian(body, 4);
          if (length > body.size() - 4) return Status::Corruption("parquet data page", "levels past the end");
          levels_bytes = body.substr(4, length);
          body.remove_prefix(4 + length);
        }
        values_bytes = body;
      } else if (header->type == PageKind::kDataPageV2 && header->data_page_header_v2) {
        const DataPageHeaderV2& v2 = *header->data_page_header_v2;
        row_count = static_cast<size_t>(v2.num_values);
        encoding = v2.encoding;
        if (v2.repetition_levels_byte_length < 0 || v2.definition_levels_byte_length < 0) {
          return Status::Corruption("parquet data page v2", "negative level length");
        }
        const auto rep_size = static_cast<size_t>(v2.repetition_levels_byte_length);
        const auto def_size = static_cast<size_t>(v2.definition_levels_byte_length);
        if (rep_size + def_size > raw.size() || rep_size + def_size > uncompressed_size) {
          return Status::Corruption("parquet data page v2", "levels past the end");
        }
        levels_bytes = raw.substr(rep_size, def_size);
        if (v2.is_compressed) {
          CDC_RETURN_IF_ERROR(
              codec.Decompress(raw.substr(rep_size + def_size), uncompressed_size - rep_size - def_size, &page));
        } else {
          page.assign(raw.substr(rep_size + def_size));
        }
        values_bytes = page;
        if (!optional) levels_bytes = {};
      } else {
        continue;  // index pages and unknown kinds
      }
      if (static_cast<int32_t>(row_count) < 0 || row_count > max_values_ - out.present.size()) {
        return Status::Corruption("parquet data page", "value count negative or past the reader's limit");
      }
      size_t present = row_count;
      if (optional) {
        CDC_RETURN_IF_ERROR(DecodeRleHybrid(levels_bytes, 1, row_count, &levels));
        present = 0;
        for (uint32_t level : levels) {
          out.present.push_back(level != 0);
          present += level != 0 ? 1 : 0;
        }
      } else {
        out.present.insert(out.present.end(), row_count, true);
      }
      out.page_encodings.push_back(encoding);
      if (encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary) {
        if (!has_dictionary) return Status::Corruption("parquet data page", "dictionary indices without a dictionary");
        if (values_bytes.empty() && present > 0) return Status::Corruption("parquet data page", "no index width");
        const int width = values_bytes.empty() ? 0 : static_cast<uint8_t>(values_bytes[0]);
        if (present > 0) CDC_RETURN_IF_ERROR(DecodeRleHybrid(values_bytes.substr(1), width, present, &indexes));
        for (size_t value_idx = 0; value_idx < present; ++value_idx) {
          const uint32_t index = indexes[value_idx];
          if (!dictionary.numbers.empty() && index < dictionary.numbers.size()) {
            out.numbers.push_back(dictionary.numbers[index]);
          } else if (index < dictionary.bytes.size()) {
            out.bytes.push_back(dictionary.bytes[index]);
          } else {
            return Status::Corruption("parquet data page", "dictionary index out of range");
          }
        }
      } else {
        CDC_RETURN_IF_ERROR(DecodeValues(schema, encoding, values_bytes, present, &out));
      }
      values_left -= static_cast<int64_t>(row_count);
    }
  }
  return out;
}

}  // namespace cdc::format::parquet
