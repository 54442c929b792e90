#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/change_batch.h"
#include "model/table_schema.h"

// Order-independent digests of a table's rows, for `lakefeed validate` (docs/validate.md): the source's rows
// (read by SELECT) and the merged Iceberg table's rows are each reduced to a row count and a sum of row hashes
// per key bucket, so that two tables compare in one pass each, in constant memory and in any row order, and a
// mismatch narrows to the buckets that differ.
namespace cdc::merge {

// Where a row sits in a digest: its key (Reducer::EncodeKey of the primary key; a table without one is keyed
// by its whole row's hash), the hash of every value, and the key's bucket.
struct RowIdentity {
  std::string key;
  uint64_t row_hash = 0;
  uint32_t bucket = 0;
};

// A row count and a sum of row hashes per bucket of keys. Values are hashed as an Iceberg table holds them
// (docs/iceberg.md, "Types"), so that the source and the merged table agree: a zero or partly-zero DATE or
// DATETIME and MySQL's zero TIMESTAMP hash as NULL, and a GEOMETRY without its 4-byte SRID. Two digests
// compare when built for schemas of the same column kinds in the same order.
//
// Not thread-safe.
class TableDigest {
 public:
  static constexpr uint32_t kBuckets = 4096;

  explicit TableDigest(model::TableSchemaPtr schema);

  // The identity of image `image` of `rows`, a batch of the digest's schema (*identity is reused).
  void Identify(const model::ChangeBatch& rows, uint32_t image, RowIdentity* identity) const;
  // Adds image `image` of `rows`.
  void Add(const model::ChangeBatch& rows, uint32_t image);

  uint64_t rows() const { return rows_; }
  // The buckets whose count or hash sum differs from `other`'s, in ascending order.
  std::vector<uint32_t> DifferingBuckets(const TableDigest& other) const;

  // The primary key of an encoded key as text, e.g. "id=42" or "a=x, b=7" (model::AppendValueText);
  // "row hash 0123abcd..." for a table without a primary key.
  std::string KeyText(const std::string& key) const;

 private:
  struct Bucket {
    uint64_t rows = 0;
    uint64_t hash_sum = 0;
  };

  model::TableSchemaPtr schema_;
  std::vector<Bucket> buckets_;
  uint64_t rows_ = 0;
  RowIdentity scratch_;
};

// One key whose rows differ between the source and the merged table.
struct KeyDifference {
  enum class Kind : uint8_t {
    kMissing,    // the source has the key, the merged table does not
    kExtra,      // the merged table has a key the source does not
    kDifferent,  // both have it, with different values (or a different number of rows)
  };
  Kind kind = Kind::kDifferent;
  std::string key;  // encoded (RowIdentity::key)
};
std::string_view ToString(KeyDifference::Kind kind);

// The rows of chosen buckets, by key, for the second pass of a mismatch: the keys that differ. Keys of one
// bucket set, collected from each side; a table's rows with equal keys (no primary key) count and sum.
class KeyCollector {
 public:
  // Collects the rows whose bucket is in `buckets` (from DifferingBuckets), up to `max_keys` distinct keys per
  // side (then truncated() is true).
  KeyCollector(const std::vector<uint32_t>& buckets, size_t max_keys);

  void AddSource(const RowIdentity& row) { Add(row, &source_, &source_truncated_); }
  void AddTarget(const RowIdentity& row) { Add(row, &target_, &target_truncated_); }

  bool truncated() const { return source_truncated_ || target_truncated_; }
  // The differing keys, in ascending order of their encoding.
  std::vector<KeyDifference> Differences() const;

 private:
  struct Rows {
    uint64_t count = 0;
    uint64_t hash_sum = 0;
  };
  using Side = std::unordered_map<std::string, Rows>;
  void Add(const RowIdentity& row, Side* side, bool* truncated);

  std::vector<bool> wanted_;
  size_t max_keys_;
  Side source_;
  Side target_;
  bool source_truncated_ = false;
  bool target_truncated_ = false;
};

}  // namespace cdc::merge
