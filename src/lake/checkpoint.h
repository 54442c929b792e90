#pragma once

#include <string>
#include <string_view>

#include "base/result.h"
#include "lake/lake_writer.h"

// The JSON form of a checkpoint (docs/lake.md "Checkpoint objects").
namespace cdc::lake {

inline constexpr int kCheckpointVersion = 1;

// The checkpoint as JSON text. InvalidArgument when a string in it is not valid UTF-8 (a table or
// key name that JSON cannot carry).
Result<std::string> EncodeCheckpoint(const Checkpoint& checkpoint);

// Parses a checkpoint read from `key` (named in every error). A checkpoint is outside input: every
// field is checked for presence and type, keys for their shape, and anything wrong is Corruption
// naming the key and the field; a newer version is NotSupported. When `key` is a checkpoint key,
// the number inside must match it. Unknown fields are ignored.
Result<Checkpoint> DecodeCheckpoint(std::string_view json, std::string_view key);

}  // namespace cdc::lake
