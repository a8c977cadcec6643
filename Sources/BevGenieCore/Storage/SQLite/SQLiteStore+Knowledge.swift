import CSQLite
import Foundation

/// Separates heading levels in the stored heading path (and in what FTS5 indexes).
let headingSeparator = " › "

extension SQLiteStore {
    public func search(_ query: KnowledgeQuery) async throws -> [KnowledgeHit] {
        let limit = max(0, query.limit)
        guard limit > 0 else { return [] }
        try revalidateCaches()
        // Each ranking goes deeper than the result, so fusion can lift a chunk both lists rank moderately.
        let depth = query.mode == .hybrid ? max(limit * 4, 40) : limit

        // The vector scan runs on another core while this actor ranks the keywords; its candidates are re-ranked
        // exactly afterwards (`rerank`).
        var index: VectorIndex?
        if query.mode != .keyword {
            guard query.vector != nil, let model = query.model else { throw KnowledgeError.missingQueryVector }
            index = try vectorIndex()
            if let index, index.model != model { throw KnowledgeError.modelMismatch(stored: index.model, query: model) }
        }
        let queryVector = query.vector ?? []
        async let scanned = index.map { index in
            index.candidates(queryVector, count: VectorIndex.candidateCount(for: depth))
        } ?? []

        let phrases = query.mode == .vector ? [] : Self.ftsPhrases(query.terms)
        let match = phrases.isEmpty ? nil : Self.ftsQuery(phrases: phrases)
        let keyword = try match.map { try keywordRanking(phrases: phrases, match: $0, depth: depth) } ?? []
        let candidates = await scanned
        let vector = try rerank(candidates, query: queryVector, k: depth)

        let ranked: [(rowid: Int64, score: Double)]
        switch query.mode {
        case .keyword: ranked = keyword
        case .vector: ranked = vector.map { ($0.rowid, Double($0.score)) }
        case .hybrid:
            ranked = RankFusion.fuse([keyword.map(\.rowid), vector.map(\.rowid)]).map { ($0.id, $0.score) }
        }
        let top = Array(ranked.prefix(limit))
        guard !top.isEmpty else { return [] }

        var keywordParts: [Int64: (rank: Int, score: Double)] = [:]
        for (rank, hit) in keyword.enumerated() { keywordParts[hit.rowid] = (rank + 1, hit.score) }
        // Snippets only for what is returned (FTS5 re-reads a row's text to make one).
        var snippets: [Int64: String] = [:]
        if let match, query.snippets {
            for rowid in top.map(\.rowid) where keywordParts[rowid] != nil {
                if let snippet = try keywordSnippet(rowid: rowid, match: match) { snippets[rowid] = snippet }
            }
        }
        var vectorParts: [Int64: (rank: Int, score: Double)] = [:]
        for (rank, hit) in vector.enumerated() { vectorParts[hit.rowid] = (rank + 1, Double(hit.score)) }

        let chunks = try chunks(rowids: top.map(\.rowid))
        return top.compactMap { entry in
            guard let chunk = chunks[entry.rowid] else { return nil }
            let k = keywordParts[entry.rowid]
            let v = vectorParts[entry.rowid]
            return KnowledgeHit(
                chunk: chunk, keywordScore: k?.score, keywordRank: k?.rank, vectorScore: v?.score, vectorRank: v?.rank,
                searchScore: entry.score,
                snippet: query.snippets ? snippets[entry.rowid] ?? Self.openingSnippet(chunk) : nil)
        }
    }

    /// Chunks by rowid.
    func chunks(rowids: [Int64]) throws -> [Int64: KnowledgeChunk] {
        guard !rowids.isEmpty else { return [:] }
        let documents = try documentMetadata()
        var result: [Int64: KnowledgeChunk] = [:]
        for row in try db.query(
            """
            SELECT id, document_id, ordinal, heading_path, text, rowid FROM chunks
            WHERE rowid IN (SELECT value FROM json_each(?))
            """, [.list(rowids)])
        {
            result[Int64(try row.int(5))] = try chunk(from: row, documents: documents)
        }
        return result
    }

    /// The start of a chunk's text, for a hit that matched by meaning rather than by word.
    static func openingSnippet(_ chunk: KnowledgeChunk) -> String {
        let plain = chunk.plainText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard plain.count > 160 else { return plain }
        return String(plain.prefix(160)).trimmed() + "…"
    }

    /// The in-memory vector index of the stored model, loaded on first use; nil when no chunk has a vector.
    func vectorIndex() throws -> VectorIndex? {
        if let vectors { return vectors }
        guard let model = try meta("embedding_model") else { return nil }
        let count = try db.queryRow("SELECT count(*) FROM chunk_vectors WHERE model = ?", [.text(model)])?.int(0) ?? 0
        guard count > 0, let first = try db.queryRow(
            "SELECT length(vector) FROM chunk_vectors WHERE model = ? LIMIT 1", [.text(model)])
        else { return nil }
        var index = VectorIndex(model: model, dimensions: try first.int(0) / 4)
        index.reserve(count)
        let statement = try db.prepare("SELECT chunk_rowid, vector FROM chunk_vectors WHERE model = ? ORDER BY chunk_rowid")
        defer { statement.reset() }
        try statement.bind([.text(model)])
        while let row = try statement.step() {
            if case .blob(let blob) = row[1] { index.append(rowid: Int64(try row.int(0)), blob: blob) }
        }
        vectors = index
        return index
    }

    public func chunks(kinds: [DocumentKind], topics: [PainPoint], limit: Int) throws -> [KnowledgeChunk] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        try revalidateCaches()
        let key = "k:\(kinds.map(\.rawValue))|\(topics.map(\.rawValue))|\(limit)"
        if let cached = listCache[key] { return cached }
        // No topics: an empty list, so every weight is 0 (the same SQL either way).
        let rows = try db.query(
            """
            SELECT c.id, c.document_id, c.ordinal, c.heading_path, c.text,
                   (SELECT coalesce(max(t.weight), 0) FROM document_topics t
                    WHERE t.document_id = d.id AND t.pain_point IN (SELECT value FROM json_each(?))) AS weight
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE d.kind IN (SELECT value FROM json_each(?))
            ORDER BY weight DESC, d.id, c.ordinal LIMIT ?
            """, [.list(topics.map(\.rawValue)), .list(kinds.map(\.rawValue)), .int(limit)])
        let documents = try documentMetadata()
        let result = try rows.compactMap { try chunk(from: $0, documents: documents) }
        cacheList(key, result)
        return result
    }

    public func documentChunks(id: String) throws -> [KnowledgeChunk] {
        try revalidateCaches()
        let key = "d:" + id
        if let cached = listCache[key] { return cached }
        let documents = try documentMetadata()
        let result = try db.query(
            "SELECT id, document_id, ordinal, heading_path, text FROM chunks WHERE document_id = ? ORDER BY ordinal",
            [.text(id)]
        ).compactMap { try chunk(from: $0, documents: documents) }
        cacheList(key, result)
        return result
    }

    private func cacheList(_ key: String, _ chunks: [KnowledgeChunk]) {
        if listCache.count >= 4_096 { listCache.removeAll(keepingCapacity: true) }
        listCache[key] = chunks
    }

    /// Writes a batch in one transaction, so one commit covers many documents (each commit rewrites the touched
    /// index pages and may checkpoint the WAL); a crash before the commit loses the uncommitted batch whole, never
    /// part of a document.
    ///
    /// A document that fails must not take the others with it, yet the batch is first written without a savepoint
    /// per document: FTS5 flushes its pending terms to a new index segment at every savepoint, so per-document
    /// savepoints made one segment per document and kept FTS5 merging them — 2.3 GB written through temporary
    /// files for a 59 MB database of 20k chunks. Only when a document fails is the batch rolled back and written
    /// again with a savepoint around each document, so the failure rolls back alone and the rest commits.
    public func upsert(_ documents: [KnowledgeDocument]) throws -> [Result<UpsertOutcome, StoreWriteError>] {
        guard !documents.isEmpty else { return [] }
        let results: [Result<UpsertOutcome, StoreWriteError>]
        do {
            results = try db.transaction { try documents.map { document in .success(try upsertOne(document)) } }
        } catch {
            results = try db.transaction { () throws -> [Result<UpsertOutcome, StoreWriteError>] in
                try documents.map { document in
                    try db.run("SAVEPOINT document")  // prepared once, not parsed per document
                    do {
                        let outcome = try upsertOne(document)
                        try db.run("RELEASE document")
                        return .success(outcome)
                    } catch {
                        try db.execute("ROLLBACK TO document")
                        try db.execute("RELEASE document")
                        return .failure(StoreWriteError(
                            documentId: document.id, underlying: "\(error)", modelMismatch: error as? KnowledgeError))
                    }
                }
            }
        }
        if results.contains(where: { (try? $0.get()).map { $0 != .unchanged } ?? false }) { knowledgeChanged() }
        return results
    }

    /// Writes one document unless the stored one has the same content; the caller holds the transaction.
    private func upsertOne(_ document: KnowledgeDocument) throws -> UpsertOutcome {
        let existing = try db.queryRow("SELECT content_hash FROM documents WHERE id = ?", [.text(document.id)])
        if let existing, try existing.string(0) == document.contentHash { return .unchanged }
        try Self.write(document, to: db)
        return existing == nil ? .inserted : .replaced
    }

    public func documents(sourcePrefix: String?) throws -> [DocumentSummary] {
        var sql = """
            SELECT d.id, d.title, d.source, d.kind, d.roles, d.metadata, d.imported_at,
                   (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)
            FROM documents d
            """
        var bindings: [SQLiteValue] = []
        if let sourcePrefix {
            // substr comparison, not LIKE: a path may contain % and _
            sql += " WHERE substr(d.source, 1, length(?)) = ?"
            bindings = [.text(sourcePrefix), .text(sourcePrefix)]
        }
        sql += " ORDER BY d.source, d.id"
        let metadata = try documentMetadata()
        return try db.query(sql, bindings).map { row in
            let id = try row.string(0)
            return DocumentSummary(
                id: id, title: try row.string(1), source: try row.string(2),
                kind: DocumentKind(rawValue: try row.string(3)) ?? .information, chunks: try row.int(7),
                topics: metadata[id]?.topics ?? [:],
                roles: try row.string(4).split(separator: ",").compactMap { Role(rawValue: String($0)) },
                metadata: try row.optionalString(5).flatMap { try? JSONParser.parse($0) }, importedAt: try row.double(6))
        }
    }

    public func documentIds(sourcePrefix: String) throws -> [String] {
        try db.query("SELECT id FROM documents WHERE substr(source, 1, length(?)) = ?", [.text(sourcePrefix), .text(sourcePrefix)])
            .map { try $0.string(0) }
    }

    @discardableResult
    public func removeDocuments(ids: [String]) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let removed = try db.transaction { () throws -> Int in
            var removed = 0
            for id in ids {
                // Chunks first, so the FTS delete trigger sees each one; vectors and topics go by cascade.
                try db.run("DELETE FROM chunks WHERE document_id = ?", [.text(id)])
                try db.run("DELETE FROM documents WHERE id = ?", [.text(id)])
                removed += db.changes
            }
            if removed > 0 {
                try db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
            }
            if try db.queryRow("SELECT count(*) FROM chunk_vectors")?.int(0) == 0 {
                try db.run("DELETE FROM meta WHERE key = 'embedding_model'")  // empty: any model may start afresh
            }
            return removed
        }
        if removed > 0 { knowledgeChanged() }
        return removed
    }

    public func optimizeSearchIndex() throws {
        // Merges FTS5's per-commit segments into one b-tree: after a bulk import, searches read one segment per
        // term instead of dozens. In steps of at most 1,000 pages, each its own transaction (tens of ms), not one
        // 'optimize' that holds the write lock for as long as the whole merge takes: a `serve` writing sessions
        // to this file meanwhile waits for a step, never for the lot. A step that changes fewer than two rows
        // found nothing left to merge (FTS5's documented test).
        try db.execute("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('merge', -1000)")
        for _ in 0..<100_000 {
            let before = db.totalChanges
            try db.execute("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('merge', 1000)")
            if db.totalChanges - before < 2 { break }
            sqlite3_sleep(5)  // a gap for writers of other processes: the lock goes to whoever looks first
        }
        // And fold the write-ahead log back into the file, so readers do not look pages up in a large WAL. A
        // TRUNCATE checkpoint holds off writers while it waits for readers, so it waits 100 ms at most here; when
        // readers are busy it is left to SQLite's automatic checkpoints.
        db.busyTimeout = .milliseconds(100)
        defer { db.busyTimeout = Self.busyTimeout }
        _ = try? db.query("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// During a bulk write the write-ahead log checkpoints every 16,384 pages (64 MB) instead of SQLite's 1,000:
    /// each checkpoint copies the log's pages into the file and syncs it, and an import committing a batch every
    /// few tens of milliseconds rewrote the same hot pages (FTS5's segment index, b-tree interiors) at every 4 MB.
    /// Measured on a 100k-record import (`/usr/bin/time bevgenie kb import`, two runs each on a noisy machine):
    /// system time 4.8–5.4 s → 3.3–3.5 s, wall 21.4–24.9 s → 18.5–20.3 s. The log is folded back by
    /// `optimizeSearchIndex` at the end of the import, so a reader never sees it that large for long.
    public func bulkLoading(_ active: Bool) throws {
        try db.execute(active ? "PRAGMA wal_autocheckpoint = 16384" : "PRAGMA wal_autocheckpoint = 1000")
    }

    public func knowledgeStats() throws -> KnowledgeStats {
        let counts = try knowledgeCounts()
        var byKind: [DocumentKind: Int] = [:]
        for row in try db.query("SELECT kind, count(*) FROM documents GROUP BY kind") {
            if let kind = DocumentKind(rawValue: try row.string(0)) { byKind[kind] = try row.int(1) }
        }
        return KnowledgeStats(
            documents: counts.documents, chunks: counts.chunks,
            vectors: try db.queryRow("SELECT count(*) FROM chunk_vectors")?.int(0) ?? 0,
            embeddingModel: try meta("embedding_model"), version: Int(try meta("kb_version") ?? "0") ?? 0,
            documentsByKind: byKind)
    }

    public func embeddingModel() throws -> String? {
        try meta("embedding_model")
    }

    public func knowledgeCounts() throws -> (documents: Int, chunks: Int) {
        let documents = try db.queryRow("SELECT count(*) FROM documents")?.int(0) ?? 0
        let chunks = try db.queryRow("SELECT count(*) FROM chunks")?.int(0) ?? 0
        return (documents, chunks)
    }

    /// Forgets the caches when another connection changed the knowledge since they were filled. Cheap when
    /// nothing was committed elsewhere: `data_version` is read from the WAL index in shared memory.
    func revalidateCaches() throws {
        let dataVersion = try db.queryRow("PRAGMA data_version")?.int(0) ?? 0
        guard dataVersion != seenDataVersion else { return }
        seenDataVersion = dataVersion
        let version = Int(try meta("kb_version") ?? "0") ?? 0
        if let cachedKnowledgeVersion, cachedKnowledgeVersion != version { knowledgeChanged() }
        cachedKnowledgeVersion = version
    }

    /// Forgets what was cached about the knowledge base after it changed.
    func knowledgeChanged() {
        cachedKnowledgeVersion = nil  // re-read at the next check
        documentCache = nil
        chunkCache.removeAll()
        listCache.removeAll()
        vectors = nil
        keywords = nil
    }

    /// Replaces a document and its chunks; the caller holds the transaction.
    package static func write(_ document: KnowledgeDocument, to db: SQLiteDatabase) throws {
        if let model = document.embeddingModel {
            // One vector space per knowledge base: vectors of two models cannot be compared.
            let stored = try db.queryRow("SELECT value FROM meta WHERE key = 'embedding_model'")?.string(0)
            if let stored, stored != model {
                let others = try db.queryRow(
                    "SELECT count(*) FROM chunk_vectors v JOIN chunks c ON c.rowid = v.chunk_rowid WHERE c.document_id != ?",
                    [.text(document.id)])?.int(0) ?? 0
                if others > 0 { throw KnowledgeError.modelMismatch(stored: stored, query: model) }
            }
            if stored != model {
                try db.run("INSERT OR REPLACE INTO meta(key, value) VALUES ('embedding_model', ?)", [.text(model)])
            }
        }
        try db.run("DELETE FROM chunks WHERE document_id = ?", [.text(document.id)])  // fires the FTS delete trigger
        try db.run("DELETE FROM document_topics WHERE document_id = ?", [.text(document.id)])
        try db.run(
            """
            INSERT INTO documents(id, title, source, kind, roles, content_hash, metadata, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, source = excluded.source, kind = excluded.kind,
                roles = excluded.roles, content_hash = excluded.content_hash, metadata = excluded.metadata,
                imported_at = excluded.imported_at
            """,
            [
                .text(document.id), .text(document.title), .text(document.source), .text(document.kind.rawValue),
                .text(document.roles.map(\.rawValue).joined(separator: ",")), .text(document.contentHash),
                .optionalText(document.metadata?.serialized()), .real(Date().timeIntervalSince1970),
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
            if let vector = chunk.vector, let model = document.embeddingModel {
                try db.run(
                    "INSERT INTO chunk_vectors(chunk_rowid, model, vector) VALUES (?, ?, ?)",
                    [.integer(db.lastInsertRowID), .text(model), .blob(VectorBlob.encode(vector))])
            }
        }
        try db.run("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'kb_version'")
    }

    /// The FTS5 MATCH expression a query's words become (for benchmarks that replay it elsewhere).
    public static func ftsMatchExpression(for query: KnowledgeQuery) -> String? {
        ftsQuery(query.terms)
    }

    /// Plain words → an FTS5 query that can only mean "any of these words".
    ///
    /// Each word becomes a quoted string (an inner `"` doubled), joined with OR: `NEAR`, `AND`, `*`, `-`, `:` and
    /// parentheses in a visitor's text are then just characters inside a string, never operators. Found by the
    /// `fts` fuzz target: control characters are dropped first.
    package static func ftsQuery(_ terms: [String]) -> String? {
        let phrases = ftsPhrases(terms)
        return phrases.isEmpty ? nil : ftsQuery(phrases: phrases)
    }

    /// The phrases of the FTS5 query, unquoted: control characters dropped, trimmed, each word once (case
    /// ignored), at most 32.
    static func ftsPhrases(_ terms: [String]) -> [String] {
        var seen: Set<String> = []
        var phrases: [String] = []
        for term in terms {
            // Control characters go: FTS5 reads a NUL inside a string as its end ("unterminated string").
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: term.unicodeScalars.lazy.filter { $0.properties.generalCategory != .control })
            let term = String(scalars).trimmed()
            guard !term.isEmpty, seen.insert(term.lowercased()).inserted else { continue }
            phrases.append(term)
            if phrases.count == 32 { break }
        }
        return phrases
    }

    /// Phrases → `"a" OR "b"`, quotes doubled scalar by scalar: as Characters, a quote followed by a combining
    /// mark (`"́`) is one grapheme that is not equal to `"`, and it would slip through unescaped and end the
    /// string early.
    static func ftsQuery(phrases: [String]) -> String {
        phrases.map { term in
            var escaped = String.UnicodeScalarView()
            for scalar in term.unicodeScalars {
                if scalar == "\"" { escaped.append(scalar) }
                escaped.append(scalar)
            }
            return "\"" + String(escaped) + "\""
        }.joined(separator: " OR ")
    }

    func documentMetadata() throws -> [String: DocumentMeta] {
        if let documentCache { return documentCache }
        var documents: [String: DocumentMeta] = [:]
        for row in try db.query("SELECT id, title, kind, roles FROM documents") {
            documents[try row.string(0)] = DocumentMeta(
                title: try row.string(1), kind: DocumentKind(rawValue: try row.string(2)) ?? .information,
                roles: try row.string(3).split(separator: ",").compactMap { Role(rawValue: String($0)) }, topics: [:])
        }
        for row in try db.query("SELECT document_id, pain_point, weight FROM document_topics") {
            if let painPoint = PainPoint(rawValue: try row.string(1)) {
                documents[try row.string(0)]?.topics[painPoint] = try row.double(2)
            }
        }
        documentCache = documents
        return documents
    }

    /// The chunk for a row of (id, document_id, ordinal, heading_path, text), from the cache when it was read before.
    func chunk(from row: SQLiteRow, documents: [String: DocumentMeta]) throws(SQLiteError) -> KnowledgeChunk? {
        let id = try row.string(0)
        if let cached = chunkCache[id] { return cached }
        let documentId = try row.string(1)
        guard let meta = documents[documentId] else { return nil }
        let path = try row.string(3)
        let chunk = KnowledgeChunk(
            id: id, documentId: documentId, documentTitle: meta.title, kind: meta.kind,
            topics: meta.topics, roles: meta.roles, ordinal: try row.int(2),
            headings: path.isEmpty ? [] : path.components(separatedBy: headingSeparator), text: try row.string(4))
        if chunkCache.count >= Self.chunkCacheLimit { chunkCache.removeAll(keepingCapacity: true) }
        chunkCache[id] = chunk
        return chunk
    }
}
