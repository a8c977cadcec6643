import Foundation
import Testing

@testable import BevGenieCore

/// How the event log lays a run's events out in rows (`RunEventRows`), and the SQLite migration to its layout.
@Suite struct RunEventRowsTests {
    static func event(_ runId: String, _ seq: Int, _ name: String = "delta", _ data: String? = nil) -> StoredRunEvent {
        StoredRunEvent(runId: runId, seq: seq, name: name, data: data ?? #"{"text":"w\#(seq) "}"#)
    }

    @Test func aWriteOfARunIsOneRowAndItsLastEventOneOfItsOwn() {
        let events = [
            Self.event("a", 1, "stage"), Self.event("b", 7), Self.event("a", 2), Self.event("a", 3),
            Self.event("b", 8), Self.event("a", 4, "complete"), Self.event("b", 10),  // b's 9 was not kept
        ]
        let rows = RunEventRows.rows(for: events)
        #expect(rows.map { "\($0.runId)\($0.seq)" } == ["a3", "b8", "a4", "b10"])
        #expect(rows[0].name == "stage\ndelta\ndelta")
        #expect(rows[0].data == #"{"text":"w1 "}"# + "\n" + #"{"text":"w2 "}"# + "\n" + #"{"text":"w3 "}"#)
        let readA = RunEventRows.events(
            runId: "a", rows: rows.filter { $0.runId == "a" }.map { ($0.seq, $0.name, $0.data) }, after: 0, limit: 10)
        #expect(readA == events.filter { $0.runId == "a" })
        let readB = RunEventRows.events(
            runId: "b", rows: rows.filter { $0.runId == "b" }.map { ($0.seq, $0.name, $0.data) }, after: 7, limit: 10)
        #expect(readB == [Self.event("b", 8), Self.event("b", 10)])
    }

    /// No payload the server sends holds a raw newline (it is compact JSON), but one that did would not be split.
    @Test func anEventWithANewlineKeepsARowOfItsOwn() {
        let events = [Self.event("a", 1), Self.event("a", 2, "delta", "line one\nline two"), Self.event("a", 3)]
        let rows = RunEventRows.rows(for: events)
        #expect(rows.map(\.seq) == [1, 2, 3])
        #expect(RunEventRows.events(runId: "a", rows: rows.map { ($0.seq, $0.name, $0.data) }, after: 0, limit: 9) == events)
    }

    /// A database of schema 4 (the log in a WITHOUT ROWID table) gets the rowid table on open, its rows kept.
    @Test func theRunLogMigrationToARowidTableKeepsTheRows() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.file("v4.db")
            do {
                // As a bevgenie of schema 4 left it: its own four migrations, then a finished run's log.
                let db = try SQLiteDatabase(path: path)
                for migration in SQLiteSchema.migrations.prefix(4) { try db.execute(migration) }
                try db.execute(
                    """
                    INSERT INTO meta(key, value) VALUES ('kb_version', '0');
                    INSERT INTO run_streams(run_id, started_at, updated_at, state) VALUES ('old', 1, 2, 'finished');
                    INSERT INTO run_events VALUES ('old', 1, 'stage', '{"stageId":"intent"}'),
                        ('old', 2, 'complete', '{"success":true}');
                    PRAGMA user_version = 4;
                    """)
                let table = try #require(try db.queryRow("SELECT sql FROM sqlite_master WHERE name = 'run_events'")?.string(0))
                #expect(table.uppercased().contains("WITHOUT ROWID"), "schema 4's log table, as the migration finds it")
            }
            let store = try SQLiteStore(path: path, seedStarterKnowledge: false)
            let page = try #require(try await store.runEvents(runId: "old", after: 0, limit: 10))
            #expect(page.events == [
                StoredRunEvent(runId: "old", seq: 1, name: "stage", data: #"{"stageId":"intent"}"#),
                StoredRunEvent(runId: "old", seq: 2, name: "complete", data: #"{"success":true}"#),
            ])
            #expect(page.state == .finished)
            let db = try SQLiteDatabase(path: path)
            #expect(try db.queryRow("PRAGMA user_version")?.int(0) == SQLiteSchema.currentVersion)
            let table = try #require(try db.queryRow("SELECT sql FROM sqlite_master WHERE name = 'run_events'")?.string(0))
            #expect(!table.uppercased().contains("WITHOUT ROWID"))
            // The key still holds a position once, and the runs' logs still go with them.
            try db.execute("INSERT OR IGNORE INTO run_events VALUES ('old', 2, 'delta', '{}')")
            #expect(try db.queryRow("SELECT count(*) FROM run_events")?.int(0) == 2)
            #expect(try await store.dropRunEvents(olderThan: 10) == 1)
            #expect(try db.queryRow("SELECT count(*) FROM run_events")?.int(0) == 0)
        }
    }
}
