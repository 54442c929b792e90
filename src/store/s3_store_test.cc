// The parts of the S3 store that need no server: URLs, credentials, options. The requests themselves
// are tested against moto's S3 server (tests/integration/s3_store_test.cc).
#include "store/s3_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace cdc::store {
namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto found = vars.find(std::string(name));
    if (found == vars.end()) return std::nullopt;
    return found->second;
  };
}

class TempFiles {
 public:
  TempFiles() {
    char pattern[] = "/tmp/lakefeed-s3-test-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  ~TempFiles() { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

 private:
  std::string dir_;
};

TEST(S3CredentialsTest, EnvironmentFirst) {
  Result<S3Credentials> found = ResolveS3Credentials(
      FakeEnv({{"AWS_ACCESS_KEY_ID", "AKIA1"}, {"AWS_SECRET_ACCESS_KEY", "s3cret"}, {"AWS_SESSION_TOKEN", "tok"},
               {"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}}));
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(found->access_key_id, "AKIA1");
  EXPECT_EQ(found->secret_access_key, "s3cret");
  EXPECT_EQ(found->session_token, "tok");
  EXPECT_NE(found->source.find("environment"), std::string::npos);
  EXPECT_EQ(found->source.find("s3cret"), std::string::npos);

  Result<S3Credentials> half = ResolveS3Credentials(FakeEnv({{"AWS_ACCESS_KEY_ID", "AKIA1"}}));
  ASSERT_FALSE(half.ok());
  EXPECT_TRUE(half.status().IsInvalidArgument());
}

TEST(S3CredentialsTest, SharedFilesByProfile) {
  TempFiles files;
  std::string credentials = files.Write("credentials",
                                        "[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = sdef\n\n"
                                        "# a comment\n[work]\naws_access_key_id=AKIAWORK\n"
                                        "aws_secret_access_key=swork\naws_session_token = twork\n");
  std::string config = files.Write("config", "[profile other]\naws_access_key_id = AKIAOTHER\n"
                                             "aws_secret_access_key = sother\nregion = eu-west-1\n");
  auto env = [&](std::map<std::string, std::string> more) {
    more["AWS_SHARED_CREDENTIALS_FILE"] = credentials;
    more["AWS_CONFIG_FILE"] = config;
    return FakeEnv(more);
  };
  Result<S3Credentials> by_default = ResolveS3Credentials(env({}));
  ASSERT_TRUE(by_default.ok()) << by_default.status().ToString();
  EXPECT_EQ(by_default->access_key_id, "AKIADEF");
  EXPECT_EQ(by_default->source, credentials + " [default]");

  Result<S3Credentials> work = ResolveS3Credentials(env({{"AWS_PROFILE", "work"}}));
  ASSERT_TRUE(work.ok());
  EXPECT_EQ(work->access_key_id, "AKIAWORK");
  EXPECT_EQ(work->session_token, "twork");

  // Not in the credentials file: the config file's [profile other].
  Result<S3Credentials> other = ResolveS3Credentials(env({{"AWS_PROFILE", "other"}}));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_EQ(other->secret_access_key, "sother");
  EXPECT_EQ(other->source, config + " [profile other]");

  // An empty AWS_PROFILE is the default profile.
  Result<S3Credentials> empty_profile = ResolveS3Credentials(env({{"AWS_PROFILE", ""}}));
  ASSERT_TRUE(empty_profile.ok());
  EXPECT_EQ(empty_profile->access_key_id, "AKIADEF");
  // Only a config file: the default profile may be [profile default] there.
  std::string config_only = files.Write("config2", "[profile default]\naws_access_key_id = AKIACFG\n"
                                                   "aws_secret_access_key = scfg\n");
  Result<S3Credentials> from_config = ResolveS3Credentials(
      FakeEnv({{"AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"}, {"AWS_CONFIG_FILE", config_only}}));
  ASSERT_TRUE(from_config.ok()) << from_config.status().ToString();
  EXPECT_EQ(from_config->access_key_id, "AKIACFG");

  Result<S3Credentials> missing = ResolveS3Credentials(env({{"AWS_PROFILE", "nobody"}}));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("profile 'nobody'"), std::string::npos) << missing.status().ToString();
}

TEST(S3OptionsTest, FromUrlAndEnvironment) {
  EnvLookup env = FakeEnv({{"AWS_ACCESS_KEY_ID", "k"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  Result<S3Options> aws = S3OptionsFromUrl("s3://my-lake/raw/mysql/", env);
  ASSERT_TRUE(aws.ok()) << aws.status().ToString();
  EXPECT_EQ(aws->bucket, "my-lake");
  EXPECT_EQ(aws->prefix, "raw/mysql");
  EXPECT_EQ(aws->region, "us-east-1");
  EXPECT_EQ(aws->endpoint, "");
  EXPECT_FALSE(aws->path_style);

  Result<S3Options> custom = S3OptionsFromUrl(
      "s3://b", FakeEnv({{"AWS_ACCESS_KEY_ID", "k"}, {"AWS_SECRET_ACCESS_KEY", "s"},
                         {"AWS_ENDPOINT_URL", "http://127.0.0.1:9000/"}, {"AWS_DEFAULT_REGION", "eu-central-1"}}));
  ASSERT_TRUE(custom.ok());
  EXPECT_EQ(custom->prefix, "");
  EXPECT_EQ(custom->endpoint, "http://127.0.0.1:9000");
  EXPECT_TRUE(custom->path_style);
  EXPECT_EQ(custom->region, "eu-central-1");

  // The S3-specific endpoint and AWS_REGION win over the general ones.
  Result<S3Options> specific = S3OptionsFromUrl(
      "s3://b", FakeEnv({{"AWS_ACCESS_KEY_ID", "k"}, {"AWS_SECRET_ACCESS_KEY", "s"},
                         {"AWS_ENDPOINT_URL", "http://a"}, {"AWS_ENDPOINT_URL_S3", "http://b"},
                         {"AWS_REGION", "ap-south-1"}, {"AWS_DEFAULT_REGION", "eu-central-1"}}));
  ASSERT_TRUE(specific.ok());
  EXPECT_EQ(specific->endpoint, "http://b");
  EXPECT_EQ(specific->region, "ap-south-1");

  for (const char* bad : {"s3://", "s3:///prefix", "s3://b/a//c", "s3://b/../x"}) {
    Result<S3Options> parsed = S3OptionsFromUrl(bad, env);
    EXPECT_TRUE(parsed.status().IsInvalidArgument()) << bad << " " << parsed.status().ToString();
  }
  Result<S3Options> no_credentials = S3OptionsFromUrl("s3://b", FakeEnv({{"HOME", "/nonexistent"}}));
  EXPECT_TRUE(no_credentials.status().IsInvalidArgument());
}

TEST(S3StoreTest, OpenChecksOptions) {
  S3Options options;
  options.bucket = "b";
  options.credentials = {"k", "s", "", "test"};
  EXPECT_TRUE(S3Store::Open(options).ok());
  EXPECT_EQ((*S3Store::Open(options))->url(), "s3://b");
  options.prefix = "p/q";
  EXPECT_EQ((*S3Store::Open(options))->url(), "s3://b/p/q");

  S3Options small_parts = options;
  small_parts.part_size = 1 << 20;
  EXPECT_TRUE(S3Store::Open(small_parts).status().IsInvalidArgument());
  S3Options bad_sse = options;
  bad_sse.sse = "rot13";
  EXPECT_TRUE(S3Store::Open(bad_sse).status().IsInvalidArgument());
  S3Options kms_key_alone = options;
  kms_key_alone.sse_kms_key_id = "key";
  EXPECT_TRUE(S3Store::Open(kms_key_alone).status().IsInvalidArgument());
  S3Options no_credentials = options;
  no_credentials.credentials = {};
  EXPECT_TRUE(S3Store::Open(no_credentials).status().IsInvalidArgument());
}

}  // namespace
}  // namespace cdc::store
