#include "harness/prometheus_text.h"

#include <gtest/gtest.h>

namespace cdc::harness {
namespace {

TEST(PrometheusText, ParsesFamiliesLabelsEscapesAndHistograms) {
  const std::string text =
      "# HELP rows_total Rows \\\\ by\\n table\n"
      "# TYPE rows_total counter\n"
      "rows_total{op=\"insert\",table=\"a\\\"b\\\\c\\nd\"} 3\n"
      "rows_total{op=\"delete\",} 1e3\n"
      "# a comment\n"
      "\n"
      "# TYPE lag gauge\n"
      "lag -Inf 1700000000000\n"
      "# TYPE t_seconds histogram\n"
      "t_seconds_bucket{le=\"0.1\"} 1\n"
      "t_seconds_bucket{le=\"+Inf\"} 2\n"
      "t_seconds_sum 3.5\n"
      "t_seconds_count 2\n";
  Result<std::map<std::string, PromFamily>> parsed = ParsePrometheusText(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->at("rows_total").help, "Rows \\ by\n table");
  EXPECT_EQ(parsed->at("rows_total").type, "counter");
  EXPECT_EQ(PromValue(*parsed, "rows_total", {{"op", "insert"}, {"table", "a\"b\\c\nd"}}), 3.0);
  EXPECT_EQ(PromValue(*parsed, "rows_total", {{"op", "delete"}}), 1000.0);
  EXPECT_EQ(PromSum(*parsed, "rows_total"), 1003.0);
  EXPECT_EQ(parsed->at("t_seconds").samples.size(), 4u);
  EXPECT_FALSE(PromValue(*parsed, "rows_total").has_value());
}

TEST(PrometheusText, RefusesWhatTheFormatDoesNotAllow) {
  const char* bad[] = {
      "a 1",                                               // no final newline
      "9a 1\n",                                            // name
      "a{b-c=\"1\"} 1\n",                                  // label name
      "a{b=\"\\t\"} 1\n",                                  // escape
      "a{b=\"1\" 1\n",                                     // unterminated
      "a{b=\"1\",b=\"2\"} 1\n",                            // label twice
      "a one\n",                                           // value
      "a 1\na 2\n",                                        // series twice
      "a 1\nb 1\na{x=\"1\"} 1\n",                          // not contiguous
      "# TYPE a gauge\n# TYPE a gauge\na 1\n",             // TYPE twice
      "a 1\n# TYPE a gauge\n",                             // TYPE after samples
      "# TYPE a counter\na -1\n",                          // negative counter
      "# TYPE a histogram\na_bucket{le=\"1\"} 1\na_sum 1\na_count 1\n",                          // no +Inf
      "# TYPE a histogram\na_bucket{le=\"1\"} 2\na_bucket{le=\"+Inf\"} 1\na_sum 1\na_count 1\n",  // decreasing
      "# TYPE a histogram\na_bucket{le=\"+Inf\"} 2\na_sum 1\na_count 3\n",                       // +Inf != count
      "# TYPE a wat\n",                                    // type
  };
  for (const char* text : bad) {
    EXPECT_FALSE(ParsePrometheusText(text).ok()) << text;
  }
}

}  // namespace
}  // namespace cdc::harness
