import Foundation
import Synchronization
import Testing

@testable import BevGenieCore

/// The question's vector is made once per run: stage 1 (the exemplar vote), stage 3 (the vector leg of the
/// search) and stage 4 (ranking the answer's sentences) all need it, and with the model each embedding costs
/// milliseconds.
@Suite struct QuestionVectorTests {
    /// The hashing embedder, counting how often each text is embedded. A model name of its own keeps its vectors
    /// apart from every other test's in the shared cache.
    final class CountingEmbedder: Embedder {
        let base = HashingEmbedder()
        let model = "test:counting-" + UUID().uuidString
        var dimensions: Int { base.dimensions }
        private let counts = Mutex<[String: Int]>([:])

        func embed(_ texts: [String]) async throws -> [[Float]] {
            counts.withLock { counts in for text in texts { counts[text, default: 0] += 1 } }
            return try await base.embed(texts)
        }

        func count(_ text: String) -> Int { counts.withLock { $0[text] ?? 0 } }
    }

    @Test func theQuestionIsEmbeddedOncePerRun() async throws {
        try await withStore { store, _ in
            let embedder = CountingEmbedder()
            let pipeline = Pipeline.local(store: store, embedder: embedder)
            let question = "Our distributor reps ignore our brand. How do we get mindshare?"
            let outcome = await pipeline.run(ChatRequest(message: question)) { _ in }
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.generatedPage != nil, "every stage that needs the vector ran")
            #expect(embedder.count(question) == 1)
            // Asked again, it is not embedded again.
            _ = await pipeline.run(ChatRequest(message: question)) { _ in }
            #expect(embedder.count(question) == 1)
        }
    }
}
