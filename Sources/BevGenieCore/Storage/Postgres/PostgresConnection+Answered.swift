import NIOCore
import PostgresNIO
import Synchronization

extension PostgresConnection {
    /// `body`'s result; or, when this connection closes and `body` has not returned `PostgresStatementWatch.grace`
    /// later, `PostgresStatementLost` (the store reports it as a retryable `database_busy`).
    ///
    /// Why: PostgresNIO (1.33.2) hands a statement to its channel with `channel.write(HandlerTask…, promise: nil)`
    /// (`PostgresConnection.query`, `PostgresClient.query`) and then waits on a promise that only its channel
    /// handler completes. A connection the pool leased just as the server ended it (a restart: `pg_ctl stop -m
    /// fast` ends every session with 57P01) can get that write after NIO has removed the closed channel's handlers;
    /// the head of the pipeline then drops the write — it could fail only the write's own promise, and there is
    /// none — so the statement's promise is never completed and its `await` never returns, cancelled or not. The
    /// run waiting on it streamed heartbeats for ever, held its pipeline slot, and kept SIGTERM from finishing.
    /// Nothing on a closed connection can still be answered: the handler fails every statement it knows in
    /// `channelInactive`, before `closeFuture` completes, so what is still waiting a moment later was dropped.
    ///
    /// `body` runs in a task of its own so that this call can return without it; a dropped statement's task stays
    /// suspended for good (a few hundred bytes per statement lost to a closed connection, nothing otherwise).
    func answered<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let answer = PendingAnswer<T>()
        let watch = PostgresStatementWatch.shared
        let token = watch.register(answer, on: self)
        defer { watch.unregister(token, on: self) }
        let statement = Task {
            do {
                answer.resolve(.success(try await body(self)))
            } catch {
                answer.resolve(.failure(error))
            }
        }
        return try await withTaskCancellationHandler {
            try await answer.value()
        } onCancel: {
            statement.cancel()
        }
    }
}

/// A statement's answer never came: its connection closed first (see `PostgresConnection.answered`).
struct PostgresStatementLost: Error, CustomStringConvertible {
    var description: String { "the connection closed before the statement was answered" }
}

/// The statements waiting on each open connection, so that a connection's close can fail those that will never be
/// answered. One `closeFuture` callback per connection (not one per statement: a connection lives for hours).
final class PostgresStatementWatch: Sendable {
    static let shared = PostgresStatementWatch()
    /// How long after a connection closes its statements may still return by themselves: an answer (or the
    /// handler's own failure) that came before the close is already on its way to the statement's task, which a
    /// busy cooperative pool may take a moment to resume.
    static let grace: TimeAmount = .seconds(2)

    private struct Watched {
        /// Held so that the connection's identity cannot be reused while it is watched.
        let connection: PostgresConnection
        var waiting: [Int: @Sendable () -> Bool] = [:]
        var closed = false
    }

    private let state = Mutex((connections: [ObjectIdentifier: Watched](), nextToken: 0))

    func register<T: Sendable>(_ answer: PendingAnswer<T>, on connection: PostgresConnection) -> Int {
        let key = ObjectIdentifier(connection)
        let fail: @Sendable () -> Bool = { answer.resolve(.failure(PostgresStatementLost())) }
        let (token, isNew, closed) = state.withLock { state -> (Int, Bool, Bool) in
            let token = state.nextToken
            state.nextToken += 1
            let isNew = state.connections[key] == nil
            if isNew { state.connections[key] = Watched(connection: connection) }
            state.connections[key]!.waiting[token] = fail
            return (token, isNew, state.connections[key]!.closed)
        }
        if isNew {
            // Runs at once when the connection has already closed.
            connection.closeFuture.whenComplete { [self] _ in connectionClosed(key, connection) }
        } else if closed {
            connection.eventLoop.scheduleTask(in: Self.grace) { _ = fail() }
        }
        return token
    }

    func unregister(_ token: Int, on connection: PostgresConnection) {
        let key = ObjectIdentifier(connection)
        state.withLock { state in _ = state.connections[key]?.waiting.removeValue(forKey: token) }
    }

    private func connectionClosed(_ key: ObjectIdentifier, _ connection: PostgresConnection) {
        state.withLock { $0.connections[key]?.closed = true }
        connection.eventLoop.scheduleTask(in: Self.grace) { [self] in
            let lost = state.withLock { state in state.connections.removeValue(forKey: key).map { Array($0.waiting.values) } ?? [] }
            for fail in lost { _ = fail() }
        }
    }
}

/// A result that arrives once, from whichever comes first: the statement, or its connection's close.
final class PendingAnswer<T: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<T, any Error>?)
        case resolved(Result<T, any Error>)
        case taken
    }

    private let state = Mutex(State.waiting(nil))

    /// Only the first call counts: whether this was it.
    @discardableResult
    func resolve(_ result: Result<T, any Error>) -> Bool {
        let (first, continuation) = state.withLock { state -> (Bool, CheckedContinuation<T, any Error>?) in
            guard case .waiting(let continuation) = state else { return (false, nil) }
            state = continuation == nil ? .resolved(result) : .taken
            return (true, continuation)
        }
        continuation?.resume(with: result)
        return first
    }

    /// Waits for the result (called once).
    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<T, any Error>? in
                guard case .resolved(let result) = state else {
                    state = .waiting(continuation)
                    return nil
                }
                state = .taken
                return result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
