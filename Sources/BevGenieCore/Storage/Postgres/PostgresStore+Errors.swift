import NIOCore
import PostgresNIO

extension PostgresStore {
    /// PostgresNIO's errors in the terms every backend shares. The message names the server by its URL with the
    /// password hidden, and carries the server's own message and SQLSTATE, never the query's bound values.
    static func storageError(_ error: any Error, url: PostgresURL, connecting: Bool = false) -> any Error {
        if error is StorageError || error is KnowledgeError || error is DatabaseCopyError || error is CancellationError {
            return error
        }
        if let error = error as? any StorageErrorConvertible { return error.storageError }
        if error is PostgresStatementLost {
            // The server went away under the statement (a restart): the pool reconnects, the caller may retry.
            return StorageError(.busy, message: "cannot reach PostgreSQL at \(url): \(error)")
        }
        guard let error = error as? PSQLError else {
            if connecting || error is ChannelError || error is IOError {
                return StorageError(.unavailable, message: "cannot reach PostgreSQL at \(url): \(error)")
            }
            return StorageError(.failed, message: "PostgreSQL at \(url): \(error)")
        }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let text = info[.message] ?? "error"
            let message = "PostgreSQL at \(url): \(text) (SQLSTATE \(state))"
            var kind = kind(sqlState: state)
            // The server shutting down under a running statement: retryable once the pool has reconnected.
            if !connecting, state.hasPrefix("57P") { kind = .busy }
            return StorageError(kind, message: message)
        }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
             .sslUnsupported, .failedToAddSSLHandler:
            let reason = error.underlying.map { "\($0)" } ?? "\(error.code)"
            // Lost mid-work (a restart, a failover): the pool reconnects by itself, so the caller may retry.
            return StorageError(connecting ? .unavailable : .busy, message: "cannot reach PostgreSQL at \(url): \(reason)")
        case .queryCancelled:
            return CancellationError()
        default:
            return StorageError(.failed, message: "PostgreSQL at \(url): \(error.code)")
        }
    }

    /// SQLSTATE classes (PostgreSQL's appendix A) to storage-neutral kinds.
    static func kind(sqlState state: String) -> StorageError.Kind {
        switch state {
        // Serialization failure, deadlock, lock not available, too many connections: retry shortly.
        case "40001", "40P01", "55P03", "53300", "57P03": return .busy
        case "25006": return .readOnly
        case "XX001", "XX002": return .corrupt
        case "28000", "28P01", "3D000", "57P01", "57P02": return .unavailable
        default: return state.hasPrefix("08") ? .unavailable : .failed
        }
    }
}
