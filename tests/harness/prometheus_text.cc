#include "harness/prometheus_text.h"

#include <cmath>
#include <cstdlib>
#include <set>

namespace cdc::harness {
namespace {

bool NameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool NameChar(char c) { return NameStart(c) || (c >= '0' && c <= '9'); }

bool ValidName(const std::string& name, bool label) {
  if (name.empty() || !NameStart(name[0])) return false;
  for (char c : name) {
    if (!NameChar(c) || (label && c == ':')) return false;
  }
  return true;
}

// Go's ParseFloat forms that Prometheus accepts: decimal and exponent forms, NaN, +Inf, -Inf, Inf.
bool ParseValue(const std::string& text, double* value) {
  if (text == "NaN") {
    *value = std::nan("");
    return true;
  }
  if (text == "+Inf" || text == "Inf") {
    *value = HUGE_VAL;
    return true;
  }
  if (text == "-Inf") {
    *value = -HUGE_VAL;
    return true;
  }
  if (text.empty()) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) return false;
  }
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// The family a sample belongs to: histogram and summary samples carry suffixes.
std::string FamilyOf(const std::string& sample, const std::map<std::string, PromFamily>& families) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (sample.size() > s.size() && sample.ends_with(s)) {
      auto found = families.find(sample.substr(0, sample.size() - s.size()));
      if (found != families.end() && (found->second.type == "histogram" || found->second.type == "summary")) {
        return found->first;
      }
    }
  }
  return sample;
}

Status CheckHistogram(const PromFamily& family) {
  // Per label set (without le): buckets in increasing le, cumulative, +Inf == _count, _sum present.
  struct Series {
    std::vector<std::pair<double, double>> buckets;
    std::optional<double> sum, count;
  };
  std::map<std::map<std::string, std::string>, Series> series;
  for (const PromSample& sample : family.samples) {
    std::map<std::string, std::string> labels = sample.labels;
    if (sample.name == family.name + "_bucket") {
      auto le = labels.find("le");
      if (le == labels.end()) return Status::InvalidArgument(sample.name, "a bucket without le");
      double bound = 0;
      if (!ParseValue(le->second, &bound)) return Status::InvalidArgument(sample.name, "le is not a number");
      labels.erase(le);
      series[labels].buckets.emplace_back(bound, sample.value);
    } else if (sample.name == family.name + "_sum") {
      series[labels].sum = sample.value;
    } else if (sample.name == family.name + "_count") {
      series[labels].count = sample.value;
    } else {
      return Status::InvalidArgument(sample.name, "is not a sample of histogram " + family.name);
    }
  }
  for (const auto& [labels, one] : series) {
    if (!one.sum || !one.count) return Status::InvalidArgument(family.name, "a series without _sum or _count");
    if (one.buckets.empty() || !std::isinf(one.buckets.back().first)) {
      return Status::InvalidArgument(family.name, "a series without its +Inf bucket last");
    }
    for (size_t idx = 1; idx < one.buckets.size(); ++idx) {
      if (!(one.buckets[idx].first > one.buckets[idx - 1].first)) {
        return Status::InvalidArgument(family.name, "buckets out of order");
      }
      if (one.buckets[idx].second < one.buckets[idx - 1].second) {
        return Status::InvalidArgument(family.name, "bucket counts decrease");
      }
    }
    if (one.buckets.back().second != *one.count) {
      return Status::InvalidArgument(family.name, "the +Inf bucket differs from _count");
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::map<std::string, PromFamily>> ParsePrometheusText(const std::string& text) {
  std::map<std::string, PromFamily> families;
  std::set<std::string> series_seen;
  std::set<std::string> families_done;  // families whose samples ended (a later sample breaks contiguity)
  std::string current;                  // family of the previous sample
  if (!text.empty() && text.back() != '\n') return Status::InvalidArgument("metrics", "do not end in a newline");
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    auto fail = [&](const std::string& why) {
      return Status::InvalidArgument("line " + std::to_string(line_number) + " \"" + line + "\"", why);
    };
    if (line.empty()) continue;
    if (line[0] == '#') {
      if (line.starts_with("# HELP ") || line.starts_with("# TYPE ")) {
        const bool is_type = line[2] == 'T';
        const std::string rest = line.substr(7);
        const size_t space = rest.find(' ');
        const std::string name = rest.substr(0, space);
        const std::string value = space == std::string::npos ? "" : rest.substr(space + 1);
        if (!ValidName(name, false)) return fail("invalid metric name");
        PromFamily& family = families[name];
        family.name = name;
        if (is_type) {
          static const std::set<std::string> kTypes = {"counter", "gauge", "histogram", "summary", "untyped"};
          if (!kTypes.contains(value)) return fail("unknown type");
          if (!family.type.empty()) return fail("a second TYPE");
          if (!family.samples.empty()) return fail("TYPE after the family's samples");
          family.type = value;
        } else {
          if (!family.help.empty()) return fail("a second HELP");
          for (size_t idx = 0; idx < value.size(); ++idx) {
            if (value[idx] == '\\') {
              if (idx + 1 >= value.size() || (value[idx + 1] != '\\' && value[idx + 1] != 'n')) {
                return fail("an unknown escape in HELP");
              }
              family.help.push_back(value[++idx] == 'n' ? '\n' : '\\');
            } else {
              family.help.push_back(value[idx]);
            }
          }
        }
      }
      continue;  // another comment
    }
    PromSample sample;
    size_t at = 0;
    while (at < line.size() && NameChar(line[at])) ++at;
    sample.name = line.substr(0, at);
    if (!ValidName(sample.name, false)) return fail("invalid metric name");
    if (at < line.size() && line[at] == '{') {
      ++at;
      while (true) {
        if (at < line.size() && line[at] == '}') {
          ++at;
          break;
        }
        size_t name_end = at;
        while (name_end < line.size() && NameChar(line[name_end])) ++name_end;
        const std::string label = line.substr(at, name_end - at);
        if (!ValidName(label, true)) return fail("invalid label name");
        if (name_end + 1 >= line.size() || line[name_end] != '=' || line[name_end + 1] != '"') {
          return fail("expected =\" after a label name");
        }
        at = name_end + 2;
        std::string value;
        bool closed = false;
        while (at < line.size()) {
          const char c = line[at++];
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\') {
            if (at >= line.size()) return fail("a dangling escape");
            const char escaped = line[at++];
            if (escaped == 'n') {
              value.push_back('\n');
            } else if (escaped == '\\' || escaped == '"') {
              value.push_back(escaped);
            } else {
              return fail("an unknown escape in a label value");
            }
          } else {
            value.push_back(c);
          }
        }
        if (!closed) return fail("an unterminated label value");
        if (!sample.labels.emplace(label, value).second) return fail("a label twice");
        if (at < line.size() && line[at] == ',') {
          ++at;
        } else if (at >= line.size() || line[at] != '}') {
          return fail("expected , or } after a label");
        }
      }
    }
    if (at >= line.size() || line[at] != ' ') return fail("expected a space before the value");
    const std::string rest = line.substr(at + 1);
    const size_t space = rest.find(' ');
    const std::string value_text = rest.substr(0, space);
    if (!ParseValue(value_text, &sample.value)) return fail("invalid value");
    if (space != std::string::npos) {
      const std::string timestamp = rest.substr(space + 1);
      if (timestamp.empty() || timestamp.find_first_not_of("-0123456789") != std::string::npos) {
        return fail("invalid timestamp");
      }
    }
    const std::string family_name = FamilyOf(sample.name, families);
    if (family_name != current) {
      if (families_done.contains(family_name)) return fail("the family's samples are not contiguous");
      if (!current.empty()) families_done.insert(current);
      current = family_name;
    }
    PromFamily& family = families[family_name];
    family.name = family_name;
    if (family.type.empty()) family.type = "untyped";
    std::string series = sample.name;
    for (const auto& [label, value] : sample.labels) series += "\x1f" + label + "\x1e" + value;
    if (!series_seen.insert(series).second) return fail("a series twice");
    if (family.type == "counter" && !(sample.value >= 0)) return fail("a counter below zero");
    family.samples.push_back(std::move(sample));
  }
  for (const auto& [name, family] : families) {
    if (family.type == "histogram") CDC_RETURN_IF_ERROR(CheckHistogram(family));
  }
  return families;
}

std::optional<double> PromValue(const std::map<std::string, PromFamily>& families, const std::string& name,
                                const std::map<std::string, std::string>& labels) {
  for (const auto& [family_name, family] : families) {
    for (const PromSample& sample : family.samples) {
      if (sample.name == name && sample.labels == labels) return sample.value;
    }
  }
  return std::nullopt;
}

double PromSum(const std::map<std::string, PromFamily>& families, const std::string& name) {
  double sum = 0;
  for (const auto& [family_name, family] : families) {
    for (const PromSample& sample : family.samples) {
      if (sample.name == name) sum += sample.value;
    }
  }
  return sum;
}

}  // namespace cdc::harness
