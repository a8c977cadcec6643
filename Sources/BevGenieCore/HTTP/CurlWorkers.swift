import Dispatch
import Foundation
import Synchronization

/// The threads blocking transfers run on: a finished transfer's thread waits a while for the next one instead of
/// exiting, so a request does not pay for creating a thread (and a busy server does not create one per call).
/// Transfers block for as long as a model streams, so every transfer gets a thread of its own: a new one when
/// none is idle, never a wait for a busy one.
final class CurlWorkers: Sendable {
    static let shared = CurlWorkers()
    /// How long an idle thread waits for work before it exits.
    static let idleLifetime: DispatchTimeInterval = .seconds(30)

    /// An idle thread: the job handed to it, and the signal that wakes it.
    private final class Worker: Sendable {
        let wake = DispatchSemaphore(value: 0)
        let job = Mutex<(@Sendable () -> Void)?>(nil)
    }

    private let idle = Mutex<[Worker]>([])

    /// Runs `job` on an idle thread, or a new one.
    func run(name: String, _ job: @escaping @Sendable () -> Void) {
        if let worker = idle.withLock({ $0.popLast() }) {
            worker.job.withLock { $0 = job }
            worker.wake.signal()
            return
        }
        let thread = Thread { [self] in loop(Worker(), first: job) }
        thread.name = name
        thread.start()
    }

    private func loop(_ worker: Worker, first: @escaping @Sendable () -> Void) {
        var job: (@Sendable () -> Void)? = first
        while let current = job {
            current()
            job = nil
            idle.withLock { $0.append(worker) }
            if worker.wake.wait(timeout: .now() + Self.idleLifetime) == .timedOut {
                let stillIdle = idle.withLock { idle -> Bool in
                    guard let index = idle.firstIndex(where: { $0 === worker }) else { return false }
                    idle.remove(at: index)
                    return true
                }
                if stillIdle { return }
                worker.wake.wait()  // taken just as it timed out: its job is on the way
            }
            job = worker.job.withLock { job in defer { job = nil }; return job }
        }
    }
}
