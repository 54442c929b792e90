// Reads an Iceberg table with icebird (an independent JavaScript Iceberg reader on hyparquet), every value
// exactly, and prints its rows as JSON, for tests that compare a merged table with SELECT on the source
// (tests/integration/merge_workload_test.cc).
//
//   node read-exact.mjs <table URL>...     e.g. file:///tmp/x/warehouse/shop/orders
//
// read.mjs prints icebird's values as they come. That is not exact enough for every type: hyparquet turns a
// DECIMAL into a JS number (a decimal(20,0) BIGINT UNSIGNED loses digits), a timestamp into a Date
// (milliseconds) and a BYTE_ARRAY without annotation into text. Worse, icebird applies equality deletes by
// comparing those values with ===, so two long decimal keys that round to the same number delete each other's
// rows. This script therefore replaces hyparquet's conversion of column values (the one function every page
// and dictionary goes through) by one that gives exact text, before icebird loads: a module hook inserts a
// call to globalThis.lakefeedConvert at the start of hyparquet's convert(). Values it does not handle keep
// hyparquet's conversion. The forms, by the column's Parquet type in the data file:
//
//   DECIMAL(p,s) (INT32, INT64 or FIXED)   the exact decimal with s fraction digits ("-12.50", "18446744073709551615")
//   DATE                                   YYYY-MM-DD (proleptic Gregorian)
//   TIMESTAMP(MILLIS|MICROS, UTC or not)   YYYY-MM-DD HH:MM:SS.ffffff, always 6 digits
//   BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY      upper-case hex of the bytes (no STRING/JSON/ENUM/UUID annotation)
//   UUID                                   8-4-4-4-12 lower-case hex
//   INT32 / INT64 (plain or INTEGER)       the integer in decimal
//   FLOAT / DOUBLE                         the JS number's shortest text ("-0" for negative zero)
//   STRING                                 the text
// NULL is JSON null. Output: {"tables": [{"url", "version": N, "columns": [names of the current schema],
// "rows": [{column: value, ...}, ...]}, ...]} in the order of the arguments, rows in no particular order.
//
// The table's version is found as a file-system catalog does: metadata/version-hint.text, then forward while
// v<N+1>.metadata.json exists (a writer killed between its commit and the hint leaves the hint behind).
// A table without a current snapshot, or whose snapshot holds no data file, has no rows.
// file: URLs are answered from the local file system (icebird fetches with fetch(), which has no file:).
import { existsSync, readFileSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dateText, timestampText } from '../common/temporal-text.mjs';

const hooks = `
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.endsWith('/hyparquet/src/convert.js')) return result;
  const anchor = 'export function convert(data, columnDecoder) {';
  const source = String(result.source);
  if (!source.includes(anchor)) throw new Error('read-exact.mjs: hyparquet convert() not found in ' + url);
  const hooked = source.replace(anchor, anchor +
    ' { const exact = globalThis.lakefeedConvert?.(data, columnDecoder.element); if (exact !== undefined) return exact; }');
  return { ...result, source: hooked };
}
`;
register('data:text/javascript,' + encodeURIComponent(hooks));

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');


// A big-endian two's complement integer.
function signedBigEndian(bytes) {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  if (bytes.length > 0 && bytes[0] & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return value;
}

function decimalText(unscaled, scale) {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale > 0 ? `.${digits.slice(digits.length - scale)}` : ''}`;
}

const kLogicalOfConverted = {
  DECIMAL: 'DECIMAL', DATE: 'DATE', UTF8: 'STRING', JSON: 'JSON', ENUM: 'ENUM',
  TIMESTAMP_MILLIS: 'TIMESTAMP', TIMESTAMP_MICROS: 'TIMESTAMP',
};

// The column's logical type, or the one its older ConvertedType stands for; undefined for none.
function logicalType(element) {
  return element.logical_type?.type ?? kLogicalOfConverted[element.converted_type];
}

function timestampUnit(element) {
  if (element.logical_type?.type === 'TIMESTAMP') return element.logical_type.unit;
  return element.converted_type === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS';
}

// The exact conversion of a page's (or dictionary's) values of column `element`, or undefined to leave the
// column to hyparquet.
globalThis.lakefeedConvert = (data, element) => {
  const logical = logicalType(element);
  const map = (convert) => Array.from(data, (value) => (value === null || value === undefined ? value : convert(value)));
  if (logical === 'DECIMAL') {
    const scale = element.scale ?? element.logical_type?.scale ?? 0;
    return map((value) => decimalText(value instanceof Uint8Array ? signedBigEndian(value) : BigInt(value), scale));
  }
  if (logical === 'DATE') return map((days) => dateText(Number(days)));
  if (logical === 'TIMESTAMP') {
    const unit = timestampUnit(element);
    if (unit !== 'MICROS' && unit !== 'MILLIS') throw new Error(`unsupported TIMESTAMP unit ${unit}`);
    return map((count) => timestampText(unit === 'MILLIS' ? BigInt(count) * 1000n : BigInt(count)));
  }
  if (logical === 'UUID') {
    return map((bytes) => {
      const h = hex(bytes);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    });
  }
  if ((element.type === 'BYTE_ARRAY' || element.type === 'FIXED_LEN_BYTE_ARRAY') && logical === undefined) {
    return map((bytes) => hex(bytes).toUpperCase());
  }
  return undefined;
};

const networkFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = typeof resource === 'string' ? resource : resource.url ?? String(resource);
  if (!url.startsWith('file:')) return networkFetch(resource, init);
  try {
    return new Response(readFileSync(fileURLToPath(url)), { status: 200 });
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
};

const { icebergManifests, icebergMetadata, icebergRead } = await import('icebird');

function canon(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return value;
  throw new Error(`unexpected value of type ${value?.constructor?.name ?? typeof value}`);
}

// One table: its version, the current schema's column names and the rows.
async function readTable(url) {
  const tableUrl = url.replace(/\/+$/, '');
  if (!tableUrl.startsWith('file:')) throw new Error('read-exact.mjs reads file: tables only');
  const metadataDir = fileURLToPath(`${tableUrl}/metadata`);
  let version = parseInt(readFileSync(`${metadataDir}/version-hint.text`, 'utf8'), 10);
  if (!(version >= 1)) throw new Error(`${url}: unreadable version-hint.text`);
  while (existsSync(`${metadataDir}/v${version + 1}.metadata.json`)) version += 1;

  const metadata = await icebergMetadata({ tableUrl, metadataFileName: `v${version}.metadata.json` });
  const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
  let rows = [];
  const snapshotId = metadata['current-snapshot-id'];
  if (snapshotId !== undefined && snapshotId !== null && snapshotId >= 0) {
    const manifests = await icebergManifests(metadata);
    const hasData = manifests.some(({ entries }) => entries.some((entry) => entry.status !== 2 && !entry.data_file.content));
    if (hasData) rows = await icebergRead({ tableUrl, metadata });
  }
  return {
    url,
    version,
    columns: schema.fields.map((field) => field.name),
    rows: rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, canon(value)]))),
  };
}

const tables = [];
for (const url of process.argv.slice(2)) tables.push(await readTable(url));
process.stdout.write(JSON.stringify({ tables }) + '\n');
