#!/usr/bin/env python3
"""Runs an AWS Lambda function's handler, unchanged, as a lakefeed `exec` trigger.

lakefeed passes each committed file's S3 event (the JSON a Lambda receives from an S3 notification) on
stdin. This shim loads the handler the way Lambda names it, "<module>.<function>", calls it with the
event and a small context, and exits 0 when it returns (non-zero when it raises: lakefeed then retries,
and after the trigger's max_attempts writes a dead letter).

    triggers:
      - name: glue-start
        exec: [python3, /opt/lakefeed/lambda_shim.py, /opt/handlers, my_function.lambda_handler]

argv: the directory holding the handler's module (added to sys.path), then "<module>.<function>".
"""
import importlib
import json
import sys
import time


class Context:
    """The parts of Lambda's context object that handlers commonly read."""

    def __init__(self, function_name, request_id, timeout_s=60):
        self.function_name = function_name
        self.function_version = '$LATEST'
        self.aws_request_id = request_id
        self.memory_limit_in_mb = 0
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def main():
    if len(sys.argv) != 3 or '.' not in sys.argv[2]:
        sys.exit('usage: lambda_shim.py <handler directory> <module>.<function>')
    sys.path.insert(0, sys.argv[1])
    module_name, function_name = sys.argv[2].rsplit('.', 1)
    handler = getattr(importlib.import_module(module_name), function_name)
    event = json.load(sys.stdin)
    sequencer = event['Records'][0]['s3']['object'].get('sequencer', '')
    result = handler(event, Context(function_name, sequencer))
    if result is not None:
        print(json.dumps(result, default=str))


if __name__ == '__main__':
    main()
