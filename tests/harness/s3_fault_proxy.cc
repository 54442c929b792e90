#include "harness/s3_fault_proxy.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

namespace cdc::harness {

Result<std::unique_ptr<S3FaultProxy>> S3FaultProxy::Start(uint16_t upstream_port, double rate, uint64_t seed,
                                                         std::chrono::milliseconds stall) {
  std::unique_ptr<S3FaultProxy> proxy(new S3FaultProxy());
  CDC_ASSIGN_OR_RETURN(proxy->dir_, TempDir::Create("lakefeed-s3-fault-proxy-"));
  const std::string log = proxy->dir_.path() + "/proxy.log";
  for (int attempt = 0; attempt < 5; ++attempt) {
    CDC_ASSIGN_OR_RETURN(proxy->port_, FindFreeLoopbackPort());
    SpawnOptions spawn;
    spawn.stdout_path = log;
    spawn.stderr_path = log;
    CDC_ASSIGN_OR_RETURN(proxy->process_,
                         Subprocess::Spawn({"python3", LAKEFEED_S3_FAULT_PROXY, std::to_string(proxy->port_),
                                            std::to_string(upstream_port), std::to_string(rate), std::to_string(seed),
                                            std::to_string(stall.count() / 1000.0),
                                            proxy->dir_.path()},
                                           spawn));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline && proxy->process_.Running()) {
      if (CanConnectLoopback(proxy->port_)) return proxy;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    proxy->process_.Kill();
  }
  return Status::Unavailable("the S3 fault proxy did not start", TailOfFile(log));
}

Status S3FaultProxy::Arm(const std::string& pattern, bool after) {
  const std::string arm = nlohmann::json{{"pattern", pattern}, {"after", after}}.dump();
  // Written aside, then renamed: the proxy never reads half an arm.
  CDC_RETURN_IF_ERROR(WriteFile(dir_.path() + "/arm.json.tmp", arm));
  std::error_code error;
  std::filesystem::rename(dir_.path() + "/arm.json.tmp", dir_.path() + "/arm.json", error);
  if (error) return Status::IOError("arming the S3 fault proxy", error.message());
  return Status::OK();
}

bool S3FaultProxy::Holding() const {
  std::error_code error;
  return std::filesystem::exists(dir_.path() + "/held.json", error);
}

void S3FaultProxy::Release() {
  std::error_code error;
  std::filesystem::remove(dir_.path() + "/arm.json", error);
  std::filesystem::remove(dir_.path() + "/held.json", error);
}

Result<std::map<std::string, uint64_t>> S3FaultProxy::Counts() const {
  CDC_ASSIGN_OR_RETURN(
      CommandResult result,
      RunCommand({"python3", "-c",
                  "import urllib.request; print(urllib.request.urlopen('" + endpoint() + "/__faults').read().decode())"},
                 std::chrono::seconds(30)));
  if (result.exit_code != 0) return Status::IOError("fault proxy counts", result.stderr_text);
  nlohmann::json json = nlohmann::json::parse(result.stdout_text, nullptr, false);
  if (!json.is_object()) return Status::Corruption("fault proxy counts", result.stdout_text);
  std::map<std::string, uint64_t> counts;
  for (const auto& [name, value] : json.items()) counts[name] = value.get<uint64_t>();
  return counts;
}

}  // namespace cdc::harness
