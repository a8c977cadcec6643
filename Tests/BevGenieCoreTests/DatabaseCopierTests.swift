import Foundation
import Testing

@testable import BevGenieCore

/// `DatabaseCopier` from a real SQLite file (filled by the real pipeline) to a fresh database on a real
/// PostgreSQL server: interrupted after any number of batches and resumed, nothing is lost or doubled; a
/// destination that is not this source's copy is refused before a row is written.
@Suite struct DatabaseCopierTests {
    /// The tables the copy moves, and a query that lists each one's rows in one order on both backends.
    static let tableRows: [(String, String)] = [
        ("documents", "SELECT id, title, source, kind, roles, content_hash, metadata, imported_at FROM documents ORDER BY id"),
        ("document_topics", "SELECT document_id, pain_point, weight FROM document_topics ORDER BY document_id, pain_point"),
        ("chunks", "SELECT rowid, id, document_id, ordinal, title, heading_path, text FROM chunks ORDER BY rowid"),
        ("chunk_vectors", "SELECT chunk_rowid, model FROM chunk_vectors ORDER BY chunk_rowid"),
        ("sessions", "SELECT id, created_at, updated_at, role, message_count FROM sessions ORDER BY id"),
        ("messages", "SELECT id, session_id, run_id, author, content, page, created_at FROM messages ORDER BY id"),
        ("persona_scores", "SELECT session_id, pain_point, score, updated_at FROM persona_scores ORDER BY session_id, pain_point"),
        ("signals", "SELECT id, session_id, message_id, run_id, kind, value, strength, evidence, role, created_at FROM signals ORDER BY id"),
        ("runs", "SELECT id, session_id, started_at, duration_ms, status, error_code, intent, page_type, provider, cache FROM runs ORDER BY id"),
        ("stage_timings", "SELECT run_id, stage, started_at, duration_ms, status FROM stage_timings ORDER BY run_id, stage"),
        ("page_cache", "SELECT key, page_type, page, kb_version, created_at, hits, last_hit_at FROM page_cache ORDER BY key"),
        ("sentence_vectors", "SELECT model, text, length(vector) FROM sentence_vectors ORDER BY model, text"),
        ("run_streams", "SELECT run_id, started_at, updated_at, state, watched_at FROM run_streams ORDER BY run_id"),
        ("run_events", "SELECT run_id, seq, name, data FROM run_events ORDER BY run_id, seq"),
    ]

    /// Sentence vectors (one longer than a PostgreSQL index entry may hold) and the event log of two streamed
    /// runs, one finished and one still going, as the server and the local responder leave them.
    static let sentences: [(text: String, vector: [Float])] = [
        ("Depletions are what distributors sell to retailers.", [0.25, -0.5, 1]),
        (String(repeating: "a sentence without any full stop goes on ", count: 80), [1, 0, 0]),
    ]
    static func addLogs(_ store: SQLiteStore) async throws {
        try await store.storeSentenceVectors(model: "copy-test-model", sentences)
        var batch = RunEventBatch(now: 1_000)
        batch.started = [.init(runId: "r-done", startedAt: 990), .init(runId: "r-live", startedAt: 995)]
        batch.events = [
            StoredRunEvent(runId: "r-done", seq: 1, name: "stage", data: #"{"stage":"intent"}"#),
            StoredRunEvent(runId: "r-done", seq: 2, name: "complete", data: #"{"message":"done"}"#),
            StoredRunEvent(runId: "r-live", seq: 1, name: "delta", data: #"{"text":"half"}"#),
        ]
        batch.ended = [(runId: "r-done", state: .finished)]
        batch.live = ["r-live"]
        _ = try await store.appendRunEvents(batch)
    }

    /// A source: the starter knowledge (with its vectors) and turns of three sessions, one a page-cache hit.
    static func makeSource(_ path: String) async throws {
        let store = try SQLiteStore(path: path)
        for (session, message) in [
            ("c-1", "Our distributor reps ignore our brand. How do we get mindshare?"),
            ("c-1", "How would we track display compliance across our accounts?"),
            ("c-2", "Do you have a case study from a winery like us?"),
            ("c-3", "Do you have a case study from a winery like us?"),
        ] {
            let (_, outcome) = await ask(message, session: session, store: store)
            if case .failed(let error) = outcome { Issue.record("the turn failed: \(error)") }
        }
        let report = try await store.analytics(since: 0, until: Date().timeIntervalSince1970 + 60)
        #expect(report.runs == 4 && report.cacheHits >= 1)
        try await addLogs(store)
    }

    /// Every row of every copied table, as text, read from the SQLite file.
    static func sqliteRows(_ path: String) throws -> [String: [String]] {
        let db = try SQLiteDatabase(path: path, options: [.readOnly])
        var result: [String: [String]] = [:]
        for (table, sql) in tableRows {
            result[table] = try db.query(sql).map { row in
                row.values.map { value -> String in
                    switch value {
                    case .null: return "∅"
                    case .integer(let integer): return String(integer)
                    case .real(let real): return "\(real)"
                    case .text(let text): return text
                    case .blob: return "blob"
                    }
                }.joined(separator: "|")
            }
        }
        return result
    }

    /// The same rows read from PostgreSQL (each column as text, as SQLite's values print).
    static func postgresRows(_ store: PostgresStore) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (table, sql) in tableRows {
            let from = try #require(sql.range(of: " FROM "))
            let list = sql[sql.index(sql.startIndex, offsetBy: "SELECT ".count)..<from.lowerBound]
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let text = list.map { "coalesce(\($0)::text, '∅')" }.joined(separator: " || '|' || ")
            let query = "SELECT \(text) FROM " + sql[from.upperBound...]
            result[table] = try await store.rows(.init(unsafeSQL: query)).map { try $0.decode(String.self) }
        }
        return result
    }

    /// PostgreSQL prints float8 as the shortest text that reads back exactly, as Swift does, but an integral
    /// one without ".0"; the comparison reads both as numbers where they are numbers (so a copy that rounded a
    /// timestamp or a score would show).
    static func same(_ sqlite: [String: [String]], _ postgres: [String: [String]]) -> Bool {
        func normal(_ row: String) -> String {
            row.split(separator: "|", omittingEmptySubsequences: false).map { field in
                if let number = Double(field) { return "\(number)" }
                return String(field)
            }.joined(separator: "|")
        }
        for (table, _) in tableRows {
            // Sorted here: PostgreSQL orders text by the database's collation, SQLite by bytes.
            let left = (sqlite[table] ?? []).map(normal).sorted()
            let right = (postgres[table] ?? []).map(normal).sorted()
            if left != right {
                let first = zip(left, right).first { $0 != $1 }.map { "\($0.0)\n  vs \($0.1)" } ?? "in the count"
                let message = "\(table) differs: \(left.count) rows in SQLite, \(right.count) in PostgreSQL; first difference: \(first)"
                Issue.record(Comment(rawValue: message))
                return false
            }
        }
        return true
    }

    @Test func aCopyInterruptedAfterAnyBatchResumesToTheSameRows() async throws {
        try await withTemporaryDirectory { directory in
            let source = directory.file("source.db")
            try await Self.makeSource(source)
            let expected = try Self.sqliteRows(source)
            #expect(expected["messages"]?.count == 8 && expected["signals"]?.isEmpty == false)
            #expect(expected["sentence_vectors"]?.count ?? 0 >= 2 && expected["run_events"]?.count == 3)
            // How many batches a whole copy takes, to stop runs early, midway and near the end.
            let batches = try await PostgresTestServer.withDatabase { url in
                try await DatabaseCopier(sourcePath: source, destination: url, batchSize: 5).run().batches
            }
            #expect(batches > 20)
            for stops in [[1], [3, batches / 2], [batches / 3, 1, batches / 3]] {
                try await PostgresTestServer.withDatabase { url in
                    for stop in stops {
                        var copier = DatabaseCopier(sourcePath: source, destination: url, batchSize: 5)
                        copier.stopAfterBatches = stop
                        await #expect(throws: DatabaseCopyError.interrupted) { _ = try await copier.run() }
                    }
                    let summary = try await DatabaseCopier(sourcePath: source, destination: url, batchSize: 5).run()
                    #expect(summary.resumed)
                    let store = try await PostgresStore(url: url, poolSize: 1, seedStarterKnowledge: false)
                    #expect(Self.same(expected, try await Self.postgresRows(store)))
                    // PostgreSQL finds a copied sentence by its text's digest, which the copy computed.
                    let found = try await store.sentenceVectors(model: "copy-test-model", texts: Self.sentences.map(\.text))
                    #expect(found.count == 2 && found[Self.sentences[0].text] == Self.sentences[0].vector)
                    // A copied run's log reads back as it did from the file.
                    #expect(try await store.runEvents(runId: "r-done", after: 0, limit: 10)?.events.map(\.name) == ["stage", "complete"])
                    #expect(try await store.meta("copy.state") == "complete")
                    let sourceVersion = try await SQLiteStore(path: source).meta("kb_version")
                    #expect(try await store.meta("kb_version") == sourceVersion)
                    // New rows get new ids after the copied ones.
                    let ids = try await store.rows("SELECT max(id) FROM messages").first?.decode(Int.self) ?? 0
                    let snapshot = try await store.beginTurn(
                        TurnStart(sessionId: "c-1", runId: "after-copy", message: "one more question about displays",
                                  signals: [], role: nil, at: Date().timeIntervalSince1970, historyLimit: 10)) { $0 }
                    #expect(snapshot.messageCount == 5)
                    #expect(try await store.rows("SELECT max(id) FROM messages").first?.decode(Int.self) == ids + 1)
                    await store.close()

                    // And once more: nothing to write.
                    let again = try await DatabaseCopier(sourcePath: source, destination: url, batchSize: 5).run()
                    #expect(again.written == 0, "\(again.tables.filter { $0.written > 0 })")
                }
            }
        }
    }

    @Test func aDestinationOfAnotherEmbeddingModelIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let source = directory.file("source.db")
            _ = try SQLiteStore(path: source)  // the starter knowledge, built-in embedder's vectors
            try await PostgresTestServer.withDatabase { url in
                let store = try await PostgresStore(url: url, poolSize: 1, seedStarterKnowledge: false)
                var document = try DocumentBuilder().build(id: "other", source: "test", markdown: "# Other\n\nSome text.")
                document.embeddingModel = "another-model"
                for index in document.chunks.indices { document.chunks[index].vector = [1, 0, 0] }
                _ = try await store.upsert([document])
                await store.close()
                await #expect(throws: DatabaseCopyError.modelMismatch(
                    destination: url.description, stored: "another-model", source: HashingEmbedder().model)
                ) {
                    _ = try await DatabaseCopier(sourcePath: source, destination: url).run()
                }
            }
        }
    }

    @Test func knowledgeChangedSinceTheCopyBeganIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let source = directory.file("source.db")
            _ = try SQLiteStore(path: source)
            try await PostgresTestServer.withDatabase { url in
                var copier = DatabaseCopier(sourcePath: source, destination: url, batchSize: 3)
                copier.stopAfterBatches = 4
                await #expect(throws: DatabaseCopyError.interrupted) { _ = try await copier.run() }
                let store = try SQLiteStore(path: source)
                let document = try DocumentBuilder().build(id: "late", source: "test", markdown: "# Late\n\nAdded mid-copy.")
                _ = try await store.upsert([document])
                await #expect {
                    _ = try await DatabaseCopier(sourcePath: source, destination: url).run()
                } throws: { error in
                    guard case .sourceChanged = error as? DatabaseCopyError else { return false }
                    return true
                }
            }
        }
    }
}
