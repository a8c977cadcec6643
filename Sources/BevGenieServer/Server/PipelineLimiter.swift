import Synchronization

/// Counts running pipelines and refuses new ones beyond the limit, so a flood of requests gets quick 503s
/// instead of every stream slowing to a crawl.
final class PipelineLimiter: Sendable {
    let limit: Int
    private let running = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Takes a slot, or returns false when all are taken.
    func tryAcquire() -> Bool {
        running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    func release() {
        running.withLock { $0 -= 1 }
    }

    var inFlight: Int { running.withLock { $0 } }
}
