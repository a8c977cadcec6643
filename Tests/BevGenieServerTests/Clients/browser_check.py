#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol for the server tests.

Opens the chat page, types a question, presses Send, waits until the page reports the stream complete (or an
error), takes a screenshot, and prints a JSON report: the rendered section types, the answer text, whether any
injected script ran, and what the page shows for the question.

With --reload-after-first-delta it reloads the page once the answer has begun (the connection drops, the run does
not) and reports what the reloaded page shows: the chat page must resume the same run from its stored id.

usage: browser_check.py BASE_URL QUESTION SCREENSHOT_PATH [--stop-after-first-delta | --reload-after-first-delta]
"""
import base64
import json
import sys
import time

import headless_chromium


def main():
    base, question, screenshot = sys.argv[1:4]
    stop_early = "--stop-after-first-delta" in sys.argv
    reload_early = "--reload-after-first-delta" in sys.argv
    with headless_chromium.page() as (call, evaluate):
        call("Page.enable")
        call("Runtime.enable")
        call("Page.navigate", url=base + "/")
        deadline = time.time() + 20
        while evaluate("document.readyState") != "complete" or not evaluate("!!document.getElementById('composer')"):
            if time.time() > deadline:
                raise RuntimeError("the chat page did not load")
            time.sleep(0.05)
        time.sleep(0.2)  # let the deferred script attach its handlers
        evaluate("window.__xss = false")
        # Watches the landing area while the page streams in: the most heroes it ever held at once, and every
        # section layout it showed (the section contract: a reset voids what an attempt showed).
        evaluate("""(() => {
            window.__maxHeroes = 0;
            const landing = document.getElementById('landing');
            new MutationObserver(() => {
                window.__maxHeroes = Math.max(window.__maxHeroes, landing.querySelectorAll('.section-hero').length);
            }).observe(landing, { childList: true, subtree: true });
        })()""")
        evaluate("document.getElementById('input').value = " + json.dumps(question))
        evaluate("document.getElementById('composer').requestSubmit()")

        stopped = reloaded = False
        before_reload = None
        deadline = time.time() + 30
        state = None
        while time.time() < deadline:
            state = evaluate("document.body.dataset.state || ''")
            answer_begun = evaluate("(document.querySelector('#messages li.assistant') || {}).textContent || ''")
            if stop_early and not stopped and answer_begun:
                evaluate("document.getElementById('stop').click()")
                stopped = True
            if reload_early and not reloaded and answer_begun:
                before_reload = answer_begun
                call("Page.reload")
                reloaded = True
                while evaluate("document.readyState") != "complete":
                    time.sleep(0.05)
                # Everything the resumed answer ever showed, not only its final text (which `complete` replaces).
                evaluate("""(() => {
                    window.__answerSeen = '';
                    new MutationObserver(() => {
                        const a = document.querySelector('#messages li.assistant');
                        if (a && a.textContent.length > window.__answerSeen.length) window.__answerSeen = a.textContent;
                    }).observe(document.getElementById('messages'), { childList: true, subtree: true, characterData: true });
                })()""")
                continue
            if state in ("complete", "error"):
                break
            time.sleep(0.05)

        shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        report = {
            "state": state,
            "sections": evaluate("[...document.querySelectorAll('#landing .section')].map(s => s.className)"),
            "pageType": evaluate("document.getElementById('landing').dataset.pageType || null"),
            "messages": evaluate("[...document.querySelectorAll('#messages > li')].map(li => [li.className, li.textContent])"),
            # The last answer's structure: paragraphs, list items, citation links and whether each leads to a
            # source shown by title, and the titles.
            "answer": evaluate("""(() => {
                const answers = document.querySelectorAll('#messages > li.assistant');
                const a = answers[answers.length - 1];
                if (!a) return null;
                return {
                  paragraphs: a.querySelectorAll('p').length,
                  listItems: a.querySelectorAll('ul > li, ol:not(.answer-sources ol) > li').length,
                  cites: [...a.querySelectorAll('sup.cite a')].map(x => {
                    const target = document.getElementById(x.getAttribute('href').slice(1));
                    return [x.textContent, !!target && a.contains(target), target ? target.textContent : null];
                  }),
                  sourceTitles: [...a.querySelectorAll('.answer-sources li')].map(li => li.textContent),
                  text: a.textContent,
                };
            })()"""),
            "ctaLinks": evaluate("[...document.querySelectorAll('#landing .section-cta a.button')].map(a => a.getAttribute('href'))"),
            "pageSources": evaluate("[...document.querySelectorAll('#landing .sources li')].map(li => li.textContent)"),
            "landingText": evaluate("document.getElementById('landing').innerText"),
            "maxHeroesAtOnce": evaluate("window.__maxHeroes"),
            "scriptElements": evaluate("document.querySelectorAll('script').length"),
            "xssRan": evaluate("window.__xss === true"),
            "reloaded": reloaded,
            "answerBeforeReload": before_reload,
            "answerSeenAfterReload": evaluate("window.__answerSeen || null"),
            "pendingRunKept": evaluate("sessionStorage.getItem('bevgenie-run')"),
            "progressHidden": evaluate("document.getElementById('progress').hidden"),
            # The section table the server sent the script, the types with a layout of their own, and every type
            # drawn by the table-driven renderer from hostile text: shown as text, no markup, no unsafe link.
            "sectionTable": evaluate("""(() => {
                const s = window.bevgenieSections;
                if (!s) return null;
                const hostile = '<img src=x onerror="window.__xss=true">';
                const fill = (fields) => {
                  const value = {}, texts = [];
                  for (const f of fields) {
                    if (f.kind === 'text' || f.kind === 'choice') { value[f.name] = hostile + f.name; texts.push(value[f.name]); }
                    else if (f.kind === 'link') value[f.name] = 'javascript:window.__xss=true';
                    else if (f.kind === 'citation') value[f.name] = 'c1';
                    else if (f.kind === 'citations') value[f.name] = ['c1'];
                    else if (f.kind === 'labels' || f.kind === 'cells') { value[f.name] = [hostile + f.name]; texts.push(value[f.name][0]); }
                    else if (f.kind === 'list') { const item = fill(f.fields); value[f.name] = [item.value]; texts.push(...item.texts); }
                  }
                  return { value, texts };
                };
                const generic = {};
                for (const [type, schema] of Object.entries(s.table)) {
                  const { value, texts } = fill(schema.fields);
                  value.type = type;
                  const node = s.generic(value, schema);
                  generic[type] = {
                    className: node.className,
                    allTextShown: texts.length > 0 && texts.every(t => node.textContent.includes(t)),
                    elements: node.querySelectorAll('img, script').length,
                    links: [...node.querySelectorAll('a')].map(a => a.getAttribute('href')),
                  };
                }
                return { types: Object.keys(s.table), layouts: s.layouts, generic };
            })()"""),
        }
        print(json.dumps(report))


if __name__ == "__main__":
    main()
