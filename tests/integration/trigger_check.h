#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace cdc::harness {

// The checks of the trigger tests: which files of a file:// lake reached a handler, and in which order.
// Keys are relative to the lake; a table folder is "<schema>/<table>".

// Every data file of the lake per table folder, in commit order: LOAD files first (their counter), then change
// files (their names sort by time). The lake's own objects (_lakefeed/, .lakefeed-tmp/) are left out.
std::map<std::string, std::vector<std::string>> LakeFilesInCommitOrder(const std::string& lake);

// The lines of `text`, without their newlines.
std::vector<std::string> Lines(const std::string& text);

// A handler's record of "<bucket> <key>" lines (or of bare keys, with `bucket` empty) -> keys per table folder,
// in the order they were handled. A line of another bucket is a test failure.
std::map<std::string, std::vector<std::string>> HandledKeys(const std::string& text, const std::string& bucket = "");

// At-least-once in commit order (docs/triggers.md "Delivery"): every committed file reached the handler, per
// table the first deliveries are exactly the committed files in commit order (a redelivery after a crash
// repeats files after the stored progress, it never skips one), and no file the lake lacks was handled.
// `redelivered` (optional) gets the number of repeated deliveries.
::testing::AssertionResult DeliveredInCommitOrder(const std::map<std::string, std::vector<std::string>>& handled,
                                                  const std::map<std::string, std::vector<std::string>>& committed,
                                                  size_t* redelivered = nullptr);

}  // namespace cdc::harness
