#include "binlog/file_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/event_header.h"

namespace cdc::binlog {

namespace {

// A sequential reader over a file descriptor with a growable window [begin_, end_) of unread bytes.
class BufferedInput {
 public:
  BufferedInput(int fd, size_t initial) : fd_(fd), buffer_(initial < 64 ? 64 : initial) {}

  // Makes at least `need` unread bytes available, unless the input ends first. Sets *available to
  // what is there. IOError on a read failure.
  Status Ensure(size_t need, size_t* available) {
    while (end_ - begin_ < need && !eof_) {
      if (begin_ > 0 && buffer_.size() - end_ < need - (end_ - begin_)) {
        std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
        end_ -= begin_;
        begin_ = 0;
      }
      if (buffer_.size() - begin_ < need) buffer_.resize(begin_ + need);
      ssize_t got = ::read(fd_, buffer_.data() + end_, buffer_.size() - end_);
      if (got < 0) {
        if (errno == EINTR) continue;
        return Status::IOError("read", std::strerror(errno));
      }
      if (got == 0) eof_ = true;
      end_ += static_cast<size_t>(got);
    }
    *available = end_ - begin_;
    return Status::OK();
  }
  const uint8_t* data() const { return buffer_.data() + begin_; }
  void Consume(size_t n) { begin_ += n; }

 private:
  int fd_;
  std::vector<uint8_t> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
};

// The whole input in memory: nothing to read.
class MemoryInput {
 public:
  explicit MemoryInput(ByteView bytes) : bytes_(bytes) {}
  Status Ensure(size_t need, size_t* available) {
    (void)need;
    *available = bytes_.size() - pos_;
    return Status::OK();
  }
  const uint8_t* data() const { return bytes_.data() + pos_; }
  void Consume(size_t n) { pos_ += n; }

 private:
  ByteView bytes_;
  size_t pos_ = 0;
};

uint32_t EventSizeAt(const uint8_t* header) {
  const uint8_t* p = header + 9;  // timestamp u32, type u8, server_id u32, then event_size u32
  return uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
}

// Adds "<name> @ <offset>" to a failed status; OK passes through without building the context.
Status At(std::string_view name, uint64_t offset, Status status) {
  if (status.ok()) return status;
  return status.WithContext(std::string(name) + " @ " + std::to_string(offset));
}

// Walks the events of `input` (BufferedInput or MemoryInput).
template <typename Input>
Status ReadEvents(Input& input, std::string_view display_name, std::string binlog_name, Decoder* decoder,
                  EventSink* sink, const FileReaderOptions& options) {
  size_t available = 0;
  CDC_RETURN_IF_ERROR(At(display_name, 0, input.Ensure(sizeof(kBinlogMagic), &available)));
  if (available < sizeof(kBinlogMagic) || std::memcmp(input.data(), kBinlogMagic, sizeof(kBinlogMagic)) != 0) {
    return Status::Corruption("Not a valid binary log", std::string(display_name) + ": the file does not start with "
                                                                                     "the magic bytes fe 62 69 6e");
  }
  input.Consume(sizeof(kBinlogMagic));
  decoder->SetFile(std::move(binlog_name));

  uint64_t offset = sizeof(kBinlogMagic);
  while (true) {
    if (options.stop_position != 0 && offset >= options.stop_position) return Status::OK();
    if (Status read = input.Ensure(kEventHeaderSize, &available); !read.ok()) return At(display_name, offset, read);
    if (available == 0) return Status::OK();
    if (available < kEventHeaderSize) {
      return At(display_name, offset,
                Status::Corruption("truncated event", "the file ends " + std::to_string(available) +
                                                          " bytes into a 19-byte event header"));
    }
    uint32_t event_size = EventSizeAt(input.data());
    uint8_t type = input.data()[4];
    if (event_size < kEventHeaderSize || event_size > options.max_event_size) {
      return At(display_name, offset,
                Status::Corruption("implausible event_size", std::to_string(event_size) + " bytes"));
    }
    if (Status read = input.Ensure(event_size, &available); !read.ok()) return At(display_name, offset, read);
    if (available < event_size) {
      return At(display_name, offset,
                Status::Corruption("truncated event", "event_size is " + std::to_string(event_size) +
                                                          " but the file ends after " + std::to_string(available) +
                                                          " bytes"));
    }
    bool skip = options.start_position > offset && type != static_cast<uint8_t>(EventType::kFormatDescription);
    if (skip && offset + event_size > options.start_position) {
      return Status::InvalidArgument("start position " + std::to_string(options.start_position),
                                     std::string(display_name) + ": inside the event at " + std::to_string(offset));
    }
    if (!skip) CDC_RETURN_IF_ERROR(decoder->Feed(ByteView(input.data(), event_size), offset, sink));
    input.Consume(event_size);
    offset += event_size;
  }
}

}  // namespace

Status ReadBinlogStream(int fd, std::string_view display_name, std::string binlog_name, Decoder* decoder,
                        EventSink* sink, const FileReaderOptions& options) {
  BufferedInput input(fd, options.buffer_size);
  return ReadEvents(input, display_name, std::move(binlog_name), decoder, sink, options);
}

Status ReadBinlogBytes(ByteView bytes, std::string_view display_name, std::string binlog_name, Decoder* decoder,
                       EventSink* sink, const FileReaderOptions& options) {
  MemoryInput input(bytes);
  return ReadEvents(input, display_name, std::move(binlog_name), decoder, sink, options);
}

Status ReadBinlogFile(const std::string& path, Decoder* decoder, EventSink* sink, const FileReaderOptions& options) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("open " + path, std::strerror(errno));
  size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  Status status = ReadBinlogStream(fd, path, base, decoder, sink, options);
  ::close(fd);
  return status;
}

}  // namespace cdc::binlog
