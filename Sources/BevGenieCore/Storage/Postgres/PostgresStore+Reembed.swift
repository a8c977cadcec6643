import Foundation
import PostgresNIO

extension PostgresStore {
    /// As `SQLiteStore.reembed`: every vector computed first, then all written in one transaction with the model's
    /// name, so a failure leaves the old vectors and model as they were. Returns how many chunks were embedded.
    @discardableResult
    public func reembed(
        with embedder: any Embedder, batchSize: Int = 64,
        progress: @Sendable (SQLiteStore.ReembedProgress) async -> Void = { _ in }
    ) async throws -> Int {
        let rows = try await self.rows("SELECT rowid, title, heading_path, text FROM chunks ORDER BY rowid")
        var rowids: [Int] = []
        var texts: [String] = []
        for row in rows {
            let (rowid, title, path, text) = try row.decode((Int, String, String, String).self)
            let draft = KnowledgeChunkDraft(
                headings: path.isEmpty ? [] : path.components(separatedBy: headingSeparator), text: text)
            rowids.append(rowid)
            texts.append(draft.embeddingText(title: title))
        }
        let vectors = try await embedder.embedAll(texts, batchSize: batchSize) { done in
            await progress(SQLiteStore.ReembedProgress(embedded: done, total: texts.count))
        }.map(Self.vectorLiteral)
        let model = embedder.model
        let dimensions = embedder.dimensions
        try await transaction { connection in
            try await connection.run("DELETE FROM chunk_vectors")
            // The answer's sentence vectors of the old model will never be read again.
            try await connection.run("DELETE FROM sentence_vectors WHERE model <> \(model)")
            if rowids.isEmpty {
                try await connection.run("DELETE FROM meta WHERE key = 'embedding_model'")
            } else {
                try await Self.ensureVectorIndex(dimensions: dimensions, on: connection)
                // In slices: one statement's parameters stay well below the protocol's limits.
                var from = 0
                while from < rowids.count {
                    let to = min(from + 2_000, rowids.count)
                    try await connection.run(
                        """
                        INSERT INTO chunk_vectors(chunk_rowid, model, dimensions, embedding)
                        SELECT r, \(model), \(dimensions), v::vector
                        FROM unnest(\(Array(rowids[from..<to]))::int8[], \(Array(vectors[from..<to]))::text[]) AS u(r, v)
                        """)
                    from = to
                }
                try await connection.run(
                    """
                    INSERT INTO meta(key, value) VALUES ('embedding_model', \(model))
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
            }
            try await Self.bumpKnowledgeVersion(on: connection)
        }
        return rowids.count
    }
}
