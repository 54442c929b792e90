#include "pipeline/api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <vector>

#include "base/logging.h"

namespace cdc::pipeline {
namespace {

using Json = nlohmann::json;

TEST(ApiTest, RecentErrorsJsonKeepsTheOrderAndFields) {
  std::vector<LogRecord> records(2);
  records[0].time_ms = 1765000000123;
  records[0].level = LogLevel::kWarn;
  records[0].component = LogComponent::kMerge;
  records[0].message = "merge commit failed, retrying";
  records[0].fields = {{"table", "shop/t"}, {"error", "Conflict: lost"}};
  records[1].time_ms = 1765000000456;
  records[1].level = LogLevel::kError;
  records[1].component = LogComponent::kTrigger;
  records[1].message = "dead letter written";
  const Json body = Json::parse(RecentErrorsJson(records));
  ASSERT_EQ(body["errors"].size(), 2u);
  const Json& first = body["errors"][0];
  EXPECT_EQ(first["time"], "2025-12-06T05:46:40.123Z");
  EXPECT_EQ(first["level"], "warn");
  EXPECT_EQ(first["component"], "MERGE");
  EXPECT_EQ(first["message"], "merge commit failed, retrying");
  EXPECT_EQ(first["fields"], (Json{{"table", "shop/t"}, {"error", "Conflict: lost"}}));
  EXPECT_EQ(body["errors"][1]["level"], "error");
  EXPECT_EQ(body["errors"][1]["fields"], Json::object());
  EXPECT_EQ(Json::parse(RecentErrorsJson({})), (Json{{"errors", Json::array()}}));
}

TEST(ApiTest, OpenApiDocumentListsTheErrorsRoute) {
  const Json document = Json::parse(OpenApiDocument());
  ASSERT_TRUE(document["paths"].contains("/api/v1/errors"));
  EXPECT_EQ(document["paths"]["/api/v1/errors"]["get"]["operationId"], "errors");
}

}  // namespace
}  // namespace cdc::pipeline
