import BevGenieCore

/// The chat page served at `/`: a chat sidebar and a landing area where the generated page appears section by
/// section, with the seed's progress card (percentage bar and stage name) while a message runs.
///
/// Every piece of text from the server is put on the page with `textContent` or `createTextNode`, never parsed
/// as HTML; with the page's Content-Security-Policy (no inline script), text cannot become script.
enum ChatPage {
    /// The page for `brand`: its name, tagline and the assistant's name, escaped like any other text.
    static func html(brand: Brand) -> String {
        let e = PageRenderer.escape
        return template
            .replacingOccurrences(of: "{{title}}", with: e(brand.assistantName))
            .replacingOccurrences(of: "{{company}}", with: e(brand.companyName))
            .replacingOccurrences(of: "{{tagline}}", with: e(brand.tagline))
            .replacingOccurrences(of: "{{assistant}}", with: e(brand.assistantName))
    }

    static let template = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        <link rel="stylesheet" href="/app.css">
        <script src="/app.js" defer></script>
        </head>
        <body>
        <div class="layout">
          <aside class="chat">
            <header class="brand">{{company}} <span class="muted">{{tagline}}</span></header>
            <ol id="messages" class="messages" aria-live="polite"></ol>
            <div id="progress" class="progress" hidden>
              <div class="progress-head"><strong>Generating page...</strong><span id="progress-value">0%</span></div>
              <div class="bar"><div id="progress-bar" class="bar-fill"></div></div>
              <p id="progress-stage" class="muted"></p>
            </div>
            <form id="composer" class="composer">
              <textarea id="input" rows="3" maxlength="4000" placeholder="Ask {{assistant}} a question" required></textarea>
              <div class="composer-actions">
                <input id="token" type="password" placeholder="API token" hidden>
                <button id="stop" type="button" class="secondary" hidden>Stop</button>
                <button id="send" type="submit">Send</button>
              </div>
            </form>
          </aside>
          <main id="landing" class="landing">
            <section class="empty">
              <h1>Your page appears here</h1>
              <p class="muted">Ask a question on the left. {{assistant}} answers from its knowledge base and builds a page for you, section by section.</p>
            </section>
          </main>
        </div>
        </body>
        </html>

        """

    static let stylesheet = """
        :root{--ink:#1d2330;--muted:#5b6475;--brand:#7a1f3d;--accent:#c8902e;--bg:#faf8f5;--card:#fff;--line:#e6e1da}
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--ink);background:var(--bg)}
        .layout{display:grid;grid-template-columns:380px 1fr;min-height:100vh}
        .chat{display:flex;flex-direction:column;border-right:1px solid var(--line);background:var(--card);height:100vh;position:sticky;top:0}
        .brand{padding:16px;font-weight:700;color:var(--brand);border-bottom:1px solid var(--line)}.brand .muted{display:block;font-weight:400;font-size:.85em}
        .muted{color:var(--muted)}.messages{list-style:none;margin:0;padding:12px;flex:1;overflow-y:auto}
        .message{margin:0 0 12px;padding:10px 12px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}
        .message.user{background:#f1ece5;margin-left:32px}.message.assistant{white-space:normal}.message p{margin:0 0 8px}
        .message ul,.message ol{margin:0 0 8px;padding-left:1.2em}.message li{margin:0 0 4px}.message .answer-sources{font-size:.85em;color:var(--muted);border-top:1px solid var(--line);padding-top:6px}
        .cite{font-size:.7em;margin-left:2px}.cite a{color:var(--muted);text-decoration:none}
        .button{display:inline-block;margin-top:8px;padding:10px 22px;border-radius:999px;background:var(--brand);color:#fff;text-decoration:none;font-weight:600}.message.assistant{background:#fff;border:1px solid var(--line);margin-right:16px}
        .message.error{background:#fdecec;border:1px solid #f3b7b7;color:#7a1f1f}
        .progress{margin:0 12px 12px;padding:12px 14px;border:1px solid var(--line);border-radius:16px;box-shadow:0 8px 24px rgba(0,0,0,.08)}
        .progress-head{display:flex;justify-content:space-between;font-size:.9em;margin-bottom:8px}#progress-value{color:#2563eb;font-weight:600}
        .bar{height:8px;background:#e5e7eb;border-radius:999px;overflow:hidden}.bar-fill{height:100%;width:0;background:linear-gradient(90deg,#3b82f6,#2563eb);transition:width .2s}
        .progress p{margin:8px 0 0;font-size:.85em}
        .composer{padding:12px;border-top:1px solid var(--line)}textarea{width:100%;resize:vertical;font:inherit;padding:8px;border:1px solid var(--line);border-radius:8px}
        .composer-actions{display:flex;gap:8px;justify-content:flex-end;margin-top:8px}#token{flex:1;padding:6px 8px;border:1px solid var(--line);border-radius:8px}
        button{font:inherit;font-weight:600;padding:8px 16px;border-radius:999px;border:0;background:var(--brand);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--brand);border:1px solid var(--brand)}button:disabled{opacity:.5;cursor:default}
        .landing{padding:32px;max-width:1040px;width:100%}.empty{margin-top:20vh;text-align:center}
        .section{margin:0 0 36px}.section-hero{padding:44px 32px;border-radius:16px;color:#fff;background:linear-gradient(135deg,var(--brand),#3b1326)}
        .section-hero h1{font-size:2.1rem;line-height:1.15;margin:0 0 12px}.section-hero .eyebrow{text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;opacity:.8;margin:0 0 10px}
        .section-hero .lead{font-size:1.15rem;max-width:60ch;margin:0}h2{font-size:1.4rem;margin:0 0 14px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:14px}.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px}
        .card h3{margin:0 0 6px;font-size:1rem;color:var(--brand)}.card p{margin:0;color:var(--muted)}
        .metrics{display:grid;grid-template-columns:repeat(auto-fit,minmax(190px,1fr));gap:14px}.metric{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:16px}
        .metric .value{display:block;font-size:1.9rem;font-weight:700;color:var(--accent)}.metric .label{color:var(--muted)}
        .steps li{margin:0 0 8px}table{border-collapse:collapse;width:100%;background:var(--card)}th,td{border:1px solid var(--line);padding:9px;text-align:left;vertical-align:top}
        thead th{background:#f1ece5}figure{margin:0;padding:22px;background:var(--card);border-left:4px solid var(--accent);border-radius:8px}
        blockquote{margin:0 0 10px;font-size:1.15rem;font-style:italic}figcaption{color:var(--muted)}
        details{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin:0 0 8px}summary{font-weight:600;cursor:pointer}
        .section-cta{text-align:center;padding:28px;background:var(--card);border:1px solid var(--line);border-radius:16px}
        .sources{border-top:1px solid var(--line);padding-top:14px;color:var(--muted);font-size:.85rem}
        @media (max-width:800px){.layout{grid-template-columns:1fr}.chat{height:auto;position:static}}

        """

    /// The script served as `/app.js`, with the section table (`SectionSchema.tableJSON`) in it: the renderer
    /// looks a section's fields up there, and a type without a layout of its own yet still shows its content.
    static let script = scriptTemplate.replacingOccurrences(
        of: "/*{{sectionTable}}*/{}", with: SectionSchema.tableJSON.serialized())

    static let scriptTemplate = #"""
        "use strict";
        // The seed's useThinkingStream, without a framework: POST the message, read the SSE stream from fetch, and
        // hand each event to the UI. All text goes through textContent, never innerHTML.
        (function () {
          const $ = (id) => document.getElementById(id);
          const state = { sessionId: null, controller: null, token: sessionStorage.getItem("bevgenie-token") || "" };

          function el(tag, className, text) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (text !== undefined && text !== null) node.textContent = String(text);
            return node;
          }

          function addMessage(role, text) {
            const item = el("li", "message " + role, text);
            $("messages").appendChild(item);
            item.scrollIntoView({ block: "end" });
            return item;
          }

          function setProgress(progress, stageName) {
            $("progress").hidden = false;
            $("progress-value").textContent = progress + "%";
            $("progress-bar").style.width = progress + "%";
            if (stageName) $("progress-stage").textContent = stageName;
          }

          // ---- page rendering, section by section ----
          function list(section, kind) {
            const node = el("section", "section section-" + section.type);
            node.appendChild(el("h2", null, section.heading));
            if (kind === "steps") {
              const ol = el("ol", "steps");
              for (const item of section.items || []) {
                const li = el("li");
                li.appendChild(el("strong", null, item.title));
                li.appendChild(document.createTextNode(" " + item.description));
                ol.appendChild(li);
              }
              node.appendChild(ol);
            } else {
              const cards = el("div", "cards");
              for (const item of section.items || []) {
                const card = el("article", "card");
                card.appendChild(el("h3", null, item.title));
                card.appendChild(el("p", null, item.description));
                cards.appendChild(card);
              }
              node.appendChild(cards);
            }
            return node;
          }

          // The section table (SectionSchema+Table.swift), filled in by the server: every type's fields in order,
          // with their kinds (text, choice, link, citation(s), labels, cells, list of items with their own fields).
          const SECTIONS = /*{{sectionTable}}*/{};

          // Each type's layout; the content of a type without one is still shown, by `generic`.
          const renderers = {
            hero(section) {
              const node = el("section", "section section-hero");
              node.appendChild(el("h1", null, section.headline));
              if (section.subheadline) node.appendChild(el("p", "lead", section.subheadline));
              return node;
            },
            pain_points(section) { return list(section, "cards"); },
            features(section) { return list(section, "cards"); },
            steps(section) { return list(section, "steps"); },
            metrics(section) {
              const node = el("section", "section section-metrics");
              node.appendChild(el("h2", null, section.heading));
              const grid = el("div", "metrics");
              for (const item of section.items || []) {
                const metric = el("div", "metric");
                metric.appendChild(el("span", "value", item.value));
                metric.appendChild(el("span", "label", item.label));
                grid.appendChild(metric);
              }
              node.appendChild(grid);
              return node;
            },
            comparison(section) {
              const node = el("section", "section section-comparison");
              node.appendChild(el("h2", null, section.heading));
              const table = el("table");
              const head = el("thead"), headRow = el("tr");
              for (const column of section.columns || []) headRow.appendChild(el("th", null, column));
              head.appendChild(headRow);
              table.appendChild(head);
              const body = el("tbody");
              for (const row of section.rows || []) {
                const tr = el("tr");
                tr.appendChild(el("th", null, row.label));
                for (const value of row.values || []) tr.appendChild(el("td", null, value));
                body.appendChild(tr);
              }
              table.appendChild(body);
              node.appendChild(table);
              return node;
            },
            testimonial(section) {
              const node = el("section", "section section-testimonial");
              const figure = el("figure");
              figure.appendChild(el("blockquote", null, section.quote));
              figure.appendChild(el("figcaption", null, section.author));
              node.appendChild(figure);
              return node;
            },
            faq(section) {
              const node = el("section", "section section-faq");
              node.appendChild(el("h2", null, section.heading));
              for (const item of section.items || []) {
                const details = el("details");
                details.appendChild(el("summary", null, item.question));
                details.appendChild(el("p", null, item.answer));
                node.appendChild(details);
              }
              return node;
            },
            cta(section) {
              const node = el("section", "section section-cta");
              node.appendChild(el("h2", null, section.headline));
              if (section.description) node.appendChild(el("p", null, section.description));
              // A link only to where the page says (the configured URL or mailto:), checked again here.
              if (safeLink(section.href)) {
                const link = el("a", "button", section.buttonLabel);
                link.href = section.href;
                link.rel = "noopener";
                link.dataset.action = section.action || "";
                node.appendChild(link);
              } else {
                node.appendChild(el("span", "button", section.buttonLabel));
              }
              return node;
            },
          };

          /** A section by its table entry alone: the first text as its heading, other text as paragraphs, lists
           *  of items as cards, strings as a list, links (checked) as buttons; citations are not shown. */
          function generic(section, schema) {
            const node = el("section", "section section-" + section.type);
            let headed = false;
            const texts = (parent, value, field, first, rest) => {
              if (field.kind === "text" || field.kind === "choice") {
                if (typeof value === "string") parent.appendChild(el(first() ? rest[0] : rest[1], null, value));
              } else if (field.kind === "link") {
                if (safeLink(value)) {
                  const link = el("a", "button", value);
                  link.href = value;
                  link.rel = "noopener";
                  parent.appendChild(link);
                }
              } else if (field.kind === "labels" || field.kind === "cells") {
                const ul = el("ul");
                for (const entry of Array.isArray(value) ? value : []) ul.appendChild(el("li", null, entry));
                parent.appendChild(ul);
              }
            };
            for (const field of schema.fields) {
              const value = section[field.name];
              if (value === undefined || value === null) continue;
              if (field.kind === "list") {
                const cards = el("div", "cards");
                for (const item of Array.isArray(value) ? value : []) {
                  const card = el("article", "card");
                  let titled = false;
                  for (const itemField of field.fields) {
                    const itemValue = item ? item[itemField.name] : undefined;
                    if (itemValue === undefined || itemValue === null) continue;
                    texts(card, itemValue, itemField, () => { const was = titled; titled = true; return !was; }, ["h3", "p"]);
                  }
                  cards.appendChild(card);
                }
                node.appendChild(cards);
              } else {
                texts(node, value, field, () => { const was = headed; headed = true; return !was; }, ["h2", "p"]);
              }
            }
            return node;
          }

          function renderSection(section) {
            const schema = SECTIONS[section.type];
            if (!schema) return el("section", "section", "");  // a type this server's table does not have
            return (renderers[section.type] || generic)(section, schema);
          }

          // The table and the renderers, for the browser tests (and a page that embeds the chat); read-only.
          window.bevgenieSections = Object.freeze({ table: SECTIONS, layouts: Object.keys(renderers), render: renderSection, generic });

          function safeLink(href) {
            if (typeof href !== "string") return false;
            return /^https?:\/\/[^\s"'<>\\\/][^\s"'<>\\]*$/i.test(href) || /^mailto:[^\s"'<>\\\/?#&@]+@[^\s"'<>\\\/?#&@]+\.[^\s"'<>\\\/?#&@]+$/i.test(href);
          }

          // ---- the answer as formatted text: paragraphs, lists, citations linked to its source titles ----
          let answerCount = 0;

          /** Text with [n] citations as superscript links and **bold** as strong, appended to `parent`. */
          function inline(parent, text, prefix, known) {
            const pattern = /\[(\d{1,3})\]|\*\*([^*]+)\*\*/g;
            let last = 0, match;
            while ((match = pattern.exec(text)) !== null) {
              if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
              if (match[1] !== undefined) {
                const n = Number(match[1]);
                if (known.has(n)) {
                  const sup = el("sup", "cite");
                  const link = el("a", null, String(n));
                  link.href = "#" + prefix + n;
                  sup.appendChild(link);
                  parent.appendChild(sup);
                } else {
                  parent.appendChild(document.createTextNode(match[0]));
                }
              } else {
                parent.appendChild(el("strong", null, match[2]));
              }
              last = pattern.lastIndex;
            }
            if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
          }

          /** Renders the answer's Markdown-like text into `node`: blank-line paragraphs, "- " and "1. " lists,
           *  and a trailing "Sources:" list shown by title (chunk ids stay out of sight). */
          function renderAnswer(node, text, prefix) {
            node.replaceChildren();
            let body = text, sources = [];
            const marker = text.search(/(^|\n)Sources:\s*\n/);
            if (marker >= 0) {
              body = text.slice(0, marker);
              for (const line of text.slice(marker).split("\n").slice(1)) {
                const m = /^\[(\d{1,3})\]\s+(.*?)(\s+\([^()\s]+\))?\s*$/.exec(line);
                if (m) sources.push({ n: Number(m[1]), title: m[2] });
              }
            }
            const known = new Set(sources.map((s) => s.n));
            let list = null, listKind = null;
            const flush = () => { list = null; listKind = null; };
            for (const line of body.split("\n")) {
              const trimmed = line.trim();
              if (!trimmed) {
                flush();
                const open = node.lastElementChild;
                if (open && open.tagName === "P") open.dataset.open = "0";  // a blank line ends the paragraph
                continue;
              }
              const bullet = /^[-*\u2022]\s+(.*)$/.exec(trimmed), numbered = /^\d{1,2}[.)]\s+(.*)$/.exec(trimmed);
              if (bullet || numbered) {
                const kind = bullet ? "ul" : "ol";
                if (!list || listKind !== kind) { list = el(kind); listKind = kind; node.appendChild(list); }
                const item = el("li");
                inline(item, (bullet || numbered)[1], prefix, known);
                list.appendChild(item);
              } else {
                flush();
                const last = node.lastElementChild;
                // Consecutive lines of one paragraph stay one paragraph.
                if (last && last.tagName === "P" && last.dataset.open === "1") {
                  last.appendChild(document.createTextNode(" "));
                  inline(last, trimmed, prefix, known);
                } else {
                  const p = el("p");
                  p.dataset.open = "1";
                  inline(p, trimmed, prefix, known);
                  node.appendChild(p);
                }
                continue;
              }
              const last = node.lastElementChild;
              if (last && last.tagName === "P") last.dataset.open = "0";
            }
            for (const p of node.querySelectorAll("p")) delete p.dataset.open;
            if (sources.length) {
              const footer = el("div", "answer-sources");
              footer.appendChild(el("strong", null, "Sources"));
              const ol = el("ol");
              for (const source of sources) {
                const li = el("li", null, source.title);
                li.id = prefix + source.n;
                li.value = source.n;
                ol.appendChild(li);
              }
              footer.appendChild(ol);
              node.appendChild(footer);
            }
          }

          function startPage() {
            const landing = $("landing");
            landing.replaceChildren();
            return landing;
          }

          // The section contract (docs/EVENTS.md): a section replaces the one at its index, page_reset voids what
          // was shown, and the final page is authoritative, so it is drawn again whole from its own sections.
          function placeSection(landing, index, section) {
            const node = renderSection(section);
            node.dataset.index = index;
            const existing = landing.querySelector(':scope > [data-index="' + index + '"]');
            if (existing) { existing.replaceWith(node); return; }
            const after = [...landing.querySelectorAll(":scope > [data-index]")].find((n) => Number(n.dataset.index) > index);
            landing.insertBefore(node, after || null);
          }

          function finishPage(page) {
            const landing = startPage();
            (page.sections || []).forEach((section, index) => placeSection(landing, index, section));
            const hero = landing.querySelector(".section-hero");
            if (hero && page.subtitle && !hero.querySelector(".eyebrow")) {
              hero.insertBefore(el("p", "eyebrow", page.subtitle), hero.children[1] || null);
            }
            const footer = el("footer", "sources");
            footer.appendChild(el("strong", null, "Sources"));
            const ol = el("ol");
            // Titles only: chunk ids are for tools (they stay in the JSON), not for visitors.
            for (const source of page.sources || []) ol.appendChild(el("li", null, source.title));
            footer.appendChild(ol);
            landing.appendChild(footer);
            landing.dataset.pageType = page.type;
          }

          // ---- SSE over fetch ----
          function parseBlock(block) {
            let event = "message", data = [];
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) continue;
              const colon = line.indexOf(":");
              const field = colon < 0 ? line : line.slice(0, colon);
              let value = colon < 0 ? "" : line.slice(colon + 1);
              if (value.startsWith(" ")) value = value.slice(1);
              if (field === "event") event = value;
              else if (field === "data") data.push(value);
            }
            return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
          }

          // The run being streamed, kept in sessionStorage so a reload mid-answer resumes it (GET
          // /api/chat/stream/{runId} replays it from the start, then follows it live).
          function rememberRun(run) {
            state.run = run;
            if (run) sessionStorage.setItem("bevgenie-run", JSON.stringify(run));
            else sessionStorage.removeItem("bevgenie-run");
          }

          async function send(message, resumeRunId) {
            const controller = new AbortController();
            state.controller = controller;
            $("send").disabled = true;
            $("stop").hidden = false;
            addMessage("user", message);
            const answer = addMessage("assistant", "");
            const prefix = "answer-" + (++answerCount) + "-src-";
            let answerText = "";
            let landing = null, pageStarted = false;
            setProgress(0, "Starting...");
            const headers = { "Content-Type": "application/json" };
            if (state.token) headers["Authorization"] = "Bearer " + state.token;
            try {
              const response = resumeRunId
                ? await fetch("/api/chat/stream/" + encodeURIComponent(resumeRunId), { headers, signal: controller.signal })
                : await fetch("/api/chat/stream", {
                    method: "POST", headers, signal: controller.signal,
                    body: JSON.stringify({ message, sessionId: state.sessionId }),
                  });
              if (response.status === 401) {
                $("token").hidden = false;
                $("token").focus();
                throw new Error("This server needs an API token: enter it below and send again.");
              }
              if (!response.ok || !response.body) {
                const problem = await response.json().catch(() => ({}));
                throw new Error(problem.error || ("HTTP " + response.status));
              }
              const runId = response.headers.get("X-Run-Id");
              if (runId) rememberRun({ runId, message, sessionId: state.sessionId });
              const reader = response.body.getReader();
              const decoder = new TextDecoder();
              let buffer = "";
              for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
                let end;
                while ((end = buffer.indexOf("\n\n")) >= 0) {
                  const parsed = parseBlock(buffer.slice(0, end));
                  buffer = buffer.slice(end + 2);
                  if (!parsed) continue;
                  const { event, data } = parsed;
                  if (event === "stage") setProgress(data.progress, data.stageName);
                  else if (event === "delta") { answerText += data.text; renderAnswer(answer, answerText, prefix); }
                  else if (event === "section") {
                    if (!pageStarted) { landing = startPage(); pageStarted = true; }
                    placeSection(landing, data.index, data.section);
                  } else if (event === "page_reset") {
                    if (pageStarted) landing = startPage();
                  } else if (event === "page") {
                    pageStarted = true;
                    finishPage(data.page);
                  } else if (event === "complete") {
                    setProgress(100, "Done");
                    if (data.session && data.session.id) state.sessionId = data.session.id;
                    if (data.message && data.message !== answerText) { answerText = data.message; renderAnswer(answer, answerText, prefix); }
                    document.body.dataset.state = "complete";
                  } else if (event === "error") {
                    const failure = new Error(data.code === "stopped" ? "Stopped." : data.error);
                    if (data.code === "stopped") failure.name = "AbortError";
                    throw failure;
                  }
                }
              }
            } catch (error) {
              if (error.name === "AbortError") addMessage("error", "Stopped.");
              else addMessage("error", error.message);
              document.body.dataset.state = "error";
            } finally {
              if (!state.leaving) rememberRun(null);
              state.controller = null;
              $("send").disabled = false;
              $("stop").hidden = true;
              setTimeout(() => { $("progress").hidden = true; }, 600);
            }
          }

          document.addEventListener("DOMContentLoaded", () => {
            $("composer").addEventListener("submit", (event) => {
              event.preventDefault();
              const message = $("input").value.trim();
              if (!message || state.controller) return;
              if (!$("token").hidden && $("token").value) {
                state.token = $("token").value;
                sessionStorage.setItem("bevgenie-token", state.token);
              }
              $("input").value = "";
              send(message);
            });
            $("input").addEventListener("keydown", (event) => {
              if (event.key === "Enter" && !event.shiftKey) {
                event.preventDefault();
                $("composer").requestSubmit();
              }
            });
            // Stop is not a disconnect: ask the server to stop the run (it ends with an error of code stopped);
            // only when the run's id is unknown does the page just drop the connection.
            $("stop").addEventListener("click", () => {
              if (!state.controller) return;
              if (!state.run) { state.controller.abort(); return; }
              const headers = state.token ? { "Authorization": "Bearer " + state.token } : {};
              fetch("/api/chat/runs/" + encodeURIComponent(state.run.runId) + "/stop", { method: "POST", headers })
                .then((response) => { if (!response.ok && state.controller) state.controller.abort(); })
                .catch(() => { if (state.controller) state.controller.abort(); });
            });
            // A reload drops the connection, not the run: keep its id so the next page load resumes it.
            window.addEventListener("pagehide", () => { state.leaving = true; });
            const pending = JSON.parse(sessionStorage.getItem("bevgenie-run") || "null");
            if (pending && pending.runId) {
              state.sessionId = pending.sessionId || null;
              send(pending.message, pending.runId);
              return;
            }
            // Tests (and links) can start a question from the URL: /?q=...
            const question = new URLSearchParams(location.search).get("q");
            if (question) send(question);
          });
        })();

        """#
}
