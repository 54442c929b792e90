// The Glue catalog's pieces that need no server: its error types and where its options come from. The
// requests themselves are tested against moto's Glue (tests/integration/merge_iceberg_test.cc,
// MergeGlueCatalog).
#include "iceberg/glue_catalog.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace cdc::iceberg {
namespace {

TEST(GlueCatalogTest, ErrorTypesLoseTheirNamespace) {
  EXPECT_EQ(GlueErrorType(R"({"__type":"com.amazonaws.glue#EntityNotFoundException","Message":"no table"})"),
            "EntityNotFoundException");
  EXPECT_EQ(GlueErrorType(R"({"__type":"ThrottlingException:http://internal.amazon.com/coral/"})"),
            "ThrottlingException");
  EXPECT_EQ(GlueErrorType(R"({"__type":"AlreadyExistsException"})"), "AlreadyExistsException");
  EXPECT_EQ(GlueErrorType(R"({"__type":7})"), "");
  EXPECT_EQ(GlueErrorType("<html>bad gateway</html>"), "");
  EXPECT_EQ(GlueErrorType(""), "");
}

TEST(GlueCatalogTest, OptionsFromTheConfigThenTheEnvironment) {
  std::map<std::string, std::string> vars = {{"AWS_ACCESS_KEY_ID", "AK"},
                                             {"AWS_SECRET_ACCESS_KEY", "SK"},
                                             {"AWS_REGION", "eu-west-1"},
                                             {"AWS_ENDPOINT_URL", "http://127.0.0.1:5000/"}};
  EnvLookup env = [&vars](std::string_view name) -> std::optional<std::string> {
    auto found = vars.find(std::string(name));
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
  Result<GlueOptions> from_env = GlueOptionsFrom("", "", env);
  ASSERT_TRUE(from_env.ok()) << from_env.status().ToString();
  EXPECT_EQ(from_env->region, "eu-west-1");
  EXPECT_EQ(from_env->endpoint, "http://127.0.0.1:5000");
  EXPECT_EQ(from_env->credentials.access_key_id, "AK");
  vars["AWS_ENDPOINT_URL_GLUE"] = "http://127.0.0.1:6000";
  EXPECT_EQ(GlueOptionsFrom("", "", env)->endpoint, "http://127.0.0.1:6000");
  Result<GlueOptions> configured = GlueOptionsFrom("us-west-2", "https://glue.example", env);
  EXPECT_EQ(configured->region, "us-west-2");
  EXPECT_EQ(configured->endpoint, "https://glue.example");
  vars.erase("AWS_ACCESS_KEY_ID");
  vars.erase("AWS_SECRET_ACCESS_KEY");
  vars["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
  vars["AWS_CONFIG_FILE"] = "/nonexistent";
  EXPECT_TRUE(GlueOptionsFrom("", "", env).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cdc::iceberg
