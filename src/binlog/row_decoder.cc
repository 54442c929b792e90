#include "binlog/row_decoder.h"

#include <zlib.h>

#include <cstring>
#include <deque>
#include <string>

#include "binlog/charset.h"
#include "binlog/decimal.h"
#include "binlog/json_binary.h"
#include "binlog/json_diff.h"
#include "binlog/table_map.h"
#include "binlog/temporal.h"

namespace cdc::binlog {

using model::CellState;
using model::ChangeBatch;
using model::ColumnVector;
using model::FieldType;
using model::RowChange;
using model::ValueKind;

namespace {

constexpr size_t kUuidBytes = 16;  // also the size of an INET6 value
constexpr size_t kInet4Bytes = 4;
// MariaDB column compression (sql/field.cc Field_longstr::compress, sql/field_comp.cc): the header
// byte's high nibble is the method, 0 = stored as-is, 8 = zlib.
constexpr uint8_t kCompressionRaw = 0x00;
constexpr uint8_t kCompressionZlib = 8;
constexpr uint8_t kZlibLengthBytesMask = 0x07;  // bytes of the big-endian original length
constexpr uint8_t kZlibNoWrapper = 0x08;        // raw deflate (column_compression_zlib_wrap=OFF)
// Deflate cannot expand data by more than 1032:1 (a 258-byte match in 2 bits); a larger declared
// length is corrupt and is rejected before the buffer grows.
constexpr uint64_t kMaxDeflateRatio = 1032;
// Total size of the cached rows' values, besides the row count limit.
constexpr size_t kRowCacheByteBudget = size_t{64} << 20;

inline uint64_t LoadLE(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v |= uint64_t{p[i]} << (8 * i);
  return v;
}

inline uint64_t LoadBE(const uint8_t* p, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = (v << 8) | p[i];
  return v;
}

inline uint64_t SignExtend(uint64_t v, unsigned bits) {
  uint64_t sign = uint64_t{1} << (bits - 1);
  return (v ^ sign) - sign;
}

inline bool IsAscii(const uint8_t* p, size_t n) {
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, p + i, 8);
    acc |= word;
  }
  for (; i < n; ++i) acc |= p[i];
  return (acc & 0x8080808080808080ull) == 0;
}

std::string HexByte(uint8_t byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return {kDigits[byte >> 4], kDigits[byte & 0x0f]};
}

bool IsAsciiCompatibleCollation(uint16_t collation) {
  const CharsetInfo* info = FindCollation(collation);
  if (info == nullptr) {
    // MariaDB's uca1400 ids (2048..) are utf8mb3/utf8mb4/ucs2/utf16/utf32 blocks; let
    // AppendUtf8 decide every value.
    return false;
  }
  std::string_view cs = info->charset_name;
  return !(cs == "ucs2" || cs == "utf16" || cs == "utf16le" || cs == "utf32");
}

// MariaDB UUID (plugin/type_uuid/sql_type_uuid.h): the binlog carries the in-memory (RFC 4122
// text order) form, converted from the record by UUID::pack. Servers whose pack copied the
// record as-is sent UUIDs v1-v5 with their segments swapped for index order
// (node-clock-version_hi-mid-low). Such bytes are recognisable exactly as MariaDB's
// rec_need_swap does (`s[6] & -s[8] & 0x80` on signed chars): byte 6 has its high bit set (a
// variant byte) while byte 8 is 0x01..0x80 (a version byte) -- a combination MariaDB refuses for
// a UUID in memory order (ascii_to_fbt). Only UUIDs of the NCS variant (byte 8 < 0x80 in memory
// order) sent swapped by such an old server would be misread; RFC 4122 UUIDs never are.
void NormalizeUuid(uint8_t* u) {
  bool swapped = (u[6] & 0x80) != 0 && u[8] >= 0x01 && u[8] <= 0x80;
  if (!swapped) return;
  uint8_t rec[kUuidBytes];
  std::memcpy(rec, u, kUuidBytes);
  // record -> memory: low(4)@12, mid(2)@10, version_hi(2)@8, variant_clock(2)@6, node(6)@0.
  std::memcpy(u + 0, rec + 12, 4);
  std::memcpy(u + 4, rec + 10, 2);
  std::memcpy(u + 6, rec + 8, 2);
  std::memcpy(u + 8, rec + 6, 2);
  std::memcpy(u + 10, rec + 0, 6);
}

RowDecoder::ColumnOp PrepareOp(const model::ColumnSchema& column) {
  using Op = RowDecoder::Op;
  RowDecoder::ColumnOp op;
  op.collation = column.collation;
  const uint16_t meta = column.meta;
  auto fixed = [&](Op o, uint8_t width) {
    op.op = o;
    op.width = width;
  };
  auto lengthed = [&](uint8_t length_bytes) {
    if (length_bytes < 1 || length_bytes > 4) {
      op.op = Op::kUnsupported;
      return false;
    }
    op.length_bytes = length_bytes;
    return true;
  };
  // Character data: converted to UTF-8 unless the collation is binary or unknown.
  auto text_op = [&]() {
    if (column.collation == 0) {
      op.op = Op::kStringUtf8;
    } else if (column.collation == model::kBinaryCollation) {
      op.op = Op::kBytes;
    } else {
      op.op = Op::kStringConvert;
      op.ascii_compatible = IsAsciiCompatibleCollation(column.collation);
    }
  };
  // The same for MariaDB's compressed columns, whose values are decompressed first.
  auto compressed_text_op = [&]() {
    text_op();
    op.op = op.op == Op::kStringUtf8 ? Op::kCompressedUtf8
            : op.op == Op::kBytes    ? Op::kCompressedBytes
                                     : Op::kCompressedConvert;
  };
  switch (column.type) {
    case FieldType::kTiny: fixed(column.is_unsigned ? Op::kUInt8 : Op::kInt8, 1); break;
    case FieldType::kShort: fixed(column.is_unsigned ? Op::kUInt16 : Op::kInt16, 2); break;
    case FieldType::kInt24: fixed(column.is_unsigned ? Op::kUInt24 : Op::kInt24, 3); break;
    case FieldType::kLong: fixed(column.is_unsigned ? Op::kUInt32 : Op::kInt32, 4); break;
    case FieldType::kLongLong: fixed(column.is_unsigned ? Op::kUInt64 : Op::kInt64, 8); break;
    case FieldType::kFloat: fixed(Op::kFloat, 4); break;
    case FieldType::kDouble: fixed(Op::kDouble, 8); break;
    case FieldType::kYear: fixed(Op::kYear, 1); break;
    case FieldType::kNewDecimal: {
      int precision = meta >> 8, scale = meta & 0xff;
      size_t size = DecimalBinarySize(precision, scale);
      if (size == 0) {
        op.op = Op::kUnsupported;
      } else {
        fixed(Op::kDecimal, static_cast<uint8_t>(size));
        op.precision = static_cast<uint8_t>(precision);
        op.scale = static_cast<uint8_t>(scale);
      }
      break;
    }
    case FieldType::kBit: {
      // meta = (whole bytes << 8) | (bits % 8); Field_bit::pack writes (bits + 7) / 8 bytes.
      unsigned bits = (meta >> 8) * 8u + (meta & 0xff);
      if (bits < 1 || bits > 64 || (meta & 0xff) > 7) {
        op.op = Op::kUnsupported;
      } else {
        fixed(Op::kBit, static_cast<uint8_t>((bits + 7) / 8));
      }
      break;
    }
    case FieldType::kDate:
    case FieldType::kNewDate: fixed(Op::kDate, 3); break;
    case FieldType::kTime: fixed(Op::kTimeOld, 3); break;
    case FieldType::kDateTime: fixed(Op::kDateTimeOld, 8); break;
    case FieldType::kTimestamp: fixed(Op::kTimestampOld, 4); break;
    case FieldType::kTime2:
    case FieldType::kDateTime2:
    case FieldType::kTimestamp2: {
      if (meta > static_cast<uint16_t>(kMaxFsp)) {
        op.op = Op::kUnsupported;
        break;
      }
      int fsp = meta;
      op.precision = static_cast<uint8_t>(fsp);
      if (column.type == FieldType::kTime2) fixed(Op::kTime2, static_cast<uint8_t>(Time2Size(fsp)));
      if (column.type == FieldType::kDateTime2) fixed(Op::kDateTime2, static_cast<uint8_t>(DateTime2Size(fsp)));
      if (column.type == FieldType::kTimestamp2) fixed(Op::kTimestamp2, static_cast<uint8_t>(Timestamp2Size(fsp)));
      break;
    }
    case FieldType::kEnum: {
      uint8_t width = meta & 0xff;  // Field_enum pack length: 1 or 2
      if (width == 1 || width == 2) {
        fixed(Op::kEnum, width);
      } else {
        op.op = Op::kUnsupported;
      }
      break;
    }
    case FieldType::kSet: {
      uint8_t width = meta & 0xff;  // Field_set pack length: 1..8
      if (width >= 1 && width <= 8) {
        fixed(Op::kSet, width);
      } else {
        op.op = Op::kUnsupported;
      }
      break;
    }
    case FieldType::kString: {
      // Field_string::pack: a 1-byte length when the maximum is below 256, else 2 bytes.
      op.max_length = StringMaxLength(meta);
      op.length_bytes = op.max_length > 255 ? 2 : 1;
      switch (column.kind) {
        case ValueKind::kUuid: op.op = Op::kUuid; break;
        case ValueKind::kInet4: op.op = Op::kInet4; break;
        case ValueKind::kInet6: op.op = Op::kInet6; break;
        default:
          text_op();
          // BINARY(n) is padded with 0x00 to n bytes in the record; give SELECT's value back.
          op.pad_binary = column.collation == model::kBinaryCollation;
          break;
      }
      break;
    }
    case FieldType::kVarchar:
    case FieldType::kVarString:
      // Field_varstring: length_bytes = 1 when the maximum byte length is below 256.
      op.max_length = meta;
      op.length_bytes = meta > 255 ? 2 : 1;
      text_op();
      break;
    case FieldType::kTinyBlob:
    case FieldType::kMediumBlob:
    case FieldType::kLongBlob:
    case FieldType::kBlob:
      if (lengthed(static_cast<uint8_t>(meta))) text_op();
      break;
    case FieldType::kJson:
      if (lengthed(static_cast<uint8_t>(meta))) op.op = Op::kJson;
      break;
    case FieldType::kVarcharCompressed:
      // Field_varstring_compressed packs like Field_varstring; the maximum (meta) counts the
      // compression header byte and also bounds the original length (uncompress_zlib checks
      // it against field_length).
      op.max_length = meta;
      op.length_bytes = meta > 255 ? 2 : 1;
      compressed_text_op();
      break;
    case FieldType::kBlobCompressed:
      if (lengthed(static_cast<uint8_t>(meta))) compressed_text_op();
      break;
    case FieldType::kGeometry:
    case FieldType::kVector:
      if (lengthed(static_cast<uint8_t>(meta))) op.op = Op::kBytes;
      op.float_array = column.type == FieldType::kVector;
      break;
    case FieldType::kDecimal:
    case FieldType::kNull:
    case FieldType::kTypedArray:
    case FieldType::kInvalid:
    case FieldType::kBool: op.op = Op::kUnsupported; break;
  }
  return op;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The partial-JSON base cache.

struct RowDecoder::CachedRow {
  std::vector<CellState> states;
  std::vector<uint64_t> slots;
  std::vector<std::string> bytes;
  size_t footprint = 0;
};

// Recent full rows of one table with JSON columns, newest last. Bounded by kRowCacheCapacity
// rows and kRowCacheByteBudget bytes; the oldest rows are dropped first.
class RowDecoder::RowCache {
 public:
  explicit RowCache(const model::TableSchema& schema) {
    for (const model::ColumnSchema& column : schema.columns) {
      bytes_kind_.push_back(model::IsBytesKind(column.kind));
      json_.push_back(column.type == FieldType::kJson);
    }
  }

  // The newest row whose known cells equal every present cell of image `cell`, or nullptr.
  const CachedRow* Find(const ChangeBatch& batch, uint32_t cell) const {
    size_t index = FindIndex(batch, cell);
    return index == kNone ? nullptr : &rows_[index];
  }

  // Keeps the cache in step with one decoded row change.
  void Apply(const RowChange& change, const ChangeBatch& batch) {
    switch (change.op) {
      case model::ChangeOp::kInsert: Remember(batch, RowChange::kNoImage, change.after); break;
      case model::ChangeOp::kUpdate: {
        size_t index = FindIndex(batch, change.before);
        if (index != kNone) {
          CachedRow row = std::move(rows_[index]);
          bytes_ -= row.footprint;
          rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(index));
          Overlay(batch, change.after, &row);
          Push(std::move(row));
        } else {
          Remember(batch, change.before, change.after);
        }
        break;
      }
      case model::ChangeOp::kDelete: {
        size_t index = FindIndex(batch, change.before);
        if (index != kNone) {
          bytes_ -= rows_[index].footprint;
          rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(index));
        }
        break;
      }
    }
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;

  size_t FindIndex(const ChangeBatch& batch, uint32_t cell) const {
    if (cell == RowChange::kNoImage) return kNone;
    for (size_t i = rows_.size(); i-- > 0;) {
      if (Matches(rows_[i], batch, cell)) return i;
    }
    return kNone;
  }

  bool Matches(const CachedRow& row, const ChangeBatch& batch, uint32_t cell) const {
    bool any = false;
    for (size_t column_idx = 0; column_idx < row.states.size(); ++column_idx) {
      const ColumnVector& column = batch.column(column_idx);
      CellState state = column.state(cell);
      if (state == CellState::kAbsent) continue;
      any = true;
      if (row.states[column_idx] != state) return false;
      if (state != CellState::kValue) continue;
      if (bytes_kind_[column_idx]) {
        if (row.bytes[column_idx] != column.bytes(cell)) return false;
      } else if (row.slots[column_idx] != column.slot(cell)) {
        return false;
      }
    }
    return any;
  }

  void Overlay(const ChangeBatch& batch, uint32_t cell, CachedRow* row) const {
    if (cell == RowChange::kNoImage) return;
    for (size_t column_idx = 0; column_idx < row->states.size(); ++column_idx) {
      const ColumnVector& column = batch.column(column_idx);
      CellState state = column.state(cell);
      if (state == CellState::kAbsent) continue;
      row->states[column_idx] = state;
      row->footprint -= row->bytes[column_idx].size();
      row->bytes[column_idx].clear();
      row->slots[column_idx] = 0;
      if (state != CellState::kValue) continue;
      if (bytes_kind_[column_idx]) {
        row->bytes[column_idx].assign(column.bytes(cell));
        row->footprint += row->bytes[column_idx].size();
      } else {
        row->slots[column_idx] = column.slot(cell);
      }
    }
  }

  // Stores the row made of `first` overlaid with `second`, if it knows every JSON column.
  void Remember(const ChangeBatch& batch, uint32_t first, uint32_t second) {
    CachedRow row;
    size_t columns = bytes_kind_.size();
    row.states.assign(columns, CellState::kAbsent);
    row.slots.assign(columns, 0);
    row.bytes.resize(columns);
    row.footprint = sizeof(CachedRow) + columns * (sizeof(CellState) + sizeof(uint64_t) + sizeof(std::string));
    Overlay(batch, first, &row);
    Overlay(batch, second, &row);
    for (size_t column_idx = 0; column_idx < columns; ++column_idx) {
      if (json_[column_idx] && row.states[column_idx] == CellState::kAbsent) return;
    }
    Push(std::move(row));
  }

  void Push(CachedRow row) {
    bytes_ += row.footprint;
    rows_.push_back(std::move(row));
    while (!rows_.empty() && (rows_.size() > kRowCacheCapacity || bytes_ > kRowCacheByteBudget)) {
      bytes_ -= rows_.front().footprint;
      rows_.pop_front();
    }
  }

  std::vector<bool> bytes_kind_;
  std::vector<bool> json_;
  std::deque<CachedRow> rows_;
  size_t bytes_ = 0;
};

// ---------------------------------------------------------------------------------------------
// zlib for MariaDB's compressed columns.

// One zlib inflate stream, initialised on first use and reset for every value, so that
// decompressing a value allocates nothing (zlib keeps its state and window across resets, as
// both wrapper kinds use a 32 KiB window).
class RowDecoder::Inflater {
 public:
  Inflater() = default;
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() {
    if (initialized_) inflateEnd(&stream_);
  }

  // Inflates `in` (a zlib stream, or raw deflate when `raw_deflate`) into exactly `out_size`
  // bytes at `out`. Returns "" on success, else what is wrong with the data.
  std::string Inflate(ByteView in, bool raw_deflate, uint8_t* out, size_t out_size) {
    const int window_bits = raw_deflate ? -MAX_WBITS : MAX_WBITS;
    if (!initialized_) {
      if (inflateInit2(&stream_, window_bits) != Z_OK) return "zlib cannot start (out of memory)";
      initialized_ = true;
    } else if (inflateReset2(&stream_, window_bits) != Z_OK) {
      return "zlib cannot reset its stream";
    }
    static const uint8_t kNoInput = 0;
    stream_.next_in = const_cast<Bytef*>(in.empty() ? &kNoInput : in.data());
    stream_.avail_in = static_cast<uInt>(in.size());
    stream_.next_out = out;
    stream_.avail_out = static_cast<uInt>(out_size);
    const int result = inflate(&stream_, Z_FINISH);
    if (result == Z_STREAM_END) {
      if (stream_.avail_out != 0) {
        return "zlib data inflates to " + std::to_string(out_size - stream_.avail_out) +
               " bytes, not the declared " + std::to_string(out_size);
      }
      if (stream_.avail_in != 0) {
        return std::to_string(stream_.avail_in) + " bytes follow the end of the zlib data";
      }
      return {};
    }
    if (result == Z_BUF_ERROR) {
      return stream_.avail_out == 0
                 ? "zlib data does not end within the declared " + std::to_string(out_size) + " bytes"
                 : "zlib data is truncated";
    }
    if (result == Z_NEED_DICT) return "zlib data needs a preset dictionary";
    std::string message = "corrupt zlib data";
    if (stream_.msg != nullptr) message += std::string(": ") + stream_.msg;
    return message;
  }

 private:
  z_stream stream_{};
  bool initialized_ = false;
};

// ---------------------------------------------------------------------------------------------

RowDecoder::RowDecoder(model::TableSchemaPtr schema) : schema_(std::move(schema)) {
  ops_.reserve(schema_->columns.size());
  bool has_compressed = false;
  for (const model::ColumnSchema& column : schema_->columns) {
    ops_.push_back(PrepareOp(column));
    const Op op = ops_.back().op;
    if (op == Op::kJson) ++json_column_count_;
    has_compressed |= op == Op::kCompressedUtf8 || op == Op::kCompressedConvert || op == Op::kCompressedBytes;
  }
  if (json_column_count_ > 0) cache_ = std::make_unique<RowCache>(*schema_);
  if (has_compressed) inflater_ = std::make_unique<Inflater>();
}

RowDecoder::~RowDecoder() = default;

std::string RowDecoder::TableName() const {
  return "`" + schema_->schema_name + "`.`" + schema_->table_name + "`";
}

Status RowDecoder::ColumnError(size_t column_idx, std::string_view detail) const {
  const model::ColumnSchema& column = schema_->columns[column_idx];
  std::string where = "table " + TableName() + " column ";
  if (column.name.empty()) {
    where += "@" + std::to_string(column_idx + 1);
  } else {
    where += "`" + column.name + "` (@" + std::to_string(column_idx + 1) + ")";
  }
  where += " ";
  where += model::ToString(column.type);
  return Status::Corruption(where, detail);
}

Status RowDecoder::Decode(const RowsEventHeader& header, ByteView row_data, const model::ChangeOrigin& origin,
                          ChangeBatch* out) {
  if (out->column_count() != ops_.size()) {
    return Status::InvalidArgument("RowDecoder::Decode", "the batch was built for another schema of table " +
                                                             TableName());
  }
  if (header.column_count != ops_.size()) {
    return Status::Corruption("rows event for table " + TableName(),
                              "has " + std::to_string(header.column_count) + " columns, its TABLE_MAP " +
                                  std::to_string(ops_.size()));
  }
  const size_t before_null_bytes = header.has_before() ? (header.before_columns.CountSet() + 7) / 8 : 0;
  const size_t after_null_bytes = header.has_after() ? (header.after_columns.CountSet() + 7) / 8 : 0;
  const uint32_t origin_idx = out->AddOrigin(origin);
  Cursor in{row_data.data(), row_data.data() + row_data.size()};
  while (in.p < in.end) {
    const uint8_t* row_start = in.p;
    RowChange change;
    change.op = header.op;
    change.origin = origin_idx;
    uint32_t next_cell = out->image_count();
    Status status;
    if (header.has_before()) {
      change.before = next_cell++;
      status = DecodeImage(in, header.before_columns, before_null_bytes, false, RowChange::kNoImage, out);
    }
    if (status.ok() && header.has_after()) {
      change.after = next_cell++;
      status = DecodeImage(in, header.after_columns, after_null_bytes, header.partial, change.before, out);
    }
    if (status.ok() && in.p == row_start) {
      // Images without columns take no bytes; such a row would repeat forever. Servers log an
      // empty after image as an event without rows ("INSERT ... VALUES ()").
      status = Status::Corruption("rows event for table " + TableName(), "a row with no columns in its images");
    }
    if (!status.ok()) {
      out->AbandonImage();
      return status;
    }
    if (change.before != RowChange::kNoImage) out->FinishImage();
    if (change.after != RowChange::kNoImage) out->FinishImage();
    out->AddChange(change);
    if (cache_) cache_->Apply(change, *out);
  }
  return Status::OK();
}

Status RowDecoder::DecodeImage(Cursor& in, const ColumnBitmap& present, size_t null_bytes, bool partial_after,
                               uint32_t before_cell, ChangeBatch* out) {
  const size_t column_count = ops_.size();
  // PARTIAL_UPDATE_ROWS after image (MySQL rpl_record.cc pack_row / log_event.cc
  // print_verbose_one_row): value_options, then one bit per JSON column of the table.
  const uint8_t* partial_bits = nullptr;
  if (partial_after) {
    ByteReader reader(ByteView(in.p, static_cast<size_t>(in.end - in.p)));
    uint64_t value_options;
    if (!reader.ReadPackedInt(&value_options)) {
      return Status::Corruption("PARTIAL_UPDATE_ROWS for table " + TableName(), "truncated value_options");
    }
    in.p = reader.current();
    if ((value_options & kRowValueOptionPartialJson) != 0) {
      size_t partial_bytes = (json_column_count_ + 7) / 8;
      if (static_cast<size_t>(in.end - in.p) < partial_bytes) {
        return Status::Corruption("PARTIAL_UPDATE_ROWS for table " + TableName(), "truncated partial-JSON bitmap");
      }
      partial_bits = in.p;
      in.p += partial_bytes;
    }
  }
  if (static_cast<size_t>(in.end - in.p) < null_bytes) {
    return Status::Corruption("rows event for table " + TableName(), "truncated null bitmap of a row image");
  }
  const uint8_t* null_bits = in.p;
  in.p += null_bytes;

  size_t null_idx = 0, json_idx = 0;
  for (size_t column_idx = 0; column_idx < column_count; ++column_idx) {
    const ColumnOp& op = ops_[column_idx];
    ColumnVector& column = out->column(column_idx);
    bool is_partial = false;
    if (op.op == Op::kJson && partial_bits != nullptr) {
      is_partial = ((partial_bits[json_idx / 8] >> (json_idx % 8)) & 1) != 0;
      ++json_idx;
    }
    if (!present.Test(column_idx)) {
      column.AppendAbsent();
      continue;
    }
    bool is_null = ((null_bits[null_idx / 8] >> (null_idx % 8)) & 1) != 0;
    ++null_idx;
    if (is_null) {
      column.AppendNull();
      continue;
    }
    if (is_partial) {
      CDC_RETURN_IF_ERROR(DecodePartialJson(column_idx, in, before_cell, out));
    } else {
      CDC_RETURN_IF_ERROR(DecodeValue(op, column_idx, in, &column));
    }
  }
  return Status::OK();
}

Status RowDecoder::DecodeValue(const ColumnOp& op, size_t column_idx, Cursor& in, ColumnVector* column) {
  const size_t remaining = static_cast<size_t>(in.end - in.p);
  const uint8_t* p = in.p;
  // Fixed-width ops check their width once here.
  if (op.width != 0 && remaining < op.width) return ColumnError(column_idx, "value runs past the end of the event");

  switch (op.op) {
    case Op::kInt8: column->AppendSlot(SignExtend(p[0], 8)); break;
    case Op::kInt16: column->AppendSlot(SignExtend(LoadLE(p, 2), 16)); break;
    case Op::kInt24: column->AppendSlot(SignExtend(LoadLE(p, 3), 24)); break;
    case Op::kInt32: column->AppendSlot(SignExtend(LoadLE(p, 4), 32)); break;
    case Op::kInt64:
    case Op::kUInt64:
    case Op::kDouble: column->AppendSlot(LoadLE(p, 8)); break;
    case Op::kUInt8: column->AppendSlot(p[0]); break;
    case Op::kUInt16: column->AppendSlot(LoadLE(p, 2)); break;
    case Op::kUInt24: column->AppendSlot(LoadLE(p, 3)); break;
    case Op::kUInt32:
    case Op::kFloat: column->AppendSlot(LoadLE(p, 4)); break;
    case Op::kYear: column->AppendSlot(p[0] == 0 ? 0 : 1900u + p[0]); break;
    case Op::kEnum:
    case Op::kSet: column->AppendSlot(LoadLE(p, op.width)); break;
    case Op::kBit: column->AppendSlot(LoadBE(p, op.width)); break;
    case Op::kDecimal: {
      if (!AppendDecimalText(ByteView(p, op.width), op.precision, op.scale, column->bytes_buffer())) {
        column->AbandonBytes();
        return ColumnError(column_idx, "malformed DECIMAL digits");
      }
      column->FinishBytes();
      break;
    }
    case Op::kDate: {
      model::PackedDate date;
      if (!DecodeDate(p, &date)) return ColumnError(column_idx, "invalid DATE");
      column->AppendSlot(date.Pack());
      break;
    }
    case Op::kTimeOld:
    case Op::kTime2: {
      model::PackedTime time;
      bool ok = op.op == Op::kTimeOld ? DecodeTimeOld(p, &time) : DecodeTime2(p, op.precision, &time);
      if (!ok) return ColumnError(column_idx, "invalid TIME");
      column->AppendSlot(time.Pack());
      break;
    }
    case Op::kDateTimeOld:
    case Op::kDateTime2: {
      model::PackedDateTime datetime;
      bool ok = op.op == Op::kDateTimeOld ? DecodeDateTimeOld(p, &datetime) : DecodeDateTime2(p, op.precision, &datetime);
      if (!ok) return ColumnError(column_idx, "invalid DATETIME");
      column->AppendSlot(datetime.Pack());
      break;
    }
    case Op::kTimestampOld:
    case Op::kTimestamp2: {
      model::PackedTimestamp timestamp;
      bool ok =
          op.op == Op::kTimestampOld ? DecodeTimestampOld(p, &timestamp) : DecodeTimestamp2(p, op.precision, &timestamp);
      if (!ok) return ColumnError(column_idx, "invalid TIMESTAMP");
      column->AppendSlot(timestamp.Pack());
      break;
    }
    case Op::kStringUtf8:
    case Op::kStringConvert:
    case Op::kBytes:
    case Op::kJson:
    case Op::kUuid:
    case Op::kInet4:
    case Op::kInet6:
    case Op::kCompressedUtf8:
    case Op::kCompressedConvert:
    case Op::kCompressedBytes: {
      if (remaining < op.length_bytes) return ColumnError(column_idx, "length runs past the end of the event");
      uint64_t length = LoadLE(p, op.length_bytes);
      if (length > remaining - op.length_bytes) {
        return ColumnError(column_idx, "length " + std::to_string(length) + " runs past the end of the event");
      }
      if (op.max_length != 0 && length > op.max_length) {
        return ColumnError(column_idx, "length " + std::to_string(length) + " exceeds the column's maximum " +
                                           std::to_string(op.max_length));
      }
      const uint8_t* data = p + op.length_bytes;
      const size_t size = static_cast<size_t>(length);
      in.p = data + size;
      switch (op.op) {
        case Op::kStringUtf8:
          column->AppendBytes(std::string_view(reinterpret_cast<const char*>(data), size));
          break;
        case Op::kStringConvert: return AppendConverted(op, column_idx, data, size, column);
        case Op::kBytes: {
          if (op.float_array && size % 4 != 0) {
            return ColumnError(column_idx, "VECTOR of " + std::to_string(size) + " bytes, not a multiple of 4");
          }
          std::string* buffer = column->bytes_buffer();
          buffer->append(reinterpret_cast<const char*>(data), size);
          if (op.pad_binary && size < op.max_length) buffer->append(op.max_length - size, '\0');
          column->FinishBytes();
          break;
        }
        case Op::kJson: {
          Status status = AppendJsonText(ByteView(data, size), column->bytes_buffer());
          if (!status.ok()) {
            column->AbandonBytes();
            return ColumnError(column_idx, status.ToString());
          }
          column->FinishBytes();
          break;
        }
        case Op::kCompressedUtf8:
        case Op::kCompressedConvert:
        case Op::kCompressedBytes: return DecodeCompressed(op, column_idx, ByteView(data, size), column);
        case Op::kUuid:
        case Op::kInet6: {
          // Fixed-size binary values (UUID and INET6 are both 16 bytes); a shorter one had trailing
          // 0x00 bytes stripped.
          if (size > kUuidBytes) return ColumnError(column_idx, "value longer than 16 bytes");
          uint8_t value[kUuidBytes] = {};
          std::memcpy(value, data, size);
          if (op.op == Op::kUuid) NormalizeUuid(value);
          column->AppendBytes(std::string_view(reinterpret_cast<const char*>(value), kUuidBytes));
          break;
        }
        case Op::kInet4: {
          if (size > kInet4Bytes) return ColumnError(column_idx, "value longer than 4 bytes");
          uint8_t value[kInet4Bytes] = {};
          std::memcpy(value, data, size);
          column->AppendSlot(LoadBE(value, kInet4Bytes));
          break;
        }
        default: break;
      }
      return Status::OK();
    }
    case Op::kUnsupported: {
      const model::ColumnSchema& schema_column = schema_->columns[column_idx];
      return ColumnError(column_idx, "cannot decode this column type with metadata " +
                                         std::to_string(schema_column.meta));
    }
  }
  in.p = p + op.width;
  return Status::OK();
}

Status RowDecoder::AppendConverted(const ColumnOp& op, size_t column_idx, const uint8_t* data, size_t size,
                                   ColumnVector* column) {
  if (op.ascii_compatible && IsAscii(data, size)) {
    column->AppendBytes(std::string_view(reinterpret_cast<const char*>(data), size));
    return Status::OK();
  }
  Status status = AppendUtf8(op.collation, ByteView(data, size), column->bytes_buffer());
  if (!status.ok()) {
    column->AbandonBytes();
    return ColumnError(column_idx, status.ToString());
  }
  column->FinishBytes();
  return Status::OK();
}

Status RowDecoder::DecodeCompressed(const ColumnOp& op, size_t column_idx, ByteView stored, ColumnVector* column) {
  // Field_longstr::compress stores an empty value as zero bytes, without a header.
  if (stored.empty()) {
    column->AppendBytes({});
    return Status::OK();
  }
  const uint8_t header = stored[0];
  const uint8_t method = header >> 4;
  ByteView value = stored.subspan(1);  // the original bytes, when stored as-is
  if (method == kCompressionZlib) {
    // uncompress_zlib (sql/field_comp.cc): header bits 0-2 = n, bit 3 = no zlib wrapper; then the
    // original length in n big-endian bytes, then the deflate data.
    const size_t length_bytes = header & kZlibLengthBytesMask;
    if (length_bytes < 1 || length_bytes > 4) {
      return ColumnError(column_idx, "compressed value header 0x" + HexByte(header) +
                                         " gives a length of " + std::to_string(length_bytes) + " bytes");
    }
    if (value.size() < length_bytes) return ColumnError(column_idx, "compressed value truncated in its length");
    const uint64_t original = LoadBE(value.data(), length_bytes);
    const ByteView deflated = value.subspan(length_bytes);
    // The server refuses an original length above the field's length (uncompress_zlib).
    const uint64_t field_limit = op.max_length != 0 ? op.max_length : (uint64_t{1} << (8 * op.length_bytes)) - 1;
    if (original > field_limit) {
      return ColumnError(column_idx, "compressed value declares " + std::to_string(original) +
                                         " bytes, more than the column holds (" + std::to_string(field_limit) + ")");
    }
    if (original > deflated.size() * kMaxDeflateRatio) {
      return ColumnError(column_idx, "compressed value declares " + std::to_string(original) + " bytes, more than " +
                                         std::to_string(deflated.size()) + " bytes of deflate data can hold");
    }
    const size_t size = static_cast<size_t>(original);
    const bool raw_deflate = (header & kZlibNoWrapper) != 0;
    if (op.op == Op::kCompressedConvert) {
      // Inflated into the reused buffer, then converted into the column.
      inflated_.resize(size);
      std::string problem = inflater_->Inflate(deflated, raw_deflate, reinterpret_cast<uint8_t*>(inflated_.data()), size);
      if (!problem.empty()) return ColumnError(column_idx, problem);
      return AppendConverted(op, column_idx, reinterpret_cast<const uint8_t*>(inflated_.data()), size, column);
    }
    // Inflated straight into the column's bytes.
    std::string* buffer = column->bytes_buffer();
    const size_t start = buffer->size();
    buffer->resize(start + size);
    std::string problem =
        inflater_->Inflate(deflated, raw_deflate, reinterpret_cast<uint8_t*>(buffer->data() + start), size);
    if (!problem.empty()) {
      column->AbandonBytes();
      return ColumnError(column_idx, problem);
    }
    column->FinishBytes();
    return Status::OK();
  }
  if (header != kCompressionRaw) {
    return ColumnError(column_idx, method == 0 ? "compressed value header 0x" + HexByte(header) + " has reserved bits set"
                                               : "unknown column compression method " + std::to_string(method) +
                                                     " (header 0x" + HexByte(header) + ")");
  }
  if (op.op == Op::kCompressedConvert) return AppendConverted(op, column_idx, value.data(), value.size(), column);
  column->AppendBytes(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  return Status::OK();
}

Status RowDecoder::DecodePartialJson(size_t column_idx, Cursor& in, uint32_t before_cell, ChangeBatch* out) {
  const ColumnOp& op = ops_[column_idx];
  const size_t remaining = static_cast<size_t>(in.end - in.p);
  if (remaining < op.length_bytes) return ColumnError(column_idx, "JSON diff length runs past the end of the event");
  uint64_t length = LoadLE(in.p, op.length_bytes);
  if (length > remaining - op.length_bytes) {
    return ColumnError(column_idx, "JSON diff of " + std::to_string(length) + " bytes runs past the end of the event");
  }
  ByteView diffs(in.p + op.length_bytes, static_cast<size_t>(length));
  in.p += op.length_bytes + length;

  ColumnVector& column = out->column(column_idx);
  // The base document: the before image's own cell, else the cached row with the same key.
  // Copied, because the diff result is appended to the same bytes buffer.
  bool have_base = false;
  if (before_cell != RowChange::kNoImage) {
    CellState state = column.state(before_cell);
    if (state == CellState::kNull) {
      return ColumnError(column_idx, "a JSON diff updates a column that is NULL in the before image");
    }
    if (state == CellState::kValue) {
      scratch_.assign(column.bytes(before_cell));
      have_base = true;
    } else if (cache_) {
      const CachedRow* row = cache_->Find(*out, before_cell);
      if (row != nullptr && row->states[column_idx] == CellState::kValue) {
        scratch_.assign(row->bytes[column_idx]);
        have_base = true;
      }
    }
  }
  if (!have_base) {
    const model::ColumnSchema& schema_column = schema_->columns[column_idx];
    std::string name = schema_column.name.empty() ? "@" + std::to_string(column_idx + 1) : schema_column.name;
    return Status::NotSupported(
        "PARTIAL_UPDATE_ROWS on table " + TableName() + " column " + name,
        "the source logs only a JSON diff (binlog_row_value_options=PARTIAL_JSON) and the before image "
        "does not carry the old document (binlog_row_image=MINIMAL), and no row with the same key was "
        "decoded recently (it was written before decoding started, or left the bounded cache). "
        "Set binlog_row_value_options='' or binlog_row_image=FULL on the source");
  }
  Status status = ApplyJsonDiffs(scratch_, diffs, column.bytes_buffer());
  if (!status.ok()) {
    column.AbandonBytes();
    return ColumnError(column_idx, status.ToString());
  }
  column.FinishBytes();
  return Status::OK();
}

std::string_view ToString(RowDecoder::Op op) {
  using Op = RowDecoder::Op;
  switch (op) {
    case Op::kInt8: return "int8";
    case Op::kInt16: return "int16";
    case Op::kInt24: return "int24";
    case Op::kInt32: return "int32";
    case Op::kInt64: return "int64";
    case Op::kUInt8: return "uint8";
    case Op::kUInt16: return "uint16";
    case Op::kUInt24: return "uint24";
    case Op::kUInt32: return "uint32";
    case Op::kUInt64: return "uint64";
    case Op::kFloat: return "float";
    case Op::kDouble: return "double";
    case Op::kYear: return "year";
    case Op::kDecimal: return "decimal";
    case Op::kBit: return "bit";
    case Op::kDate: return "date";
    case Op::kTimeOld: return "time_old";
    case Op::kTime2: return "time2";
    case Op::kDateTimeOld: return "datetime_old";
    case Op::kDateTime2: return "datetime2";
    case Op::kTimestampOld: return "timestamp_old";
    case Op::kTimestamp2: return "timestamp2";
    case Op::kEnum: return "enum";
    case Op::kSet: return "set";
    case Op::kStringUtf8: return "string_utf8";
    case Op::kStringConvert: return "string_convert";
    case Op::kBytes: return "bytes";
    case Op::kJson: return "json";
    case Op::kUuid: return "uuid";
    case Op::kInet4: return "inet4";
    case Op::kInet6: return "inet6";
    case Op::kCompressedUtf8: return "compressed_utf8";
    case Op::kCompressedConvert: return "compressed_convert";
    case Op::kCompressedBytes: return "compressed_bytes";
    case Op::kUnsupported: return "unsupported";
  }
  return "unknown";
}

}  // namespace cdc::binlog
