#include "merge/reducer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "model/value.h"

namespace cdc::merge {

namespace {

void AppendBigEndian(uint64_t value, int bytes, std::string* out) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) out->push_back(static_cast<char>(value >> shift));
}

}  // namespace

Reducer::Reducer(model::TableSchemaPtr schema) : schema_(schema), images_(std::move(schema)) {}

void Reducer::EncodeKey(const model::TableSchema& schema, const model::ChangeBatch& batch, uint32_t image,
                        std::string* out) {
  out->clear();
  for (uint32_t column_idx : schema.primary_key) {
    const model::ColumnVector& column = batch.column(column_idx);
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      const std::string_view bytes = column.bytes(image);
      AppendBigEndian(bytes.size(), 4, out);
      out->append(bytes);
    } else {
      AppendBigEndian(column.slot(image), 8, out);
    }
  }
}

Status Reducer::Add(const model::ChangeBatch& batch, size_t change_idx, uint64_t order) {
  const model::RowChange& change = batch.changes()[change_idx];
  const bool deleted = change.op == model::ChangeOp::kDelete;
  const uint32_t image = deleted ? change.before : change.after;
  if (image == model::RowChange::kNoImage) {
    return Status::InvalidArgument("table " + schema_->schema_name + "." + schema_->table_name,
                                   "a change without the image its op needs");
  }
  for (uint32_t column_idx : schema_->primary_key) {
    if (!batch.column(column_idx).is_value(image)) {
      return Status::InvalidArgument(
          "table " + schema_->schema_name + "." + schema_->table_name + " column " + schema_->columns[column_idx].name,
          "a primary key cell without a value");
    }
  }
  ++changes_added_;
  max_order_ = std::max(max_order_, order);
  EncodeKey(*schema_, batch, image, &key_);
  auto [it, inserted] = entries_.try_emplace(key_);
  Entry& entry = it->second;
  if (!inserted && order <= entry.order) return Status::OK();  // stale: a later change of the key is kept
  entry.order = order;
  entry.deleted = deleted;
  entry.image = images_.AppendImageFrom(batch, image);
  MaybeCompact();
  return Status::OK();
}

void Reducer::MaybeCompact() {
  const size_t live = entries_.size();
  const size_t superseded = images_.image_count() - live;
  if (superseded <= live || superseded < 1024) return;
  model::ChangeBatch compacted(schema_);
  for (auto& [key, entry] : entries_) entry.image = compacted.AppendImageFrom(images_, entry.image);
  images_ = std::move(compacted);
}

model::ChangeBatch Reducer::Finish(size_t* upsert_count) const {
  // Sorted by key: by the keys' first 8 bytes as a big-endian number (the whole of a one-column integer key),
  // then, on a tie, by the whole keys.
  struct Sorted {
    uint64_t prefix;
    const std::pair<const std::string, Entry>* item;
  };
  std::vector<Sorted> sorted;
  sorted.reserve(entries_.size());
  for (const auto& item : entries_) {
    uint64_t prefix = 0;
    for (size_t idx = 0; idx < 8; ++idx) {
      prefix = prefix << 8 | (idx < item.first.size() ? static_cast<uint8_t>(item.first[idx]) : 0);
    }
    sorted.push_back({prefix, &item});
  }
  std::sort(sorted.begin(), sorted.end(), [](const Sorted& a, const Sorted& b) {
    return a.prefix != b.prefix ? a.prefix < b.prefix : a.item->first < b.item->first;
  });
  model::ChangeBatch out(schema_);
  const uint32_t origin = out.AddOrigin({});
  size_t upserts = 0;
  for (bool deletes : {false, true}) {
    for (const Sorted& key : sorted) {
      const Entry& entry = key.item->second;
      if (entry.deleted != deletes) continue;
      const uint32_t image = out.AppendImageFrom(images_, entry.image);
      model::RowChange change;
      change.op = deletes ? model::ChangeOp::kDelete : model::ChangeOp::kInsert;
      (deletes ? change.before : change.after) = image;
      change.origin = origin;
      out.AddChange(change);
      if (!deletes) ++upserts;
    }
  }
  *upsert_count = upserts;
  return out;
}

}  // namespace cdc::merge
