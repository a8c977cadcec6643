#!/usr/bin/env python3
"""Reads bevgenie's SSE stream with real third-party clients and prints what each saw as JSON.

usage: sse_clients.py URL MESSAGE
Prints {"httpx_sse": [...], "sseclient": [...], "headers": {...}} where each list holds
{"event", "id", "data"} objects in order. Fails loudly when a client library is missing.
"""
import json
import sys

import httpx
import httpx_sse
import requests
import sseclient


def main():
    url, message = sys.argv[1:3]
    body = {"message": message}
    seen = {}

    with httpx.Client(timeout=30) as client:
        with httpx_sse.connect_sse(client, "POST", url, json=body) as source:
            seen["headers"] = {k.lower(): v for k, v in source.response.headers.items()}
            seen["status"] = source.response.status_code
            seen["httpx_sse"] = [
                {"event": event.event, "id": event.id, "data": json.loads(event.data)} for event in source.iter_sse()
            ]

    response = requests.post(url, json=body, stream=True, headers={"Accept": "text/event-stream"}, timeout=30)
    seen["sseclient"] = [
        {"event": event.event, "id": event.id, "data": json.loads(event.data)}
        for event in sseclient.SSEClient(response).events()
    ]
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
