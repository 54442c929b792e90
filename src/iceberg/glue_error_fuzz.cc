// libFuzzer target: a Glue error answer's "__type" as the Glue catalog reads it (glue_catalog.h), on
// arbitrary bytes. Checks that the type it gives has neither a namespace nor a suffix left.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "iceberg/glue_catalog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string type =
      cdc::iceberg::GlueErrorType(std::string_view(reinterpret_cast<const char*>(data), size));
  if (type.find('#') != std::string::npos || type.find(':') != std::string::npos) std::abort();
  return 0;
}
