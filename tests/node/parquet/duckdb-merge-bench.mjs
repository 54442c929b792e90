// DuckDB's side of bench/merge-bench: the table loaded from a lake folder's LOAD Parquet files into a DuckDB
// table, then each of the folder's other (CDC) Parquet files, in name (commit) order, applied with MERGE INTO
// (latest change per key by _lakefeed_seq; a delete that is last wins) and the table written back as one zstd
// Parquet file, as a job that keeps a table in plain Parquet must do after each merge. Prints JSON: the load's
// seconds, and per change file its merge's and rewrite's seconds and the table's rows after it.
//
//   node duckdb-merge-bench.mjs <lake table folder> <threads> <output dir>
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const [folder, threads, out] = process.argv.slice(2);
const files = readdirSync(folder).filter((name) => name.endsWith('.parquet')).map((name) => join(folder, name));
const load = files.filter((path) => path.includes('/LOAD'));
const changes = files.filter((path) => !path.includes('/LOAD')).sort();
const list = (paths) => `[${paths.map((path) => `'${path}'`).join(', ')}]`;

const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const connection = await instance.connect();
const timed = async (sql) => {
  const start = process.hrtime.bigint();
  await connection.run(sql);
  return Number(process.hrtime.bigint() - start) / 1e9;
};
const load_s = await timed(`CREATE TABLE t AS SELECT id, name, amount, "at" FROM read_parquet(${list(load)})`);
const steps = [];
for (const change of changes) {
  const merge_s = await timed(
    `MERGE INTO t USING (SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY _lakefeed_seq DESC) AS rn ` +
      `FROM read_parquet('${change}')) WHERE rn = 1) AS s ON t.id = s.id ` +
      `WHEN MATCHED AND s.Op = 'D' THEN DELETE ` +
      `WHEN MATCHED THEN UPDATE SET name = s.name, amount = s.amount, "at" = s."at" ` +
      `WHEN NOT MATCHED AND s.Op <> 'D' THEN INSERT (id, name, amount, "at") VALUES (s.id, s.name, s.amount, s."at")`,
  );
  const rewrite_s = await timed(`COPY t TO '${join(out, 'table.parquet')}' (FORMAT parquet, COMPRESSION zstd)`);
  const rows = (await connection.runAndReadAll('SELECT count(*) FROM t')).getRows()[0][0];
  steps.push({ file: change, merge_s, rewrite_s, rows: Number(rows) });
}
process.stdout.write(JSON.stringify({ load_s, steps }) + '\n');
