import BevGenieCore
import Foundation
import Testing

/// `bevgenie serve` running many pipelines (each writing its session, persona, messages and run) while
/// `bevgenie kb import` writes a large corpus into the same file from another process: no visitor sees
/// `database_busy` or any error, and afterwards every row is there. Visitors: `BEVGENIE_SHARED_CHATS` (default 300).
@Suite struct SharedDatabaseTests {
    static let chats = Int(ProcessInfo.processInfo.environment["BEVGENIE_SHARED_CHATS"] ?? "") ?? 300
    static let documents = 1_500

    @Test func serveAndImportWriteTheSameFileWithoutLosingARow() async throws {
        let server = try await ServeProcess.start([])
        let corpus = server.directory + "/corpus"
        try Self.writeCorpus(in: corpus)
        let starter = try SQLiteDatabase(path: server.database, options: [.readWrite])
            .queryRow("SELECT count(*) FROM documents")?.int(0) ?? 0

        let clock = ContinuousClock()
        let started = clock.now
        async let imported = run(bevgenieBinary, ["kb", "import", corpus, "--db", server.database, "--format", "ndjson"], timeout: 600)
        async let chatted = run("python3", [
            clientsDirectory + "/abuse.py", "load", server.base, "--requests", "\(Self.chats)", "--concurrency", "16",
        ], timeout: 600)
        let (importResult, loadResult) = try await (imported, chatted)
        let elapsed = clock.now - started
        let metrics = try await curl([server.base + "/metrics"]).body
        let serverLog = server.stderr

        #expect(importResult.status == 0, "\(importResult.stderr)")
        let summaryLine = importResult.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summaryLine.contains("\"inserted\":\(Self.documents)"), "\(summaryLine)")
        #expect(loadResult.status == 0, "abuse.py failed (is httpx installed?): \(loadResult.stderr)")
        let load = try #require(
            try JSONSerialization.jsonObject(with: Data(loadResult.stdout.utf8)) as? [String: Any], "\(loadResult.stdout)")
        #expect(load["outcomes"] as? [String: Int] == ["complete": Self.chats], "\(load)")
        #expect(!metrics.contains("database_busy") && !metrics.contains("storage_error"), "\(metrics)")

        // Counted in the file, after both have finished: nothing lost on either side.
        await server.stop()
        let db = try SQLiteDatabase(path: server.database, options: [.readWrite])
        func count(_ sql: String) throws -> Int { try db.queryRow(sql)?.int(0) ?? -1 }
        // The import replaced the starter documents with the corpus (`kb import` without --keep-starter).
        #expect(starter > 0)
        #expect(try count("SELECT count(*) FROM documents") == Self.documents)
        #expect(try count("SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)") == 0)
        #expect(try count("SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.chunk_rowid = c.rowid)") == 0)
        #expect(try count("SELECT count(*) FROM sessions") == Self.chats)
        #expect(try count("SELECT count(*) FROM runs WHERE status = 'ok'") == Self.chats)
        #expect(try count("SELECT count(*) FROM stage_timings") == 5 * Self.chats)
        #expect(try count("SELECT count(*) FROM messages") == 2 * Self.chats)
        // Signals and personas: each signal tied to its stored message, each session with pain points scored.
        #expect(try count("SELECT count(*) FROM signals") > 0)
        #expect(try count("SELECT count(*) FROM signals WHERE message_id NOT IN (SELECT id FROM messages)") == 0)
        #expect(try count("SELECT count(DISTINCT session_id) FROM signals WHERE kind = 'pain_point' "
            + "AND session_id NOT IN (SELECT session_id FROM persona_scores)") == 0)
        #expect(try db.query("PRAGMA integrity_check").map { try $0.string(0) } == ["ok"])
        #expect(try db.queryRow("PRAGMA journal_mode")?.string(0) == "wal")
        #expect(!serverLog.contains("database is locked"), "\(serverLog.suffix(2_000))")
        print("shared database: \(Self.chats) chats (p50 \(load["p50_ms"] ?? "?") ms, max \(load["max_ms"] ?? "?") ms) "
            + "beside an import of \(Self.documents) documents, \(elapsed) in all")
    }

    /// Guides of 4 to 7 sections in the trade's words, distinct per document.
    static func writeCorpus(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let words = ["distributor", "depletion", "compliance", "display", "execution", "margin", "retailer",
                     "territory", "pricing", "promotion", "rebate", "inventory", "velocity", "shelf", "route"]
        for index in 0..<documents {
            func paragraph(_ seed: Int) -> String {
                (0..<60).map { words[(seed * 7 + $0 * 13 + $0 / 5) % words.count] }.joined(separator: " ")
            }
            var text = "# Field guide \(index)\n\ng\(index) " + paragraph(index) + "\n\n"
            for section in 0..<(4 + index % 4) {
                text += "## Part \(section)\n\ng\(index)s\(section) " + paragraph(index + section) + "\n\n"
            }
            try text.write(toFile: "\(directory)/guide\(index).md", atomically: true, encoding: .utf8)
        }
    }
}
