#include "types_workload.h"

#include <cstdint>
#include <string>

namespace cdc::harness {
namespace {

// ".ddd" with the first `fsp` digits of `digits`, or "" for fsp 0.
std::string Frac(int fsp, const std::string& digits) {
  if (fsp == 0) return "";
  return "." + digits.substr(0, static_cast<size_t>(fsp));
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep = ", ") {
  std::string out;
  for (size_t part_idx = 0; part_idx < parts.size(); ++part_idx) {
    if (part_idx > 0) out += sep;
    out += parts[part_idx];
  }
  return out;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// ---------------------------------------------------------------------------------------------- numbers

void AddNumbers(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".nums";
  steps->push_back({"", {"CREATE TABLE " + t + " (id INT PRIMARY KEY,"
                         " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,"
                         " mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED,"
                         " bi BIGINT, biu BIGINT UNSIGNED,"
                         " d65 DECIMAL(65,30), d65_0 DECIMAL(65,0), d5_2 DECIMAL(5,2), d10_4u DECIMAL(10,4) UNSIGNED,"
                         " d1_1 DECIMAL(1,1), d18_9 DECIMAL(18,9), d30_30 DECIMAL(30,30), d9_0 DECIMAL(9,0),"
                         " f FLOAT, dbl DOUBLE,"
                         " b1 BIT(1), b7 BIT(7), b8 BIT(8), b9 BIT(9), b17 BIT(17), b63 BIT(63), b64 BIT(64),"
                         " y YEAR) ENGINE=InnoDB"}});
  const std::string cols =
      "(id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, d65, d65_0, d5_2, d10_4u, d1_1, d18_9, d30_30, d9_0, f, dbl,"
      " b1, b7, b8, b9, b17, b63, b64, y)";
  const std::string nines65(65, '9');
  const std::string d65_max = std::string(35, '9') + "." + std::string(30, '9');
  const std::string d30_max = "0." + std::string(30, '9');
  // Minimum of every type.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (1, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0,"
                        " -9223372036854775808, 0, -" + d65_max + ", -" + nines65 + ", -999.99, 0, -0.9,"
                        " -999999999.999999999, -" + d30_max + ", -999999999, -3.402823466e38, -1.7976931348623157e308,"
                        " b'0', b'0', b'0', b'0', b'0', b'0', b'0', 1901)"}});
  // Maximum of every type.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (2, 127, 255, 32767, 65535, 8388607, 16777215,"
                        " 2147483647, 4294967295, 9223372036854775807, 18446744073709551615, " + d65_max + ", " +
                        nines65 + ", 999.99, 999999.9999, 0.9, 999999999.999999999, " + d30_max + ", 999999999,"
                        " 3.402823466e38, 1.7976931348623157e308, b'1', b'1111111', 255, 511, 131071,"
                        " 9223372036854775807, 18446744073709551615, 2155)"}});
  // Zeros, negative zero (the server normalises -0 for DECIMAL; FLOAT/DOUBLE -0e0), YEAR 0 ('0000').
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '-0.0', '-0',"
                        " '-0.00', 0, '-0.0', 0, '-0.000', '-0', -0e0, -0e0, 0, 0, 0, 0, 0, 0, 0, 0)"}});
  // Every column NULL but the key.
  steps->push_back({t, {"INSERT INTO " + t + " (id) VALUES (4)"}});
  // Small, odd and subnormal values; several rows in one statement.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES "
                        "(5, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 0." + std::string(29, '0') + "1, 1, 0.01, 0.0001, 0.1,"
                        " 0.000000001, 0." + std::string(29, '0') + "1, 1, 1.17549435e-38, 2.2250738585072014e-308,"
                        " 1, 64, 128, 256, 65536, 4611686018427387904, 9223372036854775808, 1970),"
                        "(6, -100, 200, -30000, 60000, -8000000, 16000000, -2000000000, 4000000000,"
                        " -9000000000000000000, 18000000000000000000, -12345678901234567890.123456789012345678901234567890,"
                        " 123456789012345678901234567890123456789012345678901234567890, -12.5, 12.5, -0.5, 3.14159265,"
                        " 0.123456789012345678901234567890, -123456789, 1.4e-45, 4.9406564584124654e-324,"
                        " 0, 85, 170, 341, 87381, 6148914691236517205, 12297829382473034410, 2000),"
                        "(7, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.1, 2, 3.3, 4.4, 0.5, 1.000000001, 0.5, 7, 0.1, 0.1,"
                        " 1, 1, 1, 1, 1, 1, 1, 2001)"}});
  // Updates: one column, to NULL, from NULL, the key itself; a no-op update (not logged).
  steps->push_back({t, {"UPDATE " + t + " SET ti = ti - 1, dbl = dbl / 3 WHERE id = 2"}});
  steps->push_back({t, {"UPDATE " + t + " SET ti = NULL, biu = NULL, d65 = NULL, f = NULL, b64 = NULL, y = NULL WHERE id = 5"}});
  steps->push_back({t, {"UPDATE " + t + " SET ti = 42, biu = 18446744073709551614, b64 = b'1', y = 1999 WHERE id = 4"}});
  steps->push_back({t, {"UPDATE " + t + " SET id = 106 WHERE id = 6"}});
  steps->push_back({t, {"UPDATE " + t + " SET ti = ti WHERE id = 7"}});
  steps->push_back({t, {"UPDATE " + t + " SET iu = iu + 1 WHERE id IN (5, 7)"}});
  // Deletes: one row, several rows in one statement.
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id = 1"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id IN (3, 7)"}});
}

// ---------------------------------------------------------------------------------------------- temporals

void AddTemporals(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".temporals";
  std::vector<std::string> defs = {"id INT PRIMARY KEY", "d DATE"};
  std::vector<std::string> names = {"id", "d"};
  for (int fsp = 0; fsp <= 6; ++fsp) {
    defs.push_back("t" + std::to_string(fsp) + " TIME(" + std::to_string(fsp) + ")");
    names.push_back("t" + std::to_string(fsp));
  }
  for (int fsp = 0; fsp <= 6; ++fsp) {
    defs.push_back("dt" + std::to_string(fsp) + " DATETIME(" + std::to_string(fsp) + ")");
    names.push_back("dt" + std::to_string(fsp));
  }
  for (int fsp = 0; fsp <= 6; ++fsp) {
    defs.push_back("ts" + std::to_string(fsp) + " TIMESTAMP(" + std::to_string(fsp) + ") NULL DEFAULT NULL");
    names.push_back("ts" + std::to_string(fsp));
  }
  defs.push_back("y YEAR");
  names.push_back("y");
  steps->push_back({"", {"CREATE TABLE " + t + " (" + Join(defs) + ") ENGINE=InnoDB"}});

  // One row: date, then per-fsp generators for TIME, DATETIME and TIMESTAMP literals, then YEAR.
  auto row = [&](int id, const std::string& date, auto time_of, auto datetime_of, auto timestamp_of,
                 const std::string& year) {
    std::vector<std::string> values = {std::to_string(id), date};
    for (int fsp = 0; fsp <= 6; ++fsp) values.push_back(time_of(fsp));
    for (int fsp = 0; fsp <= 6; ++fsp) values.push_back(datetime_of(fsp));
    for (int fsp = 0; fsp <= 6; ++fsp) values.push_back(timestamp_of(fsp));
    values.push_back(year);
    return "INSERT INTO " + t + " (" + Join(names) + ") VALUES (" + Join(values) + ")";
  };
  auto fixed = [](const std::string& literal) { return [literal](int) { return literal; }; };

  // Zero values everywhere ('0000-00-00', zero TIME, zero DATETIME and TIMESTAMP, YEAR 0).
  steps->push_back({t, {row(1, "'0000-00-00'", fixed("'00:00:00'"), fixed("'0000-00-00 00:00:00'"),
                            fixed("'0000-00-00 00:00:00'"), "0")}});
  // Partly-zero dates.
  steps->push_back({t, {row(2, "'2020-00-00'", fixed("'00:00:01'"),
                            [](int fsp) { return "'2020-00-00 12:34:56" + Frac(fsp, "123456") + "'"; },
                            fixed("NULL"), "2020")}});
  steps->push_back({t, {row(3, "'2020-05-00'", fixed("'-00:00:01'"),
                            [](int fsp) { return "'0000-05-17 01:02:03" + Frac(fsp, "000001") + "'"; },
                            fixed("NULL"), "NULL")}});
  steps->push_back({t, {row(4, "'0000-01-01'", fixed("NULL"), fixed("'2020-05-00 00:00:00'"), fixed("NULL"), "1901")}});
  // Maximum values, with all fraction digits the column keeps; TIMESTAMP at its last second in 2038.
  steps->push_back({t, {row(5, "'9999-12-31'",
                            [](int fsp) { return "'838:59:59" + Frac(fsp, "999999") + "'"; },
                            [](int fsp) { return "'9999-12-31 23:59:59" + Frac(fsp, "999999") + "'"; },
                            [](int fsp) { return "'2038-01-19 03:14:07" + Frac(fsp, "999999") + "'"; }, "2155")}});
  // Minimum values; negative TIME with fractions; the first TIMESTAMP second.
  steps->push_back({t, {row(6, "'1000-01-01'",
                            [](int fsp) { return "'-838:59:59" + Frac(fsp, "999999") + "'"; },
                            fixed("'1000-01-01 00:00:00'"), fixed("'1970-01-01 00:00:01'"), "1901")}});
  // Negative fractions below one second, TIME over 24 h, TIMESTAMP one second before the 2038 limit.
  steps->push_back({t, {row(7, "'2038-01-19'",
                            [](int fsp) { return fsp == 0 ? std::string("'-00:00:01'") : "'-00:00:00" + Frac(fsp, "000001") + "'"; },
                            [](int fsp) { return "'2038-01-19 03:14:07" + Frac(fsp, "500000") + "'"; },
                            [](int fsp) { return "'2038-01-19 03:14:06" + Frac(fsp, "654321") + "'"; }, "2038")}});
  // More fraction digits than the column keeps: the server rounds.
  steps->push_back({t, {row(8, "'2001-02-03'", fixed("'25:00:00.123456'"), fixed("'2001-02-03 04:05:06.654321'"),
                            fixed("'2001-02-03 04:05:06.123456'"), "1999")}});
  steps->push_back({t, {row(9, "'1969-12-31'", fixed("'-12:34:56.789012'"), fixed("'1969-12-31 23:59:59.999999'"),
                            fixed("'1999-12-31 23:59:59.999999'"), "1969")}});
  steps->push_back({t, {"INSERT INTO " + t + " (id) VALUES (10)"}});
  steps->push_back({t, {"UPDATE " + t + " SET d = '2021-02-28', t3 = '-100:00:00.5', dt6 = NOW(6), ts6 = '2038-01-19 03:14:07.000001' WHERE id = 10"}});
  steps->push_back({t, {"UPDATE " + t + " SET ts0 = '2000-01-01 00:00:00', y = 1999 WHERE id IN (1, 2, 3)"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id IN (4, 9)"}});
}

// ---------------------------------------------------------------------------------------------- strings

void AddStrings(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".strings";
  steps->push_back({"", {"CREATE TABLE " + t + " (id INT PRIMARY KEY,"
                         " c10 CHAR(10) CHARACTER SET utf8mb4, c255 CHAR(255) CHARACTER SET utf8mb4,"
                         " vc VARCHAR(100) CHARACTER SET utf8mb4, vc_long VARCHAR(1000) CHARACTER SET utf8mb4,"
                         " c_l1 CHAR(20) CHARACTER SET latin1, vc_l1 VARCHAR(100) CHARACTER SET latin1,"
                         " vc_ascii VARCHAR(20) CHARACTER SET ascii, vc_mb3 VARCHAR(20) CHARACTER SET utf8mb3,"
                         " tt TINYTEXT CHARACTER SET utf8mb4, txt TEXT CHARACTER SET utf8mb4,"
                         " mt MEDIUMTEXT CHARACTER SET utf8mb4, lt LONGTEXT CHARACTER SET latin1,"
                         " bn BINARY(8), vb VARBINARY(100), tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB)"
                         " ENGINE=InnoDB"}});
  const std::string cols = "(id, c10, c255, vc, vc_long, c_l1, vc_l1, vc_ascii, vc_mb3, tt, txt, mt, lt, bn, vb, tb, bl, mb, lb)";
  const std::string emoji = "\xF0\x9F\x98\x80";      // U+1F600, 4 bytes in UTF-8
  const std::string clef = "\xF0\x9D\x84\x9E";       // U+1D11E
  const std::string cafe = "Caf\xC3\xA9 \xC3\x9Cn\xC3\xAF \xE2\x82\xAC";  // "Café Ünï €": all in latin1 (cp1252)
  // Four-byte characters, accented latin1 text, binary with NUL bytes.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (1, '" + emoji + clef + "', '" + emoji +
                        "\xE4\xB8\xAD\xE6\x96\x87', '" + emoji + " x " + clef + "', REPEAT('" + emoji + "', 250), '" +
                        cafe + "', '" + cafe + "', 'plain ascii', '\xE4\xB8\xAD\xC3\xA9', '" + emoji + "', '" + cafe +
                        "', '" + clef + "', '" + cafe + "', x'0102', x'00ff00', x'00', x'deadbeef', x'', x'0000')"}});
  // Empty strings (not NULL) everywhere; BINARY(8) from an empty string is eight 0x00 bytes.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols +
                        " VALUES (2, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '')"}});
  // NULL everywhere.
  steps->push_back({t, {"INSERT INTO " + t + " (id) VALUES (3)"}});
  // Trailing spaces (kept by VARCHAR/TEXT, stripped by CHAR), control characters, quote and backslash.
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (4, 'a  ', '  b  ', 'a  ', 'tab\\tnl\\ncr\\r', 'x  ',"
                        " ' y ', 'it''s \\\\ \"q\"', '\\0nul', 'ctl\\Z\\b', 'sp ', '\\n', 'z ', 'ab\\0\\0',"
                        " 'a\\0', 'b  ', ' ', x'0a0d', x'ff')"}});
  // Blobs and texts over 64 KiB (and a 70000-character MEDIUMTEXT of 4-byte characters: 280000 bytes).
  steps->push_back({t, {"INSERT INTO " + t + " (id, mt, lt, mb, lb, bl, txt) VALUES (5, REPEAT('" + emoji +
                        "', 70000), REPEAT('" + cafe + "', 9000), REPEAT(x'00ff7f80', 20000), REPEAT(x'0123456789', 50000),"
                        " REPEAT(x'aa', 65535), REPEAT('t', 65535))"}});
  // A full CHAR(255) of 4-byte characters (1020 bytes, the 2-byte length form of CHAR).
  steps->push_back({t, {"INSERT INTO " + t + " (id, c255, c10, bn) VALUES (6, REPEAT('" + emoji +
                        "', 255), REPEAT('" + clef + "', 10), x'0102030405060708')"}});
  steps->push_back({t, {"UPDATE " + t + " SET vc = NULL, c10 = 'changed', mb = REPEAT(x'01', 70000) WHERE id = 1"}});
  steps->push_back({t, {"UPDATE " + t + " SET vc = '', bn = x'ff' WHERE id IN (2, 3)"}});
  steps->push_back({t, {"UPDATE " + t + " SET lt = CONCAT(lt, '!') WHERE id = 5"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id IN (4, 5)"}});
}

// ---------------------------------------------------------------------------------------------- ENUM / SET

void AddEnumsSets(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".enums_sets";
  std::vector<std::string> big;
  for (int label_idx = 1; label_idx <= 300; ++label_idx) big.push_back(Quote("v" + std::to_string(label_idx)));
  std::vector<std::string> s9;
  for (int label_idx = 0; label_idx < 9; ++label_idx) s9.push_back(Quote("n" + std::to_string(label_idx)));
  std::vector<std::string> s17;
  for (int label_idx = 0; label_idx < 17; ++label_idx) s17.push_back(Quote("q" + std::to_string(label_idx)));
  std::vector<std::string> s64;
  std::vector<std::string> all64;
  for (int label_idx = 0; label_idx < 64; ++label_idx) {
    s64.push_back(Quote("m" + std::to_string(label_idx)));
    all64.push_back("m" + std::to_string(label_idx));
  }
  steps->push_back({"", {"CREATE TABLE " + t + " (id INT PRIMARY KEY,"
                         " e ENUM('a','b','c'), e_utf ENUM('\xC3\xA4','\xF0\x9F\x98\x80','x y') CHARACTER SET utf8mb4,"
                         " e_big ENUM(" + Join(big, ",") + "), s3 SET('x','y','z'), s9 SET(" + Join(s9, ",") + "),"
                         " s17 SET(" + Join(s17, ",") + "), s64 SET(" + Join(s64, ",") + "),"
                         " e_l1 ENUM('\xC3\xA9','\xC3\xBC','\xE2\x82\xAC') CHARACTER SET latin1,"
                         " s_l1 SET('\xC3\xA0','\xC3\xA7','\xE2\x82\xAC') CHARACTER SET latin1) ENGINE=InnoDB"}});
  const std::string cols = "(id, e, e_utf, e_big, s3, s9, s17, s64, e_l1, s_l1)";
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (1, 'a', '\xC3\xA4', 'v1', 'x', 'n0', 'q0', 'm0',"
                        " '\xC3\xA9', '\xC3\xA0')"}});
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (2, 'c', '\xF0\x9F\x98\x80', 'v300', 'x,y,z',"
                        " 'n0,n8', 'q0,q8,q16', '" + Join(all64, ",") + "', '\xC3\xBC', '\xC3\xA0,\xC3\xA7,\xE2\x82\xAC')"}});
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (3, 'b', 'x y', 'v256', '', '', '', '', '\xE2\x82\xAC', '')"}});
  steps->push_back({t, {"INSERT INTO " + t + " (id) VALUES (4)"}});
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (5, 'b', 'x y', 'v255', 'z', 'n7', 'q15', 'm63,m31',"
                        " '\xC3\xA9', '\xE2\x82\xAC')"}});
  // ENUM index 0: an invalid value in non-strict mode is stored as the empty "error" member.
  steps->push_back({"", {"SET SESSION sql_mode = ''"}});
  steps->push_back({t, {"INSERT INTO " + t + " (id, e, e_utf, e_big) VALUES (6, 'nope', 'nope', 'v999')"}});
  steps->push_back({"", {"SET SESSION sql_mode = DEFAULT"}});
  steps->push_back({t, {"UPDATE " + t + " SET e = 'a', s64 = 'm1,m62', e_big = 'v2' WHERE id = 3"}});
  steps->push_back({t, {"UPDATE " + t + " SET s3 = NULL, s9 = 'n1,n2,n3,n4,n5,n6,n7,n8,n0' WHERE id = 2"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id = 1"}});
}

// ---------------------------------------------------------------------------------------------- JSON, GEOMETRY

void AddJsonGeometry(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".json_geo";
  steps->push_back({"", {"CREATE TABLE " + t + " (id INT PRIMARY KEY, j JSON, g GEOMETRY, p POINT, poly POLYGON,"
                         " ls LINESTRING, mp MULTIPOLYGON, gc GEOMETRYCOLLECTION) ENGINE=InnoDB"}});
  const std::string cols = "(id, j, g, p, poly, ls, mp, gc)";
  steps->push_back({t, {"INSERT INTO " + t + " " + cols + " VALUES (1,"
                        " '{\"a\": 1, \"b\": [true, null, \"x\"], \"u\": \"\xF0\x9F\x98\x80\", \"n\": {\"d\": 1.5e300}}',"
                        " ST_GeomFromText('POINT(1 2)'), ST_GeomFromText('POINT(3.5 -2.25)', 4326),"
                        " ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))', 3857),"
                        " ST_GeomFromText('LINESTRING(0 0, 1 1, 2 4)'),"
                        " ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))', 4326),"
                        " ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 1, 1 2))'))"}});
  steps->push_back({t, {"INSERT INTO " + t + " (id, j, g) VALUES (2, '[]', ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))', 4326)),"
                        " (3, '\"just a string\"', NULL), (4, 'null', ST_GeomFromText('POINT(-180 90)', 4326)),"
                        " (5, '123.5', NULL), (6, NULL, NULL)"}});
  steps->push_back({t, {"UPDATE " + t + " SET j = JSON_SET(j, '$.a', 2), p = ST_GeomFromText('POINT(0 0)', 4326) WHERE id = 1"}});
  steps->push_back({t, {"UPDATE " + t + " SET j = '{}' WHERE id = 6"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id = 2"}});
}

// ---------------------------------------------------------------------------------------------- UUID, INET

void AddMariaDbTypes(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string t = db + ".mariadb_types";
  steps->push_back({"", {"CREATE TABLE " + t + " (id INT PRIMARY KEY, u UUID, i4 INET4, i6 INET6) ENGINE=InnoDB"}});
  steps->push_back({t, {"INSERT INTO " + t + " VALUES (1, '00000000-0000-0000-0000-000000000000', '0.0.0.0', '::'),"
                        " (2, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '255.255.255.255', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'),"
                        " (3, '00112233-4455-6677-8899-aabbccddeeff', '10.1.2.3', '::1'),"
                        " (4, '6ccd780c-baba-1026-9564-5b8c656024db', '192.168.0.1', '2001:db8::ff00:42:8329'),"
                        " (5, UUID(), '127.0.0.1', '::ffff:192.0.2.1'),"
                        " (6, '123e4567-e89b-42d3-a456-426614174000', NULL, '::192.0.2.1'),"
                        " (7, NULL, '1.2.3.4', 'fe80::1:2')"}});
  steps->push_back({t, {"UPDATE " + t + " SET u = '00000000-0000-0000-0000-000000000001', i4 = '8.8.8.8', i6 = '1::' WHERE id = 3"}});
  steps->push_back({t, {"DELETE FROM " + t + " WHERE id = 7"}});
}

// ---------------------------------------------------------------------------------------------- wide, bulk

void AddWideAndBulk(const std::string& db, std::vector<WorkloadStep>* steps) {
  const std::string wide = db + ".wide";
  std::vector<std::string> defs = {"id INT PRIMARY KEY"};
  std::vector<std::string> every_third;
  for (int column_idx = 1; column_idx <= 70; ++column_idx) {
    defs.push_back("c" + std::to_string(column_idx) + " INT");
    if (column_idx % 3 == 0) every_third.push_back("c" + std::to_string(column_idx) + " = " + std::to_string(column_idx));
  }
  steps->push_back({"", {"CREATE TABLE " + wide + " (" + Join(defs) + ") ENGINE=InnoDB"}});
  steps->push_back({wide, {"INSERT INTO " + wide + " (id) VALUES (1), (2)"}});
  steps->push_back({wide, {"UPDATE " + wide + " SET " + Join(every_third) + " WHERE id = 1"}});
  steps->push_back({wide, {"UPDATE " + wide + " SET c70 = -1, c1 = 0 WHERE id = 2"}});

  const std::string bulk = db + ".bulk";
  steps->push_back({"", {"CREATE TABLE " + bulk + " (id INT PRIMARY KEY, v VARCHAR(100), n BIGINT) ENGINE=InnoDB"}});
  // One statement, many rows: the server splits it into several rows events (~8 KiB each).
  steps->push_back({bulk, {"INSERT INTO " + bulk + " SELECT seq, CONCAT('row-', seq, REPEAT('x', seq % 50)), seq * seq"
                           " FROM " + db + ".seq_1_to_3000"}});
  steps->push_back({bulk, {"UPDATE " + bulk + " SET n = -n WHERE id % 7 = 0"}});
  // A multi-statement transaction: one GTID for several statements.
  steps->push_back({bulk, {"BEGIN", "DELETE FROM " + bulk + " WHERE id > 2900",
                           "UPDATE " + bulk + " SET v = 'in a transaction' WHERE id <= 10",
                           "INSERT INTO " + bulk + " VALUES (5000, 'late', NULL)", "COMMIT"}});
}

}  // namespace

std::vector<WorkloadStep> TypesWorkload(const std::string& db) {
  std::vector<WorkloadStep> steps;
  steps.push_back({"", {"CREATE DATABASE " + db + " CHARACTER SET utf8mb4"}});
  AddNumbers(db, &steps);
  AddTemporals(db, &steps);
  AddStrings(db, &steps);
  steps.push_back({"", {kRotateBinlog}});
  AddEnumsSets(db, &steps);
  AddJsonGeometry(db, &steps);
  AddMariaDbTypes(db, &steps);
  AddWideAndBulk(db, &steps);
  return steps;
}

}  // namespace cdc::harness
