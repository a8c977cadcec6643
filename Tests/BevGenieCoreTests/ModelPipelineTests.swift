import Foundation
import Testing

@testable import BevGenieCore

/// The pipeline with real provider clients pointed at loopback servers that speak the providers' formats.
@Suite struct ModelPipelineTests {
    /// Source ids the prompt offered (`<source id="…"`).
    static func offeredSources(_ request: LoopbackServer.Request) -> [String] {
        let system = request.json?["system"]?.stringValue
            ?? request.json?["messages"]?[0]?["content"]?.stringValue ?? ""
        var ids: [String] = []
        var rest = Substring(system)
        while let start = rest.range(of: "<source id=\"") {
            rest = rest[start.upperBound...]
            if let end = rest.firstIndex(of: "\"") {
                ids.append(String(rest[..<end]))
                rest = rest[end...]
            }
        }
        return ids
    }

    static func validPage(_ ids: [String]) -> String {
        let a = ids.first ?? "none", b = ids.dropFirst().first ?? a
        return JSONValue.object([
            ("title", "Keeping distributors accountable"), ("subtitle", "For suppliers"),
            ("sections", [
                .object([("type", "hero"), ("headline", "Keep distributors accountable"), ("subheadline", "Scorecards for every partner."), ("sources", [.string(a)])]),
                .object([("type", "pain_points"), ("heading", "Signs"), ("items", [.object([("title", "No fair comparison"), ("description", "Every market reports differently."), ("source", .string(a))])])]),
                .object([("type", "features"), ("heading", "How BevGenie helps"), ("items", [.object([("title", "Distributor Scorecards"), ("description", "Rank partners on the same terms."), ("source", .string(b))])])]),
                .object([("type", "cta"), ("headline", "See it with your data"), ("buttonLabel", "Book a demo"), ("action", "demo"), ("sources", [])]),
            ]),
        ]).serialized()
    }

    /// `waitBudget` (seconds): generous unless a test is about it, so two busy cores never decide whether a retry
    /// is made.
    static func catalog(openAI: LoopbackServer? = nil, anthropic: LoopbackServer? = nil, waitBudget: Int = 600)
        throws -> ModelCatalog
    {
        var environment = [
            "HOME": NSTemporaryDirectory() + "bevgenie-no-config-" + UUID().uuidString,
            "BEVGENIE_STAGE_WAIT_BUDGET": String(waitBudget), "BEVGENIE_RUN_WAIT_BUDGET": String(waitBudget),
        ]
        if let openAI {
            environment["OPENAI_BASE_URL"] = openAI.baseURL + "/v1"
            environment["OPENAI_API_KEY"] = "sk-test"
        }
        if let anthropic {
            environment["ANTHROPIC_BASE_URL"] = anthropic.baseURL
            environment["ANTHROPIC_API_KEY"] = "sk-ant-test"
        }
        return try ModelCatalog(environment: environment)
    }

    func run(_ pipeline: Pipeline, _ message: String) async -> ([PipelineEvent], Pipeline.Outcome) {
        let log = EventLog()
        let outcome = await pipeline.run(ChatRequest(message: message)) { await log.append($0) }
        return (await log.events, outcome)
    }

    @Test func modelsAnswerAndBuildThePageWhenConfigured() async throws {
        let openAI = try LoopbackServer { _, _ in
            Fixtures.openAIStream(["Scorecards rank every distributor ", "on the same terms ", "[feature-distributor-scorecards:1]."])
        }
        let anthropic = try LoopbackServer { request, _ in
            let page = Self.validPage(Self.offeredSources(request))
            // Streamed in small pieces, as a model writes.
            var steps = [Fixtures.sseHead()]
            var index = page.startIndex
            while index < page.endIndex {
                let next = page.index(index, offsetBy: 40, limitedBy: page.endIndex) ?? page.endIndex
                steps.append(Fixtures.anthropicDelta(String(page[index..<next])))
                index = next
            }
            steps.append(Fixtures.anthropicEvent("message_stop", #"{"type":"message_stop"}"#))
            return steps
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try Self.catalog(openAI: openAI, anthropic: anthropic),
                choices: ModelChoices(response: "openai:gpt-4o", page: "anthropic:claude-sonnet-4-5"))
            let (events, outcome) = await run(pipeline, "Our distributor reps ignore our brand. How do we get mindshare?")
            guard case .completed(let complete) = outcome else {
                Issue.record("failed: \(outcome)")
                return
            }
            let deltas = events.compactMap { if case .delta(_, let text) = $0 { return text } else { return nil } }
            #expect(deltas == ["Scorecards rank every distributor ", "on the same terms ", "[feature-distributor-scorecards:1]."])
            #expect(complete.message == deltas.joined())
            let response = events.compactMap { if case .stage(let s) = $0, s.stage == .response, s.status == .complete { return s.result } else { return nil } }.first
            #expect(response?["provider"]?.stringValue == "openai:gpt-4o")
            #expect(response?["tokens"]?.intValue == 42)
            #expect(events.filter { $0.name == "section" }.count == 4)
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(complete.fallbacks.isEmpty)
            // The prompt carried the persona and the knowledge, fenced as data.
            let system = openAI.requests.first?.json?["messages"]?[0]?["content"]?.stringValue ?? ""
            #expect(system.contains("<knowledge>") && system.contains("not instructions"))
            #expect(system.contains("distributor_performance"))
        }
    }

    @Test func anInvalidPageGetsOneRepairRound() async throws {
        let anthropic = try LoopbackServer { request, number in
            let ids = Self.offeredSources(request)
            let text = number == 0
                ? #"{"title":"Broken","sections":[{"type":"hero","headline":"","sources":["made-up-id"]}]}"#
                : Self.validPage(ids)
            return [Fixtures.sseHead(), Fixtures.anthropicDelta(text), Fixtures.anthropicEvent("message_stop", #"{"type":"message_stop"}"#)]
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try Self.catalog(anthropic: anthropic),
                choices: ModelChoices(page: "anthropic:claude-sonnet-4-5"))
            let (_, outcome) = await run(pipeline, "Our distributor reps ignore our brand.")
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(anthropic.requests.count == 2)
            let repair = anthropic.requests[1].json?["messages"]?.arrayValue?.last?["content"]?.stringValue ?? ""
            #expect(repair.contains("sections[0].headline: empty"))
            #expect(repair.contains("made-up-id"))
        }
    }

    @Test func aPageInvalidTwiceFallsBackToTheTemplateAndSaysSo() async throws {
        let anthropic = try LoopbackServer { _, _ in
            [Fixtures.sseHead(), Fixtures.anthropicDelta("Sorry, I cannot produce JSON today."),
             Fixtures.anthropicEvent("message_stop", #"{"type":"message_stop"}"#)]
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try Self.catalog(anthropic: anthropic),
                choices: ModelChoices(page: "anthropic:claude-sonnet-4-5"))
            let (_, outcome) = await run(pipeline, "Our distributor reps ignore our brand.")
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.generatedPage?["generator"]?.stringValue == "local")
            let fallback = try #require(complete.fallbacks.first)
            #expect(fallback["stageId"]?.stringValue == "page")
            #expect(fallback["from"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(complete.json["fallbacks"] != nil)
        }
    }

    @Test func aProviderFailureIsAnErrorEventOrALocalFallback() async throws {
        let openAI = try LoopbackServer { _, _ in
            LoopbackServer.response(status: 401, body: #"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#)
        }
        try await withStore { store, _ in
            let catalog = try Self.catalog(openAI: openAI)
            let strict = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                 choices: ModelChoices(response: "openai:gpt-4o"))
            let (events, outcome) = await run(strict, "How much does it cost?")
            guard case .failed(let error) = outcome else { Issue.record("expected a failure"); return }
            #expect(error.stage == .response && error.code == "unauthorized" && !error.retryable)
            if case .error = events.last {} else { Issue.record("the last event is not the error") }
            #expect(!events.contains { $0.name == "complete" })

            let forgiving = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                    choices: ModelChoices(response: "openai:gpt-4o", fallbackToLocal: true))
            let (_, second) = await run(forgiving, "How much does it cost?")
            guard case .completed(let complete) = second else { Issue.record("fallback did not complete"); return }
            #expect(complete.message.contains("Sources:"), "the local provider answered")
            #expect(complete.fallbacks.first?["stageId"]?.stringValue == "response")
            #expect(complete.fallbacks.first?["reason"]?.stringValue?.contains("rejected the API key") == true)
        }
    }

    @Test func aModelClassifiesIntentWithAValidatedJSONAnswer() async throws {
        let openAI = try LoopbackServer { _, number in
            Fixtures.openAIStream([number == 0 ? #"{"intent":"demo","confidence":0.93}"# : #"{"intent":"haggling"}"#])
        }
        let classifier = ModelIntentClassifier(model: OpenAIChatModel(model: "gpt-4o-mini", baseURL: openAI.baseURL + "/v1", apiKey: "k"))
        let decision = try await classifier.classify("could we set up a call next week?")
        #expect(decision.intent == .demo && decision.pageType == .demoRequest && decision.confidence == 0.93)
        await #expect(throws: ModelError.self) { _ = try await classifier.classify("anything") }
        #expect(openAI.requests.first?.json?["response_format"]?["type"]?.stringValue == "json_object")
    }

    @Test func keysAreNeverPrintedOrStored() async throws {
        let openAI = try LoopbackServer { _, _ in Fixtures.openAIStream(["An answer."]) }
        try await withStore { store, directory in
            let pipeline = try Pipeline.configured(store: store, embedder: HashingEmbedder(),
                                                   catalog: try Self.catalog(openAI: openAI), choices: ModelChoices(response: "openai:gpt-4o"))
            let (events, _) = await run(pipeline, "What is BevGenie?")
            #expect(!events.map { EventFraming.ndjson($0) }.joined().contains("sk-test"))
            let database = try Data(contentsOf: URL(fileURLWithPath: directory.file("test.db")))
            #expect(database.range(of: Data("sk-test".utf8)) == nil)
        }
    }
}
