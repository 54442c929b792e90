#include "binlog/json_dom.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "binlog/json_binary.h"

namespace cdc::binlog {
namespace {

Status Bad(std::string_view detail) { return Status::Corruption("JSON text", detail); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xc0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xe0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
  } else {
    out->push_back(static_cast<char>(0xf0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3f)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3f)));
  }
}

// Reads the 4 hex digits after "\u" at text[pos].
bool ReadHex4(std::string_view text, size_t pos, uint32_t* out) {
  if (text.size() - pos < 4) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int h = HexValue(text[pos + i]);
    if (h < 0) return false;
    v = v << 4 | static_cast<uint32_t>(h);
  }
  *out = v;
  return true;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  Status Document(JsonNode* out) {
    CDC_RETURN_IF_ERROR(Value(out, 0));
    SkipSpace();
    if (pos_ != text_.size()) return Bad("text after the document");
    return Status::OK();
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
  }

  bool Consume(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Status Value(JsonNode* out, int depth) {
    SkipSpace();
    if (pos_ >= text_.size()) return Bad("unexpected end");
    const char c = text_[pos_];
    if (c == '{') return Object(out, depth + 1);
    if (c == '[') return Array(out, depth + 1);
    if (c == '"') {
      out->kind = JsonKind::kString;
      return ParseJsonStringToken(text_, &pos_, &out->text);
    }
    if (c == '-' || IsDigit(c)) return Number(out);
    if (Consume("null")) {
      out->kind = JsonKind::kNull;
      return Status::OK();
    }
    if (Consume("true")) {
      out->kind = JsonKind::kTrue;
      return Status::OK();
    }
    if (Consume("false")) {
      out->kind = JsonKind::kFalse;
      return Status::OK();
    }
    return Bad("unexpected character");
  }

  // number := '-'? ('0' | [1-9][0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
  Status Number(JsonNode* out) {
    const size_t start = pos_;
    if (text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !IsDigit(text_[pos_])) return Bad("bad number");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) return Bad("bad number fraction");
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ >= text_.size() || !IsDigit(text_[pos_])) return Bad("bad number exponent");
      while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    }
    out->kind = JsonKind::kNumber;
    out->text.assign(text_.substr(start, pos_ - start));
    return Status::OK();
  }

  Status Array(JsonNode* out, int depth) {
    if (depth > kMaxJsonDepth) return Bad("nesting deeper than 100");
    ++pos_;  // '['
    out->kind = JsonKind::kArray;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return Status::OK();
    }
    while (true) {
      out->elements.emplace_back();
      CDC_RETURN_IF_ERROR(Value(&out->elements.back(), depth));
      SkipSpace();
      if (pos_ >= text_.size()) return Bad("unterminated array");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == ']') {
        ++pos_;
        return Status::OK();
      }
      return Bad("expected ',' or ']'");
    }
  }

  Status Object(JsonNode* out, int depth) {
    if (depth > kMaxJsonDepth) return Bad("nesting deeper than 100");
    ++pos_;  // '{'
    out->kind = JsonKind::kObject;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return Status::OK();
    }
    while (true) {
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != '"') return Bad("expected a key");
      JsonMember member;
      CDC_RETURN_IF_ERROR(ParseJsonStringToken(text_, &pos_, &member.key));
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') return Bad("expected ':'");
      ++pos_;
      CDC_RETURN_IF_ERROR(Value(&member.value, depth));
      out->members.push_back(std::move(member));
      SkipSpace();
      if (pos_ >= text_.size()) return Bad("unterminated object");
      if (text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (text_[pos_] == '}') {
        ++pos_;
        break;
      }
      return Bad("expected ',' or '}'");
    }
    // Sort into key order; of duplicate keys keep the last one (MySQL 8 semantics).
    auto& members = out->members;
    std::stable_sort(members.begin(), members.end(),
                     [](const JsonMember& a, const JsonMember& b) { return JsonKeyLess(a.key, b.key); });
    size_t kept = 0;
    for (size_t i = 0; i < members.size(); ++i) {
      if (i + 1 < members.size() && members[i].key == members[i + 1].key) continue;
      if (kept != i) members[kept] = std::move(members[i]);
      ++kept;
    }
    members.resize(kept);
    return Status::OK();
  }

  std::string_view text_;
  size_t pos_ = 0;
};

Status AppendNode(const JsonNode& node, int depth, std::string* out) {
  switch (node.kind) {
    case JsonKind::kNull:
      out->append("null");
      return Status::OK();
    case JsonKind::kTrue:
      out->append("true");
      return Status::OK();
    case JsonKind::kFalse:
      out->append("false");
      return Status::OK();
    case JsonKind::kNumber:
      out->append(node.text);
      return Status::OK();
    case JsonKind::kString:
      AppendJsonString(node.text, out);
      return Status::OK();
    case JsonKind::kArray:
      if (depth + 1 > kMaxJsonDepth) return Status::Corruption("JSON document", "nesting deeper than 100");
      out->push_back('[');
      for (size_t i = 0; i < node.elements.size(); ++i) {
        if (i > 0) out->append(", ");
        CDC_RETURN_IF_ERROR(AppendNode(node.elements[i], depth + 1, out));
      }
      out->push_back(']');
      return Status::OK();
    case JsonKind::kObject:
      if (depth + 1 > kMaxJsonDepth) return Status::Corruption("JSON document", "nesting deeper than 100");
      out->push_back('{');
      for (size_t i = 0; i < node.members.size(); ++i) {
        if (i > 0) out->append(", ");
        AppendJsonString(node.members[i].key, out);
        out->append(": ");
        CDC_RETURN_IF_ERROR(AppendNode(node.members[i].value, depth + 1, out));
      }
      out->push_back('}');
      return Status::OK();
  }
  return Status::Corruption("JSON document", "unknown node kind");
}

}  // namespace

std::string_view ToString(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kTrue:
      return "true";
    case JsonKind::kFalse:
      return "false";
    case JsonKind::kNumber:
      return "number";
    case JsonKind::kString:
      return "string";
    case JsonKind::kArray:
      return "array";
    case JsonKind::kObject:
      return "object";
  }
  return "unknown";
}

bool JsonKeyLess(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return std::memcmp(a.data(), b.data(), a.size()) < 0;
}

Status ParseJsonStringToken(std::string_view text, size_t* pos, std::string* out) {
  size_t p = *pos;
  if (p >= text.size() || text[p] != '"') return Bad("expected a string");
  ++p;
  out->clear();
  while (true) {
    // Copy the run of plain bytes up to the next quote, backslash or control character.
    const size_t run_start = p;
    while (p < text.size()) {
      const auto c = static_cast<unsigned char>(text[p]);
      if (c == '"' || c == '\\' || c < 0x20) break;
      ++p;
    }
    out->append(text.data() + run_start, p - run_start);
    if (p >= text.size()) return Bad("unterminated string");
    const char c = text[p];
    if (c == '"') {
      *pos = p + 1;
      return Status::OK();
    }
    if (c != '\\') return Bad("control character in string");
    ++p;
    if (p >= text.size()) return Bad("unterminated escape");
    switch (text[p++]) {
      case '"':
        out->push_back('"');
        break;
      case '\\':
        out->push_back('\\');
        break;
      case '/':
        out->push_back('/');
        break;
      case 'b':
        out->push_back('\b');
        break;
      case 'f':
        out->push_back('\f');
        break;
      case 'n':
        out->push_back('\n');
        break;
      case 'r':
        out->push_back('\r');
        break;
      case 't':
        out->push_back('\t');
        break;
      case 'u': {
        uint32_t unit;
        if (!ReadHex4(text, p, &unit)) return Bad("bad \\u escape");
        p += 4;
        if (unit >= 0xdc00 && unit <= 0xdfff) return Bad("lone low surrogate");
        if (unit >= 0xd800 && unit <= 0xdbff) {
          uint32_t low;
          if (text.size() - p < 2 || text[p] != '\\' || text[p + 1] != 'u' || !ReadHex4(text, p + 2, &low) ||
              low < 0xdc00 || low > 0xdfff)
            return Bad("lone high surrogate");
          p += 6;
          unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
        }
        AppendUtf8(unit, out);
        break;
      }
      default:
        return Bad("unknown escape");
    }
  }
}

Status ParseJsonText(std::string_view text, JsonNode* out) {
  *out = JsonNode();
  Parser parser(text);
  return parser.Document(out);
}

size_t FindJsonMember(const JsonNode& object, std::string_view key) {
  const auto& members = object.members;
  auto it = std::lower_bound(members.begin(), members.end(), key,
                             [](const JsonMember& m, std::string_view k) { return JsonKeyLess(m.key, k); });
  if (it != members.end() && it->key == key) return static_cast<size_t>(it - members.begin());
  return members.size();
}

Status AppendJsonDomText(const JsonNode& node, std::string* out) { return AppendNode(node, 0, out); }

}  // namespace cdc::binlog
