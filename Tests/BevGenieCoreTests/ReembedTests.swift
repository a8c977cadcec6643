import Foundation
import Synchronization
import Testing

@testable import BevGenieCore

/// `kb reembed`: every chunk gets a vector of the new model, or — when anything fails — nothing changes.
@Suite struct ReembedTests {
    /// A small deterministic embedder of another vector space, failing after `failAfter` batches when set.
    final class OtherEmbedder: Embedder, Sendable {
        let model = "test:other-space"
        let dimensions = 8
        let failAfter: Int?
        private let batches = Mutex(0)

        init(failAfter: Int? = nil) { self.failAfter = failAfter }

        func embed(_ texts: [String]) async throws -> [[Float]] {
            let done = batches.withLock { count -> Int in count += 1; return count }
            if let failAfter, done > failAfter { throw KnowledgeError.embedderFailed(model: model, reason: "test failure") }
            return texts.map { text in
                var vector = [Float](repeating: 0, count: dimensions)
                for (index, byte) in text.utf8.enumerated() { vector[index % dimensions] += Float(byte) }
                let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return vector.map { $0 / max(norm, 1e-6) }
            }
        }
    }

    func storedModels(_ store: SQLiteStore) async throws -> [String] {
        try await store.vectorModels()
    }

    @Test func everyChunkGetsTheNewModelsVector() async throws {
        try await withStore { store, _ in
            let chunks = try await store.knowledgeCounts().chunks
            let count = try await store.reembed(with: OtherEmbedder(), batchSize: 50)
            #expect(count == chunks)
            #expect(try await store.embeddingModel() == "test:other-space")
            #expect(try await storedModels(store) == ["test:other-space"])
            // A vector search in the new space works; one in the old space is refused.
            let query = try await OtherEmbedder().embed(["distributor accountability"])[0]
            let hits = try await store.search(KnowledgeQuery(
                text: "distributor accountability", mode: .vector, limit: 3, vector: query, model: "test:other-space"))
            #expect(hits.count == 3)
            await #expect(throws: KnowledgeError.self) {
                try await store.search(KnowledgeQuery(
                    text: "x", mode: .vector, limit: 3, vector: try await HashingEmbedder().embed("x"),
                    model: HashingEmbedder().model))
            }
        }
    }

    @Test func aFailureHalfwayChangesNothing() async throws {
        try await withStore { store, _ in
            let before = try await store.embeddingModel()
            let version = try await store.knowledgeVersion()
            await #expect(throws: KnowledgeError.self) {
                try await store.reembed(with: OtherEmbedder(failAfter: 2), batchSize: 50)
            }
            #expect(try await store.embeddingModel() == before)
            #expect(try await storedModels(store) == [HashingEmbedder().model])
            #expect(try await store.knowledgeVersion() == version)
        }
    }
}
