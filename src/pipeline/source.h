#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"
#include "mysql/connection.h"
#include "pipeline/task_config.h"

namespace cdc::pipeline {

// How to reach the source, from the task's `source:` section. `read_timeout_s` 0 = none.
Result<mysql::ConnectionOptions> ConnectionOptionsFor(const SourceConfig& source, uint32_t read_timeout_s = 0);

}  // namespace cdc::pipeline
