/// Retrieval quality on a labelled set: for each query, the documents that answer it.
///
/// Scored at the document level (a chunk's document is what a person would call relevant): recall@k is the
/// share of a query's relevant documents among the first k distinct documents returned; MRR is the mean of
/// 1 / rank of the first relevant document (0 when none is in the top 10).
public struct RetrievalEvaluation: Sendable {
    public struct LabelledQuery: Sendable {
        public var query: String
        public var relevant: Set<String>
    }

    public struct Score: Sendable, Equatable {
        public var recallAt5: Double
        public var mrr: Double
        public var queries: Int
    }

    public var queries: [LabelledQuery]

    public init(queries: [LabelledQuery]) {
        self.queries = queries
    }

    /// Reads `{"query": "...", "relevant": ["doc-id", ...]}` lines.
    public init(jsonLines text: String) throws {
        queries = try text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            let json = try JSONParser.parse(String(line))
            guard let query = json["query"]?.stringValue, let relevant = json["relevant"]?.arrayValue?.compactMap(\.stringValue),
                !relevant.isEmpty
            else { throw JSONParser.Failure(message: "expected {\"query\", \"relevant\": [...]}", line: 1, column: 1) }
            return LabelledQuery(query: query, relevant: Set(relevant))
        }
    }

    public func score(store: any KnowledgeStore, embedder: any Embedder, mode: SearchMode) async throws -> Score {
        var recall = 0.0
        var reciprocal = 0.0
        for labelled in queries {
            var query = KnowledgeQuery(text: labelled.query, mode: mode, limit: 30, snippets: false)
            if mode != .keyword {
                query.vector = try await embedder.embed(labelled.query)
                query.model = embedder.model
            }
            var documents: [String] = []
            for hit in try await store.search(query) where !documents.contains(hit.chunk.documentId) {
                documents.append(hit.chunk.documentId)
            }
            let top5 = Set(documents.prefix(5))
            recall += Double(top5.intersection(labelled.relevant).count) / Double(labelled.relevant.count)
            if let rank = documents.prefix(10).firstIndex(where: labelled.relevant.contains) {
                reciprocal += 1 / Double(rank + 1)
            }
        }
        let count = Double(max(1, queries.count))
        return Score(recallAt5: recall / count, mrr: reciprocal / count, queries: queries.count)
    }
}
