#include "base/logging.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cdc {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

// Collects what Log writes, and puts the process-wide logger back as the other tests expect it.
class LogCapture {
 public:
  LogCapture() {
    SetLogSink([this](std::string_view line) { lines_.emplace_back(line); });
    SetLogLevel(LogLevel::kInfo);
    SetLogJson(false);
    ClearLogComponentLevels();
    ClearSecretsForTesting();
    ClearRecentLogRecordsForTesting();
  }
  ~LogCapture() {
    SetLogSink(nullptr);
    SetLogLevel(LogLevel::kInfo);
    SetLogJson(false);
    ClearLogComponentLevels();
    ClearSecretsForTesting();
    ClearRecentLogRecordsForTesting();
  }
  const std::vector<std::string>& lines() const { return lines_; }
  std::string last() const { return lines_.empty() ? std::string() : lines_.back(); }

 private:
  std::vector<std::string> lines_;
};

TEST(LoggingTest, TextLineNamesLevelAndComponent) {
  LogCapture capture;
  LogInfo(LogComponent::kMerge, "merged", {{"table", "shop/t"}, {"files", "3"}});
  ASSERT_EQ(capture.lines().size(), 1u);
  EXPECT_THAT(capture.last(),
              MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z I MERGE merged "
                           "table=shop/t files=3\n"));
  LogWarn(LogComponent::kSourceCapture, "lost");
  EXPECT_THAT(capture.last(), HasSubstr("Z W SOURCE_CAPTURE lost\n"));
  LogError(LogComponent::kMetadataManager, "bad");
  EXPECT_THAT(capture.last(), HasSubstr("Z E METADATA_MANAGER bad\n"));
}

TEST(LoggingTest, TextValuesWithSpacesAreQuotedAndLinesStayOneLine) {
  LogCapture capture;
  LogInfo(LogComponent::kTaskManager, "two\nlines", {{"error", "IOError: no such file"}, {"empty", ""},
                                                     {"quote", "a\"b"}});
  EXPECT_THAT(capture.last(), HasSubstr(" I TASK_MANAGER two\\nlines error=\"IOError: no such file\" empty=\"\" "
                                        "quote=\"a\\\"b\"\n"));
  EXPECT_EQ(capture.last().find('\n'), capture.last().size() - 1);
}

TEST(LoggingTest, JsonLineHasComponentAndFields) {
  LogCapture capture;
  SetLogJson(true);
  LogWarn(LogComponent::kTrigger, "handler \"failed\"", {{"trigger", "hook"}, {"error", "line\nbreak"}});
  ASSERT_EQ(capture.lines().size(), 1u);
  const nlohmann::json line = nlohmann::json::parse(capture.last());
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["component"], "TRIGGER");
  EXPECT_EQ(line["msg"], "handler \"failed\"");
  EXPECT_EQ(line["trigger"], "hook");
  EXPECT_EQ(line["error"], "line\nbreak");
  EXPECT_THAT(line["ts"].get<std::string>(), MatchesRegex("[0-9T:.-]+Z"));
}

TEST(LoggingTest, ComponentLevelsWinOverTheDefault) {
  LogCapture capture;
  SetLogLevel(LogLevel::kInfo);
  SetLogComponentLevel(LogComponent::kMerge, LogLevel::kDebug);
  SetLogComponentLevel(LogComponent::kSourceCapture, LogLevel::kWarn);
  EXPECT_TRUE(LogEnabled(LogComponent::kMerge, LogLevel::kDebug));
  EXPECT_FALSE(LogEnabled(LogComponent::kTargetApply, LogLevel::kDebug));
  EXPECT_TRUE(LogEnabled(LogComponent::kTargetApply, LogLevel::kInfo));
  EXPECT_FALSE(LogEnabled(LogComponent::kSourceCapture, LogLevel::kInfo));
  EXPECT_TRUE(LogEnabled(LogComponent::kSourceCapture, LogLevel::kWarn));

  LogDebug(LogComponent::kMerge, "shown");
  LogDebug(LogComponent::kTargetApply, "hidden");
  LogInfo(LogComponent::kSourceCapture, "hidden");
  LogWarn(LogComponent::kSourceCapture, "shown too");
  ASSERT_EQ(capture.lines().size(), 2u);
  EXPECT_THAT(capture.lines()[0], HasSubstr(" D MERGE shown"));
  EXPECT_THAT(capture.lines()[1], HasSubstr(" W SOURCE_CAPTURE shown too"));

  // The default moves the others, not the components with their own level.
  SetLogLevel(LogLevel::kError);
  EXPECT_TRUE(LogEnabled(LogComponent::kMerge, LogLevel::kDebug));
  EXPECT_FALSE(LogEnabled(LogComponent::kTargetApply, LogLevel::kWarn));
  ClearLogComponentLevels();
  EXPECT_FALSE(LogEnabled(LogComponent::kMerge, LogLevel::kWarn));
}

TEST(LoggingTest, ComponentAndLevelNames) {
  for (LogComponent component : AllLogComponents()) {
    EXPECT_EQ(ParseLogComponent(ToString(component)), component);
  }
  EXPECT_EQ(AllLogComponents().size(), kLogComponentCount);
  EXPECT_EQ(ParseLogComponent("source_capture"), LogComponent::kSourceCapture);
  EXPECT_EQ(ParseLogComponent("SORTER"), std::nullopt);
  EXPECT_EQ(ParseLogLevel("warn"), LogLevel::kWarn);
  EXPECT_EQ(ParseLogLevel("verbose"), std::nullopt);
}

TEST(LoggingTest, RegisteredSecretsAreRedactedInMessageAndFields) {
  LogCapture capture;
  RegisterSecret("hunter2-password");
  RegisterSecret("abc");  // too short: ignored
  RegisterSecret("");
  LogError(LogComponent::kSourceCapture, "login with hunter2-password failed",
           {{"dsn", "user=x password=hunter2-password"}, {"short", "abc"}});
  EXPECT_THAT(capture.last(), Not(HasSubstr("hunter2")));
  EXPECT_THAT(capture.last(), HasSubstr("login with <redacted> failed"));
  EXPECT_THAT(capture.last(), HasSubstr("dsn=\"user=x password=<redacted>\""));
  EXPECT_THAT(capture.last(), HasSubstr("short=abc"));

  SetLogJson(true);
  LogWarn(LogComponent::kCommunication, "x", {{"header", "Authorization: Bearer hunter2-password"}});
  const nlohmann::json line = nlohmann::json::parse(capture.last());
  EXPECT_EQ(line["header"], "Authorization: Bearer <redacted>");
}

TEST(LoggingTest, LongerSecretWinsAndRepeatsAreAllReplaced) {
  LogCapture capture;
  RegisterSecret("token");
  RegisterSecret("token-with-suffix");
  EXPECT_EQ(RedactSecrets("token-with-suffix token tokentoken"), "<redacted> <redacted> <redacted><redacted>");
  EXPECT_EQ(RedactSecrets("nothing here"), "nothing here");
}

TEST(LoggingTest, UrlUserInfoIsRedacted) {
  LogCapture capture;
  EXPECT_EQ(RedactSecrets("https://user:pw@hooks.example/in"), "https://<redacted>@hooks.example/in");
  EXPECT_EQ(RedactSecrets("POST to http://tok@h:8080 failed; s3://bucket/a@b kept"),
            "POST to http://<redacted>@h:8080 failed; s3://bucket/a@b kept");
  EXPECT_EQ(RedactSecrets("mailto user@example.com and file:///x"), "mailto user@example.com and file:///x");
  LogWarn(LogComponent::kTrigger, "webhook failed", {{"url", "https://a:b@x.example/p?q=1"}});
  EXPECT_THAT(capture.last(), HasSubstr("url=\"https://<redacted>@x.example/p?q=1\""));
}

TEST(LoggingTest, RecentRecordsKeepTheLastWarningsAndErrors) {
  LogCapture capture;
  RegisterSecret("s3cr3t-value");
  LogInfo(LogComponent::kMerge, "not kept");
  LogWarn(LogComponent::kMerge, "first", {{"table", "shop/t"}});
  LogError(LogComponent::kTargetApply, "second s3cr3t-value", {{"key", "s3cr3t-value"}});
  std::vector<LogRecord> records = RecentLogRecords();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].level, LogLevel::kWarn);
  EXPECT_EQ(records[0].component, LogComponent::kMerge);
  EXPECT_EQ(records[0].message, "first");
  EXPECT_EQ(records[0].fields, (std::vector<std::pair<std::string, std::string>>{{"table", "shop/t"}}));
  EXPECT_GT(records[0].time_ms, 0);
  EXPECT_EQ(records[1].level, LogLevel::kError);
  EXPECT_EQ(records[1].message, "second <redacted>");
  EXPECT_EQ(records[1].fields[0].second, "<redacted>");

  // Filtered records are not kept.
  SetLogComponentLevel(LogComponent::kValidator, LogLevel::kError);
  LogWarn(LogComponent::kValidator, "filtered");
  EXPECT_EQ(RecentLogRecords().size(), 2u);

  // Only the last kRecentLogRecordLimit stay, oldest first.
  for (size_t idx = 0; idx < kRecentLogRecordLimit + 5; ++idx) {
    LogWarn(LogComponent::kTrigger, "n" + std::to_string(idx));
  }
  records = RecentLogRecords();
  ASSERT_EQ(records.size(), kRecentLogRecordLimit);
  EXPECT_EQ(records.front().message, "n5");
  EXPECT_EQ(records.back().message, "n" + std::to_string(kRecentLogRecordLimit + 4));
}

}  // namespace
}  // namespace cdc
