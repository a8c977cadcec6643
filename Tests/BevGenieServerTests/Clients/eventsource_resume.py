#!/usr/bin/env python3
"""A dropped stream resumed by a real browser EventSource in headless Chromium (DevTools protocol).

The page POSTs a question with fetch (EventSource cannot POST), reads the stream until the knowledge stage completes,
aborts the request, then follows the rest with `new EventSource('/api/chat/stream/RUN?lastEventId=LAST')` until
its complete or error. Prints {"runId", "first": [...], "second": [...]} with {"event", "id", "data"} events.

usage: eventsource_resume.py BASE_URL QUESTION
"""
import json
import sys
import time

import headless_chromium

SCRIPT = r"""
(async (question) => {
  const controller = new AbortController();
  const response = await fetch('/api/chat/stream', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({message: question}), signal: controller.signal});
  const runId = response.headers.get('X-Run-Id');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const first = [];
  reading: while (true) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = {};
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('data: ')) event.data = JSON.parse(line.slice(6));
      }
      if (!event.event) continue;
      first.push(event);
      if (event.event === 'stage' && event.data.stageId === 'knowledge' && event.data.status === 'complete') break reading;
    }
  }
  controller.abort();
  const last = first[first.length - 1].id;
  const second = await new Promise((resolve) => {
    const got = [];
    const source = new EventSource('/api/chat/stream/' + runId + '?lastEventId=' + encodeURIComponent(last));
    for (const name of ['stage', 'delta', 'section', 'page_reset', 'page', 'complete', 'error']) {
      source.addEventListener(name, (e) => {
        got.push({event: name, id: e.lastEventId, data: JSON.parse(e.data)});
        if (name === 'complete' || name === 'error') { source.close(); resolve(got); }
      });
    }
    setTimeout(() => { source.close(); resolve(got); }, 30000);
  });
  return JSON.stringify({runId, first, second});
})
"""


def main():
    base, question = sys.argv[1:3]
    with headless_chromium.page() as (call, evaluate):
        call("Runtime.enable")
        call("Page.navigate", url=base + "/healthz")
        deadline = time.time() + 20
        while evaluate("document.readyState") != "complete":
            if time.time() > deadline:
                raise RuntimeError("the page did not load")
            time.sleep(0.05)
        print(evaluate(SCRIPT.strip() + "(" + json.dumps(question) + ")"))


if __name__ == "__main__":
    main()
