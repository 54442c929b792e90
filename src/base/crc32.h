#pragma once

#include <cstdint>

#include "base/byte_reader.h"

namespace cdc {

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib's crc32() and the binlog
// checksum (binlog_checksum=CRC32) compute it. `crc` continues a previous value; start with 0.
// Uses carry-less multiplication (PCLMULQDQ) where the CPU has it, else slicing-by-8.
uint32_t Crc32(ByteView data, uint32_t crc = 0);

// The same CRC by the table method only (tests compare the two).
uint32_t Crc32Portable(ByteView data, uint32_t crc = 0);

}  // namespace cdc
