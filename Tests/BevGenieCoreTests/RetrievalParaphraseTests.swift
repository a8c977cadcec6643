import Foundation
import Testing

@testable import BevGenieCore

/// Retrieval on questions worded away from their documents (Examples/eval/retrieval-paraphrase-*.jsonl, a tuning
/// and a held-out half written before anything was measured on them): with the sentence-embedding model, hybrid
/// search must find clearly more than keyword search alone. `bevgenie bench kb --quality-only` prints the table.
@Suite struct RetrievalParaphraseTests {
    @Test(arguments: ["retrieval-paraphrase-tuning.jsonl", "retrieval-paraphrase-heldout.jsonl"])
    func hybridWithTheModelBeatsKeywordOnParaphrases(_ name: String) async throws {
        let evaluation = try RetrievalEvaluation(
            jsonLines: try String(contentsOfFile: packageRoot + "/Examples/eval/" + name, encoding: .utf8))
        #expect(evaluation.queries.count >= 30)
        // Fails loudly, naming the install command, when the model is not installed.
        let embedder = try MiniLMEmbedder()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bevgenie-paraphrase-" + RandomID.hex(6))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("kb.db").path,
                                    starterVectors: try #require(ShippedVectors.shipped(for: embedder.model)))
        let hybrid = try await evaluation.score(store: store, embedder: embedder, mode: .hybrid)
        let keyword = try await evaluation.score(store: store, embedder: embedder, mode: .keyword)
        print(String(format: "%@: hybrid recall@5 %.3f MRR %.3f, keyword recall@5 %.3f MRR %.3f", name,
                     hybrid.recallAt5, hybrid.mrr, keyword.recallAt5, keyword.mrr))
        #expect(hybrid.recallAt5 >= keyword.recallAt5 + 0.05)
        #expect(hybrid.mrr >= keyword.mrr)
    }
}
