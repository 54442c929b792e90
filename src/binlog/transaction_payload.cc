#include "binlog/transaction_payload.h"

#include <zstd.h>

#include <algorithm>
#include <string>

#include "binlog/event_header.h"

namespace cdc::binlog {

std::string_view ToString(PayloadCompression compression) {
  switch (compression) {
    case PayloadCompression::kZstd: return "ZSTD";
    case PayloadCompression::kNone: return "NONE";
  }
  return "UNKNOWN";
}

// MySQL codecs/binary.cpp Transaction_payload::decode: field types OTW_PAYLOAD_HEADER_END_MARK 0,
// OTW_PAYLOAD_SIZE_FIELD 1, OTW_PAYLOAD_COMPRESSION_TYPE_FIELD 2, OTW_PAYLOAD_UNCOMPRESSED_SIZE_FIELD 3;
// compression types from compression/base.h (ZSTD 0, NONE 255).
Result<TransactionPayloadEvent> DecodeTransactionPayload(ByteView body) {
  constexpr std::string_view kEvent = "TRANSACTION_PAYLOAD_EVENT";
  ByteReader in(body);
  TransactionPayloadEvent event;
  bool have_size = false, have_compression = false;
  while (true) {
    uint64_t type = 0, length = 0;
    if (!in.ReadPackedInt(&type)) return Status::Corruption(kEvent, "truncated header (no end mark)");
    if (type == 0) break;
    if (!in.ReadPackedInt(&length)) return Status::Corruption(kEvent, "truncated field length");
    if (length > in.remaining()) return Status::Corruption(kEvent, "truncated field value");
    ByteView value_bytes;
    (void)in.ReadBytes(static_cast<size_t>(length), &value_bytes);
    if (type > 3) continue;  // a field of a newer server: skipped by its length, as MySQL does
    ByteReader value_reader(value_bytes);
    uint64_t value = 0;
    if (!value_reader.ReadPackedInt(&value) || !value_reader.empty()) {
      return Status::Corruption(kEvent, "bad value of header field " + std::to_string(type));
    }
    if (type == 1) {
      event.payload_size = value;
      have_size = true;
    } else if (type == 2) {
      if (value != 0 && value != 255) {
        return Status::Corruption(kEvent, "unknown compression type " + std::to_string(value));
      }
      event.compression = static_cast<PayloadCompression>(value);
      have_compression = true;
    } else {
      event.uncompressed_size = value;
    }
  }
  if (!have_size || !have_compression) return Status::Corruption(kEvent, "header lacks payload size or compression");
  if (event.payload_size != in.remaining()) {
    return Status::Corruption(kEvent, "payload size " + std::to_string(event.payload_size) + " but " +
                                          std::to_string(in.remaining()) + " bytes follow the header");
  }
  event.payload = in.rest();
  return event;
}

struct PayloadEventSplitter::Zstd {
  ZSTD_DCtx* context = nullptr;
  Zstd() : context(ZSTD_createDCtx()) {}
  ~Zstd() { ZSTD_freeDCtx(context); }
};

PayloadEventSplitter::PayloadEventSplitter() : zstd_(std::make_unique<Zstd>()) {}
PayloadEventSplitter::~PayloadEventSplitter() = default;

void PayloadEventSplitter::Reset(const TransactionPayloadEvent& payload, uint64_t max_event_size) {
  payload_ = payload;
  max_event_size_ = max_event_size;
  begin_ = end_ = 0;
  input_pos_ = 0;
  input_done_ = false;
  produced_ = 0;
  if (payload_.compression == PayloadCompression::kZstd) {
    ZSTD_DCtx_reset(zstd_->context, ZSTD_reset_session_only);
  }
}

Status PayloadEventSplitter::Fill(size_t need) {
  constexpr std::string_view kEvent = "TRANSACTION_PAYLOAD_EVENT";
  const size_t chunk = ZSTD_DStreamOutSize();
  while (end_ - begin_ < need && !input_done_) {
    // Compact, then make room for one more output chunk.
    if (begin_ > 0) {
      std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_), buffer_.begin() + static_cast<std::ptrdiff_t>(end_),
                buffer_.begin());
      end_ -= begin_;
      begin_ = 0;
    }
    size_t want = std::max(need, end_ + chunk);
    if (buffer_.size() < want) buffer_.resize(want);
    ZSTD_inBuffer input{payload_.payload.data(), payload_.payload.size(), input_pos_};
    ZSTD_outBuffer output{buffer_.data() + end_, buffer_.size() - end_, 0};
    size_t result = ZSTD_decompressStream(zstd_->context, &output, &input);
    if (ZSTD_isError(result)) {
      return Status::Corruption(kEvent, std::string("zstd: ") + ZSTD_getErrorName(result));
    }
    input_pos_ = input.pos;
    end_ += output.pos;
    produced_ += output.pos;
    if (payload_.uncompressed_size != 0 && produced_ > payload_.uncompressed_size) {
      return Status::Corruption(kEvent, "payload decompresses to more than the announced " +
                                            std::to_string(payload_.uncompressed_size) + " bytes");
    }
    if (result == 0 && input.pos == input.size) {
      input_done_ = true;  // frame complete and all input consumed
    } else if (output.pos == 0 && input.pos == input.size) {
      return Status::Corruption(kEvent, "zstd frame is truncated");
    }
  }
  return Status::OK();
}

Result<bool> PayloadEventSplitter::Next(ByteView* event) {
  constexpr std::string_view kEvent = "TRANSACTION_PAYLOAD_EVENT inner event";
  if (payload_.compression == PayloadCompression::kNone) {
    // The payload is the events themselves.
    ByteView rest = payload_.payload.subspan(input_pos_);
    if (rest.empty()) return false;
    ByteReader header_reader(rest);
    CDC_ASSIGN_OR_RETURN(EventHeader header, DecodeEventHeader(header_reader));
    if (header.event_size > rest.size()) return Status::Corruption(kEvent, "runs past the payload");
    *event = rest.first(header.event_size);
    input_pos_ += header.event_size;
    produced_ += header.event_size;
    return true;
  }
  CDC_RETURN_IF_ERROR(Fill(kEventHeaderSize));
  if (end_ == begin_) {
    if (payload_.uncompressed_size != 0 && produced_ != payload_.uncompressed_size) {
      return Status::Corruption("TRANSACTION_PAYLOAD_EVENT",
                                "payload decompresses to " + std::to_string(produced_) + " bytes, not the announced " +
                                    std::to_string(payload_.uncompressed_size));
    }
    return false;
  }
  if (end_ - begin_ < kEventHeaderSize) return Status::Corruption(kEvent, "truncated header");
  ByteReader header_reader(ByteView(buffer_.data() + begin_, end_ - begin_));
  CDC_ASSIGN_OR_RETURN(EventHeader header, DecodeEventHeader(header_reader));
  if (header.event_size > max_event_size_ ||
      (payload_.uncompressed_size != 0 && header.event_size > payload_.uncompressed_size)) {
    return Status::Corruption(kEvent, "event_size " + std::to_string(header.event_size) + " is implausible");
  }
  CDC_RETURN_IF_ERROR(Fill(header.event_size));
  if (end_ - begin_ < header.event_size) return Status::Corruption(kEvent, "truncated body");
  *event = ByteView(buffer_.data() + begin_, header.event_size);
  begin_ += header.event_size;
  return true;
}

}  // namespace cdc::binlog
