import Foundation
import PostgresNIO

extension PostgresStore {
    /// Writes a whole batch of documents with a fixed handful of statements — their rows go in as arrays
    /// (`unnest`), not one round trip per document and per step as `write(_:on:)` takes — for `kb import`'s
    /// thousands of small records. The same rows, outcomes and knowledge version as writing each one in turn.
    ///
    /// Inside a savepoint: nil (with nothing written) when the batch cannot go this way — vectors of more than one
    /// model or size, an id twice, any statement failing — and `upsert` then writes document by document, each in
    /// its own savepoint, so one bad document fails alone as before.
    static func writeBatch(_ documents: [KnowledgeDocument], on connection: PostgresConnection) async throws -> [UpsertOutcome]? {
        let ids = documents.map { text($0.id) }
        let models = Set(documents.map(\.embeddingModel))
        let sizes = Set(documents.flatMap { $0.chunks.compactMap { $0.vector?.count } })
        guard documents.count > 1, Set(ids).count == ids.count, models.count == 1, sizes.count <= 1 else { return nil }
        try await connection.run("SAVEPOINT batch")
        do {
            let outcomes = try await writeBatchRows(documents, ids: ids, model: models.first ?? nil, dimensions: sizes.first ?? 0,
                                                    on: connection)
            try await connection.run("RELEASE SAVEPOINT batch")
            return outcomes
        } catch {
            try await connection.run("ROLLBACK TO SAVEPOINT batch")
            try await connection.run("RELEASE SAVEPOINT batch")
            return nil
        }
    }

    private static func writeBatchRows(
        _ documents: [KnowledgeDocument], ids: [String], model: String?, dimensions: Int, on connection: PostgresConnection
    ) async throws -> [UpsertOutcome] {
        var existing: [String: String] = [:]
        for row in try await connection.rows(
            "SELECT id, content_hash FROM documents WHERE id = ANY(\(ids)::text[]) ORDER BY id FOR UPDATE")
        {
            let (id, hash) = try row.decode((String, String).self)
            existing[id] = hash
        }
        let outcomes = zip(documents, ids).map { document, id -> UpsertOutcome in
            guard let hash = existing[id] else { return .inserted }
            return hash == document.contentHash ? .unchanged : .replaced
        }
        let changed = zip(documents, outcomes).filter { $0.1 != .unchanged }.map(\.0)
        guard !changed.isEmpty else { return outcomes }
        let changedIds = changed.map { text($0.id) }

        if let model {
            // As `write`: one model per knowledge base, checked under the meta row's lock.
            try await connection.run(
                "INSERT INTO meta(key, value) VALUES ('embedding_lock', '') ON CONFLICT (key) DO NOTHING")
            _ = try await connection.rows("SELECT 1 FROM meta WHERE key = 'embedding_lock' FOR UPDATE")
            let stored = try await connection.rows("SELECT value FROM meta WHERE key = 'embedding_model'")
                .first?.decode(String.self)
            if let stored, stored != model {
                let others = try await connection.rows(
                    """
                    SELECT count(*) FROM chunk_vectors v JOIN chunks c ON c.rowid = v.chunk_rowid
                    WHERE c.document_id <> ALL(\(changedIds)::text[])
                    """
                ).first?.decode(Int.self) ?? 0
                if others > 0 { throw KnowledgeError.modelMismatch(stored: stored, query: model) }
            }
            if stored != model {
                try await connection.run(
                    """
                    INSERT INTO meta(key, value) VALUES ('embedding_model', \(model))
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
            }
            if dimensions > 0 { try await ensureVectorIndex(dimensions: dimensions, on: connection) }
        }
        try await connection.run("DELETE FROM chunks WHERE document_id = ANY(\(changedIds)::text[])")
        try await connection.run("DELETE FROM document_topics WHERE document_id = ANY(\(changedIds)::text[])")
        let now = Date().timeIntervalSince1970
        // "" for no metadata: a serialized JSON value is never empty.
        try await connection.run(
            """
            INSERT INTO documents(id, title, source, kind, roles, content_hash, metadata, imported_at)
            SELECT u.id, u.title, u.source, u.kind, u.roles, u.hash, NULLIF(u.metadata, ''), \(now)
            FROM unnest(\(changedIds)::text[], \(changed.map { text($0.title) })::text[], \(changed.map { text($0.source) })::text[],
                        \(changed.map(\.kind.rawValue))::text[],
                        \(changed.map { $0.roles.map(\.rawValue).joined(separator: ",") })::text[],
                        \(changed.map(\.contentHash))::text[],
                        \(changed.map { $0.metadata.map { text($0.serialized()) } ?? "" })::text[])
                AS u(id, title, source, kind, roles, hash, metadata)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, source = excluded.source, kind = excluded.kind,
                roles = excluded.roles, content_hash = excluded.content_hash, metadata = excluded.metadata,
                imported_at = excluded.imported_at
            """)
        var topicDocuments: [String] = [], painPoints: [String] = [], weights: [Double] = []
        var chunkIds: [String] = [], chunkDocuments: [String] = [], ordinals: [Int] = [], titles: [String] = []
        var paths: [String] = [], texts: [String] = [], tokens: [Int] = [], vectors: [String] = []
        for (document, id) in zip(changed, changedIds) {
            for (painPoint, weight) in document.topics.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                topicDocuments.append(id); painPoints.append(painPoint.rawValue); weights.append(weight)
            }
            let title = text(document.title)
            let titleTokens = tokenCount(document.title)
            for (ordinal, chunk) in document.chunks.enumerated() {
                let path = text(chunk.headings.joined(separator: headingSeparator))
                let body = text(chunk.text)
                chunkIds.append("\(document.id):\(ordinal)"); chunkDocuments.append(id); ordinals.append(ordinal)
                titles.append(title); paths.append(path); texts.append(body)
                tokens.append(titleTokens + tokenCount(path) + tokenCount(body))
                if model != nil, let vector = chunk.vector, vector.count == dimensions {
                    vectors.append(vectorLiteral(vector))
                } else {
                    vectors.append("")
                }
            }
        }
        if !topicDocuments.isEmpty {
            try await connection.run(
                """
                INSERT INTO document_topics(document_id, pain_point, weight)
                SELECT * FROM unnest(\(topicDocuments)::text[], \(painPoints)::text[], \(weights)::float8[])
                """)
        }
        if !chunkIds.isEmpty {
            // Chunks in order (WITH ORDINALITY), so their rowids run as document-by-document writing gives them.
            try await connection.run(
                """
                WITH input AS (
                    SELECT * FROM unnest(\(chunkIds)::text[], \(chunkDocuments)::text[], \(ordinals)::int8[], \(titles)::text[],
                                         \(paths)::text[], \(texts)::text[], \(tokens)::int8[], \(vectors)::text[])
                        WITH ORDINALITY AS u(id, document_id, ordinal, title, heading_path, text, tokens, vector, n)
                ),
                inserted AS (
                    INSERT INTO chunks(id, document_id, ordinal, title, heading_path, text, tokens)
                    SELECT id, document_id, ordinal, title, heading_path, text, tokens FROM input ORDER BY n
                    RETURNING rowid, id
                )
                INSERT INTO chunk_vectors(chunk_rowid, model, dimensions, embedding)
                SELECT i.rowid, \(model ?? ""), \(dimensions), input.vector::vector
                FROM inserted i JOIN input ON input.id = i.id WHERE input.vector <> ''
                """)
        }
        try await connection.run(
            "UPDATE meta SET value = (value::bigint + \(changed.count))::text WHERE key = 'kb_version'")
        return outcomes
    }
}
