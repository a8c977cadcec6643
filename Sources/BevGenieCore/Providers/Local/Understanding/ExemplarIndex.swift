import Synchronization

/// The labelled exemplars (`IntentExemplars`) embedded with one model: the nearest ones vote on a message's intent.
///
/// Built once per embedder model and process (`ExemplarIndex.shared(for:)`), on first use, in one batch: with the
/// built-in hashing embedder that is a few milliseconds (`bevgenie bench intent` prints it); a transformer model
/// pays one batch of ~150 short sentences once per process.
public struct ExemplarIndex: Sendable {
    public let model: String
    let labels: [Intent]
    /// Row-major, `labels.count × dimensions`, each row L2-normalised.
    let vectors: [Float]
    let dimensions: Int

    /// Neighbours that vote.
    static let neighbours = 5

    public init(embedder: any Embedder) async throws {
        let exemplars = IntentExemplars.all
        let texts = exemplars.map(\.1)
        // The model's vectors of these very sentences ship in the binary (ShippedVectors); others are computed.
        let embedded: [[Float]]
        if let shipped = ShippedVectors.exemplars(for: embedder.model, texts: texts) {
            embedded = shipped
        } else {
            embedded = try await embedder.embed(texts)
        }
        self.model = embedder.model
        self.labels = exemplars.map(\.0)
        self.dimensions = embedder.dimensions
        self.vectors = embedded.flatMap { $0 }
    }

    public var count: Int { labels.count }

    /// The vote of the nearest exemplars: per intent, the similarity-weighted share of the `neighbours` nearest,
    /// plus the best single similarity (how close the message is to anything labelled at all).
    public func vote(_ vector: [Float]) -> ExemplarVote {
        precondition(vector.count == dimensions, "vector of \(vector.count) dimensions for a \(dimensions)-dimension index")
        var similarities: [(Float, Int)] = []
        similarities.reserveCapacity(labels.count)
        vectors.withUnsafeBufferPointer { rows in
            vector.withUnsafeBufferPointer { query in
                for row in 0..<labels.count {
                    var dot: Float = 0
                    let base = row * dimensions
                    for index in 0..<dimensions { dot += rows[base + index] * query[index] }
                    similarities.append((dot, row))
                }
            }
        }
        // Similarities are compared at 1e-5: an embedder's last float bits may differ between processes (the
        // hashing embedder sums in dictionary order), and a vote must not flip on rounding noise. Ties go to the
        // earlier exemplar.
        let nearest = similarities.map { ((($0.0 * 100_000).rounded() / 100_000), $0.1) }
            .sorted { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }.prefix(Self.neighbours)
        var weights: [Intent: Double] = [:]
        var best: [Intent: Double] = [:]
        var total = 0.0
        for (similarity, row) in nearest {
            let weight = Double(max(0, similarity))
            weights[labels[row], default: 0] += weight
            best[labels[row]] = max(best[labels[row]] ?? 0, Double(similarity))
            total += weight
        }
        let shares = total > 0 ? weights.mapValues { $0 / total } : [:]
        return ExemplarVote(shares: shares, best: best, nearest: Double(nearest.first?.0 ?? 0))
    }

    /// The index for `embedder`'s model, built on first request and kept for the life of the process.
    public static func shared(for embedder: any Embedder) async throws -> ExemplarIndex {
        let task = cache.withLock { cache in
            if let task = cache[embedder.model] { return task }
            let task = Task { try await ExemplarIndex(embedder: embedder) }
            cache[embedder.model] = task
            return task
        }
        do {
            return try await task.value
        } catch {
            // A failed build (a network embedder that was down) is retried by the next message.
            cache.withLock { cache in cache[embedder.model] = nil }
            throw error
        }
    }

    private static let cache = Mutex<[String: Task<ExemplarIndex, any Error>]>([:])
}

/// What the nearest exemplars say about one message.
public struct ExemplarVote: Sendable, Equatable {
    /// Per intent: its share (0...1) of the similarity of the nearest exemplars.
    public var shares: [Intent: Double]
    /// Per intent among the nearest: the similarity of its closest exemplar.
    public var best: [Intent: Double]
    /// The similarity of the single nearest exemplar.
    public var nearest: Double

    /// The intent with the largest share, excluding `excluded`.
    func top(excluding excluded: Set<Intent> = []) -> (intent: Intent, share: Double)? {
        shares.filter { !excluded.contains($0.key) }
            .max { ($0.value, $1.key.priority) < ($1.value, $0.key.priority) }
            .map { ($0.key, $0.value) }
    }
}
