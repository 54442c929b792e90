#include "store/s3_xml.h"

#include <cstdlib>
#include <ctime>

namespace cdc::store {
namespace {

// The code point of a numeric entity ("#233", "#xE9") when it is a Unicode scalar value.
std::optional<uint32_t> ScalarValue(std::string_view entity) {
  const bool hex = entity.size() > 2 && (entity[1] == 'x' || entity[1] == 'X');
  const std::string digits(entity.substr(hex ? 2 : 1));
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  char* end = nullptr;
  const unsigned long code = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
  if (end != digits.c_str() + digits.size() || digits[0] == '-' || digits[0] == '+') return std::nullopt;
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
  return static_cast<uint32_t>(code);
}

}  // namespace

std::optional<std::string> XmlElement(std::string_view xml, std::string_view tag, size_t from, size_t* next,
                                      bool decode) {
  const std::string open = "<" + std::string(tag) + ">";
  const std::string close = "</" + std::string(tag) + ">";
  size_t begin = xml.find(open, from);
  if (begin == std::string_view::npos) return std::nullopt;
  begin += open.size();
  size_t end = xml.find(close, begin);
  if (end == std::string_view::npos) return std::nullopt;
  if (next != nullptr) *next = end + close.size();
  std::string_view raw = xml.substr(begin, end - begin);
  if (!decode) return std::string(raw);
  std::string text;
  text.reserve(raw.size());
  for (size_t pos = 0; pos < raw.size(); ++pos) {
    if (raw[pos] != '&') {
      text.push_back(raw[pos]);
      continue;
    }
    size_t semicolon = raw.find(';', pos);
    std::string_view entity = semicolon == std::string_view::npos ? "" : raw.substr(pos + 1, semicolon - pos - 1);
    if (entity == "amp") text.push_back('&');
    else if (entity == "lt") text.push_back('<');
    else if (entity == "gt") text.push_back('>');
    else if (entity == "quot") text.push_back('"');
    else if (entity == "apos") text.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#' && ScalarValue(entity)) {
      const uint32_t code = *ScalarValue(entity);
      // Keys are UTF-8: encode the code point.
      if (code < 0x80) {
        text.push_back(static_cast<char>(code));
      } else if (code < 0x800) {
        text.push_back(static_cast<char>(0xC0 | (code >> 6)));
        text.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else if (code < 0x10000) {
        text.push_back(static_cast<char>(0xE0 | (code >> 12)));
        text.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else {
        text.push_back(static_cast<char>(0xF0 | (code >> 18)));
        text.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        text.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      }
    } else {
      text.append(raw.substr(pos, semicolon == std::string_view::npos ? 1 : semicolon - pos + 1));
    }
    if (semicolon != std::string_view::npos) pos = semicolon;
  }
  return text;
}

int64_t ParseTimeMs(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) {
    tm = {};
    end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  }
  if (end == nullptr) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

ListPage ParseListObjectsV2(std::string_view body, std::string_view prefix) {
  ListPage page;
  const std::string folder = prefix.empty() ? std::string() : std::string(prefix) + "/";
  size_t position = 0;
  while (true) {
    size_t next = 0;
    std::optional<std::string> contents = XmlElement(body, "Contents", position, &next, /*decode=*/false);
    if (!contents) break;
    position = next;
    std::string key = XmlElement(*contents, "Key").value_or("");
    if (!folder.empty()) {
      if (!key.starts_with(folder)) continue;
      key = key.substr(folder.size());
    }
    if (!ValidateKey(key).ok()) continue;  // a folder marker ("shop/", made by consoles), or a key no store names
    ObjectInfo info;
    info.key = std::move(key);
    info.size = std::strtoull(XmlElement(*contents, "Size").value_or("0").c_str(), nullptr, 10);
    info.etag = XmlElement(*contents, "ETag").value_or("");
    info.modified_ms = ParseTimeMs(XmlElement(*contents, "LastModified").value_or(""));
    page.objects.push_back(std::move(info));
  }
  if (XmlElement(body, "IsTruncated").value_or("false") == "true") {
    page.continuation = XmlElement(body, "NextContinuationToken").value_or("");
  }
  return page;
}

}  // namespace cdc::store
