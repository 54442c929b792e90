// libFuzzer target: S3's XML answers as the S3 store reads them (s3_xml.h) -- a listing, an error's code and
// message, a multipart upload id, times -- on arbitrary bytes. Checks that every listed key is one the store
// interface accepts, relative to the prefix.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "store/object_store.h"
#include "store/s3_xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  for (std::string_view prefix : {std::string_view(), std::string_view("lake/raw")}) {
    const cdc::store::ListPage page = cdc::store::ParseListObjectsV2(body, prefix);
    for (const cdc::store::ObjectInfo& object : page.objects) {
      if (!cdc::store::ValidateKey(object.key).ok()) std::abort();
    }
  }
  for (const char* tag : {"Code", "Message", "UploadId", "ETag", "LastModified"}) {
    size_t next = 0;
    std::optional<std::string> text = cdc::store::XmlElement(body, tag, 0, &next);
    if (text && next > size) std::abort();
    if (text) (void)cdc::store::ParseTimeMs(*text);
  }
  return 0;
}
