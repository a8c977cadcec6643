import BevGenieCore
import Foundation
import Synchronization

/// A streamed run going on in this process: its events so far (each with its position), the connections
/// following it, and what ends it — its last event, a stop, or the grace period running out after its last
/// client left (disconnect is not stop: docs/EVENTS.md, "Resuming a stream").
final class LiveRun: Sendable {
    let id: String
    let stopFlag = RunStop()
    private let registry: RunRegistry
    private let state = Mutex(State())

    struct State {
        /// Every event kept so far, in order (bounded: see `RunLogLimits`).
        var events: [StoredRunEvent] = []
        var nextSeq = 1
        var bytes = 0
        var truncated = false
        var finished = false
        var subscribers: [Int: RunOutbox] = [:]
        var nextSubscriber = 0
        var task: Task<Void, Never>?
        var grace: Task<Void, Never>?
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        /// Whether the pipeline's task has returned, and who waits for it to (`waitUntilTaskEnds`), by token.
        var taskEnded = false
        var taskEndWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextTaskEndWaiter = 0
        /// The stage running now, for the error a shutdown ends the run with.
        var runningStage: StageID?
    }

    init(id: String, registry: RunRegistry) {
        self.id = id
        self.registry = registry
    }

    var isFinished: Bool { state.withLock { $0.finished } }

    /// Records the event under the next position, hands it to every connection following the run and to the log.
    /// Nothing is recorded after the run's last event.
    func append(_ event: PipelineEvent) {
        let data = event.data.serialized()
        let limits = registry.limits
        let outcome = state.withLock { state -> (event: StoredRunEvent, keep: Bool, newlyTruncated: Bool, outboxes: [RunOutbox])? in
            guard !state.finished else { return nil }
            if case .stage(let stage) = event { state.runningStage = stage.status == .active ? stage.stage : nil }
            let stored = StoredRunEvent(runId: id, seq: state.nextSeq, name: event.name, data: data)
            state.nextSeq += 1
            var keep = true
            var newlyTruncated = false
            if !stored.isTerminal {
                if state.truncated {
                    keep = false
                } else if state.events.count >= limits.maxEvents || state.bytes + data.utf8.count > limits.maxBytes {
                    state.truncated = true
                    newlyTruncated = true
                    keep = false
                }
            }
            if keep {
                state.events.append(stored)
                state.bytes += data.utf8.count
            }
            if stored.isTerminal { state.finished = true }
            return (stored, keep, newlyTruncated, Array(state.subscribers.values))
        }
        guard let outcome else { return }
        for outbox in outcome.outboxes {
            outbox.post(.event(outcome.event))
            if outcome.event.isTerminal { outbox.close() }
        }
        registry.log(outcome.keep ? outcome.event : nil, run: id, truncated: outcome.newlyTruncated,
                     ended: outcome.event.isTerminal ? .finished : nil)
        if outcome.event.isTerminal { finished() }
    }

    /// Starts the pipeline task (once the first connection follows the run, so the grace period cannot start early).
    func start(_ body: @escaping @Sendable (LiveRun) async -> Void) {
        let task = Task(priority: .utility) { [self] in
            await RunStop.$current.withValue(stopFlag) { await body(self) }
            end()
            let waiters = state.withLock { state in
                state.taskEnded = true
                defer { state.taskEndWaiters.removeAll() }
                return Array(state.taskEndWaiters.values)
            }
            for waiter in waiters { waiter.resume() }
        }
        state.withLock { $0.task = task }
    }

    /// What a connection resuming after position `after` needs: the events it missed and an outbox for the
    /// rest (already closed when the run has finished). Nil when the events it missed were not kept (the run's
    /// log reached its bound).
    func subscribe(after: Int) -> (backlog: [StoredRunEvent], outbox: RunOutbox, token: Int)? {
        let outbox = RunOutbox()
        return state.withLock { state in
            let backlog = state.events.filter { $0.seq > after }
            let first = backlog.first?.seq ?? state.nextSeq
            if after + 1 < state.nextSeq, first != after + 1 { return nil }
            let token = state.nextSubscriber
            state.nextSubscriber += 1
            if state.finished {
                outbox.close()
            } else {
                state.subscribers[token] = outbox
                state.grace?.cancel()
                state.grace = nil
            }
            return (backlog, outbox, token)
        }
    }

    /// A connection stopped following the run. When it was the last, the run has the grace period for a client to
    /// come back (on this process or, through the log, another); then it is cancelled.
    func unsubscribe(_ token: Int) {
        let grace = registry.resumeGrace
        state.withLock { state in
            guard state.subscribers.removeValue(forKey: token) != nil, state.subscribers.isEmpty, !state.finished else { return }
            state.grace?.cancel()
            if grace <= .zero {
                state.task?.cancel()  // --resume-grace 0: a client that goes away stops the pipeline at once
                return
            }
            state.grace = Task { [self] in await expireAfterGrace(grace) }
        }
    }

    private func expireAfterGrace(_ grace: Duration) async {
        var wait = grace
        while true {
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return }
            // A client following from another process marks the run watched in the store now and then.
            if let watched = await registry.remoteWatchedAt(id),
               Date().timeIntervalSince1970 - watched < RunRegistry.watchMarkInterval * 3
            {
                wait = .seconds(RunRegistry.watchMarkInterval)
                continue
            }
            break
        }
        let task = state.withLock { state -> Task<Void, Never>? in
            guard state.subscribers.isEmpty, !state.finished else { return nil }
            return state.task
        }
        task?.cancel()
    }

    /// Stops the run at once: it ends with an `error` of code `stopped`.
    func stop() {
        stopFlag.stop()
        state.withLock { $0.task }?.cancel()
    }

    /// The server is shutting down: the run ends with a `shutting_down` error (logged like any last event).
    func shutDown() {
        let stage = state.withLock { $0.runningStage }
        append(.error(ErrorPayload(
            error: "the server is shutting down; try again", stage: stage, code: "shutting_down", category: .busy)))
        state.withLock { $0.task }?.cancel()
    }

    /// Returns once the run has ended.
    func waitUntilFinished() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.finished { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    /// Waits for the pipeline's task itself to return, which is a moment after its last event: the run's trace
    /// span ends and its bookkeeping is done only then. At most `limit`, though: a task stuck in a call that
    /// ignores cancellation (a PostgreSQL statement lost to a closed connection was one) would otherwise hold its
    /// request open, and a shutting-down server waits for every request, so SIGTERM would never finish.
    func waitUntilTaskEnds(atMost limit: Duration = LiveRun.taskEndWait) async {
        guard state.withLock({ $0.task }) != nil else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.taskEnd() }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// How long a request waits for its run's task after the run's last event.
    static let taskEndWait: Duration = .seconds(5)

    /// Returns when the pipeline's task has returned, or at once when the waiting task is cancelled.
    private func taskEnd() async {
        let token = state.withLock { state in
            defer { state.nextTaskEndWaiter += 1 }
            return state.nextTaskEndWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancellation is checked under the lock, so a cancel that ran its handler before this registered
                // is still seen here.
                let now = state.withLock { state -> Bool in
                    if state.taskEnded || Task.isCancelled { return true }
                    state.taskEndWaiters[token] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.taskEndWaiters.removeValue(forKey: token) }?.resume()
        }
    }

    /// The pipeline task returned: a run that ended without its last event (cancelled) ends here.
    private func end() {
        let outboxes = state.withLock { state -> [RunOutbox]? in
            guard !state.finished else { return nil }
            state.finished = true
            return Array(state.subscribers.values)
        }
        guard let outboxes else { return }
        for outbox in outboxes { outbox.close() }
        registry.log(nil, run: id, truncated: false, ended: .cancelled)
        finished()
    }

    private func finished() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.grace?.cancel()
            state.grace = nil
            state.subscribers.removeAll()
            defer { state.finishWaiters.removeAll() }
            return state.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

/// How much of one run the log keeps: beyond either bound, later events are sent but not kept (the last one
/// always is), and a client that missed them cannot resume.
struct RunLogLimits: Sendable {
    var maxEvents = 20_000
    var maxBytes = 8 * 1024 * 1024
}
