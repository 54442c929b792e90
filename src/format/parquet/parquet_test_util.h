#pragma once

// Helpers for the Parquet tests (src/format/parquet and tests/parquet).

#include <initializer_list>
#include <string>

namespace cdc::format::parquet::testing {

// The bytes given as numbers: Bytes({0x15, 0x02}) for hand-checked encodings.
inline std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int byte : bytes) out.push_back(static_cast<char>(byte));
  return out;
}

}  // namespace cdc::format::parquet::testing
