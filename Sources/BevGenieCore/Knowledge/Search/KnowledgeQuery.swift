/// How search ranks chunks.
public enum SearchMode: String, Sendable, CaseIterable {
    /// Keyword (BM25) and vector rankings fused with reciprocal rank fusion.
    case hybrid
    /// FTS5 BM25 only.
    case keyword
    /// Embedding similarity only.
    case vector
}

/// A search over the knowledge base. `text` is the user's words, never query syntax.
public struct KnowledgeQuery: Sendable {
    public var text: String
    public var mode: SearchMode
    public var limit: Int
    /// The query's embedding and the model that made it (needed unless `mode == .keyword`).
    public var vector: [Float]?
    public var model: String?
    /// Whether hits need a highlighted snippet (people reading results do; the pipeline does not, and making
    /// snippets is a large part of a keyword search's cost).
    public var snippets = true

    public init(
        text: String, mode: SearchMode = .hybrid, limit: Int = 10, vector: [Float]? = nil, model: String? = nil,
        snippets: Bool = true
    ) {
        self.text = text
        self.mode = mode
        self.limit = limit
        self.vector = vector
        self.model = model
        self.snippets = snippets
    }

    /// The words to look for: letters and digits only, stop words dropped (all words when nothing else is left).
    public var terms: [String] {
        let words = TextAnalysis.words(text)
        let content = words.filter { !TextAnalysis.stopWords.contains($0) && $0.count > 1 }
        return content.isEmpty ? words : content
    }
}

/// Why a search could not run.
public enum KnowledgeError: ReportableError, CustomStringConvertible, Equatable {
    /// The query's vector was made by another model than the stored vectors.
    case modelMismatch(stored: String, query: String)
    /// A vector search without a query vector.
    case missingQueryVector
    /// The embedder could not make the vectors asked for.
    case embedderFailed(model: String, reason: String)

    public var description: String {
        switch self {
        case .modelMismatch(let stored, let query):
            return "the knowledge base's vectors were made by \(stored), not \(query); use --embedder \(stored), "
                + "or re-embed the whole knowledge base with `bevgenie kb reembed --embedder \(query)`"
        case .missingQueryVector: return "a vector or hybrid search needs a query embedding"
        case .embedderFailed(let model, let reason): return "\(model) could not embed the knowledge base: \(reason)"
        }
    }

    public var category: ErrorCategory { .badRequest }
    public var code: String {
        switch self {
        case .modelMismatch: return "model_mismatch"
        case .missingQueryVector: return "missing_query_vector"
        case .embedderFailed: return "embedder_failed"
        }
    }
    public var message: String { description }
}

/// Reciprocal rank fusion (Cormack et al. 2009): each list contributes 1 / (k + rank) for every item it ranks.
/// It needs no score calibration between BM25 and cosine similarity, which live on unrelated scales.
public enum RankFusion {
    public static let k = 60.0

    /// Fused scores for the items of `rankings` (each best first), best first.
    public static func fuse<ID: Hashable>(_ rankings: [[ID]], k: Double = RankFusion.k) -> [(id: ID, score: Double)] {
        var scores: [ID: Double] = [:]
        var firstSeen: [ID: Int] = [:]
        var order = 0
        for ranking in rankings {
            for (rank, id) in ranking.enumerated() {
                scores[id, default: 0] += 1 / (k + Double(rank + 1))
                if firstSeen[id] == nil {
                    firstSeen[id] = order
                    order += 1
                }
            }
        }
        return scores.map { ($0.key, $0.value) }
            .sorted { ($0.score, firstSeen[$1.id]!) > ($1.score, firstSeen[$0.id]!) }
    }
}
