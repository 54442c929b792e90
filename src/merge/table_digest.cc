#include "merge/table_digest.h"

#include <algorithm>
#include <cstring>

#include "merge/reducer.h"
#include "model/value_text.h"

namespace cdc::merge {
namespace {

// A 64-bit finalizer (the splitmix64 constants): every input bit flips each output bit with probability ~1/2.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t HashBytes(std::string_view bytes, uint64_t seed) {
  uint64_t h = Mix(seed ^ (bytes.size() * 0x9e3779b97f4a7c15ULL));
  size_t pos = 0;
  for (; pos + 8 <= bytes.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + pos, 8);
    h = Mix(h ^ word);
  }
  if (pos < bytes.size()) {
    uint64_t word = 0;
    std::memcpy(&word, bytes.data() + pos, bytes.size() - pos);
    h = Mix(h ^ word ^ 0x100);
  }
  return h;
}

// Whether a cell holds what an Iceberg table keeps as NULL: a zero or partly-zero date, the zero timestamp.
bool IcebergNull(model::ValueKind kind, uint64_t slot) {
  switch (kind) {
    case model::ValueKind::kDate: {
      const model::PackedDate date = model::PackedDate::Unpack(slot);
      return date.month == 0 || date.day == 0;
    }
    case model::ValueKind::kDateTime: {
      const model::PackedDate date = model::PackedDateTime::Unpack(slot).date;
      return date.month == 0 || date.day == 0;
    }
    case model::ValueKind::kTimestamp: return model::PackedTimestamp::Unpack(slot).seconds == 0;
    default: return false;
  }
}

constexpr uint64_t kNullHash = 0x6e756c6c6e756c6cULL;

uint64_t CellHash(const model::ColumnSchema& column_schema, const model::ColumnVector& column, uint32_t image,
                  uint64_t seed) {
  if (!column.is_value(image)) return Mix(seed ^ kNullHash);
  if (model::IsBytesKind(column_schema.kind)) {
    std::string_view bytes = column.bytes(image);
    if (column_schema.kind == model::ValueKind::kGeometry) bytes.remove_prefix(std::min<size_t>(4, bytes.size()));
    return HashBytes(bytes, seed);
  }
  const uint64_t slot = column.slot(image);
  if (IcebergNull(column_schema.kind, slot)) return Mix(seed ^ kNullHash);
  return Mix(seed ^ Mix(slot));
}

char HexDigit(unsigned value) { return "0123456789abcdef"[value & 0xf]; }

}  // namespace

TableDigest::TableDigest(model::TableSchemaPtr schema) : schema_(std::move(schema)), buckets_(kBuckets) {}

void TableDigest::Identify(const model::ChangeBatch& rows, uint32_t image, RowIdentity* identity) const {
  uint64_t row_hash = 0;
  for (size_t column_idx = 0; column_idx < schema_->columns.size(); ++column_idx) {
    // Each column is seeded by its position, so that swapping two columns' values changes the hash.
    row_hash = Mix(row_hash ^ CellHash(schema_->columns[column_idx], rows.column(column_idx), image,
                                       (column_idx + 1) * 0x9e3779b97f4a7c15ULL));
  }
  identity->row_hash = row_hash;
  if (schema_->primary_key.empty()) {
    identity->key.assign(reinterpret_cast<const char*>(&row_hash), sizeof(row_hash));
    identity->bucket = static_cast<uint32_t>(row_hash % kBuckets);
    return;
  }
  Reducer::EncodeKey(*schema_, rows, image, &identity->key);
  identity->bucket = static_cast<uint32_t>(HashBytes(identity->key, 0) % kBuckets);
}

void TableDigest::Add(const model::ChangeBatch& rows, uint32_t image) {
  Identify(rows, image, &scratch_);
  Bucket& bucket = buckets_[scratch_.bucket];
  ++bucket.rows;
  bucket.hash_sum += scratch_.row_hash;
  ++rows_;
}

std::vector<uint32_t> TableDigest::DifferingBuckets(const TableDigest& other) const {
  std::vector<uint32_t> differing;
  for (uint32_t bucket = 0; bucket < kBuckets; ++bucket) {
    if (buckets_[bucket].rows != other.buckets_[bucket].rows ||
        buckets_[bucket].hash_sum != other.buckets_[bucket].hash_sum) {
      differing.push_back(bucket);
    }
  }
  return differing;
}

std::string TableDigest::KeyText(const std::string& key) const {
  std::string text;
  if (schema_->primary_key.empty()) {
    text = "row hash ";
    for (unsigned char byte : key) {
      text.push_back(HexDigit(byte >> 4));
      text.push_back(HexDigit(byte));
    }
    return text;
  }
  // The inverse of Reducer::EncodeKey: per key column a slot in 8 big-endian bytes, or a 4-byte big-endian
  // length and the bytes.
  size_t pos = 0;
  auto read_big_endian = [&](size_t width) {
    uint64_t value = 0;
    for (size_t idx = 0; idx < width && pos < key.size(); ++idx) value = value << 8 | static_cast<uint8_t>(key[pos++]);
    return value;
  };
  model::ColumnVector cell;
  for (uint32_t column_idx : schema_->primary_key) {
    const model::ColumnSchema& column_schema = schema_->columns[column_idx];
    cell.Clear();
    if (model::IsBytesKind(column_schema.kind)) {
      const size_t length = std::min<size_t>(read_big_endian(4), key.size() - pos);
      cell.AppendBytes(std::string_view(key).substr(pos, length));
      pos += length;
    } else {
      cell.AppendSlot(read_big_endian(8));
    }
    if (!text.empty()) text += ", ";
    text += column_schema.name + "=";
    model::AppendValueText(column_schema, cell, 0, &text);
  }
  return text;
}

std::string_view ToString(KeyDifference::Kind kind) {
  switch (kind) {
    case KeyDifference::Kind::kMissing: return "missing";
    case KeyDifference::Kind::kExtra: return "extra";
    case KeyDifference::Kind::kDifferent: return "different";
  }
  return "?";
}

KeyCollector::KeyCollector(const std::vector<uint32_t>& buckets, size_t max_keys)
    : wanted_(TableDigest::kBuckets), max_keys_(max_keys) {
  for (uint32_t bucket : buckets) wanted_[bucket] = true;
}

void KeyCollector::Add(const RowIdentity& row, Side* side, bool* truncated) {
  if (!wanted_[row.bucket]) return;
  auto it = side->find(row.key);
  if (it == side->end()) {
    if (side->size() >= max_keys_) {
      *truncated = true;
      return;
    }
    it = side->emplace(row.key, Rows{}).first;
  }
  ++it->second.count;
  it->second.hash_sum += row.row_hash;
}

std::vector<KeyDifference> KeyCollector::Differences() const {
  std::vector<KeyDifference> differences;
  for (const auto& [key, rows] : source_) {
    auto it = target_.find(key);
    if (it == target_.end()) {
      // A key past the target's limit is unknown there, not missing.
      if (!target_truncated_) differences.push_back({KeyDifference::Kind::kMissing, key});
    } else if (it->second.count != rows.count || it->second.hash_sum != rows.hash_sum) {
      differences.push_back({KeyDifference::Kind::kDifferent, key});
    }
  }
  if (!source_truncated_) {
    for (const auto& [key, rows] : target_) {
      if (!source_.contains(key)) differences.push_back({KeyDifference::Kind::kExtra, key});
    }
  }
  std::sort(differences.begin(), differences.end(),
            [](const KeyDifference& a, const KeyDifference& b) { return a.key < b.key; });
  return differences;
}

}  // namespace cdc::merge
