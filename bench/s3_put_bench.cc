// Uploads local files to an S3 API with lakefeed's S3Store, one after another (as the lake's flushes do), and
// prints the seconds and MiB/s. For bench/s3-upload-bench, which runs it side by side with `aws s3 cp`.
//
//   s3_put_bench <endpoint> <bucket> <prefix> <part size MiB> <file>...
// Credentials from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "store/s3_store.h"

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: s3_put_bench <endpoint> <bucket> <prefix> <part size MiB> <file>...\n");
    return 2;
  }
  cdc::Result<cdc::store::S3Credentials> credentials = cdc::store::ResolveS3Credentials(cdc::ProcessEnv());
  if (!credentials.ok()) {
    std::fprintf(stderr, "%s\n", credentials.status().ToString().c_str());
    return 1;
  }
  cdc::store::S3Options options;
  options.endpoint = argv[1];
  options.path_style = true;
  options.bucket = argv[2];
  options.prefix = argv[3];
  options.part_size = std::strtoull(argv[4], nullptr, 10) << 20;
  options.credentials = *credentials;
  cdc::Result<std::unique_ptr<cdc::store::S3Store>> store = cdc::store::S3Store::Open(options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  uint64_t bytes = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int arg = 5; arg < argc; ++arg) {
    const std::string path = argv[arg];
    cdc::Result<cdc::store::ObjectInfo> put =
        (*store)->PutFile(std::filesystem::path(path).filename().string(), path);
    if (!put.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), put.status().ToString().c_str());
      return 1;
    }
    bytes += put->size;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%.3f %.1f\n", seconds, static_cast<double>(bytes) / (1 << 20) / seconds);
  return 0;
}
