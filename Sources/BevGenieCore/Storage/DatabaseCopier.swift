import Foundation
import PostgresNIO

/// Moves a SQLite database to PostgreSQL (`bevgenie db copy`): knowledge with its vectors (and the model that
/// made them, so nothing is embedded again), sessions with their messages, signals and personas, runs with their
/// stage timings, the page cache and the `meta` values (the knowledge version the cache is keyed on among them).
///
/// Rows keep their ids — a chunk's rowid, a message's and a signal's id — so every relation between them holds
/// as it did, and PostgreSQL's identity sequences are moved past them for the rows written later.
///
/// Resumable and idempotent: each batch is one transaction that also records, in the destination's `meta`, the
/// last key it copied; a run after an interruption continues after it, a row already there is never written
/// twice, and a second run of a finished copy writes nothing. The destination must be empty or a copy of this
/// same source (`copy.source` in its `meta`); anything else is refused before a row is written, as is a source
/// whose knowledge changed since the copy began. The source is only read, in one read transaction, so each run
/// copies one consistent snapshot even while another process writes the file.
public struct DatabaseCopier: Sendable {
    public var sourcePath: String
    public var destination: PostgresURL
    /// Rows per batch (one INSERT of many rows, one transaction), at most.
    public var batchSize: Int
    /// For tests: stop after this many batches as a crash would (nothing after them is written; `run` throws).
    var stopAfterBatches: Int?

    public static let defaultBatchSize = 500

    public init(sourcePath: String, destination: PostgresURL, batchSize: Int = Self.defaultBatchSize) {
        self.sourcePath = sourcePath
        self.destination = destination
        self.batchSize = max(1, batchSize)
    }

    /// Where one table's copy stands, after each batch.
    public struct Progress: Sendable {
        public var table: String
        /// Rows of the source at or before the last copied key (those copied by earlier runs included).
        public var copied: Int
        /// Rows of the table in the source.
        public var total: Int
        public var finished: Bool
    }

    /// What one table's copy did.
    public struct TableSummary: Sendable, Equatable {
        public var table: String
        /// Rows of the table in the source.
        public var rows: Int
        /// Rows this run inserted or changed in the destination (0 for a table a previous run copied).
        public var written: Int
        /// Why the table was not copied (nil when it was).
        public var skipped: String?
    }

    public struct Summary: Sendable {
        public var tables: [TableSummary]
        /// An earlier run had begun this copy.
        public var resumed: Bool
        /// Batches this run wrote (transactions).
        public var batches: Int
        public var written: Int { tables.reduce(0) { $0 + $1.written } }
    }

    /// Copies what is missing, reporting progress after each batch.
    public func run(progress: @Sendable (Progress) -> Void = { _ in }) async throws -> Summary {
        guard FileManager.default.fileExists(atPath: sourcePath) else { throw DatabaseCopyError.sourceMissing(sourcePath) }
        // Opening it as a store first checks it is a bevgenie database not from a newer version, and brings an
        // older one up to date, as any command would.
        do {
            _ = try SQLiteStore(path: sourcePath, seedStarterKnowledge: false)
        } catch {
            throw DatabaseCopyError.source(error.description)
        }
        let source: SQLiteDatabase
        do {
            source = try SQLiteDatabase(path: sourcePath, options: [.readOnly])
            source.busyTimeout = SQLiteStore.busyTimeout
            try source.execute("BEGIN")
        } catch {
            throw DatabaseCopyError.source("cannot read \(sourcePath): \(error.message)")
        }
        defer { try? source.execute("ROLLBACK") }
        let identity = try sourceMeta(source, "created_at") ?? sourcePath
        let knowledgeVersion = try sourceMeta(source, "kb_version") ?? "0"
        let model = try sourceMeta(source, "embedding_model")
        let meta: [(String, String)]
        do {
            meta = try source.query("SELECT key, value FROM meta ORDER BY key").map { (try $0.string(0), try $0.string(1)) }
                .filter { !$0.0.hasPrefix(DatabaseCopyTable.markerPrefix) && $0.0 != "embedding_lock" }
        } catch {
            throw DatabaseCopyError.source("cannot read \(sourcePath): \(error)")
        }

        let store = try await PostgresStore(url: destination, poolSize: 2, seedStarterKnowledge: false)
        do {
            let resumed = try await claim(store, identity: identity, knowledgeVersion: knowledgeVersion, model: model, meta: meta)
            var summaries: [TableSummary] = []
            var batches = 0
            for table in DatabaseCopyTable.all {
                summaries.append(try await copy(table, from: source, to: store, batches: &batches, progress: progress))
            }
            try await store.run(
                """
                INSERT INTO meta(key, value) VALUES ('copy.state', 'complete')
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
            try await store.optimizeSearchIndex()
            await store.close()
            return Summary(tables: summaries, resumed: resumed, batches: batches)
        } catch {
            await store.close()
            throw error
        }
    }

    private func sourceMeta(_ source: SQLiteDatabase, _ key: String) throws -> String? {
        do {
            return try source.queryRow("SELECT value FROM meta WHERE key = ?", [.text(key)])?.optionalString(0)
        } catch {
            throw DatabaseCopyError.source("cannot read \(sourcePath): \(error.message)")
        }
    }

    // MARK: - The destination

    /// Checks the destination is empty or this source's copy, and marks it as this source's copy; true when an
    /// earlier run had begun it. A copy's first run also writes every `meta` value of the source over the new
    /// database's own (its creation time, its knowledge version — the page cache's key — among them).
    private func claim(
        _ store: PostgresStore, identity: String, knowledgeVersion: String, model: String?, meta sourceMeta: [(String, String)]
    ) async throws -> Bool {
        let location = destination.description
        let sourcePath = sourcePath
        return try await store.transaction { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.copyLock))")
            var meta: [String: String] = [:]
            for row in try await connection.rows("SELECT key, value FROM meta") {
                let (key, value) = try row.decode((String, String).self)
                meta[key] = value
            }
            if let stored = meta["embedding_model"], let model, stored != model {
                throw DatabaseCopyError.modelMismatch(destination: location, stored: stored, source: model)
            }
            if let marker = meta["copy.source"] {
                guard marker == identity else {
                    throw DatabaseCopyError.anotherCopy(destination: location, source: meta["copy.source_path"] ?? "another database")
                }
                if let copied = meta["copy.kb_version"], copied != knowledgeVersion {
                    throw DatabaseCopyError.sourceChanged(source: sourcePath, destination: location, then: copied, now: knowledgeVersion)
                }
                return true
            }
            let row = try await connection.rows(
                """
                SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sessions), (SELECT count(*) FROM runs),
                       (SELECT count(*) FROM page_cache)
                """).first
            let (documents, sessions, runs, pages) = try row?.decode((Int, Int, Int, Int).self) ?? (0, 0, 0, 0)
            let held = [(documents, "document"), (sessions, "session"), (runs, "run"), (pages, "cached page")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            if !held.isEmpty {
                throw DatabaseCopyError.notEmpty(destination: location, holds: held.joined(separator: ", "))
            }
            for (key, value) in sourceMeta + [("copy.source", identity), ("copy.source_path", sourcePath),
                                              ("copy.kb_version", knowledgeVersion), ("copy.state", "copying")] {
                try await connection.run(
                    "INSERT INTO meta(key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            }
            return false
        }
    }

    /// Taken by every write of a copy: two copies into one database run one batch at a time.
    static let copyLock: Int64 = PostgresStore.migrationLock + 2

    /// A destination column: its type (`format_type`), and whether PostgreSQL makes its value itself.
    private struct DestinationColumn {
        var name: String
        var type: String
        var generated: Bool
        var identityAlways: Bool
        var required: Bool
    }

    private func destinationColumns(_ table: String, _ store: PostgresStore) async throws -> [DestinationColumn]? {
        let exists = try await store.rows("SELECT to_regclass(\(table)) IS NOT NULL").first?.decode(Bool.self) ?? false
        guard exists else { return nil }
        return try await store.rows(
            """
            SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), a.attgenerated <> '', a.attidentity = 'a',
                   a.attnotnull AND NOT a.atthasdef AND a.attidentity = ''
            FROM pg_attribute a WHERE a.attrelid = \(table)::regclass AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum
            """
        ).map { row in
            let (name, type, generated, identity, required) = try row.decode((String, String, Bool, Bool, Bool).self)
            return DestinationColumn(name: name, type: type, generated: generated, identityAlways: identity, required: required)
        }
    }

    // MARK: - One table

    private func copy(
        _ table: DatabaseCopyTable, from source: SQLiteDatabase, to store: PostgresStore, batches: inout Int,
        progress: @Sendable (Progress) -> Void
    ) async throws -> TableSummary {
        let sourceColumns: [String]
        do {
            sourceColumns = try source.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table.name)])
                .map { try $0.string(0) }
        } catch {
            throw DatabaseCopyError.source("cannot read table \(table.name) of \(sourcePath): \(error)")
        }
        let destination = try await destinationColumns(table.name, store)
        guard !sourceColumns.isEmpty, let destination else {
            let side = sourceColumns.isEmpty ? "the source" : "PostgreSQL"
            guard table.optional else {
                throw DatabaseCopyError.schema("table \(table.name) is missing in \(side)")
            }
            return TableSummary(table: table.name, rows: 0, written: 0, skipped: "no such table in \(side)")
        }

        // The plan: which destination columns get which value.
        let written = destination.filter { column in
            !column.generated && (sourceColumns.contains(column.name) || table.derived[column.name] != nil)
        }
        let writtenNames = Set(written.map(\.name))
        for column in sourceColumns where !writtenNames.contains(column) && !table.consumed.contains(column) {
            throw DatabaseCopyError.schema("column \(table.name).\(column) has no place in PostgreSQL's \(table.name)")
        }
        for column in destination where column.required && !writtenNames.contains(column.name) {
            throw DatabaseCopyError.schema("PostgreSQL's \(table.name).\(column.name) has no value in the source")
        }
        let progressKey = DatabaseCopyTable.markerPrefix + "progress." + table.name
        var last: [SQLiteValue]? = nil
        if table.mode == .append, let stored = try await store.meta(progressKey) {
            last = try Self.decodeKey(stored)
        }

        let keyList = table.key.map(Self.quoted).joined(separator: ", ")
        let total = try count(source, "SELECT count(*) FROM \(Self.quoted(table.name))", [])
        var copied = 0
        if let last {
            copied = try count(
                source, "SELECT count(*) FROM \(Self.quoted(table.name)) WHERE (\(keyList)) <= (\(Self.placeholders(last.count)))",
                last)
        }
        progress(Progress(table: table.name, copied: copied, total: total, finished: false))

        let selectColumns = sourceColumns.map(Self.quoted).joined(separator: ", ")
        let limit = max(1, min(batchSize, table.batchLimit ?? .max, 60_000 / max(1, written.count)))
        var writtenRows = 0
        while true {
            let sql = "SELECT \(selectColumns) FROM \(Self.quoted(table.name))"
                + (last == nil ? "" : " WHERE (\(keyList)) > (\(Self.placeholders(table.key.count)))")
                + " ORDER BY \(keyList) LIMIT \(limit)"
            let rows: [DatabaseCopyTable.Row]
            do {
                rows = try source.query(sql, last ?? []).map { row in
                    Dictionary(uniqueKeysWithValues: zip(sourceColumns, row.values))
                }
            } catch {
                throw DatabaseCopyError.source("cannot read table \(table.name) of \(sourcePath): \(error.message)")
            }
            let copyRows = table.name == "meta"
                ? rows.filter { !$0.text("key").hasPrefix(DatabaseCopyTable.markerPrefix) && $0.text("key") != "embedding_lock" }
                : rows
            guard let lastRow = rows.last else { break }
            if let stop = stopAfterBatches, batches >= stop { throw DatabaseCopyError.interrupted }
            let insert = try Self.insert(copyRows, into: table, columns: written)
            let next = table.key.map { lastRow[$0] ?? .null }
            let append = table.mode == .append
            let tableName = table.name
            writtenRows += try await store.transaction { connection in
                try await connection.run("SELECT pg_advisory_xact_lock(\(Self.copyLock))")
                var changed = 0
                if let insert { changed = try await connection.rows(insert).count }
                // Appended rows after the last copied key are new to the destination, unless it was written to
                // since: the same id holding another row. Refused, not merged (the batch rolls back).
                if append, changed < copyRows.count {
                    throw DatabaseCopyError.diverged(table: tableName, rows: copyRows.count - changed)
                }
                if append {
                    try await connection.run(
                        """
                        INSERT INTO meta(key, value) VALUES (\(progressKey), \(Self.encodeKey(next)))
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """)
                }
                return changed
            }
            batches += 1
            last = next
            copied += rows.count
            progress(Progress(table: table.name, copied: copied, total: total, finished: false))
            if rows.count < limit { break }
        }
        try await finish(table, columns: written, store: store)
        progress(Progress(table: table.name, copied: total, total: total, finished: true))
        return TableSummary(table: table.name, rows: total, written: writtenRows, skipped: nil)
    }

    private func count(_ source: SQLiteDatabase, _ sql: String, _ bindings: [SQLiteValue]) throws -> Int {
        do {
            return try source.queryRow(sql, bindings)?.int(0) ?? 0
        } catch {
            throw DatabaseCopyError.source("cannot read \(sourcePath): \(error.message)")
        }
    }

    /// After a table: identity sequences past the copied ids, and the HNSW index of each vector size.
    private func finish(_ table: DatabaseCopyTable, columns: [DestinationColumn], store: PostgresStore) async throws {
        for column in columns where column.identityAlways {
            try await store.run(PostgresQuery(unsafeSQL: """
                SELECT setval(pg_get_serial_sequence('\(table.name)', '\(column.name)'),
                              coalesce((SELECT max(\(Self.quoted(column.name))) FROM \(Self.quoted(table.name))), 0) + 1, false)
                """))
        }
        if table.name == "chunk_vectors" {
            let sizes = try await store.rows("SELECT DISTINCT dimensions FROM chunk_vectors").map { try $0.decode(Int.self) }
            for dimensions in sizes {
                try await store.transaction { connection in
                    // Built once over the copied vectors: far faster than growing the graph row by row.
                    try await connection.run("SET LOCAL maintenance_work_mem = '256MB'")
                    try await PostgresStore.ensureVectorIndex(dimensions: dimensions, on: connection)
                }
            }
        }
    }

    /// One INSERT of many rows, every value bound as text and cast to its column's type; nil for no rows.
    private static func insert(
        _ rows: [DatabaseCopyTable.Row], into table: DatabaseCopyTable, columns: [DestinationColumn]
    ) throws -> PostgresQuery? {
        guard !rows.isEmpty else { return nil }
        var binds = PostgresBindings(capacity: rows.count * columns.count)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for row in rows {
            var tuple: [String] = []
            for column in columns {
                let value: String?
                if let derive = table.derived[column.name] {
                    value = try derive(row)
                } else {
                    value = postgresText(row[column.name] ?? .null, type: column.type)
                }
                binds.append(value)
                tuple.append("$\(binds.count)::\(column.type)")
            }
            tuples.append("(" + tuple.joined(separator: ", ") + ")")
        }
        let names = columns.map { quoted($0.name) }
        let overriding = columns.contains(where: \.identityAlways) ? " OVERRIDING SYSTEM VALUE" : ""
        let conflict: String
        let others = columns.map(\.name).filter { !table.key.contains($0) }
        if case .sync(let newer?) = table.mode, !others.isEmpty {
            let target = others.map { "t.\(quoted($0))" }.joined(separator: ", ")
            let incoming = others.map { "excluded.\(quoted($0))" }.joined(separator: ", ")
            let newerIncoming = newer.replacingOccurrences(of: "{row}", with: "excluded")
            let newerStored = newer.replacingOccurrences(of: "{row}", with: "t")
            conflict = "ON CONFLICT (\(table.key.map(quoted).joined(separator: ", "))) DO UPDATE SET "
                + others.map { "\(quoted($0)) = excluded.\(quoted($0))" }.joined(separator: ", ")
                + " WHERE \(newerIncoming) > \(newerStored) AND (\(target)) IS DISTINCT FROM (\(incoming))"
        } else {
            conflict = "ON CONFLICT DO NOTHING"
        }
        let sql = "INSERT INTO \(quoted(table.name)) AS t (\(names.joined(separator: ", ")))\(overriding) VALUES "
            + tuples.joined(separator: ", ") + " " + conflict + " RETURNING 1"
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// A SQLite value in PostgreSQL's text form for a column of `type`.
    static func postgresText(_ value: SQLiteValue, type: String) -> String? {
        switch value {
        case .null: return nil
        case .integer(let integer): return type == "boolean" ? (integer != 0 ? "true" : "false") : String(integer)
        case .real(let real):
            if ["bigint", "integer", "smallint"].contains(type), let integer = Int64(exactly: real) { return String(integer) }
            if real.isNaN { return "NaN" }
            if real.isInfinite { return real > 0 ? "Infinity" : "-Infinity" }
            return "\(real)"
        case .text(let text): return PostgresStore.text(text)
        case .blob(let bytes):
            if type == "bytea" { return "\\x" + bytes.map { String(format: "%02x", $0) }.joined() }
            if type.hasPrefix("vector"), let vector = DatabaseCopyTable.float32Vector(bytes) {
                return PostgresStore.vectorLiteral(vector)
            }
            return PostgresStore.text(String(decoding: bytes, as: UTF8.self))
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    // MARK: - The last copied key, in `meta`

    /// A key as text: each value tagged with its type (i, r, t), so it compares in SQLite as it was read.
    static func encodeKey(_ values: [SQLiteValue]) -> String {
        JSONValue.array(values.map { value -> JSONValue in
            switch value {
            case .integer(let integer): return .string("i" + String(integer))
            case .real(let real): return .string("r" + "\(real)")
            case .text(let text): return .string("t" + text)
            case .blob(let bytes): return .string("t" + String(decoding: bytes, as: UTF8.self))
            case .null: return .null
            }
        }).serialized()
    }

    static func decodeKey(_ text: String) throws -> [SQLiteValue] {
        guard let parsed = try? JSONParser.parse(text), case .array(let items) = parsed else {
            throw DatabaseCopyError.schema("the copy's progress in meta is unreadable: \(text.prefix(60))")
        }
        return try items.map { item in
            guard let tagged = item.stringValue, let tag = tagged.first else { return .null }
            let rest = String(tagged.dropFirst())
            switch tag {
            case "i": if let integer = Int64(rest) { return .integer(integer) }
            case "r": if let real = Double(rest) { return .real(real) }
            case "t": return .text(rest)
            default: break
            }
            throw DatabaseCopyError.schema("the copy's progress in meta is unreadable: \(text.prefix(60))")
        }
    }
}
