#include "trigger/trigger_probe.h"

#include <string>

namespace cdc::trigger {

TriggerProbe::TriggerProbe(metrics::Registry& registry, const Dispatcher& dispatcher) {
  struct Field {
    const char* name;
    const char* help;
    metrics::Type type;
    double (*read)(const Dispatcher::RouteStats&);
  };
  static constexpr Field kFields[] = {
      {"lakefeed_trigger_queue_depth", "Events waiting for the trigger", metrics::Type::kGauge,
       [](const Dispatcher::RouteStats& stats) { return static_cast<double>(stats.queued); }},
      {"lakefeed_trigger_delivered_total", "Events the trigger's handler finished", metrics::Type::kCounter,
       [](const Dispatcher::RouteStats& stats) { return static_cast<double>(stats.delivered); }},
      {"lakefeed_trigger_filtered_total", "Events the trigger's prefix and suffix left out", metrics::Type::kCounter,
       [](const Dispatcher::RouteStats& stats) { return static_cast<double>(stats.filtered); }},
      {"lakefeed_trigger_retries_total", "Failed handler attempts that were tried again", metrics::Type::kCounter,
       [](const Dispatcher::RouteStats& stats) { return static_cast<double>(stats.retries); }},
      {"lakefeed_trigger_dead_letters_total", "Events given up on (under _lakefeed/dead-letter/)",
       metrics::Type::kCounter, [](const Dispatcher::RouteStats& stats) { return static_cast<double>(stats.dead_letters); }},
  };
  for (const Dispatcher::RouteStats& route : dispatcher.stats()) {
    for (const Field& field : kFields) {
      handles_.push_back(registry.ReadAtScrape(
          field.name, field.help, {{"trigger", route.name}},
          [&dispatcher, name = route.name, read = field.read] {
            for (const Dispatcher::RouteStats& stats : dispatcher.stats()) {
              if (stats.name == name) return read(stats);
            }
            return 0.0;
          },
          field.type));
    }
  }
}

}  // namespace cdc::trigger
