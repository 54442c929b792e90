#include "store/object_store.h"

#include <algorithm>
#include <iterator>

#include "store/local_store.h"
#include "store/mem_store.h"
#include "store/s3_store.h"
#include "store/store_internal.h"

namespace cdc::store {

namespace {

constexpr size_t kMaxKeyBytes = 1024;  // S3's limit on a key's UTF-8 bytes

}  // namespace

Status ValidateKey(std::string_view key) {
  auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("object key " + internal::QuoteKey(key), why);
  };
  if (key.empty()) return bad("empty");
  if (key.size() > kMaxKeyBytes) return bad("longer than 1024 bytes");
  if (key.find('\0') != std::string_view::npos) return bad("contains a NUL byte");
  if (key.front() == '/') return bad("starts with '/'");
  size_t begin = 0;
  while (true) {
    size_t end = key.find('/', begin);
    std::string_view segment = key.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    if (segment.empty()) return bad("has an empty segment");
    if (segment == "." || segment == "..") return bad("has a '.' or '..' segment");
    if (end == std::string_view::npos) break;
    begin = end + 1;
  }
  return Status::OK();
}

Result<std::vector<ObjectInfo>> ListAll(ObjectStore& store, std::string_view prefix, std::string_view start_after) {
  std::vector<ObjectInfo> all;
  ListOptions options;
  options.prefix = prefix;
  options.start_after = start_after;
  while (true) {
    CDC_ASSIGN_OR_RETURN(ListPage page, store.List(options));
    std::move(page.objects.begin(), page.objects.end(), std::back_inserter(all));
    if (page.continuation.empty()) break;
    options.continuation = std::move(page.continuation);
  }
  return all;
}

Result<std::unique_ptr<ObjectStore>> OpenStore(std::string_view url) {
  constexpr std::string_view kFile = "file://";
  constexpr std::string_view kMem = "mem://";
  constexpr std::string_view kS3 = "s3://";
  if (url.starts_with(kFile)) {
    std::string_view path = url.substr(kFile.size());
    if (!path.starts_with('/')) {
      return Status::InvalidArgument("store URL '" + std::string(url) + "'",
                                     "a file URL names an absolute directory: file:///abs/dir");
    }
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<LocalStore> local, LocalStore::Open(std::string(path)));
    return std::unique_ptr<ObjectStore>(std::move(local));
  }
  if (url.starts_with(kMem)) {
    std::string_view name = url.substr(kMem.size());
    if (name.empty()) return std::unique_ptr<ObjectStore>(std::make_unique<MemStore>());
    return std::unique_ptr<ObjectStore>(MemStore::OpenNamed(name));
  }
  if (url.starts_with(kS3)) {
    CDC_ASSIGN_OR_RETURN(S3Options options, S3OptionsFromUrl(url, ProcessEnv()));
    CDC_ASSIGN_OR_RETURN(std::unique_ptr<S3Store> s3, S3Store::Open(std::move(options)));
    return std::unique_ptr<ObjectStore>(std::move(s3));
  }
  return Status::InvalidArgument("store URL '" + std::string(url) + "'",
                                 "expected file:///abs/dir, mem:// or s3://bucket/prefix");
}

namespace internal {

Status CheckPutOptions(std::string_view key, const PutOptions& options) {
  if (options.if_absent && !options.if_match.empty()) {
    return Status::InvalidArgument("Put of key " + QuoteKey(key), "if_absent and if_match exclude each other");
  }
  return Status::OK();
}

Status CheckListOptions(const ListOptions& options) {
  if (options.max_keys == 0) {
    return Status::InvalidArgument("List of prefix " + QuoteKey(options.prefix), "max_keys is 0");
  }
  return Status::OK();
}

std::string_view ListAfter(const ListOptions& options) {
  return std::max(std::string_view(options.start_after), std::string_view(options.continuation));
}

Result<Span> ClipRange(std::string_view key, ByteRange range, uint64_t size) {
  if (range.offset > size) {
    return Status::InvalidArgument("Get of key " + QuoteKey(key), "range starts at " + std::to_string(range.offset) +
                                                                      ", past the end (" + std::to_string(size) +
                                                                      " bytes)");
  }
  Span span{range.offset, size};
  if (range.length != 0 && range.length < size - range.offset) span.end = range.offset + range.length;
  return span;
}

std::string QuoteKey(std::string_view key) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(key.size() + 2);
  out.push_back('\'');
  for (char c : key) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) {  // UTF-8 stays readable; control bytes are escaped
      out.push_back(c);
    } else {
      out.append("\\x");
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xf]);
    }
  }
  out.push_back('\'');
  return out;
}

}  // namespace internal

}  // namespace cdc::store
