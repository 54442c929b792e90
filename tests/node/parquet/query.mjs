// Runs one SQL statement in DuckDB (@duckdb/node-api) and prints the rows, one per line, the values as
// DuckDB casts them to VARCHAR, tab-separated, NULL as \N. For tests that read a lake's Parquet files
// with an independent reader.
//
//   node query.mjs '<sql>'
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const reader = await connection.runAndReadAll(`SELECT * FROM (${process.argv[2]})`);
const names = reader.columnNames();
const cast = names.map((name) => `CAST("${name.replaceAll('"', '""')}" AS VARCHAR)`).join(', ');
const text = await connection.runAndReadAll(`SELECT ${cast} FROM (${process.argv[2]})`);
for (const row of text.getRows()) {
  console.log(row.map((value) => (value === null ? '\\N' : String(value))).join('\t'));
}
