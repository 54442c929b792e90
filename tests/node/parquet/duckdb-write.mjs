// Writes Parquet files with DuckDB for lakefeed's reader to read (tests/parquet_readback_test.cc):
// 20000 rows, id BIGINT = i, n INTEGER = i % 1000 - 500, s VARCHAR = 'v' || (i % 37) (NULL when
// i % 5 = 0), d DOUBLE = i * 1.25, b BLOB = the 2 bytes of i % 65536 big-endian, t BOOLEAN =
// i % 3 = 0, f FLOAT = (i % 100) / 4, in row groups of 5000 rows: one file per codec with format
// version 1 (dictionary and PLAIN pages, data page v1), and two with version 2 (DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT, data page v2).
//
//   node duckdb-write.mjs <out-dir>     -> <out-dir>/duckdb-<codec>.parquet, duckdb-v2-<codec>.parquet
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
const files = [['uncompressed', 'V1'], ['snappy', 'V1'], ['gzip', 'V1'], ['zstd', 'V1'], ['snappy', 'V2'], ['zstd', 'V2']];
for (const [codec, version] of files) {
  const name = version === 'V1' ? `duckdb-${codec}` : `duckdb-v2-${codec}`;
  await connection.run(`COPY (
      SELECT i::BIGINT AS id, (i % 1000 - 500)::INTEGER AS n,
             CASE WHEN i % 5 = 0 THEN NULL ELSE 'v' || (i % 37) END AS s,
             (i * 1.25)::DOUBLE AS d,
             from_hex(lpad(to_hex((i % 65536)::INTEGER), 4, '0')) AS b,
             i % 3 = 0 AS t,
             ((i % 100) / 4)::FLOAT AS f
      FROM range(20000) t(i) ORDER BY i)
    TO '${dir}/${name}.parquet' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 5000, PARQUET_VERSION ${version})`);
}
connection.closeSync();
instance.closeSync();
