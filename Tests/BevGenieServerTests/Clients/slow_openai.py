#!/usr/bin/env python3
"""A slow OpenAI-compatible Chat Completions server: streams CHUNKS content deltas PAUSE_MS apart, and records when
each request arrived and when its client closed the connection (noticed at once: the socket is watched for EOF
between chunks), as JSON lines in LOG.

usage: slow_openai.py PORT_FILE LOG CHUNKS PAUSE_MS
CHUNKS: a comma-separated list, one count per request in order (the last for every later request).
Writes the port it listens on (127.0.0.1, chosen by the kernel) to PORT_FILE.
"""
import json
import select
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port_file, log_path, pause_ms = sys.argv[1], sys.argv[2], int(sys.argv[4])
plan = [int(n) for n in sys.argv[3].split(",")]
lock = threading.Lock()
served = [0]


def log(**fields):
    with lock, open(log_path, "a") as f:
        f.write(json.dumps({"t": time.time(), **fields}) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        self.rfile.read(length)
        with lock:
            number = served[0]
            served[0] += 1
        chunks = plan[min(number, len(plan) - 1)]
        log(event="request", path=self.path, number=number)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for index in range(chunks):
                chunk = {"id": "c", "object": "chat.completion.chunk", "model": "slow",
                         "choices": [{"index": 0, "delta": {"content": f"word{index} "}, "finish_reason": None}]}
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
                readable, _, _ = select.select([self.connection], [], [], pause_ms / 1000)
                if readable and not self.connection.recv(1, 0x40):  # MSG_DONTWAIT: EOF means the client closed
                    log(event="closed", sent=index + 1)
                    return
            done = {"id": "c", "object": "chat.completion.chunk", "model": "slow",
                    "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())
            self.wfile.flush()
            log(event="finished", sent=chunks)
        except (BrokenPipeError, ConnectionResetError):
            log(event="closed", sent=-1)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
