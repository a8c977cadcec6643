import Foundation

/// Every call runs on the log's own connection (`SQLiteRunLog`), not the actor's: the log is written while
/// pipelines search and save sessions, and neither should wait for the other's turn on one connection.
extension SQLiteStore: RunEventStore {
    public nonisolated func appendRunEvents(_ batch: RunEventBatch) async throws -> [String] {
        guard !batch.isEmpty else { return [] }
        return try await runLog.perform { db in try Self.append(batch, to: db) }
    }

    public nonisolated func runEvents(runId: String, after: Int, limit: Int) async throws -> RunEventPage? {
        try await runLog.perform { db in try Self.runEvents(runId: runId, after: after, limit: limit, in: db) }
    }

    public nonisolated func requestRunStop(runId: String) async throws -> RunStreamState? {
        try await runLog.perform { db in try Self.requestRunStop(runId: runId, in: db) }
    }

    public nonisolated func markRunWatched(runId: String, at: Double) async throws {
        try await runLog.perform { db in
            try db.run("UPDATE run_streams SET watched_at = ? WHERE run_id = ?", [.real(at), .text(runId)])
        }
    }

    public nonisolated func dropRunEvents(olderThan cutoff: Double) async throws -> Int {
        try await runLog.perform { db in
            try db.transaction {
                try db.run(
                    "DELETE FROM run_events WHERE run_id IN (SELECT run_id FROM run_streams WHERE started_at < ?)",
                    [.real(cutoff)])
                try db.run("DELETE FROM run_streams WHERE started_at < ?", [.real(cutoff)])
                return db.changes
            }
        }
    }

    /// One transaction for the whole batch, every statement prepared once (the connection caches them).
    static func append(_ batch: RunEventBatch, to db: SQLiteDatabase) throws -> [String] {
        try db.transaction {
            for start in batch.started {
                try db.run(
                    "INSERT OR IGNORE INTO run_streams(run_id, started_at, updated_at) VALUES (?, ?, ?)",
                    [.text(start.runId), .real(start.startedAt), .real(batch.now)])
            }
            // A row per run and write, not per event (`RunEventRows`).
            for row in RunEventRows.rows(for: batch.events) {
                try db.run(
                    "INSERT OR IGNORE INTO run_events(run_id, seq, name, data) VALUES (?, ?, ?, ?)",
                    [.text(row.runId), .int(row.seq), .text(row.name), .text(row.data)])
            }
            for runId in batch.truncated {
                try db.run("UPDATE run_streams SET truncated = 1 WHERE run_id = ?", [.text(runId)])
            }
            for (runId, state) in batch.ended {
                try db.run(
                    "UPDATE run_streams SET state = ?, updated_at = ? WHERE run_id = ?",
                    [.text(state.rawValue), .real(batch.now), .text(runId)])
            }
            guard !batch.live.isEmpty else { return [] }
            // Two statements for all the live runs (their ids as one JSON array), not two per run.
            let ids = JSONValue.array(batch.live.map { .string($0) }).serialized()
            try db.run(
                "UPDATE run_streams SET updated_at = ? WHERE run_id IN (SELECT value FROM json_each(?))",
                [.real(batch.now), .text(ids)])
            return try db.query(
                "SELECT run_id FROM run_streams WHERE run_id IN (SELECT value FROM json_each(?)) AND stop_requested = 1",
                [.text(ids)]
            ).map { try $0.string(0) }
        }
    }

    static func runEvents(runId: String, after: Int, limit: Int, in db: SQLiteDatabase) throws -> RunEventPage? {
        guard let row = try db.queryRow(
            "SELECT state, stop_requested, updated_at, truncated, watched_at FROM run_streams WHERE run_id = ?", [.text(runId)])
        else { return nil }
        var read = RunEventRows.Read(runId: runId, after: after, limit: limit)
        while let (position, count) = read.next {
            read.take(try db.query(
                "SELECT seq, name, data FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                [.text(runId), .int(position), .int(count)]
            ).map { (seq: try $0.int(0), name: try $0.string(1), data: try $0.string(2)) })
        }
        let events = read.events
        return RunEventPage(
            state: RunStreamState(rawValue: try row.string(0)) ?? .cancelled, stopRequested: try row.int(1) == 1,
            updatedAt: try row.double(2), watchedAt: try row.optionalDouble(4), truncated: try row.int(3) == 1,
            events: events)
    }

    static func requestRunStop(runId: String, in db: SQLiteDatabase) throws -> RunStreamState? {
        try db.transaction {
            guard let state = try db.queryRow("SELECT state FROM run_streams WHERE run_id = ?", [.text(runId)])
                .map({ RunStreamState(rawValue: try $0.string(0)) ?? .cancelled })
            else { return nil }
            if state == .running {
                try db.run("UPDATE run_streams SET stop_requested = 1 WHERE run_id = ?", [.text(runId)])
            }
            return state
        }
    }
}
