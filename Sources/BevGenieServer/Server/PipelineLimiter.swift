import Synchronization

/// Counts running pipelines and refuses new ones beyond the limit, so a flood of requests gets quick 503s
/// instead of every stream slowing to a crawl.
final class PipelineLimiter: Sendable {
    let limit: Int
    private let state = Mutex((running: 0, started: 0))

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot, or returns false when all are taken.
    func tryAcquire() -> Bool {
        state.withLock { state in
            guard state.running < limit else { return false }
            state.running += 1
            state.started += 1
            return true
        }
    }

    func release() {
        state.withLock { $0.running -= 1 }
    }

    var inFlight: Int { state.withLock { $0.running } }
    /// Pipelines started since the server did.
    var started: Int { state.withLock { $0.started } }
}
