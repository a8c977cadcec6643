import BevGenieCore
import Foundation
import Testing

/// Streams that survive a dropped connection, an explicit stop, and a second process (docs/EVENTS.md, "Resuming a
/// stream"), with real clients: httpx-sse, a browser's EventSource, curl, and `bevgenie serve` processes.
@Suite(.serialized) struct ResumeTests {
    static let question = "Our distributor reps ignore our brand. How do we get mindshare?"

    /// Runs `Clients/resume_client.py` and returns its JSON report.
    func client(_ arguments: [String]) async throws -> [String: Any] {
        let result = try await run("python3", [clientsDirectory + "/resume_client.py"] + arguments, timeout: 120)
        #expect(result.status == 0, "resume_client.py failed (are httpx and httpx-sse installed?): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
                            "\(result.stdout) \(result.stderr)")
    }

    /// One event as comparable text: name and data with sorted keys (ids are compared on their own).
    static func canonical(_ event: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: event["data"] ?? NSNull(), options: [.sortedKeys])) ?? Data()
        return "\(event["event"] ?? "?") " + String(decoding: data, as: UTF8.self)
    }

    static func canonical(_ event: StoredRunEvent) -> String {
        let object = try? JSONSerialization.jsonObject(with: Data(event.data.utf8), options: [.fragmentsAllowed])
        return canonical(["event": event.name, "data": object ?? NSNull()])
    }

    static func events(_ report: [String: Any], _ key: String) -> [[String: Any]] { report[key] as? [[String: Any]] ?? [] }

    /// The run's log once its process has written its end (the log is written in batches, after the events are sent).
    static func storedRun(_ store: any RunEventStore, _ runId: String) async throws -> RunEventPage? {
        for _ in 0..<200 {
            if let page = try await store.runEvents(runId: runId, after: 0, limit: 100_000), page.state != .running {
                return page
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await store.runEvents(runId: runId, after: 0, limit: 100_000)
    }

    /// What a resumed stream must be: ids `RUN:1…RUN:n` with none missing or repeated, ending with `complete`.
    static func expectWhole(_ events: [[String: Any]], runId: String, _ label: String) {
        #expect(events.map { $0["id"] as? String } == (0..<events.count).map { "\(runId):\($0 + 1)" }, "\(label): ids")
        #expect(events.last?["event"] as? String == "complete", "\(label): ends with complete")
        #expect(events.filter { $0["event"] as? String == "complete" }.count == 1, "\(label)")
    }

    @Test(arguments: ["header", "query"])
    func aStreamDroppedAfterKnowledgeResumesWithNothingMissingOrRepeated(_ via: String) async throws {
        let responder = SlowResponder(pieces: 30, pause: .milliseconds(20))
        let server = try await TestServer.start(pipeline: { .slow(store: $0, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let report = try await client(
            ["drop-resume", server.base, server.base, Self.question] + (via == "query" ? ["--query"] : []))
        let runId = try #require(report["runId"] as? String)
        let first = Self.events(report, "first"), second = Self.events(report, "second")
        #expect(report["status"] as? Int == 200, "\(report["body"] ?? "")")
        let knowledgeDone = first.last?["data"] as? [String: Any]
        #expect(knowledgeDone?["stageId"] as? String == "knowledge" && knowledgeDone?["status"] as? String == "complete")
        #expect(!second.isEmpty && first.allSatisfy { $0["event"] as? String != "delta" })
        let joined = first + second
        Self.expectWhole(joined, runId: runId, "dropped and resumed")
        #expect((joined.last?["data"] as? [String: Any])?["runId"] as? String == runId)

        // The same as the run's log, event for event, and the same story as an uninterrupted run of the question.
        let stored = try #require(try await Self.storedRun(server.store, runId))
        #expect(stored.state == .finished)
        #expect(stored.events.map(Self.canonical) == joined.map(Self.canonical))
        let whole = Self.events(try await client(["whole", server.base, Self.question]), "events")
        func story(_ events: [[String: Any]]) -> [String] {
            events.map { event in
                let data = event["data"] as? [String: Any] ?? [:]
                switch event["event"] as? String {
                case "stage": return "stage \(data["stageId"] ?? "") \(data["status"] ?? "")"
                case "delta": return "delta \(data["text"] ?? "")"
                case "section": return "section \(data["index"] ?? "")"
                default: return event["event"] as? String ?? "?"
                }
            }
        }
        #expect(story(joined) == story(whole), "\(story(joined)) vs \(story(whole))")
    }

    @Test func aFinishedRunReplaysInFullAndUnknownRunsAre404() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutDown() } }
        let whole = try await client(["whole", server.base, Self.question])
        let runId = try #require(whole["runId"] as? String)
        let events = Self.events(whole, "events")
        Self.expectWhole(events, runId: runId, "uninterrupted")
        _ = try await Self.storedRun(server.store, runId)

        let replay = try await client(["read", server.base + "/api/chat/stream/\(runId)"])
        #expect(replay["status"] as? Int == 200)
        let replayed = Self.events(replay, "events")
        #expect(replayed.map(Self.canonical) == events.map(Self.canonical))
        #expect(replayed.map { $0["id"] as? String } == events.map { $0["id"] as? String })
        let tail = try await client(["read", server.base + "/api/chat/stream/\(runId)", "\(runId):5"])
        #expect(Self.events(tail, "events").map(Self.canonical) == events.dropFirst(5).map(Self.canonical))
        let byQuery = try await curl([server.base + "/api/chat/stream/\(runId)?lastEventId=\(runId):\(events.count - 1)"])
        #expect(byQuery.status == 200 && byQuery.body.hasPrefix("event: complete\nid: \(runId):\(events.count)\n"), "\(byQuery.body)")

        let unknown = try await curl([server.base + "/api/chat/stream/0123456789abcdef0123456789abcdef"])
        #expect(unknown.status == 404 && unknown.headers.contains("content-type: application/json"))
        let body = try JSONSerialization.jsonObject(with: Data(unknown.body.utf8)) as? [String: Any]
        #expect(body?["code"] as? String == "run_not_found" && body?["error"] is String, "\(unknown.body)")
        let otherRun = try await curl(["-H", "Last-Event-ID: someotherrun:3", server.base + "/api/chat/stream/\(runId)"])
        #expect(otherRun.status == 400 && otherRun.body.contains("invalid_last_event_id"))
        let stopFinished = try await postJSON(server.base + "/api/chat/runs/\(runId)/stop", "")
        #expect(stopFinished.status == 409 && stopFinished.body.contains("run_finished"), "\(stopFinished)")

        // `runs show` prints the run as NDJSON: the lines `ask` prints, one per event, in order.
        let shown = try await run(bevgenieBinary, ["runs", "show", runId, "--db", server.directory + "/server.db"])
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n").map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) ?? [:]
        }
        #expect(lines.map(Self.canonical) == events.map(Self.canonical))
        let missing = try await run(bevgenieBinary, ["runs", "show", "nosuchrun", "--db", server.directory + "/server.db"])
        #expect(missing.status == 1 && missing.stderr.contains("no run nosuchrun"), "\(missing.stderr)")
    }

    @Test func stopDuringTheResponseEndsTheRunWithStoppedNotAFailure() async throws {
        let responder = SlowResponder(pieces: 10_000, pause: .milliseconds(20))
        let server = try await TestServer.start(pipeline: { .slow(store: $0, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let report = try await client(["stop", server.base, server.base, Self.question])
        let runId = try #require(report["runId"] as? String)
        let events = Self.events(report, "events")
        #expect(report["stopStatus"] as? Int == 200, "\(report["stopBody"] ?? "")")
        #expect((report["stopBody"] as? [String: Any])?["status"] as? String == "stopped")
        let last = events.last?["data"] as? [String: Any] ?? [:]
        #expect(events.last?["event"] as? String == "error")
        #expect(last["code"] as? String == "stopped" && last["category"] as? String == "stopped", "\(last)")
        #expect(last["stageId"] as? String == "response")
        #expect(!events.contains { $0["event"] as? String == "complete" })
        #expect(responder.stoppedAt != nil && responder.emitted < responder.pieces)
        #expect(report["againStatus"] as? Int == 409)

        let stored = try #require(try await Self.storedRun(server.store, runId))
        #expect(stored.events.last?.name == "error" && stored.events.last?.data.contains("\"stopped\"") == true)
        // Recorded, but not as a failure.
        for _ in 0..<100 {
            if try await server.store.analytics(since: 0, until: Date().timeIntervalSince1970 + 60).runs == 1 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let analytics = try await server.store.analytics(since: 0, until: Date().timeIntervalSince1970 + 60)
        #expect(analytics.runs == 1 && analytics.failedRuns == 0, "\(analytics)")
        #expect(analytics.stages.allSatisfy { $0.errors == 0 }, "\(analytics.stages)")
        let db = try SQLiteDatabase(path: server.directory + "/server.db", options: [.readWrite])
        #expect(try db.queryRow("SELECT error_code FROM runs WHERE id = ?", [.text(runId)])?.string(0) == "stopped")
    }

    @Test func aRunNobodyResumesWithinTheGracePeriodIsCancelled() async throws {
        let responder = SlowResponder(pieces: 10_000, pause: .milliseconds(20))
        let server = try await TestServer.start(
            configure: { $0.resumeGrace = .milliseconds(300) }, pipeline: { .slow(store: $0, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let report = try await client(["drop", server.base, Self.question, "--after", "delta"])
        let runId = try #require(report["runId"] as? String)
        // The run goes on past the drop (the grace period), then stops: well before its 10 000 pieces.
        for _ in 0..<600 where responder.stoppedAt == nil { try await Task.sleep(for: .milliseconds(50)) }
        #expect(responder.stoppedAt != nil && responder.emitted < responder.pieces)
        #expect(responder.emitted > 1, "the run went on after its client left")
        let stored = try #require(try await Self.storedRun(server.store, runId))
        #expect(stored.state == .cancelled)
        let late = try await curl([server.base + "/api/chat/stream/\(runId)"])
        #expect(late.status == 404 && late.body.contains("\"code\":\"run_expired\""), "\(late)")
    }

    @Test func anEventSourceInHeadlessChromiumResumesADroppedStream() async throws {
        let responder = SlowResponder(pieces: 30, pause: .milliseconds(20))
        let server = try await TestServer.start(pipeline: { .slow(store: $0, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let result = try await run("python3", [clientsDirectory + "/eventsource_resume.py", server.base, Self.question], timeout: 120)
        #expect(result.status == 0, "eventsource_resume.py failed (is chromium installed?): \(result.stderr) \(result.stdout)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runId = try #require(report["runId"] as? String)
        let first = Self.events(report, "first"), second = Self.events(report, "second")
        #expect((first.last?["data"] as? [String: Any])?["stageId"] as? String == "knowledge")
        Self.expectWhole(first + second, runId: runId, "browser")
        let stored = try #require(try await Self.storedRun(server.store, runId))
        #expect(stored.events.map(Self.canonical) == (first + second).map(Self.canonical))
    }
}

/// Two `bevgenie serve` processes on one SQLite file, the response from a slow OpenAI-compatible server: a stream
/// started on one resumes on the other (the live tail read from the shared log), and a stop sent to the other
/// ends the run and closes its upstream request.
@Suite(.serialized) struct SharedRunTests {
    @Test func resumeAndStopWorkOnEitherProcessSharingOneFile() async throws {
        let upstream = try await SlowUpstream.start(chunks: [40, 100_000], pauseMs: 50)
        defer { upstream.stop() }
        let environment = ["OPENAI_BASE_URL": upstream.base + "/v1", "OPENAI_API_KEY": "test-key"]
        let arguments = ["--response-model", "openai:slow", "--resume-grace", "30"]
        let first = try await ServeProcess.start(arguments, environment: environment)
        let second = try await ServeProcess.start(arguments, database: first.database, environment: environment)

        let resumed = try await ResumeTests().client(["drop-resume", first.base, second.base, ResumeTests.question])
        let runId = try #require(resumed["runId"] as? String)
        let events = ResumeTests.events(resumed, "first") + ResumeTests.events(resumed, "second")
        #expect(resumed["status"] as? Int == 200, "\(resumed["body"] ?? "") \(first.stderr) \(second.stderr)")
        ResumeTests.expectWhole(events, runId: runId, "across processes")
        let answer = events.filter { $0["event"] as? String == "delta" }.compactMap { ($0["data"] as? [String: Any])?["text"] as? String }.joined()
        #expect(answer.hasPrefix("word0 word1") && answer.contains("word39"), "\(answer.prefix(200))")

        let stopped = try await ResumeTests().client(["stop", first.base, second.base, ResumeTests.question])
        let stoppedEvents = ResumeTests.events(stopped, "events")
        #expect(stopped["stopStatus"] as? Int == 200, "\(stopped["stopBody"] ?? "")")
        let last = stoppedEvents.last?["data"] as? [String: Any] ?? [:]
        #expect(last["code"] as? String == "stopped" && last["category"] as? String == "stopped", "\(last)")
        // The model's request was closed, long before its 100 000 chunks.
        var closed: [String: Any]?
        for _ in 0..<100 {
            closed = upstream.log().last { $0["event"] as? String == "closed" }
            if closed != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let closedAt = try #require(closed?["t"] as? Double, "the upstream request was never closed: \(upstream.log())")
        let stopSent = try #require(stopped["stopSent"] as? Double)
        print("stop across processes: upstream request closed \(Int((closedAt - stopSent) * 1000)) ms after the stop was sent")
        #expect((closed?["sent"] as? Int ?? 0) < 100_000)
        await first.stop()
        await second.stop()
    }
}

/// `Clients/slow_openai.py` in a process of its own.
final class SlowUpstream: Sendable {
    let process: Process
    let port: Int
    let logPath: String
    var base: String { "http://127.0.0.1:\(port)" }

    init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    /// `chunks`: how many deltas the n-th request gets (the last number for any later request).
    static func start(chunks: [Int], pauseMs: Int) async throws -> SlowUpstream {
        let directory = NSTemporaryDirectory() + "bevgenie-upstream-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let portFile = directory + "/port", logPath = directory + "/log.jsonl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", clientsDirectory + "/slow_openai.py", portFile, logPath,
                             chunks.map(String.init).joined(separator: ","), String(pauseMs)]
        // Not the test's own pipes: a child left holding them keeps `swift test` waiting after the tests end.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text) {
                return SlowUpstream(process: process, port: port, logPath: logPath)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw ServeProcessError(message: "slow_openai.py did not start")
    }

    func log() -> [[String: Any]] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// SIGKILL: a child of the test process may start with SIGTERM blocked (it inherits the signal mask), so
    /// SIGTERM would stay pending.
    func stop() { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
