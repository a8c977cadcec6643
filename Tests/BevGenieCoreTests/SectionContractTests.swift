import Foundation
import Testing

@testable import BevGenieCore

/// The section contract (docs/EVENTS.md, "Sections"), on every path stage 5 can take: the sections a client
/// assembles from `section` and `page_reset` events, as the contract says to, equal the final page's sections —
/// no stale hero of a failed attempt, no section of two attempts, nothing the page lacks.
@Suite struct SectionContractTests {
    static let question = "Our distributor reps ignore our brand. How do we get mindshare?"

    /// What a client holds after the events, following the contract: a section replaces the one at its index, a
    /// reset empties the list. Also how many resets came, and whether a section came after the page.
    static func assemble(_ events: [PipelineEvent]) -> (sections: [JSONValue?], resets: Int, afterPage: Bool) {
        var sections: [JSONValue?] = []
        var resets = 0
        var pageSeen = false, afterPage = false
        for event in events {
            switch event {
            case .section(let index, let section):
                if pageSeen { afterPage = true }
                if index >= sections.count { sections += Array(repeating: nil, count: index + 1 - sections.count) }
                sections[index] = section
            case .pageReset:
                if pageSeen { afterPage = true }
                resets += 1
                sections.removeAll()
            case .page:
                pageSeen = true
            default:
                break
            }
        }
        return (sections, resets, afterPage)
    }

    /// Runs the question and checks the contract; returns the completed payload and the number of resets.
    func runChecked(_ pipeline: Pipeline, _ message: String = Self.question, sourceLocation: SourceLocation = #_sourceLocation)
        async throws -> (CompletePayload, resets: Int)
    {
        let log = EventLog()
        let outcome = await pipeline.run(ChatRequest(message: message)) { await log.append($0) }
        let events = await log.events
        guard case .completed(let complete) = outcome else {
            Issue.record("the run failed: \(outcome)", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let page = try #require(complete.generatedPage, "no page was built", sourceLocation: sourceLocation)
        let final = page["sections"]?.arrayValue ?? []
        let (assembled, resets, afterPage) = Self.assemble(events)
        #expect(assembled == final.map(Optional.some), "assembled sections differ from the page", sourceLocation: sourceLocation)
        #expect(!afterPage, "a section or reset came after the page", sourceLocation: sourceLocation)
        let heroes = assembled.filter { $0?["type"]?.stringValue == "hero" }.count
        #expect(heroes == 1, "the client holds \(heroes) heroes", sourceLocation: sourceLocation)
        // The page event is the last page-stage event and equals the complete payload's page.
        let pageEvent = events.compactMap { if case .page(let json) = $0 { return json } else { return nil } }.last
        #expect(pageEvent == page, sourceLocation: sourceLocation)
        return (complete, resets)
    }

    /// The valid page cut just after its hero: a client has seen one section when the stream breaks.
    static func pageCutAfterHero(_ request: LoopbackServer.Request) -> String {
        let page = ModelPipelineTests.validPage(ModelPipelineTests.offeredSources(request))
        let cut = page.range(of: #"{"type":"pain_points""#)!.lowerBound
        return String(page[..<cut]) + #"{"type":"pain"#
    }

    func anthropicPipeline(_ store: SQLiteStore, _ server: LoopbackServer, fallback: Bool = false) throws -> Pipeline {
        try Pipeline.configured(
            store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(anthropic: server),
            choices: ModelChoices(page: "anthropic:claude-sonnet-4-5", fallbackToLocal: fallback))
    }

    @Test func theLocalPageAndACachedPageAssembleToThePage() async throws {
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(), choices: ModelChoices())
            let (first, resets) = try await runChecked(pipeline)
            #expect(resets == 0)
            let (second, _) = try await runChecked(pipeline)
            #expect(second.cached == true && second.generatedPage?["id"] == first.generatedPage?["id"])
        }
    }

    @Test func aValidModelPageStreamsExactlyItsSections() async throws {
        let anthropic = try LoopbackServer { request, _ in
            Fixtures.anthropicStream([ModelPipelineTests.validPage(ModelPipelineTests.offeredSources(request))], stopReason: "end_turn")
        }
        try await withStore { store, _ in
            let (complete, resets) = try await runChecked(try anthropicPipeline(store, anthropic))
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(resets == 0)
        }
    }

    @Test func aRepairedPageReplacesTheInvalidAttemptsSections() async throws {
        // The first attempt's hero is valid and shown; a later section cites a chunk that does not exist, so the
        // page is invalid and repaired. The repaired page's sections must reach the client, the first's must go.
        let anthropic = try LoopbackServer { request, number in
            let ids = ModelPipelineTests.offeredSources(request)
            var text = ModelPipelineTests.validPage(ids)
            if number == 0 {
                text = text.replacingOccurrences(of: #""title":"Distributor Scorecards""#, with: #""title":"Made up""#)
                    .replacingOccurrences(of: #""source":"\#(ids.dropFirst().first ?? ids[0])"}]}"#, with: #""source":"made-up-id"}]}"#)
                text = text.replacingOccurrences(of: "Keep distributors accountable", with: "First attempt hero")
            }
            return Fixtures.anthropicStream([text], stopReason: "end_turn")
        }
        try await withStore { store, _ in
            let (complete, resets) = try await runChecked(try anthropicPipeline(store, anthropic))
            #expect(anthropic.requests.count == 2, "one repair round")
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(resets == 1)
            #expect(!(complete.generatedPage?.serialized().contains("First attempt hero") ?? true))
        }
    }

    @Test func aPageInvalidTwiceIsReplacedByTheTemplatePage() async throws {
        // Each attempt shows a valid hero, then breaks the page (a made-up source): both are void, the local page stays.
        let anthropic = try LoopbackServer { request, _ in
            let text = Self.pageCutAfterHero(request) + #"_points","heading":"x","items":[{"title":"t","description":"d","source":"made-up-id"}]}]}"#
            return Fixtures.anthropicStream([text], stopReason: "end_turn")
        }
        try await withStore { store, _ in
            let (complete, resets) = try await runChecked(try anthropicPipeline(store, anthropic))
            #expect(complete.generatedPage?["generator"]?.stringValue == "local")
            #expect(complete.fallbacks.first?["stageId"]?.stringValue == "page")
            #expect(resets == 2, "one reset before the repair, one before the template")
        }
    }

    @Test func aPageStreamCutAfterItsHeroIsRetriedWithoutASecondHero() async throws {
        let anthropic = try LoopbackServer { request, number in
            number == 0
                ? Fixtures.anthropicStream([Self.pageCutAfterHero(request)], stopReason: "end_turn", cut: true)
                : Fixtures.anthropicStream([ModelPipelineTests.validPage(ModelPipelineTests.offeredSources(request))], stopReason: "end_turn")
        }
        try await withStore { store, _ in
            let (complete, resets) = try await runChecked(try anthropicPipeline(store, anthropic))
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(anthropic.requests.count == 2)
            #expect(resets == 1)
        }
    }

    @Test func aPageStreamThatKeepsBreakingFallsBackToLocalWithoutItsSections() async throws {
        let anthropic = try LoopbackServer { request, _ in
            Fixtures.anthropicStream([Self.pageCutAfterHero(request)], stopReason: "end_turn", cut: true)
        }
        try await withStore { store, _ in
            let (complete, resets) = try await runChecked(try anthropicPipeline(store, anthropic, fallback: true))
            #expect(complete.generatedPage?["generator"]?.stringValue == "local")
            #expect(complete.fallbacks.first?["stageId"]?.stringValue == "page")
            #expect(resets >= 1)
        }
    }

    @Test func theEventIsNamedPageResetWithItsReason() {
        let event = PipelineEvent.pageReset(reason: "a repaired page follows")
        #expect(event.name == "page_reset")
        #expect(EventFraming.ndjson(event) == #"{"event":"page_reset","data":{"reason":"a repaired page follows"}}"# + "\n")
    }
}
