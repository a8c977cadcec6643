#!/usr/bin/env python3
"""Hostile and heavy clients for a running `bevgenie serve`; prints what happened as one JSON object.

usage:
  abuse.py load URL --requests N --concurrency C [--token T] [--questions FILE]
      N chat streams over C connections; counts how each ended (complete, error code, HTTP status).
  abuse.py battery URL --pid PID --token T [--fuzz-seconds S] [--seed N]
      Warm up, then: clients that never read, headers that trickle in, thousands of connections opened and
      dropped, oversized and malformed requests, requests without the token, and mutated raw HTTP; the server's
      memory (RssAnon of PID) is sampled at the baseline, at the peak and after. Each check's outcome is reported;
      the caller decides what passes.
"""
import argparse
import concurrent.futures
import json
import random
import socket
import sys
import threading
import time
from urllib.parse import urlparse

import httpx

QUESTIONS = [
    "Our distributor reps ignore our brand. How do we get mindshare?",
    "What does it cost?",
    "How do you compare with spreadsheets?",
    "Show me a case study",
    "We can't see which displays get executed in the field",
    "How do we prove ROI on our promotions?",
    "Is this compliant with state shipping rules?",
    "Our depletion data arrives weeks late",
]


def chat_stream(client, base, message, token=None):
    """One SSE chat to its end: ("complete", session) or ("error:CODE", None) or ("http:STATUS", None)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with client.stream("POST", base + "/api/chat/stream", json={"message": message}, headers=headers) as response:
        if response.status_code != 200:
            response.read()
            return f"http:{response.status_code}", None
        event, data, last = None, None, (None, None)
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
            elif line == "" and event:
                last = (event, data)
                event, data = None, None
        name, payload = last
        if name == "complete":
            return "complete", json.loads(payload)["session"]["id"]
        if name == "error":
            return "error:" + json.loads(payload).get("code", "?"), None
        return f"ended-after:{name}", None


def load(base, requests, concurrency, token=None, prefix="visitor"):
    outcomes, sessions, durations = {}, [], []
    lock = threading.Lock()

    def one(index):
        started = time.monotonic()
        try:
            with httpx.Client(timeout=120) as client:
                outcome, session = chat_stream(client, base, f"{QUESTIONS[index % len(QUESTIONS)]} ({prefix} {index})", token)
        except Exception as error:  # a refused or cut connection is an outcome, not a crash of this script
            outcome, session = "exception:" + type(error).__name__, None
        with lock:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            durations.append(time.monotonic() - started)
            if session:
                sessions.append(session)

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(requests)))
    durations.sort()
    return {
        "requests": requests,
        "outcomes": outcomes,
        "sessions": len(set(sessions)),
        "p50_ms": round(1000 * durations[len(durations) // 2], 1) if durations else None,
        "max_ms": round(1000 * durations[-1], 1) if durations else None,
    }


def heap_kib(pid):
    """The server's anonymous resident memory (heap and stacks; the mapped binary and libraries left out)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    return None


def sqlite_kib(base):
    """What SQLite itself holds (from /metrics): its page cache grows with the database, by design."""
    with httpx.Client(timeout=30) as client:
        for line in client.get(base + "/metrics").text.splitlines():
            if line.startswith("bevgenie_sqlite_memory_bytes "):
                return int(float(line.split()[1])) // 1024
    return None


def connect(host, port, timeout=10):
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def exchange(host, port, data, timeout=10, half_close=False):
    """Sends raw bytes (then, with half_close, end-of-stream: nothing more is coming), reads the status line:
    (status or None, how it ended)."""
    try:
        sock = connect(host, port, timeout)
    except OSError as error:
        return None, "connect-failed:" + type(error).__name__
    try:
        try:
            sock.sendall(data)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may close early on a bad request; its answer may still be readable
        received = b""
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
        if not received:
            return None, "closed"
        parts = received.split(b"\r\n", 1)[0].split(b" ")
        try:
            return int(parts[1]), "answered"
        except (IndexError, ValueError):
            return None, "garbage:" + received[:40].decode("latin-1")
    except socket.timeout:
        return None, "timeout"
    except OSError as error:
        return None, "reset:" + type(error).__name__
    finally:
        sock.close()


def request(method, path, headers=(), body=b"", token=None, content_type="application/json"):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if body or method == "POST":
        lines += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def bad_requests(host, port, token):
    chat = json.dumps({"message": "How do we get distributor mindshare?"}).encode()
    cases = {
        "no_token": request("POST", "/api/chat/stream", body=chat),
        "wrong_token": request("POST", "/api/chat/stream", body=chat, token="nope"),
        "token_in_wrong_scheme": request("POST", "/api/chat", headers=[f"Authorization: Basic {token}"], body=chat),
        "header_100k": request("GET", "/healthz", headers=["X-Big: " + "a" * 100_000]),
        "headers_2000": request("GET", "/healthz", headers=[f"X-H{i}: v" for i in range(2000)]),
        "url_100k": request("GET", "/api/kb/search?q=" + "a" * 100_000, token=token),
        "body_10mb_declared": request("POST", "/api/chat", body=b"", token=token).replace(
            b"Content-Length: 0", b"Content-Length: 10485760") + b"x" * 1_000_000,
        "body_1mb_chunked": (
            f"POST /api/chat HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
            + b"".join(b"4000\r\n" + b"a" * 0x4000 + b"\r\n" for _ in range(64)) + b"0\r\n\r\n",
        "invalid_utf8_in_json": request("POST", "/api/chat", body=b'{"message":"caf\xc3\x28 \xff\xfe"}', token=token),
        "malformed_json": request("POST", "/api/chat", body=b'{"message": "unterminated', token=token),
        "deep_json": request("POST", "/api/chat", body=b"[" * 100_000, token=token),
        "wrong_content_type": request("POST", "/api/chat", body=chat, token=token, content_type="text/plain"),
        "empty_message": request("POST", "/api/chat", body=b'{"message":"  "}', token=token),
        "message_too_long": request("POST", "/api/chat", body=json.dumps({"message": "a " * 5000}).encode(), token=token),
        "bad_session_id": request("POST", "/api/chat", body=b'{"message":"hi","sessionId":"../../etc"}', token=token),
        "garbage_request_line": b"HELLO THERE\r\n\r\n",
        "binary_noise": bytes(random.Random(7).getrandbits(8) for _ in range(4096)),
        "nul_in_header": request("GET", "/healthz", headers=["X-A: a\x00b"]),
        "path_traversal": request("GET", "/../../etc/passwd"),
        "unknown_method": request("BREW", "/api/chat", token=token),
        "http_0_9": b"GET /\r\n\r\n",
        "sql_in_search": request("GET", "/api/kb/search?q=%27%3B%20DROP%20TABLE%20chunks%3B--", token=token),
        "fts_syntax_in_search": request("GET", "/api/kb/search?q=NEAR(%22a%22%20*)%20-b%20%5E", token=token),
    }
    return {name: exchange(host, port, data, timeout=15) for name, data in cases.items()}


MUTATION_TOKENS = [b"\r\n", b"\n", b"\r", b":", b" ", b"\x00", b"\xff", b"Content-Length: 99999999\r\n",
                   b"Transfer-Encoding: chunked\r\n", b"HTTP/1.0", b"HTTP/9.9", b"%00", b"\"", b"{", b"}", b"GET"]


def mutate(rng, data):
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        choice = rng.randrange(5)
        at = rng.randrange(len(data) + 1)
        if choice == 0 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif choice == 1:
            data[at:at] = rng.choice(MUTATION_TOKENS)
        elif choice == 2 and data:
            del data[at:at + rng.randint(1, 20)]
        elif choice == 3 and data:
            start = rng.randrange(len(data))
            data[at:at] = data[start:start + rng.randint(1, 40)] * rng.randint(1, 50)
        else:
            data = data[:at]
    return bytes(data)


def http_fuzz(host, port, token, seconds, seed):
    rng = random.Random(seed)
    chat = json.dumps({"message": "What does it cost?"}).encode()
    seeds = [
        request("POST", "/api/chat", body=chat, token=token),
        request("GET", "/api/kb/search?q=distributor+reps&k=3", token=token),
        request("GET", "/healthz"),
        request("GET", "/metrics"),
        request("GET", "/api/sessions/abc123", token=token),
    ]
    outcomes = {}
    deadline = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < deadline:
        # Half-closed: a request cut short must be answered or closed at once, not waited on.
        status, how = exchange(host, port, mutate(rng, rng.choice(seeds)), timeout=5, half_close=True)
        key = f"{status // 100}xx" if status else how.split(":")[0]
        outcomes[key] = outcomes.get(key, 0) + 1
        sent += 1
    return {"seed": seed, "sent": sent, "outcomes": outcomes}


def battery(base, pid, token, fuzz_seconds, seed, settle):
    parsed = urlparse(base)
    host, port = parsed.hostname, parsed.port
    report = {}
    health = lambda: exchange(host, port, request("GET", "/healthz"), timeout=10)[0]

    report["warmup"] = load(base, 40, 8, token, "warmup")
    time.sleep(settle)  # the server trims freed memory once idle
    report["heap_baseline_kib"] = heap_kib(pid)
    report["sqlite_baseline_kib"] = sqlite_kib(base)
    peak = report["heap_baseline_kib"]

    # Clients that never read their stream, and clients whose headers trickle in: held open together.
    chat = json.dumps({"message": "Our distributor reps ignore our brand. How do we get mindshare?"}).encode()
    held = []
    for _ in range(300):
        sock = connect(host, port)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.sendall(request("POST", "/api/chat/stream", body=chat, token=token))
        held.append(sock)
    for _ in range(200):
        sock = connect(host, port)
        sock.sendall(b"POST /api/chat/stream HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        held.append(sock)
    healthy_while_held = []
    for _ in range(10):
        time.sleep(0.5)
        peak = max(peak, heap_kib(pid))
        healthy_while_held.append(health())
    report["held_connections"] = len(held)
    report["health_while_held"] = healthy_while_held
    report["load_while_held"] = load(base, 20, 4, token, "during-hold")
    for sock in held:
        sock.close()

    # Thousands of connections opened and dropped: at once, mid-request, and mid-pipeline.
    dropped = 0
    for index in range(3000):
        try:
            sock = connect(host, port)
            if index % 3 == 1:
                sock.sendall(b"POST /api/chat/stream HTTP/1.1\r\nContent-Length: 500\r\n\r\n{\"mess")
            elif index % 3 == 2:
                sock.sendall(request("POST", "/api/chat/stream", body=chat, token=token))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
            sock.close()
            dropped += 1
        except OSError:
            pass
        if index % 500 == 0:
            peak = max(peak, heap_kib(pid))
    report["dropped_connections"] = dropped
    report["health_after_drops"] = health()

    report["bad_requests"] = bad_requests(host, port, token)
    peak = max(peak, heap_kib(pid))
    report["http_fuzz"] = http_fuzz(host, port, token, fuzz_seconds, seed)
    peak = max(peak, heap_kib(pid))

    report["after"] = load(base, 40, 8, token, "after")
    time.sleep(settle)
    report["heap_peak_kib"] = max(peak, heap_kib(pid))
    report["heap_after_kib"] = heap_kib(pid)
    report["sqlite_after_kib"] = sqlite_kib(base)
    report["health_at_end"] = health()
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["load", "battery"])
    parser.add_argument("url")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--token")
    parser.add_argument("--pid", type=int)
    parser.add_argument("--fuzz-seconds", type=float, default=10)
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 30))
    parser.add_argument("--settle", type=float, default=7, help="seconds idle before measuring memory")
    args = parser.parse_args()
    if args.mode == "load":
        result = load(args.url, args.requests, args.concurrency, args.token)
    else:
        result = battery(args.url, args.pid, args.token, args.fuzz_seconds, args.seed, args.settle)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
