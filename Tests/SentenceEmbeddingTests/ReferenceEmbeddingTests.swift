import BevGenieCore
import Foundation
import SentenceEmbedding
import Testing

/// The in-process model against the reference implementation (sentence-transformers on PyTorch), through the
/// fixture `scripts/reference_embeddings.py` wrote: identical token ids and cosine ≥ 0.999 for every sentence.
/// The model is found where the CLI finds it (`ModelLocation.resolve()`); without it these tests fail, saying how
/// to install it.
@Suite struct ReferenceEmbeddingTests {
    struct Sentence: Decodable {
        let text: String
        let ids: [Int32]
        let embedding: [Float]
    }

    struct Fixture: Decodable {
        let source: String
        let sentences: [Sentence]
    }

    static func fixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "reference_embeddings", withExtension: "json"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func installedModel() throws -> SentenceEmbeddingModel {
        let location = ModelLocation.resolve()
        do {
            try location.check()
        } catch {
            Issue.record("\(error.description). The reference-embedding tests need the model: run scripts/bootstrap.")
            throw error
        }
        return try SentenceEmbeddingModel.shared(directory: location.directory)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, normA = 0.0, normB = 0.0
        for (x, y) in zip(a, b) {
            dot += Double(x) * Double(y)
            normA += Double(x) * Double(x)
            normB += Double(y) * Double(y)
        }
        return dot / max((normA * normB).squareRoot(), 1e-30)
    }

    @Test func fixtureCoversTheHardCases() throws {
        let sentences = try Self.fixture().sentences
        #expect(sentences.count >= 30)
        #expect(sentences.contains { $0.text.isEmpty })
        #expect(sentences.contains { $0.ids.count == 256 }, "a sentence long enough to be truncated")
        #expect(sentences.contains { $0.text.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
        #expect(sentences.contains { $0.text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) } })
    }

    @Test func tokenIDsMatchTheReference() throws {
        let model = try Self.installedModel()
        for sentence in try Self.fixture().sentences {
            let ids = model.tokenize(sentence.text)
            #expect(ids == sentence.ids, "\(sentence.text.debugDescription): \(model.tokenizer.tokens(ids)) vs reference \(model.tokenizer.tokens(sentence.ids))")
        }
    }

    @Test func embeddingsMatchTheReferenceOneByOne() async throws {
        let model = try Self.installedModel()
        let sentences = try Self.fixture().sentences
        // On the model's queue, as MiniLMEmbedder runs it: the tests sharing this process need the pool's threads.
        let vectors = try await ModelQueue.run { sentences.map { model.embed([$0.text])[0] } }
        for (sentence, vector) in zip(sentences, vectors) {
            #expect(vector.count == 384)
            let similarity = Self.cosine(vector, sentence.embedding)
            #expect(similarity >= 0.999, "\(sentence.text.debugDescription): cosine \(similarity)")
        }
    }

    /// Many texts in one call (packed into batches) give what each gives alone; a small token budget forces
    /// several forward passes.
    @Test func batchedEmbeddingsMatchTheReference() async throws {
        let shared = try Self.installedModel()
        let sentences = try Self.fixture().sentences
        for budget in [4096, 300] {
            var model = shared
            model.batchTokenBudget = budget
            let vectors = try await ModelQueue.run { [model] in model.embed(sentences.map(\.text)) }
            #expect(vectors.count == sentences.count)
            for (vector, sentence) in zip(vectors, sentences) {
                let similarity = Self.cosine(vector, sentence.embedding)
                #expect(similarity >= 0.999, "budget \(budget), \(sentence.text.debugDescription): cosine \(similarity)")
                let norm = vector.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
                #expect(abs(norm - 1) < 1e-4)
            }
        }
    }

    /// The embedder bevgenie uses, through its protocol: same vectors, its model name and dimensions.
    @Test func miniLMEmbedderAdaptsTheModel() async throws {
        _ = try Self.installedModel()
        let embedder = try EmbedderFactory.make("minilm")
        #expect(embedder.model == "minilm:all-MiniLM-L6-v2")
        #expect(embedder.dimensions == 384)
        let sentence = try #require(try Self.fixture().sentences.first)
        let vector = try await embedder.embed(sentence.text)
        #expect(Self.cosine(vector, sentence.embedding) >= 0.999)
    }
}
