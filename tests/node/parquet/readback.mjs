// Reads Parquet files written by lakefeed with two independent readers, DuckDB (@duckdb/node-api) and
// hyparquet (+ hyparquet-compressors), and compares every value with what the writer was given.
//
//   node readback.mjs <spec.json>
//
// spec.json (written by tests/parquet_readback_test.cc):
//   { "cases": [ { "file": "<path>", "rows": N, "columns": [ {
//       "name": "<column>",
//       "duck_type": "<DuckDB type name, e.g. DECIMAL(5,2)>",
//       "duck_sql": "<expression over the column, e.g. CAST(\"c\" AS VARCHAR)>",
//       "duck_check": "text" | "num",
//       "hyp_check": "text" | "num" | "approx",
//       "expected": [ <string or null>, ... ],            one per row
//       "hyp_expected": [ ... ]                            optional; hyparquet's form when it differs
//   } ] } ] }
// Checks: "text" compares the canonical text (integers and bigints in decimal, bytes as uppercase hex,
// strings as they are); "num" compares as JS numbers with Object.is (NaN, -0 and infinities included);
// "approx" allows the rounding of a decimal that hyparquet turns into a JS number.
// Prints one line per file and reader, then the mismatches; exits 1 on any mismatch.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));

function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
}

function canon(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value instanceof Uint8Array) return hex(value);
  if (typeof value === 'string') return value;
  return `unexpected ${value?.constructor?.name}: ${String(value)}`;
}

function same(check, expected, got) {
  if (expected === null || got === null || got === undefined) {
    return expected === null && (got === null || got === undefined);
  }
  switch (check) {
    case 'text':
      return canon(got) === expected;
    case 'num':
      return Object.is(Number(expected), Number(got));
    case 'approx': {
      const e = Number(expected);
      const g = Number(got);
      return e === g || Math.abs(e - g) <= Math.abs(e) * 1e-15;
    }
    default:
      throw new Error(`unknown check ${check}`);
  }
}

const quote = (name) => `"${name.replaceAll('"', '""')}"`;
let failures = 0;
const report = [];

function compare(reader, file, column, check, expected, got) {
  let bad = 0;
  for (let row = 0; row < expected.length; ++row) {
    if (!same(check, expected[row], got[row])) {
      if (++bad <= 5) {
        report.push(`  ${reader} ${file} ${column} row ${row}: expected ${JSON.stringify(expected[row])}, ` +
          `got ${canon(got[row]) ?? 'null'}`);
      }
    }
  }
  return bad;
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");

for (const testCase of spec.cases) {
  const file = testCase.file;
  const label = file.split('/').pop();

  // DuckDB: the column types, then every value through the column's expression.
  let duckBad = 0;
  const source = `read_parquet('${file.replaceAll("'", "''")}')`;
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS();
  const types = new Map(described.map((row) => [row[0], row[1]]));
  for (const column of testCase.columns) {
    if (types.get(column.name) !== column.duck_type) {
      ++duckBad;
      report.push(`  duckdb ${label} ${column.name}: type ${types.get(column.name)}, expected ${column.duck_type}`);
    }
  }
  const select = testCase.columns.map((c) => c.duck_sql.replaceAll('$c', quote(c.name))).join(', ');
  const duckRows = (await connection.runAndReadAll(`SELECT ${select} FROM ${source}`)).getRowsJS();
  if (duckRows.length !== testCase.rows) {
    ++duckBad;
    report.push(`  duckdb ${label}: ${duckRows.length} rows, expected ${testCase.rows}`);
  }
  testCase.columns.forEach((column, index) => {
    duckBad += compare('duckdb', label, column.name, column.duck_check, column.expected,
      duckRows.map((row) => row[index]));
  });

  // hyparquet: exact parsers for timestamps (microseconds), dates (days) and JSON (its text).
  let hypBad = 0;
  const rows = await parquetReadObjects({
    file: await asyncBufferFromFile(file),
    compressors,
    utf8: false,
    parsers: {
      timestampFromMilliseconds: (millis) => BigInt(millis) * 1000n,
      timestampFromMicroseconds: (micros) => BigInt(micros),
      timestampFromNanoseconds: (nanos) => BigInt(nanos) / 1000n,
      dateFromDays: (days) => days,
      jsonFromBytes: (bytes) => bytes && new TextDecoder().decode(bytes),
    },
  });
  if (rows.length !== testCase.rows) {
    ++hypBad;
    report.push(`  hyparquet ${label}: ${rows.length} rows, expected ${testCase.rows}`);
  }
  for (const column of testCase.columns) {
    hypBad += compare('hyparquet', label, column.name, column.hyp_check, column.hyp_expected ?? column.expected,
      rows.map((row) => row[column.name]));
  }
  console.log(`${label}: duckdb ${duckBad === 0 ? 'ok' : `${duckBad} mismatches`}, ` +
    `hyparquet ${hypBad === 0 ? 'ok' : `${hypBad} mismatches`} (${testCase.rows} rows, ${testCase.columns.length} columns)`);
  failures += duckBad + hypBad;
}
connection.closeSync();
instance.closeSync();
for (const line of report) console.log(line);
process.exit(failures === 0 ? 0 : 1);
