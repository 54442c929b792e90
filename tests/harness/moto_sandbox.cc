#include "harness/moto_sandbox.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <thread>

namespace cdc::harness {
namespace {

// True when GET /moto-api/ answers with an HTTP status line. That endpoint does not count against
// INITIAL_NO_AUTH_ACTION_COUNT, so probing it is safe in signature-checking mode.
bool AnswersHttp(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  timeval tv{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = false;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    std::string request = "GET /moto-api/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[16] = {};
      ssize_t n = recv(fd, buffer, sizeof(buffer) - 1, 0);
      ok = n >= 5 && std::string_view(buffer, 5) == "HTTP/";
    }
  }
  close(fd);
  return ok;
}

std::string PythonQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

Result<std::unique_ptr<MotoSandbox>> MotoSandbox::Start(const Options& options) {
  CDC_ASSIGN_OR_RETURN(TempDir dir, TempDir::Create("lakefeed-moto-"));
  std::unique_ptr<MotoSandbox> sandbox(new MotoSandbox(options, std::move(dir)));
  Status launched = sandbox->Launch();
  if (!launched.ok()) {
    sandbox->MarkFailed();
    return launched;
  }
  return sandbox;
}

Status MotoSandbox::Launch() {
  constexpr int kAttempts = 5;
  Status last = Status::Unavailable("moto did not start");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    CDC_ASSIGN_OR_RETURN(port_, FindFreeLoopbackPort());
    SpawnOptions spawn;
    spawn.stdout_path = log_path();
    spawn.stderr_path = log_path();
    if (options_.verify_signatures) spawn.extra_env.emplace_back("INITIAL_NO_AUTH_ACTION_COUNT", "3");
    CDC_ASSIGN_OR_RETURN(server_, Subprocess::Spawn({"python3", "-m", "moto.server", "-H", "127.0.0.1", "-p",
                                                     std::to_string(port_)},
                                                    spawn));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    bool ready = false;
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (!server_.Running()) {
        exited = true;
        break;
      }
      if (AnswersHttp(port_)) {
        ready = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (ready) {
      if (options_.verify_signatures) return CreateSigningUser();
      return Status::OK();
    }
    std::string log = TailOfFile(log_path());
    server_.Kill();
    if (exited && log.find("Address already in use") != std::string::npos) {
      last = Status::Unavailable("port " + std::to_string(port_) + " was taken", log);
      continue;
    }
    if (exited) return Status::IOError("moto server exited during startup; log " + log_path(), log);
    return Status::Unavailable("moto server did not answer within 60 s", log);
  }
  return last;
}

Status MotoSandbox::CreateSigningUser() {
  // Uses exactly the three unauthenticated calls moto allows: CreateUser, PutUserPolicy, CreateAccessKey.
  std::string code =
      "import boto3, json\n"
      "iam = boto3.client('iam', endpoint_url=" + PythonQuote(endpoint()) +
      ", region_name='us-east-1', aws_access_key_id='bootstrap', aws_secret_access_key='bootstrap')\n"
      "iam.create_user(UserName='lakefeed')\n"
      "iam.put_user_policy(UserName='lakefeed', PolicyName='s3all', PolicyDocument=json.dumps("
      "{'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}]}))\n"
      "k = iam.create_access_key(UserName='lakefeed')['AccessKey']\n"
      "print(k['AccessKeyId'], k['SecretAccessKey'])\n";
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand({"python3", "-c", code}, std::chrono::minutes(1)));
  if (result.exit_code != 0) return Status::IOError("creating the moto IAM user failed", result.stderr_text);
  std::istringstream words(result.stdout_text);
  std::string key;
  std::string secret;
  if (!(words >> key >> secret)) return Status::IOError("unexpected IAM output", result.stdout_text);
  access_key_ = key;
  secret_key_ = secret;
  return Status::OK();
}

Result<std::string> MotoSandbox::RunBoto3(const std::string& python_code) {
  std::string code =
      "import boto3, botocore.config\n"
      "s3 = boto3.client('s3', endpoint_url=" + PythonQuote(endpoint()) + ", region_name=" + PythonQuote(region()) +
      ", aws_access_key_id=" + PythonQuote(access_key_) + ", aws_secret_access_key=" + PythonQuote(secret_key_) +
      ", config=botocore.config.Config(s3={'addressing_style': 'path'}))\n" + python_code;
  CDC_ASSIGN_OR_RETURN(CommandResult result, RunCommand({"python3", "-c", code}, std::chrono::minutes(2)));
  if (result.exit_code != 0) return Status::IOError("boto3 snippet failed", result.stderr_text);
  return result.stdout_text;
}

void MotoSandbox::Stop() { server_.Kill(); }

MotoSandbox::~MotoSandbox() {
  Stop();
  bool keep_all = GetEnvOr("LAKEFEED_KEEP_SANDBOX", "") == "1";
  if (keep_all) {
    dir_.Keep();
    std::fprintf(stderr, "[sandbox] moto sandbox kept at %s\n", dir_.path().c_str());
  } else if (failed_ && !dir_.path().empty()) {
    std::string kept = dir_.path() + "-moto.log";
    if (CopyTree(log_path(), kept).ok()) std::fprintf(stderr, "[sandbox] moto log kept at %s\n", kept.c_str());
  }
}

}  // namespace cdc::harness
