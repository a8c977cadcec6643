import Foundation
import PostgresNIO

extension PostgresStore: AnalyticsStore {
    /// As `SQLiteStore.analytics`, with the percentiles computed in SQL: `percentile_disc` is the nearest-rank
    /// percentile `nearestRank` computes (the smallest value whose rank reaches ⌈f·n⌉), so both agree.
    public func analytics(since: Double, until: Double) async throws -> AnalyticsReport {
        let runRow = try await rows(
            """
            SELECT count(*), count(*) FILTER (WHERE status <> 'ok'), count(*) FILTER (WHERE cache = 'hit'),
                   count(*) FILTER (WHERE cache = 'miss')
            FROM runs WHERE started_at >= \(since) AND started_at < \(until)
            """).first
        let (runs, failed, hits, misses) = try runRow?.decode((Int, Int, Int, Int).self) ?? (0, 0, 0, 0)

        var byStage: [String: AnalyticsReport.StageStats] = [:]
        for row in try await rows(
            """
            SELECT t.stage, count(*), count(*) FILTER (WHERE t.status <> 'ok'),
                   percentile_disc(0.5) WITHIN GROUP (ORDER BY t.duration_ms),
                   percentile_disc(0.95) WITHIN GROUP (ORDER BY t.duration_ms),
                   percentile_disc(0.99) WITHIN GROUP (ORDER BY t.duration_ms)
            FROM stage_timings t JOIN runs r ON r.id = t.run_id
            WHERE r.started_at >= \(since) AND r.started_at < \(until)
            GROUP BY t.stage
            """)
        {
            let (stage, count, errors, p50, p95, p99) = try row.decode((String, Int, Int, Double, Double, Double).self)
            byStage[stage] = AnalyticsReport.StageStats(
                stage: stage, count: count, errors: errors, p50: p50, p95: p95, p99: p99)
        }
        let stages = StageID.allCases.compactMap { byStage[$0.rawValue] }

        var intents: [String: Int] = [:]
        var pageTypes: [String: Int] = [:]
        for row in try await rows(
            """
            SELECT 'intent', intent, count(*) FROM runs
            WHERE started_at >= \(since) AND started_at < \(until) AND intent IS NOT NULL GROUP BY intent
            UNION ALL
            SELECT 'page_type', page_type, count(*) FROM runs
            WHERE started_at >= \(since) AND started_at < \(until) AND page_type IS NOT NULL GROUP BY page_type
            """)
        {
            let (which, value, count) = try row.decode((String, String, Int).self)
            if which == "intent" { intents[value] = count } else { pageTypes[value] = count }
        }

        let byRole = try await rows(
            """
            SELECT coalesce(role, 'unknown') AS r, value, count(*), avg(strength)::float8 FROM signals
            WHERE kind = 'pain_point' AND created_at >= \(since) AND created_at < \(until)
            GROUP BY 1, 2 ORDER BY count(*) DESC, coalesce(role, 'unknown') COLLATE "C", value COLLATE "C"
            """
        ).map { row in
            let (role, painPoint, signals, strength) = try row.decode((String, String, Int, Double).self)
            return AnalyticsReport.PainPointCount(
                role: role, painPoint: painPoint, signals: signals, averageStrength: strength)
        }
        let byDay = try await rows(
            """
            SELECT to_char(to_timestamp(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, value, count(*) FROM signals
            WHERE kind = 'pain_point' AND created_at >= \(since) AND created_at < \(until)
            GROUP BY 1, 2 ORDER BY 1, count(*) DESC, value COLLATE "C"
            """
        ).map { row in
            let (day, painPoint, signals) = try row.decode((String, String, Int).self)
            return AnalyticsReport.DailyCount(day: day, painPoint: painPoint, signals: signals)
        }
        return AnalyticsReport(
            since: since, until: until, runs: runs, failedRuns: failed, stages: stages, intents: intents,
            pageTypes: pageTypes, painPointsByRole: byRole, painPointsByDay: byDay, cacheHits: hits,
            cacheMisses: misses)
    }

    /// Drops runs (with their stage timings) and signals older than `cutoff`, in one transaction (`db vacuum`).
    public func dropHistory(olderThan cutoff: Double) async throws -> (runs: Int, signals: Int) {
        try await transaction { connection in
            let runs = try await connection.rows(
                "WITH gone AS (DELETE FROM runs WHERE started_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone"
            ).first?.decode(Int.self) ?? 0
            let signals = try await connection.rows(
                "WITH gone AS (DELETE FROM signals WHERE created_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone"
            ).first?.decode(Int.self) ?? 0
            return (runs, signals)
        }
    }

    /// Reclaims the space of deleted rows for reuse (plain VACUUM: no exclusive lock, replicas keep serving).
    public func compact() async throws {
        for table in ["runs", "stage_timings", "signals", "messages", "page_cache", "run_streams", "run_events"] {
            try await run(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(table)"))
        }
    }
}

extension PostgresStore: PageCacheStore {
    public func knowledgeVersion() async throws -> Int {
        Int(try await meta("kb_version") ?? "0") ?? 0
    }

    /// The cached page, counting the hit in the same statement.
    public func cachedPage(key: String) async throws -> JSONValue? {
        guard let row = try await rows(
            """
            UPDATE page_cache SET hits = hits + 1, last_hit_at = \(Date().timeIntervalSince1970)
            WHERE key = \(Self.text(key)) RETURNING page
            """
        ).first else { return nil }
        return try? JSONParser.parse(row.decode(String.self))
    }

    public func storePage(key: String, type: PageType, page: JSONValue, knowledgeVersion: Int) async throws {
        try await transaction { connection in
            try await connection.run(
                """
                INSERT INTO page_cache(key, page_type, page, kb_version, created_at)
                VALUES (\(Self.text(key)), \(type.rawValue), \(Self.text(page.serialized())), \(knowledgeVersion),
                        \(Date().timeIntervalSince1970))
                ON CONFLICT (key) DO UPDATE SET page = excluded.page, created_at = excluded.created_at
                """)
            // Pages of older knowledge can never be hit again: drop them when the knowledge has moved on.
            try await connection.run("DELETE FROM page_cache WHERE kb_version < \(knowledgeVersion)")
        }
    }
}

extension PostgresStore {
    /// Whether this database keeps the starter documents when the user's own are imported (see
    /// `SQLiteStore.keepsStarter`).
    public func keepsStarter() async throws -> Bool {
        try await meta("starter_choice") == "keep"
    }

    public func setKeepsStarter(_ keep: Bool) async throws {
        if keep {
            try await run(
                """
                INSERT INTO meta(key, value) VALUES ('starter_choice', 'keep')
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        } else {
            try await run("DELETE FROM meta WHERE key = 'starter_choice'")
        }
    }

    /// The distinct models of the stored vectors (one, when the knowledge base is consistent).
    public func vectorModels() async throws -> [String] {
        try await rows("SELECT DISTINCT model FROM chunk_vectors ORDER BY model").map { try $0.decode(String.self) }
    }
}
