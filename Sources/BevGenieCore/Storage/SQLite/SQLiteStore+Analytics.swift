import Foundation

extension SQLiteStore: AnalyticsStore {
    public func analytics(since: Double, until: Double) throws -> AnalyticsReport {
        let window: [SQLiteValue] = [.real(since), .real(until)]
        let runRow = try db.queryRow(
            """
            SELECT count(*), coalesce(sum(status != 'ok' AND coalesce(error_code, '') != 'stopped'), 0), coalesce(sum(cache = 'hit'), 0), coalesce(sum(cache = 'miss'), 0)
            FROM runs WHERE started_at >= ? AND started_at < ?
            """, window)

        // Percentiles need the values: SQLite has no percentile function, so sort per stage here.
        var durations: [String: [Double]] = [:]
        var errors: [String: Int] = [:]
        for row in try db.query(
            """
            SELECT t.stage, t.duration_ms, t.status FROM stage_timings t JOIN runs r ON r.id = t.run_id
            WHERE r.started_at >= ? AND r.started_at < ?
            """, window)
        {
            let stage = try row.string(0)
            durations[stage, default: []].append(try row.double(1))
            if !["ok", "stopped"].contains(try row.string(2)) { errors[stage, default: 0] += 1 }  // a stop is no failure
        }
        let stages = StageID.allCases.map(\.rawValue).compactMap { stage -> AnalyticsReport.StageStats? in
            guard let values = durations[stage]?.sorted() else { return nil }
            return AnalyticsReport.StageStats(
                stage: stage, count: values.count, errors: errors[stage] ?? 0, p50: nearestRank(values, 0.5),
                p95: nearestRank(values, 0.95), p99: nearestRank(values, 0.99))
        }

        func counts(_ column: String) throws -> [String: Int] {
            var result: [String: Int] = [:]
            for row in try db.query(
                "SELECT \(column), count(*) FROM runs WHERE started_at >= ? AND started_at < ? AND \(column) IS NOT NULL GROUP BY \(column)",
                window)
            {
                result[try row.string(0)] = try row.int(1)
            }
            return result
        }

        let byRole = try db.query(
            """
            SELECT coalesce(role, 'unknown'), value, count(*), avg(strength) FROM signals
            WHERE kind = 'pain_point' AND created_at >= ? AND created_at < ?
            GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
            """, window
        ).map {
            AnalyticsReport.PainPointCount(
                role: try $0.string(0), painPoint: try $0.string(1), signals: try $0.int(2),
                averageStrength: try $0.double(3))
        }
        let byDay = try db.query(
            """
            SELECT date(created_at, 'unixepoch'), value, count(*) FROM signals
            WHERE kind = 'pain_point' AND created_at >= ? AND created_at < ?
            GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2
            """, window
        ).map { AnalyticsReport.DailyCount(day: try $0.string(0), painPoint: try $0.string(1), signals: try $0.int(2)) }

        return AnalyticsReport(
            since: since, until: until, runs: try runRow?.int(0) ?? 0, failedRuns: try runRow?.int(1) ?? 0,
            stages: stages, intents: try counts("intent"), pageTypes: try counts("page_type"),
            painPointsByRole: byRole, painPointsByDay: byDay, cacheHits: try runRow?.int(2) ?? 0,
            cacheMisses: try runRow?.int(3) ?? 0)
    }

    /// Drops runs (with their stage timings) and signals older than `cutoff`, in one transaction.
    public func dropHistory(olderThan cutoff: Double) throws -> (runs: Int, signals: Int) {
        try db.transaction {
            try db.run("DELETE FROM runs WHERE started_at < ?", [.real(cutoff)])
            let runs = db.changes
            try db.run("DELETE FROM signals WHERE created_at < ?", [.real(cutoff)])
            return (runs, db.changes)
        }
    }

    /// Reclaims the space freed by deletions (rewrites the file; outside any transaction).
    public func compact() throws {
        try db.execute("VACUUM")
    }
}
