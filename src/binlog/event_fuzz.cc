// libFuzzer target for the event layer: the file reader, the stream Decoder with every event decoder,
// TRANSACTION_PAYLOAD decompression, table maps and rows (through the row decoder), and the event JSON.
// The only assertion is "no crash" (ASan/UBSan do the checking).
//
// Input: byte 0 selects the mode.
//   even: the rest is a whole binlog file (magic + events), read by ReadBinlogBytes.
//   odd:  byte 1 holds flags -- bit 0: the FDE says CRC32; bit 1: rewrite each event's event_size and
//         CRC32 so that the body decoders are reached; bit 2: a MariaDB FDE instead of MySQL 8 --
//         then records of (u16 little-endian length, bytes), each fed to the Decoder as one event
//         after a prepared FORMAT_DESCRIPTION_EVENT.
// Seeds: tests/fuzz/make_event_seeds.py writes both forms from ../shared/testdata/binlog.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/crc32.h"
#include "binlog/decoder.h"
#include "binlog/event_json.h"
#include "binlog/file_reader.h"

namespace {

using cdc::ByteView;
using cdc::Status;
using cdc::binlog::DecodedEvent;
using cdc::binlog::Decoder;
using cdc::binlog::EventSink;

class FuzzSink : public EventSink {
 public:
  Status OnEvent(const DecodedEvent& event) override {
    json_bytes_ += cdc::binlog::EventToJsonLine(event).size();
    return Status::OK();
  }
  Status OnRows(const DecodedEvent&, const cdc::model::ChangeBatch& rows) override {
    rows_ += rows.size();
    return Status::OK();
  }

 private:
  size_t json_bytes_ = 0;
  size_t rows_ = 0;
};

void PutU32(std::vector<uint8_t>& event, size_t at, uint32_t value) {
  for (size_t byte_idx = 0; byte_idx < 4; ++byte_idx) event[at + byte_idx] = static_cast<uint8_t>(value >> (8 * byte_idx));
}

std::vector<uint8_t> MakeFde(bool crc32, bool mariadb) {
  std::string version = mariadb ? "10.11.6-MariaDB-log" : "8.0.36";
  version.resize(50, '\0');
  std::vector<uint8_t> event(19, 0);
  event[4] = 15;  // FORMAT_DESCRIPTION_EVENT
  event.push_back(4);
  event.push_back(0);  // binlog version 4
  event.insert(event.end(), version.begin(), version.end());
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) event.push_back(0);  // created
  event.push_back(19);  // common header length
  static const uint8_t kMysql[] = {0,  13, 0,  8,  0,  0,  0, 0, 4,  0,  4,  0,  0,  0, 98, 0, 4, 26, 8, 0, 0,
                                   0,  8,  8,  8,  2,  0,  0, 0, 10, 10, 10, 42, 42, 0, 18, 52, 0, 10, 40, 0, 0};
  event.insert(event.end(), kMysql, kMysql + sizeof(kMysql));
  if (mariadb) {
    event.resize(event.size() + (160 - 1 - sizeof(kMysql)), 0);
    static const uint8_t kMaria[] = {0, 4, 19, 4, 0, 13, 8, 8, 8, 10, 10, 10};  // types 160..171
    event.insert(event.end(), kMaria, kMaria + sizeof(kMaria));
  }
  event.push_back(crc32 ? 1 : 0);
  for (int byte_idx = 0; byte_idx < 4; ++byte_idx) event.push_back(0);
  PutU32(event, 9, static_cast<uint32_t>(event.size()));
  PutU32(event, event.size() - 4, cdc::Crc32(ByteView(event.data(), event.size() - 4)));
  return event;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  FuzzSink sink;
  if ((data[0] & 1) == 0) {
    Decoder decoder;
    cdc::binlog::FileReaderOptions options;
    options.max_event_size = 1 << 24;
    (void)cdc::binlog::ReadBinlogBytes(ByteView(data + 1, size - 1), "fuzz", "fuzz.000001", &decoder, &sink, options);
    return 0;
  }
  if (size < 2) return 0;
  const uint8_t flags = data[1];
  const bool crc32 = (flags & 1) != 0;
  const bool fix = (flags & 2) != 0;
  Decoder decoder;
  decoder.SetFile("fuzz.000001");
  if (!decoder.Feed(MakeFde(crc32, (flags & 4) != 0), 4, &sink).ok()) return 0;
  uint64_t offset = 4;
  size_t pos = 2;
  std::vector<uint8_t> event;
  while (pos + 2 <= size) {
    size_t length = size_t{data[pos]} | size_t{data[pos + 1]} << 8;
    pos += 2;
    if (length > size - pos) length = size - pos;
    event.assign(data + pos, data + pos + length);
    pos += length;
    if (fix && event.size() >= 19 + (crc32 ? 4u : 0u)) {
      PutU32(event, 9, static_cast<uint32_t>(event.size()));
      if (crc32) PutU32(event, event.size() - 4, cdc::Crc32(ByteView(event.data(), event.size() - 4)));
    }
    // Errors are expected; keep feeding, as a reader that logs and continues would not, but it exercises
    // the decoder's state after an error.
    (void)decoder.Feed(event, offset, &sink);
    offset += event.size();
  }
  return 0;
}
