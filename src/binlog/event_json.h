#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace cdc::binlog {

struct DecodedEvent;

// Renders one decoded event as a JSON object for `lakefeed binlog-dump --events`:
//   {"event": "<ToString(type)>" (or "Unknown"), "type": <code>, "file": ..., "pos": <offset>,
//    "end_log_pos": <header log_pos>, "size": <event_size>, "ts": <header timestamp>, "server_id": ...,
//    "flags": <header flags>, "inner": <from a TRANSACTION_PAYLOAD_EVENT>, ...type-specific fields}
// Type-specific fields: FDE server_version/binlog_version/checksum; ROTATE next_file/position; QUERY
// thread_id/exec_time/error_code/schema/query/status; XID xid; GTIDs gtid (+ clock and commit fields);
// PREVIOUS_GTIDS / GTID_LIST gtid sets; TABLE_MAP table_id/schema/table/columns; rows events
// table_id/schema/table/op/flags/column_count; TPE compression/sizes; and so on.
// Text that is not valid UTF-8 (QUERY texts may hold any byte) keeps its valid characters and shows
// each invalid byte as "\xNN". Never throws.
nlohmann::json EventToJson(const DecodedEvent& event);

// EventToJson(event) serialized on one line (no trailing newline).
std::string EventToJsonLine(const DecodedEvent& event);

// `bytes` as a JSON-safe string: valid UTF-8 sequences kept, every other byte written as "\xNN".
std::string JsonSafeText(std::string_view bytes);

}  // namespace cdc::binlog
