import CSQLite

/// A value bound to or read from a statement.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(nilLiteral: ()) { self = .null }

    public static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
    public static func optionalText(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
}

/// A prepared statement. Owned by its `SQLiteDatabase` (which caches it), never shared across threads.
public final class SQLiteStatement {
    let handle: OpaquePointer
    unowned let database: SQLiteDatabase
    public let sql: String

    /// `persistent` tells SQLite the statement will be reused many times (it then allocates it where it does not
    /// fragment the lookaside memory); only the cache's statements are.
    init(database: SQLiteDatabase, sql: String, persistent: Bool) throws(SQLiteError) {
        var statement: OpaquePointer?
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            let error = database.lastError
            throw SQLiteError(code: error.code, message: error.message, sql: sql)
        }
        self.handle = statement
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Stepped at least once and not yet reset or run to completion: someone is reading its rows.
    var isBusy: Bool { sqlite3_stmt_busy(handle) != 0 }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
            case .real(let d): rc = sqlite3_bind_double(handle, index, d)
            case .text(var s):
                // By byte count, not up to the first NUL: text with a NUL in it is stored whole.
                rc = s.withUTF8 { utf8 in
                    utf8.withMemoryRebound(to: CChar.self) { bytes in
                        guard let start = bytes.baseAddress else {
                            return sqlite3_bind_text(handle, index, "", 0, SQLITE_TRANSIENT)  // empty, not NULL
                        }
                        return sqlite3_bind_text(handle, index, start, Int32(bytes.count), SQLITE_TRANSIENT)
                    }
                }
            case .blob(let b):
                rc = b.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), SQLITE_TRANSIENT)
                }
            }
            guard rc == SQLITE_OK else { throw failure(rc) }
        }
    }

    /// Advances to the next row; `nil` when the statement is done.
    func step() throws(SQLiteError) -> SQLiteRow? {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW:
            let count = sqlite3_column_count(handle)
            var values: [SQLiteValue] = []
            values.reserveCapacity(Int(count))
            for column in 0..<count { values.append(readColumn(column)) }
            return SQLiteRow(values: values, sql: sql)
        case SQLITE_DONE:
            return nil
        default:
            throw failure(rc)
        }
    }

    private func readColumn(_ column: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, column))
            guard count > 0, let blob = sqlite3_column_blob(handle, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: blob, count: count)))
        default: return .null
        }
    }

    private func failure(_ rc: Int32) -> SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(database.handle),
                    message: String(cString: sqlite3_errmsg(database.handle)), sql: sql)
    }
}
