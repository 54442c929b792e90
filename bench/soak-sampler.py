#!/usr/bin/env python3
"""Helper of bench/soak-bench and bench/pipeline-bench (python3 standard library only).

  soak-sampler.py sample --pid PID --http HOST:PORT --phase-file F --out CSV --lag-out CSV [--interval 5]
                         [--lag-interval 1] [--dir NAME=PATH ...]
      Every INTERVAL seconds, one row of --out: the process's RSS, anonymous RSS and peak (/proc/PID/status), its
      CPU seconds (/proc/PID/stat), threads and open file descriptors; the latencies, backlog and merge counters
      from its /metrics; the size of each --dir; /proc/loadavg; and the phase named in --phase-file. About every
      LAG-INTERVAL seconds (jittered), one row of --lag-out: the latencies alone. Stops when the process is gone
      or the phase file says "done".
  soak-sampler.py wait-loaded --http HOST:PORT [--timeout S] [--times JSON]
      Waits until the task streams, every table's full load is done and the merge has taken every committed file;
      --times writes when the first and the second were first seen (bench/pipeline-bench).
  soak-sampler.py wait-caught-up --http HOST:PORT [--timeout S]
      Waits until the lake's checkpoint is at the source's binlog end, nothing waits to be committed, and the merge
      has taken every committed file. Prints the seconds it waited.
  soak-sampler.py summary --csv CSV --lag-csv CSV --sysbench FILE [--catch-up S] [--batch-interval S]
                          [--max-rss-slope MIB]
      Prints the soak's summary (RSS, lag, CPU, sysbench throughput, load average) and a verdict; exit 3 when RSS
      is not flat (neither its second-half slope nor its floor) or the lag is not bounded (criteria in cmd_summary).
"""
import argparse
import csv
import json
import math
import os
import random
import re
import sys
import time
import urllib.request

PAGE_SIZE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
CLK_TCK = os.sysconf("SC_CLK_TCK")

FIELDS = [
    "time", "elapsed_s", "phase",
    "rss_kib", "rss_anon_kib", "hwm_kib", "cpu_user_s", "cpu_sys_s", "threads", "fds",
    "cdc_latency_source_s", "cdc_latency_target_s", "cdc_incoming_changes",
    "changes_memory_bytes", "changes_disk_bytes",
    "merge_lag_max_s", "merge_queue_depth", "merge_commits", "merge_compactions", "merge_dead_letters",
    "cdc_rows_source", "cdc_rows_target", "lake_files", "source_connected",
    "load1", "load5", "procs_running",
    "full_load_rows_target", "merge_changes", "s3_requests",
]


def get(http, path, timeout=5.0):
    with urllib.request.urlopen(f"http://{http}{path}", timeout=timeout) as answer:
        return answer.read().decode()


def parse_metrics(text):
    """Prometheus text -> {name: [(labels dict, value)]}."""
    out = {}
    line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)')
    label_re = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = line_re.match(line)
        if not m:
            continue
        labels = dict(label_re.findall(m.group(3) or ""))
        try:
            value = float(m.group(4))
        except ValueError:
            continue
        out.setdefault(m.group(1), []).append((labels, value))
    return out


def metric(metrics, name, agg=sum, **match):
    values = [v for labels, v in metrics.get(name, []) if all(labels.get(k) == w for k, w in match.items())]
    return agg(values) if values else ""


def proc_sample(pid):
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.split()
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "; fields[0] is the state (field 3)
    utime, stime = int(fields[11]), int(fields[12])
    try:
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        fds = ""
    return {
        "rss_kib": int(status["VmRSS"][0]),
        "rss_anon_kib": int(status.get("RssAnon", [0])[0]),
        "hwm_kib": int(status["VmHWM"][0]),
        "cpu_user_s": round(utime / CLK_TCK, 2),
        "cpu_sys_s": round(stime / CLK_TCK, 2),
        "threads": int(status["Threads"][0]),
        "fds": fds,
    }


def dir_bytes(path):
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_blocks * 512
            except OSError:
                pass  # renamed or removed while we walk
    return total


LAG_FIELDS = ["time", "phase", "cdc_latency_source_s", "cdc_latency_target_s", "cdc_incoming_changes",
              "merge_lag_max_s", "merge_commits"]


def metrics_row(m):
    return {
        "cdc_latency_source_s": metric(m, "lakefeed_cdc_latency_source_seconds"),
        "cdc_latency_target_s": metric(m, "lakefeed_cdc_latency_target_seconds"),
        "cdc_incoming_changes": metric(m, "lakefeed_cdc_incoming_changes"),
        "changes_memory_bytes": metric(m, "lakefeed_cdc_changes_memory_source_bytes"),
        "changes_disk_bytes": metric(m, "lakefeed_cdc_changes_disk_source_bytes"),
        "merge_lag_max_s": metric(m, "lakefeed_merge_lag_seconds", agg=max),
        "merge_queue_depth": metric(m, "lakefeed_trigger_queue_depth", trigger="merge"),
        "merge_commits": metric(m, "lakefeed_merge_commits_total"),
        "merge_compactions": metric(m, "lakefeed_merge_compactions_total"),
        "merge_dead_letters": metric(m, "lakefeed_trigger_dead_letters_total", trigger="merge"),
        "cdc_rows_source": metric(m, "lakefeed_cdc_rows_source_total"),
        "cdc_rows_target": metric(m, "lakefeed_cdc_rows_target_total"),
        "lake_files": metric(m, "lakefeed_lake_files_total"),
        "source_connected": metric(m, "lakefeed_source_connected"),
        "full_load_rows_target": metric(m, "lakefeed_full_load_rows_target_total"),
        "merge_changes": metric(m, "lakefeed_merge_changes_total"),
        "s3_requests": metric(m, "lakefeed_s3_requests_total"),
    }


def cmd_sample(args):
    """Two series: the full row every --interval seconds (--out), and the latencies alone about every
    --lag-interval seconds (--lag-out), at jittered moments: the latencies are a sawtooth with the period of
    CdcMaxBatchInterval, which a fixed 5 s grid would sample at the same few points of the tooth."""
    dirs = [d.split("=", 1) for d in args.dir]
    fields = FIELDS + [f"{name}_bytes" for name, _ in dirs]
    rng = random.Random(args.pid)
    start = time.time()
    next_row = start
    next_lag = start

    def phase():
        try:
            return open(args.phase_file).read().strip()
        except OSError:
            return ""

    with open(args.out, "w", newline="") as out, open(args.lag_out, "w", newline="") as lag_out:
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        lag_writer = csv.DictWriter(lag_out, fieldnames=LAG_FIELDS, extrasaction="ignore")
        lag_writer.writeheader()
        while True:
            now = time.time()
            current = phase()
            if current == "done" or not os.path.exists(f"/proc/{args.pid}"):
                break
            if now < min(next_row, next_lag):
                time.sleep(min(0.1, min(next_row, next_lag) - now))
                continue
            try:
                m = metrics_row(parse_metrics(get(args.http, "/metrics")))
            except OSError:
                m = {}  # not serving yet, or stopping: the process columns still count
            if now >= next_lag:
                lag_writer.writerow({"time": f"{now:.3f}", "phase": current, **m})
                lag_out.flush()
                next_lag = now + args.lag_interval * rng.uniform(0.5, 1.5)
            if now >= next_row:
                row = {"time": f"{now:.3f}", "elapsed_s": f"{now - start:.1f}", "phase": current, **m}
                try:
                    row.update(proc_sample(args.pid))
                except (OSError, KeyError, IndexError):
                    break  # the process is gone
                with open("/proc/loadavg") as f:
                    load = f.read().split()
                row.update({"load1": load[0], "load5": load[1], "procs_running": load[3].split("/")[0]})
                for name, path in dirs:
                    row[f"{name}_bytes"] = dir_bytes(path)
                writer.writerow(row)
                out.flush()
                next_row += args.interval


def merge_idle(m):
    files = metric(m, "lakefeed_lake_files_total") or 0
    taken = sum(metric(m, f"lakefeed_trigger_{k}_total", trigger="merge") or 0
                for k in ("delivered", "filtered", "dead_letters"))
    depth = metric(m, "lakefeed_trigger_queue_depth", trigger="merge") or 0
    return depth == 0 and taken >= files


def cmd_wait_loaded(args):
    """With --times FILE, also writes {"loaded": t, "merged": t} (Unix seconds): the first poll that saw every
    table's full load done (its LOAD files committed), and the first that also saw the merge idle."""
    deadline = time.time() + args.timeout
    loaded_at = None
    while time.time() < deadline:
        try:
            status = json.loads(get(args.http, "/api/v1/status"))
            loads = status.get("FullLoad") or []
            loaded = status["Task"]["State"] == "streaming" and loads and all(t["Phase"] == "done" for t in loads)
            if loaded and loaded_at is None:
                loaded_at = time.time()
            if loaded and merge_idle(parse_metrics(get(args.http, "/metrics"))):
                if args.times:
                    with open(args.times, "w") as f:
                        json.dump({"loaded": loaded_at, "merged": time.time()}, f)
                return 0
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.5)
    print("soak-sampler: the full load (and its merge) did not finish in time", file=sys.stderr)
    return 1


def cmd_wait_caught_up(args):
    start = time.time()
    deadline = start + args.timeout
    last = ""
    while time.time() < deadline:
        try:
            status = json.loads(get(args.http, "/api/v1/status"))
            m = parse_metrics(get(args.http, "/metrics"))
            pos, end = status["Checkpoint"]["Position"], status["SourceEnd"]
            at_end = pos["File"] == end["File"] and pos["Offset"] >= end["Position"]
            incoming = status["Task"]["CDCIncomingChanges"]
            last = (f"checkpoint {pos['File']}:{pos['Offset']} source end {end['File']}:{end['Position']} "
                    f"incoming {incoming} merge idle {merge_idle(m)}")
            if at_end and incoming == 0 and merge_idle(m):
                print(f"{time.time() - start:.1f}")
                return 0
        except (OSError, ValueError, KeyError, TypeError) as e:
            last = repr(e)
        time.sleep(0.5)
    print(f"soak-sampler: not caught up after {args.timeout} s: {last}", file=sys.stderr)
    return 1


def pct(values, q):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def slope_per_10min(points):
    """Least-squares slope of (t seconds, y) in y units per 600 s."""
    n = len(points)
    if n < 2:
        return float("nan")
    mt = sum(t for t, _ in points) / n
    my = sum(y for _, y in points) / n
    den = sum((t - mt) ** 2 for t, _ in points)
    return sum((t - mt) * (y - my) for t, y in points) / den * 600 if den else float("nan")


def theil_sen_per_10min(points):
    """Median of the pairwise slopes: a few steps move it far less than they move least squares."""
    slopes = [(y2 - y1) / (t2 - t1) for i, (t1, y1) in enumerate(points) for t2, y2 in points[i + 1:] if t2 > t1]
    return pct(slopes, .5) * 600 if slopes else float("nan")


def num(row, key):
    try:
        v = float(row[key])
        return None if math.isnan(v) else v
    except (KeyError, ValueError, TypeError):
        return None


def cmd_summary(args):
    rows = list(csv.DictReader(open(args.csv)))
    lags = list(csv.DictReader(open(args.lag_csv)))
    cdc = [r for r in rows if r["phase"] == "cdc"]
    cdc_lags = [r for r in lags if r["phase"] == "cdc"]
    if len(cdc) < 4:
        print("soak-sampler: fewer than 4 samples in the CDC phase", file=sys.stderr)
        return 1
    t0 = float(cdc[0]["time"])
    t_end = float(cdc[-1]["time"])
    half = (t_end - t0) / 2
    in_second = lambda r: float(r["time"]) - t0 >= half

    # RSS, in MiB, over the CDC phase (sysbench running); the slope over the second half leaves out warm-up.
    rss = [(float(r["time"]) - t0, num(r, "rss_kib") / 1024) for r in cdc]
    anon = [(float(r["time"]) - t0, num(r, "rss_anon_kib") / 1024) for r in cdc]
    first = [y for t, y in rss if t < half]
    second = [(t, y) for t, y in rss if t >= half]
    slope2 = slope_per_10min(second)
    slope2_anon = slope_per_10min([(t, y) for t, y in anon if t >= half])
    slope_all = slope_per_10min(rss)
    robust2 = theil_sen_per_10min(second)
    # Jumps between two consecutive samples of more than 1 MiB, with what the merge did in between.
    steps = []
    for a, b in zip(cdc, cdc[1:]):
        d = (num(b, "rss_kib") - num(a, "rss_kib")) / 1024
        if abs(d) > 1:
            compactions = (num(b, "merge_compactions") or 0) - (num(a, "merge_compactions") or 0)
            steps.append((float(b["time"]) - t0, d, num(b, "rss_kib") / 1024, compactions))
    # The floor: the lowest RSS of the CDC phase's second quarter and of its last quarter. Transient peaks (a
    # compaction) do not move it; memory kept for good does.
    span = rss[-1][0]
    floor2 = min([y for t, y in rss if span / 4 <= t < span / 2] or [float("nan")])
    floor4 = min([y for t, y in rss if t >= span * 3 / 4] or [float("nan")])
    after_last = [(t, y) for t, y in rss if not steps or t >= steps[-1][0]]
    slope_after = slope_per_10min(after_last) if len(after_last) >= 6 else float("nan")

    def series(key, rows_):
        return [v for v in (num(r, key) for r in rows_) if v is not None]
    src = series("cdc_latency_source_s", cdc_lags)
    tgt = series("cdc_latency_target_s", cdc_lags)
    tgt1 = series("cdc_latency_target_s", [r for r in cdc_lags if not in_second(r)])
    tgt2 = series("cdc_latency_target_s", [r for r in cdc_lags if in_second(r)])
    # The merge lag gauge keeps its value until the next merge: leave out the samples still showing the full load's.
    commits0 = num(cdc_lags[0], "merge_commits") if cdc_lags else None
    mlag = series("merge_lag_max_s", [r for r in cdc_lags if num(r, "merge_commits") != commits0])
    incoming = series("cdc_incoming_changes", cdc_lags)

    cpu = lambda r: num(r, "cpu_user_s") + num(r, "cpu_sys_s")
    cdc_secs = t_end - t0
    cpu_cdc = cpu(cdc[-1]) - cpu(cdc[0])
    last = rows[-1]
    loads = series("load1", cdc)
    rows_src = (num(cdc[-1], "cdc_rows_source") or 0) - (num(cdc[0], "cdc_rows_source") or 0)

    sb = open(args.sysbench).read()
    tps = re.search(r"transactions:\s+(\d+)\s+\(([\d.]+) per sec", sb)
    errs = re.search(r"ignored errors:\s+(\d+)", sb)
    p95 = re.search(r"95th percentile:\s+([\d.]+)", sb)

    q = lambda v, d=2: f"p50 {pct(v, .5):.{d}f}, p99 {pct(v, .99):.{d}f}, max {max(v):.{d}f}" if v else "n/a"
    mib = lambda r, k: (num(r, k) or 0) / 2**20
    print(f"samples: {len(rows)} process samples ({len(cdc)} in the CDC phase, every {mean_spacing(cdc):.1f} s), "
          f"{len(lags)} latency samples ({len(cdc_lags)} in the CDC phase, about 1 s apart, jittered); "
          f"full load and its merge {t0 - float(rows[0]['time']):.0f} s, CDC phase {cdc_secs:.0f} s")
    print(f"RSS (MiB): CDC start {rss[0][1]:.1f}, end {rss[-1][1]:.1f}, max {max(y for _, y in rss):.1f} "
          f"(first half max {max(first):.1f}, second half max {max(y for _, y in second):.1f}); "
          f"peak of the whole run (VmHWM, full load included) {num(last, 'hwm_kib') / 1024:.1f}")
    print(f"RSS slope, least squares over the second half: {slope2:+.2f} MiB per 10 min "
          f"(anonymous RSS {slope2_anon:+.2f}; over the whole CDC phase {slope_all:+.2f}; Theil-Sen over the second "
          f"half {robust2:+.2f})")
    for t, d, level, compactions in steps:
        print(f"RSS step at {t:.0f} s into the CDC phase: {d:+.1f} MiB to {level:.1f} MiB"
              f"{f' (compactions in that interval: {compactions:.0f})' if compactions else ''}")
    print(f"RSS floor (lowest sample): {floor2:.1f} MiB in the second quarter of the CDC phase, {floor4:.1f} MiB in "
          f"the last quarter ({floor4 - floor2:+.1f})")
    if steps:
        print(f"RSS after the last step ({len(after_last)} samples): slope {slope_after:+.2f} MiB per 10 min, "
              f"{after_last[0][1]:.1f} -> {after_last[-1][1]:.1f} MiB")
    print(f"CDCLatencySource (s): {q(src)}")
    print(f"CDCLatencyTarget (s): {q(tgt)} (first half max {max(tgt1):.2f}, second half max {max(tgt2):.2f})")
    print(f"merge lag, the highest table's gauge (s): {q(mlag, 3)}")
    print(f"CDCIncomingChanges: {q(incoming, 0)}")
    print(f"merge: {num(last, 'merge_commits') or 0:.0f} Iceberg commits, {num(last, 'merge_compactions') or 0:.0f} "
          f"compactions, {num(last, 'merge_dead_letters') or 0:.0f} dead letters")
    if args.catch_up is not None:
        print(f"catch-up after sysbench stopped (lake at the binlog end, merge idle): {args.catch_up:.1f} s")
    print(f"lakefeed CPU: {cpu_cdc:.1f} s in the CDC phase ({cpu_cdc / cdc_secs * 100:.1f}% of a core), "
          f"{cpu(last):.1f} s for the whole run; {rows_src:,.0f} row changes captured in the CDC phase "
          f"({rows_src / cdc_secs:.0f}/s)")
    quarters = []
    for k in range(4):
        part = [r for r in cdc if span * k / 4 <= float(r["time"]) - t0 <= span * (k + 1) / 4]
        if len(part) >= 2:
            quarters.append((cpu(part[-1]) - cpu(part[0])) / (float(part[-1]["time"]) - float(part[0]["time"])))
    print("lakefeed CPU by quarter of the CDC phase: " + ", ".join(f"{q * 100:.2f}%" for q in quarters) +
          " of a core")
    print(f"threads {cdc[0]['threads']} -> {cdc[-1]['threads']}, open fds {cdc[0]['fds']} -> {cdc[-1]['fds']}")
    if tps:
        print(f"sysbench: {int(tps.group(1)):,} transactions, {float(tps.group(2)):.2f} tps, "
              f"{errs.group(1) if errs else '?'} ignored errors, p95 latency {p95.group(1) if p95 else '?'} ms")
    print(f"load average (1 min) in the CDC phase: min {min(loads):.2f}, median {pct(loads, .5):.2f}, "
          f"max {max(loads):.2f}")
    for d in [k for k in rows[0] if k in ("lake_bytes", "warehouse_bytes", "work_bytes")]:
        print(f"{d[:-6]} size: {mib(cdc[0], d):.1f} MiB at CDC start, {mib(last, d):.1f} MiB at the end")

    # Verdict. RSS is flat when the second half's least-squares slope is at most --max-rss-slope MiB per 10 min;
    # otherwise its floor decides: when the last quarter's lowest sample is at most --max-rss-slope MiB above the
    # second quarter's, the growth was transient peaks that went away (a pass); when the floor rose but RSS was
    # flat after its last step, it stepped up to a new plateau (a fail: a longer run must tell whether it stays
    # there); anything else is growing.
    # The lag is bounded when CDCLatencyTarget never exceeded 2 batch intervals + 10 s, its second-half maximum
    # is at most its first-half maximum plus one batch interval, and the catch-up took at most that bound too.
    bound = 2 * args.batch_interval + 10
    rss_flat = slope2 <= args.max_rss_slope
    peaks_only = not rss_flat and floor4 - floor2 <= args.max_rss_slope
    stepped = (not rss_flat and not peaks_only and not math.isnan(slope_after)
               and slope_after <= args.max_rss_slope)
    lag_ok = (max(tgt) <= bound and max(tgt2) <= max(tgt1) + args.batch_interval
              and (args.catch_up is None or args.catch_up <= bound))
    rss_word = ("flat" if rss_flat else "flat floor with transient peaks" if peaks_only
                else "STEPPED UP to a new plateau" if stepped else "GROWING")
    print(f"verdict: RSS {rss_word} (second-half slope {slope2:+.2f} <= {args.max_rss_slope:g} MiB/10 min: "
          f"{'yes' if rss_flat else 'no'}; floor rise {floor4 - floor2:+.1f} <= {args.max_rss_slope:g} MiB: "
          f"{'yes' if floor4 - floor2 <= args.max_rss_slope else 'no'}); lag "
          f"{'bounded' if lag_ok else 'NOT BOUNDED'} (CDCLatencyTarget max {max(tgt):.1f} s <= {bound:g} s, "
          f"no rise from the first half to the second, catch-up <= {bound:g} s: {'yes' if lag_ok else 'no'})")
    return 0 if (rss_flat or peaks_only) and lag_ok else 3


def mean_spacing(rows):
    return (float(rows[-1]["time"]) - float(rows[0]["time"])) / max(1, len(rows) - 1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--pid", type=int, required=True)
    s.add_argument("--http", required=True)
    s.add_argument("--phase-file", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--interval", type=float, default=5.0)
    s.add_argument("--lag-out", required=True)
    s.add_argument("--lag-interval", type=float, default=1.0)
    s.add_argument("--dir", action="append", default=[], help="NAME=PATH, a directory whose size is sampled")
    w = sub.add_parser("wait-loaded")
    w.add_argument("--http", required=True)
    w.add_argument("--timeout", type=float, default=600)
    w.add_argument("--times", help="write the moments the load was committed and merged here (JSON)")
    c = sub.add_parser("wait-caught-up")
    c.add_argument("--http", required=True)
    c.add_argument("--timeout", type=float, default=300)
    m = sub.add_parser("summary")
    m.add_argument("--csv", required=True)
    m.add_argument("--lag-csv", required=True)
    m.add_argument("--sysbench", required=True)
    m.add_argument("--catch-up", type=float)
    m.add_argument("--batch-interval", type=float, default=10)
    m.add_argument("--max-rss-slope", type=float, default=5.0)
    args = p.parse_args()
    return {"sample": cmd_sample, "wait-loaded": cmd_wait_loaded, "wait-caught-up": cmd_wait_caught_up,
            "summary": cmd_summary}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
