#!/usr/bin/env python3
"""Drops and resumes bevgenie streams with httpx-sse (a real third-party SSE client) and prints what it saw as JSON.

usage:
  resume_client.py drop-resume START_BASE RESUME_BASE MESSAGE [--after knowledge] [--query]
      POST START_BASE/api/chat/stream, read until the stage named by --after completes (or the first delta with
      --after delta), close the connection; then GET RESUME_BASE/api/chat/stream/{runId} with the last id seen
      (Last-Event-ID header, or ?lastEventId= with --query) and read to the end.
  resume_client.py drop START_BASE MESSAGE [--after knowledge]    the first half only
  resume_client.py read URL [LAST_EVENT_ID]                        one GET stream to its end
  resume_client.py stop START_BASE STOP_BASE MESSAGE               read until the first delta, POST the stop
      endpoint on STOP_BASE, read the rest of the stream
  resume_client.py whole BASE MESSAGE                              one uninterrupted POST stream
Each stream is a list of {"event", "id", "data"}; times are time.time() seconds.
"""
import json
import sys
import time

import httpx
import httpx_sse


def events(source, until=None):
    """Reads `source` (an EventSource, or the iterator of one already being read) up to and including the event
    `until` accepts, or to its end."""
    seen = []
    for event in source.iter_sse() if hasattr(source, "iter_sse") else source:
        seen.append({"event": event.event, "id": event.id, "data": json.loads(event.data)})
        if until and until(seen[-1]):
            break
    return seen


def stage_done(name):
    if name == "delta":
        return lambda e: e["event"] == "delta"
    return lambda e: e["event"] == "stage" and e["data"]["stageId"] == name and e["data"]["status"] == "complete"


def start(client, base, message, after):
    with httpx_sse.connect_sse(client, "POST", base + "/api/chat/stream", json={"message": message}) as source:
        run_id = source.response.headers.get("x-run-id")
        first = events(source, stage_done(after))
    # Leaving the block closed the connection mid-stream.
    return run_id, first


def read(client, url, last=None):
    headers = {"Last-Event-ID": last} if last else {}
    with httpx_sse.connect_sse(client, "GET", url, headers=headers) as source:
        status = source.response.status_code
        if status != 200:
            return status, source.response.read().decode(), []
        return status, None, events(source)


def main():
    mode = sys.argv[1]
    after = sys.argv[sys.argv.index("--after") + 1] if "--after" in sys.argv else "knowledge"
    out = {}
    with httpx.Client(timeout=60) as client:
        if mode == "drop-resume":
            start_base, resume_base, message = sys.argv[2:5]
            run_id, first = start(client, start_base, message, after)
            last = first[-1]["id"]
            url = f"{resume_base}/api/chat/stream/{run_id}"
            if "--query" in sys.argv:
                status, body, second = read(client, url + "?lastEventId=" + last)
            else:
                status, body, second = read(client, url, last)
            out = {"runId": run_id, "first": first, "second": second, "status": status, "body": body}
        elif mode == "drop":
            start_base, message = sys.argv[2:4]
            run_id, first = start(client, start_base, message, after)
            out = {"runId": run_id, "first": first, "droppedAt": time.time()}
        elif mode == "read":
            url = sys.argv[2]
            status, body, seen = read(client, url, sys.argv[3] if len(sys.argv) > 3 else None)
            out = {"status": status, "body": body, "events": seen}
        elif mode == "whole":
            base, message = sys.argv[2:4]
            with httpx_sse.connect_sse(client, "POST", base + "/api/chat/stream", json={"message": message}) as source:
                out = {"runId": source.response.headers.get("x-run-id"), "events": events(source)}
        elif mode == "stop":
            start_base, stop_base, message = sys.argv[2:5]
            with httpx_sse.connect_sse(client, "POST", start_base + "/api/chat/stream", json={"message": message}) as source:
                run_id = source.response.headers.get("x-run-id")
                stream = source.iter_sse()
                seen = events(stream, stage_done("delta"))
                stop_sent = time.time()
                response = client.post(f"{stop_base}/api/chat/runs/{run_id}/stop")
                stop_answered = time.time()
                seen += events(stream)
            again = client.post(f"{stop_base}/api/chat/runs/{run_id}/stop")
            out = {"runId": run_id, "events": seen, "stopStatus": response.status_code, "stopBody": response.json(),
                   "stopSent": stop_sent, "stopAnswered": stop_answered,
                   "againStatus": again.status_code, "againBody": again.json()}
        else:
            raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
