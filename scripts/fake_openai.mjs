#!/usr/bin/env node
// A stand-in for an OpenAI-compatible server, for `bevgenie bench providers`: POST /v1/chat/completions answers
// with a Chat Completions stream of N content chunks (N from the request's max_tokens), written as fast as the
// socket takes them. The first chunk is sent 50 ms after the headers and carries the wall-clock time it was
// written, so the client can measure the time from that upstream byte to its first delta (a request's
// "first_delay_ms" changes the pause). GET /connections says how many TCP connections it has accepted, so the
// client's connection reuse can be counted. Prints "listening PORT".
import http from "node:http";

function chunk(content, extra) {
  return "data: " + JSON.stringify(Object.assign({
    id: "chatcmpl-bench", object: "chat.completion.chunk", created: 1, model: "bench",
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  }, extra || {})) + "\n\n";
}

let connections = 0;
const server = http.createServer((request, response) => {
  if (request.method === "GET" && request.url === "/connections") {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ connections }));
    return;
  }
  let body = "";
  request.on("data", (piece) => { body += piece; });
  request.on("end", () => {
    const parsed = JSON.parse(body || "{}");
    const n = parsed.max_tokens || 1000;
    const delay = parsed.first_delay_ms ?? 50;
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
    setTimeout(() => {
      response.write(chunk("first", { sent_at: performance.timeOrigin + performance.now() }));
      let text = "";
      for (let i = 1; i < n; i++) text += chunk(" token" + i);
      text += chunk("", { choices: [], usage: { prompt_tokens: 10, completion_tokens: n, total_tokens: n + 10 } });
      text += "data: [DONE]\n\n";
      response.end(text);
    }, delay);
  });
});
server.on("connection", () => { connections++; });
server.listen(0, "127.0.0.1", () => console.log("listening " + server.address().port));
