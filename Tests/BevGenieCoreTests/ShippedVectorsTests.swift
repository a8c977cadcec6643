import Foundation
import Testing

@testable import BevGenieCore

/// The starter's shipped all-MiniLM-L6-v2 vectors are what the model computes for today's starter text: recomputed
/// here and compared. `BEVGENIE_WRITE_STARTER_VECTORS=1` writes them anew (after the starter's text changed).
@Suite struct ShippedVectorsTests {
    static let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(
            "Sources/BevGenieCore/Knowledge/Embedding/ShippedVectors+MiniLM.swift").path

    static func starterDocuments() throws -> [KnowledgeDocument] {
        let builder = DocumentBuilder()
        return try StarterKnowledge.documents.map {
            try builder.build(id: $0.id, source: StarterKnowledge.sourcePrefix + $0.id, markdown: $0.markdown)
        }
    }

    @Test func shippedVectorsMatchTheModelOnTodaysStarterText() async throws {
        // Fails loudly, naming the install command, when the model is not installed.
        let embedder = try MiniLMEmbedder()
        let documents = try Self.starterDocuments()
        let texts = ShippedVectors.embeddingTexts(of: documents)
        let computed = try await embedder.embed(texts)
        let fresh = ShippedVectors(
            model: embedder.model, dimensions: embedder.dimensions, textsHash: ShippedVectors.hash(of: texts),
            vectors: computed)
        let exemplarTexts = IntentExemplars.all.map(\.1)
        let exemplars = ShippedVectors(
            model: embedder.model, dimensions: embedder.dimensions, textsHash: ShippedVectors.hash(of: exemplarTexts),
            vectors: try await embedder.embed(exemplarTexts))
        if ProcessInfo.processInfo.environment["BEVGENIE_WRITE_STARTER_VECTORS"] == "1" {
            try ShippedVectors.swiftSource(starter: fresh, exemplars: exemplars)
                .write(toFile: Self.source, atomically: true, encoding: .utf8)
            Issue.record("wrote \(Self.source); rebuild and run the tests again")
            return
        }
        let shipped = try #require(
            ShippedVectors.shipped(for: embedder.model),
            "no shipped vectors: run BEVGENIE_WRITE_STARTER_VECTORS=1 swift test --filter ShippedVectors")
        #expect(shipped.textsHash == fresh.textsHash,
                "the starter's text changed: run BEVGENIE_WRITE_STARTER_VECTORS=1 swift test --filter ShippedVectors")
        #expect(shipped.vectors.count == computed.count)
        var worst: Float = 1
        for (a, b) in zip(shipped.vectors, computed) {
            worst = min(worst, zip(a, b).reduce(0) { $0 + $1.0 * $1.1 })
        }
        #expect(worst >= 0.9999, "lowest cosine between shipped and computed vectors: \(worst)")
        let shippedExemplars = try #require(
            ShippedVectors.exemplars(for: embedder.model, texts: exemplarTexts),
            "the exemplars changed: run BEVGENIE_WRITE_STARTER_VECTORS=1 swift test --filter ShippedVectors")
        var worstExemplar: Float = 1
        for (a, b) in zip(shippedExemplars, exemplars.vectors) {
            worstExemplar = min(worstExemplar, zip(a, b).reduce(0) { $0 + $1.0 * $1.1 })
        }
        #expect(worstExemplar >= 0.9999, "lowest cosine of an exemplar: \(worstExemplar)")
    }

    @Test func aNewDatabaseIsSeededWithTheShippedVectors() async throws {
        let shipped = try #require(ShippedVectors.shipped(for: MiniLMEmbedder.modelName))
        try await withTemporaryDirectory { directory in
            let store = try SQLiteStore(path: directory.file("new.db"), starterVectors: shipped)
            #expect(try await store.embeddingModel() == MiniLMEmbedder.modelName)
            #expect(try await store.vectorModels() == [MiniLMEmbedder.modelName])
            #expect(try await store.knowledgeCounts().chunks == shipped.vectors.count)
        }
    }

    @Test func vectorsOfOtherTextAreNotUsed() throws {
        var documents = try Self.starterDocuments()
        let texts = ShippedVectors.embeddingTexts(of: documents)
        let stale = ShippedVectors(
            model: "test:m", dimensions: 2, textsHash: ShippedVectors.hash(of: texts) &+ 1,
            vectors: texts.map { _ in [1, 0] })
        #expect(!stale.apply(to: &documents))
        #expect(documents.allSatisfy { $0.embeddingModel == nil })
        let decoded = ShippedVectors.decode(base64: ShippedVectors(
            model: "test:m", dimensions: 2, textsHash: 7, vectors: [[0.5, 0.75], [1, 0]]).encoded())  // exact in float16
        #expect(decoded?.vectors == [[0.5, 0.75], [1, 0]])
        #expect(decoded?.model == "test:m")
        #expect(ShippedVectors.decode(base64: "not base64!") == nil)
    }
}
