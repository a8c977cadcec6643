"""Real traffic against a running `bevgenie serve`, then its /metrics read by Prometheus's own text parser.

Usage: prometheus_check.py BASE_URL DATABASE_PATH REQUEST_ID

Runs two chat streams of the same question (the second is a page-cache hit), one JSON chat that succeeds, a bad
JSON body (400), an unknown route (404); then breaks the store under the server (drops a table through a second
SQLite connection) so that a store route and a run fail for real (500), the failing run sent with REQUEST_ID.
Prints one JSON object: what each request answered, and every parsed metric family with its type and samples.
"""
import json
import sqlite3
import sys

import httpx
from prometheus_client.parser import text_string_to_metric_families

base, database, request_id = sys.argv[1], sys.argv[2], sys.argv[3]
question = "How much does it cost?"
answers = {}

with httpx.Client(timeout=60) as client:
    for index in range(2):
        with client.stream("POST", base + "/api/chat/stream", json={"message": question}) as response:
            body = "".join(response.iter_text())
            answers[f"stream{index}"] = {"status": response.status_code, "complete": "event: complete" in body,
                                         "request_id": response.headers.get("x-request-id")}
    ok = client.post(base + "/api/chat", json={"message": "Can I book a demo?"})
    session_id = ok.json()["session"]["id"]
    answers["chat"] = {"status": ok.status_code, "request_id": ok.headers.get("x-request-id")}
    bad = client.post(base + "/api/chat", content=b"{bad", headers={"content-type": "application/json"})
    answers["bad_json"] = {"status": bad.status_code, "request_id": bad.headers.get("x-request-id")}
    unknown = client.get(base + "/no/such/route", headers={"x-request-id": "not a sane id!"})
    answers["unknown"] = {"status": unknown.status_code, "request_id": unknown.headers.get("x-request-id")}

    # The store breaks under the running server: every query of this table now fails inside SQLite.
    with sqlite3.connect(database, timeout=30) as connection:
        connection.execute("DROP TABLE persona_scores")

    session = client.get(base + "/api/sessions/" + session_id)
    answers["session"] = {"status": session.status_code, "body": session.json(),
                          "request_id": session.headers.get("x-request-id")}
    failed = client.post(base + "/api/chat", json={"message": question}, headers={"x-request-id": request_id})
    answers["failed_run"] = {"status": failed.status_code, "body": failed.json(),
                             "request_id": failed.headers.get("x-request-id")}

    metrics = client.get(base + "/metrics")
    families = {}
    for family in text_string_to_metric_families(metrics.text):
        families[family.name] = {
            "type": family.type,
            "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples],
        }
    print(json.dumps({"answers": answers, "content_type": metrics.headers.get("content-type"), "families": families}))
