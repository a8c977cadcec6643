import Foundation
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
}
