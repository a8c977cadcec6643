import Foundation
import Testing

@testable import BevGenieCore

@Suite struct RetrievalQualityTests {
    /// On the labelled set in Examples/eval/retrieval.jsonl (paraphrased questions, written apart from the
    /// documents), hybrid search must be at least as good as keyword search.
    @Test func hybridIsNotWorseThanKeyword() async throws {
        let evaluation = try RetrievalEvaluation(
            jsonLines: try String(contentsOfFile: packageRoot + "/Examples/eval/retrieval.jsonl", encoding: .utf8))
        #expect(evaluation.queries.count >= 30)
        try await withStore { store, _ in
            var scores: [SearchMode: RetrievalEvaluation.Score] = [:]
            for mode in SearchMode.allCases {
                scores[mode] = try await evaluation.score(store: store, embedder: HashingEmbedder(), mode: mode)
            }
            for mode in SearchMode.allCases {
                print(String(format: "%@: recall@5 %.3f, MRR %.3f", mode.rawValue, scores[mode]!.recallAt5, scores[mode]!.mrr))
            }
            let hybrid = try #require(scores[.hybrid]), keyword = try #require(scores[.keyword])
            #expect(hybrid.recallAt5 >= keyword.recallAt5)
            #expect(hybrid.mrr >= keyword.mrr - 0.01)
            #expect(keyword.recallAt5 > 0.5, "keyword search finds too little: the set or the index is broken")
        }
    }
}
