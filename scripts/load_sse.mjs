#!/usr/bin/env node
// Load generator for `bevgenie bench serve`: keeps N SSE streams open at once against POST URL, each sending a
// question from the list, until TOTAL streams have completed. Measures, per stream, the time to the first event
// and whether it ended with `complete`. Prints one JSON object.
//
// usage: load_sse.mjs URL[,URL...] CONCURRENCY TOTAL QUESTIONS_JSON
// Several URLs (replicas behind no balancer): stream i goes to URL i mod their count, round-robin.
import http from "node:http";

const [url, concurrencyArg, totalArg, questionsJSON] = process.argv.slice(2);
const concurrency = Number(concurrencyArg), total = Number(totalArg);
const questions = JSON.parse(questionsJSON);
const targets = url.split(",").map((each) => new URL(each));
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

let started = 0, finished = 0, completed = 0, errors = 0, maxOpen = 0, open = 0;
const firstEvent = [];
const errorKinds = {};
const t0 = process.hrtime.bigint();

function fail(kind) { errors++; errorKinds[kind] = (errorKinds[kind] || 0) + 1; }

function one() {
  if (started >= total) return;
  const index = started++;
  const target = targets[index % targets.length];
  const body = JSON.stringify({ message: questions[index % questions.length] });
  const begin = process.hrtime.bigint();
  let gotFirst = false, buffer = "", sawComplete = false;
  open++; maxOpen = Math.max(maxOpen, open);
  const request = http.request({
    agent, hostname: target.hostname, port: target.port, path: target.pathname, method: "POST",
    headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
  }, (response) => {
    if (response.statusCode !== 200) { fail("http_" + response.statusCode); response.resume(); }
    response.setEncoding("utf8");
    response.on("data", (chunk) => {
      if (!gotFirst && chunk.includes("event:")) {
        gotFirst = true;
        firstEvent.push(Number(process.hrtime.bigint() - begin) / 1e6);
      }
      // Look for the complete event across chunk boundaries, keeping only a short tail.
      buffer = buffer.slice(-32) + chunk;
      if (buffer.includes("event: complete")) sawComplete = true;
    });
    response.on("end", () => {
      if (response.statusCode === 200) { if (sawComplete) completed++; else fail("incomplete"); }
      done();
    });
    response.on("error", () => { fail("response_error"); done(); });
  });
  request.on("error", (error) => { fail(error.code || "request_error"); done(); });
  request.end(body);

  let closed = false;
  function done() {
    if (closed) return;
    closed = true;
    open--; finished++;
    if (finished >= total) report(); else one();
  }
}

function percentile(values, fraction) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function report() {
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({
    concurrency, total, completed, errors, errorKinds, maxOpen, seconds,
    pipelinesPerSecond: completed / seconds,
    firstEventP50: percentile(firstEvent, 0.5), firstEventP99: percentile(firstEvent, 0.99),
  }));
  agent.destroy();
  process.exit(0);
}

for (let i = 0; i < Math.min(concurrency, total); i++) one();
