/// Anthropic Messages with `stream: true`: `message_start`, `content_block_delta` (`text_delta`), `ping`,
/// `message_delta` (`stop_reason`, usage), `message_stop`, and `error` events mid-stream (such as `overloaded_error`).
public struct AnthropicChatModel: ChatModel {
    public let model: String
    let baseURL: String
    let apiKey: String
    var transport: ModelTransport

    public var id: String { "anthropic:\(model)" }
    static let apiVersion = "2023-06-01"

    public init(model: String, baseURL: String, apiKey: String) {
        self.model = model
        self.baseURL = baseURL.withoutTrailingSlashes()
        self.apiKey = apiKey
        self.transport = ModelTransport(provider: "Anthropic")
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error> {
        let body = JSONValue.object([
            ("model", .string(model)),
            ("max_tokens", .int(request.maxTokens)),
            ("temperature", .number(request.temperature)),
            ("system", .string(request.system)),
            ("messages", .array(request.messages.map {
                .object([("role", .string($0.role.rawValue)), ("content", .string($0.content))])
            })),
            ("stream", true),
        ])
        var http = HTTPRequest(url: baseURL + "/v1/messages", body: Array(body.serialized().utf8))
        http.headers = [
            ("Content-Type", "application/json"), ("Accept", "text/event-stream"), ("x-api-key", apiKey),
            ("anthropic-version", Self.apiVersion),
        ]
        let trace = ModelCallTrace(
            system: "anthropic", model: model, maxTokens: request.maxTokens, temperature: request.temperature)
        return transport.run(http, restartable: request.restartable, trace: trace) { event, emit in
            try Self.decode(event, emit)
        }
    }

    /// One SSE event of the stream. Returns true at `message_stop`.
    public static func decode(_ event: SSEEvent, _ emit: (ModelEvent) -> Void) throws -> Bool {
        guard let json = try? JSONParser.parse(event.data) else {
            throw ModelError(code: "invalid_response", message: "Anthropic sent an event that is not JSON", retryable: true)
        }
        switch json["type"]?.stringValue ?? event.event {
        case "content_block_delta":
            if json["delta"]?["type"]?.stringValue == "text_delta", let text = json["delta"]?["text"]?.stringValue, !text.isEmpty {
                emit(.text(text))
            }
        case "message_start":
            if let usage = json["message"]?["usage"] {
                emit(.usage(input: usage["input_tokens"]?.intValue, output: usage["output_tokens"]?.intValue))
            }
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { emit(.finished(FinishReason(reason))) }
            if let output = json["usage"]?["output_tokens"]?.intValue { emit(.usage(input: nil, output: output)) }
        case "message_stop":
            return true
        case "error":
            let type = json["error"]?["type"]?.stringValue ?? "error"
            let message = json["error"]?["message"]?.stringValue ?? "error in stream"
            switch type {
            case "overloaded_error":
                throw ModelError(code: "overloaded", message: "Anthropic is overloaded: \(message)", retryable: true)
            case "rate_limit_error":
                throw ModelError(code: "rate_limited", message: "Anthropic rate limit: \(message)", retryable: true)
            case "api_error":
                throw ModelError(code: "server_error", message: "Anthropic server error: \(message)", retryable: true)
            default:
                throw ModelError(code: "provider_error", message: "Anthropic: \(message)", retryable: false)
            }
        default:
            break  // ping, content_block_start, content_block_stop
        }
        return false
    }
}
