/// OpenAI Chat Completions with `stream: true`, or any OpenAI-compatible server (Ollama, llama.cpp, vLLM):
/// `data:` chunks with `choices[0].delta.content`, `finish_reason` on the last, a usage chunk
/// (`stream_options.include_usage`), `[DONE]`. The request's shape follows the model's family
/// (`OpenAIModelFamily`: reasoning models take `max_completion_tokens` and no `temperature`).
public struct OpenAIChatModel: ChatModel {
    public let model: String
    let baseURL: String
    let apiKey: String?
    var transport: ModelTransport

    public var id: String { "openai:\(model)" }

    public init(model: String, baseURL: String, apiKey: String?) {
        self.model = model
        self.baseURL = baseURL.withoutTrailingSlashes()
        self.apiKey = apiKey
        self.transport = ModelTransport(provider: "OpenAI")
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let body = OpenAIModelFamily(model: model).body(model: model, request: request)
        var http = HTTPRequest(url: baseURL + "/chat/completions", body: Array(body.serialized().utf8))
        http.headers = [("Content-Type", "application/json"), ("Accept", "text/event-stream")]
        if let apiKey { http.headers.append(("Authorization", "Bearer \(apiKey)")) }
        // The span names the limits actually sent, which depend on the model's family.
        let trace = ModelCallTrace(
            system: "openai", model: model,
            maxTokens: body["max_tokens"]?.intValue ?? body["max_completion_tokens"]?.intValue,
            temperature: body["temperature"]?.doubleValue)
        return transport.run(http, restartable: request.restartable, trace: trace) { event, emit in
            try Self.decode(event, emit)
        }
    }

    /// One SSE event of the stream. Returns true at `[DONE]`.
    public static func decode(_ event: SSEEvent, _ emit: (ModelEvent) -> Void) throws -> Bool {
        let data = event.data.trimmed()
        if data == "[DONE]" { return true }
        guard let json = try? JSONParser.parse(data) else {
            throw ModelError(code: "invalid_response", message: "OpenAI sent a chunk that is not JSON", retryable: true)
        }
        if let error = json["error"] {
            let type = error["type"]?.stringValue ?? error["code"]?.stringValue
            let message = error["message"]?.stringValue ?? "error in stream"
            let retryable = type == "server_error" || type == "rate_limit_exceeded" || type == nil
            throw ModelError(code: retryable ? "server_error" : "provider_error", message: "OpenAI: \(message)", retryable: retryable)
        }
        if let content = json["choices"]?[0]?["delta"]?["content"]?.stringValue, !content.isEmpty {
            emit(.text(content))
        }
        if let reason = json["choices"]?[0]?["finish_reason"]?.stringValue {
            emit(.finished(FinishReason(reason)))
        }
        if let usage = json["usage"], usage != .null {
            emit(.usage(input: usage["prompt_tokens"]?.intValue, output: usage["completion_tokens"]?.intValue))
        }
        return false
    }
}
