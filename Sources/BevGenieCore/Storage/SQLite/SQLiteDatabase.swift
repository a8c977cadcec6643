import CSQLite

/// `SQLITE_TRANSIENT` is a C macro Swift cannot import: it tells SQLite to copy bound text before returning.
let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection over the C API.
///
/// Not `Sendable`: a connection must be used by one thread at a time. The store that owns it is an actor, so every
/// call is serialised there; nothing else holds a reference.
public final class SQLiteDatabase {
    let handle: OpaquePointer
    public let path: String
    /// Prepared statements reused across calls with the same SQL, at most `statementCacheCapacity` of them.
    private var statementCache = SQLiteStatementCache(capacity: SQLiteDatabase.statementCacheCapacity)
    /// Enough for every SQL string the store runs, with room to spare; see `SQLiteStatementCache`.
    public static let statementCacheCapacity = 128
    private let busyWait = BusyWait()

    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenOptions(rawValue: SQLITE_OPEN_READONLY)
        public static let readWrite = OpenOptions(rawValue: SQLITE_OPEN_READWRITE)
        public static let create = OpenOptions(rawValue: SQLITE_OPEN_CREATE)
    }

    public init(path: String, options: OpenOptions = [.readWrite, .create]) throws(SQLiteError) {
        var db: OpaquePointer?
        // NOMUTEX: the owning actor already serialises access, SQLite's own mutex would only cost time.
        let flags = options.rawValue | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: message)
        }
        self.handle = db
        self.path = path
    }

    deinit {
        statementCache.removeAll()  // statements must be finalized before the connection closes
        sqlite3_close_v2(handle)
    }

    /// How long a statement waits for another connection's lock (another process writing the file) before it
    /// fails with `SQLITE_BUSY`.
    ///
    /// Not SQLite's `busy_timeout`: that handler backs off to one look every 100 ms, and SQLite's lock is not
    /// fair, so a process committing batch after batch (a `kb import`) takes it again within a millisecond and a
    /// waiter that looks that rarely can miss every gap until it times out. This one looks every 1 to 4 ms.
    public var busyTimeout: Duration {
        get { busyWait.timeout }
        set {
            busyWait.timeout = newValue
            sqlite3_busy_handler(handle, { context, count in
                guard let context else { return 0 }
                let wait = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
                if count == 0 { wait.since = .now }
                guard ContinuousClock.now - wait.since < wait.timeout else { return 0 }
                sqlite3_sleep(count < 16 ? 1 : 4)
                return 1
            }, Unmanaged.passUnretained(busyWait).toOpaque())
        }
    }

    /// The busy handler's state; the connection keeps it alive as long as the handler may be called.
    private final class BusyWait {
        var timeout: Duration = .zero
        var since = ContinuousClock.now
    }

    var lastError: SQLiteError {
        SQLiteError(code: sqlite3_extended_errcode(handle), message: String(cString: sqlite3_errmsg(handle)))
    }

    /// Runs one or more statements that return no rows (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, reset and unbound: the cached one when there is one and nobody is stepping
    /// it, else a new one (cached for next time, unless it is a second copy made because the cached one is busy).
    ///
    /// A caller that steps a statement itself (rather than through `query`) may run other queries meanwhile, even
    /// the same SQL; the statement it holds is never reset or finalized under it (see `SQLiteStatementCache`). It
    /// resets the statement when done (`defer`), or the cached copy stays busy and later calls get one-offs.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = statementCache.statement(for: sql) {
            guard cached.isBusy else {
                cached.reset()
                return cached
            }
            return try SQLiteStatement(database: self, sql: sql, persistent: false)  // a one-off beside the busy one
        }
        let statement = try SQLiteStatement(database: self, sql: sql, persistent: true)
        statementCache.insert(statement)
        return statement
    }

    /// How many prepared statements the connection keeps for reuse.
    public var cachedStatementCount: Int { statementCache.count }

    /// Bytes of heap the connection's prepared statements hold (`SQLITE_DBSTATUS_STMT_USED`).
    public var statementMemoryUsed: Int {
        var current: Int32 = 0
        var highwater: Int32 = 0
        sqlite3_db_status(handle, SQLITE_DBSTATUS_STMT_USED, &current, &highwater, 0)
        return Int(current)
    }

    /// Runs `sql` with `bindings` and returns every row.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> [SQLiteRow] {
        let statement = try prepare(sql)
        defer { statement.reset() }  // on a failure too: a statement left mid-way would stay busy in the cache
        try statement.bind(bindings)
        var rows: [SQLiteRow] = []
        while let row = try statement.step() { rows.append(row) }
        return rows
    }

    /// Runs `sql` with `bindings`, returning the first row if any.
    public func queryRow(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> SQLiteRow? {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        defer { statement.reset() }
        return try statement.step()
    }

    /// Runs a statement that returns no rows.
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) {
        let statement = try prepare(sql)
        try statement.bind(bindings)
        defer { statement.reset() }
        while try statement.step() != nil {}
    }

    /// Bytes SQLite has allocated in this process, all connections together (page caches above all).
    public static var memoryUsed: Int64 { sqlite3_memory_used() }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// Rows changed by this connection since it opened (FTS5's `merge` command reports its work here).
    public var totalChanges: Int { Int(sqlite3_total_changes64(handle)) }

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction: all of it lands or none of it does.
    /// IMMEDIATE takes the write lock up front, so a busy database waits in `busy_timeout` at BEGIN instead of
    /// failing half-way through with a lock upgrade error.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}
