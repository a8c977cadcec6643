import Foundation
import Testing

/// The real `bevgenie serve`, with a token, against `Clients/abuse.py battery`: 300 clients that never read their
/// stream and 200 whose headers trickle in, held open together; 3,000 connections opened and dropped (at once,
/// mid-request, mid-pipeline); oversized, malformed and unauthenticated requests; then mutated raw HTTP for
/// `BEVGENIE_HTTP_FUZZ_SECONDS` (default 5). Every bad request gets its own status, the server answers health
/// checks and chats throughout, and its heap comes back down once it is quiet.
@Suite struct HTTPAbuseTests {
    static let fuzzSeconds = ProcessInfo.processInfo.environment["BEVGENIE_HTTP_FUZZ_SECONDS"] ?? "5"

    /// What each hostile request must get: a status, never a hang or a 5xx.
    static let expectedStatus: [String: Int] = [
        "no_token": 401, "wrong_token": 401, "token_in_wrong_scheme": 401,
        "header_100k": 400, "headers_2000": 400, "url_100k": 400,
        "body_10mb_declared": 413, "body_1mb_chunked": 413, "deep_json": 413,
        "invalid_utf8_in_json": 400, "malformed_json": 400, "wrong_content_type": 415, "empty_message": 400,
        "message_too_long": 400, "bad_session_id": 400,
        "garbage_request_line": 400, "binary_noise": 400, "nul_in_header": 400, "unknown_method": 400,
        "http_0_9": 400, "path_traversal": 404,
        "sql_in_search": 200, "fts_syntax_in_search": 200,
    ]

    @Test func hostileClientsGetTheirErrorsWhileTheServerStaysUpWithBoundedMemory() async throws {
        let token = "abuse-" + UUID().uuidString
        let server = try await ServeProcess.start(["--token", token])
        let seed = ProcessInfo.processInfo.environment["BEVGENIE_FUZZ_SEED"] ?? String(UInt32.random(in: 0...UInt32.max))
        let result = try await run("python3", [
            clientsDirectory + "/abuse.py", "battery", server.base, "--pid", "\(server.pid)", "--token", token,
            "--fuzz-seconds", Self.fuzzSeconds, "--seed", seed,
        ], timeout: 600)
        let serverLog = server.stderr
        let exitStatus = await server.stop()
        #expect(result.status == 0, "abuse.py failed (is httpx installed?): \(result.stderr)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")

        let answers = try #require(report["bad_requests"] as? [String: [Any]])
        for (name, status) in Self.expectedStatus {
            let answer = answers[name]
            #expect(answer?.first as? Int == status, "\(name): expected \(status), got \(answer ?? [])")
        }
        #expect(Set(answers.keys) == Set(Self.expectedStatus.keys), "every case the client sends is checked here")

        let fuzz = try #require(report["http_fuzz"] as? [String: Any])
        let outcomes = try #require(fuzz["outcomes"] as? [String: Int])
        let unexpected = outcomes.filter { !["2xx", "4xx", "closed", "reset"].contains($0.key) }
        #expect(unexpected.isEmpty, "mutated HTTP (seed \(seed)) met \(unexpected): only answers or a closed connection are fine")
        #expect((outcomes["4xx"] ?? 0) > 0)

        for phase in ["warmup", "load_while_held", "after"] {
            let load = try #require(report[phase] as? [String: Any])
            let requests = try #require(load["requests"] as? Int)
            #expect(load["outcomes"] as? [String: Int] == ["complete": requests], "\(phase): \(load)")
        }
        #expect(report["health_while_held"] as? [Int] == Array(repeating: 200, count: 10))
        #expect(report["health_after_drops"] as? Int == 200)
        #expect(report["health_at_end"] as? Int == 200)
        #expect(report["held_connections"] as? Int == 500)
        #expect((report["dropped_connections"] as? Int ?? 0) >= 2_900)

        // Memory: SQLite's page cache grows with the database by design (capped at 32 MiB); everything else must
        // come back to where it started, give or take what a first burst leaves in allocator and pool caches.
        let baseline = try #require(report["heap_baseline_kib"] as? Int)
        let peak = try #require(report["heap_peak_kib"] as? Int)
        let after = try #require(report["heap_after_kib"] as? Int)
        let sqliteGrowth = max(0, (report["sqlite_after_kib"] as? Int ?? 0) - (report["sqlite_baseline_kib"] as? Int ?? 0))
        print("abuse battery (seed \(seed)): heap \(baseline / 1024) MiB before, \(peak / 1024) MiB peak, "
            + "\(after / 1024) MiB after (SQLite +\(sqliteGrowth / 1024) MiB); raw HTTP fuzz \(outcomes)")
        #expect(after - sqliteGrowth - baseline <= 16 * 1024, "heap did not come back: \(baseline) → \(after) KiB")
        #expect(peak - baseline <= 128 * 1024, "500 held connections should not cost \(peak - baseline) KiB")

        #expect(exitStatus == 0, "serve should exit cleanly on SIGTERM: \(serverLog.suffix(2_000))")
        #expect(!serverLog.contains("Fatal error"), "\(serverLog.suffix(2_000))")
    }
}
