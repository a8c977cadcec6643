import BevGenieCore
import Foundation
import Testing

/// The chat page in a real headless browser (Debian's chromium), driven over the DevTools protocol.
@Suite(.serialized) struct BrowserTests {
    func browse(_ base: String, _ question: String, screenshot: String, stopEarly: Bool = false,
                reloadEarly: Bool = false) async throws -> [String: Any]
    {
        var arguments = [clientsDirectory + "/browser_check.py", base, question, testOutputDirectory + "/" + screenshot]
        if stopEarly { arguments.append("--stop-after-first-delta") }
        if reloadEarly { arguments.append("--reload-after-first-delta") }
        let result = try await run("python3", arguments, timeout: 90)
        #expect(result.status == 0, "the browser check failed (is chromium installed?): \(result.stderr) \(result.stdout)")
        print("screenshot: \(testOutputDirectory)/\(screenshot)")
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
    }

    @Test func aQuestionStreamsIntoARenderedPage() async throws {
        // The real `serve` in a process of its own: this suite's first test runs while the hundreds of tests
        // beside it can hold every thread of this process's pool for longer than the browser waits.
        let server = try await ServeProcess.start([])
        defer { Task { await server.stop() } }
        let report = try await browse(server.base, "Our distributor reps ignore our brand. How do we get mindshare?",
                                      screenshot: "chat-solution-brief.png")
        #expect(report["state"] as? String == "complete")
        #expect(report["pageType"] as? String == "solution_brief")
        let sections = report["sections"] as? [String] ?? []
        #expect(sections.first == "section section-hero")
        #expect(sections.contains("section section-pain_points") && sections.contains("section section-cta"))
        let messages = report["messages"] as? [[String]] ?? []
        #expect(messages.last?.first == "message assistant")
        // The answer is formatted: a list of points with superscript citations that lead to its sources, shown
        // by title; no chunk id is visible.
        let answer = report["answer"] as? [String: Any] ?? [:]
        #expect((answer["listItems"] as? Int ?? 0) >= 1 && (answer["paragraphs"] as? Int ?? 0) >= 1, "\(answer)")
        let cites = answer["cites"] as? [[Any]] ?? []
        #expect(!cites.isEmpty && cites.allSatisfy { $0[1] as? Bool == true }, "every citation leads to its source: \(cites)")
        let titles = answer["sourceTitles"] as? [String] ?? []
        #expect(!titles.isEmpty && titles.allSatisfy { !$0.hasSuffix(")") }, "\(titles)")
        #expect(!(answer["text"] as? String ?? "").contains("Sources:"))
        #expect((report["ctaLinks"] as? [String]) == ["https://bevgenie.ai/demo"], "the CTA leads to the brand's URL")
        #expect((report["pageSources"] as? [String] ?? []).allSatisfy { !$0.hasSuffix(")") })
        // The script was sent the section table: every type, each with a layout of its own, and the table-driven
        // renderer (what a type without a layout yet gets) shows every text field of every type as text only.
        let table = report["sectionTable"] as? [String: Any] ?? [:]
        let allTypes = SectionType.allCases.map(\.rawValue)
        #expect(table["types"] as? [String] == allTypes, "\(table)")
        #expect(Set(table["layouts"] as? [String] ?? []) == Set(allTypes))
        let generic = table["generic"] as? [String: [String: Any]] ?? [:]
        for type in allTypes {
            let drawn = generic[type] ?? [:]
            #expect(drawn["className"] as? String == "section section-\(type)", "\(type): \(drawn)")
            #expect(drawn["allTextShown"] as? Bool == true, "\(type): \(drawn)")
            #expect(drawn["elements"] as? Int == 0 && (drawn["links"] as? [String])?.isEmpty == true, "\(type): \(drawn)")
        }
        let png = try Data(contentsOf: URL(fileURLWithPath: testOutputDirectory + "/chat-solution-brief.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)
    }

    @Test func scriptInAQuestionOrInTheKnowledgeBaseNeverRuns() async throws {
        let server = try await TestServer.start()
        defer { Task { try? await server.shutDown() } }
        // A knowledge document whose text carries markup and script, and a question that does too.
        var document = try DocumentBuilder().build(id: "xss-doc", source: "test", markdown: """
            ---
            title: Zebra policy <img src=x onerror="window.__xss=true">
            kind: pain_point
            painPoints: compliance
            ---
            # Zebra policy <img src=x onerror="window.__xss=true">

            The zebra policy <script>window.__xss=true</script> keeps every zebra posting compliant.

            ## Signs you have this problem

            - **Missed <b onmouseover="window.__xss=true">zebra</b> postings**: Zebra deadlines slip <script>window.__xss=true</script> every month.
            - **Zebra confusion**: Nobody knows which zebra rule applies.

            ## How BevGenie helps

            - **Zebra tracker <svg onload="window.__xss=true">**: Tracks every zebra deadline.
            - **Zebra calendar**: Shows zebra dates.
            """)
        document.embed(with: HashingEmbedder())
        try await server.store.upsert(document)
        let report = try await browse(
            server.base, #"We keep missing zebra postings <img src=x onerror="window.__xss=true"><script>window.__xss=true</script>"#,
            screenshot: "chat-hostile.png")
        #expect(report["state"] as? String == "complete")
        #expect(report["xssRan"] as? Bool == false)
        #expect(report["scriptElements"] as? Int == 1, "only the page's own script element may exist")
        let messages = report["messages"] as? [[String]] ?? []
        #expect(messages.first?.last?.contains("<script>window.__xss=true</script>") == true, "the question is shown as text")
        let landing = report["landingText"] as? String ?? ""
        #expect(landing.contains("Zebra policy"), "the hostile document was used: \(landing.prefix(200))")
    }

    @Test func aVoidedPageAttemptLeavesTheScreenBeforeTheNextIsDrawn() async throws {
        let server = try await TestServer.start(pipeline: { store in
            var pipeline = Pipeline.local(store: store)
            pipeline.pageGenerator = ResettingPageGenerator(inner: pipeline.pageGenerator)
            pipeline.pageCache = nil
            return pipeline
        })
        defer { Task { try? await server.shutDown() } }
        let report = try await browse(server.base, "Our distributor reps ignore our brand. How do we get mindshare?",
                                      screenshot: "chat-page-reset.png")
        #expect(report["state"] as? String == "complete")
        #expect(report["maxHeroesAtOnce"] as? Int == 1, "the voided attempt's hero stayed beside the new one")
        let sections = report["sections"] as? [String] ?? []
        #expect(sections.first == "section section-hero")
        #expect(sections.filter { $0 == "section section-hero" }.count == 1, "\(sections)")
    }

    @Test func stopCancelsTheRunningPipeline() async throws {
        let responder = SlowResponder(pieces: 400, pause: .milliseconds(20))
        let server = try await TestServer.start(pipeline: { store in .slow(store: store, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let report = try await browse(server.base, "What is BevGenie?", screenshot: "chat-stopped.png", stopEarly: true)
        #expect(report["state"] as? String == "error")
        let messages = report["messages"] as? [[String]] ?? []
        #expect(messages.last == ["message error", "Stopped."])
        // Waits as long as a busy machine needs; a pipeline that was not cancelled would run its 400 pieces (8 s).
        var waited = Duration.zero
        while responder.stoppedAt == nil, waited < .seconds(30) {
            try await Task.sleep(for: .milliseconds(10))
            waited += .milliseconds(10)
        }
        #expect(responder.cancelledAt != nil, "Stop did not cancel the pipeline")
        #expect(responder.stoppedAt != nil, "the pipeline kept running after Stop")
        #expect(responder.emitted < 400)
    }

    /// A reload mid-answer drops the connection, not the run: the reloaded page finds the run's id where the page
    /// kept it, replays the run from its first event and follows it to the end. The run is never cancelled and no
    /// second run starts (the responder streams its pieces exactly once).
    @Test func aReloadMidAnswerResumesTheSameRun() async throws {
        let responder = SlowResponder(pieces: 60, pause: .milliseconds(40), answerIsThePieces: true)
        let server = try await TestServer.start(pipeline: { store in .slow(store: store, responder: responder) })
        defer { Task { try? await server.shutDown() } }
        let report = try await browse(server.base, "What is BevGenie?", screenshot: "chat-reloaded.png", reloadEarly: true)
        #expect(report["reloaded"] as? Bool == true)
        #expect(report["state"] as? String == "complete", "\(report["messages"] ?? "")")
        let before = report["answerBeforeReload"] as? String ?? ""
        #expect(before.hasPrefix("piece 0"), "the answer had begun before the reload: \(before)")
        // The reloaded page replayed the run from its first delta (not only from where it was cut), and ends with
        // the whole answer.
        let seen = report["answerSeenAfterReload"] as? String ?? ""
        #expect(seen.hasPrefix("piece 0 piece 1 "), "the resumed answer began at its start: \(seen.prefix(80))…")
        let answer = (report["answer"] as? [String: Any])?["text"] as? String ?? ""
        #expect(answer.hasPrefix("piece 0 piece 1 ") && answer.hasSuffix("piece 59"), "\(answer.suffix(80))")
        let messages = report["messages"] as? [[String]] ?? []
        #expect(messages.map(\.first) == ["message user", "message assistant"], "\(messages)")
        #expect(messages.first?.last == "What is BevGenie?", "the question is shown again after the reload")
        #expect(report["pendingRunKept"] is NSNull || report["pendingRunKept"] == nil, "a finished run is forgotten")
        #expect(responder.emitted == 60 && responder.cancelledAt == nil, "the run was cut or run twice")
    }
}
