#!/usr/bin/env python3
"""An HTTP proxy in front of an S3 server that fails some requests on purpose, for tests of S3 clients.

    s3_fault_proxy.py <listen port> <upstream port> <fault rate 0..1> <seed> <stall seconds> [<control dir>]

Each request is forwarded to 127.0.0.1:<upstream port>, except that with probability <fault rate> it meets one
of these faults, chosen at random (reproducible with <seed> for requests that come one at a time):

  500          an S3 InternalError answer, without forwarding
  503          an S3 SlowDown answer, without forwarding
  reset        the connection is reset, without forwarding
  stall        nothing is answered for <stall seconds>, then the connection is closed, without forwarding
  lost-answer  the request IS forwarded (it takes effect), then the connection is closed without an answer
  short-answer the request IS forwarded, then the answer's status, headers (its full Content-Length) and only the
               first half of its body are sent before the connection is closed: a partial write of the answer

GET /__faults answers the counts so far as JSON ({"forwarded": n, "500": n, ...}).

With a control dir, a test can stop one request at a chosen step, to kill the client right there. It writes
<control dir>/arm.json, {"pattern": <regex>, "after": <bool>}. The first request whose description matches the
regex (searched in "<METHOD> <path>", plus " copy" when it carries x-amz-copy-source) is held: before it is
forwarded, or with "after" once it has taken effect upstream but before it is answered. The proxy renames
arm.json to held.json when it holds a request, and lets go of it (closing the connection unanswered) when
held.json is deleted, or after 60 s. A held request meets no injected fault. Standard library only.
"""
import http.client
import http.server
import json
import os
import random
import re
import socket
import struct
import sys
import threading
import time

FAULTS = ['500', '503', 'reset', 'stall', 'lost-answer', 'short-answer']
HOP_BY_HOP = {'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection'}


def main():
    listen_port, upstream_port, rate, seed = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    stall_s = float(sys.argv[5])
    control_dir = sys.argv[6] if len(sys.argv) > 6 else None
    chooser = random.Random(seed)
    lock = threading.Lock()
    counts = {name: 0 for name in ['forwarded'] + FAULTS}

    def take_arm(description):
        """Whether this request is the one to hold (and whether after forwarding); disarms on a match."""
        if control_dir is None:
            return None
        arm_path, held_path = os.path.join(control_dir, 'arm.json'), os.path.join(control_dir, 'held.json')
        with lock:
            try:
                with open(arm_path) as arm_file:
                    arm = json.load(arm_file)
            except (OSError, ValueError):
                return None
            if not re.search(arm['pattern'], description):
                return None
            os.replace(arm_path, held_path)
            return bool(arm.get('after'))

    def hold():
        held_path = os.path.join(control_dir, 'held.json')
        deadline = time.monotonic() + 60
        while os.path.exists(held_path) and time.monotonic() < deadline:
            time.sleep(0.01)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, fmt, *args):
            sys.stderr.write('%s %s\n' % (self.requestline, fmt % args))

        def answer_error(self, status, code, message):
            body = ('<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message></Error>'
                    % (code, message)).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/xml')
            self.send_header('Content-Length', str(len(body)))
            self.send_header('Connection', 'close')
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(body)
            self.close_connection = True

        def drop(self, reset):
            if reset:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            self.close_connection = True

        def handle_any(self):
            if self.command == 'GET' and self.path == '/__faults':
                with lock:
                    body = json.dumps(counts).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else b''
            copy = ' copy' if self.headers.get('x-amz-copy-source') else ''
            hold_after = take_arm('%s %s%s' % (self.command, self.path, copy))
            if hold_after is False:
                hold()
                return self.drop(reset=True)
            with lock:
                fault = chooser.choice(FAULTS) if chooser.random() < rate and hold_after is None else None
                counts[fault or 'forwarded'] += 1
            if fault == '500':
                return self.answer_error(500, 'InternalError', 'injected by the fault proxy')
            if fault == '503':
                return self.answer_error(503, 'SlowDown', 'injected by the fault proxy')
            if fault == 'reset':
                return self.drop(reset=True)
            if fault == 'stall':
                time.sleep(stall_s)
                return self.drop(reset=False)
            upstream = http.client.HTTPConnection('127.0.0.1', upstream_port, timeout=60)
            headers = {name: value for name, value in self.headers.items() if name.lower() not in HOP_BY_HOP}
            upstream.request(self.command, self.path, body=body if length else None, headers=headers)
            response = upstream.getresponse()
            data = response.read()
            upstream.close()
            if hold_after:
                hold()
                return self.drop(reset=True)
            if fault == 'lost-answer':
                return self.drop(reset=True)
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() in HOP_BY_HOP or name.lower() == 'content-length':
                    continue
                self.send_header(name, value)
            if self.command == 'HEAD':
                self.send_header('Content-Length', response.getheader('Content-Length') or '0')
            else:
                self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            if fault == 'short-answer' and self.command != 'HEAD' and len(data) > 1:
                self.wfile.write(data[:len(data) // 2])
                self.wfile.flush()
                return self.drop(reset=True)
            if self.command != 'HEAD':
                self.wfile.write(data)

        do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

    server = http.server.ThreadingHTTPServer(('127.0.0.1', listen_port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == '__main__':
    main()
