#include "base/crash_report.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <stdexcept>

#include "base/logging.h"

namespace cdc {
namespace {

// Each case crashes a forked child (a gtest death test) and checks what it printed.

void ThrowWithSecret() { throw std::runtime_error("cannot connect with password hunter2-secret"); }

TEST(CrashReportDeathTest, FatalSignalPrintsTheProgramTheSignalAndTheStack) {
  EXPECT_DEATH(
      {
        InstallCrashReport("lakefeed 9.9.9");
        raise(SIGSEGV);
      },
      "lakefeed 9.9.9: fatal signal SEGV; stack \\(code addresses only\\):\n");
}

TEST(CrashReportDeathTest, UncaughtExceptionIsReportedWithoutSecrets) {
  EXPECT_DEATH(
      {
        InstallCrashReport("lakefeed 9.9.9");
        RegisterSecret("hunter2-secret");
        []() noexcept { ThrowWithSecret(); }();  // escapes a noexcept function: std::terminate
      },
      "lakefeed 9.9.9: terminated by an uncaught exception \\(std::runtime_error\\): cannot connect with password "
      "<redacted>\n.*fatal signal ABRT");
}

}  // namespace
}  // namespace cdc
