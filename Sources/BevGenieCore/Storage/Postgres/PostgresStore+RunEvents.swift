import Foundation
import PostgresNIO

/// The event log of streamed runs on PostgreSQL, with SQLite's semantics (`SQLiteStore+RunEvents.swift`): one
/// transaction per batch, positions from 1 kept once (`ON CONFLICT DO NOTHING`), the stop flag read back by the
/// owner's liveness mark, logs dropped by `db vacuum`.
///
/// Any replica sharing the database resumes or stops any run: a replica that does not run it reads this log. The
/// live tail is a poll of `runEvents` (`RunStreaming.followLogged`, every `serve` `runLogPollInterval`), not
/// LISTEN/NOTIFY, for three reasons: a NOTIFY takes a database-wide lock at commit, which would serialize every
/// replica's 50 ms log writes behind one another; LISTEN needs a session of its own per replica that a
/// transaction-pooling PgBouncer cannot give; and the owner writes in 50 ms batches anyway, so a notification
/// would save at most one poll interval, on the rare stream that is followed from a replica other than its own.
/// An empty poll is one primary-key lookup.
extension PostgresStore: RunEventStore {
    public func appendRunEvents(_ batch: RunEventBatch) async throws -> [String] {
        guard !batch.isEmpty else { return [] }
        let now = batch.now
        return try await transaction { connection in
            if !batch.started.isEmpty {
                try await connection.run(
                    """
                    INSERT INTO run_streams(run_id, started_at, updated_at)
                    SELECT id, at, \(now) FROM unnest(\(batch.started.map(\.runId))::text[], \(batch.started.map(\.startedAt))::float8[]) AS u(id, at)
                    ON CONFLICT (run_id) DO NOTHING
                    """)
            }
            if !batch.events.isEmpty {
                // A row per run and write, not per event (`RunEventRows`). Only runs the log knows: an event of a
                // run `db vacuum` dropped meanwhile is let go, not an error that would hold every later batch back.
                let rows = RunEventRows.rows(for: batch.events)
                try await connection.run(
                    """
                    INSERT INTO run_events(run_id, seq, name, data)
                    SELECT u.id, u.seq, u.name, u.data
                    FROM unnest(\(rows.map(\.runId))::text[], \(rows.map(\.seq))::int8[],
                                \(rows.map(\.name))::text[], \(rows.map { Self.text($0.data) })::text[])
                        AS u(id, seq, name, data)
                    WHERE EXISTS (SELECT 1 FROM run_streams s WHERE s.run_id = u.id)
                    ON CONFLICT (run_id, seq) DO NOTHING
                    """)
            }
            if !batch.truncated.isEmpty {
                try await connection.run(
                    "UPDATE run_streams SET truncated = true WHERE run_id = ANY(\(batch.truncated)::text[])")
            }
            if !batch.ended.isEmpty {
                // The last word per run wins, as SQLite's updates one after another give.
                var ended: [String: RunStreamState] = [:]
                for (runId, state) in batch.ended { ended[runId] = state }
                try await connection.run(
                    """
                    UPDATE run_streams s SET state = u.state, updated_at = \(now)
                    FROM unnest(\(Array(ended.keys))::text[], \(ended.values.map(\.rawValue))::text[]) AS u(id, state)
                    WHERE s.run_id = u.id
                    """)
            }
            guard !batch.live.isEmpty else { return [] }
            let asked = Set(try await connection.rows(
                """
                UPDATE run_streams SET updated_at = \(now) WHERE run_id = ANY(\(batch.live)::text[])
                RETURNING run_id, stop_requested
                """
            ).compactMap { row -> String? in
                let (runId, stop) = try row.decode((String, Bool).self)
                return stop ? runId : nil
            })
            return batch.live.filter(asked.contains)
        }
    }

    public func runEvents(runId: String, after: Int, limit: Int) async throws -> RunEventPage? {
        guard let row = try await rows(
            "SELECT state, stop_requested, updated_at, truncated, watched_at FROM run_streams WHERE run_id = \(runId)"
        ).first else { return nil }
        let (state, stop, updatedAt, truncated, watchedAt) = try row.decode((String, Bool, Double, Bool, Double?).self)
        // The state is read before the events: a run seen running may have its terminal event in this read, never
        // the other way round.
        var read = RunEventRows.Read(runId: runId, after: after, limit: limit)
        while let (position, count) = read.next {
            read.take(try await rows(
                """
                SELECT seq, name, data FROM run_events WHERE run_id = \(runId) AND seq > \(position)
                ORDER BY seq LIMIT \(count)
                """
            ).map { row in
                let (seq, name, data) = try row.decode((Int, String, String).self)
                return (seq: seq, name: name, data: data)
            })
        }
        let events = read.events
        return RunEventPage(
            state: RunStreamState(rawValue: state) ?? .cancelled, stopRequested: stop, updatedAt: updatedAt,
            watchedAt: watchedAt, truncated: truncated, events: events)
    }

    /// One statement: the flag is set only while the run is going, and the state it had is returned.
    public func requestRunStop(runId: String) async throws -> RunStreamState? {
        try await rows(
            """
            UPDATE run_streams SET stop_requested = stop_requested OR state = 'running' WHERE run_id = \(runId)
            RETURNING state
            """
        ).first.map { RunStreamState(rawValue: try $0.decode(String.self)) ?? .cancelled }
    }

    public func markRunWatched(runId: String, at: Double) async throws {
        try await run("UPDATE run_streams SET watched_at = \(at) WHERE run_id = \(runId)")
    }

    /// The runs' events go with them (`ON DELETE CASCADE`).
    public func dropRunEvents(olderThan cutoff: Double) async throws -> Int {
        try await rows(
            "WITH gone AS (DELETE FROM run_streams WHERE started_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone"
        ).first?.decode(Int.self) ?? 0
    }
}
