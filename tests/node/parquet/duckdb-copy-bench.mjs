// DuckDB's side of bench/parquet-bench: `rows` sysbench-shaped rows (id INT, k INT, c CHAR(120), pad CHAR(60),
// digits with '-' every 12th character, as parquet_writer_bench makes them) in a table, then the time of
// COPY ... TO '<file>' (FORMAT parquet) per codec, on `threads` threads. Prints "<codec> <rows/s> <bytes>" lines.
//
//   node duckdb-copy-bench.mjs <rows> <threads> <dir>
import { statSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [rows, threads, dir] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
await db.run(`SET threads = ${threads}`);
const digits = (n) =>
  `array_to_string(list_transform(range(${n}), i -> CASE WHEN i % 12 = 11 THEN '-' ELSE CAST(floor(random() * 10) AS INTEGER)::VARCHAR END), '')`;
await db.run(`CREATE TABLE sb AS SELECT CAST(i AS INTEGER) AS id, CAST(floor(random() * ${rows}) AS INTEGER) AS k,
  ${digits(120)} AS c, ${digits(60)} AS pad FROM range(${rows}) t(i)`);
for (const codec of ['uncompressed', 'snappy', 'zstd', 'gzip']) {
  const file = `${dir}/duckdb-${codec}.parquet`;
  let best = Infinity;
  for (let run = 0; run < 3; ++run) {
    const started = process.hrtime.bigint();
    await db.run(`COPY sb TO '${file}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 10000)`);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  console.log(`${codec} ${Math.round(rows / best)} ${statSync(file).size}`);
}
