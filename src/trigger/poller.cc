#include "trigger/poller.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "base/logging.h"

namespace cdc::trigger {
namespace {

using Json = nlohmann::json;

bool IsLoadName(std::string_view name) { return name.rfind("LOAD", 0) == 0; }

}  // namespace

std::string PollerStateKey(std::string_view name) { return "_lakefeed/pollers/" + std::string(name) + ".json"; }

Poller::Poller(std::string name, store::ObjectStore* watched, EventAddress address, store::ObjectStore* lake,
               Dispatcher* dispatcher, bool from_now)
    : name_(std::move(name)),
      watched_(watched),
      address_(std::move(address)),
      lake_(lake),
      dispatcher_(dispatcher),
      from_now_(from_now) {}

Status Poller::LoadState() {
  Result<std::string> text = lake_->Get(PollerStateKey(name_));
  if (text.status().IsNotFound()) return Status::OK();
  if (!text.ok()) return text.status().WithContext("read the state of poller " + name_);
  const Json json = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object() || !json.contains("folders") || !json["folders"].is_object()) {
    return Status::Corruption("poller state " + PollerStateKey(name_), "no \"folders\" object");
  }
  for (const auto& [folder, names] : json["folders"].items()) {
    if (!names.is_object() || !names.contains("load") || !names["load"].is_string() || !names.contains("other") ||
        !names["other"].is_string()) {
      return Status::Corruption("poller state " + PollerStateKey(name_),
                                "folder \"" + folder + "\" is not {\"load\": name, \"other\": name}");
    }
    folders_[folder] = Folder{names["load"].get<std::string>(), names["other"].get<std::string>()};
  }
  stored_before_ = true;
  return Status::OK();
}

Result<size_t> Poller::PollOnce() {
  if (!loaded_) {
    CDC_RETURN_IF_ERROR(LoadState());
    loaded_ = true;
  }
  CDC_ASSIGN_OR_RETURN(std::vector<store::ObjectInfo> objects, store::ListAll(*watched_, ""));
  // Per folder, in key order (the listing's): LOAD files first, then the others.
  std::map<std::string, Folder> next = folders_;
  std::map<std::string, std::vector<const store::ObjectInfo*>> fresh_loads;
  std::map<std::string, std::vector<const store::ObjectInfo*>> fresh_others;
  for (const store::ObjectInfo& object : objects) {
    if (object.key.empty() || object.key.back() == '/' || object.key.rfind("_lakefeed/", 0) == 0) continue;
    const size_t slash = object.key.rfind('/');
    const std::string folder = slash == std::string::npos ? "" : object.key.substr(0, slash);
    const std::string file = object.key.substr(slash == std::string::npos ? 0 : slash + 1);
    Folder& seen = next[folder];
    std::string& last = IsLoadName(file) ? seen.last_load : seen.last_other;
    if (file <= last) continue;
    last = file;
    (IsLoadName(file) ? fresh_loads : fresh_others)[folder].push_back(&object);
  }
  std::vector<ObjectCreated> events;
  if (stored_before_ || !from_now_) {
    for (auto& [folder, seen] : next) {
      for (const auto* family : {&fresh_loads, &fresh_others}) {
        auto found = family->find(folder);
        if (found == family->end()) continue;
        for (const store::ObjectInfo* object : found->second) {
          ObjectCreated event;
          event.bucket = address_.bucket;
          event.key = address_.key_prefix + object->key;
          event.size = object->size;
          event.etag = object->etag;
          event.time_ms = object->modified_ms;
          event.region = address_.region;
          events.push_back(std::move(event));
        }
      }
    }
    if (!events.empty()) {
      CDC_RETURN_IF_ERROR(dispatcher_->HandleExternal(events, std::chrono::minutes(30)));
    }
  }
  if (events.empty() && next.size() == folders_.size() && stored_before_ &&
      std::equal(next.begin(), next.end(), folders_.begin(), [](const auto& a, const auto& b) {
        return a.first == b.first && a.second.last_load == b.second.last_load &&
               a.second.last_other == b.second.last_other;
      })) {
    return size_t{0};  // nothing new: nothing to store
  }
  Json folders = Json::object();
  for (const auto& [folder, seen] : next) folders[folder] = {{"load", seen.last_load}, {"other", seen.last_other}};
  Result<store::ObjectInfo> put = lake_->Put(
      PollerStateKey(name_), Json{{"folders", std::move(folders)}}.dump(-1, ' ', false, Json::error_handler_t::replace));
  if (!put.ok()) return put.status().WithContext("store the state of poller " + name_);
  folders_ = std::move(next);
  stored_before_ = true;
  if (!events.empty()) {
    LogInfo(LogComponent::kTrigger, "poller handed new files to the triggers",
            {{"poller", name_}, {"files", std::to_string(events.size())}});
  }
  return events.size();
}

}  // namespace cdc::trigger
