// Reads an Iceberg table with icebird (an independent JavaScript Iceberg reader on hyparquet) and
// prints its rows as JSON, for tests/iceberg/iceberg_readback_test.cc.
//
//   node read.mjs <table URL>        e.g. file:///tmp/x/warehouse/shop/orders
//
// icebird fetches every file with fetch(); Node's fetch has no file: scheme, so file: URLs are
// answered here from the local file system (whole files, status 200: hyparquet then slices them).
// icebird finds the current version through metadata/version-hint.text, reads the manifest list and
// manifests (Avro), the Parquet data files, and applies position and equality delete files.
// Output: {"rows": [ {column: value, ...}, ... ]} with values in a canonical text form: bigints and
// numbers in decimal, Dates as ISO-8601 text, bytes as uppercase hex, null for null.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const networkFetch = globalThis.fetch;
globalThis.fetch = async (resource, init) => {
  const url = typeof resource === 'string' ? resource : resource.url ?? String(resource);
  if (!url.startsWith('file:')) return networkFetch(resource, init);
  try {
    return new Response(await readFile(fileURLToPath(url)), { status: 200 });
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
};

const { icebergRead } = await import('icebird');

function canon(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) {
    return Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  }
  return String(value);
}

const rows = await icebergRead({ tableUrl: process.argv[2] });
const out = rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, canon(value)])));
process.stdout.write(JSON.stringify({ rows: out }) + '\n');
