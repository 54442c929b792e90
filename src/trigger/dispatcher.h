#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "lake/lake_writer.h"
#include "store/object_store.h"
#include "trigger/handler.h"

namespace cdc::trigger {

// One configured trigger: which files (S3 notification filter rules on the key relative to the lake)
// go to which handler, and how failures are retried.
struct Route {
  std::string name;    // unique: names its progress object and its dead-letter folder
  std::string prefix;  // the key starts with this ("" = any)
  std::string suffix;  // the key ends with this ("" = any)
  std::unique_ptr<Handler> handler;
  uint32_t max_attempts = 5;  // then the event goes to the dead letter
  uint32_t backoff_initial_ms = 1000;
  uint32_t backoff_max_ms = 60000;
};

// How a lake key becomes the bucket and key of an event: s3://bucket/prefix gives bucket "bucket" and
// keys "prefix/<key>"; a file:// lake gives its directory as the bucket and the key as it is.
struct EventAddress {
  std::string bucket;
  std::string key_prefix;  // "" or ending in '/'
  std::string region;
};
// The address for a lake at `url` ("file:///dir" or "s3://bucket[/prefix]").
EventAddress EventAddressOf(std::string_view url, std::string_view region);

// Delivers the events of committed files to the routes (docs/triggers.md). Each route has a thread of
// its own and takes the events in commit order (the order of their sequencers), one at a time: a
// table's files reach a handler in the order they were committed. A failed event is retried with
// exponential backoff; after max_attempts it is written to _lakefeed/dead-letter/<route>/<sequencer>.json
// with its error, and the route goes on. Delivery is at least once: each route's progress (the
// sequencer of the last event it finished) is stored in _lakefeed/triggers/<route>.json, at most about
// once a second and when it drains; after a restart the events after it are read back from the
// checkpoints, which the lake keeps until every route is past them (NeededCheckpoint).
//
// Thread-safe.
class Dispatcher {
 public:
  Dispatcher(store::ObjectStore* lake, EventAddress address, std::vector<Route> routes);
  ~Dispatcher();  // stops the routes' threads (an event being handled is finished first)
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Reads each route's progress, so that NeededCheckpoint can tell the lake what to keep before its
  // Recover prunes checkpoints. Corruption for unreadable progress.
  Status LoadProgress();
  // Queues the events that a route has not finished from the checkpoints up to `latest` (nullopt: a
  // lake without a checkpoint yet), then starts the threads. A route without progress (new) starts
  // after `latest`: it sees the files committed from now on, as an S3 notification sees the objects
  // created after it was configured. A checkpoint that is gone is skipped with a warning (its events
  // are lost to that route).
  Status Start(const std::optional<lake::Checkpoint>& latest);
  // Queues the events of one commit (TakeEvents of the lake writer), for every route. Events a route
  // has already queued or finished are skipped.
  void Enqueue(const std::vector<lake::ObjectCreatedEvent>& events);
  // Hands events of objects outside the lake (POST /api/v1/events: S3 or MinIO notifications) to every
  // route, after the events already queued, and waits until each route has finished them (handled,
  // filtered out -- the filter looks at their key as it is -- or dead-lettered). They are not part of
  // the stored progress: the sender keeps them until it gets OK (S3 notification targets and MinIO
  // retry). Unavailable when `timeout` ran out first or the dispatcher is not running. `only_route`: hand
  // them to that trigger alone (NotFound when there is none), e.g. to retry its dead letter;
  // `*dead_lettered` (optional) gets how many of them ended in a dead letter again.
  //
  // `origin` kThisLake: the events name this lake's own committed files (a dead letter of one, retried): the
  // routes' prefix/suffix filters see the key without the lake's key prefix, as at the first delivery.
  enum class Origin : uint8_t { kOutside, kThisLake };
  Status HandleExternal(const std::vector<ObjectCreated>& events, std::chrono::milliseconds timeout,
                        std::string_view only_route = {}, size_t* dead_lettered = nullptr,
                        Origin origin = Origin::kOutside);
  // Waits until every queued event is finished (handled or dead-lettered) and the progress is stored.
  // Unavailable when `timeout` ran out first, or when the progress cannot be stored.
  Status Drain(std::chrono::milliseconds timeout);
  // The lowest checkpoint number whose events some route has not finished: the lake must keep it and
  // every later one. UINT64_MAX when no route waits for anything.
  uint64_t NeededCheckpoint() const;

  // Counters since this process started (for the metrics of issue 8), the stored counts included.
  struct RouteStats {
    std::string name;
    uint64_t delivered = 0;     // events handled
    uint64_t filtered = 0;      // events that did not match the filter
    uint64_t retries = 0;       // failed attempts that were tried again
    uint64_t dead_letters = 0;  // events given up on
    size_t queued = 0;          // events waiting
    std::string last_error;
  };
  std::vector<RouteStats> stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// _lakefeed/triggers/<route>.json and _lakefeed/dead-letter/<route>/<sequencer>.json.
std::string ProgressKey(std::string_view route);
std::string DeadLetterKey(std::string_view route, std::string_view sequencer);
std::string DeadLetterPrefix(std::string_view route);

// A route's stored progress: the sequencer of the last event it finished ("" for none) and its counts.
struct StoredProgress {
  std::string sequencer;
  uint64_t delivered = 0;
  uint64_t filtered = 0;
  uint64_t dead_letters = 0;
};
// NotFound when the route has stored none yet; Corruption when it is not lakefeed's.
Result<StoredProgress> ReadProgress(store::ObjectStore& lake, std::string_view route);

}  // namespace cdc::trigger
