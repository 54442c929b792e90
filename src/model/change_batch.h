#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/source_position.h"
#include "model/table_schema.h"

namespace cdc::model {

// The DMS `Op` column: I, U or D. Serialized.
enum class ChangeOp : uint8_t { kInsert, kUpdate, kDelete };
char OpCode(ChangeOp op);
std::string_view ToString(ChangeOp op);

// Whether a cell holds a value. kAbsent marks a column missing from a row image (the column
// bitmap of a minimal image excluded it); it is not NULL.
enum class CellState : uint8_t { kValue, kNull, kAbsent };

// All cells of one column across the images of a ChangeBatch, Arrow-style: one uint64_t slot per
// cell, and for bytes kinds (model::IsBytesKind) one shared byte buffer where slot i is the end
// offset of cell i. Appending never allocates once the vectors have grown to the batch size, so
// a batch reused with Clear() decodes without heap allocation per value.
//
// Not thread-safe.
class ColumnVector {
 public:
  size_t size() const { return states_.size(); }
  void Clear() {
    slots_.clear();
    states_.clear();
    bytes_.clear();
  }
  void Reserve(size_t cells) {
    slots_.reserve(cells);
    states_.reserve(cells);
  }

  CellState state(size_t i) const { return states_[i]; }
  bool is_value(size_t i) const { return states_[i] == CellState::kValue; }
  // The slot of a slot-kind cell.
  uint64_t slot(size_t i) const { return slots_[i]; }
  // The bytes of a bytes-kind cell (empty for NULL/absent).
  std::string_view bytes(size_t i) const {
    size_t begin = i == 0 ? 0 : slots_[i - 1];
    return std::string_view(bytes_).substr(begin, slots_[i] - begin);
  }

  void AppendSlot(uint64_t value) {
    slots_.push_back(value);
    states_.push_back(CellState::kValue);
  }
  void AppendBytes(std::string_view value) {
    bytes_.append(value);
    FinishBytes();
  }
  // For values built in place: append to bytes_buffer(), then call FinishBytes() once.
  std::string* bytes_buffer() { return &bytes_; }
  void FinishBytes() {
    slots_.push_back(bytes_.size());
    states_.push_back(CellState::kValue);
  }
  // Drops bytes written to bytes_buffer() since the last finished cell (after a decode error).
  void AbandonBytes() { bytes_.resize(slots_.empty() ? 0 : slots_.back()); }
  void AppendNull() { AppendEmpty(CellState::kNull); }
  void AppendAbsent() { AppendEmpty(CellState::kAbsent); }
  // Removes the cells from index `size` on (used to roll back a half-decoded image).
  void Truncate(size_t size);

 private:
  void AppendEmpty(CellState state) {
    slots_.push_back(bytes_.size());
    states_.push_back(state);
  }

  std::vector<uint64_t> slots_;
  std::vector<CellState> states_;
  std::string bytes_;
};

// Where a group of row changes came from: the rows event that carried them.
struct ChangeOrigin {
  SourcePosition position;     // file, offset of the rows event, transaction GTID
  uint32_t timestamp = 0;      // event header timestamp: epoch seconds of the statement
  uint64_t end_log_pos = 0;    // the header's log_pos (end offset of the event)
};

// One row change. Image indexes point into the column vectors; kNoImage when the op has none.
struct RowChange {
  static constexpr uint32_t kNoImage = UINT32_MAX;
  ChangeOp op = ChangeOp::kInsert;
  uint32_t before = kNoImage;
  uint32_t after = kNoImage;
  uint32_t origin = 0;  // index into ChangeBatch::origins()
};

// Row changes of one table, in stream order, stored by column. Producers (the row decoder,
// the snapshot reader) append a full image -- one cell per column -- and then record the change.
//
// Not thread-safe. The schema must outlive the batch (it is held by shared pointer).
class ChangeBatch {
 public:
  explicit ChangeBatch(TableSchemaPtr schema);

  const TableSchema& schema() const { return *schema_; }
  const TableSchemaPtr& schema_ptr() const { return schema_; }
  // Drops all rows but keeps capacity, so the next decode does not allocate. The schema stays.
  void Clear();
  // Replaces the schema (after a TABLE_MAP change); clears the batch.
  void Reset(TableSchemaPtr schema);

  size_t column_count() const { return columns_.size(); }
  ColumnVector& column(size_t i) { return columns_[i]; }
  const ColumnVector& column(size_t i) const { return columns_[i]; }
  // Number of images stored (every column vector has this many cells once an image is complete).
  uint32_t image_count() const { return image_count_; }
  // Marks the cells appended since the previous image as one complete image; returns its index.
  uint32_t FinishImage() { return image_count_++; }
  // Removes cells appended after the last FinishImage (after a decode error mid-image).
  void AbandonImage();
  // Appends a copy of image `image` of `source`, a batch whose columns hold the same kinds in the
  // same order (e.g. the same table decoded from the binlog and read by SELECT); returns its index.
  uint32_t AppendImageFrom(const ChangeBatch& source, uint32_t image);

  uint32_t AddOrigin(ChangeOrigin origin) {
    origins_.push_back(std::move(origin));
    return static_cast<uint32_t>(origins_.size() - 1);
  }
  void AddChange(RowChange change) { changes_.push_back(change); }

  const std::vector<RowChange>& changes() const { return changes_; }
  const std::vector<ChangeOrigin>& origins() const { return origins_; }
  size_t size() const { return changes_.size(); }
  bool empty() const { return changes_.empty(); }

 private:
  TableSchemaPtr schema_;
  std::vector<ColumnVector> columns_;
  std::vector<RowChange> changes_;
  std::vector<ChangeOrigin> origins_;
  uint32_t image_count_ = 0;
};

}  // namespace cdc::model
