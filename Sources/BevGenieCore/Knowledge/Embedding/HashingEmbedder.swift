import Foundation

/// The built-in embedder: offline, deterministic, no model file, ~20 µs per chunk.
///
/// Design. A vector is the hashed bag of three feature families, each chosen for what keyword search misses:
/// - stemmed content words (weight 1.0): the topic;
/// - adjacent word pairs (weight 0.6): phrases that mean more than their words ("trade spend", "price posting");
/// - character trigrams of each word with boundary marks (`<de`, `dep`, …, `ns>`; together weight 0.5 per word):
///   morphology and typos, so "distributr" and "distributors" still land near "distributor".
/// Each feature is hashed (FNV-1a, stable across processes and machines) to one of `dimensions` slots with a
/// hash-derived sign, which keeps collisions from adding up in one direction (the "hashing trick"). Counts are
/// dampened (ln(1 + tf)) so a word repeated ten times does not drown the rest, and the vector is L2-normalized,
/// so cosine similarity is a dot product. 256 dimensions keep collisions rare for passage-length text while a
/// 100k-chunk index stays at 100 MB and a brute-force scan at a few milliseconds.
///
/// It measures lexical and sub-word overlap, not meaning learned from data: "ROI" and "payback" are only close
/// if texts use them together. That is why search fuses it with BM25 rather than replacing it, and why a real
/// model can be configured instead.
public struct HashingEmbedder: Embedder {
    public let dimensions: Int
    public var model: String { "builtin:hash\(dimensions)-v1" }

    public init(dimensions: Int = 256) {
        precondition(dimensions > 0 && dimensions.nonzeroBitCount == 1, "dimensions must be a power of two")
        self.dimensions = dimensions
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector)
    }

    /// The vector for one text (synchronous: there is nothing to wait for).
    public func vector(_ text: String) -> [Float] {
        var counts: [UInt64: Double] = [:]
        let words = TextAnalysis.words(text).filter { !TextAnalysis.stopWords.contains($0) }
        var previous: String?
        for word in words {
            let stem = TextAnalysis.stem(word)
            counts[StableHash.value("w:" + stem), default: 0] += 1.0
            if let previous { counts[StableHash.value("b:" + previous + " " + stem), default: 0] += 0.6 }
            previous = stem
            let marked = Array(("<" + word + ">").utf8)
            if marked.count >= 3 {
                let weight = 0.5 / Double(marked.count - 2)
                for start in 0...(marked.count - 3) {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ 0x74  // seeded apart from word features
                    for byte in marked[start..<(start + 3)] {
                        hash ^= UInt64(byte)
                        hash &*= 0x0000_0100_0000_01B3
                    }
                    counts[hash, default: 0] += weight
                }
            }
        }
        var vector = [Float](repeating: 0, count: dimensions)
        let mask = UInt64(dimensions - 1)
        for (hash, count) in counts {
            let mixed = hash ^ (hash >> 29)
            let slot = Int(mixed & mask)
            let sign: Float = (mixed >> 63) == 0 ? 1 : -1
            vector[slot] += sign * Float(log1p(count))
        }
        var norm: Float = 0
        for value in vector { norm += value * value }
        if norm > 0 {
            let scale = 1 / norm.squareRoot()
            for index in vector.indices { vector[index] *= scale }
        }
        return vector
    }
}
