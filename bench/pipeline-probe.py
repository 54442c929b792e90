#!/usr/bin/env python3
"""Probe rows of bench/pipeline-bench: source commit -> raw change file in S3 -> merged Iceberg table.

  pipeline-probe.py write --port PORT --duration S [--every 0.05] [--out TSV]
      Inserts one row carrying NOW(6) (the server's clock, UTC) into bench_probe.probe every EVERY seconds, for
      DURATION seconds, through one `mariadb` client session (autocommit: one transaction per row).
  pipeline-probe.py watch --endpoint URL --lake s3://B/P --warehouse s3://B/P --table SCHEMA/TABLE
                          --files TSV --versions TSV --stop-file F [--every 0.05] [--also SCHEMA/TABLE,...]
      Every EVERY seconds: lists the table's folder of the lake (ListObjectsV2 after the last key seen) and notes
      when each change file first appears; GETs the Iceberg table's next metadata version
      (<warehouse>/<table>/metadata/v<N+1>.metadata.json, the commit point of the merge: docs/iceberg.md) and
      notes when it first appears with its current snapshot's ledger (lakefeed.last-seq, lakefeed.last-file).
      The same for the tables of --also. Stops after one more pass once --stop-file exists.
  pipeline-probe.py latency --endpoint URL --lake s3://B/P --table SCHEMA/TABLE --files TSV --versions TSV
                            --out CSV [--node-dir DIR]
      Downloads the probe table's change files, reads their rows with DuckDB (tests/node/parquet/query.mjs), and
      writes per probe row: its commit time, the latency to its raw file (first sight of the file holding it minus
      NOW(6)) and to the merged table (first sight of the first metadata version whose ledger's last-seq reaches
      the row's _lakefeed_seq, minus NOW(6)); with an --also table watched, also to the moment that table's ledger
      passed the row's seq (the table merged last of each commit: every table merged up to the row's commit).
      Prints p50/p99/max.

boto3 comes with the machine image (docs/s3.md); the rest is the python3 standard library.
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time

AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}


def s3_client(endpoint):
    import boto3
    from botocore.config import Config
    for k, v in AWS_ENV.items():
        os.environ.setdefault(k, v)
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2},
                                      max_pool_connections=2))


def split_url(url):
    assert url.startswith("s3://"), url
    bucket, _, prefix = url[5:].partition("/")
    return bucket, prefix.strip("/")


def cmd_write(args):
    client = subprocess.Popen(["mariadb", "--no-defaults", "-h127.0.0.1", f"-P{args.port}", "-uroot", "bench_probe"],
                              stdin=subprocess.PIPE, text=True)
    end = time.time() + args.duration
    n = 0
    next_at = time.time()
    while time.time() < end:
        client.stdin.write("INSERT INTO probe (committed) VALUES (NOW(6));\n")
        client.stdin.flush()
        n += 1
        next_at += args.every
        time.sleep(max(0.0, next_at - time.time()))
    client.stdin.close()
    rc = client.wait()
    print(f"{n}", file=sys.stderr if not args.out else open(args.out, "w"))
    return rc


def cmd_watch(args):
    s3 = s3_client(args.endpoint)
    lake_bucket, lake_prefix = split_url(args.lake)
    wh_bucket, wh_prefix = split_url(args.warehouse)
    folder = f"{lake_prefix}/{args.table}/" if lake_prefix else f"{args.table}/"
    seen_keys = set()
    last_key = ""
    tables = [args.table] + [t for t in (args.also or "").split(",") if t]
    metas = {t: (f"{wh_prefix}/{t}/metadata/" if wh_prefix else f"{t}/metadata/") for t in tables}
    # The current metadata version of each table when the watch starts (the full load's commits came before).
    versions = {}
    paginator = s3.get_paginator("list_objects_v2")
    for t, prefix in metas.items():
        versions[t] = 0
        for page in paginator.paginate(Bucket=wh_bucket, Prefix=prefix + "v"):
            for o in page.get("Contents", []):
                name = o["Key"][len(prefix):]
                if name.endswith(".metadata.json"):
                    try:
                        versions[t] = max(versions[t], int(name[1:-len(".metadata.json")]))
                    except ValueError:
                        pass
    files_out = open(args.files, "w")
    versions_out = open(args.versions, "w")
    versions_out.write("seen\tversion\tsnapshot_ms\toperation\tlast_seq\tlast_file\ttable\n")
    files_out.write("seen\tkey\n")
    stopping = False
    while True:
        if os.path.exists(args.stop_file):
            stopping = True
        t0 = time.time()
        try:
            token = None
            while True:
                kw = {"Bucket": lake_bucket, "Prefix": folder, "StartAfter": last_key or folder}
                if token:
                    kw = {"Bucket": lake_bucket, "Prefix": folder, "ContinuationToken": token}
                answer = s3.list_objects_v2(**kw)
                now = time.time()
                for o in answer.get("Contents", []):
                    key = o["Key"]
                    if key not in seen_keys:
                        seen_keys.add(key)
                        files_out.write(f"{now:.6f}\t{key}\n")
                    last_key = max(last_key, key)
                if not answer.get("IsTruncated"):
                    break
                token = answer.get("NextContinuationToken")
            files_out.flush()
        except Exception as e:  # moto busy: the next pass sees it
            print(f"pipeline-probe watch: list: {e!r}", file=sys.stderr)
        for t, meta in metas.items():
            while True:
                try:
                    body = s3.get_object(Bucket=wh_bucket, Key=f"{meta}v{versions[t] + 1}.metadata.json")["Body"].read()
                except s3.exceptions.NoSuchKey:
                    break
                except Exception as e:
                    print(f"pipeline-probe watch: get: {e!r}", file=sys.stderr)
                    break
                now = time.time()
                versions[t] += 1
                m = json.loads(body)
                current = m.get("current-snapshot-id")
                snap = next((s for s in m.get("snapshots", []) if s.get("snapshot-id") == current), None)
                summary = (snap or {}).get("summary", {})
                versions_out.write(f"{now:.6f}\t{versions[t]}\t{(snap or {}).get('timestamp-ms', '')}\t"
                                   f"{summary.get('operation', '')}\t{summary.get('lakefeed.last-seq', '')}\t"
                                   f"{summary.get('lakefeed.last-file', '')}\t{t}\n")
                versions_out.flush()
        if stopping:
            return 0
        time.sleep(max(0.0, args.every - (time.time() - t0)))


def pct(values, q):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def cmd_latency(args):
    s3 = s3_client(args.endpoint)
    bucket, _ = split_url(args.lake)
    files = {}
    with open(args.files) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            files[row["key"]] = float(row["seen"])
    versions, others = [], {}
    with open(args.versions) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["last_seq"]:
                if row.get("table", args.table) in (None, "", args.table):
                    versions.append((float(row["seen"]), int(row["last_seq"])))
                else:
                    others.setdefault(row["table"], []).append((float(row["seen"]), int(row["last_seq"])))
    if not files:
        print("pipeline-probe: no probe file was seen in the lake", file=sys.stderr)
        return 1
    tmp = tempfile.mkdtemp(prefix="pipeline-probe-")
    local = {}
    for i, key in enumerate(sorted(files)):
        path = os.path.join(tmp, f"{i:06d}.parquet")
        s3.download_file(bucket, key, path)
        local[path] = key
    sql = (f"SELECT filename, id, epoch_us(committed), _lakefeed_seq FROM read_parquet('{tmp}/*.parquet', "
           f"filename=true)")
    out = subprocess.run(["node", os.path.join(args.node_dir, "query.mjs"), sql], check=True, capture_output=True,
                         text=True).stdout
    rows = []
    for line in out.splitlines():
        path, pid, committed_us, seq = line.split("\t")
        rows.append((int(pid), int(committed_us) / 1e6, int(seq), files[local[path]]))
    for path in local:
        os.unlink(path)
    os.rmdir(tmp)
    rows.sort()
    # First sight of a metadata version whose ledger reaches the row's seq (versions are in commit order and
    # their last-seq never goes down; compactions carry it over).
    def first_reaching(vs):
        """pid -> first sight of a version of vs whose ledger's last-seq reaches the row's seq (None: never)."""
        vs = sorted(vs)
        out, vi = {}, 0
        for pid, committed, seq, seen in sorted(rows, key=lambda r: r[2]):
            while vi < len(vs) and vs[vi][1] < seq:
                vi += 1
            out[pid] = vs[vi][0] if vi < len(vs) else None
        return out
    merged_at = first_reaching(versions)
    # The table merged last of each commit (another table's ledger): its last-seq passes the probe row's seq when
    # the change files of the probe row's commit are merged in every table (a change of that table later in the
    # same commit is all but certain at the load's rates).
    other = sorted(others)[-1] if others else None
    all_at = first_reaching(others[other]) if other else {}
    raw, merged, merged_all, unmerged = [], [], [], 0
    with open(args.out, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "committed", "seq", "raw_latency_s", "merged_latency_s", "all_merged_latency_s"])
        for pid, committed, seq, seen in rows:
            r = seen - committed
            m = merged_at[pid] - committed if merged_at[pid] is not None else None
            a = all_at[pid] - committed if all_at.get(pid) is not None else None
            raw.append(r)
            if m is None:
                unmerged += 1
            else:
                merged.append(m)
            if a is not None:
                merged_all.append(a)
            w.writerow([pid, f"{committed:.6f}", seq, f"{r:.3f}", "" if m is None else f"{m:.3f}",
                        "" if a is None else f"{a:.3f}"])
    q = lambda v: f"p50 {pct(v, .5):.3f} s, p99 {pct(v, .99):.3f} s, max {max(v):.3f} s" if v else "n/a"
    print(f"probe rows: {len(rows)} in {len(files)} change files; {len(versions)} Iceberg metadata versions seen")
    print(f"commit -> raw file in S3: {q(raw)}")
    print(f"commit -> merged Iceberg table: {q(merged)}" + (f" ({unmerged} rows never seen merged)" if unmerged else ""))
    if other:
        print(f"commit -> merged in every table ({other}'s ledger past the row): {q(merged_all)}"
              + (f" ({len(rows) - len(merged_all)} rows not)" if len(merged_all) < len(rows) else ""))
    return 0 if rows and not unmerged else 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("--port", required=True)
    w.add_argument("--duration", type=float, required=True)
    w.add_argument("--every", type=float, default=0.05)
    w.add_argument("--out")
    for name in ("watch", "latency"):
        s = sub.add_parser(name)
        s.add_argument("--endpoint", required=True)
        s.add_argument("--lake", required=True)
        s.add_argument("--table", default="bench_probe/probe")
        s.add_argument("--files", required=True)
        s.add_argument("--versions", required=True)
        if name == "watch":
            s.add_argument("--warehouse", required=True)
            s.add_argument("--stop-file", required=True)
            s.add_argument("--also", help="more tables (SCHEMA/TABLE,...) whose Iceberg metadata versions to note")
            s.add_argument("--every", type=float, default=0.05)
        else:
            s.add_argument("--out", required=True)
            s.add_argument("--node-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                             "tests", "node", "parquet"))
    args = p.parse_args()
    return {"write": cmd_write, "watch": cmd_watch, "latency": cmd_latency}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
