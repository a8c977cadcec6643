#!/usr/bin/env node
// The transport floor for `bevgenie bench serve`: a minimal Node.js `http` server that answers POST with the same
// SSE events bevgenie sends (recorded from a real run, given as a file), written one event per write, with no
// pipeline behind them. Prints "listening PORT" once ready.
//
// usage: node_sse_peer.mjs EVENTS_SSE_FILE
import http from "node:http";
import fs from "node:fs";

const blocks = fs.readFileSync(process.argv[2], "utf8").split("\n\n").filter((b) => b.length).map((b) => b + "\n\n");
const server = http.createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => { body += chunk; });
  request.on("end", () => {
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" });
    for (const block of blocks) response.write(block);
    response.end();
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => console.log("listening " + server.address().port));
