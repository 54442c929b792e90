#include "pipeline/source.h"

namespace cdc::pipeline {

Result<mysql::ConnectionOptions> ConnectionOptionsFor(const SourceConfig& source, uint32_t read_timeout_s) {
  mysql::ConnectionOptions options;
  options.host = source.host;
  options.port = source.port;
  options.user = source.user;
  options.password = source.password;
  CDC_ASSIGN_OR_RETURN(options.tls_mode, mysql::ParseTlsMode(source.tls_mode));
  options.tls_ca = source.tls_ca;
  options.tls_cert = source.tls_cert;
  options.tls_key = source.tls_key;
  options.connect_timeout_seconds = source.connect_timeout_s;
  options.read_timeout_seconds = read_timeout_s;
  return options;
}

}  // namespace cdc::pipeline
