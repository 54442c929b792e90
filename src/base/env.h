#pragma once

#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cdc {

// Reads an environment variable: nullopt when it is unset. Passed around rather than calling getenv
// directly, so that tests can give a fixed environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment.
inline EnvLookup ProcessEnv() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

}  // namespace cdc
