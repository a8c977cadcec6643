/// One visitor message to run through the pipeline.
public struct ChatRequest: Sendable {
    /// The longest message accepted, in characters: a question, not a document.
    public static let maxMessageLength = 4_000

    public var message: String
    /// The conversation to continue; a new session is created when nil (or when no session has this id yet).
    public var sessionId: String?
    /// The run's id when the caller chose it (a server names the run before it starts, for `X-Run-Id`); new
    /// when nil.
    public var runId: String?

    public init(message: String, sessionId: String? = nil, runId: String? = nil) {
        self.message = message
        self.sessionId = sessionId
        self.runId = runId
    }

    /// Checks the request before any work is done.
    public func validate() throws(RequestError) {
        if message.allSatisfy({ $0.isWhitespace }) { throw .emptyMessage }
        if message.count > Self.maxMessageLength { throw .messageTooLong(message.count) }
        if let sessionId, !RandomID.isValidSessionID(sessionId) { throw .invalidSessionID(sessionId) }
    }
}

/// Why a request was refused before the pipeline started.
public enum RequestError: ReportableError, CustomStringConvertible, Equatable {
    /// The message is empty or only whitespace.
    case emptyMessage
    /// The message is longer than `ChatRequest.maxMessageLength`.
    case messageTooLong(Int)
    /// The session id has characters or a length that is not allowed.
    case invalidSessionID(String)
    /// A request body that is not JSON, or not an object (the parser's or our explanation).
    case invalidJSON(String)
    /// The body has no string `"message"`.
    case missingMessage
    /// The body's `"sessionId"` is neither a string nor null.
    case sessionIDNotAString

    public var description: String {
        switch self {
        case .emptyMessage: return "the message is empty"
        case .messageTooLong(let count):
            return "the message is \(count) characters long; the limit is \(ChatRequest.maxMessageLength)"
        case .invalidSessionID(let id):
            let shown = id.count > 70 ? String(id.prefix(64)) + "…" : id
            return "invalid session id '\(shown)': use 1-64 letters, digits, '-' or '_'"
        case .invalidJSON(let reason): return reason
        case .missingMessage: return "\"message\" must be a string"
        case .sessionIDNotAString: return "\"sessionId\" must be a string"
        }
    }

    public var code: String {
        switch self {
        case .emptyMessage: return "empty_message"
        case .messageTooLong: return "message_too_long"
        case .invalidSessionID, .sessionIDNotAString: return "invalid_session_id"
        case .invalidJSON: return "invalid_json"
        case .missingMessage: return "missing_message"
        }
    }

    public var category: ErrorCategory { .badRequest }
    public var message: String { description }
}
