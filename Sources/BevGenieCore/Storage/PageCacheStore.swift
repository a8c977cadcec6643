/// Generated pages kept for repeated questions. The key says everything a page depends on (see `PageCacheKey`),
/// including the knowledge base's version, so importing knowledge makes older entries unreachable.
public protocol PageCacheStore: Sendable {
    /// The knowledge base's version: bumped by every change to the knowledge.
    func knowledgeVersion() async throws -> Int
    /// The cached page for `key`, counting the hit.
    func cachedPage(key: String) async throws -> JSONValue?
    func storePage(key: String, type: PageType, page: JSONValue, knowledgeVersion: Int) async throws
}

/// The cache key of a page: the question as words (case, punctuation and spacing do not matter), the page type,
/// the visitor's top pain points and role, and the knowledge version.
public enum PageCacheKey {
    public static func make(message: String, type: PageType, persona: Persona, knowledgeVersion: Int) -> String {
        let question = TextAnalysis.words(message).joined(separator: " ")
        let interests = persona.topPainPoints(minimum: 0.2, limit: 2).map(\.rawValue).sorted().joined(separator: ",")
        let raw = "\(question)|\(type.rawValue)|\(interests)|\(persona.role?.rawValue ?? "-")|kb\(knowledgeVersion)"
        return StableHash.hex(raw) + ":" + String(StableHash.value(String(raw.reversed())), radix: 16)
    }
}
