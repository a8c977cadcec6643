#!/usr/bin/env python3
"""The peer for `bevgenie bench kb`: what a user would build with Python, SQLite FTS5 and sqlite-vec.

Reads bevgenie's benchmark database (chunk texts and their float32 vectors), loads them into a fresh database
with an FTS5 table (same tokenizer and column weights) and a sqlite-vec vec0 table, then runs the same queries
(the same FTS5 MATCH expressions and query vectors) in keyword, vector and hybrid mode, hybrid fusing the two
rankings with the same reciprocal rank fusion (k = 60, depth max(4 * limit, 40)). Like bevgenie, each search
returns its top chunks' texts and a keyword snippet. Prints one JSON object.

usage: peer_kb_bench.py BEVGENIE_DB QUERIES_JSONL WORK_DIR
"""
import json
import os
import resource
import struct
import sys
import time

import pysqlite3 as sqlite3
import sqlite_vec

LIMIT = 10
DEPTH = max(4 * LIMIT, 40)


def percentile(values, fraction):
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(-(-fraction * len(ordered) // 1)) - 1))
    return ordered[rank]


def peak_rss_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so it would report bevgenie's peak.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    source_path, queries_path, work = sys.argv[1:4]
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    rows = source.execute(
        "SELECT c.rowid, c.title, c.heading_path, c.text, v.vector FROM chunks c "
        "JOIN chunk_vectors v ON v.chunk_rowid = c.rowid ORDER BY c.rowid").fetchall()
    dims = len(rows[0][4]) // 4

    path = os.path.join(work, "peer.db")
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.enable_load_extension(True)
    sqlite_vec.load(db)
    db.enable_load_extension(False)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("CREATE TABLE chunks (rowid INTEGER PRIMARY KEY, title TEXT, heading_path TEXT, text TEXT)")
    db.execute("CREATE VIRTUAL TABLE chunks_fts USING fts5(title, heading_path, text, content='chunks', "
               "content_rowid='rowid', tokenize='porter unicode61')")
    db.execute(f"CREATE VIRTUAL TABLE chunk_vec USING vec0(embedding float[{dims}])")

    started = time.perf_counter()
    with db:
        db.executemany("INSERT INTO chunks(rowid, title, heading_path, text) VALUES (?, ?, ?, ?)",
                       [(r[0], r[1], r[2], r[3]) for r in rows])
        db.executemany("INSERT INTO chunks_fts(rowid, title, heading_path, text) VALUES (?, ?, ?, ?)",
                       [(r[0], r[1], r[2], r[3]) for r in rows])
        db.executemany("INSERT INTO chunk_vec(rowid, embedding) VALUES (?, ?)", [(r[0], r[4]) for r in rows])
    insert_seconds = time.perf_counter() - started

    queries = [json.loads(line) for line in open(queries_path) if line.strip()]

    def keyword(match, depth):
        if not match:
            return []
        return db.execute(
            "SELECT rowid, bm25(chunks_fts, 4.0, 2.0, 1.0) AS rank, "
            "snippet(chunks_fts, 2, '**', '**', '…', 24) FROM chunks_fts WHERE chunks_fts MATCH ? "
            "ORDER BY rank LIMIT ?", (match, depth)).fetchall()

    def vector(blob, depth):
        return db.execute("SELECT rowid, distance FROM chunk_vec WHERE embedding MATCH ? AND k = ?",
                          (blob, depth)).fetchall()

    def fetch(rowids):
        if not rowids:
            return []
        marks = ",".join("?" * len(rowids))
        return db.execute(f"SELECT rowid, title, heading_path, text FROM chunks WHERE rowid IN ({marks})",
                          rowids).fetchall()

    def search(mode, query):
        blob = struct.pack(f"<{dims}f", *query["vector"])
        if mode == "keyword":
            ranked = [r[0] for r in keyword(query["match"], LIMIT)]
        elif mode == "vector":
            ranked = [r[0] for r in vector(blob, LIMIT)]
        else:
            scores = {}
            for ranking in ([r[0] for r in keyword(query["match"], DEPTH)], [r[0] for r in vector(blob, DEPTH)]):
                for rank, rowid in enumerate(ranking):
                    scores[rowid] = scores.get(rowid, 0.0) + 1.0 / (60 + rank + 1)
            ranked = [rowid for rowid, _ in sorted(scores.items(), key=lambda item: -item[1])[:LIMIT]]
        return fetch(ranked)

    modes = {}
    for mode in ("hybrid", "keyword", "vector"):
        search(mode, queries[0])  # warm-up
        times = []
        for query in queries:
            started = time.perf_counter()
            search(mode, query)
            times.append((time.perf_counter() - started) * 1000)
        modes[mode] = {"p50": percentile(times, 0.5), "p99": percentile(times, 0.99)}

    print(json.dumps({
        "rows": len(rows),
        "sqlite_version": sqlite3.sqlite_version,
        "insert_rows_per_s": len(rows) / insert_seconds,
        "modes": modes,
        "peak_rss_mb": peak_rss_mb(),
    }))


if __name__ == "__main__":
    main()
