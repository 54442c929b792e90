#include "pipeline/target_store.h"

#include "store/s3_store.h"

namespace cdc::pipeline {

Result<std::unique_ptr<store::ObjectStore>> OpenTargetStore(const TargetConfig& target, const EnvLookup& env,
                                                            const StoreMetrics& metrics) {
  if (!target.url.starts_with("s3://")) return store::OpenStore(target.url);
  CDC_ASSIGN_OR_RETURN(store::S3Options options, store::S3OptionsFromUrl(target.url, env));
  const S3TargetConfig& s3 = target.s3;
  if (!s3.endpoint.empty()) {
    options.endpoint = s3.endpoint;
    options.path_style = true;
  }
  if (!s3.region.empty()) options.region = s3.region;
  if (!s3.addressing.empty()) options.path_style = s3.addressing == "path";
  if (s3.encryption == "SSE_S3") options.sse = "AES256";
  if (s3.encryption == "SSE_KMS") options.sse = "aws:kms";
  options.sse_kms_key_id = s3.kms_key_id;
  options.part_size = uint64_t{s3.part_size_mb} << 20;
  options.max_attempts = s3.max_attempts;
  options.metrics = metrics.registry;
  options.metrics_store = metrics.label;
  Result<std::unique_ptr<store::S3Store>> opened = store::S3Store::Open(std::move(options));
  if (!opened.ok()) return opened.status().WithContext("target " + target.url);
  return std::unique_ptr<store::ObjectStore>(std::move(*opened));
}

}  // namespace cdc::pipeline
