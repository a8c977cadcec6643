import CSQLite
import Dispatch

/// The event log's own connection to the store's file, on a serial queue of its own.
///
/// Why not the store's connection: the store is an actor, so a flush of the log (a transaction of hundreds of
/// rows every 50 ms under load) made every pipeline's search, session and page-cache call wait behind it, and
/// ran on one of the few threads of Swift's cooperative pool. With WAL, a second connection reads beside the
/// first and writes between its transactions (the busy handler waits for the other's commit), and the blocking
/// work runs on a Dispatch thread, off the pool that serves the streams.
///
/// `@unchecked Sendable`: the connection is created on `queue` and used only by work submitted to `queue`,
/// which is serial, so it is never touched by two threads at once. `connection` is read and written only there.
final class SQLiteRunLog: @unchecked Sendable {
    let path: String
    private let queue = DispatchQueue(label: "bevgenie.sqlite.run-log", qos: .utility)
    /// Opened on first use, on `queue`.
    private var connection: SQLiteDatabase?

    init(path: String) {
        self.path = path
    }

    /// Runs `body` with the log's connection, on the log's queue, and returns its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable (SQLiteDatabase) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    continuation.resume(returning: try body(try self.open()))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The connection, opened with the same settings as the store's (the store has already migrated the file).
    private func open() throws -> SQLiteDatabase {
        if let connection { return connection }
        let db = try SQLiteDatabase(path: path, options: [.readWrite])
        db.busyTimeout = SQLiteStore.busyTimeout
        try db.execute("PRAGMA synchronous = NORMAL")
        try db.execute("PRAGMA foreign_keys = ON")
        connection = db
        return db
    }
}
