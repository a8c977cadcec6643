/// A turn of a conversation sent to a model.
public struct ModelMessage: Sendable, Equatable {
    public enum Role: String, Sendable { case user, assistant }
    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}

/// What a streaming model call yields.
public enum ModelEvent: Sendable, Equatable {
    case text(String)
    case usage(input: Int?, output: Int?)
}

/// A request to a chat model.
public struct ModelRequest: Sendable {
    public var system: String
    public var messages: [ModelMessage]
    public var maxTokens: Int
    public var temperature: Double
    /// Ask for a JSON object (OpenAI's `response_format`; Anthropic follows the instruction in the prompt).
    public var json: Bool

    public init(system: String, messages: [ModelMessage], maxTokens: Int = 1_024, temperature: Double = 0.3, json: Bool = false) {
        self.system = system
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.json = json
    }
}

/// A large language model behind an HTTP API, streamed.
public protocol ChatModel: Sendable {
    /// `openai:gpt-4o`, `anthropic:claude-sonnet-4-5`.
    var id: String { get }
    /// Text as it is generated, then usage. Failures are `ModelError`s; retries happen inside, and never after
    /// the first text has been yielded.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>
}

extension ChatModel {
    /// The whole answer (for JSON answers that are parsed at the end).
    public func complete(_ request: ModelRequest) async throws -> (text: String, outputTokens: Int?) {
        var text = ""
        var tokens: Int?
        for try await event in stream(request) {
            switch event {
            case .text(let piece): text += piece
            case .usage(_, let output): tokens = output ?? tokens
            }
        }
        return (text, tokens)
    }
}

/// Why a model call failed, in terms a user and a retry policy can act on.
public struct ModelError: ReportableError, CustomStringConvertible, Equatable {
    /// `rate_limited`, `overloaded`, `server_error`, `unauthorized`, `forbidden`, `bad_request`, `not_found`,
    /// `insufficient_quota`, `timeout`, `connection`, `stream_interrupted`, `invalid_response`, `provider_error`.
    public var code: String
    public var message: String
    public var retryable: Bool
    public var status: Int?
    /// The provider's `retry-after`, when it sent one.
    public var retryAfter: String?
    /// A provider that may answer later is unavailable; one that refused (key, quota, request) failed for good;
    /// a cancelled transfer was stopped, not failed.
    public var category: ErrorCategory

    public init(
        code: String, message: String, retryable: Bool, status: Int? = nil, retryAfter: String? = nil,
        category: ErrorCategory? = nil
    ) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retryAfter = retryAfter
        self.category = category ?? (retryable ? .upstreamUnavailable : .upstream)
    }

    public var description: String { message }


    /// The error for an HTTP status and the provider's error body.
    static func http(status: Int, type: String?, message: String?, retryAfter: String?, provider: String) -> ModelError {
        let detail = message.map { ": \($0)" } ?? ""
        switch status {
        case 429 where type == "insufficient_quota" || (message ?? "").contains("quota"):
            return ModelError(code: "insufficient_quota", message: "\(provider) quota exhausted\(detail)", retryable: false, status: status)
        case 429:
            return ModelError(code: "rate_limited", message: "\(provider) rate limit\(detail)", retryable: true, status: status, retryAfter: retryAfter)
        case 529:
            return ModelError(code: "overloaded", message: "\(provider) is overloaded\(detail)", retryable: true, status: status, retryAfter: retryAfter)
        case 500, 502, 503, 504:
            return ModelError(code: "server_error", message: "\(provider) server error (HTTP \(status))\(detail)", retryable: true, status: status, retryAfter: retryAfter)
        case 401:
            return ModelError(code: "unauthorized", message: "\(provider) rejected the API key\(detail)", retryable: false, status: status)
        case 403:
            return ModelError(code: "forbidden", message: "\(provider) refused the request\(detail)", retryable: false, status: status)
        case 404:
            return ModelError(code: "not_found", message: "\(provider): model or endpoint not found\(detail)", retryable: false, status: status)
        case 400, 413, 422:
            return ModelError(code: "bad_request", message: "\(provider) rejected the request\(detail)", retryable: false, status: status)
        default:
            return ModelError(code: "provider_error", message: "\(provider) answered HTTP \(status)\(detail)", retryable: false, status: status)
        }
    }

    static func transport(_ error: HTTPClientError, provider: String) -> ModelError {
        switch error {
        case .timedOut(let message):
            return ModelError(code: "timeout", message: "\(provider) timed out: \(message)", retryable: true)
        case .transport(_, let message):
            return ModelError(code: "connection", message: "cannot reach \(provider): \(message)", retryable: true)
        case .cancelled:
            return ModelError(code: "cancelled", message: "cancelled", retryable: false, category: .stopped)
        }
    }
}
