/// Vectors of the knowledge's sentences, kept with the knowledge. The local answer compares every candidate
/// sentence with the question; with the model each sentence costs about a millisecond to embed, so a process that
/// starts cold (`bevgenie ask`) would spend hundreds of milliseconds re-embedding sentences an earlier process
/// already embedded. A store that keeps them makes that once per sentence and model, ever.
public protocol SentenceVectorStore: Sendable {
    /// The stored vectors of those of `texts` that have one under `model`.
    func sentenceVectors(model: String, texts: [String]) async throws -> [String: [Float]]
    /// Keeps `vectors` under `model` (a text already kept is left as it is).
    func storeSentenceVectors(model: String, _ vectors: [(text: String, vector: [Float])]) async throws
}
