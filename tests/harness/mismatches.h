#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace cdc::harness {

// Collects the mismatches an oracle test finds, so that one assertion can report the first ones, the
// total, and the count per column. Not thread-safe.
class Mismatches {
 public:
  void Add(std::string message) {
    if (messages_.size() < kKept) messages_.push_back(std::move(message));
    ++count_;
  }
  void AddColumn(const std::string& table, const std::string& column) { ++per_column_[table + "." + column]; }
  bool empty() const { return count_ == 0; }
  // "<n> mismatches[; per column: t.c=n ...]" and then the kept messages (each cut at 600 characters).
  std::string Report() const {
    std::string out = std::to_string(count_) + " mismatches";
    if (!per_column_.empty()) {
      out += "; per column:";
      for (const auto& [column, n] : per_column_) out += " " + column + "=" + std::to_string(n);
    }
    out += "\n";
    for (const std::string& message : messages_) out += "  " + message.substr(0, 600) + "\n";
    if (count_ > messages_.size()) out += "  ... (" + std::to_string(count_ - messages_.size()) + " more)\n";
    return out;
  }

 private:
  static constexpr size_t kKept = 60;
  std::vector<std::string> messages_;
  std::map<std::string, size_t> per_column_;
  size_t count_ = 0;
};

}  // namespace cdc::harness
