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
    /// The model said why it stopped (OpenAI `finish_reason`, Anthropic `stop_reason`).
    case finished(FinishReason)
    /// An attempt failed after some of its text was yielded and a fresh attempt starts: forget this call's text
    /// so far. Only a `restartable` request (text no visitor sees) gets it.
    case restart
}

/// Why the model stopped writing, in the provider's words, and whether that means the text is not whole.
public struct FinishReason: Sendable, Equatable {
    /// `stop`, `length`, `content_filter` (OpenAI); `end_turn`, `max_tokens`, `stop_sequence`, `refusal`
    /// (Anthropic).
    public var raw: String

    public init(_ raw: String) {
        self.raw = raw
    }

    /// nil when the model finished what it meant to write; else why the text is cut: `max_tokens` (the token
    /// limit was reached) or `content_filter` (the provider stopped it).
    public var truncation: String? {
        switch raw {
        case "length", "max_tokens", "model_context_window_exceeded": return "max_tokens"
        case "content_filter", "refusal": return "content_filter"
        default: return nil
        }
    }
}

/// A request to a chat model.
public struct ModelRequest: Sendable {
    public var system: String
    public var messages: [ModelMessage]
    public var maxTokens: Int
    public var temperature: Double
    /// Ask for a JSON object (OpenAI's `response_format`; Anthropic follows the instruction in the prompt).
    public var json: Bool
    /// Nobody sees this call's text as it streams (an intent, a page's JSON): a stream that breaks after some
    /// text may be retried from scratch (the caller gets `.restart`). An answer streamed to a visitor is not.
    public var restartable = false

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
    /// Text as it is generated, usage and the finish reason. Failures are `ModelError`s; retries happen inside,
    /// within the wait budget, and never after the first text has been yielded — unless the request is
    /// `restartable`, when a fresh attempt is announced with `.restart`.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<ModelEvent, any Error>
}

extension ChatModel {
    /// The whole answer (for JSON answers that are parsed at the end). Nobody sees it stream, so a broken stream
    /// is retried from scratch.
    public func complete(_ request: ModelRequest) async throws -> (text: String, outputTokens: Int?) {
        var request = request
        request.restartable = true
        var text = ""
        var tokens: Int?
        for try await event in stream(request) {
            switch event {
            case .text(let piece): text += piece
            case .usage(_, let output): tokens = output ?? tokens
            case .finished: break
            case .restart:
                text = ""
                tokens = nil
            }
        }
        return (text, tokens)
    }
}

/// Why a model call failed, in terms a user and a retry policy can act on.
public struct ModelError: ReportableError, CustomStringConvertible, Equatable {
    /// `rate_limited`, `overloaded`, `server_error`, `request_timeout`, `conflict`, `unauthorized`, `forbidden`,
    /// `bad_request`, `not_found`, `insufficient_quota`, `timeout`, `connection`, `stream_interrupted`,
    /// `empty_answer`, `invalid_response`, `provider_error`.
    public var code: String
    public var message: String
    public var retryable: Bool
    public var status: Int?
    /// The provider's requested wait, when it sent one: `retry-after` (seconds or an HTTP date), or
    /// `retry-after-ms` in seconds; or the wait a retry would have needed when the wait budget refused it.
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

    /// `retryAfter` as a duration (nil when absent or unreadable).
    public var retryAfterDelay: Duration? { RetryPolicy.parseRetryAfter(retryAfter) }

    /// The wait in whole seconds, rounded up: what an HTTP `Retry-After` and the error event's `retryAfter` say.
    public var retryAfterSeconds: Int? {
        guard retryable, let delay = retryAfterDelay else { return nil }
        return max(1, Int((delay.milliseconds / 1000).rounded(.up)))
    }

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
        case 408:
            return ModelError(code: "request_timeout", message: "\(provider) timed out the request (HTTP 408)\(detail)", retryable: true, status: status, retryAfter: retryAfter)
        case 409:
            // A conflict or a lock on the provider's side (OpenAI sends it for a busy resource): transient.
            return ModelError(code: "conflict", message: "\(provider) reported a conflict (HTTP 409)\(detail)", retryable: true, status: status, retryAfter: retryAfter)
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
        case .timedOut(let kind, let message):
            return ModelError(
                code: "timeout",
                message: "\(provider) timed out: the \(kind.rawValue) timeout fired (\(message)); raise it with "
                    + "--timeout \(provider.lowercased()).\(kind.rawValue)=SECONDS",
                retryable: true)
        case .transport(_, let message):
            return ModelError(code: "connection", message: "cannot reach \(provider): \(message)", retryable: true)
        case .cancelled:
            return ModelError(code: "cancelled", message: "cancelled", retryable: false, category: .stopped)
        }
    }
}
