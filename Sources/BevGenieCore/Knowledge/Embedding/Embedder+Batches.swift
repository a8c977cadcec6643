extension Embedder {
    /// Every text's vector, `batchSize` at a time, with `progress(done)` after each batch (and 0 first), checked:
    /// an embedder that returns the wrong number or size of vectors is an error, not a knowledge base of noise.
    /// `kb reembed` on every store.
    func embedAll(_ texts: [String], batchSize: Int, progress: (Int) async -> Void) async throws -> [[Float]] {
        var vectors: [[Float]] = []
        vectors.reserveCapacity(texts.count)
        var start = 0
        await progress(0)
        while start < texts.count {
            try Task.checkCancellation()
            let end = min(start + batchSize, texts.count)
            let batch = try await embed(Array(texts[start..<end]))
            guard batch.count == end - start, batch.allSatisfy({ $0.count == dimensions }) else {
                throw KnowledgeError.embedderFailed(model: model, reason: "it returned the wrong number or size of vectors")
            }
            vectors += batch
            start = end
            await progress(start)
        }
        return vectors
    }
}
