import CSQLite

extension SQLiteError: StorageErrorConvertible {
    /// SQLite's result codes in the terms every backend shares.
    public var storageError: StorageError {
        let kind: StorageError.Kind
        switch primaryCode {
        case SQLITE_BUSY, SQLITE_LOCKED: kind = .busy
        case SQLITE_CORRUPT, SQLITE_NOTADB: kind = .corrupt
        case SQLITE_READONLY: kind = .readOnly
        case SQLITE_CANTOPEN: kind = .unavailable
        case SQLITE_NOTFOUND: kind = .notFound
        default: kind = .failed
        }
        return StorageError(kind, message: "database error: \(message)")
    }
}

extension StoreError: StorageErrorConvertible {
    public var storageError: StorageError {
        switch self {
        case .cannotOpen: return StorageError(.unavailable, message: description)
        case .notADatabase, .foreignDatabase: return StorageError(.corrupt, message: description)
        case .newerSchema: return StorageError(.newerSchema, message: description)
        case .readOnly: return StorageError(.readOnly, message: description)
        case .sqlite(let error): return error.storageError
        }
    }
}
