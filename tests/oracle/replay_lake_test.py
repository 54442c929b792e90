#!/usr/bin/env python3
"""Unit tests of replay_lake.py on hand-made lake directories (ctest label unit)."""

import gzip
import json
import os
import subprocess
import sys
import tempfile
import unittest

ORACLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "replay_lake.py")
HEADER_END = ["_lakefeed_seq", "_lakefeed_commit_us"]


def definition(columns, key):
    """A definition in the shape of mysql::TableHints (columns as objects, primary_key as indexes)."""
    return {"columns": [{"name": c, "in_primary_key": c in key} for c in columns],
            "primary_key": [columns.index(k) for k in key]}


class Lake:
    def __init__(self, root):
        self.root = root
        self.next_file = 0

    def write(self, relative, data, binary=False):
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if binary:
            with open(path, "wb") as f:
                f.write(data)
        else:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(data)
        return path

    def record(self, seq, kind, schema, table, columns=None, key=None, **extra):
        record = {"kind": kind, "seq": seq, "schema": schema, "table": table}
        if columns is not None:
            record["definition"] = definition(columns, key or [])
        record.update(extra)
        self.write(f"_lakefeed/schema/{seq:020d}.json", json.dumps(record))

    def checkpoint(self, number, next_seq):
        self.write(f"_lakefeed/checkpoints/{number:020d}.json",
                   json.dumps({"number": number, "next_seq": next_seq, "position": {"file": "b", "offset": 4}}))

    def changes(self, schema, table, columns, rows, name=None, header=True, gz=False):
        """rows: (op, [values], seq); values None are written as NULL."""
        if name is None:
            self.next_file += 1
            name = f"20260101-000000{self.next_file:03d}.csv"
        lines = []
        if header:
            lines.append(",".join(["Op"] + columns + HEADER_END))
        for op, values, seq in rows:
            fields = [op] + [quote(v) for v in values] + [str(seq), "1767225600000000"]
            lines.append(",".join(fields))
        text = "\n".join(lines) + "\n"
        if gz:
            return self.write(f"{schema}/{table}/{name}.gz", gzip.compress(text.encode()), binary=True)
        return self.write(f"{schema}/{table}/{name}", text)


def quote(value):
    if value is None:
        return "NULL"
    if any(c in value for c in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def replay(root, *extra):
    done = subprocess.run([sys.executable, ORACLE, root, *extra], capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        raise AssertionError(f"oracle exit {done.returncode}: {done.stderr}")
    result = json.loads(done.stdout)
    assert (done.returncode == 1) == bool(result["errors"]), done
    return result


class ReplayLakeTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.lake = Lake(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def assertErrorLike(self, result, fragment):
        self.assertTrue(any(fragment in e for e in result["errors"]),
                        f"no error containing {fragment!r} in {result['errors']}")

    def test_insert_update_delete_and_pk_update(self):
        lake = self.lake
        cols = ["id", "name", "note"]
        lake.record(1, "create", "shop", "t", cols, ["id"])
        lake.changes("shop", "t", cols, [
            ("I", ["1", "a,b", None], 2),
            ("I", ["2", 'say "hi"\nthere', ""], 3),
            ("U", ["1", "a2", "x"], 4),
        ])
        lake.changes("shop", "t", cols, [
            ("D", ["2", 'say "hi"\nthere', ""], 5),
            ("D", ["1", "a2", "x"], 6),   # a primary-key update: D old + I new
            ("I", ["10", "a2", "x"], 7),
        ], gz=True)
        lake.checkpoint(1, 8)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"], {"shop.t": {"columns": cols, "primary_key": ["id"],
                                                       "rows": [["10", "a2", "x"]]}})
        self.assertEqual(result["stats"]["files"], 2)
        self.assertEqual(result["stats"]["rows"], 6)
        self.assertEqual(result["stats"]["next_seq"], 8)

    def test_null_and_empty_string_are_distinct(self):
        lake = self.lake
        cols = ["id", "v"]
        lake.record(1, "create", "d", "t", cols, ["id"])
        lake.changes("d", "t", cols, [("I", ["1", None], 2), ("I", ["2", ""], 3)])
        lake.checkpoint(1, 4)
        self.assertEqual(replay(lake.root)["tables"]["d.t"]["rows"], [["1", None], ["2", ""]])

    def test_custom_null_value_and_delimiter(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.write("d/t/20260101-000000001.csv",
                   "Op|id|v|_lakefeed_seq|_lakefeed_commit_us\nI|1|\\N|2|0\nI|2|NULL|3|0\n")
        lake.checkpoint(1, 4)
        result = replay(lake.root, "--null-value", "\\N", "--delimiter", "|")
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.t"]["rows"], [["1", None], ["2", "NULL"]])

    def test_files_without_header_take_columns_from_the_definition(self):
        lake = self.lake
        cols = ["a", "b", "v"]
        lake.record(1, "create", "d", "t", cols, ["b", "a"])
        lake.changes("d", "t", cols, [("I", ["1", "2", "x"], 2), ("I", ["2", "1", "y"], 3)], header=False)
        lake.checkpoint(1, 4)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        # Sorted by the key in key order (b, a).
        self.assertEqual(result["tables"]["d.t"], {"columns": cols, "primary_key": ["b", "a"],
                                                  "rows": [["2", "1", "y"], ["1", "2", "x"]]})

    def test_rows_sorted_by_key_text(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["k", "v"], ["k"])
        lake.changes("d", "t", ["k", "v"], [("I", ["b", "1"], 2), ("I", ["a", "2"], 3), ("I", ["é", "3"], 4)])
        lake.checkpoint(1, 5)
        self.assertEqual([r[0] for r in replay(lake.root)["tables"]["d.t"]["rows"]], ["a", "b", "é"])

    def test_ddl_add_drop_rename_column(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "a", "b"], ["id"])
        lake.changes("d", "t", ["id", "a", "b"], [("I", ["1", "x", "y"], 2), ("I", ["2", "p", "q"], 3)])
        lake.record(4, "alter", "d", "t", ["id", "a", "b", "c"], ["id"])       # add c
        lake.changes("d", "t", ["id", "a", "b", "c"], [("U", ["2", "p", "q", "new"], 5)])
        lake.record(6, "alter", "d", "t", ["id", "b", "c"], ["id"])            # drop a
        lake.record(7, "alter", "d", "t", ["id", "b2", "c"], ["id"])           # rename b -> b2
        lake.changes("d", "t", ["id", "b2", "c"], [("I", ["3", "z", None], 8)])
        lake.checkpoint(1, 9)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.t"], {
            "columns": ["id", "b2", "c"], "primary_key": ["id"],
            "rows": [["1", "y", None], ["2", "q", "new"], ["3", "z", None]]})

    def test_rename_truncate_drop_create(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.changes("d", "t", ["id", "v"], [("I", ["1", "a"], 2), ("I", ["2", "b"], 3)])
        lake.record(4, "rename", "d", "t", new_schema="d", new_table="u")
        lake.changes("d", "u", ["id", "v"], [("D", ["1", "a"], 5)])
        lake.record(6, "create", "d", "t", ["id", "w"], ["id"])                # a new t
        lake.changes("d", "t", ["id", "w"], [("I", ["7", "n"], 7)])
        lake.record(8, "create", "d", "gone", ["id"], ["id"])
        lake.changes("d", "gone", ["id"], [("I", ["1"], 9)])
        lake.record(10, "drop", "d", "gone")
        lake.record(11, "truncate", "d", "t", ["id", "w"], ["id"])
        lake.changes("d", "t", ["id", "w"], [("I", ["8", "m"], 12)])
        lake.checkpoint(1, 13)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"], {
            "d.u": {"columns": ["id", "v"], "primary_key": ["id"], "rows": [["2", "b"]]},
            "d.t": {"columns": ["id", "w"], "primary_key": ["id"], "rows": [["8", "m"]]},
        })

    def test_snapshot_shares_the_seq_of_the_next_change(self):
        lake = self.lake
        lake.record(5, "snapshot", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 5)])
        lake.checkpoint(1, 6)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.t"]["rows"], [["1"]])

    def test_schema_records_past_the_checkpoint_are_ignored(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.record(3, "drop", "d", "t")  # written for a checkpoint that never came
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.t"]["rows"], [["1"]])
        self.assertEqual(result["stats"]["ignored_schema_records"], 1)

    def test_duplicate_seq_across_tables_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "a", ["id"], ["id"])
        lake.record(2, "create", "d", "b", ["id"], ["id"])
        lake.changes("d", "a", ["id"], [("I", ["1"], 3)])
        lake.changes("d", "b", ["id"], [("I", ["1"], 3)])
        lake.checkpoint(1, 4)
        self.assertErrorLike(replay(lake.root), "seq 3 appears twice")

    def test_same_change_in_two_files_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertErrorLike(result, "does not increase")
        self.assertErrorLike(result, "appears twice")
        self.assertErrorLike(result, "which exists")

    def test_files_out_of_order_are_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["2"], 3)], name="20260101-000000001.csv")
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)], name="20260101-000000002.csv")
        lake.checkpoint(1, 4)
        self.assertErrorLike(replay(lake.root), "seq 2 does not increase")

    def test_row_sharing_a_ddl_seq_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 1)])
        lake.checkpoint(1, 2)
        self.assertErrorLike(replay(lake.root), "also the seq of schema record")

    def test_uncommitted_row_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 2), ("I", ["2"], 3)])
        lake.checkpoint(1, 3)
        self.assertErrorLike(replay(lake.root), "not below the latest checkpoint's next_seq 3")

    def test_no_checkpoint_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        self.assertErrorLike(replay(lake.root), "no checkpoint")

    def test_update_or_delete_of_missing_key_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.changes("d", "t", ["id", "v"], [("U", ["1", "a"], 2), ("D", ["9", "a"], 3)])
        lake.checkpoint(1, 4)
        result = replay(lake.root)
        self.assertErrorLike(result, "update of d.t key ['1'], which does not exist")
        self.assertErrorLike(result, "delete of d.t key ['9'], which does not exist")

    def test_delete_with_wrong_before_image_is_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.changes("d", "t", ["id", "v"], [("I", ["1", "a"], 2), ("D", ["1", "b"], 3)])
        lake.checkpoint(1, 4)
        self.assertErrorLike(replay(lake.root), "v: replayed 'a', before image 'b'")

    def test_columns_that_differ_from_the_definition_are_an_error(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.changes("d", "t", ["id", "w"], [("I", ["1", "a"], 2)])
        lake.checkpoint(1, 3)
        self.assertErrorLike(replay(lake.root), "differ from the definition")

    def test_rows_without_a_definition_are_an_error(self):
        lake = self.lake
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        lake.checkpoint(1, 3)
        self.assertErrorLike(replay(lake.root), "has no definition")

    def test_bad_op_bad_name_and_staging_count(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("X", ["1"], 2)])
        lake.write("d/t/notes.txt", "hello\n")
        lake.write("_lakefeed/staging/00000000000000000002/d/t/20260101-000000009.csv", "Op\n")
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertErrorLike(result, "Op 'X'")
        self.assertErrorLike(result, "not a change file name")
        self.assertEqual(result["stats"]["staging_files"], 1)

    def test_primary_key_by_flags_and_names(self):
        lake = self.lake
        record = {"kind": "create", "seq": 1, "schema": "d", "table": "t",
                  "definition": {"columns": [{"name": "id", "in_primary_key": True}, {"name": "v"}]}}
        lake.write("_lakefeed/schema/1.json", json.dumps(record))
        record = {"kind": "create", "seq": 2, "schema": "d", "table": "u",
                  "definition": {"columns": ["k", "v"], "primary_key": ["k"]}}
        lake.write("_lakefeed/schema/2.json", json.dumps(record))
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.t"]["primary_key"], ["id"])
        self.assertEqual(result["tables"]["d.u"]["primary_key"], ["k"])

    def test_two_records_of_one_statement_apply_in_file_order(self):
        # RENAME TABLE a TO tmp, b TO a, tmp TO b: three records with one seq.
        lake = self.lake
        lake.record(1, "create", "d", "a", ["id", "x"], ["id"])
        lake.record(2, "create", "d", "b", ["id", "y"], ["id"])
        records = [{"kind": "rename", "seq": 3, "schema": "d", "table": "a", "new_schema": "d", "new_table": "tmp"},
                   {"kind": "rename", "seq": 3, "schema": "d", "table": "b", "new_schema": "d", "new_table": "a"},
                   {"kind": "rename", "seq": 3, "schema": "d", "table": "tmp", "new_schema": "d", "new_table": "b"}]
        lake.write("_lakefeed/schema/00000000000000000003.json", json.dumps(records))
        lake.checkpoint(1, 4)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(result["tables"]["d.a"]["columns"], ["id", "y"])
        self.assertEqual(result["tables"]["d.b"]["columns"], ["id", "x"])

    def test_records_of_one_seq_apply_by_index(self):
        lake = self.lake
        lake.record(1, "create", "d", "a", ["id", "x"], ["id"])
        # RENAME TABLE a TO tmp, tmp TO b as two records of seq 2; file names sort index 10 before index 9.
        lake.write("_lakefeed/schema/00000000000000000002-000010.json",
                   json.dumps({"kind": "rename", "seq": 2, "index": 10, "schema": "d", "table": "tmp",
                               "new_schema": "d", "new_table": "b"}))
        lake.write("_lakefeed/schema/00000000000000000002-000009.json",
                   json.dumps({"kind": "rename", "seq": 2, "index": 9, "schema": "d", "table": "a",
                               "new_schema": "d", "new_table": "tmp"}))
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(list(result["tables"]), ["d.b"])

    def test_database_records(self):
        lake = self.lake
        lake.record(1, "database", "d", "")
        lake.record(2, "create", "d", "t", ["id"], ["id"])
        lake.record(3, "create", "e", "t", ["id"], ["id"])
        lake.changes("d", "t", ["id"], [("I", ["1"], 4)])
        lake.record(5, "drop_database", "d", "")
        lake.checkpoint(1, 6)
        result = replay(lake.root)
        self.assertEqual(result["errors"], [])
        self.assertEqual(list(result["tables"]), ["e.t"])

    def test_unknown_definition(self):
        lake = self.lake
        lake.write("_lakefeed/schema/1.json", json.dumps({"kind": "create", "seq": 1, "schema": "d", "table": "t",
                                                          "definition": None, "failure": "unsupported DDL"}))
        lake.changes("d", "t", ["id"], [("I", ["1"], 2)])
        lake.checkpoint(1, 3)
        result = replay(lake.root)
        self.assertErrorLike(result, "could not know (unsupported DDL)")
        self.assertEqual(result["tables"]["d.t"]["columns"], [])
        self.assertIn("failure", result["tables"]["d.t"])

    def test_reader_view_of_an_unfinished_publish(self):
        lake = self.lake
        lake.record(1, "create", "d", "t", ["id", "v"], ["id"])
        lake.changes("d", "t", ["id", "v"], [("I", ["1", "a"], 2)], name="20260101-000000001.csv")
        # Checkpoint 2 names two files (an update, then a delete of the updated row); only the second one is
        # published yet.
        lake.changes("d", "t", ["id", "v"], [("D", ["1", "c"], 4)], name="20260101-000000003.csv")
        files = [{"key": "d/t/20260101-000000002.csv"}, {"key": "d/t/20260101-000000003.csv"}]
        lake.write("_lakefeed/checkpoints/00000000000000000002.json",
                   json.dumps({"number": 2, "next_seq": 5, "files": files}))
        result = replay(lake.root, "--reader-view")
        self.assertEqual(result["errors"], [])
        self.assertFalse(result["stats"]["publish_complete"])
        self.assertEqual(result["stats"]["suppressed_errors"], 1)
        # Without --reader-view the same lake is a finding; a change twice is one in both views.
        self.assertErrorLike(replay(lake.root), "before image differs")
        lake.changes("d", "t", ["id", "v"], [("D", ["1", "c"], 4)], name="20260101-000000004.csv")
        self.assertErrorLike(replay(lake.root, "--reader-view"), "seq 4 appears twice")


if __name__ == "__main__":
    unittest.main()
