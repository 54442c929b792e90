#pragma once

namespace cdc {

// What a crash prints, made safe to keep: on a fatal signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) one
// line naming the program, its version and the signal, then the stack as code addresses and symbol names
// only (no memory contents, so no secret can be in it), written to stderr with async-signal-safe calls; then
// the signal's default action (a core dump where enabled). An uncaught C++ exception prints its type and its
// message with every registered secret removed (logging.h RedactSecrets) before aborting.
//
// `program_and_version` ("lakefeed 0.1.0") must outlive the process (a literal). Call once, early in main.
void InstallCrashReport(const char* program_and_version);

}  // namespace cdc
