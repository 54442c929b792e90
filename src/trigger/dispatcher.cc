#include "trigger/dispatcher.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>

#include "base/backoff.h"
#include "base/clock.h"
#include "base/logging.h"
#include "base/time_text.h"
#include "lake/checkpoint.h"
#include "lake/layout.h"

namespace cdc::trigger {
namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr auto kProgressInterval = std::chrono::seconds(1);

// The checkpoint number in a lake event's sequencer (lake::EventSequencer: 16 hex digits of the
// number, then 8 of the file's index); 0 for "".
uint64_t CheckpointOf(std::string_view sequencer) {
  if (sequencer.size() < 16) return 0;
  uint64_t number = 0;
  for (char c : sequencer.substr(0, 16)) {
    number = number * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'A' + 10);
  }
  return number;
}

// "" (nothing finished yet) or 24 upper-case hex digits.
bool ValidSequencer(std::string_view sequencer) {
  if (sequencer.empty()) return true;
  if (sequencer.size() != 24) return false;
  for (char c : sequencer) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

std::string ProgressKey(std::string_view route) { return "_lakefeed/triggers/" + std::string(route) + ".json"; }

std::string DeadLetterPrefix(std::string_view route) { return "_lakefeed/dead-letter/" + std::string(route) + "/"; }

std::string DeadLetterKey(std::string_view route, std::string_view sequencer) {
  return DeadLetterPrefix(route) + std::string(sequencer) + ".json";
}

Result<StoredProgress> ReadProgress(store::ObjectStore& lake, std::string_view route) {
  const std::string key = ProgressKey(route);
  CDC_ASSIGN_OR_RETURN(std::string text, lake.Get(key));
  const Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("sequencer") || !json["sequencer"].is_string() ||
      !ValidSequencer(json["sequencer"].get<std::string>())) {
    return Status::Corruption("trigger progress " + key, "\"sequencer\" is not a lakefeed event sequencer");
  }
  auto count = [&](const char* field) {
    return json.contains(field) && json[field].is_number_unsigned() ? json[field].get<uint64_t>() : 0;
  };
  return StoredProgress{json["sequencer"].get<std::string>(), count("delivered"), count("filtered"),
                        count("dead_letters")};
}

EventAddress EventAddressOf(std::string_view url, std::string_view region) {
  EventAddress address;
  address.region = std::string(region);
  if (url.rfind("s3://", 0) == 0) {
    std::string_view rest = url.substr(5);
    const size_t slash = rest.find('/');
    address.bucket = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos && slash + 1 < rest.size()) {
      address.key_prefix = std::string(rest.substr(slash + 1));
      if (address.key_prefix.back() != '/') address.key_prefix += '/';
    }
  } else {
    address.bucket = std::string(url.rfind("file://", 0) == 0 ? url.substr(7) : url);
  }
  return address;
}

struct Dispatcher::Impl {
  // Events from outside the lake (HandleExternal) being handled: how many (event, route) deliveries
  // are left.
  struct ExternalBatch {
    size_t pending = 0;
    size_t dead_lettered = 0;
  };

  struct Queued {
    ObjectCreated event;
    std::string filter_key;   // the key the filter looks at: relative to the lake, or an outside event's own
    std::string letter_name;  // names its dead letter: the lake sequencer, or "external-<ms>-<n>"
    std::shared_ptr<ExternalBatch> external;  // null for the lake's own events
  };

  struct RouteState {
    Route route;
    std::deque<Queued> queue;
    std::string queued_through;    // sequencer of the last event queued or finished
    std::string finished_through;  // ... finished (handled, filtered out or dead-lettered)
    bool has_progress = false;     // read from its progress object, or set by Start for a new route
    bool busy = false;             // an event is being handled
    std::string durable_through;   // ... finished and stored in the route's progress object
    RouteStats stats;
    // Progress storage, by whichever thread stores it (the route's or Drain's).
    std::mutex store_mutex;
    std::string stored_text;  // the progress object as last stored ("" before the first)
    Clock::time_point stored_at;
    std::thread thread;
  };

  store::ObjectStore* lake;
  EventAddress address;
  std::vector<std::unique_ptr<RouteState>> routes;

  mutable std::mutex mutex;
  std::condition_variable work;  // an event was queued, or stopping
  std::condition_variable idle;  // an event was finished
  bool stopping = false;
  bool started = false;  // Start queued the events the routes had not finished
  uint64_t external_count = 0;  // outside events so far, for their dead letters' names

  ObjectCreated EventOf(const lake::CommittedFile& file, const std::string& sequencer, int64_t time_ms) const {
    ObjectCreated event;
    event.bucket = address.bucket;
    event.key = address.key_prefix + file.key;
    event.size = file.bytes;
    event.etag = file.etag;
    event.sequencer = sequencer;
    event.time_ms = time_ms;
    event.region = address.region;
    return event;
  }

  // Under `mutex`.
  void QueueLocked(RouteState& state, const lake::CommittedFile& file, const std::string& sequencer, int64_t time_ms) {
    if (!state.queued_through.empty() && sequencer <= state.queued_through) return;
    state.queue.push_back(Queued{EventOf(file, sequencer, time_ms), file.key, sequencer, nullptr});
    state.queued_through = sequencer;
    state.stats.queued = state.queue.size();
  }

  // Stores the route's progress if it moved (and, unless `force`, once kProgressInterval has passed).
  Status StoreProgress(RouteState& state, bool force) {
    std::lock_guard<std::mutex> store_lock(state.store_mutex);
    std::string finished;
    Json json;
    {
      std::lock_guard<std::mutex> lock(mutex);
      finished = state.finished_through;
      json = {{"sequencer", finished},
              {"delivered", state.stats.delivered},
              {"filtered", state.stats.filtered},
              {"dead_letters", state.stats.dead_letters}};
    }
    // Written when anything in it changed (the counts move with outside events too). A new route stores
    // its first progress even when it is "" (an empty lake), so that a restart does not take it for new
    // again and skip the files committed meanwhile.
    const std::string text = json.dump();
    if (text == state.stored_text) return Status::OK();
    if (!force && Clock::now() - state.stored_at < kProgressInterval) return Status::OK();
    Result<store::ObjectInfo> put = lake->Put(ProgressKey(state.route.name), text);
    if (!put.ok()) return put.status().WithContext("store the progress of trigger " + state.route.name);
    state.stored_text = text;
    state.stored_at = Clock::now();
    std::lock_guard<std::mutex> lock(mutex);
    state.durable_through = finished;
    return Status::OK();
  }

  // Waits `delay_ms` unless stopping; false when stopping.
  bool Sleep(uint32_t delay_ms) {
    std::unique_lock<std::mutex> lock(mutex);
    return !work.wait_for(lock, std::chrono::milliseconds(delay_ms), [this] { return stopping; });
  }

  bool Matches(const Route& route, std::string_view key) const {
    return key.rfind(route.prefix, 0) == 0 && key.size() >= route.suffix.size() &&
           key.substr(key.size() - route.suffix.size()) == route.suffix;
  }

  // Handles one event with retries, then the dead letter. False when stopping came first (the event
  // stays unfinished).
  bool Deliver(RouteState& state, const Queued& queued) {
    const Route& route = state.route;
    if (!Matches(route, queued.filter_key)) {
      std::lock_guard<std::mutex> lock(mutex);
      ++state.stats.filtered;
      return true;
    }
    const std::string json = ToS3EventJson(queued.event);
    Backoff backoff(route.backoff_initial_ms, route.backoff_max_ms);
    Status status;
    uint32_t attempt = 0;
    while (true) {
      ++attempt;
      status = route.handler->Handle(queued.event, json);
      if (status.ok()) {
        std::lock_guard<std::mutex> lock(mutex);
        ++state.stats.delivered;
        return true;
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        state.stats.last_error = status.ToString();
      }
      LogWarn(LogComponent::kTrigger, "trigger handler failed",
              {{"trigger", route.name},
               {"key", queued.event.key},
               {"attempt", std::to_string(attempt)},
               {"error", status.ToString()}});
      if (attempt >= route.max_attempts) break;
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++state.stats.retries;
      }
      if (!Sleep(backoff.NextDelayMs())) return false;
    }
    Json letter = {{"trigger", route.name},
                   {"attempts", attempt},
                   {"error", status.ToString()},
                   {"time", FormatUtcMillis(WallClockMs())},
                   {"event", Json::parse(json)}};
    Backoff store_backoff(route.backoff_initial_ms, route.backoff_max_ms);
    while (true) {
      Result<store::ObjectInfo> put = lake->Put(DeadLetterKey(route.name, queued.letter_name),
                                                letter.dump(2, ' ', false, Json::error_handler_t::replace));
      if (put.ok()) break;
      LogError(LogComponent::kTrigger, "cannot write a dead letter",
               {{"trigger", route.name}, {"error", put.status().ToString()}});
      if (!Sleep(store_backoff.NextDelayMs())) return false;
    }
    LogError(LogComponent::kTrigger, "trigger gave up on an event: dead letter written",
             {{"trigger", route.name},
              {"key", queued.event.key},
              {"dead_letter", DeadLetterKey(route.name, queued.letter_name)},
              {"error", status.ToString()}});
    std::lock_guard<std::mutex> lock(mutex);
    ++state.stats.dead_letters;
    if (queued.external != nullptr) ++queued.external->dead_lettered;
    return true;
  }

  void Loop(RouteState& state) {
    while (true) {
      Queued next;
      {
        std::unique_lock<std::mutex> lock(mutex);
        work.wait_for(lock, kProgressInterval, [&] { return stopping || !state.queue.empty(); });
        if (stopping) break;
        if (state.queue.empty()) {
          lock.unlock();
          Status stored = StoreProgress(state, /*force=*/false);
          if (!stored.ok())
            LogWarn(LogComponent::kTrigger, "trigger progress not stored", {{"error", stored.ToString()}});
          continue;
        }
        next = state.queue.front();
        state.busy = true;
      }
      const bool finished = Deliver(state, next);
      {
        std::lock_guard<std::mutex> lock(mutex);
        state.busy = false;
        if (finished) {
          state.queue.pop_front();
          if (next.external != nullptr) {
            --next.external->pending;
          } else {
            state.finished_through = next.event.sequencer;
          }
          state.stats.queued = state.queue.size();
        }
      }
      idle.notify_all();
      if (!finished) break;
      Status stored = StoreProgress(state, /*force=*/false);
      if (!stored.ok())
        LogWarn(LogComponent::kTrigger, "trigger progress not stored", {{"error", stored.ToString()}});
    }
    Status stored = StoreProgress(state, /*force=*/true);
    if (!stored.ok())
      LogWarn(LogComponent::kTrigger, "trigger progress not stored", {{"error", stored.ToString()}});
  }
};

Dispatcher::Dispatcher(store::ObjectStore* lake, EventAddress address, std::vector<Route> routes)
    : impl_(std::make_unique<Impl>()) {
  impl_->lake = lake;
  impl_->address = std::move(address);
  for (Route& route : routes) {
    auto state = std::make_unique<Impl::RouteState>();
    state->stats.name = route.name;
    state->route = std::move(route);
    impl_->routes.push_back(std::move(state));
  }
}

Dispatcher::~Dispatcher() {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->work.notify_all();
  for (auto& state : impl_->routes) {
    if (state->thread.joinable()) state->thread.join();
  }
}

Status Dispatcher::LoadProgress() {
  for (auto& state : impl_->routes) {
    Result<StoredProgress> progress = ReadProgress(*impl_->lake, state->route.name);
    if (progress.status().IsNotFound()) continue;  // a new route
    if (!progress.ok()) return progress.status().WithContext("read the progress of trigger " + state->route.name);
    std::lock_guard<std::mutex> lock(impl_->mutex);
    state->has_progress = true;
    state->finished_through = progress->sequencer;
    state->queued_through = progress->sequencer;
    state->durable_through = progress->sequencer;
    state->stats.delivered = progress->delivered;
    state->stats.filtered = progress->filtered;
    state->stats.dead_letters = progress->dead_letters;
  }
  return Status::OK();
}

Status Dispatcher::Start(const std::optional<lake::Checkpoint>& latest) {
  uint64_t replay_from = std::numeric_limits<uint64_t>::max();
  for (auto& state : impl_->routes) {
    if (!state->has_progress) {
      // A new route: from now on.
      {
        std::lock_guard<std::mutex> lock(impl_->mutex);
        state->has_progress = true;
        state->finished_through =
            latest ? lake::EventSequencer(latest->number, std::numeric_limits<uint32_t>::max()) : std::string();
        state->queued_through = state->finished_through;
      }
      CDC_RETURN_IF_ERROR(impl_->StoreProgress(*state, /*force=*/true));
    }
    replay_from = std::min(replay_from, CheckpointOf(state->finished_through));
  }
  if (latest) {
    // The events the routes have not finished, from the checkpoints that still hold them.
    for (uint64_t number = std::max<uint64_t>(replay_from, 1); number <= latest->number; ++number) {
      lake::Checkpoint checkpoint;
      if (number == latest->number) {
        checkpoint = *latest;
      } else {
        Result<std::string> json = impl_->lake->Get(lake::CheckpointKey(number));
        if (json.status().IsNotFound()) {
          LogWarn(LogComponent::kTrigger, "trigger events lost: their checkpoint is gone",
                  {{"checkpoint", std::to_string(number)}});
          continue;
        }
        if (!json.ok()) return json.status().WithContext("read checkpoint for the triggers");
        CDC_ASSIGN_OR_RETURN(checkpoint, lake::DecodeCheckpoint(*json, lake::CheckpointKey(number)));
      }
      std::lock_guard<std::mutex> lock(impl_->mutex);
      for (size_t file_idx = 0; file_idx < checkpoint.files.size(); ++file_idx) {
        const std::string sequencer = lake::EventSequencer(number, static_cast<uint32_t>(file_idx));
        for (auto& state : impl_->routes) {
          impl_->QueueLocked(*state, checkpoint.files[file_idx], sequencer, checkpoint.written_ms);
        }
      }
    }
  }
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->started = true;
  }
  for (auto& state : impl_->routes) {
    Impl::RouteState* raw = state.get();
    state->thread = std::thread([this, raw] { impl_->Loop(*raw); });
  }
  impl_->work.notify_all();
  return Status::OK();
}

void Dispatcher::Enqueue(const std::vector<lake::ObjectCreatedEvent>& events) {
  if (events.empty()) return;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    for (const lake::ObjectCreatedEvent& event : events) {
      for (auto& state : impl_->routes) impl_->QueueLocked(*state, event.file, event.sequencer, event.time_ms);
    }
  }
  impl_->work.notify_all();
}

Status Dispatcher::HandleExternal(const std::vector<ObjectCreated>& events, std::chrono::milliseconds timeout,
                                  std::string_view only_route, size_t* dead_lettered, Origin origin) {
  auto batch = std::make_shared<Impl::ExternalBatch>();
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (!impl_->started || impl_->stopping) return Status::Unavailable("triggers", "not running");
    if (!only_route.empty() &&
        std::none_of(impl_->routes.begin(), impl_->routes.end(),
                     [&](const auto& state) { return state->route.name == only_route; })) {
      return Status::NotFound("trigger " + std::string(only_route), "is not configured");
    }
    for (const ObjectCreated& event : events) {
      const std::string letter_name = "external-" + std::to_string(WallClockMs()) + "-" + std::to_string(++impl_->external_count);
      const std::string& key_prefix = impl_->address.key_prefix;
      const std::string filter_key = origin == Origin::kThisLake && event.key.starts_with(key_prefix)
                                         ? event.key.substr(key_prefix.size())
                                         : event.key;
      for (auto& state : impl_->routes) {
        if (!only_route.empty() && state->route.name != only_route) continue;
        state->queue.push_back(Impl::Queued{event, filter_key, letter_name, batch});
        state->stats.queued = state->queue.size();
        ++batch->pending;
      }
    }
  }
  impl_->work.notify_all();
  std::unique_lock<std::mutex> lock(impl_->mutex);
  if (!impl_->idle.wait_for(lock, timeout, [&] { return batch->pending == 0 || impl_->stopping; }) ||
      batch->pending != 0) {
    return Status::Unavailable("triggers", "the events were not all handled within " +
                                               std::to_string(timeout.count()) + " ms; send them again");
  }
  if (dead_lettered != nullptr) *dead_lettered = batch->dead_lettered;
  return Status::OK();
}

Status Dispatcher::Drain(std::chrono::milliseconds timeout) {
  {
    std::unique_lock<std::mutex> lock(impl_->mutex);
    const bool drained = impl_->idle.wait_for(lock, timeout, [this] {
      for (const auto& state : impl_->routes) {
        if (!state->queue.empty() || state->busy) return false;
      }
      return true;
    });
    if (!drained) {
      return Status::Unavailable("triggers", "events still queued after " + std::to_string(timeout.count()) + " ms");
    }
  }
  for (auto& state : impl_->routes) CDC_RETURN_IF_ERROR(impl_->StoreProgress(*state, /*force=*/true));
  return Status::OK();
}

uint64_t Dispatcher::NeededCheckpoint() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  uint64_t needed = std::numeric_limits<uint64_t>::max();
  for (const auto& state : impl_->routes) {
    // A restart replays from the stored progress: its checkpoint and every later one must stay.
    // Before Start, the events after the progress are not queued yet.
    if (!state->has_progress || (impl_->started && state->durable_through == state->queued_through)) continue;
    needed = std::min(needed, CheckpointOf(state->durable_through));
  }
  return needed;
}

std::vector<Dispatcher::RouteStats> Dispatcher::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  std::vector<RouteStats> out;
  for (const auto& state : impl_->routes) out.push_back(state->stats);
  return out;
}

}  // namespace cdc::trigger
