#pragma once

#include <memory>

#include "base/env.h"
#include "base/result.h"
#include "metrics/registry.h"
#include "pipeline/task_config.h"
#include "store/object_store.h"

namespace cdc::pipeline {

// Opens the store a task's target names: target.url, and for s3:// the `target.s3` settings over
// what the environment says (store::S3OptionsFromUrl; docs/s3.md). The store's errors (missing
// credentials: InvalidArgument naming where they were looked for).
// Where an S3 store's metrics go: the registry (null: none) and the store's label.
struct StoreMetrics {
  metrics::Registry* registry = nullptr;
  std::string label = "target";
};
Result<std::unique_ptr<store::ObjectStore>> OpenTargetStore(const TargetConfig& target, const EnvLookup& env = ProcessEnv(),
                                                            const StoreMetrics& metrics = {});

}  // namespace cdc::pipeline
