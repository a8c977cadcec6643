import Foundation
import Testing

@testable import BevGenieCore

/// The event log of streamed runs and the answer's sentence vectors, alike on both backends.
extension StorageConformanceTests {
    static func event(_ runId: String, _ seq: Int, _ name: String = "delta", _ data: String? = nil) -> StoredRunEvent {
        StoredRunEvent(runId: runId, seq: seq, name: name, data: data ?? #"{"text":"w\#(seq) "}"#)
    }

    @Test(arguments: StoreBackend.allCases)
    func theRunLogKeepsPositionsOnceAndItsFlags(_ backend: StoreBackend) async throws {
        try await backend.withStore(seedStarter: false) { store in
            let log = try #require(store as? any RunEventStore, "\(backend) keeps no run event log")
            var batch = RunEventBatch(now: 110)
            batch.started = [.init(runId: "run-a", startedAt: 100), .init(runId: "run-b", startedAt: 200)]
            batch.events = [Self.event("run-a", 1, "stage"), Self.event("run-a", 2), Self.event("run-b", 1)]
            batch.live = ["run-a", "run-b"]
            #expect(try await log.appendRunEvents(batch).isEmpty)
            #expect(try await log.appendRunEvents(RunEventBatch(now: 1)).isEmpty)

            // A position is kept once: the first write of it wins (a batch written again after a failed commit).
            var again = RunEventBatch(now: 120)
            again.started = [.init(runId: "run-a", startedAt: 999)]
            again.events = [Self.event("run-a", 2, "delta", #"{"text":"other"}"#), Self.event("run-a", 3)]
            _ = try await log.appendRunEvents(again)

            let page = try #require(try await log.runEvents(runId: "run-a", after: 0, limit: 10))
            #expect(page.events == [Self.event("run-a", 1, "stage"), Self.event("run-a", 2), Self.event("run-a", 3)])
            #expect(page.state == .running && !page.stopRequested && !page.truncated && page.watchedAt == nil)
            #expect(page.updatedAt == 110)
            #expect(try await log.runEvents(runId: "run-a", after: 1, limit: 1)?.events == [Self.event("run-a", 2)])
            #expect(try await log.runEvents(runId: "run-a", after: 3, limit: 10)?.events == [])
            #expect(try await log.runEvents(runId: "run-a", after: Int.max - 1, limit: 0)?.events == [])
            #expect(try await log.runEvents(runId: "run-b", after: 0, limit: 10)?.events == [Self.event("run-b", 1)])
            #expect(try await log.runEvents(runId: "no-such-run", after: 0, limit: 10) == nil)

            // A stop asked for is read back by the owner's next liveness mark (in no particular order).
            #expect(try await log.requestRunStop(runId: "run-b") == .running)
            #expect(try await log.requestRunStop(runId: "run-a") == .running)
            #expect(try await log.requestRunStop(runId: "no-such-run") == nil)
            var mark = RunEventBatch(now: 130)
            mark.live = ["run-b", "run-a"]
            #expect(Set(try await log.appendRunEvents(mark)) == ["run-b", "run-a"])
            #expect(try await log.runEvents(runId: "run-a", after: 0, limit: 0)?.updatedAt == 130)
            #expect(try await log.runEvents(runId: "run-a", after: 0, limit: 0)?.stopRequested == true)

            try await log.markRunWatched(runId: "run-a", at: 131.5)
            try await log.markRunWatched(runId: "no-such-run", at: 131.5)
            #expect(try await log.runEvents(runId: "run-a", after: 0, limit: 0)?.watchedAt == 131.5)

            // Ends: a finished run with its terminal event; a cancelled one with none. Neither takes a stop.
            var end = RunEventBatch(now: 140)
            end.events = [Self.event("run-a", 4, "complete", #"{"runId":"run-a"}"#)]
            end.truncated = ["run-a"]
            end.ended = [("run-a", .finished), ("run-b", .cancelled)]
            #expect(try await log.appendRunEvents(end).isEmpty)
            let finished = try #require(try await log.runEvents(runId: "run-a", after: 3, limit: 10))
            #expect(finished.state == .finished && finished.truncated && finished.updatedAt == 140)
            #expect(finished.events.map(\.isTerminal) == [true])
            #expect(try await log.requestRunStop(runId: "run-a") == .finished)
            #expect(try await log.requestRunStop(runId: "run-c") == nil)
            var cancelled = RunEventBatch(now: 141)
            cancelled.started = [.init(runId: "run-c", startedAt: 300)]
            cancelled.ended = [("run-c", .cancelled)]
            _ = try await log.appendRunEvents(cancelled)
            #expect(try await log.requestRunStop(runId: "run-c") == .cancelled)
            #expect(try await log.runEvents(runId: "run-c", after: 0, limit: 10)?.stopRequested == false)

            // Retention: the logs of runs started before the cutoff go, with their events.
            #expect(try await log.dropRunEvents(olderThan: 150) == 1)
            #expect(try await log.runEvents(runId: "run-a", after: 0, limit: 10) == nil)
            #expect(try await log.runEvents(runId: "run-b", after: 0, limit: 10)?.events.count == 1)
            #expect(try await log.dropRunEvents(olderThan: 150) == 0)
            #expect(try await log.dropRunEvents(olderThan: 1_000) == 2)
            #expect(try await log.runEvents(runId: "run-c", after: 0, limit: 10) == nil)
        }
    }

    /// A run's log holds many events (the bound is the writer's: 20 000), read in pages in order.
    @Test(arguments: StoreBackend.allCases)
    func aLongRunIsReadBackInPagesInOrder(_ backend: StoreBackend) async throws {
        try await backend.withStore(seedStarter: false) { store in
            let log = try #require(store as? any RunEventStore)
            var batch = RunEventBatch(now: 1)
            batch.started = [.init(runId: "long", startedAt: 1)]
            batch.events = (1...2_500).map { Self.event("long", $0, "delta", #"{"text":"é \u0000 \#($0)"}"#) }
            _ = try await log.appendRunEvents(batch)
            var seen: [StoredRunEvent] = []
            while let page = try await log.runEvents(runId: "long", after: seen.last?.seq ?? 0, limit: 1_000),
                !page.events.isEmpty
            {
                seen += page.events
            }
            #expect(seen == batch.events)
        }
    }

    /// A run's events of one write share a row (`RunEventRows`): read from any position, inside a row or between
    /// rows, the log gives exactly the events after it, each once, as they were sent; a position written twice keeps
    /// its first write.
    @Test(arguments: StoreBackend.allCases)
    func eventsSharingARowAreReadFromAnyPositionExactlyOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore(seedStarter: false) { store in
            let log = try #require(store as? any RunEventStore)
            let names = ["stage", "stage", "delta", "delta", "delta", "section", "delta", "page", "complete"]
            let sent = names.enumerated().map { index, name in
                Self.event("rows", index + 1, name, #"{"n":\#(index + 1),"text":"é \n\u0000 \#(name)"}"#)
            }
            // Three writes, interleaved with another run's events, as the server's flushes bring them.
            var first = RunEventBatch(now: 1)
            first.started = [.init(runId: "rows", startedAt: 1), .init(runId: "other", startedAt: 1)]
            first.events = [sent[0], Self.event("other", 1), sent[1], sent[2], Self.event("other", 2), sent[3]]
            _ = try await log.appendRunEvents(first)
            var second = RunEventBatch(now: 2)
            second.events = [sent[3], sent[4], sent[5], Self.event("other", 3), sent[6], sent[7]]  // 4 again
            _ = try await log.appendRunEvents(second)
            var third = RunEventBatch(now: 3)
            third.events = [sent[8]]
            third.ended = [("rows", .finished)]
            _ = try await log.appendRunEvents(third)
            _ = try await log.appendRunEvents(third)  // a write retried
            for after in 0...sent.count {
                for limit in [1, 2, 3, 500] {
                    let page = try #require(try await log.runEvents(runId: "rows", after: after, limit: limit))
                    #expect(page.events == Array(sent.dropFirst(after).prefix(limit)), "after \(after), limit \(limit)")
                }
            }
            #expect(try await log.runEvents(runId: "other", after: 1, limit: 10)?.events
                == [Self.event("other", 2), Self.event("other", 3)])
            // Read page by page, as `runs show` and a follower on another process do.
            var seen: [StoredRunEvent] = []
            while let page = try await log.runEvents(runId: "rows", after: seen.last?.seq ?? 0, limit: 2),
                !page.events.isEmpty
            {
                seen += page.events
            }
            #expect(seen == sent)
            #expect(seen.map(\.ndjson).joined().split(separator: "\n").count == sent.count)
        }
    }

    /// Two processes on one database: what one writes the other reads, and a stop asked on one reaches the other.
    @Test(arguments: StoreBackend.allCases)
    func aStopAskedThroughOneStoreReachesTheRunOfAnother(_ backend: StoreBackend) async throws {
        try await backend.withTwoStores { owner, other in
            let ownerLog = try #require(owner as? any RunEventStore)
            let otherLog = try #require(other as? any RunEventStore)
            var batch = RunEventBatch(now: 10)
            batch.started = [.init(runId: "shared", startedAt: 10)]
            batch.events = [Self.event("shared", 1)]
            _ = try await ownerLog.appendRunEvents(batch)
            #expect(try await otherLog.runEvents(runId: "shared", after: 0, limit: 10)?.events == batch.events)
            #expect(try await otherLog.requestRunStop(runId: "shared") == .running)
            var mark = RunEventBatch(now: 11)
            mark.live = ["shared"]
            #expect(try await ownerLog.appendRunEvents(mark) == ["shared"])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func sentenceVectorsAreKeptPerModelAndReembedDropsOtherModels(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let vectors = try #require(store as? any SentenceVectorStore, "\(backend) keeps no sentence vectors")
            let long = String(repeating: "distributor depletion velocity ", count: 400)  // 12 kB: over a B-tree entry
            let nul = "a sentence with a NUL\u{0} inside"
            let kept: [(text: String, vector: [Float])] = [
                ("First sentence.", [0.25, -1, 3.5e-8]), (long, [1, 2, 3]), (nul, [0, 0, 1]), ("émoji 🍺", [9]),
            ]
            try await vectors.storeSentenceVectors(model: "model-a", kept)
            // A text already kept is left as it is.
            try await vectors.storeSentenceVectors(model: "model-a", [("First sentence.", [7, 7, 7]), ("First sentence.", [8])])
            try await vectors.storeSentenceVectors(model: HashingEmbedder().model, [("First sentence.", [5, 5])])
            try await vectors.storeSentenceVectors(model: "model-a", [])

            let found = try await vectors.sentenceVectors(
                model: "model-a", texts: ["First sentence.", long, nul, "émoji 🍺", "never kept"])
            #expect(found["First sentence."] == [0.25, -1, 3.5e-8])
            #expect(found[long] == [1, 2, 3])
            // PostgreSQL finds a sentence with a NUL (kept with U+FFFD, asked for the same way). SQLite's lookup
            // (the texts as one JSON array through json_each) misses it: the sentence is embedded again, nothing
            // is lost, so only PostgreSQL is held to it.
            if backend == .postgres {
                #expect(found.count == 4)
                #expect(found[nul] == [0, 0, 1])
            } else {
                #expect(found.count == 3)
            }
            #expect(found["émoji 🍺"] == [9])
            #expect(try await vectors.sentenceVectors(model: "model-b", texts: ["First sentence."]).isEmpty)
            #expect(try await vectors.sentenceVectors(model: "model-a", texts: []).isEmpty)

            // Re-embedding with the hashing model makes the other model's sentence vectors useless: they go.
            try await store.reembed(with: HashingEmbedder())
            #expect(try await vectors.sentenceVectors(model: "model-a", texts: ["First sentence.", long]).isEmpty)
            #expect(try await vectors.sentenceVectors(model: HashingEmbedder().model, texts: ["First sentence."])
                == ["First sentence.": [5, 5]])
        }
    }

    /// PostgreSQL's `text` cannot hold U+0000: every text a user can send (an imported document's title, headings,
    /// text and metadata; a chat message) is kept with U+FFFD in its place instead of failing; SQLite keeps it.
    @Test(arguments: StoreBackend.allCases)
    func textWithNULIsKept(_ backend: StoreBackend) async throws {
        try await backend.withStore(seedStarter: false) { store in
            let id = "nul\u{0}doc"
            let document = KnowledgeDocument(
                id: id, title: "Title\u{0}One", source: "test/nul\u{0}", kind: .faq, topics: [.compliance: 1],
                roles: [], contentHash: "h1",
                chunks: [KnowledgeChunkDraft(headings: ["Head\u{0}ing"], text: "Zebrafish\u{0}body quagga text.")],
                metadata: .object([("url", .string("https://x.test/\u{0}"))]))
            #expect(try await store.upsert(document) == .inserted)
            #expect(try await store.upsert(document) == .unchanged)
            let expected = backend == .postgres ? "\u{FFFD}" : "\u{0}"
            let chunks = try await store.documentChunks(id: id)
            #expect(chunks.count == 1)
            #expect(chunks.first?.text == "Zebrafish\(expected)body quagga text.", "\(chunks)")
            #expect(chunks.first?.headings == ["Head\(expected)ing"])
            #expect(chunks.first?.documentTitle == "Title\(expected)One")
            #expect(try await store.search(query("quagga", mode: .keyword)).count == 1)
            #expect(try await store.documents(sourcePrefix: "test/").map(\.chunks) == [1])

            _ = try await store.beginTurn(
                TurnStart(sessionId: "nul", runId: "nul-run", message: "labels\u{0} take forever",
                          signals: [PainPointSignal(painPoint: .compliance, strength: 0.5, evidence: "labels\u{0}")],
                          role: nil, at: 1, historyLimit: 2)) { $0 }
            try await store.finishTurn(TurnRecord(
                runId: "nul-run", sessionId: "nul", answer: "an answer\u{0}", page: .object([("title", .string("t\u{0}"))]),
                intent: .painPoint, pageType: .solutionBrief, status: .ok, errorCode: nil, provider: "local\u{0}",
                startedAt: 1, durationMs: 1, stages: [], cache: nil))
            let session = try #require(try await store.session(id: "nul"))
            #expect(session.messages.map(\.content) == ["labels\(expected) take forever", "an answer\(expected)"])
            #expect(session.signals.map(\.evidence) == ["labels\(expected)"])
            try await store.storePage(key: "key\u{0}", type: .comparison, page: .string("p\u{0}"), knowledgeVersion: 0)
            #expect(try await store.cachedPage(key: "key\u{0}") == .string("p\u{0}"))  // JSON escapes it
            #expect(try await store.removeDocuments(ids: [id]) == 1)
        }
    }
}

/// A PostgreSQL database of schema 1 (before the run log) is brought to the current version on open, its rows kept.
@Test func aSchemaOneDatabaseGainsTheRunLogOnOpen() async throws {
    try await PostgresTestServer.withDatabase { url in
        let store = try await PostgresStore(url: url, poolSize: 2)
        let documents = try await store.knowledgeCounts().documents
        await store.close()
        // As a bevgenie of schema 1 left it.
        try await PostgresTestServer.admin(url, "DROP TABLE run_events, run_streams, sentence_vectors")
        try await PostgresTestServer.admin(url, "UPDATE bevgenie_schema SET version = 1")
        let upgraded = try await PostgresStore(url: url, poolSize: 2)
        #expect(try await upgraded.schemaVersion() == PostgresSchema.currentVersion)
        #expect(try await upgraded.knowledgeCounts().documents == documents)
        var batch = RunEventBatch(now: 1)
        batch.started = [.init(runId: "after-upgrade", startedAt: 1)]
        batch.events = [StorageConformanceTests.event("after-upgrade", 1)]
        _ = try await upgraded.appendRunEvents(batch)
        #expect(try await upgraded.runEvents(runId: "after-upgrade", after: 0, limit: 5)?.events.count == 1)
        await upgraded.close()
    }
}

extension StoreBackend {
    /// Runs `body` with two stores on one fresh database, as two processes would open it.
    func withTwoStores<T>(_ body: (any BevGenieStore, any BevGenieStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await withTemporaryDirectory { directory in
                let path = directory.file("shared.db")
                let first = try SQLiteStore(path: path, seedStarterKnowledge: false)
                return try await body(first, try SQLiteStore(path: path, seedStarterKnowledge: false))
            }
        case .postgres:
            return try await PostgresTestServer.withDatabase { url in
                let first = try await PostgresStore(url: url, poolSize: 2, seedStarterKnowledge: false)
                let second = try await PostgresStore(url: url, poolSize: 2, seedStarterKnowledge: false)
                defer { Task { await first.close(); await second.close() } }
                return try await body(first, second)
            }
        }
    }
}
