#!/usr/bin/env python3
"""Writes the seed corpus of the event_fuzz target (src/binlog/event_fuzz.cc) from the recorded binlogs.

Usage: make_event_seeds.py [TESTDATA_BINLOG_DIR] [OUTPUT_DIR]
Defaults: ../shared/testdata/binlog next to the repository, build/fuzz-seeds/event.

For every binlog it writes (see event_fuzz.cc for the input format):
  - the whole file in "file" mode, and copies cut at a few offsets inside events (truncated files);
  - "events" mode inputs: the file's events after the FDE as length-prefixed records, with the flags
    that match the file (CRC32 or not; event_size/CRC fixing on), one input per transaction-sized run.
Only generated files go to OUTPUT_DIR; nothing is committed.
"""
import gzip
import os
import struct
import sys

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(repo, "..", "shared", "testdata", "binlog")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "build", "fuzz-seeds", "event")
os.makedirs(out, exist_ok=True)

MAX_SEED = 256 * 1024  # keep seeds small; the Sakila file is cut to its first events


def binlogs():
    for sub in ("mysql", "mariadb"):
        folder = os.path.join(src, sub)
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if name.endswith((".txt", ".md")) or ".mariadb-binlog." in name:
                continue
            data = gzip.open(path).read() if name.endswith(".gz") else open(path, "rb").read()
            yield name, data


def events(data):
    pos = 4
    while pos + 19 <= len(data):
        size = struct.unpack_from("<I", data, pos + 9)[0]
        if size < 19 or pos + size > len(data):
            break
        yield pos, data[pos:pos + size]
        pos += size


def write(name, payload):
    with open(os.path.join(out, name), "wb") as f:
        f.write(payload)


count = 0
for name, data in binlogs():
    evs = list(events(data))
    if not evs:
        continue
    # Whole file (cut at an event boundary if too big).
    end = 4
    for pos, ev in evs:
        if pos + len(ev) > MAX_SEED:
            break
        end = pos + len(ev)
    whole = data[:end]
    write(f"{name}.file", b"\x00" + whole)
    count += 1
    # Truncated inside the second, middle and last events.
    for idx in sorted({1, len(evs) // 2, len(evs) - 1}):
        pos, ev = evs[idx]
        if pos + len(ev) > end:
            continue
        for cut in (pos + 10, pos + len(ev) // 2, pos + len(ev) - 1):
            write(f"{name}.cut{cut}", b"\x00" + data[:cut])
            count += 1
    # Events mode: the FDE tells whether events carry a CRC32.
    fde = evs[0][1]
    version = fde[19 + 2:19 + 52].split(b"\0")[0].decode("latin1")
    crc = False
    major_minor = [int(x) if x.isdigit() else 0 for x in version.split("-")[0].split(".")[:3]] + [0, 0, 0]
    has_alg = tuple(major_minor[:3]) >= ((5, 3, 0) if "MariaDB" in version else (5, 6, 1))
    if has_alg:
        crc = fde[-5] == 1
    flags = (1 if crc else 0) | 2 | (4 if "MariaDB" in version else 0)
    run, run_bytes, run_idx = [], 0, 0
    for pos, ev in evs[1:]:
        run.append(ev)
        run_bytes += len(ev)
        if ev[4] in (16, 2) and len(run) > 1 or run_bytes > 16 * 1024 or len(run) >= 12:
            write(f"{name}.events{run_idx}",
                  bytes([1, flags]) + b"".join(struct.pack("<H", len(e)) + e for e in run if len(e) < 65536))
            count += 1
            run, run_bytes, run_idx = [], 0, run_idx + 1
            if run_idx >= 40:
                break
    if run:
        write(f"{name}.events{run_idx}",
              bytes([1, flags]) + b"".join(struct.pack("<H", len(e)) + e for e in run if len(e) < 65536))
        count += 1

print(f"wrote {count} seeds to {out}")
