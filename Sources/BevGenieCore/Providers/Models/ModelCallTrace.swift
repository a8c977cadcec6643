import Tracing

/// The span of one model call, a child of the stage that made it, with the GenAI semantic-convention attributes
/// (OpenTelemetry semantic conventions 1.44, `gen_ai.*`): who was asked (system, model, limits) and what came
/// back (token counts, finish reason), plus how many attempts it took.
struct ModelCallTrace: Sendable {
    /// `openai`, `anthropic`: `gen_ai.system` and `gen_ai.provider.name`.
    var system: String
    var model: String
    var maxTokens: Int
    var temperature: Double
    /// The finish reason a raw event of the provider's stream carries, if any (`stop`, `length`, `end_turn`, …).
    var finishReason: @Sendable (SSEEvent) -> String?

    var spanName: String { "chat \(model)" }

    func start() -> any Span {
        let span = startSpan(spanName, ofKind: .client)
        span.attributes["gen_ai.operation.name"] = "chat"
        span.attributes["gen_ai.system"] = system
        span.attributes["gen_ai.provider.name"] = system
        span.attributes["gen_ai.request.model"] = model
        span.attributes["gen_ai.request.max_tokens"] = maxTokens
        span.attributes["gen_ai.request.temperature"] = temperature
        return span
    }

    /// What the call returned, recorded on its span when it ends.
    struct Outcome {
        var inputTokens: Int?
        var outputTokens: Int?
        var finishReason: String?
        var attempts = 1

        mutating func observe(_ event: ModelEvent) {
            guard case .usage(let input, let output) = event else { return }
            inputTokens = input ?? inputTokens
            outputTokens = output ?? outputTokens
        }

        func record(on span: any Span, error: (any Error)?) {
            if let inputTokens { span.attributes["gen_ai.usage.input_tokens"] = inputTokens }
            if let outputTokens { span.attributes["gen_ai.usage.output_tokens"] = outputTokens }
            if let finishReason { span.attributes["gen_ai.response.finish_reasons"] = [finishReason] }
            span.attributes["bevgenie.model.attempts"] = attempts
            if let error {
                span.attributes["error.type"] = (error as? ModelError)?.code ?? String(describing: type(of: error))
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error))
            }
            span.end()
        }
    }
}

extension OpenAIChatModel {
    /// `choices[0].finish_reason` of a chunk that has one.
    static func finishReason(_ event: SSEEvent) -> String? {
        guard event.data.contains("finish_reason"), let json = try? JSONParser.parse(event.data) else { return nil }
        return json["choices"]?[0]?["finish_reason"]?.stringValue
    }
}

extension AnthropicChatModel {
    /// `delta.stop_reason` of a `message_delta` event.
    static func finishReason(_ event: SSEEvent) -> String? {
        guard event.data.contains("stop_reason"), let json = try? JSONParser.parse(event.data),
            json["type"]?.stringValue == "message_delta"
        else { return nil }
        return json["delta"]?["stop_reason"]?.stringValue
    }
}
