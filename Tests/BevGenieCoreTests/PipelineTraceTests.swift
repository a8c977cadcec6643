import Foundation
import InMemoryTracing
import Testing
import Tracing

@testable import BevGenieCore

/// The spans a run makes, through swift-distributed-tracing's in-memory tracer bound to the test's task
/// (`withTracer`): nothing process-wide is bootstrapped, so tests running beside this one are not traced.
@Suite struct PipelineTraceTests {
    static func children(of parent: FinishedInMemorySpan, in spans: [FinishedInMemorySpan]) -> [FinishedInMemorySpan] {
        spans.filter { $0.parentSpanID == parent.spanID }
    }

    @Test func aRunIsOneSpanWithAChildPerStage() async throws {
        try await withStore { store, _ in
            let tracer = InMemoryTracer()
            let outcome = await withTracer(tracer) {
                await Pipeline.local(store: store).run(ChatRequest(message: "How much does it cost?")) { _ in }
            }
            guard case .completed(let complete) = outcome else {
                Issue.record("run failed: \(outcome)")
                return
            }
            let spans = tracer.finishedSpans
            let runs = spans.filter { $0.operationName == "bevgenie.run" }
            let run = try #require(runs.count == 1 ? runs.first : nil, "\(spans.map(\.operationName))")
            #expect(run.parentSpanID == nil)
            #expect(run.attributes.get("bevgenie.run.id") == .string(complete.runId))
            #expect(run.attributes.get("bevgenie.run.status") == .string("ok"))
            #expect(run.attributes.get("bevgenie.intent") == .string("pricing"))
            #expect(run.attributes.get("session.id") != nil)
            let stages = Self.children(of: run, in: spans)
            #expect(stages.map(\.operationName) == StageID.allCases.map { "bevgenie.stage.\($0.rawValue)" })
            for stage in stages {
                #expect(stage.traceID == run.traceID)
                #expect(stage.attributes.get("bevgenie.stage") == .string(String(stage.operationName.dropFirst(15))))
            }
        }
    }

    @Test func aFailedRunSaysWhereAndWhy() async throws {
        try await withStore { store, _ in
            let tracer = InMemoryTracer()
            let failing = Pipeline(
                knowledge: store, sessions: store, classifier: FailingClassifier(), responder: LocalResponder(),
                pageGenerator: LocalPageBuilder(store: store))
            let outcome = await withTracer(tracer) {
                await failing.run(ChatRequest(message: "How much does it cost?")) { _ in }
            }
            guard case .failed(let error) = outcome else {
                Issue.record("expected a failure: \(outcome)")
                return
            }
            let run = try #require(tracer.finishedSpans.first { $0.operationName == "bevgenie.run" })
            #expect(run.status?.code == .error)
            #expect(run.attributes.get("error.type") == .string(error.code))
            #expect(run.attributes.get("bevgenie.error.category") == .string("upstream"))
            #expect(run.attributes.get("bevgenie.stage") == .string("intent"))
            let intent = try #require(tracer.finishedSpans.first { $0.operationName == "bevgenie.stage.intent" })
            #expect(intent.parentSpanID == run.spanID)
            #expect(intent.errors.count == 1)
        }
    }

    @Test func aModelCallIsAClientSpanWithGenAIAttributes() async throws {
        let openAI = try LoopbackServer { _, _ in Fixtures.openAIStream(["Pricing ", "depends on markets."]) }
        let anthropic = try LoopbackServer { _, _ in Fixtures.anthropicStream(["{}"]) }
        let tracer = InMemoryTracer()
        let request = ModelRequest(system: "s", messages: [.init(role: .user, content: "hi")], maxTokens: 300, temperature: 0.2)
        await withTracer(tracer) {
            _ = await Fixtures.collect(OpenAIChatModel(model: "gpt-test", baseURL: openAI.baseURL + "/v1", apiKey: "k"), request)
            _ = await Fixtures.collect(
                AnthropicChatModel(model: "claude-test", baseURL: anthropic.baseURL, apiKey: "k"), request)
        }
        let spans = tracer.finishedSpans
        let openAISpan = try #require(spans.first { $0.operationName == "chat gpt-test" }, "\(spans.map(\.operationName))")
        #expect(openAISpan.kind == .client)
        #expect(openAISpan.attributes.get("gen_ai.system") == .string("openai"))
        #expect(openAISpan.attributes.get("gen_ai.operation.name") == .string("chat"))
        #expect(openAISpan.attributes.get("gen_ai.request.model") == .string("gpt-test"))
        #expect(openAISpan.attributes.get("gen_ai.request.max_tokens") == .int64(300))
        #expect(openAISpan.attributes.get("gen_ai.usage.input_tokens") == .int64(120))
        #expect(openAISpan.attributes.get("gen_ai.usage.output_tokens") == .int64(42))
        #expect(openAISpan.attributes.get("gen_ai.response.finish_reasons") == .stringArray(["stop"]))
        let anthropicSpan = try #require(spans.first { $0.operationName == "chat claude-test" })
        #expect(anthropicSpan.attributes.get("gen_ai.system") == .string("anthropic"))
        #expect(anthropicSpan.attributes.get("gen_ai.usage.input_tokens") == .int64(95))
        #expect(anthropicSpan.attributes.get("gen_ai.usage.output_tokens") == .int64(37))
        #expect(anthropicSpan.attributes.get("gen_ai.response.finish_reasons") == .stringArray(["end_turn"]))
    }

    @Test func aFailedModelCallIsAnErrorSpan() async throws {
        let server = try LoopbackServer { _, _ in
            [.write(Array("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}".utf8)), .close]
        }
        let tracer = InMemoryTracer()
        let result = await withTracer(tracer) {
            await Fixtures.collect(OpenAIChatModel(model: "gpt-test", baseURL: server.baseURL + "/v1", apiKey: "k"))
        }
        #expect((result.error as? ModelError)?.code == "unauthorized")
        let span = try #require(tracer.finishedSpans.first { $0.operationName == "chat gpt-test" })
        #expect(span.status?.code == .error)
        #expect(span.attributes.get("error.type") == .string("unauthorized"))
        #expect(span.attributes.get("bevgenie.model.attempts") == .int64(1))
    }

    @Test func aModelThatKeepsFailingIsOneSpanOverEveryAttemptAndTheRunNamesTheFallback() async throws {
        let anthropic = try ProviderFaultTests.breakingPageModel()
        try await withStore { store, _ in
            let pipeline = try ProviderFaultTests.pageOnModelWithFallback(store, anthropic)
            let tracer = InMemoryTracer()
            let outcome = await withTracer(tracer) {
                await pipeline.run(ChatRequest(message: ProviderFaultTests.pageQuestion)) { _ in }
            }
            guard case .completed = outcome else { Issue.record("failed: \(outcome)"); return }
            let spans = tracer.finishedSpans
            let run = try #require(spans.first { $0.operationName == "bevgenie.run" })
            #expect(run.attributes.get("bevgenie.run.status") == .string("ok"))
            #expect(run.attributes.get("bevgenie.fallback.stages") == .stringArray(["page"]))
            let page = try #require(spans.first { $0.operationName == "bevgenie.stage.page" })
            let calls = Self.children(of: page, in: spans)
            #expect(calls.map(\.operationName) == ["chat claude-sonnet-4-5"], "one span for all attempts")
            #expect(calls.first?.attributes.get("bevgenie.model.attempts") == .int64(3))
            #expect(calls.first?.attributes.get("error.type") == .string("stream_interrupted"))
            #expect(calls.first?.status?.code == .error)
            #expect(anthropic.requests.count == 3)
        }
    }

    @Test func aReasoningModelsSpanNamesTheLimitsItWasSent() async throws {
        let server = try LoopbackServer { _, _ in Fixtures.openAIStream(["Fine."], finish: "length") }
        let tracer = InMemoryTracer()
        let request = ModelRequest(system: "s", messages: [.init(role: .user, content: "hi")], maxTokens: 300, temperature: 0.2)
        await withTracer(tracer) {
            _ = await Fixtures.collect(OpenAIChatModel(model: "o3-mini", baseURL: server.baseURL + "/v1", apiKey: "k"), request)
        }
        let span = try #require(tracer.finishedSpans.first { $0.operationName == "chat o3-mini" })
        #expect(span.attributes.get("gen_ai.request.max_tokens") == .int64(Int64(300 + OpenAIModelFamily.reasoningHeadroom)))
        #expect(span.attributes.get("gen_ai.request.temperature") == nil, "a reasoning model is sent none")
        #expect(span.attributes.get("gen_ai.response.finish_reasons") == .stringArray(["length"]))
    }
}

/// An intent classifier whose provider refuses for good, as a model with a bad key does.
private struct FailingClassifier: IntentClassifier {
    var name: String { "failing" }
    func classify(_ message: String) async throws -> IntentDecision {
        throw ModelError(code: "unauthorized", message: "the provider rejected the key", retryable: false)
    }
}
