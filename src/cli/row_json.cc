#include "cli/row_json.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "model/value_text.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cdc::cli {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// Length of the valid UTF-8 sequence starting at text[i] (RFC 3629: no overlongs, no surrogates,
// at most U+10FFFF), or 0 when the bytes there are not one.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + i;
  size_t left = text.size() - i;
  unsigned char c = p[0];
  auto cont = [&](size_t k) { return k < left && (p[k] & 0xc0) == 0x80; };
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c == 0xe0) return left > 1 && p[1] >= 0xa0 && p[1] <= 0xbf && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xed) return left > 1 && p[1] >= 0x80 && p[1] <= 0x9f && cont(2) ? 3 : 0;
  if (c == 0xf0) return left > 1 && p[1] >= 0x90 && p[1] <= 0xbf && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xf4) return left > 1 && p[1] >= 0x80 && p[1] <= 0x8f && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

void AppendUnicodeEscape(unsigned char c, std::string* out) {
  char escape[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
  out->append(escape, sizeof(escape));
}

void AppendNumber(uint64_t value, std::string* out) {
  char digits[24];
  auto result = std::to_chars(digits, digits + sizeof(digits), value);
  out->append(digits, static_cast<size_t>(result.ptr - digits));
}

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  AppendJsonStringBody(text, out);
  out->push_back('"');
}

}  // namespace

size_t JsonSafePrefix(std::string_view text) {
  size_t i = 0;
#if defined(__SSE2__)
  // 16 bytes at a time: a signed compare with 0x20 catches both control characters and bytes at
  // or above 0x80 (negative as int8); then '"' and '\\'.
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  while (i + 16 <= text.size()) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    __m128i special = _mm_or_si128(_mm_cmplt_epi8(bytes, space),
                                   _mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)));
    int mask = _mm_movemask_epi8(special);
    if (mask != 0) return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
    i += 16;
  }
#else
  // Eight bytes at a time (SWAR): a word is safe when no byte is below 0x20, at or above 0x80,
  // '"' or '\\'.
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  while (i + 8 <= text.size()) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    uint64_t below_space = (word - kOnes * 0x20) & ~word;
    uint64_t quote = word ^ (kOnes * '"');
    uint64_t backslash = word ^ (kOnes * '\\');
    uint64_t quote_zero = (quote - kOnes) & ~quote;
    uint64_t backslash_zero = (backslash - kOnes) & ~backslash;
    if (((below_space | quote_zero | backslash_zero | word) & kHighs) != 0) break;
    i += 8;
  }
#endif
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
    ++i;
  }
  return i;
}

void AppendJsonStringBody(std::string_view text, std::string* out) {
  size_t i = JsonSafePrefix(text);
  size_t run_start = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(text, i);
      if (length != 0) {
        i += length;
        continue;
      }
    }
    out->append(text.data() + run_start, i - run_start);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(static_cast<char>(c));
    } else {
      AppendUnicodeEscape(c, out);  // a control character, or a byte outside valid UTF-8
    }
    ++i;
    run_start = i;
  }
  out->append(text.data() + run_start, text.size() - run_start);
}

const RowJsonWriter::SchemaKeys& RowJsonWriter::KeysFor(const model::TableSchemaPtr& schema) {
  if (schema.get() == last_schema_) return *last_keys_;
  auto found = keys_.find(schema.get());
  if (found == keys_.end()) {
    // Schemas change only with DDL; a long run could still collect many. Start over past a bound
    // (the cached pointers below are re-pointed at once).
    if (keys_.size() >= 4096) keys_.clear();
    SchemaKeys keys;
    keys.schema = schema;
    keys.prefix = ",\"schema\":\"";
    AppendJsonStringBody(schema->schema_name, &keys.prefix);
    keys.prefix += "\",\"table\":\"";
    AppendJsonStringBody(schema->table_name, &keys.prefix);
    keys.prefix += "\",";
    keys.columns.reserve(schema->columns.size());
    for (size_t column_idx = 0; column_idx < schema->columns.size(); ++column_idx) {
      std::string key = "\"";
      const std::string& name = schema->columns[column_idx].name;
      if (name.empty()) {
        key += "@" + std::to_string(column_idx + 1);
      } else {
        AppendJsonStringBody(name, &key);
      }
      key += "\":";
      keys.columns.push_back(std::move(key));
    }
    found = keys_.emplace(schema.get(), std::move(keys)).first;
  }
  last_schema_ = schema.get();
  last_keys_ = &found->second;
  return found->second;
}

void RowJsonWriter::AppendImage(const model::ChangeBatch& batch, const SchemaKeys& keys, uint32_t image,
                                std::string* out) {
  if (image == model::RowChange::kNoImage) {
    out->append("null");
    return;
  }
  const model::TableSchema& schema = batch.schema();
  out->push_back('{');
  bool first = true;
  for (size_t column_idx = 0; column_idx < batch.column_count(); ++column_idx) {
    const model::ColumnVector& column = batch.column(column_idx);
    model::CellState state = column.state(image);
    if (state == model::CellState::kAbsent) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append(keys.columns[column_idx]);
    if (state == model::CellState::kNull) {
      out->append("null");
      continue;
    }
    // The text goes straight into *out; only text that needs escaping takes a second pass.
    out->push_back('"');
    size_t start = out->size();
    model::AppendValueText(schema.columns[column_idx], column, image, out);
    std::string_view text(out->data() + start, out->size() - start);
    if (JsonSafePrefix(text) != text.size()) {
      scratch_.assign(text);
      out->resize(start);
      AppendJsonStringBody(scratch_, out);
    }
    out->push_back('"');
  }
  out->push_back('}');
}

void RowJsonWriter::PrepareOriginText(const model::ChangeOrigin& origin) {
  origin_text_.assign("\"gtid\":");
  AppendJsonString(origin.position.gtid, &origin_text_);
  origin_text_.append(",\"file\":");
  AppendJsonString(origin.position.file, &origin_text_);
  origin_text_.append(",\"pos\":");
  AppendNumber(origin.position.offset, &origin_text_);
  origin_text_.append(",\"end_log_pos\":");
  AppendNumber(origin.end_log_pos, &origin_text_);
  origin_text_.append(",\"ts\":");
  AppendNumber(origin.timestamp, &origin_text_);
  origin_text_.append(",\"before\":");
}

void RowJsonWriter::AppendBatch(const model::ChangeBatch& batch, std::string* out) {
  const SchemaKeys& keys = KeysFor(batch.schema_ptr());
  uint32_t prepared_origin = model::RowChange::kNoImage;  // a row event's rows share one origin
  for (const model::RowChange& change : batch.changes()) {
    if (change.origin != prepared_origin) {
      PrepareOriginText(batch.origins()[change.origin]);
      prepared_origin = change.origin;
    }
    out->append("{\"op\":\"");
    out->push_back(model::OpCode(change.op));
    out->push_back('"');
    out->append(keys.prefix);
    out->append(origin_text_);
    AppendImage(batch, keys, change.before, out);
    out->append(",\"after\":");
    AppendImage(batch, keys, change.after, out);
    out->append("}\n");
  }
}

}  // namespace cdc::cli
