// Reads Parquet files of a lake with two independent readers, DuckDB (@duckdb/node-api) and hyparquet
// (+ hyparquet-compressors), and writes every row of every file as JSON, each value in one canonical text
// form. For tests that compare a lake's Parquet files with SELECT on the source
// (tests/integration/capture_parquet_types_test.cc).
//
//   node lake-rows.mjs <out.json> <file.parquet>...
//
// The only guide for a value's form is its column's Parquet type (physical and logical type, read from the
// file's footer by hyparquet); nothing about the source table is known here, and lakefeed's own reader is
// not used. The forms:
//
//   Parquet type                           canonical text
//   INT32 / INT64, INTEGER or no logical   the integer in decimal, as the reader returns it (signed unless
//                                          the logical type says unsigned)
//   FLOAT, DOUBLE                          the JS number's shortest text ("-0", "NaN", "Infinity", "1e+21");
//                                          a FLOAT is the binary32 value widened to a double
//   DECIMAL(p,s)                           DuckDB: the exact decimal text with s fraction digits ("-12.50");
//                                          hyparquet: it returns a JS number, printed as above (form "number")
//   DATE                                   YYYY-MM-DD from the day count (proleptic Gregorian, year 0 is 0000)
//   TIMESTAMP(MILLIS|MICROS, UTC or not)   YYYY-MM-DD HH:MM:SS.ffffff from the count, always 6 digits
//   STRING, JSON                           the text (strict UTF-8; invalid bytes give "invalid UTF-8: <hex>")
//   UUID                                   8-4-4-4-12 lower-case hex of the 16 bytes
//   BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY       upper-case hex of the bytes
// Any other type is an error (exit 2). NULL is JSON null.
//
// Output: {"files": [{"path", "num_rows" (from the footer), "columns": [{"name", "physical", "logical",
// "converted", "duckdb_type"}], "readers": {"duckdb": {"forms": [...], "rows": [[...], ...]},
// "hyparquet": {...}}}]} where physical is e.g. "INT32" or "FIXED_LEN_BYTE_ARRAY(16)", logical e.g.
// "INTEGER(8,signed)", "DECIMAL(10,2)", "TIMESTAMP(MICROS,UTC)", "TIMESTAMP(MICROS,local)", "STRING" or ""
// (none; a file with only a ConvertedType gets the logical type it stands for), converted the ConvertedType
// or "", duckdb_type DuckDB's DESCRIBE type, and forms[i] "text" or "number" (a decimal read as a JS number).
// Rows are in file order.
import { writeFileSync } from 'node:fs';
import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBInstance, DuckDBTimestampTZValue,
  DuckDBTimestampValue, DuckDBUUIDValue,
} from '@duckdb/node-api';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { dateText, timestampText } from '../common/temporal-text.mjs';

const [outPath, ...paths] = process.argv.slice(2);

function fail(message) {
  console.error(message);
  process.exit(2);
}

// ------------------------------------------------------------------------------------------- the types

// The column's logical type; for a file that has only the older ConvertedType, the logical type that
// converted type stands for (as the format's LogicalTypes.md says readers should do).
function logicalOf(element) {
  if (element.logical_type) return element.logical_type;
  const converted = element.converted_type;
  const integer = /^(U?)INT_(8|16|32|64)$/.exec(converted ?? '');
  if (integer) return { type: 'INTEGER', bitWidth: Number(integer[2]), isSigned: integer[1] === '' };
  switch (converted) {
    case undefined: return undefined;
    case 'UTF8': return { type: 'STRING' };
    case 'DECIMAL': return { type: 'DECIMAL', precision: element.precision, scale: element.scale ?? 0 };
    case 'TIMESTAMP_MILLIS': return { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' };
    case 'TIMESTAMP_MICROS': return { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' };
    case 'DATE':
    case 'JSON':
    case 'ENUM': return { type: converted };
    default: return { type: `converted type ${converted}` };
  }
}

function logicalName(element) {
  const logical = logicalOf(element);
  if (!logical) return '';
  switch (logical.type) {
    case 'INTEGER': return `INTEGER(${logical.bitWidth},${logical.isSigned ? 'signed' : 'unsigned'})`;
    case 'DECIMAL': return `DECIMAL(${logical.precision},${logical.scale})`;
    case 'TIMESTAMP': return `TIMESTAMP(${logical.unit},${logical.isAdjustedToUTC ? 'UTC' : 'local'})`;
    case 'TIME': return `TIME(${logical.unit},${logical.isAdjustedToUTC ? 'UTC' : 'local'})`;
    default: return logical.type;
  }
}

function physicalName(element) {
  return element.type === 'FIXED_LEN_BYTE_ARRAY' ? `${element.type}(${element.type_length})` : element.type;
}

// ------------------------------------------------------------------------------------------- the forms

const hexDigits = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const hexUpper = (bytes) => hexDigits(bytes).toUpperCase();
const numberText = (n) => (Object.is(n, -0) ? '-0' : String(n));
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function text(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return `invalid UTF-8: ${hexUpper(bytes)}`;
  }
}


function decimalText(unscaled, scale) {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''}`;
}

function uuidText(bytes) {
  const hex = hexDigits(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function timestampMicros(logical, count) {
  if (logical.unit === 'MICROS') return BigInt(count);
  if (logical.unit === 'MILLIS') return BigInt(count) * 1000n;
  fail(`unsupported TIMESTAMP unit ${logical.unit}`);
}

// The kind of conversion a column needs, from its Parquet type alone.
function kindOf(element) {
  const logical = logicalOf(element)?.type;
  switch (element.type) {
    case 'INT32':
    case 'INT64':
      if (!logical || logical === 'INTEGER') return 'integer';
      if (logical === 'DECIMAL' || logical === 'DATE' || logical === 'TIMESTAMP') return logical.toLowerCase();
      break;
    case 'FLOAT':
    case 'DOUBLE':
      if (!logical) return 'float';
      break;
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (!logical) return 'bytes';
      if (logical === 'STRING' || logical === 'JSON') return 'string';
      if (logical === 'DECIMAL' || logical === 'UUID') return logical.toLowerCase();
      break;
    default:
      break;
  }
  fail(`column ${element.name}: unsupported Parquet type ${physicalName(element)} ${logicalName(element)}`);
}

// hyparquet's value (read with the parsers below: raw bytes, day counts, timestamp counts) -> canonical.
function fromHyparquet(kind, element, value) {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'integer': return BigInt(value).toString();
    case 'float': return numberText(value);
    case 'decimal': return numberText(value);  // hyparquet's DECIMAL is a JS number
    case 'date': return dateText(value);
    case 'timestamp': return timestampText(timestampMicros(logicalOf(element), value));
    case 'string': return text(value);
    case 'uuid': return uuidText(value);
    case 'bytes': return hexUpper(value);
    default: return fail(`unknown kind ${kind}`);
  }
}

// DuckDB's value (a DuckDBValue of the type DuckDB chose for the column) -> canonical.
function fromDuckDb(kind, element, value) {
  if (value === null || value === undefined) return null;
  const expect = (cls) => {
    if (!(value instanceof cls)) fail(`column ${element.name}: DuckDB returned ${value?.constructor?.name}, not ${cls.name}`);
  };
  switch (kind) {
    case 'integer': return BigInt(value).toString();
    case 'float': return numberText(value);
    case 'decimal':
      expect(DuckDBDecimalValue);
      return decimalText(value.value, value.scale);
    case 'date':
      expect(DuckDBDateValue);
      return dateText(value.days);
    case 'timestamp':
      if (!(value instanceof DuckDBTimestampValue) && !(value instanceof DuckDBTimestampTZValue)) {
        fail(`column ${element.name}: DuckDB returned ${value?.constructor?.name} for a TIMESTAMP`);
      }
      return timestampText(value.micros);
    case 'string':
      if (typeof value !== 'string') fail(`column ${element.name}: DuckDB returned ${typeof value} for a string`);
      return value;
    case 'uuid': {
      expect(DuckDBUUIDValue);
      const hex = (value.toUint128() | (1n << 128n)).toString(16).slice(1);
      return uuidText(Uint8Array.from(hex.match(/../g), (byte) => parseInt(byte, 16)));
    }
    case 'bytes':
      expect(DuckDBBlobValue);
      return hexUpper(value.bytes);
    default: return fail(`unknown kind ${kind}`);
  }
}

// ------------------------------------------------------------------------------------------- reading

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run("SET TimeZone = 'UTC'");
const quoteName = (name) => `"${name.replaceAll('"', '""')}"`;

const files = [];
for (const path of paths) {
  const buffer = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(buffer);
  const root = metadata.schema[0];
  const leaves = metadata.schema.slice(1);
  if (leaves.length !== root.num_children || leaves.some((element) => element.num_children)) {
    fail(`${path}: not a flat file`);
  }
  const kinds = leaves.map(kindOf);

  // DuckDB: its column types, then every row in file order.
  const source = `read_parquet('${path.replaceAll("'", "''")}')`;
  const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowsJS();
  const duckTypes = new Map(described.map((row) => [row[0], row[1]]));
  const select = leaves.map((element) => quoteName(element.name)).join(', ');
  const duckRows = (await connection.runAndReadAll(`SELECT ${select} FROM ${source}`)).getRows();

  // hyparquet: raw bytes, day counts and timestamp counts, converted above.
  const hypRows = await parquetReadObjects({
    file: buffer,
    compressors,
    utf8: false,
    parsers: {
      timestampFromMilliseconds: (millis) => millis,
      timestampFromMicroseconds: (micros) => micros,
      timestampFromNanoseconds: (nanos) => nanos,
      dateFromDays: (days) => days,
      stringFromBytes: (bytes) => bytes,
      jsonFromBytes: (bytes) => bytes,
      uuidFromBytes: (bytes) => bytes,
      geometryFromBytes: (bytes) => bytes,
      geographyFromBytes: (bytes) => bytes,
    },
  });

  files.push({
    path,
    num_rows: Number(metadata.num_rows),
    columns: leaves.map((element) => ({
      name: element.name,
      physical: physicalName(element),
      logical: logicalName(element),
      converted: element.converted_type ?? '',
      duckdb_type: duckTypes.get(element.name) ?? null,
    })),
    readers: {
      duckdb: {
        forms: kinds.map(() => 'text'),
        rows: duckRows.map((row) => leaves.map((element, index) => fromDuckDb(kinds[index], element, row[index]))),
      },
      hyparquet: {
        forms: kinds.map((kind) => (kind === 'decimal' ? 'number' : 'text')),
        rows: hypRows.map((row) => leaves.map((element, index) => fromHyparquet(kinds[index], element, row[element.name]))),
      },
    },
  });
}
connection.closeSync();
instance.closeSync();
writeFileSync(outPath, JSON.stringify({ files }));
