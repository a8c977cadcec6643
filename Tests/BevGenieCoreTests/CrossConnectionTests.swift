import Foundation
import Synchronization
import Testing

@testable import BevGenieCore

/// Two stores on one file stand for two processes (`serve` and a `kb import` beside it): what one writes, the
/// other must see on its next read, whatever it had cached.
@Suite struct CrossConnectionTests {
    @Test func knowledgeImportedByAnotherConnectionIsSearchedAtOnce() async throws {
        let title = "Axolotl hatchery permits"
        try await withTemporaryDirectory { dir in
            let path = dir.file("shared.db")
            let serving = try SQLiteStore(path: path)
            let importing = try SQLiteStore(path: path)

            // Warm every cache of the serving store: document metadata, chunks, vectors, lists.
            #expect(try await !serving.search(query("axolotl hatchery permits")).contains { $0.chunk.documentTitle == title })
            _ = try await serving.search(query("distributor mindshare"))
            _ = try await serving.chunks(kinds: [.caseStudy], topics: [], limit: 5)

            let file = dir.file("axolotl.md")
            try "---\ntitle: Axolotl hatchery permits\nkind: case_study\n---\n# Axolotl hatchery permits\n\nAxolotl hatchery permits are filed with the state each spring.\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let summary = try await KnowledgeImporter(store: importing, embedder: HashingEmbedder())
                .run(paths: [file]) { _ in }
            #expect(summary.inserted == 1)
            let id = try #require(try await importing.documents(sourcePrefix: file).first?.id)

            for mode in [SearchMode.keyword, .vector, .hybrid] {
                let hits = try await serving.search(query("axolotl hatchery permits", mode: mode))
                #expect(hits.first?.chunk.documentId == id, "mode \(mode)")
            }
            #expect(try await serving.documentChunks(id: id).count == 1)
            #expect(try await serving.chunks(kinds: [.caseStudy], topics: [], limit: 100)
                .contains { $0.documentId == id })

            // And removal the other way round.
            #expect(try await importing.removeDocuments(ids: [id]) == 1)
            #expect(try await !serving.search(query("axolotl hatchery permits")).contains { $0.chunk.documentId == id })
            #expect(try await serving.documentChunks(id: id).isEmpty)
        }
    }

    /// SQLite's lock is not fair: a writer committing batch after batch (an import) takes it again at once. A
    /// second connection's small writes must still get in, in the short pauses between batches, and never fail
    /// busy; SQLite's own `busy_timeout` (one look per 100 ms) misses most such pauses.
    @Test func smallWritesGetInBetweenAnotherConnectionsBackToBackBatches() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.file("contended.db")
            _ = try SQLiteStore(path: path)  // schema and WAL
            let outcome: (failures: [String], writes: Int) = await withCheckedContinuation { continuation in
                let done = Flag()
                // The batch writer: 300 ms transactions, 10 ms apart (the importer's pause), until the other is done.
                Thread.detachNewThread {
                    guard let db = try? SQLiteDatabase(path: path) else { return }
                    db.busyTimeout = .seconds(5)
                    try? db.execute("CREATE TABLE IF NOT EXISTS batch (x)")
                    while !done.value.withLock({ $0 }) {
                        try? db.transaction {
                            try db.run("INSERT INTO batch VALUES (1)")
                            Thread.sleep(forTimeInterval: 0.3)
                        }
                        Thread.sleep(forTimeInterval: 0.01)
                    }
                }
                // The serving connection: a dozen small writes, each within the 5 s timeout.
                Thread.detachNewThread {
                    var failures: [String] = []
                    var writes = 0
                    do {
                        let db = try SQLiteDatabase(path: path)
                        db.busyTimeout = .seconds(5)
                        Thread.sleep(forTimeInterval: 0.1)
                        for _ in 0..<12 {
                            do {
                                try db.transaction { try db.run("INSERT INTO meta (key, value) VALUES ('probe', '1') ON CONFLICT (key) DO UPDATE SET value = value + 1") }
                                writes += 1
                            } catch {
                                failures.append("\(error)")
                            }
                            Thread.sleep(forTimeInterval: 0.05)
                        }
                    } catch {
                        failures.append("\(error)")
                    }
                    done.value.withLock { $0 = true }
                    continuation.resume(returning: (failures, writes))
                }
            }
            #expect(outcome.failures.isEmpty, "\(outcome.failures)")
            #expect(outcome.writes == 12)
        }
    }

    final class Flag: Sendable {
        let value = Mutex(false)
    }
}
