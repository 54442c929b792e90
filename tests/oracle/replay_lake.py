#!/usr/bin/env python3
"""Replay oracle for a lakefeed lake: rebuilds the source tables from the change files and the schema history.

Independent of lakefeed's C++ code on purpose (Python standard library only), so that a bug in the writer cannot
hide itself by being shared with the checker. What it reads (docs/architecture.md, src/lake/lake_writer.h):

  <lake>/<schema>/<table>/<yyyymmdd-hhmmssfff>.csv[.gz]   change files, DMS CSV dialect: Op (I/U/D) first, an
                                                          optional timestamp column, the table's columns, then the
                                                          ordering columns _lakefeed_seq and _lakefeed_commit_us
  <lake>/<schema>/<table>/LOAD<8 hex digits>.csv[.gz]     full-load files: the same without Op (unless
                                                          --include-op-for-full-load), every row an insert
  <lake>/_lakefeed/schema/<seq>-<index>.json             schema history records (capture/schema_tracker.cc), each
                                                          with a seq and an index within the seq
  <lake>/_lakefeed/checkpoints/*.json                     checkpoints; the latest one's next_seq bounds what is
                                                          committed
  <lake>/_lakefeed/staging/...                            uncommitted uploads (counted, never read)
  <lake>/.lakefeed-tmp/                                   the file store's temp files (skipped)

Every row change and every schema record is put in one order by seq and applied per primary key (a table
without one is a multiset of rows: I adds a row, D removes one equal to the before image, U cannot be applied):
  I  the key must be absent; the row is stored
  U  the key must be present; the row (the after image) replaces it
  D  the key must be present and the stored row must equal the before image; the row is removed
  create / snapshot  the table exists from here with this definition (a snapshot of a known table re-maps its
                     columns like an alter);
  reload             the table exists from here with this definition and no rows: the full-load rows that
                     follow (lakefeed reload) replace its rows; a definition of null (with "failure") is a table whose schema the
                     capture could not know: a row for it is an error
  alter              columns are carried over by name (added columns are NULL in existing rows; a column rename
                     keeps the count, so then columns are carried over by position)
  rename             the table's rows move to the new name
  truncate           the table is emptied
  drop               the table is gone
  drop_database      every table of the schema is gone; database (a default collation) changes nothing
Records of one seq apply in index order, before the row change of that seq (a snapshot is recorded at the seq of
the change it precedes).

Checks, each reported as an error (exit status 1):
  - within a table folder, seq strictly increases over the change files in name order and the rows within a
    file, and over the full-load files in name order;
  - no seq appears twice in the lake (a row change twice, or a row change sharing a DDL's seq);
  - a file's columns are the table's columns at that seq, its Op is I/U/D, its seq is an integer;
  - a committed row change has seq below the latest checkpoint's next_seq;
  - the I/U/D rules above; a row for a table with no known definition or no primary key.
With --reader-view (the lake as a reader sees it at any moment, e.g. right after a kill -9), when the latest
checkpoint names files that are not yet published, the I/U/D rules are not applied as checks: until recovery
finishes the publish, a later file of that checkpoint may be visible before an earlier one.

Output (stdout, or --output FILE): canonical JSON, keys sorted, rows sorted by primary key (as text):
  {"errors": [...], "stats": {...},
   "tables": {"db.t": {"columns": [...], "primary_key": [...], "rows": [[text or null, ...], ...]}}}
Values stay in lakefeed's text form (docs/value-text.md); NULL (the CsvNullValue text) becomes null.
"""

import argparse
import csv
import gzip
import io
import json
import os
import re
import sys

CHANGE_FILE_RE = re.compile(r"^\d{8}-\d{9}\.csv(\.gz)?$")
LOAD_FILE_RE = re.compile(r"^LOAD[0-9A-F]{8}\.csv(\.gz)?$")
MAX_ERRORS = 200
csv.field_size_limit(sys.maxsize)  # a LONGBLOB is one field of up to 8 GB of hex


class Replay:
    def __init__(self, args):
        self.args = args
        self.errors = []
        self.error_count = 0
        self.stats = {"files": 0, "rows": 0, "load_files": 0, "load_rows": 0, "schema_records": 0, "ignored_schema_records": 0,
                      "staging_files": 0, "checkpoints": 0, "next_seq": None, "max_seq": 0,
                      "publish_complete": True, "suppressed_errors": 0}
        self.applying = False
        self.suppress_apply_errors = False
        # (schema, table) -> {"columns": [...], "primary_key": [...], "rows": {key tuple: [values]}}
        self.tables = {}
        self.keys = {}  # "schema.table" -> key columns, for tables without a primary key (--key)
        for spec in args.key:
            table, _, columns = spec.partition("=")
            self.keys[table] = columns.split(",")

    def error(self, message):
        if self.applying and self.suppress_apply_errors:
            self.stats["suppressed_errors"] += 1
            return
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)

    # ------------------------------------------------------------------------------------------ reading

    def read_checkpoints(self):
        folder = os.path.join(self.args.lake, "_lakefeed", "checkpoints")
        if not os.path.isdir(folder):
            return
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
        self.stats["checkpoints"] = len(names)
        if not names:
            return
        latest = os.path.join(folder, names[-1])
        try:
            with open(latest, encoding="utf-8") as f:
                checkpoint = json.load(f)
            self.stats["next_seq"] = int(checkpoint["next_seq"])
            files = checkpoint.get("files", [])
            missing = [f["key"] for f in files if not os.path.isfile(os.path.join(self.args.lake, f["key"]))]
        except (OSError, ValueError, KeyError, TypeError) as e:
            self.error(f"checkpoint {latest}: cannot read next_seq and files: {e}")
            return
        if missing:
            # Killed between the commit and the end of its publish: the next start finishes it (recovery).
            self.stats["publish_complete"] = False
            self.suppress_apply_errors = self.args.reader_view

    def count_staging(self):
        folder = os.path.join(self.args.lake, "_lakefeed", "staging")
        count = 0
        for _, _, files in os.walk(folder):
            count += len(files)
        self.stats["staging_files"] = count

    def read_schema_records(self):
        """Returns [(seq, (index, order), record, where)]: records of one seq apply by their index, then in
        file-name order (several records of one file keep theirs)."""
        folder = os.path.join(self.args.lake, "_lakefeed", "schema")
        records = []
        if not os.path.isdir(folder):
            return records
        order = 0
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".json"):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                self.error(f"schema record {path}: {e}")
                continue
            try:
                parsed = [json.loads(text)]
            except ValueError:
                # JSON lines: one record per line.
                try:
                    parsed = [json.loads(line) for line in text.splitlines() if line.strip()]
                except ValueError as e:
                    self.error(f"schema record {path}: not JSON: {e}")
                    continue
            if len(parsed) == 1 and isinstance(parsed[0], list):
                parsed = parsed[0]
            for record in parsed:
                if not isinstance(record, dict) or "seq" not in record or "kind" not in record:
                    self.error(f"schema record {path}: not an object with kind and seq: {str(record)[:200]}")
                    continue
                try:
                    seq = int(record["seq"])
                except (TypeError, ValueError):
                    self.error(f"schema record {path}: seq {record['seq']!r} is not an integer")
                    continue
                index = record.get("index", 0)
                if not isinstance(index, int) or isinstance(index, bool) or index < 0:
                    self.error(f"schema record {path}: index {index!r} is not an unsigned integer")
                    continue
                records.append((seq, (index, order), record, f"{path}"))
                order += 1
        return records

    def open_text(self, path):
        if path.endswith(".gz"):
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
        return open(path, encoding="utf-8", newline="")

    def read_change_files(self):
        """Returns [(seq, order, row)] for every row of every change file; checks the per-folder order."""
        rows = []
        lake = self.args.lake
        order = 0
        for schema in sorted(os.listdir(lake)):
            schema_dir = os.path.join(lake, schema)
            # .lakefeed-tmp/: the file store's temp files (src/store/local_store.h), never listed as objects.
            if schema in ("_lakefeed", ".lakefeed-tmp") or not os.path.isdir(schema_dir):
                continue
            for table in sorted(os.listdir(schema_dir)):
                table_dir = os.path.join(schema_dir, table)
                if not os.path.isdir(table_dir):
                    self.error(f"{table_dir}: a file where a table folder was expected")
                    continue
                files = []
                for root, _, names in os.walk(table_dir):
                    for name in names:
                        files.append(os.path.relpath(os.path.join(root, name), table_dir))
                files.sort()
                last = {True: (None, None), False: (None, None)}  # per kind (full load or not): seq, where
                for relative in files:
                    path = os.path.join(table_dir, relative)
                    load = LOAD_FILE_RE.match(os.path.basename(relative)) is not None
                    if not load and not CHANGE_FILE_RE.match(os.path.basename(relative)):
                        self.error(f"{path}: not a change file name (yyyymmdd-hhmmssfff.csv[.gz] or "
                                   f"LOADXXXXXXXX.csv[.gz])")
                        continue
                    self.stats["load_files" if load else "files"] += 1
                    for row in self.read_one_file(path, schema, table, load):
                        last_seq, last_where = last[load]
                        if last_seq is not None and row["seq"] <= last_seq:
                            self.error(f"{row['where']}: seq {row['seq']} does not increase within "
                                       f"{schema}/{table} (previous {last_seq} at {last_where})")
                        last[load] = (row["seq"], row["where"])
                        rows.append((row["seq"], order, row))
                        order += 1
        return rows

    def read_one_file(self, path, schema, table, load):
        a = self.args
        has_op = not load or a.include_op_for_full_load
        quoting = csv.QUOTE_MINIMAL if a.rfc4180 else csv.QUOTE_NONE
        try:
            with self.open_text(path) as f:
                reader = csv.reader(f, delimiter=a.delimiter, quotechar='"', doublequote=True,
                                    quoting=quoting, strict=True)
                records = list(reader)
        except (OSError, csv.Error, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as e:
            self.error(f"{path}: cannot read: {e}")
            return []
        if not records:
            self.error(f"{path}: empty change file")
            return []
        header = None
        first = 0
        looks_like_header = (records[0] and records[0][0] == "Op") if has_op else \
            records[0][-2:] == [a.seq_column, a.commit_time_column]
        if looks_like_header and a.header != "no":
            header = records[0]
            first = 1
        elif a.header == "yes":
            self.error(f"{path}: no header row (expected one starting with Op)")
            return []
        if header is not None:
            if len(header) < 3 or header[-2] != a.seq_column or header[-1] != a.commit_time_column:
                self.error(f"{path}: header {header} does not end with {a.seq_column},{a.commit_time_column}")
                return []
            skip = int(has_op) + (1 if a.timestamp_column else 0)
            if a.timestamp_column and header[skip - 1] != a.timestamp_column:
                self.error(f"{path}: header column {skip} is {header[skip - 1]!r}, expected {a.timestamp_column!r}")
                return []
            columns = header[skip:-2]
        else:
            columns = None  # from the definition at apply time
        out = []
        for index in range(first, len(records)):
            record = records[index]
            where = f"{path}:{index + 1}"
            if header is not None and len(record) != len(header):
                self.error(f"{where}: {len(record)} fields, the header has {len(header)}")
                continue
            if len(record) < 3:
                self.error(f"{where}: {len(record)} fields")
                continue
            op = record[0] if has_op else "I"
            if op not in (("I",) if load else ("I", "U", "D")):
                self.error(f"{where}: Op {op!r} is not {'I' if load else 'I, U or D'}")
                continue
            try:
                seq = int(record[-2])
                int(record[-1])
            except ValueError:
                self.error(f"{where}: ordering columns {record[-2]!r},{record[-1]!r} are not integers")
                continue
            skip = int(has_op) + (1 if a.timestamp_column else 0)
            values = [None if v == a.null_value else v for v in record[skip:-2]]
            out.append({"op": op, "seq": seq, "schema": schema, "table": table, "columns": columns,
                        "values": values, "where": where})
        self.stats["load_rows" if load else "rows"] += len(out)
        return out

    # ----------------------------------------------------------------------------------------- applying

    def parse_definition(self, record, where):
        """(columns, primary_key names) of a record's definition; None (with an error) when unusable."""
        definition = record.get("definition")
        if definition is None and "failure" in record:
            return None, []  # the capture could not know this table's schema (the record says why)
        if not isinstance(definition, dict):
            self.error(f"{where}: {record.get('kind')} record without a definition object")
            return None
        raw_columns = definition.get("columns")
        if not isinstance(raw_columns, list) or not raw_columns:
            self.error(f"{where}: definition without columns")
            return None
        columns = []
        flagged = []
        for column in raw_columns:
            if isinstance(column, str):
                columns.append(column)
            elif isinstance(column, dict) and isinstance(column.get("name"), str):
                columns.append(column["name"])
                if column.get("pk") is True or column.get("in_primary_key") is True:
                    flagged.append(column["name"])
            else:
                self.error(f"{where}: definition column {column!r} has no name")
                return None
        key = definition.get("primary_key")
        if isinstance(key, list) and key:
            names = []
            for part in key:
                if isinstance(part, int) and not isinstance(part, bool) and 0 <= part < len(columns):
                    names.append(columns[part])
                elif isinstance(part, str) and part in columns:
                    names.append(part)
                else:
                    self.error(f"{where}: primary key part {part!r} names no column of {columns}")
                    return None
            return columns, names
        override = self.keys.get(f"{record.get('schema')}.{record.get('table')}", [])
        if not flagged and override and all(c in columns for c in override):
            return columns, list(override)
        return columns, flagged

    def remap(self, state, columns, where):
        """Carries a table's rows over to a new column list (alter / snapshot of a known table)."""
        old = state["columns"]
        if old == columns:
            return True
        if old is None or columns is None:
            if state["rows"] and columns is None:
                self.error(f"{where}: the table's definition became unknown with rows in it")
            state["rows"] = {}
            state["columns"] = columns
            if columns is None:
                state["failure"] = f"no definition from {where}"
            else:
                state.pop("failure", None)
            return True
        if all(c in columns for c in old) or all(c in old for c in columns):
            positions = [old.index(c) if c in old else None for c in columns]
        elif len(old) == len(columns):
            positions = list(range(len(columns)))  # a column rename keeps the count
        else:
            self.error(f"{where}: cannot carry columns {old} over to {columns}")
            return False
        state["rows"] = {k: [row[p] if p is not None else None for p in positions]
                         for k, row in state["rows"].items()}
        state["columns"] = list(columns)
        return True

    def apply_record(self, record, where):
        kind = record["kind"]
        name = (record.get("schema"), record.get("table"))
        state = self.tables.get(name)
        if kind == "database":
            return  # a database's default collation: nothing for the rows
        if kind == "drop_database":
            for table_name in [n for n in self.tables if n[0] == name[0]]:
                del self.tables[table_name]
            return
        if kind == "reload":  # lakefeed reload: the full-load rows that follow replace the table's rows
            parsed = self.parse_definition(record, where)
            if parsed is None:
                return
            columns, key = parsed
            self.tables[name] = {"columns": columns, "primary_key": key, "rows": {}}
            return
        if kind in ("create", "snapshot"):
            parsed = self.parse_definition(record, where)
            if parsed is None:
                return
            columns, key = parsed
            if state is not None and kind == "snapshot":
                if self.remap(state, columns, where):
                    state["primary_key"] = key
                return
            self.tables[name] = {"columns": columns, "primary_key": key, "rows": {}}
            if columns is None:
                self.tables[name]["failure"] = record.get("failure")
        elif kind == "alter":
            if state is None:
                self.error(f"{where}: alter of unknown table {name[0]}.{name[1]}")
                return
            parsed = self.parse_definition(record, where)
            if parsed is None:
                return
            columns, key = parsed
            if self.remap(state, columns, where):
                if columns is not None and key != state["primary_key"] and state["rows"]:
                    state["rows"] = self.rekey(state["rows"], columns, key, where)
                state["primary_key"] = key
        elif kind == "rename":
            new_name = (record.get("new_schema") or name[0], record.get("new_table"))
            if state is None:
                self.error(f"{where}: rename of unknown table {name[0]}.{name[1]}")
                return
            if not new_name[1]:
                self.error(f"{where}: rename without new_table")
                return
            if new_name in self.tables and new_name != name:
                self.error(f"{where}: rename to existing table {new_name[0]}.{new_name[1]}")
            del self.tables[name]
            self.tables[new_name] = state
            if isinstance(record.get("definition"), dict):
                parsed = self.parse_definition(record, where)
                if parsed is not None and self.remap(state, parsed[0], where):
                    state["primary_key"] = parsed[1]
        elif kind == "truncate":
            if state is None:
                self.error(f"{where}: truncate of unknown table {name[0]}.{name[1]}")
                return
            state["rows"] = {}
        elif kind == "drop":
            if state is None:
                self.error(f"{where}: drop of unknown table {name[0]}.{name[1]}")
                return
            del self.tables[name]
        else:
            self.error(f"{where}: unknown schema record kind {kind!r}")

    def rekey(self, rows, columns, key, where):
        positions = [columns.index(c) for c in key]
        out = {}
        for row in rows.values():
            k = tuple(row[p] for p in positions)
            if k in out:
                self.error(f"{where}: new primary key {key} is not unique in the replayed rows")
            out[k] = row
        return out

    def apply_row(self, row):
        where = row["where"]
        name = (row["schema"], row["table"])
        state = self.tables.get(name)
        if state is None:
            self.error(f"{where}: seq {row['seq']}: row for {name[0]}.{name[1]}, which has no definition at "
                       f"this seq")
            return
        if state["columns"] is None:
            self.error(f"{where}: seq {row['seq']}: row for {name[0]}.{name[1]}, whose schema the capture could "
                       f"not know ({state.get('failure')})")
            return
        columns = row["columns"] if row["columns"] is not None else state["columns"]
        if columns != state["columns"]:
            self.error(f"{where}: seq {row['seq']}: columns {columns} differ from the definition "
                       f"{state['columns']} at this seq")
            return
        if len(row["values"]) != len(columns):
            self.error(f"{where}: {len(row['values'])} values for {len(columns)} columns")
            return
        if not state["primary_key"]:
            self.apply_keyless(state, row, name)
            return
        key = tuple(row["values"][columns.index(c)] for c in state["primary_key"])
        present = state["rows"].get(key)
        op = row["op"]
        shown = f"{name[0]}.{name[1]} key {list(key)}"
        if op == "I":
            if present is not None:
                self.error(f"{where}: seq {row['seq']}: insert of {shown}, which exists (a change twice?)")
            state["rows"][key] = row["values"]
        elif op == "U":
            if present is None:
                self.error(f"{where}: seq {row['seq']}: update of {shown}, which does not exist")
            state["rows"][key] = row["values"]
        else:
            if present is None:
                self.error(f"{where}: seq {row['seq']}: delete of {shown}, which does not exist")
                return
            if present != row["values"]:
                diffs = [f"{c}: replayed {a!r}, before image {b!r}"
                         for c, a, b in zip(columns, present, row["values"]) if a != b]
                self.error(f"{where}: seq {row['seq']}: delete of {shown}: before image differs: "
                           + "; ".join(diffs))
            del state["rows"][key]

    def apply_keyless(self, state, row, name):
        """A table without a primary key holds a multiset: the key of a row is its values plus the number of
        equal rows before it ("#1", "#2", ...)."""
        where, values = row["where"], row["values"]
        equal = sorted(k for k in state["rows"] if list(k[:-1]) == values)
        if row["op"] == "I":
            state["rows"][tuple(values) + (f"#{len(equal) + 1}",)] = values
        elif row["op"] == "D":
            if not equal:
                self.error(f"{where}: seq {row['seq']}: delete from {name[0]}.{name[1]} (no primary key) of a row "
                           f"that is not there: {values}")
                return
            del state["rows"][tuple(values) + (f"#{len(equal)}",)]
        else:
            self.error(f"{where}: seq {row['seq']}: update of {name[0]}.{name[1]}, which has no primary key: "
                       f"the after image alone does not say which row changed")

    # ------------------------------------------------------------------------------------------- driver

    def run(self):
        self.read_checkpoints()
        self.count_staging()
        records = self.read_schema_records()
        rows = self.read_change_files()
        next_seq = self.stats["next_seq"]

        kept_records = []
        ddl_seqs = {}
        for seq, order, record, where in records:
            if next_seq is not None and seq >= next_seq:
                self.stats["ignored_schema_records"] += 1  # written before a checkpoint that never came
                continue
            kept_records.append((seq, order, record, where))
            if record["kind"] != "snapshot":
                ddl_seqs.setdefault(seq, where)
        self.stats["schema_records"] = len(kept_records)

        seen = {}
        for seq, _, row in rows:
            if seq in seen:
                self.error(f"{row['where']}: seq {seq} appears twice (also at {seen[seq]})")
            else:
                seen[seq] = row["where"]
            if seq in ddl_seqs:
                self.error(f"{row['where']}: seq {seq} is also the seq of schema record {ddl_seqs[seq]}")
            if next_seq is not None and seq >= next_seq:
                self.error(f"{row['where']}: seq {seq} is not below the latest checkpoint's next_seq {next_seq}")
            elif next_seq is None:
                self.error(f"{row['where']}: a change file but no checkpoint")
            self.stats["max_seq"] = max(self.stats["max_seq"], seq)

        # Schema records before rows of the same seq: a snapshot takes the seq of the change it precedes.
        events = [(seq, 0, order, "record", (record, where)) for seq, order, record, where in kept_records]
        events += [(seq, 1, order, "row", row) for seq, order, row in rows]
        events.sort(key=lambda e: (e[0], e[1], e[2]))
        self.applying = True
        for _, _, _, kind, payload in events:
            if kind == "record":
                self.apply_record(*payload)
            else:
                self.apply_row(payload)
        self.applying = False

        if self.error_count > len(self.errors):
            self.errors.append(f"... and {self.error_count - len(self.errors)} more errors")
        tables = {}
        for (schema, table), state in self.tables.items():
            tables[f"{schema}.{table}"] = {
                "columns": state["columns"] or [],
                "primary_key": state["primary_key"],
                **({"failure": str(state.get("failure"))} if state["columns"] is None else {}),
                "rows": [state["rows"][k] for k in sorted(state["rows"], key=sort_key)],
            }
        return {"errors": self.errors, "stats": self.stats, "tables": tables}


def sort_key(key):
    # NULL never occurs in a primary key; sort it first anyway rather than fail.
    return tuple((0, "") if v is None else (1, v) for v in key)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("lake", help="the lake directory (the path of a file:// target url)")
    parser.add_argument("--output", help="write the JSON here instead of stdout")
    parser.add_argument("--null-value", default="NULL", help="CsvNullValue (default NULL)")
    parser.add_argument("--delimiter", default=",", help="CsvDelimiter (default ,)")
    parser.add_argument("--no-rfc4180", dest="rfc4180", action="store_false", help="Rfc4180=false")
    parser.add_argument("--header", choices=("auto", "yes", "no"), default="auto",
                        help="AddColumnName: a header row (auto: when the first field is Op)")
    parser.add_argument("--timestamp-column", default="", help="TimestampColumnName, when set")
    parser.add_argument("--key", action="append", default=[], metavar="SCHEMA.TABLE=COL[,COL]",
                        help="the row key of a table without a primary key (e.g. a unique key), so that its updates "
                             "can be applied")
    parser.add_argument("--include-op-for-full-load", action="store_true",
                        help="IncludeOpForFullLoad: full-load files have the Op column")
    parser.add_argument("--seq-column", default="_lakefeed_seq")
    parser.add_argument("--commit-time-column", default="_lakefeed_commit_us")
    parser.add_argument("--reader-view", action="store_true",
                        help="the lake as a reader sees it at any moment (e.g. right after a crash): when the latest "
                             "checkpoint's publish is incomplete, only the visibility checks count (no seq twice or "
                             "out of order, none at or past next_seq), not the apply rules, which need every file "
                             "of that checkpoint")
    args = parser.parse_args()
    if not os.path.isdir(args.lake):
        print(f"replay_lake: {args.lake} is not a directory", file=sys.stderr)
        return 2
    result = Replay(args).run()
    text = json.dumps(result, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
