import Crypto
import Foundation

/// One table `DatabaseCopier` moves from SQLite to PostgreSQL, and how.
///
/// A table is copied column by column, by name: every column both sides have goes across as is (cast to the
/// PostgreSQL column's type), a PostgreSQL column SQLite lacks comes from `derived` (or its default), and a SQLite
/// column PostgreSQL lacks must be `consumed` by a derived one — anything else is refused, so nothing is lost
/// quietly. Adding a table is one entry in `DatabaseCopyTable.all`.
struct DatabaseCopyTable: Sendable {
    /// How rows of the table behave once written, which decides how a second run treats them.
    enum Mode: Sendable, Equatable {
        /// Rows are only ever added (chunks, messages, signals, runs): copied in key order, the last copied key
        /// kept in the destination's `meta` with each batch, so a run after an interruption continues after it,
        /// and a row already there is left alone.
        case append
        /// Rows change in place (a session's counters, a cache entry's hits): every run reads all of them, adds
        /// the missing ones and updates a row only where the source's is newer by `newer` (an SQL expression of
        /// the row, `{row}` standing for its table) — so a later run brings changes over, but never turns back a
        /// row the destination changed since (a session continued on PostgreSQL). Without `newer`, rows already
        /// there are left as they are.
        case sync(newer: String?)
    }

    /// A source row by column name.
    typealias Row = [String: SQLiteValue]

    var name: String
    /// The primary key on both sides, in the order rows are copied.
    var key: [String]
    var mode: Mode
    /// Copied only when both databases have the table (one added by a later migration on one side).
    var optional = false
    /// Destination columns computed from the source row (in PostgreSQL's text form; nil for NULL).
    var derived: [String: @Sendable (Row) throws -> String?] = [:]
    /// Source columns read only by `derived`.
    var consumed: Set<String> = []
    /// Rows read and written per batch, at most (a table of wide rows, such as vectors, asks for fewer).
    var batchLimit: Int?

    /// The tables in the order they are copied: a row's parents (documents before chunks, sessions before
    /// messages before signals, runs before stage timings) always go first, so every foreign key holds in a
    /// destination that a copy left half done.
    static let all: [DatabaseCopyTable] = [
        // Every source value is written when the copy begins (`DatabaseCopier.claim`); later runs add missing keys only.
        DatabaseCopyTable(name: "meta", key: ["key"], mode: .sync(newer: nil)),
        DatabaseCopyTable(name: "documents", key: ["id"], mode: .append),
        DatabaseCopyTable(name: "document_topics", key: ["document_id", "pain_point"], mode: .append),
        DatabaseCopyTable(
            name: "chunks", key: ["rowid"], mode: .append,
            derived: [
                // BM25's document length, as `PostgresStore.write` counts it.
                "tokens": { row in
                    String(PostgresStore.tokenCount(row.text("title")) + PostgresStore.tokenCount(row.text("heading_path"))
                        + PostgresStore.tokenCount(row.text("text")))
                },
            ]),
        // The vectors go across as they are, with the model that made them: no re-embedding.
        DatabaseCopyTable(
            name: "chunk_vectors", key: ["chunk_rowid"], mode: .append,
            derived: [
                "dimensions": { row in String(try row.vector("vector").count) },
                "embedding": { row in PostgresStore.vectorLiteral(try row.vector("vector")) },
            ],
            consumed: ["vector"], batchLimit: 200),
        DatabaseCopyTable(name: "sessions", key: ["id"], mode: .sync(newer: "{row}.updated_at")),
        DatabaseCopyTable(name: "messages", key: ["id"], mode: .append),
        DatabaseCopyTable(
            name: "persona_scores", key: ["session_id", "pain_point"], mode: .sync(newer: "{row}.updated_at")),
        DatabaseCopyTable(name: "signals", key: ["id"], mode: .append),
        DatabaseCopyTable(name: "runs", key: ["id"], mode: .append),
        DatabaseCopyTable(name: "stage_timings", key: ["run_id", "stage"], mode: .append),
        DatabaseCopyTable(
            name: "page_cache", key: ["key"], mode: .sync(newer: "greatest({row}.created_at, coalesce({row}.last_hit_at, 0))")),
        // A cache of the local answer's sentence vectors (remade on use); copied where PostgreSQL has the table,
        // which keys a sentence by its text's SHA-256 (a B-tree entry cannot hold a long sentence).
        DatabaseCopyTable(
            name: "sentence_vectors", key: ["model", "text"], mode: .append, optional: true,
            derived: ["digest": { row in "\\x" + SHA256.hash(data: Array(row.text("text").utf8)).map { String(format: "%02x", $0) }.joined() }],
            batchLimit: 200),
        // The event log of streamed runs, once PostgreSQL has its tables (the run-event migration).
        DatabaseCopyTable(name: "run_streams", key: ["run_id"], mode: .sync(newer: "{row}.updated_at"), optional: true),
        DatabaseCopyTable(name: "run_events", key: ["run_id", "seq"], mode: .append, optional: true),
    ]

    /// float32 little-endian bytes, as `SQLiteStore` writes vectors; nil when they cannot be.
    static func float32Vector(_ bytes: [UInt8]) -> [Float]? {
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return nil }
        return stride(from: 0, to: bytes.count, by: 4).map { offset in
            Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
                | UInt32(bytes[offset + 3]) << 24)
        }
    }

    /// The `meta` keys the copier keeps in the destination for itself; never copied from a source.
    static let markerPrefix = "copy."
}

extension Dictionary where Key == String, Value == SQLiteValue {
    /// A text column of a source row ("" for NULL).
    func text(_ column: String) -> String {
        switch self[column] ?? .null {
        case .text(let value): return value
        case .integer(let value): return String(value)
        case .real(let value): return String(value)
        case .blob(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .null: return ""
        }
    }

    /// A vector column of a source row: float32 little-endian, as `SQLiteStore` writes it.
    func vector(_ column: String) throws -> [Float] {
        guard case .blob(let bytes) = self[column] ?? .null, let vector = DatabaseCopyTable.float32Vector(bytes) else {
            throw StorageError(.corrupt, message: "a vector in column \(column) is not float32 data")
        }
        return vector
    }
}
