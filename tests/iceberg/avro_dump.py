#!/usr/bin/python3
"""Dumps an Avro object container file with python3-avro, an Avro reader independent of lakefeed.

Run with Debian's /usr/bin/python3 (the python3-avro package installs there). Prints one JSON object:
  "metadata":  the header metadata, every value as text (avro.schema, avro.codec, Iceberg's keys);
  "field_ids": {"path.of.field": field-id} for every record field of the schema as python-avro
               parsed it (so the ids survived its parser), nested through unions, arrays and maps;
  "element_ids": {"path.of.array": element-id};
  "records":   every record, bytes as uppercase hex.
Used by tests/iceberg/iceberg_readback_test.cc on manifests and manifest lists.
"""
import json
import sys

import avro.datafile
import avro.io
import avro.schema


def collect(schema_json, path, field_ids, element_ids):
    if isinstance(schema_json, list):
        for branch in schema_json:
            collect(branch, path, field_ids, element_ids)
        return
    if not isinstance(schema_json, dict):
        return
    kind = schema_json.get("type")
    if kind == "record":
        for field in schema_json.get("fields", []):
            field_path = field["name"] if not path else path + "." + field["name"]
            if "field-id" in field:
                field_ids[field_path] = field["field-id"]
            collect(field["type"], field_path, field_ids, element_ids)
    elif kind == "array":
        if "element-id" in schema_json:
            element_ids[path] = schema_json["element-id"]
        collect(schema_json["items"], path, field_ids, element_ids)
    elif kind == "map":
        collect(schema_json["values"], path, field_ids, element_ids)
    elif isinstance(kind, (dict, list)):
        collect(kind, path, field_ids, element_ids)


def plain(value):
    if isinstance(value, bytes):
        return value.hex().upper()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main():
    with open(sys.argv[1], "rb") as stream:
        reader = avro.datafile.DataFileReader(stream, avro.io.DatumReader())
        metadata = {key: value.decode("utf-8") for key, value in reader.meta.items()}
        parsed = avro.schema.parse(metadata["avro.schema"])
        field_ids = {}
        element_ids = {}
        collect(parsed.to_json(), "", field_ids, element_ids)
        records = [plain(record) for record in reader]
        reader.close()
    json.dump({"metadata": metadata, "field_ids": field_ids, "element_ids": element_ids, "records": records},
              sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
