/// Why `bevgenie db copy` would not, or could not, copy. A refusal comes before any row is written.
public enum DatabaseCopyError: ReportableError, CustomStringConvertible, Equatable {
    case sourceMissing(String)
    /// The source cannot be opened or read (not a bevgenie database, from a newer bevgenie, unreadable).
    case source(String)
    /// The destination holds data that is not a copy of this source.
    case notEmpty(destination: String, holds: String)
    /// The destination is (part of) a copy of another source.
    case anotherCopy(destination: String, source: String)
    /// The destination's vectors were made by another embedding model than the source's.
    case modelMismatch(destination: String, stored: String, source: String)
    /// The source's knowledge changed since an earlier run began the copy.
    case sourceChanged(source: String, destination: String, then: String, now: String)
    /// Rows the copy would add already exist in the destination with other content: it was written to since.
    case diverged(table: String, rows: Int)
    /// A table or column of one side has no counterpart on the other.
    case schema(String)
    /// Tests only: the copy stopped after the batches it was told to (as a crash would).
    case interrupted

    public var category: ErrorCategory {
        switch self {
        case .sourceMissing, .notEmpty, .anotherCopy, .modelMismatch, .sourceChanged, .diverged: return .badRequest
        case .source, .schema, .interrupted: return .internal
        }
    }

    public var code: String {
        switch self {
        case .sourceMissing: return "source_missing"
        case .source: return "source_unreadable"
        case .notEmpty: return "destination_not_empty"
        case .anotherCopy: return "destination_copy_of_another"
        case .modelMismatch: return "embedding_model_mismatch"
        case .sourceChanged: return "source_changed"
        case .diverged: return "destination_diverged"
        case .schema: return "schema_mismatch"
        case .interrupted: return "interrupted"
        }
    }

    public var message: String {
        switch self {
        case .sourceMissing(let path): return "no database at \(path)"
        case .source(let reason): return reason
        case .notEmpty(let destination, let holds):
            return "\(destination) already holds \(holds): db copy writes only into an empty database (or continues "
                + "its own copy); create a new one (createdb) and copy into it"
        case .anotherCopy(let destination, let source):
            return "\(destination) holds a copy of \(source), not of this database: copy into a new database"
        case .modelMismatch(let destination, let stored, let source):
            return "\(destination) holds vectors of the embedding model \(stored), the source's are of \(source): "
                + "copy into a new database (vectors of two models cannot be searched together)"
        case .sourceChanged(let source, let destination, let then, let now):
            return "the knowledge of \(source) changed since the copy into \(destination) began (knowledge version "
                + "\(then), now \(now)): copy into a new database"
        case .diverged(let table, let rows):
            return "cannot continue the copy: \(rows) new row\(rows == 1 ? "" : "s") of \(table) in the source have ids the "
                + "destination already gave to rows of its own (both were written to since the copy): copy into a new database"
        case .schema(let reason): return "cannot copy: \(reason)"
        case .interrupted: return "the copy was interrupted"
        }
    }

    public var description: String { message }
}
