/// An outbound HTTP request (to an LLM or embedding API).
public struct HTTPRequest: Sendable {
    public var url: String
    public var method: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Time to establish the connection (TCP and TLS).
    public var connectTimeout: Duration = .seconds(10)
    /// Time for the whole exchange.
    public var totalTimeout: Duration = .seconds(120)
    /// The transfer is abandoned when no byte arrives for this long (a stalled stream).
    public var idleTimeout: Duration = .seconds(30)

    public init(url: String, method: String = "POST", headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
    }
}

/// Status and headers, as they arrive before the body.
public struct HTTPResponseHead: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

public struct HTTPResponse: Sendable {
    public var head: HTTPResponseHead
    public var body: [UInt8]
    public var status: Int { head.status }
}

/// A transfer that did not complete.
public enum HTTPClientError: Error, CustomStringConvertible, Equatable {
    /// The connection failed or broke (DNS, refused, reset, TLS, cut off mid-body).
    case transport(code: Int, message: String)
    /// The connect, total or idle time limit passed: which one, and what it was.
    case timedOut(HTTPTimeout, String)
    /// The task was cancelled and the transfer aborted.
    case cancelled

    public var description: String {
        switch self {
        case .transport(_, let message): return "connection failed: \(message)"
        case .timedOut(let kind, let message): return "the \(kind.rawValue) timeout fired: \(message)"
        case .cancelled: return "cancelled"
        }
    }
}

/// The three time limits of a transfer (`HTTPRequest.connectTimeout`, `idleTimeout`, `totalTimeout`).
public enum HTTPTimeout: String, Sendable, CaseIterable {
    /// Establishing the connection (TCP and TLS) took too long.
    case connect
    /// Nothing arrived for too long (a stalled stream).
    case idle
    /// The whole exchange took too long.
    case total
}
