import CSQLite
import Foundation

/// Why a database could not be used. The file is left as it was in every case.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The file cannot be opened or created (missing directory, permissions).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a SQLite database.
    case notADatabase(path: String)
    /// The file is a SQLite database written by another program.
    case foreignDatabase(path: String)
    /// The file was written by a newer bevgenie.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file can be read but not written.
    case readOnly(path: String)
    /// SQLite failed while running a query.
    case sqlite(SQLiteError)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open database \(path): \(reason)"
        case .notADatabase(let path): return "\(path) is not a SQLite database"
        case .foreignDatabase(let path):
            return "\(path) is a SQLite database of another program, not a bevgenie database"
        case .newerSchema(let path, let found, let supported):
            return "database \(path) has schema version \(found), newer than this bevgenie supports (\(supported)); "
                + "upgrade bevgenie"
        case .readOnly(let path): return "database \(path) is read-only"
        case .sqlite(let error): return error.description
        }
    }
}

/// The SQLite implementation of both stores: one file holding knowledge, sessions and metrics.
///
/// An actor, so its one connection is used by one task at a time; WAL lets other processes (a `kb import`
/// beside a `serve`) read while it writes, and a busy timeout makes writers wait for each other instead of failing.
public actor SQLiteStore: KnowledgeStore, SessionStore {
    let db: SQLiteDatabase
    public nonisolated let path: String
    /// The event log's own connection (see `SQLiteRunLog`), so flushing the log does not queue behind the pipeline.
    nonisolated let runLog: SQLiteRunLog
    /// How long a write waits for another connection's (another process's) transaction before failing busy.
    static let busyTimeout: Duration = .seconds(5)
    /// Document metadata by id, loaded on first search; documents are few and read on every request.
    var documentCache: [String: DocumentMeta]?
    /// Chunks already read and parsed, by id: parsing Markdown and stemming text is most of a page's cost, and
    /// the same chunks serve request after request. Cleared whenever the knowledge changes.
    var chunkCache: [String: KnowledgeChunk] = [:]
    static let chunkCacheLimit = 20_000
    /// The chunk vectors, loaded on the first vector search.
    var vectors: VectorIndex?
    /// The chunks' BM25 postings, loaded on the first keyword search (`SQLiteStore+KeywordSearch.swift`), and
    /// FTS5's tokenizer they are read with (borrowed from `db`, so it lives exactly as long as the store).
    var keywords: KeywordIndex?
    var tokenizer: FTS5Tokenizer?
    /// Results of `chunks(kinds:topics:limit:)` and `documentChunks(id:)`: the page builder asks the same few
    /// questions on every request, and the answers only change when the knowledge does.
    var listCache: [String: [KnowledgeChunk]] = [:]
    /// What the caches above were read at: `PRAGMA data_version` (changes when another connection commits) and
    /// the knowledge-base version then. Another process (a `kb import` beside a `serve`) invalidates them.
    var seenDataVersion: Int?
    var cachedKnowledgeVersion: Int?

    struct DocumentMeta: Sendable {
        var title: String
        var kind: DocumentKind
        var roles: [Role]
        var topics: [PainPoint: Double]
    }

    /// Opens (creating when missing) the database at `path` and brings its schema up to date. A new database is
    /// filled with the starter knowledge base unless `seedStarterKnowledge` is false, with `starterVectors` when
    /// given (the shipped vectors of the model new knowledge will be embedded with), else the built-in embedder's.
    public init(path: String, seedStarterKnowledge: Bool = true, starterVectors: ShippedVectors? = nil)
        throws(StoreError)
    {
        let db: SQLiteDatabase
        do {
            db = try SQLiteDatabase(path: path)
        } catch {
            throw .cannotOpen(path: path, reason: Self.reason(for: error))
        }
        try Self.prepare(db, path: path, seed: seedStarterKnowledge ? .some(starterVectors) : nil)
        self.db = db
        self.path = path
        self.runLog = SQLiteRunLog(path: path)
    }

    private static func reason(for error: SQLiteError) -> String {
        switch error.primaryCode {
        case SQLITE_CANTOPEN: return "the file or its directory cannot be opened or created"
        case SQLITE_PERM, SQLITE_AUTH: return "permission denied"
        default: return error.message
        }
    }

    /// Checks that the file is ours and not from the future before writing a byte, then migrates and seeds.
    /// `seed`: nil for no starter; `.some(nil)` for the starter with the built-in embedder's vectors.
    private static func prepare(_ db: SQLiteDatabase, path: String, seed: ShippedVectors??) throws(StoreError) {
        let version: Int
        do {
            // First, before any read: another process may hold the lock (creating this very file), so wait for it.
            db.busyTimeout = Self.busyTimeout
            version = try db.queryRow("PRAGMA user_version")?.int(0) ?? 0
        } catch {
            if error.primaryCode == SQLITE_NOTADB { throw .notADatabase(path: path) }
            if error.primaryCode == SQLITE_CANTOPEN {
                throw .cannotOpen(path: path, reason: reason(for: error))
            }
            throw .sqlite(error)
        }
        if version > SQLiteSchema.currentVersion {
            throw .newerSchema(path: path, found: version, supported: SQLiteSchema.currentVersion)
        }
        do {
            if version == 0, try db.queryRow("SELECT count(*) FROM sqlite_master")?.int(0) ?? 0 > 0 {
                throw StoreError.foreignDatabase(path: path)
            }
            if version < SQLiteSchema.currentVersion, sqlite3_db_readonly(db.handle, "main") == 1 {
                throw StoreError.readOnly(path: path)
            }
            try enableWAL(db)
            try db.execute("PRAGMA synchronous = NORMAL")  // durable at checkpoints; WAL keeps the file consistent
            try db.execute("PRAGMA foreign_keys = ON")
            // 32 MB of page cache (the default is 2 MB): a bulk import's batch then stays in memory until its
            // commit instead of spilling pages to the WAL and reading them back.
            try db.execute("PRAGMA cache_size = -32768")
            // Pages of the file read through a memory map, not copied by read(): every commit of another
            // connection (the event log's, every 50 ms while streams run) empties this connection's page cache,
            // and the pipelines' next reads then cost a pointer each instead of a system call and a copy.
            try db.execute("PRAGMA mmap_size = \(Self.mmapSize)")
            if version < SQLiteSchema.currentVersion { try migrate(db, seed: seed) }
        } catch let error as StoreError {
            throw error
        } catch let error as SQLiteError {
            if error.primaryCode == SQLITE_READONLY { throw .readOnly(path: path) }
            throw .sqlite(error)
        } catch {
            throw .sqlite(SQLiteError(code: SQLITE_ERROR, message: "\(error)"))
        }
    }

    /// How much of the file the store's connection maps (256 MiB: a large knowledge base; the rest is read()).
    static let mmapSize = 256 * 1024 * 1024

    /// Switches to WAL. The switch needs a moment of exclusive access, and SQLite reports busy at once instead of
    /// calling the busy handler when another process is creating the same new file; so retry for a while.
    private static func enableWAL(_ db: SQLiteDatabase) throws(SQLiteError) {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            do {
                if try db.queryRow("PRAGMA journal_mode")?.string(0).lowercased() == "wal" { return }
                try db.execute("PRAGMA journal_mode = WAL")
                return
            } catch {
                guard error.isBusy, ContinuousClock.now < deadline else { throw error }
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
    }

    private static func migrate(_ db: SQLiteDatabase, seed: ShippedVectors??) throws {
        try db.transaction {
            // Re-read inside the write lock: another process may have migrated while we waited for it.
            let version = try db.queryRow("PRAGMA user_version")?.int(0) ?? 0
            guard version < SQLiteSchema.currentVersion else { return }
            for migration in SQLiteSchema.migrations[version...] { try db.execute(migration) }
            try db.execute("PRAGMA user_version = \(SQLiteSchema.currentVersion)")
            if version == 0 {
                try db.run("INSERT INTO meta(key, value) VALUES ('created_at', ?)", [.real(Date().timeIntervalSince1970)])
                try db.run("INSERT INTO meta(key, value) VALUES ('kb_version', '0')")
                if let vectors = seed { try seedStarter(db, vectors: vectors) }
            }
        }
    }

    /// Fills a new database with the built-in documents, through the same path as any import: with the shipped
    /// vectors of another model when they match the starter text, else with the built-in embedder's.
    private static func seedStarter(_ db: SQLiteDatabase, vectors: ShippedVectors?) throws {
        let documents = try StarterKnowledge.seedDocuments(vectors: vectors)
        for document in documents { try write(document, to: db) }
        try db.run("INSERT INTO meta(key, value) VALUES ('starter_version', ?)", [.int(StarterKnowledge.version)])
    }

    /// Reads a value from the `meta` table.
    public func meta(_ key: String) throws -> String? {
        try db.queryRow("SELECT value FROM meta WHERE key = ?", [.text(key)])?.string(0)
    }

    /// The schema version of the open database.
    public func schemaVersion() throws -> Int {
        try db.queryRow("PRAGMA user_version")?.int(0) ?? 0
    }
}
