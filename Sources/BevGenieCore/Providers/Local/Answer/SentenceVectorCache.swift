import Synchronization

/// Sentence vectors kept across requests: the same passages are retrieved again and again, so each sentence is
/// embedded once per model rather than once per question; and the question itself, which stages 1, 3 and 4 all
/// need, is embedded once per run (`Embedder.cachedVector`). Bounded: when full it starts over (a simple policy that
/// keeps memory flat; the hot sentences come back on the next requests).
final class SentenceVectorCache: Sendable {
    static let shared = SentenceVectorCache()

    private let state = Mutex<[String: [Float]]>([:])
    let capacity: Int

    init(capacity: Int = 8_192) {
        self.capacity = capacity
    }

    /// The vectors of `texts` under `embedder`: from memory, else from `store` (what earlier processes made),
    /// else embedded now, in one call, and handed to `store` for the next process.
    func vectors(_ texts: [String], embedder: any Embedder, store: (any SentenceVectorStore)? = nil)
        async throws -> [[Float]]
    {
        let keys = texts.map { embedder.model + "\u{0}" + $0 }
        var found: [[Float]?] = state.withLock { cache in keys.map { cache[$0] } }
        var missing = found.indices.filter { found[$0] == nil }
        var fresh: [Int] = []
        if !missing.isEmpty, let store {
            // A store that cannot answer (busy, say) only costs the embedding below: the answer does not depend on it.
            let stored = (try? await store.sentenceVectors(model: embedder.model, texts: missing.map { texts[$0] })) ?? [:]
            for index in missing { found[index] = stored[texts[index]] }
            missing = missing.filter { found[$0] == nil }
        }
        if !missing.isEmpty {
            let made = try await embedder.embed(missing.map { texts[$0] })
            for (index, vector) in zip(missing, made) { found[index] = vector }
            fresh = missing
        }
        let remembered = found
        state.withLock { cache in
            if cache.count + texts.count > capacity { cache.removeAll(keepingCapacity: true) }
            for (key, vector) in zip(keys, remembered) { cache[key] = vector }
        }
        if !fresh.isEmpty, let store {
            // Kept for the next process; a failed write loses nothing but that saving.
            try? await store.storeSentenceVectors(
                model: embedder.model, fresh.map { (text: texts[$0], vector: remembered[$0] ?? []) })
        }
        return found.map { $0 ?? [] }
    }
}

extension Embedder {
    /// The vector of one text through the shared cache. The intent vote, the knowledge search and the answer's
    /// sentence ranking each need the question's vector: with the model that is a few milliseconds each, so the
    /// first stage embeds it and the others find it.
    func cachedVector(_ text: String) async throws -> [Float] {
        try await SentenceVectorCache.shared.vectors([text], embedder: self)[0]
    }
}

extension Array where Element == Float {
    /// Dot product: the cosine similarity of two L2-normalised vectors (0 when the dimensions differ).
    func similarity(_ other: [Float]) -> Double {
        guard count == other.count, !isEmpty else { return 0 }
        var sum: Float = 0
        for index in indices { sum += self[index] * other[index] }
        return Double(sum)
    }
}
