#include "model/change_batch.h"

namespace cdc::model {

char OpCode(ChangeOp op) {
  switch (op) {
    case ChangeOp::kInsert: return 'I';
    case ChangeOp::kUpdate: return 'U';
    case ChangeOp::kDelete: return 'D';
  }
  return '?';
}

std::string_view ToString(ChangeOp op) {
  switch (op) {
    case ChangeOp::kInsert: return "insert";
    case ChangeOp::kUpdate: return "update";
    case ChangeOp::kDelete: return "delete";
  }
  return "unknown";
}

void ColumnVector::Truncate(size_t size) {
  if (size >= states_.size()) return;
  slots_.resize(size);
  states_.resize(size);
  // Only bytes-kind cells keep end offsets in their slots; a slot-kind column never has bytes.
  if (!bytes_.empty()) bytes_.resize(size == 0 ? 0 : slots_.back());
}

ChangeBatch::ChangeBatch(TableSchemaPtr schema) { Reset(std::move(schema)); }

void ChangeBatch::Clear() {
  for (ColumnVector& column : columns_) column.Clear();
  changes_.clear();
  origins_.clear();
  image_count_ = 0;
}

void ChangeBatch::Reset(TableSchemaPtr schema) {
  schema_ = std::move(schema);
  columns_.clear();
  columns_.resize(schema_ ? schema_->columns.size() : 0);
  changes_.clear();
  origins_.clear();
  image_count_ = 0;
}

void ChangeBatch::AbandonImage() {
  for (ColumnVector& column : columns_) column.Truncate(image_count_);
}

uint32_t ChangeBatch::AppendImageFrom(const ChangeBatch& source, uint32_t image) {
  for (size_t column_idx = 0; column_idx < columns_.size(); ++column_idx) {
    const ColumnVector& from = source.column(column_idx);
    ColumnVector& to = columns_[column_idx];
    switch (from.state(image)) {
      case CellState::kNull: to.AppendNull(); break;
      case CellState::kAbsent: to.AppendAbsent(); break;
      case CellState::kValue:
        if (IsBytesKind(schema_->columns[column_idx].kind)) {
          to.AppendBytes(from.bytes(image));
        } else {
          to.AppendSlot(from.slot(image));
        }
        break;
    }
  }
  return FinishImage();
}

}  // namespace cdc::model
