import Foundation
import Testing

@testable import BevGenieCore

/// One suite, two backends: every test runs against a real SQLite file and a real PostgreSQL database
/// (`PostgresTestServer`), through `BevGenieStore` only, so both backends answer alike.
@Suite struct StorageConformanceTests {
    @Test(arguments: StoreBackend.allCases)
    func aFreshDatabaseHoldsTheStarterKnowledge(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let counts = try await store.knowledgeCounts()
            #expect(counts.documents == StarterKnowledge.documents.count)
            #expect(counts.chunks > counts.documents)
            #expect(try await store.meta("starter_version") == String(StarterKnowledge.version))
            let stats = try await store.knowledgeStats()
            #expect(stats.vectors == counts.chunks)
            #expect(stats.embeddingModel == HashingEmbedder().model)
            #expect(try await store.embeddingModel() == HashingEmbedder().model)
            #expect(stats.documentsByKind.values.reduce(0, +) == counts.documents)
            for painPoint in PainPoint.allCases {
                let chunks = try await store.chunks(kinds: [.painPoint], topics: [painPoint], limit: 5)
                #expect(chunks.first?.topics[painPoint] == 1, "no pain-point document leads with \(painPoint)")
            }
            for kind in [DocumentKind.painPoint, .feature, .caseStudy, .comparison, .pricing, .demo, .faq, .industry] {
                #expect(try await !store.chunks(kinds: [kind], topics: [], limit: 1).isEmpty, "no \(kind) documents")
            }
        }
    }

    @Test(arguments: StoreBackend.allCases, [
        #"what "is" this"#, "NEAR(price demo)", "distributor*", "-compliance", "title:pricing", "a AND OR NOT b",
        "\"", "((", "^start", "col:val \"unbalanced", "🍺 émoji", "'; DROP TABLE chunks; --", "a & b | !c <-> d",
        "price:* & demo", "null\u{0}byte", "\\' OR 1=1 --",
    ])
    func userTextIsNeverSyntax(_ backend: StoreBackend, _ text: String) async throws {
        try await backend.withStore { store in
            for mode in SearchMode.allCases {
                _ = try await store.search(query(text, mode: mode))
            }
            #expect(try await store.knowledgeCounts().documents == StarterKnowledge.documents.count)
        }
    }

    @Test(arguments: StoreBackend.allCases, SearchMode.allCases)
    func searchRanksTheObviousDocumentFirst(_ backend: StoreBackend, _ mode: SearchMode) async throws {
        try await backend.withStore { store in
            let hits = try await store.search(query("label approval TTB COLA compliance", mode: mode))
            #expect(hits.first.map { $0.chunk.topics[.compliance] != nil } == true, "\(hits.map(\.chunk.id))")
            #expect(hits.count == 5)
            // Hits come best first, and each part's rank is the one its list gave.
            #expect(hits.map(\.searchScore) == hits.map(\.searchScore).sorted(by: >))
            if mode == .hybrid {
                for hit in hits {
                    let fused = (hit.keywordRank.map { 1 / (RankFusion.k + Double($0)) } ?? 0)
                        + (hit.vectorRank.map { 1 / (RankFusion.k + Double($0)) } ?? 0)
                    #expect(abs(hit.searchScore - fused) < 1e-12)
                }
            }
            if mode == .keyword { #expect(hits.allSatisfy { $0.snippet?.contains("**") == true }) }
        }
    }

    /// The vector ranking (exact on SQLite, HNSW on PostgreSQL) agrees on the starter knowledge, and so does the
    /// fusion of the same two lists.
    @Test func vectorSearchAgreesAcrossBackends() async throws {
        let questions = [
            "How do I see which distributors are underperforming?", "pricing for a small craft brewery",
            "book a demo", "retail execution visibility in stores", "TTB label approvals",
        ]
        var answers: [StoreBackend: [[String]]] = [:]
        for backend in StoreBackend.allCases {
            answers[backend] = try await backend.withStore { store in
                var lists: [[String]] = []
                for question in questions {
                    lists.append(try await store.search(query(question, mode: .vector, limit: 8)).map(\.chunk.id))
                }
                return lists
            }
        }
        #expect(answers[.sqlite] == answers[.postgres])
        #expect(answers[.sqlite]?.allSatisfy { $0.count == 8 } == true)
    }

    @Test(arguments: StoreBackend.allCases)
    func upsertingUnchangedTextIsANoOpAndChangedTextReplacesChunks(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let builder = DocumentBuilder()
            let versionBefore = try await store.knowledgeVersion()
            let v1 = try builder.build(id: "doc-x", source: "test/x", markdown: "# X\n\nAlpha paragraph about zebrafish.\n\n## Two\n\nBeta.")
            #expect(try await store.upsert(v1) == .inserted)
            #expect(try await store.upsert(v1) == .unchanged)
            #expect(try await store.knowledgeVersion() == versionBefore + 1)
            let v2 = try builder.build(id: "doc-x", source: "test/x", markdown: "# X\n\nOnly gamma now.")
            #expect(try await store.upsert(v2) == .replaced)
            #expect(try await store.documentChunks(id: "doc-x").count == 1)
            #expect(try await store.search(query("zebrafish", mode: .keyword)).isEmpty)
            #expect(try await store.search(query("gamma", mode: .keyword)).first?.chunk.documentId == "doc-x")
            #expect(try await store.documentIds(sourcePrefix: "test/") == ["doc-x"])
            #expect(try await store.documents(sourcePrefix: "test/").map(\.chunks) == [1])
            #expect(try await store.documents(sourcePrefix: "test%").isEmpty)  // a prefix, not a pattern
            #expect(try await store.removeDocuments(ids: ["doc-x", "no-such"]) == 1)
            #expect(try await store.documentChunks(id: "doc-x").isEmpty)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func vectorsOfAnotherModelAreRefused(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let builder = DocumentBuilder()
            var document = try builder.build(id: "other", source: "test", markdown: "# Other\n\nSome text.")
            document.embeddingModel = "another-model"
            for index in document.chunks.indices { document.chunks[index].vector = [1, 0, 0] }
            // In the middle of a batch: the refused document fails alone, and the documents around it are stored.
            let before = try builder.build(id: "before", source: "test", markdown: "# Before\n\nKept text one.")
            let after = try builder.build(id: "after", source: "test", markdown: "# After\n\nKept text two.")
            let results = try await store.upsert([before, document, after])
            guard case .failure(let error) = results[1] else { Issue.record("stored vectors of another model"); return }
            #expect(error.modelMismatch == .modelMismatch(stored: HashingEmbedder().model, query: "another-model"))
            #expect(results.count == 3 && (try? results[0].get()) == .inserted && (try? results[2].get()) == .inserted)
            #expect(try await store.documentChunks(id: "other").isEmpty)
            #expect(try await store.documentChunks(id: "before").count == 1)
            #expect(try await store.documentChunks(id: "after").count == 1)
            await #expect(throws: KnowledgeError.self) {
                _ = try await store.search(KnowledgeQuery(text: "x", vector: [1, 0, 0], model: "another-model"))
            }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aTurnIsRecordedWithItsPersonaHistoryAndRun(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let signal = PainPointSignal(painPoint: .compliance, strength: 0.8, evidence: "label \"approval\" '; --")
            let first = try await store.beginTurn(
                TurnStart(sessionId: "s1", runId: "r1", message: "labels take forever\u{0}!", signals: [signal],
                          role: RoleSignal(role: .supplier, strength: 0.9, evidence: "our brands"), at: 1_000, historyLimit: 6)
            ) { persona in
                var next = persona
                next.painPoints[.compliance] = 0.8
                next.role = .supplier
                return next
            }
            #expect(first.created)
            #expect(first.messageCount == 1)
            #expect(first.history.isEmpty)
            try await store.finishTurn(TurnRecord(
                runId: "r1", sessionId: "s1", answer: "Here is how.", page: .object([("type", .string("solution_brief")), ("title", .string("T"))]),
                intent: .painPoint, pageType: .solutionBrief, status: .ok, errorCode: nil, provider: "local",
                startedAt: 1_000, durationMs: 50,
                stages: [StageTiming(stage: .intent, startedAt: 1_000, durationMs: 1.5, status: "ok")], cache: "miss"))
            let second = try await store.beginTurn(
                TurnStart(sessionId: "s1", runId: "r2", message: "and pricing?", signals: [], role: nil, at: 2_000,
                          historyLimit: 6)) { $0 }
            #expect(!second.created)
            #expect(second.messageCount == 3)
            #expect(second.history.map(\.content) == ["labels take forever\u{FFFD}!", "Here is how."]
                || second.history.map(\.content) == ["labels take forever\u{0}!", "Here is how."])
            #expect(second.persona.painPoints[.compliance] == 0.8)
            #expect(second.persona.role == .supplier)

            let detail = try #require(try await store.session(id: "s1"))
            #expect(detail.messages.map(\.author) == [.user, .assistant, .user])
            #expect(detail.messages[1].pageType == "solution_brief")
            #expect(detail.messages[1].runId == "r1")
            #expect(detail.signals.map(\.kind) == ["pain_point", "role"])
            #expect(detail.signals[0].evidence == "label \"approval\" '; --")
            #expect(detail.createdAt == 1_000)
            #expect(detail.updatedAt == 2_000)
            #expect(try await store.session(id: "nope") == nil)
            let list = try await store.sessions(limit: 10)
            #expect(list.map(\.id) == ["s1"])
            #expect(list.first?.messageCount == 3)
            #expect(list.first?.topPainPoint == "compliance")

            let report = try await store.analytics(since: 0, until: 10_000)
            #expect(report.runs == 1)
            #expect(report.cacheMisses == 1)
            #expect(report.stages.map(\.stage) == ["intent"])
            #expect(report.painPointsByRole.first?.role == "supplier")

            #expect(try await store.removeSession(id: "s1"))
            #expect(try await !store.removeSession(id: "s1"))
            #expect(try await store.session(id: "s1") == nil)
            #expect(try await store.analytics(since: 0, until: 10_000).runs == 1)  // runs outlive sessions
        }
    }

    /// Concurrent turns of one session lose no persona update: each adds 1 to a score it read.
    @Test(arguments: StoreBackend.allCases)
    func concurrentTurnsOfOneSessionLoseNoUpdate(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let turns = 24
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<turns {
                    group.addTask {
                        _ = try await store.beginTurn(
                            TurnStart(sessionId: "busy", runId: "r\(index)", message: "turn \(index)", signals: [],
                                      role: nil, at: Double(index), historyLimit: 3)
                        ) { persona in
                            var next = persona
                            next.painPoints[.tradeSpendROI, default: 0] += 1
                            return next
                        }
                    }
                }
                try await group.waitForAll()
            }
            let detail = try #require(try await store.session(id: "busy"))
            #expect(detail.persona.painPoints[.tradeSpendROI] == Double(turns))
            #expect(detail.messages.count == turns)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func thePageCacheHitsAndForgetsOlderKnowledge(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            let version = try await store.knowledgeVersion()
            let page = JSONValue.object([("type", .string("faq")), ("title", .string("Q"))])
            #expect(try await store.cachedPage(key: "k1") == nil)
            try await store.storePage(key: "k1", type: .comparison, page: page, knowledgeVersion: version)
            #expect(try await store.cachedPage(key: "k1") == page)
            try await store.storePage(key: "k2", type: .comparison, page: page, knowledgeVersion: version + 1)
            #expect(try await store.cachedPage(key: "k1") == nil)
            #expect(try await store.cachedPage(key: "k2") == page)
        }
    }

    /// The same history gives the same report on both backends (percentiles in SQL on PostgreSQL, in Swift on
    /// SQLite), and retention drops the same rows.
    @Test func analyticsAgreeAcrossBackends() async throws {
        var reports: [AnalyticsReport] = []
        for backend in StoreBackend.allCases {
            reports.append(try await backend.withStore(seedStarter: false) { store in
                for index in 0..<40 {
                    let session = "s\(index % 5)"
                    _ = try await store.beginTurn(
                        TurnStart(sessionId: session, runId: "r\(index)", message: "m\(index)",
                                  signals: [PainPointSignal(painPoint: index % 2 == 0 ? .tradeSpendROI : .compliance,
                                                            strength: Double(index % 7) / 7, evidence: "e")],
                                  role: index % 3 == 0 ? RoleSignal(role: .retailer, strength: 0.5, evidence: "r") : nil,
                                  at: 86_400 * Double(index % 3) + Double(index), historyLimit: 2)) { persona in
                        var next = persona
                        if index % 3 == 0 { next.role = .retailer }
                        return next
                    }
                    try await store.finishTurn(TurnRecord(
                        runId: "r\(index)", sessionId: session, answer: "a", page: nil,
                        intent: index % 4 == 0 ? .pricing : .painPoint, pageType: .solutionBrief,
                        status: index % 9 == 0 ? .error : .ok, errorCode: index % 9 == 0 ? "x" : nil, provider: "local",
                        startedAt: 86_400 * Double(index % 3) + Double(index), durationMs: Double(index),
                        stages: [
                            StageTiming(stage: .intent, startedAt: 0, durationMs: Double((index * 37) % 101), status: "ok"),
                            StageTiming(stage: .response, startedAt: 0, durationMs: Double(index) / 3,
                                        status: index % 9 == 0 ? "error" : "ok"),
                        ],
                        cache: index % 2 == 0 ? "miss" : "hit"))
                }
                let report = try await store.analytics(since: 0, until: 86_400 * 2)
                let dropped = try await store.dropHistory(olderThan: 86_400)
                #expect(dropped.runs > 0)
                #expect(dropped.signals > 0)
                try await store.compact()
                return report
            })
        }
        // Averages are summed in another order by each engine: equal to the last few bits (output shows 2 places).
        let rounded = reports.map { report -> AnalyticsReport in
            var report = report
            for index in report.painPointsByRole.indices {
                report.painPointsByRole[index].averageStrength = (report.painPointsByRole[index].averageStrength * 1e9).rounded() / 1e9
            }
            return report
        }
        #expect(rounded[0] == rounded[1])
        #expect(reports[0].json.serialized() == reports[1].json.serialized())
        #expect(reports[0].runs > 0)
        #expect(reports[0].stages.count == 2)
    }

    @Test(arguments: StoreBackend.allCases)
    func theStarterChoiceIsKept(_ backend: StoreBackend) async throws {
        try await backend.withStore { store in
            #expect(try await !store.keepsStarter())
            try await store.setKeepsStarter(true)
            #expect(try await store.keepsStarter())
            try await store.setKeepsStarter(false)
            #expect(try await !store.keepsStarter())
            #expect(try await store.vectorModels() == [HashingEmbedder().model])
        }
    }
}
