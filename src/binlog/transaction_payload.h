#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/result.h"

namespace cdc::binlog {

// TRANSACTION_PAYLOAD_EVENT (type 40; MySQL 8.0.20+, binlog_transaction_compression=ON). MySQL
// libs/mysql/binlog/event/control_events.h Transaction_payload_event and codecs/binary.cpp
// Transaction_payload::decode. The body is a header of fields, each
//   type packed-int, length packed-int, value (a packed int of `length` bytes)
// with 1 = payload size, 2 = compression type (0 ZSTD, 255 NONE), 3 = uncompressed size, ended by a
// type 0; then exactly `payload size` bytes of payload. Unknown field types are skipped by length.
// The payload, once decompressed, is a sequence of complete binlog events (v4 header, no checksum,
// log_pos 0) that make up one transaction.
enum class PayloadCompression : uint8_t { kZstd = 0, kNone = 255 };
std::string_view ToString(PayloadCompression compression);

struct TransactionPayloadEvent {
  PayloadCompression compression = PayloadCompression::kZstd;
  uint64_t payload_size = 0;
  uint64_t uncompressed_size = 0;  // 0 when the event does not say (NONE)
  ByteView payload;                // exactly payload_size bytes, a view into the body
};

// Decodes the header; `body` excludes the common header and the checksum. Corruption if a field is
// truncated, the payload size or compression type is missing, the compression type is unknown, or
// the payload size runs past the body. Bytes after the payload are Corruption too.
Result<TransactionPayloadEvent> DecodeTransactionPayload(ByteView body);

// Splits the payload of one TRANSACTION_PAYLOAD_EVENT into its inner events, decompressing zstd with
// the streaming API into a bounded window: the buffer grows only to the size of the largest inner
// event (plus one zstd output block), never to the whole uncompressed payload.
//
// Reusable: Reset() for each new payload keeps the zstd context and the buffer. Not thread-safe. The
// payload bytes must outlive the iteration.
class PayloadEventSplitter {
 public:
  PayloadEventSplitter();
  ~PayloadEventSplitter();
  PayloadEventSplitter(const PayloadEventSplitter&) = delete;
  PayloadEventSplitter& operator=(const PayloadEventSplitter&) = delete;

  // Starts iterating `payload`. `max_event_size` bounds a single inner event (Corruption above it).
  void Reset(const TransactionPayloadEvent& payload, uint64_t max_event_size = kDefaultMaxEventSize);

  // Sets *event to the next complete inner event (header + body; valid until the next call) and
  // returns true, or returns false at the clean end of the payload. Corruption if the zstd data is
  // invalid or truncated, an inner event header is malformed or cut off, or the total uncompressed
  // size differs from the one the TPE announced.
  Result<bool> Next(ByteView* event);

  // Bytes of uncompressed payload produced so far.
  uint64_t produced() const { return produced_; }

  static constexpr uint64_t kDefaultMaxEventSize = uint64_t{1} << 30;

 private:
  struct Zstd;
  Status Fill(size_t need);

  TransactionPayloadEvent payload_;
  uint64_t max_event_size_ = kDefaultMaxEventSize;
  std::unique_ptr<Zstd> zstd_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;  // first unconsumed byte in buffer_
  size_t end_ = 0;    // one past the last decompressed byte in buffer_
  size_t input_pos_ = 0;
  bool input_done_ = false;  // zstd reported the end of the frame(s) and all input is consumed
  uint64_t produced_ = 0;
};

}  // namespace cdc::binlog
