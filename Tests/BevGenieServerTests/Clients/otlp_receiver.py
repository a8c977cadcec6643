"""A small OTLP/HTTP trace receiver (PyPI's opentelemetry-proto) that also speaks OpenAI's streaming chat API, used
to check the spans the real `bevgenie` binary exports.

Usage: otlp_receiver.py BEVGENIE_BINARY WORK_DIR

1. `bevgenie ask` with OTEL_EXPORTER_OTLP_ENDPOINT pointing here and its response stage on a model served here:
   the spans of that run.
2. `bevgenie serve` with the same endpoint, one chat stream, then SIGTERM: the spans of that request.
3. `bevgenie ask` with the endpoint on a closed port: the command must still answer (exit 0).
Prints one JSON object: {"ask": {...}, "serve": {...}, "unreachable": {...}}, each with the exit status and the
decoded spans (name, ids, parent, kind, attributes, status), plus the raw requests' content types.
"""
import http.server
import json
import os
import re
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

binary, work = sys.argv[1], sys.argv[2]
received = []  # (content type, ExportTraceServiceRequest)
lock = threading.Lock()


def openai_stream():
    chunks = [
        {"choices": [{"index": 0, "delta": {"content": "Pricing depends on your markets "}}]},
        {"choices": [{"index": 0, "delta": {"content": "and the number of brands."}}]},
        {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        {"choices": [], "usage": {"prompt_tokens": 321, "completion_tokens": 17, "total_tokens": 338}},
    ]
    return "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/v1/traces":
            request = ExportTraceServiceRequest()
            request.ParseFromString(body)
            with lock:
                received.append((self.headers.get("Content-Type"), request))
            self.reply(200, "application/x-protobuf", ExportTraceServiceResponse().SerializeToString())
        elif self.path == "/v1/chat/completions":
            self.reply(200, "text/event-stream", openai_stream().encode())
        else:
            self.reply(404, "application/json", b'{"error":{"message":"not found"}}')


def value(any_value):
    kind = any_value.WhichOneof("value")
    if kind == "array_value":
        return [value(v) for v in any_value.array_value.values]
    return getattr(any_value, kind) if kind else None


def spans():
    with lock:
        taken = list(received)
        received.clear()
    out = []
    for _, request in taken:
        for resource_spans in request.resource_spans:
            resource = {a.key: value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    out.append({
                        "name": span.name,
                        "traceId": span.trace_id.hex(),
                        "spanId": span.span_id.hex(),
                        "parentSpanId": span.parent_span_id.hex(),
                        "kind": span.kind,
                        "attributes": {a.key: value(a.value) for a in span.attributes},
                        "status": span.status.code,
                        "service": resource.get("service.name"),
                    })
    return out, [content_type for content_type, _ in taken]


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
port = server.server_address[1]
threading.Thread(target=server.serve_forever, daemon=True).start()
base_env = {"PATH": "/usr/bin:/bin", "HOME": work, "LANG": "C.UTF-8", "NO_COLOR": "1",
            # The embedding model stays where it is installed, though HOME is the work folder.
            "BEVGENIE_MODEL_DIR": os.environ.get("BEVGENIE_MODEL_DIR")
            or os.path.expanduser("~/.local/share/bevgenie/models/all-MiniLM-L6-v2")}
traced_env = dict(base_env, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{port}",
                  OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", OPENAI_API_KEY="sk-test")
report = {}

# 1. ask, its response stage on the model served above.
ask = subprocess.run(
    [binary, "ask", "How much does it cost?", "--format", "ndjson", "--db", work + "/ask.db",
     "--response-model", "openai:gpt-test"],
    env=traced_env, capture_output=True, text=True, timeout=120)
found, types = spans()
report["ask"] = {"status": ask.returncode, "stderr": ask.stderr[-2000:], "spans": found, "contentTypes": types,
                 "events": [json.loads(line)["event"] for line in ask.stdout.splitlines() if line.strip()]}

# 2. serve: one stream, then SIGTERM (the exporter sends its last spans while shutting down).
serve = subprocess.Popen([binary, "serve", "--port", "0", "--db", work + "/serve.db"], env=traced_env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
lines = queue.Queue()


def drain(stream):
    # Blocking reads on a thread of its own: the server writes several lines at once, which a select() on the pipe
    # would not see once Python has buffered them.
    for line in stream:
        lines.put(line)
    lines.put(None)


threading.Thread(target=drain, args=(serve.stderr,), daemon=True).start()
log = ""
deadline = time.time() + 120
serve_port = None
while serve_port is None and time.time() < deadline:
    try:
        line = lines.get(timeout=1)
    except queue.Empty:
        continue
    if line is None:
        break
    log += line
    match = re.search(r"serving on http://127\.0\.0\.1:(\d+)", line)
    if match:
        serve_port = int(match.group(1))
if serve_port is None:
    serve.kill()
    report["serve"] = {"status": None, "stderr": log, "spans": [], "contentTypes": []}
else:
    with httpx.Client(timeout=60) as client:
        with client.stream("POST", f"http://127.0.0.1:{serve_port}/api/chat/stream",
                           json={"message": "How much does it cost?"},
                           headers={"traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"}) as r:
            stream_text = "".join(r.iter_text())
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=60)
    rest = ""
    while (line := lines.get(timeout=10)) is not None:
        rest += line
    found, types = spans()
    report["serve"] = {"status": serve.returncode, "stderr": (log + rest)[-2000:], "spans": found,
                       "contentTypes": types, "complete": "event: complete" in stream_text}

# 3. An endpoint nobody listens on: the command still answers.
closed = socket.socket()
closed.bind(("127.0.0.1", 0))
closed_port = closed.getsockname()[1]
closed.close()
unreachable = subprocess.run(
    [binary, "ask", "How much does it cost?", "--format", "json", "--db", work + "/ask.db"],
    env=dict(base_env, OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{closed_port}"),
    capture_output=True, text=True, timeout=120)
report["unreachable"] = {"status": unreachable.returncode, "stderr": unreachable.stderr[-2000:],
                         "answered": unreachable.returncode == 0 and json.loads(unreachable.stdout)["success"]}

server.shutdown()
print(json.dumps(report))
