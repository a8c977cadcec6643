import Foundation

extension SQLiteStore {
    /// What `reembed` reports as it goes.
    public struct ReembedProgress: Sendable {
        public var embedded: Int
        public var total: Int
    }

    /// Computes every chunk's vector again with `embedder` and makes it the knowledge base's model.
    ///
    /// All-or-nothing: the vectors are computed first (progress reported per batch), then written in one
    /// transaction together with the model's name, so a crash or an error leaves the old vectors and model as
    /// they were — never a mix of two vector spaces. The knowledge version moves on (cached pages were found with
    /// the old vectors). Returns how many chunks were embedded.
    @discardableResult
    public func reembed(
        with embedder: any Embedder, batchSize: Int = 64,
        progress: @Sendable (ReembedProgress) async -> Void = { _ in }
    ) async throws -> Int {
        let rows = try db.query("SELECT rowid, title, heading_path, text FROM chunks ORDER BY rowid")
        let texts = try rows.map { row in
            let path = try row.string(2)
            let draft = KnowledgeChunkDraft(
                headings: path.isEmpty ? [] : path.components(separatedBy: headingSeparator), text: try row.string(3))
            return draft.embeddingText(title: try row.string(1))
        }
        let vectors = try await embedder.embedAll(texts, batchSize: batchSize) { done in
            await progress(ReembedProgress(embedded: done, total: texts.count))
        }
        try db.transaction {
            try db.run("DELETE FROM chunk_vectors")
            // The answer's sentence vectors of the old model will never be read again.
            try db.run("DELETE FROM sentence_vectors WHERE model <> ?", [.text(embedder.model)])
            for (row, vector) in zip(rows, vectors) {
                try db.run(
                    "INSERT INTO chunk_vectors(chunk_rowid, model, vector) VALUES (?, ?, ?)",
                    [row[0], .text(embedder.model), .blob(VectorBlob.encode(vector))])
            }
            if rows.isEmpty {
                try db.run("DELETE FROM meta WHERE key = 'embedding_model'")
            } else {
                try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedding_model', ?)", [.text(embedder.model)])
            }
            try db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
        }
        knowledgeChanged()
        return rows.count
    }
}

extension SQLiteStore {
    /// The distinct models of the stored vectors (one, when the knowledge base is consistent).
    public func vectorModels() throws -> [String] {
        try db.query("SELECT DISTINCT model FROM chunk_vectors ORDER BY model").map { try $0.string(0) }
    }
}
