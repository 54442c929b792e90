#include "metrics/registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

namespace cdc::metrics {
namespace {

TEST(Registry, PrometheusTextHasHelpTypeAndSortedSamples) {
  Registry registry;
  registry.counter("lakefeed_rows_total", "Rows \\ by table\nand op", {{"table", "shop.t"}, {"op", "insert"}}).Inc(3);
  registry.counter("lakefeed_rows_total", "ignored: the first help stays", {{"op", "delete"}, {"table", "shop.t"}}).Inc();
  registry.gauge("lakefeed_lag_seconds", "Lag").Set(1.5);
  registry.gauge("lakefeed_label_escapes", "Escapes", {{"v", "a\"b\\c\nd"}}).Set(-2);
  Histogram& histogram = registry.histogram("lakefeed_merge_duration_seconds", "Merge time", {0.1, 1});
  histogram.Observe(0.05);
  histogram.Observe(0.1);  // on a bound: counts in it (le is "less than or equal")
  histogram.Observe(7);
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP lakefeed_label_escapes Escapes\n"
            "# TYPE lakefeed_label_escapes gauge\n"
            "lakefeed_label_escapes{v=\"a\\\"b\\\\c\\nd\"} -2\n"
            "# HELP lakefeed_lag_seconds Lag\n"
            "# TYPE lakefeed_lag_seconds gauge\n"
            "lakefeed_lag_seconds 1.5\n"
            "# HELP lakefeed_merge_duration_seconds Merge time\n"
            "# TYPE lakefeed_merge_duration_seconds histogram\n"
            "lakefeed_merge_duration_seconds_bucket{le=\"0.1\"} 2\n"
            "lakefeed_merge_duration_seconds_bucket{le=\"1\"} 2\n"
            "lakefeed_merge_duration_seconds_bucket{le=\"+Inf\"} 3\n"
            "lakefeed_merge_duration_seconds_sum 7.15\n"
            "lakefeed_merge_duration_seconds_count 3\n"
            "# HELP lakefeed_rows_total Rows \\\\ by table\\nand op\n"
            "# TYPE lakefeed_rows_total counter\n"
            "lakefeed_rows_total{op=\"delete\",table=\"shop.t\"} 1\n"
            "lakefeed_rows_total{op=\"insert\",table=\"shop.t\"} 3\n");
  EXPECT_EQ(registry.Value("lakefeed_rows_total", {{"table", "shop.t"}, {"op", "insert"}}), 3.0);
  EXPECT_EQ(registry.Value("lakefeed_lag_seconds"), 1.5);
  EXPECT_FALSE(registry.Value("lakefeed_rows_total", {{"table", "other"}}).has_value());
  EXPECT_EQ(registry.Values("lakefeed_rows_total").size(), 2u);
}

TEST(Registry, ReadAtScrapeGaugesLiveUntilTheirHandleGoes) {
  Registry registry;
  double depth = 4;
  {
    Registry::ScrapeHandle handle = registry.ReadAtScrape("lakefeed_queue_depth", "Depth", {{"route", "a"}},
                                                          [&] { return depth; });
    depth = 9;
    EXPECT_NE(registry.PrometheusText().find("lakefeed_queue_depth{route=\"a\"} 9\n"), std::string::npos);
    EXPECT_EQ(registry.Value("lakefeed_queue_depth", {{"route", "a"}}), 9.0);
    Registry::ScrapeHandle moved = std::move(handle);
    EXPECT_EQ(registry.Value("lakefeed_queue_depth", {{"route", "a"}}), 9.0);
  }
  EXPECT_FALSE(registry.Value("lakefeed_queue_depth", {{"route", "a"}}).has_value());
  uint64_t delivered = 12;
  Registry::ScrapeHandle counted = registry.ReadAtScrape(
      "lakefeed_delivered_total", "Delivered", {}, [&] { return static_cast<double>(delivered); }, Type::kCounter);
  EXPECT_EQ(registry.PrometheusText(),
            "# HELP lakefeed_delivered_total Delivered\n# TYPE lakefeed_delivered_total counter\n"
            "lakefeed_delivered_total 12\n");
  counted = Registry::ScrapeHandle();
  EXPECT_EQ(registry.PrometheusText(), "");  // a family without samples is left out
}

TEST(Registry, SpecialValuesAndNames) {
  Registry registry;
  registry.gauge("a_nan", "x").Set(std::nan(""));
  registry.gauge("b_inf", "x").Set(-std::numeric_limits<double>::infinity());
  EXPECT_EQ(registry.PrometheusText(), "# HELP a_nan x\n# TYPE a_nan gauge\na_nan NaN\n# HELP b_inf x\n# TYPE b_inf gauge\nb_inf -Inf\n");
  EXPECT_TRUE(ValidMetricName("lakefeed:cdc_latency_seconds"));
  EXPECT_FALSE(ValidMetricName("9lives"));
  EXPECT_FALSE(ValidMetricName("bad-name"));
  EXPECT_TRUE(ValidLabelName("table"));
  EXPECT_FALSE(ValidLabelName("__reserved"));
  EXPECT_FALSE(ValidLabelName("a:b"));
}

TEST(RegistryDeathTest, MisuseAborts) {
  Registry registry;
  EXPECT_DEATH(registry.counter("lakefeed_rows", "no _total suffix"), "_total");
  registry.gauge("lakefeed_x_total", "x");
  EXPECT_DEATH(registry.counter("lakefeed_x_total", "another type"), "another type");
  EXPECT_DEATH(registry.gauge("lakefeed_y", "x", {{"le", "1"}}), "label");
}

TEST(Registry, ConcurrentUpdatesAreAllCounted) {
  Registry registry;
  Counter& counter = registry.counter("lakefeed_events_total", "Events");
  Histogram& histogram = registry.histogram("lakefeed_t_seconds", "T", DurationBuckets());
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&] {
      for (int idx = 0; idx < 10000; ++idx) {
        counter.Inc();
        histogram.Observe(0.003);
        registry.counter("lakefeed_events_total", "Events").Inc(0);  // lookups race with updates
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(counter.value(), 40000u);
  EXPECT_EQ(histogram.Read().count, 40000u);
  EXPECT_EQ(histogram.Read().cumulative[2], 40000u);  // 0.003 is at most 0.005, the third bound
}

}  // namespace
}  // namespace cdc::metrics
