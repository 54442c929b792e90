#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "harness/process.h"

namespace cdc::harness {

// The moments the kill -9 tests aim at, each seen from outside the process: a file appears in the lake or the
// warehouse (a file:// store each), or a trigger handler is running.
enum class KillMoment : uint8_t {
  kRandomDelay,     // no moment: the caller's delay only
  kStaging,         // the first object under _lakefeed/staging (a flush being uploaded)
  kCheckpoint,      // a new checkpoint (between the checkpoint and the publish)
  kPublish,         // a new change or LOAD file (the publish, between files)
  kHandlerRunning,  // an exec trigger's handler runs (it creates KillTargets::handler_marker)
  kMergeDataFile,   // a new data or delete file in the warehouse
  kMergeManifest,   // a new manifest or manifest list
  kMergeMetadata,   // a new v<N>.metadata.json (the merge's commit point)
};

const char* ToString(KillMoment moment);

// Where to look: the lake dir, and for the merge moments the warehouse dir, for kHandlerRunning the marker
// file the handler creates while it runs (the caller removes a stale one before starting the run).
struct KillTargets {
  std::string lake;
  std::string warehouse;
  std::string handler_marker;
};

enum class Waited : uint8_t { kSeen, kNotSeen, kExited };

// Waits for the next `moment` after the call (polling every few hundred microseconds), up to `timeout`;
// kNotSeen after it (the caller kills anyway), kExited when `run` ended by itself. kRandomDelay is seen at
// once.
Waited WaitForMoment(KillMoment moment, const KillTargets& targets, Subprocess& run,
                     std::chrono::milliseconds timeout);

}  // namespace cdc::harness
