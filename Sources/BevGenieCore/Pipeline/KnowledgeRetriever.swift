import Foundation

/// Stage 3: finds the chunks that answer this visitor's question.
///
/// Hybrid relevance (BM25 over title, headings and text fused with embedding similarity) decides what is on topic;
/// the visitor then decides the
/// order among on-topic chunks: documents of the kind the intent calls for (a comparison for "vs"), about the pain
/// points this visitor has shown, for their role, rise. A document contributes at most three chunks, so the
/// answer draws on several sources rather than one long document.
public struct KnowledgeRetriever: Sendable {
    public let store: any KnowledgeStore
    public var embedder: any Embedder
    public var limit = 8
    /// A chunk found only by vector similarity must be at least this similar to count: below it, the nearest
    /// neighbours of an off-topic message are noise.
    public var minimumVectorOnlySimilarity = 0.2

    public init(store: any KnowledgeStore, embedder: any Embedder = HashingEmbedder()) {
        self.store = store
        self.embedder = embedder
    }

    public func retrieve(
        message: String, intent: IntentDecision, persona: Persona, signals: [PainPointSignal]
    ) async throws -> [KnowledgeHit] {
        var query = KnowledgeQuery(
            text: message, mode: .hybrid, limit: 24, vector: try await embedder.cachedVector(message), model: embedder.model,
            snippets: false)
        var found: [KnowledgeHit]
        do {
            found = try await store.search(query)
        } catch KnowledgeError.modelMismatch {
            // The knowledge base was embedded by a model this process cannot use: keywords still work.
            query.mode = .keyword
            found = try await store.search(query)
        }
        var hits = found.filter { $0.keywordRank != nil || ($0.vectorScore ?? 0) >= minimumVectorOnlySimilarity }
        if hits.isEmpty {
            // Nothing matched the words (a greeting, a one-word question): fall back on what fits the visitor.
            let topics = persona.topPainPoints()
            let chunks = try await store.chunks(
                kinds: DocumentKind.preferred(for: intent.intent), topics: topics, limit: limit * 3)
            hits = chunks.enumerated().map { index, chunk in
                KnowledgeHit(chunk: chunk, searchScore: 1 / Double(index + 1))
            }
        }
        return rank(hits, intent: intent, persona: persona, signals: signals)
    }

    func rank(_ hits: [KnowledgeHit], intent: IntentDecision, persona: Persona, signals: [PainPointSignal])
        -> [KnowledgeHit]
    {
        guard let best = hits.map(\.searchScore).max() else { return [] }
        let preferredKinds = DocumentKind.preferred(for: intent.intent)
        let current = Dictionary(signals.map { ($0.painPoint, $0.strength) }, uniquingKeysWith: max)
        let scored = hits.map { hit -> KnowledgeHit in
            var hit = hit
            let relevance = best > 0 ? hit.searchScore / best : 0
            var bonus = 0.0
            // The kind the intent calls for counts as much as the classifier is sure of the intent.
            if let rank = preferredKinds.firstIndex(of: hit.chunk.kind) {
                bonus += [0.3, 0.15, 0.08][min(rank, 2)] * intent.confidence
            }
            for (painPoint, weight) in hit.chunk.topics {
                bonus += 0.25 * persona.score(painPoint) * weight + 0.25 * (current[painPoint] ?? 0) * weight
            }
            if let role = persona.role, hit.chunk.roles.contains(role) { bonus += 0.08 }
            hit.score = ((relevance + bonus) * 1000).rounded() / 1000
            return hit
        }
        .sorted { ($0.score, $1.chunk.id) > ($1.score, $0.chunk.id) }

        var perDocument: [String: Int] = [:]
        var result: [KnowledgeHit] = []
        for hit in scored where result.count < limit {
            let used = perDocument[hit.chunk.documentId, default: 0]
            guard used < 3 else { continue }
            perDocument[hit.chunk.documentId] = used + 1
            result.append(hit)
        }
        return result
    }
}
