#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"

// The text of the values DMS derives from a change rather than from the row: the
// TimestampColumnName column and the $AR_H_* header columns of table-mapping `add-column`
// (docs/change-files.md). Shared by the writers of every format.

namespace cdc::format {

// Appends "yyyy-MM-dd HH:mm:ss.ffffff": the UTC time `micros` microseconds after the epoch
// (before it when negative), in the proleptic Gregorian calendar. Years outside 0..9999 print
// with as many digits as they need (and a '-' before year 0); past std::chrono's years
// -32767..32767 the text is meaningless. Commit times (binlog u32 seconds) and clocks never get near.
void AppendUtcTimestamp(int64_t micros, std::string* out);

// Appends the 35 digits of $AR_H_CHANGE_SEQ: the commit time as 16 digits yyyyMMddHHmmsshh
// (UTC, hh = hundredths of a second), then `seq` zero-padded to 19 digits. InvalidArgument when
// the year is outside 0..9999 or seq does not fit in 19 digits (both would break the fixed width
// that makes the text sort like the number).
Status AppendChangeSeq(int64_t commit_time_us, uint64_t seq, std::string* out);

}  // namespace cdc::format
