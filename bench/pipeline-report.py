#!/usr/bin/env python3
"""Report of bench/pipeline-bench (python3 standard library; the PNG through headless Chromium).

  pipeline-report.py --results DIR              prints the summary (markdown) of the run in DIR
  pipeline-report.py --results DIR --plot PNG   draws lag and throughput over the run: an SVG (DIR/pipeline.svg)
                                                rendered to PNG by `chromium --headless --screenshot`

DIR holds what bench/pipeline-bench wrote: run.txt (key=value lines), samples.csv and lag.csv
(bench/soak-sampler.py sample), probe.csv (bench/pipeline-probe.py latency), sysbench.txt, validate.txt.
"""
import argparse
import csv
import html
import math
import os
import re
import subprocess
import sys


def load_run(path):
    """key=value lines; a line may hold several pairs ("rows=10 tables=2"), and a value may hold spaces."""
    run = {}
    for line in open(path):
        for pair in re.split(r"\s(?=\w+=)", line.rstrip("\n")):
            key, sep, value = pair.partition("=")
            if sep:
                run[key] = value
    return run


def num(x):
    try:
        v = float(x)
        return None if math.isnan(v) else v
    except (TypeError, ValueError):
        return None


def pct(values, q):
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(q * len(s)) - 1))]


def rows_of(path):
    try:
        return list(csv.DictReader(open(path)))
    except OSError:
        return []


def cpu(r):
    return num(r["cpu_user_s"]) + num(r["cpu_sys_s"])


def summary(d):
    run = load_run(os.path.join(d, "run.txt"))
    samples = [r for r in rows_of(os.path.join(d, "samples.csv")) if num(r.get("cpu_user_s")) is not None]
    lags = rows_of(os.path.join(d, "lag.csv"))
    probe = rows_of(os.path.join(d, "probe.csv"))
    f = lambda k: num(run.get(k))
    t_start, t_loaded, t_merged = f("t_start"), f("t_loaded"), f("t_merged")
    t_cdc, t_cdc_end, t_caught = f("t_cdc"), f("t_cdc_end"), f("t_caught_up")
    rows = f("full_load_rows") or f("rows")
    out = []
    p = out.append
    p(f"# Whole pipeline: {run.get('date_utc', '?')}")
    p("")
    p(f"- workload: {int(f('rows')):,} rows in {run.get('tables')} sysbench tables (full load), then "
      f"{run.get('duration')} s of oltp_write_only at {run.get('rate')} tps on {run.get('threads')} threads, a probe "
      f"row every {run.get('probe_every')} s")
    p(f"- lakefeed: CdcMaxBatchInterval {run.get('batch_interval')} s, full_load.readers {run.get('readers')}, "
      f"Parquet compression {run.get('parquet_compression')}, merge.compact_delete_files "
      f"{run.get('compact_delete_files')}; samples every {run.get('interval')} s")
    p(f"- binary: {run.get('lakefeed', '')} (sha256 {run.get('sha256', '')}, {run.get('version', '')}), "
      f"bench at {run.get('commit', '')}")
    p(f"- machine: {run.get('host', '')}; {run.get('mariadbd', '')}; {run.get('sysbench', '')}; moto {run.get('moto', '')}")
    p(f"- load average (1/5/15 min): at start {run.get('loadavg_at_start')}, at the CDC phase's start "
      f"{run.get('loadavg_at_cdc')}, at the end {run.get('loadavg_at_end')}")
    p("")
    p("| lakefeed (this run) | value |")
    p("|---|---|")
    if t_loaded:
        p(f"| full load, start of `lakefeed run` to LOAD files committed in S3 | {t_loaded - t_start:.1f} s, "
          f"**{rows / (t_loaded - t_start):,.0f} rows/s** ({rows:,.0f} rows) |")
        p(f"| full load, to the same rows merged into Iceberg | {t_merged - t_start:.1f} s, "
          f"{rows / (t_merged - t_start):,.0f} rows/s |")
    sb = open(os.path.join(d, "sysbench.txt")).read() if os.path.exists(os.path.join(d, "sysbench.txt")) else ""
    tps = re.search(r"transactions:\s+(\d+)\s+\(([\d.]+) per sec", sb)
    errs = re.search(r"ignored errors:\s+(\d+)", sb)
    if tps:
        p(f"| sysbench oltp_write_only | {int(tps.group(1)):,} transactions, {float(tps.group(2)):.1f} tps, "
          f"{errs.group(1) if errs else '?'} ignored errors |")
    window = [r for r in samples if r["phase"] in ("cdc", "drain", "validate")]
    before = [r for r in samples if r["phase"] == "full-load"]
    if window and before and t_cdc_end:
        a, b = before[-1], window[-1]
        for r in window:  # the first sample of the validate phase ends the window (validate reads, not lakefeed)
            if r["phase"] == "validate":
                b = r
                break
        src = num(b["cdc_rows_source"]) - (num(a["cdc_rows_source"]) or 0)
        tgt = num(b["cdc_rows_target"]) - (num(a["cdc_rows_target"]) or 0)
        secs = t_cdc_end - t_cdc
        cpu_s = cpu(b) - cpu(a)
        wall = float(b["time"]) - float(a["time"])
        p(f"| CDC: row changes captured / committed to change files | {src:,.0f} / {tgt:,.0f} "
          f"(**{tgt / secs:,.0f} rows/s** over the {secs:.0f} s of load) |")
        p(f"| lakefeed CPU from the CDC phase's start to its catch-up ({wall:.0f} s) | {cpu_s:.1f} s "
          f"({cpu_s / wall * 100:.1f}% of a core): **{cpu_s / src * 1e6:.1f} CPU s per million changes** |")
        merge_read = (num(b.get("merge_changes")) or 0) - (num(a.get("merge_changes")) or 0)
        p(f"| merge: changes read from change files in the same window | {merge_read:,.0f} "
          f"({merge_read / src:.1f} per change captured) |")
        rss_cdc = max(num(r["rss_kib"]) for r in window) / 1024
        hwm = max(num(r["hwm_kib"]) for r in samples) / 1024
        p(f"| peak RSS (VmHWM, whole run) / highest RSS in the CDC phase | **{hwm:.1f} MiB** / {rss_cdc:.1f} MiB |")
    for k, label in (("raw_latency_s", "commit -> raw Parquet file visible in S3 (probe rows)"),
                     ("merged_latency_s", "commit -> merged Iceberg snapshot of the probe table visible in S3 "
                                          "(the first table merged of each commit)"),
                     ("all_merged_latency_s", "commit -> every table's Iceberg snapshot past it (the ledger of the "
                                              "table merged last of each commit)")):
        v = [num(r.get(k)) for r in probe if num(r.get(k)) is not None]
        if v:
            p(f"| {label} | **p50 {pct(v, .5):.2f} s, p99 {pct(v, .99):.2f} s**, max {max(v):.2f} s "
              f"({len(v):,} rows) |")
    cdc_lags = [r for r in lags if r["phase"] == "cdc"]
    # The merge lag gauge keeps its value until the table's next merge: leave out the first two batch intervals of
    # the CDC phase, where some tables still show the full load's.
    settle = (t_cdc or 0) + 2 * (f("batch_interval") or 10)
    for k, label in (("cdc_latency_source_s", "CDCLatencySource gauge"),
                     ("cdc_latency_target_s", "CDCLatencyTarget gauge"),
                     ("merge_lag_max_s", "merge lag gauge (highest table; after the first two batch intervals)")):
        v = [num(r[k]) for r in cdc_lags if num(r.get(k)) is not None
             and (k != "merge_lag_max_s" or float(r["time"]) >= settle)]
        if v:
            p(f"| {label}, sampled about every second in the CDC phase | p50 {pct(v, .5):.2f} s, "
              f"p99 {pct(v, .99):.2f} s, max {max(v):.2f} s |")
    if window:
        last = window[-1]
        p(f"| Iceberg commits / compactions (whole run) | {num(last['merge_commits']) or 0:.0f} / "
          f"{num(last['merge_compactions']) or 0:.0f} |")
    if run.get("caught_up") == "0":
        p(f"| catch-up after sysbench stopped (lake at the binlog end, merge idle) | **not caught up after "
          f"{f('catch_up_s') or 0:.0f} s** |")
    else:
        p(f"| catch-up after sysbench stopped (lake at the binlog end, merge idle) | {f('catch_up_s') or 0:.1f} s |")
    validate = open(os.path.join(d, "validate.txt")).read().strip().splitlines() if os.path.exists(
        os.path.join(d, "validate.txt")) else []
    p(f"| `lakefeed validate` | exit {run.get('validate_exit', '?')}: {validate[-1] if validate else '?'} "
      f"({f('validate_s') or 0:.0f} s) |")
    p(f"| SIGTERM | exit {run.get('lakefeed_exit', '?')} after {run.get('stop_s', '?')} s; warnings and errors "
      f"in the log: {run.get('warnings', '?')} |")
    p("")

    # The peers, measured in the same run.
    p("| same run, same data | lakefeed | peer | lakefeed vs peer |")
    p("|---|---|---|---|")
    crow, cbytes = f("cdc_binlog_rows"), f("cdc_binlog_bytes")
    dump = f("peer_lakefeed_dump_s")
    if crow and dump:
        p(f"| decode the CDC phase's binlogs from the server ({run.get('cdc_binlogs', '')}: {cbytes / 1e6:.0f} MB, "
          f"{crow:,.0f} row changes), to /dev/null | `lakefeed binlog-dump`: {dump:.2f} s "
          f"({crow / dump:,.0f} rows/s) | | |")
        for k, name in (("peer_mariadb_binlog_s", "`mariadb-binlog -vv --read-from-remote-server`"),
                        ("peer_zongji_s", "zongji 0.5.1 (node)")):
            t = f(k)
            if t:
                p(f"| | | {name}: {t:.2f} s ({crow / t:,.0f} rows/s) | **{t / dump:.1f}x** |")
    sbt, my = f("sbtest_rows"), f("peer_mydumper_s")
    if sbt and my and t_loaded:
        lf = rows / (t_loaded - t_start)
        p(f"| full load of sbtest ({sbt:,.0f} rows) | `lakefeed run` to Parquet in S3 (moto): {lf:,.0f} rows/s | "
          f"mydumper 0.10, 2 threads, SQL files on local disk + sync: {my:.1f} s ({sbt / my:,.0f} rows/s) | "
          f"**{lf / (sbt / my):.2f}x** |")
        loc = f("local_full_load_s")
        if loc:
            p(f"| | `lakefeed run`, `start: full-load`, Parquet on local disk, {run.get('readers', '?')} "
              f"readers: {loc:.1f} s ({sbt / loc:,.0f} rows/s) | the same mydumper run | **{my / loc:.2f}x** |")
    cu = f("catchup_s")
    if cu and crow:
        t = (run.get("catchup_time") or "").split()
        extra = f", {float(t[1]) + float(t[2]):.1f} CPU s, max RSS {int(t[3]) / 1024:.0f} MiB" if len(t) == 4 else ""
        p(f"| catch-up: `lakefeed sync` of the CDC phase's binlogs into a fresh S3 prefix (Parquet, no merge) | "
          f"{cu:.1f} s, {crow / cu:,.0f} rows/s{extra} | | |")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------------------
# The plot: an SVG, rendered by Chromium.

W, LEFT, RIGHT, PANEL_H, GAP, TOP = 1200, 80, 215, 190, 46, 62
COLORS = {"full": "#1f77b4", "cdc": "#d62728", "merge": "#2ca02c", "src": "#9467bd", "tgt": "#ff7f0e",
          "mlag": "#2ca02c", "raw": "#17becf", "merged": "#8c564b", "all": "#e377c2", "cpu": "#d62728", "rss": "#1f77b4"}


def plot(d, png):
    run = load_run(os.path.join(d, "run.txt"))
    f = lambda k: num(run.get(k))
    t0 = f("t_start")
    samples = [r for r in rows_of(os.path.join(d, "samples.csv")) if num(r.get("cpu_user_s")) is not None]
    lags = rows_of(os.path.join(d, "lag.csv"))
    probe = rows_of(os.path.join(d, "probe.csv"))
    t_end = max(float(r["time"]) for r in samples) - t0
    x_max = t_end * 1.01
    plot_w = W - LEFT - RIGHT
    X = lambda t: LEFT + plot_w * t / x_max
    svg = []
    a = svg.append
    panels = 4
    height = TOP + panels * (PANEL_H + GAP) + 10
    a(f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" font-family="DejaVu Sans, sans-serif" '
      f'font-size="12" shape-rendering="crispEdges"><rect width="{W}" height="{height}" fill="white"/>')
    title = (f"lakefeed, whole pipeline (bench/pipeline-bench, {run.get('date_utc', '')[:10]}): MariaDB -> "
             f"Parquet change files in S3 (moto) -> Iceberg")
    sub = (f"full load of {int(f('rows') or 0):,} rows ({run.get('tables')} tables), then sysbench oltp_write_only at "
           f"{run.get('rate', '?')} tps for {run.get('duration', '?')} s; CdcMaxBatchInterval "
           f"{run.get('batch_interval')} s; 2 cores shared by MariaDB, moto, sysbench and lakefeed")
    a(f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{html.escape(title)}</text>')
    a(f'<text x="{LEFT}" y="42" font-size="12">{html.escape(sub)}</text>')

    # Rates over a trailing window of two batch intervals (at least 2 samples): change files are committed once per
    # interval, so a shorter window shows the flushes, not the throughput.
    window = max(2 * (num(run.get("interval")) or 2), 2 * (num(run.get("batch_interval")) or 10))

    def deltas(key):
        pts = []
        j = 0
        for i, r2 in enumerate(samples):
            t2 = float(r2["time"])
            while j < i and t2 - float(samples[j]["time"]) > window + 0.5:
                j += 1
            if j >= i:
                continue
            r1 = samples[j]
            v1, v2 = num(r1.get(key)), num(r2.get(key))
            dt = t2 - float(r1["time"])
            if v1 is not None and v2 is not None and dt > 0:
                pts.append((t2 - t0, max(0.0, (v2 - v1) / dt)))
        return pts

    phases = [("full load", f("t_start"), f("t_loaded"), "#dbe9f6"), ("merge of the load", f("t_loaded"),
              f("t_merged"), "#e3f3e0"), ("CDC (sysbench)", f("t_cdc"), f("t_cdc_end"), "#fbe3e3"),
              ("catch-up", f("t_cdc_end"), f("t_caught_up"), "#eeeeee")]

    def panel(i, title, series, y_max, log=False, unit="", y_min=None, dots=()):
        top = TOP + i * (PANEL_H + GAP) + 20
        bottom = top + PANEL_H
        lo = y_min if y_min is not None else (1 if log else 0)
        if log:
            Y = lambda v: bottom - PANEL_H * (math.log10(max(v, lo)) - math.log10(lo)) / (
                math.log10(y_max) - math.log10(lo))
        else:
            Y = lambda v: bottom - PANEL_H * (min(v, y_max) - lo) / (y_max - lo)
        for name, s, e, color in phases:
            if s and e and e > s:
                a(f'<rect x="{X(s - t0):.1f}" y="{top}" width="{X(e - t0) - X(s - t0):.1f}" height="{PANEL_H}" '
                  f'fill="{color}"/>')
                if i == 0:
                    a(f'<text x="{X(s - t0) + 3:.1f}" y="{top + 13}" font-size="11" fill="#555">'
                      f'{html.escape(name)}</text>')
        a(f'<text x="{LEFT}" y="{top - 6}" font-weight="bold">{html.escape(title)}</text>')
        # y grid and labels
        if log:
            ticks = [10 ** k for k in range(round(math.log10(lo)), round(math.log10(y_max)) + 1)]
        else:
            step = nice_step(y_max - lo)
            ticks = [lo + k * step for k in range(int((y_max - lo) / step) + 1)]
        for t in ticks:
            y = Y(t)
            a(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.6"/>')
            a(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{fmt_tick(t)}{unit}</text>')
        a(f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{PANEL_H}" fill="none" stroke="#444"/>')
        for k in range(0, int(x_max) + 1, nice_step(x_max, 12)):
            a(f'<line x1="{X(k):.1f}" x2="{X(k):.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="#444"/>')
            a(f'<text x="{X(k):.1f}" y="{bottom + 16}" text-anchor="middle">{k}</text>')
        legend_y = top + 12
        for name, pts, color in dots:
            for x, y in pts:
                a(f'<circle cx="{X(x):.1f}" cy="{Y(y):.1f}" r="1.3" fill="{color}" fill-opacity="0.55"/>')
        for name, pts, color in series:
            if pts:
                a(f'<polyline fill="none" stroke="{color}" stroke-width="1.3" points="' +
                  " ".join(f"{X(x):.1f},{Y(y):.1f}" for x, y in pts) + '"/>')
        for name, pts, color in list(series) + list(dots):
            a(f'<rect x="{LEFT + plot_w + 10}" y="{legend_y - 9}" width="12" height="10" fill="{color}"/>')
            a(f'<text x="{LEFT + plot_w + 26}" y="{legend_y}" font-size="11">{html.escape(name)}</text>')
            legend_y += 16
        if i == panels - 1:
            a(f'<text x="{LEFT + plot_w / 2}" y="{bottom + 32}" text-anchor="middle">seconds since '
              f'`lakefeed run` started</text>')

    full = deltas("full_load_rows_target")
    cdc_src = deltas("cdc_rows_source")
    cdc = deltas("cdc_rows_target")
    merge = deltas("merge_changes")
    tp_max = max([y for _, y in full + cdc + merge + cdc_src] + [10])
    panel(0, f"throughput (rows/s, log scale): lakefeed's counters, sampled every {run.get('interval', '?')} s, "
          f"rate over the last {window:g} s",
          [("full load: rows committed", full, COLORS["full"]), ("CDC: rows captured", cdc_src, COLORS["src"]),
           ("CDC: rows committed", cdc, COLORS["cdc"]), ("merge: changes read", merge, COLORS["merge"])],
          10 ** math.ceil(math.log10(tp_max)), log=True, y_min=10)

    def lag_series(key):
        return [(float(r["time"]) - t0, num(r[key])) for r in lags
                if r["phase"] in ("cdc", "drain") and num(r.get(key)) is not None]
    src, tgt = lag_series("cdc_latency_source_s"), lag_series("cdc_latency_target_s")
    cdc_lags = [r for r in lags if r["phase"] in ("cdc", "drain")]
    settle = (f("t_cdc") or 0) + 2 * (f("batch_interval") or 10)  # as in the summary
    mlag = [(float(r["time"]) - t0, num(r["merge_lag_max_s"])) for r in cdc_lags
            if num(r.get("merge_lag_max_s")) is not None and float(r["time"]) >= settle]
    step = max(1, len(probe) // 1500)  # at most about 1,500 dots per series (keeps the PNG small)
    raw = [(num(r["committed"]) - t0, num(r["raw_latency_s"])) for r in probe[::step]
           if num(r["raw_latency_s"]) is not None]
    merged = [(num(r["committed"]) - t0, num(r["merged_latency_s"])) for r in probe[::step]
              if num(r["merged_latency_s"]) is not None]
    merged_all = [(num(r["committed"]) - t0, num(r.get("all_merged_latency_s"))) for r in probe[::step]
                  if num(r.get("all_merged_latency_s")) is not None]
    lag_max = max([y for _, y in src + tgt + mlag + raw + merged + merged_all] + [1])
    panel(1, "lag in the CDC phase (s, log scale): gauges of /metrics, about every second; probe rows (dots) at "
          "their commit time",
          [("CDCLatencySource", src, COLORS["src"]), ("CDCLatencyTarget", tgt, COLORS["tgt"]),
           ("merge lag gauge (highest table)", mlag, COLORS["mlag"])], 10 ** math.ceil(math.log10(lag_max)),
          unit=" s", log=True, y_min=0.1,
          dots=[("probe: commit -> raw file", raw, COLORS["raw"]),
                ("probe: commit -> merged", merged, COLORS["merged"]),
                ("probe: -> every table merged", merged_all, COLORS["all"])])
    cpu_pts = []
    for r1, r2 in zip(samples, samples[1:]):
        dt = float(r2["time"]) - float(r1["time"])
        if dt > 0:
            cpu_pts.append(((float(r1["time"]) + float(r2["time"])) / 2 - t0, (cpu(r2) - cpu(r1)) / dt * 100))
    panel(2, "lakefeed CPU (% of one core; the machine has 2)", [("lakefeed CPU", cpu_pts, COLORS["cpu"])],
          nice_ceil(max([y for _, y in cpu_pts] + [10])), unit="%")
    rss = [(float(r["time"]) - t0, num(r["rss_kib"]) / 1024) for r in samples]
    panel(3, "lakefeed RSS (MiB)", [("RSS", rss, COLORS["rss"])], nice_ceil(max(y for _, y in rss)), unit="")
    a("</svg>")
    svg_path = os.path.join(d, "pipeline.svg")
    open(svg_path, "w").write("\n".join(svg))
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={W},{height}", f"--screenshot={os.path.abspath(png)}",
                    "file://" + os.path.abspath(svg_path)], check=True, capture_output=True, timeout=120)
    print(f"plot: {png}")


def nice_step(span, n=5):
    raw = span / n
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return max(1, int(m * mag)) if m * mag >= 1 else m * mag
    return int(10 * mag)


def nice_ceil(v):
    if v <= 0:
        return 1
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * mag >= v:
            return m * mag
    return 10 * mag


def fmt_tick(t):
    if t >= 1e6:
        return f"{t / 1e6:g}M"
    if t >= 1e3:
        return f"{t / 1e3:g}k"
    return f"{t:g}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--results", required=True)
    p.add_argument("--plot")
    args = p.parse_args()
    if args.plot:
        plot(args.results, args.plot)
    else:
        print(summary(args.results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
