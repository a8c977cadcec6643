extension HybridIntentClassifier {
    /// Whether the knowledge base speaks of what `message` asks about: one passage holds at least two of its
    /// content words, and at least 60 % of them.
    ///
    /// Scope is relative to the knowledge the user has: a distillery's "When is the tasting room open?" shares no
    /// word with BevGenie's trade vocabulary, yet its answer is in their documents. "What's the weather in
    /// Chicago?" is still out of scope on a knowledge base that names Chicago once, because "weather" is nowhere.
    /// Requests to reveal or change instructions are never let through this way (the caller checks first).
    static func knowledgeCovers(_ message: String, store: any KnowledgeStore) async throws -> Bool {
        let asked = Set(TextAnalysis.words(message).filter { !TextAnalysis.stopWords.contains($0) && $0.count > 2 }
            .map(TextAnalysis.stem))
        guard asked.count >= 2 else { return false }
        let hits = try await store.search(KnowledgeQuery(text: message, mode: .keyword, limit: 3, snippets: false))
        let best = hits.map { hit in
            let passage = Set(TextAnalysis.words(hit.chunk.headingPath + "\n" + hit.chunk.text).map(TextAnalysis.stem))
            return asked.intersection(passage).count
        }.max() ?? 0
        return best >= 2 && Double(best) >= 0.6 * Double(asked.count)
    }
}
