import BevGenieCore
import Foundation
import Synchronization

/// The streamed runs of this process, and the writer of their event log.
///
/// Events reach the log in batches: whatever the runs sent within one flush interval goes to the store in one
/// transaction, off the path that serves the stream (which reads the run's events from memory). The same write
/// marks this process's running runs alive and reads back which of them another process asked to stop — so a
/// stop sent to any process sharing the database reaches the run within about one `stopPollInterval`.
final class RunRegistry: Sendable {
    let store: any RunEventStore
    let resumeGrace: Duration
    let limits: RunLogLimits
    /// How often the log is written while events are waiting. Each write is a transaction whose commit also
    /// empties the page cache of every other connection to the file (the store's own, which the pipelines read
    /// the knowledge through): their number, more than the events', is what keeping the log costs. 50 ms (it was
    /// 20) adds at most that to what a follower on another process waits, beside its own 100 ms poll.
    static let flushInterval: Duration = .milliseconds(50)
    /// How often this process marks its runs alive and looks for stop requests from other processes.
    static let stopPollInterval: Duration = .milliseconds(250)
    /// How often a client following a run from another process says so (seconds).
    static let watchMarkInterval = 1.0

    private let state = Mutex(State())

    struct State {
        var runs: [String: LiveRun] = [:]
        var pending = RunEventBatch(now: 0)
        var lastLivePoll = ContinuousClock.now
        var waiter: CheckedContinuation<Void, Never>?
        var writerStarted = false
    }

    /// Whether events are written to the store (off only to measure what the log costs: `bench serve
    /// --event-log-cost`); without it a run can be resumed only on this process while it is going on.
    let persists: Bool

    init(store: any RunEventStore, resumeGrace: Duration, persists: Bool = true, limits: RunLogLimits = RunLogLimits()) {
        self.store = store
        self.resumeGrace = resumeGrace
        self.persists = persists
        self.limits = limits
    }

    /// A new run under `id`, known to this process at once and to the log from its first flush.
    func begin(id: String) -> LiveRun {
        let run = LiveRun(id: id, registry: self)
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.runs[id] = run
            guard persists else { return nil }
            state.pending.started.append(.init(runId: id, startedAt: Date().timeIntervalSince1970))
            return wake(&state)
        }
        waiter?.resume()
        return run
    }

    /// The run when it is going on in this process (or has ended and its log is not written yet).
    func live(_ id: String) -> LiveRun? { state.withLock { $0.runs[id] } }

    /// Queues an event (nil: only the flags) for the next write of the log.
    func log(_ event: StoredRunEvent?, run: String, truncated: Bool, ended: RunStreamState?) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard persists else {
                if ended != nil { state.runs[run] = nil }
                return nil
            }
            if let event { state.pending.events.append(event) }
            if truncated { state.pending.truncated.append(run) }
            if let ended { state.pending.ended.append((run, ended)) }
            return wake(&state)
        }
        waiter?.resume()
    }

    /// When a client following `id` from another process last said so.
    func remoteWatchedAt(_ id: String) async -> Double? {
        try? await store.runEvents(runId: id, after: Int.max - 1, limit: 0)?.watchedAt
    }

    /// Starts the writer on first use; it lives as long as the process.
    private func wake(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        if !state.writerStarted {
            state.writerStarted = true
            Task { [self] in await writeLoop() }
        }
        defer { state.waiter = nil }
        return state.waiter
    }

    private func writeLoop() async {
        while true {
            try? await Task.sleep(for: Self.flushInterval)
            let (batch, idle) = state.withLock { state -> (RunEventBatch, Bool) in
                var batch = state.pending
                state.pending = RunEventBatch(now: 0)
                batch.now = Date().timeIntervalSince1970
                if ContinuousClock.now - state.lastLivePoll >= Self.stopPollInterval {
                    state.lastLivePoll = ContinuousClock.now
                    let ended = Set(batch.ended.map(\.runId))
                    batch.live = state.runs.compactMap { id, run in ended.contains(id) || run.isFinished ? nil : id }
                }
                return (batch, batch.isEmpty && state.runs.isEmpty)
            }
            if idle {
                // Nothing to write and nothing running: sleep until a run begins or logs something.
                await withCheckedContinuation { continuation in
                    let now = state.withLock { state -> Bool in
                        if !state.pending.isEmpty || !state.runs.isEmpty { return true }
                        state.waiter = continuation
                        return false
                    }
                    if now { continuation.resume() }
                }
                continue
            }
            guard !batch.isEmpty else { continue }
            do {
                let stops = try await store.appendRunEvents(batch)
                for id in stops { live(id)?.stop() }
                // Written: a run that ended is read from the log from now on.
                let ended = batch.ended.map(\.runId)
                if !ended.isEmpty { state.withLock { state in for id in ended { state.runs[id] = nil } } }
            } catch {
                // The database was busy or failing: keep the batch for the next write, ahead of what came since.
                state.withLock { state in
                    var merged = batch
                    merged.started += state.pending.started
                    merged.events += state.pending.events
                    merged.ended += state.pending.ended
                    merged.truncated += state.pending.truncated
                    merged.live = []
                    state.pending = merged
                }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
