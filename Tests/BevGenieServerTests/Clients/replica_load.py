#!/usr/bin/env python3
"""Chats spread round-robin over several `bevgenie serve` replicas sharing one database; prints one JSON object.

usage:
  replica_load.py chat BASE[,BASE...] --sessions S --turns T --concurrency C
                  [--kill-pid PID --kill-replica R --kill-after N] [--overlap-every K] [--tag TAG] [--message M]
                  [--fault-command CMD --recover-command CMD --recover-after SECONDS]

Session s sends its turn k to replica (s + k) % len(BASES): every turn after the first lands on another replica
than the turn before. The session ids are the client's own (`TAG` + s), so the caller can find every row. Turns of
one session run one after another, except that in every K-th session turns 1 and 2 are sent at the same moment to
two replicas (the persona update of both must survive). Up to C sessions talk at once.

With --fault-command instead, the same moment runs that command (stopping the database), and --recover-command
--recover-after seconds later; every record then carries `sentAt` and `endedAt` (epoch seconds) to tell which chats
were in flight.

With --kill-pid, once N chats have completed, the first stream of replica R that has delivered an event but not
yet its end gets the replica killed with SIGKILL: mid-stream, on purpose. Chats sent to it afterwards are refused.

Each chat's record: session, turn, replica, outcome (`complete`, `error:CODE`, `http:STATUS`, `broken` when the
stream ended before complete or error, `refused`, `hung` when it had not ended after 45 s), runId (the X-Run-Id header), events seen, the pain-point
signals stage 2 reported, whether the page came from the cache, and the persona `complete` reported.
"""
import argparse
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import threading
import time

import httpx

# In-scope messages that reveal pain points (stage 2 reads signals from each; none is out of scope).
MESSAGES = [
    "Our distributor reps ignore our brand. How do we get mindshare with them?",
    "We keep missing price posting deadlines and label approvals take forever",
    "We can't see which displays get executed in the field by our reps",
    "How do we prove ROI on our retail promotions and depletion allowances?",
    "Our depletion data arrives weeks late from the distributors",
    "Which accounts are losing shelf placement and why is velocity dropping?",
    "Compliance with state shipping rules is eating our team's time",
    "How does BevGenie compare to running everything in spreadsheets for distributor tracking?",
]


# A stream that has not ended after this many seconds (heartbeats keep it open) is reported as `hung`.
DEADLINE = 45.0

# --message: every chat asks this instead (a question no earlier chat asked: the page-cache check).
MESSAGE = None


class Kill:
    """The one fault of the run, set off by whichever stream first qualifies: SIGKILL of a replica's process
    (--kill-pid), or a command (--fault-command, e.g. stopping the database) followed --recover-after seconds
    later by --recover-command."""

    def __init__(self, pid, replica, after, command=None, recover=None, recover_after=0.0):
        self.pid, self.replica, self.after = pid, replica, after
        self.command, self.recover, self.recover_after = command, recover, recover_after
        self.lock = threading.Lock()
        self.completed = 0
        self.done = pid is None and command is None
        self.at = None
        self.recovered = threading.Event()
        self.failure = None

    def completed_one(self):
        with self.lock:
            self.completed += 1

    def maybe(self, replica):
        """Called on each event of a stream on `replica` before its end: sets the fault off once; True if it did."""
        if self.done or (self.pid is not None and replica != self.replica):
            return False
        with self.lock:
            if self.done or self.completed < self.after:
                return False
            self.done = True
            self.at = time.time()
            if self.pid is not None:
                os.kill(self.pid, signal.SIGKILL)
            else:
                threading.Thread(target=self.fault).start()
            return True

    def fault(self):
        try:
            subprocess.run(self.command, shell=True, check=True, capture_output=True)
            if self.recover:
                time.sleep(self.recover_after)
                subprocess.run(self.recover, shell=True, check=True, capture_output=True)
        except subprocess.CalledProcessError as error:
            self.failure = f"{error.cmd}: {error.stderr.decode(errors='replace')}"
        finally:
            self.recovered.set()


def chat(client, bases, session, turn, replica, kill, tag):
    record = {"session": tag + str(session), "turn": turn, "replica": replica, "runId": None, "events": 0,
              "signals": None, "cached": None, "persona": None, "killedHere": False, "sentAt": time.time()}
    message = MESSAGE or MESSAGES[(session * 3 + turn) % len(MESSAGES)]
    body = {"message": message, "sessionId": record["session"]}
    try:
        with client.stream("POST", bases[replica] + "/api/chat/stream", json=body) as response:
            record["runId"] = response.headers.get("x-run-id")
            if response.status_code != 200:
                response.read()
                record["outcome"] = f"http:{response.status_code}"
                return record
            event, data, outcome = None, None, "broken"
            for line in response.iter_lines():
                if time.time() - record["sentAt"] > DEADLINE:
                    outcome = "hung"  # only heartbeats for this long: the run is stuck
                    break
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data = line[5:].strip()
                elif line == "" and event:
                    record["events"] += 1
                    payload = json.loads(data) if data else {}
                    if event == "stage" and payload.get("status") == "complete":
                        result = payload.get("result") or {}
                        if payload.get("stageId") == "signals":
                            record["signals"] = len(result.get("signals") or [])
                        if payload.get("stageId") == "page":
                            record["cached"] = bool(result.get("cached"))
                    if event == "complete":
                        outcome = "complete"
                        record["persona"] = payload.get("session", {}).get("persona")
                    elif event == "error":
                        outcome = "error:" + payload.get("code", "?")
                        record["retryable"] = payload.get("retryable")
                        record["category"] = payload.get("category")
                    elif kill.maybe(replica):
                        record["killedHere"] = True
                    event, data = None, None
            record["outcome"] = outcome
    except httpx.ConnectError:
        record["outcome"] = "refused" if record["events"] == 0 else "broken"
    except (httpx.ReadError, httpx.RemoteProtocolError, httpx.ReadTimeout):
        record["outcome"] = "broken"
    record["endedAt"] = time.time()
    if record["outcome"] == "complete":
        kill.completed_one()
    return record


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["chat"])
    parser.add_argument("bases")
    parser.add_argument("--sessions", type=int, required=True)
    parser.add_argument("--turns", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--kill-pid", type=int)
    parser.add_argument("--kill-replica", type=int, default=0)
    parser.add_argument("--kill-after", type=int, default=0)
    parser.add_argument("--overlap-every", type=int, default=0)
    parser.add_argument("--tag", default="rs")
    parser.add_argument("--message")
    parser.add_argument("--fault-command")
    parser.add_argument("--recover-command")
    parser.add_argument("--recover-after", type=float, default=1.0)
    args = parser.parse_args()
    global MESSAGE
    MESSAGE = args.message
    bases = args.bases.split(",")
    kill = Kill(args.kill_pid, args.kill_replica, args.kill_after, args.fault_command, args.recover_command,
                args.recover_after)
    limits = httpx.Limits(max_connections=args.concurrency * 2 + 4, max_keepalive_connections=args.concurrency * 2)
    records, lock = [], threading.Lock()
    started = time.time()

    with httpx.Client(timeout=httpx.Timeout(120.0), limits=limits) as client:
        def run_session(session):
            def one(turn):
                record = chat(client, bases, session, turn, (session + turn) % len(bases), kill, args.tag)
                with lock:
                    records.append(record)
            turn = 0
            while turn < args.turns:
                overlapped = args.overlap_every and session % args.overlap_every == 0 and turn == 1 \
                    and args.turns >= 3
                if overlapped:
                    pair = [threading.Thread(target=one, args=(t,)) for t in (1, 2)]
                    for thread in pair:
                        thread.start()
                    for thread in pair:
                        thread.join()
                    turn += 2
                else:
                    one(turn)
                    turn += 1

        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            list(pool.map(run_session, range(args.sessions)))

    if kill.command and kill.at is not None:
        kill.recovered.wait()
    records.sort(key=lambda r: (r["session"], r["turn"]))
    print(json.dumps({"seconds": time.time() - started, "killed": kill.at is not None, "faultAt": kill.at,
                      "faultFailure": kill.failure, "chats": records}))


if __name__ == "__main__":
    sys.exit(main())
