// Writes Parquet files with DuckDB for lakefeed's reader to read (tests/parquet_readback_test.cc):
// 20000 rows, id BIGINT = i, n INTEGER = i % 1000 - 500, s VARCHAR = 'v' || (i % 37) (NULL when
// i % 5 = 0), d DOUBLE = i * 1.25, b BLOB = the 2 bytes of i % 65536 big-endian, in row groups of
// 5000 rows, one file per codec.
//
//   node duckdb-write.mjs <out-dir>     -> <out-dir>/duckdb-<codec>.parquet
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
  await connection.run(`COPY (
      SELECT i::BIGINT AS id, (i % 1000 - 500)::INTEGER AS n,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'v' || (i % 37) END AS s,
             (i * 1.25)::DOUBLE AS d,
             from_hex(lpad(to_hex((i % 65536)::INTEGER), 4, '0')) AS b
      FROM range(20000) t(i) ORDER BY i)
    TO '${dir}/duckdb-${codec}.parquet' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 5000)`);
}
connection.closeSync();
instance.closeSync();
