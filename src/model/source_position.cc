#include "model/source_position.h"

namespace cdc::model {
namespace {

// The digits after the last '.', or an empty view when there are none or something else follows.
std::string_view NumericExtension(std::string_view file) {
  size_t dot = file.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == file.size()) return {};
  std::string_view digits = file.substr(dot + 1);
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return {};
  }
  while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);
  return digits;
}

}  // namespace

int CompareBinlogPlaces(std::string_view file_a, uint64_t offset_a, std::string_view file_b, uint64_t offset_b) {
  if (file_a != file_b) {
    std::string_view a = NumericExtension(file_a), b = NumericExtension(file_b);
    if (a.empty() || b.empty()) return file_a < file_b ? -1 : 1;
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    if (a != b) return a < b ? -1 : 1;
    return file_a < file_b ? -1 : 1;  // same number, another basename: text order, for totality
  }
  return offset_a < offset_b ? -1 : (offset_a > offset_b ? 1 : 0);
}

}  // namespace cdc::model
