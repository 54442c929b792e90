#include "binlog/json_diff.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "binlog/json_binary.h"
#include "binlog/json_dom.h"

// Diff list layout (mysql-server sql/json_diff.cc, Json_diff::write_binary and
// Json_diff_vector::read_binary), repeated until the bytes end:
//
//   operation  u8            REPLACE = 0, INSERT = 1, REMOVE = 2 (enum_json_diff_operation)
//   path       lenenc length, then the path text as Json_path::to_string prints it
//   value      REPLACE and INSERT only: lenenc length, then a binary JSON document
//
// Paths hold only member and array-cell legs: $, .name, ."quoted name", [N], [last], [last-N].
// Semantics follow apply_json_diffs (sql/json_diff.cc): a diff whose path is the root, or whose
// target is missing, is rejected by the server; here it is Corruption, because the server only
// logs diffs that applied.

namespace cdc::binlog {
namespace {

enum class DiffOperation : uint8_t { kReplace = 0, kInsert = 1, kRemove = 2 };

Status Bad(std::string_view detail) { return Status::Corruption("JSON diff", detail); }

struct PathLeg {
  bool is_member = false;
  std::string member;    // is_member
  uint64_t index = 0;    // !is_member: the array index, counted from the end if from_end
  bool from_end = false;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Parses an array index inside "[...]" starting at text[*pos]: N, last or last-N.
Status ParseArrayIndex(std::string_view text, size_t* pos, PathLeg* leg) {
  size_t p = *pos;
  auto skip_space = [&] {
    while (p < text.size() && IsSpace(text[p])) ++p;
  };
  auto read_number = [&](uint64_t* out) -> bool {
    const size_t start = p;
    uint64_t v = 0;
    while (p < text.size() && text[p] >= '0' && text[p] <= '9') {
      const uint64_t digit = static_cast<uint64_t>(text[p] - '0');
      if (v > (UINT32_MAX - digit) / 10) return false;  // array indexes are 32-bit in MySQL
      v = v * 10 + digit;
      ++p;
    }
    *out = v;
    return p > start;
  };
  skip_space();
  if (text.substr(p, 4) == "last") {
    p += 4;
    leg->from_end = true;
    leg->index = 0;
    skip_space();
    if (p < text.size() && text[p] == '-') {
      ++p;
      skip_space();
      if (!read_number(&leg->index)) return Bad("bad array index after 'last-'");
    }
  } else if (!read_number(&leg->index)) {
    return Bad("bad array index (wildcards and ranges do not appear in diffs)");
  }
  skip_space();
  if (p >= text.size() || text[p] != ']') return Bad("expected ']' in path");
  *pos = p + 1;
  return Status::OK();
}

// Parses a path as Json_path::to_string prints it (sql-common/json_path.cc): '$' then legs.
// Whitespace between tokens is allowed, as MySQL's parse_path allows it. Unquoted member names
// run to the next '.', '[' or whitespace.
Status ParsePath(std::string_view text, std::vector<PathLeg>* legs) {
  size_t p = 0;
  auto skip_space = [&] {
    while (p < text.size() && IsSpace(text[p])) ++p;
  };
  skip_space();
  if (p >= text.size() || text[p] != '$') return Bad("path does not start with '$'");
  ++p;
  while (true) {
    skip_space();
    if (p >= text.size()) return Status::OK();
    PathLeg leg;
    if (text[p] == '.') {
      ++p;
      skip_space();
      leg.is_member = true;
      if (p < text.size() && text[p] == '"') {
        CDC_RETURN_IF_ERROR(ParseJsonStringToken(text, &p, &leg.member));
      } else {
        const size_t start = p;
        while (p < text.size() && text[p] != '.' && text[p] != '[' && !IsSpace(text[p])) ++p;
        leg.member.assign(text.substr(start, p - start));
        if (leg.member.empty()) return Bad("empty member name in path");
        if (leg.member == "*" || leg.member.find('"') != std::string::npos || leg.member.find(']') != std::string::npos)
          return Bad("bad member name in path (wildcards do not appear in diffs)");
      }
    } else if (text[p] == '[') {
      ++p;
      CDC_RETURN_IF_ERROR(ParseArrayIndex(text, &p, &leg));
    } else {
      return Bad("unexpected character in path");
    }
    legs->push_back(std::move(leg));
  }
}

// Json_array_index (sql-common/json_path.h): the position in an array of `size` elements and
// whether it is within bounds. Out-of-range indexes clamp to 0 (from the end) or to size.
size_t ArrayPosition(const PathLeg& leg, size_t size, bool* within_bounds) {
  *within_bounds = leg.index < size;
  if (leg.from_end) return leg.index < size ? size - 1 - leg.index : 0;
  return leg.index < size ? static_cast<size_t>(leg.index) : size;
}

// seek_exact_path: follows member legs through objects and cell legs through arrays, with no
// auto-wrapping. Returns nullptr when the path does not lead anywhere.
JsonNode* Seek(JsonNode* node, const std::vector<PathLeg>& legs, size_t leg_count) {
  for (size_t leg_idx = 0; leg_idx < leg_count; ++leg_idx) {
    const PathLeg& leg = legs[leg_idx];
    if (node->kind == JsonKind::kArray && !leg.is_member) {
      bool within_bounds;
      const size_t position = ArrayPosition(leg, node->elements.size(), &within_bounds);
      if (!within_bounds) return nullptr;
      node = &node->elements[position];
    } else if (node->kind == JsonKind::kObject && leg.is_member) {
      const size_t found = FindJsonMember(*node, leg.member);
      if (found == node->members.size()) return nullptr;
      node = &node->members[found].value;
    } else {
      return nullptr;
    }
  }
  return node;
}

Status ApplyOne(DiffOperation operation, const std::vector<PathLeg>& legs, JsonNode value, JsonNode* root) {
  if (legs.empty()) return Bad("diff path is the document root");
  if (operation == DiffOperation::kReplace) {
    JsonNode* target = Seek(root, legs, legs.size());
    if (target == nullptr) return Bad("REPLACE path not found in the before-image");
    *target = std::move(value);
    return Status::OK();
  }
  JsonNode* parent = Seek(root, legs, legs.size() - 1);
  if (parent == nullptr) return Bad("parent of the diff path not found in the before-image");
  const PathLeg& last = legs.back();
  if (operation == DiffOperation::kInsert) {
    if (parent->kind == JsonKind::kObject && last.is_member) {
      const size_t found = FindJsonMember(*parent, last.member);
      if (found != parent->members.size()) return Bad("INSERT of a key that already exists");
      // Keep the members in key order: insert before the first larger key.
      auto& members = parent->members;
      size_t position = 0;
      while (position < members.size() && JsonKeyLess(members[position].key, last.member)) ++position;
      members.insert(members.begin() + static_cast<std::ptrdiff_t>(position),
                     JsonMember{last.member, std::move(value)});
      return Status::OK();
    }
    if (parent->kind == JsonKind::kArray && !last.is_member) {
      bool within_bounds;
      const size_t position = ArrayPosition(last, parent->elements.size(), &within_bounds);
      parent->elements.insert(parent->elements.begin() + static_cast<std::ptrdiff_t>(position), std::move(value));
      return Status::OK();
    }
    return Bad("INSERT path does not match the container it points into");
  }
  // kRemove
  if (parent->kind == JsonKind::kObject && last.is_member) {
    const size_t found = FindJsonMember(*parent, last.member);
    if (found == parent->members.size()) return Bad("REMOVE of a missing key");
    parent->members.erase(parent->members.begin() + static_cast<std::ptrdiff_t>(found));
    return Status::OK();
  }
  if (parent->kind == JsonKind::kArray && !last.is_member) {
    bool within_bounds;
    const size_t position = ArrayPosition(last, parent->elements.size(), &within_bounds);
    if (!within_bounds) return Bad("REMOVE of an array cell out of bounds");
    parent->elements.erase(parent->elements.begin() + static_cast<std::ptrdiff_t>(position));
    return Status::OK();
  }
  return Bad("REMOVE path does not match the container it points into");
}

}  // namespace

Status ApplyJsonDiffs(std::string_view base_json_text, ByteView diffs, std::string* out) {
  JsonNode root;
  CDC_RETURN_IF_ERROR(ParseJsonText(base_json_text, &root).WithContext("JSON diff before-image"));

  ByteReader in(diffs);
  std::vector<PathLeg> legs;
  std::string value_text;
  while (!in.empty()) {
    uint8_t operation_byte;
    if (!in.ReadU8(&operation_byte)) return Bad("truncated operation");
    if (operation_byte > static_cast<uint8_t>(DiffOperation::kRemove)) return Bad("unknown operation");
    const auto operation = static_cast<DiffOperation>(operation_byte);

    uint64_t path_length;
    std::string_view path;
    if (!in.ReadPackedInt(&path_length) || path_length > in.remaining() ||
        !in.ReadString(static_cast<size_t>(path_length), &path))
      return Bad("truncated path");
    legs.clear();
    CDC_RETURN_IF_ERROR(ParsePath(path, &legs));

    JsonNode value;
    if (operation != DiffOperation::kRemove) {
      uint64_t value_length;
      ByteView value_bytes;
      if (!in.ReadPackedInt(&value_length) || value_length > in.remaining() ||
          !in.ReadBytes(static_cast<size_t>(value_length), &value_bytes))
        return Bad("truncated value");
      // The value becomes text in MySQL's form, then a DOM node: one way into the DOM keeps
      // numbers and opaque values printing exactly as AppendJsonText prints them.
      value_text.clear();
      CDC_RETURN_IF_ERROR(AppendJsonText(value_bytes, &value_text));
      CDC_RETURN_IF_ERROR(ParseJsonText(value_text, &value));
    }
    CDC_RETURN_IF_ERROR(ApplyOne(operation, legs, std::move(value), &root));
  }
  return AppendJsonDomText(root, out);
}

}  // namespace cdc::binlog
