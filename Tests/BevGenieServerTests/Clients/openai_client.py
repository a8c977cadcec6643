#!/usr/bin/env python3
"""Talks to bevgenie's OpenAI-compatible face with the official `openai` SDK and prints what it saw as JSON.

usage: openai_client.py BASE_URL TOKEN QUESTION FOLLOW_UP
       openai_client.py BASE_URL TOKEN QUESTION --failing   (a server whose runs fail: both calls' exceptions)
BASE_URL ends in /v1. Runs, in order: models.list; a non-streaming completion of QUESTION; a streaming completion
of FOLLOW_UP continuing that session (session_id in extra_body); a wrong API key; a body over the server's limit;
an unknown model; an empty message. Each failure is recorded as the SDK exception's class name, status and body,
so the test decides what is right. Fails loudly when the SDK is missing.
"""
import json
import sys

import openai


def failure(call):
    try:
        call()
    except openai.APIStatusError as error:
        return {"exception": type(error).__name__, "status": error.status_code, "body": error.body}
    except openai.APIError as error:
        return {"exception": type(error).__name__, "body": error.body}
    return {"exception": None}


def failing(client, question):
    def stream():
        with client.chat.completions.create(
                model="bevgenie", stream=True, messages=[{"role": "user", "content": question}]) as chunks:
            for _ in chunks:
                pass
    return {
        "stream": failure(stream),
        "completion": failure(lambda: client.chat.completions.create(
            model="bevgenie", messages=[{"role": "user", "content": question}])),
    }


def main():
    base_url, token, question, follow_up = sys.argv[1:5]
    client = openai.OpenAI(base_url=base_url, api_key=token, max_retries=0, timeout=60)
    if follow_up == "--failing":
        print(json.dumps(failing(client, question)))
        return
    seen = {"models": [model.id for model in client.models.list()]}

    completion = client.chat.completions.create(
        model="bevgenie", messages=[{"role": "user", "content": question}])
    seen["completion"] = {
        "id": completion.id,
        "object": completion.object,
        "content": completion.choices[0].message.content,
        "role": completion.choices[0].message.role,
        "finish_reason": completion.choices[0].finish_reason,
        "bevgenie": completion.model_extra.get("bevgenie"),
    }
    session_id = completion.model_extra["bevgenie"]["session"]["id"]

    chunks = []
    with client.chat.completions.create(
        model="bevgenie", stream=True, extra_body={"session_id": session_id},
        messages=[{"role": "user", "content": question}, {"role": "assistant", "content": completion.choices[0].message.content},
                  {"role": "user", "content": follow_up}],
    ) as stream:
        for chunk in stream:
            chunks.append({
                "id": chunk.id,
                "object": chunk.object,
                "content": chunk.choices[0].delta.content if chunk.choices else None,
                "role": chunk.choices[0].delta.role if chunk.choices else None,
                "finish_reason": chunk.choices[0].finish_reason if chunk.choices else None,
                "bevgenie": (chunk.model_extra or {}).get("bevgenie"),
            })
    seen["stream"] = chunks

    wrong = openai.OpenAI(base_url=base_url, api_key=token + "-wrong", max_retries=0, timeout=30)
    seen["wrong_key"] = failure(lambda: wrong.chat.completions.create(
        model="bevgenie", messages=[{"role": "user", "content": question}]))
    seen["wrong_key_models"] = failure(lambda: wrong.models.list())
    seen["oversized"] = failure(lambda: client.chat.completions.create(
        model="bevgenie", messages=[{"role": "user", "content": "x" * (128 * 1024)}]))
    seen["unknown_model"] = failure(lambda: client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": question}]))
    seen["empty_message"] = failure(lambda: client.chat.completions.create(
        model="bevgenie", stream=True, messages=[{"role": "user", "content": "   "}]))
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
