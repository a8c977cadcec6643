import BevGenieCore
import BevGenieServer
import Foundation
import Testing

/// `/metrics` as Prometheus reads it — the real text parser of PyPI's `prometheus-client` — after real traffic,
/// including a store that fails under a running server; and the request ids and log lines of those failures.
@Suite(.serialized) struct MetricsTests {
    typealias Sample = (labels: [String: String], value: Double)

    /// Samples of one family by sample name (`bevgenie_requests_total`, `…_bucket`), labels and value.
    static func samples(_ families: [String: Any], _ family: String, _ name: String) -> [Sample] {
        let entry = families[family] as? [String: Any]
        return ((entry?["samples"] as? [[String: Any]]) ?? []).compactMap { sample in
            guard sample["name"] as? String == name else { return nil }
            return (sample["labels"] as? [String: String] ?? [:], sample["value"] as? Double ?? .nan)
        }
    }

    static func value(_ samples: [Sample], _ labels: [String: String]) -> Double? {
        samples.first { sample in labels.allSatisfy { sample.labels[$0.key] == $0.value } }?.value
    }

    @Test func prometheusParsesEverySeriesAfterRealRunsAndFailures() async throws {
        let capture = LogCapture()
        let server = try await TestServer.start(logger: capture.logger())
        defer { Task { try? await server.shutDown() } }
        let requestID = "test-run-" + RandomID.hex(8)
        let result = try await run(
            "python3", [clientsDirectory + "/prometheus_check.py", server.base, server.directory + "/server.db", requestID])
        try #require(result.status == 0, "prometheus_check.py failed (is prometheus-client installed?): \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let answers = try #require(report["answers"] as? [String: [String: Any]])
        let families = try #require(report["families"] as? [String: Any])
        #expect((report["content_type"] as? String)?.hasPrefix("text/plain; version=0.0.4") == true)

        // What the client saw: the store failure is a JSON 500 on both routes, the failing run keeps its id.
        #expect(answers["stream0"]?["status"] as? Int == 200 && answers["stream1"]?["complete"] as? Bool == true)
        #expect(answers["bad_json"]?["status"] as? Int == 400)
        #expect(answers["unknown"]?["status"] as? Int == 404)
        #expect(answers["session"]?["status"] as? Int == 500)
        #expect(answers["failed_run"]?["status"] as? Int == 500)
        #expect((answers["failed_run"]?["body"] as? [String: Any])?["category"] as? String == "internal")
        #expect(answers["failed_run"]?["request_id"] as? String == requestID)
        for name in ["stream0", "chat", "bad_json", "unknown", "session"] {
            let id = answers[name]?["request_id"] as? String
            #expect(id?.count == 16 && id?.allSatisfy(\.isHexDigit) == true, "\(name): a fresh id, got \(id ?? "none")")
        }

        // Requests, by Hummingbird's MetricsMiddleware: every one counted under its route pattern, method and final
        // status, thrown store errors included (they are also counted as errors); successes are timed.
        let requests = Self.samples(families, "hb_requests", "hb_requests_total")
        #expect((families["hb_requests"] as? [String: Any])?["type"] as? String == "counter")
        func requestCount(_ route: String, _ status: String, method: String = "POST") -> Double? {
            Self.value(requests, ["http_route": route, "http_response_status_code": status, "http_request_method": method])
        }
        #expect(requestCount("/api/chat/stream", "200") == 2)
        #expect(requestCount("/api/chat", "200") == 1)
        #expect(requestCount("/api/chat", "400") == 1)
        #expect(requestCount("/api/chat", "500") == 1)
        #expect(requestCount("NotFound", "404", method: "GET") == 1, "\(requests)")
        #expect(requests.contains { $0.labels["http_route"]?.hasPrefix("/api/sessions/") == true
            && $0.labels["http_response_status_code"] == "500" && $0.value == 1 }, "\(requests)")
        let errors500 = Self.samples(families, "hb_request_errors", "hb_request_errors_total")
            .filter { $0.labels["error_type"] == "500" }.map(\.value).reduce(0, +)
        #expect(errors500 == 2, "the store route and the failed run")
        let requestDurations = Self.samples(
            families, "http_server_request_duration_seconds", "http_server_request_duration_seconds_count")
        #expect(Self.value(requestDurations, ["http_route": "/api/chat", "http_response_status_code": "200"]) == 1)
        let requestBounds = Set(Self.samples(
            families, "http_server_request_duration_seconds", "http_server_request_duration_seconds_bucket"
        ).compactMap { $0.labels["le"] })
        #expect(requestBounds.contains("0.001") && requestBounds.contains("120.0"), "\(requestBounds.sorted())")
        let active = Self.samples(families, "http_server_active_requests", "http_server_active_requests")
        #expect(Self.value(active, ["http_request_method": "POST"]) == 0, "\(active)")

        // Pipeline errors: the run that met the broken store, by stage, code and category.
        let errors = Self.samples(families, "bevgenie_pipeline_errors", "bevgenie_pipeline_errors_total")
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.labels["stage"] == "signals" && errors.first?.labels["category"] == "internal")
        #expect(errors.first?.value == 1 && errors.first?.labels["code"]?.isEmpty == false)

        // Stage latency: a histogram per stage with the 0.1 ms … 60 s buckets; three whole runs and the failed one's
        // first stage.
        #expect((families["bevgenie_stage_duration_seconds"] as? [String: Any])?["type"] as? String == "histogram")
        let counts = Self.samples(families, "bevgenie_stage_duration_seconds", "bevgenie_stage_duration_seconds_count")
        #expect(Self.value(counts, ["stage": "intent"]) == 4)
        #expect(Self.value(counts, ["stage": "page"]) == 3)
        let buckets = Self.samples(families, "bevgenie_stage_duration_seconds", "bevgenie_stage_duration_seconds_bucket")
            .filter { $0.labels["stage"] == "knowledge" }
        let bounds = Set(buckets.compactMap { $0.labels["le"] })
        #expect(bounds.contains("0.0001") && bounds.contains("60.0") && bounds.contains("+Inf"), "\(bounds.sorted())")
        #expect(Self.value(buckets, ["le": "+Inf"]) == 3)
        let ordered = buckets.sorted { (Double($0.labels["le"]!) ?? .infinity) < (Double($1.labels["le"]!) ?? .infinity) }
        #expect(zip(ordered, ordered.dropFirst()).allSatisfy { $0.value <= $1.value }, "cumulative buckets")

        // Page cache: the second stream of the same question was answered from the cache.
        let cache = Self.samples(families, "bevgenie_page_cache", "bevgenie_page_cache_total")
        #expect(Self.value(cache, ["result": "hit"]) == 1)
        #expect(Self.value(cache, ["result": "miss"]) == 2)

        // Gauges, read at scrape time.
        #expect((families["bevgenie_pipelines_in_flight"] as? [String: Any])?["type"] as? String == "gauge")
        #expect(Self.value(Self.samples(families, "bevgenie_pipelines_in_flight", "bevgenie_pipelines_in_flight"), [:]) == 0)
        #expect((Self.value(Self.samples(families, "bevgenie_sqlite_memory_bytes", "bevgenie_sqlite_memory_bytes"), [:]) ?? 0) > 0)

        // Logs: one line per failed request and per failed run, each with the request id the client sent.
        let lines = capture.lines
        let failedRequest = lines.filter { $0.message == "request failed" && $0.metadata["hb.request.id"] == requestID }
        #expect(failedRequest.count == 1, "\(lines.map(\.message))")
        #expect(failedRequest.first?.metadata["http.response.status_code"] == "500")
        #expect(failedRequest.first?.metadata["error.category"] == "internal")
        #expect(failedRequest.first?.level == .error)
        let failedRun = lines.filter { $0.message == "run failed" }
        #expect(failedRun.count == 1, "\(lines.map(\.message))")
        if let line = failedRun.first {
            #expect(line.metadata["hb.request.id"] == requestID)
            #expect(line.metadata["stage"] == "signals" && line.metadata["error.category"] == "internal")
            #expect(line.metadata["run_id"]?.count == 16 && line.metadata["session_id"]?.isEmpty == false)
            #expect(line.metadata["error.code"]?.isEmpty == false && Double(line.metadata["duration_ms"] ?? "") != nil)
        }
        #expect(lines.filter { $0.message == "request failed" }.count == 4, "400, 404 and two 500s")
    }
}
