import Foundation
import PostgresNIO

extension PostgresStore: KnowledgeStore {
    /// Hybrid search as one statement: the keyword candidates (the GIN-indexed `tsvector`, ranked by `ts_rank`
    /// with the title, headings and text weighted 4 : 2 : 1 as SQLite's bm25 weights them) and the vector
    /// candidates (the HNSW cosine index) are fused by reciprocal rank fusion in SQL, with SQLite's depth, its
    /// constant `RankFusion.k` and its tie order (keyword candidates first, then vector-only ones, each by rank),
    /// so both backends fuse alike.
    public func search(_ query: KnowledgeQuery) async throws -> [KnowledgeHit] {
        guard let statement = try await searchStatement(query) else { return [] }
        let rows = try await self.rows(statement)
        return try rows.map { row in
            let (krank, kscore, vrank, vscore, fused, snippet) = try row.decode(
                (Int?, Double?, Int?, Double?, Double, String?).self)
            let chunk = try Self.chunk(from: row, offset: 6)
            return KnowledgeHit(
                chunk: chunk, keywordScore: kscore, keywordRank: krank, vectorScore: vscore, vectorRank: vrank,
                searchScore: fused,
                snippet: query.snippets ? snippet.map(Self.tidySnippet) ?? SQLiteStore.openingSnippet(chunk) : nil)
        }
    }

    /// The one statement a search runs (nil when there is nothing to look for).
    func searchStatement(_ query: KnowledgeQuery) async throws -> PostgresQuery? {
        let limit = max(0, query.limit)
        guard limit > 0 else { return nil }
        let depth = query.mode == .hybrid ? max(limit * 4, 40) : limit
        var dimensions = 0
        var vectorText: String?
        if query.mode != .keyword {
            guard let vector = query.vector, let model = query.model else { throw KnowledgeError.missingQueryVector }
            if let stored = try await embeddingModel() {
                if stored != model { throw KnowledgeError.modelMismatch(stored: stored, query: model) }
                dimensions = vector.count
                vectorText = Self.vectorLiteral(vector)
            }
        }
        let terms = query.mode == .vector ? [] : Self.searchTerms(query.terms)
        let useKeyword = !terms.isEmpty
        let useVector = vectorText != nil && dimensions > 0
        guard useKeyword || useVector else { return nil }

        let k = String(RankFusion.k)
        let configuration = PostgresSchema.textSearchConfiguration
        var binds = PostgresBindings()
        binds.append(terms)
        binds.append(vectorText ?? "")
        binds.append(depth)
        binds.append(limit)
        binds.append(query.snippets)
        // Only integers and constants are spliced into the text; every word and the vector are bound ($1, $2).
        // BM25 as SQLite's FTS5 computes it (k1 = 1.2, b = 0.75, idf = ln((N − n + 0.5)/(n + 0.5)), at least
        // 1e-6; a term's frequency is its hits in the title, headings and text weighted 4, 2, 1; the length is
        // the chunk's token count), so both backends rank keyword candidates alike.
        let keywordCTE = useKeyword
            ? """
            SELECT rowid, score, row_number() OVER (ORDER BY score DESC, rowid) AS rank FROM (
                SELECT c.rowid, sum(t.idf * (f.tf * 2.2) / (f.tf + 1.2 * (0.25 + 0.75 * c.tokens / st.avgdl)))::float8 AS score
                FROM chunks c CROSS JOIN q CROSS JOIN stats st CROSS JOIN terms t
                CROSS JOIN LATERAL (
                    SELECT coalesce(sum(CASE w WHEN 'A' THEN 4.0 WHEN 'B' THEN 2.0 ELSE 1.0 END), 0)::float8 AS tf
                    FROM unnest(c.search) AS u CROSS JOIN unnest(u.weights) AS w WHERE u.lexeme = ANY(t.lexemes)
                ) f
                WHERE c.search @@ q.query
                GROUP BY c.rowid
                ORDER BY score DESC, c.rowid LIMIT $3
            ) s
            """
            : "SELECT NULL::bigint AS rowid, NULL::float8 AS score, NULL::bigint AS rank WHERE false"
        let vectorCTE = useVector
            ? """
            SELECT rowid, 1 - distance AS score, row_number() OVER (ORDER BY distance, rowid) AS rank FROM (
                SELECT v.chunk_rowid AS rowid,
                       (v.embedding::vector(\(dimensions)) <=> $2::vector(\(dimensions)))::float8 AS distance
                FROM chunk_vectors v WHERE v.dimensions = \(dimensions)
                ORDER BY v.embedding::vector(\(dimensions)) <=> $2::vector(\(dimensions)) LIMIT $3
            ) s
            """
            : "SELECT NULL::bigint AS rowid, NULL::float8 AS score, NULL::bigint AS rank WHERE false"
        let score: String
        switch query.mode {
        case .keyword: score = "k.score"
        case .vector: score = "v.score"
        case .hybrid: score = "coalesce(1.0::float8 / (\(k) + k.rank), 0) + coalesce(1.0::float8 / (\(k) + v.rank), 0)"
        }
        let order = query.mode == .vector ? "v.rank" : "CASE WHEN k.rank IS NOT NULL THEN k.rank ELSE 1000000000 + v.rank END"
        let sql = """
            WITH words AS (
                SELECT DISTINCT ON (querytree(plainto_tsquery('\(configuration)', w)))
                       plainto_tsquery('\(configuration)', w) AS tq, tsvector_to_array(to_tsvector('\(configuration)', w)) AS lexemes
                FROM unnest($1::text[]) AS w WHERE numnode(plainto_tsquery('\(configuration)', w)) > 0
            ),
            q AS (SELECT bevgenie_tsquery_or(tq) AS query FROM words),
            stats AS (SELECT chunks::float8 AS n, tokens::float8 / greatest(chunks, 1) AS avgdl FROM chunk_stats),
            terms AS (
                SELECT w.lexemes, greatest(ln((st.n - h.hits + 0.5) / (h.hits + 0.5)), 1e-6) AS idf
                FROM words w CROSS JOIN stats st
                CROSS JOIN LATERAL (SELECT count(*)::float8 AS hits FROM chunks c WHERE c.search @@ w.tq) h
            ),
            keyword AS (\(keywordCTE)),
            vector AS (\(vectorCTE)),
            fused AS (
                SELECT coalesce(k.rowid, v.rowid) AS rowid, k.rank AS krank, k.score AS kscore, v.rank AS vrank,
                       v.score AS vscore, \(score) AS fused, \(order) AS seen
                FROM keyword k FULL OUTER JOIN vector v ON k.rowid = v.rowid
                \(query.mode == .keyword ? "WHERE k.rowid IS NOT NULL" : query.mode == .vector ? "WHERE v.rowid IS NOT NULL" : "")
                ORDER BY fused DESC, seen LIMIT $4
            )
            SELECT f.krank, f.kscore, f.vrank, f.vscore, f.fused,
                   CASE WHEN $5 AND f.krank IS NOT NULL THEN ts_headline('\(configuration)', c.text, q.query,
                       'StartSel=**, StopSel=**, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "')
                   END,
                   \(Self.chunkColumns)
            FROM fused f JOIN chunks c ON c.rowid = f.rowid JOIN documents d ON d.id = c.document_id CROSS JOIN q
            ORDER BY f.fused DESC, f.seen
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// `ts_headline` marks each matched word; two marked words side by side read better as one bold run.
    static func tidySnippet(_ snippet: String) -> String {
        snippet.replacingOccurrences(of: "** **", with: " ")
    }

    /// What `chunk(from:offset:)` reads, in its order: the chunk joined with its document (`c`, `d`).
    static let chunkColumns = """
        c.id, c.document_id, c.ordinal, c.heading_path, c.text, d.title, d.kind, d.roles,
        ARRAY(SELECT t.pain_point FROM document_topics t WHERE t.document_id = d.id ORDER BY t.pain_point),
        ARRAY(SELECT t.weight FROM document_topics t WHERE t.document_id = d.id ORDER BY t.pain_point)
        """

    static func chunk(from row: PostgresRow, offset: Int) throws -> KnowledgeChunk {
        let columns = Array(row)
        func column<T: PostgresDecodable>(_ index: Int, _ type: T.Type) throws -> T {
            try columns[offset + index].decode(T.self)
        }
        let path = try column(3, String.self)
        let painPoints = try column(8, [String].self)
        let weights = try column(9, [Double].self)
        var topics: [PainPoint: Double] = [:]
        for (name, weight) in zip(painPoints, weights) {
            if let painPoint = PainPoint(rawValue: name) { topics[painPoint] = weight }
        }
        return KnowledgeChunk(
            id: try column(0, String.self), documentId: try column(1, String.self), documentTitle: try column(5, String.self),
            kind: DocumentKind(rawValue: try column(6, String.self)) ?? .information, topics: topics,
            roles: try column(7, String.self).split(separator: ",").compactMap { Role(rawValue: String($0)) },
            ordinal: try column(2, Int.self),
            headings: path.isEmpty ? [] : path.components(separatedBy: headingSeparator), text: try column(4, String.self))
    }

    public func chunks(kinds: [DocumentKind], topics: [PainPoint], limit: Int) async throws -> [KnowledgeChunk] {
        guard !kinds.isEmpty, limit > 0 else { return [] }
        // Ids in byte order (COLLATE "C"), as SQLite sorts them, whatever the database's collation.
        let rows = try await self.rows(
            """
            SELECT \(unescaped: Self.chunkColumns),
                   (SELECT coalesce(max(t.weight), 0) FROM document_topics t
                    WHERE t.document_id = d.id AND t.pain_point = ANY(\(topics.map(\.rawValue))::text[])) AS weight
            FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE d.kind = ANY(\(kinds.map(\.rawValue))::text[])
            ORDER BY weight DESC, d.id COLLATE "C", c.ordinal LIMIT \(limit)
            """)
        return try rows.map { try Self.chunk(from: $0, offset: 0) }
    }

    public func documentChunks(id: String) async throws -> [KnowledgeChunk] {
        try await rows(
            """
            SELECT \(unescaped: Self.chunkColumns) FROM chunks c JOIN documents d ON d.id = c.document_id
            WHERE c.document_id = \(Self.text(id)) ORDER BY c.ordinal
            """
        ).map { try Self.chunk(from: $0, offset: 0) }
    }

    /// Writes a batch in one transaction, each document inside its own savepoint (as `SQLiteStore.upsert`).
    public func upsert(_ documents: [KnowledgeDocument]) async throws -> [Result<UpsertOutcome, StoreWriteError>] {
        guard !documents.isEmpty else { return [] }
        return try await transaction { connection in
            // Most batches go in as a few statements in all (PostgresStore+BatchWrite.swift).
            if let outcomes = try await Self.writeBatch(documents, on: connection) { return outcomes.map { .success($0) } }
            var results: [Result<UpsertOutcome, StoreWriteError>] = []
            for document in documents {
                try await connection.run("SAVEPOINT document")
                do {
                    let existing = try await connection.rows(
                        "SELECT content_hash FROM documents WHERE id = \(Self.text(document.id)) FOR UPDATE"
                    ).first?.decode(String.self)
                    let outcome: UpsertOutcome
                    if let existing, existing == document.contentHash {
                        outcome = .unchanged
                    } else {
                        try await Self.write(document, on: connection)
                        outcome = existing == nil ? .inserted : .replaced
                    }
                    try await connection.run("RELEASE SAVEPOINT document")
                    results.append(.success(outcome))
                } catch {
                    try await connection.run("ROLLBACK TO SAVEPOINT document")
                    try await connection.run("RELEASE SAVEPOINT document")
                    let reported = Self.storageError(error, url: self.url)
                    results.append(.failure(StoreWriteError(
                        documentId: document.id, underlying: "\(reported)", modelMismatch: error as? KnowledgeError)))
                }
            }
            return results
        }
    }

    /// Replaces a document with its topics, chunks and vectors; the caller holds the transaction. Chunks and
    /// vectors go in as arrays (`unnest`): one statement per document, not one per chunk.
    static func write(_ document: KnowledgeDocument, on connection: PostgresConnection) async throws {
        var dimensions = 0
        if let model = document.embeddingModel {
            // One vector space per knowledge base: vectors of two models cannot be compared. The meta row is
            // locked, so two importers of different models cannot both pass this check.
            try await connection.run(
                "INSERT INTO meta(key, value) VALUES ('embedding_lock', '') ON CONFLICT (key) DO NOTHING")
            _ = try await connection.rows("SELECT 1 FROM meta WHERE key = 'embedding_lock' FOR UPDATE")
            let stored = try await connection.rows("SELECT value FROM meta WHERE key = 'embedding_model'")
                .first?.decode(String.self)
            if let stored, stored != model {
                let others = try await connection.rows(
                    """
                    SELECT count(*) FROM chunk_vectors v JOIN chunks c ON c.rowid = v.chunk_rowid
                    WHERE c.document_id <> \(text(document.id))
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
            dimensions = document.chunks.first(where: { $0.vector != nil })?.vector?.count ?? 0
            if dimensions > 0 { try await ensureVectorIndex(dimensions: dimensions, on: connection) }
        }
        try await connection.run("DELETE FROM chunks WHERE document_id = \(text(document.id))")
        try await connection.run("DELETE FROM document_topics WHERE document_id = \(text(document.id))")
        try await connection.run(
            """
            INSERT INTO documents(id, title, source, kind, roles, content_hash, metadata, imported_at)
            VALUES (\(text(document.id)), \(text(document.title)), \(text(document.source)), \(document.kind.rawValue),
                    \(document.roles.map(\.rawValue).joined(separator: ",")), \(document.contentHash),
                    \(document.metadata.map { text($0.serialized()) }), \(Date().timeIntervalSince1970))
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, source = excluded.source, kind = excluded.kind,
                roles = excluded.roles, content_hash = excluded.content_hash, metadata = excluded.metadata,
                imported_at = excluded.imported_at
            """)
        if !document.topics.isEmpty {
            let topics = document.topics.sorted { $0.key.rawValue < $1.key.rawValue }
            try await connection.run(
                """
                INSERT INTO document_topics(document_id, pain_point, weight)
                SELECT \(text(document.id)), p, w FROM unnest(\(topics.map(\.key.rawValue))::text[], \(topics.map(\.value))::float8[]) AS u(p, w)
                """)
        }
        guard !document.chunks.isEmpty else {
            try await bumpKnowledgeVersion(on: connection)
            return
        }
        let ids = document.chunks.indices.map { text("\(document.id):\($0)") }
        let ordinals = Array(document.chunks.indices)
        let paths = document.chunks.map { text($0.headings.joined(separator: headingSeparator)) }
        let texts = document.chunks.map { text($0.text) }
        let tokens = zip(paths, texts).map { tokenCount(document.title) + tokenCount($0) + tokenCount($1) }
        // "" for a chunk without a vector (an array of optionals cannot be bound).
        let vectors: [String] = document.chunks.map { chunk in
            guard document.embeddingModel != nil, let vector = chunk.vector, vector.count == dimensions else { return "" }
            return vectorLiteral(vector)
        }
        try await connection.run(
            """
            WITH inserted AS (
                INSERT INTO chunks(id, document_id, ordinal, title, heading_path, text, tokens)
                SELECT u.id, \(text(document.id)), u.ordinal, \(text(document.title)), u.heading_path, u.text, u.tokens
                FROM unnest(\(ids)::text[], \(ordinals)::int8[], \(paths)::text[], \(texts)::text[], \(tokens)::int8[])
                    AS u(id, ordinal, heading_path, text, tokens)
                RETURNING rowid, ordinal
            )
            INSERT INTO chunk_vectors(chunk_rowid, model, dimensions, embedding)
            SELECT i.rowid, \(document.embeddingModel ?? ""), \(dimensions), NULLIF(v.vectors[i.ordinal + 1], '')::vector
            FROM inserted i, (SELECT \(vectors)::text[] AS vectors) v WHERE NULLIF(v.vectors[i.ordinal + 1], '') IS NOT NULL
            """)
        try await bumpKnowledgeVersion(on: connection)
    }

    static func bumpKnowledgeVersion(on connection: PostgresConnection) async throws {
        try await connection.run("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'kb_version'")
    }

    /// The HNSW cosine index for vectors of `dimensions` (pgvector indexes need a fixed dimension, the column
    /// has none): made once, under a lock so two importers do not both make it.
    static func ensureVectorIndex(dimensions: Int, on connection: PostgresConnection) async throws {
        let name = "chunk_vectors_hnsw_\(dimensions)"
        let exists = try await connection.rows("SELECT to_regclass(\(name)) IS NOT NULL").first?.decode(Bool.self) ?? false
        guard !exists else { return }
        try await connection.run("SELECT pg_advisory_xact_lock(\(migrationLock + 1))")
        try await connection.run(PostgresQuery(unsafeSQL: """
            CREATE INDEX IF NOT EXISTS \(name) ON chunk_vectors
            USING hnsw ((embedding::vector(\(dimensions))) vector_cosine_ops) WHERE dimensions = \(dimensions)
            """))
    }

    public func knowledgeCounts() async throws -> (documents: Int, chunks: Int) {
        let row = try await rows("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks)").first
        let (documents, chunks) = try row?.decode((Int, Int).self) ?? (0, 0)
        return (documents, chunks)
    }

    public func documents(sourcePrefix: String?) async throws -> [DocumentSummary] {
        // left(source, length(prefix)) = prefix, not LIKE: a path may contain % and _.
        let rows = try await rows(
            """
            SELECT d.id, d.title, d.source, d.kind, d.roles, d.metadata, d.imported_at,
                   (SELECT count(*) FROM chunks c WHERE c.document_id = d.id),
                   ARRAY(SELECT t.pain_point FROM document_topics t WHERE t.document_id = d.id ORDER BY t.pain_point),
                   ARRAY(SELECT t.weight FROM document_topics t WHERE t.document_id = d.id ORDER BY t.pain_point)
            FROM documents d
            WHERE \(sourcePrefix.map(Self.text))::text IS NULL OR left(d.source, length(\(sourcePrefix.map(Self.text)))) = \(sourcePrefix.map(Self.text))
            ORDER BY d.source COLLATE "C", d.id COLLATE "C"
            """)
        return try rows.map { row in
            let (id, title, source, kind, roles, metadata, importedAt, chunks, painPoints, weights) = try row.decode(
                (String, String, String, String, String, String?, Double, Int, [String], [Double]).self)
            var topics: [PainPoint: Double] = [:]
            for (name, weight) in zip(painPoints, weights) {
                if let painPoint = PainPoint(rawValue: name) { topics[painPoint] = weight }
            }
            return DocumentSummary(
                id: id, title: title, source: source, kind: DocumentKind(rawValue: kind) ?? .information, chunks: chunks,
                topics: topics, roles: roles.split(separator: ",").compactMap { Role(rawValue: String($0)) },
                metadata: metadata.flatMap { try? JSONParser.parse($0) }, importedAt: importedAt)
        }
    }

    public func documentIds(sourcePrefix: String) async throws -> [String] {
        let prefix = Self.text(sourcePrefix)
        return try await rows("SELECT id FROM documents WHERE left(source, length(\(prefix))) = \(prefix)")
            .map { try $0.decode(String.self) }
    }

    @discardableResult
    public func removeDocuments(ids: [String]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await transaction { connection in
            let removed = try await connection.rows(
                "WITH gone AS (DELETE FROM documents WHERE id = ANY(\(ids.map(Self.text))::text[]) RETURNING 1) SELECT count(*) FROM gone"
            ).first?.decode(Int.self) ?? 0
            if removed > 0 { try await Self.bumpKnowledgeVersion(on: connection) }
            let vectors = try await connection.rows("SELECT EXISTS (SELECT 1 FROM chunk_vectors)").first?.decode(Bool.self) ?? false
            if !vectors {
                try await connection.run("DELETE FROM meta WHERE key = 'embedding_model'")  // any model may start afresh
            }
            return removed
        }
    }

    public func optimizeSearchIndex() async throws {
        // GIN keeps a pending list of new entries (fastupdate); fold it into the index after a bulk import, and
        // refresh the planner's statistics for the new rows.
        try await run("SELECT gin_clean_pending_list('chunks_search'::regclass)")
        try await run("ANALYZE chunks")
        try await run("ANALYZE chunk_vectors")
    }

    public func knowledgeStats() async throws -> KnowledgeStats {
        let row = try await rows(
            """
            SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM chunks), (SELECT count(*) FROM chunk_vectors),
                   (SELECT value FROM meta WHERE key = 'embedding_model'),
                   (SELECT value FROM meta WHERE key = 'kb_version')
            """).first
        let (documents, chunks, vectors, model, version) = try row?.decode((Int, Int, Int, String?, String?).self)
            ?? (0, 0, 0, nil, nil)
        var byKind: [DocumentKind: Int] = [:]
        for row in try await rows("SELECT kind, count(*) FROM documents GROUP BY kind") {
            let (kind, count) = try row.decode((String, Int).self)
            if let kind = DocumentKind(rawValue: kind) { byKind[kind] = count }
        }
        return KnowledgeStats(
            documents: documents, chunks: chunks, vectors: vectors, embeddingModel: model,
            version: Int(version ?? "0") ?? 0, documentsByKind: byKind)
    }

    public func embeddingModel() async throws -> String? {
        try await meta("embedding_model")
    }

    /// Tokens as FTS5's unicode61 tokenizer counts them: runs of letters, numbers and private-use characters.
    static func tokenCount(_ text: String) -> Int {
        var count = 0
        var inToken = false
        for scalar in text.unicodeScalars {
            let isToken: Bool
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                isToken = true
            default:
                isToken = false
            }
            if isToken, !inToken { count += 1 }
            inToken = isToken
        }
        return count
    }

    /// pgvector's text form of a vector, `[0.1,0.2,…]`.
    static func vectorLiteral(_ vector: [Float]) -> String {
        "[" + vector.map { $0.isFinite ? "\($0)" : "0" }.joined(separator: ",") + "]"
    }

    /// The query's words as the keyword search binds them: control characters dropped, duplicates removed, 32
    /// at most — the same words `SQLiteStore.ftsQuery` quotes. Each becomes `plainto_tsquery(word)`, so no text
    /// is ever read as tsquery syntax.
    static func searchTerms(_ terms: [String]) -> [String] {
        var seen: Set<String> = []
        var result: [String] = []
        for term in terms {
            var scalars = String.UnicodeScalarView()
            scalars.append(contentsOf: term.unicodeScalars.lazy.filter { $0.properties.generalCategory != .control })
            let term = String(scalars).trimmed()
            guard !term.isEmpty, seen.insert(term.lowercased()).inserted else { continue }
            result.append(term)
            if result.count == 32 { break }
        }
        return result
    }

    /// Text as PostgreSQL stores it: a `text` value cannot hold NUL, so a NUL becomes U+FFFD (the replacement
    /// character) instead of failing the whole statement.
    static func text(_ value: String) -> String {
        value.contains("\u{0}") ? value.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : value
    }
}
