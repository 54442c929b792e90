#include "base/crash_report.h"

#include <cxxabi.h>
#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "base/logging.h"

namespace cdc {
namespace {

const char* g_program = "lakefeed";
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
// On the main thread the handler runs on a stack of its own, so that a stack overflow there can still be
// reported (other threads have none: an overflow on one ends the process unreported).
alignas(16) char g_alternate_stack[64 * 1024];

void WriteText(const char* text) {
  size_t left = strlen(text);
  while (left > 0) {
    const ssize_t written = write(STDERR_FILENO, text, left);
    if (written <= 0) return;
    text += written;
    left -= static_cast<size_t>(written);
  }
}

void OnFatalSignal(int signal_number) {
  // Only async-signal-safe calls: write, backtrace (loaded at install), backtrace_symbols_fd, raise.
  WriteText(g_program);
  WriteText(": fatal signal ");
  const char* name = sigabbrev_np(signal_number);
  WriteText(name != nullptr ? name : "?");
  WriteText("; stack (code addresses only):\n");
  void* frames[64];
  const int depth = backtrace(frames, 64);
  backtrace_symbols_fd(frames, depth, STDERR_FILENO);
  // SA_RESETHAND restored the default action: raising again ends the process as the signal would have.
  raise(signal_number);
}

void OnTerminate() {
  std::string what = "no exception";
  std::string type = "?";
  if (std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& error) {
      what = RedactSecrets(error.what());
      int demangled_status = 0;
      char* demangled = abi::__cxa_demangle(typeid(error).name(), nullptr, nullptr, &demangled_status);
      type = demangled_status == 0 && demangled != nullptr ? demangled : typeid(error).name();
      std::free(demangled);
    } catch (...) {
      what = "not a std::exception";
    }
  }
  std::fprintf(stderr, "%s: terminated by an uncaught exception (%s): %s\n", g_program, type.c_str(), what.c_str());
  std::fflush(stderr);
  std::abort();  // reported by OnFatalSignal (SIGABRT)
}

}  // namespace

void InstallCrashReport(const char* program_and_version) {
  g_program = program_and_version;
  void* warm_up[1];
  (void)backtrace(warm_up, 1);  // loads the unwinder now: the first call may allocate
  stack_t alternate{};
  alternate.ss_sp = g_alternate_stack;
  alternate.ss_size = sizeof(g_alternate_stack);
  sigaltstack(&alternate, nullptr);
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  action.sa_flags = SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int signal_number : kFatalSignals) sigaction(signal_number, &action, nullptr);
  std::set_terminate(OnTerminate);
}

}  // namespace cdc
