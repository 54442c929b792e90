#include "model/gtid.h"

#include <algorithm>
#include <charconv>

namespace cdc::model {

namespace {

std::string_view Trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (begin < end && space(text[begin])) ++begin;
  while (end > begin && space(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

template <typename T>
bool ParseNumber(std::string_view text, T* out) {
  if (text.empty()) return false;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && ptr == text.data() + text.size();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// MySQL tags (libs/mysql/gtid/tag.h): 1..32 characters, a letter or '_' first, then letters, digits or
// '_'; case-insensitive, normalized to lowercase.
bool NormalizeTag(std::string_view text, std::string* out) {
  if (text.empty() || text.size() > 32) return false;
  out->clear();
  for (size_t char_idx = 0; char_idx < text.size(); ++char_idx) {
    char c = text[char_idx];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && char_idx > 0)) return false;
    out->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return true;
}

constexpr int64_t kMaxGno = INT64_MAX - 1;  // GNO_END is INT64_MAX, exclusive

Status BadGtidText(std::string_view what, std::string_view text) {
  std::string quoted = "\"";
  quoted.append(text);
  quoted.push_back('"');
  return Status::InvalidArgument(what, quoted);
}

}  // namespace

std::string Uuid::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t byte_idx = 0; byte_idx < 16; ++byte_idx) {
    if (byte_idx == 4 || byte_idx == 6 || byte_idx == 8 || byte_idx == 10) out.push_back('-');
    out.push_back(kHex[bytes[byte_idx] >> 4]);
    out.push_back(kHex[bytes[byte_idx] & 0xf]);
  }
  return out;
}

Result<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != 36) return BadGtidText("UUID", text);
  Uuid uuid;
  size_t byte_idx = 0;
  for (size_t pos = 0; pos < 36;) {
    if (pos == 8 || pos == 13 || pos == 18 || pos == 23) {
      if (text[pos] != '-') return BadGtidText("UUID", text);
      ++pos;
      continue;
    }
    int high = HexValue(text[pos]), low = HexValue(text[pos + 1]);
    if (high < 0 || low < 0) return BadGtidText("UUID", text);
    uuid.bytes[byte_idx++] = static_cast<uint8_t>(high << 4 | low);
    pos += 2;
  }
  return uuid;
}

std::string MysqlGtid::ToString() const {
  std::string out = uuid.ToString();
  out.push_back(':');
  if (!tag.empty()) {
    out.append(tag);
    out.push_back(':');
  }
  out.append(std::to_string(gno));
  return out;
}

Result<MysqlGtid> MysqlGtid::Parse(std::string_view text) {
  text = Trim(text);
  size_t first = text.find(':');
  if (first == std::string_view::npos) return BadGtidText("MySQL GTID", text);
  CDC_ASSIGN_OR_RETURN(Uuid uuid, Uuid::Parse(text.substr(0, first)));
  MysqlGtid gtid;
  gtid.uuid = uuid;
  std::string_view rest = text.substr(first + 1);
  size_t second = rest.find(':');
  if (second != std::string_view::npos) {
    if (!NormalizeTag(rest.substr(0, second), &gtid.tag)) return BadGtidText("MySQL GTID tag", text);
    rest = rest.substr(second + 1);
  }
  if (!ParseNumber(rest, &gtid.gno) || gtid.gno < 1 || gtid.gno > kMaxGno) return BadGtidText("MySQL GTID", text);
  return gtid;
}

Result<MysqlGtidSet> MysqlGtidSet::Parse(std::string_view text) {
  MysqlGtidSet set;
  text = Trim(text);
  if (text.empty()) return set;
  // Elements are separated by ','; each is "uuid" followed by ":"-separated parts, where a part is an
  // interval ("5" or "1-5") or a tag that applies to the intervals after it.
  while (true) {
    size_t comma = text.find(',');
    std::string_view element = Trim(text.substr(0, comma));
    size_t colon = element.find(':');
    CDC_ASSIGN_OR_RETURN(Uuid uuid, Uuid::Parse(Trim(element.substr(0, colon))));
    std::string tag;
    bool any_interval = false;
    while (colon != std::string_view::npos) {
      element = element.substr(colon + 1);
      colon = element.find(':');
      std::string_view part = Trim(element.substr(0, colon));
      if (part.empty()) return BadGtidText("MySQL GTID set", text);
      if (part[0] >= '0' && part[0] <= '9') {
        size_t dash = part.find('-');
        int64_t first = 0, last = 0;
        if (!ParseNumber(part.substr(0, dash), &first)) return BadGtidText("MySQL GTID set interval", part);
        last = first;
        if (dash != std::string_view::npos && !ParseNumber(part.substr(dash + 1), &last)) {
          return BadGtidText("MySQL GTID set interval", part);
        }
        if (first < 1 || last < first || last > kMaxGno) return BadGtidText("MySQL GTID set interval", part);
        CDC_RETURN_IF_ERROR(set.AddInterval(uuid, tag, first, last));
        any_interval = true;
      } else if (!NormalizeTag(part, &tag)) {
        return BadGtidText("MySQL GTID set tag", part);
      }
    }
    if (!any_interval) return BadGtidText("MySQL GTID set element without intervals", element);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return set;
}

Status MysqlGtidSet::AddInterval(const Uuid& uuid, std::string_view tag, int64_t first, int64_t last) {
  if (first < 1 || last < first || last > kMaxGno) {
    return Status::InvalidArgument("GTID interval", std::to_string(first) + "-" + std::to_string(last));
  }
  std::vector<GnoInterval>& intervals = sets_[Key{uuid, std::string(tag)}];
  // Find the first interval that ends at or after first - 1 (could touch or overlap).
  auto it = std::lower_bound(intervals.begin(), intervals.end(), first,
                             [](const GnoInterval& interval, int64_t value) { return interval.last < value - 1; });
  if (it == intervals.end() || it->first > last + 1) {
    intervals.insert(it, GnoInterval{first, last});
    return Status::OK();
  }
  // Merge [first, last] with every interval it touches.
  it->first = std::min(it->first, first);
  it->last = std::max(it->last, last);
  auto next = it + 1;
  while (next != intervals.end() && next->first <= it->last + 1) {
    it->last = std::max(it->last, next->last);
    ++next;
  }
  intervals.erase(it + 1, next);
  return Status::OK();
}

void MysqlGtidSet::AddSet(const MysqlGtidSet& other) {
  for (const auto& [key, intervals] : other.sets_) {
    for (const GnoInterval& interval : intervals) (void)AddInterval(key.uuid, key.tag, interval.first, interval.last);
  }
}

bool MysqlGtidSet::Contains(const MysqlGtid& gtid) const {
  auto found = sets_.find(Key{gtid.uuid, gtid.tag});
  if (found == sets_.end()) return false;
  const std::vector<GnoInterval>& intervals = found->second;
  auto it = std::lower_bound(intervals.begin(), intervals.end(), gtid.gno,
                             [](const GnoInterval& interval, int64_t value) { return interval.last < value; });
  return it != intervals.end() && it->first <= gtid.gno;
}

std::string MysqlGtidSet::ToString() const {
  std::string out;
  const Uuid* current = nullptr;
  for (const auto& [key, intervals] : sets_) {
    if (current == nullptr || key.uuid != *current) {
      if (current != nullptr) out.push_back(',');
      out.append(key.uuid.ToString());
      current = &key.uuid;
    }
    if (!key.tag.empty()) {
      out.push_back(':');
      out.append(key.tag);
    }
    for (const GnoInterval& interval : intervals) {
      out.push_back(':');
      out.append(std::to_string(interval.first));
      if (interval.last != interval.first) {
        out.push_back('-');
        out.append(std::to_string(interval.last));
      }
    }
  }
  return out;
}

std::string MariaGtid::ToString() const {
  std::string out;
  AppendTo(&out);
  return out;
}

void MariaGtid::AppendTo(std::string* out) const {
  auto append_number = [out](uint64_t value) {
    char digits[20];
    out->append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
  };
  append_number(domain_id);
  out->push_back('-');
  append_number(server_id);
  out->push_back('-');
  append_number(seq_no);
}

Result<MariaGtid> MariaGtid::Parse(std::string_view text) {
  text = Trim(text);
  size_t first = text.find('-');
  size_t second = first == std::string_view::npos ? first : text.find('-', first + 1);
  MariaGtid gtid;
  if (second == std::string_view::npos || !ParseNumber(text.substr(0, first), &gtid.domain_id) ||
      !ParseNumber(text.substr(first + 1, second - first - 1), &gtid.server_id) ||
      !ParseNumber(text.substr(second + 1), &gtid.seq_no)) {
    return BadGtidText("MariaDB GTID", text);
  }
  return gtid;
}

Result<MariaGtidPosition> MariaGtidPosition::Parse(std::string_view text) {
  MariaGtidPosition position;
  text = Trim(text);
  if (text.empty()) return position;
  while (true) {
    size_t comma = text.find(',');
    CDC_ASSIGN_OR_RETURN(MariaGtid gtid, MariaGtid::Parse(text.substr(0, comma)));
    if (position.domains_.count(gtid.domain_id) != 0) {
      return Status::InvalidArgument("MariaDB GTID position", "domain " + std::to_string(gtid.domain_id) + " twice");
    }
    position.Add(gtid);
    if (comma == std::string_view::npos) break;
    text = text.substr(comma + 1);
  }
  return position;
}

bool MariaGtidPosition::Contains(const MariaGtid& gtid) const {
  const MariaGtid* last = Find(gtid.domain_id);
  return last != nullptr && last->seq_no >= gtid.seq_no;
}

const MariaGtid* MariaGtidPosition::Find(uint32_t domain_id) const {
  auto found = domains_.find(domain_id);
  return found == domains_.end() ? nullptr : &found->second;
}

std::string MariaGtidPosition::ToString() const {
  std::string out;
  for (const auto& [domain, gtid] : domains_) {
    if (!out.empty()) out.push_back(',');
    out.append(gtid.ToString());
  }
  return out;
}

}  // namespace cdc::model
