#include "iceberg/glue_catalog.h"

#include <curl/curl.h>

#include <chrono>
#include <ctime>
#include <thread>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/backoff.h"
#include "store/sigv4.h"

namespace cdc::iceberg {
namespace {

using Json = nlohmann::json;

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// "http://127.0.0.1:5000" -> "127.0.0.1:5000": the Host header a URL's authority makes.
std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  return std::string(rest.substr(0, rest.find('/')));
}

}  // namespace

Result<GlueOptions> GlueOptionsFrom(std::string_view region, std::string_view endpoint,
                                    const EnvLookup& env) {
  GlueOptions options;
  options.region = !region.empty()
                       ? std::string(region)
                       : env("AWS_REGION").value_or(env("AWS_DEFAULT_REGION").value_or("us-east-1"));
  options.endpoint = !endpoint.empty()
                         ? std::string(endpoint)
                         : env("AWS_ENDPOINT_URL_GLUE").value_or(env("AWS_ENDPOINT_URL").value_or(""));
  while (!options.endpoint.empty() && options.endpoint.back() == '/') options.endpoint.pop_back();
  CDC_ASSIGN_OR_RETURN(options.credentials, store::ResolveS3Credentials(env));
  return options;
}

std::string GlueErrorType(std::string_view body) {
  const Json parsed = Json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return "";
  auto type = parsed.find("__type");
  if (type == parsed.end() || !type->is_string()) return "";
  // "com.amazonaws.glue#EntityNotFoundException" or "EntityNotFoundException".
  std::string name = type->get<std::string>();
  if (size_t hash = name.rfind('#'); hash != std::string::npos) name.erase(0, hash + 1);
  if (size_t colon = name.find(':'); colon != std::string::npos) name.erase(colon);
  return name;
}

struct GlueCatalog::Impl {
  GlueOptions options;
  std::string url;
  CURL* handle = nullptr;

  ~Impl() {
    if (handle != nullptr) curl_easy_cleanup(handle);
  }

  struct Answer {
    long status = 0;
    std::string body;
  };

  // One attempt. Unavailable for a failure a retry may fix (the connection).
  Result<Answer> Send(std::string_view operation, const std::string& body) {
    const std::string what = "Glue " + std::string(operation);
    if (handle == nullptr) handle = curl_easy_init();
    if (handle == nullptr) return Status::IOError(what, "curl_easy_init failed");
    curl_easy_reset(handle);
    const std::string amz_date = store::AmzDate(std::time(nullptr));
    const std::string payload_sha256 = store::Sha256Hex(body);
    const std::string target = "AWSGlue." + std::string(operation);
    store::SigV4Request signing;
    signing.method = "POST";
    signing.canonical_uri = "/";
    signing.service = "glue";
    signing.payload_sha256 = payload_sha256;
    signing.headers = {{"content-type", "application/x-amz-json-1.1"},
                       {"host", HostOf(url)},
                       {"x-amz-content-sha256", payload_sha256},
                       {"x-amz-date", amz_date},
                       {"x-amz-target", target}};
    if (!options.credentials.session_token.empty()) {
      signing.headers.emplace_back("x-amz-security-token", options.credentials.session_token);
    }
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : signing.headers) {
      if (name != "host") headers = curl_slist_append(headers, (name + ": " + value).c_str());
    }
    headers = curl_slist_append(headers, "Expect:");
    headers = curl_slist_append(
        headers, ("Authorization: " + store::SigV4Authorization(signing, amz_date, options.region,
                                                                options.credentials.access_key_id,
                                                                options.credentials.secret_access_key))
                     .c_str());
    Answer answer;
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, AppendBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &answer.body);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout_ms));
    const CURLcode code = curl_easy_perform(handle);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &answer.status);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) return Status::Unavailable(what + " to " + url, curl_easy_strerror(code));
    return answer;
  }

  // The Status of an answer other than 200.
  static Status ErrorOf(std::string_view operation, const Answer& answer) {
    const std::string what = "Glue " + std::string(operation);
    const std::string type = GlueErrorType(answer.body);
    std::string message;
    const Json parsed = Json::parse(answer.body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_object()) {
      for (const char* key : {"message", "Message"}) {
        if (auto found = parsed.find(key); found != parsed.end() && found->is_string())
          message = found->get<std::string>();
      }
    }
    const std::string detail = "HTTP " + std::to_string(answer.status) + (type.empty() ? "" : " " + type) +
                               (message.empty() ? "" : ": " + message);
    if (type == "EntityNotFoundException") return Status::NotFound(what, detail);
    if (type == "AlreadyExistsException" || type == "ConcurrentModificationException")
      return Status::Conflict(what, detail);
    if (answer.status >= 500 || answer.status == 429 || type == "ThrottlingException" ||
        type == "OperationTimeoutException" || type == "InternalServiceException") {
      return Status::Unavailable(what, detail);
    }
    if (answer.status == 400 || answer.status == 403 || answer.status == 401)
      return Status::InvalidArgument(what, detail);
    return Status::IOError(what, detail);
  }
};

GlueCatalog::GlueCatalog(GlueOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->url =
      options.endpoint.empty() ? "https://glue." + options.region + ".amazonaws.com" : options.endpoint;
  impl_->url += "/";
  impl_->options = std::move(options);
}

GlueCatalog::~GlueCatalog() = default;

Result<std::string> GlueCatalog::Call(std::string_view operation, const std::string& body) {
  Backoff backoff(impl_->options.retry_initial_ms, impl_->options.retry_max_ms);
  for (uint32_t attempt = 1;; ++attempt) {
    Result<Impl::Answer> answer = impl_->Send(operation, body);
    Status status = !answer.ok()            ? answer.status()
                    : answer->status == 200 ? Status::OK()
                                            : Impl::ErrorOf(operation, *answer);
    if (status.ok()) return std::move(answer->body);
    if (!status.IsUnavailable() || attempt >= impl_->options.max_attempts) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff.NextDelayMs()));
  }
}

Status GlueCatalog::PointTable(std::string_view database, std::string_view table, std::string_view location,
                               std::string_view metadata_location,
                               std::string_view previous_metadata_location) {
  Json parameters = {{"table_type", "ICEBERG"}, {"metadata_location", metadata_location}};
  if (!previous_metadata_location.empty())
    parameters["previous_metadata_location"] = previous_metadata_location;
  const Json table_input = {{"Name", table},
                            {"TableType", "EXTERNAL_TABLE"},
                            {"Parameters", parameters},
                            {"StorageDescriptor", {{"Location", location}}}};
  const std::string request = Json{{"DatabaseName", database}, {"TableInput", table_input}}.dump();
  const std::string where = " of " + std::string(database) + "." + std::string(table);
  Result<std::string> updated = Call("UpdateTable", request);
  if (updated.ok()) return Status::OK();
  if (!updated.status().IsNotFound()) return updated.status().WithContext("pointing the Glue table" + where);
  Result<std::string> created = Call("CreateTable", request);
  if (created.status().IsNotFound()) {  // the database is missing too
    Result<std::string> database_created =
        Call("CreateDatabase", Json{{"DatabaseInput", {{"Name", database}}}}.dump());
    if (!database_created.ok() && !database_created.status().IsConflict()) {
      return database_created.status().WithContext("creating the Glue database" + where);
    }
    created = Call("CreateTable", request);
  }
  if (created.status().IsConflict()) created = Call("UpdateTable", request);  // made meanwhile
  if (!created.ok()) return created.status().WithContext("creating the Glue table" + where);
  return Status::OK();
}

}  // namespace cdc::iceberg
