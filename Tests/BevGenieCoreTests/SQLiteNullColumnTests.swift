import CSQLite
import Foundation
import Testing

@testable import BevGenieCore

/// A NULL is never read as `""` or `0`: the accessors for required values throw `SQLITE_MISMATCH` naming the
/// column and the SQL, and every column the schema lets be NULL is read with an optional accessor (or not read).
@Suite struct SQLiteNullColumnTests {
    /// Every column of the schema that may hold NULL, and how the store reads it. A new nullable column (a new
    /// migration, an `ALTER TABLE … ADD COLUMN`) fails this test until its reads are checked and it is added here.
    static let reviewedNullableColumns: [String: String] = [
        "documents.metadata": "optionalString in documents(sourcePrefix:)",
        "sessions.role": "optionalString in beginTurn, session(id:), sessions(limit:)",
        "messages.run_id": "optionalString in session(id:)",
        "messages.page": "optionalString in session(id:)",
        "signals.message_id": "never read",
        "signals.run_id": "never read",
        "signals.role": "coalesce(role, 'unknown') in analytics",
        "runs.error_code": "`IS NOT NULL` filter in analytics",
        "runs.intent": "`IS NOT NULL` filter in analytics",
        "runs.page_type": "`IS NOT NULL` filter in analytics",
        "runs.cache": "added by ALTER TABLE in migration 2; compared inside coalesce(sum(…), 0) in analytics",
        "page_cache.last_hit_at": "written only",
        "run_streams.watched_at": "optionalDouble in runEvents(runId:after:limit:) (nil: nobody follows from another process)",
    ]

    @Test func everyNullableColumnIsReviewed() async throws {
        try await withStore { store, _ in
            let nullable = try await store.nullableColumns()
            #expect(Set(nullable) == Set(Self.reviewedNullableColumns.keys))
        }
    }

    @Test func aNullWhereAValueIsRequiredIsAnError() async throws {
        try await withTemporaryDirectory { directory in
            let db = try SQLiteDatabase(path: directory.file("null.db"))
            try db.execute("CREATE TABLE t (x INTEGER)")
            let sql = "SELECT NULL, max(x), 'abc', 1e300, 7 FROM t"
            let row = try #require(try db.queryRow(sql))
            for column in [0, 1] {
                for read in [{ _ = try row.string(column) }, { _ = try row.int(column) }, { _ = try row.double(column) }] {
                    let error = #expect(throws: SQLiteError.self) { try read() }
                    #expect(error?.primaryCode == SQLITE_MISMATCH)
                    #expect(error?.description.contains("column \(column) is NULL") == true)
                    #expect(error?.sql == sql, "the error names the statement")
                }
                #expect(try row.optionalString(column) == nil)
                #expect(try row.optionalInt(column) == nil)
                #expect(try row.optionalDouble(column) == nil)
            }
            // Not numbers either: text that spells no number, a real no Int can hold.
            #expect(throws: SQLiteError.self) { try row.int(2) }
            #expect(throws: SQLiteError.self) { try row.double(2) }
            #expect(throws: SQLiteError.self) { try row.int(3) }
            #expect(try row.string(2) == "abc" && row.double(3) == 1e300 && row.int(4) == 7 && row.optionalInt(4) == 7)
        }
    }

    /// Rows with NULL in every nullable column, read back through the store's own methods: nil, never "" or 0.
    @Test func nullableColumnsReadAsNil() async throws {
        try await withStore { store, _ in
            let now = 1_800_000_000.0
            try await store.writeRowsWithNulls(at: now)

            let session = try #require(try await store.session(id: "s-null"))
            #expect(session.persona.role == nil)
            #expect(session.messages.map(\.runId) == [nil])
            #expect(session.messages.map(\.pageType) == [nil])
            let summary = try #require(try await store.sessions(limit: 10).first { $0.id == "s-null" })
            #expect(summary.role == nil && summary.topPainPoint == nil)

            let document = try #require(try await store.documents(sourcePrefix: "null:").first)
            #expect(document.metadata == nil)

            let report = try await store.analytics(since: now - 1, until: now + 1)
            #expect(report.runs == 1 && report.failedRuns == 0)
            #expect(report.intents.isEmpty && report.pageTypes.isEmpty, "no \"\" key for a NULL")
            #expect(report.cacheHits == 0 && report.cacheMisses == 0)
            #expect(report.painPointsByRole.map(\.role) == ["unknown"])
        }
    }
}

extension SQLiteStore {
    /// `table.column` for every column that may be NULL, from the schema itself (`PRAGMA table_info`). Primary
    /// keys are left out: the store never writes one NULL, and reading one with `string` would throw.
    func nullableColumns() throws -> [String] {
        let tables = try db.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' "
                + "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'chunks_fts_%'"
        ).map { try $0.string(0) }
        var nullable: [String] = []
        for table in tables {
            // cid, name, type, notnull, dflt_value, pk
            for column in try db.query("SELECT name, \"notnull\", pk FROM pragma_table_info(?)", [.text(table)])
            where try column.int(1) == 0 && column.int(2) == 0 {
                nullable.append("\(table).\(try column.string(0))")
            }
        }
        return nullable
    }

    func writeRowsWithNulls(at now: Double) throws {
        try db.run("INSERT INTO sessions(id, created_at, updated_at, role, message_count) VALUES ('s-null', ?, ?, NULL, 1)",
                   [.real(now), .real(now)])
        try db.run("""
            INSERT INTO messages(session_id, run_id, author, content, page, created_at)
            VALUES ('s-null', NULL, 'user', 'hello', NULL, ?)
            """, [.real(now)])
        try db.run("""
            INSERT INTO signals(session_id, message_id, run_id, kind, value, strength, evidence, role, created_at)
            VALUES ('s-null', NULL, NULL, 'pain_point', 'compliance', 0.5, 'rulebook', NULL, ?)
            """, [.real(now)])
        try db.run("""
            INSERT INTO runs(id, session_id, started_at, duration_ms, status, error_code, intent, page_type, provider, cache)
            VALUES ('r-null', 's-null', ?, 12, 'ok', NULL, NULL, NULL, 'local', NULL)
            """, [.real(now)])
        try db.run("""
            INSERT INTO documents(id, title, source, kind, roles, content_hash, metadata, imported_at)
            VALUES ('d-null', 'Null', 'null:1', 'information', '', 'h', NULL, ?)
            """, [.real(now)])
        try db.run("""
            INSERT INTO page_cache(key, page_type, page, kb_version, created_at, hits, last_hit_at)
            VALUES ('k-null', 'solution_brief', '{}', 0, ?, 0, NULL)
            """, [.real(now)])
    }
}
