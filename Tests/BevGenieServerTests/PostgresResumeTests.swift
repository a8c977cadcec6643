import Foundation
import Testing

@testable import BevGenieCore

/// Two `bevgenie serve` replicas on one PostgreSQL database, the response from a slow OpenAI-compatible server: a
/// stream started on replica A and dropped after its `knowledge` stage resumes on replica B (the live tail read
/// from the shared log), event for event what an uninterrupted run sends; a stop sent to B ends a run A owns and
/// closes its upstream request. The server: `BEVGENIE_TEST_POSTGRES_URL` (`.ci/run` starts one); without it the
/// tests fail, they never skip.
@Suite(.serialized) struct PostgresResumeTests {
    @Test func resumeAndStopWorkOnEitherReplicaOfOneDatabase() async throws {
        try await ReplicaPostgres.withDatabase { url, typed in
            // The 1st request (the dropped run) and the 2nd (the uninterrupted one) get 40 words; the 3rd is endless.
            let upstream = try await SlowUpstream.start(chunks: [40, 40, 100_000], pauseMs: 50)
            defer { upstream.stop() }
            let environment = ["OPENAI_BASE_URL": upstream.base + "/v1", "OPENAI_API_KEY": "test-key"]
            let arguments = ["--response-model", "openai:slow", "--resume-grace", "30"]
            let a = try await ServeProcess.start(arguments, database: typed, environment: environment)
            let b = try await ServeProcess.start(arguments, database: typed, environment: environment)
            let store = try await PostgresStore(url: url, poolSize: 2)

            let resumed = try await ResumeTests().client(["drop-resume", a.base, b.base, ResumeTests.question])
            let runId = try #require(resumed["runId"] as? String)
            let first = ResumeTests.events(resumed, "first"), second = ResumeTests.events(resumed, "second")
            #expect(resumed["status"] as? Int == 200, "\(resumed["body"] ?? "") \(a.stderr) \(b.stderr)")
            let knowledgeDone = first.last?["data"] as? [String: Any]
            #expect(knowledgeDone?["stageId"] as? String == "knowledge" && knowledgeDone?["status"] as? String == "complete")
            #expect(!second.isEmpty && first.allSatisfy { $0["event"] as? String != "delta" })
            let joined = first + second
            ResumeTests.expectWhole(joined, runId: runId, "across replicas")
            let answer = joined.filter { $0["event"] as? String == "delta" }
                .compactMap { ($0["data"] as? [String: Any])?["text"] as? String }.joined()
            #expect(answer.hasPrefix("word0 word1") && answer.contains("word39"), "\(answer.prefix(200))")

            // The log holds exactly what the client saw, and an uninterrupted run tells the same story.
            let stored = try #require(try await ResumeTests.storedRun(store, runId))
            #expect(stored.state == .finished)
            #expect(stored.events.map(ResumeTests.canonical) == joined.map(ResumeTests.canonical))
            let whole = ResumeTests.events(try await ResumeTests().client(["whole", a.base, ResumeTests.question]), "events")
            #expect(Self.story(joined) == Self.story(whole), "\(Self.story(joined)) vs \(Self.story(whole))")

            // A finished run of A replays in full on B, and `runs show` prints it from the database.
            let replay = try await ResumeTests().client(["read", b.base + "/api/chat/stream/\(runId)"])
            #expect(ResumeTests.events(replay, "events").map(ResumeTests.canonical) == joined.map(ResumeTests.canonical))
            let shown = try await run(bevgenieBinary, ["runs", "show", runId, "--db", typed])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.split(separator: "\n").count == joined.count)
            let unknown = try await curl([b.base + "/api/chat/stream/0123456789abcdef0123456789abcdef"])
            #expect(unknown.status == 404 && unknown.body.contains("run_not_found"), "\(unknown)")

            // Stop from B a run A owns: it ends with `stopped`, and A closes its model request.
            let stopped = try await ResumeTests().client(["stop", a.base, b.base, ResumeTests.question])
            let stoppedEvents = ResumeTests.events(stopped, "events")
            #expect(stopped["stopStatus"] as? Int == 200, "\(stopped["stopBody"] ?? "")")
            let last = stoppedEvents.last?["data"] as? [String: Any] ?? [:]
            #expect(last["code"] as? String == "stopped" && last["category"] as? String == "stopped", "\(last)")
            #expect(stopped["againStatus"] as? Int == 409)
            var closed: [String: Any]?
            for _ in 0..<100 {
                closed = upstream.log().last { $0["event"] as? String == "closed" }
                if closed != nil { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(closed != nil, "the upstream request was never closed: \(upstream.log())")
            #expect((closed?["sent"] as? Int ?? 0) < 100_000)
            let stopRun = try #require(stopped["runId"] as? String)
            let stoppedLog = try #require(try await ResumeTests.storedRun(store, stopRun))
            #expect(stoppedLog.state == .finished && stoppedLog.events.last?.data.contains("\"stopped\"") == true)

            // `db vacuum` drops the logs with the rest of the history.
            await a.stop()
            await b.stop()
            try await Task.sleep(for: .seconds(1))  // every run began over 0.6 s ago
            let vacuum = try await run(bevgenieBinary, ["db", "vacuum", "--older-than", "0.01m", "--db", typed])
            #expect(vacuum.status == 0 && vacuum.stdout.contains("3 run event logs"), "\(vacuum.stdout) \(vacuum.stderr)")
            #expect(try await store.runEvents(runId: runId, after: 0, limit: 1) == nil)
            await store.close()
        }
    }

    /// PostgreSQL's `text` cannot hold U+0000; what a user sends with one is kept with U+FFFD, not refused: a
    /// JSON Lines record imported with `kb import`, and a chat message to `serve` (whose run log keeps it too).
    @Test func userTextWithNULIsKeptWithAReplacementCharacter() async throws {
        try await ReplicaPostgres.withDatabase { url, typed in
            let directory = NSTemporaryDirectory() + "bevgenie-nul-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let records = directory + "/records.jsonl"
            try #"{"title":"Quagga\u0000guide","text":"Quagga distributors\u0000 depletion notes.","url":"https://x.test/\u0000"}"#
                .write(toFile: records, atomically: true, encoding: .utf8)
            let imported = try await run(
                bevgenieBinary, ["kb", "import", records, "--keep-starter", "--db", typed, "--format", "ndjson"])
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(imported.stdout.contains("\"inserted\":1"), "\(imported.stdout)")

            let server = try await ServeProcess.start([], database: typed)
            let chat = try await postJSON(
                server.base + "/api/chat",
                #"{"message":"Our distributor reps\u0000 ignore our brand. How do we get mindshare?","sessionId":"nulsession"}"#)
            #expect(chat.status == 200, "\(chat.body) \(server.stderr)")
            let stream = try await postJSON(
                server.base + "/api/chat/stream",
                #"{"message":"Quagga\u0000 distributor depletion: how do we see it?","sessionId":"nulsession"}"#)
            #expect(stream.status == 200 && stream.body.contains("event: complete"), "\(stream.body.suffix(500))")
            await server.stop()

            let store = try await PostgresStore(url: url, poolSize: 2)
            let session = try #require(try await store.session(id: "nulsession"))
            let asked = session.messages.filter { $0.author == .user }.map(\.content)
            #expect(asked == ["Our distributor reps\u{FFFD} ignore our brand. How do we get mindshare?",
                              "Quagga\u{FFFD} distributor depletion: how do we see it?"])
            let hits = try await store.search(KnowledgeQuery(text: "quagga", mode: .keyword))
            #expect(hits.first?.chunk.documentTitle == "Quagga\u{FFFD}guide", "\(hits.map(\.chunk.documentTitle))")
            #expect(hits.first?.chunk.text.contains("distributors\u{FFFD} depletion") == true)
            await store.close()
        }
    }

    static func story(_ events: [[String: Any]]) -> [String] {
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
}
