import BevGenieCore
import Foundation
import Synchronization

/// A responder that streams slowly and records how far it got, to watch cancellation and shutdown from outside.
final class SlowResponder: ResponseGenerator, Sendable {
    let name = "slow"
    let pieces: Int
    let pause: Duration
    private let state = Mutex<(
        emitted: Int, stoppedAt: ContinuousClock.Instant?, cancelledAt: ContinuousClock.Instant?, emittedAtCancel: Int?
    )>((0, nil, nil, nil))

    /// The answer it ends with: "done", or (`answerIsThePieces`) every piece it streamed, as a model's would be.
    let answerIsThePieces: Bool

    init(pieces: Int = 100, pause: Duration = .milliseconds(20), answerIsThePieces: Bool = false) {
        self.pieces = pieces
        self.pause = pause
        self.answerIsThePieces = answerIsThePieces
    }

    var emitted: Int { state.withLock { $0.emitted } }
    var stoppedAt: ContinuousClock.Instant? { state.withLock { $0.stoppedAt } }
    /// When the pipeline's task was cancelled: stamped by the cancelling thread itself, so it measures how fast
    /// cancellation arrives, not how soon a busy machine gets round to running the task afterwards.
    var cancelledAt: ContinuousClock.Instant? { state.withLock { $0.cancelledAt } }
    /// How many pieces it had sent when it was cancelled: what it sends after that is work cancellation did not stop.
    var emittedAtCancel: Int? { state.withLock { $0.emittedAtCancel } }

    func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws -> ResponseOutput {
        try await withTaskCancellationHandler {
            do {
                for index in 0..<pieces {
                    try await Task.sleep(for: pause)
                    try await emit("piece \(index) ")
                    state.withLock { $0.emitted += 1 }
                }
            } catch {
                state.withLock { $0.stoppedAt = ContinuousClock.now }
                throw error
            }
            state.withLock { $0.stoppedAt = ContinuousClock.now }
            let text = answerIsThePieces ? (0..<pieces).map { "piece \($0) " }.joined() : "done"
            return ResponseOutput(text: text, citations: [], tokens: nil)
        } onCancel: {
            state.withLock { state in
                state.cancelledAt = ContinuousClock.now
                state.emittedAtCancel = state.emitted
            }
        }
    }
}

/// A responder stuck in a call that ignores cancellation (as a PostgreSQL statement lost to a closed connection
/// was): it sends one piece, then waits until `release()`, cancelled or not.
final class StuckResponder: ResponseGenerator, Sendable {
    let name = "stuck"
    private let state = Mutex<(stuck: Bool, released: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, false, nil))

    var isStuck: Bool { state.withLock { $0.stuck } }

    func respond(_ context: ResponseContext, emit: @Sendable (String) async throws -> Void) async throws -> ResponseOutput {
        try await emit("stuck ")
        await withCheckedContinuation { continuation in
            let released = state.withLock { state -> Bool in
                state.stuck = true
                if !state.released { state.waiter = continuation }
                return state.released
            }
            if released { continuation.resume() }
        }
        return ResponseOutput(text: "stuck", citations: [], tokens: nil)
    }

    func release() {
        state.withLock { state in
            state.released = true
            defer { state.waiter = nil }
            return state.waiter
        }?.resume()
    }
}

extension Pipeline {
    static func slow(store: SQLiteStore, responder: some ResponseGenerator) -> Pipeline {
        var pipeline = Pipeline.local(store: store)
        pipeline.responder = responder
        return pipeline
    }
}
