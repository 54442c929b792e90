#pragma once

#include <cstdint>
#include <string>
#include <string_view>

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

namespace cdc::model {

// Where to resume reading a source's binlog: right after the last complete transaction that was
// committed to the lake. Always a transaction boundary, never inside one.
struct ResumePoint {
  std::string file;     // binlog file holding the next event
  uint64_t offset = 4;  // offset of the next event in `file` (the end of the last transaction)
  // The server's GTID state after that transaction, when it has one: MariaDB a GTID list
  // "domain-server-seq[,...]" (one per domain, as gtid_slave_pos), MySQL a GTID set text
  // "uuid:1-5[,uuid2:1-3]" (as gtid_executed). Empty when the server runs without GTIDs.
  std::string gtid;

  bool empty() const { return file.empty() && gtid.empty(); }
};

}  // namespace cdc::model

namespace cdc::model {

// Orders two places in one server's binary log: by file -- the numeric extension of the
// "<basename>.<number>" names a server gives its files, so that .999999 < .1000000 -- then by
// offset. <0, 0, >0. Names without a numeric extension compare as text.
int CompareBinlogPlaces(std::string_view file_a, uint64_t offset_a, std::string_view file_b, uint64_t offset_b);

}  // namespace cdc::model
