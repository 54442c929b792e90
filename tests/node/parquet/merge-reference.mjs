// The reference merge for tests/integration/merge_iceberg_test.cc: applies a lake's change files to a DuckDB
// table with MERGE INTO, round by round, the way a Glue job merges DMS output, and prints the final rows.
//
//   node merge-reference.mjs '<json>'
//
// The JSON: {"format": "csv" | "parquet", "key": "id", "columns": ["id", "name", ...],
//            "rounds": [["/lake/db/t/LOAD00000001.csv", ...], [...], ...], "select": "<SELECT over ref>"}
// Each round's files are read together; the latest change per key by _lakefeed_seq is kept (a MERGE source
// must not hold a key twice), then MERGE INTO ref deletes the keys whose last change is D, updates the
// others that exist and inserts the rest. CSV files are read with their header, every value as text
// (NULL as NULL); Parquet files with their own types. The rows of `select` are printed as query.mjs prints
// them: tab-separated VARCHAR casts, NULL as \N.
import { DuckDBInstance } from '@duckdb/node-api';

const spec = JSON.parse(process.argv[2]);
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const quote = (name) => `"${name.replaceAll('"', '""')}"`;
const literal = (text) => `'${text.replaceAll("'", "''")}'`;

function source(files) {
  const list = `[${files.map(literal).join(', ')}]`;
  if (spec.format === 'csv') {
    return `read_csv(${list}, header = true, all_varchar = true, nullstr = 'NULL', union_by_name = true, ` +
           `quote = '"', escape = '"', delim = ',', new_line = '\\n', strict_mode = true)`;
  }
  return `read_parquet(${list}, union_by_name = true)`;
}

const columns = spec.columns.map(quote);
const key = quote(spec.key);
const firstRound = spec.rounds.find((files) => files.length > 0);
await connection.run(`CREATE TABLE ref AS SELECT ${columns.join(', ')} FROM ${source(firstRound)} WHERE false`);
for (const files of spec.rounds) {
  if (files.length === 0) continue;
  const staged =
    `SELECT * FROM (SELECT *, coalesce(${quote('Op')}, 'I') AS merge_op, row_number() OVER ` +
    `(PARTITION BY ${key} ORDER BY CAST(_lakefeed_seq AS BIGINT) DESC) AS merge_rank FROM ${source(files)}) ` +
    `WHERE merge_rank = 1`;
  const hasOp = (await connection.runAndReadAll(`SELECT * FROM ${source(files)} LIMIT 0`))
    .columnNames()
    .includes('Op');
  const stagedSql = hasOp ? staged : staged.replace(`coalesce(${quote('Op')}, 'I')`, `'I'`);
  const updates = spec.columns.filter((c) => c !== spec.key).map((c) => `${quote(c)} = s.${quote(c)}`);
  await connection.run(
    `MERGE INTO ref USING (${stagedSql}) AS s ON ref.${key} = s.${key} ` +
      `WHEN MATCHED AND s.merge_op = 'D' THEN DELETE ` +
      `WHEN MATCHED THEN UPDATE SET ${updates.join(', ')} ` +
      `WHEN NOT MATCHED AND s.merge_op <> 'D' THEN INSERT (${columns.join(', ')}) ` +
      `VALUES (${spec.columns.map((c) => `s.${quote(c)}`).join(', ')})`,
  );
}
const reader = await connection.runAndReadAll(`SELECT * FROM (${spec.select})`);
const cast = reader.columnNames().map((name) => `CAST(${quote(name)} AS VARCHAR)`).join(', ');
const text = await connection.runAndReadAll(`SELECT ${cast} FROM (${spec.select})`);
for (const row of text.getRows()) {
  console.log(row.map((value) => (value === null ? '\\N' : String(value))).join('\t'));
}
