#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "base/status.h"
#include "model/change_batch.h"
#include "model/table_schema.h"

// The reduction of a batch of changes to the last change per primary key (docs/merge.md, "Reduce").
namespace cdc::merge {

// Keeps, for every primary key seen, the change with the highest order: its final image (an insert
// or an update) or the fact that it was deleted. Orders are the changes' seqs (`_lakefeed_seq`), or
// for DMS files without seqs a running number in file-then-row order. So:
//   - an insert after a delete of the same key revives the row (the insert is later);
//   - a delete that is last wins;
//   - a primary-key update, written as a D of the old key and an I of the new one, deletes the old
//     key and upserts the new one;
//   - a change whose order is not above the key's current one is ignored (a replayed or stale change
//     never undoes a later one).
//
// Memory: one hash entry per distinct key (the key bytes plus 16 bytes) and one image per key (the
// superseded images are dropped by an internal compaction once they outnumber the live ones), so it
// grows with the distinct keys of the batch, not with the table. The caller bounds a batch by its
// change count (Merger's max_batch_changes).
//
// Not thread-safe.
class Reducer {
 public:
  // `schema` must have a primary key.
  explicit Reducer(model::TableSchemaPtr schema);

  // Adds change `change_idx` of `batch` (whose columns hold the kinds of the reducer's schema, in the
  // same order) with its order. InvalidArgument when the change lacks the image its op needs (after
  // for I/U, before for D) or a key cell is not a value (NULL or absent).
  Status Add(const model::ChangeBatch& batch, size_t change_idx, uint64_t order);

  // Distinct keys so far, and how many of them end deleted.
  size_t key_count() const { return entries_.size(); }
  size_t changes_added() const { return changes_added_; }
  uint64_t max_order() const { return max_order_; }

  // The result, as one batch of the reducer's schema: first an insert (after image) per key whose
  // final change is an insert or update -- `*upsert_count` of them --, then a delete (before image)
  // per key whose final change is a delete. Every change's image holds the key, so the whole batch is
  // the set of keys the batch touched (an equality delete file), and its first *upsert_count changes
  // are the rows to write (a data file). Rows are in ascending order of their encoded keys.
  model::ChangeBatch Finish(size_t* upsert_count) const;

  // The key of image `image` of `batch` as comparable bytes: per key column, a slot as 8 big-endian
  // bytes or a byte string as its 4-byte big-endian length then its bytes. Public for tests.
  static void EncodeKey(const model::TableSchema& schema, const model::ChangeBatch& batch, uint32_t image,
                        std::string* out);

 private:
  struct Entry {
    uint64_t order = 0;
    uint32_t image = 0;  // in images_
    bool deleted = false;
  };

  // Copies the live images into a new batch once the superseded ones outnumber them.
  void MaybeCompact();

  model::TableSchemaPtr schema_;
  model::ChangeBatch images_;
  std::unordered_map<std::string, Entry> entries_;
  size_t changes_added_ = 0;
  uint64_t max_order_ = 0;
  std::string key_;  // scratch
};

}  // namespace cdc::merge
