/// OpenAI Chat Completions with `stream: true`, or any OpenAI-compatible server (Ollama, llama.cpp, vLLM):
/// `data:` chunks with `choices[0].delta.content`, a usage chunk (`stream_options.include_usage`), `[DONE]`.
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
        var messages: [JSONValue] = [.object([("role", "system"), ("content", .string(request.system))])]
        for message in request.messages {
            messages.append(.object([("role", .string(message.role.rawValue)), ("content", .string(message.content))]))
        }
        let body = JSONValue.object([
            "model": .string(model),
            "messages": .array(messages),
            "stream": true,
            "stream_options": .object([("include_usage", true)]),
            "max_tokens": .int(request.maxTokens),
            "temperature": .number(request.temperature),
            "response_format": request.json ? .object([("type", "json_object")]) : nil,
        ])
        var http = HTTPRequest(url: baseURL + "/chat/completions", body: Array(body.serialized().utf8))
        http.headers = [("Content-Type", "application/json"), ("Accept", "text/event-stream")]
        if let apiKey { http.headers.append(("Authorization", "Bearer \(apiKey)")) }
        let trace = ModelCallTrace(
            system: "openai", model: model, maxTokens: request.maxTokens, temperature: request.temperature,
            finishReason: Self.finishReason)
        return transport.run(http, trace: trace) { event, emit in try Self.decode(event, emit) }
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
        if let usage = json["usage"], usage != .null {
            emit(.usage(input: usage["prompt_tokens"]?.intValue, output: usage["completion_tokens"]?.intValue))
        }
        return false
    }
}
