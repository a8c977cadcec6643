import CSQLite

/// One result row, read by column index.
///
/// Optionality is explicit: `string`, `int` and `double` are for columns that always hold a value, and throw
/// `SQLITE_MISMATCH` naming the column and the SQL when one is NULL (or is text that is not a number) — a read
/// that used to yield `""` or `0` and carry on as if that were data. Columns that may be NULL (the `NULL`-able
/// ones of `SQLiteSchema`, a scalar subquery that finds nothing) are read with `optionalString`, `optionalInt` and
/// `optionalDouble`, which give nil for NULL.
public struct SQLiteRow: Sendable {
    public let values: [SQLiteValue]
    /// The statement the row came from, for the error that names it.
    public let sql: String

    public init(values: [SQLiteValue], sql: String) {
        self.values = values
        self.sql = sql
    }

    public subscript(index: Int) -> SQLiteValue { values[index] }

    /// Text (a number as its decimal text, a blob as UTF-8); NULL is an error.
    public func string(_ index: Int) throws(SQLiteError) -> String {
        switch values[index] {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: throw nullColumn(index)
        }
    }

    public func optionalString(_ index: Int) throws(SQLiteError) -> String? {
        if case .null = values[index] { return nil }
        return try string(index)
    }

    /// An integer (a real truncated toward zero, text that spells an integer); NULL, a real out of range and other
    /// text are errors.
    public func int(_ index: Int) throws(SQLiteError) -> Int {
        switch values[index] {
        case .integer(let i): return Int(i)
        case .real(let d):
            guard let value = Int(exactly: d.rounded(.towardZero)) else { throw mismatch(index, "the real \(d)") }
            return value
        case .text(let s):
            guard let value = Int(s) else { throw mismatch(index, "the text \"\(s.prefix(40))\"") }
            return value
        case .blob: throw mismatch(index, "a blob")
        case .null: throw nullColumn(index)
        }
    }

    public func optionalInt(_ index: Int) throws(SQLiteError) -> Int? {
        if case .null = values[index] { return nil }
        return try int(index)
    }

    /// A number (an integer widened, text that spells a number); NULL and other text are errors.
    public func double(_ index: Int) throws(SQLiteError) -> Double {
        switch values[index] {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s):
            guard let value = Double(s) else { throw mismatch(index, "the text \"\(s.prefix(40))\"") }
            return value
        case .blob: throw mismatch(index, "a blob")
        case .null: throw nullColumn(index)
        }
    }

    public func optionalDouble(_ index: Int) throws(SQLiteError) -> Double? {
        if case .null = values[index] { return nil }
        return try double(index)
    }

    private func nullColumn(_ index: Int) -> SQLiteError {
        SQLiteError(code: SQLITE_MISMATCH, message: "column \(index) is NULL where a value is required", sql: sql)
    }

    private func mismatch(_ index: Int, _ found: String) -> SQLiteError {
        SQLiteError(code: SQLITE_MISMATCH, message: "column \(index) holds \(found), not a number", sql: sql)
    }
}
