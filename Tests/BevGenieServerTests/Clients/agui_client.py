#!/usr/bin/env python3
"""Runs bevgenie's AG-UI endpoint like an AG-UI frontend and checks every event with `ag-ui-protocol`'s models.

usage: agui_client.py URL TOKEN THREAD_ID QUESTION [QUESTION...]
Sends one RunAgentInput per question on the same thread (the conversation so far in `messages`), reads the SSE
stream, validates each `data:` payload as an AG-UI `Event` (pydantic, the package's own models), checks the
protocol's ordering rules and applies every STATE_DELTA (RFC 6902) to the last STATE_SNAPSHOT. Prints, per run:
{"status", "types", "steps", "text", "state", "result", "error", "violations", "patch_ops"}; then the same for a
RunAgentInput without a user message and for a wrong token. Fails loudly when a package is missing.
"""
import copy
import json
import sys
import uuid

import httpx
from ag_ui.core import Event, RunAgentInput, UserMessage, AssistantMessage
from pydantic import TypeAdapter

EVENT = TypeAdapter(Event)


def pointer(path):
    return [part.replace("~1", "/").replace("~0", "~") for part in path.split("/")[1:]]


def apply_patch(document, operations):
    """RFC 6902 add / remove / replace, the operations a state delta may carry here; anything else is an error."""
    document = copy.deepcopy(document)
    for operation in operations:
        op, parts = operation["op"], pointer(operation["path"])
        if not parts:
            if op in ("add", "replace"):
                document = copy.deepcopy(operation["value"])
                continue
            raise ValueError(f"cannot {op} the whole document")
        parent = document
        for part in parts[:-1]:
            parent = parent[int(part)] if isinstance(parent, list) else parent[part]
        last = parts[-1]
        if isinstance(parent, list):
            if op == "add":
                index = len(parent) if last == "-" else int(last)
                if index > len(parent):
                    raise ValueError(f"add past the end at {operation['path']}")
                parent.insert(index, operation["value"])
            elif op == "replace":
                index = int(last)
                if index >= len(parent):
                    raise ValueError(f"replace of a missing element at {operation['path']}")
                parent[index] = operation["value"]
            elif op == "remove":
                del parent[int(last)]
            else:
                raise ValueError(f"unexpected op {op}")
        else:
            if op == "add":
                parent[last] = operation["value"]
            elif op == "replace":
                if last not in parent:
                    raise ValueError(f"replace of a missing member at {operation['path']}")
                parent[last] = operation["value"]
            elif op == "remove":
                del parent[last]
            else:
                raise ValueError(f"unexpected op {op}")
    return document


def run(client, url, headers, run_input):
    seen = {"types": [], "steps": [], "text": "", "state": None, "result": None, "error": None,
            "violations": [], "patch_ops": []}
    violations = seen["violations"]
    with client.stream("POST", url, json=run_input, headers=headers) as response:
        seen["status"] = response.status_code
        seen["content_type"] = response.headers.get("content-type")
        if response.status_code != 200:
            seen["body"] = json.loads(response.read())
            return seen
        open_steps, open_messages, used_messages = [], set(), set()
        finished = False
        data_lines = []
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if line.startswith("data:"):
                data_lines.append(line[5:].lstrip(" "))
                continue
            if line != "" or not data_lines:
                continue
            payload = json.loads("\n".join(data_lines))
            data_lines = []
            event = EVENT.validate_python(payload)  # raises on anything the protocol's models reject
            kind = payload["type"]
            seen["types"].append(kind)
            if finished:
                violations.append(f"{kind} after the run ended")
            if len(seen["types"]) == 1 and kind not in ("RUN_STARTED", "RUN_ERROR"):
                violations.append(f"the stream opens with {kind}")
            if kind == "RUN_STARTED":
                if event.thread_id != run_input["threadId"] or event.run_id != run_input["runId"]:
                    violations.append("RUN_STARTED ids differ from the input's")
            elif kind == "STEP_STARTED":
                if event.step_name in open_steps:
                    violations.append(f"step {event.step_name} started twice")
                open_steps.append(event.step_name)
                seen["steps"].append("+" + event.step_name)
            elif kind == "STEP_FINISHED":
                if event.step_name not in open_steps:
                    violations.append(f"step {event.step_name} finished without starting")
                else:
                    open_steps.remove(event.step_name)
                seen["steps"].append("-" + event.step_name)
            elif kind == "TEXT_MESSAGE_START":
                if event.message_id in used_messages:
                    violations.append(f"message {event.message_id} started twice")
                used_messages.add(event.message_id)
                open_messages.add(event.message_id)
            elif kind == "TEXT_MESSAGE_CONTENT":
                if event.message_id not in open_messages:
                    violations.append(f"content for message {event.message_id} that is not open")
                if event.delta == "":
                    violations.append("an empty content delta")
                seen["text"] += event.delta
            elif kind == "TEXT_MESSAGE_END":
                if event.message_id not in open_messages:
                    violations.append(f"end of message {event.message_id} that is not open")
                open_messages.discard(event.message_id)
            elif kind == "STATE_SNAPSHOT":
                seen["state"] = copy.deepcopy(event.snapshot)
            elif kind == "STATE_DELTA":
                if seen["state"] is None:
                    violations.append("STATE_DELTA before any STATE_SNAPSHOT")
                    continue
                seen["patch_ops"].extend(f"{op['op']} {op['path']}" for op in payload["delta"])
                try:
                    seen["state"] = apply_patch(seen["state"], payload["delta"])
                except (ValueError, KeyError, IndexError) as error:
                    violations.append(f"a patch that does not apply: {error}")
            elif kind == "RUN_FINISHED":
                if open_steps:
                    violations.append(f"run finished with steps open: {open_steps}")
                if open_messages:
                    violations.append(f"run finished with messages open: {sorted(open_messages)}")
                seen["result"] = event.result
                finished = True
            elif kind == "RUN_ERROR":
                seen["error"] = {"message": event.message, "code": event.code}
                finished = True
        if not finished:
            violations.append("the stream ended without RUN_FINISHED or RUN_ERROR")
    return seen


def main():
    url, token, thread_id, *questions = sys.argv[1:]
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    messages, runs = [], []
    with httpx.Client(timeout=60) as client:
        for question in questions:
            messages.append(UserMessage(id=str(uuid.uuid4()), role="user", content=question))
            run_input = RunAgentInput(thread_id=thread_id, run_id=str(uuid.uuid4()), state={}, messages=messages,
                                      tools=[], context=[], forwarded_props={})
            body = run_input.model_dump(by_alias=True, mode="json", exclude_none=True)
            seen = run(client, url, headers, body)
            runs.append(seen)
            messages.append(AssistantMessage(id=str(uuid.uuid4()), role="assistant", content=seen["text"]))
        no_question = {"threadId": thread_id, "runId": str(uuid.uuid4()), "messages": [], "state": {},
                       "tools": [], "context": [], "forwardedProps": {}}
        refused = run(client, url, headers, no_question)
        wrong = run(client, url, {"Authorization": "Bearer wrong"}, body)
    print(json.dumps({"runs": runs, "no_question": refused, "wrong_token": wrong}))


if __name__ == "__main__":
    main()
