#include "capture/transaction_buffer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "model/value.h"

namespace cdc::capture {

namespace {

constexpr uint32_t kRowsRecord = 1;
constexpr uint32_t kDdlRecord = 2;

// The fixed start of every record (see the grammar in the header).
struct RecordHeader {
  uint64_t size = 0;  // the whole record, this header included
  uint32_t kind = 0;
  uint32_t table = 0;
  uint32_t image_count = 0;
  uint32_t change_count = 0;
  uint32_t origin_count = 0;
  uint32_t column_count = 0;
};
static_assert(std::is_trivially_copyable_v<RecordHeader>);
static_assert(std::is_trivially_copyable_v<model::RowChange>);

constexpr size_t kOriginFixedBytes = 8 + 8 + 4 + 4 + 4;
constexpr size_t kDdlFixedBytes = 8 + 4 * 4;
// Spill file reads go through a buffer of this size (grown for a larger record).
constexpr size_t kReadChunk = size_t{1} << 20;
// The memory buffer starts at this capacity and doubles up to the memory limit.
constexpr size_t kInitialCapacity = size_t{64} << 10;

template <typename T>
uint8_t* Put(uint8_t* p, const T& value) {
  std::memcpy(p, &value, sizeof(T));
  return p + sizeof(T);
}

uint8_t* PutBytes(uint8_t* p, std::string_view bytes) {
  if (!bytes.empty()) std::memcpy(p, bytes.data(), bytes.size());
  return p + bytes.size();
}

template <typename T>
T Load(const uint8_t* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

std::string ErrnoText() { return std::strerror(errno); }

// Whether the before and after images of an UPDATE differ in a primary-key column. A column missing
// from either image (a minimal row image leaves unchanged columns out of the after image) does not
// count as changed.
bool KeyChanged(const model::ChangeBatch& rows, const std::vector<uint32_t>& key, uint32_t before, uint32_t after) {
  const model::TableSchema& schema = rows.schema();
  for (uint32_t column_idx : key) {
    if (column_idx >= rows.column_count()) continue;
    const model::ColumnVector& column = rows.column(column_idx);
    const model::CellState before_state = column.state(before);
    const model::CellState after_state = column.state(after);
    if (before_state == model::CellState::kAbsent || after_state == model::CellState::kAbsent) continue;
    if (before_state != after_state) return true;
    if (before_state == model::CellState::kNull) continue;
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      if (column.bytes(before) != column.bytes(after)) return true;
    } else if (column.slot(before) != column.slot(after)) {
      return true;
    }
  }
  return false;
}

// `dir` names where the file is, for the error (a full disk must say which).
Status WriteAll(int fd, const uint8_t* data, size_t size, uint64_t offset, const std::string& dir) {
  while (size > 0) {
    ssize_t written = ::pwrite(fd, data, size, static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("transaction spill file in " + dir + " (capture.work_dir): write failed", ErrnoText());
    }
    data += written;
    size -= static_cast<size_t>(written);
    offset += static_cast<uint64_t>(written);
  }
  return Status::OK();
}

Status ReadAll(int fd, uint8_t* data, size_t size, uint64_t offset) {
  while (size > 0) {
    ssize_t got = ::pread(fd, data, size, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      return Status::IOError("transaction spill file: read failed", ErrnoText());
    }
    if (got == 0) return Status::Corruption("transaction spill file", "shorter than written");
    data += got;
    size -= static_cast<size_t>(got);
    offset += static_cast<uint64_t>(got);
  }
  return Status::OK();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// BatchPool

model::ChangeBatch* BatchPool::Get(const model::TableSchemaPtr& schema) {
  ++clock_;
  Entry* oldest = nullptr;
  for (Entry& entry : entries_) {
    if (entry.schema == schema) {
      entry.last_use = clock_;
      entry.batch->Clear();
      return entry.batch.get();
    }
    if (oldest == nullptr || entry.last_use < oldest->last_use) oldest = &entry;
  }
  if (entries_.size() < capacity_ || oldest == nullptr) {
    entries_.push_back(Entry{schema, std::make_unique<model::ChangeBatch>(schema), clock_});
    return entries_.back().batch.get();
  }
  oldest->schema = schema;
  oldest->batch->Reset(schema);
  oldest->last_use = clock_;
  return oldest->batch.get();
}

// ---------------------------------------------------------------------------------------------
// TransactionBuffer

// Where one column's arrays sit in a rows record being replayed.
struct TransactionBuffer::ColumnView {
  const uint8_t* states = nullptr;
  const uint8_t* slots = nullptr;
  const char* blob = nullptr;  // bytes kinds only
};

TransactionBuffer::TransactionBuffer(uint64_t memory_limit_bytes, std::string spill_dir)
    : memory_limit_(std::max<uint64_t>(memory_limit_bytes, 1)), spill_dir_(std::move(spill_dir)) {}

TransactionBuffer::~TransactionBuffer() {
  FreeMemory();
  if (fd_ >= 0) ::close(fd_);
}

void TransactionBuffer::FreeMemory() {
  std::free(data_);
  data_ = nullptr;
  size_ = 0;
  capacity_ = 0;
}

std::string TransactionBuffer::SpillDir() const { return spill_dir_.empty() ? std::string(".") : spill_dir_; }

Status TransactionBuffer::OpenSpillFile() {
  if (fd_ >= 0) return Status::OK();
  const std::string dir = SpillDir();
#ifdef O_TMPFILE
  // An anonymous file in the directory: it has no name, so it vanishes with the process.
  fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
  if (fd_ < 0) {
    // File systems without O_TMPFILE: a named file, unlinked at once.
    std::string path = dir + "/lakefeed-spill-XXXXXX";
    fd_ = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(path.c_str());
  }
  if (fd_ < 0) return Status::IOError("cannot create a transaction spill file in " + dir, ErrnoText());
  return Status::OK();
}

Status TransactionBuffer::Spill() {
  if (size_ > 0) {
    CDC_RETURN_IF_ERROR(OpenSpillFile());
    CDC_RETURN_IF_ERROR(WriteAll(fd_, data_, size_, disk_bytes_, SpillDir()));
    disk_bytes_ += size_;
  }
  FreeMemory();
  return Status::OK();
}

Result<uint8_t*> TransactionBuffer::Reserve(size_t bytes) {
  if (size_ > 0 && size_ + bytes > memory_limit_) {
    // The memory part goes to disk as it is (records stay whole); its capacity is kept for reuse.
    CDC_RETURN_IF_ERROR(OpenSpillFile());
    CDC_RETURN_IF_ERROR(WriteAll(fd_, data_, size_, disk_bytes_, SpillDir()));
    disk_bytes_ += size_;
    size_ = 0;
  }
  if (size_ + bytes > capacity_) {
    size_t grown = std::max(capacity_ * 2, kInitialCapacity);
    grown = static_cast<size_t>(std::min<uint64_t>(grown, memory_limit_));
    const size_t capacity = std::max(size_ + bytes, grown);
    auto* data = static_cast<uint8_t*>(std::realloc(data_, capacity));
    if (data == nullptr) {
      return Status::IOError("transaction buffer", "out of memory growing to " + std::to_string(capacity) + " bytes");
    }
    data_ = data;
    capacity_ = capacity;
  }
  uint8_t* out = data_ + size_;
  size_ += bytes;
  return out;
}

uint32_t TransactionBuffer::TableIndex(const model::TableSchemaPtr& schema) {
  if (last_table_ < tables_.size() && tables_[last_table_] == schema) return last_table_;
  for (size_t table_idx = tables_.size(); table_idx-- > 0;) {
    if (tables_[table_idx] == schema) {
      last_table_ = static_cast<uint32_t>(table_idx);
      return last_table_;
    }
  }
  tables_.push_back(schema);
  last_table_ = static_cast<uint32_t>(tables_.size() - 1);
  return last_table_;
}

Status TransactionBuffer::AppendRows(const model::ChangeBatch& rows) {
  if (rows.empty()) return Status::OK();
  const model::TableSchema& schema = rows.schema();
  const uint32_t image_count = rows.image_count();
  const size_t column_count = rows.column_count();
  if (column_count != schema.columns.size()) {
    return Status::InvalidArgument("transaction buffer", "batch column count differs from its schema");
  }
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    if (rows.column(column_idx).size() != image_count) {
      return Status::InvalidArgument("transaction buffer", "batch holds a half-written image");
    }
  }

  // Which updates change the primary key: each becomes two changes.
  const std::vector<model::RowChange>& changes = rows.changes();
  split_.assign(changes.size(), 0);
  size_t change_count = changes.size();
  if (!schema.primary_key.empty()) {
    for (size_t change_idx = 0; change_idx < changes.size(); ++change_idx) {
      const model::RowChange& change = changes[change_idx];
      if (change.op == model::ChangeOp::kUpdate && change.before != model::RowChange::kNoImage &&
          change.after != model::RowChange::kNoImage &&
          KeyChanged(rows, schema.primary_key, change.before, change.after)) {
        split_[change_idx] = 1;
        ++change_count;
      }
    }
  }

  size_t size = sizeof(RecordHeader);
  for (const model::ChangeOrigin& origin : rows.origins()) {
    size += kOriginFixedBytes + origin.position.file.size() + origin.position.gtid.size();
  }
  size += change_count * sizeof(model::RowChange);
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    size += image_count * (1 + sizeof(uint64_t));
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      size += sizeof(uint64_t) + (image_count == 0 ? 0 : rows.column(column_idx).slot(image_count - 1));
    }
  }

  const uint32_t table = TableIndex(rows.schema_ptr());
  CDC_ASSIGN_OR_RETURN(uint8_t* p, Reserve(size));
  RecordHeader header;
  header.size = size;
  header.kind = kRowsRecord;
  header.table = table;
  header.image_count = image_count;
  header.change_count = static_cast<uint32_t>(change_count);
  header.origin_count = static_cast<uint32_t>(rows.origins().size());
  header.column_count = static_cast<uint32_t>(column_count);
  p = Put(p, header);
  for (const model::ChangeOrigin& origin : rows.origins()) {
    p = Put(p, origin.position.offset);
    p = Put(p, origin.end_log_pos);
    p = Put(p, origin.timestamp);
    p = Put(p, static_cast<uint32_t>(origin.position.file.size()));
    p = Put(p, static_cast<uint32_t>(origin.position.gtid.size()));
    p = PutBytes(p, origin.position.file);
    p = PutBytes(p, origin.position.gtid);
  }
  for (size_t change_idx = 0; change_idx < changes.size(); ++change_idx) {
    const model::RowChange& change = changes[change_idx];
    if (split_[change_idx] == 0) {
      p = Put(p, change);
      continue;
    }
    p = Put(p, model::RowChange{model::ChangeOp::kDelete, change.before, model::RowChange::kNoImage, change.origin});
    p = Put(p, model::RowChange{model::ChangeOp::kInsert, model::RowChange::kNoImage, change.after, change.origin});
  }
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    const model::ColumnVector& column = rows.column(column_idx);
    for (uint32_t image_idx = 0; image_idx < image_count; ++image_idx) {
      *p++ = static_cast<uint8_t>(column.state(image_idx));
    }
    for (uint32_t image_idx = 0; image_idx < image_count; ++image_idx) p = Put(p, column.slot(image_idx));
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      // The cells' bytes are contiguous in the column: cell 0 starts the buffer, the last cell's
      // end offset is its length.
      const uint64_t blob_size = image_count == 0 ? 0 : column.slot(image_count - 1);
      p = Put(p, blob_size);
      if (blob_size > 0) p = PutBytes(p, std::string_view(column.bytes(0).data(), blob_size));
    }
  }
  ++record_count_;
  change_count_ += change_count;
  return Status::OK();
}

Status TransactionBuffer::AppendDdl(std::string_view database, std::string_view sql,
                                    const model::SourcePosition& position) {
  const size_t size =
      sizeof(RecordHeader) + kDdlFixedBytes + position.file.size() + position.gtid.size() + database.size() + sql.size();
  CDC_ASSIGN_OR_RETURN(uint8_t* p, Reserve(size));
  RecordHeader header;
  header.size = size;
  header.kind = kDdlRecord;
  p = Put(p, header);
  p = Put(p, position.offset);
  p = Put(p, static_cast<uint32_t>(position.file.size()));
  p = Put(p, static_cast<uint32_t>(position.gtid.size()));
  p = Put(p, static_cast<uint32_t>(database.size()));
  p = Put(p, static_cast<uint32_t>(sql.size()));
  p = PutBytes(p, position.file);
  p = PutBytes(p, position.gtid);
  p = PutBytes(p, database);
  PutBytes(p, sql);
  ++record_count_;
  ++ddl_count_;
  return Status::OK();
}

Status TransactionBuffer::Clear() {
  size_ = 0;
  tables_.clear();
  last_table_ = UINT32_MAX;
  record_count_ = 0;
  change_count_ = 0;
  ddl_count_ = 0;
  if (disk_bytes_ > 0) {
    disk_bytes_ = 0;
    if (::ftruncate(fd_, 0) != 0) return Status::IOError("transaction spill file: truncate failed", ErrnoText());
  }
  return Status::OK();
}

Status TransactionBuffer::RollbackTo(const Mark& mark) {
  if (mark.bytes >= disk_bytes_) {
    // The mark lies in the memory part (records are only ever spilled whole, from its start).
    size_ = static_cast<size_t>(std::min<uint64_t>(mark.bytes - disk_bytes_, size_));
  } else {
    if (::ftruncate(fd_, static_cast<off_t>(mark.bytes)) != 0) {
      return Status::IOError("transaction spill file: truncate failed", ErrnoText());
    }
    disk_bytes_ = mark.bytes;
    size_ = 0;
  }
  record_count_ = mark.records;
  change_count_ = mark.changes;
  ddl_count_ = mark.ddls;
  return Status::OK();
}

Status TransactionBuffer::FlushBatch(ReplayTarget* target) {
  if (batch_ == nullptr || batch_->empty()) return Status::OK();
  CDC_RETURN_IF_ERROR(target->OnRows(*batch_));
  batch_->Clear();
  std::fill(origin_map_.begin(), origin_map_.end(), UINT32_MAX);  // the batch's origins are gone
  return Status::OK();
}

Status TransactionBuffer::ReplayRecord(const uint8_t* record, size_t size, uint32_t batch_rows, BatchPool* pool,
                                       ReplayTarget* target) {
  const RecordHeader header = Load<RecordHeader>(record);
  const uint8_t* p = record + sizeof(RecordHeader);
  if (header.kind == kDdlRecord) {
    CDC_RETURN_IF_ERROR(FlushBatch(target));
    model::SourcePosition position;
    position.offset = Load<uint64_t>(p);
    const uint32_t file_size = Load<uint32_t>(p + 8);
    const uint32_t gtid_size = Load<uint32_t>(p + 12);
    const uint32_t database_size = Load<uint32_t>(p + 16);
    const uint32_t sql_size = Load<uint32_t>(p + 20);
    const char* text = reinterpret_cast<const char*>(p + kDdlFixedBytes);
    position.file.assign(text, file_size);
    position.gtid.assign(text + file_size, gtid_size);
    std::string_view database(text + file_size + gtid_size, database_size);
    std::string_view sql(text + file_size + gtid_size + database_size, sql_size);
    return target->OnDdl(database, sql, position);
  }
  if (header.kind != kRowsRecord || header.table >= tables_.size()) {
    return Status::Corruption("transaction spill file", "unknown record");
  }

  if (batch_ != nullptr && batch_table_ != header.table) {
    CDC_RETURN_IF_ERROR(FlushBatch(target));
    batch_ = nullptr;
  }
  if (batch_ == nullptr) {
    batch_ = pool->Get(tables_[header.table]);
    batch_table_ = header.table;
  }
  const model::TableSchema& schema = *tables_[header.table];
  if (header.column_count != batch_->column_count() || header.column_count != schema.columns.size()) {
    return Status::Corruption("transaction spill file", "column count differs from the table's");
  }

  // Origins are added to the batch when a change first refers to them.
  origin_at_.clear();
  for (uint32_t origin_idx = 0; origin_idx < header.origin_count; ++origin_idx) {
    origin_at_.push_back(p);
    p += kOriginFixedBytes + Load<uint32_t>(p + 20) + Load<uint32_t>(p + 24);
  }
  const uint8_t* changes = p;
  p += size_t{header.change_count} * sizeof(model::RowChange);
  columns_.resize(header.column_count);
  for (uint32_t column_idx = 0; column_idx < header.column_count; ++column_idx) {
    ColumnView& view = columns_[column_idx];
    view.states = p;
    p += header.image_count;
    view.slots = p;
    p += size_t{header.image_count} * sizeof(uint64_t);
    view.blob = nullptr;
    if (model::IsBytesKind(schema.columns[column_idx].kind)) {
      const uint64_t blob_size = Load<uint64_t>(p);
      p += sizeof(uint64_t);
      view.blob = reinterpret_cast<const char*>(p);
      p += blob_size;
    }
  }
  if (static_cast<size_t>(p - record) != size) {
    return Status::Corruption("transaction spill file", "record length differs from its contents");
  }

  origin_map_.assign(header.origin_count, UINT32_MAX);
  auto copy_image = [&](uint32_t image) {
    for (uint32_t column_idx = 0; column_idx < header.column_count; ++column_idx) {
      const ColumnView& view = columns_[column_idx];
      model::ColumnVector& out = batch_->column(column_idx);
      switch (static_cast<model::CellState>(view.states[image])) {
        case model::CellState::kValue: {
          const uint64_t end = Load<uint64_t>(view.slots + size_t{image} * 8);
          if (view.blob == nullptr) {
            out.AppendSlot(end);
          } else {
            const uint64_t begin = image == 0 ? 0 : Load<uint64_t>(view.slots + (size_t{image} - 1) * 8);
            out.AppendBytes(std::string_view(view.blob + begin, end - begin));
          }
          break;
        }
        case model::CellState::kNull:
          out.AppendNull();
          break;
        case model::CellState::kAbsent:
          out.AppendAbsent();
          break;
      }
    }
    return batch_->FinishImage();
  };

  for (uint32_t change_idx = 0; change_idx < header.change_count; ++change_idx) {
    if (batch_->size() >= batch_rows) CDC_RETURN_IF_ERROR(FlushBatch(target));
    model::RowChange change = Load<model::RowChange>(changes + size_t{change_idx} * sizeof(model::RowChange));
    if (change.origin >= header.origin_count) return Status::Corruption("transaction spill file", "bad origin");
    uint32_t& origin = origin_map_[change.origin];
    if (origin == UINT32_MAX) {
      const uint8_t* at = origin_at_[change.origin];
      model::ChangeOrigin decoded;
      decoded.position.offset = Load<uint64_t>(at);
      decoded.end_log_pos = Load<uint64_t>(at + 8);
      decoded.timestamp = Load<uint32_t>(at + 16);
      const uint32_t file_size = Load<uint32_t>(at + 20);
      const uint32_t gtid_size = Load<uint32_t>(at + 24);
      const char* text = reinterpret_cast<const char*>(at + kOriginFixedBytes);
      decoded.position.file.assign(text, file_size);
      decoded.position.gtid.assign(text + file_size, gtid_size);
      origin = batch_->AddOrigin(std::move(decoded));
    }
    change.origin = origin;
    if (change.before != model::RowChange::kNoImage) change.before = copy_image(change.before);
    if (change.after != model::RowChange::kNoImage) change.after = copy_image(change.after);
    batch_->AddChange(change);
  }
  return Status::OK();
}

Status TransactionBuffer::Replay(uint32_t batch_rows, BatchPool* pool, ReplayTarget* target) {
  batch_rows = std::max<uint32_t>(batch_rows, 1);
  batch_ = nullptr;
  batch_table_ = UINT32_MAX;

  // The spilled part first: records are read through a window that slides over the file.
  if (disk_bytes_ > 0) {
    if (read_buffer_.size() < kReadChunk) read_buffer_.resize(kReadChunk);
    uint64_t file_pos = 0;  // next byte to read from the file
    size_t begin = 0;       // first unconsumed byte in read_buffer_
    size_t end = 0;         // end of the bytes read into read_buffer_
    auto fill = [&](size_t need) -> Status {
      // Makes read_buffer_[begin, begin + need) valid.
      if (end - begin >= need) return Status::OK();
      if (disk_bytes_ - file_pos < need - (end - begin)) {
        return Status::Corruption("transaction spill file", "ends inside a record");
      }
      std::memmove(read_buffer_.data(), read_buffer_.data() + begin, end - begin);
      end -= begin;
      begin = 0;
      if (read_buffer_.size() < need) read_buffer_.resize(need);
      const size_t want =
          static_cast<size_t>(std::min<uint64_t>(read_buffer_.size() - end, disk_bytes_ - file_pos));
      CDC_RETURN_IF_ERROR(ReadAll(fd_, read_buffer_.data() + end, want, file_pos));
      file_pos += want;
      end += want;
      return Status::OK();
    };
    while (file_pos < disk_bytes_ || begin < end) {
      CDC_RETURN_IF_ERROR(fill(sizeof(RecordHeader)));
      const auto header = Load<RecordHeader>(read_buffer_.data() + begin);
      if (header.size < sizeof(RecordHeader)) return Status::Corruption("transaction spill file", "bad record size");
      CDC_RETURN_IF_ERROR(fill(static_cast<size_t>(header.size)));
      CDC_RETURN_IF_ERROR(
          ReplayRecord(read_buffer_.data() + begin, static_cast<size_t>(header.size), batch_rows, pool, target));
      begin += static_cast<size_t>(header.size);
    }
    // A huge record grew the window: give that memory back.
    if (read_buffer_.size() > kReadChunk) {
      read_buffer_.resize(kReadChunk);
      read_buffer_.shrink_to_fit();
    }
  }

  // Then the records still in memory.
  size_t pos = 0;
  while (pos < size_) {
    const auto header = Load<RecordHeader>(data_ + pos);
    CDC_RETURN_IF_ERROR(ReplayRecord(data_ + pos, static_cast<size_t>(header.size), batch_rows, pool, target));
    pos += static_cast<size_t>(header.size);
  }
  Status status = FlushBatch(target);
  batch_ = nullptr;
  return status;
}

}  // namespace cdc::capture
