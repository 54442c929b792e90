// Streams row events from a MariaDB server with zongji (the npm binlog listener) and stops once
// `expectedRows` rows have arrived. Prints {"rows":N,"seconds":S}. Used by bench/decode-bench as a peer.
//   node bench/zongji-reader.js <port> <binlog file> <expected rows>
const path = require('path');
const ZongJi = require(path.join(__dirname, '..', 'tests', 'node', 'node_modules', 'zongji'));

const [port, filename, expected] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4])];
const zongji = new ZongJi({ host: '127.0.0.1', port, user: 'cdc', password: 'cdcpw' });
let rows = 0;
const start = process.hrtime.bigint();
zongji.on('binlog', (event) => {
  if (event.rows) rows += event.rows.length;
  if (rows >= expected) {
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(JSON.stringify({ rows, seconds }));
    zongji.stop();
    process.exit(0);
  }
});
zongji.on('error', (err) => { console.error(err); process.exit(1); });
zongji.start({ filename, position: 4, serverId: 9101, includeEvents: ['tablemap', 'writerows', 'updaterows', 'deleterows'] });
