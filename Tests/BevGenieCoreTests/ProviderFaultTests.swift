import Foundation
import Testing

@testable import BevGenieCore

/// Wire-format pieces for the faults real providers and OpenAI-compatible servers show (issue 15), in the formats
/// they really send.
extension Fixtures {
    /// A Chat Completions stream: a role chunk, content pieces, then as asked a finish chunk, a usage chunk and
    /// `[DONE]`; `cut` closes the connection right after the pieces (a dropped stream).
    static func openAIStream(
        _ pieces: [String], finish: String? = "stop", usage: Bool = true, done: Bool = true, cut: Bool = false
    ) -> [LoopbackServer.Step] {
        var steps = [sseHead()]
        steps.append(.write(Array(#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#.utf8) + [10, 10]))
        for piece in pieces { steps.append(.write(Array(openAIChunk(piece).utf8))) }
        if cut { return steps + [.close] }
        if let finish {
            steps.append(.write(Array(#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"\#(finish)"}]}"#.utf8) + [10, 10]))
        }
        if usage {
            steps.append(.write(Array(#"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":120,"completion_tokens":42,"total_tokens":162}}"#.utf8) + [10, 10]))
        }
        if done { steps.append(.write(Array("data: [DONE]\n\n".utf8))) }
        return steps + [.close]
    }

    /// A Messages stream with the given `stop_reason`; `stop: false` leaves out `message_stop`, `cut` closes the
    /// connection right after the pieces.
    static func anthropicStream(_ pieces: [String], stopReason: String, stop: Bool = true, cut: Bool = false)
        -> [LoopbackServer.Step]
    {
        var steps = [sseHead()]
        steps.append(anthropicEvent("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"usage":{"input_tokens":95,"output_tokens":1}}}"#))
        steps.append(anthropicEvent("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#))
        for piece in pieces { steps.append(anthropicDelta(piece)) }
        if cut { return steps + [.close] }
        steps.append(anthropicEvent("content_block_stop", #"{"type":"content_block_stop","index":0}"#))
        steps.append(anthropicEvent("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"\#(stopReason)","stop_sequence":null},"usage":{"output_tokens":37}}"#))
        if stop { steps.append(anthropicEvent("message_stop", #"{"type":"message_stop"}"#)) }
        return steps + [.close]
    }

    /// An OpenAI error answer, as the API sends it.
    static func openAIError(status: Int, code: String, message: String, headers: [String: String] = [:])
        -> [LoopbackServer.Step]
    {
        LoopbackServer.response(
            status: status, headers: headers,
            body: #"{"error":{"message":"\#(message)","type":"invalid_request_error","param":null,"code":"\#(code)"}}"#)
    }

    /// What api.openai.com answers a reasoning model sent the classic parameters: a 400 `unsupported_parameter`
    /// (or `unsupported_value` for a temperature other than 1). nil when the request is acceptable.
    static func openAIRejection(_ request: LoopbackServer.Request) -> [LoopbackServer.Step]? {
        guard let json = request.json, let model = json["model"]?.stringValue else { return nil }
        let reasoning = (model.hasPrefix("o") && model.dropFirst().first?.isNumber == true)
            || (model.hasPrefix("gpt-5") && !model.contains("-chat"))
        guard reasoning else {
            if json["max_completion_tokens"] != nil, json["max_tokens"] != nil {
                return openAIError(status: 400, code: "invalid_request_error", message: "max_tokens and max_completion_tokens are mutually exclusive")
            }
            return nil
        }
        if json["max_tokens"] != nil {
            return openAIError(status: 400, code: "unsupported_parameter", message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
        }
        if let temperature = json["temperature"]?.doubleValue, temperature != 1 {
            return openAIError(status: 400, code: "unsupported_value", message: "Unsupported value: 'temperature' does not support \(temperature) with this model. Only the default (1) value is supported.")
        }
        if model.hasPrefix("o1-mini") || model.hasPrefix("o1-preview") {
            if json["messages"]?.arrayValue?.contains(where: { $0["role"]?.stringValue == "system" }) == true {
                return openAIError(status: 400, code: "unsupported_value", message: "Unsupported value: 'messages[0].role' does not support 'system' with this model.")
            }
            if json["response_format"] != nil {
                return openAIError(status: 400, code: "unsupported_parameter", message: "Unsupported parameter: 'response_format' is not supported with this model.")
            }
        }
        return nil
    }

    static func collectAll(_ model: any ChatModel, _ request: ModelRequest = ModelRequest(system: "s", messages: [.init(role: .user, content: "hi")]))
        async -> (text: String, events: [ModelEvent], error: ModelError?)
    {
        var text = ""
        var events: [ModelEvent] = []
        do {
            for try await event in model.stream(request) {
                events.append(event)
                switch event {
                case .text(let piece): text += piece
                case .restart: text = ""
                default: break
                }
            }
            return (text, events, nil)
        } catch {
            return (text, events, error as? ModelError)
        }
    }
}

@Suite struct ProviderFaultTests {
    /// `budget`: the wait budget, generous unless a test is about it (with two busy cores, the attempts before a
    /// retry can take many seconds, and the default 20 s must not decide a test about something else).
    func openAI(_ server: LoopbackServer, model: String = "gpt-4o", attempts: Int = 3, budget: Duration = .seconds(600))
        -> OpenAIChatModel
    {
        var model = OpenAIChatModel(model: model, baseURL: server.baseURL + "/v1", apiKey: "sk-test")
        model.transport.maxAttempts = attempts
        model.transport.waitBudget.stage = budget
        model.transport.waitBudget.run = budget
        return model
    }

    func anthropic(_ server: LoopbackServer) -> AnthropicChatModel {
        var model = AnthropicChatModel(model: "claude-sonnet-4-5", baseURL: server.baseURL, apiKey: "sk-ant-test")
        model.transport.waitBudget = ProviderTests.generousBudget
        return model
    }

    func run(_ pipeline: Pipeline, _ message: String) async -> ([PipelineEvent], Pipeline.Outcome) {
        let log = EventLog()
        let outcome = await pipeline.run(ChatRequest(message: message)) { await log.append($0) }
        return (await log.events, outcome)
    }

    static let pageQuestion = "Our distributor reps ignore our brand. How do we get mindshare?"

    // MARK: 2 — a stream nobody saw is retried from scratch

    @Test func anIntentStreamCutAfterAFewChunksIsRetriedAsAFreshAttempt() async throws {
        let server = try LoopbackServer { _, number in
            number == 0
                ? Fixtures.openAIStream([#"{"inte"#, #"nt":"de"#], cut: true)
                : Fixtures.openAIStream([#"{"intent":"demo","#, #""confidence":0.9}"#])
        }
        let classifier = ModelIntentClassifier(model: openAI(server))
        let decision = try await classifier.classify("can we set up a call?")
        #expect(decision.intent == .demo && decision.confidence == 0.9)
        #expect(server.requests.count == 2)
    }

    @Test func aPageStreamCutPartWayIsRetriedAsAFreshAttempt() async throws {
        let anthropic = try LoopbackServer { request, number in
            let page = ModelPipelineTests.validPage(ModelPipelineTests.offeredSources(request))
            if number == 0 { return Fixtures.anthropicStream([String(page.prefix(70))], stopReason: "end_turn", cut: true) }
            return Fixtures.anthropicStream([String(page.prefix(100)), String(page.dropFirst(100))], stopReason: "end_turn")
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(anthropic: anthropic),
                choices: ModelChoices(page: "anthropic:claude-sonnet-4-5"))
            let (_, outcome) = await run(pipeline, Self.pageQuestion)
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.generatedPage?["generator"]?.stringValue == "anthropic:claude-sonnet-4-5")
            #expect(complete.fallbacks.isEmpty)
            #expect(anthropic.requests.count == 2)
        }
    }

    /// An Anthropic page model whose every stream breaks part way.
    static func breakingPageModel() throws -> LoopbackServer {
        try LoopbackServer { request, _ in
            let page = ModelPipelineTests.validPage(ModelPipelineTests.offeredSources(request))
            return Fixtures.anthropicStream([String(page.prefix(70))], stopReason: "end_turn", cut: true)
        }
    }

    /// The pipeline with its page stage on `anthropic`, falling back to local when it fails.
    static func pageOnModelWithFallback(_ store: SQLiteStore, _ anthropic: LoopbackServer) throws -> Pipeline {
        try Pipeline.configured(
            store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(anthropic: anthropic),
            choices: ModelChoices(page: "anthropic:claude-sonnet-4-5", fallbackToLocal: true))
    }

    @Test func aPageStreamThatKeepsBreakingFallsBackToLocalWithFallback() async throws {
        let anthropic = try Self.breakingPageModel()
        try await withStore { store, _ in
            let pipeline = try Self.pageOnModelWithFallback(store, anthropic)
            let (_, outcome) = await run(pipeline, Self.pageQuestion)
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.generatedPage?["generator"]?.stringValue == "local")
            #expect(complete.fallbacks.first?["stageId"]?.stringValue == "page")
            #expect(complete.fallbacks.first?["reason"]?.stringValue?.contains("ended the stream") == true)
            #expect(anthropic.requests.count == 3, "every attempt was made")
        }
    }

    // MARK: 3 — the wait budget, retry-after-ms, 408 and 409

    @Test func aRetryAfterLongerThanTheBudgetFailsFastRetryableWithTheWait() async throws {
        let server = try LoopbackServer { _, _ in
            Fixtures.openAIError(status: 429, code: "rate_limit_exceeded", message: "Rate limit reached for gpt-4o", headers: ["retry-after": "90"])
        }
        let result = await Fixtures.collectAll(openAI(server, budget: .seconds(20)))
        let error = try #require(result.error)
        #expect(error.code == "rate_limited" && error.retryable && error.category == .upstreamUnavailable)
        #expect(error.retryAfterSeconds == 90)
        #expect(error.message.contains("a retry would wait 90 s") && error.message.contains("wait budget"))
        #expect(server.requests.count == 1, "the 90 s were not waited")
        // The error event says the wait too.
        let payload = ErrorPayload(reporting: error, stage: .response)
        #expect(payload.json["retryAfter"]?.intValue == 90)
    }

    @Test func retryAfterMsIsHonouredBeforeRetryAfter() async throws {
        // retry-after alone (an hour) is past the budget; retry-after-ms (150 ms) is what OpenAI means.
        let server = try LoopbackServer { _, number in
            number == 0
                ? Fixtures.openAIError(status: 429, code: "rate_limit_exceeded", message: "Rate limit reached", headers: ["retry-after": "3600", "retry-after-ms": "150"])
                : Fixtures.openAIStream(["ok"])
        }
        // A budget the hour never fits, and the 150 ms do however long a loaded machine takes to get there.
        let result = await Fixtures.collectAll(openAI(server, budget: .seconds(600)))
        #expect(result.error == nil && result.text == "ok")
        #expect(server.requests.count == 2)
    }

    @Test func requestTimeoutsAndConflictsAreRetriedAsTransient() async throws {
        let server = try LoopbackServer { _, number in
            switch number {
            case 0: return Fixtures.openAIError(status: 408, code: "timeout", message: "Request timed out", headers: ["retry-after-ms": "10"])
            case 1: return Fixtures.openAIError(status: 409, code: "conflict", message: "The resource is locked", headers: ["retry-after-ms": "10"])
            default: return Fixtures.openAIStream(["third time"])
            }
        }
        let result = await Fixtures.collectAll(openAI(server))
        #expect(result.error == nil && result.text == "third time", "\(result.error?.message ?? "")")
        #expect(server.requests.count == 3)
    }

    @Test func withFallbackALongRetryAfterFallsBackAtOnce() async throws {
        let server = try LoopbackServer { _, _ in
            Fixtures.openAIError(status: 429, code: "rate_limit_exceeded", message: "Rate limit reached", headers: ["retry-after": "90"])
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(),
                catalog: try ModelPipelineTests.catalog(openAI: server, waitBudget: 20),
                choices: ModelChoices(response: "openai:gpt-4o", fallbackToLocal: true))
            let (_, outcome) = await run(pipeline, "How much does it cost?")
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.message.contains("Sources:"), "the local provider answered")
            #expect(complete.fallbacks.first?["reason"]?.stringValue?.contains("wait budget") == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test func theWaitBudgetComesFromFlagsEnvironmentOrConfig() throws {
        let home = NSTemporaryDirectory() + "bevgenie-limits-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: home + "/.config/bevgenie", withIntermediateDirectories: true)
        try Data(#"{"waitBudget": {"stage": 5, "run": 50}, "openai": {"timeouts": {"total": 200, "idle": 40}}, "anthropic": {"timeouts": {"connect": 3}}}"#.utf8)
            .write(to: URL(fileURLWithPath: home + "/.config/bevgenie/config.json"))
        defer { try? FileManager.default.removeItem(atPath: home) }

        let fromFile = try ModelCatalog(environment: ["HOME": home]).limits
        #expect(fromFile.waitBudget.stage == .seconds(5) && fromFile.waitBudget.run == .seconds(50))
        #expect(fromFile.openAI.total == .seconds(200) && fromFile.openAI.idle == .seconds(40))
        #expect(fromFile.anthropic.connect == .seconds(3) && fromFile.anthropic.total == .seconds(120))

        let environment = [
            "HOME": home, "BEVGENIE_STAGE_WAIT_BUDGET": "8", "BEVGENIE_OPENAI_IDLE_TIMEOUT": "90",
            "ANTHROPIC_API_KEY": "sk-ant-test",
        ]
        let overridden = try ModelCatalog(
            environment: environment,
            limits: ModelLimits.Overrides(timeouts: ["anthropic.total=300", "connect=2.5"], waitBudget: ["run=30"]))
        #expect(overridden.limits.waitBudget.stage == .seconds(8) && overridden.limits.waitBudget.run == .seconds(30))
        #expect(overridden.limits.openAI.idle == .seconds(90) && overridden.limits.openAI.connect == .milliseconds(2500))
        #expect(overridden.limits.anthropic.total == .seconds(300))

        // The models get them.
        let model = try #require(try overridden.model("anthropic:claude-sonnet-4-5") as? AnthropicChatModel)
        #expect(model.transport.timeouts.total == .seconds(300) && model.transport.waitBudget.run == .seconds(30))

        for bad in [["idle"], ["idle=soon"], ["mistral.idle=3"], ["openai.stall=3"], ["idle=0"]] {
            #expect(throws: ModelCatalog.Failure.self) {
                _ = try ModelCatalog(environment: ["HOME": home], limits: ModelLimits.Overrides(timeouts: bad))
            }
        }
        #expect(throws: ModelCatalog.Failure.self) {
            _ = try ModelCatalog(environment: ["HOME": home, "BEVGENIE_RUN_WAIT_BUDGET": "-1"])
        }
    }

    // MARK: 4 — an empty answer is a failed attempt

    @Test func anEmptyAnswerIsRetried() async throws {
        let server = try LoopbackServer { _, number in
            number == 0 ? Fixtures.openAIStream(["", "  \n"]) : Fixtures.openAIStream(["A real answer."])
        }
        let result = await Fixtures.collectAll(openAI(server))
        #expect(result.error == nil && result.text == "A real answer.", "\(result.error?.message ?? "")")
        #expect(server.requests.count == 2)
        #expect(!result.events.contains(.text("  \n")), "whitespace before any text was never shown")
    }

    @Test func anAnswerThatStaysEmptyFailsOrFallsBackNeverSucceedsEmpty() async throws {
        let server = try LoopbackServer { _, _ in Fixtures.openAIStream([]) }
        let direct = await Fixtures.collectAll(openAI(server, attempts: 2))
        #expect(direct.error?.code == "empty_answer" && direct.error?.retryable == true)
        try await withStore { store, _ in
            let catalog = try ModelPipelineTests.catalog(openAI: server)
            let strict = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                 choices: ModelChoices(response: "openai:gpt-4o"))
            let (_, failed) = await run(strict, "How much does it cost?")
            guard case .failed(let error) = failed else { Issue.record("an empty answer succeeded: \(failed)"); return }
            #expect(error.code == "empty_answer" && error.stage == .response)

            let forgiving = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                    choices: ModelChoices(response: "openai:gpt-4o", fallbackToLocal: true))
            let (_, outcome) = await run(forgiving, "How much does it cost?")
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(!complete.message.isEmpty && complete.fallbacks.first?["stageId"]?.stringValue == "response")
        }
    }

    // MARK: 5 — finish reasons

    @Test func aFinishReasonWithoutDoneIsAComplete() async throws {
        let openAIServer = try LoopbackServer { _, _ in Fixtures.openAIStream(["All ", "there."], done: false) }
        let fromOpenAI = await Fixtures.collectAll(openAI(openAIServer))
        #expect(fromOpenAI.error == nil && fromOpenAI.text == "All there.")
        #expect(fromOpenAI.events.contains(.finished(FinishReason("stop"))))
        #expect(openAIServer.requests.count == 1)

        let anthropicServer = try LoopbackServer { _, _ in Fixtures.anthropicStream(["All ", "there."], stopReason: "end_turn", stop: false) }
        let fromAnthropic = await Fixtures.collectAll(anthropic(anthropicServer))
        #expect(fromAnthropic.error == nil && fromAnthropic.text == "All there.")
        #expect(anthropicServer.requests.count == 1)

        // Without a finish reason or an end marker it is still an interrupted stream.
        let cutServer = try LoopbackServer { _, _ in Fixtures.openAIStream(["Half"], finish: nil, usage: false, done: false) }
        let cut = await Fixtures.collectAll(openAI(cutServer))
        #expect(cut.error?.code == "stream_interrupted")
    }

    @Test func anAnswerCutAtMaxTokensIsMarkedTruncated() async throws {
        let server = try LoopbackServer { _, _ in
            Fixtures.openAIStream(["Scorecards rank every distributor ", "on the same"], finish: "length")
        }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(openAI: server),
                choices: ModelChoices(response: "openai:gpt-4o"))
            let (events, outcome) = await run(pipeline, Self.pageQuestion)
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.message == "Scorecards rank every distributor on the same")
            #expect(complete.truncated == "max_tokens")
            #expect(complete.json["truncated"]?.stringValue == "max_tokens")
            let response = events.compactMap { if case .stage(let s) = $0, s.stage == .response, s.status == .complete { return s.result } else { return nil } }.first
            #expect(response?["truncated"]?.stringValue == "max_tokens")
        }
        let whole = try LoopbackServer { _, _ in Fixtures.openAIStream(["Whole."]) }
        try await withStore { store, _ in
            let pipeline = try Pipeline.configured(
                store: store, embedder: HashingEmbedder(), catalog: try ModelPipelineTests.catalog(openAI: whole),
                choices: ModelChoices(response: "openai:gpt-4o"))
            let (_, outcome) = await run(pipeline, "What is BevGenie?")
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            #expect(complete.truncated == nil && complete.json["truncated"] == nil)
        }
        let anthropicServer = try LoopbackServer { _, _ in Fixtures.anthropicStream(["Cut"], stopReason: "max_tokens") }
        let fromAnthropic = await Fixtures.collectAll(anthropic(anthropicServer))
        #expect(fromAnthropic.events.contains(.finished(FinishReason("max_tokens"))))
        #expect(FinishReason("max_tokens").truncation == "max_tokens" && FinishReason("end_turn").truncation == nil)
    }

    // MARK: 6 — a failure after the answer streamed, with --fallback local

    @Test func withFallbackAnAnswerCutAfterTextIsKeptAndThePageStillBuilt() async throws {
        let server = try LoopbackServer { _, _ in
            Fixtures.openAIStream(["Scorecards rank every distributor ", "on the same terms"], cut: true)
        }
        try await withStore { store, _ in
            let catalog = try ModelPipelineTests.catalog(openAI: server)
            let forgiving = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                    choices: ModelChoices(response: "openai:gpt-4o", fallbackToLocal: true))
            let (events, outcome) = await run(forgiving, Self.pageQuestion)
            guard case .completed(let complete) = outcome else { Issue.record("failed: \(outcome)"); return }
            let deltas = events.compactMap { if case .delta(_, let text) = $0 { return text } else { return nil } }
            #expect(complete.message == deltas.joined())
            #expect(complete.message == "Scorecards rank every distributor on the same terms")
            #expect(complete.truncated == "stream_interrupted")
            let fallback = try #require(complete.fallbacks.first)
            #expect(fallback["stageId"]?.stringValue == "response" && fallback["to"]?.stringValue == "partial")
            #expect(complete.generatedPage != nil, "the page stage ran")
            #expect(server.requests.count == 1, "text was shown: not retried")

            // Without fallback the cut answer is reported, not accepted.
            let strict = try Pipeline.configured(store: store, embedder: HashingEmbedder(), catalog: catalog,
                                                 choices: ModelChoices(response: "openai:gpt-4o"))
            let (_, failed) = await run(strict, Self.pageQuestion)
            guard case .failed(let error) = failed else { Issue.record("a cut answer was accepted"); return }
            #expect(error.code == "stream_interrupted" && !error.retryable && error.stage == .response)
        }
    }

    // MARK: 8 — timeouts name themselves

    @Test func theTimeoutThatFiredIsNamed() async throws {
        let stalled = try LoopbackServer { _, _ in [Fixtures.sseHead(), .pause(milliseconds: 120_000)] }
        var idleModel = openAI(stalled, attempts: 1)
        idleModel.transport.idleTimeout = .seconds(1)
        let idle = await Fixtures.collectAll(idleModel)
        #expect(idle.error?.code == "timeout")
        #expect(idle.error?.message.contains("the idle timeout fired") == true)
        #expect(idle.error?.message.contains("--timeout openai.idle=") == true)

        // Data keeps coming (SSE comments), so only the total limit can end it.
        let trickle = try LoopbackServer { _, _ in
            [Fixtures.sseHead()] + Array(repeating: [LoopbackServer.Step.write(Array(": keep-alive\n\n".utf8)), .pause(milliseconds: 100)], count: 600).flatMap { $0 }
        }
        var totalModel = openAI(trickle, attempts: 1)
        totalModel.transport.totalTimeout = .seconds(1)
        let total = await Fixtures.collectAll(totalModel)
        #expect(total.error?.code == "timeout")
        #expect(total.error?.message.contains("the total timeout fired") == true)
    }

    // MARK: 9 — reasoning models

    @Test func reasoningModelsGetMaxCompletionTokensAndNoTemperature() async throws {
        let server = try LoopbackServer { request, _ in
            Fixtures.openAIRejection(request) ?? Fixtures.openAIStream([#"{"intent":"pricing","confidence":0.8}"#])
        }
        let request = ModelRequest(system: "Classify.", messages: [.init(role: .user, content: "how much?")],
                                   maxTokens: 60, temperature: 0, json: true)
        for name in ["gpt-4o", "o3-mini", "o4-mini", "o1", "gpt-5", "gpt-5-mini", "o1-mini", "gpt-5-chat-latest"] {
            let result = await Fixtures.collectAll(openAI(server, model: name, attempts: 1), request)
            #expect(result.error == nil, "\(name): \(result.error?.message ?? "")")
        }
        let bodies = Dictionary(server.requests.compactMap { r in r.json?["model"]?.stringValue.map { ($0, r.json!) } },
                                uniquingKeysWith: { a, _ in a })
        // The classic shape, which OpenAI-compatible servers (llama.cpp, Ollama) understand.
        #expect(bodies["gpt-4o"]?["max_tokens"]?.intValue == 60 && bodies["gpt-4o"]?["temperature"]?.doubleValue == 0)
        #expect(bodies["gpt-4o"]?["max_completion_tokens"] == nil)
        #expect(bodies["gpt-5-chat-latest"]?["max_tokens"]?.intValue == 60)
        // The reasoning shape: a completion limit with room for reasoning, no temperature.
        for name in ["o3-mini", "o4-mini", "o1", "gpt-5", "gpt-5-mini"] {
            #expect(bodies[name]?["max_tokens"] == nil && bodies[name]?["temperature"] == nil, "\(name)")
            #expect((bodies[name]?["max_completion_tokens"]?.intValue ?? 0) > 60, "\(name)")
            #expect(bodies[name]?["response_format"]?["type"]?.stringValue == "json_object", "\(name)")
        }
        // o1-mini: no system role, no response_format; the instructions lead the user's turn.
        let early = try #require(bodies["o1-mini"])
        #expect(early["messages"]?[0]?["role"]?.stringValue == "user")
        #expect(early["messages"]?[0]?["content"]?.stringValue?.hasPrefix("Classify.") == true)
        #expect(early["response_format"] == nil)

        // The rejection is real: the classic shape sent to a reasoning model is refused for good.
        #expect(Fixtures.openAIRejection(LoopbackServer.Request(
            method: "POST", path: "/v1/chat/completions", headers: [:],
            body: Array(#"{"model":"o3-mini","max_tokens":60}"#.utf8))) != nil)
        #expect(OpenAIModelFamily(model: "o3-mini") == .reasoning && OpenAIModelFamily(model: "gpt-4o-mini") == .chat)
        #expect(OpenAIModelFamily(model: "omni-moderation") == .chat && OpenAIModelFamily(model: "llama3.2") == .chat)
    }
}
