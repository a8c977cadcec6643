import BevGenieCore
import Synchronization

/// What one connection following a run has still to write. The run posts without waiting; the connection takes
/// everything that arrived since its last write, so a burst of events becomes one write.
final class RunOutbox: Sendable {
    enum Frame: Sendable {
        case event(StoredRunEvent)
        case heartbeat
    }

    private let state = Mutex<(frames: [Frame], closed: Bool, waiter: CheckedContinuation<Void, Never>?)>(([], false, nil))

    /// Ignored once closed: nothing follows a run's last event, and a connection that left reads nothing more.
    func post(_ frame: Frame) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.closed else { return nil }
            state.frames.append(frame)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// The frames posted so far, waiting for one if there are none; nil once closed and drained.
    func next() async -> [Frame]? {
        while true {
            let taken = state.withLock { state -> (frames: [Frame], done: Bool) in
                let frames = state.frames
                state.frames.removeAll()
                return (frames, frames.isEmpty && state.closed)
            }
            if !taken.frames.isEmpty { return taken.frames }
            if taken.done { return nil }
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if !state.frames.isEmpty || state.closed { return true }
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
