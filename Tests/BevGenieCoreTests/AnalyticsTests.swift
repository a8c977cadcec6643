import Foundation
import Testing

@testable import BevGenieCore

extension SQLiteStore {
    /// Inserts rows directly, for seeding known histories.
    func execute(_ sql: String, _ values: [SQLiteValue] = []) throws {
        try db.run(sql, values)
    }

    func count(_ table: String, _ condition: String = "1", _ values: [SQLiteValue] = []) throws -> Int {
        try db.queryRow("SELECT count(*) FROM \(table) WHERE \(condition)", values)!.int(0)
    }
}

@Suite struct AnalyticsTests {
    /// A history written by hand, so every figure can be computed by hand.
    func seed(_ store: SQLiteStore, now: Double) async throws {
        let day = 86_400.0
        // Ten runs inside the window: intent durations 1...10 ms; run 10 failed in its response stage.
        for index in 1...10 {
            let id = "run\(index)"
            let intent = index <= 6 ? "pain_point" : (index <= 9 ? "pricing" : "demo")
            let page = index <= 6 ? "solution_brief" : (index <= 9 ? "roi_calculator" : nil)
            let cache: String? = index <= 3 ? "hit" : (index <= 8 ? "miss" : nil)
            try await store.execute(
                "INSERT INTO runs(id, session_id, started_at, duration_ms, status, intent, page_type, provider, cache) VALUES (?, 's', ?, 10, ?, ?, ?, 'local', ?)",
                [.text(id), .real(now - Double(index) * 3_600), .text(index == 10 ? "error" : "ok"), .text(intent),
                 .optionalText(page), .optionalText(cache)])
            try await store.execute(
                "INSERT INTO stage_timings(run_id, stage, started_at, duration_ms, status) VALUES (?, 'intent', ?, ?, 'ok')",
                [.text(id), .real(now), .real(Double(index))])
            try await store.execute(
                "INSERT INTO stage_timings(run_id, stage, started_at, duration_ms, status) VALUES (?, 'response', ?, ?, ?)",
                [.text(id), .real(now), .real(100), .text(index == 10 ? "error" : "ok")])
        }
        // One run long ago: outside the window.
        try await store.execute(
            "INSERT INTO runs(id, session_id, started_at, duration_ms, status, intent, provider) VALUES ('old', 's', ?, 5, 'ok', 'greeting', 'local')",
            [.real(now - 30 * day)])
        try await store.execute(
            "INSERT INTO stage_timings(run_id, stage, started_at, duration_ms, status) VALUES ('old', 'intent', ?, 9999, 'ok')",
            [.real(now - 30 * day)])
        // Signals: supplier distributor_performance ×3 (0.6, 0.8, 1.0) today; retailer execution ×1 yesterday.
        try await store.execute("INSERT INTO sessions(id, created_at, updated_at) VALUES ('s', ?, ?)", [.real(now), .real(now)])
        for strength in [0.6, 0.8, 1.0] {
            try await store.execute(
                "INSERT INTO signals(session_id, kind, value, strength, evidence, role, created_at) VALUES ('s', 'pain_point', 'distributor_performance', ?, 'e', 'supplier', ?)",
                [.real(strength), .real(now - 60)])
        }
        try await store.execute(
            "INSERT INTO signals(session_id, kind, value, strength, evidence, role, created_at) VALUES ('s', 'pain_point', 'execution_visibility', 0.5, 'e', 'retailer', ?)",
            [.real(now - day)])
        try await store.execute(
            "INSERT INTO signals(session_id, kind, value, strength, evidence, role, created_at) VALUES ('s', 'pain_point', 'compliance', 0.9, 'e', NULL, ?)",
            [.real(now - 40 * day)])
    }

    @Test func statsMatchHandComputedValues() async throws {
        try await withStore { store, _ in
            let now = Date(timeIntervalSince1970: 1_800_000_000).timeIntervalSince1970
            try await seed(store, now: now)
            let report = try await store.analytics(since: now - 7 * 86_400, until: now + 1)
            #expect(report.runs == 10)
            #expect(report.failedRuns == 1)
            let intent = try #require(report.stages.first { $0.stage == "intent" })
            // Nearest rank over 1...10: p50 = 5th value, p95 = 10th, p99 = 10th; the 9999 ms run is outside.
            #expect(intent.count == 10 && intent.p50 == 5 && intent.p95 == 10 && intent.p99 == 10)
            #expect(intent.errorRate == 0)
            let response = try #require(report.stages.first { $0.stage == "response" })
            #expect(response.errors == 1 && response.errorRate == 0.1)
            #expect(report.intents == ["pain_point": 6, "pricing": 3, "demo": 1])
            #expect(report.pageTypes == ["solution_brief": 6, "roi_calculator": 3])
            #expect(report.cacheHits == 3 && report.cacheMisses == 5)
            #expect(abs(report.cacheHitRate - 0.375) < 1e-9)
            #expect(report.painPointsByRole.map { "\($0.role)/\($0.painPoint)/\($0.signals)" }
                == ["supplier/distributor_performance/3", "retailer/execution_visibility/1"])
            #expect(zip(report.painPointsByRole.map(\.averageStrength), [0.8, 0.5]).allSatisfy { abs($0 - $1) < 1e-9 })
            #expect(report.painPointsByDay.map(\.painPoint) == ["execution_visibility", "distributor_performance"])
            #expect(report.painPointsByDay.map(\.signals) == [1, 3])
        }
    }

    @Test func retentionDropsOldRunsAndSignalsOnly() async throws {
        try await withStore { store, _ in
            let now = Date().timeIntervalSince1970
            try await seed(store, now: now)
            let (runs, signals) = try await store.dropHistory(olderThan: now - 20 * 86_400)
            #expect(runs == 1 && signals == 1)
            #expect(try await store.count("runs") == 10)
            #expect(try await store.count("stage_timings", "run_id = 'old'") == 0)
            #expect(try await store.count("signals") == 4)
            #expect(try await store.count("sessions") == 1)
        }
    }

    @Test func removingASessionRemovesExactlyItsRows() async throws {
        try await withStore { store, _ in
            for session in ["keep", "drop"] {
                _ = await ask("Our distributor reps ignore our brand and we can't hold them accountable.", session: session, store: store)
                _ = await ask("We also miss price posting deadlines.", session: session, store: store)
            }
            let counts = { (session: String) async throws -> [Int] in
                [try await store.count("messages", "session_id = ?", [.text(session)]),
                 try await store.count("signals", "session_id = ?", [.text(session)]),
                 try await store.count("persona_scores", "session_id = ?", [.text(session)])]
            }
            let keepBefore = try await counts("keep")
            let runsBefore = try await store.count("runs")
            let documentsBefore = try await store.count("documents")
            #expect(try await counts("drop").allSatisfy { $0 > 0 })
            #expect(try await store.removeSession(id: "drop"))
            #expect(try await counts("drop") == [0, 0, 0])
            #expect(try await store.count("sessions", "id = 'drop'") == 0)
            #expect(try await counts("keep") == keepBefore)
            #expect(try await store.count("runs") == runsBefore, "run metrics stay")
            #expect(try await store.count("documents") == documentsBefore)
            #expect(try await !store.removeSession(id: "drop"))
        }
    }

    @Test func personaScoresHalveOverTheHalfLife() {
        let policy = PersonaPolicy()
        let start = Date(timeIntervalSince1970: 1_000_000)
        let persona = Persona(painPoints: [.compliance: 0.8], updatedAt: start)
        let later = policy.updated(persona, with: [], role: nil, at: start.addingTimeInterval(policy.halfLife))
        #expect(abs(later.score(.compliance) - 0.8 * policy.perMessageDecay * 0.5) < 1e-9)
    }
}

@Suite struct PageCacheTests {
    func pageStage(_ events: [PipelineEvent]) -> JSONValue? {
        events.compactMap { if case .stage(let s) = $0, s.stage == .page, s.status == .complete { return s.result } else { return nil } }.first
    }

    @Test func aRepeatedQuestionFromASimilarVisitorGetsTheCachedPage() async throws {
        try await withStore { store, _ in
            let (_, first) = await ask("How much does it cost?", store: store)
            let (events, second) = await ask("how much does it COST", store: store)
            guard case .completed(let a) = first, case .completed(let b) = second else { Issue.record("failed"); return }
            #expect(!a.cached && b.cached)
            #expect(b.json["cached"]?.boolValue == true)
            #expect(pageStage(events)?["cached"]?.boolValue == true)
            #expect(b.generatedPage == a.generatedPage)
            #expect(events.filter { $0.name == "section" }.count == b.generatedPage?["sections"]?.arrayValue?.count)
            let hits = try await store.count("runs", "cache = 'hit'")
            let misses = try await store.count("runs", "cache = 'miss'")
            #expect(hits == 1 && misses == 1)

            // Another visitor (a supplier worried about compliance) gets a page of their own.
            _ = await ask("We keep missing TTB label approvals as a brewery.", session: "other", store: store)
            let (_, third) = await ask("How much does it cost?", session: "other", store: store)
            if case .completed(let c) = third { #expect(!c.cached) }

            // --no-cache builds it again.
            let log = EventLog()
            var uncached = Pipeline.local(store: store)
            uncached.pageCache = nil
            let outcome = await uncached.run(ChatRequest(message: "How much does it cost?")) {
                await log.append($0)
            }
            if case .completed(let d) = outcome { #expect(!d.cached) }
        }
    }

    @Test func importingKnowledgeInvalidatesCachedPages() async throws {
        try await withStore { store, _ in
            _ = await ask("How much does it cost?", store: store)
            #expect(try await store.count("page_cache") == 1)
            var document = try DocumentBuilder().build(id: "new-doc", source: "test", markdown: "# New pricing note\n\nPrices are reviewed every January.")
            document.embed(with: HashingEmbedder())
            try await store.upsert(document)
            let (_, after) = await ask("How much does it cost?", store: store)
            if case .completed(let complete) = after { #expect(!complete.cached, "a page from older knowledge was served") }
            #expect(try await store.count("page_cache") == 1, "entries of older knowledge are dropped")
        }
    }
}
