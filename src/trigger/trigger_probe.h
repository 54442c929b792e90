#pragma once

#include <vector>

#include "metrics/registry.h"
#include "trigger/dispatcher.h"

namespace cdc::trigger {

// The triggers' metrics (docs/metrics.md), read from the dispatcher's counters at scrape time, per trigger
// (label `trigger`): lakefeed_trigger_queue_depth (events waiting), lakefeed_trigger_delivered_total,
// lakefeed_trigger_filtered_total, lakefeed_trigger_retries_total and lakefeed_trigger_dead_letters_total.
// The dispatcher must outlive the probe.
class TriggerProbe {
 public:
  TriggerProbe(metrics::Registry& registry, const Dispatcher& dispatcher);

 private:
  std::vector<metrics::Registry::ScrapeHandle> handles_;
};

}  // namespace cdc::trigger
