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
        let model: String
        var dimensions: Int { base.dimensions }
        private let counts = Mutex<[String: Int]>([:])

        init(model: String = "test:counting-" + UUID().uuidString) {
            self.model = model
        }

        var embedded: Int { counts.withLock { $0.values.reduce(0, +) } }

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

    @Test func sentenceVectorsAreKeptInTheStoreForTheNextProcess() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("kept.db")
            let first = CountingEmbedder()
            let question = "How much does BevGenie cost per month?"
            let pipeline = Pipeline.local(store: try SQLiteStore(path: path), embedder: first)
            guard case .completed = await pipeline.run(ChatRequest(message: question), emit: { _ in }) else {
                Issue.record("the run failed")
                return
            }
            #expect(first.embedded > 5, "the answer's sentences were embedded")

            // A new process: a new store on the same file and an empty memory cache. The sentences come from the
            // file; nothing is embedded again.
            let reopened = try SQLiteStore(path: path)
            let second = CountingEmbedder(model: first.model)
            let hits = try await reopened.search(KnowledgeQuery(text: question, mode: .keyword, limit: 5))
            let texts = Array(Set(hits.enumerated().flatMap { AnswerSentence.extract(from: $0.element.chunk, hit: $0.offset) }.map(\.text)))
            let stored = try await reopened.sentenceVectors(model: first.model, texts: texts)
            #expect(!stored.isEmpty)
            let vectors = try await SentenceVectorCache().vectors(Array(stored.keys), embedder: second, store: reopened)
            #expect(second.embedded == 0)
            #expect(vectors == Array(stored.keys).map { stored[$0]! })
            // Vectors of another model are never handed out.
            #expect(try await reopened.sentenceVectors(model: "other:model", texts: texts).isEmpty)
        }
    }
}
