import CSQLite

/// The two legs of `search` outside SQL: the keyword ranking from the in-memory BM25 postings (`KeywordIndex`)
/// and the exact re-rank of the quantised vector scan's candidates (`VectorIndex`).
extension SQLiteStore {
    /// The `depth` best chunks for the query's phrases by FTS5's BM25 (higher is better): from the in-memory
    /// postings when every phrase is one FTS5 token, else from FTS5 itself — the same ranking either way.
    func keywordRanking(phrases: [String], match: String, depth: Int) throws -> [(rowid: Int64, score: Double)] {
        if let index = try keywordIndex(), let tokens = try queryTokens(phrases) {
            return index.ranked(phrases: tokens, limit: depth)
        }
        return try db.query(
            """
            SELECT rowid, bm25(chunks_fts, 4.0, 2.0, 1.0) AS rank
            FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?
            """,
            [.text(match), .int(depth)]
        ).map { row in (Int64(try row.int(0)), -(try row.double(1))) }
    }

    /// The phrases as FTS5 tokens, nil when one of them is not exactly one token (FTS5 would read it as a
    /// phrase of several, which the postings cannot answer).
    func queryTokens(_ phrases: [String]) throws -> [String]? {
        let tokenizer = try ftsTokenizer()
        var tokens: [String] = []
        for phrase in phrases {
            let pieces = tokenizer.tokens(phrase, purpose: .query)
            guard pieces.count == 1 else { return nil }
            tokens.append(pieces[0])
        }
        return tokens
    }

    /// FTS5's highlighted snippet of one matched chunk: the rowid constraint makes FTS5 seek to the row instead
    /// of walking every match.
    func keywordSnippet(rowid: Int64, match: String) throws -> String? {
        try db.queryRow(
            """
            SELECT snippet(chunks_fts, 2, '**', '**', '…', 24) FROM chunks_fts
            WHERE chunks_fts MATCH ? AND rowid = ?
            """, [.text(match), .integer(rowid)]
        )?.string(0)
    }

    func ftsTokenizer() throws -> FTS5Tokenizer {
        if let tokenizer { return tokenizer }
        let made = try FTS5Tokenizer(database: db)
        tokenizer = made
        return made
    }

    /// The BM25 postings of every chunk, read on first use: each chunk's title, heading path and text through
    /// FTS5's tokenizer, straight from the statement's column buffers. Nil when there are no chunks.
    func keywordIndex() throws -> KeywordIndex? {
        if let keywords { return keywords }
        let tokenizer = try ftsTokenizer()
        let count = try db.queryRow("SELECT count(*) FROM chunks")?.int(0) ?? 0
        guard count > 0 else { return nil }
        var builder = KeywordIndex.Builder(expectedDocuments: count)
        let statement = try db.prepare("SELECT rowid, title, heading_path, text FROM chunks ORDER BY rowid")
        defer { statement.reset() }
        while true {
            let rc = sqlite3_step(statement.handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw db.lastError }
            for column in 0..<3 {
                let index = Int32(column + 1)
                guard let text = sqlite3_column_text(statement.handle, index) else { continue }
                let bytes = UnsafeRawBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement.handle, index)))
                tokenizer.tokenize(bytes, purpose: .document) { builder.add(token: $0, column: column) }
            }
            builder.finishDocument(rowid: sqlite3_column_int64(statement.handle, 0))
        }
        let index = builder.build()
        keywords = index
        return index
    }

    /// The scan's candidates re-scored with their stored float32 vectors, the best `k` first (ties by rowid).
    func rerank(_ candidates: [Int64], query: [Float], k: Int) throws -> [(rowid: Int64, score: Float)] {
        guard !candidates.isEmpty, k > 0 else { return [] }
        var scored: [(rowid: Int64, score: Float)] = []
        scored.reserveCapacity(candidates.count)
        for row in try db.query(
            "SELECT chunk_rowid, vector FROM chunk_vectors WHERE chunk_rowid IN (SELECT value FROM json_each(?))",
            [.list(candidates)])
        {
            if case .blob(let blob) = row[1] { scored.append((Int64(try row.int(0)), VectorIndex.dot(query, blob))) }
        }
        scored.sort { ($0.score, $1.rowid) > ($1.score, $0.rowid) }
        return Array(scored.prefix(k))
    }

    /// The exact top `k` by a float32 scan of every stored vector: what the quantised scan is measured against
    /// (`bench kb` prints its recall).
    package func exactNearest(_ query: [Float], k: Int) throws -> [Int64] {
        guard let model = try meta("embedding_model") else { return [] }
        var best: [(rowid: Int64, score: Float)] = []
        let statement = try db.prepare("SELECT chunk_rowid, vector FROM chunk_vectors WHERE model = ? ORDER BY chunk_rowid")
        defer { statement.reset() }
        try statement.bind([.text(model)])
        while let row = try statement.step() {
            guard case .blob(let blob) = row[1] else { continue }
            best.append((Int64(try row.int(0)), VectorIndex.dot(query, blob)))
            if best.count >= 4 * k {
                best.sort { ($0.score, $1.rowid) > ($1.score, $0.rowid) }
                best.removeLast(best.count - k)
            }
        }
        best.sort { ($0.score, $1.rowid) > ($1.score, $0.rowid) }
        return best.prefix(k).map(\.rowid)
    }

    /// Sizes of the in-memory search indexes, loading them (for `bench kb`): vectors and postings held.
    package func searchIndexSizes() throws -> (vectorBytes: Int, postings: Int) {
        (try vectorIndex()?.bytes ?? 0, try keywordIndex()?.postings ?? 0)
    }
}

/// What `bench kb` checks of the two in-memory legs against their exact references, on the same store.
extension SQLiteStore {
    /// Of `queries`, how many get the same keyword ranking (rowids, in order, `depth` deep) from the in-memory
    /// postings as from FTS5's `ORDER BY bm25()`; and the largest score difference seen.
    package func keywordAgreement(queries: [String], depth: Int) throws -> (same: Int, compared: Int, largestDifference: Double) {
        var same = 0, compared = 0
        var largest = 0.0
        for text in queries {
            let phrases = Self.ftsPhrases(KnowledgeQuery(text: text).terms)
            guard !phrases.isEmpty, let index = try keywordIndex(), let tokens = try queryTokens(phrases) else { continue }
            let match = Self.ftsQuery(phrases: phrases)
            let ours = index.ranked(phrases: tokens, limit: depth)
            let theirs = try db.query(
                """
                SELECT rowid, bm25(chunks_fts, 4.0, 2.0, 1.0) AS rank
                FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank, rowid LIMIT ?
                """, [.text(match), .int(depth)]
            ).map { row in (rowid: Int64(try row.int(0)), score: -(try row.double(1))) }
            compared += 1
            if ours.map(\.rowid) == theirs.map(\.rowid) { same += 1 }
            for (a, b) in zip(ours, theirs) { largest = max(largest, abs(a.score - b.score)) }
        }
        return (same, compared, largest)
    }

    /// Recall@k of the quantised scan with its exact re-rank against an exact float32 scan, averaged over `queries`.
    package func vectorRecall(queries: [[Float]], k: Int) throws -> Double {
        guard let index = try vectorIndex(), !queries.isEmpty else { return 0 }
        var total = 0.0
        for query in queries {
            let exact = Set(try exactNearest(query, k: k))
            let found = try rerank(index.candidates(query, count: VectorIndex.candidateCount(for: k)), query: query, k: k)
            total += Double(found.filter { exact.contains($0.rowid) }.count) / Double(max(1, exact.count))
        }
        return total / Double(queries.count)
    }
}
