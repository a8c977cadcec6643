extension SQLiteStore: SentenceVectorStore {
    public func sentenceVectors(model: String, texts: [String]) throws -> [String: [Float]] {
        guard !texts.isEmpty else { return [:] }
        var found: [String: [Float]] = [:]
        for row in try db.query(
            "SELECT text, vector FROM sentence_vectors WHERE model = ? AND text IN (SELECT value FROM json_each(?))",
            [.text(model), .list(texts)])
        {
            guard case .blob(let bytes) = row.values[1] else { continue }
            var vector: [Float] = []
            VectorBlob.decode(bytes, into: &vector)
            found[try row.string(0)] = vector
        }
        return found
    }

    public func storeSentenceVectors(model: String, _ vectors: [(text: String, vector: [Float])]) throws {
        guard !vectors.isEmpty else { return }
        try db.transaction {
            for (text, vector) in vectors {
                try db.run(
                    "INSERT OR IGNORE INTO sentence_vectors(model, text, vector) VALUES (?, ?, ?)",
                    [.text(model), .text(text), .blob(VectorBlob.encode(vector))])
            }
        }
    }
}
