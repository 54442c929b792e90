#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "store/object_store.h"

// Reading S3's XML answers (docs/s3.md): listings, errors, multipart upload ids. Outside bytes: every function
// takes any input without undefined behaviour (s3_xml_fuzz).
namespace cdc::store {

// The text of the first <tag>...</tag> at or after `from` (XML entities decoded unless `decode` is false: the raw
// inner XML, for an element whose children are read next); *next (optional) gets the position after it. nullopt
// when there is none. A numeric entity that is not a Unicode scalar value (0, a surrogate, past U+10FFFF) stays as
// written, so that the text stays valid UTF-8 when the input is.
std::optional<std::string> XmlElement(std::string_view xml, std::string_view tag, size_t from = 0,
                                      size_t* next = nullptr, bool decode = true);

// "2026-12-06T22:16:03.000Z" (listings) or "Sun, 06 Dec 2026 22:16:03 GMT" (headers), in ms; 0 when neither.
int64_t ParseTimeMs(const std::string& text);

// A ListObjectsV2 answer as a page of the store whose keys live under "<prefix>/" (empty: the bucket's root):
// keys outside it are left out, the rest made relative; so are keys the store interface cannot name (ValidateKey:
// the folder markers "shop/" that S3 consoles make, "..", a leading '/').
ListPage ParseListObjectsV2(std::string_view body, std::string_view prefix);

}  // namespace cdc::store
