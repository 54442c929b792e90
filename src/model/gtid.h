#pragma once

// Global transaction identifiers in both server families.
//
// MySQL (sql/rpl_gtid.h, libs/mysql/gtid/): a GTID is "uuid:gno" or, from 8.4, "uuid:tag:gno". A GTID
// set is written "uuid:1-5:7,uuid2:tag:1-3": per uuid, colon-separated intervals, and tagged
// intervals after their tag. gno is 1..2^63-1.
// MariaDB (sql/rpl_gtid.h): a GTID is "domain-server-seq"; a replication position keeps one GTID per
// domain, written "0-1-100,1-2-5".
//
// All types are values; not thread-safe for concurrent mutation.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace cdc::model {

// A 16-byte UUID in RFC 4122 byte order (the order MySQL stores a sid in binlog events).
struct Uuid {
  std::array<uint8_t, 16> bytes{};
  auto operator<=>(const Uuid&) const = default;
  // "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", lowercase.
  std::string ToString() const;
  // Accepts the 36-character form (either case). InvalidArgument otherwise.
  static Result<Uuid> Parse(std::string_view text);
};

// A closed interval of gnos [first, last].
struct GnoInterval {
  int64_t first = 0;
  int64_t last = 0;
  auto operator<=>(const GnoInterval&) const = default;
};

// One MySQL GTID.
struct MysqlGtid {
  Uuid uuid;
  std::string tag;  // empty = untagged
  int64_t gno = 0;
  // "uuid:gno" or "uuid:tag:gno".
  std::string ToString() const;
  // InvalidArgument on a malformed text or gno < 1.
  static Result<MysqlGtid> Parse(std::string_view text);
};

// A set of MySQL GTIDs: per (uuid, tag), disjoint, sorted, non-adjacent intervals.
class MysqlGtidSet {
 public:
  // Parses "uuid:1-5:7,uuid2:tag:1-3" (whitespace and newlines around elements are ignored, as
  // MySQL allows). Empty text is the empty set. InvalidArgument on anything malformed.
  static Result<MysqlGtidSet> Parse(std::string_view text);

  // Adds [first, last]; InvalidArgument if first < 1 or last < first. Merges with neighbours.
  Status AddInterval(const Uuid& uuid, std::string_view tag, int64_t first, int64_t last);
  Status Add(const MysqlGtid& gtid) { return AddInterval(gtid.uuid, gtid.tag, gtid.gno, gtid.gno); }
  // Adds every GTID of `other`.
  void AddSet(const MysqlGtidSet& other);
  bool Contains(const MysqlGtid& gtid) const;
  bool empty() const { return sets_.empty(); }

  // Canonical text: uuids in ascending order, untagged intervals first, then tags in ascending
  // order; "uuid:1-5:7:tag:1-3,uuid2:1". Parse(ToString()) == *this.
  std::string ToString() const;

  struct Key {
    Uuid uuid;
    std::string tag;
    auto operator<=>(const Key&) const = default;
  };
  const std::map<Key, std::vector<GnoInterval>>& intervals() const { return sets_; }
  bool operator==(const MysqlGtidSet&) const = default;

 private:
  std::map<Key, std::vector<GnoInterval>> sets_;
};

// One MariaDB GTID.
struct MariaGtid {
  uint32_t domain_id = 0;
  uint32_t server_id = 0;
  uint64_t seq_no = 0;
  auto operator<=>(const MariaGtid&) const = default;
  // "domain-server-seq".
  std::string ToString() const;
  // Appends "domain-server-seq" to *out without allocating beyond growing it.
  void AppendTo(std::string* out) const;
  // InvalidArgument on a malformed text.
  static Result<MariaGtid> Parse(std::string_view text);
};

// A MariaDB replication position (gtid_slave_pos style): the last GTID per domain.
class MariaGtidPosition {
 public:
  // Parses "0-1-100,1-2-5"; empty text = empty position. InvalidArgument on malformed text or a
  // domain listed twice.
  static Result<MariaGtidPosition> Parse(std::string_view text);

  // Records `gtid` as the latest of its domain (replacing the previous one of that domain).
  void Add(const MariaGtid& gtid) { domains_[gtid.domain_id] = gtid; }
  // True when this position has reached `gtid`: same domain and seq_no >= gtid.seq_no.
  bool Contains(const MariaGtid& gtid) const;
  const MariaGtid* Find(uint32_t domain_id) const;
  bool empty() const { return domains_.empty(); }
  // Domains in ascending order: "0-1-100,1-2-5".
  std::string ToString() const;
  const std::map<uint32_t, MariaGtid>& domains() const { return domains_; }
  bool operator==(const MariaGtidPosition&) const = default;

 private:
  std::map<uint32_t, MariaGtid> domains_;
};

}  // namespace cdc::model
