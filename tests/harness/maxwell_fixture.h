#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace cdc::harness {

// A Maxwell JSON fixture (../shared/testdata/maxwell/test_*, format in its README.md): SQL statements to
// replay and the row events Maxwell must emit for them.
struct MaxwellFixture {
  std::vector<std::string> statements;       // in file order, sent one by one; "#..." comment items included
  std::vector<nlohmann::json> expectations;  // expected events (database, table, type, data, [old], [query])
};

// Parses a fixture with the rules of Maxwell's MaxwellTestJSON.parseJSONTestFile (see the README): blank
// lines skipped; `^\s*->\s*{` starts an expectation; other indented lines continue the previous item
// (joined with one space); anything else starts a statement. Expectations may use bare keys, as Jackson's
// ALLOW_UNQUOTED_FIELD_NAMES allows. Corruption when an expectation is not a JSON object.
Result<MaxwellFixture> ParseMaxwellFixture(std::string_view text);

// Quotes bare object keys (`{database: "x"}` -> `{"database": "x"}`) outside strings.
std::string QuoteBareJsonKeys(std::string_view json);

// The WKT Maxwell prints for a geometry (MySQL's storage: 4-byte SRID, then WKB): "POINT (3 2)",
// "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 1, 1 2))"; coordinates in shortest form, whole numbers
// without ".0". Corruption on malformed WKB.
Result<std::string> MySqlGeometryToWkt(std::string_view srid_and_wkb);

// Standard base64 (padded) -> bytes; false on bad input.
bool DecodeBase64(std::string_view text, std::string* bytes);

}  // namespace cdc::harness
