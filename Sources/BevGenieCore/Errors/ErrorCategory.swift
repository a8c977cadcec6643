/// What kind of failure an error is, decided where the error arises (docs/EVENTS.md, "Errors").
///
/// Everything a client or a script acts on derives from the category: the HTTP status, the process exit code and
/// whether retrying the same request can succeed. Nothing downstream matches error codes to decide these.
public enum ErrorCategory: String, Sendable, CaseIterable {
    /// The request itself is wrong (empty message, bad JSON, invalid session id): fix it, do not retry.
    case badRequest = "bad_request"
    /// bevgenie or its database is momentarily overloaded (database busy, too many pipelines): retry shortly.
    case busy
    /// A model provider is temporarily unavailable (rate limit, overload, 5xx, timeout, connection): retry later.
    case upstreamUnavailable = "upstream_unavailable"
    /// A model provider refused the request for good (bad key, forbidden, exhausted quota, bad request).
    case upstream
    /// Something inside bevgenie failed (storage error, invalid page): a bug or a broken installation.
    case `internal`
    /// The run was stopped on purpose (a stop request or an interrupt): not a failure.
    case stopped

    /// Whether the same request may succeed if sent again later.
    public var isRetryable: Bool {
        switch self {
        case .busy, .upstreamUnavailable: return true
        case .badRequest, .upstream, .internal, .stopped: return false
        }
    }

    /// The HTTP status of a JSON reply that failed this way.
    public var httpStatus: Int {
        switch self {
        case .badRequest: return 400
        case .busy, .upstreamUnavailable: return 503
        case .upstream: return 502
        case .internal: return 500
        case .stopped: return 409
        }
    }

    /// The exit code of a command that failed this way (README, "Exit codes": 1 failed, 130 interrupted; 2 is
    /// kept for usage errors the argument parser finds before any work starts).
    public var exitCode: Int32 {
        switch self {
        case .stopped: return 130
        case .badRequest, .busy, .upstreamUnavailable, .upstream, .internal: return 1
        }
    }
}

/// An error that knows its category, its stable machine-readable code and a message for people.
///
/// Every error the pipeline can report conforms (requests, storage, providers, the pipeline's own); an error that
/// does not is reported as `internal`.
public protocol ReportableError: Error {
    var category: ErrorCategory { get }
    /// Stable, snake_case: `empty_message`, `database_busy`, `rate_limited`, `invalid_page`.
    var code: String { get }
    /// One line for people.
    var message: String { get }
    /// Whether retrying can succeed; the category's answer unless the error knows better.
    var retryable: Bool { get }
    /// Seconds to wait before retrying, when the error knows (a provider's `retry-after`); nil otherwise.
    var retryAfterSeconds: Int? { get }
}

extension ReportableError {
    public var retryable: Bool { category.isRetryable }
    public var retryAfterSeconds: Int? { nil }
}
