/// The prepared statements of one connection, by SQL text, at most `capacity` of them: the least recently used is
/// dropped when a new one would exceed it.
///
/// Why bounded: every cached statement holds its compiled program (a few KB, more for a join) for as long as the
/// connection lives, so a cache that kept every SQL string ever run would grow with each new text — a long
/// `serve` would leak. The store's own SQL is a fixed set of a few dozen strings (lists are bound as one JSON
/// array through `json_each`, not spelled as `IN (?, ?, …)`), so in practice nothing is evicted; the bound is
/// for the SQL that is not (ad-hoc queries, tools, future code).
///
/// Dropping a statement here never finalizes it under a caller: the cache only releases its reference, and the
/// statement is finalized (`deinit`) when the last holder — a caller still stepping it — lets it go.
///
/// Eviction scans for the oldest entry: with a capacity of a hundred or so the scan costs less than the
/// `sqlite3_prepare` that made the eviction necessary, and the common path (a hit) is one dictionary lookup.
struct SQLiteStatementCache {
    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0

    private struct Entry {
        var statement: SQLiteStatement
        var lastUse: UInt64
    }

    init(capacity: Int) {
        precondition(capacity > 0, "a statement cache holds at least one statement")
        self.capacity = capacity
    }

    var count: Int { entries.count }

    /// The cached statement for `sql`, marked as just used; nil when it is not cached.
    mutating func statement(for sql: String) -> SQLiteStatement? {
        clock &+= 1
        guard let entry = entries[sql] else { return nil }
        entries[sql]?.lastUse = clock
        return entry.statement
    }

    /// Caches `statement` under its SQL, dropping the least recently used entry first when the cache is full.
    mutating func insert(_ statement: SQLiteStatement) {
        clock &+= 1
        if entries[statement.sql] == nil, entries.count >= capacity,
            let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
        {
            entries[oldest] = nil
        }
        entries[statement.sql] = Entry(statement: statement, lastUse: clock)
    }

    mutating func removeAll() { entries.removeAll() }
}
