import CSQLite
import Foundation
import Testing

@testable import BevGenieCore

/// The statement cache is bounded: a connection that runs any number of different SQL texts keeps at most
/// `statementCacheCapacity` prepared statements, and the store's own SQL is a fixed set (lists bound as one value),
/// so its memory stays flat however many queries it answers. Counts and bytes, not timings.
@Suite struct SQLiteStatementCacheTests {
    /// 100,000 different SQL texts through one connection: the cache stops at its capacity, and the heap its
    /// statements hold (SQLite's own figure for the connection) stops growing once the cache is full.
    @Test func aHundredThousandDifferentQueriesKeepMemoryFlat() async throws {
        try await withTemporaryDirectory { directory in
            let db = try SQLiteDatabase(path: directory.file("cache.db"))
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
            for id in 1...20 { try db.run("INSERT INTO t(id, name) VALUES (?, ?)", [.int(id), .text("n\(id)")]) }
            let capacity = SQLiteDatabase.statementCacheCapacity

            /// Query `n`: a different text each time — a varying IN list and a varying constant, as ad-hoc SQL is.
            func run(_ n: Int) throws {
                let width = 1 + n % 40
                let marks = Array(repeating: "?", count: width).joined(separator: ",")
                let rows = try db.query(
                    "SELECT id, name, \(n) FROM t WHERE id IN (\(marks)) ORDER BY id",
                    (0..<width).map { .int(1 + ($0 + n) % 20) })
                guard rows.count == Set((0..<width).map { 1 + ($0 + n) % 20 }).count, try rows.first?.int(2) == n
                else { throw SQLiteError(code: SQLITE_ERROR, message: "query \(n) read the wrong rows") }
            }

            for n in 0..<1_000 { try run(n) }
            #expect(db.cachedStatementCount == capacity)
            let statementBytesWhenFull = db.statementMemoryUsed
            #expect(statementBytesWhenFull > 0)
            var peak = statementBytesWhenFull
            for n in 1_000..<100_000 {
                try run(n)
                if n % 1_000 == 0 {
                    #expect(db.cachedStatementCount <= capacity)
                    peak = max(peak, db.statementMemoryUsed)
                }
            }
            #expect(db.cachedStatementCount == capacity)
            // Measured: 760 KB when full and 760 KB at the peak; with no bound, 5.8 MB after 1,000 queries and
            // 574 MB after 100,000.
            #expect(peak < statementBytesWhenFull * 3 / 2,
                    "statement memory \(statementBytesWhenFull) bytes when full, \(peak) at its peak")
        }
    }

    /// The store's own queries: 100,000 reads of chunks by rowid lists of every length and 2,000 searches and
    /// list reads add no statement after the first round, and the statements' memory does not grow with them.
    @Test func theStoresQueriesAreAFixedSetOfStatements() async throws {
        try await withStore { store, _ in
            let rowids = try await store.allChunkRowids()
            #expect(rowids.count >= 20)
            /// Every shape of store read whose SQL used to carry a list: searches (the fused top's snippets),
            /// chunks by rowid, chunks by kinds and topics — lists of every length.
            func readAll(_ n: Int) async throws {
                _ = try await store.search(query("distributor reps compliance", mode: n % 2 == 0 ? .keyword : .hybrid,
                                                 limit: 1 + n % 30))
                let kinds = Array(DocumentKind.allCases.prefix(1 + n % DocumentKind.allCases.count))
                let topics = Array(PainPoint.allCases.prefix(n % (PainPoint.allCases.count + 1)))
                _ = try await store.chunks(kinds: kinds, topics: topics, limit: 1 + n % 7)
            }
            for n in 0..<100 { try await readAll(n) }
            try await store.readChunks(rowids: rowids, times: 1_000)
            let statements = await store.cachedStatementCount()
            let statementBytes = await store.statementMemoryUsed()
            try await store.readChunks(rowids: rowids, times: 100_000)
            for n in 100..<2_100 { try await readAll(n) }
            let statementsAfter = await store.cachedStatementCount()
            let statementBytesAfter = await store.statementMemoryUsed()
            #expect(statementsAfter == statements, "no statement per list length or limit")
            #expect(statementBytesAfter <= statementBytes + statementBytes / 10,
                    "\(statements) statements of \(statementBytes) bytes, then \(statementsAfter) of \(statementBytesAfter)")
        }
    }

    /// A statement a caller is still stepping is neither reset nor finalized when the same SQL runs again or when
    /// the cache drops it to make room.
    @Test func aStatementInUseSurvivesReuseAndEviction() async throws {
        try await withTemporaryDirectory { directory in
            let db = try SQLiteDatabase(path: directory.file("busy.db"))
            try db.execute("CREATE TABLE t (x INTEGER NOT NULL)")
            for x in 1...5 { try db.run("INSERT INTO t(x) VALUES (?)", [.int(x)]) }
            let sql = "SELECT x FROM t ORDER BY x"
            let statement = try db.prepare(sql)
            var seen = [try statement.step()?.int(0)]
            // The same SQL, run whole while the first is in the middle of its rows.
            #expect(try db.query(sql).map { try $0.int(0) } == [1, 2, 3, 4, 5])
            seen.append(try statement.step()?.int(0))
            // Enough other SQL to evict it from the cache.
            for n in 0..<(SQLiteDatabase.statementCacheCapacity * 2) { try db.query("SELECT \(n)") }
            while let row = try statement.step() { seen.append(try row.int(0)) }
            #expect(seen == [1, 2, 3, 4, 5])
            // And afterwards the SQL prepares and runs again as usual.
            #expect(try db.query(sql).count == 5)
        }
    }
}

extension SQLiteStore {
    func allChunkRowids() throws -> [Int64] {
        try db.query("SELECT rowid FROM chunks ORDER BY rowid").map { Int64(try $0.int(0)) }
    }

    /// `times` reads of chunks by rowid, each list a different length and selection.
    func readChunks(rowids: [Int64], times: Int) throws {
        for n in 0..<times {
            let count = 1 + n % min(rowids.count, 50)
            let start = (n * 7) % rowids.count
            let pick = (0..<count).map { rowids[(start + $0) % rowids.count] }
            let found = try chunks(rowids: pick)
            guard found.count == Set(pick).count else {
                throw SQLiteError(code: SQLITE_ERROR, message: "read \(found.count) of \(Set(pick).count) chunks")
            }
        }
    }

    func cachedStatementCount() -> Int { db.cachedStatementCount }
    func statementMemoryUsed() -> Int { db.statementMemoryUsed }
}
