#include "store/s3_store.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "base/backoff.h"
#include "base/clock.h"
#include "base/logging.h"
#include "store/s3_probe.h"
#include "store/s3_xml.h"
#include "store/sigv4.h"
#include "store/store_internal.h"

namespace cdc::store {
namespace {

constexpr std::string_view kS3Scheme = "s3://";
// Parts of one upload sent at once, and the most their buffers may hold together.
constexpr uint64_t kPartsInFlight = 4;
constexpr uint64_t kPartBytesInFlight = uint64_t{64} << 20;

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

// RFC 3986 percent-encoding as SigV4 wants it: unreserved characters stay, '/' too when `keep_slash`.
std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}



// [profile] sections of an AWS credentials or config file: section name -> key -> value.
std::map<std::string, std::map<std::string, std::string>> ReadIniFile(const std::string& path) {
  std::map<std::string, std::map<std::string, std::string>> sections;
  std::ifstream in(path);
  std::string line, section;
  while (std::getline(in, line)) {
    std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#' || text.front() == ';') continue;
    if (text.front() == '[' && text.back() == ']') {
      section = std::string(Trim(text.substr(1, text.size() - 2)));
      continue;
    }
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    sections[section][Lower(Trim(text.substr(0, equals)))] = std::string(Trim(text.substr(equals + 1)));
  }
  return sections;
}

bool Retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SEND_FAIL_REWIND:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

// The ETag S3 gives an object uploaded in parts: the MD5 of the parts' MD5s, then "-<parts>" (quoted).
std::string MultipartEtag(const std::vector<std::string>& part_etags) {
  std::string digests;
  for (const std::string& etag : part_etags) {
    std::string_view hex = etag;
    if (hex.size() >= 2 && hex.front() == '"' && hex.back() == '"') hex = hex.substr(1, hex.size() - 2);
    for (size_t pos = 0; pos + 1 < hex.size(); pos += 2) {
      digests.push_back(static_cast<char>(std::stoi(std::string(hex.substr(pos, 2)), nullptr, 16)));
    }
  }
  unsigned char md5[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(digests.data(), digests.size(), md5, &size, EVP_md5(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned int idx = 0; idx < size; ++idx) {
    out.push_back(kHex[md5[idx] >> 4]);
    out.push_back(kHex[md5[idx] & 15]);
  }
  return out + "-" + std::to_string(part_etags.size()) + "\"";
}

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string header(const std::string& name) const {
    auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
  }
};

// One S3 request. `key` is the full object key (with the store's prefix); empty for the bucket.
struct S3Request {
  S3Request(std::string op_name, std::string http_method, std::string full_key,
            std::vector<std::pair<std::string, std::string>> parameters = {})
      : op(std::move(op_name)), method(std::move(http_method)), key(std::move(full_key)), query(std::move(parameters)) {}

  std::string op;  // for messages: "GET", "PUT", "ListObjectsV2", ...
  std::string method;
  std::string key;
  std::vector<std::pair<std::string, std::string>> query;  // encoded by the request
  std::vector<std::string> headers;
  std::string_view body;
};

size_t WriteBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t WriteHeader(char* data, size_t size, size_t count, void* user) {
  std::string_view line(data, size * count);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    (*static_cast<std::map<std::string, std::string>*>(user))[Lower(Trim(line.substr(0, colon)))] =
        std::string(Trim(line.substr(colon + 1)));
  }
  return size * count;
}

struct UploadSource {
  std::string_view data;
  size_t offset = 0;
};

// libcurl rewinds a body it must send again (a redirect, a connection reused too late).
int SeekBody(void* user, curl_off_t offset, int origin) {
  auto* source = static_cast<UploadSource*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<size_t>(offset) > source->data.size()) return CURL_SEEKFUNC_FAIL;
  source->offset = static_cast<size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<UploadSource*>(user);
  size_t n = std::min(size * count, source->data.size() - source->offset);
  std::memcpy(buffer, source->data.data() + source->offset, n);
  source->offset += n;
  return n;
}

}  // namespace

namespace {

Result<S3Credentials> FindS3Credentials(const EnvLookup& env) {
  auto get = [&](std::string_view name) { return env(name).value_or(""); };
  S3Credentials credentials;
  credentials.access_key_id = get("AWS_ACCESS_KEY_ID");
  credentials.secret_access_key = get("AWS_SECRET_ACCESS_KEY");
  if (!credentials.access_key_id.empty() || !credentials.secret_access_key.empty()) {
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
      return Status::InvalidArgument("S3 credentials", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must both be set");
    }
    credentials.session_token = get("AWS_SESSION_TOKEN");
    credentials.source = "the environment (AWS_ACCESS_KEY_ID)";
    return credentials;
  }
  std::string profile = env("AWS_PROFILE").value_or("");
  if (profile.empty()) profile = "default";
  const std::string home = get("HOME");
  const std::string credentials_file =
      env("AWS_SHARED_CREDENTIALS_FILE").value_or(home.empty() ? "" : home + "/.aws/credentials");
  const std::string config_file = env("AWS_CONFIG_FILE").value_or(home.empty() ? "" : home + "/.aws/config");
  auto from_section = [&](const std::map<std::string, std::map<std::string, std::string>>& sections,
                          const std::string& section, const std::string& where) -> Result<bool> {
    auto found = sections.find(section);
    if (found == sections.end()) return false;
    const auto& keys = found->second;
    auto value = [&](const char* key) {
      auto it = keys.find(key);
      return it == keys.end() ? std::string() : it->second;
    };
    credentials.access_key_id = value("aws_access_key_id");
    credentials.secret_access_key = value("aws_secret_access_key");
    if (credentials.access_key_id.empty() && credentials.secret_access_key.empty()) return false;
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
      return Status::InvalidArgument("S3 credentials", where + " [" + section +
                                                           "] has only one of aws_access_key_id and "
                                                           "aws_secret_access_key");
    }
    credentials.session_token = value("aws_session_token");
    credentials.source = where + " [" + section + "]";
    return true;
  };
  if (!credentials_file.empty()) {
    CDC_ASSIGN_OR_RETURN(bool found, from_section(ReadIniFile(credentials_file), profile, credentials_file));
    if (found) return credentials;
  }
  if (!config_file.empty()) {
    const auto sections = ReadIniFile(config_file);
    // [profile NAME]; the default profile may also be plain [default].
    CDC_ASSIGN_OR_RETURN(bool found, from_section(sections, "profile " + profile, config_file));
    if (found) return credentials;
    if (profile == "default") {
      CDC_ASSIGN_OR_RETURN(found, from_section(sections, "default", config_file));
      if (found) return credentials;
    }
  }
  return Status::InvalidArgument(
      "S3 credentials", "none found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
                        "temporary ones), or profile '" + profile + "' in " +
                            (credentials_file.empty() ? "~/.aws/credentials" : credentials_file) + " or " +
                            (config_file.empty() ? "~/.aws/config" : config_file));
}

}  // namespace

Result<S3Credentials> ResolveS3Credentials(const EnvLookup& env) {
  Result<S3Credentials> credentials = FindS3Credentials(env);
  if (credentials.ok()) {
    // Whatever might print them (a request dump, an error with a header), the log shows "<redacted>".
    RegisterSecret(credentials->secret_access_key);
    RegisterSecret(credentials->session_token);
  }
  return credentials;
}

Result<S3Options> S3OptionsFromUrl(std::string_view url, const EnvLookup& env) {
  if (!url.starts_with(kS3Scheme)) {
    return Status::InvalidArgument("store URL '" + std::string(url) + "'", "expected s3://bucket[/prefix]");
  }
  std::string_view rest = url.substr(kS3Scheme.size());
  size_t slash = rest.find('/');
  S3Options options;
  options.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) {
    std::string_view prefix = rest.substr(slash + 1);
    while (prefix.ends_with('/')) prefix.remove_suffix(1);
    options.prefix = std::string(prefix);
  }
  if (options.bucket.empty()) {
    return Status::InvalidArgument("store URL '" + std::string(url) + "'", "names no bucket: s3://bucket[/prefix]");
  }
  if (!options.prefix.empty()) {
    Status valid = ValidateKey(options.prefix);
    if (!valid.ok()) return valid.WithContext("store URL '" + std::string(url) + "'");
  }
  options.endpoint = env("AWS_ENDPOINT_URL_S3").value_or(env("AWS_ENDPOINT_URL").value_or(""));
  while (options.endpoint.ends_with('/')) options.endpoint.pop_back();
  options.path_style = !options.endpoint.empty();
  options.region = env("AWS_REGION").value_or(env("AWS_DEFAULT_REGION").value_or("us-east-1"));
  CDC_ASSIGN_OR_RETURN(options.credentials, ResolveS3Credentials(env));
  return options;
}

struct S3Store::Impl {
  S3Options options;
  std::string base_url;   // scheme://host[:port][/bucket] -- keys follow after '/'
  std::string host;       // the Host header: host[:port] (virtual-hosted: bucket.host[:port])
  std::string base_path;  // the path before the key: "/bucket" (path-style) or ""
  std::mutex pool_mutex;
  std::vector<CURL*> pool;

  std::atomic<uint64_t> requests{0}, retries{0}, errors{0}, total_us{0}, bytes_sent{0}, bytes_received{0};
  std::optional<S3Probe> probe;  // with options.metrics

  ~Impl() {
    for (CURL* handle : pool) curl_easy_cleanup(handle);
  }

  std::string FullKey(std::string_view key) const {
    return options.prefix.empty() ? std::string(key) : options.prefix + "/" + std::string(key);
  }

  CURL* TakeHandle() {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        CURL* handle = pool.back();
        pool.pop_back();
        curl_easy_reset(handle);
        return handle;
      }
    }
    return curl_easy_init();
  }

  void ReturnHandle(CURL* handle) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(handle);
  }

  std::string Describe(const S3Request& request) const {
    return "S3 " + request.op + " s3://" + options.bucket + "/" + request.key;
  }

  // One attempt. Unavailable for what a retry may fix.
  Result<HttpResponse> SendOnce(const S3Request& request) {
    const std::string path = base_path + "/" + UriEncode(request.key, /*keep_slash=*/true);
    // The query sorted by name (then value), encoded: as sent and as signed.
    std::vector<std::pair<std::string, std::string>> parameters;
    for (const auto& [name, value] : request.query) parameters.emplace_back(UriEncode(name, false), UriEncode(value, false));
    std::sort(parameters.begin(), parameters.end());
    std::string query;
    for (const auto& [name, value] : parameters) query += (query.empty() ? "" : "&") + name + "=" + value;
    const std::string url = base_url + "/" + UriEncode(request.key, /*keep_slash=*/true) + (query.empty() ? "" : "?" + query);

    SigV4Request signing;
    signing.method = request.method;
    signing.canonical_uri = path;
    signing.canonical_query = query;
    const std::string payload_sha256 = Sha256Hex(request.body);
    signing.payload_sha256 = payload_sha256;
    const std::string amz_date = AmzDate(std::time(nullptr));
    signing.headers = {{"host", host}, {"x-amz-date", amz_date}, {"x-amz-content-sha256", payload_sha256}};
    if (!options.credentials.session_token.empty()) {
      signing.headers.emplace_back("x-amz-security-token", options.credentials.session_token);
    }
    curl_slist* headers = nullptr;
    for (const std::string& header : request.headers) {
      headers = curl_slist_append(headers, header.c_str());
      size_t colon = header.find(':');
      std::string name = Lower(header.substr(0, colon));
      if (name.starts_with("x-amz-")) signing.headers.emplace_back(name, std::string(Trim(header.substr(colon + 1))));
    }
    for (const auto& [name, value] : signing.headers) {
      if (name == "x-amz-date" || name == "x-amz-content-sha256" || name == "x-amz-security-token" || name == "host") {
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
      }
    }
    // No "Expect: 100-continue" wait before a body: S3 answers errors at once anyway, and servers that
    // never send 100 Continue would cost a second per request.
    headers = curl_slist_append(headers, "Expect:");
    headers = curl_slist_append(
        headers, ("Authorization: " + SigV4Authorization(signing, amz_date, options.region,
                                                          options.credentials.access_key_id,
                                                          options.credentials.secret_access_key))
                     .c_str());

    CURL* handle = TakeHandle();
    if (handle == nullptr) {
      curl_slist_free_all(headers);
      return Status::IOError(Describe(request), "curl_easy_init failed");
    }
    HttpResponse response;
    UploadSource upload{request.body, 0};
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, WriteBody);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, WriteHeader);
    curl_easy_setopt(handle, CURLOPT_HEADERDATA, &response.headers);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout_ms));
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.stall_timeout_s));
    if (request.method == "HEAD") {  // no body comes back
      curl_easy_setopt(handle, CURLOPT_NOBODY, 1L);
    } else if (request.method == "PUT") {
      curl_easy_setopt(handle, CURLOPT_UPLOAD, 1L);
      curl_easy_setopt(handle, CURLOPT_READFUNCTION, ReadBody);
      curl_easy_setopt(handle, CURLOPT_READDATA, &upload);
      curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, SeekBody);
      curl_easy_setopt(handle, CURLOPT_SEEKDATA, &upload);
      curl_easy_setopt(handle, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(handle, CURLOPT_UPLOAD_BUFFERSIZE, 512L * 1024);  // fewer, larger sends than 64 KiB
    } else if (request.method == "POST") {
      // The request names its Content-Type (curl's default, a form, makes some servers eat the body).
      curl_easy_setopt(handle, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      upload.offset = request.body.size();
    } else if (request.method != "GET") {
      curl_easy_setopt(handle, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    const auto started = std::chrono::steady_clock::now();
    CURLcode code = curl_easy_perform(handle);
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &response.status);
    curl_slist_free_all(headers);
    ReturnHandle(handle);
    ++requests;
    total_us += static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count());
    bytes_sent += upload.offset;
    bytes_received += response.body.size();
    if (code != CURLE_OK) {
      std::string what = Describe(request) + " to " + url;
      if (Retryable(code)) return Status::Unavailable(what, curl_easy_strerror(code));
      return Status::IOError(what, curl_easy_strerror(code));
    }
    return response;
  }

  // The Status of an S3 answer that is not a success.
  Status ErrorOf(const S3Request& request, const HttpResponse& response) const {
    std::string code = XmlElement(response.body, "Code").value_or("");
    std::string message = XmlElement(response.body, "Message").value_or("");
    std::string detail = "HTTP " + std::to_string(response.status) + (code.empty() ? "" : " " + code) +
                         (message.empty() ? "" : ": " + message);
    const std::string what = Describe(request);
    const long status = response.status;
    if (status == 404) {
      if (code == "NoSuchBucket") {
        return Status::InvalidArgument(what, detail + " (the bucket " + options.bucket + " does not exist)");
      }
      return Status::NotFound(what, detail);
    }
    if (status == 412) return Status::Conflict(what, detail);
    if (status == 409 && (code == "ConditionalRequestConflict" || code == "OperationAborted")) {
      return Status::Unavailable(what, detail);  // S3: retry
    }
    if (status == 409) return Status::IOError(what, detail);  // Conflict means a failed precondition only
    if (status == 403 || status == 401) {
      return Status::InvalidArgument(what, detail + " (credentials from " + options.credentials.source + ")");
    }
    if (status == 400 && (code == "RequestTimeout" || code == "ExpiredToken")) {
      return code == "RequestTimeout" ? Status::Unavailable(what, detail) : Status::InvalidArgument(what, detail);
    }
    if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
      return Status::Unavailable(what, detail);
    }
    if (status == 501) return Status::NotSupported(what, detail);
    if (status == 416) return Status::InvalidArgument(what, detail + " (the range starts past the end)");
    return Status::IOError(what, detail);
  }

  // Sends with retries of what S3 says to retry. An answer other than 2xx is an error Status;
  // *attempts (optional) gets how many were sent.
  Result<HttpResponse> Send(const S3Request& request, int* attempts = nullptr) {
    Backoff backoff(options.retry_initial_ms, options.retry_max_ms);
    for (int attempt = 1;; ++attempt) {
      if (attempts != nullptr) *attempts = attempt;
      const auto started = std::chrono::steady_clock::now();
      Result<HttpResponse> response = SendOnce(request);
      if (probe) {
        probe->OnAttempt(request.op, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      }
      Status status;
      std::string code = "network";  // for the metrics: what failed
      if (!response.ok()) {
        status = response.status();
      } else if (response->status / 100 == 2) {
        // CopyObject and CompleteMultipartUpload may fail after a 200 with an <Error> body.
        if (response->body.find("<Error>") != std::string::npos &&
            (request.op == "CopyObject" || request.op == "CompleteMultipartUpload")) {
          HttpResponse failed = *response;
          failed.status = 500;
          status = ErrorOf(request, failed);
          code = XmlElement(response->body, "Code").value_or("InternalError");
        } else {
          return response;
        }
      } else {
        status = ErrorOf(request, *response);
        code = XmlElement(response->body, "Code").value_or("HTTP " + std::to_string(response->status));
      }
      if (!status.IsUnavailable() || static_cast<uint32_t>(attempt) >= options.max_attempts) {
        ++errors;
        if (probe) probe->OnError(request.op, code);
        if (status.IsUnavailable()) return status.WithContext("after " + std::to_string(attempt) + " attempts");
        return status;
      }
      ++retries;
      if (probe) probe->OnRetry(request.op, code);
      const uint32_t delay_ms = backoff.NextDelayMs();
      if (LogEnabled(LogComponent::kCommunication, LogLevel::kDebug)) {
        LogDebug(LogComponent::kCommunication, "S3 request retried",
                 {{"attempt", std::to_string(attempt)}, {"delay_ms", std::to_string(delay_ms)},
                  {"error", status.ToString()}});
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    }
  }

  std::vector<std::string> WriteHeaders(const PutOptions& put) const {
    std::vector<std::string> headers = {"Content-Type: application/octet-stream"};
    if (put.if_absent) headers.push_back("If-None-Match: *");
    if (!put.if_match.empty()) headers.push_back("If-Match: " + put.if_match);
    if (!options.sse.empty()) headers.push_back("x-amz-server-side-encryption: " + options.sse);
    if (!options.sse_kms_key_id.empty()) {
      headers.push_back("x-amz-server-side-encryption-aws-kms-key-id: " + options.sse_kms_key_id);
    }
    return headers;
  }

  Result<ObjectInfo> HeadObject(std::string_view key) {
    S3Request request{"HEAD", "HEAD", FullKey(key)};
    CDC_ASSIGN_OR_RETURN(HttpResponse response, Send(request));
    ObjectInfo info;
    info.key = std::string(key);
    info.size = std::strtoull(response.header("content-length").c_str(), nullptr, 10);
    info.etag = response.header("etag");
    info.modified_ms = ParseTimeMs(response.header("last-modified"));
    return info;
  }

  // A conditional write whose earlier attempt got no answer may have taken effect: then the key
  // holds exactly `data`, and the write succeeded.
  Result<ObjectInfo> WrittenBefore(std::string_view key, std::string_view data) {
    S3Request get{"GET", "GET", FullKey(key)};
    Result<HttpResponse> current = Send(get);
    if (!current.ok() || current->body != data) return Status::NotFound("");
    return ObjectInfo{std::string(key), data.size(), current->header("etag"), WallClockMs()};
  }

  Result<ObjectInfo> PutData(std::string_view key, std::string_view data, const PutOptions& put) {
    S3Request request{"PUT", "PUT", FullKey(key)};
    request.headers = WriteHeaders(put);
    request.body = data;
    Result<HttpResponse> response = Send(request);
    if (!response.ok()) {
      // libcurl itself may send a request again on a fresh connection, so a lost first answer is
      // possible even after one attempt of ours: look whenever a condition failed.
      if (response.status().IsConflict()) {
        Result<ObjectInfo> ours = WrittenBefore(key, data);
        if (ours.ok()) return ours;
      }
      return response.status();
    }
    return ObjectInfo{std::string(key), data.size(), response->header("etag"), WallClockMs()};
  }

  // Uploads the parts of `path` (`size` bytes) on up to kPartsInFlight threads at once, each reading its
  // own parts, as long as the parts in memory stay within kPartBytesInFlight.
  Result<ObjectInfo> PutMultipart(std::string_view key, const std::string& path, uint64_t size, const PutOptions& put) {
    const std::string full_key = FullKey(key);
    S3Request create{"CreateMultipartUpload", "POST", full_key, {{"uploads", ""}}};
    create.headers = WriteHeaders(PutOptions{});
    CDC_ASSIGN_OR_RETURN(HttpResponse created, Send(create));
    std::optional<std::string> upload_id = XmlElement(created.body, "UploadId");
    if (!upload_id) return Status::IOError(Describe(create), "no UploadId in the answer");
    auto abort = [&](Status error) -> Status {
      S3Request cancel{"AbortMultipartUpload", "DELETE", full_key, {{"uploadId", *upload_id}}};
      (void)Send(cancel);  // best effort: a bucket lifecycle rule cleans up what is left
      return error;
    };
    const uint64_t parts = (size + options.part_size - 1) / options.part_size;
    std::vector<std::string> part_etags(parts);
    std::atomic<uint64_t> next_part{0};
    std::mutex failure_mutex;
    Status failure;
    auto upload_parts = [&] {
      std::ifstream in(path, std::ios::binary);
      std::string data;
      for (uint64_t part = next_part++; part < parts; part = next_part++) {
        {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (!failure.ok()) return;
        }
        const uint64_t offset = part * options.part_size;
        const size_t length = static_cast<size_t>(std::min<uint64_t>(options.part_size, size - offset));
        data.resize(length);
        in.seekg(static_cast<std::streamoff>(offset));
        Status status;
        if (!in || !in.read(data.data(), static_cast<std::streamsize>(length))) {
          status = Status::IOError("read " + path + " for upload", "the file is shorter than it was");
        } else {
          S3Request upload{"UploadPart", "PUT", full_key,
                           {{"partNumber", std::to_string(part + 1)}, {"uploadId", *upload_id}}};
          upload.body = data;
          Result<HttpResponse> uploaded = Send(upload);
          if (uploaded.ok()) {
            part_etags[part] = uploaded->header("etag");
            continue;
          }
          status = uploaded.status();
        }
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (failure.ok()) failure = status;
        return;
      }
    };
    const uint64_t threads =
        std::clamp<uint64_t>(std::min<uint64_t>(kPartsInFlight, kPartBytesInFlight / options.part_size), 1, parts);
    std::vector<std::thread> workers;
    for (uint64_t worker = 1; worker < threads; ++worker) workers.emplace_back(upload_parts);
    upload_parts();
    for (std::thread& worker : workers) worker.join();
    if (!failure.ok()) return abort(failure);
    std::string complete = "<CompleteMultipartUpload>";
    for (uint64_t part = 0; part < parts; ++part) {
      complete += "<Part><PartNumber>" + std::to_string(part + 1) + "</PartNumber><ETag>" + part_etags[part] +
                  "</ETag></Part>";
    }
    complete += "</CompleteMultipartUpload>";
    S3Request finish{"CompleteMultipartUpload", "POST", full_key, {{"uploadId", *upload_id}}};
    finish.body = complete;
    finish.headers.push_back("Content-Type: application/xml");
    if (put.if_absent) finish.headers.push_back("If-None-Match: *");
    if (!put.if_match.empty()) finish.headers.push_back("If-Match: " + put.if_match);
    Result<HttpResponse> finished = Send(finish);
    if (!finished.ok()) {
      // A completion sent again after its answer was lost (by us, or by libcurl on a fresh
      // connection) finds the upload gone (404 NoSuchUpload) or its own object in the way (412): the
      // object is ours when its size and multipart ETag are (under SSE-KMS the ETag is no digest:
      // the size alone).
      if (finished.status().IsNotFound() || finished.status().IsConflict()) {
        Result<ObjectInfo> done = HeadObject(key);
        if (done.ok() && done->size == size && (options.sse == "aws:kms" || done->etag == MultipartEtag(part_etags))) {
          return done;
        }
      }
      return abort(finished.status());
    }
    std::string etag = XmlElement(finished->body, "ETag").value_or(finished->header("etag"));
    return ObjectInfo{std::string(key), size, etag, WallClockMs()};
  }
};

S3Store::S3Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
S3Store::~S3Store() = default;

Result<std::unique_ptr<S3Store>> S3Store::Open(S3Options options) {
  static std::once_flag curl_init;
  std::call_once(curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (options.bucket.empty()) return Status::InvalidArgument("S3 store", "no bucket");
  if (options.credentials.access_key_id.empty() || options.credentials.secret_access_key.empty()) {
    return Status::InvalidArgument("S3 store", "no credentials");
  }
  if (options.part_size < (uint64_t{5} << 20) || options.part_size > (uint64_t{5} << 30)) {
    return Status::InvalidArgument("S3 store", "part size must be 5 MiB to 5 GiB");
  }
  if (!options.sse.empty() && options.sse != "AES256" && options.sse != "aws:kms") {
    return Status::InvalidArgument("S3 store", "server-side encryption is AES256 or aws:kms, not " + options.sse);
  }
  if (!options.sse_kms_key_id.empty() && options.sse != "aws:kms") {
    return Status::InvalidArgument("S3 store", "a KMS key id needs server-side encryption aws:kms");
  }
  auto impl = std::make_unique<Impl>();
  if (options.metrics != nullptr) impl->probe.emplace(*options.metrics, options.metrics_store);
  std::string endpoint = options.endpoint.empty() ? "https://s3." + options.region + ".amazonaws.com" : options.endpoint;
  size_t scheme_end = endpoint.find("://");
  if (scheme_end == std::string::npos || scheme_end + 3 >= endpoint.size() ||
      endpoint.find('/', scheme_end + 3) != std::string::npos) {
    return Status::InvalidArgument("S3 endpoint '" + endpoint + "'", "expected scheme://host[:port]");
  }
  const std::string scheme = endpoint.substr(0, scheme_end + 3);
  const std::string authority = endpoint.substr(scheme_end + 3);
  if (options.path_style) {
    impl->host = authority;
    impl->base_path = "/" + UriEncode(options.bucket, false);
  } else {
    impl->host = options.bucket + "." + authority;
  }
  impl->base_url = scheme + impl->host + impl->base_path;
  impl->options = std::move(options);
  return std::unique_ptr<S3Store>(new S3Store(std::move(impl)));
}

std::string S3Store::url() const {
  const S3Options& options = impl_->options;
  return "s3://" + options.bucket + (options.prefix.empty() ? "" : "/" + options.prefix);
}

Result<std::string> S3Store::Get(std::string_view key, ByteRange range) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  S3Request request{"GET", "GET", impl_->FullKey(key)};
  const bool to_end = range.length == 0 || range.length > UINT64_MAX - range.offset;
  if (range.offset != 0 || !to_end) {
    request.headers.push_back("Range: bytes=" + std::to_string(range.offset) + "-" +
                              (to_end ? "" : std::to_string(range.offset + range.length - 1)));
  }
  Result<HttpResponse> response = impl_->Send(request);
  if (response.ok()) return std::move(response->body);
  // S3 answers 416 for a range starting at or past the end; the store contract cuts a range that
  // starts right at the end (an empty object's byte 0, too) to nothing.
  if (response.status().IsInvalidArgument() && response.status().message().find("HTTP 416") != std::string::npos) {
    CDC_ASSIGN_OR_RETURN(ObjectInfo info, Head(key));
    CDC_ASSIGN_OR_RETURN(internal::Span span, internal::ClipRange(key, range, info.size));
    (void)span;
    return std::string();
  }
  return response.status();
}

Result<ObjectInfo> S3Store::Head(std::string_view key) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  return impl_->HeadObject(key);
}

Result<ObjectInfo> S3Store::Put(std::string_view key, std::string_view data, const PutOptions& options) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  CDC_RETURN_IF_ERROR(internal::CheckPutOptions(key, options));
  return impl_->PutData(key, data, options);
}

Result<ObjectInfo> S3Store::PutFile(std::string_view key, const std::string& path, const PutOptions& options) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  CDC_RETURN_IF_ERROR(internal::CheckPutOptions(key, options));
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Status::IOError("open " + path, std::strerror(errno));
  const uint64_t size = static_cast<uint64_t>(in.tellg());
  in.seekg(0);
  if (size > impl_->options.part_size) return impl_->PutMultipart(key, path, size, options);
  std::string data(size, '\0');
  if (size > 0 && !in.read(data.data(), static_cast<std::streamsize>(size))) {
    return Status::IOError("read " + path, std::strerror(errno));
  }
  return impl_->PutData(key, data, options);
}

Status S3Store::Delete(std::string_view key) {
  CDC_RETURN_IF_ERROR(ValidateKey(key));
  S3Request request{"DELETE", "DELETE", impl_->FullKey(key)};
  Result<HttpResponse> response = impl_->Send(request);
  if (!response.ok() && !response.status().IsNotFound()) return response.status();
  return Status::OK();
}

Result<ListPage> S3Store::List(const ListOptions& options) {
  CDC_RETURN_IF_ERROR(internal::CheckListOptions(options));
  const std::string& prefix = impl_->options.prefix;
  S3Request request{"ListObjectsV2", "GET", ""};
  request.query = {{"list-type", "2"},
                   {"max-keys", std::to_string(options.max_keys)},
                   {"prefix", impl_->FullKey(options.prefix)}};
  if (prefix.empty() && options.prefix.empty()) request.query.pop_back();
  if (!options.start_after.empty()) request.query.emplace_back("start-after", impl_->FullKey(options.start_after));
  if (!options.continuation.empty()) request.query.emplace_back("continuation-token", options.continuation);
  CDC_ASSIGN_OR_RETURN(HttpResponse response, impl_->Send(request));
  return ParseListObjectsV2(response.body, prefix);
}

Status S3Store::Move(std::string_view from, std::string_view to) {
  CDC_RETURN_IF_ERROR(ValidateKey(from));
  CDC_RETURN_IF_ERROR(ValidateKey(to));
  S3Request copy{"CopyObject", "PUT", impl_->FullKey(to)};
  copy.headers.push_back("x-amz-copy-source: /" + impl_->options.bucket + "/" +
                         UriEncode(impl_->FullKey(from), /*keep_slash=*/true));
  if (!impl_->options.sse.empty()) copy.headers.push_back("x-amz-server-side-encryption: " + impl_->options.sse);
  if (!impl_->options.sse_kms_key_id.empty()) {
    copy.headers.push_back("x-amz-server-side-encryption-aws-kms-key-id: " + impl_->options.sse_kms_key_id);
  }
  Result<HttpResponse> copied = impl_->Send(copy);
  if (!copied.ok()) {
    if (!copied.status().IsNotFound()) return copied.status();
    // Moved before (a publish redone after a crash): fine when the target is there.
    Result<ObjectInfo> target = Head(to);
    if (target.ok()) return Status::OK();
    if (!target.status().IsNotFound()) return target.status();
    return Status::NotFound("move " + internal::QuoteKey(from) + " to " + internal::QuoteKey(to),
                            "neither exists");
  }
  return Delete(from);
}

S3RequestCounts S3Store::counts() const {
  S3RequestCounts counts;
  counts.requests = impl_->requests;
  counts.retries = impl_->retries;
  counts.errors = impl_->errors;
  counts.total_us = impl_->total_us;
  counts.bytes_sent = impl_->bytes_sent;
  counts.bytes_received = impl_->bytes_received;
  return counts;
}

}  // namespace cdc::store
