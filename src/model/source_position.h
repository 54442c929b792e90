#pragma once

#include <cstdint>
#include <string>

namespace cdc::model {

// Where a change sits in the source's binary log: the file, the byte offset of the event that
// carries it, and the GTID of its transaction in the server's own notation (MySQL
// "uuid[:tag]:gno" or MariaDB "domain-server-seq"; empty when the server assigns none).
struct SourcePosition {
  std::string file;
  uint64_t offset = 0;
  std::string gtid;
};

}  // namespace cdc::model
