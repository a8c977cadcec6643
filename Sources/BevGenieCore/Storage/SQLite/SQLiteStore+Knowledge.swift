import Foundation

/// Separates heading levels in the stored heading path (and in what FTS5 indexes).
let headingSeparator = " › "

extension SQLiteStore {
    public func searchChunks(terms: [String], limit: Int) throws -> [KnowledgeHit] {
        guard let query = Self.ftsQuery(terms), limit > 0 else { return [] }
        let rows = try db.query(
            """
            SELECT c.id, c.document_id, c.ordinal, c.heading_path, c.text, bm25(chunks_fts, 4.0, 2.0, 1.0) AS rank
            FROM chunks_fts JOIN chunks c ON c.rowid = chunks_fts.rowid
            WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?
            """, [.text(query), .int(limit)])
        let documents = try documentMetadata()
        return rows.compactMap { row in
            guard let chunk = chunk(from: row, documents: documents) else { return nil }
            let keyword = -row.double(5)
            return KnowledgeHit(chunk: chunk, keywordScore: keyword, score: keyword)
        }
    }

    public func chunks(kinds: [DocumentKind], topics: [PainPoint], limit: Int) throws -> [KnowledgeChunk] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        let kindMarks = Array(repeating: "?", count: kinds.count).joined(separator: ",")
        var bindings: [SQLiteValue] = kinds.map { .text($0.rawValue) }
        let weight: String
        if topics.isEmpty {
            weight = "0"
        } else {
            let topicMarks = Array(repeating: "?", count: topics.count).joined(separator: ",")
            weight = """
                (SELECT coalesce(max(t.weight), 0) FROM document_topics t
                 WHERE t.document_id = d.id AND t.pain_point IN (\(topicMarks)))
                """
            bindings = topics.map { .text($0.rawValue) } + bindings
        }
        bindings.append(.int(limit))
        let rows = try db.query(
            """
            SELECT c.id, c.document_id, c.ordinal, c.heading_path, c.text, \(weight) AS weight
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE d.kind IN (\(kindMarks))
            ORDER BY weight DESC, d.id, c.ordinal LIMIT ?
            """, bindings)
        let documents = try documentMetadata()
        return rows.compactMap { chunk(from: $0, documents: documents) }
    }

    public func documentChunks(id: String) throws -> [KnowledgeChunk] {
        let documents = try documentMetadata()
        return try db.query(
            "SELECT id, document_id, ordinal, heading_path, text FROM chunks WHERE document_id = ? ORDER BY ordinal",
            [.text(id)]
        ).compactMap { chunk(from: $0, documents: documents) }
    }

    @discardableResult
    public func upsert(_ document: KnowledgeDocument) throws -> Bool {
        let changed = try db.transaction { () throws -> Bool in
            let existing = try db.queryRow("SELECT content_hash FROM documents WHERE id = ?", [.text(document.id)])
            if existing?.string(0) == document.contentHash { return false }
            try Self.write(document, to: db)
            return true
        }
        if changed {
            documentCache = nil
            chunkCache.removeAll()
        }
        return changed
    }

    public func knowledgeCounts() throws -> (documents: Int, chunks: Int) {
        let documents = try db.queryRow("SELECT count(*) FROM documents")?.int(0) ?? 0
        let chunks = try db.queryRow("SELECT count(*) FROM chunks")?.int(0) ?? 0
        return (documents, chunks)
    }

    /// Replaces a document and its chunks; the caller holds the transaction.
    static func write(_ document: KnowledgeDocument, to db: SQLiteDatabase) throws {
        try db.run("DELETE FROM chunks WHERE document_id = ?", [.text(document.id)])  // fires the FTS delete trigger
        try db.run("DELETE FROM document_topics WHERE document_id = ?", [.text(document.id)])
        try db.run(
            """
            INSERT INTO documents(id, title, source, kind, roles, content_hash, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, source = excluded.source, kind = excluded.kind,
                roles = excluded.roles, content_hash = excluded.content_hash, imported_at = excluded.imported_at
            """,
            [
                .text(document.id), .text(document.title), .text(document.source), .text(document.kind.rawValue),
                .text(document.roles.map(\.rawValue).joined(separator: ",")), .text(document.contentHash),
                .real(Date().timeIntervalSince1970),
            ])
        for (painPoint, weight) in document.topics {
            try db.run(
                "INSERT INTO document_topics(document_id, pain_point, weight) VALUES (?, ?, ?)",
                [.text(document.id), .text(painPoint.rawValue), .real(weight)])
        }
        for (ordinal, chunk) in document.chunks.enumerated() {
            try db.run(
                "INSERT INTO chunks(id, document_id, ordinal, title, heading_path, text) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    .text("\(document.id):\(ordinal)"), .text(document.id), .int(ordinal), .text(document.title),
                    .text(chunk.headings.joined(separator: headingSeparator)), .text(chunk.text),
                ])
        }
        try db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
    }

    /// Plain words → an FTS5 query that can only mean "any of these words".
    ///
    /// Each word becomes a quoted string (an inner `"` doubled), joined with OR: `NEAR`, `AND`, `*`, `-`, `:` and
    /// parentheses in a visitor's text are then just characters inside a string, never operators.
    static func ftsQuery(_ terms: [String]) -> String? {
        var seen: Set<String> = []
        var quoted: [String] = []
        for term in terms {
            let term = term.trimmed()
            guard !term.isEmpty, seen.insert(term.lowercased()).inserted else { continue }
            quoted.append("\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            if quoted.count == 32 { break }
        }
        return quoted.isEmpty ? nil : quoted.joined(separator: " OR ")
    }

    func documentMetadata() throws -> [String: DocumentMeta] {
        if let documentCache { return documentCache }
        var documents: [String: DocumentMeta] = [:]
        for row in try db.query("SELECT id, title, kind, roles FROM documents") {
            documents[row.string(0)] = DocumentMeta(
                title: row.string(1), kind: DocumentKind(rawValue: row.string(2)) ?? .information,
                roles: row.string(3).split(separator: ",").compactMap { Role(rawValue: String($0)) }, topics: [:])
        }
        for row in try db.query("SELECT document_id, pain_point, weight FROM document_topics") {
            if let painPoint = PainPoint(rawValue: row.string(1)) {
                documents[row.string(0)]?.topics[painPoint] = row.double(2)
            }
        }
        documentCache = documents
        return documents
    }

    /// The chunk for a row of (id, document_id, ordinal, heading_path, text), from the cache when it was read before.
    func chunk(from row: SQLiteRow, documents: [String: DocumentMeta]) -> KnowledgeChunk? {
        let id = row.string(0)
        if let cached = chunkCache[id] { return cached }
        guard let meta = documents[row.string(1)] else { return nil }
        let path = row.string(3)
        let chunk = KnowledgeChunk(
            id: id, documentId: row.string(1), documentTitle: meta.title, kind: meta.kind,
            topics: meta.topics, roles: meta.roles, ordinal: row.int(2),
            headings: path.isEmpty ? [] : path.components(separatedBy: headingSeparator), text: row.string(4))
        if chunkCache.count >= Self.chunkCacheLimit { chunkCache.removeAll(keepingCapacity: true) }
        chunkCache[id] = chunk
        return chunk
    }
}
