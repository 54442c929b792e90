#pragma once

#include <map>
#include <string>

#include "base/result.h"
#include "store/object_store.h"
#include "trigger/dispatcher.h"

namespace cdc::trigger {

// Finds the files that others write into a store without notifications (e.g. AWS DMS output in a
// bucket of its own) by listing it, and hands each new one to the triggers as an outside event
// (docs/triggers.md "Polling"). Each pass lists the whole watched store and, per folder, takes the
// files whose names sort after the last one handled there -- `LOAD*` files and the others (DMS's
// time-named change files) counted apart, as their names grow separately -- LOAD files first. The
// state (per folder, the two last names) is stored in the lake as _lakefeed/pollers/<name>.json once
// the triggers have finished a pass's events, so a crash repeats a pass, never skips one.
//
// Not thread-safe: one thread calls PollOnce.
class Poller {
 public:
  // `watched`: the store listed, named in events as `address` says; `lake`: where the state is kept.
  // `from_now`: a poller without stored state takes the files there now as handled (as an S3
  // notification sees only objects created after it was set up); otherwise it hands them all over.
  Poller(std::string name, store::ObjectStore* watched, EventAddress address, store::ObjectStore* lake,
         Dispatcher* dispatcher, bool from_now);

  // One pass: lists, hands the new files to the dispatcher (waiting until they are finished), stores
  // the state. The number of new files. Unavailable when the triggers did not finish them (the next
  // pass offers them again); the store's errors; Corruption for a state object that is not ours.
  Result<size_t> PollOnce();

 private:
  struct Folder {
    std::string last_load;   // the last LOAD* name handled ("" none)
    std::string last_other;  // the last other name handled
  };
  Status LoadState();

  std::string name_;
  store::ObjectStore* watched_;
  EventAddress address_;
  store::ObjectStore* lake_;
  Dispatcher* dispatcher_;
  bool from_now_;
  bool loaded_ = false;
  bool stored_before_ = false;
  std::map<std::string, Folder> folders_;
};

// _lakefeed/pollers/<name>.json
std::string PollerStateKey(std::string_view name);

}  // namespace cdc::trigger
