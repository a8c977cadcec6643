import Tracing

/// The span of one model call, a child of the stage that made it, with the GenAI semantic-convention attributes
/// (OpenTelemetry semantic conventions 1.44, `gen_ai.*`): who was asked (system, model, limits) and what came
/// back (token counts, finish reason), plus how many attempts it took.
struct ModelCallTrace: Sendable {
    /// `openai`, `anthropic`: `gen_ai.system` and `gen_ai.provider.name`.
    var system: String
    var model: String
    /// The limits the request carried: nil when it sent none (a reasoning model takes no `temperature`).
    var maxTokens: Int?
    var temperature: Double?

    var spanName: String { "chat \(model)" }

    func start() -> any Span {
        let span = startSpan(spanName, ofKind: .client)
        span.attributes["gen_ai.operation.name"] = "chat"
        span.attributes["gen_ai.system"] = system
        span.attributes["gen_ai.provider.name"] = system
        span.attributes["gen_ai.request.model"] = model
        if let maxTokens { span.attributes["gen_ai.request.max_tokens"] = maxTokens }
        if let temperature { span.attributes["gen_ai.request.temperature"] = temperature }
        return span
    }

    /// What the call returned, recorded on its span when it ends.
    struct Outcome {
        var inputTokens: Int?
        var outputTokens: Int?
        var finishReason: String?
        var attempts = 1

        mutating func observe(_ event: ModelEvent) {
            switch event {
            case .usage(let input, let output):
                inputTokens = input ?? inputTokens
                outputTokens = output ?? outputTokens
            case .finished(let reason):
                finishReason = reason.raw
            case .text, .restart:
                break
            }
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
