import Foundation

extension SQLiteStore: RunEventStore {
    public func appendRunEvents(_ batch: RunEventBatch) throws -> [String] {
        guard !batch.isEmpty else { return [] }
        return try db.transaction {
            for start in batch.started {
                try db.run(
                    "INSERT OR IGNORE INTO run_streams(run_id, started_at, updated_at) VALUES (?, ?, ?)",
                    [.text(start.runId), .real(start.startedAt), .real(batch.now)])
            }
            for event in batch.events {
                try db.run(
                    "INSERT OR IGNORE INTO run_events(run_id, seq, name, data) VALUES (?, ?, ?, ?)",
                    [.text(event.runId), .int(event.seq), .text(event.name), .text(event.data)])
            }
            for runId in batch.truncated {
                try db.run("UPDATE run_streams SET truncated = 1 WHERE run_id = ?", [.text(runId)])
            }
            for (runId, state) in batch.ended {
                try db.run(
                    "UPDATE run_streams SET state = ?, updated_at = ? WHERE run_id = ?",
                    [.text(state.rawValue), .real(batch.now), .text(runId)])
            }
            var stops: [String] = []
            for runId in batch.live {
                try db.run("UPDATE run_streams SET updated_at = ? WHERE run_id = ?", [.real(batch.now), .text(runId)])
                if try db.queryRow("SELECT stop_requested FROM run_streams WHERE run_id = ?", [.text(runId)])?.int(0) == 1 {
                    stops.append(runId)
                }
            }
            return stops
        }
    }

    public func runEvents(runId: String, after: Int, limit: Int) throws -> RunEventPage? {
        guard let row = try db.queryRow(
            "SELECT state, stop_requested, updated_at, truncated, watched_at FROM run_streams WHERE run_id = ?", [.text(runId)])
        else { return nil }
        let events = try db.query(
            "SELECT seq, name, data FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            [.text(runId), .int(after), .int(limit)]
        ).map { StoredRunEvent(runId: runId, seq: try $0.int(0), name: try $0.string(1), data: try $0.string(2)) }
        return RunEventPage(
            state: RunStreamState(rawValue: try row.string(0)) ?? .cancelled, stopRequested: try row.int(1) == 1,
            updatedAt: try row.double(2), watchedAt: try row.optionalDouble(4), truncated: try row.int(3) == 1,
            events: events)
    }

    public func requestRunStop(runId: String) throws -> RunStreamState? {
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

    public func markRunWatched(runId: String, at: Double) throws {
        try db.run("UPDATE run_streams SET watched_at = ? WHERE run_id = ?", [.real(at), .text(runId)])
    }

    public func dropRunEvents(olderThan cutoff: Double) throws -> Int {
        try db.transaction {
            try db.run(
                "DELETE FROM run_events WHERE run_id IN (SELECT run_id FROM run_streams WHERE started_at < ?)",
                [.real(cutoff)])
            try db.run("DELETE FROM run_streams WHERE started_at < ?", [.real(cutoff)])
            return db.changes
        }
    }
}
