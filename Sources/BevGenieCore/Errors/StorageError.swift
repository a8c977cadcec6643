/// A storage failure in terms every backend shares, so the pipeline and the server never name a backend's own
/// error type (SQLite today, PostgreSQL next). A backend maps its errors here by conforming to
/// `StorageErrorConvertible`.
public struct StorageError: ReportableError, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// Another writer holds the database longer than the busy timeout: retry shortly.
        case busy
        /// The row or object asked for does not exist.
        case notFound = "not_found"
        /// The database file or a page of it is damaged.
        case corrupt
        /// The database was written by a newer bevgenie.
        case newerSchema = "newer_schema"
        /// The database cannot be written.
        case readOnly = "read_only"
        /// The database cannot be opened or reached.
        case unavailable
        /// Any other failure of the backend.
        case failed
    }

    public var kind: Kind
    /// What the backend said, for people (the backend's own detail, never a password).
    public var message: String

    public init(_ kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var category: ErrorCategory { kind == .busy ? .busy : .internal }
    public var code: String { kind == .busy ? "database_busy" : "storage_error" }
    public var description: String { message }
}

/// A backend's error that can say what it is in storage-neutral terms.
public protocol StorageErrorConvertible: ReportableError {
    var storageError: StorageError { get }
}

extension StorageErrorConvertible {
    public var category: ErrorCategory { storageError.category }
    public var code: String { storageError.code }
    public var message: String { storageError.message }
}
