extension KnowledgeHit {
    /// A search result as JSON: `kb search --format json|ndjson` and `GET /api/kb/search`.
    public var json: JSONValue {
        .object([
            "chunkId": .string(chunk.id),
            "documentId": .string(chunk.documentId),
            "title": .string(chunk.documentTitle),
            "headingPath": .string(chunk.headingPath),
            "score": .rounded(searchScore, places: 5),
            "keyword": keywordRank.map { rank in .object([("rank", .int(rank)), ("bm25", .rounded(keywordScore ?? 0))]) },
            "vector": vectorRank.map { rank in
                .object([("rank", .int(rank)), ("cosine", .rounded(vectorScore ?? 0, places: 4))])
            },
            "snippet": .string(snippet),
        ])
    }
}
