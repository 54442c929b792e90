#include "harness/maxwell_fixture.h"

#include <charconv>
#include <cctype>
#include <cstring>

namespace cdc::harness {
namespace {

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Reads little- or big-endian WKB (OGC Simple Features §8.2) into WKT text.
class WkbReader {
 public:
  explicit WkbReader(std::string_view bytes) : bytes_(bytes) {}

  bool Geometry(std::string* out, bool with_name = true) {
    uint8_t order = 0;
    if (!Byte(&order) || order > 1) return false;
    little_ = order == 1;
    uint32_t type = 0;
    if (!U32(&type)) return false;
    static const char* const kNames[] = {"",           "POINT",        "LINESTRING",
                                         "POLYGON",    "MULTIPOINT",   "MULTILINESTRING",
                                         "MULTIPOLYGON", "GEOMETRYCOLLECTION"};
    if (type < 1 || type > 7) return false;
    if (with_name) *out += std::string(kNames[type]) + " ";
    switch (type) {
      case 1: {
        *out += "(";
        if (!Point(out)) return false;
        *out += ")";
        return true;
      }
      case 2: return Points(out);
      case 3: return Rings(out);
      case 4:
      case 5:
      case 6: {
        // MULTIPOINT ((1 1), (2 2)); MULTILINESTRING ((..), (..)); MULTIPOLYGON (((..)), ((..)))
        uint32_t n = 0;
        if (!U32(&n) || n > remaining()) return false;
        *out += "(";
        for (uint32_t part_idx = 0; part_idx < n; ++part_idx) {
          if (part_idx > 0) *out += ", ";
          if (!Geometry(out, /*with_name=*/false)) return false;
        }
        *out += ")";
        return true;
      }
      case 7: {
        uint32_t n = 0;
        if (!U32(&n) || n > remaining()) return false;
        *out += "(";
        for (uint32_t part_idx = 0; part_idx < n; ++part_idx) {
          if (part_idx > 0) *out += ", ";
          if (!Geometry(out)) return false;
        }
        *out += ")";
        return true;
      }
      default: return false;
    }
  }

  bool AtEnd() const { return pos_ == bytes_.size(); }

 private:
  size_t remaining() const { return bytes_.size() - pos_; }
  bool Byte(uint8_t* out) {
    if (remaining() < 1) return false;
    *out = static_cast<uint8_t>(bytes_[pos_++]);
    return true;
  }
  bool U32(uint32_t* out) {
    if (remaining() < 4) return false;
    uint32_t v = 0;
    for (int byte_idx = 0; byte_idx < 4; ++byte_idx) {
      uint32_t b = static_cast<uint8_t>(bytes_[pos_ + (little_ ? byte_idx : 3 - byte_idx)]);
      v |= b << (8 * byte_idx);
    }
    pos_ += 4;
    *out = v;
    return true;
  }
  bool Double(double* out) {
    if (remaining() < 8) return false;
    uint64_t v = 0;
    for (int byte_idx = 0; byte_idx < 8; ++byte_idx) {
      uint64_t b = static_cast<uint8_t>(bytes_[pos_ + (little_ ? byte_idx : 7 - byte_idx)]);
      v |= b << (8 * byte_idx);
    }
    pos_ += 8;
    std::memcpy(out, &v, 8);
    return true;
  }
  static void Number(double v, std::string* out) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, ec == std::errc() ? end : buf);
  }
  bool Point(std::string* out) {
    double x = 0;
    double y = 0;
    if (!Double(&x) || !Double(&y)) return false;
    Number(x, out);
    *out += " ";
    Number(y, out);
    return true;
  }
  bool Points(std::string* out) {
    uint32_t n = 0;
    if (!U32(&n) || n > remaining() / 16) return false;
    *out += "(";
    for (uint32_t point_idx = 0; point_idx < n; ++point_idx) {
      if (point_idx > 0) *out += ", ";
      if (!Point(out)) return false;
    }
    *out += ")";
    return true;
  }
  bool Rings(std::string* out) {
    uint32_t n = 0;
    if (!U32(&n) || n > remaining() / 4) return false;
    *out += "(";
    for (uint32_t ring_idx = 0; ring_idx < n; ++ring_idx) {
      if (ring_idx > 0) *out += ", ";
      if (!Points(out)) return false;
    }
    *out += ")";
    return true;
  }

  std::string_view bytes_;
  size_t pos_ = 0;
  bool little_ = true;
};

}  // namespace

std::string QuoteBareJsonKeys(std::string_view json) {
  std::string out;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < json.size()) {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      out += c;
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      size_t end = i;
      while (end < json.size() && (std::isalnum(static_cast<unsigned char>(json[end])) || json[end] == '_')) ++end;
      size_t after = end;
      while (after < json.size() && std::isspace(static_cast<unsigned char>(json[after]))) ++after;
      std::string_view word = json.substr(i, end - i);
      if (after < json.size() && json[after] == ':') {
        out += "\"" + std::string(word) + "\"";
      } else {
        out += word;
      }
      i = end - 1;
      continue;
    }
    out += c;
  }
  return out;
}

Result<MaxwellFixture> ParseMaxwellFixture(std::string_view text) {
  struct Item {
    bool expectation;
    std::string text;
  };
  std::vector<Item> items;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (IsBlank(line)) continue;
    std::string_view trimmed = Trim(line);
    if (trimmed.size() >= 2 && trimmed.substr(0, 2) == "->") {
      std::string_view rest = Trim(trimmed.substr(2));
      if (!rest.empty() && rest[0] == '{') {
        items.push_back({true, std::string(rest)});
        continue;
      }
    }
    if (std::isspace(static_cast<unsigned char>(line[0]))) {
      if (items.empty()) return Status::Corruption("continuation line before any item", std::string(line));
      items.back().text += " " + std::string(trimmed);
      continue;
    }
    items.push_back({false, std::string(line)});
  }
  MaxwellFixture fixture;
  for (const Item& item : items) {
    if (!item.expectation) {
      fixture.statements.push_back(item.text);
      continue;
    }
    nlohmann::json json = nlohmann::json::parse(QuoteBareJsonKeys(item.text), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object()) return Status::Corruption("expectation is not a JSON object", item.text);
    fixture.expectations.push_back(std::move(json));
  }
  return fixture;
}

Result<std::string> MySqlGeometryToWkt(std::string_view srid_and_wkb) {
  if (srid_and_wkb.size() < 4) return Status::Corruption("geometry shorter than its SRID");
  WkbReader reader(srid_and_wkb.substr(4));
  std::string wkt;
  if (!reader.Geometry(&wkt) || !reader.AtEnd()) return Status::Corruption("malformed WKB");
  return wkt;
}

bool DecodeBase64(std::string_view text, std::string* bytes) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return false;
  bytes->clear();
  for (size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      char c = text[i + k];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
      } else {
        if (pad > 0) return false;
        v[k] = value(c);
        if (v[k] < 0) return false;
      }
    }
    uint32_t n = static_cast<uint32_t>(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
    *bytes += static_cast<char>(n >> 16);
    if (pad < 2) *bytes += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) *bytes += static_cast<char>(n & 0xff);
  }
  return true;
}

}  // namespace cdc::harness
