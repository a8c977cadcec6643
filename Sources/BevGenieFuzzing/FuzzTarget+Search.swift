import BevGenieCore
import Synchronization

extension FuzzTarget {
    /// One in-memory database with the real schema and the starter knowledge, shared by every input (building it
    /// takes longer than thousands of checks).
    private static let probe = Mutex<SQLiteDatabase?>(nil)

    /// Visitor text of any kind, and raw terms that never came through the tokenizer, become MATCH expressions
    /// that SQLite accepts and that run against the real index.
    static func checkFTS(_ input: [UInt8]) throws(FuzzFinding) {
        let text = String(decoding: input, as: UTF8.self)
        let rawTerms = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        let expressions = [
            SQLiteStore.ftsQuery(KnowledgeQuery(text: text).terms), SQLiteStore.ftsQuery(rawTerms),
        ].compactMap { $0 }
        let failure: String? = probe.withLock { database in
            do {
                if database == nil { database = try makeProbe() }
                for expression in expressions {
                    _ = try database!.query(
                        "SELECT rowid, bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT 5",
                        [.text(expression)])
                }
                return nil
            } catch {
                return "\(error) for \(expressions)"
            }
        }
        if let failure { throw FuzzFinding(.fts, failure) }
    }

    private static func makeProbe() throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: ":memory:")
        for migration in SQLiteSchema.migrations { try database.execute(migration) }
        let builder = DocumentBuilder()
        for starter in StarterKnowledge.documents.prefix(8) {
            try SQLiteStore.write(try builder.build(id: starter.id, source: starter.id, markdown: starter.markdown), to: database)
        }
        return database
    }
}
